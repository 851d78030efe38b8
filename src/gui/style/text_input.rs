//! Text input looks: normal, and marked when its value is refused. The focused input always
//! gets a 2 px border in the palette's focus colour, so keyboard users see where they type.

use iced::widget::text_input::{Status, Style};
use iced::{Background, Border, Color, Theme};

use super::palette;

/// Corner radius of inputs.
const RADIUS: f32 = 4.0;
/// Width of the focus ring and of the refused-value border.
pub const FOCUS_WIDTH: f32 = 2.0;

fn base(theme: &Theme, status: Status, idle_border: Color, idle_width: f32) -> Style {
    let p = theme.extended_palette();
    let extra = palette::extra(theme);
    let border = |color, width| Border {
        color,
        width,
        radius: RADIUS.into(),
    };
    let style = Style {
        background: Background::Color(p.background.base.color),
        border: border(idle_border, idle_width),
        icon: extra.placeholder,
        placeholder: extra.placeholder,
        value: p.background.base.text,
        selection: Color {
            a: 0.35,
            ..p.primary.base.color
        },
    };
    match status {
        Status::Active => style,
        Status::Hovered if idle_width > 1.0 => style,
        Status::Hovered => Style {
            border: border(extra.input_border_hover, 1.0),
            ..style
        },
        Status::Focused { .. } => Style {
            border: border(extra.focus, FOCUS_WIDTH),
            ..style
        },
        Status::Disabled => Style {
            background: Background::Color(extra.disabled),
            value: extra.disabled_text,
            ..style
        },
    }
}

/// An input whose value is acceptable (or not judged yet).
pub fn normal(theme: &Theme, status: Status) -> Style {
    base(theme, status, palette::extra(theme).input_border, 1.0)
}

/// An input whose value is refused: a danger-coloured border next to the inline message (the
/// focus ring replaces it while the input has the focus; the message stays).
pub fn invalid(theme: &Theme, status: Status) -> Style {
    base(
        theme,
        status,
        theme.extended_palette().danger.base.color,
        FOCUS_WIDTH,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_focused_input_has_a_two_pixel_ring_in_the_focus_colour() {
        for theme in [palette::light(), palette::dark()] {
            for look in [normal, invalid] {
                let focused = look(&theme, Status::Focused { is_hovered: false });
                assert_eq!(focused.border.width, FOCUS_WIDTH, "{theme}");
                assert_eq!(
                    focused.border.color,
                    palette::extra(&theme).focus,
                    "{theme}"
                );
                let idle = look(&theme, Status::Active);
                assert_ne!(idle.border.color, focused.border.color, "{theme}");
            }
        }
    }
}
