//! Translations: Fluent files `i18n/<lang>/ksc-link.ftl`, embedded in the binary and looked up
//! with [`fl!`](crate::fl), whose message ids are checked against the English file at compile
//! time. The language comes from `--lang`, else the settings file, else the desktop.

use std::sync::LazyLock;

use i18n_embed::fluent::FluentLanguageLoader;
use i18n_embed::{DesktopLanguageRequester, LanguageLoader};
use rust_embed::RustEmbed;
use unic_langid::LanguageIdentifier;

#[derive(RustEmbed)]
#[folder = "i18n/"]
struct Localizations;

/// The languages the app speaks: tag and name in that language, English (the fallback) first.
pub const LANGUAGES: [(&str, &str); 3] = [("en", "English"), ("ru", "Русский"), ("de", "Deutsch")];

/// The loader every [`fl!`](crate::fl) goes through; it starts in English.
pub static LOADER: LazyLock<FluentLanguageLoader> = LazyLock::new(|| {
    // The domain names the files (i18n/<lang>/ksc-link.ftl), as in i18n.toml for fl!.
    let loader = FluentLanguageLoader::new("ksc-link", unic_langid::langid!("en"));
    if let Err(e) = loader.load_fallback_language(&Localizations) {
        // Only a broken build can get here: the English file is embedded and checked by fl!.
        tracing::error!("the English messages could not be loaded: {e}");
    }
    no_isolation_marks(&loader);
    loader
});

/// Fluent wraps arguments in Unicode isolation marks, which the bundled font draws as boxes;
/// every text the app shows is laid out left to right, so isolation buys nothing.
fn no_isolation_marks(loader: &FluentLanguageLoader) {
    loader.set_use_isolating(false);
}

/// Looks up a message in the current language: `fl!("id")` or `fl!("id", name = value, …)`.
#[macro_export]
macro_rules! fl {
    ($message_id:literal) => {{
        i18n_embed_fl::fl!($crate::i18n::LOADER, $message_id)
    }};
    ($message_id:literal, $($args:expr),* $(,)?) => {{
        i18n_embed_fl::fl!($crate::i18n::LOADER, $message_id, $($args),*)
    }};
}

/// A language the user asked for that the app does not speak.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("ksc-link speaks {known}; {requested:?} is not one of them", known = known_tags())]
pub struct UnknownLanguage {
    /// What was asked for.
    pub requested: String,
}

fn known_tags() -> String {
    LANGUAGES
        .iter()
        .map(|(tag, name)| format!("{tag} ({name})"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The supported tag that `requested` names ("ru", "ru-RU", "de_DE.UTF-8", "DE" …), if any.
pub fn supported(requested: &str) -> Option<&'static str> {
    // POSIX locales look like de_DE.UTF-8@euro; only the language part matters here.
    let cleaned = requested
        .split(['.', '@'])
        .next()
        .unwrap_or_default()
        .replace('_', "-");
    let id: LanguageIdentifier = cleaned.parse().ok()?;
    let lang = id.language.as_str().to_ascii_lowercase();
    LANGUAGES
        .iter()
        .map(|(tag, _)| *tag)
        .find(|tag| *tag == lang)
}

/// Switches every later message to `tag` (one of [`LANGUAGES`]), or to the desktop's language
/// when `None`; returns the tag now in use.
pub fn set_language(tag: Option<&str>) -> Result<&'static str, UnknownLanguage> {
    let chosen = match tag {
        Some(t) => supported(t).ok_or_else(|| UnknownLanguage {
            requested: t.to_string(),
        })?,
        None => desktop_language(),
    };
    // Already loaded (English, the fallback, is from the start): loading it again would parse
    // its messages a second time, a good part of the start of every command.
    if chosen == current() {
        return Ok(chosen);
    }
    let id: LanguageIdentifier = match chosen.parse() {
        Ok(id) => id,
        // The tags in LANGUAGES are valid; keep the current language if that ever changes.
        Err(_) => return Ok(current()),
    };
    if let Err(e) = i18n_embed::select(&*LOADER, &Localizations, &[id]) {
        tracing::error!("the {chosen} messages could not be loaded: {e}");
    }
    // Loading makes new bundles, which start with isolation on again.
    no_isolation_marks(&LOADER);
    Ok(current())
}

/// The desktop's preferred language among [`LANGUAGES`], English when none matches.
pub fn desktop_language() -> &'static str {
    DesktopLanguageRequester::requested_languages()
        .iter()
        .find_map(|id| supported(&id.to_string()))
        .unwrap_or("en")
}

/// The tag of the language in use.
pub fn current() -> &'static str {
    LOADER
        .current_languages()
        .first()
        .and_then(|id| supported(&id.to_string()))
        .unwrap_or("en")
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_locales_are_recognised() {
        assert_eq!(supported("ru"), Some("ru"));
        assert_eq!(supported("ru-RU"), Some("ru"));
        assert_eq!(supported("de_DE.UTF-8"), Some("de"));
        assert_eq!(supported("de_AT@euro"), Some("de"));
        assert_eq!(supported("EN-gb"), Some("en"));
        assert_eq!(supported("fr"), None);
        assert_eq!(supported(""), None);
        assert_eq!(supported("!!"), None);
    }

    #[test]
    fn an_unknown_language_names_the_known_ones() {
        let e = set_language(Some("fr")).unwrap_err();
        let text = e.to_string();
        assert!(text.contains("\"fr\""), "{text}");
        assert!(text.contains("ru (Русский)"), "{text}");
    }

    #[test]
    fn every_language_is_embedded() {
        for (tag, _) in LANGUAGES {
            let path = format!("{tag}/ksc-link.ftl");
            let file = Localizations::get(&path).expect(&path);
            assert!(!file.data.is_empty(), "{path} is empty");
        }
    }
}
