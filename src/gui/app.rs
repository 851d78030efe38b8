//! The app shell: which screen is shown, the settings file, the theme, keyboard shortcuts, and
//! turning the screens' actions into tasks.
//!
//! Keyboard: Tab / Shift+Tab move through the inputs of every screen (see
//! `widget::shortcuts`); Enter is the screen's default action (Connect, Add secondary, Next,
//! Save, Check all; in the wizard's group search it chooses the first matching group);
//! Esc cancels or closes (the wizard and the secondary page ask first when something was typed);
//! Alt+N / Alt+B are Next / Back in the wizard. Buttons and checkboxes cannot take the keyboard
//! focus in iced 0.14, so these keys stand in for them.
//!
//! The window's close button is answered here, not by iced: it is the page's own Cancel or Back
//! (the wizard, the secondary page and the mapping ask first when something would be lost), and
//! the window stays open while the wizard writes or a half-built hierarchy waits for a decision,
//! or while the secondary page saves.

use std::path::PathBuf;

use iced::theme::Mode;
use iced::widget::{button, column, container, pick_list, row, space, text};
use iced::{Element, Length, Subscription, Task, Theme};

use super::screen::{connect, export, home, mapping, prerequisites, secondary, servers, wizard};
use super::widget::shortcuts::{Shortcut, shortcuts};
use super::{DemoServers, GuiOptions, PresetServer, style};
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
    /// The settings file was written (or not) after the mapping page's "Save".
    MappingStored(Result<(), String>),
    /// "Retry" after the settings file could not be written.
    RetrySaveSettings,
    /// The session with the server was closed after "Disconnect" (or closing it failed).
    Disconnected(Result<(), String>),
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
    /// A message of the "Secondary servers" page.
    Servers(servers::Message),
    /// A keyboard shortcut.
    Shortcut(Shortcut),
    /// The desktop's light or dark preference, read at start-up or changed since.
    SystemTheme(Mode),
    /// A language was chosen in the picker.
    LanguagePicked(LanguageChoice),
    /// The window's close button was pressed (or the desktop asked the window to close).
    CloseRequested(iced::window::Id),
    /// The demo's simulated servers run (or could not start).
    DemoStarted(super::DemoStarted),
}

/// What the app does when its window is asked to close.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CloseDecision {
    /// Nothing would be lost: the window closes.
    Close,
    /// The page shown asks its own leave question; the window closes once it is answered with
    /// "discard".
    Ask,
    /// The wizard is writing, a half-built hierarchy waits to be rolled back or kept, or the
    /// secondary page is saving: the window stays open and says why.
    Refuse,
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
    /// Connecting to a server (boxed: the form is far larger than the connected screen's
    /// handles).
    Connect(Box<connect::State>),
    /// Connected: the home screen, and the page open over it (the home screen when none).
    Connected {
        home: home::State,
        page: Option<Page>,
    },
}

/// A page open over the home screen; closing it shows the home screen again.
#[derive(Debug)]
pub enum Page {
    Wizard(Box<wizard::State>),
    Secondary(Box<secondary::State>),
    Export(Box<export::State>),
    Prerequisites(Box<prerequisites::State>),
    Servers(Box<servers::State>),
    /// The mapping of virtual servers to Autotask accounts, over the prerequisites page when it
    /// was opened from there (closing it goes back to that page).
    Mapping {
        page: Box<mapping::State>,
        prerequisites: Option<Box<prerequisites::State>>,
    },
}

impl Screen {
    /// The home screen, when connected.
    pub fn home(&self) -> Option<&home::State> {
        match self {
            Screen::Connected { home, .. } => Some(home),
            Screen::Connect(_) => None,
        }
    }

    /// The page open over the home screen.
    pub fn page(&self) -> Option<&Page> {
        match self {
            Screen::Connected { page, .. } => page.as_ref(),
            Screen::Connect(_) => None,
        }
    }

    pub fn page_mut(&mut self) -> Option<&mut Page> {
        match self {
            Screen::Connected { page, .. } => page.as_mut(),
            Screen::Connect(_) => None,
        }
    }

    /// Whether the home screen itself is shown (connected, no page open).
    pub fn is_home(&self) -> bool {
        matches!(self, Screen::Connected { page: None, .. })
    }
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
    /// Why the settings file could not be written the last time; the settings stay in memory
    /// until a retry writes them.
    pub settings_unsaved: Option<String>,
    /// The close button was pressed once while the settings were unsaved: a second press
    /// closes without them.
    unsaved_close_warned: bool,
    /// The desktop's light or dark preference (`None` until known, or when it says nothing).
    pub system_mode: Mode,
    /// The window whose close button led to the page's leave question: it closes once the
    /// question is answered with "discard", and stays when it is answered "keep editing".
    closing: Option<iced::window::Id>,
    /// The close button was refused; its note is shown while the reason holds.
    close_refused: bool,
}

impl App {
    /// The app at its connect screen; the returned task reads the settings file.
    pub fn new(options: GuiOptions) -> (Self, Task<Message>) {
        let mut connect = connect::State::new(Vec::new(), options.presets.clone());
        connect.starting_presets = options.pending_demo.is_some();
        let app = Self {
            screen: Screen::Connect(Box::new(connect)),
            settings: Settings::default(),
            notices: Vec::new(),
            settings_unsaved: None,
            unsaved_close_warned: false,
            system_mode: Mode::None,
            options,
            closing: None,
            close_refused: false,
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
        let demo = match app.options.pending_demo.as_ref().and_then(|p| p.take()) {
            Some(started) => Task::perform(
                async move {
                    started
                        .await
                        .unwrap_or_else(|_| Err(crate::fl!("app-demo-servers-stopped")))
                },
                Message::DemoStarted,
            ),
            None => Task::none(),
        };
        (app, Task::batch([load, system_theme, demo]))
    }

    /// The window title: in the wizard, also its step (so the task bar shows the progress).
    pub fn title(&self) -> String {
        let mut title = crate::fl!("app-title");
        if let Some(Page::Wizard(wizard)) = self.screen.page() {
            let step = wizard.wizard.step();
            title = crate::fl!(
                "app-title-wizard",
                title = title,
                step = step.number(),
                count = Step::ALL.len(),
                name = step.title()
            );
        }
        if self.options.demo {
            title = crate::fl!(
                "app-title-banner",
                title = title,
                banner = crate::fl!("app-demo-banner")
            );
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
        let close = iced::window::close_requests().map(Message::CloseRequested);
        let screen = match &self.screen {
            Screen::Connect(c) => c.subscription().map(Message::Connect),
            Screen::Connected { page, .. } => match page {
                Some(Page::Secondary(page)) => page.subscription().map(Message::Secondary),
                Some(Page::Wizard(page)) => page.subscription().map(Message::Wizard),
                _ => Subscription::none(),
            },
        };
        Subscription::batch([keys, close, screen])
    }

    /// Decides what the window's close button does now, and has the page ask its leave question
    /// when that is the answer. A page is asked as its own Cancel or Back would be, so that the
    /// close button never loses more than those buttons would.
    pub fn close_requested(&mut self) -> CloseDecision {
        if self.settings_unsaved.is_some() && !self.unsaved_close_warned {
            // Once: the settings would be lost, and the row above says so with its Retry.
            self.unsaved_close_warned = true;
            return CloseDecision::Refuse;
        }
        if self.close_refusal().is_some() {
            self.close_refused = true;
            self.closing = None;
            return CloseDecision::Refuse;
        }
        let leaves = match self.screen.page_mut() {
            None | Some(Page::Export(_) | Page::Prerequisites(_) | Page::Servers(_)) => true,
            Some(Page::Wizard(w)) => matches!(
                w.update(wizard::Message::CancelPressed),
                wizard::Action::Close
            ),
            Some(Page::Secondary(p)) => matches!(
                p.update(secondary::Message::BackPressed),
                secondary::Action::Close
            ),
            Some(Page::Mapping { page, .. }) => matches!(
                page.update(mapping::Message::BackPressed),
                mapping::Action::Close
            ),
        };
        if leaves {
            CloseDecision::Close
        } else {
            CloseDecision::Ask
        }
    }

    /// Why the window must stay open now, if it must: leaving would stop a write half way, or
    /// walk away from a half-built hierarchy nobody decided about.
    fn close_refusal(&self) -> Option<String> {
        match self.screen.page() {
            Some(Page::Wizard(w)) if !w.can_cancel() => Some(crate::fl!("app-close-wizard-busy")),
            Some(Page::Secondary(p)) if p.is_writing() => {
                Some(crate::fl!("app-close-secondary-saving"))
            }
            _ => None,
        }
    }

    /// Why the window did not close when asked, while that still holds.
    pub fn close_refused_note(&self) -> Option<String> {
        self.close_refused.then(|| self.close_refusal()).flatten()
    }

    /// After a page's message: the close button's pending close lasts only while the page still
    /// asks its leave question, and the refusal's note only while its reason holds.
    fn settle_close(&mut self) {
        let asking = match self.screen.page() {
            Some(Page::Wizard(w)) => w.confirm_cancel,
            Some(Page::Secondary(p)) => p.asks_to_leave(),
            Some(Page::Mapping { page, .. }) => page.asks_to_leave(),
            _ => false,
        };
        if !asking {
            self.closing = None;
        }
        if self.close_refusal().is_none() {
            self.close_refused = false;
        }
    }

    fn save_settings(&self) -> Task<Message> {
        self.save_settings_then(Message::SettingsSaved)
    }

    fn save_settings_then(&self, then: fn(Result<(), String>) -> Message) -> Task<Message> {
        if self.options.read_only_settings {
            return Task::done(then(Ok(())));
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
            then,
        )
    }

    fn settings_stored(&mut self, result: &Result<(), String>) {
        match result {
            Ok(()) => {
                self.settings_unsaved = None;
                self.unsaved_close_warned = false;
            }
            Err(e) => self.settings_unsaved = Some(e.clone()),
        }
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

    /// Whether the demo's servers are still starting.
    pub fn demo_starting(&self) -> bool {
        self.options.pending_demo.is_some()
    }

    fn demo_started(&mut self, started: super::DemoStarted) {
        self.options.pending_demo = None;
        match started {
            Ok(DemoServers {
                presets,
                secondary,
                autotask,
                usb_scan_roots,
            }) => {
                self.options.presets = presets;
                self.options.demo_secondary = secondary;
                self.options.demo_autotask = autotask;
                if usb_scan_roots.is_some() {
                    self.options.usb_scan_roots = usb_scan_roots;
                }
                if let Screen::Connect(c) = &mut self.screen {
                    c.presets_arrived(self.options.presets.clone());
                }
            }
            Err(e) => {
                if let Screen::Connect(c) = &mut self.screen {
                    c.starting_presets = false;
                }
                self.notices
                    .push(crate::fl!("app-demo-servers-failed", error = e));
            }
        }
    }

    fn connect_screen(&self) -> Screen {
        let mut state = connect::State::new(
            self.settings.recent_servers.clone(),
            self.options.presets.clone(),
        );
        state.starting_presets = self.demo_starting();
        Screen::Connect(Box::new(state))
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
                if let Screen::Connect(c) = &mut self.screen
                    && c.phase == connect::Phase::Editing
                {
                    c.recent_loaded(self.settings.recent_servers.clone());
                }
                Task::none()
            }
            Message::SettingsSaved(r) => {
                self.settings_stored(&r);
                Task::none()
            }
            Message::DemoStarted(r) => {
                self.demo_started(r);
                Task::none()
            }
            Message::MappingStored(r) => {
                self.settings_stored(&r);
                let task = self.mapping_message(mapping::Message::Stored(r));
                self.settle_close();
                task
            }
            Message::RetrySaveSettings => self.save_settings(),
            Message::PasswordStored(r) | Message::Disconnected(r) => {
                if let Err(e) = r {
                    self.notices.push(e);
                }
                Task::none()
            }
            Message::Connect(m) => {
                let Screen::Connect(state) = &mut self.screen else {
                    return Task::none();
                };
                let action = state.update(m);
                self.connect_action(action)
            }
            Message::Home(m) => {
                let Screen::Connected { home, .. } = &mut self.screen else {
                    return Task::none();
                };
                let action = home.update(m);
                self.home_action(action)
            }
            Message::Wizard(m) => {
                let Some(Page::Wizard(wizard)) = self.screen.page_mut() else {
                    return Task::none();
                };
                let action = wizard.update(m);
                let task = self.wizard_action(action);
                self.settle_close();
                task
            }
            Message::Secondary(m) => {
                let task = self.secondary_message(m);
                self.settle_close();
                task
            }
            Message::Export(m) => {
                let Some(Page::Export(page)) = self.screen.page_mut() else {
                    return Task::none();
                };
                match page.update(m) {
                    export::Action::None => Task::none(),
                    export::Action::Run(work) => Task::perform(work.run(), Message::Export),
                    export::Action::Close => self.close_page(),
                }
            }
            Message::Prerequisites(m) => {
                let Some(Page::Prerequisites(page)) = self.screen.page_mut() else {
                    return Task::none();
                };
                let action = page.update(m);
                self.prerequisites_action(action)
            }
            Message::Mapping(m) => {
                let task = self.mapping_message(m);
                self.settle_close();
                task
            }
            Message::Servers(m) => {
                let Some(Page::Servers(page)) = self.screen.page_mut() else {
                    return Task::none();
                };
                let action = page.update(m);
                self.servers_action(action)
            }
            Message::CloseRequested(id) => match self.close_requested() {
                CloseDecision::Close => iced::window::close(id),
                CloseDecision::Ask => {
                    self.closing = Some(id);
                    Task::none()
                }
                CloseDecision::Refuse => Task::none(),
            },
            Message::LanguagePicked(choice) => match crate::i18n::set_language(choice.tag()) {
                Ok(_) => {
                    self.settings.language = choice.tag().map(str::to_string);
                    self.save_settings()
                }
                // Only tags of LANGUAGES are offered; keep the language in use otherwise.
                Err(e) => {
                    self.notices.push(e.to_string());
                    Task::none()
                }
            },
            Message::Shortcut(s) => match self.shortcut(s) {
                Some(m) => self.update(m),
                None => Task::none(),
            },
            Message::SystemTheme(mode) => {
                self.system_mode = mode;
                Task::none()
            }
        }
    }

    fn secondary_message(&mut self, m: secondary::Message) -> Task<Message> {
        let Some(Page::Secondary(page)) = self.screen.page_mut() else {
            return Task::none();
        };
        match page.update(m) {
            secondary::Action::None => Task::none(),
            secondary::Action::Run(work) => Task::run(work.into_stream(), Message::Secondary),
            secondary::Action::Watch(work) => {
                let (task, handle) = Task::run(work.into_stream(), Message::Secondary).abortable();
                page.watching(handle);
                task
            }
            secondary::Action::Close => self.close_page(),
        }
    }

    fn servers_action(&mut self, action: servers::Action) -> Task<Message> {
        match action {
            servers::Action::None => Task::none(),
            servers::Action::Run(work) => Task::run(work.into_stream(), Message::Servers),
            servers::Action::Check(work) => {
                let (task, handle) = Task::run(work.into_stream(), Message::Servers).abortable();
                if let Some(Page::Servers(page)) = self.screen.page_mut() {
                    page.checking(handle);
                }
                task
            }
            servers::Action::Close => self.close_page(),
            servers::Action::Copy(text) => iced::clipboard::write(text),
            servers::Action::OpenSecondary(client, name) => {
                let label = crate::fl!(
                    "manage-through",
                    name = name,
                    primary = client.endpoint().to_string()
                );
                self.open_secondary_page(client, label)
            }
        }
    }

    fn mapping_message(&mut self, m: mapping::Message) -> Task<Message> {
        let Some(Page::Mapping { page, .. }) = self.screen.page_mut() else {
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
                self.save_settings_then(Message::MappingStored)
            }
            mapping::Action::Close => self.close_page(),
        }
    }

    /// Puts `page` over the home screen (nothing happens when not connected).
    fn open(&mut self, new: Page) {
        if let Screen::Connected { page, .. } = &mut self.screen {
            *page = Some(new);
        }
    }

    /// Closes the page shown: the mapping goes back to the prerequisites page it came from,
    /// every other page to the home screen.
    ///
    /// When the page was left by answering "discard" to the question the window's close button
    /// asked, the window closes too: that is what the admin asked for.
    fn close_page(&mut self) -> Task<Message> {
        if let Screen::Connected { page, .. } = &mut self.screen {
            *page = match page.take() {
                Some(Page::Mapping {
                    prerequisites: Some(p),
                    ..
                }) => Some(Page::Prerequisites(p)),
                _ => None,
            };
        }
        match self.closing.take() {
            Some(id) => iced::window::close(id),
            None => Task::none(),
        }
    }

    fn connect_action(&mut self, action: connect::Action) -> Task<Message> {
        match action {
            connect::Action::None => Task::none(),
            connect::Action::Run(work) => Task::perform(work.run(), Message::Connect),
            connect::Action::Pin {
                address,
                port,
                pin,
                certificate,
                then,
            } => {
                // Kept with its certificate, so that its expiry and a later change can be told.
                let pinned = if pin.matches(&certificate) {
                    self.settings.pin_certificate(&address, port, &certificate);
                    Ok(())
                } else {
                    self.settings.set_pin(&address, port, &pin.to_string())
                };
                let saved = match pinned {
                    Ok(()) => self.save_settings(),
                    Err(e) => {
                        self.notices.push(e.to_string());
                        Task::none()
                    }
                };
                match then {
                    Some(work) => Task::batch([saved, Task::perform(work.run(), Message::Connect)]),
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
                self.screen = Screen::Connected {
                    home: home::State::new(connection),
                    page: None,
                };
                Task::batch(tasks)
            }
        }
    }

    /// The "This server is secondary" page on `client`, named `label` (its address, or the
    /// secondary's name and the primary it is reached through).
    fn open_secondary_page(
        &mut self,
        client: crate::kloapi::KscClient,
        label: String,
    ) -> Task<Message> {
        let mut page = secondary::State::new(client, label, self.usb_scan_roots())
            .with_primaries(self.primary_logins());
        let work = page.open();
        self.open(Page::Secondary(Box::new(page)));
        Task::batch(
            work.into_iter()
                .map(|w| Task::run(w.into_stream(), Message::Secondary)),
        )
    }

    fn home_action(&mut self, action: home::Action) -> Task<Message> {
        let Some(connection) = self.screen.home().map(|h| &h.connection) else {
            return Task::none();
        };
        let client = connection.client.clone();
        match action {
            home::Action::None => Task::none(),
            home::Action::Run(work) => Task::perform(work.run(), Message::Home),
            home::Action::StartWizard(ctx) => {
                let mut wizard = Box::new(wizard::State::new(client, *ctx));
                self.prefill_demo(connection, &mut wizard.wizard);
                let prefill = match &self.settings.secondary_proxy {
                    Some(saved) => wizard.prefill_proxy(saved),
                    None => wizard::Action::None,
                };
                self.open(Page::Wizard(wizard));
                self.wizard_action(prefill)
            }
            home::Action::OpenSecondary => {
                let label = crate::net::host_port(&connection.address, connection.port);
                self.open_secondary_page(client, label)
            }
            home::Action::ExportJoinFile => self.open_export(),
            home::Action::OpenServers => {
                let mut page = servers::State::new(client);
                let work = page.open();
                self.open(Page::Servers(Box::new(page)));
                self.servers_action(servers::Action::Run(work))
            }
            home::Action::OpenMapping => {
                let page = self.mapping_from_home(client);
                let work = page.open();
                self.open(Page::Mapping {
                    page: Box::new(page),
                    prerequisites: None,
                });
                Task::perform(work.run(), Message::Mapping)
            }
            home::Action::OpenPrerequisites => {
                let page = prerequisites::State::new(
                    client,
                    self.settings.autotask.user_name.clone(),
                    self.options.demo_autotask.as_ref(),
                )
                .with_kes_cloud(&self.settings.kes_cloud);
                let work = page.open();
                self.open(Page::Prerequisites(Box::new(page)));
                Task::batch(
                    work.into_iter()
                        .map(|w| Task::perform(w.run(), Message::Prerequisites)),
                )
            }
            home::Action::Disconnect => {
                self.screen = self.connect_screen();
                Task::perform(
                    async move { client.close().await.map_err(|e| e.to_string()) },
                    Message::Disconnected,
                )
            }
        }
    }

    /// The "Export join file" page of the connected server, over the home screen.
    fn open_export(&mut self) -> Task<Message> {
        let Some(connection) = self.screen.home().map(|h| &h.connection) else {
            return Task::none();
        };
        let page = export::State::new(
            connection.client.clone(),
            connection.address.clone(),
            connection.port,
            self.usb_scan_roots(),
        );
        let work = page.open();
        self.open(Page::Export(Box::new(page)));
        Task::perform(work.run(), Message::Export)
    }

    fn prerequisites_action(&mut self, action: prerequisites::Action) -> Task<Message> {
        match action {
            prerequisites::Action::None => Task::none(),
            prerequisites::Action::Run(work) => Task::perform(work.run(), Message::Prerequisites),
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
                if let Some(slot) = self.page_slot()
                    && let Some(Page::Prerequisites(prerequisites)) = slot.take()
                {
                    *slot = Some(Page::Mapping {
                        page: Box::new(page),
                        prerequisites: Some(prerequisites),
                    });
                }
                Task::perform(work.run(), Message::Mapping)
            }
            prerequisites::Action::Close => self.close_page(),
        }
    }

    fn page_slot(&mut self) -> Option<&mut Option<Page>> {
        match &mut self.screen {
            Screen::Connected { page, .. } => Some(page),
            Screen::Connect(_) => None,
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
            let _ = crate::i18n::set_language(Some(tag));
        }
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

    fn wizard_action(&mut self, action: wizard::Action) -> Task<Message> {
        match action {
            wizard::Action::None => Task::none(),
            wizard::Action::Run(work) => Task::run(work.into_stream(), Message::Wizard),
            wizard::Action::Close => self.close_page(),
            wizard::Action::ExportJoinFile => self.open_export(),
            wizard::Action::CopyToClipboard(text) => iced::clipboard::write(text),
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

    /// What a shortcut means on the screen shown; each screen answers for itself. Enter only
    /// does what the screen's default button would do now (nothing while it is disabled); Esc is
    /// the screen's Cancel or Back.
    fn shortcut(&self, s: Shortcut) -> Option<Message> {
        match &self.screen {
            Screen::Connect(c) => c.shortcut(s).map(Message::Connect),
            Screen::Connected { home, page: None } => home.shortcut(s).map(Message::Home),
            Screen::Connected {
                page: Some(page), ..
            } => match page {
                Page::Wizard(p) => p.shortcut(s).map(Message::Wizard),
                Page::Secondary(p) => p.shortcut(s).map(Message::Secondary),
                Page::Export(p) => p.shortcut(s).map(Message::Export),
                Page::Prerequisites(p) => p.shortcut(s).map(Message::Prerequisites),
                Page::Mapping { page, .. } => page.shortcut(s).map(Message::Mapping),
                Page::Servers(p) => p.shortcut(s).map(Message::Servers),
            },
        }
    }

    /// Draws the window.
    pub fn view(&self) -> Element<'_, Message> {
        let body: Element<'_, Message> = match &self.screen {
            Screen::Connect(s) => column![self.language_picker(), s.view().map(Message::Connect)]
                .height(Length::Fill)
                .into(),
            Screen::Connected { home, page: None } => home.view().map(Message::Home),
            Screen::Connected {
                page: Some(page), ..
            } => match page {
                Page::Wizard(p) => p.view().map(Message::Wizard),
                Page::Secondary(p) => p.view().map(Message::Secondary),
                Page::Export(p) => p.view().map(Message::Export),
                Page::Prerequisites(p) => p.view().map(Message::Prerequisites),
                Page::Mapping { page, .. } => page.view().map(Message::Mapping),
                Page::Servers(p) => p.view().map(Message::Servers),
            },
        };
        let mut col = column![];
        if self.options.demo {
            col = col.push(
                container(text(crate::fl!("app-demo-banner")).size(style::HEADING_SIZE))
                    .padding(8)
                    .width(Length::Fill)
                    .center_x(Length::Fill)
                    .style(style::container::banner),
            );
        }
        if let Some(n) = self.close_refused_note() {
            col = col.push(
                container(text(n).style(style::text::warning))
                    .padding(6)
                    .width(Length::Fill),
            );
        }
        if let Some(e) = &self.settings_unsaved {
            let note = if self.unsaved_close_warned {
                crate::fl!("app-settings-unsaved-closing", error = e.clone())
            } else {
                crate::fl!("app-settings-unsaved", error = e.clone())
            };
            col = col.push(
                container(
                    row![
                        text(note).style(style::text::warning).width(Length::Fill),
                        button(text(crate::fl!("app-settings-retry")))
                            .on_press(Message::RetrySaveSettings)
                    ]
                    .spacing(8)
                    .align_y(iced::Alignment::Center),
                )
                .padding(6)
                .width(Length::Fill),
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
