//! The add-secondary wizard in each language the app speaks: clicked through against a real
//! simulated primary and secondary to the finished hierarchy, every widget found by its
//! translated label (`fl!`), and snapshots of the steps with the longest texts, drawn with the
//! bundled font, committed per language under tests/snapshots/. One language per test: nextest
//! runs each test in its own process, and the language is process-wide.
//! Run with ICED_TEST_BACKEND=tiny-skia.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::time::Duration;

use ksc_link::fl;
use ksc_link::gui::screen::wizard::{Message, State, Work, certificate, credentials, group};
use ksc_link::hierarchy::wizard::{LoginCheck, PrimaryContext, Step};
use ksc_link::kloapi::{ConnectOptions, GroupNode, KscClient, LoginOutcome};
use ksc_link::sim::ksc::link::LinkConfig;
use ksc_link::sim::pair::{ServerCard, start_pair};
use ksc_link::tls::Pin;
use ksc_link::wire::auth::BasicCredentials;

use crate::gui_support;
use gui_support::{
    assert_shows, click, enter_in, feed, is_enabled, replace_in, runtime, settle, snapshot,
    type_into,
};

/// The group of the simulated primary the secondary joins (its demo seed).
const GROUP: &str = "Secondary servers";
/// The fixture certificates of the snapshots (valid until 2126: no expiry warning).
const SECONDARY_CERT: &str = "tests/fixtures/secondary-klserver.cer";
const PRIMARY_CERT: &str = "tests/fixtures/primary-klserver.cer";

fn client(card: &ServerCard) -> KscClient {
    let mut o = ConnectOptions::new("127.0.0.1", Pin::from_hex(&card.sha256).unwrap());
    o.port = card.api_port;
    KscClient::new(o).unwrap()
}

fn credentials_of(card: &ServerCard) -> BasicCredentials {
    BasicCredentials {
        user: card.user.clone(),
        password: card.password.clone(),
        domain: String::new(),
        internal: true,
    }
}

/// Switches the process to `tag` and checks that a message really comes out in it.
fn speak(tag: &str, next: &str) {
    assert_eq!(ksc_link::i18n::set_language(Some(tag)).unwrap(), tag);
    assert_eq!(fl!("wizard-next"), next);
}

/// Clicks through the whole wizard against simulated servers, in the current language, and
/// checks the hierarchy on both simulators and the Result step's words.
fn wizard_against_the_simulators(name: &str) {
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let pair = rt
        .block_on(start_pair(dir.path(), LinkConfig::fast()))
        .unwrap();
    let [pc, sc] = pair.cards();
    let primary = client(&pc);
    assert_eq!(
        rt.block_on(primary.login(&credentials_of(&pc))).unwrap(),
        LoginOutcome::LoggedIn
    );
    let context = rt
        .block_on(PrimaryContext::load(&primary, "127.0.0.1"))
        .unwrap();
    let mut s = State::new(primary.clone(), context);
    s.options.poll_interval = Duration::from_millis(200);
    s.options.link_timeout = Duration::from_secs(30);
    let next = fl!("wizard-next");

    // 1. Administration group.
    assert_shows(&s, &fl!("wizard-step-group"));
    assert_shows(&s, &fl!("wizard-header", step = 1, count = 8));
    type_into(&mut s, "group-search", "secondary");
    let work = click(&mut s, GROUP);
    settle(&rt, &mut s, work);
    assert_shows(&s, &fl!("wizard-group-chosen", name = GROUP));
    click(&mut s, &next);
    assert_eq!(s.wizard.step(), Step::Server);

    // 2. Secondary server: a taken name would be refused in this language; ours is free.
    assert_shows(&s, &fl!("wizard-server-dmz"));
    type_into(&mut s, "server-name", name);
    type_into(&mut s, "server-address", "127.0.0.1");
    replace_in(&mut s, "server-ssl-port", "13000", &sc.ssl_port.to_string());
    replace_in(&mut s, "server-api-port", "13299", &sc.api_port.to_string());
    enter_in(&mut s, "server-api-port");
    assert_eq!(s.wizard.step(), Step::Certificate);

    // 3. Certificate, fetched and confirmed.
    let work = click(&mut s, &fl!("wizard-certificate-fetch"));
    assert!(matches!(work.as_slice(), [Work::FetchCertificate { .. }]));
    settle(&rt, &mut s, work);
    let fetched = s.wizard.form.certificate.clone().unwrap();
    assert_eq!(fetched.details.pin().to_string(), sc.sha256);
    assert_shows(&s, &fl!("cert-card-subject"));
    assert!(!is_enabled(&s, &next));
    click(&mut s, &fl!("wizard-certificate-confirm"));
    click(&mut s, &next);
    assert_eq!(s.wizard.step(), Step::Connection);

    // 4. Connection.
    replace_in(
        &mut s,
        "primary-ssl-port",
        "13000",
        &pc.ssl_port.to_string(),
    );
    click(&mut s, &next);
    assert_eq!(s.wizard.step(), Step::Credentials);

    // 5. Credentials, checked on the secondary.
    type_into(&mut s, "secondary-user", &sc.user);
    type_into(&mut s, "secondary-password", &sc.password);
    let work = click(&mut s, &fl!("wizard-credentials-check"));
    assert!(matches!(work.as_slice(), [Work::Login { .. }]));
    settle(&rt, &mut s, work);
    assert_eq!(s.wizard.login, LoginCheck::Verified);
    assert_shows(&s, &fl!("wizard-credentials-verified"));
    let work = click(&mut s, &next);

    // 6. Summary: the dry run in this language, and the pre-flight check it runs by itself.
    assert_eq!(s.wizard.step(), Step::Summary);
    settle(&rt, &mut s, work);
    let report = s.preflight.clone().expect("checked");
    assert!(!report.has_errors(), "{}", report.to_text());
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.check == fl!("preflight-versions")),
        "{}",
        report.to_text()
    );
    assert_shows(&s, &fl!("wizard-summary-on-primary"));
    assert_shows(&s, &fl!("plan-use-master"));
    assert_shows(&s, name);

    // 7 and 8. Finish, then the Result step read back from the primary.
    let work = click(&mut s, &fl!("wizard-finish"));
    assert!(matches!(work.as_slice(), [Work::AddSecondary { .. }]));
    settle(&rt, &mut s, work);
    assert_eq!(s.wizard.step(), Step::Result, "{:?}", s.run.failure);
    let child = s.result.clone().unwrap().unwrap().unwrap();
    assert_eq!(child.display_name, name);
    assert_shows(&s, &fl!("wizard-result-active", name = name, group = GROUP));
    assert_shows(&s, &fl!("status-active"));
    assert!(is_enabled(&s, &fl!("wizard-done")));

    // The simulated primary lists it, Active, under the name typed in this language.
    let registered: Vec<(String, bool)> = pair.primary.sim().state().read(|d| {
        d.secondaries
            .values()
            .map(|s| (s.display_name.clone(), s.status == 1))
            .collect()
    });
    assert_eq!(registered, vec![(name.to_string(), true)]);
    rt.block_on(pair.shutdown());
}

fn groups() -> Vec<GroupNode> {
    let g = |id, name: &str, children| GroupNode {
        id,
        name: name.into(),
        children,
    };
    vec![g(
        0,
        "Managed devices",
        vec![g(5, "Branch offices", vec![g(6, "Berlin", vec![])])],
    )]
}

/// The wizard on a primary that is never called (every answer is fed), for snapshots that
/// must not change from run to run.
fn fed_wizard() -> State {
    let primary_der = std::fs::read(PRIMARY_CERT).unwrap();
    let mut opts = ConnectOptions::new("ksc-hq.corp.example", Pin::of_der(&primary_der));
    opts.port = 13299;
    State::new(
        KscClient::new(opts).unwrap(),
        PrimaryContext {
            address: "ksc-hq.corp.example".into(),
            certificate: primary_der,
            groups: groups(),
        },
    )
}

/// Snapshots `wizard_<tag>_…` of the steps with the longest labels and texts: the secondary
/// server (with an inline validation message), the certificate card, the connection with a
/// proxy, and the summary.
fn snapshots(tag: &str, name: &str) {
    let rt = runtime();
    let mut s = fed_wizard();
    let next = fl!("wizard-next");
    click(&mut s, "Berlin");
    feed(
        &mut s,
        [Message::Group(group::Message::NamesLoaded(
            6,
            Ok(vec!["Berlin old".into()]),
        ))],
    );
    click(&mut s, &next);

    type_into(&mut s, "server-name", "Berlin old");
    assert_shows(&s, &capitalised(&fl!("problem-name-taken")));
    replace_in(&mut s, "server-name", "Berlin old", name);
    type_into(&mut s, "server-address", "ksc-berlin.corp.example");
    type_into(&mut s, "server-ssl-port", "x");
    snapshot(&s, &format!("wizard_{tag}_step2_server"));
    replace_in(&mut s, "server-ssl-port", "13000x", "13000");
    click(&mut s, &next);

    let work = feed(
        &mut s,
        [Message::Certificate(certificate::Message::FileChosen(
            Some(PathBuf::from(SECONDARY_CERT)),
        ))],
    );
    settle(&rt, &mut s, work);
    assert_shows(
        &s,
        &fl!("wizard-certificate-from-file", path = SECONDARY_CERT),
    );
    snapshot(&s, &format!("wizard_{tag}_step3_certificate"));
    click(&mut s, &next);

    click(&mut s, &fl!("wizard-connection-use-proxy"));
    type_into(&mut s, "proxy-address", "proxy.corp.example");
    type_into(&mut s, "proxy-user", "branch");
    type_into(&mut s, "proxy-password", "Proxy-Pass-1");
    snapshot(&s, &format!("wizard_{tag}_step4_connection_proxy"));
    click(&mut s, &next);

    type_into(&mut s, "secondary-user", "admin");
    type_into(&mut s, "secondary-password", "Admin-Pass-1");
    click(&mut s, &fl!("wizard-credentials-check"));
    feed(
        &mut s,
        [Message::Credentials(credentials::Message::LoginFinished(
            Ok(LoginOutcome::LoggedIn),
            None,
        ))],
    );
    click(&mut s, &next);
    assert_eq!(s.wizard.step(), Step::Summary);
    gui_support::screens::preflight_passed(&mut s);
    snapshot(&s, &format!("wizard_{tag}_step6_summary"));
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[test]
fn english_wizard_builds_the_hierarchy_and_looks_as_committed() {
    speak("en", "Next");
    wizard_against_the_simulators("Berlin office");
    snapshots("en", "Berlin office");
}

#[test]
fn russian_wizard_builds_the_hierarchy_and_looks_as_committed() {
    speak("ru", "Далее");
    wizard_against_the_simulators("Филиал в Берлине");
    snapshots("ru", "Филиал в Берлине");
}

#[test]
fn german_wizard_builds_the_hierarchy_and_looks_as_committed() {
    speak("de", "Weiter");
    wizard_against_the_simulators("Niederlassung München");
    snapshots("de", "Niederlassung München");
}
