//! RON's own errors turned into what the author did: a stray or unclosed quote, a missing
//! comma, `2,5` for 2.5, a number with a unit, an enum word in quotes, curly quotes.

use serde::de::DeserializeOwned;

use super::diagnostic::{Code, Diagnostic, did_you_mean};
use super::limits;
use super::locate::offset_of;
use crate::i18n::Msg;

/// Field names teachers write in Korean, and the field each means.
const KOREAN_FIELDS: [(&str, &str); 14] = [
    ("다음", "next"),
    ("글", "text"),
    ("내용", "text"),
    ("선택지", "choices"),
    ("선택", "choices"),
    ("효과", "effects"),
    ("제목", "title"),
    ("한마디", "feedback"),
    ("피드백", "feedback"),
    ("조건", "requires"),
    ("결과", "outcomes"),
    ("장면", "scenes"),
    ("엔딩", "endings"),
    ("시간", "minutes"),
];

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
            || tr!("이 부분", "this part"),
            |o| Msg::same(format!("`{}`", friendly_type(o))),
        )
    };
    let d = match &e.code {
        E::NoSuchStructField {
            expected, found, ..
        } if *expected == ["ko", "en"] => Diagnostic::new(
            Code::UnknownField,
            tr!(
                "글에는 `{found}`라는 언어가 없어요",
                "a text has no language `{found}`"
            ),
        )
        .label(tr!("모르는 언어", "unknown language"))
        .hint(match did_you_mean(found, expected.iter().copied()) {
            Some(s) => tr!(
                "혹시 `{s}`인가요? 글은 (ko: \"…\", en: \"…\")처럼 써요",
                "did you mean `{s}`? a text is (ko: \"…\", en: \"…\")"
            ),
            None => tr!(
                "글은 (ko: \"…\", en: \"…\")처럼 써요",
                "a text is (ko: \"…\", en: \"…\")"
            ),
        }),
        E::NoSuchStructField {
            expected,
            found,
            outer: o,
        } => {
            let Msg { ko: o_ko, en: o_en } = outer(o);
            let d = Diagnostic::new(
                Code::UnknownField,
                tr!(
                    "{o_ko}에는 `{found}`라는 항목이 없어요",
                    "{o_en} has no field `{found}`"
                ),
            )
            .label(tr!("모르는 항목", "unknown field"));
            // Points are an effect, not a field: say where they go; a field named in
            // Korean: the field it means.
            let points = ["점수", "score", "points", "point", "포인트"];
            let korean = KOREAN_FIELDS
                .iter()
                .find(|(ko, field)| *ko == found.as_str() && expected.contains(field));
            if points.contains(&found.to_lowercase().as_str()) && expected.contains(&"effects") {
                d.hint(tr!(
                    "점수는 항목이 아니라 효과예요. `effects: [Score(10)]`처럼 effects 목록에 넣어 주세요",
                    "points are an effect, not a field: put them in the effects list, like `effects: [Score(10)]`"
                ))
            } else if let Some((_, field)) = korean {
                d.hint(tr!(
                    "항목 이름은 영어로 써요. 혹시 `{field}`인가요?",
                    "field names are written in English: did you mean `{field}`?"
                ))
            } else {
                match did_you_mean(found, expected.iter().copied()) {
                    Some(s) => d.hint(tr!("혹시 `{s}`인가요?", "did you mean `{s}`?")),
                    None => d.hint(tr!(
                        "여기에 쓸 수 있는 항목: {}",
                        "fields here: {}",
                        expected.join(", ")
                    )),
                }
            }
        }
        // A group whose opening `(` was deleted with half of it: RON reads its first field
        // as the group's name. Said in the author's words: which group, and what is missing.
        E::ExpectedDifferentStructName { expected, found }
            if found.chars().all(|c| c.is_ascii_lowercase() || c == '_') =>
        {
            let name = friendly_type(expected);
            let ko = match name {
                "Choice" => "선택지",
                "Scene" => "장면",
                "Ending" => "엔딩",
                "Meter" => "게이지",
                "Role" => "역할",
                "Card" => "사건 카드",
                "Quiz" => "퀴즈",
                "Decision" => "결정",
                _ => "묶음",
            };
            Diagnostic::new(
                Code::Syntax,
                tr!(
                    "{ko}(`{name}`)를 여는 `(`가 빠졌어요. `{found}:`이(가) 괄호 밖에 있어요",
                    "the `(` that opens a `{name}` is missing: `{found}:` stands outside any brackets"
                ),
            )
            .label(tr!("이 앞에 `(`가 있어야 해요", "a `(` belongs before this"))
            .hint(tr!(
                "{ko} 하나는 `(`로 열고 `),`로 닫아요. 지우다 남은 부분이면 그 {ko}의 나머지 줄도 지우고, 아니면 빠진 `(`와 항목(예: `text`, `next`)을 다시 써 주세요",
                "each {name} opens with `(` and closes with `),`; if this is what is left of a deleted one, delete its remaining lines too, else put back the `(` and the fields it lost (such as `text` and `next`)"
            ))
        }
        E::MissingStructField { field, outer: o } => {
            let Msg { ko: o_ko, en: o_en } = outer(o);
            Diagnostic::new(
                Code::MissingField,
                tr!(
                    "{o_ko}에 `{field}` 항목이 빠졌어요",
                    "{o_en} is missing the field `{field}`"
                ),
            )
            .label(tr!(
                "이 앞에 `{field}: …`을(를) 넣어 주세요",
                "add `{field}: …` before this"
            ))
            .hint(tr!(
                "`{field}: …`을(를) 넣어 주세요. 무엇을 쓰는지는 docs/scenario-format.md에 있어요",
                "add `{field}: …`; docs/scenario-format.md shows what it holds"
            ))
        }
        E::DuplicateStructField { field, outer: o } => {
            let Msg { ko: o_ko, en: o_en } = outer(o);
            Diagnostic::new(
                Code::DuplicateField,
                tr!(
                    "{o_ko}에 `{field}` 항목이 두 번 있어요",
                    "{o_en} has the field `{field}` twice"
                ),
            )
            .label(tr!("두 번째", "second time"))
            .hint(tr!("하나만 남겨 주세요", "keep one of them"))
        }
        E::NoSuchEnumVariant {
            expected,
            found,
            outer: o,
        } => {
            let Msg { ko: o_ko, en: o_en } = outer(o);
            let d = Diagnostic::new(
                Code::UnknownVariant,
                tr!(
                    "`{found}`은(는) {o_ko}에 쓸 수 있는 낱말이 아니에요",
                    "`{found}` is not one of the words {o_en} accepts"
                ),
            )
            .label(tr!("모르는 낱말", "unknown word"));
            match did_you_mean(found, expected.iter().copied()) {
                Some(s) => d.hint(tr!("혹시 `{s}`인가요?", "did you mean `{s}`?")),
                None => d.hint(tr!(
                    "다음 중 하나를 써 주세요: {}",
                    "write one of: {}",
                    expected.join(", ")
                )),
            }
        }
        E::InvalidValueForType { expected, found } => {
            let ko_expected = expected_ko(expected);
            let ko_found = found_ko(found);
            Diagnostic::new(
                Code::WrongType,
                tr!(
                    "이 값은 여기에 쓸 수 없어요. 와야 하는 것: {ko_expected}, 쓴 것: {ko_found}",
                    "expected {expected}, found {found}"
                ),
            )
            .label(tr!("맞지 않는 값", "wrong kind of value"))
            .hint(tr!(
                "글은 따옴표 안에, 숫자는 따옴표 없이 써요. 항목마다 무엇을 쓰는지는 docs/scenario-format.md에 있어요",
                "texts go in \"quotes\", numbers without; docs/scenario-format.md shows each field"
            ))
        }
        E::ExpectedInteger
        | E::ExpectedFloat
        | E::IntegerOutOfBounds
        | E::InvalidIntegerDigit { .. } => Diagnostic::new(
            Code::WrongType,
            tr!("여기에는 숫자가 와야 해요", "a number was expected here"),
        )
        .label(tr!("숫자가 아니에요", "not a number"))
        .hint(tr!(
            "10이나 -5 같은 정수를 따옴표 없이 써 주세요",
            "write a whole number like 10 or -5, without quotes"
        )),
        E::ExpectedString | E::ExpectedStringEnd if matches!(e.code, E::ExpectedString) => {
            Diagnostic::new(
                Code::WrongType,
                tr!(
                    "여기에는 따옴표(\"\")로 감싼 글이 와야 해요",
                    "a text in \"quotes\" was expected here"
                ),
            )
            .label(tr!("글이 아니에요", "not a text"))
            .hint(tr!(
                "글을 큰따옴표로 감싸 주세요: \"…\"",
                "put the text in double quotes: \"…\""
            ))
        }
        E::ExpectedStringEnd => Diagnostic::new(
            Code::Syntax,
            tr!("글이 닫히지 않았어요", "a text is not closed"),
        )
        .label(tr!(
            "이 글을 닫는 따옴표가 없어요",
            "this text has no closing quote"
        ))
        .hint(tr!(
            "글 끝에 \"를 써 주세요. 글 안에 따옴표를 넣으려면 \\\"로 써요",
            "end the text with \"; to put a quote inside a text, write \\\""
        )),
        E::ExpectedBoolean => Diagnostic::new(
            Code::WrongType,
            tr!(
                "여기에는 true나 false가 와야 해요",
                "true or false was expected here"
            ),
        )
        .hint(tr!("true나 false를 써 주세요", "write true or false")),
        E::ExceededRecursionLimit => Diagnostic::new(
            Code::TooDeep,
            tr!(
                "괄호가 너무 여러 겹으로 겹쳐 있어요",
                "brackets are nested too deeply"
            ),
        )
        .hint(tr!(
            "시나리오에는 괄호가 몇 겹이면 충분해요",
            "a scenario never needs more than a few levels of brackets"
        )),
        E::ExpectedStructLikeEnd | E::ExpectedArrayEnd | E::ExpectedMapEnd => Diagnostic::new(
            Code::Syntax,
            tr!(
                "닫는 괄호나 쉼표가 빠졌어요",
                "a closing bracket or a comma is missing"
            ),
        )
        .label(tr!(
            "여기에 `,`나 닫는 괄호가 필요해요",
            "expected `,` or a closing bracket"
        ))
        .hint(tr!(
            "윗줄에 쉼표가 빠졌는지, 닫지 않은 ( [가 있는지 확인해 주세요",
            "check the line above for a missing comma, or a ( [ that is not closed"
        )),
        E::TrailingCharacters => Diagnostic::new(
            Code::Syntax,
            tr!(
                "시나리오를 닫는 괄호 뒤에 글이 더 있어요",
                "there is more text after the scenario's closing bracket"
            ),
        )
        .label(tr!("있으면 안 되는 글", "unexpected"))
        .hint(tr!(
            "파일 하나에는 시나리오가 하나만 들어가요. 너무 일찍 닫은 )가 있는지 확인해 주세요",
            "a file holds one scenario; check for a ) closed too early"
        )),
        E::Message(m) if m.starts_with("invalid type") || m.starts_with("invalid value") => {
            Diagnostic::new(Code::WrongType, tr!("맞지 않는 값이에요: {m}", "{m}"))
                .label(tr!("맞지 않는 값", "wrong kind of value"))
                .hint(tr!(
                    "글은 \"…\"나 (ko: \"…\", en: \"…\")로 쓰고, 숫자는 따옴표 없이 써요",
                    "texts are \"…\" or (ko: \"…\", en: \"…\"); numbers have no quotes"
                ))
        }
        E::Message(m) if m.starts_with("unknown field") => {
            Diagnostic::new(Code::UnknownField, tr!("모르는 항목이 있어요: {m}", "{m}"))
                .label(tr!("모르는 항목", "unknown field"))
                .hint(tr!(
                    "글에는 `ko`와 `en`만 쓸 수 있어요",
                    "a text has only `ko` and `en`"
                ))
        }
        E::Message(m) if m.starts_with("missing field") => {
            Diagnostic::new(Code::MissingField, tr!("빠진 항목이 있어요: {m}", "{m}"))
                .hint(tr!("빠진 항목을 넣어 주세요", "add the field"))
        }
        E::ExpectedStructLike | E::ExpectedNamedStructLike(_) => Diagnostic::new(
            Code::WrongType,
            tr!(
                "여기에는 ( )로 감싼 묶음이 와야 해요",
                "a group in ( ) was expected here"
            ),
        )
        .label(tr!("( … )가 와야 해요", "expected ( … )"))
        .hint(tr!(
            "여기에 무엇을 쓰는지는 docs/scenario-format.md에 있어요",
            "docs/scenario-format.md shows what goes here"
        )),
        E::ExpectedArray => Diagnostic::new(
            Code::WrongType,
            tr!(
                "여기에는 [ ]로 감싼 목록이 와야 해요",
                "a list in [ ] was expected here"
            ),
        )
        .label(tr!("[ … ]가 와야 해요", "expected [ … ]"))
        .hint(tr!(
            "목록으로 써 주세요: [ …, … ]",
            "write a list: [ …, … ]"
        )),
        other => Diagnostic::new(
            Code::Syntax,
            tr!(
                "파일이 RON 형식에 맞지 않아요: {other}",
                "the file is not valid RON: {other}"
            ),
        )
        .label(tr!("여기", "here"))
        .hint(tr!(
            "꿈길에 들어 있는 시나리오나 docs/scenario-format.md와 비교해 보세요",
            "compare with a bundled scenario or docs/scenario-format.md"
        )),
    };
    d.at(start..end)
}

/// What serde says a value should have been (`expected` of RON's "expected …, found …"),
/// in Korean where the wording is known; otherwise as it is.
fn expected_ko(expected: &str) -> String {
    match expected {
        // `raw.rs`: `check_finite` and the text visitor's `expecting`.
        "a finite number (not NaN, inf, or too large to hold)" => {
            "보통의 숫자 (NaN, inf, 너무 큰 수는 안 돼요)".to_owned()
        }
        r#"a text: "…" or (ko: "…", en: "…")"# => {
            r#"글: "…" 또는 (ko: "…", en: "…")"#.to_owned()
        }
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "0 이상의 정수".to_owned(),
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "정수".to_owned(),
        "f32" | "f64" => "숫자".to_owned(),
        "a string" | "a borrowed string" => "따옴표로 감싼 글".to_owned(),
        "a boolean" => "true 또는 false".to_owned(),
        "a character" => "글자 하나".to_owned(),
        "a sequence" => "[ ]로 감싼 목록".to_owned(),
        "a map" => "괄호로 감싼 묶음".to_owned(),
        "option" => "값".to_owned(),
        other => match other.split_once(' ') {
            Some(("struct", name)) => format!("( )로 감싼 `{}`", friendly_type(name)),
            Some(("enum", name)) => format!("`{}`에 쓸 수 있는 낱말", friendly_type(name)),
            _ => other.to_owned(),
        },
    }
}

/// What was found instead (`found` of RON's "expected …, found …", worded by RON), in
/// Korean where the wording is known; otherwise as it is.
fn found_ko(found: &str) -> String {
    const NUMBERS: [&str; 3] = [
        "the unsigned integer ",
        "the signed integer ",
        "the floating point number ",
    ];
    if let Some(v) = found.strip_prefix("the boolean ") {
        return v.to_owned();
    }
    for prefix in NUMBERS {
        if let Some(v) = found.strip_prefix(prefix) {
            return format!("숫자 {v}");
        }
    }
    if let Some(v) = found.strip_prefix("the UTF-8 character ") {
        return format!("글자 {v}");
    }
    if let Some(v) = found.strip_prefix("the string ") {
        return format!("글 {v}");
    }
    match found {
        "a unit value" => "빈 괄호 ()".to_owned(),
        "a sequence" => "목록".to_owned(),
        "a map" => "괄호로 감싼 묶음".to_owned(),
        "an enum" | "a unit variant" | "a newtype variant" | "a tuple variant"
        | "a struct variant" => "정해진 낱말".to_owned(),
        other => other.to_owned(),
    }
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
    let missing_comma = |at: usize| {
        Diagnostic::new(Code::Syntax, tr!("쉼표가 빠졌어요", "a comma is missing"))
            .at(point(at))
            .label(tr!("여기에 `,`가 필요해요", "expected `,` here"))
            .hint(tr!(
                "모든 항목과 목록의 값 뒤에 쉼표를 써 주세요",
                "put a comma after every field and list item"
            ))
    };
    match code {
        E::ExpectedComma if before.ends_with('"') => {
            // The text that just ended: where did it open?
            let close = before.len() - 1;
            let open = string_start(source, close)?;
            if source[open..close].contains('\n') {
                return Some(
                    Diagnostic::new(
                        Code::Syntax,
                        tr!(
                            "글이 그 줄에서 닫히지 않았어요",
                            "this text is not closed on its line"
                        ),
                    )
                    .at(open..open + 1)
                    .label(tr!(
                        "여기서 시작한 글이 다음 줄로 넘어가요",
                        "the text starting here runs on to the next line"
                    ))
                    .hint(tr!(
                        "줄이 끝나기 전에 \"로 글을 닫아 주세요",
                        "end the text with \" before the end of the line"
                    )),
                );
            }
            if next.is_some_and(|c| !c.is_whitespace() && !",)]}".contains(c)) {
                return Some(
                    Diagnostic::new(
                        Code::Syntax,
                        tr!(
                            "글 안의 \" 때문에 글이 일찍 끝났어요",
                            "a \" inside this text ends it early"
                        ),
                    )
                    .at(close..close + 1)
                    .label(tr!("이 따옴표에서 글이 끝나요", "this quote closes the text"))
                    .hint(tr!(
                        "이 줄 앞쪽에 닫는 \"가 빠졌다면 넣어 주세요. 글 안에 따옴표를 넣으려면 \\\"로 쓰거나 ' '나 「 」를 써요",
                        "if a closing \" is missing earlier on this line, add it; to put a quote inside a text, write \\\" (or use ' ' or 「 」)"
                    )),
                );
            }
            Some(missing_comma(before.len()))
        }
        E::ExpectedComma if after.starts_with('.') && prev.is_some_and(|c| c.is_ascii_digit()) => Some(
            Diagnostic::new(
                Code::WrongType,
                tr!(
                    "여기에는 소수점 없는 정수가 와야 해요",
                    "a whole number is expected here, without a decimal point"
                ),
            )
            .at(start..start + 1)
            .label(tr!("여기는 소수를 쓸 수 없어요", "no decimals here"))
            .hint(tr!("50 같은 정수로 써 주세요", "write a whole number like 50")),
        ),
        // `20분`, and inside brackets `Change("trust", 10점)`, `Score(10점)`: RON asks for a
        // comma or a closing bracket; the author wrote a unit.
        E::ExpectedComma | E::ExpectedStructLikeEnd | E::ExpectedArrayEnd | E::ExpectedMapEnd
            if source[..start].ends_with(|c: char| c.is_ascii_digit())
                && next.is_some_and(char::is_alphabetic) => Some(
            Diagnostic::new(
                Code::WrongType,
                tr!(
                    "숫자 뒤에 단위를 붙일 수 없어요",
                    "a number cannot have a unit after it"
                ),
            )
            .at(start..start + next.map_or(1, char::len_utf8))
            .label(tr!("이것을 지워 주세요", "remove this"))
            .hint(tr!(
                "숫자만 써 주세요. 예: minutes: 25, Change(\"trust\", 10), Score(10)",
                "write just the number, e.g. minutes: 25, Change(\"trust\", 10), Score(10)"
            )),
        ),
        E::ExpectedComma => Some(missing_comma(before.len())),
        E::Eof => Some(
            Diagnostic::new(
                Code::Syntax,
                tr!(
                    "괄호를 다 닫기 전에 파일이 끝났어요",
                    "the file ends before every bracket is closed"
                ),
            )
            .at(point(before.len()))
            .label(tr!("여기서 파일이 끝나요", "the file ends here"))
            .hint(tr!(
                "( [ {{마다 짝이 되는 ) ] }}가 있어야 해요. 글 안에 \"가 잘못 들어가도 파일의 나머지가 모두 글로 읽힐 수 있어요",
                "each ( [ {{ needs its ) ] }}; a text with a stray \" can also swallow the rest of the file"
            )),
        ),
        E::ExpectedIdentifier if after.starts_with('"') => Some(
            Diagnostic::new(
                Code::WrongType,
                tr!(
                    "이 낱말은 따옴표 없이 써야 해요",
                    "this word must be written without quotes"
                ),
            )
            .at(start..start + after[1..].find('"').map_or(1, |i| i + 2))
            .label(tr!("따옴표를 지워 주세요", "remove the quotes"))
            .hint(tr!(
                "정해진 낱말(Good, ClassVote, RolePlay, …)은 따옴표 없이 써요. 글과 id는 따옴표 안에 써요",
                "words from a fixed set (Good, ClassVote, RolePlay, …) have no quotes; texts and ids do"
            )),
        ),
        E::ExpectedIdentifier if prev == Some(',') => Some(
            Diagnostic::new(
                Code::Syntax,
                tr!("쉼표가 두 번 있어요", "there is an extra comma"),
            )
            .at(before.len() - 1..before.len())
            .label(tr!("쉼표가 하나 많아요", "one comma too many"))
            .hint(tr!(
                "두 쉼표 중 하나를 지워 주세요",
                "remove one of the two commas"
            )),
        ),
        E::InvalidIdentifier(_) | E::SuggestRawIdentifier(_) if prev == Some(',') && next.is_some_and(|c| c.is_ascii_digit()) => Some(
            Diagnostic::new(
                Code::WrongType,
                tr!(
                    "소수는 쉼표가 아니라 점으로 써요",
                    "a decimal number is written with a point, not a comma"
                ),
            )
            .at(before.len() - 1..before.len())
            .label(tr!("여기에 `.`을 써 주세요", "use `.` here"))
            .hint(tr!("2,5가 아니라 2.5로 써 주세요", "write 2.5, not 2,5")),
        ),
        E::ExpectedString | E::InvalidValueForType { .. } | E::ExpectedStructLike
            if next.is_some_and(|c| matches!(c, '“' | '”' | '‘' | '’' | '\'')) =>
        {
            // Both quotes in one pass: the opening one here, and its partner later on the line.
            let open = next.map_or(1, char::len_utf8);
            let line = after.find('\n').map_or(after, |end| &after[..end]);
            let closing = line[open..]
                .char_indices()
                .find(|(_, c)| matches!(c, '“' | '”' | '‘' | '’' | '\'' | '"'))
                .map(|(i, c)| (open + i, c));
            let diagnostic = Diagnostic::new(
                Code::WrongType,
                tr!(
                    "글은 곧은 큰따옴표 \" \"로 감싸야 해요",
                    "texts need straight double quotes \" \""
                ),
            );
            Some(match closing {
                Some((at, c)) => {
                    let inner = &line[open..at];
                    let span = start..start + at + c.len_utf8();
                    diagnostic
                        .at(span)
                        .label(tr!(
                            "앞뒤 따옴표를 모두 \"로 바꿔 주세요",
                            "replace both quotes with \""
                        ))
                        .hint(tr!(
                            "한글, 워드 같은 프로그램은 \"를 “ ”로 바꿔요. 이렇게 고쳐요: \"{inner}\"",
                            "word processors turn \" into “ ”; write it as \"{inner}\""
                        ))
                }
                None => diagnostic
                    .at(start..start + open)
                    .label(tr!("\" 따옴표가 아니에요", "not a \" quote"))
                    .hint(tr!(
                        "한글, 워드 같은 프로그램은 \"를 “ ”로 바꿔요. 메모장 같은 편집기에서 쓰거나 따옴표를 바꿔 주세요",
                        "word processors turn \" into “ ”; type the text in a plain text editor, or replace the quotes"
                    )),
            })
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
