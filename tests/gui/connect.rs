//! The connect screen driven through iced_test's Simulator: the first connection shows the
//! server's certificate and pins it only when trusted; a changed certificate stops the login with
//! a loud warning. Run with ICED_TEST_BACKEND=tiny-skia.
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
    } = &state.phase
    else {
        panic!("expected the warning, got {:?}", state.phase);
    };
    assert_eq!(*previous, Some(old));
    assert_eq!(shown.sha256, details.sha256);
    assert!(shows(
        &state,
        "WARNING: the server's certificate has changed"
    ));
    assert_eq!(
        state.pin_for("127.0.0.1", port),
        Some(old),
        "the old pin stays"
    );
    click(&mut state, "Cancel");
    assert_eq!(state.pin_for("127.0.0.1", port), Some(old));
    assert!(state.error.as_deref().unwrap().contains("not trusted"));
}
