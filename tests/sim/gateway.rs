//! Gateway connections: a session on a secondary opened through its primary, relayed over the
//! simulated hierarchy link — with the client's `connect_through`, with the one-time key by
//! hand, and with the bytes Kaspersky's KlAkOAPI sends for its `CreateGateway` sample. Every
//! server is a simulator with its link running, over TLS on loopback.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ksc_link::kloapi::server_hierarchy::ServerStatus;
use ksc_link::kloapi::{KscError, SsPath, SsWriteMode, connect_through};
use ksc_link::sim::ksc::seed;
use ksc_link::wire::Params;
use ksc_link::wire::error::codes;
use serde_json::{Value as Json, json};

use crate::hierarchy_support::{Node, pair};
use crate::sim_support::Raw;

#[tokio::test]
async fn a_gateway_session_runs_every_call_on_the_secondary() {
    let (top, branch, id) = pair().await;
    let gw = connect_through(&top.client, &[id]).await.unwrap();
    // The new client talks to the primary's own address and certificate.
    assert_eq!(gw.endpoint(), top.client.endpoint());
    assert_eq!(gw.pin(), top.client.pin());

    let hg = gw.host_group();
    let host = hg.server_hostname().await.unwrap();
    assert_eq!(host, branch.hostname());
    assert_ne!(host, top.hostname());
    assert_eq!(
        hg.server_certificate().await.unwrap(),
        branch.sim.cert_der().to_vec()
    );

    // The secondary's own KLSRV_MASTER_SRV, read and written through the primary.
    let section = hg.read_master_srv(&host).await.unwrap();
    assert!(section.use_master);
    assert_eq!(section.ports, vec![i32::from(top.sim.ssl_port())]);
    assert_eq!(
        section.ssl_cert.as_deref(),
        Some(top.sim.cert_der()),
        "the secondary pins the primary's certificate"
    );
    // A variable that does not change the way to the primary, so the link stays up.
    let login = Params::new().with("KLSRV_MASTER_SRV_PROXYHOST_LOGIN", "through-the-gateway");
    hg.ss_write(&SsPath::master_srv(&host), SsWriteMode::Replace, &login)
        .await
        .unwrap();
    let again = hg.read_master_srv(&host).await.unwrap();
    assert_eq!(again.proxy_login.as_deref(), Some("through-the-gateway"));
    assert!(again.use_master);
    let stored = branch.sim.state().master_srv_section().unwrap();
    assert_eq!(
        stored.get_str("KLSRV_MASTER_SRV_PROXYHOST_LOGIN"),
        Some("through-the-gateway"),
        "the write landed on the secondary"
    );
    let on_top = top.sim.state().master_srv_section().unwrap_or_default();
    assert_eq!(
        on_top.get_str("KLSRV_MASTER_SRV_PROXYHOST_LOGIN"),
        None,
        "and not on the primary"
    );
    assert_eq!(top.status_of(id).await, Some(ServerStatus::Active));

    // Ending the session closes the gateway connection: later calls are refused.
    gw.close().await.unwrap();
    let e = hg.server_hostname().await.unwrap_err();
    assert!(matches!(e, KscError::SessionEnded { .. }), "{e:?}");
}

#[tokio::test]
async fn a_secondary_of_a_secondary_is_reached_hop_by_hop() {
    let top = Node::start(seed::PRIMARY, "localhost").await;
    let mid = Node::start(seed::SECONDARY, "localhost").await;
    let leaf = Node::start(seed::SECONDARY, "localhost").await;
    let mid_id = top.attach(&mid, "region").await;
    let leaf_id = mid.attach(&leaf, "office").await;
    let mid_sessions = mid.sim.state().session_count();

    let gw = connect_through(&top.client, &[mid_id, leaf_id])
        .await
        .unwrap();
    let host = gw.host_group().server_hostname().await.unwrap();
    assert_eq!(host, leaf.hostname());
    let section = gw.host_group().read_master_srv(&host).await.unwrap();
    assert_eq!(section.ports, vec![i32::from(mid.sim.ssl_port())]);
    assert_eq!(section.ssl_cert.as_deref(), Some(mid.sim.cert_der()));
    // The session on the middle server, used to learn the leaf's location, was ended.
    assert_eq!(mid.sim.state().session_count(), mid_sessions);

    // A wrong id at the second hop names the hop.
    let e = connect_through(&top.client, &[mid_id, 4242])
        .await
        .unwrap_err();
    match &e {
        KscError::GatewaySecondaryNotFound { id, step, path, .. } => {
            assert_eq!((*id, *step), (4242, 2));
            assert_eq!(path, &format!("{mid_id} → 4242"));
        }
        other => panic!("expected GatewaySecondaryNotFound, got {other:?}"),
    }
    assert!(e.to_string().contains("4242"), "{e}");
}

#[tokio::test]
async fn a_wrong_secondary_id_gives_a_clear_error() {
    let (top, _branch, id) = pair().await;
    let e = connect_through(&top.client, &[id + 100]).await.unwrap_err();
    match &e {
        KscError::GatewaySecondaryNotFound { id: bad, step, .. } => {
            assert_eq!((*bad, *step), (id + 100, 1));
        }
        other => panic!("expected GatewaySecondaryNotFound, got {other:?}"),
    }
    let text = e.to_string();
    assert!(text.contains(&(id + 100).to_string()), "{text}");
    assert!(text.contains("CgwHelper.GetSlaveServerLocation"), "{text}");
}

#[tokio::test]
async fn a_used_or_expired_key_is_refused() {
    let (top, branch, id) = pair().await;
    let location = top
        .client
        .cgw_helper()
        .get_slave_server_location(id)
        .await
        .unwrap();
    let key = top
        .client
        .gateway_connection()
        .prepare_gateway_connection(std::slice::from_ref(&location))
        .await
        .unwrap();
    let first = top.client.gateway_client().unwrap();
    first.login_gateway(&key).await.unwrap();
    assert_eq!(
        first.host_group().server_hostname().await.unwrap(),
        branch.hostname()
    );
    let second = top.client.gateway_client().unwrap();
    let e = second.login_gateway(&key).await.unwrap_err();
    assert!(matches!(e, KscError::GatewayKeyRefused { .. }), "{e:?}");
    assert!(e.to_string().contains("60"), "{e}");

    // Keys are valid for 60 seconds; shortened here so the test need not wait that long.
    top.sim
        .state()
        .set_gateway_key_ttl(Duration::from_millis(200));
    let key = top
        .client
        .gateway_connection()
        .prepare_gateway_connection(&[location])
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(400)).await;
    let late = top.client.gateway_client().unwrap();
    let e = late.login_gateway(&key).await.unwrap_err();
    assert!(matches!(e, KscError::GatewayKeyRefused { .. }), "{e:?}");
}

#[tokio::test]
async fn a_secondary_whose_link_is_down_cannot_be_reached() {
    let (top, mut branch, id) = pair().await;
    let gw = connect_through(&top.client, &[id]).await.unwrap();
    assert_eq!(
        gw.host_group().server_hostname().await.unwrap(),
        branch.hostname()
    );

    branch.sim.stop_link().await;
    top.wait_status(id, ServerStatus::Inactive).await;

    // A session already open fails call by call, saying why.
    let e = gw.host_group().server_hostname().await.unwrap_err();
    assert_eq!(e.api_code(), Some(codes::UNAVAILABLE), "{e:?}");
    assert!(e.to_string().contains("not connected"), "{e}");

    // A new one cannot be opened: the primary relays only over the secondary's own link.
    let e = connect_through(&top.client, &[id]).await.unwrap_err();
    match &e {
        KscError::GatewayUnreachable { error, path, .. } => {
            assert_eq!(error.code, codes::UNAVAILABLE);
            assert_eq!(error.module, "KLSTD");
            assert_eq!(path, &id.to_string());
        }
        other => panic!("expected GatewayUnreachable, got {other:?}"),
    }
    let text = e.to_string();
    assert!(
        text.contains(&format!("Secondary Administration Server {id}")),
        "{text}"
    );
    assert!(text.contains("status Active"), "{text}");

    // Once the secondary is back, the open session works again.
    assert!(branch.sim.start_link());
    top.wait_status(id, ServerStatus::Active).await;
    assert_eq!(
        gw.host_group().server_hostname().await.unwrap(),
        branch.hostname()
    );
}

// --- KlAkOAPI's gateway sample, byte for byte ----------------------------------------------------

/// `json.dumps` with Python's default separators (`", "` and `": "`), as KlAkOAPI encodes bodies.
fn py_dumps(j: &Json) -> String {
    match j {
        Json::Array(a) => format!(
            "[{}]",
            a.iter().map(py_dumps).collect::<Vec<_>>().join(", ")
        ),
        Json::Object(o) => format!(
            "{{{}}}",
            o.iter()
                .map(|(k, v)| format!("{}: {}", Json::String(k.clone()), py_dumps(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => other.to_string(),
    }
}

/// The headers `requests.Session` adds to every request, in its order.
fn session_headers(port: u16) -> String {
    format!(
        "Host: 127.0.0.1:{port}\r\n\
         User-Agent: python-requests/2.32.3\r\n\
         Accept-Encoding: gzip, deflate\r\n\
         Accept: */*\r\n\
         Connection: keep-alive\r\n"
    )
}

/// `KlAkAdmServer.__Login`: `data={}` sends no body; `X-KSC-VServer` is base64 of the name.
fn login_request(port: u16, authorization: &str, vserver: &str) -> String {
    format!(
        "POST /api/v1.0/login HTTP/1.1\r\n{}Content-Type: application/json\r\nAuthorization: {authorization}\r\nX-KSC-VServer: {}\r\nContent-Length: 0\r\n\r\n",
        session_headers(port),
        B64.encode(vserver)
    )
}

fn call_request(port: u16, name: &str, body: &str) -> String {
    format!(
        "POST /api/v1.0/{name} HTTP/1.1\r\n{}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        session_headers(port),
        body.len()
    )
}

async fn replay(c: &mut Raw, port: u16, name: &str, body: &str) -> Json {
    let r = c.send(call_request(port, name, body).as_bytes()).await;
    assert_eq!(r.status, 200, "{name}: {}", r.text());
    let j = r.json();
    assert!(j.get("PxgError").is_none(), "{name}: {j}");
    j
}

#[tokio::test]
async fn klakoapi_connects_to_a_secondary_through_the_primary() {
    let (top, branch, id) = pair().await;
    let port = top.sim.api_port();
    let mut main = Raw::connect(&top.sim).await;
    let basic = format!(
        "KSCBasic user=\"{}\", pass=\"{}\", domain=\"\", internal=\"1\"",
        B64.encode("admin"),
        B64.encode(crate::sim_support::ADMIN_PASSWORD)
    );
    let r = main.send(login_request(port, &basic, "").as_bytes()).await;
    assert_eq!(r.status, 200, "{}", r.text());

    // ConnectToSlave: GetSlaveServerLocation(slave_id).RetVal(), appended as paramParams.
    let j = replay(
        &mut main,
        port,
        "CgwHelper.GetSlaveServerLocation",
        &py_dumps(&json!({"nSlaveServerId": id})),
    )
    .await;
    let location = j["PxgRetVal"].clone();
    assert!(
        location.is_object() && location.get("type").is_none(),
        "{j}"
    );
    let body = py_dumps(&json!({"pLocations": [{"type": "params", "value": location}]}));
    let j = replay(
        &mut main,
        port,
        "GatewayConnection.PrepareGatewayConnection",
        &body,
    )
    .await;
    let key = j["wstrAuthKey"].as_str().unwrap().to_string();
    assert!(j.get("PxgRetVal").is_none(), "{j}");

    // CreateGateway(server_main_url, token): a new session (connection) to the same URL.
    let mut slave = Raw::connect(&top.sim).await;
    let r = slave
        .send(login_request(port, &format!("KSCGW {key}"), "").as_bytes())
        .await;
    assert_eq!(r.status, 200, "{}", r.text());

    // _ConnectServerGatewayAuth: the groups of the secondary, through the primary's port.
    let j = replay(
        &mut slave,
        port,
        "HostGroup.GetStaticInfo",
        &py_dumps(&json!({"pValues": null})),
    )
    .await;
    assert_eq!(
        j["PxgRetVal"]["KLADMSRV_SERVER_HOSTNAME"],
        json!(branch.hostname())
    );
    let j = replay(
        &mut slave,
        port,
        "HostGroup.FindGroups",
        &py_dumps(
            &json!({"wstrFilter": "", "vecFieldsToReturn": ["id", "name", "grp_full_name",
            "parentId", "level"], "vecFieldsToOrder": [], "pParams": {}, "lMaxLifeTime": 100}),
        ),
    )
    .await;
    let count = j["PxgRetVal"].as_i64().unwrap();
    assert!(count > 0, "{j}");
    let accessor = j["strAccessor"].as_str().unwrap().to_string();
    let j = replay(
        &mut slave,
        port,
        "ChunkAccessor.GetItemsChunk",
        &py_dumps(&json!({"strAccessor": accessor, "nStart": 0, "nCount": 200})),
    )
    .await;
    let items = j["pChunk"]["KLCSP_ITERATOR_ARRAY"].as_array().unwrap();
    assert_eq!(i64::try_from(items.len()).unwrap(), count);

    // The key was one-time.
    let mut again = Raw::connect(&top.sim).await;
    let r = again
        .send(login_request(port, &format!("KSCGW {key}"), "").as_bytes())
        .await;
    assert_eq!(r.status, 401, "{}", r.text());
}
