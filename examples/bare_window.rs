//! A bare iced window with the same renderer and features as ksc-link: the baseline for the
//! start-up time and memory figures of `ksc-link demo`.
//!
//! `cargo run --release --example bare_window`

fn view(_: &()) -> iced::Element<'_, ()> {
    iced::widget::text("bare iced window").into()
}

fn main() -> iced::Result {
    iced::application(|| (), |_: &mut (), _: ()| {}, view)
        .title(|_: &()| "bare iced window".to_string())
        .run()
}
