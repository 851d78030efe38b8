//! The wizard's group picker on a primary with the large estate (10,000 groups six deep, see
//! `sim::ksc::estate`): the list builds only the groups in view, scrolling it shows later ones,
//! and the search finds a group at the bottom of the tree, which can then be chosen.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use iced::mouse::{self, ScrollDelta};
use iced::{Event, Point};
use ksc_link::gui::screen::wizard::{State, Work, group};
use ksc_link::hierarchy::wizard::PrimaryContext;
use ksc_link::kloapi::{KscClient, LoginOutcome};
use ksc_link::sim::ksc::{KscSimConfig, seed, start};

use crate::gui_support::{self, assert_shows, click, feed, runtime, settle, shows, type_into};

#[test]
fn ten_thousand_groups_scroll_and_the_search_finds_and_chooses_a_deep_one() {
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let (sim, client) = rt.block_on(async {
        let mut cfg = KscSimConfig::new(dir.path());
        cfg.seed_text = Some(format!("{}\n[estate]\nvservers = 0\n", seed::PRIMARY));
        let sim = start(cfg).await.unwrap();
        let card = ksc_link::sim::pair::card_of(ksc_link::sim::pair::Role::Primary, &sim);
        let client = KscClient::new(card.connect_options().unwrap()).unwrap();
        assert_eq!(
            client.login(&card.credentials()).await.unwrap(),
            LoginOutcome::LoggedIn
        );
        (sim, client)
    });
    let context = rt
        .block_on(PrimaryContext::load(&client, "127.0.0.1"))
        .unwrap();
    let mut s = State::new(client, context);
    let all: Vec<(usize, String, i32)> = s
        .wizard
        .visible_groups()
        .into_iter()
        .map(|(d, g)| (d, g.name.clone(), g.id))
        .collect();
    assert!(all.len() > 10_000, "{}", all.len());
    assert_shows(&s, &all[1].1);
    assert!(
        !shows(&s, &all[all.len() - 1].1),
        "the last group is not built"
    );

    // The wheel over the list scrolls it, and the groups further down are built.
    let mut ui = gui_support::sim(s.view());
    let first = ui.find(all[1].1.as_str()).unwrap();
    let b = first.visible_bounds().unwrap();
    ui.point_at(Point::new(b.center_x(), b.center_y()));
    ui.simulate([Event::Mouse(mouse::Event::WheelScrolled {
        delta: ScrollDelta::Pixels {
            x: 0.0,
            y: -30_000.0,
        },
    })]);
    let messages: Vec<_> = ui.into_messages().collect();
    assert!(
        !feed(&mut s, messages)
            .iter()
            .any(|w| matches!(w, Work::LoadNames { .. }))
    );
    let offset = s.group_list.offset();
    assert!(offset > 20_000.0, "scrolled to {offset}");
    let pitch = group::ROW_HEIGHT + 2.0;
    let in_view = (offset / pitch) as usize + 3;
    assert_shows(&s, &all[in_view].1);
    assert!(
        !shows(&s, &all[1].1),
        "the top of the list is no longer built"
    );

    // A group at the bottom of the tree: the search shows it with its parents, and it is chosen.
    let (_, deep, deep_id) = all.iter().rev().find(|(d, _, _)| *d == 6).unwrap().clone();
    // Its number alone: the input holding the whole name would take the click meant for the row.
    let number = deep.rsplit(' ').next().unwrap();
    type_into(&mut s, "group-search", number);
    assert_eq!(
        s.wizard.visible_groups().len(),
        7,
        "the root, five parents and the group"
    );
    let work = click(&mut s, &deep);
    assert!(matches!(work.as_slice(), [Work::LoadNames { .. }]));
    settle(&rt, &mut s, work);
    assert_eq!(s.wizard.form.group_id, Some(deep_id));
    assert_shows(&s, &format!("Chosen: {deep}"));

    rt.block_on(sim.shutdown());
}
