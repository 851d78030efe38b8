//! Gateway connections: a session on a secondary Administration Server opened through its
//! primary, for a secondary whose own Open API port cannot be reached (KSC Open API classes
//! `CgwHelper` and `GatewayConnection`, "Creating gateway connections"; Kaspersky's KlAkOAPI
//! sample that connects to each secondary through the primary).
//!
//! The way to a secondary is one location per hop, top-down: each one from
//! `CgwHelper.GetSlaveServerLocation` on a session with that hop's primary (the top-level
//! server, then the secondaries already reached), all of them passed to
//! `GatewayConnection.PrepareGatewayConnection` on the top-level server, whose one-time key
//! (valid 60 s) logs a new client in on the **top-level** server's address and certificate.
//! [`connect_through`] does all of it.

use super::client::KscClient;
use super::error::KscError;
use crate::secrets::Secret;
use crate::wire::error::codes;
use crate::wire::gateway::{
    AUTH_KEY, GET_SLAVE_SERVER_LOCATION, LOCATIONS, PREPARE_GATEWAY_CONNECTION, SLAVE_SERVER_ID,
};
use crate::wire::{Params, Value};

/// Where a secondary is, as its primary describes it: opaque, passed back unchanged.
#[derive(Clone, Debug, PartialEq)]
pub struct SlaveLocation(Params);

impl SlaveLocation {
    /// The location's params, as the server answered them.
    pub fn params(&self) -> &Params {
        &self.0
    }
}

/// The `CgwHelper` class: locations for gateway connections.
#[derive(Clone, Copy, Debug)]
pub struct CgwHelper<'a> {
    client: &'a KscClient,
}

impl<'a> CgwHelper<'a> {
    /// Wraps a client.
    pub fn new(client: &'a KscClient) -> Self {
        Self { client }
    }

    /// `GetSlaveServerLocation(nSlaveServerId)`: the location of this server's secondary with
    /// `KLSRVH_SRV_ID` `id`.
    pub async fn get_slave_server_location(&self, id: i32) -> Result<SlaveLocation, KscError> {
        self.client
            .call_decoded(
                GET_SLAVE_SERVER_LOCATION,
                &[(SLAVE_SERVER_ID, Value::Int(id))],
                |r| r.retval_params().map(SlaveLocation),
            )
            .await
    }
}

/// The `GatewayConnection` class (called on the top-level server).
#[derive(Clone, Copy, Debug)]
pub struct GatewayConnection<'a> {
    client: &'a KscClient,
}

impl<'a> GatewayConnection<'a> {
    /// Wraps a client.
    pub fn new(client: &'a KscClient) -> Self {
        Self { client }
    }

    /// `PrepareGatewayConnection(pLocations, [out] wstrAuthKey)`: opens the way through
    /// `locations` (top-down, each sent as a params value) and answers the one-time key.
    pub async fn prepare_gateway_connection(
        &self,
        locations: &[SlaveLocation],
    ) -> Result<Secret, KscError> {
        let array = locations
            .iter()
            .map(|l| Value::Params(l.0.clone()))
            .collect();
        self.client
            .call_decoded(
                PREPARE_GATEWAY_CONNECTION,
                &[(LOCATIONS, Value::Array(array))],
                |r| r.out_str(AUTH_KEY).map(Secret::new),
            )
            .await
    }
}

impl KscClient {
    /// The `CgwHelper` class.
    pub fn cgw_helper(&self) -> CgwHelper<'_> {
        CgwHelper::new(self)
    }

    /// The `GatewayConnection` class.
    pub fn gateway_connection(&self) -> GatewayConnection<'_> {
        GatewayConnection::new(self)
    }
}

/// The way as the user reads it: `3 → 7`.
fn describe(path: &[i32]) -> String {
    path.iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(" → ")
}

/// Opens a session on the secondary at the end of `path` (each entry the `KLSRVH_SRV_ID` of the
/// next server on its primary, top-down) through `primary`, the logged-in top-level server.
/// The new client talks to the top-level server's address with its pinned certificate; every
/// call runs on the secondary. An empty `path` answers `primary` itself.
///
/// Sessions opened on the way to a deeper secondary are ended once its location is known.
pub async fn connect_through(primary: &KscClient, path: &[i32]) -> Result<KscClient, KscError> {
    let way = describe(path);
    let mut locations = Vec::with_capacity(path.len());
    let mut current = primary.clone();
    for (i, &id) in path.iter().enumerate() {
        let location = current
            .cgw_helper()
            .get_slave_server_location(id)
            .await
            .map_err(|e| match e {
                KscError::Api { error, .. } if codes::not_found(Some(error.code)) => {
                    KscError::GatewaySecondaryNotFound {
                        at: primary.endpoint().clone(),
                        id,
                        step: i + 1,
                        path: way.clone(),
                    }
                }
                other => other,
            });
        if i > 0 {
            // Only a way to the location of the next hop: the session has served its purpose.
            if let Err(e) = current.close().await {
                tracing::debug!(error = %e, "ending an intermediate gateway session failed");
            }
        }
        locations.push(location?);
        let key = primary
            .gateway_connection()
            .prepare_gateway_connection(&locations)
            .await
            .map_err(|e| match e {
                KscError::Api { at, error, .. } => KscError::GatewayUnreachable {
                    at,
                    path: describe(&path[..=i]),
                    detail: error.message.clone(),
                    error,
                },
                other => other,
            })?;
        let next = primary.gateway_client()?;
        next.login_gateway(&key).await?;
        tracing::info!(server = %primary.endpoint(), way = %describe(&path[..=i]), "gateway session open");
        current = next;
    }
    Ok(current)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::kloapi::encode_body;
    use serde_json::json;

    #[test]
    fn locations_travel_as_params_values_in_an_array() {
        let loc = Params::new()
            .with("GwLocSlaveSrvId", 3)
            .with("when", Value::Long(5));
        let body = encode_body(&[(LOCATIONS, Value::Array(vec![Value::Params(loc)]))]);
        let j: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(
            j,
            json!({"pLocations": [{"type": "params", "value": {
                "GwLocSlaveSrvId": 3, "when": {"type": "long", "value": 5}}}]})
        );
    }

    #[test]
    fn the_way_reads_top_down() {
        assert_eq!(describe(&[3, 7]), "3 → 7");
        assert_eq!(describe(&[]), "");
    }
}
