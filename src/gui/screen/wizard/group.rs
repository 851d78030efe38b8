//! Step 1: the administration group of the primary where the secondary will appear.

use iced::widget::scrollable::Viewport;
use iced::widget::text::Wrapping;
use iced::widget::{button, column, text, text_input};
use iced::{Element, Length, Padding};

use super::{Action, Message as WizardMessage, State, Work};
use crate::gui::style;
use crate::gui::widget::virtual_list;
use crate::hierarchy::wizard::Input;
use crate::kloapi::KscError;

/// What happened on this step.
// Messages and actions are moved once per event; boxing the large answers would only add noise.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
pub enum Message {
    /// The search text was edited.
    FilterChanged(String),
    /// A group was chosen.
    Chosen(i32),
    /// The names used in a group were read (or not).
    NamesLoaded(i32, Result<Vec<String>, KscError>),
    /// "Try again" after reading the names failed.
    RetryNames,
    /// Enter in the search: choose the first group whose name matches (the keyboard's way to
    /// choose, as the list's entries cannot take the focus).
    SearchSubmitted,
    /// The list was scrolled (only the groups in view are built).
    Scrolled(Viewport),
}

/// Height of a group's row: one line of text and the button's padding. Rows are held to it, so
/// the list knows where each one is without laying them all out.
pub const ROW_HEIGHT: f32 = 28.8;
/// Space between rows.
const ROW_SPACING: f32 = 2.0;
/// The list's most height on the page: a short tree shows whole, a long one scrolls inside.
pub const LIST_MAX_HEIGHT: f32 = 420.0;

/// Handles a message of this step.
pub fn update(state: &mut State, message: Message) -> Action {
    match message {
        Message::FilterChanged(v) => {
            state.wizard.form.group_filter = v;
            Action::None
        }
        Message::Chosen(id) => {
            let changed = state.wizard.form.group_id != Some(id);
            state.wizard.choose_group(id);
            if changed || !state.wizard.names_known() {
                load_names(state, id)
            } else {
                Action::None
            }
        }
        Message::NamesLoaded(group_id, r) => {
            if state.wizard.form.group_id == Some(group_id) {
                state.busy = None;
                match r {
                    Ok(names) => {
                        state.names_error = None;
                        state.wizard.set_taken_names(group_id, names);
                    }
                    Err(e) => {
                        state.names_error = Some(crate::fl!(
                            "wizard-group-names-failed",
                            error = e.to_string()
                        ))
                    }
                }
            }
            Action::None
        }
        Message::SearchSubmitted => match state.wizard.first_match() {
            Some(id) => update(state, Message::Chosen(id)),
            None => Action::None,
        },
        Message::Scrolled(viewport) => {
            state.group_list.scrolled(viewport);
            Action::None
        }
        Message::RetryNames => match state.wizard.form.group_id {
            Some(id) => load_names(state, id),
            None => Action::None,
        },
    }
}

fn load_names(state: &mut State, group_id: i32) -> Action {
    state.names_error = None;
    state.busy = Some(crate::fl!("wizard-group-reading-names"));
    Action::Run(Work::LoadNames {
        primary: state.primary.clone(),
        group_id,
    })
}

/// Draws this step.
pub fn view(state: &State) -> Element<'_, WizardMessage> {
    let w = &state.wizard;
    let groups = w.visible_groups();
    let chosen = w.form.group_id;
    let list: Element<'_, WizardMessage> = if groups.is_empty() {
        text(crate::fl!("wizard-group-no-match"))
            .style(style::text::muted)
            .into()
    } else {
        virtual_list::view(
            &state.group_list,
            groups.len(),
            |_| ROW_HEIGHT,
            ROW_SPACING,
            Some(LIST_MAX_HEIGHT),
            |i| {
                let (depth, g) = groups[i];
                button(text(g.name.as_str()).wrapping(Wrapping::None))
                    .width(Length::Fill)
                    .padding(Padding::from([4, 8]).left(8.0 + 24.0 * depth as f32))
                    .style(style::button::list_item(chosen == Some(g.id)))
                    .on_press(WizardMessage::Group(Message::Chosen(g.id)))
                    .into()
            },
            |v| WizardMessage::Group(Message::Scrolled(v)),
        )
        .style(style::scrollable::page)
        .into()
    };
    let mut col = column![
        text(crate::fl!("wizard-group-intro")),
        text_input(&crate::fl!("wizard-group-search"), &w.form.group_filter)
            .id("group-search")
            .style(style::text_input::normal)
            .on_input(|s| WizardMessage::Group(Message::FilterChanged(s)))
            .on_submit(WizardMessage::Group(Message::SearchSubmitted))
            .padding(6),
        list,
    ]
    .spacing(style::GAP);
    if let Some(g) = w.group() {
        col = col.push(text(crate::fl!(
            "wizard-group-chosen",
            name = g.name.as_str()
        )));
    }
    if let Some(e) = w.error_at(Input::Group) {
        col = col.push(text(e).style(style::text::error));
    }
    col.into()
}
