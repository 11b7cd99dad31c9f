//! What is remembered of a session between runs, and where.

use matrix_sdk::authentication::matrix::MatrixSession;
use matrix_sdk::{SessionMeta, SessionTokens};
use serde::{Deserialize, Serialize};

use super::SessionError;
use crate::profile::Profile;

/// Keychain entry names.
pub(super) const ACCESS_TOKEN: &str = "access-token";
pub(super) const REFRESH_TOKEN: &str = "refresh-token";
pub(super) const STORE_PASSPHRASE: &str = "store-passphrase";
/// The SQLCipher key of the search index.
pub(super) const SEARCH_KEY: &str = "search-index-key";

/// The non-secret part, kept in `session.json`.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct SavedSession {
    pub homeserver: String,
    pub user_id: matrix_sdk::ruma::OwnedUserId,
    pub device_id: matrix_sdk::ruma::OwnedDeviceId,
}

impl SavedSession {
    pub fn read(profile: &Profile) -> Result<Option<Self>, SessionError> {
        match std::fs::read(profile.session_file()) {
            Ok(bytes) => Ok(Some(serde_json::from_slice(&bytes)?)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Writes atomically: a crash leaves the old file or the new one, never half.
    pub fn write(&self, profile: &Profile) -> Result<(), SessionError> {
        let path = profile.session_file();
        let tmp = path.with_extension("json.tmp");
        std::fs::write(&tmp, serde_json::to_vec_pretty(self)?)?;
        std::fs::rename(&tmp, &path)?;
        Ok(())
    }

    pub fn into_matrix_session(self, tokens: SessionTokens) -> MatrixSession {
        MatrixSession {
            meta: SessionMeta {
                user_id: self.user_id,
                device_id: self.device_id,
            },
            tokens,
        }
    }
}
