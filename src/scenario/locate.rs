//! Where each value of a RON file is: a map from a value's path (`game.scenes[3].next`) to
//! its byte span in the source text.
//!
//! serde forgets positions, so validation speaks in paths and this index turns them back into
//! spans for diagnostics. Enum variant names (`RolePlay(…)`, `Some(…)`, `Change(…)`) are
//! transparent: their fields or elements belong to the enclosing path. Elements of tuples and
//! lists are numbered (`effects[0][1]`). The scanner is only run on text RON has already
//! accepted, but it stays total on any input: every loop consumes a byte or stops.

use std::collections::HashMap;
use std::ops::Range;

/// Spans of values by path.
#[derive(Debug, Default)]
pub struct SpanIndex {
    spans: HashMap<String, Range<usize>>,
}

impl SpanIndex {
    pub fn build(src: &str) -> Self {
        let mut scanner = Scanner {
            src: src.as_bytes(),
            pos: 0,
            index: SpanIndex::default(),
            depth: 0,
        };
        scanner.skip_trivia();
        // `#![enable(...)]` attributes before the value.
        while scanner.peek() == Some(b'#') {
            scanner.skip_until_line_end();
            scanner.skip_trivia();
        }
        let mut path = String::new();
        scanner.value(&mut path);
        scanner.index
    }

    /// The span of the value at `path`, or of its nearest ancestor that was written down
    /// (an optional field left out points at the struct that would hold it).
    pub fn find(&self, path: &str) -> Option<Range<usize>> {
        let mut p = path;
        loop {
            if let Some(span) = self.spans.get(p) {
                return Some(span.clone());
            }
            if p.is_empty() {
                return None;
            }
            let cut = p.rfind(['.', '[']).unwrap_or(0);
            p = &p[..cut];
        }
    }

    /// The span of the field *name* at `path` (`next` in `next: "x"`), for "unknown field"
    /// style messages; falls back to the value.
    pub fn exact(&self, path: &str) -> Option<Range<usize>> {
        self.spans.get(path).cloned()
    }
}

const MAX_DEPTH: usize = 128;

struct Scanner<'a> {
    src: &'a [u8],
    pos: usize,
    index: SpanIndex,
    depth: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<u8> {
        self.src.get(self.pos + offset).copied()
    }

    fn skip_until_line_end(&mut self) {
        while let Some(b) = self.peek() {
            self.pos += 1;
            if b == b'\n' {
                break;
            }
        }
    }

    /// Whitespace and comments (`// …`, nested `/* … */`).
    fn skip_trivia(&mut self) {
        loop {
            match (self.peek(), self.peek_at(1)) {
                (Some(b), _) if b.is_ascii_whitespace() => self.pos += 1,
                (Some(b'/'), Some(b'/')) => self.skip_until_line_end(),
                (Some(b'/'), Some(b'*')) => {
                    self.pos += 2;
                    let mut nesting = 1;
                    while nesting > 0 && self.pos < self.src.len() {
                        match (self.peek(), self.peek_at(1)) {
                            (Some(b'*'), Some(b'/')) => {
                                nesting -= 1;
                                self.pos += 2;
                            }
                            (Some(b'/'), Some(b'*')) => {
                                nesting += 1;
                                self.pos += 2;
                            }
                            _ => self.pos += 1,
                        }
                    }
                }
                _ => return,
            }
        }
    }

    fn is_ident_byte(b: u8) -> bool {
        b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
    }

    fn ident(&mut self) -> Range<usize> {
        let start = self.pos;
        // Raw identifiers `r#name`.
        if self.peek() == Some(b'r') && self.peek_at(1) == Some(b'#') {
            self.pos += 2;
        }
        while self.peek().is_some_and(Self::is_ident_byte) {
            self.pos += 1;
        }
        start..self.pos
    }

    fn string(&mut self) {
        // At the opening quote.
        self.pos += 1;
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'\\' => self.pos += 1,
                b'"' => return,
                _ => {}
            }
        }
        self.pos = self.pos.min(self.src.len());
    }

    fn raw_string(&mut self) {
        // At `r`, followed by `#`s and a quote.
        self.pos += 1;
        let mut hashes = 0;
        while self.peek() == Some(b'#') {
            hashes += 1;
            self.pos += 1;
        }
        if self.peek() != Some(b'"') {
            return;
        }
        self.pos += 1;
        while self.pos < self.src.len() {
            if self.peek() == Some(b'"') && (1..=hashes).all(|i| self.peek_at(i) == Some(b'#')) {
                self.pos += 1 + hashes;
                return;
            }
            self.pos += 1;
        }
    }

    /// One value; records its span under `path`.
    fn value(&mut self, path: &mut String) {
        self.skip_trivia();
        let start = self.pos;
        if self.depth > MAX_DEPTH {
            self.pos = self.src.len();
            return;
        }
        self.depth += 1;
        match self.peek() {
            None => {}
            Some(b'"') => self.string(),
            Some(b'r') if matches!(self.peek_at(1), Some(b'"') | Some(b'#')) => {
                if self.peek_at(1) == Some(b'#')
                    && !matches!(self.peek_at(2), Some(b'"') | Some(b'#'))
                {
                    // `r#ident`
                    self.ident();
                    self.maybe_group(path);
                } else {
                    self.raw_string();
                }
            }
            Some(b'\'') => {
                self.pos += 1;
                while let Some(b) = self.peek() {
                    self.pos += 1;
                    match b {
                        b'\\' => self.pos += 1,
                        b'\'' => break,
                        _ => {}
                    }
                }
            }
            Some(b'(') => self.group(path),
            Some(b'[') => self.list(path),
            Some(b'{') => self.map(path),
            Some(b) if b.is_ascii_alphabetic() || b == b'_' => {
                self.ident();
                self.maybe_group(path);
            }
            Some(_) => {
                // Numbers and anything else up to a delimiter.
                while let Some(b) = self.peek() {
                    if matches!(b, b',' | b')' | b']' | b'}' | b':') || b.is_ascii_whitespace() {
                        break;
                    }
                    self.pos += 1;
                }
            }
        }
        self.pos = self.pos.min(self.src.len());
        self.depth -= 1;
        self.index
            .spans
            .entry(path.clone())
            .or_insert(start..self.pos);
    }

    /// After an identifier: `Name(…)` continues into its group; a bare name is a unit value.
    fn maybe_group(&mut self, path: &mut String) {
        let save = self.pos;
        self.skip_trivia();
        if self.peek() == Some(b'(') {
            self.group(path);
        } else {
            self.pos = save;
        }
    }

    /// `( … )`: struct fields when it starts with `name:`, else positional elements.
    fn group(&mut self, path: &mut String) {
        self.pos += 1;
        self.skip_trivia();
        let is_struct = {
            let save = self.pos;
            let name = self.ident();
            self.skip_trivia();
            let colon =
                !name.is_empty() && self.peek() == Some(b':') && self.peek_at(1) != Some(b':');
            self.pos = save;
            colon
        };
        let mut element = 0;
        loop {
            self.skip_trivia();
            match self.peek() {
                None => return,
                Some(b')') => {
                    self.pos += 1;
                    return;
                }
                Some(b',') => {
                    self.pos += 1;
                    continue;
                }
                _ => {}
            }
            let before = self.pos;
            let len = path.len();
            if is_struct {
                let name = self.ident();
                self.skip_trivia();
                if name.is_empty() || self.peek() != Some(b':') {
                    // Not RON we understand: skip a byte so we always move on.
                    self.pos = before + 1;
                    continue;
                }
                self.pos += 1;
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&String::from_utf8_lossy(&self.src[name.clone()]));
                self.index
                    .spans
                    .entry(format!("{path}@name"))
                    .or_insert(name);
            } else {
                path.push_str(&format!("[{element}]"));
                element += 1;
            }
            self.value(path);
            path.truncate(len);
            if self.pos == before {
                self.pos += 1;
            }
        }
    }

    fn list(&mut self, path: &mut String) {
        self.pos += 1;
        let mut element = 0;
        loop {
            self.skip_trivia();
            match self.peek() {
                None => return,
                Some(b']') => {
                    self.pos += 1;
                    return;
                }
                Some(b',') => {
                    self.pos += 1;
                    continue;
                }
                _ => {}
            }
            let before = self.pos;
            let len = path.len();
            path.push_str(&format!("[{element}]"));
            element += 1;
            self.value(path);
            path.truncate(len);
            if self.pos == before {
                self.pos += 1;
            }
        }
    }

    fn map(&mut self, path: &mut String) {
        self.pos += 1;
        loop {
            self.skip_trivia();
            match self.peek() {
                None => return,
                Some(b'}') => {
                    self.pos += 1;
                    return;
                }
                Some(b',') => {
                    self.pos += 1;
                    continue;
                }
                _ => {}
            }
            let before = self.pos;
            let mut key_path = String::from("#key");
            self.value(&mut key_path);
            let key = String::from_utf8_lossy(&self.src[before..self.pos])
                .trim_matches('"')
                .to_owned();
            self.skip_trivia();
            if self.peek() == Some(b':') {
                self.pos += 1;
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&key);
                self.value(path);
                path.truncate(len);
            }
            if self.pos == before {
                self.pos += 1;
            }
        }
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(src.len());
    let before = &src[..floor_char_boundary(src, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// `line_col` for many offsets in one pass over the text, so locating thousands of
/// problems stays linear in the file's size.
pub fn line_cols(src: &str, offsets: &[usize]) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_unstable_by_key(|&i| offsets[i]);
    let mut out = vec![(1, 1); offsets.len()];
    let (mut line, mut col, mut at) = (1, 1, 0);
    for i in order {
        let target = floor_char_boundary(src, offsets[i].min(src.len()));
        for ch in src[at..target].chars() {
            if ch == '\n' {
                line += 1;
                col = 1;
            } else {
                col += 1;
            }
        }
        at = target;
        out[i] = (line, col);
    }
    out
}

/// Byte offset of a 1-based line and character column; clamps to the text.
pub fn offset_of(src: &str, line: usize, col: usize) -> usize {
    let mut offset = 0;
    for (i, l) in src.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let within = l
                .char_indices()
                .nth(col.saturating_sub(1))
                .map_or(l.trim_end_matches('\n').len(), |(b, _)| b);
            return offset + within;
        }
        offset += l.len();
    }
    src.len()
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = r#"// a comment
Scenario(
    id: "cafe",
    title: (ko: "마을카페", en: "Café"),
    game: RolePlay(
        scenes: [
            (id: "a", choices: [(id: "x", next: "b", effects: [Change("funds", -10)])]),
            (id: "b", text: "둘째 /* not a comment */"),
        ],
    ),
)"#;

    fn text_at(path: &str) -> &'static str {
        let index = SpanIndex::build(SRC);
        let span = index.find(path).expect(path);
        &SRC[span]
    }

    #[test]
    fn finds_fields_lists_and_tuple_elements() {
        assert_eq!(text_at("id"), "\"cafe\"");
        assert_eq!(text_at("title.ko"), "\"마을카페\"");
        assert_eq!(text_at("game.scenes[1].id"), "\"b\"");
        assert_eq!(text_at("game.scenes[0].choices[0].next"), "\"b\"");
        assert_eq!(
            text_at("game.scenes[0].choices[0].effects[0][0]"),
            "\"funds\""
        );
        assert_eq!(text_at("game.scenes[0].choices[0].effects[0][1]"), "-10");
        assert_eq!(
            text_at("game.scenes[1].text"),
            "\"둘째 /* not a comment */\""
        );
    }

    #[test]
    fn missing_path_falls_back_to_nearest_ancestor() {
        assert_eq!(
            text_at("game.scenes[1].speaker"),
            "(id: \"b\", text: \"둘째 /* not a comment */\")"
        );
    }

    #[test]
    fn many_offsets_are_located_as_one_at_a_time() {
        let offsets: Vec<usize> = (0..SRC.len() + 3).rev().collect();
        let one_pass = line_cols(SRC, &offsets);
        for (o, lc) in offsets.iter().zip(one_pass) {
            assert_eq!(line_col(SRC, *o), lc, "offset {o}");
        }
    }

    #[test]
    fn line_and_column_count_characters() {
        let at = SRC.find("마을카페").unwrap();
        assert_eq!(line_col(SRC, at), (4, 18));
        let after = SRC.find("\", en").unwrap();
        assert_eq!(line_col(SRC, after), (4, 22));
        assert_eq!(offset_of(SRC, 4, 22), after);
    }
}
