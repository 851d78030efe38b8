//! `Limits`: the server's limited parameters (`GetLimits`), of which the simulator answers the
//! ones it models; booleans are 1 or 0, as the reference says.

use super::{Args, CallCtx, Reply, bad_param};
use crate::wire::PxgError;

/// `LP_MaxCountOfHosts`.
pub const LP_MAX_COUNT_OF_HOSTS: i32 = 1;
/// `LP_SlaveServer`: "Slave server enabled".
pub const LP_SLAVE_SERVER: i32 = 8;

/// The documented devices per Administration Server (KSC 12 and 14.2 sizing).
const MAX_HOSTS: i32 = 100_000;

/// Runs a `Limits` method; `None` when there is no such method.
pub fn call(ctx: &CallCtx<'_>, method: &str, args: &Args) -> Option<Result<Reply, PxgError>> {
    Some(match method {
        "GetLimits" => get_limits(ctx, args),
        _ => return None,
    })
}

fn get_limits(ctx: &CallCtx<'_>, args: &Args) -> Result<Reply, PxgError> {
    let param = args.i32("param")?;
    match param {
        LP_MAX_COUNT_OF_HOSTS => Ok(Reply::ret(MAX_HOSTS)),
        LP_SLAVE_SERVER => {
            let enabled = ctx.state.read(|d| d.server.secondary_servers_enabled);
            Ok(Reply::ret(i32::from(enabled)))
        }
        _ => Err(bad_param(
            "param",
            format!("limited parameter {param} is not modelled by this server"),
        )),
    }
}
