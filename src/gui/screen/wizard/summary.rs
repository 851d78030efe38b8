//! Step 6: the dry run: exactly what Finish will write on the primary and on the secondary.

use iced::widget::{button, column, container, row, text};
use iced::{Element, Length};

use super::{Action, Message as WizardMessage, State};
use crate::gui::style;
use crate::hierarchy::PlannedWrite;
use crate::hierarchy::wizard::{Issue, Step};

/// What happened on this step.
#[derive(Clone, Debug)]
pub enum Message {
    /// "Change" next to a part of the summary: go back to that step.
    Edit(Step),
}

/// Handles a message of this step.
pub fn update(state: &mut State, message: Message) -> Action {
    match message {
        Message::Edit(step) => {
            state.wizard.go_to(step);
        }
    }
    Action::None
}

fn writes<'a>(title: String, edit: Step, list: Vec<PlannedWrite>) -> Element<'a, WizardMessage> {
    let mut col = column![
        row![
            text(title).size(style::HEADING_SIZE).width(Length::Fill),
            button(text(crate::fl!("wizard-summary-change")))
                .style(style::button::secondary)
                .on_press(WizardMessage::Summary(Message::Edit(edit))),
        ]
        .spacing(style::GAP)
    ]
    .spacing(4);
    for w in list {
        col = col.push(
            row![
                text(w.label).width(style::LABEL_WIDTH),
                column![
                    // Fingerprints are one long word: break them rather than cut them off.
                    text(w.value).wrapping(iced::widget::text::Wrapping::WordOrGlyph),
                    text(w.name)
                        .size(style::SMALL_SIZE)
                        .style(style::text::muted)
                ]
                .width(Length::Fill),
            ]
            .spacing(style::GAP),
        );
    }
    container(col)
        .padding(12)
        .width(Length::Fill)
        .style(style::container::card)
        .into()
}

/// The summary of "register only": the registration on the primary, and what the secondary's
/// administrator must do to finish.
fn register_only_view(state: &State) -> Element<'_, WizardMessage> {
    match state.wizard.to_registration() {
        Ok(plan) => {
            let mut steps = column![
                text(crate::fl!("wizard-summary-secondary-admin")).size(style::HEADING_SIZE)
            ]
            .spacing(4);
            for (i, step) in plan.secondary_admin_steps().into_iter().enumerate() {
                steps = steps.push(
                    row![
                        text(format!("{}.", i + 1)).width(24),
                        // The fingerprint is one long word: break it rather than cut it off.
                        text(step)
                            .wrapping(iced::widget::text::Wrapping::WordOrGlyph)
                            .width(Length::Fill),
                    ]
                    .spacing(4),
                );
            }
            column![
                text(crate::fl!("wizard-summary-register-only-intro")).style(style::text::muted),
                writes(
                    crate::fl!("wizard-summary-on-primary"),
                    Step::Server,
                    plan.on_primary()
                ),
                container(steps)
                    .padding(12)
                    .width(Length::Fill)
                    .style(style::container::card),
            ]
            .spacing(style::SECTION)
            .into()
        }
        Err(issues) => attention(issues),
    }
}

fn attention<'a>(issues: Vec<Issue>) -> Element<'a, WizardMessage> {
    let mut col = column![text(crate::fl!("wizard-summary-attention"))].spacing(4);
    for i in issues {
        col = col.push(text(i.message).style(style::text::error));
    }
    col.into()
}

/// Draws this step.
pub fn view(state: &State) -> Element<'_, WizardMessage> {
    if state.wizard.is_register_only() {
        return register_only_view(state);
    }
    match state.wizard.to_plan() {
        Ok(plan) => {
            let dry = plan.dry_run();
            column![
                text(crate::fl!("wizard-summary-intro")).style(style::text::muted),
                writes(
                    crate::fl!("wizard-summary-on-primary"),
                    Step::Server,
                    dry.on_primary
                ),
                writes(
                    crate::fl!("wizard-summary-on-secondary"),
                    Step::Connection,
                    dry.on_secondary
                ),
            ]
            .spacing(style::SECTION)
            .into()
        }
        Err(issues) => attention(issues),
    }
}
