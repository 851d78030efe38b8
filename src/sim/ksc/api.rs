//! The Open API over HTTPS: TLS, per-connection login state, sessions, two-step verification,
//! request checks and dispatch to the [`super::methods`] classes.
//!
//! Each accepted connection is served by its own HTTP/1.1 connection task (keep-alive), which
//! owns the connection's login state: `POST /api/v1.0/login` authenticates the **connection**,
//! as KlAkOAPI expects (it keeps one pooled connection and sends no credentials afterwards).
//! `Session.StartSession` creates a session used through `X-KSC-Session` on any connection.
//! A `KSCGW <key>` login (either way) opens a gateway session whose calls run on a secondary,
//! relayed over the hierarchy link ([`super::gateway`]).
//!
//! Status codes: 200 for every call that reached a method (errors as `{"PxgError": …}`, which
//! keeps KlAkOAPI's typed errors); 401 `text/plain` `Authentication failed` for bad or missing
//! credentials; 401 `Authentication not finished` with `WWW-Authenticate: KSCMFA …` while the
//! second factor is awaited; 403 for an unknown, ended or expired session; 404 outside
//! `/api/v1.0/`; 405 for anything but POST; 413 for bodies over 16 MiB; 415 for a
//! `Content-Type` other than `application/json`. Injected transport faults
//! ([`super::faults::TransportFault`]) may drop a connection or answer 500 instead.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use bytes::Bytes;
use http::header::{ALLOW, AUTHORIZATION, CONTENT_TYPE, WWW_AUTHENTICATE};
use http::{HeaderMap, HeaderValue, Request, Response, StatusCode};
use http_body_util::{BodyExt as _, Full, Limited};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio_rustls::TlsAcceptor;
use tower_http::compression::CompressionLayer;

use super::faults::TransportFault;
use super::gateway::{self, Relayed};
use super::link::{RelayHandle, RelayOp};
use super::methods::{self, Args, CallCtx, body_not_object};
use super::runtime::{GatewayRoute, Principal};
use super::state::{MAIN_SERVER, SharedState, SimData};
use crate::wire::auth::{
    Authorization, BasicCredentials, MfaChallenge, mfa_challenge_header, parse_authorization,
};
use crate::wire::{API_PREFIX, header};

/// Largest request body accepted.
const MAX_BODY: usize = 16 * 1024 * 1024;
/// Longest a TLS handshake may take before the connection is dropped.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(15);
/// Body of a 401 for wrong or missing credentials.
pub const AUTH_FAILED: &str = "Authentication failed";
/// Body of a 401 while the second factor is awaited.
pub const AUTH_NOT_FINISHED: &str = "Authentication not finished";
/// The `login` path below [`API_PREFIX`].
const LOGIN: &str = "login";

/// What the connection task needs from the server.
pub(crate) struct ApiShared {
    /// The server's state.
    pub state: SharedState,
    /// Port of this API.
    pub api_port: u16,
    /// Port of the SSL (server-to-server) listener.
    pub ssl_port: u16,
    /// What a new connection to this port is presented: the server's certificate, or another
    /// one a test or a fault ([`TransportFault::CertificateReplaced`]) put in its place.
    pub tls: std::sync::RwLock<TlsAcceptor>,
    /// The names a replacing certificate is made for.
    pub hostnames: Vec<String>,
    /// Bumped to close every open connection, as a restart does.
    pub restarts: watch::Sender<u64>,
    /// The hierarchy link's relay while the link runs: gateway sessions go through it.
    pub relay: std::sync::RwLock<Option<RelayHandle>>,
}

impl ApiShared {
    /// The relay of the running hierarchy link, if any.
    pub fn relay(&self) -> Option<RelayHandle> {
        self.relay.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Sets (or, with `None`, clears) the relay of the hierarchy link.
    pub fn set_relay(&self, relay: Option<RelayHandle>) {
        *self.relay.write().unwrap_or_else(|e| e.into_inner()) = relay;
    }

    /// Serves a gateway request relayed to this server over its link to its primary.
    pub fn serve_relayed(self: &Arc<Self>, op: RelayOp) -> super::link::RelayFuture {
        let shared = self.clone();
        Box::pin(async move { gateway::serve(&shared, op).await })
    }

    fn acceptor(&self) -> TlsAcceptor {
        self.tls.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// New connections are presented `identity`; open ones keep what their handshake saw.
    pub fn present(&self, identity: crate::tls::Identity) -> Result<(), crate::tls::TlsError> {
        let acceptor = TlsAcceptor::from(crate::tls::server_config(identity, None)?);
        *self.tls.write().unwrap_or_else(|e| e.into_inner()) = acceptor;
        Ok(())
    }

    /// Closes every open connection, each once its call under way is answered: clients meet the
    /// certificate presented now on their next call.
    pub fn drop_connections(&self) {
        self.restarts.send_modify(|n| *n = n.wrapping_add(1));
    }

    /// Presents a newly made certificate from now on, as after `klsetsrvcert` or a reinstall;
    /// returns it (DER).
    pub fn replace_certificate(&self) -> Result<Vec<u8>, String> {
        let (details, identity, _) = crate::cert::generate_server_identity(&self.hostnames, 397)
            .map_err(|e| e.to_string())?;
        self.present(identity).map_err(|e| e.to_string())?;
        Ok(details.der)
    }
}

/// Login state of one connection.
#[derive(Debug, Default)]
enum ConnAuth {
    /// Not logged in.
    #[default]
    None,
    /// First factor given; waiting for `KSCMFA totp="…"` on `/login`.
    PendingTotp { principal: Principal, wrong: u32 },
    /// Logged in; the session carries expiry and `EndSession`.
    Authenticated { session_id: String },
}

#[derive(Debug, Default)]
struct ConnState {
    auth: Mutex<ConnAuth>,
}

impl ConnState {
    fn get(&self) -> std::sync::MutexGuard<'_, ConnAuth> {
        self.auth.lock().unwrap_or_else(|e| e.into_inner())
    }
}

type Body = Full<Bytes>;

fn text(status: StatusCode, body: &str) -> Response<Body> {
    let mut r = Response::new(Full::new(Bytes::from(body.to_string())));
    *r.status_mut() = status;
    r.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

fn json(body: &serde_json::Value) -> Response<Body> {
    let mut r = Response::new(Full::new(Bytes::from(body.to_string())));
    r.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    r
}

fn auth_failed() -> Response<Body> {
    text(StatusCode::UNAUTHORIZED, AUTH_FAILED)
}

fn forbidden() -> Response<Body> {
    text(StatusCode::FORBIDDEN, "Forbidden")
}

/// 401 asking for the second factor; with the half-created session for `StartSession`.
fn challenge(kind: &MfaChallenge, session: Option<&str>) -> Response<Body> {
    let mut r = text(StatusCode::UNAUTHORIZED, AUTH_NOT_FINISHED);
    r.headers_mut().insert(
        WWW_AUTHENTICATE,
        HeaderValue::from_str(&mfa_challenge_header(kind))
            .unwrap_or(HeaderValue::from_static("KSCMFA")),
    );
    if let Some(id) = session
        && let Ok(v) = HeaderValue::from_str(id)
    {
        r.headers_mut().insert(header::SESSION, v);
    }
    r
}

fn totp_challenge(session: Option<&str>) -> Response<Body> {
    challenge(&MfaChallenge::Totp { length: 6 }, session)
}

/// What a successful first factor still requires.
enum SecondFactor {
    None,
    Totp,
    Registration,
}

/// The `X-KSC-VServer` header: absent or empty for the main server, else base64 of a name.
#[derive(Clone, Debug, PartialEq, Eq)]
enum VServerHeader {
    Main,
    /// Decoded from base64: must name a virtual server.
    Name(String),
    /// Not base64: a raw name if it names a virtual server, else the main server (go-ksc
    /// sends the placeholder `x` when it means none).
    Raw(String),
}

/// Checks `KSCBasic` credentials for the (virtual) server named in `X-KSC-VServer`.
fn check_credentials(
    d: &SimData,
    c: &BasicCredentials,
    vs: &VServerHeader,
) -> Option<(Principal, SecondFactor)> {
    let vserver = match vs {
        VServerHeader::Main => None,
        VServerHeader::Name(n) => Some(d.vserver_by_name(n)?),
        VServerHeader::Raw(n) => d.vserver_by_name(n),
    };
    if vserver.is_some_and(|v| !v.enabled) {
        return None;
    }
    // "CORP\user" in the user field is a domain account too.
    let (domain, name) = match c.user.split_once('\\') {
        Some((dom, n)) if c.domain.is_empty() => (dom, n),
        _ => (c.domain.as_str(), c.user.as_str()),
    };
    let same = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    let user = if c.internal {
        d.users.iter().find(|u| u.internal && same(&u.name, name))
    } else {
        d.users
            .iter()
            .find(|u| {
                !u.internal && same(&u.name, name) && (domain.is_empty() || same(&u.domain, domain))
            })
            // Many third-party clients send only user and pass (no `internal`): an internal
            // user is found then too.
            .or_else(|| {
                domain
                    .is_empty()
                    .then(|| d.users.iter().find(|u| u.internal && same(&u.name, name)))
                    .flatten()
            })
    }?;
    if user.password != c.password {
        return None;
    }
    match (&user.vserver, vserver) {
        (Some(own), Some(v)) if own == &v.name || own == &v.uid => {}
        (Some(_), _) => return None,
        (None, _) => {}
    }
    let principal = Principal {
        user_id: user.id,
        user_name: user.name.clone(),
        vserver: vserver.map_or(MAIN_SERVER, |v| v.id),
    };
    let second = if user.totp_secret.is_some() {
        SecondFactor::Totp
    } else if user.require_2fa {
        SecondFactor::Registration
    } else {
        SecondFactor::None
    };
    Some((principal, second))
}

/// Verifies a code against the user's secret: SHA1, 6 digits, 30 s steps, one step of skew, at
/// the time by this server's clock (which may be off, as a real server's can be).
fn verify_totp(state: &SharedState, user_id: i32, code: &str) -> bool {
    let Some(secret) = state.read(|d| {
        d.users
            .iter()
            .find(|u| u.id == user_id)
            .and_then(|u| u.totp_secret.clone())
    }) else {
        return false;
    };
    let Ok(secret) = totp_rs::Secret::try_from_base32(&secret) else {
        return false;
    };
    match totp_rs::Builder::new()
        .with_algorithm(totp_rs::Algorithm::SHA1)
        .with_digits(6)
        .with_step_duration(30)
        .with_skew(1)
        .with_secret(secret)
        .build()
    {
        Ok(totp) => {
            let now = state
                .server_now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            totp.check(code.trim(), now).is_some()
        }
        Err(_) => false,
    }
}

fn header_str<'h>(h: &'h HeaderMap, name: &str) -> Option<&'h str> {
    h.get(name).and_then(|v| v.to_str().ok())
}

fn authorization(h: &HeaderMap) -> Option<Result<Authorization, String>> {
    let v = h.get(AUTHORIZATION)?;
    Some(
        v.to_str()
            .map_err(|_| "Authorization is not ASCII".to_string())
            .and_then(parse_authorization),
    )
}

fn vserver_of(h: &HeaderMap) -> VServerHeader {
    let Some(v) = header_str(h, header::VSERVER).map(str::trim) else {
        return VServerHeader::Main;
    };
    if v.is_empty() {
        return VServerHeader::Main;
    }
    match B64.decode(v).ok().and_then(|b| String::from_utf8(b).ok()) {
        Some(name) if name.is_empty() => VServerHeader::Main,
        Some(name) => VServerHeader::Name(name),
        None => VServerHeader::Raw(v.to_string()),
    }
}

fn session_header(h: &HeaderMap) -> Option<&str> {
    header_str(h, header::SESSION)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// `POST /api/v1.0/login`: authenticates the connection.
fn login(shared: &ApiShared, conn: &ConnState, h: &HeaderMap) -> Response<Body> {
    let state = &shared.state;
    let Some(Ok(auth)) = authorization(h) else {
        *conn.get() = ConnAuth::None;
        return auth_failed();
    };
    match auth {
        Authorization::Basic(c) => {
            let checked = state.read(|d| check_credentials(d, &c, &vserver_of(h)));
            let mut a = conn.get();
            match checked {
                None => {
                    *a = ConnAuth::None;
                    auth_failed()
                }
                Some((principal, SecondFactor::None)) => {
                    let session_id = state.create_session(principal, false);
                    *a = ConnAuth::Authenticated { session_id };
                    json(&serde_json::json!({}))
                }
                Some((principal, SecondFactor::Totp)) => {
                    *a = ConnAuth::PendingTotp {
                        principal,
                        wrong: 0,
                    };
                    totp_challenge(None)
                }
                Some((_, SecondFactor::Registration)) => {
                    *a = ConnAuth::None;
                    challenge(&MfaChallenge::Registration, None)
                }
            }
        }
        Authorization::Totp(code) => {
            let mut a = conn.get();
            let ConnAuth::PendingTotp { principal, wrong } = &mut *a else {
                return auth_failed();
            };
            if verify_totp(state, principal.user_id, &code) {
                let session_id = state.create_session(principal.clone(), false);
                *a = ConnAuth::Authenticated { session_id };
                return json(&serde_json::json!({}));
            }
            *wrong += 1;
            if *wrong >= super::runtime::MAX_WRONG_CODES {
                *a = ConnAuth::None;
                return auth_failed();
            }
            totp_challenge(None)
        }
        Authorization::Token(t) => match state.take_token(t.trim()) {
            Some(principal) => {
                let session_id = state.create_session(principal, false);
                *conn.get() = ConnAuth::Authenticated { session_id };
                json(&serde_json::json!({}))
            }
            None => {
                *conn.get() = ConnAuth::None;
                auth_failed()
            }
        },
        Authorization::Gateway(key) => match gateway_session(state, &key) {
            Some(session_id) => {
                *conn.get() = ConnAuth::Authenticated { session_id };
                json(&serde_json::json!({}))
            }
            None => {
                *conn.get() = ConnAuth::None;
                auth_failed()
            }
        },
        Authorization::WebToken(_) | Authorization::Ntlm(_) => {
            *conn.get() = ConnAuth::None;
            auth_failed()
        }
    }
}

/// Uses up a gateway key: a session whose calls run on the key's target.
fn gateway_session(state: &SharedState, key: &str) -> Option<String> {
    let (principal, route) = state.take_gateway_key(key.trim())?;
    Some(state.create_gateway_session(principal, route))
}

fn start_session_reply(id: &str) -> Response<Body> {
    json(&serde_json::json!({ "PxgRetVal": id }))
}

/// `Session.StartSession` carrying credentials (any scheme) or the second factor.
fn start_session(shared: &ApiShared, h: &HeaderMap, auth: Authorization) -> Response<Body> {
    let state = &shared.state;
    match auth {
        Authorization::Basic(c) => match state.read(|d| check_credentials(d, &c, &vserver_of(h))) {
            None => auth_failed(),
            Some((principal, SecondFactor::None)) => {
                start_session_reply(&state.create_session(principal, false))
            }
            // The session exists despite the 401; its id travels in X-KSC-Session.
            Some((principal, SecondFactor::Totp)) => {
                let id = state.create_session(principal, true);
                totp_challenge(Some(&id))
            }
            Some((principal, SecondFactor::Registration)) => {
                let id = state.create_session(principal, true);
                challenge(&MfaChallenge::Registration, Some(&id))
            }
        },
        Authorization::Totp(code) => {
            let Some(id) = session_header(h) else {
                return auth_failed();
            };
            let Ok(s) = state.touch_session(id) else {
                return forbidden();
            };
            if !s.pending_totp {
                return start_session_reply(id);
            }
            if verify_totp(state, s.principal.user_id, &code) {
                state.complete_session(id);
                return start_session_reply(id);
            }
            if state.record_wrong_code(id) {
                totp_challenge(Some(id))
            } else {
                auth_failed()
            }
        }
        Authorization::Token(t) => match state.take_token(t.trim()) {
            Some(principal) => start_session_reply(&state.create_session(principal, false)),
            None => auth_failed(),
        },
        // "Should be used in 'login' or Session.StartSession method call in KSCGW
        // authentication scheme" (PrepareGatewayConnection).
        Authorization::Gateway(key) => match gateway_session(state, &key) {
            Some(id) => start_session_reply(&id),
            None => auth_failed(),
        },
        Authorization::WebToken(_) | Authorization::Ntlm(_) => auth_failed(),
    }
}

/// Who runs a call, in which session, and where (a gateway session's calls run on a secondary).
struct Caller {
    principal: Principal,
    session_id: String,
    gateway: Option<GatewayRoute>,
}

/// Who may run an ordinary call: the `X-KSC-Session` session, else the connection's login.
///
/// A session still waiting for its second factor may only be ended: the reference tells a client
/// that gives up on the code to call `Session.EndSession` (KSC Open API, "Two-factor
/// authentication").
fn gate(
    shared: &ApiShared,
    conn: &ConnState,
    h: &HeaderMap,
    name: &str,
) -> Result<Caller, Response<Body>> {
    let state = &shared.state;
    let caller = |s: super::runtime::Session, id: &str| Caller {
        principal: s.principal,
        session_id: id.to_string(),
        gateway: s.gateway,
    };
    if let Some(id) = session_header(h) {
        return match state.touch_session(id) {
            Err(_) => Err(forbidden()),
            Ok(s) if s.pending_totp && split_call(name) == Some(("Session", "EndSession")) => {
                Ok(caller(s, id))
            }
            Ok(s) if s.pending_totp => Err(totp_challenge(Some(id))),
            Ok(s) => Ok(caller(s, id)),
        };
    }
    let a = conn.get();
    match &*a {
        ConnAuth::Authenticated { session_id } => match state.touch_session(session_id) {
            Ok(s) => Ok(caller(s, session_id)),
            Err(_) => Err(forbidden()),
        },
        ConnAuth::PendingTotp { .. } => Err(totp_challenge(None)),
        ConnAuth::None => Err(auth_failed()),
    }
}

fn content_type_ok(h: &HeaderMap) -> bool {
    match h.get(CONTENT_TYPE) {
        None => true,
        Some(v) => v.to_str().is_ok_and(|s| {
            s.split(';')
                .next()
                .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
        }),
    }
}

/// Splits `[Instance.]Class.Method`.
fn split_call(name: &str) -> Option<(&str, &str)> {
    let parts: Vec<&str> = name.split('.').collect();
    let (class, method) = match parts.as_slice() {
        [c, m] => (*c, *m),
        [i, c, m] if !i.is_empty() => (*c, *m),
        _ => return None,
    };
    (!class.is_empty() && !method.is_empty()).then_some((class, method))
}

/// The connection is to be dropped without an answer (an injected [`TransportFault`]).
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by an injected fault")
    }
}

impl std::error::Error for Dropped {}

/// Dates a reply by this server's clock. hyper would add a `Date` of its own (the true time)
/// only when the reply has none; a server with a wrong clock sends its wrong time.
fn dated(r: &mut Response<Body>, state: &SharedState) {
    if let Some(v) = crate::wire::http_date::format(state.server_now())
        .and_then(|d| HeaderValue::from_str(&d).ok())
    {
        r.headers_mut().insert(http::header::DATE, v);
    }
}

/// Answers one request, meeting the transport fault injected for its call, if any.
async fn handle_faulty(
    shared: &ApiShared,
    conn: &ConnState,
    req: Request<Incoming>,
) -> Result<Response<Body>, Dropped> {
    let call = req.uri().path().strip_prefix(API_PREFIX);
    if let Some(name) = call {
        shared.state.count_request(name);
    }
    let fault = call.and_then(|name| shared.state.take_transport_fault(name));
    let Some(fault) = fault else {
        return Ok(handle(shared, conn, req).await);
    };
    tracing::info!(call = %req.uri().path(), ?fault, "injected transport fault");
    match fault {
        TransportFault::DropMidRequest => {
            // Read the whole request first, so the client has sent it when the line goes dead.
            let _ = Limited::new(req.into_body(), MAX_BODY).collect().await;
            Err(Dropped)
        }
        TransportFault::Http500 => {
            let _ = Limited::new(req.into_body(), MAX_BODY).collect().await;
            Ok(text(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Internal Server Error",
            ))
        }
        TransportFault::SessionExpired => {
            shared.state.expire_all_sessions();
            Ok(handle(shared, conn, req).await)
        }
        TransportFault::ReplyLost => {
            let _committed = handle(shared, conn, req).await;
            Err(Dropped)
        }
        TransportFault::SlowReply(delay) => {
            let r = handle(shared, conn, req).await;
            tokio::time::sleep(delay).await;
            Ok(r)
        }
        TransportFault::CertificateReplaced => {
            let mut r = handle(shared, conn, req).await;
            // As klsetsrvcert and the service restart it needs: the answer still arrives on
            // the old handshake, then every connection closes, and the client's next one meets
            // the new certificate.
            if let Err(e) = shared.replace_certificate() {
                tracing::warn!(error = %e, "the certificate could not be replaced");
            }
            shared.drop_connections();
            r.headers_mut()
                .insert(http::header::CONNECTION, HeaderValue::from_static("close"));
            Ok(r)
        }
    }
}

async fn handle(shared: &ApiShared, conn: &ConnState, req: Request<Incoming>) -> Response<Body> {
    let path = req.uri().path().to_string();
    let Some(name) = path.strip_prefix(API_PREFIX).map(str::to_string) else {
        return text(StatusCode::NOT_FOUND, "Not Found");
    };
    if req.method() != http::Method::POST {
        let mut r = text(StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed");
        r.headers_mut()
            .insert(ALLOW, HeaderValue::from_static("POST"));
        return r;
    }
    if !content_type_ok(req.headers()) {
        return text(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Unsupported Media Type: Content-Type must be application/json",
        );
    }
    let (parts, body) = req.into_parts();
    let body = match Limited::new(body, MAX_BODY).collect().await {
        Ok(b) => b.to_bytes(),
        Err(e) => {
            if e.downcast_ref::<http_body_util::LengthLimitError>()
                .is_some()
            {
                return text(StatusCode::PAYLOAD_TOO_LARGE, "Request body too large");
            }
            return text(StatusCode::BAD_REQUEST, "Could not read the request body");
        }
    };
    let h = &parts.headers;
    if name == LOGIN {
        return login(shared, conn, h);
    }
    if name == "Session.StartSession"
        && let Some(auth) = authorization(h)
    {
        return match auth {
            Ok(a) => start_session(shared, h, a),
            Err(_) => auth_failed(),
        };
    }
    let caller = match gate(shared, conn, h, &name) {
        Ok(c) => c,
        Err(r) => return r,
    };
    if let Some(route) = &caller.gateway {
        return relayed(shared, &caller.session_id, route, &name, &body).await;
    }
    json(&run_call(shared, &caller.principal, &caller.session_id, &name, &body).await)
}

/// A call in a gateway session: it runs on the secondary at the end of `route`.
async fn relayed(
    shared: &ApiShared,
    session_id: &str,
    route: &GatewayRoute,
    name: &str,
    body: &[u8],
) -> Response<Body> {
    // Ending the session closes the gateway connection (class `Session`, EndSession).
    if split_call(name) == Some(("Session", "EndSession")) {
        shared.state.end_session(session_id);
        gateway::close(shared, route).await;
        return json(&serde_json::json!({}));
    }
    match gateway::call_through(shared, route, name, body).await {
        Relayed::Body(b) => json(&b),
        Relayed::SessionGone => {
            shared.state.end_session(session_id);
            forbidden()
        }
    }
}

/// Decodes the body and runs the method; the result is the JSON body of a 200. Used for calls
/// on this server, whether they came in on its own port or relayed from its primary.
pub(crate) async fn run_call(
    shared: &ApiShared,
    principal: &Principal,
    session_id: &str,
    name: &str,
    body: &[u8],
) -> serde_json::Value {
    let decoded = (|| {
        let (class, method) = split_call(name).ok_or_else(|| methods::not_implemented(name))?;
        let j: serde_json::Value = if body.iter().all(u8::is_ascii_whitespace) {
            serde_json::json!({})
        } else {
            serde_json::from_slice(body)
                .map_err(|e| methods::bad_param("body", format!("not valid JSON: {e}")))?
        };
        let serde_json::Value::Object(o) = &j else {
            return Err(body_not_object(&j));
        };
        Ok((class, method, Args::from_body(o)?))
    })();
    let result = match decoded {
        Err(e) => Err(e),
        // The one method that waits on the network: it opens the relay before answering.
        Ok(("GatewayConnection", "PrepareGatewayConnection", args)) => {
            match shared
                .state
                .take_fault(crate::wire::gateway::PREPARE_GATEWAY_CONNECTION)
            {
                Some(e) => Err(e),
                None => gateway::prepare(shared, principal, &args).await,
            }
        }
        Ok((class, method, args)) => {
            let ctx = CallCtx {
                state: &shared.state,
                principal,
                session_id: Some(session_id),
                api_port: shared.api_port,
                ssl_port: shared.ssl_port,
            };
            methods::dispatch(&ctx, class, method, &args)
        }
    };
    match result {
        Ok(r) => r.to_json(),
        Err(e) => e.to_body(),
    }
}

async fn serve_connection(
    tcp: tokio::net::TcpStream,
    peer: SocketAddr,
    acceptor: TlsAcceptor,
    shared: Arc<ApiShared>,
) {
    let mut restarts = shared.restarts.subscribe();
    let tls = match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(tcp)).await {
        Ok(Ok(s)) => s,
        Ok(Err(e)) => {
            tracing::debug!(%peer, error = %e, "Open API TLS handshake failed");
            return;
        }
        Err(_) => {
            tracing::debug!(%peer, "Open API TLS handshake timed out");
            return;
        }
    };
    let conn = Arc::new(ConnState::default());
    let svc = tower::ServiceBuilder::new()
        .layer(
            CompressionLayer::new()
                .gzip(true)
                .deflate(true)
                // Compress whenever Accept-Encoding asks, even tiny bodies (`{"PxgRetVal":0}`).
                .compress_when(|_, _, _: &HeaderMap, _: &http::Extensions| true),
        )
        .service_fn(move |req: Request<Incoming>| {
            let shared = shared.clone();
            let conn = conn.clone();
            async move {
                let name = req.uri().path().to_string();
                let mut r = handle_faulty(&shared, &conn, req).await;
                if let Ok(r) = &mut r {
                    dated(r, &shared.state);
                }
                // Never log credentials or bodies: the call name and status only.
                if let Ok(r) = &r {
                    tracing::debug!(call = %name, status = r.status().as_u16(), "Open API request");
                }
                r
            }
        });
    let serving = hyper::server::conn::http1::Builder::new()
        .keep_alive(true)
        .serve_connection(TokioIo::new(tls), TowerToHyperService::new(svc));
    tokio::pin!(serving);
    let mut restarted = false;
    loop {
        tokio::select! {
            served = serving.as_mut() => {
                if let Err(e) = served {
                    tracing::debug!(%peer, error = %e, "Open API connection ended with an error");
                }
                break;
            }
            // A restart: a call under way is answered, then the connection closes.
            _ = restarts.changed(), if !restarted => {
                restarted = true;
                tracing::debug!(%peer, "Open API connection closed by a restart");
                serving.as_mut().graceful_shutdown();
            }
        }
    }
}

/// Accepts connections until `shutdown` changes, then stops every connection.
pub(crate) async fn run(
    listener: TcpListener,
    shared: Arc<ApiShared>,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut conns = JoinSet::new();
    loop {
        tokio::select! {
            _ = shutdown.changed() => break,
            accepted = listener.accept() => match accepted {
                Ok((tcp, peer)) => {
                    conns.spawn(serve_connection(tcp, peer, shared.acceptor(), shared.clone()));
                }
                Err(e) => {
                    tracing::debug!(error = %e, "Open API accept failed");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            },
            Some(_) = conns.join_next(), if !conns.is_empty() => {}
        }
    }
    conns.shutdown().await;
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn call_names() {
        assert_eq!(
            split_call("HostGroup.GroupIdGroups"),
            Some(("HostGroup", "GroupIdGroups"))
        );
        assert_eq!(
            split_call("inst.HostGroup.GroupIdGroups"),
            Some(("HostGroup", "GroupIdGroups"))
        );
        for bad in [
            "HostGroup",
            "HostGroup.",
            ".X",
            "a.b.c.d",
            ".HostGroup.X",
            "",
        ] {
            assert_eq!(split_call(bad), None, "{bad}");
        }
    }

    #[test]
    fn vserver_header_forms() {
        let of = |v: Option<&str>| {
            let mut h = HeaderMap::new();
            if let Some(v) = v {
                h.insert(header::VSERVER, HeaderValue::from_str(v).unwrap());
            }
            vserver_of(&h)
        };
        assert_eq!(of(None), VServerHeader::Main);
        assert_eq!(of(Some("")), VServerHeader::Main);
        assert_eq!(
            of(Some("Q3VzdG9tZXIgQQ==")),
            VServerHeader::Name("Customer A".into())
        );
        assert_eq!(of(Some("x")), VServerHeader::Raw("x".into()));
    }

    #[test]
    fn content_types() {
        let mut h = HeaderMap::new();
        assert!(content_type_ok(&h));
        h.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
        assert!(content_type_ok(&h));
        h.insert(CONTENT_TYPE, HeaderValue::from_static("text/plain"));
        assert!(!content_type_ok(&h));
    }
}
