//! `CgwHelper` (connection gateway helper): where a gateway connection must go.
//!
//! `GetSlaveServerLocation` answers the location of one of this server's secondaries, "non
//! transparent for a user" (KSC Open API reference): the client passes it back unchanged to
//! `GatewayConnection.PrepareGatewayConnection`, see [`crate::sim::ksc::gateway`].

use super::{Args, CallCtx, Reply, server_hierarchy};
use crate::sim::ksc::gateway;
use crate::wire::PxgError;

/// Runs a `CgwHelper` method; `None` when there is no such method.
pub fn call(ctx: &CallCtx<'_>, method: &str, args: &Args) -> Option<Result<Reply, PxgError>> {
    Some(match method {
        "GetSlaveServerLocation" => get_slave_server_location(ctx, args),
        _ => return None,
    })
}

fn get_slave_server_location(ctx: &CallCtx<'_>, args: &Args) -> Result<Reply, PxgError> {
    let id = args.i32(crate::wire::gateway::SLAVE_SERVER_ID)?;
    let (secondary, issuer) = ctx.state.read(|d| {
        let scope = ctx.scope(d)?;
        let s = server_hierarchy::secondary(d, &scope, id)?.clone();
        Ok::<_, PxgError>((s, d.server.instance_id.clone()))
    })?;
    Ok(Reply::ret(gateway::location(&secondary, &issuer)))
}
