use std::path::PathBuf;

use kaigi_pdf::annotation::Annotation;
use kaigi_pdf::protocol::{OutlineItem, PageText, SearchHit};
use kaigi_pdf::{DocumentId, DocumentInfo};
use tauri::State;

use super::now_ms;
use crate::downloads;
use crate::error::{IpcResult, core, pdf};
use crate::pdf_engine;
use crate::state::AppState;

/// Opens a PDF from a local path (dialog, drag and drop or the command line).
/// Its pages are then asked for on the page socket (`page_socket`).
#[tauri::command]
#[specta::specta]
pub async fn open_pdf(path: String, password: Option<String>) -> IpcResult<DocumentInfo> {
    pdf_engine::run_pages(move |pages| {
        pages
            .open(&PathBuf::from(path), password.as_deref())
            .map_err(pdf)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn close_pdf(id: DocumentId) -> IpcResult<()> {
    pdf_engine::run_pages(move |pages| {
        pages.close(id);
        Ok(())
    })
    .await
}

/// Where the WebView asks for rendered pages: a WebSocket on 127.0.0.1
/// whose address carries the token that lets it in.
#[tauri::command]
#[specta::specta]
pub async fn page_socket() -> IpcResult<String> {
    pdf_engine::socket_url().await
}

/// The positioned text of a page, for selecting and copying.
#[tauri::command]
#[specta::specta]
pub async fn page_text(id: DocumentId, page: u32) -> IpcResult<PageText> {
    pdf_engine::run(move |client| client.page_text(id, page).map_err(pdf)).await
}

/// Every match of `query` in the document.
#[tauri::command]
#[specta::specta]
pub async fn search_pdf(id: DocumentId, query: String) -> IpcResult<Vec<SearchHit>> {
    pdf_engine::run(move |client| client.search(id, &query).map_err(pdf)).await
}

#[tauri::command]
#[specta::specta]
pub async fn pdf_outline(id: DocumentId) -> IpcResult<Vec<OutlineItem>> {
    pdf_engine::run(move |client| client.outline(id).map_err(pdf)).await
}

/// My annotations on the document with this SHA-256.
#[tauri::command]
#[specta::specta]
pub fn annotations(state: State<'_, AppState>, sha256: String) -> IpcResult<Vec<Annotation>> {
    state.profile.store().annotations(&sha256).map_err(core)
}

/// Saves one annotation (new or changed) the moment it is finished.
#[tauri::command]
#[specta::specta]
pub fn save_annotation(
    state: State<'_, AppState>,
    sha256: String,
    annotation: Annotation,
) -> IpcResult<()> {
    state
        .profile
        .store()
        .put_annotation(&sha256, &annotation, now_ms())
        .map_err(core)
}

#[tauri::command]
#[specta::specta]
pub fn delete_annotation(state: State<'_, AppState>, sha256: String, id: String) -> IpcResult<()> {
    state
        .profile
        .store()
        .delete_annotation(&sha256, &id)
        .map_err(core)
}

/// Writes a copy of the document with my annotations as standard PDF
/// annotations into the Downloads folder; returns the file's path.
#[tauri::command]
#[specta::specta]
pub async fn save_annotated_copy(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    id: DocumentId,
    sha256: String,
    file_name: String,
) -> IpcResult<String> {
    let annotations = state.profile.store().annotations(&sha256).map_err(core)?;
    let dir = downloads::folder(&app)?;
    pdf_engine::run(move |client| {
        let bytes = client.export(id, annotations).map_err(pdf)?;
        let target = downloads::save(&dir, &file_name, "-annotated", "pdf", &bytes)?;
        tracing::info!(path = %target.display(), "saved an annotated copy");
        Ok(target.display().to_string())
    })
    .await
}
