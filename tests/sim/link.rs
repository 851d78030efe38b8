//! The hierarchy link between two simulated servers: real mutual TLS on 127.0.0.1, an in-memory
//! server state, and a real authenticating HTTP proxy (tinyproxy) where a proxy is involved.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ksc_link::secrets::Secret;
use ksc_link::sim::ksc::link::{
    ConnectedInfo, DecryptError, Identity, LinkConfig, LinkHandle, LinkStore, LocalServerInfo,
    MasterConfig, Message, PROTOCOL_VERSION, PolicyRecord, RegisteredSecondary, StoreError,
    TaskRecord, read_frame, spawn_link, write_frame,
};
use ksc_link::wire::Params;
use time::OffsetDateTime;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::common;
use common::Tinyproxy;

const DEADLINE: Duration = Duration::from_secs(20);

// ---------------------------------------------------------------------------------------------
// An in-memory server state

#[derive(Clone, Debug, Default)]
struct SecondaryRecord {
    reg: Option<RegisteredSecondary>,
    status: i32,
    version: String,
    instance_id: String,
    master_addr: String,
    last_connected: Option<OffsetDateTime>,
    connects: u32,
}

#[derive(Default)]
struct Mem {
    master: Option<MasterConfig>,
    secondaries: BTreeMap<i32, SecondaryRecord>,
    push: (Vec<PolicyRecord>, Vec<TaskRecord>),
    inherited: Option<(String, Vec<PolicyRecord>, Vec<TaskRecord>)>,
    events: Vec<String>,
}

struct MemStore {
    name: String,
    identity: Identity,
    cert_der: Vec<u8>,
    m: Mutex<Mem>,
    tx: watch::Sender<u64>,
}

/// The test's stand-in for the data protection API: a marker and XOR.
fn protect(s: &str) -> Vec<u8> {
    let mut v = b"PROT".to_vec();
    v.extend(s.bytes().map(|b| b ^ 0x5a));
    v
}

impl MemStore {
    fn new(name: &str) -> Arc<Self> {
        let (details, identity, _) =
            ksc_link::cert::generate_server_identity(&[name.to_string()], 30).unwrap();
        Arc::new(Self {
            name: name.into(),
            identity,
            cert_der: details.der,
            m: Mutex::new(Mem::default()),
            tx: watch::channel(0).0,
        })
    }

    fn edit<R>(&self, f: impl FnOnce(&mut Mem) -> R) -> R {
        let r = f(&mut self.m.lock().unwrap());
        self.tx.send_modify(|v| *v += 1);
        r
    }

    fn read<R>(&self, f: impl FnOnce(&Mem) -> R) -> R {
        f(&self.m.lock().unwrap())
    }

    fn cert_pem(&self) -> Vec<u8> {
        pem::encode(&pem::Pem::new("CERTIFICATE", self.cert_der.clone())).into_bytes()
    }

    fn register(&self, id: i32, cert: Vec<u8>, net_address: &str) {
        self.edit(|m| {
            m.secondaries.entry(id).or_default().reg = Some(RegisteredSecondary {
                id,
                display_name: format!("sec{id}"),
                certificate: cert,
                net_address: net_address.into(),
            });
        });
    }

    fn del_server(&self, id: i32) {
        self.edit(|m| m.secondaries.remove(&id));
    }

    fn set_master(&self, cfg: MasterConfig) {
        self.edit(|m| m.master = Some(cfg));
    }

    fn secondary(&self, id: i32) -> SecondaryRecord {
        self.read(|m| m.secondaries.get(&id).cloned().unwrap_or_default())
    }

    fn events(&self) -> Vec<String> {
        self.read(|m| m.events.clone())
    }

    fn count_events(&self, needle: &str) -> usize {
        self.events().iter().filter(|e| e.contains(needle)).count()
    }

    fn inherited(&self) -> Option<(String, Vec<PolicyRecord>, Vec<TaskRecord>)> {
        self.read(|m| m.inherited.clone())
    }
}

impl LinkStore for MemStore {
    fn identity(&self) -> Identity {
        self.identity.clone()
    }

    fn server_info(&self) -> LocalServerInfo {
        LocalServerInfo {
            host_name: self.name.clone(),
            version: format!("15.1.0.{}", self.name.len()),
            instance_id: format!("inst-{}", self.name),
            host_guid: format!("guid-{}", self.name),
        }
    }

    fn master_section(&self) -> Option<MasterConfig> {
        self.read(|m| m.master.clone())
    }

    fn decrypt_protected(&self, bytes: &[u8]) -> Result<Secret, DecryptError> {
        let body = bytes
            .strip_prefix(b"PROT")
            .ok_or_else(|| DecryptError("not protected by this server".into()))?;
        String::from_utf8(body.iter().map(|b| b ^ 0x5a).collect())
            .map(Secret::new)
            .map_err(|e| DecryptError(e.to_string()))
    }

    fn registered_secondaries(&self) -> Vec<RegisteredSecondary> {
        self.read(|m| {
            m.secondaries
                .values()
                .filter_map(|s| s.reg.clone())
                .collect()
        })
    }

    fn set_secondary_connected(&self, id: i32, info: ConnectedInfo) {
        self.edit(|m| {
            if let Some(s) = m.secondaries.get_mut(&id) {
                s.status = 1;
                s.version = info.version;
                s.instance_id = info.instance_id;
                s.master_addr = info.master_addr;
                s.last_connected = Some(info.connected_at);
                s.connects += 1;
            }
        });
    }

    fn touch_secondary(&self, id: i32, now: OffsetDateTime) {
        self.edit(|m| {
            if let Some(s) = m.secondaries.get_mut(&id) {
                s.last_connected = Some(now);
            }
        });
    }

    fn set_secondary_disconnected(&self, id: i32) {
        self.edit(|m| {
            if let Some(s) = m.secondaries.get_mut(&id) {
                s.status = 0;
            }
        });
    }

    fn policies_to_push(&self, _id: i32) -> (Vec<PolicyRecord>, Vec<TaskRecord>) {
        self.read(|m| m.push.clone())
    }

    fn store_inherited(
        &self,
        primary: &str,
        policies: Vec<PolicyRecord>,
        tasks: Vec<TaskRecord>,
    ) -> Result<(), StoreError> {
        self.edit(|m| m.inherited = Some((primary.to_string(), policies, tasks)));
        Ok(())
    }

    fn clear_inherited(&self) -> Result<(), StoreError> {
        self.edit(|m| m.inherited = None);
        Ok(())
    }

    fn log_event(&self, text: String) {
        // Not through `edit`: a log line is not a configuration change.
        self.m.lock().unwrap().events.push(text);
    }

    fn changed(&self) -> watch::Receiver<u64> {
        self.tx.subscribe()
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers

async fn listener() -> (TcpListener, u16) {
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = l.local_addr().unwrap().port();
    (l, port)
}

fn start(store: &Arc<MemStore>, l: TcpListener) -> LinkHandle {
    spawn_link(store.clone(), l, LinkConfig::fast())
}

/// Polls `cond` every 50 ms until it holds; fails with both servers' event logs after 20 s.
async fn wait_until(what: &str, stores: &[&Arc<MemStore>], mut cond: impl FnMut() -> bool) {
    let end = tokio::time::Instant::now() + DEADLINE;
    while !cond() {
        if tokio::time::Instant::now() > end {
            let logs: Vec<String> = stores
                .iter()
                .map(|s| format!("--- {}:\n{}", s.name, s.events().join("\n")))
                .collect();
            panic!("timed out waiting until {what}\n{}", logs.join("\n"));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn active_master(primary: &MemStore, addr: String, ports: Vec<i32>) -> MasterConfig {
    MasterConfig {
        use_master: true,
        addr,
        ports,
        ssl_cert: primary.cert_der.clone(),
        ..MasterConfig::default()
    }
}

fn sample_policies(tag: &str) -> (Vec<PolicyRecord>, Vec<TaskRecord>) {
    (
        vec![PolicyRecord {
            id: 10,
            name: format!("Kaspersky Endpoint Security {tag}"),
            product: "KES".into(),
            version: "12.0.0.0".into(),
            active: true,
            roaming: false,
            accept_parent: true,
            force_distrib2children: false,
            created: time::macros::datetime!(2024-05-01 10:00:00.25 UTC),
            modified: time::macros::datetime!(2024-05-02 10:00:00 UTC),
            settings: Params::new()
                .with("blob", vec![0u8, 1, 254])
                .with("big", 1i64 << 40)
                .with("tag", tag),
        }],
        vec![TaskRecord {
            id: "20".into(),
            display_name: "Update".into(),
            task_type: "KLNAG_TASK_UPDATE".into(),
            product: "KES".into(),
            version: "12.0.0.0".into(),
            component: String::new(),
            schedule_type: 1,
            enabled: true,
            created: time::macros::datetime!(2024-05-01 10:00:00 UTC),
            settings: Params::new().with("schedule", "daily"),
        }],
    )
}

// ---------------------------------------------------------------------------------------------
// Tests

#[tokio::test]
async fn active_secondary_links_inherits_and_goes_inactive_when_dropped() {
    let primary = MemStore::new("ksc-primary");
    let secondary = MemStore::new("ksc-secondary");
    let (pl, pport) = listener().await;
    let (sl, _) = listener().await;
    primary.edit(|m| m.push = sample_policies("v1"));
    // Registered as PEM: the link pins the DER inside.
    primary.register(1, secondary.cert_pem(), "");
    secondary.set_master(active_master(
        &primary,
        "127.0.0.1".into(),
        vec![i32::from(pport)],
    ));
    let ph = start(&primary, pl);
    let sh = start(&secondary, sl);

    wait_until(
        "the primary reports the secondary Active",
        &[&primary, &secondary],
        || primary.secondary(1).status == 1,
    )
    .await;
    let rec = primary.secondary(1);
    assert_eq!(rec.version, "15.1.0.13");
    assert_eq!(rec.instance_id, "inst-ksc-secondary");
    assert_eq!(rec.master_addr, format!("127.0.0.1:{pport}"));
    let first_seen = rec.last_connected.unwrap();

    let expected = sample_policies("v1");
    wait_until(
        "the policies arrive as inherited",
        &[&primary, &secondary],
        || {
            secondary.inherited()
                == Some(("ksc-primary".into(), expected.0.clone(), expected.1.clone()))
        },
    )
    .await;

    wait_until(
        "a heartbeat refreshes last connected",
        &[&primary, &secondary],
        || {
            primary
                .secondary(1)
                .last_connected
                .is_some_and(|t| t > first_seen)
        },
    )
    .await;

    // A change of the primary's policies is pushed on the open link.
    primary.edit(|m| m.push = sample_policies("v2"));
    let expected = sample_policies("v2");
    wait_until(
        "the changed policies arrive",
        &[&primary, &secondary],
        || {
            secondary
                .inherited()
                .is_some_and(|(_, p, t)| p == expected.0 && t == expected.1)
        },
    )
    .await;
    assert_eq!(
        primary.secondary(1).connects,
        1,
        "the link never reconnected"
    );

    sh.shutdown().await;
    wait_until(
        "the primary reports the secondary Inactive",
        &[&primary, &secondary],
        || primary.secondary(1).status == 0,
    )
    .await;
    assert!(primary.secondary(1).last_connected.unwrap() >= first_seen);
    assert!(
        primary.count_events("the secondary closed the link: the server is shutting down") >= 1,
        "{:#?}",
        primary.events()
    );
    ph.shutdown().await;
}

#[tokio::test]
async fn primary_dials_passive_secondary_in_dmz() {
    let primary = MemStore::new("ksc-primary");
    let secondary = MemStore::new("ksc-dmz");
    let (pl, _) = listener().await;
    let (sl, sport) = listener().await;
    primary.edit(|m| m.push = sample_policies("dmz"));
    secondary.set_master(MasterConfig {
        use_master: true,
        passive: true,
        ssl_cert: primary.cert_pem(),
        ..MasterConfig::default()
    });
    primary.register(
        7,
        secondary.cert_der.clone(),
        &format!("http://127.0.0.1:{sport}"),
    );
    let sh = start(&secondary, sl);
    let ph = start(&primary, pl);

    wait_until(
        "the passive secondary is Active",
        &[&primary, &secondary],
        || primary.secondary(7).status == 1,
    )
    .await;
    let rec = primary.secondary(7);
    assert_eq!(rec.master_addr, "", "a passive secondary dials nothing");
    assert_eq!(rec.instance_id, "inst-ksc-dmz");
    let expected = sample_policies("dmz");
    wait_until(
        "the DMZ secondary inherits",
        &[&primary, &secondary],
        || {
            secondary
                .inherited()
                .is_some_and(|(_, p, t)| p == expected.0 && t == expected.1)
        },
    )
    .await;
    assert!(
        primary.count_events("connecting to passive secondary 7") >= 1,
        "{:#?}",
        primary.events()
    );

    // The primary stops: the secondary hears it, the primary marks it Inactive on the way out.
    ph.shutdown().await;
    assert_eq!(primary.secondary(7).status, 0);
    wait_until(
        "the secondary hears the primary leave",
        &[&primary, &secondary],
        || secondary.count_events("the primary closed the link") >= 1,
    )
    .await;
    sh.shutdown().await;
}

/// A server whose certificate nobody pinned.
fn stranger() -> Arc<MemStore> {
    MemStore::new("stranger")
}

#[tokio::test]
async fn primary_refuses_secondary_with_unregistered_certificate() {
    let primary = MemStore::new("ksc-primary");
    let secondary = MemStore::new("ksc-secondary");
    let (pl, pport) = listener().await;
    let (sl, _) = listener().await;
    primary.register(1, stranger().cert_der.clone(), "");
    secondary.set_master(active_master(
        &primary,
        format!("127.0.0.1:{pport}"),
        vec![],
    ));
    let ph = start(&primary, pl);
    let sh = start(&secondary, sl);

    wait_until(
        "the primary refused two attempts",
        &[&primary, &secondary],
        || primary.count_events("is not the certificate of any registered secondary server") >= 2,
    )
    .await;
    wait_until(
        "the secondary logged the refusal",
        &[&primary, &secondary],
        || secondary.count_events("link to the primary at") >= 1,
    )
    .await;
    assert_eq!(primary.secondary(1).connects, 0, "never Active");
    assert!(secondary.inherited().is_none());
    sh.shutdown().await;
    ph.shutdown().await;
}

#[tokio::test]
async fn secondary_refuses_primary_with_wrong_certificate() {
    let primary = MemStore::new("ksc-primary");
    let secondary = MemStore::new("ksc-secondary");
    let (pl, pport) = listener().await;
    let (sl, _) = listener().await;
    primary.register(1, secondary.cert_der.clone(), "");
    let mut m = active_master(&primary, format!("https://127.0.0.1:{pport}"), vec![]);
    m.ssl_cert = stranger().cert_der.clone();
    secondary.set_master(m);
    let ph = start(&primary, pl);
    let sh = start(&secondary, sl);

    wait_until(
        "the secondary refused the primary",
        &[&primary, &secondary],
        || secondary.count_events("KLSRV_MASTER_SRV_SSL_CERT") >= 1,
    )
    .await;
    // Every attempt reaches the primary's TLS handshake and is aborted by the secondary.
    wait_until(
        "the primary saw two aborted handshakes",
        &[&primary, &secondary],
        || primary.count_events("TLS handshake with") >= 2,
    )
    .await;
    let line = secondary
        .events()
        .into_iter()
        .find(|e| e.contains("KLSRV_MASTER_SRV_SSL_CERT"))
        .unwrap();
    assert!(line.contains("presented certificate SHA-256"), "{line}");
    assert_eq!(primary.secondary(1).connects, 0, "never Active");
    sh.shutdown().await;
    ph.shutdown().await;
}

#[tokio::test]
async fn passive_secondary_refuses_primary_with_wrong_certificate() {
    let primary = MemStore::new("ksc-primary");
    let secondary = MemStore::new("ksc-dmz");
    let (pl, _) = listener().await;
    let (sl, sport) = listener().await;
    secondary.set_master(MasterConfig {
        use_master: true,
        passive: true,
        ssl_cert: stranger().cert_der.clone(),
        ..MasterConfig::default()
    });
    primary.register(
        2,
        secondary.cert_der.clone(),
        &format!("http://127.0.0.1:{sport}"),
    );
    let sh = start(&secondary, sl);
    let ph = start(&primary, pl);

    wait_until(
        "the passive secondary refused two attempts",
        &[&primary, &secondary],
        || {
            secondary
                .count_events("is neither the primary's certificate in KLSRV_MASTER_SRV_SSL_CERT")
                >= 2
        },
    )
    .await;
    wait_until(
        "the primary logged the failure",
        &[&primary, &secondary],
        || primary.count_events("passive secondary 2") >= 2,
    )
    .await;
    assert_eq!(primary.secondary(2).connects, 0, "never Active");
    assert!(secondary.inherited().is_none());
    ph.shutdown().await;
    sh.shutdown().await;
}

#[tokio::test]
async fn primary_refuses_passive_secondary_with_wrong_certificate() {
    let primary = MemStore::new("ksc-primary");
    let secondary = MemStore::new("ksc-dmz");
    let (pl, _) = listener().await;
    let (sl, sport) = listener().await;
    secondary.set_master(MasterConfig {
        use_master: true,
        passive: true,
        ssl_cert: primary.cert_der.clone(),
        ..MasterConfig::default()
    });
    primary.register(
        3,
        stranger().cert_der.clone(),
        &format!("127.0.0.1:{sport}"),
    );
    let sh = start(&secondary, sl);
    let ph = start(&primary, pl);

    wait_until(
        "the primary refused the passive secondary",
        &[&primary, &secondary],
        || primary.count_events("the registered KLSRVH_SRV_CERTIFICATE") >= 1,
    )
    .await;
    wait_until(
        "the secondary saw two aborted handshakes",
        &[&primary, &secondary],
        || secondary.count_events("TLS handshake with") >= 2,
    )
    .await;
    assert_eq!(primary.secondary(3).connects, 0, "never Active");
    ph.shutdown().await;
    sh.shutdown().await;
}

// --- through a real proxy ----------------------------------------------------------------------

fn proxied_master(
    primary: &MemStore,
    pport: u16,
    proxy: &Tinyproxy,
    login: &str,
    password: &str,
) -> MasterConfig {
    MasterConfig {
        proxy_use: true,
        proxy_location: format!("127.0.0.1:{}", proxy.port),
        proxy_login: login.into(),
        proxy_password: if password.is_empty() {
            Vec::new()
        } else {
            protect(password)
        },
        ..active_master(primary, format!("https://127.0.0.1:{pport}"), vec![])
    }
}

#[tokio::test]
async fn active_secondary_links_through_authenticating_proxy() {
    let primary = MemStore::new("ksc-primary");
    let secondary = MemStore::new("ksc-secondary");
    let (pl, pport) = listener().await;
    let (sl, _) = listener().await;
    let proxy = Tinyproxy::start(pport, "linkuser", "s3cret-pass").await;
    primary.register(1, secondary.cert_der.clone(), "");
    secondary.set_master(proxied_master(
        &primary,
        pport,
        &proxy,
        "linkuser",
        "s3cret-pass",
    ));
    let ph = start(&primary, pl);
    let sh = start(&secondary, sl);

    wait_until(
        "the proxied secondary is Active",
        &[&primary, &secondary],
        || primary.secondary(1).status == 1,
    )
    .await;
    assert_eq!(
        primary.secondary(1).master_addr,
        format!("127.0.0.1:{pport}")
    );
    assert!(
        secondary.count_events(&format!("through proxy 127.0.0.1:{}", proxy.port)) >= 1,
        "{:#?}",
        secondary.events()
    );
    for e in secondary.events().iter().chain(primary.events().iter()) {
        assert!(!e.contains("s3cret-pass"), "the proxy password leaked: {e}");
    }
    sh.shutdown().await;
    ph.shutdown().await;
    proxy.stop().await;
}

#[tokio::test]
async fn proxy_refusing_credentials_keeps_the_secondary_inactive() {
    let primary = MemStore::new("ksc-primary");
    let secondary = MemStore::new("ksc-secondary");
    let (pl, pport) = listener().await;
    let (sl, _) = listener().await;
    let proxy = Tinyproxy::start(pport, "linkuser", "right-pass").await;
    primary.register(1, secondary.cert_der.clone(), "");
    // No credentials at all: the proxy answers 407.
    secondary.set_master(proxied_master(&primary, pport, &proxy, "", ""));
    let ph = start(&primary, pl);
    let sh = start(&secondary, sl);
    wait_until("the event log reports 407", &[&primary, &secondary], || {
        secondary.count_events("(407)") >= 1
    })
    .await;

    // A wrong password: tinyproxy 1.11 answers 401 (others 407); either way the log names the
    // proxy credentials to check.
    let before = secondary.events().len();
    secondary.set_master(proxied_master(
        &primary,
        pport,
        &proxy,
        "linkuser",
        "wrong-pass",
    ));
    wait_until(
        "the event log reports refused credentials",
        &[&primary, &secondary],
        || {
            secondary.events()[before..]
                .iter()
                .filter(|e| e.contains("check KLSRV_MASTER_SRV_PROXYHOST_LOGIN"))
                .any(|e| e.contains("401") || e.contains("407"))
        },
    )
    .await;
    assert_eq!(primary.secondary(1).connects, 0, "never Active");
    for e in secondary.events() {
        assert!(!e.contains("wrong-pass"), "the proxy password leaked: {e}");
    }
    sh.shutdown().await;
    ph.shutdown().await;
    proxy.stop().await;
}

// --- life cycle ----------------------------------------------------------------------------------

#[tokio::test]
async fn secondary_reconnects_after_the_primary_restarts() {
    let primary = MemStore::new("ksc-primary");
    let secondary = MemStore::new("ksc-secondary");
    let (pl, pport) = listener().await;
    let (sl, _) = listener().await;
    primary.register(1, secondary.cert_der.clone(), "");
    secondary.set_master(active_master(
        &primary,
        format!("127.0.0.1:{pport}"),
        vec![1],
    ));
    let ph = start(&primary, pl);
    let sh = start(&secondary, sl);
    wait_until("Active", &[&primary, &secondary], || {
        primary.secondary(1).status == 1
    })
    .await;

    let pl = ph.shutdown().await.expect("the listener comes back");
    assert_eq!(primary.secondary(1).status, 0);
    wait_until("the secondary noticed", &[&primary, &secondary], || {
        secondary.count_events("the primary closed the link") >= 1
    })
    .await;

    let ph = start(&primary, pl);
    wait_until(
        "Active again after reconnecting",
        &[&primary, &secondary],
        || {
            let s = primary.secondary(1);
            s.status == 1 && s.connects == 2
        },
    )
    .await;
    sh.shutdown().await;
    ph.shutdown().await;
}

#[tokio::test]
async fn section_change_tears_the_link_down_and_replans() {
    let primary = MemStore::new("ksc-primary");
    let secondary = MemStore::new("ksc-secondary");
    let (pl, pport) = listener().await;
    let (sl, _) = listener().await;
    primary.edit(|m| m.push = sample_policies("x"));
    primary.register(1, secondary.cert_der.clone(), "");
    secondary.set_master(active_master(
        &primary,
        "127.0.0.1".into(),
        vec![i32::from(pport)],
    ));
    let ph = start(&primary, pl);
    let sh = start(&secondary, sl);
    wait_until("inherited", &[&primary, &secondary], || {
        secondary.inherited().is_some()
    })
    .await;
    assert_eq!(primary.secondary(1).status, 1);

    // KLSRV_MASTER_SRV_USE = false.
    secondary.edit(|m| {
        if let Some(c) = m.master.as_mut() {
            c.use_master = false;
        }
    });
    wait_until("Inactive after USE=false", &[&primary, &secondary], || {
        primary.secondary(1).status == 0
    })
    .await;
    wait_until("inherited items removed", &[&primary, &secondary], || {
        secondary.inherited().is_none()
    })
    .await;
    assert!(
        primary
            .count_events("this server is no longer a secondary (KLSRV_MASTER_SRV_USE is false)")
            >= 1,
        "the secondary said why: {:#?}",
        primary.events()
    );

    // A new address form for the same primary: planned again at once.
    secondary.set_master(active_master(
        &primary,
        format!("http://127.0.0.1:{pport}/"),
        vec![],
    ));
    wait_until(
        "Active again with the new section",
        &[&primary, &secondary],
        || {
            let s = primary.secondary(1);
            s.status == 1 && s.connects == 2
        },
    )
    .await;
    assert_eq!(primary.secondary(1).connects, 2);
    sh.shutdown().await;
    ph.shutdown().await;
}

#[tokio::test]
async fn del_server_disconnects_and_refuses_the_secondary() {
    let primary = MemStore::new("ksc-primary");
    let secondary = MemStore::new("ksc-secondary");
    let (pl, pport) = listener().await;
    let (sl, _) = listener().await;
    primary.register(4, secondary.cert_der.clone(), "");
    secondary.set_master(active_master(
        &primary,
        format!("127.0.0.1:{pport}"),
        vec![],
    ));
    let ph = start(&primary, pl);
    let sh = start(&secondary, sl);
    wait_until("Active", &[&primary, &secondary], || {
        primary.secondary(4).status == 1
    })
    .await;

    primary.del_server(4);
    wait_until("the secondary is told", &[&primary, &secondary], || {
        secondary.count_events("secondary 4 was deleted on the primary") >= 1
    })
    .await;
    // Its reconnects now fail the certificate check.
    wait_until("the reconnect is refused", &[&primary, &secondary], || {
        primary.count_events("is not the certificate of any registered secondary server") >= 1
    })
    .await;
    sh.shutdown().await;
    ph.shutdown().await;
}

/// Runs `f` against a primary with secondary 1 registered, as a hand-written secondary that
/// completes TLS with the right certificate.
async fn with_raw_secondary<F, Fut>(f: F)
where
    F: FnOnce(Arc<MemStore>, tokio_rustls::client::TlsStream<tokio::net::TcpStream>) -> Fut,
    Fut: Future<Output = ()>,
{
    let primary = MemStore::new("ksc-primary");
    let secondary = MemStore::new("ksc-secondary");
    let (pl, pport) = listener().await;
    primary.register(1, secondary.cert_der.clone(), "");
    let ph = start(&primary, pl);
    let tls = ksc_link::tls::connect_pinned(
        "127.0.0.1",
        pport,
        None,
        ksc_link::tls::Pin::of_der(&primary.cert_der),
        Some(secondary.identity.clone()),
        Duration::from_secs(5),
    )
    .await
    .unwrap();
    f(primary.clone(), tls).await;
    ph.shutdown().await;
}

#[tokio::test]
async fn silent_secondary_is_dropped_after_three_intervals() {
    with_raw_secondary(|primary, mut tls| async move {
        let hello = Message::Hello {
            protocol: PROTOCOL_VERSION,
            instance_id: "raw".into(),
            host_guid: String::new(),
            host_name: "raw".into(),
            version: "1".into(),
            primary_addr: "x:1".into(),
        };
        write_frame(&mut tls, &hello).await.unwrap();
        assert!(matches!(
            read_frame(&mut tls).await.unwrap(),
            Message::Welcome {
                secondary_id: 1,
                ..
            }
        ));
        assert!(matches!(
            read_frame(&mut tls).await.unwrap(),
            Message::Sync { revision: 1, .. }
        ));
        assert_eq!(primary.secondary(1).status, 1);
        // Read (the primary's heartbeats) but never answer: the primary must hang up.
        let reason = loop {
            match read_frame(&mut tls).await {
                Ok(Message::Heartbeat) => continue,
                Ok(Message::Bye { reason }) => break reason,
                other => panic!("expected heartbeats then bye, got {other:?}"),
            }
        };
        assert!(reason.contains("silent"), "{reason}");
        wait_until("Inactive", &[&primary], || primary.secondary(1).status == 0).await;
    })
    .await;
}

#[tokio::test]
async fn wrong_protocol_version_is_refused_with_bye() {
    with_raw_secondary(|primary, mut tls| async move {
        let hello = Message::Hello {
            protocol: PROTOCOL_VERSION + 1,
            instance_id: "raw".into(),
            host_guid: String::new(),
            host_name: "raw".into(),
            version: "1".into(),
            primary_addr: String::new(),
        };
        write_frame(&mut tls, &hello).await.unwrap();
        match read_frame(&mut tls).await.unwrap() {
            Message::Bye { reason } => assert!(reason.contains("protocol version"), "{reason}"),
            other => panic!("expected bye, got {other:?}"),
        }
        assert_eq!(primary.secondary(1).connects, 0);
    })
    .await;
}

#[tokio::test]
async fn oversized_frame_is_answered_with_bye() {
    use tokio::io::AsyncWriteExt as _;
    with_raw_secondary(|primary, mut tls| async move {
        tls.write_all(&(2u32 * 1024 * 1024).to_be_bytes())
            .await
            .unwrap();
        tls.flush().await.unwrap();
        match read_frame(&mut tls).await.unwrap() {
            Message::Bye { reason } => assert!(reason.contains("exceeds the limit"), "{reason}"),
            other => panic!("expected bye, got {other:?}"),
        }
        assert_eq!(primary.secondary(1).connects, 0);
    })
    .await;
}

// --- the link on the simulator itself ------------------------------------------------------------

mod on_the_simulator {
    use super::*;
    use ksc_link::sim::ksc::link_store::{LinkedSim, start_with_link};
    use ksc_link::sim::ksc::methods::{Args, CallCtx, dispatch};
    use ksc_link::sim::ksc::runtime::Principal;
    use ksc_link::sim::ksc::{KscSimConfig, seed};
    use ksc_link::wire::{Value, master_srv, srvh};

    /// A simulated server with its link, its state in a temporary directory.
    struct Sim {
        sim: LinkedSim,
        _dir: tempfile::TempDir,
    }

    impl Sim {
        async fn start(seed_text: &str) -> Self {
            let dir = tempfile::tempdir().unwrap();
            let mut cfg = KscSimConfig::new(dir.path());
            cfg.seed_text = Some(seed_text.to_string());
            let sim = start_with_link(cfg, LinkConfig::fast()).await.unwrap();
            Self { sim, _dir: dir }
        }

        /// Calls an Open API method as the administrator of the main server.
        fn call(&self, class: &str, method: &str, args: Params) -> Option<Value> {
            let state = self.sim.state();
            let principal = Principal {
                user_id: 1,
                user_name: "admin".into(),
                vserver: 0,
            };
            let ctx = CallCtx {
                state: &state,
                principal: &principal,
                session_id: None,
                api_port: self.sim.api_port(),
                ssl_port: self.sim.ssl_port(),
            };
            dispatch(&ctx, class, method, &Args::new(args))
                .unwrap_or_else(|e| panic!("{class}.{method}: {e:?}"))
                .retval
        }

        /// `SS_Write` of `KLSRV_MASTER_SRV` with option 7 (the section becomes `settings`).
        fn write_master(&self, settings: Params) {
            let host = self.sim.state().server().hostname;
            let key = Params::new()
                .with("strHostName", host.as_str())
                .with("strType", master_srv::TYPE)
                .with("strProduct", master_srv::PRODUCT)
                .with("strVersion", master_srv::VERSION)
                .with("strSection", master_srv::SECTION);
            if self.sim.state().master_srv_section().is_none() {
                self.call("HostGroup", "SS_CreateSection", key.clone());
            }
            self.call(
                "HostGroup",
                "SS_Write",
                key.with("nOption", 7).with("pSettings", settings),
            );
        }

        /// The secondary's record as `GetChildServers(-1)` answers.
        fn child(&self, id: i32) -> Option<Params> {
            let Some(Value::Array(items)) = self.call(
                "ServerHierarchy",
                "GetChildServers",
                Params::new().with("nGroupId", -1),
            ) else {
                panic!("GetChildServers returned no array");
            };
            items
                .iter()
                .filter_map(Value::as_params)
                .find(|p| p.get_i32(srvh::ID) == Some(id))
                .cloned()
        }

        fn status(&self, id: i32) -> Option<i32> {
            self.child(id).and_then(|p| p.get_i32(srvh::STATUS))
        }

        fn events(&self) -> String {
            self.sim
                .state()
                .link_events()
                .into_iter()
                .map(|e| e.text)
                .collect::<Vec<_>>()
                .join("\n")
        }
    }

    async fn wait_sim(what: &str, sims: &[&Sim], mut cond: impl FnMut() -> bool) {
        let end = tokio::time::Instant::now() + DEADLINE;
        while !cond() {
            if tokio::time::Instant::now() > end {
                let logs: Vec<String> = sims.iter().map(|s| s.events()).collect();
                panic!("timed out waiting until {what}\n{}", logs.join("\n-----\n"));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    #[tokio::test]
    async fn demo_primary_and_secondary_link_through_the_open_api() {
        let primary = Sim::start(seed::PRIMARY).await;
        let secondary = Sim::start(seed::SECONDARY).await;
        let pport = primary.sim.link_addr().port();

        // The documented order: RegisterServer on the primary, then SS_Write on the secondary.
        let id = primary
            .call(
                "ServerHierarchy",
                "RegisterServer",
                Params::new()
                    .with("wstrDisplName", "berlin")
                    .with("nGroupId", 0)
                    .with(
                        "pCertificate",
                        Value::Binary(secondary.sim.cert_der().to_vec()),
                    )
                    .with("wstrNetAddress", "")
                    .with("pAdditionalInfo", Params::new()),
            )
            .and_then(|v| v.as_i32())
            .unwrap();
        assert_eq!(primary.status(id), Some(0));
        secondary.write_master(
            Params::new()
                .with(master_srv::USE, true)
                .with(master_srv::PASSIVE_SLAVE, false)
                .with(
                    master_srv::SSL_CERT,
                    Value::Binary(primary.sim.cert_der().to_vec()),
                )
                .with(master_srv::ADDR, format!("https://127.0.0.1:{pport}")),
        );

        wait_sim(
            "GetChildServers says Active",
            &[&primary, &secondary],
            || primary.status(id) == Some(1),
        )
        .await;
        let child = primary.child(id).unwrap();
        assert_eq!(
            child.get_str(srvh::MASTER_ADDR),
            Some(format!("127.0.0.1:{pport}").as_str())
        );
        assert_eq!(
            child.get_str(srvh::VERSION),
            Some(secondary.sim.state().server().version.as_str())
        );
        assert!(child.get_datetime(srvh::LAST_CONNECTED).is_some());

        let pushed = primary.sim.state().policies_for_secondary(id);
        assert!(
            !pushed.is_empty(),
            "the demo primary has policies for group 0"
        );
        wait_sim(
            "the policies are inherited",
            &[&primary, &secondary],
            || {
                let got = secondary.sim.state().inherited_policies();
                got.len() == pushed.len() && got.iter().all(|p| p.inherited)
            },
        )
        .await;
        assert!(!secondary.sim.state().inherited_tasks().is_empty());

        // A new policy on the primary (no hierarchy notification) reaches the secondary too.
        primary
            .sim
            .state()
            .update(|d| {
                let mut p = pushed[0].clone();
                p.id = d.next_policy_id();
                p.name = "Added while linked".into();
                p.group_id = 0;
                d.policies.insert(p.id, p);
            })
            .unwrap();
        wait_sim(
            "the new policy is inherited",
            &[&primary, &secondary],
            || {
                secondary
                    .sim
                    .state()
                    .inherited_policies()
                    .iter()
                    .any(|p| p.name == "Added while linked")
            },
        )
        .await;

        // The primary's link restarts: Inactive, then Active again.
        let mut primary = primary;
        primary.sim.stop_link().await;
        assert_eq!(primary.status(id), Some(0));
        assert!(primary.sim.start_link());
        wait_sim(
            "Active again after the restart",
            &[&primary, &secondary],
            || primary.status(id) == Some(1),
        )
        .await;

        // Detaching on the secondary's side: Inactive on the primary, inheritance dropped.
        secondary.write_master(Params::new().with(master_srv::USE, false));
        wait_sim("Inactive after USE=false", &[&primary, &secondary], || {
            primary.status(id) == Some(0)
        })
        .await;
        wait_sim(
            "inherited policies removed",
            &[&primary, &secondary],
            || secondary.sim.state().inherited_policies().is_empty(),
        )
        .await;
        assert!(
            primary
                .child(id)
                .unwrap()
                .get_datetime(srvh::LAST_CONNECTED)
                .is_some()
        );
        primary.call(
            "ServerHierarchy",
            "DelServer",
            Params::new().with("lServer", id),
        );
        assert!(primary.child(id).is_none());
        assert!(
            secondary.events().contains("inherited"),
            "{}",
            secondary.events()
        );
        secondary.sim.shutdown().await;
        primary.sim.shutdown().await;
    }
}
