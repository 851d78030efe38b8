//! A simulated Autotask PSA tenant (REST API v1.0): a discovery host that answers the
//! unauthenticated zone lookup, and a zone host that serves `Version`, `ThresholdInformation`,
//! the Companies entity information, queries with paging, and companies by id ([`http`]),
//! over HTTPS with its own self-signed certificate. The tenant comes from a TOML seed
//! ([`seed`]); its live state ([`state`]) is open to tests.
//!
//! ```no_run
//! # async fn demo() -> Result<(), ksc_link::sim::autotask::AutotaskSimError> {
//! use ksc_link::sim::autotask::{AutotaskSimConfig, start};
//! let sim = start(AutotaskSimConfig::new("/tmp/autotask-sim")).await?;
//! println!("discovery at {}, trust {}", sim.base_url(), sim.cert_path().display());
//! sim.shutdown().await;
//! # Ok(()) }
//! ```

pub mod http;
pub mod query;
pub mod seed;
pub mod state;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;

use self::seed::{Seed, SeedError};
use self::state::{SimData, SimState};
use crate::secrets::Secret;
use crate::tls::TlsError;

/// File name of the simulator's certificate (PEM) in its folder.
pub const CERT_FILE: &str = "autotask-sim.pem";

/// How to start a simulated tenant.
#[derive(Clone, Debug)]
pub struct AutotaskSimConfig {
    /// Where the certificate (PEM) is written for clients that trust a file.
    pub dir: PathBuf,
    /// Seed file (TOML).
    pub seed: Option<PathBuf>,
    /// Seed text, used instead of `seed`; with neither, the built-in demo tenant.
    pub seed_text: Option<String>,
    /// Address of the discovery host (port 0 = any free port).
    pub discovery_addr: SocketAddr,
    /// Address of the zone host (port 0 = any free port).
    pub zone_addr: SocketAddr,
}

impl AutotaskSimConfig {
    /// Defaults: both hosts on 127.0.0.1 with OS-chosen ports, the demo tenant.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        let any = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0);
        Self {
            dir: dir.into(),
            seed: None,
            seed_text: None,
            discovery_addr: any,
            zone_addr: any,
        }
    }
}

/// Why the simulator could not start.
#[derive(Debug, thiserror::Error)]
pub enum AutotaskSimError {
    /// The seed is missing or wrong.
    #[error(transparent)]
    Seed(#[from] SeedError),
    /// The certificate could not be made or written.
    #[error("simulator certificate: {0}")]
    Certificate(String),
    /// The TLS configuration failed.
    #[error("simulator TLS: {0}")]
    Tls(#[from] TlsError),
    /// A port could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The start-up work panicked or was cancelled.
    #[error("simulator start-up failed: {0}")]
    Startup(String),
}

/// A running simulated tenant. Dropping it stops both hosts (without waiting).
pub struct AutotaskSim {
    state: SimState,
    discovery_addr: SocketAddr,
    zone_addr: SocketAddr,
    cert_der: Vec<u8>,
    cert_path: PathBuf,
    user: String,
    secret: Secret,
    integration_code: Secret,
    shutdown: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl std::fmt::Debug for AutotaskSim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AutotaskSim")
            .field("discovery_addr", &self.discovery_addr)
            .field("zone_addr", &self.zone_addr)
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

fn url_host(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) if v4.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) if v6.is_unspecified() => "[::1]".to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    }
}

fn base(addr: SocketAddr) -> String {
    format!("https://{}:{}/", url_host(addr.ip()), addr.port())
}

async fn bind(addr: SocketAddr) -> Result<TcpListener, AutotaskSimError> {
    let l = TcpListener::bind(addr)
        .await
        .map_err(|source| AutotaskSimError::Bind { addr, source })?;
    Ok(l)
}

fn local(l: &TcpListener, asked: SocketAddr) -> Result<SocketAddr, AutotaskSimError> {
    l.local_addr().map_err(|source| AutotaskSimError::Bind {
        addr: asked,
        source,
    })
}

/// Starts the simulated tenant: seeds it, makes a certificate for both hosts, binds them and
/// serves.
pub async fn start(cfg: AutotaskSimConfig) -> Result<AutotaskSim, AutotaskSimError> {
    let seed = match (&cfg.seed_text, &cfg.seed) {
        (Some(text), _) => Seed::parse(text)?,
        (None, Some(path)) => Seed::load(path)?,
        (None, None) => Seed::parse(seed::DEMO)?,
    };
    let discovery_listener = bind(cfg.discovery_addr).await?;
    let zone_listener = bind(cfg.zone_addr).await?;
    let discovery_addr = local(&discovery_listener, cfg.discovery_addr)?;
    let zone_addr = local(&zone_listener, cfg.zone_addr)?;

    let mut names = vec!["localhost".to_string(), "127.0.0.1".to_string()];
    for ip in [discovery_addr.ip(), zone_addr.ip()] {
        let s = ip.to_string();
        if !ip.is_unspecified() && !names.contains(&s) {
            names.push(s);
        }
    }
    let dir = cfg.dir.clone();
    // RSA key generation and file I/O block: keep them off the async workers.
    let (details, identity, cert_path) = tokio::task::spawn_blocking(move || {
        let (details, identity, _key) = crate::cert::generate_server_identity(&names, 397)
            .map_err(|e| AutotaskSimError::Certificate(e.to_string()))?;
        std::fs::create_dir_all(&dir).map_err(|e| {
            AutotaskSimError::Certificate(format!("cannot create {}: {e}", dir.display()))
        })?;
        let path = dir.join(CERT_FILE);
        std::fs::write(&path, details.to_pem()).map_err(|e| {
            AutotaskSimError::Certificate(format!("cannot write {}: {e}", path.display()))
        })?;
        Ok::<_, AutotaskSimError>((details, identity, path))
    })
    .await
    .map_err(|e| AutotaskSimError::Startup(e.to_string()))??;

    let first_user = seed
        .users
        .iter()
        .find(|u| u.api_user && u.can_query_companies)
        .or_else(|| seed.users.first());
    let (user, secret) = first_user
        .map(|u| (u.user_name.clone(), Secret::new(u.secret.clone())))
        .unwrap_or_default();
    let integration_code = Secret::new(seed.integration_codes.first().cloned().unwrap_or_default());

    let state = SimState::new(SimData::from_seed(&seed));
    let zone_base = base(zone_addr);
    let shared = Arc::new(http::Shared {
        state: state.clone(),
        zone_url: format!("{zone_base}ATServicesRest/"),
        web_url: zone_base,
    });
    let acceptor = TlsAcceptor::from(crate::tls::server_config(identity, None)?);
    let (shutdown, rx) = watch::channel(false);
    let tasks = vec![
        tokio::spawn(http::run(
            discovery_listener,
            acceptor.clone(),
            shared.clone(),
            true,
            rx.clone(),
        )),
        tokio::spawn(http::run(zone_listener, acceptor, shared, false, rx)),
    ];
    tracing::info!(discovery = %discovery_addr, zone = %zone_addr, "simulated Autotask tenant started");
    Ok(AutotaskSim {
        state,
        discovery_addr,
        zone_addr,
        cert_der: details.der,
        cert_path,
        user,
        secret,
        integration_code,
        shutdown,
        tasks,
    })
}

impl AutotaskSim {
    /// The discovery base URL, ending in `/`, as clients take it (they append
    /// `v1.0/zoneInformation?user=`), e.g. `https://127.0.0.1:40123/ATServicesRest/`.
    pub fn base_url(&self) -> String {
        format!("{}ATServicesRest/", base(self.discovery_addr))
    }

    /// The zone's REST base that the zone lookup answers, ending in `/`.
    pub fn zone_url(&self) -> String {
        format!("{}ATServicesRest/", base(self.zone_addr))
    }

    /// The certificate both hosts present (DER).
    pub fn cert_der(&self) -> &[u8] {
        &self.cert_der
    }

    /// The certificate as a PEM file, for clients that trust a CA file.
    pub fn cert_path(&self) -> &Path {
        &self.cert_path
    }

    /// The API user that may do everything.
    pub fn user(&self) -> &str {
        &self.user
    }

    /// That user's secret.
    pub fn secret(&self) -> &Secret {
        &self.secret
    }

    /// An accepted API tracking identifier.
    pub fn integration_code(&self) -> &Secret {
        &self.integration_code
    }

    /// The tenant's live state.
    pub fn state(&self) -> SimState {
        self.state.clone()
    }

    /// Stops both hosts and waits until every connection is closed.
    pub async fn shutdown(mut self) {
        self.shutdown.send_replace(true);
        for task in self.tasks.drain(..) {
            if let Err(e) = task.await {
                tracing::debug!(error = %e, "simulated Autotask task ended abnormally");
            }
        }
    }
}

impl Drop for AutotaskSim {
    fn drop(&mut self) {
        self.shutdown.send_replace(true);
    }
}
