//! Benchmarks against the simulator over real TLS on loopback: one `GetChildServers` round trip,
//! the pre-flight check of a plan, the whole add-secondary sequence (register, configure,
//! wait until Active), and the "Secondary servers" page's load of 300 secondaries (the list,
//! then the list and a look at every server).
//!
//! Run with `cargo bench --bench kloapi`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use ksc_link::hierarchy::{AddOptions, OnFailure, add_secondary};
use ksc_link::sim::ksc::link::LinkConfig;
use ksc_link::sim::pair::start_pair;

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
    let (primary, secondary) =
        rt.block_on(async { (support::login(&pc).await, support::login(&sc).await) });

    c.bench_function("GetChildServers round trip", |b| {
        b.to_async(&rt).iter(|| async {
            primary
                .server_hierarchy()
                .get_child_servers(-1)
                .await
                .unwrap()
        })
    });

    let plan = rt.block_on(support::plan(&primary, &pc, &sc));
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
                    support::undo(primary, secondary, report.secondary_id).await;
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
    use ksc_link::sim::pair::{Role, card_of};

    let dir = tempfile::tempdir().unwrap();
    let (sim, client) = rt.block_on(async {
        let mut cfg = KscSimConfig::new(dir.path());
        cfg.seed_text = Some(seed::PRIMARY.to_string());
        let sim = start(cfg).await.unwrap();
        sim.state()
            .register_fleet(&FleetSpec::new(300, time::OffsetDateTime::now_utc()))
            .unwrap();
        let client = support::login(&card_of(Role::Primary, &sim)).await;
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
