//! "Autotask integration prerequisites": the Autotask API user's credentials and the checklist
//! of [`crate::integration::prerequisites`], checked all at once, with the manual "Not required
//! to change password" item confirmed by the administrator after following its steps.
//!
//! The source of what is mapped is either the connected Administration Server or Kaspersky
//! Endpoint Security Cloud: its account e-mail and password (kept in the keyring, not verifiable
//! online) and a workspace list typed or imported from the console's CSV.

use std::path::PathBuf;

use iced::widget::{
    button, checkbox, column, container, row, scrollable, text, text_editor, text_input,
};
use iced::{Element, Length};

use crate::autotask::{ClientOptions, Credentials, DEFAULT_DISCOVERY_URL, Trust};
use crate::fl;
use crate::gui::dialog::{self, NoDialog};
use crate::gui::screen::mapping;
use crate::gui::style;
use crate::gui::widget::field::text_field;
use crate::gui::widget::path_entry::{self, PathEntry};
use crate::gui::widget::shortcuts::Shortcut;
use crate::integration::kes_cloud;
use crate::integration::prerequisites::{
    CheckId, CheckResults, CheckState, Checklist, password_steps, run_autotask_checks, run_checks,
};
use crate::kloapi::KscClient;
use crate::secrets::{AutotaskField, Secret, SecretKey};
use crate::settings::KesCloudSettings;
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

/// What is mapped to Autotask accounts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SourceKind {
    /// The virtual servers of the connected Administration Server.
    #[default]
    Ksc,
    /// Kaspersky Endpoint Security Cloud workspaces.
    KesCloud,
}

/// What happened on the page.
#[derive(Clone, Debug)]
pub enum Message {
    /// A source was chosen.
    SourceChosen(SourceKind),
    /// The KES Cloud e-mail was edited.
    KesEmailChanged(String),
    /// The KES Cloud password was edited.
    KesPasswordChanged(Secret),
    /// The workspace list was edited.
    WorkspacesEdited(text_editor::Action),
    /// "Import workspaces from CSV…" was pressed.
    ImportWorkspacesPressed,
    /// The workspace CSV to import (from the open dialog, or a test).
    WorkspaceCsvPicked(Option<PathBuf>),
    /// The workspace list's path typed where no file dialog could be shown.
    WorkspaceCsvTypedPath(path_entry::Message),
    /// The workspace CSV was read (or not).
    WorkspaceCsvRead(Result<(PathBuf, Vec<kes_cloud::Workspace>), String>),
    /// The remembered KES Cloud password was read.
    KesPasswordLoaded(Result<Option<Secret>, String>),
    /// "Map virtual servers to Autotask accounts" was pressed.
    MapPressed,
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
    /// Run the Autotask checks for KES Cloud workspaces.
    CheckAutotask {
        /// How to reach Autotask.
        opts: ClientOptions,
        /// The API user.
        creds: Credentials,
        /// How many workspaces are listed.
        workspaces: usize,
    },
    /// Read the remembered secret and integration code of a user.
    LoadSecrets {
        /// The user name.
        user: String,
    },
    /// Read the remembered password of a KES Cloud account.
    LoadKesPassword {
        /// The account e-mail.
        email: String,
    },
    /// Ask for a workspace CSV.
    PickWorkspaceCsv,
    /// Read a workspace CSV.
    ReadWorkspaceCsv(PathBuf),
}

impl Work {
    /// Performs the work.
    pub async fn run(self) -> Message {
        match self {
            Work::Check { ksc, opts, creds } => {
                Message::Checked(run_checks(&ksc, opts, creds).await)
            }
            Work::CheckAutotask {
                opts,
                creds,
                workspaces,
            } => Message::Checked(run_autotask_checks(opts, creds, workspaces).await),
            Work::LoadKesPassword { email } => Message::KesPasswordLoaded(
                crate::secrets::load(&SecretKey::kes_cloud(&email))
                    .await
                    .map_err(|e| e.to_string()),
            ),
            Work::PickWorkspaceCsv => {
                let filters = [("CSV".to_string(), &["csv", "txt"][..])];
                match dialog::pick(fl!("kes-import"), None, &filters).await {
                    Ok(picked) => Message::WorkspaceCsvPicked(picked),
                    Err(NoDialog) => Message::WorkspaceCsvTypedPath(path_entry::Message::NoDialog),
                }
            }
            Work::ReadWorkspaceCsv(path) => {
                let p = path.clone();
                // Read and parsed off the UI thread: the file may be large.
                let r = tokio::task::spawn_blocking(move || {
                    let bytes =
                        crate::integration::csv::read_import(&p).map_err(|e| e.to_string())?;
                    kes_cloud::import_csv(&String::from_utf8_lossy(&bytes))
                        .map_err(|e| e.to_string())
                })
                .await
                .map_err(|e| e.to_string())
                .and_then(|r| r);
                Message::WorkspaceCsvRead(r.map(|list| (path, list)))
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
    /// keyring (the Autotask ones only when "remember" is ticked; the KES Cloud password always).
    CheckAndRemember {
        /// The checks.
        work: Work,
        /// The user name for the settings.
        user_name: String,
        /// Keyring entries to store.
        secrets: Vec<(SecretKey, Secret)>,
        /// The KES Cloud source for the settings, when it is the one checked.
        kes_cloud: Option<KesCloudSettings>,
    },
    /// Open the mapping screen.
    OpenMapping {
        /// What is mapped.
        source: mapping::Source,
        /// How to reach Autotask.
        opts: ClientOptions,
        /// The API user.
        creds: Credentials,
    },
    /// Back to the home screen.
    Close,
}

/// The input of the workspace list's path (shown when no file dialog could be shown).
pub const WORKSPACE_CSV_PATH_ID: &str = "kes-workspaces-path";

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
    /// What is mapped.
    pub source: SourceKind,
    /// The KES Cloud account e-mail.
    pub kes_email: String,
    kes_password: Secret,
    workspaces: text_editor::Content,
    kes_notice: Option<String>,
    /// The workspace list's path, typed where no file dialog could be shown.
    workspace_csv_path: PathEntry,
    /// States of the KES Cloud items (credentials, workspaces), shown in place of the
    /// Administration Server's.
    kes_states: (CheckState, CheckState),
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
            source: SourceKind::Ksc,
            kes_email: String::new(),
            kes_password: Secret::new(String::new()),
            workspaces: text_editor::Content::new(),
            kes_notice: None,
            workspace_csv_path: PathEntry::default(),
            kes_states: (CheckState::NotChecked, CheckState::NotChecked),
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

    /// The remembered KES Cloud source (e-mail and workspaces); the page opens on it when it
    /// lists workspaces.
    pub fn with_kes_cloud(mut self, saved: &KesCloudSettings) -> Self {
        self.kes_email = saved.email.clone().unwrap_or_default();
        self.workspaces = text_editor::Content::with_text(&saved.workspaces.join("\n"));
        if !saved.workspaces.is_empty() {
            self.source = SourceKind::KesCloud;
        }
        self
    }

    /// Work to run when the page opens: the remembered secrets of the remembered user, and the
    /// remembered KES Cloud password.
    pub fn open(&self) -> Vec<Work> {
        let mut work = Vec::new();
        if self.demo.is_none() && !self.user_name.trim().is_empty() {
            work.push(Work::LoadSecrets {
                user: self.user_name.trim().to_string(),
            });
        }
        if let Ok(email) = kes_cloud::check_email(&self.kes_email) {
            work.push(Work::LoadKesPassword { email });
        }
        work
    }

    /// The workspace list as typed.
    pub fn workspaces_text(&self) -> String {
        self.workspaces.text()
    }

    /// Whether the mapping screen can open: the virtual servers (or workspaces) and the
    /// companies are known.
    pub fn can_map(&self) -> bool {
        self.checklist.state(CheckId::VirtualServers).is_ok()
            && self.checklist.state(CheckId::CompaniesQuery).is_ok()
    }

    fn credentials(&self) -> Credentials {
        Credentials {
            user_name: self.user_name.trim().to_string(),
            secret: self.secret.clone(),
            integration_code: self.integration_code.clone(),
        }
    }

    /// Checks the KES Cloud items here (nothing online can): the e-mail's format and a
    /// password, and a workspace list without duplicates.
    fn kes_local_checks(&mut self) -> Option<(String, Vec<kes_cloud::Workspace>)> {
        let email = kes_cloud::check_email(&self.kes_email);
        self.kes_states.0 = match &email {
            Ok(e) if !self.kes_password.expose().is_empty() => {
                CheckState::Ok(fl!("kes-credentials-ok", email = e.clone()))
            }
            Ok(_) => CheckState::Problem {
                what: fl!("kes-password-missing"),
                what_to_do: fl!("kes-credentials-todo"),
            },
            Err(e) => CheckState::Problem {
                what: e.to_string(),
                what_to_do: fl!("kes-credentials-todo"),
            },
        };
        let workspaces = kes_cloud::parse_typed(&self.workspaces.text());
        self.kes_states.1 = match &workspaces {
            Ok(w) => CheckState::Ok(fl!("count-workspaces", count = w.len())),
            Err(e) => CheckState::Problem {
                what: e.to_string(),
                what_to_do: fl!("kes-workspaces-todo"),
            },
        };
        self.apply_kes_states();
        let ws = workspaces.ok()?;
        match email {
            Ok(e) if !self.kes_password.expose().is_empty() => Some((e, ws)),
            _ => None,
        }
    }

    fn apply_kes_states(&mut self) {
        if self.source == SourceKind::KesCloud {
            self.checklist
                .set(CheckId::KscConnection, self.kes_states.0.clone());
            self.checklist
                .set(CheckId::VirtualServers, self.kes_states.1.clone());
        }
    }

    fn check_kes_cloud(&mut self) -> Action {
        let Some((email, workspaces)) = self.kes_local_checks() else {
            return Action::None;
        };
        self.running = true;
        self.notice = None;
        self.checklist.start_checking();
        self.apply_kes_states();
        let user_name = self.user_name.trim().to_string();
        let mut secrets = self.autotask_secrets(&user_name);
        secrets.push((SecretKey::kes_cloud(&email), self.kes_password.clone()));
        Action::CheckAndRemember {
            work: Work::CheckAutotask {
                opts: self.options(),
                creds: self.credentials(),
                workspaces: workspaces.len(),
            },
            user_name,
            secrets,
            kes_cloud: Some(KesCloudSettings {
                email: Some(email),
                workspaces: workspaces.into_iter().map(|w| w.name).collect(),
            }),
        }
    }

    fn autotask_secrets(&self, user_name: &str) -> Vec<(SecretKey, Secret)> {
        if self.remember && !user_name.is_empty() {
            vec![
                (
                    SecretKey::autotask(user_name, AutotaskField::Secret),
                    self.secret.clone(),
                ),
                (
                    SecretKey::autotask(user_name, AutotaskField::IntegrationCode),
                    self.integration_code.clone(),
                ),
            ]
        } else {
            Vec::new()
        }
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
            Message::SourceChosen(kind) => {
                if kind != self.source {
                    // The other source's results do not apply; the admin's confirmation does.
                    let confirmed = self.checklist.state(CheckId::PasswordNotRequired).is_ok();
                    self.source = kind;
                    self.checklist = Checklist::new();
                    self.checklist.confirm_password_setting(confirmed);
                    self.kes_states = (CheckState::NotChecked, CheckState::NotChecked);
                }
            }
            Message::KesEmailChanged(v) => self.kes_email = v,
            Message::KesPasswordChanged(v) => self.kes_password = v,
            Message::WorkspacesEdited(a) => self.workspaces.perform(a),
            Message::ImportWorkspacesPressed => return Action::Run(Work::PickWorkspaceCsv),
            Message::WorkspaceCsvPicked(Some(path)) => {
                return Action::Run(Work::ReadWorkspaceCsv(path));
            }
            Message::WorkspaceCsvPicked(None) => {}
            Message::WorkspaceCsvTypedPath(m) => {
                if let Some(path) = self.workspace_csv_path.update(m) {
                    return Action::Run(Work::ReadWorkspaceCsv(path));
                }
            }
            Message::WorkspaceCsvRead(Err(e)) => self.kes_notice = Some(e),
            Message::WorkspaceCsvRead(Ok((path, list))) => {
                let names: Vec<&str> = list.iter().map(|w| w.name.as_str()).collect();
                self.workspaces = text_editor::Content::with_text(&names.join("\n"));
                self.kes_notice = Some(fl!(
                    "kes-imported",
                    count = list.len(),
                    path = path.display().to_string()
                ));
            }
            Message::KesPasswordLoaded(Ok(Some(p))) => self.kes_password = p,
            Message::KesPasswordLoaded(Ok(None)) => {}
            Message::KesPasswordLoaded(Err(e)) => {
                self.kes_notice = Some(fl!("kes-password-unreadable", error = e));
            }
            Message::MapPressed => {
                if !self.can_map() {
                    return Action::None;
                }
                let source = match self.source {
                    SourceKind::Ksc => mapping::Source::Ksc(self.ksc.clone()),
                    SourceKind::KesCloud => match kes_cloud::parse_typed(&self.workspaces.text()) {
                        Ok(w) => mapping::Source::Workspaces(
                            w.iter().map(kes_cloud::Workspace::target).collect(),
                        ),
                        Err(_) => return Action::None,
                    },
                };
                return Action::OpenMapping {
                    source,
                    opts: self.options(),
                    creds: self.credentials(),
                };
            }
            Message::CheckAllPressed if self.source == SourceKind::KesCloud => {
                return self.check_kes_cloud();
            }
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
                let secrets = self.autotask_secrets(&user_name);
                return Action::CheckAndRemember {
                    work,
                    user_name,
                    secrets,
                    kes_cloud: None,
                };
            }
            Message::Checked(results) => {
                self.running = false;
                self.checklist.apply(&results);
                self.apply_kes_states();
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
                self.notice = Some(fl!("prereq-secret-unreadable", error = e));
            }
            Message::BackPressed => return Action::Close,
        }
        Action::None
    }

    fn title(&self, id: CheckId) -> String {
        match (self.source, id) {
            (SourceKind::KesCloud, CheckId::KscConnection) => fl!("kes-check-credentials"),
            (SourceKind::KesCloud, CheckId::VirtualServers) => fl!("kes-check-workspaces"),
            _ => id.title(),
        }
    }

    fn kes_form(&self) -> Element<'_, Message> {
        let mut col = column![
            text(fl!("kes-not-verifiable")).style(style::text::warning),
            row![
                text(fl!("kes-email")).width(style::LABEL_WIDTH),
                text_input("admin@example.com", &self.kes_email)
                    .id("kes-email")
                    .on_input(Message::KesEmailChanged)
                    .padding(6),
            ]
            .spacing(style::GAP),
            row![
                text(fl!("kes-password")).width(style::LABEL_WIDTH),
                text_input("", self.kes_password.expose())
                    .id("kes-password")
                    .secure(true)
                    .on_input(|s| Message::KesPasswordChanged(Secret::new(s)))
                    .padding(6),
            ]
            .spacing(style::GAP),
            text(fl!("kes-workspaces")),
            text_editor(&self.workspaces)
                .id("kes-workspaces")
                .height(140)
                .on_action(Message::WorkspacesEdited),
            button(text(fl!("kes-import")))
                .style(style::button::secondary)
                .on_press(Message::ImportWorkspacesPressed),
        ]
        .spacing(style::GAP);
        if let Some(field) = self.workspace_csv_path.view(
            WORKSPACE_CSV_PATH_ID,
            "workspaces.csv".into(),
            Message::WorkspaceCsvTypedPath,
        ) {
            col = col.push(field);
        }
        if let Some(n) = &self.kes_notice {
            col = col.push(text(n.as_str()).style(style::text::warning));
        }
        col.into()
    }

    fn row<'a>(&'a self, id: CheckId, state: &'a CheckState) -> Element<'a, Message> {
        let (mark, detail): (Element<'a, Message>, Element<'a, Message>) = match state {
            CheckState::NotChecked => (
                text("○").style(style::text::muted).into(),
                text(fl!("prereq-not-checked"))
                    .style(style::text::muted)
                    .into(),
            ),
            CheckState::Checking => (text("…").into(), text(fl!("prereq-checking")).into()),
            CheckState::Ok(d) => (
                text("✓").style(style::text::success).into(),
                text(d.as_str()).style(style::text::muted).into(),
            ),
            CheckState::Problem { what, what_to_do } => (
                text("✗").style(style::text::error).into(),
                column![
                    text(what.as_str()).style(style::text::error),
                    text(fl!("prereq-what-to-do", action = what_to_do.as_str())),
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
            text(self.title(id)).into()
        };
        let mut body = column![title, detail].spacing(2).width(Length::Fill);
        if id.is_manual() {
            for (number, step) in (1usize..).zip(password_steps()) {
                body = body.push(
                    text(fl!("prereq-password-step", number = number, step = step))
                        .size(style::SMALL_SIZE),
                );
            }
        }
        container(row![container(mark).width(24), body].spacing(style::GAP))
            .padding(8)
            .width(Length::Fill)
            .style(style::container::card)
            .into()
    }

    /// Enter is "Check all", Esc is Back.
    pub fn shortcut(&self, s: Shortcut) -> Option<Message> {
        match s {
            Shortcut::Default => Some(Message::CheckAllPressed),
            Shortcut::Cancel => Some(Message::BackPressed),
            Shortcut::Next | Shortcut::Back => None,
        }
    }

    /// Draws the page.
    pub fn view(&self) -> Element<'_, Message> {
        let form = column![
            text_field(
                "autotask-user",
                fl!("prereq-user-name"),
                "abc123@example.com",
                &self.user_name,
                false,
                None,
                Message::UserNameChanged,
                None,
            ),
            text_field(
                "autotask-secret",
                fl!("prereq-secret"),
                "",
                self.secret.expose(),
                true,
                None,
                |s| Message::SecretChanged(Secret::new(s)),
                None,
            ),
            text_field(
                "autotask-code",
                fl!("prereq-integration-code"),
                "",
                self.integration_code.expose(),
                true,
                None,
                |s| Message::IntegrationCodeChanged(Secret::new(s)),
                None,
            ),
            text_field(
                "autotask-url",
                fl!("prereq-discovery-url"),
                DEFAULT_DISCOVERY_URL,
                &self.discovery_url,
                false,
                None,
                Message::DiscoveryUrlChanged,
                None,
            ),
            checkbox(self.remember)
                .style(style::checkbox::normal)
                .label(fl!("prereq-remember"))
                .on_toggle(Message::RememberToggled),
        ]
        .spacing(style::GAP);
        let source_button = |kind: SourceKind, label: String| {
            button(text(label))
                .style(if self.source == kind {
                    style::button::primary
                } else {
                    style::button::secondary
                })
                .on_press(Message::SourceChosen(kind))
        };
        let sources = row![
            text(fl!("kes-source")).width(style::LABEL_WIDTH),
            source_button(SourceKind::Ksc, fl!("kes-source-ksc")),
            source_button(SourceKind::KesCloud, fl!("kes-source-cloud")),
        ]
        .spacing(style::GAP);
        let mut list = column![].spacing(style::GAP);
        for (id, state) in self.checklist.items() {
            list = list.push(self.row(*id, state));
        }
        let mut col = column![
            text(fl!("prereq-title")).size(style::TITLE_SIZE),
            text(fl!("prereq-intro")),
            sources,
        ]
        .spacing(style::SECTION)
        .padding(style::PAGE_PADDING)
        .width(Length::Fill);
        if self.source == SourceKind::KesCloud {
            col = col.push(self.kes_form());
        }
        let map_label = match self.source {
            SourceKind::Ksc => fl!("mapping-title"),
            SourceKind::KesCloud => fl!("mapping-title-workspaces"),
        };
        col = col.push(form);
        col = col.push(
            row![
                button(text(fl!("prereq-check-all")))
                    .style(style::button::primary)
                    .on_press_maybe((!self.running).then_some(Message::CheckAllPressed)),
                button(text(map_label))
                    .style(style::button::primary)
                    .on_press_maybe(self.can_map().then_some(Message::MapPressed)),
                button(text(fl!("prereq-back")))
                    .style(style::button::secondary)
                    .on_press(Message::BackPressed),
            ]
            .spacing(style::GAP)
            // A long label (Russian, German) moves Back to the next line instead of off-screen.
            .wrap()
            .vertical_spacing(style::GAP),
        );
        if let Some(n) = &self.notice {
            col = col.push(text(n.as_str()).style(style::text::warning));
        }
        col = col.push(list);
        scrollable(col).style(style::scrollable::page).into()
    }
}
