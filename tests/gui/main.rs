//! Every screen driven headless with iced_test against the simulators: click-throughs, keyboard,
//! languages and snapshots.
//!
//! One test binary for the group: every binary links the whole app (iced, rustls, tokio), so the
//! tests are modules of a few binaries rather than a binary each. nextest still runs each test in
//! its own process, so process-wide state (the keyring store, the language) never leaks.

#[path = "../support/common/mod.rs"]
mod common;
#[path = "../support/gui_support/mod.rs"]
mod gui_support;
#[path = "../support/hierarchy_support/mod.rs"]
mod hierarchy_support;

mod canary;
mod close_request;
mod connect;
mod debug_redaction;
mod demo_prefill;
mod estate;
mod keyboard;
mod language_picker;
mod mapping;
mod prerequisites;
mod prerequisites_languages;
mod proxy_keyring;
mod register_only;
mod secondary;
mod secondary_languages;
mod servers;
mod settings_faults;
mod typed_path;
mod wizard;
mod wizard_languages;
mod wizard_sim;
mod wizard_snapshots;
