//! What can go wrong talking to Autotask, each case worded as what the user must do.
//!
//! Autotask's statuses are irregular (reference §1.8): an unknown user only shows on the zone
//! lookup (500 with a fixed text), a wrong secret is an empty 401, a wrong integration code is a
//! 500 with text or (in some tenants) an empty 401, a user whose security level is not API User
//! is refused like a wrong secret, and missing permissions come back as 403 or as a 500 with
//! text. The variants below keep exactly the distinctions the service makes. Their texts are
//! Fluent messages (`autotask-error-…`); what the service sent stays as it came.

use std::time::Duration;

use crate::fl;
use crate::net::NetError;
use crate::tls::Pin;

/// A failed Autotask call.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AutotaskError {
    /// The client cannot be built (TLS roots, proxy, header values).
    Setup {
        /// What failed.
        detail: String,
    },
    /// A credential is empty or cannot be sent in an HTTP header.
    BadCredential {
        /// "user name", "secret" or "integration code".
        field: &'static str,
        /// "empty" or what is wrong with it.
        problem: &'static str,
    },
    /// The zone lookup does not know the user name.
    UnknownUser {
        /// The user name asked for.
        user: String,
    },
    /// The zone lookup failed for another reason.
    Discovery {
        /// The lookup URL (without the user).
        url: String,
        /// What happened.
        detail: String,
    },
    /// 401: a wrong secret, a user whose security level is not API User, an expired password,
    /// or (in some tenants) a wrong integration code; the service does not say which.
    AuthenticationFailed {
        /// The user name sent.
        user: String,
    },
    /// 500 "IntegrationCode is invalid.": user and secret are right, the tracking identifier is not.
    WrongIntegrationCode,
    /// 403, or 500 with the permission text: the API user's security level lacks a right.
    NoPermission {
        /// "query", "read", …
        action: &'static str,
        /// The entity, e.g. "Companies".
        entity: String,
    },
    /// 429: the tenant's shared hourly request budget is used up.
    RateLimited {
        /// How long the service asked to wait.
        retry_after: Duration,
    },
    /// A record does not exist.
    NotFound {
        /// The entity.
        entity: String,
        /// The id asked for.
        id: i64,
    },
    /// The query is malformed before it is sent.
    InvalidQuery(String),
    /// Any other refusal, with Autotask's messages.
    Api {
        /// HTTP status.
        status: u16,
        /// The request, e.g. "GET Version".
        what: String,
        /// The `errors` of the body.
        messages: Vec<String>,
    },
    /// The answer is not what the API documents.
    BadResponse {
        /// The request.
        what: String,
        /// What is wrong.
        detail: String,
    },
    /// A paging URL points somewhere else than the zone, or the pages do not end.
    Paging {
        /// The request.
        what: String,
        /// What is wrong.
        detail: String,
    },
    /// The pinned certificate changed (only with a pinned certificate).
    CertificateChanged {
        /// The host.
        host: String,
        /// The pinned certificate.
        expected: Pin,
        /// What was presented.
        presented: Pin,
    },
    /// No answer in time.
    Timeout {
        /// The request.
        what: String,
        /// The limit.
        seconds: u64,
    },
    /// A query's pages together took longer than the client allows.
    QueryDeadline {
        /// The entity queried.
        entity: String,
        /// Pages read before the time ran out.
        pages: usize,
        /// The limit.
        seconds: u64,
    },
    /// The connection failed (name resolution, TCP, proxy, TLS, HTTP).
    Net(#[from] NetError),
}

impl std::fmt::Display for AutotaskError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            Self::Setup { detail } => fl!("autotask-error-setup", detail = detail.clone()),
            Self::BadCredential { field, problem } => {
                let field = field_id(field);
                if *problem == "empty" {
                    fl!("autotask-error-credential-empty", field = field)
                } else {
                    fl!("autotask-error-credential-unsendable", field = field)
                }
            }
            Self::UnknownUser { user } => fl!("autotask-error-unknown-user", user = user.clone()),
            Self::Discovery { url, detail } => fl!(
                "autotask-error-discovery",
                url = url.clone(),
                detail = detail.clone()
            ),
            Self::AuthenticationFailed { user } => {
                fl!("autotask-error-authentication", user = user.clone())
            }
            Self::WrongIntegrationCode => fl!("autotask-error-integration-code"),
            Self::NoPermission { action, entity } => fl!(
                "autotask-error-permission",
                action = action.to_owned(),
                entity = entity.clone()
            ),
            Self::RateLimited { retry_after } => fl!(
                "autotask-error-rate-limited",
                seconds = retry_after.as_secs().max(1)
            ),
            Self::NotFound { entity, id } => {
                fl!(
                    "autotask-error-not-found",
                    entity = entity.clone(),
                    id = id.to_string()
                )
            }
            Self::InvalidQuery(detail) => {
                fl!("autotask-error-invalid-query", detail = detail.clone())
            }
            Self::Api {
                status,
                what,
                messages,
            } => {
                let details = if messages.is_empty() {
                    fl!("autotask-error-no-details")
                } else {
                    messages.join("; ")
                };
                fl!(
                    "autotask-error-api",
                    status = status.to_string(),
                    request = what.clone(),
                    details = details
                )
            }
            Self::BadResponse { what, detail } => fl!(
                "autotask-error-bad-response",
                request = what.clone(),
                detail = detail.clone()
            ),
            Self::Paging { what, detail } => fl!(
                "autotask-error-paging",
                request = what.clone(),
                detail = detail.clone()
            ),
            Self::CertificateChanged {
                host,
                expected,
                presented,
            } => fl!(
                "autotask-error-certificate",
                host = host.clone(),
                presented = presented.colon_hex(),
                expected = expected.colon_hex()
            ),
            Self::Timeout { what, seconds } => fl!(
                "autotask-error-timeout",
                request = what.clone(),
                seconds = seconds.to_owned()
            ),
            Self::QueryDeadline {
                entity,
                pages,
                seconds,
            } => fl!(
                "autotask-error-query-deadline",
                entity = entity.clone(),
                pages = pages.to_owned(),
                seconds = seconds.to_owned()
            ),
            Self::Net(e) => return std::fmt::Display::fmt(e, f),
        };
        f.write_str(&text)
    }
}

/// The Fluent selector of a credential field ("user name", "secret", "integration code").
fn field_id(field: &str) -> &'static str {
    match field {
        "secret" => "secret",
        "integration code" => "code",
        _ => "user",
    }
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
