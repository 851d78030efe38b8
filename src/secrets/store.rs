//! The OS keyring: where ksc-link keeps passwords, tokens and integration codes.
//!
//! Linux uses the Secret Service over D-Bus (gnome-keyring, KeePassXC, KWallet), Windows the
//! Credential Manager; both through `keyring-core`, whose default store is process-global.
//! Every keyring call blocks, and zbus in tokio mode panics when it blocks on a runtime thread,
//! so the async functions run each call on tokio's blocking pool and the `_blocking` variants
//! move the call to a plain thread when they find themselves inside a runtime.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use keyring_core::{CredentialStore, Entry, Error as KeyringError};

use super::Secret;

/// First part of every service name ksc-link writes, so its items are easy to find and remove.
pub const SERVICE_PREFIX: &str = "ksc-link";

/// How long an async keyring call may take. A Secret Service that shows an unlock prompt no one
/// answers (or that hangs) never returns; the page waiting for it must get an answer. Long
/// enough to type a keyring password into the prompt.
pub const KEYRING_TIMEOUT: Duration = Duration::from_secs(60);

/// Which Autotask API credential a key holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AutotaskField {
    /// The API user's secret (password).
    Secret,
    /// The API tracking identifier ("integration code") of the integration.
    IntegrationCode,
}

/// Where one secret lives in the keyring: a service name and an account name.
///
/// Both parts are names only; `Debug` and `Display` never involve a value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SecretKey {
    service: String,
    account: String,
}

impl SecretKey {
    /// The password of a KSC user on the Administration Server at `server:port`.
    pub fn ksc_user(server: &str, port: u16, user: &str) -> Self {
        Self::new(
            "ksc-user",
            format!("{}@{}", user.trim(), host_port(server, port)),
        )
    }

    /// The password of the HTTP proxy user at `proxy_host:proxy_port`.
    pub fn proxy(proxy_host: &str, proxy_port: u16, user: &str) -> Self {
        Self::new(
            "proxy",
            format!("{}@{}", user.trim(), host_port(proxy_host, proxy_port)),
        )
    }

    /// One of the Autotask API credentials of the API user `user`.
    pub fn autotask(user: &str, field: AutotaskField) -> Self {
        let service = match field {
            AutotaskField::Secret => "autotask-secret",
            AutotaskField::IntegrationCode => "autotask-integration-code",
        };
        Self::new(service, user.trim().to_string())
    }

    /// The two-step verification (TOTP) secret of a KSC service account at `server:port`, for
    /// scripts that must sign in unattended.
    pub fn ksc_totp(server: &str, port: u16, user: &str) -> Self {
        Self::new(
            "ksc-totp",
            format!("{}@{}", user.trim(), host_port(server, port)),
        )
    }

    /// The Kaspersky Endpoint Security Cloud password of the account `email`.
    pub fn kes_cloud(email: &str) -> Self {
        Self::new("kes-cloud", email.trim().to_lowercase())
    }

    // No '.' in service names: the Windows store joins "user.service" and forbids the divider in
    // the service part, so target names stay unambiguous.
    fn new(kind: &str, account: String) -> Self {
        Self {
            service: format!("{SERVICE_PREFIX}:{kind}"),
            account,
        }
    }

    /// The keyring service name (the Secret Service `service` attribute).
    pub fn service(&self) -> &str {
        &self.service
    }

    /// The keyring account name (the Secret Service `username` attribute).
    pub fn account(&self) -> &str {
        &self.account
    }
}

/// The current code of a TOTP secret (base32, as authenticator apps take it): SHA-1, 30 s, as
/// KSC's two-step verification uses.
pub fn totp_code(secret: &Secret, digits: usize) -> Result<String, String> {
    // The length comes from the server: only what authenticators make (and u32 holds).
    let digits = u8::try_from(digits)
        .ok()
        .filter(|d| (6..=8).contains(d))
        .ok_or_else(|| crate::fl!("secrets-totp-length", digits = digits))?;
    let text = secret.expose().trim().replace(' ', "").to_uppercase();
    let raw = totp_rs::Secret::try_from_base32(&text)
        .map_err(|_| crate::fl!("secrets-totp-not-base32"))?;
    let totp = totp_rs::Builder::new()
        .with_algorithm(totp_rs::Algorithm::SHA1)
        .with_digits(digits)
        .with_step_duration(30)
        .with_secret(raw)
        .build()
        .map_err(|e| e.to_string())?;
    Ok(totp.generate_current().to_string())
}

impl fmt::Display for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.account, self.service)
    }
}

/// Host names are case-insensitive, and IPv6 literals need brackets to keep the port readable.
fn host_port(host: &str, port: u16) -> String {
    let host = host
        .trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_ascii_lowercase();
    crate::net::host_port(&host, port)
}

/// Why the keyring could not be used. Never carries a secret value.
#[derive(Debug, thiserror::Error)]
pub enum SecretsError {
    /// The keyring (collection) is locked.
    #[error("{}", crate::fl!("secrets-locked"))]
    Locked,
    /// The keyring refused access, or its prompt was dismissed.
    #[error("{}", crate::fl!("secrets-denied"))]
    Denied,
    /// No keyring service can be reached.
    #[error("{}", unavailable_message(detail))]
    Unavailable {
        /// What was missing (no D-Bus session, no Secret Service provider, ...).
        detail: String,
    },
    /// This operating system has no keyring support in ksc-link.
    #[error("{}", crate::fl!("secrets-unsupported"))]
    Unsupported,
    /// The stored item is not valid text (it was written by something else).
    #[error("{}", crate::fl!("secrets-bad-data", key = key.to_string()))]
    BadData {
        /// The key whose item is unreadable (names only).
        key: String,
    },
    /// The keyring did not answer in time (a prompt may be waiting, or the service hangs).
    #[error("{}", crate::fl!("secrets-timeout", seconds = seconds.to_owned()))]
    TimedOut {
        /// The limit that passed.
        seconds: u64,
    },
    /// Any other keyring failure.
    #[error("{}", crate::fl!("secrets-other", detail = detail.clone()))]
    Other {
        /// What failed, without any secret value.
        detail: String,
    },
}

#[cfg(windows)]
fn unavailable_message(detail: &str) -> String {
    crate::fl!("secrets-unavailable-windows", detail = detail.to_string())
}

#[cfg(not(windows))]
fn unavailable_message(detail: &str) -> String {
    crate::fl!("secrets-unavailable", detail = detail.to_string())
}

/// Serialises the first store construction so two threads never connect twice.
static INIT_LOCK: Mutex<()> = Mutex::new(());

/// Makes the platform keyring the process default store; later calls (and an already set store,
/// such as a test's mock) are left alone. A failure is not remembered, so the caller may retry
/// after the user started a keyring service.
pub fn init_platform_store() -> Result<(), SecretsError> {
    off_runtime(ensure_store)
}

fn ensure_store() -> Result<(), SecretsError> {
    if keyring_core::get_default_store().is_some() {
        return Ok(());
    }
    let _guard = INIT_LOCK.lock().unwrap_or_else(PoisonError::into_inner);
    if keyring_core::get_default_store().is_some() {
        return Ok(());
    }
    keyring_core::set_default_store(platform_store()?);
    Ok(())
}

#[cfg(target_os = "linux")]
fn platform_store() -> Result<Arc<CredentialStore>, SecretsError> {
    // This only connects to the session bus and opens a Secret Service session, so any failure
    // other than a refusal means there is no usable Secret Service.
    let store =
        zbus_secret_service_keyring_store::Store::new().map_err(|e| match map_error(e, None) {
            SecretsError::Other { detail } => SecretsError::Unavailable { detail },
            refusal => refusal,
        })?;
    Ok(store)
}

#[cfg(windows)]
fn platform_store() -> Result<Arc<CredentialStore>, SecretsError> {
    let config = std::collections::HashMap::from([("service_no_divider", "true")]);
    let store = windows_native_keyring_store::Store::new_with_configuration(&config)
        .map_err(|e| map_error(e, None))?;
    Ok(store)
}

#[cfg(not(any(target_os = "linux", windows)))]
fn platform_store() -> Result<Arc<CredentialStore>, SecretsError> {
    Err(SecretsError::Unsupported)
}

/// Saves `value` under `key`, replacing any earlier value.
pub async fn store(key: &SecretKey, value: &Secret) -> Result<(), SecretsError> {
    let (key, value) = (key.clone(), value.clone());
    on_blocking_pool(move || store_now(&key, &value)).await
}

/// The value saved under `key`, or `None` when there is none.
pub async fn load(key: &SecretKey) -> Result<Option<Secret>, SecretsError> {
    let key = key.clone();
    on_blocking_pool(move || load_now(&key)).await
}

/// Removes the value saved under `key`; `true` when there was one.
pub async fn delete(key: &SecretKey) -> Result<bool, SecretsError> {
    let key = key.clone();
    on_blocking_pool(move || delete_now(&key)).await
}

/// [`store`] for code without an async runtime (a CLI).
pub fn store_blocking(key: &SecretKey, value: &Secret) -> Result<(), SecretsError> {
    let (key, value) = (key.clone(), value.clone());
    on_thread_within(KEYRING_TIMEOUT, move || store_now(&key, &value))
}

/// [`load`] for code without an async runtime (a CLI).
pub fn load_blocking(key: &SecretKey) -> Result<Option<Secret>, SecretsError> {
    let key = key.clone();
    on_thread_within(KEYRING_TIMEOUT, move || load_now(&key))
}

/// [`delete`] for code without an async runtime (a CLI).
pub fn delete_blocking(key: &SecretKey) -> Result<bool, SecretsError> {
    let key = key.clone();
    on_thread_within(KEYRING_TIMEOUT, move || delete_now(&key))
}

async fn on_blocking_pool<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, SecretsError> + Send + 'static,
) -> Result<T, SecretsError> {
    on_blocking_pool_within(KEYRING_TIMEOUT, work).await
}

/// A blocking call cannot be cancelled: on timeout the pool thread is left to finish (or hang)
/// on its own, and the caller goes on with the error.
async fn on_blocking_pool_within<T: Send + 'static>(
    limit: Duration,
    work: impl FnOnce() -> Result<T, SecretsError> + Send + 'static,
) -> Result<T, SecretsError> {
    match tokio::time::timeout(limit, tokio::task::spawn_blocking(work)).await {
        Ok(finished) => finished.map_err(|e| SecretsError::Other {
            detail: format!("the keyring task did not finish: {e}"),
        })?,
        Err(_) => {
            tracing::warn!(
                seconds = limit.as_secs(),
                "the keyring did not answer in time"
            );
            Err(SecretsError::TimedOut {
                seconds: limit.as_secs().max(1),
            })
        }
    }
}

/// Runs `work` here, or on a scoped thread when this thread belongs to a tokio runtime (where a
/// blocking zbus call would panic).
fn off_runtime<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    if tokio::runtime::Handle::try_current().is_err() {
        return work();
    }
    std::thread::scope(|scope| match scope.spawn(work).join() {
        Ok(result) => result,
        Err(panic) => std::panic::resume_unwind(panic),
    })
}

/// Runs `work` on a thread of its own, never one of a tokio runtime (where a blocking zbus call
/// would panic), and waits at most `limit`: as on the async path, a call that hangs (a prompt
/// nobody answers) is left to finish on its own, and the caller goes on with the error.
fn on_thread_within<T: Send + 'static>(
    limit: Duration,
    work: impl FnOnce() -> Result<T, SecretsError> + Send + 'static,
) -> Result<T, SecretsError> {
    let (done, result) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("keyring".into())
        .spawn(move || {
            // The receiver is gone only when the caller stopped waiting.
            let _ = done.send(work());
        })
        .map_err(|e| SecretsError::Other {
            detail: format!("the keyring task could not start: {e}"),
        })?;
    match result.recv_timeout(limit) {
        Ok(finished) => finished,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            tracing::warn!(
                seconds = limit.as_secs(),
                "the keyring did not answer in time"
            );
            Err(SecretsError::TimedOut {
                seconds: limit.as_secs().max(1),
            })
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(SecretsError::Other {
            detail: "the keyring task did not finish".into(),
        }),
    }
}

fn entry_for(key: &SecretKey) -> Result<Entry, SecretsError> {
    ensure_store()?;
    Entry::new(&key.service, &key.account).map_err(|e| map_error(e, Some(key)))
}

fn store_now(key: &SecretKey, value: &Secret) -> Result<(), SecretsError> {
    // Only the key's names are logged (server, port, user), never the value.
    tracing::debug!(
        service = key.service(),
        account = key.account(),
        "saving a secret in the keyring"
    );
    let entry = entry_for(key)?;
    match entry.set_password(value.expose()) {
        Err(KeyringError::Ambiguous(duplicates)) => {
            // Several items claim this key (written by an older tool?): keep exactly one.
            delete_all(duplicates, key)?;
            entry
                .set_password(value.expose())
                .map_err(|e| map_error(e, Some(key)))
        }
        other => other.map_err(|e| map_error(e, Some(key))),
    }
}

fn load_now(key: &SecretKey) -> Result<Option<Secret>, SecretsError> {
    let found = entry_for(key)?.get_password();
    tracing::debug!(
        service = key.service(),
        account = key.account(),
        found = found.is_ok(),
        "read a secret from the keyring"
    );
    match found {
        Ok(value) => Ok(Some(Secret::new(value))),
        Err(KeyringError::NoEntry) => Ok(None),
        Err(e) => Err(map_error(e, Some(key))),
    }
}

fn delete_now(key: &SecretKey) -> Result<bool, SecretsError> {
    match entry_for(key)?.delete_credential() {
        Ok(()) => Ok(true),
        Err(KeyringError::NoEntry) => Ok(false),
        Err(KeyringError::Ambiguous(duplicates)) => {
            delete_all(duplicates, key)?;
            Ok(true)
        }
        Err(e) => Err(map_error(e, Some(key))),
    }
}

fn delete_all(entries: Vec<Entry>, key: &SecretKey) -> Result<(), SecretsError> {
    for entry in entries {
        match entry.delete_credential() {
            Ok(()) | Err(KeyringError::NoEntry) => {}
            Err(e) => return Err(map_error(e, Some(key))),
        }
    }
    Ok(())
}

/// Turns a keyring-core error into a [`SecretsError`]. Variants that carry secret bytes
/// (`BadEncoding`, `BadDataFormat`) or entries whose Debug may show them (`Ambiguous`) are never
/// formatted.
fn map_error(err: KeyringError, key: Option<&SecretKey>) -> SecretsError {
    let key_name = key.map_or_else(|| "the keyring store".to_string(), ToString::to_string);
    match err {
        KeyringError::NoStorageAccess(platform) => classify_platform(platform.as_ref(), true),
        KeyringError::PlatformFailure(platform) => classify_platform(platform.as_ref(), false),
        KeyringError::NoEntry => SecretsError::Other {
            detail: format!("no keyring item for {key_name}"),
        },
        KeyringError::BadEncoding(_) | KeyringError::BadDataFormat(_, _) => {
            SecretsError::BadData { key: key_name }
        }
        KeyringError::BadStoreFormat(reason) => SecretsError::Other {
            detail: format!("the keyring store is malformed: {reason}"),
        },
        KeyringError::TooLong(what, limit) => SecretsError::Other {
            detail: format!(
                "{what} of {key_name} is longer than the keyring's limit of {limit} characters"
            ),
        },
        KeyringError::Invalid(what, reason) => SecretsError::Other {
            detail: format!("the keyring rejected {what} of {key_name}: {reason}"),
        },
        KeyringError::Ambiguous(items) => SecretsError::Other {
            detail: format!(
                "{} keyring items match {key_name}: remove the duplicates in your password manager",
                items.len()
            ),
        },
        KeyringError::NoDefaultStore => SecretsError::Other {
            detail: "no keyring store has been set up".to_string(),
        },
        KeyringError::NotSupportedByStore(what) => SecretsError::Other {
            detail: format!("the keyring does not support this: {what}"),
        },
        _ => SecretsError::Other {
            detail: format!("unexpected keyring error for {key_name}"),
        },
    }
}

/// Classifies a store-specific error; `no_access` is keyring-core's "storage not accessible".
fn classify_platform(
    platform: &(dyn std::error::Error + Send + Sync + 'static),
    no_access: bool,
) -> SecretsError {
    #[cfg(target_os = "linux")]
    if let Some(service_error) = platform.downcast_ref::<secret_service::Error>() {
        use secret_service::Error as Ss;
        match service_error {
            // The store only prompts to unlock, so a dismissed prompt leaves the keyring locked.
            Ss::Locked | Ss::Prompt => return SecretsError::Locked,
            Ss::Unavailable => {
                return SecretsError::Unavailable {
                    detail: "no D-Bus session bus or Secret Service provider was found".to_string(),
                };
            }
            Ss::PromptDisconnected => {
                return SecretsError::Other {
                    detail: "the password manager's prompt closed before it was answered"
                        .to_string(),
                };
            }
            Ss::NoResult => {
                return SecretsError::Other {
                    detail: "the Secret Service returned no result (is a default keyring set up?)"
                        .to_string(),
                };
            }
            // D-Bus failures: classified below by their standard error names.
            _ => {}
        }
    }
    let detail = error_chain(platform);
    let lower = detail.to_ascii_lowercase();
    if lower.contains("org.freedesktop.secret.error.islocked") {
        SecretsError::Locked
    } else if [
        "org.freedesktop.dbus.error.serviceunknown",
        "org.freedesktop.dbus.error.namehasnoowner",
        "org.freedesktop.dbus.error.noserver",
        "org.freedesktop.dbus.error.spawn",
        "failed to connect to address",
        "error_no_such_logon_session",
    ]
    .iter()
    .any(|name| lower.contains(name))
    {
        SecretsError::Unavailable { detail }
    } else if lower.contains("org.freedesktop.dbus.error.accessdenied") {
        SecretsError::Denied
    } else if no_access {
        if lower.contains("locked") {
            SecretsError::Locked
        } else {
            SecretsError::Denied
        }
    } else {
        SecretsError::Other { detail }
    }
}

/// "outer: inner: innermost", skipping a cause already contained in its parent's text.
fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut cause = err.source();
    while let Some(inner) = cause {
        let inner_text = inner.to_string();
        if !text.contains(&inner_text) {
            text.push_str(": ");
            text.push_str(&inner_text);
        }
        cause = inner.source();
    }
    text
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn boxed(text: &str) -> Box<dyn std::error::Error + Send + Sync> {
        Box::new(std::io::Error::other(text.to_string()))
    }

    #[test]
    fn key_names_are_stable_and_prefixed() {
        let k = SecretKey::ksc_user(" KSC.Example.COM ", 13299, "admin");
        assert_eq!(k.service(), "ksc-link:ksc-user");
        assert_eq!(k.account(), "admin@ksc.example.com:13299");
        let p = SecretKey::proxy("Proxy.LAN", 3128, "bob");
        assert_eq!(
            (p.service(), p.account()),
            ("ksc-link:proxy", "bob@proxy.lan:3128")
        );
        let a = SecretKey::autotask("api@corp.example", AutotaskField::Secret);
        let c = SecretKey::autotask("api@corp.example", AutotaskField::IntegrationCode);
        assert_eq!(a.service(), "ksc-link:autotask-secret");
        assert_eq!(c.service(), "ksc-link:autotask-integration-code");
        assert_eq!(a.account(), c.account());
        let e = SecretKey::kes_cloud(" Admin@Example.com ");
        assert_eq!(
            (e.service(), e.account()),
            ("ksc-link:kes-cloud", "admin@example.com")
        );
        for key in [&k, &p, &a, &c, &e] {
            assert!(key.service().starts_with(SERVICE_PREFIX));
            assert!(!key.service().contains('.'), "Windows divider in {key}");
        }
    }

    #[test]
    fn ipv6_hosts_keep_the_port_readable() {
        let a = SecretKey::ksc_user("::1", 13299, "u");
        let b = SecretKey::ksc_user("[::1]", 13299, "u");
        assert_eq!(a.account(), "u@[::1]:13299");
        assert_eq!(a, b);
    }

    #[test]
    fn different_servers_users_and_ports_are_different_keys() {
        let base = SecretKey::ksc_user("h", 13299, "u");
        assert_ne!(base, SecretKey::ksc_user("h", 13291, "u"));
        assert_ne!(base, SecretKey::ksc_user("h", 13299, "v"));
        assert_ne!(base, SecretKey::ksc_user("g", 13299, "u"));
        assert_ne!(base, SecretKey::proxy("h", 13299, "u"));
    }

    #[test]
    fn key_display_shows_names() {
        let k = SecretKey::proxy("p", 8080, "bob");
        assert_eq!(k.to_string(), "bob@p:8080 (ksc-link:proxy)");
        assert!(format!("{k:?}").contains("bob@p:8080"));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn secret_service_errors_map_to_specific_kinds() {
        let e = |err: secret_service::Error, access: bool| {
            let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(err);
            if access {
                map_error(KeyringError::NoStorageAccess(boxed), None)
            } else {
                map_error(KeyringError::PlatformFailure(boxed), None)
            }
        };
        assert!(matches!(
            e(secret_service::Error::Locked, true),
            SecretsError::Locked
        ));
        assert!(matches!(
            e(secret_service::Error::Prompt, true),
            SecretsError::Locked
        ));
        let unavailable = e(secret_service::Error::Unavailable, false);
        assert!(matches!(unavailable, SecretsError::Unavailable { .. }));
        assert!(unavailable.to_string().contains("gnome-keyring"));
        assert!(matches!(
            e(secret_service::Error::NoResult, true),
            SecretsError::Other { .. }
        ));
    }

    #[test]
    fn dbus_error_names_are_recognised() {
        let unknown = map_error(
            KeyringError::PlatformFailure(boxed(
                "org.freedesktop.DBus.Error.ServiceUnknown: The name is not activatable",
            )),
            None,
        );
        assert!(
            matches!(unknown, SecretsError::Unavailable { .. }),
            "{unknown}"
        );
        let locked = map_error(
            KeyringError::PlatformFailure(boxed("org.freedesktop.Secret.Error.IsLocked")),
            None,
        );
        assert!(matches!(locked, SecretsError::Locked));
        let denied = map_error(
            KeyringError::PlatformFailure(boxed("org.freedesktop.DBus.Error.AccessDenied")),
            None,
        );
        assert!(matches!(denied, SecretsError::Denied));
        let other = map_error(KeyringError::PlatformFailure(boxed("disk on fire")), None);
        assert!(
            matches!(&other, SecretsError::Other { detail } if detail.contains("disk on fire"))
        );
    }

    #[test]
    fn errors_carrying_secret_bytes_never_print_them() {
        let key = SecretKey::kes_cloud("a@b.c");
        let bad = map_error(
            KeyringError::BadEncoding(b"hunter2\xff".to_vec()),
            Some(&key),
        );
        assert!(matches!(bad, SecretsError::BadData { .. }));
        let text = format!("{bad} {bad:?}");
        assert!(
            !text.contains("hunter2") && !text.contains("104, 117"),
            "{text}"
        );
        assert!(text.contains("a@b.c"));
        let bad = map_error(
            KeyringError::BadDataFormat(b"hunter2".to_vec(), boxed("bad format")),
            Some(&key),
        );
        assert!(!format!("{bad} {bad:?}").contains("hunter2"));
    }

    #[tokio::test]
    async fn a_keyring_that_never_answers_times_out_with_its_own_error() {
        let (release, held) = std::sync::mpsc::channel::<()>();
        let limit = Duration::from_millis(200);
        let outcome = tokio::time::timeout(
            Duration::from_secs(10),
            on_blocking_pool_within(limit, move || {
                // Like a Secret Service call waiting on an unanswered prompt.
                let _ = held.recv();
                Ok(())
            }),
        )
        .await
        .expect("the keyring call must not wait longer than its limit");
        let err = outcome.unwrap_err();
        assert!(
            matches!(err, SecretsError::TimedOut { seconds: 1 }),
            "{err:?}"
        );
        assert!(err.to_string().contains("prompt"), "{err}");
        let _ = release.send(());
    }

    #[test]
    fn a_totp_secret_makes_the_code_the_server_checks_and_junk_is_refused() {
        let secret = Secret::new("JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP".to_string());
        let code = totp_code(&secret, 6).unwrap();
        let check = totp_rs::Builder::new()
            .with_algorithm(totp_rs::Algorithm::SHA1)
            .with_digits(6)
            .with_step_duration(30)
            .with_skew(1)
            .with_secret(
                totp_rs::Secret::try_from_base32("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP").unwrap(),
            )
            .build()
            .unwrap();
        assert!(check.check_current(&code).is_some(), "{code}");
        assert!(totp_code(&Secret::new("not base32!".to_string()), 6).is_err());
        assert!(totp_code(&secret, 12).is_err(), "a length no u32 holds");
    }

    #[test]
    fn a_blocking_call_to_a_keyring_that_never_answers_times_out_too() {
        let (release, held) = std::sync::mpsc::channel::<()>();
        let err = on_thread_within(Duration::from_millis(200), move || {
            let _ = held.recv();
            Ok(())
        })
        .unwrap_err();
        assert!(
            matches!(err, SecretsError::TimedOut { seconds: 1 }),
            "{err:?}"
        );
        let _ = release.send(());
    }

    #[test]
    fn blocking_variant_is_safe_inside_a_runtime() {
        // A runtime context on this thread must move the work elsewhere, not panic.
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let _guard = rt.enter();
        let on_other_thread = off_runtime(|| tokio::runtime::Handle::try_current().is_err());
        assert!(on_other_thread);
    }
}
