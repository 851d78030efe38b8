//! The real window (`ksc-link --verbose gui` under Xvfb) tells the desktop who it is: its X11
//! class is the application id that the desktop entry's `StartupWMClass` and the AppStream id
//! name (so launchers and task bars match it to the installed icon), and it carries the app icon
//! itself. The same run must leave its start in the log file. Needs the Debian packages xvfb,
//! xauth, xdotool and x11-utils (xprop).
#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use ksc_link::gui::APP_ID;

/// How long the display or the window may take to show (the machine may be busy).
const DEADLINE: Duration = Duration::from_secs(120);

fn need(tool: &str) {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .status()
        .unwrap()
        .success();
    assert!(
        found,
        "{tool} is not installed: apt-get install xvfb xauth xdotool x11-utils"
    );
}

/// A process group killed on drop (xvfb-run with its Xvfb, or the app).
struct Group(Child);

impl Drop for Group {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["--", &format!("-{}", self.0.id())])
            .status();
        let _ = self.0.wait();
    }
}

/// A private X display: `DISPLAY` and `XAUTHORITY` of an Xvfb started by `xvfb-run -a`.
fn start_display(dir: &Path) -> (Group, String, String) {
    let info = dir.join("display");
    let child = Command::new("xvfb-run")
        .args(["-a", "-s", "-screen 0 1280x800x24", "sh", "-c"])
        .arg(format!(
            "printf '%s\\n%s\\n' \"$DISPLAY\" \"$XAUTHORITY\" > '{}.tmp' && mv '{0}.tmp' '{0}' && exec sleep 600",
            info.display()
        ))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .unwrap();
    let group = Group(child);
    let end = Instant::now() + DEADLINE;
    loop {
        if let Ok(text) = std::fs::read_to_string(&info) {
            let mut lines = text.lines();
            let display = lines.next().unwrap().to_string();
            let xauthority = lines.next().unwrap_or_default().to_string();
            return (group, display, xauthority);
        }
        assert!(Instant::now() < end, "Xvfb did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_window_reports_the_application_id_as_its_class_and_carries_the_icon() {
    for tool in ["xvfb-run", "xdotool", "xprop"] {
        need(tool);
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let (_xvfb, display, xauthority) = start_display(dir);
    let x = |program: &str, args: &[&str]| -> String {
        let out = Command::new(program)
            .args(args)
            .env("DISPLAY", &display)
            .env("XAUTHORITY", &xauthority)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{program} {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
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
    let app = Command::new(env!("CARGO_BIN_EXE_ksc-link"))
        .args(["--verbose", "gui"])
        .env("DISPLAY", &display)
        .env("XAUTHORITY", &xauthority)
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
        let found = Command::new("xdotool")
            .args(["search", "--onlyvisible", "--name", "^ksc-link"])
            .env("DISPLAY", &display)
            .env("XAUTHORITY", &xauthority)
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
    let class = x("xprop", &["-id", &window, "WM_CLASS"]);
    assert_eq!(
        class.trim(),
        format!("WM_CLASS(STRING) = \"{APP_ID}\", \"{APP_ID}\""),
    );
    // _NET_WM_ICON holds the embedded 128 px PNG; xprop names its size on the first line (the
    // few bytes read are enough for that).
    let icon = x("xprop", &["-id", &window, "-len", "8", "_NET_WM_ICON"]);
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
