//! The room list, from matrix-sdk-ui's `RoomListService` (sliding sync).

use matrix_sdk::{Room, RoomState};
use matrix_sdk_ui::room_list_service::RoomListItem;
use matrix_sdk_ui::room_list_service::filters::{new_filter_all, new_filter_non_left};
use serde::Serialize;

use super::{ChatError, ListDiff, diff};
use crate::TaskHandle;
use crate::session::Session;

/// One room as the room list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RoomSummary {
    pub id: String,
    /// The display name; plain text, never HTML.
    pub name: String,
    /// The topic; plain text, never HTML.
    pub topic: Option<String>,
    pub is_space: bool,
    /// I am invited and have not answered yet.
    pub is_invite: bool,
    pub is_direct: bool,
    pub is_encrypted: bool,
    pub unread: u32,
    pub mentions: u32,
}

impl RoomSummary {
    pub fn of(room: &Room) -> Self {
        let count = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
        Self {
            id: room.room_id().to_string(),
            name: room
                .cached_display_name()
                .map(|n| n.to_string())
                .unwrap_or_else(|| room.room_id().to_string()),
            topic: room.topic().filter(|t| !t.trim().is_empty()),
            is_space: room.is_space(),
            is_invite: room.state() == RoomState::Invited,
            is_direct: room.direct_targets_length() > 0,
            is_encrypted: room.encryption_state().is_encrypted(),
            unread: count(room.num_unread_messages()),
            mentions: count(room.num_unread_mentions()),
        }
    }
}

/// Streams the list of rooms I am in or invited to, most recent first. The
/// stream stops when this is dropped.
pub struct RoomListSubscription {
    _task: TaskHandle,
}

/// How many rooms the list holds at most.
const PAGE_SIZE: usize = 1000;

impl RoomListSubscription {
    pub async fn start(
        session: &Session,
        on_diffs: impl Fn(Vec<ListDiff<RoomSummary>>) + Send + 'static,
    ) -> Result<Self, ChatError> {
        let rooms = session
            .sync_service()
            .room_list_service()
            .all_rooms()
            .await?;
        let task = TaskHandle::spawn(async move {
            let (stream, controller) = rooms.entries_with_dynamic_adapters(PAGE_SIZE);
            // Status rooms hold the status board's state, not conversations.
            controller.set_filter(Box::new(new_filter_all(vec![
                Box::new(new_filter_non_left()),
                Box::new(|room: &RoomListItem| !crate::status::room::is_status_room(room)),
            ])));
            diff::forward(stream, |item| RoomSummary::of(item), on_diffs).await;
        });
        Ok(Self { _task: task })
    }
}
