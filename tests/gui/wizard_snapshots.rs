//! A snapshot hash of every step of the add-secondary wizard (and of the states a step can be
//! in), drawn by tiny-skia with the bundled font and compared with the hashes committed under
//! tests/snapshots/. Run with ICED_TEST_BACKEND=tiny-skia.
//!
//! The pictures must not change from run to run, so nothing volatile reaches the view: the
//! certificates are fixed files committed under tests/fixtures/ (valid until 2126, so no
//! expiry warning appears), ports are the documented defaults, and the answers of the servers
//! (names in the group, logins, progress of the run, the secondary read back) are fed to the
//! screen as the messages its work would produce. The same steps run against real simulated
//! servers in tests/gui/wizard_sim.rs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use ksc_link::gui::screen::wizard::{
    Message, State, Work, certificate, credentials, finish, group, result,
};
use ksc_link::hierarchy::wizard::{LoginCheck, PrimaryContext, Step};
use ksc_link::hierarchy::{AddFailure, AddReport, OpError, Partial, Progress, Rollback, Stage};
use ksc_link::kloapi::{
    ChildServer, ConnectOptions, GroupNode, KscClient, LoginOutcome, MasterSrvSection, ServerStatus,
};
use ksc_link::tls::Pin;

use crate::gui_support;
use gui_support::{
    assert_shows, click, feed, is_enabled, replace_in, runtime, settle, snapshot, snapshot_with,
    type_into,
};

/// The secondary's certificate (RSA 2048, CN ksc-berlin.corp.example, 2026 to 2126).
const SECONDARY_CERT: &str = "tests/fixtures/secondary-klserver.cer";
/// The primary's certificate (RSA 2048, CN ksc-hq.corp.example, 2026 to 2126).
const PRIMARY_CERT: &str = "tests/fixtures/primary-klserver.cer";

fn groups() -> Vec<GroupNode> {
    let g = |id, name: &str, children| GroupNode {
        id,
        name: name.into(),
        children,
    };
    vec![g(
        0,
        "Managed devices",
        vec![
            g(
                5,
                "Branch offices",
                vec![g(6, "Berlin", vec![]), g(7, "Moscow", vec![])],
            ),
            g(8, "Headquarters", vec![]),
            g(9, "Servers", vec![g(10, "Secondary servers", vec![])]),
        ],
    )]
}

/// The wizard on a primary that is never called: every answer is fed by the test.
fn wizard() -> State {
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

fn secondary_details() -> ksc_link::cert::CertificateDetails {
    ksc_link::cert::load_certificate_file(std::path::Path::new(SECONDARY_CERT)).unwrap()
}

fn progress(p: Progress) -> Message {
    Message::Finish(finish::Message::Progress(p))
}

/// What the run reports up to the wait for the link.
fn run_until_waiting() -> Vec<Message> {
    vec![
        progress(Progress::Started(Stage::Check)),
        progress(Progress::Finished(
            Stage::Check,
            "the name \"Berlin office\" is free in Berlin".into(),
        )),
        progress(Progress::Started(Stage::Register)),
        progress(Progress::Finished(
            Stage::Register,
            "registered as id 3 in Berlin".into(),
        )),
        progress(Progress::Started(Stage::ConfigureSecondary)),
        progress(Progress::Finished(
            Stage::ConfigureSecondary,
            "the secondary now points at ksc-hq.corp.example:13000".into(),
        )),
        progress(Progress::Started(Stage::WaitForLink)),
        progress(Progress::Waiting {
            elapsed: Duration::from_secs(4),
            status: Some(ServerStatus::Inactive),
        }),
    ]
}

fn child(status: ServerStatus) -> ChildServer {
    ChildServer {
        id: 3,
        display_name: "Berlin office".into(),
        group_id: Some(6),
        address: Some("ksc-berlin.corp.example".into()),
        instance_id: Some("d2a7c1f0-5a8e-4c4b-9d3e-0c6f2b1e7a55".into()),
        status: Some(status),
        version: Some("14.2.0.26967".into()),
        last_connected: Some(time::macros::datetime!(2026-03-02 09:30 UTC)),
        passive: false,
        master_address: Some("ksc-hq.corp.example:13000".into()),
        host_guid: None,
        certificate: None,
        public_key_hash: None,
    }
}

#[test]
fn every_wizard_step_looks_as_committed() {
    let rt = runtime();
    let mut s = wizard();

    // 1. Administration group: searched, chosen, the group's names read.
    type_into(&mut s, "group-search", "ber");
    snapshot(&s, "wizard_step1_group_search");
    let work = click(&mut s, "Berlin");
    assert!(matches!(
        work.as_slice(),
        [Work::LoadNames { group_id: 6, .. }]
    ));
    feed(
        &mut s,
        [Message::Group(group::Message::NamesLoaded(
            6,
            Ok(vec!["Berlin old".into()]),
        ))],
    );
    snapshot(&s, "wizard_step1_group_chosen");
    click(&mut s, "Next");

    // 2. Secondary server: a name already used is refused inline, then a free one.
    assert_eq!(s.wizard.step(), Step::Server);
    type_into(&mut s, "server-name", "Berlin old");
    snapshot(&s, "wizard_step2_server_name_taken");
    replace_in(&mut s, "server-name", "Berlin old", "Berlin office");
    type_into(&mut s, "server-address", "ksc-berlin.corp.example");
    snapshot(&s, "wizard_step2_server");
    click(&mut s, "Next");

    // 3. Certificate: fetched (to be confirmed), then from the file instead.
    assert_eq!(s.wizard.step(), Step::Certificate);
    snapshot(&s, "wizard_step3_certificate_none");
    let work = click(&mut s, "Get from secondary Administration Server");
    let [Work::FetchCertificate { host, port }] = work.as_slice() else {
        panic!("{work:?}");
    };
    assert_eq!((host.as_str(), *port), ("ksc-berlin.corp.example", 13000));
    feed(
        &mut s,
        [Message::Certificate(certificate::Message::Fetched(Ok(
            Box::new(secondary_details()),
        )))],
    );
    snapshot(&s, "wizard_step3_certificate_fetched");
    click(
        &mut s,
        "I compared the fingerprint with the one shown on the secondary server",
    );
    assert!(is_enabled(&s, "Next"));
    let work = feed(
        &mut s,
        [Message::Certificate(certificate::Message::FileChosen(
            Some(PathBuf::from(SECONDARY_CERT)),
        ))],
    );
    settle(&rt, &mut s, work);
    assert_shows(&s, &format!("From the file {SECONDARY_CERT}"));
    snapshot(&s, "wizard_step3_certificate_file");
    click(&mut s, "Next");

    // 4. Connection settings, with an authenticating proxy.
    assert_eq!(s.wizard.step(), Step::Connection);
    snapshot(&s, "wizard_step4_connection");
    click(
        &mut s,
        "The secondary server uses a proxy server to reach the primary",
    );
    type_into(&mut s, "proxy-address", "proxy.corp.example");
    type_into(&mut s, "proxy-user", "branch");
    type_into(&mut s, "proxy-password", "Proxy-Pass-1");
    snapshot(&s, "wizard_step4_connection_proxy");
    click(&mut s, "Next");

    // 5. Credentials: two-step verification not set up; then asked for; then logged in.
    assert_eq!(s.wizard.step(), Step::Credentials);
    type_into(&mut s, "secondary-user", "needs2fa");
    type_into(&mut s, "secondary-password", "NeedsSecond-2024");
    snapshot(&s, "wizard_step5_credentials");
    let work = click(&mut s, "Check credentials");
    assert!(matches!(work.as_slice(), [Work::Login { .. }]));
    feed(
        &mut s,
        [Message::Credentials(credentials::Message::LoginFinished(
            Ok(LoginOutcome::TwoFactorNotConfigured),
            None,
        ))],
    );
    snapshot(&s, "wizard_step5_credentials_two_step_not_set_up");
    replace_in(&mut s, "secondary-user", "needs2fa", "twofa");
    replace_in(
        &mut s,
        "secondary-password",
        "NeedsSecond-2024",
        "TwoFactor-2024",
    );
    let work = click(&mut s, "Check credentials");
    assert!(matches!(work.as_slice(), [Work::Login { .. }]));
    feed(
        &mut s,
        [Message::Credentials(credentials::Message::LoginFinished(
            Ok(LoginOutcome::CodeRequired { length: 6 }),
            None,
        ))],
    );
    type_into(&mut s, "secondary-code", "123456");
    snapshot(&s, "wizard_step5_credentials_code");
    let work = click(&mut s, "Submit code");
    assert!(matches!(work.as_slice(), [Work::SubmitCode { .. }]));
    feed(
        &mut s,
        [Message::Credentials(credentials::Message::LoginFinished(
            Ok(LoginOutcome::LoggedIn),
            None,
        ))],
    );
    assert_eq!(s.wizard.login, LoginCheck::Verified);
    snapshot(&s, "wizard_step5_credentials_verified");
    click(&mut s, "Next");

    // 6. Summary.
    assert_eq!(s.wizard.step(), Step::Summary);
    gui_support::screens::preflight_passed(&mut s);
    snapshot(&s, "wizard_step6_summary");

    // 7. Finish: the run in progress, then a failure that left the hierarchy half built.
    let work = click(&mut s, "Finish");
    assert!(matches!(work.as_slice(), [Work::AddSecondary { .. }]));
    assert_eq!(s.wizard.step(), Step::Finish);
    feed(&mut s, run_until_waiting());
    snapshot(&s, "wizard_step7_finish_running");
    let partial = Partial {
        secondary_host: Some("ksc-berlin".into()),
        previous_section: Some(MasterSrvSection::default()),
        registered_id: Some(3),
        section_write_attempted: true,
        section_written: true,
        unconfirmed_registration: None,
        replaced: None,
    };
    let failure = AddFailure {
        stage: Stage::WaitForLink,
        error: OpError::LinkTimeout {
            waited: Duration::from_secs(60),
            status: "Inactive".into(),
            port: 13000,
            dialer_target: "primary".into(),
            proxy_hint: " and that the proxy server proxy.corp.example:3128 lets it through".into(),
        },
        partial: partial.clone(),
        rollback: Rollback::Kept,
    };
    feed(
        &mut s,
        [Message::Finish(finish::Message::Done(Arc::new(Err(
            failure,
        ))))],
    );
    snapshot(&s, "wizard_step7_finish_failed");

    // Retry resumes what was written, and succeeds.
    let work = click(&mut s, "Retry");
    let [Work::AddSecondary { resume, .. }] = work.as_slice() else {
        panic!("{work:?}");
    };
    assert_eq!(resume.as_ref(), Some(&partial));
    let mut messages = run_until_waiting();
    messages.push(progress(Progress::Finished(
        Stage::WaitForLink,
        "Active, version 14.2.0.26967".into(),
    )));
    let report = AddReport {
        secondary_id: 3,
        on_primary: Vec::new(),
        on_secondary: Vec::new(),
        child: child(ServerStatus::Active),
        section: MasterSrvSection::default(),
    };
    messages.push(Message::Finish(finish::Message::Done(Arc::new(Ok(report)))));
    let work = feed(&mut s, messages);
    assert!(matches!(
        work.as_slice(),
        [Work::ReadResult {
            group_id: 6,
            id: 3,
            ..
        }]
    ));

    // 8. Result, as read back from the primary.
    assert_eq!(s.wizard.step(), Step::Result);
    snapshot(&s, "wizard_step8_result_reading");
    feed(
        &mut s,
        [Message::Result(result::Message::Read(Ok(Some(child(
            ServerStatus::Active,
        )))))],
    );
    assert_shows(
        &s,
        "The secondary Administration Server \"Berlin office\" is Active in the group Berlin.",
    );
    snapshot(&s, "wizard_step8_result");
}

#[test]
fn a_step_in_dmz_mode_and_the_cancel_question_look_as_committed() {
    let mut s = wizard();
    click(&mut s, "Servers");
    feed(
        &mut s,
        [Message::Group(group::Message::NamesLoaded(9, Ok(vec![])))],
    );
    click(&mut s, "Next");
    click(
        &mut s,
        "Connect primary Administration Server to secondary Administration Server in DMZ",
    );
    type_into(&mut s, "server-name", "DMZ gateway");
    snapshot(&s, "wizard_step2_server_dmz_address_missing");
    // The dark theme. (The focus ring is checked pixel by pixel in tests/gui/keyboard.rs: a
    // focused input's blinking cursor would make its hash depend on timing.)
    let dark = ksc_link::gui::style::palette::dark();
    snapshot_with(&s, "dark_wizard_step2_server_dmz_address_missing", &dark);
    click(&mut s, "Cancel");
    assert!(s.confirm_cancel);
    snapshot(&s, "wizard_cancel_question");
    snapshot_with(&s, "dark_wizard_cancel_question", &dark);
}
