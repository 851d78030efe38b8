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
                    state.proxy_note = Some((
                        true,
                        "The proxy password was filled in from the system keyring.".into(),
                    ));
                }
            }
            Ok(None) => {}
            Err(e) => {
                state.proxy_note = Some((
                    false,
                    format!(
                        "The saved proxy password could not be read from the system keyring: {e}"
                    ),
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
            "In DMZ mode the primary connects to the secondary; the secondary still keeps the \
             primary's address and certificate to recognise it."
        } else {
            "The secondary server connects to the primary at this address and SSL port."
        })
        .style(style::text::muted),
        text_field(
            "primary-address",
            "Primary Administration Server address",
            "ksc.example.com",
            &f.primary_address,
            false,
            w.error_at(Input::PrimaryAddress),
            m(Message::PrimaryAddressChanged),
            next.clone(),
        ),
        text_field(
            "primary-ssl-port",
            "Primary Administration Server SSL port",
            "13000",
            &f.primary_ssl_port,
            false,
            w.error_at(Input::PrimarySslPort),
            m(Message::PrimarySslPortChanged),
            next.clone(),
        ),
        checkbox(f.use_proxy)
            .style(style::checkbox::normal)
            .label("The secondary server uses a proxy server to reach the primary")
            .on_toggle(|v| WizardMessage::Connection(Message::ProxyToggled(v))),
    ]
    .spacing(style::GAP);
    if f.use_proxy {
        col = col
            .push(text_field(
                "proxy-address",
                "Proxy server address",
                "proxy.example.com",
                &f.proxy_address,
                false,
                w.error_at(Input::ProxyAddress),
                m(Message::ProxyAddressChanged),
                next.clone(),
            ))
            .push(text_field(
                "proxy-port",
                "Proxy server port",
                "3128",
                &f.proxy_port,
                false,
                w.error_at(Input::ProxyPort),
                m(Message::ProxyPortChanged),
                next.clone(),
            ))
            .push(text_field(
                "proxy-user",
                "Proxy user name (optional)",
                "",
                &f.proxy_user,
                false,
                w.error_at(Input::ProxyUser),
                m(Message::ProxyUserChanged),
                next.clone(),
            ))
            .push(text_field(
                "proxy-password",
                "Proxy password",
                "",
                f.proxy_password.expose(),
                true,
                None,
                |s| WizardMessage::Connection(Message::ProxyPasswordChanged(Secret::new(s))),
                next,
            ))
            .push(
                text(
                    "The proxy password is written to the secondary encrypted for it, and kept \
                     in the system keyring for the next secondary; this app never writes it to \
                     its settings file.",
                )
                .style(style::text::muted),
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
