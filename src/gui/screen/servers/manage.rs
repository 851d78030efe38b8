//! The card of one secondary on the "Secondary servers" page: rename, move to another group,
//! re-key after its certificate changed, remove on both sides, and open its own "This server is
//! secondary" page through the primary. Every change shows what it will write first (read fresh
//! from the server that holds the registration) and runs only on "Apply"; a re-key runs only
//! once the new certificate's fingerprint was compared. The rules are `hierarchy::maintain`'s.

use iced::widget::{button, checkbox, column, container, pick_list, row, text, text_input};
use iced::{Alignment, Element, Length};

use crate::cert::CertificateDetails;
use crate::fl;
use crate::gui::style;
use crate::hierarchy::PlannedWrite;
use crate::hierarchy::maintain::{self, Rename, SecondarySide};
use crate::kloapi::KscClient;

/// The input of the new display name.
pub const NAME_ID: &str = "manage-name";
/// The input of the secondary's address and SSL port, for its certificate now.
pub const ADDRESS_ID: &str = "manage-address";

/// A group offered by the picker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupChoice {
    /// Its id.
    pub id: i32,
    /// Its path of names.
    pub path: String,
}

impl std::fmt::Display for GroupChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.path)
    }
}

/// A change to apply.
#[derive(Clone, Debug)]
pub enum Op {
    /// A new name and/or group.
    Rename(Rename),
    /// Registered again with this certificate.
    Rekey(Box<CertificateDetails>),
    /// Removed on both sides; its own side through this session, or why it cannot be reached.
    Remove(Result<KscClient, String>),
}

/// What happened in the card.
#[derive(Clone, Debug)]
pub enum Message {
    /// The new name was edited.
    NameEdited(String),
    /// The groups of its primary were read.
    GroupsLoaded(Result<Vec<(i32, String)>, String>),
    /// A group was picked.
    GroupPicked(GroupChoice),
    /// "Rename…" / "Move…" / "Remove…": read it fresh and show the plan.
    RenamePressed,
    /// See [`Message::RenamePressed`].
    MovePressed,
    /// See [`Message::RenamePressed`].
    RemovePressed,
    /// The address and SSL port for the certificate it presents now.
    AddressEdited(String),
    /// "Get the certificate it presents now".
    FetchPressed,
    /// The certificate it presents now (or why it could not be read).
    Fetched(Result<Box<CertificateDetails>, String>),
    /// "I compared the fingerprint…".
    Compared(bool),
    /// "Re-key…": show the plan.
    RekeyPressed,
    /// The plan of a change was read.
    Planned(Result<(Op, Vec<PlannedWrite>), String>),
    /// "Apply".
    ApplyPressed,
    /// "Cancel" on a plan.
    CancelPressed,
    /// A change ended: what it did, and a note for the secondary's administrator.
    Applied(Result<(Vec<String>, Option<String>), String>),
    /// "Open its 'This server is secondary' page".
    OpenSecondaryPressed,
    /// A session on the secondary, through the primary (or why not).
    Reached(Result<KscClient, String>),
    /// "Copy the note".
    CopyNotePressed,
    /// "Close".
    ClosePressed,
}

/// I/O of the card.
#[derive(Debug)]
pub enum Work {
    /// Read the groups of the registration's primary.
    Groups {
        /// The top-level primary.
        top: KscClient,
        /// The row.
        path: Vec<i32>,
    },
    /// Read the certificate it presents now.
    Fetch {
        /// The top-level primary.
        top: KscClient,
        /// The row.
        path: Vec<i32>,
        /// `HOST:PORT`, or empty to ask through the hierarchy.
        address: String,
    },
    /// Read the registration fresh and make the plan of `op`.
    Plan {
        /// The top-level primary.
        top: KscClient,
        /// The row.
        path: Vec<i32>,
        /// The change (for a removal, the session on the secondary is opened here).
        op: Box<Op>,
    },
    /// Apply `op`.
    Apply {
        /// The top-level primary.
        top: KscClient,
        /// The row.
        path: Vec<i32>,
        /// The change.
        op: Box<Op>,
        /// The top-level primary's address, for the note.
        primary: String,
    },
    /// Open a session on the secondary through the primary.
    Reach {
        /// The top-level primary.
        top: KscClient,
        /// The row.
        path: Vec<i32>,
    },
}

impl Work {
    /// Performs the work.
    pub async fn run(self) -> Message {
        match self {
            Work::Groups { top, path } => Message::GroupsLoaded(
                maintain::groups_of(&top, &path)
                    .await
                    .map_err(|e| e.to_string()),
            ),
            Work::Fetch { top, path, address } => Message::Fetched(
                maintain::presented_certificate(&top, &path, &address)
                    .await
                    .map(Box::new),
            ),
            Work::Plan { top, path, op } => Message::Planned(plan(&top, &path, *op).await),
            Work::Apply {
                top,
                path,
                op,
                primary,
            } => Message::Applied(apply(&top, &path, *op, &primary).await),
            Work::Reach { top, path } => Message::Reached(maintain::reach(&top, &path).await),
        }
    }
}

fn last(path: &[i32]) -> Result<i32, String> {
    path.last().copied().ok_or_else(|| fl!("manage-no-row"))
}

async fn plan(top: &KscClient, path: &[i32], op: Op) -> Result<(Op, Vec<PlannedWrite>), String> {
    let id = last(path)?;
    let primary = maintain::primary_of(top, path)
        .await
        .map_err(|e| e.to_string())?;
    let current = maintain::read_registered(&primary, id)
        .await
        .map_err(|e| e.to_string())?;
    let (op, writes) = match op {
        Op::Rename(change) => {
            let writes = maintain::rename_plan(&current.child, &change);
            (Op::Rename(change), writes)
        }
        Op::Rekey(cert) => {
            let writes = maintain::rekey_plan(&current, &cert);
            (Op::Rekey(cert), writes)
        }
        Op::Remove(_) => {
            let reached = maintain::reach(top, path).await;
            let writes = maintain::remove_plan(&current, reached.is_ok());
            (Op::Remove(reached), writes)
        }
    };
    if writes.is_empty() {
        return Err(fl!("manage-nothing-to-do"));
    }
    Ok((op, writes))
}

async fn apply(
    top: &KscClient,
    path: &[i32],
    op: Op,
    primary_address: &str,
) -> Result<(Vec<String>, Option<String>), String> {
    let id = last(path)?;
    let primary = maintain::primary_of(top, path)
        .await
        .map_err(|e| e.to_string())?;
    match op {
        Op::Rename(change) => maintain::rename_or_move(&primary, &change)
            .await
            .map(|lines| (lines, None))
            .map_err(|e| e.to_string()),
        Op::Rekey(cert) => {
            let r = maintain::rekey(&primary, id, &cert)
                .await
                .map_err(|e| e.to_string())?;
            Ok((
                vec![fl!(
                    "cli-secondary-rekeyed",
                    old = r.old_id,
                    new = r.new_id,
                    fingerprint = r.new_sha256
                )],
                None,
            ))
        }
        Op::Remove(reached) => {
            let removed =
                maintain::remove_both_sides(&primary, id, reached.as_ref().map_err(Clone::clone))
                    .await
                    .map_err(|e| e.to_string())?;
            if let Ok(client) = &reached {
                let _ = client.close().await;
            }
            let mut lines = vec![fl!(
                "cli-secondary-removed",
                name = removed.name.clone(),
                id = removed.id
            )];
            match &removed.secondary {
                SecondarySide::Cleared(_) => lines.push(fl!("cli-secondary-side-cleared")),
                SecondarySide::OtherPrimary(a) => {
                    lines.push(fl!("cli-secondary-side-other", address = a.clone()))
                }
                SecondarySide::NotReached(_) => {}
            }
            Ok((lines, removed.admin_note(primary_address)))
        }
    }
}

/// What the card asks of the page.
#[derive(Debug)]
pub enum Action {
    /// Nothing.
    None,
    /// Run this work.
    Run(Work),
    /// A change was applied: read the list again.
    Changed,
    /// Open the secondary's own page on this session.
    OpenSecondary(KscClient),
    /// Put this text on the clipboard.
    Copy(String),
    /// Close the card.
    Close,
}

/// The card of the secondary at `path`.
#[derive(Debug)]
pub struct State {
    top: KscClient,
    primary_address: String,
    /// The row's path of ids.
    pub path: Vec<i32>,
    /// Its name when the card opened.
    pub name: String,
    new_name: String,
    groups: Option<Result<Vec<GroupChoice>, String>>,
    group: Option<GroupChoice>,
    address: String,
    certificate: Option<Result<Box<CertificateDetails>, String>>,
    compared: bool,
    /// The plan shown, waiting for "Apply".
    pub pending: Option<(Op, Vec<PlannedWrite>)>,
    busy: bool,
    /// What the last change did, or why it failed.
    pub outcome: Option<Result<Vec<String>, String>>,
    /// What the secondary's administrator must do, after a removal that could not reach it.
    pub note: Option<String>,
}

impl State {
    /// The card of the row at `path` named `name`, whose address is `address` (`HOST:PORT`, or
    /// empty); the first work reads the groups it may move to.
    pub fn new(
        top: KscClient,
        primary_address: String,
        path: Vec<i32>,
        name: String,
        address: String,
    ) -> (Self, Work) {
        let work = Work::Groups {
            top: top.clone(),
            path: path.clone(),
        };
        (
            Self {
                top,
                primary_address,
                path,
                new_name: name.clone(),
                name,
                groups: None,
                group: None,
                address,
                certificate: None,
                compared: false,
                pending: None,
                busy: false,
                outcome: None,
                note: None,
            },
            work,
        )
    }

    fn plan(&mut self, op: Op) -> Action {
        self.busy = true;
        self.outcome = None;
        Action::Run(Work::Plan {
            top: self.top.clone(),
            path: self.path.clone(),
            op: Box::new(op),
        })
    }

    /// Handles a message.
    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::NameEdited(v) => self.new_name = v,
            Message::GroupsLoaded(r) => {
                self.groups = Some(r.map(|list| {
                    list.into_iter()
                        .map(|(id, path)| GroupChoice { id, path })
                        .collect()
                }));
            }
            Message::GroupPicked(g) => self.group = Some(g),
            Message::RenamePressed => {
                let id = self.path.last().copied().unwrap_or_default();
                return self.plan(Op::Rename(Rename {
                    id,
                    display_name: Some(self.new_name.clone()),
                    group: None,
                }));
            }
            Message::MovePressed => {
                let Some(g) = self.group.clone() else {
                    return Action::None;
                };
                let id = self.path.last().copied().unwrap_or_default();
                return self.plan(Op::Rename(Rename {
                    id,
                    display_name: None,
                    group: Some((g.id, g.path)),
                }));
            }
            Message::RemovePressed => return self.plan(Op::Remove(Err(String::new()))),
            Message::AddressEdited(v) => self.address = v,
            Message::FetchPressed => {
                self.busy = true;
                self.certificate = None;
                self.compared = false;
                return Action::Run(Work::Fetch {
                    top: self.top.clone(),
                    path: self.path.clone(),
                    address: self.address.clone(),
                });
            }
            Message::Fetched(r) => {
                self.busy = false;
                self.certificate = Some(r);
            }
            Message::Compared(v) => self.compared = v,
            Message::RekeyPressed => {
                let cert = match &self.certificate {
                    Some(Ok(c)) if self.compared => c.clone(),
                    _ => return Action::None,
                };
                return self.plan(Op::Rekey(cert));
            }
            Message::Planned(r) => {
                self.busy = false;
                match r {
                    Ok(p) => self.pending = Some(p),
                    Err(e) => self.outcome = Some(Err(e)),
                }
            }
            Message::ApplyPressed => {
                let Some((op, _)) = self.pending.take() else {
                    return Action::None;
                };
                self.busy = true;
                return Action::Run(Work::Apply {
                    top: self.top.clone(),
                    path: self.path.clone(),
                    op: Box::new(op),
                    primary: self.primary_address.clone(),
                });
            }
            Message::CancelPressed => self.pending = None,
            Message::Applied(r) => {
                self.busy = false;
                match r {
                    Ok((lines, note)) => {
                        self.outcome = Some(Ok(lines));
                        self.note = note;
                        self.certificate = None;
                        self.compared = false;
                        return Action::Changed;
                    }
                    Err(e) => self.outcome = Some(Err(e)),
                }
            }
            Message::OpenSecondaryPressed => {
                self.busy = true;
                return Action::Run(Work::Reach {
                    top: self.top.clone(),
                    path: self.path.clone(),
                });
            }
            Message::Reached(r) => {
                self.busy = false;
                match r {
                    Ok(client) => return Action::OpenSecondary(client),
                    Err(e) => self.outcome = Some(Err(e)),
                }
            }
            Message::CopyNotePressed => {
                if let Some(note) = &self.note {
                    return Action::Copy(note.clone());
                }
            }
            Message::ClosePressed => return Action::Close,
        }
        Action::None
    }

    /// Draws the card.
    pub fn view(&self) -> Element<'_, Message> {
        let idle = !self.busy && self.pending.is_none();
        let heading = row![
            text(fl!("manage-title", name = self.name.clone()))
                .size(style::HEADING_SIZE)
                .width(Length::Fill),
            button(text(fl!("manage-open-secondary")))
                .style(style::button::secondary)
                .on_press_maybe(idle.then_some(Message::OpenSecondaryPressed)),
            button(text(fl!("manage-close")))
                .style(style::button::secondary)
                .on_press(Message::ClosePressed),
        ]
        .spacing(style::GAP)
        .align_y(Alignment::Center);
        let rename = row![
            text_input(&fl!("maintain-label-name"), &self.new_name)
                .id(NAME_ID)
                .on_input(Message::NameEdited)
                .padding(6)
                .style(style::text_input::normal),
            button(text(fl!("manage-rename")))
                .style(style::button::secondary)
                .on_press_maybe(idle.then_some(Message::RenamePressed)),
        ]
        .spacing(style::GAP)
        .align_y(Alignment::Center);
        let groups: Element<'_, Message> = match &self.groups {
            None => text(fl!("manage-groups-loading"))
                .style(style::text::muted)
                .into(),
            Some(Err(e)) => text(e.clone()).style(style::text::error).into(),
            Some(Ok(list)) => row![
                pick_list(list.as_slice(), self.group.clone(), Message::GroupPicked)
                    .placeholder(fl!("manage-pick-group"))
                    .width(Length::Fill),
                button(text(fl!("manage-move")))
                    .style(style::button::secondary)
                    .on_press_maybe((idle && self.group.is_some()).then_some(Message::MovePressed)),
            ]
            .spacing(style::GAP)
            .align_y(Alignment::Center)
            .into(),
        };
        let mut rekey = column![
            row![
                text_input(&fl!("manage-address-placeholder"), &self.address)
                    .id(ADDRESS_ID)
                    .on_input(Message::AddressEdited)
                    .padding(6)
                    .style(style::text_input::normal),
                button(text(fl!("manage-fetch")))
                    .style(style::button::secondary)
                    .on_press_maybe(idle.then_some(Message::FetchPressed)),
            ]
            .spacing(style::GAP)
            .align_y(Alignment::Center),
        ]
        .spacing(4);
        match &self.certificate {
            Some(Ok(c)) => {
                rekey = rekey.push(
                    text(fl!(
                        "manage-fetched",
                        fingerprint = c.sha256_colon(),
                        until = crate::cert::show_date(c.not_after)
                    ))
                    .wrapping(iced::widget::text::Wrapping::WordOrGlyph),
                );
                rekey = rekey.push(
                    row![
                        checkbox(self.compared)
                            .label(fl!("manage-compared"))
                            .on_toggle(Message::Compared)
                            .style(style::checkbox::normal),
                        button(text(fl!("manage-rekey")))
                            .style(style::button::secondary)
                            .on_press_maybe(
                                (idle && self.compared).then_some(Message::RekeyPressed)
                            ),
                    ]
                    .spacing(style::GAP)
                    .align_y(Alignment::Center),
                );
            }
            Some(Err(e)) => rekey = rekey.push(text(e.clone()).style(style::text::error)),
            None => {}
        }
        let remove = button(text(fl!("manage-remove")))
            .style(style::button::secondary)
            .on_press_maybe(idle.then_some(Message::RemovePressed));
        let mut col = column![
            heading,
            rename,
            groups,
            text(fl!("manage-rekey-hint"))
                .size(style::SMALL_SIZE)
                .style(style::text::muted),
            rekey,
            remove,
        ]
        .spacing(style::GAP);
        if self.busy {
            col = col.push(text(fl!("manage-busy")).style(style::text::muted));
        }
        if let Some((_, writes)) = &self.pending {
            let mut plan = column![text(fl!("cli-secondary-plan"))].spacing(4);
            for w in writes {
                plan = plan.push(
                    text(format!("{}: {} ({})", w.label, w.value, w.name))
                        .wrapping(iced::widget::text::Wrapping::WordOrGlyph),
                );
            }
            plan = plan.push(
                row![
                    button(text(fl!("manage-apply")))
                        .style(style::button::primary)
                        .on_press(Message::ApplyPressed),
                    button(text(fl!("manage-cancel")))
                        .style(style::button::secondary)
                        .on_press(Message::CancelPressed),
                ]
                .spacing(style::GAP),
            );
            col = col.push(container(plan).padding(8).style(style::container::card));
        }
        match &self.outcome {
            Some(Ok(lines)) => {
                for l in lines {
                    col = col.push(text(l.clone()).style(style::text::success));
                }
            }
            Some(Err(e)) => {
                col = col.push(
                    text(e.clone())
                        .wrapping(iced::widget::text::Wrapping::WordOrGlyph)
                        .style(style::text::error),
                );
            }
            None => {}
        }
        if let Some(note) = &self.note {
            col = col.push(text(note.clone()).style(style::text::warning));
            col = col.push(
                button(text(fl!("manage-copy-note")))
                    .style(style::button::secondary)
                    .on_press(Message::CopyNotePressed),
            );
        }
        container(col)
            .padding(12)
            .width(Length::Fill)
            .style(style::container::card)
            .into()
    }
}
