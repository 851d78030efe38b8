//! The "Autotask integration prerequisites" page driven through iced_test's Simulator against the
//! simulated primary Administration Server and the simulated Autotask tenant (prefilled as in the
//! demo): every check passes and the manual item is confirmed by ticking it; a wrong secret shows
//! the problem row with what to do. Run with ICED_TEST_BACKEND=tiny-skia.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use iced_test::{Simulator, selector};
use ksc_link::gui::screen::prerequisites::{Action, State};
use ksc_link::integration::prerequisites::{CheckId, CheckState};
use ksc_link::kloapi::{KscClient, LoginOutcome};
use ksc_link::sim::autotask::{AutotaskSim, AutotaskSimConfig, start};
use ksc_link::sim::ksc::link::LinkConfig;
use ksc_link::sim::pair::{SimPair, demo_autotask, start_pair};

/// A headless window as wide as the app's and tall enough to show the whole checklist without
/// scrolling.
fn sim<'a, M>(
    element: impl Into<iced::Element<'a, M>>,
) -> Simulator<'a, M, iced::Theme, iced::Renderer> {
    Simulator::with_size(ksc_link::gui::font::settings(), (980.0, 1600.0), element)
}

struct Env {
    rt: tokio::runtime::Runtime,
    pair: Option<SimPair>,
    autotask: Option<AutotaskSim>,
    ksc: KscClient,
    _dir: tempfile::TempDir,
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
            .block_on(start_pair(&dir.path().join("ksc"), LinkConfig::fast()))
            .unwrap();
        let [primary, _] = pair.cards();
        let ksc = KscClient::new(primary.connect_options().unwrap()).unwrap();
        assert_eq!(
            rt.block_on(ksc.login(&primary.credentials())).unwrap(),
            LoginOutcome::LoggedIn
        );
        let autotask = rt
            .block_on(start(AutotaskSimConfig::new(dir.path().join("autotask"))))
            .unwrap();
        Self {
            rt,
            pair: Some(pair),
            autotask: Some(autotask),
            ksc,
            _dir: dir,
        }
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
                Action::None | Action::Close => {}
            }
        }
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        if let Some(a) = self.autotask.take() {
            self.rt.block_on(a.shutdown());
        }
        if let Some(p) = self.pair.take() {
            self.rt.block_on(p.shutdown());
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
    assert!(shows(&page, "Not required to change password"));
    assert!(shows(&page, "8. Click Save & Close."));
    env.click(&mut page, "Check all");
    for (id, state) in page.checklist.items() {
        if id.is_manual() {
            assert_eq!(state, &CheckState::NotChecked);
        } else {
            assert!(state.is_ok(), "{id:?}: {state:?}");
        }
    }
    assert!(shows(&page, "3 virtual server(s)"));
    assert!(
        !page.checklist.all_ok(),
        "the manual item is not confirmed yet"
    );
    env.click(&mut page, "Not required to change password");
    assert!(page.checklist.all_ok(), "{:?}", page.checklist);
    assert!(shows(&page, "confirmed by the administrator"));
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
    env.click(&mut page, "Check all");
    assert!(page.checklist.state(CheckId::AutotaskZone).is_ok());
    match page.checklist.state(CheckId::ApiUser) {
        CheckState::Problem { what_to_do, .. } => {
            assert!(what_to_do.contains("Check the secret"), "{what_to_do}")
        }
        other => panic!("{other:?}"),
    }
    assert!(shows(
        &page,
        "What to do: Check the secret first. Make sure the user's security level is API User \
         (the only level the REST API accepts) and that its password has not expired; then \
         check the integration code. Do not retry repeatedly: the account may lock."
    ));
    assert_eq!(
        page.checklist.state(CheckId::CompaniesQuery),
        &CheckState::NotChecked
    );
}
