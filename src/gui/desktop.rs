//! Whether a window can be opened here at all. Over SSH or on a server console there is no
//! graphical session; iced then panics while creating its event loop, and a backtrace with exit
//! code 101 tells an administrator nothing. The command line checks first and, should the check
//! miss (a `DISPLAY` naming a server that is not running), turns that one panic into the same
//! one-line answer.

use std::ffi::OsString;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

/// No graphical session: the window cannot be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoDesktop;

impl std::fmt::Display for NoDesktop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::fl!("cli-no-desktop"))
    }
}

impl std::error::Error for NoDesktop {}

/// Whether the environment names a display server, by the variables winit reads (an empty
/// value counts as unset, as winit counts it). Only Linux and the BSDs need one: Windows and
/// macOS always have their own window system.
pub fn has_display(var: impl Fn(&str) -> Option<OsString>) -> bool {
    if !cfg!(all(unix, not(target_os = "macos"))) {
        return true;
    }
    ["WAYLAND_DISPLAY", "WAYLAND_SOCKET", "DISPLAY"]
        .iter()
        .any(|name| var(name).is_some_and(|v| !v.is_empty()))
}

/// [`has_display`] of this process's environment.
pub fn check() -> Result<(), NoDesktop> {
    if has_display(|name| std::env::var_os(name)) {
        Ok(())
    } else {
        Err(NoDesktop)
    }
}

/// How iced_winit's `expect` on creating the event loop begins; every way winit fails to reach
/// a display (no variable, an X server that does not answer, a Wayland socket that is not
/// there) ends in it, and nothing else panics with it.
const EVENT_LOOP_PANIC: &str = "Create event loop";

fn is_event_loop_panic(message: &str) -> bool {
    message.starts_with(EVENT_LOOP_PANIC)
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> Option<&str> {
    payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&'static str>().copied())
}

/// Runs the GUI (`start`); a failure to reach the display becomes [`NoDesktop`] with nothing
/// printed, any other panic goes on as before (with its message and backtrace: that is a bug).
pub fn guard<R>(start: impl FnOnce() -> R) -> Result<R, NoDesktop> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if panic_message(info.payload()).is_some_and(is_event_loop_panic) {
                tracing::error!(
                    error = panic_message(info.payload()).unwrap_or_default(),
                    "no display to open the window on"
                );
                return;
            }
            previous(info);
        }));
    });
    match panic::catch_unwind(AssertUnwindSafe(start)) {
        Ok(r) => Ok(r),
        Err(payload) if panic_message(payload.as_ref()).is_some_and(is_event_loop_panic) => {
            Err(NoDesktop)
        }
        Err(payload) => panic::resume_unwind(payload),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> {
        let pairs: Vec<(String, OsString)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), OsString::from(v)))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        }
    }

    #[test]
    #[cfg(all(unix, not(target_os = "macos")))]
    fn a_display_needs_one_of_the_variables_set_and_not_empty() {
        assert!(!has_display(env(&[])));
        assert!(!has_display(env(&[
            ("DISPLAY", ""),
            ("WAYLAND_DISPLAY", "")
        ])));
        assert!(!has_display(env(&[("XDG_SESSION_TYPE", "tty")])));
        assert!(has_display(env(&[("DISPLAY", ":0")])));
        assert!(has_display(env(&[("WAYLAND_DISPLAY", "wayland-0")])));
        assert!(has_display(env(&[("WAYLAND_SOCKET", "7")])));
    }

    #[test]
    fn only_the_event_loop_panic_is_turned_into_no_desktop() {
        let r = guard(|| -> () {
            panic!(
                "Create event loop: Os(OsError {{ error: Misc(\"neither WAYLAND_DISPLAY nor \
                 WAYLAND_SOCKET nor DISPLAY is set.\") }})"
            )
        });
        assert_eq!(r, Err(NoDesktop));
        assert_eq!(guard(|| 7), Ok(7));
        let other = panic::catch_unwind(|| guard(|| -> () { panic!("index out of bounds") }));
        assert!(
            other.is_err(),
            "a bug's panic must not be taken for a missing display"
        );
    }
}
