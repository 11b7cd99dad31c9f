//! Meeting materials on disk, encrypted at rest.
//!
//! Each material is a file named by the SHA-256 of its PDF bytes, sealed with
//! XChaCha20-Poly1305 under a key that lives only in the keychain. The same
//! key seals the meeting log in `kaigi.sqlite`. A copied disk image without
//! the keychain reads as noise; a changed byte fails to open.

use std::io::Write;
use std::path::PathBuf;

use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use sha2::{Digest, Sha256};

use super::MeetingError;
use crate::keychain::Keychain;

/// The keychain entry of the key.
const KEY_NAME: &str = "material-key";
const NONCE_LEN: usize = 24;

/// Seals and opens bytes with the profile's material key.
pub struct Sealer {
    cipher: XChaCha20Poly1305,
}

impl Sealer {
    /// The profile's key from the keychain, made on first use; whether it
    /// was made now (anything sealed before cannot be opened with it).
    pub async fn from_keychain(keychain: &Keychain) -> Result<(Self, bool), MeetingError> {
        let (key, fresh) = match keychain.get(KEY_NAME).await? {
            Some(hex_key) => (
                hex::decode(hex_key.trim()).map_err(|_| MeetingError::Tampered)?,
                false,
            ),
            None => {
                let key = XChaCha20Poly1305::generate_key(&mut OsRng).to_vec();
                keychain.set(KEY_NAME, &hex::encode(&key)).await?;
                (key, true)
            }
        };
        let cipher = XChaCha20Poly1305::new_from_slice(&key).map_err(|_| MeetingError::Tampered)?;
        Ok((Self { cipher }, fresh))
    }

    /// Removes the key from the keychain.
    pub async fn forget(keychain: &Keychain) -> Result<(), MeetingError> {
        Ok(keychain.delete(KEY_NAME).await?)
    }

    /// `nonce || ciphertext`.
    pub fn seal(&self, plain: &[u8]) -> Vec<u8> {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let mut out = nonce.to_vec();
        // Encryption fails only past ~256 GiB per message.
        out.extend(self.cipher.encrypt(&nonce, plain).unwrap_or_default());
        out
    }

    pub fn open(&self, sealed: &[u8]) -> Result<Vec<u8>, MeetingError> {
        if sealed.len() < NONCE_LEN {
            return Err(MeetingError::Tampered);
        }
        let (nonce, body) = sealed.split_at(NONCE_LEN);
        self.cipher
            .decrypt(XNonce::from_slice(nonce), body)
            .map_err(|_| MeetingError::Tampered)
    }
}

/// The folder of cached materials.
pub struct MaterialCache {
    dir: PathBuf,
}

/// The SHA-256 of `bytes`, hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn check_hash(sha256: &str) -> Result<(), MeetingError> {
    if sha256.len() == 64 && sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(())
    } else {
        Err(MeetingError::HashMismatch)
    }
}

impl MaterialCache {
    pub fn new(dir: PathBuf) -> Self {
        Self { dir }
    }

    fn path(&self, sha256: &str) -> Result<PathBuf, MeetingError> {
        check_hash(sha256)?;
        Ok(self
            .dir
            .join(format!("{}.sealed", sha256.to_ascii_lowercase())))
    }

    pub fn has(&self, sha256: &str) -> bool {
        self.path(sha256).is_ok_and(|p| p.exists())
    }

    /// Stores `bytes`, which must hash to `sha256`. Written to a temporary
    /// file and renamed, so a crash never leaves half a material.
    pub fn put(&self, sealer: &Sealer, sha256: &str, bytes: &[u8]) -> Result<(), MeetingError> {
        let path = self.path(sha256)?;
        if sha256_hex(bytes) != sha256.to_ascii_lowercase() {
            return Err(MeetingError::HashMismatch);
        }
        std::fs::create_dir_all(&self.dir)?;
        let partial = path.with_extension("partial");
        let mut file = std::fs::File::create(&partial)?;
        file.write_all(&sealer.seal(bytes))?;
        file.sync_all()?;
        std::fs::rename(&partial, &path)?;
        Ok(())
    }

    /// The PDF bytes, checked against their hash.
    pub fn get(&self, sealer: &Sealer, sha256: &str) -> Result<Vec<u8>, MeetingError> {
        let path = self.path(sha256)?;
        let sealed = match std::fs::read(&path) {
            Ok(sealed) => sealed,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(MeetingError::NotCached);
            }
            Err(e) => return Err(e.into()),
        };
        let bytes = sealer.open(&sealed)?;
        if sha256_hex(&bytes) != sha256.to_ascii_lowercase() {
            return Err(MeetingError::HashMismatch);
        }
        Ok(bytes)
    }

    /// Deletes every cached file.
    pub fn wipe_all(&self) -> Result<(), MeetingError> {
        match std::fs::remove_dir_all(&self.dir) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
            _ => Ok(()),
        }
    }

    /// Deletes the cached file; whether there was one.
    pub fn wipe(&self, sha256: &str) -> Result<bool, MeetingError> {
        match std::fs::remove_file(self.path(sha256)?) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(e.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new_sealer() -> Sealer {
        Sealer {
            cipher: XChaCha20Poly1305::new(&XChaCha20Poly1305::generate_key(&mut OsRng)),
        }
    }

    #[test]
    fn a_material_is_stored_sealed_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let cache = MaterialCache::new(dir.path().join("materials"));
        let sealer = new_sealer();
        let pdf = b"%PDF-1.7 \xe4\xbc\x9a\xe8\xad\xb0\xe8\xb3\x87\xe6\x96\x99 plain words".to_vec();
        let sha = sha256_hex(&pdf);
        cache.put(&sealer, &sha, &pdf).unwrap();
        assert!(cache.has(&sha));
        let on_disk = std::fs::read(cache.path(&sha).unwrap()).unwrap();
        assert!(
            !on_disk.windows(11).any(|w| w == b"plain words"),
            "the file on disk must not hold the plain bytes"
        );
        assert_eq!(cache.get(&sealer, &sha).unwrap(), pdf);
        // Another key cannot open it.
        assert!(matches!(
            cache.get(&new_sealer(), &sha),
            Err(MeetingError::Tampered)
        ));
        assert!(cache.wipe(&sha).unwrap());
        assert!(!cache.has(&sha));
        assert!(matches!(
            cache.get(&sealer, &sha),
            Err(MeetingError::NotCached)
        ));
        assert!(!cache.wipe(&sha).unwrap());
    }

    #[test]
    fn bytes_that_do_not_match_their_hash_or_a_changed_file_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let cache = MaterialCache::new(dir.path().to_owned());
        let sealer = new_sealer();
        let wrong = sha256_hex(b"other");
        assert!(matches!(
            cache.put(&sealer, &wrong, b"pdf"),
            Err(MeetingError::HashMismatch)
        ));
        assert!(matches!(
            cache.put(&sealer, "../../etc/passwd", b"pdf"),
            Err(MeetingError::HashMismatch)
        ));
        let sha = sha256_hex(b"pdf");
        cache.put(&sealer, &sha, b"pdf").unwrap();
        let path = cache.path(&sha).unwrap();
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&path, bytes).unwrap();
        assert!(matches!(
            cache.get(&sealer, &sha),
            Err(MeetingError::Tampered)
        ));
    }
}
