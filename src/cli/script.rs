//! The scripting commands: `ksc-link add-secondary --plan FILE` (the wizard from a plan file) and
//! `ksc-link secret set` (a password into the OS keyring, asked without echo). Both run the
//! domain's path (`hierarchy::run_plan`); this module only asks, prints and picks exit codes.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Subcommand};
use serde_json::json;

use crate::hierarchy::Progress;
use crate::hierarchy::plan::PlannedWrite;
use crate::hierarchy::plan_file::{PlanFile, SecretSource};
use crate::hierarchy::run_plan::{Asker, PlanOutcome, PlanRunError, RunOptions, run_plan};
use crate::secrets::{Secret, SecretKey};

/// Exit code: success.
pub const EXIT_OK: i32 = 0;
/// Exit code: the servers were reached, but the operation failed (what was written was rolled
/// back, or is described).
pub const EXIT_FAILED: i32 = 1;
/// Exit code: bad input (the command line, a plan file, a missing secret).
pub const EXIT_BAD_INPUT: i32 = 2;
/// Exit code: a server could not be reached or presented another certificate.
pub const EXIT_CONNECTION: i32 = 3;
/// Exit code: a login was refused.
pub const EXIT_AUTHENTICATION: i32 = 4;
/// Exit code: a batch (`--plan-csv`) where some offices were done and others failed.
pub const EXIT_PARTIAL: i32 = 5;
/// The most offices run at once.
const MAX_PARALLEL: usize = 16;

/// Options of `ksc-link add-secondary`.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  ksc-link add-secondary --plan berlin.toml --dry-run\n  \
    KSC_BERLIN_PASSWORD=… ksc-link add-secondary --plan berlin.toml --json\n\n\
    The plan format is documented in assets/plan-example.toml; the wizard's \"Save as plan \
    file…\" writes one.\nExit codes: 0 done, 1 the operation failed (rolled back unless \
    --keep-on-failure), 2 bad input, 3 connection or certificate, 4 login refused."
)]
pub struct AddSecondaryArgs {
    /// The plan file (TOML; see assets/plan-example.toml), e.g. --plan berlin.toml. With
    /// --plan-csv, the part every office shares.
    #[arg(long, value_name = "FILE")]
    pub plan: PathBuf,
    /// Many offices, one CSV row each: the header names plan keys (secondary.display_name,
    /// secondary.address, secondary.certificate_sha256, secondary.password, …), a cell overrides
    /// that key of --plan for its row (an empty cell keeps it), e.g. --plan-csv offices.csv.
    #[arg(long, value_name = "FILE")]
    pub plan_csv: Option<PathBuf>,
    /// How many offices of --plan-csv run at once (1 to 16), e.g. --parallel 4.
    #[arg(long, value_name = "N", default_value_t = 1, requires = "plan_csv")]
    pub parallel: usize,
    /// Check everything (secrets, logins, group, certificate) and print what would be written
    /// where, as the wizard's Summary step shows it; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print one JSON object (the result, or the error with its exit code) instead of text.
    #[arg(long)]
    pub json: bool,
    /// A two-step verification code, for the account that asks for one, e.g. --totp-code 123456.
    /// Without it, a terminal is asked.
    #[arg(long, value_name = "CODE", value_parser = secret_arg)]
    pub totp_code: Option<Secret>,
    /// Keep what was written when a late stage fails, to resume or roll back later (default:
    /// roll it back).
    #[arg(long)]
    pub keep_on_failure: bool,
    /// Seconds to wait for the secondary to become Active, e.g. --link-timeout 300.
    #[arg(long, value_name = "SECONDS", default_value_t = 120)]
    pub link_timeout: u64,
}

/// Options of `ksc-link set-primary`.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  ksc-link set-primary --plan berlin.toml --dry-run\n\n\
    The same plan file as add-secondary: [secondary] is this server, [connection] what it is \
    told about the primary, [primary] certificate_sha256 the primary certificate it must trust."
)]
pub struct SetPrimaryArgs {
    /// The plan file, e.g. --plan berlin.toml.
    #[arg(long, value_name = "FILE")]
    pub plan: PathBuf,
    /// The primary's klserver.cer, when its SSL port cannot be reached from here.
    #[arg(long, value_name = "FILE")]
    pub primary_certificate: Option<PathBuf>,
    /// Show what would be written on this server; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    /// A two-step verification code, when the account asks for one.
    #[arg(long, value_name = "CODE", value_parser = secret_arg)]
    pub totp_code: Option<Secret>,
}

/// Prints a failure (one JSON object, or a line on stderr) and gives its exit code.
pub(crate) fn report_error(json_out: bool, code: i32, message: &str) -> i32 {
    if json_out {
        println!(
            "{}",
            json!({ "result": "error", "exit_code": code, "error": message })
        );
    } else {
        eprintln!("ksc-link: {message}");
    }
    code
}

/// Runs `ksc-link set-primary`; returns the exit code.
pub fn set_primary(args: SetPrimaryArgs) -> i32 {
    use crate::hierarchy::run_plan::{SetPrimaryOutcome, run_set_primary};
    let json_out = args.json;
    let fail = |code: i32, message: String| report_error(json_out, code, &message);
    let plan = match PlanFile::read(&args.plan) {
        Ok(plan) => plan,
        Err(e) => return fail(EXIT_BAD_INPUT, e.to_string()),
    };
    let rt = match super::runtime() {
        Ok(rt) => rt,
        Err(e) => return fail(EXIT_FAILED, e.to_string()),
    };
    let mut asker = ScriptAsker::new(args.totp_code.clone());
    let r = rt.block_on(run_set_primary(
        &plan,
        args.primary_certificate.as_deref(),
        args.dry_run,
        &mut asker,
    ));
    match r {
        Ok(SetPrimaryOutcome::DryRun(writes)) => {
            if json_out {
                println!(
                    "{}",
                    json!({ "result": "dry-run", "exit_code": EXIT_OK, "on_secondary": writes_json(&writes) })
                );
            } else {
                println!("{}", crate::fl!("script-dry-run"));
                println!(
                    "{}",
                    writes_text(crate::fl!("wizard-summary-on-secondary"), &writes)
                );
            }
            EXIT_OK
        }
        Ok(SetPrimaryOutcome::Done(report)) => {
            let changed: Vec<String> = report.changes.iter().map(|c| c.name.clone()).collect();
            if json_out {
                println!(
                    "{}",
                    json!({
                        "result": "secondary",
                        "exit_code": EXIT_OK,
                        "changed": changed,
                        "read_back_failed": report.read_back_failed,
                    })
                );
            } else {
                println!(
                    "{}",
                    crate::fl!(
                        "cli-join-imported",
                        primary = crate::net::host_port(
                            &plan.primary_address_for_secondary,
                            plan.primary_ssl_port
                        )
                    )
                );
            }
            EXIT_OK
        }
        Err(e) => fail(e.exit_code(), e.to_string()),
    }
}

/// `ksc-link secret …`.
#[derive(Debug, Subcommand)]
pub enum SecretCommand {
    /// Store a password in the OS keyring where ksc-link looks for it, asked without echo (or
    /// read as one line from standard input), e.g. ksc-link secret set --server ksc-hq:13299
    /// --user admin.
    Set(SecretSetArgs),
}

/// Options of `ksc-link secret set`.
#[derive(Debug, Args)]
pub struct SecretSetArgs {
    /// An Administration Server's Open API, HOST or HOST:PORT (13299 by default).
    #[arg(
        long,
        value_name = "HOST[:PORT]",
        conflicts_with = "proxy",
        required_unless_present = "proxy"
    )]
    pub server: Option<String>,
    /// A proxy server, HOST or HOST:PORT (3128 by default).
    #[arg(long, value_name = "HOST[:PORT]")]
    pub proxy: Option<String>,
    /// The user whose password it is.
    #[arg(long)]
    pub user: String,
    /// Store the account's two-step verification secret (base32, as shown when it was set up)
    /// instead of its password, so scripts sign in unattended (service accounts only).
    #[arg(long, conflicts_with = "proxy")]
    pub totp: bool,
}

/// The answers a script gives: passwords by their source, a code from the option or a terminal.
pub(crate) struct ScriptAsker {
    code: Option<Secret>,
}

impl ScriptAsker {
    /// An asker that gives `code` (from `--totp-code`) the first time a code is asked for.
    pub(crate) fn new(code: Option<Secret>) -> Self {
        Self { code }
    }
}

/// A secret given as an option (a two-step code): kept a [`Secret`], so no `Debug` of the
/// parsed command line shows it.
pub(crate) fn secret_arg(text: &str) -> Result<Secret, String> {
    Ok(Secret::new(text.to_string()))
}

/// A password from the environment variable `name`; `what` says whose it is.
pub(crate) fn env_secret(name: &str, what: &str) -> Result<Secret, String> {
    std::env::var(name).map(Secret::new).map_err(|_| {
        crate::fl!(
            "script-env-missing",
            name = name.to_string(),
            what = what.to_string()
        )
    })
}

/// One line of standard input, asked without echo on a terminal.
pub(crate) fn read_line_from_stdin(what: &str) -> Result<String, String> {
    if std::io::stdin().is_terminal() {
        return rpassword::prompt_password(format!("{what}: ")).map_err(|e| e.to_string());
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| e.to_string())?;
    let line = line.trim_end_matches(['\r', '\n']).to_string();
    if line.is_empty() {
        return Err(crate::fl!("script-stdin-empty", what = what.to_string()));
    }
    Ok(line)
}

impl Asker for ScriptAsker {
    fn password(
        &mut self,
        source: &SecretSource,
        key: &SecretKey,
        what: &str,
    ) -> Result<Secret, String> {
        match source {
            SecretSource::Env(name) => env_secret(name, what),
            SecretSource::Stdin => read_line_from_stdin(what).map(Secret::new),
            SecretSource::Keyring => match crate::secrets::load_blocking(key) {
                Ok(Some(secret)) => Ok(secret),
                Ok(None) => Err(crate::fl!(
                    "script-keyring-missing",
                    what = what.to_string(),
                    command = set_command(key)
                )),
                Err(e) => Err(e.to_string()),
            },
        }
    }

    fn code(&mut self, server: &str, totp: &SecretKey, length: usize) -> Result<String, String> {
        two_step_code(
            self.code.take().map(|c| c.expose().to_string()),
            server,
            totp,
            length,
        )
    }
}

/// A two-step code: the one given, else one made from a service account's TOTP secret in the
/// keyring, else one typed on the terminal.
pub(crate) fn two_step_code(
    given: Option<String>,
    server: &str,
    totp: &SecretKey,
    length: usize,
) -> Result<String, String> {
    let typed = match given {
        Some(code) => code,
        None => match crate::secrets::load_blocking(totp) {
            Ok(Some(secret)) => crate::secrets::totp_code(&secret, length)?,
            _ if std::io::stdin().is_terminal() => {
                eprint!(
                    "{}: ",
                    crate::fl!("script-code-prompt", server = server.to_string())
                );
                let _ = std::io::stderr().flush();
                let mut line = String::new();
                std::io::stdin()
                    .lock()
                    .read_line(&mut line)
                    .map_err(|e| e.to_string())?;
                line
            }
            _ => {
                return Err(crate::fl!(
                    "script-code-needed",
                    server = server.to_string()
                ));
            }
        },
    };
    crate::hierarchy::validate::totp_code(&typed, length).map_err(|e| e.to_string())
}

/// The `ksc-link secret set` line that stores `key`.
fn set_command(key: &SecretKey) -> String {
    match key.account().split_once('@') {
        Some((user, at)) if key.service().contains("proxy") => {
            format!("ksc-link secret set --proxy {at} --user {user}")
        }
        Some((user, at)) => format!("ksc-link secret set --server {at} --user {user}"),
        None => format!("ksc-link secret set --user {}", key.account()),
    }
}

fn progress_line(p: &Progress) -> Option<String> {
    match p {
        Progress::Started(stage) => Some(crate::fl!(
            "script-stage-started",
            stage = stage.to_string()
        )),
        Progress::Finished(stage, what) => Some(crate::fl!(
            "script-stage-done",
            stage = stage.to_string(),
            detail = what.clone()
        )),
        Progress::Waiting { elapsed, .. } if elapsed.as_secs() % 10 == 0 => {
            Some(crate::fl!("script-waiting", seconds = elapsed.as_secs()))
        }
        Progress::Waiting { .. } => None,
    }
}

fn writes_text(title: String, writes: &[PlannedWrite]) -> String {
    let rows: Vec<(String, String)> = writes
        .iter()
        .map(|w| (format!("{} ({})", w.label, w.name), w.value.clone()))
        .collect();
    format!("{title}\n{}", super::aligned(&rows, "  "))
}

fn writes_json(writes: &[PlannedWrite]) -> serde_json::Value {
    writes
        .iter()
        .map(|w| json!({ "name": w.name, "label": w.label, "value": w.value }))
        .collect()
}

/// What one run printed as its JSON result.
fn outcome_json(name: &str, outcome: &Result<PlanOutcome, PlanRunError>) -> serde_json::Value {
    match outcome {
        Ok(PlanOutcome::DryRun {
            dry_run,
            secondary_steps,
            preflight,
        }) => json!({
            "result": "dry-run",
            "exit_code": EXIT_OK,
            "display_name": name,
            "on_primary": writes_json(&dry_run.on_primary),
            "on_secondary": writes_json(&dry_run.on_secondary),
            "secondary_steps": secondary_steps,
            "preflight": preflight.to_json(),
        }),
        Ok(PlanOutcome::Done {
            report,
            secondary_steps,
            preflight,
        }) => {
            let child = &report.child;
            json!({
                "result": "done",
                "exit_code": EXIT_OK,
                "display_name": child.display_name,
                "secondary_id": report.secondary_id,
                "group_id": child.group_id,
                "status": crate::gui::screen::wizard::result::status_text(child.status),
                "version": child.version,
                "on_primary": writes_json(&report.on_primary),
                "on_secondary": writes_json(&report.on_secondary),
                "secondary_steps": secondary_steps,
                "preflight": preflight.to_json(),
            })
        }
        Err(PlanRunError::Preflight(report)) => json!({
            "result": "error",
            "exit_code": EXIT_FAILED,
            "display_name": name,
            "error": crate::fl!("preflight-stopped"),
            "preflight": report.to_json(),
        }),
        Err(e) => json!({
            "result": "error",
            "exit_code": e.exit_code(),
            "display_name": name,
            "error": e.to_string(),
        }),
    }
}

/// One office of a batch: its CSV line, its name, and its plan (or what is wrong with it).
struct Office {
    line: usize,
    name: String,
    plan: Result<PlanFile, String>,
}

/// The offices of `--plan-csv`: each row's cells over the base plan.
fn offices(base_path: &std::path::Path, csv_path: &std::path::Path) -> Result<Vec<Office>, String> {
    let base = std::fs::read_to_string(base_path).map_err(|e| {
        crate::fl!(
            "plan-unreadable",
            path = base_path.display().to_string(),
            error = e.to_string()
        )
    })?;
    let bytes = crate::integration::csv::read_import(csv_path).map_err(|e| e.to_string())?;
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{}: {}",
            csv_path.display(),
            crate::fl!("plan-not-text", offset = e.utf8_error().valid_up_to())
        )
    })?;
    let records = crate::integration::csv::parse(&text)
        .map_err(|e| format!("{}:{}: {e}", csv_path.display(), e.line()))?;
    let Some((header, rows)) = records.split_first() else {
        return Err(crate::fl!(
            "script-csv-empty",
            path = csv_path.display().to_string()
        ));
    };
    let keys: Vec<String> = header.fields.iter().map(|k| k.trim().to_string()).collect();
    let base_dir = base_path.parent().unwrap_or(std::path::Path::new("."));
    let csv_dir = csv_path.parent().unwrap_or(std::path::Path::new("."));
    let mut out = Vec::new();
    for row in rows {
        let overrides: Vec<(String, String)> = keys
            .iter()
            .zip(&row.fields)
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let name = overrides
            .iter()
            .find(|(k, _)| k == "secondary.display_name")
            .map_or_else(|| format!("#{}", row.line), |(_, v)| v.trim().to_string());
        let at = |key: &str, message: &str| {
            format!("{}:{}: {key}: {message}", csv_path.display(), row.line)
        };
        let plan = match PlanFile::with_overrides(&base, &overrides) {
            Ok(mut plan) => {
                let certificate_in_csv =
                    overrides.iter().any(|(k, _)| k == "secondary.certificate");
                plan.resolve_relative(if certificate_in_csv {
                    csv_dir
                } else {
                    base_dir
                });
                let stdin = [Some(&plan.primary_account), plan.secondary_account.as_ref()]
                    .into_iter()
                    .flatten()
                    .map(|a| &a.password)
                    .chain(plan.proxy.as_ref().map(|p| &p.password))
                    .any(|s| *s == SecretSource::Stdin);
                if stdin {
                    Err(at("password", &crate::fl!("script-batch-stdin")))
                } else {
                    Ok(plan)
                }
            }
            Err(problems) => Err(problems
                .iter()
                .map(|p| at(&p.key, &p.message))
                .collect::<Vec<_>>()
                .join("\n")),
        };
        out.push(Office {
            line: row.line,
            name,
            plan,
        });
    }
    Ok(out)
}

/// Runs a batch: every office, at most `parallel` at once, past failures; a line of progress
/// per office on a terminal, a table at the end (or one JSON object per office).
fn batch(args: &AddSecondaryArgs, csv_path: &std::path::Path) -> i32 {
    use futures::StreamExt;
    let offices = match offices(&args.plan, csv_path) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("ksc-link: {e}");
            return EXIT_BAD_INPUT;
        }
    };
    let rt = match super::runtime() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("ksc-link: {e}");
            return EXIT_FAILED;
        }
    };
    let options = RunOptions {
        dry_run: args.dry_run,
        keep_on_failure: args.keep_on_failure,
        link_timeout: Duration::from_secs(args.link_timeout.max(1)),
    };
    let json_out = args.json;
    let parallel = args.parallel.clamp(1, MAX_PARALLEL);
    let runs = futures::stream::iter(offices.into_iter().map(|office| {
        let options = options.clone();
        async move {
            let outcome = match &office.plan {
                Err(problem) => Err(PlanRunError::BadInput(problem.clone())),
                Ok(plan) => {
                    // No prompts in a batch: a code would have to be typed for each office.
                    let mut asker = ScriptAsker::new(None);
                    let name = office.name.clone();
                    let mut on_progress = |p: Progress| {
                        if !json_out && let Some(line) = progress_line(&p) {
                            println!("[{name}] {line}");
                            let _ = std::io::stdout().flush();
                        }
                    };
                    run_plan(plan, &options, &mut asker, &mut on_progress).await
                }
            };
            if json_out {
                let mut object = outcome_json(&office.name, &outcome);
                object["line"] = json!(office.line);
                println!("{object}");
                let _ = std::io::stdout().flush();
            }
            (office, outcome)
        }
    }))
    .buffer_unordered(parallel);
    let mut results: Vec<(Office, Result<PlanOutcome, PlanRunError>)> = rt.block_on(runs.collect());
    results.sort_by_key(|(o, _)| o.line);
    let codes: Vec<i32> = results
        .iter()
        .map(|(_, r)| r.as_ref().map_or_else(PlanRunError::exit_code, |_| EXIT_OK))
        .collect();
    if !json_out {
        let rows: Vec<(String, String)> = results
            .iter()
            .map(|(o, r)| {
                let what = match r {
                    Ok(PlanOutcome::DryRun { .. }) => crate::fl!("script-batch-checked"),
                    Ok(PlanOutcome::Done { report, .. }) => crate::fl!(
                        "script-batch-done",
                        id = report.secondary_id.to_string(),
                        status =
                            crate::gui::screen::wizard::result::status_text(report.child.status)
                    ),
                    Err(e) => format!("{} {e}", crate::fl!("script-batch-failed")),
                };
                (format!("{} ({})", o.name, o.line), what)
            })
            .collect();
        println!();
        println!("{}", super::aligned(&rows, ""));
    }
    let done = codes.iter().filter(|c| **c == EXIT_OK).count();
    match (done, codes.first()) {
        (_, None) => EXIT_OK,
        (d, _) if d == codes.len() => EXIT_OK,
        (0, Some(first)) if codes.iter().all(|c| c == first) => *first,
        (0, _) => EXIT_FAILED,
        _ => EXIT_PARTIAL,
    }
}

/// Runs `ksc-link add-secondary`; returns the exit code.
pub fn add_secondary(args: AddSecondaryArgs) -> i32 {
    if let Some(csv) = args.plan_csv.clone() {
        return batch(&args, &csv);
    }
    let json_out = args.json;
    let fail = |code: i32, message: String| report_error(json_out, code, &message);
    let plan = match PlanFile::read(&args.plan) {
        Ok(plan) => plan,
        Err(e) => return fail(EXIT_BAD_INPUT, e.to_string()),
    };
    let rt = match super::runtime() {
        Ok(rt) => rt,
        Err(e) => return fail(EXIT_FAILED, e.to_string()),
    };
    let options = RunOptions {
        dry_run: args.dry_run,
        keep_on_failure: args.keep_on_failure,
        link_timeout: Duration::from_secs(args.link_timeout.max(1)),
    };
    let mut asker = ScriptAsker::new(args.totp_code);
    let mut on_progress = |p: Progress| {
        if !json_out && let Some(line) = progress_line(&p) {
            println!("{line}");
            let _ = std::io::stdout().flush();
        }
    };
    let outcome = rt.block_on(run_plan(&plan, &options, &mut asker, &mut on_progress));
    if json_out {
        println!("{}", outcome_json(&plan.display_name, &outcome));
        return outcome
            .as_ref()
            .map_or_else(PlanRunError::exit_code, |_| EXIT_OK);
    }
    match outcome {
        Ok(PlanOutcome::DryRun {
            dry_run,
            secondary_steps,
            preflight,
        }) => {
            println!("{}", crate::fl!("script-dry-run"));
            println!(
                "{}",
                writes_text(crate::fl!("wizard-summary-on-primary"), &dry_run.on_primary)
            );
            if !dry_run.on_secondary.is_empty() {
                println!(
                    "{}",
                    writes_text(
                        crate::fl!("wizard-summary-on-secondary"),
                        &dry_run.on_secondary
                    )
                );
            }
            for (i, step) in secondary_steps.iter().enumerate() {
                println!("  {}. {step}", i + 1);
            }
            println!("{}", crate::fl!("preflight-title"));
            print!("{}", preflight.to_text());
            EXIT_OK
        }
        Ok(PlanOutcome::Done {
            report,
            secondary_steps,
            preflight,
        }) => {
            let child = &report.child;
            let status = crate::gui::screen::wizard::result::status_text(child.status);
            // Only what deserves a look; the passes were the run itself.
            let notes: Vec<_> = preflight
                .findings
                .iter()
                .filter(|f| f.verdict != crate::hierarchy::preflight::Verdict::Pass)
                .cloned()
                .collect();
            if !notes.is_empty() {
                println!("{}", crate::fl!("preflight-title"));
                print!(
                    "{}",
                    crate::hierarchy::preflight::Report { findings: notes }.to_text()
                );
            }
            println!(
                "{}",
                crate::fl!(
                    "script-done",
                    name = child.display_name.clone(),
                    id = report.secondary_id.to_string(),
                    status = status
                )
            );
            for (i, step) in secondary_steps.iter().enumerate() {
                println!("  {}. {step}", i + 1);
            }
            EXIT_OK
        }
        Err(e) => fail(e.exit_code(), e.to_string()),
    }
}

/// Runs `ksc-link secret set`; returns the exit code.
pub fn secret(command: SecretCommand) -> i32 {
    let SecretCommand::Set(args) = command;
    let user = args.user.trim();
    if user.is_empty() {
        eprintln!("ksc-link: {}", crate::fl!("script-user-required"));
        return EXIT_BAD_INPUT;
    }
    let (target, default_port) = match (&args.server, &args.proxy) {
        (Some(s), _) => (s.as_str(), crate::wire::DEFAULT_API_PORT),
        (None, Some(p)) => (p.as_str(), crate::settings::DEFAULT_PROXY_PORT),
        (None, None) => {
            eprintln!("ksc-link: {}", crate::fl!("script-target-required"));
            return EXIT_BAD_INPUT;
        }
    };
    use crate::hierarchy::validate::{self, Field};
    let (host_text, port_text) = crate::net::split_host_port(target);
    let host = validate::host(Field::PrimaryAddress, &host_text);
    let port = if port_text.is_empty() {
        Ok(default_port)
    } else {
        validate::port(Field::ApiPort, &port_text)
    };
    let (host, port) = match (host, port) {
        (Ok(h), Ok(p)) => (h, p),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("ksc-link: {target}: {e}");
            return EXIT_BAD_INPUT;
        }
    };
    let key = if args.totp {
        SecretKey::ksc_totp(&host, port, user)
    } else if args.server.is_some() {
        SecretKey::ksc_user(&host, port, user)
    } else {
        SecretKey::proxy(&host, port, user)
    };
    let what = if args.totp {
        crate::fl!(
            "script-whose-totp",
            user = user.to_string(),
            server = crate::net::host_port(&host, port)
        )
    } else {
        crate::fl!(
            "run-plan-whose-password",
            user = user.to_string(),
            server = crate::net::host_port(&host, port)
        )
    };
    let password = match read_line_from_stdin(&what) {
        Ok(p) => Secret::new(p),
        Err(e) => {
            eprintln!("ksc-link: {e}");
            return EXIT_BAD_INPUT;
        }
    };
    if args.totp
        && let Err(e) = crate::secrets::totp_code(&password, 6)
    {
        eprintln!("ksc-link: {e}");
        return EXIT_BAD_INPUT;
    }
    match crate::secrets::store_blocking(&key, &password) {
        Ok(()) => {
            println!("{}", crate::fl!("script-secret-stored", what = what));
            EXIT_OK
        }
        Err(e) => {
            eprintln!("ksc-link: {e}");
            EXIT_FAILED
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use clap::Parser;

    #[test]
    fn a_two_step_code_on_the_command_line_never_shows_in_debug() {
        for args in [
            vec![
                "ksc-link",
                "add-secondary",
                "--plan",
                "p.toml",
                "--totp-code",
                "482913",
            ],
            vec![
                "ksc-link",
                "status",
                "hq",
                "--user",
                "admin",
                "--totp-code",
                "482913",
            ],
        ] {
            let cli = crate::cli::Cli::try_parse_from(args).unwrap();
            let shown = format!("{cli:?}");
            assert!(!shown.contains("482913"), "{shown}");
        }
    }
}
