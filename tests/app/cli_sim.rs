//! The README's first command: `ksc-link sim --pair`, as a person or a script runs it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use ksc_link::kloapi::{ConnectOptions, KscClient, LoginOutcome};
use ksc_link::tls::Pin;
use ksc_link::wire::auth::BasicCredentials;
use serde_json::Value;

#[tokio::test]
async fn sim_pair_json_describes_two_reachable_servers_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_ksc-link"))
        .args(["sim", "--pair", "--json", "--state"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut roles = Vec::new();
    for _ in 0..2 {
        let line = lines.next().unwrap().unwrap();
        let j: Value = serde_json::from_str(&line).unwrap();
        let keys: Vec<&str> = j.as_object().unwrap().keys().map(String::as_str).collect();
        for k in [
            "role",
            "api_url",
            "ssl_port",
            "user",
            "password",
            "cert_path",
            "sha256",
        ] {
            assert!(keys.contains(&k), "missing {k} in {line}");
        }
        roles.push(j["role"].as_str().unwrap().to_string());
        // The printed fingerprint is that of the printed klserver.cer, and the API presents it.
        let cert = ksc_link::cert::load_certificate_file(j["cert_path"].as_str().unwrap().as_ref())
            .unwrap();
        assert_eq!(cert.pin().to_string(), j["sha256"].as_str().unwrap());
        let url = url::Url::parse(j["api_url"].as_str().unwrap()).unwrap();
        let mut o = ConnectOptions::new(
            url.host_str().unwrap(),
            Pin::from_hex(j["sha256"].as_str().unwrap()).unwrap(),
        );
        o.port = url.port().unwrap();
        let c = KscClient::new(o).unwrap();
        let outcome = c
            .login(&BasicCredentials {
                user: j["user"].as_str().unwrap().into(),
                password: j["password"].as_str().unwrap().into(),
                domain: String::new(),
                internal: true,
            })
            .await
            .unwrap();
        assert_eq!(outcome, LoginOutcome::LoggedIn);
        let ssl = ksc_link::tls::fetch_presented_certificate(
            "127.0.0.1",
            u16::try_from(j["ssl_port"].as_u64().unwrap()).unwrap(),
            None,
            std::time::Duration::from_secs(5),
        )
        .await
        .unwrap();
        assert_eq!(ssl.pin(), cert.pin());
    }
    assert_eq!(roles, ["primary", "secondary"]);
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    assert!(child.wait().unwrap().success());
    // The state survives for the next run.
    assert!(dir.path().join("primary/1093/cert/klserver.cer").is_file());
}

#[tokio::test]
async fn sim_autotask_json_describes_a_reachable_tenant() {
    use ksc_link::autotask::{AutotaskClient, ClientOptions, Credentials, Trust};
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_ksc-link"))
        .args(["sim", "--autotask", "--json", "--state"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let line = lines.next().unwrap().unwrap();
    let j: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(j["role"], "autotask");
    let base = j["base_url"].as_str().unwrap();
    assert!(base.ends_with('/'), "{base}");
    assert!(j["companies"].as_u64().unwrap() > 100);
    // The printed certificate and credentials are enough to talk to the tenant.
    let cert =
        ksc_link::cert::load_certificate_file(j["cert_path"].as_str().unwrap().as_ref()).unwrap();
    let client = AutotaskClient::new(
        ClientOptions::new(base, Trust::Pinned(cert.pin())),
        Credentials {
            user_name: j["user"].as_str().unwrap().into(),
            secret: j["secret"].as_str().unwrap().into(),
            integration_code: j["integration_code"].as_str().unwrap().into(),
        },
    )
    .unwrap();
    let zone = client.zone().await.unwrap();
    assert!(zone.url.starts_with("https://127.0.0.1"), "{zone:?}");
    client.threshold_information().await.unwrap();
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    assert!(child.wait().unwrap().success());
}

#[tokio::test]
async fn sim_pair_clock_offsets_put_each_servers_clock_where_asked() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_ksc-link"))
        .args([
            "sim",
            "--pair",
            "--json",
            "--clock-offset-seconds",
            "300",
            "--clock-offset-seconds",
            "secondary:-90",
            "--state",
        ])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut measured = Vec::new();
    for _ in 0..2 {
        let j: Value = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
        let url = url::Url::parse(j["api_url"].as_str().unwrap()).unwrap();
        let mut o = ConnectOptions::new(
            url.host_str().unwrap(),
            Pin::from_hex(j["sha256"].as_str().unwrap()).unwrap(),
        );
        o.port = url.port().unwrap();
        let c = KscClient::new(o).unwrap();
        let outcome = c
            .login(&BasicCredentials {
                user: j["user"].as_str().unwrap().into(),
                password: j["password"].as_str().unwrap().into(),
                domain: String::new(),
                internal: true,
            })
            .await
            .unwrap();
        assert_eq!(outcome, LoginOutcome::LoggedIn);
        let offset = c.clock_offset().unwrap();
        measured.push((
            j["role"].as_str().unwrap().to_string(),
            offset.offset_ms().div_euclid(1000),
        ));
    }
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    assert!(child.wait().unwrap().success());
    assert_eq!(measured[0].0, "primary");
    assert!((298..=302).contains(&measured[0].1), "{measured:?}");
    assert_eq!(measured[1].0, "secondary");
    assert!((-92..=-88).contains(&measured[1].1), "{measured:?}");
}

#[tokio::test]
async fn sim_pair_starts_a_server_whose_certificate_expires_soon_and_swaps_in_its_reserve() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_ksc-link"))
        .args([
            "sim",
            "--pair",
            "--json",
            "--cert-expires-in-days",
            "secondary:20",
            "--reserve-swap-after",
            "secondary:2s",
            "--state",
        ])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut cards = Vec::new();
    for _ in 0..2 {
        cards.push(serde_json::from_str::<Value>(&lines.next().unwrap().unwrap()).unwrap());
    }
    let cert_of = |j: &Value| {
        ksc_link::cert::load_certificate_file(j["cert_path"].as_str().unwrap().as_ref()).unwrap()
    };
    let now = time::OffsetDateTime::now_utc();
    let primary = cert_of(&cards[0]);
    assert!((primary.not_after - now).whole_days() >= 395);
    let old = cert_of(&cards[1]);
    assert_eq!(old.pin().to_string(), cards[1]["sha256"].as_str().unwrap());
    assert!((19..=20).contains(&(old.not_after - now).whole_days()));
    assert_eq!((old.not_after - old.not_before).whole_days(), 397);

    // Two seconds later the secondary swaps in its reserve: said on a line of its own.
    let event: Value = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
    assert_eq!(event["event"], "reserve_swapped");
    assert_eq!(event["role"], "secondary");
    let new = cert_of(&cards[1]);
    assert_eq!(new.pin().to_string(), event["sha256"].as_str().unwrap());
    assert_ne!(new.der, old.der);
    for port in [
        url::Url::parse(cards[1]["api_url"].as_str().unwrap())
            .unwrap()
            .port()
            .unwrap(),
        u16::try_from(cards[1]["ssl_port"].as_u64().unwrap()).unwrap(),
    ] {
        let presented = ksc_link::tls::fetch_presented_certificate(
            "127.0.0.1",
            port,
            None,
            std::time::Duration::from_secs(5),
        )
        .await
        .unwrap();
        assert_eq!(presented.pin(), new.pin());
    }
    assert_eq!(
        ksc_link::cert::lifecycle::judge_change(&old, &new, time::OffsetDateTime::now_utc()),
        ksc_link::cert::lifecycle::Change::ReserveSwap
    );
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    assert!(child.wait().unwrap().success());
}
