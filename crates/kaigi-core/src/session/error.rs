use crate::homeserver_error::{classify, classify_http};
use crate::keychain::KeychainError;
use crate::{ErrorCode, HasErrorCode};

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SessionError {
    #[error("the user name or password is wrong")]
    InvalidCredentials,
    #[error("not a usable homeserver address: {0}")]
    InvalidHomeserver(String),
    #[error("homeserver: {0}")]
    Homeserver(#[from] matrix_sdk::Error),
    #[error("homeserver: {0}")]
    Http(#[from] matrix_sdk::HttpError),
    #[error("cannot set up the client: {0}")]
    Build(Box<matrix_sdk::ClientBuildError>),
    #[error("cannot start syncing: {0}")]
    Sync(#[from] matrix_sdk_ui::sync_service::Error),
    #[error(transparent)]
    Keychain(#[from] KeychainError),
    #[error("cannot read or write the session file: {0}")]
    File(#[from] std::io::Error),
    #[error("cannot open the search index: {0}")]
    Search(String),
    #[error("the session file is damaged: {0}")]
    Corrupt(#[from] serde_json::Error),
    #[error("cannot open this device's meetings: {0}")]
    Meetings(#[from] Box<crate::meeting::MeetingError>),
}

impl HasErrorCode for SessionError {
    fn code(&self) -> ErrorCode {
        match self {
            Self::InvalidCredentials => ErrorCode::InvalidCredentials,
            Self::InvalidHomeserver(_) => ErrorCode::InvalidHomeserver,
            Self::Homeserver(e) => classify(e),
            Self::Http(e) => classify_http(e),
            Self::Build(e) => match e.as_ref() {
                matrix_sdk::ClientBuildError::Http(e) => classify_http(e),
                matrix_sdk::ClientBuildError::AutoDiscovery(_)
                | matrix_sdk::ClientBuildError::InvalidServerName
                | matrix_sdk::ClientBuildError::Url(_) => ErrorCode::InvalidHomeserver,
                _ => ErrorCode::Storage,
            },
            Self::File(_) | Self::Corrupt(_) | Self::Search(_) => ErrorCode::Storage,
            Self::Sync(_) => ErrorCode::Internal,
            Self::Keychain(e) => e.code(),
            Self::Meetings(e) => e.code(),
        }
    }
}

impl From<matrix_sdk::ClientBuildError> for SessionError {
    fn from(e: matrix_sdk::ClientBuildError) -> Self {
        Self::Build(Box::new(e))
    }
}
