//! The add-secondary wizard clicked and typed through every step against a real simulated
//! primary and secondary (their hierarchy link running): the work each step returns is run for
//! real, and every outcome is checked on the simulators themselves — the registration on the
//! primary, the secondary's KLSRV_MASTER_SRV section, and the Result step read back from the
//! primary. Run with ICED_TEST_BACKEND=tiny-skia.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use futures::StreamExt;

use ksc_link::gui::screen::wizard::{Message, State, Work, certificate, credentials, finish};
use ksc_link::hierarchy::Progress;
use ksc_link::hierarchy::wizard::{CertificateSource, LoginCheck, PrimaryContext, Step};
use ksc_link::kloapi::{ConnectOptions, KscClient, LoginOutcome, MasterSrvSection, ServerStatus};
use ksc_link::sim::ksc::link::LinkConfig;
use ksc_link::sim::pair::{ServerCard, SimPair, start_pair};
use ksc_link::tls::Pin;
use ksc_link::wire::PxgError;
use ksc_link::wire::auth::BasicCredentials;

use crate::gui_support;
use gui_support::{
    assert_shows, click, enter_in, feed, is_enabled, replace_in, runtime, settle, shows, type_into,
};

/// The group every test adds the secondary to (in the primary's demo seed).
const GROUP: &str = "Secondary servers";

/// A registration as the simulated primary stores it.
#[derive(Debug, PartialEq)]
struct Registration {
    name: String,
    group_id: i32,
    active: bool,
    passive: bool,
    net_address: String,
}

/// A simulated pair, an administrator's session on each (to read outcomes), and the runtime
/// they all run on.
struct Env {
    rt: tokio::runtime::Runtime,
    _dir: tempfile::TempDir,
    pair: SimPair,
    pc: ServerCard,
    sc: ServerCard,
    /// The primary as the connect screen leaves it: logged in, pinned.
    primary: KscClient,
    /// An administrator on the secondary, to read its section.
    secondary_admin: KscClient,
}

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
            .block_on(start_pair(dir.path(), LinkConfig::fast()))
            .unwrap();
        let [pc, sc] = pair.cards();
        let primary = client(&pc);
        let secondary_admin = client(&sc);
        rt.block_on(async {
            for (c, card) in [(&primary, &pc), (&secondary_admin, &sc)] {
                assert_eq!(
                    c.login(&credentials_of(card)).await.unwrap(),
                    LoginOutcome::LoggedIn
                );
            }
        });
        Self {
            rt,
            _dir: dir,
            pair,
            pc,
            sc,
            primary,
            secondary_admin,
        }
    }

    /// The wizard as "Add secondary Administration Server" opens it on the home screen.
    fn wizard(&self) -> State {
        let context = self
            .rt
            .block_on(PrimaryContext::load(&self.primary, "127.0.0.1"))
            .unwrap();
        let mut state = State::new(self.primary.clone(), context);
        // The link of the simulators is quick: poll often, give up well before the test would.
        state.options.poll_interval = Duration::from_millis(200);
        state.options.link_timeout = Duration::from_secs(30);
        state
    }

    /// Registrations of secondaries on the simulated primary.
    fn registrations(&self) -> Vec<Registration> {
        self.pair.primary.sim().state().read(|d| {
            d.secondaries
                .values()
                .map(|s| Registration {
                    name: s.display_name.clone(),
                    group_id: s.group_id,
                    active: s.status == 1,
                    passive: s.passive,
                    net_address: s.net_address.clone(),
                })
                .collect()
        })
    }

    /// Id of the group `GROUP` on the simulated primary.
    fn group_id(&self) -> i32 {
        self.pair.primary.sim().state().read(|d| {
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
            hg.read_master_srv(&host).await.unwrap()
        })
    }

    /// The primary's certificate as the secondary must store it.
    fn primary_certificate(&self) -> Vec<u8> {
        self.rt
            .block_on(self.primary.host_group().server_certificate())
            .unwrap()
    }

    /// Asserts nothing was written anywhere: no registration, the secondary still standalone.
    fn assert_nothing_written(&self) {
        assert_eq!(self.registrations(), vec![]);
        let s = self.master_srv();
        assert!(!s.use_master, "{s:?}");
        assert_eq!(s.address, None);
    }

    /// Asserts the hierarchy exists on both simulators as the wizard described it.
    fn assert_hierarchy(&self, name: &str, dmz: bool) {
        let want = Registration {
            name: name.into(),
            group_id: self.group_id(),
            active: true,
            passive: dmz,
            net_address: if dmz {
                format!("http://127.0.0.1:{}", self.sc.ssl_port)
            } else {
                String::new()
            },
        };
        assert_eq!(self.registrations(), vec![want]);
        let s = self.master_srv();
        assert!(s.use_master);
        assert_eq!(s.address.as_deref(), Some("127.0.0.1"));
        assert_eq!(s.ports, vec![i32::from(self.pc.ssl_port)]);
        assert_eq!(s.passive_slave, dmz);
        assert!(!s.proxy_use);
        assert_eq!(
            Pin::of_der(&s.ssl_cert.unwrap()),
            Pin::of_der(&self.primary_certificate())
        );
    }

    fn stop(self) {
        let Env { rt, pair, .. } = self;
        rt.block_on(pair.shutdown());
    }
}

/// Step 1: search, choose the group (its names are read from the primary), Next.
fn group_step(env: &Env, s: &mut State) {
    assert_eq!(s.wizard.step(), Step::Group);
    assert!(!is_enabled(s, "Next"), "no group chosen yet");
    type_into(s, "group-search", "secondary");
    assert!(!shows(s, "Headquarters"), "the search hides other groups");
    let work = click(s, GROUP);
    assert!(matches!(work.as_slice(), [Work::LoadNames { .. }]));
    settle(&env.rt, s, work);
    assert_eq!(s.wizard.form.group_id, Some(env.group_id()));
    assert!(s.names_error.is_none(), "{:?}", s.names_error);
    assert_shows(s, &format!("Chosen: {GROUP}"));
    click(s, "Next");
    assert_eq!(s.wizard.step(), Step::Server);
}

/// Step 2: display name, DMZ, the secondary's address and ports, Next.
fn server_step(s: &mut State, name: &str, dmz: bool, ssl_port: u16, api_port: u16) {
    assert_eq!(s.wizard.step(), Step::Server);
    type_into(s, "server-name", name);
    if dmz {
        click(
            s,
            "Connect primary Administration Server to secondary Administration Server in DMZ",
        );
        assert!(s.wizard.form.dmz);
        assert_shows(
            s,
            "Required in DMZ mode: the primary server connects to this address",
        );
        assert!(!is_enabled(s, "Next"), "DMZ needs the address");
    }
    type_into(s, "server-address", "127.0.0.1");
    replace_in(s, "server-ssl-port", "13000", &ssl_port.to_string());
    replace_in(s, "server-api-port", "13299", &api_port.to_string());
    assert_eq!(s.wizard.form.ssl_port, ssl_port.to_string());
    assert_eq!(s.wizard.form.api_port, api_port.to_string());
    // Enter in the last field is Next.
    enter_in(s, "server-api-port");
    assert_eq!(s.wizard.step(), Step::Certificate);
}

/// Step 3: the certificate fetched from the secondary's SSL port, compared and confirmed.
fn certificate_fetched(env: &Env, s: &mut State) {
    assert_eq!(s.wizard.step(), Step::Certificate);
    assert!(!is_enabled(s, "Next"));
    let work = click(s, "Get from secondary Administration Server");
    assert!(matches!(work.as_slice(), [Work::FetchCertificate { .. }]));
    settle(&env.rt, s, work);
    let chosen = s.wizard.form.certificate.clone().unwrap();
    assert_eq!(chosen.details.pin().to_string(), env.sc.sha256);
    assert_eq!(
        chosen.source,
        CertificateSource::Fetched {
            host: "127.0.0.1".into(),
            port: env.sc.ssl_port
        }
    );
    assert_shows(s, &chosen.details.sha256_colon());
    assert!(
        !is_enabled(s, "Next"),
        "a fetched certificate must be confirmed first"
    );
    click(
        s,
        "I compared the fingerprint with the one shown on the secondary server",
    );
    assert!(s.wizard.form.certificate.as_ref().unwrap().confirmed);
    click(s, "Next");
    assert_eq!(s.wizard.step(), Step::Connection);
}

/// Step 3: "Browse for the certificate file", the dialog answered with the secondary's
/// klserver.cer.
fn certificate_from_file(env: &Env, s: &mut State) {
    assert_eq!(s.wizard.step(), Step::Certificate);
    let work = click(s, "Browse for the certificate file");
    assert!(matches!(work.as_slice(), [Work::PickCertificateFile]));
    let work = feed(
        s,
        [Message::Certificate(certificate::Message::FileChosen(
            Some(env.sc.cert_path.clone()),
        ))],
    );
    settle(&env.rt, s, work);
    assert!(s.certificate_error.is_none(), "{:?}", s.certificate_error);
    let chosen = s.wizard.form.certificate.clone().unwrap();
    assert_eq!(chosen.details.pin().to_string(), env.sc.sha256);
    assert_shows(s, &format!("From the file {}", env.sc.cert_path.display()));
    assert_shows(s, &chosen.details.sha256_colon());
    assert!(
        !shows(
            s,
            "I compared the fingerprint with the one shown on the secondary server"
        ),
        "a chosen file needs no confirmation"
    );
    click(s, "Next");
    assert_eq!(s.wizard.step(), Step::Connection);
}

/// Step 4: the primary's address (prefilled) and SSL port as the secondary dials them.
fn connection_step(env: &Env, s: &mut State) {
    assert_eq!(s.wizard.step(), Step::Connection);
    assert_eq!(s.wizard.form.primary_address, "127.0.0.1");
    replace_in(s, "primary-ssl-port", "13000", &env.pc.ssl_port.to_string());
    click(s, "Next");
    assert_eq!(s.wizard.step(), Step::Credentials);
}

/// Step 5: types the user and password and checks them; returns the state of the check.
fn check_credentials(env: &Env, s: &mut State, user: &str, password: &str) -> LoginCheck {
    assert_eq!(s.wizard.step(), Step::Credentials);
    assert!(!is_enabled(s, "Next"), "nothing checked yet");
    if !s.wizard.form.user.is_empty() {
        let current = s.wizard.form.user.clone();
        replace_in(s, "secondary-user", &current, user);
    } else {
        type_into(s, "secondary-user", user);
    }
    if !s.wizard.form.password.is_empty() {
        let current = s.wizard.form.password.expose().to_string();
        replace_in(s, "secondary-password", &current, password);
    } else {
        type_into(s, "secondary-password", password);
    }
    assert_eq!(s.wizard.form.user, user);
    assert_eq!(s.wizard.form.password.expose(), password);
    let work = click(s, "Check credentials");
    assert!(matches!(work.as_slice(), [Work::Login { .. }]));
    assert_eq!(s.wizard.login, LoginCheck::Checking);
    settle(&env.rt, s, work);
    s.wizard.login.clone()
}

/// Steps 5 to 6: the credentials work; Next to the summary, which says what will be written.
fn verified_then_summary(env: &Env, s: &mut State, name: &str, dmz: bool) {
    assert_eq!(s.wizard.login, LoginCheck::Verified);
    assert_shows(s, "Logged in to the secondary: the credentials work.");
    assert!(s.secondary.is_some());
    let work = click(s, "Next");
    assert_eq!(s.wizard.step(), Step::Summary);
    // The pre-flight check runs by itself; Finish waits for it.
    assert!(
        matches!(work.as_slice(), [Work::Preflight { .. }]),
        "{work:?}"
    );
    assert!(!is_enabled(s, "Finish"));
    settle(&env.rt, s, work);
    let report = s.preflight.clone().expect("checked");
    assert!(!report.has_errors(), "{}", report.to_text());
    assert_shows(s, "On the primary (registration of the secondary)");
    assert_shows(s, name);
    assert_shows(s, &format!("{GROUP} (id {})", env.group_id()));
    assert_shows(
        s,
        &s.wizard
            .form
            .certificate
            .as_ref()
            .unwrap()
            .details
            .sha256_colon(),
    );
    assert_shows(s, &env.pc.ssl_port.to_string());
    if dmz {
        assert_shows(s, &format!("http://127.0.0.1:{}", env.sc.ssl_port));
    } else {
        assert_shows(s, "none: the secondary connects to the primary");
    }
    // A dry run: nothing is written yet.
    env.assert_nothing_written();
}

/// Step 6 to 8: Finish; the run's progress is shown stage by stage, then the Result step reads
/// the secondary back from the primary.
fn finish_and_result(env: &Env, s: &mut State, name: &str) {
    assert!(is_enabled(s, "Finish"));
    let work = click(s, "Finish");
    assert_eq!(s.wizard.step(), Step::Finish);
    assert!(s.run.running);
    assert!(!is_enabled(s, "Cancel"), "no cancelling while writing");
    run_finish(env, s, work);
    assert_eq!(s.wizard.step(), Step::Result, "{:?}", s.run.failure);
    result_is_active(s, name);
}

/// Runs the work Finish (or Retry) returned, feeding its progress one event at a time: each
/// stage shows as done on the Finish step as soon as it is reported.
fn run_finish(env: &Env, s: &mut State, work: Vec<Work>) {
    let [Work::AddSecondary { .. }] = work.as_slice() else {
        panic!("expected the run, got {work:?}");
    };
    let messages: Vec<Message> = env
        .rt
        .block_on(work.into_iter().next().unwrap().into_stream().collect());
    let (last, progress) = messages.split_last().unwrap();
    assert!(matches!(last, Message::Finish(finish::Message::Done(_))));
    for m in progress {
        assert!(feed(s, [m.clone()]).is_empty());
        assert_eq!(s.wizard.step(), Step::Finish);
        if let Message::Finish(finish::Message::Progress(Progress::Finished(stage, what))) = m {
            let name = stage.to_string();
            let name = format!("{}{}", name[..1].to_uppercase(), &name[1..]);
            assert_shows(s, &format!("Done: {name}: {what}"));
        }
    }
    let work = feed(s, [last.clone()]);
    settle(&env.rt, s, work);
}

/// The Result step shows the secondary Active in its group, as read back from the primary.
fn result_is_active(s: &State, name: &str) {
    let child = s.result.clone().unwrap().unwrap().unwrap();
    assert_eq!(child.display_name, name);
    assert_eq!(child.status, Some(ServerStatus::Active));
    assert_shows(
        s,
        &format!("The secondary Administration Server \"{name}\" is Active in the group {GROUP}."),
    );
    assert_shows(s, "Active");
    assert_shows(s, &child.version.clone().unwrap());
    assert!(child.last_connected.is_some());
    assert!(is_enabled(s, "Done"));
}

#[test]
fn normal_path_with_the_fetched_certificate_confirmed_ends_active() {
    let env = Env::start();
    let mut s = env.wizard();
    group_step(&env, &mut s);
    server_step(
        &mut s,
        "Berlin office",
        false,
        env.sc.ssl_port,
        env.sc.api_port,
    );
    certificate_fetched(&env, &mut s);
    connection_step(&env, &mut s);
    let login = check_credentials(&env, &mut s, &env.sc.user, &env.sc.password);
    assert_eq!(login, LoginCheck::Verified);
    verified_then_summary(&env, &mut s, "Berlin office", false);
    finish_and_result(&env, &mut s, "Berlin office");
    env.assert_hierarchy("Berlin office", false);
    // Every stage is listed as done.
    assert_eq!(
        s.run
            .progress
            .iter()
            .filter(|p| matches!(p, Progress::Finished(..)))
            .count(),
        4
    );
    // The same name in the same group is now refused inline, read from the primary.
    let mut again = env.wizard();
    group_step(&env, &mut again);
    type_into(&mut again, "server-name", "berlin office");
    assert_shows(
        &again,
        "A secondary server with this name already exists in the group",
    );
    assert!(!is_enabled(&again, "Next"));
    env.stop();
}

#[test]
fn dmz_path_the_primary_dials_the_secondary_and_it_ends_active() {
    let env = Env::start();
    let mut s = env.wizard();
    group_step(&env, &mut s);
    server_step(
        &mut s,
        "DMZ gateway",
        true,
        env.sc.ssl_port,
        env.sc.api_port,
    );
    certificate_fetched(&env, &mut s);
    assert_shows(
        &s,
        "In DMZ mode the primary connects to the secondary; the secondary still keeps the \
         primary's address and certificate to recognise it.",
    );
    connection_step(&env, &mut s);
    let login = check_credentials(&env, &mut s, &env.sc.user, &env.sc.password);
    assert_eq!(login, LoginCheck::Verified);
    verified_then_summary(&env, &mut s, "DMZ gateway", true);
    finish_and_result(&env, &mut s, "DMZ gateway");
    env.assert_hierarchy("DMZ gateway", true);
    let child = s.result.clone().unwrap().unwrap().unwrap();
    assert!(child.passive);
    env.stop();
}

#[test]
fn certificate_from_the_secondarys_file_ends_active() {
    let env = Env::start();
    let mut s = env.wizard();
    group_step(&env, &mut s);
    server_step(
        &mut s,
        "Branch by file",
        false,
        env.sc.ssl_port,
        env.sc.api_port,
    );
    certificate_from_file(&env, &mut s);
    connection_step(&env, &mut s);
    let login = check_credentials(&env, &mut s, &env.sc.user, &env.sc.password);
    assert_eq!(login, LoginCheck::Verified);
    verified_then_summary(&env, &mut s, "Branch by file", false);
    finish_and_result(&env, &mut s, "Branch by file");
    env.assert_hierarchy("Branch by file", false);
    env.stop();
}

/// The current code of a base32 TOTP secret, and one that is wrong at every accepted step.
fn codes(secret: &str) -> (String, String) {
    let totp = totp_rs::Builder::new()
        .with_algorithm(totp_rs::Algorithm::SHA1)
        .with_digits(6)
        .with_step_duration(30)
        .with_secret(totp_rs::Secret::try_from_base32(secret).unwrap())
        .build()
        .unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let accepted: Vec<String> = (0..5)
        .map(|i| totp.generate(now + i * 30 - 60).to_string())
        .collect();
    let wrong = (0..1000)
        .map(|i| format!("{:06}", i * 1117))
        .find(|c| !accepted.contains(c))
        .unwrap();
    (totp.generate_current().to_string(), wrong)
}

#[test]
fn two_step_verification_on_the_secondary_asks_for_the_code_and_ends_active() {
    let env = Env::start();
    let (user, password, secret) = env.pair.secondary.sim().state().read(|d| {
        let u = d.users.iter().find(|u| u.name == "twofa").unwrap();
        (
            u.name.clone(),
            u.password.clone(),
            u.totp_secret.clone().unwrap(),
        )
    });
    let mut s = env.wizard();
    group_step(&env, &mut s);
    server_step(
        &mut s,
        "Two-step branch",
        false,
        env.sc.ssl_port,
        env.sc.api_port,
    );
    certificate_fetched(&env, &mut s);
    connection_step(&env, &mut s);
    let login = check_credentials(&env, &mut s, &user, &password);
    assert_eq!(login, LoginCheck::CodeRequired { length: 6 });
    assert_shows(
        &s,
        "The secondary asks for the 6-digit security code from the authenticator app.",
    );
    assert!(!is_enabled(&s, "Submit code"), "no code typed yet");
    assert!(!is_enabled(&s, "Next"));
    // A secondary on time: measured, nothing to warn about, the countdown once it ticks.
    let offset = s.secondary_clock.unwrap();
    assert!(!offset.is_worth_warning(), "{offset:?}");
    assert_eq!(credentials::clock_warning(&s), None);
    assert_eq!(text_containing(&s, "clock"), None);
    assert!(s.counts_down());
    feed(
        &mut s,
        [Message::Credentials(credentials::Message::ClockTicked(
            fixed_now(),
        ))],
    );
    let left = crate::gui_support::seconds_left_by_hand(fixed_now(), offset.offset_ms());
    assert_shows(&s, &format!("The current code changes in {left} s"));

    // A wrong code is refused; another may be typed.
    let (_, wrong) = codes(&secret);
    type_into(&mut s, "secondary-code", &wrong);
    let work = click(&mut s, "Submit code");
    assert!(matches!(work.as_slice(), [Work::SubmitCode { .. }]));
    settle(&env.rt, &mut s, work);
    assert_eq!(s.wizard.login, LoginCheck::WrongCode { length: 6 });
    assert!(s.wizard.form.code.is_empty(), "the wrong code is cleared");
    assert_shows(
        &s,
        "The secondary refused the last code; type the current one",
    );
    assert!(!is_enabled(&s, "Next"));

    // The right code (Enter in the field submits it).
    let (good, _) = codes(&secret);
    type_into(&mut s, "secondary-code", &good);
    let work = enter_in(&mut s, "secondary-code");
    assert!(matches!(work.as_slice(), [Work::SubmitCode { .. }]));
    settle(&env.rt, &mut s, work);
    verified_then_summary(&env, &mut s, "Two-step branch", false);
    finish_and_result(&env, &mut s, "Two-step branch");
    env.assert_hierarchy("Two-step branch", false);
    env.stop();
}

/// The code an authenticator shows when its clock is `offset` seconds from this computer's.
fn code_at(secret: &str, offset: i64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    totp_rs::Builder::new()
        .with_secret(totp_rs::Secret::try_from_base32(secret).unwrap())
        .build()
        .unwrap()
        .generate(now.checked_add_signed(offset).unwrap())
        .to_string()
}

/// A text of the step that contains `needle`, if any.
fn text_containing(s: &State, needle: &str) -> Option<String> {
    gui_support::sim(s.view())
        .find(|c: iced_test::selector::Candidate<'_>| match c {
            iced_test::selector::Candidate::Text { content, .. } if content.contains(needle) => {
                Some(content.to_string())
            }
            _ => None,
        })
        .ok()
}

/// 2024-05-01 12:00:18.4 UTC by this computer's clock: a fixed "now" for the countdown.
fn fixed_now() -> std::time::SystemTime {
    std::time::UNIX_EPOCH + Duration::from_millis(1_714_564_818_400)
}

#[test]
fn a_secondary_clock_ahead_is_named_while_the_code_is_asked_and_a_wrong_code_keeps_the_form() {
    let env = Env::start();
    let sim = env.pair.secondary.sim();
    sim.state().set_clock_offset(300);
    let secret = sim.state().read(|d| {
        let u = d.users.iter().find(|u| u.name == "twofa").unwrap();
        u.totp_secret.clone().unwrap()
    });
    let mut s = env.wizard();
    group_step(&env, &mut s);
    server_step(
        &mut s,
        "Skewed branch",
        false,
        env.sc.ssl_port,
        env.sc.api_port,
    );
    certificate_fetched(&env, &mut s);
    // Step 4 with a proxy, to see that a refused code leaves it alone.
    replace_in(
        &mut s,
        "primary-ssl-port",
        "13000",
        &env.pc.ssl_port.to_string(),
    );
    click(
        &mut s,
        "The secondary server uses a proxy server to reach the primary",
    );
    type_into(&mut s, "proxy-address", "proxy.corp.example");
    type_into(&mut s, "proxy-user", "branch");
    type_into(&mut s, "proxy-password", "Proxy-Pass-1");
    click(&mut s, "Next");
    assert_eq!(s.wizard.step(), Step::Credentials);
    assert!(!s.counts_down());

    let login = check_credentials(&env, &mut s, "twofa", "TwoFactor-2024");
    assert_eq!(login, LoginCheck::CodeRequired { length: 6 });
    let offset = s.secondary_clock.unwrap();
    assert!(
        (298_000..=302_000).contains(&offset.offset_ms()),
        "{offset:?}"
    );
    let warning = credentials::clock_warning(&s).unwrap();
    assert!(
        warning.starts_with("127.0.0.1's clock is ")
            && warning.contains(" ahead of this computer's"),
        "{warning}"
    );
    assert_shows(&s, &warning);

    // The countdown, on the secondary's clock, from the first tick on.
    assert!(s.counts_down());
    assert_eq!(text_containing(&s, "The current code changes in"), None);
    feed(
        &mut s,
        [Message::Credentials(credentials::Message::ClockTicked(
            fixed_now(),
        ))],
    );
    let left = crate::gui_support::seconds_left_by_hand(fixed_now(), offset.offset_ms());
    assert_shows(&s, &format!("The current code changes in {left} s"));

    // A code by this computer's clock is refused; the rest of the form stays as typed.
    type_into(&mut s, "secondary-code", &code_at(&secret, 0));
    let work = click(&mut s, "Submit code");
    assert!(matches!(work.as_slice(), [Work::SubmitCode { .. }]));
    settle(&env.rt, &mut s, work);
    assert_eq!(s.wizard.login, LoginCheck::WrongCode { length: 6 });
    let f = &s.wizard.form;
    assert_eq!(f.user, "twofa");
    assert_eq!(f.password.expose(), "TwoFactor-2024");
    assert!(f.internal);
    assert!(f.use_proxy);
    assert_eq!(f.proxy_address, "proxy.corp.example");
    assert_eq!(f.proxy_user, "branch");
    assert_eq!(f.proxy_password.expose(), "Proxy-Pass-1");
    assert_eq!(f.primary_address, "127.0.0.1");
    assert_eq!(f.primary_ssl_port, env.pc.ssl_port.to_string());
    assert_eq!(f.secondary_address, "127.0.0.1");
    assert_eq!(f.api_port, env.sc.api_port.to_string());
    assert!(f.certificate.as_ref().unwrap().confirmed);
    assert!(f.code.is_empty(), "only the refused code is cleared");
    assert_shows(&s, "twofa");
    assert_shows(
        &s,
        "The secondary refused the last code; type the current one",
    );
    assert_shows(&s, &warning);
    // The server states no number of tries: the step names none.
    assert_eq!(text_containing(&s, "attempt"), None);
    assert_eq!(text_containing(&s, "tries"), None);
    // Back to the proxy and forward again: still there, and the code still asked for.
    click(&mut s, "Back");
    assert_eq!(s.wizard.step(), Step::Connection);
    assert_shows(&s, "proxy.corp.example");
    click(&mut s, "Next");
    assert_eq!(s.wizard.step(), Step::Credentials);
    assert_eq!(s.wizard.login, LoginCheck::WrongCode { length: 6 });

    // Codes refused until the secondary ends the login: said so, the form kept, the clock named.
    for _ in 0..10 {
        type_into(&mut s, "secondary-code", &code_at(&secret, 0));
        let work = click(&mut s, "Submit code");
        settle(&env.rt, &mut s, work);
        if !matches!(s.wizard.login, LoginCheck::WrongCode { .. }) {
            break;
        }
    }
    let ended = "127.0.0.1 ended this login after refused codes. Everything else you typed is kept: start again to be asked for a new code.";
    assert_eq!(s.wizard.login, LoginCheck::Failed(ended.to_string()));
    assert_shows(&s, ended);
    assert_shows(&s, &warning);
    assert_eq!(s.wizard.form.user, "twofa");
    assert_eq!(s.wizard.form.password.expose(), "TwoFactor-2024");
    assert_eq!(s.wizard.form.proxy_address, "proxy.corp.example");
    assert!(!s.counts_down());

    // Checking again asks for a new code, in an empty field.
    let work = click(&mut s, "Check credentials");
    settle(&env.rt, &mut s, work);
    assert_eq!(s.wizard.login, LoginCheck::CodeRequired { length: 6 });
    assert!(s.wizard.form.code.is_empty());

    // An authenticator on the secondary's time makes a code it accepts.
    type_into(&mut s, "secondary-code", &code_at(&secret, 300));
    let work = click(&mut s, "Submit code");
    settle(&env.rt, &mut s, work);
    assert_eq!(s.wizard.login, LoginCheck::Verified);
    assert!(!s.counts_down());
    assert_eq!(text_containing(&s, "The current code changes in"), None);
    env.stop();
}

#[test]
fn two_step_required_but_not_configured_offers_the_secondary_side_flow() {
    let env = Env::start();
    let (user, password) = env.pair.secondary.sim().state().read(|d| {
        let u = d.users.iter().find(|u| u.name == "needs2fa").unwrap();
        assert!(u.require_2fa && u.totp_secret.is_none());
        (u.name.clone(), u.password.clone())
    });
    let mut s = env.wizard();
    group_step(&env, &mut s);
    server_step(
        &mut s,
        "Unconfigured branch",
        false,
        env.sc.ssl_port,
        env.sc.api_port,
    );
    certificate_fetched(&env, &mut s);
    connection_step(&env, &mut s);
    let login = check_credentials(&env, &mut s, &user, &password);
    assert_eq!(login, LoginCheck::TwoFactorNotConfigured);
    assert_shows(
        &s,
        "Two-step verification is required for this account but not set up yet",
    );
    assert!(!is_enabled(&s, "Next"));
    assert!(s.secondary.is_none());

    // "Save the primary's certificate…": the save dialog answered with a file in a temporary
    // folder; what is written there is the primary's certificate.
    let work = click(&mut s, "Save the primary's certificate…");
    let [Work::SavePrimaryCertificate { pem }] = work.as_slice() else {
        panic!("expected the save dialog, got {work:?}");
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
    let saved = ksc_link::cert::load_certificate_file(&path).unwrap();
    assert_eq!(saved.pin().to_string(), env.pc.sha256);

    env.assert_nothing_written();
    env.stop();
}

#[test]
fn unreachable_secondary_names_the_step_that_failed_and_writes_nothing() {
    let env = Env::start();
    let mut s = env.wizard();
    group_step(&env, &mut s);
    let (ssl, api) = (closed_port(), closed_port());
    server_step(&mut s, "Nowhere", false, ssl, api);

    // Getting the certificate fails with the reason and the alternative.
    let work = click(&mut s, "Get from secondary Administration Server");
    settle(&env.rt, &mut s, work);
    let e = s.certificate_error.clone().unwrap();
    assert!(e.starts_with("Could not get the certificate: "), "{e}");
    assert!(e.contains(&format!("127.0.0.1:{ssl}")), "{e}");
    assert!(e.contains("browse for the certificate file instead"), "{e}");
    assert_shows(&s, &e);
    assert!(s.wizard.form.certificate.is_none());
    assert!(!is_enabled(&s, "Next"));

    // With the certificate from its file, the login fails: the message names the address and
    // the step, and advises as the Web Console does.
    certificate_from_file(&env, &mut s);
    connection_step(&env, &mut s);
    let login = check_credentials(&env, &mut s, &env.sc.user, &env.sc.password);
    let LoginCheck::Failed(why) = login else {
        panic!("expected a failure, got {login:?}");
    };
    assert!(why.contains(&format!("127.0.0.1:{api}")), "{why}");
    assert!(
        why.contains("specify the secondary's certificate manually"),
        "{why}"
    );
    assert_shows(&s, &why);
    assert!(!is_enabled(&s, "Next"));
    assert!(s.secondary.is_none());
    env.assert_nothing_written();
    env.stop();
}

#[test]
fn wrong_password_is_refused_and_the_right_one_then_accepted() {
    let env = Env::start();
    let mut s = env.wizard();
    group_step(&env, &mut s);
    server_step(
        &mut s,
        "Typo branch",
        false,
        env.sc.ssl_port,
        env.sc.api_port,
    );
    certificate_fetched(&env, &mut s);
    connection_step(&env, &mut s);
    let login = check_credentials(&env, &mut s, &env.sc.user, "not-the-password");
    let LoginCheck::Failed(why) = login else {
        panic!("expected a failure, got {login:?}");
    };
    assert!(why.contains("refused the user name or password"), "{why}");
    assert!(why.contains(&env.sc.user), "{why}");
    assert_shows(&s, &why);
    assert!(!is_enabled(&s, "Next"));
    env.assert_nothing_written();

    // Typing the right password clears the failure; checking again works.
    let login = check_credentials(&env, &mut s, &env.sc.user, &env.sc.password);
    assert_eq!(login, LoginCheck::Verified);
    assert!(!shows(&s, &why));
    assert!(is_enabled(&s, "Next"));
    env.assert_nothing_written();
    env.stop();
}

#[test]
fn failure_during_finish_keeps_everything_and_retry_completes_the_hierarchy() {
    let env = Env::start();
    let mut s = env.wizard();
    group_step(&env, &mut s);
    server_step(
        &mut s,
        "Retry branch",
        false,
        env.sc.ssl_port,
        env.sc.api_port,
    );
    certificate_fetched(&env, &mut s);
    connection_step(&env, &mut s);
    assert_eq!(
        check_credentials(&env, &mut s, &env.sc.user, &env.sc.password),
        LoginCheck::Verified
    );
    verified_then_summary(&env, &mut s, "Retry branch", false);

    // The secondary refuses to write its settings once (as an account without that right).
    env.pair.secondary.sim().state().inject_fault(
        "HostGroup.SS_Write",
        PxgError::new(5, "KLSTD", "Access denied"),
    );
    let work = click(&mut s, "Finish");
    run_finish(&env, &mut s, work);
    assert_eq!(s.wizard.step(), Step::Finish);
    let failure = s.run.failure.clone().unwrap();
    assert!(failure.contains("configuring the secondary"), "{failure}");
    assert!(failure.contains("Access denied"), "{failure}");
    assert_shows(&s, "The hierarchy was not created");
    assert_shows(&s, &failure);
    // The registration stays (kept for a retry), and the view says so. The secondary refused
    // the write, so its settings are not called written; the rollback still restores them.
    let partial = s.run.partial.clone().unwrap();
    let id = partial.registered_id.unwrap();
    assert!(partial.section_write_attempted && !partial.section_written);
    assert_shows(
        &s,
        &format!(
            "Written so far: the registration of the secondary on the primary (id {id}). \
             The secondary did not confirm the primary server settings: a write it refused \
             leaves its settings as they were, and Roll back restores them anyway in case the \
             write landed. \
             Retry to finish the hierarchy, roll back to remove what was written, or keep it as it is."
        ),
    );
    let regs = env.registrations();
    assert_eq!(regs.len(), 1);
    assert_eq!(regs[0].name, "Retry branch");
    assert!(!regs[0].active);
    assert!(!env.master_srv().use_master);
    // Every input is kept, and nothing can be cancelled while the half-built hierarchy waits.
    assert_eq!(s.wizard.form.display_name, "Retry branch");
    assert_eq!(s.wizard.form.user, env.sc.user);
    assert!(!is_enabled(&s, "Cancel"));
    assert!(is_enabled(&s, "Roll back"));
    assert!(is_enabled(&s, "Keep what was written"));

    // Retry resumes the kept registration instead of adding another.
    let work = click(&mut s, "Retry");
    assert!(s.run.running);
    run_finish(&env, &mut s, work);
    assert_eq!(s.wizard.step(), Step::Result, "{:?}", s.run.failure);
    assert_eq!(s.run.report.as_ref().unwrap().secondary_id, id);
    result_is_active(&s, "Retry branch");
    env.assert_hierarchy("Retry branch", false);
    env.stop();
}

#[test]
fn failure_during_finish_then_roll_back_removes_the_registration() {
    let env = Env::start();
    let mut s = env.wizard();
    group_step(&env, &mut s);
    server_step(
        &mut s,
        "Rolled back branch",
        false,
        env.sc.ssl_port,
        env.sc.api_port,
    );
    certificate_fetched(&env, &mut s);
    connection_step(&env, &mut s);
    assert_eq!(
        check_credentials(&env, &mut s, &env.sc.user, &env.sc.password),
        LoginCheck::Verified
    );
    verified_then_summary(&env, &mut s, "Rolled back branch", false);
    env.pair.secondary.sim().state().inject_fault(
        "HostGroup.SS_Write",
        PxgError::new(5, "KLSTD", "Access denied"),
    );
    let work = click(&mut s, "Finish");
    run_finish(&env, &mut s, work);
    assert_eq!(env.registrations().len(), 1);

    let work = click(&mut s, "Roll back");
    assert!(matches!(work.as_slice(), [Work::RollBack { .. }]));
    assert!(!is_enabled(&s, "Retry"), "busy while rolling back");
    settle(&env.rt, &mut s, work);
    let (ok, note) = s.run.rollback_note.clone().unwrap();
    assert!(ok, "{note}");
    assert!(note.starts_with("Rolled back: "), "{note}");
    assert_shows(&s, &note);
    env.assert_nothing_written();
    // Nothing is left written: Cancel is possible again, and the settings can be changed.
    assert!(is_enabled(&s, "Cancel"));
    click(&mut s, "Change settings");
    assert_eq!(s.wizard.step(), Step::Summary);
    env.stop();
}

/// Through step 6 with the fetched certificate, as the admin fills it in.
fn up_to_summary(env: &Env, s: &mut State, name: &str) {
    group_step(env, s);
    server_step(s, name, false, env.sc.ssl_port, env.sc.api_port);
    certificate_fetched(env, s);
    connection_step(env, s);
    assert_eq!(
        check_credentials(env, s, &env.sc.user, &env.sc.password),
        LoginCheck::Verified
    );
    verified_then_summary(env, s, name, false);
}

#[test]
fn keep_then_change_settings_then_finish_resumes_the_kept_registration_and_section() {
    use ksc_link::sim::ksc::faults::TransportFault;
    let env = Env::start();
    let mut s = env.wizard();
    up_to_summary(&env, &mut s, "Kept branch");
    // The secondary writes its settings but the answer is lost: the registration and the
    // write are both kept.
    env.pair
        .secondary
        .sim()
        .state()
        .inject_transport_fault("HostGroup.SS_Write", TransportFault::ReplyLost);
    let work = click(&mut s, "Finish");
    run_finish(&env, &mut s, work);
    assert_eq!(s.wizard.step(), Step::Finish);
    let id = s.run.partial.clone().unwrap().registered_id.unwrap();
    assert!(env.master_srv().use_master, "the lost write landed");
    click(&mut s, "Keep what was written");
    assert_shows(
        &s,
        "Everything you typed is kept: retry, or change the settings.",
    );
    click(&mut s, "Change settings");
    assert_eq!(s.wizard.step(), Step::Summary);
    assert_eq!(s.wizard.form.display_name, "Kept branch");

    // Finish again; this run fails too (the secondary refuses the write), then rolls back.
    env.pair.secondary.sim().state().inject_fault(
        "HostGroup.SS_Write",
        PxgError::new(5, "KLSTD", "Access denied"),
    );
    let work = click(&mut s, "Finish");
    run_finish(&env, &mut s, work);
    assert_eq!(s.wizard.step(), Step::Finish);
    let partial = s.run.partial.clone().unwrap();
    assert_eq!(
        partial.registered_id,
        Some(id),
        "the kept one, not a second"
    );
    assert_eq!(env.registrations().len(), 1);
    let previous = partial.previous_section.clone().unwrap();
    assert!(
        !previous.use_master,
        "the section before the first run, not the first run's write: {previous:?}"
    );
    let work = click(&mut s, "Roll back");
    settle(&env.rt, &mut s, work);
    assert_eq!(env.registrations(), vec![], "no orphan");
    assert!(!env.master_srv().use_master, "the original section is back");

    // Retry from nothing finishes the hierarchy.
    let work = click(&mut s, "Retry");
    run_finish(&env, &mut s, work);
    assert_eq!(s.wizard.step(), Step::Result, "{:?}", s.run.failure);
    env.assert_hierarchy("Kept branch", false);
    env.stop();
}

#[test]
fn reply_lost_after_register_says_so_and_retry_adopts_the_registration() {
    use ksc_link::sim::ksc::faults::TransportFault;
    let env = Env::start();
    let mut s = env.wizard();
    up_to_summary(&env, &mut s, "Lost answer");
    let primary = env.pair.primary.sim().state();
    primary.inject_transport_fault("ServerHierarchy.RegisterServer", TransportFault::ReplyLost);
    // The look-up that follows fails too, so the outcome stays unknown.
    primary.inject_transport_fault("ServerHierarchy.GetServerInfo", TransportFault::Http500);
    let work = click(&mut s, "Finish");
    run_finish(&env, &mut s, work);
    assert_eq!(s.wizard.step(), Step::Finish);
    let failure = s.run.failure.clone().unwrap();
    assert!(failure.contains("registering"), "{failure}");
    assert!(
        failure.contains("Retry looks for that registration first"),
        "{failure}"
    );
    assert_shows(&s, &failure);
    assert_shows(
        &s,
        "Written so far: perhaps the registration of the secondary on the primary (its answer \
         was lost). Retry to finish the hierarchy, roll back to remove what was written, or keep \
         it as it is.",
    );
    assert_eq!(s.wizard.form.display_name, "Lost answer");
    assert_eq!(s.wizard.form.user, env.sc.user);
    assert!(!is_enabled(&s, "Cancel"));
    assert_eq!(env.registrations().len(), 1, "the primary committed it");

    let work = click(&mut s, "Retry");
    run_finish(&env, &mut s, work);
    assert_eq!(s.wizard.step(), Step::Result, "{:?}", s.run.failure);
    result_is_active(&s, "Lost answer");
    env.assert_hierarchy("Lost answer", false);
    env.stop();
}

/// The primary's certificate is replaced between two calls of Finish (after the registration):
/// the wizard stops, names the primary and both fingerprints, keeps every entry and what was
/// written, and Retry adopts the registration once the primary presents its own certificate again.
#[test]
fn certificate_changed_between_calls_stops_finish_and_retry_adopts_the_registration() {
    use ksc_link::sim::ksc::faults::TransportFault;
    let env = Env::start();
    let mut s = env.wizard();
    up_to_summary(&env, &mut s, "Changed certificate");
    let trusted = ksc_link::tls::Pin::of_der(env.pair.primary.sim().cert_der());
    env.pair.primary.sim().state().inject_transport_fault(
        "ServerHierarchy.RegisterServer",
        TransportFault::CertificateReplaced,
    );
    let work = click(&mut s, "Finish");
    run_finish(&env, &mut s, work);
    assert_eq!(s.wizard.step(), Step::Finish);
    let failure = s.run.failure.clone().unwrap();
    assert!(failure.contains("certificate changed"), "{failure}");
    assert!(failure.contains(&trusted.colon_hex()), "{failure}");
    assert!(
        failure.contains(&format!("127.0.0.1:{}", env.pc.api_port)),
        "names the primary: {failure}"
    );
    assert_shows(&s, &failure);
    assert_eq!(s.wizard.form.display_name, "Changed certificate");
    assert_eq!(s.wizard.form.user, env.sc.user);
    assert!(!is_enabled(&s, "Cancel"), "a half-built hierarchy waits");
    assert_eq!(env.registrations().len(), 1, "registered before the change");

    env.pair.primary.sim().present_certificate(None).unwrap();
    let work = click(&mut s, "Retry");
    run_finish(&env, &mut s, work);
    assert_eq!(s.wizard.step(), Step::Result, "{:?}", s.run.failure);
    result_is_active(&s, "Changed certificate");
    env.assert_hierarchy("Changed certificate", false);
    env.stop();
}

/// At Finish the secondary presents another certificate than the one confirmed in the wizard
/// (reinstalled meanwhile, or someone in between): nothing is written anywhere, the wizard says
/// which server and which certificate, and Retry works once the right certificate is back.
#[test]
fn wrong_certificate_on_the_secondary_at_finish_writes_nothing_and_retry_works() {
    let env = Env::start();
    let mut s = env.wizard();
    up_to_summary(&env, &mut s, "Wrong certificate");
    let (other, identity, _) =
        ksc_link::cert::generate_server_identity(&["127.0.0.1".to_string()], 30).unwrap();
    env.pair
        .secondary
        .sim()
        .present_certificate(Some(identity))
        .unwrap();
    let work = click(&mut s, "Finish");
    run_finish(&env, &mut s, work);
    assert_eq!(s.wizard.step(), Step::Finish);
    let failure = s.run.failure.clone().unwrap();
    assert!(failure.contains(&other.sha256_colon()), "{failure}");
    assert!(
        failure.contains(&format!("127.0.0.1:{}", env.sc.api_port)),
        "names the secondary: {failure}"
    );
    assert_shows(&s, &failure);
    assert!(env.registrations().is_empty(), "nothing on the primary");
    assert!(is_enabled(&s, "Cancel"), "nothing to roll back");
    assert_eq!(s.wizard.form.display_name, "Wrong certificate");

    env.pair.secondary.sim().present_certificate(None).unwrap();
    let work = click(&mut s, "Retry");
    run_finish(&env, &mut s, work);
    assert_eq!(s.wizard.step(), Step::Result, "{:?}", s.run.failure);
    env.assert_hierarchy("Wrong certificate", false);
    env.stop();
}

/// The secondary's certificate is registered already, elsewhere on the primary: Finish says
/// where, offers to replace that registration, and the replacement builds the hierarchy with one
/// registration, the plan's.
#[test]
fn a_registration_in_the_way_is_offered_for_replacement_and_replaced() {
    let env = Env::start();
    let mut s = env.wizard();
    up_to_summary(&env, &mut s, "Replacing");
    let der = env.pair.secondary.sim().cert_der().to_vec();
    let old = env
        .rt
        .block_on(env.primary.server_hierarchy().register_server(
            "Registered by hand",
            0,
            &der,
            "",
            &ksc_link::wire::Params::new(),
        ))
        .unwrap();
    let work = click(&mut s, "Finish");
    run_finish(&env, &mut s, work);
    assert_eq!(s.wizard.step(), Step::Finish);
    let failure = s.run.failure.clone().unwrap();
    assert!(failure.contains("\"Registered by hand\""), "{failure}");
    assert!(failure.contains("or replace it"), "{failure}");
    assert!(is_enabled(&s, "Cancel"), "nothing written yet");
    let replace = format!("Replace registration {old}");
    assert!(is_enabled(&s, &replace));

    let work = click(&mut s, &replace);
    run_finish(&env, &mut s, work);
    assert_eq!(s.wizard.step(), Step::Result, "{:?}", s.run.failure);
    result_is_active(&s, "Replacing");
    let names: Vec<_> = env.registrations().into_iter().map(|r| r.name).collect();
    assert_eq!(names, ["Replacing"]);
    env.assert_hierarchy("Replacing", false);
    env.stop();
}

/// "Save as plan file…" on the summary writes a plan without a password, and that plan runs
/// unchanged from the command line: the primary's password from the keyring (put there with
/// `ksc-link secret set`), the secondary's from standard input.
#[test]
fn a_plan_saved_from_the_wizard_runs_unchanged_from_the_command_line() {
    use ksc_link::gui::screen::wizard::summary;
    use ksc_link::gui::widget::path_entry;
    use std::io::Write;
    use std::process::{Command, Stdio};
    if !crate::gui_support::keyring_usable() {
        return;
    }
    let env = Env::start();
    let mut s = env.wizard();
    up_to_summary(&env, &mut s, "From a plan");
    // Below the summary: a window tall enough to show it without scrolling.
    let tall = gui_support::Window::sized((gui_support::WINDOW.0, 1400.0));
    let work = tall.click(&mut s, "Save as plan file…");
    assert!(
        matches!(work.as_slice(), [Work::SavePlanFile { .. }]),
        "{work:?}"
    );
    let plan = env._dir.path().join("berlin.toml");
    let work = feed(
        &mut s,
        [
            Message::Summary(summary::Message::PlanTypedPath(
                path_entry::Message::NoDialog,
            )),
            Message::Summary(summary::Message::PlanTypedPath(
                path_entry::Message::Changed(plan.display().to_string()),
            )),
            Message::Summary(summary::Message::PlanTypedPath(
                path_entry::Message::Submitted,
            )),
        ],
    );
    settle(&env.rt, &mut s, work);
    assert!(tall.shows(&s, &format!("Plan saved as {}.", plan.display())));
    let text = std::fs::read_to_string(&plan).unwrap();
    for secret in [&env.pc.password, &env.sc.password] {
        assert!(!text.contains(secret.as_str()), "no password in the plan");
    }
    assert!(env.registrations().is_empty(), "saving writes nothing");

    let ksc_link = |args: &[&str], stdin: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ksc-link"))
            .args(["--lang", "en"])
            .args(args)
            .env("KSC_LINK_LOG_DIR", env._dir.path().join("logs"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(format!("{stdin}\n").as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let server = format!("127.0.0.1:{}", env.pc.api_port);
    let out = ksc_link(
        &["secret", "set", "--server", &server, "--user", &env.pc.user],
        &env.pc.password,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = ksc_link(
        &["add-secondary", "--plan", plan.to_str().unwrap(), "--json"],
        &env.sc.password,
    );
    let _ = ksc_link::secrets::delete_blocking(&ksc_link::secrets::SecretKey::ksc_user(
        "127.0.0.1",
        env.pc.api_port,
        &env.pc.user,
    ));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let result: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(result["result"], "done");
    assert_eq!(result["status"], "Active");
    env.assert_hierarchy("From a plan", false);
    env.stop();
}

/// The pre-flight check on the summary: every check passes against the simulators; once the
/// primary is made secondary of this secondary (a loop), the check says so and Finish stays
/// disabled until the summary is left.
#[test]
fn the_pre_flight_check_on_the_summary_shows_each_check_and_an_error_disables_finish() {
    let env = Env::start();
    let mut s = env.wizard();
    up_to_summary(&env, &mut s, "Checked first");
    let tall = gui_support::Window::sized((gui_support::WINDOW.0, 1600.0));
    let report = s.preflight.clone().expect("checked");
    assert!(!report.has_errors(), "{}", report.to_text());
    let first = &report.findings[0];
    assert!(
        tall.shows(&s, &format!("✓ {}: {}", first.check, first.reason)),
        "{}",
        report.to_text()
    );
    assert!(is_enabled(&s, "Finish"));

    // The primary becomes secondary of this secondary: Finish would build a loop.
    let der = env.pair.secondary.sim().cert_der().to_vec();
    env.rt.block_on(async {
        let host = env.primary.host_group().server_hostname().await.unwrap();
        let section = MasterSrvSection {
            use_master: true,
            address: Some("127.0.0.1".into()),
            ports: vec![i32::from(env.sc.ssl_port)],
            ssl_cert: Some(der),
            ..Default::default()
        };
        env.primary
            .host_group()
            .write_master_srv(&host, ksc_link::kloapi::SsWriteMode::Clear, &section)
            .await
            .unwrap();
    });
    let work = tall.click(&mut s, "Check again");
    settle(&env.rt, &mut s, work);
    assert!(s.preflight.as_ref().unwrap().has_errors());
    assert!(tall.shows(
        &s,
        "Finish stays disabled until the errors above are resolved (or the settings changed)."
    ));
    assert!(!is_enabled(&s, "Finish"));
    assert!(env.registrations().is_empty());

    // Leaving the summary drops the stale report.
    click(&mut s, "Back");
    assert!(s.preflight.is_none());
    env.stop();
}

/// The verdict of one pre-flight check on the summary, by its English name.
fn verdict_of(s: &State, check: &str) -> ksc_link::hierarchy::preflight::Verdict {
    let report = s.preflight.as_ref().expect("checked");
    report
        .findings
        .iter()
        .find(|f| f.check == check)
        .unwrap_or_else(|| panic!("no {check:?} in\n{}", report.to_text()))
        .verdict
}

/// "Check again" on the summary, run to its end.
fn check_again(env: &Env, s: &mut State) {
    let work = click(s, "Check again");
    assert!(
        matches!(work.as_slice(), [Work::Preflight { .. }]),
        "{work:?}"
    );
    assert!(!is_enabled(s, "Finish"), "not while the check runs");
    settle(&env.rt, s, work);
    assert!(!s.preflight_running);
}

/// Each pre-flight check made to fail on the simulators, one fault at a time, and passing again
/// once the fault is gone: a reinstalled secondary, a closed SSL port, a server already
/// secondary of another primary, a loop through the secondary's own secondaries, a display name
/// taken in the group, KSC for Linux 13 as the primary, a mixed 15.4 hierarchy, secondary
/// servers not enabled on the primary, Cloud Console's server as the secondary, and a virtual
/// server. Errors disable Finish; warnings do not.
#[test]
fn each_pre_flight_check_fails_and_passes_against_the_simulators() {
    use ksc_link::hierarchy::preflight::Verdict;
    let env = Env::start();
    let mut s = env.wizard();
    up_to_summary(&env, &mut s, "Checked branch");
    assert_eq!(
        verdict_of(&s, "Two-step verification on the secondary"),
        Verdict::Pass
    );
    assert_eq!(verdict_of(&s, "Display name"), Verdict::Pass);
    assert_eq!(
        verdict_of(&s, "Secondary servers allowed on the primary"),
        Verdict::Pass
    );
    let versions = s
        .preflight
        .as_ref()
        .unwrap()
        .findings
        .iter()
        .find(|f| f.check == "Versions and platforms")
        .unwrap()
        .reason
        .clone();
    assert!(versions.contains("14.2.0.26967 for Windows"), "{versions}");
    let primary_sim = env.pair.primary.sim();
    let secondary_sim = env.pair.secondary.sim();
    let finish_blocked = |s: &State, check: &str| {
        assert_eq!(verdict_of(s, check), Verdict::Error);
        assert!(!is_enabled(s, "Finish"), "an error disables Finish");
    };

    // The secondary reinstalled: it presents another certificate than the chosen one.
    let (other, identity, _) =
        ksc_link::cert::generate_server_identity(&["127.0.0.1".to_string()], 30).unwrap();
    let installed = secondary_sim.identity();
    secondary_sim.reinstall(identity).unwrap();
    check_again(&env, &mut s);
    finish_blocked(&s, "The secondary's certificate now");
    assert!(
        s.preflight
            .as_ref()
            .unwrap()
            .to_text()
            .contains(&other.sha256_colon()),
        "names the certificate found"
    );
    secondary_sim.reinstall(installed).unwrap();
    check_again(&env, &mut s);
    assert!(!s.preflight.as_ref().unwrap().has_errors());
    assert!(is_enabled(&s, "Finish"));

    // The primary's SSL port as the secondary will dial it is closed: not observable from
    // here, said so, and no error.
    let port = s.wizard.form.primary_ssl_port.clone();
    s.wizard.form.primary_ssl_port = closed_port().to_string();
    check_again(&env, &mut s);
    assert_eq!(verdict_of(&s, "Who dials whom"), Verdict::CouldNotCheck);
    assert!(is_enabled(&s, "Finish"));
    s.wizard.form.primary_ssl_port = port;

    // Already secondary of another primary: a warning naming it.
    env.rt.block_on(async {
        let hg = env.secondary_admin.host_group();
        let host = hg.server_hostname().await.unwrap();
        let section = MasterSrvSection {
            use_master: true,
            address: Some("ksc-old.corp.example".into()),
            ports: vec![13000],
            ssl_cert: Some(other.der.clone()),
            ..Default::default()
        };
        hg.write_master_srv(&host, ksc_link::kloapi::SsWriteMode::Clear, &section)
            .await
            .unwrap();
    });
    check_again(&env, &mut s);
    assert_eq!(verdict_of(&s, "Existing primary"), Verdict::Warning);
    assert!(
        s.preflight
            .as_ref()
            .unwrap()
            .to_text()
            .contains("ksc-old.corp.example")
    );
    assert!(is_enabled(&s, "Finish"));
    env.rt.block_on(async {
        let hg = env.secondary_admin.host_group();
        let host = hg.server_hostname().await.unwrap();
        hg.write_master_srv(
            &host,
            ksc_link::kloapi::SsWriteMode::Clear,
            &MasterSrvSection::default(),
        )
        .await
        .unwrap();
    });

    // A loop: the primary is registered as a secondary of the secondary.
    let looped = env.rt.block_on(async {
        let root = env
            .secondary_admin
            .host_group()
            .static_info()
            .await
            .unwrap()
            .root_group
            .unwrap();
        env.secondary_admin
            .server_hierarchy()
            .register_server(
                "HQ",
                root,
                primary_sim.cert_der(),
                "",
                &ksc_link::wire::Params::new(),
            )
            .await
            .unwrap()
    });
    check_again(&env, &mut s);
    finish_blocked(&s, "No loop");
    env.rt
        .block_on(env.secondary_admin.server_hierarchy().del_server(looped))
        .unwrap();

    // The display name taken in the group by another server.
    let taken = env
        .rt
        .block_on(env.primary.server_hierarchy().register_server(
            "checked BRANCH",
            env.group_id(),
            &other.der,
            "",
            &ksc_link::wire::Params::new(),
        ));
    let taken = taken.unwrap();
    check_again(&env, &mut s);
    finish_blocked(&s, "Display name");
    env.rt
        .block_on(env.primary.server_hierarchy().del_server(taken))
        .unwrap();

    // KSC for Linux 13 can only be a secondary.
    primary_sim
        .state()
        .update(|d| {
            d.server.linux = true;
            d.server.version = "13.0.0.1100".into();
        })
        .unwrap();
    check_again(&env, &mut s);
    finish_blocked(&s, "Server roles");
    assert!(
        s.preflight
            .as_ref()
            .unwrap()
            .to_text()
            .contains("KSC 13.0.0.1100 for Linux")
    );

    // 15.4 and an older secondary: a warning about installing applications on it.
    primary_sim
        .state()
        .update(|d| {
            d.server.linux = false;
            d.server.version = "15.4.0.100".into();
        })
        .unwrap();
    check_again(&env, &mut s);
    assert_eq!(verdict_of(&s, "Server roles"), Verdict::Pass);
    assert_eq!(verdict_of(&s, "Versions and platforms"), Verdict::Warning);
    assert!(is_enabled(&s, "Finish"));

    // Secondary servers not enabled on the primary (LP_SlaveServer = 0).
    primary_sim
        .state()
        .update(|d| d.server.secondary_servers_enabled = false)
        .unwrap();
    check_again(&env, &mut s);
    assert_eq!(
        verdict_of(&s, "Secondary servers allowed on the primary"),
        Verdict::Warning
    );

    // Cloud Console's server cannot be a secondary.
    secondary_sim
        .state()
        .update(|d| d.server.cloud_console = true)
        .unwrap();
    check_again(&env, &mut s);
    finish_blocked(&s, "Server roles");
    secondary_sim
        .state()
        .update(|d| d.server.cloud_console = false)
        .unwrap();

    // Logged in to a virtual server of the secondary instead of the server itself.
    secondary_sim
        .state()
        .update(|d| {
            let root = d.server.root_group;
            d.add_vserver("Customer A", root)
        })
        .unwrap();
    let mut o = ConnectOptions::new("127.0.0.1", Pin::from_hex(&env.sc.sha256).unwrap());
    o.port = env.sc.api_port;
    o.vserver = Some("Customer A".into());
    let virtual_login = KscClient::new(o).unwrap();
    env.rt.block_on(async {
        assert_eq!(
            virtual_login.login(&credentials_of(&env.sc)).await.unwrap(),
            LoginOutcome::LoggedIn
        );
    });
    s.secondary = Some(virtual_login);
    check_again(&env, &mut s);
    finish_blocked(&s, "Server roles");
    assert!(
        s.preflight
            .as_ref()
            .unwrap()
            .to_text()
            .contains("the secondary is a virtual Administration Server")
    );
    assert!(env.registrations().is_empty(), "nothing was written");
    env.stop();
}

/// The report is copied as text, saved as text or JSON (by the file's name), and saved to a
/// typed path where no save dialog can be shown.
#[test]
fn the_pre_flight_report_is_copied_and_saved_as_text_and_json() {
    use ksc_link::gui::screen::wizard::{Action, summary};
    let env = Env::start();
    let mut s = env.wizard();
    up_to_summary(&env, &mut s, "Reported branch");
    let report = s.preflight.clone().unwrap();

    // Copy: the text for the clipboard, headed by the secondary's name.
    let mut ui = gui_support::APP.sim(s.view());
    ui.click("Copy report").unwrap();
    let messages: Vec<Message> = ui.into_messages().collect();
    let mut copied = None;
    for m in messages {
        if let Action::CopyToClipboard(text) = s.update(m) {
            copied = Some(text);
        }
    }
    let copied = copied.expect("copied");
    assert!(
        copied.starts_with("Pre-flight check: Reported branch\n"),
        "{copied}"
    );
    assert!(copied.contains(&report.to_text()));
    assert_shows(&s, "The report is on the clipboard.");

    // Save: the dialog is answered with a .json name, then a .txt name.
    let dir = tempfile::tempdir().unwrap();
    let work = click(&mut s, "Save report…");
    let [Work::SaveReport { text, json }] = work.as_slice() else {
        panic!("{work:?}");
    };
    for (name, want_json) in [("report.json", true), ("report.txt", false)] {
        let path = dir.path().join(name);
        let write = Work::WriteReport {
            path: path.clone(),
            text: text.clone(),
            json: json.clone(),
        };
        settle(&env.rt, &mut s, vec![write]);
        assert_shows(&s, &format!("Report saved as {}", path.display()));
        let written = std::fs::read_to_string(&path).unwrap();
        if want_json {
            let value: serde_json::Value = serde_json::from_str(&written).unwrap();
            assert_eq!(value, report.to_json());
        } else {
            assert_eq!(written, copied);
        }
    }

    // No save dialog: a path typed in the field.
    feed(
        &mut s,
        [Message::Summary(summary::Message::ReportTypedPath(
            ksc_link::gui::widget::path_entry::Message::NoDialog,
        ))],
    );
    let typed = dir.path().join("typed.json");
    type_into(
        &mut s,
        summary::REPORT_PATH_ID,
        &typed.display().to_string(),
    );
    let work = enter_in(&mut s, summary::REPORT_PATH_ID);
    settle(&env.rt, &mut s, work);
    let value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&typed).unwrap()).unwrap();
    assert_eq!(value, report.to_json());

    // A file that cannot be written says which and why, and keeps the report.
    let work = vec![Work::WriteReport {
        path: dir.path().join("missing-folder").join("r.txt"),
        text: "x".into(),
        json: "x".into(),
    }];
    settle(&env.rt, &mut s, work);
    assert!(
        s.report_note
            .as_ref()
            .is_some_and(|(ok, note)| !ok && note.contains("r.txt"))
    );
    assert!(s.preflight.is_some());
    env.stop();
}
