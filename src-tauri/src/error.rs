//! The one error type that crosses IPC: a code the UI matches on to show a
//! message in the user's language, and a detail message for logs and tooltips.

use kaigi_core::{ErrorCode, HasErrorCode};
use kaigi_pdf::PdfError;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, specta::Type, thiserror::Error)]
#[error("{code:?}: {message}")]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
}

impl IpcError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    pub fn not_signed_in() -> Self {
        Self::new(ErrorCode::NotSignedIn, "no one is signed in")
    }
}

/// Every core error converts through its code.
pub fn core<E: HasErrorCode + std::fmt::Display>(e: E) -> IpcError {
    let code = e.code();
    if code == ErrorCode::Internal {
        tracing::error!(error = %e, "command failed");
    }
    IpcError::new(code, e.to_string())
}

/// A PDF error, through its code.
pub fn pdf(e: PdfError) -> IpcError {
    core(e)
}

pub type IpcResult<T> = Result<T, IpcError>;

/// A failure of the window system, which the user cannot act on.
pub fn internal(e: tauri::Error) -> IpcError {
    tracing::error!(error = %e, "window operation failed");
    IpcError::new(ErrorCode::Internal, e.to_string())
}
