//! The offline join file: everything a branch office needs to make its Administration Server a
//! secondary of a primary it cannot be reached from, in one small text file that travels on a
//! flash drive or by mail.
//!
//! # Format (version 1)
//!
//! A UTF-8 TOML file, usually named `<primary>.ksc-join.toml`:
//!
//! ```toml
//! # ksc-link join file: ...explanatory comments...
//! format = "ksc-link-join"
//! version = 1
//! created = "2025-03-01T12:00:00Z"
//!
//! [primary]
//! address = "ksc-hq.corp"          # as the secondary dials it
//! ssl_port = 13000                 # the primary's Administration Server SSL port
//! api_port = 13299                 # optional: its Open API port, to check the result
//! certificate_sha256 = "AA:BB:…"   # SHA-256 of the certificate's DER, to compare by phone
//! certificate = """
//! -----BEGIN CERTIFICATE-----
//! …
//! -----END CERTIFICATE-----
//! """
//!
//! [proxy]                          # optional: the proxy the secondary uses to reach the primary
//! address = "proxy.branch.corp"
//! port = 3128
//!
//! [integrity]
//! content_sha256 = "…"             # SHA-256 (hex) of every byte above this table, LF line ends
//! ```
//!
//! It never holds a password: a proxy's user and password are typed on the secondary. Readers
//! refuse a file whose `[integrity]` table is missing (truncated), whose content checksum does
//! not match (damaged or edited after export), whose certificate does not have the stated
//! fingerprint (contradicting itself), or whose `version` is newer than they know. Unknown keys
//! are ignored so that later minor additions stay readable.
//!
//! The checksum and the stated fingerprint only detect damage: they have no key, so whoever
//! edits the file can recompute both. They prove nothing about who made the file; that the
//! certificate is the primary's is shown only by comparing its fingerprint with the primary's
//! administrator over another channel, which the secondary page asks for before it saves.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::plan::{ProxyPlan, SecondarySettings};
use super::validate::{self, Field, FieldError};
use crate::cert::{CertError, CertificateDetails, parse_certificate};
use crate::secrets::Secret;
use crate::tls::Pin;

/// The value of the `format` key.
pub const FORMAT: &str = "ksc-link-join";

/// The format version written, and the newest one read.
pub const VERSION: u32 = 1;

/// The ending of a join file's name.
pub const FILE_SUFFIX: &str = ".ksc-join.toml";

/// Largest join file read; a real one is about 3 KiB.
pub const MAX_JOIN_FILE_BYTES: u64 = 64 * 1024;

/// The table that closes the file; nothing follows it.
const INTEGRITY_HEADER: &str = "[integrity]";

/// How every join file starts.
const HEADER_START: &str = "# ksc-link join file";

/// What the file says about itself, at its top.
const HEADER: &str = "\
# ksc-link join file: makes an Administration Server a secondary of the primary below.
# Open it in ksc-link on the future secondary (\"This server is secondary\" > \"Import join file\")
# and compare the certificate fingerprint with the primary's administrator by phone.
# It holds no password. The checksum at its end detects a damaged copy, not who wrote it:
# a changed file is refused, so export it again instead of editing it.
";

/// Why a join file cannot be written or used.
#[derive(Debug, thiserror::Error)]
pub enum JoinFileError {
    /// The file could not be read or written.
    #[error("{}", io_text(action, path, source))]
    Io {
        /// "read" or "write".
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// Larger than [`MAX_JOIN_FILE_BYTES`].
    #[error("{}", crate::fl!("joinfile-too-large", kib = (MAX_JOIN_FILE_BYTES / 1024).to_string()))]
    TooLarge,
    /// Not a join file at all.
    #[error("{}", crate::fl!("joinfile-not-a-join-file", detail = .0.as_str()))]
    NotAJoinFile(String),
    /// Written by a newer ksc-link.
    #[error("{}", crate::fl!("joinfile-unsupported-version", found = found.to_string(), known = VERSION))]
    UnsupportedVersion {
        /// The version in the file.
        found: i64,
    },
    /// The end of the file is missing.
    #[error("{}", crate::fl!("joinfile-truncated"))]
    Truncated,
    /// The content does not match its checksum: damaged, or edited by hand.
    #[error("{}", crate::fl!("joinfile-changed"))]
    Changed,
    /// The certificate is not the one whose fingerprint the file states (damaged or edited; a
    /// consistent file proves no more than a file does).
    #[error("{}", crate::fl!(
        "joinfile-tampered",
        stated = stated.as_str(),
        actual = actual.as_str()
    ))]
    FingerprintMismatch {
        /// The fingerprint the file states.
        stated: String,
        /// The certificate's real fingerprint.
        actual: String,
    },
    /// The certificate in the file is unusable.
    #[error("{}", crate::fl!("joinfile-certificate", error = .0.to_string()))]
    Certificate(#[from] CertError),
    /// A value is missing or wrong.
    #[error("{}", crate::fl!("joinfile-damaged", detail = .0.as_str()))]
    Damaged(String),
    /// An address or port is not acceptable.
    #[error("{}", crate::fl!("joinfile-wrong-value", error = .0.to_string()))]
    Field(#[from] FieldError),
}

/// The text of [`JoinFileError::Io`]: "cannot read …" or "cannot write …".
fn io_text(action: &str, path: &Path, source: &std::io::Error) -> String {
    let (path, error) = (path.display().to_string(), source.to_string());
    if action == "write" {
        crate::fl!("joinfile-cannot-write", path = path, error = error)
    } else {
        crate::fl!("joinfile-cannot-read", path = path, error = error)
    }
}

/// The proxy the secondary uses to reach the primary (user and password are typed there).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProxyAddress {
    /// Proxy host.
    pub host: String,
    /// Proxy port.
    pub port: u16,
}

/// The content of a join file, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JoinFile {
    /// The primary's address as the secondary dials it.
    pub primary_address: String,
    /// The primary's SSL port (13000).
    pub ssl_port: u16,
    /// The primary's Open API port, if the exporter gave it.
    pub api_port: Option<u16>,
    /// The primary's certificate.
    pub certificate: CertificateDetails,
    /// The proxy to use, if any.
    pub proxy: Option<ProxyAddress>,
    /// When the file was exported.
    pub created: OffsetDateTime,
}

#[derive(Serialize, Deserialize)]
struct Doc {
    format: String,
    version: i64,
    created: String,
    primary: PrimaryDoc,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    proxy: Option<ProxyDoc>,
}

#[derive(Serialize, Deserialize)]
struct PrimaryDoc {
    address: String,
    ssl_port: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    api_port: Option<i64>,
    certificate_sha256: String,
    certificate: String,
}

#[derive(Serialize, Deserialize)]
struct ProxyDoc {
    address: String,
    port: i64,
}

#[derive(Deserialize)]
struct IntegrityDoc {
    integrity: Integrity,
}

#[derive(Deserialize)]
struct Integrity {
    content_sha256: String,
}

fn checksum(content: &str) -> String {
    hex::encode(Sha256::digest(content.as_bytes()))
}

fn port_of(field: Field, v: i64) -> Result<u16, JoinFileError> {
    validate::port(field, &v.to_string()).map_err(JoinFileError::from)
}

impl JoinFile {
    /// A join file for the primary at `address:ssl_port` with its certificate (DER or PEM).
    pub fn new(
        primary_address: &str,
        ssl_port: u16,
        certificate: &[u8],
    ) -> Result<Self, JoinFileError> {
        Ok(Self {
            primary_address: validate::host(Field::PrimaryAddress, primary_address)?,
            ssl_port: validate::port(Field::SslPort, &ssl_port.to_string())?,
            api_port: None,
            certificate: parse_certificate(certificate)?,
            proxy: None,
            created: OffsetDateTime::now_utc(),
        })
    }

    /// The certificate's SHA-256 as `AA:BB:…`, to read out over the phone.
    pub fn fingerprint(&self) -> String {
        self.certificate.sha256_colon()
    }

    /// The file name offered when saving: `<primary>.ksc-join.toml`.
    pub fn suggested_file_name(&self) -> String {
        let host: String = self
            .primary_address
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '-' || c == '.' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        format!("{host}{FILE_SUFFIX}")
    }

    /// What the secondary writes to its `KLSRV_MASTER_SRV` section; the proxy's user and
    /// password are the secondary admin's to add.
    pub fn secondary_settings(&self) -> SecondarySettings {
        SecondarySettings {
            primary_address: self.primary_address.clone(),
            primary_ssl_port: self.ssl_port,
            primary_certificate: self.certificate.der.clone(),
            dmz: false,
            proxy: self.proxy.as_ref().map(|p| ProxyPlan {
                host: p.host.clone(),
                port: p.port,
                user: String::new(),
                password: Secret::new(String::new()),
            }),
        }
    }

    /// The file's text.
    pub fn to_text(&self) -> String {
        let created = self
            .created
            .to_offset(time::UtcOffset::UTC)
            .replace_nanosecond(0)
            .unwrap_or(self.created)
            .format(&Rfc3339)
            .unwrap_or_default();
        let doc = Doc {
            format: FORMAT.to_string(),
            version: i64::from(VERSION),
            created,
            primary: PrimaryDoc {
                address: self.primary_address.clone(),
                ssl_port: i64::from(self.ssl_port),
                api_port: self.api_port.map(i64::from),
                certificate_sha256: self.fingerprint(),
                certificate: self.certificate.to_pem(),
            },
            proxy: self.proxy.as_ref().map(|p| ProxyDoc {
                address: p.host.clone(),
                port: i64::from(p.port),
            }),
        };
        // Serialising plain strings and integers cannot fail.
        let body = toml::to_string(&doc).unwrap_or_default();
        let content = format!("{HEADER}{body}\n");
        let sum = checksum(&content);
        format!("{content}{INTEGRITY_HEADER}\ncontent_sha256 = \"{sum}\"\n")
    }

    /// Reads and checks a join file's text.
    pub fn parse(text: &str) -> Result<Self, JoinFileError> {
        // Mail programs and editors on Windows turn LF into CRLF; that is no change of content.
        let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
        let Some(at) = text.rfind(&format!("\n{INTEGRITY_HEADER}")) else {
            return Err(if text.contains(FORMAT) || text.starts_with(HEADER_START) {
                JoinFileError::Truncated
            } else {
                JoinFileError::NotAJoinFile(crate::fl!("joinfile-detail-no-format-line"))
            });
        };
        let (content, seal) = text.split_at(at + 1);
        let table: toml::Table = toml::from_str(content).map_err(|e| {
            if content.contains(FORMAT) {
                JoinFileError::Damaged(e.message().to_string())
            } else {
                JoinFileError::NotAJoinFile(e.message().to_string())
            }
        })?;
        match table.get("format").and_then(|v| v.as_str()) {
            Some(FORMAT) => {}
            Some(other) => {
                return Err(JoinFileError::NotAJoinFile(crate::fl!(
                    "joinfile-detail-format",
                    format = other
                )));
            }
            None => {
                return Err(JoinFileError::NotAJoinFile(crate::fl!(
                    "joinfile-detail-no-format-line"
                )));
            }
        }
        match table.get("version").and_then(|v| v.as_integer()) {
            Some(v) if v > i64::from(VERSION) => {
                return Err(JoinFileError::UnsupportedVersion { found: v });
            }
            Some(v) if v >= 1 => {}
            _ => {
                return Err(JoinFileError::Damaged(crate::fl!(
                    "joinfile-detail-no-version"
                )));
            }
        }
        let seal: IntegrityDoc = toml::from_str(seal).map_err(|_| JoinFileError::Truncated)?;
        let stated = seal.integrity.content_sha256.trim().to_ascii_lowercase();
        if stated.len() != 64 {
            return Err(JoinFileError::Truncated);
        }
        if stated != checksum(content) {
            return Err(JoinFileError::Changed);
        }
        let doc: Doc = table
            .try_into()
            .map_err(|e: toml::de::Error| JoinFileError::Damaged(e.message().to_string()))?;
        let certificate = parse_certificate(doc.primary.certificate.as_bytes())?;
        let stated_pin = Pin::from_hex(&doc.primary.certificate_sha256).map_err(|e| {
            JoinFileError::Damaged(crate::fl!(
                "joinfile-detail-fingerprint",
                error = e.to_string()
            ))
        })?;
        if stated_pin != certificate.pin() {
            return Err(JoinFileError::FingerprintMismatch {
                stated: stated_pin.colon_hex(),
                actual: certificate.sha256_colon(),
            });
        }
        let created = OffsetDateTime::parse(&doc.created, &Rfc3339).map_err(|e| {
            JoinFileError::Damaged(crate::fl!(
                "joinfile-detail-created",
                value = doc.created.as_str(),
                error = e.to_string()
            ))
        })?;
        let proxy = match doc.proxy {
            None => None,
            Some(p) => Some(ProxyAddress {
                host: validate::host(Field::ProxyAddress, &p.address)?,
                port: port_of(Field::ProxyPort, p.port)?,
            }),
        };
        Ok(Self {
            primary_address: validate::host(Field::PrimaryAddress, &doc.primary.address)?,
            ssl_port: port_of(Field::SslPort, doc.primary.ssl_port)?,
            api_port: doc
                .primary
                .api_port
                .map(|p| port_of(Field::ApiPort, p))
                .transpose()?,
            certificate,
            proxy,
            created,
        })
    }

    /// Reads and checks a join file.
    pub fn read(path: &Path) -> Result<Self, JoinFileError> {
        use std::io::Read;
        let io_err = |source| JoinFileError::Io {
            action: "read",
            path: path.to_path_buf(),
            source,
        };
        let file = std::fs::File::open(path).map_err(io_err)?;
        let mut bytes = Vec::new();
        file.take(MAX_JOIN_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(io_err)?;
        if bytes.len() as u64 > MAX_JOIN_FILE_BYTES {
            return Err(JoinFileError::TooLarge);
        }
        let text = String::from_utf8(bytes)
            .map_err(|_| JoinFileError::NotAJoinFile(crate::fl!("joinfile-detail-not-text")))?;
        Self::parse(&text)
    }

    /// Writes the file, replacing `path` only once the whole file is on disk.
    pub fn write(&self, path: &Path) -> Result<(), JoinFileError> {
        use std::io::Write;
        let io_err = |source| JoinFileError::Io {
            action: "write",
            path: path.to_path_buf(),
            source,
        };
        let dir = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let mut prefix = std::ffi::OsString::from(".");
        prefix.push(path.file_name().unwrap_or_default());
        prefix.push(".");
        // A fresh, randomly named file opened exclusively (O_EXCL): a `.part` left behind, or
        // planted as a symlink in a shared folder, is never followed nor overwritten. It is
        // removed again if anything below fails.
        let mut part = tempfile::Builder::new()
            .prefix(&prefix)
            .suffix(".part")
            .tempfile_in(dir)
            .map_err(io_err)?;
        part.write_all(self.to_text().as_bytes())
            .and_then(|()| part.as_file().sync_all())
            .map_err(io_err)?;
        part.persist(path).map_err(|e| io_err(e.error))?;
        // The rename is only durable once the folder's entry is on disk too.
        #[cfg(unix)]
        if let Ok(folder) = std::fs::File::open(dir) {
            let _ = folder.sync_all();
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn sample() -> JoinFile {
        let (c, _, _) =
            crate::cert::generate_server_identity(&["ksc-hq.corp".to_string()], 365).unwrap();
        let mut j = JoinFile::new("ksc-hq.corp", 13000, &c.der).unwrap();
        j.api_port = Some(13299);
        j.proxy = Some(ProxyAddress {
            host: "proxy.branch".into(),
            port: 3128,
        });
        j
    }

    #[test]
    fn writing_leaves_no_part_file_and_replaces_an_older_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hq.ksc-join.toml");
        std::fs::write(&path, "older").unwrap();
        let j = sample();
        j.write(&path).unwrap();
        assert_eq!(
            JoinFile::read(&path).unwrap(),
            JoinFile::parse(&j.to_text()).unwrap()
        );
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["hq.ksc-join.toml"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_planted_part_symlink_is_neither_followed_nor_moved_into_place() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, "keep me").unwrap();
        let path = dir.path().join("hq.ksc-join.toml");
        let planted = dir.path().join("hq.ksc-join.toml.part");
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        sample().write(&path).unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
        assert!(!std::fs::symlink_metadata(&path).unwrap().is_symlink());
        JoinFile::read(&path).unwrap();
    }

    #[test]
    fn round_trip_keeps_everything_but_subseconds() {
        let j = sample();
        let text = j.to_text();
        assert!(text.starts_with("# ksc-link join file"));
        assert!(text.contains("format = \"ksc-link-join\""));
        assert!(text.contains(&j.fingerprint()));
        assert!(!text.to_lowercase().contains("password ="));
        let back = JoinFile::parse(&text).unwrap();
        assert_eq!(back.primary_address, "ksc-hq.corp");
        assert_eq!((back.ssl_port, back.api_port), (13000, Some(13299)));
        assert_eq!(back.certificate.der, j.certificate.der);
        assert_eq!(back.proxy, j.proxy);
        assert_eq!(back.created.unix_timestamp(), j.created.unix_timestamp());
        // CRLF line ends (mail, Windows editors) are no change.
        assert_eq!(JoinFile::parse(&text.replace('\n', "\r\n")).unwrap(), back);
        let s = back.secondary_settings();
        assert_eq!(s.primary_certificate, j.certificate.der);
        assert_eq!(s.proxy.unwrap().location(), "proxy.branch:3128");
        assert_eq!(j.suggested_file_name(), "ksc-hq.corp.ksc-join.toml");
    }

    #[test]
    fn truncated_anywhere_is_refused() {
        let text = sample().to_text();
        let seal = text.rfind("[integrity]").unwrap();
        for cut in [text.len() - 10, seal + 5, seal, seal / 2, 200] {
            let e = JoinFile::parse(&text[..cut]).unwrap_err();
            assert!(matches!(e, JoinFileError::Truncated), "cut {cut}: {e}");
            assert_eq!(e.to_string(), crate::fl!("joinfile-truncated"));
        }
    }

    #[test]
    fn changed_content_is_refused() {
        let text = sample().to_text().replace("ksc-hq.corp\"", "evil.corp\"");
        let e = JoinFile::parse(&text).unwrap_err();
        assert!(matches!(e, JoinFileError::Changed), "{e}");
        assert_eq!(e.to_string(), crate::fl!("joinfile-changed"));
    }

    #[test]
    fn another_certificate_with_a_recomputed_checksum_is_tampering() {
        let j = sample();
        let (other, _, _) =
            crate::cert::generate_server_identity(&["evil".to_string()], 365).unwrap();
        let text = j.to_text();
        let content = &text[..text.rfind("[integrity]").unwrap()];
        let content = content.replace(&j.certificate.to_pem(), &other.to_pem());
        let forged = format!(
            "{content}[integrity]\ncontent_sha256 = \"{}\"\n",
            checksum(&content)
        );
        let e = JoinFile::parse(&forged).unwrap_err();
        match &e {
            JoinFileError::FingerprintMismatch { stated, actual } => {
                assert_eq!(stated, &j.fingerprint());
                assert_eq!(actual, &other.sha256_colon());
            }
            other => panic!("{other}"),
        }
        assert_eq!(
            e.to_string(),
            crate::fl!(
                "joinfile-tampered",
                stated = j.fingerprint(),
                actual = other.sha256_colon()
            )
        );
    }

    #[test]
    fn other_files_and_newer_versions() {
        let e = JoinFile::parse("hello").unwrap_err();
        assert!(matches!(e, JoinFileError::NotAJoinFile(_)), "{e}");
        let e = JoinFile::parse("-----BEGIN CERTIFICATE-----\n[integrity]\n").unwrap_err();
        assert!(matches!(e, JoinFileError::NotAJoinFile(_)), "{e}");
        let text = sample().to_text().replace("version = 1", "version = 2");
        let e = JoinFile::parse(&text).unwrap_err();
        assert!(
            matches!(e, JoinFileError::UnsupportedVersion { found: 2 }),
            "{e}"
        );
        assert_eq!(
            e.to_string(),
            crate::fl!("joinfile-unsupported-version", found = 2, known = VERSION)
        );
    }

    #[test]
    fn bad_values_are_refused_on_creation() {
        assert!(JoinFile::new("http://x", 13000, b"").is_err());
        let e = JoinFile::new("ksc", 13000, b"not a cert").unwrap_err();
        assert!(matches!(e, JoinFileError::Certificate(_)), "{e}");
    }
}
