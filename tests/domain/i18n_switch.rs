//! The language really switches, and counts take each language's plural forms.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use ksc_link::{fl, i18n};

#[test]
fn russian_counts_use_russian_plurals() {
    assert_eq!(i18n::set_language(Some("ru-RU")).unwrap(), "ru");
    assert_eq!(i18n::current(), "ru");
    assert_eq!(
        fl!("count-virtual-servers", count = 1),
        "1 виртуальный Сервер"
    );
    assert_eq!(
        fl!("count-virtual-servers", count = 3),
        "3 виртуальных Сервера"
    );
    assert_eq!(
        fl!("count-virtual-servers", count = 5),
        "5 виртуальных Серверов"
    );
    assert_eq!(
        fl!("count-virtual-servers", count = 21),
        "21 виртуальный Сервер"
    );
}

#[test]
fn german_and_english_counts() {
    i18n::set_language(Some("de")).unwrap();
    assert_eq!(
        fl!("count-virtual-servers", count = 1),
        "1 virtueller Server"
    );
    assert_eq!(
        fl!("count-virtual-servers", count = 2),
        "2 virtuelle Server"
    );
    i18n::set_language(Some("en")).unwrap();
    assert_eq!(fl!("count-virtual-servers", count = 1), "1 virtual server");
    assert_eq!(fl!("count-virtual-servers", count = 2), "2 virtual servers");
}

#[test]
fn no_isolation_marks_reach_the_screen() {
    i18n::set_language(Some("ru")).unwrap();
    let text = fl!("count-virtual-servers", count = 2);
    assert!(
        !text.contains('\u{2068}') && !text.contains('\u{2069}'),
        "{text:?}"
    );
}

/// Errors of the connection, the Open API client and the keyring are worded in the language in
/// use; the server's own data (addresses, user names, fingerprints) stays as it is.
#[test]
fn errors_speak_the_language_in_use() {
    use ksc_link::kloapi::{Endpoint, KscError};
    use ksc_link::net::{NetError, Step};
    use ksc_link::secrets::SecretsError;

    let wrong = KscError::WrongCredentials {
        at: Endpoint::new("ksc.example", 13299),
        user: "admin".into(),
    };
    let unreachable = NetError::new("ksc.example", 13299, Step::Tcp, "connection refused");
    i18n::set_language(Some("en")).unwrap();
    assert_eq!(
        wrong.to_string(),
        "ksc.example:13299 refused the user name or password of \"admin\" (Session.StartSession)"
    );
    assert_eq!(
        unreachable.to_string(),
        "TCP connection to ksc.example:13299 failed: connection refused"
    );
    i18n::set_language(Some("ru")).unwrap();
    assert_eq!(
        wrong.to_string(),
        "ksc.example:13299 отклонил имя пользователя или пароль учетной записи \"admin\" \
         (Session.StartSession)"
    );
    assert_eq!(
        unreachable.to_string(),
        "TCP-подключение к ksc.example:13299: ошибка: connection refused"
    );
    assert!(
        SecretsError::Locked
            .to_string()
            .starts_with("Хранилище ключей заблокировано")
    );
    i18n::set_language(Some("de")).unwrap();
    assert!(
        wrong
            .to_string()
            .contains("hat den Benutzernamen oder das Kennwort")
    );
    assert!(
        SecretsError::Locked
            .to_string()
            .starts_with("Der Schlüsselbund ist gesperrt")
    );
}
