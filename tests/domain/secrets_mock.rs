//! Keyring failures mapped to `SecretsError`, through keyring-core's in-memory mock store with
//! error injection: each injected error is returned by the next call on that item only.
//!
//! The default store is process-global; every test here installs the same mock (once) and uses
//! keys of its own, so the tests are independent under `cargo nextest` and `cargo test` alike.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, OnceLock};

use keyring_core::{CredentialStore, Entry, Error as KeyringError, mock};
use ksc_link::secrets::{
    AutotaskField, Secret, SecretKey, SecretsError, delete, delete_blocking, init_platform_store,
    load, load_blocking, store, store_blocking,
};

fn use_mock_store() {
    static MOCK: OnceLock<Arc<CredentialStore>> = OnceLock::new();
    let mock = MOCK.get_or_init(|| {
        let store: Arc<CredentialStore> = mock::Store::new().unwrap();
        keyring_core::set_default_store(store.clone());
        store
    });
    assert!(Arc::ptr_eq(
        mock,
        &keyring_core::get_default_store().unwrap()
    ));
}

fn key(tag: &str) -> SecretKey {
    use_mock_store();
    SecretKey::ksc_user("mock.test.invalid", 13299, tag)
}

/// The next call on `key`'s item fails with `error`.
fn inject(key: &SecretKey, error: KeyringError) {
    let entry = Entry::new(key.service(), key.account()).unwrap();
    let cred: &mock::Cred = entry.as_any().downcast_ref().unwrap();
    cred.set_error(error);
}

fn platform(text: &str) -> Box<dyn std::error::Error + Send + Sync> {
    Box::new(std::io::Error::other(text.to_string()))
}

#[tokio::test]
async fn round_trip_and_missing_items() {
    let k = key("round-trip");
    assert!(load(&k).await.unwrap().is_none());
    assert!(!delete(&k).await.unwrap());
    store(&k, &Secret::new("v1")).await.unwrap();
    store(&k, &Secret::new("v2")).await.unwrap();
    assert_eq!(load(&k).await.unwrap().unwrap().expose(), "v2");
    assert!(delete(&k).await.unwrap());
    assert!(load(&k).await.unwrap().is_none());
}

#[test]
fn init_keeps_a_store_that_is_already_set() {
    let k = key("init-keeps");
    store_blocking(&k, &Secret::new("in the mock")).unwrap();
    init_platform_store().unwrap();
    init_platform_store().unwrap();
    let vendor = keyring_core::get_default_store().unwrap().vendor();
    assert!(vendor.starts_with("Mock store"), "{vendor}");
    assert_eq!(load_blocking(&k).unwrap().unwrap().expose(), "in the mock");
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn a_locked_secret_service_is_locked() {
    let k = key("locked");
    store(&k, &Secret::new("kept")).await.unwrap();
    inject(
        &k,
        KeyringError::NoStorageAccess(Box::new(secret_service::Error::Locked)),
    );
    let err = load(&k).await.unwrap_err();
    assert!(matches!(err, SecretsError::Locked), "{err:?}");
    assert_eq!(
        err.to_string(),
        "the keyring is locked: unlock it in your desktop's password manager"
    );
    // The failure changed nothing: the next call sees the value.
    assert_eq!(load(&k).await.unwrap().unwrap().expose(), "kept");
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn a_dismissed_unlock_prompt_is_locked() {
    let k = key("prompt");
    inject(
        &k,
        KeyringError::NoStorageAccess(Box::new(secret_service::Error::Prompt)),
    );
    let err = store(&k, &Secret::new("never stored")).await.unwrap_err();
    assert!(matches!(err, SecretsError::Locked), "{err:?}");
    assert!(load(&k).await.unwrap().is_none());
}

#[tokio::test]
async fn no_storage_access_is_denied() {
    let k = key("denied");
    inject(
        &k,
        KeyringError::NoStorageAccess(platform("not allowed by policy")),
    );
    let err = store(&k, &Secret::new("x")).await.unwrap_err();
    assert!(matches!(err, SecretsError::Denied), "{err:?}");
    assert!(err.to_string().contains("denied"));

    inject(
        &k,
        KeyringError::PlatformFailure(platform(
            "org.freedesktop.DBus.Error.AccessDenied: Rejected send message",
        )),
    );
    assert!(matches!(
        delete(&k).await.unwrap_err(),
        SecretsError::Denied
    ));
}

#[tokio::test]
async fn no_entry_is_not_an_error() {
    let k = key("no-entry");
    store(&k, &Secret::new("x")).await.unwrap();
    inject(&k, KeyringError::NoEntry);
    assert!(load(&k).await.unwrap().is_none());
    inject(&k, KeyringError::NoEntry);
    assert!(!delete(&k).await.unwrap());
}

#[tokio::test]
async fn platform_failures_keep_their_detail() {
    let k = key("platform");
    inject(&k, KeyringError::PlatformFailure(platform("disk on fire")));
    let err = store(&k, &Secret::new("do-not-print-me"))
        .await
        .unwrap_err();
    let SecretsError::Other { detail } = &err else {
        panic!("expected Other, got {err:?}");
    };
    assert!(detail.contains("disk on fire"), "{detail}");
    assert!(!format!("{err} {err:?}").contains("do-not-print-me"));
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn a_missing_secret_service_is_unavailable() {
    let k = key("unavailable");
    inject(
        &k,
        KeyringError::PlatformFailure(Box::new(secret_service::Error::Unavailable)),
    );
    let err = load(&k).await.unwrap_err();
    assert!(matches!(err, SecretsError::Unavailable { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("gnome-keyring") && message.contains("KeePassXC"),
        "{message}"
    );
}

#[test]
fn dbus_service_unknown_is_unavailable() {
    let k = key("service-unknown");
    inject(
        &k,
        KeyringError::PlatformFailure(platform(
            "org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not provided by any .service files",
        )),
    );
    let err = load_blocking(&k).unwrap_err();
    assert!(matches!(err, SecretsError::Unavailable { .. }), "{err:?}");
}

#[tokio::test]
async fn an_item_that_is_not_text_is_bad_data_without_its_bytes() {
    let k = key("bad-data");
    let entry = Entry::new(k.service(), k.account()).unwrap();
    entry.set_secret(b"sekrit\xff\xfe").unwrap();
    let err = load(&k).await.unwrap_err();
    assert!(matches!(err, SecretsError::BadData { .. }), "{err:?}");
    let printed = format!("{err} {err:?}");
    assert!(printed.contains(k.account()), "{printed}");
    assert!(
        !printed.contains("sekrit") && !printed.contains("115, 101"),
        "{printed}"
    );
    // Saving a fresh value repairs the item.
    store(&k, &Secret::new("fresh")).await.unwrap();
    assert_eq!(load(&k).await.unwrap().unwrap().expose(), "fresh");
}

#[tokio::test]
async fn duplicates_are_reported_on_load_and_removed_on_delete() {
    let k = key("ambiguous");
    let dup_a = Entry::new("ksc-link:dup", "a").unwrap();
    let dup_b = Entry::new("ksc-link:dup", "b").unwrap();
    dup_a.set_password("secret-a").unwrap();
    dup_b.set_password("secret-b").unwrap();

    let both = || {
        vec![
            Entry::new("ksc-link:dup", "a").unwrap(),
            Entry::new("ksc-link:dup", "b").unwrap(),
        ]
    };
    inject(&k, KeyringError::Ambiguous(both()));
    let err = load(&k).await.unwrap_err();
    let printed = format!("{err} {err:?}");
    assert!(printed.contains("2 keyring items match"), "{printed}");
    assert!(!printed.contains("secret-a"), "{printed}");

    inject(&k, KeyringError::Ambiguous(both()));
    assert!(delete(&k).await.unwrap());
    assert!(matches!(dup_a.get_password(), Err(KeyringError::NoEntry)));
    assert!(matches!(dup_b.get_password(), Err(KeyringError::NoEntry)));
}

#[tokio::test]
async fn store_replaces_duplicates_with_one_item() {
    let k = SecretKey::autotask("dup-user", AutotaskField::Secret);
    use_mock_store();
    let dup = Entry::new("ksc-link:dup-store", "x").unwrap();
    dup.set_password("old").unwrap();
    inject(
        &k,
        KeyringError::Ambiguous(vec![Entry::new("ksc-link:dup-store", "x").unwrap()]),
    );
    store(&k, &Secret::new("new")).await.unwrap();
    assert!(matches!(dup.get_password(), Err(KeyringError::NoEntry)));
    assert_eq!(load(&k).await.unwrap().unwrap().expose(), "new");
}

#[test]
fn rejected_and_too_long_values_say_which_key() {
    let k = key("limits");
    inject(&k, KeyringError::TooLong("password".to_string(), 2560));
    let err = store_blocking(&k, &Secret::new("y".repeat(3000))).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("2560") && text.contains(k.account()),
        "{text}"
    );
    assert!(!text.contains("yyyy"));

    inject(
        &k,
        KeyringError::Invalid("password".to_string(), "cannot be empty".to_string()),
    );
    let text = store_blocking(&k, &Secret::new(""))
        .unwrap_err()
        .to_string();
    assert!(text.contains("cannot be empty"), "{text}");
    assert!(delete_blocking(&k).is_ok());
}
