//! Button looks by role, after Hexa's primary, secondary, destructive and tertiary buttons.

use iced::widget::button::{Status, Style};
use iced::{Background, Border, Color, Theme};

use super::palette;

/// Corner radius of buttons (Hexa's medium button).
const RADIUS: f32 = 6.0;

fn filled(background: Color, text: Color) -> Style {
    Style {
        background: Some(Background::Color(background)),
        text_color: text,
        border: Border {
            radius: RADIUS.into(),
            ..Border::default()
        },
        ..Style::default()
    }
}

fn disabled(theme: &Theme) -> Style {
    let extra = palette::extra(theme);
    filled(extra.disabled, extra.disabled_text)
}

/// The main action of a page (Next, Connect, Finish).
pub fn primary(theme: &Theme, status: Status) -> Style {
    let p = theme.extended_palette();
    match status {
        Status::Active => filled(p.primary.base.color, p.primary.base.text),
        Status::Hovered | Status::Pressed => filled(p.primary.strong.color, p.primary.strong.text),
        Status::Disabled => disabled(theme),
    }
}

/// Other actions (Back, Cancel, Browse): outlined.
pub fn secondary(theme: &Theme, status: Status) -> Style {
    let p = theme.extended_palette();
    let look = match status {
        Status::Active => p.secondary.base,
        Status::Hovered => p.secondary.weak,
        Status::Pressed => p.secondary.strong,
        Status::Disabled => return disabled(theme),
    };
    Style {
        border: Border {
            width: 1.0,
            color: palette::extra(theme).input_border,
            radius: RADIUS.into(),
        },
        ..filled(look.color, look.text)
    }
}

/// Actions that undo or accept a risk (Roll back, Trust the new certificate).
pub fn danger(theme: &Theme, status: Status) -> Style {
    let p = theme.extended_palette();
    match status {
        Status::Active => filled(p.danger.base.color, p.danger.base.text),
        Status::Hovered | Status::Pressed => filled(p.danger.strong.color, p.danger.strong.text),
        Status::Disabled => disabled(theme),
    }
}

/// An entry of a list (a group, a recent server); `selected` is highlighted like Hexa's
/// selected card (a tinted background and a blue outline).
pub fn list_item(selected: bool) -> impl Fn(&Theme, Status) -> Style {
    move |theme, status| {
        let p = theme.extended_palette();
        if selected {
            return Style {
                border: Border {
                    width: 1.0,
                    color: p.primary.base.color,
                    radius: RADIUS.into(),
                },
                ..filled(p.primary.weak.color, p.primary.weak.text)
            };
        }
        match status {
            Status::Active => Style {
                background: None,
                ..filled(p.background.base.color, p.background.base.text)
            },
            Status::Hovered | Status::Pressed => {
                filled(p.background.weakest.color, p.background.weakest.text)
            }
            Status::Disabled => Style {
                background: None,
                ..filled(p.background.base.color, palette::extra(theme).disabled_text)
            },
        }
    }
}

/// A name that opens something (a secondary's card on the "Secondary servers" page): text in
/// the accent colour, no frame, so a table row stays a row.
pub fn link(theme: &Theme, status: Status) -> Style {
    let p = theme.extended_palette();
    let color = match status {
        Status::Active => p.primary.base.color,
        Status::Hovered | Status::Pressed => p.primary.strong.color,
        Status::Disabled => palette::extra(theme).disabled_text,
    };
    Style {
        background: None,
        text_color: color,
        ..Style::default()
    }
}
