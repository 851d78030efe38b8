//! `VServers`: virtual servers of the main server (a virtual server's own session sees none).

use super::{Args, CallCtx, Reply, bad_param, not_found, project};
use crate::sim::ksc::state::{MAIN_SERVER, SimData, VServer};
use crate::wire::error::codes;
use crate::wire::{Params, PxgError, Value};

/// Runs a `VServers` method; `None` when there is no such method.
pub fn call(ctx: &CallCtx<'_>, method: &str, args: &Args) -> Option<Result<Reply, PxgError>> {
    Some(match method {
        "GetVServers" => get_vservers(ctx, args),
        "GetVServerInfo" => get_vserver_info(ctx, args),
        "AddVServerInfo" => add_vserver_info(ctx, args),
        "UpdateVServerInfo" => update_vserver_info(ctx, args),
        _ => return None,
    })
}

/// Every `KLVSRV_*` attribute of a virtual server.
pub fn vserver_params(v: &VServer) -> Params {
    Params::new()
        .with("KLVSRV_ID", v.id)
        .with("KLVSRV_UID", v.uid.as_str())
        .with("KLVSRV_GRP", v.parent_group)
        .with("KLVSRV_DN", v.name.as_str())
        .with("KLVSRV_GROUPS", v.root_group)
        .with("KLVSRV_SUPER", v.super_group)
        .with("KLVSRV_UNASSIGNED", v.unassigned_group)
        .with("KLVSRV_ENABLED", v.enabled)
        .with("KLVSRV_LIC_ENABLED", v.lic_enabled)
        .with("KLVSRV_HST_UID", v.host_uid.as_str())
        .with("KLVSRV_CREATED", v.created)
        .with("KLVSRV_CUSTOM_INFO", v.custom_info.as_str())
        .with("KLVSRV_VS_DESCR", v.description.as_str())
        .with("KLVSRV_NF_CUSTOM_URL", v.nf_custom_url.as_str())
        .with("KLVSRV_NEW_HOSTS_PROHIBITED", false)
        .with("KLVSRV_TOO_MUCH_HOSTS", false)
}

fn main_only(ctx: &CallCtx<'_>) -> Result<(), PxgError> {
    if ctx.principal.vserver == MAIN_SERVER {
        Ok(())
    } else {
        Err(super::error(
            codes::NO_ACCESS,
            "KLSTD",
            "Virtual servers can be managed on the main server only",
        ))
    }
}

fn vserver(d: &SimData, id: i32) -> Result<&VServer, PxgError> {
    d.vservers
        .get(&id)
        .ok_or_else(|| not_found(format!("Virtual server {id}")))
}

fn get_vservers(ctx: &CallCtx<'_>, args: &Args) -> Result<Reply, PxgError> {
    let group = args.i32("lParentGroup")?;
    if ctx.principal.vserver != MAIN_SERVER {
        return Ok(Reply::ret(Value::Array(Vec::new())));
    }
    ctx.state.read(|d| {
        let scope = d.main_scope();
        if group != -1 && d.group_in(&scope, group).is_none() {
            return Err(not_found(format!("Administration group {group}")));
        }
        let items = d
            .vservers
            .values()
            .filter(|v| group == -1 || v.parent_group == group)
            .map(|v| Value::Params(vserver_params(v)))
            .collect();
        Ok(Reply::ret(Value::Array(items)))
    })
}

fn get_vserver_info(ctx: &CallCtx<'_>, args: &Args) -> Result<Reply, PxgError> {
    let id = args.i32("lVServer")?;
    let fields = args.opt_str_array("pFields2Return")?.unwrap_or_default();
    main_only(ctx)?;
    ctx.state
        .read(|d| vserver(d, id).map(|v| Reply::ret(project(&vserver_params(v), &fields))))
}

fn add_vserver_info(ctx: &CallCtx<'_>, args: &Args) -> Result<Reply, PxgError> {
    let name = args.str("strDisplayName")?.trim().to_string();
    let group = args.i32("lParentGroup")?;
    main_only(ctx)?;
    if name.is_empty() {
        return Err(bad_param("strDisplayName", "the name is empty"));
    }
    ctx.state.try_update(|d| {
        let scope = d.main_scope();
        if d.group_in(&scope, group).is_none() {
            return Err(not_found(format!("Administration group {group}")));
        }
        if !d.is_within(group, scope.root) {
            return Err(bad_param(
                "lParentGroup",
                format!("group {group} is not inside \"Managed devices\""),
            ));
        }
        // A duplicate name is made unique, as the reference says.
        let mut unique = name.clone();
        let mut n = 1;
        while d.vservers.values().any(|v| v.name == unique) {
            unique = format!("{name} ({n})");
            n += 1;
        }
        let id = d.add_vserver(&unique, group);
        Ok(Reply::ret(
            Params::new()
                .with("KLVSRV_ID", id)
                .with("KLVSRV_DN", unique.as_str()),
        ))
    })
}

fn update_vserver_info(ctx: &CallCtx<'_>, args: &Args) -> Result<Reply, PxgError> {
    let id = args.i32("lVServer")?;
    let info = args.params("pInfo")?;
    main_only(ctx)?;
    let dn = match info.get("KLVSRV_DN") {
        None => None,
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Some(Value::String(_)) => return Err(bad_param("pInfo.KLVSRV_DN", "the name is empty")),
        Some(v) => {
            return Err(bad_param(
                "pInfo.KLVSRV_DN",
                format!("expected a string, got {}", v.type_name()),
            ));
        }
    };
    ctx.state.try_update(|d| {
        vserver(d, id)?;
        if let Some(dn) = &dn {
            if d.vservers.values().any(|v| v.id != id && &v.name == dn) {
                return Err(super::exists(format!("Virtual server \"{dn}\"")));
            }
            if let Some(v) = d.vservers.get_mut(&id) {
                v.name = dn.clone();
            }
        }
        Ok(Reply::void())
    })
}
