//! `Session`: sessions bound to the `X-KSC-Session` header rather than to a connection.
//!
//! The login part of `StartSession` (credentials, second factor) lives in the HTTP layer; a
//! `StartSession` that reaches this module is made by an already authenticated caller and opens
//! a further session for the same user.

use super::{Args, CallCtx, Reply};
use crate::wire::PxgError;

/// Runs a `Session` method; `None` when there is no such method.
pub fn call(ctx: &CallCtx<'_>, method: &str, _args: &Args) -> Option<Result<Reply, PxgError>> {
    Some(match method {
        "StartSession" => Ok(Reply::ret(
            ctx.state.create_session(ctx.principal.clone(), false),
        )),
        // The HTTP layer has validated the session already.
        "Ping" => Ok(Reply::void()),
        "EndSession" => {
            if let Some(id) = ctx.session_id {
                ctx.state.end_session(id);
            }
            Ok(Reply::void())
        }
        "CreateToken" => Ok(Reply::ret(ctx.state.create_token(ctx.principal.clone()))),
        _ => return None,
    })
}
