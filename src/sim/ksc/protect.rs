//! Data protection (`DataProtectionApi`): the simulated server encrypts sensitive values with a
//! per-server AES-256-GCM key kept in `<state dir>/1093/dataprot.key` (owner-only), so a value
//! protected by one simulated server can be read only by that server — as on a real one.
//!
//! Protected blob layout: `KSDP` magic, version byte `1`, a [`Kind`] byte, 12-byte nonce,
//! ciphertext with tag; the header is authenticated as associated data.

use std::path::{Path, PathBuf};

use aws_lc_rs::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use zeroize::Zeroizing;

use crate::secrets::Secret;

const MAGIC: &[u8; 4] = b"KSDP";
const VERSION: u8 = 1;
const HEADER: usize = 6;
const KEY_LEN: usize = 32;
/// Key file, relative to the state directory.
pub const KEY_FILE: &str = "1093/dataprot.key";

/// What a protected blob holds, so a password can be read back in the encoding it was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Arbitrary bytes (`ProtectData*`).
    Data = 0,
    /// UTF-8 text (`ProtectUtf8String*`).
    Utf8 = 1,
    /// UTF-16LE text (`ProtectUtf16String*`).
    Utf16 = 2,
}

impl Kind {
    fn from_byte(b: u8) -> Option<Kind> {
        match b {
            0 => Some(Kind::Data),
            1 => Some(Kind::Utf8),
            2 => Some(Kind::Utf16),
            _ => None,
        }
    }
}

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
    /// The plain text is not valid UTF-8 / UTF-16.
    #[error("protected value is not valid text")]
    NotText,
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

    /// Encrypts `plain` (of the given kind) into a protected blob.
    pub fn protect(&self, kind: Kind, plain: &[u8]) -> Result<Vec<u8>, ProtectError> {
        let key = self.sealing_key()?;
        let mut nonce = [0u8; NONCE_LEN];
        aws_lc_rs::rand::fill(&mut nonce).map_err(|_| ProtectError::Crypto("random nonce"))?;
        let mut out = Vec::with_capacity(HEADER + NONCE_LEN + plain.len() + 16);
        out.extend_from_slice(MAGIC);
        out.push(VERSION);
        out.push(kind as u8);
        let mut in_out = plain.to_vec();
        key.seal_in_place_append_tag(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(&out[..HEADER]),
            &mut in_out,
        )
        .map_err(|_| ProtectError::Crypto("AES-256-GCM seal"))?;
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&in_out);
        Ok(out)
    }

    /// Decrypts a blob made by [`DataProtector::protect`]; returns its kind and bytes.
    pub fn unprotect(&self, blob: &[u8]) -> Result<(Kind, Vec<u8>), ProtectError> {
        if blob.len() < HEADER + NONCE_LEN + AES_256_GCM.tag_len()
            || &blob[..MAGIC.len()] != MAGIC
            || blob[MAGIC.len()] != VERSION
        {
            return Err(ProtectError::Format);
        }
        let kind = Kind::from_byte(blob[MAGIC.len() + 1]).ok_or(ProtectError::Format)?;
        let nonce: [u8; NONCE_LEN] = blob[HEADER..HEADER + NONCE_LEN]
            .try_into()
            .map_err(|_| ProtectError::Format)?;
        let key = self.sealing_key()?;
        let mut in_out = blob[HEADER + NONCE_LEN..].to_vec();
        let plain = key
            .open_in_place(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(&blob[..HEADER]),
                &mut in_out,
            )
            .map_err(|_| ProtectError::Decrypt)?;
        Ok((kind, plain.to_vec()))
    }

    /// Decrypts a protected text (UTF-8 or UTF-16LE, or data holding UTF-8).
    pub fn unprotect_text(&self, blob: &[u8]) -> Result<Secret, ProtectError> {
        let (kind, bytes) = self.unprotect(blob)?;
        let bytes = Zeroizing::new(bytes);
        match kind {
            Kind::Data | Kind::Utf8 => std::str::from_utf8(&bytes)
                .map(Secret::new)
                .map_err(|_| ProtectError::NotText),
            Kind::Utf16 => {
                if bytes.len() % 2 != 0 {
                    return Err(ProtectError::NotText);
                }
                let units: Zeroizing<Vec<u16>> = Zeroizing::new(
                    bytes
                        .chunks_exact(2)
                        .map(|c| u16::from_le_bytes([c[0], c[1]]))
                        .collect(),
                );
                String::from_utf16(&units)
                    .map(Secret::new)
                    .map_err(|_| ProtectError::NotText)
            }
        }
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
        let blob = p.protect(Kind::Utf8, "пароль".as_bytes()).unwrap();
        assert!(!blob.windows(12).any(|w| w == "пароль".as_bytes()));
        let again = DataProtector::load_or_create(dir.path()).unwrap();
        assert_eq!(again.unprotect_text(&blob).unwrap().expose(), "пароль");
        let utf16: Vec<u8> = "pass".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let blob = p.protect(Kind::Utf16, &utf16).unwrap();
        assert_eq!(again.unprotect_text(&blob).unwrap().expose(), "pass");
        let blob = p.protect(Kind::Data, &[0xff, 0]).unwrap();
        assert_eq!(again.unprotect(&blob).unwrap(), (Kind::Data, vec![0xff, 0]));
        assert!(matches!(
            again.unprotect_text(&blob),
            Err(ProtectError::NotText)
        ));
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
        let mut blob = pa.protect(Kind::Data, b"secret").unwrap();
        assert!(matches!(pb.unprotect(&blob), Err(ProtectError::Decrypt)));
        assert!(matches!(pa.unprotect(b"KSDP"), Err(ProtectError::Format)));
        let last = blob.len() - 1;
        blob[last] ^= 1;
        assert!(matches!(pa.unprotect(&blob), Err(ProtectError::Decrypt)));
        blob[last] ^= 1;
        blob[5] = 1;
        assert!(matches!(pa.unprotect(&blob), Err(ProtectError::Decrypt)));
    }
}
