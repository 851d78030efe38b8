//! `ksc-link secondary …`: keeping a primary's secondaries from the command line, through the
//! same domain functions as the "Secondary servers" page (`hierarchy::maintain`). Each prints
//! what it will write first; `--dry-run` stops there.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde_json::json;

use super::connect::{Failure, ServerArgs, sign_in};
use super::script::{EXIT_BAD_INPUT, EXIT_CONNECTION, EXIT_FAILED, EXIT_OK};
use crate::hierarchy::PlannedWrite;
use crate::hierarchy::maintain::{self, Rename, SecondarySide};
use crate::kloapi::KscClient;

/// `ksc-link secondary`.
#[derive(Debug, Subcommand)]
pub enum SecondaryCommand {
    /// Give a secondary another display name on its primary, e.g. ksc-link secondary rename
    /// ksc-hq.corp.example --user admin --id 3 --name "Berlin office".
    Rename {
        #[command(flatten)]
        target: Target,
        /// The new display name.
        #[arg(long)]
        name: String,
    },
    /// Move a secondary to another administration group of its primary, e.g. ksc-link
    /// secondary move ksc-hq.corp.example --user admin --id 3 --group "/Branch offices".
    Move {
        #[command(flatten)]
        target: Target,
        /// The group, as a path from "Managed devices": /Branch offices/Berlin.
        #[arg(long, value_name = "PATH")]
        group: String,
    },
    /// Register a secondary again with the certificate it presents now (after a reinstall or
    /// klsetsrvcert), under the same name and group, e.g. ksc-link secondary rekey
    /// ksc-hq.corp.example --user admin --id 3 --fetch ksc-berlin.corp.example:13000
    /// --confirm-sha256 AA:BB:….
    Rekey {
        #[command(flatten)]
        target: Target,
        /// Read the new certificate from this file (klserver.cer).
        #[arg(long, value_name = "FILE", conflicts_with = "fetch")]
        certificate: Option<PathBuf>,
        /// Fetch the new certificate from the secondary's SSL port, HOST:PORT.
        #[arg(long, value_name = "HOST:PORT")]
        fetch: Option<String>,
        /// The new certificate's SHA-256, as its administrator reads it out on the secondary.
        #[arg(long, value_name = "HEX")]
        confirm_sha256: Option<String>,
    },
    /// Remove a secondary on both sides: its own settings (through the primary's gateway) and
    /// its registration, e.g. ksc-link secondary remove ksc-hq.corp.example --user admin --id 3.
    Remove {
        #[command(flatten)]
        target: Target,
        /// Where to write the note for the secondary's administrator when it cannot be reached.
        #[arg(long, value_name = "FILE")]
        note: Option<PathBuf>,
    },
}

/// The primary, the secondary's id on it, and whether to stop after showing the plan.
#[derive(Debug, Args)]
pub struct Target {
    #[command(flatten)]
    pub server: ServerArgs,
    /// The secondary's id on the primary (the `id` of `ksc-link status`).
    #[arg(long)]
    pub id: i32,
    /// Show what would be written, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Runs a `secondary` command; its exit code.
pub fn run(command: SecondaryCommand) -> i32 {
    let json_out = match &command {
        SecondaryCommand::Rename { target, .. }
        | SecondaryCommand::Move { target, .. }
        | SecondaryCommand::Rekey { target, .. }
        | SecondaryCommand::Remove { target, .. } => target.server.json,
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => return Failure::new(EXIT_FAILED, e.to_string()).report(json_out),
    };
    match runtime.block_on(run_inner(command)) {
        Ok(()) => EXIT_OK,
        Err(f) => f.report(json_out),
    }
}

async fn run_inner(command: SecondaryCommand) -> Result<(), Failure> {
    match command {
        SecondaryCommand::Rename { target, name } => {
            let primary = sign_in(&target.server).await?;
            let change = Rename {
                id: target.id,
                display_name: Some(name),
                group: None,
            };
            rename(&primary, &target, &change).await
        }
        SecondaryCommand::Move { target, group } => {
            let primary = sign_in(&target.server).await?;
            let tree = primary
                .host_group()
                .group_tree()
                .await
                .map_err(Failure::from_ksc)?;
            let path = crate::hierarchy::plan_file::group_path(&group);
            let found = crate::hierarchy::run_plan::find_group(&tree, &path)
                .map_err(|e| Failure::new(EXIT_BAD_INPUT, e))?;
            let change = Rename {
                id: target.id,
                display_name: None,
                group: Some(found),
            };
            rename(&primary, &target, &change).await
        }
        SecondaryCommand::Rekey {
            target,
            certificate,
            fetch,
            confirm_sha256,
        } => rekey(target, certificate, fetch, confirm_sha256).await,
        SecondaryCommand::Remove { target, note } => remove(target, note).await,
    }
}

fn print_plan(json_out: bool, plan: &[PlannedWrite]) {
    if json_out {
        return;
    }
    println!("{}", crate::fl!("cli-secondary-plan"));
    for w in plan {
        println!("  {}: {} ({})", w.label, w.value, w.name);
    }
}

fn plan_json(plan: &[PlannedWrite]) -> serde_json::Value {
    plan.iter()
        .map(|w| json!({"name": w.name, "label": w.label, "value": w.value}))
        .collect()
}

fn done(json_out: bool, result: &str, plan: &[PlannedWrite], lines: &[String]) {
    if json_out {
        println!(
            "{}",
            json!({"result": result, "exit_code": EXIT_OK, "plan": plan_json(plan), "done": lines})
        );
    } else {
        for l in lines {
            println!("{l}");
        }
    }
}

fn failed(e: maintain::MaintainFailure) -> Failure {
    Failure::new(EXIT_FAILED, e.to_string())
}

async fn rename(primary: &KscClient, target: &Target, change: &Rename) -> Result<(), Failure> {
    let json_out = target.server.json;
    let current = maintain::read_registered(primary, target.id)
        .await
        .map_err(Failure::from_ksc)?;
    let plan = maintain::rename_plan(&current.child, change);
    print_plan(json_out, &plan);
    if target.dry_run || plan.is_empty() {
        done(json_out, "planned", &plan, &[]);
        return Ok(());
    }
    let lines = maintain::rename_or_move(primary, change)
        .await
        .map_err(failed)?;
    let _ = primary.close().await;
    done(json_out, "changed", &plan, &lines);
    Ok(())
}

async fn rekey(
    target: Target,
    certificate: Option<PathBuf>,
    fetch: Option<String>,
    confirm_sha256: Option<String>,
) -> Result<(), Failure> {
    let json_out = target.server.json;
    // Bad input is named before anything is asked of a server.
    if let Some(at) = &fetch {
        maintain::ssl_address(at).map_err(|e| Failure::new(EXIT_BAD_INPUT, e))?;
    }
    let new = match &certificate {
        Some(path) => Some(
            crate::cert::load_certificate_file(path)
                .map_err(|e| Failure::new(EXIT_BAD_INPUT, format!("{}: {e}", path.display())))?,
        ),
        None if fetch.is_none() => {
            return Err(Failure::new(
                EXIT_BAD_INPUT,
                crate::fl!("cli-secondary-rekey-source"),
            ));
        }
        None => None,
    };
    let primary = sign_in(&target.server).await?;
    // The same fetch as the page's card.
    let new = match (new, fetch) {
        (Some(c), _) => c,
        (None, at) => maintain::presented_certificate(
            &primary,
            &[target.id],
            at.as_deref().unwrap_or_default(),
        )
        .await
        .map_err(|e| Failure::new(EXIT_CONNECTION, e))?,
    };
    let current = maintain::read_registered(&primary, target.id)
        .await
        .map_err(Failure::from_ksc)?;
    let plan = maintain::rekey_plan(&current, &new);
    print_plan(json_out, &plan);
    if target.dry_run {
        done(json_out, "planned", &plan, &[]);
        return Ok(());
    }
    // Trust changes here: the certificate is registered only once its fingerprint was compared.
    let confirmed = confirm_sha256
        .as_deref()
        .and_then(|h| crate::tls::Pin::from_hex(h).ok())
        .is_some_and(|p| p == new.pin());
    if !confirmed {
        return Err(Failure::new(
            EXIT_BAD_INPUT,
            crate::fl!("cli-secondary-confirm", fingerprint = new.sha256_colon()),
        ));
    }
    let r = maintain::rekey(&primary, target.id, &new)
        .await
        .map_err(failed)?;
    let _ = primary.close().await;
    let line = crate::fl!(
        "cli-secondary-rekeyed",
        old = r.old_id,
        new = r.new_id,
        fingerprint = r.new_sha256.clone()
    );
    done(json_out, "rekeyed", &plan, &[line]);
    Ok(())
}

async fn remove(target: Target, note: Option<PathBuf>) -> Result<(), Failure> {
    let json_out = target.server.json;
    let primary = sign_in(&target.server).await?;
    let current = maintain::read_registered(&primary, target.id)
        .await
        .map_err(Failure::from_ksc)?;
    let reached = crate::kloapi::connect_through(&primary, &[target.id])
        .await
        .map_err(|e| e.to_string());
    let plan = maintain::remove_plan(&current, reached.is_ok());
    print_plan(json_out, &plan);
    if target.dry_run {
        done(json_out, "planned", &plan, &[]);
        return Ok(());
    }
    let removed =
        maintain::remove_both_sides(&primary, target.id, reached.as_ref().map_err(String::clone))
            .await
            .map_err(failed)?;
    let mut lines = vec![crate::fl!(
        "cli-secondary-removed",
        name = removed.name.clone(),
        id = removed.id
    )];
    match &removed.secondary {
        SecondarySide::Cleared(_) => lines.push(crate::fl!("cli-secondary-side-cleared")),
        SecondarySide::OtherPrimary(address) => lines.push(crate::fl!(
            "cli-secondary-side-other",
            address = address.clone()
        )),
        SecondarySide::NotReached(_) => {}
    }
    if let Some(text) = removed.admin_note(&target.server.server) {
        match &note {
            Some(path) => {
                std::fs::write(path, format!("{text}\n"))
                    .map_err(|e| Failure::new(EXIT_FAILED, format!("{}: {e}", path.display())))?;
                lines.push(crate::fl!(
                    "cli-secondary-note-written",
                    path = path.display().to_string()
                ));
            }
            None => lines.push(text),
        }
    }
    if let Ok(gw) = reached {
        let _ = gw.close().await;
    }
    let _ = primary.close().await;
    done(json_out, "removed", &plan, &lines);
    Ok(())
}
