//! Step 4: how the secondary reaches the primary: the primary's address and port, a proxy.

use iced::Element;
use iced::widget::{checkbox, column, text};

use super::{Action, Message as WizardMessage, State};
use crate::gui::style;
use crate::gui::widget::field::text_field;
use crate::hierarchy::wizard::Input;
use crate::secrets::{Secret, SecretKey};

/// What happened on this step.
#[derive(Clone, Debug)]
pub enum Message {
    /// The primary's address was edited.
    PrimaryAddressChanged(String),
    /// The primary's SSL port was edited.
    PrimarySslPortChanged(String),
    /// "Use proxy server" was toggled.
    ProxyToggled(bool),
    /// The proxy address was edited.
    ProxyAddressChanged(String),
    /// The proxy port was edited.
    ProxyPortChanged(String),
    /// The proxy user was edited.
    ProxyUserChanged(String),
    /// The proxy password was edited.
    ProxyPasswordChanged(Secret),
    /// The proxy password kept in the keyring for this key was read (`None`: none kept).
    ProxyPasswordLoaded(SecretKey, Result<Option<Secret>, String>),
}

/// Handles a message of this step.
pub fn update(state: &mut State, message: Message) -> Action {
    let w = &mut state.wizard;
    match message {
        Message::PrimaryAddressChanged(v) => {
            w.form.primary_address = v;
            w.touch(Input::PrimaryAddress);
        }
        Message::PrimarySslPortChanged(v) => {
            w.form.primary_ssl_port = v;
            w.touch(Input::PrimarySslPort);
        }
        Message::ProxyToggled(v) => w.form.use_proxy = v,
        Message::ProxyAddressChanged(v) => {
            w.form.proxy_address = v;
            w.touch(Input::ProxyAddress);
        }
        Message::ProxyPortChanged(v) => {
            w.form.proxy_port = v;
            w.touch(Input::ProxyPort);
        }
        Message::ProxyUserChanged(v) => {
            w.form.proxy_user = v;
            w.touch(Input::ProxyUser);
        }
        Message::ProxyPasswordChanged(v) => {
            w.form.proxy_password = v;
            w.touch(Input::ProxyUser);
            state.proxy_note = None;
        }
        Message::ProxyPasswordLoaded(key, r) => match r {
            Ok(Some(password)) => {
                if w.prefill_proxy_password(&key, password) {
                    state.proxy_note =
                        Some((true, crate::fl!("wizard-connection-proxy-password-filled")));
                }
            }
            Ok(None) => {}
            Err(e) => {
                state.proxy_note = Some((
                    false,
                    crate::fl!("wizard-connection-proxy-password-unreadable", error = e),
                ))
            }
        },
    }
    Action::None
}

/// Draws this step.
pub fn view(state: &State) -> Element<'_, WizardMessage> {
    let w = &state.wizard;
    let f = &w.form;
    let next = w.can_advance().then_some(WizardMessage::NextPressed);
    let m = |f: fn(String) -> Message| move |s| WizardMessage::Connection(f(s));
    let mut col = column![
        text(if f.dmz {
            crate::fl!("wizard-connection-explain-dmz")
        } else {
            crate::fl!("wizard-connection-explain")
        })
        .style(style::text::muted),
        text_field(
            "primary-address",
            crate::fl!("field-primary-address"),
            "ksc.example.com",
            &f.primary_address,
            false,
            w.error_at(Input::PrimaryAddress),
            m(Message::PrimaryAddressChanged),
            next.clone(),
        ),
        text_field(
            "primary-ssl-port",
            crate::fl!("wizard-connection-primary-ssl-port"),
            "13000",
            &f.primary_ssl_port,
            false,
            w.error_at(Input::PrimarySslPort),
            m(Message::PrimarySslPortChanged),
            next.clone(),
        ),
        checkbox(f.use_proxy)
            .style(style::checkbox::normal)
            .label(crate::fl!("wizard-connection-use-proxy"))
            .on_toggle(|v| WizardMessage::Connection(Message::ProxyToggled(v))),
    ]
    .spacing(style::GAP);
    if f.use_proxy {
        col = col
            .push(text_field(
                "proxy-address",
                crate::fl!("field-proxy-address"),
                "proxy.example.com",
                &f.proxy_address,
                false,
                w.error_at(Input::ProxyAddress),
                m(Message::ProxyAddressChanged),
                next.clone(),
            ))
            .push(text_field(
                "proxy-port",
                crate::fl!("field-proxy-port"),
                "3128",
                &f.proxy_port,
                false,
                w.error_at(Input::ProxyPort),
                m(Message::ProxyPortChanged),
                next.clone(),
            ))
            .push(text_field(
                "proxy-user",
                crate::fl!("wizard-connection-proxy-user-optional"),
                "",
                &f.proxy_user,
                false,
                w.error_at(Input::ProxyUser),
                m(Message::ProxyUserChanged),
                next.clone(),
            ))
            .push(text_field(
                "proxy-password",
                crate::fl!("wizard-connection-proxy-password"),
                "",
                f.proxy_password.expose(),
                true,
                None,
                |s| WizardMessage::Connection(Message::ProxyPasswordChanged(Secret::new(s))),
                next,
            ))
            .push(
                text(crate::fl!("wizard-connection-proxy-password-note")).style(style::text::muted),
            );
        if let Some((ok, note)) = &state.proxy_note {
            col = col.push(text(note.clone()).style(if *ok {
                style::text::success
            } else {
                style::text::warning
            }));
        }
    }
    col.into()
}
