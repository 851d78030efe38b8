//! `ksc-link demo` in a real window under Xvfb, driven with xdotool: the window opens with the
//! bundled font, a mouse click connects to the simulated primary, and the home screen appears;
//! screenshots are saved under target/ci-artifacts/.
//!
//! Where to click comes from a headless replica of the same app (same window size, font, banner
//! and demo seeds) laid out by iced_test; when the real window has reached a screen is decided
//! by waiting until a pixel of the real window has the colour the replica draws there — no
//! fixed sleeps. Needs the Debian packages xvfb, xauth, xdotool and imagemagick.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use futures::StreamExt;
use iced::Task;
use ksc_link::gui::app::{App, Message, Screen};
use ksc_link::sim::ksc::link::LinkConfig;
use ksc_link::sim::pair::{demo_gui_options, start_pair};

mod gui_support;
use gui_support::{runtime, sim};

const DEADLINE: Duration = Duration::from_secs(60);

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

    /// Saves the window as a PNG.
    fn screenshot(&self, window: &str, path: &Path) {
        self.run("import", &["-window", window, path.to_str().unwrap()]);
    }

    fn click(&self, window: &str, (x, y): (i32, i32)) {
        self.run(
            "xdotool",
            &[
                "mousemove",
                "--window",
                window,
                &x.to_string(),
                &y.to_string(),
                "click",
                "1",
            ],
        );
        // Away from every widget, so no hover colour stays on the next capture.
        self.run("xdotool", &["mousemove", "--window", window, "975", "5"]);
    }
}

/// The colour of one pixel of a PNG, as `r,g,b` (0 to 255; alpha left out).
fn pixel(png: &Path, (x, y): (i32, i32)) -> String {
    let channel = |c: &str| format!("%[fx:round(255*p{{{x},{y}}}.{c})]");
    let out = Command::new("convert")
        .arg(png)
        .args([
            "-format",
            &format!("{},{},{}", channel("r"), channel("g"), channel("b")),
            "info:",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs a task of the replica as iced does, feeding its messages back.
fn run(rt: &tokio::runtime::Runtime, app: &mut App, task: Task<Message>) {
    let mut pending = vec![task];
    while let Some(task) = pending.pop() {
        let Some(stream) = iced_test::runtime::task::into_stream(task) else {
            continue;
        };
        let outputs: Vec<Message> = rt.block_on(
            stream
                .filter_map(|a| async move {
                    match a {
                        iced_test::runtime::Action::Output(m) => Some(m),
                        _ => None,
                    }
                })
                .collect(),
        );
        for m in outputs {
            pending.push(app.update(m));
        }
    }
}

/// Where the replica shows `label` (window coordinates), and a probe point just left of it:
/// inside the button's padding, a flat colour at any scale.
fn locate(app: &App, label: &str) -> ((i32, i32), (i32, i32)) {
    let mut ui = sim(app.view());
    let target = ui.find(label).unwrap_or_else(|e| panic!("{label}: {e}"));
    let b = iced_test::selector::Bounded::visible_bounds(&target).unwrap();
    let center = b.center();
    (
        (center.x.round() as i32, center.y.round() as i32),
        ((b.x - 3.0).round() as i32, center.y.round() as i32),
    )
}

/// The colour the replica draws at `point` (its snapshot is drawn at scale 2).
fn replica_colour(app: &App, dir: &Path, point: (i32, i32)) -> String {
    let mut ui = sim(app.view());
    let snap = ui.snapshot(&iced::Theme::Light).unwrap();
    let base = dir.join("replica");
    let png = dir.join("replica-tiny-skia.png");
    let _ = std::fs::remove_file(&png);
    snap.matches_image(&base).unwrap();
    pixel(&png, (point.0 * 2, point.1 * 2))
}

/// Waits until the real window shows `colour` at `point`.
fn wait_for_colour(x: &X, window: &str, dir: &Path, point: (i32, i32), colour: &str, what: &str) {
    let shot = dir.join("probe.png");
    let end = Instant::now() + DEADLINE;
    loop {
        x.screenshot(window, &shot);
        let now = pixel(&shot, point);
        if now == colour {
            return;
        }
        assert!(
            Instant::now() < end,
            "{what}: the window shows {now} at {point:?}, not {colour}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn artifacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/ci-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn demo_window_connects_to_the_simulated_primary() {
    for tool in ["xvfb-run", "xdotool", "import", "convert"] {
        need(tool);
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let (_xvfb, display, xauthority) = start_display(dir);
    let x = X {
        display,
        xauthority,
    };

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
                "60",
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

    // The replica: the same app on simulated servers of its own.
    let rt = runtime();
    let pair = rt
        .block_on(start_pair(&dir.join("replica-sims"), LinkConfig::fast()))
        .unwrap();
    let mut options = demo_gui_options(&pair);
    options.settings_path = Some(dir.join("replica-settings.toml"));
    let (mut replica, load) = App::new(options);
    run(&rt, &mut replica, load);

    // The connect screen, with the primary preset filled in.
    let (connect, probe) = locate(&replica, "Connect");
    let blue = replica_colour(&replica, dir, probe);
    wait_for_colour(&x, &window, dir, probe, &blue, "the connect screen");
    x.screenshot(&window, &artifacts().join("window_demo_connect.png"));
    x.click(&window, connect);
    let mut ui = sim(replica.view());
    ui.click("Connect").unwrap();
    for m in ui.into_messages().collect::<Vec<_>>() {
        let task = replica.update(m);
        run(&rt, &mut replica, task);
    }
    assert!(matches!(replica.screen, Screen::Home(_)));

    // Home: "Add secondary Administration Server" appears where the replica draws it.
    let (_, probe) = locate(&replica, "Add secondary Administration Server");
    let colour = replica_colour(&replica, dir, probe);
    wait_for_colour(&x, &window, dir, probe, &colour, "the home screen");
    x.screenshot(&window, &artifacts().join("window_demo_home.png"));
    rt.block_on(pair.shutdown());
}
