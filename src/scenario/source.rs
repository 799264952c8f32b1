//! Reading a scenario folder's files: the size limit, UTF-8 (a Windows byte-order mark is
//! dropped), and telling a scenario from a glossary.

use std::io::Read;
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
    let unreadable = |e: std::io::Error| {
        fail(
            Code::Unreadable,
            format!("cannot read the file: {e}"),
            "check that the file exists, is not open elsewhere and that you may read it",
        )
    };
    // A pipe, a device or a socket would block or never end: only regular files (a link is
    // followed to what it names) are read. Opening a pipe already blocks, so this comes first.
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "a folder"
        } else {
            "not a regular file (a pipe, a device or a socket)"
        };
        return Err(fail(
            Code::Unreadable,
            format!("this is {what}, not a scenario file"),
            "give the path of a .ron file saved by an editor",
        ));
    }
    // The limit holds while reading, whatever the metadata said (the file may grow).
    let mut bytes = Vec::with_capacity(meta.len().min(limits::FILE_BYTES) as usize + 1);
    std::fs::File::open(path)
        .and_then(|f| f.take(limits::FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(unreadable)?;
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
                        "the file is larger than {} MB, the most a scenario may be",
                        limits::FILE_BYTES / (1024 * 1024)
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
