//! "This server is secondary": the settings page of the server the app is connected to, for
//! building a hierarchy from the secondary's side when the primary cannot reach it.
//!
//! The page reads the server's `KLSRV_MASTER_SRV` section and shows it, lets the admin tick
//! "This Administration Server is secondary in the hierarchy" and fill in the primary (its
//! certificate from a flash drive, a file, or an offline join file), saves through
//! [`crate::hierarchy::make_secondary`] or [`crate::hierarchy::detach`] and shows what the
//! server reports afterwards. Unsaved changes are never dropped without asking.

pub mod export;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use iced::widget::{
    Space, button, checkbox, column, container, row, scrollable, space, text, text_input,
};
use iced::{Alignment, Element, Length, Subscription};
use time::OffsetDateTime;

use crate::cert::CertificateDetails;
use crate::gui::style;
use crate::gui::widget::{cert_card, field};
use crate::hierarchy::join_file::JoinFile;
use crate::hierarchy::on_primary::{self, PrimaryLogin, SeenOnPrimary};
use crate::hierarchy::ops::{Change, SaveReport};
use crate::hierarchy::validate::{self, Field};
use crate::hierarchy::{ProxyPlan, SecondarySettings};
use crate::kloapi::{KscClient, MasterSrvSection};
use crate::removable::{Candidate, Scan};
use crate::secrets::{Secret, SecretKey};
use crate::wire::DEFAULT_SSL_PORT;
use crate::wire::error::codes;

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
}

/// Label of the main check box, as in KSC's own settings.
pub fn secondary_label() -> String {
    crate::fl!("secondary-is-secondary")
}

/// Label of the DMZ check box, as in the KSC Web Console.
pub fn dmz_label() -> String {
    crate::fl!("secondary-dmz")
}

/// Label of the proxy check box.
pub fn proxy_label() -> String {
    crate::fl!("secondary-use-proxy")
}

/// Where the certificate in the form came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CertificateSource {
    /// Read from the server's current settings.
    OnServer,
    /// A file the admin chose.
    File(PathBuf),
    /// A file found on a removable drive.
    Drive(PathBuf),
    /// An offline join file.
    JoinFile(PathBuf),
}

/// The primary's certificate in the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChosenCertificate {
    /// What it says.
    pub details: CertificateDetails,
    /// Where it came from.
    pub source: CertificateSource,
}

/// What the admin typed and chose.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Form {
    /// "This Administration Server is secondary in the hierarchy".
    pub secondary: bool,
    /// Primary's address.
    pub primary_address: String,
    /// Primary's SSL port, as typed.
    pub ssl_port: String,
    /// Primary's certificate.
    pub certificate: Option<ChosenCertificate>,
    /// DMZ: the primary connects to this server.
    pub dmz: bool,
    /// "Use proxy server".
    pub use_proxy: bool,
    /// Proxy address.
    pub proxy_address: String,
    /// Proxy port, as typed.
    pub proxy_port: String,
    /// Proxy user.
    pub proxy_user: String,
    /// Proxy password (kept in the OS keyring, written to the server protected).
    pub proxy_password: Secret,
}

/// Splits `host:port` (`[v6]:port` for IPv6) as `KLSRV_MASTER_SRV_PROXYHOST_LOCATION` holds it.
pub fn split_location(location: &str) -> (String, String) {
    let l = location.trim();
    if let Some(rest) = l.strip_prefix('[')
        && let Some((host, port)) = rest.split_once("]:")
    {
        return (host.to_string(), port.to_string());
    }
    match l.rsplit_once(':') {
        Some((h, p)) if !h.contains(':') => (h.to_string(), p.to_string()),
        _ => (l.to_string(), String::new()),
    }
}

impl Form {
    /// The form showing `section`, with a note when its certificate cannot be read.
    pub fn from_section(section: &MasterSrvSection) -> (Self, Option<String>) {
        let mut note = None;
        let certificate =
            section
                .ssl_cert
                .as_deref()
                .and_then(|der| match crate::cert::parse_certificate(der) {
                    Ok(details) => Some(ChosenCertificate {
                        details,
                        source: CertificateSource::OnServer,
                    }),
                    Err(e) => {
                        note = Some(crate::fl!(
                            "secondary-stored-certificate-unreadable",
                            error = e.to_string()
                        ));
                        None
                    }
                });
        let (proxy_address, proxy_port) = section
            .proxy_location
            .as_deref()
            .map(split_location)
            .unwrap_or_default();
        let form = Self {
            secondary: section.use_master,
            primary_address: section.address.clone().unwrap_or_default(),
            ssl_port: section
                .ports
                .first()
                .map_or(DEFAULT_SSL_PORT.to_string(), |p| p.to_string()),
            certificate,
            dmz: section.passive_slave,
            use_proxy: section.proxy_use,
            proxy_address,
            proxy_port: if proxy_port.is_empty() && section.proxy_use {
                crate::settings::DEFAULT_PROXY_PORT.to_string()
            } else {
                proxy_port
            },
            proxy_user: section.proxy_login.clone().unwrap_or_default(),
            proxy_password: Secret::default(),
        };
        (form, note)
    }

    /// Whether saving this form would change what `saved` stands for. Nothing below an unticked
    /// box is written, and the certificate counts by its content, not where it came from.
    pub fn differs_from(&self, saved: &Form) -> bool {
        if !self.secondary && !saved.secondary {
            return false;
        }
        let der = |f: &Form| f.certificate.as_ref().map(|c| c.details.der.clone());
        let proxy = |f: &Form| {
            f.use_proxy.then(|| {
                (
                    f.proxy_address.trim().to_string(),
                    f.proxy_port.trim().to_string(),
                    f.proxy_user.trim().to_string(),
                    f.proxy_password.clone(),
                )
            })
        };
        self.secondary != saved.secondary
            || self.primary_address.trim() != saved.primary_address.trim()
            || self.ssl_port.trim() != saved.ssl_port.trim()
            || der(self) != der(saved)
            || self.dmz != saved.dmz
            || proxy(self) != proxy(saved)
    }

    /// The settings to write, or each field's problem.
    pub fn settings(&self) -> Result<SecondarySettings, Vec<(Field, String)>> {
        let mut errors = Vec::new();
        fn check<T>(
            errors: &mut Vec<(Field, String)>,
            r: Result<T, validate::FieldError>,
        ) -> Option<T> {
            r.map_err(|e| errors.push((e.field, e.problem.to_string())))
                .ok()
        }
        let address = check(
            &mut errors,
            validate::host(Field::PrimaryAddress, &self.primary_address),
        );
        let port = check(&mut errors, validate::port(Field::SslPort, &self.ssl_port));
        let proxy = if self.use_proxy {
            let host = check(
                &mut errors,
                validate::host(Field::ProxyAddress, &self.proxy_address),
            );
            let port = check(
                &mut errors,
                validate::port(Field::ProxyPort, &self.proxy_port),
            );
            let user = self.proxy_user.trim().to_string();
            if !user.is_empty() && self.proxy_password.is_empty() {
                errors.push((
                    Field::ProxyUser,
                    crate::fl!("secondary-problem-proxy-password"),
                ));
            }
            Some((host, port, user))
        } else {
            None
        };
        if self.certificate.is_none() {
            errors.push((
                Field::Certificate,
                crate::fl!("secondary-problem-certificate"),
            ));
        }
        match (address, port, &self.certificate, errors.is_empty()) {
            (Some(primary_address), Some(primary_ssl_port), Some(c), true) => {
                Ok(SecondarySettings {
                    primary_address,
                    primary_ssl_port,
                    primary_certificate: c.details.der.clone(),
                    dmz: self.dmz,
                    proxy: match proxy {
                        Some((Some(host), Some(port), user)) => Some(ProxyPlan {
                            host,
                            port,
                            user,
                            password: self.proxy_password.clone(),
                        }),
                        _ => None,
                    },
                })
            }
            _ => Err(errors),
        }
    }

    /// The keyring entry of the proxy password, when there is one to keep.
    pub fn proxy_key(&self) -> Option<SecretKey> {
        let port = self.proxy_port.trim().parse().ok()?;
        let user = self.proxy_user.trim();
        (self.use_proxy && !user.is_empty() && !self.proxy_address.trim().is_empty())
            .then(|| SecretKey::proxy(self.proxy_address.trim(), port, user))
    }
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
    /// "Browse…" for a certificate file was pressed.
    BrowsePressed,
    /// A certificate file was chosen (`None`: the dialog was closed).
    FileChosen(Option<PathBuf>),
    /// The chosen file was read.
    FileLoaded(PathBuf, Result<Box<CertificateDetails>, String>),
    /// "Import join file…" was pressed.
    ImportJoinPressed,
    /// A join file was chosen (`None`: the dialog was closed).
    JoinFileChosen(Option<PathBuf>),
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
    /// Check `n` after a save signed in to the primary (with this server's certificate), or not.
    PrimaryReady(u64, Result<(KscClient, Vec<u8>), String>),
    /// Check `n` looked at the primary's list of secondary servers; `true`: that was the last
    /// look (Active, an error, or time is up) and the session on the primary is closed.
    PrimaryLooked(u64, Result<Option<Box<SeenOnPrimary>>, String>, bool),
    /// "Back" was pressed.
    BackPressed,
    /// The admin chose to drop the unsaved changes.
    DiscardConfirmed,
    /// The admin chose to go on editing (closes any question).
    KeepEditing,
}

/// I/O of the page; [`Work::run`] performs it.
#[derive(Debug)]
pub enum Work {
    /// Read the server's section (and the proxy password from the keyring).
    Load {
        /// The server.
        client: KscClient,
    },
    /// Look for certificate files on removable drives.
    Scan {
        /// The configured roots (empty: the platform's).
        roots: Vec<PathBuf>,
    },
    /// Ask for a certificate file.
    PickCertificateFile {
        /// Where the dialog opens (a removable drive, when one is mounted).
        start: Option<PathBuf>,
    },
    /// Read a certificate file.
    LoadCertificateFile(PathBuf),
    /// Ask for a join file.
    PickJoinFile {
        /// Where the dialog opens.
        start: Option<PathBuf>,
    },
    /// Read a join file.
    LoadJoinFile(PathBuf),
    /// Make the server secondary with these settings.
    Save {
        /// The server.
        client: KscClient,
        /// What to write.
        settings: Box<SecondarySettings>,
        /// The proxy password to keep in the keyring after a successful save.
        remember: Option<(SecretKey, Secret)>,
    },
    /// Detach the server from its primary.
    Detach {
        /// The server.
        client: KscClient,
    },
    /// After a save: read this server's certificate and sign in to the primary.
    CheckOnPrimary {
        /// Which check this is.
        check: u64,
        /// This (secondary) server.
        secondary: KscClient,
        /// How to sign in to the primary.
        login: Box<PrimaryLogin>,
    },
    /// Look for this server on the primary, after `delay`.
    LookOnPrimary {
        /// Which check this is.
        check: u64,
        /// The primary, signed in.
        primary: KscClient,
        /// This server's certificate.
        this_cert: Vec<u8>,
        /// Wait this long first.
        delay: Duration,
        /// After this, the look is the last one whatever it finds.
        until: Instant,
    },
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

/// Reads the host id, the section (absent reads as empty) and the proxy password in the keyring.
pub async fn load(client: &KscClient) -> Result<Loaded, String> {
    let hg = client.host_group();
    let host = hg
        .server_hostname()
        .await
        .map_err(|e| crate::fl!("secondary-host-name-failed", error = e.to_string()))?;
    let section = match hg.read_master_srv(&host).await {
        Ok(s) => s,
        Err(e) if e.api_code() == Some(codes::NOT_FOUND) => MasterSrvSection::default(),
        Err(e) => return Err(crate::fl!("secondary-read-failed", error = e.to_string())),
    };
    let (form, _) = Form::from_section(&section);
    // A locked or missing keyring only means the password must be typed again.
    let proxy_password = match form.proxy_key() {
        Some(key) => crate::secrets::load(&key).await.ok().flatten(),
        None => None,
    };
    Ok(Loaded {
        host,
        section,
        proxy_password,
    })
}

impl Work {
    /// Performs the work.
    pub async fn run(self) -> Message {
        match self {
            Work::Load { client } => Message::Loaded(load(&client).await.map(Box::new)),
            Work::Scan { roots } => Message::Scanned(crate::removable::scan_mounted(roots).await),
            Work::PickCertificateFile { start } => {
                let mut dialog = rfd::AsyncFileDialog::new()
                    .set_title(crate::fl!("secondary-certificate-title"))
                    .add_filter(
                        crate::fl!("dialog-filter-certificates"),
                        &["cer", "crt", "pem", "der"],
                    )
                    .add_filter(crate::fl!("dialog-filter-all-files"), &["*"]);
                if let Some(dir) = start {
                    dialog = dialog.set_directory(dir);
                }
                let picked = dialog.pick_file().await.map(|f| f.path().to_path_buf());
                Message::FileChosen(picked)
            }
            Work::LoadCertificateFile(path) => {
                let p = path.clone();
                let r = tokio::task::spawn_blocking(move || crate::cert::load_certificate_file(&p))
                    .await
                    .map_err(|e| crate::fl!("wizard-file-read-interrupted", error = e.to_string()))
                    .and_then(|r| r.map(Box::new).map_err(|e| e.to_string()));
                Message::FileLoaded(path, r)
            }
            Work::PickJoinFile { start } => {
                let mut dialog = rfd::AsyncFileDialog::new()
                    .set_title(crate::fl!("secondary-join-file-title"))
                    .add_filter(crate::fl!("export-filter-join-files"), &["toml"])
                    .add_filter(crate::fl!("dialog-filter-all-files"), &["*"]);
                if let Some(dir) = start {
                    dialog = dialog.set_directory(dir);
                }
                let picked = dialog.pick_file().await.map(|f| f.path().to_path_buf());
                Message::JoinFileChosen(picked)
            }
            Work::LoadJoinFile(path) => {
                let p = path.clone();
                let r = tokio::task::spawn_blocking(move || JoinFile::read(&p))
                    .await
                    .map_err(|e| crate::fl!("wizard-file-read-interrupted", error = e.to_string()))
                    .and_then(|r| r.map(Box::new).map_err(|e| e.to_string()));
                Message::JoinFileLoaded(path, r)
            }
            Work::Save {
                client,
                settings,
                remember,
            } => {
                let r = crate::hierarchy::make_secondary(&client, &settings)
                    .await
                    .map_err(|e| e.to_string());
                let keyring = match (&r, remember) {
                    (Ok(_), Some((key, password))) => {
                        crate::secrets::store(&key, &password).await.err().map(|e| {
                            crate::fl!("secondary-proxy-password-not-kept", error = e.to_string())
                        })
                    }
                    _ => None,
                };
                Message::Saved(Box::new(r), keyring)
            }
            Work::CheckOnPrimary {
                check,
                secondary,
                login,
            } => {
                let r = async {
                    let cert = secondary
                        .host_group()
                        .server_certificate()
                        .await
                        .map_err(|e| {
                            crate::fl!("secondary-own-certificate-failed", error = e.to_string())
                        })?;
                    let primary = on_primary::login_primary(&login).await.map_err(|e| {
                        crate::fl!("secondary-primary-sign-in-failed", error = e.to_string())
                    })?;
                    Ok((primary, cert))
                }
                .await;
                Message::PrimaryReady(check, r)
            }
            Work::LookOnPrimary {
                check,
                primary,
                this_cert,
                delay,
                until,
            } => {
                tokio::time::sleep(delay).await;
                let r = on_primary::look_on_primary(&primary, &this_cert).await;
                let last = match &r {
                    Ok(seen) => on_primary::is_active(seen.as_ref()) || Instant::now() >= until,
                    Err(_) => true,
                };
                if last {
                    // Only a courtesy to the primary: an unclosed session expires there anyway.
                    let _ = primary.close().await;
                }
                let r = r.map(|s| s.map(Box::new)).map_err(|e| e.to_string());
                Message::PrimaryLooked(check, r, last)
            }
            Work::Detach { client } => Message::Saved(
                Box::new(
                    crate::hierarchy::detach(&client)
                        .await
                        .map_err(|e| e.to_string()),
                ),
                None,
            ),
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
    /// The running check's number (older checks' messages are ignored) and start.
    check: (u64, Option<Instant>),
    /// The running check's session on the primary and this server's certificate.
    check_session: Option<(KscClient, Vec<u8>)>,
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
            joined: None,
            field_errors: Vec::new(),
            save_error: None,
            report: None,
            keyring_warning: None,
            question: None,
            primaries: Vec::new(),
            primary_check: None,
            primary_check_timeout: PRIMARY_CHECK_TIMEOUT,
            check: (0, None),
            check_session: None,
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
    fn start_primary_check(&mut self, after: &MasterSrvSection) -> Action {
        self.check = (self.check.0 + 1, None);
        self.check_session = None;
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
                self.check.1 = Some(Instant::now());
                self.primary_check = Some(PrimaryCheck::Running {
                    primary,
                    waited: Duration::ZERO,
                    last: None,
                });
                Action::Run(Work::CheckOnPrimary {
                    check: self.check.0,
                    secondary: self.client.clone(),
                    login: Box::new(login.clone()),
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

    fn set_certificate(&mut self, details: CertificateDetails, source: CertificateSource) {
        self.certificate_error = None;
        self.form.certificate = Some(ChosenCertificate { details, source });
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
        // A single certificate on a drive is taken when the form has none yet.
        self.pick_only_candidate();
    }

    fn pick_only_candidate(&mut self) {
        if self.form.certificate.is_some() || self.current.is_none() {
            return;
        }
        if let Some(c) = self.scan.as_ref().and_then(Scan::only_candidate).cloned() {
            self.set_certificate(c.details, CertificateSource::Drive(c.path));
        }
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
                self.scan = Some(scan);
                self.pick_only_candidate();
                if std::mem::take(&mut self.rescan_queued) {
                    return self.scan_work();
                }
                Action::None
            }
            Message::SecondaryToggled(v) => {
                self.form.secondary = v;
                if v {
                    self.pick_only_candidate();
                }
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
            Message::BrowsePressed => Action::Run(Work::PickCertificateFile {
                start: self.dialog_start(),
            }),
            Message::FileChosen(None) | Message::JoinFileChosen(None) => Action::None,
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
                self.save_error = None;
                Action::Run(Work::Detach {
                    client: self.client.clone(),
                })
            }
            Message::Saved(r, keyring) => {
                self.busy = None;
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
            Message::PrimaryReady(n, _) | Message::PrimaryLooked(n, ..) if n != self.check.0 => {
                Action::None
            }
            Message::PrimaryReady(_, Err(error)) | Message::PrimaryLooked(_, Err(error), _) => {
                self.check_session = None;
                self.primary_check = Some(PrimaryCheck::Failed {
                    primary: self.checked_primary(),
                    error,
                });
                Action::None
            }
            Message::PrimaryReady(n, Ok((primary, this_cert))) => {
                self.check_session = Some((primary.clone(), this_cert.clone()));
                let start = self.check.1.unwrap_or_else(Instant::now);
                Action::Run(Work::LookOnPrimary {
                    check: n,
                    primary,
                    this_cert,
                    delay: Duration::ZERO,
                    until: start + self.primary_check_timeout,
                })
            }
            Message::PrimaryLooked(n, Ok(seen), last) => {
                let seen = seen.map(|s| *s);
                let primary = self.checked_primary();
                let start = self.check.1.unwrap_or_else(Instant::now);
                let waited = start.elapsed();
                let next = self.check_session.clone().filter(|_| !last);
                match next {
                    None => {
                        self.check_session = None;
                        self.primary_check = Some(PrimaryCheck::Done { primary, seen });
                        Action::None
                    }
                    Some((client, this_cert)) => {
                        self.primary_check = Some(PrimaryCheck::Running {
                            primary,
                            waited,
                            last: seen,
                        });
                        Action::Run(Work::LookOnPrimary {
                            check: n,
                            primary: client,
                            this_cert,
                            delay: PRIMARY_POLL_EVERY,
                            until: start + self.primary_check_timeout,
                        })
                    }
                }
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
        self.check = (self.check.0 + 1, None);
        self.check_session = None;
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

    /// Draws the page.
    pub fn view(&self) -> Element<'_, Message> {
        let mut page = column![
            text(crate::fl!("home-this-server-is-secondary")).size(style::TITLE_SIZE),
            text(crate::fl!("secondary-intro", server = self.server.as_str()))
                .style(style::text::muted),
        ]
        .spacing(style::GAP);
        if let Some(e) = &self.load_error {
            page = page.push(text(e.clone()).style(style::text::error)).push(
                button(text(crate::fl!("wizard-try-again")))
                    .style(style::button::secondary)
                    .on_press_maybe(self.busy.is_none().then_some(Message::RetryPressed)),
            );
        }
        if let Some(current) = &self.current {
            page = page.push(current_view(current));
            if let Some(n) = &self.note {
                page = page.push(text(n.clone()).style(style::text::warning));
            }
            page = page.push(self.form_view());
        }
        if let Some(busy) = &self.busy {
            page = page.push(text(busy.clone()).style(style::text::muted));
        }
        if let Some(e) = &self.save_error {
            page = page.push(
                text(crate::fl!("secondary-not-saved", error = e.as_str()))
                    .style(style::text::error),
            );
        }
        if let Some(w) = &self.keyring_warning {
            page = page.push(text(w.clone()).style(style::text::warning));
        }
        if let Some(r) = &self.report {
            page = page.push(report_view(r, self.primary_check.as_ref()));
        }
        column![
            scrollable(page.padding(style::PAGE_PADDING).width(Length::Fill))
                .style(style::scrollable::page)
                .height(Length::Fill),
            container(self.footer())
                .padding(12)
                .width(Length::Fill)
                .style(style::container::footer),
        ]
        .into()
    }

    fn footer(&self) -> Element<'_, Message> {
        let ask = |q: String, yes: String, on_yes: Message| {
            row![
                text(q).width(Length::Fill),
                button(text(crate::fl!("wizard-keep-editing")))
                    .style(style::button::secondary)
                    .on_press(Message::KeepEditing),
                button(text(yes))
                    .style(style::button::danger)
                    .on_press(on_yes),
            ]
            .spacing(style::GAP)
            .align_y(Alignment::Center)
            .into()
        };
        match self.question {
            Some(Question::Leave) => ask(
                crate::fl!("secondary-leave-question"),
                crate::fl!("secondary-discard-changes"),
                Message::DiscardConfirmed,
            ),
            Some(Question::Detach) => ask(
                crate::fl!("secondary-detach-question"),
                crate::fl!("secondary-detach"),
                Message::DetachConfirmed,
            ),
            None => row![
                button(text(crate::fl!("wizard-back")))
                    .style(style::button::secondary)
                    .on_press_maybe(self.busy.is_none().then_some(Message::BackPressed)),
                space::horizontal(),
                text(if self.has_unsaved_changes() {
                    crate::fl!("secondary-unsaved")
                } else {
                    String::new()
                })
                .style(style::text::muted),
                button(text(crate::fl!("secondary-save")))
                    .style(style::button::primary)
                    .on_press_maybe(self.can_save().then_some(Message::SavePressed)),
            ]
            .spacing(style::GAP)
            .align_y(Alignment::Center)
            .into(),
        }
    }

    fn form_view(&self) -> Element<'_, Message> {
        let f = &self.form;
        let on = f.secondary && self.busy.is_none() && self.question.is_none();
        let mut col = column![
            checkbox(f.secondary)
                .style(style::checkbox::normal)
                .label(secondary_label())
                .on_toggle_maybe(
                    (self.busy.is_none() && self.question.is_none())
                        .then_some(Message::SecondaryToggled)
                ),
            input(
                ids::PRIMARY_ADDRESS,
                crate::fl!("secondary-primary-address"),
                "ksc-hq.example.com",
                &f.primary_address,
                false,
                on,
                self.error_at(Field::PrimaryAddress),
                Message::AddressChanged,
            ),
            input(
                ids::SSL_PORT,
                crate::fl!("secondary-primary-ssl-port"),
                "13000",
                &f.ssl_port,
                false,
                on,
                self.error_at(Field::SslPort),
                Message::SslPortChanged,
            ),
            self.certificate_view(on),
            checkbox(f.dmz)
                .style(style::checkbox::normal)
                .label(dmz_label())
                .on_toggle_maybe(on.then_some(Message::DmzToggled)),
            checkbox(f.use_proxy)
                .style(style::checkbox::normal)
                .label(proxy_label())
                .on_toggle_maybe(on.then_some(Message::ProxyToggled)),
        ]
        .spacing(style::GAP);
        if f.use_proxy {
            let p = on;
            col = col
                .push(input(
                    ids::PROXY_ADDRESS,
                    crate::fl!("secondary-proxy-address"),
                    "proxy.example.com",
                    &f.proxy_address,
                    false,
                    p,
                    self.error_at(Field::ProxyAddress),
                    Message::ProxyAddressChanged,
                ))
                .push(input(
                    ids::PROXY_PORT,
                    crate::fl!("secondary-proxy-port"),
                    "3128",
                    &f.proxy_port,
                    false,
                    p,
                    self.error_at(Field::ProxyPort),
                    Message::ProxyPortChanged,
                ))
                .push(input(
                    ids::PROXY_USER,
                    crate::fl!("secondary-proxy-user"),
                    "",
                    &f.proxy_user,
                    false,
                    p,
                    None,
                    Message::ProxyUserChanged,
                ))
                .push(input(
                    ids::PROXY_PASSWORD,
                    crate::fl!("secondary-proxy-password"),
                    "",
                    f.proxy_password.expose(),
                    true,
                    p,
                    self.error_at(Field::ProxyUser),
                    |s| Message::ProxyPasswordChanged(Secret::new(s)),
                ))
                .push(
                    text(crate::fl!("secondary-proxy-password-note"))
                        .size(style::SMALL_SIZE)
                        .style(style::text::muted),
                );
        }
        col.into()
    }

    fn certificate_view(&self, on: bool) -> Element<'_, Message> {
        let mut col = column![text(crate::fl!("secondary-certificate-title"))].spacing(6);
        match &self.scan {
            None => {
                col = col.push(text(crate::fl!("secondary-scanning")).style(style::text::muted))
            }
            Some(scan) if scan.candidates.is_empty() => {
                let msg = if scan.drives.is_empty() {
                    crate::fl!("secondary-no-drive")
                } else {
                    crate::fl!(
                        "secondary-no-certificate-on-drives",
                        count = scan.drives.len(),
                        drives = scan
                            .drives
                            .iter()
                            .map(|d| d.display().to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                col = col.push(text(msg).style(style::text::muted));
            }
            Some(scan) => {
                col = col.push(text(crate::fl!("secondary-candidates")).style(style::text::muted));
                let chosen = self.form.certificate.as_ref().map(|c| &c.source);
                for (i, c) in scan.candidates.iter().enumerate() {
                    let selected = chosen == Some(&CertificateSource::Drive(c.path.clone()));
                    col = col.push(
                        button(candidate_line(c))
                            .width(Length::Fill)
                            .style(style::button::list_item(selected))
                            .on_press_maybe(on.then_some(Message::CandidatePicked(i))),
                    );
                }
            }
        }
        if let Some(scan) = &self.scan {
            for s in &scan.skipped {
                col = col.push(
                    text(crate::fl!(
                        "secondary-not-listed",
                        path = s.path.display().to_string(),
                        reason = s.reason.as_str()
                    ))
                    .size(style::SMALL_SIZE)
                    .style(style::text::muted),
                );
            }
        }
        let enabled = on.then_some(());
        col = col.push(
            row![
                button(text(crate::fl!("secondary-browse")))
                    .style(style::button::secondary)
                    .on_press_maybe(enabled.map(|()| Message::BrowsePressed)),
                button(text(crate::fl!("secondary-look-again")))
                    .style(style::button::secondary)
                    .on_press_maybe(enabled.map(|()| Message::RescanPressed)),
                button(text(crate::fl!("secondary-import-join-file")))
                    .style(style::button::secondary)
                    .on_press_maybe(
                        (self.busy.is_none() && self.question.is_none())
                            .then_some(Message::ImportJoinPressed)
                    ),
            ]
            .spacing(style::GAP),
        );
        if let Some(e) = &self.certificate_error {
            col = col.push(text(e.clone()).style(style::text::error));
        }
        if let Some(e) = &self.join_error {
            col = col.push(text(e.clone()).style(style::text::error));
        }
        if let Some(c) = &self.form.certificate {
            let source = match &c.source {
                CertificateSource::OnServer => crate::fl!("secondary-source-server"),
                CertificateSource::File(p) => {
                    crate::fl!("secondary-source-file", path = p.display().to_string())
                }
                CertificateSource::Drive(p) => {
                    crate::fl!("secondary-source-drive", path = p.display().to_string())
                }
                CertificateSource::JoinFile(p) => {
                    crate::fl!("secondary-source-join-file", path = p.display().to_string())
                }
            };
            col = col.push(text(source));
            if matches!(c.source, CertificateSource::JoinFile(_)) {
                col = col.push(
                    container(
                        column![
                            text(crate::fl!("secondary-compare-fingerprint")),
                            text(c.details.sha256_colon()).size(style::HEADING_SIZE),
                        ]
                        .spacing(4),
                    )
                    .padding(10)
                    .width(Length::Fill)
                    .style(style::container::notice),
                );
            }
            col = col.push(cert_card::view(
                &c.details,
                &c.details.warnings(OffsetDateTime::now_utc()),
            ));
        }
        if let Some(e) = self.error_at(Field::Certificate) {
            col = col.push(text(e).style(style::text::error));
        }
        col.into()
    }
}

/// A labelled text input, disabled unless `enabled`.
#[allow(clippy::too_many_arguments)]
fn input<'a>(
    id: &'static str,
    label: String,
    placeholder: &'a str,
    value: &'a str,
    secure: bool,
    enabled: bool,
    error: Option<String>,
    on_input: impl Fn(String) -> Message + 'a,
) -> Element<'a, Message> {
    let invalid = error.is_some();
    let i = text_input(placeholder, value)
        .id(id)
        .secure(secure)
        .on_input_maybe(enabled.then_some(on_input))
        .padding(6)
        .width(Length::Fill)
        .style(if invalid {
            style::text_input::invalid
        } else {
            style::text_input::normal
        });
    field::labelled(label, i.into(), error)
}

fn candidate_line(c: &Candidate) -> Element<'_, Message> {
    column![
        text(c.display_name()),
        text(crate::fl!(
            "secondary-candidate-details",
            fingerprint = c.details.sha256_colon(),
            date = cert_card::show_date(c.details.not_after)
        ))
        .size(style::SMALL_SIZE),
    ]
    .spacing(2)
    .into()
}

/// The section as the server has it now, in words.
fn current_view(s: &MasterSrvSection) -> Element<'_, Message> {
    let mut col = column![].spacing(4);
    if !s.use_master {
        col = col.push(text(crate::fl!("secondary-now-not-secondary")));
    } else {
        let ports = s
            .ports
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        col = col.push(text(crate::fl!(
            "secondary-now-secondary",
            address = s
                .address
                .clone()
                .unwrap_or_else(|| crate::fl!("secondary-now-no-address")),
            ports = if ports.is_empty() {
                crate::fl!("secondary-now-no-port")
            } else {
                ports
            }
        )));
        let cert = match s.ssl_cert.as_deref().map(crate::cert::parse_certificate) {
            Some(Ok(d)) => crate::fl!(
                "secondary-now-certificate",
                fingerprint = d.sha256_colon(),
                date = cert_card::show_date(d.not_after)
            ),
            Some(Err(_)) => crate::fl!("secondary-now-certificate-unreadable"),
            None => crate::fl!("secondary-now-certificate-none"),
        };
        col = col.push(text(cert));
        col = col.push(text(if s.passive_slave {
            crate::fl!("secondary-now-dmz")
        } else {
            crate::fl!("secondary-now-no-dmz")
        }));
        let location = s
            .proxy_location
            .clone()
            .unwrap_or_else(|| crate::fl!("secondary-now-no-address"));
        col = col.push(text(match (s.proxy_use, s.proxy_login.as_deref()) {
            (false, _) => crate::fl!("secondary-now-no-proxy"),
            (true, None) => crate::fl!("secondary-now-proxy", location = location),
            (true, Some(user)) => {
                crate::fl!("secondary-now-proxy-user", location = location, user = user)
            }
        }));
    }
    container(col)
        .padding(12)
        .width(Length::Fill)
        .style(style::container::card)
        .into()
}

fn change_line(c: &Change) -> Element<'_, Message> {
    let show = |v: &str| {
        if v.is_empty() {
            crate::fl!("secondary-change-empty")
        } else {
            v.to_string()
        }
    };
    text(crate::fl!(
        "secondary-change",
        setting = crate::hierarchy::ops::setting_label(&c.name),
        before = show(&c.before),
        after = show(&c.after)
    ))
    .size(style::SMALL_SIZE)
    .into()
}

/// What the primary's admin sees, when the app could not ask the primary itself.
fn primary_admin_sees() -> String {
    crate::fl!("secondary-primary-admin-sees")
}

/// The lines about the primary after a save that made this server secondary.
fn primary_lines(check: Option<&PrimaryCheck>) -> Vec<Element<'_, Message>> {
    let plain = |t: String| -> Element<'_, Message> { text(t).into() };
    match check {
        None => vec![plain(primary_admin_sees())],
        Some(PrimaryCheck::Skipped(why)) => vec![
            plain(primary_admin_sees()),
            text(why.clone()).style(style::text::muted).into(),
        ],
        Some(PrimaryCheck::Failed { primary, error }) => vec![
            plain(primary_admin_sees()),
            text(crate::fl!(
                "secondary-check-failed",
                primary = primary.as_str(),
                error = error.as_str()
            ))
            .style(style::text::warning)
            .into(),
        ],
        Some(PrimaryCheck::Running {
            primary,
            waited,
            last,
        }) => {
            let mut lines = vec![
                text(crate::fl!(
                    "secondary-check-running",
                    primary = primary.as_str(),
                    seconds = waited.as_secs()
                ))
                .style(style::text::muted)
                .into(),
            ];
            if let Some(seen) = last {
                lines.extend(
                    on_primary::describe(primary, Some(seen))
                        .into_iter()
                        .map(plain),
                );
            }
            lines
        }
        Some(PrimaryCheck::Done { primary, seen }) => {
            let mut lines: Vec<Element<'_, Message>> = on_primary::describe(primary, seen.as_ref())
                .into_iter()
                .map(plain)
                .collect();
            if seen.is_none() {
                lines[0] = text(crate::fl!(
                    "onprimary-not-registered",
                    primary = primary.as_str()
                ))
                .style(style::text::warning)
                .into();
            }
            lines
        }
    }
}

/// What the save changed, and what happens next on the primary.
fn report_view<'a>(r: &'a SaveReport, check: Option<&'a PrimaryCheck>) -> Element<'a, Message> {
    let mut col = column![
        text(crate::fl!(
            "secondary-saved",
            time = cert_card::show_date(r.saved_at),
            count = r.changes.len()
        ))
        .style(style::text::success),
    ]
    .spacing(4);
    for c in &r.changes {
        col = col.push(change_line(c));
    }
    col = col.push(Space::new().height(6));
    if r.after.use_master {
        for line in primary_lines(check) {
            col = col.push(line);
        }
    } else {
        col = col.push(text(crate::fl!("secondary-detached")));
    }
    container(col)
        .padding(12)
        .width(Length::Fill)
        .style(style::container::notice)
        .into()
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

    #[test]
    fn locations_split() {
        assert_eq!(
            split_location("proxy:3128"),
            ("proxy".into(), "3128".into())
        );
        assert_eq!(split_location("[::1]:8080"), ("::1".into(), "8080".into()));
        assert_eq!(split_location("proxy"), ("proxy".into(), String::new()));
    }

    #[test]
    fn unticked_forms_do_not_differ_and_certificate_source_does_not_count() {
        let mut a = Form::default();
        let mut b = Form {
            primary_address: "x".into(),
            ..Form::default()
        };
        assert!(!b.differs_from(&a));
        b.secondary = true;
        assert!(b.differs_from(&a));
        a = b.clone();
        assert!(!b.differs_from(&a));
        b.use_proxy = true;
        assert!(b.differs_from(&a));
    }

    #[test]
    fn settings_name_each_problem() {
        let f = Form {
            secondary: true,
            primary_address: "bad host!".into(),
            ssl_port: "0".into(),
            use_proxy: true,
            proxy_user: "u".into(),
            ..Form::default()
        };
        let errors: Vec<Field> = f.settings().unwrap_err().into_iter().map(|e| e.0).collect();
        for want in [
            Field::PrimaryAddress,
            Field::SslPort,
            Field::ProxyAddress,
            Field::ProxyPort,
            Field::ProxyUser,
            Field::Certificate,
        ] {
            assert!(errors.contains(&want), "{want:?} in {errors:?}");
        }
    }
}
