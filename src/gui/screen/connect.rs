//! Connecting to an Administration Server: address, Open API port, account, two-step code.
//!
//! On the first connection the server's certificate is fetched and shown; it is pinned only when
//! the admin trusts it. A certificate that differs from the pinned one stops the login with a loud
//! warning: it is never accepted without the admin saying so. The warning shows both
//! certificates and says whether the change looks like KSC's own swap to its reserve certificate
//! near expiry, or a reinstall, another certificate, or someone in between
//! ([`crate::cert::lifecycle`]); a pinned certificate near its expiry is announced beforehand.
//!
//! While a two-step code is asked for, the screen counts down the current code's seconds by the
//! server's clock and names a server whose clock is off by more than the codes bear
//! ([`crate::clock`]).

use std::collections::HashMap;
use std::time::{Duration, SystemTime};

use iced::widget::{button, checkbox, column, container, row, scrollable, text};
use iced::{Element, Length, Subscription};

use crate::cert::CertificateDetails;
use crate::cert::lifecycle::{self, Change};
use crate::clock::{self, ClockOffset};
use crate::gui::widget::shortcuts::Shortcut;
use crate::gui::widget::{cert_card, field};
use crate::gui::{PresetServer, style};
use crate::hierarchy::validate::{self, Field};
use crate::kloapi::{ConnectOptions, KscClient, KscError, LoginOutcome};
use crate::secrets::{Secret, SecretKey};
use crate::settings::RecentServer;
use crate::tls::Pin;
use crate::wire::DEFAULT_API_PORT;
use crate::wire::auth::BasicCredentials;

/// How long fetching a certificate may take.
const FETCH_TIMEOUT: Duration = Duration::from_secs(10);
/// How often the code's countdown moves.
const TICK: Duration = Duration::from_secs(1);

/// A logged-in server, handed to the rest of the app.
#[derive(Clone, Debug)]
pub struct Connection {
    /// The logged-in client.
    pub client: KscClient,
    /// Address as typed.
    pub address: String,
    /// Open API port.
    pub port: u16,
    /// The account.
    pub user: String,
    /// The trusted certificate.
    pub pin: Pin,
}

/// What happened on the connect screen.
#[derive(Clone, Debug)]
pub enum Message {
    /// The address was edited.
    AddressChanged(String),
    /// The port was edited.
    PortChanged(String),
    /// The user was edited.
    UserChanged(String),
    /// The password was edited.
    PasswordChanged(Secret),
    /// "Domain account" was toggled.
    DomainAccountToggled(bool),
    /// The domain was edited.
    DomainChanged(String),
    /// "Remember password" was toggled.
    RememberToggled(bool),
    /// The two-step code was edited.
    CodeChanged(Secret),
    /// A recent server was picked (index into [`State::recent`]).
    RecentPicked(usize),
    /// A preset server was picked (index into [`State::presets`]).
    PresetPicked(usize),
    /// "Connect" was pressed.
    ConnectPressed,
    /// The certificate the server presents was fetched (or not).
    CertificateFetched(Result<CertificateDetails, String>),
    /// "Trust this certificate" was pressed.
    TrustPressed,
    /// "Do not trust" was pressed.
    RejectPressed,
    /// The login answered; with the server's clock against this computer's, when its reply was
    /// dated.
    LoginFinished(Result<LoginOutcome, KscError>, Option<ClockOffset>),
    /// "Submit code" was pressed.
    CodeSubmitted,
    /// A second passed while the code is asked for (this computer's clock then).
    ClockTicked(SystemTime),
    /// The remembered password was read from the keyring.
    PasswordLoaded(Result<Option<Secret>, String>),
}

/// I/O the connect screen needs; [`Work::run`] performs it.
#[derive(Debug)]
pub enum Work {
    /// Fetch the certificate presented at `host:port`, trusting nothing.
    FetchCertificate {
        /// Host.
        host: String,
        /// Port.
        port: u16,
    },
    /// Log in.
    Login {
        /// The client, pinned.
        client: KscClient,
        /// The credentials.
        credentials: BasicCredentials,
    },
    /// Send the two-step code.
    SubmitCode {
        /// The client awaiting the code.
        client: KscClient,
        /// The code.
        code: Secret,
    },
    /// Read a remembered password from the keyring.
    LoadPassword(SecretKey),
}

impl Work {
    /// Performs the work and says how it went.
    pub async fn run(self) -> Message {
        match self {
            Work::FetchCertificate { host, port } => Message::CertificateFetched(
                match crate::tls::fetch_presented_certificate(&host, port, None, FETCH_TIMEOUT)
                    .await
                {
                    Ok(p) => crate::cert::parse_certificate(&p.leaf_der).map_err(|e| {
                        crate::fl!(
                            "wizard-presented-certificate-unreadable",
                            address = validate::host_port(&host, port),
                            error = e.to_string()
                        )
                    }),
                    Err(e) => Err(e.to_string()),
                },
            ),
            Work::Login {
                client,
                credentials,
            } => {
                let r = client.login(&credentials).await;
                Message::LoginFinished(r, client.clock_offset())
            }
            Work::SubmitCode { client, code } => {
                let r = client.submit_code(code.expose()).await;
                Message::LoginFinished(r, client.clock_offset())
            }
            Work::LoadPassword(key) => {
                Message::PasswordLoaded(crate::secrets::load(&key).await.map_err(|e| e.to_string()))
            }
        }
    }
}

/// What the app shell should do after an update.
#[derive(Debug)]
pub enum Action {
    /// Nothing.
    None,
    /// Run this work and feed its message back.
    Run(Work),
    /// Pin the certificate of `address:port` in the settings (the admin trusted it).
    Pin {
        /// Address.
        address: String,
        /// Port.
        port: u16,
        /// The trusted certificate.
        pin: Pin,
        /// That certificate (DER), kept with the pin to show its expiry and explain a change.
        certificate: Vec<u8>,
        /// Then run this (the login), unless the client could not be set up.
        then: Option<Work>,
    },
    /// Logged in: remember the server (and the password in the keyring, when asked) and go on.
    Connected {
        /// The connection.
        connection: Connection,
        /// The entry for the recent list (no secret in it).
        recent: RecentServer,
        /// The password to keep in the keyring, when "remember password" is on.
        remember: Option<(SecretKey, Secret)>,
    },
}

/// Where the connection stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    /// Typing.
    Editing,
    /// Fetching the server's certificate.
    Fetching,
    /// Showing a certificate to trust; `previous` is set when it replaces a pinned one.
    Confirm {
        /// The presented certificate.
        details: Box<CertificateDetails>,
        /// The pin it replaces.
        previous: Option<Pin>,
        /// The certificate it replaces, when it was kept with the pin.
        previous_certificate: Option<Box<CertificateDetails>>,
    },
    /// Logging in.
    LoggingIn,
    /// The server asks for a code of `length` digits; `wrong` after a refused code.
    Code {
        /// Digits.
        length: usize,
        /// The last code was refused.
        wrong: bool,
    },
}

/// The connect screen.
#[derive(Debug)]
pub struct State {
    /// Address.
    pub address: String,
    /// Open API port as typed.
    pub port: String,
    /// User.
    pub user: String,
    /// Password.
    pub password: Secret,
    /// An OS or domain account rather than an internal KSC user.
    pub domain_account: bool,
    /// Windows domain.
    pub domain: String,
    /// Keep the password in the OS keyring.
    pub remember: bool,
    /// Two-step code; a [`Secret`] so that no `Debug` of the screen shows it.
    pub code: Secret,
    /// Where the connection stands.
    pub phase: Phase,
    /// The last error, shown above the buttons.
    pub error: Option<String>,
    /// Recently used servers.
    pub recent: Vec<RecentServer>,
    /// Servers offered ready to connect.
    pub presets: Vec<PresetServer>,
    /// The demo's servers are still starting: the list says so until they arrive.
    pub starting_presets: bool,
    /// What the screen filled in by itself (address, port, user), to tell whether the form
    /// is still untouched when the demo's servers arrive.
    auto_filled: (String, String, String),
    /// Trusted certificates by `(address lowercased, port)`.
    pins: HashMap<(String, u16), Pinned>,
    /// The client of the login in progress.
    client: Option<KscClient>,
    /// Whether the user tried to connect (then all field messages show).
    tried: bool,
    /// The server's clock against this computer's, as the login's replies showed it.
    pub clock: Option<ClockOffset>,
    /// This computer's clock at the last tick while the code is asked for; the countdown shows
    /// from the first tick on.
    pub now: Option<SystemTime>,
    /// A code was sent in this login (a login that ends then ended on the codes).
    code_sent: bool,
}

fn key(address: &str, port: u16) -> (String, u16) {
    (address.trim().to_lowercase(), port)
}

/// A trusted certificate: its pin, and the certificate itself when it was kept.
#[derive(Clone, Debug)]
struct Pinned {
    pin: Pin,
    certificate: Option<Box<CertificateDetails>>,
}

impl Pinned {
    /// `der` is kept only when it is the pinned certificate.
    fn new(pin: Pin, der: Option<&[u8]>) -> Self {
        let certificate = der
            .filter(|der| pin.matches(der))
            .and_then(|der| crate::cert::parse_certificate(der).ok())
            .map(Box::new);
        Self { pin, certificate }
    }
}

impl State {
    /// A fresh screen with the recent servers and presets (their pins are trusted).
    pub fn new(recent: Vec<RecentServer>, presets: Vec<PresetServer>) -> Self {
        let mut pins = HashMap::new();
        for r in &recent {
            if let Some(pin) = r
                .pinned_sha256
                .as_deref()
                .and_then(|h| Pin::from_hex(h).ok())
            {
                let der = r.pinned_certificate_der();
                let pinned = pins
                    .entry(key(&r.address, r.api_port))
                    .or_insert_with(|| Pinned::new(pin, None));
                if pinned.pin == pin && pinned.certificate.is_none() {
                    *pinned = Pinned::new(pin, der.as_deref());
                }
            }
        }
        for p in &presets {
            pins.insert(
                key(&p.address, p.api_port),
                Pinned::new(p.pin, p.certificate.as_deref()),
            );
        }
        let mut s = Self {
            address: String::new(),
            port: DEFAULT_API_PORT.to_string(),
            user: String::new(),
            password: Secret::default(),
            domain_account: false,
            domain: String::new(),
            remember: false,
            code: Secret::default(),
            phase: Phase::Editing,
            error: None,
            recent,
            presets,
            starting_presets: false,
            auto_filled: Default::default(),
            pins,
            client: None,
            tried: false,
            clock: None,
            now: None,
            code_sent: false,
        };
        if let Some(first) = s.presets.first().cloned() {
            s.fill_preset(&first);
        } else if let Some(first) = s.recent.first().cloned() {
            s.fill_recent(&first);
        }
        s.auto_filled = s.form_key();
        s
    }

    fn form_key(&self) -> (String, String, String) {
        (self.address.clone(), self.port.clone(), self.user.clone())
    }

    /// The settings file was read: its recent servers are listed (and their pins trusted), and
    /// the first fills the form unless the user has typed in it meanwhile.
    pub fn recent_loaded(&mut self, recent: Vec<RecentServer>) {
        let mut fresh = Self::new(recent, self.presets.clone());
        fresh.starting_presets = self.starting_presets;
        if self.untouched() {
            *self = fresh;
        } else {
            self.recent = fresh.recent;
            self.pins = fresh.pins;
        }
    }

    /// Nothing typed yet: the form holds what the screen filled in by itself.
    fn untouched(&self) -> bool {
        self.form_key() == self.auto_filled && self.password.is_empty()
    }

    /// The demo's servers run now: they are listed and trusted, and the first fills the form
    /// unless the user has typed in it meanwhile (what they typed stays).
    pub fn presets_arrived(&mut self, presets: Vec<PresetServer>) {
        self.starting_presets = false;
        for p in &presets {
            self.pins.insert(
                key(&p.address, p.api_port),
                Pinned::new(p.pin, p.certificate.as_deref()),
            );
        }
        self.presets = presets;
        if self.untouched()
            && matches!(self.phase, Phase::Editing)
            && let Some(first) = self.presets.first().cloned()
        {
            self.fill_preset(&first);
            self.auto_filled = self.form_key();
        }
    }

    fn fill_recent(&mut self, r: &RecentServer) {
        self.address = r.address.clone();
        self.port = r.api_port.to_string();
        self.user = r.user.clone();
        self.domain_account = !r.internal;
        self.domain = r.domain.clone();
        self.remember = r.remember_password;
        self.password = Secret::default();
    }

    fn fill_preset(&mut self, p: &PresetServer) {
        self.address = p.address.clone();
        self.port = p.api_port.to_string();
        self.user = p.user.clone();
        self.password = p.password.clone();
        self.domain_account = !p.internal;
        self.domain.clear();
        self.remember = false;
    }

    /// The trusted certificate of `address:port`, if any.
    pub fn pin_for(&self, address: &str, port: u16) -> Option<Pin> {
        self.pins.get(&key(address, port)).map(|p| p.pin)
    }

    /// The trusted certificate itself of `address:port`, when it was kept with its pin.
    pub fn pinned_certificate(&self, address: &str, port: u16) -> Option<&CertificateDetails> {
        self.pins
            .get(&key(address, port))
            .and_then(|p| p.certificate.as_deref())
    }

    /// What to say about the pinned certificate of the server typed, at `now`: `Some` when it
    /// expires within 90 days or has expired, with whether to say it loudly (30 days or fewer).
    pub fn expiry_notice(&self, now: time::OffsetDateTime) -> Option<(String, bool)> {
        let (host, port) = self.target()?;
        let standing = lifecycle::standing(self.pinned_certificate(&host, port)?, now);
        standing.notice().map(|text| (text, standing.urgent()))
    }

    /// The explanation of a changed certificate at `now`: whether it looks like KSC's reserve
    /// swap, and if not, why not. `None` unless a pinned certificate was replaced.
    pub fn change_explanation(&self, now: time::OffsetDateTime) -> Option<(String, Vec<String>)> {
        let Phase::Confirm {
            details,
            previous: Some(_),
            previous_certificate,
        } = &self.phase
        else {
            return None;
        };
        let Some(old) = previous_certificate else {
            return Some((crate::fl!("cert-life-change-old-unknown"), Vec::new()));
        };
        Some(match lifecycle::judge_change(old, details, now) {
            Change::ReserveSwap => {
                let was = lifecycle::standing(old, now);
                (
                    crate::fl!(
                        "cert-life-change-rollover",
                        expired = if was.stage == lifecycle::Stage::Expired {
                            "yes"
                        } else {
                            "no"
                        },
                        expiry = crate::cert::show_date(old.not_after),
                        reserve = crate::cert::show_date(was.reserve_from())
                    ),
                    Vec::new(),
                )
            }
            Change::Replaced(why) => (
                crate::fl!("cert-life-change-replaced"),
                why.iter().map(ToString::to_string).collect(),
            ),
            // The pins differ, so the certificates do; said as a replacement all the same.
            Change::Same => (crate::fl!("cert-life-change-replaced"), Vec::new()),
        })
    }

    fn address_error(&self) -> Option<String> {
        validate::host(Field::SecondaryAddress, &self.address)
            .err()
            .map(|e| e.problem.to_string())
    }

    fn port_error(&self) -> Option<String> {
        validate::port(Field::ApiPort, &self.port)
            .err()
            .map(|e| e.problem.to_string())
    }

    fn user_error(&self) -> Option<String> {
        validate::user(Field::User, &self.user)
            .err()
            .map(|e| e.problem.to_string())
    }

    /// Whether Connect may be pressed.
    pub fn can_connect(&self) -> bool {
        matches!(self.phase, Phase::Editing)
            && self.address_error().is_none()
            && self.port_error().is_none()
            && self.user_error().is_none()
    }

    /// Enter (when no input took it) is Connect, or sends the code; nothing while the
    /// certificate question is shown, since trusting a certificate takes a deliberate click. Esc
    /// is "Do not trust" while that question is shown.
    pub fn shortcut(&self, s: Shortcut) -> Option<Message> {
        match (&self.phase, s) {
            (Phase::Editing, Shortcut::Default) => {
                self.can_connect().then_some(Message::ConnectPressed)
            }
            (Phase::Code { length, .. }, Shortcut::Default) => {
                validate::totp_code(self.code.expose(), *length)
                    .is_ok()
                    .then_some(Message::CodeSubmitted)
            }
            (Phase::Confirm { .. }, Shortcut::Cancel) => Some(Message::RejectPressed),
            _ => None,
        }
    }

    fn target(&self) -> Option<(String, u16)> {
        let host = validate::host(Field::SecondaryAddress, &self.address).ok()?;
        let port = validate::port(Field::ApiPort, &self.port).ok()?;
        Some((host, port))
    }

    fn credentials(&self) -> BasicCredentials {
        BasicCredentials {
            user: self.user.trim().to_string(),
            password: self.password.expose().to_string(),
            domain: if self.domain_account {
                self.domain.trim().to_string()
            } else {
                String::new()
            },
            internal: !self.domain_account,
        }
    }

    fn login_with(&mut self, host: &str, port: u16, pin: Pin) -> Option<Work> {
        let mut opts = ConnectOptions::new(host, pin);
        opts.port = port;
        match KscClient::new(opts) {
            Ok(client) => {
                self.client = Some(client.clone());
                self.phase = Phase::LoggingIn;
                self.clock = None;
                self.now = None;
                self.code_sent = false;
                // A code typed for an earlier login is of no use to this one.
                self.code.clear();
                Some(Work::Login {
                    client,
                    credentials: self.credentials(),
                })
            }
            Err(e) => {
                self.error = Some(e.to_string());
                self.phase = Phase::Editing;
                None
            }
        }
    }

    fn editing(&mut self) {
        if !matches!(self.phase, Phase::Editing) {
            self.phase = Phase::Editing;
            self.client = None;
        }
        self.error = None;
        self.code_sent = false;
    }

    /// Whether the code is asked for, so that its countdown moves.
    pub fn counts_down(&self) -> bool {
        matches!(self.phase, Phase::Code { .. })
    }

    /// A tick a second while the code is asked for, to move its countdown.
    pub fn subscription(&self) -> Subscription<Message> {
        if self.counts_down() {
            iced::time::every(TICK).map(|_| Message::ClockTicked(SystemTime::now()))
        } else {
            Subscription::none()
        }
    }

    /// The warning about the server's clock, when it differs from this computer's by more than
    /// the codes bear.
    pub fn clock_warning(&self) -> Option<String> {
        let server = self
            .target()
            .map_or_else(|| self.address.trim().to_string(), |(h, _)| h);
        self.clock.and_then(|c| c.warning(&server))
    }

    /// Handles a message.
    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::AddressChanged(v) => {
                self.address = v;
                self.editing();
            }
            Message::PortChanged(v) => {
                self.port = v;
                self.editing();
            }
            Message::UserChanged(v) => {
                self.user = v;
                self.editing();
            }
            Message::PasswordChanged(v) => {
                self.password = v;
                self.editing();
            }
            Message::DomainAccountToggled(v) => {
                self.domain_account = v;
                self.editing();
            }
            Message::DomainChanged(v) => {
                self.domain = v;
                self.editing();
            }
            Message::RememberToggled(v) => self.remember = v,
            Message::CodeChanged(v) => self.code = v,
            Message::RecentPicked(i) => {
                if let Some(r) = self.recent.get(i).cloned() {
                    self.fill_recent(&r);
                    self.editing();
                    if r.remember_password {
                        return Action::Run(Work::LoadPassword(SecretKey::ksc_user(
                            &r.address, r.api_port, &r.user,
                        )));
                    }
                }
            }
            Message::PresetPicked(i) => {
                if let Some(p) = self.presets.get(i).cloned() {
                    self.fill_preset(&p);
                    self.editing();
                }
            }
            Message::PasswordLoaded(r) => match r {
                Ok(Some(p)) if self.password.is_empty() => self.password = p,
                Ok(_) => {}
                Err(e) => self.error = Some(crate::fl!("connect-password-unreadable", error = e)),
            },
            Message::ConnectPressed => {
                self.tried = true;
                if !self.can_connect() {
                    return Action::None;
                }
                let Some((host, port)) = self.target() else {
                    return Action::None;
                };
                self.error = None;
                return match self.pin_for(&host, port) {
                    Some(pin) => self
                        .login_with(&host, port, pin)
                        .map_or(Action::None, Action::Run),
                    None => {
                        self.phase = Phase::Fetching;
                        Action::Run(Work::FetchCertificate { host, port })
                    }
                };
            }
            Message::CertificateFetched(r) => {
                if self.phase != Phase::Fetching {
                    return Action::None;
                }
                match r {
                    Ok(details) => {
                        self.phase = Phase::Confirm {
                            details: Box::new(details),
                            previous: None,
                            previous_certificate: None,
                        }
                    }
                    Err(e) => {
                        self.phase = Phase::Editing;
                        self.error = Some(crate::fl!("connect-fetch-failed", error = e));
                    }
                }
            }
            Message::TrustPressed => {
                let Phase::Confirm { details, .. } = &self.phase else {
                    return Action::None;
                };
                let Some((host, port)) = self.target() else {
                    return Action::None;
                };
                let pin = details.pin();
                let certificate = details.der.clone();
                self.pins.insert(
                    key(&host, port),
                    Pinned {
                        pin,
                        certificate: Some(details.clone()),
                    },
                );
                let then = self.login_with(&host, port, pin);
                return Action::Pin {
                    address: host,
                    port,
                    pin,
                    certificate,
                    then,
                };
            }
            Message::RejectPressed => {
                self.phase = Phase::Editing;
                self.client = None;
                self.error = Some(crate::fl!("connect-not-trusted"));
            }
            Message::LoginFinished(r, clock) => {
                if clock.is_some() {
                    self.clock = clock;
                }
                return self.login_finished(r);
            }
            Message::ClockTicked(now) => self.now = Some(now),
            Message::CodeSubmitted => {
                let Phase::Code { length, .. } = self.phase else {
                    return Action::None;
                };
                let Some(client) = self.client.clone() else {
                    return Action::None;
                };
                match validate::totp_code(self.code.expose(), length) {
                    Ok(code) => {
                        self.phase = Phase::LoggingIn;
                        self.error = None;
                        self.code_sent = true;
                        return Action::Run(Work::SubmitCode {
                            client,
                            code: Secret::new(code),
                        });
                    }
                    Err(e) => self.error = Some(e.to_string()),
                }
            }
        }
        Action::None
    }

    fn login_finished(&mut self, r: Result<LoginOutcome, KscError>) -> Action {
        match r {
            Ok(LoginOutcome::LoggedIn) => {
                let (Some(client), Some((host, port))) = (self.client.take(), self.target()) else {
                    return Action::None;
                };
                let pinned = self.pins.get(&key(&host, port)).cloned();
                self.phase = Phase::Editing;
                self.code.clear();
                let Some(Pinned { pin, certificate }) = pinned else {
                    return Action::None;
                };
                let recent = RecentServer {
                    address: host.clone(),
                    api_port: port,
                    user: self.user.trim().to_string(),
                    domain: self.credentials().domain,
                    internal: !self.domain_account,
                    remember_password: self.remember,
                    pinned_sha256: Some(hex::encode(pin.as_bytes())),
                    pinned_certificate: certificate
                        .map(|c| crate::settings::encode_certificate(&c.der)),
                    last_used: None,
                };
                let remember = self.remember.then(|| {
                    (
                        SecretKey::ksc_user(&host, port, self.user.trim()),
                        self.password.clone(),
                    )
                });
                Action::Connected {
                    connection: Connection {
                        client,
                        address: host,
                        port,
                        user: self.user.trim().to_string(),
                        pin,
                    },
                    recent,
                    remember,
                }
            }
            Ok(LoginOutcome::CodeRequired { length }) => {
                self.phase = Phase::Code {
                    length,
                    wrong: false,
                };
                Action::None
            }
            Ok(LoginOutcome::WrongCode { length }) => {
                self.phase = Phase::Code {
                    length,
                    wrong: true,
                };
                self.code.clear();
                Action::None
            }
            Ok(LoginOutcome::TwoFactorNotConfigured) => {
                self.phase = Phase::Editing;
                self.client = None;
                self.error = Some(crate::fl!("connect-two-step-not-set-up"));
                Action::None
            }
            Err(KscError::CertificateChanged {
                expected,
                presented_der,
                ..
            }) => {
                self.client = None;
                let previous_certificate = self
                    .target()
                    .and_then(|(host, port)| self.pins.get(&key(&host, port)))
                    .filter(|p| p.pin == expected)
                    .and_then(|p| p.certificate.clone());
                match crate::cert::parse_certificate(&presented_der) {
                    Ok(details) => {
                        self.phase = Phase::Confirm {
                            details: Box::new(details),
                            previous: Some(expected),
                            previous_certificate,
                        }
                    }
                    Err(e) => {
                        self.phase = Phase::Editing;
                        self.error = Some(crate::fl!(
                            "connect-changed-certificate-unreadable",
                            error = e.to_string()
                        ));
                    }
                }
                Action::None
            }
            Err(e) => {
                self.phase = Phase::Editing;
                self.client = None;
                self.error = Some(match &e {
                    // The server dropped the unfinished login after codes it refused.
                    KscError::SessionEnded { at, .. } if self.code_sent => {
                        crate::fl!("two-step-login-ended", server = at.host.clone())
                    }
                    _ => e.to_string(),
                });
                Action::None
            }
        }
    }

    /// Draws the screen.
    pub fn view(&self) -> Element<'_, Message> {
        let editable = matches!(self.phase, Phase::Editing);
        let shown = |e: Option<String>, value: &str| {
            if self.tried || !value.trim().is_empty() {
                e
            } else {
                None
            }
        };
        let submit = self.can_connect().then_some(Message::ConnectPressed);
        let mut form = column![
            text(crate::fl!("connect-title")).size(style::TITLE_SIZE),
            field::text_field(
                "connect-address",
                crate::fl!("connect-address"),
                "ksc.example.com",
                &self.address,
                false,
                shown(self.address_error(), &self.address),
                Message::AddressChanged,
                submit.clone(),
            ),
            field::text_field(
                "connect-port",
                crate::fl!("connect-port"),
                "13299",
                &self.port,
                false,
                self.port_error(),
                Message::PortChanged,
                submit.clone(),
            ),
            field::text_field(
                "connect-user",
                crate::fl!("field-user"),
                &crate::fl!("wizard-credentials-user-placeholder"),
                &self.user,
                false,
                shown(self.user_error(), &self.user),
                Message::UserChanged,
                submit.clone(),
            ),
            field::text_field(
                "connect-password",
                crate::fl!("wizard-credentials-password"),
                "",
                self.password.expose(),
                true,
                None,
                |s| Message::PasswordChanged(Secret::new(s)),
                submit.clone(),
            ),
            // One under the other: side by side, a long label in one language squeezes the other.
            column![
                checkbox(self.domain_account)
                    .style(style::checkbox::normal)
                    .label(crate::fl!("wizard-credentials-domain-account"))
                    .on_toggle_maybe(editable.then_some(Message::DomainAccountToggled)),
                checkbox(self.remember)
                    .style(style::checkbox::normal)
                    .label(crate::fl!("connect-remember-password"))
                    .on_toggle(Message::RememberToggled),
            ]
            .spacing(style::GAP),
        ]
        .spacing(style::GAP);
        if self.domain_account {
            form = form.push(field::text_field(
                "connect-domain",
                crate::fl!("wizard-credentials-domain"),
                "CORP",
                &self.domain,
                false,
                None,
                Message::DomainChanged,
                submit.clone(),
            ));
        }
        // While the changed certificate is shown, its alarm speaks of both certificates.
        if !matches!(self.phase, Phase::Confirm { .. })
            && let Some((notice, urgent)) = self.expiry_notice(time::OffsetDateTime::now_utc())
        {
            form = form.push(
                container(text(notice))
                    .padding(10)
                    .width(Length::Fill)
                    .style(if urgent {
                        style::container::alarm
                    } else {
                        style::container::caution
                    }),
            );
        }
        match &self.phase {
            Phase::Code { length, wrong } => {
                let valid = validate::totp_code(self.code.expose(), *length).is_ok();
                let length = *length;
                let mut hint = crate::fl!("connect-code-asked", length = length);
                if *wrong {
                    hint.push(' ');
                    hint.push_str(&crate::fl!("connect-code-refused"));
                }
                form = form.push(text(hint));
                if let Some(warning) = self.clock_warning() {
                    form = form.push(text(warning).style(style::text::warning));
                }
                form = form.push(field::text_field(
                    "connect-code",
                    crate::fl!("field-code"),
                    "123456",
                    self.code.expose(),
                    false,
                    None,
                    |s| Message::CodeChanged(Secret::new(s)),
                    valid.then_some(Message::CodeSubmitted),
                ));
                if let Some(now) = self.now {
                    form = form.push(
                        text(clock::countdown_text(self.clock, now)).style(style::text::muted),
                    );
                }
                form = form.push(
                    button(text(crate::fl!("wizard-credentials-submit-code")))
                        .style(style::button::primary)
                        .on_press_maybe(valid.then_some(Message::CodeSubmitted)),
                );
            }
            Phase::Confirm {
                details,
                previous,
                previous_certificate,
            } => {
                let now = time::OffsetDateTime::now_utc();
                let warnings = details.warnings(now);
                let card = cert_card::view(details, &warnings);
                let block: Element<'_, Message> = match previous {
                    None => column![
                        text(crate::fl!("connect-first-connection")).size(style::HEADING_SIZE),
                        text(crate::fl!("connect-compare-fingerprint")),
                        card,
                        row![
                            button(text(crate::fl!("connect-trust")))
                                .style(style::button::primary)
                                .on_press(Message::TrustPressed),
                            button(text(crate::fl!("connect-do-not-trust")))
                                .style(style::button::secondary)
                                .on_press(Message::RejectPressed),
                        ]
                        .spacing(style::GAP),
                    ]
                    .spacing(style::GAP)
                    .into(),
                    Some(old) => {
                        let (explanation, why) = self.change_explanation(now).unwrap_or_default();
                        let mut reasons = column![].spacing(2);
                        if !why.is_empty() {
                            reasons = reasons.push(text(crate::fl!("cert-life-change-why")));
                            for w in why {
                                reasons = reasons.push(text(format!("• {w}")));
                            }
                        }
                        container(
                            column![
                                text(crate::fl!("connect-certificate-changed-title"))
                                    .size(style::HEADING_SIZE),
                                text(explanation),
                                reasons,
                                cert_card::compare(*old, previous_certificate.as_deref(), details),
                                // The answer right under what to compare; the new
                                // certificate's other details follow for whoever wants them.
                                row![
                                    button(text(crate::fl!("wizard-cancel")))
                                        .style(style::button::secondary)
                                        .on_press(Message::RejectPressed),
                                    button(text(crate::fl!("connect-trust-new")))
                                        .style(style::button::danger)
                                        .on_press(Message::TrustPressed),
                                ]
                                .spacing(style::GAP),
                                card,
                            ]
                            .spacing(style::GAP),
                        )
                        .padding(12)
                        .style(style::container::alarm)
                        .into()
                    }
                };
                form = form.push(block);
            }
            Phase::Fetching => form = form.push(text(crate::fl!("connect-fetching"))),
            Phase::LoggingIn => form = form.push(text(crate::fl!("connect-logging-in"))),
            Phase::Editing => {}
        }
        if let Some(e) = &self.error {
            form = form.push(text(e.clone()).style(style::text::error));
            // Codes refused until the server gave up: the clock may be why.
            if self.code_sent
                && let Some(warning) = self.clock_warning()
            {
                form = form.push(text(warning).style(style::text::warning));
            }
        }
        if editable {
            form = form.push(
                button(text(crate::fl!("connect-connect")))
                    .style(style::button::primary)
                    .on_press_maybe(submit),
            );
        }

        let mut side =
            column![text(crate::fl!("connect-servers")).size(style::HEADING_SIZE)].spacing(4);
        for (i, p) in self.presets.iter().enumerate() {
            let ports = match p.ssl_port {
                Some(ssl) => crate::fl!(
                    "connect-preset-ports-ssl",
                    address = p.address.as_str(),
                    api = p.api_port.to_string(),
                    ssl = ssl.to_string()
                ),
                None => crate::fl!(
                    "connect-preset-ports",
                    address = p.address.as_str(),
                    api = p.api_port.to_string()
                ),
            };
            side = side.push(
                button(
                    column![
                        text(p.label.clone()),
                        text(ports)
                            .size(style::SMALL_SIZE)
                            .style(style::text::muted),
                    ]
                    .spacing(2),
                )
                .width(Length::Fill)
                .style(style::button::list_item(false))
                .on_press(Message::PresetPicked(i)),
            );
        }
        for (i, r) in self
            .recent
            .iter()
            .enumerate()
            .filter(|(_, r)| !r.user.is_empty())
        {
            side = side.push(
                button(text(format!(
                    "{} — {}",
                    validate::host_port(&r.address, r.api_port),
                    r.user
                )))
                .width(Length::Fill)
                .style(style::button::list_item(false))
                .on_press(Message::RecentPicked(i)),
            );
        }
        if self.starting_presets {
            side =
                side.push(text(crate::fl!("connect-servers-starting")).style(style::text::muted));
        } else if self.presets.is_empty() && self.recent.iter().all(|r| r.user.is_empty()) {
            side = side.push(text(crate::fl!("connect-servers-empty")).style(style::text::muted));
        }
        row![
            scrollable(form.padding(style::PAGE_PADDING))
                .style(style::scrollable::page)
                .width(Length::FillPortion(3)),
            container(side)
                .padding(style::PAGE_PADDING)
                .width(Length::FillPortion(1)),
        ]
        .into()
    }
}
