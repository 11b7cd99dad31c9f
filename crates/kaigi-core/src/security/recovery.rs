//! Key backup with a recovery key: set it up once, enter it on a new device to
//! get back the cross-signing keys and the history of encrypted rooms.

use matrix_sdk::encryption::backups::BackupState;
use matrix_sdk::encryption::recovery::{RecoveryError, RecoveryState};

use super::{RecoveryStatus, SecurityError, SecurityState};
use crate::session::Session;

pub async fn security_state(session: &Session) -> SecurityState {
    let encryption = session.client().encryption();
    let cross_signing = encryption
        .cross_signing_status()
        .await
        .is_some_and(|s| s.is_complete());
    let device_verified = match encryption.get_own_device().await {
        Ok(Some(device)) => device.is_cross_signed_by_owner(),
        _ => false,
    };
    let recovery = match encryption.recovery().state() {
        RecoveryState::Unknown => RecoveryStatus::Unknown,
        RecoveryState::Enabled => RecoveryStatus::Enabled,
        RecoveryState::Disabled => RecoveryStatus::Disabled,
        RecoveryState::Incomplete => RecoveryStatus::Incomplete,
    };
    let backup = matches!(
        encryption.backups().state(),
        BackupState::Enabled
            | BackupState::Creating
            | BackupState::Resuming
            | BackupState::Enabling
    );
    SecurityState {
        cross_signing,
        device_verified,
        recovery,
        backup,
    }
}

/// Turns on recovery: the secrets go to the homeserver encrypted with a new
/// recovery key, which is returned for the user to keep. It waits until the
/// room keys held now are backed up.
pub async fn enable_recovery(session: &Session) -> Result<String, SecurityError> {
    let recovery = session.client().encryption().recovery();
    Ok(recovery.enable().wait_for_backups_to_upload().await?)
}

/// Replaces the recovery key with a new one (the old one stops working).
pub async fn reset_recovery_key(session: &Session) -> Result<String, SecurityError> {
    Ok(session.client().encryption().recovery().reset_key().await?)
}

/// Unlocks this device's secrets with the recovery key: cross-signing (so the
/// device becomes verified) and the key backup.
pub async fn recover(session: &Session, recovery_key: &str) -> Result<(), SecurityError> {
    let key = recovery_key.trim();
    match session.client().encryption().recovery().recover(key).await {
        Ok(()) => Ok(()),
        Err(RecoveryError::SecretStorage(e)) => {
            tracing::info!(error = %e, "recovery key refused");
            Err(SecurityError::WrongRecoveryKey)
        }
        Err(e) => Err(e.into()),
    }
}
