//! `Policy`: policies of administration groups, own and inherited.
//!
//! Policies received from the primary live in the super group (the parent of "Managed devices"
//! that the reference describes as holding "group tasks and policies received from the primary
//! server") and carry `KLPOL_INHERITED = true`; `GetEffectivePoliciesForGroup` of any group
//! lists them together with the policies of the group and of the groups above it.

use super::{Args, CallCtx, Reply, not_found};
use crate::sim::ksc::state::{Policy, SimData};
use crate::wire::{Params, PxgError, Value};

/// Runs a `Policy` method; `None` when there is no such method.
pub fn call(ctx: &CallCtx<'_>, method: &str, args: &Args) -> Option<Result<Reply, PxgError>> {
    Some(match method {
        "GetPoliciesForGroup" => get_policies_for_group(ctx, args),
        "GetEffectivePoliciesForGroup" => get_effective_policies(ctx, args),
        "GetPolicyData" => get_policy_data(ctx, args),
        _ => return None,
    })
}

/// Every `KLPOL_*` attribute of a policy; `inherited` is `KLPOL_INHERITED`.
pub fn policy_params(d: &SimData, p: &Policy, inherited: bool) -> Params {
    let group = d.groups.get(&p.group_id);
    let vs_name = group
        .and_then(|g| d.vservers.get(&g.vserver))
        .map(|v| v.name.clone())
        .unwrap_or_default();
    Params::new()
        .with("KLPOL_ID", p.id)
        .with("KLPOL_DN", p.name.as_str())
        .with("KLPOL_PRODUCT", p.product.as_str())
        .with("KLPOL_VERSION", p.version.as_str())
        .with("KLPOL_CREATED", p.created)
        .with("KLPOL_MODIFIED", p.modified)
        .with("KLPOL_GROUP_ID", p.group_id)
        .with("KLPOL_ACTIVE", p.active)
        .with("KLPOL_ROAMING", p.roaming)
        .with("KLPOL_ACCEPT_PARENT", p.accept_parent)
        .with("KLPOL_FORCE_DISTRIB2CHILDREN", p.force_distrib2children)
        .with("KLPOL_FORCED", false)
        .with("KLPOL_INHERITED", inherited)
        .with("KLPOL_GSYN_ID", 0)
        .with(
            "KLPOL_GROUP_NAME",
            group.map(|g| g.name.clone()).unwrap_or_default(),
        )
        .with("KLPOL_VS_NAME", vs_name)
        .with("KLPOL_PROFILES_NUM", 0)
        .with("KLPOL_HIDE_ON_SLAVES", p.hide_on_slaves)
}

fn get_policies_for_group(ctx: &CallCtx<'_>, args: &Args) -> Result<Reply, PxgError> {
    let group = args.i32("nGroupId")?;
    ctx.state.read(|d| {
        let scope = ctx.scope(d)?;
        if group != -1 && d.group_in(&scope, group).is_none() {
            return Err(not_found(format!("Administration group {group}")));
        }
        let items = d
            .all_policies()
            .filter(|p| d.group_in(&scope, p.group_id).is_some())
            .filter(|p| group == -1 || p.group_id == group)
            .map(|p| Value::Params(policy_params(d, p, p.inherited)))
            .collect();
        Ok(Reply::ret(Value::Array(items)))
    })
}

fn get_effective_policies(ctx: &CallCtx<'_>, args: &Args) -> Result<Reply, PxgError> {
    let group = args.i32("nGroupId")?;
    ctx.state.read(|d| {
        let scope = ctx.scope(d)?;
        if d.group_in(&scope, group).is_none() {
            return Err(not_found(format!("Administration group {group}")));
        }
        let chain = d.ancestors_and_self(group);
        let items = d
            .all_policies()
            .filter(|p| chain.contains(&p.group_id) && (p.active || p.roaming))
            .map(|p| {
                let inherited = p.inherited || p.group_id != group;
                Value::Params(policy_params(d, p, inherited))
            })
            .collect();
        Ok(Reply::ret(Value::Array(items)))
    })
}

fn get_policy_data(ctx: &CallCtx<'_>, args: &Args) -> Result<Reply, PxgError> {
    let id = args.i32("nPolicy")?;
    ctx.state.read(|d| {
        let scope = ctx.scope(d)?;
        d.policy(id)
            .filter(|p| d.group_in(&scope, p.group_id).is_some())
            .map(|p| Reply::ret(policy_params(d, p, p.inherited)))
            .ok_or_else(|| not_found(format!("Policy {id}")))
    })
}
