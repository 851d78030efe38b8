//! "This server is secondary": the settings page of the server the app is connected to, for
//! building a hierarchy from the secondary's side when the primary cannot reach it.
//!
//! The page reads the server's `KLSRV_MASTER_SRV` section and shows it, lets the admin tick
//! "This Administration Server is secondary in the hierarchy" and fill in the primary (its
//! certificate from a flash drive, a file, or an offline join file, used only once the admin
//! ticked that its fingerprint matches the one the primary's administrator gave), saves through
//! [`crate::hierarchy::make_secondary`] or [`crate::hierarchy::detach`] and shows what the
//! server reports afterwards. Unsaved changes are never dropped without asking.

mod view;
mod work;

pub use work::{Work, load};

pub use crate::hierarchy::certificate::{CertificateSource, ChosenCertificate};
pub use crate::hierarchy::secondary_form::Form;

use std::path::PathBuf;
use std::time::Duration;

use iced::Subscription;

use crate::cert::CertificateDetails;
use crate::gui::widget::path_entry::{self, PathEntry};
use crate::gui::widget::shortcuts::Shortcut;
use crate::hierarchy::join_file::JoinFile;
use crate::hierarchy::on_primary::{self, PrimaryLogin, SeenOnPrimary};
use crate::hierarchy::ops::SaveReport;
use crate::hierarchy::validate::Field;
use crate::kloapi::{KscClient, MasterSrvSection};
use crate::removable::Scan;
use crate::secrets::Secret;

/// How often mounted drives are looked at again while the page is open.
pub const RESCAN_EVERY: Duration = Duration::from_secs(3);
/// How long, after a save, the page waits for the primary to report this server Active.
pub const PRIMARY_CHECK_TIMEOUT: Duration = Duration::from_secs(6);
/// How often the primary is asked meanwhile.
pub const PRIMARY_POLL_EVERY: Duration = Duration::from_millis(500);

/// Ids of the page's text inputs (for tests and focus).
pub mod ids {
    /// Primary's address.
    pub const PRIMARY_ADDRESS: &str = "secondary-primary-address";
    /// Primary's SSL port.
    pub const SSL_PORT: &str = "secondary-primary-ssl-port";
    /// Proxy address.
    pub const PROXY_ADDRESS: &str = "secondary-proxy-address";
    /// Proxy port.
    pub const PROXY_PORT: &str = "secondary-proxy-port";
    /// Proxy user.
    pub const PROXY_USER: &str = "secondary-proxy-user";
    /// Proxy password.
    pub const PROXY_PASSWORD: &str = "secondary-proxy-password";
    /// Certificate file's path, typed when no file dialog could be shown.
    pub const CERTIFICATE_PATH: &str = "secondary-certificate-path";
    /// Join file's path, typed when no file dialog could be shown.
    pub const JOIN_PATH: &str = "secondary-join-path";
}

/// Label of the main check box, as in KSC's own settings.
pub fn secondary_label() -> String {
    crate::fl!("secondary-is-secondary")
}

/// Label of the box ticked once the primary's certificate fingerprint was compared.
pub fn fingerprint_confirm_label() -> String {
    crate::fl!("secondary-fingerprint-confirm")
}

/// Label of the DMZ check box, as in the KSC Web Console.
pub fn dmz_label() -> String {
    crate::fl!("secondary-dmz")
}

/// Label of the proxy check box.
pub fn proxy_label() -> String {
    crate::fl!("secondary-use-proxy")
}

/// What the page read when it opened.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The server's host id (`KLSRV_MASTER_SRV` lives under it).
    pub host: String,
    /// The section as read.
    pub section: MasterSrvSection,
    /// The proxy password found in the keyring for the section's proxy, if any.
    pub proxy_password: Option<Secret>,
}

/// What happened on the page.
#[derive(Clone, Debug)]
pub enum Message {
    /// The section was read (or not).
    Loaded(Result<Box<Loaded>, String>),
    /// "Try again" after a failed read.
    RetryPressed,
    /// Time to look at the drives again.
    RescanTick,
    /// A drive came or went, or was mounted or unmounted.
    DrivesChanged,
    /// "Look again" was pressed.
    RescanPressed,
    /// The drives were scanned.
    Scanned(Scan),
    /// The main check box was toggled.
    SecondaryToggled(bool),
    /// The primary's address was edited.
    AddressChanged(String),
    /// The primary's SSL port was edited.
    SslPortChanged(String),
    /// A certificate found on a drive was picked.
    CandidatePicked(usize),
    /// "I compared this fingerprint with the one the primary's administrator gave me" was
    /// toggled.
    FingerprintConfirmed(bool),
    /// "Browse…" for a certificate file was pressed.
    BrowsePressed,
    /// A certificate file was chosen (`None`: the dialog was closed).
    FileChosen(Option<PathBuf>),
    /// The certificate's path field, shown when no file dialog could be shown.
    CertificatePath(path_entry::Message),
    /// The chosen file was read.
    FileLoaded(PathBuf, Result<Box<CertificateDetails>, String>),
    /// "Import join file…" was pressed.
    ImportJoinPressed,
    /// A join file was chosen (`None`: the dialog was closed).
    JoinFileChosen(Option<PathBuf>),
    /// The join file's path field, shown when no file dialog could be shown.
    JoinPath(path_entry::Message),
    /// The join file was read.
    JoinFileLoaded(PathBuf, Result<Box<JoinFile>, String>),
    /// The DMZ box was toggled.
    DmzToggled(bool),
    /// "Use proxy server" was toggled.
    ProxyToggled(bool),
    /// The proxy address was edited.
    ProxyAddressChanged(String),
    /// The proxy port was edited.
    ProxyPortChanged(String),
    /// The proxy user was edited.
    ProxyUserChanged(String),
    /// The proxy password was edited.
    ProxyPasswordChanged(Secret),
    /// "Save" was pressed.
    SavePressed,
    /// The admin confirmed detaching the server from its primary.
    DetachConfirmed,
    /// The save (or detach) finished; the second part is a keyring problem to show.
    Saved(Box<Result<SaveReport, String>>, Option<String>),
    /// Check `n` after a save looked at the primary's list of secondary servers, this long
    /// after it started, and saw this (nothing: not registered there).
    PrimaryLooked(u64, Duration, Option<Box<SeenOnPrimary>>),
    /// Check `n` ended: the last look (Active, or time is up), or why the primary could not be
    /// asked.
    PrimaryChecked(u64, Result<Option<Box<SeenOnPrimary>>, String>),
    /// "Back" was pressed.
    BackPressed,
    /// The admin chose to drop the unsaved changes.
    DiscardConfirmed,
    /// The admin chose to go on editing (closes any question).
    KeepEditing,
}

/// What the page knows of this server on the primary after a save.
#[derive(Clone, Debug, PartialEq)]
pub enum PrimaryCheck {
    /// The app cannot ask the primary; why.
    Skipped(String),
    /// Asking the primary.
    Running {
        /// The primary, as saved.
        primary: String,
        /// Time waited so far.
        waited: Duration,
        /// The last look, once there was one.
        last: Option<SeenOnPrimary>,
    },
    /// The final look.
    Done {
        /// The primary, as saved.
        primary: String,
        /// The record, or `None`: not registered there.
        seen: Option<SeenOnPrimary>,
    },
    /// Signing in or asking failed; why.
    Failed {
        /// The primary, as saved.
        primary: String,
        /// What went wrong.
        error: String,
    },
}

/// What the shell should do.
#[derive(Debug)]
pub enum Action {
    /// Nothing.
    None,
    /// Run this work.
    Run(Work),
    /// Run this work and hand the page its handle ([`State::watching`]): it is aborted when the
    /// page closes or a newer check starts.
    Watch(Work),
    /// Back to the home screen.
    Close,
}

/// A question the page is asking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Question {
    /// Detach this server from its primary?
    Detach,
    /// Leave the page without saving?
    Leave,
}

/// The page.
#[derive(Debug)]
pub struct State {
    client: KscClient,
    /// The server as the admin named it when connecting.
    pub server: String,
    roots: Vec<PathBuf>,
    /// The section as last read or saved; `None` until read.
    pub current: Option<MasterSrvSection>,
    /// The form as last read or saved.
    pub saved: Form,
    /// The form.
    pub form: Form,
    /// What was found on removable drives.
    pub scan: Option<Scan>,
    scanning: bool,
    /// A drive changed while a scan ran, which may have looked before the change.
    rescan_queued: bool,
    /// What the page is busy with.
    pub busy: Option<String>,
    /// Why the section could not be read.
    pub load_error: Option<String>,
    /// A note about the section as read.
    pub note: Option<String>,
    /// Why the chosen certificate file is not usable.
    pub certificate_error: Option<String>,
    /// Why the chosen join file is not usable.
    pub join_error: Option<String>,
    /// The certificate file's path, typed when no file dialog could be shown.
    pub certificate_path: PathEntry,
    /// The join file's path, typed when no file dialog could be shown.
    pub join_path: PathEntry,
    /// The join file imported, whose fingerprint is to be compared by phone.
    pub joined: Option<PathBuf>,
    /// Problems of the fields, shown after "Save" was pressed.
    pub field_errors: Vec<(Field, String)>,
    /// Why the last save failed.
    pub save_error: Option<String>,
    /// The last successful save.
    pub report: Option<SaveReport>,
    /// A keyring problem to show.
    pub keyring_warning: Option<String>,
    /// The question asked, if any.
    pub question: Option<Question>,
    /// Primaries the app can sign in to, for the check after a save.
    primaries: Vec<PrimaryLogin>,
    /// What the primary says of this server after the last save.
    pub primary_check: Option<PrimaryCheck>,
    /// How long the check after a save waits for the primary to report this server Active.
    pub primary_check_timeout: Duration,
    /// The running check's number: older checks' messages are ignored.
    check: u64,
    /// The running check's task, aborted when dropped.
    check_task: Option<iced::task::Handle>,
    /// A save or detach is writing to the server.
    writing: bool,
}

impl State {
    /// The page for the server `client` is logged in to (`server` as typed when connecting);
    /// `roots` are the settings' USB scan roots. Run [`State::open`]'s work next.
    pub fn new(client: KscClient, server: String, roots: Vec<PathBuf>) -> Self {
        Self {
            client,
            server,
            roots,
            current: None,
            saved: Form::default(),
            form: Form::default(),
            scan: None,
            scanning: false,
            rescan_queued: false,
            busy: Some(crate::fl!("secondary-reading")),
            load_error: None,
            note: None,
            certificate_error: None,
            join_error: None,
            certificate_path: PathEntry::default(),
            join_path: PathEntry::default(),
            joined: None,
            field_errors: Vec::new(),
            save_error: None,
            report: None,
            keyring_warning: None,
            question: None,
            primaries: Vec::new(),
            primary_check: None,
            primary_check_timeout: PRIMARY_CHECK_TIMEOUT,
            check: 0,
            check_task: None,
            writing: false,
        }
    }

    /// The primaries the app can sign in to (preset servers, remembered recent servers): after
    /// a save, the page asks the one at the saved address with the saved certificate whether it
    /// sees this server.
    pub fn with_primaries(mut self, primaries: Vec<PrimaryLogin>) -> Self {
        self.primaries = primaries;
        self
    }

    /// Starts the check after a save of `after`, or says why it is skipped.
    /// Keeps the running check's task, so that it ends with the page.
    pub fn watching(&mut self, handle: iced::task::Handle) {
        self.check_task = Some(handle.abort_on_drop());
    }

    fn start_primary_check(&mut self, after: &MasterSrvSection) -> Action {
        self.check += 1;
        self.check_task = None;
        if !after.use_master {
            self.primary_check = None;
            return Action::None;
        }
        let primary = after.address.clone().unwrap_or_default();
        let login = after
            .ssl_cert
            .as_deref()
            .map(|c| crate::cert::parse_certificate(c).map_or_else(|_| c.to_vec(), |d| d.der))
            .and_then(|der| on_primary::pick_login(&self.primaries, &primary, &der));
        match login {
            None => {
                self.primary_check = Some(PrimaryCheck::Skipped(crate::fl!(
                    "secondary-check-skipped",
                    primary = primary.as_str()
                )));
                Action::None
            }
            Some(login) => {
                self.primary_check = Some(PrimaryCheck::Running {
                    primary,
                    waited: Duration::ZERO,
                    last: None,
                });
                Action::Watch(Work::CheckOnPrimary {
                    check: self.check,
                    secondary: self.client.clone(),
                    login: Box::new(login.clone()),
                    timeout: self.primary_check_timeout,
                })
            }
        }
    }

    fn checked_primary(&self) -> String {
        match &self.primary_check {
            Some(
                PrimaryCheck::Running { primary, .. }
                | PrimaryCheck::Done { primary, .. }
                | PrimaryCheck::Failed { primary, .. },
            ) => primary.clone(),
            _ => String::new(),
        }
    }

    /// What to do when the page opens: read the section and look at the drives.
    pub fn open(&mut self) -> Vec<Work> {
        self.scanning = true;
        vec![
            Work::Load {
                client: self.client.clone(),
            },
            Work::Scan {
                roots: self.roots.clone(),
            },
        ]
    }

    /// Whether the form holds changes not yet saved.
    pub fn has_unsaved_changes(&self) -> bool {
        self.current.is_some() && self.form.differs_from(&self.saved)
    }

    /// Whether a save or detach is writing to the server: leaving now would drop it half way.
    pub fn is_writing(&self) -> bool {
        self.writing
    }

    /// Whether the page asks "leave without saving?".
    pub fn asks_to_leave(&self) -> bool {
        self.question == Some(Question::Leave)
    }

    /// Whether Save can be pressed.
    pub fn can_save(&self) -> bool {
        self.busy.is_none() && self.question.is_none() && self.has_unsaved_changes()
    }

    /// Looks at the drives again when a flash drive is plugged in: at once where UDisks2 says
    /// so, every few seconds where it cannot.
    pub fn subscription(&self) -> Subscription<Message> {
        if !self.roots.is_empty() {
            // Folders named in the settings (the demo's stand-in drive, tests) are not drives
            // UDisks2 knows of.
            return iced::time::every(RESCAN_EVERY).map(|_| Message::RescanTick);
        }
        Subscription::run_with(RESCAN_EVERY, |every| crate::removable::watch(*every)).map(|look| {
            match look {
                crate::removable::Look::Changed => Message::DrivesChanged,
                crate::removable::Look::Tick => Message::RescanTick,
            }
        })
    }

    fn scan_work(&mut self) -> Action {
        if self.scanning {
            return Action::None;
        }
        self.scanning = true;
        Action::Run(Work::Scan {
            roots: self.roots.clone(),
        })
    }

    fn dialog_start(&self) -> Option<PathBuf> {
        self.scan
            .as_ref()
            .and_then(|s| s.dialog_directory())
            .map(PathBuf::from)
    }

    /// Chooses a certificate. Another certificate must be compared again; the same one (by its
    /// content) taken from elsewhere keeps the comparison, which was of its fingerprint.
    fn set_certificate(&mut self, details: CertificateDetails, source: CertificateSource) {
        self.certificate_error = None;
        let compared = self
            .form
            .certificate
            .as_ref()
            .is_some_and(|c| c.confirmed && c.details.der == details.der);
        let mut chosen = ChosenCertificate::new(details, source);
        chosen.confirmed = compared;
        self.form.certificate = Some(chosen);
        self.revalidate();
    }

    /// Keeps the shown field errors current once Save was pressed.
    fn revalidate(&mut self) {
        if !self.field_errors.is_empty() {
            self.field_errors = self.form.settings().err().unwrap_or_default();
        }
    }

    /// The message for `field`, if Save found one.
    pub fn error_at(&self, field: Field) -> Option<String> {
        self.field_errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.clone())
    }

    fn show_loaded(&mut self, loaded: Loaded) {
        let (mut form, note) = Form::from_section(&loaded.section);
        if let Some(p) = loaded.proxy_password {
            form.proxy_password = p;
        }
        self.note = note;
        self.saved = form.clone();
        self.form = form;
        self.current = Some(loaded.section);
    }

    /// Handles a message.
    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Loaded(r) => {
                self.busy = None;
                match r {
                    Ok(loaded) => {
                        self.load_error = None;
                        self.show_loaded(*loaded);
                    }
                    Err(e) => self.load_error = Some(e),
                }
                Action::None
            }
            Message::RetryPressed => {
                self.busy = Some(crate::fl!("secondary-reading"));
                self.load_error = None;
                Action::Run(Work::Load {
                    client: self.client.clone(),
                })
            }
            Message::RescanTick | Message::RescanPressed => self.scan_work(),
            Message::DrivesChanged => {
                // A scan already running may have looked before the change, and no timer
                // looks again after it.
                self.rescan_queued |= self.scanning;
                self.scan_work()
            }
            Message::Scanned(scan) => {
                self.scanning = false;
                // Listed only, even when it is the one certificate found: whoever can put a
                // file on the drive must not choose the primary.
                self.scan = Some(scan);
                if std::mem::take(&mut self.rescan_queued) {
                    return self.scan_work();
                }
                Action::None
            }
            Message::SecondaryToggled(v) => {
                self.form.secondary = v;
                self.revalidate();
                Action::None
            }
            Message::AddressChanged(v) => {
                self.form.primary_address = v;
                self.revalidate();
                Action::None
            }
            Message::SslPortChanged(v) => {
                self.form.ssl_port = v;
                self.revalidate();
                Action::None
            }
            Message::CandidatePicked(i) => {
                if let Some(c) = self
                    .scan
                    .as_ref()
                    .and_then(|s| s.candidates.get(i))
                    .cloned()
                {
                    self.set_certificate(c.details, CertificateSource::Drive(c.path));
                }
                Action::None
            }
            Message::FingerprintConfirmed(v) => {
                if let Some(c) = &mut self.form.certificate {
                    c.confirmed = v;
                }
                self.revalidate();
                Action::None
            }
            Message::BrowsePressed => Action::Run(Work::PickCertificateFile {
                start: self.dialog_start(),
            }),
            Message::FileChosen(None) | Message::JoinFileChosen(None) => Action::None,
            Message::CertificatePath(m) => match self.certificate_path.update(m) {
                Some(path) => self.update(Message::FileChosen(Some(path))),
                None => Action::None,
            },
            Message::JoinPath(m) => match self.join_path.update(m) {
                Some(path) => self.update(Message::JoinFileChosen(Some(path))),
                None => Action::None,
            },
            Message::FileChosen(Some(path)) => {
                self.busy = Some(crate::fl!("wizard-certificate-reading-file"));
                Action::Run(Work::LoadCertificateFile(path))
            }
            Message::FileLoaded(path, r) => {
                self.busy = None;
                match r {
                    Ok(details) => self.set_certificate(*details, CertificateSource::File(path)),
                    Err(e) => {
                        self.certificate_error = Some(crate::fl!(
                            "secondary-file-unusable",
                            path = path.display().to_string(),
                            error = e
                        ))
                    }
                }
                Action::None
            }
            Message::ImportJoinPressed => Action::Run(Work::PickJoinFile {
                start: self.dialog_start(),
            }),
            Message::JoinFileChosen(Some(path)) => {
                self.busy = Some(crate::fl!("secondary-reading-join-file"));
                Action::Run(Work::LoadJoinFile(path))
            }
            Message::JoinFileLoaded(path, r) => {
                self.busy = None;
                match r {
                    Ok(j) => {
                        self.join_error = None;
                        self.fill_from_join_file(&j, path);
                    }
                    Err(e) => {
                        self.joined = None;
                        self.join_error = Some(crate::fl!(
                            "secondary-file-unusable",
                            path = path.display().to_string(),
                            error = e
                        ))
                    }
                }
                Action::None
            }
            Message::DmzToggled(v) => {
                self.form.dmz = v;
                Action::None
            }
            Message::ProxyToggled(v) => {
                self.form.use_proxy = v;
                if v && self.form.proxy_port.trim().is_empty() {
                    self.form.proxy_port = crate::settings::DEFAULT_PROXY_PORT.to_string();
                }
                self.revalidate();
                Action::None
            }
            Message::ProxyAddressChanged(v) => {
                self.form.proxy_address = v;
                self.revalidate();
                Action::None
            }
            Message::ProxyPortChanged(v) => {
                self.form.proxy_port = v;
                self.revalidate();
                Action::None
            }
            Message::ProxyUserChanged(v) => {
                self.form.proxy_user = v;
                self.revalidate();
                Action::None
            }
            Message::ProxyPasswordChanged(v) => {
                self.form.proxy_password = v;
                self.revalidate();
                Action::None
            }
            Message::SavePressed => self.save(),
            Message::DetachConfirmed => {
                self.question = None;
                self.busy = Some(crate::fl!("secondary-detaching"));
                self.writing = true;
                self.save_error = None;
                Action::Run(Work::Detach {
                    client: self.client.clone(),
                })
            }
            Message::Saved(r, keyring) => {
                self.busy = None;
                self.writing = false;
                self.keyring_warning = keyring;
                match *r {
                    Ok(report) => {
                        self.save_error = None;
                        let (mut form, note) = Form::from_section(&report.after);
                        // The server cannot show the password: keep the one just saved.
                        form.proxy_password = self.form.proxy_password.clone();
                        if let Some(c) = &self.form.certificate
                            && form.certificate.as_ref().map(|f| &f.details.der)
                                == Some(&c.details.der)
                        {
                            form.certificate = Some(c.clone());
                        }
                        self.note = note;
                        self.saved = form.clone();
                        self.form = form;
                        self.current = Some(report.after.clone());
                        let next = self.start_primary_check(&report.after);
                        self.report = Some(report);
                        next
                    }
                    Err(e) => {
                        self.save_error = Some(e);
                        Action::None
                    }
                }
            }
            Message::PrimaryLooked(n, ..) | Message::PrimaryChecked(n, _) if n != self.check => {
                Action::None
            }
            Message::PrimaryLooked(_, waited, seen) => {
                self.primary_check = Some(PrimaryCheck::Running {
                    primary: self.checked_primary(),
                    waited,
                    last: seen.map(|s| *s),
                });
                Action::None
            }
            Message::PrimaryChecked(_, result) => {
                self.check_task = None;
                let primary = self.checked_primary();
                self.primary_check = Some(match result {
                    Ok(seen) => PrimaryCheck::Done {
                        primary,
                        seen: seen.map(|s| *s),
                    },
                    Err(error) => PrimaryCheck::Failed { primary, error },
                });
                Action::None
            }
            Message::BackPressed => {
                if self.has_unsaved_changes() {
                    self.question = Some(Question::Leave);
                    Action::None
                } else {
                    Action::Close
                }
            }
            Message::DiscardConfirmed => {
                self.question = None;
                Action::Close
            }
            Message::KeepEditing => {
                self.question = None;
                Action::None
            }
        }
    }

    fn fill_from_join_file(&mut self, j: &JoinFile, path: PathBuf) {
        self.form.secondary = true;
        self.form.primary_address = j.primary_address.clone();
        self.form.ssl_port = j.ssl_port.to_string();
        if let Some(p) = &j.proxy {
            self.form.use_proxy = true;
            self.form.proxy_address = p.host.clone();
            self.form.proxy_port = p.port.to_string();
        }
        self.set_certificate(
            j.certificate.clone(),
            CertificateSource::JoinFile(path.clone()),
        );
        self.joined = Some(path);
    }

    fn save(&mut self) -> Action {
        if !self.can_save() {
            return Action::None;
        }
        self.save_error = None;
        self.report = None;
        self.primary_check = None;
        self.check += 1;
        self.check_task = None;
        if !self.form.secondary {
            self.question = Some(Question::Detach);
            return Action::None;
        }
        match self.form.settings() {
            Err(errors) => {
                self.field_errors = errors;
                Action::None
            }
            Ok(settings) => {
                self.field_errors.clear();
                self.busy = Some(crate::fl!("secondary-saving"));
                self.writing = true;
                let remember = self
                    .form
                    .proxy_key()
                    .filter(|_| !self.form.proxy_password.is_empty())
                    .map(|k| (k, self.form.proxy_password.clone()));
                Action::Run(Work::Save {
                    client: self.client.clone(),
                    settings: Box::new(settings),
                    remember,
                })
            }
        }
    }

    /// Enter is Save when it is enabled; Esc answers a question with "keep editing", else is Back
    /// (which asks first when something is unsaved).
    pub fn shortcut(&self, s: Shortcut) -> Option<Message> {
        match s {
            Shortcut::Default => self.can_save().then_some(Message::SavePressed),
            Shortcut::Cancel if self.question.is_some() => Some(Message::KeepEditing),
            Shortcut::Cancel => Some(Message::BackPressed),
            Shortcut::Next | Shortcut::Back => None,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn a_drive_change_during_a_scan_is_looked_at_after_it() {
        let pin = crate::tls::Pin::of_der(b"secondary");
        let client =
            KscClient::new(crate::kloapi::ConnectOptions::new("ksc.example", pin)).unwrap();
        let mut page = State::new(client, "ksc.example".into(), Vec::new());
        let scanned = || Message::Scanned(Scan::default());
        assert_eq!(page.open().len(), 2);
        assert!(matches!(page.update(Message::DrivesChanged), Action::None));
        assert!(matches!(
            page.update(scanned()),
            Action::Run(Work::Scan { .. })
        ));
        assert!(matches!(page.update(scanned()), Action::None));
        assert!(matches!(
            page.update(Message::DrivesChanged),
            Action::Run(Work::Scan { .. })
        ));
        assert!(matches!(page.update(scanned()), Action::None));
        // A tick during a scan is not queued: the next tick looks again anyway.
        assert!(matches!(
            page.update(Message::RescanPressed),
            Action::Run(_)
        ));
        assert!(matches!(page.update(Message::RescanTick), Action::None));
        assert!(matches!(page.update(scanned()), Action::None));
    }
}
