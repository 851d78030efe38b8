//! Reading the secondaries off a primary, and looking at each one from here and through the
//! primary.
//!
//! A level is read with documented calls only: `HostGroup.GetStaticInfo` (the server's own
//! version and root group), `HostGroup.GetSubgroups(root, 0)` and `GetGroupInfo(root)` (group
//! paths), `ServerHierarchy.FindSlaveServers` paged with `ChunkAccessor` for the list, and
//! `ServerHierarchy.GetServerInfo` per secondary for the rest: the reference lists only
//! `KLSRVH_SRV_ID`, `_DN`, `_GROUPID`, `_STATUS`, `name` and `KLHST_WKS_CREATED` as fields
//! `FindSlaveServers` returns, while `GetServerInfo` takes any attribute of the list.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use futures::stream::{BoxStream, FuturesUnordered};
use futures::{StreamExt, TryStreamExt};
use tokio::sync::Semaphore;

use super::{Fleet, Nested, Presented, Registered, Row, Via, key_of};
use crate::fl;
use crate::kloapi::error::KscError;
use crate::kloapi::server_hierarchy::{ChildServer, SortField};
use crate::kloapi::{GroupNode, KscClient, connect_through};
use crate::wire::error::codes;
use crate::wire::{DEFAULT_SSL_PORT, Params, srvh};

/// How long the result set of `FindSlaveServers` may live on the server (seconds); the list is
/// read at once, so a short life frees it soon if the release is lost.
const ACCESSOR_LIFETIME: i32 = 300;
/// `FindSlaveServers`'s field holding the name of the secondary's group.
const GROUP_NAME: &str = "name";
/// What `FindSlaveServers` is documented to return and is asked for.
const LIST_FIELDS: &[&str] = &[srvh::ID, srvh::DN, srvh::GROUPID, srvh::STATUS, GROUP_NAME];
/// What `GetServerInfo` is asked for, per secondary.
const DETAIL_FIELDS: &[&str] = &[
    srvh::ADDR,
    srvh::INST_ID,
    srvh::VERSION,
    srvh::PASSIVE,
    srvh::LAST_CONNECTED,
    srvh::MASTER_ADDR,
    srvh::CERTIFICATE,
    srvh::PUBLIC_KEY_HASH,
];

/// How a level is read.
#[derive(Clone, Debug)]
pub struct LoadOptions {
    /// Records per `ChunkAccessor.GetItemsChunk`.
    pub page_size: i32,
    /// `GetServerInfo` calls in flight at once (one session serves them over pooled
    /// connections).
    pub details_at_once: usize,
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            page_size: crate::kloapi::chunk_accessor::DEFAULT_PAGE_SIZE,
            details_at_once: 8,
        }
    }
}

/// The secondaries of one server, and that server's own version.
#[derive(Clone, Debug, PartialEq)]
pub struct Level {
    /// `KLADMSRV_PRODUCT_FULL_VERSION` (or `KLADMSRV_PRODUCT_VERSION`) of the server asked.
    pub version: Option<String>,
    /// Its secondaries, by display name.
    pub rows: Vec<Row>,
}

/// Reads every secondary of `primary` (all groups) with its certificate, group path and
/// version; nothing is looked at yet (see [`check`]).
pub async fn load(primary: &KscClient, opts: &LoadOptions) -> Result<Fleet, KscError> {
    let level = load_level(primary, &[], opts).await?;
    Ok(Fleet {
        primary_version: level.version,
        rows: level.rows,
    })
}

/// Reads the secondaries of the server `client` is logged in to; `parent` is that server's
/// path from the top-level primary (empty for the primary itself), put in front of each row's
/// id.
pub async fn load_level(
    client: &KscClient,
    parent: &[i32],
    opts: &LoadOptions,
) -> Result<Level, KscError> {
    let hg = client.host_group();
    let info = hg.static_info().await?;
    let version = info.full_version.clone().or(info.product_version.clone());
    let groups = match info.root_group {
        Some(root) => group_paths(client, root).await,
        None => HashMap::new(),
    };
    let sh = client.server_hierarchy();
    let records = sh
        .find_slave_servers_paged(
            "",
            LIST_FIELDS,
            &[SortField::asc(srvh::DN)],
            ACCESSOR_LIFETIME,
            opts.page_size,
        )
        .await?;
    let ids: Vec<Option<i32>> = records.iter().map(|r| r.get_i32(srvh::ID)).collect();
    let details: Vec<Option<Params>> = futures::stream::iter(ids)
        .map(|id| async move {
            let Some(id) = id else {
                return Ok(None);
            };
            match sh.get_server_info(id, DETAIL_FIELDS).await {
                Ok(p) => Ok(Some(p)),
                // Deleted between the list and this call: it is no longer a secondary.
                Err(e) if codes::not_found(e.api_code()) => Ok(None),
                Err(e) => Err(e),
            }
        })
        .buffered(opts.details_at_once.max(1))
        .try_collect()
        .await?;
    let mut rows = Vec::with_capacity(records.len());
    for (record, detail) in records.iter().zip(details) {
        let Some(detail) = detail else {
            continue;
        };
        let mut merged = record.clone();
        for (k, v) in detail.iter() {
            merged.insert(k.clone(), v.clone());
        }
        let child = ChildServer::from_params(&merged, "FindSlaveServers")
            .map_err(|e| client.decode_error("ServerHierarchy.GetServerInfo", &e.to_string()))?;
        let group = child
            .group_id
            .and_then(|g| groups.get(&g).cloned())
            .or_else(|| record.get_str(GROUP_NAME).map(str::to_string))
            .unwrap_or_default();
        rows.push(row_of(child, parent, group, version.clone()));
    }
    Ok(Level { version, rows })
}

fn row_of(c: ChildServer, parent: &[i32], group: String, primary_version: Option<String>) -> Row {
    let mut path = parent.to_vec();
    path.push(c.id);
    let status = c.status;
    let nonempty = |s: Option<String>| s.filter(|v| !v.trim().is_empty());
    Row {
        path,
        name: c.display_name,
        group_id: c.group_id,
        group,
        status,
        version: nonempty(c.version),
        primary_version,
        passive: c.passive,
        address: nonempty(c.address),
        master_address: nonempty(c.master_address),
        instance_id: nonempty(c.instance_id),
        last_connected: c.last_connected,
        registered: Registered::from_bytes(c.certificate.as_deref()),
        public_key_hash: nonempty(c.public_key_hash),
        presented: Presented::Pending,
        nested: if status == Some(crate::kloapi::ServerStatus::Active) {
            Nested::Pending
        } else {
            Nested::NotAsked
        },
    }
}

/// Group id → path of names from "Managed devices" down. A server that does not answer leaves
/// the groups to `FindSlaveServers`'s own `name`.
async fn group_paths(client: &KscClient, root: i32) -> HashMap<i32, String> {
    let hg = client.host_group();
    let root_name = hg
        .get_group_info(root)
        .await
        .ok()
        .and_then(|p| p.get_str(GROUP_NAME).map(str::to_string))
        .unwrap_or_default();
    let mut out = HashMap::new();
    out.insert(root, root_name.clone());
    let Ok(tree) = hg.get_subgroups(root, 0).await else {
        return out;
    };
    fn walk(nodes: &[GroupNode], prefix: &str, out: &mut HashMap<i32, String>) {
        for n in nodes {
            let path = if prefix.is_empty() {
                n.name.clone()
            } else {
                format!("{prefix}/{}", n.name)
            };
            walk(&n.children, &path, out);
            out.insert(n.id, path);
        }
    }
    walk(&tree, &root_name, &mut out);
    out
}

/// How the secondaries are looked at.
#[derive(Clone, Debug)]
pub struct CheckOptions {
    /// How long a secondary's SSL port may take to show its certificate.
    pub probe_timeout: Duration,
    /// SSL ports probed at once.
    pub probes_at_once: usize,
    /// Gateway sessions open at once (each is a login on the primary).
    pub gateways_at_once: usize,
    /// How long opening a gateway session and reading through it may take.
    pub gateway_timeout: Duration,
    /// The deepest path looked for (levels below the primary); the documentation sets no
    /// limit, this one only stops a damaged hierarchy from being walked for ever.
    pub max_depth: usize,
    /// How each level of nested secondaries is read.
    pub load: LoadOptions,
}

impl Default for CheckOptions {
    fn default() -> Self {
        Self {
            probe_timeout: Duration::from_secs(3),
            probes_at_once: 16,
            gateways_at_once: 4,
            gateway_timeout: Duration::from_secs(30),
            max_depth: 8,
            load: LoadOptions::default(),
        }
    }
}

/// What [`check`] found about one row.
#[derive(Clone, Debug, PartialEq)]
pub enum CheckEvent {
    /// The certificate the secondary at `path` presents now.
    Presented {
        /// The row.
        path: Vec<i32>,
        /// What was found.
        presented: Presented,
    },
    /// The secondaries of the secondary at `parent`, or why they could not be listed.
    Nested {
        /// The row.
        parent: Vec<i32>,
        /// Its secondaries (each to be looked at in turn), or why not.
        result: Result<Vec<Row>, String>,
    },
}

/// Looks at every row and at each secondary found below them: the certificate presented at
/// `KLSRVH_SRV_ADDR` from this machine, else (for an Active secondary) `KLADMSRV_SERVER_CERT`
/// through a gateway session, compared with `KLSRVH_SRV_PUBLIC_KEY_HASH`; and the secondaries
/// of each Active secondary, read on that gateway session. One event per finding, as it comes;
/// the stream ends when everything was looked at.
pub fn check(
    primary: KscClient,
    rows: Vec<Row>,
    opts: CheckOptions,
) -> BoxStream<'static, CheckEvent> {
    let (tx, rx) = futures::channel::mpsc::unbounded();
    let driver = async move {
        let probes = Arc::new(Semaphore::new(opts.probes_at_once.max(1)));
        let gateways = Arc::new(Semaphore::new(opts.gateways_at_once.max(1)));
        let opts = Arc::new(opts);
        let visit = |row: Row| {
            visit(
                primary.clone(),
                row,
                probes.clone(),
                gateways.clone(),
                opts.clone(),
                tx.clone(),
            )
        };
        let mut running: FuturesUnordered<_> = rows.into_iter().map(visit).collect();
        while let Some(children) = running.next().await {
            running.extend(children.into_iter().map(visit));
        }
    };
    // The driver ends when every visit has, dropping the last sender, which ends `rx`.
    futures::stream::select(
        futures::stream::once(driver).filter_map(|()| async { None }),
        rx,
    )
    .boxed()
}

/// Looks at one row; answers the rows found below it, to be looked at in turn.
async fn visit(
    primary: KscClient,
    row: Row,
    probes: Arc<Semaphore>,
    gateways: Arc<Semaphore>,
    opts: Arc<CheckOptions>,
    tx: futures::channel::mpsc::UnboundedSender<CheckEvent>,
) -> Vec<Row> {
    // A closed receiver means nobody waits for the findings any more; the visits still end.
    let send = |e: CheckEvent| {
        let _ = tx.unbounded_send(e);
    };
    let expected = row.expected_md5();
    let mut presented = None;
    let mut unreachable = None;
    if let Some(address) = &row.address {
        let _permit = probes.acquire().await;
        match probe(address, opts.probe_timeout).await {
            Ok(md5) => {
                presented = Some(compare(
                    expected.as_deref(),
                    md5,
                    Via::Address(address.clone()),
                ))
            }
            Err(e) => unreachable = Some(e),
        }
    }
    if !row.is_active() {
        let why = unreachable.unwrap_or_else(|| fl!("servers-check-inactive-no-address"));
        send(CheckEvent::Presented {
            path: row.path.clone(),
            presented: presented.unwrap_or(Presented::CouldNotCheck(why)),
        });
        return Vec::new();
    }
    let deep_enough = row.path.len() >= opts.max_depth;
    if let (Some(p), true) = (&presented, deep_enough) {
        send(CheckEvent::Presented {
            path: row.path.clone(),
            presented: p.clone(),
        });
        send(CheckEvent::Nested {
            parent: row.path.clone(),
            result: Err(fl!("servers-nested-too-deep", depth = opts.max_depth)),
        });
        return Vec::new();
    }
    let _permit = gateways.acquire().await;
    let sent = AtomicBool::new(false);
    let through = async {
        let gw = connect_through(&primary, &row.path)
            .await
            .map_err(|e| fl!("servers-check-gateway-failed", error = e.to_string()))?;
        let found = match presented.clone() {
            Some(p) => p,
            None => match gw.host_group().server_certificate().await {
                Ok(der) => compare(expected.as_deref(), md5_of(&der), Via::Gateway),
                Err(e) => Presented::CouldNotCheck(fl!(
                    "servers-check-gateway-certificate-failed",
                    error = e.to_string()
                )),
            },
        };
        send(CheckEvent::Presented {
            path: row.path.clone(),
            presented: found,
        });
        sent.store(true, Ordering::Relaxed);
        let nested = if deep_enough {
            Err(fl!("servers-nested-too-deep", depth = opts.max_depth))
        } else {
            load_level(&gw, &row.path, &opts.load)
                .await
                .map(|l| l.rows)
                .map_err(|e| fl!("servers-nested-failed", error = e.to_string()))
        };
        // Only a courtesy: an unclosed session expires on the server anyway.
        if let Err(e) = gw.close().await {
            tracing::debug!(error = %e, "ending a gateway session failed");
        }
        Ok::<_, String>(nested)
    };
    let outcome = match tokio::time::timeout(opts.gateway_timeout, through).await {
        Ok(r) => r,
        Err(_) => Err(fl!(
            "servers-check-gateway-timeout",
            seconds = opts.gateway_timeout.as_secs()
        )),
    };
    let nested = match outcome {
        Ok(n) => n,
        Err(why) => {
            // A finding sent before the time ran out (while listing below) stands.
            if !sent.load(Ordering::Relaxed) {
                send(CheckEvent::Presented {
                    path: row.path.clone(),
                    presented: presented.unwrap_or_else(|| {
                        Presented::CouldNotCheck(match &unreachable {
                            Some(u) => format!("{u}; {why}"),
                            None => why.clone(),
                        })
                    }),
                });
            }
            Err(why)
        }
    };
    tracing::debug!(row = %key_of(&row.path), ok = nested.is_ok(), "secondary looked at");
    let children = nested.clone().unwrap_or_default();
    send(CheckEvent::Nested {
        parent: row.path,
        result: nested,
    });
    children
}

/// The finding for a presented certificate with MD5 `md5`.
fn compare(expected: Option<&str>, md5: String, via: Via) -> Presented {
    match expected {
        Some(e) if e.eq_ignore_ascii_case(&md5) => Presented::Matches(via),
        Some(_) => Presented::Differs { md5, via },
        None => Presented::CouldNotCheck(fl!("servers-check-nothing-registered")),
    }
}

/// Host and port of `KLSRVH_SRV_ADDR` (`host:port`, `[v6]:port`, or a registration's
/// `http://host:port`); the SSL port 13000 when it names none.
pub fn ssl_endpoint(address: &str) -> Result<(String, u16), String> {
    let a = address.trim();
    let lower = a.to_ascii_lowercase();
    let a = ["http://", "https://"]
        .iter()
        .find(|p| lower.starts_with(*p))
        .map_or(a, |p| &a[p.len()..]);
    let a = a.trim_end_matches('/');
    let (host, port) = crate::net::split_host_port(a);
    if host.is_empty() {
        return Err(fl!("servers-address-invalid", address = address));
    }
    let port = if port.is_empty() {
        DEFAULT_SSL_PORT
    } else {
        port.parse::<u16>()
            .ok()
            .filter(|p| *p != 0)
            .ok_or_else(|| fl!("servers-address-invalid", address = address))?
    };
    Ok((host, port))
}

/// The MD5 of the certificate `address` presents on its SSL port, or why none was seen.
async fn probe(address: &str, timeout: Duration) -> Result<String, String> {
    let (host, port) = ssl_endpoint(address)?;
    // The fetch bounds each step by `timeout`; the whole of it is bounded too, resolution
    // included.
    let fetch = crate::tls::fetch_presented_certificate(&host, port, None, timeout);
    match tokio::time::timeout(timeout * 2, fetch).await {
        Ok(Ok(p)) => Ok(crate::cert::md5_hex_of(&p.leaf_der)),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err(fl!(
            "servers-check-probe-timeout",
            address = address,
            seconds = timeout.as_secs()
        )),
    }
}

/// MD5 of a certificate given as DER or PEM (the reference does not say which
/// `KLADMSRV_SERVER_CERT` holds); bytes that do not parse are hashed as they are and so differ.
fn md5_of(bytes: &[u8]) -> String {
    match crate::cert::parse_certificate(bytes) {
        Ok(d) => d.md5_hex(),
        Err(_) => crate::cert::md5_hex_of(bytes),
    }
}
