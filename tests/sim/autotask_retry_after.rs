//! A 429 whose `Retry-After` is absurd (`u64::MAX` seconds, as a broken or hostile service may
//! send) is reported as a clamped wait, not a panic on the clock.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use ksc_link::autotask::{
    AutotaskClient, AutotaskError, BackOff, ClientOptions, Credentials, MAX_RETRY_AFTER, Trust,
};
use ksc_link::sim::autotask::{AutotaskSimConfig, start};
use ksc_link::tls::Pin;

#[tokio::test]
async fn a_retry_after_of_u64_max_seconds_is_clamped_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let sim = start(AutotaskSimConfig::new(dir.path())).await.unwrap();
    let creds = Credentials {
        user_name: sim.user().to_string(),
        secret: sim.secret().clone(),
        integration_code: sim.integration_code().clone(),
    };
    let options = ClientOptions::new(&sim.base_url(), Trust::Pinned(Pin::of_der(sim.cert_der())));
    let c = AutotaskClient::new(options.clone(), creds.clone()).unwrap();
    c.zone().await.unwrap();
    // A window of u64::MAX seconds: the simulator answers the second request with
    // `Retry-After: 18446744073709551615`.
    sim.state()
        .set_request_limit(1, Duration::from_secs(u64::MAX));
    c.version().await.unwrap();
    let retry_after_sent = |log: Vec<ksc_link::sim::autotask::state::LoggedRequest>| {
        log.iter().filter(|r| r.status == 429).count()
    };
    match c.version().await.unwrap_err() {
        AutotaskError::RateLimited { retry_after } => assert_eq!(retry_after, MAX_RETRY_AFTER),
        other => panic!("{other:?}"),
    }
    assert_eq!(retry_after_sent(sim.state().log()), 1);
    // The client holds back on its own for the clamped wait, and says so without sending.
    match c.version().await.unwrap_err() {
        AutotaskError::RateLimited { retry_after } => {
            assert!(retry_after <= MAX_RETRY_AFTER, "{retry_after:?}");
            assert!(retry_after > MAX_RETRY_AFTER / 2, "{retry_after:?}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(retry_after_sent(sim.state().log()), 1);
    // A client that would sit out any wait still does not wait for ever.
    let patient = ClientOptions {
        back_off: BackOff {
            retries: 0,
            max_wait: Duration::MAX,
        },
        ..options
    };
    let p = AutotaskClient::new(patient, creds).unwrap();
    match p.version().await.unwrap_err() {
        AutotaskError::RateLimited { retry_after } => assert_eq!(retry_after, MAX_RETRY_AFTER),
        other => panic!("{other:?}"),
    }
    sim.shutdown().await;
}
