//! Canary secrets: the demo's flows driven through the whole app (headless) with a unique canary
//! for every secret the admin types or the app is given: the KSC passwords, the two-step code, the
//! wizard's and the secondary page's proxy passwords, the Autotask secret and integration code,
//! and the KES Cloud password. Afterwards the settings folder, the log folder (the product's own
//! log set-up at debug level), the exported CSV and join file, the app's `Debug` output and the
//! run's stdout and stderr must hold none of them, in plain text or base64.
//!
//! stdout and stderr of this process cannot be captured from inside it (no unsafe code to swap
//! its descriptors), so the test re-runs this test binary on the ignored flow test, pointing it at
//! a folder, and searches what the child printed as well as what it wrote. Secrets go through the
//! real keyring with KSC_LINK_REQUIRE_KEYRING=1 (else keyring-core's in-memory mock), and the
//! entries are deleted at the end. Run with ICED_TEST_BACKEND=tiny-skia.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use base64::Engine as _;
use iced::keyboard::Key;
use iced::keyboard::key::Named;
use iced_test::selector;
use ksc_link::cli::demo::presets as demo_presets;
use ksc_link::fl;
use ksc_link::gui::GuiOptions;
use ksc_link::gui::app::{App, Message, Page};
use ksc_link::gui::screen::prerequisites::DemoAutotask;
use ksc_link::gui::screen::{connect, export, mapping, prerequisites, secondary};
use ksc_link::hierarchy::wizard::{LoginCheck, Step};
use ksc_link::integration::prerequisites::CheckId;
use ksc_link::secrets::{AutotaskField, Secret, SecretKey};
use ksc_link::sim::autotask::{AutotaskSimConfig, start as start_autotask};
use ksc_link::sim::ksc::link::LinkConfig;
use ksc_link::sim::pair::start_pair;
use ksc_link::tls::Pin;

use crate::common::Tinyproxy;
use crate::gui_support::{self, Window, runtime};

const PRIMARY_ADMIN: &str = "Canary-KscPrimary-7f3a91c2";
const SECONDARY_ADMIN: &str = "Canary-KscSecondary-2b8e44d0";
const TWOFA_PASSWORD: &str = "Canary-TwoStepUser-9c1d03aa";
const WIZARD_PROXY: &str = "Canary-WizardProxy-5e77b1f4";
const PAGE_PROXY: &str = "Canary-SecondaryProxy-0a6c2d93";
const AUTOTASK_SECRET: &str = "Canary-AutotaskSecret-e41f8b27";
const INTEGRATION_CODE: &str = "CANARYINTEGRATION3D9A17F0";
const KES_PASSWORD: &str = "Canary-KesCloud-61b0e5c8";

const CANARIES: &[&str] = &[
    PRIMARY_ADMIN,
    SECONDARY_ADMIN,
    TWOFA_PASSWORD,
    WIZARD_PROXY,
    PAGE_PROXY,
    AUTOTASK_SECRET,
    INTEGRATION_CODE,
    KES_PASSWORD,
];

const PROXY_USER: &str = "branch-proxy";
const KES_EMAIL: &str = "canary-msp@ksc-link.invalid";
const GROUP: &str = "Secondary servers";
const SECONDARY_NAME: &str = "Canary branch";

/// Where the flow test writes when the outer test runs it.
const OUT_ENV: &str = "KSC_LINK_CANARY_OUT";
const FLOWS_TEST: &str = "canary::demo_flows_with_canary_secrets";

/// Tall enough for the prerequisites checklist, the mapping table and the secondary page.
const TALL: Window = Window::sized((980.0, 2000.0));

fn click(rt: &tokio::runtime::Runtime, app: &mut App, label: &str) {
    gui_support::app::click_in(TALL, rt, app, label);
}

fn type_in(rt: &tokio::runtime::Runtime, app: &mut App, id: &'static str, text: &str) {
    gui_support::app::type_in(TALL, rt, app, id, text);
}

/// Erases what the input `id` holds (`current`) and types `text`.
fn replace(
    rt: &tokio::runtime::Runtime,
    app: &mut App,
    id: &'static str,
    current: &str,
    text: &str,
) {
    let mut ui = TALL.sim(app.view());
    ui.click(selector::id(id))
        .unwrap_or_else(|e| panic!("{id}: {e}"));
    ui.tap_key(Key::Named(Named::End));
    for _ in current.chars() {
        ui.tap_key(Key::Named(Named::Backspace));
    }
    ui.typewrite(text);
    let messages: Vec<Message> = ui.into_messages().collect();
    gui_support::app::feed(rt, app, messages);
}

fn feed(rt: &tokio::runtime::Runtime, app: &mut App, m: Message) {
    gui_support::app::feed(rt, app, vec![m]);
}

fn page(app: &App) -> &Page {
    app.screen
        .page()
        .unwrap_or_else(|| panic!("no page open: {:?}", app.screen))
}

fn prerequisites_page(app: &App) -> &prerequisites::State {
    match page(app) {
        Page::Prerequisites(p) => p,
        other => panic!("not on the prerequisites page: {other:?}"),
    }
}

fn secondary_page(app: &App) -> &secondary::State {
    match page(app) {
        Page::Secondary(p) => p,
        other => panic!("not on the secondary page: {other:?}"),
    }
}

/// The current code of a base32 TOTP secret (the simulator accepts the neighbouring steps too,
/// so a step boundary during the test does not matter).
fn totp_code(secret: &str) -> String {
    totp_rs::Builder::new()
        .with_secret(totp_rs::Secret::try_from_base32(secret).unwrap())
        .build()
        .unwrap()
        .generate_current()
        .to_string()
}

/// A canary and the forms an encoder or a header would give it.
fn forms(secret: &str) -> Vec<String> {
    let b64 = base64::engine::general_purpose::STANDARD;
    let encoded = b64.encode(secret);
    vec![
        secret.to_string(),
        encoded.trim_end_matches('=').to_string(),
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(secret),
    ]
}

/// Fails when `text` (named `what`) holds any form of a canary, or the two-step `code` as a
/// whole number. A code after a '.' is the fraction of a timestamp (log lines, `last_checked`),
/// which can be any six digits.
fn assert_clean(what: &str, text: &str, code: Option<&str>) {
    for canary in CANARIES {
        for form in forms(canary) {
            assert!(
                !text.contains(&form),
                "{what} holds the canary {canary:?} (as {form:?})"
            );
        }
    }
    if let Some(code) = code {
        let bytes = text.as_bytes();
        let mut start = 0;
        while let Some(at) = text[start..].find(code) {
            let at = start + at;
            let end = at + code.len();
            let before = at.checked_sub(1).map(|i| bytes[i]);
            let after = bytes.get(end).copied();
            let whole = !before.is_some_and(|b| b.is_ascii_digit())
                && !after.is_some_and(|b| b.is_ascii_digit());
            assert!(
                !whole || before == Some(b'.'),
                "{what} holds the two-step code {code} at byte {at}"
            );
            start = at + 1;
        }
    }
}

/// Every file below `dir`, with its content (lossy, so binary files are searched too).
fn files_below(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
                out.push((path, text));
            }
        }
    }
    out
}

/// The three folders the flows write to, below `base`.
struct Folders {
    settings: PathBuf,
    logs: PathBuf,
    export: PathBuf,
}

impl Folders {
    fn below(base: &Path) -> Self {
        let f = Self {
            settings: base.join("settings"),
            logs: base.join("logs"),
            export: base.join("export"),
        };
        for d in [&f.settings, &f.logs, &f.export] {
            std::fs::create_dir_all(d).unwrap();
        }
        f
    }

    fn csv(&self) -> PathBuf {
        self.export.join("mapping.csv")
    }

    fn join_file(&self) -> PathBuf {
        self.export.join("primary.kscjoin")
    }

    /// Every file of the three folders, after checking each flow left what it writes, so the
    /// search cannot pass on empty folders.
    fn searched(&self) -> Vec<(PathBuf, String)> {
        let settings = files_below(&self.settings);
        let logs = files_below(&self.logs);
        let export = files_below(&self.export);
        let settings_text = &settings
            .iter()
            .find(|(p, _)| p.ends_with("settings.toml"))
            .expect("no settings file")
            .1;
        for what in [
            "[secondary_proxy]",
            PROXY_USER,
            "[vserver_mapping]",
            KES_EMAIL,
        ] {
            assert!(settings_text.contains(what), "no {what} in {settings_text}");
        }
        let log: String = logs.iter().map(|(_, t)| t.as_str()).collect();
        for what in [
            "DEBUG",
            "sending the two-step verification code",
            "the secondary server was added",
            "looking up the Autotask zone",
        ] {
            assert!(log.contains(what), "no {what:?} in the log:\n{log}");
        }
        let csv = std::fs::read_to_string(self.csv()).unwrap();
        assert!(
            csv.starts_with("vserver_uid,vserver_name,company_id"),
            "{csv}"
        );
        let join = std::fs::read_to_string(self.join_file()).unwrap();
        assert!(join.contains("127.0.0.1"), "{join}");
        assert_eq!(export.len(), 2, "{export:?}");
        [settings, logs, export].concat()
    }
}

/// Deletes the keyring entries the flows create, also when an assertion failed.
struct KeyringCleanup(Vec<SecretKey>);

impl Drop for KeyringCleanup {
    fn drop(&mut self) {
        for key in &self.0 {
            let _ = ksc_link::secrets::delete_blocking(key);
        }
    }
}

fn use_keyring() {
    if std::env::var("KSC_LINK_REQUIRE_KEYRING").is_ok_and(|v| v == "1") {
        ksc_link::secrets::init_platform_store()
            .unwrap_or_else(|e| panic!("KSC_LINK_REQUIRE_KEYRING=1 but no Secret Service: {e}"));
    } else {
        eprintln!(
            "the keyring is keyring-core's mock (set KSC_LINK_REQUIRE_KEYRING=1 for the real one)"
        );
        let store: Arc<keyring_core::CredentialStore> = keyring_core::mock::Store::new().unwrap();
        keyring_core::set_default_store(store);
    }
}

/// Runs the demo's flows in this process and searches everything it wrote; run by
/// [`no_canary_in_files_logs_exports_debug_or_output`] in a child process (whose output it
/// searches), or alone, which searches all but the output.
#[test]
#[ignore = "run in a child process by canary::no_canary_in_files_logs_exports_debug_or_output"]
fn demo_flows_with_canary_secrets() {
    let temp = tempfile::tempdir().unwrap();
    let base = std::env::var_os(OUT_ENV).map_or_else(|| temp.path().to_path_buf(), PathBuf::from);
    let folders = Folders::below(&base);
    ksc_link::logging::init_in(&folders.logs, true).unwrap();
    use_keyring();

    let rt = runtime();
    let sims = tempfile::tempdir().unwrap();
    let pair = rt
        .block_on(start_pair(&sims.path().join("ksc"), LinkConfig::fast()))
        .unwrap();
    // The canaries become the simulators' own credentials, so the flows can only succeed by
    // sending them.
    let set_password =
        |sim: &ksc_link::sim::ksc::link_store::LinkedSim, user: &str, password: &str| {
            sim.sim()
                .state()
                .update(|d| {
                    let u = d.users.iter_mut().find(|u| u.name == user).unwrap();
                    u.password = password.to_string();
                })
                .unwrap();
        };
    set_password(&pair.primary, "admin", PRIMARY_ADMIN);
    set_password(&pair.secondary, "admin", SECONDARY_ADMIN);
    set_password(&pair.secondary, "twofa", TWOFA_PASSWORD);
    let totp_secret = pair.secondary.sim().state().read(|d| {
        d.users
            .iter()
            .find(|u| u.name == "twofa")
            .and_then(|u| u.totp_secret.clone())
            .unwrap()
    });
    let seed = include_str!("../../assets/sim/autotask.toml")
        .replace("Sim-Secret-2024!", AUTOTASK_SECRET)
        .replace("KSCLINK0SIMULATED0TRACKING0", INTEGRATION_CODE);
    let mut config = AutotaskSimConfig::new(sims.path().join("autotask"));
    config.seed_text = Some(seed);
    let tenant = rt.block_on(start_autotask(config)).unwrap();
    let [pc, sc] = pair.cards();
    assert_eq!(pc.password, PRIMARY_ADMIN);
    let wizard_proxy = rt.block_on(Tinyproxy::start(pc.ssl_port, PROXY_USER, WIZARD_PROXY));
    let page_proxy = rt.block_on(Tinyproxy::start(pc.ssl_port, PROXY_USER, PAGE_PROXY));
    let autotask_user = tenant.user().to_string();
    let _cleanup = KeyringCleanup(vec![
        SecretKey::proxy("127.0.0.1", wizard_proxy.port, PROXY_USER),
        SecretKey::proxy("127.0.0.1", page_proxy.port, PROXY_USER),
        SecretKey::autotask(&autotask_user, AutotaskField::Secret),
        SecretKey::autotask(&autotask_user, AutotaskField::IntegrationCode),
        SecretKey::kes_cloud(KES_EMAIL),
    ]);

    let (mut app, load) = App::new(GuiOptions {
        settings_path: Some(folders.settings.join("settings.toml")),
        demo: true,
        presets: demo_presets(&pair),
        read_only_settings: false,
        demo_secondary: None,
        // The tenant is trusted by pin as in the demo; its secrets are typed, not prefilled.
        demo_autotask: Some(DemoAutotask {
            url: tenant.base_url(),
            pin: Pin::of_der(tenant.cert_der()),
            user: autotask_user.clone(),
            secret: Secret::new(String::new()),
            integration_code: Secret::new(String::new()),
        }),
        usb_scan_roots: Some(vec![sims.path().join("no-drives")]),
        pending_demo: None,
        lang: Some("en".into()),
    });
    gui_support::app::run(&rt, &mut app, load);
    // The app's Debug output at every point where a secret is held.
    let mut debug = Vec::new();

    // The primary, through its preset.
    click(&rt, &mut app, "Connect");
    assert!(app.screen.is_home(), "{:?}", app.notices);
    debug.push(format!("{app:?}"));

    // The wizard: the secondary by its address, its certificate fetched, a proxy with a
    // password, the two-step user with its code; the secondary then dials through the proxy.
    click(&rt, &mut app, &fl!("home-add-secondary"));
    click(&rt, &mut app, GROUP);
    click(&rt, &mut app, "Next");
    type_in(&rt, &mut app, "server-name", SECONDARY_NAME);
    type_in(&rt, &mut app, "server-address", "127.0.0.1");
    let form = &gui_support::app::wizard(&app).wizard.form;
    let (ssl, api) = (form.ssl_port.clone(), form.api_port.clone());
    replace(
        &rt,
        &mut app,
        "server-ssl-port",
        &ssl,
        &sc.ssl_port.to_string(),
    );
    replace(
        &rt,
        &mut app,
        "server-api-port",
        &api,
        &sc.api_port.to_string(),
    );
    click(&rt, &mut app, "Next");
    click(&rt, &mut app, "Get from secondary Administration Server");
    click(
        &rt,
        &mut app,
        "I compared the fingerprint with the one shown on the secondary server",
    );
    click(&rt, &mut app, "Next");
    assert_eq!(
        gui_support::app::wizard(&app).wizard.step(),
        Step::Connection
    );
    click(&rt, &mut app, &fl!("wizard-connection-use-proxy"));
    type_in(&rt, &mut app, "proxy-address", "127.0.0.1");
    let port = gui_support::app::wizard(&app)
        .wizard
        .form
        .proxy_port
        .clone();
    replace(
        &rt,
        &mut app,
        "proxy-port",
        &port,
        &wizard_proxy.port.to_string(),
    );
    type_in(&rt, &mut app, "proxy-user", PROXY_USER);
    type_in(&rt, &mut app, "proxy-password", WIZARD_PROXY);
    debug.push(format!("{app:?}"));
    click(&rt, &mut app, "Next");
    assert_eq!(
        gui_support::app::wizard(&app).wizard.step(),
        Step::Credentials
    );
    type_in(&rt, &mut app, "secondary-user", "twofa");
    type_in(&rt, &mut app, "secondary-password", TWOFA_PASSWORD);
    debug.push(format!("{app:?}"));
    click(&rt, &mut app, &fl!("wizard-credentials-check"));
    assert_eq!(
        gui_support::app::wizard(&app).wizard.login,
        LoginCheck::CodeRequired { length: 6 }
    );
    let code = totp_code(&totp_secret);
    type_in(&rt, &mut app, "secondary-code", &code);
    debug.push(format!("{app:?}"));
    click(&rt, &mut app, &fl!("wizard-credentials-submit-code"));
    assert_eq!(
        gui_support::app::wizard(&app).wizard.login,
        LoginCheck::Verified
    );
    click(&rt, &mut app, "Next");
    assert_eq!(gui_support::app::wizard(&app).wizard.step(), Step::Summary);
    click(&rt, &mut app, "Finish");
    let w = gui_support::app::wizard(&app);
    assert_eq!(w.wizard.step(), Step::Result, "{:?}", w.run.failure);
    debug.push(format!("{app:?}"));
    // The secondary is in its group on the primary, and Active: it dialled through the proxy
    // with the canary password.
    let registered = pair.primary.sim().state().read(|d| {
        let group = d.groups.values().find(|g| g.name == GROUP).unwrap().id;
        d.secondaries
            .values()
            .filter(|s| s.display_name == SECONDARY_NAME && s.group_id == group)
            .map(|s| s.status)
            .collect::<Vec<_>>()
    });
    assert_eq!(registered, vec![1], "registered and Active in {GROUP}");
    click(&rt, &mut app, &fl!("wizard-done"));
    assert!(app.screen.is_home());

    // A join file for the secondary, its proxy address included (never a password).
    click(&rt, &mut app, &fl!("home-export-join-file"));
    feed(
        &rt,
        &mut app,
        Message::Export(export::Message::ProxyToggled(true)),
    );
    feed(
        &rt,
        &mut app,
        Message::Export(export::Message::ProxyAddressChanged("127.0.0.1".into())),
    );
    feed(
        &rt,
        &mut app,
        Message::Export(export::Message::ProxyPortChanged(
            page_proxy.port.to_string(),
        )),
    );
    feed(
        &rt,
        &mut app,
        Message::Export(export::Message::SavePathChosen(Some(folders.join_file()))),
    );
    assert!(folders.join_file().is_file(), "{:?}", app.screen);
    click(&rt, &mut app, &fl!("wizard-back"));

    // The Autotask prerequisites with the secret and integration code typed and remembered,
    // then the mapping confirmed, exported and saved.
    click(&rt, &mut app, &fl!("home-autotask-prerequisites"));
    type_in(&rt, &mut app, "autotask-secret", AUTOTASK_SECRET);
    type_in(&rt, &mut app, "autotask-code", INTEGRATION_CODE);
    click(&rt, &mut app, &fl!("prereq-remember"));
    debug.push(format!("{app:?}"));
    click(&rt, &mut app, &fl!("prereq-check-all"));
    click(&rt, &mut app, &fl!("prereq-check-password"));
    assert!(
        prerequisites_page(&app).checklist.all_ok(),
        "{:?}",
        prerequisites_page(&app).checklist
    );
    click(&rt, &mut app, "Map virtual servers to Autotask accounts");
    click(&rt, &mut app, "Confirm all suggestions");
    feed(
        &rt,
        &mut app,
        Message::Mapping(mapping::Message::ExportPathPicked(Some(folders.csv()))),
    );
    debug.push(format!("{app:?}"));
    click(&rt, &mut app, "Save");
    assert_eq!(app.settings.vserver_mapping.len(), 3);
    click(&rt, &mut app, "Back");

    // KES Cloud as the source: its password typed and checked (kept in the keyring).
    click(&rt, &mut app, "Kaspersky Endpoint Security Cloud");
    type_in(&rt, &mut app, "kes-email", KES_EMAIL);
    type_in(&rt, &mut app, "kes-password", KES_PASSWORD);
    type_in(&rt, &mut app, "kes-workspaces", "Customer A");
    debug.push(format!("{app:?}"));
    click(&rt, &mut app, &fl!("prereq-check-all"));
    assert!(
        prerequisites_page(&app)
            .checklist
            .state(CheckId::KscConnection)
            .is_ok(),
        "{:?}",
        prerequisites_page(&app).checklist
    );
    assert_eq!(
        ksc_link::secrets::load_blocking(&SecretKey::kes_cloud(KES_EMAIL))
            .unwrap()
            .map(|s| s.expose().to_string())
            .as_deref(),
        Some(KES_PASSWORD)
    );
    click(&rt, &mut app, "Back");
    click(&rt, &mut app, &fl!("home-disconnect"));

    // The secondary, through its preset: "This server is secondary" from the join file, through
    // the other proxy with its own password.
    feed(
        &rt,
        &mut app,
        Message::Connect(connect::Message::PresetPicked(1)),
    );
    click(&rt, &mut app, "Connect");
    assert!(app.screen.is_home(), "{:?}", app.notices);
    click(&rt, &mut app, &fl!("home-this-server-is-secondary"));
    feed(
        &rt,
        &mut app,
        Message::Secondary(secondary::Message::JoinFileChosen(Some(
            folders.join_file(),
        ))),
    );
    let form = &secondary_page(&app).form;
    assert_eq!(form.proxy_port, page_proxy.port.to_string());
    assert_eq!(
        form.proxy_user, PROXY_USER,
        "kept from the wizard's section"
    );
    type_in(&rt, &mut app, secondary::ids::PROXY_PASSWORD, PAGE_PROXY);
    // The join file's certificate is used only once its fingerprint was compared.
    click(&rt, &mut app, &secondary::fingerprint_confirm_label());
    debug.push(format!("{app:?}"));
    click(&rt, &mut app, &fl!("secondary-save"));
    let p = secondary_page(&app);
    assert!(p.save_error.is_none(), "{:?}", p.save_error);
    assert!(p.report.is_some());
    let section = pair.secondary.sim().state().read(|d| format!("{d:?}"));
    assert!(
        section.contains(&page_proxy.port.to_string()),
        "the section names the new proxy"
    );
    debug.push(format!("{app:?}"));

    rt.block_on(wizard_proxy.stop());
    rt.block_on(page_proxy.stop());
    rt.block_on(tenant.shutdown());
    rt.block_on(pair.shutdown());

    for (i, d) in debug.iter().enumerate() {
        assert_clean(&format!("the app's Debug output #{i}"), d, Some(&code));
    }
    for (path, text) in folders.searched() {
        assert_clean(&path.display().to_string(), &text, Some(&code));
    }
    // For the outer test: its search of the output needs the code too.
    std::fs::write(base.join("code"), &code).unwrap();
}

/// The flows of [`demo_flows_with_canary_secrets`] in a child process: its stdout and stderr
/// are searched too, and again the folders it wrote to.
#[test]
fn no_canary_in_files_logs_exports_debug_or_output() {
    let out = tempfile::tempdir().unwrap();
    let child = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            FLOWS_TEST,
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(OUT_ENV, out.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&child.stdout);
    let stderr = String::from_utf8_lossy(&child.stderr);
    assert!(
        child.status.success(),
        "the flows failed ({}):\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
        child.status
    );
    // The child really ran the flows (not filtered to nothing).
    assert!(
        stdout.contains(&format!("test {FLOWS_TEST} ... ok")),
        "{stdout}"
    );
    let code = std::fs::read_to_string(out.path().join("code")).unwrap();
    assert_clean("the child's stdout", &stdout, Some(&code));
    assert_clean("the child's stderr", &stderr, Some(&code));
    for (path, text) in Folders::below(out.path()).searched() {
        assert_clean(&path.display().to_string(), &text, Some(&code));
    }
}
