//! An open room: its live timeline, streamed to the UI, and sending into it.

use std::sync::Arc;

use matrix_sdk::ruma::RoomId;
use matrix_sdk::ruma::api::client::receipt::create_receipt::v3::ReceiptType;
use matrix_sdk::ruma::events::room::message::RoomMessageEventContent;
use matrix_sdk_ui::Timeline;
use matrix_sdk_ui::timeline::RoomExt;

use super::{ChatError, ListDiff, TimelineEntry, diff};
use crate::TaskHandle;
use crate::session::Session;

/// How many events to load at first when a room opens with a short history.
const INITIAL_BACKFILL: u16 = 30;

/// A room the user has open. Dropping it stops its timeline stream.
pub struct OpenRoom {
    timeline: Arc<Timeline>,
    _task: TaskHandle,
}

impl OpenRoom {
    pub async fn open(
        session: &Session,
        room_id: &str,
        on_diffs: impl Fn(Vec<ListDiff<TimelineEntry>>) + Send + 'static,
    ) -> Result<Self, ChatError> {
        let room_id =
            RoomId::parse(room_id).map_err(|_| ChatError::UnknownRoom(room_id.to_owned()))?;
        let room = session
            .client()
            .get_room(&room_id)
            .ok_or_else(|| ChatError::UnknownRoom(room_id.to_string()))?;
        let timeline = Arc::new(room.timeline().await?);
        let (items, stream) = timeline.subscribe().await;
        on_diffs(vec![ListDiff::Reset {
            values: items.iter().map(|i| TimelineEntry::of(i)).collect(),
        }]);
        let backfill = (items.len() < usize::from(INITIAL_BACKFILL)).then(|| timeline.clone());
        let task = TaskHandle::spawn(async move {
            let initial_backfill = async {
                if let Some(timeline) = backfill
                    && let Err(e) = timeline.paginate_backwards(INITIAL_BACKFILL).await
                {
                    tracing::warn!(error = %e, "initial back-pagination failed");
                }
            };
            let updates = diff::forward(stream, |item| TimelineEntry::of(item), on_diffs);
            tokio::join!(initial_backfill, updates);
        });
        Ok(Self {
            timeline,
            _task: task,
        })
    }

    /// Sends a text message, formatted from Markdown. It appears at once as a
    /// local echo and goes through the send queue, which retries while offline.
    pub async fn send_text(&self, body: &str) -> Result<(), ChatError> {
        let body = body.trim();
        if body.is_empty() {
            return Err(ChatError::EmptyMessage);
        }
        self.timeline
            .send(RoomMessageEventContent::text_markdown(body).into())
            .await?;
        Ok(())
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
}
