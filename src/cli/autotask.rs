//! `ksc-link autotask check`: the Autotask integration prerequisites page without the window —
//! the Administration Server and its virtual servers, the Autotask zone, the API user, the
//! companies query, the request budget and the one-to-one count, each with what to do.

use clap::{Args, Subcommand};
use serde_json::json;

use super::connect::{ServerArgs, sign_in};
use super::script::{EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK};
use crate::autotask::{ClientOptions, Credentials, DEFAULT_DISCOVERY_URL, Trust};
use crate::integration::prerequisites::{CheckId, CheckState, run_checks};
use crate::secrets::{AutotaskField, Secret, SecretKey};
use crate::tls::Pin;

/// `ksc-link autotask …`.
#[derive(Debug, Subcommand)]
pub enum AutotaskCommand {
    /// Check the prerequisites of the Autotask integration, e.g. ksc-link autotask check
    /// ksc-hq.corp.example --user admin --autotask-user api@example.com. The API user's secret
    /// and integration code come from the keyring (where the app's "remember" keeps them) or
    /// from environment variables. Exit code 0 when every automatic check holds, 1 otherwise.
    Check(CheckArgs),
    /// The one-to-one mapping of virtual servers to Autotask companies, kept in the settings as
    /// the mapping page keeps it.
    #[command(subcommand)]
    Mapping(MappingCommand),
}

/// `ksc-link autotask mapping …`.
#[derive(Debug, Subcommand)]
pub enum MappingCommand {
    /// Write the mapping as CSV (vserver_uid, vserver_name, company_id, company_name), e.g.
    /// ksc-link autotask mapping export ksc-hq --user admin --autotask-user api@example.com
    /// --out mapping.csv.
    Export {
        /// The servers and the tenant.
        #[command(flatten)]
        args: CheckArgs,
        /// The CSV file to write.
        #[arg(long, value_name = "FILE")]
        out: std::path::PathBuf,
    },
    /// Read a mapping CSV (as export writes it, edited): every row is checked, and nothing is
    /// applied unless all are right, e.g. ... mapping import --file mapping.csv.
    Import {
        /// The servers and the tenant.
        #[command(flatten)]
        args: CheckArgs,
        /// The CSV file to read.
        #[arg(long, value_name = "FILE")]
        file: std::path::PathBuf,
    },
    /// Suggest a company for every unmapped virtual server, by name; with --accept, map them.
    Suggest {
        /// The servers and the tenant.
        #[command(flatten)]
        args: CheckArgs,
        /// Map every suggestion (each one the one-to-one rule refuses is reported and skipped).
        #[arg(long)]
        accept: bool,
    },
}

/// Options of `autotask check` (and of the mapping commands).
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The Administration Server whose virtual servers are mapped.
    #[command(flatten)]
    pub server: ServerArgs,
    /// The Autotask API user, e.g. --autotask-user api@example.com.
    #[arg(long, value_name = "USER")]
    pub autotask_user: String,
    /// Read its secret from this environment variable instead of the keyring.
    #[arg(long, value_name = "NAME")]
    pub autotask_secret_env: Option<String>,
    /// Read the integration code from this environment variable instead of the keyring.
    #[arg(long, value_name = "NAME")]
    pub integration_code_env: Option<String>,
    /// The zone discovery address (Autotask's own by default).
    #[arg(long, value_name = "URL", default_value = DEFAULT_DISCOVERY_URL)]
    pub discovery_url: String,
    /// Trust exactly this certificate for Autotask (a test tenant) instead of the system's roots.
    #[arg(long, value_name = "HEX")]
    pub autotask_pin_sha256: Option<String>,
}

/// Runs an `autotask` command; returns the exit code.
pub fn run(command: AutotaskCommand) -> i32 {
    match command {
        AutotaskCommand::Check(args) => super::on_runtime(check(args)),
        AutotaskCommand::Mapping(m) => super::on_runtime(mapping(m)),
    }
}

fn fail_with(json_out: bool, code: i32, message: String) -> i32 {
    super::script::report_error(json_out, code, &message)
}

/// The Autotask client options and credentials the arguments name.
fn autotask_of(args: &CheckArgs) -> Result<(ClientOptions, Credentials), String> {
    let user = args.autotask_user.trim().to_string();
    let secret_value = secret(
        &user,
        AutotaskField::Secret,
        args.autotask_secret_env.as_ref(),
    )?;
    let integration_code = secret(
        &user,
        AutotaskField::IntegrationCode,
        args.integration_code_env.as_ref(),
    )?;
    let trust = match &args.autotask_pin_sha256 {
        Some(hex) => Trust::Pinned(Pin::from_hex(hex).map_err(|e| e.to_string())?),
        None => Trust::Platform,
    };
    Ok((
        ClientOptions::new(&args.discovery_url, trust),
        Credentials {
            user_name: user,
            secret: secret_value,
            integration_code,
        },
    ))
}

async fn mapping(command: MappingCommand) -> i32 {
    use crate::integration::mapping::Mapping;
    use crate::integration::mapping_data::{CredentialSource, Source, load};
    let (MappingCommand::Export { args, .. }
    | MappingCommand::Import { args, .. }
    | MappingCommand::Suggest { args, .. }) = &command;
    let json_out = args.server.json;
    let (opts, creds) = match autotask_of(args) {
        Ok(v) => v,
        Err(e) => return fail_with(json_out, EXIT_BAD_INPUT, e),
    };
    let ksc = match sign_in(&args.server).await {
        Ok(c) => c,
        Err(f) => return f.report(json_out),
    };
    let loaded = load(
        Source::Ksc(ksc.clone()),
        opts,
        CredentialSource::Given(creds),
    )
    .await;
    let _ = ksc.close().await;
    let loaded = match loaded {
        Ok(l) => l,
        Err(e) => return fail_with(json_out, EXIT_FAILED, e),
    };
    let path = match crate::settings::settings_path(None) {
        Ok(p) => p,
        Err(e) => return fail_with(json_out, EXIT_FAILED, e.to_string()),
    };
    let mut settings = crate::settings::Settings::load(&path).settings;
    let mut saved = Mapping::from_settings(&settings.vserver_mapping);
    let (targets, accounts) = (&loaded.targets, &loaded.accounts);
    let mut save = |mapping: &Mapping| -> Result<(), String> {
        settings.vserver_mapping = mapping.to_settings();
        settings.save(&path).map_err(|e| e.to_string())
    };
    match command {
        MappingCommand::Export { out, .. } => {
            let text = saved.to_csv(targets, accounts);
            if let Err(e) = std::fs::write(&out, text) {
                return fail_with(json_out, EXIT_FAILED, format!("{}: {e}", out.display()));
            }
            let message = crate::fl!("mapping-exported", path = out.display().to_string());
            if json_out {
                println!(
                    "{}",
                    json!({ "result": "exported", "exit_code": EXIT_OK, "file": out.display().to_string(), "mapped": saved.len() })
                );
            } else {
                println!("{message}");
            }
            EXIT_OK
        }
        MappingCommand::Import { file, .. } => {
            let text = match crate::integration::csv::read_import(&file)
                .map_err(|e| e.to_string())
                .and_then(|b| String::from_utf8(b).map_err(|e| e.to_string()))
            {
                Ok(t) => t,
                Err(e) => {
                    return fail_with(json_out, EXIT_BAD_INPUT, format!("{}: {e}", file.display()));
                }
            };
            let imported = match Mapping::from_csv(&text, targets, accounts) {
                Ok(m) => m,
                Err(rows) => {
                    let lines: Vec<String> = rows
                        .iter()
                        .map(|r| format!("{}:{}: {r}", file.display(), r.row))
                        .collect();
                    return fail_with(json_out, EXIT_BAD_INPUT, lines.join("\n"));
                }
            };
            let merged = saved.with_imported(imported, targets);
            if let Err(e) = save(&merged) {
                return fail_with(json_out, EXIT_FAILED, e);
            }
            let problems: Vec<String> = merged
                .validate(targets, accounts)
                .iter()
                .map(ToString::to_string)
                .collect();
            if json_out {
                println!(
                    "{}",
                    json!({ "result": "mapping", "exit_code": EXIT_OK, "mapped": merged.len(), "problems": problems })
                );
            } else {
                println!(
                    "{}",
                    crate::fl!(
                        "cli-mapping-imported",
                        count = merged.len(),
                        path = file.display().to_string()
                    )
                );
                for p in &problems {
                    println!("  {p}");
                }
            }
            EXIT_OK
        }
        MappingCommand::Suggest { accept, .. } => {
            let suggestions = saved.suggest(
                targets,
                accounts,
                &crate::integration::matcher::MatchOptions::default(),
            );
            let name_of_target = |key: &str| {
                targets
                    .iter()
                    .find(|t| t.key == key)
                    .map_or_else(|| key.to_string(), |t| t.name.clone())
            };
            let name_of_company = |id: i64| {
                accounts
                    .iter()
                    .find(|a| a.id == id)
                    .map_or_else(String::new, |a| a.name.clone())
            };
            let refused: Vec<String> = if accept {
                let refused = saved
                    .accept(&suggestions)
                    .iter()
                    .map(ToString::to_string)
                    .collect();
                if let Err(e) = save(&saved) {
                    return fail_with(json_out, EXIT_FAILED, e);
                }
                refused
            } else {
                Vec::new()
            };
            if json_out {
                let list: Vec<serde_json::Value> = suggestions
                    .iter()
                    .map(|s| {
                        json!({
                            "vserver_uid": s.vserver,
                            "vserver_name": name_of_target(&s.vserver),
                            "company_id": s.company_id,
                            "company_name": name_of_company(s.company_id),
                            "score": s.score,
                            "reason": s.reason.to_string(),
                        })
                    })
                    .collect();
                println!(
                    "{}",
                    json!({ "result": "suggestions", "exit_code": EXIT_OK, "suggestions": list, "accepted": accept, "refused": refused, "mapped": saved.len() })
                );
            } else {
                for s in &suggestions {
                    println!(
                        "{} → {} (#{}), {:.0} %, {}",
                        name_of_target(&s.vserver),
                        name_of_company(s.company_id),
                        s.company_id,
                        f64::from(s.score) * 100.0,
                        s.reason
                    );
                }
                for r in &refused {
                    println!("  {r}");
                }
                if accept {
                    println!(
                        "{}",
                        crate::fl!("cli-mapping-accepted", count = saved.len())
                    );
                }
            }
            EXIT_OK
        }
    }
}

fn secret(user: &str, field: AutotaskField, env: Option<&String>) -> Result<Secret, String> {
    if let Some(name) = env {
        return super::script::env_secret(name, user);
    }
    match crate::secrets::load_blocking(&SecretKey::autotask(user, field)) {
        Ok(Some(s)) => Ok(s),
        Ok(None) => Err(crate::fl!(
            "cli-autotask-keyring-missing",
            user = user.to_string()
        )),
        Err(e) => Err(e.to_string()),
    }
}

async fn check(args: CheckArgs) -> i32 {
    let json_out = args.server.json;
    let fail = |code: i32, message: String| super::script::report_error(json_out, code, &message);
    let user = args.autotask_user.trim().to_string();
    let creds = match (
        secret(
            &user,
            AutotaskField::Secret,
            args.autotask_secret_env.as_ref(),
        ),
        secret(
            &user,
            AutotaskField::IntegrationCode,
            args.integration_code_env.as_ref(),
        ),
    ) {
        (Ok(secret), Ok(integration_code)) => Credentials {
            user_name: user.clone(),
            secret,
            integration_code,
        },
        (Err(e), _) | (_, Err(e)) => return fail(EXIT_BAD_INPUT, e),
    };
    let trust = match &args.autotask_pin_sha256 {
        Some(hex) => match Pin::from_hex(hex) {
            Ok(p) => Trust::Pinned(p),
            Err(e) => return fail(EXIT_BAD_INPUT, e.to_string()),
        },
        None => Trust::Platform,
    };
    let opts = ClientOptions::new(&args.discovery_url, trust);
    let ksc = match sign_in(&args.server).await {
        Ok(c) => c,
        Err(f) => return f.report(json_out),
    };
    let results = run_checks(&ksc, opts, creds).await;
    let _ = ksc.close().await;
    let automatic: Vec<&(CheckId, CheckState)> = results
        .items
        .iter()
        .filter(|(id, _)| !id.is_manual())
        .collect();
    let all_ok = automatic.iter().all(|(_, s)| s.is_ok());
    if json_out {
        let items: Vec<serde_json::Value> = results
            .items
            .iter()
            .map(|(id, state)| {
                let (state_name, detail, todo) = match state {
                    CheckState::Ok(d) => ("ok", d.clone(), String::new()),
                    CheckState::Problem { what, what_to_do } => {
                        ("problem", what.clone(), what_to_do.clone())
                    }
                    CheckState::NotChecked | CheckState::Checking if id.is_manual() => {
                        ("confirm-by-hand", String::new(), String::new())
                    }
                    CheckState::NotChecked | CheckState::Checking => {
                        ("not-checked", String::new(), String::new())
                    }
                };
                json!({ "check": id.title(), "state": state_name, "detail": detail, "what_to_do": todo })
            })
            .collect();
        println!(
            "{}",
            json!({
                "result": if all_ok { "ok" } else { "problems" },
                "exit_code": if all_ok { EXIT_OK } else { EXIT_FAILED },
                "checks": items,
            })
        );
    } else {
        for (id, state) in &results.items {
            let line = match state {
                CheckState::Ok(d) => format!("✓ {}: {d}", id.title()),
                CheckState::Problem { what, what_to_do } => {
                    format!("✗ {}: {what}\n    {what_to_do}", id.title())
                }
                _ if id.is_manual() => {
                    format!("? {}: {}", id.title(), crate::fl!("cli-autotask-by-hand"))
                }
                _ => format!("○ {}: {}", id.title(), crate::fl!("prereq-not-checked")),
            };
            println!("{line}");
        }
    }
    if all_ok { EXIT_OK } else { EXIT_FAILED }
}
