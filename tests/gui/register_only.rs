//! "Register on this server only": the wizard registers the secondary on the primary when the
//! secondary cannot be logged in to (unreachable, two-step verification required but not set
//! up, no address), and nothing is written on the secondary; its administrator then finishes on
//! the secondary's own "This server is secondary" page with the primary's klserver.cer from a
//! flash drive, and the primary reports it Active. Driven through iced_test's Simulator: against
//! a simulated primary and secondary with their hierarchy link running, and with fed answers
//! for the committed snapshots. Run with ICED_TEST_BACKEND=tiny-skia.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use futures::StreamExt;

use ksc_link::cli::demo::presets as demo_presets;
use ksc_link::gui::screen::secondary;
use ksc_link::gui::screen::wizard::{
    Action, Message, State, Work, certificate, credentials, finish, group, result,
};
use ksc_link::gui::widget::shortcuts::Shortcut;
use ksc_link::hierarchy::wizard::{LoginCheck, PrimaryContext, Step};
use ksc_link::hierarchy::{AddReport, Progress, Stage};
use ksc_link::kloapi::{
    ChildServer, ConnectOptions, GroupNode, KscClient, LoginOutcome, MasterSrvSection, ServerStatus,
};
use ksc_link::sim::ksc::link::LinkConfig;
use ksc_link::sim::pair::{ServerCard, SimPair, start_pair};
use ksc_link::tls::Pin;
use ksc_link::wire::auth::BasicCredentials;

use crate::gui_support;
use gui_support::{
    Window, assert_shows, click, feed, is_enabled, replace_in, runtime, settle, shows, snapshot,
    type_into,
};

use crate::common;
use common::DEADLINE;

/// The button on the credentials step.
const REGISTER_ONLY: &str = "Register on this server only";
/// The group the sim tests register the secondary in (in the primary's demo seed).
const GROUP: &str = "Secondary servers";

// ---------------------------------------------------------------------------------------------
// Snapshots: fixed certificates, fed answers (as tests/gui/wizard_snapshots.rs).

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
        ],
    )]
}

/// The wizard on a primary that is never called: every answer is fed by the test.
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

fn fed_child(status: ServerStatus) -> ChildServer {
    ChildServer {
        id: 3,
        display_name: "Berlin office".into(),
        group_id: Some(6),
        address: None,
        instance_id: None,
        status: Some(status),
        version: None,
        last_connected: None,
        passive: false,
        master_address: None,
        host_guid: None,
        certificate: None,
        public_key_hash: None,
    }
}

#[test]
fn register_only_summary_and_result_look_as_committed() {
    let rt = runtime();
    let mut s = fed_wizard();
    click(&mut s, "Berlin");
    feed(
        &mut s,
        [Message::Group(group::Message::NamesLoaded(6, Ok(vec![])))],
    );
    click(&mut s, "Next");
    // No address: the app will not be able to log in to the secondary.
    type_into(&mut s, "server-name", "Berlin office");
    click(&mut s, "Next");
    let work = feed(
        &mut s,
        [Message::Certificate(certificate::Message::FileChosen(
            Some(PathBuf::from(SECONDARY_CERT)),
        ))],
    );
    settle(&rt, &mut s, work);
    click(&mut s, "Next");
    assert_eq!(s.wizard.step(), Step::Connection);
    click(&mut s, "Next");

    // Credentials: without an address there is nothing to log in to; register only is offered.
    assert_eq!(s.wizard.step(), Step::Credentials);
    assert!(!is_enabled(&s, "Next"));
    assert_shows(
        &s,
        "The secondary's administrator then finishes on the secondary with this server's \
         certificate or a join file; nothing is written on the secondary from here.",
    );
    // The file's certificate is compared first: nothing else will check it.
    assert!(!is_enabled(&s, REGISTER_ONLY));
    click(
        &mut s,
        "I compared the fingerprint with the one shown on the secondary server",
    );
    let work = click(&mut s, REGISTER_ONLY);
    assert!(
        matches!(work.as_slice(), [Work::Preflight { .. }]),
        "{work:?}"
    );
    assert_eq!(s.wizard.step(), Step::Summary);
    assert!(s.wizard.is_register_only());
    assert!(
        !is_enabled(&s, "Finish"),
        "not while the pre-flight check runs"
    );
    gui_support::screens::preflight_passed(&mut s);

    // Summary: the primary's half only, and what the secondary's administrator must do.
    assert_shows(&s, "On the primary (registration of the secondary)");
    assert!(!shows(&s, "On the secondary (its primary server settings)"));
    assert_shows(
        &s,
        "What the secondary's administrator must do on the secondary",
    );
    assert_shows(
        &s,
        "Enter this server's address ksc-hq.corp.example and SSL port 13000.",
    );
    assert!(is_enabled(&s, "Finish") && is_enabled(&s, "Back"));
    snapshot(&s, "wizard_register_only_summary");

    // The keyboard as on the other steps: Enter and Alt+N are Finish, Alt+B is Back, Esc asks
    // before discarding.
    for key in [Shortcut::Default, Shortcut::Next] {
        assert!(matches!(s.shortcut(key), Some(Message::NextPressed)));
    }
    assert!(matches!(
        s.shortcut(Shortcut::Back),
        Some(Message::BackPressed)
    ));
    assert!(matches!(
        s.shortcut(Shortcut::Cancel),
        Some(Message::CancelPressed)
    ));

    // Back returns to the credentials step on the normal path; choosing again comes back.
    click(&mut s, "Back");
    assert_eq!(s.wizard.step(), Step::Credentials);
    assert!(!s.wizard.is_register_only());
    click(&mut s, REGISTER_ONLY);
    assert_eq!(s.wizard.step(), Step::Summary);
    gui_support::screens::preflight_passed(&mut s);

    // Finish runs the registration alone.
    let work = click(&mut s, "Finish");
    assert!(matches!(work.as_slice(), [Work::RegisterOnly { .. }]));
    assert_eq!(s.wizard.step(), Step::Finish);
    feed(
        &mut s,
        [Message::Finish(finish::Message::Progress(
            Progress::Started(Stage::Register),
        ))],
    );
    assert!(!shows(&s, "Pending: Configuring the secondary"));
    let report = AddReport {
        secondary_id: 3,
        on_primary: Vec::new(),
        on_secondary: Vec::new(),
        child: fed_child(ServerStatus::Inactive),
        section: MasterSrvSection::default(),
    };
    let work = feed(
        &mut s,
        [
            Message::Finish(finish::Message::Progress(Progress::Finished(
                Stage::Register,
                "registered as id 3 in Berlin".into(),
            ))),
            Message::Finish(finish::Message::Done(Arc::new(Ok(report)))),
        ],
    );
    assert!(matches!(
        work.as_slice(),
        [Work::ReadResult {
            group_id: 6,
            id: 3,
            ..
        }]
    ));
    assert_eq!(s.wizard.step(), Step::Result);
    assert!(matches!(
        s.shortcut(Shortcut::Default),
        Some(Message::CancelPressed)
    ));
    feed(
        &mut s,
        [Message::Result(result::Message::Read(Ok(Some(fed_child(
            ServerStatus::Inactive,
        )))))],
    );
    assert_shows(
        &s,
        "The secondary Administration Server \"Berlin office\" is listed in the group Berlin, \
         not Active yet.",
    );
    assert_shows(&s, "Inactive");
    snapshot(&s, "wizard_register_only_result");

    // Refresh reads it again; the certificate is saved through a dialog; the join file page.
    let work = click(&mut s, "Refresh");
    assert!(matches!(work.as_slice(), [Work::ReadResult { id: 3, .. }]));
    let work = click(&mut s, "Save this server's certificate…");
    let [Work::SavePrimaryCertificate { pem }] = work.as_slice() else {
        panic!("{work:?}");
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("klserver.cer");
    std::fs::write(&path, pem).unwrap();
    feed(
        &mut s,
        [Message::Credentials(
            credentials::Message::PrimaryCertificateSaved(Ok(Some(path.clone()))),
        )],
    );
    assert_shows(&s, &format!("Saved as {}", path.display()));
    assert_eq!(
        ksc_link::cert::load_certificate_file(&path).unwrap().pin(),
        Pin::of_der(&std::fs::read(PRIMARY_CERT).unwrap())
    );
    assert!(matches!(
        s.update(Message::Result(result::Message::ExportJoinFilePressed)),
        Action::ExportJoinFile
    ));
}

// ---------------------------------------------------------------------------------------------
// Against the simulators.

/// A registration as the simulated primary stores it.
#[derive(Debug, PartialEq)]
struct Registration {
    name: String,
    group_id: i32,
    status: i32,
    net_address: String,
}

struct Env {
    rt: tokio::runtime::Runtime,
    dir: tempfile::TempDir,
    pair: Option<SimPair>,
    pc: ServerCard,
    sc: ServerCard,
    primary: KscClient,
    secondary_admin: KscClient,
}

fn client(card: &ServerCard) -> KscClient {
    let mut o = ConnectOptions::new("127.0.0.1", Pin::from_hex(&card.sha256).unwrap());
    o.port = card.api_port;
    KscClient::new(o).unwrap()
}

/// A port on 127.0.0.1 where nothing listens (bound by the OS, then released).
fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

impl Env {
    fn start() -> Self {
        let rt = runtime();
        let dir = tempfile::tempdir().unwrap();
        let pair = rt
            .block_on(start_pair(&dir.path().join("sim"), LinkConfig::fast()))
            .unwrap();
        let [pc, sc] = pair.cards();
        let primary = client(&pc);
        let secondary_admin = client(&sc);
        rt.block_on(async {
            for (c, card) in [(&primary, &pc), (&secondary_admin, &sc)] {
                let creds = BasicCredentials {
                    user: card.user.clone(),
                    password: card.password.clone(),
                    domain: String::new(),
                    internal: true,
                };
                assert_eq!(c.login(&creds).await.unwrap(), LoginOutcome::LoggedIn);
            }
        });
        Self {
            rt,
            dir,
            pair: Some(pair),
            pc,
            sc,
            primary,
            secondary_admin,
        }
    }

    fn pair(&self) -> &SimPair {
        self.pair.as_ref().unwrap()
    }

    fn wizard(&self) -> State {
        let context = self
            .rt
            .block_on(PrimaryContext::load(&self.primary, "127.0.0.1"))
            .unwrap();
        State::new(self.primary.clone(), context)
    }

    fn registrations(&self) -> Vec<Registration> {
        self.pair().primary.sim().state().read(|d| {
            d.secondaries
                .values()
                .map(|s| Registration {
                    name: s.display_name.clone(),
                    group_id: s.group_id,
                    status: s.status,
                    net_address: s.net_address.clone(),
                })
                .collect()
        })
    }

    fn group_id(&self) -> i32 {
        self.pair().primary.sim().state().read(|d| {
            d.groups
                .values()
                .find(|g| g.name == GROUP)
                .map(|g| g.id)
                .unwrap()
        })
    }

    /// The secondary's KLSRV_MASTER_SRV section, read through its Open API.
    fn master_srv(&self) -> MasterSrvSection {
        self.rt.block_on(async {
            let hg = self.secondary_admin.host_group();
            let host = hg.server_hostname().await.unwrap();
            match hg.read_master_srv(&host).await {
                Ok(s) => s,
                Err(e) => panic!("{e}"),
            }
        })
    }

    /// Asserts the secondary's KLSRV_MASTER_SRV is as the seed left it: not secondary.
    fn assert_secondary_untouched(&self) {
        let s = self.master_srv();
        assert!(!s.use_master, "{s:?}");
        assert_eq!(s.address, None);
        assert_eq!(s.ssl_cert, None);
    }

    /// The folder standing for `/media/<user>`, holding the drive "KSC-TRANSFER" with the
    /// primary's klserver.cer.
    fn usb_root_with_primary_cert(&self) -> PathBuf {
        let root = self.dir.path().join("media/alice");
        let drive = root.join("KSC-TRANSFER");
        std::fs::create_dir_all(&drive).unwrap();
        std::fs::copy(&self.pc.cert_path, drive.join("klserver.cer")).unwrap();
        root
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        if let Some(pair) = self.pair.take() {
            self.rt.block_on(pair.shutdown());
        }
    }
}

/// Steps 1 to 5 against the simulators: the group, the name and the secondary's address and
/// ports as given, its certificate from its file, the primary's SSL port; ends on credentials.
fn up_to_credentials(env: &Env, s: &mut State, name: &str, address: (&str, u16, u16), dmz: bool) {
    type_into(s, "group-search", "secondary");
    let work = click(s, GROUP);
    settle(&env.rt, s, work);
    click(s, "Next");
    type_into(s, "server-name", name);
    if dmz {
        click(
            s,
            "Connect primary Administration Server to secondary Administration Server in DMZ",
        );
    }
    let (host, ssl, api) = address;
    type_into(s, "server-address", host);
    replace_in(s, "server-ssl-port", "13000", &ssl.to_string());
    replace_in(s, "server-api-port", "13299", &api.to_string());
    click(s, "Next");
    assert_eq!(s.wizard.step(), Step::Certificate);
    let work = feed(
        s,
        [Message::Certificate(certificate::Message::FileChosen(
            Some(env.sc.cert_path.clone()),
        ))],
    );
    settle(&env.rt, s, work);
    click(s, "Next");
    assert_eq!(s.wizard.step(), Step::Connection);
    replace_in(s, "primary-ssl-port", "13000", &env.pc.ssl_port.to_string());
    click(s, "Next");
    assert_eq!(s.wizard.step(), Step::Credentials);
}

/// Types the user and password and checks them; returns the state of the check.
fn check_login(env: &Env, s: &mut State, user: &str, password: &str) -> LoginCheck {
    type_into(s, "secondary-user", user);
    type_into(s, "secondary-password", password);
    assert!(
        !shows(s, REGISTER_ONLY),
        "offered only once the login failed"
    );
    let work = click(s, "Check credentials");
    settle(&env.rt, s, work);
    s.wizard.login.clone()
}

/// Register only, Finish (the run for real, its progress shown), and the Result step.
fn register_only_and_finish(env: &Env, s: &mut State, name: &str) -> ChildServer {
    assert!(!is_enabled(s, "Next"));
    if s.wizard.register_only_needs_confirmation() {
        // A certificate from a file is checked by nothing else when the secondary is not
        // logged in to: the fingerprint is compared first.
        assert!(!is_enabled(s, REGISTER_ONLY));
        let fingerprint = s
            .wizard
            .form
            .certificate
            .as_ref()
            .unwrap()
            .details
            .sha256_colon();
        assert_shows(
            s,
            &ksc_link::fl!(
                "wizard-credentials-register-only-compare",
                fingerprint = fingerprint
            ),
        );
        click(
            s,
            "I compared the fingerprint with the one shown on the secondary server",
        );
        assert!(!s.wizard.register_only_needs_confirmation());
    }
    let work = click(s, REGISTER_ONLY);
    assert_eq!(s.wizard.step(), Step::Summary);
    settle(&env.rt, s, work);
    let report = s.preflight.clone().expect("checked by itself");
    assert!(!report.has_errors(), "{}", report.to_text());
    assert_shows(
        s,
        &format!(
            "Enter this server's address 127.0.0.1 and SSL port {}.",
            env.pc.ssl_port
        ),
    );
    assert_eq!(env.registrations(), vec![], "a dry run");
    let work = click(s, "Finish");
    let [Work::RegisterOnly { .. }] = work.as_slice() else {
        panic!("{work:?}");
    };
    let messages: Vec<Message> = env
        .rt
        .block_on(work.into_iter().next().unwrap().into_stream().collect());
    let (last, progress) = messages.split_last().unwrap();
    assert_eq!(progress.len(), 2, "the register stage only: {progress:?}");
    for m in progress {
        assert!(feed(s, [m.clone()]).is_empty());
        if let Message::Finish(finish::Message::Progress(Progress::Finished(stage, what))) = m {
            assert_eq!(*stage, Stage::Register);
            assert!(what.ends_with(&format!(" in {GROUP}")), "{what}");
            assert_shows(
                s,
                &format!("Done: Registering the secondary on the primary: {what}"),
            );
        }
    }
    let work = feed(s, [last.clone()]);
    settle(&env.rt, s, work);
    assert_eq!(s.wizard.step(), Step::Result, "{:?}", s.run.failure);
    let child = s.result.clone().unwrap().unwrap().unwrap();
    assert_eq!(child.display_name, name);
    assert_eq!(child.status, Some(ServerStatus::Inactive));
    assert_shows(
        s,
        &format!(
            "The secondary Administration Server \"{name}\" is listed in the group {GROUP}, \
             not Active yet."
        ),
    );
    assert!(is_enabled(s, "Export join file") && is_enabled(s, "Done"));
    child
}

/// The "This server is secondary" page on the secondary, scanning `usb_root`, able to ask the
/// demo's preset primary whether it sees this server.
fn secondary_page(env: &Env, usb_root: &Path) -> secondary::State {
    let presets = demo_presets(env.pair());
    let mut page = secondary::State::new(
        env.secondary_admin.clone(),
        "ksc-branch (simulated)".into(),
        vec![usb_root.to_path_buf()],
    )
    .with_primaries(presets.iter().map(|p| p.login()).collect());
    page.primary_check_timeout = DEADLINE;
    let work = page.open();
    settle(&env.rt, &mut page, work);
    assert!(page.current.is_some(), "{:?}", page.load_error);
    page
}

/// The secondary page in a window tall enough to show all of it (the real one scrolls).
const PAGE: Window = Window {
    size: (1024.0, 2000.0),
    app_font: false,
};

#[test]
fn an_unreachable_secondary_is_registered_only_then_joins_from_its_side_and_is_active() {
    let env = Env::start();
    let mut s = env.wizard();
    let name = "Branch by USB";
    up_to_credentials(
        &env,
        &mut s,
        name,
        ("127.0.0.1", closed_port(), closed_port()),
        false,
    );
    let login = check_login(&env, &mut s, &env.sc.user, &env.sc.password);
    assert!(matches!(login, LoginCheck::Failed(_)), "{login:?}");
    assert_shows(&s, REGISTER_ONLY);
    assert!(
        s.wizard.register_only_needs_confirmation(),
        "the certificate came from a file nobody compared"
    );
    // Register only refuses it until then, whoever presses it.
    assert!(!s.wizard.clone().choose_register_only());
    let child = register_only_and_finish(&env, &mut s, name);

    // The primary has the registration, Inactive; the secondary's section is untouched.
    let group = env.group_id();
    assert_eq!(
        env.registrations(),
        vec![Registration {
            name: name.into(),
            group_id: group,
            status: 0,
            net_address: String::new(),
        }]
    );
    env.assert_secondary_untouched();

    // On the secondary: the page lists the primary's klserver.cer on the flash drive; the box
    // ticked, the admin picks it and ticks that its fingerprint was compared, types the
    // primary's address and port, Save.
    let usb = env.usb_root_with_primary_cert();
    let mut page = secondary_page(&env, &usb);
    assert!(PAGE.shows(&page, "KSC-TRANSFER: klserver.cer"));
    assert!(page.form.certificate.is_none(), "listed, not chosen");
    PAGE.click(&mut page, &secondary::secondary_label());
    PAGE.click(&mut page, "KSC-TRANSFER: klserver.cer");
    let chosen = page.form.certificate.clone().unwrap();
    assert_eq!(
        chosen.source,
        secondary::CertificateSource::Drive(usb.join("KSC-TRANSFER/klserver.cer"))
    );
    assert_eq!(chosen.details.pin().to_string(), env.pc.sha256);
    PAGE.click(&mut page, &secondary::fingerprint_confirm_label());
    if page.form.primary_address.is_empty() {
        PAGE.type_into(&mut page, secondary::ids::PRIMARY_ADDRESS, "127.0.0.1");
    }
    page.form.ssl_port.clear();
    PAGE.type_into(
        &mut page,
        secondary::ids::SSL_PORT,
        &env.pc.ssl_port.to_string(),
    );
    let work = PAGE.click(&mut page, "Save");
    assert!(matches!(work.as_slice(), [secondary::Work::Save { .. }]));
    settle(&env.rt, &mut page, work);
    assert!(page.save_error.is_none(), "{:?}", page.save_error);

    // The page asked the primary: it sees this server Active in the chosen group.
    let Some(secondary::PrimaryCheck::Done {
        seen: Some(seen), ..
    }) = &page.primary_check
    else {
        panic!("{:?}", page.primary_check);
    };
    assert_eq!(seen.server.id, child.id);
    assert_eq!(seen.server.group_id, Some(group));
    assert_eq!(seen.server.status, Some(ServerStatus::Active));
    assert!(PAGE.shows(&page, "Status: Active"));
    assert!(PAGE.shows(&page, &format!("Group: {GROUP}")));
    assert_eq!(env.registrations()[0].status, 1);

    // Back in the wizard, Refresh shows it Active.
    let work = click(&mut s, "Refresh");
    settle(&env.rt, &mut s, work);
    assert_shows(
        &s,
        &format!("The secondary Administration Server \"{name}\" is Active in the group {GROUP}."),
    );
}

#[test]
fn two_step_not_set_up_registers_only_a_dmz_secondary_with_its_address() {
    let env = Env::start();
    let (user, password) = env.pair().secondary.sim().state().read(|d| {
        let u = d.users.iter().find(|u| u.name == "needs2fa").unwrap();
        (u.name.clone(), u.password.clone())
    });
    let mut s = env.wizard();
    let name = "DMZ by hand";
    up_to_credentials(
        &env,
        &mut s,
        name,
        ("127.0.0.1", env.sc.ssl_port, env.sc.api_port),
        true,
    );
    let login = check_login(&env, &mut s, &user, &password);
    assert_eq!(login, LoginCheck::TwoFactorNotConfigured);
    assert_shows(&s, REGISTER_ONLY);
    register_only_and_finish(&env, &mut s, name);
    assert_eq!(
        env.registrations(),
        vec![Registration {
            name: name.into(),
            group_id: env.group_id(),
            status: 0,
            net_address: format!("http://127.0.0.1:{}", env.sc.ssl_port),
        }]
    );
    env.assert_secondary_untouched();
}

#[test]
fn export_join_file_on_the_result_opens_the_home_screens_page() {
    use ksc_link::gui::app::{App, Message as AppMessage, Page, Screen};
    use ksc_link::gui::screen::{connect::Connection, home};
    let env = Env::start();
    let _guard = env.rt.enter();
    let (mut app, _) = App::new(ksc_link::gui::GuiOptions {
        read_only_settings: true,
        ..Default::default()
    });
    let mut s = env.wizard();
    up_to_credentials(&env, &mut s, "Joined by file", ("", 13000, 13299), false);
    register_only_and_finish(&env, &mut s, "Joined by file");
    app.screen = Screen::Connected {
        home: home::State::new(Connection {
            client: env.primary.clone(),
            address: "127.0.0.1".into(),
            port: env.pc.api_port,
            user: env.pc.user.clone(),
            pin: Pin::from_hex(&env.pc.sha256).unwrap(),
        }),
        page: Some(Page::Wizard(Box::new(s))),
    };
    let _ = app.update(AppMessage::Wizard(Message::Result(
        result::Message::ExportJoinFilePressed,
    )));
    assert!(matches!(app.screen.page(), Some(Page::Export(_))));
}
