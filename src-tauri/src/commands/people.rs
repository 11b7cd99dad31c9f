//! The people of a room: members for mention completion and read receipts,
//! and who is typing.

use kaigi_core::chat::{self, Member, TypingSubscription};
use tauri::State;
use tauri::ipc::Channel;

use crate::error::{IpcError, IpcResult, core};
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn room_members(state: State<'_, AppState>, room_id: String) -> IpcResult<Vec<Member>> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    chat::members(&session, &room_id).await.map_err(core)
}

/// Says whether I am typing in `room_id`.
#[tauri::command]
#[specta::specta]
pub async fn set_typing(
    state: State<'_, AppState>,
    room_id: String,
    typing: bool,
) -> IpcResult<()> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    chat::set_typing(&session, &room_id, typing)
        .await
        .map_err(core)
}

/// Streams the names of the others typing in `room_id`, until
/// `unwatch_typing` or another room is watched.
#[tauri::command]
#[specta::specta]
pub async fn watch_typing(
    state: State<'_, AppState>,
    room_id: String,
    on_change: Channel<Vec<String>>,
) -> IpcResult<()> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    let subscription = TypingSubscription::start(&session, &room_id, move |names| {
        if let Err(e) = on_change.send(names) {
            tracing::warn!(error = %e, "the window stopped listening");
        }
    })
    .map_err(core)?;
    state.live().typing.insert(room_id, subscription);
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub fn unwatch_typing(state: State<'_, AppState>, room_id: String) {
    state.live().typing.remove(&room_id);
}
