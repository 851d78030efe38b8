//! The simulated server's certificate over its life, as KSC handles it: a reserve certificate
//! made ahead of expiry changes nothing until it is swapped in; then the Open API, the SSL port,
//! `GetStaticInfo` and `klserver.cer` all have it, clients pinned to the old one meet a changed
//! certificate, and a restart keeps it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use ksc_link::cert::lifecycle::{self, Change};
use ksc_link::cert::{CertificateDetails, parse_certificate};
use ksc_link::kloapi::KscError;
use ksc_link::sim::ksc::identity::Validity;
use ksc_link::sim::ksc::link::LinkConfig;
use ksc_link::sim::ksc::link_store::{LinkedSim, start_with_link};
use ksc_link::sim::ksc::{KscSimConfig, seed};
use ksc_link::sim::pair::{Role, card};
use ksc_link::tls::{Pin, fetch_presented_certificate};
use time::OffsetDateTime;

use crate::common::{DEADLINE, sign_in};

async fn start(dir: &std::path::Path, validity: Option<Validity>) -> LinkedSim {
    let mut cfg = KscSimConfig::new(dir);
    cfg.seed_text = Some(seed::PRIMARY.to_string());
    cfg.hostname = "ksc-hq.sim.local".to_string();
    cfg.certificate_validity = validity;
    start_with_link(cfg, LinkConfig::fast()).await.unwrap()
}

/// The certificates the Open API and the SSL port present now.
async fn presented(sim: &LinkedSim) -> (Pin, Pin) {
    let s = sim.sim();
    let api = fetch_presented_certificate("127.0.0.1", s.api_port(), None, DEADLINE)
        .await
        .unwrap();
    let ssl = fetch_presented_certificate("127.0.0.1", s.ssl_port(), None, DEADLINE)
        .await
        .unwrap();
    (api.pin(), ssl.pin())
}

fn on_disk(sim: &LinkedSim) -> CertificateDetails {
    ksc_link::cert::load_certificate_file(sim.sim().cert_path()).unwrap()
}

#[tokio::test]
async fn the_reserve_certificate_is_swapped_in_on_both_ports_and_in_get_static_info() {
    let dir = tempfile::tempdir().unwrap();
    let sim = start(dir.path(), Some(Validity::expiring_in_days(5))).await;
    let old = parse_certificate(&sim.sim().current_cert_der()).unwrap();
    let days = (old.not_after - OffsetDateTime::now_utc()).whole_days();
    assert!((4..=5).contains(&days), "{days}");
    assert_eq!((old.not_after - old.not_before).whole_days(), 397);
    assert_eq!(
        lifecycle::standing(&old, OffsetDateTime::now_utc()).stage,
        lifecycle::Stage::ExpiresSoon
    );
    let before = sign_in(&card(Role::Primary, &sim)).await;
    assert_eq!(
        before.host_group().server_certificate().await.unwrap(),
        old.der
    );

    // The reserve is made: nothing changes for anyone yet.
    let reserve = sim.sim().make_reserve_certificate().unwrap();
    assert_eq!(sim.sim().reserve_cert_der(), Some(reserve.der.clone()));
    assert_eq!(presented(&sim).await, (old.pin(), old.pin()));
    assert_eq!(on_disk(&sim).der, old.der);
    assert_eq!(
        before.host_group().server_certificate().await.unwrap(),
        old.der
    );
    // Made as KSC makes it: self-signed, 397 days, the same names.
    assert!(reserve.self_signed);
    assert_eq!(reserve.subject, old.subject);
    assert_eq!(lifecycle::names(&reserve), lifecycle::names(&old));
    assert!((397..=398).contains(&(reserve.not_after - reserve.not_before).whole_days()));

    // Swapped in: both ports, GetStaticInfo and klserver.cer have it.
    let swapped = sim.sim().swap_in_reserve().unwrap();
    assert_eq!(swapped.der, reserve.der);
    assert_eq!(sim.sim().reserve_cert_der(), None, "the reserve is used up");
    assert_eq!(presented(&sim).await, (reserve.pin(), reserve.pin()));
    assert_eq!(on_disk(&sim).der, reserve.der);
    assert_eq!(sim.sim().current_cert_der(), reserve.der);
    // A client pinned to the old certificate meets the change and is told both fingerprints.
    match before.host_group().server_certificate().await {
        Err(KscError::CertificateChanged {
            expected,
            presented,
            presented_der,
            ..
        }) => {
            assert_eq!(expected, old.pin());
            assert_eq!(presented, reserve.pin());
            assert_eq!(presented_der, reserve.der);
        }
        other => panic!("expected the certificate to have changed: {other:?}"),
    }
    // Pinned to the new one, GetStaticInfo returns it.
    let card_now = card(Role::Primary, &sim);
    assert_eq!(card_now.sha256, reserve.pin().to_string());
    let after = sign_in(&card_now).await;
    assert_eq!(
        after.host_group().server_certificate().await.unwrap(),
        reserve.der
    );
    // The change is what the app explains as KSC's own swap.
    assert_eq!(
        lifecycle::judge_change(&old, &reserve, OffsetDateTime::now_utc()),
        Change::ReserveSwap
    );

    // A restart presents the swapped-in certificate: its key was kept with it.
    sim.shutdown().await;
    let sim = start(dir.path(), None).await;
    assert_eq!(presented(&sim).await, (reserve.pin(), reserve.pin()));
    sim.shutdown().await;
}

#[tokio::test]
async fn a_swap_without_a_reserve_made_first_makes_one_and_a_reinstall_is_another_change() {
    let dir = tempfile::tempdir().unwrap();
    let sim = start(dir.path(), None).await;
    let old = parse_certificate(&sim.sim().current_cert_der()).unwrap();
    assert_eq!(
        lifecycle::standing(&old, OffsetDateTime::now_utc()).stage,
        lifecycle::Stage::Valid
    );
    let new = sim.sim().swap_in_reserve().unwrap();
    assert_ne!(new.der, old.der);
    assert_eq!(presented(&sim).await, (new.pin(), new.pin()));
    assert_eq!(lifecycle::names(&new), lifecycle::names(&old));
    // Far from expiry this is not KSC's own swap, whatever made it.
    assert!(matches!(
        lifecycle::judge_change(&old, &new, OffsetDateTime::now_utc()),
        Change::Replaced(_)
    ));

    // Reinstalled with a certificate for other names: presented on both ports too.
    let (other, identity, _) =
        ksc_link::cert::generate_server_identity(&["other.example".to_string()], 397).unwrap();
    sim.sim().reinstall(identity).unwrap();
    assert_eq!(presented(&sim).await, (other.pin(), other.pin()));
    let Change::Replaced(why) = lifecycle::judge_change(&new, &other, OffsetDateTime::now_utc())
    else {
        panic!("a reinstall is not the reserve swap");
    };
    assert!(
        why.iter()
            .any(|w| matches!(w, lifecycle::NotASwap::OtherNames { .. })),
        "{why:?}"
    );
    // The Open API presents another certificate on demand, then the current one again.
    let (shown, stranger, _) =
        ksc_link::cert::generate_server_identity(&["proxy.example".to_string()], 30).unwrap();
    sim.sim().present_certificate(Some(stranger)).unwrap();
    let api = fetch_presented_certificate("127.0.0.1", sim.sim().api_port(), None, DEADLINE)
        .await
        .unwrap();
    assert_eq!(api.pin(), shown.pin());
    sim.sim().present_certificate(None).unwrap();
    assert_eq!(presented(&sim).await, (other.pin(), other.pin()));
    sim.shutdown().await;
}
