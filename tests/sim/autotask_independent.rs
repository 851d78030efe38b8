//! Independent Autotask clients that nobody here wrote, run unmodified against the simulated
//! tenant: `@apigrate/autotask-restapi` (npm) and `py-autotask` (PyPI). They trust the
//! simulator's certificate through their platforms' usual variables (`NODE_EXTRA_CA_CERTS`,
//! `REQUESTS_CA_BUNDLE`), never by switching verification off.
//!
//! The packages come from the registries, installed by `packaging/independent-clients.sh`
//! (which `packaging/test.sh` runs) into `target/independent-clients` or
//! `$KSC_LINK_INDEPENDENT_CLIENTS`. Without them these tests fail and say how to install them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use ksc_link::sim::autotask::state::LoggedRequest;
use ksc_link::sim::autotask::{AutotaskSim, AutotaskSimConfig, start};
use serde_json::Value;

/// The user whose security level may not query companies (assets/sim/autotask.toml).
const RESTRICTED_USER: &str = "restricted-api@northwind-msp.example";
const RESTRICTED_SECRET: &str = "Sim-Restricted-2024!";

fn clients_dir() -> PathBuf {
    std::env::var_os("KSC_LINK_INDEPENDENT_CLIENTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/independent-clients"))
}

fn require(path: &Path, what: &str) {
    assert!(
        path.exists(),
        "{what} is not installed at {}: run packaging/independent-clients.sh (it installs the \
         independent clients from npm and PyPI; set KSC_LINK_INDEPENDENT_CLIENTS to use another folder)",
        path.display()
    );
}

fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/independent")
        .join(name)
}

/// Runs a driver with the tenant's coordinates and returns the JSON it printed.
async fn drive(mut cmd: tokio::process::Command, sim: &AutotaskSim) -> Value {
    cmd.env("AT_BASE_URL", sim.base_url())
        .env("AT_USER", sim.user())
        .env("AT_SECRET", sim.secret().expose())
        .env("AT_CODE", sim.integration_code().expose())
        .env("AT_RESTRICTED_USER", RESTRICTED_USER)
        .env("AT_RESTRICTED_SECRET", RESTRICTED_SECRET)
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env("no_proxy", "127.0.0.1,localhost")
        .env_remove("HTTPS_PROXY")
        .env_remove("https_proxy")
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .env_remove("ALL_PROXY")
        .kill_on_drop(true);
    let out = tokio::time::timeout(Duration::from_secs(180), cmd.output())
        .await
        .expect("the independent client did not finish within 3 minutes")
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "the independent client failed:\n{stderr}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout.lines().last().unwrap_or("");
    serde_json::from_str(line)
        .unwrap_or_else(|e| panic!("no JSON result ({e}):\n{stdout}\n{stderr}"))
}

/// Ids of every company, and of the active customers, as the tenant holds them.
fn tenant_ids(sim: &AutotaskSim) -> (Vec<i64>, u64) {
    let state = sim.state();
    let d = state.lock();
    let ids = d
        .companies
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    let active_customers = d
        .companies
        .iter()
        .filter(|c| c["isActive"] == Value::Bool(true) && c["companyType"] == 1)
        .count() as u64;
    (ids, active_customers)
}

fn count(log: &[LoggedRequest], f: impl Fn(&LoggedRequest) -> bool) -> usize {
    log.iter().filter(|r| f(r)).count()
}

fn ids_of(v: &Value) -> Vec<i64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|i| i.as_i64().unwrap())
        .collect()
}

fn company_type_labels(fields: &Value) -> Vec<String> {
    fields["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "companyType")
        .unwrap()["picklistValues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["label"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn apigrate_autotask_restapi_discovers_the_zone_reads_and_pages() {
    let node_modules = clients_dir().join("node/node_modules");
    require(
        &node_modules.join("@apigrate/autotask-restapi"),
        "@apigrate/autotask-restapi",
    );
    let dir = tempfile::tempdir().unwrap();
    let sim = start(AutotaskSimConfig::new(dir.path())).await.unwrap();
    let mut cmd = tokio::process::Command::new("node");
    cmd.arg(script("apigrate.js"))
        .env("NODE_PATH", &node_modules)
        .env("NODE_EXTRA_CA_CERTS", sim.cert_path());
    let out = drive(cmd, &sim).await;
    let (ids, active_customers) = tenant_ids(&sim);

    assert_eq!(out["zone"]["url"], sim.zone_url(), "{}", out["zone"]);
    assert_eq!(out["zone"]["ci"], 31337);
    assert!(
        out["version"]["majorVersion"].is_string(),
        "{}",
        out["version"]
    );
    assert_eq!(out["threshold"]["externalRequestThreshold"], 10_000);
    assert!(
        out["threshold"]["currentTimeframeRequestCount"]
            .as_u64()
            .unwrap()
            >= 2
    );
    assert_eq!(out["info"]["info"]["canQuery"], true);
    let labels = company_type_labels(&out["fields"]);
    assert!(labels.contains(&"Customer".to_string()), "{labels:?}");
    assert_eq!(out["company1"]["item"]["companyName"], "Customer A Ltd");
    assert_eq!(out["missing"], Value::Null, "404 is null for this library");

    // Every company, across pages of 100, in order and without repeats.
    assert_eq!(ids_of(&out["ids"]), ids);
    let pages = out["pageCounts"].as_array().unwrap().len();
    assert_eq!(pages, ids.len().div_ceil(100));
    assert!(pages >= 4);
    assert_eq!(out["count"]["queryCount"], active_customers);
    assert_eq!(out["activeCustomers"]["count"], active_customers.min(500));

    assert_eq!(out["wrongSecret"]["ok"], false);
    assert_eq!(out["wrongSecret"]["status"], 401);
    assert_eq!(out["wrongCode"]["status"], 500);
    assert_eq!(
        out["wrongCode"]["details"]["errors"][0],
        "IntegrationCode is invalid."
    );
    assert_eq!(out["restricted"]["status"], 500);
    assert!(
        out["restricted"]["details"]["errors"][0]
            .as_str()
            .unwrap()
            .contains("adequate permissions")
    );

    let log = sim.state().log();
    assert!(
        log.iter()
            .filter(|r| r.discovery)
            .all(|r| !r.sent_credentials)
    );
    assert_eq!(
        count(&log, |r| r.method == "POST"
            && r.path.ends_with("/query/next")
            && r.status == 200),
        pages - 1
    );
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn py_autotask_discovers_the_zone_and_queries() {
    let python = clients_dir().join("venv/bin/python");
    require(&python, "py-autotask (its virtual environment)");
    let dir = tempfile::tempdir().unwrap();
    let sim = start(AutotaskSimConfig::new(dir.path())).await.unwrap();
    let mut cmd = tokio::process::Command::new(&python);
    cmd.arg(script("py_autotask_driver.py"))
        .env("REQUESTS_CA_BUNDLE", sim.cert_path());
    let out = drive(cmd, &sim).await;
    let (ids, _) = tenant_ids(&sim);
    let active = {
        let state = sim.state();
        let d = state.lock();
        d.companies.iter().filter(|c| c["isActive"] == true).count() as u64
    };

    // Zone lookup (with the discovery host configured), connection test, reads, one query.
    assert_eq!(out["zone_url"], sim.zone_url());
    assert_eq!(out["test_connection"], true);
    assert_eq!(out["info"]["info"]["canQuery"], true);
    assert!(company_type_labels(&out["fields"]).contains(&"Prospect".to_string()));
    assert_eq!(out["company1"]["companyName"], "Customer A Ltd");
    assert_eq!(out["missing"], Value::Null);
    assert_eq!(out["first_page"]["count"], 100);
    let next = out["first_page"]["next"].as_str().unwrap();
    assert!(next.starts_with(&format!(
        "{}V1.0/Companies/query/next?paging=",
        sim.zone_url()
    )));
    assert_eq!(out["count"], active);

    // py-autotask 2.3.0's own `query_all` does not follow nextPageUrl: it sets an `offset` its
    // QueryRequest model does not have, logs a warning and returns the first page. The tenant
    // is not at fault: it was never asked for a second page by that helper.
    assert_eq!(out["query_all"]["ok"], true, "{}", out["query_all"]);
    assert_eq!(ids_of(&out["query_all"]["ids"]), ids[..100].to_vec());
    let warnings = out["warnings"].to_string();
    assert!(
        warnings.contains("Pagination stopped due to error on page 2"),
        "{warnings}"
    );
    assert!(
        warnings.contains(r#"\"QueryRequest\" object has no field \"offset\""#),
        "{warnings}"
    );

    // The library's authenticated session does follow nextPageUrl (POST, same body).
    assert_eq!(ids_of(&out["session_paging"]["ids"]), ids);
    assert_eq!(out["session_paging"]["pages"], ids.len().div_ceil(100));
    let log = sim.state().log();
    assert_eq!(
        count(&log, |r| r.method == "POST"
            && r.path.ends_with("/query/next")
            && r.status == 200),
        ids.len().div_ceil(100) - 1
    );
    sim.shutdown().await;
}
