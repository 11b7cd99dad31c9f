//! The room list and room management: create, direct chats, invitations,
//! join, leave, spaces; and opening links from messages.

use kaigi_core::chat::{self, ListDiff, NewRoom, RoomListSubscription, RoomSummary, rooms};
use tauri::ipc::Channel;
use tauri::{AppHandle, State};
use tauri_plugin_opener::OpenerExt;

use super::chat::forward;
use crate::error::{IpcError, IpcResult, core};
use crate::state::AppState;

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

/// Creates an encrypted room (or a space); returns its id.
#[tauri::command]
#[specta::specta]
pub async fn create_room(state: State<'_, AppState>, room: NewRoom) -> IpcResult<String> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    rooms::create_room(&session, room).await.map_err(core)
}

/// The direct chat with a user, created when there is none; returns its id.
#[tauri::command]
#[specta::specta]
pub async fn direct_chat(state: State<'_, AppState>, user_id: String) -> IpcResult<String> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    rooms::direct_chat(&session, &user_id).await.map_err(core)
}

#[tauri::command]
#[specta::specta]
pub async fn invite(state: State<'_, AppState>, room_id: String, user_id: String) -> IpcResult<()> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    rooms::invite(&session, &room_id, &user_id)
        .await
        .map_err(core)
}

/// Joins a room by id or alias, or accepts an invitation.
#[tauri::command]
#[specta::specta]
pub async fn join_room(state: State<'_, AppState>, room: String) -> IpcResult<String> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    rooms::join(&session, &room).await.map_err(core)
}

/// Leaves a room, or declines an invitation.
#[tauri::command]
#[specta::specta]
pub async fn leave_room(state: State<'_, AppState>, room_id: String) -> IpcResult<()> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    rooms::leave(&session, &room_id).await.map_err(core)
}

/// The rooms filed under a space (department).
#[tauri::command]
#[specta::specta]
pub async fn space_rooms(state: State<'_, AppState>, space_id: String) -> IpcResult<Vec<String>> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    rooms::space_rooms(&session, &space_id).await.map_err(core)
}

/// Opens a web link in the system browser. The window asks the user first;
/// anything but http(s) is refused here.
#[tauri::command]
#[specta::specta]
pub fn open_link(app: AppHandle, url: String) -> IpcResult<()> {
    let url = chat::links::web_link(&url).map_err(core)?;
    app.opener()
        .open_url(url.as_str(), None::<&str>)
        .map_err(|e| IpcError::new(kaigi_core::ErrorCode::Internal, e.to_string()))
}

/// Searches the messages on this device, newest first; in one room or all.
#[tauri::command]
#[specta::specta]
pub async fn search_messages(
    state: State<'_, AppState>,
    query: String,
    room_id: Option<String>,
) -> IpcResult<Vec<kaigi_core::search::MessageHit>> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    tokio::task::spawn_blocking(move || session.search().search(&query, room_id.as_deref(), 50))
        .await
        .map_err(|e| IpcError::new(kaigi_core::ErrorCode::Internal, e.to_string()))?
        .map_err(core)
}
