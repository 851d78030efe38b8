//! Benchmarks against the simulator over real TLS on loopback: one `GetChildServers` round trip,
//! the pre-flight check of a plan, the whole add-secondary sequence (register, configure,
//! wait until Active), and the "Secondary servers" page's load of 300 secondaries (the list,
//! then the list and a look at every server).
//!
//! Run with `cargo bench --bench kloapi`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use ksc_link::cert::parse_certificate;
use ksc_link::hierarchy::{
    AddOptions, AddSecondaryPlan, OnFailure, Partial, SecondarySettings, add_secondary, roll_back,
};
use ksc_link::kloapi::{KscClient, LoginOutcome};
use ksc_link::sim::ksc::link::LinkConfig;
use ksc_link::sim::pair::{ServerCard, start_pair};
use ksc_link::wire::auth::BasicCredentials;

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

fn benches(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pair = rt
        .block_on(start_pair(dir.path(), LinkConfig::fast()))
        .unwrap();
    let [pc, sc] = pair.cards();
    let (primary, secondary) = rt.block_on(async { (login(&pc).await, login(&sc).await) });

    c.bench_function("GetChildServers round trip", |b| {
        b.to_async(&rt).iter(|| async {
            primary
                .server_hierarchy()
                .get_child_servers(-1)
                .await
                .unwrap()
        })
    });

    let plan = rt.block_on(async {
        let hg = primary.host_group();
        let root = hg.group_id_groups().await.unwrap();
        let servers = hg.get_group_id(root, "Servers").await.unwrap().unwrap();
        AddSecondaryPlan {
            group_id: servers,
            group_name: "Servers".into(),
            display_name: "Bench branch".into(),
            secondary_address: Some("127.0.0.1".into()),
            secondary_ssl_port: sc.ssl_port,
            secondary_api_port: sc.api_port,
            secondary_certificate: parse_certificate(&std::fs::read(&sc.cert_path).unwrap())
                .unwrap(),
            secondary_credentials: creds(&sc),
            secondary_settings: SecondarySettings {
                primary_address: "127.0.0.1".into(),
                primary_ssl_port: pc.ssl_port,
                primary_certificate: hg.server_certificate().await.unwrap(),
                dmz: false,
                proxy: None,
            },
        }
    });
    let options = AddOptions {
        on_failure: OnFailure::RollBack,
        link_timeout: Duration::from_secs(20),
        poll_interval: Duration::from_millis(20),
        replace: None,
    };
    c.bench_function("pre-flight check (observe and judge)", |b| {
        b.to_async(&rt).iter(|| async {
            let observed = ksc_link::hierarchy::preflight::observe(
                &primary,
                Some(&secondary),
                &plan,
                ksc_link::hierarchy::preflight::SecondaryLogin::Password,
            )
            .await;
            let report = ksc_link::hierarchy::preflight::evaluate(&plan, &observed);
            assert!(!report.has_errors(), "{}", report.to_text());
        })
    });

    let mut group = c.benchmark_group("add secondary");
    group.sample_size(10);
    group.bench_function("register, configure, wait until Active", |b| {
        b.to_async(&rt).iter_custom(|iters| {
            let (primary, secondary, plan, options) = (&primary, &secondary, &plan, &options);
            async move {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let start = Instant::now();
                    let report =
                        add_secondary(primary, secondary, plan, options, None, &mut |_| {})
                            .await
                            .unwrap();
                    total += start.elapsed();
                    // Undo it outside the measured time, so every iteration starts alike.
                    let mut partial = Partial {
                        secondary_host: Some(
                            secondary.host_group().server_hostname().await.unwrap(),
                        ),
                        previous_section: Some(Default::default()),
                        registered_id: Some(report.secondary_id),
                        section_write_attempted: true,
                        section_written: true,
                        unconfirmed_registration: None,
                        replaced: None,
                    };
                    roll_back(primary, secondary, &mut partial).await.unwrap();
                }
                total
            }
        })
    });
    group.finish();
    rt.block_on(pair.shutdown());
    secondary_servers_page(c, &rt);
}

/// The "Secondary servers" page on a primary with 300 registered secondaries in mixed states.
/// The primary runs without its link, so it dials none of the DMZ secondaries meanwhile.
fn secondary_servers_page(c: &mut Criterion, rt: &tokio::runtime::Runtime) {
    use futures::StreamExt;
    use ksc_link::hierarchy::health;
    use ksc_link::sim::ksc::fleet::FleetSpec;
    use ksc_link::sim::ksc::{KscSimConfig, seed, start};

    let dir = tempfile::tempdir().unwrap();
    let (sim, client) = rt.block_on(async {
        let mut cfg = KscSimConfig::new(dir.path());
        cfg.seed_text = Some(seed::PRIMARY.to_string());
        let sim = start(cfg).await.unwrap();
        sim.state()
            .register_fleet(&FleetSpec::new(300, time::OffsetDateTime::now_utc()))
            .unwrap();
        let mut opts = ksc_link::kloapi::ConnectOptions::new(
            "127.0.0.1",
            ksc_link::tls::Pin::of_der(sim.cert_der()),
        );
        opts.port = sim.api_port();
        let client = KscClient::new(opts).unwrap();
        let creds = BasicCredentials {
            user: "admin".into(),
            password: "KscAdmin-2024".into(),
            domain: String::new(),
            internal: true,
        };
        assert_eq!(client.login(&creds).await.unwrap(), LoginOutcome::LoggedIn);
        (sim, client)
    });
    let mut group = c.benchmark_group("secondary servers page, 300 secondaries");
    group.sample_size(10);
    group.bench_function("list (FindSlaveServers paged, GetServerInfo each)", |b| {
        b.to_async(rt).iter(|| async {
            let fleet = health::load(&client, &health::LoadOptions::default())
                .await
                .unwrap();
            assert_eq!(fleet.rows.len(), 300);
        })
    });
    group.bench_function("list and look at every server", |b| {
        b.to_async(rt).iter(|| async {
            let fleet = health::load(&client, &health::LoadOptions::default())
                .await
                .unwrap();
            let events = health::check(client.clone(), fleet.rows, health::CheckOptions::default())
                .count()
                .await;
            assert!(events >= 300);
        })
    });
    group.finish();
    rt.block_on(sim.shutdown());
}

criterion_group!(kloapi, benches);
criterion_main!(kloapi);
