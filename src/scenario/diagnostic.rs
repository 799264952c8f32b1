//! Diagnostics for scenario authors: what is wrong, where, and how to fix it.
//!
//! Every problem has a stable code (documented in `docs/diagnostics.md`), a severity, a
//! one-sentence message, an optional hint, and a span in the file. The same type serves the
//! CLI (rendered like a compiler error, or as JSON) and the app (shown on screen).

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::locate::line_col;

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
    pub message: String,
    pub hint: Option<String>,
    /// Byte span in the source; empty span = a point.
    pub span: Option<Range<usize>>,
    /// What the underline says (short); defaults to nothing.
    pub label: Option<String>,
}

impl Diagnostic {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            message: message.into(),
            hint: None,
            span: None,
            label: None,
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
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

/// A diagnostic located in its file, as `--format json` writes it.
#[derive(Debug, Serialize)]
pub struct Located<'a> {
    pub code: &'static str,
    pub severity: Severity,
    pub message: &'a str,
    pub hint: Option<&'a str>,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
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
    pub fn first_problem(&self) -> Option<String> {
        let first = self.diagnostics.first()?;
        let name = self
            .path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let (line, col) = self.position(first);
        Some(format!("{name}:{line}:{col}  {}", first.message))
    }

    /// 1-based (line, column) of a diagnostic's start; (1, 1) when it has no span.
    pub fn position(&self, d: &Diagnostic) -> (usize, usize) {
        d.span
            .as_ref()
            .map_or((1, 1), |s| line_col(&self.source, s.start))
    }

    pub fn located(&self) -> Vec<Located<'_>> {
        self.diagnostics
            .iter()
            .map(|d| {
                let (line, column) = self.position(d);
                let (end_line, end_column) = d
                    .span
                    .as_ref()
                    .map_or((line, column), |s| line_col(&self.source, s.end));
                Located {
                    code: d.code.as_str(),
                    severity: d.severity(),
                    message: &d.message,
                    hint: d.hint.as_deref(),
                    line,
                    column,
                    end_line,
                    end_column,
                }
            })
            .collect()
    }

    /// Compiler-style text: file:line:col, the line, the span underlined, message and hint.
    pub fn render(&self, color: bool) -> String {
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
        let name = self.path.display().to_string();
        let mut out = String::new();
        for d in &self.diagnostics {
            let shown = Shown {
                d,
                name: &name,
                source: &self.source,
                position: self.position(d),
            };
            if handler.render_report(&mut out, &shown).is_err() {
                out.push_str(&format!("{}: {}\n", d.code, d.message));
            }
        }
        out
    }
}

/// Adapter from our diagnostic to miette's, for rendering only.
struct Shown<'a> {
    d: &'a Diagnostic,
    name: &'a str,
    source: &'a String,
    position: (usize, usize),
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.d.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let (line, col) = self.position;
        // file:line:col first, as compilers print it, so editors can jump there.
        write!(
            f,
            "{}:{line}:{col}: {kind}[{}]: {}",
            self.name, self.d.code, self.d.message
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
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.d
            .span
            .as_ref()
            .map(|_| self.source as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let span = self.d.span.clone()?;
        let len = span.end.saturating_sub(span.start);
        let label = miette::LabeledSpan::new(self.d.label.clone(), span.start, len);
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
        if score > 0.8 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c)
}
