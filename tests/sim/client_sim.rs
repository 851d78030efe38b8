//! The KSC Open API client against the simulated Administration Server, over real pinned TLS on
//! 127.0.0.1: logins (password, virtual server, two-step verification), session renewal and
//! end, connection failures, and every typed method.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::sim_support;

use ksc_link::kloapi::host_group::SERVER_HOSTNAME;
use ksc_link::kloapi::{
    BasicCredentials, ConnectOptions, KscClient, KscError, LoginOutcome, MasterSrvSection,
    ServerStatus, SortField, SsPath, SsWriteMode,
};
use ksc_link::net::Step;
use ksc_link::secrets::Secret;
use ksc_link::tls::Pin;
use ksc_link::wire::error::codes;
use ksc_link::wire::{Params, Value, srvh};
use sim_support::{ADMIN_PASSWORD, Sim, T, primary, secondary, totp_code, wrong_code};

const TWOFA_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

fn options(port: u16, pin: Pin) -> ConnectOptions {
    let mut o = ConnectOptions::new("127.0.0.1", pin);
    o.port = port;
    o.connect_timeout = T;
    o.request_timeout = T;
    o
}

fn client(s: &Sim, vserver: Option<&str>) -> KscClient {
    let mut o = options(s.sim.api_port(), Pin::of_der(s.sim.cert_der()));
    o.vserver = vserver.map(str::to_string);
    KscClient::new(o).unwrap()
}

fn creds(user: &str, password: &str) -> BasicCredentials {
    BasicCredentials {
        user: user.to_string(),
        password: password.to_string(),
        domain: String::new(),
        internal: true,
    }
}

async fn admin(s: &Sim) -> KscClient {
    let c = client(s, None);
    assert_eq!(
        c.login(&creds("admin", ADMIN_PASSWORD)).await.unwrap(),
        LoginOutcome::LoggedIn
    );
    c
}

async fn stop(s: Sim) {
    let Sim { sim, dir } = s;
    sim.shutdown().await;
    drop(dir);
}

/// A throwaway self-signed certificate (DER), standing in for a secondary's.
fn some_certificate(name: &str) -> Vec<u8> {
    rcgen::generate_simple_self_signed(vec![name.to_string()])
        .unwrap()
        .cert
        .der()
        .to_vec()
}

// --- login and sessions -----------------------------------------------------------------------

#[tokio::test]
async fn login_then_calls_then_close() {
    let s = primary().await;
    let c = admin(&s).await;
    assert!(c.is_logged_in());
    let root = c.host_group().group_id_groups().await.unwrap();
    let info = c.host_group().static_info().await.unwrap();
    assert_eq!(info.root_group, Some(root));
    assert!(!info.is_virtual);
    assert_eq!(s.sim.state().session_count(), 1);

    c.close().await.unwrap();
    assert_eq!(
        s.sim.state().session_count(),
        0,
        "EndSession reached the server"
    );
    // The server refuses the ended session, and the client does not log in again.
    let e = c.host_group().group_id_groups().await.unwrap_err();
    assert!(matches!(e, KscError::SessionEnded { .. }), "{e:?}");
    assert!(e.to_string().contains("HostGroup.GroupIdGroups"), "{e}");
    assert_eq!(s.sim.state().session_count(), 0);
    stop(s).await;
}

#[tokio::test]
async fn wrong_password_is_typed_and_never_printed() {
    let s = primary().await;
    let c = client(&s, None);
    let e = c
        .login(&creds("admin", "Not-The-Password-42"))
        .await
        .unwrap_err();
    let KscError::WrongCredentials { ref user, ref at } = e else {
        panic!("{e:?}")
    };
    assert_eq!(user, "admin");
    assert_eq!(at.port, s.sim.api_port());
    let text = format!("{e} {e:?}");
    assert!(
        text.contains(&format!("127.0.0.1:{}", s.sim.api_port())),
        "{text}"
    );
    assert!(!text.contains("Not-The-Password-42"), "{text}");
    assert!(!c.is_logged_in());
    let e = c.host_group().group_id_groups().await.unwrap_err();
    assert!(matches!(e, KscError::NotLoggedIn { .. }), "{e:?}");
    stop(s).await;
}

#[tokio::test]
async fn virtual_server_login() {
    let s = primary().await;
    let main = admin(&s).await;
    let vs = main.vservers().get_vservers(-1).await.unwrap();
    let a = vs.iter().find(|v| v.display_name == "Customer A").unwrap();

    let c = client(&s, Some("Customer A"));
    assert_eq!(c.vserver(), Some("Customer A"));
    assert_eq!(
        c.login(&creds("tenant-admin", "Tenant-A-2024"))
            .await
            .unwrap(),
        LoginOutcome::LoggedIn
    );
    let info = c.host_group().static_info().await.unwrap();
    assert!(info.is_virtual);
    assert_eq!(info.vserver_id, Some(a.id));
    assert_eq!(info.root_group, a.groups);
    // The tenant's account is not valid on another virtual server.
    let other = client(&s, Some("Customer B"));
    let e = other
        .login(&creds("tenant-admin", "Tenant-A-2024"))
        .await
        .unwrap_err();
    assert!(matches!(e, KscError::WrongCredentials { .. }), "{e:?}");
    stop(s).await;
}

#[tokio::test]
async fn two_step_verification_with_a_wrong_then_a_right_code() {
    let s = primary().await;
    let c = client(&s, None);
    assert_eq!(
        c.login(&creds("twofa", "TwoFactor-2024")).await.unwrap(),
        LoginOutcome::CodeRequired { length: 6 }
    );
    assert!(c.awaits_code());
    let e = c.host_group().group_id_groups().await.unwrap_err();
    assert!(
        matches!(e, KscError::CodeRequired { length: 6, .. }),
        "{e:?}"
    );
    assert_eq!(
        c.submit_code(&wrong_code(TWOFA_SECRET)).await.unwrap(),
        LoginOutcome::WrongCode { length: 6 }
    );
    assert_eq!(
        c.submit_code(&totp_code(TWOFA_SECRET)).await.unwrap(),
        LoginOutcome::LoggedIn
    );
    assert!(c.is_logged_in());
    c.host_group().group_id_groups().await.unwrap();
    let e = c.submit_code("123456").await.unwrap_err();
    assert!(matches!(e, KscError::NoCodeRequested { .. }), "{e:?}");
    stop(s).await;
}

#[tokio::test]
async fn two_step_verification_right_code_first() {
    let s = primary().await;
    let c = client(&s, None);
    assert_eq!(
        c.login(&creds("twofa", "TwoFactor-2024")).await.unwrap(),
        LoginOutcome::CodeRequired { length: 6 }
    );
    assert_eq!(
        c.submit_code(&totp_code(TWOFA_SECRET)).await.unwrap(),
        LoginOutcome::LoggedIn
    );
    c.session().ping().await.unwrap();
    stop(s).await;
}

#[tokio::test]
async fn two_step_verification_not_set_up() {
    let s = primary().await;
    let c = client(&s, None);
    assert_eq!(
        c.login(&creds("needs2fa", "NeedsSecond-2024"))
            .await
            .unwrap(),
        LoginOutcome::TwoFactorNotConfigured
    );
    assert!(!c.is_logged_in() && !c.awaits_code());
    let e = c.host_group().group_id_groups().await.unwrap_err();
    assert!(matches!(e, KscError::NotLoggedIn { .. }), "{e:?}");
    stop(s).await;
}

#[tokio::test]
async fn expired_session_is_renewed_transparently() {
    let s = primary().await;
    let c = admin(&s).await;
    let root = c.host_group().group_id_groups().await.unwrap();
    s.sim.state().expire_all_sessions();
    assert_eq!(s.sim.state().session_count(), 0);
    // Several calls at once: all succeed, and the client logs in once.
    let hg = c.host_group();
    let (a, b, d) = tokio::join!(
        hg.group_id_groups(),
        hg.group_id_unassigned(),
        hg.group_id_super(),
    );
    assert_eq!(a.unwrap(), root);
    b.unwrap();
    d.unwrap();
    assert_eq!(s.sim.state().session_count(), 1);
    stop(s).await;
}

#[tokio::test]
async fn expired_session_of_a_two_step_account_asks_for_a_code() {
    let s = primary().await;
    let c = client(&s, None);
    c.login(&creds("twofa", "TwoFactor-2024")).await.unwrap();
    c.submit_code(&totp_code(TWOFA_SECRET)).await.unwrap();
    s.sim.state().expire_all_sessions();
    let e = c.host_group().group_id_groups().await.unwrap_err();
    assert!(
        matches!(e, KscError::SessionExpiredCodeRequired { length: 6, .. }),
        "{e:?}"
    );
    assert!(e.needs_login());
    assert!(c.awaits_code());
    assert_eq!(
        c.submit_code(&totp_code(TWOFA_SECRET)).await.unwrap(),
        LoginOutcome::LoggedIn
    );
    c.host_group().group_id_groups().await.unwrap();
    stop(s).await;
}

// --- connection failures ----------------------------------------------------------------------

#[tokio::test]
async fn wrong_pin_reports_both_fingerprints() {
    let s = primary().await;
    let wrong = Pin::of_der(b"not the server's certificate");
    let c = KscClient::new(options(s.sim.api_port(), wrong)).unwrap();
    let e = c.login(&creds("admin", ADMIN_PASSWORD)).await.unwrap_err();
    let KscError::CertificateChanged {
        expected,
        presented,
        presented_der,
        ..
    } = &e
    else {
        panic!("{e:?}")
    };
    assert_eq!(*expected, wrong);
    assert_eq!(*presented, Pin::of_der(s.sim.cert_der()));
    assert_eq!(presented_der.as_slice(), s.sim.cert_der());
    let text = e.to_string();
    assert!(text.contains(&presented.colon_hex()), "{text}");
    assert!(text.contains(&wrong.colon_hex()), "{text}");
    assert_eq!(s.sim.state().session_count(), 0, "nothing was sent");
    stop(s).await;
}

#[tokio::test]
async fn closed_port_is_a_tcp_error() {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    drop(l);
    let c = KscClient::new(options(port, Pin::of_der(b"x"))).unwrap();
    let e = c.login(&creds("admin", "pw")).await.unwrap_err();
    let KscError::Net(n) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(n.step, Step::Tcp);
    assert_eq!((n.host.as_str(), n.port), ("127.0.0.1", port));
    assert!(
        e.to_string().starts_with("TCP connection to 127.0.0.1:"),
        "{e}"
    );
}

#[tokio::test]
async fn unknown_host_is_a_dns_error() {
    let mut o = options(13299, Pin::of_der(b"x"));
    o.host = "no-such-host.invalid".to_string();
    let c = KscClient::new(o).unwrap();
    let e = c.login(&creds("admin", "pw")).await.unwrap_err();
    let KscError::Net(n) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(n.step, Step::Dns, "{e}");
}

#[tokio::test]
async fn plain_tcp_server_is_a_tls_error() {
    // Something listens but does not speak TLS: the handshake, not TCP, fails.
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = l.local_addr().unwrap().port();
    let server = tokio::spawn(async move {
        let (mut sock, _) = l.accept().await.unwrap();
        use tokio::io::AsyncWriteExt;
        let _ = sock.write_all(b"HTTP/1.1 400 Bad Request\r\n\r\n").await;
    });
    let c = KscClient::new(options(port, Pin::of_der(b"x"))).unwrap();
    let e = c.login(&creds("admin", "pw")).await.unwrap_err();
    let KscError::Net(n) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(n.step, Step::Tls, "{e}");
    server.await.unwrap();
}

#[tokio::test]
async fn silent_server_times_out() {
    // Accepts the connection, then never answers the TLS handshake.
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = l.local_addr().unwrap().port();
    let server = tokio::spawn(async move {
        let (sock, _) = l.accept().await.unwrap();
        tokio::time::sleep(std::time::Duration::from_secs(30)).await;
        drop(sock);
    });
    let mut o = options(port, Pin::of_der(b"x"));
    o.connect_timeout = std::time::Duration::from_secs(1);
    o.request_timeout = std::time::Duration::from_secs(2);
    let c = KscClient::new(o).unwrap();
    let e = c.login(&creds("admin", "pw")).await.unwrap_err();
    let KscError::Timeout { step, seconds, .. } = &e else {
        panic!("{e:?}")
    };
    assert_eq!((*step, *seconds), (Step::Tcp, 1), "{e}");
    assert!(e.to_string().contains("Session.StartSession"), "{e}");
    server.abort();
}

// --- HostGroup ---------------------------------------------------------------------------------

#[tokio::test]
async fn groups_and_static_info() {
    let s = primary().await;
    let c = admin(&s).await;
    let hg = c.host_group();
    let root = hg.group_id_groups().await.unwrap();
    let unassigned = hg.group_id_unassigned().await.unwrap();
    let sup = hg.group_id_super().await.unwrap();
    assert!(root != unassigned && root != sup);

    let tree = hg.get_subgroups(root, 0).await.unwrap();
    let hq = tree.iter().find(|g| g.name == "Headquarters").unwrap();
    let mut names: Vec<&str> = hq.children.iter().map(|g| g.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["Finance", "IT"]);
    let shallow = hg.get_subgroups(root, 1).await.unwrap();
    assert!(shallow.iter().all(|g| g.children.is_empty()));

    assert_eq!(
        hg.get_group_id(root, "Headquarters").await.unwrap(),
        Some(hq.id)
    );
    assert_eq!(hg.get_group_id(root, "No such group").await.unwrap(), None);
    let info = hg.get_group_info(hq.id).await.unwrap();
    assert_eq!(info.get_str("name"), Some("Headquarters"));
    let e = hg.get_group_info(987_654).await.unwrap_err();
    assert_eq!(e.api_code(), Some(codes::NOT_FOUND), "{e:?}");
    assert!(e.to_string().contains("HostGroup.GetGroupInfo"), "{e}");

    assert_eq!(hg.server_certificate().await.unwrap(), s.sim.cert_der());
    let host = hg.server_hostname().await.unwrap();
    assert!(!host.is_empty());
    let p = hg.get_static_info(Some(&[SERVER_HOSTNAME])).await.unwrap();
    assert_eq!(p.get_str(SERVER_HOSTNAME), Some(host.as_str()));
    stop(s).await;
}

#[tokio::test]
async fn settings_storage_and_master_section_with_a_protected_password() {
    let s = secondary().await;
    let c = admin(&s).await;
    let hg = c.host_group();
    let host = hg.server_hostname().await.unwrap();

    let before = hg.read_master_srv(&host).await.unwrap();
    assert!(!before.use_master);

    let protected = c
        .data_protection()
        .protect_utf8_for_host(&host, &Secret::new("proxy-Pa55"))
        .await
        .unwrap();
    assert!(!protected.is_empty());
    assert!(!protected.windows(10).any(|w| w == b"proxy-Pa55"));
    let e = c
        .data_protection()
        .protect_utf8_for_host("some-other-host", &Secret::new("x"))
        .await
        .unwrap_err();
    assert_eq!(e.api_code(), Some(codes::NOT_PERMITTED), "{e:?}");

    let section = MasterSrvSection {
        use_master: false,
        address: Some("ksc-hq.corp.example".to_string()),
        ports: vec![13000],
        ssl_cert: Some(some_certificate("ksc-hq.corp.example")),
        passive_slave: false,
        proxy_use: true,
        proxy_location: Some("proxy.corp.example:3128".to_string()),
        proxy_login: Some("svc-ksc".to_string()),
        proxy_password: Some(protected.clone()),
        other: Params::new(),
    };
    hg.write_master_srv(&host, SsWriteMode::Clear, &section)
        .await
        .unwrap();
    let back = hg.read_master_srv(&host).await.unwrap();
    assert_eq!(back, section);
    assert_eq!(
        s.sim.state().master_srv_section().unwrap(),
        section.to_params()
    );

    // The server checks what it stores: a port must be a port.
    let bad = Params::new().with(
        ksc_link::wire::master_srv::PORTS,
        Value::Array(vec![Value::Int(70_000)]),
    );
    let e = hg
        .ss_write(&SsPath::master_srv(&host), SsWriteMode::Update, &bad)
        .await
        .unwrap_err();
    assert_eq!(e.api_code(), Some(codes::BAD_PARAM), "{e:?}");

    // A section of one's own: create, write, read, create again.
    let path = SsPath {
        section: "KSCLINK_TEST".to_string(),
        ..SsPath::master_srv(&host)
    };
    hg.ss_create_section(&path).await.unwrap();
    let vars = Params::new()
        .with("flag", true)
        .with("blob", Value::Binary(vec![0, 1, 2]));
    hg.ss_write(&path, SsWriteMode::Add, &vars).await.unwrap();
    assert_eq!(hg.ss_read(&path).await.unwrap(), vars);
    hg.ss_write(
        &path,
        SsWriteMode::Delete,
        &Params::new().with("flag", true),
    )
    .await
    .unwrap();
    assert_eq!(
        hg.ss_read(&path).await.unwrap(),
        Params::new().with("blob", Value::Binary(vec![0, 1, 2]))
    );
    // Creating it again (as the official sample does before every write) keeps its variables.
    hg.ss_create_section(&path).await.unwrap();
    assert_eq!(hg.ss_read(&path).await.unwrap().len(), 1);
    let missing = SsPath {
        section: "KSCLINK_NONE".to_string(),
        ..path.clone()
    };
    let e = hg.ss_read(&missing).await.unwrap_err();
    assert_eq!(e.api_code(), Some(codes::NOT_FOUND), "{e:?}");
    stop(s).await;
}

// --- ServerHierarchy and ChunkAccessor --------------------------------------------------------

#[tokio::test]
async fn register_list_update_find_delete_secondaries() {
    let p = primary().await;
    let sec = secondary().await;
    let c = admin(&p).await;
    let sc = admin(&sec).await;
    let hg = c.host_group();
    let sh = c.server_hierarchy();
    let root = hg.group_id_groups().await.unwrap();
    let servers = hg.get_group_id(root, "Servers").await.unwrap().unwrap();
    let target = hg
        .get_group_id(servers, "Secondary servers")
        .await
        .unwrap()
        .unwrap();

    // The real secondary's certificate, read through its own Open API.
    let cert = sc.host_group().server_certificate().await.unwrap();
    assert_eq!(cert, sec.sim.cert_der());
    let id = sh
        .register_server("Branch secondary", target, &cert, "", &Params::new())
        .await
        .unwrap();
    let e = sh
        .register_server("Again", target, &cert, "", &Params::new())
        .await
        .unwrap_err();
    assert_eq!(e.api_code(), Some(codes::EXISTS), "{e:?}");

    // More secondaries, so the search below spans several pages.
    let mut ids = vec![id];
    for i in 0..4 {
        let name = format!("dmz-{i}");
        let cert = some_certificate(&format!("{name}.corp.example"));
        let addr = format!("http://{name}.corp.example:13000");
        ids.push(
            sh.register_server(&name, target, &cert, &addr, &Params::new())
                .await
                .unwrap(),
        );
    }

    let all = sh.get_child_servers(-1).await.unwrap();
    let ours = all.iter().find(|s| s.id == id).unwrap();
    assert_eq!(ours.display_name, "Branch secondary");
    assert_eq!(ours.group_id, Some(target));
    assert_eq!(ours.status, Some(ServerStatus::Inactive));
    assert!(!ours.passive);
    assert!(all.iter().find(|s| s.id == ids[1]).unwrap().passive);
    let in_group = sh.get_child_servers(target).await.unwrap();
    assert_eq!(in_group.len(), ids.len());

    let info = sh
        .get_server_info(id, &[srvh::DN, srvh::GROUPID, srvh::CERTIFICATE])
        .await
        .unwrap();
    assert_eq!(info.get_str(srvh::DN), Some("Branch secondary"));
    assert_eq!(info.get_binary(srvh::CERTIFICATE), Some(cert.clone()));

    sh.update_server(id, &Params::new().with(srvh::DN, "main secondary"))
        .await
        .unwrap();
    let info = sh.get_server_info(id, &[srvh::DN]).await.unwrap();
    assert_eq!(info.get_str(srvh::DN), Some("main secondary"));

    // FindSlaveServers, paged two at a time, sorted by name descending.
    let filter = format!("(KLSRVH_SRV_GROUPID = {target})");
    let order = [SortField {
        name: srvh::DN.to_string(),
        ascending: false,
    }];
    let found = sh
        .find_slave_servers_paged(&filter, &[srvh::ID, srvh::DN], &order, 600, 2)
        .await
        .unwrap();
    let names: Vec<&str> = found.iter().filter_map(|r| r.get_str(srvh::DN)).collect();
    assert_eq!(
        names,
        ["main secondary", "dmz-3", "dmz-2", "dmz-1", "dmz-0"],
        "{found:?}"
    );
    // The default page size gives the same records.
    let again = sh
        .find_slave_servers(&filter, &[srvh::ID, srvh::DN], &order, 600)
        .await
        .unwrap();
    assert_eq!(again, found);

    for i in &ids {
        sh.del_server(*i).await.unwrap();
    }
    assert!(sh.get_child_servers(target).await.unwrap().is_empty());
    let e = sh.del_server(id).await.unwrap_err();
    assert_eq!(e.api_code(), Some(codes::NOT_FOUND), "{e:?}");
    stop(p).await;
    stop(sec).await;
}

#[tokio::test]
async fn chunk_accessor_directly() {
    let s = primary().await;
    let c = admin(&s).await;
    let sh = c.server_hierarchy();
    let root = c.host_group().group_id_groups().await.unwrap();
    for i in 0..3 {
        let cert = some_certificate(&format!("s{i}.test"));
        sh.register_server(&format!("s{i}"), root, &cert, "", &Params::new())
            .await
            .unwrap();
    }
    let reply = c
        .call(
            "ServerHierarchy.FindSlaveServers",
            &[
                ("wstrFilter", "".into()),
                ("pFieldsToReturn", Value::Array(vec![srvh::DN.into()])),
                ("pFieldsToOrder", Value::Array(vec![])),
                ("pParams", Value::Params(Params::new())),
                ("lMaxLifeTime", 100.into()),
            ],
        )
        .await
        .unwrap();
    let accessor = reply.out_str("wstrIterator").unwrap().to_string();
    let ca = c.chunk_accessor();
    assert_eq!(ca.get_items_count(&accessor).await.unwrap(), 3);
    assert_eq!(ca.get_items_chunk(&accessor, 1, 5).await.unwrap().len(), 2);
    ca.release(&accessor).await.unwrap();
    let e = ca.get_items_count(&accessor).await.unwrap_err();
    assert!(matches!(e, KscError::Api { .. }), "{e:?}");
    stop(s).await;
}

// --- VServers, Session, Policy, Tasks ---------------------------------------------------------

#[tokio::test]
async fn vservers_session_policies_tasks() {
    let s = primary().await;
    let c = admin(&s).await;
    let vs = c.vservers().get_vservers(-1).await.unwrap();
    let mut names: Vec<&str> = vs.iter().map(|v| v.display_name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["Customer A", "Customer B", "Lab"]);
    let lab = vs.iter().find(|v| v.display_name == "Lab").unwrap();
    assert_eq!(lab.enabled, Some(false));
    let info = c
        .vservers()
        .get_vserver_info(lab.id, &["KLVSRV_DN", "KLVSRV_ENABLED"])
        .await
        .unwrap();
    assert_eq!(info.get_str("KLVSRV_DN"), Some("Lab"));

    c.session().ping().await.unwrap();
    let token = c.session().create_token().await.unwrap();
    assert!(!token.is_empty());
    assert!(!format!("{token:?}").contains(token.expose()));

    let root = c.host_group().group_id_groups().await.unwrap();
    let policies = c.policy().get_policies_for_group(root).await.unwrap();
    let nagent = policies
        .iter()
        .find(|p| p.display_name == "Kaspersky Security Center Network Agent")
        .unwrap();
    assert_eq!(nagent.product.as_deref(), Some("1103"));
    assert_eq!(nagent.group_id, Some(root));
    let one = c.policy().get_policy_data(nagent.id).await.unwrap();
    assert_eq!(one.display_name, nagent.display_name);

    let tasks = c.tasks().group_tasks(root, false).await.unwrap();
    let update = tasks.iter().find(|t| t.display_name == "Update").unwrap();
    assert_eq!(update.group_id, Some(root));
    assert_eq!(update.product.as_deref(), Some("KES"));
    let one = c.tasks().get_task_data(&update.id).await.unwrap();
    assert_eq!(one.id, update.id);

    // Raw access to a method without a typed wrapper.
    let r = c
        .call(
            "Policy.GetEffectivePoliciesForGroup",
            &[("nGroupId", root.into())],
        )
        .await
        .unwrap();
    assert!(!r.retval_array().unwrap().is_empty());
    let e = c.call("HostGroup.NoSuchMethod", &[]).await.unwrap_err();
    assert!(matches!(e, KscError::Api { .. }), "{e:?}");
    stop(s).await;
}
