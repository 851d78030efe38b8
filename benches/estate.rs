//! The three screens of a large estate, as an administrator meets them: a simulated primary with
//! 10,000 administration groups six deep, 2,000 virtual servers and 300 secondaries, and an
//! Autotask tenant of 20,000 companies, both over real TLS on loopback.
//!
//! For each screen, over several runs: the load through the app's own code (what the screen's
//! work runs), building the screen's State and its first frame; then each keystroke of a word
//! typed into the screen's search: update, view, layout, draw and the frame rasterised. Each
//! figure is one line `ROW\t<label>\t<min>\t<median>\t<max>\t<goal>` (milliseconds).
//!
//! Frames are made the way the window makes them (iced_winit's loop and the tiny-skia
//! compositor): one renderer and one `UserInterface` cache kept from frame to frame, so the
//! widget tree and the shaped text of unchanged widgets carry over; scale factor 1 in the app's
//! 980×760 window; the whole frame rasterised into a pixmap kept across frames. The window's
//! compositor may redraw only the damaged part of the frame, so the raster part is an upper
//! bound.
//!
//! The same keystrokes drawn with iced_test (a new renderer and no widget cache each frame, a
//! 2× snapshot) are printed beside, not as a ROW: that is the tests' cost, not the window's.
//!
//! Run with `cargo bench --bench estate`; with `KSC_LINK_BENCH_PNG_DIR` set, the last frame of
//! each screen is written there as a PNG, to see that the frames measured show the screens.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use iced::{Element, Size, Theme, mouse};
use iced_graphics::Viewport;
use iced_test::Simulator;
use iced_test::runtime::{UserInterface, user_interface};
use ksc_link::autotask::{ClientOptions, Credentials, Trust};
use ksc_link::gui::screen::{mapping, servers, wizard};
use ksc_link::hierarchy::wizard::PrimaryContext;
use ksc_link::kloapi::{KscClient, LoginOutcome};
use ksc_link::sim::autotask::AutotaskSimConfig;
use ksc_link::sim::ksc::{KscSimConfig, seed};
use ksc_link::tls::Pin;

/// Runs of each measurement.
const RUNS: usize = 7;
/// The app's window.
const WINDOW: (f32, f32) = (980.0, 760.0);
const COMPANIES: usize = 20_000;
const LOAD_GOAL: &str = "≤ 1000 ms";
const KEY_GOAL: &str = "≤ 16 ms";

/// The demo tenant grown to 20,000 companies, with a budget the repeated loads cannot exhaust.
fn autotask_seed() -> String {
    let demo = include_str!("../assets/sim/autotask.toml");
    let grown = demo
        .replace("count = 320", &format!("count = {COMPANIES}"))
        .replace("request_limit = 10000", "request_limit = 10000000");
    assert_ne!(grown, demo, "the demo seed changed: update this benchmark");
    grown
}

/// The demo primary with the large estate and 300 secondaries, through the seed's own tables.
fn ksc_seed() -> String {
    assert!(!seed::PRIMARY.contains("[estate]") && !seed::PRIMARY.contains("[fleet]"));
    format!(
        "{}\n[estate]\ngroups = 10000\ndepth = 6\nvservers = 2000\n\n[fleet]\ncount = 300\n",
        seed::PRIMARY
    )
}

/// Draws `element` once as the window would: layout, then a frame with the tiny-skia renderer.
/// The fonts go into the process's font system the first time only.
fn draw<'a, M>(element: impl Into<iced::Element<'a, M>>, fonts_loaded: &mut bool) {
    let mut settings = ksc_link::gui::font::settings();
    if *fonts_loaded {
        settings.fonts.clear();
    }
    *fonts_loaded = true;
    let mut ui = Simulator::with_size(settings, WINDOW, element);
    let snap = ui
        .snapshot(&ksc_link::gui::style::palette::light())
        .unwrap();
    std::hint::black_box(snap);
}

/// The window's frames: one renderer, the widget tree of the last frame, and the pixmap the
/// compositor rasterises into, all kept from frame to frame.
struct Window {
    renderer: iced::Renderer,
    cache: user_interface::Cache,
    viewport: Viewport,
    /// RGBA, as tiny-skia reads the compositor's buffer of `u32` pixels.
    pixels: Vec<u8>,
    clip_mask: tiny_skia::Mask,
    theme: Theme,
    /// The last frame's interface (layout, update, draw) and raster times, in milliseconds.
    last: (f64, f64),
}

impl Window {
    fn new() -> Self {
        // The fonts the app bundles, loaded the way the window loads them.
        ksc_link::gui::font::load_bundled();
        let settings = ksc_link::gui::font::settings();
        let renderer = iced::Renderer::new(settings.default_font, settings.default_text_size);
        let viewport =
            Viewport::with_physical_size(Size::new(WINDOW.0 as u32, WINDOW.1 as u32), 1.0);
        let size = viewport.physical_size();
        Window {
            renderer,
            cache: user_interface::Cache::default(),
            viewport,
            pixels: vec![0; size.width as usize * size.height as usize * 4],
            clip_mask: tiny_skia::Mask::new(size.width, size.height).unwrap(),
            theme: ksc_link::gui::style::palette::light(),
            last: (0.0, 0.0),
        }
    }

    /// One frame of `element`: the interface rebuilt over the last frame's tree, laid out,
    /// drawn and rasterised.
    fn frame<'a, M>(&mut self, element: impl Into<Element<'a, M>>) {
        let started = Instant::now();
        let cache = std::mem::take(&mut self.cache);
        let mut ui = UserInterface::build(
            element,
            self.viewport.logical_size(),
            cache,
            &mut self.renderer,
        );
        let cursor = mouse::Cursor::Unavailable;
        let mut messages = Vec::new();
        // What iced_winit sends before each draw (animations read it).
        let _ = ui.update(
            &[iced::Event::Window(iced::window::Event::RedrawRequested(
                iced::time::Instant::now(),
            ))],
            cursor,
            &mut self.renderer,
            &mut iced_core::clipboard::Null,
            &mut messages,
        );
        let base = iced::theme::Base::base(&self.theme);
        ui.draw(
            &mut self.renderer,
            &self.theme,
            &iced_core::renderer::Style {
                text_color: base.text_color,
            },
            cursor,
        );
        self.cache = ui.into_cache();
        let drawn = Instant::now();
        let size = self.viewport.physical_size();
        let mut pixmap =
            tiny_skia::PixmapMut::from_bytes(&mut self.pixels, size.width, size.height).unwrap();
        self.renderer.draw(
            &mut pixmap,
            &mut self.clip_mask,
            &self.viewport,
            &[iced::Rectangle::with_size(self.viewport.logical_size())],
            base.background_color,
        );
        std::hint::black_box(&self.pixels);
        self.last = (ms(drawn - started), ms(drawn.elapsed()));
    }

    /// A keystroke's time in its parts: update, view, interface, raster.
    fn split(&self, updated: f64, total: f64) -> [f64; 4] {
        let (ui, raster) = self.last;
        [updated, total - updated - ui - raster, ui, raster]
    }

    /// Writes the last frame as a PNG to look at.
    fn save(&self, name: &str) {
        let Ok(dir) = std::env::var("KSC_LINK_BENCH_PNG_DIR") else {
            return;
        };
        let size = self.viewport.physical_size();
        let file =
            std::fs::File::create(std::path::Path::new(&dir).join(format!("{name}.png"))).unwrap();
        let mut enc = png::Encoder::new(std::io::BufWriter::new(file), size.width, size.height);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        enc.write_header()
            .unwrap()
            .write_image_data(&self.pixels)
            .unwrap();
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Prints one figure: min, median and max of `samples`.
fn report(label: &str, samples: &mut [f64], goal: &str) {
    samples.sort_by(f64::total_cmp);
    let median = samples[samples.len() / 2];
    println!(
        "ROW\t{label}\t{:.1}\t{median:.1}\t{:.1}\t{goal}",
        samples[0],
        samples[samples.len() - 1]
    );
}

/// Where a keystroke's time goes (medians of each part).
fn report_parts(screen: &str, parts: &[[f64; 4]]) {
    let median = |k: usize| {
        let mut v: Vec<f64> = parts.iter().map(|p| p[k]).collect();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!(
        "{screen}: per keystroke, medians: update {:.1}, view {:.1}, layout + draw {:.1}, \
         raster {:.1} ms",
        median(0),
        median(1),
        median(2),
        median(3)
    );
}

/// The same keystrokes in iced_test, on a line of its own outside the table.
fn report_test(screen: &str, samples: &mut [f64]) {
    samples.sort_by(f64::total_cmp);
    println!(
        "{screen}: per keystroke in iced_test (new renderer, no widget cache, 2x snapshot): \
         min {:.1} median {:.1} max {:.1} ms",
        samples[0],
        samples[samples.len() / 2],
        samples[samples.len() - 1]
    );
}

/// The prefixes of `word`, one a keystroke.
fn keystrokes(word: &str) -> Vec<String> {
    word.char_indices()
        .map(|(i, c)| word[..i + c.len_utf8()].to_string())
        .collect()
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut fonts_loaded = false;

    let started = Instant::now();
    let (sim, client) = rt.block_on(async {
        let mut cfg = KscSimConfig::new(dir.path().join("ksc"));
        cfg.seed_text = Some(ksc_seed());
        let sim = ksc_link::sim::ksc::start(cfg).await.unwrap();
        let card = ksc_link::sim::pair::card_of(ksc_link::sim::pair::Role::Primary, &sim);
        let client = KscClient::new(card.connect_options().unwrap()).unwrap();
        assert_eq!(
            client.login(&card.credentials()).await.unwrap(),
            LoginOutcome::LoggedIn
        );
        (sim, client)
    });
    let mut at_cfg = AutotaskSimConfig::new(dir.path().join("autotask"));
    at_cfg.seed_text = Some(autotask_seed());
    let at = rt.block_on(ksc_link::sim::autotask::start(at_cfg)).unwrap();
    println!(
        "simulators seeded and started in {:.1} s (10,000 groups, 2,000 virtual servers, \
         300 secondaries; {COMPANIES} companies)",
        started.elapsed().as_secs_f64()
    );

    // The floor under every figure: a new headless renderer and a 2× frame of an almost empty
    // window, which the real window (one renderer, drawing only what changed) does not pay.
    let mut floor = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        let empty: iced::Element<'_, ()> = iced::widget::text("·").into();
        draw(empty, &mut fonts_loaded);
        floor.push(ms(t.elapsed()));
    }
    floor.sort_by(f64::total_cmp);
    println!(
        "floor of a frame in iced_test (renderer built, 2x draw, near-empty window): median {:.1} ms",
        floor[floor.len() / 2]
    );

    // 1. The wizard's group picker.
    let mut loads = Vec::new();
    let mut keys = Vec::new();
    let mut test_keys = Vec::new();
    let mut parts = Vec::new();
    let word = "helsinki";
    for _ in 0..RUNS {
        let mut window = Window::new();
        let t = Instant::now();
        let context = rt
            .block_on(PrimaryContext::load(&client, "127.0.0.1"))
            .unwrap();
        let mut state = wizard::State::new(client.clone(), context);
        window.frame(state.view());
        loads.push(ms(t.elapsed()));
        let groups = state.wizard.primary.groups[0].iter().count();
        // The demo's own groups and the fleet's come on top of the estate's.
        assert!(groups > 10_000, "{groups} groups");
        let key = |state: &mut wizard::State, prefix| {
            let _ = state.update(wizard::Message::Group(
                wizard::group::Message::FilterChanged(prefix),
            ));
        };
        for prefix in keystrokes(word) {
            let t = Instant::now();
            key(&mut state, prefix);
            let updated = ms(t.elapsed());
            window.frame(state.view());
            keys.push(ms(t.elapsed()));
            parts.push(window.split(updated, ms(t.elapsed())));
        }
        assert!(!state.wizard.visible_groups().is_empty());
        window.save("group");
        for prefix in keystrokes(word) {
            let t = Instant::now();
            key(&mut state, prefix);
            draw(state.view(), &mut fonts_loaded);
            test_keys.push(ms(t.elapsed()));
        }
    }
    report(
        "group picker, 10,000 groups: load + first render",
        &mut loads,
        LOAD_GOAL,
    );
    report(
        "group picker: per keystroke of the search",
        &mut keys,
        KEY_GOAL,
    );
    report_parts("group picker", &parts);
    report_test("group picker", &mut test_keys);

    // 2. The Autotask mapping table, and the account picker's search of one row.
    let opts = ClientOptions::new(&at.base_url(), Trust::Pinned(Pin::of_der(at.cert_der())));
    let creds = Credentials {
        user_name: at.user().to_string(),
        secret: at.secret().clone(),
        integration_code: at.integration_code().clone(),
    };
    let mut loads = Vec::new();
    let mut keys = Vec::new();
    let mut test_keys = Vec::new();
    let mut parts = Vec::new();
    let word = "northwind";
    for _ in 0..RUNS {
        let mut window = Window::new();
        let t = Instant::now();
        let mut page = mapping::State::new(
            mapping::Source::Ksc(client.clone()),
            opts.clone(),
            mapping::CredentialSource::Given(creds.clone()),
            &Default::default(),
        );
        let loaded = rt.block_on(page.open().run());
        assert!(matches!(
            page.update(loaded),
            mapping::Action::Checked { .. }
        ));
        window.frame(page.view());
        loads.push(ms(t.elapsed()));
        assert!(
            page.targets().len() >= 2_000,
            "the estate's and the demo's virtual servers"
        );
        let first = page.targets()[0].key.clone();
        let _ = page.update(mapping::Message::ChoosePressed(first));
        window.frame(page.view());
        for prefix in keystrokes(word) {
            let t = Instant::now();
            let _ = page.update(mapping::Message::SearchChanged(prefix));
            let updated = ms(t.elapsed());
            window.frame(page.view());
            keys.push(ms(t.elapsed()));
            parts.push(window.split(updated, ms(t.elapsed())));
        }
        window.save("mapping");
        for prefix in keystrokes(word) {
            let t = Instant::now();
            let _ = page.update(mapping::Message::SearchChanged(prefix));
            draw(page.view(), &mut fonts_loaded);
            test_keys.push(ms(t.elapsed()));
        }
    }
    report(
        "mapping table, 2,000 virtual servers × 20,000 companies: load + first render",
        &mut loads,
        LOAD_GOAL,
    );
    report(
        "mapping: per keystroke of the account search",
        &mut keys,
        KEY_GOAL,
    );
    report_parts("mapping", &parts);
    report_test("mapping", &mut test_keys);

    // 3. The Secondary servers page: the list read, the table shown (the looks at each server
    // stream in afterwards and are not part of the first render).
    let mut loads = Vec::new();
    let mut keys = Vec::new();
    let mut test_keys = Vec::new();
    let mut parts = Vec::new();
    let word = "branch-2";
    for _ in 0..RUNS {
        let mut window = Window::new();
        let t = Instant::now();
        let mut page = servers::State::new(client.clone());
        let work = page.open();
        let messages: Vec<servers::Message> =
            rt.block_on(futures::StreamExt::collect(work.into_stream()));
        for m in messages {
            let _ = page.update(m);
        }
        window.frame(page.view());
        loads.push(ms(t.elapsed()));
        assert_eq!(page.fleet().map(|f| f.rows.len()), Some(300));
        for prefix in keystrokes(word) {
            let t = Instant::now();
            let _ = page.update(servers::Message::FilterChanged(prefix));
            let updated = ms(t.elapsed());
            window.frame(page.view());
            keys.push(ms(t.elapsed()));
            parts.push(window.split(updated, ms(t.elapsed())));
        }
        window.save("servers");
        for prefix in keystrokes(word) {
            let t = Instant::now();
            let _ = page.update(servers::Message::FilterChanged(prefix));
            draw(page.view(), &mut fonts_loaded);
            test_keys.push(ms(t.elapsed()));
        }
    }
    report(
        "secondary servers page, 300 secondaries: load + first render",
        &mut loads,
        LOAD_GOAL,
    );
    report(
        "secondary servers: per keystroke of the filter",
        &mut keys,
        KEY_GOAL,
    );
    report_parts("secondary servers", &parts);
    report_test("secondary servers", &mut test_keys);

    rt.block_on(at.shutdown());
    rt.block_on(sim.shutdown());
}
