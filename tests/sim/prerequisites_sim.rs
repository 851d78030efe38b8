//! The Autotask integration prerequisites checked against the simulators: the simulated primary
//! Administration Server (three virtual servers) and the simulated Autotask tenant with its
//! dedicated API user, a restricted API user, an ordinary (non-API) user and no such user.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use ksc_link::autotask::{ClientOptions, Credentials, Trust};
use ksc_link::fl;
use ksc_link::integration::prerequisites::{CheckId, CheckResults, CheckState, run_checks};
use ksc_link::kloapi::{KscClient, LoginOutcome};
use ksc_link::secrets::Secret;
use ksc_link::sim::autotask::seed::SeedCompany;
use ksc_link::sim::autotask::{AutotaskSim, AutotaskSimConfig, start};
use ksc_link::sim::ksc::link::LinkConfig;
use ksc_link::sim::pair::start_pair;
use ksc_link::tls::Pin;

/// Runs the checks with `creds(sim)` after `prepare(sim)`.
async fn check(
    prepare: impl FnOnce(&AutotaskSim),
    creds: impl FnOnce(&AutotaskSim) -> Credentials,
) -> CheckResults {
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
    let at = start(AutotaskSimConfig::new(dir.path().join("autotask")))
        .await
        .unwrap();
    prepare(&at);
    let opts = ClientOptions::new(&at.base_url(), Trust::Pinned(Pin::of_der(at.cert_der())));
    let results = run_checks(&ksc, opts, creds(&at)).await;
    at.shutdown().await;
    pair.shutdown().await;
    results
}

fn good(at: &AutotaskSim) -> Credentials {
    Credentials {
        user_name: at.user().to_string(),
        secret: at.secret().clone(),
        integration_code: at.integration_code().clone(),
    }
}

fn user(name: &str, secret: &str) -> impl FnOnce(&AutotaskSim) -> Credentials {
    let (name, secret) = (name.to_string(), secret.to_string());
    move |at| Credentials {
        user_name: name,
        secret: Secret::new(secret),
        integration_code: at.integration_code().clone(),
    }
}

fn problem(r: &CheckResults, id: CheckId) -> (String, String) {
    match r.state(id) {
        CheckState::Problem { what, what_to_do } => (what.clone(), what_to_do.clone()),
        other => panic!("{id:?} should be a problem, is {other:?}"),
    }
}

#[tokio::test]
async fn all_checks_pass_with_the_demo_tenant() {
    let r = check(|_| {}, good).await;
    for id in CheckId::ALL {
        if id.is_manual() {
            assert_eq!(r.state(id), &CheckState::NotChecked);
        } else {
            assert!(r.state(id).is_ok(), "{id:?}: {:?}", r.state(id));
        }
    }
    let counts = r.counts.unwrap();
    assert_eq!(counts.vservers, 3);
    assert!(counts.active_customer_accounts >= 3, "{counts:?}");
}

#[tokio::test]
async fn wrong_secret_is_an_authentication_problem() {
    let r = check(
        |_| {},
        |at| Credentials {
            secret: Secret::new("not-the-secret".to_string()),
            ..good(at)
        },
    )
    .await;
    assert!(r.state(CheckId::AutotaskZone).is_ok());
    let (what, to_do) = problem(&r, CheckId::ApiUser);
    assert!(what.contains("refused"), "{what}");
    assert_eq!(to_do, fl!("autotask-todo-authentication"));
    assert_eq!(r.state(CheckId::CompaniesQuery), &CheckState::NotChecked);
    assert_eq!(
        r.state(CheckId::AccountsPerVServer),
        &CheckState::NotChecked
    );
    assert!(r.state(CheckId::VirtualServers).is_ok());
}

#[tokio::test]
async fn a_user_who_is_not_an_api_user_is_refused() {
    let r = check(
        |_| {},
        user("jane.tech@northwind-msp.example", "Sim-Jane-2024!"),
    )
    .await;
    assert!(r.state(CheckId::AutotaskZone).is_ok());
    let (_, to_do) = problem(&r, CheckId::ApiUser);
    assert!(to_do.contains("API User"), "{to_do}");
    assert_eq!(to_do, fl!("autotask-todo-authentication"));
}

#[tokio::test]
async fn an_api_user_without_companies_access() {
    let r = check(
        |_| {},
        user(
            "restricted-api@northwind-msp.example",
            "Sim-Restricted-2024!",
        ),
    )
    .await;
    assert!(
        r.state(CheckId::ApiUser).is_ok(),
        "{:?}",
        r.state(CheckId::ApiUser)
    );
    let (_, to_do) = problem(&r, CheckId::CompaniesQuery);
    assert!(to_do.contains("Companies"), "{to_do}");
    assert_eq!(to_do, fl!("autotask-todo-permission", entity = "Companies"));
    assert_eq!(
        r.state(CheckId::AccountsPerVServer),
        &CheckState::NotChecked
    );
}

#[tokio::test]
async fn an_unknown_user_has_no_zone() {
    let r = check(|_| {}, user("nobody@northwind-msp.example", "x")).await;
    let (_, to_do) = problem(&r, CheckId::AutotaskZone);
    assert_eq!(to_do, fl!("autotask-todo-unknown-user"));
    assert_eq!(r.state(CheckId::ApiUser), &CheckState::NotChecked);
}

#[tokio::test]
async fn more_virtual_servers_than_active_customer_accounts() {
    let r = check(
        |at| {
            at.state().replace_companies(&[SeedCompany {
                id: 1,
                name: "Customer A".to_string(),
                company_type: 1,
                active: true,
                city: None,
            }])
        },
        good,
    )
    .await;
    assert!(r.state(CheckId::CompaniesQuery).is_ok());
    let (what, to_do) = problem(&r, CheckId::AccountsPerVServer);
    assert_eq!(
        what,
        fl!(
            "mapping-problem-too-few-accounts",
            vservers = 3,
            accounts = 1
        )
    );
    assert_eq!(to_do, fl!("prereq-accounts-todo"));
}
