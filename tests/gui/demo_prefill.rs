//! `ksc-link demo`'s options on a simulated pair, the whole app driven headless with its tasks
//! run for real: the connect screen lists the simulated servers with their ports, and the wizard
//! opened on the simulated primary prefills the simulated secondary (address, ports, user,
//! password) and the primary's SSL port, as prefilled values the admin may change — so a person
//! completes the wizard by typing only the display name. Run with ICED_TEST_BACKEND=tiny-skia.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use ksc_link::cli::demo::gui_options as demo_gui_options;
use ksc_link::gui::app::App;
use ksc_link::hierarchy::wizard::{LoginCheck, Step};
use ksc_link::kloapi::ServerStatus;
use ksc_link::sim::ksc::link::LinkConfig;
use ksc_link::sim::pair::{SimPair, start_pair};

use crate::gui_support;
use gui_support::app::{click, run, shows, type_into, wizard};
use gui_support::runtime;

const GROUP: &str = "Secondary servers";
const CONFIRM: &str = "I compared the fingerprint with the one shown on the secondary server";

/// The app as the demo opens it on `pair` (with a settings file of the test's own).
fn demo_app(rt: &tokio::runtime::Runtime, pair: &SimPair, dir: &std::path::Path) -> App {
    let mut options = demo_gui_options(pair);
    options.settings_path = Some(dir.join("settings.toml"));
    let (mut app, load) = App::new(options);
    run(rt, &mut app, load);
    app
}

#[test]
fn the_demo_prefills_the_simulated_secondary_and_only_the_name_is_typed_to_an_active_secondary() {
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let pair = rt
        .block_on(start_pair(&dir.path().join("sims"), LinkConfig::fast()))
        .unwrap();
    let [pc, sc] = pair.cards();
    let mut app = demo_app(&rt, &pair, dir.path());

    // The preset list shows where each simulated server listens.
    for c in [&pc, &sc] {
        let ports = format!(
            "127.0.0.1, API port {}, SSL port {}",
            c.api_port, c.ssl_port
        );
        assert!(shows(&app, &ports), "{ports}");
    }

    click(&rt, &mut app, "Connect");
    assert!(app.screen.is_home(), "{:?}", app.notices);
    click(&rt, &mut app, "Add secondary Administration Server");
    let w = &wizard(&app).wizard;
    assert_eq!(w.step(), Step::Group);
    let f = &w.form;
    assert_eq!(f.secondary_address, "127.0.0.1");
    assert_eq!(f.ssl_port, sc.ssl_port.to_string());
    assert_eq!(f.api_port, sc.api_port.to_string());
    assert_eq!(f.user, sc.user);
    assert_eq!(f.password.expose(), sc.password);
    assert!(f.internal);
    assert_eq!(f.primary_address, "127.0.0.1");
    assert_eq!(f.primary_ssl_port, pc.ssl_port.to_string());
    assert!(f.display_name.is_empty());
    assert!(!w.is_dirty(), "prefilled values are not typed");
    // The window title names the step (the task bar shows where the wizard is).
    assert_eq!(
        app.title(),
        "ksc-link — Add secondary Administration Server, step 1 of 8: Administration group \
         — Demo — simulated servers"
    );

    click(&rt, &mut app, GROUP);
    click(&rt, &mut app, "Next");
    assert_eq!(wizard(&app).wizard.step(), Step::Server);
    // The prefilled values are on the page, in the inputs the admin can edit.
    for value in [sc.ssl_port.to_string(), sc.api_port.to_string()] {
        assert!(shows(&app, &value), "{value}");
    }
    type_into(&rt, &mut app, "server-name", "Demo branch");
    click(&rt, &mut app, "Next");
    assert_eq!(wizard(&app).wizard.step(), Step::Certificate);
    click(&rt, &mut app, "Get from secondary Administration Server");
    let chosen = wizard(&app).wizard.form.certificate.clone().unwrap();
    assert_eq!(chosen.details.pin().to_string(), sc.sha256);
    click(&rt, &mut app, CONFIRM);
    click(&rt, &mut app, "Next");
    assert_eq!(wizard(&app).wizard.step(), Step::Connection);
    assert!(shows(&app, &pc.ssl_port.to_string()));
    click(&rt, &mut app, "Next");
    assert_eq!(wizard(&app).wizard.step(), Step::Credentials);
    click(&rt, &mut app, "Check credentials");
    assert_eq!(wizard(&app).wizard.login, LoginCheck::Verified);
    click(&rt, &mut app, "Next");
    assert_eq!(wizard(&app).wizard.step(), Step::Summary);
    click(&rt, &mut app, "Finish");
    let s = wizard(&app);
    assert_eq!(s.wizard.step(), Step::Result, "{:?}", s.run.failure);
    let child = s.result.clone().unwrap().unwrap().unwrap();
    assert_eq!(child.display_name, "Demo branch");
    assert_eq!(child.status, Some(ServerStatus::Active));

    // On the simulated primary itself.
    let registered = pair.primary.sim().state().read(|d| {
        d.secondaries
            .values()
            .map(|s| (s.display_name.clone(), s.status))
            .collect::<Vec<_>>()
    });
    assert_eq!(registered, [("Demo branch".to_string(), 1)]);
    rt.block_on(pair.shutdown());
}

#[test]
fn on_the_simulated_secondary_itself_only_its_own_ssl_port_is_prefilled() {
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let pair = rt
        .block_on(start_pair(&dir.path().join("sims"), LinkConfig::fast()))
        .unwrap();
    let [_, sc] = pair.cards();
    let mut app = demo_app(&rt, &pair, dir.path());
    click(&rt, &mut app, "Simulated secondary (ksc-branch)");
    click(&rt, &mut app, "Connect");
    assert!(app.screen.is_home(), "{:?}", app.notices);
    click(&rt, &mut app, "Add secondary Administration Server");
    let f = &wizard(&app).wizard.form;
    assert_eq!(f.primary_ssl_port, sc.ssl_port.to_string());
    assert!(f.secondary_address.is_empty(), "{f:?}");
    assert!(f.user.is_empty());
    assert!(f.password.is_empty());
    rt.block_on(pair.shutdown());
}

/// `ksc-link demo` opens its window before its servers run: the connect screen says they are
/// starting, what the admin types meanwhile stays, and the servers appear (trusted, ready to
/// pick) when they answer; servers that cannot start are named in a notice.
#[test]
fn the_demo_window_opens_before_its_servers_and_keeps_what_was_typed_meanwhile() {
    use ksc_link::gui::{DemoServers, GuiOptions, PendingDemo};

    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let pair = rt
        .block_on(start_pair(&dir.path().join("sims"), LinkConfig::fast()))
        .unwrap();
    let options = |pending| GuiOptions {
        settings_path: Some(dir.path().join("settings.toml")),
        demo: true,
        read_only_settings: true,
        pending_demo: Some(pending),
        ..GuiOptions::default()
    };
    let address = |app: &App| match &app.screen {
        ksc_link::gui::app::Screen::Connect(c) => c.address.clone(),
        _ => panic!("not on the connect screen"),
    };

    let (tx, pending) = PendingDemo::channel();
    let (mut app, load) = App::new(options(pending));
    assert!(shows(&app, "Starting the simulated servers…"));
    assert!(!shows(&app, "Simulated primary (ksc-hq)"));
    type_into(&rt, &mut app, "connect-address", "ksc.branch.example");
    tx.send(Ok(DemoServers {
        presets: ksc_link::cli::demo::presets(&pair),
        secondary: Some(ksc_link::sim::pair::demo_secondary(&pair)),
        autotask: None,
        usb_scan_roots: None,
    }))
    .unwrap();
    run(&rt, &mut app, load);
    assert!(!shows(&app, "Starting the simulated servers…"));
    assert!(shows(&app, "Simulated primary (ksc-hq)"));
    assert_eq!(address(&app), "ksc.branch.example", "what was typed stays");
    // Picked, the simulated primary is trusted by its pin, and the wizard prefills the secondary.
    click(&rt, &mut app, "Simulated primary (ksc-hq)");
    click(&rt, &mut app, "Connect");
    assert!(app.screen.is_home(), "{:?}", app.notices);
    click(&rt, &mut app, "Add secondary Administration Server");
    assert_eq!(wizard(&app).wizard.form.secondary_address, "127.0.0.1");

    // Untouched, the form takes the first server as soon as it arrives.
    let (tx, pending) = PendingDemo::channel();
    let (mut app, load) = App::new(options(pending));
    tx.send(Ok(DemoServers {
        presets: ksc_link::cli::demo::presets(&pair),
        ..DemoServers::default()
    }))
    .unwrap();
    run(&rt, &mut app, load);
    assert_eq!(address(&app), "127.0.0.1");

    let (tx, pending) = PendingDemo::channel();
    let (mut app, load) = App::new(options(pending));
    tx.send(Err(
        "cannot start the simulated servers: address in use".into()
    ))
    .unwrap();
    run(&rt, &mut app, load);
    assert!(!shows(&app, "Starting the simulated servers…"));
    assert!(
        app.notices.iter().any(|n| n
            == "The simulated servers could not be started: cannot start the simulated servers: \
                address in use"),
        "{:?}",
        app.notices
    );
    rt.block_on(pair.shutdown());
}
