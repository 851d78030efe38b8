//! Checkbox looks, after Hexa's checkbox: an outlined box, filled with the primary colour when
//! checked.

use iced::widget::checkbox::{Status, Style};
use iced::{Background, Border, Theme};

use super::palette;

/// A checkbox.
pub fn normal(theme: &Theme, status: Status) -> Style {
    let p = theme.extended_palette();
    let extra = palette::extra(theme);
    let (checked, hovered, disabled) = match status {
        Status::Active { is_checked } => (is_checked, false, false),
        Status::Hovered { is_checked } => (is_checked, true, false),
        Status::Disabled { is_checked } => (is_checked, false, true),
    };
    let (background, border) = if disabled {
        (extra.disabled, extra.disabled)
    } else if checked {
        let c = if hovered {
            p.primary.strong.color
        } else {
            p.primary.base.color
        };
        (c, c)
    } else if hovered {
        (p.background.base.color, extra.focus)
    } else {
        (p.background.base.color, extra.input_border)
    };
    Style {
        background: Background::Color(background),
        icon_color: if disabled {
            extra.disabled_text
        } else {
            p.primary.base.text
        },
        border: Border {
            width: 1.0,
            color: border,
            radius: 3.0.into(),
        },
        text_color: disabled.then_some(extra.disabled_text),
    }
}
