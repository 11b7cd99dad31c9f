//! Work status: mine, the roster board, automatic changes and the telework report.

use std::sync::Arc;

use kaigi_core::status::autopilot::Autopilot;
use kaigi_core::status::board::{self, Board, BoardUpdate, BoardWatch};
use kaigi_core::status::effective::Effective;
use kaigi_core::status::report::{self, Month, TeleworkReport};
use kaigi_core::status::{self, WorkLocation, WorkStatus};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, State};
use tauri_specta::Event;

use super::now_ms;
use crate::error::{IpcError, IpcResult, core};
use crate::state::AppState;

/// What my status means now, at the window's UTC offset: today's, or
/// yesterday's plan for today (`planned`), or nothing.
#[tauri::command]
#[specta::specta]
pub async fn my_status(
    state: State<'_, AppState>,
    offset_min: i32,
) -> IpcResult<Option<Effective>> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    status::my_status_now(&session, now_ms(), offset_min).map_err(core)
}

#[tauri::command]
#[specta::specta]
pub async fn set_my_status(
    state: State<'_, AppState>,
    status: WorkStatus,
) -> IpcResult<WorkStatus> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    status::set_my_status(&session, status, now_ms(), None)
        .await
        .map_err(core)
}

/// The board of every department I belong to, at the window's UTC offset.
#[tauri::command]
#[specta::specta]
pub async fn status_board(state: State<'_, AppState>, offset_min: i32) -> IpcResult<Board> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    board::board(&session, now_ms(), offset_min)
        .await
        .map_err(core)
}

/// Streams status changes for the board until `unwatch_board`.
#[tauri::command]
#[specta::specta]
pub async fn watch_board(
    state: State<'_, AppState>,
    offset_min: i32,
    on_update: Channel<BoardUpdate>,
) -> IpcResult<()> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    let watch = BoardWatch::start(
        &session,
        move || (now_ms(), offset_min),
        move |update| {
            if let Err(e) = on_update.send(update) {
                tracing::warn!(error = %e, "the window stopped listening");
            }
        },
    );
    state.live().board = Some(watch);
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub fn unwatch_board(state: State<'_, AppState>) {
    state.live().board = None;
}

/// A status Kaigi set by itself (in a meeting, away, expired).
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
#[serde(rename_all = "camelCase")]
pub struct MyStatusChanged {
    pub status: WorkStatus,
}

/// Starts the automatic status changes for this session: away after
/// `away_after_min` minutes idle (`None`: never), days at `offset_min`.
#[tauri::command]
#[specta::specta]
pub async fn start_status_autopilot(
    app: AppHandle,
    state: State<'_, AppState>,
    away_after_min: Option<u32>,
    offset_min: i32,
) -> IpcResult<()> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    let autopilot = Autopilot::start(session, now_ms, move |status| {
        if let Err(e) = (MyStatusChanged { status }).emit(&app) {
            tracing::warn!(error = %e, "could not tell the window about the status");
        }
    });
    autopilot.configure(away_after_min.map(|m| i64::from(m) * 60_000), offset_min);
    state.live().autopilot = Some(Arc::new(autopilot));
    Ok(())
}

/// The user did something in the window (throttled by the UI).
#[tauri::command]
#[specta::specta]
pub fn report_activity(state: State<'_, AppState>) {
    if let Some(autopilot) = state.live().autopilot.clone() {
        autopilot.activity(now_ms());
    }
}

/// Whether I am in a meeting now (opening or leaving a meeting).
#[tauri::command]
#[specta::specta]
pub fn set_in_meeting(state: State<'_, AppState>, in_meeting: bool) {
    if let Some(autopilot) = state.live().autopilot.clone() {
        autopilot.set_in_meeting(in_meeting);
    }
}

#[tauri::command]
#[specta::specta]
pub async fn telework_report(
    state: State<'_, AppState>,
    month: String,
    offset_min: i32,
) -> IpcResult<TeleworkReport> {
    let session = state.session().await.ok_or_else(IpcError::not_signed_in)?;
    let month: Month = month.parse().map_err(core)?;
    report::telework_report(&session, month, offset_min)
        .await
        .map_err(core)
}

/// Writes the month's report as CSV to the Downloads folder; returns the path.
#[tauri::command]
#[specta::specta]
pub async fn export_telework_csv(
    app: AppHandle,
    state: State<'_, AppState>,
    month: String,
    offset_min: i32,
) -> IpcResult<String> {
    let report = telework_report(state, month, offset_min).await?;
    let dir = crate::downloads::folder(&app)?;
    let name = format!("telework-{}.csv", report.month);
    let path = crate::downloads::save(&dir, &name, "", "csv", report::to_csv(&report).as_bytes())?;
    Ok(path.display().to_string())
}

/// The tray's quick switch asks the window to change my work location.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
#[serde(rename_all = "camelCase")]
pub struct QuickStatus {
    pub location: WorkLocation,
}
