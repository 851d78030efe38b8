//! Secrets: the [`Secret`] type, and the OS keyring through `keyring-core`.

mod secret;
mod store;

pub use secret::Secret;
pub use store::{
    AutotaskField, SERVICE_PREFIX, SecretKey, SecretsError, delete, delete_blocking,
    init_platform_store, load, load_blocking, store, store_blocking, totp_code,
};
