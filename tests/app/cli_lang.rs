//! `--lang` refuses a language the app does not speak, before anything else happens.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Stdio};

#[test]
fn an_unknown_language_is_refused_with_exit_code_2_and_names_the_known_ones() {
    let out = Command::new(env!("CARGO_BIN_EXE_ksc-link"))
        .args(["--lang", "xx"])
        .stdin(Stdio::null())
        // No window may open even if the check were missing: there is no display.
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("\"xx\""), "{stderr}");
    for known in ["en (English)", "ru (Русский)", "de (Deutsch)"] {
        assert!(stderr.contains(known), "{stderr}");
    }
    assert!(out.stdout.is_empty());
}

#[test]
fn a_known_language_in_any_spelling_is_used_for_the_command_line_too() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("leer.cer");
    std::fs::write(&empty, b"").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_ksc-link"))
        .args(["--lang", "de_DE.UTF-8", "cert", "show"])
        .arg(&empty)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    // The command itself fails (exit code 1), in German: --lang was accepted and applied.
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("die Datei ist leer; wählen Sie die Zertifikatsdatei klserver.cer"),
        "{stderr}"
    );
}

/// `cert show` of a fixture in `lang`: its standard output.
fn cert_show(lang: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_ksc-link"))
        .args([
            "--lang",
            lang,
            "cert",
            "show",
            "tests/fixtures/primary-klserver.cer",
        ])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn cert_show_speaks_the_language_and_lines_up_the_values() {
    let english = cert_show("en");
    let russian = cert_show("ru");
    let german = cert_show("de");
    for (text, labels) in [
        (
            &english,
            ["Subject:", "Issuer:", "Serial:", "Valid:", "Key:"],
        ),
        (
            &russian,
            [
                "Субъект:",
                "Издатель:",
                "Серийный номер:",
                "Действителен:",
                "Ключ:",
            ],
        ),
        (
            &german,
            [
                "Antragsteller:",
                "Aussteller:",
                "Seriennummer:",
                "Gültig:",
                "Schlüssel:",
            ],
        ),
    ] {
        for label in labels {
            assert!(
                text.lines().any(|l| l.starts_with(label)),
                "{label} in {text}"
            );
        }
        // Every value starts in the same column, counted in characters.
        let columns: Vec<usize> = text
            .lines()
            .map(|l| {
                let colon = l.find(':').unwrap();
                let rest = &l[colon + 1..];
                l[..colon + 1].chars().count() + rest.chars().count()
                    - rest.trim_start().chars().count()
            })
            .collect();
        assert!(
            columns.windows(2).all(|w| w[0] == w[1]),
            "{columns:?} in {text}"
        );
    }
    // The fingerprints are the same whatever the language.
    let sha = |t: &str| {
        t.lines()
            .find(|l| l.starts_with("SHA-256:"))
            .unwrap()
            .split_whitespace()
            .last()
            .unwrap()
            .to_string()
    };
    assert_eq!(sha(&english), sha(&russian));
    assert_eq!(sha(&english), sha(&german));
    assert!(russian.contains(" бит"), "{russian}");
}
