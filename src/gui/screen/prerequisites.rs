//! "Autotask integration prerequisites": the Autotask API user's credentials and the checklist
//! of [`crate::integration::prerequisites`], checked all at once, with the manual "Not required
//! to change password" item confirmed by the administrator after following its steps.

use iced::widget::{button, checkbox, column, container, row, scrollable, text};
use iced::{Element, Length};

use crate::autotask::{ClientOptions, Credentials, DEFAULT_DISCOVERY_URL, Trust};
use crate::gui::style;
use crate::gui::widget::field::text_field;
use crate::integration::prerequisites::{
    CheckId, CheckResults, CheckState, Checklist, PASSWORD_STEPS, run_checks,
};
use crate::kloapi::KscClient;
use crate::secrets::{AutotaskField, Secret, SecretKey};
use crate::tls::Pin;

/// The demo's simulated Autotask tenant: prefilled, and its certificate trusted by pin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoAutotask {
    /// Discovery URL of the simulated tenant.
    pub url: String,
    /// Its certificate.
    pub pin: Pin,
    /// The API user.
    pub user: String,
    /// Its secret.
    pub secret: Secret,
    /// The integration code.
    pub integration_code: Secret,
}

/// What happened on the page.
#[derive(Clone, Debug)]
pub enum Message {
    /// The user name was edited.
    UserNameChanged(String),
    /// The secret was edited.
    SecretChanged(Secret),
    /// The integration code was edited.
    IntegrationCodeChanged(Secret),
    /// The discovery URL was edited.
    DiscoveryUrlChanged(String),
    /// "Remember the secret and integration code" was toggled.
    RememberToggled(bool),
    /// "Check all" was pressed.
    CheckAllPressed,
    /// The checks finished.
    Checked(CheckResults),
    /// The manual item was (un)confirmed.
    PasswordConfirmed(bool),
    /// Secrets remembered for the user were read from the keyring.
    SecretsLoaded(Result<(Option<Secret>, Option<Secret>), String>),
    /// "Back" was pressed.
    BackPressed,
}

/// I/O of the page.
// Work is moved once per check run; boxing the options would only add noise.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Work {
    /// Run every automatic check.
    Check {
        /// The connected Administration Server.
        ksc: KscClient,
        /// How to reach Autotask.
        opts: ClientOptions,
        /// The API user.
        creds: Credentials,
    },
    /// Read the remembered secret and integration code of a user.
    LoadSecrets {
        /// The user name.
        user: String,
    },
}

impl Work {
    /// Performs the work.
    pub async fn run(self) -> Message {
        match self {
            Work::Check { ksc, opts, creds } => {
                Message::Checked(run_checks(&ksc, opts, creds).await)
            }
            Work::LoadSecrets { user } => {
                let secret = load_secret(&user, AutotaskField::Secret).await;
                let code = match &secret {
                    Ok(_) => load_secret(&user, AutotaskField::IntegrationCode).await,
                    Err(e) => Err(e.clone()),
                };
                Message::SecretsLoaded(secret.and_then(|s| code.map(|c| (s, c))))
            }
        }
    }
}

async fn load_secret(user: &str, field: AutotaskField) -> Result<Option<Secret>, String> {
    crate::secrets::load(&SecretKey::autotask(user, field))
        .await
        .map_err(|e| e.to_string())
}

/// What the shell should do.
#[derive(Debug)]
pub enum Action {
    /// Nothing.
    None,
    /// Run this work.
    Run(Work),
    /// Run the checks, and remember the user name in the settings and these secrets in the OS
    /// keyring (empty when "remember" is not ticked).
    CheckAndRemember {
        /// The checks.
        work: Work,
        /// The user name for the settings.
        user_name: String,
        /// Keyring entries to store.
        secrets: Vec<(SecretKey, Secret)>,
    },
    /// Back to the home screen.
    Close,
}

/// The page.
#[derive(Debug)]
pub struct State {
    ksc: KscClient,
    /// The API user's user name.
    pub user_name: String,
    secret: Secret,
    integration_code: Secret,
    /// The discovery URL.
    pub discovery_url: String,
    /// Whether the secret and integration code go to the OS keyring.
    pub remember: bool,
    demo: Option<(String, Pin)>,
    /// The checklist.
    pub checklist: Checklist,
    running: bool,
    notice: Option<String>,
}

impl State {
    /// The page for the connected server `ksc`, with the remembered user name and the demo's
    /// tenant (which prefills everything).
    pub fn new(ksc: KscClient, user_name: Option<String>, demo: Option<&DemoAutotask>) -> Self {
        let mut s = Self {
            ksc,
            user_name: user_name.unwrap_or_default(),
            secret: Secret::new(String::new()),
            integration_code: Secret::new(String::new()),
            discovery_url: DEFAULT_DISCOVERY_URL.to_string(),
            remember: false,
            demo: None,
            checklist: Checklist::new(),
            running: false,
            notice: None,
        };
        if let Some(d) = demo {
            s.user_name = d.user.clone();
            s.secret = d.secret.clone();
            s.integration_code = d.integration_code.clone();
            s.discovery_url = d.url.clone();
            s.demo = Some((d.url.clone(), d.pin));
        }
        s
    }

    /// Work to run when the page opens: the remembered secrets of the remembered user.
    pub fn open(&self) -> Option<Work> {
        (self.demo.is_none() && !self.user_name.trim().is_empty()).then(|| Work::LoadSecrets {
            user: self.user_name.trim().to_string(),
        })
    }

    fn options(&self) -> ClientOptions {
        let url = self.discovery_url.trim();
        let trust = match &self.demo {
            Some((demo_url, pin)) if demo_url == url => Trust::Pinned(*pin),
            _ => Trust::Platform,
        };
        let mut url = url.to_string();
        if !url.ends_with('/') {
            url.push('/');
        }
        ClientOptions::new(&url, trust)
    }

    /// Handles a message.
    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::UserNameChanged(v) => self.user_name = v,
            Message::SecretChanged(v) => self.secret = v,
            Message::IntegrationCodeChanged(v) => self.integration_code = v,
            Message::DiscoveryUrlChanged(v) => self.discovery_url = v,
            Message::RememberToggled(v) => self.remember = v,
            Message::PasswordConfirmed(v) => self.checklist.confirm_password_setting(v),
            // Enter presses "Check all" too, also while a run is going.
            Message::CheckAllPressed if self.running => {}
            Message::CheckAllPressed => {
                self.running = true;
                self.notice = None;
                self.checklist.start_checking();
                let user_name = self.user_name.trim().to_string();
                let creds = Credentials {
                    user_name: user_name.clone(),
                    secret: self.secret.clone(),
                    integration_code: self.integration_code.clone(),
                };
                let work = Work::Check {
                    ksc: self.ksc.clone(),
                    opts: self.options(),
                    creds,
                };
                let secrets = if self.remember && !user_name.is_empty() {
                    vec![
                        (
                            SecretKey::autotask(&user_name, AutotaskField::Secret),
                            self.secret.clone(),
                        ),
                        (
                            SecretKey::autotask(&user_name, AutotaskField::IntegrationCode),
                            self.integration_code.clone(),
                        ),
                    ]
                } else {
                    Vec::new()
                };
                return Action::CheckAndRemember {
                    work,
                    user_name,
                    secrets,
                };
            }
            Message::Checked(results) => {
                self.running = false;
                self.checklist.apply(&results);
            }
            Message::SecretsLoaded(Ok((secret, code))) => {
                if let Some(s) = secret {
                    self.secret = s;
                    self.remember = true;
                }
                if let Some(c) = code {
                    self.integration_code = c;
                }
            }
            Message::SecretsLoaded(Err(e)) => {
                self.notice = Some(format!("The remembered secret could not be read: {e}"));
            }
            Message::BackPressed => return Action::Close,
        }
        Action::None
    }

    fn row<'a>(&'a self, id: CheckId, state: &'a CheckState) -> Element<'a, Message> {
        let (mark, detail): (Element<'a, Message>, Element<'a, Message>) = match state {
            CheckState::NotChecked => (
                text("○").style(style::text::muted).into(),
                text("not checked").style(style::text::muted).into(),
            ),
            CheckState::Checking => (text("…").into(), text("checking…").into()),
            CheckState::Ok(d) => (
                text("✓").style(style::text::success).into(),
                text(d.as_str()).style(style::text::muted).into(),
            ),
            CheckState::Problem { what, what_to_do } => (
                text("✗").style(style::text::error).into(),
                column![
                    text(what.as_str()).style(style::text::error),
                    text(format!("What to do: {what_to_do}")),
                ]
                .spacing(2)
                .into(),
            ),
        };
        let title: Element<'a, Message> = if id.is_manual() {
            checkbox(state.is_ok())
                .style(style::checkbox::normal)
                .label(id.title())
                .on_toggle(Message::PasswordConfirmed)
                .into()
        } else {
            text(id.title()).into()
        };
        let mut body = column![title, detail].spacing(2).width(Length::Fill);
        if id.is_manual() {
            for (i, step) in PASSWORD_STEPS.iter().enumerate() {
                body = body.push(text(format!("{}. {step}", i + 1)).size(style::SMALL_SIZE));
            }
        }
        container(row![container(mark).width(24), body].spacing(style::GAP))
            .padding(8)
            .width(Length::Fill)
            .style(style::container::card)
            .into()
    }

    /// Draws the page.
    pub fn view(&self) -> Element<'_, Message> {
        let form = column![
            text_field(
                "autotask-user",
                "API user name",
                "abc123@example.com",
                &self.user_name,
                false,
                None,
                Message::UserNameChanged,
                None,
            ),
            text_field(
                "autotask-secret",
                "Secret",
                "",
                self.secret.expose(),
                true,
                None,
                |s| Message::SecretChanged(Secret::new(s)),
                None,
            ),
            text_field(
                "autotask-code",
                "Integration code (API tracking identifier)",
                "",
                self.integration_code.expose(),
                true,
                None,
                |s| Message::IntegrationCodeChanged(Secret::new(s)),
                None,
            ),
            text_field(
                "autotask-url",
                "Discovery URL",
                DEFAULT_DISCOVERY_URL,
                &self.discovery_url,
                false,
                None,
                Message::DiscoveryUrlChanged,
                None,
            ),
            checkbox(self.remember)
                .style(style::checkbox::normal)
                .label("Remember the secret and integration code in the system keyring")
                .on_toggle(Message::RememberToggled),
        ]
        .spacing(style::GAP);
        let mut list = column![].spacing(style::GAP);
        for (id, state) in self.checklist.items() {
            list = list.push(self.row(*id, state));
        }
        let mut col = column![
            text("Autotask integration prerequisites").size(style::TITLE_SIZE),
            text(
                "Use a dedicated Autotask user with the API User security level, set as Not \
                 required to change password. Each client company needs its own virtual server \
                 and an active customer account in Autotask."
            ),
            form,
            row![
                button("Check all")
                    .style(style::button::primary)
                    .on_press_maybe((!self.running).then_some(Message::CheckAllPressed)),
                button("Back")
                    .style(style::button::secondary)
                    .on_press(Message::BackPressed),
            ]
            .spacing(style::GAP),
        ]
        .spacing(style::SECTION)
        .padding(style::PAGE_PADDING)
        .width(Length::Fill);
        if let Some(n) = &self.notice {
            col = col.push(text(n.as_str()).style(style::text::warning));
        }
        col = col.push(list);
        scrollable(col).style(style::scrollable::page).into()
    }
}
