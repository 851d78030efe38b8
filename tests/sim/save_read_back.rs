//! "This server is secondary" whose write the server confirmed but whose read-back failed is
//! reported as saved, with the read-back failure noted, not as a failed save.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use ksc_link::cert::parse_certificate;
use ksc_link::hierarchy::{SecondarySettings, make_secondary};
use ksc_link::kloapi::{KscClient, LoginOutcome};
use ksc_link::sim::ksc::link::LinkConfig;
use ksc_link::sim::pair::start_pair;
use ksc_link::wire::PxgError;
use ksc_link::wire::error::codes;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_read_back_after_a_confirmed_write_is_a_save_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let pair = start_pair(dir.path(), LinkConfig::fast()).await.unwrap();
    let [pc, sc] = pair.cards();
    let secondary = KscClient::new(sc.connect_options().unwrap()).unwrap();
    assert_eq!(
        secondary.login(&sc.credentials()).await.unwrap(),
        LoginOutcome::LoggedIn
    );
    // Faults are answered in order: the read before the save finds no section (as on a server
    // that was never secondary), the read-back after the write fails.
    let state = pair.secondary.sim().state();
    state.inject_fault(
        "HostGroup.SS_Read",
        PxgError::new(codes::NOT_FOUND, "KLSTD", "Section not found"),
    );
    state.inject_fault(
        "HostGroup.SS_Read",
        PxgError::new(1950, "KLDB", "Connection to the database was lost"),
    );
    let settings = SecondarySettings {
        primary_address: "127.0.0.1".into(),
        primary_ssl_port: pc.ssl_port,
        primary_certificate: parse_certificate(&std::fs::read(&pc.cert_path).unwrap())
            .unwrap()
            .der,
        dmz: false,
        proxy: None,
    };
    let r = make_secondary(&secondary, &settings)
        .await
        .unwrap_or_else(|e| panic!("the write landed, yet: {e}"));
    let why = r
        .read_back_failed
        .as_deref()
        .expect("the read-back failure");
    assert!(why.contains("Connection to the database was lost"), "{why}");
    // What the report shows is what was written.
    assert!(r.after.use_master);
    assert_eq!(r.after.ports, vec![i32::from(pc.ssl_port)]);
    assert!(r.changes.iter().any(|c| c.name == "KLSRV_MASTER_SRV_USE"));
    // And the server does hold it.
    let host = secondary.host_group().server_hostname().await.unwrap();
    let now = secondary.host_group().read_master_srv(&host).await.unwrap();
    assert!(now.use_master);
    assert_eq!(now.address.as_deref(), Some("127.0.0.1"));
    pair.shutdown().await;
}
