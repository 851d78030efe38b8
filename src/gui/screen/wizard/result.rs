//! Step 8: the secondary as the primary lists it in its group, read back after the run.

use iced::widget::{button, column, container, row, text};
use iced::{Element, Length};

use super::{Action, Message as WizardMessage, State, Work};
use crate::gui::style;
use crate::gui::widget::cert_card::show_date;
use crate::kloapi::{ChildServer, KscError, ServerStatus};

/// What happened on this step.
// Messages and actions are moved once per event; boxing the large answers would only add noise.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
pub enum Message {
    /// The secondary was read back (`None`: the primary does not list it).
    Read(Result<Option<ChildServer>, KscError>),
    /// "Refresh" was pressed.
    RefreshPressed,
}

/// Handles a message of this step.
pub fn update(state: &mut State, message: Message) -> Action {
    match message {
        Message::Read(r) => {
            state.result = Some(r.map_err(|e| e.to_string()));
            Action::None
        }
        Message::RefreshPressed => match (&state.run.report, state.wizard.form.group_id) {
            (Some(report), Some(group_id)) => Action::Run(Work::ReadResult {
                primary: state.primary.clone(),
                group_id,
                id: report.secondary_id,
            }),
            _ => Action::None,
        },
    }
}

/// Status in words.
pub fn status_text(status: Option<ServerStatus>) -> &'static str {
    match status {
        Some(ServerStatus::Active) => "Active",
        Some(ServerStatus::Inactive) => "Inactive",
        _ => "Unknown",
    }
}

fn line<'a>(label: &'a str, value: String) -> Element<'a, WizardMessage> {
    row![
        text(label).width(style::LABEL_WIDTH),
        text(value).width(Length::Fill)
    ]
    .spacing(style::GAP)
    .into()
}

/// Draws this step.
pub fn view(state: &State) -> Element<'_, WizardMessage> {
    let group = state
        .wizard
        .group()
        .map(|g| g.name.clone())
        .unwrap_or_default();
    let mut col = column![].spacing(style::SECTION);
    match &state.result {
        None => col = col.push(text("Reading the secondary back from the primary…")),
        Some(Err(e)) => {
            col = col.push(
                text(format!("Could not read the secondary back: {e}")).style(style::text::error),
            )
        }
        Some(Ok(None)) => {
            col = col.push(
                text(format!(
                    "The primary does not list the secondary in the group {group}."
                ))
                .style(style::text::error),
            )
        }
        Some(Ok(Some(c))) => {
            let active = c.status == Some(ServerStatus::Active);
            col = col.push(
                text(if active {
                    format!("The secondary Administration Server \"{}\" is Active in the group {group}.", c.display_name)
                } else {
                    format!("The secondary Administration Server \"{}\" is listed in the group {group}, not Active yet.", c.display_name)
                })
                .style(if active { style::text::success } else { style::text::warning }),
            );
            col = col.push(
                container(
                    column![
                        line("Display name", c.display_name.clone()),
                        line("Administration group", group.clone()),
                        line("Status", status_text(c.status).to_string()),
                        line(
                            "Version",
                            c.version.clone().unwrap_or_else(|| "unknown".into())
                        ),
                        line(
                            "Last connection",
                            c.last_connected
                                .map(show_date)
                                .unwrap_or_else(|| "never".into())
                        ),
                        line("Id on the primary", c.id.to_string()),
                    ]
                    .spacing(4),
                )
                .padding(12)
                .width(Length::Fill)
                .style(style::container::card),
            );
        }
    }
    col = col.push(
        button("Refresh")
            .style(style::button::secondary)
            .on_press(WizardMessage::Result(Message::RefreshPressed)),
    );
    col.into()
}
