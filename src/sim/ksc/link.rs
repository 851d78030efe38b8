//! The hierarchy link between two simulated Administration Servers, on the SSL port.
//!
//! Real KSC servers talk a proprietary protocol on port 13000. The simulator replaces it with the
//! small protocol below. It carries what the Open API shows about a hierarchy: which secondary
//! is connected, since when, at which address it reached the primary, and which policies and
//! group tasks it inherits. Two instances of this module (one per simulated server) talk to each
//! other; nothing else speaks it.
//!
//! # Who dials whom
//! * **Active secondary** (default): a server whose section `KLSRV_MASTER_SRV` says
//!   `KLSRV_MASTER_SRV_USE = true` and not `KLSRV_MASTER_SRV_PASSIVE_SLAVE` dials its primary at
//!   `KLSRV_MASTER_SRV_ADDR`. The address may be `name_or_ip`, `name_or_ip:port`,
//!   `[v6]:port` or `http(s)://host[:port]`; a port inside the address wins, otherwise
//!   `KLSRV_MASTER_SRV_PORTS[0]`, otherwise 13000. With `KLSRV_MASTER_SRV_PROXYHOST_USE = true`
//!   the TCP connection is a tunnel through the HTTP proxy at
//!   `KLSRV_MASTER_SRV_PROXYHOST_LOCATION` (`host:port`, `CONNECT` with Basic credentials from
//!   `_PROXYHOST_LOGIN` and the protected `_PROXYHOST_PASSWORD`).
//! * **Passive secondary** (DMZ, `KLSRV_MASTER_SRV_PASSIVE_SLAVE = true`): the secondary never
//!   dials; it accepts the primary on its own SSL port. The **primary** dials every registered
//!   secondary whose registration has a net address (`RegisterServer`'s `wstrNetAddress`,
//!   `http://host:port`, port 13000 when absent).
//!
//! One listener (the server's SSL port) serves both directions, because a server can be the
//! primary of some servers and the secondary of another. The role of an accepted connection
//! follows from the client certificate: a registered secondary's certificate makes this side the
//! primary; the certificate pinned in `KLSRV_MASTER_SRV_SSL_CERT` of a *passive* secondary makes
//! this side the secondary.
//!
//! # Transport and authentication
//! TCP (optionally tunnelled as above), then TLS 1.2 or 1.3 with certificates on **both** sides
//! (mutual TLS). Both sides present their server identity (`klserver.cer` and its key). No
//! certificate authority is involved; each side pins exactly one certificate by the SHA-256 of
//! its DER encoding (certificates stored as PEM are normalised to DER first):
//! * the primary accepts or dials a secondary only with the certificate registered for it
//!   (`KLSRVH_SRV_CERTIFICATE`, from `RegisterServer`'s `pCertificate`);
//! * the secondary accepts or dials a primary only with `KLSRV_MASTER_SRV_SSL_CERT`.
//!
//! A wrong certificate fails the TLS handshake: it is never accepted, and the refusing side
//! writes a warning (`tracing::warn`) and a line in the server's link event log.
//!
//! # Framing
//! After the handshake both sides exchange frames: a `u32` big-endian length `n`
//! (1 ≤ n ≤ 1 MiB), then `n` bytes of UTF-8 JSON, one message per frame. The JSON object's
//! `"type"` names the message; unknown fields are ignored. A frame that is too large, empty, not
//! JSON or of an unknown type ends the link (the receiver sends `bye` first).
//!
//! # Messages
//! | `type` | direction | fields | meaning |
//! |---|---|---|---|
//! | `hello` | secondary → primary | `protocol` (1), `instance_id`, `host_guid`, `host_name`, `version`, `primary_addr` | first message of every link, whoever dialled; `primary_addr` is the address the secondary dialled as configured (empty when passive) |
//! | `welcome` | primary → secondary | `protocol` (1), `secondary_id`, `host_name`, `version` | the link is up |
//! | `sync` | primary → secondary | `revision`, `policies`, `tasks` | the complete set to inherit; sent right after `welcome` and again when the primary's set for this secondary changed (checked on every change notification and every heartbeat) |
//! | `sync_ack` | secondary → primary | `revision` | that set is stored as inherited |
//! | `heartbeat` | both | — | sent every heartbeat interval |
//! | `bye` | both | `reason` | orderly close; the peer logs the reason |
//! | `relay` | primary → secondary | `req`, `path`, `op` | a gateway connection's request (see below) |
//! | `relay_reply` | secondary → primary | `req`, `outcome` | its answer |
//!
//! A policy is [`PolicyRecord`] (`id`, `name`, `product`, `version`, `active`, `roaming`,
//! `accept_parent`, `force_distrib2children`, `created`, `modified`, `settings`), a task
//! [`TaskRecord`] (`id`, `display_name`, `task_type`, `product`, `version`, `component`,
//! `schedule_type`, `enabled`, `created`, `settings`); datetimes are RFC 3339 strings and
//! `settings` is a params object in the Open API's typed (inner) JSON encoding.
//!
//! # Gateway connections
//! A session opened through the primary with `GatewayConnection.PrepareGatewayConnection` runs on
//! the secondary; the primary passes each request down this link as `relay` and the answer comes
//! back as `relay_reply` with the same `req`. `op` is [`RelayOp`]: `open` (a session for the
//! top-level server's user), `call` (`Class.Method` and the body as the client sent it, in that
//! session) or `close`. A non-empty `path` ([`Hop`]s: a secondary's id and the instance id of the
//! server that issued its location) means the receiver is not the target: it passes the request
//! on down its own link to `path[0]`, and so on. The `outcome` ([`RelayOutcome`]) is the target's
//! 200 body, "session gone", or why a hop could not pass it on: not registered, not connected
//! (no link up: a primary never dials a secondary to relay), link lost, no answer within
//! [`RELAY_TIMEOUT`], a location issued by another server, or too large for a frame.
//!
//! # Sequence
//! 1. The dialler opens TCP (+ proxy tunnel) and TLS; the acceptor checks the client
//!    certificate, the dialler the server certificate.
//! 2. The secondary sends `hello`. The primary refuses another protocol version with `bye`;
//!    otherwise it marks the secondary Active (`KLSRVH_SRV_STATUS = 1`, version, instance id,
//!    host GUID, last connected, `KLSRVH_SRV_MASTER_ADDR = primary_addr`), answers `welcome`
//!    and `sync`.
//! 3. The secondary replaces its inherited policies and tasks with each `sync` and acks it
//!    (no ack when its state refuses the change; the event log says why).
//! 4. Heartbeats flow both ways; each heartbeat received by the primary refreshes
//!    `KLSRVH_SRV_LAST_CONNECTED`.
//! 5. When the link ends for any reason, the primary marks the secondary Inactive (status 0),
//!    keeping its last connected time.
//!
//! At most one link per secondary: a newer link for the same secondary replaces the older one.
//!
//! # Timers ([`LinkConfig`])
//! * heartbeat interval: 30 s by default;
//! * a peer silent (no frame at all) for 3 heartbeat intervals is dropped;
//! * connect timeout (TCP, proxy, TLS, and `hello`/`welcome` each): 10 s by default;
//! * reconnect after a failed or ended link: exponential backoff from `backoff_base` (1 s) doubling
//!   up to `backoff_max` (60 s), each delay drawn uniformly from its upper half (jitter); the
//!   backoff restarts from the base after a link that reached `welcome`.
//!
//! # What is refused
//! * at the TLS handshake: a client certificate that is neither a registered secondary's nor
//!   (on a passive secondary) the pinned primary's; a server certificate other than the pinned
//!   one; no client certificate at all. So an *active* secondary never accepts its primary, and a
//!   deleted secondary can no longer connect;
//! * after the handshake, with `bye` and a close: another protocol version, a first message
//!   other than `hello` / `welcome`, a message not meant for the receiver's role (e.g. `sync`
//!   sent to a primary), a frame that is empty, larger than 1 MiB, not JSON or of an unknown
//!   `type`, a peer silent for 3 heartbeat intervals.
//!
//! # Changes and teardown
//! Every change notification of the store re-plans at once: a section change (`USE = false`,
//! new address, port, proxy or certificate, active ↔ passive) ends the link to the primary with
//! `bye` and starts over with the new settings; a server that stops being a secondary drops its
//! inherited policies and tasks. A secondary deleted on the primary (`DelServer`), or whose
//! registered certificate or net address changed, is disconnected the same way. Shutdown
//! ([`LinkHandle::shutdown`]) says `bye` on every link and hands the listener back.

mod addr;
mod proto;
mod relay;
mod runtime;
mod session;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::secrets::Secret;
use crate::wire::{Params, Value, master_srv};

pub use crate::tls::Identity;
pub use addr::{AddressError, Endpoint, PinnedCertError, cert_to_der, parse_endpoint};
pub use proto::{
    FrameError, MAX_FRAME_LEN, Message, PROTOCOL_VERSION, encode_frame, read_frame, write_frame,
};
pub use relay::{
    Hop, RELAY_TIMEOUT, RelayFailure, RelayFuture, RelayHandle, RelayOp, RelayOutcome, not_served,
};

/// This server as it introduces itself on a link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalServerInfo {
    /// Host name (`KLADMSRV_SERVER_HOSTNAME`).
    pub host_name: String,
    /// Product version, e.g. `15.1.0.1234`.
    pub version: String,
    /// Instance id (`KLSRVH_SRV_INST_ID` on the primary).
    pub instance_id: String,
    /// Host identity (`KLSRVH_SRV_HOST_GUID` on the primary).
    pub host_guid: String,
}

/// The section `KLSRV_MASTER_SRV` of this server, as stored (nothing normalised yet).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MasterConfig {
    /// `KLSRV_MASTER_SRV_USE`: this server is a secondary.
    pub use_master: bool,
    /// `KLSRV_MASTER_SRV_PASSIVE_SLAVE`: the primary dials this server.
    pub passive: bool,
    /// `KLSRV_MASTER_SRV_ADDR`.
    pub addr: String,
    /// `KLSRV_MASTER_SRV_PORTS`.
    pub ports: Vec<i32>,
    /// `KLSRV_MASTER_SRV_SSL_CERT`, DER or PEM bytes.
    pub ssl_cert: Vec<u8>,
    /// `KLSRV_MASTER_SRV_PROXYHOST_USE`.
    pub proxy_use: bool,
    /// `KLSRV_MASTER_SRV_PROXYHOST_LOCATION`, `host:port`.
    pub proxy_location: String,
    /// `KLSRV_MASTER_SRV_PROXYHOST_LOGIN`.
    pub proxy_login: String,
    /// `KLSRV_MASTER_SRV_PROXYHOST_PASSWORD`, protected bytes (see [`LinkStore::decrypt_protected`]).
    pub proxy_password: Vec<u8>,
}

impl MasterConfig {
    /// Reads the section's params; missing or mistyped values take the documented defaults.
    pub fn from_params(p: &Params) -> Self {
        let ports = p
            .get_array(master_srv::PORTS)
            .map(|a| a.iter().filter_map(Value::as_i32).collect())
            .or_else(|| p.get_i32(master_srv::PORTS).map(|one| vec![one]))
            .unwrap_or_default();
        let string = |k: &str| p.get_str(k).unwrap_or_default().to_string();
        Self {
            use_master: p.get_bool(master_srv::USE).unwrap_or(false),
            passive: p.get_bool(master_srv::PASSIVE_SLAVE).unwrap_or(false),
            addr: string(master_srv::ADDR),
            ports,
            ssl_cert: p.get_binary(master_srv::SSL_CERT).unwrap_or_default(),
            proxy_use: p.get_bool(master_srv::PROXY_USE).unwrap_or(false),
            proxy_location: string(master_srv::PROXY_LOCATION),
            proxy_login: string(master_srv::PROXY_LOGIN),
            proxy_password: p.get_binary(master_srv::PROXY_PASSWORD).unwrap_or_default(),
        }
    }
}

/// A secondary registered on this (primary) server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegisteredSecondary {
    /// `KLSRVH_SRV_ID`.
    pub id: i32,
    /// `KLSRVH_SRV_DN`, for log lines.
    pub display_name: String,
    /// `KLSRVH_SRV_CERTIFICATE`, DER or PEM bytes.
    pub certificate: Vec<u8>,
    /// `wstrNetAddress` of `RegisterServer`: `http://host:port` for a passive secondary, else empty.
    pub net_address: String,
}

/// What the primary learns when a secondary's link comes up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectedInfo {
    /// `KLSRVH_SRV_INST_ID`.
    pub instance_id: String,
    /// `KLSRVH_SRV_HOST_GUID`.
    pub host_guid: String,
    /// The secondary's host name.
    pub host_name: String,
    /// `KLSRVH_SRV_VERSION`.
    pub version: String,
    /// `KLSRVH_SRV_MASTER_ADDR`: the address the secondary dialled (empty when passive).
    pub master_addr: String,
    /// The secondary's socket address as seen by the primary (the proxy's when tunnelled).
    pub remote_addr: String,
    /// True when the primary dialled (passive secondary).
    pub passive: bool,
    /// `KLSRVH_SRV_LAST_CONNECTED`.
    pub connected_at: OffsetDateTime,
}

/// A policy pushed from the primary and inherited by the secondary (`KLPOL_*`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PolicyRecord {
    /// `KLPOL_ID` on the primary.
    pub id: i32,
    /// `KLPOL_DN`.
    pub name: String,
    /// `KLPOL_PRODUCT`.
    pub product: String,
    /// `KLPOL_VERSION`.
    pub version: String,
    /// `KLPOL_ACTIVE`.
    #[serde(default)]
    pub active: bool,
    /// `KLPOL_ROAMING`.
    #[serde(default)]
    pub roaming: bool,
    /// `KLPOL_ACCEPT_PARENT`.
    #[serde(default)]
    pub accept_parent: bool,
    /// `KLPOL_FORCE_DISTRIB2CHILDREN`.
    #[serde(default)]
    pub force_distrib2children: bool,
    /// `KLPOL_CREATED`.
    #[serde(with = "time::serde::rfc3339")]
    pub created: OffsetDateTime,
    /// `KLPOL_MODIFIED`.
    #[serde(with = "time::serde::rfc3339")]
    pub modified: OffsetDateTime,
    /// The policy's settings.
    #[serde(default, with = "proto::params_json")]
    pub settings: Params,
}

/// A group task pushed from the primary and inherited by the secondary.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskRecord {
    /// `TASK_UNIQUE_ID` on the primary.
    pub id: String,
    /// `TASK_INFO_PARAMS.DisplayName`.
    pub display_name: String,
    /// `TASK_NAME`: the task type.
    pub task_type: String,
    /// `TASKID_PRODUCT_NAME`.
    pub product: String,
    /// `TASKID_VERSION`.
    pub version: String,
    /// `TASKID_COMPONENT_NAME`.
    #[serde(default)]
    pub component: String,
    /// `TASKSCH_TYPE` (0 = manual).
    #[serde(default)]
    pub schedule_type: i32,
    /// `PRTS_TASK_ENABLED`.
    #[serde(default)]
    pub enabled: bool,
    /// `PRTS_TASK_CREATION_DATE`.
    #[serde(with = "time::serde::rfc3339")]
    pub created: OffsetDateTime,
    /// `TASK_ADDITIONAL_PARAMS`.
    #[serde(default, with = "proto::params_json")]
    pub settings: Params,
}

/// The server state refused a change (e.g. it could not be saved).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct StoreError(pub String);

/// The protected value could not be decrypted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("cannot decrypt the protected value: {0}")]
pub struct DecryptError(pub String);

/// What the link needs from a server's state. Calls are short and synchronous (no I/O).
pub trait LinkStore: Send + Sync + 'static {
    /// This server's certificate chain and key, presented on both sides of a link.
    fn identity(&self) -> Identity;
    /// Host name, version and instance id of this server.
    fn server_info(&self) -> LocalServerInfo;
    /// The section `KLSRV_MASTER_SRV`, or `None` when it does not exist.
    fn master_section(&self) -> Option<MasterConfig>;
    /// Decrypts a protected value of the settings (the proxy password).
    fn decrypt_protected(&self, bytes: &[u8]) -> Result<Secret, DecryptError>;
    /// Secondaries registered on this server.
    fn registered_secondaries(&self) -> Vec<RegisteredSecondary>;
    /// A secondary's link came up: status 1 (Active) and the given details.
    fn set_secondary_connected(&self, id: i32, info: ConnectedInfo);
    /// A secondary was heard from: refresh its last connected time.
    fn touch_secondary(&self, id: i32, now: OffsetDateTime);
    /// A secondary's link ended: status 0 (Inactive), last connected kept.
    fn set_secondary_disconnected(&self, id: i32);
    /// Policies and group tasks this server pushes to secondary `id`.
    fn policies_to_push(&self, id: i32) -> (Vec<PolicyRecord>, Vec<TaskRecord>);
    /// Replaces the inherited policies and tasks with those from `primary` (its host name).
    fn store_inherited(
        &self,
        primary: &str,
        policies: Vec<PolicyRecord>,
        tasks: Vec<TaskRecord>,
    ) -> Result<(), StoreError>;
    /// Drops every inherited policy and task: this server is no longer a secondary.
    fn clear_inherited(&self) -> Result<(), StoreError>;
    /// Appends a line to the server's link event log.
    fn log_event(&self, text: String);
    /// A receiver whose value changes whenever the section or the registrations change. (Pushed
    /// policies are also compared on every heartbeat, so this need not cover them.)
    fn changed(&self) -> watch::Receiver<u64>;
    /// Serves a gateway request the primary relayed to this server. By default the server
    /// serves none and answers so with a `PxgError`.
    fn serve_relayed(&self, op: RelayOp) -> RelayFuture {
        let _ = op;
        relay::not_served()
    }
}

/// Timers of the link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkConfig {
    /// Interval between heartbeats; a peer silent for 3 intervals is dropped.
    pub heartbeat: Duration,
    /// First reconnect delay.
    pub backoff_base: Duration,
    /// Longest reconnect delay.
    pub backoff_max: Duration,
    /// Limit for each connection step (TCP, proxy, TLS, hello/welcome).
    pub connect_timeout: Duration,
}

impl Default for LinkConfig {
    fn default() -> Self {
        Self {
            heartbeat: Duration::from_secs(30),
            backoff_base: Duration::from_secs(1),
            backoff_max: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
        }
    }
}

impl LinkConfig {
    /// Short timers for tests: 1 s heartbeats, reconnect after 200 ms … 5 s.
    pub fn fast() -> Self {
        Self {
            heartbeat: Duration::from_secs(1),
            backoff_base: Duration::from_millis(200),
            backoff_max: Duration::from_secs(5),
            connect_timeout: Duration::from_secs(5),
        }
    }
}

/// A running link service; [`LinkHandle::shutdown`] stops it.
pub struct LinkHandle {
    local_addr: Option<SocketAddr>,
    relay: RelayHandle,
    shutdown: watch::Sender<bool>,
    acceptor: Option<JoinHandle<TcpListener>>,
    alive: watch::Sender<()>,
}

impl LinkHandle {
    /// The address of the SSL listener.
    pub fn local_addr(&self) -> Option<SocketAddr> {
        self.local_addr
    }

    /// Passes gateway requests down this service's links to secondaries.
    pub fn relay(&self) -> RelayHandle {
        self.relay.clone()
    }

    /// Says `bye` on every link, stops every task and returns the listener for reuse.
    pub async fn shutdown(mut self) -> Option<TcpListener> {
        self.shutdown.send_replace(true);
        let listener = match self.acceptor.take() {
            Some(h) => h.await.ok(),
            None => None,
        };
        // Every task holds the runtime's receiver; the channel closes once all of them ended.
        let grace = Duration::from_secs(10);
        if tokio::time::timeout(grace, self.alive.closed())
            .await
            .is_err()
        {
            tracing::warn!(
                "hierarchy link tasks did not stop within {} s",
                grace.as_secs()
            );
        }
        listener
    }
}

impl Drop for LinkHandle {
    fn drop(&mut self) {
        self.shutdown.send_replace(true);
    }
}

/// Starts the link service of one server: accepts on `ssl_listener` and dials as the store's
/// settings say, until [`LinkHandle::shutdown`].
pub fn spawn_link(
    store: Arc<dyn LinkStore>,
    ssl_listener: TcpListener,
    cfg: LinkConfig,
) -> LinkHandle {
    // Zero timers would panic (interval) or spin; keep them sensible.
    let cfg = LinkConfig {
        heartbeat: cfg.heartbeat.max(Duration::from_millis(10)),
        connect_timeout: cfg.connect_timeout.max(Duration::from_millis(100)),
        ..cfg
    };
    let (shutdown, shutdown_rx) = watch::channel(false);
    let (alive, alive_rx) = watch::channel(());
    let local_addr = ssl_listener.local_addr().ok();
    let inner = runtime::Inner::new(store, cfg, shutdown_rx, alive_rx);
    let relay = relay::handle_of(&inner);
    tokio::spawn(runtime::planner(inner.clone()));
    let acceptor = tokio::spawn(runtime::acceptor(inner, ssl_listener));
    LinkHandle {
        local_addr,
        relay,
        shutdown,
        acceptor: Some(acceptor),
        alive,
    }
}
