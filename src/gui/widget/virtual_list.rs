//! A long list that builds only the rows in view. iced lays out and shapes the text of every
//! widget it is given on every frame, so ten thousand rows in a column cost hundreds of
//! milliseconds a keystroke; here the rows above and below the view are one empty space each.
//!
//! Every row's height must be known without laying it out (the caller gives it, and the row is
//! held to it), and the screen keeps the [`Window`] its scrollable reports.

use iced::widget::scrollable::Viewport;
use iced::widget::{Column, Scrollable, Space, container, scrollable};
use iced::{Element, Length};

/// Rows built beyond each edge of the view, so that a wheel turn shows no gap before the next
/// frame catches up.
const MARGIN: usize = 6;

/// Space to leave at a row's right edge so that the list's scrollbar (iced's default, 10 wide)
/// does not cover what the row ends with.
pub const SCROLLBAR_GUTTER: f32 = 12.0;

/// The view's height assumed before the scrollable first reports it (a tall window's worth).
const UNKNOWN_HEIGHT: f32 = 1200.0;

/// Where the list is scrolled and how much of it shows, as its scrollable last reported.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Window {
    offset: f32,
    height: Option<f32>,
}

impl Window {
    /// Records what the scrollable reports (its `on_scroll`).
    pub fn scrolled(&mut self, viewport: Viewport) {
        self.offset = viewport.absolute_offset().y;
        self.height = Some(viewport.bounds().height);
    }

    /// The offset from the top, as last reported.
    pub fn offset(&self) -> f32 {
        self.offset
    }
}

/// The rows of `first..end` that are built, with the heights of the spaces around them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Slice {
    /// The first row built.
    pub first: usize,
    /// One past the last row built.
    pub end: usize,
    /// Space above the first row built (without the spacing before it).
    pub above: f32,
    /// Space below the last row built (without the spacing before it).
    pub below: f32,
    /// The whole list's height.
    pub total: f32,
}

/// Which rows of `count` (of heights `height_of`, `spacing` apart) a view of `height` at
/// `offset` shows, with [`MARGIN`] rows either side.
pub fn slice(
    count: usize,
    height_of: impl Fn(usize) -> f32,
    spacing: f32,
    offset: f32,
    height: f32,
) -> Slice {
    // tops[i]: where row i starts; tops[count]: the end of the list plus one spacing.
    let mut tops = Vec::with_capacity(count + 1);
    let mut y = 0.0;
    for i in 0..count {
        tops.push(y);
        y += height_of(i) + spacing;
    }
    tops.push(y);
    let total = if count == 0 { 0.0 } else { y - spacing };
    // The scrollable clamps its offset to the content; so does the slice, or a list that
    // shrank under a deep offset would be built empty for a frame.
    let offset = offset.clamp(0.0, (total - height).max(0.0));
    let first_shown = tops[1..].partition_point(|end| *end <= offset);
    let end_shown = tops[..count].partition_point(|top| *top < offset + height);
    let first = first_shown.saturating_sub(MARGIN);
    let end = (end_shown + MARGIN).min(count).max(first);
    Slice {
        first,
        end,
        above: if first == 0 {
            0.0
        } else {
            tops[first] - spacing
        },
        below: if end == count { 0.0 } else { total - tops[end] },
        total,
    }
}

/// The list: `count` rows, row `i` built by `row(i)` and held to `height_of(i)`, `spacing`
/// apart, scrolled as `window` says. `max_height` caps a list inside a scrolling page (it is
/// as tall as its rows up to that, so a short list looks like a plain column); without it the
/// list fills the height it is given.
#[allow(clippy::too_many_arguments)]
pub fn view<'a, M: 'a>(
    window: &Window,
    count: usize,
    height_of: impl Fn(usize) -> f32,
    spacing: f32,
    max_height: Option<f32>,
    row: impl Fn(usize) -> Element<'a, M>,
    on_scroll: impl Fn(Viewport) -> M + 'a,
) -> Scrollable<'a, M> {
    let assumed = window.height.or(max_height).unwrap_or(UNKNOWN_HEIGHT);
    let s = slice(count, &height_of, spacing, window.offset, assumed);
    let mut col = Column::with_capacity(s.end - s.first + 2)
        .spacing(spacing)
        .width(Length::Fill);
    if s.first > 0 {
        col = col.push(Space::new().height(s.above));
    }
    for i in s.first..s.end {
        col = col.push(
            container(row(i))
                .height(height_of(i))
                .width(Length::Fill)
                .clip(true),
        );
    }
    if s.end < count {
        col = col.push(Space::new().height(s.below));
    }
    let height = match max_height {
        Some(m) => Length::Fixed(s.total.min(m)),
        None => Length::Fill,
    };
    scrollable(col)
        .height(height)
        .width(Length::Fill)
        .on_scroll(on_scroll)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_list_is_built_whole() {
        let s = slice(5, |_| 30.0, 2.0, 0.0, 400.0);
        assert_eq!((s.first, s.end), (0, 5));
        assert_eq!((s.above, s.below), (0.0, 0.0));
        assert!((s.total - (5.0 * 32.0 - 2.0)).abs() < 1e-3);
    }

    #[test]
    fn a_long_list_builds_the_view_and_its_margins_and_keeps_its_height() {
        let (n, h, gap) = (10_000, 30.0, 2.0);
        let s = slice(n, |_| h, gap, 320.0 * 32.0, 320.0);
        assert_eq!(s.first, 320 - MARGIN);
        assert_eq!(s.end, 330 + MARGIN);
        // Space, spacing, the rows with their spacing, space: the whole list's height.
        let rows = (s.end - s.first) as f32 * (h + gap) - gap;
        let built = s.above + gap + rows + gap + s.below;
        assert!((built - s.total).abs() < 1e-2, "{built} vs {}", s.total);
    }

    #[test]
    fn an_offset_past_the_end_shows_the_last_rows() {
        let s = slice(100, |_| 10.0, 0.0, 1e9, 50.0);
        assert_eq!(s.end, 100);
        assert_eq!(s.first, 95 - MARGIN);
    }

    #[test]
    fn rows_of_two_heights_are_placed_by_their_own_heights() {
        // Every tenth row is twice as tall.
        let height = |i: usize| if i.is_multiple_of(10) { 40.0 } else { 20.0 };
        let s = slice(1_000, height, 0.0, 2_200.0, 100.0);
        // 10 rows take 220: row 100 starts at 2,200.
        assert_eq!(s.first, 100 - MARGIN);
        let above: f32 = (0..s.first).map(height).sum();
        assert!((s.above - above).abs() < 1e-3);
    }
}
