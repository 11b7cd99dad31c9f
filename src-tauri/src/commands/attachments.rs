//! Files in chat: send one, save one to Downloads, open a PDF one in the viewer.

use std::path::PathBuf;

use kaigi_pdf::DocumentInfo;
use tauri::{AppHandle, State};

use crate::commands::chat::open;
use crate::downloads;
use crate::error::{IpcResult, core, pdf};
use crate::pdf_engine;
use crate::state::AppState;

/// Sends the file at `path` (picked or dropped) into the view's room or thread.
#[tauri::command]
#[specta::specta]
pub async fn send_file(state: State<'_, AppState>, view: String, path: String) -> IpcResult<()> {
    open(&state, &view)?
        .send_file(&PathBuf::from(path))
        .await
        .map_err(core)
}

/// Saves the file a message carries into the Downloads folder; returns its path.
#[tauri::command]
#[specta::specta]
pub async fn save_attachment(
    app: AppHandle,
    state: State<'_, AppState>,
    view: String,
    item: String,
) -> IpcResult<String> {
    let file = open(&state, &view)?
        .attachment(&item, false)
        .await
        .map_err(core)?;
    let dir = downloads::folder(&app)?;
    let path = downloads::save(&dir, &file.name, "", "bin", &file.bytes)?;
    tracing::info!(path = %path.display(), "saved an attachment");
    Ok(path.display().to_string())
}

/// Opens a PDF a message carries in the viewer, from memory: the decrypted
/// bytes never touch the disk.
#[tauri::command]
#[specta::specta]
pub async fn open_attachment_pdf(
    state: State<'_, AppState>,
    view: String,
    item: String,
    password: Option<String>,
) -> IpcResult<DocumentInfo> {
    let file = open(&state, &view)?
        .attachment(&item, false)
        .await
        .map_err(core)?;
    pdf_engine::run_pages(move |pages| {
        pages
            .open_bytes(file.bytes, password.as_deref())
            .map_err(pdf)
    })
    .await
}
