//! The plan file: everything "add secondary" asks, in a versioned TOML file that the wizard saves
//! ("Save as plan file…" on its summary) and the command line runs (`ksc-link add-secondary
//! --plan`). It holds no secret: each password says where it comes from (the OS keyring, an
//! environment variable, or standard input). A commented example is `assets/plan-example.toml`.
//!
//! Every problem is reported with the line and the key it is on, all at once, so a file with
//! three mistakes is fixed in one go.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::Deserialize;
use toml::Spanned;

use super::validate::{self, Field, FieldError};
use crate::secrets::SecretKey;
use crate::tls::Pin;
use crate::wire::{DEFAULT_API_PORT, DEFAULT_SSL_PORT};

/// The `format` line of a plan file.
pub const FORMAT: &str = "ksc-link-plan";
/// The version this build writes and reads.
pub const VERSION: i64 = 1;
/// The largest plan file read: a plan is a few hundred bytes.
const MAX_BYTES: u64 = 1024 * 1024;

/// Where a password comes from. Never the file itself, never the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecretSource {
    /// The OS keyring, under the key the app itself uses for that server and user.
    Keyring,
    /// An environment variable, by name.
    Env(String),
    /// A line read from standard input (a prompt without echo on a terminal).
    Stdin,
}

impl FromStr for SecretSource {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim() {
            "keyring" => Ok(Self::Keyring),
            "stdin" => Ok(Self::Stdin),
            other => match other.strip_prefix("env:") {
                Some(name)
                    if !name.is_empty()
                        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') =>
                {
                    Ok(Self::Env(name.to_string()))
                }
                _ => Err(crate::fl!("plan-secret-source")),
            },
        }
    }
}

impl std::fmt::Display for SecretSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Keyring => f.write_str("keyring"),
            Self::Env(name) => write!(f, "env:{name}"),
            Self::Stdin => f.write_str("stdin"),
        }
    }
}

/// A user on a server and where the password comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    /// User name.
    pub user: String,
    /// An internal KSC user (not a domain or OS account).
    pub internal: bool,
    /// Windows domain of a domain account (may be empty).
    pub domain: String,
    /// Where the password comes from.
    pub password: SecretSource,
}

/// Where the secondary's certificate comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CertificateChoice {
    /// Presented by the secondary on its SSL port, as the wizard's "Get from secondary".
    Fetch,
    /// A `klserver.cer` file (a relative path is relative to the plan file).
    File(PathBuf),
}

/// The proxy the secondary uses to reach the primary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProxyRef {
    /// Host.
    pub address: String,
    /// Port.
    pub port: u16,
    /// User (empty: none).
    pub user: String,
    /// Where its password comes from (when there is a user).
    pub password: SecretSource,
}

/// How the app is connected to the primary, as a plan file names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrimaryConnection {
    /// Address.
    pub address: String,
    /// Open API port.
    pub api_port: u16,
    /// The pinned certificate.
    pub pin: Pin,
    /// User.
    pub user: String,
    /// An internal KSC user.
    pub internal: bool,
    /// Windows domain.
    pub domain: String,
}

/// A plan, read and checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanFile {
    /// The future primary's address, as the app connects to it.
    pub primary_address: String,
    /// Its Open API port.
    pub primary_api_port: u16,
    /// Its certificate's fingerprint, as pinned.
    pub primary_pin: Pin,
    /// The user on the primary.
    pub primary_account: Account,
    /// The administration group: the names below the root group, outermost first (empty: the
    /// root group itself).
    pub group: Vec<String>,
    /// The secondary's display name.
    pub display_name: String,
    /// The secondary's address (may be empty only when registering on the primary only).
    pub secondary_address: String,
    /// Its SSL port.
    pub secondary_ssl_port: u16,
    /// Its Open API port.
    pub secondary_api_port: u16,
    /// DMZ mode: the primary dials the secondary.
    pub dmz: bool,
    /// Where its certificate comes from.
    pub certificate: CertificateChoice,
    /// The fingerprint its administrator confirmed; the certificate must have it.
    pub certificate_pin: Pin,
    /// The user on the secondary (not needed when registering on the primary only).
    pub secondary_account: Option<Account>,
    /// Register on the primary only.
    pub register_only: bool,
    /// The primary's address as the secondary dials it.
    pub primary_address_for_secondary: String,
    /// The primary's SSL port as the secondary dials it.
    pub primary_ssl_port: u16,
    /// The proxy, if any.
    pub proxy: Option<ProxyRef>,
}

/// One problem of a plan file: where it is and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanProblem {
    /// 1-based line (0 when the whole file is concerned).
    pub line: usize,
    /// The key, as `table.key`.
    pub key: String,
    /// What is wrong.
    pub message: String,
}

/// Why a plan file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum PlanFileError {
    /// It could not be read.
    #[error("{}", crate::fl!("plan-unreadable", path = path.display().to_string(), error = error.clone()))]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// Why.
        error: String,
    },
    /// It has problems, every one listed.
    #[error("{}", problems.iter().map(|p| p.located(path)).collect::<Vec<_>>().join("\n"))]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Every problem found.
        problems: Vec<PlanProblem>,
    },
}

impl PlanProblem {
    /// `file:line: key: message`, as compilers and editors point at a place.
    pub fn located(&self, path: &Path) -> String {
        if self.line == 0 {
            format!("{}: {}", path.display(), self.message)
        } else {
            format!(
                "{}:{}: {}: {}",
                path.display(),
                self.line,
                self.key,
                self.message
            )
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    format: Spanned<String>,
    version: Spanned<i64>,
    primary: Spanned<RawPrimary>,
    secondary: Spanned<RawSecondary>,
    connection: Spanned<RawConnection>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrimary {
    address: Spanned<String>,
    api_port: Option<Spanned<i64>>,
    certificate_sha256: Spanned<String>,
    user: Option<Spanned<String>>,
    internal: Option<bool>,
    domain: Option<String>,
    password: Option<Spanned<String>>,
}

/// The account keys of a `[primary]` or `[secondary]` table.
struct RawAccount<'a> {
    user: &'a Option<Spanned<String>>,
    internal: Option<bool>,
    domain: &'a Option<String>,
    password: &'a Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSecondary {
    group: Spanned<String>,
    display_name: Spanned<String>,
    address: Option<Spanned<String>>,
    ssl_port: Option<Spanned<i64>>,
    api_port: Option<Spanned<i64>>,
    dmz: Option<bool>,
    certificate: Spanned<String>,
    certificate_sha256: Spanned<String>,
    register_only: Option<bool>,
    user: Option<Spanned<String>>,
    internal: Option<bool>,
    domain: Option<String>,
    password: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConnection {
    primary_address: Spanned<String>,
    primary_ssl_port: Option<Spanned<i64>>,
    proxy: Option<Spanned<RawProxy>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProxy {
    address: Spanned<String>,
    port: Option<Spanned<i64>>,
    user: Option<String>,
    password: Option<Spanned<String>>,
}

/// Gathers the problems of one file, each at its line.
struct Check<'a> {
    text: &'a str,
    problems: Vec<PlanProblem>,
}

impl Check<'_> {
    fn line_of(&self, at: usize) -> usize {
        self.text
            .get(..at)
            .map_or(0, |t| t.matches('\n').count() + 1)
    }

    fn problem(&mut self, span: std::ops::Range<usize>, key: &str, message: String) {
        let line = self.line_of(span.start);
        self.problems.push(PlanProblem {
            line,
            key: key.to_string(),
            message,
        });
    }

    fn field<T>(
        &mut self,
        span: std::ops::Range<usize>,
        key: &str,
        r: Result<T, FieldError>,
    ) -> Option<T> {
        r.map_err(|e| self.problem(span, key, e.to_string())).ok()
    }

    fn port(&mut self, value: Option<&Spanned<i64>>, key: &str, default: u16) -> Option<u16> {
        let Some(v) = value else {
            return Some(default);
        };
        // The form's own rule for a port, on the number as written.
        let field = if key.ends_with("api_port") {
            Field::ApiPort
        } else if key.starts_with("connection.proxy") {
            Field::ProxyPort
        } else {
            Field::SslPort
        };
        self.field(
            v.span(),
            key,
            validate::port(field, &v.get_ref().to_string()),
        )
    }

    fn pin(&mut self, value: &Spanned<String>, key: &str) -> Option<Pin> {
        Pin::from_hex(value.get_ref())
            .map_err(|e| self.problem(value.span(), key, e.to_string()))
            .ok()
    }

    fn secret(&mut self, value: Option<&Spanned<String>>, key: &str) -> Option<SecretSource> {
        match value {
            None => Some(SecretSource::Keyring),
            Some(v) => v
                .get_ref()
                .parse()
                .map_err(|e| self.problem(v.span(), key, e))
                .ok(),
        }
    }

    fn account(
        &mut self,
        raw: &RawAccount<'_>,
        table: &str,
        whole: std::ops::Range<usize>,
    ) -> Option<Account> {
        let key = format!("{table}.user");
        let user = match raw.user {
            Some(u) => self.field(u.span(), &key, validate::user(Field::User, u.get_ref())),
            None => {
                self.problem(whole, &key, crate::fl!("plan-missing-key"));
                None
            }
        };
        let password = self.secret(raw.password.as_ref(), &format!("{table}.password"));
        Some(Account {
            user: user?,
            internal: raw.internal.unwrap_or(true),
            domain: raw.domain.clone().unwrap_or_default().trim().to_string(),
            password: password?,
        })
    }
}

/// A group path: `/Servers/Secondary servers` from the root, whose own name has no place on the
/// wire (the consoles call it "Managed devices", in their language). A path that starts with
/// that name, in English or the current language, means the same.
pub fn group_path(text: &str) -> Vec<String> {
    let mut names: Vec<String> = text
        .split('/')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect();
    let root_named = names.first().is_some_and(|first| {
        ["Managed devices".to_string(), crate::fl!("group-root-name")]
            .iter()
            .any(|root| root.to_lowercase() == first.to_lowercase())
    });
    if !text.trim_start().starts_with('/') && root_named {
        names.remove(0);
    }
    names
}

impl PlanFile {
    /// Reads a plan file's text; every problem is reported, each with its line and key.
    pub fn parse(text: &str) -> Result<Self, Vec<PlanProblem>> {
        let raw: RawFile = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(e) => {
                let line = e.span().map_or(0, |s| {
                    text.get(..s.start)
                        .map_or(0, |t| t.matches('\n').count() + 1)
                });
                return Err(vec![PlanProblem {
                    line,
                    key: String::new(),
                    message: e.message().to_string(),
                }]);
            }
        };
        let mut c = Check {
            text,
            problems: Vec::new(),
        };
        if raw.format.get_ref() != FORMAT {
            c.problem(
                raw.format.span(),
                "format",
                crate::fl!("plan-not-a-plan", expected = FORMAT),
            );
        }
        if *raw.version.get_ref() != VERSION {
            c.problem(
                raw.version.span(),
                "version",
                crate::fl!(
                    "plan-version",
                    found = raw.version.get_ref().to_string(),
                    supported = VERSION.to_string()
                ),
            );
        }
        let p = raw.primary.get_ref();
        let primary_address = c.field(
            p.address.span(),
            "primary.address",
            validate::host(Field::PrimaryAddress, p.address.get_ref()),
        );
        let primary_api_port = c.port(p.api_port.as_ref(), "primary.api_port", DEFAULT_API_PORT);
        let primary_pin = c.pin(&p.certificate_sha256, "primary.certificate_sha256");
        let primary_account = c.account(
            &RawAccount {
                user: &p.user,
                internal: p.internal,
                domain: &p.domain,
                password: &p.password,
            },
            "primary",
            raw.primary.span(),
        );

        let s = raw.secondary.get_ref();
        let register_only = s.register_only.unwrap_or(false);
        let dmz = s.dmz.unwrap_or(false);
        let group = group_path(s.group.get_ref());
        if s.group.get_ref().trim().is_empty() {
            c.problem(
                s.group.span(),
                "secondary.group",
                crate::fl!("plan-group-empty"),
            );
        }
        let display_name = c.field(
            s.display_name.span(),
            "secondary.display_name",
            validate::display_name(s.display_name.get_ref()),
        );
        let secondary_address = match &s.address {
            Some(a) => c
                .field(
                    a.span(),
                    "secondary.address",
                    validate::optional_host(Field::SecondaryAddress, a.get_ref()),
                )
                .map(Option::unwrap_or_default),
            None => Some(String::new()),
        };
        if secondary_address.as_deref() == Some("") && (dmz || !register_only) {
            c.problem(
                s.address
                    .as_ref()
                    .map_or(raw.secondary.span(), Spanned::span),
                "secondary.address",
                if dmz {
                    crate::fl!("plan-address-dmz")
                } else {
                    crate::fl!("plan-address-login")
                },
            );
        }
        let secondary_ssl_port =
            c.port(s.ssl_port.as_ref(), "secondary.ssl_port", DEFAULT_SSL_PORT);
        let secondary_api_port =
            c.port(s.api_port.as_ref(), "secondary.api_port", DEFAULT_API_PORT);
        let certificate = match s.certificate.get_ref().trim() {
            "fetch" => CertificateChoice::Fetch,
            "" => {
                c.problem(
                    s.certificate.span(),
                    "secondary.certificate",
                    crate::fl!("plan-certificate-choice"),
                );
                CertificateChoice::Fetch
            }
            path => CertificateChoice::File(PathBuf::from(path)),
        };
        let certificate_pin = c.pin(&s.certificate_sha256, "secondary.certificate_sha256");
        let secondary_account = if register_only && s.user.is_none() {
            None
        } else {
            c.account(
                &RawAccount {
                    user: &s.user,
                    internal: s.internal,
                    domain: &s.domain,
                    password: &s.password,
                },
                "secondary",
                raw.secondary.span(),
            )
        };

        let n = raw.connection.get_ref();
        let primary_address_for_secondary = c.field(
            n.primary_address.span(),
            "connection.primary_address",
            validate::host(Field::PrimaryAddress, n.primary_address.get_ref()),
        );
        let primary_ssl_port = c.port(
            n.primary_ssl_port.as_ref(),
            "connection.primary_ssl_port",
            DEFAULT_SSL_PORT,
        );
        let proxy = match &n.proxy {
            None => Some(None),
            Some(p) => {
                let r = p.get_ref();
                let address = c.field(
                    r.address.span(),
                    "connection.proxy.address",
                    validate::host(Field::ProxyAddress, r.address.get_ref()),
                );
                let port = c.port(
                    r.port.as_ref(),
                    "connection.proxy.port",
                    crate::settings::DEFAULT_PROXY_PORT,
                );
                let password = c.secret(r.password.as_ref(), "connection.proxy.password");
                match (address, port, password) {
                    (Some(address), Some(port), Some(password)) => Some(Some(ProxyRef {
                        address,
                        port,
                        user: r.user.clone().unwrap_or_default().trim().to_string(),
                        password,
                    })),
                    _ => None,
                }
            }
        };

        if !c.problems.is_empty() {
            return Err(c.problems);
        }
        let built = (|| {
            Some(PlanFile {
                primary_address: primary_address?,
                primary_api_port: primary_api_port?,
                primary_pin: primary_pin?,
                primary_account: primary_account?,
                group,
                display_name: display_name?,
                secondary_address: secondary_address?,
                secondary_ssl_port: secondary_ssl_port?,
                secondary_api_port: secondary_api_port?,
                dmz,
                certificate,
                certificate_pin: certificate_pin?,
                secondary_account,
                register_only,
                primary_address_for_secondary: primary_address_for_secondary?,
                primary_ssl_port: primary_ssl_port?,
                proxy: proxy?,
            })
        })();
        built.ok_or_else(|| {
            vec![PlanProblem {
                line: 0,
                key: String::new(),
                message: crate::fl!("plan-incomplete"),
            }]
        })
    }

    /// The plan `base` (a plan file's text, which may leave out what every office sets) with
    /// `overrides` applied, each `table.key` = value as typed in a CSV cell: a port or a version
    /// is read as a number, a flag as true/false (yes/no, 1/0), anything else as text. A problem
    /// of an overridden key has line 0: the caller knows the row.
    pub fn with_overrides(
        base: &str,
        overrides: &[(String, String)],
    ) -> Result<Self, Vec<PlanProblem>> {
        let whole = |message: String| {
            vec![PlanProblem {
                line: 0,
                key: String::new(),
                message,
            }]
        };
        let mut table: toml::Table = toml::from_str(base).map_err(|e| {
            vec![PlanProblem {
                line: e.span().map_or(0, |s| {
                    base.get(..s.start)
                        .map_or(0, |t| t.matches('\n').count() + 1)
                }),
                key: String::new(),
                message: e.message().to_string(),
            }]
        })?;
        for (key, value) in overrides {
            let parts: Vec<&str> = key.split('.').map(str::trim).collect();
            let Some((last, tables)) = parts.split_last() else {
                continue;
            };
            let mut at = &mut table;
            for name in tables {
                let entry = at
                    .entry(name.to_string())
                    .or_insert_with(|| toml::Value::Table(toml::Table::new()));
                let Some(t) = entry.as_table_mut() else {
                    return Err(vec![PlanProblem {
                        line: 0,
                        key: key.clone(),
                        message: crate::fl!("plan-override-not-a-table"),
                    }]);
                };
                at = t;
            }
            let v = value.trim();
            let typed = if last.ends_with("port") || *last == "version" {
                v.parse::<i64>()
                    .map_or_else(|_| toml::Value::String(v.to_string()), toml::Value::Integer)
            } else if ["dmz", "register_only", "internal"].contains(last) {
                match v.to_ascii_lowercase().as_str() {
                    "true" | "yes" | "1" => toml::Value::Boolean(true),
                    "false" | "no" | "0" => toml::Value::Boolean(false),
                    _ => toml::Value::String(v.to_string()),
                }
            } else {
                toml::Value::String(v.to_string())
            };
            at.insert(last.to_string(), typed);
        }
        let text = toml::to_string(&table).map_err(|e| whole(e.to_string()))?;
        Self::parse(&text).map_err(|problems| {
            problems
                .into_iter()
                .map(|p| PlanProblem { line: 0, ..p })
                .collect()
        })
    }

    /// Makes a relative certificate path relative to `dir`.
    pub fn resolve_relative(&mut self, dir: &Path) {
        if let CertificateChoice::File(p) = &self.certificate
            && p.is_relative()
        {
            self.certificate = CertificateChoice::File(dir.join(p));
        }
    }

    /// Reads and checks the plan file at `path`; a relative certificate path is made relative
    /// to the plan file's folder.
    pub fn read(path: &Path) -> Result<Self, PlanFileError> {
        use std::io::Read;
        let unreadable = |error: String| PlanFileError::Unreadable {
            path: path.to_path_buf(),
            error,
        };
        let file = std::fs::File::open(path).map_err(|e| unreadable(e.to_string()))?;
        let mut bytes = Vec::new();
        file.take(MAX_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| unreadable(e.to_string()))?;
        if bytes.len() as u64 > MAX_BYTES {
            return Err(unreadable(crate::fl!("plan-too-large")));
        }
        let text = String::from_utf8(bytes).map_err(|e| {
            unreadable(crate::fl!(
                "plan-not-text",
                offset = e.utf8_error().valid_up_to()
            ))
        })?;
        let mut plan = Self::parse(text.trim_start_matches('\u{feff}')).map_err(|problems| {
            PlanFileError::Invalid {
                path: path.to_path_buf(),
                problems,
            }
        })?;
        if let CertificateChoice::File(p) = &plan.certificate
            && p.is_relative()
            && let Some(dir) = path.parent()
        {
            plan.certificate = CertificateChoice::File(dir.join(p));
        }
        Ok(plan)
    }

    /// The keyring key of the primary user's password.
    pub fn primary_secret_key(&self) -> SecretKey {
        SecretKey::ksc_user(
            &self.primary_address,
            self.primary_api_port,
            &self.primary_account.user,
        )
    }

    /// The keyring key of the secondary user's password.
    pub fn secondary_secret_key(&self) -> Option<SecretKey> {
        self.secondary_account
            .as_ref()
            .map(|a| SecretKey::ksc_user(&self.secondary_address, self.secondary_api_port, &a.user))
    }

    /// The file's text: commented, every key written, secrets only by their source.
    pub fn to_text(&self) -> String {
        let q = |s: &str| toml::Value::String(s.to_string()).to_string();
        let account = |a: &Account| {
            format!(
                "user = {}\ninternal = {}\ndomain = {}\npassword = {}\n",
                q(&a.user),
                a.internal,
                q(&a.domain),
                q(&a.password.to_string())
            )
        };
        let mut out = String::new();
        out.push_str(&format!(
            "# {}\n# {}\nformat = {}\nversion = {VERSION}\n\n",
            crate::fl!("plan-file-header"),
            crate::fl!("plan-file-secrets"),
            q(FORMAT)
        ));
        out.push_str(&format!(
            "[primary]\naddress = {}\napi_port = {}\ncertificate_sha256 = {}\n{}\n",
            q(&self.primary_address),
            self.primary_api_port,
            q(&self.primary_pin.colon_hex()),
            account(&self.primary_account)
        ));
        let certificate = match &self.certificate {
            CertificateChoice::Fetch => "fetch".to_string(),
            CertificateChoice::File(p) => p.display().to_string(),
        };
        out.push_str(&format!(
            "[secondary]\ngroup = {}\ndisplay_name = {}\naddress = {}\nssl_port = {}\napi_port = {}\ndmz = {}\ncertificate = {}\ncertificate_sha256 = {}\nregister_only = {}\n",
            q(&format!("/{}", self.group.join("/"))),
            q(&self.display_name),
            q(&self.secondary_address),
            self.secondary_ssl_port,
            self.secondary_api_port,
            self.dmz,
            q(&certificate),
            q(&self.certificate_pin.colon_hex()),
            self.register_only,
        ));
        if let Some(a) = &self.secondary_account {
            out.push_str(&account(a));
        }
        out.push_str(&format!(
            "\n[connection]\nprimary_address = {}\nprimary_ssl_port = {}\n",
            q(&self.primary_address_for_secondary),
            self.primary_ssl_port
        ));
        if let Some(p) = &self.proxy {
            out.push_str(&format!(
                "\n[connection.proxy]\naddress = {}\nport = {}\nuser = {}\npassword = {}\n",
                q(&p.address),
                p.port,
                q(&p.user),
                q(&p.password.to_string())
            ));
        }
        out
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    const SHA: &str = "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99";

    fn example() -> String {
        std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/plan-example.toml"
        ))
        .unwrap()
    }

    #[test]
    fn the_commented_example_reads_and_writes_back_the_same() {
        let plan = PlanFile::parse(&example()).unwrap_or_else(|p| panic!("{p:?}"));
        assert_eq!(plan.group, ["Servers", "Secondary servers"]);
        assert_eq!(plan.secondary_ssl_port, 13000);
        assert_eq!(
            plan.secondary_account.as_ref().unwrap().password,
            SecretSource::Env("KSC_BERLIN_PASSWORD".into())
        );
        assert_eq!(plan.primary_account.password, SecretSource::Keyring);
        let again = PlanFile::parse(&plan.to_text()).unwrap_or_else(|p| panic!("{p:?}"));
        assert_eq!(again, plan);
    }

    #[test]
    fn every_problem_is_named_with_its_line_and_key() {
        let text = example()
            .replace("display_name = \"Berlin office\"", "display_name = \"\"")
            .replace("\nssl_port = 13000\n", "\nssl_port = 70000\n")
            .replace(
                "password = \"env:KSC_BERLIN_PASSWORD\"",
                "password = \"hunter2\"",
            );
        let problems = PlanFile::parse(&text).unwrap_err();
        let keys: Vec<&str> = problems.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "secondary.display_name",
                "secondary.ssl_port",
                "secondary.password"
            ],
            "{problems:?}"
        );
        for p in &problems {
            let line = text.lines().nth(p.line - 1).unwrap();
            let key = p.key.rsplit('.').next().unwrap();
            assert!(line.starts_with(key), "line {}: {line:?} for {p:?}", p.line);
        }
        // A password typed in the file is refused, and its value is not repeated.
        let secret = problems
            .iter()
            .find(|p| p.key == "secondary.password")
            .unwrap();
        assert!(!secret.message.contains("hunter2"), "{}", secret.message);
    }

    #[test]
    fn unknown_keys_and_other_formats_are_refused() {
        let typo = example().replace("display_name =", "dispaly_name =");
        let problems = PlanFile::parse(&typo).unwrap_err();
        assert!(problems[0].message.contains("dispaly_name"), "{problems:?}");
        assert!(problems[0].line > 0);
        let later = example().replace("version = 1", "version = 2");
        let problems = PlanFile::parse(&later).unwrap_err();
        assert_eq!(problems[0].key, "version");
    }

    #[test]
    fn register_only_needs_no_secondary_account_and_dmz_needs_an_address() {
        let text = format!(
            "format = \"ksc-link-plan\"\nversion = 1\n[primary]\naddress = \"hq\"\ncertificate_sha256 = \"{SHA}\"\nuser = \"admin\"\n[secondary]\ngroup = \"Managed devices\"\ndisplay_name = \"B\"\ncertificate = \"klserver.cer\"\ncertificate_sha256 = \"{SHA}\"\nregister_only = true\n[connection]\nprimary_address = \"hq\"\n"
        );
        let plan = PlanFile::parse(&text).unwrap_or_else(|p| panic!("{p:?}"));
        assert!(plan.secondary_account.is_none());
        assert_eq!(
            plan.certificate,
            CertificateChoice::File("klserver.cer".into())
        );
        assert!(plan.group.is_empty(), "the root group");
        let dmz = text.replace("register_only = true", "register_only = true\ndmz = true");
        let problems = PlanFile::parse(&dmz).unwrap_err();
        assert_eq!(problems[0].key, "secondary.address");
    }
}
