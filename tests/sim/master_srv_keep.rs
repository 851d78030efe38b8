//! Rewrites of the secondary's `KLSRV_MASTER_SRV` keep the variables the app does not model
//! (here a hosted primary's CA and a setting of some later KSC version): the section is written
//! whole, so each rewrite must put them back.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use ksc_link::cert::parse_certificate;
use ksc_link::hierarchy::{
    AddOptions, AddSecondaryPlan, OnFailure, Rollback, SecondarySettings, Stage, add_secondary,
    detach, make_secondary,
};
use ksc_link::kloapi::host_group::{SsPath, SsWriteMode};
use ksc_link::kloapi::{KscClient, LoginOutcome};
use ksc_link::sim::ksc::link::LinkConfig;
use ksc_link::sim::pair::{ServerCard, SimPair, start_pair};
use ksc_link::wire::{Params, Value};

use crate::common::DEADLINE;

const HDS_CA: &str = "KLSRV_MASTER_HDS_CA";
const LATER: &str = "KLSRV_MASTER_SRV_SOMETHING_NEWER";

struct Env {
    _dir: tempfile::TempDir,
    pair: SimPair,
    pc: ServerCard,
    sc: ServerCard,
    primary: KscClient,
    secondary: KscClient,
    host: String,
}

async fn login(card: &ServerCard) -> KscClient {
    let c = KscClient::new(card.connect_options().unwrap()).unwrap();
    assert_eq!(
        c.login(&card.credentials()).await.unwrap(),
        LoginOutcome::LoggedIn
    );
    c
}

/// Two simulated servers; the secondary's section holds two variables the app does not model.
async fn env() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let pair = start_pair(dir.path(), LinkConfig::fast()).await.unwrap();
    let [pc, sc] = pair.cards();
    let primary = login(&pc).await;
    let secondary = login(&sc).await;
    let hg = secondary.host_group();
    let host = hg.server_hostname().await.unwrap();
    let path = SsPath::master_srv(&host);
    let _ = hg.ss_create_section(&path).await;
    hg.ss_write(
        &path,
        SsWriteMode::Replace,
        &Params::new()
            .with(
                HDS_CA,
                Value::Binary(b"-----BEGIN CERTIFICATE-----".to_vec()),
            )
            .with(LATER, 42),
    )
    .await
    .unwrap();
    Env {
        _dir: dir,
        pair,
        pc,
        sc,
        primary,
        secondary,
        host,
    }
}

impl Env {
    /// Asserts the secondary's section still holds both unmodelled variables.
    async fn assert_kept(&self, after: &str) {
        let p = self
            .secondary
            .host_group()
            .ss_read(&SsPath::master_srv(&self.host))
            .await
            .unwrap();
        let names: Vec<_> = p.iter().map(|(name, _)| name).collect();
        assert_eq!(
            p.get(HDS_CA),
            Some(&Value::Binary(b"-----BEGIN CERTIFICATE-----".to_vec())),
            "after {after}: {names:?}"
        );
        assert_eq!(
            p.get(LATER),
            Some(&Value::Int(42)),
            "after {after}: {names:?}"
        );
    }

    fn settings(&self, primary_ssl_port: u16) -> SecondarySettings {
        SecondarySettings {
            primary_address: "127.0.0.1".into(),
            primary_ssl_port,
            primary_certificate: parse_certificate(&std::fs::read(&self.pc.cert_path).unwrap())
                .unwrap()
                .der,
            dmz: false,
            proxy: None,
        }
    }

    async fn plan(&self, name: &str, primary_ssl_port: u16) -> AddSecondaryPlan {
        let hg = self.primary.host_group();
        let mut group = hg.group_id_groups().await.unwrap();
        for g in ["Servers", "Secondary servers"] {
            group = hg.get_group_id(group, g).await.unwrap().unwrap();
        }
        AddSecondaryPlan {
            group_id: group,
            group_name: "Secondary servers".into(),
            display_name: name.into(),
            secondary_address: Some("127.0.0.1".into()),
            secondary_ssl_port: self.sc.ssl_port,
            secondary_api_port: self.sc.api_port,
            secondary_certificate: parse_certificate(&std::fs::read(&self.sc.cert_path).unwrap())
                .unwrap(),
            secondary_credentials: self.sc.credentials(),
            secondary_settings: self.settings(primary_ssl_port),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn make_secondary_and_detach_keep_unmodelled_variables() {
    let e = env().await;
    let r = make_secondary(&e.secondary, &e.settings(e.pc.ssl_port))
        .await
        .unwrap();
    assert!(r.after.use_master);
    e.assert_kept("make_secondary").await;
    let r = detach(&e.secondary).await.unwrap();
    assert!(!r.after.use_master);
    e.assert_kept("detach").await;
    e.pair.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn add_secondary_and_its_rollback_keep_unmodelled_variables() {
    let e = env().await;
    let options = AddOptions {
        on_failure: OnFailure::RollBack,
        link_timeout: DEADLINE,
        poll_interval: Duration::from_millis(200),
        replace: None,
    };
    let plan = e.plan("Kept branch", e.pc.ssl_port).await;
    let report = add_secondary(&e.primary, &e.secondary, &plan, &options, None, &mut |_| {})
        .await
        .unwrap_or_else(|f| panic!("{f}"));
    e.assert_kept("add_secondary").await;
    // Undone by hand, so the same secondary can be added again.
    detach(&e.secondary).await.unwrap();
    e.primary
        .server_hierarchy()
        .del_server(report.secondary_id)
        .await
        .unwrap();

    // A primary SSL port nobody listens on: the link never comes up, and the run rolls back.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed_port = closed.local_addr().unwrap().port();
    drop(closed);
    let plan = e.plan("Rolled back branch", closed_port).await;
    let quick = AddOptions {
        link_timeout: Duration::from_millis(600),
        ..options
    };
    let f = add_secondary(&e.primary, &e.secondary, &plan, &quick, None, &mut |_| {})
        .await
        .unwrap_err();
    assert_eq!(f.stage, Stage::WaitForLink, "{f}");
    assert!(matches!(f.rollback, Rollback::Done(_)), "{f}");
    e.assert_kept("the rollback").await;
    e.pair.shutdown().await;
}
