//! The simulated server's certificate and key, kept where a real server keeps them:
//! `<state dir>/1093/cert/klserver.cer` (PEM, the public part) and `klserver.key` next to it
//! (PEM, owner-only). Generated on first start (RSA 2048, CA, 397 days, SANs 127.0.0.1,
//! localhost and the host name) and reused afterwards, so peers that pinned it keep working.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use rustls_pki_types::{
    CertificateDer, PrivateKeyDer, PrivatePkcs1KeyDer, PrivatePkcs8KeyDer, PrivateSec1KeyDer,
};
use time::OffsetDateTime;

use super::state::private_file;
use crate::tls::Identity;

/// Certificate directory, relative to the state directory.
pub const CERT_DIR: &str = "1093/cert";
/// Certificate file name (PEM).
pub const CERT_FILE: &str = "klserver.cer";
/// Private key file name (PKCS#8 PEM).
pub const KEY_FILE: &str = "klserver.key";
/// Validity of a generated certificate, as KSC issues them since 2020-09-01.
pub const VALIDITY_DAYS: i64 = 397;

/// Why the identity could not be loaded or created.
#[derive(Debug, thiserror::Error)]
pub enum IdentityError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A file exists but does not hold what it should.
    #[error("{path}: {detail}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        detail: String,
    },
    /// Generating the certificate failed.
    #[error("cannot generate the server certificate: {0}")]
    Generate(String),
}

/// The server's identity and where its certificate lives.
#[derive(Clone, Debug)]
pub struct ServerIdentity {
    /// Certificate and key for TLS.
    pub identity: Identity,
    /// The certificate (DER).
    pub cert_der: Vec<u8>,
    /// Path of `klserver.cer`.
    pub cert_path: PathBuf,
}

/// When a generated certificate is valid: from `not_before` to `not_after`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Validity {
    /// Start.
    pub not_before: OffsetDateTime,
    /// End.
    pub not_after: OffsetDateTime,
}

impl Validity {
    /// A certificate of KSC's 397 days that expires `days` from now: made 397 − `days` days ago,
    /// as on a server installed that long ago.
    pub fn expiring_in_days(days: i64) -> Self {
        let not_after = OffsetDateTime::now_utc() + time::Duration::days(days);
        Self {
            not_before: not_after - time::Duration::days(VALIDITY_DAYS),
            not_after,
        }
    }
}

fn read_pem(path: &Path, tags: &[&str]) -> Result<Vec<u8>, IdentityError> {
    read_pem_block(path, tags).map(pem::Pem::into_contents)
}

fn read_pem_block(path: &Path, tags: &[&str]) -> Result<pem::Pem, IdentityError> {
    let text = std::fs::read(path).map_err(|source| IdentityError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let p = pem::parse(&text).map_err(|e| IdentityError::Invalid {
        path: path.to_path_buf(),
        detail: format!("not PEM: {e}"),
    })?;
    if !tags.contains(&p.tag()) {
        return Err(IdentityError::Invalid {
            path: path.to_path_buf(),
            detail: format!(
                "holds \"{}\", expected \"{}\"",
                p.tag(),
                tags.join("\" or \"")
            ),
        });
    }
    Ok(p)
}

fn write_file(path: &Path, bytes: &[u8], private: bool) -> Result<(), IdentityError> {
    let io = |source| IdentityError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut f = if private {
        private_file(path).map_err(io)?
    } else {
        std::fs::File::create(path).map_err(io)?
    };
    f.write_all(bytes).map_err(io)?;
    f.sync_all().map_err(io)
}

/// The names the server's certificate is made for: its host name, `localhost` and `127.0.0.1`.
pub(crate) fn names_for(hostname: &str) -> Vec<String> {
    let mut names = vec![hostname.to_string()];
    for extra in ["localhost", "127.0.0.1"] {
        if !names.iter().any(|n| n.eq_ignore_ascii_case(extra)) {
            names.push(extra.to_string());
        }
    }
    names.retain(|n| !n.trim().is_empty());
    names
}

/// PEM labels of the private key forms the key file may hold.
const KEY_PKCS8: &str = "PRIVATE KEY";
const KEY_PKCS1: &str = "RSA PRIVATE KEY";
const KEY_SEC1: &str = "EC PRIVATE KEY";

fn read_key(path: &Path) -> Result<PrivateKeyDer<'static>, IdentityError> {
    let block = read_pem_block(path, &[KEY_PKCS8, KEY_PKCS1, KEY_SEC1])?;
    let tag = block.tag().to_string();
    let bytes = block.into_contents();
    Ok(match tag.as_str() {
        KEY_PKCS1 => PrivateKeyDer::Pkcs1(PrivatePkcs1KeyDer::from(bytes)),
        KEY_SEC1 => PrivateKeyDer::Sec1(PrivateSec1KeyDer::from(bytes)),
        _ => PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(bytes)),
    })
}

fn key_pem(key: &PrivateKeyDer<'_>) -> Option<String> {
    let (tag, der) = match key {
        PrivateKeyDer::Pkcs8(k) => (KEY_PKCS8, k.secret_pkcs8_der()),
        PrivateKeyDer::Pkcs1(k) => (KEY_PKCS1, k.secret_pkcs1_der()),
        PrivateKeyDer::Sec1(k) => (KEY_SEC1, k.secret_sec1_der()),
        _ => return None,
    };
    Some(pem::encode_config(
        &pem::Pem::new(tag, der.to_vec()),
        pem::EncodeConfig::new().set_line_ending(pem::LineEnding::LF),
    ))
}

/// Writes `identity` where the server keeps it: `klserver.cer` (PEM) and its key, so that the
/// next start presents the same certificate. Returns the certificate (DER).
pub fn save(cert_path: &Path, identity: &Identity) -> Result<Vec<u8>, IdentityError> {
    let invalid = |detail: &str| IdentityError::Invalid {
        path: cert_path.to_path_buf(),
        detail: detail.to_string(),
    };
    let leaf = identity
        .cert_chain
        .first()
        .map(|c| c.as_ref().to_vec())
        .ok_or_else(|| invalid("the identity has no certificate"))?;
    let key = key_pem(&identity.key).ok_or_else(|| invalid("the key is of an unknown form"))?;
    let cert_pem = pem::encode_config(
        &pem::Pem::new("CERTIFICATE", leaf.clone()),
        pem::EncodeConfig::new().set_line_ending(pem::LineEnding::LF),
    );
    // The key first: a certificate without its key on disk could not be served after a restart.
    write_file(&cert_path.with_file_name(KEY_FILE), key.as_bytes(), true)?;
    write_file(cert_path, cert_pem.as_bytes(), false)?;
    Ok(leaf)
}

/// Loads the identity from the state directory, or generates and saves one for `hostname`.
pub fn load_or_create(state_dir: &Path, hostname: &str) -> Result<ServerIdentity, IdentityError> {
    load_or_create_valid(state_dir, hostname, None)
}

/// Like [`load_or_create`]; with `validity`, the certificate is valid then: a kept one that
/// ends on another day is replaced by a new one, as `klsetsrvcert` would.
pub fn load_or_create_valid(
    state_dir: &Path,
    hostname: &str,
    validity: Option<Validity>,
) -> Result<ServerIdentity, IdentityError> {
    let dir = state_dir.join(CERT_DIR);
    let cert_path = dir.join(CERT_FILE);
    let key_path = dir.join(KEY_FILE);
    if cert_path.exists() && key_path.exists() {
        let cert_der = read_pem(&cert_path, &["CERTIFICATE"])?;
        let key = read_key(&key_path)?;
        let wanted = validity.is_none_or(|v| {
            crate::cert::parse_certificate(&cert_der)
                .is_ok_and(|d| (d.not_after - v.not_after).abs() <= time::Duration::days(1))
        });
        if wanted {
            let identity = Identity {
                cert_chain: vec![CertificateDer::from(cert_der.clone())],
                key,
            };
            return Ok(ServerIdentity {
                identity,
                cert_der,
                cert_path,
            });
        }
    }
    std::fs::create_dir_all(&dir).map_err(|source| IdentityError::Io {
        path: dir.clone(),
        source,
    })?;
    let names = names_for(hostname);
    let generated = match validity {
        Some(v) => crate::cert::generate_server_identity_between(&names, v.not_before, v.not_after),
        None => crate::cert::generate_server_identity(&names, VALIDITY_DAYS),
    };
    let (details, identity, key_pem) =
        generated.map_err(|e| IdentityError::Generate(e.to_string()))?;
    write_file(&key_path, key_pem.as_bytes(), true)?;
    write_file(&cert_path, details.to_pem().as_bytes(), false)?;
    Ok(ServerIdentity {
        identity,
        cert_der: details.der,
        cert_path,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn a_certificate_expiring_soon_is_made_on_request_and_kept_while_it_fits() {
        let dir = tempfile::tempdir().unwrap();
        let a =
            load_or_create_valid(dir.path(), "ksc", Some(Validity::expiring_in_days(20))).unwrap();
        let d = crate::cert::parse_certificate(&a.cert_der).unwrap();
        let left = d.not_after - OffsetDateTime::now_utc();
        assert!((19..=20).contains(&left.whole_days()), "{left}");
        assert_eq!((d.not_after - d.not_before).whole_days(), VALIDITY_DAYS);
        let again =
            load_or_create_valid(dir.path(), "ksc", Some(Validity::expiring_in_days(20))).unwrap();
        assert_eq!(again.cert_der, a.cert_der);
        assert_eq!(
            load_or_create(dir.path(), "ksc").unwrap().cert_der,
            a.cert_der
        );
        // Asked for another expiry, the server is given a new certificate.
        let other =
            load_or_create_valid(dir.path(), "ksc", Some(Validity::expiring_in_days(200))).unwrap();
        assert_ne!(other.cert_der, a.cert_der);
        assert_eq!(
            load_or_create(dir.path(), "ksc").unwrap().cert_der,
            other.cert_der
        );
    }

    #[test]
    fn a_saved_identity_is_loaded_with_its_key() {
        let dir = tempfile::tempdir().unwrap();
        let first = load_or_create(dir.path(), "ksc").unwrap();
        let (_, identity, _) =
            crate::cert::generate_server_identity(&["ksc".to_string()], 30).unwrap();
        let der = save(&first.cert_path, &identity).unwrap();
        let loaded = load_or_create(dir.path(), "ksc").unwrap();
        assert_eq!(loaded.cert_der, der);
        // The key on disk is the new certificate's: a TLS server can be made of the two.
        assert!(crate::tls::server_config(loaded.identity, None).is_ok());
    }

    #[test]
    fn generated_once_then_reused() {
        let dir = tempfile::tempdir().unwrap();
        let a = load_or_create(dir.path(), "ksc1.corp.example").unwrap();
        let b = load_or_create(dir.path(), "ignored").unwrap();
        assert_eq!(a.cert_der, b.cert_der);
        let d = crate::cert::load_certificate_file(&a.cert_path).unwrap();
        assert_eq!(d.source_format, crate::cert::Format::Pem);
        assert_eq!(d.key_algorithm, "RSA");
        assert_eq!(d.key_bits, Some(2048));
        assert!(d.basic_constraints.unwrap().ca);
        for san in ["DNS:ksc1.corp.example", "DNS:localhost", "IP:127.0.0.1"] {
            assert!(
                d.subject_alt_names.iter().any(|s| s == san),
                "{san}: {:?}",
                d.subject_alt_names
            );
        }
        let days = (d.not_after - d.not_before).whole_days();
        assert!((397..=398).contains(&days), "{days}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(dir.path().join(CERT_DIR).join(KEY_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
