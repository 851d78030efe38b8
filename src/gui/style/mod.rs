//! Style functions, one file per widget kind, so that views carry no colours; the colours
//! themselves come from `palette` (Kaspersky's Hexa UI tokens), light and dark.

pub mod button;
pub mod checkbox;
pub mod container;
pub mod palette;
pub mod scrollable;
pub mod text;
pub mod text_input;

/// Space between related elements.
pub const GAP: f32 = 8.0;
/// Space between sections.
pub const SECTION: f32 = 20.0;
/// Padding inside a page.
pub const PAGE_PADDING: f32 = 24.0;
/// Size of page titles.
pub const TITLE_SIZE: f32 = 24.0;
/// Size of section headings.
pub const HEADING_SIZE: f32 = 18.0;
/// Size of small print.
pub const SMALL_SIZE: f32 = 13.0;
/// Width of form labels.
pub const LABEL_WIDTH: f32 = 260.0;
