//! From raw RON to the typed model: resolve every id, parse every formula, and check what an
//! instructor can get wrong. Collects all problems of a file instead of stopping at the first.
//!
//! Problems are recorded against value paths (`game.scenes[2].choices[0].next`); the caller
//! turns paths into spans with `SpanIndex`.

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::{Component, Path, PathBuf};

use super::Folder;
use super::diagnostic::{Code, Diagnostic, did_you_mean};
use super::formula::{Formula, FormulaError};
use super::limits;
use super::locate::SpanIndex;
use super::model::*;
use super::raw::*;

mod role_play;
mod team_game;

/// What validation needs from outside the file.
pub struct Context<'a> {
    /// Where images are looked up.
    pub folder: Folder<'a>,
    /// Also give advice on teaching (`check --pedantic`, see `Code::is_pedantic`). Off, the
    /// advice is not even looked for, so a clean file costs nothing more.
    pub pedantic: bool,
    /// Terms from the shared glossary file, already loaded.
    pub shared_glossary: Vec<Concept>,
    /// The glossary's terms are unknown: its file could not be used (already reported) or
    /// not be read (a detached check). Concept ids are then not reported one by one.
    pub glossary_failed: bool,
}

pub const GRADES: &[&str] = &[
    "초1", "초2", "초3", "초4", "초5", "초6", "중1", "중2", "중3", "고1", "고2", "고3",
];

/// A value path, computed only when a problem is reported: a clean file checks without
/// formatting a path for every value.
trait At {
    fn path(&self) -> String;
}

impl At for &str {
    fn path(&self) -> String {
        (*self).to_owned()
    }
}

impl At for &String {
    fn path(&self) -> String {
        (*self).clone()
    }
}

impl<F: Fn() -> String> At for F {
    fn path(&self) -> String {
        self()
    }
}

struct Checker<'a> {
    ctx: &'a Context<'a>,
    /// Problems with where they are; located once at the end, and only if there are any,
    /// so a clean file never pays for the span index.
    pending: Vec<(Place, Diagnostic)>,
    english: bool,
    /// Name comparisons left for "did you mean": a file with thousands of unknown names
    /// gets suggestions for the first ones and stays linear in time.
    comparisons_left: usize,
}

/// Name comparisons one file may spend on "did you mean" suggestions.
const SUGGESTION_BUDGET: usize = 200_000;

/// Where a problem is, as a value path.
enum Place {
    /// The value at the path (or its nearest written ancestor).
    Value(String),
    /// The field name at the path (`next` in `next: "x"`).
    Name(String),
    /// A word inside the value at the path (a name in a formula).
    Word(String, String),
}

impl Checker<'_> {
    /// "Did you mean" among `candidates` (`count` of them), while the budget lasts.
    fn suggest<'m>(
        &mut self,
        found: &str,
        count: usize,
        candidates: impl IntoIterator<Item = &'m str>,
    ) -> Option<&'m str> {
        self.comparisons_left = self.comparisons_left.checked_sub(count)?;
        did_you_mean(found, candidates)
    }

    fn report(&mut self, path: &str, d: Diagnostic) {
        self.pending.push((Place::Value(path.to_owned()), d));
    }

    /// Whether advice shown only with `--pedantic` is wanted.
    fn pedantic(&self) -> bool {
        self.ctx.pedantic
    }

    /// Reports at `word` inside the value at `path` (a name inside a formula), or at the
    /// whole value when the word is not found verbatim.
    fn report_within(&mut self, path: &str, word: &str, d: Diagnostic) {
        self.pending
            .push((Place::Word(path.to_owned(), word.to_owned()), d));
    }

    /// Reports at the field's name, for "this field should not be here".
    fn report_name(&mut self, path: &str, d: Diagnostic) {
        self.pending.push((Place::Name(path.to_owned()), d));
    }

    fn has_errors(&self) -> bool {
        self.pending.iter().any(|(_, d)| d.is_error())
    }

    /// Turns paths into spans.
    fn located(self, source: &str) -> Vec<Diagnostic> {
        if self.pending.is_empty() {
            return Vec::new();
        }
        let index = SpanIndex::build(source);
        self.pending
            .into_iter()
            .map(|(place, d)| {
                let span = match &place {
                    Place::Value(path) => index.find(path),
                    Place::Name(path) => index
                        .exact(&format!("{path}@name"))
                        .or_else(|| index.find(path)),
                    Place::Word(path, word) => {
                        index.find(path).map(|span| word_in(source, span, word))
                    }
                };
                match span {
                    Some(span) => d.at(span),
                    None => d,
                }
            })
            .collect()
    }

    fn id(&mut self, path: impl At, id: &str) {
        if id.is_empty()
            || id.chars().count() > limits::ID_LEN
            || !id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        {
            self.report(
                &path.path(),
                Diagnostic::new(Code::BadId, format!("'{id}' is not a usable id"))
                    .label("use a-z, 0-9, '-' and '_'")
                    .hint(format!(
                        "ids are short English names like \"{}\"; the title is where Korean goes",
                        suggest_id(id)
                    )),
            );
        }
    }

    /// An id that formulas read: no '-' (it would be subtraction).
    fn formula_id(&mut self, path: impl At, id: &str) {
        let plain = id
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !plain {
            self.report(
                &path.path(),
                Diagnostic::new(
                    Code::FormulaId,
                    format!("'{id}' cannot be used in formulas"),
                )
                .label("formulas read this name")
                .hint(format!(
                    "use letters, digits and '_' only, starting with a letter: \"{}\"",
                    suggest_id(id).replace('-', "_")
                )),
            );
        }
    }

    fn text(&mut self, path: impl At, text: &RawText) -> Text {
        let ko = text.ko.clone().unwrap_or_default();
        if text.ko.is_none() {
            self.report(
                &path.path(),
                Diagnostic::new(Code::MissingTranslation, "this text has no Korean")
                    .label("add ko: \"…\"")
                    .hint("every text needs Korean: (ko: \"…\", en: \"…\")"),
            );
        } else if ko.trim().is_empty() {
            self.report(
                &format!("{}.ko", path.path()),
                Diagnostic::new(Code::EmptyText, "this text is empty")
                    .hint("write the text, or remove the entry"),
            );
        }
        if self.english && text.en.is_none() {
            self.report(
                &path.path(),
                Diagnostic::new(
                    Code::MissingTranslation,
                    "this text has no English, but the scenario declares \"en\"",
                )
                .label("add en: \"…\"")
                .hint("write (ko: \"…\", en: \"…\"), or remove \"en\" from `languages`"),
            );
        }
        for (lang, value) in [("ko", &text.ko), ("en", &text.en)] {
            if let Some(v) = value
                && v.chars().count() > limits::TEXT_LEN
            {
                self.report(
                    &format!("{}.{lang}", path.path()),
                    Diagnostic::new(
                        Code::Limit,
                        format!(
                            "this text is {} characters long; the most is {}",
                            v.chars().count(),
                            limits::TEXT_LEN
                        ),
                    )
                    .hint("split it across scenes: students read short texts from far away"),
                );
            }
        }
        Text {
            ko,
            en: text.en.clone(),
        }
    }

    fn count(&mut self, path: impl At, what: &str, n: usize, max: usize) {
        if n > max {
            self.report(
                &path.path(),
                Diagnostic::new(
                    Code::Limit,
                    format!("{n} {what}; a scenario may have at most {max}"),
                )
                .hint("split the scenario into several files"),
            );
        }
    }

    /// Image paths stay inside the scenario's folder and exist.
    fn image(&mut self, path: impl At, value: &Option<String>) -> Option<PathBuf> {
        let value = value.as_ref()?;
        let rel = Path::new(value);
        let escapes = rel.is_absolute()
            || value.starts_with('/')
            || value.starts_with('\\')
            || value.contains(':')
            || {
                let mut depth = 0i32;
                rel.components().any(|c| {
                    match c {
                        Component::ParentDir => depth -= 1,
                        Component::Normal(_) => depth += 1,
                        _ => {}
                    }
                    depth < 0
                })
            };
        if escapes {
            self.report(&path.path(),
                Diagnostic::new(Code::ImagePath, format!("the image path \"{value}\" leaves the scenario's folder"))
                    .label("not allowed")
                    .hint("put the image in the scenario's folder (or a folder inside it) and write a relative path like \"images/cafe.png\""),
            );
            return None;
        }
        if self.ctx.folder.resolves_inside(rel) == Some(false) {
            self.report(
                &path.path(),
                Diagnostic::new(
                    Code::ImagePath,
                    format!(
                        "the image \"{value}\" is a link that leads outside the scenario's folder"
                    ),
                )
                .label("leads outside")
                .hint(
                    "copy the picture itself into the scenario's folder instead of linking to it",
                ),
            );
            return None;
        }
        let full = self.ctx.folder.path_of(rel);
        if !self.ctx.folder.has_file(rel)? {
            self.report(
                &path.path(),
                Diagnostic::new(
                    Code::ImageMissing,
                    format!("there is no image file \"{value}\""),
                )
                .label("not found")
                .hint(match self.ctx.folder {
                    Folder::Disk(dir) if !dir.as_os_str().is_empty() => format!(
                        "paths are relative to the scenario file's folder ({})",
                        dir.display()
                    ),
                    _ => "paths are relative to the scenario file's folder".to_owned(),
                }),
            );
            return None;
        }
        Some(full)
    }
}

/// Builds a lookup from id to index, reporting duplicates.
/// Ids already given out, with what has them (kind, 1-based position; 0 for built-ins).
/// Names a formula can read, by where the formula is (a team game's formulas, a role-play's
/// chances), and the one way a formula is parsed and its problems reported.
#[derive(Default)]
struct Scope {
    pub(super) names: Vec<String>,
}

impl Scope {
    pub(super) fn with(&self, more: impl IntoIterator<Item = String>) -> Scope {
        let mut names = self.names.clone();
        names.extend(more);
        Scope { names }
    }

    pub(super) fn formula(&self, c: &mut Checker, source: &str, path: &str) -> Option<Formula> {
        let names = &self.names;
        let known = |n: &str| names.iter().any(|k| k == n);
        let candidates = || names.iter().map(String::as_str).collect::<Vec<_>>();
        match Formula::parse(source, &known, &candidates) {
            Ok(f) => Some(f),
            Err(errors) => {
                for e in errors {
                    let word = match &e {
                        FormulaError::UnknownName { name, .. } => Some(name.clone()),
                        FormulaError::UnknownFunction(f) | FormulaError::Assignment(f) => {
                            Some(f.clone())
                        }
                        _ => None,
                    };
                    let d = match e {
                        FormulaError::Syntax(msg) => Diagnostic::new(Code::FormulaSyntax, format!("the formula \"{source}\" cannot be read: {msg}"))
                            .label("bad formula")
                            .hint("formulas use + - * / ( ) and names, like \"tokens - give + fund / teams\""),
                        FormulaError::TooLong => Diagnostic::new(Code::Limit, "this formula is too long")
                            .hint(format!("keep formulas under {} characters; use `shared` values for parts", crate::scenario::formula::MAX_LEN)),
                        FormulaError::UnknownName { name, suggestion } => {
                            let d = Diagnostic::new(Code::FormulaName, format!("the formula uses '{name}', which is not defined here"))
                                .label(format!("unknown name '{name}'"));
                            match suggestion {
                                Some(s) => d.hint(format!("did you mean '{s}'?")),
                                None => {
                                    let mut shown: Vec<&str> = names.iter().map(String::as_str).collect();
                                    shown.truncate(12);
                                    d.hint(format!("names usable here: {}", shown.join(", ")))
                                }
                            }
                        }
                        FormulaError::UnknownFunction(f) => Diagnostic::new(Code::FormulaName, format!("the formula calls '{f}', which formulas may not use"))
                            .label("not allowed")
                            .hint(format!("allowed functions: {}", crate::scenario::formula::FUNCTIONS.join(", "))),
                        FormulaError::Assignment(n) => Diagnostic::new(Code::FormulaSyntax, format!("the formula assigns to '{n}'; formulas only compute a value"))
                            .hint("write `==` to compare; use `update` to change a stat"),
                    };
                    match word {
                        Some(w) => c.report_within(path, &w, d),
                        None => c.report(path, d),
                    }
                }
                None
            }
        }
    }
}

type Taken<'r> = HashMap<&'r str, (&'static str, usize)>;

fn ids<'r, T>(
    checker: &mut Checker,
    items: &'r [T],
    id_of: impl Fn(&'r T) -> &'r str,
    path_of: impl Fn(usize) -> String,
    what: &'static str,
    taken: &mut Taken<'r>,
) -> HashMap<&'r str, usize> {
    let mut map = HashMap::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let id = id_of(item);
        checker.id(|| path_of(i), id);
        if let Some(&(kind, n)) = taken.get(id) {
            let first = if n == 0 {
                kind.to_owned()
            } else {
                format!("{kind} {n}")
            };
            checker.report(
                &path_of(i),
                Diagnostic::new(
                    Code::DuplicateId,
                    format!("the id '{id}' is already used by {first}"),
                )
                .label("used twice")
                .hint("give each one its own id"),
            );
        } else {
            taken.insert(id, (what, i + 1));
            map.insert(id, i);
        }
    }
    map
}

fn suggest_id(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| c.to_ascii_lowercase())
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    out = out.trim_matches('-').to_owned();
    if out.is_empty() || out.chars().all(|c| c == '-') {
        "my-scene".to_owned()
    } else {
        out
    }
}

/// Looks `id` up in `map`, reporting an unknown reference with a suggestion.
fn resolve(
    checker: &mut Checker,
    map: &HashMap<&str, usize>,
    id: &str,
    path: impl At,
    what: &str,
) -> Option<usize> {
    if let Some(&i) = map.get(id) {
        return Some(i);
    }
    let mut d = Diagnostic::new(
        Code::UnknownReference,
        format!("there is no {what} with the id '{id}'"),
    )
    .label(format!("unknown {what}"));
    d = match checker.suggest(id, map.len(), map.keys().copied()) {
        Some(s) => d.hint(format!("did you mean '{s}'?")),
        None => {
            let mut known: Vec<&str> = map.keys().copied().collect();
            known.sort_unstable();
            known.truncate(8);
            if known.is_empty() {
                d.hint(format!("declare the {what} first"))
            } else {
                d.hint(format!("known {what} ids: {}", known.join(", ")))
            }
        }
    };
    checker.report(&path.path(), d);
    None
}

/// The span of `word` as a whole word inside `span`, else the whole span.
fn word_in(source: &str, span: std::ops::Range<usize>, word: &str) -> std::ops::Range<usize> {
    let Some(value) = source.get(span.clone()) else {
        return span;
    };
    let is_ident = |c: char| c.is_alphanumeric() || c == '_' || c == ':';
    let found = value.match_indices(word).find(|(i, _)| {
        !value[..*i].chars().next_back().is_some_and(is_ident)
            && !value[i + word.len()..].chars().next().is_some_and(is_ident)
    });
    match found {
        Some((i, _)) => span.start + i..span.start + i + word.len(),
        None => span,
    }
}

/// Validates a parsed scenario; `source` is its text, for locating problems.
pub fn validate(
    raw: &RawScenario,
    ctx: &Context,
    source: &str,
) -> (Option<Scenario>, Vec<Diagnostic>) {
    let english = raw
        .languages
        .as_ref()
        .is_some_and(|l| l.iter().any(|x| x == "en"));
    let mut c = Checker {
        ctx,
        pending: Vec::new(),
        english,
        comparisons_left: SUGGESTION_BUDGET,
    };
    c.id("id", &raw.id);
    if let Some(v) = raw.format
        && v > limits::FORMAT_VERSION
    {
        c.report(
            "format",
            Diagnostic::new(
                Code::FormatVersion,
                format!(
                    "format {v} is newer than this Kkumgil understands (format {})",
                    limits::FORMAT_VERSION
                ),
            )
            .hint("update Kkumgil, or write `format: 1`"),
        );
    }
    let mut languages = vec![Lang::Ko];
    for (i, l) in raw.languages.iter().flatten().enumerate() {
        match l.as_str() {
            "ko" => {}
            "en" => languages.push(Lang::En),
            other => c.report(
                &format!("languages[{i}]"),
                Diagnostic::new(
                    Code::UnknownLanguage,
                    format!("\"{other}\" is not a language Kkumgil supports"),
                )
                .hint("write [\"ko\"] or [\"ko\", \"en\"]"),
            ),
        }
    }
    let title = c.text("title", &raw.title);
    let summary = raw.summary.as_ref().map(|s| c.text("summary", s));
    for (i, g) in raw.grades.iter().enumerate() {
        if !GRADES.contains(&g.as_str()) {
            let squeezed: String = g.chars().filter(|c| !c.is_whitespace()).collect();
            let close = if GRADES.contains(&squeezed.as_str()) {
                Some(squeezed.as_str())
            } else {
                did_you_mean(g, GRADES.iter().copied())
            };
            let hint = match close {
                Some(s) => format!("did you mean \"{s}\"?"),
                None => {
                    "write grades as \"중1\", \"중2\", \"중3\" (초1..초6, 고1..고3 too)".to_owned()
                }
            };
            c.report(
                &format!("grades[{i}]"),
                Diagnostic::new(Code::UnknownGrade, format!("\"{g}\" is not a school grade"))
                    .hint(hint),
            );
        }
    }
    if raw.minutes == 0 || raw.minutes > limits::MAX_MINUTES {
        c.report(
            "minutes",
            Diagnostic::new(
                Code::Minutes,
                format!("{} minutes does not fit in one or two lessons", raw.minutes),
            )
            .hint(format!(
                "a middle-school period is 45 minutes; use 1..{}",
                limits::MAX_MINUTES
            )),
        );
    }
    let objectives = raw
        .objectives
        .iter()
        .enumerate()
        .map(|(i, t)| c.text(|| format!("objectives[{i}]"), t))
        .collect();
    let cover = c.image("cover", &raw.cover);
    let notes = raw.notes.as_ref().map(|t| c.text("notes", t));

    // Glossary: shared terms, then this file's own (which may not repeat a shared id).
    let mut glossary = ctx.shared_glossary.clone();
    let mut glossary_ids: HashMap<String, usize> = glossary
        .iter()
        .enumerate()
        .map(|(i, g)| (g.id.clone(), i))
        .collect();
    for (i, g) in raw.glossary.iter().enumerate() {
        let path = format!("glossary[{i}]");
        c.id(|| format!("{path}.id"), &g.id);
        if glossary_ids.contains_key(&g.id) {
            c.report(
                &format!("{path}.id"),
                Diagnostic::new(
                    Code::DuplicateId,
                    format!("the term '{}' is already in the glossary", g.id),
                )
                .hint("use the existing term, or give this one another id"),
            );
            continue;
        }
        let term = c.text(|| format!("{path}.term"), &g.term);
        let definition = c.text(|| format!("{path}.definition"), &g.definition);
        glossary_ids.insert(g.id.clone(), glossary.len());
        glossary.push(Concept {
            id: g.id.clone(),
            term,
            definition,
        });
    }
    let concept_map: HashMap<&str, usize> =
        glossary_ids.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    let mut used_concepts = HashSet::new();
    let mut concept_refs = |c: &mut Checker, list: &[String], path: &str| -> Vec<usize> {
        list.iter()
            .enumerate()
            .filter_map(|(i, id)| {
                let at = format!("{path}[{i}]");
                let found = if let Some(&k) = concept_map.get(id.as_str()) {
                    Some(k)
                } else if c.ctx.glossary_failed {
                    // Already reported: the glossary these ids live in could not be read.
                    None
                } else if let Some(term) = glossary
                    .iter()
                    .find(|g| g.term.ko == *id || g.term.en.as_deref() == Some(id))
                {
                    c.report(
                        &at,
                        Diagnostic::new(
                            Code::UnknownReference,
                            format!("'{id}' is a term; concepts are listed by id"),
                        )
                        .label("use the id")
                        .hint(format!("write \"{}\"", term.id)),
                    );
                    None
                } else {
                    resolve(c, &concept_map, id, &at, "concept")
                };
                if let Some(i) = found {
                    used_concepts.insert(i);
                }
                found
            })
            .collect()
    };
    let concepts = concept_refs(&mut c, &raw.concepts, "concepts");

    let game = match &raw.game {
        RawGame::RolePlay(rp) => {
            role_play::role_play(&mut c, rp, &mut concept_refs).map(Game::RolePlay)
        }
        RawGame::TeamGame(tg) => {
            team_game::team_game(&mut c, tg, &mut concept_refs).map(|t| Game::TeamGame(Box::new(t)))
        }
    };

    for (i, g) in raw.glossary.iter().enumerate() {
        if let Some(&at) = glossary_ids.get(&g.id)
            && !used_concepts.contains(&at)
            && at >= ctx.shared_glossary.len()
        {
            c.report(
                &format!("glossary[{i}].id"),
                Diagnostic::new(Code::UnusedConcept, format!("the term '{}' is defined but nothing uses it", g.id))
                    .hint("list it in `concepts` (of the scenario, an ending, a card or a quiz), or remove it"),
            );
        }
    }

    let failed = c.has_errors();
    let scenario = match game {
        Some(game) if !failed => Some(Scenario {
            id: raw.id.clone(),
            languages,
            title,
            summary,
            grades: raw.grades.clone(),
            minutes: raw.minutes,
            objectives,
            concepts,
            glossary,
            credits: raw.credits.clone(),
            sources: raw.sources.clone(),
            cover,
            notes,
            game,
        }),
        _ => None,
    };
    (scenario, c.located(source))
}

type ConceptRefs<'f> = dyn FnMut(&mut Checker, &[String], &str) -> Vec<usize> + 'f;
