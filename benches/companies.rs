//! Benchmarks of a large Autotask tenant: loading 20,000 companies from the simulator over
//! loopback TLS through the real client (pages of 500, following `nextPageUrl`), indexing them
//! for the mapping screen, a keystroke in the account picker, and suggestions for 300 virtual
//! servers.
//!
//! Run with `cargo bench --bench companies`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use ksc_link::autotask::{AutotaskClient, ClientOptions, Credentials, Query, Trust};
use ksc_link::integration::matcher::CUSTOMER_TYPE;
use ksc_link::integration::{Account, CompanyIndex, MatchOptions, Target};
use ksc_link::sim::autotask::{AutotaskSimConfig, start};
use ksc_link::tls::Pin;

const COMPANIES: usize = 20_000;
const VSERVERS: usize = 300;

/// The demo tenant, grown to 20,000 companies, with a budget the repeated loads cannot exhaust.
fn seed() -> String {
    let demo = include_str!("../assets/sim/autotask.toml");
    let grown = demo
        .replace("count = 320", &format!("count = {COMPANIES}"))
        .replace("request_limit = 10000", "request_limit = 10000000");
    assert_ne!(grown, demo, "the demo seed changed: update this benchmark");
    grown
}

/// The legal forms the simulator's generated names end with (src/sim/autotask/seed.rs), longest
/// first so "Pty Ltd" is not taken for "Ltd".
const LEGAL_FORMS: &[&str] = &[
    " pty ltd", " limited", " ltd", " llc", " inc.", " gmbh", " s.a.", " b.v.", " plc", " ag",
    " & co.",
];

/// A name without its legal form, lower-cased: two accounts with the same base are namesakes.
/// Judged here without the matcher's own normalisation, so a matcher change cannot grade itself.
fn base(name: &str) -> String {
    let lower = name.to_lowercase();
    LEGAL_FORMS
        .iter()
        .find_map(|f| lower.strip_suffix(f))
        .unwrap_or(&lower)
        .to_string()
}

/// Virtual server names as an MSP types them: every n-th active customer, upper-cased and
/// without its legal form, plus names that match nothing. Where the tenant holds namesakes that
/// differ only in legal form ("X Pty Ltd", "X S.A."), either is a fair suggestion, so the count of
/// suggestions "to the account the name was taken from" is a lower bound of the hit rate.
/// Each target comes with the id of the account its name was taken from.
fn vservers(accounts: &[Account]) -> Vec<(Target, Option<i64>)> {
    let customers: Vec<&Account> = accounts
        .iter()
        .filter(|a| a.is_active_customer(CUSTOMER_TYPE))
        .collect();
    let step = (customers.len() / VSERVERS).max(1);
    let mut out: Vec<(Target, Option<i64>)> = customers
        .iter()
        .step_by(step)
        .take(VSERVERS - VSERVERS / 10)
        .enumerate()
        .map(|(i, a)| {
            let name = a
                .name
                .trim_end_matches(" Ltd")
                .trim_end_matches(" LLC")
                .trim_end_matches(" GmbH")
                .to_uppercase();
            (Target::new(format!("uid-{i}"), name), Some(a.id))
        })
        .collect();
    let n = out.len();
    out.extend((n..VSERVERS).map(|i| {
        (
            Target::new(format!("uid-{i}"), format!("Lab {i} Test")),
            None,
        )
    }));
    out
}

fn benches(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = AutotaskSimConfig::new(dir.path());
    cfg.seed_text = Some(seed());
    let sim = rt.block_on(start(cfg)).unwrap();
    let client = AutotaskClient::new(
        ClientOptions::new(&sim.base_url(), Trust::Pinned(Pin::of_der(sim.cert_der()))),
        Credentials {
            user_name: sim.user().to_string(),
            secret: sim.secret().clone(),
            integration_code: sim.integration_code().clone(),
        },
    )
    .unwrap();
    // As the mapping screen asks: every company, pages of 500, only the fields it shows.
    let query = Query::all().max_records(500).include_fields([
        "id",
        "companyName",
        "companyType",
        "isActive",
    ]);
    let companies = rt.block_on(client.query_companies(&query)).unwrap();
    assert!(companies.len() > COMPANIES, "{}", companies.len());
    let accounts: Vec<Account> = companies.iter().map(Account::from).collect();

    let mut g = c.benchmark_group("companies");
    g.sample_size(10);
    g.bench_function("load 20,000 companies (pages of 500, TLS)", |b| {
        b.to_async(&rt)
            .iter(|| async { client.query_companies(&query).await.unwrap() })
    });
    g.bench_function("index 20,000 companies", |b| {
        b.iter(|| CompanyIndex::new(&accounts))
    });
    g.finish();

    let index = CompanyIndex::new(&accounts);
    let first = accounts
        .iter()
        .find(|a| a.is_active_customer(CUSTOMER_TYPE) && a.id > 100)
        .unwrap();
    let word: String = first.name.chars().take(5).collect();
    c.bench_function("picker keystroke: one letter, active customers", |b| {
        b.iter(|| index.search("a", Some(CUSTOMER_TYPE), 50))
    });
    c.bench_function("picker keystroke: five letters, all companies", |b| {
        b.iter(|| index.search(&word, None, 50))
    });

    let sources = vservers(&accounts);
    let targets: Vec<Target> = sources.iter().map(|(t, _)| t.clone()).collect();
    let suggestions = index.suggest(&targets, &MatchOptions::default());
    let name_of = |id: i64| accounts.iter().find(|a| a.id == id).unwrap().name.as_str();
    // Graded against the account each name was taken from: that very account, a namesake that
    // differs only in legal form (as fair a suggestion), another account (wrong), or any
    // suggestion at all for a name taken from no account (false).
    let (mut exact, mut namesakes, mut wrong, mut false_matches) = (0, 0, 0, 0);
    for s in &suggestions {
        let (_, source) = sources.iter().find(|(t, _)| t.key == s.vserver).unwrap();
        match source {
            None => false_matches += 1,
            Some(id) if *id == s.company_id => exact += 1,
            Some(id) if base(name_of(*id)) == base(name_of(s.company_id)) => namesakes += 1,
            Some(_) => wrong += 1,
        }
    }
    let named = sources.iter().filter(|(_, s)| s.is_some()).count();
    // The first figure this benchmark printed, kept comparable: the suggested account's name
    // starts with the virtual server's.
    let right = suggestions
        .iter()
        .filter(|s| {
            let t = targets.iter().find(|t| t.key == s.vserver).unwrap();
            name_of(s.company_id).to_uppercase().starts_with(&t.name)
        })
        .count();
    println!("{right} suggestions to an account whose name starts with the virtual server's");
    println!(
        "suggestions for {} virtual servers: {} made; of {named} names taken from an account, \
         {exact} exact, {namesakes} to a namesake differing only in legal form, {wrong} wrong, \
         {} without a suggestion; {false_matches} false for {} names matching nothing",
        targets.len(),
        suggestions.len(),
        named - exact - namesakes - wrong,
        targets.len() - named,
    );
    let mut g = c.benchmark_group("suggest");
    g.sample_size(10);
    g.bench_function("suggestions for 300 virtual servers among 20,000", |b| {
        b.iter(|| index.suggest(&targets, &MatchOptions::default()))
    });
    g.finish();

    rt.block_on(sim.shutdown());
}

criterion_group!(companies, benches);
criterion_main!(companies);
