//! The real window (`ksc-link --verbose gui` under Xvfb) tells the desktop who it is: its X11
//! class is the application id that the desktop entry's `StartupWMClass` and the AppStream id
//! name (so launchers and task bars match it to the installed icon), and it carries the app icon
//! itself. The same run must leave its start in the log file. Needs the Debian packages xvfb,
//! xauth, xdotool and x11-utils (xprop).
#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::os::unix::process::CommandExt;
use std::process::Stdio;
use std::time::{Duration, Instant};

use ksc_link::gui::APP_ID;

use crate::gui_support;
use gui_support::window::{DEADLINE, Group, X, need, start_display};

#[test]
fn the_window_reports_the_application_id_as_its_class_and_carries_the_icon() {
    for tool in ["xvfb-run", "xdotool", "xprop"] {
        need(tool);
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let (_xvfb, display, xauthority) = start_display(dir);
    let x = X {
        display,
        xauthority,
    };
    let home = dir.join("home");
    let run_dir = dir.join("run");
    let logs = dir.join("logs");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::create_dir_all(&run_dir).unwrap();
    std::fs::set_permissions(
        &run_dir,
        std::os::unix::fs::PermissionsExt::from_mode(0o700),
    )
    .unwrap();
    let stderr = std::fs::File::create(dir.join("stderr.txt")).unwrap();
    let app = x
        .cmd(env!("CARGO_BIN_EXE_ksc-link"))
        .args(["--verbose", "gui"])
        .env("ICED_BACKEND", "tiny-skia")
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("XDG_RUNTIME_DIR", &run_dir)
        .env("KSC_LINK_LOG_DIR", &logs)
        .env_remove("WAYLAND_DISPLAY")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr)
        .process_group(0)
        .spawn()
        .unwrap();
    let mut app = Group(app);
    // Until the window shows; an app that exits instead fails at once, with what it said.
    let end = Instant::now() + DEADLINE;
    let window = loop {
        let found = x
            .cmd("xdotool")
            .args(["search", "--onlyvisible", "--name", "^ksc-link"])
            .output()
            .unwrap();
        if let Some(id) = String::from_utf8(found.stdout).unwrap().lines().next() {
            break id.to_string();
        }
        if let Some(status) = app.0.try_wait().unwrap() {
            panic!(
                "ksc-link exited ({status}) before its window showed: {}",
                std::fs::read_to_string(dir.join("stderr.txt")).unwrap()
            );
        }
        assert!(Instant::now() < end, "the window did not show");
        std::thread::sleep(Duration::from_millis(100));
    };

    // WM_CLASS(STRING) = "<instance>", "<class>": both are the application id.
    let class = x.run("xprop", &["-id", &window, "WM_CLASS"]);
    assert_eq!(
        class.trim(),
        format!("WM_CLASS(STRING) = \"{APP_ID}\", \"{APP_ID}\""),
    );
    // _NET_WM_ICON holds the embedded 128 px PNG; xprop names its size on the first line (the
    // few bytes read are enough for that).
    let icon = x.run("xprop", &["-id", &window, "-len", "8", "_NET_WM_ICON"]);
    let first: Vec<&str> = icon
        .lines()
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .collect();
    assert_eq!(
        first,
        ["_NET_WM_ICON(CARDINAL)", "=", "Icon", "(128", "x", "128):"],
        "{icon}"
    );

    let log: String = std::fs::read_dir(&logs)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(
        log.lines()
            .any(|l| l.contains("ksc-link started") && l.contains("command=\"gui\"")),
        "{log}"
    );
}
