//! Transport and session handling of the KSC Open API client.
//!
//! One [`KscClient`] talks to one Administration Server over HTTPS (HTTP/1.1, gzip), trusting
//! exactly one certificate (pinned by SHA-256 of its DER). Login uses `Session.StartSession`
//! with `Authorization: KSCBasic …`; later calls carry `X-KSC-Session`, so any pooled
//! connection can serve them (KSC Open API reference, class `Session`). Two-step verification
//! follows the documented `KSCMFA` flow: the server answers 401 with a challenge and a session
//! id, and the client repeats the same request with `Authorization: KSCMFA totp="…"`.
//!
//! A session that expires is renewed transparently: a 403 on a call the client did not end
//! triggers one new `StartSession` with the remembered credentials and one retry of the call.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use reqwest::header::{
    AUTHORIZATION, CONTENT_TYPE, DATE, HeaderMap, HeaderName, HeaderValue, WWW_AUTHENTICATE,
};
use serde_json::Value as Json;
use zeroize::Zeroizing;

use super::error::{Endpoint, KscError, excerpt};
use crate::clock::ClockOffset;
use crate::net::{NetError, Step};
use crate::secrets::Secret;
use crate::tls::Pin;
use crate::wire::auth::{BasicCredentials, MfaChallenge, basic_header, parse_mfa_challenge};
use crate::wire::value::json_kind;
use crate::wire::{API_PREFIX, DEFAULT_API_PORT, DecodeError, Params, PxgError, Value, header};

/// `Session.StartSession`: the login call.
const START_SESSION: &str = "Session.StartSession";
/// `Session.EndSession`: the logout call.
const END_SESSION: &str = "Session.EndSession";
/// How much of an unexpected body an error keeps.
const EXCERPT_CHARS: usize = 300;

/// Where and how to reach one Administration Server's Open API.
#[derive(Clone, Debug)]
pub struct ConnectOptions {
    /// Host name or address.
    pub host: String,
    /// Open API port (13299 by default).
    pub port: u16,
    /// The only certificate to trust (SHA-256 of its DER).
    pub pin: Pin,
    /// Virtual server to log in to; `None` for the main server.
    pub vserver: Option<String>,
    /// Time allowed to open the TCP connection and finish the TLS handshake.
    pub connect_timeout: Duration,
    /// Time allowed for one whole request, connection included.
    pub request_timeout: Duration,
}

impl ConnectOptions {
    /// Options for `host` on the default port with the default timeouts (10 s / 60 s).
    pub fn new(host: impl Into<String>, pin: Pin) -> Self {
        Self {
            host: host.into(),
            port: DEFAULT_API_PORT,
            pin,
            vserver: None,
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
        }
    }
}

/// What a login step led to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoginOutcome {
    /// The session is open; calls can be made.
    LoggedIn,
    /// The server asks for a two-step verification code of `length` digits.
    CodeRequired {
        /// Number of digits.
        length: usize,
    },
    /// The code just submitted was refused; the server asks for another one.
    WrongCode {
        /// Number of digits.
        length: usize,
    },
    /// The account must use two-step verification but has not set it up; no session was opened.
    TwoFactorNotConfigured,
}

/// The decoded answer to a successful call.
#[derive(Clone, Debug, PartialEq)]
pub struct Reply {
    /// `PxgRetVal`; `Null` for a method without a return value.
    pub retval: Value,
    /// The out-parameters, by name (top-level keys other than `PxgRetVal`).
    pub out: Params,
}

impl Default for Reply {
    fn default() -> Self {
        Self {
            retval: Value::Null,
            out: Params::new(),
        }
    }
}

impl Reply {
    /// `PxgRetVal` as an `i32`.
    pub fn retval_i32(&self) -> Result<i32, DecodeError> {
        self.retval
            .as_i32()
            .ok_or_else(|| wrong_type("PxgRetVal", "a 32-bit integer", &self.retval))
    }

    /// `PxgRetVal` as an `i64`.
    pub fn retval_i64(&self) -> Result<i64, DecodeError> {
        self.retval
            .as_i64()
            .ok_or_else(|| wrong_type("PxgRetVal", "an integer", &self.retval))
    }

    /// `PxgRetVal` as a string.
    pub fn retval_str(&self) -> Result<&str, DecodeError> {
        self.retval
            .as_str()
            .ok_or_else(|| wrong_type("PxgRetVal", "a string", &self.retval))
    }

    /// `PxgRetVal` as bytes (a base64 string at the top level).
    pub fn retval_binary(&self) -> Result<Vec<u8>, DecodeError> {
        self.retval
            .as_binary()
            .ok_or_else(|| wrong_type("PxgRetVal", "base64 binary", &self.retval))
    }

    /// `PxgRetVal` as a params container; `null` reads as an empty one.
    pub fn retval_params(&self) -> Result<Params, DecodeError> {
        match &self.retval {
            Value::Null => Ok(Params::new()),
            Value::Params(p) => Ok(p.clone()),
            other => Err(wrong_type("PxgRetVal", "a params object", other)),
        }
    }

    /// `PxgRetVal` as an array; `null` reads as an empty one.
    pub fn retval_array(&self) -> Result<&[Value], DecodeError> {
        self.retval
            .as_array()
            .ok_or_else(|| wrong_type("PxgRetVal", "an array", &self.retval))
    }

    /// The out-parameter `name`.
    pub fn out_value(&self, name: &str) -> Result<&Value, DecodeError> {
        self.out.get(name).ok_or_else(|| DecodeError {
            path: name.to_string(),
            reason: "missing out-parameter".to_string(),
        })
    }

    /// The out-parameter `name` as a string.
    pub fn out_str(&self, name: &str) -> Result<&str, DecodeError> {
        let v = self.out_value(name)?;
        v.as_str().ok_or_else(|| wrong_type(name, "a string", v))
    }

    /// The out-parameter `name` as bytes.
    pub fn out_binary(&self, name: &str) -> Result<Vec<u8>, DecodeError> {
        let v = self.out_value(name)?;
        v.as_binary()
            .ok_or_else(|| wrong_type(name, "base64 binary", v))
    }

    /// The out-parameter `name` as a params container; missing or `null` read as empty.
    pub fn out_params(&self, name: &str) -> Result<Params, DecodeError> {
        match self.out.get(name) {
            None | Some(Value::Null) => Ok(Params::new()),
            Some(Value::Params(p)) => Ok(p.clone()),
            Some(other) => Err(wrong_type(name, "a params object", other)),
        }
    }
}

/// A decode error saying what was expected at `path` and what came.
pub(crate) fn wrong_type(path: &str, expected: &str, found: &Value) -> DecodeError {
    DecodeError {
        path: path.to_string(),
        reason: format!("expected {expected}, found {}", found.type_name()),
    }
}

/// Encodes call arguments as the request body: one JSON object of top-level encoded values,
/// keys in the order given (as KlAkOAPI sends them); `{}` for none.
pub fn encode_body(args: &[(&str, Value)]) -> String {
    let mut s = String::from("{");
    for (i, (name, value)) in args.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push_str(&Json::String((*name).to_string()).to_string());
        s.push(':');
        s.push_str(&value.to_top_json().to_string());
    }
    s.push('}');
    s
}

/// What a response body holds.
#[derive(Debug, PartialEq)]
pub(crate) enum Body {
    /// A reply object (possibly empty).
    Reply(Reply),
    /// `{"PxgError": {...}}`.
    Error(PxgError),
    /// Not JSON at all (e.g. a plain-text 401 or 403 body).
    NotJson,
}

/// Reads a response body; an `Err` is JSON of the wrong shape.
pub(crate) fn parse_body(body: &[u8]) -> Result<Body, DecodeError> {
    let trimmed = body.trim_ascii();
    if trimmed.is_empty() {
        return Ok(Body::Reply(Reply::default()));
    }
    let Ok(json) = serde_json::from_slice::<Json>(trimmed) else {
        return Ok(Body::NotJson);
    };
    let Json::Object(map) = json else {
        return Err(DecodeError {
            path: "(body)".to_string(),
            reason: format!("expected a JSON object, found {}", json_kind(&json)),
        });
    };
    if let Some(e) = map.get("PxgError") {
        return Ok(Body::Error(PxgError::from_json(e)));
    }
    let mut reply = Reply::default();
    for (k, v) in &map {
        let value = Value::from_top_json(v, k)?;
        if k == "PxgRetVal" {
            reply.retval = value;
        } else {
            reply.out.insert(k.clone(), value);
        }
    }
    Ok(Body::Reply(reply))
}

/// A user's credentials kept for renewing an expired session; the password stays a [`Secret`].
#[derive(Clone, Debug)]
struct SavedCredentials {
    user: String,
    password: Secret,
    domain: String,
    internal: bool,
}

impl SavedCredentials {
    fn from_basic(c: &BasicCredentials) -> Self {
        Self {
            user: c.user.clone(),
            password: Secret::new(c.password.clone()),
            domain: c.domain.clone(),
            internal: c.internal,
        }
    }

    fn header(&self) -> Zeroizing<String> {
        let c = BasicCredentials {
            user: self.user.clone(),
            password: self.password.expose().to_string(),
            domain: self.domain.clone(),
            internal: self.internal,
        };
        let h = Zeroizing::new(basic_header(&c));
        // The temporary copy of the password inside `c` is wiped here.
        let mut pw = c.password;
        zeroize::Zeroize::zeroize(&mut pw);
        h
    }
}

/// Where the login stands.
#[derive(Clone, Default)]
enum Phase {
    /// No session.
    #[default]
    Idle,
    /// First factor accepted; the session waits for a TOTP code.
    AwaitingCode { session: String, length: usize },
    /// Logged in.
    Active { session: String },
    /// The client ended this session; a 403 for it means "ended", never "expired".
    Ended { session: String },
}

/// The session id is a bearer credential for the server: never printed.
impl std::fmt::Debug for Phase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Idle => f.write_str("Idle"),
            Self::AwaitingCode { length, .. } => f
                .debug_struct("AwaitingCode")
                .field("session", &"<redacted>")
                .field("length", length)
                .finish(),
            Self::Active { .. } => f
                .debug_struct("Active")
                .field("session", &"<redacted>")
                .finish(),
            Self::Ended { .. } => f
                .debug_struct("Ended")
                .field("session", &"<redacted>")
                .finish(),
        }
    }
}

#[derive(Default)]
struct State {
    phase: Phase,
    credentials: Option<SavedCredentials>,
    /// The server's clock against this computer's, from the last login reply with a `Date`.
    clock: Option<ClockOffset>,
}

struct Inner {
    http: reqwest::Client,
    at: Endpoint,
    pin: Pin,
    base_url: String,
    vserver: Option<String>,
    request_timeout: Duration,
    connect_timeout: Duration,
    state: Mutex<State>,
    /// Serialises session renewals so concurrent calls that all see a 403 log in once.
    relogin: tokio::sync::Mutex<()>,
}

/// A client of one Administration Server's Open API. Cheap to clone; clones share the session.
#[derive(Clone)]
pub struct KscClient {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for KscClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KscClient")
            .field("server", &self.inner.at)
            .field("vserver", &self.inner.vserver)
            .finish_non_exhaustive()
    }
}

/// The raw answer to one HTTP request.
struct RawResponse {
    status: u16,
    headers: HeaderMap,
    body: Bytes,
    /// When the request went out and when the answer's head came back, by this computer's clock.
    sent: SystemTime,
    received: SystemTime,
}

/// How a call with a session ended.
enum CallResult {
    Done(Reply),
    /// 401/403 without a `PxgError`: the server does not (or no longer) know the session.
    Refused,
}

impl KscClient {
    /// Builds a client; no connection is made until the first request.
    pub fn new(opts: ConnectOptions) -> Result<Self, KscError> {
        let at = Endpoint::new(opts.host.clone(), opts.port);
        let tls = crate::tls::client_config(opts.pin, None).map_err(|e| KscError::Setup {
            at: at.clone(),
            detail: e.to_string(),
        })?;
        // reqwest takes the config by value; the pinned verifier inside is shared.
        let tls = rustls::ClientConfig::clone(&tls);
        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .http1_only()
            .gzip(true)
            .no_proxy()
            .connect_timeout(opts.connect_timeout)
            .timeout(opts.request_timeout)
            .user_agent(concat!("ksc-link/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| KscError::Setup {
                at: at.clone(),
                detail: crate::net::reqwest_error_text(&e),
            })?;
        let host = if opts.host.contains(':') && !opts.host.starts_with('[') {
            format!("[{}]", opts.host)
        } else {
            opts.host.clone()
        };
        let base_url = format!("https://{host}:{}{API_PREFIX}", opts.port);
        Ok(Self {
            inner: Arc::new(Inner {
                http,
                at,
                pin: opts.pin,
                base_url,
                vserver: opts.vserver,
                request_timeout: opts.request_timeout,
                connect_timeout: opts.connect_timeout,
                state: Mutex::new(State::default()),
                relogin: tokio::sync::Mutex::new(()),
            }),
        })
    }

    /// The server this client talks to.
    pub fn endpoint(&self) -> &Endpoint {
        &self.inner.at
    }

    /// The only certificate this client trusts.
    pub fn pin(&self) -> Pin {
        self.inner.pin
    }

    /// The account of the last login (user, internal, domain), never its password.
    pub fn account(&self) -> Option<(String, bool, String)> {
        self.state()
            .credentials
            .as_ref()
            .map(|c| (c.user.clone(), c.internal, c.domain.clone()))
    }

    /// The virtual server this client logs in to, if any.
    pub fn vserver(&self) -> Option<&str> {
        self.inner.vserver.as_deref()
    }

    /// True while a session is open (logged in, not ended).
    pub fn is_logged_in(&self) -> bool {
        matches!(self.state().phase, Phase::Active { .. })
    }

    /// True while the login waits for a two-step verification code.
    pub fn awaits_code(&self) -> bool {
        matches!(self.state().phase, Phase::AwaitingCode { .. })
    }

    /// The server's clock against this computer's, as the `Date` header of the last login reply
    /// showed it (first factor or code); `None` before a login or from a server that sends no
    /// date. Two-step codes are made from the time, so a difference explains refused codes.
    pub fn clock_offset(&self) -> Option<ClockOffset> {
        self.state().clock
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave the state half-written (single stores).
        self.inner
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Logs in with `Session.StartSession` and KSCBasic credentials (kept, as a secret, to renew
    /// an expired session). A previous session of this client is ended first.
    pub async fn login(&self, credentials: &BasicCredentials) -> Result<LoginOutcome, KscError> {
        let previous = {
            let mut st = self.state();
            st.credentials = None;
            st.clock = None;
            std::mem::take(&mut st.phase)
        };
        if let Phase::Active { session } | Phase::AwaitingCode { session, .. } = previous {
            // Best effort: the old session would otherwise live on the server until it expires.
            if let Err(e) = self.end_session_raw(&session).await {
                tracing::debug!(server = %self.inner.at, error = %e, "ending the previous session failed");
            }
        }
        tracing::info!(
            server = %self.inner.at,
            user = %credentials.user,
            domain = %credentials.domain,
            internal = credentials.internal,
            "logging in"
        );
        let saved = SavedCredentials::from_basic(credentials);
        let outcome = match self.start_session(&saved).await {
            Ok(outcome) => outcome,
            Err(e) => {
                tracing::warn!(server = %self.inner.at, user = %credentials.user, error = %e, "login failed");
                return Err(e);
            }
        };
        tracing::info!(server = %self.inner.at, user = %credentials.user, outcome = ?outcome, "login answered");
        if matches!(
            outcome,
            LoginOutcome::LoggedIn | LoginOutcome::CodeRequired { .. }
        ) {
            self.state().credentials = Some(saved);
        }
        Ok(outcome)
    }

    /// A new client of the same server (address, pinned certificate, timeouts) for a gateway
    /// connection: it shares no session with this one. Log it in with
    /// [`KscClient::login_gateway`]; see [`super::gateway::connect_through`].
    pub fn gateway_client(&self) -> Result<KscClient, KscError> {
        KscClient::new(ConnectOptions {
            host: self.inner.at.host.clone(),
            port: self.inner.at.port,
            pin: self.inner.pin,
            vserver: None,
            connect_timeout: self.inner.connect_timeout,
            request_timeout: self.inner.request_timeout,
        })
    }

    /// Logs in with the one-time key of `GatewayConnection.PrepareGatewayConnection`:
    /// `Session.StartSession` with `Authorization: KSCGW <key>` ("should be used in 'login' or
    /// Session.StartSession method call in KSCGW authentication scheme", KSC Open API
    /// reference) and an empty `X-KSC-VServer`, as KlAkOAPI's `CreateGateway` sends. Every call
    /// of the session then runs on the secondary the key leads to. A gateway session cannot be
    /// renewed (the key is used up): once it expires, calls fail with
    /// [`KscError::SessionEnded`].
    pub async fn login_gateway(&self, key: &Secret) -> Result<(), KscError> {
        {
            let mut st = self.state();
            st.credentials = None;
            st.phase = Phase::Idle;
        }
        let mut headers = HeaderMap::new();
        let mut auth = HeaderValue::from_str(&crate::wire::auth::gateway_header(key.expose()))
            .map_err(|_| {
                self.decode_error(START_SESSION, "the gateway key is not an HTTP header value")
            })?;
        auth.set_sensitive(true);
        headers.insert(AUTHORIZATION, auth);
        headers.insert(
            HeaderName::from_static("x-ksc-vserver"),
            HeaderValue::from_static(""),
        );
        tracing::info!(server = %self.inner.at, "logging in through a gateway connection");
        let resp = self.post(START_SESSION, "{}".to_string(), headers).await?;
        tracing::debug!(server = %self.inner.at, status = resp.status, "Session.StartSession (KSCGW)");
        match resp.status {
            200 => {
                let reply = self.reply_or_error(START_SESSION, &resp)?;
                let session = self.session_from_reply(&reply, &resp)?;
                self.state().phase = Phase::Active { session };
                Ok(())
            }
            401 | 403 => Err(KscError::GatewayKeyRefused {
                at: self.inner.at.clone(),
            }),
            _ => Err(self.unexpected(START_SESSION, &resp)),
        }
    }

    /// Sends the first factor; updates the phase from the answer.
    async fn start_session(&self, creds: &SavedCredentials) -> Result<LoginOutcome, KscError> {
        let mut headers = HeaderMap::new();
        let mut auth = HeaderValue::from_str(&creds.header()).map_err(|_| KscError::Setup {
            at: self.inner.at.clone(),
            detail: "the user name cannot be sent in an HTTP header".to_string(),
        })?;
        auth.set_sensitive(true);
        headers.insert(AUTHORIZATION, auth);
        // KlAkOAPI always sends X-KSC-VServer, empty for the main server.
        let vs = crate::wire::auth::vserver_header(self.inner.vserver.as_deref().unwrap_or(""));
        headers.insert(
            HeaderName::from_static("x-ksc-vserver"),
            self.header_value(&vs, START_SESSION)?,
        );
        let resp = self.post(START_SESSION, "{}".to_string(), headers).await?;
        self.note_clock(&resp);
        tracing::debug!(server = %self.inner.at, status = resp.status, "Session.StartSession (first factor)");
        match resp.status {
            200 => {
                let reply = self.reply_or_error(START_SESSION, &resp)?;
                let session = self.session_from_reply(&reply, &resp)?;
                self.state().phase = Phase::Active { session };
                Ok(LoginOutcome::LoggedIn)
            }
            401 | 403 => match self.challenge(&resp) {
                Some(MfaChallenge::Totp { length }) => {
                    let session = self.session_header(&resp)?.ok_or_else(|| {
                        self.decode_error(
                            START_SESSION,
                            "the two-step verification challenge came without X-KSC-Session",
                        )
                    })?;
                    self.state().phase = Phase::AwaitingCode { session, length };
                    Ok(LoginOutcome::CodeRequired { length })
                }
                Some(MfaChallenge::Registration) => {
                    // The unfinished session is of no use: registration needs the Web Console.
                    if let Ok(Some(session)) = self.session_header(&resp)
                        && let Err(e) = self.end_session_raw(&session).await
                    {
                        tracing::debug!(server = %self.inner.at, error = %e, "ending the unfinished session failed");
                    }
                    self.state().phase = Phase::Idle;
                    Ok(LoginOutcome::TwoFactorNotConfigured)
                }
                None => {
                    self.state().phase = Phase::Idle;
                    Err(KscError::WrongCredentials {
                        at: self.inner.at.clone(),
                        user: creds.user.clone(),
                    })
                }
            },
            _ => Err(self.unexpected(START_SESSION, &resp)),
        }
    }

    /// Sends the two-step verification code for the pending login (same URL and body as the
    /// first factor, `Authorization: KSCMFA totp="…"` and the session id).
    pub async fn submit_code(&self, code: &str) -> Result<LoginOutcome, KscError> {
        let result = self.send_code(code).await;
        match &result {
            Ok(outcome) => {
                tracing::info!(server = %self.inner.at, outcome = ?outcome, "code answered");
            }
            Err(e) => {
                tracing::warn!(server = %self.inner.at, error = %e, "sending the code failed")
            }
        }
        result
    }

    async fn send_code(&self, code: &str) -> Result<LoginOutcome, KscError> {
        let session = match &self.state().phase {
            Phase::AwaitingCode { session, .. } => session.clone(),
            _ => {
                return Err(KscError::NoCodeRequested {
                    at: self.inner.at.clone(),
                });
            }
        };
        let mut headers = HeaderMap::new();
        let mut auth = HeaderValue::from_str(&crate::wire::auth::totp_header(code.trim()))
            .map_err(|_| KscError::Decode {
                at: self.inner.at.clone(),
                method: START_SESSION.to_string(),
                error: "the code contains characters that cannot be sent".to_string(),
            })?;
        auth.set_sensitive(true);
        headers.insert(AUTHORIZATION, auth);
        headers.insert(
            HeaderName::from_static("x-ksc-session"),
            self.session_value(&session, START_SESSION)?,
        );
        // The code itself is a credential: only the fact that one was sent is logged.
        tracing::info!(server = %self.inner.at, "sending the two-step verification code");
        let resp = self.post(START_SESSION, "{}".to_string(), headers).await?;
        self.note_clock(&resp);
        tracing::debug!(server = %self.inner.at, status = resp.status, "Session.StartSession (second factor)");
        match resp.status {
            200 => {
                let reply = self.reply_or_error(START_SESSION, &resp)?;
                // The reply may repeat the session id or name a new one; keep the newest.
                let session = match reply.retval.as_str() {
                    Some(s) if !s.is_empty() => self.checked_session(s)?,
                    _ => session,
                };
                self.state().phase = Phase::Active { session };
                Ok(LoginOutcome::LoggedIn)
            }
            401 => match self.challenge(&resp) {
                Some(MfaChallenge::Totp { length: l }) => {
                    if let Ok(Some(s)) = self.session_header(&resp) {
                        self.state().phase = Phase::AwaitingCode {
                            session: s,
                            length: l,
                        };
                    }
                    Ok(LoginOutcome::WrongCode { length: l })
                }
                Some(MfaChallenge::Registration) => {
                    self.state().phase = Phase::Idle;
                    Ok(LoginOutcome::TwoFactorNotConfigured)
                }
                None => self.unfinished_login_dropped(),
            },
            403 => self.unfinished_login_dropped(),
            _ => Err(self.unexpected(START_SESSION, &resp)),
        }
    }

    fn unfinished_login_dropped(&self) -> Result<LoginOutcome, KscError> {
        self.state().phase = Phase::Idle;
        Err(KscError::SessionEnded {
            at: self.inner.at.clone(),
            method: START_SESSION.to_string(),
        })
    }

    /// Ends the session (`Session.EndSession`) and forgets the credentials. Calls made later
    /// fail with [`KscError::SessionEnded`]. Does nothing when no session is open.
    pub async fn close(&self) -> Result<(), KscError> {
        let session = {
            let mut st = self.state();
            st.credentials = None;
            match std::mem::take(&mut st.phase) {
                Phase::Active { session } | Phase::AwaitingCode { session, .. } => {
                    st.phase = Phase::Ended {
                        session: session.clone(),
                    };
                    session
                }
                other => {
                    st.phase = other;
                    return Ok(());
                }
            }
        };
        self.end_session_raw(&session).await
    }

    async fn end_session_raw(&self, session: &str) -> Result<(), KscError> {
        let mut headers = HeaderMap::new();
        headers.insert(
            HeaderName::from_static("x-ksc-session"),
            self.session_value(session, END_SESSION)?,
        );
        let resp = self.post(END_SESSION, "{}".to_string(), headers).await?;
        match resp.status {
            200 => self.reply_or_error(END_SESSION, &resp).map(|_| ()),
            // Already gone on the server: the goal is reached.
            401 | 403 => Ok(()),
            _ => Err(self.unexpected(END_SESSION, &resp)),
        }
    }

    /// Calls `method` (e.g. `"HostGroup.GetSubgroups"`) with named arguments, in the session.
    ///
    /// The body is the JSON object of the arguments' top-level encodings. A `PxgError` in the
    /// answer becomes [`KscError::Api`] whatever the HTTP status. If the server no longer knows
    /// the session (401/403) and the client did not end it, the client logs in again with the
    /// remembered credentials and retries once.
    pub async fn call(&self, method: &str, args: &[(&str, Value)]) -> Result<Reply, KscError> {
        let body = encode_body(args);
        let session = self.session_for(method)?;
        if let CallResult::Done(reply) = self.call_once(method, &body, &session).await? {
            return Ok(reply);
        }
        self.renew_session(method, &session).await?;
        let session = self.session_for(method)?;
        match self.call_once(method, &body, &session).await? {
            CallResult::Done(reply) => Ok(reply),
            CallResult::Refused => Err(KscError::AccessDenied {
                at: self.inner.at.clone(),
                method: method.to_string(),
            }),
        }
    }

    /// Calls `method` and decodes the reply with `decode`; decode failures name the method.
    pub(crate) async fn call_decoded<T>(
        &self,
        method: &str,
        args: &[(&str, Value)],
        decode: impl FnOnce(&Reply) -> Result<T, DecodeError>,
    ) -> Result<T, KscError> {
        let reply = self.call(method, args).await?;
        decode(&reply).map_err(|e| self.decode_error(method, &e.to_string()))
    }

    fn session_for(&self, method: &str) -> Result<String, KscError> {
        match &self.state().phase {
            // After `close` the call still goes out, so a server that kept the session shows.
            Phase::Active { session } | Phase::Ended { session } => Ok(session.clone()),
            Phase::AwaitingCode { length, .. } => Err(KscError::CodeRequired {
                at: self.inner.at.clone(),
                method: method.to_string(),
                length: *length,
            }),
            Phase::Idle => Err(KscError::NotLoggedIn {
                at: self.inner.at.clone(),
                method: method.to_string(),
            }),
        }
    }

    async fn call_once(
        &self,
        method: &str,
        body: &str,
        session: &str,
    ) -> Result<CallResult, KscError> {
        let mut headers = HeaderMap::new();
        headers.insert(
            HeaderName::from_static("x-ksc-session"),
            self.session_value(session, method)?,
        );
        let resp = self.post(method, body.to_string(), headers).await?;
        tracing::debug!(server = %self.inner.at, method, status = resp.status, "call");
        let parsed = match parse_body(&resp.body) {
            Ok(Body::Error(error)) => {
                return Err(KscError::Api {
                    at: self.inner.at.clone(),
                    method: method.to_string(),
                    error: Box::new(error),
                });
            }
            other => other,
        };
        match resp.status {
            200 => match parsed {
                Ok(Body::Reply(r)) => Ok(CallResult::Done(r)),
                Ok(_) => Err(self.decode_error(method, "the body is not JSON")),
                Err(e) => Err(self.decode_error(method, &e.to_string())),
            },
            401 | 403 => {
                // The server still waits for the second factor of this session.
                if let Some(MfaChallenge::Totp { length }) = self.challenge(&resp) {
                    return Err(KscError::CodeRequired {
                        at: self.inner.at.clone(),
                        method: method.to_string(),
                        length,
                    });
                }
                let ended =
                    matches!(&self.state().phase, Phase::Ended { session: s } if s == session);
                if ended {
                    Err(KscError::SessionEnded {
                        at: self.inner.at.clone(),
                        method: method.to_string(),
                    })
                } else {
                    Ok(CallResult::Refused)
                }
            }
            _ => Err(self.unexpected(method, &resp)),
        }
    }

    /// Logs in again after the server refused `stale`; concurrent callers renew only once.
    async fn renew_session(&self, method: &str, stale: &str) -> Result<(), KscError> {
        let _guard = self.inner.relogin.lock().await;
        let creds = {
            let st = self.state();
            match &st.phase {
                Phase::Active { session } if session != stale => return Ok(()),
                Phase::Active { .. } => {}
                Phase::AwaitingCode { length, .. } => {
                    return Err(KscError::SessionExpiredCodeRequired {
                        at: self.inner.at.clone(),
                        method: method.to_string(),
                        length: *length,
                    });
                }
                Phase::Idle | Phase::Ended { .. } => {
                    return Err(KscError::SessionEnded {
                        at: self.inner.at.clone(),
                        method: method.to_string(),
                    });
                }
            }
            st.credentials.clone()
        };
        let Some(creds) = creds else {
            return Err(KscError::SessionEnded {
                at: self.inner.at.clone(),
                method: method.to_string(),
            });
        };
        tracing::info!(server = %self.inner.at, method, "the session expired; logging in again");
        match self.start_session(&creds).await? {
            LoginOutcome::LoggedIn => Ok(()),
            LoginOutcome::CodeRequired { length } | LoginOutcome::WrongCode { length } => {
                Err(KscError::SessionExpiredCodeRequired {
                    at: self.inner.at.clone(),
                    method: method.to_string(),
                    length,
                })
            }
            LoginOutcome::TwoFactorNotConfigured => Err(KscError::TwoFactorNotConfigured {
                at: self.inner.at.clone(),
                user: creds.user.clone(),
            }),
        }
    }

    /// One POST to `/api/v1.0/<method>`.
    async fn post(
        &self,
        method: &str,
        body: String,
        headers: HeaderMap,
    ) -> Result<RawResponse, KscError> {
        let url = format!("{}{method}", self.inner.base_url);
        let sent = SystemTime::now();
        let resp = self
            .inner
            .http
            .post(url)
            .headers(headers)
            .header(CONTENT_TYPE, "application/json")
            .body(body)
            .send()
            .await
            .map_err(|e| self.transport_error(&e, method))?;
        let received = SystemTime::now();
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let body = resp
            .bytes()
            .await
            .map_err(|e| self.transport_error(&e, method))?;
        Ok(RawResponse {
            status,
            headers,
            body,
            sent,
            received,
        })
    }

    /// Keeps the clock difference a login reply's `Date` header shows; a reply without one (or
    /// with one that is no date) leaves the last measure.
    fn note_clock(&self, resp: &RawResponse) {
        let measured = resp
            .headers
            .get(DATE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| ClockOffset::from_date_header(v, resp.sent, resp.received));
        if let Some(offset) = measured {
            if offset.is_worth_warning() {
                tracing::warn!(server = %self.inner.at, offset_ms = offset.offset_ms(), uncertainty_ms = offset.uncertainty_ms(), "the server's clock differs from this computer's");
            }
            self.state().clock = Some(offset);
        }
    }

    /// A 200 body as a reply, or its `PxgError` as an error.
    fn reply_or_error(&self, method: &str, resp: &RawResponse) -> Result<Reply, KscError> {
        match parse_body(&resp.body) {
            Ok(Body::Reply(r)) => Ok(r),
            Ok(Body::Error(error)) => Err(KscError::Api {
                at: self.inner.at.clone(),
                method: method.to_string(),
                error: Box::new(error),
            }),
            Ok(Body::NotJson) => Err(self.decode_error(method, "the body is not JSON")),
            Err(e) => Err(self.decode_error(method, &e.to_string())),
        }
    }

    /// An unexpected status: its `PxgError` if the body has one, else the status and excerpt.
    fn unexpected(&self, method: &str, resp: &RawResponse) -> KscError {
        if let Ok(Body::Error(error)) = parse_body(&resp.body) {
            return KscError::Api {
                at: self.inner.at.clone(),
                method: method.to_string(),
                error: Box::new(error),
            };
        }
        KscError::Http {
            at: self.inner.at.clone(),
            method: method.to_string(),
            status: resp.status,
            body_excerpt: excerpt(&resp.body, EXCERPT_CHARS),
        }
    }

    fn challenge(&self, resp: &RawResponse) -> Option<MfaChallenge> {
        resp.headers
            .get_all(WWW_AUTHENTICATE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(parse_mfa_challenge)
    }

    fn session_header(&self, resp: &RawResponse) -> Result<Option<String>, KscError> {
        match resp.headers.get(header::SESSION) {
            None => Ok(None),
            Some(v) => {
                let s = v.to_str().map_err(|_| {
                    self.decode_error(START_SESSION, "X-KSC-Session is not visible ASCII")
                })?;
                Ok(Some(self.checked_session(s.trim())?))
            }
        }
    }

    fn session_from_reply(&self, reply: &Reply, resp: &RawResponse) -> Result<String, KscError> {
        match reply.retval.as_str() {
            Some(s) if !s.is_empty() => self.checked_session(s),
            // Tolerate a server that names the session only in the header.
            _ => self.session_header(resp)?.ok_or_else(|| {
                self.decode_error(
                    START_SESSION,
                    "PxgRetVal: expected the session id (a non-empty string)",
                )
            }),
        }
    }

    /// A session id must fit an HTTP header to be sent back.
    fn checked_session(&self, s: &str) -> Result<String, KscError> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(self.decode_error(
                START_SESSION,
                "the session id is empty or holds characters that cannot be sent back",
            ));
        }
        Ok(s.to_string())
    }

    fn session_value(&self, session: &str, method: &str) -> Result<HeaderValue, KscError> {
        let mut v = self.header_value(session, method)?;
        // The session id is a bearer credential: keep it out of debug output.
        v.set_sensitive(true);
        Ok(v)
    }

    fn header_value(&self, s: &str, method: &str) -> Result<HeaderValue, KscError> {
        HeaderValue::from_str(s).map_err(|_| KscError::Setup {
            at: self.inner.at.clone(),
            detail: format!("a header value for {method} cannot be sent"),
        })
    }

    pub(crate) fn decode_error(&self, method: &str, error: &str) -> KscError {
        KscError::Decode {
            at: self.inner.at.clone(),
            method: method.to_string(),
            error: error.to_string(),
        }
    }

    /// Maps a transport failure to the step it happened at.
    fn transport_error(&self, e: &reqwest::Error, method: &str) -> KscError {
        let at = &self.inner.at;
        if let Some(m) = crate::tls::find_pin_mismatch(e) {
            return KscError::CertificateChanged {
                at: at.clone(),
                expected: m.expected,
                presented: m.presented,
                presented_der: m.presented_der,
            };
        }
        if e.is_timeout() {
            let (step, limit) = if e.is_connect() {
                (Step::Tcp, self.inner.connect_timeout)
            } else {
                (Step::Http, self.inner.request_timeout)
            };
            return KscError::Timeout {
                at: at.clone(),
                step,
                method: method.to_string(),
                seconds: limit.as_secs(),
            };
        }
        // hyper-util names the failed connection step in its ConnectError messages
        // ("dns error", "tcp connect error", …); anything else failing while connecting
        // happened in the TLS handshake.
        let mut is_dns = false;
        let mut is_tcp = false;
        let mut tls_detail = None;
        crate::net::walk_error_chain(e, &mut |err| {
            let text = err.to_string();
            is_dns |= text.starts_with("dns error");
            is_tcp |= text.starts_with("tcp ");
            if tls_detail.is_none()
                && let Some(io) = err.downcast_ref::<std::io::Error>()
                && !is_tcp
            {
                tls_detail = Some(crate::tls::describe_tls_error(io));
            }
        });
        let (step, detail) = if is_dns {
            (Step::Dns, crate::net::reqwest_error_text(e))
        } else if is_tcp {
            (Step::Tcp, crate::net::reqwest_error_text(e))
        } else if e.is_connect() {
            (
                Step::Tls,
                tls_detail.unwrap_or_else(|| crate::net::reqwest_error_text(e)),
            )
        } else {
            (Step::Http, crate::net::reqwest_error_text(e))
        };
        KscError::Net(NetError::new(&at.host, at.port, step, detail))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn the_login_phase_never_prints_the_session_id() {
        for phase in [
            Phase::AwaitingCode {
                session: "sess-7f3a".into(),
                length: 6,
            },
            Phase::Active {
                session: "sess-7f3a".into(),
            },
            Phase::Ended {
                session: "sess-7f3a".into(),
            },
        ] {
            let printed = format!("{phase:?}");
            assert!(!printed.contains("sess-7f3a"), "{printed}");
        }
    }
    use serde_json::json;

    #[test]
    fn body_keeps_argument_order_and_top_level_forms() {
        let body = encode_body(&[
            ("wstrDisplName", "sec 1".into()),
            ("nGroupId", Value::Int(0)),
            ("pCertificate", Value::Binary(b"sometext".to_vec())),
            ("pAdditionalInfo", Value::Params(Params::new())),
        ]);
        assert_eq!(
            body,
            r#"{"wstrDisplName":"sec 1","nGroupId":0,"pCertificate":"c29tZXRleHQ=","pAdditionalInfo":{}}"#
        );
        assert_eq!(encode_body(&[]), "{}");
        let v: Json = serde_json::from_str(&encode_body(&[("pValues", Value::Null)])).unwrap();
        assert_eq!(v, json!({"pValues": null}));
    }

    #[test]
    fn reply_with_retval_and_out_params() {
        let Body::Reply(r) = parse_body(br#"{"PxgRetVal": 12, "wstrIterator": "it-1"}"#).unwrap()
        else {
            panic!()
        };
        assert_eq!(r.retval_i32().unwrap(), 12);
        assert_eq!(r.out_str("wstrIterator").unwrap(), "it-1");
        assert!(r.out_str("strAccessor").is_err());
    }

    #[test]
    fn empty_and_void_replies() {
        assert_eq!(parse_body(b"").unwrap(), Body::Reply(Reply::default()));
        assert_eq!(parse_body(b"{}").unwrap(), Body::Reply(Reply::default()));
        assert_eq!(
            parse_body(b"Authentication not finished").unwrap(),
            Body::NotJson
        );
        assert!(parse_body(b"[1,2]").is_err());
    }

    #[test]
    fn pxg_error_is_recognised() {
        let b = br#"{"PxgError":{"code":1681,"module":"KLFT","file":"f.cpp","line":1,"message":"File not found"}}"#;
        let Body::Error(e) = parse_body(b).unwrap() else {
            panic!()
        };
        assert_eq!(e.code, 1681);
        assert_eq!(e.message, "File not found");
    }

    #[test]
    fn typed_accessors_report_the_mismatch() {
        let r = Reply {
            retval: Value::String("x".into()),
            out: Params::new(),
        };
        let e = r.retval_i32().unwrap_err();
        assert_eq!(e.path, "PxgRetVal");
        assert!(e.reason.contains("found string"), "{e}");
        assert!(r.retval_params().is_err());
        let r = Reply::default();
        assert!(r.retval_params().unwrap().is_empty());
        assert!(r.retval_array().unwrap().is_empty());
    }

    #[test]
    fn saved_credentials_never_print_the_password() {
        let c = SavedCredentials::from_basic(&BasicCredentials {
            user: "admin".into(),
            password: "hunter2".into(),
            domain: String::new(),
            internal: true,
        });
        assert!(!format!("{c:?}").contains("hunter2"));
        assert!(c.header().starts_with("KSCBasic user=\"YWRtaW4=\""));
    }
}
