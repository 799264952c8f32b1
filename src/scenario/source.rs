//! Reading a scenario folder's files: the size limit, UTF-8 (a Windows byte-order mark is
//! dropped), and telling a scenario from a glossary.

use std::io::Read;
use std::path::Path;

use super::diagnostic::{Code, Diagnostic, FileReport};
use super::{FileKind, limits, locate};
use crate::i18n::Msg;

/// Reads a file for loading: size limit and UTF-8 checked before anything is parsed.
pub(crate) fn read_source(path: &Path) -> Result<String, FileReport> {
    let fail = |code, message: Msg, hint: Msg| {
        FileReport::new(
            path,
            String::new(),
            vec![Diagnostic::new(code, message).hint(hint)],
        )
    };
    let unreadable = |e: std::io::Error| {
        fail(
            Code::Unreadable,
            tr!("파일을 읽을 수 없어요: {e}", "cannot read the file: {e}"),
            tr!(
                "파일이 있는지, 다른 프로그램에서 열려 있지 않은지, 읽을 권한이 있는지 확인해 주세요",
                "check that the file exists, is not open elsewhere and that you may read it"
            ),
        )
    };
    // A pipe, a device or a socket would block or never end: only regular files (a link is
    // followed to what it names) are read. Opening a pipe already blocks, so this comes first.
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if !meta.is_file() {
        let message = if meta.is_dir() {
            tr!(
                "이것은 시나리오 파일이 아니라 폴더예요",
                "this is a folder, not a scenario file"
            )
        } else {
            tr!(
                "이것은 시나리오 파일이 아니라 파이프, 장치, 소켓 같은 특수한 파일이에요",
                "this is not a regular file (a pipe, a device or a socket), not a scenario file"
            )
        };
        return Err(fail(
            Code::Unreadable,
            message,
            tr!(
                "메모장 같은 편집기로 저장한 .ron 파일의 위치를 써 주세요",
                "give the path of a .ron file saved by an editor"
            ),
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
                    tr!(
                        "파일이 {} MB보다 커요. 시나리오 파일은 이보다 클 수 없어요",
                        "the file is larger than {} MB, the most a scenario may be",
                        limits::FILE_BYTES / (1024 * 1024)
                    ),
                )
                .hint(tr!(
                    "여러 시나리오로 나눠 주세요",
                    "split it into several scenarios"
                )),
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
                        tr!(
                            "파일의 저장 형식이 UTF-8이 아니에요 ({line}번째 줄, {col}번째 칸)",
                            "the file is not UTF-8 text (line {line}, column {col})"
                        ),
                    )
                    .hint(tr!(
                        "파일을 UTF-8로 저장해 주세요 (메모장: 다른 이름으로 저장 → 인코딩 → UTF-8)",
                        "save the file as UTF-8 (in Notepad: Save As → Encoding → UTF-8)"
                    )),
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
