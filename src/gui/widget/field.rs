//! A form row: label, input, and the message about the input right under it.

use iced::widget::text::IntoFragment;
use iced::widget::{column, row, text, text_input};
use iced::{Alignment, Element, Length};

use crate::gui::style;

/// A text input as a form row: `label`, the value, an optional inline `error` under it.
///
/// `id` names the input for tests and focus handling; `secure` hides the value.
#[allow(clippy::too_many_arguments)]
pub fn text_field<'a, M: Clone + 'a>(
    id: &'static str,
    label: impl IntoFragment<'a>,
    placeholder: &str,
    value: &'a str,
    secure: bool,
    error: Option<String>,
    on_input: impl Fn(String) -> M + 'a,
    on_submit: Option<M>,
) -> Element<'a, M> {
    let invalid = error.is_some();
    let input = text_input(placeholder, value)
        .id(id)
        .secure(secure)
        .on_input(on_input)
        .on_submit_maybe(on_submit)
        .padding(6)
        .width(Length::Fill)
        .style(if invalid {
            style::text_input::invalid
        } else {
            style::text_input::normal
        });
    labelled(label, input.into(), error)
}

/// Any input as a form row with a label and an optional inline error.
pub fn labelled<'a, M: 'a>(
    label: impl IntoFragment<'a>,
    input: Element<'a, M>,
    error: Option<String>,
) -> Element<'a, M> {
    let mut right = column![input].spacing(2).width(Length::Fill);
    if let Some(e) = error {
        right = right.push(text(e).size(style::SMALL_SIZE).style(style::text::error));
    }
    row![text(label).width(style::LABEL_WIDTH), right]
        .spacing(style::GAP)
        .align_y(Alignment::Start)
        .into()
}
