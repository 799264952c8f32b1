//! Messages in both languages. Korean is the default, English the second (`--lang en` or
//! `KKUMGIL_LANG=en`). Every message is written once, as a pair, where it is used: the
//! compiler then guarantees that no message lacks a language, and a translation cannot drift
//! from the text it translates. Scenario text has its own pairs (`scenario::Text`).

use std::fmt;

pub use crate::scenario::Lang;

/// One message in Korean and English.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct Msg {
    pub ko: String,
    pub en: String,
}

impl Msg {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ko => &self.ko,
            Lang::En => &self.en,
        }
    }

    /// A message that reads the same in both languages (a file name, a number, a code).
    pub fn same(s: impl Into<String>) -> Msg {
        let s = s.into();
        Msg {
            ko: s.clone(),
            en: s,
        }
    }
}

/// `tr!("한국어 {x}", "English {x}")`: a `Msg`, each text formatted like `format!` (names in
/// braces are captured; further arguments are shared by both texts).
#[macro_export]
macro_rules! tr {
    ($ko:literal, $en:literal $(,)?) => {
        $crate::i18n::Msg { ko: format!($ko), en: format!($en) }
    };
    ($ko:literal, $en:literal, $($arg:tt)*) => {
        $crate::i18n::Msg { ko: format!($ko, $($arg)*), en: format!($en, $($arg)*) }
    };
}

/// The language asked for: `--lang` first, else `KKUMGIL_LANG` (`ko`, `en`), else Korean.
pub fn chosen(flag: Option<Lang>) -> Lang {
    flag.or_else(|| {
        std::env::var("KKUMGIL_LANG").ok().and_then(|v| {
            match v.trim().to_ascii_lowercase().as_str() {
                "en" | "english" => Some(Lang::En),
                "ko" | "korean" | "한국어" => Some(Lang::Ko),
                _ => None,
            }
        })
    })
    .unwrap_or(Lang::Ko)
}

/// Whether a text has Hangul in it: how tests tell that a Korean message was written.
pub fn has_hangul(s: &str) -> bool {
    s.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
}

impl fmt::Display for Msg {
    /// Korean, the default language; use `get` where the language is chosen.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.ko)
    }
}
