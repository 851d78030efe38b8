//! The simulated Administration Server's Open API over real HTTPS on 127.0.0.1: login styles,
//! sessions, two-step verification, virtual servers, every implemented method with its error
//! cases, and the HTTP rules (compression, chunked and empty bodies, methods, content types).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::sim_support;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ksc_link::sim::ksc::{KscSimConfig, seed, start};
use ksc_link::wire::auth::vserver_header;
use ksc_link::wire::{Params, Value, master_srv};
use serde_json::{Value as Json, json};
use sim_support::*;

const TWOFA_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

fn code_of(j: &Json) -> i64 {
    j["PxgError"]["code"]
        .as_i64()
        .unwrap_or_else(|| panic!("expected a PxgError, got {j}"))
}

fn ret(j: &Json) -> &Json {
    j.get("PxgRetVal")
        .unwrap_or_else(|| panic!("expected PxgRetVal in {j}"))
}

async fn group_id(c: &mut Raw, parent: i64, name: &str) -> i64 {
    let j = c
        .call(
            "HostGroup.GetGroupId",
            &json!({"nParent": parent, "strName": name}).to_string(),
        )
        .await;
    ret(&j).as_i64().unwrap()
}

async fn hostname(c: &mut Raw) -> String {
    let j = c
        .call("HostGroup.GetStaticInfo", r#"{"pValues":null}"#)
        .await;
    ret(&j)["KLADMSRV_SERVER_HOSTNAME"]
        .as_str()
        .unwrap()
        .to_string()
}

fn assert_auth_failed(r: &Resp) {
    assert_eq!(r.status, 401);
    assert_eq!(r.text(), "Authentication failed");
    assert!(
        r.header("content-type").unwrap().starts_with("text/plain"),
        "{:?}",
        r.headers
    );
    assert_eq!(r.header("www-authenticate"), None);
}

fn assert_not_finished(r: &Resp, challenge: &str) {
    assert_eq!(r.status, 401);
    assert_eq!(r.text(), "Authentication not finished");
    assert!(r.header("content-type").unwrap().starts_with("text/plain"));
    assert_eq!(r.header("www-authenticate"), Some(challenge));
}

const TOTP_CHALLENGE: &str = "KSCMFA type=\"totp\", lengthHint=\"6\"";

// --- login ------------------------------------------------------------------------------------

#[tokio::test]
async fn every_documented_login_variant_authenticates_the_connection() {
    let s = primary().await;
    let b = |t: &str| B64.encode(t);
    let admin_pw = b(ADMIN_PASSWORD);
    let variants = [
        // KlAkOAPI, byte for byte.
        format!(
            "KSCBasic user=\"{}\", pass=\"{admin_pw}\", domain=\"\", internal=\"1\"",
            b("admin")
        ),
        // go-ksc: unquoted internal=true, no domain.
        format!(
            "KSCBasic user=\"{}\", pass=\"{admin_pw}\", internal=true",
            b("admin")
        ),
        // Only user and pass (third-party clients); spaces around '='.
        format!("KSCBasic user = \"{}\" , pass = \"{admin_pw}\"", b("admin")),
        // Domain account, domain as is, internal="0".
        format!(
            "KSCBasic user=\"{}\", pass=\"{}\", domain=\"CORP\", internal=\"0\"",
            b("jdoe"),
            b("Domain-Pass-1")
        ),
        // Domain in base64, internal=false.
        format!(
            "KSCBasic user=\"{}\", pass=\"{}\", domain=\"{}\", internal=false",
            b("jdoe"),
            b("Domain-Pass-1"),
            b("CORP")
        ),
        // Domain account without a domain.
        format!(
            "KSCBasic user=\"{}\", pass=\"{}\", internal=\"0\"",
            b("jdoe"),
            b("Domain-Pass-1")
        ),
    ];
    for v in variants {
        let mut c = Raw::connect(&s.sim).await;
        let r = c
            .post("login", &[("Authorization", &v), ("X-KSC-VServer", "")], "")
            .await;
        assert_eq!(r.status, 200, "{v}: {}", r.text());
        assert_eq!(r.json(), json!({}));
        // No Authorization any more: the connection is logged in.
        let j = c.call("HostGroup.GroupIdGroups", "{}").await;
        assert_eq!(j, json!({"PxgRetVal": 0}), "{v}");
    }
}

#[tokio::test]
async fn bad_or_missing_credentials_get_401_without_a_challenge() {
    let s = primary().await;
    let b = |t: &str| B64.encode(t);
    for v in [
        basic("admin", "wrong"),
        basic("nobody", ADMIN_PASSWORD),
        // An internal user is not an OS account of domain CORP.
        format!(
            "KSCBasic user=\"{}\", pass=\"{}\", domain=\"CORP\", internal=\"0\"",
            b("admin"),
            b(ADMIN_PASSWORD)
        ),
        "KSCBasic user=\"!!\", pass=\"x\"".to_string(),
        "Bearer abc".to_string(),
        "KSCWT sometoken".to_string(),
        "KSCT unknown-token".to_string(),
        "KSCMFA totp=\"123456\"".to_string(),
    ] {
        let mut c = Raw::connect(&s.sim).await;
        let r = c.post("login", &[("Authorization", &v)], "").await;
        assert_auth_failed(&r);
        let r = c.post("HostGroup.GroupIdGroups", &[], "{}").await;
        assert_auth_failed(&r);
    }
    // No authentication at all.
    let mut c = Raw::connect(&s.sim).await;
    assert_auth_failed(&c.post("login", &[], "").await);
    assert_auth_failed(&c.post("HostGroup.GroupIdGroups", &[], "{}").await);
    // A failed login on a logged-in connection logs it out.
    let mut c = admin(&s.sim).await;
    c.post("login", &[("Authorization", &basic("admin", "bad"))], "")
        .await;
    assert_auth_failed(&c.post("HostGroup.GroupIdGroups", &[], "{}").await);
}

// --- sessions ---------------------------------------------------------------------------------

#[tokio::test]
async fn sessions_tokens_and_403_after_end_or_expiry() {
    let s = primary().await;
    let http = reqwest_client(&s.sim);
    let url = |m: &str| format!("{}/api/v1.0/{m}", s.sim.api_url());
    let r = http
        .post(url("Session.StartSession"))
        .header("Authorization", basic("admin", ADMIN_PASSWORD))
        .header("Content-Type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let j: Json = r.json().await.unwrap();
    let sid = j["PxgRetVal"].as_str().unwrap().to_string();
    assert_eq!(j.as_object().unwrap().len(), 1);

    // The session works on any connection.
    for _ in 0..2 {
        let mut c = Raw::connect(&s.sim).await;
        let r = c
            .post("HostGroup.GroupIdSuper", &[("X-KSC-Session", &sid)], "{}")
            .await;
        assert_eq!(r.json(), json!({"PxgRetVal": 2}));
    }
    let r = http
        .post(url("Session.Ping"))
        .header("X-KSC-Session", &sid)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Json>().await.unwrap(), json!({}));

    // CreateToken → one-time KSCT login.
    let r = http
        .post(url("Session.CreateToken"))
        .header("X-KSC-Session", &sid)
        .header("Content-Length", "0")
        .send()
        .await
        .unwrap();
    let token = r.json::<Json>().await.unwrap()["PxgRetVal"]
        .as_str()
        .unwrap()
        .to_string();
    let mut c = Raw::connect(&s.sim).await;
    let r = c
        .post("login", &[("Authorization", &format!("KSCT {token}"))], "")
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(
        c.call("HostGroup.GroupIdGroups", "{}").await["PxgRetVal"],
        0
    );
    let mut c2 = Raw::connect(&s.sim).await;
    let r = c2
        .post("login", &[("Authorization", &format!("KSCT {token}"))], "")
        .await;
    assert_auth_failed(&r);
    // A token also starts a session.
    let token2 = http
        .post(url("Session.CreateToken"))
        .header("X-KSC-Session", &sid)
        .send()
        .await
        .unwrap()
        .json::<Json>()
        .await
        .unwrap()["PxgRetVal"]
        .as_str()
        .unwrap()
        .to_string();
    let r = c2
        .post(
            "Session.StartSession",
            &[("Authorization", &format!("KSCT {token2}"))],
            "{}",
        )
        .await;
    let sid2 = r.json()["PxgRetVal"].as_str().unwrap().to_string();
    assert_ne!(sid2, sid);

    // EndSession → 403 for every later request with that id.
    let r = http
        .post(url("Session.EndSession"))
        .header("X-KSC-Session", &sid)
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    for m in [
        "Session.Ping",
        "HostGroup.GroupIdGroups",
        "Session.EndSession",
    ] {
        let r = http
            .post(url(m))
            .header("X-KSC-Session", &sid)
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "{m}");
    }
    // Unknown id → 403 too.
    let r = http
        .post(url("Session.Ping"))
        .header("X-KSC-Session", "nDOESNOTEXIST")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);

    // Expiry: every session and connection login ends.
    let mut logged_in = admin(&s.sim).await;
    s.sim.state().expire_all_sessions();
    let r = http
        .post(url("Session.Ping"))
        .header("X-KSC-Session", &sid2)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = logged_in.post("HostGroup.GroupIdGroups", &[], "{}").await;
    assert_eq!(r.status, 403);
    // A new login on the same connection works again.
    let r = logged_in
        .post(
            "login",
            &[("Authorization", &basic("admin", ADMIN_PASSWORD))],
            "",
        )
        .await;
    assert_eq!(r.status, 200);

    // EndSession on a connection login ends that login.
    logged_in.call("Session.EndSession", "{}").await;
    let r = logged_in.post("Session.Ping", &[], "{}").await;
    assert_eq!(r.status, 403);
}

#[tokio::test]
async fn idle_sessions_expire_after_the_configured_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = KscSimConfig::new(dir.path());
    cfg.session_ttl = std::time::Duration::from_millis(100);
    let sim = start(cfg).await.unwrap();
    let mut c = admin(&sim).await;
    let r = c
        .post(
            "Session.StartSession",
            &[("Authorization", &basic("admin", ADMIN_PASSWORD))],
            "{}",
        )
        .await;
    let sid = r.json()["PxgRetVal"].as_str().unwrap().to_string();
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let r = c
        .post("Session.Ping", &[("X-KSC-Session", &sid)], "{}")
        .await;
    assert_eq!(r.status, 403);
    let r = c.post("Session.Ping", &[], "{}").await;
    assert_eq!(r.status, 403);
    sim.shutdown().await;
}

// --- two-step verification --------------------------------------------------------------------

#[tokio::test]
async fn totp_on_a_connection_login() {
    let s = primary().await;
    let mut c = Raw::connect(&s.sim).await;
    let first = [("Authorization", basic("twofa", "TwoFactor-2024"))];
    let first: Vec<(&str, &str)> = first.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = c.post("login", &first, "").await;
    assert_not_finished(&r, TOTP_CHALLENGE);
    assert_eq!(r.header("content-length"), Some("27"));
    assert_eq!(r.header("x-ksc-session"), None);
    // Not logged in yet.
    let r = c.post("HostGroup.GroupIdGroups", &[], "{}").await;
    assert_eq!(r.status, 401);
    // A wrong code: 401 again, may retry.
    let wrong = wrong_code(TWOFA_SECRET);
    let r = c
        .post(
            "login",
            &[("Authorization", &format!("KSCMFA totp=\"{wrong}\""))],
            "",
        )
        .await;
    assert_not_finished(&r, TOTP_CHALLENGE);
    let r = c
        .post(
            "login",
            &[(
                "Authorization",
                &format!("KSCMFA totp=\"{}\"", totp_code(TWOFA_SECRET)),
            )],
            "",
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json(), json!({}));
    assert_eq!(
        c.call("HostGroup.GroupIdGroups", "{}").await["PxgRetVal"],
        0
    );

    // Five wrong codes end the attempt: even the right code is refused afterwards.
    let mut c = Raw::connect(&s.sim).await;
    c.post("login", &first, "").await;
    for i in 0..5 {
        let r = c
            .post(
                "login",
                &[("Authorization", &format!("KSCMFA totp=\"{wrong}\""))],
                "",
            )
            .await;
        assert_eq!(r.status, 401, "attempt {i}");
    }
    let r = c
        .post(
            "login",
            &[(
                "Authorization",
                &format!("KSCMFA totp=\"{}\"", totp_code(TWOFA_SECRET)),
            )],
            "",
        )
        .await;
    assert_auth_failed(&r);
}

#[tokio::test]
async fn totp_on_start_session_and_totpreg() {
    let s = primary().await;
    let mut c = Raw::connect(&s.sim).await;
    let r = c
        .post(
            "Session.StartSession",
            &[("Authorization", &basic("twofa", "TwoFactor-2024"))],
            "{}",
        )
        .await;
    assert_not_finished(&r, TOTP_CHALLENGE);
    let sid = r.header("x-ksc-session").unwrap().to_string();
    // The half-created session cannot be used yet.
    let r = c
        .post("HostGroup.GroupIdGroups", &[("X-KSC-Session", &sid)], "{}")
        .await;
    assert_eq!(r.status, 401);
    // The second factor on a new connection, same URL and body.
    let mut c = Raw::connect(&s.sim).await;
    let r = c
        .post(
            "Session.StartSession",
            &[
                (
                    "Authorization",
                    &format!("KSCMFA totp=\"{}\"", totp_code(TWOFA_SECRET)),
                ),
                ("X-KSC-Session", &sid),
            ],
            "{}",
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json(), json!({"PxgRetVal": sid}));
    let r = c
        .post("HostGroup.GroupIdGroups", &[("X-KSC-Session", &sid)], "{}")
        .await;
    assert_eq!(r.json(), json!({"PxgRetVal": 0}));

    // Wrong codes: retry allowed, then the half session ends after five.
    let r = c
        .post(
            "Session.StartSession",
            &[("Authorization", &basic("twofa", "TwoFactor-2024"))],
            "{}",
        )
        .await;
    let sid = r.header("x-ksc-session").unwrap().to_string();
    let wrong = wrong_code(TWOFA_SECRET);
    for i in 0..5 {
        let r = c
            .post(
                "Session.StartSession",
                &[
                    ("Authorization", &format!("KSCMFA totp=\"{wrong}\"")),
                    ("X-KSC-Session", &sid),
                ],
                "{}",
            )
            .await;
        assert_eq!(r.status, 401, "attempt {i}");
        if i < 4 {
            assert_eq!(r.header("www-authenticate"), Some(TOTP_CHALLENGE));
        }
    }
    let r = c
        .post(
            "Session.StartSession",
            &[
                (
                    "Authorization",
                    &format!("KSCMFA totp=\"{}\"", totp_code(TWOFA_SECRET)),
                ),
                ("X-KSC-Session", &sid),
            ],
            "{}",
        )
        .await;
    assert_eq!(r.status, 403);

    // Two-step verification required but not set up: totpreg, on both login styles.
    let r = c
        .post(
            "login",
            &[("Authorization", &basic("needs2fa", "NeedsSecond-2024"))],
            "",
        )
        .await;
    assert_not_finished(&r, "KSCMFA type=\"totpreg\"");
    let r = c
        .post(
            "Session.StartSession",
            &[("Authorization", &basic("needs2fa", "NeedsSecond-2024"))],
            "{}",
        )
        .await;
    assert_not_finished(&r, "KSCMFA type=\"totpreg\"");
    let sid = r.header("x-ksc-session").unwrap().to_string();
    // A client that gives up ends the half-created session (reference, "Two-factor
    // authentication"); it is gone afterwards.
    let r = c
        .post("Session.EndSession", &[("X-KSC-Session", &sid)], "{}")
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let r = c
        .post("Session.Ping", &[("X-KSC-Session", &sid)], "{}")
        .await;
    assert_eq!(r.status, 403);
    // A wrong password never reaches the second factor.
    let r = c
        .post("login", &[("Authorization", &basic("twofa", "bad"))], "")
        .await;
    assert_auth_failed(&r);
}

// --- virtual servers --------------------------------------------------------------------------

#[tokio::test]
async fn virtual_server_logins_are_scoped() {
    let s = primary().await;
    let mut main = admin(&s.sim).await;
    let vs = main
        .call("VServers.GetVServers", r#"{"lParentGroup": -1}"#)
        .await;
    let list = ret(&vs).as_array().unwrap().clone();
    assert!(list.len() >= 3);
    let a = list
        .iter()
        .map(|e| &e["value"])
        .find(|v| v["KLVSRV_DN"] == "Customer A")
        .unwrap()
        .clone();
    assert_eq!(list[0]["type"], "params");

    let login = |user: &'static str, pw: &'static str, vs: &'static str| {
        let sim = &s.sim;
        async move {
            let mut c = Raw::connect(sim).await;
            let r = c
                .post(
                    "login",
                    &[
                        ("Authorization", &basic(user, pw)),
                        ("X-KSC-VServer", &vserver_header(vs)),
                    ],
                    "",
                )
                .await;
            (c, r.status)
        }
    };
    let (mut c, st) = login("admin", ADMIN_PASSWORD, "Customer A").await;
    assert_eq!(st, 200);
    let info = c
        .call("HostGroup.GetStaticInfo", r#"{"pValues":null}"#)
        .await;
    let info = ret(&info);
    assert_eq!(info["KLADMSRV_IS_VIRTUAL"], true);
    assert_eq!(info["KLADMSRV_VSID"], a["KLVSRV_ID"]);
    assert_eq!(info["KLADMSRV_GRP_ROOT"], a["KLVSRV_GROUPS"]);
    let root = c.call("HostGroup.GroupIdGroups", "{}").await;
    assert_eq!(ret(&root), &a["KLVSRV_GROUPS"]);
    let sub = c
        .call(
            "HostGroup.GetSubgroups",
            &json!({"nGroupId": ret(&root), "nDepth": 0}).to_string(),
        )
        .await;
    let names: Vec<&str> = ret(&sub)
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["value"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Office", "Warehouse"]);
    // Main-server groups are invisible from the virtual server.
    let j = c.call("HostGroup.GetGroupInfo", r#"{"nGroupId": 0}"#).await;
    assert_eq!(code_of(&j), 2);
    let j = c
        .call("VServers.GetVServers", r#"{"lParentGroup": -1}"#)
        .await;
    assert_eq!(j, json!({"PxgRetVal": []}));

    let (_, st) = login("tenant-admin", "Tenant-A-2024", "Customer A").await;
    assert_eq!(st, 200);
    let (_, st) = login("tenant-admin", "Tenant-A-2024", "").await;
    assert_eq!(st, 401);
    let (_, st) = login("tenant-admin", "Tenant-A-2024", "Customer B").await;
    assert_eq!(st, 401);
    let (_, st) = login("admin", ADMIN_PASSWORD, "No such server").await;
    assert_eq!(st, 401);
    // go-ksc sends a raw `x` when it means the main server; a raw name is accepted too.
    for (raw, virtual_) in [("x", false), ("Customer B", true)] {
        let mut c = Raw::connect(&s.sim).await;
        let r = c
            .post(
                "login",
                &[
                    ("Authorization", &basic("admin", ADMIN_PASSWORD)),
                    ("X-KSC-VServer", raw),
                ],
                "",
            )
            .await;
        assert_eq!(r.status, 200, "{raw}");
        let info = c
            .call(
                "HostGroup.GetStaticInfo",
                r#"{"pValues":["KLADMSRV_IS_VIRTUAL"]}"#,
            )
            .await;
        assert_eq!(ret(&info)["KLADMSRV_IS_VIRTUAL"], virtual_, "{raw}");
    }
    // Disabled virtual server.
    let (_, st) = login("admin", ADMIN_PASSWORD, "Lab").await;
    assert_eq!(st, 401);
    // Main server: not virtual.
    let info = main
        .call("HostGroup.GetStaticInfo", r#"{"pValues":null}"#)
        .await;
    assert_eq!(ret(&info)["KLADMSRV_IS_VIRTUAL"], false);
    assert_eq!(ret(&info)["KLADMSRV_VSID"], 0);
}

#[tokio::test]
async fn vservers_methods() {
    let s = primary().await;
    let mut c = admin(&s.sim).await;
    let servers = group_id(&mut c, 0, "Servers").await;
    let j = c
        .call(
            "VServers.GetVServers",
            &json!({ "lParentGroup": servers }).to_string(),
        )
        .await;
    let list = ret(&j).as_array().unwrap();
    assert_eq!(list.len(), 2);
    let first = &list[0]["value"];
    for k in [
        "KLVSRV_ID",
        "KLVSRV_UID",
        "KLVSRV_GRP",
        "KLVSRV_DN",
        "KLVSRV_GROUPS",
        "KLVSRV_SUPER",
        "KLVSRV_UNASSIGNED",
        "KLVSRV_ENABLED",
        "KLVSRV_LIC_ENABLED",
        "KLVSRV_HST_UID",
    ] {
        assert!(first.get(k).is_some(), "{k} in {first}");
    }
    assert_eq!(first["KLVSRV_CREATED"]["type"], "datetime");
    let id = first["KLVSRV_ID"].as_i64().unwrap();
    let j = c
        .call(
            "VServers.GetVServerInfo",
            &json!({"lVServer": id, "pFields2Return": ["KLVSRV_DN", "KLVSRV_GRP"]}).to_string(),
        )
        .await;
    assert_eq!(
        ret(&j),
        &json!({"KLVSRV_DN": first["KLVSRV_DN"], "KLVSRV_GRP": servers})
    );
    let j = c
        .call(
            "VServers.GetVServerInfo",
            r#"{"lVServer": 999, "pFields2Return": []}"#,
        )
        .await;
    assert_eq!(code_of(&j), 2);
    // A duplicate name is made unique.
    let j = c
        .call(
            "VServers.AddVServerInfo",
            &json!({"strDisplayName": "Customer A", "lParentGroup": servers}).to_string(),
        )
        .await;
    assert_eq!(ret(&j)["KLVSRV_DN"], "Customer A (1)");
    let new_id = ret(&j)["KLVSRV_ID"].as_i64().unwrap();
    let j = c
        .call(
            "VServers.AddVServerInfo",
            r#"{"strDisplayName": "X", "lParentGroup": 4242}"#,
        )
        .await;
    assert_eq!(code_of(&j), 2);
    // Renaming.
    let j = c
        .call(
            "VServers.UpdateVServerInfo",
            &json!({"lVServer": new_id, "pInfo": {"KLVSRV_DN": "Customer B"}}).to_string(),
        )
        .await;
    assert_eq!(code_of(&j), 3);
    let j = c
        .call(
            "VServers.UpdateVServerInfo",
            &json!({"lVServer": new_id, "pInfo": {"KLVSRV_DN": "Customer C"}}).to_string(),
        )
        .await;
    assert_eq!(j, json!({}));
    let j = c
        .call(
            "VServers.GetVServerInfo",
            &json!({"lVServer": new_id, "pFields2Return": ["KLVSRV_DN"]}).to_string(),
        )
        .await;
    assert_eq!(ret(&j), &json!({"KLVSRV_DN": "Customer C"}));
    // The new virtual server accepts logins at once.
    let mut v = Raw::connect(&s.sim).await;
    let r = v
        .post(
            "login",
            &[
                ("Authorization", &basic("admin", ADMIN_PASSWORD)),
                ("X-KSC-VServer", &vserver_header("Customer C")),
            ],
            "",
        )
        .await;
    assert_eq!(r.status, 200);
    let info = v
        .call(
            "HostGroup.GetStaticInfo",
            r#"{"pValues":["KLADMSRV_VSID","KLADMSRV_IS_VIRTUAL"]}"#,
        )
        .await;
    assert_eq!(
        ret(&info),
        &json!({"KLADMSRV_VSID": new_id, "KLADMSRV_IS_VIRTUAL": true})
    );
}

// --- HostGroup --------------------------------------------------------------------------------

#[tokio::test]
async fn group_tree_methods() {
    let s = primary().await;
    let mut c = admin(&s.sim).await;
    assert_eq!(
        c.call("HostGroup.GroupIdGroups", "{}").await,
        json!({"PxgRetVal": 0})
    );
    assert_eq!(
        c.call("HostGroup.GroupIdUnassigned", "{}").await,
        json!({"PxgRetVal": 1})
    );
    assert_eq!(
        c.call("HostGroup.GroupIdSuper", "{}").await,
        json!({"PxgRetVal": 2})
    );

    // The fixed groups: the super group is the parent of "Managed devices".
    let j = c.call("HostGroup.GetGroupInfo", r#"{"nGroupId": 0}"#).await;
    assert_eq!(ret(&j)["name"], "Managed devices");
    assert_eq!(ret(&j)["parentId"], 2);
    let j = c.call("HostGroup.GetGroupInfo", r#"{"nGroupId": 2}"#).await;
    assert_eq!(ret(&j)["name"], "Primary server");
    let j = c.call("HostGroup.GetGroupInfo", r#"{"nGroupId": 1}"#).await;
    assert_eq!(ret(&j)["name"], "Unassigned devices");

    // GetSubgroups: recursive, params wrapped inside arrays.
    let j = c
        .call("HostGroup.GetSubgroups", r#"{"nGroupId": 0, "nDepth": 0}"#)
        .await;
    let top = ret(&j).as_array().unwrap();
    let branches = top
        .iter()
        .find(|g| g["value"]["name"] == "Branch offices")
        .unwrap();
    assert_eq!(branches["type"], "params");
    let cities: Vec<&str> = branches["value"]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            assert_eq!(g["type"], "params");
            g["value"]["name"].as_str().unwrap()
        })
        .collect();
    assert_eq!(cities, ["Almaty", "Berlin", "Moscow"]);
    let j = c
        .call("HostGroup.GetSubgroups", r#"{"nGroupId": 0, "nDepth": 1}"#)
        .await;
    assert!(
        ret(&j)
            .as_array()
            .unwrap()
            .iter()
            .all(|g| g["value"].get("groups").is_none())
    );
    let j = c
        .call(
            "HostGroup.GetSubgroups",
            r#"{"nGroupId": 999, "nDepth": 0}"#,
        )
        .await;
    assert_eq!(code_of(&j), 2);

    let branch_id = branches["value"]["id"].as_i64().unwrap();
    let berlin = group_id(&mut c, branch_id, "Berlin").await;
    assert_eq!(group_id(&mut c, branch_id, "Paris").await, -1);
    assert_eq!(group_id(&mut c, 999, "Berlin").await, -1);

    let j = c
        .call(
            "HostGroup.GetGroupInfo",
            &json!({ "nGroupId": berlin }).to_string(),
        )
        .await;
    let info = ret(&j);
    assert_eq!(info["id"], berlin);
    assert_eq!(info["name"], "Berlin");
    assert_eq!(info["parentId"], branch_id);
    assert_eq!(
        info["grp_full_name"],
        "Managed devices/Branch offices/Berlin/"
    );
    assert_eq!(info["creationDate"]["type"], "datetime");
    assert_eq!(info["KLGRP_HlfInherited "], true);
    assert_eq!(info["level"], 2);
    let j = c
        .call("HostGroup.GetGroupInfo", r#"{"nGroupId": 999}"#)
        .await;
    assert_eq!(code_of(&j), 2);
    assert!(j["PxgError"]["message"].as_str().unwrap().contains("999"));
    for k in ["module", "file", "line", "locdata"] {
        assert!(j["PxgError"].get(k).is_some(), "{k}");
    }
    assert!(j["PxgError"]["file"].as_str().unwrap().ends_with(".rs"));
    assert!(j["PxgError"]["line"].as_i64().unwrap() > 0);

    let j = c
        .call(
            "HostGroup.GetGroupInfoEx",
            &json!({"nGroupId": berlin, "pArrAttributes": ["name", "parentId", "nonexistent"]})
                .to_string(),
        )
        .await;
    assert_eq!(ret(&j), &json!({"name": "Berlin", "parentId": branch_id}));
    let many: Vec<String> = (0..101).map(|i| format!("a{i}")).collect();
    let j = c
        .call(
            "HostGroup.GetGroupInfoEx",
            &json!({"nGroupId": berlin, "pArrAttributes": many}).to_string(),
        )
        .await;
    assert_eq!(code_of(&j), 4);

    // AddGroup.
    let j = c
        .call(
            "HostGroup.AddGroup",
            &json!({"pInfo": {"name": "Hamburg", "parentId": branch_id}}).to_string(),
        )
        .await;
    let hamburg = ret(&j).as_i64().unwrap();
    assert_eq!(group_id(&mut c, branch_id, "Hamburg").await, hamburg);
    for (body, code) in [
        (
            json!({"pInfo": {"name": "Hamburg", "parentId": branch_id}}),
            3,
        ),
        (json!({"pInfo": {"name": "X", "parentId": 999}}), 2),
        (json!({"pInfo": {"parentId": 0}}), 4),
        (json!({"pInfo": {"name": "", "parentId": 0}}), 4),
        (json!({"pInfo": {"name": "X", "parentId": 1}}), 4),
        (json!({}), 4),
    ] {
        let j = c.call("HostGroup.AddGroup", &body.to_string()).await;
        assert_eq!(code_of(&j), code, "{body}");
    }
}

#[tokio::test]
async fn find_groups_and_chunk_accessor() {
    let s = primary().await;
    let mut c = admin(&s.sim).await;
    let j = c
        .call(
            "HostGroup.FindGroups",
            &json!({
                "wstrFilter": "(name=\"Berlin\")",
                "vecFieldsToReturn": ["id", "name", "grp_full_name"],
                "vecFieldsToOrder": [],
                "pParams": {"KLGRP_FIND_FROM_CUR_VS_ONLY": true},
                "lMaxLifeTime": 100
            })
            .to_string(),
        )
        .await;
    assert_eq!(ret(&j), 1);
    let acc = j["strAccessor"].as_str().unwrap().to_string();
    let n = c
        .call(
            "ChunkAccessor.GetItemsCount",
            &json!({ "strAccessor": acc }).to_string(),
        )
        .await;
    assert_eq!(n, json!({"PxgRetVal": 1}));
    let chunk = c
        .call(
            "ChunkAccessor.GetItemsChunk",
            &json!({"strAccessor": acc, "nStart": 0, "nCount": 10}).to_string(),
        )
        .await;
    let arr = chunk["pChunk"]["KLCSP_ITERATOR_ARRAY"].as_array().unwrap();
    assert_eq!(arr.len(), 1);
    assert_eq!(arr[0]["type"], "params");
    assert_eq!(arr[0]["value"]["name"], "Berlin");
    assert_eq!(
        arr[0]["value"]["grp_full_name"],
        "Managed devices/Branch offices/Berlin/"
    );
    assert_eq!(arr[0]["value"].as_object().unwrap().len(), 3);
    c.call(
        "ChunkAccessor.Release",
        &json!({ "strAccessor": acc }).to_string(),
    )
    .await;
    let j = c
        .call(
            "ChunkAccessor.GetItemsCount",
            &json!({ "strAccessor": acc }).to_string(),
        )
        .await;
    assert_eq!(code_of(&j), 2);

    // AND of conditions, wildcards, ordering and paging.
    let branches = group_id(&mut c, 0, "Branch offices").await;
    let j = c
        .call(
            "HostGroup.FindGroups",
            &json!({
                "wstrFilter": format!("(&(parentId={branches})(name=\"*o*\"))"),
                "vecFieldsToReturn": ["name"],
                "vecFieldsToOrder": [{"type":"params","value":{"Name":"name","Asc":false}}],
                "pParams": {},
                "lMaxLifeTime": 100
            })
            .to_string(),
        )
        .await;
    assert_eq!(ret(&j), 1, "{j}");
    let j = c
        .call(
            "HostGroup.FindGroups",
            &json!({
                "wstrFilter": format!("(parentId={branches})"),
                "vecFieldsToReturn": ["name"],
                "vecFieldsToOrder": [{"type":"params","value":{"Name":"name","Asc":false}}],
                "pParams": {},
                "lMaxLifeTime": 100
            })
            .to_string(),
        )
        .await;
    assert_eq!(ret(&j), 3);
    let acc = j["strAccessor"].as_str().unwrap();
    let chunk = c
        .call(
            "ChunkAccessor.GetItemsChunk",
            &json!({"strAccessor": acc, "nStart": 1, "nCount": 5}).to_string(),
        )
        .await;
    assert_eq!(ret(&chunk), 2);
    let names: Vec<&str> = chunk["pChunk"]["KLCSP_ITERATOR_ARRAY"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["value"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Berlin", "Almaty"]);

    // All groups, including those of virtual servers unless asked otherwise.
    let all = |only_current: bool| {
        json!({
            "wstrFilter": "(name=\"Office\")",
            "vecFieldsToReturn": ["id"],
            "vecFieldsToOrder": [],
            "pParams": {"KLGRP_FIND_FROM_CUR_VS_ONLY": only_current},
            "lMaxLifeTime": 100
        })
        .to_string()
    };
    assert_eq!(ret(&c.call("HostGroup.FindGroups", &all(false)).await), 1);
    assert_eq!(ret(&c.call("HostGroup.FindGroups", &all(true)).await), 0);

    let j = c
        .call(
            "HostGroup.FindGroups",
            r#"{"wstrFilter": "(&(name=", "vecFieldsToReturn": [], "vecFieldsToOrder": [], "pParams": {}, "lMaxLifeTime": 10}"#,
        )
        .await;
    assert_eq!(code_of(&j), 4);
    assert!(
        j["PxgError"]["message"]
            .as_str()
            .unwrap()
            .contains("wstrFilter")
    );
}

#[tokio::test]
async fn static_info() {
    let s = primary().await;
    let mut c = admin(&s.sim).await;
    let j = c
        .call("HostGroup.GetStaticInfo", r#"{"pValues":null}"#)
        .await;
    let info = ret(&j);
    for k in [
        "KLADMSRV_IS_VIRTUAL",
        "KLADMSRV_VSID",
        "KLADMSRV_GRP_ROOT",
        "KLADMSRV_GRP_UNASSIGNED",
        "KLADMSRV_GRP_SUPER",
        "KLADMSRV_SERVER_VERSION_ID",
        "KLADMSRV_B2B_CLOUD_MODE",
        "KLADMSRV_PCLOUD_MODE",
        "KLADMSRV_PRODUCT_FULL_VERSION",
        "KLADMSRV_SERVER_HOSTNAME",
        "KLADMSRV_PRODUCT_VERSION",
        "KLADMSRV_PRODUCT_NAME",
        "KLADMSRV_FORCE_SYNC_SUPPORTED",
        "KLADMSRV_MAINTENANCE_SUPPORTED",
        "KLADMSRV_NAGENT_RUNNING",
        "KLADMSRV_SPL_PPC_ENABLED",
        "KLSRV_NETSIZE",
        "KLADMSRV_USERID",
        "KLADMSRV_NEED_UNC_PATH",
        "KLADMSRV_EV_EV_SIZE",
    ] {
        assert!(info.get(k).is_some(), "{k} missing from {info}");
    }
    assert!(info.get("KLADMSRV_SERVER_CERT").is_none());
    assert_eq!(info["KLADMSRV_EV_EV_SIZE"]["type"], "double");
    assert_eq!(info["KLADMSRV_PRODUCT_FULL_VERSION"], "14.2.0.26967");
    assert_eq!(
        info["KLADMSRV_SERVER_HOSTNAME"],
        s.sim.state().server().hostname
    );
    let j = c
        .call(
            "HostGroup.GetStaticInfo",
            r#"{"pValues":["KLADMSRV_SERVER_CERT","KLADMSRV_SERVER_HOSTNAME","InstancePort"]}"#,
        )
        .await;
    let info = ret(&j);
    assert_eq!(info["KLADMSRV_SERVER_CERT"]["type"], "binary");
    let der = B64
        .decode(info["KLADMSRV_SERVER_CERT"]["value"].as_str().unwrap())
        .unwrap();
    assert_eq!(der, s.sim.cert_der());
    assert_eq!(info["InstancePort"], s.sim.ssl_port());
    assert_eq!(info.as_object().unwrap().len(), 3);
    // klserver.cer is the PEM of the same certificate, where a real server keeps it.
    let path = s.sim.cert_path().to_path_buf();
    assert!(
        path.ends_with("1093/cert/klserver.cer"),
        "{}",
        path.display()
    );
    let pem = std::fs::read_to_string(&path).unwrap();
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"));
    assert_eq!(
        ksc_link::cert::load_certificate_file(&path).unwrap().der,
        der
    );
    // A domain account has no KLADMSRV_USERID.
    let mut d = Raw::connect(&s.sim).await;
    let r = d
        .post(
            "login",
            &[(
                "Authorization",
                &format!(
                    "KSCBasic user=\"{}\", pass=\"{}\", domain=\"CORP\", internal=\"0\"",
                    B64.encode("jdoe"),
                    B64.encode("Domain-Pass-1")
                ),
            )],
            "",
        )
        .await;
    assert_eq!(r.status, 200);
    let j = d
        .call("HostGroup.GetStaticInfo", r#"{"pValues":null}"#)
        .await;
    assert!(ret(&j).get("KLADMSRV_USERID").is_none());
}

// --- settings storage -------------------------------------------------------------------------

fn ss(host: &str, section: &str) -> serde_json::Map<String, Json> {
    let j = json!({"strHostName": host, "strType": "SS_SETTINGS", "strProduct": "1093",
                   "strVersion": "1.0.0.0", "strSection": section});
    j.as_object().unwrap().clone()
}

fn with(mut m: serde_json::Map<String, Json>, extra: Json) -> String {
    for (k, v) in extra.as_object().unwrap() {
        m.insert(k.clone(), v.clone());
    }
    Json::Object(m).to_string()
}

#[tokio::test]
async fn settings_storage_options_and_names() {
    let s = primary().await;
    let mut c = admin(&s.sim).await;
    let host = hostname(&mut c).await;
    let sec = "KLSRV_SIM_TEST";

    // Host name must be the server's own.
    let j = c
        .call("HostGroup.SS_Read", &with(ss("other-host", sec), json!({})))
        .await;
    assert_eq!(code_of(&j), 2);
    let j = c
        .call("HostGroup.SS_Read", &with(ss(&host, sec), json!({})))
        .await;
    assert_eq!(code_of(&j), 2);
    let write = |opt: i64, settings: Json| {
        with(
            ss(&host, sec),
            json!({"nOption": opt, "pSettings": settings}),
        )
    };
    // Writing needs the section.
    let j = c
        .call("HostGroup.SS_Write", &write(3, json!({"a": 1})))
        .await;
    assert_eq!(code_of(&j), 2);
    assert_eq!(
        c.call(
            "HostGroup.SS_CreateSection",
            &with(ss(&host, sec), json!({}))
        )
        .await,
        json!({})
    );
    // Creating it again is harmless.
    assert_eq!(
        c.call(
            "HostGroup.SS_CreateSection",
            &with(ss(&host, sec), json!({}))
        )
        .await,
        json!({})
    );

    async fn read_section(c: &mut Raw, host: &str, sec: &str) -> Json {
        let body = with(ss(host, sec), json!({}));
        ret(&c.call("HostGroup.SS_Read", &body).await).clone()
    }
    // 2 = add (must not exist).
    assert_eq!(
        c.call(
            "HostGroup.SS_Write",
            &write(2, json!({"a": 1, "l": {"type": "long", "value": 5}}))
        )
        .await,
        json!({})
    );
    assert_eq!(
        code_of(
            &c.call("HostGroup.SS_Write", &write(2, json!({"a": 2})))
                .await
        ),
        3
    );
    // 1 = update (must exist).
    assert_eq!(
        code_of(
            &c.call("HostGroup.SS_Write", &write(1, json!({"b": 2})))
                .await
        ),
        2
    );
    c.call("HostGroup.SS_Write", &write(1, json!({"a": 10})))
        .await;
    // 3 = replace (upsert).
    c.call("HostGroup.SS_Write", &write(3, json!({"b": "x", "a": 11})))
        .await;
    assert_eq!(
        read_section(&mut c, &host, sec).await,
        json!({"a": 11, "b": "x", "l": {"type": "long", "value": 5}})
    );
    // 4 = delete the named variables.
    c.call("HostGroup.SS_Write", &write(4, json!({"b": null})))
        .await;
    assert_eq!(
        code_of(
            &c.call("HostGroup.SS_Write", &write(4, json!({"zz": 0})))
                .await
        ),
        2
    );
    assert_eq!(
        read_section(&mut c, &host, sec).await,
        json!({"a": 11, "l": {"type": "long", "value": 5}})
    );
    // 7 = clear (section := pSettings).
    c.call("HostGroup.SS_Write", &write(7, json!({"only": true})))
        .await;
    assert_eq!(
        read_section(&mut c, &host, sec).await,
        json!({"only": true})
    );
    assert_eq!(
        code_of(&c.call("HostGroup.SS_Write", &write(5, json!({}))).await),
        4
    );

    // Names: products, versions, sections.
    let names = |product: &str, version: &str| {
        json!({"strHostName": host, "strType": "SS_SETTINGS", "strProduct": product,
               "strVersion": version})
        .to_string()
    };
    let j = c.call("HostGroup.SS_GetNames", &names("", "")).await;
    assert_eq!(ret(&j), &json!(["1093"]));
    let j = c.call("HostGroup.SS_GetNames", &names("1093", "")).await;
    assert_eq!(ret(&j), &json!(["1.0.0.0"]));
    let j = c
        .call("HostGroup.SS_GetNames", &names("1093", "1.0.0.0"))
        .await;
    assert_eq!(ret(&j), &json!(["KLSRV_MASTER_SRV", sec]));

    c.call(
        "HostGroup.SS_DeleteSection",
        &with(ss(&host, sec), json!({})),
    )
    .await;
    let j = c
        .call(
            "HostGroup.SS_DeleteSection",
            &with(ss(&host, sec), json!({})),
        )
        .await;
    assert_eq!(code_of(&j), 2);

    // Name rules: non-empty, at most 31 characters, none of /\:*?"<>.
    for bad in ["", "a/b", "a\\b", "a:b", "a*b", "a?b", "a\"b", "a<b", "a>b"] {
        let j = c
            .call(
                "HostGroup.SS_CreateSection",
                &with(ss(&host, bad), json!({})),
            )
            .await;
        assert_eq!(code_of(&j), 4, "{bad:?}");
        assert!(
            j["PxgError"]["message"]
                .as_str()
                .unwrap()
                .contains("strSection")
        );
    }
    let long = "S".repeat(32);
    let j = c
        .call(
            "HostGroup.SS_CreateSection",
            &with(ss(&host, &long), json!({})),
        )
        .await;
    assert_eq!(code_of(&j), 4);
    let ok = "S".repeat(31);
    c.call(
        "HostGroup.SS_CreateSection",
        &with(ss(&host, &ok), json!({})),
    )
    .await;
    let mut bad_type = ss(&host, "X");
    bad_type.insert("strType".into(), json!("SS_BOGUS"));
    let j = c
        .call("HostGroup.SS_Read", &Json::Object(bad_type).to_string())
        .await;
    assert_eq!(code_of(&j), 4);
}

#[tokio::test]
async fn master_srv_section_is_validated() {
    let s = secondary().await;
    let p = primary().await;
    let mut c = admin(&s.sim).await;
    let host = hostname(&mut c).await;
    let sec = master_srv::SECTION;
    let cert_b64 = B64.encode(p.sim.cert_der());
    let pem = std::fs::read(p.sim.cert_path()).unwrap();
    let write = |opt: i64, settings: Json| {
        with(
            ss(&host, sec),
            json!({"nOption": opt, "pSettings": settings}),
        )
    };
    let rx = s.sim.state().subscribe_hierarchy();

    let bad = [
        json!({"KLSRV_MASTER_SRV_USE": 1}),
        json!({"KLSRV_MASTER_SRV_USE": "true"}),
        json!({"KLSRV_MASTER_SRV_ADDR": 5}),
        json!({"KLSRV_MASTER_SRV_ADDR": "ftp://x"}),
        json!({"KLSRV_MASTER_SRV_PORTS": 13000}),
        json!({"KLSRV_MASTER_SRV_PORTS": ["13000"]}),
        json!({"KLSRV_MASTER_SRV_PORTS": [0]}),
        json!({"KLSRV_MASTER_SRV_SSL_CERT": cert_b64}),
        json!({"KLSRV_MASTER_SRV_SSL_CERT": {"type": "binary", "value": "AAEC"}}),
        json!({"KLSRV_MASTER_SRV_PASSIVE_SLAVE": "no"}),
        json!({"KLSRV_MASTER_SRV_PROXYHOST_USE": 0}),
        json!({"KLSRV_MASTER_SRV_PROXYHOST_LOCATION": "proxy-without-port"}),
        json!({"KLSRV_MASTER_SRV_PROXYHOST_PASSWORD": "plain text"}),
        // Secondary of what? No address / no certificate.
        json!({"KLSRV_MASTER_SRV_USE": true}),
        json!({"KLSRV_MASTER_SRV_USE": true, "KLSRV_MASTER_SRV_ADDR": "ksc-hq.corp.example"}),
    ];
    for b in bad {
        let j = c.call("HostGroup.SS_Write", &write(7, b.clone())).await;
        let code = code_of(&j);
        assert!(code == 4 || code == 1205, "{b}: {j}");
        let name = b.as_object().unwrap().keys().next_back().unwrap().clone();
        let msg = j["PxgError"]["message"].as_str().unwrap();
        assert!(
            msg.contains(&name) || msg.contains("KLSRV_MASTER_SRV_"),
            "{b}: {msg}"
        );
    }
    assert!(!rx.has_changed().unwrap());

    // Both address forms, DER and PEM certificates, ports and a protected proxy password.
    let protected = c
        .call(
            "DataProtectionApi.ProtectUtf8StringForHost",
            &json!({"szwHostId": host, "szwPlainText": "pr0xy-pässword"}).to_string(),
        )
        .await;
    let protected = ret(&protected).as_str().unwrap().to_string();
    for (addr, cert) in [
        (
            "https://ksc-hq.corp.example:13000",
            B64.encode(p.sim.cert_der()),
        ),
        ("ksc-hq.corp.example", B64.encode(&pem)),
    ] {
        let j = c
            .call(
                "HostGroup.SS_Write",
                &write(
                    7,
                    json!({
                        "KLSRV_MASTER_SRV_USE": true,
                        "KLSRV_MASTER_SRV_ADDR": addr,
                        "KLSRV_MASTER_SRV_PORTS": [13000, 13291],
                        "KLSRV_MASTER_SRV_SSL_CERT": {"type": "binary", "value": cert},
                        "KLSRV_MASTER_SRV_PASSIVE_SLAVE": false,
                        "KLSRV_MASTER_SRV_PROXYHOST_USE": true,
                        "KLSRV_MASTER_SRV_PROXYHOST_LOCATION": "proxy.corp.example:3128",
                        "KLSRV_MASTER_SRV_PROXYHOST_LOGIN": "svc-ksc",
                        "KLSRV_MASTER_SRV_PROXYHOST_PASSWORD": {"type": "binary", "value": protected},
                    }),
                ),
            )
            .await;
        assert_eq!(j, json!({}), "{addr}");
    }
    assert!(rx.has_changed().unwrap());
    let section = s.sim.state().master_srv_section().unwrap();
    assert_eq!(section.get_bool(master_srv::USE), Some(true));
    assert_eq!(
        section.get(master_srv::PORTS),
        Some(&Value::Array(vec![Value::Int(13000), Value::Int(13291)]))
    );
    let pw = section.get_binary(master_srv::PROXY_PASSWORD).unwrap();
    assert_eq!(
        s.sim.state().unprotect_password(&pw).unwrap().expose(),
        "pr0xy-pässword"
    );
    // The primary cannot read what the secondary protected.
    assert!(p.sim.state().unprotect_password(&pw).is_err());
    // Update of one variable keeps the others (the section stays complete).
    c.call(
        "HostGroup.SS_Write",
        &write(1, json!({"KLSRV_MASTER_SRV_PASSIVE_SLAVE": true})),
    )
    .await;
    assert_eq!(
        s.sim
            .state()
            .master_srv_section()
            .unwrap()
            .get_bool(master_srv::PASSIVE_SLAVE),
        Some(true)
    );
    // Removal as the official sample does it.
    let j = c
        .call(
            "HostGroup.SS_Write",
            &write(7, json!({"KLSRV_MASTER_SRV_USE": false})),
        )
        .await;
    assert_eq!(j, json!({}));
    assert_eq!(
        s.sim.state().master_srv_section().unwrap(),
        Params::new().with(master_srv::USE, false)
    );
}

// --- ServerHierarchy --------------------------------------------------------------------------

#[tokio::test]
async fn server_hierarchy_methods() {
    let p = primary().await;
    let sec = secondary().await;
    let other = secondary().await;
    let mut c = admin(&p.sim).await;
    let target = group_id(&mut c, 0, "Servers").await;
    let target = group_id(&mut c, target, "Secondary servers").await;
    let der = sec.sim.cert_der().to_vec();
    let register = |name: &str, group: i64, cert: &[u8], addr: &str| {
        json!({"wstrDisplName": name, "nGroupId": group, "pCertificate": B64.encode(cert),
               "wstrNetAddress": addr, "pAdditionalInfo": {}})
        .to_string()
    };
    let j = c
        .call(
            "ServerHierarchy.RegisterServer",
            &register("Berlin", target, &der, ""),
        )
        .await;
    let id = ret(&j).as_i64().unwrap();
    assert_eq!(j.as_object().unwrap().len(), 1);

    // Errors: same name in the group, same certificate, bad certificate, bad address, no group.
    let pem = std::fs::read(other.sim.cert_path()).unwrap();
    for (body, code) in [
        (register("Berlin", target, other.sim.cert_der(), ""), 3),
        (register("Berlin 2", target, &der, ""), 3),
        (register("Bad", target, b"not a certificate", ""), 4),
        (
            register("Bad", target, other.sim.cert_der(), "secondary:13000"),
            4,
        ),
        (
            register("Bad", target, other.sim.cert_der(), "http://secondary"),
            4,
        ),
        (register("Bad", 999, other.sim.cert_der(), ""), 2),
        (register("", target, other.sim.cert_der(), ""), 4),
        (r#"{"wstrDisplName": "x", "nGroupId": 0}"#.to_string(), 4),
    ] {
        let j = c.call("ServerHierarchy.RegisterServer", &body).await;
        assert_eq!(code_of(&j), code, "{body}");
    }
    let j = c
        .call(
            "ServerHierarchy.RegisterServer",
            r#"{"wstrDisplName": "x", "nGroupId": 0, "pCertificate": 5, "wstrNetAddress": "", "pAdditionalInfo": {}}"#,
        )
        .await;
    assert!(
        j["PxgError"]["message"]
            .as_str()
            .unwrap()
            .contains("pCertificate")
    );
    // A passive (DMZ) secondary, certificate as PEM.
    let j = c
        .call(
            "ServerHierarchy.RegisterServer",
            &register("DMZ", target, &pem, "http://dmz-ksc.corp.example:13000"),
        )
        .await;
    let dmz = ret(&j).as_i64().unwrap();

    let j = c
        .call("ServerHierarchy.GetChildServers", r#"{"nGroupId": -1}"#)
        .await;
    let list = ret(&j).as_array().unwrap();
    assert_eq!(list.len(), 2);
    let first = &list[0];
    assert_eq!(first["type"], "params");
    let v = &first["value"];
    assert_eq!(v["KLSRVH_SRV_ID"], id);
    assert_eq!(v["KLSRVH_SRV_DN"], "Berlin");
    assert_eq!(v["KLSRVH_SRV_GROUPID"], target);
    assert_eq!(v["KLSRVH_SRV_STATUS"], 0);
    assert_eq!(v["KLSRVH_SRV_PASSIVE"], false);
    for k in [
        "KLSRVH_SRV_ADDR",
        "KLSRVH_SRV_INST_ID",
        "KLSRVH_SRV_VERSION",
        "KLSRVH_SRV_MASTER_ADDR",
    ] {
        assert!(v.get(k).is_some(), "{k}");
    }
    assert!(v.get("KLSRVH_SRV_CERTIFICATE").is_none());
    let j = c
        .call(
            "ServerHierarchy.GetChildServers",
            &json!({ "nGroupId": 0 }).to_string(),
        )
        .await;
    assert_eq!(ret(&j), &json!([]));
    let j = c
        .call("ServerHierarchy.GetChildServers", r#"{"nGroupId": 999}"#)
        .await;
    assert_eq!(code_of(&j), 2);

    let md5 = ksc_link::cert::parse_certificate(&der).unwrap().md5_hex();
    let j = c
        .call(
            "ServerHierarchy.GetServerInfo",
            &json!({"lServer": id, "pFields": ["KLSRVH_SRV_PUBLIC_KEY_HASH", "KLSRVH_SRV_CERTIFICATE", "KLSRVH_SRV_DN"]}).to_string(),
        )
        .await;
    let info = ret(&j);
    assert_eq!(info["KLSRVH_SRV_PUBLIC_KEY_HASH"], md5);
    assert_eq!(info["KLSRVH_SRV_CERTIFICATE"]["type"], "binary");
    assert_eq!(info.as_object().unwrap().len(), 3);
    let j = c
        .call(
            "ServerHierarchy.GetServerInfo",
            &json!({"lServer": dmz, "pFields": ["KLSRVH_SRV_PASSIVE", "KLSRVH_SRV_ADDR"]})
                .to_string(),
        )
        .await;
    assert_eq!(
        ret(&j),
        &json!({"KLSRVH_SRV_PASSIVE": true, "KLSRVH_SRV_ADDR": "dmz-ksc.corp.example:13000"})
    );
    // The link finds a connecting secondary by its certificate (DER or PEM).
    let state = p.sim.state();
    assert_eq!(
        state.find_secondary_by_certificate(&der).unwrap().id,
        id as i32
    );
    assert_eq!(
        state.find_secondary_by_certificate(&pem).unwrap().id,
        dmz as i32
    );

    // UpdateServer: display name and group only.
    let branches = group_id(&mut c, 0, "Branch offices").await;
    let berlin = group_id(&mut c, branches, "Berlin").await;
    let j = c
        .call(
            "ServerHierarchy.UpdateServer",
            &json!({"lServer": id, "pInfo": {"KLSRVH_SRV_DN": "Berlin HQ", "KLSRVH_SRV_GROUPID": berlin}}).to_string(),
        )
        .await;
    assert_eq!(j, json!({}));
    for (info, code) in [
        (json!({"KLSRVH_SRV_ADDR": "x:1"}), 4),
        (json!({"KLSRVH_SRV_GROUPID": 999}), 2),
        (json!({"KLSRVH_SRV_DN": 5}), 4),
        (
            json!({"KLSRVH_SRV_DN": "DMZ", "KLSRVH_SRV_GROUPID": target}),
            3,
        ),
    ] {
        let j = c
            .call(
                "ServerHierarchy.UpdateServer",
                &json!({"lServer": id, "pInfo": info}).to_string(),
            )
            .await;
        assert_eq!(code_of(&j), code, "{info}");
    }

    // FindSlaveServers over ChunkAccessor.
    let find = |filter: &str, order: Json| {
        json!({"wstrFilter": filter,
               "pFieldsToReturn": ["KLSRVH_SRV_ID", "KLSRVH_SRV_DN", "KLSRVH_SRV_GROUPID", "KLSRVH_SRV_STATUS", "name", "KLHST_WKS_CREATED"],
               "pFieldsToOrder": order, "pParams": {}, "lMaxLifeTime": 60})
        .to_string()
    };
    let j = c
        .call(
            "ServerHierarchy.FindSlaveServers",
            &find(
                "(KLSRVH_SRV_GROUPID_GP=0)",
                json!([{"type":"params","value":{"Name":"KLSRVH_SRV_DN","Asc":true}}]),
            ),
        )
        .await;
    assert_eq!(ret(&j), 2);
    let it = j["wstrIterator"].as_str().unwrap();
    let chunk = c
        .call(
            "ChunkAccessor.GetItemsChunk",
            &json!({"strAccessor": it, "nStart": 0, "nCount": 10}).to_string(),
        )
        .await;
    let items = chunk["pChunk"]["KLCSP_ITERATOR_ARRAY"].as_array().unwrap();
    assert_eq!(items[0]["value"]["KLSRVH_SRV_DN"], "Berlin HQ");
    assert_eq!(items[0]["value"]["name"], "Berlin");
    assert_eq!(items[0]["value"]["KLHST_WKS_CREATED"]["type"], "datetime");
    assert_eq!(items[1]["value"]["name"], "Secondary servers");
    for (filter, n) in [
        (format!("(KLSRVH_SRV_GROUPID_GP={berlin})"), 1),
        (format!("(KLSRVH_SRV_GROUPID={target})"), 1),
        ("(KLSRVH_SRV_DN=\"DM*\")".to_string(), 1),
        ("(&(KLSRVH_SRV_STATUS=0)(KLSRVH_SRV_ID>0))".to_string(), 2),
        ("(KLSRVH_SRV_STATUS=1)".to_string(), 0),
        (String::new(), 2),
    ] {
        let j = c
            .call(
                "ServerHierarchy.FindSlaveServers",
                &find(&filter, json!([])),
            )
            .await;
        assert_eq!(ret(&j), n, "{filter}");
    }
    let j = c
        .call(
            "ServerHierarchy.FindSlaveServers",
            &find(
                "",
                json!([{"type":"params","value":{"Name":"KLSRVH_SRV_VERSION","Asc":true}}]),
            ),
        )
        .await;
    assert_eq!(code_of(&j), 4);

    // DelServer.
    assert_eq!(
        c.call(
            "ServerHierarchy.DelServer",
            &json!({ "lServer": id }).to_string()
        )
        .await,
        json!({})
    );
    let j = c
        .call(
            "ServerHierarchy.GetServerInfo",
            &json!({"lServer": id, "pFields": []}).to_string(),
        )
        .await;
    assert_eq!(code_of(&j), 2);
    let j = c
        .call(
            "ServerHierarchy.DelServer",
            &json!({ "lServer": id }).to_string(),
        )
        .await;
    assert_eq!(code_of(&j), 2);
}

// --- Policy, Tasks, DataProtectionApi ---------------------------------------------------------

#[tokio::test]
async fn policies_and_tasks_own_and_inherited() {
    let p = primary().await;
    let s = secondary().await;
    let mut c = admin(&p.sim).await;
    let j = c
        .call("Policy.GetPoliciesForGroup", r#"{"nGroupId": 0}"#)
        .await;
    let pols = ret(&j).as_array().unwrap();
    let kes = pols
        .iter()
        .map(|p| &p["value"])
        .find(|v| v["KLPOL_DN"] == "Kaspersky Endpoint Security for Windows (12.x)")
        .unwrap();
    assert_eq!(kes["KLPOL_PRODUCT"], "KES");
    assert_eq!(kes["KLPOL_INHERITED"], false);
    assert_eq!(kes["KLPOL_GROUP_ID"], 0);
    assert_eq!(kes["KLPOL_CREATED"]["type"], "datetime");
    let kes_id = kes["KLPOL_ID"].as_i64().unwrap();
    let j = c
        .call("Policy.GetPoliciesForGroup", r#"{"nGroupId": -1}"#)
        .await;
    assert_eq!(ret(&j).as_array().unwrap().len(), 5);
    let j = c
        .call(
            "Policy.GetPolicyData",
            &json!({ "nPolicy": kes_id }).to_string(),
        )
        .await;
    assert_eq!(ret(&j)["KLPOL_ID"], kes_id);
    let j = c.call("Policy.GetPolicyData", r#"{"nPolicy": 999}"#).await;
    assert_eq!(code_of(&j), 2);
    let branches = group_id(&mut c, 0, "Branch offices").await;
    let berlin = group_id(&mut c, branches, "Berlin").await;
    let j = c
        .call(
            "Policy.GetEffectivePoliciesForGroup",
            &json!({ "nGroupId": berlin }).to_string(),
        )
        .await;
    let eff = ret(&j).as_array().unwrap();
    // The inactive Linux policy of "Branch offices" does not apply.
    assert_eq!(eff.len(), 2, "{eff:?}");
    assert!(eff.iter().all(|p| p["value"]["KLPOL_INHERITED"] == true));

    // Tasks of the root group, then with the groups above.
    let reset = |group: i64, supergroups: bool| {
        json!({"nGroupId": group, "bGroupIdSignificant": true, "strProductName": "",
               "strVersion": "", "strComponentName": "", "strInstanceId": "", "strTaskName": "",
               "bIncludeSupergroups": supergroups})
        .to_string()
    };
    let root_tasks = tasks_of(&mut c, reset(0, false)).await;
    assert_eq!(root_tasks.len(), 2);
    let t = &root_tasks[0];
    assert_eq!(t["TASK_NAME"], "Updater");
    assert_eq!(t["TASK_INFO_PARAMS"]["type"], "params");
    assert_eq!(t["TASK_INFO_PARAMS"]["value"]["DisplayName"], "Update");
    assert_eq!(t["TASK_INFO_PARAMS"]["value"]["PRTS_TASK_GROUPID"], 0);
    assert_eq!(tasks_of(&mut c, reset(berlin, false)).await.len(), 0);
    assert_eq!(tasks_of(&mut c, reset(berlin, true)).await.len(), 3);
    let task_id = t["TASK_UNIQUE_ID"].as_str().unwrap();
    let j = c
        .call("Tasks.GetTask", &json!({ "strTask": task_id }).to_string())
        .await;
    assert_eq!(ret(&j)["TASK_UNIQUE_ID"], task_id);
    let j = c
        .call(
            "Tasks.GetTaskGroup",
            &json!({ "strTaskId": task_id }).to_string(),
        )
        .await;
    assert_eq!(j, json!({"PxgRetVal": 0}));
    let j = c.call("Tasks.GetTask", r#"{"strTask": "nope"}"#).await;
    assert_eq!(code_of(&j), 2);

    // What a primary would send to a secondary registered in Berlin, stored on the secondary.
    let j = c
        .call(
            "ServerHierarchy.RegisterServer",
            &json!({"wstrDisplName": "Berlin", "nGroupId": berlin,
                    "pCertificate": B64.encode(s.sim.cert_der()), "wstrNetAddress": "",
                    "pAdditionalInfo": {}})
            .to_string(),
        )
        .await;
    let sid = ret(&j).as_i64().unwrap() as i32;
    let pstate = p.sim.state();
    let sent_p = pstate.policies_for_secondary(sid);
    let sent_t = pstate.tasks_for_secondary(sid);
    assert_eq!(sent_p.len(), 2);
    assert!(sent_p.iter().all(|p| !p.hide_on_slaves && p.active));
    assert_eq!(sent_t.len(), 3);
    s.sim.state().store_inherited(sent_p, sent_t).unwrap();

    let mut sc = admin(&s.sim).await;
    let sup = ret(&sc.call("HostGroup.GroupIdSuper", "{}").await).clone();
    let j = sc
        .call(
            "Policy.GetPoliciesForGroup",
            &json!({ "nGroupId": sup }).to_string(),
        )
        .await;
    let inh = ret(&j).as_array().unwrap();
    assert_eq!(inh.len(), 2);
    assert!(inh.iter().all(|p| p["value"]["KLPOL_INHERITED"] == true));
    let j = sc
        .call("Policy.GetEffectivePoliciesForGroup", r#"{"nGroupId": 0}"#)
        .await;
    let eff = ret(&j).as_array().unwrap();
    assert_eq!(eff.len(), 4);
    let own: Vec<_> = eff
        .iter()
        .filter(|p| p["value"]["KLPOL_INHERITED"] == false)
        .collect();
    assert_eq!(own.len(), 2);
    assert_eq!(tasks_of(&mut sc, reset(0, false)).await.len(), 1);
    let with_inherited = tasks_of(&mut sc, reset(0, true)).await;
    assert_eq!(with_inherited.len(), 4);
    assert_eq!(
        with_inherited
            .iter()
            .filter(|t| t["TASK_INFO_PARAMS"]["value"]["PRTS_TASK_GROUPID"] == sup)
            .count(),
        3
    );
}

#[tokio::test]
async fn data_protection() {
    let s = primary().await;
    let mut c = admin(&s.sim).await;
    let host = hostname(&mut c).await;
    let state = s.sim.state();
    let j = c
        .call(
            "DataProtectionApi.ProtectUtf8StringGlobally",
            r#"{"szwPlainText": "секрет"}"#,
        )
        .await;
    let blob = B64.decode(ret(&j).as_str().unwrap()).unwrap();
    assert_eq!(state.unprotect_password(&blob).unwrap().expose(), "секрет");
    let j = c
        .call(
            "DataProtectionApi.ProtectUtf16StringForHost",
            &json!({"szwHostId": host, "szwPlainText": "utf16"}).to_string(),
        )
        .await;
    let blob = B64.decode(ret(&j).as_str().unwrap()).unwrap();
    assert_eq!(state.unprotect_password(&blob).unwrap().expose(), "utf16");
    let j = c
        .call(
            "DataProtectionApi.ProtectDataGlobally",
            &json!({ "pData": B64.encode([0u8, 1, 2]) }).to_string(),
        )
        .await;
    assert!(j.get("PxgRetVal").is_none());
    let blob = B64.decode(j["pDataProtected"].as_str().unwrap()).unwrap();
    assert_eq!(state.unprotect(&blob).unwrap(), [0, 1, 2]);
    let j = c
        .call(
            "DataProtectionApi.ProtectDataForHost",
            &json!({"szwHostId": host, "pData": B64.encode(b"x")}).to_string(),
        )
        .await;
    assert!(j["pDataProtected"].is_string());
    let j = c
        .call(
            "DataProtectionApi.ProtectUtf8StringForHost",
            r#"{"szwHostId": "some-other-host", "szwPlainText": "x"}"#,
        )
        .await;
    assert_eq!(code_of(&j), 1258);
}

// --- HTTP rules -------------------------------------------------------------------------------

#[tokio::test]
async fn compression_only_when_asked() {
    let s = primary().await;
    let mut c = admin(&s.sim).await;
    let r = c.post("HostGroup.GroupIdGroups", &[], "{}").await;
    assert_eq!(r.header("content-encoding"), None);
    assert_eq!(r.json(), json!({"PxgRetVal": 0}));
    for enc in ["gzip", "deflate", "gzip, deflate"] {
        let r = c
            .post("HostGroup.GroupIdGroups", &[("Accept-Encoding", enc)], "{}")
            .await;
        assert_eq!(r.status, 200);
        let used = r.header("content-encoding").unwrap();
        assert!(enc.contains(used), "{enc} -> {used}");
        assert_ne!(r.raw_body, b"{\"PxgRetVal\":0}");
        assert_eq!(r.json(), json!({"PxgRetVal": 0}));
    }
    let r = c
        .post(
            "HostGroup.GetSubgroups",
            &[("Accept-Encoding", "identity")],
            r#"{"nGroupId":0,"nDepth":0}"#,
        )
        .await;
    assert_eq!(r.header("content-encoding"), None);
    // reqwest with its own gzip handling reads the same reply.
    let http = {
        let cfg = ksc_link::tls::client_config(ksc_link::tls::Pin::of_der(s.sim.cert_der()), None)
            .unwrap();
        reqwest::Client::builder()
            .tls_backend_preconfigured((*cfg).clone())
            .no_proxy()
            .build()
            .unwrap()
    };
    let sid = http
        .post(format!("{}/api/v1.0/Session.StartSession", s.sim.api_url()))
        .header("Authorization", basic("admin", ADMIN_PASSWORD))
        .send()
        .await
        .unwrap()
        .json::<Json>()
        .await
        .unwrap()["PxgRetVal"]
        .as_str()
        .unwrap()
        .to_string();
    let j: Json = http
        .post(format!(
            "{}/api/v1.0/HostGroup.GetSubgroups",
            s.sim.api_url()
        ))
        .header("X-KSC-Session", sid)
        .json(&json!({"nGroupId": 0, "nDepth": 0}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(ret(&j).as_array().unwrap().len() >= 3);
}

#[tokio::test]
async fn request_forms_and_http_errors() {
    let s = primary().await;
    let mut c = admin(&s.sim).await;
    let port = s.sim.api_port();

    // Chunked request body.
    let body = r#"{"nGroupId": 0, "nDepth": 1}"#;
    let (a, b) = body.split_at(10);
    let req = format!(
        "POST /api/v1.0/HostGroup.GetSubgroups HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{a}\r\n{:x}\r\n{b}\r\n0\r\n\r\n",
        a.len(),
        b.len()
    );
    let r = c.send(req.as_bytes()).await;
    assert_eq!(r.status, 200);
    assert!(ret(&r.json()).as_array().unwrap().len() >= 3);

    // No body at all, and Content-Length: 0, for a method without parameters.
    let req = format!(
        "POST /api/v1.0/HostGroup.GroupIdGroups HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    );
    assert_eq!(c.send(req.as_bytes()).await.json(), json!({"PxgRetVal": 0}));
    let req = format!(
        "POST /api/v1.0/HostGroup.GroupIdGroups HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\n\r\n"
    );
    assert_eq!(c.send(req.as_bytes()).await.json(), json!({"PxgRetVal": 0}));

    // GET → 405.
    let req =
        format!("GET /api/v1.0/HostGroup.GroupIdGroups HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n");
    let r = c.send(req.as_bytes()).await;
    assert_eq!(r.status, 405);
    assert_eq!(r.header("allow"), Some("POST"));
    // Wrong content type → 415.
    let req = format!(
        "POST /api/v1.0/HostGroup.GroupIdGroups HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\n{{}}"
    );
    let r = c.send(req.as_bytes()).await;
    assert_eq!(r.status, 415);
    assert!(r.header("content-type").unwrap().starts_with("text/plain"));
    // Outside the API → 404.
    let req =
        format!("POST /other HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\n\r\n");
    assert_eq!(c.send(req.as_bytes()).await.status, 404);

    // Instance prefix; exact case; unknown class and method.
    assert_eq!(
        c.call("srv.HostGroup.GroupIdGroups", "{}").await,
        json!({"PxgRetVal": 0})
    );
    for name in [
        "hostgroup.groupidgroups",
        "HostGroup.groupIdGroups",
        "HostGroup.NoSuchMethod",
        "NoSuchClass.Method",
        "HostGroup",
    ] {
        let j = c.call(name, "{}").await;
        assert_eq!(code_of(&j), 9, "{name}");
        assert!(
            j["PxgError"]["message"].as_str().unwrap().contains(name),
            "{name}: {j}"
        );
    }
    // Body must be a JSON object; parameters are checked and named.
    for (body, needle) in [
        ("[1]", "body"),
        ("not json", "body"),
        ("{}", "nGroupId"),
        (r#"{"nGroupId": "0", "nDepth": 0}"#, "nGroupId"),
        (r#"{"nGroupId": 0, "nDepth": true}"#, "nDepth"),
        (r#"{"nGroupId": 0}"#, "nDepth"),
    ] {
        let j = c.call("HostGroup.GetSubgroups", body).await;
        assert_eq!(code_of(&j), 4, "{body}");
        assert!(
            j["PxgError"]["message"].as_str().unwrap().contains(needle),
            "{body}: {j}"
        );
    }
    // The connection survived all of that.
    assert_eq!(
        c.call("HostGroup.GroupIdGroups", "{}").await,
        json!({"PxgRetVal": 0})
    );
}

// --- persistence ------------------------------------------------------------------------------

#[tokio::test]
async fn restart_keeps_state_and_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let other = secondary().await;
    let mut cfg = KscSimConfig::new(dir.path());
    cfg.seed_text = Some(seed::PRIMARY.to_string());
    let sim = start(cfg.clone()).await.unwrap();
    let der = sim.cert_der().to_vec();
    let mut c = admin(&sim).await;
    let host = hostname(&mut c).await;
    let j = c
        .call(
            "HostGroup.AddGroup",
            r#"{"pInfo": {"name": "Added before restart", "parentId": 0}}"#,
        )
        .await;
    let gid = ret(&j).as_i64().unwrap();
    let j = c
        .call(
            "ServerHierarchy.RegisterServer",
            &json!({"wstrDisplName": "Kept", "nGroupId": gid,
                    "pCertificate": B64.encode(other.sim.cert_der()), "wstrNetAddress": "",
                    "pAdditionalInfo": {}})
            .to_string(),
        )
        .await;
    let srv = ret(&j).as_i64().unwrap();
    c.call(
        "HostGroup.SS_Write",
        &with(
            ss(&host, master_srv::SECTION),
            json!({"nOption": 3, "pSettings": {"KLSRV_MASTER_SRV_PASSIVE_SLAVE": true}}),
        ),
    )
    .await;
    sim.state().log_link_event("connected").unwrap();
    drop(c);
    sim.shutdown().await;

    // The seed is ignored now: the state directory has state.
    cfg.seed_text = Some(seed::SECONDARY.to_string());
    let sim = start(cfg).await.unwrap();
    assert_eq!(sim.cert_der(), der);
    let mut c = admin(&sim).await;
    assert_eq!(hostname(&mut c).await, host);
    assert_eq!(group_id(&mut c, 0, "Added before restart").await, gid);
    assert!(group_id(&mut c, 0, "Branch offices").await > 0);
    let j = c
        .call(
            "ServerHierarchy.GetServerInfo",
            &json!({"lServer": srv, "pFields": ["KLSRVH_SRV_DN"]}).to_string(),
        )
        .await;
    assert_eq!(ret(&j), &json!({"KLSRVH_SRV_DN": "Kept"}));
    let j = c
        .call(
            "HostGroup.SS_Read",
            &with(ss(&host, master_srv::SECTION), json!({})),
        )
        .await;
    assert_eq!(ret(&j)["KLSRV_MASTER_SRV_PASSIVE_SLAVE"], true);
    assert_eq!(sim.state().link_events()[0].text, "connected");
    // Sessions do not survive a restart.
    assert_eq!(sim.state().session_count(), 1);
    sim.shutdown().await;
}

#[tokio::test]
async fn ssl_listener_is_handed_out_once() {
    let s = primary().await;
    let l = s.sim.take_ssl_listener().unwrap();
    assert_eq!(l.local_addr().unwrap().port(), s.sim.ssl_port());
    assert!(s.sim.take_ssl_listener().is_none());
    assert_ne!(s.sim.ssl_port(), s.sim.api_port());
    assert!(s.sim.api_url().starts_with("https://127.0.0.1:"));
}

async fn tasks_of(c: &mut Raw, body: String) -> Vec<Json> {
    let j = c.call("Tasks.ResetTasksIterator", &body).await;
    assert!(j.get("PxgRetVal").is_none());
    let it = j["strTaskIteratorId"].as_str().unwrap().to_string();
    let mut out = Vec::new();
    loop {
        let j = c
            .call(
                "Tasks.GetNextTask",
                &json!({ "strTaskIteratorId": it }).to_string(),
            )
            .await;
        let t = j["pTaskData"].clone();
        if t.as_object().unwrap().is_empty() {
            break;
        }
        out.push(t);
    }
    c.call(
        "Tasks.ReleaseTasksIterator",
        &json!({ "strTaskIteratorId": it }).to_string(),
    )
    .await;
    out
}
