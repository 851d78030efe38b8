//! The matcher and the mapping against the simulators' seeded data: the virtual servers of the
//! simulated primary Administration Server (`VServers.GetVServers(-1)` over the Open API) and
//! the companies of the simulated Autotask tenant (`Companies/query`, all pages). The expected
//! pairs are the accounts the tenant seed spells for "Customer A", "Customer B" and "Lab"
//! among retired duplicates, prospects and near misses.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use ksc_link::autotask::{AutotaskClient, ClientOptions, Credentials, Query, Trust};
use ksc_link::integration::kes_cloud;
use ksc_link::integration::matcher::CUSTOMER_TYPE;
use ksc_link::integration::{Account, Mapping, MatchOptions, RowFilter, Target, suggest};
use ksc_link::kloapi::{KscClient, LoginOutcome};
use ksc_link::sim::autotask::{AutotaskSimConfig, start};
use ksc_link::sim::ksc::link::LinkConfig;
use ksc_link::sim::pair::start_pair;
use ksc_link::tls::Pin;

/// Virtual server name → the Autotask company id a person would pick in the demo tenant.
const EXPECTED: &[(&str, i64)] = &[("Customer A", 1), ("Customer B", 3), ("Lab", 5)];

struct Data {
    targets: Vec<Target>,
    accounts: Vec<Account>,
}

async fn load() -> Data {
    let dir = tempfile::tempdir().unwrap();
    let pair = start_pair(&dir.path().join("ksc"), LinkConfig::fast())
        .await
        .unwrap();
    let [primary, _] = pair.cards();
    let ksc = KscClient::new(primary.connect_options().unwrap()).unwrap();
    assert_eq!(
        ksc.login(&primary.credentials()).await.unwrap(),
        LoginOutcome::LoggedIn
    );
    let vservers = ksc.vservers().get_vservers(-1).await.unwrap();
    let targets: Vec<Target> = vservers.iter().map(Target::from).collect();

    let at = start(AutotaskSimConfig::new(dir.path().join("autotask")))
        .await
        .unwrap();
    let client = AutotaskClient::new(
        ClientOptions::new(&at.base_url(), Trust::Pinned(Pin::of_der(at.cert_der()))),
        Credentials {
            user_name: at.user().to_string(),
            secret: at.secret().clone(),
            integration_code: at.integration_code().clone(),
        },
    )
    .unwrap();
    let companies = client.query_companies(&Query::all()).await.unwrap();
    let accounts: Vec<Account> = companies.iter().map(Account::from).collect();

    at.shutdown().await;
    pair.shutdown().await;
    drop(dir);
    Data { targets, accounts }
}

fn key_of<'a>(d: &'a Data, name: &str) -> &'a str {
    &d.targets
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no virtual server {name:?} in {:?}", d.targets))
        .key
}

#[tokio::test]
async fn matcher_finds_the_seeded_pairs() {
    let d = load().await;
    assert!(d.accounts.len() > 300, "{}", d.accounts.len());
    assert_eq!(d.targets.len(), EXPECTED.len(), "{:?}", d.targets);
    // Virtual servers are keyed by their UID, as the settings store them.
    assert!(d.targets.iter().all(|t| !t.key.starts_with("id:")));

    let suggestions = suggest(&d.targets, &d.accounts);
    let name_of = |id: i64| {
        d.accounts
            .iter()
            .find(|a| a.id == id)
            .map_or("?", |a| a.name.as_str())
    };
    let mut hits = 0;
    for (vs, want) in EXPECTED {
        let key = key_of(&d, vs);
        let got = suggestions.iter().find(|s| s.vserver == key);
        match got {
            Some(s) if s.company_id == *want => hits += 1,
            _ => {}
        }
        println!(
            "{vs:>12} -> {}",
            got.map_or("(no suggestion)".to_string(), |s| format!(
                "{} {:?} (score {:.2}, {})",
                s.company_id,
                name_of(s.company_id),
                s.score,
                s.reason
            ))
        );
    }
    println!(
        "matcher hit rate on the seeded data: {hits}/{} ({:.0}%), {} companies",
        EXPECTED.len(),
        100.0 * hits as f64 / EXPECTED.len() as f64,
        d.accounts.len()
    );
    let got: BTreeMap<&str, i64> = suggestions
        .iter()
        .map(|s| (s.vserver.as_str(), s.company_id))
        .collect();
    let want: BTreeMap<&str, i64> = EXPECTED
        .iter()
        .map(|(n, id)| (key_of(&d, n), *id))
        .collect();
    assert_eq!(got, want);
}

#[tokio::test]
async fn seeded_mapping_end_to_end() {
    let d = load().await;
    let counts = Mapping::new().counts(&d.targets, &d.accounts, CUSTOMER_TYPE);
    assert_eq!((counts.vservers, counts.mapped, counts.unmapped), (3, 0, 3));
    assert!(counts.active_customer_accounts >= 3);
    assert_eq!(counts.capacity_problem(), None);

    // The admin first maps "Lab" by hand to the near miss, then takes the other suggestions.
    let mut m = Mapping::new();
    m.map(key_of(&d, "Lab"), 7).unwrap();
    let s = m.suggest(&d.targets, &d.accounts, &MatchOptions::default());
    assert_eq!(m.rows(&d.targets, &s, RowFilter::Suggested).len(), 2);
    assert!(m.accept(&s).is_empty());
    assert_eq!(m.rows(&d.targets, &s, RowFilter::Unmapped).len(), 0);
    assert_eq!(m.company_of(key_of(&d, "Customer A")), Some(1));
    // The one-to-one rule holds against a taken account.
    assert!(m.map(key_of(&d, "Customer B"), 1).is_err());
    assert!(m.validate(&d.targets, &d.accounts).is_empty());

    // Through the settings and a CSV file and back.
    let saved = m.to_settings();
    let csv = Mapping::from_settings(&saved).to_csv(&d.targets, &d.accounts);
    let back = Mapping::from_csv(&csv, &d.targets, &d.accounts).unwrap();
    assert_eq!(back, m);

    // A virtual server removed from the server shows up as a problem.
    let fewer: Vec<Target> = d
        .targets
        .iter()
        .filter(|t| t.name != "Lab")
        .cloned()
        .collect();
    assert_eq!(m.validate(&fewer, &d.accounts).len(), 1);
}

#[tokio::test]
async fn kes_cloud_workspaces_match_the_same_accounts() {
    let d = load().await;
    let ws = kes_cloud::import_csv(
        "\u{feff}Name;Devices\r\n\"customer a\";4\r\nCUSTOMER-B;2\r\n\"LAB\";1\r\n",
    )
    .unwrap();
    let targets: Vec<Target> = ws.iter().map(kes_cloud::Workspace::target).collect();
    let s = suggest(&targets, &d.accounts);
    let got: Vec<(&str, i64)> = s
        .iter()
        .map(|s| (s.vserver.as_str(), s.company_id))
        .collect();
    assert_eq!(got, [("customer a", 1), ("CUSTOMER-B", 3), ("LAB", 5)]);
}
