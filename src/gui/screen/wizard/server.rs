//! Step 2: the secondary server: DMZ, display name, address, SSL and Open API ports.

use iced::Element;
use iced::widget::{button, checkbox, column, row, text};

use super::{Action, Message as WizardMessage, State};
use crate::gui::style;
use crate::gui::widget::field::text_field;
use crate::hierarchy::wizard::Input;

/// What happened on this step.
#[derive(Clone, Debug)]
pub enum Message {
    /// DMZ was toggled.
    DmzToggled(bool),
    /// The display name was edited.
    DisplayNameChanged(String),
    /// The address was edited.
    AddressChanged(String),
    /// The SSL port was edited.
    SslPortChanged(String),
    /// The Open API port was edited.
    ApiPortChanged(String),
}

/// Handles a message of this step.
pub fn update(state: &mut State, message: Message) -> Action {
    let w = &mut state.wizard;
    match message {
        Message::DmzToggled(v) => {
            w.form.dmz = v;
            if v {
                w.touch(Input::SecondaryAddress);
            }
        }
        Message::DisplayNameChanged(v) => {
            w.form.display_name = v;
            w.touch(Input::DisplayName);
        }
        Message::AddressChanged(v) => {
            w.form.secondary_address = v;
            w.touch(Input::SecondaryAddress);
            w.credentials_changed();
            state.secondary = None;
        }
        Message::SslPortChanged(v) => {
            w.form.ssl_port = v;
            w.touch(Input::SslPort);
        }
        Message::ApiPortChanged(v) => {
            w.form.api_port = v;
            w.touch(Input::ApiPort);
            w.credentials_changed();
            state.secondary = None;
        }
    }
    Action::None
}

/// Draws this step.
pub fn view(state: &State) -> Element<'_, WizardMessage> {
    let w = &state.wizard;
    let f = &w.form;
    let next = w.can_advance().then_some(WizardMessage::NextPressed);
    let explain = if f.dmz {
        crate::fl!("wizard-server-explain-dmz")
    } else {
        crate::fl!("wizard-server-explain")
    };
    let mut col = column![
        checkbox(f.dmz)
            .style(style::checkbox::normal)
            .label(crate::fl!("wizard-server-dmz"))
            .on_toggle(|v| WizardMessage::Server(Message::DmzToggled(v))),
        text(explain).style(style::text::muted),
        text_field(
            "server-name",
            crate::fl!("field-display-name"),
            &crate::fl!("wizard-server-name-placeholder"),
            &f.display_name,
            false,
            w.error_at(Input::DisplayName),
            |s| WizardMessage::Server(Message::DisplayNameChanged(s)),
            next.clone(),
        ),
        text_field(
            "server-address",
            if f.dmz {
                crate::fl!("field-secondary-address")
            } else {
                crate::fl!("wizard-server-address-optional")
            },
            "ksc-berlin.example.com",
            &f.secondary_address,
            false,
            w.error_at(Input::SecondaryAddress),
            |s| WizardMessage::Server(Message::AddressChanged(s)),
            next.clone(),
        ),
        text_field(
            "server-ssl-port",
            crate::fl!("field-ssl-port"),
            "13000",
            &f.ssl_port,
            false,
            w.error_at(Input::SslPort),
            |s| WizardMessage::Server(Message::SslPortChanged(s)),
            next.clone(),
        ),
        text_field(
            "server-api-port",
            crate::fl!("field-api-port"),
            "13299",
            &f.api_port,
            false,
            w.error_at(Input::ApiPort),
            |s| WizardMessage::Server(Message::ApiPortChanged(s)),
            next,
        ),
    ]
    .spacing(style::GAP);
    if let Some(busy) = &state.busy {
        col = col.push(text(busy.as_str()).style(style::text::muted));
    }
    if let Some(e) = &state.names_error {
        col = col.push(
            row![
                text(e.clone()).style(style::text::error),
                button(text(crate::fl!("wizard-try-again")))
                    .style(style::button::secondary)
                    .on_press(WizardMessage::Group(super::group::Message::RetryNames)),
            ]
            .spacing(style::GAP),
        );
    }
    col.into()
}
