//! Gateway connections: a session on a secondary (or a secondary of a secondary) opened through
//! this server, as KSC Open API's "Creating gateway connections" describes it.
//!
//! 1. `CgwHelper.GetSlaveServerLocation(nSlaveServerId)` on the parent of the target answers a
//!    location ([`location`]). Its content is the simulator's own (the reference calls it
//!    "non-transparent for a user"): the secondary's id, the instance id of the server that
//!    issued it, the secondary's host id and when it was issued.
//! 2. `GatewayConnection.PrepareGatewayConnection(pLocations)` on the top-level server
//!    ([`prepare`]) opens a session on the target *now* — "if any connection errors occur this
//!    method throws corresponding exception" — by relaying an `open` down the hierarchy link
//!    hop by hop, and answers a one-time key (`wstrAuthKey`, valid 60 s).
//! 3. A `KSCGW <key>` login on this server's own Open API port, with `/api/v1.0/login` (the
//!    connection) or `Session.StartSession` (a session id), opens a gateway session: every call
//!    in it is relayed over the link ([`call_through`]) and runs on the target.
//!
//! The relay never dials a secondary's Open API port: a secondary not connected to its primary
//! cannot be reached, and the call fails with `KLSTD::STDE_UNAVAIL` naming it.

use serde_json::Value as Json;

use super::api::ApiShared;
use super::link::{Hop, RELAY_TIMEOUT, RelayFailure, RelayOp, RelayOutcome};
use super::methods::{Args, Reply, bad_param, error, missing};
use super::runtime::{GatewayRoute, Principal};
use super::state::{MAIN_SERVER, Secondary, SharedState, now};
use crate::wire::error::codes;
use crate::wire::gateway::{AUTH_KEY, LOCATIONS};
use crate::wire::{Params, PxgError, Value};

/// Location: the secondary's `KLSRVH_SRV_ID` on the server that issued the location.
pub const LOC_SLAVE_ID: &str = "GwLocSlaveSrvId";
/// Location: the instance id of the server that issued it (the secondary's primary).
pub const LOC_ISSUER: &str = "GwLocIssuerInstId";
/// Location: the secondary's host id, as the nagent locations of `GetNagentLocation` name a host.
pub const LOC_HOST_ID: &str = "GwLocHostId";
/// Location: when it was issued.
pub const LOC_ISSUED: &str = "GwLocIssued";

/// Trustee id of the user a gateway session runs as on the target: none of the target's own
/// users, as for an operating-system account (so `KLADMSRV_USERID` is absent).
pub const RELAYED_USER_ID: i32 = -1;

/// The location of `secondary`, issued by the server whose instance id is `issuer`.
pub fn location(secondary: &Secondary, issuer: &str) -> Params {
    Params::new()
        .with(LOC_SLAVE_ID, secondary.id)
        .with(LOC_ISSUER, issuer)
        .with(LOC_HOST_ID, secondary.host_guid.as_str())
        .with(LOC_ISSUED, Value::DateTime(now()))
}

/// Reads `pLocations` into hops.
fn parse_locations(args: &Args) -> Result<Vec<Hop>, PxgError> {
    let items = args
        .opt_array(LOCATIONS)?
        .ok_or_else(|| missing(LOCATIONS))?;
    if items.is_empty() {
        return Err(bad_param(
            LOCATIONS,
            "holds no location; pass one per hop, from CgwHelper.GetSlaveServerLocation",
        ));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let name = format!("{LOCATIONS}[{i}]");
            let not_ours = || {
                bad_param(
                    &name,
                    "is not a location answered by CgwHelper.GetSlaveServerLocation",
                )
            };
            let p = v.as_params().ok_or_else(not_ours)?;
            let id = p.get_i32(LOC_SLAVE_ID).ok_or_else(not_ours)?;
            let issuer = p.get_str(LOC_ISSUER).ok_or_else(not_ours)?;
            Ok(Hop {
                id,
                issuer: issuer.to_string(),
            })
        })
        .collect()
}

/// The error a call gets when its request did not reach the target.
#[track_caller]
pub fn relay_error(path: &[Hop], hop: usize, secondary_id: i32, reason: RelayFailure) -> PxgError {
    let id = secondary_id.to_string();
    let step = format!("{} of {}", hop + 1, path.len().max(hop + 1));
    let (code, format) = match reason {
        RelayFailure::NotRegistered => (
            codes::NOT_FOUND,
            "Secondary Administration Server %1 (hop %2 of the gateway connection) not found",
        ),
        RelayFailure::NotConnected => (
            codes::UNAVAILABLE,
            "Secondary Administration Server %1 (hop %2 of the gateway connection) is not \
             connected to its primary Administration Server",
        ),
        RelayFailure::LinkLost => (
            codes::UNAVAILABLE,
            "The connection between secondary Administration Server %1 (hop %2 of the gateway \
             connection) and its primary Administration Server was lost",
        ),
        RelayFailure::TimedOut => (
            codes::UNAVAILABLE,
            "Secondary Administration Server %1 (hop %2 of the gateway connection) did not \
             answer in time",
        ),
        RelayFailure::WrongIssuer => (
            codes::BAD_PARAM,
            "The location of secondary Administration Server %1 (hop %2 of the gateway \
             connection) was not issued by its primary Administration Server",
        ),
        RelayFailure::TooLarge => (
            codes::GENERAL,
            "The request to secondary Administration Server %1 (hop %2 of the gateway \
             connection) is too large to pass on",
        ),
    };
    let message = format.replace("%1", &id).replace("%2", &step);
    let mut e = error(code, "KLSTD", message).with_locdata(format, &[&id, &step]);
    if reason == RelayFailure::TimedOut {
        e.message = format!("{} ({} s)", e.message, RELAY_TIMEOUT.as_secs());
    }
    e
}

/// Relays `op` along `path`; without a running link every hop below is unreachable.
async fn relay(shared: &ApiShared, path: &[Hop], op: RelayOp) -> RelayOutcome {
    match shared.relay() {
        Some(r) => r.relay(path, op).await,
        None => without_link(&shared.state, path),
    }
}

/// What the link would answer for `path` while it is not running.
fn without_link(state: &SharedState, path: &[Hop]) -> RelayOutcome {
    let Some(first) = path.first() else {
        return RelayOutcome::failed(0, RelayFailure::NotRegistered);
    };
    let reason = if state.server().instance_id != first.issuer {
        RelayFailure::WrongIssuer
    } else if state.secondary(first.id).is_none() {
        RelayFailure::NotRegistered
    } else {
        RelayFailure::NotConnected
    };
    RelayOutcome::failed(first.id, reason)
}

/// `GatewayConnection.PrepareGatewayConnection(pLocations, [out] wstrAuthKey)`: opens a session
/// on the target for `principal` and answers the key that logs in to it.
pub(crate) async fn prepare(
    shared: &ApiShared,
    principal: &Principal,
    args: &Args,
) -> Result<Reply, PxgError> {
    let path = parse_locations(args)?;
    let open = RelayOp::Open {
        user: principal.user_name.clone(),
        via: shared.state.server().hostname,
    };
    let target_session = match relay(shared, &path, open).await {
        RelayOutcome::Reply { body } => opened_session(&body)?,
        RelayOutcome::SessionGone => {
            return Err(error(
                codes::GENERAL,
                "KLSTD",
                "The target Administration Server did not open a session",
            ));
        }
        RelayOutcome::Failed {
            hop,
            secondary_id,
            reason,
        } => return Err(relay_error(&path, hop, secondary_id, reason)),
    };
    tracing::info!(
        hops = path.len(),
        user = %principal.user_name,
        "gateway connection prepared"
    );
    let key = shared.state.create_gateway_key(
        principal.clone(),
        GatewayRoute {
            path,
            target_session,
        },
    );
    Ok(Reply::void().out(AUTH_KEY, key))
}

/// The session id in the target's answer to `open`, or the error it answered.
fn opened_session(body: &Json) -> Result<String, PxgError> {
    if let Some(e) = body.get("PxgError") {
        return Err(PxgError::from_json(e));
    }
    body.get("PxgRetVal")
        .and_then(Json::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .ok_or_else(|| {
            error(
                codes::GENERAL,
                "KLSTD",
                "The target Administration Server answered the gateway connection without a session",
            )
        })
}

/// What a relayed call came back with.
pub(crate) enum Relayed {
    /// The body of a 200: the target's reply or error, or the relay's error.
    Body(Json),
    /// The target no longer knows the session.
    SessionGone,
}

/// Runs `name` with `body` on the target of `route`.
pub(crate) async fn call_through(
    shared: &ApiShared,
    route: &GatewayRoute,
    name: &str,
    body: &[u8],
) -> Relayed {
    let op = RelayOp::Call {
        session: route.target_session.clone(),
        method: name.to_string(),
        body: String::from_utf8_lossy(body).into_owned(),
    };
    match relay(shared, &route.path, op).await {
        RelayOutcome::Reply { body } => Relayed::Body(body),
        RelayOutcome::SessionGone => Relayed::SessionGone,
        RelayOutcome::Failed {
            hop,
            secondary_id,
            reason,
        } => Relayed::Body(relay_error(&route.path, hop, secondary_id, reason).to_body()),
    }
}

/// Ends the target's session of `route` (best effort: the target forgets idle sessions anyway).
pub(crate) async fn close(shared: &ApiShared, route: &GatewayRoute) {
    let op = RelayOp::Close {
        session: route.target_session.clone(),
    };
    if let RelayOutcome::Failed { reason, .. } = relay(shared, &route.path, op).await {
        tracing::debug!(
            reason = reason.describe(),
            "closing the gateway session on the target failed"
        );
    }
}

/// Serves a request relayed to this server as the target of a gateway connection.
pub(crate) async fn serve(shared: &ApiShared, op: RelayOp) -> RelayOutcome {
    let state = &shared.state;
    match op {
        RelayOp::Open { user, via } => {
            // A secondary serves its primary's administrators: the link the request came over
            // is authenticated by both servers' pinned certificates.
            let principal = Principal {
                user_id: RELAYED_USER_ID,
                user_name: format!("{via}\\{user}"),
                vserver: MAIN_SERVER,
            };
            tracing::info!(user = %principal.user_name, "gateway session opened through the primary");
            let id = state.create_session(principal, false);
            RelayOutcome::Reply {
                body: serde_json::json!({ "PxgRetVal": id }),
            }
        }
        RelayOp::Call {
            session,
            method,
            body,
        } => match state.touch_session(&session) {
            Ok(s) if !s.pending_totp && s.gateway.is_none() => RelayOutcome::Reply {
                body: super::api::run_call(
                    shared,
                    &s.principal,
                    &session,
                    &method,
                    body.as_bytes(),
                )
                .await,
            },
            _ => RelayOutcome::SessionGone,
        },
        RelayOp::Close { session } => {
            state.end_session(&session);
            RelayOutcome::Reply {
                body: serde_json::json!({}),
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn hops(n: usize) -> Vec<Hop> {
        (0..n)
            .map(|i| Hop {
                id: i32::try_from(i).unwrap() + 1,
                issuer: format!("i{i}"),
            })
            .collect()
    }

    #[test]
    fn locations_must_come_from_get_slave_server_location() {
        let o = json!({"pLocations": [{"type": "params", "value": {
            "GwLocSlaveSrvId": 3, "GwLocIssuerInstId": "abc", "GwLocHostId": "h",
            "GwLocIssued": {"type": "datetime", "value": "2024-05-01T10:00:00Z"}}}]});
        let args = Args::from_body(o.as_object().unwrap()).unwrap();
        assert_eq!(
            parse_locations(&args).unwrap(),
            vec![Hop {
                id: 3,
                issuer: "abc".into()
            }]
        );
        for bad in [
            json!({}),
            json!({"pLocations": []}),
            json!({"pLocations": [{"type": "params", "value": {"x": 1}}]}),
            json!({"pLocations": [7]}),
        ] {
            let args = Args::from_body(bad.as_object().unwrap()).unwrap();
            let e = parse_locations(&args).unwrap_err();
            assert_eq!(e.code, codes::BAD_PARAM, "{bad}: {e:?}");
        }
    }

    #[test]
    fn relay_errors_name_the_secondary_and_the_hop() {
        let e = relay_error(&hops(2), 1, 7, RelayFailure::NotConnected);
        assert_eq!(e.code, codes::UNAVAILABLE);
        assert_eq!(e.module, "KLSTD");
        assert!(
            e.message
                .contains("Secondary Administration Server 7 (hop 2 of 2"),
            "{}",
            e.message
        );
        assert!(e.file.ends_with("gateway.rs"), "{}", e.file);
        let e = relay_error(&hops(1), 0, 9, RelayFailure::NotRegistered);
        assert_eq!(e.code, codes::NOT_FOUND);
        assert!(e.message.contains("9 (hop 1 of 1"), "{}", e.message);
    }
}
