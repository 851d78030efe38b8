//! Step 3: the secondary's certificate, fetched from it (then confirmed) or read from a file.

use std::path::PathBuf;

use iced::Element;
use iced::widget::{button, checkbox, column, row, text};

use super::{Action, Message as WizardMessage, State, Work};
use crate::cert::CertificateDetails;
use crate::gui::style;
use crate::gui::widget::{cert_card, path_entry};
use crate::hierarchy::wizard::{CertificateSource, Input};

/// What happened on this step.
#[derive(Clone, Debug)]
pub enum Message {
    /// "Get from secondary Administration Server" was pressed.
    FetchPressed,
    /// The certificate was fetched (or not).
    Fetched(Result<Box<CertificateDetails>, String>),
    /// "Browse for the certificate file" was pressed.
    BrowsePressed,
    /// A file was chosen in the dialog (`None`: the dialog was closed).
    FileChosen(Option<PathBuf>),
    /// The path field shown when no file dialog could be shown.
    TypedPath(path_entry::Message),
    /// The file was read.
    FileLoaded(PathBuf, Result<Box<CertificateDetails>, String>),
    /// "I compared the fingerprint" was toggled.
    ConfirmToggled(bool),
}

/// The input of the certificate file's path (shown when no file dialog could be shown).
pub const CERTIFICATE_PATH_ID: &str = "wizard-certificate-path";

/// Handles a message of this step.
pub fn update(state: &mut State, message: Message) -> Action {
    match message {
        Message::FetchPressed => match state.wizard.fetch_target() {
            Some((host, port)) => {
                state.busy = Some(crate::fl!("wizard-certificate-fetching"));
                state.certificate_error = None;
                Action::Run(Work::FetchCertificate { host, port })
            }
            None => Action::None,
        },
        Message::Fetched(r) => {
            state.busy = None;
            match (r, state.wizard.fetch_target()) {
                (Ok(details), Some((host, port))) => {
                    state.certificate_error = None;
                    state.secondary = None;
                    state
                        .wizard
                        .set_certificate(*details, CertificateSource::Fetched { host, port });
                }
                (Ok(_), None) => {}
                (Err(e), _) => {
                    state.certificate_error =
                        Some(crate::fl!("wizard-certificate-fetch-failed", error = e))
                }
            }
            Action::None
        }
        Message::BrowsePressed => Action::Run(Work::PickCertificateFile),
        Message::FileChosen(None) => Action::None,
        Message::TypedPath(m) => match state.certificate_path.update(m) {
            Some(path) => update(state, Message::FileChosen(Some(path))),
            None => Action::None,
        },
        Message::FileChosen(Some(path)) => {
            state.busy = Some(crate::fl!("wizard-certificate-reading-file"));
            state.certificate_error = None;
            Action::Run(Work::LoadCertificateFile(path))
        }
        Message::FileLoaded(path, r) => {
            state.busy = None;
            match r {
                Ok(details) => {
                    state.certificate_error = None;
                    state.secondary = None;
                    state
                        .wizard
                        .set_certificate(*details, CertificateSource::File(path));
                }
                Err(e) => state.certificate_error = Some(e),
            }
            Action::None
        }
        Message::ConfirmToggled(v) => {
            state.wizard.confirm_certificate(v);
            Action::None
        }
    }
}

/// Draws this step.
pub fn view(state: &State) -> Element<'_, WizardMessage> {
    let w = &state.wizard;
    let mut col = column![
        text(crate::fl!("wizard-certificate-intro")),
        row![
            button(text(crate::fl!("wizard-certificate-fetch")))
                .style(style::button::secondary)
                .on_press_maybe(
                    (w.can_fetch_certificate() && state.busy.is_none())
                        .then_some(WizardMessage::Certificate(Message::FetchPressed))
                ),
            button(text(crate::fl!("wizard-certificate-browse")))
                .style(style::button::secondary)
                .on_press_maybe(
                    state
                        .busy
                        .is_none()
                        .then_some(WizardMessage::Certificate(Message::BrowsePressed))
                ),
        ]
        .spacing(style::GAP),
    ]
    .spacing(style::GAP);
    if let Some(entry) = state.certificate_path.view(
        CERTIFICATE_PATH_ID,
        crate::fl!("dialog-path-placeholder"),
        |m| WizardMessage::Certificate(Message::TypedPath(m)),
    ) {
        col = col.push(entry);
    }
    if !w.can_fetch_certificate() {
        col = col
            .push(text(crate::fl!("wizard-certificate-needs-address")).style(style::text::muted));
    }
    if let Some(busy) = &state.busy {
        col = col.push(text(busy.as_str()).style(style::text::muted));
    }
    if let Some(e) = &state.certificate_error {
        col = col.push(text(e.clone()).style(style::text::error));
    }
    if let Some(c) = &w.form.certificate {
        let source = match &c.source {
            CertificateSource::File(p)
            | CertificateSource::Drive(p)
            | CertificateSource::JoinFile(p) => crate::fl!(
                "wizard-certificate-from-file",
                path = p.display().to_string()
            ),
            CertificateSource::OnServer => crate::fl!("secondary-source-server"),
            CertificateSource::Fetched { host, port } => crate::fl!(
                "wizard-certificate-presented-by",
                address = crate::hierarchy::validate::host_port(host, *port)
            ),
        };
        col = col.push(text(source));
        col = col.push(cert_card::view(&c.details, &c.warnings()));
        if matches!(c.source, CertificateSource::Fetched { .. }) {
            col = col.push(
                checkbox(c.confirmed)
                    .style(style::checkbox::normal)
                    .label(crate::fl!("wizard-certificate-confirm"))
                    .on_toggle(|v| WizardMessage::Certificate(Message::ConfirmToggled(v))),
            );
        }
    }
    if let Some(e) = w.error_at(Input::Certificate) {
        col = col.push(text(e).style(style::text::error));
    }
    col.into()
}
