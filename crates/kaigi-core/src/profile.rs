//! A local profile: one data folder with the Matrix stores, `kaigi.sqlite`,
//! the non-secret session file, and the keychain entries that belong to it.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::keychain::Keychain;
use crate::store::{LocalStore, StoreError};
use crate::{ErrorCode, HasErrorCode};

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ProfileError {
    #[error("cannot create the data folder {path}: {source}")]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl HasErrorCode for ProfileError {
    fn code(&self) -> ErrorCode {
        ErrorCode::Storage
    }
}

#[derive(Debug)]
pub struct Profile {
    dir: PathBuf,
    keychain: Keychain,
    store: LocalStore,
}

impl Profile {
    /// Opens (creating if needed) the profile in `dir`.
    pub fn open(dir: &Path) -> Result<Self, ProfileError> {
        std::fs::create_dir_all(dir).map_err(|source| ProfileError::DataDir {
            path: dir.to_owned(),
            source,
        })?;
        let dir = dir.canonicalize().map_err(|source| ProfileError::DataDir {
            path: dir.to_owned(),
            source,
        })?;
        let store = LocalStore::open(&dir.join("kaigi.sqlite"))?;
        let keychain = Keychain::new(profile_key(&dir));
        Ok(Self {
            dir,
            keychain,
            store,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn keychain(&self) -> &Keychain {
        &self.keychain
    }

    pub fn store(&self) -> &LocalStore {
        &self.store
    }

    /// The message search index (SQLCipher).
    pub(crate) fn search_index_path(&self) -> PathBuf {
        self.dir.join("search.sqlite")
    }

    /// matrix-sdk's state, crypto and event-cache stores (encrypted).
    pub(crate) fn matrix_store_dir(&self) -> PathBuf {
        self.dir.join("matrix")
    }

    /// Who is signed in, without any secret.
    pub(crate) fn session_file(&self) -> PathBuf {
        self.dir.join("session.json")
    }
}

/// A short, stable key for a data folder, used to name its keychain entries.
fn profile_key(dir: &Path) -> String {
    let digest = Sha256::digest(dir.as_os_str().as_encoded_bytes());
    hex::encode(&digest[..8])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn different_folders_get_different_keychain_keys() {
        let a = profile_key(Path::new("/home/a/.local/share/kaigi"));
        let b = profile_key(Path::new("/home/b/.local/share/kaigi"));
        assert_eq!(a.len(), 16);
        assert_ne!(a, b);
        assert_eq!(a, profile_key(Path::new("/home/a/.local/share/kaigi")));
    }
}
