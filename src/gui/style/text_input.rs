//! Text input looks: normal, and marked when its value is refused.

use iced::widget::text_input::{self, Status, Style};
use iced::{Border, Theme};

/// An input whose value is acceptable (or not judged yet).
pub fn normal(theme: &Theme, status: Status) -> Style {
    text_input::default(theme, status)
}

/// An input whose value is refused: a danger-coloured border next to the inline message.
pub fn invalid(theme: &Theme, status: Status) -> Style {
    let base = text_input::default(theme, status);
    Style {
        border: Border {
            color: theme.extended_palette().danger.base.color,
            width: 2.0,
            ..base.border
        },
        ..base
    }
}
