//! End to end: the hierarchy operations against two simulated Administration Servers over real
//! TLS on loopback, with their hierarchy link running — normal and DMZ, through a real
//! authenticating proxy, wrong certificates refused on each side, and rollback.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use ksc_link::cert::{CertificateDetails, parse_certificate};
use ksc_link::hierarchy::ops::Progress;
use ksc_link::hierarchy::{
    AddOptions, AddSecondaryPlan, OnFailure, OpError, ProxyPlan, Rollback, SecondarySettings,
    Stage, add_secondary, detach, make_secondary, roll_back,
};
use ksc_link::kloapi::server_hierarchy::ServerStatus;
use ksc_link::kloapi::{KscClient, LoginOutcome};
use ksc_link::sim::ksc::link::LinkConfig;
use ksc_link::sim::pair::{ServerCard, SimPair, start_pair};
use ksc_link::tls::fetch_presented_certificate;
use ksc_link::wire::auth::BasicCredentials;

use crate::common;
use common::{DEADLINE, Tinyproxy};

struct Env {
    _dir: tempfile::TempDir,
    pair: SimPair,
    pc: ServerCard,
    sc: ServerCard,
    primary: KscClient,
    secondary: KscClient,
}

fn creds(card: &ServerCard) -> BasicCredentials {
    card.credentials()
}

async fn login(card: &ServerCard) -> KscClient {
    let c = KscClient::new(card.connect_options().unwrap()).unwrap();
    assert_eq!(
        c.login(&card.credentials()).await.unwrap(),
        LoginOutcome::LoggedIn
    );
    c
}

async fn env() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let pair = start_pair(dir.path(), LinkConfig::fast()).await.unwrap();
    let [pc, sc] = pair.cards();
    let primary = login(&pc).await;
    let secondary = login(&sc).await;
    Env {
        _dir: dir,
        pair,
        pc,
        sc,
        primary,
        secondary,
    }
}

/// The secondary's certificate as the wizard gets it: from its SSL port, trusting nothing.
async fn fetched_secondary_cert(sc: &ServerCard) -> CertificateDetails {
    let p = fetch_presented_certificate("127.0.0.1", sc.ssl_port, None, Duration::from_secs(5))
        .await
        .unwrap();
    parse_certificate(&p.leaf_der).unwrap()
}

async fn group(primary: &KscClient, path: &[&str]) -> i32 {
    let hg = primary.host_group();
    let mut id = hg.group_id_groups().await.unwrap();
    for name in path {
        id = hg.get_group_id(id, name).await.unwrap().unwrap();
    }
    id
}

async fn plan(e: &Env, name: &str, dmz: bool, proxy: Option<ProxyPlan>) -> AddSecondaryPlan {
    AddSecondaryPlan {
        group_id: group(&e.primary, &["Servers", "Secondary servers"]).await,
        group_name: "Secondary servers".into(),
        display_name: name.into(),
        secondary_address: Some("127.0.0.1".into()),
        secondary_ssl_port: e.sc.ssl_port,
        secondary_api_port: e.sc.api_port,
        secondary_certificate: fetched_secondary_cert(&e.sc).await,
        secondary_credentials: creds(&e.sc),
        secondary_settings: SecondarySettings {
            primary_address: "127.0.0.1".into(),
            primary_ssl_port: e.pc.ssl_port,
            primary_certificate: e.primary.host_group().server_certificate().await.unwrap(),
            dmz,
            proxy,
        },
    }
}

fn quick(on_failure: OnFailure, link_timeout: Duration) -> AddOptions {
    AddOptions {
        on_failure,
        link_timeout,
        poll_interval: Duration::from_millis(200),
        replace: None,
    }
}

/// The secondary's `KLSRV_MASTER_SRV` section as it reads now.
async fn secondary_section(e: &Env) -> ksc_link::kloapi::MasterSrvSection {
    let host = e.secondary.host_group().server_hostname().await.unwrap();
    e.secondary
        .host_group()
        .read_master_srv(&host)
        .await
        .unwrap()
}

async fn registrations(primary: &KscClient) -> Vec<String> {
    primary
        .server_hierarchy()
        .get_child_servers(-1)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.display_name)
        .collect()
}

async fn add_and_check(e: &Env, p: &AddSecondaryPlan) {
    let mut events = Vec::new();
    let report = add_secondary(
        &e.primary,
        &e.secondary,
        p,
        &quick(OnFailure::RollBack, DEADLINE),
        None,
        &mut |ev| events.push(ev),
    )
    .await
    .unwrap_or_else(|f| panic!("{f}"));
    // Every stage started and finished, in order.
    let finished: Vec<Stage> = events
        .iter()
        .filter_map(|ev| match ev {
            Progress::Finished(s, _) => Some(*s),
            _ => None,
        })
        .collect();
    assert_eq!(
        finished,
        [
            Stage::Check,
            Stage::Register,
            Stage::ConfigureSecondary,
            Stage::WaitForLink
        ]
    );
    // The primary shows the secondary Active in the chosen group, with version and last connection.
    let children = e
        .primary
        .server_hierarchy()
        .get_child_servers(p.group_id)
        .await
        .unwrap();
    let child = children
        .iter()
        .find(|c| c.id == report.secondary_id)
        .unwrap();
    assert_eq!(child.display_name, p.display_name);
    assert_eq!(child.status, Some(ServerStatus::Active));
    assert!(child.version.as_deref().is_some_and(|v| !v.is_empty()));
    assert!(child.last_connected.is_some());
    assert_eq!(child.passive, p.secondary_settings.dmz);
    // The secondary's section says what the plan said.
    let s = secondary_section(e).await;
    assert!(s.use_master);
    assert_eq!(s.passive_slave, p.secondary_settings.dmz);
    assert_eq!(s.ports, vec![i32::from(e.pc.ssl_port)]);
    // Policies of the primary arrive on the secondary as inherited, in its "primary server"
    // group (GroupIdSuper), the parent of "Managed devices".
    let super_group = e.secondary.host_group().group_id_super().await.unwrap();
    let inherited = wait_for_inherited(&e.secondary, super_group).await;
    assert!(
        inherited
            .iter()
            .any(|n| n == "Kaspersky Endpoint Security for Windows (12.x)"),
        "{inherited:?}"
    );
}

async fn wait_for_inherited(secondary: &KscClient, group: i32) -> Vec<String> {
    let end = tokio::time::Instant::now() + DEADLINE;
    loop {
        let list: Vec<String> = secondary
            .policy()
            .get_policies_for_group(group)
            .await
            .unwrap()
            .into_iter()
            .filter(|p| p.inherited)
            .map(|p| p.display_name)
            .collect();
        if !list.is_empty() || tokio::time::Instant::now() > end {
            return list;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn add_secondary_normal_becomes_active_with_inherited_policies() {
    let e = env().await;
    let p = plan(&e, "Berlin branch", false, None).await;
    add_and_check(&e, &p).await;
    let first = e
        .primary
        .server_hierarchy()
        .get_child_servers(-1)
        .await
        .unwrap()[0]
        .id;
    // The same server again under the same name and group: its registration (found by its
    // certificate) is used again, never doubled.
    let again = add_secondary(
        &e.primary,
        &e.secondary,
        &p,
        &quick(OnFailure::RollBack, DEADLINE),
        None,
        &mut |_| {},
    )
    .await
    .unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(again.secondary_id, first);
    assert_eq!(registrations(&e.primary).await, vec!["Berlin branch"]);
    e.pair.shutdown().await;
}

/// A name taken in the group by another server (another certificate) is refused before anything
/// is written: the registration found by name is not ours to adopt.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_name_taken_by_another_server_is_refused_before_anything_is_written() {
    let e = env().await;
    let p = plan(&e, "Berlin branch", false, None).await;
    let other = std::fs::read("tests/fixtures/secondary-klserver.cer").unwrap();
    let other = ksc_link::cert::parse_certificate(&other).unwrap().der;
    assert_ne!(other, p.secondary_certificate.der);
    e.primary
        .server_hierarchy()
        .register_server(
            "Berlin branch",
            p.group_id,
            &other,
            "",
            &ksc_link::wire::Params::new(),
        )
        .await
        .unwrap();
    let f = add_secondary(
        &e.primary,
        &e.secondary,
        &p,
        &quick(OnFailure::RollBack, DEADLINE),
        None,
        &mut |_| {},
    )
    .await
    .unwrap_err();
    assert_eq!(f.stage, Stage::Check);
    assert!(matches!(f.error, OpError::NameTaken { .. }), "{f}");
    assert!(matches!(f.rollback, Rollback::NotNeeded));
    assert_eq!(registrations(&e.primary).await, vec!["Berlin branch"]);
    let s = secondary_section(&e).await;
    assert!(!s.use_master, "nothing written on the secondary");
    e.pair.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn add_secondary_in_dmz_the_primary_dials() {
    let e = env().await;
    let p = plan(&e, "DMZ branch", true, None).await;
    assert_eq!(
        p.net_address(),
        format!("http://127.0.0.1:{}", e.sc.ssl_port)
    );
    add_and_check(&e, &p).await;
    e.pair.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn add_secondary_through_an_authenticating_proxy() {
    let e = env().await;
    let proxy = Tinyproxy::start(e.pc.ssl_port, "branch", "Proxy-Pass-1").await;
    let pp = ProxyPlan {
        host: "127.0.0.1".into(),
        port: proxy.port,
        user: "branch".into(),
        password: "Proxy-Pass-1".into(),
    };
    let p = plan(&e, "Proxied branch", false, Some(pp)).await;
    add_and_check(&e, &p).await;
    // The password was written protected, never in clear.
    let s = secondary_section(&e).await;
    let stored = s.proxy_password.unwrap();
    assert!(!stored.windows(12).any(|w| w == b"Proxy-Pass-1"));
    assert_eq!(s.proxy_login.as_deref(), Some("branch"));
    proxy.stop().await;
    e.pair.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_secondary_certificate_is_refused_by_the_primary_and_rolled_back() {
    let e = env().await;
    let mut p = plan(&e, "Impostor", false, None).await;
    // Register some other server's certificate: the primary must refuse the real secondary.
    let (other, _, _) =
        ksc_link::cert::generate_server_identity(&["other.example".into()], 397).unwrap();
    p.secondary_certificate = other;
    let f = add_secondary(
        &e.primary,
        &e.secondary,
        &p,
        &quick(OnFailure::RollBack, Duration::from_secs(4)),
        None,
        &mut |_| {},
    )
    .await
    .unwrap_err();
    assert_eq!(f.stage, Stage::WaitForLink);
    assert!(matches!(f.error, OpError::LinkTimeout { .. }), "{f}");
    assert!(f.to_string().contains("port"), "{f}");
    let Rollback::Done(steps) = &f.rollback else {
        panic!("{f}")
    };
    assert_eq!(steps.len(), 2, "{steps:?}");
    // Nothing is left behind: no registration, the secondary's section as before.
    assert!(registrations(&e.primary).await.is_empty());
    let s = secondary_section(&e).await;
    assert!(!s.use_master);
    // The refusal is logged on the primary.
    let events = e.pair.primary.sim().state().read(|d| d.link_events.clone());
    assert!(
        events.iter().any(|ev| ev.text.contains("refus")),
        "{events:?}"
    );
    e.pair.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_primary_certificate_is_refused_by_the_secondary_and_kept_for_retry() {
    let e = env().await;
    let good = plan(&e, "Careful branch", false, None).await;
    let mut p = good.clone();
    let (other, _, _) =
        ksc_link::cert::generate_server_identity(&["not-the-primary".into()], 397).unwrap();
    p.secondary_settings.primary_certificate = other.der;
    let f = add_secondary(
        &e.primary,
        &e.secondary,
        &p,
        &quick(OnFailure::Keep, Duration::from_secs(4)),
        None,
        &mut |_| {},
    )
    .await
    .unwrap_err();
    assert!(matches!(f.error, OpError::LinkTimeout { .. }), "{f}");
    assert!(matches!(f.rollback, Rollback::Kept));
    let id = f.partial.registered_id.unwrap();
    // Never Active with the wrong certificate.
    let child = e
        .primary
        .server_hierarchy()
        .get_child_servers(-1)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.id == id)
        .unwrap();
    assert_ne!(child.status, Some(ServerStatus::Active));
    // Retry with the right certificate resumes the kept registration instead of adding another.
    let report = add_secondary(
        &e.primary,
        &e.secondary,
        &good,
        &quick(OnFailure::RollBack, DEADLINE),
        Some(f.partial),
        &mut |_| {},
    )
    .await
    .unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(report.secondary_id, id);
    assert_eq!(report.child.status, Some(ServerStatus::Active));
    assert_eq!(registrations(&e.primary).await, vec!["Careful branch"]);
    e.pair.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failure_on_the_secondary_rolls_back_the_registration() {
    let e = env().await;
    let p = plan(&e, "Half built", false, None).await;
    // The secondary refuses to write its settings (as with an account without that right).
    e.pair.secondary.sim().state().inject_fault(
        "HostGroup.SS_Write",
        ksc_link::wire::PxgError::new(5, "KLSTD", "Access denied"),
    );
    let f = add_secondary(
        &e.primary,
        &e.secondary,
        &p,
        &quick(OnFailure::RollBack, DEADLINE),
        None,
        &mut |_| {},
    )
    .await
    .unwrap_err();
    assert_eq!(f.stage, Stage::ConfigureSecondary);
    assert!(f.to_string().contains("Access denied"), "{f}");
    // The refused write is not called written, yet the rollback restored the previous section
    // in case it landed.
    let Rollback::Done(done) = &f.rollback else {
        panic!("{f}");
    };
    assert!(
        done.iter()
            .any(|d| d == "restored the secondary's previous hierarchy settings"),
        "{done:?}"
    );
    assert!(!f.partial.section_written && !f.partial.section_write_attempted);
    assert_eq!(f.partial.registered_id, None);
    assert!(registrations(&e.primary).await.is_empty());
    e.pair.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn make_secondary_from_the_secondary_side_then_detach() {
    let e = env().await;
    // The primary's admin registers the secondary by its klserver.cer ...
    let cert = std::fs::read(&e.sc.cert_path).unwrap();
    let g = group(&e.primary, &["Branch offices", "Moscow"]).await;
    let id = e
        .primary
        .server_hierarchy()
        .register_server("Moscow", g, &cert, "", &ksc_link::wire::Params::new())
        .await
        .unwrap();
    // ... and the branch admin saves "This server is secondary" with the primary's klserver.cer.
    let primary_cert = parse_certificate(&std::fs::read(&e.pc.cert_path).unwrap()).unwrap();
    let settings = SecondarySettings {
        primary_address: "127.0.0.1".into(),
        primary_ssl_port: e.pc.ssl_port,
        primary_certificate: primary_cert.der,
        dmz: false,
        proxy: None,
    };
    let r = make_secondary(&e.secondary, &settings).await.unwrap();
    assert!(!r.before.use_master && r.after.use_master);
    assert!(
        r.changes
            .iter()
            .any(|c| c.name == "KLSRV_MASTER_SRV_ADDR" && c.after == "127.0.0.1")
    );
    let child = ksc_link::hierarchy::ops::wait_for_link(
        &e.primary,
        g,
        id,
        DEADLINE,
        Duration::from_millis(200),
        &mut |_| {},
    )
    .await
    .unwrap_or_else(|(err, _)| panic!("{err}"));
    assert_eq!(child.status, Some(ServerStatus::Active));
    // Detach: the secondary stops being secondary and the primary sees it Inactive.
    let r = detach(&e.secondary).await.unwrap();
    assert!(!r.after.use_master);
    let end = tokio::time::Instant::now() + DEADLINE;
    loop {
        let c = e
            .primary
            .server_hierarchy()
            .get_child_servers(g)
            .await
            .unwrap();
        if c.iter()
            .any(|c| c.id == id && c.status == Some(ServerStatus::Inactive))
        {
            break;
        }
        assert!(tokio::time::Instant::now() < end, "still active: {c:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Rolling back a kept partial run deletes what it names.
    let mut partial = ksc_link::hierarchy::Partial {
        registered_id: Some(id),
        ..Default::default()
    };
    roll_back(&e.primary, &e.secondary, &mut partial)
        .await
        .unwrap();
    assert!(registrations(&e.primary).await.is_empty());
    e.pair.shutdown().await;
}

/// The calls "add secondary" makes, counted by the simulators: one list of the primary's
/// secondaries (with one `GetServerInfo` each, for their certificates) serves both the look for
/// an earlier registration and the name check, and the section is written without creating it
/// first when it is there. The looks while waiting for Active are counted apart.
#[tokio::test]
async fn add_secondary_makes_no_needless_round_trips() {
    let e = env().await;
    let (ps, ss) = (e.pair.primary.sim().state(), e.pair.secondary.sim().state());
    let count = |m: &std::collections::BTreeMap<String, u64>, k: &str| m.get(k).copied();
    for (round, name) in ["First branch", "Second branch"].into_iter().enumerate() {
        let p = plan(&e, name, false, None).await;
        let registered = e
            .primary
            .server_hierarchy()
            .get_child_servers(-1)
            .await
            .unwrap()
            .len() as u64;
        let host = e.secondary.host_group().server_hostname().await.unwrap();
        let existed = e
            .secondary
            .host_group()
            .read_master_srv(&host)
            .await
            .is_ok();
        let (p0, s0) = (ps.requests(), ss.requests());
        let report = add_secondary(
            &e.primary,
            &e.secondary,
            &p,
            &quick(OnFailure::RollBack, DEADLINE),
            None,
            &mut |_| {},
        )
        .await
        .unwrap_or_else(|f| panic!("{f}"));
        let (on_primary, on_secondary) = (ps.requests_since(&p0), ss.requests_since(&s0));
        let polls = count(&on_primary, "ServerHierarchy.GetChildServers").unwrap_or(0);
        // One list of all secondaries, then the looks at the group until Active.
        assert!(polls >= 2, "{on_primary:?}");
        assert_eq!(
            count(&on_primary, "ServerHierarchy.GetServerInfo"),
            (registered > 0).then_some(registered),
            "round {round}: {on_primary:?}"
        );
        assert_eq!(
            count(&on_primary, "ServerHierarchy.RegisterServer"),
            Some(1)
        );
        assert_eq!(
            on_primary.len(),
            2 + usize::from(registered > 0),
            "{on_primary:?}"
        );
        // Host id, the section before, its write and its read-back.
        assert_eq!(count(&on_secondary, "HostGroup.GetStaticInfo"), Some(1));
        assert_eq!(count(&on_secondary, "HostGroup.SS_Read"), Some(2));
        // Created only when the write says it is missing (then written again); the demo's
        // secondary starts without the section, and the rollback leaves one.
        assert_eq!(
            count(&on_secondary, "HostGroup.SS_Write"),
            Some(if existed { 1 } else { 2 }),
            "round {round}: {on_secondary:?}"
        );
        assert_eq!(
            count(&on_secondary, "HostGroup.SS_CreateSection"),
            (!existed).then_some(1),
            "round {round}: {on_secondary:?}"
        );
        if round == 1 {
            assert!(existed, "the rollback leaves the section in place");
        }
        assert_eq!(
            on_secondary.len(),
            3 + usize::from(!existed),
            "{on_secondary:?}"
        );
        let mut partial = ksc_link::hierarchy::Partial {
            secondary_host: Some(host),
            previous_section: Some(Default::default()),
            registered_id: Some(report.secondary_id),
            section_write_attempted: true,
            section_written: true,
            unconfirmed_registration: None,
            replaced: None,
        };
        roll_back(&e.primary, &e.secondary, &mut partial)
            .await
            .unwrap();
    }
    e.pair.shutdown().await;
}
