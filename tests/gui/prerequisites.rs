//! The "Autotask integration prerequisites" page driven through iced_test's Simulator against the
//! simulated primary Administration Server and the simulated Autotask tenant (prefilled as in the
//! demo): every check passes and the manual item is confirmed by ticking it; a wrong secret shows
//! the problem row with what to do. Run with ICED_TEST_BACKEND=tiny-skia.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use iced_test::{Simulator, selector};
use ksc_link::cli::demo::autotask as demo_autotask;
use ksc_link::fl;
use ksc_link::gui::screen::prerequisites::{Action, State};
use ksc_link::integration::prerequisites::{CheckId, CheckState};

use crate::gui_support::servers::Servers;
use crate::gui_support::{self, Window};

/// A headless window as wide as the app's and tall enough to show the whole checklist without
/// scrolling.
fn sim<'a, M>(
    element: impl Into<iced::Element<'a, M>>,
) -> Simulator<'a, M, iced::Theme, iced::Renderer> {
    Simulator::with_size(ksc_link::gui::font::settings(), (980.0, 1600.0), element)
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

    fn page(&self) -> State {
        let demo = demo_autotask(self.autotask.as_ref().unwrap());
        State::new(self.ksc.clone(), None, Some(&demo))
    }

    /// Clicks `label` and handles the messages, running the checks it starts.
    fn click(&self, page: &mut State, label: &str) {
        let mut ui = sim(page.view());
        ui.click(label).unwrap_or_else(|e| panic!("{label}: {e}"));
        let messages: Vec<_> = ui.into_messages().collect();
        for m in messages {
            match page.update(m) {
                Action::CheckAndRemember { work, secrets, .. } => {
                    assert!(secrets.is_empty(), "nothing is remembered unless ticked");
                    let done = self.rt.block_on(work.run());
                    page.update(done);
                }
                Action::Run(work) => {
                    let done = self.rt.block_on(work.run());
                    page.update(done);
                }
                Action::None | Action::Close | Action::OpenMapping { .. } => {}
            }
        }
    }
}

fn shows(page: &State, needle: &str) -> bool {
    sim(page.view()).find(needle).is_ok()
}

#[test]
fn every_check_passes_against_the_simulators() {
    let env = Env::new();
    let mut page = env.page();
    assert!(shows(&page, &fl!("prereq-check-password")));
    assert!(shows(
        &page,
        &fl!(
            "prereq-password-step",
            number = 8,
            step = fl!("prereq-password-step-8")
        )
    ));
    env.click(&mut page, &fl!("prereq-check-all"));
    for (id, state) in page.checklist.items() {
        if id.is_manual() {
            assert_eq!(state, &CheckState::NotChecked);
        } else {
            assert!(state.is_ok(), "{id:?}: {state:?}");
        }
    }
    assert!(shows(&page, &fl!("prereq-vservers-found", count = 3)));
    assert!(
        !page.checklist.all_ok(),
        "the manual item is not confirmed yet"
    );
    env.click(&mut page, &fl!("prereq-check-password"));
    assert!(page.checklist.all_ok(), "{:?}", page.checklist);
    assert!(shows(&page, &fl!("prereq-confirmed")));
}

#[test]
fn a_wrong_secret_shows_what_to_do() {
    let env = Env::new();
    let mut page = env.page();
    let mut ui = sim(page.view());
    ui.click(selector::id("autotask-secret")).unwrap();
    ui.typewrite("-typo");
    let messages: Vec<_> = ui.into_messages().collect();
    for m in messages {
        page.update(m);
    }
    env.click(&mut page, &fl!("prereq-check-all"));
    assert!(page.checklist.state(CheckId::AutotaskZone).is_ok());
    match page.checklist.state(CheckId::ApiUser) {
        CheckState::Problem { what_to_do, .. } => {
            assert_eq!(what_to_do, &fl!("autotask-todo-authentication"))
        }
        other => panic!("{other:?}"),
    }
    assert!(shows(
        &page,
        "What to do: Check the secret first. Make sure the user's security level is API User \
         (the only level the REST API accepts) and that its password has not expired; then \
         check the integration code. Do not retry repeatedly: the account may lock."
    ));
    assert!(shows(
        &page,
        &fl!(
            "prereq-what-to-do",
            action = fl!("autotask-todo-authentication")
        )
    ));
    assert_eq!(
        page.checklist.state(CheckId::CompaniesQuery),
        &CheckState::NotChecked
    );
}

fn app_click(env: &Env, app: &mut ksc_link::gui::app::App, label: &str) {
    gui_support::app::click_in(Window::sized((980.0, 1600.0)), &env.rt, app, label);
}

fn open_from_home(env: &Env, settings: &std::path::Path, demo: bool) -> ksc_link::gui::app::App {
    use ksc_link::gui::app::{App, Page, Screen};
    use ksc_link::gui::screen::{connect::Connection, home};
    let (mut app, load) = App::new(ksc_link::gui::GuiOptions {
        settings_path: Some(settings.to_path_buf()),
        demo_autotask: demo.then(|| demo_autotask(env.autotask.as_ref().unwrap())),
        ..Default::default()
    });
    gui_support::app::run(&env.rt, &mut app, load);
    let [primary, _] = env.pair.as_ref().unwrap().cards();
    app.screen = Screen::Connected {
        home: home::State::new(Connection {
            client: env.ksc.clone(),
            address: "127.0.0.1".into(),
            port: primary.api_port,
            user: primary.user.clone(),
            pin: ksc_link::tls::Pin::from_hex(&primary.sha256).unwrap(),
        }),
        page: None,
    };
    app_click(env, &mut app, &fl!("home-autotask-prerequisites"));
    assert!(
        matches!(app.screen.page(), Some(Page::Prerequisites(_))),
        "{:?}",
        app.screen
    );
    app
}

fn app_page(app: &ksc_link::gui::app::App) -> &State {
    match app.screen.page() {
        Some(ksc_link::gui::app::Page::Prerequisites(page)) => page,
        other => panic!("not on the prerequisites page: {other:?}"),
    }
}

#[test]
fn the_app_remembers_the_user_in_settings_and_the_secrets_in_the_keyring() {
    use ksc_link::secrets::{AutotaskField, SecretKey};
    let store: std::sync::Arc<keyring_core::CredentialStore> =
        keyring_core::mock::Store::new().unwrap();
    keyring_core::set_default_store(store);
    let env = Env::new();
    let at = env.autotask.as_ref().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let settings = dir.path().join("settings.toml");

    let mut app = open_from_home(&env, &settings, true);
    app_click(&env, &mut app, &fl!("prereq-remember"));
    app_click(&env, &mut app, &fl!("prereq-check-all"));
    assert!(
        app_page(&app)
            .checklist
            .state(CheckId::AccountsPerVServer)
            .is_ok(),
        "{:?}",
        app_page(&app).checklist
    );
    assert_eq!(app.settings.autotask.user_name.as_deref(), Some(at.user()));
    let stored = |f| {
        env.rt
            .block_on(ksc_link::secrets::load(&SecretKey::autotask(at.user(), f)))
            .unwrap()
            .unwrap()
    };
    assert_eq!(stored(AutotaskField::Secret).expose(), at.secret().expose());
    assert_eq!(
        stored(AutotaskField::IntegrationCode).expose(),
        at.integration_code().expose()
    );
    let written = std::fs::read_to_string(&settings).unwrap();
    assert!(written.contains(at.user()), "{written}");
    assert!(!written.contains(at.secret().expose()), "{written}");
    app_click(&env, &mut app, &fl!("prereq-back"));
    assert!(app.screen.is_home());

    // A new start without the demo's prefill: the user name comes from the settings, the secrets
    // from the keyring; the discovery URL is the real Autotask's, so it is pointed at the tenant.
    let mut app = open_from_home(&env, &settings, false);
    let page = app_page(&app);
    assert_eq!(page.user_name, at.user());
    assert!(page.remember);
    assert_eq!(
        page.discovery_url,
        ksc_link::autotask::DEFAULT_DISCOVERY_URL
    );
    app_click(&env, &mut app, &fl!("prereq-back"));
}
