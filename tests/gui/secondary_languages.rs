//! "This server is secondary" in each translated language: filled from a flash drive and saved
//! against a simulated primary and secondary, every widget and text found by its translated
//! message (`fl!`), and snapshots of the filled form and of the saved state, drawn with the
//! bundled font at the app's window size, committed per language under tests/snapshots/. One
//! language per test: nextest runs each test in its own process, and the language is
//! process-wide.
//! Run with ICED_TEST_BACKEND=tiny-skia.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use iced::Point;
use iced::mouse::{self, ScrollDelta};
use iced_test::Simulator;
use ksc_link::cert::parse_certificate;
use ksc_link::fl;
use ksc_link::gui::screen::secondary::{
    Loaded, Message, State, Work, dmz_label, fingerprint_confirm_label, ids, proxy_label,
    secondary_label,
};
use ksc_link::gui::widget::cert_card::show_date;
use ksc_link::hierarchy::ops::{SaveReport, diff_sections};
use ksc_link::kloapi::{ConnectOptions, KscClient, MasterSrvSection};
use ksc_link::removable::{Candidate, Scan};
use ksc_link::sim::ksc::link::LinkConfig;
use ksc_link::sim::pair::start_pair;
use ksc_link::tls::Pin;

use crate::common;
use crate::gui_support;
use gui_support::{WINDOW, Window, feed, runtime, settle};

/// The primary's certificate of the snapshots (valid until 2126: no expiry warning).
const PRIMARY_CERT: &str = "tests/fixtures/primary-klserver.cer";
/// What the page calls the server (a fixed name: the simulators' ports change from run to run).
const SERVER_LABEL: &str = "ksc-branch.corp.example";

/// Switches the process to `tag` and checks that a message really comes out in it.
fn speak(tag: &str, save: &str) {
    assert_eq!(ksc_link::i18n::set_language(Some(tag)).unwrap(), tag);
    assert_eq!(fl!("secondary-save"), save);
}

/// The page in a window of the app's width, tall enough to show all of it (the real one
/// scrolls), for clicking and finding.
const TALL: Window = Window::sized((WINDOW.0, 2600.0));

fn click(state: &mut State, label: &str) -> Vec<Work> {
    TALL.click(state, label)
}

fn type_into(state: &mut State, id: &'static str, text: &str) -> Vec<Work> {
    TALL.type_into(state, id, text)
}

#[track_caller]
fn assert_shows(state: &State, needle: &str) {
    assert!(
        TALL.shows(state, needle),
        "the page does not show {needle:?}"
    );
}

/// Compares the page in the app's window, scrolled down by `lines` wheel lines, with the
/// committed hash `tests/snapshots/<name>-tiny-skia.sha256`. With `KSC_LINK_SNAPSHOT_PNG_DIR`
/// set, the picture is also written there as a PNG, to look at.
#[track_caller]
fn snapshot(state: &State, name: &str, lines: f32) {
    let mut ui = Simulator::with_size(ksc_link::gui::font::settings(), WINDOW, state.view());
    if lines > 0.0 {
        // In the page's left padding: over the scrollable, hovering no widget.
        ui.point_at(Point::new(4.0, 300.0));
        ui.simulate([iced::Event::Mouse(mouse::Event::WheelScrolled {
            delta: ScrollDelta::Lines { x: 0.0, y: -lines },
        })]);
    }
    let snap = ui
        .snapshot(&ksc_link::gui::style::palette::light())
        .unwrap();
    if let Some(dir) = std::env::var_os("KSC_LINK_SNAPSHOT_PNG_DIR") {
        let path = Path::new(&dir).join(name);
        let _ = std::fs::remove_file(path.with_file_name(format!("{name}-tiny-skia.png")));
        snap.matches_image(path).unwrap();
    }
    assert!(
        snap.matches_hash(format!("tests/snapshots/{name}"))
            .unwrap(),
        "snapshot {name} changed"
    );
}

/// Opens the page on a simulated secondary, takes the primary's klserver.cer from a flash
/// drive, refuses a cut-off join file, saves, and checks the translated texts and the server.
fn page_against_the_simulators() {
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let pair = rt
        .block_on(start_pair(&dir.path().join("sim"), LinkConfig::fast()))
        .unwrap();
    let [pc, sc] = pair.cards();
    let secondary = rt.block_on(common::sign_in(&sc));
    let usb = dir.path().join("media/alice");
    std::fs::create_dir_all(&usb).unwrap();

    let mut state = State::new(secondary.clone(), SERVER_LABEL.into(), vec![usb.clone()]);
    let work = state.open();
    settle(&rt, &mut state, work);
    assert!(state.current.is_some(), "{:?}", state.load_error);
    assert_shows(&state, &fl!("home-this-server-is-secondary"));
    assert_shows(&state, &fl!("secondary-intro", server = SERVER_LABEL));
    assert_shows(&state, &fl!("secondary-now-not-secondary"));
    assert_shows(&state, &fl!("secondary-no-drive"));

    // A join file cut off in transfer is refused, in this language.
    let cut = dir.path().join("cut.ksc-join.toml");
    std::fs::write(&cut, "# ksc-link join file\nformat = \"ksc-link-join\"\n").unwrap();
    let work = feed(&mut state, [Message::JoinFileChosen(Some(cut.clone()))]);
    settle(&rt, &mut state, work);
    let refused = fl!(
        "secondary-file-unusable",
        path = cut.display().to_string(),
        error = fl!("joinfile-truncated")
    );
    assert_eq!(state.join_error.as_deref(), Some(refused.as_str()));
    assert_shows(&state, &refused);

    // A flash drive is plugged in: its only klserver.cer is listed, and picked by the admin
    // once the box is ticked.
    let drive = usb.join("KINGSTON");
    std::fs::create_dir_all(&drive).unwrap();
    std::fs::copy(&pc.cert_path, drive.join("klserver.cer")).unwrap();
    let work = feed(&mut state, [Message::RescanTick]);
    settle(&rt, &mut state, work);
    assert_shows(&state, &fl!("secondary-candidates"));
    assert!(state.form.certificate.is_none(), "listed, not chosen");

    click(&mut state, &secondary_label());
    click(&mut state, "KINGSTON: klserver.cer");
    assert_shows(
        &state,
        &fl!(
            "secondary-source-drive",
            path = drive.join("klserver.cer").display().to_string()
        ),
    );
    // Save waits for the fingerprint comparison, and says so in this language.
    assert_shows(&state, &fl!("secondary-compare-fingerprint"));
    assert_shows(&state, &fingerprint_confirm_label());
    assert!(click(&mut state, &fl!("secondary-save")).is_empty());
    assert_shows(&state, &fl!("secondary-problem-certificate-unconfirmed"));
    click(&mut state, &fingerprint_confirm_label());
    type_into(&mut state, ids::PRIMARY_ADDRESS, "127.0.0.1");
    state.form.ssl_port.clear();
    type_into(&mut state, ids::SSL_PORT, &pc.ssl_port.to_string());
    assert_shows(&state, &fl!("secondary-unsaved"));
    let work = click(&mut state, &fl!("secondary-save"));
    assert!(matches!(work.as_slice(), [Work::Save { .. }]));
    settle(&rt, &mut state, work);
    assert!(state.save_error.is_none(), "{:?}", state.save_error);

    // What was read back, in words of this language.
    let report = state.report.clone().unwrap();
    assert_shows(
        &state,
        &fl!(
            "secondary-saved",
            time = show_date(report.saved_at),
            count = report.changes.len()
        ),
    );
    assert_shows(
        &state,
        &fl!(
            "secondary-change",
            setting = fl!("secondary-setting-primary-address"),
            before = fl!("secondary-change-empty"),
            after = "127.0.0.1"
        ),
    );
    assert_shows(
        &state,
        &fl!(
            "secondary-change",
            setting = fl!("secondary-setting-use-master"),
            before = fl!("plan-no"),
            after = fl!("plan-yes")
        ),
    );
    assert_shows(
        &state,
        &fl!(
            "secondary-now-secondary",
            address = "127.0.0.1",
            ports = pc.ssl_port.to_string()
        ),
    );
    assert_shows(&state, &fl!("secondary-primary-admin-sees"));
    assert_shows(
        &state,
        &fl!("secondary-check-skipped", primary = "127.0.0.1"),
    );
    assert!(!state.has_unsaved_changes());

    // The server has it.
    let s = rt.block_on(async {
        let hg = secondary.host_group();
        let host = hg.server_hostname().await.unwrap();
        hg.read_master_srv(&host).await.unwrap()
    });
    assert!(s.use_master && !s.passive_slave && !s.proxy_use);
    assert_eq!(s.address.as_deref(), Some("127.0.0.1"));
    assert_eq!(s.ports, vec![i32::from(pc.ssl_port)]);
    rt.block_on(pair.shutdown());
}

/// The page on a server that is never called (every answer is fed), so that the snapshots do
/// not change from run to run: the primary's certificate comes from a fixed "flash drive".
fn fed_page() -> State {
    let der = parse_certificate(&std::fs::read(PRIMARY_CERT).unwrap())
        .unwrap()
        .der;
    let mut opts = ConnectOptions::new(SERVER_LABEL, Pin::of_der(&der));
    opts.port = 13299;
    let mut state = State::new(KscClient::new(opts).unwrap(), SERVER_LABEL.into(), vec![]);
    let drive = PathBuf::from("/media/alice/KINGSTON");
    feed(
        &mut state,
        [
            Message::Loaded(Ok(Box::new(Loaded {
                host: "ksc-branch".into(),
                section: MasterSrvSection::default(),
                proxy_password: None,
            }))),
            Message::Scanned(Scan {
                drives: vec![drive.clone()],
                candidates: vec![Candidate {
                    path: drive.join("klserver.cer"),
                    drive,
                    details: ksc_link::cert::load_certificate_file(Path::new(PRIMARY_CERT))
                        .unwrap(),
                }],
                skipped: Vec::new(),
            }),
        ],
    );
    assert!(state.form.certificate.is_none(), "listed, not chosen");
    state
}

/// Snapshots `secondary_<tag>_…`: the form filled in with DMZ and an authenticating proxy (top
/// of the page, then scrolled to the check boxes and the proxy), and the page after the save
/// (scrolled to what was read back).
fn snapshots(tag: &str) {
    let mut state = fed_page();
    click(&mut state, &secondary_label());
    click(&mut state, "KINGSTON: klserver.cer");
    click(&mut state, &fingerprint_confirm_label());
    type_into(&mut state, ids::PRIMARY_ADDRESS, "ksc-hq.corp.example");
    click(&mut state, &dmz_label());
    click(&mut state, &proxy_label());
    type_into(&mut state, ids::PROXY_ADDRESS, "proxy.corp.example");
    type_into(&mut state, ids::PROXY_USER, "branch");
    type_into(&mut state, ids::PROXY_PASSWORD, "Proxy-Pass-1");
    assert!(state.form.dmz && state.form.use_proxy);
    assert!(state.form.settings().is_ok(), "{:?}", state.form.settings());
    snapshot(&state, &format!("secondary_{tag}_form_top"), 0.0);
    snapshot(&state, &format!("secondary_{tag}_form"), 100.0);

    // The save as the server would report it, at a fixed time.
    let before = state.current.clone().unwrap();
    let settings = state.form.settings().unwrap();
    let after = MasterSrvSection {
        use_master: true,
        address: Some(settings.primary_address.clone()),
        ports: vec![i32::from(settings.primary_ssl_port)],
        ssl_cert: Some(settings.primary_certificate.clone()),
        passive_slave: true,
        proxy_use: true,
        proxy_location: Some("proxy.corp.example:3128".into()),
        proxy_login: Some("branch".into()),
        proxy_password: Some(vec![1, 2, 3]),
        ..MasterSrvSection::default()
    };
    let report = SaveReport {
        changes: diff_sections(&before, &after),
        before,
        after,
        read_back_failed: None,
        saved_at: time::macros::datetime!(2026-03-02 09:30 UTC),
    };
    let work = feed(
        &mut state,
        [Message::Saved(Box::new(Ok(report.clone())), None)],
    );
    assert!(
        work.is_empty(),
        "no sign-in for the primary: nothing to ask"
    );
    assert_shows(
        &state,
        &fl!(
            "secondary-saved",
            time = show_date(report.saved_at),
            count = report.changes.len()
        ),
    );
    assert_shows(
        &state,
        &fl!(
            "secondary-change",
            setting = fl!("secondary-setting-proxy-password"),
            before = fl!("secondary-change-empty"),
            after = fl!("secondary-value-set")
        ),
    );
    assert_shows(&state, &fl!("secondary-now-dmz"));
    assert_shows(
        &state,
        &fl!(
            "secondary-now-proxy-user",
            location = "proxy.corp.example:3128",
            user = "branch"
        ),
    );
    snapshot(&state, &format!("secondary_{tag}_saved"), 200.0);
}

#[test]
fn russian_page_is_saved_against_the_simulators_and_looks_as_committed() {
    speak("ru", "Сохранить");
    page_against_the_simulators();
    snapshots("ru");
}

#[test]
fn german_page_is_saved_against_the_simulators_and_looks_as_committed() {
    speak("de", "Speichern");
    page_against_the_simulators();
    snapshots("de");
}
