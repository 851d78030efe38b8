//! No secret in any log line: a full run with `--verbose` logging (the most detailed the product
//! writes), then every line of every log file is searched for every credential the run used.
//!
//! The servers are the real `ksc-link` binary (`sim --pair`, `sim --autotask`, each logging to its
//! own folder through `KSC_LINK_LOG_DIR`); the client side runs in this process with the
//! product's own log set-up (`logging::init_in`, debug level): logins (right, wrong, two-step),
//! "add secondary" through an authenticating tinyproxy (so the proxy password travels to the
//! secondary and its link dials with it), the keyring (when a Secret Service is there) and the
//! Autotask client. The logs must also show that these things happened, so the test cannot pass
//! on an empty or unrelated log.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use base64::Engine as _;
use ksc_link::cert::{load_certificate_file, parse_certificate};
use ksc_link::hierarchy::{
    AddOptions, AddSecondaryPlan, OnFailure, ProxyPlan, SecondarySettings, add_secondary,
};
use ksc_link::kloapi::{ConnectOptions, KscClient, LoginOutcome};
use ksc_link::tls::Pin;
use ksc_link::wire::auth::BasicCredentials;
use serde_json::Value;

use crate::common;
use common::{DEADLINE, Tinyproxy};

const PROXY_USER: &str = "branch-proxy";
const PROXY_PASSWORD: &str = "Proxy-Log-Secret-77";
const WRONG_PASSWORD: &str = "Not-The-Password-99";
/// The two-step verification secret of `twofa` on the simulated primary (assets/sim/primary.toml).
const TWOFA_TOTP_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/// A child process stopped with SIGTERM (as a person's Ctrl+C would) and waited for.
struct Running(Option<Child>);

impl Running {
    fn stop(&mut self) {
        if let Some(mut child) = self.0.take() {
            let _ = Command::new("kill")
                .args(["-TERM", &child.id().to_string()])
                .status();
            let status = child.wait().unwrap();
            assert!(status.success(), "ksc-link exited with {status}");
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Starts `ksc-link --verbose <args>` logging to `log_dir`; returns it and its first `lines`
/// JSON lines.
fn spawn_json(args: &[&str], state: &Path, log_dir: &Path, lines: usize) -> (Running, Vec<Value>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ksc-link"))
        .arg("--verbose")
        .args(args)
        .arg("--state")
        .arg(state)
        .env("KSC_LINK_LOG_DIR", log_dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap()).lines();
    let values = (0..lines)
        .map(|_| {
            let line = out
                .next()
                .expect("ksc-link ended before describing its servers (its stderr is above)")
                .unwrap();
            serde_json::from_str(&line).unwrap()
        })
        .collect();
    (Running(Some(child)), values)
}

/// Connection options for a server described by `sim --pair --json`.
fn connect_options(j: &Value) -> ConnectOptions {
    let url = url::Url::parse(j["api_url"].as_str().unwrap()).unwrap();
    let mut o = ConnectOptions::new(
        url.host_str().unwrap(),
        Pin::from_hex(j["sha256"].as_str().unwrap()).unwrap(),
    );
    o.port = url.port().unwrap();
    o
}

fn credentials(user: &str, password: &str) -> BasicCredentials {
    BasicCredentials {
        user: user.into(),
        password: password.into(),
        domain: String::new(),
        internal: true,
    }
}

/// Every line of every file below `dir`, with the file's name.
fn log_lines(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut lines = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        lines.extend(text.lines().map(|l| (path.clone(), l.to_string())));
    }
    lines
}

/// The secret and the forms a header or an encoder would give it.
fn forms(secret: &str) -> Vec<String> {
    let b64 = base64::engine::general_purpose::STANDARD;
    vec![
        secret.to_string(),
        b64.encode(secret),
        b64.encode(secret).trim_end_matches('=').to_string(),
    ]
}

/// Fails on any line of `lines` that holds a form of any of `secrets`.
fn assert_no_secret(lines: &[(PathBuf, String)], secrets: &[String]) {
    for (file, line) in lines {
        for secret in secrets {
            for form in forms(secret) {
                assert!(
                    !line.contains(&form),
                    "{} leaks a secret ({form:?}): {line}",
                    file.display()
                );
            }
        }
    }
}

fn assert_logged(lines: &[(PathBuf, String)], what: &[&str]) {
    assert!(
        lines
            .iter()
            .any(|(_, l)| what.iter().all(|w| l.contains(w))),
        "no log line with all of {what:?}; the log has:\n{}",
        lines
            .iter()
            .map(|(_, l)| l.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

fn keyring_usable() -> bool {
    let probe = ksc_link::secrets::init_platform_store().and_then(|()| {
        ksc_link::secrets::load_blocking(&ksc_link::secrets::SecretKey::kes_cloud(
            "probe@ksc-link.invalid",
        ))
    });
    match probe {
        Ok(_) => true,
        Err(e) if std::env::var("KSC_LINK_REQUIRE_KEYRING").is_ok_and(|v| v == "1") => {
            panic!("KSC_LINK_REQUIRE_KEYRING=1 but the Secret Service is not usable: {e}")
        }
        Err(e) => {
            eprintln!("the keyring part is skipped: the Secret Service is not usable here ({e})");
            false
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_verbose_full_run_logs_what_happened_and_never_a_secret() {
    let tmp = tempfile::tempdir().unwrap();
    let (sim_logs, autotask_logs, client_logs, plain_logs) = (
        tmp.path().join("logs-sim"),
        tmp.path().join("logs-autotask"),
        tmp.path().join("logs-client"),
        tmp.path().join("logs-plain"),
    );
    ksc_link::logging::init_in(&client_logs, true).unwrap();

    // The simulated pair, as `ksc-link --verbose sim --pair` runs it.
    let (mut pair, cards) = spawn_json(
        &["sim", "--pair", "--json"],
        &tmp.path().join("state"),
        &sim_logs,
        2,
    );
    let (pc, sc) = (&cards[0], &cards[1]);
    assert_eq!(pc["role"], "primary");
    let admin_password = pc["password"].as_str().unwrap().to_string();
    let secondary_password = sc["password"].as_str().unwrap().to_string();

    // Logins on the primary: a wrong password, two-step verification, then the admin.
    let primary = KscClient::new(connect_options(pc)).unwrap();
    assert!(
        primary
            .login(&credentials("admin", WRONG_PASSWORD))
            .await
            .is_err()
    );
    let twofa = KscClient::new(connect_options(pc)).unwrap();
    let outcome = twofa
        .login(&credentials("twofa", "TwoFactor-2024"))
        .await
        .unwrap();
    assert!(matches!(outcome, LoginOutcome::CodeRequired { .. }));
    let totp = totp_rs::Builder::new()
        .with_secret(totp_rs::Secret::try_from_base32(TWOFA_TOTP_SECRET).unwrap())
        .build()
        .unwrap();
    let code = totp.generate_current().to_string();
    assert_eq!(
        twofa.submit_code(&code).await.unwrap(),
        LoginOutcome::LoggedIn
    );
    assert_eq!(
        primary
            .login(&credentials("admin", &admin_password))
            .await
            .unwrap(),
        LoginOutcome::LoggedIn
    );

    // The secondary's password goes through the keyring when there is one, as the app keeps it.
    let secondary_user = sc["user"].as_str().unwrap().to_string();
    let so = connect_options(sc);
    let mut secondary_login = credentials(&secondary_user, &secondary_password);
    let keyring = keyring_usable();
    let key = ksc_link::secrets::SecretKey::ksc_user(&so.host, so.port, &secondary_user);
    if keyring {
        ksc_link::secrets::store(&key, &secondary_password.clone().into())
            .await
            .unwrap();
        let loaded = ksc_link::secrets::load(&key).await.unwrap().unwrap();
        secondary_login.password = loaded.expose().to_string();
    }
    let secondary = KscClient::new(so.clone()).unwrap();
    assert_eq!(
        secondary.login(&secondary_login).await.unwrap(),
        LoginOutcome::LoggedIn
    );

    // "Add secondary" through an authenticating proxy: the secondary's link dials with it.
    let primary_ssl = u16::try_from(pc["ssl_port"].as_u64().unwrap()).unwrap();
    let secondary_ssl = u16::try_from(sc["ssl_port"].as_u64().unwrap()).unwrap();
    let proxy = Tinyproxy::start(primary_ssl, PROXY_USER, PROXY_PASSWORD).await;
    let hg = primary.host_group();
    let mut group_id = hg.group_id_groups().await.unwrap();
    for name in ["Servers", "Secondary servers"] {
        group_id = hg.get_group_id(group_id, name).await.unwrap().unwrap();
    }
    let presented = ksc_link::tls::fetch_presented_certificate(
        "127.0.0.1",
        secondary_ssl,
        None,
        Duration::from_secs(5),
    )
    .await
    .unwrap();
    let plan = AddSecondaryPlan {
        group_id,
        group_name: "Secondary servers".into(),
        display_name: "Logged branch".into(),
        secondary_address: Some("127.0.0.1".into()),
        secondary_ssl_port: secondary_ssl,
        secondary_api_port: so.port,
        secondary_certificate: parse_certificate(&presented.leaf_der).unwrap(),
        secondary_credentials: secondary_login.clone(),
        secondary_settings: SecondarySettings {
            primary_address: "127.0.0.1".into(),
            primary_ssl_port: primary_ssl,
            primary_certificate: hg.server_certificate().await.unwrap(),
            dmz: false,
            proxy: Some(ProxyPlan {
                host: "127.0.0.1".into(),
                port: proxy.port,
                user: PROXY_USER.into(),
                password: PROXY_PASSWORD.into(),
            }),
        },
    };
    let options = AddOptions {
        on_failure: OnFailure::RollBack,
        link_timeout: DEADLINE,
        poll_interval: Duration::from_millis(200),
        replace: None,
    };
    add_secondary(&primary, &secondary, &plan, &options, None, &mut |_| {})
        .await
        .unwrap_or_else(|f| panic!("{f}"));
    if keyring {
        assert!(ksc_link::secrets::delete(&key).await.unwrap());
    }

    // The Autotask tenant, as `ksc-link --verbose sim --autotask` runs it, and its client.
    let (mut tenant, described) = spawn_json(
        &["sim", "--autotask", "--json"],
        &tmp.path().join("autotask-state"),
        &autotask_logs,
        1,
    );
    let t = &described[0];
    let autotask_secret = t["secret"].as_str().unwrap().to_string();
    let integration_code = t["integration_code"].as_str().unwrap().to_string();
    let cert = load_certificate_file(t["cert_path"].as_str().unwrap().as_ref()).unwrap();
    let client = ksc_link::autotask::AutotaskClient::new(
        ksc_link::autotask::ClientOptions::new(
            t["base_url"].as_str().unwrap(),
            ksc_link::autotask::Trust::Pinned(cert.pin()),
        ),
        ksc_link::autotask::Credentials {
            user_name: t["user"].as_str().unwrap().into(),
            secret: autotask_secret.clone().into(),
            integration_code: integration_code.clone().into(),
        },
    )
    .unwrap();
    client.zone().await.unwrap();
    client.threshold_information().await.unwrap();

    // A plain command without --verbose logs at info only.
    let plain = Command::new(env!("CARGO_BIN_EXE_ksc-link"))
        .args(["cert", "show"])
        .arg(t["cert_path"].as_str().unwrap())
        .env("KSC_LINK_LOG_DIR", &plain_logs)
        .output()
        .unwrap();
    assert!(plain.status.success());

    tenant.stop();
    pair.stop();
    proxy.stop().await;

    let sim = log_lines(&sim_logs);
    let tenant_log = log_lines(&autotask_logs);
    let client_log = log_lines(&client_logs);
    let plain_log = log_lines(&plain_logs);

    // What happened is there (so the search below searched something real).
    assert_logged(&sim, &["INFO", "ksc-link started", "sim --pair"]);
    assert_logged(&sim, &["simulated KSC server started"]);
    assert_logged(&sim, &["DEBUG", "Open API request", "Session.StartSession"]);
    assert_logged(&sim, &["ksc-link finished"]);
    assert_logged(&tenant_log, &["simulated Autotask tenant started"]);
    assert_logged(&client_log, &["logging in", "user=admin"]);
    assert_logged(&client_log, &["login failed", "user=admin"]);
    assert_logged(&client_log, &["sending the two-step verification code"]);
    assert_logged(
        &client_log,
        &["login answered", "user=twofa", "CodeRequired"],
    );
    assert_logged(&client_log, &["code answered", "LoggedIn"]);
    assert_logged(&client_log, &["adding a secondary server", "Logged branch"]);
    assert_logged(&client_log, &["stage finished", "registering"]);
    assert_logged(&client_log, &["the secondary server was added"]);
    assert_logged(&client_log, &["DEBUG", "Session.StartSession"]);
    assert_logged(&client_log, &["looking up the Autotask zone"]);
    if keyring {
        assert_logged(&client_log, &["saving a secret in the keyring", "ksc-user"]);
    }
    assert_logged(&plain_log, &["INFO", "ksc-link started", "cert show"]);
    assert!(
        !plain_log.iter().any(|(_, l)| l.contains("DEBUG")),
        "debug lines without --verbose: {plain_log:?}"
    );

    // And nothing that is a credential, in any form a header would carry.
    let secrets = [
        admin_password,
        secondary_password,
        "TwoFactor-2024".to_string(),
        WRONG_PASSWORD.to_string(),
        PROXY_PASSWORD.to_string(),
        TWOFA_TOTP_SECRET.to_string(),
        autotask_secret,
        integration_code,
    ];
    let all: Vec<(PathBuf, String)> = [sim, tenant_log, client_log.clone(), plain_log].concat();
    assert_no_secret(&all, &secrets);
    // The two-step code is six digits, so it is searched for after the timestamp (whose
    // microseconds could match by chance), as a whole number.
    for (file, line) in &all {
        let rest = line.split_once(' ').map_or("", |(_, r)| r);
        let whole = rest
            .split(|c: char| !c.is_ascii_digit())
            .any(|token| token == code);
        assert!(!whole, "{} leaks the two-step code: {line}", file.display());
    }
}
