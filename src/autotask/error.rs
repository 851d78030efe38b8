//! What can go wrong talking to Autotask, each case worded as what the user must do.
//!
//! Autotask's statuses are irregular (reference §1.8): an unknown user only shows on the zone
//! lookup (500 with a fixed text), a wrong secret is an empty 401, a wrong integration code is a
//! 500 with text or (in some tenants) an empty 401, a user whose security level is not API User
//! is refused like a wrong secret, and missing permissions come back as 403 or as a 500 with
//! text. The variants below keep exactly the distinctions the service makes.

use std::time::Duration;

use crate::net::NetError;
use crate::tls::Pin;

/// A failed Autotask call.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AutotaskError {
    /// The client cannot be built (TLS roots, proxy, header values).
    #[error("the Autotask client cannot be set up: {detail}")]
    Setup {
        /// What failed.
        detail: String,
    },
    /// A credential is empty or cannot be sent in an HTTP header.
    #[error("the Autotask {field} is {problem}: enter it again")]
    BadCredential {
        /// "user name", "secret" or "integration code".
        field: &'static str,
        /// "empty" or what is wrong with it.
        problem: &'static str,
    },
    /// The zone lookup does not know the user name.
    #[error(
        "Autotask does not know the user {user:?} (its zone could not be determined): check the \
         API user's user name (the generated \"key\", e.g. abc123@example.com)"
    )]
    UnknownUser {
        /// The user name asked for.
        user: String,
    },
    /// The zone lookup failed for another reason.
    #[error("the Autotask zone lookup at {url} failed: {detail}")]
    Discovery {
        /// The lookup URL (without the user).
        url: String,
        /// What happened.
        detail: String,
    },
    /// 401: a wrong secret, a user whose security level is not API User, an expired password,
    /// or (in some tenants) a wrong integration code; the service does not say which.
    #[error(
        "Autotask refused the user {user:?}: the secret is wrong, or the user's security level is \
         not \"API User\" (REST accepts only API users), or its password expired; some tenants \
         also answer a wrong integration code this way. Check the secret first and do not retry \
         repeatedly: the account may lock"
    )]
    AuthenticationFailed {
        /// The user name sent.
        user: String,
    },
    /// 500 "IntegrationCode is invalid.": user and secret are right, the tracking identifier is not.
    #[error(
        "Autotask refused the integration code (API tracking identifier): copy the \"Custom \
         (Internal Integration)\" identifier from the API user's page in Autotask again"
    )]
    WrongIntegrationCode,
    /// 403, or 500 with the permission text: the API user's security level lacks a right.
    #[error(
        "the Autotask API user may not {action}: give its security level access to {entity} \
         (Admin › Resources/Users › Security Levels)"
    )]
    NoPermission {
        /// "query", "read", …
        action: &'static str,
        /// The entity, e.g. "Companies".
        entity: String,
    },
    /// 429: the tenant's shared hourly request budget is used up.
    #[error(
        "the Autotask request budget of this tenant is used up (it is shared by every \
         integration): wait {} s before trying again",
        retry_after.as_secs().max(1)
    )]
    RateLimited {
        /// How long the service asked to wait.
        retry_after: Duration,
    },
    /// A record does not exist.
    #[error("{entity} {id} does not exist in Autotask")]
    NotFound {
        /// The entity.
        entity: String,
        /// The id asked for.
        id: i64,
    },
    /// The query is malformed before it is sent.
    #[error("the Autotask query is not valid: {0}")]
    InvalidQuery(String),
    /// Any other refusal, with Autotask's messages.
    #[error("Autotask answered HTTP {status} to {what}: {}", if messages.is_empty() { "no details".to_string() } else { messages.join("; ") })]
    Api {
        /// HTTP status.
        status: u16,
        /// The request, e.g. "GET Version".
        what: String,
        /// The `errors` of the body.
        messages: Vec<String>,
    },
    /// The answer is not what the API documents.
    #[error("Autotask's answer to {what} cannot be read: {detail}")]
    BadResponse {
        /// The request.
        what: String,
        /// What is wrong.
        detail: String,
    },
    /// A paging URL points somewhere else than the zone, or the pages do not end.
    #[error("Autotask's paging for {what} cannot be followed: {detail}")]
    Paging {
        /// The request.
        what: String,
        /// What is wrong.
        detail: String,
    },
    /// The pinned certificate changed (only with a pinned certificate).
    #[error(
        "the Autotask server at {host} presented certificate SHA-256 {}, not the trusted {}",
        presented.colon_hex(),
        expected.colon_hex()
    )]
    CertificateChanged {
        /// The host.
        host: String,
        /// The pinned certificate.
        expected: Pin,
        /// What was presented.
        presented: Pin,
    },
    /// No answer in time.
    #[error("Autotask did not answer {what} within {seconds} s")]
    Timeout {
        /// The request.
        what: String,
        /// The limit.
        seconds: u64,
    },
    /// The connection failed (name resolution, TCP, proxy, TLS, HTTP).
    #[error(transparent)]
    Net(#[from] NetError),
}

impl AutotaskError {
    /// Whether the user must change a credential (retrying as is cannot help).
    pub fn is_credential_problem(&self) -> bool {
        matches!(
            self,
            Self::BadCredential { .. }
                | Self::UnknownUser { .. }
                | Self::AuthenticationFailed { .. }
                | Self::WrongIntegrationCode
        )
    }
}
