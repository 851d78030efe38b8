//! The way through when no file dialog can be shown (see `gui::dialog`): a line saying so and
//! a field to type or paste the file's path, submitted with Enter or "Open". A submitted path
//! goes where a path picked in the dialog would go, so the screens read it the same way.

use std::path::PathBuf;

use iced::widget::{button, column, row, text, text_input};
use iced::{Element, Length};

use crate::gui::style;

/// What happened to a path field.
#[derive(Clone, Debug)]
pub enum Message {
    /// No file dialog could be shown: the field appears.
    NoDialog,
    /// The path was edited.
    Changed(String),
    /// Enter or "Open".
    Submitted,
}

/// A path field, hidden until a file dialog could not be shown.
#[derive(Clone, Debug, Default)]
pub struct PathEntry {
    shown: bool,
    text: String,
    /// It stands for a save dialog: the path is where to write.
    saving: bool,
}

impl PathEntry {
    /// A field standing for a save dialog, its path being where to write.
    pub fn for_saving() -> Self {
        Self {
            saving: true,
            ..Self::default()
        }
    }

    /// Whether the field is shown.
    pub fn is_shown(&self) -> bool {
        self.shown
    }

    /// Applies `message`; the path to open when one was submitted.
    pub fn update(&mut self, message: Message) -> Option<PathBuf> {
        match message {
            Message::NoDialog => {
                self.shown = true;
                None
            }
            Message::Changed(text) => {
                self.text = text;
                None
            }
            Message::Submitted => self.path(),
        }
    }

    /// The typed path, as pasted from a file manager too: blanks around it, quotes around it
    /// (`'…'` or `"…"`) and a `file://` prefix are dropped. `None` while empty.
    pub fn path(&self) -> Option<PathBuf> {
        let t = self.text.trim();
        let t = ['\'', '"']
            .iter()
            .find_map(|q| t.strip_prefix(*q).and_then(|t| t.strip_suffix(*q)))
            .unwrap_or(t);
        let t = t.strip_prefix("file://").unwrap_or(t);
        (!t.is_empty()).then(|| PathBuf::from(t))
    }

    /// The message and the field when shown (else nothing); `id` names the input, `map` turns
    /// this field's messages into the screen's.
    pub fn view<'a, M: Clone + 'a>(
        &'a self,
        id: &'static str,
        placeholder: String,
        map: impl Fn(Message) -> M + Clone + 'a,
    ) -> Option<Element<'a, M>> {
        if !self.shown {
            return None;
        }
        let submit = self.path().map(|_| map(Message::Submitted));
        let on_input = map.clone();
        let input = text_input(&placeholder, &self.text)
            .id(id)
            .on_input(move |t| on_input(Message::Changed(t)))
            .on_submit_maybe(submit.clone())
            .padding(6)
            .width(Length::Fill)
            .style(style::text_input::normal);
        let (note, verb) = if self.saving {
            (
                crate::fl!("dialog-unavailable-save"),
                crate::fl!("dialog-path-save"),
            )
        } else {
            (
                crate::fl!("dialog-unavailable"),
                crate::fl!("dialog-path-open"),
            )
        };
        let open = button(text(verb))
            .style(style::button::secondary)
            .on_press_maybe(submit);
        Some(
            column![
                text(note).style(style::text::warning),
                row![input, open].spacing(style::GAP),
            ]
            .spacing(style::GAP / 2.0)
            .into(),
        )
    }
}
