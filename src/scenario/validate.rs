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

/// What validation needs from outside the file.
pub struct Context<'a> {
    /// Where images are looked up.
    pub folder: Folder<'a>,
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
}

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
    fn report(&mut self, path: &str, d: Diagnostic) {
        self.pending.push((Place::Value(path.to_owned()), d));
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
    d = match did_you_mean(id, map.keys().copied()) {
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
        RawGame::RolePlay(rp) => role_play(&mut c, rp, &mut concept_refs).map(Game::RolePlay),
        RawGame::TeamGame(tg) => {
            team_game(&mut c, tg, &mut concept_refs).map(|t| Game::TeamGame(Box::new(t)))
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

fn role_play(
    c: &mut Checker,
    rp: &RawRolePlay,
    concept_refs: &mut ConceptRefs,
) -> Option<RolePlay> {
    let base = "game";
    c.count(
        || format!("{base}.scenes"),
        "scenes",
        rp.scenes.len(),
        limits::SCENES,
    );
    c.count(
        || format!("{base}.endings"),
        "endings",
        rp.endings.len(),
        limits::ENDINGS,
    );
    c.count(
        || format!("{base}.meters"),
        "meters",
        rp.meters.len(),
        limits::METERS,
    );
    c.count(
        || format!("{base}.flags"),
        "flags",
        rp.flags.len(),
        limits::FLAGS,
    );
    c.count(
        || format!("{base}.roles"),
        "roles",
        rp.roles.len(),
        limits::ROLES,
    );
    if rp.scenes.len() > limits::SCENES
        || rp.endings.len() > limits::ENDINGS
        || rp.meters.len() > limits::METERS
        || rp.flags.len() > limits::FLAGS
        || rp.roles.len() > limits::ROLES
    {
        return None;
    }
    if rp.endings.is_empty() {
        c.report(
            &format!("{base}.endings"),
            Diagnostic::new(Code::NoEnding, "a role-play needs at least one ending")
                .hint("add an ending: (id: \"…\", title: \"…\", text: \"…\")"),
        );
    }
    if rp.scenes.is_empty() {
        c.report(
            &format!("{base}.scenes"),
            Diagnostic::new(Code::DeadEnd, "a role-play needs at least one scene")
                .hint("add a scene to start from"),
        );
        return None;
    }

    // One namespace for scenes and endings: `next` may name either.
    let mut taken = HashMap::new();
    let scene_map = ids(
        c,
        &rp.scenes,
        |s| &s.id,
        |i| format!("{base}.scenes[{i}].id"),
        "scene",
        &mut taken,
    );
    let ending_map = ids(
        c,
        &rp.endings,
        |e| &e.id,
        |i| format!("{base}.endings[{i}].id"),
        "ending",
        &mut taken,
    );
    let mut other = HashMap::new();
    let role_map = ids(
        c,
        &rp.roles,
        |r| &r.id,
        |i| format!("{base}.roles[{i}].id"),
        "role",
        &mut other,
    );
    let mut other = HashMap::new();
    let meter_map = ids(
        c,
        &rp.meters,
        |m| &m.id,
        |i| format!("{base}.meters[{i}].id"),
        "meter",
        &mut other,
    );
    let mut other = HashMap::new();
    let flag_map = ids(
        c,
        &rp.flags,
        |f| f.as_str(),
        |i| format!("{base}.flags[{i}]"),
        "flag",
        &mut other,
    );
    let target_map: HashMap<&str, Target> = scene_map
        .iter()
        .map(|(k, &v)| (*k, Target::Scene(v)))
        .chain(ending_map.iter().map(|(k, &v)| (*k, Target::Ending(v))))
        .collect();

    let resolve_target = |c: &mut Checker, id: &str, path: &str| -> Option<Target> {
        if let Some(t) = target_map.get(id) {
            return Some(*t);
        }
        let d = Diagnostic::new(
            Code::UnknownReference,
            format!("there is no scene or ending with the id '{id}'"),
        )
        .label("unknown scene");
        let d = match did_you_mean(id, target_map.keys().copied()) {
            Some(s) => d.hint(format!("did you mean '{s}'?")),
            None => d.hint("`next` names a scene or an ending of this scenario"),
        };
        c.report(path, d);
        None
    };

    let roles: Vec<Role> = rp
        .roles
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let p = || format!("{base}.roles[{i}]");
            Role {
                id: r.id.clone(),
                name: c.text(|| format!("{}.name", p()), &r.name),
                description: r
                    .description
                    .as_ref()
                    .map(|t| c.text(|| format!("{}.description", p()), t)),
                portrait: c.image(|| format!("{}.portrait", p()), &r.portrait),
            }
        })
        .collect();

    let mut meters = Vec::new();
    for (i, m) in rp.meters.iter().enumerate() {
        let p = || format!("{base}.meters[{i}]");
        let min = m.min.unwrap_or(0);
        let max = m.max.unwrap_or(100);
        if min > max {
            c.report(
                &format!("{}.min", p()),
                Diagnostic::new(
                    Code::MeterBounds,
                    format!("meter '{}' has min {min} above max {max}", m.id),
                )
                .hint("swap them, or fix the typo"),
            );
        } else if m.start < min || m.start > max {
            c.report(
                &format!("{}.start", p()),
                Diagnostic::new(
                    Code::MeterBounds,
                    format!(
                        "meter '{}' starts at {}, outside {min}..{max}",
                        m.id, m.start
                    ),
                )
                .label("out of bounds")
                .hint(format!("choose a start between {min} and {max}")),
            );
        }
        let limit = |c: &mut Checker, l: &Option<RawLimit>, field: &str| match l {
            None | Some(RawLimit::Stay) => Limit::Stay,
            Some(RawLimit::End(id)) => {
                resolve(c, &ending_map, id, || format!("{}.{field}", p()), "ending")
                    .map_or(Limit::Stay, Limit::End)
            }
        };
        let at_min = limit(c, &m.at_min, "at_min");
        let at_max = limit(c, &m.at_max, "at_max");
        meters.push(Meter {
            id: m.id.clone(),
            name: c.text(|| format!("{}.name", p()), &m.name),
            start: m.start,
            min,
            max,
            at_min,
            at_max,
            icon: c.image(|| format!("{}.icon", p()), &m.icon),
        });
    }
    let flags_set: HashSet<&str> = rp
        .scenes
        .iter()
        .flat_map(|s| &s.choices)
        .flat_map(|ch| {
            ch.effects
                .iter()
                .chain(ch.outcomes.iter().flat_map(|o| &o.effects))
        })
        .filter_map(|e| match e {
            RawEffect::SetFlag(f) => Some(f.as_str()),
            _ => None,
        })
        .collect();

    let effects = |c: &mut Checker, list: &[RawEffect], path: &dyn Fn() -> String| -> Vec<Effect> {
        let mut out = Vec::new();
        for (k, e) in list.iter().enumerate() {
            let p = || format!("{}[{k}]", path());
            let effect = match e {
                RawEffect::Change(m, by) => {
                    resolve(c, &meter_map, m, || format!("{}[0]", p()), "meter")
                        .map(|meter| Effect::Change { meter, by: *by })
                }
                RawEffect::SetFlag(f) => resolve(c, &flag_map, f, || format!("{}[0]", p()), "flag")
                    .map(|flag| Effect::Flag { flag, set: true }),
                RawEffect::ClearFlag(f) => {
                    resolve(c, &flag_map, f, || format!("{}[0]", p()), "flag")
                        .map(|flag| Effect::Flag { flag, set: false })
                }
                RawEffect::Score(n) => Some(Effect::Score(*n)),
            };
            out.extend(effect);
        }
        out
    };

    let mut scenes = Vec::new();
    for (i, s) in rp.scenes.iter().enumerate() {
        let p = || format!("{base}.scenes[{i}]");
        let speaker = s
            .speaker
            .as_ref()
            .and_then(|r| resolve(c, &role_map, r, || format!("{}.speaker", p()), "role"));
        let text = c.text(|| format!("{}.text", p()), &s.text);
        let image = c.image(|| format!("{}.image", p()), &s.image);
        if s.choices.is_empty() {
            c.report(
                &format!("{}.choices", p()),
                Diagnostic::new(
                    Code::DeadEnd,
                    format!(
                        "scene '{}' has no choices, so the game would stop here",
                        s.id
                    ),
                )
                .hint("add a choice with `next`, or make this an ending in `endings`"),
            );
        }
        if s.choices.len() > limits::CHOICES {
            c.report(
                &format!("{}.choices", p()),
                Diagnostic::new(
                    Code::Limit,
                    format!(
                        "scene '{}' has {} choices; a scene may have at most {}",
                        s.id,
                        s.choices.len(),
                        limits::CHOICES
                    ),
                )
                .hint("students pick with keys 1–9: split the choices across two scenes"),
            );
        }
        if !s.choices.is_empty() && s.choices.iter().all(|ch| !ch.requires.is_empty()) {
            c.report(
                &format!("{}.choices", p()),
                Diagnostic::new(Code::MaybeDeadEnd, format!("every choice of scene '{}' has a condition; if none holds, the class is stuck", s.id))
                    .hint("add one choice without `requires`"),
            );
        }
        let mut choice_ids = Taken::new();
        let _ = ids(
            c,
            &s.choices,
            |ch| &ch.id,
            |j| format!("{}.choices[{j}].id", p()),
            "choice",
            &mut choice_ids,
        );
        let mut choices = Vec::new();
        for (j, ch) in s.choices.iter().enumerate() {
            let cp = || format!("{}.choices[{j}]", p());
            let text = c.text(|| format!("{}.text", cp()), &ch.text);
            let feedback = ch
                .feedback
                .as_ref()
                .map(|t| c.text(|| format!("{}.feedback", cp()), t));
            let mut requires = Vec::new();
            for (k, cond) in ch.requires.iter().enumerate() {
                let kp = || format!("{}.requires[{k}]", cp());
                let meter_cond = |c: &mut Checker, m: &str, v: i32, compare: Compare| {
                    let meter = resolve(c, &meter_map, m, || format!("{}[0]", kp()), "meter")?;
                    let (min, max) = rp
                        .meters
                        .get(meter)
                        .map_or((0, 100), |m| (m.min.unwrap_or(0), m.max.unwrap_or(100)));
                    let possible = match compare {
                        Compare::AtLeast => v <= max,
                        Compare::AtMost => v >= min,
                        Compare::Above => v < max,
                        Compare::Below => v > min,
                    };
                    if !possible {
                        c.report(
                            &kp(),
                            Diagnostic::new(Code::NeverHolds, format!("meter '{m}' stays within {min}..{max}, so this condition can never hold"))
                                .label("never true")
                                .hint("change the number, or the meter's min/max"),
                        );
                    }
                    Some(Condition::Meter {
                        meter,
                        compare,
                        value: v,
                    })
                };
                let condition = match cond {
                    RawCondition::AtLeast(m, v) => meter_cond(c, m, *v, Compare::AtLeast),
                    RawCondition::AtMost(m, v) => meter_cond(c, m, *v, Compare::AtMost),
                    RawCondition::Above(m, v) => meter_cond(c, m, *v, Compare::Above),
                    RawCondition::Below(m, v) => meter_cond(c, m, *v, Compare::Below),
                    RawCondition::Flag(f) | RawCondition::NotFlag(f) => {
                        let set = matches!(cond, RawCondition::Flag(_));
                        let flag = resolve(c, &flag_map, f, || format!("{}[0]", kp()), "flag");
                        if set && flag.is_some() && !flags_set.contains(f.as_str()) {
                            c.report(
                                &kp(),
                                Diagnostic::new(Code::NeverHolds, format!("no choice ever sets the flag '{f}', so this condition can never hold"))
                                    .label("never true")
                                    .hint(format!("add SetFlag(\"{f}\") to the effects of the choice that should unlock this")),
                            );
                        }
                        flag.map(|flag| Condition::Flag { flag, set })
                    }
                    RawCondition::Chose(sid, cid) | RawCondition::NotChose(sid, cid) => {
                        let taken = matches!(cond, RawCondition::Chose(..));
                        resolve(c, &scene_map, sid, || format!("{}[0]", kp()), "scene").and_then(
                            |scene| {
                                let in_scene: HashMap<&str, usize> = rp.scenes[scene]
                                    .choices
                                    .iter()
                                    .enumerate()
                                    .map(|(n, ch)| (ch.id.as_str(), n))
                                    .collect();
                                resolve(c, &in_scene, cid, || format!("{}[1]", kp()), "choice").map(
                                    |choice| Condition::Chose {
                                        scene,
                                        choice,
                                        taken,
                                    },
                                )
                            },
                        )
                    }
                };
                requires.extend(condition);
            }
            let own_effects = effects(c, &ch.effects, &|| format!("{}.effects", cp()));
            let next = match (&ch.next, ch.outcomes.is_empty()) {
                (Some(id), true) => resolve_target(c, id, &format!("{}.next", cp())).map(Next::Go),
                (None, false) => {
                    c.count(
                        || format!("{}.outcomes", cp()),
                        "outcomes",
                        ch.outcomes.len(),
                        limits::OUTCOMES,
                    );
                    if ch.outcomes.iter().all(|o| o.weight == 0) {
                        c.report(
                            &format!("{}.outcomes", cp()),
                            Diagnostic::new(
                                Code::ZeroWeights,
                                "every outcome has weight 0, so none can happen",
                            )
                            .hint("give the outcomes weights like 3 and 1 (3 times as likely)"),
                        );
                    }
                    let mut outs = Vec::new();
                    for (k, o) in ch.outcomes.iter().enumerate() {
                        let op = || format!("{}.outcomes[{k}]", cp());
                        let text = o
                            .text
                            .as_ref()
                            .map(|t| c.text(|| format!("{}.text", op()), t));
                        let effects = effects(c, &o.effects, &|| format!("{}.effects", op()));
                        if let Some(next) = resolve_target(c, &o.next, &format!("{}.next", op())) {
                            outs.push(Outcome {
                                weight: o.weight,
                                text,
                                effects,
                                next,
                            });
                        }
                    }
                    Some(Next::Random(outs))
                }
                (Some(_), false) => {
                    c.report_name(
                        &format!("{}.next", cp()),
                        Diagnostic::new(Code::NextAndOutcomes, format!("choice '{}' has both `next` and `outcomes`", ch.id))
                            .hint("use `next` for a fixed next scene, or `outcomes` for a random one, not both"),
                    );
                    None
                }
                (None, true) => {
                    c.report(
                        &cp(),
                        Diagnostic::new(
                            Code::NextAndOutcomes,
                            format!("choice '{}' does not say where it leads", ch.id),
                        )
                        .label("add next: \"…\"")
                        .hint(
                            "add `next: \"scene-id\"` (a scene or an ending), or random `outcomes`",
                        ),
                    );
                    None
                }
            };
            if let Some(next) = next {
                choices.push(Choice {
                    id: ch.id.clone(),
                    text,
                    feedback,
                    requires,
                    effects: own_effects,
                    next,
                });
            }
        }
        scenes.push(Scene {
            id: s.id.clone(),
            speaker,
            text,
            image,
            choices,
        });
    }

    let start = match &rp.start {
        Some(id) => resolve(c, &scene_map, id, || format!("{base}.start"), "scene").unwrap_or(0),
        None => 0,
    };

    let mut endings = Vec::new();
    for (i, e) in rp.endings.iter().enumerate() {
        let p = || format!("{base}.endings[{i}]");
        endings.push(Ending {
            id: e.id.clone(),
            title: c.text(|| format!("{}.title", p()), &e.title),
            text: c.text(|| format!("{}.text", p()), &e.text),
            tone: match e.tone {
                Some(RawTone::Good) => Tone::Good,
                Some(RawTone::Bad) => Tone::Bad,
                Some(RawTone::Mixed) | None => Tone::Mixed,
            },
            concepts: concept_refs(c, &e.concepts, &format!("{}.concepts", p())),
            questions: e
                .questions
                .iter()
                .enumerate()
                .map(|(k, q)| c.text(|| format!("{}.questions[{k}]", p()), q))
                .collect(),
            image: c.image(|| format!("{}.image", p()), &e.image),
        });
    }

    let modes = if rp.modes.is_empty() {
        vec![PlayMode::ClassVote, PlayMode::TeamTurns]
    } else {
        rp.modes
            .iter()
            .map(|m| match m {
                RawPlayMode::ClassVote => PlayMode::ClassVote,
                RawPlayMode::TeamTurns => PlayMode::TeamTurns,
            })
            .collect()
    };

    let mut model = RolePlay {
        modes,
        roles,
        meters,
        flags: rp.flags.clone(),
        start,
        scenes,
        endings,
        choice_index: Default::default(),
    };
    model.choice_index = super::lookup::ChoiceIndex::new(&model);
    // Reachability only makes sense once every reference resolved.
    if !c.has_errors() {
        reachability(c, &model, base);
    }
    Some(model)
}

/// Scenes and endings that no path from the start reaches (conditions ignored: reachable
/// means some sequence of choices leads there).
fn reachability(c: &mut Checker, rp: &RolePlay, base: &str) {
    let mut seen_scene = vec![false; rp.scenes.len()];
    let mut seen_ending = vec![false; rp.endings.len()];
    let mut changed_down = vec![false; rp.meters.len()];
    let mut changed_up = vec![false; rp.meters.len()];
    let mut queue = VecDeque::from([rp.start]);
    seen_scene[rp.start] = true;
    let mut visit = |t: Target, queue: &mut VecDeque<usize>| match t {
        Target::Scene(s) => {
            if !seen_scene[s] {
                seen_scene[s] = true;
                queue.push_back(s);
            }
        }
        Target::Ending(e) => seen_ending[e] = true,
    };
    let mut note = |effects: &[Effect]| {
        for e in effects {
            if let Effect::Change { meter, by } = *e {
                if by < 0 {
                    changed_down[meter] = true;
                } else if by > 0 {
                    changed_up[meter] = true;
                }
            }
        }
    };
    while let Some(s) = queue.pop_front() {
        for ch in &rp.scenes[s].choices {
            note(&ch.effects);
            match &ch.next {
                Next::Go(t) => visit(*t, &mut queue),
                Next::Random(outcomes) => {
                    for o in outcomes.iter().filter(|o| o.weight > 0) {
                        note(&o.effects);
                        visit(o.next, &mut queue);
                    }
                }
            }
        }
    }
    for (m, meter) in rp.meters.iter().enumerate() {
        if let Limit::End(e) = meter.at_min
            && changed_down[m]
        {
            seen_ending[e] = true;
        }
        if let Limit::End(e) = meter.at_max
            && changed_up[m]
        {
            seen_ending[e] = true;
        }
    }
    for (i, s) in rp.scenes.iter().enumerate() {
        if !seen_scene[i] {
            c.report(
                &format!("{base}.scenes[{i}].id"),
                Diagnostic::new(
                    Code::UnreachableScene,
                    format!("no path from the start leads to scene '{}'", s.id),
                )
                .label("unreachable")
                .hint(format!(
                    "point a choice's `next` at \"{}\", or remove the scene",
                    s.id
                )),
            );
        }
    }
    for (i, e) in rp.endings.iter().enumerate() {
        if !seen_ending[i] {
            c.report(
                &format!("{base}.endings[{i}].id"),
                Diagnostic::new(
                    Code::UnreachableEnding,
                    format!("no path from the start leads to ending '{}'", e.id),
                )
                .label("unreachable")
                .hint(format!(
                    "point a choice's `next` at \"{}\", or end a meter with End(\"{}\")",
                    e.id, e.id
                )),
            );
        }
    }
}

// ---------------------------------------------------------------- team game

/// Names a team-game formula can read, by where the formula is.
#[derive(Default)]
struct Scope {
    names: Vec<String>,
}

impl Scope {
    fn with(&self, more: impl IntoIterator<Item = String>) -> Scope {
        let mut names = self.names.clone();
        names.extend(more);
        Scope { names }
    }

    fn formula(&self, c: &mut Checker, source: &str, path: &str) -> Option<Formula> {
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
                            .hint(format!("keep formulas under {} characters; use `shared` values for parts", super::formula::MAX_LEN)),
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
                            .hint(format!("allowed functions: {}", super::formula::FUNCTIONS.join(", "))),
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

fn team_game(
    c: &mut Checker,
    tg: &RawTeamGame,
    concept_refs: &mut ConceptRefs,
) -> Option<TeamGame> {
    let base = "game";
    c.count(
        || format!("{base}.stats"),
        "stats",
        tg.stats.len(),
        limits::STATS,
    );
    c.count(
        || format!("{base}.decisions"),
        "decisions",
        tg.decisions.len(),
        limits::DECISIONS,
    );
    c.count(
        || format!("{base}.deck"),
        "cards",
        tg.deck.len(),
        limits::CARDS,
    );
    c.count(
        || format!("{base}.quizzes"),
        "quizzes",
        tg.quizzes.len(),
        limits::QUIZZES,
    );
    c.count(
        || format!("{base}.params"),
        "params",
        tg.params.len(),
        limits::PARAMS,
    );
    c.count(
        || format!("{base}.shared"),
        "shared values",
        tg.shared.len(),
        limits::PARAMS,
    );
    let (min_teams, max_teams) = tg.teams.unwrap_or((2, 8));
    if min_teams < 2 || max_teams > 8 || min_teams > max_teams {
        c.report(
            &format!("{base}.teams"),
            Diagnostic::new(
                Code::Teams,
                format!("teams ({min_teams}, {max_teams}) is not a range within 2..8"),
            )
            .hint("write the fewest and most teams, like (2, 8) or (4, 6)"),
        );
    }
    if tg.rounds == 0 || tg.rounds > limits::ROUNDS {
        c.report(
            &format!("{base}.rounds"),
            Diagnostic::new(
                Code::Rounds,
                format!("{} rounds is not playable", tg.rounds),
            )
            .hint(format!(
                "use 1..{} rounds; 4–8 fit a lesson",
                limits::ROUNDS
            )),
        );
    }

    // Every name formulas can read shares one namespace, so report clashes across kinds.
    let mut taken = HashMap::new();
    for (name, what) in [
        ("teams", "the number of teams"),
        ("round", "the round number"),
    ] {
        taken.insert(name, (what, 0));
    }
    let param_map = ids(
        c,
        &tg.params,
        |p| &p.id,
        |i| format!("{base}.params[{i}].id"),
        "param",
        &mut taken,
    );
    let stat_map = ids(
        c,
        &tg.stats,
        |s| &s.id,
        |i| format!("{base}.stats[{i}].id"),
        "stat",
        &mut taken,
    );
    let _ = ids(
        c,
        &tg.decisions,
        |d| &d.id,
        |i| format!("{base}.decisions[{i}].id"),
        "decision",
        &mut taken,
    );
    let _ = ids(
        c,
        &tg.shared,
        |s| &s.id,
        |i| format!("{base}.shared[{i}].id"),
        "shared value",
        &mut taken,
    );
    let mut cards_taken = HashMap::new();
    let _ = ids(
        c,
        &tg.deck,
        |k| &k.id,
        |i| format!("{base}.deck[{i}].id"),
        "card",
        &mut cards_taken,
    );
    for (i, p) in tg.params.iter().enumerate() {
        c.formula_id(|| format!("{base}.params[{i}].id"), &p.id);
    }
    for (i, s) in tg.stats.iter().enumerate() {
        c.formula_id(|| format!("{base}.stats[{i}].id"), &s.id);
    }
    for (i, d) in tg.decisions.iter().enumerate() {
        c.formula_id(|| format!("{base}.decisions[{i}].id"), &d.id);
    }
    for (i, s) in tg.shared.iter().enumerate() {
        c.formula_id(|| format!("{base}.shared[{i}].id"), &s.id);
    }

    let global = Scope {
        names: ["teams", "round"]
            .into_iter()
            .map(str::to_owned)
            .chain(tg.params.iter().map(|p| p.id.clone()))
            .collect(),
    };
    let stat_names: Vec<String> = tg.stats.iter().map(|s| s.id.clone()).collect();
    let team_scope = global.with(stat_names.clone());

    let params = tg
        .params
        .iter()
        .enumerate()
        .map(|(i, p)| Param {
            id: p.id.clone(),
            value: p.value,
            name: p
                .name
                .as_ref()
                .map(|t| c.text(|| format!("{base}.params[{i}].name"), t)),
        })
        .collect();

    let mut stats = Vec::new();
    for (i, s) in tg.stats.iter().enumerate() {
        let p = format!("{base}.stats[{i}]");
        if let (Some(min), Some(max)) = (s.min, s.max)
            && min > max
        {
            c.report(
                &format!("{p}.min"),
                Diagnostic::new(
                    Code::StatBounds,
                    format!("stat '{}' has min {min} above max {max}", s.id),
                )
                .hint("swap them, or fix the typo"),
            );
        } else if s.min.is_some_and(|m| s.start < m) || s.max.is_some_and(|m| s.start > m) {
            let range = match (s.min, s.max) {
                (Some(min), Some(max)) => format!("{min}..{max}"),
                (Some(min), None) => format!("at least {min}"),
                (None, Some(max)) => format!("at most {max}"),
                (None, None) => String::new(),
            };
            c.report(
                &format!("{p}.start"),
                Diagnostic::new(
                    Code::StatBounds,
                    format!("stat '{}' starts at {}, but must be {range}", s.id, s.start),
                )
                .label("out of bounds")
                .hint(format!("choose a start that is {range}")),
            );
        }
        stats.push(Stat {
            id: s.id.clone(),
            name: c.text(|| format!("{p}.name"), &s.name),
            start: s.start,
            min: s.min,
            max: s.max,
        });
    }

    // What each decision puts in scope: for a team's own formulas, and aggregated for shared ones.
    let mut decisions = Vec::new();
    let mut own_names = Vec::new();
    let mut aggregate_names = Vec::new();
    // (decision index, a formula name it makes other than its own id)
    let mut derived: Vec<(usize, String)> = Vec::new();
    for (i, d) in tg.decisions.iter().enumerate() {
        let (own_start, aggregate_start) = (own_names.len(), aggregate_names.len());
        let p = format!("{base}.decisions[{i}]");
        let prompt = c.text(|| format!("{p}.prompt"), &d.prompt);
        let options = |c: &mut Checker, list: &[RawOption], path: &str| -> Vec<Choosable> {
            if list.len() < 2 {
                c.report(
                    path,
                    Diagnostic::new(
                        Code::TooFewOptions,
                        format!(
                            "decision '{}' has {} option(s); a choice needs at least two",
                            d.id,
                            list.len()
                        ),
                    )
                    .hint("add options"),
                );
            }
            c.count(path, "options", list.len(), limits::OPTIONS);
            let mut taken = HashMap::new();
            let _ = ids(
                c,
                list,
                |o| &o.id,
                |k| format!("{path}[{k}].id"),
                "option",
                &mut taken,
            );
            list.iter()
                .enumerate()
                .map(|(k, o)| {
                    c.formula_id(|| format!("{path}[{k}].id"), &o.id);
                    Choosable {
                        id: o.id.clone(),
                        text: c.text(|| format!("{path}[{k}].text"), &o.text),
                    }
                })
                .collect()
        };
        let kind = match &d.kind {
            RawDecisionKind::Pick(list) => {
                let opts = options(c, list, &format!("{p}.kind[0]"));
                own_names.push(d.id.clone());
                for o in &opts {
                    own_names.push(format!("{}_{}", d.id, o.id));
                    aggregate_names.push(format!("count_{}_{}", d.id, o.id));
                }
                Some(DecisionKind::Pick(opts))
            }
            RawDecisionKind::Split(RawSplit { tokens, categories }) => {
                let cats = options(c, categories, &format!("{p}.kind.categories"));
                let tokens = team_scope.formula(c, tokens, &format!("{p}.kind.tokens"));
                for o in &cats {
                    let name = format!("{}_{}", d.id, o.id);
                    aggregate_names
                        .extend(["total", "mean", "min", "max"].map(|a| format!("{a}_{name}")));
                    own_names.push(name);
                }
                tokens.map(|tokens| DecisionKind::Split {
                    tokens,
                    categories: cats,
                })
            }
            RawDecisionKind::Number(RawNumber { min, max }) => {
                let min = team_scope.formula(c, min, &format!("{p}.kind.min"));
                let max = team_scope.formula(c, max, &format!("{p}.kind.max"));
                own_names.push(d.id.clone());
                aggregate_names
                    .extend(["total", "mean", "min", "max"].map(|a| format!("{a}_{}", d.id)));
                min.zip(max)
                    .map(|(min, max)| DecisionKind::Number { min, max })
            }
        };
        derived.extend(
            own_names[own_start..]
                .iter()
                .chain(&aggregate_names[aggregate_start..])
                .filter(|n| **n != d.id)
                .map(|n| (i, n.clone())),
        );
        if let Some(kind) = kind {
            decisions.push(Decision {
                id: d.id.clone(),
                prompt,
                kind,
            });
        }
    }
    for s in &tg.stats {
        aggregate_names.extend(["total", "mean", "min", "max"].map(|a| format!("{a}_{}", s.id)));
    }
    // Names made from decisions must not shadow a declared id (`goods_local` from Pick
    // `goods` with option `local`, and a stat `goods_local`): a formula could not tell them apart.
    let declared: HashMap<&str, &str> = tg
        .params
        .iter()
        .map(|x| (x.id.as_str(), "param"))
        .chain(tg.stats.iter().map(|x| (x.id.as_str(), "stat")))
        .chain(tg.shared.iter().map(|x| (x.id.as_str(), "shared value")))
        .collect();
    let mut reported = HashSet::new();
    for (i, name) in &derived {
        if let Some(kind) = declared.get(name.as_str())
            && reported.insert(*i)
        {
            let id = &tg.decisions[*i].id;
            c.report(
                &format!("{base}.decisions[{i}].id"),
                Diagnostic::new(
                    Code::DuplicateId,
                    format!("decision '{id}' makes the formula name '{name}', which is also a {kind}'s id"),
                )
                .label("two meanings")
                .hint(format!("rename the {kind} or the decision so that '{name}' means one thing")),
            );
        }
    }

    // Shared values, in order: each may read the ones before it.
    let mut shared_scope = global.with(aggregate_names.clone());
    let mut shared = Vec::new();
    for (i, s) in tg.shared.iter().enumerate() {
        let p = format!("{base}.shared[{i}]");
        let name = s.name.as_ref().map(|t| c.text(|| format!("{p}.name"), t));
        if let Some(formula) = shared_scope.formula(c, &s.formula, &format!("{p}.formula")) {
            shared.push(Shared {
                id: s.id.clone(),
                name,
                formula,
            });
        }
        shared_scope.names.push(s.id.clone());
    }
    let update_scope = team_scope
        .with(own_names)
        .with(aggregate_names)
        .with(tg.shared.iter().map(|s| s.id.clone()));
    let updates = |c: &mut Checker, list: &[RawUpdate], path: &str| -> Vec<Update> {
        list.iter()
            .enumerate()
            .filter_map(|(k, u)| {
                let stat = resolve(
                    c,
                    &stat_map,
                    &u.stat,
                    || format!("{path}[{k}].stat"),
                    "stat",
                );
                let formula = update_scope.formula(c, &u.formula, &format!("{path}[{k}].formula"));
                Some(Update {
                    stat: stat?,
                    formula: formula?,
                })
            })
            .collect()
    };
    let update = updates(c, &tg.update, &format!("{base}.update"));
    let score = team_scope.formula(c, &tg.score, &format!("{base}.score"));

    let cards_per_round = tg
        .cards_per_round
        .unwrap_or(if tg.deck.is_empty() { 0 } else { 1 });
    if cards_per_round > 0 && tg.deck.is_empty() {
        c.report(
            &format!("{base}.cards_per_round"),
            Diagnostic::new(
                Code::EmptyDeck,
                format!("{cards_per_round} card(s) are drawn each round, but the deck is empty"),
            )
            .hint("add cards to `deck`, or set cards_per_round: 0"),
        );
    }
    if !tg.deck.is_empty() && tg.deck.iter().all(|k| k.weight == 0) {
        c.report(
            &format!("{base}.deck"),
            Diagnostic::new(
                Code::ZeroWeights,
                "every card has weight 0, so none can be drawn",
            )
            .hint("give cards weights like 2 (common) and 1 (rare)"),
        );
    }
    let mut deck = Vec::new();
    for (i, k) in tg.deck.iter().enumerate() {
        let p = format!("{base}.deck[{i}]");
        let title = c.text(|| format!("{p}.title"), &k.title);
        let text = c.text(|| format!("{p}.text"), &k.text);
        let params = k
            .params
            .iter()
            .enumerate()
            .filter_map(|(j, (id, v))| {
                resolve(c, &param_map, id, || format!("{p}.params[{j}][0]"), "param")
                    .map(|at| (at, *v))
            })
            .collect();
        let effects = updates(c, &k.effects, &format!("{p}.effects"));
        let concept = k.concept.as_ref().and_then(|id| {
            concept_refs(c, std::slice::from_ref(id), &format!("{p}.concept"))
                .first()
                .copied()
        });
        deck.push(Card {
            id: k.id.clone(),
            weight: k.weight,
            title,
            text,
            params,
            effects,
            concept,
        });
    }

    let mut quizzes = Vec::new();
    for (i, q) in tg.quizzes.iter().enumerate() {
        let p = format!("{base}.quizzes[{i}]");
        if tg.rounds > 0 && (q.round == 0 || q.round > tg.rounds) {
            c.report(
                &format!("{p}.round"),
                Diagnostic::new(
                    Code::Rounds,
                    format!(
                        "round {} does not exist; the game has {} rounds",
                        q.round, tg.rounds
                    ),
                )
                .hint(format!("use a round from 1 to {}", tg.rounds)),
            );
        }
        if q.options.len() < 2 {
            c.report(
                &format!("{p}.options"),
                Diagnostic::new(Code::TooFewOptions, "a quiz needs at least two options")
                    .hint("add the wrong answers too"),
            );
        }
        c.count(
            || format!("{p}.options"),
            "options",
            q.options.len(),
            limits::OPTIONS,
        );
        if q.answer == 0 || q.answer as usize > q.options.len() {
            c.report(
                &format!("{p}.answer"),
                Diagnostic::new(
                    Code::QuizAnswer,
                    format!(
                        "answer {} is not one of the {} options",
                        q.answer,
                        q.options.len()
                    ),
                )
                .label("no such option")
                .hint("answers count from 1: the first option is 1"),
            );
        }
        let concept = q.concept.as_ref().and_then(|id| {
            concept_refs(c, std::slice::from_ref(id), &format!("{p}.concept"))
                .first()
                .copied()
        });
        quizzes.push(Quiz {
            round: q.round,
            question: c.text(|| format!("{p}.question"), &q.question),
            options: q
                .options
                .iter()
                .enumerate()
                .map(|(k, o)| c.text(|| format!("{p}.options[{k}]"), o))
                .collect(),
            answer: (q.answer as usize).saturating_sub(1),
            explanation: c.text(|| format!("{p}.explanation"), &q.explanation),
            concept,
            points: q.points,
        });
    }

    let debrief = Debrief {
        text: c.text(|| format!("{base}.debrief.text"), &tg.debrief.text),
        concepts: concept_refs(c, &tg.debrief.concepts, &format!("{base}.debrief.concepts")),
        questions: tg
            .debrief
            .questions
            .iter()
            .enumerate()
            .map(|(k, q)| c.text(|| format!("{base}.debrief.questions[{k}]"), q))
            .collect(),
    };

    let mut model = TeamGame {
        min_teams,
        max_teams,
        rounds: tg.rounds,
        params,
        stats,
        decisions,
        shared,
        update,
        score: score?,
        deck,
        cards_per_round,
        quizzes,
        debrief,
        slots: Default::default(),
    };
    model.slots = super::lookup::FormulaSlots::new(&model);
    Some(model)
}
