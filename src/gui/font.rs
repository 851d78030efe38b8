//! The bundled font (DejaVu Sans, see `assets/fonts/LICENSE`): the app draws with it on every
//! machine, so the window and the test snapshots never depend on the fonts installed there.
//! It is subset to Latin, Greek, Cyrillic and the symbols the app uses (`assets/fonts/subset.sh`);
//! other scripts in a server's data fall back to the system's fonts.

use std::borrow::Cow;

use iced::Font;
use iced::font::Weight;

/// DejaVu Sans, regular.
pub const REGULAR_BYTES: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// DejaVu Sans, bold.
pub const BOLD_BYTES: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// The family name inside the bundled files.
pub const FAMILY: &str = "DejaVu Sans";

/// The default font of every text.
pub const DEFAULT: Font = Font::with_name(FAMILY);

/// The bold face, for titles.
pub const BOLD: Font = Font {
    weight: Weight::Bold,
    ..DEFAULT
};

/// Hands the bundled fonts to the font system the window draws with, where they stay in the
/// executable's read-only pages. iced's `Settings::fonts` would copy each file to the heap
/// first (1.4 MB that the process would keep for its whole life).
pub fn load_bundled() {
    use iced_graphics::text::cosmic_text::fontdb::Source;
    use std::sync::Arc;

    // A poisoned lock means a panic while loading fonts elsewhere; the window then draws with
    // the fonts already there.
    let Ok(mut system) = iced_graphics::text::font_system().write() else {
        return;
    };
    for bytes in [REGULAR_BYTES, BOLD_BYTES] {
        system
            .raw()
            .db_mut()
            .load_font_source(Source::Binary(Arc::new(bytes)));
    }
}

/// The bundled font files, as headless tests load them (`settings`).
pub fn files() -> Vec<Cow<'static, [u8]>> {
    vec![Cow::Borrowed(REGULAR_BYTES), Cow::Borrowed(BOLD_BYTES)]
}

/// Settings with the bundled fonts loaded and the default font set: what the window uses, and
/// what headless tests pass to `iced_test::Simulator::with_settings`.
pub fn settings() -> iced::Settings {
    iced::Settings {
        fonts: files(),
        default_font: DEFAULT,
        ..iced::Settings::default()
    }
}
