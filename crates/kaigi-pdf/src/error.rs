use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// Errors from opening, rendering or reading a PDF. They cross the worker
/// protocol, so they hold text rather than source errors.
#[derive(Debug, Clone, thiserror::Error, Serialize, Deserialize)]
#[non_exhaustive]
pub enum PdfError {
    /// libpdfium was not found in any of the searched places.
    #[error("libpdfium was not found (searched: {})", display_paths(.searched))]
    LibraryMissing { searched: Vec<PathBuf> },
    /// libpdfium was found but could not be loaded.
    #[error("libpdfium at {path} could not be loaded: {reason}")]
    LibraryUnloadable { path: PathBuf, reason: String },
    /// A file could not be read or written.
    #[error("cannot access {path}: {reason}")]
    Io { path: PathBuf, reason: String },
    /// The bytes are not a PDF, or the PDF is damaged beyond what PDFium repairs.
    #[error("not a readable PDF: {0}")]
    Malformed(String),
    /// The PDF is encrypted and needs a password (or the given one was wrong).
    #[error("the PDF is password-protected")]
    PasswordRequired,
    /// The PDF uses a security handler PDFium does not support.
    #[error("the PDF uses an unsupported security handler")]
    UnsupportedSecurity,
    #[error("page {index} is out of range (the document has {count} pages)")]
    PageOutOfRange { index: u32, count: u32 },
    #[error("no open document with id {0}")]
    UnknownDocument(u32),
    #[error("rendering failed: {0}")]
    Render(String),
    /// An annotation could not be written into the PDF.
    #[error("cannot write annotations: {0}")]
    Export(String),
    /// The worker process died while handling this document. It has been
    /// restarted; other documents are unaffected.
    #[error("the PDF engine stopped while reading this document and has been restarted")]
    WorkerCrashed,
    /// The document crashed the worker again and again; it is not retried.
    #[error("this document repeatedly stops the PDF engine and cannot be shown")]
    DocumentPoisoned,
    /// The worker did not answer in time; it has been restarted.
    #[error("the PDF engine did not answer within {seconds} s and has been restarted")]
    Timeout { seconds: u32 },
    /// The worker process could not be started.
    #[error("the PDF engine could not be started: {0}")]
    WorkerUnavailable(String),
}

fn display_paths(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
