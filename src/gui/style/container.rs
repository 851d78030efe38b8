//! Container looks: cards, banners and alarms.

use iced::widget::container::Style;
use iced::{Border, Theme};

/// A bordered card (certificate details, summaries).
pub fn card(theme: &Theme) -> Style {
    let p = theme.extended_palette();
    Style {
        background: Some(p.background.weakest.color.into()),
        text_color: Some(p.background.weakest.text),
        border: Border {
            width: 1.0,
            radius: 6.0.into(),
            color: p.background.strong.color,
        },
        ..Style::default()
    }
}

/// The demo banner across the top of the window.
pub fn banner(theme: &Theme) -> Style {
    let p = theme.extended_palette();
    Style {
        background: Some(p.primary.weak.color.into()),
        text_color: Some(p.primary.weak.text),
        ..Style::default()
    }
}

/// A loud warning: a changed certificate, a half-built hierarchy.
pub fn alarm(theme: &Theme) -> Style {
    let p = theme.extended_palette();
    Style {
        background: Some(p.danger.weak.color.into()),
        text_color: Some(p.danger.weak.text),
        border: Border {
            width: 2.0,
            radius: 6.0.into(),
            color: p.danger.strong.color,
        },
        ..Style::default()
    }
}

/// A warning to heed soon, quieter than [`alarm`]: a certificate near its expiry.
pub fn caution(theme: &Theme) -> Style {
    let p = theme.extended_palette();
    Style {
        background: Some(p.warning.weak.color.into()),
        text_color: Some(p.warning.weak.text),
        border: Border {
            width: 1.0,
            radius: 6.0.into(),
            color: p.warning.strong.color,
        },
        ..Style::default()
    }
}

/// A calm notice: advice, success.
pub fn notice(theme: &Theme) -> Style {
    let p = theme.extended_palette();
    Style {
        background: Some(p.success.weak.color.into()),
        text_color: Some(p.success.weak.text),
        border: Border {
            width: 1.0,
            radius: 6.0.into(),
            color: p.success.strong.color,
        },
        ..Style::default()
    }
}

/// The bar with Back / Next / Cancel (Hexa's section background).
pub fn footer(theme: &Theme) -> Style {
    let p = theme.extended_palette();
    Style {
        background: Some(p.background.weaker.color.into()),
        text_color: Some(p.background.weaker.text),
        ..Style::default()
    }
}
