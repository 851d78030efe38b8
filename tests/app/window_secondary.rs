//! `ksc-link demo --state DIR` in a real window under Xvfb, driven by mouse and keyboard with
//! xdotool, building the hierarchy from the secondary's side: on the simulated primary the
//! wizard registers the secondary only (its login fails), Done, Disconnect; then connected to
//! the simulated secondary, "This server is secondary" lists the primary's klserver.cer on the
//! demo's stand-in flash drive (and chooses nothing), the box is ticked, the certificate picked,
//! the primary's address and SSL port typed, its fingerprint ticked as compared, Save, and the
//! page shows that the primary sees this server Active. Finally
//! `DIR/primary/state.json` lists the registration as Active (status 1). Screenshots of every
//! step are saved under target/ci-artifacts/.
//!
//! As in tests/app/window_demo.rs: a headless replica of the same app, driven through the same
//! steps on simulated servers of its own, tells where to click and which colour a point of the
//! window takes when it has got somewhere; no fixed sleeps. Needs the Debian packages xvfb,
//! xauth, xdotool and imagemagick.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::time::Instant;

use iced_test::selector;
use ksc_link::cli::demo::gui_options as demo_gui_options;
use ksc_link::gui::app::{App, Message as AppMessage, Page, Screen};
use ksc_link::gui::screen::secondary::{
    self, CertificateSource, PrimaryCheck, fingerprint_confirm_label, secondary_label,
};
use ksc_link::hierarchy::wizard::{LoginCheck, Step};
use ksc_link::kloapi::ServerStatus;
use ksc_link::sim::ksc::link::LinkConfig;
use ksc_link::sim::pair::{DEMO_USB_LABEL, DEMO_USB_NOTE, prepare_demo_usb};
use ksc_link::sim::pair::{SimPair, start_pair};

use crate::gui_support;
use gui_support::app::{click, run, type_into, wizard};
use gui_support::window::{
    DEADLINE, Driver, X, button_probe, launch_demo, locate, need, pixel, registrations,
    replica_colour, same_colour, start_display,
};
use gui_support::{runtime, sim};

/// The display name typed for the secondary.
const NAME: &str = "USB branch";
/// The group of the primary's demo seed the secondary goes to.
const GROUP: &str = "Secondary servers";
const CONFIRM: &str = "I compared the fingerprint with the one shown on the secondary server";
const REGISTER_ONLY: &str = "Register on this server only";
const REGISTER_ONLY_HINT: &str = "The secondary's administrator then finishes on the secondary \
     with this server's certificate or a join file; nothing is written on the secondary from \
     here.";
const SECONDARY_PRESET: &str = "Simulated secondary (ksc-branch)";

/// A point inside the input `id`, near its right end (clear of its text): its background.
fn input_probe(app: &App, id: &'static str) -> (i32, i32) {
    let mut ui = sim(app.view());
    let b = ui.find(selector::id(id)).unwrap().visible_bounds().unwrap();
    let c = b.center();
    ((b.x + b.width - 8.0).round() as i32, c.y.round() as i32)
}

/// A point inside the box of the check box labelled `label`, near its left edge (clear of the
/// tick): its fill, which turns the primary colour once ticked.
fn checkbox_probe(app: &App, label: &str) -> (i32, i32) {
    let mut ui = sim(app.view());
    // A check box reports its whole width, starting with the box. Its tick mark runs through
    // the middle of the box, drawn in the unticked box's white: probe the box's upper left,
    // inside its border, where ticking turns white into the primary colour.
    let b = ui.find(label).unwrap().visible_bounds().unwrap();
    (
        (b.x + 3.0).round() as i32,
        (b.center().y - 5.0).round() as i32,
    )
}

/// The primary's SSL port as the demo's note on its stand-in flash drive gives it.
fn note_port(usb_root: &Path) -> u16 {
    let end = Instant::now() + DEADLINE;
    loop {
        if let Ok(text) = std::fs::read_to_string(usb_root.join(DEMO_USB_LABEL).join(DEMO_USB_NOTE))
            && let Some(port) = text
                .trim_end()
                .rsplit(' ')
                .next()
                .and_then(|p| p.parse().ok())
        {
            return port;
        }
        assert!(Instant::now() < end, "no note on the demo's flash drive");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// In the replica scrolled to the bottom of its page, the box holding `text`: a point just inside
/// its top edge and one just above it, each with the colour the replica draws there (left of
/// `text`, in the box's padding, where no text is drawn).
fn answer_box_edge(app: &App, dir: &Path, text: &str) -> (Probe, Probe) {
    let mut ui = sim(app.view());
    ui.point_at(iced::Point::new(490.0, 300.0));
    ui.simulate([iced::Event::Mouse(iced::mouse::Event::WheelScrolled {
        delta: iced::mouse::ScrollDelta::Lines { x: 0.0, y: -500.0 },
    })]);
    let b = ui.find(text).unwrap().visible_bounds().unwrap();
    let (x, y) = ((b.x - 3.0).round() as i32, b.center().y.round() as i32);
    let snap = ui.snapshot(&app.theme()).unwrap();
    let png = dir.join("bottom-tiny-skia.png");
    let _ = std::fs::remove_file(&png);
    snap.matches_image(dir.join("bottom")).unwrap();
    // Up the column from the text, at the replica's scale 2, while the box's colour lasts.
    let colour = pixel(&png, (x * 2, y * 2));
    let mut top = y;
    while top > 1 && same_colour(&pixel(&png, (x * 2, (top - 1) * 2)), &colour) {
        top -= 1;
    }
    assert!(
        y - top > 40,
        "the box above {text:?} is only {} px tall",
        y - top
    );
    let inside = (x, top + 2);
    let outside = (x, top - 3);
    let outside_colour = pixel(&png, (outside.0 * 2, outside.1 * 2));
    assert!(!same_colour(&outside_colour, &colour));
    ((inside, colour), (outside, outside_colour))
}

/// A point of the window and the colour expected there.
type Probe = ((i32, i32), String);

/// The secondary page the replica shows.
fn page(app: &App) -> &secondary::State {
    match app.screen.page() {
        Some(Page::Secondary(page)) => page,
        other => panic!("not on the secondary page: {other:?}"),
    }
}

fn page_mut(app: &mut App) -> &mut secondary::State {
    match app.screen.page_mut() {
        Some(Page::Secondary(page)) => page,
        other => panic!("not on the secondary page: {other:?}"),
    }
}

/// Clicks `label` in the replica and at the same place in the window, with no wait.
fn click_both(d: &mut Driver, label: &str) {
    let (at, _) = locate(&d.replica, label);
    click(&d.rt, &mut d.replica, label);
    d.x.click(&d.window, at);
}

#[test]
fn demo_window_registers_only_then_the_secondary_joins_from_its_side_with_the_usb_certificate() {
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
    let state = dir.join("state");
    let (_demo, window) = launch_demo(&x, dir, &state);
    let real_primary_port = note_port(&state.join("usb"));

    // The replica: the same app as the demo opens it (its stand-in flash drive too), on
    // simulated servers of its own.
    let rt = runtime();
    let replica_sims = dir.join("replica-sims");
    let pair: SimPair = rt
        .block_on(start_pair(&replica_sims, LinkConfig::fast()))
        .unwrap();
    let mut options = demo_gui_options(&pair);
    options.settings_path = Some(dir.join("replica-settings.toml"));
    options.usb_scan_roots = Some(vec![prepare_demo_usb(&replica_sims, &pair).unwrap()]);
    let replica_primary_port = pair.primary.sim().ssl_port();
    let (mut replica, load) = App::new(options);
    run(&rt, &mut replica, load);
    let mut d = Driver {
        x,
        window,
        dir: dir.to_path_buf(),
        rt,
        replica,
        prefix: "window_secondary",
    };

    // The connect screen, with the primary preset filled in; Connect: the home screen.
    let (_, probe) = locate(&d.replica, "Connect");
    let blue = replica_colour(&d.replica, dir, probe);
    d.wait_for_colour(probe, &blue, "the connect screen");
    d.wait_for_title("the connect screen");
    let (connect, _) = locate(&d.replica, "Connect");
    d.step(
        "the primary's home screen",
        |rt, app| click(rt, app, "Connect"),
        button_probe("Add secondary Administration Server"),
        |x, w| x.click(w, connect),
    );
    d.shot("1_primary_home");

    // The wizard: group, display name, the certificate fetched and confirmed, the prefilled
    // connection settings.
    let (add, _) = locate(&d.replica, "Add secondary Administration Server");
    d.step(
        "the group step",
        |rt, app| click(rt, app, "Add secondary Administration Server"),
        |app| {
            let (_, (x, y)) = locate(app, "Cancel");
            (x - 11, y)
        },
        |x, w| x.click(w, add),
    );
    d.wait_for_title("the group step");
    let (group, _) = locate(&d.replica, GROUP);
    d.step(
        "the group chosen",
        |rt, app| click(rt, app, GROUP),
        button_probe("Next"),
        |x, w| x.click(w, group),
    );
    click_both(&mut d, "Next");
    d.wait_for_title("the secondary server step");
    assert_eq!(wizard(&d.replica).wizard.step(), Step::Server);
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
    click(&d.rt, &mut d.replica, "Next");
    d.x.run("xdotool", &["key", "Return"]);
    d.wait_for_title("the certificate step");
    let (fetch, _) = locate(&d.replica, "Get from secondary Administration Server");
    d.step(
        "the certificate fetched",
        |rt, app| click(rt, app, "Get from secondary Administration Server"),
        |app| locate(app, "Subject").1,
        |x, w| x.click(w, fetch),
    );
    let (confirm, _) = locate(&d.replica, CONFIRM);
    d.step(
        "the fingerprint confirmed",
        |rt, app| click(rt, app, CONFIRM),
        button_probe("Next"),
        |x, w| x.click(w, confirm),
    );
    click_both(&mut d, "Next");
    d.wait_for_title("the connection step");
    let (_, probe) = locate(&d.replica, "Next");
    let enabled = replica_colour(&d.replica, dir, probe);
    d.wait_for_colour(probe, &enabled, "the connection step complete");
    click(&d.rt, &mut d.replica, "Next");
    d.x.run("xdotool", &["key", "Return"]);
    d.wait_for_title("the credentials step");
    assert_eq!(wizard(&d.replica).wizard.step(), Step::Credentials);

    // 5. The secondary cannot be logged in to (a mistyped password): register only is offered.
    // Just inside the field's left edge: white inside its 1 px border, then the 2 px focus ring
    // once clicked into (the replica keeps no focus between draws, so the colour comes from the
    // palette).
    let (password, outside) = locate(&d.replica, selector::id("secondary-password"));
    let border = (outside.0 + 4, outside.1);
    let ring = ksc_link::gui::style::palette::extra(&d.replica.theme()).focus;
    let channel = |c: f32| (c * 255.0).round() as i32;
    let focused = format!(
        "{},{},{}",
        channel(ring.r),
        channel(ring.g),
        channel(ring.b)
    );
    type_into(&d.rt, &mut d.replica, "secondary-password", "x");
    d.click_until(password, border, &focused, "the password field focused");
    d.x.run("xdotool", &["type", "--delay", "40", "x"]);
    let (check, _) = locate(&d.replica, "Check credentials");
    d.step(
        "register only offered",
        |rt, app| click(rt, app, "Check credentials"),
        |app| locate(app, REGISTER_ONLY_HINT).1,
        |x, w| x.click(w, check),
    );
    assert!(matches!(
        wizard(&d.replica).wizard.login,
        LoginCheck::Failed(_)
    ));
    d.shot("2_register_only_offered");

    // 6. Register only: the summary of the primary's half; Finish is enabled.
    click_both(&mut d, REGISTER_ONLY);
    d.wait_for_title("the register-only summary");
    assert!(wizard(&d.replica).wizard.is_register_only());
    let (_, probe) = locate(&d.replica, "Finish");
    let enabled = replica_colour(&d.replica, dir, probe);
    d.wait_for_colour(probe, &enabled, "the summary complete");
    d.shot("3_summary");

    // 7 and 8. Finish: the registration, then the Result step reads it back: Inactive.
    click_both(&mut d, "Finish");
    d.wait_for_title("the result step");
    let (_, probe) = locate(&d.replica, "Display name");
    let card = replica_colour(&d.replica, dir, probe);
    d.wait_for_colour(probe, &card, "the registration read back");
    let s = wizard(&d.replica);
    assert_eq!(s.wizard.step(), Step::Result, "{:?}", s.run.failure);
    let child = s.result.clone().unwrap().unwrap().unwrap();
    assert_eq!(child.status, Some(ServerStatus::Inactive));
    d.shot("4_result");
    let state_file = state.join("primary/state.json");
    assert_eq!(registrations(&state_file), [(NAME.to_string(), 0)]);

    // Done, Disconnect: the connect screen.
    let (done, _) = locate(&d.replica, "Done");
    d.step(
        "home after Done",
        |rt, app| click(rt, app, "Done"),
        button_probe("Add secondary Administration Server"),
        |x, w| x.click(w, done),
    );
    let (disconnect, _) = locate(&d.replica, "Disconnect");
    d.step(
        "the connect screen again",
        |rt, app| click(rt, app, "Disconnect"),
        button_probe("Connect"),
        |x, w| x.click(w, disconnect),
    );
    assert!(matches!(d.replica.screen, Screen::Connect(_)));

    // The secondary preset, Connect: the secondary's home screen.
    click_both(&mut d, SECONDARY_PRESET);
    let (connect, _) = locate(&d.replica, "Connect");
    d.step(
        "the secondary's home screen",
        |rt, app| click(rt, app, "Connect"),
        button_probe("This server is secondary"),
        |x, w| x.click(w, connect),
    );
    let Some(home) = d.replica.screen.home() else {
        panic!("{:?}", d.replica.screen);
    };
    assert_eq!(home.connection.port, pair.secondary.sim().api_port());
    d.shot("5_secondary_home");

    // "This server is secondary": the primary's klserver.cer on the flash drive is listed, and
    // not chosen by itself.
    // The entry is drawn unselected, on the page's own colour: the wait is for the card of the
    // current settings instead (the page has read them), and the entry's place is taken from the
    // replica, which has scanned the drive.
    let (open, _) = locate(&d.replica, "This server is secondary");
    let drive_entry = format!("{DEMO_USB_LABEL}: klserver.cer");
    let now = ksc_link::fl!("secondary-now-not-secondary");
    d.step(
        "the secondary page open",
        |rt, app| click(rt, app, "This server is secondary"),
        move |app| locate(app, now.as_str()).1,
        |x, w| x.click(w, open),
    );
    assert!(
        page(&d.replica)
            .scan
            .as_ref()
            .is_some_and(|s| s.candidates.len() == 1)
    );
    assert!(page(&d.replica).form.certificate.is_none());
    d.shot("6_secondary_page");

    // Tick the box: the fields are enabled.
    let label = secondary_label();
    let (tick, _) = locate(&d.replica, label.as_str());
    d.step(
        "the box ticked",
        |rt, app| click(rt, app, &label),
        |app| input_probe(app, secondary::ids::PRIMARY_ADDRESS),
        |x, w| x.click(w, tick),
    );

    // The admin picks the drive's certificate: its entry is shown selected.
    let (pick, _) = locate(&d.replica, drive_entry.as_str());
    let entry = drive_entry.clone();
    d.step(
        "the flash drive's certificate picked",
        |rt, app| click(rt, app, &drive_entry),
        move |app| locate(app, entry.as_str()).1,
        |x, w| x.click(w, pick),
    );
    let chosen = page(&d.replica).form.certificate.clone().unwrap();
    assert_eq!(
        chosen.source,
        CertificateSource::Drive(
            replica_sims
                .join("usb")
                .join(DEMO_USB_LABEL)
                .join("klserver.cer")
        )
    );
    assert!(!chosen.confirmed);

    // The primary's address (typed if not prefilled) and SSL port (from the drive's note).
    if page(&d.replica).form.primary_address.is_empty() {
        let (at, _) = locate(&d.replica, selector::id(secondary::ids::PRIMARY_ADDRESS));
        type_into(
            &d.rt,
            &mut d.replica,
            secondary::ids::PRIMARY_ADDRESS,
            "127.0.0.1",
        );
        d.x.click(&d.window, at);
        d.x.run("xdotool", &["type", "--delay", "40", "127.0.0.1"]);
    }
    let (at, _) = locate(&d.replica, selector::id(secondary::ids::SSL_PORT));
    page_mut(&mut d.replica).form.ssl_port.clear();
    type_into(
        &d.rt,
        &mut d.replica,
        secondary::ids::SSL_PORT,
        &replica_primary_port.to_string(),
    );
    d.x.click(&d.window, at);
    d.x.run("xdotool", &["key", "End"]);
    d.x.run(
        "xdotool",
        &[
            "key",
            "--delay",
            "40",
            "BackSpace",
            "BackSpace",
            "BackSpace",
            "BackSpace",
            "BackSpace",
        ],
    );
    d.x.run(
        "xdotool",
        &["type", "--delay", "40", &real_primary_port.to_string()],
    );
    // The fingerprint compared: its box ticked (the pointer then moved off it, as the replica
    // draws it unhovered).
    let confirm = fingerprint_confirm_label();
    let (at, _) = locate(&d.replica, confirm.as_str());
    d.step(
        "the fingerprint compared",
        |rt, app| click(rt, app, &confirm),
        |app| checkbox_probe(app, &fingerprint_confirm_label()),
        |x, w| {
            x.click(w, at);
            x.run("xdotool", &["mousemove", "--window", w, "975", "5"]);
        },
    );
    assert!(
        page(&d.replica)
            .form
            .certificate
            .as_ref()
            .unwrap()
            .confirmed
    );
    assert!(page(&d.replica).can_save());
    d.shot("7_filled");

    // Save: the page asks the primary, which sees this server Active. Its answer is in a box at
    // the end of the page: both are scrolled to the bottom to see it. The box grows when the
    // answer comes, so the wait is for its top edge where the replica (which has the answer)
    // draws it: inside the box just below that edge, outside just above it.
    click_both(&mut d, "Save");
    let (inside, outside) = answer_box_edge(&d.replica, dir, "Status: Active");
    let shot = dir.join("probe.png");
    let end = Instant::now() + DEADLINE;
    loop {
        d.x.run(
            "xdotool",
            &["mousemove", "--window", &d.window, "490", "300"],
        );
        d.x.run("xdotool", &["click", "--repeat", "40", "--delay", "5", "5"]);
        d.x.run("xdotool", &["mousemove", "--window", &d.window, "975", "5"]);
        d.x.screenshot(&d.window, &shot);
        let now = (pixel(&shot, inside.0), pixel(&shot, outside.0));
        if same_colour(&now.0, &inside.1) && same_colour(&now.1, &outside.1) {
            break;
        }
        assert!(
            Instant::now() < end,
            "the page does not show the primary's answer: {now:?} at {inside:?} / {outside:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    let Some(PrimaryCheck::Done {
        seen: Some(seen), ..
    }) = &page(&d.replica).primary_check
    else {
        panic!("{:?}", page(&d.replica).primary_check);
    };
    assert_eq!(seen.server.status, Some(ServerStatus::Active));
    d.shot("8_saved_active");

    // On the demo's own simulated primary: the registration is Active.
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
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    let _ = d
        .replica
        .update(AppMessage::Secondary(secondary::Message::BackPressed));
    d.rt.block_on(pair.shutdown());
}
