//! `ksc-link demo` in a real window under Xvfb, driven with the keyboard only (xdotool `key` and
//! `type`; the mouse never moves): Enter connects to the preset primary and opens the wizard
//! from the home screen, Tab reaches the group search, typing and Enter choose the group, Alt+N
//! goes to the next step, Tab reaches the display name, Alt+N goes on to the certificate step,
//! Alt+B comes back, Esc asks whether to discard what was typed and Esc again keeps editing.
//!
//! Progress is read from the window title, which names the wizard's step; each wait polls it
//! until a deadline, no fixed sleep decides anything. A key whose action may still be disabled
//! (Next while the group's names are read) is pressed again until the title changes: pressed
//! too early it does nothing, and pressed once more on the new step it does nothing either. Screenshots of every step (with the focus
//! ring on the input being typed into) are saved under target/ci-artifacts/. Needs the Debian
//! packages xvfb, xauth, xdotool and imagemagick.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use crate::gui_support;
use gui_support::window::{DEADLINE, X, artifacts, launch_demo, need, start_display};
/// The group of the primary's demo seed the secondary goes to.
const GROUP: &str = "Secondary servers";
/// What the window title ends with in the demo.
const DEMO: &str = " — Demo — simulated servers";

/// What the keyboard test does on the display, beyond the shared [`X`].
trait Keyboard {
    fn key(&self, keys: &[&str]);
    fn type_text(&self, text: &str);
    fn title(&self, window: &str) -> String;
    fn wait_for_title(&self, window: &str, expected: &str);
    fn press_until(&self, window: &str, keys: &[&str], expected: &str);
    fn shot(&self, window: &str, name: &str);
}

impl Keyboard for X {
    /// Presses keys (xdotool names: `Tab`, `Return`, `Escape`, `alt+n`).
    fn key(&self, keys: &[&str]) {
        let mut args = vec!["key", "--delay", "60"];
        args.extend_from_slice(keys);
        self.run("xdotool", &args);
    }

    /// Types text into the focused input.
    fn type_text(&self, text: &str) {
        self.run("xdotool", &["type", "--delay", "40", text]);
    }

    fn title(&self, window: &str) -> String {
        self.run("xdotool", &["getwindowname", window])
            .trim_end()
            .to_string()
    }

    /// Waits until the window's title is `expected`.
    fn wait_for_title(&self, window: &str, expected: &str) {
        let end = Instant::now() + DEADLINE;
        loop {
            let now = self.title(window);
            if now == expected {
                return;
            }
            assert!(
                Instant::now() < end,
                "the window is titled {now:?}, not {expected:?}"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Presses `keys` until the window's title is `expected` (each press that comes too early
    /// does nothing).
    fn press_until(&self, window: &str, keys: &[&str], expected: &str) {
        let end = Instant::now() + DEADLINE;
        loop {
            self.key(keys);
            let again = Instant::now() + Duration::from_secs(2);
            while Instant::now() < again {
                if self.title(window) == expected {
                    return;
                }
                std::thread::sleep(Duration::from_millis(200));
            }
            assert!(
                Instant::now() < end,
                "{keys:?}: the window is titled {:?}, not {expected:?}",
                self.title(window)
            );
        }
    }

    /// Saves the window as a PNG under target/ci-artifacts/.
    fn shot(&self, window: &str, name: &str) {
        self.screenshot(
            window,
            &artifacts().join(format!("window_keyboard_{name}.png")),
        );
    }
}

/// The title of the wizard at step `n` of 8, `title`.
fn step(n: u8, title: &str) -> String {
    format!("ksc-link — Add secondary Administration Server, step {n} of 8: {title}{DEMO}")
}

#[test]
fn the_demo_window_is_driven_through_the_first_wizard_steps_with_the_keyboard_only() {
    for tool in ["xvfb-run", "xdotool", "import"] {
        need(tool);
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let (_xvfb, display, xauthority) = start_display(dir);
    let x = X {
        display,
        xauthority,
    };
    let (_demo, window) = launch_demo(&x, dir, &dir.join("state"));
    x.wait_for_title(&window, &format!("ksc-link{DEMO}"));

    // The connect screen, the preset primary filled in: Tab walks its inputs (the focus ring is
    // in the screenshot), Enter in the password connects, Enter on the home screen opens the
    // wizard. The connect and home screens share a title, so Enter is pressed until the
    // wizard's title shows: Enter does nothing while connecting, nor on the group step before a
    // group is chosen.
    x.key(&["Tab", "Tab", "Tab", "Tab"]);
    x.shot(&window, "0_connect_password_focused");
    let group_step = step(1, "Administration group");
    x.press_until(&window, &["Return"], &group_step);

    // 1. The group: Tab into the search, type, Enter chooses the first match, Alt+N goes on.
    x.key(&["Tab"]);
    x.type_text(GROUP);
    x.key(&["Return"]);
    x.shot(&window, "1_group_chosen");
    let server_step = step(2, "Secondary Administration Server");
    x.press_until(&window, &["alt+n"], &server_step);

    // 2. Tab reaches the display name (the DMZ checkbox before it takes no focus); Next needs
    // it, so the step only advances if the name landed there. Alt+N types no "n" into it.
    x.key(&["Tab"]);
    x.type_text("Keyboard branch");
    x.shot(&window, "2_server_name_typed");
    let certificate_step = step(3, "Certificate of the secondary Administration Server");
    x.press_until(&window, &["alt+n"], &certificate_step);
    x.shot(&window, "3_certificate");

    // Alt+B: back to the server step.
    x.key(&["alt+b"]);
    x.wait_for_title(&window, &server_step);

    // Esc asks whether to discard what was typed (the title stays); Esc again keeps editing,
    // and Alt+N still goes on with the name kept.
    x.key(&["Escape"]);
    x.shot(&window, "4_discard_question");
    x.key(&["Escape"]);
    x.press_until(&window, &["alt+n"], &certificate_step);

    // Alt+B twice: back at the group step, the group still chosen.
    x.key(&["alt+b", "alt+b"]);
    x.wait_for_title(&window, &group_step);
    x.shot(&window, "5_back_at_group");
}
