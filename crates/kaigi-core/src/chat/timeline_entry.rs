//! What the UI shows for each timeline item.

use matrix_sdk_ui::timeline::{
    EventSendState, EventTimelineItem, TimelineDetails, TimelineItem, TimelineItemKind,
    VirtualTimelineItem,
};
use serde::Serialize;

/// One row of a room's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum TimelineEntry {
    Message(MessageEntry),
    /// A message that could not be decrypted (yet); decryption is retried.
    Undecryptable(EventEntry),
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
    pub id: String,
    pub sender: String,
    pub sender_name: Option<String>,
    pub timestamp: f64,
    pub body: String,
    pub is_own: bool,
    pub is_edited: bool,
    pub send_state: SendState,
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

impl TimelineEntry {
    pub fn of(item: &TimelineItem) -> Self {
        let id = item.unique_id().0.clone();
        match item.kind() {
            TimelineItemKind::Event(event) => Self::of_event(id, event),
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

    fn of_event(id: String, event: &EventTimelineItem) -> Self {
        let sender_name = match event.sender_profile() {
            TimelineDetails::Ready(profile) => profile.display_name.clone(),
            _ => None,
        };
        let base = EventEntry {
            id,
            sender: event.sender().to_string(),
            sender_name,
            timestamp: f64::from(event.timestamp().0),
        };
        let content = event.content();
        if content.is_unable_to_decrypt() {
            return Self::Undecryptable(base);
        }
        let Some(message) = content.as_message() else {
            return Self::Other(base);
        };
        let send_state = match event.send_state() {
            Some(EventSendState::NotSentYet { .. }) => SendState::Sending,
            Some(EventSendState::SendingFailed { .. }) => SendState::Failed,
            Some(EventSendState::Sent { .. }) | None => SendState::Sent,
        };
        Self::Message(MessageEntry {
            id: base.id,
            sender: base.sender,
            sender_name: base.sender_name,
            timestamp: base.timestamp,
            body: message.body().to_owned(),
            is_own: event.is_own(),
            is_edited: message.is_edited(),
            send_state,
        })
    }
}
