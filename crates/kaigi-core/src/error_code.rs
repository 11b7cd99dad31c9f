use serde::Serialize;

/// What went wrong, as the UI needs to know it: a closed set the UI matches on
/// to show a message in the user's language. Details go in the message beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ErrorCode {
    /// Wrong user name or password.
    InvalidCredentials,
    /// The homeserver could not be reached (DNS, refused, TLS, offline).
    ServerUnreachable,
    /// The homeserver did not answer in time.
    Timeout,
    /// The homeserver asks us to slow down; retry later.
    RateLimited,
    /// The homeserver refused the action for this user.
    Forbidden,
    /// The homeserver URL is not valid or does not speak Matrix.
    InvalidHomeserver,
    /// No one is signed in.
    NotSignedIn,
    /// The OS keychain (Secret Service) is not available or refused access.
    KeychainUnavailable,
    /// The local database or files could not be read or written.
    Storage,
    /// The requested room, document or item does not exist.
    NotFound,
    /// The input was rejected before anything was sent.
    InvalidInput,
    /// The recovery key does not unlock the secrets.
    WrongRecoveryKey,
    /// A key backup made on another device exists: enter its recovery key.
    BackupOnOtherDevice,
    /// The file is larger than the homeserver accepts.
    FileTooLarge,
    /// libpdfium is not installed or could not be loaded.
    PdfLibraryMissing,
    /// The file is not a readable PDF.
    PdfMalformed,
    /// The PDF needs a password.
    PdfPasswordRequired,
    /// The PDF engine stopped or hung on this document and was restarted.
    PdfEngineRestarted,
    /// This document keeps stopping the PDF engine and is not retried.
    PdfDocumentUnsafe,
    /// A meeting material is not on this device yet; it downloads when online.
    MaterialNotDownloaded,
    /// A cached material was changed on disk, or its bytes do not match.
    MaterialDamaged,
    /// Anything else; the message says more.
    Internal,
}

/// Errors that know which [`ErrorCode`] they map to.
pub trait HasErrorCode {
    fn code(&self) -> ErrorCode;
}

impl HasErrorCode for kaigi_pdf::PdfError {
    fn code(&self) -> ErrorCode {
        use kaigi_pdf::PdfError;
        match self {
            PdfError::LibraryMissing { .. }
            | PdfError::LibraryUnloadable { .. }
            | PdfError::WorkerUnavailable(_) => ErrorCode::PdfLibraryMissing,
            PdfError::Malformed(_) | PdfError::UnsupportedSecurity => ErrorCode::PdfMalformed,
            PdfError::PasswordRequired => ErrorCode::PdfPasswordRequired,
            PdfError::Io { .. } => ErrorCode::Storage,
            PdfError::PageOutOfRange { .. } | PdfError::UnknownDocument(_) => ErrorCode::NotFound,
            PdfError::WorkerCrashed | PdfError::Timeout { .. } => ErrorCode::PdfEngineRestarted,
            PdfError::DocumentPoisoned => ErrorCode::PdfDocumentUnsafe,
            _ => ErrorCode::Internal,
        }
    }
}
