//! Text colours by meaning.

use iced::widget::text::Style;
use iced::{Color, Theme};

/// Share of the text colour in muted text (the rest is the background): light enough to set
/// explanations apart, dark enough to read (at least 4.5:1 contrast on pages, cards and footers).
const MUTED_TEXT_SHARE: f32 = 0.78;

/// A message about an input that must be corrected (the strong shade: readable as text).
pub fn error(theme: &Theme) -> Style {
    Style {
        color: Some(theme.extended_palette().danger.strong.color),
    }
}

/// Something to be careful about.
pub fn warning(theme: &Theme) -> Style {
    Style {
        color: Some(theme.extended_palette().warning.strong.color),
    }
}

/// Something that worked.
pub fn success(theme: &Theme) -> Style {
    Style {
        color: Some(theme.extended_palette().success.strong.color),
    }
}

/// Explanations and secondary details.
pub fn muted(theme: &Theme) -> Style {
    Style {
        color: Some(muted_color(theme)),
    }
}

/// The colour of muted text: the theme's text colour blended towards its background.
pub fn muted_color(theme: &Theme) -> Color {
    let p = theme.extended_palette().background.base;
    let mix = |t: f32, b: f32| t * MUTED_TEXT_SHARE + b * (1.0 - MUTED_TEXT_SHARE);
    Color::from_rgb(
        mix(p.text.r, p.color.r),
        mix(p.text.g, p.color.g),
        mix(p.text.b, p.color.b),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gui::style::palette::{self, contrast};

    #[test]
    fn muted_text_is_readable_on_every_background_it_is_drawn_on() {
        for theme in [palette::light(), palette::dark()] {
            let p = theme.extended_palette();
            let muted = muted_color(&theme);
            // The page, cards (weakest) and the wizard's footer (weaker).
            for (what, bg) in [
                ("page", p.background.base.color),
                ("card", p.background.weakest.color),
                ("footer", p.background.weaker.color),
            ] {
                let ratio = contrast(muted, bg);
                assert!(ratio >= 4.5, "{theme}: {what}: contrast {ratio:.2} < 4.5");
            }
            // Still set apart from ordinary text.
            assert!(contrast(muted, p.background.base.text) > 1.5, "{theme}");
        }
    }
}
