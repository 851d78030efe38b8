//! A simulated Kaspersky Security Center Administration Server: the Open API over HTTPS
//! ([`api`]), its state on disk ([`state`], seeded from [`seed`]), the server certificate
//! ([`identity`]) and a bound SSL listener (the port-13000 equivalent) that the
//! server-to-server link serves.
//!
//! ```no_run
//! # async fn demo() -> Result<(), ksc_link::sim::ksc::SimError> {
//! use ksc_link::sim::ksc::{KscSimConfig, start};
//! let sim = start(KscSimConfig::new("/tmp/ksc-primary")).await?;
//! println!("Open API at {}, certificate {}", sim.api_url(), sim.cert_path().display());
//! sim.shutdown().await;
//! # Ok(()) }
//! ```

// Methods return the wire's `PxgError` (about 180 bytes) directly: it is the reply itself, errors
// are not on any hot path, and boxing it would obscure every method signature.
#![allow(clippy::result_large_err)]

pub mod api;
pub mod estate;
pub mod faults;
pub mod filter;
pub mod fleet;
pub mod gateway;
pub mod identity;
pub mod link;
pub mod link_store;
pub mod methods;
pub mod protect;
pub mod runtime;
pub mod seed;
pub mod state;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;

use self::identity::{IdentityError, ServerIdentity, Validity};
use self::seed::Seed;
use self::state::{SharedState, StateError};
use crate::tls::{Identity, TlsError};

/// How to start a simulated server.
#[derive(Clone, Debug)]
pub struct KscSimConfig {
    /// Where the state, the certificate and the keys live.
    pub state_dir: PathBuf,
    /// Seed file (TOML), read only when the state directory holds no state yet.
    pub seed: Option<PathBuf>,
    /// Seed text, used instead of `seed` when given; with neither, the built-in demo primary.
    pub seed_text: Option<String>,
    /// Address of the Open API (port 0 = any free port).
    pub api_addr: SocketAddr,
    /// Address of the SSL port (the port-13000 equivalent; port 0 = any free port).
    pub ssl_addr: SocketAddr,
    /// Host name of the machine: put in the certificate and used when the seed names none.
    pub hostname: String,
    /// Sessions end after this long without a request.
    pub session_ttl: Duration,
    /// How far the server's clock is off the true time, in seconds (positive: ahead); see
    /// [`SharedState::set_clock_offset`].
    pub clock_offset_seconds: i64,
    /// When the server's certificate is valid; `None`: 397 days from its first start, as KSC
    /// makes it at installation. A kept certificate that ends on another day is replaced.
    pub certificate_validity: Option<Validity>,
}

impl KscSimConfig {
    /// Defaults: both ports on 127.0.0.1 chosen by the OS, host name `localhost`, the built-in
    /// demo primary seed, 30-minute sessions, a clock on time, a fresh 397-day certificate.
    pub fn new(state_dir: impl Into<PathBuf>) -> Self {
        let any = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0);
        Self {
            state_dir: state_dir.into(),
            seed: None,
            seed_text: None,
            api_addr: any,
            ssl_addr: any,
            hostname: "localhost".to_string(),
            session_ttl: runtime::DEFAULT_SESSION_TTL,
            clock_offset_seconds: 0,
            certificate_validity: None,
        }
    }
}

/// Why the simulator could not start.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    /// The state could not be loaded or created.
    #[error("simulator state: {0}")]
    State(#[from] StateError),
    /// The certificate could not be loaded or created.
    #[error("simulator certificate: {0}")]
    Identity(#[from] IdentityError),
    /// The TLS configuration failed.
    #[error("simulator TLS: {0}")]
    Tls(#[from] TlsError),
    /// The start-up work panicked or was cancelled.
    #[error("simulator start-up failed: {0}")]
    Startup(String),
    /// Another swap took the reserve certificate between its making and this swap.
    #[error("simulator certificate: the reserve certificate was swapped in meanwhile")]
    ReserveGone,
    /// A port could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// A running simulated server. Dropping it stops the Open API as well (without waiting).
pub struct KscSim {
    state: SharedState,
    api_addr: SocketAddr,
    ssl_addr: SocketAddr,
    ssl_listener: Mutex<Option<TcpListener>>,
    identity: ServerIdentity,
    /// The identity the server has now (its own, or a new one after [`KscSim::reinstall`]):
    /// what the hierarchy link presents.
    current: Arc<std::sync::RwLock<Identity>>,
    /// The reserve certificate ("CR") made ahead of the current one's expiry, until it is
    /// swapped in.
    reserve: Mutex<Option<Identity>>,
    api: Arc<api::ApiShared>,
    shutdown: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for KscSim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KscSim")
            .field("api_addr", &self.api_addr)
            .field("ssl_addr", &self.ssl_addr)
            .field("state_dir", &self.state.dir())
            .finish_non_exhaustive()
    }
}

async fn bind(addr: SocketAddr) -> Result<TcpListener, SimError> {
    TcpListener::bind(addr)
        .await
        .map_err(|source| SimError::Bind { addr, source })
}

fn initial_state(cfg: &KscSimConfig) -> Result<state::SimData, StateError> {
    let (seed, origin) = match (&cfg.seed_text, &cfg.seed) {
        (Some(text), _) => (Seed::parse(text), PathBuf::from("<seed text>")),
        (None, Some(path)) => (Ok(Seed::load(path)?), path.clone()),
        (None, None) => (
            Seed::parse(seed::PRIMARY),
            PathBuf::from("<built-in primary seed>"),
        ),
    };
    let seed = seed.map_err(|detail| StateError::Seed {
        path: origin.clone(),
        detail,
    })?;
    seed.build(&cfg.hostname)
        .map_err(|detail| StateError::Seed {
            path: origin,
            detail,
        })
}

/// Starts a simulated server: loads (or seeds) the state, loads (or generates) the
/// certificate, binds both ports and serves the Open API.
pub async fn start(cfg: KscSimConfig) -> Result<KscSim, SimError> {
    let dir = cfg.state_dir.clone();
    let blocking_cfg = cfg.clone();
    // File I/O and RSA key generation block: keep them off the async workers.
    let (state, identity) = tokio::task::spawn_blocking(move || -> Result<_, SimError> {
        let dir = &blocking_cfg.state_dir;
        let state = SharedState::open(dir, || initial_state(&blocking_cfg))?;
        let identity = identity::load_or_create_valid(
            dir,
            &blocking_cfg.hostname,
            blocking_cfg.certificate_validity,
        )?;
        Ok((state, identity))
    })
    .await
    .map_err(|e| SimError::Startup(e.to_string()))??;
    state.set_session_ttl(cfg.session_ttl);
    state.set_clock_offset(cfg.clock_offset_seconds);
    state.set_certificate_der(identity.cert_der.clone());

    let api_listener = bind(cfg.api_addr).await?;
    let ssl_listener = bind(cfg.ssl_addr).await?;
    let local = |l: &TcpListener, asked: SocketAddr| {
        l.local_addr().map_err(|source| SimError::Bind {
            addr: asked,
            source,
        })
    };
    let api_addr = local(&api_listener, cfg.api_addr)?;
    let ssl_addr = local(&ssl_listener, cfg.ssl_addr)?;

    let tls = crate::tls::server_config(identity.identity.clone(), None)?;
    let shared = Arc::new(api::ApiShared {
        state: state.clone(),
        api_port: api_addr.port(),
        ssl_port: ssl_addr.port(),
        tls: std::sync::RwLock::new(TlsAcceptor::from(tls)),
        hostnames: identity::names_for(&cfg.hostname),
        restarts: watch::channel(0).0,
        relay: std::sync::RwLock::new(None),
    });
    let (shutdown, rx) = watch::channel(false);
    let task = tokio::spawn(api::run(api_listener, shared.clone(), rx));
    tracing::info!(api = %api_addr, ssl = %ssl_addr, dir = %dir.display(), "simulated KSC server started");
    Ok(KscSim {
        state,
        api_addr,
        ssl_addr,
        ssl_listener: Mutex::new(Some(ssl_listener)),
        current: Arc::new(std::sync::RwLock::new(identity.identity.clone())),
        reserve: Mutex::new(None),
        identity,
        api: shared,
        shutdown,
        task: Some(task),
    })
}

fn url_host(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) if v4.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) if v6.is_unspecified() => "[::1]".to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    }
}

impl KscSim {
    /// Port of the Open API.
    pub fn api_port(&self) -> u16 {
        self.api_addr.port()
    }

    /// Base URL of the Open API, e.g. `https://127.0.0.1:41234`.
    pub fn api_url(&self) -> String {
        format!(
            "https://{}:{}",
            url_host(self.api_addr.ip()),
            self.api_addr.port()
        )
    }

    /// Port of the SSL (server-to-server) listener.
    pub fn ssl_port(&self) -> u16 {
        self.ssl_addr.port()
    }

    /// Address of the SSL listener.
    pub fn ssl_addr(&self) -> SocketAddr {
        self.ssl_addr
    }

    /// Hands the bound SSL listener to whoever serves it (once).
    pub fn take_ssl_listener(&self) -> Option<TcpListener> {
        self.ssl_listener
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
    }

    /// The certificate the server started with (DER); [`KscSim::current_cert_der`] is the one
    /// it has after a reinstall or a reserve swap.
    pub fn cert_der(&self) -> &[u8] {
        &self.identity.cert_der
    }

    /// Path of `klserver.cer` (PEM) in the state directory.
    pub fn cert_path(&self) -> &Path {
        &self.identity.cert_path
    }

    /// Certificate and key, for the server-to-server link: the ones it has now.
    pub fn identity(&self) -> Identity {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The identity the link presents, read at each connection, so a reinstall shows on the
    /// SSL port as on the Open API.
    pub fn current_identity(&self) -> Arc<std::sync::RwLock<Identity>> {
        self.current.clone()
    }

    /// The certificate the server has now (DER): its own, or the one of the last
    /// [`KscSim::reinstall`].
    pub fn current_cert_der(&self) -> Vec<u8> {
        self.state.certificate_der()
    }

    /// The server is reinstalled (or given a new certificate with `klsetsrvcert`): from now on
    /// its Open API and its SSL port present `identity`, `GetStaticInfo` returns its
    /// certificate, and `klserver.cer` holds it. Open connections are closed, as by the
    /// restart that follows. Its state (groups, secondaries, its own primary's settings) stays,
    /// as after `klsetsrvcert`.
    /// The key is kept next to `klserver.cer`, so a restart presents the same certificate.
    pub fn reinstall(&self, identity: Identity) -> Result<(), SimError> {
        let leaf = identity::save(&self.identity.cert_path, &identity)?;
        self.state.set_certificate_der(leaf);
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = identity.clone();
        self.api.present(identity)?;
        self.api.drop_connections();
        Ok(())
    }

    /// From the next connection on, the Open API presents `identity` instead of the server's
    /// own certificate (`None`: its own again, the current one after a reinstall), as a server behind a load balancer with the
    /// wrong certificate, an intercepting proxy, or a reinstalled server would. Open
    /// connections are closed, as by a restart.
    pub fn present_certificate(&self, identity: Option<Identity>) -> Result<(), SimError> {
        let identity = identity.unwrap_or_else(|| self.identity());
        self.api.present(identity)?;
        self.api.drop_connections();
        Ok(())
    }

    /// Makes the reserve certificate ("CR") as KSC does 90 days before its certificate expires:
    /// self-signed, valid 397 days from now, for the same names as the current certificate.
    /// Nothing changes for peers until [`KscSim::swap_in_reserve`]. Returns its details.
    /// Generating the RSA key blocks for a moment.
    pub fn make_reserve_certificate(&self) -> Result<crate::cert::CertificateDetails, SimError> {
        let (details, reserve, _) =
            crate::cert::generate_server_identity(&self.current_names(), identity::VALIDITY_DAYS)
                .map_err(|e| IdentityError::Generate(e.to_string()))?;
        *self.reserve.lock().unwrap_or_else(|e| e.into_inner()) = Some(reserve);
        Ok(details)
    }

    /// The reserve certificate (DER), once made and until it is swapped in.
    pub fn reserve_cert_der(&self) -> Option<Vec<u8>> {
        self.reserve
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .and_then(|r| r.cert_chain.first().map(|c| c.as_ref().to_vec()))
    }

    /// Swaps the reserve certificate in, as KSC does one day before its certificate expires
    /// (making the reserve first if there is none): from now on the Open API and the SSL port
    /// present it, `GetStaticInfo` returns it and `klserver.cer` holds it (see
    /// [`KscSim::reinstall`]). Returns its details.
    pub fn swap_in_reserve(&self) -> Result<crate::cert::CertificateDetails, SimError> {
        if self.reserve_cert_der().is_none() {
            self.make_reserve_certificate()?;
        }
        let Some(reserve) = self
            .reserve
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
        else {
            return Err(SimError::ReserveGone);
        };
        let der = reserve
            .cert_chain
            .first()
            .map(|c| c.as_ref().to_vec())
            .unwrap_or_default();
        let details = crate::cert::parse_certificate(&der).map_err(|e| IdentityError::Invalid {
            path: self.identity.cert_path.clone(),
            detail: e.to_string(),
        })?;
        self.reinstall(reserve)?;
        Ok(details)
    }

    /// The names of the current certificate (its subject alternative names, the DNS ones and
    /// addresses), or the host names the server was started with.
    fn current_names(&self) -> Vec<String> {
        let names: Vec<String> = crate::cert::parse_certificate(&self.current_cert_der())
            .map(|d| {
                d.subject_alt_names
                    .iter()
                    .filter_map(|n| {
                        n.strip_prefix("DNS:")
                            .or_else(|| n.strip_prefix("IP:"))
                            .map(str::to_string)
                    })
                    .collect()
            })
            .unwrap_or_default();
        if names.is_empty() {
            self.api.hostnames.clone()
        } else {
            names
        }
    }

    /// Gateway sessions on this server go through `relay` (the hierarchy link's, while it runs).
    pub fn set_relay(&self, relay: Option<link::RelayHandle>) {
        self.api.set_relay(relay);
    }

    /// Serves gateway requests relayed to this server by its primary.
    pub(crate) fn api_shared(&self) -> Arc<api::ApiShared> {
        self.api.clone()
    }

    /// The shared state.
    pub fn state(&self) -> SharedState {
        self.state.clone()
    }

    /// The state directory.
    pub fn state_dir(&self) -> &Path {
        self.state.dir()
    }

    /// Stops the Open API and waits until every connection is closed.
    pub async fn shutdown(mut self) {
        self.shutdown.send_replace(true);
        if let Some(task) = self.task.take()
            && let Err(e) = task.await
        {
            tracing::debug!(error = %e, "simulated server task ended abnormally");
        }
    }
}

impl Drop for KscSim {
    fn drop(&mut self) {
        self.shutdown.send_replace(true);
    }
}
