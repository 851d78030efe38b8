//! The Autotask integration prerequisites and the mapping screen in each language the app speaks
//! besides English: every check run against the simulated primary Administration Server and the
//! simulated Autotask tenant, the translated titles, results, steps and "what to do" found by
//! their `fl!` texts, and snapshots of the checked page and of the mapping screen with its
//! suggestions committed per language under tests/snapshots/. One language per test: nextest
//! runs each test in its own process, and the language is process-wide.
//! Run with ICED_TEST_BACKEND=tiny-skia.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use iced_test::{Simulator, selector};
use ksc_link::autotask::{ClientOptions, Credentials, Trust};
use ksc_link::cli::demo::autotask as demo_autotask;
use ksc_link::fl;
use ksc_link::gui::screen::mapping::{self, CredentialSource, Source};
use ksc_link::gui::screen::prerequisites::{Action, Message, State};
use ksc_link::integration::prerequisites::{CheckId, CheckState, password_steps};
use ksc_link::integration::{CsvRowError, CsvRowProblem, kes_cloud};
use ksc_link::tls::Pin;

use crate::gui_support::servers::Servers;

/// As wide as the app's window; tall enough for the whole checked page.
const PAGE: (f32, f32) = (980.0, 1500.0);
/// The app's window.
const WINDOW: (f32, f32) = (980.0, 760.0);

fn sim<'a, M>(
    size: (f32, f32),
    element: impl Into<iced::Element<'a, M>>,
) -> Simulator<'a, M, iced::Theme, iced::Renderer> {
    Simulator::with_size(ksc_link::gui::font::settings(), size, element)
}

/// Compares the view with the committed hash `tests/snapshots/<name>-tiny-skia.sha256`; with
/// `KSC_LINK_SNAPSHOT_PNG_DIR` set, the picture is also written there as a PNG, to look at.
#[track_caller]
fn snapshot<'a, M: 'a>(size: (f32, f32), element: impl Into<iced::Element<'a, M>>, name: &str) {
    let mut ui = sim(size, element);
    let snap = ui
        .snapshot(&ksc_link::gui::style::palette::light())
        .unwrap();
    if let Some(dir) = std::env::var_os("KSC_LINK_SNAPSHOT_PNG_DIR") {
        let path = std::path::Path::new(&dir).join(name);
        let _ = std::fs::remove_file(path.with_file_name(format!("{name}-tiny-skia.png")));
        snap.matches_image(path).unwrap();
    }
    assert!(
        snap.matches_hash(format!("tests/snapshots/{name}"))
            .unwrap(),
        "snapshot {name} changed"
    );
}

/// The simulated servers, and what these tests do with them.
struct Env(Servers);

impl std::ops::Deref for Env {
    type Target = Servers;

    fn deref(&self) -> &Servers {
        &self.0
    }
}

impl Env {
    fn new() -> Self {
        Self(Servers::start())
    }

    /// The page prefilled with the simulated tenant, as the demo has it.
    fn page(&self) -> State {
        State::new(self.ksc.clone(), None, Some(&demo_autotask(self.at())))
    }

    /// Handles messages, running the checks and work they start.
    fn feed(&self, page: &mut State, messages: Vec<Message>) {
        for m in messages {
            match page.update(m) {
                Action::CheckAndRemember { work, .. } | Action::Run(work) => {
                    let done = self.rt.block_on(work.run());
                    page.update(done);
                }
                Action::None | Action::Close | Action::OpenMapping { .. } => {}
            }
        }
    }

    /// Clicks the widget showing `label`.
    fn click(&self, page: &mut State, label: &str) {
        let mut ui = sim(PAGE, page.view());
        ui.click(label).unwrap_or_else(|e| panic!("{label}: {e}"));
        let messages: Vec<_> = ui.into_messages().collect();
        self.feed(page, messages);
    }

    /// The mapping screen for the primary's virtual servers, loaded.
    fn mapping(&self) -> mapping::State {
        let mut page = mapping::State::new(
            Source::Ksc(self.ksc.clone()),
            ClientOptions::new(
                &self.at().base_url(),
                Trust::Pinned(Pin::of_der(self.at().cert_der())),
            ),
            CredentialSource::Given(Credentials {
                user_name: self.at().user().to_string(),
                secret: self.at().secret().clone(),
                integration_code: self.at().integration_code().clone(),
            }),
            &BTreeMap::new(),
        );
        let loaded = self.rt.block_on(page.open().run());
        assert!(matches!(
            page.update(loaded),
            mapping::Action::Checked { .. }
        ));
        assert!(page.is_loaded());
        page
    }
}

#[track_caller]
fn assert_shows<'a, M: 'a>(element: impl Into<iced::Element<'a, M>>, needle: &str) {
    assert!(
        sim(PAGE, element).find(needle).is_ok(),
        "not shown: {needle}"
    );
}

/// `text` with every `127.0.0.1:<port>` made `127.0.0.1:8443`.
fn fixed_ports(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("127.0.0.1:") {
        let (head, tail) = rest.split_at(i + "127.0.0.1:".len());
        out.push_str(head);
        out.push_str("8443");
        rest = tail.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    out.push_str(rest);
    out
}

/// Switches the process to `tag` and checks that a message really comes out in it.
fn speak(tag: &str, check_all: &str) {
    assert_eq!(ksc_link::i18n::set_language(Some(tag)).unwrap(), tag);
    assert_eq!(fl!("prereq-check-all"), check_all);
}

/// Runs every check against the simulators in the current language, confirms the manual item,
/// shows a wrong secret's "what to do", and draws the checked page and the mapping screen.
fn prerequisites_and_mapping(lang: &str) {
    let env = Env::new();
    let mut page = env.page();
    assert_shows(page.view(), &fl!("prereq-title"));
    assert_shows(page.view(), &fl!("prereq-intro"));
    assert_shows(page.view(), &fl!("prereq-check-password"));
    assert_shows(page.view(), &fl!("prereq-not-checked"));
    for (number, step) in (1usize..).zip(password_steps()) {
        assert_shows(
            page.view(),
            &fl!("prereq-password-step", number = number, step = step),
        );
    }

    env.click(&mut page, &fl!("prereq-check-all"));
    for (id, state) in page.checklist.items() {
        if id.is_manual() {
            assert_eq!(state, &CheckState::NotChecked);
        } else {
            assert!(state.is_ok(), "{id:?}: {state:?}");
        }
        assert_shows(page.view(), &id.title());
    }
    assert_eq!(
        page.checklist.state(CheckId::KscConnection),
        &CheckState::Ok(fl!("prereq-ksc-answers"))
    );
    assert_shows(page.view(), &fl!("prereq-vservers-found", count = 3));
    let CheckState::Ok(accounts) = page.checklist.state(CheckId::CompaniesQuery) else {
        panic!("{:?}", page.checklist);
    };
    assert!(accounts.chars().next().is_some_and(|c| c.is_ascii_digit()));
    let CheckState::Ok(counts) = page.checklist.state(CheckId::AccountsPerVServer) else {
        panic!("{:?}", page.checklist);
    };
    let n: usize = accounts
        .split_whitespace()
        .next()
        .and_then(|w| w.parse().ok())
        .unwrap();
    assert_eq!(
        counts,
        &fl!("prereq-counts", vservers = 3, accounts = n),
        "{accounts}"
    );

    env.click(&mut page, &fl!("prereq-check-password"));
    assert!(page.checklist.all_ok(), "{:?}", page.checklist);
    assert_shows(page.view(), &fl!("prereq-confirmed"));
    // The simulators listen on new ports every run: the picture shows fixed ones.
    page.discovery_url = fixed_ports(&page.discovery_url);
    let zone = page.checklist.state(CheckId::AutotaskZone).clone();
    if let CheckState::Ok(z) = zone {
        page.checklist
            .set(CheckId::AutotaskZone, CheckState::Ok(fixed_ports(&z)));
    }
    snapshot(PAGE, page.view(), &format!("prerequisites_{lang}_checked"));

    // A wrong secret: the problem and what to do, both translated.
    let mut wrong = env.page();
    let mut ui = sim(PAGE, wrong.view());
    ui.click(selector::id("autotask-secret")).unwrap();
    ui.typewrite("-typo");
    let messages: Vec<_> = ui.into_messages().collect();
    env.feed(&mut wrong, messages);
    env.click(&mut wrong, &fl!("prereq-check-all"));
    match wrong.checklist.state(CheckId::ApiUser) {
        CheckState::Problem { what, what_to_do } => {
            assert_eq!(
                what,
                &fl!("autotask-error-authentication", user = env.at().user())
            );
            assert_eq!(what_to_do, &fl!("autotask-todo-authentication"));
        }
        other => panic!("{other:?}"),
    }
    assert_shows(
        wrong.view(),
        &fl!(
            "prereq-what-to-do",
            action = fl!("autotask-todo-authentication")
        ),
    );

    // The mapping screen with its suggestions.
    let map = env.mapping();
    let open = map.open_suggestions();
    assert_eq!(open.len(), 3, "{open:?}");
    let s = open.iter().find(|s| s.company_id == 1).unwrap();
    let score = (f64::from(s.score) * 100.0).round() as i64;
    let suggested = fl!(
        "mapping-row-suggested",
        company = "Customer A Ltd (#1)",
        score = score,
        reason = s.reason.to_string()
    );
    assert_shows(map.view(), &suggested);
    assert_eq!(s.reason.to_string(), fl!("mapping-reason-normalised"));

    // Errors of the integration domain speak the language too.
    assert_eq!(kes_cloud::not_verifiable(), fl!("kes-not-verifiable"));
    assert_eq!(
        kes_cloud::parse_typed(" \n").unwrap_err().to_string(),
        fl!("kes-error-empty")
    );
    assert_eq!(
        kes_cloud::check_email("admin").unwrap_err().to_string(),
        fl!("kes-error-email-malformed", email = "admin")
    );
    let row = CsvRowError {
        row: 2,
        problem: CsvRowProblem::UnknownCompany(999_999),
    };
    assert_eq!(
        row.to_string(),
        fl!(
            "csv-row-error",
            row = 2,
            problem = fl!("csv-unknown-company", id = "999999")
        )
    );
    assert_shows(map.view(), &fl!("mapping-count-unmapped", count = 3));
    snapshot(WINDOW, map.view(), &format!("mapping_{lang}_suggestions"));
}

#[test]
fn russian() {
    speak("ru", "Проверить все");
    assert_eq!(fl!("mapping-reason-same"), "одинаковое название");
    prerequisites_and_mapping("ru");
}

#[test]
fn german() {
    speak("de", "Alle prüfen");
    assert_eq!(
        fl!("prereq-check-password"),
        "Kennwortänderung nicht erforderlich"
    );
    prerequisites_and_mapping("de");
}
