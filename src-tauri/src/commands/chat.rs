//! An open room or thread: its timeline stream and what the user does in it.
//! Each open view is named by the key `open_room` returns.

use std::sync::Arc;

use kaigi_core::chat::{Focus, ListDiff, OpenRoom, TimelineEntry};
use serde::Deserialize;
use tauri::State;
use tauri::ipc::Channel;

use crate::error::{IpcError, IpcResult, core};
use crate::state::AppState;

/// Sends each batch of list changes to the window.
pub fn forward<T: serde::Serialize + Clone>(
    channel: Channel<Vec<ListDiff<T>>>,
) -> impl Fn(Vec<ListDiff<T>>) {
    move |diffs| {
        if let Err(e) = channel.send(diffs) {
            tracing::warn!(error = %e, "the window stopped listening");
        }
    }
}

/// Which part of a room to open.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum ViewFocus {
    Live,
    /// One thread, named by its root event id.
    Thread {
        root: String,
    },
    /// The messages around one event, such as a search hit.
    Event {
        event_id: String,
    },
}

/// Opens a room (or a thread of it) and streams its timeline: a reset, then
/// batches of changes. Returns the key of this view for the other commands.
#[tauri::command]
#[specta::specta]
pub async fn open_room(
    state: State<'_, AppState>,
    room_id: String,
    focus: ViewFocus,
    on_change: Channel<Vec<ListDiff<TimelineEntry>>>,
) -> IpcResult<String> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    let (key, focus) = match focus {
        ViewFocus::Live => (room_id.clone(), Focus::Live),
        ViewFocus::Thread { root } => (
            format!("{room_id}/thread/{root}"),
            Focus::thread(&root).map_err(core)?,
        ),
        ViewFocus::Event { event_id } => (
            format!("{room_id}/event/{event_id}"),
            Focus::event(&event_id).map_err(core)?,
        ),
    };
    let room = OpenRoom::open_focused(&session, &room_id, focus, forward(on_change))
        .await
        .map_err(core)?;
    state.live().rooms.insert(key.clone(), Arc::new(room));
    Ok(key)
}

#[tauri::command]
#[specta::specta]
pub fn close_room(state: State<'_, AppState>, view: String) {
    state.live().rooms.remove(&view);
}

/// Sends a Markdown text message (in a thread view, into that thread).
#[tauri::command]
#[specta::specta]
pub async fn send_message(state: State<'_, AppState>, view: String, body: String) -> IpcResult<()> {
    open(&state, &view)?.send_text(&body).await.map_err(core)
}

/// Replies to the message with event id `to`.
#[tauri::command]
#[specta::specta]
pub async fn reply_to(
    state: State<'_, AppState>,
    view: String,
    to: String,
    body: String,
) -> IpcResult<()> {
    open(&state, &view)?.reply(&to, &body).await.map_err(core)
}

/// Adds or takes back my reaction; `true` when it is now on.
#[tauri::command]
#[specta::specta]
pub async fn toggle_reaction(
    state: State<'_, AppState>,
    view: String,
    item: String,
    key: String,
) -> IpcResult<bool> {
    open(&state, &view)?
        .toggle_reaction(&item, &key)
        .await
        .map_err(core)
}

#[tauri::command]
#[specta::specta]
pub async fn edit_message(
    state: State<'_, AppState>,
    view: String,
    item: String,
    body: String,
) -> IpcResult<()> {
    open(&state, &view)?.edit(&item, &body).await.map_err(core)
}

#[tauri::command]
#[specta::specta]
pub async fn delete_message(
    state: State<'_, AppState>,
    view: String,
    item: String,
) -> IpcResult<()> {
    open(&state, &view)?.redact(&item, None).await.map_err(core)
}

/// Sends again a message that failed.
#[tauri::command]
#[specta::specta]
pub async fn retry_send(state: State<'_, AppState>, view: String, item: String) -> IpcResult<()> {
    open(&state, &view)?.retry(&item).await.map_err(core)
}

/// Drops a message that has not been sent yet.
#[tauri::command]
#[specta::specta]
pub async fn cancel_send(state: State<'_, AppState>, view: String, item: String) -> IpcResult<()> {
    open(&state, &view)?.cancel(&item).await.map_err(core)
}

/// Marks the room as read up to its latest message.
#[tauri::command]
#[specta::specta]
pub async fn mark_room_read(state: State<'_, AppState>, view: String) -> IpcResult<()> {
    open(&state, &view)?.mark_read().await.map_err(core)
}

/// Loads older messages; `true` when the start of the room is reached.
#[tauri::command]
#[specta::specta]
pub async fn load_older(state: State<'_, AppState>, view: String) -> IpcResult<bool> {
    open(&state, &view)?.load_older(40).await.map_err(core)
}

pub fn open(state: &AppState, view: &str) -> IpcResult<Arc<OpenRoom>> {
    state.live().rooms.get(view).cloned().ok_or_else(|| {
        IpcError::new(
            kaigi_core::ErrorCode::NotFound,
            format!("{view} is not open"),
        )
    })
}
