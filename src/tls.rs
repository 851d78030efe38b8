//! TLS with certificate pinning.
//!
//! KSC Administration Servers present self-signed certificates (`klserver.cer`), so a public
//! trust store can never vouch for them. Instead every connection pins exactly one certificate
//! by the SHA-256 of its DER encoding: host names and chains are deliberately ignored, but the
//! handshake signatures are still verified, so the peer must hold the pinned certificate's key.

use std::fmt;
use std::io;
use std::net::IpAddr;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::{
    AlertDescription, CertificateError, DigitallySignedStruct, DistinguishedName, OtherError,
    SignatureScheme,
};
use rustls_pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use sha2::{Digest, Sha256};
use tokio::net::TcpStream;

use crate::net::{HttpProxy, NetError, Step};

/// The ALPN protocol every config offers: the Open API is HTTP/1.1 only.
const ALPN_HTTP11: &[u8] = b"http/1.1";

/// The crypto provider used for every config; never the process-wide default.
fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::aws_lc_rs::default_provider())
}

// ---------------------------------------------------------------------------------------------
// Pin

/// The SHA-256 of a certificate's DER encoding: the one certificate a connection trusts.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Pin([u8; 32]);

/// Why a text is not a SHA-256 fingerprint.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PinParseError {
    /// A character other than a hex digit, `:` or white space.
    #[error("{}", crate::fl!("tls-pin-bad-character", found = format!("{:?}", .0)))]
    BadCharacter(char),
    /// The wrong number of hex digits.
    #[error("{}", crate::fl!("tls-pin-bad-length", count = .0.to_string()))]
    BadLength(usize),
}

impl Pin {
    /// The pin of a DER-encoded certificate.
    pub fn of_der(der: &[u8]) -> Self {
        Pin(Sha256::digest(der).into())
    }

    /// Wraps a raw SHA-256 digest.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Pin(bytes)
    }

    /// Parses 64 hex digits, upper or lower case, with or without `:` separators or spaces.
    pub fn from_hex(text: &str) -> Result<Self, PinParseError> {
        let mut nibbles = Vec::with_capacity(64);
        for c in text.trim().chars() {
            if c == ':' || c.is_whitespace() {
                continue;
            }
            let d = c.to_digit(16).ok_or(PinParseError::BadCharacter(c))?;
            nibbles.push(d as u8);
        }
        if nibbles.len() != 64 {
            return Err(PinParseError::BadLength(nibbles.len()));
        }
        let mut out = [0u8; 32];
        for (byte, pair) in out.iter_mut().zip(nibbles.chunks_exact(2)) {
            *byte = (pair[0] << 4) | pair[1];
        }
        Ok(Pin(out))
    }

    /// The raw digest.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Upper-case `AA:BB:...` form, as certificate dialogs show fingerprints.
    pub fn colon_hex(&self) -> String {
        let mut s = String::with_capacity(95);
        for (i, b) in self.0.iter().enumerate() {
            if i > 0 {
                s.push(':');
            }
            s.push_str(&format!("{b:02X}"));
        }
        s
    }

    /// Whether `der` is the pinned certificate.
    pub fn matches(&self, der: &[u8]) -> bool {
        Pin::of_der(der) == *self
    }
}

impl fmt::Display for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}

impl FromStr for Pin {
    type Err = PinParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Pin::from_hex(s)
    }
}

impl serde::Serialize for Pin {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> serde::Deserialize<'de> for Pin {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Pin::from_hex(&s).map_err(serde::de::Error::custom)
    }
}

// ---------------------------------------------------------------------------------------------
// Errors

/// The server presented a certificate other than the pinned one.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", crate::fl!(
    "tls-pin-mismatch",
    presented = presented.colon_hex(),
    expected = expected.colon_hex()
))]
pub struct PinMismatch {
    /// The pinned fingerprint.
    pub expected: Pin,
    /// The fingerprint of what the server presented.
    pub presented: Pin,
    /// The presented certificate, so the user can inspect it and decide to trust it.
    pub presented_der: Vec<u8>,
}

/// A client certificate the server's check refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", crate::fl!("tls-client-refused", presented = presented.colon_hex()))]
pub struct ClientCertRefused {
    /// Fingerprint of the refused certificate.
    pub presented: Pin,
}

/// Marker error that stops a certificate-fetching handshake once the chain is recorded.
#[derive(Debug, thiserror::Error)]
#[error("handshake stopped after recording the server certificate")]
struct CertificateCaptured;

/// Building a TLS configuration failed.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    /// The identity (certificate chain and private key) cannot be used.
    #[error("{}", crate::fl!("tls-bad-identity", error = .0.to_string()))]
    BadIdentity(#[source] rustls::Error),
    /// The identity has no certificate.
    #[error("{}", crate::fl!("tls-empty-chain"))]
    EmptyChain,
    /// The crypto provider refused the protocol versions.
    #[error("{}", crate::fl!("tls-config-failed", error = .0.to_string()))]
    Config(#[source] rustls::Error),
}

/// Finds a [`PinMismatch`] anywhere in an error chain.
///
/// `rustls::Error` has no `source()`, and `io::Error::source()` skips the wrapped error, so both
/// are opened explicitly while walking.
pub fn find_pin_mismatch(err: &(dyn std::error::Error + 'static)) -> Option<PinMismatch> {
    find_in_chain(err, &|e| e.downcast_ref::<PinMismatch>().cloned())
}

/// Finds a [`ClientCertRefused`] anywhere in an error chain (server side of a refused client).
pub fn find_client_cert_refused(
    err: &(dyn std::error::Error + 'static),
) -> Option<ClientCertRefused> {
    find_in_chain(err, &|e| e.downcast_ref::<ClientCertRefused>().cloned())
}

/// Finds the first `rustls::Error` in an error chain.
pub fn find_rustls_error(err: &(dyn std::error::Error + 'static)) -> Option<rustls::Error> {
    find_in_chain(err, &|e| e.downcast_ref::<rustls::Error>().cloned())
}

/// Depth-first walk over `source()`, `io::Error::get_ref()` and rustls' `OtherError`s.
fn find_in_chain<T>(
    err: &(dyn std::error::Error + 'static),
    pick: &dyn Fn(&(dyn std::error::Error + 'static)) -> Option<T>,
) -> Option<T> {
    // Bounded so a pathological cyclic chain cannot loop forever.
    let mut stack: Vec<&(dyn std::error::Error + 'static)> = vec![err];
    let mut visited = 0;
    while let Some(e) = stack.pop() {
        visited += 1;
        if visited > 64 {
            break;
        }
        if let Some(found) = pick(e) {
            return Some(found);
        }
        if let Some(io) = e.downcast_ref::<io::Error>()
            && let Some(inner) = io.get_ref()
        {
            stack.push(inner);
        }
        if let Some(rustls::Error::InvalidCertificate(CertificateError::Other(other))) =
            e.downcast_ref::<rustls::Error>()
        {
            stack.push(other.0.as_ref());
        }
        if let Some(rustls::Error::Other(other)) = e.downcast_ref::<rustls::Error>() {
            stack.push(other.0.as_ref());
        }
        if let Some(src) = e.source() {
            stack.push(src);
        }
    }
    None
}

fn other_cert_error(e: impl std::error::Error + Send + Sync + 'static) -> rustls::Error {
    rustls::Error::InvalidCertificate(CertificateError::Other(OtherError(Arc::new(e))))
}

// ---------------------------------------------------------------------------------------------
// Identity

/// A certificate chain and its private key, for the server side or for mutual TLS.
pub struct Identity {
    /// End-entity certificate first.
    pub cert_chain: Vec<CertificateDer<'static>>,
    /// The private key of the first certificate.
    pub key: PrivateKeyDer<'static>,
}

impl Clone for Identity {
    fn clone(&self) -> Self {
        Identity {
            cert_chain: self.cert_chain.clone(),
            key: self.key.clone_key(),
        }
    }
}

impl fmt::Debug for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The key is never printed.
        f.debug_struct("Identity")
            .field(
                "leaf_sha256",
                &self.cert_chain.first().map(|c| Pin::of_der(c).to_string()),
            )
            .field("chain_len", &self.cert_chain.len())
            .field("key", &"<private key>")
            .finish()
    }
}

impl Identity {
    /// The pin of the end-entity certificate, if there is one.
    pub fn pin(&self) -> Option<Pin> {
        self.cert_chain.first().map(|c| Pin::of_der(c))
    }
}

// ---------------------------------------------------------------------------------------------
// Verifiers

/// Accepts exactly the pinned server certificate; verifies handshake signatures normally.
#[derive(Debug)]
struct PinnedServerVerifier {
    pin: Pin,
    algs: WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for PinnedServerVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let presented = Pin::of_der(end_entity);
        if presented == self.pin {
            Ok(ServerCertVerified::assertion())
        } else {
            tracing::debug!(expected = %self.pin, %presented, "server certificate does not match the pin");
            Err(other_cert_error(PinMismatch {
                expected: self.pin,
                presented,
                presented_der: end_entity.to_vec(),
            }))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algs)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algs)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algs.supported_schemes()
    }
}

/// Records the presented chain and then aborts, so nothing is trusted and no data is sent.
#[derive(Debug)]
struct RecordingVerifier {
    slot: Arc<Mutex<Option<PresentedCertificate>>>,
    algs: WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for RecordingVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let leaf_der = end_entity.to_vec();
        let mut chain = vec![leaf_der.clone()];
        chain.extend(intermediates.iter().map(|c| c.to_vec()));
        if let Ok(mut slot) = self.slot.lock() {
            *slot = Some(PresentedCertificate { leaf_der, chain });
        }
        Err(other_cert_error(CertificateCaptured))
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algs)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algs)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algs.supported_schemes()
    }
}

/// Decides on a client's leaf certificate (its DER) for mutual TLS.
pub type ClientCertCheck = Arc<dyn Fn(&[u8]) -> bool + Send + Sync>;

/// Requires a client certificate and lets the application's check decide on it.
struct CallbackClientVerifier {
    check: ClientCertCheck,
    algs: WebPkiSupportedAlgorithms,
}

impl fmt::Debug for CallbackClientVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallbackClientVerifier")
            .finish_non_exhaustive()
    }
}

impl ClientCertVerifier for CallbackClientVerifier {
    fn offer_client_auth(&self) -> bool {
        true
    }

    fn client_auth_mandatory(&self) -> bool {
        true
    }

    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        // No hints: the peer's certificate is self-signed, so it should send whatever it has.
        &[]
    }

    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _now: UnixTime,
    ) -> Result<ClientCertVerified, rustls::Error> {
        if (self.check)(end_entity.as_ref()) {
            Ok(ClientCertVerified::assertion())
        } else {
            let presented = Pin::of_der(end_entity);
            tracing::warn!(
                fingerprint = %presented.colon_hex(),
                "refused a TLS client certificate that is not allowed to connect"
            );
            Err(other_cert_error(ClientCertRefused { presented }))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algs)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algs)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algs.supported_schemes()
    }
}

// ---------------------------------------------------------------------------------------------
// Configs

/// A client config that trusts exactly the certificate with `pin`, optionally presenting
/// `identity` for mutual TLS. ALPN offers `http/1.1`.
///
/// reqwest's `tls_backend_preconfigured` needs the config by value: pass `(*config).clone()`
/// (an `Arc` is silently taken for an unknown TLS backend).
pub fn client_config(
    pin: Pin,
    identity: Option<Identity>,
) -> Result<Arc<rustls::ClientConfig>, TlsError> {
    let provider = provider();
    let verifier = Arc::new(PinnedServerVerifier {
        pin,
        algs: provider.signature_verification_algorithms,
    });
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(TlsError::Config)?
        .dangerous()
        .with_custom_certificate_verifier(verifier);
    let mut config = match identity {
        Some(id) => {
            if id.cert_chain.is_empty() {
                return Err(TlsError::EmptyChain);
            }
            builder
                .with_client_auth_cert(id.cert_chain, id.key)
                .map_err(TlsError::BadIdentity)?
        }
        None => builder.with_no_client_auth(),
    };
    config.alpn_protocols = vec![ALPN_HTTP11.to_vec()];
    Ok(Arc::new(config))
}

/// A server config presenting `identity`; with `client_auth`, a client certificate is required
/// and accepted iff the check returns true. ALPN offers `http/1.1`.
pub fn server_config(
    identity: Identity,
    client_auth: Option<ClientCertCheck>,
) -> Result<Arc<rustls::ServerConfig>, TlsError> {
    if identity.cert_chain.is_empty() {
        return Err(TlsError::EmptyChain);
    }
    let provider = provider();
    let algs = provider.signature_verification_algorithms;
    let builder = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(TlsError::Config)?;
    let builder = match client_auth {
        Some(check) => {
            builder.with_client_cert_verifier(Arc::new(CallbackClientVerifier { check, algs }))
        }
        None => builder.with_no_client_auth(),
    };
    let mut config = builder
        .with_single_cert(identity.cert_chain, identity.key)
        .map_err(TlsError::BadIdentity)?;
    config.alpn_protocols = vec![ALPN_HTTP11.to_vec()];
    Ok(Arc::new(config))
}

/// The name sent as SNI: DNS names as given; IP addresses send no SNI.
///
/// A name rustls cannot accept as a DNS name (it resolved, so the OS accepts it) falls back to
/// "no SNI": the pin, not the name, authenticates the server.
pub fn server_name_for(host: &str) -> ServerName<'static> {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = bare.parse::<IpAddr>() {
        return ServerName::IpAddress(ip.into());
    }
    match ServerName::try_from(bare.to_string()) {
        Ok(name) => name,
        Err(_) => ServerName::IpAddress(IpAddr::from([0u8, 0, 0, 0]).into()),
    }
}

// ---------------------------------------------------------------------------------------------
// Connecting

/// The certificates a server presented during an aborted handshake.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PresentedCertificate {
    /// The end-entity certificate (DER).
    pub leaf_der: Vec<u8>,
    /// All certificates the server sent, leaf first (DER).
    pub chain: Vec<Vec<u8>>,
}

impl PresentedCertificate {
    /// The pin of the leaf certificate.
    pub fn pin(&self) -> Pin {
        Pin::of_der(&self.leaf_der)
    }
}

/// Fetches the certificate `host:port` presents, trusting nothing and sending no application data.
pub async fn fetch_presented_certificate(
    host: &str,
    port: u16,
    proxy: Option<&HttpProxy>,
    timeout: Duration,
) -> Result<PresentedCertificate, NetError> {
    let provider = provider();
    let slot = Arc::new(Mutex::new(None));
    let verifier = Arc::new(RecordingVerifier {
        slot: slot.clone(),
        algs: provider.signature_verification_algorithms,
    });
    // No ALPN here: a server with other protocols configured must still show its certificate.
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| NetError::new(host, port, Step::Tls, e.to_string()))?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    let tcp = crate::net::connect(host, port, proxy, timeout).await?;
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let outcome =
        tokio::time::timeout(timeout, connector.connect(server_name_for(host), tcp)).await;
    let captured = slot.lock().ok().and_then(|mut s| s.take());
    if let Some(cert) = captured {
        return Ok(cert);
    }
    match outcome {
        Err(_) => Err(NetError::new(
            host,
            port,
            Step::Tls,
            format!(
                "the server did not present a certificate within {} s; is this the SSL port?",
                timeout.as_secs_f32()
            ),
        )),
        // The recording verifier always aborts, so a finished handshake means no certificate
        // was checked at all (e.g. a raw public key server).
        Ok(Ok(_)) => Err(no_certificate(host, port, "")),
        Ok(Err(e)) => {
            let cause = find_rustls_error(&e).map_or_else(|| e.to_string(), |r| r.to_string());
            Err(no_certificate(host, port, &cause))
        }
    }
}

fn no_certificate(host: &str, port: u16, cause: &str) -> NetError {
    let mut detail =
        String::from("the server did not present a certificate; is this the SSL port?");
    if !cause.is_empty() {
        detail.push_str(" (");
        detail.push_str(cause);
        detail.push(')');
    }
    NetError::new(host, port, Step::Tls, detail)
}

/// Turns a TLS handshake `io::Error` into a [`NetError`] at [`Step::Tls`] with a readable detail.
pub fn map_tls_io_error(host: &str, port: u16, err: &io::Error) -> NetError {
    NetError::new(host, port, Step::Tls, describe_tls_error(err))
}

/// A sentence describing why a TLS handshake failed.
pub fn describe_tls_error(err: &io::Error) -> String {
    if let Some(m) = find_pin_mismatch(err) {
        return m.to_string();
    }
    if let Some(r) = find_client_cert_refused(err) {
        return r.to_string();
    }
    if let Some(rerr) = find_rustls_error(err) {
        return describe_rustls_error(&rerr);
    }
    match err.kind() {
        io::ErrorKind::UnexpectedEof => {
            "the server closed the connection during the TLS handshake; is this the SSL port?"
                .into()
        }
        io::ErrorKind::ConnectionReset | io::ErrorKind::ConnectionAborted => {
            "the server reset the connection during the TLS handshake".into()
        }
        io::ErrorKind::TimedOut => "the TLS handshake timed out".into(),
        _ => err.to_string(),
    }
}

fn describe_rustls_error(err: &rustls::Error) -> String {
    use rustls::Error as E;
    match err {
        E::InvalidMessage(_) | E::InappropriateMessage { .. } => {
            format!("the server does not speak TLS on this port; is this the SSL port? ({err})")
        }
        E::AlertReceived(alert) => match alert {
            AlertDescription::CertificateRequired => {
                "the server requires a client certificate and none was sent".into()
            }
            AlertDescription::CertificateUnknown
            | AlertDescription::BadCertificate
            | AlertDescription::AccessDenied
            | AlertDescription::UnknownCA
            | AlertDescription::UnsupportedCertificate => {
                format!(
                    "the server refused this program's client certificate (TLS alert {alert:?})"
                )
            }
            AlertDescription::HandshakeFailure | AlertDescription::ProtocolVersion => format!(
                "the server and this program share no TLS version or cipher suite; \
                 TLS 1.2 or newer is required (TLS alert {alert:?})"
            ),
            _ => format!("the server ended the handshake with TLS alert {alert:?}"),
        },
        E::PeerIncompatible(_) => format!(
            "the server and this program share no TLS version or cipher suite; \
             TLS 1.2 or newer is required ({err})"
        ),
        E::NoCertificatesPresented => "the peer did not present a certificate".into(),
        _ => err.to_string(),
    }
}

/// Opens a TLS stream to `host:port` (through `proxy` when given) that trusts exactly `pin`.
pub async fn connect_pinned(
    host: &str,
    port: u16,
    proxy: Option<&HttpProxy>,
    pin: Pin,
    identity: Option<Identity>,
    timeout: Duration,
) -> Result<tokio_rustls::client::TlsStream<TcpStream>, NetError> {
    let config = client_config(pin, identity)
        .map_err(|e| NetError::new(host, port, Step::Tls, e.to_string()))?;
    let tcp = crate::net::connect(host, port, proxy, timeout).await?;
    let connector = tokio_rustls::TlsConnector::from(config);
    match tokio::time::timeout(timeout, connector.connect(server_name_for(host), tcp)).await {
        Err(_) => Err(NetError::new(
            host,
            port,
            Step::Tls,
            format!(
                "the TLS handshake timed out after {} s",
                timeout.as_secs_f32()
            ),
        )),
        Ok(Err(e)) => Err(map_tls_io_error(host, port, &e)),
        Ok(Ok(stream)) => Ok(stream),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn pin_hex_round_trip_and_forms() {
        let p = Pin::of_der(b"certificate");
        let lower = p.to_string();
        assert_eq!(lower.len(), 64);
        assert_eq!(lower, lower.to_lowercase());
        assert_eq!(Pin::from_hex(&lower).unwrap(), p);
        assert_eq!(Pin::from_hex(&lower.to_uppercase()).unwrap(), p);
        let colon = p.colon_hex();
        assert_eq!(colon.len(), 95);
        assert_eq!(colon, colon.to_uppercase());
        assert_eq!(Pin::from_hex(&colon).unwrap(), p);
        assert_eq!(Pin::from_hex(&format!("  {colon}\n")).unwrap(), p);
        assert_eq!(colon.replace(':', "").to_lowercase(), lower);
    }

    #[test]
    fn pin_parse_errors_are_specific() {
        assert_eq!(
            Pin::from_hex("abcd").unwrap_err(),
            PinParseError::BadLength(4)
        );
        let mut s = "0".repeat(63);
        s.push('g');
        assert_eq!(
            Pin::from_hex(&s).unwrap_err(),
            PinParseError::BadCharacter('g')
        );
        assert_eq!(
            Pin::from_hex(&"a".repeat(66)).unwrap_err(),
            PinParseError::BadLength(66)
        );
    }

    #[test]
    fn pin_serde_is_hex_string() {
        let p = Pin::of_der(b"x");
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(json, format!("\"{p}\""));
        let back: Pin = serde_json::from_str(&json).unwrap();
        assert_eq!(back, p);
        assert!(serde_json::from_str::<Pin>("\"zz\"").is_err());
    }

    #[test]
    fn pin_mismatch_is_found_through_io_and_rustls_wrappers() {
        let m = PinMismatch {
            expected: Pin::of_der(b"a"),
            presented: Pin::of_der(b"b"),
            presented_der: b"b".to_vec(),
        };
        let rustls_err = other_cert_error(m.clone());
        let io_err = io::Error::new(io::ErrorKind::InvalidData, rustls_err);
        // One more layer, as hyper/reqwest add.
        let outer = io::Error::other(io_err);
        let found = find_pin_mismatch(&outer).unwrap();
        assert_eq!(found, m);
        let text = describe_tls_error(&outer);
        assert!(text.contains(&m.presented.colon_hex()), "{text}");
        assert!(text.contains(&m.expected.colon_hex()), "{text}");
        assert!(find_pin_mismatch(&io::Error::other("plain")).is_none());
    }

    #[test]
    fn sni_only_for_dns_names() {
        assert!(matches!(
            server_name_for("ksc.example.com"),
            ServerName::DnsName(_)
        ));
        assert!(matches!(
            server_name_for("127.0.0.1"),
            ServerName::IpAddress(_)
        ));
        assert!(matches!(server_name_for("[::1]"), ServerName::IpAddress(_)));
        assert!(matches!(server_name_for("::1"), ServerName::IpAddress(_)));
    }

    #[test]
    fn identity_debug_hides_key() {
        let id = Identity {
            cert_chain: vec![CertificateDer::from(vec![1u8, 2, 3])],
            key: PrivateKeyDer::Pkcs8(vec![42u8; 16].into()),
        };
        let dbg = format!("{id:?}");
        assert!(dbg.contains("<private key>"));
        assert!(!dbg.contains("42, 42"));
        let copy = id.clone();
        assert_eq!(copy.cert_chain, id.cert_chain);
    }
}
