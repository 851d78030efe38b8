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
    /// "Save this server's certificate…" was pressed (register only).
    SaveCertificatePressed,
    /// "Export join file" was pressed (register only).
    ExportJoinFilePressed,
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
        Message::SaveCertificatePressed => super::credentials::update(
            state,
            super::credentials::Message::SavePrimaryCertificatePressed,
        ),
        Message::ExportJoinFilePressed => Action::ExportJoinFile,
    }
}

/// Status in words.
pub fn status_text(status: Option<ServerStatus>) -> String {
    match status {
        Some(ServerStatus::Active) => crate::fl!("status-active"),
        Some(ServerStatus::Inactive) => crate::fl!("status-inactive"),
        _ => crate::fl!("status-unknown"),
    }
}

fn line<'a>(label: String, value: String) -> Element<'a, WizardMessage> {
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
        None => col = col.push(text(crate::fl!("wizard-result-reading"))),
        Some(Err(e)) => {
            col = col.push(
                text(crate::fl!("wizard-result-read-failed", error = e.as_str()))
                    .style(style::text::error),
            )
        }
        Some(Ok(None)) => {
            col = col.push(
                text(crate::fl!(
                    "wizard-result-not-listed",
                    group = group.as_str()
                ))
                .style(style::text::error),
            )
        }
        Some(Ok(Some(c))) => {
            let active = c.status == Some(ServerStatus::Active);
            col = col.push(
                text(if active {
                    crate::fl!(
                        "wizard-result-active",
                        name = c.display_name.as_str(),
                        group = group.as_str()
                    )
                } else {
                    crate::fl!(
                        "wizard-result-inactive",
                        name = c.display_name.as_str(),
                        group = group.as_str()
                    )
                })
                .style(if active {
                    style::text::success
                } else {
                    style::text::warning
                }),
            );
            col = col.push(
                container(
                    column![
                        line(crate::fl!("plan-display-name"), c.display_name.clone()),
                        line(crate::fl!("field-group"), group.clone()),
                        line(crate::fl!("wizard-result-status"), status_text(c.status)),
                        line(
                            crate::fl!("wizard-result-version"),
                            c.version
                                .clone()
                                .unwrap_or_else(|| crate::fl!("wizard-result-version-unknown"))
                        ),
                        line(
                            crate::fl!("wizard-result-last-connection"),
                            c.last_connected
                                .map(show_date)
                                .unwrap_or_else(|| crate::fl!("wizard-result-never"))
                        ),
                        line(crate::fl!("wizard-result-id"), c.id.to_string()),
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
        button(text(crate::fl!("wizard-result-refresh")))
            .style(style::button::secondary)
            .on_press(WizardMessage::Result(Message::RefreshPressed)),
    );
    if state.wizard.is_register_only() {
        col = col.push(register_only_block(state));
    }
    col.into()
}

/// After "register only": what happens next, and the two ways to hand this server's address and
/// certificate to the secondary's administrator.
fn register_only_block(state: &State) -> Element<'_, WizardMessage> {
    let mut block = column![
        text(crate::fl!("wizard-result-register-only")),
        row![
            button(text(crate::fl!("wizard-result-save-certificate")))
                .style(style::button::secondary)
                .on_press(WizardMessage::Result(Message::SaveCertificatePressed)),
            button(text(crate::fl!("wizard-result-export-join-file")))
                .style(style::button::secondary)
                .on_press(WizardMessage::Result(Message::ExportJoinFilePressed)),
        ]
        .spacing(style::GAP),
    ]
    .spacing(style::GAP);
    if let Some(field) = super::credentials::primary_certificate_path_view(state) {
        block = block.push(field);
    }
    if let Some((ok, note)) = &state.saved_note {
        block = block.push(text(note.clone()).style(if *ok {
            style::text::success
        } else {
            style::text::error
        }));
    }
    container(block)
        .padding(12)
        .width(Length::Fill)
        .style(style::container::card)
        .into()
}
