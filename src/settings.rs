//! Non-secret settings: recent servers and their certificate pins, appearance, proxy and Autotask
//! names, the virtual-server-to-company mapping.
//!
//! They live in `settings.toml` under the platform config directory. No field can hold a secret:
//! passwords, API secrets and integration codes go to the OS keyring ([`crate::secrets`]).
//! A damaged file never stops the app and is never lost: it is set aside as
//! `settings.toml.bad-<timestamp>` and defaults are used, with a warning to show the user.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize, Serializer};
use time::OffsetDateTime;

use crate::wire::DEFAULT_API_PORT;

/// Name of the settings file inside the config directory.
pub const SETTINGS_FILE: &str = "settings.toml";
/// Environment variable naming a config directory to use instead of the platform's.
pub const CONFIG_DIR_ENV: &str = "KSC_LINK_CONFIG_DIR";
/// How many recent servers are kept.
pub const MAX_RECENT_SERVERS: usize = 20;
/// Port assumed for a proxy entry that names none.
pub const DEFAULT_PROXY_PORT: u16 = 3128;

/// An Administration Server the user connected to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RecentServer {
    /// Host name or IP address as the user typed it.
    pub address: String,
    /// Open API port.
    pub api_port: u16,
    /// KSC user name.
    pub user: String,
    /// Windows domain of the user; empty for internal users.
    pub domain: String,
    /// True for a KSC internal user (not a Windows account).
    pub internal: bool,
    /// True when the password is kept in the OS keyring.
    pub remember_password: bool,
    /// SHA-256 of the server certificate's DER, lowercase hex, trusted on first use.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pinned_sha256: Option<String>,
    /// The pinned certificate itself (DER, base64; public), so that its expiry can be shown and
    /// a change of certificate explained. Only kept while its SHA-256 is `pinned_sha256`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pinned_certificate: Option<String>,
    /// When the user last connected.
    #[serde(
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub last_used: Option<OffsetDateTime>,
}

impl Default for RecentServer {
    fn default() -> Self {
        Self {
            address: String::new(),
            api_port: DEFAULT_API_PORT,
            user: String::new(),
            domain: String::new(),
            internal: false,
            remember_password: false,
            pinned_sha256: None,
            pinned_certificate: None,
            last_used: None,
        }
    }
}

impl RecentServer {
    fn is_server(&self, address: &str, port: u16) -> bool {
        self.api_port == port && self.address.trim().eq_ignore_ascii_case(address.trim())
    }

    /// The pinned certificate (DER), when it is kept and is the pinned one.
    pub fn pinned_certificate_der(&self) -> Option<Vec<u8>> {
        certificate_of_pin(
            self.pinned_certificate.as_deref()?,
            self.pinned_sha256.as_deref()?,
        )
    }
}

/// The certificate `base64` holds (DER), if its SHA-256 is `pin` (hex).
fn certificate_of_pin(base64: &str, pin: &str) -> Option<Vec<u8>> {
    use base64::Engine as _;
    let der = base64::engine::general_purpose::STANDARD
        .decode(base64.trim())
        .ok()?;
    let pin = normalize_pin(pin)?;
    (hex::encode(crate::tls::Pin::of_der(&der).as_bytes()) == pin).then_some(der)
}

/// A certificate (DER) as [`RecentServer::pinned_certificate`] holds it.
pub fn encode_certificate(der: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(der)
}

/// Light, dark, or whatever the desktop uses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeChoice {
    /// Follow the desktop.
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

/// The HTTP proxy to reach servers through. Its password is in the keyring.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProxySettings {
    /// Proxy host name or IP address.
    pub address: String,
    /// Proxy port.
    pub port: u16,
    /// Proxy user; empty when the proxy needs no authentication.
    pub user: String,
}

impl Default for ProxySettings {
    fn default() -> Self {
        Self {
            address: String::new(),
            port: DEFAULT_PROXY_PORT,
            user: String::new(),
        }
    }
}

/// Autotask API user and zone. The secret and integration code are in the keyring.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AutotaskSettings {
    /// API user name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// The zone's web services URL, as found by the zone lookup.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone_url: Option<String>,
    /// When the credentials were last checked against Autotask.
    #[serde(
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub last_checked: Option<OffsetDateTime>,
}

/// The Kaspersky Endpoint Security Cloud source: the account e-mail (its password is in the
/// keyring) and the workspaces the admin listed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct KesCloudSettings {
    /// The account e-mail.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Workspace names, as typed or imported.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub workspaces: Vec<String>,
}

/// Everything ksc-link remembers between runs, except secrets.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// UI language (a BCP 47 tag such as "en" or "ru"); `None` follows the system.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Light or dark appearance.
    pub theme: ThemeChoice,
    /// Folders holding one folder per mounted USB drive (e.g. `/media/<user>`), searched for
    /// certificates and installation packages; empty: the platform's usual places.
    #[serde(serialize_with = "utf8_paths")]
    pub usb_scan_roots: Vec<PathBuf>,
    /// The HTTP proxy, if servers are reached through one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proxy: Option<ProxySettings>,
    /// The proxy the last secondary server was set to reach its primary through, to prefill
    /// the add-secondary wizard. Its password is in the keyring (`SecretKey::proxy`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secondary_proxy: Option<ProxySettings>,
    /// Autotask API user and zone.
    pub autotask: AutotaskSettings,
    /// Virtual server UID (or KES Cloud workspace name) to Autotask company id.
    pub vserver_mapping: BTreeMap<String, i64>,
    /// The KES Cloud source, when used instead of an Administration Server.
    pub kes_cloud: KesCloudSettings,
    /// Recently used servers, most recent first.
    pub recent_servers: Vec<RecentServer>,
}

/// TOML holds text only: a path that is not UTF-8 is left out rather than failing the save.
fn utf8_paths<S: Serializer>(paths: &[PathBuf], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(paths.iter().filter_map(|p| p.to_str()))
}

/// Settings as loaded, with what had to be repaired or ignored, for the user to see.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadedSettings {
    /// The usable settings (defaults where the file was missing or bad).
    pub settings: Settings,
    /// One sentence per problem found, naming the file and the value.
    pub warnings: Vec<String>,
}

/// Why settings could not be saved or located.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// The platform reports no home/config directory and no override was given.
    #[error("{}", crate::fl!("settings-no-config-dir", variable = CONFIG_DIR_ENV))]
    NoConfigDir,
    /// The path has no file name (it ends in `..` or is a root).
    #[error("{}", crate::fl!("settings-not-a-file", path = path.display().to_string()))]
    NotAFile {
        /// The path given.
        path: PathBuf,
    },
    /// A file system step of saving failed.
    #[error("{}", crate::fl!(
        "settings-io",
        path = path.display().to_string(),
        step = io_step_words(step),
        error = source.to_string()
    ))]
    Io {
        /// The file or directory involved.
        path: PathBuf,
        /// What was being done.
        step: &'static str,
        /// The OS error.
        source: std::io::Error,
    },
    /// The settings could not be written as TOML.
    #[error("{}", crate::fl!("settings-encode", error = .0.to_string()))]
    Encode(#[from] toml::ser::Error),
    /// A certificate pin that is not 64 hex digits.
    #[error("{}", crate::fl!("settings-invalid-pin", pin = format!("{pin:?}")))]
    InvalidPin {
        /// The rejected text.
        pin: String,
    },
}

/// The words for what was being done when saving failed, in the current language.
fn io_step_words(step: &str) -> String {
    match step {
        "creating the directory" => crate::fl!("settings-step-create-dir"),
        "writing a temporary file" => crate::fl!("settings-step-write-temp"),
        "replacing the file" => crate::fl!("settings-step-replace"),
        other => other.to_string(),
    }
}

/// The config directory: `$KSC_LINK_CONFIG_DIR` if set, else the platform's (for example
/// `~/.config/ksc-link` on Linux, `%APPDATA%\ksc-link\config` on Windows).
pub fn config_dir() -> Result<PathBuf, SettingsError> {
    config_dir_from(std::env::var_os(CONFIG_DIR_ENV))
}

fn config_dir_from(env_dir: Option<OsString>) -> Result<PathBuf, SettingsError> {
    match env_dir {
        Some(dir) if !dir.is_empty() => Ok(PathBuf::from(dir)),
        _ => directories::ProjectDirs::from("", "", "ksc-link")
            .map(|dirs| dirs.config_dir().to_path_buf())
            .ok_or(SettingsError::NoConfigDir),
    }
}

/// The settings file: `explicit` (a command-line option) if given, else `settings.toml` in
/// [`config_dir`].
pub fn settings_path(explicit: Option<&Path>) -> Result<PathBuf, SettingsError> {
    match explicit {
        Some(path) => Ok(path.to_path_buf()),
        None => Ok(config_dir()?.join(SETTINGS_FILE)),
    }
}

/// The UI language saved in the settings file at `path`, read without side effects (a damaged
/// file is left for [`Settings::load`] to report and set aside).
pub fn saved_language(path: &Path) -> Option<String> {
    let bytes = fs::read(path).ok()?;
    let (settings, _) = parse(&bytes).ok()?;
    trimmed(settings.language)
}

impl Settings {
    /// Reads `path`. A missing file gives defaults; an unreadable or damaged one gives defaults
    /// (or what could be salvaged) plus warnings, and is kept next to it as `<name>.bad-<time>`.
    pub fn load(path: &Path) -> LoadedSettings {
        let mut warnings = Vec::new();
        let bytes = match fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return LoadedSettings::default();
            }
            Err(e) => {
                warnings.push(format!(
                    "could not read the settings file {}: {e}; default settings are used",
                    path.display()
                ));
                set_aside(path, &mut warnings);
                return LoadedSettings {
                    settings: Settings::default(),
                    warnings,
                };
            }
        };
        let (mut settings, problems) = match parse(&bytes) {
            Ok(parsed) => parsed,
            Err(problem) => (Settings::default(), vec![problem]),
        };
        if !problems.is_empty() {
            for problem in problems {
                warnings.push(format!("settings file {}: {problem}", path.display()));
            }
            set_aside(path, &mut warnings);
        }
        warnings.extend(settings.sanitize());
        LoadedSettings { settings, warnings }
    }

    /// Writes the settings to `path` atomically (a temporary file in the same directory, flushed
    /// to disk, then renamed over the old file), creating the directory if needed.
    pub fn save(&self, path: &Path) -> Result<(), SettingsError> {
        let mut clean = self.clone();
        clean.sanitize();
        let text = format!(
            "# ksc-link settings. Passwords are not kept here but in the system keyring.\n\n{}",
            toml::to_string_pretty(&clean)?
        );
        let file_name = path.file_name().ok_or_else(|| SettingsError::NotAFile {
            path: path.to_path_buf(),
        })?;
        let dir = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let io = |path: &Path, step: &'static str| {
            let path = path.to_path_buf();
            move |source| SettingsError::Io { path, step, source }
        };
        create_private_dir_all(dir).map_err(io(dir, "creating the directory"))?;

        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let mut temp_name = OsString::from(".");
        temp_name.push(file_name);
        temp_name.push(format!(
            ".tmp-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let temp = dir.join(temp_name);
        let written = write_synced(&temp, text.as_bytes())
            // Named by the file being saved: the temporary name means nothing to the user.
            .map_err(io(path, "writing a temporary file"))
            .and_then(|()| fs::rename(&temp, path).map_err(io(path, "replacing the file")));
        if let Err(e) = written {
            let _ = fs::remove_file(&temp);
            return Err(e);
        }
        // Make the rename itself durable; not possible (nor needed) on every platform.
        #[cfg(unix)]
        if let Ok(dir_handle) = fs::File::open(dir) {
            let _ = dir_handle.sync_all();
        }
        Ok(())
    }

    /// Puts `server` first in the recent list, replacing an entry for the same address, port and
    /// user. Keeps a known certificate pin of that server if `server` brings none.
    pub fn remember_server(&mut self, mut server: RecentServer) {
        server.address = server.address.trim().to_string();
        server.user = server.user.trim().to_string();
        if server.last_used.is_none() {
            server.last_used = Some(OffsetDateTime::now_utc());
        }
        match server.pinned_sha256.as_deref().map(normalize_pin) {
            Some(Some(pin)) => {
                let given = server
                    .pinned_certificate
                    .as_deref()
                    .and_then(|c| certificate_of_pin(c, &pin));
                let certificate =
                    self.certificate_for_pin(&server.address, server.api_port, &pin, given);
                self.set_pin_on_existing(
                    &server.address,
                    server.api_port,
                    &pin,
                    certificate.as_deref(),
                );
                server.pinned_certificate = certificate.as_deref().map(encode_certificate);
                server.pinned_sha256 = Some(pin);
            }
            Some(None) | None => {
                server.pinned_sha256 = self
                    .pin_for(&server.address, server.api_port)
                    .map(str::to_string);
                server.pinned_certificate = self
                    .pinned_certificate_for(&server.address, server.api_port)
                    .map(|der| encode_certificate(&der));
            }
        }
        // A pin-only placeholder (no user) of this server is superseded by a real entry.
        self.recent_servers.retain(|r| {
            !(r.is_server(&server.address, server.api_port)
                && (r.user == server.user || r.user.is_empty()))
        });
        self.recent_servers.insert(0, server);
        self.recent_servers.truncate(MAX_RECENT_SERVERS);
    }

    /// The pinned certificate fingerprint (lowercase hex) of the server at `address:port`.
    pub fn pin_for(&self, address: &str, port: u16) -> Option<&str> {
        self.recent_servers
            .iter()
            .filter(|r| r.is_server(address, port))
            .find_map(|r| r.pinned_sha256.as_deref())
    }

    /// Pins the certificate of the server at `address:port` (SHA-256 of its DER, hex; colons and
    /// case are accepted). A server not yet in the recent list is added without a user.
    pub fn set_pin(
        &mut self,
        address: &str,
        port: u16,
        sha256_hex: &str,
    ) -> Result<(), SettingsError> {
        let pin = normalize_pin(sha256_hex).ok_or_else(|| SettingsError::InvalidPin {
            pin: sha256_hex.to_string(),
        })?;
        self.pin_with(address, port, &pin, None);
        Ok(())
    }

    /// Pins `certificate` (DER) for the server at `address:port`, keeping the certificate itself
    /// so that its expiry can be shown and a later change of certificate explained.
    pub fn pin_certificate(&mut self, address: &str, port: u16, certificate: &[u8]) {
        let pin = hex::encode(crate::tls::Pin::of_der(certificate).as_bytes());
        self.pin_with(address, port, &pin, Some(certificate));
    }

    /// The pinned certificate (DER) of the server at `address:port`, when it is kept.
    pub fn pinned_certificate_for(&self, address: &str, port: u16) -> Option<Vec<u8>> {
        let pin = self.pin_for(address, port)?;
        self.recent_servers
            .iter()
            .filter(|r| r.is_server(address, port))
            .filter(|r| r.pinned_sha256.as_deref() == Some(pin))
            .find_map(RecentServer::pinned_certificate_der)
    }

    fn pin_with(&mut self, address: &str, port: u16, pin: &str, certificate: Option<&[u8]>) {
        let certificate =
            self.certificate_for_pin(address, port, pin, certificate.map(<[u8]>::to_vec));
        let certificate = certificate.as_deref();
        if !self.set_pin_on_existing(address, port, pin, certificate) {
            self.recent_servers.insert(
                0,
                RecentServer {
                    address: address.trim().to_string(),
                    api_port: port,
                    pinned_sha256: Some(pin.to_string()),
                    pinned_certificate: certificate.map(encode_certificate),
                    ..RecentServer::default()
                },
            );
            self.recent_servers.truncate(MAX_RECENT_SERVERS);
        }
    }

    /// The certificate to keep with `pin`: the one given, else the one already kept for that
    /// pin; none otherwise (a kept one of an earlier pin would describe another certificate).
    fn certificate_for_pin(
        &self,
        address: &str,
        port: u16,
        pin: &str,
        given: Option<Vec<u8>>,
    ) -> Option<Vec<u8>> {
        given.or_else(|| {
            self.pinned_certificate_for(address, port)
                .filter(|der| hex::encode(crate::tls::Pin::of_der(der).as_bytes()) == pin)
        })
    }

    /// Pins `pin` with `certificate` (or none) on every entry of the server.
    fn set_pin_on_existing(
        &mut self,
        address: &str,
        port: u16,
        pin: &str,
        certificate: Option<&[u8]>,
    ) -> bool {
        let mut found = false;
        for server in self
            .recent_servers
            .iter_mut()
            .filter(|r| r.is_server(address, port))
        {
            server.pinned_sha256 = Some(pin.to_string());
            server.pinned_certificate = certificate.map(encode_certificate);
            found = true;
        }
        found
    }

    /// Repairs values a hand edit or an older version may have left; returns what was changed
    /// in a way the user should know about.
    pub(crate) fn sanitize(&mut self) -> Vec<String> {
        let mut warnings = Vec::new();

        let mut kept: Vec<RecentServer> = Vec::new();
        for mut server in std::mem::take(&mut self.recent_servers) {
            server.address = server.address.trim().to_string();
            server.user = server.user.trim().to_string();
            server.domain = server.domain.trim().to_string();
            if server.address.is_empty() {
                warnings.push("a recent server without an address was removed".to_string());
                continue;
            }
            if server.api_port == 0 {
                warnings.push(format!(
                    "recent server {}: port 0 is not valid, {DEFAULT_API_PORT} is used",
                    server.address
                ));
                server.api_port = DEFAULT_API_PORT;
            }
            if let Some(pin) = server.pinned_sha256.take() {
                server.pinned_sha256 = normalize_pin(&pin);
                if server.pinned_sha256.is_none() {
                    warnings.push(format!(
                        "recent server {}:{}: the pinned certificate fingerprint is not valid \
                         and was removed; the certificate will be confirmed again",
                        server.address, server.api_port
                    ));
                }
            }
            // The kept certificate only explains the pin; one that is not the pinned
            // certificate would explain the wrong one, and without it nothing is lost but dates.
            if server.pinned_certificate.is_some() && server.pinned_certificate_der().is_none() {
                server.pinned_certificate = None;
            }
            let duplicate = kept
                .iter()
                .any(|k| k.is_server(&server.address, server.api_port) && k.user == server.user);
            if !duplicate {
                kept.push(server);
            }
        }
        kept.truncate(MAX_RECENT_SERVERS);
        self.recent_servers = kept;

        self.language = trimmed(self.language.take());

        let mut roots: Vec<PathBuf> = Vec::new();
        for root in std::mem::take(&mut self.usb_scan_roots) {
            if !root.as_os_str().is_empty() && !roots.contains(&root) {
                roots.push(root);
            }
        }
        self.usb_scan_roots = roots;

        self.proxy = repaired_proxy(self.proxy.take(), "proxy", &mut warnings);
        self.secondary_proxy = repaired_proxy(
            self.secondary_proxy.take(),
            "secondary servers' proxy",
            &mut warnings,
        );

        self.autotask.user_name = trimmed(self.autotask.user_name.take());
        self.autotask.zone_url = trimmed(self.autotask.zone_url.take());
        if let Some(zone) = &self.autotask.zone_url {
            let https = url::Url::parse(zone).is_ok_and(|u| u.scheme() == "https");
            if !https {
                warnings.push(format!(
                    "the Autotask zone address {zone:?} is not an https URL and was removed; \
                     it will be looked up again"
                ));
                self.autotask.zone_url = None;
            }
        }

        let before = self.vserver_mapping.len();
        self.vserver_mapping
            .retain(|uid, company| !uid.trim().is_empty() && *company >= 0);
        if self.vserver_mapping.len() != before {
            warnings.push(
                "virtual server mappings with an empty UID or a negative company id were removed"
                    .to_string(),
            );
        }
        warnings
    }
}

fn trimmed(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// Lowercase hex without separators, if `pin` is a SHA-256 fingerprint.
fn normalize_pin(pin: &str) -> Option<String> {
    let hex: String = pin
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ':')
        .collect::<String>()
        .to_ascii_lowercase();
    (hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit())).then_some(hex)
}

/// Parses the file field by field, so one bad value costs only that value.
/// `Err` when nothing can be used; otherwise the settings and the problems met.
/// A proxy entry trimmed, or dropped with a warning when it cannot be used.
fn repaired_proxy(
    proxy: Option<ProxySettings>,
    what: &str,
    warnings: &mut Vec<String>,
) -> Option<ProxySettings> {
    let mut proxy = proxy?;
    proxy.address = proxy.address.trim().to_string();
    proxy.user = proxy.user.trim().to_string();
    if proxy.address.is_empty() {
        warnings.push(format!("the {what} setting has no address and was removed"));
        None
    } else if proxy.port == 0 {
        warnings.push(format!(
            "the {what} {} has port 0, which is not valid: the {what} setting was removed",
            proxy.address
        ));
        None
    } else {
        Some(proxy)
    }
}

pub(crate) fn parse(bytes: &[u8]) -> Result<(Settings, Vec<String>), String> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "the file is not UTF-8 text (invalid byte at offset {}); default settings are used",
            e.valid_up_to()
        )
    })?;
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        let at = e
            .span()
            .map(|span| {
                let (line, column) = line_column(text, span.start);
                format!(" at line {line}, column {column}")
            })
            .unwrap_or_default();
        format!(
            "the file is not valid TOML{at} ({}); default settings are used",
            e.message().trim()
        )
    })?;

    let mut problems = Vec::new();
    let mut settings = Settings::default();
    if let Some(v) = field(&table, "language", &mut problems) {
        settings.language = v;
    }
    if let Some(v) = field(&table, "theme", &mut problems) {
        settings.theme = v;
    }
    if let Some(v) = field(&table, "usb_scan_roots", &mut problems) {
        settings.usb_scan_roots = v;
    }
    if let Some(v) = field(&table, "proxy", &mut problems) {
        settings.proxy = v;
    }
    if let Some(v) = field(&table, "secondary_proxy", &mut problems) {
        settings.secondary_proxy = v;
    }
    if let Some(v) = field(&table, "autotask", &mut problems) {
        settings.autotask = v;
    }
    if let Some(v) = field(&table, "kes_cloud", &mut problems) {
        settings.kes_cloud = v;
    }
    match table.get("vserver_mapping") {
        None => {}
        Some(toml::Value::Table(map)) => {
            for (uid, company) in map {
                match company.clone().try_into::<i64>() {
                    Ok(id) => {
                        settings.vserver_mapping.insert(uid.clone(), id);
                    }
                    Err(e) => problems.push(format!(
                        "the company id of virtual server {uid:?} was ignored: {}",
                        e.message().trim()
                    )),
                }
            }
        }
        Some(other) => problems.push(format!(
            "`vserver_mapping` was ignored: expected a table, found {}",
            other.type_str()
        )),
    }
    match table.get("recent_servers") {
        None => {}
        Some(toml::Value::Array(list)) => {
            for (i, entry) in list.iter().enumerate() {
                match entry.clone().try_into::<RecentServer>() {
                    Ok(server) => settings.recent_servers.push(server),
                    Err(e) => problems.push(format!(
                        "recent server #{} was ignored: {}",
                        i + 1,
                        e.message().trim()
                    )),
                }
            }
        }
        Some(other) => problems.push(format!(
            "`recent_servers` was ignored: expected a list, found {}",
            other.type_str()
        )),
    }
    Ok((settings, problems))
}

fn field<T: DeserializeOwned>(
    table: &toml::Table,
    name: &str,
    problems: &mut Vec<String>,
) -> Option<T> {
    let value = table.get(name)?.clone();
    match value.try_into::<T>() {
        Ok(v) => Some(v),
        Err(e) => {
            problems.push(format!(
                "the value of `{name}` was ignored: {}",
                e.message().trim()
            ));
            None
        }
    }
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

/// Moves a damaged settings file out of the way so a later save cannot overwrite it.
fn set_aside(path: &Path, warnings: &mut Vec<String>) {
    let stamp = OffsetDateTime::now_utc();
    let stamp = format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        stamp.year(),
        u8::from(stamp.month()),
        stamp.day(),
        stamp.hour(),
        stamp.minute(),
        stamp.second()
    );
    let mut name = path.file_name().map(OsString::from).unwrap_or_default();
    name.push(format!(".bad-{stamp}"));
    let mut backup = path.with_file_name(&name);
    let mut n = 1;
    while backup.exists() {
        let mut numbered = name.clone();
        numbered.push(format!("-{n}"));
        backup = path.with_file_name(numbered);
        n += 1;
    }
    match fs::rename(path, &backup) {
        Ok(()) => warnings.push(format!(
            "the damaged settings file was kept as {}",
            backup.display()
        )),
        Err(e) => warnings.push(format!(
            "the damaged settings file {} could not be set aside ({e}); saving settings will replace it",
            path.display()
        )),
    }
}

/// `fs::create_dir_all`, but on Unix the folders it creates are the user's alone (0700): the
/// settings and logs name servers, users and proxies. Existing folders are left as they are.
pub(crate) fn create_private_dir_all(dir: &Path) -> std::io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // User names and server addresses are nobody else's business.
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const PIN_A: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    const PIN_B: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    fn full() -> Settings {
        Settings {
            language: Some("ru".to_string()),
            theme: ThemeChoice::Dark,
            usb_scan_roots: vec![PathBuf::from("/media/usb"), PathBuf::from("/mnt/Пакеты")],
            proxy: Some(ProxySettings {
                address: "proxy.corp.example".to_string(),
                port: 8080,
                user: "svc-proxy".to_string(),
            }),
            secondary_proxy: Some(ProxySettings {
                address: "branch-proxy.corp.example".to_string(),
                port: 3128,
                user: "branch".to_string(),
            }),
            autotask: AutotaskSettings {
                user_name: Some("api@corp.example".to_string()),
                zone_url: Some("https://webservices5.autotask.net/ATServicesRest/".to_string()),
                last_checked: Some(datetime!(2025-03-01 10:20:30.123456789 UTC)),
            },
            vserver_mapping: BTreeMap::from([
                ("a1b2c3".to_string(), 29_683_500),
                ("vs-with space".to_string(), 0),
            ]),
            kes_cloud: KesCloudSettings {
                email: Some("msp@corp.example".to_string()),
                workspaces: vec!["Customer A".to_string(), "Lab".to_string()],
            },
            recent_servers: vec![
                RecentServer {
                    address: "ksc.corp.example".to_string(),
                    api_port: 13299,
                    user: "admin".to_string(),
                    domain: "CORP".to_string(),
                    internal: false,
                    remember_password: true,
                    pinned_sha256: Some(PIN_B.to_string()),
                    pinned_certificate: None,
                    last_used: Some(datetime!(2025-03-02 08:00:00 +03:00)),
                },
                RecentServer {
                    address: "10.0.0.7".to_string(),
                    api_port: 13291,
                    user: "klop".to_string(),
                    internal: true,
                    ..RecentServer::default()
                },
            ],
        }
    }

    fn dir() -> tempfile::TempDir {
        tempfile::tempdir().unwrap()
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn missing_file_gives_defaults_without_warnings() {
        let d = dir();
        let loaded = Settings::load(&d.path().join("settings.toml"));
        assert_eq!(loaded, LoadedSettings::default());
        assert_eq!(loaded.settings.theme, ThemeChoice::System);
    }

    #[test]
    fn round_trip_keeps_everything() {
        let d = dir();
        let path = d.path().join("nested/deeper/settings.toml");
        let settings = full();
        settings.save(&path).unwrap();
        let loaded = Settings::load(&path);
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        assert_eq!(loaded.settings, settings);
        // Saving again over an existing file works too.
        loaded.settings.save(&path).unwrap();
        assert_eq!(Settings::load(&path).settings, settings);
    }

    #[test]
    fn atomic_save_leaves_only_the_file() {
        let d = dir();
        let path = d.path().join("settings.toml");
        for _ in 0..3 {
            full().save(&path).unwrap();
        }
        assert_eq!(entries(d.path()), vec!["settings.toml"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "settings readable by others: {mode:o}");
        }
    }

    #[test]
    fn a_failed_save_leaves_no_temporary_file_and_keeps_the_old_one() {
        let d = dir();
        let path = d.path().join("settings.toml");
        full().save(&path).unwrap();
        // A directory where the file should be: the rename must fail.
        let blocked = d.path().join("blocked.toml");
        fs::create_dir(&blocked).unwrap();
        fs::write(blocked.join("keep"), "x").unwrap();
        let err = Settings::default().save(&blocked).unwrap_err();
        assert!(
            matches!(
                err,
                SettingsError::Io {
                    step: "replacing the file",
                    ..
                }
            ),
            "{err}"
        );
        assert!(err.to_string().contains("blocked.toml"), "{err}");
        assert_eq!(entries(d.path()), vec!["blocked.toml", "settings.toml"]);
        assert_eq!(Settings::load(&path).settings, full());
    }

    #[test]
    fn corrupt_file_is_kept_and_reported() {
        let d = dir();
        let path = d.path().join("settings.toml");
        let garbage = "theme = \"dark\"\nrecent_servers = [ { address = \"x\" \n";
        fs::write(&path, garbage).unwrap();
        let loaded = Settings::load(&path);
        assert_eq!(loaded.settings, Settings::default());
        let all = loaded.warnings.join("\n");
        assert!(all.contains("not valid TOML at line 2"), "{all}");
        assert!(all.contains("kept as"), "{all}");
        let names = entries(d.path());
        assert_eq!(names.len(), 1, "{names:?}");
        assert!(names[0].starts_with("settings.toml.bad-"), "{names:?}");
        assert_eq!(
            fs::read_to_string(d.path().join(&names[0])).unwrap(),
            garbage
        );

        // A second bad file in the same second gets its own name.
        fs::write(&path, [0xff, 0xfe, 0x00]).unwrap();
        let loaded = Settings::load(&path);
        assert!(
            loaded.warnings[0].contains("not UTF-8"),
            "{:?}",
            loaded.warnings
        );
        assert_eq!(entries(d.path()).len(), 2);
        assert!(!path.exists());
    }

    #[test]
    fn one_bad_value_costs_only_that_value() {
        let d = dir();
        let path = d.path().join("settings.toml");
        fs::write(
            &path,
            r#"
theme = 5
language = "de"
[[recent_servers]]
address = "good.example"
user = "a"
[[recent_servers]]
address = "bad.example"
api_port = 70000
[vserver_mapping]
ok = 12
bad = "twelve"
"#,
        )
        .unwrap();
        let loaded = Settings::load(&path);
        let s = &loaded.settings;
        assert_eq!(s.theme, ThemeChoice::System);
        assert_eq!(s.language.as_deref(), Some("de"));
        assert_eq!(s.recent_servers.len(), 1);
        assert_eq!(s.recent_servers[0].address, "good.example");
        assert_eq!(s.recent_servers[0].api_port, DEFAULT_API_PORT);
        assert_eq!(s.vserver_mapping, BTreeMap::from([("ok".to_string(), 12)]));
        let all = loaded.warnings.join("\n");
        assert!(all.contains("`theme`"), "{all}");
        assert!(all.contains("recent server #2"), "{all}");
        assert!(all.contains("\"bad\""), "{all}");
        assert!(all.contains("kept as"), "{all}");
        assert!(
            entries(d.path())
                .iter()
                .any(|n| n.starts_with("settings.toml.bad-"))
        );
    }

    #[test]
    fn unreadable_file_gives_defaults_and_is_kept() {
        let d = dir();
        let path = d.path().join("settings.toml");
        fs::create_dir(&path).unwrap();
        let loaded = Settings::load(&path);
        assert_eq!(loaded.settings, Settings::default());
        assert!(
            loaded.warnings[0].contains("could not read"),
            "{:?}",
            loaded.warnings
        );
        assert!(!path.exists());
        assert!(entries(d.path())[0].starts_with("settings.toml.bad-"));
    }

    #[test]
    fn unknown_fields_are_ignored_and_not_written_back() {
        let d = dir();
        let path = d.path().join("settings.toml");
        fs::write(
            &path,
            r#"
future_option = true
password = "should-never-be-here"
theme = "light"
[autotask]
user_name = "api"
secret = "nope"
[[recent_servers]]
address = "h"
colour = "blue"
"#,
        )
        .unwrap();
        let loaded = Settings::load(&path);
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        assert_eq!(loaded.settings.theme, ThemeChoice::Light);
        assert_eq!(loaded.settings.autotask.user_name.as_deref(), Some("api"));
        assert_eq!(loaded.settings.recent_servers[0].address, "h");
        loaded.settings.save(&path).unwrap();
        let text = fs::read_to_string(&path).unwrap();
        assert!(
            !text.contains("should-never-be-here") && !text.contains("nope"),
            "{text}"
        );
        assert!(!text.contains("future_option"), "{text}");
    }

    #[test]
    fn sanitising_repairs_hand_edits() {
        let d = dir();
        let path = d.path().join("settings.toml");
        let mut text = String::from(
            "language = \"  \"\nusb_scan_roots = [\"/a\", \"\", \"/a\", \"/b\"]\n\
             [proxy]\naddress = \"p\"\nport = 0\n\
             [autotask]\nzone_url = \"http://insecure.example\"\n\
             [vserver_mapping]\nneg = -4\n",
        );
        text.push_str("[[recent_servers]]\naddress = \"  \"\n");
        text.push_str(
            "[[recent_servers]]\naddress = \"Dup.Example\"\nuser = \"u\"\napi_port = 0\n",
        );
        text.push_str("[[recent_servers]]\naddress = \"dup.example\"\nuser = \"u\"\n");
        text.push_str("[[recent_servers]]\naddress = \"pin.example\"\npinned_sha256 = \"zz\"\n");
        text.push_str(&format!(
            "[[recent_servers]]\naddress = \"pin2.example\"\npinned_sha256 = \"{}\"\n",
            PIN_B
                .to_uppercase()
                .as_bytes()
                .chunks(2)
                .map(|c| std::str::from_utf8(c).unwrap())
                .collect::<Vec<_>>()
                .join(":")
        ));
        for i in 0..30 {
            text.push_str(&format!("[[recent_servers]]\naddress = \"h{i}\"\n"));
        }
        fs::write(&path, text).unwrap();
        let loaded = Settings::load(&path);
        let s = &loaded.settings;
        assert_eq!(s.language, None);
        assert_eq!(
            s.usb_scan_roots,
            vec![PathBuf::from("/a"), PathBuf::from("/b")]
        );
        assert_eq!(s.proxy, None);
        assert_eq!(s.autotask.zone_url, None);
        assert!(s.vserver_mapping.is_empty());
        assert_eq!(s.recent_servers.len(), MAX_RECENT_SERVERS);
        assert_eq!(s.recent_servers[0].address, "Dup.Example");
        assert_eq!(s.recent_servers[0].api_port, DEFAULT_API_PORT);
        assert_eq!(s.recent_servers[1].address, "pin.example");
        assert_eq!(s.recent_servers[1].pinned_sha256, None);
        assert_eq!(s.recent_servers[2].pinned_sha256.as_deref(), Some(PIN_B));
        assert_eq!(s.recent_servers[3].address, "h0");
        let all = loaded.warnings.join("\n");
        for expected in [
            "port 0",
            "fingerprint",
            "proxy",
            "https",
            "without an address",
            "negative",
        ] {
            assert!(all.contains(expected), "no warning about {expected}: {all}");
        }
        // Sanitising is not corruption: the file stays where it is.
        assert_eq!(entries(d.path()), vec!["settings.toml"]);
    }

    #[test]
    fn remember_server_puts_it_first_and_dedupes() {
        let mut s = Settings::default();
        for i in 0..25 {
            s.remember_server(RecentServer {
                address: format!("h{i}"),
                user: "u".to_string(),
                ..RecentServer::default()
            });
        }
        assert_eq!(s.recent_servers.len(), MAX_RECENT_SERVERS);
        assert_eq!(s.recent_servers[0].address, "h24");
        assert!(s.recent_servers[0].last_used.is_some());

        s.remember_server(RecentServer {
            address: " H10 ".to_string(),
            user: "u".to_string(),
            remember_password: true,
            ..RecentServer::default()
        });
        assert_eq!(s.recent_servers.len(), MAX_RECENT_SERVERS);
        assert_eq!(s.recent_servers[0].address, "H10");
        assert!(s.recent_servers[0].remember_password);
        assert_eq!(
            s.recent_servers
                .iter()
                .filter(|r| r.is_server("h10", DEFAULT_API_PORT))
                .count(),
            1
        );
        // Another user or port of the same host is a different entry.
        s.remember_server(RecentServer {
            address: "h10".to_string(),
            user: "other".to_string(),
            ..RecentServer::default()
        });
        s.remember_server(RecentServer {
            address: "h10".to_string(),
            api_port: 13291,
            user: "u".to_string(),
            ..RecentServer::default()
        });
        assert_eq!(
            s.recent_servers
                .iter()
                .filter(|r| r.address.eq_ignore_ascii_case("h10"))
                .count(),
            3
        );
    }

    #[test]
    fn pins_follow_the_server() {
        let mut s = Settings::default();
        assert_eq!(s.pin_for("ksc", 13299), None);
        // Pinned before the first successful login: a placeholder holds the pin.
        s.set_pin("ksc", 13299, &PIN_A.to_uppercase()).unwrap();
        assert_eq!(s.pin_for("KSC", 13299), Some(PIN_A));
        assert_eq!(s.pin_for("ksc", 13291), None);
        s.remember_server(RecentServer {
            address: "ksc".to_string(),
            user: "admin".to_string(),
            ..RecentServer::default()
        });
        assert_eq!(
            s.recent_servers.len(),
            1,
            "the placeholder was not replaced"
        );
        assert_eq!(s.recent_servers[0].pinned_sha256.as_deref(), Some(PIN_A));
        s.remember_server(RecentServer {
            address: "ksc".to_string(),
            user: "second".to_string(),
            ..RecentServer::default()
        });
        // A new certificate is pinned for every user of that server.
        s.set_pin("ksc", 13299, PIN_B).unwrap();
        assert!(
            s.recent_servers
                .iter()
                .all(|r| r.pinned_sha256.as_deref() == Some(PIN_B))
        );
        assert_eq!(s.recent_servers.len(), 2);
        let err = s.set_pin("ksc", 13299, "abc").unwrap_err();
        assert!(matches!(err, SettingsError::InvalidPin { .. }));
        assert_eq!(s.pin_for("ksc", 13299), Some(PIN_B));
    }

    #[test]
    fn the_pinned_certificate_is_kept_with_its_pin_only() {
        let cert_a = b"certificate A (DER)".to_vec();
        let cert_b = b"certificate B (DER)".to_vec();
        let pin_of = |der: &[u8]| hex::encode(crate::tls::Pin::of_der(der).as_bytes());
        let mut s = Settings::default();
        s.pin_certificate("ksc", 13299, &cert_a);
        assert_eq!(s.pin_for("ksc", 13299), Some(pin_of(&cert_a).as_str()));
        assert_eq!(s.pinned_certificate_for("KSC", 13299), Some(cert_a.clone()));
        // A login remembers the server: the certificate stays with the pin.
        s.remember_server(RecentServer {
            address: "ksc".to_string(),
            user: "admin".to_string(),
            pinned_sha256: Some(pin_of(&cert_a)),
            ..RecentServer::default()
        });
        assert_eq!(s.recent_servers.len(), 1);
        assert_eq!(
            s.recent_servers[0].pinned_certificate_der(),
            Some(cert_a.clone())
        );
        // Saved and loaded again.
        let d = dir();
        let path = d.path().join(SETTINGS_FILE);
        s.save(&path).unwrap();
        let loaded = Settings::load(&path);
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        assert_eq!(
            loaded.settings.pinned_certificate_for("ksc", 13299),
            Some(cert_a.clone())
        );
        // Another pin without its certificate drops the old certificate: it would describe
        // another one.
        s.set_pin("ksc", 13299, &pin_of(&cert_b)).unwrap();
        assert_eq!(s.pinned_certificate_for("ksc", 13299), None);
        assert!(
            s.recent_servers
                .iter()
                .all(|r| r.pinned_certificate.is_none())
        );
        s.pin_certificate("ksc", 13299, &cert_b);
        assert_eq!(s.pinned_certificate_for("ksc", 13299), Some(cert_b.clone()));
        // Re-pinning the same fingerprint by hex keeps its certificate.
        s.set_pin("ksc", 13299, &pin_of(&cert_b).to_uppercase())
            .unwrap();
        assert_eq!(s.pinned_certificate_for("ksc", 13299), Some(cert_b.clone()));
        // A certificate that is not the pinned one (a hand edit) is dropped on load.
        s.recent_servers[0].pinned_certificate = Some(encode_certificate(&cert_a));
        s.save(&path).unwrap();
        let loaded = Settings::load(&path);
        assert_eq!(loaded.settings.recent_servers[0].pinned_certificate, None);
        assert_eq!(
            loaded.settings.pin_for("ksc", 13299),
            Some(pin_of(&cert_b).as_str())
        );
    }

    #[test]
    fn serialized_settings_hold_no_secret_like_field() {
        let text = toml::to_string_pretty(&full()).unwrap();
        let table: toml::Table = text.parse().unwrap();
        let mut keys = Vec::new();
        collect_keys(&toml::Value::Table(table), &mut keys);
        assert!(keys.len() > 15, "{keys:?}");
        for key in keys {
            let k = key.to_ascii_lowercase();
            if k == "remember_password" {
                continue;
            }
            for word in [
                "pass",
                "secret",
                "token",
                "code",
                "key",
                "credential",
                "pwd",
            ] {
                assert!(
                    !k.contains(word),
                    "field {key:?} looks like it holds a secret"
                );
            }
        }
        assert!(text.contains("remember_password = true"), "{text}");
    }

    fn collect_keys(value: &toml::Value, keys: &mut Vec<String>) {
        match value {
            toml::Value::Table(t) => {
                for (k, v) in t {
                    if k != "a1b2c3" && k != "vs-with space" {
                        keys.push(k.clone());
                    }
                    collect_keys(v, keys);
                }
            }
            toml::Value::Array(items) => items.iter().for_each(|v| collect_keys(v, keys)),
            _ => {}
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_new_settings_folder_and_file_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let d = dir();
        let path = d.path().join("new/ksc-link/settings.toml");
        full().save(&path).unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&d.path().join("new")), 0o700);
        assert_eq!(mode(&d.path().join("new/ksc-link")), 0o700);
        assert_eq!(mode(&path), 0o600);
    }

    #[test]
    fn config_dir_prefers_the_environment() {
        assert_eq!(
            config_dir_from(Some(OsString::from("/tmp/ksc-cfg"))).unwrap(),
            PathBuf::from("/tmp/ksc-cfg")
        );
        let platform = config_dir_from(None);
        let empty = config_dir_from(Some(OsString::new()));
        if let (Ok(platform), Ok(empty)) = (platform, empty) {
            assert!(platform.ends_with("ksc-link"), "{}", platform.display());
            assert_eq!(platform, empty);
        }
        let explicit = Path::new("/x/y.toml");
        assert_eq!(settings_path(Some(explicit)).unwrap(), explicit);
    }

    #[test]
    fn save_rejects_a_path_without_a_file_name() {
        let err = Settings::default().save(Path::new("/")).unwrap_err();
        assert!(matches!(err, SettingsError::NotAFile { .. }), "{err}");
    }
}
