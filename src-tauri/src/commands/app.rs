use std::path::PathBuf;

use tauri::{AppHandle, State};

use crate::error::{IpcResult, internal};
use crate::state::AppState;
use crate::tray::{self, TrayState};

/// The UI calls this once its first frame is interactive. Prints the moment to
/// stdout when `KAIGI_REPORT_READY` is set, for the start-up benchmark.
#[tauri::command]
#[specta::specta]
pub fn app_ready(state: State<'_, AppState>) {
    let elapsed = state.started.elapsed();
    tracing::info!(ms = elapsed.as_millis() as u64, "first interactive frame");
    if std::env::var_os("KAIGI_REPORT_READY").is_some() {
        let epoch_ms = super::now_ms();
        println!(
            "KAIGI_READY epoch_ms={epoch_ms} since_main_ms={}",
            elapsed.as_millis()
        );
    }
}

/// A PDF named on the command line (`kaigi FILE.pdf`, as a file manager's
/// "Open with" does), to open at start.
#[tauri::command]
#[specta::specta]
pub fn startup_document() -> Option<String> {
    std::env::args_os()
        .skip(1)
        .map(PathBuf::from)
        .find(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")))
        .map(|p| p.to_string_lossy().into_owned())
}

/// The unread count for the window title and the tray, and the tray's menu
/// in the UI's language.
#[tauri::command]
#[specta::specta]
pub fn update_tray(app: AppHandle, tray: TrayState) -> IpcResult<()> {
    tray::update(&app, &tray).map_err(internal)
}
