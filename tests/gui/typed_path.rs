//! When no file dialog can be shown (Linux without a file-chooser portal and without zenity),
//! "Browse…" says so and offers a field for the path; a typed or pasted path is read exactly
//! as a picked one. The work's answer "no dialog" is fed as the dialog work would send it.
//! Run with ICED_TEST_BACKEND=tiny-skia.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use ksc_link::fl;
use ksc_link::gui::screen::{secondary, wizard};
use ksc_link::gui::widget::path_entry;
use ksc_link::hierarchy::wizard::{CertificateSource, PrimaryContext, Step};
use ksc_link::kloapi::{ConnectOptions, KscClient};
use ksc_link::sim::ksc::link::LinkConfig;
use ksc_link::sim::pair::start_pair;
use ksc_link::tls::Pin;

use crate::common;
use crate::gui_support::{self, WINDOW, Window, feed, runtime, settle};

const PRIMARY_CERT: &str = "tests/fixtures/primary-klserver.cer";
const SECONDARY_CERT: &str = "tests/fixtures/secondary-klserver.cer";

/// The wizard on a primary that is never called, on its certificate step.
fn wizard_on_certificate_step() -> wizard::State {
    use gui_support::{click, type_into};
    use ksc_link::gui::screen::wizard::{Message, group};
    let primary_der = std::fs::read(PRIMARY_CERT).unwrap();
    let mut opts = ConnectOptions::new("ksc-hq.corp.example", Pin::of_der(&primary_der));
    opts.port = 13299;
    let mut s = wizard::State::new(
        KscClient::new(opts).unwrap(),
        PrimaryContext {
            address: "ksc-hq.corp.example".into(),
            certificate: primary_der,
            groups: vec![ksc_link::kloapi::GroupNode {
                id: 0,
                name: "Managed devices".into(),
                children: vec![],
            }],
        },
    );
    click(&mut s, "Managed devices");
    feed(
        &mut s,
        [Message::Group(group::Message::NamesLoaded(0, Ok(vec![])))],
    );
    click(&mut s, "Next");
    type_into(&mut s, "server-name", "Berlin office");
    type_into(&mut s, "server-address", "ksc-berlin.corp.example");
    click(&mut s, "Next");
    assert_eq!(s.wizard.step(), Step::Certificate);
    s
}

#[test]
fn wizard_without_a_file_dialog_reads_the_typed_certificate_path() {
    use gui_support::{click, enter_in, is_enabled, shows, type_into};
    use wizard::{Message, Work, certificate};
    let rt = runtime();
    let mut s = wizard_on_certificate_step();
    let unavailable = fl!("dialog-unavailable");
    assert!(
        !shows(&s, &unavailable),
        "the field is there only when needed"
    );

    let work = click(&mut s, &fl!("wizard-certificate-browse"));
    assert!(
        matches!(work.as_slice(), [Work::PickCertificateFile]),
        "{work:?}"
    );
    feed(
        &mut s,
        [Message::Certificate(certificate::Message::TypedPath(
            path_entry::Message::NoDialog,
        ))],
    );
    assert!(shows(&s, &unavailable));
    assert!(shows(&s, &fl!("dialog-path-placeholder")));
    assert!(
        !is_enabled(&s, &fl!("dialog-path-open")),
        "nothing typed yet"
    );

    // Pasted from a file manager: in quotes, with a blank after it.
    let path = std::fs::canonicalize(SECONDARY_CERT).unwrap();
    let work = type_into(
        &mut s,
        certificate::CERTIFICATE_PATH_ID,
        &format!("'{}' ", path.display()),
    );
    assert!(work.is_empty(), "typing reads nothing: {work:?}");
    let work = enter_in(&mut s, certificate::CERTIFICATE_PATH_ID);
    let [Work::LoadCertificateFile(read)] = work.as_slice() else {
        panic!("Enter must read the typed file: {work:?}");
    };
    assert_eq!(read, &path);
    settle(&rt, &mut s, work);
    let chosen = s.wizard.form.certificate.clone().unwrap();
    assert_eq!(chosen.source, CertificateSource::File(path.clone()));
    assert!(chosen.details.subject.contains("ksc-berlin"), "{chosen:?}");
    assert!(shows(
        &s,
        &fl!(
            "wizard-certificate-from-file",
            path = path.display().to_string()
        )
    ));
    assert!(s.wizard.can_advance());
}

/// The secondary page in a window tall enough to show all of it.
const TALL: Window = Window::sized((WINDOW.0, 2600.0));

#[test]
fn secondary_page_without_a_file_dialog_reads_typed_certificate_and_join_file_paths() {
    use secondary::{Message, State, Work, ids};
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let pair = rt
        .block_on(start_pair(&dir.path().join("sim"), LinkConfig::fast()))
        .unwrap();
    let [_, sc] = pair.cards();
    let client = rt.block_on(common::sign_in(&sc));
    let mut state = State::new(client, "ksc-branch".into(), vec![dir.path().join("media")]);
    let work = state.open();
    settle(&rt, &mut state, work);
    assert!(state.current.is_some(), "{:?}", state.load_error);
    let unavailable = fl!("dialog-unavailable");
    assert!(!TALL.shows(&state, &unavailable));

    // The certificate: "Browse…", no dialog, the path typed and opened with "Open".
    TALL.click(&mut state, &secondary::secondary_label());
    let work = TALL.click(&mut state, &fl!("secondary-browse"));
    assert!(
        matches!(work.as_slice(), [Work::PickCertificateFile { .. }]),
        "{work:?}"
    );
    feed(
        &mut state,
        [Message::CertificatePath(path_entry::Message::NoDialog)],
    );
    assert!(TALL.shows(&state, &unavailable));
    let path = std::fs::canonicalize(PRIMARY_CERT).unwrap();
    TALL.type_into(
        &mut state,
        ids::CERTIFICATE_PATH,
        &path.display().to_string(),
    );
    let work = TALL.click(&mut state, &fl!("dialog-path-open"));
    assert!(
        matches!(work.as_slice(), [Work::LoadCertificateFile(p)] if *p == path),
        "{work:?}"
    );
    settle(&rt, &mut state, work);
    let chosen = state.form.certificate.clone().unwrap();
    assert_eq!(chosen.source, CertificateSource::File(path.clone()));
    assert!(
        state.certificate_error.is_none(),
        "{:?}",
        state.certificate_error
    );

    // The join file: its own field; a cut-off file typed there is read and refused by name,
    // as a picked one is.
    let cut = dir.path().join("cut.ksc-join.toml");
    std::fs::write(&cut, "# ksc-link join file\nformat = \"ksc-link-join\"\n").unwrap();
    let work = TALL.click(&mut state, &fl!("secondary-import-join-file"));
    assert!(
        matches!(work.as_slice(), [Work::PickJoinFile { .. }]),
        "{work:?}"
    );
    feed(
        &mut state,
        [Message::JoinPath(path_entry::Message::NoDialog)],
    );
    TALL.type_into(
        &mut state,
        ids::JOIN_PATH,
        &format!("file://{}", cut.display()),
    );
    let work = TALL.enter_in(&mut state, ids::JOIN_PATH);
    assert!(
        matches!(work.as_slice(), [Work::LoadJoinFile(p)] if *p == cut),
        "{work:?}"
    );
    settle(&rt, &mut state, work);
    let refused = state.join_error.clone().unwrap();
    assert!(refused.contains(&cut.display().to_string()), "{refused}");
    // The certificate typed before stays.
    assert_eq!(
        state.form.certificate.map(|c| c.source),
        Some(CertificateSource::File(path))
    );
    rt.block_on(pair.shutdown());
}

#[test]
fn a_typed_path_is_taken_as_pasted_from_a_file_manager() {
    let mut entry = path_entry::PathEntry::default();
    assert!(!entry.is_shown());
    assert_eq!(entry.update(path_entry::Message::NoDialog), None);
    assert!(entry.is_shown());
    for (typed, path) in [
        ("/media/usb/klserver.cer", Some("/media/usb/klserver.cer")),
        (
            "  /media/usb/klserver.cer\n",
            Some("/media/usb/klserver.cer"),
        ),
        (
            "'/media/my usb/klserver.cer'",
            Some("/media/my usb/klserver.cer"),
        ),
        (
            "\"/media/usb/klserver.cer\"",
            Some("/media/usb/klserver.cer"),
        ),
        (
            "file:///media/usb/klserver.cer",
            Some("/media/usb/klserver.cer"),
        ),
        ("   ", None),
        ("''", None),
    ] {
        entry.update(path_entry::Message::Changed(typed.into()));
        assert_eq!(
            entry.update(path_entry::Message::Submitted),
            path.map(PathBuf::from),
            "{typed:?}"
        );
    }
}

/// The join-file page without a save dialog: both "Save…" buttons offer a path field, and the
/// files are written where typed.
#[test]
fn export_page_without_a_save_dialog_writes_to_typed_paths() {
    use ksc_link::gui::screen::export::{self, Loaded, Message, State, Work};
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let pair = rt
        .block_on(start_pair(&dir.path().join("sim"), LinkConfig::fast()))
        .unwrap();
    let [pc, _] = pair.cards();
    let client = rt.block_on(common::sign_in(&pc));
    let mut state = State::new(client, "ksc-hq.corp.example".into(), pc.api_port, vec![]);
    let certificate = ksc_link::cert::load_certificate_file(&pc.cert_path).unwrap();
    feed(
        &mut state,
        [Message::Loaded(Ok(Box::new(Loaded {
            certificate: certificate.clone(),
            local: None,
            drive: None,
        })))],
    );
    let save = fl!("dialog-unavailable-save");
    assert!(!TALL.shows(&state, &save));

    let work = TALL.click(&mut state, &fl!("export-save-join-file"));
    assert!(
        matches!(work.as_slice(), [Work::PickPath { join: true, .. }]),
        "{work:?}"
    );
    feed(
        &mut state,
        [Message::JoinTypedPath(path_entry::Message::NoDialog)],
    );
    assert!(TALL.shows(&state, &save));
    let join = dir.path().join("typed-join.toml");
    TALL.type_into(
        &mut state,
        export::JOIN_PATH_ID,
        &join.display().to_string(),
    );
    let work = TALL.enter_in(&mut state, export::JOIN_PATH_ID);
    assert!(
        matches!(&work[..], [Work::WriteJoinFile { path, .. }] if *path == join),
        "{work:?}"
    );
    settle(&rt, &mut state, work);
    let read = ksc_link::hierarchy::join_file::JoinFile::read(&join).unwrap();
    assert_eq!(read.fingerprint(), certificate.sha256_colon());

    let work = TALL.click(&mut state, &fl!("export-save-certificate"));
    assert!(
        matches!(work.as_slice(), [Work::PickPath { join: false, .. }]),
        "{work:?}"
    );
    feed(
        &mut state,
        [Message::CertificateTypedPath(path_entry::Message::NoDialog)],
    );
    let cer = dir.path().join("typed-klserver.cer");
    TALL.type_into(
        &mut state,
        export::CERTIFICATE_PATH_ID,
        &cer.display().to_string(),
    );
    let work = TALL.enter_in(&mut state, export::CERTIFICATE_PATH_ID);
    settle(&rt, &mut state, work);
    assert_eq!(std::fs::read(&cer).unwrap(), certificate.der);
    rt.block_on(pair.shutdown());
}

/// The wizard's "Save the primary's certificate…" without a save dialog writes where typed.
#[test]
fn wizard_saves_the_primary_certificate_to_a_typed_path() {
    use wizard::{Message, Work, credentials};
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let mut s = wizard_on_certificate_step();
    match s.update(Message::Credentials(
        credentials::Message::SavePrimaryCertificatePressed,
    )) {
        wizard::Action::Run(Work::SavePrimaryCertificate { .. }) => {}
        other => panic!("{other:?}"),
    }
    feed(
        &mut s,
        [Message::Credentials(
            credentials::Message::PrimaryCertificateTypedPath(path_entry::Message::NoDialog),
        )],
    );
    assert!(s.primary_certificate_path.is_shown());
    let cer = dir.path().join("klserver.cer");
    let work = feed(
        &mut s,
        [
            Message::Credentials(credentials::Message::PrimaryCertificateTypedPath(
                path_entry::Message::Changed(cer.display().to_string()),
            )),
            Message::Credentials(credentials::Message::PrimaryCertificateTypedPath(
                path_entry::Message::Submitted,
            )),
        ],
    );
    assert!(
        matches!(&work[..], [Work::WritePrimaryCertificate { path, .. }] if *path == cer),
        "{work:?}"
    );
    settle(&rt, &mut s, work);
    let saved = ksc_link::cert::load_certificate_file(&cer).unwrap();
    assert_eq!(saved.der, std::fs::read(PRIMARY_CERT).unwrap());
    assert!(s.saved_note.as_ref().is_some_and(|(ok, _)| *ok));
}

/// The KES Cloud workspace list's "Import CSV…" without a file dialog reads the typed path.
#[test]
fn prerequisites_import_the_workspace_list_from_a_typed_path() {
    use ksc_link::gui::screen::prerequisites::{Action, Message, State, Work};
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("workspaces.csv");
    std::fs::write(&csv, "Workspace name,Devices\nNord,12\nSüd,3\n").unwrap();
    let primary_der = std::fs::read(PRIMARY_CERT).unwrap();
    let client = KscClient::new(ConnectOptions::new(
        "ksc-hq.corp.example",
        Pin::of_der(&primary_der),
    ))
    .unwrap();
    let mut state = State::new(client, None, None);
    assert!(matches!(
        state.update(Message::ImportWorkspacesPressed),
        Action::Run(Work::PickWorkspaceCsv)
    ));
    let mut queue = vec![
        Message::WorkspaceCsvTypedPath(path_entry::Message::NoDialog),
        Message::WorkspaceCsvTypedPath(path_entry::Message::Changed(format!(
            "\"{}\"",
            csv.display()
        ))),
        Message::WorkspaceCsvTypedPath(path_entry::Message::Submitted),
    ];
    let mut read = false;
    while !queue.is_empty() {
        match state.update(queue.remove(0)) {
            Action::Run(w @ Work::ReadWorkspaceCsv(_)) => {
                read = true;
                queue.push(rt.block_on(w.run()));
            }
            Action::None => {}
            other => panic!("{other:?}"),
        }
    }
    assert!(read, "the typed path was read");
    assert_eq!(state.workspaces_text().trim(), "Nord\nSüd");
}
