//! The mapping screen (virtual servers to Autotask accounts) and the KES Cloud source of the
//! prerequisites page, driven through iced_test's Simulator against the simulated primary
//! Administration Server and the simulated Autotask tenant: suggestions confirmed one by one and
//! all at once, a taken account refused, filters and counts, unmapping, CSV export and an
//! import refused row by row, saving with the unmapped warning, the demo path end to end from
//! the home screen, and KES Cloud credentials in the real keyring with workspaces typed and
//! imported. Run with ICED_TEST_BACKEND=tiny-skia inside a keyring session.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use iced::keyboard::Key;
use iced::keyboard::key::Named;
use iced_test::{Simulator, selector};
use ksc_link::autotask::{ClientOptions, Credentials, Trust};
use ksc_link::cli::demo::autotask as demo_autotask;
use ksc_link::fl;
use ksc_link::gui::app::{App, Message as AppMessage, Page, Screen};
use ksc_link::gui::screen::mapping::{self, Action, CredentialSource, Message, Source, State};
use ksc_link::gui::screen::prerequisites;
use ksc_link::gui::widget::shortcuts::Shortcut;
use ksc_link::integration::RowFilter;
use ksc_link::integration::prerequisites::CheckId;
use ksc_link::secrets::SecretKey;
use ksc_link::tls::Pin;

use crate::gui_support::servers::Servers;
use crate::gui_support::{self, Window};

/// As wide as the app's window and tall enough for the whole table and an open picker.
fn sim<'a, M>(
    element: impl Into<iced::Element<'a, M>>,
) -> Simulator<'a, M, iced::Theme, iced::Renderer> {
    Simulator::with_size(ksc_link::gui::font::settings(), (980.0, 1800.0), element)
}

/// The demo tenant's accounts for the simulated primary's virtual servers.
const EXPECTED: &[(&str, i64)] = &[("Customer A", 1), ("Customer B", 3), ("Lab", 5)];

/// The simulated servers, and what these tests do with them.
struct Env(Servers);

impl std::ops::Deref for Env {
    type Target = Servers;

    fn deref(&self) -> &Servers {
        &self.0
    }
}

impl Env {
    fn new() -> Self {
        Self(Servers::start())
    }

    fn opts(&self) -> ClientOptions {
        ClientOptions::new(
            &self.at().base_url(),
            Trust::Pinned(Pin::of_der(self.at().cert_der())),
        )
    }

    fn creds(&self) -> Credentials {
        Credentials {
            user_name: self.at().user().to_string(),
            secret: self.at().secret().clone(),
            integration_code: self.at().integration_code().clone(),
        }
    }

    /// The mapping page for the primary's virtual servers, loaded.
    fn page(&self, saved: &BTreeMap<String, i64>) -> State {
        let mut page = State::new(
            Source::Ksc(self.ksc.clone()),
            self.opts(),
            CredentialSource::Given(self.creds()),
            saved,
        );
        let loaded = self.rt.block_on(page.open().run());
        assert!(matches!(page.update(loaded), Action::Checked { .. }));
        assert!(page.is_loaded());
        page
    }

    /// Handles messages, running the work they start (dialogs are answered by the tests);
    /// returns the actions other than work.
    fn feed(&self, page: &mut State, messages: Vec<Message>) -> Vec<Action> {
        let mut out = Vec::new();
        let mut queue = messages;
        while !queue.is_empty() {
            let m = queue.remove(0);
            match page.update(m) {
                Action::Run(w) => {
                    assert!(
                        !matches!(
                            w,
                            mapping::Work::PickExportPath | mapping::Work::PickImportPath
                        ),
                        "a dialog must be answered by the test"
                    );
                    queue.push(self.rt.block_on(w.run()));
                }
                Action::None => {}
                other => out.push(other),
            }
        }
        out
    }

    fn click(&self, page: &mut State, label: &str) -> Vec<Action> {
        let mut ui = sim(page.view());
        ui.click(label).unwrap_or_else(|e| panic!("{label}: {e}"));
        let messages: Vec<_> = ui.into_messages().collect();
        self.feed(page, messages)
    }

    fn click_id(&self, page: &mut State, id: String) -> Vec<Action> {
        let mut ui = sim(page.view());
        ui.click(selector::id(id.clone()))
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        let messages: Vec<_> = ui.into_messages().collect();
        self.feed(page, messages)
    }

    fn type_search(&self, page: &mut State, text: &str) {
        let mut ui = sim(page.view());
        ui.click(selector::id(mapping::SEARCH_ID)).unwrap();
        ui.typewrite(text);
        let messages: Vec<_> = ui.into_messages().collect();
        self.feed(page, messages);
    }
}

fn shows<'a, M: 'a>(element: impl Into<iced::Element<'a, M>>, needle: &str) -> bool {
    sim(element).find(needle).is_ok()
}

fn page_shows(page: &State, needle: &str) -> bool {
    sim(page.view()).find(needle).is_ok()
}

fn key_of(page: &State, name: &str) -> String {
    page.targets()
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no {name:?} in {:?}", page.targets()))
        .key
        .clone()
}

/// Compares the view with the committed hash `tests/snapshots/<name>-tiny-skia.sha256`.
#[track_caller]
fn snapshot<'a, M: 'a>(element: impl Into<iced::Element<'a, M>>, name: &str) {
    let mut ui = Simulator::with_size(ksc_link::gui::font::settings(), (980.0, 760.0), element);
    let snap = ui
        .snapshot(&ksc_link::gui::style::palette::light())
        .unwrap();
    if let Some(dir) = std::env::var_os("KSC_LINK_SNAPSHOT_PNG_DIR") {
        let path = std::path::Path::new(&dir).join(name);
        snap.matches_image(path).unwrap();
    }
    assert!(
        snap.matches_hash(format!("tests/snapshots/{name}"))
            .unwrap(),
        "snapshot {name} changed"
    );
}

#[test]
fn suggestions_confirmed_conflict_refused_filters_counts_and_unmap() {
    let env = Env::new();
    let mut page = env.page(&BTreeMap::new());
    assert_eq!(page.counts().vservers, 3);
    assert_eq!(page.counts().mapped, 0);
    assert!(
        page.counts().active_customer_accounts >= 3,
        "{:?}",
        page.counts()
    );
    assert!(page_shows(&page, "3 virtual servers"));
    assert!(page_shows(&page, "0 mapped"));
    assert!(page_shows(&page, "3 unmapped"));
    // Hit rate on the demo data: every virtual server gets the account a person would pick.
    let open = page.open_suggestions();
    for (name, id) in EXPECTED {
        let key = key_of(&page, name);
        let s = open.iter().find(|s| s.vserver == key);
        assert_eq!(s.map(|s| s.company_id), Some(*id), "{name}: {open:?}");
    }
    let s = open.iter().find(|s| s.company_id == 1).unwrap();
    let suggested = format!(
        "Suggested: Customer A Ltd (#1) ({} %, {})",
        (s.score * 100.0).round(),
        s.reason
    );
    assert!(page_shows(&page, &suggested), "{suggested}");
    snapshot(page.view(), "mapping-suggestions");
    // The cell cuts the suggestion; the pointer over it shows the whole text.
    {
        let mut ui =
            Simulator::with_size(ksc_link::gui::font::settings(), (980.0, 760.0), page.view());
        let b = ui
            .find(suggested.as_str())
            .unwrap()
            .visible_bounds()
            .unwrap();
        ui.point_at(iced::Point::new(b.center_x(), b.center_y()));
        let snap = ui
            .snapshot(&ksc_link::gui::style::palette::light())
            .unwrap();
        let name = "mapping-suggestion-hovered";
        if let Some(dir) = std::env::var_os("KSC_LINK_SNAPSHOT_PNG_DIR") {
            snap.matches_image(std::path::Path::new(&dir).join(name))
                .unwrap();
        }
        assert!(
            snap.matches_hash(format!("tests/snapshots/{name}"))
                .unwrap(),
            "snapshot {name} changed"
        );
    }

    // One by one.
    let a = key_of(&page, "Customer A");
    env.click_id(&mut page, format!("confirm-{a}"));
    assert_eq!(page.mapping.company_of(&a), Some(1));
    assert!(page_shows(&page, "Mapped to Customer A Ltd (#1)"));
    assert!(page_shows(&page, "1 mapped"));
    assert!(page.is_dirty());

    // The rest at once.
    env.click(&mut page, "Confirm all suggestions");
    for (name, id) in EXPECTED {
        assert_eq!(page.mapping.company_of(&key_of(&page, name)), Some(*id));
    }
    assert!(page_shows(&page, "3 mapped"));
    assert!(page_shows(&page, "0 unmapped"));
    snapshot(page.view(), "mapping-all-confirmed");

    // Unmap, then the filters.
    let lab = key_of(&page, "Lab");
    env.click_id(&mut page, format!("unmap-{lab}"));
    assert_eq!(page.mapping.company_of(&lab), None);
    env.click(&mut page, "Unmapped");
    assert_eq!(page.filter, RowFilter::Unmapped);
    assert!(page_shows(&page, "Lab"));
    assert!(!page_shows(&page, "Customer B"));
    env.click(&mut page, "Mapped");
    assert!(page_shows(&page, "Customer B"));
    assert!(!page_shows(&page, "Lab"));
    env.click(&mut page, "Suggested");
    assert!(page_shows(&page, "Lab"), "its suggestion is open again");
    assert!(!page_shows(&page, "Customer A"));
    env.click(&mut page, "All");

    // The picker: Customer A's account is shown as taken and refused for Lab.
    env.click_id(&mut page, format!("choose-{lab}"));
    assert_eq!(
        page.picker_results().unwrap().len(),
        page.counts().active_customer_accounts.min(50)
    );
    env.type_search(&mut page, "customer a");
    assert!(page.picker_results().unwrap().contains(&1));
    let taken = "Customer A Ltd (#1) — taken by Customer A";
    assert!(page_shows(&page, taken));
    env.click(&mut page, taken);
    assert_eq!(page.mapping.company_of(&lab), None);
    assert!(page_shows(
        &page,
        "Customer A Ltd (#1) is already mapped to Customer A: each account belongs to one \
         virtual server. Unmap it there first."
    ));
    snapshot(page.view(), "mapping-conflict");
    // Not an active customer: found only with "show all".
    let mut ui = sim(page.view());
    ui.click(selector::id(mapping::SEARCH_ID)).unwrap();
    for _ in 0.."customer a".len() {
        ui.tap_key(Key::Named(Named::Backspace));
    }
    ui.typewrite("лаб");
    let messages: Vec<_> = ui.into_messages().collect();
    env.feed(&mut page, messages);
    assert!(!page.picker_results().unwrap().contains(&9));
    env.click(&mut page, "Show all companies, not only active customers");
    assert!(
        page.picker_results().unwrap().contains(&9),
        "{:?}",
        page.picker_results()
    );
    env.click(&mut page, "ООО «Лаб» (#9)");
    assert_eq!(page.mapping.company_of(&lab), Some(9));
    assert!(
        page.picker_results().is_none(),
        "the picker closes after a pick"
    );
}

#[test]
fn csv_export_then_import_with_errors_reported_per_row() {
    let env = Env::new();
    let mut page = env.page(&BTreeMap::new());
    env.click(&mut page, "Confirm all suggestions");
    let full = page.mapping.clone();
    let path = env.dir.path().join("mapping.csv");
    env.feed(
        &mut page,
        vec![Message::ExportPathPicked(Some(path.clone()))],
    );
    let csv = std::fs::read_to_string(&path).unwrap();
    assert!(
        csv.starts_with("vserver_uid,vserver_name,company_id,company_name"),
        "{csv}"
    );
    assert!(csv.contains("Customer B,3,\"Customer B, LLC\""), "{csv}");
    assert!(page_shows(
        &page,
        &format!("The mapping was exported to {}.", path.display())
    ));

    // A file with an unknown company, a duplicate virtual server, an account used twice and an
    // unknown virtual server: nothing applied, every row reported.
    let a = key_of(&page, "Customer A");
    let b = key_of(&page, "Customer B");
    let lab = key_of(&page, "Lab");
    let bad =
        format!("vserver_uid,company_id\n{a},999999\n{b},3\n{b},5\n{lab},3\nnot-a-vserver,7\n");
    let bad_path = env.dir.path().join("bad.csv");
    std::fs::write(&bad_path, bad).unwrap();
    env.click(&mut page, "Unmap");
    let before = page.mapping.clone();
    env.feed(&mut page, vec![Message::ImportPathPicked(Some(bad_path))]);
    assert_eq!(page.mapping, before, "nothing is applied");
    for line in [
        "Nothing was imported: 4 rows have problems. Correct the file and import it again.",
        "row 2: unknown Autotask company 999999",
        &format!("row 4: virtual server \"{b}\" is already listed on row 3"),
        "row 5: Autotask company 3 is already mapped on row 3",
        "row 6: unknown virtual server \"not-a-vserver\"",
        &fl!(
            "csv-row-error",
            row = 6,
            problem = fl!("csv-unknown-vserver", uid = "not-a-vserver")
        ),
    ] {
        assert!(page_shows(&page, line), "{line}");
    }
    snapshot(page.view(), "mapping-import-errors");

    // The exported file brings everything back.
    env.feed(
        &mut page,
        vec![Message::ImportPathPicked(Some(path.clone()))],
    );
    assert_eq!(page.mapping, full);
    assert!(page_shows(
        &page,
        &format!(
            "Imported: 3 virtual servers are mapped now ({}).",
            path.display()
        )
    ));
}

/// A wrong pick is refused before anything is read: a pipe nobody writes to would hang the
/// import, a device that never ends would fill the memory.
#[test]
fn an_import_reads_only_a_regular_file() {
    let env = Env::new();
    let mut page = env.page(&BTreeMap::new());
    let before = page.mapping.clone();
    let mut picks = vec![env.dir.path().to_path_buf()];
    #[cfg(unix)]
    picks.push(std::path::PathBuf::from("/dev/zero"));
    for pick in picks {
        env.feed(
            &mut page,
            vec![Message::ImportPathPicked(Some(pick.clone()))],
        );
        assert_eq!(page.mapping, before, "nothing is applied");
        assert!(
            page_shows(
                &page,
                &fl!("csv-not-a-file", path = pick.display().to_string())
            ),
            "{pick:?}"
        );
    }
}

#[test]
fn saving_warns_about_unmapped_virtual_servers_and_leaving_asks() {
    let env = Env::new();
    let mut page = env.page(&BTreeMap::new());
    let a = key_of(&page, "Customer A");
    env.click_id(&mut page, format!("confirm-{a}"));
    let actions = env.click(&mut page, "Save");
    assert!(actions.is_empty(), "{actions:?}");
    let warning = "2 virtual servers are left unmapped: the integration will not see their \
                   devices. Save anyway?";
    assert!(page_shows(&page, warning));
    snapshot(page.view(), "mapping-unmapped-warning");
    // Esc answers the question with "keep editing", as the button does.
    assert!(matches!(
        page.shortcut(Shortcut::Cancel),
        Some(Message::KeepEditing)
    ));
    let esc = page.shortcut(Shortcut::Cancel).unwrap();
    env.feed(&mut page, vec![esc]);
    assert!(!page_shows(&page, warning));
    // With the picker open, Esc closes it and Enter chooses its first account.
    let b = key_of(&page, "Customer B");
    env.click_id(&mut page, format!("choose-{b}"));
    assert!(matches!(
        page.shortcut(Shortcut::Cancel),
        Some(Message::PickerClosed)
    ));
    env.type_search(&mut page, "customer b");
    let first = page.picker_results().unwrap()[0];
    let enter = page.shortcut(Shortcut::Default).unwrap();
    assert!(matches!(enter, Message::CompanyPicked(id) if id == first));
    let esc = page.shortcut(Shortcut::Cancel).unwrap();
    env.feed(&mut page, vec![esc]);
    assert!(page.picker_results().is_none());
    assert!(
        page.shortcut(Shortcut::Default).is_none(),
        "Enter does nothing without a picker"
    );
    assert!(matches!(
        page.shortcut(Shortcut::Cancel).unwrap(),
        Message::BackPressed
    ));
    env.click(&mut page, "Save");
    let actions = env.click(&mut page, "Save anyway");
    match actions.as_slice() {
        [Action::Save(saved)] => assert_eq!(saved, &BTreeMap::from([(a.clone(), 1)])),
        other => panic!("{other:?}"),
    }
    assert!(!page.is_dirty());
    // The settings file could not be written: the page says so and keeps the edit unsaved, so
    // Back asks and Save tries again.
    env.feed(
        &mut page,
        vec![Message::Stored(Err("the disk is full".into()))],
    );
    assert!(page.is_dirty());
    assert!(page_shows(
        &page,
        &fl!("mapping-save-failed", error = "the disk is full")
    ));
    assert!(env.click(&mut page, "Back").is_empty());
    env.click(&mut page, "Keep editing");
    env.click(&mut page, "Save");
    match env.click(&mut page, "Save anyway").as_slice() {
        [Action::Save(saved)] => assert_eq!(saved, &BTreeMap::from([(a.clone(), 1)])),
        other => panic!("{other:?}"),
    }
    env.feed(&mut page, vec![Message::Stored(Ok(()))]);
    assert!(page_shows(&page, "The mapping is saved."));
    assert!(!page.is_dirty());
    assert!(matches!(
        env.click(&mut page, "Back").as_slice(),
        [Action::Close]
    ));

    // Reopened with the saved mapping; a change makes Back ask.
    let mut page = env.page(&BTreeMap::from([(a.clone(), 1)]));
    assert!(page_shows(&page, "Mapped to Customer A Ltd (#1)"));
    env.click(&mut page, "Unmap");
    assert!(env.click(&mut page, "Back").is_empty());
    assert!(page_shows(
        &page,
        "The mapping has unsaved changes. Leave without saving them?"
    ));
    assert!(matches!(
        env.click(&mut page, "Leave without saving").as_slice(),
        [Action::Close]
    ));
}

/// As wide as the app's window and tall enough for the whole table and an open picker.
const TALL: Window = Window::sized((980.0, 1800.0));

fn app_click(env: &Env, app: &mut App, label: &str) {
    gui_support::app::click_in(TALL, &env.rt, app, label);
}

fn app_type(env: &Env, app: &mut App, id: &'static str, text: &str) {
    gui_support::app::type_in(TALL, &env.rt, app, id, text);
}

fn app_at_home(env: &Env, settings: &std::path::Path) -> App {
    use ksc_link::gui::screen::{connect::Connection, home};
    let (mut app, load) = App::new(ksc_link::gui::GuiOptions {
        settings_path: Some(settings.to_path_buf()),
        demo_autotask: Some(demo_autotask(env.at())),
        ..Default::default()
    });
    gui_support::app::run(&env.rt, &mut app, load);
    let [primary, _] = env.pair.as_ref().unwrap().cards();
    app.screen = Screen::Connected {
        home: home::State::new(Connection {
            client: env.ksc.clone(),
            address: "127.0.0.1".into(),
            port: primary.api_port,
            user: primary.user.clone(),
            pin: Pin::from_hex(&primary.sha256).unwrap(),
        }),
        page: None,
    };
    app
}

fn prerequisites_page(app: &App) -> &prerequisites::State {
    match app.screen.page() {
        Some(Page::Prerequisites(page)) => page,
        other => panic!("not on the prerequisites page: {other:?}"),
    }
}

fn mapping_page(app: &App) -> &State {
    match app.screen.page() {
        Some(Page::Mapping { page, .. }) => page,
        other => panic!("not on the mapping page: {other:?}"),
    }
}

/// The demo's path: every prerequisite checked, every virtual server mapped and saved.
#[test]
fn demo_path_checks_every_prerequisite_and_maps_every_virtual_server() {
    let env = Env::new();
    let settings = env.dir.path().join("settings.toml");
    let mut app = app_at_home(&env, &settings);
    app_click(&env, &mut app, &fl!("home-autotask-prerequisites"));
    assert!(!prerequisites_page(&app).can_map());
    app_click(&env, &mut app, &fl!("prereq-check-all"));
    app_click(&env, &mut app, &fl!("prereq-check-password"));
    assert!(
        prerequisites_page(&app).checklist.all_ok(),
        "{:?}",
        prerequisites_page(&app).checklist
    );
    app_click(&env, &mut app, "Map virtual servers to Autotask accounts");
    let page = mapping_page(&app);
    assert_eq!(page.counts().vservers, 3);
    app_click(&env, &mut app, "Confirm all suggestions");
    assert_eq!(
        mapping_page(&app).counts().unmapped,
        0,
        "every virtual server is mapped"
    );
    app_click(&env, &mut app, "Save");
    assert_eq!(app.settings.vserver_mapping.len(), 3);
    assert!(app.settings.autotask.zone_url.is_some());
    assert!(app.settings.autotask.last_checked.is_some());
    let written = std::fs::read_to_string(&settings).unwrap();
    assert!(written.contains("[vserver_mapping]"), "{written}");
    app_click(&env, &mut app, "Back");
    assert!(matches!(app.screen.page(), Some(Page::Prerequisites(_))));
    app_click(&env, &mut app, "Back");
    assert!(app.screen.is_home());

    // From home directly, the saved mapping is shown.
    app_click(&env, &mut app, "Map virtual servers to Autotask accounts");
    assert_eq!(mapping_page(&app).counts().mapped, 3);
    assert!(shows(mapping_page(&app).view(), "3 mapped"));
}

/// KES Cloud: the source switch, credentials into the real keyring, workspaces typed and
/// imported from the console's CSV, the checklist's items switched, and the workspaces mapped.
#[test]
fn kes_cloud_source_keeps_the_password_in_the_keyring_and_maps_workspaces() {
    if !crate::gui_support::keyring_usable() {
        return;
    }
    let env = Env::new();
    let settings = env.dir.path().join("settings.toml");
    let email = format!("msp-{}@ksc-link.invalid", std::process::id());
    let key = SecretKey::kes_cloud(&email);
    let mut app = app_at_home(&env, &settings);
    app_click(&env, &mut app, &fl!("home-autotask-prerequisites"));
    app_click(&env, &mut app, "Kaspersky Endpoint Security Cloud");
    assert!(shows(
        prerequisites_page(&app).view(),
        "Kaspersky Endpoint Security Cloud has no public API for listing workspaces: type them \
         or import the CSV exported from the cloud console. The e-mail and password are stored \
         in the system keyring, but this app cannot verify them online."
    ));
    assert!(shows(
        prerequisites_page(&app).view(),
        "KES Cloud credentials present"
    ));

    // A malformed e-mail and no workspaces: problems, nothing checked online.
    app_type(&env, &mut app, "kes-email", "not-an-address");
    app_click(&env, &mut app, &fl!("prereq-check-all"));
    let page = prerequisites_page(&app);
    assert!(!page.checklist.state(CheckId::KscConnection).is_ok());
    assert!(!page.checklist.state(CheckId::VirtualServers).is_ok());
    assert!(shows(page.view(), &fl!("kes-error-empty")));

    // Correct e-mail, a password, workspaces typed one per line.
    let mut ui = sim(prerequisites_page(&app).view());
    ui.click(selector::id("kes-email")).unwrap();
    for _ in 0.."not-an-address".len() {
        ui.tap_key(Key::Named(Named::Backspace));
    }
    ui.typewrite(&email);
    ui.click(selector::id("kes-password")).unwrap();
    ui.typewrite("Kes-Cloud-Pass-1");
    ui.click(selector::id("kes-workspaces")).unwrap();
    ui.typewrite("Customer A");
    ui.tap_key(Key::Named(Named::Enter));
    ui.typewrite("Lab");
    let messages: Vec<_> = ui.into_messages().map(AppMessage::Prerequisites).collect();
    gui_support::app::feed(&env.rt, &mut app, messages);
    assert_eq!(
        prerequisites_page(&app).workspaces_text(),
        "Customer A\nLab"
    );
    app_click(&env, &mut app, &fl!("prereq-check-all"));
    let page = prerequisites_page(&app);
    for id in [
        CheckId::KscConnection,
        CheckId::VirtualServers,
        CheckId::ApiUser,
        CheckId::CompaniesQuery,
        CheckId::AccountsPerVServer,
    ] {
        assert!(
            page.checklist.state(id).is_ok(),
            "{id:?}: {:?}",
            page.checklist
        );
    }
    assert!(shows(page.view(), "2 workspaces"));
    let stored = ksc_link::secrets::load_blocking(&key).unwrap();
    let _cleanup = Cleanup(key.clone());
    assert_eq!(
        stored.map(|s| s.expose().to_string()).as_deref(),
        Some("Kes-Cloud-Pass-1")
    );
    assert_eq!(
        app.settings.kes_cloud.email.as_deref(),
        Some(email.as_str())
    );
    assert_eq!(app.settings.kes_cloud.workspaces, ["Customer A", "Lab"]);
    let written = std::fs::read_to_string(&settings).unwrap();
    assert!(!written.contains("Kes-Cloud-Pass-1"), "{written}");
    // Drawn without the simulators' ports and this run's e-mail, so the picture is stable.
    let still = prerequisites::State::new(env.ksc.clone(), None, None).with_kes_cloud(
        &ksc_link::settings::KesCloudSettings {
            email: Some("msp@northwind-msp.example".into()),
            workspaces: vec!["Customer A".into(), "Lab".into()],
        },
    );
    snapshot(still.view(), "prerequisites-kes-cloud");

    // Imported from the console's CSV (semicolons, a header naming the column).
    let csv = env.dir.path().join("workspaces.csv");
    std::fs::write(
        &csv,
        "Workspace name;Devices\nCustomer A;12\nCustomer B;3\nLab;1\n",
    )
    .unwrap();
    gui_support::app::feed(
        &env.rt,
        &mut app,
        vec![AppMessage::Prerequisites(
            prerequisites::Message::WorkspaceCsvPicked(Some(csv.clone())),
        )],
    );
    assert_eq!(
        prerequisites_page(&app).workspaces_text(),
        "Customer A\nCustomer B\nLab"
    );
    assert!(shows(
        prerequisites_page(&app).view(),
        &format!("3 workspaces imported from {}.", csv.display())
    ));
    app_click(&env, &mut app, &fl!("prereq-check-all"));

    // Workspaces are mapped the same way, keyed by name.
    app_click(&env, &mut app, "Map workspaces to Autotask accounts");
    let page = mapping_page(&app);
    assert!(shows(page.view(), "3 workspaces"));
    app_click(&env, &mut app, "Confirm all suggestions");
    app_click(&env, &mut app, "Save");
    assert_eq!(
        app.settings.vserver_mapping,
        BTreeMap::from([
            ("Customer A".to_string(), 1),
            ("Customer B".to_string(), 3),
            ("Lab".to_string(), 5),
        ])
    );

    // A new start reads the e-mail and workspaces from the settings, the password from the
    // keyring.
    app_click(&env, &mut app, "Back");
    app_click(&env, &mut app, "Back");
    app_click(&env, &mut app, &fl!("home-autotask-prerequisites"));
    let page = prerequisites_page(&app);
    assert_eq!(page.source, prerequisites::SourceKind::KesCloud);
    assert_eq!(page.kes_email, email);
}

/// Deletes the test's keyring entry at the end, also when an assertion failed.
struct Cleanup(SecretKey);

impl Drop for Cleanup {
    fn drop(&mut self) {
        let _ = ksc_link::secrets::delete_blocking(&self.0);
    }
}

/// More workspaces than active customer accounts: the page says so plainly.
#[test]
fn more_targets_than_active_customer_accounts_is_a_problem() {
    let env = Env::new();
    let targets: Vec<_> = (0..250)
        .map(|i| ksc_link::integration::Target::new(format!("ws-{i}"), format!("Workspace {i}")))
        .collect();
    let mut page = State::new(
        Source::Workspaces(targets),
        env.opts(),
        CredentialSource::Given(env.creds()),
        &BTreeMap::new(),
    );
    let loaded = env.rt.block_on(page.open().run());
    page.update(loaded);
    let counts = page.counts();
    let (n, accounts) = (counts.vservers, counts.active_customer_accounts);
    assert_eq!(n, 250);
    assert!(accounts < n, "{accounts}");
    assert!(page_shows(&page, "250 workspaces"));
    assert!(page_shows(
        &page,
        &format!(
            "There are more virtual servers (250) than active customer accounts ({accounts}): \
             each virtual server needs an account of its own. Create the missing Customer \
             accounts in Autotask."
        )
    ));
}

/// Without a file dialog, Export and Import say so and offer a path field each; the typed
/// paths are written and read as picked ones would be.
#[test]
fn without_a_file_dialog_export_and_import_take_typed_paths() {
    use ksc_link::gui::widget::path_entry;
    let env = Env::new();
    let mut page = env.page(&BTreeMap::new());
    env.click(&mut page, "Confirm all suggestions");
    let full = page.mapping.clone();
    assert!(!page_shows(&page, &fl!("dialog-unavailable-save")));

    match page.update(Message::ExportPressed) {
        Action::Run(mapping::Work::PickExportPath) => {}
        other => panic!("{other:?}"),
    }
    env.feed(
        &mut page,
        vec![Message::ExportTypedPath(path_entry::Message::NoDialog)],
    );
    assert!(page_shows(&page, &fl!("dialog-unavailable-save")));
    let path = env.dir.path().join("typed.csv");
    let mut ui = sim(page.view());
    ui.click(selector::id(mapping::EXPORT_PATH_ID)).unwrap();
    ui.typewrite(&format!("'{}'", path.display()));
    let messages: Vec<_> = ui.into_messages().collect();
    env.feed(&mut page, messages);
    // Enter in the field (the page has a "Save" of its own).
    let mut ui = sim(page.view());
    ui.click(selector::id(mapping::EXPORT_PATH_ID)).unwrap();
    ui.tap_key(iced::keyboard::Key::Named(
        iced::keyboard::key::Named::Enter,
    ));
    let messages: Vec<_> = ui.into_messages().collect();
    env.feed(&mut page, messages);
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .starts_with("vserver_uid,")
    );
    assert!(page_shows(
        &page,
        &format!("The mapping was exported to {}.", path.display())
    ));

    // Unmap everything, then import the file by its typed path.
    for key in full.iter().map(|(k, _)| k.to_string()).collect::<Vec<_>>() {
        page.mapping.unmap(&key);
    }
    assert_ne!(page.mapping, full);
    match page.update(Message::ImportPressed) {
        Action::Run(mapping::Work::PickImportPath) => {}
        other => panic!("{other:?}"),
    }
    env.feed(
        &mut page,
        vec![Message::ImportTypedPath(path_entry::Message::NoDialog)],
    );
    assert!(page_shows(&page, &fl!("dialog-unavailable")));
    let mut ui = sim(page.view());
    ui.click(selector::id(mapping::IMPORT_PATH_ID)).unwrap();
    ui.typewrite(&format!("file://{}", path.display()));
    let messages: Vec<_> = ui.into_messages().collect();
    env.feed(&mut page, messages);
    env.click(&mut page, &fl!("dialog-path-open"));
    assert_eq!(page.mapping, full);
}
