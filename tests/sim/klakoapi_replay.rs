//! Replays, byte for byte, the requests Kaspersky's KlAkOAPI package sends (through
//! python-requests / urllib3) against two simulated servers: the connection-bound login, calls
//! without any credentials on the same connection, and the official "create and destroy a
//! primary/secondary relation" sample. Each server gets exactly one TLS connection.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::sim_support;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ksc_link::wire::master_srv;
use serde_json::{Value as Json, json};
use sim_support::*;

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

/// `KlAkAdmServer.Create(url, user, password, internal_user=True)`: `data={}` sends no body.
fn login_request(port: u16, user: &str, password: &str) -> String {
    let auth = format!(
        "KSCBasic user=\"{}\", pass=\"{}\", domain=\"\", internal=\"1\"",
        B64.encode(user),
        B64.encode(password)
    );
    format!(
        "POST /api/v1.0/login HTTP/1.1\r\n{}Content-Type: application/json\r\nAuthorization: {auth}\r\nX-KSC-VServer: \r\nContent-Length: 0\r\n\r\n",
        session_headers(port)
    )
}

/// A generated wrapper's call: `Content-Type: application/json`, `json.dumps(data)` as body.
fn call_request(port: u16, name: &str, body: &str) -> String {
    format!(
        "POST /api/v1.0/{name} HTTP/1.1\r\n{}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        session_headers(port),
        body.len()
    )
}

/// Checks what KlAkOAPI's `ParseResponse` relies on and returns the JSON.
fn parsed(r: &Resp) -> Json {
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("content-encoding"), Some("gzip"));
    assert!(
        r.header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    assert_ne!(r.header("connection"), Some("close"));
    let j = r.json();
    assert!(j.get("PxgError").is_none(), "{j}");
    j
}

async fn replay(c: &mut Raw, port: u16, name: &str, body: &str) -> Json {
    parsed(&c.send(call_request(port, name, body).as_bytes()).await)
}

#[tokio::test]
async fn klakoapi_login_calls_and_official_hierarchy_sample() {
    let primary_sim = primary().await;
    let secondary_sim = secondary().await;
    let (pp, sp) = (primary_sim.sim.api_port(), secondary_sim.sim.api_port());
    let mut primary = Raw::connect(&primary_sim.sim).await;
    let mut secondary = Raw::connect(&secondary_sim.sim).await;

    // §1.2: the login authenticates the connection; the reply body is JSON.
    for (c, port) in [(&mut primary, pp), (&mut secondary, sp)] {
        let r = c
            .send(login_request(port, "admin", ADMIN_PASSWORD).as_bytes())
            .await;
        assert_eq!(parsed(&r), json!({}));
    }

    // §2.1: calls without Authorization on the same connection.
    let j = replay(&mut primary, pp, "HostGroup.GroupIdGroups", "{}").await;
    assert_eq!(j, json!({"PxgRetVal": 0}));
    let j = replay(
        &mut primary,
        pp,
        "HostGroup.GetStaticInfo",
        r#"{"pValues": null}"#,
    )
    .await;
    let info = j["PxgRetVal"].as_object().unwrap();
    // A top-level params reply is a plain object, never {"type":…,"value":…}.
    assert!(info.get("type").is_none());
    assert_eq!(info["KLADMSRV_GRP_ROOT"], 0);

    // §3.2, the official sample: certificates of both servers.
    let cert_of = |j: &Json| {
        let v = &j["PxgRetVal"]["KLADMSRV_SERVER_CERT"];
        assert_eq!(v["type"], "binary", "{j}");
        B64.decode(v["value"].as_str().unwrap()).unwrap()
    };
    let sec_cert = cert_of(
        &replay(
            &mut secondary,
            sp,
            "HostGroup.GetStaticInfo",
            r#"{"pValues": ["KLADMSRV_SERVER_CERT"]}"#,
        )
        .await,
    );
    assert_eq!(sec_cert, secondary_sim.sim.cert_der());
    let prim_cert = cert_of(
        &replay(
            &mut primary,
            pp,
            "HostGroup.GetStaticInfo",
            r#"{"pValues": ["KLADMSRV_SERVER_CERT"]}"#,
        )
        .await,
    );
    assert_eq!(prim_cert, primary_sim.sim.cert_der());

    // RegisterServer with the exact JSON of the reference.
    let body = format!(
        r#"{{"wstrDisplName":"test_slave","nGroupId":0,"pCertificate":"{}","wstrNetAddress":"","pAdditionalInfo":{{}}}}"#,
        B64.encode(&sec_cert)
    );
    let j = replay(&mut primary, pp, "ServerHierarchy.RegisterServer", &body).await;
    let id = j["PxgRetVal"].as_i64().expect("PxgRetVal is a plain int");
    assert_eq!(j.as_object().unwrap().len(), 1);

    // The secondary's host name, then its KLSRV_MASTER_SRV section.
    let j = replay(
        &mut secondary,
        sp,
        "HostGroup.GetStaticInfo",
        r#"{"pValues": null}"#,
    )
    .await;
    let host = j["PxgRetVal"]["KLADMSRV_SERVER_HOSTNAME"]
        .as_str()
        .unwrap()
        .to_string();
    let keys = format!(
        r#""strHostName": "{host}", "strType": "SS_SETTINGS", "strProduct": "1093", "strVersion": "1.0.0.0", "strSection": "KLSRV_MASTER_SRV""#
    );
    let j = replay(
        &mut secondary,
        sp,
        "HostGroup.SS_CreateSection",
        &format!("{{{keys}}}"),
    )
    .await;
    assert_eq!(j, json!({}));
    let body = format!(
        r#"{{"strHostName":"{host}","strType":"SS_SETTINGS","strProduct":"1093","strVersion":"1.0.0.0","strSection":"KLSRV_MASTER_SRV","nOption":7,"pSettings":{{"KLSRV_MASTER_SRV_USE":true,"KLSRV_MASTER_SRV_SSL_CERT":{{"type":"binary","value":"{}"}},"KLSRV_MASTER_SRV_PASSIVE_SLAVE":false,"KLSRV_MASTER_SRV_ADDR":"https://ksc-master.example.com:13000"}}}}"#,
        B64.encode(&prim_cert)
    );
    let j = replay(&mut secondary, sp, "HostGroup.SS_Write", &body).await;
    assert_eq!(j, json!({}));

    // What the two servers now hold.
    let j = replay(
        &mut primary,
        pp,
        "ServerHierarchy.GetChildServers",
        r#"{"nGroupId": -1}"#,
    )
    .await;
    let list = j["PxgRetVal"].as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["type"], "params");
    assert_eq!(list[0]["value"]["KLSRVH_SRV_ID"], id);
    assert_eq!(list[0]["value"]["KLSRVH_SRV_DN"], "test_slave");
    let section = secondary_sim.sim.state().master_srv_section().unwrap();
    assert_eq!(section.get_bool(master_srv::USE), Some(true));
    assert_eq!(section.get_binary(master_srv::SSL_CERT).unwrap(), prim_cert);
    assert_eq!(
        section.get_str(master_srv::ADDR),
        Some("https://ksc-master.example.com:13000")
    );

    // Removal: SS_Write {USE: false} on the secondary, DelServer on the primary.
    let body =
        format!(r#"{{{keys}, "nOption": 7, "pSettings": {{"KLSRV_MASTER_SRV_USE": false}}}}"#);
    let j = replay(&mut secondary, sp, "HostGroup.SS_Write", &body).await;
    assert_eq!(j, json!({}));
    let j = replay(
        &mut primary,
        pp,
        "ServerHierarchy.DelServer",
        &format!(r#"{{"lServer": {id}}}"#),
    )
    .await;
    assert_eq!(j, json!({}));
    let j = replay(
        &mut primary,
        pp,
        "ServerHierarchy.GetChildServers",
        r#"{"nGroupId": -1}"#,
    )
    .await;
    assert_eq!(j, json!({"PxgRetVal": []}));
    assert_eq!(
        secondary_sim
            .sim
            .state()
            .master_srv_section()
            .unwrap()
            .get_bool(master_srv::USE),
        Some(false)
    );

    // Errors keep KlAkOAPI's typed form: HTTP 200 with PxgError.
    let r = primary
        .send(
            call_request(
                pp,
                "ServerHierarchy.DelServer",
                &format!(r#"{{"lServer": {id}}}"#),
            )
            .as_bytes(),
        )
        .await;
    assert_eq!(r.status, 200);
    let e = &r.json()["PxgError"];
    assert_eq!(e["code"], 2);
    for k in ["module", "file", "line", "message"] {
        assert!(e.get(k).is_some(), "{k}");
    }
    assert_eq!(e["locdata"]["type"], "params");
}

#[tokio::test]
async fn a_klakoapi_connection_without_login_is_refused() {
    let s = primary().await;
    let port = s.sim.api_port();
    let mut c = Raw::connect(&s.sim).await;
    let r = c
        .send(call_request(port, "HostGroup.GroupIdGroups", "{}").as_bytes())
        .await;
    assert_eq!(r.status, 401);
    assert_eq!(r.text(), "Authentication failed");
    let r = c
        .send(login_request(port, "admin", "not the password").as_bytes())
        .await;
    assert_eq!(r.status, 401);
    assert_eq!(r.text(), "Authentication failed");
    // The same connection can still log in.
    let r = c
        .send(login_request(port, "admin", ADMIN_PASSWORD).as_bytes())
        .await;
    assert_eq!(parsed(&r), json!({}));
}
