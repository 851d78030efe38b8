//! "Does the primary see this server?" against a simulated primary and secondary with their
//! hierarchy link running: the record is found by this server's certificate, before and after
//! the primary's admin registered it, and only once this server has connected is it Active.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use ksc_link::cert::parse_certificate;
use ksc_link::cli::demo::presets as demo_presets;
use ksc_link::hierarchy::on_primary::{
    describe, find_on_primary, login_primary, look_on_primary, watch_on_primary,
};
use ksc_link::hierarchy::{SecondarySettings, make_secondary};
use ksc_link::kloapi::server_hierarchy::ServerStatus;
use ksc_link::sim::ksc::link::LinkConfig;
use ksc_link::sim::pair::start_pair;
use ksc_link::wire::Params;

use crate::common;
use common::DEADLINE;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_primary_sees_this_server_by_its_certificate_once_registered_and_connected() {
    let dir = tempfile::tempdir().unwrap();
    let pair = start_pair(&dir.path().join("sim"), LinkConfig::fast())
        .await
        .unwrap();
    let [pc, sc] = pair.cards();
    let presets = demo_presets(&pair);
    // Signed in the way the settings page does it: the demo's preset of the primary.
    let primary = login_primary(&presets[0].login()).await.unwrap();
    let secondary = login_primary(&presets[1].login()).await.unwrap();
    let this_cert = secondary.host_group().server_certificate().await.unwrap();
    let primary_cert = std::fs::read(&pc.cert_path).unwrap();

    // Not registered yet: no record, and the message says what the primary's admin must do.
    assert_eq!(find_on_primary(&primary, &this_cert).await.unwrap(), None);
    let lines = describe("127.0.0.1", None);
    assert!(lines[0].contains("not registered on the primary 127.0.0.1"));

    // The primary's admin registers another server (a fixture certificate stands in for it)
    // and then this one, by its klserver.cer, in "Branch offices/Moscow".
    let hg = primary.host_group();
    let mut group = hg.group_id_groups().await.unwrap();
    for name in ["Branch offices", "Moscow"] {
        group = hg.get_group_id(group, name).await.unwrap().unwrap();
    }
    let sh = primary.server_hierarchy();
    let other_cert = std::fs::read("tests/fixtures/secondary-klserver.cer").unwrap();
    assert_ne!(
        parse_certificate(&other_cert).unwrap().der,
        parse_certificate(&this_cert).unwrap().der
    );
    let other = sh
        .register_server("Elsewhere", group, &other_cert, "", &Params::new())
        .await
        .unwrap();
    let file_cert = std::fs::read(&sc.cert_path).unwrap();
    let id = sh
        .register_server("Moscow", group, &file_cert, "", &Params::new())
        .await
        .unwrap();
    let seen = look_on_primary(&primary, &this_cert)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(seen.server.id, id, "not the other record ({other})");
    assert_ne!(seen.server.status, Some(ServerStatus::Active));
    assert_eq!(seen.group_name.as_deref(), Some("Moscow"));
    assert!(describe("127.0.0.1", Some(&seen)).contains(&"Status: Inactive".to_string()));

    // This server is made secondary; the primary reports it Active, in its group.
    let settings = SecondarySettings {
        primary_address: "127.0.0.1".into(),
        primary_ssl_port: pc.ssl_port,
        primary_certificate: parse_certificate(&primary_cert).unwrap().der,
        dmz: false,
        proxy: None,
    };
    make_secondary(&secondary, &settings).await.unwrap();
    let mut looks = 0;
    let seen = watch_on_primary(
        &primary,
        &this_cert,
        DEADLINE,
        Duration::from_millis(200),
        &mut |_, _| looks += 1,
    )
    .await
    .unwrap()
    .unwrap();
    assert!(looks >= 1);
    assert_eq!(seen.server.id, id);
    assert_eq!(seen.server.status, Some(ServerStatus::Active));
    assert!(seen.server.last_connected.is_some());
    let lines = describe("127.0.0.1", Some(&seen));
    assert!(lines.contains(&"Status: Active".to_string()), "{lines:?}");
    assert!(lines.contains(&"Group: Moscow".to_string()), "{lines:?}");

    pair.shutdown().await;
}
