//! Driving any screen headless with iced_test's Simulator: clicks and typing on the real view,
//! the work the screen returns run for real (as the app shell does in its tasks), and the
//! resulting messages fed back. A screen says, through [`Screen`], how its actions carry work and
//! how its work runs; the helpers are the same for every screen. Simulators draw with the app's
//! bundled font, so snapshots match on every machine.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod app;
pub mod screens;
pub mod servers;
pub mod window;

use futures::StreamExt;
use futures::stream::BoxStream;
use iced::keyboard::Key;
use iced::keyboard::key::Named;
use iced_test::{Simulator, selector};

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

/// A screen as the tests drive it.
pub trait Screen {
    type Message: std::fmt::Debug + Send + 'static;
    type Work: std::fmt::Debug;

    /// Handles a message; the work its action asks for (changes of screen are the shell's).
    fn handle(&mut self, message: Self::Message) -> Option<Self::Work>;

    fn draw(&self) -> iced::Element<'_, Self::Message>;

    /// Performs work as the shell does, as the stream of messages it produces.
    fn perform(work: Self::Work) -> BoxStream<'static, Self::Message>;

    /// A file dialog cannot run headless: the test answers it itself.
    fn is_dialog(_work: &Self::Work) -> bool {
        false
    }
}

/// Where a screen is drawn: the app's bundled font (or iced's default, for the snapshots made
/// so) in a window of `size`.
#[derive(Clone, Copy, Debug)]
pub struct Window {
    pub size: (f32, f32),
    pub app_font: bool,
}

/// The app's own window.
pub const APP: Window = Window {
    size: WINDOW,
    app_font: true,
};

impl Window {
    /// A window of the app's font and `size`.
    pub const fn sized(size: (f32, f32)) -> Self {
        Self {
            size,
            app_font: true,
        }
    }

    pub fn sim<'a, M>(
        self,
        element: impl Into<iced::Element<'a, M>>,
    ) -> Simulator<'a, M, iced::Theme, iced::Renderer> {
        let settings = if self.app_font {
            ksc_link::gui::font::settings()
        } else {
            iced::Settings::default()
        };
        Simulator::with_size(settings, self.size, element)
    }

    /// Clicks the widget showing `label` and feeds the messages.
    pub fn click<S: Screen>(self, state: &mut S, label: &str) -> Vec<S::Work> {
        let mut ui = self.sim(state.draw());
        ui.click(label).unwrap_or_else(|e| panic!("{label}: {e}"));
        let messages: Vec<_> = ui.into_messages().collect();
        feed(state, messages)
    }

    /// True when clicking `label` produces a message (the button is enabled); nothing is fed.
    pub fn is_enabled<S: Screen>(self, state: &S, label: &str) -> bool {
        let mut ui = self.sim(state.draw());
        ui.click(label).unwrap_or_else(|e| panic!("{label}: {e}"));
        ui.into_messages().next().is_some()
    }

    /// Clicks into the input `id` and types `text` after what it holds.
    pub fn type_into<S: Screen>(self, state: &mut S, id: &'static str, text: &str) -> Vec<S::Work> {
        let mut ui = self.sim(state.draw());
        ui.click(selector::id(id))
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        ui.typewrite(text);
        let messages: Vec<_> = ui.into_messages().collect();
        feed(state, messages)
    }

    /// Clicks into the input `id`, erases what it holds with Backspace and types `text`.
    pub fn replace_in<S: Screen>(
        self,
        state: &mut S,
        id: &'static str,
        current: &str,
        text: &str,
    ) -> Vec<S::Work> {
        let mut ui = self.sim(state.draw());
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

    /// Presses Enter in the input `id`.
    pub fn enter_in<S: Screen>(self, state: &mut S, id: &'static str) -> Vec<S::Work> {
        let mut ui = self.sim(state.draw());
        ui.click(selector::id(id))
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        ui.tap_key(Key::Named(Named::Enter));
        let messages: Vec<_> = ui.into_messages().collect();
        feed(state, messages)
    }

    /// Whether the view shows `needle` (a text, a button label, a placeholder or an input's
    /// value).
    pub fn shows<S: Screen>(self, state: &S, needle: &str) -> bool {
        self.sim(state.draw()).find(needle).is_ok()
    }

    /// Compares the view with the committed hash `tests/snapshots/<name>-tiny-skia.sha256`. With
    /// `KSC_LINK_SNAPSHOT_PNG_DIR` set, the picture is also written there as a PNG, to look at.
    #[track_caller]
    pub fn snapshot_with<S: Screen>(self, state: &S, name: &str, theme: &iced::Theme) {
        let mut ui = self.sim(state.draw());
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

    /// [`Window::snapshot_with`] in the light theme.
    #[track_caller]
    pub fn snapshot<S: Screen>(self, state: &S, name: &str) {
        self.snapshot_with(state, name, &ksc_link::gui::style::palette::light());
    }
}

/// Feeds `messages` and returns the work they asked for.
pub fn feed<S: Screen>(
    state: &mut S,
    messages: impl IntoIterator<Item = S::Message>,
) -> Vec<S::Work> {
    messages
        .into_iter()
        .filter_map(|m| state.handle(m))
        .collect()
}

/// Runs work as the shell does and feeds its messages back, until no work is left. Dialogs
/// cannot run headless: the test answers those itself.
pub fn settle<S: Screen>(rt: &tokio::runtime::Runtime, state: &mut S, mut work: Vec<S::Work>) {
    while let Some(w) = work.pop() {
        assert!(
            !S::is_dialog(&w),
            "a dialog must be answered by the test: {w:?}"
        );
        let messages: Vec<S::Message> = rt.block_on(S::perform(w).collect());
        work.extend(feed(state, messages));
    }
}

/// The messages of running `work` to its end, without feeding them.
pub fn perform<S: Screen>(rt: &tokio::runtime::Runtime, work: S::Work) -> Vec<S::Message> {
    rt.block_on(S::perform(work).collect())
}

/// [`Window::click`] in the app's window.
pub fn click<S: Screen>(state: &mut S, label: &str) -> Vec<S::Work> {
    APP.click(state, label)
}

/// [`Window::is_enabled`] in the app's window.
pub fn is_enabled<S: Screen>(state: &S, label: &str) -> bool {
    APP.is_enabled(state, label)
}

/// [`Window::type_into`] in the app's window.
pub fn type_into<S: Screen>(state: &mut S, id: &'static str, text: &str) -> Vec<S::Work> {
    APP.type_into(state, id, text)
}

/// [`Window::replace_in`] in the app's window.
pub fn replace_in<S: Screen>(
    state: &mut S,
    id: &'static str,
    current: &str,
    text: &str,
) -> Vec<S::Work> {
    APP.replace_in(state, id, current, text)
}

/// [`Window::enter_in`] in the app's window.
pub fn enter_in<S: Screen>(state: &mut S, id: &'static str) -> Vec<S::Work> {
    APP.enter_in(state, id)
}

/// [`Window::shows`] in the app's window.
pub fn shows<S: Screen>(state: &S, needle: &str) -> bool {
    APP.shows(state, needle)
}

/// Asserts that the view in the app's window shows `needle`.
#[track_caller]
pub fn assert_shows<S: Screen>(state: &S, needle: &str) {
    assert!(shows(state, needle), "the view does not show {needle:?}");
}

/// [`Window::snapshot`] in the app's window.
#[track_caller]
pub fn snapshot<S: Screen>(state: &S, name: &str) {
    APP.snapshot(state, name);
}

/// [`Window::snapshot_with`] in the app's window.
#[track_caller]
pub fn snapshot_with<S: Screen>(state: &S, name: &str, theme: &iced::Theme) {
    APP.snapshot_with(state, name, theme);
}

/// Whether the Secret Service answers; under the test command (`KSC_LINK_REQUIRE_KEYRING=1`) a
/// keyring that does not answer fails the test instead of skipping it.
pub fn keyring_usable() -> bool {
    let probe = ksc_link::secrets::init_platform_store().and_then(|()| {
        ksc_link::secrets::load_blocking(&ksc_link::secrets::SecretKey::kes_cloud(
            "probe@ksc-link.invalid",
        ))
    });
    match probe {
        Ok(_) => true,
        Err(e) if std::env::var("KSC_LINK_REQUIRE_KEYRING").is_ok_and(|v| v == "1") => {
            panic!("KSC_LINK_REQUIRE_KEYRING=1 but the Secret Service is not usable: {e}")
        }
        Err(e) => {
            eprintln!("skipping: the Secret Service is not usable here ({e})");
            false
        }
    }
}

/// What an authenticator at the server's time shows as the seconds left, counted here
/// independently of the app.
pub fn seconds_left_by_hand(now: std::time::SystemTime, offset_ms: i64) -> i64 {
    let local_ms = i64::try_from(
        now.duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis(),
    )
    .unwrap();
    30 - (local_ms + offset_ms).div_euclid(1000).rem_euclid(30)
}
