//! `ChunkAccessor`: paging through the result sets of `Find*` calls.

use super::{Args, CallCtx, Reply, bad_param, not_found};
use crate::wire::{Params, PxgError, Value};

/// Runs a `ChunkAccessor` method; `None` when there is no such method.
pub fn call(ctx: &CallCtx<'_>, method: &str, args: &Args) -> Option<Result<Reply, PxgError>> {
    Some(match method {
        "GetItemsCount" => get_items_count(ctx, args),
        "GetItemsChunk" => get_items_chunk(ctx, args),
        "Release" => release(ctx, args),
        _ => return None,
    })
}

fn gone(id: &str) -> PxgError {
    not_found(format!("Result set \"{id}\""))
}

fn get_items_count(ctx: &CallCtx<'_>, args: &Args) -> Result<Reply, PxgError> {
    let id = args.str("strAccessor")?;
    let n = ctx
        .state
        .with_accessor(id, |items| items.len())
        .ok_or_else(|| gone(id))?;
    Ok(Reply::ret(i32::try_from(n).unwrap_or(i32::MAX)))
}

fn get_items_chunk(ctx: &CallCtx<'_>, args: &Args) -> Result<Reply, PxgError> {
    let id = args.str("strAccessor")?;
    let start = args.i64("nStart")?;
    let count = args.i64("nCount")?;
    if start < 0 {
        return Err(bad_param("nStart", "must not be negative"));
    }
    if count < 0 {
        return Err(bad_param("nCount", "must not be negative"));
    }
    let chunk: Vec<Params> = ctx
        .state
        .with_accessor(id, |items| {
            let start = usize::try_from(start).unwrap_or(usize::MAX);
            let count = usize::try_from(count).unwrap_or(usize::MAX);
            items.iter().skip(start).take(count).cloned().collect()
        })
        .ok_or_else(|| gone(id))?;
    let n = i32::try_from(chunk.len()).unwrap_or(i32::MAX);
    let array = Value::Array(chunk.into_iter().map(Value::Params).collect());
    Ok(Reply::ret(n).out("pChunk", Params::new().with("KLCSP_ITERATOR_ARRAY", array)))
}

fn release(ctx: &CallCtx<'_>, args: &Args) -> Result<Reply, PxgError> {
    let id = args.str("strAccessor")?;
    // Releasing an expired or released result set is harmless, as freeing is idempotent.
    ctx.state.release_accessor(id);
    Ok(Reply::void())
}
