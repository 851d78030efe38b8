//! The window's close button, answered by the app shell: the close request is fed to
//! `App::update` as iced would deliver it, and the task it returns is opened to see whether it
//! closes the window. Nothing here needs a server: the pages are fed what they would have read.
//! Run with ICED_TEST_BACKEND=tiny-skia.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use iced::Task;
use iced::window;
use ksc_link::fl;
use ksc_link::gui::app::{App, CloseDecision, Message, Page, Screen};
use ksc_link::gui::screen::connect::Connection;
use ksc_link::gui::screen::{home, secondary, wizard};
use ksc_link::hierarchy::wizard::PrimaryContext;
use ksc_link::kloapi::{ConnectOptions, KscClient, MasterSrvSection};
use ksc_link::tls::Pin;

use crate::gui_support::{runtime, sim};

/// Whether `task` closes the window `id` (its other actions, if any, are dropped unrun).
fn closes(rt: &tokio::runtime::Runtime, task: Task<Message>, id: window::Id) -> bool {
    use futures::StreamExt;
    let Some(stream) = iced_test::runtime::task::into_stream(task) else {
        return false;
    };
    let actions: Vec<_> = rt.block_on(stream.collect());
    actions.iter().any(|a| {
        matches!(
            a,
            iced_test::runtime::Action::Window(iced_test::runtime::window::Action::Close(w))
                if *w == id
        )
    })
}

fn shows(app: &App, needle: &str) -> bool {
    sim(app.view()).find(needle).is_ok()
}

/// A client of a server that is never called.
fn client() -> KscClient {
    KscClient::new(ConnectOptions::new("ksc.example", Pin::of_der(b"ksc"))).unwrap()
}

fn app() -> App {
    App::new(ksc_link::gui::GuiOptions {
        read_only_settings: true,
        ..Default::default()
    })
    .0
}

/// The app connected to a server, with `page` open over its home screen.
fn connected(page: Option<Page>) -> App {
    let mut app = app();
    app.screen = Screen::Connected {
        home: home::State::new(Connection {
            client: client(),
            address: "ksc.example".into(),
            port: 13299,
            user: "admin".into(),
            pin: Pin::of_der(b"ksc"),
        }),
        page,
    };
    app
}

/// The secondary page, its (empty) section read.
fn secondary_page() -> Page {
    let mut page = secondary::State::new(client(), "ksc.example".into(), Vec::new());
    let _ = page.update(secondary::Message::Loaded(Ok(Box::new(
        secondary::Loaded {
            host: "ksc".into(),
            section: MasterSrvSection::default(),
            proxy_password: None,
        },
    ))));
    Page::Secondary(Box::new(page))
}

fn wizard_page() -> Page {
    Page::Wizard(Box::new(wizard::State::new(
        client(),
        PrimaryContext {
            address: "ksc-hq.example.com".into(),
            certificate: vec![0x30, 0x03, 0x02, 0x01, 0x01],
            groups: Vec::new(),
        },
    )))
}

fn the_wizard(app: &mut App) -> &mut wizard::State {
    match app.screen.page_mut() {
        Some(Page::Wizard(w)) => w,
        other => panic!("not in the wizard: {other:?}"),
    }
}

fn the_secondary_page(app: &App) -> &secondary::State {
    match app.screen.page() {
        Some(Page::Secondary(p)) => p,
        other => panic!("not on the secondary page: {other:?}"),
    }
}

#[test]
fn with_nothing_at_stake_the_window_closes() {
    let rt = runtime();
    let _guard = rt.enter();
    let id = window::Id::unique();
    // The connect screen, the home screen, an untouched secondary page and wizard.
    for mut app in [
        app(),
        connected(None),
        connected(Some(secondary_page())),
        connected(Some(wizard_page())),
    ] {
        assert_eq!(app.close_requested(), CloseDecision::Close);
        let task = app.update(Message::CloseRequested(id));
        assert!(closes(&rt, task, id), "{:?}", app.screen);
    }
}

#[test]
fn unsaved_changes_on_the_secondary_page_are_asked_about_first() {
    let rt = runtime();
    let _guard = rt.enter();
    let id = window::Id::unique();
    let mut app = connected(Some(secondary_page()));
    let _ = app.update(Message::Secondary(secondary::Message::SecondaryToggled(
        true,
    )));
    let _ = app.update(Message::Secondary(secondary::Message::AddressChanged(
        "ksc-hq.example.com".into(),
    )));

    // The close button asks the page's own question; the window stays.
    let task = app.update(Message::CloseRequested(id));
    assert!(!closes(&rt, task, id));
    assert!(the_secondary_page(&app).asks_to_leave());
    assert!(shows(&app, &fl!("secondary-leave-question")));

    // "Keep editing": nothing lost, and a later discard through Back leaves the page only.
    let task = app.update(Message::Secondary(secondary::Message::KeepEditing));
    assert!(!closes(&rt, task, id));
    assert_eq!(
        the_secondary_page(&app).form.primary_address,
        "ksc-hq.example.com"
    );
    let _ = app.update(Message::Secondary(secondary::Message::BackPressed));
    let task = app.update(Message::Secondary(secondary::Message::DiscardConfirmed));
    assert!(
        !closes(&rt, task, id),
        "Back's question leaves the page only"
    );
    assert!(app.screen.is_home());

    // Asked by the close button and answered "discard": the window closes.
    let mut app = connected(Some(secondary_page()));
    let _ = app.update(Message::Secondary(secondary::Message::SecondaryToggled(
        true,
    )));
    assert_eq!(app.close_requested(), CloseDecision::Ask);
    let task = app.update(Message::CloseRequested(id));
    assert!(!closes(&rt, task, id));
    let task = app.update(Message::Secondary(secondary::Message::DiscardConfirmed));
    assert!(closes(&rt, task, id));
}

#[test]
fn the_secondary_page_saving_keeps_the_window_open() {
    let rt = runtime();
    let _guard = rt.enter();
    let id = window::Id::unique();
    let mut app = connected(Some(secondary_page()));
    let _ = app.update(Message::Secondary(secondary::Message::SecondaryToggled(
        true,
    )));
    let _ = app.update(Message::Secondary(secondary::Message::AddressChanged(
        "127.0.0.1".into(),
    )));
    let _ = app.update(Message::Secondary(secondary::Message::FileLoaded(
        "klserver.cer".into(),
        Ok(Box::new(
            ksc_link::cert::load_certificate_file(std::path::Path::new(
                "tests/fixtures/primary-klserver.cer",
            ))
            .unwrap(),
        )),
    )));
    let _ = app.update(Message::Secondary(
        secondary::Message::FingerprintConfirmed(true),
    ));
    // Save starts writing (its task is never run here).
    let _ = app.update(Message::Secondary(secondary::Message::SavePressed));
    assert!(the_secondary_page(&app).is_writing());

    let note = fl!("app-close-secondary-saving");
    assert!(app.close_refused_note().is_none(), "not asked yet");
    let task = app.update(Message::CloseRequested(id));
    assert!(!closes(&rt, task, id));
    assert!(!the_secondary_page(&app).asks_to_leave());
    assert_eq!(app.close_refused_note(), Some(note.clone()));
    assert!(shows(&app, &note));

    // The save ended (failed): the note goes, and the close button asks about the changes.
    let _ = app.update(Message::Secondary(secondary::Message::Saved(
        Box::new(Err("refused".into())),
        None,
    )));
    assert!(!shows(&app, &note));
    assert_eq!(app.close_requested(), CloseDecision::Ask);
}

#[test]
fn the_wizard_asks_when_something_was_typed_and_never_closes_while_writing() {
    let rt = runtime();
    let _guard = rt.enter();
    let id = window::Id::unique();
    let mut app = connected(Some(wizard_page()));
    let _ = app.update(Message::Wizard(wizard::Message::Server(
        wizard::server::Message::DisplayNameChanged("Berlin".into()),
    )));
    // Something typed: the wizard's own "discard?" question, the window stays.
    let task = app.update(Message::CloseRequested(id));
    assert!(!closes(&rt, task, id));
    assert!(the_wizard(&mut app).confirm_cancel);
    assert!(shows(&app, &fl!("wizard-discard-question")));
    let task = app.update(Message::Wizard(wizard::Message::KeepEditing));
    assert!(!closes(&rt, task, id));
    assert!(!the_wizard(&mut app).confirm_cancel);

    // While Finish runs (or rolls back) the window stays open and says why, with no question.
    for (running, rolling_back) in [(true, false), (false, true)] {
        let w = the_wizard(&mut app);
        w.run.running = running;
        w.run.rolling_back = rolling_back;
        assert_eq!(app.close_requested(), CloseDecision::Refuse);
        let task = app.update(Message::CloseRequested(id));
        assert!(!closes(&rt, task, id));
        assert!(!the_wizard(&mut app).confirm_cancel);
        assert!(shows(&app, &fl!("app-close-wizard-busy")));
    }
    // Done: the note goes with its reason, and the question comes back.
    let w = the_wizard(&mut app);
    w.run.rolling_back = false;
    assert!(app.close_refused_note().is_none());
    assert!(!shows(&app, &fl!("app-close-wizard-busy")));
    let task = app.update(Message::CloseRequested(id));
    assert!(!closes(&rt, task, id));
    let task = app.update(Message::Wizard(wizard::Message::DiscardConfirmed));
    assert!(closes(&rt, task, id), "discard, as the close button asked");
}
