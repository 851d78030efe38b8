//! Faults a real network produces, injected at the simulator's transport, met by the Open API
//! client and by "add secondary": the reply lost after the method committed, the connection
//! dropped before it ran, a reply slower than the client waits, HTTP 500, the session expired.
//! After each, the primary holds exactly one registration of the secondary's certificate (or
//! none when nothing was written), and a retry finishes the hierarchy.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use ksc_link::cert::parse_certificate;
use ksc_link::hierarchy::ops::Progress;
use ksc_link::hierarchy::{
    AddFailure, AddOptions, AddReport, AddSecondaryPlan, OnFailure, Rollback, SecondarySettings,
    Stage, add_secondary, roll_back,
};
use ksc_link::kloapi::{KscClient, KscError, LoginOutcome};
use ksc_link::net::Step;
use ksc_link::sim::ksc::faults::TransportFault;
use ksc_link::sim::ksc::link::LinkConfig;
use ksc_link::sim::ksc::state::SharedState;
use ksc_link::sim::pair::{ServerCard, SimPair, start_pair};
use ksc_link::tls::fetch_presented_certificate;

use crate::common::DEADLINE;

const REGISTER: &str = "ServerHierarchy.RegisterServer";

struct Env {
    _dir: tempfile::TempDir,
    pair: SimPair,
    pc: ServerCard,
    sc: ServerCard,
    primary: KscClient,
    secondary: KscClient,
}

async fn login(card: &ServerCard, timeout: Duration) -> KscClient {
    let mut o = card.connect_options().unwrap();
    o.request_timeout = timeout;
    let c = KscClient::new(o).unwrap();
    assert_eq!(
        c.login(&card.credentials()).await.unwrap(),
        LoginOutcome::LoggedIn
    );
    c
}

/// The pair; the primary's client waits `primary_timeout` for each answer.
async fn env(primary_timeout: Duration) -> Env {
    let dir = tempfile::tempdir().unwrap();
    let pair = start_pair(dir.path(), LinkConfig::fast()).await.unwrap();
    let [pc, sc] = pair.cards();
    let primary = login(&pc, primary_timeout).await;
    let secondary = login(&sc, DEADLINE).await;
    Env {
        _dir: dir,
        pair,
        pc,
        sc,
        primary,
        secondary,
    }
}

impl Env {
    fn primary_state(&self) -> SharedState {
        self.pair.primary.sim().state()
    }

    fn secondary_state(&self) -> SharedState {
        self.pair.secondary.sim().state()
    }

    async fn plan(&self, name: &str) -> AddSecondaryPlan {
        let hg = self.primary.host_group();
        let mut group_id = hg.group_id_groups().await.unwrap();
        for n in ["Servers", "Secondary servers"] {
            group_id = hg.get_group_id(group_id, n).await.unwrap().unwrap();
        }
        let presented = fetch_presented_certificate("127.0.0.1", self.sc.ssl_port, None, DEADLINE)
            .await
            .unwrap();
        AddSecondaryPlan {
            group_id,
            group_name: "Secondary servers".into(),
            display_name: name.into(),
            secondary_address: Some("127.0.0.1".into()),
            secondary_ssl_port: self.sc.ssl_port,
            secondary_api_port: self.sc.api_port,
            secondary_certificate: parse_certificate(&presented.leaf_der).unwrap(),
            secondary_credentials: self.sc.credentials(),
            secondary_settings: SecondarySettings {
                primary_address: "127.0.0.1".into(),
                primary_ssl_port: self.pc.ssl_port,
                primary_certificate: hg.server_certificate().await.unwrap(),
                dmz: false,
                proxy: None,
            },
        }
    }

    /// The names of the primary's registrations of the secondary's certificate.
    fn registrations(&self) -> Vec<String> {
        let der = self.secondary_state().certificate_der();
        let mut names = Vec::new();
        for s in self.primary_state().secondaries() {
            if parse_certificate(&s.certificate).map_or(s.certificate.clone(), |d| d.der) == der {
                names.push(s.display_name);
            }
        }
        names
    }

    async fn run(
        &self,
        plan: &AddSecondaryPlan,
        on_failure: OnFailure,
        resume: Option<ksc_link::hierarchy::Partial>,
    ) -> (Result<AddReport, AddFailure>, Vec<Progress>) {
        let mut events = Vec::new();
        let options = AddOptions {
            on_failure,
            link_timeout: DEADLINE,
            poll_interval: Duration::from_millis(200),
            replace: None,
        };
        let r = add_secondary(
            &self.primary,
            &self.secondary,
            plan,
            &options,
            resume,
            &mut |e| events.push(e),
        )
        .await;
        (r, events)
    }

    async fn stop(self) {
        self.pair.shutdown().await;
    }
}

fn register_note(events: &[Progress]) -> String {
    events
        .iter()
        .find_map(|e| match e {
            Progress::Finished(Stage::Register, what) => Some(what.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("the registration did not finish: {events:?}"))
}

async fn register_fixture(primary: &KscClient, name: &str) -> Result<i32, KscError> {
    let cert = std::fs::read("tests/fixtures/secondary-klserver.cer").unwrap();
    let der = parse_certificate(&cert).unwrap().der;
    primary
        .server_hierarchy()
        .register_server(name, 0, &der, "", &ksc_link::wire::Params::new())
        .await
}

fn names(state: &SharedState) -> Vec<String> {
    state
        .secondaries()
        .into_iter()
        .map(|s| s.display_name)
        .collect()
}

// The client alone: what each fault looks like to it, and whether the call ran.

#[tokio::test]
async fn client_sees_a_lost_reply_as_an_unknown_outcome_while_the_server_committed() {
    let e = env(DEADLINE).await;
    e.primary_state()
        .inject_transport_fault(REGISTER, TransportFault::ReplyLost);
    let err = register_fixture(&e.primary, "lost").await.unwrap_err();
    assert!(
        matches!(&err, KscError::Net(n) if n.step == Step::Http),
        "{err:?}"
    );
    assert!(err.outcome_unknown(), "{err}");
    assert_eq!(names(&e.primary_state()), ["lost"], "the server committed");
    // The connection is gone, the client is not: the next call works.
    assert_eq!(
        e.primary
            .server_hierarchy()
            .get_child_servers(-1)
            .await
            .unwrap()
            .len(),
        1
    );
    e.stop().await;
}

#[tokio::test]
async fn client_sees_a_drop_before_the_method_ran_the_same_way_and_nothing_is_written() {
    let e = env(DEADLINE).await;
    e.primary_state()
        .inject_transport_fault(REGISTER, TransportFault::DropMidRequest);
    let err = register_fixture(&e.primary, "dropped").await.unwrap_err();
    assert!(err.outcome_unknown(), "{err:?}");
    assert!(names(&e.primary_state()).is_empty());
    assert!(register_fixture(&e.primary, "dropped").await.is_ok());
    e.stop().await;
}

#[tokio::test]
async fn client_reports_http_500_with_its_status_and_the_method_did_not_run() {
    let e = env(DEADLINE).await;
    e.primary_state()
        .inject_transport_fault(REGISTER, TransportFault::Http500);
    let err = register_fixture(&e.primary, "five hundred")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, KscError::Http { status: 500, method, .. } if method == REGISTER),
        "{err:?}"
    );
    assert!(err.outcome_unknown());
    assert!(err.to_string().contains("500"), "{err}");
    assert!(names(&e.primary_state()).is_empty());
    e.stop().await;
}

#[tokio::test]
async fn client_times_out_on_a_slow_reply_while_the_server_committed() {
    let e = env(Duration::from_millis(700)).await;
    e.primary_state()
        .inject_transport_fault(REGISTER, TransportFault::SlowReply(Duration::from_secs(5)));
    let err = register_fixture(&e.primary, "slow").await.unwrap_err();
    assert!(
        matches!(&err, KscError::Timeout { step: Step::Http, method, .. } if method == REGISTER),
        "{err:?}"
    );
    assert!(err.outcome_unknown());
    assert_eq!(names(&e.primary_state()), ["slow"]);
    e.stop().await;
}

#[tokio::test]
async fn client_logs_in_again_transparently_when_the_session_expired() {
    let e = env(DEADLINE).await;
    let state = e.primary_state();
    let before = state.session_count();
    assert!(before >= 1);
    state.inject_transport_fault(REGISTER, TransportFault::SessionExpired);
    let id = register_fixture(&e.primary, "expired").await.unwrap();
    assert_eq!(names(&state), ["expired"]);
    assert!(e.primary.is_logged_in());
    // Every old session was dropped; the one alive is the client's new one.
    assert_eq!(state.session_count(), 1);
    assert_eq!(state.take_transport_fault(REGISTER), None);
    assert!(state.secondary(id).is_some());
    e.stop().await;
}

// "Add secondary" under the same faults.

#[tokio::test]
async fn reply_lost_after_register_is_found_on_the_primary_and_the_run_completes() {
    let e = env(DEADLINE).await;
    let plan = e.plan("Lost reply").await;
    e.primary_state()
        .inject_transport_fault(REGISTER, TransportFault::ReplyLost);
    let (r, events) = e.run(&plan, OnFailure::RollBack, None).await;
    let report = r.unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(e.registrations(), ["Lost reply"]);
    assert_eq!(
        e.primary_state()
            .secondary(report.secondary_id)
            .unwrap()
            .status,
        1
    );
    assert!(
        register_note(&events).contains("the answer was lost"),
        "{events:?}"
    );
    e.stop().await;
}

#[tokio::test]
async fn reply_lost_and_primary_unanswerable_then_retry_with_another_name_adopts_it() {
    let e = env(DEADLINE).await;
    let mut plan = e.plan("First name").await;
    e.primary_state()
        .inject_transport_fault(REGISTER, TransportFault::ReplyLost);
    // The look-up after the lost answer fails as well: GetServerInfo is asked only then (the
    // primary had no secondaries before).
    e.primary_state()
        .inject_transport_fault("ServerHierarchy.GetServerInfo", TransportFault::Http500);
    let (r, _) = e.run(&plan, OnFailure::RollBack, None).await;
    let f = r.unwrap_err();
    assert_eq!(f.stage, Stage::Register);
    assert!(matches!(f.rollback, Rollback::Unconfirmed), "{f:?}");
    assert_eq!(f.partial.registered_id, None);
    assert!(f.partial.unconfirmed_registration.is_some());
    let text = f.to_string();
    assert!(text.contains("registering"), "{text}");
    assert!(
        text.contains("Retry looks for that registration first"),
        "{text}"
    );
    assert_eq!(e.registrations(), ["First name"], "committed, id unknown");

    // The admin retries under another name: the registration is adopted and renamed.
    plan.display_name = "Second name".into();
    let (r, events) = e.run(&plan, OnFailure::RollBack, Some(f.partial)).await;
    let report = r.unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(e.registrations(), ["Second name"], "exactly one, renamed");
    assert_eq!(report.child.display_name, "Second name");
    assert!(
        register_note(&events).contains("used the registration already on the primary"),
        "{events:?}"
    );
    e.stop().await;
}

#[tokio::test]
async fn unconfirmed_registration_is_found_and_deleted_by_roll_back() {
    let e = env(DEADLINE).await;
    let plan = e.plan("To roll back").await;
    e.primary_state()
        .inject_transport_fault(REGISTER, TransportFault::ReplyLost);
    e.primary_state()
        .inject_transport_fault("ServerHierarchy.GetServerInfo", TransportFault::Http500);
    let (r, _) = e.run(&plan, OnFailure::RollBack, None).await;
    let mut partial = r.unwrap_err().partial;
    assert_eq!(e.registrations().len(), 1);
    let done = roll_back(&e.primary, &e.secondary, &mut partial)
        .await
        .unwrap();
    assert!(
        done.iter().any(|d| d.contains("deleted the registration")),
        "{done:?}"
    );
    assert!(e.registrations().is_empty(), "no orphan");
    assert!(!partial.anything_written());
    e.stop().await;
}

#[tokio::test]
async fn drop_before_register_ran_reports_nothing_written_and_retry_registers_once() {
    let e = env(DEADLINE).await;
    let plan = e.plan("Dropped").await;
    e.primary_state()
        .inject_transport_fault(REGISTER, TransportFault::DropMidRequest);
    let (r, _) = e.run(&plan, OnFailure::RollBack, None).await;
    let f = r.unwrap_err();
    assert_eq!(f.stage, Stage::Register);
    assert!(matches!(f.rollback, Rollback::NotNeeded), "{f:?}");
    assert!(!f.partial.anything_written());
    assert!(e.registrations().is_empty());
    let (r, _) = e.run(&plan, OnFailure::RollBack, Some(f.partial)).await;
    r.unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(e.registrations(), ["Dropped"]);
    e.stop().await;
}

#[tokio::test]
async fn http_500_on_register_names_the_status_and_retry_registers_once() {
    let e = env(DEADLINE).await;
    let plan = e.plan("Gateway").await;
    e.primary_state()
        .inject_transport_fault(REGISTER, TransportFault::Http500);
    let (r, _) = e.run(&plan, OnFailure::RollBack, None).await;
    let f = r.unwrap_err();
    assert!(matches!(f.rollback, Rollback::NotNeeded), "{f:?}");
    let text = f.to_string();
    assert!(text.contains("500") && text.contains(REGISTER), "{text}");
    assert!(e.registrations().is_empty());
    let (r, _) = e.run(&plan, OnFailure::RollBack, None).await;
    r.unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(e.registrations(), ["Gateway"]);
    e.stop().await;
}

#[tokio::test]
async fn slow_register_reply_times_out_and_the_registration_is_adopted() {
    let e = env(Duration::from_secs(2)).await;
    let plan = e.plan("Slow").await;
    e.primary_state()
        .inject_transport_fault(REGISTER, TransportFault::SlowReply(Duration::from_secs(6)));
    let (r, events) = e.run(&plan, OnFailure::RollBack, None).await;
    r.unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(e.registrations(), ["Slow"]);
    assert!(register_note(&events).contains("the answer was lost"));
    e.stop().await;
}

#[tokio::test]
async fn session_expiring_before_register_is_renewed_without_a_trace() {
    let e = env(DEADLINE).await;
    let plan = e.plan("Expired").await;
    e.primary_state()
        .inject_transport_fault(REGISTER, TransportFault::SessionExpired);
    let (r, events) = e.run(&plan, OnFailure::RollBack, None).await;
    r.unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(e.registrations(), ["Expired"]);
    assert!(register_note(&events).starts_with("registered as id"));
    e.stop().await;
}

#[tokio::test]
async fn secondary_down_right_after_registration_keeps_it_and_retry_uses_it() {
    let e = env(DEADLINE).await;
    let plan = e.plan("Branch down").await;
    e.secondary_state()
        .inject_transport_fault("HostGroup.SS_Write", TransportFault::DropMidRequest);
    let (r, _) = e.run(&plan, OnFailure::Keep, None).await;
    let f = r.unwrap_err();
    assert_eq!(f.stage, Stage::ConfigureSecondary);
    assert!(matches!(f.rollback, Rollback::Kept), "{f:?}");
    let id = f.partial.registered_id.unwrap();
    assert!(
        f.to_string().contains(&format!("registration id {id}")),
        "{f}"
    );
    assert_eq!(e.registrations(), ["Branch down"]);
    let (r, _) = e.run(&plan, OnFailure::Keep, Some(f.partial)).await;
    let report = r.unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(report.secondary_id, id);
    assert_eq!(e.registrations(), ["Branch down"]);
    e.stop().await;
}

#[tokio::test]
async fn a_registration_of_the_certificate_under_another_name_is_reported_not_doubled() {
    let e = env(DEADLINE).await;
    let plan = e.plan("Ours").await;
    let other_group = 0;
    let id = e
        .primary
        .server_hierarchy()
        .register_server(
            "Made by hand",
            other_group,
            &plan.secondary_certificate.der,
            "",
            &ksc_link::wire::Params::new(),
        )
        .await
        .unwrap();
    let (r, _) = e.run(&plan, OnFailure::RollBack, None).await;
    let f = r.unwrap_err();
    assert_eq!(f.stage, Stage::Check);
    let text = f.to_string();
    assert!(
        text.contains("\"Made by hand\"") && text.contains(&format!("id {id}")),
        "{text}"
    );
    assert!(matches!(f.rollback, Rollback::NotNeeded));
    assert_eq!(e.registrations(), ["Made by hand"]);
    e.stop().await;
}

// The certificate: another one than the pinned one from the start, or replaced between calls.

fn another_identity() -> (Vec<u8>, ksc_link::tls::Identity) {
    let (details, identity, _) =
        ksc_link::cert::generate_server_identity(&["127.0.0.1".to_string()], 30).unwrap();
    (details.der, identity)
}

#[tokio::test]
async fn client_refuses_a_certificate_replaced_between_two_calls_and_names_both() {
    let e = env(DEADLINE).await;
    let trusted = ksc_link::tls::Pin::of_der(e.pair.primary.sim().cert_der());
    e.primary_state().inject_transport_fault(
        "HostGroup.GroupIdGroups",
        TransportFault::CertificateReplaced,
    );
    let hg = e.primary.host_group();
    hg.group_id_groups().await.unwrap();
    let err = hg.group_id_groups().await.unwrap_err();
    let KscError::CertificateChanged {
        expected,
        presented,
        presented_der,
        ..
    } = &err
    else {
        panic!("{err:?}");
    };
    assert_eq!(*expected, trusted);
    assert_ne!(*presented, trusted);
    assert_eq!(*presented, ksc_link::tls::Pin::of_der(presented_der));
    assert!(!err.outcome_unknown(), "nothing was sent");
    let text = err.to_string();
    assert!(
        text.contains(&trusted.colon_hex()) && text.contains(&presented.colon_hex()),
        "{text}"
    );
    // Every later call meets the same refusal: nothing is trusted silently.
    assert!(matches!(
        hg.group_id_groups().await,
        Err(KscError::CertificateChanged { .. })
    ));
    e.stop().await;
}

#[tokio::test]
async fn a_secondary_presenting_another_certificate_at_finish_stops_before_anything_is_written() {
    let e = env(DEADLINE).await;
    let plan = e.plan("Wrong certificate").await;
    let (other, identity) = another_identity();
    e.pair
        .secondary
        .sim()
        .present_certificate(Some(identity))
        .unwrap();
    // The restart closes the client's pooled connection; on this one-thread runtime its
    // connection task sees that only when it runs, and a call sent on the closing connection
    // fails as a connection error (as against a real server restarting right then).
    tokio::time::sleep(Duration::from_millis(200)).await;
    let before = e.secondary_state().master_srv_section();
    let (r, _) = e.run(&plan, OnFailure::RollBack, None).await;
    let f = r.unwrap_err();
    assert_eq!(f.stage, Stage::Check);
    assert!(matches!(f.rollback, Rollback::NotNeeded), "{f:?}");
    let text = f.to_string();
    assert!(
        text.contains(&ksc_link::tls::Pin::of_der(&other).colon_hex()),
        "{text}"
    );
    assert!(e.registrations().is_empty(), "nothing on the primary");
    assert_eq!(e.secondary_state().master_srv_section(), before);

    // The secondary presents its own certificate again: the retry builds the hierarchy once.
    e.pair.secondary.sim().present_certificate(None).unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (r, _) = e.run(&plan, OnFailure::RollBack, Some(f.partial)).await;
    r.unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(e.registrations(), ["Wrong certificate"]);
    e.stop().await;
}

#[tokio::test]
async fn the_primarys_certificate_replaced_after_register_stops_the_run_and_retry_adopts() {
    let e = env(DEADLINE).await;
    let plan = e.plan("Changed on the way").await;
    e.primary_state()
        .inject_transport_fault(REGISTER, TransportFault::CertificateReplaced);
    let (r, _) = e.run(&plan, OnFailure::RollBack, None).await;
    let f = r.unwrap_err();
    let text = f.to_string();
    assert!(text.contains("certificate changed"), "{text}");
    // The registration committed before the change, and the roll-back could not reach the
    // primary it no longer trusts: the failure says so and keeps what it knows.
    let id = f
        .partial
        .registered_id
        .expect("the registration's id is known");
    assert!(matches!(f.rollback, Rollback::Failed(_)), "{f:?}");
    assert_eq!(e.registrations(), ["Changed on the way"]);

    // The primary presents its own certificate again (the load balancer was fixed): Retry
    // adopts the registration, never a second one.
    e.pair.primary.sim().present_certificate(None).unwrap();
    let (r, events) = e.run(&plan, OnFailure::RollBack, Some(f.partial)).await;
    let report = r.unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(report.secondary_id, id);
    assert_eq!(e.registrations(), ["Changed on the way"]);
    assert!(
        register_note(&events).contains("used the registration already on the primary"),
        "{events:?}"
    );
    e.stop().await;
}

// A registration in the way: replaced at the admin's choice, restored by a rollback; a kept one
// whose DMZ address the plan changed is made again.

fn registration_of(state: &SharedState, name: &str) -> ksc_link::sim::ksc::state::Secondary {
    state
        .secondaries()
        .into_iter()
        .find(|s| s.display_name == name)
        .unwrap_or_else(|| panic!("{name} is not registered"))
}

#[tokio::test]
async fn a_registration_in_the_way_is_replaced_at_the_admins_choice_and_roll_back_restores_it() {
    let e = env(DEADLINE).await;
    let plan = e.plan("Replacement").await;
    let old = e
        .primary
        .server_hierarchy()
        .register_server(
            "Made by hand",
            0,
            &plan.secondary_certificate.der,
            "",
            &ksc_link::wire::Params::new(),
        )
        .await
        .unwrap();
    let (r, _) = e.run(&plan, OnFailure::RollBack, None).await;
    let f = r.unwrap_err();
    assert_eq!(f.error.replaceable(), Some(old));

    // Replaced, but the secondary refuses its section: the rollback deletes the new
    // registration and registers the replaced one again, as it was.
    e.secondary_state().inject_fault(
        "HostGroup.SS_Write",
        ksc_link::wire::PxgError::new(1950, "KLSTD", "Access denied"),
    );
    let options = AddOptions {
        on_failure: OnFailure::RollBack,
        link_timeout: DEADLINE,
        poll_interval: Duration::from_millis(200),
        replace: Some(old),
    };
    let f = add_secondary(&e.primary, &e.secondary, &plan, &options, None, &mut |_| {})
        .await
        .unwrap_err();
    let Rollback::Done(steps) = &f.rollback else {
        panic!("{f:?}");
    };
    assert!(
        steps
            .iter()
            .any(|s| s.contains("registered the replaced secondary \"Made by hand\" again")),
        "{steps:?}"
    );
    assert_eq!(e.registrations(), ["Made by hand"]);
    assert_eq!(
        registration_of(&e.primary_state(), "Made by hand").group_id,
        0
    );

    // Replaced for good: one registration, the plan's.
    let now = registration_of(&e.primary_state(), "Made by hand").id;
    let mut events = Vec::new();
    let options = AddOptions {
        replace: Some(now),
        ..options
    };
    let report = add_secondary(&e.primary, &e.secondary, &plan, &options, None, &mut |p| {
        events.push(p)
    })
    .await
    .unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(e.registrations(), ["Replacement"]);
    assert_ne!(report.secondary_id, now);
    assert!(
        register_note(&events)
            .contains(&format!("deleted the registration it replaces (id {now})")),
        "{events:?}"
    );
    e.stop().await;
}

#[tokio::test]
async fn a_registration_in_the_plans_place_in_another_mode_is_reported_then_replaced() {
    let e = env(DEADLINE).await;
    let plan = e.plan("Branch").await;
    let old = e
        .primary
        .server_hierarchy()
        .register_server(
            "Branch",
            plan.group_id,
            &plan.secondary_certificate.der,
            "http://old-dmz.example:13000",
            &ksc_link::wire::Params::new(),
        )
        .await
        .unwrap();
    let (r, _) = e.run(&plan, OnFailure::RollBack, None).await;
    let f = r.unwrap_err();
    assert_eq!(f.stage, Stage::Check);
    let text = f.to_string();
    assert!(
        text.contains("in DMZ mode at old-dmz.example:13000") && text.contains("not in DMZ mode"),
        "{text}"
    );
    assert_eq!(f.error.replaceable(), Some(old));
    assert!(matches!(f.rollback, Rollback::NotNeeded));

    let options = AddOptions {
        on_failure: OnFailure::RollBack,
        link_timeout: DEADLINE,
        poll_interval: Duration::from_millis(200),
        replace: Some(old),
    };
    add_secondary(&e.primary, &e.secondary, &plan, &options, None, &mut |_| {})
        .await
        .unwrap_or_else(|f| panic!("{f}"));
    let now = registration_of(&e.primary_state(), "Branch");
    assert!(!now.passive && now.addr.is_empty(), "{now:?}");
    assert_eq!(e.registrations(), ["Branch"]);
    e.stop().await;
}

#[tokio::test]
async fn a_kept_registration_is_made_again_when_the_plan_changes_its_dmz_address() {
    let e = env(DEADLINE).await;
    let mut plan = e.plan("Kept").await;
    e.secondary_state().inject_fault(
        "HostGroup.SS_Write",
        ksc_link::wire::PxgError::new(1950, "KLSTD", "Access denied"),
    );
    let (r, _) = e.run(&plan, OnFailure::Keep, None).await;
    let f = r.unwrap_err();
    let kept = f.partial.registered_id.expect("kept");
    assert!(!registration_of(&e.primary_state(), "Kept").passive);

    // Change settings: DMZ mode, the primary dials the secondary.
    plan.secondary_settings.dmz = true;
    let (r, _) = e.run(&plan, OnFailure::Keep, Some(f.partial)).await;
    let report = r.unwrap_or_else(|f| panic!("{f}"));
    assert_ne!(report.secondary_id, kept, "made again");
    let now = registration_of(&e.primary_state(), "Kept");
    assert!(now.passive, "{now:?}");
    assert_eq!(
        format!("http://{}", now.addr),
        plan.net_address(),
        "the new address"
    );
    assert_eq!(e.registrations(), ["Kept"]);
    e.stop().await;
}

#[tokio::test]
async fn a_failed_read_back_after_the_secondary_confirmed_its_section_is_a_note_not_a_failure() {
    use ksc_link::wire::PxgError;
    use ksc_link::wire::error::codes;
    let e = env(DEADLINE).await;
    let plan = e.plan("Read back").await;
    // In order: the check's read finds no section (a server never secondary before), the
    // read-back after the confirmed write fails.
    let secondary = e.secondary_state();
    secondary.inject_fault(
        "HostGroup.SS_Read",
        PxgError::new(codes::NOT_FOUND, "KLSTD", "Section not found"),
    );
    secondary.inject_fault(
        "HostGroup.SS_Read",
        PxgError::new(1950, "KLDB", "Connection to the database was lost"),
    );
    let (r, events) = e.run(&plan, OnFailure::RollBack, None).await;
    let report = r.unwrap_or_else(|f| panic!("the write landed, yet: {f}"));
    let note = events
        .iter()
        .find_map(|p| match p {
            Progress::Finished(Stage::ConfigureSecondary, what) => Some(what.clone()),
            _ => None,
        })
        .unwrap();
    assert!(
        note.contains("reading them back failed") && note.contains("database was lost"),
        "{note}"
    );
    assert!(report.section.use_master);
    assert_eq!(e.registrations(), ["Read back"]);
    e.stop().await;
}
