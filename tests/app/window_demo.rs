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

use std::time::{Duration, Instant};

use iced_test::selector;
use ksc_link::cli::demo::gui_options as demo_gui_options;
use ksc_link::gui::app::App;
use ksc_link::hierarchy::wizard::{LoginCheck, Step};
use ksc_link::kloapi::ServerStatus;
use ksc_link::sim::ksc::link::LinkConfig;
use ksc_link::sim::pair::start_pair;

use crate::gui_support;
use gui_support::app::{click, run, type_into, wizard};
use gui_support::runtime;
use gui_support::window::{
    DEADLINE, Driver, X, button_probe, launch_demo, locate, need, registrations, replica_colour,
    start_display,
};

/// The display name typed for the secondary.
const NAME: &str = "Window branch";
/// The group of the primary's demo seed the secondary goes to.
const GROUP: &str = "Secondary servers";
const CONFIRM: &str = "I compared the fingerprint with the one shown on the secondary server";

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
    let state = dir.join("state");
    let (_demo, window) = launch_demo(&x, dir, &state);

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
        prefix: "window_demo",
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
    assert!(d.replica.screen.is_home());
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
