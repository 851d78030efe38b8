//! "Map virtual servers to Autotask accounts": one row per virtual server (or KES Cloud
//! workspace) with its mapped account, a name-based suggestion to confirm, or a searchable
//! picker of Autotask accounts; one-to-one enforced, filters and counts, CSV export and import
//! (all or nothing), and a save that warns about what is left unmapped.
//!
//! Companies are loaded once (every page) and indexed by [`CompanyIndex`], so a keystroke in
//! the picker searches normalised names instead of normalising the whole tenant again.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use iced::widget::scrollable::Viewport;
use iced::widget::text::Wrapping;
use iced::widget::{
    Column, button, checkbox, column, container, row, scrollable, text, text_input, tooltip,
};
use iced::{Alignment, Element, Length};

use crate::autotask::ClientOptions;
use crate::fl;
use crate::gui::dialog::{self, NoDialog};
use crate::gui::style;
use crate::gui::widget::path_entry::{self, PathEntry};
use crate::gui::widget::shortcuts::Shortcut;
use crate::gui::widget::virtual_list;
use crate::integration::mapping_data::load;
pub use crate::integration::mapping_data::{CredentialSource, Loaded, Source};
use crate::integration::matcher::{CUSTOMER_TYPE, CompanyIndex};
use crate::integration::{
    Account, Counts, CsvRowError, Mapping, MatchOptions, RowFilter, Suggestion, Target,
};

/// Most accounts the picker lists at once; typing narrows the list.
pub const PICKER_LIMIT: usize = 50;

/// Id of the picker's search box.
pub const SEARCH_ID: &str = "mapping-search";

/// A 0–1 score as a whole percentage.
fn percent(score: f32) -> i64 {
    // The score is within 0–1, so the cast cannot overflow.
    (f64::from(score) * 100.0).round() as i64
}

/// What happened on the page.
#[derive(Clone, Debug)]
pub enum Message {
    /// Virtual servers and companies loaded (or not).
    Loaded(Result<Box<Loaded>, String>),
    /// A row filter was chosen.
    FilterChanged(RowFilter),
    /// "Choose account…" on a row (by target key).
    ChoosePressed(String),
    /// The picker's search text changed.
    SearchChanged(String),
    /// "Show all companies" was toggled.
    ShowAllToggled(bool),
    /// An account was picked for the open row.
    CompanyPicked(i64),
    /// The picker was closed.
    PickerClosed,
    /// A row's suggestion was confirmed.
    ConfirmPressed(String),
    /// "Confirm all suggestions".
    ConfirmAllPressed,
    /// "Unmap" on a row.
    UnmapPressed(String),
    /// "Save".
    SavePressed,
    /// "Save anyway" despite unmapped virtual servers.
    SaveConfirmed,
    /// The settings file holding the mapping was written (or not).
    Stored(Result<(), String>),
    /// "Keep editing" in a confirmation.
    KeepEditing,
    /// "Export CSV…".
    ExportPressed,
    /// Where to export (from the save dialog, or a test).
    ExportPathPicked(Option<PathBuf>),
    /// The export path typed where no save dialog could be shown.
    ExportTypedPath(path_entry::Message),
    /// The export was written (or not).
    Exported(Result<PathBuf, String>),
    /// "Import CSV…".
    ImportPressed,
    /// What to import (from the open dialog, or a test).
    ImportPathPicked(Option<PathBuf>),
    /// The import path typed where no file dialog could be shown.
    ImportTypedPath(path_entry::Message),
    /// The import file was read and parsed against the targets and accounts (or not read).
    ImportRead(Result<(PathBuf, Result<Mapping, Vec<CsvRowError>>), String>),
    /// "Back".
    BackPressed,
    /// "Leave without saving".
    LeaveConfirmed,
    /// The table was scrolled (only the rows in view are built).
    Scrolled(Viewport),
}

/// Height of a table row: a card around one line and its buttons. Rows are held to it, so the
/// table knows where each one is without laying out two thousand of them.
pub const ROW_HEIGHT: f32 = 42.8;
/// Height of the open picker, shown below its row: its accounts scroll inside it.
pub const PICKER_HEIGHT: f32 = 440.0;
/// Space between rows.
const ROW_SPACING: f32 = 4.0;
/// The table's most height on the page: a short table shows whole, a long one scrolls inside.
pub const TABLE_MAX_HEIGHT: f32 = 560.0;

/// The input of the export path (shown when no save dialog could be shown).
pub const EXPORT_PATH_ID: &str = "mapping-export-path";
/// The input of the import path (shown when no file dialog could be shown).
pub const IMPORT_PATH_ID: &str = "mapping-import-path";

/// I/O of the page.
// Work is moved once per load or file operation; boxing the options would only add noise.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Work {
    /// Load the virtual servers (or take the workspaces) and every company.
    Load {
        /// What is mapped.
        source: Source,
        /// How to reach Autotask.
        opts: ClientOptions,
        /// The API user.
        creds: CredentialSource,
    },
    /// Ask where to export.
    PickExportPath,
    /// Write the CSV.
    WriteCsv {
        /// Where.
        path: PathBuf,
        /// What.
        text: String,
    },
    /// Ask what to import.
    PickImportPath,
    /// Read and parse a CSV file, off the UI thread: a large file takes a while.
    ReadCsv {
        path: PathBuf,
        targets: Vec<Target>,
        accounts: Vec<Account>,
    },
}

impl Work {
    /// Performs the work.
    pub async fn run(self) -> Message {
        match self {
            Work::Load {
                source,
                opts,
                creds,
            } => Message::Loaded(load(source, opts, creds).await.map(Box::new)),
            Work::PickExportPath => {
                let filters = [("CSV".to_string(), &["csv"][..])];
                match dialog::save(
                    fl!("mapping-export"),
                    "autotask-mapping.csv",
                    None,
                    &filters,
                )
                .await
                {
                    Ok(picked) => Message::ExportPathPicked(picked),
                    Err(NoDialog) => Message::ExportTypedPath(path_entry::Message::NoDialog),
                }
            }
            Work::WriteCsv { path, text } => {
                let p = path.clone();
                let r = tokio::task::spawn_blocking(move || std::fs::write(&p, text))
                    .await
                    .map_err(|e| e.to_string())
                    .and_then(|r| r.map_err(|e| format!("{}: {e}", path.display())));
                Message::Exported(r.map(|()| path))
            }
            Work::PickImportPath => {
                let filters = [("CSV".to_string(), &["csv", "txt"][..])];
                match dialog::pick(fl!("mapping-import"), None, &filters).await {
                    Ok(picked) => Message::ImportPathPicked(picked),
                    Err(NoDialog) => Message::ImportTypedPath(path_entry::Message::NoDialog),
                }
            }
            Work::ReadCsv {
                path,
                targets,
                accounts,
            } => {
                let p = path.clone();
                let r = tokio::task::spawn_blocking(move || {
                    let bytes =
                        crate::integration::csv::read_import(&p).map_err(|e| e.to_string())?;
                    let text = String::from_utf8(bytes).map_err(|e| {
                        fl!(
                            "mapping-file-not-text",
                            path = p.display().to_string(),
                            offset = e.utf8_error().valid_up_to()
                        )
                    })?;
                    Ok(Mapping::from_csv(&text, &targets, &accounts))
                })
                .await
                .map_err(|e| e.to_string())
                .and_then(|r| r);
                Message::ImportRead(r.map(|parsed| (path, parsed)))
            }
        }
    }
}

/// What the shell should do.
// As for Work: moved once, straight into a task.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Action {
    /// Nothing.
    None,
    /// Run this work.
    Run(Work),
    /// Companies were loaded: the zone URL and the time of this successful check go to the
    /// settings.
    Checked {
        /// The zone's web services URL.
        zone_url: String,
    },
    /// Store this mapping in `Settings.vserver_mapping` and save the settings.
    Save(BTreeMap<String, i64>),
    /// Leave the page.
    Close,
}

/// A question the page is asking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Confirm {
    SaveUnmapped(usize),
    Leave,
}

/// The open account picker.
#[derive(Debug)]
struct Picker {
    target: String,
    search: String,
    show_all: bool,
    /// Ids of the accounts listed, at most [`PICKER_LIMIT`].
    results: Vec<i64>,
}

/// The loaded data.
#[derive(Debug)]
struct Data {
    targets: Vec<Target>,
    index: CompanyIndex,
    by_id: HashMap<i64, usize>,
    suggestions: Vec<Suggestion>,
}

/// The page.
#[derive(Debug)]
pub struct State {
    source: Source,
    opts: ClientOptions,
    creds: CredentialSource,
    workspaces: bool,
    data: Option<Data>,
    load_error: Option<String>,
    /// The mapping being edited (every saved pair, also of other servers' virtual servers).
    pub mapping: Mapping,
    saved: Mapping,
    /// While the settings file is written: the mapping saved before, which stays the saved one
    /// if the write fails.
    saving: Option<Mapping>,
    /// The rows shown.
    pub filter: RowFilter,
    picker: Option<Picker>,
    refusal: Option<String>,
    notice: Option<String>,
    problems: Vec<String>,
    import_errors: Vec<String>,
    confirm: Option<Confirm>,
    /// Where to export, typed where no save dialog could be shown.
    export_path: PathEntry,
    /// What to import, typed where no file dialog could be shown.
    import_path: PathEntry,
    /// Where the table is scrolled.
    table: virtual_list::Window,
}

impl State {
    /// The page for `source`, with the saved mapping; [`Self::open`] loads the rest.
    pub fn new(
        source: Source,
        opts: ClientOptions,
        creds: CredentialSource,
        saved: &BTreeMap<String, i64>,
    ) -> Self {
        let mapping = Mapping::from_settings(saved);
        Self {
            workspaces: matches!(source, Source::Workspaces(_)),
            source,
            opts,
            creds,
            data: None,
            load_error: None,
            saved: mapping.clone(),
            saving: None,
            mapping,
            filter: RowFilter::All,
            picker: None,
            refusal: None,
            notice: None,
            problems: Vec::new(),
            import_errors: Vec::new(),
            confirm: None,
            export_path: PathEntry::for_saving(),
            import_path: PathEntry::default(),
            table: virtual_list::Window::default(),
        }
    }

    /// The loading work to run when the page opens.
    pub fn open(&self) -> Work {
        Work::Load {
            source: self.source.clone(),
            opts: self.opts.clone(),
            creds: self.creds.clone(),
        }
    }

    /// Whether virtual servers and companies are loaded.
    pub fn is_loaded(&self) -> bool {
        self.data.is_some()
    }

    /// Whether the page asks "leave without saving?".
    pub fn asks_to_leave(&self) -> bool {
        self.confirm == Some(Confirm::Leave)
    }

    /// Esc answers a question with "keep editing", closes the picker, or goes back. Enter, in
    /// the open picker, chooses its first account (refused like a click if that one is taken).
    pub fn shortcut(&self, s: Shortcut) -> Option<Message> {
        match s {
            Shortcut::Cancel if self.confirm.is_some() => Some(Message::KeepEditing),
            Shortcut::Cancel if self.picker.is_some() => Some(Message::PickerClosed),
            Shortcut::Cancel => Some(Message::BackPressed),
            Shortcut::Default => {
                let picker = self.picker.as_ref()?;
                picker.results.first().map(|id| Message::CompanyPicked(*id))
            }
            Shortcut::Next | Shortcut::Back => None,
        }
    }

    /// Whether the mapping differs from the saved one.
    pub fn is_dirty(&self) -> bool {
        self.mapping != self.saved
    }

    /// The virtual servers (or workspaces) shown.
    pub fn targets(&self) -> &[Target] {
        self.data.as_ref().map_or(&[], |d| &d.targets)
    }

    /// The suggestions still open (see [`Mapping::open_suggestions`]).
    pub fn open_suggestions(&self) -> Vec<Suggestion> {
        self.data
            .as_ref()
            .map_or_else(Vec::new, |d| self.mapping.open_suggestions(&d.suggestions))
    }

    /// The numbers above the table; all zero until loaded.
    pub fn counts(&self) -> Counts {
        self.data.as_ref().map_or_else(Counts::default, |d| {
            self.mapping
                .counts(&d.targets, d.index.accounts(), CUSTOMER_TYPE)
        })
    }

    /// The accounts the picker lists (ids), when it is open.
    pub fn picker_results(&self) -> Option<&[i64]> {
        self.picker.as_ref().map(|p| p.results.as_slice())
    }

    fn target_name<'a>(&'a self, key: &'a str) -> &'a str {
        self.data
            .as_ref()
            .and_then(|d| d.targets.iter().find(|t| t.key == key))
            .map_or(key, |t| t.name.as_str())
    }

    fn company_name(&self, id: i64) -> String {
        self.data
            .as_ref()
            .and_then(|d| d.by_id.get(&id).map(|i| &d.index.accounts()[*i]))
            .map_or_else(
                || fl!("mapping-unknown-company", id = id),
                |a| format!("{} (#{id})", a.name),
            )
    }

    fn search(&mut self) {
        let (Some(d), Some(p)) = (&self.data, &mut self.picker) else {
            return;
        };
        let only = (!p.show_all).then_some(CUSTOMER_TYPE);
        p.results = d
            .index
            .search(&p.search, only, PICKER_LIMIT)
            .into_iter()
            .map(|a| a.id)
            .collect();
    }

    fn map(&mut self, target: &str, company: i64) -> bool {
        match self.mapping.map(target, company) {
            Ok(_) => {
                self.refusal = None;
                true
            }
            Err(crate::integration::MappingError::CompanyTaken { by, .. }) => {
                self.refusal = Some(fl!(
                    "mapping-refused-taken",
                    company = self.company_name(company),
                    vserver = self.target_name(&by).to_string()
                ));
                false
            }
        }
    }

    fn loaded(&mut self, l: Loaded) -> Action {
        let index = CompanyIndex::new(&l.accounts);
        let by_id = index
            .accounts()
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id, i))
            .collect();
        let suggestions = self
            .mapping
            .suggest(&l.targets, &l.accounts, &MatchOptions::default());
        self.problems = self
            .mapping
            .problems_for(&l.targets, &l.accounts)
            .iter()
            .map(ToString::to_string)
            .collect();
        self.data = Some(Data {
            targets: l.targets,
            index,
            by_id,
            suggestions,
        });
        self.load_error = None;
        Action::Checked {
            zone_url: l.zone_url,
        }
    }

    fn save(&mut self) -> Action {
        self.confirm = None;
        let before = std::mem::replace(&mut self.saved, self.mapping.clone());
        self.saving.get_or_insert(before);
        self.notice = None;
        Action::Save(self.mapping.to_settings())
    }

    /// Handles a message.
    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Loaded(Ok(l)) => return self.loaded(*l),
            Message::Loaded(Err(e)) => self.load_error = Some(e),
            Message::FilterChanged(f) => self.filter = f,
            Message::Scrolled(v) => self.table.scrolled(v),
            Message::ChoosePressed(target) => {
                self.refusal = None;
                self.picker = Some(Picker {
                    target,
                    search: String::new(),
                    show_all: false,
                    results: Vec::new(),
                });
                self.search();
            }
            Message::SearchChanged(s) => {
                if let Some(p) = &mut self.picker {
                    p.search = s;
                }
                self.search();
            }
            Message::ShowAllToggled(v) => {
                if let Some(p) = &mut self.picker {
                    p.show_all = v;
                }
                self.search();
            }
            Message::CompanyPicked(id) => {
                if let Some(target) = self.picker.as_ref().map(|p| p.target.clone())
                    && self.map(&target, id)
                {
                    self.picker = None;
                }
            }
            Message::PickerClosed => {
                self.picker = None;
                self.refusal = None;
            }
            Message::ConfirmPressed(key) => {
                if let Some(s) = self
                    .open_suggestions()
                    .into_iter()
                    .find(|s| s.vserver == key)
                {
                    self.map(&s.vserver, s.company_id);
                }
            }
            Message::ConfirmAllPressed => {
                let open = self.open_suggestions();
                self.mapping.accept(&open);
                self.refusal = None;
            }
            Message::UnmapPressed(key) => {
                self.mapping.unmap(&key);
                self.refusal = None;
            }
            Message::SavePressed => {
                let unmapped = self.counts().unmapped;
                if unmapped > 0 {
                    self.confirm = Some(Confirm::SaveUnmapped(unmapped));
                } else {
                    return self.save();
                }
            }
            Message::SaveConfirmed => return self.save(),
            Message::Stored(result) => {
                let before = self.saving.take();
                self.notice = Some(match result {
                    Ok(()) => fl!("mapping-saved"),
                    Err(error) => {
                        // Still unsaved: the page asks before leaving, and Save tries again.
                        if let Some(before) = before {
                            self.saved = before;
                        }
                        fl!("mapping-save-failed", error = error)
                    }
                });
            }
            Message::KeepEditing => self.confirm = None,
            Message::ExportPressed => return Action::Run(Work::PickExportPath),
            Message::ExportPathPicked(Some(path)) => {
                let d = self.data.as_ref();
                let text = self.mapping.to_csv(
                    d.map_or(&[], |d| d.targets.as_slice()),
                    d.map_or(&[], |d| d.index.accounts()),
                );
                return Action::Run(Work::WriteCsv { path, text });
            }
            Message::ImportPathPicked(None) | Message::ExportPathPicked(None) => {}
            Message::ExportTypedPath(m) => {
                if let Some(path) = self.export_path.update(m) {
                    return self.update(Message::ExportPathPicked(Some(path)));
                }
            }
            Message::ImportTypedPath(m) => {
                if let Some(path) = self.import_path.update(m) {
                    return self.update(Message::ImportPathPicked(Some(path)));
                }
            }
            Message::Exported(r) => {
                self.notice = Some(match r {
                    Ok(p) => fl!("mapping-exported", path = p.display().to_string()),
                    Err(e) => e,
                });
            }
            Message::ImportPressed => return Action::Run(Work::PickImportPath),
            Message::ImportPathPicked(Some(path)) => {
                let Some(d) = &self.data else {
                    return Action::None;
                };
                return Action::Run(Work::ReadCsv {
                    path,
                    targets: d.targets.clone(),
                    accounts: d.index.accounts().to_vec(),
                });
            }
            Message::ImportRead(Err(e)) => {
                self.import_errors.clear();
                self.notice = Some(e);
            }
            Message::ImportRead(Ok((path, parsed))) => self.import(&path, parsed),
            Message::BackPressed => {
                if self.is_dirty() {
                    self.confirm = Some(Confirm::Leave);
                } else {
                    return Action::Close;
                }
            }
            Message::LeaveConfirmed => return Action::Close,
        }
        Action::None
    }

    /// All or nothing: a file with any problem changes nothing, and every problem is listed.
    fn import(&mut self, path: &std::path::Path, parsed: Result<Mapping, Vec<CsvRowError>>) {
        let Some(d) = &self.data else {
            return;
        };
        match parsed {
            Ok(imported) => {
                self.mapping = self.mapping.with_imported(imported, &d.targets);
                self.import_errors.clear();
                self.refusal = None;
                self.notice = Some(fl!(
                    "mapping-imported",
                    count = self.counts().mapped,
                    path = path.display().to_string()
                ));
            }
            Err(errors) => {
                self.notice = Some(fl!("mapping-import-failed", count = errors.len()));
                self.import_errors = errors.iter().map(|e| e.to_string()).collect();
            }
        }
    }

    fn row_view(&self, row: &crate::integration::mapping::Row<'_>) -> Element<'_, Message> {
        let key = row.target.key.clone();
        // The cell keeps the table one line a row and cuts a long company name at its edge;
        // the whole text shows on hover.
        let with_tip =
            |line: String, style: fn(&iced::Theme) -> text::Style| -> Element<'_, Message> {
                tooltip(
                    text(line.clone()).wrapping(Wrapping::None).style(style),
                    container(text(line).size(style::SMALL_SIZE))
                        .padding(6)
                        .max_width(420)
                        .style(style::container::card),
                    tooltip::Position::Bottom,
                )
                .into()
            };
        let status: Element<'_, Message> = match (row.company, row.suggestion) {
            (Some(c), _) => with_tip(
                fl!("mapping-row-mapped", company = self.company_name(c)),
                style::text::success,
            ),
            (None, Some(s)) => with_tip(
                fl!(
                    "mapping-row-suggested",
                    company = self.company_name(s.company_id),
                    score = percent(s.score),
                    reason = s.reason.to_string()
                ),
                text::default,
            ),
            (None, None) => text(fl!("mapping-row-unmapped"))
                .wrapping(Wrapping::None)
                .style(style::text::muted)
                .into(),
        };
        let mut buttons = row![].spacing(style::GAP);
        if row.company.is_none() && row.suggestion.is_some() {
            buttons = buttons.push(
                container(
                    button(text(fl!("mapping-confirm")))
                        .style(style::button::primary)
                        .on_press(Message::ConfirmPressed(key.clone())),
                )
                .id(format!("confirm-{key}")),
            );
        }
        buttons = buttons.push(
            container(
                button(text(fl!("mapping-choose")))
                    .style(style::button::secondary)
                    .on_press(Message::ChoosePressed(key.clone())),
            )
            .id(format!("choose-{key}")),
        );
        if row.company.is_some() {
            buttons = buttons.push(
                container(
                    button(text(fl!("mapping-unmap")))
                        .style(style::button::danger)
                        .on_press(Message::UnmapPressed(key.clone())),
                )
                .id(format!("unmap-{key}")),
            );
        }
        // One line a row, cut at its cell: the table places rows by a fixed height.
        let body = row![
            container(text(row.target.name.clone()).wrapping(Wrapping::None))
                .width(Length::FillPortion(2))
                .clip(true),
            container(status).width(Length::FillPortion(4)).clip(true),
            buttons,
        ]
        .spacing(style::GAP)
        .align_y(Alignment::Center);
        container(body)
            .padding(6)
            .width(Length::Fill)
            .height(Length::Fill)
            .style(style::container::card)
            .into()
    }

    fn picker_view<'a>(&'a self, p: &'a Picker) -> Element<'a, Message> {
        let mut col = column![
            text(fl!(
                "mapping-picker-title",
                vserver = self.target_name(&p.target).to_string()
            )),
            text_input(&fl!("mapping-search"), &p.search)
                .id(SEARCH_ID)
                .on_input(Message::SearchChanged)
                .padding(6),
            checkbox(p.show_all)
                .label(fl!("mapping-show-all"))
                .on_toggle(Message::ShowAllToggled),
        ]
        .spacing(style::GAP);
        if let Some(r) = &self.refusal {
            col = col.push(text(r.as_str()).style(style::text::error));
        }
        let mut list = Column::new().spacing(2);
        for id in &p.results {
            let label = match self.mapping.vserver_of(*id) {
                Some(by) if by != p.target => fl!(
                    "mapping-taken-by",
                    company = self.company_name(*id),
                    vserver = self.target_name(by).to_string()
                ),
                _ => self.company_name(*id),
            };
            let taken = self.mapping.is_taken(*id);
            list = list.push(
                button(text(label).style(if taken {
                    style::text::muted
                } else {
                    iced::widget::text::default
                }))
                .style(style::button::list_item(false))
                .width(Length::Fill)
                .on_press(Message::CompanyPicked(*id)),
            );
        }
        if p.results.is_empty() {
            col = col.push(text(fl!("mapping-picker-none")).style(style::text::muted));
        } else if p.results.len() >= PICKER_LIMIT {
            col = col.push(
                text(fl!("mapping-picker-more", shown = PICKER_LIMIT))
                    .size(style::SMALL_SIZE)
                    .style(style::text::muted),
            );
        }
        // At most PICKER_LIMIT accounts: a plain column, scrolling in the picker's fixed height.
        col = col.push(scrollable(list).height(Length::Fill));
        col = col.push(
            button(text(fl!("mapping-close-picker")))
                .style(style::button::secondary)
                .on_press(Message::PickerClosed),
        );
        container(col)
            .padding(8)
            .width(Length::Fill)
            .height(Length::Fill)
            .style(style::container::card)
            .into()
    }

    fn confirm_view(&self, c: Confirm) -> Element<'_, Message> {
        let (question, yes, msg) = match c {
            Confirm::SaveUnmapped(n) => (
                fl!("mapping-unmapped-warning", count = n),
                fl!("mapping-save-anyway"),
                Message::SaveConfirmed,
            ),
            Confirm::Leave => (
                fl!("mapping-unsaved"),
                fl!("mapping-leave"),
                Message::LeaveConfirmed,
            ),
        };
        container(
            column![
                text(question),
                row![
                    button(text(yes)).style(style::button::danger).on_press(msg),
                    button(text(fl!("mapping-keep-editing")))
                        .style(style::button::secondary)
                        .on_press(Message::KeepEditing),
                ]
                .spacing(style::GAP)
            ]
            .spacing(style::GAP),
        )
        .padding(12)
        .width(Length::Fill)
        .style(style::container::alarm)
        .into()
    }

    /// Draws the page. The actions and what they report sit above the table, so they stay in
    /// reach with hundreds of rows.
    pub fn view(&self) -> Element<'_, Message> {
        let title = if self.workspaces {
            fl!("mapping-title-workspaces")
        } else {
            fl!("mapping-title")
        };
        let mut col = column![text(title).size(style::TITLE_SIZE)]
            .spacing(style::SECTION)
            .padding(style::PAGE_PADDING)
            .width(Length::Fill);
        let back = button(text(fl!("mapping-back")))
            .style(style::button::secondary)
            .on_press(Message::BackPressed);
        let Some(d) = &self.data else {
            col = col.push(match &self.load_error {
                Some(e) => {
                    text(fl!("mapping-load-failed", error = e.clone())).style(style::text::error)
                }
                None => text(fl!("mapping-loading")),
            });
            if let Some(c) = self.confirm {
                col = col.push(self.confirm_view(c));
            }
            col = col.push(back);
            return scrollable(col).into();
        };
        let counts = self.counts();
        let total = if self.workspaces {
            fl!("count-workspaces", count = counts.vservers)
        } else {
            fl!("count-virtual-servers", count = counts.vservers)
        };
        col = col.push(
            row![
                text(total),
                text(fl!("mapping-count-mapped", count = counts.mapped))
                    .style(style::text::success),
                text(fl!("mapping-count-unmapped", count = counts.unmapped)),
                text(fl!(
                    "mapping-count-accounts",
                    count = counts.active_customer_accounts
                )),
            ]
            .spacing(style::SECTION),
        );
        if counts.capacity_problem().is_some() {
            col = col.push(
                text(fl!(
                    "mapping-too-few-accounts",
                    vservers = counts.vservers,
                    accounts = counts.active_customer_accounts
                ))
                .style(style::text::error),
            );
        }
        for p in &self.problems {
            col = col.push(text(p.as_str()).style(style::text::warning));
        }
        let mut actions = column![
            row![
                button(text(fl!("mapping-save")))
                    .style(style::button::primary)
                    .on_press(Message::SavePressed),
                button(text(fl!("mapping-export")))
                    .style(style::button::secondary)
                    .on_press(Message::ExportPressed),
                button(text(fl!("mapping-import")))
                    .style(style::button::secondary)
                    .on_press(Message::ImportPressed),
                back,
            ]
            .spacing(style::GAP),
            text(fl!("mapping-import-help"))
                .size(style::SMALL_SIZE)
                .style(style::text::muted),
        ]
        .spacing(style::GAP);
        if let Some(field) = self.export_path.view(
            EXPORT_PATH_ID,
            "autotask-mapping.csv".into(),
            Message::ExportTypedPath,
        ) {
            actions = actions.push(field);
        }
        if let Some(field) = self.import_path.view(
            IMPORT_PATH_ID,
            "mapping.csv".into(),
            Message::ImportTypedPath,
        ) {
            actions = actions.push(field);
        }
        if let Some(c) = self.confirm {
            actions = actions.push(self.confirm_view(c));
        }
        if let Some(n) = &self.notice {
            actions = actions.push(text(n.as_str()).style(style::text::warning));
        }
        if !self.import_errors.is_empty() {
            let mut errors = Column::new().spacing(2);
            for e in &self.import_errors {
                errors = errors.push(text(e.as_str()).style(style::text::error));
            }
            actions = actions.push(
                container(errors)
                    .padding(8)
                    .width(Length::Fill)
                    .style(style::container::card),
            );
        }
        col = col.push(actions);
        let suggestions = self.open_suggestions();
        let filter_button = |f: RowFilter, label: String| {
            button(text(label))
                .style(if self.filter == f {
                    style::button::primary
                } else {
                    style::button::secondary
                })
                .on_press(Message::FilterChanged(f))
        };
        col = col.push(
            row![
                filter_button(RowFilter::All, fl!("mapping-filter-all")),
                filter_button(RowFilter::Suggested, fl!("mapping-filter-suggested")),
                filter_button(RowFilter::Unmapped, fl!("mapping-filter-unmapped")),
                filter_button(RowFilter::Mapped, fl!("mapping-filter-mapped")),
                button(text(fl!("mapping-confirm-all")))
                    .style(style::button::primary)
                    .on_press_maybe(
                        (!suggestions.is_empty()).then_some(Message::ConfirmAllPressed)
                    ),
            ]
            .spacing(style::GAP),
        );
        if let Some(r) = &self.refusal
            && self.picker.is_none()
        {
            col = col.push(text(r.as_str()).style(style::text::error));
        }
        let rows = self.mapping.rows(&d.targets, &suggestions, self.filter);
        // The open picker is one more item, right below its row.
        let picker_at = self.picker.as_ref().and_then(|p| {
            rows.iter()
                .position(|r| r.target.key == p.target)
                .map(|i| (i + 1, p))
        });
        let count = rows.len() + usize::from(picker_at.is_some());
        let row_of = |i: usize| match picker_at {
            Some((at, _)) if i > at => i - 1,
            _ => i,
        };
        let table = virtual_list::view(
            &self.table,
            count,
            |i| match picker_at {
                Some((at, _)) if i == at => PICKER_HEIGHT,
                _ => ROW_HEIGHT,
            },
            ROW_SPACING,
            Some(TABLE_MAX_HEIGHT),
            |i| {
                let row = match picker_at {
                    Some((at, p)) if i == at => self.picker_view(p),
                    _ => self.row_view(&rows[row_of(i)]),
                };
                container(row)
                    .padding(iced::Padding::ZERO.right(virtual_list::SCROLLBAR_GUTTER))
                    .into()
            },
            Message::Scrolled,
        )
        .style(style::scrollable::page);
        col = col.push(table);
        scrollable(col).into()
    }
}
