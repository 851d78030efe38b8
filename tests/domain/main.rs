//! Domain tests: certificates, TLS pinning, the keyring, removable drives, languages and fonts, and
//! the layering of the crate.
//!
//! One test binary for the group: every binary links the whole app (iced, rustls, tokio), so the
//! tests are modules of a few binaries rather than a binary each. nextest still runs each test in
//! its own process, so process-wide state (the keyring store, the language) never leaks.

mod architecture;
mod cert_corpus;
mod font_coverage;
mod fuzz_corpus;
mod i18n_catalogue;
mod i18n_switch;
mod properties;
mod removable_scan;
mod secrets_keyring;
mod secrets_mock;
mod tls_pinning;
