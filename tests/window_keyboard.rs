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

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long any one condition may take to show (the machine may be busy with other tests).
const DEADLINE: Duration = Duration::from_secs(120);
/// The group of the primary's demo seed the secondary goes to.
const GROUP: &str = "Secondary servers";
/// What the window title ends with in the demo.
const DEMO: &str = " — Demo — simulated servers";

fn need(tool: &str) {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .unwrap()
        .status
        .success();
    assert!(
        found,
        "{tool} is not installed: apt-get install xvfb xauth xdotool imagemagick"
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
fn start_display(dir: &Path) -> (Group, X) {
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
            return (
                group,
                X {
                    display,
                    xauthority,
                },
            );
        }
        assert!(Instant::now() < end, "Xvfb did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
}

struct X {
    display: String,
    xauthority: String,
}

impl X {
    fn cmd(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        c.env("DISPLAY", &self.display)
            .env("XAUTHORITY", &self.xauthority);
        c
    }

    fn run(&self, program: &str, args: &[&str]) -> String {
        let out = self.cmd(program).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{program} {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

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
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/ci-artifacts");
        std::fs::create_dir_all(&dir).unwrap();
        let path: PathBuf = dir.join(format!("window_keyboard_{name}.png"));
        self.run("import", &["-window", window, path.to_str().unwrap()]);
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
    let (_xvfb, x) = start_display(dir);

    // The demo, with a home and runtime folder of its own (no settings of the machine's user).
    let home = dir.join("home");
    let run_dir = dir.join("run");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::create_dir_all(&run_dir).unwrap();
    std::fs::set_permissions(
        &run_dir,
        std::os::unix::fs::PermissionsExt::from_mode(0o700),
    )
    .unwrap();
    let mut demo = x.cmd(env!("CARGO_BIN_EXE_ksc-link"));
    demo.args(["demo", "--state"])
        .arg(dir.join("state"))
        .env("ICED_BACKEND", "tiny-skia")
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_RUNTIME_DIR", &run_dir)
        .env_remove("WAYLAND_DISPLAY")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0);
    let _demo = Group(demo.spawn().unwrap());
    let window = x
        .run(
            "timeout",
            &[
                "120",
                "xdotool",
                "search",
                "--sync",
                "--onlyvisible",
                "--name",
                "^ksc-link",
            ],
        )
        .lines()
        .next()
        .unwrap()
        .to_string();
    x.run("xdotool", &["windowfocus", "--sync", &window]);
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
