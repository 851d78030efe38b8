//! The "Secondary servers" page driven through iced_test's Simulator against a simulated
//! primary with a few hundred registered secondaries in mixed states, a secondary with its own
//! secondary, and a reinstalled DMZ secondary: the table, nested rows under their primary, the
//! filter, "Needs attention only", CSV export to a typed path, Refresh, and the way there from
//! the home screen. Snapshots judge at a fixed time, so they never change. Run with
//! ICED_TEST_BACKEND=tiny-skia.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use futures::StreamExt;
use futures::stream::BoxStream;
use ksc_link::fl;
use ksc_link::gui::app::{App, Page, Screen as AppScreen};
use ksc_link::gui::screen::servers::{Action, EXPORT_PATH_ID, FILTER_ID, Message, State, Work};
use ksc_link::gui::widget::path_entry;
use ksc_link::hierarchy::health::{self, CheckOptions, Nested, Presented};
use ksc_link::sim::ksc::fleet::FleetSpec;
use ksc_link::sim::ksc::seed;
use ksc_link::tls::Pin;
use time::OffsetDateTime;
use time::macros::datetime;

use crate::gui_support::{self, Screen, assert_shows, click, feed, settle, shows};
use crate::hierarchy_support::{Hierarchy, Node};

/// The time the page judges at, and the fleet's states are relative to.
const NOW: OffsetDateTime = datetime!(2025-06-01 12:00:00 UTC);

impl Screen for State {
    type Message = Message;
    type Work = Work;

    fn handle(&mut self, message: Message) -> Option<Work> {
        match self.update(message) {
            Action::Run(w) | Action::Check(w) => Some(w),
            Action::None | Action::Close | Action::OpenSecondary(..) | Action::Copy(_) => None,
        }
    }

    fn draw(&self) -> iced::Element<'_, Message> {
        self.view()
    }

    fn perform(work: Work) -> BoxStream<'static, Message> {
        work.into_stream()
    }

    fn is_dialog(work: &Work) -> bool {
        matches!(work, Work::PickExportPath)
    }
}

/// Every address here is on loopback: no need to wait long.
fn quick() -> CheckOptions {
    CheckOptions {
        probe_timeout: Duration::from_secs(2),
        gateway_timeout: Duration::from_secs(15),
        ..CheckOptions::default()
    }
}

/// The page of `node`'s primary, read and looked at, judged at [`NOW`].
fn loaded(rt: &tokio::runtime::Runtime, node: &Node) -> State {
    let mut page = State::new(node.client.clone())
        .with_fixed_now(NOW)
        .with_check_options(quick());
    let work = page.open();
    let started = Instant::now();
    settle(rt, &mut page, vec![work]);
    eprintln!("page loaded and checked in {:?}", started.elapsed());
    assert!(!page.is_loading() && !page.is_checking());
    assert!(page.fleet().unwrap().checks_done());
    page
}

fn visible_names(page: &State) -> Vec<String> {
    page.visible_rows().iter().map(|r| r.name.clone()).collect()
}

#[test]
fn a_few_hundred_secondaries_nested_filtered_exported_and_refreshed() {
    let rt = gui_support::runtime();
    let h = rt.block_on(Hierarchy::start(240, NOW));
    rt.block_on(async { h.reinstall_dmz() });
    let mut page = loaded(&rt, &h.top);

    let fleet = page.fleet().unwrap();
    assert_eq!(
        fleet.rows.len(),
        243,
        "240, west-region and west-office, zone-dmz"
    );
    assert_shows(&page, &fl!("servers-count", count = 243));
    assert_shows(
        &page,
        "Primary version 14.2.0.26967 · as of 2025-06-01 12:00 UTC",
    );
    // The nested secondary right below its primary, indented.
    let names = visible_names(&page);
    let at = names.iter().position(|n| n == "west-region").unwrap();
    assert_eq!(names[at + 1], "west-office");
    assert_eq!(page.visible_rows()[at + 1].depth(), 1);
    assert_eq!(page.visible_rows()[at].nested, Nested::Found(1));

    // The filter: name, address, group, version; any case.
    let mut drawn = Instant::now();
    gui_support::type_into(&mut page, FILTER_ID, "WEST");
    eprintln!("a keystroke's view with 243 rows: {:?}", drawn.elapsed());
    assert_eq!(visible_names(&page), ["west-region", "west-office"]);
    assert!(shows(&page, "↳ west-office"));
    assert_shows(&page, &fl!("servers-presented-matches"));
    gui_support::replace_in(&mut page, FILTER_ID, "WEST", "zone");
    assert_eq!(visible_names(&page), ["zone-dmz"]);
    assert_shows(&page, &fl!("servers-presented-differs"));
    assert_shows(&page, &fl!("servers-mode-dmz"));
    assert_shows(
        &page,
        &fl!(
            "servers-attention",
            reasons =
                "inactive, never connected; presents another certificate than the registered one"
        ),
    );
    gui_support::replace_in(&mut page, FILTER_ID, "zone", "Region 2");
    let region2 = page.visible_rows();
    assert_eq!(region2.len(), 60);
    assert!(region2.iter().all(|r| r.group.ends_with("Region 2")));
    gui_support::replace_in(&mut page, FILTER_ID, "Region 2", "13.2.0");
    assert!(
        page.visible_rows()
            .iter()
            .all(|r| r.version.as_deref() == Some("13.2.0.1511"))
    );
    gui_support::replace_in(&mut page, FILTER_ID, "13.2.0", "no such server");
    assert!(page.visible_rows().is_empty());
    assert_shows(&page, &fl!("servers-none-match"));
    gui_support::replace_in(&mut page, FILTER_ID, "no such server", "");
    assert_eq!(page.visible_rows().len(), 243);

    // Needs attention only.
    drawn = Instant::now();
    click(&mut page, &fl!("servers-attention-only"));
    eprintln!("the attention toggle's view: {:?}", drawn.elapsed());
    let attention = page.visible_rows().len();
    let counts = page.fleet().unwrap().counts(NOW);
    assert_eq!(attention, counts.attention);
    assert!(attention > 48 && attention < 243, "{attention}");
    assert!(
        page.visible_rows()
            .iter()
            .all(|r| !health::attention(r, NOW).is_empty())
    );
    assert!(!visible_names(&page).contains(&"west-office".to_string()));
    assert!(visible_names(&page).contains(&"zone-dmz".to_string()));

    // Export what is shown, to a typed path: no save dialog can be shown headless.
    let work = click(&mut page, &fl!("servers-export"));
    assert!(matches!(work.as_slice(), [Work::PickExportPath]));
    feed(
        &mut page,
        [Message::ExportTypedPath(path_entry::Message::NoDialog)],
    );
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("attention.csv");
    gui_support::type_into(&mut page, EXPORT_PATH_ID, path.to_str().unwrap());
    let work = gui_support::enter_in(&mut page, EXPORT_PATH_ID);
    settle(&rt, &mut page, work);
    assert_shows(
        &page,
        &fl!(
            "servers-exported",
            count = attention,
            path = path.display().to_string()
        ),
    );
    let text = std::fs::read_to_string(&path).unwrap();
    let records = ksc_link::integration::csv::parse(&text).unwrap();
    assert_eq!(records.len(), attention + 1);
    let header = &records[0].fields;
    let col = |n: &str| header.iter().position(|c| c == n).unwrap();
    assert!(
        records[1..]
            .iter()
            .all(|r| r.fields[col("needs_attention")] == "yes")
    );
    let dmz = records[1..]
        .iter()
        .find(|r| r.fields[col("name")] == "zone-dmz")
        .unwrap();
    assert_eq!(dmz.fields[col("presented_now")], "differs");
    assert_eq!(dmz.fields[col("dmz")], "yes");

    // Refresh: a secondary registered meanwhile appears, the rest is read again.
    click(&mut page, &fl!("servers-attention-only"));
    rt.block_on(async {
        let (cert, _, _) =
            ksc_link::cert::generate_server_identity(&["late.example".into()], 30).unwrap();
        let root = h.top.client.host_group().group_id_groups().await.unwrap();
        h.top
            .client
            .server_hierarchy()
            .register_server("late-arrival", root, &cert.der, "", &Default::default())
            .await
            .unwrap();
    });
    let work = click(&mut page, &fl!("servers-refresh"));
    assert!(page.is_loading());
    settle(&rt, &mut page, work);
    assert_eq!(page.fleet().unwrap().rows.len(), 244);
    let late = page
        .fleet()
        .unwrap()
        .rows
        .iter()
        .find(|r| r.name == "late-arrival")
        .unwrap();
    assert_eq!(
        health::attention(late, NOW).first(),
        Some(&health::Reason::Inactive(health::Inactivity::Never)),
        "registered, never connected"
    );
    assert_eq!(
        page.fleet()
            .unwrap()
            .row(&[h.mid_id, h.leaf_id])
            .unwrap()
            .presented,
        Presented::Matches(health::Via::Gateway),
        "nested rows are found again"
    );

    // Back home.
    assert!(matches!(page.update(Message::BackPressed), Action::Close));
    rt.block_on(h.shutdown());
}

/// The page keeps each row's reasons for attention and the counts rather than judging them at
/// every frame; what it keeps must follow the rows: a reinstalled server's new reason after a
/// Refresh, the rows a filter shows, the rows the looks add.
#[test]
fn kept_reasons_and_counts_follow_refresh_and_filter() {
    let rt = gui_support::runtime();
    let h = rt.block_on(Hierarchy::start(12, NOW));
    let mut page = loaded(&rt, &h.top);
    let judged_now = |page: &State| {
        let fresh: Vec<(String, Vec<health::Reason>)> = page
            .visible_rows()
            .iter()
            .map(|r| (r.name.clone(), health::attention(r, NOW)))
            .collect();
        let kept: Vec<(String, Vec<health::Reason>)> = page
            .visible_reasons()
            .into_iter()
            .map(|(r, why)| (r.name.clone(), why.to_vec()))
            .collect();
        assert_eq!(kept, fresh);
        assert_eq!(page.counts(), page.fleet().unwrap().counts(NOW));
    };
    judged_now(&page);
    let dmz_reasons = |page: &State| {
        page.visible_reasons()
            .into_iter()
            .find(|(r, _)| r.name == "zone-dmz")
            .map(|(_, why)| why.to_vec())
            .unwrap()
    };
    assert!(!dmz_reasons(&page).contains(&health::Reason::CertificateChanged));
    let before = page.counts();

    gui_support::type_into(&mut page, FILTER_ID, "zone");
    assert_eq!(visible_names(&page), ["zone-dmz"]);
    judged_now(&page);

    h.reinstall_dmz();
    let work = click(&mut page, &fl!("servers-refresh"));
    settle(&rt, &mut page, work);
    assert_eq!(visible_names(&page), ["zone-dmz"], "the filter stays");
    assert!(dmz_reasons(&page).contains(&health::Reason::CertificateChanged));
    judged_now(&page);
    assert_shows(&page, &fl!("servers-presented-differs"));
    assert_eq!(page.counts().total, before.total);

    gui_support::replace_in(&mut page, FILTER_ID, "zone", "");
    judged_now(&page);
    click(&mut page, &fl!("servers-attention-only"));
    judged_now(&page);
    assert_eq!(page.visible_rows().len(), page.counts().attention);
    rt.block_on(h.shutdown());
}

/// A page of 200 secondaries in mixed states, then only those that need attention.
#[test]
fn snapshots_of_the_table_and_the_attention_filter() {
    let rt = gui_support::runtime();
    let node = rt.block_on(Node::start(seed::PRIMARY, "ksc-hq.sim.local"));
    node.sim
        .state()
        .register_fleet(&FleetSpec::new(200, NOW))
        .unwrap();
    let mut page = loaded(&rt, &node);
    assert_eq!(page.fleet().unwrap().rows.len(), 200);
    gui_support::snapshot(&page, "servers-table");
    click(&mut page, &fl!("servers-attention-only"));
    gui_support::snapshot(&page, "servers-attention");
    rt.block_on(node.shutdown());
}

/// From the home screen of a connected primary to the page and back.
#[test]
fn the_home_screen_opens_the_page() {
    use ksc_link::gui::screen::{connect::Connection, home};
    let rt = gui_support::runtime();
    let node = rt.block_on(Node::start(seed::PRIMARY, "ksc-hq.sim.local"));
    node.sim
        .state()
        .register_fleet(&FleetSpec::new(12, OffsetDateTime::now_utc()))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (mut app, load) = App::new(ksc_link::gui::GuiOptions {
        settings_path: Some(dir.path().join("settings.toml")),
        ..Default::default()
    });
    gui_support::app::run(&rt, &mut app, load);
    app.screen = AppScreen::Connected {
        home: home::State::new(Connection {
            client: node.client.clone(),
            address: "127.0.0.1".into(),
            port: node.sim.api_port(),
            user: "admin".into(),
            pin: Pin::of_der(node.sim.cert_der()),
        }),
        page: None,
    };
    gui_support::app::click(&rt, &mut app, &fl!("home-servers"));
    let Some(Page::Servers(page)) = app.screen.page() else {
        panic!("not on the page: {:?}", app.screen.page())
    };
    assert_eq!(page.fleet().unwrap().rows.len(), 12);
    assert!(!page.is_checking(), "the looks ran to their end");
    assert!(gui_support::app::shows(
        &app,
        &fl!("servers-count", count = 12)
    ));
    gui_support::app::click(&rt, &mut app, &fl!("servers-back"));
    assert!(app.screen.is_home());
    rt.block_on(node.shutdown());
}

/// Findings of a load that Refresh replaced are dropped.
#[test]
fn findings_of_a_replaced_load_are_ignored() {
    let rt = gui_support::runtime();
    let node = rt.block_on(Node::start(seed::PRIMARY, "ksc-hq.sim.local"));
    node.sim
        .state()
        .register_fleet(&FleetSpec::new(5, NOW))
        .unwrap();
    let mut page = State::new(node.client.clone()).with_fixed_now(NOW);
    let first = page.open();
    let loaded: Vec<Message> = rt.block_on(first.into_stream().collect());
    let Some(Work::Check { rows, .. }) = feed(&mut page, loaded).pop() else {
        panic!("the looks start once the list is read")
    };
    assert_eq!(rows.len(), 5);
    // Refresh before the looks come back: their findings belong to the old list.
    let _second = page.open();
    let stale = Message::Checked(
        1,
        health::CheckEvent::Presented {
            path: rows[0].path.clone(),
            presented: Presented::CouldNotCheck("old".into()),
        },
    );
    assert!(
        page.fleet().is_some(),
        "the old list stays until the new one is read"
    );
    feed(&mut page, [stale]);
    assert_eq!(page.fleet().unwrap().rows[0].presented, Presented::Pending);
    rt.block_on(node.shutdown());
}

/// The section `KLSRV_MASTER_SRV` of `node`, read on its own Open API.
fn master_srv_of(rt: &tokio::runtime::Runtime, node: &Node) -> ksc_link::kloapi::MasterSrvSection {
    rt.block_on(async {
        let hg = node.client.host_group();
        let host = hg.server_hostname().await.unwrap();
        hg.read_master_srv(&host).await.unwrap()
    })
}

/// The card of one server: rename and move (a plan first, then Apply), the same through the
/// hierarchy for a secondary's own secondary, re-key of a reinstalled DMZ secondary only once
/// its fingerprint was compared, its own page opened through the primary, and removal on both
/// sides.
#[test]
fn a_secondarys_card_renames_moves_rekeys_opens_its_page_and_removes_it() {
    use ksc_link::gui::screen::servers::manage::{self, ADDRESS_ID, NAME_ID};
    let rt = gui_support::runtime();
    let h = rt.block_on(Hierarchy::start(0, NOW));
    let mut page = loaded(&rt, &h.top);
    let tall = gui_support::Window::sized((gui_support::WINDOW.0, 1400.0));

    // Rename west-region: the plan, then Apply; the list is read again.
    let work = tall.click(&mut page, "west-region");
    settle(&rt, &mut page, work);
    assert!(page.card.is_some());
    tall.replace_in(&mut page, NAME_ID, "west-region", "West region");
    let work = tall.click(&mut page, &fl!("manage-rename"));
    settle(&rt, &mut page, work);
    assert!(tall.shows(&page, &fl!("cli-secondary-plan")));
    assert!(page.card.as_ref().unwrap().pending.is_some());
    let work = tall.click(&mut page, &fl!("manage-apply"));
    settle(&rt, &mut page, work);
    assert!(
        visible_names(&page).contains(&"West region".to_string()),
        "{:?}",
        visible_names(&page)
    );
    assert!(
        tall.shows(&page, "renamed \"west-region\" to \"West region\""),
        "{:?}",
        page.card.as_ref().unwrap().outcome
    );

    // Move it to another group, picked from its primary's groups.
    let groups = rt
        .block_on(ksc_link::hierarchy::maintain::groups_of(
            &h.top.client,
            &[h.mid_id],
        ))
        .unwrap();
    let (id, path) = groups
        .iter()
        .find(|(_, p)| p.ends_with("/Servers"))
        .cloned()
        .unwrap();
    feed(
        &mut page,
        [Message::Card(manage::Message::GroupPicked(
            manage::GroupChoice { id, path },
        ))],
    );
    let work = tall.click(&mut page, &fl!("manage-move"));
    settle(&rt, &mut page, work);
    let work = tall.click(&mut page, &fl!("manage-apply"));
    settle(&rt, &mut page, work);
    let mid = rt
        .block_on(ksc_link::hierarchy::maintain::read_registered(
            &h.top.client,
            h.mid_id,
        ))
        .unwrap();
    assert_eq!(mid.child.group_id, Some(id));
    assert_eq!(mid.child.display_name, "West region");

    // Its own page, through the primary: a session on the secondary itself.
    let mut ui = tall.sim(page.view());
    ui.click(fl!("manage-open-secondary").as_str()).unwrap();
    let mut reached = None;
    for m in ui.into_messages() {
        if let Action::Run(w) = page.update(m) {
            for m in rt.block_on(w.into_stream().collect::<Vec<_>>()) {
                if let Action::OpenSecondary(client, name) = page.update(m) {
                    reached = Some((client, name));
                }
            }
        }
    }
    let (client, name) = reached.expect("opened");
    assert_eq!(name, "West region");
    let host = rt.block_on(client.host_group().server_hostname()).unwrap();
    assert_eq!(host, h.mid.sim.state().server().hostname);

    // The secondary's own secondary, renamed through the hierarchy.
    feed(&mut page, [Message::Card(manage::Message::ClosePressed)]);
    assert!(page.card.is_none());
    let work = tall.click(&mut page, "↳ west-office");
    settle(&rt, &mut page, work);
    tall.replace_in(&mut page, NAME_ID, "west-office", "West office");
    let work = tall.click(&mut page, &fl!("manage-rename"));
    settle(&rt, &mut page, work);
    let work = tall.click(&mut page, &fl!("manage-apply"));
    settle(&rt, &mut page, work);
    let leaf = rt
        .block_on(ksc_link::hierarchy::maintain::read_registered(
            &h.mid.client,
            h.leaf_id,
        ))
        .unwrap();
    assert_eq!(leaf.child.display_name, "West office");

    // The DMZ secondary reinstalled: its certificate now, compared, then re-keyed.
    rt.block_on(async { h.reinstall_dmz() });
    feed(&mut page, [Message::Card(manage::Message::ClosePressed)]);
    let work = tall.click(&mut page, "zone-dmz");
    settle(&rt, &mut page, work);
    let at = format!("127.0.0.1:{}", h.dmz.sim.sim().ssl_port());
    // A DMZ secondary's registered address is a URL; the SSL port at it is typed as HOST:PORT.
    feed(
        &mut page,
        [Message::Card(manage::Message::AddressEdited(String::new()))],
    );
    tall.type_into(&mut page, ADDRESS_ID, &at);
    let work = tall.click(&mut page, &fl!("manage-fetch"));
    settle(&rt, &mut page, work);
    let new = ksc_link::cert::parse_certificate(&h.dmz.sim.sim().current_cert_der()).unwrap();
    assert!(tall.shows(
        &page,
        &fl!(
            "manage-fetched",
            fingerprint = new.sha256_colon(),
            until = ksc_link::cert::show_date(new.not_after)
        )
    ));
    assert!(
        !tall.is_enabled(&page, &fl!("manage-rekey")),
        "not before the comparison"
    );
    tall.click(&mut page, &fl!("manage-compared"));
    let work = tall.click(&mut page, &fl!("manage-rekey"));
    settle(&rt, &mut page, work);
    let work = tall.click(&mut page, &fl!("manage-apply"));
    settle(&rt, &mut page, work);
    let registered = h.top.sim.state().secondaries();
    let dmz = registered
        .iter()
        .find(|s| s.display_name == "zone-dmz")
        .unwrap_or_else(|| panic!("{registered:?} {:?}", page.card.as_ref().unwrap().outcome));
    assert_eq!(dmz.certificate_der().as_deref(), Some(&new.der[..]));

    // Remove west-office on both sides: its own side through the hierarchy, then DelServer.
    feed(&mut page, [Message::Card(manage::Message::ClosePressed)]);
    let work = tall.click(&mut page, "↳ West office");
    settle(&rt, &mut page, work);
    let work = tall.click(&mut page, &fl!("manage-remove"));
    settle(&rt, &mut page, work);
    let plan = &page.card.as_ref().unwrap().pending.as_ref().unwrap().1;
    assert_eq!(plan[0].name, "KLSRV_MASTER_SRV_USE", "{plan:?}");
    let work = tall.click(&mut page, &fl!("manage-apply"));
    settle(&rt, &mut page, work);
    assert!(
        !master_srv_of(&rt, &h.leaf).use_master,
        "{:?}",
        page.card.as_ref().unwrap().outcome
    );
    assert!(h.mid.sim.state().secondaries().is_empty());
    rt.block_on(h.shutdown());
}
