//! The PDF workers of the app. The main worker (this executable run as
//! `kaigi pdf-worker`) starts in the background at launch so the first
//! document opens fast; a helper joins it to render pages of open documents
//! in two halves at once. Pages reach the WebView through the page socket.
//! When libpdfium is missing the app keeps working and every PDF action says
//! why.

use std::sync::{Arc, OnceLock};

use kaigi_core::ErrorCode;
use kaigi_pdf::page_socket::{PageAsk, PageSocket, PageSource};
use kaigi_pdf::{PdfClient, SplitRenderer, WORKER_SUBCOMMAND, WorkerCommand};

use crate::error::{IpcError, pdf};

static CLIENT: OnceLock<Result<Arc<PdfClient>, IpcError>> = OnceLock::new();
static PAGES: OnceLock<Result<Arc<SplitRenderer>, IpcError>> = OnceLock::new();
static SOCKET: tokio::sync::OnceCell<PageSocket> = tokio::sync::OnceCell::const_new();

pub fn warm_up() {
    std::thread::spawn(|| {
        if let Err(e) = client() {
            tracing::warn!(error = %e.message, "PDF viewing is unavailable");
        }
    });
}

fn worker() -> Result<WorkerCommand, IpcError> {
    WorkerCommand::current_exe(WORKER_SUBCOMMAND).map_err(pdf)
}

/// The client, starting its worker on first use. Blocks; call from a blocking thread.
pub fn client() -> Result<Arc<PdfClient>, IpcError> {
    CLIENT
        .get_or_init(|| {
            worker()
                .and_then(|command| PdfClient::start(command).map_err(pdf))
                .map(Arc::new)
        })
        .clone()
}

/// The renderer of documents open in the viewer (the client and its helper).
pub fn pages() -> Result<Arc<SplitRenderer>, IpcError> {
    PAGES
        .get_or_init(|| Ok(SplitRenderer::new(client()?, worker()?)))
        .clone()
}

/// Runs a blocking PDF job off the async runtime.
pub async fn run<T: Send + 'static>(
    job: impl FnOnce(&PdfClient) -> Result<T, IpcError> + Send + 'static,
) -> Result<T, IpcError> {
    blocking(move || job(&*client()?)).await
}

/// Runs a blocking job on the viewer's renderer off the async runtime.
pub async fn run_pages<T: Send + 'static>(
    job: impl FnOnce(&Arc<SplitRenderer>) -> Result<T, IpcError> + Send + 'static,
) -> Result<T, IpcError> {
    blocking(move || job(&pages()?)).await
}

async fn blocking<T: Send + 'static>(
    job: impl FnOnce() -> Result<T, IpcError> + Send + 'static,
) -> Result<T, IpcError> {
    tokio::task::spawn_blocking(job)
        .await
        .map_err(|e| IpcError::new(ErrorCode::Internal, e.to_string()))?
}

/// The page socket's address (with its token), starting it on first use.
pub async fn socket_url() -> Result<String, IpcError> {
    let socket = SOCKET
        .get_or_try_init(|| PageSocket::start(Arc::new(ViewerPages)))
        .await
        .map_err(|e| IpcError::new(ErrorCode::Internal, format!("page socket: {e}")))?;
    Ok(socket.url().to_owned())
}

/// What the page socket serves: pages of documents open in the viewer.
struct ViewerPages;

impl PageSource for ViewerPages {
    type Error = IpcError;

    fn render(&self, ask: &PageAsk) -> Result<Vec<u8>, IpcError> {
        pages()?
            .render_runs(ask.doc, ask.page, ask.scale, ask.region, ask.background)
            .map_err(pdf)
    }

    fn bad_ask(&self, reason: String) -> IpcError {
        IpcError::new(ErrorCode::InvalidInput, reason)
    }
}
