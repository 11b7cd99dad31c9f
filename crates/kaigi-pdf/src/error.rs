use std::path::PathBuf;

/// Errors from opening, rendering or reading a PDF.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PdfError {
    /// libpdfium was not found in any of the searched places.
    #[error("libpdfium was not found (searched: {})", display_paths(.searched))]
    LibraryMissing { searched: Vec<PathBuf> },
    /// libpdfium was found but could not be loaded.
    #[error("libpdfium at {path} could not be loaded: {reason}")]
    LibraryUnloadable { path: PathBuf, reason: String },
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
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
    /// The engine thread has stopped; a new engine must be started.
    #[error("the PDF engine has stopped")]
    EngineStopped,
}

fn display_paths(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
