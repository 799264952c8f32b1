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

/// A page as a browser shows and prints it: a screenshot saved as `test-artifacts/<shot>` and
/// the fonts of its printed PDF. `size` is the window, e.g. "1400,1000".
#[allow(dead_code)]
pub fn render(
    chromium: &str,
    page: &std::path::Path,
    shot: &str,
    size: &str,
) -> (std::path::PathBuf, Vec<String>) {
    let artifacts = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("test-artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    let shot = artifacts.join(shot);
    let pdf = page.with_extension("pdf");
    for what in [
        format!("--screenshot={}", shot.display()),
        format!("--print-to-pdf={}", pdf.display()),
    ] {
        let o = Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
            ])
            .arg(format!("--window-size={size}"))
            .arg("--no-pdf-header-footer")
            .arg(what)
            .arg(format!("file://{}", page.display()))
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let fonts = pdf_fonts(&std::fs::read(&pdf).unwrap());
    (shot, fonts)
}

/// How many pixels of a screenshot satisfy `pred` (given the pixel's channels, RGB first).
#[allow(dead_code)]
pub fn count_pixels(shot: &std::path::Path, pred: impl Fn(&[u8]) -> bool) -> usize {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(shot).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    buf[..info.buffer_size()]
        .chunks_exact(channels)
        .filter(|p| pred(p))
        .count()
}
