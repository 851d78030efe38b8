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
