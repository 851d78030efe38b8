//! The "Secondary servers" page's domain against simulated servers over TLS on loopback: 300
//! registered secondaries in mixed states read through `FindSlaveServers` paging and
//! `GetServerInfo`, a secondary's own secondary found through a gateway session and shown
//! under it, certificates compared at the SSL port and through the primary (a reinstalled DMZ
//! secondary shows another certificate), and what cannot be checked said so.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use futures::StreamExt;
use ksc_link::hierarchy::health::{
    self, CheckEvent, CheckOptions, Drift, Expiry, Filter, Fleet, Inactivity, LoadOptions, Nested,
    Presented, Registered, Via,
};
use ksc_link::kloapi::ServerStatus;
use ksc_link::sim::ksc::fleet::{FleetSpec, entries};
use time::OffsetDateTime;

use crate::hierarchy_support::{Hierarchy, Node};

fn now() -> OffsetDateTime {
    let t = OffsetDateTime::now_utc();
    t.replace_nanosecond(0).unwrap()
}

/// Short timeouts: every address in these tests is on loopback.
fn quick() -> CheckOptions {
    CheckOptions {
        probe_timeout: Duration::from_secs(2),
        gateway_timeout: Duration::from_secs(15),
        ..CheckOptions::default()
    }
}

async fn checked(client: &ksc_link::kloapi::KscClient, mut fleet: Fleet) -> Fleet {
    let events: Vec<CheckEvent> = health::check(client.clone(), fleet.rows.clone(), quick())
        .collect()
        .await;
    for e in events {
        fleet.apply(e);
    }
    fleet
}

#[tokio::test]
async fn three_hundred_secondaries_load_through_paging_in_mixed_states() {
    let top = Node::start(ksc_link::sim::ksc::seed::PRIMARY, "ksc-hq.sim.local").await;
    let at = now();
    let spec = FleetSpec::new(300, at);
    top.sim.state().register_fleet(&spec).unwrap();
    let expected = entries(&spec, "14.2.0.26967");

    // Pages of 64: five GetItemsChunk calls for 300 records.
    let opts = LoadOptions {
        page_size: 64,
        details_at_once: 8,
    };
    let started = Instant::now();
    let fleet = health::load(&top.client, &opts).await.unwrap();
    eprintln!("300 secondaries read in {:?}", started.elapsed());
    assert_eq!(fleet.rows.len(), 300);
    assert_eq!(fleet.primary_version.as_deref(), Some("14.2.0.26967"));
    // By display name, as asked of FindSlaveServers.
    let names: Vec<&str> = fleet.rows.iter().map(|r| r.name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted);

    for e in &expected {
        let r = fleet.rows.iter().find(|r| r.name == e.name).unwrap();
        assert_eq!(r.depth(), 0);
        assert_eq!(r.is_active(), e.active, "{}", e.name);
        assert_eq!(r.version.as_deref().unwrap_or(""), e.version, "{}", e.name);
        assert_eq!(r.passive, e.passive.is_some(), "{}", e.name);
        assert_eq!(r.address, e.passive, "{}", e.name);
        assert_eq!(r.last_connected, e.last_connected, "{}", e.name);
        assert_eq!(
            r.group,
            format!("Managed devices/{}", e.group),
            "group path for {}",
            e.name
        );
        let Registered::Read { not_after, md5 } = &r.registered else {
            panic!("{}: {:?}", e.name, r.registered)
        };
        assert_eq!(*not_after, e.not_after);
        assert_eq!(Some(md5.clone()), r.public_key_hash, "MD5 of the DER");
        assert_eq!(r.presented, Presented::Pending);
        assert_eq!(
            r.nested,
            if e.active {
                Nested::Pending
            } else {
                Nested::NotAsked
            }
        );
    }

    // Every state the page shows is there.
    let rows = &fleet.rows;
    let any = |f: &dyn Fn(&health::Row) -> bool| rows.iter().any(f);
    assert!(any(&|r| matches!(
        health::inactivity(r, at),
        Inactivity::For(d) if d.whole_days() >= 1
    )));
    assert!(any(&|r| matches!(
        health::inactivity(r, at),
        Inactivity::For(d) if d.whole_days() == 0
    )));
    assert!(any(&|r| health::inactivity(r, at) == Inactivity::Never));
    for d in [Drift::OlderMinor, Drift::OlderMajor, Drift::Newer] {
        assert!(
            any(&|r| health::drift(r.version.as_deref(), r.primary_version.as_deref()) == d),
            "{d:?}"
        );
    }
    assert!(any(&|r| matches!(
        health::expiry(&r.registered, at),
        Expiry::Urgent { .. }
    )));
    assert!(any(&|r| matches!(
        health::expiry(&r.registered, at),
        Expiry::Soon { .. }
    )));
    assert!(any(&|r| matches!(
        health::expiry(&r.registered, at),
        Expiry::Expired { .. }
    )));
    let c = fleet.counts(at);
    assert_eq!((c.total, c.active, c.inactive), (300, 240, 60));
    let attention = fleet.visible(
        &Filter {
            text: String::new(),
            attention_only: true,
        },
        at,
    );
    assert_eq!(attention.len(), c.attention);
    assert!(c.attention > 60 && c.attention < 300, "{c:?}");

    // No server stands behind these records: nothing can be checked, and it is said why.
    let checked = checked(&top.client, fleet).await;
    assert!(checked.checks_done());
    for r in &checked.rows {
        assert!(
            matches!(r.presented, Presented::CouldNotCheck(_)),
            "{}: {:?}",
            r.name,
            r.presented
        );
        if r.is_active() {
            let Nested::Failed(why) = &r.nested else {
                panic!("{}: {:?}", r.name, r.nested)
            };
            assert!(why.contains("not connected"), "{why}");
        }
    }
    let dmz = checked.rows.iter().find(|r| r.passive).unwrap();
    let Presented::CouldNotCheck(why) = &dmz.presented else {
        unreachable!()
    };
    assert!(
        why.contains(dmz.address.as_deref().unwrap()),
        "names the address: {why}"
    );
    top.shutdown().await;
}

#[tokio::test]
async fn nested_secondaries_and_presented_certificates() {
    let at = now();
    let mut h = Hierarchy::start(20, at).await;
    let fleet = health::load(&h.top.client, &LoadOptions::default())
        .await
        .unwrap();
    assert_eq!(fleet.rows.len(), 22, "the fleet, west-region and zone-dmz");
    let fleet = checked(&h.top.client, fleet).await;
    assert_eq!(fleet.rows.len(), 23, "and west-office below west-region");

    let mid_at = fleet
        .rows
        .iter()
        .position(|r| r.path == [h.mid_id])
        .unwrap();
    let mid = &fleet.rows[mid_at];
    assert_eq!(mid.name, "west-region");
    assert_eq!(mid.status, Some(ServerStatus::Active));
    assert_eq!(mid.presented, Presented::Matches(Via::Gateway));
    assert_eq!(mid.nested, Nested::Found(1));
    let top_ssl = format!("127.0.0.1:{}", h.top.sim.ssl_port());
    assert_eq!(mid.master_address.as_deref(), Some(top_ssl.as_str()));
    let leaf = &fleet.rows[mid_at + 1];
    assert_eq!(leaf.path, [h.mid_id, h.leaf_id], "right below its primary");
    assert_eq!(leaf.name, "west-office");
    assert_eq!(leaf.depth(), 1);
    assert!(leaf.is_active());
    assert_eq!(leaf.presented, Presented::Matches(Via::Gateway));
    assert_eq!(leaf.nested, Nested::Found(0));
    assert_eq!(
        leaf.primary_version.as_deref(),
        Some("14.2.0.26967"),
        "judged against the server it is registered on"
    );
    assert_eq!(fleet.parent_name(leaf), Some("west-region"));
    assert!(leaf.group.starts_with("Managed devices"), "{}", leaf.group);

    let dmz = fleet.row(&[h.dmz_id]).unwrap();
    assert!(dmz.passive);
    assert_eq!(dmz.status, Some(ServerStatus::Inactive));
    let address = format!("127.0.0.1:{}", h.dmz.sim.ssl_port());
    assert_eq!(dmz.address.as_deref(), Some(address.as_str()));
    assert_eq!(
        dmz.presented,
        Presented::Matches(Via::Address(address.clone()))
    );
    assert_eq!(
        health::attention(dmz, at),
        vec![health::Reason::Inactive(Inactivity::Never)]
    );

    // Reinstalled: its SSL port shows a new certificate, the primary holds the old one.
    h.reinstall_dmz();
    let fleet = health::load(&h.top.client, &LoadOptions::default())
        .await
        .unwrap();
    let fleet = checked(&h.top.client, fleet).await;
    let dmz = fleet.row(&[h.dmz_id]).unwrap();
    let new_md5 = ksc_link::cert::md5_hex_of(&h.dmz.sim.current_cert_der());
    assert_eq!(
        dmz.presented,
        Presented::Differs {
            md5: new_md5,
            via: Via::Address(address)
        }
    );
    assert!(
        health::attention(dmz, at).contains(&health::Reason::CertificateChanged),
        "{:?}",
        health::attention(dmz, at)
    );
    // The middle server's link goes down: it turns Inactive, and its own secondary can no
    // longer be reached through it.
    h.mid.sim.stop_link().await;
    h.top.wait_status(h.mid_id, ServerStatus::Inactive).await;
    let fleet = health::load(&h.top.client, &LoadOptions::default())
        .await
        .unwrap();
    let fleet = checked(&h.top.client, fleet).await;
    let mid = fleet.row(&[h.mid_id]).unwrap();
    assert_eq!(mid.nested, Nested::NotAsked);
    assert!(matches!(mid.presented, Presented::CouldNotCheck(_)));
    assert!(fleet.row(&[h.mid_id, h.leaf_id]).is_none());
    h.shutdown().await;
}
