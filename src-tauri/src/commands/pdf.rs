use std::path::{Path, PathBuf};

use kaigi_core::ErrorCode;
use kaigi_pdf::annotation::Annotation;
use kaigi_pdf::protocol::{OutlineItem, PageText, SearchHit};
use kaigi_pdf::{DocumentId, DocumentInfo};
use tauri::{Manager, State};

use crate::error::{IpcError, IpcResult, core, pdf};
use crate::pdf_engine;
use crate::state::AppState;

/// Opens a PDF from a local path (dialog, drag and drop or the command line).
/// Pages are then fetched from `kaigi-page://`.
#[tauri::command]
#[specta::specta]
pub async fn open_pdf(path: String, password: Option<String>) -> IpcResult<DocumentInfo> {
    pdf_engine::run(move |client| {
        client
            .open(&PathBuf::from(path), password.as_deref())
            .map_err(pdf)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn close_pdf(id: DocumentId) -> IpcResult<()> {
    pdf_engine::run(move |client| {
        client.close(id);
        Ok(())
    })
    .await
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

/// `KAIGI_EXPORT_DIR` overrides where annotated copies are saved.
pub const EXPORT_DIR_VAR: &str = "KAIGI_EXPORT_DIR";

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
    let dir = match std::env::var_os(EXPORT_DIR_VAR).filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => app
            .path()
            .download_dir()
            .or_else(|_| app.path().home_dir())
            .map_err(|e| IpcError::new(ErrorCode::Storage, e.to_string()))?,
    };
    pdf_engine::run(move |client| {
        let bytes = client.export(id, annotations).map_err(pdf)?;
        let target = free_name(&dir, &file_name);
        std::fs::create_dir_all(&dir)
            .and_then(|()| std::fs::write(&target, bytes))
            .map_err(|e| IpcError::new(ErrorCode::Storage, e.to_string()))?;
        tracing::info!(path = %target.display(), "saved an annotated copy");
        Ok(target.display().to_string())
    })
    .await
}

/// `<stem>-annotated.pdf` in `dir`, numbered when taken. Only the file name
/// of `original` is used, so it cannot point elsewhere.
fn free_name(dir: &Path, original: &str) -> PathBuf {
    let stem = Path::new(original)
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|s| !s.is_empty())
        .unwrap_or("document");
    (1..)
        .map(|n| {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!(" ({n})")
            };
            dir.join(format!("{stem}-annotated{suffix}.pdf"))
        })
        .find(|p| !p.exists())
        .unwrap_or_else(|| dir.join(format!("{stem}-annotated.pdf")))
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exported_names_stay_in_the_folder_and_do_not_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let first = free_name(dir.path(), "../../etc/会議資料.pdf");
        assert_eq!(first, dir.path().join("会議資料-annotated.pdf"));
        std::fs::write(&first, b"x").unwrap();
        assert_eq!(
            free_name(dir.path(), "会議資料.pdf"),
            dir.path().join("会議資料-annotated (2).pdf")
        );
        assert_eq!(
            free_name(dir.path(), ""),
            dir.path().join("document-annotated.pdf")
        );
    }
}
