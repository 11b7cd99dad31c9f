//! An open room (or one thread of it): its timeline, streamed to the UI, and
//! everything the user does in it — send, reply, react, edit, delete, retry.

use std::sync::Arc;

use matrix_sdk::room::edit::EditedContent;
use matrix_sdk::ruma::api::client::receipt::create_receipt::v3::ReceiptType;
use matrix_sdk::ruma::events::room::message::{
    RoomMessageEventContent, RoomMessageEventContentWithoutRelation,
};
use matrix_sdk::ruma::{OwnedEventId, OwnedUserId, RoomId};
use matrix_sdk_ui::Timeline;
use matrix_sdk_ui::timeline::{
    EventTimelineItem, RoomExt, TimelineFocus, TimelineReadReceiptTracking,
};

use super::timeline_entry::parse_item_ref;
use super::{ChatError, ListDiff, TimelineEntry, diff};
use crate::TaskHandle;
use crate::session::Session;

/// How many events to load at first when a room opens with a short history.
const INITIAL_BACKFILL: u16 = 30;

/// Which part of a room a timeline shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Focus {
    /// The live room; thread replies are left to their threads.
    Live,
    /// One thread, from its root.
    Thread(OwnedEventId),
    /// The messages around one event (a search hit), with a way back to live.
    Event(OwnedEventId),
}

impl Focus {
    pub fn thread(root: &str) -> Result<Self, ChatError> {
        Ok(Self::Thread(event_id(root)?))
    }

    pub fn event(target: &str) -> Result<Self, ChatError> {
        Ok(Self::Event(event_id(target)?))
    }
}

fn event_id(id: &str) -> Result<OwnedEventId, ChatError> {
    OwnedEventId::try_from(id).map_err(|_| ChatError::UnknownItem(id.to_owned()))
}

/// A room the user has open. Dropping it stops its timeline stream.
pub struct OpenRoom {
    timeline: Arc<Timeline>,
    _task: TaskHandle,
    _synced: crate::session::RoomInterest,
}

impl OpenRoom {
    /// Opens the live timeline of `room_id`.
    pub async fn open(
        session: &Session,
        room_id: &str,
        on_diffs: impl Fn(Vec<ListDiff<TimelineEntry>>) + Send + 'static,
    ) -> Result<Self, ChatError> {
        Self::open_focused(session, room_id, Focus::Live, on_diffs).await
    }

    pub async fn open_focused(
        session: &Session,
        room_id: &str,
        focus: Focus,
        on_diffs: impl Fn(Vec<ListDiff<TimelineEntry>>) + Send + 'static,
    ) -> Result<Self, ChatError> {
        let room_id =
            RoomId::parse(room_id).map_err(|_| ChatError::UnknownRoom(room_id.to_owned()))?;
        let room = session
            .client()
            .get_room(&room_id)
            .ok_or_else(|| ChatError::UnknownRoom(room_id.to_string()))?;
        // Sliding sync loads members lazily and device lists can lag behind:
        // load every member and fetch the devices of those we know none of,
        // so what I send is encrypted for all of them.
        tokio::spawn(track_members(room.clone()));
        let live = focus == Focus::Live;
        let focus = match focus {
            Focus::Live => TimelineFocus::Live {
                hide_threaded_events: true,
            },
            Focus::Thread(root_event_id) => TimelineFocus::Thread { root_event_id },
            Focus::Event(target) => TimelineFocus::Event {
                target,
                num_context_events: 20,
                thread_mode: matrix_sdk_ui::timeline::TimelineEventFocusThreadMode::Automatic {
                    hide_threaded_events: true,
                },
            },
        };
        // The timeline builder subscribes to the room's events, asks whether
        // the room is encrypted, and only then reads the events it starts
        // from: events a sync brings in between reach it twice, as duplicate
        // items. So nothing of ours may bring them then: a room just joined
        // may not know yet whether it is encrypted, and asking the homeserver
        // would hold that window open for a whole request, so ask first; and
        // the room's subscription, whose first answer carries its latest
        // events, starts once the timeline is built.
        if let Err(e) = room.request_encryption_state().await {
            tracing::warn!(error = %e, "cannot learn whether the room is encrypted");
        }
        let timeline = Arc::new(
            room.timeline_builder()
                .with_focus(focus)
                .track_read_marker_and_receipts(TimelineReadReceiptTracking::MessageLikeEvents)
                .build()
                .await?,
        );
        let synced = session.keep_synced(&room_id).await;
        let me: OwnedUserId = session.user_id().to_owned();
        let (items, stream) = timeline.subscribe().await;
        on_diffs(vec![ListDiff::Reset {
            values: items.iter().map(|i| TimelineEntry::of(i, &me)).collect(),
        }]);
        let backfill =
            (live && items.len() < usize::from(INITIAL_BACKFILL)).then(|| timeline.clone());
        let task = TaskHandle::spawn(async move {
            let initial_backfill = async {
                if let Some(timeline) = backfill
                    && let Err(e) = timeline.paginate_backwards(INITIAL_BACKFILL).await
                {
                    tracing::warn!(error = %e, "initial back-pagination failed");
                }
            };
            let updates = diff::forward(stream, |item| TimelineEntry::of(item, &me), on_diffs);
            tokio::join!(initial_backfill, updates);
        });
        Ok(Self {
            timeline,
            _task: task,
            _synced: synced,
        })
    }

    /// Sends a text message, formatted from Markdown. It appears at once as a
    /// local echo and goes through the send queue, which retries while offline.
    /// In a thread's timeline it is sent as a reply in that thread.
    pub async fn send_text(&self, body: &str) -> Result<(), ChatError> {
        let body = non_empty(body)?;
        let content =
            RoomMessageEventContent::text_markdown(body).add_mentions(super::mentions::of(body));
        self.timeline.send(content.into()).await?;
        Ok(())
    }

    /// Replies to the message `to` (an event id).
    pub async fn reply(&self, to: &str, body: &str) -> Result<(), ChatError> {
        let body = non_empty(body)?;
        let to = event_id(to)?;
        self.timeline
            .send_reply(
                RoomMessageEventContentWithoutRelation::text_markdown(body)
                    .add_mentions(super::mentions::of(body)),
                to,
            )
            .await?;
        Ok(())
    }

    /// Adds my reaction `key` to the item, or takes it back if it is there.
    /// Returns whether the reaction is now on.
    pub async fn toggle_reaction(&self, item: &str, key: &str) -> Result<bool, ChatError> {
        let key = key.trim();
        if key.is_empty() || key.chars().count() > 64 {
            return Err(ChatError::InvalidReaction);
        }
        let id = parse_item_ref(item).ok_or_else(|| ChatError::UnknownItem(item.to_owned()))?;
        Ok(self.timeline.toggle_reaction(&id, key).await?)
    }

    /// Replaces the text of one of my messages.
    pub async fn edit(&self, item: &str, body: &str) -> Result<(), ChatError> {
        let body = non_empty(body)?;
        let id = parse_item_ref(item).ok_or_else(|| ChatError::UnknownItem(item.to_owned()))?;
        self.timeline
            .edit(
                &id,
                EditedContent::RoomMessage(RoomMessageEventContentWithoutRelation::text_markdown(
                    body,
                )),
            )
            .await?;
        Ok(())
    }

    /// Deletes (redacts) a message; a local echo not yet sent is just dropped.
    pub async fn redact(&self, item: &str, reason: Option<&str>) -> Result<(), ChatError> {
        let id = parse_item_ref(item).ok_or_else(|| ChatError::UnknownItem(item.to_owned()))?;
        self.timeline.redact(&id, reason).await?;
        Ok(())
    }

    /// Sends a message that failed again (after the server or network came back).
    pub async fn retry(&self, item: &str) -> Result<(), ChatError> {
        self.send_handle(item)
            .await?
            .unwedge()
            .await
            .map_err(|e| ChatError::SendQueue(e.to_string()))
    }

    /// Gives up on a message that has not been sent yet.
    pub async fn cancel(&self, item: &str) -> Result<(), ChatError> {
        self.send_handle(item)
            .await?
            .abort()
            .await
            .map(drop)
            .map_err(|e| ChatError::SendQueue(e.to_string()))
    }

    /// The send-queue handle of a local echo.
    async fn send_handle(
        &self,
        item: &str,
    ) -> Result<matrix_sdk::send_queue::SendHandle, ChatError> {
        self.event_item(item)
            .await?
            .local_echo_send_handle()
            .ok_or_else(|| ChatError::UnknownItem(item.to_owned()))
    }

    /// The event item `item` names, as the timeline holds it now.
    pub(super) async fn event_item(&self, item: &str) -> Result<EventTimelineItem, ChatError> {
        let id = parse_item_ref(item).ok_or_else(|| ChatError::UnknownItem(item.to_owned()))?;
        self.timeline
            .items()
            .await
            .iter()
            .filter_map(|i| i.as_event())
            .find(|e| e.identifier() == id)
            .cloned()
            .ok_or_else(|| ChatError::UnknownItem(item.to_owned()))
    }

    /// Marks everything up to the latest message as read (a public read
    /// receipt), which clears the room's unread count on every device.
    pub async fn mark_read(&self) -> Result<(), ChatError> {
        self.timeline.mark_as_read(ReceiptType::Read).await?;
        Ok(())
    }

    /// Loads `count` older events; `Ok(true)` when the start of the room is reached.
    pub async fn load_older(&self, count: u16) -> Result<bool, ChatError> {
        Ok(self.timeline.paginate_backwards(count).await?)
    }

    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }
}

/// Members whose devices are fetched at once when a room opens; larger rooms
/// rely on the homeserver's device-list updates.
const EAGER_DEVICE_QUERIES: usize = 100;

async fn track_members(room: matrix_sdk::Room) {
    if let Err(e) = room.sync_members().await {
        tracing::warn!(error = %e, "cannot load the room's members");
        return;
    }
    let Ok(members) = room
        .members_no_sync(matrix_sdk::RoomMemberships::ACTIVE)
        .await
    else {
        return;
    };
    let client = room.client();
    for member in members.iter().take(EAGER_DEVICE_QUERIES) {
        crate::session::fetch_if_unknown(&client, member.user_id()).await;
    }
}

fn non_empty(body: &str) -> Result<&str, ChatError> {
    let body = body.trim();
    if body.is_empty() {
        Err(ChatError::EmptyMessage)
    } else {
        Ok(body)
    }
}
