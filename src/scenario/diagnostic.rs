//! Diagnostics for scenario authors: what is wrong, where, and how to fix it.
//!
//! Every problem has a stable code (documented in `docs/diagnostics.md`), a severity, a
//! one-sentence message, an optional hint, and a span in the file. The same type serves the
//! CLI (rendered like a compiler error, or as JSON) and the app (shown on screen).

use crate::i18n::{Lang, Msg};
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::locate::{line_col, line_cols};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The game runs, but something looks unintended.
    Warning,
    /// The scenario cannot be played until this is fixed.
    Error,
}

macro_rules! codes {
    ($( $variant:ident = $code:literal, $severity:ident, $summary:literal; )*) => {
        /// Stable diagnostic codes. Never renumber: instructors search the docs for them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code { $( $variant, )* }

        impl Code {
            pub const ALL: &'static [Code] = &[$( Code::$variant, )*];

            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $code, )* }
            }

            pub fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$severity, )* }
            }

            /// Shown only when asked for (`check --pedantic`): advice on good teaching,
            /// not a fault.
            pub fn is_pedantic(self) -> bool {
                matches!(self, Code::NoFeedback)
            }

            /// One line for the docs' table.
            pub fn summary(self) -> &'static str {
                match self { $( Code::$variant => $summary, )* }
            }
        }
    };
}

codes! {
    // Reading the file.
    Unreadable = "K0001", Error, "the file cannot be read";
    NotUtf8 = "K0002", Error, "the file is not UTF-8 text";
    TooLarge = "K0003", Error, "the file is larger than a scenario may be";
    // RON syntax and shape.
    Syntax = "K0101", Error, "RON syntax error (a missing comma, bracket or quote)";
    UnknownField = "K0102", Error, "a field name that this place does not have";
    MissingField = "K0103", Error, "a required field is missing";
    WrongType = "K0104", Error, "a value of the wrong kind (text where a number belongs, ...)";
    UnknownVariant = "K0105", Error, "an unknown word where one of a fixed set is expected";
    DuplicateField = "K0106", Error, "the same field twice";
    TooDeep = "K0107", Error, "brackets nested deeper than any scenario needs";
    // Common checks.
    BadId = "K0201", Error, "an id with characters other than a-z, 0-9, '-' and '_'";
    DuplicateId = "K0202", Error, "two things share one id";
    UnknownReference = "K0203", Error, "a reference to an id that does not exist";
    MissingTranslation = "K0204", Error, "a text lacks a language the scenario declares";
    UnknownLanguage = "K0205", Error, "a language Kkumgil does not support";
    UnknownGrade = "K0206", Warning, "a grade that is not one of 초1..초6, 중1..중3, 고1..고3";
    Minutes = "K0207", Warning, "playing time outside what fits in a lesson";
    EmptyText = "K0208", Error, "a text that is empty";
    Limit = "K0209", Error, "more items or longer text than a scenario may have";
    ImagePath = "K0210", Error, "an image path that is absolute or leaves the scenario folder";
    ImageMissing = "K0211", Error, "an image file that does not exist";
    Glossary = "K0212", Error, "the shared glossary file cannot be used";
    FormatVersion = "K0213", Error, "a format version newer than this Kkumgil";
    UnusedConcept = "K0214", Warning, "a glossary term that nothing in the scenario uses";
    NoFeedback = "K0215", Warning, "a choice that moves a meter without `feedback` (only with --pedantic)";
    // Role-play structure.
    UnreachableScene = "K0301", Warning, "a scene no path from the start leads to";
    UnreachableEnding = "K0302", Warning, "an ending no path from the start leads to";
    DeadEnd = "K0303", Error, "a scene with no choices";
    MaybeDeadEnd = "K0304", Warning, "a scene whose every choice has a condition";
    NextAndOutcomes = "K0305", Error, "a choice needs exactly one of next or outcomes";
    NeverHolds = "K0306", Error, "a condition that can never hold";
    MeterBounds = "K0307", Error, "a meter whose start is outside min..max, or min > max";
    ZeroWeights = "K0308", Error, "random outcomes or cards whose weights are all zero";
    NoEnding = "K0309", Error, "a role-play without endings";
    Branch = "K0310", Error, "a branch without `otherwise`, or a scene with both choices and a branch";
    NoWayOut = "K0311", Error, "scenes from which no ending can be reached";
    Chance = "K0312", Error, "an outcome without a weight or a chance, with both, or a chance that can be negative";
    // Team-game rules.
    FormulaSyntax = "K0401", Error, "a formula that cannot be read";
    FormulaName = "K0402", Error, "a formula uses a name that is not defined there";
    FormulaId = "K0403", Error, "an id used in formulas must be a plain name (a-z, 0-9, _)";
    Teams = "K0404", Error, "team counts outside 2..8";
    Rounds = "K0405", Error, "a round count outside 1..50 or a round that does not exist";
    QuizAnswer = "K0406", Error, "a quiz answer that is not one of its options";
    TooFewOptions = "K0407", Error, "a pick, split or quiz with fewer than two options";
    StatBounds = "K0408", Error, "a stat whose start is outside min..max, or min > max";
    EmptyDeck = "K0409", Error, "cards are drawn but the deck is empty";
    DecisionBounds = "K0410", Error, "a decision no team can make in the first round (its bounds fail, cross or are huge)";
    Stock = "K0411", Error, "a stock that ends the game without a `min` or without a class `goal`";

    DayTime = "K0501", Error, "a day plan's time or date that cannot be read, or a visit or break that ends before it starts";
    SlotTooShort = "K0502", Error, "a station's slot shorter than its scenario's `minutes`";
    DoubleBooked = "K0503", Error, "a station or a group booked twice at the same time";
    OutsideVisit = "K0504", Error, "a game outside a group's visit or in a break, or a group that cannot play at all";
    MissedStation = "K0505", Warning, "a group that cannot visit every station during its visit";
    Pin = "K0506", Error, "a kiosk PIN that is not 1 to 12 digits";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem in one file.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub code: Code,
    pub message: Msg,
    /// Boxed, with the label: a diagnostic is passed around in `Result`s and stays small.
    pub hint: Option<Box<Msg>>,
    /// Byte span in the source; empty span = a point.
    pub span: Option<Range<usize>>,
    /// What the underline says (short); defaults to nothing.
    pub label: Option<Box<Msg>>,
}

impl Diagnostic {
    pub fn new(code: Code, message: impl Into<Msg>) -> Self {
        Diagnostic {
            code,
            message: message.into(),
            hint: None,
            span: None,
            label: None,
        }
    }

    pub fn hint(mut self, hint: impl Into<Msg>) -> Self {
        self.hint = Some(Box::new(hint.into()));
        self
    }

    pub fn label(mut self, label: impl Into<Msg>) -> Self {
        self.label = Some(Box::new(label.into()));
        self
    }

    pub fn at(mut self, span: Range<usize>) -> Self {
        self.span = Some(span);
        self
    }

    pub fn severity(&self) -> Severity {
        self.code.severity()
    }

    pub fn is_error(&self) -> bool {
        self.severity() == Severity::Error
    }
}

/// All diagnostics of one file, with the text they point into.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub path: PathBuf,
    pub source: String,
    pub diagnostics: Vec<Diagnostic>,
}

/// A diagnostic located in its file, as `--format json` writes it: the stable code, the
/// English message and hint as before, and both languages under `ko` and `en`.
#[derive(Debug, Serialize)]
pub struct Located<'a> {
    pub code: &'static str,
    pub severity: Severity,
    pub message: &'a str,
    pub hint: Option<&'a str>,
    pub ko: Texts<'a>,
    pub en: Texts<'a>,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

/// A diagnostic's texts in one language.
#[derive(Debug, Serialize)]
pub struct Texts<'a> {
    pub message: &'a str,
    pub hint: Option<&'a str>,
    pub label: Option<&'a str>,
}

impl<'a> Texts<'a> {
    fn of(d: &'a Diagnostic, lang: Lang) -> Self {
        Texts {
            message: d.message.get(lang),
            hint: d.hint.as_ref().map(|h| h.get(lang)),
            label: d.label.as_ref().map(|l| l.get(lang)),
        }
    }
}

impl FileReport {
    pub fn new(path: &Path, source: String, mut diagnostics: Vec<Diagnostic>) -> Self {
        // Errors first, then in file order: the first thing to fix is on top.
        diagnostics.sort_by_key(|d| {
            (
                std::cmp::Reverse(d.severity()),
                d.span.as_ref().map_or(usize::MAX, |s| s.start),
            )
        });
        FileReport {
            path: path.to_path_buf(),
            source,
            diagnostics,
        }
    }

    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    pub fn has_errors(&self) -> bool {
        self.errors() > 0
    }

    /// The first problem on one line, `file.ron:12:5  message`, for lists in the app.
    pub fn first_problem(&self, lang: Lang) -> Option<String> {
        let first = self.diagnostics.first()?;
        let name = self
            .path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let (line, col) = self.position(first);
        Some(format!("{name}:{line}:{col}  {}", first.message.get(lang)))
    }

    /// 1-based (line, column) of a diagnostic's start; (1, 1) when it has no span.
    pub fn position(&self, d: &Diagnostic) -> (usize, usize) {
        d.span
            .as_ref()
            .map_or((1, 1), |s| line_col(&self.source, s.start))
    }

    /// (start, end) line and column of every diagnostic, found in one pass over the text.
    fn line_cols(&self) -> Vec<((usize, usize), (usize, usize))> {
        let offsets: Vec<usize> = self
            .diagnostics
            .iter()
            .flat_map(|d| d.span.as_ref().map_or([0, 0], |s| [s.start, s.end]))
            .collect();
        let found = line_cols(&self.source, &offsets);
        found.chunks_exact(2).map(|p| (p[0], p[1])).collect()
    }

    pub fn located(&self) -> Vec<Located<'_>> {
        self.diagnostics
            .iter()
            .zip(self.line_cols())
            .map(|(d, ((line, column), (end_line, end_column)))| Located {
                code: d.code.as_str(),
                severity: d.severity(),
                message: &d.message.en,
                hint: d.hint.as_ref().map(|h| h.en.as_str()),
                ko: Texts::of(d, Lang::Ko),
                en: Texts::of(d, Lang::En),
                line,
                column,
                end_line,
                end_column,
            })
            .collect()
    }

    /// Compiler-style text: file:line:col, the line, the span underlined, message and hint;
    /// at most `SHOWN_PER_CODE` problems of each code (see `render_with`).
    pub fn render(&self, color: bool, lang: Lang) -> String {
        self.render_with(color, Some(SHOWN_PER_CODE), lang)
    }

    /// `render`, showing at most `per_code` problems of each code (`None`: all of them) and
    /// then how many more there are. Each problem shows an excerpt of a few hundred bytes
    /// around it, so a file written on one line or with thousands of problems renders in
    /// time proportional to what is shown.
    pub fn render_with(&self, color: bool, per_code: Option<usize>, lang: Lang) -> String {
        use miette::{GraphicalReportHandler, GraphicalTheme};
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_context_lines(1)
            // Our header gives line and column in characters; miette's would count bytes.
            .without_primary_span_start()
            .with_width(100);
        let name = escape_controls(&self.path.display().to_string());
        let mut out = String::new();
        let mut shown: Vec<(Code, usize)> = Vec::new();
        for (d, (position, _)) in self.diagnostics.iter().zip(self.line_cols()) {
            let count = match shown.iter_mut().find(|(c, _)| *c == d.code) {
                Some((_, n)) => n,
                None => {
                    shown.push((d.code, 0));
                    &mut shown.last_mut().expect("just pushed").1
                }
            };
            *count += 1;
            if per_code.is_some_and(|cap| *count > cap) {
                continue;
            }
            let excerpt = d
                .span
                .as_ref()
                .map(|s| Excerpt::new(&self.source, s.clone(), position.0));
            let shown = Shown {
                d,
                lang,
                name: &name,
                excerpt: excerpt.as_ref(),
                position,
            };
            if handler.render_report(&mut out, &shown).is_err() {
                out.push_str(&format!(
                    "{}: {}\n",
                    d.code,
                    escape_controls(d.message.get(lang))
                ));
            }
        }
        if let Some(cap) = per_code {
            for (code, n) in shown.into_iter().filter(|(_, n)| *n > cap) {
                let more = n - cap;
                let summary = code.summary();
                out.push_str(
                    tr!(
                        "  … {code}({summary}) {more}개는 더 있어요. 모두 보려면 `kkumgil check --all`\n",
                        "  … and {more} more {code} ({summary}) not shown; `kkumgil check --all` shows every one\n"
                    )
                    .get(lang),
                );
            }
        }
        out
    }
}

/// One problem as a screen shows it in full: its texts in one language, where it is, and the
/// lines around it with the part it is about marked (the app's scenario check screen).
#[derive(Debug, Clone)]
pub struct Problem<'a> {
    pub code: Code,
    pub severity: Severity,
    pub message: &'a str,
    pub hint: Option<&'a str>,
    pub label: Option<&'a str>,
    /// 1-based line and column (in characters) of the start.
    pub line: usize,
    pub column: usize,
    /// The lines around the problem, controls written out; `None` for a problem of the whole
    /// file.
    pub excerpt: Option<ProblemLines>,
}

/// A few lines of a file around a problem, and the bytes of `text` the problem is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProblemLines {
    pub text: String,
    pub span: Range<usize>,
    /// The 1-based line number of `text`'s first line.
    pub first_line: usize,
}

impl FileReport {
    /// Every problem, errors first, each with its lines (see `Problem`); unlike `render`, no
    /// problem is left out.
    pub fn problems(&self, lang: Lang) -> Vec<Problem<'_>> {
        self.diagnostics
            .iter()
            .zip(self.line_cols())
            .map(|(d, ((line, column), _))| Problem {
                code: d.code,
                severity: d.severity(),
                message: d.message.get(lang),
                hint: d.hint.as_ref().map(|h| h.get(lang)),
                label: d.label.as_ref().map(|l| l.get(lang)),
                line,
                column,
                excerpt: d.span.as_ref().map(|s| {
                    let e = Excerpt::new(&self.source, s.clone(), line);
                    ProblemLines {
                        text: e.text,
                        span: e.span,
                        first_line: e.first_line,
                    }
                }),
            })
            .collect()
    }
}

/// How many problems of one code `render` shows.
pub const SHOWN_PER_CODE: usize = 20;

/// Control characters and terminal escapes from a file, written out (`\u{1b}`) so they show
/// as text instead of acting on the terminal.
pub fn escape_controls(s: &str) -> String {
    if !s.chars().any(char::is_control) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_escaped(&mut out, c);
    }
    out
}

fn push_escaped(out: &mut String, c: char) {
    if c.is_control() && c != '\n' && c != '\t' {
        out.push_str(&format!("\\u{{{:x}}}", c as u32));
    } else {
        out.push(c);
    }
}

/// The part of a file a diagnostic shows: the span's line and one line either side (a long
/// line cut around the span), control characters escaped, and the span moved to match.
struct Excerpt {
    text: String,
    span: Range<usize>,
    /// The 1-based line number of the excerpt's first line.
    first_line: usize,
}

/// Lines up to this many bytes are shown whole around a problem.
const LINE: usize = 400;
/// How far an excerpt reaches into a longer line, before and after its span, in bytes.
const REACH: usize = 120;

impl Excerpt {
    fn new(src: &str, span: Range<usize>, line: usize) -> Excerpt {
        let floor = |mut i: usize| {
            i = i.min(src.len());
            while !src.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let start = floor(span.start);
        // A long span (a whole struct) is shown by its beginning.
        let end = floor(span.end.max(start).min(start + REACH));
        let end = src[start..end].find('\n').map_or(end, |i| start + i);
        // The span's line and the lines either side when they are of a readable length
        // (LINE bytes); in a longer line (a file written on one line), REACH bytes around.
        let bytes = src.as_bytes();
        // Where the line holding `at` starts and ends, when that is within LINE bytes (the
        // file's start and end count as line ends).
        let line_start = |at: usize| {
            let lower = floor(at.saturating_sub(LINE));
            match (lower..at).rev().find(|&i| bytes[i] == b'\n') {
                Some(nl) => Some(nl + 1),
                None => (lower == 0).then_some(0),
            }
        };
        let line_end = |at: usize| {
            let upper = floor(at.saturating_add(LINE));
            match (at..upper).find(|&i| bytes[i] == b'\n') {
                Some(nl) => Some(nl),
                None => (upper == src.len()).then_some(src.len()),
            }
        };
        let from = match line_start(start) {
            Some(0) => 0,
            Some(own) => line_start(own - 1).unwrap_or(own),
            None => floor(start - REACH),
        };
        let to = match line_end(end) {
            Some(own) if own == src.len() => own,
            Some(own) => line_end(own + 1).unwrap_or(own),
            None => floor(end + REACH),
        };
        let mut text = String::new();
        let cut_before = from > 0 && src.as_bytes()[from - 1] != b'\n';
        if cut_before {
            text.push('…');
        }
        let mut new_span = 0..0;
        for (i, c) in src[from..to].char_indices() {
            if from + i == start {
                new_span.start = text.len();
            }
            if from + i == end {
                new_span.end = text.len();
            }
            if c == '\r' && src[from + i + 1..].starts_with('\n') {
                continue;
            }
            push_escaped(&mut text, c);
        }
        if start == to {
            new_span.start = text.len();
        }
        if end == to {
            new_span.end = text.len();
        }
        if to < src.len() && !src[to..].starts_with('\n') {
            text.push('…');
        }
        let newlines = src[from..start].bytes().filter(|b| *b == b'\n').count();
        Excerpt {
            text,
            span: new_span,
            first_line: line - newlines,
        }
    }
}

impl miette::SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let inner = self.text.read_span(span, before, after)?;
        Ok(Box::new(miette::MietteSpanContents::new(
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line - 1,
            inner.column(),
            inner.line_count(),
        )))
    }
}

/// Adapter from our diagnostic to miette's, for rendering only.
struct Shown<'a> {
    d: &'a Diagnostic,
    lang: Lang,
    name: &'a str,
    excerpt: Option<&'a Excerpt>,
    position: (usize, usize),
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.d.message.get(self.lang))
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match (self.d.severity(), self.lang) {
            (Severity::Error, Lang::Ko) => "오류",
            (Severity::Warning, Lang::Ko) => "경고",
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::En) => "warning",
        };
        let (line, col) = self.position;
        // file:line:col first, as compilers print it, so editors can jump there.
        write!(
            f,
            "{}:{line}:{col}: {kind}[{}]: {}",
            self.name,
            self.d.code,
            escape_controls(self.d.message.get(self.lang))
        )
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        None
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity() {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.d
            .hint
            .as_ref()
            .map(|h| Box::new(escape_controls(h.get(self.lang))) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.excerpt.map(|e| e as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let span = self.excerpt?.span.clone();
        let len = span.end.saturating_sub(span.start);
        let label = miette::LabeledSpan::new(
            self.d
                .label
                .as_ref()
                .map(|l| escape_controls(l.get(self.lang))),
            span.start,
            len,
        );
        Some(Box::new(std::iter::once(label)))
    }
}

/// "did you mean …?" for a misspelt name, when one is close enough.
pub fn did_you_mean<'a>(
    found: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        let score = strsim::jaro_winkler(found, candidate);
        // Equal scores go to the first in sorted order, whatever order the candidates came in.
        if score > 0.8 && best.is_none_or(|(s, c)| score > s || (score == s && candidate < c)) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(source: &str, at: &str) -> String {
        let start = source.find(at).unwrap();
        let d = Diagnostic::new(Code::UnknownReference, crate::i18n::Msg::same("x"))
            .at(start..start + at.len());
        FileReport::new(Path::new("f.ron"), source.to_owned(), vec![d])
            .render(false, crate::i18n::Lang::En)
    }

    #[test]
    fn excerpts_show_the_lines_around_a_problem_with_their_numbers() {
        let out = shown("first\nsecond target\nthird", "target");
        for line in ["1 │ first", "2 │ second target", "3 │ third"] {
            assert!(out.contains(line), "{line} in\n{out}");
        }
        // Further away lines are not shown.
        let out = shown("zero\nfirst\nsecond target\nthird\nfourth", "target");
        assert!(!out.contains("zero") && !out.contains("fourth"), "{out}");
        assert!(
            out.contains("2 │ first") && out.contains("4 │ third"),
            "{out}"
        );
    }

    #[test]
    fn a_long_line_is_shown_around_the_problem_only() {
        let source = format!("{}target{}", "a".repeat(100_000), "b".repeat(100_000));
        let out = shown(&source, "target");
        assert!(
            out.contains("1 │ …a") && out.contains("target") && out.contains("b…"),
            "{out}"
        );
        assert!(out.len() < 2 * (REACH + LINE), "{} bytes", out.len());
    }

    #[test]
    fn every_problem_is_listed_with_its_lines_and_the_marked_text() {
        let source = "first\nsecond “target”\nthird\nfourth".to_owned();
        let at = source.find("“target”").unwrap();
        let many: Vec<Diagnostic> = (0..30)
            .map(|_| {
                Diagnostic::new(Code::UnknownReference, crate::tr!("한국어", "English"))
                    .hint(crate::tr!("힌트", "hint"))
                    .at(at..at + "“target”".len())
            })
            .chain([Diagnostic::new(
                Code::UnknownReference,
                crate::i18n::Msg::same("whole file"),
            )])
            .collect();
        let report = FileReport::new(Path::new("f.ron"), source, many);
        let problems = report.problems(Lang::Ko);
        // Unlike the terminal's text (20 per code), a screen lists every one.
        assert_eq!(problems.len(), 31);
        let p = &problems[0];
        assert_eq!((p.message, p.hint), ("한국어", Some("힌트")));
        assert_eq!((p.line, p.column), (2, 8));
        let lines = p.excerpt.as_ref().unwrap();
        assert_eq!(lines.first_line, 1);
        assert_eq!(&lines.text[lines.span.clone()], "“target”");
        assert_eq!(lines.text.lines().count(), 3, "{}", lines.text);
        assert!(problems[30].excerpt.is_none());
    }
}
