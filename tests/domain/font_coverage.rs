//! The bundled font (DejaVu Sans, regular and bold) has a glyph for every character of every
//! translation, so no Cyrillic letter, umlaut or typographic quote is drawn as a box.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use ksc_link::gui::font::{BOLD_BYTES, REGULAR_BYTES};
use ksc_link::i18n::LANGUAGES;

/// Every character a translation file can put on the screen (its comments included, which
/// costs nothing and catches a stray character early).
fn characters(tag: &str) -> BTreeSet<char> {
    let path = format!("{}/i18n/{tag}/ksc-link.ftl", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path)
        .unwrap()
        .chars()
        .filter(|c| !c.is_control())
        .collect()
}

#[test]
fn both_faces_cover_every_character_of_every_language() {
    for (face_name, bytes) in [("regular", REGULAR_BYTES), ("bold", BOLD_BYTES)] {
        let face = ttf_parser::Face::parse(bytes, 0).unwrap();
        for (tag, _) in LANGUAGES {
            let chars = characters(tag);
            assert!(chars.len() > 40, "{tag}: only {} characters", chars.len());
            let missing: Vec<char> = chars
                .iter()
                .copied()
                .filter(|c| *c != ' ' && face.glyph_index(*c).is_none())
                .collect();
            assert!(
                missing.is_empty(),
                "DejaVu Sans {face_name} has no glyph for {missing:?} ({tag})"
            );
        }
    }
}

#[test]
fn the_check_fails_for_a_script_the_font_lacks() {
    // DejaVu Sans has no CJK ideographs: proves the check above can fail.
    let face = ttf_parser::Face::parse(REGULAR_BYTES, 0).unwrap();
    assert!(face.glyph_index('漢').is_none());
    assert!(face.glyph_index('Ж').is_some());
    assert!(face.glyph_index('ß').is_some());
    assert!(face.glyph_index('„').is_some());
}

#[test]
fn the_subset_keeps_the_scripts_of_administrators_data_and_the_symbols_the_app_draws() {
    // What assets/fonts/subset.sh keeps: every Latin extension, Greek, Cyrillic with its
    // supplement, and arrows, check marks, warnings and box drawing.
    for bytes in [REGULAR_BYTES, BOLD_BYTES] {
        let face = ttf_parser::Face::parse(bytes, 0).unwrap();
        for c in [
            'Ő', 'ł', 'ẞ', 'ơ', 'Ω', 'ά', 'Ё', 'Ґ', 'Ԁ', '€', '№', '→', '✓', '⚠', '─', '…',
        ] {
            assert!(face.glyph_index(c).is_some(), "no glyph for {c:?}");
        }
        // Left to the system's fonts.
        assert!(face.glyph_index('א').is_none());
        assert!(face.glyph_index('ب').is_none());
    }
}
