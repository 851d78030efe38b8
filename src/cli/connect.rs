//! Commands against one Administration Server: `connect` (test a connection, show and pin the
//! certificate), `status` (the primary's secondary servers) and `detach` (this server stops
//! being secondary). They share one sign-in: the pin from the option or the settings (as the app
//! pinned it), the password from the keyring, an environment variable or standard input, a
//! two-step code from the option or the terminal.

use std::io::{BufRead, IsTerminal, Write};
use std::time::Duration;

use clap::Args;
use serde_json::json;
use time::OffsetDateTime;

use super::script::{EXIT_BAD_INPUT, EXIT_CONNECTION, EXIT_FAILED, EXIT_OK};
use crate::hierarchy::run_plan::PlanRunError;
use crate::hierarchy::validate::{self, Field};
use crate::kloapi::{ConnectOptions, KscClient, KscError};
use crate::secrets::{Secret, SecretKey};
use crate::settings::{RecentServer, Settings};
use crate::tls::Pin;
use crate::wire::auth::BasicCredentials;

/// How to reach and sign in to one Administration Server.
#[derive(Debug, Args)]
pub struct ServerArgs {
    /// The server's Open API, HOST or HOST:PORT (13299 by default), e.g. ksc-hq.corp.example.
    #[arg(value_name = "HOST[:PORT]")]
    pub server: String,
    /// The user to sign in as, e.g. --user admin.
    #[arg(long)]
    pub user: String,
    /// A domain or OS account rather than an internal KSC user.
    #[arg(long)]
    pub os_account: bool,
    /// The Windows domain of a domain account, e.g. --domain CORP.
    #[arg(long, default_value = "")]
    pub domain: String,
    /// The certificate's SHA-256 fingerprint to trust (AA:BB:… or hex); without it, the one
    /// pinned before (in the app or by `ksc-link connect`).
    #[arg(long, value_name = "HEX")]
    pub pin_sha256: Option<String>,
    /// Read the password from this environment variable instead of the OS keyring, e.g.
    /// --password-env KSC_PASSWORD.
    #[arg(long, value_name = "NAME", conflicts_with = "password_stdin")]
    pub password_env: Option<String>,
    /// Read the password as one line of standard input (asked without echo on a terminal).
    #[arg(long)]
    pub password_stdin: bool,
    /// A two-step verification code, when the account asks for one, e.g. --totp-code 123456.
    #[arg(long, value_name = "CODE", value_parser = super::script::secret_arg)]
    pub totp_code: Option<Secret>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

/// A failure with its exit code.
pub struct Failure {
    code: i32,
    message: String,
}

impl From<PlanRunError> for Failure {
    fn from(e: PlanRunError) -> Self {
        Self::new(e.exit_code(), e.to_string())
    }
}

impl Failure {
    pub fn new(code: i32, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    pub fn from_ksc(e: KscError) -> Self {
        Self::from(PlanRunError::from_ksc(e))
    }

    /// Prints the failure (text or JSON) and gives its exit code.
    pub fn report(self, json_out: bool) -> i32 {
        super::script::report_error(json_out, self.code, &self.message)
    }
}

fn target(args: &ServerArgs) -> Result<(String, u16), Failure> {
    let (host, port) = crate::net::split_host_port(&args.server);
    let host = validate::host(Field::PrimaryAddress, &host)
        .map_err(|e| Failure::new(EXIT_BAD_INPUT, format!("{}: {e}", args.server)))?;
    let port = if port.is_empty() {
        crate::wire::DEFAULT_API_PORT
    } else {
        validate::port(Field::ApiPort, &port)
            .map_err(|e| Failure::new(EXIT_BAD_INPUT, format!("{}: {e}", args.server)))?
    };
    Ok((host, port))
}

fn settings() -> (Settings, Option<std::path::PathBuf>) {
    match crate::settings::settings_path(None) {
        Ok(path) => (Settings::load(&path).settings, Some(path)),
        Err(_) => (Settings::default(), None),
    }
}

fn password(args: &ServerArgs, host: &str, port: u16) -> Result<Secret, Failure> {
    let what = crate::fl!(
        "run-plan-whose-password",
        user = args.user.clone(),
        server = crate::net::host_port(host, port)
    );
    let stdin = || {
        super::script::read_line_from_stdin(&what)
            .map(Secret::new)
            .map_err(|e| Failure::new(EXIT_BAD_INPUT, e))
    };
    if let Some(name) = &args.password_env {
        return super::script::env_secret(name, &what).map_err(|e| Failure::new(EXIT_BAD_INPUT, e));
    }
    if args.password_stdin {
        return stdin();
    }
    let key = SecretKey::ksc_user(host, port, args.user.trim());
    match crate::secrets::load_blocking(&key) {
        Ok(Some(secret)) => Ok(secret),
        Ok(None) if std::io::stdin().is_terminal() => stdin(),
        Ok(None) => Err(Failure::new(
            EXIT_BAD_INPUT,
            crate::fl!(
                "script-keyring-missing",
                what = what.clone(),
                command = format!(
                    "ksc-link secret set --server {} --user {}",
                    crate::net::host_port(host, port),
                    args.user.trim()
                )
            ),
        )),
        Err(e) => Err(Failure::new(EXIT_FAILED, e.to_string())),
    }
}

/// The pin to trust: the option's, else the one pinned before.
fn pin(args: &ServerArgs, settings: &Settings, host: &str, port: u16) -> Result<Pin, Failure> {
    if let Some(hex) = &args.pin_sha256 {
        return Pin::from_hex(hex).map_err(|e| Failure::new(EXIT_BAD_INPUT, e.to_string()));
    }
    settings
        .pin_for(host, port)
        .and_then(|p| Pin::from_hex(p).ok())
        .ok_or_else(|| {
            Failure::new(
                EXIT_BAD_INPUT,
                crate::fl!("cli-not-pinned", server = crate::net::host_port(host, port)),
            )
        })
}

/// Signs in with `pin`; a two-step code comes from the option or the terminal.
async fn sign_in_with(
    args: &ServerArgs,
    host: &str,
    port: u16,
    pin: Pin,
) -> Result<KscClient, Failure> {
    let password = password(args, host, port)?;
    let mut opts = ConnectOptions::new(host, pin);
    opts.port = port;
    let client = KscClient::new(opts).map_err(Failure::from_ksc)?;
    let creds = BasicCredentials {
        user: args.user.trim().to_string(),
        password: password.expose().to_string(),
        domain: args.domain.trim().to_string(),
        internal: !args.os_account,
    };
    let mut asker = super::script::ScriptAsker::new(args.totp_code.clone());
    crate::hierarchy::run_plan::log_in(&client, &creds, &mut asker).await?;
    Ok(client)
}

/// Signs in to a server pinned before (or with `--pin-sha256`).
pub async fn sign_in(args: &ServerArgs) -> Result<KscClient, Failure> {
    let (host, port) = target(args)?;
    let (settings, _) = settings();
    let pin = pin(args, &settings, &host, port)?;
    sign_in_with(args, &host, port, pin).await
}

/// `ksc-link connect`: shows the certificate the server presents, has it confirmed (by
/// `--pin-sha256`, or by typing "yes" on a terminal), signs in, and pins it in the settings as
/// the app does.
pub async fn connect(args: ServerArgs) -> i32 {
    let json_out = args.json;
    match connect_inner(&args).await {
        Ok(()) => EXIT_OK,
        Err(f) => f.report(json_out),
    }
}

async fn connect_inner(args: &ServerArgs) -> Result<(), Failure> {
    let (host, port) = target(args)?;
    let presented =
        crate::tls::fetch_presented_certificate(&host, port, None, Duration::from_secs(10))
            .await
            .map_err(|e| Failure::new(EXIT_CONNECTION, e.to_string()))?;
    let details = crate::cert::parse_certificate(&presented.leaf_der)
        .map_err(|e| Failure::new(EXIT_CONNECTION, e.to_string()))?;
    let now = OffsetDateTime::now_utc();
    if !args.json {
        print!("{}", super::describe_certificate(&details, now));
    }
    let (mut settings, path) = settings();
    let before = settings
        .pin_for(&host, port)
        .and_then(|p| Pin::from_hex(p).ok());
    let presented_pin = details.pin();
    match (&args.pin_sha256, before) {
        (Some(hex), _) => {
            let expected =
                Pin::from_hex(hex).map_err(|e| Failure::new(EXIT_BAD_INPUT, e.to_string()))?;
            if expected != presented_pin {
                return Err(Failure::new(
                    EXIT_CONNECTION,
                    crate::fl!(
                        "cli-connect-mismatch",
                        expected = expected.colon_hex(),
                        presented = presented_pin.colon_hex()
                    ),
                ));
            }
        }
        (None, Some(pinned)) if pinned == presented_pin => {}
        (None, pinned) => {
            if let Some(pinned) = pinned {
                eprintln!(
                    "{}",
                    crate::fl!(
                        "cli-connect-changed",
                        pinned = pinned.colon_hex(),
                        presented = presented_pin.colon_hex()
                    )
                );
            }
            if !std::io::stdin().is_terminal() {
                return Err(Failure::new(
                    EXIT_BAD_INPUT,
                    crate::fl!("cli-connect-confirm-needed"),
                ));
            }
            eprint!("{} ", crate::fl!("cli-connect-confirm"));
            let _ = std::io::stderr().flush();
            let mut line = String::new();
            let _ = std::io::stdin().lock().read_line(&mut line);
            if !line.trim().eq_ignore_ascii_case("yes") {
                return Err(Failure::new(
                    EXIT_BAD_INPUT,
                    crate::fl!("cli-connect-not-trusted"),
                ));
            }
        }
    }
    let client = sign_in_with(args, &host, port, presented_pin).await?;
    let info = client
        .host_group()
        .static_info()
        .await
        .map_err(Failure::from_ksc)?;
    let _ = client.close().await;
    settings.remember_server(RecentServer {
        address: host.clone(),
        api_port: port,
        user: args.user.trim().to_string(),
        domain: args.domain.trim().to_string(),
        internal: !args.os_account,
        remember_password: false,
        pinned_sha256: Some(presented_pin.to_string()),
        pinned_certificate: Some(crate::settings::encode_certificate(&details.der)),
        last_used: None,
    });
    if let Some(path) = &path
        && let Err(e) = settings.save(path)
    {
        eprintln!("ksc-link: {e}");
    }
    let version = info.product_version.clone().unwrap_or_default();
    if args.json {
        println!(
            "{}",
            json!({
                "result": "connected",
                "exit_code": EXIT_OK,
                "server": crate::net::host_port(&host, port),
                "sha256": presented_pin.colon_hex(),
                "not_after": details.not_after.unix_timestamp(),
                "product_version": version,
                "hostname": info.hostname,
            })
        );
    } else {
        println!(
            "{}",
            crate::fl!(
                "cli-connect-done",
                server = crate::net::host_port(&host, port),
                user = args.user.trim().to_string(),
                version = version
            )
        );
    }
    Ok(())
}

/// `ksc-link status`: the primary's secondary servers with group, status, version and last
/// connection.
pub async fn status(args: ServerArgs) -> i32 {
    let json_out = args.json;
    match status_inner(&args).await {
        Ok(()) => EXIT_OK,
        Err(f) => f.report(json_out),
    }
}

async fn status_inner(args: &ServerArgs) -> Result<(), Failure> {
    use crate::hierarchy::health;
    let client = sign_in(args).await?;
    // The "Secondary servers" page's own reading and rules, without its looks at each server
    // (those take time and reach further than a status line needs).
    let fleet = health::load(&client, &health::LoadOptions::default())
        .await
        .map_err(Failure::from_ksc)?;
    let _ = client.close().await;
    let now = OffsetDateTime::now_utc();
    let when = |t: Option<OffsetDateTime>| {
        t.and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
    };
    let status_of = |r: &health::Row| crate::gui::screen::wizard::result::status_text(r.status);
    // The group's own name, as before; the whole path is given besides.
    let group_name = |r: &health::Row| r.group.rsplit('/').next().unwrap_or_default().to_string();
    let reasons = |r: &health::Row| -> Vec<String> {
        health::attention(r, now)
            .iter()
            .map(ToString::to_string)
            .collect()
    };
    if args.json {
        let list: Vec<serde_json::Value> = fleet
            .rows
            .iter()
            .map(|r| {
                json!({
                    "id": r.path.last(),
                    "display_name": r.name,
                    "group_id": r.group_id,
                    "group": group_name(r),
                    "group_path": r.group,
                    "status": status_of(r),
                    "version": r.version,
                    "last_connected": when(r.last_connected),
                    "dmz": r.passive,
                    "certificate_expires": match &r.registered {
                        health::Registered::Read { not_after, .. } => when(Some(*not_after)),
                        _ => None,
                    },
                    "needs_attention": reasons(r),
                })
            })
            .collect();
        println!(
            "{}",
            json!({ "result": "status", "exit_code": EXIT_OK, "secondaries": list })
        );
        return Ok(());
    }
    if fleet.rows.is_empty() {
        println!("{}", crate::fl!("cli-status-none"));
        return Ok(());
    }
    for r in &fleet.rows {
        let rows = vec![
            (crate::fl!("cli-status-group"), r.group.clone()),
            (crate::fl!("cli-status-status"), status_of(r)),
            (
                crate::fl!("cli-status-version"),
                r.version.clone().unwrap_or_default(),
            ),
            (
                crate::fl!("cli-status-last-connected"),
                when(r.last_connected).unwrap_or_else(|| crate::fl!("cli-status-never")),
            ),
        ];
        println!(
            "{} (id {})",
            r.name,
            r.path.last().copied().unwrap_or_default()
        );
        print!("{}", super::aligned(&rows, "  "));
        let why = reasons(r);
        if !why.is_empty() {
            println!(
                "  {}",
                crate::fl!("servers-attention", reasons = why.join("; "))
            );
        }
    }
    Ok(())
}

/// `ksc-link detach`: this server stops being secondary (the "This server is secondary" page's
/// check box cleared and saved).
pub async fn detach(args: ServerArgs) -> i32 {
    let json_out = args.json;
    let client = match sign_in(&args).await {
        Ok(c) => c,
        Err(f) => return f.report(json_out),
    };
    let r = crate::hierarchy::detach(&client).await;
    let _ = client.close().await;
    match r {
        Ok(report) => {
            let changed: Vec<String> = report.changes.iter().map(|c| c.name.clone()).collect();
            if json_out {
                println!(
                    "{}",
                    json!({ "result": "detached", "exit_code": EXIT_OK, "changed": changed })
                );
            } else {
                println!("{}", crate::fl!("cli-detached", count = changed.len()));
            }
            EXIT_OK
        }
        Err(e) => Failure::new(EXIT_FAILED, e.to_string()).report(json_out),
    }
}
