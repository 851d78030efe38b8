//! Scrollable looks: Hexa's thin neutral scrollbar on a transparent rail.

use iced::widget::scrollable::{self, Status, Style};
use iced::{Background, Theme};

use super::palette;

/// A scrolled page.
pub fn page(theme: &Theme, status: Status) -> Style {
    let extra = palette::extra(theme);
    let mut style = scrollable::default(theme, status);
    let hovered = matches!(
        status,
        Status::Hovered {
            is_vertical_scrollbar_hovered: true,
            ..
        } | Status::Dragged {
            is_vertical_scrollbar_dragged: true,
            ..
        }
    );
    style.vertical_rail.background = None;
    style.vertical_rail.scroller.background = Background::Color(if hovered {
        extra.scrollbar_hover
    } else {
        extra.scrollbar
    });
    style
}
