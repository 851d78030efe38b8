//! Driving the whole app (connect, home, wizard) headless: clicks and typing on its real view,
//! its tasks run for real as iced runs them, every message fed back.

use futures::StreamExt;
use iced::Task;
use iced_test::selector;
use ksc_link::gui::app::{App, Message, Page};
use ksc_link::gui::screen::wizard;

use super::{APP, Window, sim};

/// Runs a task of the app as iced does, feeding every message back, until nothing is left.
pub fn run(rt: &tokio::runtime::Runtime, app: &mut App, task: Task<Message>) {
    let mut pending = vec![task];
    while let Some(task) = pending.pop() {
        let Some(stream) = iced_test::runtime::task::into_stream(task) else {
            continue;
        };
        let outputs: Vec<Message> = rt.block_on(
            stream
                .filter_map(|action| async move {
                    match action {
                        iced_test::runtime::Action::Output(m) => Some(m),
                        // Widget operations (focus) and window actions need a window.
                        _ => None,
                    }
                })
                .collect(),
        );
        for m in outputs {
            pending.push(app.update(m));
        }
    }
}

/// Feeds `messages` and runs what each asks for.
pub fn feed(rt: &tokio::runtime::Runtime, app: &mut App, messages: Vec<Message>) {
    for m in messages {
        let task = app.update(m);
        run(rt, app, task);
    }
}

/// Clicks the widget showing `label` and runs what follows.
pub fn click(rt: &tokio::runtime::Runtime, app: &mut App, label: &str) {
    click_in(APP, rt, app, label);
}

/// [`click`] in a window of another size (a page taller than the app's window).
pub fn click_in(window: Window, rt: &tokio::runtime::Runtime, app: &mut App, label: &str) {
    let mut ui = window.sim(app.view());
    ui.click(label).unwrap_or_else(|e| panic!("{label}: {e}"));
    let messages: Vec<Message> = ui.into_messages().collect();
    feed(rt, app, messages);
}

/// Clicks into the input `id`, types `text` after what it holds and runs what follows.
pub fn type_into(rt: &tokio::runtime::Runtime, app: &mut App, id: &'static str, text: &str) {
    type_in(APP, rt, app, id, text);
}

/// [`type_into`] in a window of another size.
pub fn type_in(
    window: Window,
    rt: &tokio::runtime::Runtime,
    app: &mut App,
    id: &'static str,
    text: &str,
) {
    let mut ui = window.sim(app.view());
    ui.click(selector::id(id))
        .unwrap_or_else(|e| panic!("{id}: {e}"));
    ui.typewrite(text);
    let messages: Vec<Message> = ui.into_messages().collect();
    feed(rt, app, messages);
}

/// Whether the window shows `needle`.
pub fn shows(app: &App, needle: &str) -> bool {
    sim(app.view()).find(needle).is_ok()
}

/// The wizard the app shows.
#[track_caller]
pub fn wizard(app: &App) -> &wizard::State {
    match app.screen.page() {
        Some(Page::Wizard(wizard)) => wizard,
        other => panic!("not in the wizard: {other:?}"),
    }
}
