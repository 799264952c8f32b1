//! The guides' examples work as written: a teacher copies them. Every ```ron block of the
//! Korean guide and the English reference is checked: a whole scenario must pass `check`
//! without errors; a part of one (a scene, a choice, a few fields) must be valid RON, so a
//! copied example never brings a missing comma or an unclosed quote with it. Blocks that
//! show a mistake on purpose are marked ✗ and skipped.

use std::path::Path;

use kkumgil::scenario::{self, Folder};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const GUIDES: [&str; 2] = ["docs/authoring-ko.md", "docs/scenario-format.md"];

/// The ```ron blocks of a Markdown file, each with the line its text starts on.
fn ron_blocks(text: &str) -> Vec<(usize, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (n, line) in text.lines().enumerate() {
        match &mut current {
            None if line.trim_start().starts_with("```ron") => {
                current = Some((n + 2, String::new()))
            }
            Some(_) if line.trim_start().starts_with("```") => {
                blocks.extend(current.take());
            }
            Some((_, block)) => {
                block.push_str(line);
                block.push('\n');
            }
            None => {}
        }
    }
    blocks
}

/// The block without its comments and placeholder lines ("...", "…"), trimmed.
fn code_of(block: &str) -> String {
    block
        .lines()
        .map(|l| match l.find("//") {
            // A `//` inside a quoted text is not a comment; the examples keep comments
            // at the end of a line, after the last quote.
            Some(i) if l[..i].matches('"').count() % 2 == 0 => &l[..i],
            _ => l,
        })
        .filter(|l| !matches!(l.trim(), "..." | "…"))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_owned()
}

/// `code_of` with the placeholder lines kept: longer when the block leaves parts out.
fn code_of_kept(block: &str) -> String {
    block
        .lines()
        .map(|l| match l.find("//") {
            Some(i) if l[..i].matches('"').count() % 2 == 0 => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_owned()
}

/// A part of a scenario as a RON value: fields become a struct, items a list.
fn as_value(code: &str) -> String {
    let starts_with_field = code
        .split_once(':')
        .is_some_and(|(head, _)| head.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
    if starts_with_field {
        format!("({code})")
    } else {
        format!("[{code}]")
    }
}

#[test]
fn every_example_in_the_guides_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        Path::new(ROOT).join("scenarios/glossary.ron"),
        dir.path().join("glossary.ron"),
    )
    .unwrap();
    let mut checked = (0, 0);
    let mut failures = Vec::new();
    for guide in GUIDES {
        let text = std::fs::read_to_string(Path::new(ROOT).join(guide)).unwrap();
        for (line, block) in ron_blocks(&text) {
            if block.contains('✗') {
                continue;
            }
            let code = code_of(&block);
            if code.is_empty() {
                continue;
            }
            // A whole scenario is checked in full, unless it leaves parts out ("...") to
            // show its shape: then, like a part, it must be valid RON.
            let elided = code.len() < code_of_kept(&block).len();
            if code.starts_with("Scenario(") && !elided {
                checked.0 += 1;
                let file = dir.path().join(format!("example-{line}.ron"));
                std::fs::write(&file, &block).unwrap();
                let loaded = scenario::load_source(&file, block.clone(), Folder::of(&file));
                if loaded.report.has_errors() {
                    failures.push(format!(
                        "{guide}:{line}: the example scenario does not pass check:\n{}",
                        loaded.report.render(false, kkumgil::i18n::Lang::En)
                    ));
                }
            } else {
                checked.1 += 1;
                let value = if code.starts_with("Scenario(") {
                    code.clone()
                } else {
                    as_value(&code)
                };
                if let Err(e) = ron::from_str::<ron::Value>(&value) {
                    failures.push(format!("{guide}:{line}: not valid RON ({e}):\n{block}"));
                }
            }
        }
    }
    assert!(
        checked.0 >= 2 && checked.1 >= 30,
        "too few examples found: {checked:?}"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
