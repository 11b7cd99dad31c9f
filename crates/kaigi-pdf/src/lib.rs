//! Kaigi's PDF layer: PDFium bound at run time through pdfium-render, run in a
//! worker process so a hostile file can crash only the worker.
//!
//! - [`library`]: where libpdfium is found (the `KAIGI_PDFIUM_PATH` setting).
//! - [`client`]: the app's handle on the worker: requests, timeouts, restarts.
//! - [`worker`]: the worker process's main loop (`kaigi pdf-worker`).
//! - [`protocol`]: the frames both sides exchange.
//! - [`runs`]: the compact pixel format pages reach the WebView in.
//! - [`split`]: one page rendered on two workers at once.
//! - [`page_socket`]: the local WebSocket that serves pages to the WebView.
//! - [`annotation`]: Kaigi's annotation model in PDF page coordinates.
//! - [`frame`]: the page as shown (crop box, rotation) against the PDF's user space.
//! - [`reanchor`]: carrying annotations to a document's next version.
//! - `document` / `export`: what the worker does with PDFium.
//! - [`error`]: what can go wrong, in terms a caller can act on.

pub mod annotation;
mod client;
mod document;
mod error;
mod export;
pub mod frame;
pub mod library;
pub mod page_socket;
pub mod protocol;
pub mod reanchor;
pub mod runs;
pub mod split;
pub mod worker;

pub use client::{
    DocumentId, DocumentInfo, MAX_CRASHES, PdfClient, RenderedPage, Timeouts, WorkerCommand,
};
pub use error::PdfError;
pub use export::stroke_quads;
pub use split::SplitRenderer;

/// The subcommand that turns the app's executable into a PDF worker.
pub const WORKER_SUBCOMMAND: &str = "pdf-worker";
