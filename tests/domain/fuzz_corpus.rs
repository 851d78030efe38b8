//! Replays the fuzz targets' seed corpora and every input a fuzzing run found a fault with
//! (`fuzz/corpus/<target>/`, `fuzz/regressions/<target>/`) through the same entry points the
//! fuzzer drives (`ksc_link::fuzz`), so a fault fixed once stays fixed without a fuzzing run.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

fn inputs(folder: &Path) -> Vec<(String, Vec<u8>)> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut out: Vec<_> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect();
    out.sort();
    out
}

#[test]
fn every_seed_and_every_regression_passes_its_target() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    for (name, target) in ksc_link::fuzz::TARGETS {
        let seeds = inputs(&root.join("corpus").join(name));
        assert!(
            seeds.len() >= 3,
            "fuzz/corpus/{name} holds the target's seeds (found {})",
            seeds.len()
        );
        for (path, bytes) in seeds
            .iter()
            .chain(&inputs(&root.join("regressions").join(name)))
        {
            if std::panic::catch_unwind(|| target(bytes)).is_err() {
                panic!("{path} fails the {name} target");
            }
        }
    }
}

#[test]
fn every_target_has_a_fuzz_binary_and_a_place_in_the_script() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = std::fs::read_to_string(root.join("fuzz/Cargo.toml")).unwrap();
    let script = std::fs::read_to_string(root.join("packaging/fuzz.sh")).unwrap();
    for (name, _) in ksc_link::fuzz::TARGETS {
        let source = root.join(format!("fuzz/fuzz_targets/{name}.rs"));
        let text = std::fs::read_to_string(&source).unwrap();
        assert!(
            text.contains(&format!("ksc_link::fuzz::{name}(")),
            "{}",
            source.display()
        );
        assert!(
            manifest.contains(&format!("name = \"{name}\"")),
            "fuzz/Cargo.toml: {name}"
        );
        assert!(script.contains(name), "packaging/fuzz.sh runs {name}");
    }
}
