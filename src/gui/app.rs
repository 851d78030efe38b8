//! The app shell: which screen is shown, the settings file, the theme, keyboard shortcuts, and
//! turning the screens' actions into tasks.
//!
//! Keyboard: Tab / Shift+Tab move through the inputs of every screen (see
//! `widget::shortcuts`); Enter is the screen's default action (Connect, Add secondary, Next,
//! Save, Check all; in the wizard's group search it chooses the first matching group);
//! Esc cancels or closes (the wizard and the secondary page ask first when something was typed);
//! Alt+N / Alt+B are Next / Back in the wizard. Buttons and checkboxes cannot take the keyboard
//! focus in iced 0.14, so these keys stand in for them.

use std::path::PathBuf;

use iced::theme::Mode;
use iced::widget::{column, container, pick_list, row, space, text};
use iced::{Element, Length, Subscription, Task, Theme};

use super::screen::secondary::{self, export};
use super::screen::{connect, home, mapping, prerequisites, wizard};
use super::widget::shortcuts::{Shortcut, shortcuts};
use super::{GuiOptions, PresetServer, style};
use crate::hierarchy::on_primary::PrimaryLogin;
use crate::hierarchy::wizard::{Step, Wizard};
use crate::secrets::{Secret, SecretKey};
use crate::settings::{LoadedSettings, Settings, ThemeChoice};
use crate::tls::Pin;

/// What happened in the app.
#[derive(Clone, Debug)]
pub enum Message {
    /// The settings file was read.
    SettingsLoaded(Result<LoadedSettings, String>),
    /// The settings file was written (or not).
    SettingsSaved(Result<(), String>),
    /// A password was stored in the keyring (or not).
    PasswordStored(Result<(), String>),
    /// A message of the connect screen.
    Connect(connect::Message),
    /// A message of the home screen.
    Home(home::Message),
    /// A message of the wizard.
    Wizard(wizard::Message),
    /// A message of the "This server is secondary" page.
    Secondary(secondary::Message),
    /// A message of the "Export join file" page.
    Export(export::Message),
    /// A message of the "Autotask integration prerequisites" page.
    Prerequisites(prerequisites::Message),
    /// A message of the mapping screen.
    Mapping(mapping::Message),
    /// A keyboard shortcut.
    Shortcut(Shortcut),
    /// The desktop's light or dark preference, read at start-up or changed since.
    SystemTheme(Mode),
    /// A language was chosen in the picker.
    LanguagePicked(LanguageChoice),
}

/// An entry of the language picker: the desktop's language, or one the app speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LanguageChoice {
    /// Follow the desktop (`Settings.language` is `None`).
    System,
    /// One of [`crate::i18n::LANGUAGES`], by tag.
    Language(&'static str),
}

impl LanguageChoice {
    /// Every entry, "System default" first.
    pub fn all() -> Vec<LanguageChoice> {
        std::iter::once(LanguageChoice::System)
            .chain(
                crate::i18n::LANGUAGES
                    .iter()
                    .map(|(tag, _)| LanguageChoice::Language(tag)),
            )
            .collect()
    }

    /// The entry for a language saved in the settings (`None`: the desktop's).
    pub fn of_setting(language: Option<&str>) -> LanguageChoice {
        language
            .and_then(crate::i18n::supported)
            .map_or(LanguageChoice::System, LanguageChoice::Language)
    }

    /// The tag to save in the settings.
    pub fn tag(self) -> Option<&'static str> {
        match self {
            LanguageChoice::System => None,
            LanguageChoice::Language(tag) => Some(tag),
        }
    }
}

impl std::fmt::Display for LanguageChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LanguageChoice::System => f.write_str(&crate::fl!("language-system")),
            // Each language by its own name, so that anyone finds theirs.
            LanguageChoice::Language(tag) => f.write_str(
                crate::i18n::LANGUAGES
                    .iter()
                    .find(|(t, _)| t == tag)
                    .map_or(*tag, |(_, name)| *name),
            ),
        }
    }
}

/// The screen shown.
#[derive(Debug)]
pub enum Screen {
    /// Connecting to a server.
    Connect(connect::State),
    /// Connected.
    Home(home::State),
    /// The wizard, over the home screen it returns to.
    Wizard {
        /// Where Cancel or Done leads.
        home: home::State,
        /// The wizard.
        wizard: Box<wizard::State>,
    },
    /// The "This server is secondary" page, over the home screen it returns to.
    Secondary {
        /// Where Back leads.
        home: home::State,
        /// The page.
        page: Box<secondary::State>,
    },
    /// The "Export join file" page, over the home screen it returns to.
    Export {
        /// Where Back leads.
        home: home::State,
        /// The page.
        page: Box<export::State>,
    },
    /// The "Autotask integration prerequisites" page, over the home screen it returns to.
    Prerequisites {
        /// Where Back leads.
        home: home::State,
        /// The page.
        page: Box<prerequisites::State>,
    },
    /// The mapping of virtual servers to Autotask accounts, over the home screen (and the
    /// prerequisites page when opened from there) it returns to.
    Mapping {
        /// Where Back leads when there is no prerequisites page.
        home: home::State,
        /// The prerequisites page it was opened from.
        prerequisites: Option<Box<prerequisites::State>>,
        /// The page.
        page: Box<mapping::State>,
    },
}

/// The application.
#[derive(Debug)]
pub struct App {
    /// The screen shown.
    pub screen: Screen,
    /// The settings in use.
    pub settings: Settings,
    options: GuiOptions,
    /// Problems with the settings file or the keyring, shown under the banner.
    pub notices: Vec<String>,
    /// The desktop's light or dark preference (`None` until known, or when it says nothing).
    pub system_mode: Mode,
}

impl App {
    /// The app at its connect screen; the returned task reads the settings file.
    pub fn new(options: GuiOptions) -> (Self, Task<Message>) {
        let app = Self {
            screen: Screen::Connect(connect::State::new(Vec::new(), options.presets.clone())),
            settings: Settings::default(),
            notices: Vec::new(),
            system_mode: Mode::None,
            options,
        };
        let explicit = app.options.settings_path.clone();
        let load = Task::perform(
            async move {
                let path = crate::settings::settings_path(explicit.as_deref())
                    .map_err(|e| e.to_string())?;
                tokio::task::spawn_blocking(move || Settings::load(&path))
                    .await
                    .map_err(|e| crate::fl!("app-settings-read-interrupted", error = e.to_string()))
            },
            Message::SettingsLoaded,
        );
        let system_theme = iced::system::theme().map(Message::SystemTheme);
        (app, Task::batch([load, system_theme]))
    }

    /// The window title: in the wizard, also its step (so the task bar shows the progress).
    pub fn title(&self) -> String {
        let mut title = crate::fl!("app-title");
        if let Screen::Wizard { wizard, .. } = &self.screen {
            let step = wizard.wizard.step();
            title = crate::fl!(
                "app-title-wizard",
                title = title,
                step = step.number(),
                count = Step::ALL.len(),
                name = step.title()
            );
        }
        if let Some(b) = &self.options.banner {
            title = crate::fl!("app-title-banner", title = title, banner = b.as_str());
        }
        title
    }

    /// The theme (Hexa light or dark): the settings' choice, or the desktop's.
    pub fn theme(&self) -> Theme {
        style::palette::for_choice(self.settings.theme, self.system_mode)
    }

    /// Changes of the desktop's light or dark preference, and the screens' own.
    pub fn subscription(&self) -> Subscription<Message> {
        let keys = match self.settings.theme {
            ThemeChoice::System => iced::system::theme_changes().map(Message::SystemTheme),
            ThemeChoice::Light | ThemeChoice::Dark => Subscription::none(),
        };
        match &self.screen {
            Screen::Secondary { page, .. } => {
                Subscription::batch([keys, page.subscription().map(Message::Secondary)])
            }
            _ => keys,
        }
    }

    fn save_settings(&self) -> Task<Message> {
        if self.options.read_only_settings {
            return Task::none();
        }
        let settings = self.settings.clone();
        let explicit = self.options.settings_path.clone();
        Task::perform(
            async move {
                let path: PathBuf = crate::settings::settings_path(explicit.as_deref())
                    .map_err(|e| e.to_string())?;
                tokio::task::spawn_blocking(move || settings.save(&path))
                    .await
                    .map_err(|e| {
                        crate::fl!("app-settings-save-interrupted", error = e.to_string())
                    })?
                    .map_err(|e| e.to_string())
            },
            Message::SettingsSaved,
        )
    }

    fn store_password(key: SecretKey, password: Secret) -> Task<Message> {
        Task::perform(
            async move {
                crate::secrets::store(&key, &password)
                    .await
                    .map_err(|e| e.to_string())
            },
            Message::PasswordStored,
        )
    }

    /// Where the pages look for removable drives: the demo's stand-in, else the settings'.
    fn usb_scan_roots(&self) -> Vec<PathBuf> {
        self.options
            .usb_scan_roots
            .clone()
            .unwrap_or_else(|| self.settings.usb_scan_roots.clone())
    }

    fn connect_screen(&self) -> Screen {
        Screen::Connect(connect::State::new(
            self.settings.recent_servers.clone(),
            self.options.presets.clone(),
        ))
    }

    /// Handles a message.
    pub fn update(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::SettingsLoaded(r) => {
                match r {
                    Ok(loaded) => {
                        self.notices.extend(loaded.warnings);
                        self.settings = loaded.settings;
                        self.apply_saved_language();
                    }
                    Err(e) => self
                        .notices
                        .push(crate::fl!("app-settings-not-read", error = e)),
                }
                if let Screen::Connect(c) = &self.screen
                    && c.phase == connect::Phase::Editing
                {
                    self.screen = self.connect_screen();
                }
                Task::none()
            }
            Message::SettingsSaved(r) | Message::PasswordStored(r) => {
                if let Err(e) = r {
                    self.notices.push(e);
                }
                Task::none()
            }
            Message::Connect(m) => {
                let Screen::Connect(state) = &mut self.screen else {
                    return Task::none();
                };
                match state.update(m) {
                    connect::Action::None => Task::none(),
                    connect::Action::Run(work) => Task::perform(work.run(), Message::Connect),
                    connect::Action::Pin {
                        address,
                        port,
                        pin,
                        then,
                    } => {
                        let saved = match self.settings.set_pin(&address, port, &pin.to_string()) {
                            Ok(()) => self.save_settings(),
                            Err(e) => {
                                self.notices.push(e.to_string());
                                Task::none()
                            }
                        };
                        match then {
                            Some(work) => {
                                Task::batch([saved, Task::perform(work.run(), Message::Connect)])
                            }
                            None => saved,
                        }
                    }
                    connect::Action::Connected {
                        connection,
                        recent,
                        remember,
                    } => {
                        self.settings.remember_server(recent);
                        let mut tasks = vec![self.save_settings()];
                        if let Some((key, password)) = remember {
                            tasks.push(Self::store_password(key, password));
                        }
                        self.screen = Screen::Home(home::State::new(connection));
                        Task::batch(tasks)
                    }
                }
            }
            Message::Home(m) => {
                let Screen::Home(state) = &mut self.screen else {
                    return Task::none();
                };
                match state.update(m) {
                    home::Action::None => Task::none(),
                    home::Action::Run(work) => Task::perform(work.run(), Message::Home),
                    home::Action::StartWizard(ctx) => {
                        let primary = state.connection.client.clone();
                        let Screen::Home(home) = std::mem::replace(
                            &mut self.screen,
                            Screen::Connect(connect::State::new(Vec::new(), Vec::new())),
                        ) else {
                            return Task::none();
                        };
                        let mut wizard = Box::new(wizard::State::new(primary, *ctx));
                        self.prefill_demo(&home.connection, &mut wizard.wizard);
                        let prefill = match &self.settings.secondary_proxy {
                            Some(saved) => wizard.prefill_proxy(saved),
                            None => wizard::Action::None,
                        };
                        self.screen = Screen::Wizard { home, wizard };
                        self.wizard_action(prefill)
                    }
                    home::Action::OpenSecondary => {
                        let mut page = secondary::State::new(
                            state.connection.client.clone(),
                            crate::hierarchy::validate::host_port(
                                &state.connection.address,
                                state.connection.port,
                            ),
                            self.usb_scan_roots(),
                        )
                        .with_primaries(self.primary_logins());
                        let work = page.open();
                        if let Some(home) = self.take_home() {
                            self.screen = Screen::Secondary {
                                home,
                                page: Box::new(page),
                            };
                        }
                        Task::batch(
                            work.into_iter()
                                .map(|w| Task::perform(w.run(), Message::Secondary)),
                        )
                    }
                    home::Action::ExportJoinFile => {
                        let page = export::State::new(
                            state.connection.client.clone(),
                            state.connection.address.clone(),
                            state.connection.port,
                            self.usb_scan_roots(),
                        );
                        let work = page.open();
                        if let Some(home) = self.take_home() {
                            self.screen = Screen::Export {
                                home,
                                page: Box::new(page),
                            };
                        }
                        Task::perform(work.run(), Message::Export)
                    }
                    home::Action::OpenMapping => {
                        let ksc = state.connection.client.clone();
                        let page = self.mapping_from_home(ksc);
                        let work = page.open();
                        if let Some(home) = self.take_home() {
                            self.screen = Screen::Mapping {
                                home,
                                prerequisites: None,
                                page: Box::new(page),
                            };
                        }
                        Task::perform(work.run(), Message::Mapping)
                    }
                    home::Action::OpenPrerequisites => {
                        let page = prerequisites::State::new(
                            state.connection.client.clone(),
                            self.settings.autotask.user_name.clone(),
                            self.options.demo_autotask.as_ref(),
                        )
                        .with_kes_cloud(&self.settings.kes_cloud);
                        let work = page.open();
                        if let Some(home) = self.take_home() {
                            self.screen = Screen::Prerequisites {
                                home,
                                page: Box::new(page),
                            };
                        }
                        Task::batch(
                            work.into_iter()
                                .map(|w| Task::perform(w.run(), Message::Prerequisites)),
                        )
                    }
                    home::Action::Disconnect => {
                        let client = state.connection.client.clone();
                        self.screen = self.connect_screen();
                        Task::perform(
                            async move { client.close().await.map_err(|e| e.to_string()) },
                            Message::SettingsSaved,
                        )
                    }
                }
            }
            Message::Wizard(m) => self.wizard_update(m),
            Message::Secondary(m) => {
                let Screen::Secondary { page, .. } = &mut self.screen else {
                    return Task::none();
                };
                match page.update(m) {
                    secondary::Action::None => Task::none(),
                    secondary::Action::Run(work) => Task::perform(work.run(), Message::Secondary),
                    secondary::Action::Close => self.back_home(),
                }
            }
            Message::Export(m) => {
                let Screen::Export { page, .. } = &mut self.screen else {
                    return Task::none();
                };
                match page.update(m) {
                    export::Action::None => Task::none(),
                    export::Action::Run(work) => Task::perform(work.run(), Message::Export),
                    export::Action::Close => self.back_home(),
                }
            }
            Message::Prerequisites(m) => {
                let Screen::Prerequisites { page, .. } = &mut self.screen else {
                    return Task::none();
                };
                match page.update(m) {
                    prerequisites::Action::None => Task::none(),
                    prerequisites::Action::Run(work) => {
                        Task::perform(work.run(), Message::Prerequisites)
                    }
                    prerequisites::Action::CheckAndRemember {
                        work,
                        user_name,
                        secrets,
                        kes_cloud,
                    } => {
                        let mut tasks = vec![Task::perform(work.run(), Message::Prerequisites)];
                        let mut changed = false;
                        if !user_name.is_empty()
                            && self.settings.autotask.user_name.as_deref() != Some(&user_name)
                        {
                            self.settings.autotask.user_name = Some(user_name);
                            changed = true;
                        }
                        if let Some(kes) = kes_cloud
                            && kes != self.settings.kes_cloud
                        {
                            self.settings.kes_cloud = kes;
                            changed = true;
                        }
                        if changed {
                            tasks.push(self.save_settings());
                        }
                        for (key, secret) in secrets {
                            tasks.push(Self::store_password(key, secret));
                        }
                        Task::batch(tasks)
                    }
                    prerequisites::Action::OpenMapping {
                        source,
                        opts,
                        creds,
                    } => {
                        let page = mapping::State::new(
                            source,
                            opts,
                            mapping::CredentialSource::Given(creds),
                            &self.settings.vserver_mapping,
                        );
                        let work = page.open();
                        let placeholder =
                            Screen::Connect(connect::State::new(Vec::new(), Vec::new()));
                        match std::mem::replace(&mut self.screen, placeholder) {
                            Screen::Prerequisites {
                                home,
                                page: prerequisites,
                            } => {
                                self.screen = Screen::Mapping {
                                    home,
                                    prerequisites: Some(prerequisites),
                                    page: Box::new(page),
                                };
                            }
                            other => self.screen = other,
                        }
                        Task::perform(work.run(), Message::Mapping)
                    }
                    prerequisites::Action::Close => self.back_home(),
                }
            }
            Message::Mapping(m) => {
                let Screen::Mapping { page, .. } = &mut self.screen else {
                    return Task::none();
                };
                match page.update(m) {
                    mapping::Action::None => Task::none(),
                    mapping::Action::Run(work) => Task::perform(work.run(), Message::Mapping),
                    mapping::Action::Checked { zone_url } => {
                        self.settings.autotask.zone_url = Some(zone_url);
                        self.settings.autotask.last_checked = Some(time::OffsetDateTime::now_utc());
                        self.save_settings()
                    }
                    mapping::Action::Save(saved) => {
                        self.settings.vserver_mapping = saved;
                        self.save_settings()
                    }
                    mapping::Action::Close => {
                        let placeholder =
                            Screen::Connect(connect::State::new(Vec::new(), Vec::new()));
                        match std::mem::replace(&mut self.screen, placeholder) {
                            Screen::Mapping {
                                prerequisites: Some(page),
                                home,
                                ..
                            } => self.screen = Screen::Prerequisites { home, page },
                            Screen::Mapping { home, .. } => self.screen = Screen::Home(home),
                            other => self.screen = other,
                        }
                        Task::none()
                    }
                }
            }
            Message::LanguagePicked(choice) => {
                match self.switch_language(choice.tag()) {
                    Ok(_) => {
                        self.settings.language = choice.tag().map(str::to_string);
                        self.save_settings()
                    }
                    // Only tags of LANGUAGES are offered; keep the language in use otherwise.
                    Err(e) => {
                        self.notices.push(e.to_string());
                        Task::none()
                    }
                }
            }
            Message::Shortcut(s) => self.shortcut(s),
            Message::SystemTheme(mode) => {
                self.system_mode = mode;
                Task::none()
            }
        }
    }

    /// The mapping screen opened from home: the remembered Autotask user (its secrets from the
    /// keyring), or the demo's tenant.
    fn mapping_from_home(&self, ksc: crate::kloapi::KscClient) -> mapping::State {
        let (opts, creds) = match &self.options.demo_autotask {
            Some(d) => (
                crate::autotask::ClientOptions::new(&d.url, crate::autotask::Trust::Pinned(d.pin)),
                mapping::CredentialSource::Given(crate::autotask::Credentials {
                    user_name: d.user.clone(),
                    secret: d.secret.clone(),
                    integration_code: d.integration_code.clone(),
                }),
            ),
            None => (
                crate::autotask::ClientOptions::autotask(),
                mapping::CredentialSource::Keyring {
                    user_name: self.settings.autotask.user_name.clone().unwrap_or_default(),
                },
            ),
        };
        mapping::State::new(
            mapping::Source::Ksc(ksc),
            opts,
            creds,
            &self.settings.vserver_mapping,
        )
    }

    /// Switches to the language saved in the settings, unless `--lang` chose one for this
    /// session. No saved language leaves the one chosen at startup (the desktop's).
    fn apply_saved_language(&mut self) {
        if self.options.lang.is_some() {
            return;
        }
        if let Some(tag) = self
            .settings
            .language
            .as_deref()
            .and_then(crate::i18n::supported)
        {
            // A supported tag cannot be refused.
            let _ = self.switch_language(Some(tag));
        }
    }

    /// Switches the language; the demo's banner, made in the language of the start, follows.
    fn switch_language(
        &mut self,
        tag: Option<&str>,
    ) -> Result<&'static str, crate::i18n::UnknownLanguage> {
        let demo_banner = crate::fl!("app-demo-banner");
        let was_demo = self.options.banner.as_deref() == Some(demo_banner.as_str());
        let chosen = crate::i18n::set_language(tag)?;
        if was_demo {
            self.options.banner = Some(crate::fl!("app-demo-banner"));
        }
        Ok(chosen)
    }

    /// The language picker shown in the corner of the connect screen.
    fn language_picker(&self) -> Element<'_, Message> {
        row![
            space::horizontal(),
            text(crate::fl!("language-label")).style(style::text::muted),
            pick_list(
                LanguageChoice::all(),
                Some(LanguageChoice::of_setting(
                    self.settings.language.as_deref()
                )),
                Message::LanguagePicked,
            )
            .text_size(style::SMALL_SIZE)
            .padding([2, 8]),
        ]
        .spacing(style::GAP)
        .align_y(iced::Alignment::Center)
        .padding([4, 12])
        .into()
    }

    /// Takes the home screen out (leaving a placeholder) to put a page over it.
    fn take_home(&mut self) -> Option<home::State> {
        let placeholder = Screen::Connect(connect::State::new(Vec::new(), Vec::new()));
        match std::mem::replace(&mut self.screen, placeholder) {
            Screen::Home(home) => Some(home),
            other => {
                self.screen = other;
                None
            }
        }
    }

    /// Closes a page shown over the home screen.
    fn back_home(&mut self) -> Task<Message> {
        let placeholder = Screen::Connect(connect::State::new(Vec::new(), Vec::new()));
        match std::mem::replace(&mut self.screen, placeholder) {
            Screen::Secondary { home, .. }
            | Screen::Export { home, .. }
            | Screen::Prerequisites { home, .. } => self.screen = Screen::Home(home),
            other => self.screen = other,
        }
        Task::none()
    }

    /// The servers the app can sign in to without asking: the presets (with their passwords) and
    /// the recent servers whose password is remembered in the keyring and whose certificate is
    /// pinned. The secondary page asks one of them, after a save, whether it sees this server.
    fn primary_logins(&self) -> Vec<PrimaryLogin> {
        let presets = self.options.presets.iter().map(PresetServer::login);
        let recent = self
            .settings
            .recent_servers
            .iter()
            .filter(|r| r.remember_password && !r.user.is_empty())
            .filter_map(|r| {
                let pin = Pin::from_hex(r.pinned_sha256.as_deref()?).ok()?;
                Some(PrimaryLogin {
                    address: r.address.clone(),
                    api_port: r.api_port,
                    user: r.user.clone(),
                    domain: r.domain.clone(),
                    internal: r.internal,
                    pin,
                    password: None,
                })
            });
        presets.chain(recent).collect()
    }

    /// On a preset server (the demo's simulated primary), prefills what the app already knows:
    /// the primary's address and SSL port as the secondary dials them, and the demo's simulated
    /// secondary. Prefilled values are not typed; the admin can change them.
    fn prefill_demo(&self, connection: &connect::Connection, wizard: &mut Wizard) {
        let same = |address: &str, port: u16| {
            address
                .trim()
                .eq_ignore_ascii_case(connection.address.trim())
                && port == connection.port
        };
        let Some(preset) = self
            .options
            .presets
            .iter()
            .find(|p| p.pin == connection.pin && same(&p.address, p.api_port))
        else {
            return;
        };
        if let Some(ssl_port) = preset.ssl_port {
            wizard.prefill_primary(&preset.address, ssl_port);
        }
        if let Some(known) = &self.options.demo_secondary
            && !same(&known.address, known.api_port)
        {
            wizard.prefill_secondary(known);
        }
    }

    fn wizard_update(&mut self, m: wizard::Message) -> Task<Message> {
        let Screen::Wizard { wizard, .. } = &mut self.screen else {
            return Task::none();
        };
        let action = wizard.update(m);
        self.wizard_action(action)
    }

    fn wizard_action(&mut self, action: wizard::Action) -> Task<Message> {
        match action {
            wizard::Action::None => Task::none(),
            wizard::Action::Run(work) => Task::run(work.into_stream(), Message::Wizard),
            wizard::Action::Close => {
                let placeholder = Screen::Connect(connect::State::new(Vec::new(), Vec::new()));
                if let Screen::Wizard { home, .. } =
                    std::mem::replace(&mut self.screen, placeholder)
                {
                    self.screen = Screen::Home(home);
                }
                Task::none()
            }
            wizard::Action::ExportJoinFile => {
                let placeholder = Screen::Connect(connect::State::new(Vec::new(), Vec::new()));
                let Screen::Wizard { home, .. } = std::mem::replace(&mut self.screen, placeholder)
                else {
                    return Task::none();
                };
                let page = export::State::new(
                    home.connection.client.clone(),
                    home.connection.address.clone(),
                    home.connection.port,
                    self.usb_scan_roots(),
                );
                let work = page.open();
                self.screen = Screen::Export {
                    home,
                    page: Box::new(page),
                };
                Task::perform(work.run(), Message::Export)
            }
            wizard::Action::RememberProxy { proxy, password } => {
                self.settings.secondary_proxy = Some(proxy);
                let mut tasks = vec![self.save_settings()];
                if let Some((key, password)) = password {
                    tasks.push(Self::store_password(key, password));
                }
                Task::batch(tasks)
            }
        }
    }

    /// What a shortcut does on the screen shown. Enter only does what the screen's default
    /// button would do now (nothing while it is disabled); Esc is the screen's Cancel or Back.
    fn shortcut(&mut self, s: Shortcut) -> Task<Message> {
        let message = match (&self.screen, s) {
            (Screen::Connect(c), Shortcut::Default) => c.default_message().map(Message::Connect),
            (Screen::Connect(c), Shortcut::Cancel) => c.cancel_message().map(Message::Connect),
            (Screen::Home(h), Shortcut::Default) => {
                (!h.loading).then_some(Message::Home(home::Message::AddSecondaryPressed))
            }
            (Screen::Wizard { wizard, .. }, s) => wizard.shortcut_message(s).map(Message::Wizard),
            (Screen::Secondary { page, .. }, Shortcut::Default) => page
                .can_save()
                .then_some(Message::Secondary(secondary::Message::SavePressed)),
            (Screen::Secondary { page, .. }, Shortcut::Cancel) => {
                Some(Message::Secondary(if page.question.is_some() {
                    secondary::Message::KeepEditing
                } else {
                    secondary::Message::BackPressed
                }))
            }
            (Screen::Export { page, .. }, Shortcut::Cancel) if page.busy.is_none() => {
                Some(Message::Export(export::Message::BackPressed))
            }
            (Screen::Prerequisites { .. }, Shortcut::Default) => Some(Message::Prerequisites(
                prerequisites::Message::CheckAllPressed,
            )),
            (Screen::Prerequisites { .. }, Shortcut::Cancel) => {
                Some(Message::Prerequisites(prerequisites::Message::BackPressed))
            }
            (Screen::Mapping { page, .. }, Shortcut::Default) => {
                page.default_message().map(Message::Mapping)
            }
            (Screen::Mapping { page, .. }, Shortcut::Cancel) => {
                Some(Message::Mapping(page.cancel_message()))
            }
            _ => None,
        };
        match message {
            Some(m) => self.update(m),
            None => Task::none(),
        }
    }

    /// Draws the window.
    pub fn view(&self) -> Element<'_, Message> {
        let body: Element<'_, Message> = match &self.screen {
            Screen::Connect(s) => column![self.language_picker(), s.view().map(Message::Connect)]
                .height(Length::Fill)
                .into(),
            Screen::Home(s) => s.view().map(Message::Home),
            Screen::Wizard { wizard, .. } => wizard.view().map(Message::Wizard),
            Screen::Secondary { page, .. } => page.view().map(Message::Secondary),
            Screen::Export { page, .. } => page.view().map(Message::Export),
            Screen::Prerequisites { page, .. } => page.view().map(Message::Prerequisites),
            Screen::Mapping { page, .. } => page.view().map(Message::Mapping),
        };
        let mut col = column![];
        if let Some(b) = &self.options.banner {
            col = col.push(
                container(text(b.clone()).size(style::HEADING_SIZE))
                    .padding(8)
                    .width(Length::Fill)
                    .center_x(Length::Fill)
                    .style(style::container::banner),
            );
        }
        for n in &self.notices {
            col = col.push(
                container(text(n.clone()).style(style::text::warning))
                    .padding(6)
                    .width(Length::Fill),
            );
        }
        shortcuts(col.push(body), Message::Shortcut)
    }
}
