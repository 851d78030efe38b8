//! The connected server and what can be done with it.

use iced::widget::{button, column, row, text};
use iced::{Element, Length};

use super::connect::Connection;
use crate::gui::style;
use crate::gui::widget::shortcuts::Shortcut;
use crate::hierarchy::wizard::PrimaryContext;
use crate::kloapi::{KscClient, KscError};

/// What happened on the home screen.
// Messages and actions are moved once per event; boxing the large answers would only add noise.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
pub enum Message {
    /// "Add secondary Administration Server" was pressed.
    AddSecondaryPressed,
    /// The primary's groups and certificate were read.
    PrimaryLoaded(Result<PrimaryContext, KscError>),
    /// "Disconnect" was pressed.
    DisconnectPressed,
    /// "This server is secondary" was pressed.
    SecondaryPressed,
    /// "Export join file" was pressed.
    ExportJoinPressed,
    /// "Autotask integration prerequisites" was pressed.
    PrerequisitesPressed,
    /// "Map virtual servers to Autotask accounts" was pressed.
    MappingPressed,
    /// "Secondary servers" was pressed.
    ServersPressed,
}

/// I/O of the home screen.
#[derive(Debug)]
pub enum Work {
    /// Read what the wizard needs from the primary.
    LoadPrimary {
        /// The primary.
        client: KscClient,
        /// Its address as typed.
        address: String,
    },
}

impl Work {
    /// Performs the work.
    pub async fn run(self) -> Message {
        match self {
            Work::LoadPrimary { client, address } => {
                Message::PrimaryLoaded(PrimaryContext::load(&client, &address).await)
            }
        }
    }
}

/// What the shell should do.
#[derive(Debug)]
pub enum Action {
    /// Nothing.
    None,
    /// Run this work.
    Run(Work),
    /// Open the wizard on this primary.
    StartWizard(Box<PrimaryContext>),
    /// Back to the connect screen.
    Disconnect,
    /// Open the "This server is secondary" page.
    OpenSecondary,
    /// Open the "Export join file" page.
    ExportJoinFile,
    /// Open the "Autotask integration prerequisites" page.
    OpenPrerequisites,
    /// Open the mapping of virtual servers to Autotask accounts.
    OpenMapping,
    /// Open the "Secondary servers" page.
    OpenServers,
}

/// The home screen.
#[derive(Debug)]
pub struct State {
    /// The connected server.
    pub connection: Connection,
    /// The administration groups are being read (the actions wait for them).
    pub loading: bool,
    error: Option<String>,
}

impl State {
    /// The home screen of `connection`.
    pub fn new(connection: Connection) -> Self {
        Self {
            connection,
            loading: false,
            error: None,
        }
    }

    /// Handles a message.
    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::AddSecondaryPressed => {
                self.loading = true;
                self.error = None;
                Action::Run(Work::LoadPrimary {
                    client: self.connection.client.clone(),
                    address: self.connection.address.clone(),
                })
            }
            Message::PrimaryLoaded(r) => {
                self.loading = false;
                match r {
                    Ok(ctx) => Action::StartWizard(Box::new(ctx)),
                    Err(e) => {
                        self.error = Some(crate::fl!("home-groups-failed", error = e.to_string()));
                        Action::None
                    }
                }
            }
            Message::DisconnectPressed => Action::Disconnect,
            Message::SecondaryPressed => Action::OpenSecondary,
            Message::ExportJoinPressed => Action::ExportJoinFile,
            Message::PrerequisitesPressed => Action::OpenPrerequisites,
            Message::MappingPressed => Action::OpenMapping,
            Message::ServersPressed => Action::OpenServers,
        }
    }

    /// Enter is "Add secondary Administration Server" once the primary is read.
    pub fn shortcut(&self, s: Shortcut) -> Option<Message> {
        (s == Shortcut::Default && !self.loading).then_some(Message::AddSecondaryPressed)
    }

    /// Draws the screen.
    pub fn view(&self) -> Element<'_, Message> {
        let c = &self.connection;
        let mut col = column![
            text(crate::fl!(
                "home-connected",
                address = crate::hierarchy::validate::host_port(&c.address, c.port),
                user = c.user.as_str()
            ))
            .size(style::TITLE_SIZE),
            text(crate::fl!(
                "home-certificate",
                fingerprint = c.pin.colon_hex()
            ))
            .style(style::text::muted),
            text(crate::fl!("home-add-secondary-intro")),
            row![
                button(text(crate::fl!("home-add-secondary")))
                    .style(style::button::primary)
                    .on_press_maybe((!self.loading).then_some(Message::AddSecondaryPressed)),
                button(text(crate::fl!("home-servers")))
                    .style(style::button::secondary)
                    .on_press_maybe((!self.loading).then_some(Message::ServersPressed)),
                button(text(crate::fl!("home-disconnect")))
                    .style(style::button::secondary)
                    .on_press(Message::DisconnectPressed),
            ]
            .spacing(style::GAP),
            text(crate::fl!("home-secondary-side-intro")),
            row![
                button(text(crate::fl!("home-this-server-is-secondary")))
                    .style(style::button::secondary)
                    .on_press_maybe((!self.loading).then_some(Message::SecondaryPressed)),
                button(text(crate::fl!("home-export-join-file")))
                    .style(style::button::secondary)
                    .on_press_maybe((!self.loading).then_some(Message::ExportJoinPressed)),
            ]
            .spacing(style::GAP),
            text(crate::fl!("home-autotask-intro")),
            button(text(crate::fl!("home-autotask-prerequisites")))
                .style(style::button::secondary)
                .on_press_maybe((!self.loading).then_some(Message::PrerequisitesPressed)),
            button(iced::widget::text(crate::fl!("mapping-title")))
                .style(style::button::secondary)
                .on_press_maybe((!self.loading).then_some(Message::MappingPressed)),
        ]
        .spacing(style::SECTION)
        .padding(style::PAGE_PADDING)
        .width(Length::Fill);
        if self.loading {
            col = col.push(text(crate::fl!("home-reading-groups")));
        }
        if let Some(e) = &self.error {
            col = col.push(text(e.clone()).style(style::text::error));
        }
        col.into()
    }
}
