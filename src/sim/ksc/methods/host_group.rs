//! `HostGroup`: the administration group tree, the server's static information and the
//! settings storage (`SS_*`) including the validated `KLSRV_MASTER_SRV` section.

use std::collections::HashMap;

use super::{
    Args, CallCtx, Reply, bad_param, exists, missing, not_found, project, sort_records, sort_spec,
};
use crate::sim::ksc::filter;
use crate::sim::ksc::state::{
    Group, GroupKind, MAIN_SERVER, Scope, SimData, SsSection, certificate_der,
};
use crate::wire::error::codes;
use crate::wire::{Params, PxgError, Value, master_srv};

/// Most attributes `GetGroupInfoEx` accepts in one call.
const MAX_GROUP_ATTRIBUTES: usize = 100;
/// Longest product, version or section name in the settings storage.
const MAX_SS_NAME: usize = 31;
/// Characters not allowed in settings-storage names. The reference's list ends with a period
/// that closes the sentence: version `1.0.0.0` is what the official sample uses.
const SS_FORBIDDEN: &[char] = &['/', '\\', ':', '*', '?', '"', '<', '>'];
/// Storage types the simulated server knows.
const SS_TYPES: &[&str] = &["SS_SETTINGS", "SS_PRODINFO", "SS_RUNTIME"];

/// Runs a `HostGroup` method; `None` when there is no such method.
pub fn call(ctx: &CallCtx<'_>, method: &str, args: &Args) -> Option<Result<Reply, PxgError>> {
    Some(match method {
        "GroupIdGroups" => fixed_group(ctx, |s| s.root),
        "GroupIdUnassigned" => fixed_group(ctx, |s| s.unassigned),
        "GroupIdSuper" => fixed_group(ctx, |s| s.super_group),
        "GetSubgroups" => get_subgroups(ctx, args),
        "GetGroupInfo" => get_group_info(ctx, args),
        "GetGroupInfoEx" => get_group_info_ex(ctx, args),
        "GetGroupId" => get_group_id(ctx, args),
        "AddGroup" => add_group(ctx, args),
        "FindGroups" => find_groups(ctx, args),
        "GetStaticInfo" => get_static_info(ctx, args),
        "SS_Read" => ss_read(ctx, args),
        "SS_Write" => ss_write(ctx, args),
        "SS_CreateSection" => ss_create_section(ctx, args),
        "SS_DeleteSection" => ss_delete_section(ctx, args),
        "SS_GetNames" => ss_get_names(ctx, args),
        _ => return None,
    })
}

fn fixed_group(ctx: &CallCtx<'_>, pick: fn(&Scope) -> i32) -> Result<Reply, PxgError> {
    ctx.state
        .read(|d| ctx.scope(d))
        .map(|s| Reply::ret(pick(&s)))
}

/// The group `id` as the caller may see it.
fn group<'d>(d: &'d SimData, scope: &Scope, id: i32) -> Result<&'d Group, PxgError> {
    d.group_in(scope, id)
        .ok_or_else(|| not_found(format!("Administration group {id}")))
}

/// All attributes of a group, as `GetGroupInfo` returns them.
pub fn group_params(d: &SimData, g: &Group) -> Params {
    let children = d.children(g.id).len();
    let children = i32::try_from(children).unwrap_or(i32::MAX);
    let mut p = Params::new()
        .with("id", g.id)
        .with("name", g.name.as_str())
        .with("creationDate", g.created)
        .with("lastUpdate", g.last_update)
        .with("autoRemovePeriod", g.auto_remove_period)
        .with("notifyPeriod", g.notify_period)
        .with("KLGRP_HlfInherited ", true)
        .with("KLGRP_HlfForceChildren", false)
        .with("KLGRP_HlfForced", false)
        .with("grp_full_name", d.full_name(g.id))
        .with("hostsNum", 0)
        .with("childGroupsNum", children)
        .with("KLGRP_CHLDGRP_CNT", children)
        .with("KLGRP_CHLDHST_CNT", 0)
        .with("KLGRP_CHLDHST_CNT_OK", 0)
        .with("KLGRP_CHLDHST_CNT_WRN", 0)
        .with("KLGRP_CHLDHST_CNT_CRT", 0)
        .with("grp_from_unassigned", g.kind == GroupKind::Unassigned)
        .with("grp_enable_fscan", false);
    if let Some(parent) = g.parent {
        p.insert("parentId", parent);
    }
    if let Some(level) = d.level(g.id) {
        p.insert("level", level);
    }
    p
}

fn get_subgroups(ctx: &CallCtx<'_>, args: &Args) -> Result<Reply, PxgError> {
    let id = args.i32("nGroupId")?;
    let depth = args.i32("nDepth")?;
    if depth < 0 {
        return Err(bad_param("nDepth", "must be 0 (unlimited) or positive"));
    }
    ctx.state.read(|d| {
        let scope = ctx.scope(d)?;
        group(d, &scope, id)?;
        Ok(Reply::ret(subtree(&child_index(d), id, depth, 1)))
    })
}

/// The children of every group, ordered as [`SimData::children`] orders them: built once per
/// call, as asking each group for its children scans every group (quadratic in a large estate).
fn child_index(d: &SimData) -> HashMap<i32, Vec<&Group>> {
    let mut index: HashMap<i32, Vec<&Group>> = HashMap::new();
    for g in d.groups.values() {
        if let Some(parent) = g.parent {
            index.entry(parent).or_default().push(g);
        }
    }
    for kids in index.values_mut() {
        kids.sort_by_cached_key(|g| (g.name.to_lowercase(), g.id));
    }
    index
}

fn subtree(index: &HashMap<i32, Vec<&Group>>, id: i32, depth: i32, level: i32) -> Value {
    let items = index
        .get(&id)
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|c| {
            let mut p = Params::new().with("id", c.id).with("name", c.name.as_str());
            if (depth == 0 || level < depth) && index.get(&c.id).is_some_and(|k| !k.is_empty()) {
                p.insert("groups", subtree(index, c.id, depth, level + 1));
            }
            Value::Params(p)
        })
        .collect();
    Value::Array(items)
}

fn get_group_info(ctx: &CallCtx<'_>, args: &Args) -> Result<Reply, PxgError> {
    let id = args.i32("nGroupId")?;
    ctx.state.read(|d| {
        let scope = ctx.scope(d)?;
        let g = group(d, &scope, id)?;
        Ok(Reply::ret(group_params(d, g)))
    })
}

fn get_group_info_ex(ctx: &CallCtx<'_>, args: &Args) -> Result<Reply, PxgError> {
    let id = args.i32("nGroupId")?;
    let attrs = args
        .opt_str_array("pArrAttributes")?
        .ok_or_else(|| missing("pArrAttributes"))?;
    if attrs.len() > MAX_GROUP_ATTRIBUTES {
        return Err(bad_param(
            "pArrAttributes",
            format!(
                "at most {MAX_GROUP_ATTRIBUTES} attributes, got {}",
                attrs.len()
            ),
        ));
    }
    ctx.state.read(|d| {
        let scope = ctx.scope(d)?;
        let g = group(d, &scope, id)?;
        let all = group_params(d, g);
        let mut out = Params::new();
        for a in &attrs {
            if let Some(v) = all.get(a) {
                out.insert(a.clone(), v.clone());
            }
        }
        Ok(Reply::ret(out))
    })
}

fn get_group_id(ctx: &CallCtx<'_>, args: &Args) -> Result<Reply, PxgError> {
    let parent = args.i32("nParent")?;
    let name = args.str("strName")?;
    ctx.state.read(|d| {
        let scope = ctx.scope(d)?;
        if d.group_in(&scope, parent).is_none() {
            return Ok(Reply::ret(-1));
        }
        let id = d
            .children(parent)
            .into_iter()
            .find(|g| g.name == name)
            .map_or(-1, |g| g.id);
        Ok(Reply::ret(id))
    })
}

/// Checks a group name: non-empty, at most 255 characters, no control characters.
pub fn check_group_name(param: &str, name: &str) -> Result<(), PxgError> {
    if name.trim().is_empty() {
        return Err(bad_param(param, "the group name is empty"));
    }
    if name.chars().count() > 255 {
        return Err(bad_param(
            param,
            "the group name is longer than 255 characters",
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(bad_param(
            param,
            "the group name contains control characters",
        ));
    }
    Ok(())
}

fn add_group(ctx: &CallCtx<'_>, args: &Args) -> Result<Reply, PxgError> {
    let info = args.params("pInfo")?;
    let name = match info.get("name") {
        Some(Value::String(s)) => s.clone(),
        Some(v) => {
            return Err(bad_param(
                "pInfo.name",
                format!("expected a string, got {}", v.type_name()),
            ));
        }
        None => return Err(missing("pInfo.name")),
    };
    let parent = match info.get("parentId") {
        Some(v) => v.as_i32().ok_or_else(|| {
            bad_param(
                "pInfo.parentId",
                format!("expected an int, got {}", v.type_name()),
            )
        })?,
        None => return Err(missing("pInfo.parentId")),
    };
    check_group_name("pInfo.name", &name)?;
    ctx.state.try_update(|d| {
        let scope = ctx.scope(d)?;
        group(d, &scope, parent)?;
        if !d.is_within(parent, scope.root) {
            return Err(bad_param(
                "pInfo.parentId",
                format!("group {parent} is not inside \"Managed devices\""),
            ));
        }
        if d.children(parent).iter().any(|g| g.name == name) {
            return Err(exists(format!(
                "Administration group \"{name}\" in group {parent}"
            )));
        }
        d.add_group(parent, &name)
            .map(Reply::ret)
            .ok_or_else(|| not_found(format!("Administration group {parent}")))
    })
}

fn find_groups(ctx: &CallCtx<'_>, args: &Args) -> Result<Reply, PxgError> {
    let filter_text = args.str("wstrFilter")?;
    let fields = args.opt_str_array("vecFieldsToReturn")?.unwrap_or_default();
    let order = sort_spec(args, "vecFieldsToOrder")?;
    let options = args.opt_params("pParams")?;
    let lifetime = args.opt_i64("lMaxLifeTime")?.unwrap_or(600);
    let flt = filter::parse(filter_text).map_err(|e| bad_param("wstrFilter", e))?;
    let current_only = options
        .get_bool("KLGRP_FIND_FROM_CUR_VS_ONLY")
        .unwrap_or(false);
    let mut recs = ctx.state.read(|d| {
        let scope = ctx.scope(d)?;
        let mut roots = vec![scope.root];
        if scope.vserver == MAIN_SERVER && !current_only {
            roots.extend(d.vservers.values().map(|v| v.root_group));
        }
        Ok::<_, PxgError>(
            d.groups
                .values()
                .filter(|g| roots.iter().any(|r| d.is_within(g.id, *r)))
                .map(|g| group_params(d, g))
                .filter(|p| flt.matches(p))
                .collect::<Vec<_>>(),
        )
    })?;
    sort_records(&mut recs, &order);
    let recs: Vec<Params> = recs.iter().map(|r| project(r, &fields)).collect();
    let count = i32::try_from(recs.len()).unwrap_or(i32::MAX);
    let accessor = ctx.state.create_accessor(recs, lifetime);
    Ok(Reply::ret(count).out("strAccessor", accessor))
}

/// The value names `GetStaticInfo(null)` returns.
pub const STATIC_INFO_DEFAULTS: &[&str] = &[
    "KLADMSRV_IS_VIRTUAL",
    "KLADMSRV_VSID",
    "KLADMSRV_GRP_ROOT",
    "KLADMSRV_GRP_UNASSIGNED",
    "KLADMSRV_GRP_SUPER",
    "KLADMSRV_SERVER_VERSION_ID",
    "KLADMSRV_B2B_CLOUD_MODE",
    "KLADMSRV_PCLOUD_MODE",
    "KLADMSRV_PRODUCT_FULL_VERSION",
    "KLADMSRV_SERVER_HOSTNAME",
    "KLADMSRV_PRODUCT_VERSION",
    "KLADMSRV_PRODUCT_NAME",
    "KLADMSRV_FORCE_SYNC_SUPPORTED",
    "KLADMSRV_MAINTENANCE_SUPPORTED",
    "KLADMSRV_NAGENT_RUNNING",
    "KLADMSRV_SPL_PPC_ENABLED",
    "KLSRV_NETSIZE",
    "KLADMSRV_USERID",
    "KLADMSRV_NEED_UNC_PATH",
    "KLADMSRV_EV_EV_SIZE",
];

fn static_value(ctx: &CallCtx<'_>, d: &SimData, scope: &Scope, name: &str) -> Option<Value> {
    let vs = d.vservers.get(&scope.vserver);
    let version = d.server.version.as_str();
    Some(match name {
        "KLADMSRV_IS_VIRTUAL" => Value::Bool(scope.vserver != MAIN_SERVER),
        "KLADMSRV_VSID" => Value::Int(scope.vserver),
        "KLADMSRV_VSUID" => Value::String(vs.map(|v| v.uid.clone()).unwrap_or_default()),
        "KLADMSRV_GRP_ROOT" => Value::Int(scope.root),
        "KLADMSRV_GRP_UNASSIGNED" => Value::Int(scope.unassigned),
        "KLADMSRV_GRP_SUPER" => Value::Int(scope.super_group),
        "KLADMSRV_SERVER_VERSION_ID" => Value::Int(
            version
                .split('.')
                .next()
                .and_then(|m| m.parse().ok())
                .unwrap_or(0),
        ),
        "KLADMSRV_B2B_CLOUD_MODE" => Value::Bool(d.server.cloud_console),
        "KLADMSRV_PCLOUD_MODE"
        | "KLADMSRV_SPL_PPC_ENABLED"
        | "KLADMSRV_NEED_UNC_PATH"
        | "KLADMSRV_NAC_IS_BEING_USED" => Value::Bool(false),
        "KLADMSRV_PRODUCT_FULL_VERSION" | "KLADMSRV_PRODUCT_VERSION" => {
            Value::String(version.to_string())
        }
        "KLADMSRV_SERVER_HOSTNAME" => Value::String(d.server.hostname.clone()),
        "KLADMSRV_PRODUCT_NAME" => Value::String(master_srv::PRODUCT.to_string()),
        "KLADMSRV_FORCE_SYNC_SUPPORTED"
        | "KLADMSRV_MAINTENANCE_SUPPORTED"
        | "KLADMSRV_NAGENT_RUNNING" => Value::Bool(true),
        "KLADMSRV_LINUX_EDITION" => Value::Bool(d.server.linux),
        "KLSRV_NETSIZE" => Value::Int(0),
        // NULL (absent) when an OS account is logged in.
        "KLADMSRV_USERID" => {
            let internal = d
                .users
                .iter()
                .find(|u| u.id == ctx.principal.user_id)
                .is_some_and(|u| u.internal);
            if !internal {
                return None;
            }
            Value::Int(ctx.principal.user_id)
        }
        "KLADMSRV_EV_EV_SIZE" => Value::Double(0.0),
        "KLADMSRV_SERVER_CERT" => Value::Binary(ctx.state.certificate_der()),
        "KLADMSRV_SERVER_KEY" => {
            // The public key: the private key never leaves the server.
            let der = ctx.state.certificate_der();
            let spki = x509_parser::parse_x509_certificate(&der)
                .ok()
                .map(|(_, c)| c.public_key().raw.to_vec())?;
            Value::Binary(spki)
        }
        "InstancePort" => Value::Int(i32::from(ctx.ssl_port)),
        "KLADMSRV_SERVER_ADDRESSSES" => Value::Array(vec![
            Value::String(d.server.display_name.clone()),
            Value::String("127.0.0.1".into()),
        ]),
        "KLADMSRV_SERVER_UNDER_SYSTEM_ACCOUNT" => Value::String("NT AUTHORITY\\SYSTEM".into()),
        "KLADMSRV_OLA_ROOTCER_ACTUAL" | "KLADMSRV_OLA_ROOTCER_REVOKED" => Value::Array(Vec::new()),
        _ => return None,
    })
}

fn get_static_info(ctx: &CallCtx<'_>, args: &Args) -> Result<Reply, PxgError> {
    let wanted = args.opt_str_array("pValues")?;
    ctx.state.read(|d| {
        let scope = ctx.scope(d)?;
        let names: Vec<String> = match wanted {
            Some(w) => w,
            None => STATIC_INFO_DEFAULTS.iter().map(|s| s.to_string()).collect(),
        };
        let mut out = Params::new();
        for n in names {
            if let Some(v) = static_value(ctx, d, &scope, &n) {
                out.insert(n, v);
            }
        }
        Ok(Reply::ret(out))
    })
}

/// The five keys of a settings-storage call, checked.
struct SsKey {
    stype: String,
    product: String,
    version: String,
    section: String,
}

fn check_ss_name(param: &str, v: &str) -> Result<(), PxgError> {
    if v.is_empty() {
        return Err(bad_param(param, "must not be empty"));
    }
    if v.chars().count() > MAX_SS_NAME {
        return Err(bad_param(
            param,
            format!("longer than {MAX_SS_NAME} characters"),
        ));
    }
    if let Some(c) = v.chars().find(|c| SS_FORBIDDEN.contains(c)) {
        return Err(bad_param(
            param,
            format!("contains the forbidden character {c:?}"),
        ));
    }
    Ok(())
}

fn check_host(ctx: &CallCtx<'_>, args: &Args) -> Result<(), PxgError> {
    let host = args.str("strHostName")?;
    let own = ctx.state.read(|d| d.server.hostname.clone());
    if host != own {
        return Err(not_found(format!("Host \"{host}\"")));
    }
    Ok(())
}

fn check_type(args: &Args) -> Result<String, PxgError> {
    let t = args.str("strType")?;
    if !SS_TYPES.contains(&t) {
        return Err(bad_param(
            "strType",
            format!(
                "unknown storage type {t:?} (expected one of {})",
                SS_TYPES.join(", ")
            ),
        ));
    }
    Ok(t.to_string())
}

fn ss_key(ctx: &CallCtx<'_>, args: &Args) -> Result<SsKey, PxgError> {
    check_host(ctx, args)?;
    let stype = check_type(args)?;
    let product = args.str("strProduct")?;
    let version = args.str("strVersion")?;
    let section = args.str("strSection")?;
    check_ss_name("strProduct", product)?;
    check_ss_name("strVersion", version)?;
    check_ss_name("strSection", section)?;
    Ok(SsKey {
        stype,
        product: product.to_string(),
        version: version.to_string(),
        section: section.to_string(),
    })
}

fn section_missing(k: &SsKey) -> PxgError {
    not_found(format!(
        "Section {}/{}/{}/{}",
        k.stype, k.product, k.version, k.section
    ))
}

fn ss_read(ctx: &CallCtx<'_>, args: &Args) -> Result<Reply, PxgError> {
    let k = ss_key(ctx, args)?;
    ctx.state.read(|d| {
        d.section(&k.stype, &k.product, &k.version, &k.section)
            .map(|s| Reply::ret(s.settings.clone()))
            .ok_or_else(|| section_missing(&k))
    })
}

fn ss_create_section(ctx: &CallCtx<'_>, args: &Args) -> Result<Reply, PxgError> {
    let k = ss_key(ctx, args)?;
    ctx.state.try_update(|d| {
        // Creating a section that exists is a no-op, so the official sample can run twice.
        if d.section(&k.stype, &k.product, &k.version, &k.section)
            .is_none()
        {
            d.sections.push(SsSection {
                stype: k.stype.clone(),
                product: k.product.clone(),
                version: k.version.clone(),
                name: k.section.clone(),
                settings: Params::new(),
            });
        }
        Ok::<_, PxgError>(Reply::void())
    })
}

fn ss_delete_section(ctx: &CallCtx<'_>, args: &Args) -> Result<Reply, PxgError> {
    let k = ss_key(ctx, args)?;
    ctx.state.try_update(|d| {
        let before = d.sections.len();
        d.sections
            .retain(|s| !s.is(&k.stype, &k.product, &k.version, &k.section));
        if d.sections.len() == before {
            return Err(section_missing(&k));
        }
        Ok(Reply::void())
    })
}

fn ss_get_names(ctx: &CallCtx<'_>, args: &Args) -> Result<Reply, PxgError> {
    check_host(ctx, args)?;
    let stype = check_type(args)?;
    let product = args.str("strProduct")?;
    let version = args.str("strVersion")?;
    if !product.is_empty() {
        check_ss_name("strProduct", product)?;
    }
    if !version.is_empty() {
        check_ss_name("strVersion", version)?;
    }
    let names = ctx.state.read(|d| {
        let mut v: Vec<String> = d
            .sections
            .iter()
            .filter(|s| s.stype == stype)
            .filter_map(|s| {
                if product.is_empty() {
                    Some(s.product.clone())
                } else if s.product != product {
                    None
                } else if version.is_empty() {
                    Some(s.version.clone())
                } else if s.version == version {
                    Some(s.name.clone())
                } else {
                    None
                }
            })
            .collect();
        v.sort();
        v.dedup();
        v
    });
    Ok(Reply::ret(Value::Array(
        names.into_iter().map(Value::String).collect(),
    )))
}

/// `nOption` of `SS_Write`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum WriteOption {
    Update,
    Add,
    Replace,
    Delete,
    Clear,
}

fn ss_write(ctx: &CallCtx<'_>, args: &Args) -> Result<Reply, PxgError> {
    let k = ss_key(ctx, args)?;
    let option = match args.i32("nOption")? {
        1 => WriteOption::Update,
        2 => WriteOption::Add,
        3 => WriteOption::Replace,
        4 => WriteOption::Delete,
        7 => WriteOption::Clear,
        n => {
            return Err(bad_param(
                "nOption",
                format!(
                    "{n} is not one of 1 (update), 2 (add), 3 (replace), 4 (delete), 7 (clear)"
                ),
            ));
        }
    };
    let settings = args.params("pSettings")?;
    let is_master = k.stype == master_srv::TYPE
        && k.product == master_srv::PRODUCT
        && k.version == master_srv::VERSION
        && k.section == master_srv::SECTION;
    if is_master && option != WriteOption::Delete {
        check_master_srv_types(&settings)?;
    }
    ctx.state.try_update(|d| {
        let sec = d
            .section_mut(&k.stype, &k.product, &k.version, &k.section)
            .ok_or_else(|| section_missing(&k))?;
        let cur = &mut sec.settings;
        match option {
            WriteOption::Update => {
                if let Some(name) = settings.iter().map(|(n, _)| n).find(|n| !cur.contains(n)) {
                    return Err(not_found(format!("Variable \"{name}\"")));
                }
                for (n, v) in settings.iter() {
                    cur.insert(n.clone(), v.clone());
                }
            }
            WriteOption::Add => {
                if let Some(name) = settings.iter().map(|(n, _)| n).find(|n| cur.contains(n)) {
                    return Err(exists(format!("Variable \"{name}\"")));
                }
                for (n, v) in settings.iter() {
                    cur.insert(n.clone(), v.clone());
                }
            }
            WriteOption::Replace => {
                for (n, v) in settings.iter() {
                    cur.insert(n.clone(), v.clone());
                }
            }
            WriteOption::Delete => {
                if let Some(name) = settings.iter().map(|(n, _)| n).find(|n| !cur.contains(n)) {
                    return Err(not_found(format!("Variable \"{name}\"")));
                }
                for (n, _) in settings.iter() {
                    cur.remove(n);
                }
            }
            WriteOption::Clear => *cur = settings.clone(),
        }
        if is_master {
            check_master_srv_complete(cur)?;
        }
        Ok(Reply::void())
    })
}

fn expect_type(name: &str, v: &Value, ok: bool, expected: &str) -> Result<(), PxgError> {
    if ok {
        Ok(())
    } else {
        Err(super::error(
            codes::WRONG_TYPE,
            "KLPAR",
            format!(
                "Variable \"{name}\" has the wrong type: expected {expected}, got {}",
                v.type_name()
            ),
        )
        .with_locdata(
            "Variable \"%1\" has the wrong type: expected %2",
            &[name, expected],
        ))
    }
}

fn valid_port(n: i64) -> bool {
    (1..=65535).contains(&n)
}

/// Checks `name_or_ip`, `name_or_ip:port` or `scheme://host[:port]` (both forms appear: the
/// section reference says `name_or_ip`, the official sample writes `https://host:13000`).
pub fn parse_master_addr(addr: &str) -> Result<(String, Option<u16>), String> {
    let addr = addr.trim();
    if addr.is_empty() {
        return Err("the address is empty".into());
    }
    let rest = match addr.split_once("://") {
        Some((scheme, rest)) => {
            if !matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https") {
                return Err(format!(
                    "unknown scheme {scheme:?} (expected http or https)"
                ));
            }
            rest.trim_end_matches('/')
        }
        None => addr,
    };
    let (host, port) = if let Some(stripped) = rest.strip_prefix('[') {
        let (h, tail) = stripped
            .split_once(']')
            .ok_or("an IPv6 address lacks its closing ']'")?;
        let port = match tail.strip_prefix(':') {
            Some(p) => Some(p),
            None if tail.is_empty() => None,
            None => return Err(format!("unexpected text {tail:?} after the address")),
        };
        (h.to_string(), port)
    } else if rest.matches(':').count() > 1 {
        (rest.to_string(), None)
    } else {
        match rest.split_once(':') {
            Some((h, p)) => (h.to_string(), Some(p)),
            None => (rest.to_string(), None),
        }
    };
    if host.is_empty() || host.chars().any(|c| c.is_whitespace() || c == '/') {
        return Err(format!("{host:?} is not a host name or IP address"));
    }
    let port = match port {
        Some(p) => Some(
            p.parse::<u16>()
                .ok()
                .filter(|n| *n != 0)
                .ok_or_else(|| format!("{p:?} is not a port number"))?,
        ),
        None => None,
    };
    Ok((host, port))
}

/// Type checks of the documented `KLSRV_MASTER_SRV` variables (unknown ones pass, as the public
/// list is cut off after `..._PROXYHOST_PASSWORD`).
fn check_master_srv_types(p: &Params) -> Result<(), PxgError> {
    use master_srv::*;
    for (name, v) in p.iter() {
        match name.as_str() {
            USE | PASSIVE_SLAVE | PROXY_USE => {
                expect_type(name, v, matches!(v, Value::Bool(_)), "a boolean")?
            }
            ADDR | "KLSRV_MASTER_HDS_ADDR" => {
                expect_type(name, v, matches!(v, Value::String(_)), "a string")?;
                if let Value::String(s) = v
                    && !s.is_empty()
                {
                    parse_master_addr(s).map_err(|e| bad_param(name, e))?;
                }
            }
            PROXY_LOCATION | PROXY_LOGIN => {
                expect_type(name, v, matches!(v, Value::String(_)), "a string")?;
                if let (PROXY_LOCATION, Value::String(s)) = (name.as_str(), v)
                    && !s.is_empty()
                {
                    let (_, port) = parse_master_addr(s).map_err(|e| bad_param(name, e))?;
                    if port.is_none() {
                        return Err(bad_param(name, "expected 'name_or_ip:port'"));
                    }
                }
            }
            PORTS | "KLSRV_MASTER_HDS_PORTS" => {
                let ok = match v {
                    Value::Array(a) => a
                        .iter()
                        .all(|e| matches!(e, Value::Int(_) | Value::Long(_))),
                    _ => false,
                };
                expect_type(name, v, ok, "an array of int")?;
                if let Value::Array(a) = v
                    && let Some(bad) = a.iter().filter_map(Value::as_i64).find(|n| !valid_port(*n))
                {
                    return Err(bad_param(name, format!("{bad} is not a port number")));
                }
            }
            SSL_CERT => {
                expect_type(name, v, matches!(v, Value::Binary(_)), "binary")?;
                if let Value::Binary(b) = v
                    && certificate_der(b).is_none()
                {
                    return Err(bad_param(
                        name,
                        "not an X.509 certificate (DER or PEM expected)",
                    ));
                }
            }
            PROXY_PASSWORD | "KLSRV_MASTER_HDS_CA" => {
                expect_type(name, v, matches!(v, Value::Binary(_)), "binary")?
            }
            _ => {}
        }
    }
    Ok(())
}

/// A section that says "this server is secondary" must say of which primary.
fn check_master_srv_complete(p: &Params) -> Result<(), PxgError> {
    use master_srv::*;
    if p.get_bool(USE) != Some(true) {
        return Ok(());
    }
    let has = |n: &str| match p.get(n) {
        Some(Value::String(s)) => !s.trim().is_empty(),
        Some(_) => true,
        None => false,
    };
    if !has(ADDR) && !has("KLSRV_MASTER_HDS_ADDR") {
        return Err(missing(ADDR));
    }
    if has(ADDR) && !has(SSL_CERT) {
        return Err(missing(SSL_CERT));
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn master_addresses() {
        assert_eq!(
            parse_master_addr("ksc-hq.corp.example").unwrap(),
            ("ksc-hq.corp.example".into(), None)
        );
        assert_eq!(
            parse_master_addr("https://ksc-master.example.com:13000").unwrap(),
            ("ksc-master.example.com".into(), Some(13000))
        );
        assert_eq!(
            parse_master_addr("10.0.0.1:13000").unwrap(),
            ("10.0.0.1".into(), Some(13000))
        );
        assert_eq!(
            parse_master_addr("[::1]:13000").unwrap(),
            ("::1".into(), Some(13000))
        );
        assert_eq!(parse_master_addr("fe80::1").unwrap().0, "fe80::1");
        for bad in [
            "",
            "ftp://x",
            "host:0",
            "host:99999",
            "a b",
            "https://:13000",
        ] {
            assert!(parse_master_addr(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn master_section_types() {
        use master_srv::*;
        let ok = Params::new()
            .with(USE, true)
            .with(PORTS, Value::Array(vec![Value::Int(13000)]))
            .with(ADDR, "https://h:13000");
        assert!(check_master_srv_types(&ok).is_ok());
        let e = check_master_srv_types(&Params::new().with(USE, 1)).unwrap_err();
        assert_eq!(e.code, codes::WRONG_TYPE);
        assert!(e.message.contains(USE));
        let e = check_master_srv_types(
            &Params::new().with(PORTS, Value::Array(vec![Value::String("13000".into())])),
        )
        .unwrap_err();
        assert!(e.message.contains(PORTS));
        let e = check_master_srv_types(&Params::new().with(SSL_CERT, Value::Binary(vec![1, 2])))
            .unwrap_err();
        assert!(e.message.contains("X.509"));
        assert!(check_master_srv_complete(&ok).is_err());
        assert!(check_master_srv_complete(&Params::new().with(USE, false)).is_ok());
    }
}
