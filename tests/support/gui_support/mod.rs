//! Driving the wizard screen headless with iced_test's Simulator: clicks and typing on the real
//! view, the work the screen returns run for real (as the app shell does in its tasks), and the
//! resulting messages fed back. Every Simulator draws with the app's bundled font at the app's
//! window size, so snapshots match on every machine.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod app;
pub mod window;

use futures::StreamExt;
use iced::keyboard::Key;
use iced::keyboard::key::Named;
use iced_test::{Simulator, selector};
use ksc_link::gui::screen::wizard::{Action, Message, State, Work};

/// The app's window size (`gui::run`).
pub const WINDOW: (f32, f32) = (980.0, 760.0);

/// A headless window of the app's size, drawing with the bundled font.
pub fn sim<'a, M>(
    element: impl Into<iced::Element<'a, M>>,
) -> Simulator<'a, M, iced::Theme, iced::Renderer> {
    Simulator::with_size(ksc_link::gui::font::settings(), WINDOW, element)
}

/// A runtime for the servers and the work, as the app has one for its tasks.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// Feeds `messages` and returns the work they asked for (the wizard's `Close` is dropped).
pub fn feed(state: &mut State, messages: impl IntoIterator<Item = Message>) -> Vec<Work> {
    let mut work = Vec::new();
    for m in messages {
        match state.update(m) {
            Action::Run(w) => work.push(w),
            Action::None
            | Action::Close
            | Action::ExportJoinFile
            | Action::RememberProxy { .. } => {}
        }
    }
    work
}

/// Runs work as the shell does and feeds its messages back, until no work is left. Dialogs
/// (file pickers) cannot run headless: the test answers those itself.
pub fn settle(rt: &tokio::runtime::Runtime, state: &mut State, mut work: Vec<Work>) {
    while let Some(w) = work.pop() {
        assert!(
            !matches!(
                w,
                Work::PickCertificateFile | Work::SavePrimaryCertificate { .. }
            ),
            "a dialog must be answered by the test: {w:?}"
        );
        let messages: Vec<Message> = rt.block_on(w.into_stream().collect());
        work.extend(feed(state, messages));
    }
}

/// Clicks the widget showing `label` and feeds the messages.
pub fn click(state: &mut State, label: &str) -> Vec<Work> {
    let mut ui = sim(state.view());
    ui.click(label).unwrap_or_else(|e| panic!("{label}: {e}"));
    let messages: Vec<_> = ui.into_messages().collect();
    feed(state, messages)
}

/// True when clicking `label` produces a message (the button is enabled); nothing is fed.
pub fn is_enabled(state: &State, label: &str) -> bool {
    let mut ui = sim(state.view());
    ui.click(label).unwrap_or_else(|e| panic!("{label}: {e}"));
    ui.into_messages().next().is_some()
}

/// Clicks into the input `id` and types `text` after what it holds.
pub fn type_into(state: &mut State, id: &'static str, text: &str) -> Vec<Work> {
    let mut ui = sim(state.view());
    ui.click(selector::id(id))
        .unwrap_or_else(|e| panic!("{id}: {e}"));
    ui.typewrite(text);
    let messages: Vec<_> = ui.into_messages().collect();
    feed(state, messages)
}

/// Clicks into the input `id`, erases what it holds with Backspace and types `text`.
pub fn replace_in(state: &mut State, id: &'static str, current: &str, text: &str) -> Vec<Work> {
    let mut ui = sim(state.view());
    ui.click(selector::id(id))
        .unwrap_or_else(|e| panic!("{id}: {e}"));
    ui.tap_key(Key::Named(Named::End));
    for _ in current.chars() {
        ui.tap_key(Key::Named(Named::Backspace));
    }
    ui.typewrite(text);
    let messages: Vec<_> = ui.into_messages().collect();
    feed(state, messages)
}

/// Presses Enter in the input `id` (Enter = Next, or the step's own submit).
pub fn enter_in(state: &mut State, id: &'static str) -> Vec<Work> {
    let mut ui = sim(state.view());
    ui.click(selector::id(id))
        .unwrap_or_else(|e| panic!("{id}: {e}"));
    ui.tap_key(Key::Named(Named::Enter));
    let messages: Vec<_> = ui.into_messages().collect();
    feed(state, messages)
}

/// Whether the view shows `needle` (a text, a button label, a placeholder or an input's value).
pub fn shows(state: &State, needle: &str) -> bool {
    sim(state.view()).find(needle).is_ok()
}

/// Asserts that the view shows `needle`.
#[track_caller]
pub fn assert_shows(state: &State, needle: &str) {
    assert!(
        shows(state, needle),
        "the {:?} step does not show {needle:?}",
        state.wizard.step()
    );
}

/// Compares the view with the committed hash `tests/snapshots/<name>-tiny-skia.sha256`. With
/// `KSC_LINK_SNAPSHOT_PNG_DIR` set, the picture is also written there as a PNG, to look at.
#[track_caller]
pub fn snapshot(state: &State, name: &str) {
    snapshot_with(state, name, &ksc_link::gui::style::palette::light());
}

/// [`snapshot`] in `theme`.
#[track_caller]
pub fn snapshot_with(state: &State, name: &str, theme: &iced::Theme) {
    let mut ui = sim(state.view());
    let snap = ui.snapshot(theme).unwrap();
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
