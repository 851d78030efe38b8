//! The simulated service over HTTPS: the discovery host (zone lookup only) and the zone host
//! (every authenticated route), with the real service's quirks.
//!
//! Paths are case-insensitive and repeated slashes are tolerated; JSON property names in
//! requests are case-insensitive; answers are camelCase. Error bodies are `{"errors":[…]}`.
//! Statuses follow what clients observe (reference §1.8): an unknown user on the zone lookup is
//! a 500, a wrong secret an empty 401, a wrong integration code a 500 with text or an empty 401
//! (switchable), a non-API user an empty 401, missing permission a 500 with text, and the
//! exhausted request budget a 429 with `Retry-After`.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::header::{ALLOW, CONTENT_TYPE, RETRY_AFTER};
use http::{HeaderMap, HeaderValue, Method, Request, Response, StatusCode};
use http_body_util::{BodyExt as _, Full, Limited};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use serde_json::{Map, Value, json};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio_rustls::TlsAcceptor;

use super::query::{self, Query};
use super::seed::BadCodeAnswer;
use super::state::{COMPANY_TYPES, LoggedRequest, PageToken, SimData, SimState, SimUser};

/// Largest request body accepted.
const MAX_BODY: usize = 1024 * 1024;
/// Longest a TLS handshake may take.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(15);
/// The zone lookup's answer for an unknown or blank user.
pub const ZONE_NOT_FOUND: &str = "Zone information could not be determined";
/// The answer to a wrong integration code (when it is a 500).
pub const BAD_CODE: &str = "IntegrationCode is invalid.";
/// The answer to a query the user's security level does not allow.
pub const NO_PERMISSION: &str =
    "The logged in Resource does not have the adequate permissions to query this entity type.";

/// What a listener needs.
pub(crate) struct Shared {
    /// The tenant.
    pub state: SimState,
    /// The zone's REST base, e.g. `https://127.0.0.1:1234/ATServicesRest/`.
    pub zone_url: String,
    /// The zone's UI base.
    pub web_url: String,
}

type Body = Full<Bytes>;

fn json_response(status: StatusCode, body: &Value) -> Response<Body> {
    let mut r = Response::new(Full::new(Bytes::from(body.to_string())));
    *r.status_mut() = status;
    r.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    r
}

fn ok(body: Value) -> Response<Body> {
    json_response(StatusCode::OK, &body)
}

fn errors(status: StatusCode, message: &str) -> Response<Body> {
    json_response(status, &json!({ "errors": [message] }))
}

fn empty(status: StatusCode) -> Response<Body> {
    let mut r = Response::new(Full::new(Bytes::new()));
    *r.status_mut() = status;
    r
}

fn method_not_allowed(method: &Method, allow: &'static str) -> Response<Body> {
    let mut r = errors(
        StatusCode::METHOD_NOT_ALLOWED,
        &format!("The requested resource does not support http method '{method}'."),
    );
    r.headers_mut()
        .insert(ALLOW, HeaderValue::from_static(allow));
    r
}

fn not_found(path: &str) -> Response<Body> {
    errors(
        StatusCode::NOT_FOUND,
        &format!("No HTTP resource was found that matches the request URI '{path}'."),
    )
}

/// Query-string parameters, names lower-cased.
fn params(uri: &http::Uri) -> Vec<(String, String)> {
    uri.query()
        .map(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .map(|(k, v)| (k.to_ascii_lowercase(), v.into_owned()))
                .collect()
        })
        .unwrap_or_default()
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn header<'h>(h: &'h HeaderMap, name: &str) -> Option<&'h str> {
    h.get(name).and_then(|v| v.to_str().ok())
}

/// Path segments below `/ATServicesRest`, lower-cased; `None` outside it.
fn segments(path: &str) -> Option<Vec<String>> {
    let segs: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| s.to_ascii_lowercase())
        .collect();
    match segs.split_first() {
        Some((first, rest)) if first == "atservicesrest" => Some(rest.to_vec()),
        _ => None,
    }
}

async fn handle(shared: &Shared, discovery: bool, req: Request<Incoming>) -> Response<Body> {
    let (parts, body) = req.into_parts();
    let body = match Limited::new(body, MAX_BODY).collect().await {
        Ok(b) => b.to_bytes(),
        Err(e) => {
            if e.downcast_ref::<http_body_util::LengthLimitError>()
                .is_some()
            {
                return errors(StatusCode::PAYLOAD_TOO_LARGE, "The request is too large.");
            }
            return errors(
                StatusCode::BAD_REQUEST,
                "The request body could not be read.",
            );
        }
    };
    let path = parts.uri.path().to_string();
    let Some(segs) = segments(&path) else {
        return not_found(&path);
    };
    let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
    let params = params(&parts.uri);
    match segs.as_slice() {
        ["versioninformation"] => {
            if parts.method != Method::GET {
                return method_not_allowed(&parts.method, "GET");
            }
            ok(json!({ "apiVersions": ["1.0"] }))
        }
        ["v1.0", "zoneinformation"] => {
            if parts.method != Method::GET {
                return method_not_allowed(&parts.method, "GET");
            }
            zone_information(shared, param(&params, "user"))
        }
        _ if discovery => not_found(&path),
        ["v1.0", rest @ ..] => {
            let user = {
                let mut d = shared.state.lock();
                let user = match authenticate(&d, &parts.headers) {
                    Ok(u) => u.clone(),
                    Err(r) => return r,
                };
                if let Err(r) = count_or_refuse(&mut d) {
                    return r;
                }
                user
            };
            route(shared, &user, &parts.method, rest, &params, &body)
        }
        _ => not_found(&path),
    }
}

/// Counts an authenticated request against the rolling window, or refuses it with 429 and
/// the seconds until the window has room again.
fn count_or_refuse(d: &mut SimData) -> Result<(), Response<Body>> {
    let Err(wait) = d.count_request() else {
        return Ok(());
    };
    let secs = (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1);
    let mut r = errors(
        StatusCode::TOO_MANY_REQUESTS,
        &format!(
            "The request threshold of {} requests per {} minutes has been exceeded. \
             Retry after {secs} seconds.",
            d.request_limit,
            d.window.as_secs().div_ceil(60)
        ),
    );
    if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
        r.headers_mut().insert(RETRY_AFTER, v);
    }
    Err(r)
}

fn zone_information(shared: &Shared, user: Option<&str>) -> Response<Body> {
    let d = shared.state.lock();
    match user.map(str::trim).filter(|u| !u.is_empty()) {
        Some(u) if d.user(u).is_some() => ok(json!({
            "zoneName": d.zone_name,
            "url": shared.zone_url,
            "webUrl": shared.web_url,
            "ci": d.ci,
        })),
        _ => errors(StatusCode::INTERNAL_SERVER_ERROR, ZONE_NOT_FOUND),
    }
}

/// Checks the three headers in the order the real service appears to: user, secret, code,
/// then the security level.
fn authenticate<'d>(d: &'d SimData, h: &HeaderMap) -> Result<&'d SimUser, Response<Body>> {
    let name = header(h, "username").unwrap_or("");
    let secret = header(h, "secret").unwrap_or("");
    let code = header(h, "apiintegrationcode").unwrap_or("");
    let Some(user) = d.user(name) else {
        return Err(empty(StatusCode::UNAUTHORIZED));
    };
    if user.secret != secret {
        return Err(empty(StatusCode::UNAUTHORIZED));
    }
    if !d.integration_codes.iter().any(|c| c == code) {
        return Err(match d.bad_code_answer {
            BadCodeAnswer::Error500 => errors(StatusCode::INTERNAL_SERVER_ERROR, BAD_CODE),
            BadCodeAnswer::Empty401 => empty(StatusCode::UNAUTHORIZED),
        });
    }
    if !user.api_user {
        return Err(empty(StatusCode::UNAUTHORIZED));
    }
    Ok(user)
}

fn route(
    shared: &Shared,
    user: &SimUser,
    method: &Method,
    rest: &[&str],
    params: &[(String, String)],
    body: &[u8],
) -> Response<Body> {
    let get_only = |f: &dyn Fn() -> Response<Body>| {
        if *method == Method::GET {
            f()
        } else {
            method_not_allowed(method, "GET")
        }
    };
    match rest {
        ["version"] => get_only(&|| {
            ok(json!({
                "majorVersion": "2025",
                "minorVersion": "1",
                "build": "27",
                "customerType": "Production",
            }))
        }),
        ["thresholdinformation"] => get_only(&|| {
            let mut d = shared.state.lock();
            let count = d.requests_in_window();
            ok(json!({
                "externalRequestThreshold": d.request_limit,
                "requestThresholdTimeframe": d.window.as_secs().div_ceil(60),
                "currentTimeframeRequestCount": count,
            }))
        }),
        ["zoneinformation"] => get_only(&|| zone_information(shared, param(params, "user"))),
        ["companies", "entityinformation"] => get_only(&|| entity_information(user)),
        ["companies", "entityinformation", "fields"] => get_only(&|| ok(company_fields(shared))),
        ["companies", "entityinformation", "userdefinedfields"] => {
            get_only(&|| ok(json!({ "fields": [] })))
        }
        ["companies", "query"] => query_route(shared, user, method, params, body, None),
        ["companies", "query", "count"] => count_route(shared, user, method, params, body),
        ["companies", "query", "next"] => {
            let Some(token) = param(params, "paging") else {
                return errors(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "The paging parameter is missing.",
                );
            };
            let token = token.to_string();
            query_route(shared, user, method, params, body, Some(&token))
        }
        ["companies", id] => get_only(&|| {
            let Ok(id) = id.parse::<i64>() else {
                return errors(
                    StatusCode::BAD_REQUEST,
                    &format!("The value '{id}' is not valid for id."),
                );
            };
            if !user.can_query_companies {
                return errors(StatusCode::INTERNAL_SERVER_ERROR, NO_PERMISSION);
            }
            let d = shared.state.lock();
            match d
                .companies
                .iter()
                .find(|c| c.get("id").and_then(Value::as_i64) == Some(id))
            {
                Some(c) => ok(json!({ "item": c })),
                None => errors(StatusCode::NOT_FOUND, "No matching records found."),
            }
        }),
        [entity, ..] => errors(
            StatusCode::NOT_FOUND,
            &format!("The entity '{entity}' is not available in this simulated tenant."),
        ),
        [] => errors(StatusCode::NOT_FOUND, "No entity given."),
    }
}

fn entity_information(user: &SimUser) -> Response<Body> {
    let access = i32::from(user.can_query_companies);
    ok(json!({ "info": {
        "name": "Company",
        "canCreate": true,
        "canDelete": false,
        "canQuery": true,
        "canUpdate": true,
        "userAccessForCreate": access,
        "userAccessForDelete": 0,
        "userAccessForQuery": access,
        "userAccessForUpdate": access,
        "hasUserDefinedFields": true,
        "supportsWebhookCallouts": true,
    }}))
}

/// `(name, dataType, length, isRequired, isReadOnly, isReference, referenceEntityType)`.
const FIELD_META: &[(&str, &str, u32, bool, bool, bool, &str)] = &[
    ("id", "long", 0, true, true, false, ""),
    ("companyName", "string", 100, true, false, false, ""),
    ("companyNumber", "string", 50, false, false, false, ""),
    ("companyType", "integer", 0, true, false, false, ""),
    ("isActive", "boolean", 0, false, false, false, ""),
    ("city", "string", 50, false, false, false, ""),
    ("countryID", "integer", 0, false, false, true, "Country"),
    ("phone", "string", 25, true, false, false, ""),
    ("webAddress", "string", 255, false, false, false, ""),
    (
        "ownerResourceID",
        "integer",
        0,
        true,
        false,
        true,
        "Resource",
    ),
    (
        "parentCompanyID",
        "integer",
        0,
        false,
        false,
        true,
        "Company",
    ),
    ("classification", "integer", 0, false, false, false, ""),
    ("marketSegmentID", "integer", 0, false, false, false, ""),
    ("territoryID", "integer", 0, false, false, false, ""),
    ("createDate", "dateTime", 0, false, true, false, ""),
    ("lastActivityDate", "dateTime", 0, false, true, false, ""),
    ("isClientPortalActive", "boolean", 0, false, true, false, ""),
    ("isSample", "boolean", 0, false, true, false, ""),
];

fn company_fields(shared: &Shared) -> Value {
    let known = shared.state.lock().company_fields.clone();
    let fields: Vec<Value> = FIELD_META
        .iter()
        .filter(|(name, ..)| known.iter().any(|k| k == name))
        .map(
            |&(name, data_type, length, required, read_only, reference, ref_type)| {
                let picklist = name == "companyType";
                let values: Vec<Value> = if picklist {
                    COMPANY_TYPES
                        .iter()
                        .enumerate()
                        .map(|(i, (v, label))| {
                            json!({
                                "value": v.to_string(),
                                "label": label,
                                "isDefaultValue": *v == 1,
                                "sortOrder": i + 1,
                                "parentValue": "",
                                "isActive": true,
                                "isSystem": true,
                            })
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                json!({
                    "name": name,
                    "dataType": data_type,
                    "length": length,
                    "isRequired": required,
                    "isReadOnly": read_only,
                    "isQueryable": true,
                    "isReference": reference,
                    "referenceEntityType": ref_type,
                    "isPickList": picklist,
                    "picklistValues": if picklist { Value::Array(values) } else { Value::Null },
                    "picklistParentValueField": "",
                    "isSupportedWebhookField": true,
                })
            },
        )
        .collect();
    json!({ "fields": fields })
}

/// The query of a request: the body of a POST, the `search` parameter of a GET.
fn read_query(
    shared: &Shared,
    method: &Method,
    params: &[(String, String)],
    body: &[u8],
) -> Result<Query, Response<Body>> {
    let text = if *method == Method::POST {
        String::from_utf8_lossy(body).into_owned()
    } else if *method == Method::GET {
        param(params, "search").unwrap_or("").to_string()
    } else {
        return Err(method_not_allowed(method, "GET, POST"));
    };
    if text.trim().is_empty() {
        return Err(errors(
            StatusCode::INTERNAL_SERVER_ERROR,
            "A filter is required: at least one filter condition.",
        ));
    }
    let v: Value = serde_json::from_str(&text).map_err(|e| {
        errors(
            StatusCode::BAD_REQUEST,
            &format!("The query is not valid JSON: {e}"),
        )
    })?;
    let fields = shared.state.lock().company_fields.clone();
    query::parse(&v, &fields, "Company").map_err(|m| errors(StatusCode::INTERNAL_SERVER_ERROR, &m))
}

fn id_of(c: &Map<String, Value>) -> i64 {
    c.get("id").and_then(Value::as_i64).unwrap_or(i64::MIN)
}

fn query_route(
    shared: &Shared,
    user: &SimUser,
    method: &Method,
    params: &[(String, String)],
    body: &[u8],
    paging: Option<&str>,
) -> Response<Body> {
    // Look the token up first: its method decides whether this request is allowed at all.
    let token = match paging {
        None => None,
        Some(id) => match shared.state.lock().page_token(id) {
            Some(t) => Some(t),
            None => {
                return errors(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "The paging token is not valid or has expired.",
                );
            }
        },
    };
    if let Some(t) = &token
        && t.method != *method
    {
        let allow = if t.method == Method::POST {
            "POST"
        } else {
            "GET"
        };
        return method_not_allowed(method, allow);
    }
    let q = match read_query(shared, method, params, body) {
        Ok(q) => q,
        Err(r) => return r,
    };
    if !user.can_query_companies {
        return errors(StatusCode::INTERNAL_SERVER_ERROR, NO_PERMISSION);
    }
    let fingerprint = format!("{q:?}");
    let (after_id, page) = match &token {
        Some(t) => {
            if t.fingerprint != fingerprint || t.entity != "companies" {
                return errors(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "The paging URL does not belong to this query: send the original query again.",
                );
            }
            (t.after_id, t.page)
        }
        None => (i64::MIN, 1),
    };
    let mut d = shared.state.lock();
    let mut items = Vec::new();
    let mut more = false;
    for c in d.companies.iter().filter(|c| id_of(c) > after_id) {
        match query::matches_all(&q, c) {
            Ok(true) => {
                if items.len() == q.max_records {
                    more = true;
                    break;
                }
                items.push(c);
            }
            Ok(false) => {}
            Err(m) => return errors(StatusCode::INTERNAL_SERVER_ERROR, &m),
        }
    }
    if more
        && let Some(f) = &q.include_fields
        && !f.iter().any(|f| f == "id")
    {
        return errors(
            StatusCode::INTERNAL_SERVER_ERROR,
            "IncludeFields must contain id when the results exceed MaxRecords.",
        );
    }
    let last_id = items.last().map(|c| id_of(c));
    let out: Vec<Value> = items
        .iter()
        .map(|c| Value::Object(query::project(&q, c)))
        .collect();
    let count = out.len();
    let next = match (more, last_id) {
        (true, Some(last)) => {
            let id = d.add_page_token(PageToken {
                entity: "companies".into(),
                method: method.clone(),
                fingerprint,
                after_id: last,
                page: page + 1,
            });
            let mut url = format!("{}V1.0/Companies/query/next?paging={id}", shared.zone_url);
            if *method == Method::GET
                && let Some(search) = param(params, "search")
            {
                url.push_str("&search=");
                url.extend(url::form_urlencoded::byte_serialize(search.as_bytes()));
            }
            Value::String(url)
        }
        _ => Value::Null,
    };
    ok(json!({
        "items": out,
        "pageDetails": {
            "count": count,
            "requestCount": q.max_records,
            "prevPageUrl": null,
            "nextPageUrl": next,
        }
    }))
}

fn count_route(
    shared: &Shared,
    user: &SimUser,
    method: &Method,
    params: &[(String, String)],
    body: &[u8],
) -> Response<Body> {
    let q = match read_query(shared, method, params, body) {
        Ok(q) => q,
        Err(r) => return r,
    };
    if !user.can_query_companies {
        return errors(StatusCode::INTERNAL_SERVER_ERROR, NO_PERMISSION);
    }
    let d = shared.state.lock();
    let mut n = 0u64;
    for c in &d.companies {
        match query::matches_all(&q, c) {
            Ok(true) => n += 1,
            Ok(false) => {}
            Err(m) => return errors(StatusCode::INTERNAL_SERVER_ERROR, &m),
        }
    }
    ok(json!({ "queryCount": n }))
}

async fn serve_connection(
    tcp: tokio::net::TcpStream,
    peer: SocketAddr,
    acceptor: TlsAcceptor,
    shared: Arc<Shared>,
    discovery: bool,
) {
    let tls = match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(tcp)).await {
        Ok(Ok(s)) => s,
        Ok(Err(e)) => {
            tracing::debug!(%peer, error = %e, "Autotask simulator TLS handshake failed");
            return;
        }
        Err(_) => {
            tracing::debug!(%peer, "Autotask simulator TLS handshake timed out");
            return;
        }
    };
    let svc = hyper::service::service_fn(move |req: Request<Incoming>| {
        let shared = shared.clone();
        async move {
            let method = req.method().to_string();
            let path = req.uri().path().to_string();
            let sent_credentials =
                req.headers().contains_key("username") || req.headers().contains_key("secret");
            let r = handle(&shared, discovery, req).await;
            // Never log headers or bodies: they carry the secret.
            tracing::debug!(%method, %path, status = r.status().as_u16(), discovery, "Autotask simulator request");
            shared.state.lock().log_request(LoggedRequest {
                method,
                path,
                status: r.status().as_u16(),
                discovery,
                sent_credentials,
            });
            Ok::<_, Infallible>(r)
        }
    });
    let served = hyper::server::conn::http1::Builder::new()
        .keep_alive(true)
        .serve_connection(TokioIo::new(tls), svc)
        .await;
    if let Err(e) = served {
        tracing::debug!(%peer, error = %e, "Autotask simulator connection ended with an error");
    }
}

/// Accepts connections until `shutdown` changes, then stops every connection.
pub(crate) async fn run(
    listener: TcpListener,
    acceptor: TlsAcceptor,
    shared: Arc<Shared>,
    discovery: bool,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut conns = JoinSet::new();
    loop {
        tokio::select! {
            _ = shutdown.changed() => break,
            accepted = listener.accept() => match accepted {
                Ok((tcp, peer)) => {
                    conns.spawn(serve_connection(tcp, peer, acceptor.clone(), shared.clone(), discovery));
                }
                Err(e) => {
                    tracing::debug!(error = %e, "Autotask simulator accept failed");
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
    fn paths_ignore_case_and_repeated_slashes() {
        assert_eq!(
            segments("/ATServicesRest//V1.0/Companies/Query").unwrap(),
            vec!["v1.0", "companies", "query"]
        );
        assert_eq!(
            segments("/atservicesrest/v1.0/zoneInformation/").unwrap(),
            vec!["v1.0", "zoneinformation"]
        );
        assert!(segments("/api/v1.0/login").is_none());
    }
}
