//! Where a scenario's neighbours are — its images and the shared glossary it names — and
//! loading that glossary.

use std::path::{Path, PathBuf};

use super::diagnostic::{Code, Diagnostic, FileReport, did_you_mean};
use super::locate::SpanIndex;
use super::ron_errors::parse_ron;
use super::source::read_source;
use super::{Concept, Text, library, limits, raw};

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
                            vec![Diagnostic::new(
                                Code::Unreadable,
                                tr!("꿈길에 들어 있는 파일이 아니에요", "not a bundled file"),
                            )],
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

    /// Whether a neighbour, with every link on its way followed, is still inside this folder;
    /// `None` when that cannot be told (no folder on disk, or the file is not there).
    pub fn resolves_inside(&self, rel: &Path) -> Option<bool> {
        let dir = match self {
            Folder::Disk(dir) => *dir,
            Folder::Pinned { dir: Some(dir), .. } => *dir,
            _ => return None,
        };
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        let real_dir = std::fs::canonicalize(dir).ok()?;
        let real = std::fs::canonicalize(dir.join(rel)).ok()?;
        Some(real.starts_with(real_dir))
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

/// The shared glossary named by a scenario, as one diagnostic if it cannot be used.
pub(super) fn glossary_for(folder: Folder, file: &str) -> Result<Option<Vec<Concept>>, Diagnostic> {
    let rel = Path::new(file);
    if rel.is_absolute()
        || rel
            .components()
            .any(|c| matches!(c, std::path::Component::ParentDir))
    {
        return Err(Diagnostic::new(
            Code::Glossary,
            tr!(
                "용어집 경로가 시나리오 폴더 밖으로 나가요: \"{file}\"",
                "the glossary path \"{file}\" leaves the scenario's folder"
            ),
        )
        .label(tr!("쓸 수 없어요", "not allowed"))
        .hint(tr!(
            "용어집을 시나리오와 같은 폴더에 두고, \"glossary.ron\"처럼 파일 이름만 써 주세요",
            "keep the glossary beside the scenario and write its name, e.g. \"glossary.ron\""
        )));
    }
    let Some(read) = folder.read(rel) else {
        return Ok(None);
    };
    if folder.has_file(rel) == Some(false) {
        let names = folder.ron_names();
        let d = Diagnostic::new(
            Code::Glossary,
            tr!(
                "시나리오와 같은 폴더에 용어집 파일이 없어요: \"{file}\"",
                "there is no glossary file \"{file}\" beside the scenario"
            ),
        )
        .label(tr!("찾을 수 없어요", "not found"));
        return Err(match did_you_mean(file, names.iter().map(String::as_str)) {
            Some(s) => d.hint(tr!("혹시 \"{s}\"인가요?", "did you mean \"{s}\"?")),
            None => d.hint(tr!(
                "꿈길에 들어 있는 glossary.ron을 이 폴더에 복사하거나, `glossary_file`을 지워 주세요",
                "copy glossary.ron from the bundled scenarios into this folder, or remove `glossary_file`"
            )),
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
    let why = first.map(|d| d.message.clone()).unwrap_or_default();
    let (why_ko, why_en) = (&why.ko, &why.en);
    Err(Diagnostic::new(
        Code::Glossary,
        tr!(
            "용어집 \"{file}\"의 {line}번째 줄, {col}번째 칸에 오류가 있어요: {why_ko}",
            "the glossary \"{file}\" has an error at line {line}, column {col}: {why_en}"
        ),
    )
    .label(tr!("이 용어집에 오류가 있어요", "this glossary has errors"))
    .hint(tr!(
        "모두 보려면 이렇게 검사해 보세요: `kkumgil check {}`",
        "run `kkumgil check {}` to see them all",
        path.display()
    )))
}

/// Loads a glossary file: a list of terms with unique ids and texts in Korean.
pub(super) fn load_glossary(path: &Path, source: String) -> (Option<Vec<Concept>>, FileReport) {
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
                tr!(
                    "용어 {}개: 용어집 하나에 {}개까지만 쓸 수 있어요",
                    "{} terms; a glossary may have at most {}",
                    raw.len(),
                    limits::GLOSSARY
                ),
            )
            .hint(tr!(
                "용어집을 여러 파일로 나눠 주세요",
                "split the glossary"
            )),
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
                Diagnostic::new(
                    Code::BadId,
                    tr!(
                        "id로 쓸 수 없는 이름이에요: '{}'",
                        "'{}' is not a usable id",
                        t.id
                    ),
                )
                .hint(tr!(
                    "a-z, 0-9, '-', '_'만 써요",
                    "use a-z, 0-9, '-' and '_'"
                )),
                "id",
            ));
        }
        if terms.iter().any(|x| x.id == t.id) {
            diagnostics.push(at(
                Diagnostic::new(
                    Code::DuplicateId,
                    tr!(
                        "같은 용어가 두 번 있어요: '{}'",
                        "the term '{}' appears twice",
                        t.id
                    ),
                )
                .hint(tr!("하나만 남겨 주세요", "keep one of them")),
                "id",
            ));
            continue;
        }
        for (field, text) in [("term", &t.term), ("definition", &t.definition)] {
            if text.ko.as_deref().is_none_or(|k| k.trim().is_empty()) {
                diagnostics.push(at(
                    Diagnostic::new(
                        Code::MissingTranslation,
                        tr!(
                            "'{}'의 {field}에 한국어가 없어요",
                            "the {field} of '{}' has no Korean",
                            t.id
                        ),
                    )
                    .hint(tr!(
                        "(ko: \"…\", en: \"…\")로 써 주세요",
                        "write (ko: \"…\", en: \"…\")"
                    )),
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
