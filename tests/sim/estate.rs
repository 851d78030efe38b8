//! The large estate (`[estate]` of a seed, `SharedState::register_estate`): the counts it
//! promises, and the app's own loaders reading all of it over the Open API and Autotask's REST
//! API — the group tree in one `HostGroup.GetSubgroups`, every virtual server, and 20,000
//! companies page after page.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;

use ksc_link::autotask::{ClientOptions, Credentials, Trust};
use ksc_link::hierarchy::wizard::PrimaryContext;
use ksc_link::integration::mapping_data::{CredentialSource, Source, load};
use ksc_link::kloapi::{GroupNode, KscClient, LoginOutcome};
use ksc_link::sim::autotask::{AutotaskSimConfig, start};
use ksc_link::sim::ksc::estate::{EstateSpec, MAX_DEPTH};
use ksc_link::sim::ksc::seed;
use ksc_link::tls::Pin;

use crate::sim_support::{self, ADMIN_PASSWORD};

async fn login(sim: &ksc_link::sim::ksc::KscSim) -> KscClient {
    let mut opts = ksc_link::kloapi::ConnectOptions::new("127.0.0.1", Pin::of_der(sim.cert_der()));
    opts.port = sim.api_port();
    let client = KscClient::new(opts).unwrap();
    let creds = ksc_link::wire::auth::BasicCredentials {
        user: "admin".into(),
        password: ADMIN_PASSWORD.into(),
        domain: String::new(),
        internal: true,
    };
    assert_eq!(client.login(&creds).await.unwrap(), LoginOutcome::LoggedIn);
    client
}

/// Every group below `node` with its depth below it.
fn depths(node: &GroupNode, depth: usize, out: &mut Vec<(usize, String)>) {
    for c in &node.children {
        out.push((depth + 1, c.name.clone()));
        depths(c, depth + 1, out);
    }
}

#[tokio::test]
async fn the_large_estate_seeds_its_counts_and_the_loaders_read_all_of_it() {
    let seed_text = format!("{}\n[estate]\n", seed::PRIMARY);
    let demo = sim_support::primary().await;
    let large = sim_support::start_with(&seed_text).await;
    let (demo_client, client) = (login(&demo.sim).await, login(&large.sim).await);

    let before = PrimaryContext::load(&demo_client, "127.0.0.1")
        .await
        .unwrap();
    let after = PrimaryContext::load(&client, "127.0.0.1").await.unwrap();
    let (mut b, mut a) = (Vec::new(), Vec::new());
    depths(&before.groups[0], 0, &mut b);
    depths(&after.groups[0], 0, &mut a);
    assert_eq!(a.len() - b.len(), EstateSpec::large().groups);
    assert_eq!(a.iter().map(|(d, _)| *d).max(), Some(MAX_DEPTH));
    // The deepest groups carry a number unique in the estate, so a search finds one of them.
    let deep: Vec<&String> = a
        .iter()
        .filter(|(d, _)| *d == MAX_DEPTH)
        .map(|(_, n)| n)
        .collect();
    let unique: HashSet<&&String> = deep.iter().collect();
    assert_eq!(unique.len(), deep.len());
    assert!(a.iter().any(|(d, n)| *d == 3 && n == "Helsinki"));

    let demo_vservers = demo_client.vservers().get_vservers(-1).await.unwrap().len();

    // The mapping page's loader: every virtual server, and every company of a tenant of 20,000
    // in pages.
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = AutotaskSimConfig::new(dir.path());
    let tenant =
        include_str!("../../assets/sim/autotask.toml").replace("count = 320", "count = 20000");
    cfg.seed_text = Some(tenant);
    let at = start(cfg).await.unwrap();
    let loaded = load(
        Source::Ksc(client.clone()),
        ClientOptions::new(&at.base_url(), Trust::Pinned(Pin::of_der(at.cert_der()))),
        CredentialSource::Given(Credentials {
            user_name: at.user().to_string(),
            secret: at.secret().clone(),
            integration_code: at.integration_code().clone(),
        }),
    )
    .await
    .unwrap();
    assert_eq!(
        loaded.targets.len() - demo_vservers,
        EstateSpec::large().vservers
    );
    assert!(loaded.accounts.len() >= 20_000, "{}", loaded.accounts.len());
    let ids: HashSet<i64> = loaded.accounts.iter().map(|a| a.id).collect();
    assert_eq!(ids.len(), loaded.accounts.len(), "no company read twice");

    at.shutdown().await;
    large.sim.shutdown().await;
    demo.sim.shutdown().await;
}
