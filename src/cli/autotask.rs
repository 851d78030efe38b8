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
}

/// Options of `autotask check`.
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
    }
}

fn secret(user: &str, field: AutotaskField, env: Option<&String>) -> Result<Secret, String> {
    if let Some(name) = env {
        return std::env::var(name).map(Secret::new).map_err(|_| {
            crate::fl!(
                "script-env-missing",
                name = name.clone(),
                what = user.to_string()
            )
        });
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
    let fail = |code: i32, message: String| {
        if json_out {
            println!(
                "{}",
                json!({ "result": "error", "exit_code": code, "error": message })
            );
        } else {
            eprintln!("ksc-link: {message}");
        }
        code
    };
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
