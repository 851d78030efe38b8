//! The layering, checked rather than promised: the domain (rules, protocols, certificates) names no
//! GUI type, so the window and the command line share one path; the simulators depend on neither.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

/// Folders and files that hold the domain: none of them may mention iced.
const DOMAIN: &[&str] = &[
    "src/hierarchy",
    "src/integration",
    "src/wire",
    "src/kloapi",
    "src/autotask",
    "src/cert.rs",
    "src/clock.rs",
    "src/tls.rs",
    "src/net.rs",
];

fn rust_files(path: &Path) -> Vec<PathBuf> {
    if path.is_file() {
        return vec![path.to_path_buf()];
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            files.extend(rust_files(&p));
        } else if p.extension().is_some_and(|e| e == "rs") {
            files.push(p);
        }
    }
    files
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Lines of the files below `paths` where `hit` holds for a line, as `file:line: text`.
fn offending(paths: &[&str], hit: impl Fn(&str) -> bool) -> Vec<String> {
    let mut found = Vec::new();
    for p in paths {
        let full = root().join(p);
        assert!(full.exists(), "{p} is gone: update the layering test");
        for file in rust_files(&full) {
            let text = std::fs::read_to_string(&file).unwrap();
            for (n, line) in text.lines().enumerate() {
                if hit(line) {
                    let rel = file.strip_prefix(root()).unwrap_or(&file).display();
                    found.push(format!("{rel}:{}: {}", n + 1, line.trim()));
                }
            }
        }
    }
    found
}

/// Whether `line` names iced or one of its crates (`iced`, `iced_core`, `iced::…`) as a word,
/// in code or in a comment alike.
fn mentions_iced(line: &str) -> bool {
    line.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .any(|word| word == "iced" || word.starts_with("iced_"))
}

#[test]
fn the_domain_mentions_no_gui_type() {
    let found = offending(DOMAIN, mentions_iced);
    assert!(
        found.is_empty(),
        "the domain must stay free of iced:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_simulators_and_the_domain_do_not_reach_up_into_the_gui_or_the_command_line() {
    let mut below = DOMAIN.to_vec();
    below.push("src/sim");
    let found = offending(&below, |l| {
        l.contains("crate::gui") || l.contains("crate::cli")
    });
    assert!(
        found.is_empty(),
        "these reach up the layers:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_sees_a_mention() {
    assert!(mentions_iced("use iced::widget::text;"));
    assert!(mentions_iced("// drawn by iced"));
    assert!(mentions_iced("iced_core::Widget"));
    assert!(!mentions_iced("let sliced = diced;"));
    assert!(!mentions_iced("let priced_in = 1;"));
}
