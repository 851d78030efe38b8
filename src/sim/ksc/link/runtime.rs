//! The link service's tasks: the planner (turns settings into dialers), the dialers with their
//! backoff, and the acceptor on the SSL port.

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use rand::Rng as _;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, oneshot, watch};
use tokio_rustls::TlsAcceptor;

use super::addr::{Endpoint, cert_to_der, parse_endpoint};
use super::relay::{Hop, RELAY_TIMEOUT, RelayFailure, RelayJob, RelayOp, RelayOutcome};
use super::session::{self, DownCtx, UpCtx};
use super::{LinkConfig, LinkStore};
use crate::net::{HttpProxy, Step};
use crate::tls::{
    ClientCertCheck, Pin, connect_pinned, describe_tls_error, find_rustls_error, server_config,
};
use crate::wire::DEFAULT_SSL_PORT;

/// Sends the reason a link or dialer must stop.
pub(super) type StopTx = watch::Sender<Option<String>>;
/// Receives the reason a link or dialer must stop.
pub(super) type StopRx = watch::Receiver<Option<String>>;

/// Waits until a stop reason is sent and returns it. A dropped sender never resolves: the
/// planner drops its senders only at shutdown, which every task awaits separately.
pub(super) async fn wait_stop(rx: &mut StopRx) -> String {
    let reason = rx
        .wait_for(Option::is_some)
        .await
        .ok()
        .map(|v| v.clone().unwrap_or_default());
    match reason {
        Some(r) => r,
        None => std::future::pending().await,
    }
}

/// Like [`wait_stop`], never resolving when there is no receiver.
pub(super) async fn wait_stop_opt(rx: &mut Option<StopRx>) -> String {
    match rx {
        Some(rx) => wait_stop(rx).await,
        None => std::future::pending().await,
    }
}

/// Waits until shutdown is requested (or the handle is gone).
pub(super) async fn wait_shutdown(rx: &mut watch::Receiver<bool>) {
    let _ = rx.wait_for(|v| *v).await;
}

/// State shared by all tasks of one link service.
pub(super) struct Inner {
    /// The server's state.
    pub store: Arc<dyn LinkStore>,
    /// Timers.
    pub cfg: LinkConfig,
    shutdown: watch::Receiver<bool>,
    /// Held only so the handle can tell when every task has ended (the channel then closes).
    _alive: watch::Receiver<()>,
    registry: Mutex<Registry>,
}

/// Links that are up (past the TLS handshake), so the planner can end them.
#[derive(Default)]
struct Registry {
    next_token: u64,
    /// The link to this server's primary.
    up: Option<(u64, StopTx)>,
    /// Links to this server's secondaries, by secondary id.
    down: HashMap<i32, DownEntry>,
}

struct DownEntry {
    token: u64,
    pin: Pin,
    stop: StopTx,
    /// Gateway requests to send down this link.
    relay: mpsc::Sender<RelayJob>,
}

/// Gateway requests one link may have waiting to be sent.
const RELAY_QUEUE: usize = 32;

/// What a client certificate makes of an accepted connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Peer {
    /// A registered secondary: this side is the primary.
    Secondary(i32),
    /// The primary of this passive secondary.
    Primary,
}

/// Where this server's link to its primary should go.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum UpPlan {
    /// Not a secondary.
    None,
    /// Passive secondary: wait for the primary with this certificate.
    Passive { pin: Pin },
    /// Active secondary: dial.
    Active(ActiveTarget),
    /// A secondary whose settings cannot be used; the reason is logged once.
    Invalid(String),
}

/// An active secondary's way to its primary.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct ActiveTarget {
    /// The primary's address.
    pub endpoint: Endpoint,
    /// The proxy to tunnel through.
    pub proxy: Option<HttpProxy>,
    /// The primary's certificate.
    pub pin: Pin,
}

/// How the primary reaches one passive secondary.
#[derive(Clone, Debug, PartialEq)]
enum DownPlan {
    Dial {
        endpoint: Endpoint,
        pin: Pin,
        name: String,
    },
    Invalid(String),
}

impl Inner {
    /// A new shared state.
    pub fn new(
        store: Arc<dyn LinkStore>,
        cfg: LinkConfig,
        shutdown: watch::Receiver<bool>,
        alive: watch::Receiver<()>,
    ) -> Arc<Self> {
        Arc::new(Self {
            store,
            cfg,
            shutdown,
            _alive: alive,
            registry: Mutex::new(Registry::default()),
        })
    }

    /// A receiver of the shutdown flag.
    pub fn shutdown_rx(&self) -> watch::Receiver<bool> {
        self.shutdown.clone()
    }

    /// Logs a normal event to tracing and the event log.
    pub fn info(&self, text: String) {
        tracing::info!(target: "ksc_link::sim::link", "{text}");
        self.store.log_event(text);
    }

    /// Logs a problem to tracing and the event log.
    pub fn warn(&self, text: String) {
        tracing::warn!(target: "ksc_link::sim::link", "{text}");
        self.store.log_event(text);
    }

    fn registry(&self) -> MutexGuard<'_, Registry> {
        // A panic while holding the lock leaves plain data behind; keep using it.
        self.registry
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Records the link to the primary, ending an older one; returns its token and stop signal.
    pub fn register_up(&self) -> (u64, StopRx) {
        let (tx, rx) = watch::channel(None);
        let mut r = self.registry();
        r.next_token += 1;
        let token = r.next_token;
        if let Some((_, old)) = r.up.replace((token, tx)) {
            old.send_replace(Some("replaced by a newer link to the primary".into()));
        }
        (token, rx)
    }

    /// Forgets the link to the primary if it is still the one with `token`.
    pub fn unregister_up(&self, token: u64) {
        let mut r = self.registry();
        if r.up.as_ref().is_some_and(|(t, _)| *t == token) {
            r.up = None;
        }
    }

    /// Records the link to secondary `id`, ending an older one; returns its token, its stop
    /// signal and the gateway requests to send down it.
    pub fn register_down(&self, id: i32, pin: Pin) -> (u64, StopRx, mpsc::Receiver<RelayJob>) {
        let (tx, rx) = watch::channel(None);
        let (relay, jobs) = mpsc::channel(RELAY_QUEUE);
        let mut r = self.registry();
        r.next_token += 1;
        let token = r.next_token;
        let entry = DownEntry {
            token,
            pin,
            stop: tx,
            relay,
        };
        if let Some(old) = r.down.insert(id, entry) {
            old.stop
                .send_replace(Some("replaced by a newer link to this secondary".into()));
        }
        (token, rx, jobs)
    }

    /// Sends a gateway request down the link to `path[0]` and waits for the outcome. A
    /// secondary with no link up fails at once, as "not connected", never by dialling it.
    pub async fn relay(self: &Arc<Self>, path: &[Hop], op: RelayOp) -> RelayOutcome {
        let Some((first, rest)) = path.split_first() else {
            return RelayOutcome::failed(0, RelayFailure::NotRegistered);
        };
        let fail = |reason| RelayOutcome::failed(first.id, reason);
        if first.issuer != self.store.server_info().instance_id {
            return fail(RelayFailure::WrongIssuer);
        }
        let registered = || {
            self.store
                .registered_secondaries()
                .iter()
                .any(|s| s.id == first.id)
        };
        let sender = self.registry().down.get(&first.id).map(|e| e.relay.clone());
        let Some(sender) = sender else {
            return fail(if registered() {
                RelayFailure::NotConnected
            } else {
                RelayFailure::NotRegistered
            });
        };
        let (reply, answer) = oneshot::channel();
        let job = RelayJob {
            path: rest.to_vec(),
            op,
            reply,
        };
        if sender.send(job).await.is_err() {
            return fail(RelayFailure::NotConnected);
        }
        match tokio::time::timeout(RELAY_TIMEOUT, answer).await {
            Ok(Ok(outcome)) => outcome,
            Ok(Err(_)) => fail(RelayFailure::LinkLost),
            Err(_) => fail(RelayFailure::TimedOut),
        }
    }

    /// Forgets the link to secondary `id` if it is still the one with `token`; true if it was.
    pub fn unregister_down(&self, id: i32, token: u64) -> bool {
        let mut r = self.registry();
        if r.down.get(&id).is_some_and(|e| e.token == token) {
            r.down.remove(&id);
            true
        } else {
            false
        }
    }

    /// The registered certificate pin of each secondary (unreadable certificates left out).
    fn registered_pins(&self) -> HashMap<i32, Pin> {
        self.store
            .registered_secondaries()
            .into_iter()
            .filter_map(|s| {
                cert_to_der(&s.certificate)
                    .ok()
                    .map(|d| (s.id, Pin::of_der(&d)))
            })
            .collect()
    }

    /// The pin of secondary `id`'s registered certificate.
    pub fn registered_pin(&self, id: i32) -> Option<Pin> {
        self.registered_pins().get(&id).copied()
    }

    /// The certificate pin the current settings expect of the primary, if this is a secondary.
    pub fn primary_pin(&self) -> Option<Pin> {
        match compute_up_plan(self.store.as_ref()) {
            UpPlan::Passive { pin } => Some(pin),
            UpPlan::Active(t) => Some(t.pin),
            UpPlan::None | UpPlan::Invalid(_) => None,
        }
    }

    fn classify(&self, der: &[u8]) -> Option<Peer> {
        let pin = Pin::of_der(der);
        let mut ids: Vec<i32> = self
            .registered_pins()
            .into_iter()
            .filter(|(_, p)| *p == pin)
            .map(|(id, _)| id)
            .collect();
        ids.sort_unstable();
        if let Some(id) = ids.first() {
            return Some(Peer::Secondary(*id));
        }
        match compute_up_plan(self.store.as_ref()) {
            UpPlan::Passive { pin: p } if p == pin => Some(Peer::Primary),
            _ => None,
        }
    }

    fn refusal_text(&self, peer: SocketAddr, der: &[u8]) -> String {
        let fp = Pin::of_der(der).colon_hex();
        let passive = matches!(compute_up_plan(self.store.as_ref()), UpPlan::Passive { .. });
        if passive {
            format!(
                "refused a connection from {peer} on the SSL port: its certificate (SHA-256 {fp}) \
                 is neither the primary's certificate in KLSRV_MASTER_SRV_SSL_CERT nor that of a \
                 registered secondary server"
            )
        } else {
            format!(
                "refused a connection from {peer} on the SSL port: its certificate (SHA-256 {fp}) \
                 is not the certificate of any registered secondary server"
            )
        }
    }
}

/// Reads this server's section into a plan; decrypts the proxy password.
pub(super) fn compute_up_plan(store: &dyn LinkStore) -> UpPlan {
    let Some(m) = store.master_section() else {
        return UpPlan::None;
    };
    if !m.use_master {
        return UpPlan::None;
    }
    let der = match cert_to_der(&m.ssl_cert) {
        Ok(d) => d,
        Err(e) => return UpPlan::Invalid(format!("KLSRV_MASTER_SRV_SSL_CERT: {e}")),
    };
    let pin = Pin::of_der(&der);
    if m.passive {
        return UpPlan::Passive { pin };
    }
    let default_port = match m.ports.first() {
        None => DEFAULT_SSL_PORT,
        Some(p) => match u16::try_from(*p) {
            Ok(p) if p != 0 => p,
            _ => {
                return UpPlan::Invalid(format!(
                    "KLSRV_MASTER_SRV_PORTS[0] = {p} is not a port number"
                ));
            }
        },
    };
    let endpoint = match parse_endpoint(&m.addr, default_port) {
        Ok(e) => e,
        Err(e) => return UpPlan::Invalid(format!("KLSRV_MASTER_SRV_ADDR: {e}")),
    };
    let proxy = if m.proxy_use {
        let loc = match parse_endpoint(&m.proxy_location, 0) {
            Ok(l) if l.port != 0 => l,
            Ok(_) => {
                return UpPlan::Invalid(format!(
                    "KLSRV_MASTER_SRV_PROXYHOST_LOCATION '{}' has no port",
                    m.proxy_location
                ));
            }
            Err(e) => {
                return UpPlan::Invalid(format!("KLSRV_MASTER_SRV_PROXYHOST_LOCATION: {e}"));
            }
        };
        let password = if m.proxy_password.is_empty() {
            None
        } else {
            match store.decrypt_protected(&m.proxy_password) {
                Ok(p) => Some(p),
                Err(e) => {
                    return UpPlan::Invalid(format!("KLSRV_MASTER_SRV_PROXYHOST_PASSWORD: {e}"));
                }
            }
        };
        let user = (!m.proxy_login.is_empty()).then(|| m.proxy_login.clone());
        Some(HttpProxy {
            host: loc.host,
            port: loc.port,
            user,
            password,
        })
    } else {
        None
    };
    UpPlan::Active(ActiveTarget {
        endpoint,
        proxy,
        pin,
    })
}

/// The passive secondaries this (primary) server must dial.
fn compute_down_plans(store: &dyn LinkStore) -> BTreeMap<i32, DownPlan> {
    let mut out = BTreeMap::new();
    for s in store.registered_secondaries() {
        if s.net_address.trim().is_empty() {
            continue;
        }
        let plan = match (
            parse_endpoint(&s.net_address, DEFAULT_SSL_PORT),
            cert_to_der(&s.certificate),
        ) {
            (Ok(endpoint), Ok(der)) => DownPlan::Dial {
                endpoint,
                pin: Pin::of_der(&der),
                name: s.display_name.clone(),
            },
            (Err(e), _) => DownPlan::Invalid(format!(
                "cannot dial passive secondary {} ('{}'): its net address: {e}",
                s.id, s.display_name
            )),
            (_, Err(e)) => DownPlan::Invalid(format!(
                "cannot dial passive secondary {} ('{}'): its registered certificate: {e}",
                s.id, s.display_name
            )),
        };
        out.insert(s.id, plan);
    }
    out
}

/// Reconnect delays: exponential from the base to the max, drawn from the upper half (jitter).
pub(super) struct Backoff {
    base: Duration,
    max: Duration,
    attempt: u32,
}

impl Backoff {
    /// Starts at `cfg.backoff_base`.
    pub fn new(cfg: &LinkConfig) -> Self {
        // A zero base would make a busy loop; 10 ms is the floor.
        let base = cfg.backoff_base.max(Duration::from_millis(10));
        Self {
            base,
            max: cfg.backoff_max.max(base),
            attempt: 0,
        }
    }

    /// The next delay.
    pub fn next_delay(&mut self) -> Duration {
        let factor = 1u32 << self.attempt.min(20);
        self.attempt = self.attempt.saturating_add(1);
        let exp = self.base.saturating_mul(factor).min(self.max);
        let hi = u64::try_from(exp.as_millis()).unwrap_or(u64::MAX);
        let lo = hi / 2;
        Duration::from_millis(rand::rng().random_range(lo..=hi))
    }

    /// Back to the base after a link that came up.
    pub fn reset(&mut self) {
        self.attempt = 0;
    }
}

struct PlannerState {
    up_plan: UpPlan,
    up_dialer: Option<StopTx>,
    down: BTreeMap<i32, (DownPlan, StopTx)>,
}

/// Re-plans on every change notification until shutdown.
pub(super) async fn planner(inner: Arc<Inner>) {
    let mut changed = inner.store.changed();
    let mut changes_open = true;
    let mut shutdown = inner.shutdown_rx();
    let mut st = PlannerState {
        up_plan: UpPlan::None,
        up_dialer: None,
        down: BTreeMap::new(),
    };
    loop {
        replan(&inner, &mut st);
        tokio::select! {
            r = changed.changed(), if changes_open => {
                if r.is_err() {
                    changes_open = false;
                }
            }
            _ = wait_shutdown(&mut shutdown) => break,
        }
    }
}

fn replan(inner: &Arc<Inner>, st: &mut PlannerState) {
    let plan = compute_up_plan(inner.store.as_ref());
    if plan != st.up_plan {
        let reason = if plan == UpPlan::None {
            "this server is no longer a secondary (KLSRV_MASTER_SRV_USE is false)"
        } else {
            "the section KLSRV_MASTER_SRV changed"
        };
        if let Some(stop) = st.up_dialer.take() {
            stop.send_replace(Some(reason.into()));
        }
        if let Some((_, stop)) = inner.registry().up.take() {
            stop.send_replace(Some(reason.into()));
        }
        match &plan {
            UpPlan::None => {
                if st.up_plan != UpPlan::None {
                    match inner.store.clear_inherited() {
                        Ok(()) => inner.info(
                            "this server is no longer a secondary: link to the primary closed, \
                             inherited policies and tasks removed"
                                .into(),
                        ),
                        Err(e) => inner.warn(format!(
                            "this server is no longer a secondary, but its inherited policies \
                             and tasks could not be removed: {e}"
                        )),
                    }
                }
            }
            UpPlan::Passive { pin } => inner.info(format!(
                "passive secondary: waiting on the SSL port for the primary with certificate \
                 SHA-256 {}",
                pin.colon_hex()
            )),
            UpPlan::Active(t) => {
                let via = t
                    .proxy
                    .as_ref()
                    .map(|p| format!(" through proxy {}:{}", p.host, p.port))
                    .unwrap_or_default();
                inner.info(format!(
                    "active secondary: connecting to the primary at {}{via}",
                    t.endpoint
                ));
                let (tx, rx) = watch::channel(None);
                tokio::spawn(dial_up(inner.clone(), t.clone(), rx));
                st.up_dialer = Some(tx);
            }
            UpPlan::Invalid(msg) => {
                inner.warn(format!("cannot connect to the primary: {msg}"));
            }
        }
        st.up_plan = plan;
    }

    let plans = compute_down_plans(inner.store.as_ref());
    st.down.retain(|id, (plan, stop)| {
        if plans.get(id) == Some(plan) {
            true
        } else {
            stop.send_replace(Some(format!(
                "the registration of secondary {id} changed or was deleted"
            )));
            false
        }
    });
    for (id, plan) in plans {
        if st.down.contains_key(&id) {
            continue;
        }
        let (tx, rx) = watch::channel(None);
        match &plan {
            DownPlan::Dial {
                endpoint,
                pin,
                name,
            } => {
                inner.info(format!(
                    "connecting to passive secondary {id} ('{name}') at {endpoint}"
                ));
                let ctx = DownTarget {
                    id,
                    endpoint: endpoint.clone(),
                    pin: *pin,
                    name: name.clone(),
                };
                tokio::spawn(dial_down(inner.clone(), ctx, rx));
            }
            DownPlan::Invalid(msg) => inner.warn(msg.clone()),
        }
        st.down.insert(id, (plan, tx));
    }

    let pins = inner.registered_pins();
    let r = inner.registry();
    for (id, e) in &r.down {
        let reason = match pins.get(id) {
            None => format!("secondary {id} was deleted on the primary"),
            Some(p) if *p != e.pin => {
                format!("the registered certificate of secondary {id} changed")
            }
            Some(_) => continue,
        };
        e.stop.send_replace(Some(reason));
    }
}

/// Adds a hint to a connection failure so the log says which setting to check.
fn explain_dial_error(e: &crate::net::NetError, cert_setting: &str) -> String {
    match e.step {
        Step::Tls => format!("{e} (the expected certificate is {cert_setting})"),
        // Some proxies (tinyproxy 1.11) answer wrong credentials with 401 instead of 407.
        Step::Proxy if e.detail.contains("407") || e.detail.contains("401") => format!(
            "{e} (check KLSRV_MASTER_SRV_PROXYHOST_LOGIN and KLSRV_MASTER_SRV_PROXYHOST_PASSWORD)"
        ),
        _ => e.to_string(),
    }
}

/// Sleeps for the next backoff delay; false when the dialer must stop instead.
async fn pause(
    backoff: &mut Backoff,
    stop: &mut StopRx,
    shutdown: &mut watch::Receiver<bool>,
) -> bool {
    let delay = backoff.next_delay();
    tokio::select! {
        _ = tokio::time::sleep(delay) => true,
        _ = wait_stop(stop) => false,
        _ = wait_shutdown(shutdown) => false,
    }
}

/// An active secondary's dialer: connect, run the link, back off, repeat.
async fn dial_up(inner: Arc<Inner>, target: ActiveTarget, mut stop: StopRx) {
    let mut backoff = Backoff::new(&inner.cfg);
    let mut shutdown = inner.shutdown_rx();
    let mut last_error: Option<String> = None;
    let ep = target.endpoint.clone();
    loop {
        if stop.borrow().is_some() || *shutdown.borrow() {
            return;
        }
        let connect = connect_pinned(
            &ep.host,
            ep.port,
            target.proxy.as_ref(),
            target.pin,
            Some(inner.store.identity()),
            inner.cfg.connect_timeout,
        );
        let result = tokio::select! {
            r = connect => r,
            _ = wait_stop(&mut stop) => return,
            _ = wait_shutdown(&mut shutdown) => return,
        };
        let established = match result {
            Ok(tls) => {
                last_error = None;
                let ctx = UpCtx {
                    label: format!("the primary at {ep}"),
                    primary_addr: ep.to_string(),
                    pin: target.pin,
                };
                session::run_secondary(&inner, tls, ctx, Some(stop.clone())).await
            }
            Err(e) => {
                let text = format!(
                    "cannot connect to the primary at {ep}: {}",
                    explain_dial_error(&e, "KLSRV_MASTER_SRV_SSL_CERT")
                );
                // The same failure again is not news; keep the event log readable.
                if last_error.as_deref() == Some(text.as_str()) {
                    tracing::debug!(target: "ksc_link::sim::link", "{text}");
                } else {
                    inner.warn(text.clone());
                    last_error = Some(text);
                }
                false
            }
        };
        if established {
            backoff.reset();
        }
        if !pause(&mut backoff, &mut stop, &mut shutdown).await {
            return;
        }
    }
}

/// A passive secondary as the primary dials it.
struct DownTarget {
    id: i32,
    endpoint: Endpoint,
    pin: Pin,
    name: String,
}

/// The primary's dialer for one passive secondary.
async fn dial_down(inner: Arc<Inner>, target: DownTarget, mut stop: StopRx) {
    let mut backoff = Backoff::new(&inner.cfg);
    let mut shutdown = inner.shutdown_rx();
    let mut last_error: Option<String> = None;
    let ep = target.endpoint.clone();
    loop {
        if stop.borrow().is_some() || *shutdown.borrow() {
            return;
        }
        let connect = connect_pinned(
            &ep.host,
            ep.port,
            None,
            target.pin,
            Some(inner.store.identity()),
            inner.cfg.connect_timeout,
        );
        let result = tokio::select! {
            r = connect => r,
            _ = wait_stop(&mut stop) => return,
            _ = wait_shutdown(&mut shutdown) => return,
        };
        let established = match result {
            Ok(tls) => {
                last_error = None;
                let ctx = DownCtx {
                    id: target.id,
                    pin: target.pin,
                    label: format!(
                        "passive secondary {} ('{}') at {ep}",
                        target.id, target.name
                    ),
                    remote: ep.to_string(),
                    passive: true,
                };
                session::run_primary(&inner, tls, ctx, Some(stop.clone())).await
            }
            Err(e) => {
                let text = format!(
                    "cannot connect to passive secondary {} ('{}') at {ep}: {}",
                    target.id,
                    target.name,
                    explain_dial_error(&e, "the registered KLSRVH_SRV_CERTIFICATE")
                );
                if last_error.as_deref() == Some(text.as_str()) {
                    tracing::debug!(target: "ksc_link::sim::link", "{text}");
                } else {
                    inner.warn(text.clone());
                    last_error = Some(text);
                }
                false
            }
        };
        if established {
            backoff.reset();
        }
        if !pause(&mut backoff, &mut stop, &mut shutdown).await {
            return;
        }
    }
}

/// Accepts on the SSL port until shutdown, then hands the listener back.
pub(super) async fn acceptor(inner: Arc<Inner>, listener: TcpListener) -> TcpListener {
    let mut shutdown = inner.shutdown_rx();
    loop {
        let accepted = tokio::select! {
            r = listener.accept() => r,
            _ = wait_shutdown(&mut shutdown) => break,
        };
        match accepted {
            Ok((tcp, peer)) => {
                let _ = tcp.set_nodelay(true);
                tokio::spawn(incoming(inner.clone(), tcp, peer));
            }
            Err(e) => {
                // Out of descriptors and the like: wait a little instead of spinning.
                tracing::warn!(target: "ksc_link::sim::link", "accepting on the SSL port failed: {e}");
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    }
    listener
}

/// Why an accepted handshake failed, from this (server) side.
fn describe_accept_error(e: &std::io::Error) -> String {
    match find_rustls_error(e) {
        // The shared wording speaks as a client; here the client refused this server.
        Some(rustls::Error::AlertReceived(alert)) => format!(
            "the client ended the handshake with TLS alert {alert:?}, most likely because it \
             does not accept this server's certificate"
        ),
        _ => describe_tls_error(e),
    }
}

/// One accepted connection: TLS with the certificate check, then the link in the role the
/// client certificate gives.
async fn incoming(inner: Arc<Inner>, tcp: TcpStream, peer: SocketAddr) {
    let refused = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let check: ClientCertCheck = {
        let inner = Arc::downgrade(&inner);
        let refused = refused.clone();
        Arc::new(move |der: &[u8]| {
            let Some(inner) = inner.upgrade() else {
                return false;
            };
            let ok = inner.classify(der).is_some();
            if !ok {
                refused.store(true, std::sync::atomic::Ordering::SeqCst);
                inner.warn(inner.refusal_text(peer, der));
            }
            ok
        })
    };
    let config = match server_config(inner.store.identity(), Some(check)) {
        Ok(c) => c,
        Err(e) => {
            inner.warn(format!(
                "cannot accept {peer} on the SSL port: this server's certificate: {e}"
            ));
            return;
        }
    };
    let mut shutdown = inner.shutdown_rx();
    let handshake = tokio::time::timeout(
        inner.cfg.connect_timeout,
        TlsAcceptor::from(config).accept(tcp),
    );
    let tls = tokio::select! {
        r = handshake => r,
        _ = wait_shutdown(&mut shutdown) => return,
    };
    let tls = match tls {
        Err(_) => {
            inner.warn(format!(
                "TLS handshake with {peer} on the SSL port timed out"
            ));
            return;
        }
        Ok(Err(e)) => {
            // A refusal by the certificate check is already logged with the details.
            if !refused.load(std::sync::atomic::Ordering::SeqCst) {
                inner.warn(format!(
                    "TLS handshake with {peer} on the SSL port failed: {}",
                    describe_accept_error(&e)
                ));
            }
            return;
        }
        Ok(Ok(s)) => s,
    };
    let leaf = tls
        .get_ref()
        .1
        .peer_certificates()
        .and_then(|c| c.first())
        .map(|c| c.to_vec());
    let Some(leaf) = leaf else {
        inner.warn(format!("{peer} presented no certificate on the SSL port"));
        return;
    };
    let pin = Pin::of_der(&leaf);
    match inner.classify(&leaf) {
        Some(Peer::Secondary(id)) => {
            let ctx = DownCtx {
                id,
                pin,
                label: format!("secondary {id} from {peer}"),
                remote: peer.to_string(),
                passive: false,
            };
            session::run_primary(&inner, tls, ctx, None).await;
        }
        Some(Peer::Primary) => {
            let ctx = UpCtx {
                label: format!("the primary connecting from {peer}"),
                primary_addr: String::new(),
                pin,
            };
            session::run_secondary(&inner, tls, ctx, None).await;
        }
        None => inner.warn(format!(
            "closed the connection from {peer}: its certificate stopped being accepted during \
             the handshake"
        )),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_caps_and_resets() {
        let cfg = LinkConfig {
            backoff_base: Duration::from_millis(200),
            backoff_max: Duration::from_secs(5),
            ..LinkConfig::default()
        };
        let mut b = Backoff::new(&cfg);
        let d: Vec<_> = (0..10).map(|_| b.next_delay()).collect();
        assert!(d[0] >= Duration::from_millis(100) && d[0] <= Duration::from_millis(200));
        assert!(d[3] >= Duration::from_millis(800) && d[3] <= Duration::from_millis(1600));
        for x in &d[6..] {
            assert!(*x >= Duration::from_millis(2500) && *x <= Duration::from_secs(5));
        }
        b.reset();
        assert!(b.next_delay() <= Duration::from_millis(200));
    }

    #[test]
    fn zero_backoff_is_not_a_busy_loop() {
        let cfg = LinkConfig {
            backoff_base: Duration::ZERO,
            backoff_max: Duration::ZERO,
            ..LinkConfig::default()
        };
        let mut b = Backoff::new(&cfg);
        assert!(b.next_delay() >= Duration::from_millis(5));
    }
}
