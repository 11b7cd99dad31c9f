//! The one PDF engine of the app, started in the background at launch so the
//! first document opens fast. When libpdfium is missing the app keeps working
//! and every PDF action says why.

use std::sync::{Arc, OnceLock};

use kaigi_pdf::PdfEngine;
use tauri::AppHandle;

use crate::error::{IpcError, pdf};

static ENGINE: OnceLock<Result<Arc<PdfEngine>, IpcError>> = OnceLock::new();

pub fn warm_up(_app: AppHandle) {
    std::thread::spawn(|| {
        if let Err(e) = engine() {
            tracing::warn!(error = %e.message, "PDF viewing is unavailable");
        }
    });
}

/// The engine, starting it on first use. Blocks; call from a blocking thread.
pub fn engine() -> Result<Arc<PdfEngine>, IpcError> {
    ENGINE
        .get_or_init(|| PdfEngine::start().map(Arc::new).map_err(pdf))
        .clone()
}

/// Runs a blocking PDF job off the async runtime.
pub async fn run<T: Send + 'static>(
    job: impl FnOnce(&PdfEngine) -> Result<T, IpcError> + Send + 'static,
) -> Result<T, IpcError> {
    tokio::task::spawn_blocking(move || job(&*engine()?))
        .await
        .map_err(|e| IpcError::new(kaigi_core::ErrorCode::Internal, e.to_string()))?
}
