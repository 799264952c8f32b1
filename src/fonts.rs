//! The bundled Hangul font (NanumSquareRound by NAVER, SIL Open Font License 1.1:
//! assets/fonts/OFL.txt), compiled into the binary once: the app draws with it, and every
//! exported report carries a copy (with its licence) so it reads the same on any computer.

pub const REGULAR: &[u8] = include_bytes!("../assets/fonts/NanumSquareRoundR.ttf");
pub const BOLD: &[u8] = include_bytes!("../assets/fonts/NanumSquareRoundB.ttf");
pub const LICENSE: &[u8] = include_bytes!("../assets/fonts/OFL.txt");

/// The file name the font's licence is written under beside a report.
pub const LICENSE_FILE: &str = "OFL.txt";

/// A CSS `@font-face` rule for the family `Kkumgil`, with the bundled regular face embedded
/// as a data URL, so a page Kkumgil writes shows its Hangul on a computer without Korean fonts.
/// Only the glyphs of `text` (what the page shows) and of printable ASCII are embedded, as
/// WOFF2; should subsetting fail, the whole font goes in (a larger page, never a broken one).
pub fn face_css(text: &str) -> String {
    use base64::Engine as _;
    let (bytes, format, mime) = match subset(text) {
        Some(woff2) => (woff2, "woff2", "font/woff2"),
        None => (REGULAR.to_vec(), "truetype", "font/ttf"),
    };
    let font = base64::engine::general_purpose::STANDARD.encode(bytes);
    format!(
        "@font-face{{font-family:'Kkumgil';src:url(data:{mime};base64,{font}) format('{format}')}}"
    )
}

/// The regular face cut down to the characters of `text` and printable ASCII, as WOFF2.
pub fn subset(text: &str) -> Option<Vec<u8>> {
    let font = font_subset::Font::opentype(REGULAR).ok()?;
    // Letters the font lacks (an emoji, a rare symbol) fall back to the reader's own fonts.
    let chars: std::collections::BTreeSet<char> = (' '..='~')
        .chain(text.chars())
        .filter(|c| !c.is_control() && font.contains_char(*c))
        .collect();
    let cut = font.subset(&chars).ok()?;
    Some(cut.to_woff2())
}

#[cfg(test)]
mod tests {
    /// A page's font is a small cut of the bundled one that still has every letter it shows.
    #[test]
    fn a_page_font_has_its_letters_and_is_small() {
        let text = "꿈길 체험 운영 보고 — 방문 학생 1,891명 (월평균 158명) Kkumgil";
        let cut = super::subset(text).expect("a subset");
        assert!(cut.len() < 60_000, "{} bytes", cut.len());
        assert!(cut.len() * 10 < super::REGULAR.len());
        let css = super::face_css(text);
        assert!(css.contains("font/woff2"), "{}", &css[..80]);
    }
}
