//! Started where there is no graphical session (over SSH, on a server console), the window
//! commands say so in one line and point to the command line, with exit code 2, never a panic.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Runs ksc-link with `args` and the display variables as given (`None`: removed), with its
/// home, settings and log in `home`.
fn run(home: &Path, args: &[&str], display: Option<&str>, wayland: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ksc-link"));
    cmd.args(args)
        .stdin(Stdio::null())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("KSC_LINK_LOG_DIR", home.join("logs"))
        .env("RUST_BACKTRACE", "1")
        .env_remove("WAYLAND_SOCKET");
    match display {
        Some(d) => cmd.env("DISPLAY", d),
        None => cmd.env_remove("DISPLAY"),
    };
    match wayland {
        Some(w) => cmd.env("WAYLAND_DISPLAY", w),
        None => cmd.env_remove("WAYLAND_DISPLAY"),
    };
    cmd.output().unwrap()
}

/// Exit code 2 and exactly one line on standard error that contains every one of `expected`.
fn assert_one_line(out: &Output, expected: &[&str]) {
    let stderr = String::from_utf8(out.stderr.clone()).unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    for e in expected {
        assert!(stderr.contains(e), "{e:?} missing from {stderr}");
    }
    for never in ["panicked", "backtrace", "RUST_BACKTRACE", "iced_winit"] {
        assert!(!stderr.contains(never), "{never:?} in {stderr}");
    }
    assert!(out.stdout.is_empty(), "{out:?}");
}

const EN: [&str; 3] = ["desktop session", "`ksc-link sim`", "ksc-link: "];

#[test]
fn without_a_display_the_default_command_says_a_desktop_session_is_needed() {
    let home = tempfile::tempdir().unwrap();
    assert_one_line(&run(home.path(), &["--lang", "en"], None, None), &EN);
}

#[test]
fn without_a_display_gui_says_a_desktop_session_is_needed() {
    let home = tempfile::tempdir().unwrap();
    assert_one_line(&run(home.path(), &["--lang", "en", "gui"], None, None), &EN);
}

#[test]
fn without_a_display_demo_says_so_before_starting_the_simulators() {
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("state");
    let out = run(
        home.path(),
        &["--lang", "en", "demo", "--state", state.to_str().unwrap()],
        None,
        Some(""),
    );
    assert_one_line(&out, &EN);
    // The simulators would have written their state here.
    assert!(!state.exists(), "the simulators were started");
}

#[test]
fn without_a_display_the_line_is_in_the_chosen_language() {
    let home = tempfile::tempdir().unwrap();
    let out = run(home.path(), &["--lang", "ru", "gui"], Some(""), None);
    assert_one_line(&out, &["графический сеанс", "`ksc-link sim`"]);
    let out = run(home.path(), &["--lang", "de"], None, None);
    assert_one_line(&out, &["Desktop-Sitzung", "`ksc-link sim`"]);
}

/// A `DISPLAY` naming an X server that is not running passes the check; iced's panic on it
/// is caught and becomes the same line.
#[test]
fn a_display_that_does_not_answer_gives_the_same_line_not_a_panic() {
    let home = tempfile::tempdir().unwrap();
    assert_one_line(
        &run(home.path(), &["--lang", "en", "gui"], Some(":4093"), None),
        &EN,
    );
    let state = home.path().join("state");
    let out = run(
        home.path(),
        &["--lang", "ru", "demo", "--state", state.to_str().unwrap()],
        Some(":4093"),
        None,
    );
    assert_one_line(&out, &["графический сеанс", "`ksc-link sim`"]);
}
