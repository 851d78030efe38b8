//! Data protection (`DataProtectionApi`): the simulated server encrypts sensitive values with a
//! per-server AES-256-GCM key kept in `<state dir>/1093/dataprot.key` (owner-only), so a value
//! protected by one simulated server can be read only by that server — as on a real one.
//!
//! Protected blob layout: `KSDP` magic, version byte `1`, 12-byte nonce, ciphertext with tag.

use std::path::{Path, PathBuf};

use aws_lc_rs::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use zeroize::Zeroizing;

const MAGIC: &[u8; 4] = b"KSDP";
const VERSION: u8 = 1;
const KEY_LEN: usize = 32;
/// Key file, relative to the state directory.
pub const KEY_FILE: &str = "1093/dataprot.key";

/// Why data could not be protected or unprotected.
#[derive(Debug, thiserror::Error)]
pub enum ProtectError {
    /// The key file could not be read or written.
    #[error("key file {path}: {source}")]
    KeyFile {
        /// The key file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The key file has the wrong length.
    #[error("key file {path} holds {len} bytes, expected {KEY_LEN}")]
    KeyLength {
        /// The key file.
        path: PathBuf,
        /// Its length.
        len: usize,
    },
    /// The blob is not a protected value of this simulator.
    #[error("not a protected value (bad header or too short)")]
    Format,
    /// Decryption failed: another server's key, or a damaged value.
    #[error("protected value does not decrypt with this server's key")]
    Decrypt,
    /// The crypto library failed.
    #[error("crypto failure: {0}")]
    Crypto(&'static str),
}

/// The per-server data-protection key.
pub struct DataProtector {
    key: Zeroizing<[u8; KEY_LEN]>,
}

impl DataProtector {
    /// Loads the key from the state directory, or creates one.
    pub fn load_or_create(state_dir: &Path) -> Result<Self, ProtectError> {
        let path = state_dir.join(KEY_FILE);
        let kerr = |source| ProtectError::KeyFile {
            path: path.clone(),
            source,
        };
        match std::fs::read(&path) {
            Ok(bytes) => {
                let bytes = Zeroizing::new(bytes);
                let key: [u8; KEY_LEN] =
                    bytes
                        .as_slice()
                        .try_into()
                        .map_err(|_| ProtectError::KeyLength {
                            path: path.clone(),
                            len: bytes.len(),
                        })?;
                Ok(Self {
                    key: Zeroizing::new(key),
                })
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut key = Zeroizing::new([0u8; KEY_LEN]);
                aws_lc_rs::rand::fill(&mut key[..])
                    .map_err(|_| ProtectError::Crypto("random key generation"))?;
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent).map_err(kerr)?;
                }
                use std::io::Write as _;
                let mut f = super::state::private_file(&path).map_err(kerr)?;
                f.write_all(&key[..]).map_err(kerr)?;
                f.sync_all().map_err(kerr)?;
                Ok(Self { key })
            }
            Err(e) => Err(kerr(e)),
        }
    }

    fn sealing_key(&self) -> Result<LessSafeKey, ProtectError> {
        UnboundKey::new(&AES_256_GCM, &self.key[..])
            .map(LessSafeKey::new)
            .map_err(|_| ProtectError::Crypto("AES-256-GCM key"))
    }

    /// Encrypts `plain` into a protected blob.
    pub fn protect(&self, plain: &[u8]) -> Result<Vec<u8>, ProtectError> {
        let key = self.sealing_key()?;
        let mut nonce = [0u8; NONCE_LEN];
        aws_lc_rs::rand::fill(&mut nonce).map_err(|_| ProtectError::Crypto("random nonce"))?;
        let mut in_out = plain.to_vec();
        key.seal_in_place_append_tag(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(MAGIC),
            &mut in_out,
        )
        .map_err(|_| ProtectError::Crypto("AES-256-GCM seal"))?;
        let mut out = Vec::with_capacity(MAGIC.len() + 1 + NONCE_LEN + in_out.len());
        out.extend_from_slice(MAGIC);
        out.push(VERSION);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&in_out);
        Ok(out)
    }

    /// Decrypts a blob made by [`DataProtector::protect`].
    pub fn unprotect(&self, blob: &[u8]) -> Result<Vec<u8>, ProtectError> {
        let header = MAGIC.len() + 1;
        if blob.len() < header + NONCE_LEN + AES_256_GCM.tag_len()
            || &blob[..MAGIC.len()] != MAGIC
            || blob[MAGIC.len()] != VERSION
        {
            return Err(ProtectError::Format);
        }
        let nonce: [u8; NONCE_LEN] = blob[header..header + NONCE_LEN]
            .try_into()
            .map_err(|_| ProtectError::Format)?;
        let key = self.sealing_key()?;
        let mut in_out = blob[header + NONCE_LEN..].to_vec();
        let plain = key
            .open_in_place(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(MAGIC),
                &mut in_out,
            )
            .map_err(|_| ProtectError::Decrypt)?;
        Ok(plain.to_vec())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_key_reuse() {
        let dir = tempfile::tempdir().unwrap();
        let p = DataProtector::load_or_create(dir.path()).unwrap();
        let blob = p.protect("пароль".as_bytes()).unwrap();
        assert_ne!(&blob[9..], "пароль".as_bytes());
        let again = DataProtector::load_or_create(dir.path()).unwrap();
        assert_eq!(again.unprotect(&blob).unwrap(), "пароль".as_bytes());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(dir.path().join(KEY_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn other_key_or_damage_is_refused() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let pa = DataProtector::load_or_create(a.path()).unwrap();
        let pb = DataProtector::load_or_create(b.path()).unwrap();
        let mut blob = pa.protect(b"secret").unwrap();
        assert!(matches!(pb.unprotect(&blob), Err(ProtectError::Decrypt)));
        assert!(matches!(pa.unprotect(b"KSDP"), Err(ProtectError::Format)));
        let last = blob.len() - 1;
        blob[last] ^= 1;
        assert!(matches!(pa.unprotect(&blob), Err(ProtectError::Decrypt)));
    }
}
