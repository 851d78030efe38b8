//! `DataProtectionApi`: protecting sensitive values (such as the proxy password of
//! `KLSRV_MASTER_SRV`) with this server's key, so only this server can read them back.

use super::{Args, CallCtx, Reply, not_found};
use crate::sim::ksc::protect::Kind;
use crate::wire::error::codes;
use crate::wire::{PxgError, Value};

/// Runs a `DataProtectionApi` method; `None` when there is no such method.
pub fn call(ctx: &CallCtx<'_>, method: &str, args: &Args) -> Option<Result<Reply, PxgError>> {
    Some(match method {
        "ProtectUtf8StringForHost" => for_host(ctx, args)
            .and_then(|()| utf8(args))
            .and_then(|b| protect(ctx, Kind::Utf8, &b))
            .map(Reply::ret),
        "ProtectUtf8StringGlobally" => utf8(args)
            .and_then(|b| protect(ctx, Kind::Utf8, &b))
            .map(Reply::ret),
        "ProtectUtf16StringForHost" => for_host(ctx, args)
            .and_then(|()| utf16(args))
            .and_then(|b| protect(ctx, Kind::Utf16, &b))
            .map(Reply::ret),
        "ProtectUtf16StringGlobally" => utf16(args)
            .and_then(|b| protect(ctx, Kind::Utf16, &b))
            .map(Reply::ret),
        "ProtectDataForHost" => for_host(ctx, args)
            .and_then(|()| args.binary("pData"))
            .and_then(|b| protect(ctx, Kind::Data, &b))
            .map(|v| Reply::void().out("pDataProtected", v)),
        "ProtectDataGlobally" => args
            .binary("pData")
            .and_then(|b| protect(ctx, Kind::Data, &b))
            .map(|v| Reply::void().out("pDataProtected", v)),
        _ => return None,
    })
}

/// Only this server's own host has a key in the simulator; other hosts "have no public key".
fn for_host(ctx: &CallCtx<'_>, args: &Args) -> Result<(), PxgError> {
    let host = args.str("szwHostId")?;
    let own = ctx.state.read(|d| d.server.hostname.clone());
    if host.is_empty() {
        return Err(not_found("Host \"\""));
    }
    if host != own {
        return Err(super::error(
            codes::NOT_PERMITTED,
            "KLSTD",
            format!("Host \"{host}\" has no public key for data protection"),
        ));
    }
    Ok(())
}

fn utf8(args: &Args) -> Result<Vec<u8>, PxgError> {
    args.str("szwPlainText").map(|s| s.as_bytes().to_vec())
}

fn utf16(args: &Args) -> Result<Vec<u8>, PxgError> {
    args.str("szwPlainText")
        .map(|s| s.encode_utf16().flat_map(u16::to_le_bytes).collect())
}

fn protect(ctx: &CallCtx<'_>, kind: Kind, plain: &[u8]) -> Result<Value, PxgError> {
    ctx.state
        .protect(kind, plain)
        .map(Value::Binary)
        .map_err(|e| {
            super::error(
                codes::GENERAL,
                "KLSTD",
                format!("Data protection failed: {e}"),
            )
        })
}
