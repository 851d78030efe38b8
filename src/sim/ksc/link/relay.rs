//! Gateway connections over the link: a primary passes Open API requests down to a secondary,
//! hop by hop for a secondary of a secondary, and carries the answers back up. A real primary
//! relays the session opened with `GatewayConnection.PrepareGatewayConnection` over its own
//! connection with the secondary; so does the simulator, over this link.

use std::future::Future;
use std::pin::Pin as BoxPin;
use std::sync::{Arc, Weak};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::oneshot;

use super::runtime::Inner;

/// Longest a relayed request waits for its answer.
pub const RELAY_TIMEOUT: Duration = Duration::from_secs(30);

/// A boxed future of a relayed request's outcome, as [`super::LinkStore::serve_relayed`] returns.
pub type RelayFuture = BoxPin<Box<dyn Future<Output = RelayOutcome> + Send>>;

/// One hop of a gateway path: a secondary, by its id on the server above it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hop {
    /// `KLSRVH_SRV_ID` of the secondary on the server that passes the request on.
    pub id: i32,
    /// Instance id of the server that issued the location, which must be that server.
    pub issuer: String,
}

/// What a relayed request asks of its target.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum RelayOp {
    /// Opens a session on the target for `user` of the top-level server `via`.
    Open {
        /// The user logged in to the top-level server.
        user: String,
        /// The top-level server's host name.
        via: String,
    },
    /// Runs an Open API call in a session the target opened.
    Call {
        /// The target's session.
        session: String,
        /// `Class.Method`, with the instance prefix if the client sent one.
        method: String,
        /// The request body as the client sent it.
        body: String,
    },
    /// Ends such a session.
    Close {
        /// The target's session.
        session: String,
    },
}

/// The answer to a relayed request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum RelayOutcome {
    /// The target answered: the JSON body of a 200 (a reply or a `PxgError`).
    Reply {
        /// The body.
        body: serde_json::Value,
    },
    /// The target no longer knows the session (ended or expired).
    SessionGone,
    /// The request did not reach the target.
    Failed {
        /// The hop that could not be passed, counted from the top of the path (0 = the first
        /// secondary). Each primary that carries the answer up adds one.
        hop: usize,
        /// That secondary's id on the server above it.
        secondary_id: i32,
        /// Why.
        reason: RelayFailure,
    },
}

impl RelayOutcome {
    /// A failure at the first hop below the server that noticed it.
    pub fn failed(secondary_id: i32, reason: RelayFailure) -> Self {
        Self::Failed {
            hop: 0,
            secondary_id,
            reason,
        }
    }

    /// The same outcome as seen one server further up.
    pub(super) fn one_hop_up(self) -> Self {
        match self {
            Self::Failed {
                hop,
                secondary_id,
                reason,
            } => Self::Failed {
                hop: hop + 1,
                secondary_id,
                reason,
            },
            other => other,
        }
    }
}

/// Why a relayed request did not reach its target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelayFailure {
    /// No secondary with this id is registered on the server above it.
    NotRegistered,
    /// The secondary is registered but not connected to its primary (Inactive).
    NotConnected,
    /// The link ended while the request waited for its answer.
    LinkLost,
    /// No answer within [`RELAY_TIMEOUT`].
    TimedOut,
    /// The location was issued by another server than the one that must pass the request on.
    WrongIssuer,
    /// The request is too large for a link frame.
    TooLarge,
}

impl RelayFailure {
    /// In words, for error messages and the event log.
    pub fn describe(self) -> &'static str {
        match self {
            Self::NotRegistered => "it is not registered on its primary",
            Self::NotConnected => "it is not connected to its primary (Inactive)",
            Self::LinkLost => "its connection to its primary was lost during the request",
            Self::TimedOut => "it did not answer in time",
            Self::WrongIssuer => {
                "its location was issued by another Administration Server than its primary"
            }
            Self::TooLarge => "the request is too large to pass on",
        }
    }
}

/// The answer of a server that serves no gateway connections.
pub fn not_served() -> RelayFuture {
    let error = crate::wire::PxgError::new(
        crate::wire::error::codes::NOT_IMPLEMENTED,
        "KLSTD",
        "This Administration Server does not serve gateway connections",
    );
    Box::pin(async move {
        RelayOutcome::Reply {
            body: error.to_body(),
        }
    })
}

/// A request waiting to be sent down the link to one secondary.
pub(super) struct RelayJob {
    /// The hops below that secondary.
    pub path: Vec<Hop>,
    /// What to do on the target.
    pub op: RelayOp,
    /// Where the outcome goes.
    pub reply: oneshot::Sender<RelayOutcome>,
}

/// Passes requests down this server's links; cheap to clone. It holds the link service weakly:
/// once the service is shut down, every request fails as "not connected".
#[derive(Clone, Debug)]
pub struct RelayHandle {
    pub(super) inner: Weak<Inner>,
}

impl RelayHandle {
    /// Sends `op` along `path` (its first hop a secondary of this server) and waits for the
    /// outcome.
    pub async fn relay(&self, path: &[Hop], op: RelayOp) -> RelayOutcome {
        match self.inner.upgrade() {
            Some(inner) => Inner::relay(&inner, path, op).await,
            None => {
                RelayOutcome::failed(path.first().map_or(0, |h| h.id), RelayFailure::NotConnected)
            }
        }
    }
}

/// A handle on a running link service.
pub(super) fn handle_of(inner: &Arc<Inner>) -> RelayHandle {
    RelayHandle {
        inner: Arc::downgrade(inner),
    }
}
