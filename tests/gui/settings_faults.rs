//! The settings file cannot be written: the disk is full (the file-size limit stands in for it,
//! so no privileges are needed) or the folder is read-only. The app says which file and which
//! step failed and why, keeps what the user chose, leaves no temporary file behind, does not let
//! the window close silently, and Retry writes the settings once the cause is gone.
//!
//! Each fault runs in a child process: the file-size limit must not reach other tests, and a
//! read-only folder binds only a user other than root (root runs the child as `nobody`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use ksc_link::fl;
use ksc_link::gui::GuiOptions;
use ksc_link::gui::app::{App, LanguageChoice, Message, Screen};

use crate::gui_support;
use gui_support::app::{click, run, shows};
use gui_support::runtime;

const FAULT_ENV: &str = "KSC_LINK_TEST_SETTINGS_FAULT";
const CHILD_TEST: &str = "settings_faults::settings_fault_in_this_process";

fn prlimit_fsize(limit: &str) {
    let status = Command::new("prlimit")
        .args([
            "--pid",
            &std::process::id().to_string(),
            &format!("--fsize={limit}"),
        ])
        .status()
        .expect("prlimit (util-linux) is installed");
    assert!(status.success(), "prlimit --fsize={limit}");
}

fn set_mode(dir: &Path, mode: u32) {
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Run by the tests below in a child process, with [`FAULT_ENV`] naming the fault.
#[test]
#[ignore = "run in a child process by settings_faults::{a_full_disk, a_read_only_folder}_*"]
fn settings_fault_in_this_process() {
    let fault = std::env::var(FAULT_ENV).expect("started by a settings_faults test");
    ksc_link::i18n::set_language(Some("en")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let settings = dir.path().join("settings.toml");
    let rt = runtime();
    let (mut app, load) = App::new(GuiOptions {
        settings_path: Some(settings.clone()),
        ..Default::default()
    });
    run(&rt, &mut app, load);
    assert!(matches!(app.screen, Screen::Connect(_)));

    match fault.as_str() {
        "full" => prlimit_fsize("0:unlimited"),
        "read-only" => set_mode(dir.path(), 0o500),
        other => panic!("unknown fault {other}"),
    }
    let task = app.update(Message::LanguagePicked(LanguageChoice::Language("de")));
    run(&rt, &mut app, task);

    // What failed, where and why, in the language just chosen; the choice itself is kept.
    let error = app.settings_unsaved.clone().expect("the write failed");
    assert!(error.contains(&settings.display().to_string()), "{error}");
    let cause = match fault.as_str() {
        "full" => "File too large",
        _ => "Permission denied",
    };
    assert!(error.contains(cause), "{error}");
    let unsaved = fl!("app-settings-unsaved", error = error.clone());
    assert!(
        unsaved.starts_with("Einstellungen nicht gespeichert"),
        "{unsaved}"
    );
    assert!(shows(&app, &unsaved), "{unsaved}");
    assert_eq!(ksc_link::i18n::current(), "de");
    assert_eq!(app.settings.language.as_deref(), Some("de"));
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(left.is_empty(), "no temporary file is left: {left:?}");

    // The close button does not drop the settings silently: the first press explains, the
    // second closes.
    let window = iced::window::Id::unique();
    let _ = app.update(Message::CloseRequested(window));
    let closing = fl!("app-settings-unsaved-closing", error = error.clone());
    assert!(
        closing.contains("Schließen Sie das Fenster erneut"),
        "{closing}"
    );
    assert!(shows(&app, &closing));
    assert_eq!(
        app.close_requested(),
        ksc_link::gui::app::CloseDecision::Close
    );

    // Once the cause is gone, Retry writes what was chosen.
    match fault.as_str() {
        "full" => prlimit_fsize("unlimited:unlimited"),
        _ => set_mode(dir.path(), 0o700),
    }
    click(&rt, &mut app, "Wiederholen");
    assert_eq!(app.settings_unsaved, None);
    assert!(!shows(&app, &closing) && !shows(&app, &unsaved));
    assert_eq!(
        ksc_link::settings::saved_language(&settings).as_deref(),
        Some("de")
    );
}

/// Runs [`settings_fault_in_this_process`] with `fault` in a child process started by `program`
/// (its arguments before the test binary's own).
fn run_child(fault: &str, program: &str, before: &[&str], exe: &Path) {
    let out = Command::new(program)
        .args(before)
        .arg(exe)
        .args([CHILD_TEST, "--exact", "--ignored", "--nocapture"])
        .env(FAULT_ENV, fault)
        .env("ICED_TEST_BACKEND", "tiny-skia")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stdout.contains(&format!("test {CHILD_TEST} ... ok")),
        "the child failed ({}):\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
        out.status
    );
}

#[test]
fn a_full_disk_while_saving_settings_is_named_kept_and_retried() {
    // An ignored SIGXFSZ stays ignored across exec, so a write over the limit fails with EFBIG
    // instead of killing the child.
    let exe = std::env::current_exe().unwrap();
    run_child(
        "full",
        "sh",
        &["-c", "trap '' XFSZ; exec \"$0\" \"$@\""],
        &exe,
    );
}

#[test]
fn a_read_only_settings_folder_is_named_kept_and_retried() {
    let exe = std::env::current_exe().unwrap();
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0");
    if !root {
        run_child("read-only", "env", &[], &exe);
        return;
    }
    // Root writes into any folder, so the child runs as nobody, from a copy of this binary it
    // can reach (the build folder may be under a home nobody cannot enter).
    let copy_dir = tempfile::tempdir().unwrap();
    set_mode(copy_dir.path(), 0o755);
    let copy = copy_dir.path().join("gui-tests");
    std::fs::copy(&exe, &copy).unwrap();
    set_mode(&copy, 0o755);
    run_child(
        "read-only",
        "setpriv",
        &["--reuid=65534", "--regid=65534", "--clear-groups"],
        &copy,
    );
}
