use kaigi_core::status::{self, WorkStatus};
use tauri::State;

use crate::error::{IpcError, IpcResult, core};
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn my_status(state: State<'_, AppState>) -> IpcResult<Option<WorkStatus>> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    status::my_status(&session).map_err(core)
}

#[tauri::command]
#[specta::specta]
pub async fn set_my_status(
    state: State<'_, AppState>,
    status: WorkStatus,
) -> IpcResult<WorkStatus> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default();
    status::set_my_status(&session, status, now_ms)
        .await
        .map_err(core)
}
