//! A simulated primary and secondary Administration Server side by side on loopback, as
//! `ksc-link sim --pair` and the demo run them.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;

use super::ksc::link::LinkConfig;
use super::ksc::link_store::{LinkedSim, start_with_link};
use super::ksc::{KscSimConfig, SimError, seed};
use crate::tls::Pin;

/// Which server of the pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The future primary.
    Primary,
    /// The future secondary.
    Secondary,
}

/// How to reach one simulated server, as printed by `ksc-link sim --pair --json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServerCard {
    /// `primary` or `secondary`.
    pub role: Role,
    /// Open API base URL, e.g. `https://127.0.0.1:40123`.
    pub api_url: String,
    /// Open API port.
    #[serde(skip)]
    pub api_port: u16,
    /// Administration Server SSL port (the hierarchy link).
    pub ssl_port: u16,
    /// An administrator of the simulator.
    pub user: String,
    /// That administrator's password (simulator credentials, not a real secret).
    pub password: String,
    /// The server's `klserver.cer`.
    pub cert_path: PathBuf,
    /// SHA-256 of the certificate, lowercase hex.
    pub sha256: String,
}

/// A running pair.
pub struct SimPair {
    /// The future primary.
    pub primary: LinkedSim,
    /// The future secondary.
    pub secondary: LinkedSim,
}

/// Link timers for a person trying things: quick reconnects, heartbeats every 5 s.
pub fn interactive_link_config() -> LinkConfig {
    LinkConfig {
        heartbeat: Duration::from_secs(5),
        backoff_base: Duration::from_millis(500),
        backoff_max: Duration::from_secs(10),
        connect_timeout: Duration::from_secs(5),
    }
}

/// Starts the pair with the built-in demo seeds, states under `base/primary` and `base/secondary`.
pub async fn start_pair(base: &Path, link: LinkConfig) -> Result<SimPair, SimError> {
    start_pair_configured(base, link, |_, _| {}).await
}

/// Like [`start_pair`], with each server's configuration changed by `configure` first (e.g. a
/// certificate that expires soon).
pub async fn start_pair_configured(
    base: &Path,
    link: LinkConfig,
    configure: impl Fn(Role, &mut KscSimConfig),
) -> Result<SimPair, SimError> {
    let mut p = KscSimConfig::new(base.join("primary"));
    p.seed_text = Some(seed::PRIMARY.to_string());
    p.hostname = "ksc-hq.sim.local".to_string();
    configure(Role::Primary, &mut p);
    let mut s = KscSimConfig::new(base.join("secondary"));
    s.seed_text = Some(seed::SECONDARY.to_string());
    s.hostname = "ksc-branch.sim.local".to_string();
    configure(Role::Secondary, &mut s);
    let primary = start_with_link(p, link.clone()).await?;
    let secondary = start_with_link(s, link).await?;
    Ok(SimPair { primary, secondary })
}

/// The card of one linked server: its first internal administrator without two-step verification.
pub fn card(role: Role, server: &LinkedSim) -> ServerCard {
    card_of(role, server.sim())
}

/// The card of a simulator started on its own (no hierarchy link): where it listens and how its
/// administrator signs in.
pub fn card_of(role: Role, sim: &crate::sim::ksc::KscSim) -> ServerCard {
    let (user, password) = sim.state().read(|d| {
        d.users
            .iter()
            .find(|u| {
                u.internal && u.totp_secret.is_none() && !u.require_2fa && u.vserver.is_none()
            })
            .map(|u| (u.name.clone(), u.password.clone()))
            .unwrap_or_default()
    });
    ServerCard {
        role,
        api_url: sim.api_url(),
        api_port: sim.api_port(),
        ssl_port: sim.ssl_port(),
        user,
        password,
        cert_path: sim.cert_path().to_path_buf(),
        // The certificate it presents now (another after a reinstall or a reserve swap).
        sha256: Pin::of_der(&sim.current_cert_der()).to_string(),
    }
}

impl ServerCard {
    /// The administrator's credentials.
    pub fn credentials(&self) -> crate::wire::auth::BasicCredentials {
        crate::wire::auth::BasicCredentials {
            user: self.user.clone(),
            password: self.password.clone(),
            domain: String::new(),
            internal: true,
        }
    }

    /// Client options for this server's Open API, pinned to its certificate.
    pub fn connect_options(
        &self,
    ) -> Result<crate::kloapi::ConnectOptions, crate::tls::PinParseError> {
        let mut o = crate::kloapi::ConnectOptions::new("127.0.0.1", Pin::from_hex(&self.sha256)?);
        o.port = self.api_port;
        Ok(o)
    }
}

impl SimPair {
    /// Cards of both servers, primary first.
    pub fn cards(&self) -> [ServerCard; 2] {
        [
            card(Role::Primary, &self.primary),
            card(Role::Secondary, &self.secondary),
        ]
    }

    /// Stops both servers.
    pub async fn shutdown(self) {
        self.secondary.shutdown().await;
        self.primary.shutdown().await;
    }
}

/// The simulated secondary as the wizard prefills it in the demo.
pub fn demo_secondary(pair: &SimPair) -> crate::hierarchy::wizard::KnownSecondary {
    let c = card(Role::Secondary, &pair.secondary);
    crate::hierarchy::wizard::KnownSecondary {
        address: "127.0.0.1".to_string(),
        ssl_port: c.ssl_port,
        api_port: c.api_port,
        user: c.user,
        password: crate::secrets::Secret::new(c.password),
        internal: true,
    }
}

/// Name of the demo's stand-in flash drive.
pub const DEMO_USB_LABEL: &str = "KSC-TRANSFER";

/// Creates the demo's stand-in for a flash drive, laid out like `/media/<user>/<label>/`:
/// `<base>/usb/KSC-TRANSFER/klserver.cer` holds a copy of the simulated primary's certificate,
/// as a primary's administrator would hand it to a branch, and `primary.txt` its address and
/// SSL port (the simulators' ports change from run to run). Returns the root to scan
/// (`<base>/usb`), one folder per drive.
pub fn prepare_demo_usb(base: &Path, pair: &SimPair) -> std::io::Result<PathBuf> {
    let root = base.join("usb");
    let drive = root.join(DEMO_USB_LABEL);
    std::fs::create_dir_all(&drive)?;
    std::fs::copy(
        pair.primary.sim().cert_path(),
        drive.join(crate::removable::KLSERVER_CER),
    )?;
    // The note a primary's administrator leaves with the certificate: where to connect.
    std::fs::write(
        drive.join(DEMO_USB_NOTE),
        format!(
            "Primary Administration Server: 127.0.0.1, SSL port {}\n",
            pair.primary.sim().ssl_port()
        ),
    )?;
    Ok(root)
}

/// The note on the demo's stand-in flash drive naming the primary's address and SSL port.
pub const DEMO_USB_NOTE: &str = "primary.txt";
