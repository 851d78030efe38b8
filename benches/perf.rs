//! The figures of `docs/performance.md`, printed as `ROW` lines that `packaging/bench.sh` turns
//! into one table:
//! - `startup`: launch to first painted frame and peak RSS of `ksc-link`, `ksc-link demo` and
//!   the bare iced window (`examples/bare_window.rs`), in a running X server (`DISPLAY`), each
//!   run in turn so that the machine's noise falls on all three alike;
//! - `add-secondary`: the add-secondary API sequence against the simulators on loopback, with
//!   the round trips it makes.
//!
//! `cargo bench --bench perf -- [startup] [add-secondary]` (both when none is named); the
//! release binaries must be built first (`cargo build --release --features bare-window --bin
//! ksc-link --bin bare-window`) and kept aside, since building this bench builds ksc-link again
//! in target/release with the bench profile: `PERF_BIN_DIR` names where they are
//! (packaging/bench.sh does all of it). `PERF_RUNS` sets the start-up runs (default 7), `PERF_ADD_RUNS` the
//! add-secondary runs (default 50).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn main() {
    // `cargo bench` passes `--bench`; the sections are the other arguments.
    let wanted: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let runs = |name: &str, default: usize| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let all = wanted.is_empty();
    if all || wanted.iter().any(|w| w == "startup") {
        startup::run(runs("PERF_RUNS", 7));
    }
    if all || wanted.iter().any(|w| w == "add-secondary") {
        add::run(runs("PERF_ADD_RUNS", 50));
    }
}

/// Minimum, median, 95th percentile and maximum of `values`.
fn stats(values: &[f64]) -> [f64; 4] {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let at = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
    [v[0], at(0.5), at(0.95), v[v.len() - 1]]
}

/// One line of the table: label, min, median, max, goal, ratio to the bare window, p95.
fn row(label: &str, s: [f64; 4], decimals: usize, goal: &str, ratio: Option<f64>) {
    let f = |x: f64| format!("{x:.decimals$}");
    println!(
        "ROW\t{label}\t{}\t{}\t{}\t{goal}\t{}\t{}",
        f(s[0]),
        f(s[1]),
        f(s[3]),
        ratio.map(|r| format!("{r:.2}×")).unwrap_or_default(),
        f(s[2]),
    );
}

/// `target/release`, where the binaries this bench measures are built (`PERF_BIN_DIR` names
/// another folder, e.g. a build of another profile).
fn release_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("PERF_BIN_DIR") {
        return PathBuf::from(dir);
    }
    // This bench runs as target/release/deps/perf-<hash>.
    let exe = std::env::current_exe().expect("the bench's own path");
    exe.parent()
        .and_then(Path::parent)
        .expect("target/release")
        .to_path_buf()
}

#[cfg(target_os = "linux")]
mod startup {
    use super::*;
    use std::process::{Child, Command, Stdio};
    use x11rb::connection::Connection;
    use x11rb::protocol::Event;
    use x11rb::protocol::xproto::{
        ChangeWindowAttributesAux, ClientMessageEvent, ConnectionExt, EventMask, ImageFormat,
    };
    use x11rb::rust_connection::RustConnection;

    /// How long the window is left alone after its first frame before its peak RSS is read.
    const SETTLE: Duration = Duration::from_millis(1500);
    /// The rows at the top of the window read to tell whether it has been painted: every
    /// window measured draws text there.
    const STRIP: u16 = 120;

    struct Target {
        name: &'static str,
        program: PathBuf,
        args: &'static [&'static str],
    }

    struct Launch {
        first_frame: Duration,
        peak_rss_kib: u64,
    }

    pub fn run(runs: usize) {
        let dir = release_dir();
        let targets = [
            Target {
                name: "bare iced window",
                program: dir.join("bare-window"),
                args: &[],
            },
            Target {
                name: "ksc-link",
                program: dir.join("ksc-link"),
                args: &[],
            },
            Target {
                name: "ksc-link demo",
                program: dir.join("ksc-link"),
                args: &["demo"],
            },
        ];
        for t in &targets {
            assert!(
                t.program.exists(),
                "{} is missing: build it first (cargo build --release --features bare-window --bin ksc-link --bin bare-window)",
                t.program.display()
            );
        }
        let (conn, screen) = x11rb::connect(None).expect(
            "no X server: run this bench inside one (packaging/bench.sh starts Xvfb for it)",
        );
        let root = conn.setup().roots[screen].root;
        conn.change_window_attributes(
            root,
            &ChangeWindowAttributesAux::new().event_mask(EventMask::SUBSTRUCTURE_NOTIFY),
        )
        .unwrap();
        conn.flush().unwrap();
        let home = tempfile::tempdir().unwrap();
        let mut results: Vec<Vec<Launch>> = targets.iter().map(|_| Vec::new()).collect();
        // One warm-up round: the first start of a program reads it from disk.
        for round in 0..=runs {
            for (t, out) in targets.iter().zip(results.iter_mut()) {
                let launch = launch(&conn, t, home.path());
                if round > 0 {
                    out.push(launch);
                }
            }
        }
        let frame_ms = |r: &[Launch]| -> Vec<f64> {
            r.iter()
                .map(|l| l.first_frame.as_secs_f64() * 1000.0)
                .collect()
        };
        let rss_mib = |r: &[Launch]| -> Vec<f64> {
            r.iter().map(|l| l.peak_rss_kib as f64 / 1024.0).collect()
        };
        let bare_frame = stats(&frame_ms(&results[0]))[1];
        let bare_rss = stats(&rss_mib(&results[0]))[1];
        let plain_frame = stats(&frame_ms(&results[1]))[1];
        for (t, r) in targets.iter().zip(&results) {
            let f = stats(&frame_ms(r));
            let goal = match t.name {
                "ksc-link" => "≤ 1.15× bare".to_string(),
                "ksc-link demo" => {
                    format!("≤ ksc-link + 100 ms (median +{:.0} ms)", f[1] - plain_frame)
                }
                _ => String::new(),
            };
            row(
                &format!("{}: launch to first frame, ms", t.name),
                f,
                1,
                &goal,
                Some(f[1] / bare_frame),
            );
        }
        for (t, r) in targets.iter().zip(&results) {
            let m = stats(&rss_mib(r));
            let goal = if t.name == "ksc-link" {
                "≤ 1.3× bare"
            } else {
                ""
            };
            row(
                &format!("{}: peak RSS, MiB", t.name),
                m,
                1,
                goal,
                Some(m[1] / bare_rss),
            );
        }
    }

    fn launch(conn: &RustConnection, target: &Target, home: &Path) -> Launch {
        // Drop what earlier runs left in the queue (their unmaps and destroys).
        while conn.poll_for_event().unwrap().is_some() {}
        let runtime = tempfile::tempdir().unwrap();
        let mut command = Command::new(&target.program);
        command
            .args(target.args)
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env("XDG_STATE_HOME", home.join("state"))
            .env("XDG_RUNTIME_DIR", runtime.path())
            .env("LANG", "C.UTF-8")
            .env_remove("WAYLAND_DISPLAY")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let start = Instant::now();
        let mut child = command.spawn().expect("start the program");
        let window = wait_for_window(conn, &mut child, target.name);
        painted(conn, window, &mut child, target.name);
        let first_frame = start.elapsed();
        std::thread::sleep(SETTLE);
        let peak_rss_kib = peak_rss_kib(child.id())
            .unwrap_or_else(|| panic!("{}: no VmHWM in /proc/{}/status", target.name, child.id()));
        close(conn, window, &mut child);
        Launch {
            first_frame,
            peak_rss_kib,
        }
    }

    fn alive(child: &mut Child, name: &str) {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("{name} ended before its first frame: {status}");
        }
    }

    /// The first top-level window mapped after the launch.
    fn wait_for_window(conn: &RustConnection, child: &mut Child, name: &str) -> u32 {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            match conn.poll_for_event().unwrap() {
                Some(Event::MapNotify(e)) if !e.override_redirect => return e.window,
                Some(_) => continue,
                None => {}
            }
            alive(child, name);
            assert!(Instant::now() < deadline, "{name} mapped no window in 30 s");
            std::thread::sleep(Duration::from_micros(500));
        }
    }

    /// Waits until the top of `window` holds more than one colour: text has been drawn.
    fn painted(conn: &RustConnection, window: u32, child: &mut Child, name: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let geometry = conn.get_geometry(window).unwrap().reply();
            if let Ok(g) = geometry {
                let image = conn
                    .get_image(
                        ImageFormat::Z_PIXMAP,
                        window,
                        0,
                        0,
                        g.width,
                        g.height.min(STRIP),
                        !0,
                    )
                    .unwrap()
                    .reply();
                if let Ok(image) = image {
                    let mut pixels = image.data.chunks_exact(4);
                    if let Some(first) = pixels.next()
                        && pixels.any(|p| p[..3] != first[..3])
                    {
                        return;
                    }
                }
            }
            alive(child, name);
            assert!(Instant::now() < deadline, "{name} drew nothing in 30 s");
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    fn peak_rss_kib(pid: u32) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    }

    /// Asks the window to close as a window manager would (the app may ask first when
    /// something is unsaved; nothing is here), then ends the process if it is still there.
    fn close(conn: &RustConnection, window: u32, child: &mut Child) {
        let atom = |name: &[u8]| conn.intern_atom(false, name).unwrap().reply().unwrap().atom;
        let protocols = atom(b"WM_PROTOCOLS");
        let delete = atom(b"WM_DELETE_WINDOW");
        let event = ClientMessageEvent::new(32, window, protocols, [delete, 0, 0, 0, 0]);
        let _ = conn.send_event(false, window, EventMask::NO_EVENT, event);
        let _ = conn.flush();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if child.try_wait().unwrap().is_some() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = child.kill();
        let _ = child.wait();
    }
}

#[cfg(not(target_os = "linux"))]
mod startup {
    pub fn run(_: usize) {
        eprintln!("the start-up figures are measured under X11 on Linux only");
    }
}

mod add {
    use super::*;
    use ksc_link::hierarchy::{AddOptions, OnFailure, add_secondary};
    use ksc_link::sim::pair::{interactive_link_config, start_pair};

    fn total(requests: &BTreeMap<String, u64>) -> u64 {
        requests.values().sum()
    }

    pub fn run(runs: usize) {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        // The link as the demo runs it, so the wait for Active is what a user of the demo sees.
        let pair = rt
            .block_on(start_pair(dir.path(), interactive_link_config()))
            .unwrap();
        let [pc, sc] = pair.cards();
        let (primary, secondary) =
            rt.block_on(async { (support::login(&pc).await, support::login(&sc).await) });
        let plan = rt.block_on(support::plan(&primary, &pc, &sc));
        // The options the wizard and `ksc-link add-secondary` use.
        let options = AddOptions {
            on_failure: OnFailure::RollBack,
            ..AddOptions::default()
        };
        let (ps, ss) = (pair.primary.sim().state(), pair.secondary.sim().state());
        let mut times = Vec::new();
        let mut trips = Vec::new();
        let mut last = BTreeMap::new();
        for _ in 0..runs {
            let (p0, s0) = (ps.requests(), ss.requests());
            let start = Instant::now();
            let report = rt
                .block_on(add_secondary(
                    &primary,
                    &secondary,
                    &plan,
                    &options,
                    None,
                    &mut |_| {},
                ))
                .unwrap();
            times.push(start.elapsed().as_secs_f64() * 1000.0);
            let (dp, ds) = (ps.requests_since(&p0), ss.requests_since(&s0));
            trips.push((total(&dp) + total(&ds)) as f64);
            last = dp
                .into_iter()
                .map(|(k, v)| (format!("primary {k}"), v))
                .chain(ds.into_iter().map(|(k, v)| (format!("secondary {k}"), v)))
                .collect();
            // Undone outside the measured time, so that every run starts alike: the
            // secondary's section back to empty, its registration deleted, the link down.
            rt.block_on(async {
                support::undo(&primary, &secondary, report.secondary_id).await;
                tokio::time::sleep(Duration::from_millis(50)).await;
            });
        }
        rt.block_on(pair.shutdown());
        row(
            &format!("add secondary (check, register, configure, until Active), {runs} runs, ms"),
            stats(&times),
            1,
            "",
            None,
        );
        row(
            "add secondary: round trips (HTTP requests, both servers)",
            stats(&trips),
            0,
            "",
            None,
        );
        let calls: Vec<String> = last.iter().map(|(k, v)| format!("{k} ×{v}")).collect();
        println!("add secondary, calls of the last run: {}", calls.join(", "));
    }
}
