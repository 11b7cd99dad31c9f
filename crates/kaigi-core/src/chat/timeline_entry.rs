//! What the UI shows for each timeline item.
//!
//! Everything here is data, never markup, except [`MessageEntry::html`], which
//! is the sender's `formatted_body` after [`super::safe_html::sanitize`].

use matrix_sdk::ruma::UserId;
use matrix_sdk::ruma::events::room::message::{FormattedBody, MessageFormat, MessageType};
use matrix_sdk_ui::timeline::{
    EventSendState, EventTimelineItem, MsgLikeContent, MsgLikeKind, ReactionStatus,
    TimelineDetails, TimelineEventItemId, TimelineItem, TimelineItemContent, TimelineItemKind,
    VirtualTimelineItem,
};
use serde::Serialize;

use super::safe_html;

/// One row of a room's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum TimelineEntry {
    Message(Box<MessageEntry>),
    /// A message that could not be decrypted (yet); decryption is retried.
    Undecryptable(EventEntry),
    /// A message its sender or a moderator removed.
    Redacted(EventEntry),
    /// A state change or other event the UI summarises or hides.
    Other(EventEntry),
    DayDivider(VirtualEntry),
    ReadMarker(VirtualEntry),
    TimelineStart(VirtualEntry),
}

/// A message event. `body` is the plain-text body; it is never HTML.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MessageEntry {
    /// Stable key of the row in the list.
    pub id: String,
    /// What actions (reply, react, edit, delete, retry) name: [`item_ref`].
    pub item: String,
    pub event_id: Option<String>,
    pub sender: String,
    pub sender_name: Option<String>,
    /// The sender's avatar (`mxc://`), when they set one.
    pub sender_avatar: Option<String>,
    pub timestamp: f64,
    pub msgtype: MessageKind,
    pub body: String,
    /// The sanitised `formatted_body`, when the sender sent HTML.
    pub html: Option<String>,
    /// For files, images, audio and video.
    pub file: Option<FileInfo>,
    pub is_own: bool,
    pub is_edited: bool,
    pub can_edit: bool,
    pub can_reply: bool,
    /// The message mentions me (or @room).
    pub mentions_me: bool,
    pub send_state: SendState,
    /// How much of a file being sent has been uploaded, from 0 to 1.
    pub upload_progress: Option<f64>,
    pub reply_to: Option<ReplyPreview>,
    pub reactions: Vec<ReactionCount>,
    /// The thread this message belongs to, when it is a reply in a thread.
    pub thread_root: Option<String>,
    /// Replies in the thread this message starts.
    pub thread_replies: u32,
    /// The others (not me, not the sender) whose read receipt is on this
    /// message: the latest message each of them has read.
    pub read_by: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum MessageKind {
    Text,
    Notice,
    Emote,
    Image,
    File,
    Audio,
    Video,
    Other,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FileInfo {
    /// The file name as sent, without paths, control or direction-override
    /// characters; plain text, shown as text only (saving uses
    /// [`super::safe_file_name`]).
    pub name: String,
    pub mimetype: Option<String>,
    pub size: Option<f64>,
    /// An image's size in pixels, when the sender gave it.
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// The message a reply answers, as far as it is known.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReplyPreview {
    pub event_id: String,
    pub sender: Option<String>,
    pub sender_name: Option<String>,
    pub body: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReactionCount {
    pub key: String,
    pub count: u32,
    /// I reacted with this key.
    pub mine: bool,
    /// My reaction is still on its way.
    pub pending: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EventEntry {
    pub id: String,
    pub sender: String,
    pub sender_name: Option<String>,
    pub timestamp: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VirtualEntry {
    pub id: String,
    /// For day dividers: a time on that day, in ms since the epoch.
    pub timestamp: Option<f64>,
}

/// Where one of my messages is on its way to the homeserver.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum SendState {
    Sending,
    Sent,
    Failed,
}

/// The text form of a timeline item's identity: its event id (`$…`), or
/// `txn:<transaction id>` for a local echo not yet sent.
pub fn item_ref(id: &TimelineEventItemId) -> String {
    match id {
        TimelineEventItemId::EventId(e) => e.to_string(),
        TimelineEventItemId::TransactionId(t) => format!("txn:{t}"),
    }
}

/// Parses what [`item_ref`] wrote.
pub fn parse_item_ref(text: &str) -> Option<TimelineEventItemId> {
    if let Some(txn) = text.strip_prefix("txn:") {
        return Some(TimelineEventItemId::TransactionId(txn.into()));
    }
    matrix_sdk::ruma::OwnedEventId::try_from(text)
        .ok()
        .map(TimelineEventItemId::EventId)
}

impl TimelineEntry {
    /// The entry for `item`, as `me` sees it.
    pub fn of(item: &TimelineItem, me: &UserId) -> Self {
        let id = item.unique_id().0.clone();
        match item.kind() {
            TimelineItemKind::Event(event) => Self::of_event(id, event, me),
            TimelineItemKind::Virtual(VirtualTimelineItem::DateDivider(ts)) => {
                Self::DayDivider(VirtualEntry {
                    id,
                    timestamp: Some(f64::from(ts.0)),
                })
            }
            TimelineItemKind::Virtual(VirtualTimelineItem::ReadMarker) => {
                Self::ReadMarker(VirtualEntry {
                    id,
                    timestamp: None,
                })
            }
            TimelineItemKind::Virtual(_) => Self::TimelineStart(VirtualEntry {
                id,
                timestamp: None,
            }),
        }
    }

    fn of_event(id: String, event: &EventTimelineItem, me: &UserId) -> Self {
        let base = EventEntry {
            id,
            sender: event.sender().to_string(),
            sender_name: display_name(event.sender_profile()),
            timestamp: f64::from(event.timestamp().0),
        };
        let content = event.content();
        if content.is_unable_to_decrypt() {
            return Self::Undecryptable(base);
        }
        if content.is_redacted() {
            return Self::Redacted(base);
        }
        let (Some(like), Some(message)) = (content.as_msglike(), content.as_message()) else {
            return Self::Other(base);
        };
        #[allow(clippy::cast_precision_loss)]
        let upload_progress = match event.send_state() {
            Some(EventSendState::NotSentYet {
                progress: Some(p), ..
            }) if p.progress.total > 0 => Some(p.progress.current as f64 / p.progress.total as f64),
            _ => None,
        };
        let send_state = match event.send_state() {
            Some(EventSendState::NotSentYet { .. }) => SendState::Sending,
            Some(EventSendState::SendingFailed { .. }) => SendState::Failed,
            Some(EventSendState::Sent { .. }) | None => SendState::Sent,
        };
        let (msgtype, formatted, file) = describe(message.msgtype());
        Self::Message(Box::new(MessageEntry {
            id: base.id,
            item: item_ref(&event.identifier()),
            event_id: event.event_id().map(ToString::to_string),
            sender: base.sender,
            sender_name: base.sender_name,
            sender_avatar: avatar_url(event.sender_profile()),
            timestamp: base.timestamp,
            msgtype,
            body: file
                .as_ref()
                .map_or_else(|| message.body().to_owned(), |_| caption(message.msgtype())),
            html: formatted.and_then(html),
            file,
            is_own: event.is_own(),
            is_edited: message.is_edited(),
            can_edit: event.is_editable(),
            can_reply: event.can_be_replied_to(),
            mentions_me: event.is_highlighted(),
            send_state,
            upload_progress,
            reply_to: reply_preview(like),
            reactions: reactions(like, me),
            thread_root: like.thread_root.as_ref().map(ToString::to_string),
            thread_replies: like.thread_summary.as_ref().map_or(0, |s| s.num_replies),
            read_by: event
                .read_receipts()
                .keys()
                .filter(|user| *user != me && *user != event.sender())
                .map(ToString::to_string)
                .collect(),
        }))
    }
}

fn display_name(profile: &TimelineDetails<matrix_sdk_ui::timeline::Profile>) -> Option<String> {
    match profile {
        TimelineDetails::Ready(profile) => profile.display_name.clone(),
        _ => None,
    }
}

fn avatar_url(profile: &TimelineDetails<matrix_sdk_ui::timeline::Profile>) -> Option<String> {
    match profile {
        TimelineDetails::Ready(profile) => profile.avatar_url.as_ref().map(ToString::to_string),
        _ => None,
    }
}

fn html(formatted: &FormattedBody) -> Option<String> {
    (formatted.format == MessageFormat::Html).then(|| safe_html::sanitize(&formatted.body))
}

/// The kind, formatted body and file details of a message.
fn describe(msgtype: &MessageType) -> (MessageKind, Option<&FormattedBody>, Option<FileInfo>) {
    let file = |name: &str, mimetype: Option<&String>, size: Option<u64>| {
        Some(FileInfo {
            name: super::attachments::display_file_name(name),
            mimetype: mimetype.cloned(),
            #[allow(clippy::cast_precision_loss)]
            size: size.map(|s| s as f64),
            width: None,
            height: None,
        })
    };
    let px = |v: Option<matrix_sdk::ruma::UInt>| v.and_then(|v| u32::try_from(u64::from(v)).ok());
    let size = |s: Option<matrix_sdk::ruma::UInt>| s.map(u64::from);
    match msgtype {
        MessageType::Text(t) => (MessageKind::Text, t.formatted.as_ref(), None),
        MessageType::Notice(n) => (MessageKind::Notice, n.formatted.as_ref(), None),
        MessageType::Emote(e) => (MessageKind::Emote, e.formatted.as_ref(), None),
        MessageType::Image(i) => {
            let info = i.info.as_deref();
            let mut image = file(
                i.filename(),
                info.and_then(|i| i.mimetype.as_ref()),
                size(info.and_then(|i| i.size)),
            );
            if let Some(image) = image.as_mut() {
                image.width = px(info.and_then(|i| i.width));
                image.height = px(info.and_then(|i| i.height));
            }
            (MessageKind::Image, i.formatted_caption(), image)
        }
        MessageType::File(f) => {
            let info = f.info.as_deref();
            (
                MessageKind::File,
                f.formatted_caption(),
                file(
                    f.filename(),
                    info.and_then(|i| i.mimetype.as_ref()),
                    size(info.and_then(|i| i.size)),
                ),
            )
        }
        MessageType::Audio(a) => {
            let info = a.info.as_deref();
            (
                MessageKind::Audio,
                a.formatted_caption(),
                file(
                    a.filename(),
                    info.and_then(|i| i.mimetype.as_ref()),
                    size(info.and_then(|i| i.size)),
                ),
            )
        }
        MessageType::Video(v) => {
            let info = v.info.as_deref();
            (
                MessageKind::Video,
                v.formatted_caption(),
                file(
                    v.filename(),
                    info.and_then(|i| i.mimetype.as_ref()),
                    size(info.and_then(|i| i.size)),
                ),
            )
        }
        _ => (MessageKind::Other, None, None),
    }
}

/// A media message's caption, or nothing when the body is just the file name.
fn caption(msgtype: &MessageType) -> String {
    let caption = match msgtype {
        MessageType::Image(i) => i.caption(),
        MessageType::File(f) => f.caption(),
        MessageType::Audio(a) => a.caption(),
        MessageType::Video(v) => v.caption(),
        _ => None,
    };
    caption.unwrap_or_default().to_owned()
}

fn reply_preview(like: &MsgLikeContent) -> Option<ReplyPreview> {
    let reply = like.in_reply_to.as_ref()?;
    let mut preview = ReplyPreview {
        event_id: reply.event_id.to_string(),
        sender: None,
        sender_name: None,
        body: None,
    };
    if let TimelineDetails::Ready(event) = &reply.event {
        preview.sender = Some(event.sender.to_string());
        preview.sender_name = display_name(&event.sender_profile);
        preview.body = match &event.content {
            TimelineItemContent::MsgLike(MsgLikeContent {
                kind: MsgLikeKind::Message(m),
                ..
            }) => Some(m.body().to_owned()),
            _ => None,
        };
    }
    Some(preview)
}

fn reactions(like: &MsgLikeContent, me: &UserId) -> Vec<ReactionCount> {
    like.reactions
        .iter()
        .map(|(key, senders)| {
            let mine = senders.get(me);
            ReactionCount {
                key: key.clone(),
                count: u32::try_from(senders.len()).unwrap_or(u32::MAX),
                mine: mine.is_some(),
                pending: mine
                    .is_some_and(|info| !matches!(info.status, ReactionStatus::RemoteToRemote(_))),
            }
        })
        .collect()
}
