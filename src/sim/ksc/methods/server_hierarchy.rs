//! `ServerHierarchy` (called on a primary): registered secondary servers.
//!
//! `RegisterServer` checks what a real server must check to work at all: the group exists, the
//! display name is unique in that group, the certificate is X.509 (DER or PEM), the address of a
//! passive secondary is `http(s)://host:port`, and the same certificate is not registered twice
//! (the link finds a connecting secondary by its certificate).

use super::host_group::parse_master_addr;
use super::{
    Args, CallCtx, Reply, bad_param, exists, missing, not_found, project, sort_records, sort_spec,
};
use crate::sim::ksc::filter::{self, Op};
use crate::sim::ksc::state::{
    Scope, Secondary, SimData, certificate_der, certificate_md5_hex, now,
};
use crate::wire::{Params, PxgError, Value, srvh};

/// `KLSRVH_SRV_GROUPID_GP`: a filter attribute matching the server's group or any group above.
const GROUPID_GP: &str = "KLSRVH_SRV_GROUPID_GP";
/// Creation time of the record (filter and return field of `FindSlaveServers`).
const WKS_CREATED: &str = "KLHST_WKS_CREATED";
/// Fields `GetChildServers` returns.
const CHILD_FIELDS: &[&str] = &[
    srvh::ADDR,
    srvh::DN,
    srvh::GROUPID,
    srvh::ID,
    srvh::INST_ID,
    srvh::STATUS,
    srvh::VERSION,
    srvh::LAST_CONNECTED,
    srvh::PASSIVE,
    srvh::MASTER_ADDR,
];

/// Runs a `ServerHierarchy` method; `None` when there is no such method.
pub fn call(ctx: &CallCtx<'_>, method: &str, args: &Args) -> Option<Result<Reply, PxgError>> {
    Some(match method {
        "GetChildServers" => get_child_servers(ctx, args),
        "GetServerInfo" => get_server_info(ctx, args),
        "RegisterServer" => register_server(ctx, args),
        "DelServer" => del_server(ctx, args),
        "UpdateServer" => update_server(ctx, args),
        "FindSlaveServers" => find_slave_servers(ctx, args),
        _ => return None,
    })
}

/// Every `KLSRVH_*` attribute of a registered secondary.
pub fn secondary_params(s: &Secondary) -> Params {
    let mut p = Params::new()
        .with(srvh::ID, s.id)
        .with(srvh::INST_ID, s.inst_id.as_str())
        .with(srvh::ADDR, s.addr.as_str())
        .with(srvh::DN, s.display_name.as_str())
        .with(srvh::GROUPID, s.group_id)
        .with(srvh::CERTIFICATE, Value::Binary(s.certificate.clone()))
        .with(srvh::PUBLIC_KEY_HASH, s.public_key_hash.as_str())
        .with(srvh::STATUS, s.status)
        .with(srvh::VERSION, s.version.as_str())
        .with(srvh::PASSIVE, s.passive)
        .with(srvh::MASTER_ADDR, s.master_addr.as_str())
        .with(srvh::HOST_GUID, s.host_guid.as_str());
    if let Some(t) = s.last_connected {
        p.insert(srvh::LAST_CONNECTED, t);
    }
    p
}

fn visible<'d>(d: &'d SimData, scope: &Scope) -> impl Iterator<Item = &'d Secondary> {
    d.secondaries
        .values()
        .filter(move |s| d.group_in(scope, s.group_id).is_some())
}

pub(super) fn secondary<'d>(
    d: &'d SimData,
    scope: &Scope,
    id: i32,
) -> Result<&'d Secondary, PxgError> {
    visible(d, scope)
        .find(|s| s.id == id)
        .ok_or_else(|| not_found(format!("Secondary server {id}")))
}

/// The group that may hold secondaries: inside "Managed devices" of the caller's server.
fn check_target_group(d: &SimData, scope: &Scope, param: &str, id: i32) -> Result<(), PxgError> {
    if d.group_in(scope, id).is_none() {
        return Err(not_found(format!("Administration group {id}")));
    }
    if !d.is_within(id, scope.root) {
        return Err(bad_param(
            param,
            format!("group {id} is not inside \"Managed devices\""),
        ));
    }
    Ok(())
}

fn get_child_servers(ctx: &CallCtx<'_>, args: &Args) -> Result<Reply, PxgError> {
    let group = args.i32("nGroupId")?;
    ctx.state.read(|d| {
        let scope = ctx.scope(d)?;
        if group != -1 && d.group_in(&scope, group).is_none() {
            return Err(not_found(format!("Administration group {group}")));
        }
        let fields: Vec<String> = CHILD_FIELDS.iter().map(|f| f.to_string()).collect();
        let items = visible(d, &scope)
            .filter(|s| group == -1 || s.group_id == group)
            .map(|s| Value::Params(project(&secondary_params(s), &fields)))
            .collect();
        Ok(Reply::ret(Value::Array(items)))
    })
}

fn get_server_info(ctx: &CallCtx<'_>, args: &Args) -> Result<Reply, PxgError> {
    let id = args.i32("lServer")?;
    let fields = args.opt_str_array("pFields")?.unwrap_or_default();
    ctx.state.read(|d| {
        let scope = ctx.scope(d)?;
        let s = secondary(d, &scope, id)?;
        Ok(Reply::ret(project(&secondary_params(s), &fields)))
    })
}

fn check_display_name(param: &str, name: &str) -> Result<(), PxgError> {
    if name.trim().is_empty() {
        return Err(bad_param(param, "the display name is empty"));
    }
    if name.chars().count() > 255 {
        return Err(bad_param(
            param,
            "the display name is longer than 255 characters",
        ));
    }
    Ok(())
}

/// `wstrNetAddress`: empty, or `http(s)://host:port` for a passive secondary.
fn check_net_address(addr: &str) -> Result<Option<String>, PxgError> {
    const P: &str = "wstrNetAddress";
    if addr.is_empty() {
        return Ok(None);
    }
    let lower = addr.to_ascii_lowercase();
    if !lower.starts_with("http://") && !lower.starts_with("https://") {
        return Err(bad_param(
            P,
            format!("{addr:?} is not 'http://host:port' (e.g. 'http://secondary.local:13000')"),
        ));
    }
    let (host, port) = parse_master_addr(addr).map_err(|e| bad_param(P, e))?;
    let port = port.ok_or_else(|| bad_param(P, format!("{addr:?} has no port")))?;
    let host = if host.contains(':') {
        format!("[{host}]")
    } else {
        host
    };
    Ok(Some(format!("{host}:{port}")))
}

fn register_server(ctx: &CallCtx<'_>, args: &Args) -> Result<Reply, PxgError> {
    let name = args.str("wstrDisplName")?.to_string();
    let group = args.i32("nGroupId")?;
    let cert = args.binary("pCertificate")?;
    let net_address = args.str("wstrNetAddress")?.to_string();
    args.opt_params("pAdditionalInfo")?;
    check_display_name("wstrDisplName", &name)?;
    let der = certificate_der(&cert).ok_or_else(|| {
        bad_param(
            "pCertificate",
            "not an X.509 certificate (DER or PEM expected)",
        )
    })?;
    let passive_addr = check_net_address(&net_address)?;
    let hash = certificate_md5_hex(&der);
    ctx.state.try_update(|d| {
        let scope = ctx.scope(d)?;
        check_target_group(d, &scope, "nGroupId", group)?;
        if d.secondaries
            .values()
            .any(|s| s.group_id == group && s.display_name == name)
        {
            return Err(exists(format!(
                "Secondary server \"{name}\" in group {group}"
            )));
        }
        if let Some(other) = d.secondaries.values().find(|s| s.public_key_hash == hash) {
            return Err(exists(format!(
                "A secondary server with this certificate (\"{}\", id {})",
                other.display_name, other.id
            )));
        }
        let id = d.next.secondary;
        d.next.secondary += 1;
        d.secondaries.insert(
            id,
            Secondary {
                id,
                inst_id: String::new(),
                addr: passive_addr.clone().unwrap_or_default(),
                display_name: name.clone(),
                group_id: group,
                certificate: cert.clone(),
                public_key_hash: hash.clone(),
                status: 0,
                version: String::new(),
                passive: passive_addr.is_some(),
                last_connected: None,
                master_addr: String::new(),
                host_guid: String::new(),
                net_address: net_address.clone(),
                created: now(),
            },
        );
        Ok(Reply::ret(id))
    })
}

fn del_server(ctx: &CallCtx<'_>, args: &Args) -> Result<Reply, PxgError> {
    let id = args.i32("lServer")?;
    ctx.state.try_update(|d| {
        let scope = ctx.scope(d)?;
        secondary(d, &scope, id)?;
        d.secondaries.remove(&id);
        Ok(Reply::void())
    })
}

fn update_server(ctx: &CallCtx<'_>, args: &Args) -> Result<Reply, PxgError> {
    let id = args.i32("lServer")?;
    let info = args.params("pInfo")?;
    if let Some((name, _)) = info
        .iter()
        .find(|(n, _)| n.as_str() != srvh::DN && n.as_str() != srvh::GROUPID)
    {
        return Err(bad_param(
            &format!("pInfo.{name}"),
            "only KLSRVH_SRV_DN and KLSRVH_SRV_GROUPID can be changed; re-register the server \
             to change its address or certificate",
        ));
    }
    let dn = match info.get(srvh::DN) {
        None => None,
        Some(Value::String(s)) => {
            check_display_name("pInfo.KLSRVH_SRV_DN", s)?;
            Some(s.clone())
        }
        Some(v) => {
            return Err(bad_param(
                "pInfo.KLSRVH_SRV_DN",
                format!("expected a string, got {}", v.type_name()),
            ));
        }
    };
    let group = match info.get(srvh::GROUPID) {
        None => None,
        Some(v) => Some(v.as_i32().ok_or_else(|| {
            bad_param(
                "pInfo.KLSRVH_SRV_GROUPID",
                format!("expected an int, got {}", v.type_name()),
            )
        })?),
    };
    ctx.state.try_update(|d| {
        let scope = ctx.scope(d)?;
        let cur = secondary(d, &scope, id)?.clone();
        if let Some(g) = group {
            check_target_group(d, &scope, "pInfo.KLSRVH_SRV_GROUPID", g)?;
        }
        let new_group = group.unwrap_or(cur.group_id);
        let new_name = dn.clone().unwrap_or(cur.display_name.clone());
        if d.secondaries
            .values()
            .any(|s| s.id != id && s.group_id == new_group && s.display_name == new_name)
        {
            return Err(exists(format!(
                "Secondary server \"{new_name}\" in group {new_group}"
            )));
        }
        if let Some(s) = d.secondaries.get_mut(&id) {
            s.group_id = new_group;
            s.display_name = new_name;
        }
        Ok(Reply::void())
    })
}

fn find_slave_servers(ctx: &CallCtx<'_>, args: &Args) -> Result<Reply, PxgError> {
    let filter_text = args.str("wstrFilter")?;
    let fields = args
        .opt_str_array("pFieldsToReturn")?
        .ok_or_else(|| missing("pFieldsToReturn"))?;
    let order = sort_spec(args, "pFieldsToOrder")?;
    if let Some((f, _)) = order.iter().find(|(f, _)| !fields.contains(f)) {
        return Err(bad_param(
            "pFieldsToOrder",
            format!("{f:?} is not among pFieldsToReturn"),
        ));
    }
    args.opt_params("pParams")?;
    let lifetime = args.i64("lMaxLifeTime")?;
    let flt = filter::parse(filter_text).map_err(|e| bad_param("wstrFilter", e))?;
    let mut recs = ctx.state.read(|d| {
        let scope = ctx.scope(d)?;
        Ok::<_, PxgError>(
            visible(d, &scope)
                .filter_map(|s| {
                    let mut rec = secondary_params(s);
                    rec.insert(
                        "name",
                        d.groups
                            .get(&s.group_id)
                            .map(|g| g.name.clone())
                            .unwrap_or_default(),
                    );
                    rec.insert(WKS_CREATED, s.created);
                    let chain = d.ancestors_and_self(s.group_id);
                    let hook = |attr: &str, op: Op, value: &str| {
                        (attr == GROUPID_GP).then(|| {
                            let want = value.trim().parse::<i32>().ok();
                            let inside = want.is_some_and(|w| chain.contains(&w));
                            match op {
                                Op::Eq => inside,
                                Op::Ne => !inside,
                                _ => false,
                            }
                        })
                    };
                    flt.matches_with(&rec, &hook).then_some(rec)
                })
                .collect::<Vec<_>>(),
        )
    })?;
    sort_records(&mut recs, &order);
    let recs: Vec<Params> = recs.iter().map(|r| project(r, &fields)).collect();
    let count = i32::try_from(recs.len()).unwrap_or(i32::MAX);
    let iterator = ctx.state.create_accessor(recs, lifetime);
    Ok(Reply::ret(count).out("wstrIterator", iterator))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn net_addresses() {
        assert_eq!(check_net_address("").unwrap(), None);
        assert_eq!(
            check_net_address("http://secondaryserveraddr.local:13000").unwrap(),
            Some("secondaryserveraddr.local:13000".into())
        );
        assert_eq!(
            check_net_address("https://[::1]:13000").unwrap(),
            Some("[::1]:13000".into())
        );
        for bad in [
            "secondary:13000",
            "http://secondary",
            "ftp://s:1",
            "http://:13000",
        ] {
            let e = check_net_address(bad).unwrap_err();
            assert!(e.message.contains("wstrNetAddress"), "{bad}: {}", e.message);
        }
    }
}
