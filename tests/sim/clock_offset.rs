//! A simulated Administration Server whose clock is off, as one without time synchronisation:
//! every reply is dated by its clock, it checks two-step codes against that clock, and the
//! client measures the difference from the login's replies.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{SystemTime, UNIX_EPOCH};

use crate::sim_support;

use ksc_link::clock::ClockOffset;
use ksc_link::kloapi::{BasicCredentials, ConnectOptions, KscClient, LoginOutcome};
use ksc_link::sim::ksc::faults::TransportFault;
use ksc_link::sim::ksc::{KscSimConfig, seed, start};
use ksc_link::tls::Pin;
use sim_support::{ADMIN_PASSWORD, Raw, Sim, T, basic, totp};

const TWOFA_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/// The demo primary with its clock `seconds` off.
async fn primary_off_by(seconds: i64) -> Sim {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = KscSimConfig::new(dir.path());
    cfg.seed_text = Some(seed::PRIMARY.to_string());
    cfg.clock_offset_seconds = seconds;
    let sim = start(cfg).await.unwrap();
    Sim { sim, dir }
}

fn client(s: &Sim) -> KscClient {
    let mut o = ConnectOptions::new("127.0.0.1", Pin::of_der(s.sim.cert_der()));
    o.port = s.sim.api_port();
    o.connect_timeout = T;
    o.request_timeout = T;
    KscClient::new(o).unwrap()
}

fn creds(user: &str, password: &str) -> BasicCredentials {
    BasicCredentials {
        user: user.to_string(),
        password: password.to_string(),
        domain: String::new(),
        internal: true,
    }
}

fn unix_now() -> i64 {
    i64::try_from(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs(),
    )
    .unwrap()
}

/// The code an authenticator shows `offset` seconds from now.
fn code_at(offset: i64) -> String {
    let t = u64::try_from(unix_now() + offset).unwrap();
    totp(TWOFA_SECRET).generate(t).to_string()
}

/// The offset the client measured, in whole seconds, checked to be a sound measure.
fn measured(c: &KscClient) -> (i64, ClockOffset) {
    let o = c.clock_offset().expect("the login's replies are dated");
    // On loopback the round trip is short: the measure is good to about a second.
    assert!(o.uncertainty_ms() < 3_000, "{o:?}");
    (o.offset_ms().div_euclid(1000), o)
}

#[tokio::test]
async fn a_server_five_minutes_ahead_is_measured_as_such_and_checks_codes_by_its_clock() {
    let s = primary_off_by(300).await;
    let c = client(&s);
    assert_eq!(
        c.login(&creds("twofa", "TwoFactor-2024")).await.unwrap(),
        LoginOutcome::CodeRequired { length: 6 }
    );
    let (seconds, offset) = measured(&c);
    assert!((298..=302).contains(&seconds), "{offset:?}");
    assert!(offset.is_worth_warning());

    // The code of this computer's clock is ten steps behind the server's: refused.
    assert_eq!(
        c.submit_code(&code_at(0)).await.unwrap(),
        LoginOutcome::WrongCode { length: 6 }
    );
    // The refusal is dated too: the measure still stands.
    let (seconds, _) = measured(&c);
    assert!((298..=302).contains(&seconds), "{seconds}");
    // An authenticator whose clock agrees with the server's makes a code it accepts.
    assert_eq!(
        c.submit_code(&code_at(300)).await.unwrap(),
        LoginOutcome::LoggedIn
    );
    s.sim.shutdown().await;
}

#[tokio::test]
async fn a_server_on_time_shows_no_difference_worth_a_warning() {
    let s = primary_off_by(0).await;
    let c = client(&s);
    assert_eq!(
        c.login(&creds("admin", ADMIN_PASSWORD)).await.unwrap(),
        LoginOutcome::LoggedIn
    );
    let (seconds, offset) = measured(&c);
    assert!((-2..=2).contains(&seconds), "{offset:?}");
    assert!(!offset.is_worth_warning());
    assert_eq!(offset.warning("127.0.0.1"), None);
    s.sim.shutdown().await;
}

#[tokio::test]
async fn a_server_behind_is_measured_and_its_clock_can_be_set_while_it_runs() {
    let s = primary_off_by(0).await;
    s.sim.state().set_clock_offset(-90);
    let c = client(&s);
    assert_eq!(
        c.login(&creds("twofa", "TwoFactor-2024")).await.unwrap(),
        LoginOutcome::CodeRequired { length: 6 }
    );
    let (seconds, offset) = measured(&c);
    assert!((-92..=-88).contains(&seconds), "{offset:?}");
    assert!(!offset.difference().server_ahead);
    assert_eq!(
        c.submit_code(&code_at(-90)).await.unwrap(),
        LoginOutcome::LoggedIn
    );
    s.sim.shutdown().await;
}

#[tokio::test]
async fn every_reply_carries_a_date_by_the_servers_clock() {
    let s = primary_off_by(300).await;
    let port = s.sim.api_port();
    let mut c = Raw::connect(&s.sim).await;
    let mut replies = Vec::new();
    // 401 without and with a challenge, 200 on the login and on a call.
    replies.push(
        c.post("login", &[("Authorization", "KSCBasic nonsense")], "")
            .await,
    );
    replies.push(
        c.post(
            "Session.StartSession",
            &[("Authorization", &basic("twofa", "TwoFactor-2024"))],
            "",
        )
        .await,
    );
    replies.push(
        c.post(
            "login",
            &[("Authorization", &basic("admin", ADMIN_PASSWORD))],
            "",
        )
        .await,
    );
    replies.push(c.post("HostGroup.GroupIdGroups", &[], "{}").await);
    // 404, 405, 415.
    replies.push(
        c.send(
            format!("POST /other HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\n\r\n")
                .as_bytes(),
        )
        .await,
    );
    replies.push(
        c.send(
            format!(
                "GET /api/v1.0/HostGroup.GroupIdGroups HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
            )
            .as_bytes(),
        )
        .await,
    );
    replies.push(
        c.send(
            format!(
                "POST /api/v1.0/HostGroup.GroupIdGroups HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\n{{}}"
            )
            .as_bytes(),
        )
        .await,
    );
    // A 500 of an injected fault.
    s.sim
        .state()
        .inject_transport_fault("HostGroup.GroupIdGroups", TransportFault::Http500);
    replies.push(c.post("HostGroup.GroupIdGroups", &[], "{}").await);

    let statuses: Vec<u16> = replies.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [401, 401, 200, 200, 404, 405, 415, 500]);
    for r in &replies {
        let dates: Vec<_> = r.headers.iter().filter(|(n, _)| n == "date").collect();
        assert_eq!(dates.len(), 1, "one Date header: {:?}", r.headers);
        let date = ksc_link::wire::http_date::parse(&dates[0].1).unwrap();
        let ahead = date.unix_timestamp() - unix_now();
        assert!(
            (298..=302).contains(&ahead),
            "{} is {ahead} s ahead",
            dates[0].1
        );
    }
    s.sim.shutdown().await;
}

/// Answers a script's questions as a person at a terminal would, typing this code.
struct Terminal(String);

impl ksc_link::hierarchy::run_plan::Asker for Terminal {
    fn password(
        &mut self,
        _source: &ksc_link::hierarchy::plan_file::SecretSource,
        _key: &ksc_link::secrets::SecretKey,
        _what: &str,
    ) -> Result<ksc_link::secrets::Secret, String> {
        Err("no password is asked in this test".into())
    }

    fn code(
        &mut self,
        _server: &str,
        _totp: &ksc_link::secrets::SecretKey,
        _length: usize,
    ) -> Result<String, String> {
        Ok(self.0.clone())
    }
}

#[tokio::test]
async fn the_command_lines_refused_code_names_the_servers_clock() {
    ksc_link::i18n::set_language(Some("en")).unwrap();
    let s = primary_off_by(300).await;
    let c = client(&s);
    let e = ksc_link::hierarchy::run_plan::log_in(
        &c,
        &creds("twofa", "TwoFactor-2024"),
        // The code of this computer's clock, five minutes behind the server's.
        &mut Terminal(code_at(0)),
    )
    .await
    .unwrap_err();
    let text = e.to_string();
    assert!(
        text.starts_with("127.0.0.1:"),
        "the server is named: {text}"
    );
    assert!(
        text.contains("refused the two-step verification code. 127.0.0.1's clock is "),
        "{text}"
    );
    assert!(text.contains(" ahead of this computer's"), "{text}");

    // A server on time refusing a mistyped code: the refusal alone.
    s.sim.state().set_clock_offset(0);
    let text = ksc_link::hierarchy::run_plan::log_in(
        &c,
        &creds("twofa", "TwoFactor-2024"),
        &mut Terminal(sim_support::wrong_code(TWOFA_SECRET)),
    )
    .await
    .unwrap_err()
    .to_string();
    assert!(!text.contains("clock"), "{text}");
    s.sim.shutdown().await;
}
