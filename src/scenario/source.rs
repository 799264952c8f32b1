//! Reading a scenario folder's files: the size limit, UTF-8 (a Windows byte-order mark is
//! dropped), and telling a scenario from a glossary.

use std::path::Path;

use super::diagnostic::{Code, Diagnostic, FileReport};
use super::{FileKind, limits, locate};

/// Reads a file for loading: size limit and UTF-8 checked before anything is parsed.
pub(crate) fn read_source(path: &Path) -> Result<String, FileReport> {
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
pub(crate) fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, FileReport> {
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

/// Glossary files are lists; scenarios are structs. Decided by the first real character, so
/// a broken scenario is still reported as a scenario.
pub(crate) fn file_kind(source: &str) -> FileKind {
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
