//! "Secondary servers": every secondary of the connected primary in one table (their own
//! secondaries indented below them), with what needs a look: inactive for how long, the version
//! against the primary's, DMZ mode, the registered certificate's end, and whether the server
//! presents that certificate now. A filter, "Needs attention only", CSV export and Refresh.
//!
//! The rules are [`crate::hierarchy::health`]'s; this page shows them. The list comes first,
//! then the looks at each server stream in ([`health::check`]), so the table is there at once.

pub mod manage;

use std::path::PathBuf;

use futures::StreamExt;
use futures::stream::BoxStream;
use iced::widget::scrollable::Viewport;
use iced::widget::text::Wrapping;
use iced::widget::{Space, button, checkbox, column, container, row, text, text_input, tooltip};
use iced::{Alignment, Element, Length};
use time::OffsetDateTime;

use crate::fl;
use crate::gui::dialog::{self, NoDialog};
use crate::gui::style;
use crate::gui::widget::path_entry::{self, PathEntry};
use crate::gui::widget::shortcuts::Shortcut;
use crate::gui::widget::virtual_list;
use crate::hierarchy::health::{
    self, CheckEvent, CheckOptions, Expiry, Filter, Fleet, Inactivity, LoadOptions, Nested,
    Presented, Row, Via,
};
use crate::kloapi::{KscClient, ServerStatus};

/// Id of the filter input.
pub const FILTER_ID: &str = "servers-filter";
/// Id of the export path input (shown when no save dialog could be shown).
pub const EXPORT_PATH_ID: &str = "servers-export-path";
/// The file name the export offers.
pub const EXPORT_FILE_NAME: &str = "secondary-servers.csv";

/// Widths of the table's columns, as shares of the row.
const WIDTHS: [u16; 9] = [6, 11, 4, 5, 6, 5, 9, 6, 8];
/// Indent of each nesting level, in pixels.
const INDENT: f32 = 14.0;

/// What happened on the page.
#[derive(Clone, Debug)]
pub enum Message {
    /// The list was read (or not), at the time given; the number is the load's.
    Loaded(u64, Result<(Box<Fleet>, OffsetDateTime), String>),
    /// A look at one server came back.
    Checked(u64, CheckEvent),
    /// Every look came back.
    ChecksDone(u64),
    /// The filter text changed.
    FilterChanged(String),
    /// "Needs attention only" was toggled.
    AttentionToggled(bool),
    /// "Refresh".
    RefreshPressed,
    /// "Export CSV…".
    ExportPressed,
    /// Where to export (from the save dialog, or a test).
    ExportPathPicked(Option<PathBuf>),
    /// The export path typed where no save dialog could be shown.
    ExportTypedPath(path_entry::Message),
    /// The export was written (how many rows), or why not.
    Exported(Result<(PathBuf, usize), String>),
    /// "Back to home".
    BackPressed,
    /// A server's name was clicked: its card (rename, move, re-key, remove, its own page).
    Manage(Vec<i32>),
    /// Something happened in the card.
    Card(manage::Message),
    /// The table was scrolled (only the rows in view are built).
    Scrolled(Viewport),
}

/// Height of a line of the table (small text).
const LINE_HEIGHT: f32 = style::SMALL_SIZE * 1.3;
/// Height of a server's row: one line in a card's padding. Rows are held to it (and one with
/// reasons to look at to [`TALL_ROW_HEIGHT`]), so the table places them without laying out all.
pub const ROW_HEIGHT: f32 = LINE_HEIGHT + 8.0;
/// Height of a row with its line of reasons to look at.
pub const TALL_ROW_HEIGHT: f32 = ROW_HEIGHT + 2.0 + LINE_HEIGHT;
/// Space between rows.
const ROW_SPACING: f32 = 2.0;

/// I/O of the page.
#[derive(Debug)]
pub enum Work {
    /// Read the secondaries.
    Load {
        /// The primary.
        client: KscClient,
        /// Which load this is.
        generation: u64,
        /// How.
        opts: LoadOptions,
    },
    /// Look at each secondary, and below them.
    Check {
        /// The primary.
        client: KscClient,
        /// The rows to look at.
        rows: Vec<Row>,
        /// Which load they came from.
        generation: u64,
        /// How.
        opts: CheckOptions,
    },
    /// Ask where to export.
    PickExportPath,
    /// Write the CSV.
    WriteCsv {
        /// Where.
        path: PathBuf,
        /// What.
        text: String,
        /// How many secondaries it holds.
        count: usize,
    },
    /// The card's work.
    Card(manage::Work),
}

impl Work {
    /// Performs the work: one message, or for the looks one per finding and a last one.
    pub fn into_stream(self) -> BoxStream<'static, Message> {
        match self {
            Work::Check {
                client,
                rows,
                generation,
                opts,
            } => health::check(client, rows, opts)
                .map(move |e| Message::Checked(generation, e))
                .chain(futures::stream::once(async move {
                    Message::ChecksDone(generation)
                }))
                .boxed(),
            other => futures::stream::once(other.run()).boxed(),
        }
    }

    async fn run(self) -> Message {
        match self {
            Work::Load {
                client,
                generation,
                opts,
            } => {
                let r = health::load(&client, &opts).await;
                // Seconds only: KSC's own times carry no fraction.
                let at = OffsetDateTime::now_utc();
                let at = at.replace_nanosecond(0).unwrap_or(at);
                Message::Loaded(
                    generation,
                    r.map(|f| (Box::new(f), at)).map_err(|e| e.to_string()),
                )
            }
            // Only `into_stream` runs looks; here they run to their end, the last message kept.
            w @ Work::Check { .. } => {
                w.into_stream()
                    .fold(Message::ChecksDone(0), |_, m| async { m })
                    .await
            }
            Work::PickExportPath => {
                let filters = [("CSV".to_string(), &["csv"][..])];
                match dialog::save(fl!("servers-export"), EXPORT_FILE_NAME, None, &filters).await {
                    Ok(picked) => Message::ExportPathPicked(picked),
                    Err(NoDialog) => Message::ExportTypedPath(path_entry::Message::NoDialog),
                }
            }
            Work::Card(w) => Message::Card(w.run().await),
            Work::WriteCsv { path, text, count } => {
                let p = path.clone();
                let r = tokio::task::spawn_blocking(move || std::fs::write(&p, text))
                    .await
                    .map_err(|e| e.to_string())
                    .and_then(|r| r.map_err(|e| format!("{}: {e}", path.display())));
                Message::Exported(r.map(|()| (path, count)))
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
    /// Run the looks and hand the page its handle ([`State::checking`]): they stop when the
    /// page reloads or closes.
    Check(Work),
    /// Back to the home screen.
    Close,
    /// Open the "This server is secondary" page on this session (a secondary reached through
    /// the primary), named so.
    OpenSecondary(KscClient, String),
    /// Put this text on the clipboard.
    Copy(String),
}

/// The page.
#[derive(Debug)]
pub struct State {
    client: KscClient,
    fleet: Option<Fleet>,
    generation: u64,
    loading: bool,
    checking: bool,
    load_error: Option<String>,
    /// The rows shown.
    pub filter: Filter,
    /// The time the findings are judged at: when the list was read, unless fixed.
    now: OffsetDateTime,
    fixed_now: Option<OffsetDateTime>,
    load_opts: LoadOptions,
    check_opts: CheckOptions,
    /// Indices of the rows the filter shows, kept with the fleet and the filter.
    visible: Vec<usize>,
    /// Each row's reasons for attention at `now`, in the fleet's order, and the numbers above
    /// the table: judged when the fleet or `now` changes, not at every frame.
    reasons: Vec<Vec<health::Reason>>,
    counts: health::Counts,
    /// Rows whose own secondaries could not be listed.
    unlisted: usize,
    export_path: PathEntry,
    notice: Option<Result<String, String>>,
    check_task: Option<iced::task::Handle>,
    /// The card of the server being managed.
    pub card: Option<manage::State>,
    /// Where the table is scrolled.
    table: virtual_list::Window,
}

impl State {
    /// The page of the primary `client` is logged in to; [`Self::open`] reads it.
    pub fn new(client: KscClient) -> Self {
        Self {
            client,
            fleet: None,
            generation: 0,
            loading: false,
            checking: false,
            load_error: None,
            filter: Filter::default(),
            now: OffsetDateTime::UNIX_EPOCH,
            fixed_now: None,
            load_opts: LoadOptions::default(),
            check_opts: CheckOptions::default(),
            visible: Vec::new(),
            reasons: Vec::new(),
            counts: health::Counts::default(),
            unlisted: 0,
            export_path: PathEntry::for_saving(),
            notice: None,
            check_task: None,
            card: None,
            table: virtual_list::Window::default(),
        }
    }

    /// Judges at `now` instead of the time of loading (for pictures that never change).
    pub fn with_fixed_now(mut self, now: OffsetDateTime) -> Self {
        self.fixed_now = Some(now);
        self.now = now;
        self
    }

    /// Looks at the servers with `opts`.
    pub fn with_check_options(mut self, opts: CheckOptions) -> Self {
        self.check_opts = opts;
        self
    }

    /// Reads the list with `opts`.
    pub fn with_load_options(mut self, opts: LoadOptions) -> Self {
        self.load_opts = opts;
        self
    }

    /// The work to run when the page opens (and on Refresh).
    pub fn open(&mut self) -> Work {
        self.generation += 1;
        self.loading = true;
        self.checking = false;
        self.check_task = None;
        Work::Load {
            client: self.client.clone(),
            generation: self.generation,
            opts: self.load_opts.clone(),
        }
    }

    /// The running looks' task, aborted when the page reloads or is dropped.
    pub fn checking(&mut self, handle: iced::task::Handle) {
        self.check_task = Some(handle.abort_on_drop());
    }

    /// What was read, once read.
    pub fn fleet(&self) -> Option<&Fleet> {
        self.fleet.as_ref()
    }

    /// The rows shown, in order.
    pub fn visible_rows(&self) -> Vec<&Row> {
        let Some(f) = &self.fleet else {
            return Vec::new();
        };
        self.visible.iter().filter_map(|i| f.rows.get(*i)).collect()
    }

    /// Whether the list is being read.
    pub fn is_loading(&self) -> bool {
        self.loading
    }

    /// Whether the looks at the servers are still coming in.
    pub fn is_checking(&self) -> bool {
        self.checking
    }

    /// The time the findings are judged at.
    pub fn now(&self) -> OffsetDateTime {
        self.now
    }

    /// Each visible row with its reasons for attention, as the table shows them.
    pub fn visible_reasons(&self) -> Vec<(&Row, &[health::Reason])> {
        let Some(f) = &self.fleet else {
            return Vec::new();
        };
        self.visible
            .iter()
            .filter_map(|i| Some((f.rows.get(*i)?, self.reasons.get(*i)?.as_slice())))
            .collect()
    }

    /// The numbers above the table.
    pub fn counts(&self) -> health::Counts {
        self.counts
    }

    fn rejudge(&mut self) {
        let Some(f) = &self.fleet else {
            self.reasons.clear();
            self.counts = health::Counts::default();
            self.unlisted = 0;
            return;
        };
        self.reasons = f
            .rows
            .iter()
            .map(|r| health::attention(r, self.now))
            .collect();
        self.counts = f.counts(self.now);
        self.unlisted = f
            .rows
            .iter()
            .filter(|r| matches!(r.nested, Nested::Failed(_)))
            .count();
    }

    fn refilter(&mut self) {
        self.visible = self
            .fleet
            .as_ref()
            .map(|f| f.visible(&self.filter, self.now))
            .unwrap_or_default();
    }

    /// Esc goes back home; Enter refreshes.
    pub fn shortcut(&self, s: Shortcut) -> Option<Message> {
        match s {
            Shortcut::Cancel => Some(Message::BackPressed),
            Shortcut::Default if !self.loading => Some(Message::RefreshPressed),
            _ => None,
        }
    }

    /// Handles a message.
    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Loaded(g, _) | Message::Checked(g, _) | Message::ChecksDone(g)
                if g != self.generation =>
            {
                // From a load that Refresh replaced.
            }
            Message::Loaded(_, Ok((fleet, at))) => {
                self.loading = false;
                self.load_error = None;
                self.now = self.fixed_now.unwrap_or(at);
                let rows = fleet.rows.clone();
                self.fleet = Some(*fleet);
                self.rejudge();
                self.refilter();
                // The card follows a rename; after a re-key its row has another id, and the
                // card keeps what it did until closed.
                if let Some(card) = &mut self.card
                    && let Some(row) = self.fleet.as_ref().and_then(|f| f.row(&card.path))
                {
                    card.name = row.name.clone();
                }
                self.checking = true;
                return Action::Check(Work::Check {
                    client: self.client.clone(),
                    rows,
                    generation: self.generation,
                    opts: self.check_opts.clone(),
                });
            }
            Message::Loaded(_, Err(e)) => {
                self.loading = false;
                self.load_error = Some(e);
            }
            Message::Checked(_, event) => {
                if let Some(f) = &mut self.fleet {
                    let reorders = matches!(event, CheckEvent::Nested { .. });
                    f.apply(event);
                    self.rejudge();
                    // A finding can change what "needs attention" shows; nested rows move
                    // the indices.
                    if reorders || self.filter.attention_only {
                        self.refilter();
                    }
                }
            }
            Message::ChecksDone(_) => {
                self.checking = false;
                self.check_task = None;
            }
            Message::FilterChanged(t) => {
                self.filter.text = t;
                self.refilter();
            }
            Message::AttentionToggled(on) => {
                self.filter.attention_only = on;
                self.refilter();
            }
            Message::Scrolled(v) => self.table.scrolled(v),
            Message::RefreshPressed => {
                self.notice = None;
                return Action::Run(self.open());
            }
            Message::ExportPressed => return Action::Run(Work::PickExportPath),
            Message::ExportPathPicked(Some(path)) => {
                let Some(f) = &self.fleet else {
                    return Action::None;
                };
                return Action::Run(Work::WriteCsv {
                    path,
                    text: f.to_csv(&self.visible, self.now),
                    count: self.visible.len(),
                });
            }
            Message::ExportPathPicked(None) => {}
            Message::ExportTypedPath(m) => {
                if let Some(path) = self.export_path.update(m) {
                    return self.update(Message::ExportPathPicked(Some(path)));
                }
            }
            Message::Exported(r) => {
                self.notice = Some(match r {
                    Ok((p, count)) => Ok(fl!(
                        "servers-exported",
                        count = count,
                        path = p.display().to_string()
                    )),
                    Err(e) => Err(fl!("servers-export-failed", error = e)),
                });
            }
            Message::BackPressed => return Action::Close,
            Message::Manage(path) => {
                let Some(row) = self.fleet.as_ref().and_then(|f| f.row(&path)) else {
                    return Action::None;
                };
                if self.card.as_ref().is_some_and(|c| c.path == path) {
                    self.card = None;
                    return Action::None;
                }
                let (card, work) = manage::State::new(
                    self.client.clone(),
                    self.client.endpoint().to_string(),
                    path,
                    row.name.clone(),
                    row.address.clone().unwrap_or_default(),
                );
                self.card = Some(card);
                return Action::Run(Work::Card(work));
            }
            Message::Card(m) => {
                let Some(card) = &mut self.card else {
                    return Action::None;
                };
                let name = card.name.clone();
                match card.update(m) {
                    manage::Action::None => {}
                    manage::Action::Run(w) => return Action::Run(Work::Card(w)),
                    manage::Action::Changed => return Action::Run(self.open()),
                    manage::Action::OpenSecondary(client) => {
                        return Action::OpenSecondary(client, name);
                    }
                    manage::Action::Copy(text) => return Action::Copy(text),
                    manage::Action::Close => self.card = None,
                }
            }
        }
        Action::None
    }

    /// Draws the page: the actions and the filter above, the table scrolling below them.
    pub fn view(&self) -> Element<'_, Message> {
        let mut top = column![text(fl!("servers-title")).size(style::TITLE_SIZE)]
            .spacing(style::GAP * 1.5)
            .width(Length::Fill);
        if let Some(f) = &self.fleet {
            let time = show_time(self.now);
            top = top.push(
                text(match &f.primary_version {
                    Some(v) => fl!("servers-as-of", version = v.as_str(), time = time),
                    None => fl!("servers-as-of-no-version", time = time),
                })
                .style(style::text::muted),
            );
            let c = self.counts;
            let mut counts = row![
                text(fl!("servers-count", count = c.total)),
                text(fl!("servers-count-active", count = c.active)).style(style::text::success),
                text(fl!("servers-count-inactive", count = c.inactive)),
                text(fl!("servers-count-attention", count = c.attention))
                    .style(style::text::warning),
            ]
            .spacing(style::SECTION);
            if self.checking {
                counts = counts.push(text(fl!("servers-checking")).style(style::text::muted));
            }
            let unlisted = self.unlisted;
            top = top.push(counts);
            if unlisted > 0 {
                // Each one's reason is in its row's export; in the table it would repeat itself.
                top = top.push(
                    text(fl!("servers-nested-unlisted", count = unlisted))
                        .size(style::SMALL_SIZE)
                        .style(style::text::muted),
                );
            }
        }
        let mut actions = row![
            button(text(fl!("servers-refresh")))
                .style(style::button::primary)
                .on_press_maybe((!self.loading).then_some(Message::RefreshPressed)),
            button(text(fl!("servers-export")))
                .style(style::button::secondary)
                .on_press_maybe(self.fleet.is_some().then_some(Message::ExportPressed)),
            button(text(fl!("servers-back")))
                .style(style::button::secondary)
                .on_press(Message::BackPressed),
        ]
        .spacing(style::GAP);
        if self.loading {
            actions = actions.push(text(fl!("servers-loading")).style(style::text::muted));
        }
        top = top.push(actions);
        if let Some(field) = self.export_path.view(
            EXPORT_PATH_ID,
            EXPORT_FILE_NAME.into(),
            Message::ExportTypedPath,
        ) {
            top = top.push(field);
        }
        match &self.notice {
            Some(Ok(n)) => top = top.push(text(n.as_str()).style(style::text::success)),
            Some(Err(n)) => top = top.push(text(n.as_str()).style(style::text::error)),
            None => {}
        }
        if let Some(e) = &self.load_error {
            top = top.push(
                text(fl!("servers-load-failed", error = e.as_str())).style(style::text::error),
            );
        }
        let Some(fleet) = &self.fleet else {
            return container(top).padding(style::PAGE_PADDING).into();
        };
        top = top.push(
            row![
                text_input(&fl!("servers-filter"), &self.filter.text)
                    .id(FILTER_ID)
                    .on_input(Message::FilterChanged)
                    .padding(6)
                    .width(Length::FillPortion(3))
                    .style(style::text_input::normal),
                checkbox(self.filter.attention_only)
                    .label(fl!("servers-attention-only"))
                    .on_toggle(Message::AttentionToggled)
                    .style(style::checkbox::normal),
                text(fl!(
                    "servers-showing",
                    shown = self.visible.len(),
                    total = fleet.rows.len()
                ))
                .style(style::text::muted),
            ]
            .spacing(style::SECTION)
            .align_y(Alignment::Center),
        );
        if let Some(card) = &self.card {
            top = top.push(card.view().map(Message::Card));
        }
        let table: Element<'_, Message> = if fleet.rows.is_empty() {
            text(fl!("servers-none")).into()
        } else if self.visible.is_empty() {
            text(fl!("servers-none-match")).into()
        } else {
            let rows = self.visible_reasons();
            virtual_list::view(
                &self.table,
                rows.len(),
                |i| {
                    if rows[i].1.is_empty() {
                        ROW_HEIGHT
                    } else {
                        TALL_ROW_HEIGHT
                    }
                },
                ROW_SPACING,
                None,
                |i| {
                    container(self.row_view(rows[i].0, rows[i].1))
                        .padding(iced::Padding::ZERO.right(virtual_list::SCROLLBAR_GUTTER))
                        .into()
                },
                Message::Scrolled,
            )
            .style(style::scrollable::page)
            .into()
        };
        column![top, header(), table]
            .spacing(style::GAP)
            .padding(style::PAGE_PADDING)
            .width(Length::Fill)
            .height(Length::Fill)
            .into()
    }

    fn row_view<'a>(&self, r: &'a Row, reasons: &[health::Reason]) -> Element<'a, Message> {
        let now = self.now;
        // One line a cell, cut at its edge: the table places rows by fixed heights.
        let small = |s: String| text(s).size(style::SMALL_SIZE).wrapping(Wrapping::None);
        let name = row![
            Space::new().width(INDENT * r.depth() as f32),
            button(small(if r.depth() > 0 {
                format!("↳ {}", r.name)
            } else {
                r.name.clone()
            }))
            .padding(0)
            .style(style::button::link)
            .on_press(Message::Manage(r.path.clone())),
        ];
        let status = match r.status {
            Some(ServerStatus::Active) => small(fl!("status-active")).style(style::text::success),
            Some(ServerStatus::Inactive) => {
                small(fl!("status-inactive")).style(style::text::warning)
            }
            _ => small(fl!("status-unknown")),
        };
        let inactive = match health::inactivity(r, now) {
            i @ (Inactivity::For(_) | Inactivity::Never) => small(i.to_string()),
            _ => small(String::new()),
        };
        let drift = health::drift(r.version.as_deref(), r.primary_version.as_deref());
        let version = small(r.version.clone().unwrap_or_default()).style(
            if matches!(drift, health::Drift::Same | health::Drift::Unknown) {
                iced::widget::text::default
            } else {
                style::text::warning
            },
        );
        let mode = small(if r.passive {
            fl!("servers-mode-dmz")
        } else {
            fl!("servers-mode-standard")
        });
        let expiry: Element<'a, Message> = match (&r.registered, health::expiry(&r.registered, now))
        {
            (health::Registered::Read { not_after, .. }, e) => {
                let date = show_date(*not_after);
                let cell = match e {
                    Expiry::Expired { .. } => {
                        small(fl!("servers-expiry-expired", date = date.as_str()))
                            .style(style::text::error)
                    }
                    Expiry::Urgent { .. } => small(date.clone()).style(style::text::error),
                    Expiry::Soon { .. } => small(date.clone()).style(style::text::warning),
                    _ => small(date.clone()),
                };
                match e {
                    Expiry::Valid { days } | Expiry::Soon { days } | Expiry::Urgent { days } => {
                        tooltip(
                            cell,
                            container(
                                text(fl!("servers-expiry-left", date = date, days = days))
                                    .size(style::SMALL_SIZE),
                            )
                            .padding(6)
                            .style(style::container::card),
                            tooltip::Position::Left,
                        )
                        .into()
                    }
                    _ => cell.into(),
                }
            }
            (health::Registered::Missing, _) => small(fl!("servers-expiry-none"))
                .style(style::text::muted)
                .into(),
            (health::Registered::Unreadable(_), _) => small(fl!("servers-expiry-unreadable"))
                .style(style::text::error)
                .into(),
        };
        let (presented, detail) = match &r.presented {
            Presented::Pending => (
                small(fl!("servers-presented-pending")).style(style::text::muted),
                None,
            ),
            Presented::Matches(via) => (
                small(fl!("servers-presented-matches")).style(style::text::success),
                Some(via_text(via)),
            ),
            Presented::Differs { md5, via } => (
                small(fl!("servers-presented-differs")).style(style::text::error),
                Some(fl!(
                    "servers-presented-differs-detail",
                    via = via_text(via),
                    md5 = md5.as_str()
                )),
            ),
            Presented::CouldNotCheck(why) => (
                small(fl!("servers-presented-could-not")).style(style::text::muted),
                Some(why.clone()),
            ),
        };
        // The reason in full on hover: the cell keeps the table one line a server.
        let presented: Element<'a, Message> = match detail {
            Some(d) => tooltip(
                presented,
                container(text(d).size(style::SMALL_SIZE))
                    .padding(6)
                    .max_width(420)
                    .style(style::container::card),
                tooltip::Position::Left,
            )
            .into(),
            None => presented.into(),
        };
        let cells: [Element<'a, Message>; 9] = [
            name.into(),
            small(short_group(&r.group).to_string()).into(),
            status.into(),
            inactive.into(),
            version.into(),
            mode.into(),
            small(r.address.clone().unwrap_or_default()).into(),
            expiry,
            presented,
        ];
        let mut line = row![].spacing(style::GAP).align_y(Alignment::Center);
        for (cell, w) in cells.into_iter().zip(WIDTHS) {
            line = line.push(container(cell).width(Length::FillPortion(w)).clip(true));
        }
        let mut body = column![line].spacing(2);
        if !reasons.is_empty() {
            let list = reasons
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ");
            body = body.push(
                row![
                    Space::new().width(INDENT * r.depth() as f32),
                    text(fl!("servers-attention", reasons = list))
                        .size(style::SMALL_SIZE)
                        .wrapping(Wrapping::None)
                        .style(style::text::warning),
                ]
                .padding(iced::Padding::ZERO.left(INDENT)),
            );
        }
        container(body)
            .padding([4, 6])
            .width(Length::Fill)
            .height(Length::Fill)
            .style(style::container::card)
            .into()
    }
}

/// How a certificate was reached, for the presented cell's detail.
fn via_text(via: &Via) -> String {
    match via {
        Via::Address(a) => fl!("servers-via-address", address = a.as_str()),
        Via::Gateway => fl!("servers-via-gateway"),
    }
}

/// The table's column titles.
fn header<'a>() -> Element<'a, Message> {
    let titles = [
        fl!("servers-col-name"),
        fl!("servers-col-group"),
        fl!("servers-col-status"),
        fl!("servers-col-inactive"),
        fl!("servers-col-version"),
        fl!("servers-col-mode"),
        fl!("servers-col-address"),
        fl!("servers-col-expiry"),
        fl!("servers-col-presented"),
    ];
    let mut line = row![].spacing(style::GAP);
    for (t, w) in titles.into_iter().zip(WIDTHS) {
        line = line.push(
            container(text(t).size(style::SMALL_SIZE).style(style::text::muted))
                .width(Length::FillPortion(w)),
        );
    }
    container(line)
        .padding(iced::Padding::from([0, 6]).right(18))
        .into()
}

/// The group path without its first element ("Managed devices"), which every row shares; the
/// whole path is in the filter and the export.
fn short_group(path: &str) -> &str {
    match path.split_once('/') {
        Some((_, rest)) if !rest.is_empty() => rest,
        _ => path,
    }
}

/// `2025-06-01`.
fn show_date(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day())
}

/// `2025-06-01 12:00 UTC`.
fn show_time(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!("{} {:02}:{:02} UTC", show_date(t), t.hour(), t.minute())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_paths_drop_the_shared_root() {
        assert_eq!(
            short_group("Managed devices/Branch offices/Region 1"),
            "Branch offices/Region 1"
        );
        assert_eq!(short_group("Managed devices"), "Managed devices");
        assert_eq!(short_group(""), "");
    }

    #[test]
    fn times_read_in_utc() {
        let t = time::macros::datetime!(2025-06-01 14:05:09 +02:00);
        assert_eq!(show_time(t), "2025-06-01 12:05 UTC");
        assert_eq!(show_date(t), "2025-06-01");
    }
}
