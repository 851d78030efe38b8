//! What the benches share: signing in to a simulator, the add-secondary plan on the simulated
//! pair, and undoing it between runs.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use ksc_link::cert::parse_certificate;
use ksc_link::hierarchy::{AddSecondaryPlan, Partial, SecondarySettings, roll_back};
use ksc_link::kloapi::{KscClient, LoginOutcome};
use ksc_link::sim::pair::ServerCard;

/// A client signed in to the server of `card` as its administrator.
pub async fn login(card: &ServerCard) -> KscClient {
    let c = KscClient::new(card.connect_options().unwrap()).unwrap();
    assert_eq!(
        c.login(&card.credentials()).await.unwrap(),
        LoginOutcome::LoggedIn
    );
    c
}

/// The plan that adds the simulated secondary `sc` to the group "Servers" of the primary `pc`.
pub async fn plan(primary: &KscClient, pc: &ServerCard, sc: &ServerCard) -> AddSecondaryPlan {
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
        secondary_certificate: parse_certificate(&std::fs::read(&sc.cert_path).unwrap()).unwrap(),
        secondary_credentials: sc.credentials(),
        secondary_settings: SecondarySettings {
            primary_address: "127.0.0.1".into(),
            primary_ssl_port: pc.ssl_port,
            primary_certificate: hg.server_certificate().await.unwrap(),
            dmz: false,
            proxy: None,
        },
    }
}

/// Undoes an add (outside the measured time, so that every run starts alike): the
/// secondary's section back to empty and its registration `id` deleted.
pub async fn undo(primary: &KscClient, secondary: &KscClient, id: i32) {
    let mut partial = Partial {
        secondary_host: Some(secondary.host_group().server_hostname().await.unwrap()),
        previous_section: Some(Default::default()),
        registered_id: Some(id),
        section_write_attempted: true,
        section_written: true,
        unconfirmed_registration: None,
        replaced: None,
    };
    roll_back(primary, secondary, &mut partial).await.unwrap();
}
