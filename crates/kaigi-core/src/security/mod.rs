//! End-to-end encryption the user can see and act on: whether this device is
//! cross-signed, key backup with a recovery key, and emoji (SAS) verification
//! of other users and of my other devices.
//!
//! Cross-signing is bootstrapped at first sign-in and a key backup is created
//! by the SDK ([`encryption_settings`]); keys are fetched from the backup when
//! a message cannot be decrypted.

mod recovery;
mod verification;

use matrix_sdk::encryption::{BackupDownloadStrategy, EncryptionSettings};
use serde::Serialize;

use crate::homeserver_error::classify;
use crate::{ErrorCode, HasErrorCode};

pub use recovery::{enable_recovery, recover, reset_recovery_key, security_state};
pub use verification::{SasEmoji, VerificationUpdate, Verifications};

/// How the SDK handles encryption for every session.
pub fn encryption_settings() -> EncryptionSettings {
    EncryptionSettings {
        auto_enable_cross_signing: true,
        backup_download_strategy: BackupDownloadStrategy::AfterDecryptionFailure,
        auto_enable_backups: true,
    }
}

/// What the security panel shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SecurityState {
    /// My cross-signing keys exist and this device has the private parts.
    pub cross_signing: bool,
    /// This device is signed by my identity (others can trust it).
    pub device_verified: bool,
    pub recovery: RecoveryStatus,
    /// Room keys are being backed up to the homeserver.
    pub backup: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum RecoveryStatus {
    /// Not known yet (the first sync has not finished).
    Unknown,
    /// A recovery key is set up and this device holds every secret.
    Enabled,
    /// No recovery key is set up.
    Disabled,
    /// A recovery key exists but this device lacks secrets: enter the key.
    Incomplete,
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SecurityError {
    #[error("the recovery key is not right")]
    WrongRecoveryKey,
    #[error("not a user id: {0}")]
    InvalidUserId(String),
    #[error("{0} has not set up encryption yet")]
    NoIdentity(String),
    #[error("no such verification: {0}")]
    UnknownVerification(String),
    #[error("recovery: {0}")]
    Recovery(#[from] matrix_sdk::encryption::recovery::RecoveryError),
    #[error("verification request: {0}")]
    Request(#[from] matrix_sdk::encryption::identities::RequestVerificationError),
    #[error("crypto store: {0}")]
    Store(#[from] matrix_sdk::encryption::CryptoStoreError),
    #[error("homeserver: {0}")]
    Homeserver(#[from] matrix_sdk::Error),
}

impl HasErrorCode for SecurityError {
    fn code(&self) -> ErrorCode {
        match self {
            Self::WrongRecoveryKey => ErrorCode::WrongRecoveryKey,
            Self::InvalidUserId(_) | Self::NoIdentity(_) => ErrorCode::InvalidInput,
            Self::UnknownVerification(_) => ErrorCode::NotFound,
            Self::Homeserver(e) => classify(e),
            Self::Recovery(
                matrix_sdk::encryption::recovery::RecoveryError::BackupExistsOnServer,
            ) => ErrorCode::BackupOnOtherDevice,
            Self::Store(_) => ErrorCode::Storage,
            Self::Recovery(_) | Self::Request(_) => ErrorCode::Internal,
        }
    }
}
