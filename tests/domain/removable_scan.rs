//! Certificate discovery on "removable drives": a temporary folder laid out like
//! `/media/<user>/<label>/…`, with zero, one and several certificates, and entries that cannot
//! be read or are not certificates.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use ksc_link::cert::{CertificateDetails, generate_server_identity};
use ksc_link::removable::{self, Scan};

fn cert(name: &str) -> CertificateDetails {
    generate_server_identity(&[name.to_string()], 365)
        .unwrap()
        .0
}

/// `<tmp>/media/alice`, the root the scan is pointed at, with the drive `label` created.
fn media(tmp: &Path, labels: &[&str]) -> PathBuf {
    let root = tmp.join("media").join("alice");
    for l in labels {
        std::fs::create_dir_all(root.join(l)).unwrap();
    }
    root
}

fn scan(root: &Path) -> Scan {
    removable::scan(&[root.to_path_buf()])
}

#[test]
fn no_drive_and_an_empty_drive_have_no_candidates() {
    let tmp = tempfile::tempdir().unwrap();
    let root = media(tmp.path(), &[]);
    let s = scan(&root);
    assert!(s.drives.is_empty() && s.candidates.is_empty());

    let root = media(tmp.path(), &["KINGSTON"]);
    std::fs::write(root.join("KINGSTON/readme.txt"), "hello").unwrap();
    let s = scan(&root);
    assert_eq!(s.drives, vec![root.join("KINGSTON")]);
    assert!(s.candidates.is_empty());
    assert!(s.only_candidate().is_none());
    // The file dialog still opens on the drive.
    assert_eq!(s.dialog_directory(), Some(root.join("KINGSTON").as_path()));
}

#[test]
fn the_only_certificate_is_picked_with_its_fingerprint_and_expiry() {
    let tmp = tempfile::tempdir().unwrap();
    let root = media(tmp.path(), &["KINGSTON"]);
    let c = cert("ksc-hq.corp");
    std::fs::write(root.join("KINGSTON/klserver.cer"), &c.der).unwrap();
    let s = scan(&root);
    let only = s.only_candidate().expect("one candidate");
    assert_eq!(only.path, root.join("KINGSTON/klserver.cer"));
    assert_eq!(only.drive, root.join("KINGSTON"));
    assert!(only.is_klserver());
    assert_eq!(only.details.sha256, c.sha256);
    assert_eq!(only.details.not_after, c.not_after);
    assert_eq!(only.display_name(), "KINGSTON: klserver.cer");
}

#[test]
fn several_certificates_on_two_levels_klserver_first_deeper_ignored() {
    let tmp = tempfile::tempdir().unwrap();
    let root = media(tmp.path(), &["BACKUP", "KINGSTON/ksc/deeper"]);
    let hq = cert("ksc-hq.corp");
    let other = cert("other.corp");
    let deep = cert("deep.corp");
    std::fs::write(root.join("BACKUP/other.pem"), other.to_pem()).unwrap();
    std::fs::write(root.join("KINGSTON/ksc/klserver.cer"), &hq.der).unwrap();
    std::fs::write(root.join("KINGSTON/hq.CRT"), hq.to_pem()).unwrap();
    // Three levels down: not looked at.
    std::fs::write(root.join("KINGSTON/ksc/deeper/deep.cer"), &deep.der).unwrap();
    let s = scan(&root);
    let found: Vec<_> = s.candidates.iter().map(|c| c.path.clone()).collect();
    assert_eq!(
        found,
        vec![
            root.join("KINGSTON/ksc/klserver.cer"),
            root.join("BACKUP/other.pem"),
            root.join("KINGSTON/hq.CRT"),
        ]
    );
    assert!(s.only_candidate().is_none(), "several: the admin chooses");
    assert_eq!(s.drives, vec![root.join("BACKUP"), root.join("KINGSTON")]);
    assert_eq!(s.dialog_directory(), Some(root.join("KINGSTON").as_path()));
}

#[test]
fn unreadable_and_wrong_entries_are_skipped_without_failing() {
    let tmp = tempfile::tempdir().unwrap();
    let root = media(tmp.path(), &["STICK/folder.cer", "STICK/locked"]);
    let drive = root.join("STICK");
    let good = cert("ksc-hq.corp");
    std::fs::write(drive.join("klserver.cer"), &good.der).unwrap();
    // A link to nothing, a folder named like a certificate, a pipe (opening it would block).
    std::os::unix::fs::symlink(tmp.path().join("gone.cer"), drive.join("dangling.cer")).unwrap();
    let fifo = drive.join("pipe.pem");
    let st = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(st.success());
    // A private key and a text file named like certificates: listed as skipped, with why.
    let (_, _, key_pem) = generate_server_identity(&["k".to_string()], 30).unwrap();
    std::fs::write(drive.join("server.pem"), key_pem).unwrap();
    std::fs::write(drive.join("notes.crt"), "call the HQ admin").unwrap();
    // A folder that cannot be listed (for a non-root user).
    std::fs::write(drive.join("locked/hidden.cer"), &good.der).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(drive.join("locked"), std::fs::Permissions::from_mode(0o000)).unwrap();
    // A drive that is a dangling link itself.
    std::os::unix::fs::symlink(tmp.path().join("pulled-out"), root.join("GONE")).unwrap();

    let s = scan(&root);
    std::fs::set_permissions(drive.join("locked"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let paths: Vec<_> = s.candidates.iter().map(|c| c.path.clone()).collect();
    assert_eq!(paths[0], drive.join("klserver.cer"));
    assert!(
        paths
            .iter()
            .all(|p| p.ends_with("klserver.cer") || p.ends_with("hidden.cer")),
        "{paths:?}"
    );
    let skipped: Vec<_> = s
        .skipped
        .iter()
        .map(|k| {
            (
                k.path.file_name().unwrap().to_str().unwrap(),
                k.reason.as_str(),
            )
        })
        .collect();
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert!(
        skipped
            .iter()
            .any(|(n, r)| *n == "server.pem" && r.contains("private key"))
    );
    assert!(
        skipped
            .iter()
            .any(|(n, r)| *n == "notes.crt" && r.contains("text file"))
    );
    assert_eq!(s.drives, vec![drive]);
}

#[test]
fn several_roots_as_on_a_desktop() {
    let tmp = tempfile::tempdir().unwrap();
    let media_root = media(tmp.path(), &["A"]);
    let run_media = tmp.path().join("run/media/alice/B");
    std::fs::create_dir_all(&run_media).unwrap();
    let c = cert("ksc-hq.corp");
    std::fs::write(run_media.join("klserver.cer"), c.to_pem()).unwrap();
    let s = removable::scan(&[
        media_root.clone(),
        tmp.path().join("run/media/alice"),
        tmp.path().join("mnt-missing"),
    ]);
    assert_eq!(s.drives, vec![media_root.join("A"), run_media.clone()]);
    assert_eq!(
        s.only_candidate().unwrap().path,
        run_media.join("klserver.cer")
    );
}

#[test]
fn the_local_server_certificate_is_offered_when_present() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("1093/cert/klserver.cer");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    assert!(removable::certificate_at(&path).is_none());
    let c = cert("ksc-local");
    std::fs::write(&path, &c.der).unwrap();
    let found = removable::certificate_at(&path).unwrap();
    assert_eq!(found.details.sha256, c.sha256);
    std::fs::write(&path, b"broken").unwrap();
    assert!(removable::certificate_at(&path).is_none());
}

#[cfg(unix)]
#[test]
fn links_off_the_drive_are_not_followed_links_on_it_are() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    let root = media(tmp.path(), &["KINGSTON/certs"]);
    let drive = root.join("KINGSTON");
    // This machine's files, outside the drive: a certificate and a folder holding one.
    let host = tmp.path().join("host");
    std::fs::create_dir_all(host.join("etc")).unwrap();
    let host_cert = cert("host.local");
    std::fs::write(host.join("secret.cer"), &host_cert.der).unwrap();
    std::fs::write(host.join("etc/klserver.cer"), &host_cert.der).unwrap();
    symlink(host.join("secret.cer"), drive.join("klserver.cer")).unwrap();
    symlink(host.join("etc"), drive.join("etc")).unwrap();
    symlink("../../../../host/secret.cer", drive.join("relative.pem")).unwrap();
    // A link that stays on the drive is as good as the file.
    let on_drive = cert("ksc-hq.corp");
    std::fs::write(drive.join("certs/hq.cer"), &on_drive.der).unwrap();
    symlink("certs/hq.cer", drive.join("hq-link.crt")).unwrap();

    let s = scan(&root);
    let found: Vec<_> = s.candidates.iter().map(|c| c.path.clone()).collect();
    assert_eq!(
        found,
        vec![drive.join("certs/hq.cer"), drive.join("hq-link.crt")]
    );
    assert!(
        s.candidates
            .iter()
            .all(|c| c.details.sha256 == on_drive.sha256)
    );
    assert!(s.skipped.is_empty(), "{:?}", s.skipped);
}
