//! "Export join file", on the primary: writes the offline join file (address, SSL port,
//! certificate and fingerprint, optionally the proxy) for a branch office whose server this
//! one cannot reach, and offers the server's `klserver.cer` itself.

use std::path::PathBuf;

use iced::widget::{button, checkbox, column, row, space, text};
use iced::{Alignment, Element, Length};
use time::OffsetDateTime;

use crate::cert::CertificateDetails;
use crate::gui::dialog::{self, NoDialog};
use crate::gui::style;
use crate::gui::widget::path_entry::{self, PathEntry};
use crate::gui::widget::shortcuts::Shortcut;
use crate::gui::widget::{cert_card, field::text_field};
use crate::hierarchy::join_file::{JoinFile, ProxyAddress};
use crate::hierarchy::validate::{self, Field};
use crate::kloapi::KscClient;
use crate::removable::{Candidate, KLSERVER_CER};
use crate::wire::DEFAULT_SSL_PORT;

/// Ids of the page's text inputs.
pub mod ids {
    /// The address the secondary dials.
    pub const ADDRESS: &str = "export-address";
    /// The SSL port.
    pub const SSL_PORT: &str = "export-ssl-port";
    /// Proxy address.
    pub const PROXY_ADDRESS: &str = "export-proxy-address";
    /// Proxy port.
    pub const PROXY_PORT: &str = "export-proxy-port";
}

/// What the page read when it opened.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The server's certificate, as it reports it.
    pub certificate: CertificateDetails,
    /// This computer's own KSC server certificate, when it is a KSC server.
    pub local: Option<Candidate>,
    /// A removable drive to open the save dialog in.
    pub drive: Option<PathBuf>,
}

/// What happened on the page.
#[derive(Clone, Debug)]
pub enum Message {
    /// The certificate was read (or not).
    Loaded(Result<Box<Loaded>, String>),
    /// The address was edited.
    AddressChanged(String),
    /// The SSL port was edited.
    SslPortChanged(String),
    /// "The secondary uses a proxy server" was toggled.
    ProxyToggled(bool),
    /// The proxy address was edited.
    ProxyAddressChanged(String),
    /// The proxy port was edited.
    ProxyPortChanged(String),
    /// "Save join file…" was pressed.
    SavePressed,
    /// Where to save the join file (`None`: the dialog was closed).
    SavePathChosen(Option<PathBuf>),
    /// "Save klserver.cer…" was pressed.
    SaveCertificatePressed,
    /// Where to save the certificate (`None`: the dialog was closed).
    CertificatePathChosen(Option<PathBuf>),
    /// The join file's path typed where no save dialog could be shown.
    JoinTypedPath(path_entry::Message),
    /// The certificate's path typed where no save dialog could be shown.
    CertificateTypedPath(path_entry::Message),
    /// A file was written (or not).
    Written(Result<PathBuf, String>),
    /// "Back" was pressed.
    BackPressed,
}

/// The input of the join file's path (shown when no save dialog could be shown).
pub const JOIN_PATH_ID: &str = "export-join-path";
/// The input of the certificate's path (shown when no save dialog could be shown).
pub const CERTIFICATE_PATH_ID: &str = "export-certificate-path";

/// I/O of the page.
#[derive(Debug)]
pub enum Work {
    /// Read the server's certificate, look for this computer's own and for a drive.
    Load {
        /// The server.
        client: KscClient,
        /// The settings' USB scan roots.
        roots: Vec<PathBuf>,
    },
    /// Ask where to save a file.
    PickPath {
        /// Suggested name.
        name: String,
        /// Where the dialog opens.
        start: Option<PathBuf>,
        /// A join file (else the certificate).
        join: bool,
    },
    /// Write the join file.
    WriteJoinFile {
        /// Where.
        path: PathBuf,
        /// What.
        file: Box<JoinFile>,
    },
    /// Write the certificate (DER, as KSC's own `klserver.cer`).
    WriteCertificate {
        /// Where.
        path: PathBuf,
        /// The certificate.
        der: Vec<u8>,
    },
}

impl Work {
    /// Performs the work.
    pub async fn run(self) -> Message {
        match self {
            Work::Load { client, roots } => {
                let r = async {
                    let der = client
                        .host_group()
                        .server_certificate()
                        .await
                        .map_err(|e| {
                            crate::fl!("export-certificate-read-failed", error = e.to_string())
                        })?;
                    let certificate = crate::cert::parse_certificate(&der).map_err(|e| {
                        crate::fl!("export-certificate-unreadable", error = e.to_string())
                    })?;
                    let drive = crate::removable::mounted_drives(roots)
                        .await
                        .first()
                        .cloned();
                    let local =
                        tokio::task::spawn_blocking(crate::removable::local_server_certificate)
                            .await
                            .unwrap_or_default();
                    Ok(Box::new(Loaded {
                        certificate,
                        local,
                        drive,
                    }))
                };
                Message::Loaded(r.await)
            }
            Work::PickPath { name, start, join } => {
                let (title, filters) = if join {
                    (
                        crate::fl!("export-save-join-file-title"),
                        [(crate::fl!("export-filter-join-files"), &["toml"][..])],
                    )
                } else {
                    (
                        crate::fl!("export-save-certificate-title"),
                        [(crate::fl!("dialog-filter-certificates"), &["cer"][..])],
                    )
                };
                let picked = dialog::save(title, &name, start, &filters).await;
                match (picked, join) {
                    (Ok(p), true) => Message::SavePathChosen(p),
                    (Ok(p), false) => Message::CertificatePathChosen(p),
                    (Err(NoDialog), true) => Message::JoinTypedPath(path_entry::Message::NoDialog),
                    (Err(NoDialog), false) => {
                        Message::CertificateTypedPath(path_entry::Message::NoDialog)
                    }
                }
            }
            Work::WriteJoinFile { path, file } => {
                let p = path.clone();
                let r = tokio::task::spawn_blocking(move || file.write(&p))
                    .await
                    .map_err(|e| crate::fl!("export-write-interrupted", error = e.to_string()))
                    .and_then(|r| r.map_err(|e| e.to_string()));
                Message::Written(r.map(|()| path))
            }
            Work::WriteCertificate { path, der } => {
                let p = path.clone();
                let r = tokio::task::spawn_blocking(move || std::fs::write(&p, der))
                    .await
                    .map_err(|e| crate::fl!("export-write-interrupted", error = e.to_string()))
                    .and_then(|r| {
                        r.map_err(|e| {
                            crate::fl!(
                                "wizard-write-failed",
                                path = path.display().to_string(),
                                error = e.to_string()
                            )
                        })
                    });
                Message::Written(r.map(|()| path))
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
    /// Back to the home screen.
    Close,
}

/// The page.
#[derive(Debug)]
pub struct State {
    client: KscClient,
    roots: Vec<PathBuf>,
    /// The address the secondary dials.
    pub address: String,
    /// The SSL port, as typed.
    pub ssl_port: String,
    /// The Open API port the app is connected to.
    pub api_port: u16,
    /// "The secondary uses a proxy server".
    pub use_proxy: bool,
    /// Proxy address.
    pub proxy_address: String,
    /// Proxy port, as typed.
    pub proxy_port: String,
    /// What was read when the page opened.
    pub loaded: Option<Loaded>,
    /// What the page is busy with.
    pub busy: Option<String>,
    /// The last problem.
    pub error: Option<String>,
    /// The last file written.
    pub written: Option<PathBuf>,
    /// Where to save the join file, typed where no save dialog could be shown.
    join_path: PathEntry,
    /// Where to save the certificate, typed likewise.
    certificate_path: PathEntry,
}

impl State {
    /// The page for the server `client` is logged in to, at `address` (as typed when
    /// connecting, the default for what the secondary dials). Run [`State::open`]'s work next.
    pub fn new(client: KscClient, address: String, api_port: u16, roots: Vec<PathBuf>) -> Self {
        Self {
            client,
            roots,
            address,
            ssl_port: DEFAULT_SSL_PORT.to_string(),
            api_port,
            use_proxy: false,
            proxy_address: String::new(),
            proxy_port: crate::settings::DEFAULT_PROXY_PORT.to_string(),
            loaded: None,
            busy: Some(crate::fl!("export-reading-certificate")),
            error: None,
            written: None,
            join_path: PathEntry::for_saving(),
            certificate_path: PathEntry::for_saving(),
        }
    }

    /// What to do when the page opens.
    pub fn open(&self) -> Work {
        Work::Load {
            client: self.client.clone(),
            roots: self.roots.clone(),
        }
    }

    /// The join file the fields describe, or what is wrong.
    pub fn join_file(&self) -> Result<JoinFile, String> {
        let loaded = self
            .loaded
            .as_ref()
            .ok_or("the server's certificate has not been read")?;
        let mut j = JoinFile::new(
            &self.address,
            validate::port(Field::SslPort, &self.ssl_port).map_err(|e| e.to_string())?,
            &loaded.certificate.der,
        )
        .map_err(|e| e.to_string())?;
        j.api_port = Some(self.api_port);
        if self.use_proxy {
            j.proxy = Some(ProxyAddress {
                host: validate::host(Field::ProxyAddress, &self.proxy_address)
                    .map_err(|e| e.to_string())?,
                port: validate::port(Field::ProxyPort, &self.proxy_port)
                    .map_err(|e| e.to_string())?,
            });
        }
        Ok(j)
    }

    fn start(&self) -> Option<PathBuf> {
        self.loaded.as_ref().and_then(|l| l.drive.clone())
    }

    /// Handles a message.
    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Loaded(r) => {
                self.busy = None;
                match r {
                    Ok(l) => self.loaded = Some(*l),
                    Err(e) => self.error = Some(e),
                }
            }
            Message::AddressChanged(v) => self.address = v,
            Message::SslPortChanged(v) => self.ssl_port = v,
            Message::ProxyToggled(v) => self.use_proxy = v,
            Message::ProxyAddressChanged(v) => self.proxy_address = v,
            Message::ProxyPortChanged(v) => self.proxy_port = v,
            Message::SavePressed => match self.join_file() {
                Ok(j) => {
                    self.error = None;
                    return Action::Run(Work::PickPath {
                        name: j.suggested_file_name(),
                        start: self.start(),
                        join: true,
                    });
                }
                Err(e) => self.error = Some(e),
            },
            Message::SavePathChosen(Some(path)) => match self.join_file() {
                Ok(j) => {
                    self.busy = Some(crate::fl!("export-writing-join-file"));
                    return Action::Run(Work::WriteJoinFile {
                        path,
                        file: Box::new(j),
                    });
                }
                Err(e) => self.error = Some(e),
            },
            Message::SaveCertificatePressed => {
                return Action::Run(Work::PickPath {
                    name: KLSERVER_CER.to_string(),
                    start: self.start(),
                    join: false,
                });
            }
            Message::CertificatePathChosen(Some(path)) => {
                if let Some(l) = &self.loaded {
                    self.busy = Some(crate::fl!("export-writing-certificate"));
                    return Action::Run(Work::WriteCertificate {
                        path,
                        der: l.certificate.der.clone(),
                    });
                }
            }
            Message::SavePathChosen(None) | Message::CertificatePathChosen(None) => {}
            Message::JoinTypedPath(m) => {
                if let Some(path) = self.join_path.update(m) {
                    return self.update(Message::SavePathChosen(Some(path)));
                }
            }
            Message::CertificateTypedPath(m) => {
                if let Some(path) = self.certificate_path.update(m) {
                    return self.update(Message::CertificatePathChosen(Some(path)));
                }
            }
            Message::Written(r) => {
                self.busy = None;
                match r {
                    Ok(p) => {
                        self.error = None;
                        self.written = Some(p);
                    }
                    Err(e) => self.error = Some(e),
                }
            }
            Message::BackPressed => return Action::Close,
        }
        Action::None
    }

    /// Esc is Back, except while the file is being written.
    pub fn shortcut(&self, s: Shortcut) -> Option<Message> {
        (s == Shortcut::Cancel && self.busy.is_none()).then_some(Message::BackPressed)
    }

    /// Draws the page.
    pub fn view(&self) -> Element<'_, Message> {
        let idle = self.busy.is_none();
        let mut page = column![
            text(crate::fl!("home-export-join-file")).size(style::TITLE_SIZE),
            text(crate::fl!("export-intro")).style(style::text::muted),
            text_field(
                ids::ADDRESS,
                crate::fl!("export-address"),
                "ksc-hq.example.com",
                &self.address,
                false,
                None,
                Message::AddressChanged,
                None,
            ),
            text_field(
                ids::SSL_PORT,
                crate::fl!("field-ssl-port"),
                "13000",
                &self.ssl_port,
                false,
                None,
                Message::SslPortChanged,
                None,
            ),
            checkbox(self.use_proxy)
                .style(style::checkbox::normal)
                .label(crate::fl!("export-use-proxy"))
                .on_toggle(Message::ProxyToggled),
        ]
        .spacing(style::GAP);
        if self.use_proxy {
            page = page
                .push(text_field(
                    ids::PROXY_ADDRESS,
                    crate::fl!("field-proxy-address"),
                    "proxy.example.com",
                    &self.proxy_address,
                    false,
                    None,
                    Message::ProxyAddressChanged,
                    None,
                ))
                .push(text_field(
                    ids::PROXY_PORT,
                    crate::fl!("field-proxy-port"),
                    "3128",
                    &self.proxy_port,
                    false,
                    None,
                    Message::ProxyPortChanged,
                    None,
                ));
        }
        if let Some(l) = &self.loaded {
            page = page.push(text(crate::fl!("export-this-certificate")));
            page = page.push(cert_card::view(
                &l.certificate,
                &l.certificate.warnings(OffsetDateTime::now_utc()),
            ));
            if let Some(local) = &l.local {
                let same = local.details.der == l.certificate.der;
                page = page.push(
                    text(if same {
                        crate::fl!("export-local-same", path = local.path.display().to_string())
                    } else {
                        crate::fl!(
                            "export-local-different",
                            path = local.path.display().to_string()
                        )
                    })
                    .style(if same {
                        style::text::muted
                    } else {
                        style::text::warning
                    }),
                );
            }
        }
        if let Some(b) = &self.busy {
            page = page.push(text(b.as_str()).style(style::text::muted));
        }
        if let Some(e) = &self.error {
            page = page.push(text(e.clone()).style(style::text::error));
        }
        if let Some(p) = &self.written {
            page = page.push(
                text(crate::fl!(
                    "export-saved",
                    path = p.display().to_string(),
                    fingerprint = self
                        .loaded
                        .as_ref()
                        .map(|l| l.certificate.sha256_colon())
                        .unwrap_or_default()
                ))
                .style(style::text::success),
            );
        }
        if let Some(field) = self.join_path.view(
            JOIN_PATH_ID,
            "ksc-join.toml".to_string(),
            Message::JoinTypedPath,
        ) {
            page = page.push(field);
        }
        if let Some(field) = self.certificate_path.view(
            CERTIFICATE_PATH_ID,
            KLSERVER_CER.to_string(),
            Message::CertificateTypedPath,
        ) {
            page = page.push(field);
        }
        let ready = idle && self.loaded.is_some();
        let footer = row![
            button(text(crate::fl!("wizard-back")))
                .style(style::button::secondary)
                .on_press(Message::BackPressed),
            space::horizontal(),
            button(text(crate::fl!("export-save-certificate")))
                .style(style::button::secondary)
                .on_press_maybe(ready.then_some(Message::SaveCertificatePressed)),
            button(text(crate::fl!("export-save-join-file")))
                .style(style::button::primary)
                .on_press_maybe(ready.then_some(Message::SavePressed)),
        ]
        .spacing(style::GAP)
        .align_y(Alignment::Center);
        crate::gui::widget::page::with_footer(
            page.padding(style::PAGE_PADDING).width(Length::Fill),
            footer,
        )
    }
}
