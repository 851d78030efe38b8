//! Errors of the KSC Open API client.
//!
//! Every error names the Administration Server (`host:port`) and the step that failed (the
//! connection step or the Open API method), so a message shown to an administrator says what to
//! check and where. No error ever carries a password, a TOTP code or a session id.

use std::fmt;

use crate::net::{NetError, Step};
use crate::tls::Pin;
use crate::wire::PxgError;

/// The Administration Server an error is about.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Endpoint {
    /// Host name or address as the user gave it.
    pub host: String,
    /// Open API port.
    pub port: u16,
}

impl Endpoint {
    /// A new endpoint.
    pub fn new(host: impl Into<String>, port: u16) -> Self {
        Self {
            host: host.into(),
            port,
        }
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::net::host_port(&self.host, self.port))
    }
}

/// A failed exchange with a KSC Administration Server's Open API.
#[derive(Clone, Debug, thiserror::Error)]
pub enum KscError {
    /// The server could not be reached: name resolution, TCP, TLS or the HTTP exchange failed.
    #[error(transparent)]
    Net(#[from] NetError),

    /// The server presented a certificate other than the pinned one.
    #[error("{}", crate::fl!(
        "ksc-certificate-changed",
        at = .at.to_string(),
        expected = .expected.colon_hex(),
        presented = .presented.colon_hex()
    ))]
    CertificateChanged {
        /// The server.
        at: Endpoint,
        /// Fingerprint the client trusts.
        expected: Pin,
        /// Fingerprint of the certificate the server presented.
        presented: Pin,
        /// The presented certificate (DER), so the user can inspect it and decide to trust it.
        presented_der: Vec<u8>,
    },

    /// No answer in time.
    #[error("{}", timeout_message(*.step, .at, .method, *.seconds))]
    Timeout {
        /// The server.
        at: Endpoint,
        /// `Tcp` when connecting (TCP and TLS handshake) timed out, `Http` when the answer
        /// did not come.
        step: Step,
        /// The Open API method being called.
        method: String,
        /// The timeout that elapsed, in seconds.
        seconds: u64,
    },

    /// The server refused the user name or password.
    #[error("{}", crate::fl!("ksc-wrong-credentials", at = .at.to_string(), user = format!("{:?}", .user)))]
    WrongCredentials {
        /// The server.
        at: Endpoint,
        /// The account name (never the password).
        user: String,
    },

    /// The login waits for a two-step verification code; see `KscClient::submit_code`.
    #[error("{}", crate::fl!("ksc-code-required", at = .at.to_string(), length = .length.to_string(), method = .method.clone()))]
    CodeRequired {
        /// The server.
        at: Endpoint,
        /// The call that could not be made yet.
        method: String,
        /// Number of digits the server expects.
        length: usize,
    },

    /// The account must use two-step verification but has not set it up yet.
    #[error("{}", crate::fl!("ksc-two-factor-not-configured", at = .at.to_string(), user = format!("{:?}", .user)))]
    TwoFactorNotConfigured {
        /// The server.
        at: Endpoint,
        /// The account name.
        user: String,
    },

    /// The session expired and logging in again needs a new two-step verification code.
    #[error("{}", crate::fl!("ksc-session-expired-code-required", at = .at.to_string(), method = .method.clone(), length = .length.to_string()))]
    SessionExpiredCodeRequired {
        /// The server.
        at: Endpoint,
        /// The call that found the session expired.
        method: String,
        /// Number of digits the server expects.
        length: usize,
    },

    /// The session was ended (by `close`, or the server dropped an unfinished login).
    #[error("{}", crate::fl!("ksc-session-ended", at = .at.to_string(), method = .method.clone()))]
    SessionEnded {
        /// The server.
        at: Endpoint,
        /// The call that was refused.
        method: String,
    },

    /// A call was made before logging in.
    #[error("{}", crate::fl!("ksc-not-logged-in", at = .at.to_string(), method = .method.clone()))]
    NotLoggedIn {
        /// The server.
        at: Endpoint,
        /// The call that was attempted.
        method: String,
    },

    /// A verification code was submitted but the server had not asked for one.
    #[error("{}", crate::fl!("ksc-no-code-requested", at = .at.to_string()))]
    NoCodeRequested {
        /// The server.
        at: Endpoint,
    },

    /// Even a fresh session was refused: the account lacks the right for this call.
    #[error("{}", crate::fl!("ksc-access-denied", at = .at.to_string(), method = .method.clone()))]
    AccessDenied {
        /// The server.
        at: Endpoint,
        /// The call that was refused.
        method: String,
    },

    /// The server answered the call with a `PxgError`.
    #[error("{}", crate::fl!("ksc-api-failed", method = .method.clone(), at = .at.to_string(), error = .error.to_string()))]
    Api {
        /// The server.
        at: Endpoint,
        /// The Open API method.
        method: String,
        /// The server's error object (boxed: it is large and errors travel often).
        error: Box<PxgError>,
    },

    /// The answer was not the JSON the method returns.
    #[error("{}", crate::fl!("ksc-decode-failed", method = .method.clone(), at = .at.to_string(), error = .error.clone()))]
    Decode {
        /// The server.
        at: Endpoint,
        /// The Open API method.
        method: String,
        /// What was wrong, and where in the answer.
        error: String,
    },

    /// The server answered with an HTTP status the protocol does not expect.
    #[error("{}", crate::fl!("ksc-http-status", method = .method.clone(), at = .at.to_string(), status = .status.to_string(), body = .body_excerpt.clone()))]
    Http {
        /// The server.
        at: Endpoint,
        /// The Open API method.
        method: String,
        /// HTTP status code.
        status: u16,
        /// The start of the body, for the log and the details view.
        body_excerpt: String,
    },

    /// A gateway connection asked a server for a secondary it does not know.
    #[error("{}", crate::fl!("ksc-gateway-secondary-not-found", at = .at.to_string(), id = .id.to_string(), step = .step.to_string(), path = .path.clone()))]
    GatewaySecondaryNotFound {
        /// The top-level server the way starts at.
        at: Endpoint,
        /// The unknown `KLSRVH_SRV_ID`.
        id: i32,
        /// Its place on the way, from 1.
        step: usize,
        /// The way as asked, e.g. `3 → 7`.
        path: String,
    },

    /// The top-level server could not open the gateway connection, most often because a
    /// secondary on the way is not connected to its primary.
    #[error("{}", crate::fl!("ksc-gateway-unreachable", at = .at.to_string(), path = .path.clone(), detail = .detail.clone()))]
    GatewayUnreachable {
        /// The top-level server.
        at: Endpoint,
        /// The way, e.g. `3 → 7`.
        path: String,
        /// The server's own words.
        detail: String,
        /// The server's error object.
        error: Box<PxgError>,
    },

    /// The top-level server refused the one-time key of a gateway connection (used or expired).
    #[error("{}", crate::fl!("ksc-gateway-key-refused", at = .at.to_string()))]
    GatewayKeyRefused {
        /// The top-level server.
        at: Endpoint,
    },

    /// The HTTP client could not be set up (a local problem, before any connection).
    #[error("{}", crate::fl!("ksc-setup-failed", at = .at.to_string(), detail = .detail.clone()))]
    Setup {
        /// The server.
        at: Endpoint,
        /// What went wrong.
        detail: String,
    },
}

impl KscError {
    /// The PxgError code when the server answered with one.
    pub fn api_code(&self) -> Option<i64> {
        match self {
            KscError::Api { error, .. } | KscError::GatewayUnreachable { error, .. } => {
                Some(error.code)
            }
            _ => None,
        }
    }

    /// True when the call may have run on the server although no answer said so: the
    /// connection failed after the request was sent, the answer came too late, or it was not
    /// the expected one. A write that failed so must be looked for before it is repeated.
    pub fn outcome_unknown(&self) -> bool {
        match self {
            KscError::Net(e) => e.step == Step::Http,
            KscError::Timeout { step, .. } => *step == Step::Http,
            KscError::Http { .. } | KscError::Decode { .. } => true,
            _ => false,
        }
    }

    /// True when the user must log in again (or finish the login) before further calls.
    pub fn needs_login(&self) -> bool {
        matches!(
            self,
            KscError::CodeRequired { .. }
                | KscError::SessionExpiredCodeRequired { .. }
                | KscError::SessionEnded { .. }
                | KscError::NotLoggedIn { .. }
                | KscError::WrongCredentials { .. }
        )
    }
}

/// The timeout message, worded by what was being waited for when it struck.
fn timeout_message(step: Step, at: &Endpoint, method: &str, seconds: u64) -> String {
    let at = at.to_string();
    let method = method.to_string();
    match step {
        Step::Tcp | Step::Tls => crate::fl!(
            "ksc-timeout-connecting",
            at = at.clone(),
            method = method.clone(),
            seconds = seconds
        ),
        Step::Dns => crate::fl!(
            "ksc-timeout-resolving",
            at = at.clone(),
            method = method.clone(),
            seconds = seconds
        ),
        Step::Proxy => crate::fl!(
            "ksc-timeout-proxy",
            at = at.clone(),
            method = method.clone(),
            seconds = seconds
        ),
        Step::Http | Step::Api => crate::fl!(
            "ksc-timeout-answer",
            at = at.clone(),
            method = method.clone(),
            seconds = seconds
        ),
    }
}

/// Keeps the start of a body for an error message: at most `max` characters, on one line.
pub(crate) fn excerpt(body: &[u8], max: usize) -> String {
    let text = String::from_utf8_lossy(body);
    let mut out: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(max)
        .collect();
    if text.chars().count() > max {
        out.push('…');
    }
    let trimmed = out.trim();
    if trimmed.is_empty() {
        crate::fl!("ksc-empty-body")
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_brackets_ipv6() {
        assert_eq!(Endpoint::new("::1", 13299).to_string(), "[::1]:13299");
        assert_eq!(Endpoint::new("ksc1", 13299).to_string(), "ksc1:13299");
    }

    #[test]
    fn messages_name_server_and_step() {
        let at = Endpoint::new("ksc1.corp", 13299);
        let e = KscError::Api {
            at: at.clone(),
            method: "ServerHierarchy.RegisterServer".into(),
            error: Box::new(PxgError::new(2, "KLSRV", "Group not found")),
        };
        let s = e.to_string();
        assert!(s.contains("ksc1.corp:13299"), "{s}");
        assert!(s.contains("ServerHierarchy.RegisterServer"), "{s}");
        assert_eq!(e.api_code(), Some(2));
        let e = KscError::Timeout {
            at,
            step: Step::Http,
            method: "HostGroup.GroupIdGroups".into(),
            seconds: 30,
        };
        assert_eq!(
            e.to_string(),
            "waiting for the answer of ksc1.corp:13299 timed out after 30 s (HostGroup.GroupIdGroups)"
        );
    }

    #[test]
    fn excerpt_is_short_and_single_line() {
        assert_eq!(excerpt(b"Forbidden\r\n", 100), "Forbidden");
        assert_eq!(excerpt(b"", 100), "(empty body)");
        assert_eq!(excerpt("абвгд".as_bytes(), 3), "абв…");
    }
}
