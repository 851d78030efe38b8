//! Secrets: the [`Secret`] type, and the OS keyring through `keyring-core`.

mod secret;

pub use secret::Secret;
