//! Scenarios: the RON format instructors write, its loader and its validator.
//!
//! Three ways in, one path: `load_file` (from disk), `load_bytes` (the app's asset loader)
//! and `load_source` (text already read: bundled, pinned, or typed in a test) all go bytes →
//! RON → raw types → validated `Scenario` (or a checked glossary), with a `FileReport` of
//! every problem found.

pub mod diagnostic;
mod folder;
pub mod formula;
pub mod library;
pub mod limits;
pub mod locate;
pub mod lookup;
pub mod model;
pub mod raw;
mod ron_errors;
pub mod source;
pub mod synthetic;
pub mod template;
pub mod validate;

use std::path::Path;

pub use diagnostic::{
    Code, Diagnostic, FileReport, Problem, ProblemLines, SHOWN_PER_CODE, Severity, escape_controls,
};
pub use folder::Folder;
pub use model::*;
pub use ron_errors::parse_ron;

use locate::SpanIndex;

/// The outcome of loading one file: the scenario when it has no errors, and the report
/// (which may hold warnings even when the scenario loaded).
#[derive(Debug, Clone)]
pub struct Loaded {
    pub kind: FileKind,
    pub scenario: Option<Scenario>,
    pub report: FileReport,
    /// The story as written when its only errors are in its paths (a scene with no way
    /// out, a dead end): not playable, but enough to draw its map with those errors marked.
    pub draft: Option<Scenario>,
}

/// Errors that leave every reference resolved: the map can still be drawn.
const PATH_ERRORS: [Code; 2] = [Code::NoWayOut, Code::DeadEnd];

/// What a `.ron` file in a scenario folder holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Scenario,
    /// A shared glossary: a list of terms, `[ (id: …, term: …, definition: …), … ]`.
    Glossary,
}

/// Loads and checks a scenario-folder file from disk: a scenario or a glossary.
pub fn load_file(path: &Path) -> Loaded {
    load_file_with(path, false)
}

/// `load_file`, with the advice on teaching that `check --pedantic` shows when `pedantic`.
pub fn load_file_with(path: &Path, pedantic: bool) -> Loaded {
    match source::read_source(path) {
        Ok(source) => match source::file_kind(&source) {
            FileKind::Scenario => load_scenario(path, source, Folder::of(path), pedantic),
            FileKind::Glossary => load_source(path, source, Folder::of(path)),
        },
        Err(report) => Loaded {
            kind: FileKind::Scenario,
            scenario: None,
            report,
            draft: None,
        },
    }
}

/// Loads and checks a file's bytes (as the app's asset loader gets them).
pub fn load_bytes(path: &Path, bytes: Vec<u8>, folder: Folder) -> Loaded {
    match source::decode(path, bytes) {
        Ok(source) => load_source(path, source, folder),
        Err(report) => Loaded {
            kind: FileKind::Scenario,
            scenario: None,
            report,
            draft: None,
        },
    }
}

/// Loads and checks scenario-folder text: a scenario or a glossary, told apart by its first
/// bracket; `folder` is where its images and glossary are.
pub fn load_source(path: &Path, source: String, folder: Folder) -> Loaded {
    match source::file_kind(&source) {
        FileKind::Scenario => load_scenario(path, source, folder, false),
        FileKind::Glossary => Loaded {
            kind: FileKind::Glossary,
            scenario: None,
            report: folder::load_glossary(path, source).1,
            draft: None,
        },
    }
}

/// Loads and validates scenario text.
fn load_scenario(path: &Path, source: String, folder: Folder, pedantic: bool) -> Loaded {
    let raw: raw::RawScenario = match parse_ron(&source) {
        Ok(raw) => raw,
        Err(d) => {
            return Loaded {
                kind: FileKind::Scenario,
                scenario: None,
                report: FileReport::new(path, source, vec![d]),
                draft: None,
            };
        }
    };
    let mut diagnostics = Vec::new();
    let mut shared_glossary = Vec::new();
    let mut glossary_failed = false;
    if let Some(file) = &raw.glossary_file {
        match folder::glossary_for(folder, file) {
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
        pedantic,
        shared_glossary,
        glossary_failed,
    };
    let (scenario, more) = validate::validate(&raw, &ctx, &source);
    diagnostics.extend(more);
    let failed = diagnostics.iter().any(Diagnostic::is_error);
    let drawable = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .all(|d| PATH_ERRORS.contains(&d.code));
    let (scenario, draft) = match (failed, drawable) {
        (false, _) => (scenario, None),
        (true, true) => (None, scenario),
        (true, false) => (None, None),
    };
    Loaded {
        kind: FileKind::Scenario,
        scenario,
        report: FileReport::new(path, source, diagnostics),
        draft,
    }
}

/// The shared glossary file a scenario's text names, if it parses far enough to tell.
pub fn glossary_file(source: &str) -> Option<String> {
    parse_ron::<raw::RawScenario>(source)
        .ok()
        .and_then(|raw| raw.glossary_file)
}

#[cfg(test)]
mod robustness {
    //! A hostile or mangled file must give diagnostics, never a panic.
    use super::*;
    use proptest::prelude::*;

    fn check(bytes: Vec<u8>) {
        let path = Path::new("fuzz.ron");
        if let Ok(source) = source::decode(path, bytes) {
            let loaded = load_source(path, source, Folder::Detached);
            // Every diagnostic can be rendered and located.
            let _ = loaded.report.render(false, crate::i18n::Lang::Ko);
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
        let loaded = load_source(Path::new("deep.ron"), deep, Folder::Detached);
        assert!(loaded.report.has_errors());
    }

    #[test]
    fn a_byte_order_mark_is_accepted() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(BUNDLED.as_bytes());
        let source = source::decode(Path::new("bom.ron"), bytes).unwrap();
        assert!(
            load_source(Path::new("bom.ron"), source, Folder::Detached)
                .scenario
                .is_some()
        );
    }
}
