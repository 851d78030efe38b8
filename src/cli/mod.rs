//! The command line: thin commands over the library (the GUI is the default front end).
//! `sim` runs the simulated servers on their own; `demo` opens the GUI on them.

pub mod autotask;
pub mod connect;
pub mod demo;
pub mod join;
pub mod script;
pub mod secondary;
pub mod sim;

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use time::OffsetDateTime;

use crate::cert::{self, CertificateDetails};

/// ksc-link: build Kaspersky Security Center server hierarchies and prepare integrations.
#[derive(Debug, Parser)]
#[command(name = "ksc-link", version, about)]
pub struct Cli {
    /// Language of the app: en, ru or de (default: the settings' choice, else the desktop's).
    #[arg(long, global = true, value_name = "LANG")]
    pub lang: Option<String>,
    /// What to do; the GUI when omitted.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Write debug details to the log file (in $KSC_LINK_LOG_DIR, else the platform's local
    /// data folder, e.g. ~/.local/share/ksc-link/logs); never passwords or other secrets.
    #[arg(long, short = 'v', global = true)]
    pub verbose: bool,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the app (the default).
    Gui,
    /// Open the app connected to simulated servers started in this process, to try everything safely.
    Demo(DemoArgs),
    /// Run simulated Administration Servers on this machine until interrupted.
    Sim(SimArgs),
    /// Inspect certificates.
    #[command(subcommand)]
    Cert(CertCommand),
    /// Add a secondary Administration Server from a plan file, as the wizard would (or, with
    /// --dry-run, show what would be written where).
    AddSecondary(script::AddSecondaryArgs),
    /// Keep passwords in the OS keyring for scripts.
    #[command(subcommand)]
    Secret(script::SecretCommand),
    /// Test a connection: show the server's certificate, have it confirmed (--pin-sha256, or
    /// "yes" on a terminal), sign in, and pin it as the app does, e.g. ksc-link connect
    /// ksc-hq.corp.example --user admin.
    Connect(connect::ServerArgs),
    /// A primary's secondary servers: group, status, version, last connection, e.g. ksc-link
    /// status ksc-hq.corp.example --user admin --json.
    Status(connect::ServerArgs),
    /// This server stops being secondary (as clearing "This server is secondary" and saving),
    /// e.g. ksc-link detach ksc-berlin.corp.example --user admin.
    Detach(connect::ServerArgs),
    /// Make a server secondary from a plan file's secondary half (the "This server is
    /// secondary" page), e.g. ksc-link set-primary --plan berlin.toml.
    SetPrimary(script::SetPrimaryArgs),
    /// The Autotask integration: its prerequisites.
    #[command(subcommand)]
    Autotask(autotask::AutotaskCommand),
    /// The offline join file: show, export on the primary, import on the secondary.
    #[command(subcommand)]
    JoinFile(join::JoinFileCommand),
    /// Keep a primary's secondaries: rename, move, re-key, remove on both sides.
    #[command(subcommand)]
    Secondary(secondary::SecondaryCommand),
}

/// Options of `ksc-link demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Folder for the simulated servers' state (kept across runs); a temporary folder when omitted.
    #[arg(long)]
    pub state: Option<PathBuf>,
}

/// Options of `ksc-link sim`.
#[derive(Debug, Args)]
pub struct SimArgs {
    /// Start a primary and a secondary Administration Server (the default).
    #[arg(long, conflicts_with = "autotask")]
    pub pair: bool,
    /// Start a simulated Autotask tenant (zone discovery host and zone host) instead.
    #[arg(long)]
    pub autotask: bool,
    /// Seed file of the Autotask tenant (TOML, as assets/sim/autotask.toml); with --autotask.
    #[arg(long, requires = "autotask")]
    pub seed: Option<PathBuf>,
    /// Print one JSON object per server, one per line, instead of text.
    #[arg(long)]
    pub json: bool,
    /// Folder for the servers' state (kept across runs); a temporary folder when omitted.
    #[arg(long)]
    pub state: Option<PathBuf>,
    /// What the network does to the next call of a method, to reproduce a failure by hand:
    /// `[secondary:]Class.Method=FAULT`, FAULT one of reply-lost (the method runs, the answer is
    /// lost), drop (dropped before it runs), http-500, session-expired, cert-changed (the method
    /// runs, then the server presents a new certificate), slow or slow:<n>s|<n>ms.
    /// Meant for the primary unless prefixed with `secondary:`; repeat to queue more.
    #[arg(long = "fault", value_name = "SPEC", conflicts_with = "autotask")]
    pub faults: Vec<crate::sim::ksc::faults::FaultSpec>,
    /// How far a server's clock is off the true time, in seconds (positive: ahead), as on a
    /// server without time synchronisation: `[secondary:]SECONDS`, meant for the primary unless
    /// prefixed with `secondary:`. Its replies' Date header and the time it checks two-step codes
    /// against both follow it, e.g. --clock-offset-seconds 300.
    #[arg(
        long = "clock-offset-seconds",
        value_name = "[secondary:]SECONDS",
        allow_hyphen_values = true,
        conflicts_with = "autotask"
    )]
    pub clock_offsets: Vec<crate::sim::ksc::faults::ClockOffsetSpec>,
    /// A server whose certificate expires in DAYS days (negative: expired that long ago), made
    /// 397 days before its expiry as KSC makes them: `[secondary:]DAYS`, meant for the primary
    /// unless prefixed with `secondary:`. A certificate kept in --state that ends on another day
    /// is replaced, e.g. --cert-expires-in-days 20.
    #[arg(
        long = "cert-expires-in-days",
        value_name = "[secondary:]DAYS",
        allow_hyphen_values = true,
        conflicts_with = "autotask"
    )]
    pub cert_expiry: Vec<crate::sim::ksc::faults::CertExpirySpec>,
    /// The server makes its reserve certificate at start and swaps it in after TIME, as KSC
    /// does one day before its certificate expires: `[secondary:]TIME` (60s, 500ms or seconds),
    /// meant for the primary unless prefixed with `secondary:`. From then on both its ports
    /// present the new certificate, e.g. --cert-expires-in-days 1 --reserve-swap-after 60s.
    #[arg(
        long = "reserve-swap-after",
        value_name = "[secondary:]TIME",
        conflicts_with = "autotask"
    )]
    pub reserve_swaps: Vec<crate::sim::ksc::faults::ReserveSwapSpec>,
}

/// `ksc-link cert …`.
#[derive(Debug, Subcommand)]
pub enum CertCommand {
    /// Show a certificate file (klserver.cer, .crt, .pem): subject, validity, fingerprints.
    Show {
        /// The file.
        file: PathBuf,
    },
    /// Fetch the certificate a server presents on host:port (nothing is trusted or sent).
    Fetch {
        /// Host name or address.
        host: String,
        /// Port (13000 is the Administration Server SSL port, 13299 the Open API).
        #[arg(default_value_t = crate::wire::DEFAULT_SSL_PORT)]
        port: u16,
        /// Also write the certificate to this file, in PEM.
        #[arg(long)]
        save: Option<PathBuf>,
    },
}

/// Formats a certificate's details for a terminal, warnings first.
pub fn describe_certificate(d: &CertificateDetails, now: OffsetDateTime) -> String {
    let fmt_t = |t: OffsetDateTime| crate::wire::value::format_datetime(t);
    let mut out = String::new();
    for w in d.warnings(now) {
        out.push_str(&crate::fl!("cli-cert-warning", warning = w.to_string()));
        out.push('\n');
    }
    let key = match d.key_bits {
        Some(bits) => crate::fl!(
            "cert-card-key-bits",
            algorithm = d.key_algorithm.clone(),
            bits = bits
        ),
        None => d.key_algorithm.clone(),
    };
    let mut rows = vec![
        (crate::fl!("cert-card-subject"), d.subject.clone()),
        (crate::fl!("cert-card-issuer"), d.issuer.clone()),
        (crate::fl!("cli-cert-serial"), d.serial_hex.clone()),
        (
            crate::fl!("cert-card-valid"),
            crate::fl!(
                "cert-card-validity",
                from = fmt_t(d.not_before),
                to = fmt_t(d.not_after)
            ),
        ),
        (crate::fl!("cert-card-key"), key),
    ];
    if !d.subject_alt_names.is_empty() {
        rows.push((crate::fl!("cli-cert-names"), d.subject_alt_names.join(", ")));
    }
    rows.push(("SHA-256".to_string(), d.sha256_colon()));
    rows.push(("MD5".to_string(), d.md5_hex()));
    out.push_str(&aligned(&rows, ""));
    out
}

/// `label: value` lines with the values lined up after the longest label, each line starting
/// with `indent`; labels are counted in characters, so translated labels line up too.
pub fn aligned(rows: &[(String, String)], indent: &str) -> String {
    let width = rows
        .iter()
        .map(|(label, _)| label.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (label, value) in rows {
        let pad = width - label.chars().count();
        out.push_str(&format!("{indent}{label}:{:pad$}  {value}\n", ""));
    }
    out
}

pub(crate) fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| anyhow::anyhow!(crate::fl!("cli-runtime-failed", error = e.to_string())))
}

/// Runs a parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    if let Err(e) = choose_language(cli.lang.as_deref()) {
        eprintln!("ksc-link: {e}");
        return 2;
    }
    // A log file is a help, not a requirement: the command runs without one.
    if let Err(e) = crate::logging::init(cli.verbose) {
        eprintln!(
            "ksc-link: {}",
            crate::fl!("cli-no-log-file", error = e.to_string())
        );
    }
    let command = command_name(cli.command.as_ref());
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        command,
        verbose = cli.verbose,
        "ksc-link started"
    );
    let result = match cli.command.unwrap_or(Command::Gui) {
        // These pick their own exit codes (documented in the README).
        Command::AddSecondary(args) => return script::add_secondary(args),
        Command::Secret(c) => return script::secret(c),
        Command::Connect(args) => return on_runtime(connect::connect(args)),
        Command::Status(args) => return on_runtime(connect::status(args)),
        Command::Detach(args) => return on_runtime(connect::detach(args)),
        Command::JoinFile(c) => return join::run(c),
        Command::Secondary(c) => return secondary::run(c),
        Command::SetPrimary(args) => return script::set_primary(args),
        Command::Autotask(c) => return autotask::run(c),
        Command::Gui => gui(crate::gui::GuiOptions {
            lang: cli.lang.clone(),
            ..Default::default()
        }),
        Command::Demo(args) => demo::run(args, cli.lang.clone()),
        Command::Sim(args) => runtime().and_then(|rt| rt.block_on(sim::run(args))),
        Command::Cert(c) => runtime().and_then(|rt| rt.block_on(cert_command(c))),
    };
    match result {
        Ok(()) => {
            tracing::info!(command, "ksc-link finished");
            0
        }
        Err(e) => {
            tracing::error!(command, error = format!("{e:#}"), "ksc-link failed");
            eprintln!("ksc-link: {e:#}");
            // Like a bad `--lang`, no desktop is a matter of how ksc-link was started.
            if e.is::<crate::gui::desktop::NoDesktop>() {
                2
            } else {
                1
            }
        }
    }
}

/// Runs a command that picks its own exit code on a runtime of its own.
pub(crate) fn on_runtime(command: impl std::future::Future<Output = i32>) -> i32 {
    match runtime() {
        Ok(rt) => rt.block_on(command),
        Err(e) => {
            eprintln!("ksc-link: {e}");
            script::EXIT_FAILED
        }
    }
}

/// Opens the window, or says in one line that there is no desktop session to open it in.
pub(crate) fn gui(options: crate::gui::GuiOptions) -> anyhow::Result<()> {
    crate::gui::desktop::check()?;
    crate::gui::desktop::guard(|| crate::gui::run(options))?
        .map_err(|e| anyhow::anyhow!(crate::fl!("cli-window-failed", error = e.to_string())))
}

/// `--lang` wins; else the language saved in the settings file; else the desktop's.
fn choose_language(flag: Option<&str>) -> Result<&'static str, crate::i18n::UnknownLanguage> {
    if flag.is_some() {
        return crate::i18n::set_language(flag);
    }
    let saved = crate::settings::settings_path(None)
        .ok()
        .and_then(|path| crate::settings::saved_language(&path));
    // A language saved by a newer version that this one does not speak falls back to the desktop's.
    match saved.as_deref().and_then(crate::i18n::supported) {
        Some(tag) => crate::i18n::set_language(Some(tag)),
        None => crate::i18n::set_language(None),
    }
}

/// The command's name for the log (its arguments may name files, which the log does not need).
fn command_name(command: Option<&Command>) -> &'static str {
    match command {
        None | Some(Command::Gui) => "gui",
        Some(Command::Demo(_)) => "demo",
        Some(Command::Sim(args)) if args.autotask => "sim --autotask",
        Some(Command::Sim(_)) => "sim --pair",
        Some(Command::Cert(CertCommand::Show { .. })) => "cert show",
        Some(Command::Cert(CertCommand::Fetch { .. })) => "cert fetch",
        Some(Command::AddSecondary(a)) if a.dry_run => "add-secondary --dry-run",
        Some(Command::AddSecondary(_)) => "add-secondary",
        Some(Command::Secret(_)) => "secret set",
        Some(Command::Connect(_)) => "connect",
        Some(Command::Status(_)) => "status",
        Some(Command::Detach(_)) => "detach",
        Some(Command::SetPrimary(_)) => "set-primary",
        Some(Command::Autotask(_)) => "autotask check",
        Some(Command::JoinFile(join::JoinFileCommand::Show { .. })) => "join-file show",
        Some(Command::JoinFile(join::JoinFileCommand::Export(_))) => "join-file export",
        Some(Command::JoinFile(join::JoinFileCommand::Import(_))) => "join-file import",
        Some(Command::Secondary(secondary::SecondaryCommand::Rename { .. })) => "secondary rename",
        Some(Command::Secondary(secondary::SecondaryCommand::Move { .. })) => "secondary move",
        Some(Command::Secondary(secondary::SecondaryCommand::Rekey { .. })) => "secondary rekey",
        Some(Command::Secondary(secondary::SecondaryCommand::Remove { .. })) => "secondary remove",
    }
}

async fn cert_command(c: CertCommand) -> anyhow::Result<()> {
    let now = OffsetDateTime::now_utc();
    match c {
        CertCommand::Show { file } => {
            let d = cert::load_certificate_file(&file)
                .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            print!("{}", describe_certificate(&d, now));
        }
        CertCommand::Fetch { host, port, save } => {
            let p =
                crate::tls::fetch_presented_certificate(&host, port, None, Duration::from_secs(10))
                    .await?;
            let d = cert::parse_certificate(&p.leaf_der).map_err(|e| {
                anyhow::anyhow!(crate::fl!(
                    "cli-cert-unreadable",
                    host = host.clone(),
                    port = port,
                    error = e.to_string()
                ))
            })?;
            print!("{}", describe_certificate(&d, now));
            println!("{}", crate::fl!("cli-cert-compare"));
            if let Some(path) = save {
                std::fs::write(&path, d.to_pem()).map_err(|e| {
                    anyhow::anyhow!(crate::fl!(
                        "cli-cannot-write",
                        path = path.display().to_string(),
                        error = e.to_string()
                    ))
                })?;
                println!(
                    "{}",
                    crate::fl!("cli-cert-saved", path = path.display().to_string())
                );
            }
        }
    }
    std::io::stdout().flush().ok();
    Ok(())
}
