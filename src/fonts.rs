//! The bundled Hangul font (NanumSquareRound by NAVER, SIL Open Font License 1.1:
//! assets/fonts/OFL.txt), compiled into the binary once: the app draws with it, and every
//! exported report carries a copy (with its licence) so it reads the same on any computer.

pub const REGULAR: &[u8] = include_bytes!("../assets/fonts/NanumSquareRoundR.ttf");
pub const BOLD: &[u8] = include_bytes!("../assets/fonts/NanumSquareRoundB.ttf");
pub const LICENSE: &[u8] = include_bytes!("../assets/fonts/OFL.txt");

/// File names the report's `@font-face` and the licence are written under.
pub const REGULAR_FILE: &str = "NanumSquareRoundR.ttf";
pub const LICENSE_FILE: &str = "OFL.txt";
