//! Headless Chromium for the tests of pages Kkumgil writes (reports, maps).

use std::process::Command;

/// The Chromium on this machine; `None` skips a page test, unless KKUMGIL_REQUIRE_CHROMIUM
/// is set (scripts/test installs Chromium and sets it), when its absence fails the test.
pub fn chromium() -> Option<&'static str> {
    let found = ["chromium", "chromium-browser"].into_iter().find(|c| {
        Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("KKUMGIL_REQUIRE_CHROMIUM").is_none(),
            "KKUMGIL_REQUIRE_CHROMIUM is set but chromium is not installed"
        );
        eprintln!("no chromium: page test skipped");
    }
    found
}

/// The fonts a PDF printed by Chromium embeds (subset names like `AAAAAA+NanumSquareRoundR`).
pub fn pdf_fonts(pdf: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(pdf);
    text.match_indices("/FontName /")
        .map(|(i, _)| {
            let name = &text[i + 11..];
            name[..name
                .find(|c: char| !c.is_ascii_alphanumeric() && c != '+')
                .unwrap_or(0)]
                .to_owned()
        })
        .collect()
}
