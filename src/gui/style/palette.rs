//! The app's light and dark themes, with colours from Kaspersky's Hexa UI design tokens, so the
//! app looks at home next to the KSC Web Console.
//!
//! Source: the npm package `@kaspersky/hexa-ui-core` 0.9.12 (Apache-2.0, AO Kaspersky Lab),
//! file `colors/tokens.css`, component and semantic tokens of `.theme-light` / `.theme-dark`
//! (`.hexa-ui-light-theme` / `.hexa-ui-dark-theme`). Each colour below names the token it was
//! transcribed from and the base colour that token resolves to (`marina_500`, `neutral_850`, ...).
//! The package itself is not part of the source tree; see `assets/NOTICE`.

use iced::theme::palette::{
    Background, Danger, Extended, Pair, Primary, Secondary, Success, Warning,
};
use iced::theme::{Mode, Palette};
use iced::{Color, Theme, color};

use crate::settings::ThemeChoice;

/// Colours a style needs beyond iced's extended palette (input borders, the focus ring).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Extra {
    /// Border of an idle input or checkbox.
    pub input_border: Color,
    /// Border of a hovered input.
    pub input_border_hover: Color,
    /// Placeholder text.
    pub placeholder: Color,
    /// The focus ring: the 2 px border of the focused input.
    pub focus: Color,
    /// Background of a disabled control.
    pub disabled: Color,
    /// Text of a disabled control.
    pub disabled_text: Color,
    /// Scrollbar thumb.
    pub scrollbar: Color,
    /// Scrollbar thumb when hovered or dragged.
    pub scrollbar_hover: Color,
}

/// The light theme's extras.
pub const LIGHT_EXTRA: Extra = Extra {
    // --input_text--border--enabled: neutral_350
    input_border: color!(0xB9BEC6),
    // --input_text--border--hover: marina_400
    input_border_hover: color!(0x6E98FD),
    // --input_text--text--enabled--placeholder: neutral_400
    placeholder: color!(0x959CA7),
    // --button--primary--bg--hover / --checkbox--border--base--hover: marina_600. Hexa's own
    // --focus--stroke (marina_300) is a halo next to the border; drawn as the only border it
    // would stay under 3:1 against white, so the stronger blue of the same ramp is used.
    focus: color!(0x335EDD),
    // --input_text--bg--disabled: neutral_200
    disabled: color!(0xE5E7EB),
    // --button--primary--text--disabled: neutral_400
    disabled_text: color!(0x959CA7),
    // --scrollbar--bar--enabled: neutral_300
    scrollbar: color!(0xD1D5DB),
    // --scrollbar--bar--hover: neutral_400
    scrollbar_hover: color!(0x959CA7),
};

/// The dark theme's extras.
pub const DARK_EXTRA: Extra = Extra {
    // --input_text--border--enabled: neutral_550
    input_border: color!(0x555961),
    // --input_text--border--hover: marina_500
    input_border_hover: color!(0x4269E7),
    // --input_text--text--enabled--placeholder: neutral_500
    placeholder: color!(0x646973),
    // --button--primary--bg--enabled / --link--default--text--enabled: marina_400 (the dark
    // --focus--stroke, marina_600, is barely 3:1 on the dark page and close to the hover border).
    focus: color!(0x6E98FD),
    // --input_text--bg--disabled: neutral_700
    disabled: color!(0x35373B),
    // --button--primary--text--disabled: neutral_500
    disabled_text: color!(0x646973),
    // --scrollbar--bar--enabled: neutral_600
    scrollbar: color!(0x474B51),
    // --scrollbar--bar--hover: neutral_500
    scrollbar_hover: color!(0x646973),
};

/// The light theme's base palette.
pub const LIGHT: Palette = Palette {
    // --bg--global: neutral_0
    background: color!(0xFFFFFF),
    // --text--primary / --page_header--text: neutral_850
    text: color!(0x1D1E20),
    // --button--primary--bg--enabled: marina_500
    primary: color!(0x4269E7),
    // --toast--bg--success / --text--positive: emerald_500
    success: color!(0x1DA189),
    // --toast--bg--warning: yellow_300
    warning: color!(0xFFD339),
    // --button--destructive--bg--enabled / --text--critical: red_500
    danger: color!(0xEC293C),
};

/// The dark theme's base palette.
pub const DARK: Palette = Palette {
    // --bg--global: neutral_850
    background: color!(0x1D1E20),
    // --page_header--text / --input_text--text--enabled--value: neutral_250
    text: color!(0xDCDFE4),
    // --button--primary--bg--enabled: marina_400
    primary: color!(0x6E98FD),
    // --toast--bg--success / --text--positive: emerald_400
    success: color!(0x3DB5A1),
    // --toast--bg--warning: yellow_500
    warning: color!(0xF6AF09),
    // --button--destructive--bg--enabled / --text--critical: red_400
    danger: color!(0xFC6D6C),
};

fn pair(color: Color, text: Color) -> Pair {
    Pair { color, text }
}

/// The light theme's extended palette, every shade a Hexa token (not iced's generated ones).
fn extended_light(p: Palette) -> Extended {
    let text = p.text;
    // --button--primary--text--enabled, --toast--text--success, ...: neutral_0
    let on_colour = color!(0xFFFFFF);
    Extended {
        background: Background {
            base: pair(p.background, text),
            // --card--filled--bg--enabled / --button--secondary--bg--hover: neutral_100
            weakest: pair(color!(0xF3F4F6), text),
            // --bg--section / --button--secondary--bg--active: neutral_150
            weaker: pair(color!(0xEDEFF2), text),
            // --divider--bg--light / --input_text--bg--disabled: neutral_200
            weak: pair(color!(0xE5E7EB), text),
            // --scrollbar--bg--active: neutral_250
            neutral: pair(color!(0xDCDFE4), text),
            // --card--base--border--enabled / --divider--bg--minimal: neutral_300
            strong: pair(color!(0xD1D5DB), text),
            // --input_text--border--enabled: neutral_350
            stronger: pair(color!(0xB9BEC6), text),
            // --scrollbar--bar--hover: neutral_400
            strongest: pair(color!(0x959CA7), text),
        },
        primary: Primary {
            base: pair(p.primary, on_colour),
            // --bg--selected / --card--selected--bg--enabled: marina_50
            weak: pair(color!(0xEEF2FC), text),
            // --button--primary--bg--hover: marina_600
            strong: pair(color!(0x335EDD), on_colour),
        },
        secondary: Secondary {
            // --button--secondary--bg--enabled: neutral_0 (its border is drawn by the style)
            base: pair(color!(0xFFFFFF), text),
            // --button--secondary--bg--hover: neutral_100
            weak: pair(color!(0xF3F4F6), text),
            // --button--secondary--bg--active: neutral_150
            strong: pair(color!(0xEDEFF2), text),
        },
        success: Success {
            base: pair(p.success, on_colour),
            // --section_message--success--bg: emerald_50, --section_message--success--text
            weak: pair(color!(0xDFF8F3), text),
            // --tag--emerald--text_outlined: emerald_600 (success text, 4.5:1 on white)
            strong: pair(color!(0x088572), on_colour),
        },
        warning: Warning {
            // --toast--text--warning: neutral_850
            base: pair(p.warning, text),
            // --section_message--warning--bg: yellow_50
            weak: pair(color!(0xFDF8D9), text),
            // --tag--yellow--text_outlined: yellow_600 (warning text)
            strong: pair(color!(0xA35301), on_colour),
        },
        danger: Danger {
            base: pair(p.danger, on_colour),
            // --section_message--critical--bg: red_50
            weak: pair(color!(0xFDEBEB), text),
            // --tag--red--text_outlined / --button--destructive--bg--hover: red_600
            strong: pair(color!(0xC7142D), on_colour),
        },
        is_dark: false,
    }
}

/// The dark theme's extended palette.
fn extended_dark(p: Palette) -> Extended {
    let text = p.text;
    // --button--primary--text--enabled (dark), --toast--text--*: neutral_850
    let on_colour = color!(0x1D1E20);
    Extended {
        background: Background {
            base: pair(p.background, text),
            // --card--filled--bg--enabled / --button--secondary--bg--hover: neutral_800
            weakest: pair(color!(0x2B2D31), text),
            // --bg--section / --button--secondary--bg--active: neutral_750
            weaker: pair(color!(0x303236), text),
            // --divider--bg--light / --input_text--bg--disabled: neutral_700
            weak: pair(color!(0x35373B), text),
            // --scrollbar--bg--active: neutral_650
            neutral: pair(color!(0x3E4146), text),
            // --card--base--border--enabled / --divider--bg--minimal: neutral_600
            strong: pair(color!(0x474B51), text),
            // --input_text--border--enabled: neutral_550
            stronger: pair(color!(0x555961), text),
            // --scrollbar--bar--hover: neutral_500
            strongest: pair(color!(0x646973), text),
        },
        primary: Primary {
            base: pair(p.primary, on_colour),
            // --bg--selected / --card--selected--bg--enabled: marina_900
            weak: pair(color!(0x102046), text),
            // --button--primary--bg--hover: marina_300
            strong: pair(color!(0x94B4FD), on_colour),
        },
        secondary: Secondary {
            // --button--secondary--bg--enabled: neutral_850
            base: pair(color!(0x1D1E20), text),
            // --button--secondary--bg--hover: neutral_800
            weak: pair(color!(0x2B2D31), text),
            // --button--secondary--bg--active: neutral_750
            strong: pair(color!(0x303236), text),
        },
        success: Success {
            base: pair(p.success, on_colour),
            // --section_message--success--bg: emerald_900
            weak: pair(color!(0x022C2E), text),
            // --tag--emerald--text_outlined: emerald_300
            strong: pair(color!(0x6BC9B8), on_colour),
        },
        warning: Warning {
            base: pair(p.warning, on_colour),
            // --section_message--warning--bg: yellow_900
            weak: pair(color!(0x3E1D08), text),
            // --tag--yellow--text_outlined: yellow_300
            strong: pair(color!(0xFFD339), on_colour),
        },
        danger: Danger {
            base: pair(p.danger, on_colour),
            // --section_message--critical--bg: red_900
            weak: pair(color!(0x470F13), text),
            // --tag--red--text_outlined / --button--destructive--bg--hover: red_300
            strong: pair(color!(0xFD9997), on_colour),
        },
        is_dark: true,
    }
}

/// The light theme ("Hexa light").
pub fn light() -> Theme {
    Theme::custom_with_fn("Hexa light", LIGHT, extended_light)
}

/// The dark theme ("Hexa dark").
pub fn dark() -> Theme {
    Theme::custom_with_fn("Hexa dark", DARK, extended_dark)
}

/// The theme for the settings' `choice`, with `system` the desktop's preference (light when the
/// desktop does not say).
pub fn for_choice(choice: ThemeChoice, system: Mode) -> Theme {
    match (choice, system) {
        (ThemeChoice::Dark, _) | (ThemeChoice::System, Mode::Dark) => dark(),
        (ThemeChoice::Light, _) | (ThemeChoice::System, Mode::Light | Mode::None) => light(),
    }
}

/// The extras of `theme` (by its brightness: any dark theme gets the dark extras).
pub fn extra(theme: &Theme) -> &'static Extra {
    if theme.extended_palette().is_dark {
        &DARK_EXTRA
    } else {
        &LIGHT_EXTRA
    }
}

/// WCAG 2 relative luminance of an sRGB colour.
pub fn luminance(c: Color) -> f32 {
    let lin = |v: f32| {
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b)
}

/// WCAG 2 contrast ratio of two colours (1 to 21).
pub fn contrast(a: Color, b: Color) -> f32 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_choice_and_the_desktop_pick_the_theme() {
        assert_eq!(
            for_choice(ThemeChoice::System, Mode::Dark).to_string(),
            "Hexa dark"
        );
        assert_eq!(
            for_choice(ThemeChoice::System, Mode::None).to_string(),
            "Hexa light"
        );
        assert_eq!(
            for_choice(ThemeChoice::Light, Mode::Dark).to_string(),
            "Hexa light"
        );
        assert_eq!(
            for_choice(ThemeChoice::Dark, Mode::Light).to_string(),
            "Hexa dark"
        );
        assert!(dark().extended_palette().is_dark);
        assert!(!light().extended_palette().is_dark);
    }

    #[test]
    fn text_and_status_colours_are_readable_in_both_themes() {
        for theme in [light(), dark()] {
            let p = theme.extended_palette();
            let page = p.background.base.color;
            let check = |what: &str, fg: Color, bg: Color, min: f32| {
                let ratio = contrast(fg, bg);
                assert!(ratio >= min, "{theme}: {what}: contrast {ratio:.2} < {min}");
            };
            check("body text", p.background.base.text, page, 7.0);
            check("error text", p.danger.strong.color, page, 4.5);
            check("warning text", p.warning.strong.color, page, 4.5);
            check("success text", p.success.strong.color, page, 4.5);
            check(
                "primary button",
                p.primary.base.text,
                p.primary.base.color,
                4.5,
            );
            check(
                "hovered primary",
                p.primary.strong.text,
                p.primary.strong.color,
                4.5,
            );
            check(
                "danger button",
                p.danger.base.text,
                p.danger.base.color,
                3.0,
            );
            check("alarm text", p.danger.weak.text, p.danger.weak.color, 7.0);
            check(
                "notice text",
                p.success.weak.text,
                p.success.weak.color,
                7.0,
            );
            check(
                "banner text",
                p.primary.weak.text,
                p.primary.weak.color,
                7.0,
            );
            // Non-text contrast (WCAG 1.4.11): the focus ring against the page and the field.
            check("focus ring", extra(&theme).focus, page, 3.0);
            check(
                "focus vs idle border",
                extra(&theme).focus,
                extra(&theme).input_border,
                1.5,
            );
        }
    }
}
