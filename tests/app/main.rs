//! The ksc-link executable itself: its command line, its log file, and its real window under Xvfb.
//!
//! One test binary for the group: every binary links the whole app (iced, rustls, tokio), so the
//! tests are modules of a few binaries rather than a binary each. nextest still runs each test in
//! its own process, so process-wide state (the keyring store, the language) never leaks.

#[path = "../support/common/mod.rs"]
mod common;
#[path = "../support/gui_support/mod.rs"]
mod gui_support;

mod cli_lang;
mod cli_no_desktop;
mod cli_plan;
mod cli_sim;
mod log_secrets;
mod window_demo;
mod window_identity;
mod window_keyboard;
mod window_secondary;
