//! The bundled font (DejaVu Sans, see `assets/fonts/LICENSE`): the app draws with it on every
//! machine, so the window and the test snapshots never depend on the fonts installed there.

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

/// The bundled font files, to load at start-up.
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
