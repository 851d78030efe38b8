//! `ksc-link sim`: runs simulated servers until interrupted.

use std::path::PathBuf;

use anyhow::Context as _;

use super::SimArgs;
use crate::sim::ksc::faults::FaultTarget;
use crate::sim::ksc::identity::Validity;
use crate::sim::pair::{self, ServerCard};

fn text_card(c: &ServerCard) -> String {
    let role = text_role(c.role);
    let rows = [
        ("Open API".to_string(), c.api_url.clone()),
        (crate::fl!("sim-cli-ssl-port"), c.ssl_port.to_string()),
        (crate::fl!("sim-cli-user"), c.user.clone()),
        (crate::fl!("sim-cli-password"), c.password.clone()),
        (
            crate::fl!("sim-cli-certificate"),
            c.cert_path.display().to_string(),
        ),
        ("SHA-256".to_string(), c.sha256.clone()),
    ];
    format!("{role}\n{}", crate::cli::aligned(&rows, "  "))
}

/// How to reach the simulated Autotask tenant, as printed by `ksc-link sim --autotask --json`.
#[derive(Debug, serde::Serialize)]
pub struct AutotaskCard {
    /// Always `autotask`.
    pub role: &'static str,
    /// The zone-discovery base URL, ending in `/`, as independent clients expect it.
    pub base_url: String,
    /// The API user.
    pub user: String,
    /// Its secret (simulator credentials).
    pub secret: String,
    /// The API tracking identifier (integration code) the tenant accepts.
    pub integration_code: String,
    /// Number of companies in the tenant.
    pub companies: usize,
    /// The simulator's certificate (PEM), to trust.
    pub cert_path: PathBuf,
}

async fn run_autotask(
    base: &std::path::Path,
    seed: Option<PathBuf>,
    json: bool,
) -> anyhow::Result<()> {
    let mut cfg = crate::sim::autotask::AutotaskSimConfig::new(base.join("autotask"));
    cfg.seed = seed;
    let sim = crate::sim::autotask::start(cfg)
        .await
        .with_context(|| crate::fl!("sim-cli-autotask-failed"))?;
    let card = AutotaskCard {
        role: "autotask",
        base_url: sim.base_url(),
        user: sim.user().to_string(),
        secret: sim.secret().expose().to_string(),
        integration_code: sim.integration_code().expose().to_string(),
        companies: sim.state().company_count(),
        cert_path: sim.cert_path().to_path_buf(),
    };
    if json {
        println!("{}", serde_json::to_string(&card)?);
    } else {
        let rows = [
            (crate::fl!("sim-cli-discovery-url"), card.base_url.clone()),
            (crate::fl!("sim-cli-zone-url"), sim.zone_url().to_string()),
            (crate::fl!("sim-cli-api-user"), card.user.clone()),
            (crate::fl!("sim-cli-secret"), card.secret.clone()),
            (
                crate::fl!("sim-cli-integration-code"),
                card.integration_code.clone(),
            ),
            (crate::fl!("sim-cli-companies"), card.companies.to_string()),
            (
                crate::fl!("sim-cli-certificate"),
                card.cert_path.display().to_string(),
            ),
        ];
        println!(
            "{}\n{}",
            crate::fl!("sim-cli-autotask"),
            crate::cli::aligned(&rows, "  ")
        );
        println!("{}", crate::fl!("sim-cli-until-ctrl-c"));
    }
    wait_for_stop().await?;
    sim.shutdown().await;
    Ok(())
}

/// Waits for Ctrl+C, or on Unix also for SIGTERM (a service manager or a script stopping us).
async fn wait_for_stop() -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .context("cannot listen for SIGTERM")?;
        tokio::select! {
            r = tokio::signal::ctrl_c() => r.context("cannot wait for Ctrl+C")?,
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    tokio::signal::ctrl_c()
        .await
        .context("cannot wait for Ctrl+C")?;
    Ok(())
}

/// Runs `ksc-link sim` with the parsed options.
pub async fn run(args: SimArgs) -> anyhow::Result<()> {
    // The pair is the only mode today; `--pair` is accepted for scripts that say it explicitly.
    let _ = args.pair;
    let (base, _temp): (PathBuf, Option<tempfile::TempDir>) = match &args.state {
        Some(dir) => (dir.clone(), None),
        None => {
            let t = temp_state().context("cannot create a temporary folder")?;
            (t.path().to_path_buf(), Some(t))
        }
    };
    if args.autotask {
        return run_autotask(&base, args.seed.clone(), args.json).await;
    }
    let pair = pair::start_pair_configured(&base, pair::interactive_link_config(), |role, cfg| {
        for c in args
            .cert_expiry
            .iter()
            .filter(|c| role_of(c.target) == role)
        {
            cfg.certificate_validity = Some(Validity::expiring_in_days(c.days));
        }
    })
    .await
    .with_context(|| crate::fl!("sim-cli-start-failed"))?;
    let server_of = |target| match target {
        FaultTarget::Primary => &pair.primary,
        FaultTarget::Secondary => &pair.secondary,
    };
    for s in &args.reserve_swaps {
        // Made at start, as KSC has it ready from 90 days before expiry; a moment of RSA key
        // generation before anything is served to a person.
        server_of(s.target)
            .sim()
            .make_reserve_certificate()
            .with_context(|| crate::fl!("sim-cli-start-failed"))?;
    }
    for f in &args.faults {
        let server = server_of(f.target);
        server
            .sim()
            .state()
            .inject_transport_fault(&f.method, f.fault);
    }
    for c in &args.clock_offsets {
        server_of(c.target)
            .sim()
            .state()
            .set_clock_offset(c.seconds);
    }
    for c in pair.cards() {
        if args.json {
            println!("{}", serde_json::to_string(&c)?);
        } else {
            println!("{}", text_card(&c));
        }
    }
    if !args.json {
        println!(
            "{}",
            crate::fl!(
                "sim-cli-pair-until-ctrl-c",
                state = base.display().to_string()
            )
        );
    }
    let stop = wait_for_stop();
    tokio::pin!(stop);
    let started = tokio::time::Instant::now();
    let mut swaps: Vec<_> = args.reserve_swaps.iter().collect();
    swaps.sort_by_key(|s| s.after);
    for s in swaps {
        tokio::select! {
            r = &mut stop => {
                pair.shutdown().await;
                return r;
            }
            () = tokio::time::sleep_until(started + s.after) => {
                let server = server_of(s.target);
                let swapped = server.sim().swap_in_reserve();
                let card = pair::card(role_of(s.target), server);
                match swapped {
                    Ok(_) if args.json => println!(
                        "{}",
                        serde_json::json!({
                            "event": "reserve_swapped",
                            "role": card.role,
                            "sha256": card.sha256,
                        })
                    ),
                    Ok(d) => println!(
                        "{}",
                        crate::fl!(
                            "sim-cli-reserve-swapped",
                            server = text_role(card.role),
                            fingerprint = d.sha256_colon(),
                            until = crate::cert::show_date(d.not_after)
                        )
                    ),
                    Err(e) => eprintln!("ksc-link: {e}"),
                }
            }
        }
    }
    let stopped = stop.await;
    pair.shutdown().await;
    stopped
}

fn role_of(target: FaultTarget) -> pair::Role {
    match target {
        FaultTarget::Primary => pair::Role::Primary,
        FaultTarget::Secondary => pair::Role::Secondary,
    }
}

fn text_role(role: pair::Role) -> String {
    match role {
        pair::Role::Primary => crate::fl!("sim-cli-primary"),
        pair::Role::Secondary => crate::fl!("sim-cli-secondary"),
    }
}

/// A fresh folder for simulated servers' state, removed when dropped.
pub fn temp_state() -> std::io::Result<tempfile::TempDir> {
    tempfile::Builder::new().prefix("ksc-link-sim-").tempdir()
}
