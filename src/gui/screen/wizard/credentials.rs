//! Step 5: a user with rights on the secondary; the app logs in to check the credentials, with
//! the two-step verification code when the secondary asks for one, with the countdown of the
//! current code and a warning when the secondary's clock is off ([`crate::clock`]).

use std::path::PathBuf;
use std::time::SystemTime;

use iced::widget::{button, checkbox, column, container, row, text};
use iced::{Element, Length};

use super::{Action, Message as WizardMessage, State, Work};
use crate::clock::{self, ClockOffset};
use crate::gui::style;
use crate::gui::widget::field::text_field;
use crate::gui::widget::path_entry;
use crate::hierarchy::validate;
use crate::hierarchy::wizard::{Input, LoginCheck};
use crate::kloapi::{ConnectOptions, KscClient, KscError, LoginOutcome};
use crate::secrets::Secret;

/// What happened on this step.
// Messages and actions are moved once per event; boxing the large answers would only add noise.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
pub enum Message {
    /// The user was edited.
    UserChanged(String),
    /// The password was edited.
    PasswordChanged(Secret),
    /// "Domain or OS account" was toggled.
    DomainAccountToggled(bool),
    /// The domain was edited.
    DomainChanged(String),
    /// The code was edited.
    CodeChanged(Secret),
    /// "Check credentials" was pressed.
    CheckPressed,
    /// "Submit code" was pressed.
    CodeSubmitted,
    /// The login answered; with the secondary's clock against this computer's, when its reply
    /// was dated.
    LoginFinished(Result<LoginOutcome, KscError>, Option<ClockOffset>),
    /// A second passed while the code is asked for (this computer's clock then).
    ClockTicked(SystemTime),
    /// "Save the primary's certificate" was pressed.
    SavePrimaryCertificatePressed,
    /// The primary's certificate was saved (`None`: the dialog was closed).
    PrimaryCertificateSaved(Result<Option<PathBuf>, String>),
    /// Where to save the primary's certificate, typed where no save dialog could be shown.
    PrimaryCertificateTypedPath(path_entry::Message),
    /// "Register on this server only" was pressed.
    RegisterOnlyPressed,
}

/// Says what failed and what to try, as the Web Console's help advises.
pub fn describe_login_error(e: &KscError) -> String {
    match e {
        KscError::CertificateChanged { presented, .. } => crate::fl!(
            "wizard-credentials-certificate-changed",
            fingerprint = presented.colon_hex()
        ),
        KscError::Net(_) | KscError::Timeout { .. } => {
            crate::fl!("wizard-credentials-unreachable", error = e.to_string())
        }
        _ => e.to_string(),
    }
}

fn primary_pem(w: &crate::hierarchy::wizard::Wizard) -> String {
    pem::encode_config(
        &pem::Pem::new("CERTIFICATE", w.primary.certificate.clone()),
        pem::EncodeConfig::new().set_line_ending(pem::LineEnding::LF),
    )
}

/// The field for where to save the primary's certificate, when no save dialog could be shown.
pub fn primary_certificate_path_view(state: &State) -> Option<Element<'_, WizardMessage>> {
    state
        .primary_certificate_path
        .view(PRIMARY_CERTIFICATE_PATH_ID, "klserver.cer".into(), |m| {
            WizardMessage::Credentials(Message::PrimaryCertificateTypedPath(m))
        })
}

/// The input of the primary certificate's path (shown when no save dialog could be shown).
pub const PRIMARY_CERTIFICATE_PATH_ID: &str = "wizard-primary-certificate-path";

/// Handles a message of this step.
pub fn update(state: &mut State, message: Message) -> Action {
    let w = &mut state.wizard;
    let mut changed = false;
    match message {
        Message::UserChanged(v) => {
            w.form.user = v;
            w.touch(Input::User);
            changed = true;
        }
        Message::PasswordChanged(v) => {
            w.form.password = v;
            changed = true;
        }
        Message::DomainAccountToggled(v) => {
            w.form.internal = !v;
            changed = true;
        }
        Message::DomainChanged(v) => {
            w.form.domain = v;
            changed = true;
        }
        Message::CodeChanged(v) => w.form.code = v,
        Message::CheckPressed => {
            let Some((host, port, pin)) = w.login_target() else {
                return Action::None;
            };
            if validate::user(validate::Field::User, &w.form.user).is_err() {
                w.touch(Input::User);
                return Action::None;
            }
            let mut opts = ConnectOptions::new(host, pin);
            opts.port = port;
            match KscClient::new(opts) {
                Ok(client) => {
                    w.login = LoginCheck::Checking;
                    state.pending_login = Some(client.clone());
                    state.secondary = None;
                    state.secondary_clock = None;
                    state.now = None;
                    state.code_sent = false;
                    // A code typed for an earlier login is of no use to this one.
                    w.form.code = Secret::default();
                    return Action::Run(Work::Login {
                        client,
                        credentials: w.credentials(),
                    });
                }
                Err(e) => w.login = LoginCheck::Failed(e.to_string()),
            }
        }
        Message::CodeSubmitted => {
            let (Some(length), Some(client)) = (w.code_length(), state.pending_login.clone())
            else {
                return Action::None;
            };
            if let Ok(code) = validate::totp_code(w.form.code.expose(), length) {
                w.login = LoginCheck::Checking;
                state.code_sent = true;
                return Action::Run(Work::SubmitCode {
                    client,
                    code: Secret::new(code),
                });
            }
        }
        Message::ClockTicked(now) => state.now = Some(now),
        Message::LoginFinished(r, clock) => {
            if w.login != LoginCheck::Checking {
                // The inputs changed meanwhile: this answer is about other credentials.
                return Action::None;
            }
            if clock.is_some() {
                state.secondary_clock = clock;
            }
            w.login = match r {
                Ok(LoginOutcome::LoggedIn) => {
                    state.secondary = state.pending_login.take();
                    LoginCheck::Verified
                }
                Ok(LoginOutcome::CodeRequired { length }) => {
                    w.code_asked = true;
                    LoginCheck::CodeRequired { length }
                }
                Ok(LoginOutcome::WrongCode { length }) => {
                    w.form.code = Secret::default();
                    LoginCheck::WrongCode { length }
                }
                Ok(LoginOutcome::TwoFactorNotConfigured) => {
                    state.pending_login = None;
                    LoginCheck::TwoFactorNotConfigured
                }
                Err(e) => {
                    state.pending_login = None;
                    LoginCheck::Failed(match &e {
                        // The secondary dropped the unfinished login after codes it refused.
                        KscError::SessionEnded { at, .. } if state.code_sent => {
                            crate::fl!("two-step-login-ended", server = at.host.clone())
                        }
                        _ => describe_login_error(&e),
                    })
                }
            };
        }
        Message::SavePrimaryCertificatePressed => {
            return Action::Run(Work::SavePrimaryCertificate {
                pem: primary_pem(w),
            });
        }
        Message::RegisterOnlyPressed => {
            if w.choose_register_only() {
                state.pending_login = None;
                state.secondary = None;
                return super::summary::start_preflight(state);
            }
        }
        Message::PrimaryCertificateTypedPath(m) => {
            if let Some(path) = state.primary_certificate_path.update(m) {
                return Action::Run(Work::WritePrimaryCertificate {
                    path,
                    pem: primary_pem(w),
                });
            }
        }
        Message::PrimaryCertificateSaved(r) => {
            state.saved_note = match r {
                Ok(None) => None,
                Ok(Some(path)) => Some((
                    true,
                    crate::fl!(
                        "wizard-credentials-saved-as",
                        path = path.display().to_string()
                    ),
                )),
                Err(e) => Some((false, e)),
            };
        }
    }
    if changed {
        w.credentials_changed();
        state.pending_login = None;
        state.secondary = None;
        state.code_sent = false;
    }
    Action::None
}

/// The warning about the secondary's clock, when it differs from this computer's by more than
/// the codes bear.
pub fn clock_warning(state: &State) -> Option<String> {
    let server = state.wizard.form.secondary_address.trim();
    state.secondary_clock.and_then(|c| c.warning(server))
}

/// Draws this step.
pub fn view(state: &State) -> Element<'_, WizardMessage> {
    let w = &state.wizard;
    let f = &w.form;
    let checking = w.login == LoginCheck::Checking;
    let can_check = !checking
        && w.login_target().is_some()
        && validate::user(validate::Field::User, &f.user).is_ok();
    let submit = if w.login == LoginCheck::Verified {
        Some(WizardMessage::NextPressed)
    } else {
        can_check.then_some(WizardMessage::Credentials(Message::CheckPressed))
    };
    let m = |f: fn(String) -> Message| move |s| WizardMessage::Credentials(f(s));
    let mut col = column![
        text(crate::fl!("wizard-credentials-intro")).style(style::text::muted),
        text_field(
            "secondary-user",
            crate::fl!("field-user"),
            &crate::fl!("wizard-credentials-user-placeholder"),
            &f.user,
            false,
            w.error_at(Input::User),
            m(Message::UserChanged),
            submit.clone(),
        ),
        text_field(
            "secondary-password",
            crate::fl!("wizard-credentials-password"),
            "",
            f.password.expose(),
            true,
            None,
            |s| WizardMessage::Credentials(Message::PasswordChanged(Secret::new(s))),
            submit.clone(),
        ),
        checkbox(!f.internal)
            .style(style::checkbox::normal)
            .label(crate::fl!("wizard-credentials-domain-account"))
            .on_toggle(|v| WizardMessage::Credentials(Message::DomainAccountToggled(v))),
    ]
    .spacing(style::GAP);
    if !f.internal {
        col = col.push(text_field(
            "secondary-domain",
            crate::fl!("wizard-credentials-domain"),
            "CORP",
            &f.domain,
            false,
            None,
            m(Message::DomainChanged),
            submit.clone(),
        ));
    }
    if let Some(length) = w.code_length() {
        let valid = validate::totp_code(f.code.expose(), length).is_ok() && !checking;
        col = col.push(text(crate::fl!(
            "wizard-credentials-code-asked",
            length = length
        )));
        if let Some(warning) = clock_warning(state) {
            col = col.push(text(warning).style(style::text::warning));
        }
        col = col.push(text_field(
            "secondary-code",
            crate::fl!("field-code"),
            "123456",
            f.code.expose(),
            false,
            w.error_at(Input::Code),
            |s| WizardMessage::Credentials(Message::CodeChanged(Secret::new(s))),
            valid.then_some(WizardMessage::Credentials(Message::CodeSubmitted)),
        ));
        if let Some(now) = state.now {
            col = col.push(
                text(clock::countdown_text(state.secondary_clock, now)).style(style::text::muted),
            );
        }
        col = col.push(
            button(text(crate::fl!("wizard-credentials-submit-code")))
                .style(style::button::primary)
                .on_press_maybe(
                    valid.then_some(WizardMessage::Credentials(Message::CodeSubmitted)),
                ),
        );
    } else {
        col = col.push(
            button(text(crate::fl!("wizard-credentials-check")))
                .style(style::button::secondary)
                .on_press_maybe(
                    can_check.then_some(WizardMessage::Credentials(Message::CheckPressed)),
                ),
        );
    }
    match &w.login {
        LoginCheck::Verified => {
            col = col
                .push(text(crate::fl!("wizard-credentials-verified")).style(style::text::success))
        }
        LoginCheck::TwoFactorNotConfigured => {
            let mut advice = column![
                text(crate::fl!("wizard-credentials-two-step-title")).size(style::HEADING_SIZE),
                text(crate::fl!("wizard-credentials-two-step-advice")),
                row![
                    button(text(crate::fl!(
                        "wizard-credentials-save-primary-certificate"
                    )))
                    .style(style::button::secondary)
                    .on_press(WizardMessage::Credentials(
                        Message::SavePrimaryCertificatePressed
                    ))
                ],
            ]
            .spacing(style::GAP);
            if let Some(field) = primary_certificate_path_view(state) {
                advice = advice.push(field);
            }
            if let Some((ok, note)) = &state.saved_note {
                advice = advice.push(text(note.clone()).style(if *ok {
                    style::text::success
                } else {
                    style::text::error
                }));
            }
            col = col.push(container(advice).padding(12).style(style::container::alarm));
        }
        _ => {
            if let Some(e) = w.error_at(Input::Login) {
                let failed = matches!(w.login, LoginCheck::Failed(_));
                let look = if failed {
                    style::text::error
                } else {
                    style::text::muted
                };
                col = col.push(text(e).style(look));
                // Codes refused until the secondary gave up: the clock may be why.
                if failed
                    && state.code_sent
                    && let Some(warning) = clock_warning(state)
                {
                    col = col.push(text(warning).style(style::text::warning));
                }
            }
        }
    }
    if w.can_register_only() {
        let mut block = column![].spacing(style::GAP);
        let needs_confirmation = w.register_only_needs_confirmation();
        if let Some(c) = &w.form.certificate
            && w.register_only_unverified_certificate()
        {
            // Nothing else checks the certificate when the secondary is not logged in to.
            block = block
                .push(text(crate::fl!(
                    "wizard-credentials-register-only-compare",
                    fingerprint = c.details.sha256_colon()
                )))
                .push(
                    checkbox(c.confirmed)
                        .style(style::checkbox::normal)
                        .label(crate::fl!("wizard-certificate-confirm"))
                        .on_toggle(|v| {
                            WizardMessage::Certificate(super::certificate::Message::ConfirmToggled(
                                v,
                            ))
                        }),
                );
        }
        block = block
            .push(row![
                button(text(crate::fl!("wizard-credentials-register-only")))
                    .style(style::button::secondary)
                    .on_press_maybe(
                        (!needs_confirmation)
                            .then_some(WizardMessage::Credentials(Message::RegisterOnlyPressed))
                    )
            ])
            .push(
                text(crate::fl!("wizard-credentials-register-only-hint")).style(style::text::muted),
            );
        col = col.push(
            container(block)
                .padding(12)
                .width(Length::Fill)
                .style(style::container::card),
        );
    }
    col.into()
}
