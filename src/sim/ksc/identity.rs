//! The simulated server's certificate and key, kept where a real server keeps them:
//! `<state dir>/1093/cert/klserver.cer` (PEM, the public part) and `klserver.key` next to it
//! (PKCS#8 PEM, owner-only). Generated on first start (RSA 2048, CA, 397 days, SANs 127.0.0.1,
//! localhost and the host name) and reused afterwards, so peers that pinned it keep working.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use rustls_pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

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

fn read_pem(path: &Path, tags: &[&str]) -> Result<Vec<u8>, IdentityError> {
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
    Ok(p.into_contents())
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

/// Loads the identity from the state directory, or generates and saves one for `hostname`.
pub fn load_or_create(state_dir: &Path, hostname: &str) -> Result<ServerIdentity, IdentityError> {
    let dir = state_dir.join(CERT_DIR);
    let cert_path = dir.join(CERT_FILE);
    let key_path = dir.join(KEY_FILE);
    if cert_path.exists() && key_path.exists() {
        let cert_der = read_pem(&cert_path, &["CERTIFICATE"])?;
        let key = read_pem(&key_path, &["PRIVATE KEY"])?;
        let identity = Identity {
            cert_chain: vec![CertificateDer::from(cert_der.clone())],
            key: PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key)),
        };
        return Ok(ServerIdentity {
            identity,
            cert_der,
            cert_path,
        });
    }
    std::fs::create_dir_all(&dir).map_err(|source| IdentityError::Io {
        path: dir.clone(),
        source,
    })?;
    let names = names_for(hostname);
    let (details, identity, key_pem) = crate::cert::generate_server_identity(&names, VALIDITY_DAYS)
        .map_err(|e| IdentityError::Generate(e.to_string()))?;
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
