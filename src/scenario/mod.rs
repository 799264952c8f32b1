//! Scenarios: the RON format instructors write, its loader and its validator.
//!
//! `load_file` is the one way in, for the CLI's `check` and for the app's asset loader alike:
//! bytes → RON → raw types → validated `Scenario`, or a `FileReport` of every problem found.

pub mod diagnostic;
pub mod formula;
pub mod library;
pub mod limits;
pub mod locate;
pub mod lookup;
pub mod model;
pub mod raw;
pub mod synthetic;
pub mod template;
pub mod validate;

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

pub use diagnostic::{Code, Diagnostic, FileReport, Severity};
pub use model::*;

use diagnostic::did_you_mean;
use locate::{SpanIndex, offset_of};

/// The outcome of loading one file: the scenario when it has no errors, and the report
/// (which may hold warnings even when the scenario loaded).
#[derive(Debug, Clone)]
pub struct Loaded {
    pub kind: FileKind,
    pub scenario: Option<Scenario>,
    pub report: FileReport,
}

/// What a `.ron` file in a scenario folder holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Scenario,
    /// A shared glossary: a list of terms, `[ (id: …, term: …, definition: …), … ]`.
    Glossary,
}

/// Glossary files are lists; scenarios are structs. Decided by the first real character, so
/// a broken scenario is still reported as a scenario.
pub fn file_kind(source: &str) -> FileKind {
    let mut rest = source.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix("//") {
            rest = r.split_once('\n').map_or("", |(_, after)| after);
        } else if rest.starts_with("#!") {
            rest = rest.split_once('\n').map_or("", |(_, after)| after);
        } else {
            break;
        }
    }
    if rest.starts_with('[') {
        FileKind::Glossary
    } else {
        FileKind::Scenario
    }
}

fn ron_options() -> ron::Options {
    ron::Options::default()
        // `portrait: "a.png"` instead of `portrait: Some("a.png")`.
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        // `RolePlay(scenes: …)` instead of `RolePlay((scenes: …))`.
        .with_default_extension(ron::extensions::Extensions::UNWRAP_VARIANT_NEWTYPES)
        .with_recursion_limit(limits::RECURSION)
}

/// Reads a file for loading: size limit and UTF-8 checked before anything is parsed.
pub fn read_source(path: &Path) -> Result<String, FileReport> {
    let fail = |code, message: String, hint: &str| {
        FileReport::new(
            path,
            String::new(),
            vec![Diagnostic::new(code, message).hint(hint)],
        )
    };
    let meta = std::fs::metadata(path).map_err(|e| {
        fail(
            Code::Unreadable,
            format!("cannot read the file: {e}"),
            "check the path and that the file exists",
        )
    })?;
    if meta.len() > limits::FILE_BYTES {
        return Err(fail(
            Code::TooLarge,
            format!(
                "the file is {} bytes; a scenario may be at most {} bytes",
                meta.len(),
                limits::FILE_BYTES
            ),
            "split it into several scenarios",
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        fail(
            Code::Unreadable,
            format!("cannot read the file: {e}"),
            "check that the file is not open elsewhere and that you may read it",
        )
    })?;
    decode(path, bytes)
}

/// UTF-8 text from bytes (a leading byte-order mark, which Windows editors add, is dropped).
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, FileReport> {
    if bytes.len() as u64 > limits::FILE_BYTES {
        return Err(FileReport::new(
            path,
            String::new(),
            vec![
                Diagnostic::new(
                    Code::TooLarge,
                    format!(
                        "the file is {} bytes; a scenario may be at most {} bytes",
                        bytes.len(),
                        limits::FILE_BYTES
                    ),
                )
                .hint("split it into several scenarios"),
            ],
        ));
    }
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                // Keep offsets meaningful: replace the mark by nothing visible to RON.
                s.replace_range(..3, "");
            }
            Ok(s)
        }
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let (line, col) = locate::line_col(&lossy, at);
            Err(FileReport::new(
                path,
                lossy,
                vec![
                    Diagnostic::new(
                        Code::NotUtf8,
                        format!("the file is not UTF-8 text (line {line}, column {col})"),
                    )
                    .hint("save the file as UTF-8 (in Notepad: Save As → Encoding → UTF-8)"),
                ],
            ))
        }
    }
}

/// Where a scenario's neighbours (images, the shared glossary) are looked up.
#[derive(Debug, Clone, Copy)]
pub enum Folder<'a> {
    /// The folder the file is in.
    Disk(&'a Path),
    /// The bundled files compiled into the binary.
    Embedded,
    /// A session's pinned copy: its glossary text, and the folder its images were in (used
    /// while they are still there; a missing one is dropped, never an error).
    Pinned {
        glossary: Option<&'a str>,
        dir: Option<&'a Path>,
    },
    /// Nowhere: checks that need neighbours are skipped.
    Detached,
}

impl Folder<'_> {
    /// The folder of a file on disk.
    pub fn of(path: &Path) -> Folder<'_> {
        Folder::Disk(path.parent().unwrap_or(Path::new("")))
    }

    /// Reads a neighbour; `None` when this folder cannot tell.
    pub fn read(&self, rel: &Path) -> Option<Result<String, FileReport>> {
        match self {
            Folder::Disk(dir) => Some(read_source(&dir.join(rel))),
            Folder::Embedded => Some(
                library::EMBEDDED
                    .iter()
                    .find(|(name, _)| Path::new(name) == rel)
                    .map(|(_, text)| (*text).to_owned())
                    .ok_or_else(|| {
                        FileReport::new(
                            rel,
                            String::new(),
                            vec![Diagnostic::new(Code::Unreadable, "not a bundled file")],
                        )
                    }),
            ),
            Folder::Pinned { glossary, .. } => glossary.map(|g| Ok(g.to_owned())),
            Folder::Detached => None,
        }
    }

    /// Whether a neighbour exists; `None` when this folder cannot tell.
    pub fn has_file(&self, rel: &Path) -> Option<bool> {
        match self {
            Folder::Disk(dir) => Some(dir.join(rel).is_file()),
            // Only the .ron files are compiled in: pictures are shown from disk or not at all.
            Folder::Embedded => library::EMBEDDED
                .iter()
                .any(|(name, _)| Path::new(name) == rel)
                .then_some(true),
            Folder::Pinned { dir, .. } => dir.filter(|d| d.join(rel).is_file()).map(|_| true),
            Folder::Detached => None,
        }
    }

    /// The path to show and store for a neighbour.
    pub fn path_of(&self, rel: &Path) -> PathBuf {
        match self {
            Folder::Disk(dir) => dir.join(rel),
            Folder::Pinned { dir: Some(dir), .. } => dir.join(rel),
            Folder::Embedded | Folder::Pinned { .. } | Folder::Detached => rel.to_path_buf(),
        }
    }

    /// Names of the `.ron` files beside the scenario, for "did you mean".
    fn ron_names(&self) -> Vec<String> {
        match self {
            Folder::Disk(dir) => std::fs::read_dir(dir)
                .map(|entries| {
                    entries
                        .filter_map(|e| e.ok())
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .filter(|n| n.ends_with(".ron"))
                        .collect()
                })
                .unwrap_or_default(),
            Folder::Embedded => library::EMBEDDED
                .iter()
                .map(|(n, _)| (*n).to_owned())
                .collect(),
            Folder::Pinned { .. } | Folder::Detached => Vec::new(),
        }
    }
}

/// Loads and validates a scenario file from disk.
pub fn load_file(path: &Path) -> Loaded {
    match read_source(path) {
        Ok(source) => load_source(path, source, Folder::of(path)),
        Err(report) => Loaded {
            kind: FileKind::Scenario,
            scenario: None,
            report,
        },
    }
}

/// Loads and validates scenario text; `folder` is where its images and glossary are.
pub fn load_source(path: &Path, source: String, folder: Folder) -> Loaded {
    let raw: raw::RawScenario = match parse_ron(&source) {
        Ok(raw) => raw,
        Err(d) => {
            return Loaded {
                kind: FileKind::Scenario,
                scenario: None,
                report: FileReport::new(path, source, vec![d]),
            };
        }
    };
    let mut diagnostics = Vec::new();
    let mut shared_glossary = Vec::new();
    let mut glossary_failed = false;
    if let Some(file) = &raw.glossary_file {
        match glossary_for(folder, file) {
            Ok(Some(terms)) => shared_glossary = terms,
            // Detached: the glossary's terms are unknown, so concept ids cannot be checked.
            Ok(None) => glossary_failed = true,
            Err(d) => {
                glossary_failed = true;
                diagnostics.push(match SpanIndex::build(&source).find("glossary_file") {
                    Some(span) => d.at(span),
                    None => d,
                });
            }
        }
    }
    let ctx = validate::Context {
        folder,
        shared_glossary,
        glossary_failed,
    };
    let (scenario, more) = validate::validate(&raw, &ctx, &source);
    diagnostics.extend(more);
    let failed = diagnostics.iter().any(Diagnostic::is_error);
    Loaded {
        kind: FileKind::Scenario,
        scenario: if failed { None } else { scenario },
        report: FileReport::new(path, source, diagnostics),
    }
}

/// The shared glossary named by a scenario, as one diagnostic if it cannot be used.
fn glossary_for(folder: Folder, file: &str) -> Result<Option<Vec<Concept>>, Diagnostic> {
    let rel = Path::new(file);
    if rel.is_absolute()
        || rel
            .components()
            .any(|c| matches!(c, std::path::Component::ParentDir))
    {
        return Err(Diagnostic::new(
            Code::Glossary,
            format!("the glossary path \"{file}\" leaves the scenario's folder"),
        )
        .label("not allowed")
        .hint("keep the glossary beside the scenario and write its name, e.g. \"glossary.ron\""));
    }
    let Some(read) = folder.read(rel) else {
        return Ok(None);
    };
    if folder.has_file(rel) == Some(false) {
        let names = folder.ron_names();
        let d = Diagnostic::new(
            Code::Glossary,
            format!("there is no glossary file \"{file}\" beside the scenario"),
        )
        .label("not found");
        return Err(match did_you_mean(file, names.iter().map(String::as_str)) {
            Some(s) => d.hint(format!("did you mean \"{s}\"?")),
            None => d.hint("copy glossary.ron from the bundled scenarios into this folder, or remove `glossary_file`"),
        });
    }
    let path = folder.path_of(rel);
    let report = match read {
        Ok(source) => {
            let (terms, report) = load_glossary(&path, source);
            match terms {
                Some(terms) => return Ok(Some(terms)),
                None => report,
            }
        }
        Err(report) => report,
    };
    let first = report.diagnostics.first();
    let (line, col) = first.map_or((1, 1), |d| report.position(d));
    Err(Diagnostic::new(
        Code::Glossary,
        format!(
            "the glossary \"{file}\" has an error at line {line}, column {col}: {}",
            first.map_or("", |d| d.message.as_str())
        ),
    )
    .label("this glossary has errors")
    .hint(format!(
        "run `kkumgil check {}` to see them all",
        path.display()
    )))
}

/// Loads a glossary file: a list of terms with unique ids and texts in Korean.
pub fn load_glossary(path: &Path, source: String) -> (Option<Vec<Concept>>, FileReport) {
    let raw: Vec<raw::RawConcept> = match parse_ron(&source) {
        Ok(raw) => raw,
        Err(d) => return (None, FileReport::new(path, source, vec![d])),
    };
    let index = SpanIndex::build(&source);
    let mut diagnostics = Vec::new();
    let mut terms: Vec<Concept> = Vec::new();
    if raw.len() > limits::GLOSSARY {
        diagnostics.push(
            Diagnostic::new(
                Code::Limit,
                format!(
                    "{} terms; a glossary may have at most {}",
                    raw.len(),
                    limits::GLOSSARY
                ),
            )
            .hint("split the glossary"),
        );
    }
    for (i, t) in raw.iter().enumerate() {
        let at = |d: Diagnostic, field: &str| match index.find(&format!("[{i}].{field}")) {
            Some(span) => d.at(span),
            None => d,
        };
        if !t
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
            || t.id.is_empty()
        {
            diagnostics.push(at(
                Diagnostic::new(Code::BadId, format!("'{}' is not a usable id", t.id))
                    .hint("use a-z, 0-9, '-' and '_'"),
                "id",
            ));
        }
        if terms.iter().any(|x| x.id == t.id) {
            diagnostics.push(at(
                Diagnostic::new(
                    Code::DuplicateId,
                    format!("the term '{}' appears twice", t.id),
                )
                .hint("keep one of them"),
                "id",
            ));
            continue;
        }
        for (field, text) in [("term", &t.term), ("definition", &t.definition)] {
            if text.ko.as_deref().is_none_or(|k| k.trim().is_empty()) {
                diagnostics.push(at(
                    Diagnostic::new(
                        Code::MissingTranslation,
                        format!("the {field} of '{}' has no Korean", t.id),
                    )
                    .hint("write (ko: \"…\", en: \"…\")"),
                    field,
                ));
            }
        }
        let text = |r: &raw::RawText| Text {
            ko: r.ko.clone().unwrap_or_default(),
            en: r.en.clone(),
        };
        terms.push(Concept {
            id: t.id.clone(),
            term: text(&t.term),
            definition: text(&t.definition),
        });
    }
    let ok = !diagnostics.iter().any(Diagnostic::is_error);
    (
        ok.then_some(terms),
        FileReport::new(path, source, diagnostics),
    )
}

/// The shared glossary file a scenario's text names, if it parses far enough to tell.
pub fn glossary_file(source: &str) -> Option<String> {
    parse_ron::<raw::RawScenario>(source)
        .ok()
        .and_then(|raw| raw.glossary_file)
}

/// Checks any scenario-folder file from disk: a scenario or a glossary.
pub fn check_file(path: &Path) -> Loaded {
    match read_source(path) {
        Ok(source) => check_source(path, source, Folder::of(path)),
        Err(report) => Loaded {
            kind: FileKind::Scenario,
            scenario: None,
            report,
        },
    }
}

/// Checks scenario-folder text: a scenario or a glossary, told apart by its first bracket.
pub fn check_source(path: &Path, source: String, folder: Folder) -> Loaded {
    match file_kind(&source) {
        FileKind::Scenario => load_source(path, source, folder),
        FileKind::Glossary => Loaded {
            kind: FileKind::Glossary,
            scenario: None,
            report: load_glossary(path, source).1,
        },
    }
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

#[cfg(test)]
mod robustness {
    //! A hostile or mangled file must give diagnostics, never a panic.
    use super::*;
    use proptest::prelude::*;

    fn check(bytes: Vec<u8>) {
        let path = Path::new("fuzz.ron");
        if let Ok(source) = decode(path, bytes) {
            let loaded = check_source(path, source, Folder::Detached);
            // Every diagnostic can be rendered and located.
            let _ = loaded.report.render(false);
            let _ = loaded.report.located();
        }
    }

    const BUNDLED: &str = include_str!("../../scenarios/village-cafe.ron");
    const TEAM_GAME: &str = include_str!("../../scenarios/community-fund.ron");

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            check(bytes);
        }

        /// Text made of RON's own tokens reaches deeper into the parser than random bytes.
        #[test]
        fn arbitrary_ron_never_panics(tokens in proptest::collection::vec(prop_oneof![
            Just("Scenario("), Just("RolePlay("), Just("TeamGame("), Just("("), Just(")"), Just("["), Just("]"),
            Just("{"), Just("}"), Just(","), Just(":"), Just("\""), Just("id: \"a\""), Just("next: \"a\""),
            Just("ko: \"마을\""), Just("scenes: ["), Just("choices: ["), Just("text: \"카페\""), Just("12"),
            Just("-3"), Just("2.5"), Just("Change(\"a\", 1)"), Just("// 주석\n"), Just("/*"), Just("*/"),
            Just("r#\""), Just("\"#"), Just("\\"), Just("Some("), Just("\n"), Just("formula: \"a +\""),
        ], 0..200)) {
            check(tokens.concat().into_bytes());
        }

        /// A real scenario with a random slice cut out or a random token put in: the kinds of
        /// damage an editor does.
        #[test]
        fn mangled_scenarios_never_panic(
            team in any::<bool>(),
            at in any::<prop::sample::Index>(),
            len in 0usize..400,
            insert in prop_oneof![Just(""), Just("\""), Just(","), Just(")"), Just("("), Just("]"), Just("x"), Just("ㄱ"), Just("\n")],
        ) {
            let base = if team { TEAM_GAME } else { BUNDLED };
            let mut cut = at.index(base.len());
            while !base.is_char_boundary(cut) { cut -= 1; }
            let mut end = (cut + len).min(base.len());
            while !base.is_char_boundary(end) { end -= 1; }
            let text = format!("{}{}{}", &base[..cut], insert, &base[end..]);
            check(text.into_bytes());
        }
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let deep = format!(
            "Scenario(id: \"x\", title: \"t\", minutes: 1, glossary: {}{})",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let loaded = check_source(Path::new("deep.ron"), deep, Folder::Detached);
        assert!(loaded.report.has_errors());
    }

    #[test]
    fn a_byte_order_mark_is_accepted() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(BUNDLED.as_bytes());
        let source = decode(Path::new("bom.ron"), bytes).unwrap();
        assert!(
            check_source(Path::new("bom.ron"), source, Folder::Detached)
                .scenario
                .is_some()
        );
    }
}
