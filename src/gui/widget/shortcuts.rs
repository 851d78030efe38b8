//! The keyboard layer around every screen: Tab / Shift+Tab move the focus through the inputs in
//! reading order (wrapping around at either end), and the app's shortcuts (Alt+N, Alt+B, Esc, Enter) become messages.
//!
//! It is a widget rather than a subscription for two reasons. Alt+N and Esc must win over the
//! focused input: a subscription only hears keys no widget used, and a focused input would type
//! the "n" of Alt+N (or swallow Esc) first. And Tab moves the focus inside the widget tree right
//! away, so headless tests (iced_test's Simulator, which runs no tasks) see the same focus order
//! as the window.

use iced::keyboard::{self, Key, Modifiers, key::Named};
use iced::{Element, Event, Length, Rectangle, Size, Vector};
use iced_core::widget::operation::{self, Operation, Outcome};
use iced_core::widget::{Tree, tree};
use iced_core::{Clipboard, Layout, Shell, Widget, layout, mouse, overlay, renderer};

/// A key the app acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortcut {
    /// Alt+N: Next (the wizard).
    Next,
    /// Alt+B: Back (the wizard).
    Back,
    /// Esc: cancel or close.
    Cancel,
    /// Enter that no input used: the screen's default action.
    Default,
}

impl Shortcut {
    /// The shortcut a key press stands for, if any. Alt+N, Alt+B and Esc are taken before the
    /// focused widget sees them (`early`); Enter only when no widget used it.
    pub fn of(key: &Key, modifiers: Modifiers, early: bool) -> Option<Self> {
        let plain = !modifiers.alt() && !modifiers.control() && !modifiers.logo();
        match key.as_ref() {
            Key::Character(c) if early && modifiers.alt() && !modifiers.control() => {
                match c.to_lowercase().as_str() {
                    "n" => Some(Self::Next),
                    "b" => Some(Self::Back),
                    _ => None,
                }
            }
            Key::Named(Named::Escape) if early && plain => Some(Self::Cancel),
            Key::Named(Named::Enter) if !early && plain && !modifiers.shift() => {
                Some(Self::Default)
            }
            _ => None,
        }
    }
}

/// Wraps `content` in the keyboard layer; `on_shortcut` turns a shortcut into a message.
pub fn shortcuts<'a, M: Clone + 'a>(
    content: impl Into<Element<'a, M>>,
    on_shortcut: fn(Shortcut) -> M,
) -> Element<'a, M> {
    Element::new(Shortcuts {
        content: content.into(),
        on_shortcut,
    })
}

struct Shortcuts<'a, M> {
    content: Element<'a, M>,
    on_shortcut: fn(Shortcut) -> M,
}

/// Runs a (possibly chained) widget operation on `content` to its end, as iced's runtime does
/// for the operations of a task, and returns its result.
fn run_operation<M, T>(
    content: &mut Element<'_, M>,
    tree: &mut Tree,
    layout: Layout<'_>,
    renderer: &iced::Renderer,
    mut op: Box<dyn Operation<T>>,
) -> Option<T> {
    // A chain is a couple of passes (count, then move); the bound only guards against a
    // widget whose operation never settles.
    for _ in 0..8 {
        {
            let mut erased = operation::black_box::<T, ()>(op.as_mut());
            content
                .as_widget_mut()
                .operate(tree, layout, renderer, &mut erased);
        }
        match op.finish() {
            Outcome::Chain(next) => op = next,
            Outcome::Some(t) => return Some(t),
            Outcome::None => return None,
        }
    }
    None
}

/// Moves the focus to the next (or previous) input, wrapping around: iced's own operation
/// leaves nothing focused after the last input (before the first).
fn move_focus<M>(
    content: &mut Element<'_, M>,
    tree: &mut Tree,
    layout: Layout<'_>,
    renderer: &iced::Renderer,
    backwards: bool,
) {
    let step = |content: &mut Element<'_, M>, tree: &mut Tree| {
        let op: Box<dyn Operation> = if backwards {
            Box::new(operation::focusable::focus_previous())
        } else {
            Box::new(operation::focusable::focus_next())
        };
        let _ = run_operation(content, tree, layout, renderer, op);
    };
    step(content, tree);
    let count = run_operation(
        content,
        tree,
        layout,
        renderer,
        Box::new(operation::focusable::count()),
    );
    if let Some(c) = count
        && c.total > 0
        && c.focused.is_none()
    {
        step(content, tree);
    }
}

impl<M: Clone> Widget<M, iced::Theme, iced::Renderer> for Shortcuts<'_, M> {
    fn tag(&self) -> tree::Tag {
        tree::Tag::stateless()
    }

    fn children(&self) -> Vec<Tree> {
        vec![Tree::new(&self.content)]
    }

    fn diff(&self, tree: &mut Tree) {
        tree.diff_children(std::slice::from_ref(&self.content));
    }

    fn size(&self) -> Size<Length> {
        self.content.as_widget().size()
    }

    fn layout(
        &mut self,
        tree: &mut Tree,
        renderer: &iced::Renderer,
        limits: &layout::Limits,
    ) -> layout::Node {
        self.content
            .as_widget_mut()
            .layout(&mut tree.children[0], renderer, limits)
    }

    fn operate(
        &mut self,
        tree: &mut Tree,
        layout: Layout<'_>,
        renderer: &iced::Renderer,
        operation: &mut dyn Operation,
    ) {
        self.content
            .as_widget_mut()
            .operate(&mut tree.children[0], layout, renderer, operation);
    }

    fn update(
        &mut self,
        tree: &mut Tree,
        event: &Event,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        renderer: &iced::Renderer,
        clipboard: &mut dyn Clipboard,
        shell: &mut Shell<'_, M>,
        viewport: &Rectangle,
    ) {
        let pressed = match event {
            Event::Keyboard(keyboard::Event::KeyPressed { key, modifiers, .. }) => {
                Some((key, *modifiers))
            }
            _ => None,
        };
        if let Some((key, modifiers)) = pressed
            && let Some(s) = Shortcut::of(key, modifiers, true)
        {
            shell.publish((self.on_shortcut)(s));
            shell.capture_event();
            return;
        }
        self.content.as_widget_mut().update(
            &mut tree.children[0],
            event,
            layout,
            cursor,
            renderer,
            clipboard,
            shell,
            viewport,
        );
        let Some((key, modifiers)) = pressed else {
            return;
        };
        if shell.is_event_captured() {
            return;
        }
        if let Key::Named(Named::Tab) = key.as_ref()
            && !modifiers.alt()
            && !modifiers.control()
        {
            move_focus(
                &mut self.content,
                &mut tree.children[0],
                layout,
                renderer,
                modifiers.shift(),
            );
            shell.capture_event();
            shell.request_redraw();
        } else if let Some(s) = Shortcut::of(key, modifiers, false) {
            shell.publish((self.on_shortcut)(s));
            shell.capture_event();
        }
    }

    fn mouse_interaction(
        &self,
        tree: &Tree,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
        renderer: &iced::Renderer,
    ) -> mouse::Interaction {
        self.content.as_widget().mouse_interaction(
            &tree.children[0],
            layout,
            cursor,
            viewport,
            renderer,
        )
    }

    fn draw(
        &self,
        tree: &Tree,
        renderer: &mut iced::Renderer,
        theme: &iced::Theme,
        style: &renderer::Style,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
    ) {
        self.content.as_widget().draw(
            &tree.children[0],
            renderer,
            theme,
            style,
            layout,
            cursor,
            viewport,
        );
    }

    fn overlay<'b>(
        &'b mut self,
        tree: &'b mut Tree,
        layout: Layout<'b>,
        renderer: &iced::Renderer,
        viewport: &Rectangle,
        translation: Vector,
    ) -> Option<overlay::Element<'b, M, iced::Theme, iced::Renderer>> {
        self.content.as_widget_mut().overlay(
            &mut tree.children[0],
            layout,
            renderer,
            viewport,
            translation,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_to_shortcuts() {
        let alt = Modifiers::ALT;
        let none = Modifiers::empty();
        let n = Key::Character("n".into());
        let b = Key::Character("B".into());
        assert_eq!(Shortcut::of(&n, alt, true), Some(Shortcut::Next));
        assert_eq!(Shortcut::of(&b, alt, true), Some(Shortcut::Back));
        // A plain "n" is typing, and Alt+N is not taken twice.
        assert_eq!(Shortcut::of(&n, none, true), None);
        assert_eq!(Shortcut::of(&n, alt, false), None);
        let esc = Key::Named(Named::Escape);
        assert_eq!(Shortcut::of(&esc, none, true), Some(Shortcut::Cancel));
        let enter = Key::Named(Named::Enter);
        // Enter goes to the focused input first (its own submit).
        assert_eq!(Shortcut::of(&enter, none, true), None);
        assert_eq!(Shortcut::of(&enter, none, false), Some(Shortcut::Default));
        assert_eq!(Shortcut::of(&enter, Modifiers::CTRL, false), None);
    }
}
