//! `ksc-link demo --state DIR` in a real window under Xvfb, driven by mouse and keyboard with
//! xdotool through the whole "Add secondary Administration Server" wizard: connect to the
//! simulated primary, choose the group, type the display name, fetch and confirm the
//! secondary's certificate, keep the prefilled connection settings and credentials (checked by
//! logging in), Finish, and the Result step. The secondary is then Active on the simulated
//! primary: read from `DIR/primary/state.json`, the primary's own state file. Screenshots of
//! every step are saved under target/ci-artifacts/.
//!
//! Where to click comes from a headless replica of the same app (same window size, font, banner,
//! demo seeds and prefill) laid out by iced_test and driven through the same steps on simulated
//! servers of its own. When the real window has got somewhere is decided by observable
//! conditions only — no fixed sleeps: the window title names the wizard's step, and a pixel of
//! the real window takes the colour the replica draws there (a button becoming enabled, a card
//! appearing). Every probe is checked to change colour in the replica, so a wait cannot pass
//! before its event. Needs the Debian packages xvfb, xauth, xdotool and imagemagick.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use iced_test::selector::{self, Bounded, Selector};
use ksc_link::gui::app::{App, Screen};
use ksc_link::hierarchy::wizard::{LoginCheck, Step};
use ksc_link::kloapi::ServerStatus;
use ksc_link::sim::ksc::link::LinkConfig;
use ksc_link::sim::pair::{demo_gui_options, start_pair};

mod gui_support;
use gui_support::app::{click, run, type_into, wizard};
use gui_support::{runtime, sim};

/// How long any one condition may take to show (the machine may be busy with other tests).
const DEADLINE: Duration = Duration::from_secs(120);
/// The display name typed for the secondary.
const NAME: &str = "Window branch";
/// The group of the primary's demo seed the secondary goes to.
const GROUP: &str = "Secondary servers";
const CONFIRM: &str = "I compared the fingerprint with the one shown on the secondary server";

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

/// The centre of what `sel` selects in the replica, and a probe point 3 px left of it: for a
/// button's label, inside the button's padding (a flat colour at any scale).
fn locate<S>(app: &App, sel: S) -> ((i32, i32), (i32, i32))
where
    S: Selector + Send,
    S::Output: Bounded + Clone + Send,
{
    let mut ui = sim(app.view());
    let description = sel.description();
    let target = ui
        .find(sel)
        .unwrap_or_else(|e| panic!("{description}: {e}"));
    let b = target.visible_bounds().unwrap();
    let center = b.center();
    (
        (center.x.round() as i32, center.y.round() as i32),
        ((b.x - 3.0).round() as i32, center.y.round() as i32),
    )
}

/// The colour the replica draws at `point` (its snapshot is drawn at scale 2).
fn replica_colour(app: &App, dir: &Path, point: (i32, i32)) -> String {
    let mut ui = sim(app.view());
    // The theme the window uses: Xvfb has no desktop preference, so the light one.
    let snap = ui.snapshot(&app.theme()).unwrap();
    let base = dir.join("replica");
    let png = dir.join("replica-tiny-skia.png");
    let _ = std::fs::remove_file(&png);
    snap.matches_image(&base).unwrap();
    pixel(&png, (point.0 * 2, point.1 * 2))
}

/// Whether two `r,g,b` colours are the same, give or take rounding of the two renderings.
fn same_colour(a: &str, b: &str) -> bool {
    let parse = |s: &str| -> Vec<i32> { s.split(',').map(|c| c.trim().parse().unwrap()).collect() };
    parse(a)
        .iter()
        .zip(parse(b))
        .all(|(x, y)| (x - y).abs() <= 3)
}

fn artifacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/ci-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The real window and the replica, stepped together.
struct Driver {
    x: X,
    window: String,
    dir: PathBuf,
    rt: tokio::runtime::Runtime,
    replica: App,
}

impl Driver {
    /// Waits until the real window shows `colour` at `point`.
    fn wait_for_colour(&self, point: (i32, i32), colour: &str, what: &str) {
        let shot = self.dir.join("probe.png");
        let end = Instant::now() + DEADLINE;
        loop {
            self.x.screenshot(&self.window, &shot);
            let now = pixel(&shot, point);
            if same_colour(&now, colour) {
                return;
            }
            assert!(
                Instant::now() < end,
                "{what}: the window shows {now} at {point:?}, not {colour}"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Waits until the real window's title is the replica's (it names the wizard's step).
    fn wait_for_title(&self, what: &str) {
        let expected = self.replica.title();
        let end = Instant::now() + DEADLINE;
        loop {
            let now = self.x.run("xdotool", &["getwindowname", &self.window]);
            if now.trim_end() == expected {
                return;
            }
            assert!(
                Instant::now() < end,
                "{what}: the window is titled {now:?}, not {expected:?}"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Does `act` on the replica and `real` on the window, then waits until the window shows at
    /// `probe` (a point of the replica after `act`) what the replica shows there. The replica's
    /// colour there must change with `act`, so the wait cannot pass early.
    fn step(
        &mut self,
        what: &str,
        act: impl FnOnce(&tokio::runtime::Runtime, &mut App),
        probe: impl FnOnce(&App) -> (i32, i32),
        real: impl FnOnce(&X, &str),
    ) {
        let before = self.replica_snapshot_png("before");
        act(&self.rt, &mut self.replica);
        let point = probe(&self.replica);
        let colour = replica_colour(&self.replica, &self.dir, point);
        let was = pixel(&before, (point.0 * 2, point.1 * 2));
        assert!(
            !same_colour(&was, &colour),
            "{what}: the probe {point:?} shows {colour} before and after in the replica"
        );
        real(&self.x, &self.window);
        self.wait_for_colour(point, &colour, what);
    }

    /// The replica as a PNG (scale 2), kept under `name`.
    fn replica_snapshot_png(&self, name: &str) -> PathBuf {
        let mut ui = sim(self.replica.view());
        let snap = ui.snapshot(&self.replica.theme()).unwrap();
        let png = self.dir.join(format!("{name}-tiny-skia.png"));
        let _ = std::fs::remove_file(&png);
        snap.matches_image(self.dir.join(name)).unwrap();
        png
    }

    /// Saves the real window as an artifact.
    fn shot(&self, name: &str) {
        self.x.screenshot(
            &self.window,
            &artifacts().join(format!("window_demo_{name}.png")),
        );
    }
}

/// The probe of a button (or list entry) labelled `label`: inside its padding.
fn button_probe(label: &'static str) -> impl FnOnce(&App) -> (i32, i32) {
    move |app| locate(app, label).1
}

/// The registrations of the primary's state file: (display name, status).
fn registrations(state_file: &Path) -> Vec<(String, i64)> {
    let Ok(text) = std::fs::read_to_string(state_file) else {
        return Vec::new();
    };
    // Rewritten atomically (a temporary file, then a rename), so a read sees a whole file.
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json["secondaries"]
        .as_object()
        .map(|m| {
            m.values()
                .map(|s| {
                    (
                        s["display_name"].as_str().unwrap_or_default().to_string(),
                        s["status"].as_i64().unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn demo_window_completes_the_wizard_and_the_secondary_is_active_on_the_simulated_primary() {
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

    // The demo, with a home and runtime folder of its own (no settings of the machine's user),
    // and its servers' state where the test can read it.
    let home = dir.join("home");
    let run_dir = dir.join("run");
    let state = dir.join("state");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::create_dir_all(&run_dir).unwrap();
    std::fs::set_permissions(
        &run_dir,
        std::os::unix::fs::PermissionsExt::from_mode(0o700),
    )
    .unwrap();
    let mut demo = x.cmd(env!("CARGO_BIN_EXE_ksc-link"));
    demo.args(["demo", "--state"])
        .arg(&state)
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

    // The replica: the same app, as the demo opens it, on simulated servers of its own.
    let rt = runtime();
    let pair = rt
        .block_on(start_pair(&dir.join("replica-sims"), LinkConfig::fast()))
        .unwrap();
    let mut options = demo_gui_options(&pair);
    options.settings_path = Some(dir.join("replica-settings.toml"));
    let (mut replica, load) = App::new(options);
    run(&rt, &mut replica, load);
    let mut d = Driver {
        x,
        window,
        dir: dir.to_path_buf(),
        rt,
        replica,
    };

    // The connect screen, with the primary preset filled in.
    let (_, probe) = locate(&d.replica, "Connect");
    let blue = replica_colour(&d.replica, dir, probe);
    d.wait_for_colour(probe, &blue, "the connect screen");
    d.wait_for_title("the connect screen");
    d.shot("0_connect");

    // Connect (mouse): the home screen.
    let (connect, _) = locate(&d.replica, "Connect");
    d.step(
        "the home screen",
        |rt, app| click(rt, app, "Connect"),
        button_probe("Add secondary Administration Server"),
        |x, w| x.click(w, connect),
    );
    assert!(matches!(d.replica.screen, Screen::Home(_)));
    d.shot("1_home");

    // Add secondary: the wizard opens at the group step (its footer appears).
    let (add, _) = locate(&d.replica, "Add secondary Administration Server");
    d.step(
        "the group step",
        |rt, app| click(rt, app, "Add secondary Administration Server"),
        // In the footer, left of Cancel: a secondary button is as white as the page before.
        |app| {
            let (_, (x, y)) = locate(app, "Cancel");
            (x - 11, y)
        },
        |x, w| x.click(w, add),
    );
    d.wait_for_title("the group step");
    assert_eq!(wizard(&d.replica).wizard.step(), Step::Group);
    d.shot("2_group");

    // 1. The group: its entry is highlighted and Next is enabled.
    let (group, _) = locate(&d.replica, GROUP);
    d.step(
        "the group chosen",
        |rt, app| click(rt, app, GROUP),
        button_probe("Next"),
        |x, w| x.click(w, group),
    );
    let (next, _) = locate(&d.replica, "Next");
    d.step(
        "the secondary server step",
        |rt, app| click(rt, app, "Next"),
        button_probe("Next"),
        |x, w| x.click(w, next),
    );
    d.wait_for_title("the secondary server step");
    assert_eq!(wizard(&d.replica).wizard.step(), Step::Server);

    // 2. The display name, typed (address and ports are prefilled): Next is enabled. Enter goes
    // on.
    let (name_input, _) = locate(&d.replica, selector::id("server-name"));
    d.step(
        "the display name typed",
        |rt, app| type_into(rt, app, "server-name", NAME),
        button_probe("Next"),
        |x, w| {
            x.click(w, name_input);
            x.run("xdotool", &["type", "--delay", "40", NAME]);
        },
    );
    d.shot("3_server");
    d.step(
        "the certificate step",
        |rt, app| click(rt, app, "Next"),
        button_probe("Next"),
        |x, _| {
            x.run("xdotool", &["key", "Return"]);
        },
    );
    d.wait_for_title("the certificate step");
    assert_eq!(wizard(&d.replica).wizard.step(), Step::Certificate);

    // 3. The certificate, fetched from the secondary: its card appears; confirmed: Next.
    let (fetch, _) = locate(&d.replica, "Get from secondary Administration Server");
    d.step(
        "the certificate fetched",
        |rt, app| click(rt, app, "Get from secondary Administration Server"),
        // Inside the card's padding, left of its first label.
        |app| locate(app, "Subject").1,
        |x, w| x.click(w, fetch),
    );
    assert!(wizard(&d.replica).wizard.form.certificate.is_some());
    let (confirm, _) = locate(&d.replica, CONFIRM);
    d.step(
        "the fingerprint confirmed",
        |rt, app| click(rt, app, CONFIRM),
        button_probe("Next"),
        |x, w| x.click(w, confirm),
    );
    d.shot("4_certificate");
    let (next, _) = locate(&d.replica, "Next");
    {
        let rt = &d.rt;
        click(rt, &mut d.replica, "Next");
    }
    d.x.click(&d.window, next);
    d.wait_for_title("the connection step");
    assert_eq!(wizard(&d.replica).wizard.step(), Step::Connection);

    // 4. Connection settings, prefilled (the primary's address and SSL port): Enter goes on,
    // to the credentials, where nothing is checked yet.
    let (_, probe) = locate(&d.replica, "Next");
    let enabled = replica_colour(&d.replica, dir, probe);
    d.wait_for_colour(probe, &enabled, "the connection step complete");
    d.shot("5_connection");
    d.step(
        "the credentials step",
        |rt, app| click(rt, app, "Next"),
        button_probe("Next"),
        |x, _| {
            x.run("xdotool", &["key", "Return"]);
        },
    );
    d.wait_for_title("the credentials step");
    assert_eq!(wizard(&d.replica).wizard.step(), Step::Credentials);

    // 5. The prefilled credentials, checked by logging in to the secondary: Next is enabled.
    let (check, _) = locate(&d.replica, "Check credentials");
    d.step(
        "the credentials checked",
        |rt, app| click(rt, app, "Check credentials"),
        button_probe("Next"),
        |x, w| x.click(w, check),
    );
    assert_eq!(wizard(&d.replica).wizard.login, LoginCheck::Verified);
    d.shot("6_credentials");

    // 6. The summary.
    let (next, _) = locate(&d.replica, "Next");
    {
        let rt = &d.rt;
        click(rt, &mut d.replica, "Next");
    }
    d.x.click(&d.window, next);
    d.wait_for_title("the summary");
    assert_eq!(wizard(&d.replica).wizard.step(), Step::Summary);
    let (_, probe) = locate(&d.replica, "Finish");
    let enabled = replica_colour(&d.replica, dir, probe);
    d.wait_for_colour(probe, &enabled, "the summary complete");
    d.shot("7_summary");

    // 7 and 8. Finish: the run, then the Result step reads the secondary back: its card
    // appears (on the Result step, where only "Reading…" was before).
    let (finish, _) = locate(&d.replica, "Finish");
    click(&d.rt, &mut d.replica, "Finish");
    d.x.click(&d.window, finish);
    d.wait_for_title("the result step");
    let (_, probe) = locate(&d.replica, "Display name");
    let card = replica_colour(&d.replica, dir, probe);
    d.wait_for_colour(probe, &card, "the secondary read back");
    let s = wizard(&d.replica);
    assert_eq!(s.wizard.step(), Step::Result, "{:?}", s.run.failure);
    let child = s.result.clone().unwrap().unwrap().unwrap();
    assert_eq!(child.status, Some(ServerStatus::Active));
    d.shot("8_result");

    // On the demo's own simulated primary: the secondary is registered under the typed name
    // and Active.
    let state_file = state.join("primary/state.json");
    let end = Instant::now() + DEADLINE;
    loop {
        let regs = registrations(&state_file);
        if regs == [(NAME.to_string(), 1)] {
            break;
        }
        assert!(
            Instant::now() < end,
            "the demo's primary lists {regs:?}, not {NAME:?} Active"
        );
        std::thread::sleep(Duration::from_millis(200));
    }

    // Done closes the wizard: back at the home screen.
    let (done, _) = locate(&d.replica, "Done");
    d.step(
        "home after Done",
        |rt, app| click(rt, app, "Done"),
        button_probe("Add secondary Administration Server"),
        |x, w| x.click(w, done),
    );
    d.wait_for_title("home after Done");
    d.rt.block_on(pair.shutdown());
}
