//! Secrets in the OS keychain (Secret Service on Linux, through `keyring`).
//!
//! Every secret of a profile lives under the service [`SERVICE`] with the
//! account `<profile key>/<name>`, so two profiles (or a test and a real user)
//! never see each other's secrets. Secrets never touch files or logs.

use keyring::Entry;

/// The keychain service name under which Kaigi keeps its secrets.
pub const SERVICE: &str = "jp.kaigi.desktop";

/// Errors from the keychain.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum KeychainError {
    #[error("the OS keychain is not available: {0}")]
    Unavailable(String),
    #[error("the keychain refused access: {0}")]
    Refused(String),
}

impl crate::HasErrorCode for KeychainError {
    fn code(&self) -> crate::ErrorCode {
        crate::ErrorCode::KeychainUnavailable
    }
}

/// The keychain entries of one profile.
#[derive(Debug, Clone)]
pub struct Keychain {
    profile_key: String,
}

impl Keychain {
    pub fn new(profile_key: impl Into<String>) -> Self {
        Self {
            profile_key: profile_key.into(),
        }
    }

    /// Reads a secret; `Ok(None)` when there is none.
    pub async fn get(&self, name: &str) -> Result<Option<String>, KeychainError> {
        let entry = self.entry(name)?;
        blocking(move || match entry.get_password() {
            Ok(secret) => Ok(Some(secret)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(map(e)),
        })
        .await
    }

    pub async fn set(&self, name: &str, secret: &str) -> Result<(), KeychainError> {
        let entry = self.entry(name)?;
        let secret = secret.to_owned();
        blocking(move || entry.set_password(&secret).map_err(map)).await
    }

    /// Deletes a secret; deleting one that is not there is not an error.
    pub async fn delete(&self, name: &str) -> Result<(), KeychainError> {
        let entry = self.entry(name)?;
        blocking(move || match entry.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(map(e)),
        })
        .await
    }

    fn entry(&self, name: &str) -> Result<Entry, KeychainError> {
        Entry::new(SERVICE, &format!("{}/{name}", self.profile_key)).map_err(map)
    }
}

fn map(e: keyring::Error) -> KeychainError {
    match e {
        keyring::Error::NoStorageAccess(inner) => KeychainError::Refused(inner.to_string()),
        keyring::Error::NoDefaultStore | keyring::Error::PlatformFailure(_) => {
            KeychainError::Unavailable(e.to_string())
        }
        other => KeychainError::Refused(other.to_string()),
    }
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, KeychainError> + Send + 'static,
) -> Result<T, KeychainError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| KeychainError::Unavailable(format!("keychain task failed: {e}")))?
}
