//! The keyboard, headless: the whole app (as the demo opens it on a simulated pair) driven with
//! key events only on its real view, its tasks run for real. Tab / Shift+Tab move through the
//! inputs in reading order (the input that gets what is typed next says where the focus is),
//! Enter connects and goes Next, Alt+N / Alt+B are Next / Back (and never type an "n" into the
//! focused input), Esc cancels the wizard after asking. Run with ICED_TEST_BACKEND=tiny-skia.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use iced::keyboard::{self, Key, Modifiers, key::Named};
use iced::{Event, Task};
use iced_test::selector;
use ksc_link::cli::demo::gui_options as demo_gui_options;
use ksc_link::gui::app::{App, Message, Screen};
use ksc_link::gui::screen::{connect, wizard as wiz};
use ksc_link::hierarchy::wizard::Step;
use ksc_link::sim::ksc::link::LinkConfig;
use ksc_link::sim::pair::{SimPair, start_pair};

use crate::gui_support;
use gui_support::app::{click, run, shows, wizard};
use gui_support::{runtime, sim};

const GROUP: &str = "Secondary servers";

fn demo_app(rt: &tokio::runtime::Runtime, pair: &SimPair, dir: &std::path::Path) -> App {
    let mut options = demo_gui_options(pair);
    options.settings_path = Some(dir.join("settings.toml"));
    let (mut app, load) = App::new(options);
    run(rt, &mut app, load);
    app
}

/// A key press and release with `modifiers`; `text` is what the key types (as the window
/// reports it: Alt+N still carries "n").
fn key(key: Key, modifiers: Modifiers, text: Option<&str>) -> Vec<Event> {
    let pressed = keyboard::Event::KeyPressed {
        key: key.clone(),
        modified_key: key.clone(),
        physical_key: keyboard::key::Physical::Unidentified(
            keyboard::key::NativeCode::Unidentified,
        ),
        location: keyboard::Location::Standard,
        modifiers,
        text: text.map(Into::into),
        repeat: false,
    };
    let released = keyboard::Event::KeyReleased {
        key: key.clone(),
        modified_key: key,
        physical_key: keyboard::key::Physical::Unidentified(
            keyboard::key::NativeCode::Unidentified,
        ),
        location: keyboard::Location::Standard,
        modifiers,
    };
    vec![Event::Keyboard(pressed), Event::Keyboard(released)]
}

fn tab() -> Vec<Event> {
    key(Key::Named(Named::Tab), Modifiers::empty(), None)
}

fn shift_tab() -> Vec<Event> {
    key(Key::Named(Named::Tab), Modifiers::SHIFT, None)
}

fn named(k: Named) -> Vec<Event> {
    key(Key::Named(k), Modifiers::empty(), None)
}

fn alt(c: &str) -> Vec<Event> {
    key(Key::Character(c.into()), Modifiers::ALT, Some(c))
}

/// On one view of the app: the `keys`, then "7" typed; returns the messages (not fed).
fn messages_after(app: &App, keys: &[Vec<Event>]) -> Vec<Message> {
    let mut ui = sim(app.view());
    for k in keys {
        ui.simulate(k.clone());
    }
    ui.typewrite("7");
    ui.into_messages().collect()
}

/// Presses `keys` on the app's view and runs what follows, as the window would.
fn press(rt: &tokio::runtime::Runtime, app: &mut App, keys: Vec<Event>) {
    let mut ui = sim(app.view());
    ui.simulate(keys);
    let messages: Vec<Message> = ui.into_messages().collect();
    for m in messages {
        let task: Task<Message> = app.update(m);
        run(rt, app, task);
    }
}

/// Which connect-screen input the messages typed into.
fn connect_field(messages: &[Message]) -> &'static str {
    let names: Vec<&'static str> = messages
        .iter()
        .filter_map(|m| match m {
            Message::Connect(connect::Message::AddressChanged(_)) => Some("address"),
            Message::Connect(connect::Message::PortChanged(_)) => Some("port"),
            Message::Connect(connect::Message::UserChanged(_)) => Some("user"),
            Message::Connect(connect::Message::PasswordChanged(_)) => Some("password"),
            _ => None,
        })
        .collect();
    assert_eq!(names.len(), 1, "one input typed into: {messages:?}");
    names[0]
}

/// Which server-step input the messages typed into.
fn server_field(messages: &[Message]) -> &'static str {
    use ksc_link::gui::screen::wizard::server::Message as S;
    let names: Vec<&'static str> = messages
        .iter()
        .filter_map(|m| match m {
            Message::Wizard(wiz::Message::Server(S::DisplayNameChanged(_))) => Some("name"),
            Message::Wizard(wiz::Message::Server(S::AddressChanged(_))) => Some("address"),
            Message::Wizard(wiz::Message::Server(S::SslPortChanged(_))) => Some("ssl"),
            Message::Wizard(wiz::Message::Server(S::ApiPortChanged(_))) => Some("api"),
            _ => None,
        })
        .collect();
    assert_eq!(names.len(), 1, "one input typed into: {messages:?}");
    names[0]
}

#[test]
fn tab_and_shift_tab_walk_the_inputs_in_reading_order_and_enter_connects() {
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let pair = rt
        .block_on(start_pair(&dir.path().join("sims"), LinkConfig::fast()))
        .unwrap();
    let mut app = demo_app(&rt, &pair, dir.path());
    assert!(matches!(app.screen, Screen::Connect(_)));

    // Nothing focused: the first Tab lands in the first input, each further Tab in the next.
    let order = ["address", "port", "user", "password"];
    for (n, expected) in order.iter().enumerate() {
        let keys = vec![tab(); n + 1];
        assert_eq!(
            connect_field(&messages_after(&app, &keys)),
            *expected,
            "{} Tab",
            n + 1
        );
    }
    // Past the last input it wraps around to the first.
    assert_eq!(
        connect_field(&messages_after(&app, &vec![tab(); 5])),
        "address"
    );
    // Shift+Tab goes back: from the user name to the port, from nothing or the first input to
    // the last.
    assert_eq!(
        connect_field(&messages_after(&app, &[tab(), tab(), tab(), shift_tab()])),
        "port"
    );
    assert_eq!(
        connect_field(&messages_after(&app, &[shift_tab()])),
        "password"
    );

    // Esc on the connect screen closes nothing.
    press(&rt, &mut app, named(Named::Escape));
    assert!(matches!(app.screen, Screen::Connect(_)));

    // Enter (no input focused) is Connect: the preset primary is filled in.
    press(&rt, &mut app, named(Named::Enter));
    assert!(app.screen.is_home(), "{:?}", app.notices);
    // Enter on the home screen is its main button: Add secondary Administration Server.
    press(&rt, &mut app, named(Named::Enter));
    assert_eq!(wizard(&app).wizard.step(), Step::Group);
    // The group, by keyboard: Tab into the search, type, Enter chooses the first match.
    {
        let mut ui = sim(app.view());
        ui.simulate(tab());
        ui.typewrite("secondary serv");
        ui.simulate(named(Named::Enter));
        let messages: Vec<Message> = ui.into_messages().collect();
        for m in messages {
            let task = app.update(m);
            run(&rt, &mut app, task);
        }
    }
    let w = &wizard(&app).wizard;
    assert!(w.form.group_id.is_some(), "no group chosen");
    assert!(shows(&app, &format!("Chosen: {GROUP}")));
    assert!(w.can_advance());
    rt.block_on(pair.shutdown());
}

#[test]
fn alt_n_alt_b_enter_and_esc_drive_the_wizard() {
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let pair = rt
        .block_on(start_pair(&dir.path().join("sims"), LinkConfig::fast()))
        .unwrap();
    let mut app = demo_app(&rt, &pair, dir.path());
    // Enter in the password input is its submit: Connect.
    {
        let mut ui = sim(app.view());
        ui.click(selector::id("connect-password")).unwrap();
        ui.simulate(named(Named::Enter));
        let messages: Vec<Message> = ui.into_messages().collect();
        assert!(
            messages
                .iter()
                .any(|m| matches!(m, Message::Connect(connect::Message::ConnectPressed))),
            "{messages:?}"
        );
        for m in messages {
            let task = app.update(m);
            run(&rt, &mut app, task);
        }
    }
    assert!(app.screen.is_home(), "{:?}", app.notices);
    click(&rt, &mut app, "Add secondary Administration Server");
    assert_eq!(wizard(&app).wizard.step(), Step::Group);

    // No group chosen: Next is disabled, and so are Alt+N and Enter.
    press(&rt, &mut app, alt("n"));
    press(&rt, &mut app, named(Named::Enter));
    assert_eq!(wizard(&app).wizard.step(), Step::Group);
    // Esc on an untouched wizard closes it.
    press(&rt, &mut app, named(Named::Escape));
    assert!(app.screen.is_home());
    click(&rt, &mut app, "Add secondary Administration Server");

    click(&rt, &mut app, GROUP);
    press(&rt, &mut app, alt("n"));
    assert_eq!(wizard(&app).wizard.step(), Step::Server);
    assert!(
        app.title().contains("step 2 of 8"),
        "the title follows: {}",
        app.title()
    );
    // Alt+B: back to the group; Alt+N: forward again (the group is kept).
    press(&rt, &mut app, alt("b"));
    assert_eq!(wizard(&app).wizard.step(), Step::Group);
    press(&rt, &mut app, alt("N"));
    assert_eq!(wizard(&app).wizard.step(), Step::Server);

    // The server step: DMZ is a checkbox (not focusable); Tab walks name, address, SSL port,
    // API port.
    let order = ["name", "address", "ssl", "api"];
    for (n, expected) in order.iter().enumerate() {
        let keys = vec![tab(); n + 1];
        assert_eq!(
            server_field(&messages_after(&app, &keys)),
            *expected,
            "{} Tab",
            n + 1
        );
    }

    // Tab, type the display name: only the keyboard.
    {
        let mut ui = sim(app.view());
        ui.simulate(tab());
        ui.typewrite("Keys");
        let messages: Vec<Message> = ui.into_messages().collect();
        for m in messages {
            let task = app.update(m);
            run(&rt, &mut app, task);
        }
    }
    assert_eq!(wizard(&app).wizard.form.display_name, "Keys");

    // Alt+N in the focused name input goes Next and types no "n" into it.
    {
        let mut ui = sim(app.view());
        ui.click(selector::id("server-name")).unwrap();
        ui.simulate(alt("n"));
        let messages: Vec<Message> = ui.into_messages().collect();
        assert!(
            !messages.iter().any(|m| matches!(
                m,
                Message::Wizard(wiz::Message::Server(
                    ksc_link::gui::screen::wizard::server::Message::DisplayNameChanged(_)
                ))
            )),
            "Alt+N typed into the input: {messages:?}"
        );
        for m in messages {
            let task = app.update(m);
            run(&rt, &mut app, task);
        }
    }
    assert_eq!(wizard(&app).wizard.form.display_name, "Keys");
    assert_eq!(wizard(&app).wizard.step(), Step::Certificate);

    // Esc after typing asks first; Esc again keeps editing; Esc, then Discard closes.
    press(&rt, &mut app, named(Named::Escape));
    assert!(wizard(&app).confirm_cancel);
    press(&rt, &mut app, named(Named::Escape));
    assert!(!wizard(&app).confirm_cancel);
    assert_eq!(wizard(&app).wizard.step(), Step::Certificate);
    press(&rt, &mut app, named(Named::Escape));
    click(&rt, &mut app, "Discard");
    assert!(app.screen.is_home());
    rt.block_on(pair.shutdown());
}

/// The colour of one pixel of a PNG, as (r, g, b), read with ImageMagick's `convert`.
fn pixel(png: &std::path::Path, (x, y): (i32, i32)) -> (i32, i32, i32) {
    let channel = |c: &str| format!("%[fx:round(255*p{{{x},{y}}}.{c})]");
    let out = std::process::Command::new("convert")
        .arg(png)
        .args([
            "-format",
            &format!("{},{},{}", channel("r"), channel("g"), channel("b")),
            "info:",
        ])
        .output()
        .expect("ImageMagick's convert (apt-get install imagemagick)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let v: Vec<i32> = text.split(',').map(|c| c.trim().parse().unwrap()).collect();
    (v[0], v[1], v[2])
}

fn rgb(c: iced::Color) -> (i32, i32, i32) {
    let [r, g, b, _] = c.into_rgba8();
    (i32::from(r), i32::from(g), i32::from(b))
}

fn close((a, b, c): (i32, i32, i32), (x, y, z): (i32, i32, i32)) -> bool {
    (a - x).abs() <= 3 && (b - y).abs() <= 3 && (c - z).abs() <= 3
}

#[test]
fn the_input_tab_focused_is_drawn_with_the_focus_ring_in_both_themes() {
    use ksc_link::gui::style::palette;
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let pair = rt
        .block_on(start_pair(&dir.path().join("sims"), LinkConfig::fast()))
        .unwrap();
    let app = demo_app(&rt, &pair, dir.path());
    for theme in [palette::light(), palette::dark()] {
        let extra = palette::extra(&theme);
        let mut ui = sim(app.view());
        ui.simulate(tab());
        // The left border of an input, half-way down (the snapshot is drawn at scale 2).
        let mut left_border = |id: &'static str| {
            let b = ui.find(selector::id(id)).unwrap().visible_bounds().unwrap();
            (
                (b.x * 2.0).round() as i32 + 1,
                (b.center_y() * 2.0).round() as i32,
            )
        };
        let focused = left_border("connect-address");
        let other = left_border("connect-port");
        let snap = ui.snapshot(&theme).unwrap();
        let base = dir.path().join(format!("focus-{theme}"));
        snap.matches_image(&base).unwrap();
        let png = dir.path().join(format!("focus-{theme}-tiny-skia.png"));
        let ring = pixel(&png, focused);
        assert!(
            close(ring, rgb(extra.focus)),
            "{theme}: the focused input's border is {ring:?}, not the focus colour"
        );
        let idle = pixel(&png, other);
        assert!(
            close(idle, rgb(extra.input_border)),
            "{theme}: an unfocused input's border is {idle:?}"
        );
    }
    rt.block_on(pair.shutdown());
}
