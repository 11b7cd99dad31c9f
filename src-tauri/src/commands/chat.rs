use std::sync::Arc;

use kaigi_core::chat::{ListDiff, OpenRoom, RoomListSubscription, RoomSummary, TimelineEntry};
use tauri::State;
use tauri::ipc::Channel;

use crate::error::{IpcError, IpcResult, core};
use crate::state::AppState;

fn forward<T: serde::Serialize + Clone>(
    channel: Channel<Vec<ListDiff<T>>>,
) -> impl Fn(Vec<ListDiff<T>>) {
    move |diffs| {
        if let Err(e) = channel.send(diffs) {
            tracing::warn!(error = %e, "the window stopped listening");
        }
    }
}

/// Streams the room list: a reset, then batches of changes.
#[tauri::command]
#[specta::specta]
pub async fn watch_rooms(
    state: State<'_, AppState>,
    on_change: Channel<Vec<ListDiff<RoomSummary>>>,
) -> IpcResult<()> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    let subscription = RoomListSubscription::start(&session, forward(on_change))
        .await
        .map_err(core)?;
    state.live().room_list = Some(subscription);
    Ok(())
}

/// Opens a room's timeline and streams it: a reset, then batches of changes.
#[tauri::command]
#[specta::specta]
pub async fn open_room(
    state: State<'_, AppState>,
    room_id: String,
    on_change: Channel<Vec<ListDiff<TimelineEntry>>>,
) -> IpcResult<()> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    let room = OpenRoom::open(&session, &room_id, forward(on_change))
        .await
        .map_err(core)?;
    state.live().rooms.insert(room_id, Arc::new(room));
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub fn close_room(state: State<'_, AppState>, room_id: String) {
    state.live().rooms.remove(&room_id);
}

/// Sends a Markdown text message to an open room.
#[tauri::command]
#[specta::specta]
pub async fn send_message(
    state: State<'_, AppState>,
    room_id: String,
    body: String,
) -> IpcResult<()> {
    open(&state, &room_id)?.send_text(&body).await.map_err(core)
}

/// Marks an open room as read up to its latest message.
#[tauri::command]
#[specta::specta]
pub async fn mark_room_read(state: State<'_, AppState>, room_id: String) -> IpcResult<()> {
    open(&state, &room_id)?.mark_read().await.map_err(core)
}

/// Loads older messages; `true` when the start of the room is reached.
#[tauri::command]
#[specta::specta]
pub async fn load_older(state: State<'_, AppState>, room_id: String) -> IpcResult<bool> {
    open(&state, &room_id)?.load_older(40).await.map_err(core)
}

fn open(state: &AppState, room_id: &str) -> IpcResult<Arc<OpenRoom>> {
    state.live().rooms.get(room_id).cloned().ok_or_else(|| {
        IpcError::new(
            kaigi_core::ErrorCode::NotFound,
            format!("room {room_id} is not open"),
        )
    })
}
