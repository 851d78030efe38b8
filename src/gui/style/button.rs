//! Button looks by role.

use iced::Theme;
use iced::widget::button::{self, Status, Style};

/// The main action of a page (Next, Connect, Finish).
pub fn primary(theme: &Theme, status: Status) -> Style {
    button::primary(theme, status)
}

/// Other actions (Back, Cancel, Browse).
pub fn secondary(theme: &Theme, status: Status) -> Style {
    button::secondary(theme, status)
}

/// Actions that undo or accept a risk (Roll back, Trust the new certificate).
pub fn danger(theme: &Theme, status: Status) -> Style {
    button::danger(theme, status)
}

/// An entry of a list (a group, a recent server); `selected` is highlighted.
pub fn list_item(selected: bool) -> impl Fn(&Theme, Status) -> Style {
    move |theme, status| {
        if selected {
            button::primary(theme, status)
        } else {
            button::text(theme, status)
        }
    }
}
