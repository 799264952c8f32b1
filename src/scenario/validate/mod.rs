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
use crate::i18n::Msg;

mod role_play;
pub(crate) use role_play::{reached, ways_out};
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
                Diagnostic::new(
                    Code::BadId,
                    tr!(
                        "id로 쓸 수 없는 이름이에요: '{id}'",
                        "'{id}' is not a usable id"
                    ),
                )
                .label(tr!(
                    "a-z, 0-9, '-', '_'만 써요",
                    "use a-z, 0-9, '-' and '_'"
                ))
                .hint(tr!(
                    "id는 \"{}\"처럼 짧은 영어 이름으로 써요. 한글은 제목이나 글에 써요",
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
                    tr!(
                        "공식에서 쓸 수 없는 이름이에요: '{id}'",
                        "'{id}' cannot be used in formulas"
                    ),
                )
                .label(tr!("공식이 읽는 이름", "formulas read this name"))
                .hint(tr!(
                    "영어 소문자로 시작하고, 영어 소문자, 숫자, '_'만 써요('-' 대신 '_'): \"{}\"",
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
                Diagnostic::new(
                    Code::MissingTranslation,
                    tr!("이 글에 한국어가 없어요", "this text has no Korean"),
                )
                .label(tr!("ko: \"…\" 넣기", "add ko: \"…\""))
                .hint(tr!(
                    "모든 글에는 한국어가 있어야 해요: (ko: \"…\", en: \"…\")",
                    "every text needs Korean: (ko: \"…\", en: \"…\")"
                )),
            );
        } else if ko.trim().is_empty() {
            self.report(
                &format!("{}.ko", path.path()),
                Diagnostic::new(
                    Code::EmptyText,
                    tr!("글이 비어 있어요", "this text is empty"),
                )
                .hint(tr!(
                    "글을 쓰거나, 이 항목을 지워 주세요",
                    "write the text, or remove the entry"
                )),
            );
        }
        if self.english && text.en.is_none() {
            self.report(
                &path.path(),
                Diagnostic::new(
                    Code::MissingTranslation,
                    tr!(
                        "시나리오의 `languages`에 \"en\"도 있는데, 이 글에는 영어가 없어요",
                        "this text has no English, but the scenario declares \"en\""
                    ),
                )
                .label(tr!("en: \"…\" 넣기", "add en: \"…\""))
                .hint(tr!(
                    "(ko: \"…\", en: \"…\")로 쓰거나, `languages`에서 \"en\"을 지워 주세요",
                    "write (ko: \"…\", en: \"…\"), or remove \"en\" from `languages`"
                )),
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
                        tr!(
                            "이 글은 {}자예요. {}자까지 쓸 수 있어요",
                            "this text is {} characters long; the most is {}",
                            v.chars().count(),
                            limits::TEXT_LEN
                        ),
                    )
                    .hint(tr!(
                        "여러 장면으로 나눠 주세요. 학생들은 멀리서 짧은 글을 읽어요",
                        "split it across scenes: students read short texts from far away"
                    )),
                );
            }
        }
        Text {
            ko,
            en: text.en.clone(),
        }
    }

    /// `what` is the English name of the things counted (`"scenes"`); `noun_ko` gives the
    /// Korean.
    fn count(&mut self, path: impl At, what: &str, n: usize, max: usize) {
        if n > max {
            let what_ko = noun_ko(what);
            self.report(
                &path.path(),
                Diagnostic::new(
                    Code::Limit,
                    tr!(
                        "{what_ko} {n}개: 시나리오 하나에 {max}개까지만 쓸 수 있어요",
                        "{n} {what}; a scenario may have at most {max}"
                    ),
                )
                .hint(tr!(
                    "시나리오를 여러 파일로 나눠 주세요",
                    "split the scenario into several files"
                )),
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
                Diagnostic::new(Code::ImagePath, tr!(
                    "그림 경로가 시나리오 폴더 밖으로 나가요: \"{value}\"",
                    "the image path \"{value}\" leaves the scenario's folder"
                ))
                    .label(tr!("쓸 수 없어요", "not allowed"))
                    .hint(tr!(
                        "그림을 시나리오 폴더(또는 그 안의 폴더)에 넣고, \"images/cafe.png\"처럼 그 폴더에서부터 경로를 써 주세요",
                        "put the image in the scenario's folder (or a folder inside it) and write a relative path like \"images/cafe.png\""
                    )),
            );
            return None;
        }
        if self.ctx.folder.resolves_inside(rel) == Some(false) {
            self.report(
                &path.path(),
                Diagnostic::new(
                    Code::ImagePath,
                    tr!(
                        "이 그림은 시나리오 폴더 밖을 가리키는 링크(바로 가기)예요: \"{value}\"",
                        "the image \"{value}\" is a link that leads outside the scenario's folder"
                    ),
                )
                .label(tr!("폴더 밖을 가리켜요", "leads outside"))
                .hint(tr!(
                    "링크 말고 그림 파일 자체를 시나리오 폴더에 복사해 주세요",
                    "copy the picture itself into the scenario's folder instead of linking to it"
                )),
            );
            return None;
        }
        let full = self.ctx.folder.path_of(rel);
        if !self.ctx.folder.has_file(rel)? {
            self.report(
                &path.path(),
                Diagnostic::new(
                    Code::ImageMissing,
                    tr!(
                        "그림 파일이 없어요: \"{value}\"",
                        "there is no image file \"{value}\""
                    ),
                )
                .label(tr!("찾을 수 없어요", "not found"))
                .hint(match self.ctx.folder {
                    Folder::Disk(dir) if !dir.as_os_str().is_empty() => tr!(
                        "경로는 시나리오 파일이 있는 폴더({})에서부터 써요",
                        "paths are relative to the scenario file's folder ({})",
                        dir.display()
                    ),
                    _ => tr!(
                        "경로는 시나리오 파일이 있는 폴더에서부터 써요",
                        "paths are relative to the scenario file's folder"
                    ),
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
                        FormulaError::Syntax(why) => {
                            // The parser's own words (a `String` today, both languages alike).
                            let why = crate::scenario::formula::explain(&why);
                            let (why_ko, why_en) = (&why.ko, &why.en);
                            Diagnostic::new(Code::FormulaSyntax, tr!(
                                "공식을 읽을 수 없어요: \"{source}\" — {why_ko}",
                                "the formula \"{source}\" cannot be read: {why_en}"
                            ))
                            .label(tr!("잘못된 공식", "bad formula"))
                            .hint(tr!(
                                "공식에는 + - * / ( )와 이름을 써요. 예: \"tokens - give + fund / teams\"",
                                "formulas use + - * / ( ) and names, like \"tokens - give + fund / teams\""
                            ))
                        }
                        FormulaError::TooLong => Diagnostic::new(Code::Limit, tr!("공식이 너무 길어요", "this formula is too long"))
                            .hint(tr!(
                                "공식은 {}자보다 짧게 써요. 긴 부분은 `shared`(공동 값)로 따로 계산해요",
                                "keep formulas under {} characters; use `shared` values for parts",
                                crate::scenario::formula::MAX_LEN
                            )),
                        FormulaError::UnknownName { name, suggestion } => {
                            let d = Diagnostic::new(Code::FormulaName, tr!(
                                "공식에 여기서 쓸 수 없는 이름이 있어요: '{name}'",
                                "the formula uses '{name}', which is not defined here"
                            ))
                                .label(tr!("모르는 이름 '{name}'", "unknown name '{name}'"));
                            match suggestion {
                                Some(s) => d.hint(tr!("혹시 '{s}'인가요?", "did you mean '{s}'?")),
                                None => {
                                    // The names most like the one written first, all of
                                    // them when there are few, else the closest and a count.
                                    let mut ranked: Vec<&str> = names.iter().map(String::as_str).collect();
                                    ranked.sort_by(|a, b| {
                                        let (sa, sb) = (strsim::jaro_winkler(&name, a), strsim::jaro_winkler(&name, b));
                                        sb.total_cmp(&sa).then(a.cmp(b))
                                    });
                                    const ALL_UP_TO: usize = 16;
                                    const CLOSEST: usize = 12;
                                    let more = if ranked.len() > ALL_UP_TO { ranked.len() - CLOSEST } else { 0 };
                                    ranked.truncate(if more > 0 { CLOSEST } else { ALL_UP_TO });
                                    let list = ranked.join(", ");
                                    d.hint(if more > 0 {
                                        tr!(
                                            "여기서 쓸 수 있는 이름(비슷한 것부터): {list} … 외 {more}개",
                                            "names usable here, closest first: {list} … and {more} more"
                                        )
                                    } else {
                                        tr!(
                                            "여기서 쓸 수 있는 이름(비슷한 것부터): {list}",
                                            "names usable here, closest first: {list}"
                                        )
                                    })
                                }
                            }
                        }
                        FormulaError::UnknownFunction(f) => Diagnostic::new(Code::FormulaName, tr!(
                            "공식에서 쓸 수 없는 함수예요: '{f}'",
                            "the formula calls '{f}', which formulas may not use"
                        ))
                            .label(tr!("쓸 수 없어요", "not allowed"))
                            .hint(tr!(
                                "쓸 수 있는 함수: {}",
                                "allowed functions: {}",
                                crate::scenario::formula::FUNCTIONS.join(", ")
                            )),
                        FormulaError::Assignment(n) => Diagnostic::new(Code::FormulaSyntax, tr!(
                            "공식에서 '{n}'에 값을 넣고 있어요. 공식은 값을 계산하기만 해요",
                            "the formula assigns to '{n}'; formulas only compute a value"
                        ))
                            .hint(tr!(
                                "같은지 비교하려면 `==`를 써요. 스탯을 바꾸려면 `update`를 써요",
                                "write `==` to compare; use `update` to change a stat"
                            )),
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
            let kind_ko = noun_ko(kind);
            let message = if n == 0 {
                let eul_reul = josa(kind_ko, "을", "를");
                tr!(
                    "꿈길이 이미 {kind_ko}{eul_reul} 나타내는 데 쓰는 이름이에요: '{id}'",
                    "the id '{id}' is already used by {kind}"
                )
            } else {
                tr!(
                    "이미 {n}번째 {kind_ko}에서 쓴 id예요: '{id}'",
                    "the id '{id}' is already used by {kind} {n}"
                )
            };
            checker.report(
                &path_of(i),
                Diagnostic::new(Code::DuplicateId, message)
                    .label(tr!("두 번 썼어요", "used twice"))
                    .hint(tr!("서로 다른 id를 써 주세요", "give each one its own id")),
            );
        } else {
            taken.insert(id, (what, i + 1));
            map.insert(id, i);
        }
    }
    map
}

/// The Korean for the English name of a kind of thing that `count`, `ids` and `resolve` are
/// given (`"scene"`, `"scenes"`); a name not listed here is shown as it is.
fn noun_ko(what: &str) -> &str {
    match what {
        "scene" | "scenes" => "장면",
        "ending" | "endings" => "엔딩",
        "meter" | "meters" => "게이지",
        "flag" | "flags" => "플래그",
        "role" | "roles" => "역할",
        "choice" | "choices" => "선택지",
        "outcome" | "outcomes" => "무작위 결과",
        "route" | "routes" => "`branch`의 길",
        "concept" | "concepts" => "개념",
        "term" | "terms" => "용어",
        "stat" | "stats" => "스탯",
        "decision" | "decisions" => "결정",
        "card" | "cards" => "사건 카드",
        "quiz" | "quizzes" => "퀴즈",
        "param" | "params" => "매개변수",
        "shared value" | "shared values" => "공동 값",
        "stock" | "stocks" => "`stocks` 값",
        "option" | "options" => "선택지",
        "criterion" | "criteria" => "기준",
        "step" | "steps" => "라운드 사이 활동",
        "the number of teams" => "팀 수",
        "the round number" => "라운드 번호",
        other => other,
    }
}

/// The Korean particle that follows `word`: `after_consonant` when its last syllable ends in a
/// consonant (장면 → 이), else `after_vowel` (게이지 → 가).
fn josa(word: &str, after_consonant: &'static str, after_vowel: &'static str) -> &'static str {
    match word.chars().next_back() {
        Some(c @ '가'..='힣') if !(c as u32 - 0xAC00).is_multiple_of(28) => after_consonant,
        _ => after_vowel,
    }
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
    let what_ko = noun_ko(what);
    let i_ga = josa(what_ko, "이", "가");
    let eul_reul = josa(what_ko, "을", "를");
    let mut d = Diagnostic::new(
        Code::UnknownReference,
        tr!(
            "id가 '{id}'인 {what_ko}{i_ga} 없어요",
            "there is no {what} with the id '{id}'"
        ),
    )
    .label(tr!("없는 {what_ko}", "unknown {what}"));
    d = match checker.suggest(id, map.len(), map.keys().copied()) {
        Some(s) => d.hint(tr!("혹시 '{s}'인가요?", "did you mean '{s}'?")),
        None => {
            let mut known: Vec<&str> = map.keys().copied().collect();
            known.sort_unstable();
            known.truncate(8);
            if known.is_empty() {
                d.hint(tr!(
                    "먼저 {what_ko}{eul_reul} 만들어 주세요",
                    "declare the {what} first"
                ))
            } else {
                d.hint(tr!(
                    "지금 있는 {what_ko} id: {}",
                    "known {what} ids: {}",
                    known.join(", ")
                ))
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
                tr!(
                    "이 꿈길은 format {}까지만 읽을 수 있는데, 이 파일은 format {v}예요",
                    "format {v} is newer than this Kkumgil understands (format {})",
                    limits::FORMAT_VERSION
                ),
            )
            .hint(tr!(
                "꿈길을 새 버전으로 바꾸거나, `format: 1`로 써 주세요",
                "update Kkumgil, or write `format: 1`"
            )),
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
                    tr!(
                        "꿈길이 지원하지 않는 언어예요: \"{other}\"",
                        "\"{other}\" is not a language Kkumgil supports"
                    ),
                )
                .hint(tr!(
                    "[\"ko\"] 또는 [\"ko\", \"en\"]처럼 써 주세요",
                    "write [\"ko\"] or [\"ko\", \"en\"]"
                )),
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
            let hint: Msg = match close {
                Some(s) => tr!("혹시 \"{s}\"인가요?", "did you mean \"{s}\"?"),
                None => tr!(
                    "학년은 \"중1\", \"중2\", \"중3\"처럼 써요 (초1..초6, 고1..고3도 돼요)",
                    "write grades as \"중1\", \"중2\", \"중3\" (초1..초6, 고1..고3 too)"
                ),
            };
            c.report(
                &format!("grades[{i}]"),
                Diagnostic::new(
                    Code::UnknownGrade,
                    tr!(
                        "학년으로 쓸 수 없어요: \"{g}\"",
                        "\"{g}\" is not a school grade"
                    ),
                )
                .hint(hint),
            );
        }
    }
    if raw.minutes == 0 || raw.minutes > limits::MAX_MINUTES {
        c.report(
            "minutes",
            Diagnostic::new(
                Code::Minutes,
                tr!(
                    "{}분은 수업 한두 시간에 맞지 않아요",
                    "{} minutes does not fit in one or two lessons",
                    raw.minutes
                ),
            )
            .hint(tr!(
                "중학교 수업 한 시간은 45분이에요. 1..{} 사이로 써 주세요",
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
                    tr!(
                        "용어집에 이미 있는 용어예요: '{}'",
                        "the term '{}' is already in the glossary",
                        g.id
                    ),
                )
                .hint(tr!(
                    "있는 용어를 쓰거나, 이 용어에 다른 id를 주세요",
                    "use the existing term, or give this one another id"
                )),
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
                            tr!(
                                "개념에 용어 이름을 썼어요: '{id}'. 개념은 id로 써요",
                                "'{id}' is a term; concepts are listed by id"
                            ),
                        )
                        .label(tr!("id를 써요", "use the id"))
                        .hint(tr!(
                            "이렇게 써 주세요: \"{}\"",
                            "write \"{}\"",
                            term.id
                        )),
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
                Diagnostic::new(Code::UnusedConcept, tr!(
                    "용어집에 만들었지만 아무 데서도 쓰지 않는 용어예요: '{}'",
                    "the term '{}' is defined but nothing uses it",
                    g.id
                ))
                    .hint(tr!(
                        "시나리오, 엔딩, 사건 카드, 퀴즈의 `concepts`에 넣거나, 지워 주세요",
                        "list it in `concepts` (of the scenario, an ending, a card or a quiz), or remove it"
                    )),
            );
        }
    }

    // Built whenever the game is: the caller keeps it only when its errors allow (a story
    // with errors only in its paths can still be mapped).
    let scenario = game.map(|game| Scenario {
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
    });
    (scenario, c.located(source))
}

type ConceptRefs<'f> = dyn FnMut(&mut Checker, &[String], &str) -> Vec<usize> + 'f;
