use std::path::PathBuf;

use kaigi_pdf::{DocumentId, DocumentInfo};

use crate::error::{IpcResult, pdf};
use crate::pdf_engine;

/// Opens a PDF from a local path (dialog, drag and drop or the command line).
/// Pages are then fetched from `kaigi-page://`.
#[tauri::command]
#[specta::specta]
pub async fn open_pdf(path: String, password: Option<String>) -> IpcResult<DocumentInfo> {
    pdf_engine::run(move |engine| {
        engine
            .open(&PathBuf::from(path), password.as_deref())
            .map_err(pdf)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn close_pdf(id: DocumentId) -> IpcResult<()> {
    pdf_engine::run(move |engine| {
        engine.close(id);
        Ok(())
    })
    .await
}
