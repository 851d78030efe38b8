//! The language picker of the connect screen switches the app live and saves the choice in the
//! settings file; a language saved there applies when the settings load, unless `--lang`
//! chose one for the session. Run with ICED_TEST_BACKEND=tiny-skia.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use ksc_link::fl;
use ksc_link::gui::GuiOptions;
use ksc_link::gui::app::{App, LanguageChoice, Message, Page, Screen};

use crate::gui_support;
use gui_support::app::{run, shows};
use gui_support::runtime;

fn app_on(settings: &std::path::Path, lang: Option<&str>) -> (tokio::runtime::Runtime, App) {
    let rt = runtime();
    let (mut app, load) = App::new(GuiOptions {
        settings_path: Some(settings.to_path_buf()),
        lang: lang.map(str::to_string),
        ..Default::default()
    });
    run(&rt, &mut app, load);
    assert!(matches!(app.screen, Screen::Connect(_)));
    (rt, app)
}

#[test]
fn picking_a_language_switches_the_screen_live_and_saves_it() {
    ksc_link::i18n::set_language(Some("en")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let settings = dir.path().join("settings.toml");
    let (rt, mut app) = app_on(&settings, None);
    assert!(shows(&app, "Connect to an Administration Server"));
    assert!(
        shows(&app, "Language"),
        "the picker is on the connect screen"
    );

    let task = app.update(Message::LanguagePicked(LanguageChoice::Language("de")));
    run(&rt, &mut app, task);
    assert_eq!(ksc_link::i18n::current(), "de");
    assert!(shows(&app, "Mit einem Administrationsserver verbinden"));
    assert!(shows(&app, "Sprache"));
    assert_eq!(app.settings.language.as_deref(), Some("de"));
    assert_eq!(
        ksc_link::settings::saved_language(&settings).as_deref(),
        Some("de")
    );

    let task = app.update(Message::LanguagePicked(LanguageChoice::Language("ru")));
    run(&rt, &mut app, task);
    assert!(shows(&app, &fl!("connect-title")));
    assert!(shows(&app, "Подключение к Серверу администрирования"));
    assert_eq!(
        ksc_link::settings::saved_language(&settings).as_deref(),
        Some("ru")
    );

    // Back to the desktop's language: nothing saved.
    let task = app.update(Message::LanguagePicked(LanguageChoice::System));
    run(&rt, &mut app, task);
    assert_eq!(app.settings.language, None);
    assert_eq!(ksc_link::settings::saved_language(&settings), None);
    assert_eq!(
        ksc_link::i18n::current(),
        ksc_link::i18n::desktop_language()
    );
}

#[test]
fn the_saved_language_applies_when_the_settings_load() {
    ksc_link::i18n::set_language(Some("en")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let settings = dir.path().join("settings.toml");
    std::fs::write(&settings, "language = \"ru\"\n").unwrap();
    let (_rt, app) = app_on(&settings, None);
    assert_eq!(ksc_link::i18n::current(), "ru");
    assert!(shows(&app, "Подключение к Серверу администрирования"));
    assert!(shows(&app, "Язык"));
    // The picker in its corner, showing "Русский", and the screen in Russian.
    let mut ui = gui_support::sim(app.view());
    let snap = ui.snapshot(&iced::Theme::Light).unwrap();
    if let Some(dir) = std::env::var_os("KSC_LINK_SNAPSHOT_PNG_DIR") {
        snap.matches_image(std::path::Path::new(&dir).join("connect_ru_language_picker"))
            .unwrap();
    }
    assert!(
        snap.matches_hash("tests/snapshots/connect_ru_language_picker")
            .unwrap()
    );
}

#[test]
fn lang_for_the_session_wins_over_the_saved_language() {
    // As `ksc-link --lang de` does before opening the window.
    ksc_link::i18n::set_language(Some("de")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let settings = dir.path().join("settings.toml");
    std::fs::write(&settings, "language = \"ru\"\n").unwrap();
    let (_rt, app) = app_on(&settings, Some("de"));
    assert_eq!(ksc_link::i18n::current(), "de");
    assert!(shows(&app, "Mit einem Administrationsserver verbinden"));
}

#[test]
fn the_window_title_follows_the_language() {
    use ksc_link::gui::screen::connect::Connection;
    use ksc_link::gui::screen::{home, wizard};
    use ksc_link::hierarchy::wizard::PrimaryContext;
    use ksc_link::kloapi::{ConnectOptions, KscClient};
    use ksc_link::tls::Pin;

    ksc_link::i18n::set_language(Some("en")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let settings = dir.path().join("settings.toml");
    let (rt, mut app) = app_on(&settings, None);
    assert_eq!(app.title(), "ksc-link");
    // The wizard over the home screen, on a primary that is never called.
    let pin = Pin::of_der(b"primary");
    let client = KscClient::new(ConnectOptions::new("ksc-hq.corp.example", pin)).unwrap();
    let context = PrimaryContext {
        address: "ksc-hq.corp.example".into(),
        certificate: b"primary".to_vec(),
        groups: Vec::new(),
    };
    app.screen = Screen::Connected {
        home: home::State::new(Connection {
            client: client.clone(),
            address: "ksc-hq.corp.example".into(),
            port: 13299,
            user: "admin".into(),
            pin,
        }),
        page: Some(Page::Wizard(Box::new(wizard::State::new(client, context)))),
    };
    assert_eq!(
        app.title(),
        "ksc-link — Add secondary Administration Server, step 1 of 8: Administration group"
    );
    let task = app.update(Message::LanguagePicked(LanguageChoice::Language("de")));
    run(&rt, &mut app, task);
    assert_eq!(
        app.title(),
        "ksc-link – Sekundären Administrationsserver hinzufügen, Schritt 1 von 8: Administrationsgruppe"
    );
    let task = app.update(Message::LanguagePicked(LanguageChoice::Language("ru")));
    run(&rt, &mut app, task);
    assert_eq!(
        app.title(),
        "ksc-link — Добавление подчиненного Сервера администрирования, шаг 1 из 8: Группа администрирования"
    );
}

#[test]
fn the_demo_banner_follows_a_language_picked_live() {
    ksc_link::i18n::set_language(Some("en")).unwrap();
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let (mut app, load) = App::new(GuiOptions {
        settings_path: Some(dir.path().join("settings.toml")),
        demo: true,
        read_only_settings: true,
        ..Default::default()
    });
    run(&rt, &mut app, load);
    assert!(shows(&app, "Demo — simulated servers"));
    assert_eq!(app.title(), "ksc-link — Demo — simulated servers");

    let task = app.update(Message::LanguagePicked(LanguageChoice::Language("de")));
    run(&rt, &mut app, task);
    assert!(shows(&app, "Demo – simulierte Server"));
    assert!(!shows(&app, "Demo — simulated servers"));
    assert!(
        app.title().ends_with("Demo – simulierte Server"),
        "{}",
        app.title()
    );

    let task = app.update(Message::LanguagePicked(LanguageChoice::Language("ru")));
    run(&rt, &mut app, task);
    assert!(shows(&app, "Демо — имитация серверов"));
}
