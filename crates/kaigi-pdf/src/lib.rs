//! Kaigi's PDF layer: PDFium bound at run time through pdfium-render.
//!
//! - [`library`]: where libpdfium is found (the `KAIGI_PDFIUM_PATH` setting).
//! - [`engine`]: the thread that owns PDFium and serves open / render / text requests.
//! - [`error`]: what can go wrong, in terms a caller can act on.

mod engine;
mod error;
pub mod library;

pub use engine::{DocumentId, DocumentInfo, PdfEngine, RenderedPage};
pub use error::PdfError;
