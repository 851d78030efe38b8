//! The "Add secondary Administration Server" wizard: one module per step, the Back / Next /
//! Cancel / Finish row built once here. The form and the step machine are
//! [`crate::hierarchy::wizard::Wizard`]; this module adds the servers, the running work and the
//! drawing.

pub mod certificate;
pub mod connection;
pub mod credentials;
pub mod finish;
pub mod group;
pub mod result;
pub mod server;
pub mod summary;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use futures::StreamExt;
use futures::stream::BoxStream;
use iced::widget::{button, column, row, space, text};
use iced::{Alignment, Element, Length, Subscription};

use crate::cert::CertificateDetails;
use crate::clock::ClockOffset;
use crate::gui::dialog::NoDialog;
use crate::gui::style;
use crate::gui::widget::path_entry::{self, PathEntry};
use crate::gui::widget::shortcuts::Shortcut;
use crate::hierarchy::wizard::{PrimaryContext, Step, Wizard};
use crate::hierarchy::{
    AddOptions, AddReport, AddSecondaryPlan, Partial, Progress, RegistrationPlan,
};
use crate::kloapi::{ChildServer, KscClient};
use crate::secrets::{Secret, SecretKey};
use crate::settings::ProxySettings;
use crate::wire::auth::BasicCredentials;

/// How long fetching a certificate may take.
const FETCH_TIMEOUT: Duration = Duration::from_secs(10);
/// How often the code's countdown moves.
const TICK: Duration = Duration::from_secs(1);

/// What happened in the wizard.
#[derive(Clone, Debug)]
pub enum Message {
    /// "Back" was pressed.
    BackPressed,
    /// "Next" (or "Finish" on the summary) was pressed, or Enter.
    NextPressed,
    /// "Cancel" was pressed, or Escape.
    CancelPressed,
    /// The admin confirmed discarding the wizard.
    DiscardConfirmed,
    /// The admin chose to go on editing.
    KeepEditing,
    /// A message of the group step.
    Group(group::Message),
    /// A message of the secondary server step.
    Server(server::Message),
    /// A message of the certificate step.
    Certificate(certificate::Message),
    /// A message of the connection step.
    Connection(connection::Message),
    /// A message of the credentials step.
    Credentials(credentials::Message),
    /// A message of the summary step.
    Summary(summary::Message),
    /// A message of the finish step.
    Finish(finish::Message),
    /// A message of the result step.
    Result(result::Message),
}

/// I/O of the wizard; [`Work::into_stream`] performs it.
#[derive(Debug)]
pub enum Work {
    /// Read the display names used in a group of the primary.
    LoadNames {
        /// The primary.
        primary: KscClient,
        /// The group.
        group_id: i32,
    },
    /// Fetch the certificate the secondary presents, trusting nothing.
    FetchCertificate {
        /// Host.
        host: String,
        /// Port.
        port: u16,
    },
    /// Ask for a certificate file.
    PickCertificateFile,
    /// Read the proxy password kept in the keyring.
    LoadProxyPassword(SecretKey),
    /// Read a certificate file.
    LoadCertificateFile(PathBuf),
    /// Log in to the secondary.
    Login {
        /// The secondary, pinned to the confirmed certificate.
        client: KscClient,
        /// Credentials.
        credentials: BasicCredentials,
    },
    /// Send the two-step code to the secondary.
    SubmitCode {
        /// The secondary.
        client: KscClient,
        /// The code.
        code: Secret,
    },
    /// Save the primary's certificate to a file the admin picks (for the "secondary" flow).
    SavePrimaryCertificate {
        /// The certificate, PEM.
        pem: String,
    },
    /// The pre-flight check of the plan (nothing is written).
    /// "Save report…": ask where, then write the report (JSON for a `.json` name, else text).
    SaveReport {
        /// The report as text.
        text: String,
        /// The report as JSON.
        json: String,
    },
    /// Write the report to `path`.
    WriteReport {
        /// Where.
        path: PathBuf,
        /// The report as text.
        text: String,
        /// The report as JSON.
        json: String,
    },
    Preflight {
        /// The primary.
        primary: KscClient,
        /// The secondary, when logged in.
        secondary: Option<KscClient>,
        /// The plan.
        plan: Box<AddSecondaryPlan>,
        /// How the secondary was logged in to.
        login: crate::hierarchy::preflight::SecondaryLogin,
        /// Which check this is: an answer to an older one is dropped.
        generation: u64,
    },
    /// Ask where to save the plan file, then write it.
    SavePlanFile {
        /// The file's text.
        text: String,
    },
    /// Write the plan file where the admin typed (no save dialog could be shown).
    WritePlanFile {
        /// Where.
        path: PathBuf,
        /// The file's text.
        text: String,
    },
    /// Write the primary's certificate where the admin typed (no save dialog could be shown).
    WritePrimaryCertificate {
        /// Where.
        path: PathBuf,
        /// The certificate, PEM.
        pem: String,
    },
    /// Run "add secondary".
    AddSecondary {
        /// The primary.
        primary: KscClient,
        /// The secondary.
        secondary: KscClient,
        /// The plan.
        plan: Box<AddSecondaryPlan>,
        /// Options.
        options: AddOptions,
        /// What a previous run left, to resume.
        resume: Option<Partial>,
    },
    /// Run "register only": the primary registers the secondary, nothing is written on it.
    RegisterOnly {
        /// The primary.
        primary: KscClient,
        /// The plan.
        plan: Box<RegistrationPlan>,
        /// The registration the admin chose to replace.
        replace: Option<i32>,
    },
    /// Undo a half-built hierarchy.
    RollBack {
        /// The primary.
        primary: KscClient,
        /// The secondary.
        secondary: KscClient,
        /// What was written.
        partial: Partial,
    },
    /// Read the secondary back from the primary.
    ReadResult {
        /// The primary.
        primary: KscClient,
        /// Its group.
        group_id: i32,
        /// Its id.
        id: i32,
    },
}

impl Work {
    /// Performs the work as a stream of messages (progress, then the outcome).
    pub fn into_stream(self) -> BoxStream<'static, Message> {
        let (tx, rx) = futures::channel::mpsc::unbounded();
        let progress_tx = tx.clone();
        let mut on_progress = move |p: Progress| {
            // The receiver lives as long as the stream; a closed one means nobody is listening
            // any more.
            let _ = progress_tx.unbounded_send(Message::Finish(finish::Message::Progress(p)));
        };
        match self {
            Work::AddSecondary {
                primary,
                secondary,
                plan,
                options,
                resume,
            } => {
                let driver = async move {
                    let r = crate::hierarchy::add_secondary(
                        &primary,
                        &secondary,
                        &plan,
                        &options,
                        resume,
                        &mut on_progress,
                    )
                    .await;
                    let _ = tx.unbounded_send(Message::Finish(finish::Message::Done(Arc::new(r))));
                };
                let driver = futures::stream::once(driver).filter_map(|()| async { None });
                futures::stream::select(rx, driver).boxed()
            }
            Work::RegisterOnly {
                primary,
                plan,
                replace,
            } => {
                let driver = async move {
                    let r =
                        crate::hierarchy::register_only(&primary, &plan, replace, &mut on_progress)
                            .await;
                    let _ = tx.unbounded_send(Message::Finish(finish::Message::Done(Arc::new(r))));
                };
                let driver = futures::stream::once(driver).filter_map(|()| async { None });
                futures::stream::select(rx, driver).boxed()
            }
            other => futures::stream::once(other.run()).boxed(),
        }
    }

    /// Writes the plan file ([`Work::WritePlanFile`]).
    async fn write_plan(self) -> Message {
        let r = match self {
            Work::WritePlanFile { path, text } => write_text(path, text).await,
            _ => Ok(None),
        };
        Message::Summary(summary::Message::PlanSaved(r))
    }

    /// Writes the pre-flight report ([`Work::WriteReport`]): JSON when the name ends in
    /// `.json`, text otherwise.
    async fn write_report(self) -> Message {
        let r = match self {
            Work::WriteReport { path, text, json } => {
                let is_json = path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("json"));
                write_text(path, if is_json { json } else { text }).await
            }
            _ => Ok(None),
        };
        Message::Summary(summary::Message::ReportSaved(r))
    }

    /// Writes the primary's certificate ([`Work::WritePrimaryCertificate`]).
    async fn write(self) -> Message {
        let r = match self {
            Work::WritePrimaryCertificate { path, pem } => write_text(path, pem).await,
            _ => Ok(None),
        };
        Message::Credentials(credentials::Message::PrimaryCertificateSaved(r))
    }

    async fn run(self) -> Message {
        match self {
            Work::LoadNames { primary, group_id } => {
                let r = primary.server_hierarchy().get_child_servers(group_id).await;
                Message::Group(group::Message::NamesLoaded(
                    group_id,
                    r.map(|list| list.into_iter().map(|c| c.display_name).collect()),
                ))
            }
            Work::FetchCertificate { host, port } => Message::Certificate(
                certificate::Message::Fetched(fetch(&host, port).await.map(Box::new)),
            ),
            Work::LoadProxyPassword(key) => {
                let r = crate::secrets::load(&key).await.map_err(|e| e.to_string());
                Message::Connection(connection::Message::ProxyPasswordLoaded(key, r))
            }
            Work::PickCertificateFile => {
                let title = crate::fl!("wizard-step-certificate");
                Message::Certificate(
                    match crate::gui::dialog::pick_certificate(title, None).await {
                        Ok(picked) => certificate::Message::FileChosen(picked),
                        Err(NoDialog) => {
                            certificate::Message::TypedPath(path_entry::Message::NoDialog)
                        }
                    },
                )
            }
            Work::LoadCertificateFile(path) => {
                let r = crate::gui::dialog::load_certificate(&path).await;
                Message::Certificate(certificate::Message::FileLoaded(path, r))
            }
            Work::Login {
                client,
                credentials,
            } => {
                let r = client.login(&credentials).await;
                Message::Credentials(credentials::Message::LoginFinished(
                    r,
                    client.clock_offset(),
                ))
            }
            Work::SubmitCode { client, code } => {
                let r = client.submit_code(code.expose()).await;
                Message::Credentials(credentials::Message::LoginFinished(
                    r,
                    client.clock_offset(),
                ))
            }
            Work::SavePrimaryCertificate { pem } => {
                let picked = crate::gui::dialog::save(
                    crate::fl!("wizard-save-primary-certificate-title"),
                    "klserver.cer",
                    None,
                    &[],
                )
                .await;
                match picked {
                    Err(NoDialog) => {
                        Message::Credentials(credentials::Message::PrimaryCertificateTypedPath(
                            path_entry::Message::NoDialog,
                        ))
                    }
                    Ok(None) => Message::Credentials(
                        credentials::Message::PrimaryCertificateSaved(Ok(None)),
                    ),
                    Ok(Some(path)) => Work::WritePrimaryCertificate { path, pem }.write().await,
                }
            }
            Work::WritePrimaryCertificate { .. } => self.write().await,
            Work::SavePlanFile { text } => {
                let filters = [("TOML".to_string(), &["toml"][..])];
                let picked = crate::gui::dialog::save(
                    crate::fl!("wizard-summary-save-plan"),
                    "ksc-link-plan.toml",
                    None,
                    &filters,
                )
                .await;
                match picked {
                    Err(NoDialog) => Message::Summary(summary::Message::PlanTypedPath(
                        path_entry::Message::NoDialog,
                    )),
                    Ok(None) => Message::Summary(summary::Message::PlanSaved(Ok(None))),
                    Ok(Some(path)) => Work::WritePlanFile { path, text }.write_plan().await,
                }
            }
            Work::WritePlanFile { .. } => self.write_plan().await,
            Work::SaveReport { text, json } => {
                let filters = [
                    (crate::fl!("wizard-report-text-filter"), &["txt"][..]),
                    ("JSON".to_string(), &["json"][..]),
                ];
                let picked = crate::gui::dialog::save(
                    crate::fl!("wizard-report-save"),
                    "ksc-link-preflight.txt",
                    None,
                    &filters,
                )
                .await;
                match picked {
                    Err(NoDialog) => Message::Summary(summary::Message::ReportTypedPath(
                        path_entry::Message::NoDialog,
                    )),
                    Ok(None) => Message::Summary(summary::Message::ReportSaved(Ok(None))),
                    Ok(Some(path)) => Work::WriteReport { path, text, json }.write_report().await,
                }
            }
            Work::WriteReport { .. } => self.write_report().await,
            Work::Preflight {
                primary,
                secondary,
                plan,
                login,
                generation,
            } => {
                let observed = crate::hierarchy::preflight::observe(
                    &primary,
                    secondary.as_ref(),
                    &plan,
                    login,
                )
                .await;
                Message::Summary(summary::Message::PreflightDone(
                    generation,
                    Box::new(crate::hierarchy::preflight::evaluate(&plan, &observed)),
                ))
            }
            Work::AddSecondary { .. } | Work::RegisterOnly { .. } => {
                // Only reached through `into_stream`, which handles it; kept total for safety.
                Message::Finish(finish::Message::Progress(Progress::Started(
                    crate::hierarchy::Stage::Check,
                )))
            }
            Work::RollBack {
                primary,
                secondary,
                mut partial,
            } => {
                let r = crate::hierarchy::roll_back(&primary, &secondary, &mut partial).await;
                Message::Finish(finish::Message::RolledBack(r, partial))
            }
            Work::ReadResult {
                primary,
                group_id,
                id,
            } => {
                let r = primary.server_hierarchy().get_child_servers(group_id).await;
                Message::Result(result::Message::Read(
                    r.map(|l| l.into_iter().find(|c| c.id == id)),
                ))
            }
        }
    }
}

/// Fetches and reads the certificate presented at `host:port`.
pub async fn fetch(host: &str, port: u16) -> Result<CertificateDetails, String> {
    let presented = crate::tls::fetch_presented_certificate(host, port, None, FETCH_TIMEOUT)
        .await
        .map_err(|e| e.to_string())?;
    crate::cert::parse_certificate(&presented.leaf_der).map_err(|e| {
        crate::fl!(
            "wizard-presented-certificate-unreadable",
            address = crate::hierarchy::validate::host_port(host, port),
            error = e.to_string()
        )
    })
}

/// What the shell should do.
// Messages and actions are moved once per event; boxing the large answers would only add noise.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Action {
    /// Nothing.
    None,
    /// Run this work and feed its messages back.
    Run(Work),
    /// Leave the wizard (cancelled or done).
    Close,
    /// Leave the wizard (done) for the home screen's "Export join file" page, so the
    /// secondary's administrator gets this server's address and certificate in one file.
    ExportJoinFile,
    /// Put this text on the clipboard.
    CopyToClipboard(String),
    /// Remember the proxy for the next secondary: the settings without the password, the
    /// password (when there is one) in the keyring.
    RememberProxy {
        /// Address, port and user, for the settings file.
        proxy: ProxySettings,
        /// The password and where it goes in the keyring.
        password: Option<(SecretKey, Secret)>,
    },
}

/// Writes `text` to `path`, saying which file could not be written and why.
async fn write_text(path: PathBuf, text: String) -> Result<Option<PathBuf>, String> {
    tokio::fs::write(&path, text.as_bytes())
        .await
        .map(|()| Some(path.clone()))
        .map_err(|e| {
            crate::fl!(
                "wizard-write-failed",
                path = path.display().to_string(),
                error = e.to_string()
            )
        })
}

/// The run of Finish.
#[derive(Debug, Default)]
pub struct Run {
    /// Progress events so far.
    pub progress: Vec<Progress>,
    /// True while the run goes on.
    pub running: bool,
    /// The last failure, in words, when the run failed.
    pub failure: Option<String>,
    /// What the failed run left written (registration, secondary's section).
    pub partial: Option<Partial>,
    /// The admin chose to keep what was written.
    pub kept: bool,
    /// A rollback is on its way.
    pub rolling_back: bool,
    /// What a rollback did or could not do.
    pub rollback_note: Option<(bool, String)>,
    /// The report of a run that succeeded.
    pub report: Option<AddReport>,
    /// The id of a registration of the secondary's certificate that stood in the way of the
    /// failed run, which the admin may replace.
    pub replaceable: Option<i32>,
}

impl Run {
    /// Whether the failed run left something written on a server.
    pub fn something_written(&self) -> bool {
        self.partial.as_ref().is_some_and(Partial::anything_written)
    }
}

/// The wizard screen.
#[derive(Debug)]
pub struct State {
    /// The form and the step machine.
    pub wizard: Wizard,
    /// The primary (logged in).
    pub primary: KscClient,
    /// The secondary, once the credentials were checked.
    pub secondary: Option<KscClient>,
    /// Client of a login waiting for its two-step code.
    pending_login: Option<KscClient>,
    /// The secondary's clock against this computer's, as its login replies showed it.
    pub secondary_clock: Option<ClockOffset>,
    /// This computer's clock at the last tick while the code is asked for; the countdown shows
    /// from the first tick on.
    pub now: Option<SystemTime>,
    /// A code was sent in the login under way (a login that ends then ended on the codes).
    code_sent: bool,
    /// Options of the run.
    pub options: AddOptions,
    /// Something is being read or fetched (shown on the step).
    pub busy: Option<String>,
    /// Reading the group's names failed.
    pub names_error: Option<String>,
    /// Getting or reading a certificate failed.
    pub certificate_error: Option<String>,
    /// The certificate file's path, typed when no file dialog could be shown.
    pub certificate_path: PathEntry,
    /// Where to save the primary's certificate, typed where no save dialog could be shown.
    pub primary_certificate_path: PathEntry,
    /// Where the primary's certificate was saved, or why not.
    pub saved_note: Option<(bool, String)>,
    /// Where to save the plan file, typed where no save dialog could be shown.
    pub plan_path: PathEntry,
    /// What came of "Save as plan file…" (success, and the words).
    pub plan_note: Option<(bool, String)>,
    /// The last pre-flight check on the summary (cleared when the summary is left).
    pub preflight: Option<crate::hierarchy::preflight::Report>,
    /// The pre-flight check is running.
    pub preflight_running: bool,
    /// Counts the checks started: an answer to an older one is dropped.
    pub preflight_generation: u64,
    /// Where to save the pre-flight report, typed where no save dialog could be shown.
    pub report_path: PathEntry,
    /// What came of copying or saving the report (success, and the words).
    pub report_note: Option<(bool, String)>,
    /// What became of the proxy password kept in the keyring (filled in, or not readable).
    pub proxy_note: Option<(bool, String)>,
    /// The run.
    pub run: Run,
    /// The secondary as read back from the primary.
    pub result: Option<Result<Option<ChildServer>, String>>,
    /// Cancel asked for a confirmation.
    pub confirm_cancel: bool,
    /// Where the group list is scrolled (it builds only the groups in view).
    pub group_list: crate::gui::widget::virtual_list::Window,
}

impl State {
    /// The wizard on `primary`.
    pub fn new(primary: KscClient, context: PrimaryContext) -> Self {
        Self {
            wizard: Wizard::new(context),
            primary,
            secondary: None,
            pending_login: None,
            secondary_clock: None,
            now: None,
            code_sent: false,
            options: AddOptions::default(),
            busy: None,
            names_error: None,
            certificate_error: None,
            certificate_path: PathEntry::default(),
            primary_certificate_path: PathEntry::for_saving(),
            saved_note: None,
            plan_path: PathEntry::for_saving(),
            plan_note: None,
            preflight: None,
            preflight_running: false,
            preflight_generation: 0,
            report_path: PathEntry::for_saving(),
            report_note: None,
            proxy_note: None,
            run: Run::default(),
            result: None,
            confirm_cancel: false,
            group_list: Default::default(),
        }
    }

    /// Prefills the proxy with the one used for the last secondary; the returned work reads its
    /// password from the keyring.
    pub fn prefill_proxy(&mut self, saved: &ProxySettings) -> Action {
        self.wizard.prefill_proxy(saved);
        match self.wizard.proxy_password_key() {
            Some(key) => Action::Run(Work::LoadProxyPassword(key)),
            None => Action::None,
        }
    }

    /// What a keyboard shortcut does: Enter and Alt+N are Next (Finish on the summary) when it
    /// is enabled, Alt+B is Back, Esc is Cancel (which asks first when something was typed) or
    /// "Keep editing" while that question is shown; on the Result step Enter is Done.
    pub fn shortcut(&self, s: Shortcut) -> Option<Message> {
        let step = self.wizard.step();
        if self.confirm_cancel {
            return (s == Shortcut::Cancel).then_some(Message::KeepEditing);
        }
        match s {
            Shortcut::Default | Shortcut::Next if step <= Step::Summary => {
                self.may_advance().then_some(Message::NextPressed)
            }
            Shortcut::Default if step == Step::Result => Some(Message::CancelPressed),
            Shortcut::Back if step <= Step::Summary => {
                self.wizard.can_go_back().then_some(Message::BackPressed)
            }
            Shortcut::Cancel => self.can_cancel().then_some(Message::CancelPressed),
            _ => None,
        }
    }

    /// Whether the secondary's code is asked for, so that its countdown moves.
    pub fn counts_down(&self) -> bool {
        self.wizard.step() == Step::Credentials && self.wizard.code_length().is_some()
    }

    /// A tick a second while the secondary asks for a code, to move its countdown.
    pub fn subscription(&self) -> Subscription<Message> {
        if self.counts_down() {
            iced::time::every(TICK)
                .map(|_| Message::Credentials(credentials::Message::ClockTicked(SystemTime::now())))
        } else {
            Subscription::none()
        }
    }

    /// Handles a message.
    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::BackPressed => {
                self.wizard.back();
                self.leave_summary();
                Action::None
            }
            Message::NextPressed => self.next(),
            Message::CancelPressed => {
                if !self.can_cancel() {
                    Action::None
                } else if self.wizard.is_dirty() && self.wizard.step() < Step::Result {
                    self.confirm_cancel = true;
                    Action::None
                } else {
                    Action::Close
                }
            }
            Message::DiscardConfirmed => Action::Close,
            Message::KeepEditing => {
                self.confirm_cancel = false;
                Action::None
            }
            Message::Group(m) => group::update(self, m),
            Message::Server(m) => server::update(self, m),
            Message::Certificate(m) => certificate::update(self, m),
            Message::Connection(m) => connection::update(self, m),
            Message::Credentials(m) => credentials::update(self, m),
            Message::Summary(m) => summary::update(self, m),
            Message::Finish(m) => finish::update(self, m),
            Message::Result(m) => result::update(self, m),
        }
    }

    /// Whether Cancel may be pressed: not while writing, nor with an undecided half-built
    /// hierarchy (roll back or keep first).
    pub fn can_cancel(&self) -> bool {
        !(self.run.running
            || self.run.rolling_back
            || (self.run.something_written() && !self.run.kept))
    }

    /// Whether Next (Finish on the summary) may be pressed: the step is complete, and on the
    /// summary the pre-flight check has ended without an error.
    pub fn may_advance(&self) -> bool {
        self.wizard.can_advance()
            && !(self.wizard.step() == Step::Summary
                && (self.preflight_running
                    || self.preflight.as_ref().is_some_and(|r| r.has_errors())))
    }

    /// The summary was left: its pre-flight check no longer stands for the form.
    pub fn leave_summary(&mut self) {
        if self.wizard.step() != Step::Summary {
            self.preflight = None;
            self.preflight_running = false;
            self.report_note = None;
        }
    }

    fn next(&mut self) -> Action {
        if self.confirm_cancel || !self.may_advance() {
            return Action::None;
        }
        let was = self.wizard.step();
        if !self.wizard.next() {
            return Action::None;
        }
        if self.wizard.step() == Step::Summary {
            return summary::start_preflight(self);
        }
        match was {
            // A registration kept after a failure is resumed, not made again, and the
            // secondary's section from before the first run stays the one a rollback restores.
            Step::Summary => {
                let kept = self.run.partial.clone().filter(|p| p.anything_written());
                finish::start(self, kept)
            }
            Step::Connection => match self.wizard.proxy_settings() {
                Some(proxy) => {
                    let password = self
                        .wizard
                        .proxy_password_key()
                        .filter(|_| !self.wizard.form.proxy_password.is_empty())
                        .map(|key| (key, self.wizard.form.proxy_password.clone()));
                    Action::RememberProxy { proxy, password }
                }
                None => Action::None,
            },
            _ => Action::None,
        }
    }

    /// A run of "add secondary" with the current plan, resuming `resume` (in "register only"
    /// mode, the registration alone).
    fn add_work(&self, resume: Option<Partial>) -> Option<Work> {
        if self.wizard.is_register_only() {
            let plan = self.wizard.to_registration().ok()?;
            return Some(Work::RegisterOnly {
                primary: self.primary.clone(),
                plan: Box::new(plan),
                replace: self.options.replace,
            });
        }
        let plan = self.wizard.to_plan().ok()?;
        Some(Work::AddSecondary {
            primary: self.primary.clone(),
            secondary: self.secondary.clone()?,
            plan: Box::new(plan),
            options: self.options.clone(),
            resume,
        })
    }

    /// Draws the screen.
    pub fn view(&self) -> Element<'_, Message> {
        let step = self.wizard.step();
        let body: Element<'_, Message> = match step {
            Step::Group => group::view(self),
            Step::Server => server::view(self),
            Step::Certificate => certificate::view(self),
            Step::Connection => connection::view(self),
            Step::Credentials => credentials::view(self),
            Step::Summary => summary::view(self),
            Step::Finish => finish::view(self),
            Step::Result => result::view(self),
        };
        let header = column![
            text(crate::fl!(
                "wizard-header",
                step = step.number(),
                count = Step::ALL.len()
            ))
            .style(style::text::muted),
            text(step.title())
                .size(style::TITLE_SIZE)
                .font(crate::gui::font::BOLD),
        ]
        .spacing(4);
        let page = column![header, body]
            .spacing(style::SECTION)
            .padding(style::PAGE_PADDING)
            .width(Length::Fill);
        crate::gui::widget::page::with_footer(page, self.footer())
    }

    fn footer(&self) -> Element<'_, Message> {
        if self.confirm_cancel {
            return row![
                text(crate::fl!("wizard-discard-question")),
                space::horizontal(),
                button(text(crate::fl!("wizard-keep-editing")))
                    .style(style::button::secondary)
                    .on_press(Message::KeepEditing),
                button(text(crate::fl!("wizard-discard")))
                    .style(style::button::danger)
                    .on_press(Message::DiscardConfirmed),
            ]
            .spacing(style::GAP)
            .align_y(Alignment::Center)
            .into();
        }
        let step = self.wizard.step();
        let mut r = row![
            button(text(crate::fl!("wizard-cancel")))
                .style(style::button::secondary)
                .on_press_maybe(self.can_cancel().then_some(Message::CancelPressed)),
            space::horizontal(),
        ]
        .spacing(style::GAP)
        .align_y(Alignment::Center);
        if step <= Step::Summary {
            r = r.push(
                button(text(crate::fl!("wizard-back")))
                    .style(style::button::secondary)
                    .on_press_maybe(self.wizard.can_go_back().then_some(Message::BackPressed)),
            );
            let label = if step == Step::Summary {
                crate::fl!("wizard-finish")
            } else {
                crate::fl!("wizard-next")
            };
            r = r.push(
                button(text(label))
                    .style(style::button::primary)
                    .on_press_maybe(self.may_advance().then_some(Message::NextPressed)),
            );
        } else if step == Step::Result {
            r = r.push(
                button(text(crate::fl!("wizard-done")))
                    .style(style::button::primary)
                    .on_press(Message::CancelPressed),
            );
        }
        r.into()
    }
}
