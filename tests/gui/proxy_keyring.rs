//! The whole app (connect, home, wizard) driven headless on a simulated pair, its tasks run for
//! real: the proxy of the "Connection settings" step is remembered for the next secondary with
//! its password in the keyring (keyring-core's in-memory mock store here), never in the
//! settings file; a new start of the app prefills both. Run with ICED_TEST_BACKEND=tiny-skia.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::sync::Arc;

use iced_test::selector;
use keyring_core::CredentialStore;
use ksc_link::cli::demo::presets as demo_presets;
use ksc_link::gui::GuiOptions;
use ksc_link::gui::app::{App, Message};
use ksc_link::hierarchy::wizard::Step;
use ksc_link::secrets::{Secret, SecretKey};
use ksc_link::sim::ksc::link::LinkConfig;
use ksc_link::sim::pair::{SimPair, start_pair};

use crate::gui_support;
use gui_support::app::{click, run, type_into, wizard};
use gui_support::{runtime, sim};

const PROXY_PASSWORD: &str = "Proxy-Pass-1";

/// Starts the app on the settings file, connects to the simulated primary and opens the wizard.
fn open_wizard(rt: &tokio::runtime::Runtime, pair: &SimPair, settings: &Path) -> App {
    let (mut app, load) = App::new(GuiOptions {
        settings_path: Some(settings.to_path_buf()),
        demo: false,
        presets: demo_presets(pair),
        read_only_settings: false,
        demo_secondary: None,
        demo_autotask: None,
        usb_scan_roots: None,
        pending_demo: None,
        lang: None,
    });
    run(rt, &mut app, load);
    click(rt, &mut app, "Connect");
    assert!(app.screen.is_home(), "{:?}", app.notices);
    click(rt, &mut app, "Add secondary Administration Server");
    assert_eq!(wizard(&app).wizard.step(), Step::Group);
    app
}

fn use_mock_store() {
    let store: Arc<CredentialStore> = keyring_core::mock::Store::new().unwrap();
    keyring_core::set_default_store(store);
}

#[test]
fn the_proxy_password_goes_to_the_keyring_never_to_the_settings_file() {
    use_mock_store();
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let pair = rt
        .block_on(start_pair(&dir.path().join("sims"), LinkConfig::fast()))
        .unwrap();
    let [_, sc] = pair.cards();
    let settings = dir.path().join("settings.toml");

    // Through the first steps to "Connection settings".
    let mut app = open_wizard(&rt, &pair, &settings);
    click(&rt, &mut app, "Secondary servers");
    click(&rt, &mut app, "Next");
    type_into(&rt, &mut app, "server-name", "Proxied branch");
    type_into(&rt, &mut app, "server-address", "127.0.0.1");
    let w = &wizard(&app).wizard.form;
    let (ssl, api) = (w.ssl_port.clone(), w.api_port.clone());
    // The ports of the simulated secondary replace the defaults.
    for (id, old, new) in [
        ("server-ssl-port", ssl, sc.ssl_port),
        ("server-api-port", api, sc.api_port),
    ] {
        let mut ui = sim(app.view());
        ui.click(selector::id(id)).unwrap();
        ui.tap_key(iced::keyboard::Key::Named(iced::keyboard::key::Named::End));
        for _ in old.chars() {
            ui.tap_key(iced::keyboard::Key::Named(
                iced::keyboard::key::Named::Backspace,
            ));
        }
        ui.typewrite(&new.to_string());
        let messages: Vec<Message> = ui.into_messages().collect();
        for m in messages {
            let task = app.update(m);
            run(&rt, &mut app, task);
        }
    }
    click(&rt, &mut app, "Next");
    click(&rt, &mut app, "Get from secondary Administration Server");
    click(
        &rt,
        &mut app,
        "I compared the fingerprint with the one shown on the secondary server",
    );
    click(&rt, &mut app, "Next");
    assert_eq!(wizard(&app).wizard.step(), Step::Connection);

    // The proxy with a user and password; Next remembers it.
    click(
        &rt,
        &mut app,
        "The secondary server uses a proxy server to reach the primary",
    );
    type_into(&rt, &mut app, "proxy-address", "proxy.corp.example");
    type_into(&rt, &mut app, "proxy-user", "branch");
    type_into(&rt, &mut app, "proxy-password", PROXY_PASSWORD);
    assert!(
        sim(app.view()).find(PROXY_PASSWORD).is_err(),
        "the password input hides its value"
    );
    click(&rt, &mut app, "Next");
    assert_eq!(wizard(&app).wizard.step(), Step::Credentials);
    assert!(app.notices.is_empty(), "{:?}", app.notices);

    // The settings file names the proxy, without its password; the keyring holds the password.
    let text = std::fs::read_to_string(&settings).unwrap();
    assert!(text.contains("[secondary_proxy]"), "{text}");
    assert!(text.contains("proxy.corp.example"), "{text}");
    assert!(text.contains("branch"), "{text}");
    assert!(!text.contains(PROXY_PASSWORD), "{text}");
    let key = SecretKey::proxy("proxy.corp.example", 3128, "branch");
    let kept = rt.block_on(ksc_link::secrets::load(&key)).unwrap().unwrap();
    assert_eq!(kept.expose(), PROXY_PASSWORD);
    drop(app);

    // The next start of the app prefills the proxy and its password; nothing counts as typed.
    let mut app = open_wizard(&rt, &pair, &settings);
    let w = wizard(&app);
    assert!(!w.wizard.form.use_proxy, "prefilled, not ticked");
    assert_eq!(w.wizard.form.proxy_address, "proxy.corp.example");
    assert_eq!(w.wizard.form.proxy_port, "3128");
    assert_eq!(w.wizard.form.proxy_user, "branch");
    assert_eq!(w.wizard.form.proxy_password.expose(), PROXY_PASSWORD);
    assert!(!w.wizard.is_dirty());
    assert_eq!(
        w.proxy_note.as_ref().map(|(ok, n)| (*ok, n.as_str())),
        Some((
            true,
            "The proxy password was filled in from the system keyring."
        ))
    );
    // Prefilled values are not typed ones: Cancel closes without asking.
    click(&rt, &mut app, "Cancel");
    assert!(app.screen.is_home());

    // A password replaced in the keyring is what the next wizard gets.
    rt.block_on(ksc_link::secrets::store(&key, &Secret::new("Rotated-2")))
        .unwrap();
    click(&rt, &mut app, "Add secondary Administration Server");
    assert_eq!(
        wizard(&app).wizard.form.proxy_password.expose(),
        "Rotated-2"
    );
    rt.block_on(pair.shutdown());
}
