//! `ksc-link join-file show|export|import`: the offline join file of the "This server is
//! secondary" flow, without the window. Import trusts the primary's certificate only when its
//! fingerprint is given (`--confirm-sha256`), as the page asks for the tick.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde_json::json;
use time::OffsetDateTime;

use super::connect::{ServerArgs, sign_in};
use super::script::{EXIT_BAD_INPUT, EXIT_CONNECTION, EXIT_FAILED, EXIT_OK};
use crate::hierarchy::join_file::{JoinFile, ProxyAddress};
use crate::hierarchy::validate::{self, Field};
use crate::tls::Pin;

/// `ksc-link join-file …`.
#[derive(Debug, Subcommand)]
pub enum JoinFileCommand {
    /// Show and check a join file, e.g. ksc-link join-file show /media/usb/ksc-join.toml.
    Show {
        /// The join file.
        file: PathBuf,
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// On the primary: write a join file for its secondaries, e.g. ksc-link join-file export
    /// ksc-hq.corp.example --user admin --out /media/usb/ksc-join.toml.
    Export(ExportArgs),
    /// On the secondary: make it secondary of the primary the file names, once its certificate's
    /// fingerprint is confirmed, e.g. ksc-link join-file import ksc-join.toml ksc-berlin --user
    /// admin --confirm-sha256 AA:BB:….
    Import(ImportArgs),
}

/// Options of `join-file export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The primary to sign in to.
    #[command(flatten)]
    pub server: ServerArgs,
    /// Where to write the file.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// The primary's address as the secondaries dial it (default: HOST).
    #[arg(long)]
    pub address: Option<String>,
    /// The primary's SSL port as the secondaries dial it.
    #[arg(long, default_value_t = crate::wire::DEFAULT_SSL_PORT)]
    pub ssl_port: u16,
    /// A proxy the secondaries use, HOST:PORT (its user and password are typed there).
    #[arg(long, value_name = "HOST:PORT")]
    pub proxy: Option<String>,
}

/// Options of `join-file import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The join file.
    pub file: PathBuf,
    /// The secondary to sign in to.
    #[command(flatten)]
    pub server: ServerArgs,
    /// The primary certificate's SHA-256 fingerprint, as its administrator gave it; the file's
    /// certificate must have exactly this (a file proves nothing about who wrote it).
    #[arg(long, value_name = "HEX")]
    pub confirm_sha256: String,
}

/// Runs a `join-file` command; returns the exit code.
pub fn run(command: JoinFileCommand) -> i32 {
    match command {
        JoinFileCommand::Show { file, json } => show(&file, json),
        JoinFileCommand::Export(args) => super::on_runtime(export(args)),
        JoinFileCommand::Import(args) => super::on_runtime(import(args)),
    }
}

fn fail(json_out: bool, code: i32, message: String) -> i32 {
    super::script::report_error(json_out, code, &message)
}

fn show(file: &std::path::Path, json_out: bool) -> i32 {
    let j = match JoinFile::read(file) {
        Ok(j) => j,
        Err(e) => return fail(json_out, EXIT_BAD_INPUT, format!("{}: {e}", file.display())),
    };
    if json_out {
        println!(
            "{}",
            json!({
                "result": "join-file",
                "exit_code": EXIT_OK,
                "primary_address": j.primary_address,
                "ssl_port": j.ssl_port,
                "api_port": j.api_port,
                "certificate_sha256": j.fingerprint(),
                "proxy": j.proxy.as_ref().map(|p| crate::net::host_port(&p.host, p.port)),
                "created": j.created.unix_timestamp(),
            })
        );
    } else {
        let rows = vec![
            (
                crate::fl!("cli-join-primary"),
                crate::net::host_port(&j.primary_address, j.ssl_port),
            ),
            (crate::fl!("cli-join-fingerprint"), j.fingerprint()),
            (
                crate::fl!("cli-join-proxy"),
                j.proxy.as_ref().map_or_else(
                    || crate::fl!("cli-join-no-proxy"),
                    |p| crate::net::host_port(&p.host, p.port),
                ),
            ),
        ];
        print!("{}", super::aligned(&rows, ""));
        print!(
            "{}",
            super::describe_certificate(&j.certificate, OffsetDateTime::now_utc())
        );
        println!("{}", crate::fl!("cli-cert-compare"));
    }
    EXIT_OK
}

async fn export(args: ExportArgs) -> i32 {
    let json_out = args.server.json;
    let client = match sign_in(&args.server).await {
        Ok(c) => c,
        Err(f) => return f.report(json_out),
    };
    let der = client.host_group().server_certificate().await;
    let _ = client.close().await;
    let der = match der {
        Ok(d) => d,
        Err(e) => return fail(json_out, EXIT_CONNECTION, e.to_string()),
    };
    let address = args
        .address
        .clone()
        .unwrap_or_else(|| crate::net::split_host_port(&args.server.server).0);
    let mut j = match JoinFile::new(&address, args.ssl_port, &der) {
        Ok(j) => j,
        Err(e) => return fail(json_out, EXIT_BAD_INPUT, e.to_string()),
    };
    if let Some(proxy) = &args.proxy {
        let (host, port) = crate::net::split_host_port(proxy);
        let parsed = validate::host(Field::ProxyAddress, &host)
            .and_then(|h| validate::port(Field::ProxyPort, &port).map(|p| (h, p)));
        match parsed {
            Ok((host, port)) => j.proxy = Some(ProxyAddress { host, port }),
            Err(e) => return fail(json_out, EXIT_BAD_INPUT, format!("{proxy}: {e}")),
        }
    }
    match j.write(&args.out) {
        Ok(()) => {
            if json_out {
                println!(
                    "{}",
                    json!({
                        "result": "exported",
                        "exit_code": EXIT_OK,
                        "file": args.out.display().to_string(),
                        "certificate_sha256": j.fingerprint(),
                    })
                );
            } else {
                println!(
                    "{}",
                    crate::fl!(
                        "cli-join-exported",
                        path = args.out.display().to_string(),
                        fingerprint = j.fingerprint()
                    )
                );
            }
            EXIT_OK
        }
        Err(e) => fail(json_out, EXIT_FAILED, e.to_string()),
    }
}

async fn import(args: ImportArgs) -> i32 {
    let json_out = args.server.json;
    let j = match JoinFile::read(&args.file) {
        Ok(j) => j,
        Err(e) => {
            return fail(
                json_out,
                EXIT_BAD_INPUT,
                format!("{}: {e}", args.file.display()),
            );
        }
    };
    let confirmed = match Pin::from_hex(&args.confirm_sha256) {
        Ok(p) => p,
        Err(e) => return fail(json_out, EXIT_BAD_INPUT, e.to_string()),
    };
    if j.certificate.pin() != confirmed {
        return fail(
            json_out,
            EXIT_CONNECTION,
            crate::fl!(
                "cli-join-mismatch",
                found = j.fingerprint(),
                expected = confirmed.colon_hex()
            ),
        );
    }
    let client = match sign_in(&args.server).await {
        Ok(c) => c,
        Err(f) => return f.report(json_out),
    };
    let r = crate::hierarchy::make_secondary(&client, &j.secondary_settings()).await;
    let _ = client.close().await;
    match r {
        Ok(report) => {
            if json_out {
                println!(
                    "{}",
                    json!({
                        "result": "secondary",
                        "exit_code": EXIT_OK,
                        "primary": crate::net::host_port(&j.primary_address, j.ssl_port),
                        "changed": report.changes.iter().map(|c| c.name.clone()).collect::<Vec<_>>(),
                        "read_back_failed": report.read_back_failed,
                    })
                );
            } else {
                println!(
                    "{}",
                    crate::fl!(
                        "cli-join-imported",
                        primary = crate::net::host_port(&j.primary_address, j.ssl_port)
                    )
                );
            }
            EXIT_OK
        }
        Err(e) => fail(json_out, EXIT_FAILED, e.to_string()),
    }
}
