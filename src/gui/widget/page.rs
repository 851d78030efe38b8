//! The frame every page shares: its content scrolling above a footer that stays in view (the
//! page's Back/Next/Save buttons and its questions).

use iced::widget::{column, container, scrollable};
use iced::{Element, Length};

use crate::gui::style;

/// `content` (already padded as a page) scrolling above `footer`.
pub fn with_footer<'a, M: 'a>(
    content: impl Into<Element<'a, M>>,
    footer: impl Into<Element<'a, M>>,
) -> Element<'a, M> {
    column![
        scrollable(content)
            .style(style::scrollable::page)
            .height(Length::Fill),
        container(footer)
            .padding(12)
            .width(Length::Fill)
            .style(style::container::footer),
    ]
    .into()
}
