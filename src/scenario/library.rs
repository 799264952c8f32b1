//! Where scenario files live: the bundled set shipped with Kkumgil, and the instructor's own
//! folder in the platform's data directory.

use std::path::{Path, PathBuf};

/// The bundled scenarios, compiled into the binary so a copied `kkumgil.exe` still has them.
pub const EMBEDDED: &[(&str, &str)] = &[
    ("glossary.ron", include_str!("../../scenarios/glossary.ron")),
    (
        "village-cafe.ron",
        include_str!("../../scenarios/village-cafe.ron"),
    ),
    (
        "community-fund.ron",
        include_str!("../../scenarios/community-fund.ron"),
    ),
    (
        "school-coop.ron",
        include_str!("../../scenarios/school-coop.ron"),
    ),
    (
        "keep-the-mission.ron",
        include_str!("../../scenarios/keep-the-mission.ron"),
    ),
    (
        "mentoring.ron",
        include_str!("../../scenarios/mentoring.ron"),
    ),
    (
        "revive-our-town.ron",
        include_str!("../../scenarios/revive-our-town.ron"),
    ),
    (
        "market-day.ron",
        include_str!("../../scenarios/market-day.ron"),
    ),
    (
        "golden-bell.ron",
        include_str!("../../scenarios/golden-bell.ron"),
    ),
    (
        "fair-trade.ron",
        include_str!("../../scenarios/fair-trade.ron"),
    ),
    (
        "pitch-invest.ron",
        include_str!("../../scenarios/pitch-invest.ron"),
    ),
    (
        "village-pond.ron",
        include_str!("../../scenarios/village-pond.ron"),
    ),
];

/// The bundled scenarios on disk, when there is a copy: `scenarios/` beside the executable
/// (an installed or unzipped release), else the source tree this binary was built from.
pub fn bundled_dir() -> Option<PathBuf> {
    let beside_exe = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|d| d.join("scenarios")));
    let source_tree = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    beside_exe
        .into_iter()
        .chain([source_tree])
        .find(|d| d.join("glossary.ron").is_file())
}

/// Kkumgil's data folder: `--data-dir`/`KKUMGIL_DATA_DIR` if given, else the platform's
/// (`%APPDATA%\Kkumgil\Kkumgil\data` on Windows, `~/.local/share/kkumgil` on Linux).
pub fn data_dir(explicit: Option<&Path>) -> Option<PathBuf> {
    if let Some(dir) = explicit {
        return Some(dir.to_path_buf());
    }
    if let Some(dir) = std::env::var_os("KKUMGIL_DATA_DIR") {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("kr", "Kkumgil", "Kkumgil").map(|p| p.data_dir().to_path_buf())
}

/// The instructor's own scenarios.
pub fn user_dir(data_dir: Option<&Path>) -> Option<PathBuf> {
    self::data_dir(data_dir).map(|d| d.join("scenarios"))
}

/// Every `.ron` file under `dir` (recursively), sorted, so output order is stable.
///
/// Links are followed, but each folder is read once, so a link back up the tree (`loop -> .`)
/// neither repeats files nor makes the walk endless. Entries that are not regular files (a
/// pipe named `x.ron`, a link to a device) are listed too: reading them reports the problem
/// (see `scenario::load_file`) instead of hanging. Subfolders that cannot be read are skipped.
pub fn ron_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let top = d == dir;
        // A subfolder that cannot be read is left out; the folder asked for must be readable.
        let listing = std::fs::canonicalize(&d).and_then(|real| Ok((real, std::fs::read_dir(&d)?)));
        let (real, entries) = match listing {
            Ok(l) => l,
            Err(e) if top => return Err(e),
            Err(_) => continue,
        };
        // The same folder reached twice, by a link or a loop, is walked once.
        if !seen.insert(real) {
            continue;
        }
        for entry in entries {
            let Ok(entry) = entry else { continue };
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
            {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}
