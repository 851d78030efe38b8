//! Text colours by meaning.

use iced::Theme;
use iced::widget::text::Style;

/// A message about an input that must be corrected.
pub fn error(theme: &Theme) -> Style {
    Style {
        color: Some(theme.extended_palette().danger.base.color),
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
        color: Some(theme.extended_palette().background.strong.color),
    }
}
