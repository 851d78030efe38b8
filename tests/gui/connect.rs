//! The connect screen driven through iced_test's Simulator: the first connection shows the
//! server's certificate and pins it only when trusted; a changed certificate stops the login with
//! a loud warning that says whether it looks like KSC's reserve swap or a reinstall; a pinned
//! certificate near its expiry is announced. Run with ICED_TEST_BACKEND=tiny-skia.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use iced_test::{Simulator, selector};
use ksc_link::gui::PresetServer;
use ksc_link::gui::screen::connect::{Action, Message, Phase, State, Work};
use ksc_link::tls::Pin;

/// A headless window drawing with the app's bundled font, so snapshots match on every machine.
fn sim<'a, M>(
    element: impl Into<iced::Element<'a, M>>,
) -> Simulator<'a, M, iced::Theme, iced::Renderer> {
    Simulator::with_settings(ksc_link::gui::font::settings(), element)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// A TLS server on 127.0.0.1 presenting `identity` (it answers no HTTP: logins fail after TLS).
fn tls_server(rt: &tokio::runtime::Runtime, identity: ksc_link::tls::Identity) -> u16 {
    let config = ksc_link::tls::server_config(identity, None).unwrap();
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let port = listener.local_addr().unwrap().port();
    let acceptor = tokio_rustls::TlsAcceptor::from(config);
    rt.spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let _ = acceptor.accept(tcp).await;
            });
        }
    });
    port
}

fn click(state: &mut State, label: &str) -> Vec<Action> {
    let mut ui = sim(state.view());
    ui.click(label).unwrap_or_else(|e| panic!("{label}: {e}"));
    let messages: Vec<_> = ui.into_messages().collect();
    messages.into_iter().map(|m| state.update(m)).collect()
}

fn type_into(state: &mut State, id: &'static str, text: &str) {
    let mut ui = sim(state.view());
    ui.click(selector::id(id)).unwrap();
    ui.typewrite(text);
    let messages: Vec<_> = ui.into_messages().collect();
    for m in messages {
        state.update(m);
    }
}

fn run(rt: &tokio::runtime::Runtime, work: Work) -> Message {
    rt.block_on(work.run())
}

fn shows(state: &State, needle: &str) -> bool {
    sim(state.view()).find(needle).is_ok()
}

#[test]
fn first_connection_shows_the_certificate_and_pins_only_when_trusted() {
    let rt = runtime();
    let (details, identity, _) =
        ksc_link::cert::generate_server_identity(&["127.0.0.1".to_string()], 365).unwrap();
    let port = tls_server(&rt, identity);
    let mut state = State::new(Vec::new(), Vec::new());
    assert!(!state.can_connect());
    type_into(&mut state, "connect-address", "127.0.0.1");
    state.port = port.to_string();
    type_into(&mut state, "connect-user", "admin");
    type_into(&mut state, "connect-password", "pw");
    assert!(state.can_connect());

    let actions = click(&mut state, "Connect");
    let Some(Action::Run(work @ Work::FetchCertificate { .. })) = actions.into_iter().next() else {
        panic!("expected the certificate to be fetched first");
    };
    assert_eq!(state.phase, Phase::Fetching);
    let m = run(&rt, work);
    state.update(m);
    assert!(matches!(state.phase, Phase::Confirm { previous: None, .. }));
    assert!(shows(&state, &details.sha256_colon()));
    assert!(shows(
        &state,
        "First connection to this server: check its certificate"
    ));
    assert_eq!(
        state.pin_for("127.0.0.1", port),
        None,
        "nothing pinned before the admin agrees"
    );

    // Not trusting it sends nothing and pins nothing.
    click(&mut state, "Do not trust");
    assert_eq!(state.phase, Phase::Editing);
    assert_eq!(state.pin_for("127.0.0.1", port), None);

    // Trusting it pins it and logs in with it; this server speaks no HTTP, so the login fails
    // after a handshake that the pin accepted.
    let work = match click(&mut state, "Connect").into_iter().next() {
        Some(Action::Run(w)) => w,
        other => panic!("{other:?}"),
    };
    let m = run(&rt, work);
    state.update(m);
    let actions = click(&mut state, "Trust this certificate and connect");
    let Some(Action::Pin {
        pin,
        then: Some(login),
        ..
    }) = actions.into_iter().next()
    else {
        panic!("expected a pin");
    };
    assert_eq!(pin, details.pin());
    assert_eq!(state.pin_for("127.0.0.1", port), Some(details.pin()));
    assert_eq!(state.phase, Phase::LoggingIn);
    let m = run(&rt, login);
    state.update(m);
    assert_eq!(state.phase, Phase::Editing);
    let e = state.error.clone().unwrap();
    assert!(!e.contains("certificate changed"), "{e}");
}

#[test]
fn a_changed_certificate_is_a_loud_warning_and_never_accepted_silently() {
    let rt = runtime();
    let (details, identity, _) =
        ksc_link::cert::generate_server_identity(&["127.0.0.1".to_string()], 365).unwrap();
    let port = tls_server(&rt, identity);
    let old = Pin::of_der(b"the certificate trusted before");
    let preset = PresetServer {
        label: "Branch server".into(),
        address: "127.0.0.1".into(),
        api_port: port,
        ssl_port: None,
        user: "admin".into(),
        password: "pw".into(),
        internal: true,
        pin: old,
        certificate: None,
    };
    let mut state = State::new(Vec::new(), vec![preset]);
    assert_eq!(state.address, "127.0.0.1");
    let work = match click(&mut state, "Connect").into_iter().next() {
        Some(Action::Run(w @ Work::Login { .. })) => w,
        other => panic!("a known server logs in directly: {other:?}"),
    };
    let m = run(&rt, work);
    state.update(m);
    let Phase::Confirm {
        previous,
        details: shown,
        previous_certificate,
    } = &state.phase
    else {
        panic!("expected the warning, got {:?}", state.phase);
    };
    assert_eq!(*previous, Some(old));
    assert_eq!(*previous_certificate, None, "only the pin was known");
    assert_eq!(shown.sha256, details.sha256);
    assert!(shows(
        &state,
        "WARNING: the server's certificate has changed"
    ));
    // Only the pin is known: both fingerprints side by side, and no guess about the change.
    assert!(shows(&state, &old.colon_hex()));
    assert!(shows(&state, "not known (only the fingerprint was kept)"));
    assert!(
        text_containing(
            &state,
            "Only the fingerprint of the trusted certificate was kept"
        )
        .is_some()
    );
    assert_eq!(
        state.pin_for("127.0.0.1", port),
        Some(old),
        "the old pin stays"
    );
    click(&mut state, "Cancel");
    assert_eq!(state.pin_for("127.0.0.1", port), Some(old));
    assert!(state.error.as_deref().unwrap().contains("not trusted"));
}

// --- two-step verification help ---------------------------------------------------------------

/// Secret of `twofa` in the demo seeds.
const TWOFA_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/// A simulated primary whose clock is `offset` seconds off, and the folder of its state.
fn skewed_primary(
    rt: &tokio::runtime::Runtime,
    offset: i64,
) -> (ksc_link::sim::ksc::KscSim, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = ksc_link::sim::ksc::KscSimConfig::new(dir.path());
    cfg.seed_text = Some(ksc_link::sim::ksc::seed::PRIMARY.to_string());
    cfg.clock_offset_seconds = offset;
    let sim = rt.block_on(ksc_link::sim::ksc::start(cfg)).unwrap();
    (sim, dir)
}

/// The simulated primary offered as a preset, with `twofa`'s user and password filled in.
fn twofa_preset(sim: &ksc_link::sim::ksc::KscSim) -> PresetServer {
    PresetServer {
        label: "Simulated primary".into(),
        address: "127.0.0.1".into(),
        api_port: sim.api_port(),
        ssl_port: None,
        user: "twofa".into(),
        password: "TwoFactor-2024".into(),
        internal: true,
        pin: Pin::of_der(sim.cert_der()),
        certificate: None,
    }
}

/// The code an authenticator shows when its clock is `offset` seconds from this computer's.
fn code_at(offset: i64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let t = now.checked_add_signed(offset).unwrap();
    totp_rs::Builder::new()
        .with_secret(totp_rs::Secret::try_from_base32(TWOFA_SECRET).unwrap())
        .build()
        .unwrap()
        .generate(t)
        .to_string()
}

/// A text of the screen that contains `needle`, if any.
fn text_containing(state: &State, needle: &str) -> Option<String> {
    sim(state.view())
        .find(|c: iced_test::selector::Candidate<'_>| match c {
            iced_test::selector::Candidate::Text { content, .. } if content.contains(needle) => {
                Some(content.to_string())
            }
            _ => None,
        })
        .ok()
}

/// Connect with the preset filled in, up to the server's question for a code.
fn connect_until_the_code(rt: &tokio::runtime::Runtime, state: &mut State) {
    let work = match click(state, "Connect").into_iter().next() {
        Some(Action::Run(w @ Work::Login { .. })) => w,
        other => panic!("a preset logs in directly: {other:?}"),
    };
    assert!(!state.counts_down(), "no code is asked yet");
    let m = run(rt, work);
    assert!(matches!(m, Message::LoginFinished(_, Some(_))), "{m:?}");
    state.update(m);
    assert_eq!(
        state.phase,
        Phase::Code {
            length: 6,
            wrong: false
        }
    );
}

/// Types `code` and sends it; the screen's answer.
fn submit(rt: &tokio::runtime::Runtime, state: &mut State, code: &str) -> Action {
    type_into(state, "connect-code", code);
    let work = match click(state, "Submit code").into_iter().next() {
        Some(Action::Run(w @ Work::SubmitCode { .. })) => w,
        other => panic!("expected the code to be sent: {other:?}"),
    };
    let m = run(rt, work);
    state.update(m)
}

/// 2024-05-01 12:00:18.4 UTC by this computer's clock: a fixed "now" for the countdown.
fn fixed_now() -> std::time::SystemTime {
    std::time::UNIX_EPOCH + std::time::Duration::from_millis(1_714_564_818_400)
}

#[test]
fn a_server_clock_ahead_is_named_where_the_code_is_asked_and_wrong_codes_keep_the_form() {
    let rt = runtime();
    let (server, _dir) = skewed_primary(&rt, 300);
    let mut state = State::new(Vec::new(), vec![twofa_preset(&server)]);
    click(&mut state, "Remember password (system keyring)");
    assert!(state.remember);
    connect_until_the_code(&rt, &mut state);

    // The login's replies showed the server five minutes ahead; the screen says so, naming the
    // server and Kaspersky's rule.
    let offset = state.clock.unwrap();
    assert!(
        (298_000..=302_000).contains(&offset.offset_ms()),
        "{offset:?}"
    );
    let warning = state.clock_warning().unwrap();
    assert!(
        warning.starts_with("127.0.0.1's clock is ")
            && warning.contains(" ahead of this computer's"),
        "{warning}"
    );
    assert!(warning.contains("synchronised to UTC by external time sources"));
    assert!(shows(&state, &warning));

    // The countdown moves on the server's clock, from the first tick on.
    assert!(state.counts_down());
    assert_eq!(text_containing(&state, "The current code changes in"), None);
    state.update(Message::ClockTicked(fixed_now()));
    let left = crate::gui_support::seconds_left_by_hand(fixed_now(), offset.offset_ms());
    assert!(shows(
        &state,
        &format!("The current code changes in {left} s")
    ));

    // A code made by this computer's clock is refused; everything typed stays.
    let answer = submit(&rt, &mut state, &code_at(0));
    assert!(matches!(answer, Action::None));
    assert_eq!(
        state.phase,
        Phase::Code {
            length: 6,
            wrong: true
        }
    );
    let kept = |state: &State| {
        assert_eq!(state.address, "127.0.0.1");
        assert_eq!(state.port, server.api_port().to_string());
        assert_eq!(state.user, "twofa");
        assert_eq!(state.password.expose(), "TwoFactor-2024");
        assert!(state.remember);
        assert!(!state.domain_account);
        assert!(shows(state, "twofa"), "the user field still shows it");
        assert!(
            shows(state, "127.0.0.1"),
            "the address field still shows it"
        );
    };
    kept(&state);
    assert!(state.code.is_empty(), "only the refused code is cleared");
    assert!(shows(
        &state,
        "The server asks for the 6-digit security code from your authenticator app. The last code was refused; type the current one."
    ));
    assert!(
        shows(&state, &warning),
        "the warning stays with the refusal"
    );
    // The server states no number of tries: the screen names none.
    assert_eq!(text_containing(&state, "attempt"), None);
    assert_eq!(text_containing(&state, "tries"), None);

    // Codes refused until the server ends the login: said so, the form kept, the clock named.
    let mut ended = false;
    for _ in 0..10 {
        submit(&rt, &mut state, &code_at(0));
        if state.phase == Phase::Editing {
            ended = true;
            break;
        }
    }
    assert!(ended, "the simulated server ends a login after wrong codes");
    assert_eq!(
        state.error.as_deref(),
        Some(
            "127.0.0.1 ended this login after refused codes. Everything else you typed is kept: start again to be asked for a new code."
        )
    );
    kept(&state);
    assert!(
        shows(&state, &warning),
        "the clock may be why the codes failed"
    );
    assert!(!state.counts_down());

    // Starting again with a code from an authenticator on the server's time connects.
    assert!(state.can_connect());
    connect_until_the_code(&rt, &mut state);
    match submit(&rt, &mut state, &code_at(300)) {
        Action::Connected {
            connection, recent, ..
        } => {
            assert_eq!(connection.user, "twofa");
            assert!(recent.remember_password);
        }
        other => panic!("expected to be connected: {other:?}"),
    }
    rt.block_on(server.shutdown());
}

#[test]
fn a_server_on_time_gets_no_clock_warning_and_the_countdown_shows_while_the_code_is_asked() {
    let rt = runtime();
    let (server, _dir) = skewed_primary(&rt, 0);
    let mut state = State::new(Vec::new(), vec![twofa_preset(&server)]);
    connect_until_the_code(&rt, &mut state);
    let offset = state.clock.unwrap();
    assert!(!offset.is_worth_warning(), "{offset:?}");
    assert_eq!(state.clock_warning(), None);
    assert_eq!(text_containing(&state, "clock"), None);

    assert!(state.counts_down());
    state.update(Message::ClockTicked(fixed_now()));
    let left = crate::gui_support::seconds_left_by_hand(fixed_now(), offset.offset_ms());
    let countdown = format!("The current code changes in {left} s");
    assert!(shows(&state, &countdown));
    // A later tick moves it.
    state.update(Message::ClockTicked(
        fixed_now() + std::time::Duration::from_secs(1),
    ));
    let later = crate::gui_support::seconds_left_by_hand(
        fixed_now() + std::time::Duration::from_secs(1),
        offset.offset_ms(),
    );
    assert_ne!(left, later);
    assert!(shows(
        &state,
        &format!("The current code changes in {later} s")
    ));

    let answer = submit(&rt, &mut state, &code_at(0));
    assert!(matches!(answer, Action::Connected { .. }), "{answer:?}");
    assert!(
        !state.counts_down(),
        "no countdown once the code is no longer asked"
    );
    assert_eq!(text_containing(&state, "The current code changes in"), None);
    rt.block_on(server.shutdown());
}

// --- certificates over their lifetime -------------------------------------------------------

/// Password of `admin` in the demo seeds.
const ADMIN_PASSWORD: &str = "KscAdmin-2024";

/// A simulated primary whose certificate (397 days, as KSC makes them) expires `days` from now.
fn primary_expiring_in(
    rt: &tokio::runtime::Runtime,
    days: i64,
) -> (ksc_link::sim::ksc::KscSim, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = ksc_link::sim::ksc::KscSimConfig::new(dir.path());
    cfg.seed_text = Some(ksc_link::sim::ksc::seed::PRIMARY.to_string());
    cfg.certificate_validity = Some(ksc_link::sim::ksc::identity::Validity::expiring_in_days(
        days,
    ));
    let sim = rt.block_on(ksc_link::sim::ksc::start(cfg)).unwrap();
    (sim, dir)
}

/// The simulated primary as a preset, its certificate pinned and kept, `admin` filled in.
fn admin_preset(sim: &ksc_link::sim::ksc::KscSim) -> PresetServer {
    let der = sim.current_cert_der();
    PresetServer {
        label: "Simulated primary".into(),
        address: "127.0.0.1".into(),
        api_port: sim.api_port(),
        ssl_port: Some(sim.ssl_port()),
        user: "admin".into(),
        password: ADMIN_PASSWORD.into(),
        internal: true,
        pin: Pin::of_der(&der),
        certificate: Some(der),
    }
}

fn details_of(der: &[u8]) -> ksc_link::cert::CertificateDetails {
    ksc_link::cert::parse_certificate(der).unwrap()
}

fn now() -> time::OffsetDateTime {
    time::OffsetDateTime::now_utc()
}

/// Connect pressed on a server with a pin: the login's outcome fed back to the screen.
fn connect_with_pin(rt: &tokio::runtime::Runtime, state: &mut State) -> Action {
    let work = match click(state, "Connect").into_iter().next() {
        Some(Action::Run(w @ Work::Login { .. })) => w,
        other => panic!("a pinned server logs in directly: {other:?}"),
    };
    let m = run(rt, work);
    state.update(m)
}

#[test]
fn a_pinned_certificate_within_90_days_of_expiry_is_announced_with_its_date() {
    ksc_link::i18n::set_language(Some("en")).unwrap();
    let rt = runtime();

    // 91 days left: nothing to say yet.
    let (server, _dir) = primary_expiring_in(&rt, 91);
    let state = State::new(Vec::new(), vec![admin_preset(&server)]);
    assert_eq!(state.expiry_notice(now()), None);
    assert_eq!(text_containing(&state, "expires"), None);
    rt.block_on(server.shutdown());

    // 90 days: KSC makes its reserve now; a warning naming the date and the swap.
    let (server, _dir) = primary_expiring_in(&rt, 90);
    let cert = details_of(&server.current_cert_der());
    let mut state = State::new(Vec::new(), vec![admin_preset(&server)]);
    let (notice, urgent) = state.expiry_notice(now()).unwrap();
    assert!(!urgent, "not loud yet: {notice}");
    assert!(notice.contains(&show_date(cert.not_after)), "{notice}");
    assert!(notice.contains("89 days"), "{notice}");
    assert!(notice.contains("reserve certificate"), "{notice}");
    assert!(
        notice.contains(&show_date(cert.not_after - time::Duration::days(1))),
        "names the day of the swap: {notice}"
    );
    assert!(
        notice.contains("A custom certificate is not reissued"),
        "{notice}"
    );
    assert!(shows(&state, &notice));
    // Connecting still works, and the certificate is remembered with its pin.
    match connect_with_pin(&rt, &mut state) {
        Action::Connected { recent, .. } => {
            assert_eq!(recent.pinned_certificate_der(), Some(cert.der.clone()));
        }
        other => panic!("expected to be connected: {other:?}"),
    }
    rt.block_on(server.shutdown());

    // 30 days: louder.
    let (server, _dir) = primary_expiring_in(&rt, 30);
    let cert = details_of(&server.current_cert_der());
    let state = State::new(Vec::new(), vec![admin_preset(&server)]);
    let (notice, urgent) = state.expiry_notice(now()).unwrap();
    assert!(urgent, "{notice}");
    assert!(notice.contains("expires soon"), "{notice}");
    assert!(notice.contains(&show_date(cert.not_after)), "{notice}");
    assert!(notice.contains("29 days"), "{notice}");
    assert!(shows(&state, &notice));
    rt.block_on(server.shutdown());

    // Expired: said so, with the date.
    let (server, _dir) = primary_expiring_in(&rt, -2);
    let cert = details_of(&server.current_cert_der());
    let state = State::new(Vec::new(), vec![admin_preset(&server)]);
    let (notice, urgent) = state.expiry_notice(now()).unwrap();
    assert!(urgent);
    assert!(
        notice.contains(&format!("expired on {}", show_date(cert.not_after))),
        "{notice}"
    );
    assert!(shows(&state, &notice));
    rt.block_on(server.shutdown());
}

#[test]
fn a_pinned_certificate_kept_in_the_recent_list_is_announced_too() {
    ksc_link::i18n::set_language(Some("en")).unwrap();
    let (cert, _, _) = ksc_link::cert::generate_server_identity_between(
        &["ksc.corp.example".to_string()],
        now() - time::Duration::days(380),
        now() + time::Duration::days(17),
    )
    .unwrap();
    let recent = ksc_link::settings::RecentServer {
        address: "ksc.corp.example".into(),
        user: "admin".into(),
        internal: true,
        pinned_sha256: Some(cert.pin().to_string()),
        pinned_certificate: Some(ksc_link::settings::encode_certificate(&cert.der)),
        ..Default::default()
    };
    let mut state = State::new(vec![recent], Vec::new());
    let (notice, urgent) = state.expiry_notice(now()).unwrap();
    assert!(
        urgent && notice.contains(&show_date(cert.not_after)),
        "{notice}"
    );
    assert!(shows(&state, &notice));
    // Another server typed: its certificate is not this one.
    type_into(&mut state, "connect-address", ".other");
    assert_eq!(state.expiry_notice(now()), None);
}

fn show_date(t: time::OffsetDateTime) -> String {
    ksc_link::gui::widget::cert_card::show_date(t)
}

/// The validity line of a certificate as the comparison shows it.
fn validity(d: &ksc_link::cert::CertificateDetails) -> String {
    format!(
        "from {} to {}",
        show_date(d.not_before),
        show_date(d.not_after)
    )
}

#[test]
fn the_reserve_swapped_in_near_expiry_is_explained_and_still_confirmed_by_fingerprint() {
    ksc_link::i18n::set_language(Some("en")).unwrap();
    let rt = runtime();
    let (server, _dir) = primary_expiring_in(&rt, 10);
    let old = details_of(&server.current_cert_der());
    let mut state = State::new(Vec::new(), vec![admin_preset(&server)]);

    // KSC made its reserve at the 90-day mark and swaps it in a day before expiry.
    let reserve = server.make_reserve_certificate().unwrap();
    assert_eq!(
        server.current_cert_der(),
        old.der,
        "not presented before the swap"
    );
    let new = server.swap_in_reserve().unwrap();
    assert_eq!(new.der, reserve.der);

    assert!(matches!(connect_with_pin(&rt, &mut state), Action::None));
    let Phase::Confirm {
        previous,
        previous_certificate,
        details,
    } = &state.phase
    else {
        panic!("expected the alarm, got {:?}", state.phase);
    };
    assert_eq!(*previous, Some(old.pin()));
    assert_eq!(previous_certificate.as_ref().unwrap().der, old.der);
    assert_eq!(details.der, new.der);

    let (explanation, why) = state.change_explanation(now()).unwrap();
    assert!(why.is_empty(), "{why:?}");
    assert!(
        explanation.contains(&format!("expires on {}", show_date(old.not_after))),
        "{explanation}"
    );
    assert!(
        explanation.contains("swaps it in one day before expiry"),
        "{explanation}"
    );
    assert!(
        explanation.contains("most likely that renewal"),
        "{explanation}"
    );
    assert!(explanation.contains("klserver.cer"), "{explanation}");
    assert!(shows(
        &state,
        "WARNING: the server's certificate has changed"
    ));
    assert!(shows(&state, &explanation));
    assert_eq!(text_containing(&state, "Why this is not"), None);
    // Both certificates side by side: validity and fingerprint.
    assert!(shows(&state, "Trusted until now"));
    assert!(shows(&state, "Presented now"));
    assert!(shows(&state, &validity(&old)));
    assert!(shows(&state, &validity(&new)));
    assert!(shows(&state, &old.sha256_colon()));
    assert!(shows(&state, &new.sha256_colon()));
    // The alarm speaks for the old certificate's expiry meanwhile.
    assert_eq!(text_containing(&state, "expires soon"), None);

    // Nothing is trusted until the admin says so: Enter does nothing, the old pin stays.
    assert!(
        state
            .shortcut(ksc_link::gui::widget::shortcuts::Shortcut::Default)
            .is_none()
    );
    assert_eq!(
        state.pin_for("127.0.0.1", server.api_port()),
        Some(old.pin())
    );

    // Confirming re-pins the new certificate (with the certificate itself) and logs in.
    let actions = click(&mut state, "Trust the new certificate");
    let Some(Action::Pin {
        pin,
        certificate,
        then: Some(login),
        ..
    }) = actions.into_iter().next()
    else {
        panic!("expected a pin");
    };
    assert_eq!(pin, new.pin());
    assert_eq!(certificate, new.der);
    assert_eq!(
        state.pin_for("127.0.0.1", server.api_port()),
        Some(new.pin())
    );
    let m = run(&rt, login);
    match state.update(m) {
        Action::Connected {
            connection, recent, ..
        } => {
            assert_eq!(connection.pin, new.pin());
            assert_eq!(recent.pinned_sha256, Some(new.pin().to_string()));
            assert_eq!(recent.pinned_certificate_der(), Some(new.der.clone()));
        }
        other => panic!("expected to be connected: {other:?}"),
    }
    // The new certificate has 397 days ahead: nothing to announce any more.
    assert_eq!(state.expiry_notice(now()), None);
    rt.block_on(server.shutdown());
}

#[test]
fn a_reinstalled_server_is_explained_otherwise_and_cancel_keeps_the_old_pin() {
    ksc_link::i18n::set_language(Some("en")).unwrap();
    let rt = runtime();
    let (server, _dir) = primary_expiring_in(&rt, 200);
    let old = details_of(&server.current_cert_der());
    let mut state = State::new(Vec::new(), vec![admin_preset(&server)]);
    assert_eq!(state.expiry_notice(now()), None);

    // Reinstalled (or klsetsrvcert) long before the old certificate's expiry, same names.
    let (new, identity, _) = ksc_link::cert::generate_server_identity(
        &["localhost".to_string(), "127.0.0.1".to_string()],
        397,
    )
    .unwrap();
    server.reinstall(identity).unwrap();

    assert!(matches!(connect_with_pin(&rt, &mut state), Action::None));
    let (explanation, why) = state.change_explanation(now()).unwrap();
    assert!(
        explanation.contains("the server was reinstalled or given another certificate"),
        "{explanation}"
    );
    assert!(explanation.contains("intercepting"), "{explanation}");
    assert!(shows(&state, &explanation));
    assert!(shows(
        &state,
        "Why this is not KSC's reserve certificate swapped in:"
    ));
    let not_due = format!(
        "• the trusted certificate is valid until {}, more than 90 days ahead: KSC had not made its reserve certificate yet",
        show_date(old.not_after)
    );
    assert!(why.iter().any(|w| not_due.ends_with(w.as_str())), "{why:?}");
    assert!(shows(&state, &not_due));
    assert!(shows(&state, &validity(&old)));
    assert!(shows(&state, &validity(&new)));
    assert!(shows(&state, &old.sha256_colon()));
    assert!(shows(&state, &new.sha256_colon()));
    assert_eq!(text_containing(&state, "most likely that renewal"), None);

    // Cancel: nothing pinned, nothing sent; the old pin and certificate stay.
    let actions = click(&mut state, "Cancel");
    assert!(
        actions.iter().all(|a| matches!(a, Action::None)),
        "{actions:?}"
    );
    assert_eq!(state.phase, Phase::Editing);
    assert!(state.error.as_deref().unwrap().contains("not trusted"));
    assert_eq!(
        state.pin_for("127.0.0.1", server.api_port()),
        Some(old.pin())
    );
    assert_eq!(
        state
            .pinned_certificate("127.0.0.1", server.api_port())
            .map(|c| c.der.clone()),
        Some(old.der.clone())
    );
    // Connecting again meets the same alarm: never accepted silently.
    assert!(matches!(connect_with_pin(&rt, &mut state), Action::None));
    assert!(matches!(
        state.phase,
        Phase::Confirm {
            previous: Some(_),
            ..
        }
    ));
    rt.block_on(server.shutdown());
}
