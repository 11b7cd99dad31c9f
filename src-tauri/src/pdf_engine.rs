//! The one PDF client of the app. Its worker process (this executable run as
//! `kaigi pdf-worker`) starts in the background at launch so the first
//! document opens fast. When libpdfium is missing the app keeps working and
//! every PDF action says why.

use std::sync::{Arc, OnceLock};

use kaigi_pdf::{PdfClient, WORKER_SUBCOMMAND, WorkerCommand};

use crate::error::{IpcError, pdf};

static CLIENT: OnceLock<Result<Arc<PdfClient>, IpcError>> = OnceLock::new();

pub fn warm_up() {
    std::thread::spawn(|| {
        if let Err(e) = client() {
            tracing::warn!(error = %e.message, "PDF viewing is unavailable");
        }
    });
}

/// The client, starting its worker on first use. Blocks; call from a blocking thread.
pub fn client() -> Result<Arc<PdfClient>, IpcError> {
    CLIENT
        .get_or_init(|| {
            WorkerCommand::current_exe(WORKER_SUBCOMMAND)
                .and_then(PdfClient::start)
                .map(Arc::new)
                .map_err(pdf)
        })
        .clone()
}

/// Runs a blocking PDF job off the async runtime.
pub async fn run<T: Send + 'static>(
    job: impl FnOnce(&PdfClient) -> Result<T, IpcError> + Send + 'static,
) -> Result<T, IpcError> {
    tokio::task::spawn_blocking(move || job(&*client()?))
        .await
        .map_err(|e| IpcError::new(kaigi_core::ErrorCode::Internal, e.to_string()))?
}
