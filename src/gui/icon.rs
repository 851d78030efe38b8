//! The app icon (rendered from `assets/icons/ksc-link.svg`) as the window's icon.
//!
//! The PNG is embedded, so an installed binary needs no icon files next to it; it is decoded with
//! the small `png` crate rather than iced's `image` feature, which would pull in every codec.

use iced::window::Icon;

/// The PNG used for the window icon: large enough for task switchers, small enough to embed.
pub const WINDOW_ICON_PNG: &[u8] = include_bytes!("../../assets/icons/ksc-link-128.png");

/// Why the embedded icon could not be used.
#[derive(Debug, thiserror::Error)]
pub enum IconError {
    /// The PNG data is damaged.
    #[error("the app icon is not a readable PNG: {0}")]
    Decode(#[from] png::DecodingError),
    /// The PNG decoded to something other than 8-bit RGBA.
    #[error("the app icon is {color:?} at {depth:?}, not 8-bit RGBA")]
    NotRgba8 {
        /// The decoded colour type.
        color: png::ColorType,
        /// The decoded bit depth.
        depth: png::BitDepth,
    },
    /// The PNG's size is larger than it can say.
    #[error("the app icon's size cannot be computed")]
    TooLarge,
    /// iced refused the pixels.
    #[error("the app icon was refused by the window system layer: {0}")]
    Window(iced::window::icon::Error),
}

/// Decodes a PNG (8-bit RGBA, or anything the decoder expands to it) into a window icon.
pub fn from_png(bytes: &[u8]) -> Result<Icon, IconError> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    // Palette and low-depth images expand to 8-bit; 16-bit channels are stripped to 8.
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info()?;
    let size = reader.output_buffer_size().ok_or(IconError::TooLarge)?;
    let mut buf = vec![0; size];
    let info = reader.next_frame(&mut buf)?;
    if info.color_type != png::ColorType::Rgba || info.bit_depth != png::BitDepth::Eight {
        return Err(IconError::NotRgba8 {
            color: info.color_type,
            depth: info.bit_depth,
        });
    }
    buf.truncate(info.buffer_size());
    iced::window::icon::from_rgba(buf, info.width, info.height)
        .map_err(|e| IconError::Window(e.into()))
}

/// The app's window icon, or `None` (with a logged warning) if the embedded PNG cannot be used:
/// a missing icon must never stop the app from opening.
pub fn window_icon() -> Option<Icon> {
    match from_png(WINDOW_ICON_PNG) {
        Ok(icon) => Some(icon),
        Err(e) => {
            tracing::warn!(error = %e, "the window opens without its icon");
            None
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_icon_decodes_to_a_square_rgba_image() {
        let icon = from_png(WINDOW_ICON_PNG).unwrap();
        let (_, size) = icon.into_raw();
        assert_eq!((size.width, size.height), (128, 128));
    }

    #[test]
    fn every_committed_png_size_decodes_at_its_size() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/icons");
        for px in [16u32, 24, 32, 48, 64, 128, 256, 512] {
            let bytes = std::fs::read(dir.join(format!("ksc-link-{px}.png"))).unwrap();
            let (rgba, size) = from_png(&bytes).unwrap().into_raw();
            assert_eq!((size.width, size.height), (px, px));
            // Not blank: the shield is opaque somewhere and the corners are transparent.
            assert!(rgba.chunks(4).any(|p| p[3] == 255), "{px}: no opaque pixel");
            assert_eq!(rgba[3], 0, "{px}: the top-left corner is not transparent");
        }
    }

    #[test]
    fn the_main_window_carries_the_icon_and_the_application_id() {
        let settings = crate::gui::window_settings();
        assert!(settings.icon.is_some());
        #[cfg(target_os = "linux")]
        assert_eq!(
            settings.platform_specific.application_id,
            crate::gui::APP_ID
        );
    }

    #[test]
    fn junk_is_a_decode_error_not_a_panic() {
        assert!(matches!(from_png(b"not a png"), Err(IconError::Decode(_))));
    }
}
