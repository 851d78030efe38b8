//! A bare iced window with the same renderer and features as ksc-link: the baseline for the
//! start-up time and memory figures of `ksc-link` and `ksc-link demo` (benches/perf.rs).
//!
//! `cargo run --release --features bare-window --bin bare-window`

fn update(_: &mut (), _: ()) {}

fn view(_: &()) -> iced::Element<'_, ()> {
    iced::widget::text("bare iced window").into()
}

fn title(_: &()) -> String {
    "bare iced window".to_string()
}

fn main() -> iced::Result {
    iced::application(|| (), update, view).title(title).run()
}
