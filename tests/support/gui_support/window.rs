//! A real window of the app under Xvfb, driven with xdotool, and a headless replica laid out by
//! iced_test telling where to click and which colour to wait for (see tests/app/window_demo.rs).
//! Needs the Debian packages xvfb, xauth, xdotool and imagemagick.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use iced_test::selector::{Bounded, Selector};
use ksc_link::gui::app::App;

use super::sim;

/// How long any one condition may take to show (the machine may be busy with other tests).
pub const DEADLINE: Duration = Duration::from_secs(120);

pub fn need(tool: &str) {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .unwrap()
        .status
        .success();
    assert!(
        found,
        "{tool} is not installed: apt-get install xvfb xauth xdotool imagemagick x11-utils"
    );
}

/// A process group killed on drop (xvfb-run with its Xvfb, or the app).
pub struct Group(pub Child);

impl Drop for Group {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["--", &format!("-{}", self.0.id())])
            .status();
        let _ = self.0.wait();
    }
}

/// A private X display: `DISPLAY` and `XAUTHORITY` of an Xvfb started by `xvfb-run -a`. Two
/// tests starting at once may pick the same free display number and one Xvfb then exits: it
/// is started again, on the next free number.
pub fn start_display(dir: &Path) -> (Group, String, String) {
    let info = dir.join("display");
    let spawn = || {
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
        Group(child)
    };
    let mut group = spawn();
    let mut starts = 1;
    let end = Instant::now() + DEADLINE;
    loop {
        if let Ok(text) = std::fs::read_to_string(&info) {
            let mut lines = text.lines();
            let display = lines.next().unwrap().to_string();
            let xauthority = lines.next().unwrap_or_default().to_string();
            return (group, display, xauthority);
        }
        if matches!(group.0.try_wait(), Ok(Some(_))) && starts < 5 {
            starts += 1;
            group = spawn();
        }
        assert!(Instant::now() < end, "Xvfb did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
}

pub struct X {
    /// `DISPLAY`.
    pub display: String,
    /// `XAUTHORITY`.
    pub xauthority: String,
}

impl X {
    pub fn cmd(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        c.env("DISPLAY", &self.display)
            .env("XAUTHORITY", &self.xauthority);
        c
    }

    pub fn run(&self, program: &str, args: &[&str]) -> String {
        let out = self.cmd(program).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{program} {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Saves the window as a PNG.
    pub fn screenshot(&self, window: &str, path: &Path) {
        self.run("import", &["-window", window, path.to_str().unwrap()]);
    }

    pub fn click(&self, window: &str, (x, y): (i32, i32)) {
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
pub fn pixel(png: &Path, (x, y): (i32, i32)) -> String {
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
pub fn locate<S>(app: &App, sel: S) -> ((i32, i32), (i32, i32))
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
pub fn replica_colour(app: &App, dir: &Path, point: (i32, i32)) -> String {
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
pub fn same_colour(a: &str, b: &str) -> bool {
    let parse = |s: &str| -> Vec<i32> { s.split(',').map(|c| c.trim().parse().unwrap()).collect() };
    parse(a)
        .iter()
        .zip(parse(b))
        .all(|(x, y)| (x - y).abs() <= 3)
}

pub fn artifacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/ci-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The real window and the replica, stepped together.
pub struct Driver {
    /// The display.
    pub x: X,
    /// The real window's id.
    pub window: String,
    /// Scratch folder for probes.
    pub dir: PathBuf,
    /// Runtime of the replica's servers and tasks.
    pub rt: tokio::runtime::Runtime,
    /// The headless replica of the app.
    pub replica: App,
    /// Prefix of the screenshots' names under target/ci-artifacts/.
    pub prefix: &'static str,
}

impl Driver {
    /// Waits until the real window shows `colour` at `point`.
    pub fn wait_for_colour(&self, point: (i32, i32), colour: &str, what: &str) {
        let shot = self.dir.join("probe.png");
        let end = Instant::now() + DEADLINE;
        loop {
            self.x.screenshot(&self.window, &shot);
            let now = pixel(&shot, point);
            if same_colour(&now, colour) {
                return;
            }
            if Instant::now() >= end {
                // Keep what the window showed, for whoever reads the failure.
                let kept = artifacts().join(format!("{}_failed_probe.png", self.prefix));
                let _ = std::fs::copy(&shot, &kept);
                panic!(
                    "{what}: the window shows {now} at {point:?}, not {colour} (screenshot: {})",
                    kept.display()
                );
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Clicks `at` in the real window until it shows `colour` at `probe` (an input's focus ring):
    /// a click that lands while the window still draws the previous step is lost, so it is
    /// repeated rather than followed by typing into nothing.
    pub fn click_until(&self, at: (i32, i32), probe: (i32, i32), colour: &str, what: &str) {
        let shot = self.dir.join("probe.png");
        let end = Instant::now() + DEADLINE;
        loop {
            self.x.click(&self.window, at);
            let settle = Instant::now() + Duration::from_secs(2);
            while Instant::now() < settle {
                self.x.screenshot(&self.window, &shot);
                if same_colour(&pixel(&shot, probe), colour) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(200));
            }
            if Instant::now() >= end {
                let kept = artifacts().join(format!("{}_failed_probe.png", self.prefix));
                let _ = std::fs::copy(&shot, &kept);
                panic!(
                    "{what}: no {colour} at {probe:?} (screenshot: {})",
                    kept.display()
                );
            }
        }
    }

    /// Waits until the real window's title is the replica's (it names the wizard's step).
    pub fn wait_for_title(&self, what: &str) {
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
    pub fn step(
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
    pub fn replica_snapshot_png(&self, name: &str) -> PathBuf {
        let mut ui = sim(self.replica.view());
        let snap = ui.snapshot(&self.replica.theme()).unwrap();
        let png = self.dir.join(format!("{name}-tiny-skia.png"));
        let _ = std::fs::remove_file(&png);
        snap.matches_image(self.dir.join(name)).unwrap();
        png
    }

    /// Saves the real window as an artifact.
    pub fn shot(&self, name: &str) {
        self.x.screenshot(
            &self.window,
            &artifacts().join(format!("{}_{name}.png", self.prefix)),
        );
    }
}

/// The probe of a button (or list entry) labelled `label`: inside its padding.
pub fn button_probe(label: &'static str) -> impl FnOnce(&App) -> (i32, i32) {
    move |app| locate(app, label).1
}

/// The registrations of the primary's state file: (display name, status).
pub fn registrations(state_file: &Path) -> Vec<(String, i64)> {
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

/// Starts `ksc-link demo --state <state>` on the display, with a home and runtime folder of its
/// own (no settings of the machine's user); returns its process group and its window's id.
pub fn launch_demo(x: &X, dir: &Path, state: &Path) -> (Group, String) {
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
        .arg(state)
        .env("ICED_BACKEND", "tiny-skia")
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_RUNTIME_DIR", &run_dir)
        .env_remove("WAYLAND_DISPLAY")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0);
    let group = Group(demo.spawn().unwrap());
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
    (group, window)
}
