//! `ksc-link sim`: runs simulated servers until interrupted.

use std::path::PathBuf;

use anyhow::Context as _;

use super::pair::{self, ServerCard};
use crate::cli::SimArgs;

fn text_card(c: &ServerCard) -> String {
    let role = match c.role {
        pair::Role::Primary => "Primary Administration Server (future primary)",
        pair::Role::Secondary => "Secondary Administration Server (future secondary)",
    };
    format!(
        "{role}\n  Open API:     {}\n  SSL port:     {}\n  User:         {}\n  Password:     {}\n  \
         Certificate:  {}\n  SHA-256:      {}\n",
        c.api_url,
        c.ssl_port,
        c.user,
        c.password,
        c.cert_path.display(),
        c.sha256
    )
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
    let mut cfg = super::autotask::AutotaskSimConfig::new(base.join("autotask"));
    cfg.seed = seed;
    let sim = super::autotask::start(cfg)
        .await
        .context("cannot start the simulated Autotask tenant")?;
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
        println!(
            "Simulated Autotask tenant\n  Discovery URL:     {}\n  Zone URL:          {}\n  \
             API user:          {}\n  Secret:            {}\n  Integration code:  {}\n  \
             Companies:         {}\n  Certificate:       {}\n",
            card.base_url,
            sim.zone_url(),
            card.user,
            card.secret,
            card.integration_code,
            card.companies,
            card.cert_path.display()
        );
        println!("Runs on 127.0.0.1 until you press Ctrl+C.");
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
    let (base, _temp): (PathBuf, Option<TempDir>) = match &args.state {
        Some(dir) => (dir.clone(), None),
        None => {
            let t = TempDir::new().context("cannot create a temporary folder")?;
            (t.path().to_path_buf(), Some(t))
        }
    };
    if args.autotask {
        return run_autotask(&base, args.seed.clone(), args.json).await;
    }
    let pair = pair::start_pair(&base, pair::interactive_link_config())
        .await
        .context("cannot start the simulated servers")?;
    for c in pair.cards() {
        if args.json {
            println!("{}", serde_json::to_string(&c)?);
        } else {
            println!("{}", text_card(&c));
        }
    }
    if !args.json {
        println!(
            "Simulated servers run on 127.0.0.1 until you press Ctrl+C. State: {}",
            base.display()
        );
    }
    wait_for_stop().await?;
    pair.shutdown().await;
    Ok(())
}

pub use tempfile_dir::TempDir;

/// A temporary folder removed on drop (std has none; this avoids a run-time dependency).
mod tempfile_dir {
    use std::path::{Path, PathBuf};

    /// A folder under the system temporary folder, removed with its contents on drop.
    pub struct TempDir(PathBuf);

    impl TempDir {
        /// Creates a new, uniquely named folder.
        pub fn new() -> std::io::Result<Self> {
            let name = format!(
                "ksc-link-sim-{}-{}",
                std::process::id(),
                rand::random::<u64>()
            );
            let p = std::env::temp_dir().join(name);
            std::fs::create_dir(&p)?;
            Ok(Self(p))
        }

        /// Its path.
        pub fn path(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}
