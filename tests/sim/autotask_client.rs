//! The Autotask client against the simulated tenant over loopback TLS: every route, paging
//! across several pages, each error case the user must act on, and the 429 back-off.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use ksc_link::autotask::{
    AutotaskClient, AutotaskError, BackOff, COMPANIES, ClientOptions, Company, Credentials, Filter,
    Query, Trust, UserAccess,
};
use ksc_link::net::Step;
use ksc_link::secrets::Secret;
use ksc_link::sim::autotask::seed::BadCodeAnswer;
use ksc_link::sim::autotask::state::LoggedRequest;
use ksc_link::sim::autotask::{AutotaskSim, AutotaskSimConfig, start};
use ksc_link::tls::Pin;

struct Env {
    sim: AutotaskSim,
    _dir: tempfile::TempDir,
}

async fn sim() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let sim = start(AutotaskSimConfig::new(dir.path())).await.unwrap();
    Env { sim, _dir: dir }
}

fn options(sim: &AutotaskSim) -> ClientOptions {
    ClientOptions::new(&sim.base_url(), Trust::Pinned(Pin::of_der(sim.cert_der())))
}

fn creds(user: &str, secret: &str, code: &str) -> Credentials {
    Credentials {
        user_name: user.to_string(),
        secret: Secret::new(secret),
        integration_code: Secret::new(code),
    }
}

fn good(sim: &AutotaskSim) -> Credentials {
    creds(
        sim.user(),
        sim.secret().expose(),
        sim.integration_code().expose(),
    )
}

fn client(sim: &AutotaskSim) -> AutotaskClient {
    AutotaskClient::new(options(sim), good(sim)).unwrap()
}

fn count(log: &[LoggedRequest], f: impl Fn(&LoggedRequest) -> bool) -> usize {
    log.iter().filter(|r| f(r)).count()
}

fn is_path(r: &LoggedRequest, suffix: &str) -> bool {
    r.path
        .to_ascii_lowercase()
        .ends_with(&suffix.to_ascii_lowercase())
}

#[tokio::test]
async fn zone_lookup_is_unauthenticated_cached_and_points_at_the_zone_host() {
    let env = sim().await;
    let c = client(&env.sim);
    let zone = c.zone().await.unwrap();
    assert_eq!(zone.url, env.sim.zone_url());
    assert_ne!(zone.url, env.sim.base_url(), "the zone is another host");
    assert_eq!(zone.ci, Some(31337));
    assert!(zone.zone_name.is_some() && zone.web_url.is_some());
    // Cached: a second client of the same user does not look it up again.
    let again = client(&env.sim).zone().await.unwrap();
    assert_eq!(again, zone);
    c.version().await.unwrap();
    let log = env.sim.state().log();
    let lookups: Vec<_> = log.iter().filter(|r| r.discovery).collect();
    assert_eq!(lookups.len(), 1, "{log:?}");
    assert!(
        !lookups[0].sent_credentials,
        "the lookup carries no credentials"
    );
    assert!(is_path(lookups[0], "/v1.0/zoneInformation"));
    // Authenticated calls went to the zone host.
    assert_eq!(count(&log, |r| !r.discovery && is_path(r, "/Version")), 1);
    // A forced lookup asks again.
    c.discover_zone().await.unwrap();
    assert_eq!(count(&env.sim.state().log(), |r| r.discovery), 2);
    env.sim.shutdown().await;
}

#[tokio::test]
async fn version_threshold_entity_information_and_picklists() {
    let env = sim().await;
    let c = client(&env.sim);
    let v = c.version().await.unwrap();
    assert!(!v.major_version.is_empty() && !v.build.is_empty());

    let t1 = c.threshold_information().await.unwrap();
    assert_eq!(t1.external_request_threshold, 10_000);
    assert_eq!(t1.request_threshold_timeframe, 60);
    // Version and this call itself are counted.
    assert_eq!(t1.current_timeframe_request_count, 2);
    let t2 = c.threshold_information().await.unwrap();
    assert_eq!(t2.current_timeframe_request_count, 3);

    let info = c.entity_information(COMPANIES).await.unwrap();
    assert_eq!(info.name, "Company");
    assert!(info.can_query && info.user_can_query());
    assert_eq!(info.user_access_for_query, UserAccess::All);
    assert!(!info.can_delete);

    let fields = c.entity_fields(COMPANIES).await.unwrap();
    let ty = fields.iter().find(|f| f.name == "companyType").unwrap();
    assert!(ty.is_pick_list);
    let values = ty.picklist_values.as_ref().unwrap();
    let customer = values.iter().find(|v| v.label == "Customer").unwrap();
    assert_eq!(customer.as_i64(), Some(1));
    assert!(
        values
            .iter()
            .any(|v| v.label == "Prospect" && v.as_i64() == Some(3))
    );
    assert!(
        fields
            .iter()
            .any(|f| f.name == "companyName" && f.data_type == "string")
    );
    env.sim.shutdown().await;
}

#[tokio::test]
async fn paging_follows_next_page_url_with_the_same_method_and_body() {
    let env = sim().await;
    let c = client(&env.sim);
    let total = env.sim.state().company_count();
    assert!(total > 300, "{total}");
    let all: Vec<Company> = c
        .query_companies(&Query::all().max_records(100))
        .await
        .unwrap();
    assert_eq!(all.len(), total);
    assert!(
        all.windows(2).all(|w| w[0].id < w[1].id),
        "ids ascend, no repeats"
    );
    assert_eq!(all[0].id, 0);
    assert_eq!(all[1].company_name.as_deref(), Some("Customer A Ltd"));

    let log = env.sim.state().log();
    let pages = total.div_ceil(100);
    assert!(pages >= 4);
    assert_eq!(count(&log, |r| is_path(r, "/Companies/query")), 1);
    assert_eq!(
        count(&log, |r| is_path(r, "/query/next")
            && r.method == "POST"
            && r.status == 200),
        pages - 1
    );
    assert_eq!(count(&log, |r| r.method == "GET" && is_path(r, "/next")), 0);

    // Page by page, with a filter and IncludeFields (to which `id` is added).
    let q = Query::new([Filter::eq("isActive", true), Filter::eq("companyType", 1)])
        .max_records(50)
        .include_fields(["companyName"]);
    let expected = c.count(COMPANIES, &q).await.unwrap();
    let mut pages = c.pages::<Company>(COMPANIES, &q).unwrap();
    let mut got = Vec::new();
    while let Some(page) = pages.next_page().await.unwrap() {
        assert!(page.len() <= 50);
        got.extend(page);
    }
    assert!(pages.pages_fetched() >= 3, "{}", pages.pages_fetched());
    assert_eq!(got.len() as u64, expected);
    assert!(
        got.iter()
            .all(|c| c.company_name.is_some() && c.company_type.is_none())
    );
    let local = all
        .iter()
        .filter(|c| c.is_active == Some(true) && c.company_type == Some(1))
        .count();
    assert_eq!(got.len(), local);
    env.sim.shutdown().await;
}

/// What a filter should select, computed locally.
type Expect = Box<dyn Fn(&Company) -> bool>;

#[tokio::test]
async fn every_filter_operator_selects_what_it_says() {
    let env = sim().await;
    let c = client(&env.sim);
    let all = c.query_companies(&Query::all()).await.unwrap();
    let name = |c: &Company| c.company_name.clone().unwrap_or_default().to_lowercase();
    let cases: Vec<(Filter, Expect)> = vec![
        (
            Filter::eq("companyName", "customer a ltd"),
            Box::new(move |c| name(c) == "customer a ltd"),
        ),
        (
            Filter::not_eq("companyType", 1),
            Box::new(|c| c.company_type != Some(1)),
        ),
        (Filter::gt("id", 300), Box::new(|c| c.id > 300)),
        (Filter::gte("id", 300), Box::new(|c| c.id >= 300)),
        (Filter::lt("id", 5), Box::new(|c| c.id < 5)),
        (Filter::lte("id", 5), Box::new(|c| c.id <= 5)),
        (
            Filter::begins_with("companyName", "CUSTOMER"),
            Box::new(move |c| name(c).starts_with("customer")),
        ),
        (
            Filter::ends_with("companyName", "gmbh"),
            Box::new(move |c| name(c).ends_with("gmbh")),
        ),
        (
            Filter::contains("companyName", "lab"),
            Box::new(move |c| name(c).contains("lab")),
        ),
        (
            Filter::exist("parentCompanyID"),
            Box::new(|c| c.parent_company_id.is_some()),
        ),
        (
            Filter::not_exist("parentCompanyID"),
            Box::new(|c| c.parent_company_id.is_none()),
        ),
        (
            Filter::in_list("companyType", [3, 7]),
            Box::new(|c| matches!(c.company_type, Some(3 | 7))),
        ),
        (
            Filter::not_in("companyType", [1, 2]),
            Box::new(|c| !matches!(c.company_type, Some(1 | 2))),
        ),
        (
            Filter::or([
                Filter::and([Filter::eq("isActive", false), Filter::eq("companyType", 1)]),
                Filter::eq("id", 5),
            ]),
            Box::new(|c| (c.is_active == Some(false) && c.company_type == Some(1)) || c.id == 5),
        ),
    ];
    for (filter, expect) in cases {
        let shown = filter.to_json().to_string();
        let got: Vec<i64> = c
            .query_companies(&Query::new([filter]))
            .await
            .unwrap()
            .iter()
            .map(|c| c.id)
            .collect();
        let want: Vec<i64> = all.iter().filter(|c| expect(c)).map(|c| c.id).collect();
        assert_eq!(got, want, "{shown}");
        assert!(
            !want.is_empty() || shown.contains("parentCompanyID"),
            "{shown} selects something"
        );
    }
    env.sim.shutdown().await;
}

#[tokio::test]
async fn company_by_id_and_a_missing_one() {
    let env = sim().await;
    let c = client(&env.sim);
    let a = c.company(1).await.unwrap().unwrap();
    assert_eq!(a.company_name.as_deref(), Some("Customer A Ltd"));
    assert_eq!(a.company_type, Some(1));
    assert_eq!(a.is_active, Some(true));
    assert!(a.other.contains_key("companyNumber") || a.company_number.is_some());
    assert_eq!(c.company(9_999_999).await.unwrap(), None);
    env.sim.shutdown().await;
}

#[tokio::test]
async fn an_unknown_user_fails_at_the_zone_lookup() {
    let env = sim().await;
    let c = AutotaskClient::new(
        options(&env.sim),
        creds(
            "nobody@example.test",
            "x",
            env.sim.integration_code().expose(),
        ),
    )
    .unwrap();
    let e = c.version().await.unwrap_err();
    assert_eq!(
        e,
        AutotaskError::UnknownUser {
            user: "nobody@example.test".into()
        }
    );
    assert!(e.is_credential_problem());
    assert!(e.to_string().contains("user name"), "{e}");
    // Nothing was sent to the zone.
    assert!(env.sim.state().log().iter().all(|r| r.discovery));
    env.sim.shutdown().await;
}

#[tokio::test]
async fn a_wrong_secret_is_refused_once_and_not_retried() {
    let env = sim().await;
    let c = AutotaskClient::new(
        options(&env.sim),
        creds(env.sim.user(), "wrong", env.sim.integration_code().expose()),
    )
    .unwrap();
    let e = c.version().await.unwrap_err();
    assert!(
        matches!(e, AutotaskError::AuthenticationFailed { .. }),
        "{e:?}"
    );
    assert!(e.to_string().contains("secret"), "{e}");
    let log = env.sim.state().log();
    // One refused call; the zone was looked up again in case the tenant moved, and since it
    // had not, the refused login was not repeated.
    assert_eq!(count(&log, |r| is_path(r, "/Version")), 1, "{log:?}");
    assert_eq!(count(&log, |r| r.status == 401), 1);
    assert_eq!(count(&log, |r| r.discovery), 2);
    env.sim.shutdown().await;
}

#[tokio::test]
async fn a_wrong_integration_code_in_both_of_its_forms() {
    let env = sim().await;
    let c = AutotaskClient::new(
        options(&env.sim),
        creds(env.sim.user(), env.sim.secret().expose(), "NOT-THE-CODE"),
    )
    .unwrap();
    assert_eq!(
        c.version().await.unwrap_err(),
        AutotaskError::WrongIntegrationCode
    );
    env.sim.state().set_bad_code_answer(BadCodeAnswer::Empty401);
    let e = c.version().await.unwrap_err();
    assert!(
        matches!(e, AutotaskError::AuthenticationFailed { .. }),
        "{e:?}"
    );
    assert!(e.to_string().contains("integration code"), "{e}");
    env.sim.shutdown().await;
}

#[tokio::test]
async fn a_user_without_the_api_user_level_is_refused() {
    let env = sim().await;
    let c = AutotaskClient::new(
        options(&env.sim),
        creds(
            "jane.tech@northwind-msp.example",
            "Sim-Jane-2024!",
            env.sim.integration_code().expose(),
        ),
    )
    .unwrap();
    // The zone is found (any user has one) ...
    c.zone().await.unwrap();
    // ... but REST refuses the login.
    let e = c.version().await.unwrap_err();
    assert!(
        matches!(e, AutotaskError::AuthenticationFailed { .. }),
        "{e:?}"
    );
    assert!(e.to_string().contains("API User"), "{e}");
    env.sim.shutdown().await;
}

#[tokio::test]
async fn a_security_level_without_companies_access() {
    let env = sim().await;
    let c = AutotaskClient::new(
        options(&env.sim),
        creds(
            "restricted-api@northwind-msp.example",
            "Sim-Restricted-2024!",
            env.sim.integration_code().expose(),
        ),
    )
    .unwrap();
    c.version().await.unwrap();
    let info = c.entity_information(COMPANIES).await.unwrap();
    assert!(!info.user_can_query());
    let e = c.query_companies(&Query::all()).await.unwrap_err();
    assert_eq!(
        e,
        AutotaskError::NoPermission {
            action: "query",
            entity: COMPANIES.into()
        }
    );
    assert!(matches!(
        c.company(1).await.unwrap_err(),
        AutotaskError::NoPermission { action: "read", .. }
    ));
    env.sim.shutdown().await;
}

#[tokio::test]
async fn invalid_queries_are_refused_before_anything_is_sent() {
    let env = sim().await;
    let c = client(&env.sim);
    for q in [Query::new([]), Query::all().max_records(501)] {
        assert!(matches!(
            c.query_companies(&q).await.unwrap_err(),
            AutotaskError::InvalidQuery(_)
        ));
    }
    assert!(env.sim.state().log().is_empty());
    // What only the service can check comes back with its message.
    let e = c
        .query_companies(&Query::new([Filter::eq("isActive", "true")]))
        .await
        .unwrap_err();
    match e {
        AutotaskError::Api {
            status, messages, ..
        } => {
            assert_eq!(status, 500);
            assert!(messages[0].contains("boolean"), "{messages:?}");
        }
        other => panic!("{other:?}"),
    }
    env.sim.shutdown().await;
}

#[tokio::test]
async fn an_exhausted_budget_is_waited_out_once_not_hammered() {
    let env = sim().await;
    let state = env.sim.state();
    let c = client(&env.sim);
    c.zone().await.unwrap();
    state.set_request_limit(3, Duration::from_secs(2));
    for _ in 0..3 {
        c.version().await.unwrap();
    }
    // The fourth is refused with Retry-After; the client waits that long and tries once more.
    c.version().await.unwrap();
    let log = state.log();
    let versions: Vec<u16> = log
        .iter()
        .filter(|r| is_path(r, "/Version"))
        .map(|r| r.status)
        .collect();
    assert_eq!(versions, [200, 200, 200, 429, 200]);

    // Without retries the caller gets the wait, and the client holds back on its own.
    let opts = ClientOptions {
        back_off: BackOff {
            retries: 0,
            max_wait: Duration::ZERO,
        },
        ..options(&env.sim)
    };
    let strict = AutotaskClient::new(opts, good(&env.sim)).unwrap();
    state.set_request_limit(1, Duration::from_secs(3600));
    strict.version().await.unwrap();
    let e = strict.version().await.unwrap_err();
    match e {
        AutotaskError::RateLimited { retry_after } => {
            assert!(retry_after > Duration::from_secs(3000), "{retry_after:?}");
        }
        other => panic!("{other:?}"),
    }
    assert!(e.to_string().contains("shared"), "{e}");
    let sent = state.log().len();
    assert!(matches!(
        strict.threshold_information().await.unwrap_err(),
        AutotaskError::RateLimited { .. }
    ));
    assert_eq!(
        state.log().len(),
        sent,
        "nothing is sent while the wait lasts"
    );
    env.sim.shutdown().await;
}

#[tokio::test]
async fn a_query_that_outlasts_its_deadline_stops_with_its_own_error() {
    let env = sim().await;
    let state = env.sim.state();
    let opts = ClientOptions {
        query_deadline: Duration::from_secs(1),
        ..options(&env.sim)
    };
    let c = AutotaskClient::new(opts, good(&env.sim)).unwrap();
    c.zone().await.unwrap();
    // Two pages answer at once; the third is told to wait 3 s, which the client would sit out.
    state.set_request_limit(2, Duration::from_secs(3));
    let started = std::time::Instant::now();
    let e = c
        .query_companies(&Query::all().max_records(100))
        .await
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_millis(2500),
        "{:?}",
        started.elapsed()
    );
    match &e {
        AutotaskError::QueryDeadline {
            entity,
            pages,
            seconds,
        } => {
            assert_eq!((entity.as_str(), *pages, *seconds), (COMPANIES, 2, 1));
        }
        other => panic!("{other:?}"),
    }
    assert!(e.to_string().contains("Companies"), "{e}");
    env.sim.shutdown().await;
}

#[tokio::test]
async fn another_certificate_is_refused_and_the_platform_roots_do_not_trust_the_simulator() {
    let env = sim().await;
    let other = Pin::from_bytes([7; 32]);
    let c = AutotaskClient::new(
        ClientOptions::new(&env.sim.base_url(), Trust::Pinned(other)),
        good(&env.sim),
    )
    .unwrap();
    match c.zone().await.unwrap_err() {
        AutotaskError::CertificateChanged {
            expected,
            presented,
            ..
        } => {
            assert_eq!(expected, other);
            assert_eq!(presented, Pin::of_der(env.sim.cert_der()));
        }
        e => panic!("{e:?}"),
    }
    match AutotaskClient::new(
        ClientOptions::new(&env.sim.base_url(), Trust::Platform),
        good(&env.sim),
    ) {
        // A machine without any system roots cannot even build the client: also a refusal.
        Err(AutotaskError::Setup { .. }) => {}
        Err(e) => panic!("{e:?}"),
        Ok(c) => match c.zone().await.unwrap_err() {
            AutotaskError::Net(n) => assert_eq!(n.step, Step::Tls, "{n}"),
            e => panic!("{e:?}"),
        },
    }
    env.sim.shutdown().await;
}

/// A plain HTTPS client trusting only the simulator, for requests the Autotask client never
/// makes (wrong methods, odd spellings).
fn raw(sim: &AutotaskSim) -> reqwest::Client {
    let tls = ksc_link::tls::client_config(Pin::of_der(sim.cert_der()), None).unwrap();
    reqwest::Client::builder()
        .tls_backend_preconfigured(rustls::ClientConfig::clone(&tls))
        .no_proxy()
        .build()
        .unwrap()
}

fn authed(sim: &AutotaskSim, r: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
    r.header("UserName", sim.user())
        .header("Secret", sim.secret().expose())
        .header("ApiIntegrationcode", sim.integration_code().expose())
}

#[tokio::test]
async fn the_simulator_answers_odd_spellings_get_queries_and_wrong_methods_as_the_service_does() {
    let env = sim().await;
    let sim = &env.sim;
    let http = raw(sim);
    let zone = sim.zone_url();
    let json = |r: reqwest::Response| async move {
        let status = r.status().as_u16();
        (status, r.json::<serde_json::Value>().await.unwrap())
    };

    // Case-insensitive paths and user parameter; versioninformation without credentials.
    let disc = format!("{}V1.0/ZONEINFORMATION?User={}", sim.base_url(), sim.user());
    let (s, z) = json(http.get(&disc).send().await.unwrap()).await;
    assert_eq!((s, z["url"].as_str()), (200, Some(zone.as_str())));
    let (s, v) = json(
        http.get(format!("{}versioninformation", sim.base_url()))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((s, v["apiVersions"][0].as_str()), (200, Some("1.0")));
    // The discovery host serves nothing else.
    let r = authed(sim, http.get(format!("{}V1.0/Version", sim.base_url())))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 404);
    // Missing credentials: an empty 401.
    let r = http
        .get(format!("{zone}V1.0/Version"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);
    assert!(r.bytes().await.unwrap().is_empty());

    // A GET query (search=…) pages with GET, and its next URL carries the search again.
    let search = r#"{"Filter":[{"Op":"GTE","Field":"ID","Value":0}],"MaxRecords":150}"#;
    let mut url = reqwest::Url::parse(&format!("{zone}v1.0/companies/QUERY")).unwrap();
    url.query_pairs_mut().append_pair("search", search);
    let mut ids = Vec::new();
    let mut next = Some(url.to_string());
    while let Some(u) = next {
        let (s, page) = json(authed(sim, http.get(&u)).send().await.unwrap()).await;
        assert_eq!(s, 200, "{page}");
        ids.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["id"].as_i64().unwrap()),
        );
        assert_eq!(page["pageDetails"]["requestCount"], 150);
        next = page["pageDetails"]["nextPageUrl"]
            .as_str()
            .map(str::to_string);
        if let Some(n) = &next {
            assert!(
                n.contains("/query/next?paging=") && n.contains("&search="),
                "{n}"
            );
        }
    }
    assert_eq!(ids.len(), sim.state().company_count());
    let (s, n) = json(
        authed(
            sim,
            http.get(format!(
                "{zone}V1.0/Companies/query/count?search={}",
                url::form_urlencoded::byte_serialize(search.as_bytes()).collect::<String>()
            )),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!((s, n["queryCount"].as_u64()), (200, Some(ids.len() as u64)));

    // A POST query's next page refuses GET (405) and a different body.
    let body = serde_json::json!({"filter":[{"op":"exist","field":"id"}],"maxRecords":10});
    let (s, first) = json(
        authed(
            sim,
            http.post(format!("{zone}V1.0/Companies/query")).json(&body),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(s, 200);
    let next = first["pageDetails"]["nextPageUrl"]
        .as_str()
        .unwrap()
        .to_string();
    let r = authed(sim, http.get(&next)).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 405);
    assert_eq!(r.headers()["allow"], "POST");
    let (_, e) = json(r).await;
    assert!(
        e["errors"][0]
            .as_str()
            .unwrap()
            .contains("does not support http method 'GET'")
    );
    let other = serde_json::json!({"filter":[{"op":"exist","field":"id"}],"maxRecords":11});
    let (s, e) = json(
        authed(sim, http.post(&next).json(&other))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 500);
    assert!(
        e["errors"][0]
            .as_str()
            .unwrap()
            .contains("does not belong to this query"),
        "{e}"
    );
    let (s, second) = json(
        authed(sim, http.post(&next).json(&body))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (s, second["pageDetails"]["count"].as_u64()),
        (200, Some(10))
    );
    assert_eq!(
        second["items"][0]["id"],
        first["items"][9]["id"].as_i64().unwrap() + 1
    );
    let (s, _) = json(
        authed(
            sim,
            http.post(format!("{zone}V1.0/Companies/query/next?paging=forged"))
                .json(&body),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(s, 500);

    // Past one page, IncludeFields must name id.
    let no_id = serde_json::json!({"filter":[{"op":"exist","field":"id"}],"IncludeFields":["companyName"],"maxRecords":10});
    let (s, e) = json(
        authed(
            sim,
            http.post(format!("{zone}V1.0/Companies/query"))
                .json(&no_id),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(s, 500);
    assert!(
        e["errors"][0].as_str().unwrap().contains("IncludeFields"),
        "{e}"
    );
    // A query needs a filter; an unknown entity is a 404.
    let (s, e) = json(
        authed(
            sim,
            http.post(format!("{zone}V1.0/Companies/query"))
                .json(&serde_json::json!({})),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(s, 500);
    assert!(e["errors"][0].as_str().unwrap().contains("filter"), "{e}");
    let r = authed(
        sim,
        http.get(format!("{zone}V1.0/Tickets/entityInformation")),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(r.status().as_u16(), 404);
    env.sim.shutdown().await;
}
