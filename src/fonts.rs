//! The bundled Hangul font (NanumSquareRound by NAVER, SIL Open Font License 1.1:
//! assets/fonts/OFL.txt), compiled into the binary once: the app draws with it, and every
//! exported report carries a copy (with its licence) so it reads the same on any computer.

pub const REGULAR: &[u8] = include_bytes!("../assets/fonts/NanumSquareRoundR.ttf");
pub const BOLD: &[u8] = include_bytes!("../assets/fonts/NanumSquareRoundB.ttf");
pub const LICENSE: &[u8] = include_bytes!("../assets/fonts/OFL.txt");

/// File names the report's `@font-face` and the licence are written under.
pub const REGULAR_FILE: &str = "NanumSquareRoundR.ttf";
pub const LICENSE_FILE: &str = "OFL.txt";

/// A CSS `@font-face` rule for the family `Kkumgil`, with the bundled regular face embedded
/// as a data URL, so a page Kkumgil writes shows its Hangul on a computer without Korean fonts.
/// `text` is what the page shows (the characters the face must have).
pub fn face_css(text: &str) -> String {
    use base64::Engine as _;
    let _ = text;
    let font = base64::engine::general_purpose::STANDARD.encode(REGULAR);
    format!(
        "@font-face{{font-family:'Kkumgil';src:url(data:font/ttf;base64,{font}) format('truetype')}}"
    )
}
