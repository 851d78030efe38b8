//! A corpus of certificate files (and things that are not certificates), generated in a temporary
//! directory with rcgen and the `openssl` command, read through `cert::load_certificate_file`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use ksc_link::cert::{
    self, BasicConstraints, CertError, CertWarning, CertificateDetails, Format,
    load_certificate_file,
};
use md5::Md5;
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};

/// Runs `openssl` with `args` in `dir` and returns its stdout; fails the test on error.
fn openssl(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the openssl command is installed (packaging/test.sh installs it)");
    assert!(
        out.status.success(),
        "openssl {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// A self-signed ECDSA P-256 certificate valid between the two times.
fn ec_cert(cn: &str, not_before: OffsetDateTime, not_after: OffsetDateTime) -> Vec<u8> {
    let mut params = rcgen::CertificateParams::new(vec![format!("{cn}.test")]).unwrap();
    params.distinguished_name = rcgen::DistinguishedName::new();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, cn);
    params.not_before = not_before;
    params.not_after = not_after;
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
    params.self_signed(&key).unwrap().der().to_vec()
}

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

/// The value after `label=` in `openssl x509 -noout` output.
fn field(output: &str, label: &str) -> String {
    output
        .lines()
        .find_map(|l| l.strip_prefix(label))
        .unwrap_or_else(|| panic!("{label} in {output}"))
        .trim()
        .to_string()
}

fn assert_digests(d: &CertificateDetails) {
    let sha: [u8; 32] = Sha256::digest(&d.der).into();
    let md5: [u8; 16] = Md5::digest(&d.der).into();
    assert_eq!(d.sha256, sha);
    assert_eq!(d.md5, md5);
    assert_eq!(d.md5_hex(), hex::encode(md5));
    assert_eq!(d.pin().to_string(), hex::encode(sha));
}

#[test]
fn good_rsa_certificate_in_pem_and_der_agrees_with_openssl() {
    let dir = tempfile::tempdir().unwrap();
    let (generated, _, _) =
        cert::generate_server_identity(&["ksc.corp.test".into(), "192.0.2.10".into()], 397)
            .unwrap();
    let pem_path = write(dir.path(), "klserver.cer", generated.to_pem());
    let der_path = write(dir.path(), "klserver.der", &generated.der);

    let from_pem = load_certificate_file(&pem_path).unwrap();
    let from_der = load_certificate_file(&der_path).unwrap();
    assert_eq!(from_pem.source_format, Format::Pem);
    assert_eq!(from_der.source_format, Format::Der);
    assert_eq!(from_pem.der, generated.der);
    assert_eq!(from_der.der, generated.der);
    for d in [&from_pem, &from_der] {
        assert_eq!(d.subject, "CN=ksc.corp.test");
        assert_eq!(d.issuer, "CN=ksc.corp.test");
        assert!(d.self_signed);
        assert_eq!(d.common_name().as_deref(), Some("ksc.corp.test"));
        assert_eq!(d.key_algorithm, "RSA");
        assert_eq!(d.key_bits, Some(2048));
        assert_eq!(
            d.basic_constraints,
            Some(BasicConstraints {
                ca: true,
                path_len: None
            })
        );
        assert_eq!(
            d.subject_alt_names,
            vec!["DNS:ksc.corp.test", "IP:192.0.2.10"]
        );
        assert!(d.warnings(now()).is_empty(), "{:?}", d.warnings(now()));
        assert_digests(d);
    }

    // Independent opinion: the openssl command reads the same file.
    let out = openssl(
        dir.path(),
        &[
            "x509",
            "-in",
            "klserver.cer",
            "-noout",
            "-serial",
            "-enddate",
            "-startdate",
            "-fingerprint",
            "-sha256",
        ],
    );
    assert_eq!(
        field(&out, "sha256 Fingerprint="),
        from_pem.sha256_colon(),
        "{out}"
    );
    assert_eq!(
        field(&out, "serial=")
            .to_lowercase()
            .trim_start_matches('0'),
        from_pem.serial_hex.trim_start_matches('0'),
        "{out}"
    );
    let md5 = openssl(
        dir.path(),
        &[
            "x509",
            "-in",
            "klserver.cer",
            "-noout",
            "-fingerprint",
            "-md5",
        ],
    );
    assert_eq!(
        field(&md5, "md5 Fingerprint=")
            .replace(':', "")
            .to_lowercase(),
        from_pem.md5_hex()
    );
    let fmt = time::macros::format_description!(
        "[month repr:short] [day padding:space] [hour]:[minute]:[second] [year] GMT"
    );
    let not_after = time::PrimitiveDateTime::parse(&field(&out, "notAfter="), &fmt)
        .unwrap()
        .assume_utc();
    assert_eq!(not_after, from_pem.not_after);
    let not_before = time::PrimitiveDateTime::parse(&field(&out, "notBefore="), &fmt)
        .unwrap()
        .assume_utc();
    assert_eq!(not_before, from_pem.not_before);
    // 397 days from now, issued a day ago (so clock skew does not make it "not yet valid").
    assert_eq!((from_pem.not_after - from_pem.not_before).whole_days(), 398);
}

#[test]
fn pem_bundle_yields_its_first_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let first = ec_cert(
        "first",
        now() - Duration::days(1),
        now() + Duration::days(300),
    );
    let second = ec_cert(
        "second",
        now() - Duration::days(1),
        now() + Duration::days(300),
    );
    let bundle = format!(
        "Some comment written by a tool\n{}{}",
        pem::encode(&pem::Pem::new("CERTIFICATE", first.clone())),
        pem::encode(&pem::Pem::new("CERTIFICATE", second))
    );
    let d = load_certificate_file(&write(dir.path(), "bundle.pem", bundle)).unwrap();
    assert_eq!(d.der, first);
    assert_eq!(d.subject, "CN=first");
    assert_eq!(d.source_format, Format::Pem);
    assert_digests(&d);
}

#[test]
fn ecdsa_certificate_is_described() {
    let dir = tempfile::tempdir().unwrap();
    let der = ec_cert("ec", now() - Duration::days(1), now() + Duration::days(365));
    let d = load_certificate_file(&write(dir.path(), "ec.crt", &der)).unwrap();
    assert_eq!(d.key_algorithm, "ECDSA P-256");
    assert_eq!(d.key_bits, Some(256));
    assert_eq!(d.subject_alt_names, vec!["DNS:ec.test"]);
    assert!(d.warnings(now()).is_empty());
    assert_digests(&d);
}

#[test]
fn validity_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let t = now();

    let expired_at = time::macros::datetime!(2021-06-30 12:00 UTC);
    let expired = ec_cert(
        "expired",
        time::macros::datetime!(2020-06-30 12:00 UTC),
        expired_at,
    );
    let d = load_certificate_file(&write(dir.path(), "expired.cer", &expired)).unwrap();
    assert_eq!(d.not_after, expired_at);
    let w = d.warnings(t);
    assert_eq!(w, vec![CertWarning::Expired { since: expired_at }]);
    assert_eq!(
        w[0].to_string(),
        "the certificate expired on 2021-06-30 12:00 UTC"
    );

    let future = ec_cert("future", t + Duration::days(10), t + Duration::days(400));
    let d = load_certificate_file(&write(dir.path(), "future.cer", &future)).unwrap();
    let w = d.warnings(t);
    assert_eq!(w, vec![CertWarning::NotYetValid { from: d.not_before }]);
    assert!(w[0].to_string().contains("not valid yet"), "{}", w[0]);

    let soon = ec_cert("soon", t - Duration::days(300), t + Duration::days(30));
    let d = load_certificate_file(&write(dir.path(), "soon.cer", &soon)).unwrap();
    let w = d.warnings(t);
    assert_eq!(w.len(), 1, "{w:?}");
    match w[0] {
        // Whole days: the certificate stores seconds, so 30 days from "now" may read as 29.
        CertWarning::ExpiresSoon { days } => assert!((29..=30).contains(&days), "{days}"),
        ref other => panic!("{other:?}"),
    }
    assert!(w[0].to_string().starts_with("the certificate expires in "));
    // Judged later, the same certificate has expired.
    assert!(matches!(
        d.warnings(t + Duration::days(31)).as_slice(),
        [CertWarning::Expired { .. }]
    ));
    // Judged earlier, it is far from expiry.
    assert!(d.warnings(t - Duration::days(100)).is_empty());
}

#[test]
fn rsa_1024_is_a_weak_key() {
    let dir = tempfile::tempdir().unwrap();
    openssl(
        dir.path(),
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:1024",
            "-nodes",
            "-keyout",
            "weak.key",
            "-out",
            "weak.cer",
            "-days",
            "200",
            "-subj",
            "/CN=weak.test/O=Example",
        ],
    );
    let d = load_certificate_file(&dir.path().join("weak.cer")).unwrap();
    assert_eq!(d.key_algorithm, "RSA");
    assert_eq!(d.key_bits, Some(1024));
    assert_eq!(d.subject, "CN=weak.test, O=Example");
    let w = d.warnings(now());
    assert_eq!(w, vec![CertWarning::WeakKey { bits: 1024 }]);
    assert_eq!(
        w[0].to_string(),
        "the RSA key has only 1024 bits; KSC requires at least 2048"
    );
    assert_digests(&d);
}

/// Generates an RSA key and certificate with openssl, plus every key form derived from them.
fn openssl_key_material(dir: &Path) {
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "key.pem",
            "-out",
            "cert.pem",
            "-days",
            "30",
            "-subj",
            "/CN=keys.test",
        ],
    );
    openssl(
        dir,
        &[
            "pkcs8",
            "-topk8",
            "-nocrypt",
            "-in",
            "key.pem",
            "-outform",
            "DER",
            "-out",
            "key.p8.der",
        ],
    );
    openssl(
        dir,
        &[
            "pkcs8",
            "-topk8",
            "-in",
            "key.pem",
            "-passout",
            "pass:x",
            "-out",
            "key.enc.pem",
        ],
    );
    openssl(
        dir,
        &[
            "pkcs8",
            "-topk8",
            "-in",
            "key.pem",
            "-passout",
            "pass:x",
            "-outform",
            "DER",
            "-out",
            "key.enc.der",
        ],
    );
    openssl(
        dir,
        &[
            "rsa",
            "-in",
            "key.pem",
            "-traditional",
            "-out",
            "key.rsa.pem",
        ],
    );
    openssl(
        dir,
        &[
            "rsa",
            "-in",
            "key.pem",
            "-traditional",
            "-outform",
            "DER",
            "-out",
            "key.rsa.der",
        ],
    );
    openssl(
        dir,
        &[
            "ecparam",
            "-name",
            "prime256v1",
            "-genkey",
            "-out",
            "key.ec.pem",
        ],
    );
    openssl(
        dir,
        &[
            "ec",
            "-in",
            "key.ec.pem",
            "-outform",
            "DER",
            "-out",
            "key.ec.der",
        ],
    );
}

#[test]
fn private_keys_are_refused_in_every_form() {
    let dir = tempfile::tempdir().unwrap();
    openssl_key_material(dir.path());
    let labels = [
        ("key.pem", "PRIVATE KEY"),
        ("key.enc.pem", "ENCRYPTED PRIVATE KEY"),
        ("key.rsa.pem", "RSA PRIVATE KEY"),
        ("key.ec.pem", "EC PRIVATE KEY"),
    ];
    for (name, label) in labels {
        let text = std::fs::read_to_string(dir.path().join(name)).unwrap();
        assert!(
            text.contains(&format!("-----BEGIN {label}-----")),
            "{name}: {text}"
        );
    }
    let mut combined = std::fs::read_to_string(dir.path().join("cert.pem")).unwrap();
    combined.push_str(&std::fs::read_to_string(dir.path().join("key.pem")).unwrap());
    write(dir.path(), "cert-and-key.pem", combined);
    for name in [
        "key.pem",
        "key.enc.pem",
        "key.rsa.pem",
        "key.ec.pem",
        "key.p8.der",
        "key.enc.der",
        "key.rsa.der",
        "key.ec.der",
        "cert-and-key.pem",
    ] {
        let err = load_certificate_file(&dir.path().join(name)).unwrap_err();
        assert!(matches!(err, CertError::PrivateKey), "{name}: {err:?}");
        assert_eq!(
            err.to_string(),
            "this is a private key, never share it; choose the certificate file klserver.cer"
        );
    }
    // The certificate itself is fine.
    let d = load_certificate_file(&dir.path().join("cert.pem")).unwrap();
    assert_eq!(d.subject, "CN=keys.test");
}

#[test]
fn pkcs12_bundle_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    openssl_key_material(dir.path());
    openssl(
        dir.path(),
        &[
            "pkcs12",
            "-export",
            "-in",
            "cert.pem",
            "-inkey",
            "key.pem",
            "-out",
            "bundle.p12",
            "-passout",
            "pass:x",
        ],
    );
    std::fs::copy(
        dir.path().join("bundle.p12"),
        dir.path().join("klserver.pfx"),
    )
    .unwrap();
    for name in ["bundle.p12", "klserver.pfx"] {
        let err = load_certificate_file(&dir.path().join(name)).unwrap_err();
        assert!(matches!(err, CertError::Pkcs12), "{name}: {err:?}");
        assert!(err.to_string().contains("PKCS#12"), "{err}");
        assert!(err.to_string().contains("never share it"), "{err}");
    }
}

#[test]
fn certificate_request_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    openssl_key_material(dir.path());
    openssl(
        dir.path(),
        &[
            "req",
            "-new",
            "-key",
            "key.pem",
            "-subj",
            "/CN=csr.test",
            "-out",
            "req.csr",
        ],
    );
    openssl(
        dir.path(),
        &[
            "req", "-in", "req.csr", "-outform", "DER", "-out", "req.der",
        ],
    );
    for name in ["req.csr", "req.der"] {
        let err = load_certificate_file(&dir.path().join(name)).unwrap_err();
        assert!(
            matches!(err, CertError::CertificateRequest),
            "{name}: {err:?}"
        );
        assert!(err.to_string().contains("certificate request (CSR)"));
    }
}

#[test]
fn empty_huge_garbage_text_and_unreadable_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write(dir.path(), "empty.cer", b"");
    assert!(matches!(
        load_certificate_file(&empty),
        Err(CertError::Empty)
    ));

    let two_mib = write(dir.path(), "big.cer", vec![b'A'; 2 * 1024 * 1024]);
    let err = load_certificate_file(&two_mib).unwrap_err();
    assert!(matches!(err, CertError::TooLarge), "{err:?}");
    assert!(err.to_string().contains("larger than 1024 KiB"), "{err}");

    // A sparse 64 GiB file: reading it whole would exhaust memory, so this only passes when the
    // reader stops after the limit.
    let sparse = dir.path().join("sparse.cer");
    std::fs::File::create(&sparse)
        .unwrap()
        .set_len(64 * 1024 * 1024 * 1024)
        .unwrap();
    assert!(matches!(
        load_certificate_file(&sparse),
        Err(CertError::TooLarge)
    ));

    let mut garbage: Vec<u8> = (0..4096).map(|_| rand::random::<u8>()).collect();
    garbage[0] = 0xff; // never a DER SEQUENCE, never valid UTF-8
    let garbage_path = write(dir.path(), "garbage.cer", garbage);
    assert!(matches!(
        load_certificate_file(&garbage_path),
        Err(CertError::NotACertificate)
    ));

    let text = write(
        dir.path(),
        "readme.txt",
        "0. Copy klserver.cer from the Administration Server.\n1. Pick it here.\n",
    );
    let err = load_certificate_file(&text).unwrap_err();
    assert!(matches!(err, CertError::Text), "{err:?}");
    assert!(err.to_string().contains("BEGIN CERTIFICATE"));

    let missing = dir.path().join("no-such-file.cer");
    let err = load_certificate_file(&missing).unwrap_err();
    assert!(matches!(err, CertError::Io { .. }), "{err:?}");
    assert!(err.to_string().contains("no-such-file.cer"), "{err}");

    let err = load_certificate_file(dir.path()).unwrap_err();
    assert!(matches!(err, CertError::Io { .. }), "{err:?}");
}

#[test]
fn damaged_certificates_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let der = ec_cert(
        "damaged",
        now() - Duration::days(1),
        now() + Duration::days(30),
    );

    let mut trailing = der.clone();
    trailing.extend_from_slice(b"junk");
    let err = load_certificate_file(&write(dir.path(), "trailing.cer", trailing)).unwrap_err();
    assert!(matches!(err, CertError::Malformed { .. }), "{err:?}");

    let truncated = der[..der.len() / 2].to_vec();
    let err = load_certificate_file(&write(dir.path(), "truncated.cer", truncated)).unwrap_err();
    assert!(matches!(err, CertError::Malformed { .. }), "{err:?}");

    let pem = pem::encode(&pem::Pem::new("CERTIFICATE", der.clone()));
    let cut = &pem[..pem.len() - 30];
    let err = load_certificate_file(&write(dir.path(), "cut.pem", cut)).unwrap_err();
    assert!(matches!(err, CertError::BadPem { .. }), "{err:?}");

    let other = pem::encode(&pem::Pem::new("PKCS7", vec![1, 2, 3]));
    let err = load_certificate_file(&write(dir.path(), "p7.pem", other)).unwrap_err();
    match err {
        CertError::NoCertificateInPem { label } => assert_eq!(label, "PKCS7"),
        other => panic!("{other:?}"),
    }
}
