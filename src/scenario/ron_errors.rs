//! RON's own errors turned into what the author did: a stray or unclosed quote, a missing
//! comma, `2,5` for 2.5, a number with a unit, an enum word in quotes, curly quotes.

use serde::de::DeserializeOwned;

use super::diagnostic::{Code, Diagnostic, did_you_mean};
use super::limits;
use super::locate::offset_of;

fn ron_options() -> ron::Options {
    ron::Options::default()
        // `portrait: "a.png"` instead of `portrait: Some("a.png")`.
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        // `RolePlay(scenes: …)` instead of `RolePlay((scenes: …))`.
        .with_default_extension(ron::extensions::Extensions::UNWRAP_VARIANT_NEWTYPES)
        .with_recursion_limit(limits::RECURSION)
}

/// RON text → a serde type, with RON's error turned into a diagnostic an author can act on.
pub fn parse_ron<T: DeserializeOwned>(source: &str) -> Result<T, Diagnostic> {
    ron_options()
        .from_str(source)
        .map_err(|e| ron_diagnostic(source, e))
}

fn ron_diagnostic(source: &str, e: ron::error::SpannedError) -> Diagnostic {
    use ron::error::Error as E;
    let mut start = offset_of(source, e.span.start.line, e.span.start.col);
    let end = offset_of(source, e.span.end.line, e.span.end.col).max(start);
    // RON's spans of values begin at the space after the colon; point at the value itself.
    while start < end && source[start..].starts_with(char::is_whitespace) {
        start += source[start..].chars().next().map_or(1, char::len_utf8);
    }
    if let Some(d) = common_mistake(source, &e.code, start) {
        return d;
    }
    let outer = |o: &Option<String>| {
        o.as_deref().map_or_else(
            || "this part".to_owned(),
            |o| format!("`{}`", friendly_type(o)),
        )
    };
    let d = match &e.code {
        E::NoSuchStructField {
            expected, found, ..
        } if *expected == ["ko", "en"] => Diagnostic::new(
            Code::UnknownField,
            format!("a text has no language `{found}`"),
        )
        .label("unknown language")
        .hint(match did_you_mean(found, expected.iter().copied()) {
            Some(s) => format!("did you mean `{s}`? a text is (ko: \"…\", en: \"…\")"),
            None => "a text is (ko: \"…\", en: \"…\")".to_owned(),
        }),
        E::NoSuchStructField {
            expected,
            found,
            outer: o,
        } => {
            let d = Diagnostic::new(
                Code::UnknownField,
                format!("{} has no field `{found}`", outer(o)),
            )
            .label("unknown field");
            match did_you_mean(found, expected.iter().copied()) {
                Some(s) => d.hint(format!("did you mean `{s}`?")),
                None => d.hint(format!("fields here: {}", expected.join(", "))),
            }
        }
        E::MissingStructField { field, outer: o } => Diagnostic::new(
            Code::MissingField,
            format!("{} is missing the field `{field}`", outer(o)),
        )
        .label(format!("add `{field}: …` before this"))
        .hint(format!(
            "add `{field}: …`; docs/scenario-format.md shows what it holds"
        )),
        E::DuplicateStructField { field, outer: o } => Diagnostic::new(
            Code::DuplicateField,
            format!("{} has the field `{field}` twice", outer(o)),
        )
        .label("second time")
        .hint("keep one of them"),
        E::NoSuchEnumVariant {
            expected,
            found,
            outer: o,
        } => {
            let d = Diagnostic::new(
                Code::UnknownVariant,
                format!("`{found}` is not one of the words {} accepts", outer(o)),
            )
            .label("unknown word");
            match did_you_mean(found, expected.iter().copied()) {
                Some(s) => d.hint(format!("did you mean `{s}`?")),
                None => d.hint(format!("write one of: {}", expected.join(", "))),
            }
        }
        E::InvalidValueForType { expected, found } => Diagnostic::new(
            Code::WrongType,
            format!("expected {expected}, found {found}"),
        )
        .label("wrong kind of value")
        .hint("texts go in \"quotes\", numbers without; docs/scenario-format.md shows each field"),
        E::ExpectedInteger
        | E::ExpectedFloat
        | E::IntegerOutOfBounds
        | E::InvalidIntegerDigit { .. } => {
            Diagnostic::new(Code::WrongType, "a number was expected here")
                .label("not a number")
                .hint("write a whole number like 10 or -5, without quotes")
        }
        E::ExpectedString | E::ExpectedStringEnd if matches!(e.code, E::ExpectedString) => {
            Diagnostic::new(Code::WrongType, "a text in \"quotes\" was expected here")
                .label("not a text")
                .hint("put the text in double quotes: \"…\"")
        }
        E::ExpectedStringEnd => Diagnostic::new(Code::Syntax, "a text is not closed")
            .label("this text has no closing quote")
            .hint("end the text with \"; to put a quote inside a text, write \\\""),
        E::ExpectedBoolean => Diagnostic::new(Code::WrongType, "true or false was expected here")
            .hint("write true or false"),
        E::ExceededRecursionLimit => {
            Diagnostic::new(Code::TooDeep, "brackets are nested too deeply")
                .hint("a scenario never needs more than a few levels of brackets")
        }
        E::ExpectedStructLikeEnd | E::ExpectedArrayEnd | E::ExpectedMapEnd => {
            Diagnostic::new(Code::Syntax, "a closing bracket or a comma is missing")
                .label("expected `,` or a closing bracket")
                .hint("check the line above for a missing comma, or a ( [ that is not closed")
        }
        E::TrailingCharacters => Diagnostic::new(
            Code::Syntax,
            "there is more text after the scenario's closing bracket",
        )
        .label("unexpected")
        .hint("a file holds one scenario; check for a ) closed too early"),
        E::Message(m) if m.starts_with("invalid type") || m.starts_with("invalid value") => {
            Diagnostic::new(Code::WrongType, m.clone())
                .label("wrong kind of value")
                .hint("texts are \"…\" or (ko: \"…\", en: \"…\"); numbers have no quotes")
        }
        E::Message(m) if m.starts_with("unknown field") => {
            Diagnostic::new(Code::UnknownField, m.clone())
                .label("unknown field")
                .hint("a text has only `ko` and `en`")
        }
        E::Message(m) if m.starts_with("missing field") => {
            Diagnostic::new(Code::MissingField, m.clone()).hint("add the field")
        }
        E::ExpectedStructLike | E::ExpectedNamedStructLike(_) => {
            Diagnostic::new(Code::WrongType, "a group in ( ) was expected here")
                .label("expected ( … )")
                .hint("docs/scenario-format.md shows what goes here")
        }
        E::ExpectedArray => Diagnostic::new(Code::WrongType, "a list in [ ] was expected here")
            .label("expected [ … ]")
            .hint("write a list: [ …, … ]"),
        other => Diagnostic::new(Code::Syntax, format!("the file is not valid RON: {other}"))
            .label("here")
            .hint("compare with a bundled scenario or docs/scenario-format.md"),
    };
    d.at(start..end)
}

/// Mistakes people make that RON reports in its own terms ("expected comma"), recognised
/// from the text around the error so the message says what the author did.
fn common_mistake(source: &str, code: &ron::error::Error, start: usize) -> Option<Diagnostic> {
    use ron::error::Error as E;
    let before = source[..start].trim_end();
    let after = &source[start..];
    let prev = before.chars().next_back();
    let next = after.chars().next();
    let point = |at: usize| at..at;
    match code {
        E::ExpectedComma if before.ends_with('"') => {
            // The text that just ended: where did it open?
            let close = before.len() - 1;
            let open = string_start(source, close)?;
            if source[open..close].contains('\n') {
                return Some(
                    Diagnostic::new(Code::Syntax, "this text is not closed on its line")
                        .at(open..open + 1)
                        .label("the text starting here runs on to the next line")
                        .hint("end the text with \" before the end of the line"),
                );
            }
            if next.is_some_and(|c| !c.is_whitespace() && !",)]}".contains(c)) {
                return Some(
                    Diagnostic::new(Code::Syntax, "a \" inside this text ends it early")
                        .at(close..close + 1)
                        .label("this quote closes the text")
                        .hint("if a closing \" is missing earlier on this line, add it; to put a quote inside a text, write \\\" (or use ' ' or 「 」)"),
                );
            }
            Some(
                Diagnostic::new(Code::Syntax, "a comma is missing")
                    .at(point(before.len()))
                    .label("expected `,` here")
                    .hint("put a comma after every field and list item"),
            )
        }
        E::ExpectedComma if after.starts_with('.') && prev.is_some_and(|c| c.is_ascii_digit()) => Some(
            Diagnostic::new(Code::WrongType, "a whole number is expected here, without a decimal point")
                .at(start..start + 1)
                .label("no decimals here")
                .hint("write a whole number like 50"),
        ),
        E::ExpectedComma if source[..start].ends_with(|c: char| c.is_ascii_digit()) && next.is_some_and(char::is_alphabetic) => Some(
            Diagnostic::new(Code::WrongType, "a number cannot have a unit after it")
                .at(start..start + next.map_or(1, char::len_utf8))
                .label("remove this")
                .hint("write just the number, e.g. minutes: 25"),
        ),
        E::ExpectedComma => Some(
            Diagnostic::new(Code::Syntax, "a comma is missing")
                .at(point(before.len()))
                .label("expected `,` here")
                .hint("put a comma after every field and list item"),
        ),
        E::Eof => Some(
            Diagnostic::new(Code::Syntax, "the file ends before every bracket is closed")
                .at(point(before.len()))
                .label("the file ends here")
                .hint("each ( [ { needs its ) ] }; a text with a stray \" can also swallow the rest of the file"),
        ),
        E::ExpectedIdentifier if after.starts_with('"') => Some(
            Diagnostic::new(Code::WrongType, "this word must be written without quotes")
                .at(start..start + after[1..].find('"').map_or(1, |i| i + 2))
                .label("remove the quotes")
                .hint("words from a fixed set (Good, ClassVote, RolePlay, …) have no quotes; texts and ids do"),
        ),
        E::ExpectedIdentifier if prev == Some(',') => Some(
            Diagnostic::new(Code::Syntax, "there is an extra comma")
                .at(before.len() - 1..before.len())
                .label("one comma too many")
                .hint("remove one of the two commas"),
        ),
        E::InvalidIdentifier(_) | E::SuggestRawIdentifier(_) if prev == Some(',') && next.is_some_and(|c| c.is_ascii_digit()) => Some(
            Diagnostic::new(Code::WrongType, "a decimal number is written with a point, not a comma")
                .at(before.len() - 1..before.len())
                .label("use `.` here")
                .hint("write 2.5, not 2,5"),
        ),
        E::ExpectedString | E::InvalidValueForType { .. } | E::ExpectedStructLike
            if next.is_some_and(|c| matches!(c, '“' | '”' | '‘' | '’' | '\'')) =>
        {
            Some(
                Diagnostic::new(Code::WrongType, "texts need straight double quotes \" \"")
                    .at(start..start + next.map_or(1, char::len_utf8))
                    .label("not a \" quote")
                    .hint("word processors turn \" into “ ”; type the text in a plain text editor, or replace the quotes"),
            )
        }
        _ => None,
    }
}

/// Byte offset of the quote that opens the string closed by the quote at `close`.
fn string_start(source: &str, close: usize) -> Option<usize> {
    let bytes = source.as_bytes();
    let mut i = close;
    while i > 0 {
        i -= 1;
        if bytes[i] == b'"' {
            let backslashes = bytes[..i].iter().rev().take_while(|&&b| b == b'\\').count();
            if backslashes % 2 == 0 {
                return Some(i);
            }
        }
    }
    None
}

/// Names of raw types as authors know them.
fn friendly_type(rust: &str) -> &str {
    match rust {
        "RawScenario" => "Scenario",
        "RawRolePlay" => "RolePlay",
        "RawTeamGame" => "TeamGame",
        other => other.strip_prefix("Raw").unwrap_or(other),
    }
}
