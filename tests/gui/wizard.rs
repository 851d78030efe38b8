//! The add-secondary wizard driven through iced_test's Simulator: clicks and typing on the real
//! views, the returned work run for real (certificate files, TLS handshakes, logins), results fed
//! back as the app shell does. Run with ICED_TEST_BACKEND=tiny-skia.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use futures::StreamExt;
use iced_test::{Simulator, selector};
use ksc_link::gui::screen::wizard::{self, Action, Message, State, Work, certificate, group};
use ksc_link::hierarchy::wizard::{LoginCheck, PrimaryContext, Step};
use ksc_link::kloapi::{ConnectOptions, GroupNode, KscClient};
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

/// A port on 127.0.0.1 where nothing listens (bound by the OS, then released).
fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

/// A TLS server on 127.0.0.1 presenting `identity`, as a secondary's SSL port does.
fn tls_server(
    rt: &tokio::runtime::Runtime,
    identity: ksc_link::tls::Identity,
) -> (u16, tokio::task::JoinHandle<()>) {
    let config = ksc_link::tls::server_config(identity, None).unwrap();
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let port = listener.local_addr().unwrap().port();
    let acceptor = tokio_rustls::TlsAcceptor::from(config);
    let handle = rt.spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let _ = acceptor.accept(tcp).await;
            });
        }
    });
    (port, handle)
}

fn groups() -> Vec<GroupNode> {
    let g = |id, name: &str, children| GroupNode {
        id,
        name: name.into(),
        children,
    };
    vec![g(
        0,
        "Managed devices",
        vec![
            g(5, "Branches", vec![g(6, "Berlin", vec![])]),
            g(8, "Servers", vec![]),
        ],
    )]
}

fn new_state(primary_port: u16) -> State {
    let mut opts = ConnectOptions::new("127.0.0.1", Pin::of_der(b"primary"));
    opts.port = primary_port;
    let primary = KscClient::new(opts).unwrap();
    State::new(
        primary,
        PrimaryContext {
            address: "ksc-hq.example.com".into(),
            certificate: vec![0x30, 0x03, 0x02, 0x01, 0x01],
            groups: groups(),
        },
    )
}

/// Feeds `messages` and returns the work they asked for.
fn feed(state: &mut State, messages: impl IntoIterator<Item = Message>) -> Vec<Work> {
    let mut work = Vec::new();
    for m in messages {
        match state.update(m) {
            Action::Run(w) => work.push(w),
            Action::None
            | Action::Close
            | Action::ExportJoinFile
            | Action::CopyToClipboard(_)
            | Action::RememberProxy { .. } => {}
        }
    }
    work
}

/// Runs work as the shell would and feeds its messages back, until no work is left.
fn settle(rt: &tokio::runtime::Runtime, state: &mut State, mut work: Vec<Work>) {
    while let Some(w) = work.pop() {
        let messages: Vec<Message> = rt.block_on(w.into_stream().collect());
        work.extend(feed(state, messages));
    }
}

fn click(state: &mut State, label: &str) -> Vec<Work> {
    let mut ui = sim(state.view());
    ui.click(label).unwrap_or_else(|e| panic!("{label}: {e}"));
    let messages: Vec<_> = ui.into_messages().collect();
    feed(state, messages)
}

fn type_into(state: &mut State, id: &'static str, text: &str) -> Vec<Work> {
    let mut ui = sim(state.view());
    ui.click(selector::id(id))
        .unwrap_or_else(|e| panic!("{id}: {e}"));
    ui.typewrite(text);
    let messages: Vec<_> = ui.into_messages().collect();
    feed(state, messages)
}

fn shows(state: &State, needle: &str) -> bool {
    let mut ui = sim(state.view());
    ui.find(needle).is_ok()
}

fn snapshot(state: &State, name: &str) {
    let mut ui = sim(state.view());
    let snap = ui
        .snapshot(&ksc_link::gui::style::palette::light())
        .unwrap();
    assert!(
        snap.matches_hash(format!("tests/snapshots/{name}"))
            .unwrap(),
        "snapshot {name} changed"
    );
}

#[test]
fn wizard_from_group_to_credentials_with_fetched_and_file_certificates() {
    let rt = runtime();
    let mut state = new_state(closed_port());

    // Step 1: Next is disabled until a group is chosen; choosing one reads its names.
    assert!(!state.wizard.can_advance());
    snapshot(&state, "wizard_1_group");
    let work = type_into(&mut state, "group-search", "ber");
    assert!(work.is_empty());
    assert!(!shows(&state, "Servers"), "the search hides other groups");
    let work = click(&mut state, "Berlin");
    assert_eq!(state.wizard.form.group_id, Some(6));
    assert!(matches!(
        work.as_slice(),
        [Work::LoadNames { group_id: 6, .. }]
    ));
    // The primary is unreachable here: the failure is shown with a way to retry.
    settle(&rt, &mut state, work);
    assert!(
        state
            .names_error
            .as_deref()
            .unwrap()
            .contains("Could not read")
    );
    // The primary's answer (as a simulator gives it) unblocks the server step.
    feed(
        &mut state,
        [Message::Group(group::Message::NamesLoaded(
            6,
            Ok(vec!["Old Berlin".into()]),
        ))],
    );
    assert!(state.names_error.is_none());
    click(&mut state, "Next");
    assert_eq!(state.wizard.step(), Step::Server);

    // Step 2: a taken name is refused inline; DMZ makes the address required.
    type_into(&mut state, "server-name", "old berlin");
    assert!(shows(
        &state,
        "A secondary server with this name already exists in the group"
    ));
    assert!(!state.wizard.can_advance());
    type_into(&mut state, "server-name", " office");
    assert_eq!(state.wizard.form.display_name, "old berlin office");
    click(
        &mut state,
        "Connect primary Administration Server to secondary Administration Server in DMZ",
    );
    assert!(state.wizard.form.dmz);
    assert!(shows(
        &state,
        "Required in DMZ mode: the primary server connects to this address"
    ));
    assert!(!state.wizard.can_advance());
    type_into(&mut state, "server-address", "127.0.0.1");
    let (details, identity, _) =
        ksc_link::cert::generate_server_identity(&["127.0.0.1".to_string()], 365).unwrap();
    let (ssl_port, server) = tls_server(&rt, identity);
    state.wizard.form.ssl_port.clear();
    type_into(&mut state, "server-ssl-port", &ssl_port.to_string());
    assert!(state.wizard.can_advance());
    snapshot_ignoring_port(&mut state);
    click(&mut state, "Next");
    assert_eq!(state.wizard.step(), Step::Certificate);

    // Step 3: fetched from the secondary, then confirmed.
    assert!(!state.wizard.can_advance());
    let work = click(&mut state, "Get from secondary Administration Server");
    settle(&rt, &mut state, work);
    let chosen = state.wizard.form.certificate.clone().unwrap();
    assert_eq!(chosen.details.sha256, details.sha256);
    assert!(shows(&state, &details.sha256_colon()));
    assert!(
        !state.wizard.can_advance(),
        "a fetched certificate must be confirmed"
    );
    click(
        &mut state,
        "I compared the fingerprint with the one shown on the secondary server",
    );
    assert!(state.wizard.can_advance());
    server.abort();

    // ... or from a file, which replaces it (PEM here).
    let dir = tempfile::tempdir().unwrap();
    let (file_details, _, _) =
        ksc_link::cert::generate_server_identity(&["ksc-berlin".to_string()], 365).unwrap();
    let path = dir.path().join("klserver.pem");
    std::fs::write(&path, file_details.to_pem()).unwrap();
    let work = feed(
        &mut state,
        [Message::Certificate(certificate::Message::FileChosen(
            Some(path.clone()),
        ))],
    );
    settle(&rt, &mut state, work);
    let chosen = state.wizard.form.certificate.clone().unwrap();
    assert_eq!(chosen.details.sha256, file_details.sha256);
    assert!(
        state.wizard.can_advance(),
        "a chosen file needs no confirmation"
    );
    assert!(shows(&state, &format!("From the file {}", path.display())));
    // A file that is not a certificate is refused with the reason.
    let bad = dir.path().join("notes.txt");
    std::fs::write(&bad, "hello").unwrap();
    let work = feed(
        &mut state,
        [Message::Certificate(certificate::Message::FileChosen(
            Some(bad),
        ))],
    );
    settle(&rt, &mut state, work);
    assert!(state.certificate_error.is_some());
    assert_eq!(
        state
            .wizard
            .form
            .certificate
            .as_ref()
            .unwrap()
            .details
            .sha256,
        file_details.sha256
    );
    click(&mut state, "Next");

    // Step 4: prefilled with the primary's address; a proxy needs an address.
    assert_eq!(state.wizard.step(), Step::Connection);
    assert_eq!(state.wizard.form.primary_address, "ksc-hq.example.com");
    snapshot(&state, "wizard_4_connection");
    click(
        &mut state,
        "The secondary server uses a proxy server to reach the primary",
    );
    assert!(!state.wizard.can_advance());
    type_into(&mut state, "proxy-address", "proxy.example.com");
    assert!(state.wizard.can_advance());
    click(&mut state, "Next");
    assert_eq!(state.wizard.step(), Step::Credentials);

    // Step 5: the secondary's API port is closed: the message names the step and advises.
    state.wizard.form.api_port = closed_port().to_string();
    type_into(&mut state, "secondary-user", "admin");
    type_into(&mut state, "secondary-password", "secret");
    assert!(!state.wizard.can_advance());
    let work = click(&mut state, "Check credentials");
    assert_eq!(state.wizard.login, LoginCheck::Checking);
    settle(&rt, &mut state, work);
    let LoginCheck::Failed(why) = &state.wizard.login else {
        panic!("expected a failure, got {:?}", state.wizard.login);
    };
    assert!(why.contains("127.0.0.1"), "{why}");
    assert!(
        why.contains("specify the secondary's certificate manually"),
        "{why}"
    );
    assert!(!state.wizard.can_advance());
    assert!(state.secondary.is_none());

    // Back keeps everything typed.
    for _ in 0..4 {
        click(&mut state, "Back");
    }
    assert_eq!(state.wizard.step(), Step::Group);
    assert_eq!(state.wizard.form.display_name, "old berlin office");
    assert_eq!(state.wizard.form.proxy_address, "proxy.example.com");
    assert_eq!(state.wizard.form.user, "admin");
}

/// The server step's snapshot, with the OS-chosen port replaced by the documented default.
fn snapshot_ignoring_port(state: &mut State) {
    let port = std::mem::replace(&mut state.wizard.form.ssl_port, "13000".into());
    snapshot(state, "wizard_2_server_dmz");
    state.wizard.form.ssl_port = port;
}

#[test]
fn cancel_asks_first_when_something_was_typed() {
    let mut state = new_state(closed_port());
    // Nothing typed: Cancel closes at once.
    assert!(matches!(
        state.update(Message::CancelPressed),
        Action::Close
    ));
    feed(&mut state, [Message::Group(group::Message::Chosen(8))]);
    assert!(matches!(state.update(Message::CancelPressed), Action::None));
    assert!(state.confirm_cancel);
    assert!(shows(
        &state,
        "Discard what you typed and close the wizard?"
    ));
    click(&mut state, "Keep editing");
    assert!(!state.confirm_cancel);
    state.update(Message::CancelPressed);
    let mut ui = sim(state.view());
    ui.click("Discard").unwrap();
    let m: Vec<_> = ui.into_messages().collect();
    assert!(matches!(
        state.update(m.into_iter().next().unwrap()),
        Action::Close
    ));
}

#[test]
fn finish_without_a_logged_in_secondary_is_refused_with_a_message() {
    let mut state = new_state(closed_port());
    let r = wizard::finish::update(&mut state, wizard::finish::Message::RetryPressed);
    assert!(matches!(r, Action::None));
    assert!(
        state
            .run
            .failure
            .as_deref()
            .unwrap()
            .contains("not logged in")
    );
}
