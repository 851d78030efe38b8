//! Reading, describing and generating KSC server certificates.
//!
//! Administrators pick `klserver.cer` (or a `.crt`/`.pem` copy) from disk; this module reads it
//! in DER or PEM form, refuses anything that is not a certificate with a message that says what
//! the file actually is (most importantly: private keys and PKCS#12 bundles, which must never be
//! shared), and extracts what the user needs to compare fingerprints and judge the certificate.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use md5::Md5;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use x509_parser::prelude::{FromDer, GeneralName, X509Certificate, X509CertificationRequest};
use x509_parser::public_key::PublicKey;

use crate::tls::{Identity, Pin};

pub mod lifecycle;

/// Largest certificate file accepted; real certificates are a few kilobytes.
pub const MAX_CERT_FILE_BYTES: u64 = 1024 * 1024;

/// Certificates that expire within this many days get a warning (KSC makes its reserve then).
const EXPIRY_WARNING_DAYS: i64 = lifecycle::RESERVE_DAYS;

/// Shortest RSA key KSC accepts for a server certificate.
const MIN_RSA_BITS: u32 = 2048;

/// Why a file or byte string is not a usable certificate.
// The texts are in the current language (see `crate::i18n`); the variants stay typed.
#[derive(Debug, thiserror::Error)]
pub enum CertError {
    /// The file could not be read.
    #[error("{}", crate::fl!("cert-error-io", path = path.display().to_string(), error = source.to_string()))]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// Zero bytes.
    #[error("{}", crate::fl!("cert-error-empty"))]
    Empty,
    /// Larger than [`MAX_CERT_FILE_BYTES`].
    #[error("{}", crate::fl!("cert-error-too-large", kib = (MAX_CERT_FILE_BYTES / 1024).to_string()))]
    TooLarge,
    /// A private key (PEM or DER), or a PEM file that contains one.
    #[error("{}", crate::fl!("cert-error-private-key"))]
    PrivateKey,
    /// A PKCS#12 / PFX bundle, which holds a private key.
    #[error("{}", crate::fl!("cert-error-pkcs12"))]
    Pkcs12,
    /// A certificate signing request.
    #[error("{}", crate::fl!("cert-error-csr"))]
    CertificateRequest,
    /// A PEM file whose blocks hold something other than a certificate.
    #[error("{}", crate::fl!("cert-error-no-certificate-in-pem", label = label.as_str()))]
    NoCertificateInPem {
        /// The label of the first block.
        label: String,
    },
    /// PEM framing or base64 is broken.
    #[error("{}", crate::fl!("cert-error-bad-pem", detail = detail.as_str()))]
    BadPem {
        /// What the PEM reader found.
        detail: String,
    },
    /// DER that looks like a certificate but does not parse as one.
    #[error("{}", crate::fl!("cert-error-malformed", detail = detail.as_str()))]
    Malformed {
        /// What the parser found.
        detail: String,
    },
    /// Readable text without a certificate in it.
    #[error("{}", crate::fl!("cert-error-text"))]
    Text,
    /// Binary data that is neither DER nor PEM.
    #[error("{}", crate::fl!("cert-error-not-a-certificate"))]
    NotACertificate,
    /// Generating a certificate failed.
    #[error("{}", crate::fl!("cert-error-generate", error = .0.as_str()))]
    Generate(String),
}

/// How the certificate was encoded in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Binary DER.
    Der,
    /// Base64 PEM (`-----BEGIN CERTIFICATE-----`).
    Pem,
}

/// The basicConstraints extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BasicConstraints {
    /// Whether the certificate may sign certificates.
    pub ca: bool,
    /// Longest chain of intermediates below it, if limited.
    pub path_len: Option<u32>,
}

/// Everything the application shows or stores about a certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateDetails {
    /// The certificate in DER: what is pinned and sent to KSC.
    pub der: Vec<u8>,
    /// Subject distinguished name (`CN=..., O=...`).
    pub subject: String,
    /// Issuer distinguished name.
    pub issuer: String,
    /// Serial number, lowercase hex.
    pub serial_hex: String,
    /// Start of validity.
    pub not_before: OffsetDateTime,
    /// End of validity.
    pub not_after: OffsetDateTime,
    /// "RSA", "ECDSA P-256", "Ed25519", ...
    pub key_algorithm: String,
    /// Key size in bits, where it has one.
    pub key_bits: Option<u32>,
    /// SHA-256 of the DER: the pin.
    pub sha256: [u8; 32],
    /// MD5 of the DER: what KSC stores as `KLSRVH_SRV_PUBLIC_KEY_HASH`.
    pub md5: [u8; 16],
    /// Key usage names.
    pub key_usage: Vec<String>,
    /// Extended key usage names (or OIDs).
    pub extended_key_usage: Vec<String>,
    /// The basicConstraints extension, if present.
    pub basic_constraints: Option<BasicConstraints>,
    /// Subject alternative names as `DNS:name`, `IP:address`, ...
    pub subject_alt_names: Vec<String>,
    /// Issued by itself (issuer equals subject), as KSC server certificates are.
    pub self_signed: bool,
    /// How the file encoded it.
    pub source_format: Format,
}

/// Something about a certificate the user should know before trusting it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CertWarning {
    /// `not_after` has passed.
    Expired {
        /// When it expired.
        since: OffsetDateTime,
    },
    /// `not_before` is in the future.
    NotYetValid {
        /// When it becomes valid.
        from: OffsetDateTime,
    },
    /// Expires within 90 days.
    ExpiresSoon {
        /// Whole days left.
        days: i64,
    },
    /// RSA key shorter than 2048 bits.
    WeakKey {
        /// The key size.
        bits: u32,
    },
}

/// A date as `2025-03-01 12:00 UTC`.
pub fn show_date(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
}

impl fmt::Display for CertWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // In the current language (see `crate::i18n`).
        f.write_str(&match self {
            CertWarning::Expired { since } => {
                crate::fl!("cert-warning-expired", date = show_date(*since))
            }
            CertWarning::NotYetValid { from } => {
                crate::fl!("cert-warning-not-yet-valid", date = show_date(*from))
            }
            CertWarning::ExpiresSoon { days: 0 } => crate::fl!("cert-warning-expires-today"),
            &CertWarning::ExpiresSoon { days } => {
                crate::fl!("cert-warning-expires-soon", days = days)
            }
            &CertWarning::WeakKey { bits } => crate::fl!(
                "cert-warning-weak-key",
                bits = bits,
                min = MIN_RSA_BITS.to_string()
            ),
        })
    }
}

impl CertificateDetails {
    /// The pin (SHA-256 of the DER).
    pub fn pin(&self) -> Pin {
        Pin::from_bytes(self.sha256)
    }

    /// SHA-256 as uppercase `AA:BB:...`.
    pub fn sha256_colon(&self) -> String {
        self.pin().colon_hex()
    }

    /// MD5 as lowercase hex without separators, the form of `KLSRVH_SRV_PUBLIC_KEY_HASH`.
    pub fn md5_hex(&self) -> String {
        hex::encode(self.md5)
    }

    /// The certificate as a PEM block with LF line endings.
    pub fn to_pem(&self) -> String {
        let block = pem::Pem::new("CERTIFICATE", self.der.clone());
        pem::encode_config(
            &block,
            pem::EncodeConfig::new().set_line_ending(pem::LineEnding::LF),
        )
    }

    /// The subject's common name, if it has one.
    pub fn common_name(&self) -> Option<String> {
        let (_, cert) = X509Certificate::from_der(&self.der).ok()?;
        cert.subject()
            .iter_common_name()
            .next()
            .and_then(|cn| cn.as_str().ok())
            .map(str::to_string)
    }

    /// Problems to show the user, judged at `now`.
    pub fn warnings(&self, now: OffsetDateTime) -> Vec<CertWarning> {
        let mut out = Vec::new();
        if now > self.not_after {
            out.push(CertWarning::Expired {
                since: self.not_after,
            });
        } else {
            if now < self.not_before {
                out.push(CertWarning::NotYetValid {
                    from: self.not_before,
                });
            }
            let left = self.not_after - now;
            if left <= time::Duration::days(EXPIRY_WARNING_DAYS) {
                out.push(CertWarning::ExpiresSoon {
                    days: left.whole_days(),
                });
            }
        }
        if self.key_algorithm == "RSA"
            && let Some(bits) = self.key_bits
            && bits < MIN_RSA_BITS
        {
            out.push(CertWarning::WeakKey { bits });
        }
        out
    }
}

/// Reads a certificate file (DER or PEM), reading at most 1 MiB + 1 byte of it.
pub fn load_certificate_file(path: &Path) -> Result<CertificateDetails, CertError> {
    let io_err = |source| CertError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io_err)?;
    let mut bytes = Vec::new();
    file.take(MAX_CERT_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io_err)?;
    parse_certificate(&bytes)
}

/// Parses a certificate from DER or PEM bytes; a PEM bundle yields its first certificate.
pub fn parse_certificate(bytes: &[u8]) -> Result<CertificateDetails, CertError> {
    if bytes.is_empty() {
        return Err(CertError::Empty);
    }
    if bytes.len() as u64 > MAX_CERT_FILE_BYTES {
        return Err(CertError::TooLarge);
    }
    if contains(bytes, b"-----BEGIN ") {
        return parse_pem(bytes);
    }
    if bytes.first() == Some(&TAG_SEQUENCE) {
        return match parse_der(bytes, Format::Der) {
            // A text that merely starts with '0' is still a text.
            Err(CertError::Malformed { .. }) if is_text(bytes) => Err(CertError::Text),
            other => other,
        };
    }
    if is_text(bytes) {
        Err(CertError::Text)
    } else {
        Err(CertError::NotACertificate)
    }
}

/// SHA-256 of a certificate given as DER or PEM bytes, as uppercase `AA:BB:...`, for comparisons
/// and messages. Bytes that do not parse are hashed as they are, so they still compare unequal to
/// any real certificate.
pub fn fingerprint(bytes: &[u8]) -> String {
    match parse_certificate(bytes) {
        Ok(d) => d.sha256_colon(),
        Err(_) => Pin::of_der(bytes).colon_hex(),
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Printable UTF-8 (with ordinary white space): the user picked a text file.
fn is_text(bytes: &[u8]) -> bool {
    let Ok(s) = std::str::from_utf8(bytes) else {
        return false;
    };
    s.chars()
        .all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t' | '\u{feff}'))
}

const CERT_LABELS: &[&str] = &["CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE"];
const CSR_LABELS: &[&str] = &["CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST"];
const PKCS12_LABELS: &[&str] = &["PKCS12", "PFX"];

fn parse_pem(bytes: &[u8]) -> Result<CertificateDetails, CertError> {
    let blocks = pem::parse_many(bytes).map_err(|e| CertError::BadPem {
        detail: e.to_string(),
    })?;
    // A file that holds a key is refused even with a certificate in it: it must not be passed
    // around, and it is not what KSC publishes as klserver.cer.
    if blocks.iter().any(|b| b.tag().ends_with("PRIVATE KEY")) {
        return Err(CertError::PrivateKey);
    }
    if let Some(cert) = blocks.iter().find(|b| CERT_LABELS.contains(&b.tag())) {
        return parse_der(cert.contents(), Format::Pem);
    }
    match blocks.first() {
        None => Err(CertError::BadPem {
            detail: "a BEGIN line without a complete block".into(),
        }),
        Some(b) if CSR_LABELS.contains(&b.tag()) => Err(CertError::CertificateRequest),
        Some(b) if PKCS12_LABELS.contains(&b.tag()) => Err(CertError::Pkcs12),
        Some(b) => Err(CertError::NoCertificateInPem {
            label: b.tag().to_string(),
        }),
    }
}

fn parse_der(der: &[u8], format: Format) -> Result<CertificateDetails, CertError> {
    match X509Certificate::from_der(der) {
        Ok((rest, cert)) => {
            // "TRUSTED CERTIFICATE" blocks carry OpenSSL trust data after the certificate.
            let used = der.len() - rest.len();
            let cert_der = der.get(..used).unwrap_or(der);
            if format == Format::Der && !rest.is_empty() {
                return Err(CertError::Malformed {
                    detail: format!("{} unexpected bytes after the certificate", rest.len()),
                });
            }
            details(&cert, cert_der, format)
        }
        Err(e) => Err(
            classify_non_certificate(der).unwrap_or_else(|| CertError::Malformed {
                detail: e.to_string(),
            }),
        ),
    }
}

/// Recognises DER structures that people pick by mistake instead of a certificate.
fn classify_non_certificate(der: &[u8]) -> Option<CertError> {
    if is_pkcs12(der) {
        return Some(CertError::Pkcs12);
    }
    if is_private_key(der) {
        return Some(CertError::PrivateKey);
    }
    if X509CertificationRequest::from_der(der).is_ok() {
        return Some(CertError::CertificateRequest);
    }
    None
}

// --- a minimal DER reader, only for recognising shapes -----------------------------------------

const TAG_INTEGER: u8 = 0x02;
const TAG_OCTET_STRING: u8 = 0x04;
const TAG_OID: u8 = 0x06;
const TAG_SEQUENCE: u8 = 0x30;

/// The DER of OID 1.2.840.113549.1.7.1 (PKCS#7 data), the content type of a PFX's authSafe.
const OID_PKCS7_DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01];

/// One TLV: its tag, its contents and what follows it.
struct Tlv<'a> {
    tag: u8,
    content: &'a [u8],
    rest: &'a [u8],
}

/// Reads one TLV; indefinite lengths (BER, as some PFX writers use) take the rest of the input.
fn read_tlv(data: &[u8]) -> Option<Tlv<'_>> {
    let (&tag, after_tag) = data.split_first()?;
    let (&len0, after_len) = after_tag.split_first()?;
    let (len, body) = if len0 < 0x80 {
        (usize::from(len0), after_len)
    } else if len0 == 0x80 {
        (after_len.len(), after_len)
    } else {
        let n = usize::from(len0 & 0x7f);
        if n > 4 || after_len.len() < n {
            return None;
        }
        let (len_bytes, body) = after_len.split_at(n);
        let len = len_bytes
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
        (len, body)
    };
    if body.len() < len {
        return None;
    }
    let (content, rest) = body.split_at(len);
    Some(Tlv { tag, content, rest })
}

/// Reads the elements of a constructed value's contents, up to `max`.
fn elements(mut content: &[u8], max: usize) -> Vec<Tlv<'_>> {
    let mut out = Vec::new();
    while !content.is_empty() && out.len() < max {
        match read_tlv(content) {
            Some(t) => {
                content = t.rest;
                out.push(t);
            }
            None => break,
        }
    }
    out
}

/// PFX ::= SEQUENCE { version INTEGER (3), authSafe ContentInfo { OID pkcs7-data, ... }, ... }
fn is_pkcs12(der: &[u8]) -> bool {
    let Some(outer) = read_tlv(der).filter(|t| t.tag == TAG_SEQUENCE) else {
        return false;
    };
    let parts = elements(outer.content, 2);
    match parts.as_slice() {
        [version, auth_safe] => {
            version.tag == TAG_INTEGER
                && version.content == [3]
                && auth_safe.tag == TAG_SEQUENCE
                && read_tlv(auth_safe.content)
                    .is_some_and(|oid| oid.tag == TAG_OID && oid.content == OID_PKCS7_DATA)
        }
        _ => false,
    }
}

/// PKCS#8 (plain or encrypted), PKCS#1 RSA and SEC1 EC private keys.
fn is_private_key(der: &[u8]) -> bool {
    let Some(outer) = read_tlv(der).filter(|t| t.tag == TAG_SEQUENCE) else {
        return false;
    };
    let parts = elements(outer.content, 4);
    let small_int = |t: &Tlv<'_>, values: &[u8]| {
        t.tag == TAG_INTEGER && t.content.len() == 1 && values.contains(&t.content[0])
    };
    match parts.as_slice() {
        // PrivateKeyInfo / OneAsymmetricKey: version, algorithm, privateKey OCTET STRING.
        [v, alg, key, ..]
            if small_int(v, &[0, 1])
                && alg.tag == TAG_SEQUENCE
                && read_tlv(alg.content).is_some_and(|o| o.tag == TAG_OID)
                && key.tag == TAG_OCTET_STRING =>
        {
            true
        }
        // EncryptedPrivateKeyInfo: exactly { AlgorithmIdentifier, OCTET STRING }.
        [alg, data]
            if alg.tag == TAG_SEQUENCE
                && read_tlv(alg.content).is_some_and(|o| o.tag == TAG_OID)
                && data.tag == TAG_OCTET_STRING =>
        {
            true
        }
        // RSAPrivateKey (PKCS#1): version 0, modulus, publicExponent, privateExponent, ...
        [v, n, e, d] if small_int(v, &[0, 1]) && [n, e, d].iter().all(|t| t.tag == TAG_INTEGER) => {
            true
        }
        // ECPrivateKey (SEC1): version 1, privateKey OCTET STRING, ...
        [v, key, ..] if small_int(v, &[1]) && key.tag == TAG_OCTET_STRING => true,
        _ => false,
    }
}

// --- details ---------------------------------------------------------------------------------

fn malformed(what: &str, e: impl fmt::Display) -> CertError {
    CertError::Malformed {
        detail: format!("{what}: {e}"),
    }
}

fn details(
    cert: &X509Certificate<'_>,
    der: &[u8],
    format: Format,
) -> Result<CertificateDetails, CertError> {
    let (key_algorithm, key_bits) = describe_key(cert);

    let mut key_usage = Vec::new();
    if let Some(ku) = cert
        .key_usage()
        .map_err(|e| malformed("key usage", e))?
        .map(|e| e.value)
    {
        let names = [
            (ku.digital_signature(), "Digital Signature"),
            (ku.non_repudiation(), "Non Repudiation"),
            (ku.key_encipherment(), "Key Encipherment"),
            (ku.data_encipherment(), "Data Encipherment"),
            (ku.key_agreement(), "Key Agreement"),
            (ku.key_cert_sign(), "Certificate Sign"),
            (ku.crl_sign(), "CRL Sign"),
            (ku.encipher_only(), "Encipher Only"),
            (ku.decipher_only(), "Decipher Only"),
        ];
        key_usage.extend(
            names
                .iter()
                .filter(|(on, _)| *on)
                .map(|(_, n)| n.to_string()),
        );
    }

    let mut extended_key_usage = Vec::new();
    if let Some(eku) = cert
        .extended_key_usage()
        .map_err(|e| malformed("extended key usage", e))?
        .map(|e| e.value)
    {
        let names = [
            (eku.server_auth, "Server Authentication"),
            (eku.client_auth, "Client Authentication"),
            (eku.code_signing, "Code Signing"),
            (eku.email_protection, "Email Protection"),
            (eku.time_stamping, "Time Stamping"),
            (eku.ocsp_signing, "OCSP Signing"),
            (eku.any, "Any Purpose"),
        ];
        extended_key_usage.extend(
            names
                .iter()
                .filter(|(on, _)| *on)
                .map(|(_, n)| n.to_string()),
        );
        extended_key_usage.extend(eku.other.iter().map(|oid| oid.to_id_string()));
    }

    let basic_constraints = cert
        .basic_constraints()
        .map_err(|e| malformed("basic constraints", e))?
        .map(|e| BasicConstraints {
            ca: e.value.ca,
            path_len: e.value.path_len_constraint,
        });

    let mut subject_alt_names = Vec::new();
    if let Some(san) = cert
        .subject_alternative_name()
        .map_err(|e| malformed("subject alternative names", e))?
    {
        subject_alt_names.extend(san.value.general_names.iter().map(describe_name));
    }

    let tbs = &cert.tbs_certificate;
    Ok(CertificateDetails {
        der: der.to_vec(),
        subject: cert.subject().to_string(),
        issuer: cert.issuer().to_string(),
        serial_hex: hex::encode(tbs.raw_serial()),
        not_before: cert.validity().not_before.to_datetime(),
        not_after: cert.validity().not_after.to_datetime(),
        key_algorithm,
        key_bits,
        sha256: Sha256::digest(der).into(),
        md5: Md5::digest(der).into(),
        key_usage,
        extended_key_usage,
        basic_constraints,
        subject_alt_names,
        self_signed: cert.subject().as_raw() == cert.issuer().as_raw(),
        source_format: format,
    })
}

fn describe_name(name: &GeneralName<'_>) -> String {
    match name {
        GeneralName::DNSName(n) => format!("DNS:{n}"),
        GeneralName::IPAddress(bytes) => match bytes.len() {
            4 => {
                let mut a = [0u8; 4];
                a.copy_from_slice(bytes);
                format!("IP:{}", std::net::Ipv4Addr::from(a))
            }
            16 => {
                let mut a = [0u8; 16];
                a.copy_from_slice(bytes);
                format!("IP:{}", std::net::Ipv6Addr::from(a))
            }
            _ => format!("IP:{}", hex::encode(bytes)),
        },
        GeneralName::RFC822Name(m) => format!("email:{m}"),
        GeneralName::URI(u) => format!("URI:{u}"),
        GeneralName::DirectoryName(n) => format!("DirName:{n}"),
        other => format!("{other:?}"),
    }
}

/// Bits of a big-endian unsigned integer, ignoring leading zero bytes.
fn integer_bits(bytes: &[u8]) -> u32 {
    let trimmed: &[u8] = match bytes.iter().position(|&b| b != 0) {
        Some(i) => &bytes[i..],
        None => return 0,
    };
    let lead = u32::from(trimmed[0]);
    (trimmed.len() as u32 - 1) * 8 + (32 - lead.leading_zeros())
}

fn describe_key(cert: &X509Certificate<'_>) -> (String, Option<u32>) {
    let spki = cert.public_key();
    let alg = spki.algorithm.algorithm.to_id_string();
    match alg.as_str() {
        "1.3.101.112" => return ("Ed25519".into(), Some(256)),
        "1.3.101.113" => return ("Ed448".into(), Some(448)),
        _ => {}
    }
    match spki.parsed() {
        Ok(PublicKey::RSA(rsa)) => ("RSA".into(), Some(integer_bits(rsa.modulus))),
        Ok(PublicKey::EC(point)) => {
            let curve = spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| x509_parser::der_parser::oid::Oid::try_from(p).ok())
                .map(|o| o.to_id_string());
            match curve.as_deref() {
                Some("1.2.840.10045.3.1.7") => ("ECDSA P-256".into(), Some(256)),
                Some("1.3.132.0.34") => ("ECDSA P-384".into(), Some(384)),
                Some("1.3.132.0.35") => ("ECDSA P-521".into(), Some(521)),
                Some(other) => {
                    let bits = u32::try_from(point.key_size()).ok().filter(|b| *b > 0);
                    (format!("ECDSA (curve {other})"), bits)
                }
                None => ("ECDSA".into(), None),
            }
        }
        Ok(PublicKey::DSA(_)) => ("DSA".into(), None),
        Ok(PublicKey::GostR3410(_)) | Ok(PublicKey::GostR3410_2012(_)) => ("GOST".into(), None),
        Ok(PublicKey::Unknown(_)) | Err(_) => (format!("unknown ({alg})"), None),
    }
}

// --- generation ------------------------------------------------------------------------------

/// Generates a KSC-like self-signed server certificate (RSA 2048, CA, server+client auth) for
/// `hostnames` (DNS names or IP addresses), valid from a day ago until `validity_days` from now.
///
/// Returns its details, the TLS identity and the private key as PKCS#8 PEM.
pub fn generate_server_identity(
    hostnames: &[String],
    validity_days: i64,
) -> Result<(CertificateDetails, Identity, String), CertError> {
    if validity_days < 1 {
        return Err(CertError::Generate(format!(
            "the validity must be at least one day, not {validity_days}"
        )));
    }
    let now = OffsetDateTime::now_utc();
    generate_server_identity_between(
        hostnames,
        now - time::Duration::days(1),
        now + time::Duration::days(validity_days),
    )
}

/// Like [`generate_server_identity`], valid from `not_before` to `not_after`: a certificate
/// made long ago and about to expire, or one made before 2020-09-01.
pub fn generate_server_identity_between(
    hostnames: &[String],
    not_before: OffsetDateTime,
    not_after: OffsetDateTime,
) -> Result<(CertificateDetails, Identity, String), CertError> {
    use rcgen::{
        CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair, KeyUsagePurpose,
        SerialNumber,
    };
    if not_after <= not_before {
        return Err(CertError::Generate(format!(
            "the validity must end after it starts ({not_before} to {not_after})"
        )));
    }
    let gen_err = |e: rcgen::Error| CertError::Generate(e.to_string());
    let mut params = CertificateParams::new(hostnames.to_vec()).map_err(gen_err)?;
    let cn = hostnames
        .first()
        .cloned()
        .unwrap_or_else(|| "klserver".to_string());
    params.distinguished_name = rcgen::DistinguishedName::new();
    params.distinguished_name.push(DnType::CommonName, cn);
    params.is_ca = IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::KeyEncipherment,
        KeyUsagePurpose::CrlSign,
    ];
    params.extended_key_usages = vec![
        ExtendedKeyUsagePurpose::ServerAuth,
        ExtendedKeyUsagePurpose::ClientAuth,
    ];
    params.not_before = not_before;
    params.not_after = not_after;
    let mut serial: [u8; 16] = rand::random();
    // Positive and of full length, as RFC 5280 asks.
    serial[0] = (serial[0] & 0x7f) | 0x40;
    params.serial_number = Some(SerialNumber::from_slice(&serial));

    let key = KeyPair::generate_for(&rcgen::PKCS_RSA_SHA256).map_err(gen_err)?;
    let cert = params.self_signed(&key).map_err(gen_err)?;
    let der = cert.der().to_vec();
    let details = parse_der(&der, Format::Der)?;
    let identity = Identity {
        cert_chain: vec![rustls_pki_types::CertificateDer::from(der)],
        key: rustls_pki_types::PrivateKeyDer::Pkcs8(rustls_pki_types::PrivatePkcs8KeyDer::from(
            key.serialize_der(),
        )),
    };
    Ok((details, identity, key.serialize_pem()))
}

/// MD5 of a certificate's DER bytes as lowercase hex, the form of `KLSRVH_SRV_PUBLIC_KEY_HASH`.
pub fn md5_hex_of(der: &[u8]) -> String {
    hex::encode(Md5::digest(der))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn integer_bits_counts_significant_bits() {
        assert_eq!(integer_bits(&[]), 0);
        assert_eq!(integer_bits(&[0, 0]), 0);
        assert_eq!(integer_bits(&[1]), 1);
        assert_eq!(integer_bits(&[0x00, 0x80, 0x00]), 16);
        assert_eq!(integer_bits(&[0x7f, 0xff]), 15);
        let mut modulus = vec![0u8; 257];
        modulus[1] = 0xc1;
        assert_eq!(integer_bits(&modulus), 2048);
    }

    #[test]
    fn der_reader_handles_short_long_and_truncated_lengths() {
        let t = read_tlv(&[0x02, 0x01, 0x03, 0xff]).unwrap();
        assert_eq!(
            (t.tag, t.content, t.rest),
            (0x02, &[3u8][..], &[0xffu8][..])
        );
        let mut long = vec![0x04, 0x82, 0x01, 0x00];
        long.extend(std::iter::repeat_n(7u8, 256));
        assert_eq!(read_tlv(&long).unwrap().content.len(), 256);
        assert!(read_tlv(&[0x04, 0x82, 0x01]).is_none());
        assert!(read_tlv(&[0x04, 0x05, 1, 2]).is_none());
        assert!(read_tlv(&[0x04, 0x85, 1, 1, 1, 1, 1]).is_none());
        assert!(read_tlv(&[]).is_none());
    }

    #[test]
    fn pkcs12_shape_is_recognised() {
        // SEQUENCE { INTEGER 3, SEQUENCE { OID pkcs7-data, [0] {} } }
        let mut auth_safe = vec![TAG_OID, OID_PKCS7_DATA.len() as u8];
        auth_safe.extend_from_slice(OID_PKCS7_DATA);
        auth_safe.extend_from_slice(&[0xa0, 0x00]);
        let mut body = vec![TAG_INTEGER, 1, 3, TAG_SEQUENCE, auth_safe.len() as u8];
        body.extend(auth_safe);
        let mut pfx = vec![TAG_SEQUENCE, body.len() as u8];
        pfx.extend(body);
        assert!(is_pkcs12(&pfx));
        assert!(matches!(parse_certificate(&pfx), Err(CertError::Pkcs12)));
        // Version 2 is not a PFX.
        pfx[4] = 2;
        assert!(!is_pkcs12(&pfx));
    }

    #[test]
    fn simple_refusals() {
        assert!(matches!(parse_certificate(b""), Err(CertError::Empty)));
        assert!(matches!(
            parse_certificate(b"hello, this is a note\n"),
            Err(CertError::Text)
        ));
        assert!(matches!(
            parse_certificate(&[0xff, 0xfe, 0x00, 0x01, 0x9c]),
            Err(CertError::NotACertificate)
        ));
        assert!(matches!(
            parse_certificate(&vec![b'a'; MAX_CERT_FILE_BYTES as usize + 1]),
            Err(CertError::TooLarge)
        ));
        assert!(matches!(
            parse_certificate(
                b"-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n"
            ),
            Err(CertError::BadPem { .. })
        ));
        assert!(matches!(
            parse_certificate(&[0x30, 0x03, 0x02, 0x01, 0x05]),
            Err(CertError::Malformed { .. })
        ));
    }

    #[test]
    fn generated_identity_is_ksc_like() {
        let names = vec!["ksc.example.test".to_string(), "10.0.0.5".to_string()];
        let (d, id, key_pem) = generate_server_identity(&names, 397).unwrap();
        assert_eq!(d.key_algorithm, "RSA");
        assert_eq!(d.key_bits, Some(2048));
        assert_eq!(
            d.basic_constraints,
            Some(BasicConstraints {
                ca: true,
                path_len: None
            })
        );
        assert_eq!(
            d.key_usage,
            vec![
                "Digital Signature",
                "Key Encipherment",
                "Certificate Sign",
                "CRL Sign"
            ]
        );
        assert_eq!(
            d.extended_key_usage,
            vec!["Server Authentication", "Client Authentication"]
        );
        assert_eq!(
            d.subject_alt_names,
            vec!["DNS:ksc.example.test", "IP:10.0.0.5"]
        );
        assert_eq!(d.common_name().as_deref(), Some("ksc.example.test"));
        assert!(d.self_signed);
        let now = OffsetDateTime::now_utc();
        assert!(d.not_before < now);
        assert_eq!((d.not_after - now).whole_days(), 396);
        assert!(d.warnings(now).is_empty());
        assert_eq!(id.pin(), Some(d.pin()));
        assert!(key_pem.starts_with("-----BEGIN PRIVATE KEY-----"));
        // The key PEM is refused as a certificate.
        assert!(matches!(
            parse_certificate(key_pem.as_bytes()),
            Err(CertError::PrivateKey)
        ));
        // PEM round trip.
        let again = parse_certificate(d.to_pem().as_bytes()).unwrap();
        assert_eq!(again.der, d.der);
        assert_eq!(again.source_format, Format::Pem);
        assert!(generate_server_identity(&names, 0).is_err());
    }

    #[test]
    fn a_certificate_can_be_made_for_any_validity_period() {
        use time::macros::datetime;
        let names = vec!["ksc.example.test".to_string()];
        let (from, to) = (
            datetime!(2019-06-01 10:00 UTC),
            datetime!(2024-06-01 10:00 UTC),
        );
        let (d, _, _) = generate_server_identity_between(&names, from, to).unwrap();
        assert_eq!((d.not_before, d.not_after), (from, to));
        assert!(lifecycle::issued_under_legacy_lifetime(&d));
        assert!(generate_server_identity_between(&names, to, from).is_err());
        assert!(generate_server_identity_between(&names, from, from).is_err());
    }

    #[test]
    fn fingerprint_is_the_same_for_der_and_pem_and_hashes_the_rest_raw() {
        let (d, _, _) = generate_server_identity(&["ksc.example.test".to_string()], 30).unwrap();
        assert_eq!(fingerprint(&d.der), d.sha256_colon());
        assert_eq!(fingerprint(d.to_pem().as_bytes()), d.sha256_colon());
        assert_eq!(fingerprint(&[1, 2, 3]), Pin::of_der(&[1, 2, 3]).colon_hex());
    }
}
