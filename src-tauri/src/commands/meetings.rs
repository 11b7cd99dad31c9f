//! Meetings: the list and creating one.

use kaigi_core::meeting::{self, MeetingSummary, NewMeeting};
use tauri::State;

use super::now_ms;
use crate::error::{IpcError, IpcResult, core};
use crate::state::AppState;

/// My meetings at the window's UTC offset: today's, upcoming, past.
#[tauri::command]
#[specta::specta]
pub async fn meetings(
    state: State<'_, AppState>,
    offset_min: i32,
) -> IpcResult<Vec<MeetingSummary>> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    meeting::meetings(&session, now_ms(), offset_min)
        .await
        .map_err(core)
}

/// Creates a meeting and invites its participants; returns its room id.
#[tauri::command]
#[specta::specta]
pub async fn create_meeting(state: State<'_, AppState>, meeting: NewMeeting) -> IpcResult<String> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    meeting::create_meeting(&session, meeting)
        .await
        .map_err(core)
}
