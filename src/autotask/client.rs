//! The Autotask REST client: zone discovery (cached per user), the three auth headers, and the
//! calls the prerequisites and the mapping need, with a back-off that never hammers the
//! tenant's shared request budget.

use std::collections::{HashMap, HashSet};
use std::marker::PhantomData;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::Value;
use url::Url;

use super::error::AutotaskError;
use super::filter::Query;
use super::model::{
    ApiVersion, Company, EntityInformation, FieldInfo, QueryPage, ThresholdInformation,
    ZoneInformation,
};
use crate::net::{HttpProxy, NetError, Step};
use crate::secrets::Secret;
use crate::tls::Pin;

/// Autotask's discovery host, where every tenant's zone is looked up.
pub const DEFAULT_DISCOVERY_URL: &str = "https://webservices.autotask.net/ATServicesRest/";
/// How long a discovered zone is trusted before it is looked up again.
pub const ZONE_TTL: Duration = Duration::from_secs(12 * 3600);
/// The wait Autotask's 429 implies when it sends no `Retry-After`.
pub const DEFAULT_RETRY_AFTER: Duration = Duration::from_secs(60);
/// The longest wait a `Retry-After` is taken at its word for: the request budget is per hour,
/// so a longer wait (or one as long as `u64::MAX` seconds) is the service's mistake, and
/// adding it to a clock must not overflow.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(3600);
/// The most pages one query follows (a guard against a service that never ends a query).
pub const MAX_PAGES: usize = 1000;
/// How long [`AutotaskClient::query_all`] may take, pages and 429 waits included. Each request
/// has its own timeout, but a slow tenant that answers every page just in time (or keeps asking
/// to wait) would otherwise keep the user waiting for up to [`MAX_PAGES`] of them.
pub const DEFAULT_QUERY_DEADLINE: Duration = Duration::from_secs(300);
/// The Companies entity.
pub const COMPANIES: &str = "Companies";

/// Which certificates the client trusts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Trust {
    /// The platform's normal roots (the real Autotask, whose certificates are public).
    Platform,
    /// Exactly one certificate, by the SHA-256 of its DER (a simulator or a test).
    Pinned(Pin),
}

/// The API user's credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credentials {
    /// The API user's user name (the generated "key", e-mail-like).
    pub user_name: String,
    /// Its secret (password).
    pub secret: Secret,
    /// The API tracking identifier ("Custom (Internal Integration)").
    pub integration_code: Secret,
}

/// How the client behaves when the request budget is used up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BackOff {
    /// How often a refused (429) request is tried again after the wait it was told.
    pub retries: u32,
    /// The longest wait the client sits out itself; a longer one is returned as
    /// [`AutotaskError::RateLimited`] so the user decides.
    pub max_wait: Duration,
}

impl Default for BackOff {
    fn default() -> Self {
        Self {
            retries: 1,
            max_wait: Duration::from_secs(90),
        }
    }
}

/// Client settings.
#[derive(Clone, Debug)]
pub struct ClientOptions {
    /// The discovery base, ending in `/` (the client appends `v1.0/zoneInformation?user=`).
    pub discovery_url: String,
    /// Which certificates to trust.
    pub trust: Trust,
    /// An HTTP proxy (CONNECT) to go through; `None` = direct.
    pub proxy: Option<HttpProxy>,
    /// Longest TCP + TLS set-up.
    pub connect_timeout: Duration,
    /// Longest request, answer included.
    pub request_timeout: Duration,
    /// Behaviour on 429.
    pub back_off: BackOff,
    /// Longest [`AutotaskClient::query_all`], every page included.
    pub query_deadline: Duration,
}

impl ClientOptions {
    /// The real Autotask with the platform's roots.
    pub fn autotask() -> Self {
        Self::new(DEFAULT_DISCOVERY_URL, Trust::Platform)
    }

    /// A discovery host and a trust choice, with default timeouts and back-off.
    pub fn new(discovery_url: &str, trust: Trust) -> Self {
        Self {
            discovery_url: discovery_url.to_string(),
            trust,
            proxy: None,
            connect_timeout: Duration::from_secs(15),
            request_timeout: Duration::from_secs(60),
            back_off: BackOff::default(),
            query_deadline: DEFAULT_QUERY_DEADLINE,
        }
    }
}

/// Zones looked up in this process, per (discovery host, user name): a tenant's zone rarely
/// changes, and the lookup is a request the user waits for.
static ZONES: LazyLock<Mutex<ZoneMap>> = LazyLock::new(|| Mutex::new(HashMap::new()));

/// (discovery host, user name) → (zone, when it was looked up).
type ZoneMap = HashMap<(String, String), (ZoneInformation, Instant)>;

fn zone_key(discovery: &str, user: &str) -> (String, String) {
    (discovery.to_ascii_lowercase(), user.to_lowercase())
}

fn cached_zone(key: &(String, String)) -> Option<ZoneInformation> {
    let zones = ZONES.lock().unwrap_or_else(|e| e.into_inner());
    zones
        .get(key)
        .filter(|(_, at)| at.elapsed() < ZONE_TTL)
        .map(|(z, _)| z.clone())
}

/// Forgets every cached zone (for a "check again" that must not trust the cache).
pub fn clear_zone_cache() {
    ZONES.lock().unwrap_or_else(|e| e.into_inner()).clear();
}

struct Inner {
    http: reqwest::Client,
    discovery: Url,
    creds: Credentials,
    headers: HeaderMap,
    back_off: BackOff,
    request_timeout: Duration,
    query_deadline: Duration,
    /// Until when every request of this client waits (set by a 429).
    blocked_until: Mutex<Option<Instant>>,
}

/// A client of one Autotask tenant. Cheap to clone; clones share the back-off state.
#[derive(Clone)]
pub struct AutotaskClient {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for AutotaskClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AutotaskClient")
            .field("discovery", &self.inner.discovery.as_str())
            .field("user", &self.inner.creds.user_name)
            .finish_non_exhaustive()
    }
}

/// A raw answer.
struct Raw {
    status: StatusCode,
    body: bytes::Bytes,
}

fn header_value(
    field: &'static str,
    value: &str,
    sensitive: bool,
) -> Result<HeaderValue, AutotaskError> {
    if value.trim().is_empty() {
        return Err(AutotaskError::BadCredential {
            field,
            problem: "empty",
        });
    }
    let mut v = HeaderValue::from_str(value).map_err(|_| AutotaskError::BadCredential {
        field,
        problem: "not sendable (it contains line breaks or control characters)",
    })?;
    v.set_sensitive(sensitive);
    Ok(v)
}

fn tls_config(trust: &Trust) -> Result<rustls::ClientConfig, AutotaskError> {
    let setup = |detail: String| AutotaskError::Setup { detail };
    match trust {
        Trust::Pinned(pin) => crate::tls::client_config(*pin, None)
            .map(|c| rustls::ClientConfig::clone(&c))
            .map_err(|e| setup(e.to_string())),
        Trust::Platform => {
            let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
            let verifier =
                rustls_platform_verifier::Verifier::new(provider.clone()).map_err(|e| {
                    setup(format!(
                        "the system's trusted certificates cannot be loaded: {e}"
                    ))
                })?;
            let mut c = rustls::ClientConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .map_err(|e| setup(e.to_string()))?
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(verifier))
                .with_no_client_auth();
            c.alpn_protocols = vec![b"http/1.1".to_vec()];
            Ok(c)
        }
    }
}

/// Adds a trailing `/` and collapses repeated slashes in the path (one old zone answer had
/// `//`).
fn normalise_base(text: &str) -> Result<Url, String> {
    let mut url = Url::parse(text.trim()).map_err(|e| format!("{text:?} is not a URL: {e}"))?;
    if url.scheme() != "https" {
        return Err(format!("{text:?} is not an https:// URL"));
    }
    let mut path = String::new();
    for seg in url.path().split('/').filter(|s| !s.is_empty()) {
        path.push('/');
        path.push_str(seg);
    }
    path.push('/');
    url.set_path(&path);
    url.set_query(None);
    url.set_fragment(None);
    Ok(url)
}

fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str().map(str::to_ascii_lowercase) == b.host_str().map(str::to_ascii_lowercase)
        && a.port_or_known_default() == b.port_or_known_default()
}

/// The `errors` of an error body (strings, or objects with `message`).
pub(crate) fn error_messages(body: &[u8]) -> Vec<String> {
    let Ok(v) = serde_json::from_slice::<Value>(body) else {
        let text = String::from_utf8_lossy(body).trim().to_string();
        return if text.is_empty() || text.len() > 500 {
            Vec::new()
        } else {
            vec![text]
        };
    };
    let list = v
        .get("errors")
        .or_else(|| v.get("Errors"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut out: Vec<String> = list
        .iter()
        .filter_map(|e| match e {
            Value::String(s) => Some(s.clone()),
            Value::Object(o) => o.get("message").and_then(Value::as_str).map(str::to_string),
            _ => None,
        })
        .collect();
    if out.is_empty()
        && let Some(m) = v.get("Message").and_then(Value::as_str)
    {
        out.push(m.to_string());
    }
    out
}

/// `Retry-After` as seconds or an HTTP date, at most [`MAX_RETRY_AFTER`]; a date past is no
/// wait, and anything else (negative, fractional, garbled) counts as no header.
fn retry_after(headers: &HeaderMap) -> Duration {
    match headers.get(RETRY_AFTER).and_then(|v| v.to_str().ok()) {
        Some(text) => retry_after_text(text),
        None => DEFAULT_RETRY_AFTER,
    }
}

pub(crate) fn retry_after_text(text: &str) -> Duration {
    let text = text.trim();
    if let Ok(secs) = text.parse::<u64>() {
        return Duration::from_secs(secs).min(MAX_RETRY_AFTER);
    }
    let format = time::format_description::well_known::Rfc2822;
    if let Ok(at) = time::OffsetDateTime::parse(text, &format) {
        let at: SystemTime = at.into();
        return at
            .duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO)
            .min(MAX_RETRY_AFTER);
    }
    DEFAULT_RETRY_AFTER
}

fn mentions(messages: &[String], needle: &str) -> bool {
    let needle = needle.to_ascii_lowercase();
    messages
        .iter()
        .any(|m| m.to_ascii_lowercase().contains(&needle))
}

impl AutotaskClient {
    /// Builds a client; nothing is sent until the first call.
    pub fn new(opts: ClientOptions, creds: Credentials) -> Result<Self, AutotaskError> {
        let discovery =
            normalise_base(&opts.discovery_url).map_err(|detail| AutotaskError::Setup {
                detail: format!("discovery URL: {detail}"),
            })?;
        let mut headers = HeaderMap::new();
        headers.insert(
            HeaderName::from_static("username"),
            header_value("user name", &creds.user_name, false)?,
        );
        headers.insert(
            HeaderName::from_static("secret"),
            header_value("secret", creds.secret.expose(), true)?,
        );
        headers.insert(
            HeaderName::from_static("apiintegrationcode"),
            header_value("integration code", creds.integration_code.expose(), true)?,
        );
        let mut builder = reqwest::Client::builder()
            .tls_backend_preconfigured(tls_config(&opts.trust)?)
            .http1_only()
            .gzip(true)
            .connect_timeout(opts.connect_timeout)
            .timeout(opts.request_timeout)
            // Following a redirect could carry the credentials to another host.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("ksc-link/", env!("CARGO_PKG_VERSION")));
        builder =
            match &opts.proxy {
                None => builder.no_proxy(),
                Some(p) => {
                    let host = if p.host.contains(':') && !p.host.starts_with('[') {
                        format!("[{}]", p.host)
                    } else {
                        p.host.clone()
                    };
                    let mut proxy = reqwest::Proxy::all(format!("http://{host}:{}", p.port))
                        .map_err(|e| AutotaskError::Setup {
                            detail: format!("proxy {}:{}: {e}", p.host, p.port),
                        })?;
                    if let Some(user) = &p.user {
                        let pass = p.password.as_ref().map(Secret::expose).unwrap_or("");
                        proxy = proxy.basic_auth(user, pass);
                    }
                    builder.proxy(proxy)
                }
            };
        let http = builder.build().map_err(|e| AutotaskError::Setup {
            detail: crate::net::reqwest_error_text(&e),
        })?;
        Ok(Self {
            inner: Arc::new(Inner {
                http,
                discovery,
                creds,
                headers,
                back_off: opts.back_off,
                request_timeout: opts.request_timeout,
                query_deadline: opts.query_deadline,
                blocked_until: Mutex::new(None),
            }),
        })
    }

    /// The user name this client sends.
    pub fn user_name(&self) -> &str {
        &self.inner.creds.user_name
    }

    // -----------------------------------------------------------------------------------------
    // Transport

    /// Sends one request, sitting out a 429 as the back-off allows.
    async fn send(
        &self,
        method: Method,
        url: &Url,
        body: Option<&Value>,
        authenticated: bool,
        what: &str,
    ) -> Result<Raw, AutotaskError> {
        let mut attempt = 0u32;
        loop {
            self.wait_if_blocked().await?;
            let mut req = self.inner.http.request(method.clone(), url.clone());
            if authenticated {
                req = req.headers(self.inner.headers.clone());
            }
            if let Some(b) = body {
                req = req.json(b);
            }
            let resp = req
                .send()
                .await
                .map_err(|e| self.transport(&e, url, what))?;
            let status = resp.status();
            let headers = resp.headers().clone();
            let body = resp
                .bytes()
                .await
                .map_err(|e| self.transport(&e, url, what))?;
            if status != StatusCode::TOO_MANY_REQUESTS {
                return Ok(Raw { status, body });
            }
            let wait = retry_after(&headers);
            // Every clone of this client holds back until then, so parallel calls do not
            // spend the shared budget either.
            {
                let mut until = self
                    .inner
                    .blocked_until
                    .lock()
                    .unwrap_or_else(|e| e.into_inner());
                if let Some(at) = Instant::now().checked_add(wait)
                    && until.is_none_or(|u| u < at)
                {
                    *until = Some(at);
                }
            }
            tracing::info!(
                what,
                wait_s = wait.as_secs_f32(),
                "Autotask request budget exhausted"
            );
            if attempt >= self.inner.back_off.retries || wait > self.inner.back_off.max_wait {
                return Err(AutotaskError::RateLimited { retry_after: wait });
            }
            attempt += 1;
        }
    }

    /// Sleeps until a 429's wait is over, or refuses when that is beyond the back-off.
    async fn wait_if_blocked(&self) -> Result<(), AutotaskError> {
        let until = *self
            .inner
            .blocked_until
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(until) = until {
            let now = Instant::now();
            if until > now {
                let wait = until - now;
                if wait > self.inner.back_off.max_wait {
                    return Err(AutotaskError::RateLimited { retry_after: wait });
                }
                tokio::time::sleep(wait).await;
            }
        }
        Ok(())
    }

    fn transport(&self, e: &reqwest::Error, url: &Url, what: &str) -> AutotaskError {
        let host = url.host_str().unwrap_or("").to_string();
        let port = url.port_or_known_default().unwrap_or(443);
        if let Some(m) = crate::tls::find_pin_mismatch(e) {
            return AutotaskError::CertificateChanged {
                host,
                expected: m.expected,
                presented: m.presented,
            };
        }
        if e.is_timeout() {
            return AutotaskError::Timeout {
                what: what.to_string(),
                seconds: self.inner.request_timeout.as_secs(),
            };
        }
        let mut is_dns = false;
        let mut is_tcp = false;
        let mut tls_detail = None;
        crate::net::walk_error_chain(e, &mut |err| {
            let text = err.to_string();
            is_dns |= text.starts_with("dns error");
            is_tcp |= text.starts_with("tcp ");
            if tls_detail.is_none()
                && !is_tcp
                && let Some(io) = err.downcast_ref::<std::io::Error>()
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
        AutotaskError::Net(NetError::new(&host, port, step, detail))
    }

    // -----------------------------------------------------------------------------------------
    // Zone

    /// The user's zone: from this process's cache, else looked up (unauthenticated).
    pub async fn zone(&self) -> Result<ZoneInformation, AutotaskError> {
        let key = zone_key(self.inner.discovery.as_str(), &self.inner.creds.user_name);
        if let Some(z) = cached_zone(&key) {
            return Ok(z);
        }
        self.discover_zone().await
    }

    /// Looks the zone up again, bypassing and refreshing the cache.
    pub async fn discover_zone(&self) -> Result<ZoneInformation, AutotaskError> {
        let user = &self.inner.creds.user_name;
        let mut url = self
            .inner
            .discovery
            .join("v1.0/zoneInformation")
            .map_err(|e| AutotaskError::Setup {
                detail: e.to_string(),
            })?;
        let shown = url.to_string();
        tracing::info!(url = %shown, %user, "looking up the Autotask zone");
        url.query_pairs_mut().append_pair("user", user);
        let what = "the zone lookup";
        let raw = self.send(Method::GET, &url, None, false, what).await?;
        let discovery_error = |detail: String| AutotaskError::Discovery {
            url: shown.clone(),
            detail,
        };
        if !raw.status.is_success() {
            let messages = error_messages(&raw.body);
            if mentions(&messages, "zone information could not be determined") {
                return Err(AutotaskError::UnknownUser { user: user.clone() });
            }
            return Err(discovery_error(format!(
                "HTTP {}{}",
                raw.status.as_u16(),
                if messages.is_empty() {
                    String::new()
                } else {
                    format!(": {}", messages.join("; "))
                }
            )));
        }
        let mut zone: ZoneInformation = serde_json::from_slice(&raw.body)
            .map_err(|e| discovery_error(format!("the answer is not zone information: {e}")))?;
        let base = normalise_base(&zone.url)
            .map_err(|d| discovery_error(format!("the zone URL is unusable: {d}")))?;
        zone.url = base.to_string();
        let key = zone_key(self.inner.discovery.as_str(), user);
        ZONES
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, (zone.clone(), Instant::now()));
        Ok(zone)
    }

    fn forget_zone(&self) {
        let key = zone_key(self.inner.discovery.as_str(), &self.inner.creds.user_name);
        ZONES.lock().unwrap_or_else(|e| e.into_inner()).remove(&key);
    }

    // -----------------------------------------------------------------------------------------
    // Authenticated calls

    /// An authenticated request to `V1.0/{path}` on the zone (or to an absolute `next` URL on
    /// the zone), with one zone re-lookup on a 401 in case the tenant moved.
    async fn call(
        &self,
        method: Method,
        target: Target<'_>,
        body: Option<&Value>,
        what: &str,
    ) -> Result<Raw, AutotaskError> {
        let zone = self.zone().await?;
        let raw = self
            .call_at(&zone, method.clone(), &target, body, what)
            .await?;
        if raw.status != StatusCode::UNAUTHORIZED || matches!(target, Target::Absolute(_)) {
            return Ok(raw);
        }
        // django-autotask's lesson: a 401 may mean the tenant moved to another zone. Look it
        // up again, and retry only if the zone really changed (never repeat a refused login).
        self.forget_zone();
        let fresh = self.discover_zone().await?;
        if fresh.url == zone.url {
            return Ok(raw);
        }
        self.call_at(&fresh, method, &target, body, what).await
    }

    async fn call_at(
        &self,
        zone: &ZoneInformation,
        method: Method,
        target: &Target<'_>,
        body: Option<&Value>,
        what: &str,
    ) -> Result<Raw, AutotaskError> {
        let base = normalise_base(&zone.url).map_err(|detail| AutotaskError::Discovery {
            url: self.inner.discovery.to_string(),
            detail,
        })?;
        let url = match target {
            Target::Path(p) => {
                base.join(&format!("V1.0/{p}"))
                    .map_err(|e| AutotaskError::Setup {
                        detail: e.to_string(),
                    })?
            }
            Target::Absolute(u) => {
                let url = Url::parse(u).map_err(|e| AutotaskError::Paging {
                    what: what.to_string(),
                    detail: format!("{u:?} is not a URL: {e}"),
                })?;
                // The credentials go with the request: never to another host.
                if !same_origin(&url, &base) {
                    return Err(AutotaskError::Paging {
                        what: what.to_string(),
                        detail: format!(
                            "the next page is on {}, not on the zone {}",
                            url.origin().ascii_serialization(),
                            base.origin().ascii_serialization()
                        ),
                    });
                }
                url
            }
        };
        self.send(method, &url, body, true, what).await
    }

    /// Maps a non-success answer to what the user must do.
    fn refusal(&self, raw: &Raw, what: &str, entity: &str, action: &'static str) -> AutotaskError {
        let messages = error_messages(&raw.body);
        match raw.status {
            StatusCode::UNAUTHORIZED => AutotaskError::AuthenticationFailed {
                user: self.inner.creds.user_name.clone(),
            },
            StatusCode::FORBIDDEN => AutotaskError::NoPermission {
                action,
                entity: entity.to_string(),
            },
            _ if mentions(&messages, "integrationcode is invalid") => {
                AutotaskError::WrongIntegrationCode
            }
            _ if mentions(&messages, "does not have the adequate permissions")
                || mentions(&messages, "does not have permission") =>
            {
                AutotaskError::NoPermission {
                    action,
                    entity: entity.to_string(),
                }
            }
            status => AutotaskError::Api {
                status: status.as_u16(),
                what: what.to_string(),
                messages,
            },
        }
    }

    async fn get_json<T: DeserializeOwned>(
        &self,
        path: &str,
        entity: &str,
        action: &'static str,
    ) -> Result<T, AutotaskError> {
        let what = format!("GET {path}");
        let raw = self
            .call(Method::GET, Target::Path(path), None, &what)
            .await?;
        if !raw.status.is_success() {
            return Err(self.refusal(&raw, &what, entity, action));
        }
        parse(&raw.body, &what)
    }

    /// `GET Version`: the cheapest proof that user, secret, code and security level are right.
    pub async fn version(&self) -> Result<ApiVersion, AutotaskError> {
        self.get_json("Version", "Version", "read").await
    }

    /// `GET ThresholdInformation`: the tenant's request budget and its use (this call
    /// included).
    pub async fn threshold_information(&self) -> Result<ThresholdInformation, AutotaskError> {
        self.get_json("ThresholdInformation", "ThresholdInformation", "read")
            .await
    }

    /// `GET {entity}/entityInformation`: what the entity supports and what this user may do.
    pub async fn entity_information(
        &self,
        entity: &str,
    ) -> Result<EntityInformation, AutotaskError> {
        #[derive(serde::Deserialize)]
        struct Wrap {
            info: EntityInformation,
        }
        let w: Wrap = self
            .get_json(&format!("{entity}/entityInformation"), entity, "read")
            .await?;
        Ok(w.info)
    }

    /// `GET {entity}/entityInformation/fields`: field metadata with picklists.
    pub async fn entity_fields(&self, entity: &str) -> Result<Vec<FieldInfo>, AutotaskError> {
        #[derive(serde::Deserialize)]
        struct Wrap {
            fields: Vec<FieldInfo>,
        }
        let w: Wrap = self
            .get_json(
                &format!("{entity}/entityInformation/fields"),
                entity,
                "read",
            )
            .await?;
        Ok(w.fields)
    }

    /// `GET Companies/{id}`; `None` when it does not exist.
    pub async fn company(&self, id: i64) -> Result<Option<Company>, AutotaskError> {
        #[derive(serde::Deserialize)]
        struct Wrap {
            item: Option<Company>,
        }
        let path = format!("{COMPANIES}/{id}");
        let what = format!("GET {path}");
        let raw = self
            .call(Method::GET, Target::Path(&path), None, &what)
            .await?;
        if raw.status == StatusCode::NOT_FOUND {
            return Ok(None);
        }
        if !raw.status.is_success() {
            return Err(self.refusal(&raw, &what, COMPANIES, "read"));
        }
        let w: Wrap = parse(&raw.body, &what)?;
        Ok(w.item)
    }

    /// `POST {entity}/query/count`.
    pub async fn count(&self, entity: &str, query: &Query) -> Result<u64, AutotaskError> {
        #[derive(serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Wrap {
            query_count: u64,
        }
        query.validate().map_err(AutotaskError::InvalidQuery)?;
        let path = format!("{entity}/query/count");
        let what = format!("POST {path}");
        let body = query.to_json();
        let raw = self
            .call(Method::POST, Target::Path(&path), Some(&body), &what)
            .await?;
        if !raw.status.is_success() {
            return Err(self.refusal(&raw, &what, entity, "query"));
        }
        let w: Wrap = parse(&raw.body, &what)?;
        Ok(w.query_count)
    }

    /// The pages of `POST {entity}/query`, fetched one at a time (for progress and for
    /// stopping early).
    pub fn pages<T: DeserializeOwned>(
        &self,
        entity: &str,
        query: &Query,
    ) -> Result<Pages<'_, T>, AutotaskError> {
        query.validate().map_err(AutotaskError::InvalidQuery)?;
        let mut q = query.clone();
        // Past one page Autotask needs `id` among the included fields, and the app's records
        // are keyed by it anyway.
        if !q.include_fields.is_empty()
            && !q
                .include_fields
                .iter()
                .any(|f| f.eq_ignore_ascii_case("id"))
        {
            q.include_fields.insert(0, "id".to_string());
        }
        Ok(Pages {
            client: self,
            entity: entity.to_string(),
            body: q.to_json(),
            next: None,
            done: false,
            seen: HashSet::new(),
            pages: 0,
            _item: PhantomData,
        })
    }

    /// Every record of a query, following `nextPageUrl` with the same method and body, within
    /// [`ClientOptions::query_deadline`].
    pub async fn query_all<T: DeserializeOwned>(
        &self,
        entity: &str,
        query: &Query,
    ) -> Result<Vec<T>, AutotaskError> {
        let mut pages = self.pages::<T>(entity, query)?;
        let mut out = Vec::new();
        let deadline = self.inner.query_deadline;
        let all = async {
            while let Some(mut page) = pages.next_page().await? {
                out.append(&mut page);
            }
            Ok::<(), AutotaskError>(())
        };
        match tokio::time::timeout(deadline, all).await {
            Ok(done) => done.map(|()| out),
            Err(_) => Err(AutotaskError::QueryDeadline {
                entity: entity.to_string(),
                pages: pages.pages_fetched(),
                seconds: deadline.as_secs().max(1),
            }),
        }
    }

    /// Every company matching `query` (all pages).
    pub async fn query_companies(&self, query: &Query) -> Result<Vec<Company>, AutotaskError> {
        self.query_all(COMPANIES, query).await
    }
}

/// Where an authenticated request goes.
enum Target<'a> {
    /// Below `{zone}V1.0/`.
    Path(&'a str),
    /// A URL the service gave (a next page); must be on the zone.
    Absolute(&'a str),
}

pub(crate) fn parse<T: DeserializeOwned>(body: &[u8], what: &str) -> Result<T, AutotaskError> {
    serde_json::from_slice(body).map_err(|e| AutotaskError::BadResponse {
        what: what.to_string(),
        detail: e.to_string(),
    })
}

/// The pages of one query; see [`AutotaskClient::pages`].
pub struct Pages<'c, T> {
    client: &'c AutotaskClient,
    entity: String,
    body: Value,
    next: Option<String>,
    done: bool,
    seen: HashSet<String>,
    pages: usize,
    _item: PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned> Pages<'_, T> {
    /// The next page, or `None` after the last one.
    pub async fn next_page(&mut self) -> Result<Option<Vec<T>>, AutotaskError> {
        if self.done {
            return Ok(None);
        }
        let first = format!("{}/query", self.entity);
        let what = format!("POST {first} (page {})", self.pages + 1);
        let target = match &self.next {
            None => Target::Path(&first),
            Some(u) => Target::Absolute(u),
        };
        let raw = self
            .client
            .call(Method::POST, target, Some(&self.body), &what)
            .await?;
        if !raw.status.is_success() {
            self.done = true;
            return Err(self.client.refusal(&raw, &what, &self.entity, "query"));
        }
        let page: QueryPage<T> = parse(&raw.body, &what)?;
        self.pages += 1;
        match page
            .page_details
            .next_page_url
            .filter(|u| !u.trim().is_empty())
        {
            None => self.done = true,
            Some(u) => {
                if !self.seen.insert(u.clone()) {
                    self.done = true;
                    return Err(AutotaskError::Paging {
                        what,
                        detail: "the service returned a next page it had already returned".into(),
                    });
                }
                if self.pages >= MAX_PAGES {
                    self.done = true;
                    return Err(AutotaskError::Paging {
                        what,
                        detail: format!("more than {MAX_PAGES} pages; narrow the query"),
                    });
                }
                self.next = Some(u);
            }
        }
        Ok(Some(page.items))
    }

    /// Pages fetched so far.
    pub fn pages_fetched(&self) -> usize {
        self.pages
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn bases_are_normalised_and_must_be_https() {
        assert_eq!(
            normalise_base("https://webservices5.autotask.net//ATServicesRest")
                .unwrap()
                .as_str(),
            "https://webservices5.autotask.net/ATServicesRest/"
        );
        assert!(normalise_base("http://webservices5.autotask.net/ATServicesRest/").is_err());
        assert!(normalise_base("not a url").is_err());
    }

    #[test]
    fn retry_after_forms() {
        let mut h = HeaderMap::new();
        assert_eq!(retry_after(&h), DEFAULT_RETRY_AFTER);
        h.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(retry_after(&h), Duration::from_secs(7));
        h.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(retry_after(&h), Duration::ZERO);
        h.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&h), DEFAULT_RETRY_AFTER);
    }

    #[test]
    fn absurd_retry_after_is_clamped_or_ignored() {
        let mut h = HeaderMap::new();
        for (text, wait) in [
            ("18446744073709551615", MAX_RETRY_AFTER),
            ("99999999999999999999999", DEFAULT_RETRY_AFTER),
            ("-5", DEFAULT_RETRY_AFTER),
            ("1.5", DEFAULT_RETRY_AFTER),
            (" 30 ", Duration::from_secs(30)),
            ("Fri, 31 Dec 9999 23:59:59 GMT", MAX_RETRY_AFTER),
        ] {
            h.insert(RETRY_AFTER, HeaderValue::from_str(text).unwrap());
            assert_eq!(retry_after(&h), wait, "{text:?}");
        }
    }

    #[test]
    fn error_bodies() {
        assert_eq!(error_messages(br#"{"errors":["a","b"]}"#), ["a", "b"]);
        assert_eq!(
            error_messages(br#"{"errors":[{"message":"m","field":"f"}]}"#),
            ["m"]
        );
        assert_eq!(error_messages(br#"{"Message":"x"}"#), ["x"]);
        assert!(error_messages(b"").is_empty());
        assert_eq!(error_messages(b"Bad gateway"), ["Bad gateway"]);
    }

    #[test]
    fn credentials_are_checked_and_secrets_never_print() {
        let creds = Credentials {
            user_name: "u@example.test".into(),
            secret: Secret::new("hunter2"),
            integration_code: Secret::new("CODE"),
        };
        let c = AutotaskClient::new(
            ClientOptions::new(
                "https://127.0.0.1:1/ATServicesRest/",
                Trust::Pinned(Pin::from_bytes([0; 32])),
            ),
            creds.clone(),
        )
        .unwrap();
        let shown = format!("{c:?} {creds:?}");
        assert!(
            !shown.contains("hunter2") && !shown.contains("CODE"),
            "{shown}"
        );
        let bad = Credentials {
            secret: Secret::new("line\nbreak"),
            ..creds.clone()
        };
        assert!(matches!(
            AutotaskClient::new(ClientOptions::autotask(), bad),
            Err(AutotaskError::BadCredential {
                field: "secret",
                ..
            })
        ));
        let empty = Credentials {
            user_name: " ".into(),
            ..creds
        };
        assert!(matches!(
            AutotaskClient::new(ClientOptions::autotask(), empty),
            Err(AutotaskError::BadCredential {
                field: "user name",
                ..
            })
        ));
    }
}
