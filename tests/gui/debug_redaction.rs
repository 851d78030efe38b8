//! Two-step codes never show in a `Debug` print of the screens' state, messages or work (which
//! a log line, a panic message or a test failure may print).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use ksc_link::gui::screen::{connect, wizard};
use ksc_link::hierarchy::wizard::WizardForm;
use ksc_link::kloapi::{ConnectOptions, KscClient};
use ksc_link::tls::Pin;

const CODE: &str = "424242";

fn client() -> KscClient {
    KscClient::new(ConnectOptions::new("ksc.test.invalid", Pin::of_der(b"x"))).unwrap()
}

fn assert_hidden(what: &str, printed: String) {
    assert!(!printed.contains(CODE), "{what} shows the code: {printed}");
}

#[test]
fn the_connect_screen_never_prints_the_code() {
    let mut state = connect::State::new(Vec::new(), Vec::new());
    let typed = connect::Message::CodeChanged(CODE.into());
    assert_hidden("the message", format!("{typed:?}"));
    let _ = state.update(typed);
    assert_hidden("the screen", format!("{state:?}"));
    let work = connect::Work::SubmitCode {
        client: client(),
        code: CODE.into(),
    };
    assert_hidden("the work", format!("{work:?}"));
}

#[test]
fn the_wizard_never_prints_the_code() {
    let mut form = WizardForm::new("ksc-hq.corp");
    form.code = CODE.into();
    assert_hidden("the form", format!("{form:?}"));
    let typed = wizard::credentials::Message::CodeChanged(CODE.into());
    assert_hidden("the message", format!("{typed:?}"));
    let work = wizard::Work::SubmitCode {
        client: client(),
        code: CODE.into(),
    };
    assert_hidden("the work", format!("{work:?}"));
}
