//! The "This server is secondary" page and "Export join file", driven through iced_test's
//! Simulator against a simulated primary and secondary with their hierarchy link running:
//! clicks and typing on the real views, the returned work run for real (Open API calls, files,
//! the keyring), results fed back as the app shell does. File dialogs are the one thing not
//! opened: the path a dialog would return is fed in as its message.
//! Run with ICED_TEST_BACKEND=tiny-skia.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::time::Duration;

use iced_test::simulator;
use ksc_link::cert::parse_certificate;
use ksc_link::cli::demo::presets as demo_presets;
use ksc_link::gui::screen::export;
use ksc_link::gui::screen::secondary::{
    Action, CertificateSource, Message, PrimaryCheck, Question, State, Work, dmz_label,
    fingerprint_confirm_label, ids, proxy_label, secondary_label,
};
use ksc_link::hierarchy::validate::Field;
use ksc_link::hierarchy::{ProxyPlan, SecondarySettings, make_secondary};
use ksc_link::kloapi::server_hierarchy::ServerStatus;
use ksc_link::kloapi::{KscClient, MasterSrvSection};
use ksc_link::secrets::{Secret, SecretKey};
use ksc_link::sim::ksc::link::LinkConfig;
use ksc_link::sim::pair::{ServerCard, SimPair, start_pair};
use ksc_link::tls::Pin;

use crate::common;
use crate::gui_support::{self, Window, feed};
use common::DEADLINE;

/// What the page calls the server in these tests (the real address has a random port, which
/// would make snapshots differ from run to run).
const SERVER_LABEL: &str = "ksc-branch (simulated)";

struct Env {
    rt: tokio::runtime::Runtime,
    dir: tempfile::TempDir,
    pair: Option<SimPair>,
    pc: ServerCard,
    sc: ServerCard,
    primary: KscClient,
    secondary: KscClient,
}

impl Env {
    fn new() -> Self {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let pair = rt
            .block_on(start_pair(&dir.path().join("sim"), LinkConfig::fast()))
            .unwrap();
        let [pc, sc] = pair.cards();
        let primary = rt.block_on(common::sign_in(&pc));
        let secondary = rt.block_on(common::sign_in(&sc));
        std::fs::create_dir_all(dir.path().join("media/alice")).unwrap();
        Self {
            rt,
            dir,
            pair: Some(pair),
            pc,
            sc,
            primary,
            secondary,
        }
    }

    /// The folder standing for `/media/<user>`: one folder per "drive".
    fn usb_root(&self) -> PathBuf {
        self.dir.path().join("media/alice")
    }

    /// A "flash drive" named `label` holding the primary's klserver.cer.
    fn drive_with_primary_cert(&self, label: &str) -> PathBuf {
        let drive = self.usb_root().join(label);
        std::fs::create_dir_all(&drive).unwrap();
        std::fs::copy(&self.pc.cert_path, drive.join("klserver.cer")).unwrap();
        drive
    }

    fn page(&self) -> State {
        let mut state = State::new(
            self.secondary.clone(),
            SERVER_LABEL.to_string(),
            vec![self.usb_root()],
        );
        let work = state.open();
        self.settle(&mut state, work);
        assert!(state.current.is_some(), "{:?}", state.load_error);
        state
    }

    /// The page as the demo opens it: the preset servers are primaries the app can sign in to.
    fn page_with_presets(&self) -> State {
        let presets = demo_presets(self.pair.as_ref().unwrap());
        let mut state = State::new(
            self.secondary.clone(),
            SERVER_LABEL.to_string(),
            vec![self.usb_root()],
        )
        .with_primaries(presets.iter().map(|p| p.login()).collect());
        let work = state.open();
        self.settle(&mut state, work);
        assert!(state.current.is_some(), "{:?}", state.load_error);
        state
    }

    /// Ticks the box, takes the primary's klserver.cer from a flash drive (compared), types the
    /// primary's address and port, and presses Save; returns the work Save asked for.
    fn fill_and_save(&self, state: &mut State) -> Vec<Work> {
        self.drive_with_primary_cert("KINGSTON");
        let work = feed(state, [Message::RescanTick]);
        self.settle(state, work);
        click(state, &secondary_label());
        pick_and_confirm(state, "KINGSTON: klserver.cer");
        type_into(state, ids::PRIMARY_ADDRESS, "127.0.0.1");
        state.form.ssl_port.clear();
        type_into(state, ids::SSL_PORT, &self.pc.ssl_port.to_string());
        let work = click(state, "Save");
        assert!(matches!(work.as_slice(), [Work::Save { .. }]));
        work
    }

    /// Runs work as the shell would and feeds its messages back, until no work is left.
    fn settle(&self, state: &mut State, work: Vec<Work>) {
        gui_support::settle(&self.rt, state, work);
    }

    fn section(&self) -> MasterSrvSection {
        self.rt.block_on(async {
            let hg = self.secondary.host_group();
            let host = hg.server_hostname().await.unwrap();
            hg.read_master_srv(&host).await.unwrap()
        })
    }

    fn primary_settings(&self, dmz: bool, proxy: Option<ProxyPlan>) -> SecondarySettings {
        SecondarySettings {
            primary_address: "127.0.0.1".into(),
            primary_ssl_port: self.pc.ssl_port,
            primary_certificate: parse_certificate(&std::fs::read(&self.pc.cert_path).unwrap())
                .unwrap()
                .der,
            dmz,
            proxy,
        }
    }

    /// The primary's admin registers the secondary by its klserver.cer; returns (group, id).
    fn register_secondary_on_primary(&self) -> (i32, i32) {
        self.rt.block_on(async {
            let hg = self.primary.host_group();
            let mut g = hg.group_id_groups().await.unwrap();
            for name in ["Branch offices", "Moscow"] {
                g = hg.get_group_id(g, name).await.unwrap().unwrap();
            }
            let cert = std::fs::read(&self.sc.cert_path).unwrap();
            let id = self
                .primary
                .server_hierarchy()
                .register_server("Moscow", g, &cert, "", &ksc_link::wire::Params::new())
                .await
                .unwrap();
            (g, id)
        })
    }

    fn wait_active(&self, group: i32, id: i32) {
        let child = self
            .rt
            .block_on(ksc_link::hierarchy::ops::wait_for_link(
                &self.primary,
                group,
                id,
                DEADLINE,
                Duration::from_millis(200),
                &mut |_| {},
            ))
            .unwrap_or_else(|(e, _)| panic!("{e}"));
        assert_eq!(child.status, Some(ServerStatus::Active));
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        if let Some(pair) = self.pair.take() {
            self.rt.block_on(pair.shutdown());
        }
    }
}

/// The page in a window tall enough to show all of it (the real one scrolls).
const PAGE: Window = Window {
    size: (1024.0, 2000.0),
    app_font: false,
};

fn click(state: &mut State, label: &str) -> Vec<Work> {
    PAGE.click(state, label)
}

/// Clicks and returns the page's answer to the last message (to see a `Close`).
fn click_for_action(state: &mut State, label: &str) -> Action {
    let mut ui = PAGE.sim(state.view());
    ui.click(label).unwrap_or_else(|e| panic!("{label}: {e}"));
    let messages: Vec<Message> = ui.into_messages().collect();
    let mut last = Action::None;
    for m in messages {
        last = state.update(m);
    }
    last
}

fn type_into(state: &mut State, id: &'static str, text: &str) -> Vec<Work> {
    PAGE.type_into(state, id, text)
}

fn shows(state: &State, needle: &str) -> bool {
    PAGE.shows(state, needle)
}

fn snapshot(state: &State, name: &str) {
    PAGE.snapshot(state, name);
}

/// Clicks the drive's entry `entry` and ticks that its fingerprint was compared.
fn pick_and_confirm(state: &mut State, entry: &str) {
    click(state, entry);
    assert!(state.form.certificate.is_some(), "{entry} picked");
    click(state, &fingerprint_confirm_label());
    assert!(state.form.certificate.as_ref().unwrap().confirmed);
}

/// What Save says of a certificate whose fingerprint was not compared.
fn unconfirmed_problem() -> String {
    ksc_link::fl!("secondary-problem-certificate-unconfirmed")
}

fn keyring_required() -> bool {
    std::env::var("KSC_LINK_REQUIRE_KEYRING").is_ok_and(|v| v == "1")
}

#[test]
fn empty_section_is_read_then_filled_from_the_drive_saved_and_read_back() {
    let env = Env::new();
    let mut state = env.page();
    // Nothing mounted, nothing configured yet.
    assert!(!state.form.secondary);
    assert!(shows(&state, "Now: this server is not a secondary server."));
    assert!(shows(
        &state,
        "No removable drive is mounted. Insert the drive holding the primary's klserver.cer, or browse for the file."
    ));
    assert!(!state.can_save());
    snapshot(&state, "secondary_1_empty");

    // The fields are disabled until the box is ticked: typing does nothing.
    assert!(type_into(&mut state, ids::PRIMARY_ADDRESS, "ignored").is_empty());
    assert_eq!(state.form.primary_address, "");

    // A flash drive is plugged in: the next look lists its klserver.cer, and chooses nothing.
    let drive = env.drive_with_primary_cert("KINGSTON");
    let work = feed(&mut state, [Message::RescanTick]);
    env.settle(&mut state, work);
    assert!(shows(&state, "KINGSTON: klserver.cer"));
    assert!(state.form.certificate.is_none(), "listed, not chosen");

    // The box ticked, the admin picks it and ticks that its fingerprint matches the primary's.
    click(&mut state, &secondary_label());
    assert!(state.form.secondary && state.has_unsaved_changes());
    pick_and_confirm(&mut state, "KINGSTON: klserver.cer");
    let chosen = state.form.certificate.clone().unwrap();
    assert_eq!(
        chosen.source,
        CertificateSource::Drive(drive.join("klserver.cer"))
    );
    assert_eq!(chosen.details.pin().to_string(), env.pc.sha256);
    type_into(&mut state, ids::PRIMARY_ADDRESS, "127.0.0.1");
    state.form.ssl_port.clear();
    type_into(&mut state, ids::SSL_PORT, &env.pc.ssl_port.to_string());
    assert!(
        shows(&state, &chosen.details.sha256_colon()),
        "the cert card"
    );

    let work = click(&mut state, "Save");
    assert!(matches!(work.as_slice(), [Work::Save { .. }]));
    env.settle(&mut state, work);
    assert!(state.save_error.is_none(), "{:?}", state.save_error);
    let report = state.report.clone().unwrap();
    assert!(!report.before.use_master && report.after.use_master);
    assert!(shows(
        &state,
        "Primary Administration Server address: (empty) → 127.0.0.1"
    ));
    assert!(!state.has_unsaved_changes(), "saved: nothing left to save");

    // Read back independently: what the page saved is on the server.
    let s = env.section();
    assert!(s.use_master && !s.passive_slave && !s.proxy_use);
    assert_eq!(s.address.as_deref(), Some("127.0.0.1"));
    assert_eq!(s.ports, vec![i32::from(env.pc.ssl_port)]);
    assert_eq!(
        Pin::of_der(s.ssl_cert.as_deref().unwrap()).to_string(),
        env.pc.sha256
    );
    // A page opened afterwards shows it.
    let again = env.page();
    assert!(again.form.secondary);
    assert!(shows(
        &again,
        &format!("Now: secondary of 127.0.0.1 (SSL port {})", env.pc.ssl_port)
    ));
}

#[test]
fn an_already_secondary_server_shows_primary_ports_certificate_dmz_and_proxy() {
    let env = Env::new();
    let proxy = ProxyPlan {
        host: "proxy.branch".into(),
        port: 3128,
        user: "branch".into(),
        password: Secret::new("proxy-pass"),
    };
    env.rt
        .block_on(make_secondary(
            &env.secondary,
            &env.primary_settings(true, Some(proxy)),
        ))
        .unwrap();
    let state = env.page();
    let primary_cert = parse_certificate(&std::fs::read(&env.pc.cert_path).unwrap()).unwrap();
    assert!(shows(
        &state,
        &format!("Now: secondary of 127.0.0.1 (SSL port {})", env.pc.ssl_port)
    ));
    assert!(shows(
        &state,
        &format!(
            "Primary's certificate: SHA-256 {}, valid until {}",
            primary_cert.sha256_colon(),
            ksc_link::gui::widget::cert_card::show_date(primary_cert.not_after)
        )
    ));
    assert!(shows(&state, "DMZ: the primary connects to this server"));
    assert!(shows(
        &state,
        "Proxy server: proxy.branch:3128, user branch"
    ));
    assert!(shows(&state, "Stored on this server"));
    let f = &state.form;
    assert!(f.secondary && f.dmz && f.use_proxy);
    assert_eq!(
        (
            f.proxy_address.as_str(),
            f.proxy_port.as_str(),
            f.proxy_user.as_str()
        ),
        ("proxy.branch", "3128", "branch")
    );
    assert!(!state.has_unsaved_changes() && !state.can_save());
}

#[test]
fn unticking_detaches_after_asking() {
    let env = Env::new();
    env.rt
        .block_on(make_secondary(
            &env.secondary,
            &env.primary_settings(false, None),
        ))
        .unwrap();
    let mut state = env.page();
    assert!(state.form.secondary);
    click(&mut state, &secondary_label());
    assert!(state.can_save());
    // Save asks first; "Keep editing" leaves everything as it was.
    assert!(click(&mut state, "Save").is_empty());
    assert_eq!(state.question, Some(Question::Detach));
    assert!(shows(&state, "Detach"));
    click(&mut state, "Keep editing");
    assert_eq!(state.question, None);
    assert!(env.section().use_master, "nothing written yet");
    click(&mut state, "Save");
    let work = click(&mut state, "Detach");
    assert!(matches!(work.as_slice(), [Work::Detach { .. }]));
    env.settle(&mut state, work);
    assert!(state.save_error.is_none(), "{:?}", state.save_error);
    assert!(!state.current.as_ref().unwrap().use_master);
    assert!(shows(&state, "Secondary in the hierarchy: yes → no"));
    assert!(!env.section().use_master);
    assert!(!state.has_unsaved_changes());
}

#[test]
fn dmz_and_an_authenticating_proxy_are_saved_and_the_password_kept_in_the_keyring() {
    let env = Env::new();
    env.drive_with_primary_cert("STICK");
    let mut state = env.page();
    click(&mut state, &secondary_label());
    pick_and_confirm(&mut state, "STICK: klserver.cer");
    type_into(&mut state, ids::PRIMARY_ADDRESS, "127.0.0.1");
    state.form.ssl_port.clear();
    type_into(&mut state, ids::SSL_PORT, &env.pc.ssl_port.to_string());
    click(&mut state, &dmz_label());
    click(&mut state, &proxy_label());
    assert_eq!(
        state.form.proxy_port, "3128",
        "the usual proxy port is proposed"
    );
    type_into(&mut state, ids::PROXY_ADDRESS, "proxy.branch.test");
    type_into(&mut state, ids::PROXY_USER, "branch");
    // A user without a password is refused inline, and nothing is written.
    assert!(click(&mut state, "Save").is_empty());
    assert!(shows(
        &state,
        "type the proxy password: the server keeps it encrypted and cannot show it"
    ));
    type_into(&mut state, ids::PROXY_PASSWORD, "s3cret-proxy");
    assert!(state.field_errors.is_empty(), "{:?}", state.field_errors);
    let work = click(&mut state, "Save");
    env.settle(&mut state, work);
    assert!(state.save_error.is_none(), "{:?}", state.save_error);

    let s = env.section();
    assert!(s.use_master && s.passive_slave && s.proxy_use);
    assert_eq!(s.proxy_location.as_deref(), Some("proxy.branch.test:3128"));
    assert_eq!(s.proxy_login.as_deref(), Some("branch"));
    let protected = s.proxy_password.clone().unwrap();
    assert!(
        !protected.windows(12).any(|w| w == b"s3cret-proxy"),
        "written protected"
    );
    assert!(shows(
        &state,
        "Primary connects to this server (DMZ): no → yes"
    ));
    assert!(shows(&state, "Proxy password: (empty) → (set)"));

    let key = SecretKey::proxy("proxy.branch.test", 3128, "branch");
    match &state.keyring_warning {
        None => {
            let kept = env.rt.block_on(ksc_link::secrets::load(&key)).unwrap();
            assert_eq!(kept.unwrap().expose(), "s3cret-proxy");
            // The page opened again fills the password from the keyring: nothing to retype.
            let again = env.page();
            assert_eq!(again.form.proxy_password.expose(), "s3cret-proxy");
            assert!(!again.has_unsaved_changes());
            env.rt.block_on(ksc_link::secrets::delete(&key)).unwrap();
        }
        Some(w) => assert!(!keyring_required(), "the keyring is required here: {w}"),
    }
}

#[test]
fn bad_certificate_files_are_refused_with_the_reason() {
    let env = Env::new();
    let drive = env.usb_root().join("STICK");
    std::fs::create_dir_all(&drive).unwrap();
    let (_, _, key_pem) = ksc_link::cert::generate_server_identity(&["k".to_string()], 30).unwrap();
    std::fs::write(drive.join("server.pem"), &key_pem).unwrap();
    std::fs::write(drive.join("notes.crt"), "call HQ").unwrap();
    let mut state = env.page();
    // Named like certificates on the drive, but not listed (and said why).
    assert!(state.scan.as_ref().unwrap().candidates.is_empty());
    assert!(state.form.certificate.is_none());
    assert!(shows(
        &state,
        &format!(
            "Not listed: {}: this is a private key, never share it; choose the certificate file klserver.cer",
            drive.join("server.pem").display()
        )
    ));
    click(&mut state, &secondary_label());

    let cases: [(&str, &[u8], &str); 3] = [
        ("empty.cer", b"", "the file is empty"),
        ("key.pem", key_pem.as_bytes(), "this is a private key"),
        (
            "random.cer",
            &[0x00, 0xff, 0x13, 0x37, 0x42, 0x99],
            "not a certificate",
        ),
    ];
    for (name, bytes, why) in cases {
        let path = env.dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let work = feed(&mut state, [Message::FileChosen(Some(path.clone()))]);
        env.settle(&mut state, work);
        let e = state.certificate_error.clone().unwrap();
        assert!(e.contains(why) && e.contains(name), "{name}: {e}");
        assert!(shows(&state, &e));
        assert!(state.form.certificate.is_none());
    }
    // A missing file says so too.
    let work = feed(
        &mut state,
        [Message::FileChosen(Some(env.dir.path().join("gone.cer")))],
    );
    env.settle(&mut state, work);
    assert!(
        state
            .certificate_error
            .clone()
            .unwrap()
            .contains("cannot read")
    );
    // Save names the missing certificate.
    type_into(&mut state, ids::PRIMARY_ADDRESS, "127.0.0.1");
    assert!(click(&mut state, "Save").is_empty());
    assert!(shows(
        &state,
        "choose the primary Administration Server's certificate (klserver.cer)"
    ));
    // A good file clears the message; Save's complaint turns into the comparison it waits for.
    let work = feed(
        &mut state,
        [Message::FileChosen(Some(env.pc.cert_path.clone()))],
    );
    env.settle(&mut state, work);
    assert!(state.certificate_error.is_none());
    assert_eq!(
        state.error_at(Field::Certificate),
        Some(unconfirmed_problem())
    );
    click(&mut state, &fingerprint_confirm_label());
    assert!(state.field_errors.is_empty(), "{:?}", state.field_errors);
}

#[test]
fn leaving_with_unsaved_changes_asks() {
    let env = Env::new();
    let mut state = env.page();
    // Nothing changed: Back leaves at once.
    assert!(matches!(
        click_for_action(&mut state, "Back"),
        Action::Close
    ));
    click(&mut state, &secondary_label());
    type_into(&mut state, ids::PRIMARY_ADDRESS, "ksc-hq.example.com");
    assert!(shows(&state, "Unsaved changes"));
    assert!(matches!(click_for_action(&mut state, "Back"), Action::None));
    assert_eq!(state.question, Some(Question::Leave));
    snapshot(&state, "secondary_2_leave_prompt");
    click(&mut state, "Keep editing");
    assert_eq!(state.question, None);
    assert_eq!(
        state.form.primary_address, "ksc-hq.example.com",
        "nothing was lost"
    );
    click_for_action(&mut state, "Back");
    assert!(matches!(
        click_for_action(&mut state, "Discard changes"),
        Action::Close
    ));
    assert!(!env.section().use_master, "nothing was written");
}

#[test]
fn join_file_exported_on_the_primary_imported_on_the_secondary_links_them() {
    let env = Env::new();
    // On the primary: "Export join file" onto the flash drive.
    let mut export = export::State::new(
        env.primary.clone(),
        "127.0.0.1".into(),
        env.pc.api_port,
        vec![env.usb_root()],
    );
    let drive = env.usb_root().join("KINGSTON");
    std::fs::create_dir_all(&drive).unwrap();
    let m = env.rt.block_on(export.open().run());
    export.update(m);
    assert!(export.error.is_none(), "{:?}", export.error);
    export.ssl_port = env.pc.ssl_port.to_string();
    let mut ui = simulator(export.view());
    ui.click("Save join file…").unwrap();
    let messages: Vec<_> = ui.into_messages().collect();
    let mut start = None;
    for m in messages {
        if let export::Action::Run(export::Work::PickPath {
            start: s,
            name,
            join: true,
        }) = export.update(m)
        {
            assert_eq!(name, "127.0.0.1.ksc-join.toml");
            start = s;
        }
    }
    assert_eq!(
        start,
        Some(drive.clone()),
        "the dialog opens on the flash drive"
    );
    let path = drive.join("hq.ksc-join.toml");
    let export::Action::Run(w) = export.update(export::Message::SavePathChosen(Some(path.clone())))
    else {
        panic!("no write");
    };
    let m = env.rt.block_on(w.run());
    export.update(m);
    assert_eq!(
        export.written.as_deref(),
        Some(path.as_path()),
        "{:?}",
        export.error
    );
    let mut ui = simulator(export.view());
    let fingerprint = parse_certificate(&std::fs::read(&env.pc.cert_path).unwrap())
        .unwrap()
        .sha256_colon();
    assert!(
        ui.find(
            format!(
                "Saved {}. Tell the branch administrator this fingerprint by phone: {fingerprint}",
                path.display()
            )
            .as_str()
        )
        .is_ok()
    );

    // The primary's admin registers the secondary (by the secondary's klserver.cer).
    let (group, id) = env.register_secondary_on_primary();

    // On the secondary: a tampered copy is refused ...
    let mut state = env.page();
    let tampered = env.dir.path().join("tampered.ksc-join.toml");
    std::fs::write(
        &tampered,
        std::fs::read_to_string(&path)
            .unwrap()
            .replace("127.0.0.1", "10.6.6.6"),
    )
    .unwrap();
    let work = feed(&mut state, [Message::JoinFileChosen(Some(tampered))]);
    env.settle(&mut state, work);
    assert!(
        state
            .join_error
            .clone()
            .unwrap()
            .contains("no longer matches its checksum")
    );
    assert!(!state.form.secondary && state.form.primary_address.is_empty());
    let truncated = env.dir.path().join("cut.ksc-join.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&truncated, &text[..text.len() / 2]).unwrap();
    let work = feed(&mut state, [Message::JoinFileChosen(Some(truncated))]);
    env.settle(&mut state, work);
    assert!(state.join_error.clone().unwrap().contains("incomplete"));

    // ... the real one fills the whole page and shows the fingerprint to compare.
    let work = feed(&mut state, [Message::JoinFileChosen(Some(path.clone()))]);
    env.settle(&mut state, work);
    assert!(state.join_error.is_none());
    assert!(state.form.secondary);
    assert_eq!(state.form.primary_address, "127.0.0.1");
    assert_eq!(state.form.ssl_port, env.pc.ssl_port.to_string());
    assert!(shows(
        &state,
        "Compare this SHA-256 fingerprint with the one the primary's administrator tells you (by \
         phone, not from the same drive or mail as the file) before saving:"
    ));
    assert!(shows(&state, &fingerprint));
    // A join file's checksum proves nothing about who wrote it: Save waits for the comparison.
    assert!(click(&mut state, "Save").is_empty());
    assert!(shows(&state, &unconfirmed_problem()));
    click(&mut state, &fingerprint_confirm_label());
    let work = click(&mut state, "Save");
    assert!(matches!(work.as_slice(), [Work::Save { .. }]));
    env.settle(&mut state, work);
    assert!(state.save_error.is_none(), "{:?}", state.save_error);
    // The secondary connects; the primary reports it Active.
    env.wait_active(group, id);
}

#[test]
fn the_app_opens_the_pages_from_home_and_returns() {
    use ksc_link::gui::app::{App, Message as AppMessage, Page, Screen};
    use ksc_link::gui::screen::{connect::Connection, home};
    let env = Env::new();
    let _guard = env.rt.enter();
    let (mut app, _) = App::new(ksc_link::gui::GuiOptions {
        read_only_settings: true,
        ..Default::default()
    });
    app.screen = Screen::Connected {
        home: home::State::new(Connection {
            client: env.secondary.clone(),
            address: "127.0.0.1".into(),
            port: env.sc.api_port,
            user: env.sc.user.clone(),
            pin: Pin::from_hex(&env.sc.sha256).unwrap(),
        }),
        page: None,
    };
    let mut ui = simulator(app.view());
    ui.click("This server is secondary").unwrap();
    for m in ui.into_messages().collect::<Vec<_>>() {
        let _ = app.update(m);
    }
    assert!(matches!(app.screen.page(), Some(Page::Secondary(_))));
    let _ = app.update(AppMessage::Secondary(Message::BackPressed));
    assert!(app.screen.is_home());
    let mut ui = simulator(app.view());
    ui.click("Export join file").unwrap();
    for m in ui.into_messages().collect::<Vec<_>>() {
        let _ = app.update(m);
    }
    assert!(matches!(app.screen.page(), Some(Page::Export(_))));
    let _ = app.update(AppMessage::Export(export::Message::BackPressed));
    assert!(app.screen.is_home());
}

#[test]
fn after_save_the_page_shows_the_primary_sees_this_server_active_in_its_group() {
    let env = Env::new();
    // The primary's admin registered this server (by its klserver.cer) in "Moscow".
    let (group, id) = env.register_secondary_on_primary();
    let mut state = env.page_with_presets();
    state.primary_check_timeout = DEADLINE;
    let work = env.fill_and_save(&mut state);
    // Save, then sign in to the preset primary: the page shows that it is asking.
    let [save] = <[Work; 1]>::try_from(work).unwrap();
    let m = gui_support::perform::<State>(&env.rt, save);
    let work = feed(&mut state, m);
    assert!(state.save_error.is_none(), "{:?}", state.save_error);
    assert!(matches!(work.as_slice(), [Work::CheckOnPrimary { .. }]));
    assert!(shows(
        &state,
        "Asking the primary 127.0.0.1 whether it sees this server… (0 s)"
    ));
    // The check is one stream: a message per look at the primary, then its outcome.
    let [check] = <[Work; 1]>::try_from(work).unwrap();
    let mut messages = gui_support::perform::<State>(&env.rt, check);
    let outcome = messages.pop().unwrap();
    assert!(
        matches!(outcome, Message::PrimaryChecked(_, Ok(Some(_)))),
        "{outcome:?}"
    );
    assert!(!messages.is_empty());
    assert!(
        messages
            .iter()
            .all(|m| matches!(m, Message::PrimaryLooked(..))),
        "{messages:?}"
    );
    // A look shows the check still running, with what it saw so far.
    feed(&mut state, messages.pop());
    assert!(matches!(
        &state.primary_check,
        Some(PrimaryCheck::Running { .. })
    ));
    // A message of an older check is ignored.
    if let Message::PrimaryChecked(n, r) = outcome.clone() {
        feed(&mut state, [Message::PrimaryChecked(n.wrapping_sub(1), r)]);
    }
    assert!(matches!(
        &state.primary_check,
        Some(PrimaryCheck::Running { .. })
    ));
    feed(&mut state, [outcome]);
    let Some(PrimaryCheck::Done {
        seen: Some(seen), ..
    }) = &state.primary_check
    else {
        panic!("{:?}", state.primary_check);
    };
    assert_eq!(seen.server.id, id);
    assert_eq!(seen.server.group_id, Some(group));
    assert!(shows(
        &state,
        "The primary 127.0.0.1 sees this server as \"Moscow\"."
    ));
    assert!(shows(&state, "Status: Active"));
    assert!(shows(&state, "Group: Moscow"));
    assert!(!shows(&state, "Last connected: never"));
}

#[test]
fn after_save_the_page_says_plainly_when_the_primary_has_not_registered_this_server() {
    let env = Env::new();
    let mut state = env.page_with_presets();
    // Nothing will register it: a short look is enough.
    state.primary_check_timeout = Duration::from_millis(600);
    let work = env.fill_and_save(&mut state);
    env.settle(&mut state, work);
    assert!(state.save_error.is_none(), "{:?}", state.save_error);
    assert!(
        matches!(
            &state.primary_check,
            Some(PrimaryCheck::Done { seen: None, .. })
        ),
        "{:?}",
        state.primary_check
    );
    assert!(shows(
        &state,
        "This server is not registered on the primary 127.0.0.1."
    ));
    assert!(shows(
        &state,
        "The primary's administrator must register it: in Administration Servers, add a \
         secondary server to an administration group, using this server's klserver.cer."
    ));
    assert!(!shows(&state, "Status: Active"));
}

#[test]
fn without_a_sign_in_for_the_primary_the_page_says_what_its_admin_will_see_and_why() {
    let env = Env::new();
    // No presets and no remembered servers: the app cannot ask the primary.
    let mut state = env.page();
    let work = env.fill_and_save(&mut state);
    env.settle(&mut state, work);
    assert!(state.save_error.is_none(), "{:?}", state.save_error);
    assert!(matches!(
        &state.primary_check,
        Some(PrimaryCheck::Skipped(_))
    ));
    assert!(shows(
        &state,
        "On the primary, its administrator sees this server under Administration Servers, in \
         the administration group where it was registered with this server's klserver.cer; its \
         status becomes Active once this server has connected (if the primary's administrator \
         has not registered it yet, send them this server's klserver.cer)."
    ));
    assert!(shows(
        &state,
        "The app did not check the primary itself: it knows no sign-in for 127.0.0.1 that \
         trusts the certificate saved here (connect to the primary once with \"Remember \
         password\" to have it checked next time)."
    ));
}

#[test]
fn a_lone_certificate_on_a_drive_is_listed_but_never_chosen_by_itself() {
    let env = Env::new();
    // Plugged in before the page opens, then looked at again with the box ticked: each time the
    // one certificate found is listed, and the form keeps none.
    env.drive_with_primary_cert("KINGSTON");
    let mut state = env.page();
    let scan = state.scan.clone().unwrap();
    assert_eq!(scan.candidates.len(), 1);
    assert!(shows(&state, "KINGSTON: klserver.cer"));
    assert!(state.form.certificate.is_none(), "listed, not chosen");
    click(&mut state, &secondary_label());
    let work = feed(&mut state, [Message::RescanPressed]);
    env.settle(&mut state, work);
    assert!(state.form.certificate.is_none(), "not chosen on a rescan");
    assert!(
        !shows(&state, &fingerprint_confirm_label()),
        "nothing to compare"
    );
    type_into(&mut state, ids::PRIMARY_ADDRESS, "127.0.0.1");
    assert!(click(&mut state, "Save").is_empty());
    assert!(shows(
        &state,
        "choose the primary Administration Server's certificate (klserver.cer)"
    ));
    assert!(!env.section().use_master, "nothing written");
}

#[test]
fn save_refuses_a_certificate_until_its_fingerprint_is_compared() {
    let env = Env::new();
    env.drive_with_primary_cert("KINGSTON");
    let mut state = env.page();
    click(&mut state, &secondary_label());
    click(&mut state, "KINGSTON: klserver.cer");
    let chosen = state.form.certificate.clone().unwrap();
    assert!(!chosen.confirmed);
    type_into(&mut state, ids::PRIMARY_ADDRESS, "127.0.0.1");
    state.form.ssl_port.clear();
    type_into(&mut state, ids::SSL_PORT, &env.pc.ssl_port.to_string());
    // The fingerprint to compare and the box to tick are shown with the certificate.
    assert!(shows(&state, &chosen.details.sha256_colon()));
    assert!(shows(&state, &fingerprint_confirm_label()));
    assert!(state.can_save(), "Save answers with what is missing");

    // Save (the button, and Enter) refuses it and says why, at the certificate.
    assert!(click(&mut state, "Save").is_empty());
    assert_eq!(
        state.error_at(Field::Certificate),
        Some(unconfirmed_problem())
    );
    assert!(shows(&state, &unconfirmed_problem()));
    let enter = state.shortcut(ksc_link::gui::widget::shortcuts::Shortcut::Default);
    assert!(feed(&mut state, enter).is_empty());
    assert!(!env.section().use_master, "nothing written");

    // Ticked: the complaint goes at once, and Save writes.
    click(&mut state, &fingerprint_confirm_label());
    assert_eq!(state.error_at(Field::Certificate), None);
    assert!(!shows(&state, &unconfirmed_problem()));
    // Unticked again: back to refusing.
    click(&mut state, &fingerprint_confirm_label());
    assert!(click(&mut state, "Save").is_empty());
    assert_eq!(
        state.error_at(Field::Certificate),
        Some(unconfirmed_problem())
    );
    click(&mut state, &fingerprint_confirm_label());
    let work = click(&mut state, "Save");
    assert!(matches!(work.as_slice(), [Work::Save { .. }]));
    env.settle(&mut state, work);
    assert!(state.save_error.is_none(), "{:?}", state.save_error);
    let s = env.section();
    assert!(s.use_master);
    assert_eq!(
        Pin::of_der(s.ssl_cert.as_deref().unwrap()).to_string(),
        env.pc.sha256
    );
}

#[test]
fn another_certificate_must_be_compared_again() {
    let env = Env::new();
    env.drive_with_primary_cert("KINGSTON");
    // A second stick holding some other server's certificate.
    let other = env.usb_root().join("OTHER");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::copy(&env.sc.cert_path, other.join("klserver.cer")).unwrap();
    let mut state = env.page();
    click(&mut state, &secondary_label());
    type_into(&mut state, ids::PRIMARY_ADDRESS, "127.0.0.1");
    pick_and_confirm(&mut state, "KINGSTON: klserver.cer");
    let confirmed = |s: &State| s.form.certificate.as_ref().unwrap().confirmed;

    // Another file picked: its fingerprint was never compared.
    let work = feed(
        &mut state,
        [Message::FileChosen(Some(env.sc.cert_path.clone()))],
    );
    env.settle(&mut state, work);
    assert_eq!(
        state.form.certificate.as_ref().unwrap().source,
        CertificateSource::File(env.sc.cert_path.clone())
    );
    assert!(!confirmed(&state), "another certificate, not compared");
    assert!(click(&mut state, "Save").is_empty());
    assert!(shows(&state, &unconfirmed_problem()));

    // The same goes for the other drive's entry, and back to the first one.
    click(&mut state, &fingerprint_confirm_label());
    assert!(confirmed(&state));
    click(&mut state, "KINGSTON: klserver.cer");
    assert!(
        !confirmed(&state),
        "back to the primary's: compare it again"
    );
    click(&mut state, &fingerprint_confirm_label());
    click(&mut state, "OTHER: klserver.cer");
    assert!(!confirmed(&state));
    assert_eq!(
        state
            .form
            .certificate
            .as_ref()
            .unwrap()
            .details
            .pin()
            .to_string(),
        env.sc.sha256
    );

    // The very certificate compared, read from another place, stays compared: the comparison
    // was of its fingerprint.
    click(&mut state, "KINGSTON: klserver.cer");
    click(&mut state, &fingerprint_confirm_label());
    let work = feed(
        &mut state,
        [Message::FileChosen(Some(env.pc.cert_path.clone()))],
    );
    env.settle(&mut state, work);
    assert_eq!(
        state.form.certificate.as_ref().unwrap().source,
        CertificateSource::File(env.pc.cert_path.clone())
    );
    assert!(confirmed(&state));
    assert!(!env.section().use_master, "nothing written");
}
