//! Hostile input: files written to break the tools, as a curious student or a damaged disk
//! would. Each must end in a clear message, never a panic or a hang.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use kkumgil::scenario::{self, Code, library, synthetic};

/// Runs kkumgil; a run that has not finished in a minute fails the test (a hang must not
/// stall the suite).
fn kkumgil(args: &[&str], dir: &Path) -> Output {
    let child = Command::new(env!("CARGO_BIN_EXE_kkumgil"))
        // The English texts these tests read; Korean is the default (see tests/cli.rs).
        .env("KKUMGIL_LANG", "en")
        .args(args)
        .current_dir(dir)
        .env("KKUMGIL_DATA_DIR", dir.join("data"))
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run kkumgil");
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || send.send(child.wait_with_output().expect("output")));
    receive
        .recv_timeout(Duration::from_secs(60))
        .unwrap_or_else(|_| panic!("kkumgil {args:?} hung"))
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn a_scenario_written_on_one_line_is_checked_simulated_and_started_without_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("minified.ron");
    let source = synthetic::one_line(600, 3);
    assert_eq!(source.lines().count(), 1);
    std::fs::write(&file, &source).unwrap();
    let warning_at = source.find("orphan").unwrap();
    assert!(
        warning_at > 70_000,
        "the warning must be far out: {warning_at}"
    );

    let check = kkumgil(&["check", "minified.ron"], dir.path());
    let out = text(&check);
    assert_eq!(check.status.code(), Some(0), "{out}");
    // The warning names its line and column, and the excerpt is short, not the whole line.
    assert!(out.contains("minified.ron:1:"), "{out}");
    assert!(out.contains("K0301"), "{out}");
    assert!(out.len() < 3_000, "{} bytes shown", out.len());

    let simulate = kkumgil(&["simulate", "minified.ron", "--runs", "20"], dir.path());
    assert_eq!(simulate.status.code(), Some(0), "{}", text(&simulate));
    let start = kkumgil(
        &["sessions", "start", "minified.ron", "--class", "2-3"],
        dir.path(),
    );
    assert_eq!(start.status.code(), Some(0), "{}", text(&start));
}

#[test]
fn thousands_of_problems_are_reported_briefly_with_all_of_them_on_request() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("broken.ron"),
        synthetic::unknown_targets(1_000, 5),
    )
    .unwrap();
    let loaded = scenario::load_file(&dir.path().join("broken.ron"));
    let unknown = loaded
        .report
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::UnknownReference)
        .count();
    assert!(unknown > 3_000, "{unknown}");

    let brief = kkumgil(&["check", "broken.ron"], dir.path());
    let out = text(&brief);
    assert_eq!(brief.status.code(), Some(1));
    assert_eq!(
        out.matches("error[K0203]").count(),
        scenario::SHOWN_PER_CODE
    );
    assert!(
        out.contains(&format!(
            "and {} more K0203",
            unknown - scenario::SHOWN_PER_CODE
        )),
        "{out}"
    );
    assert!(out.contains(&format!("{unknown} error(s)")), "{out}");

    let all = kkumgil(&["check", "--all", "broken.ron"], dir.path());
    assert_eq!(text(&all).matches("error[K0203]").count(), unknown);
    // Positions agree with the one-at-a-time count for the last problem too.
    let json = kkumgil(&["check", "--format", "json", "broken.ron"], dir.path());
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let diags = doc["files"][0]["diagnostics"].as_array().unwrap();
    let last = loaded.report.diagnostics.last().unwrap();
    let (line, col) = loaded.report.position(last);
    assert_eq!(diags.last().unwrap()["line"], line);
    assert_eq!(diags.last().unwrap()["column"], col);
}

#[test]
fn control_characters_and_terminal_escapes_are_shown_escaped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("escape.ron"),
        "Scenario(id: \"bad\u{1b}[2J\u{7}\", title: \"x\", minutes: 30, game: RolePlay(scenes: [], endings: []))",
    )
    .unwrap();
    let out = text(&kkumgil(&["check", "escape.ron"], dir.path()));
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
    assert!(out.contains("\\u{1b}[2J\\u{7}"), "{out}");
}

#[cfg(unix)]
#[test]
fn pipes_and_devices_are_refused_without_reading_them() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let fifo = Command::new("mkfifo")
        .arg(d.join("pipe.ron"))
        .status()
        .expect("mkfifo");
    assert!(fifo.success());
    std::os::unix::fs::symlink("/dev/zero", d.join("zero.ron")).unwrap();
    std::os::unix::fs::symlink("/dev/urandom", d.join("glossary.ron")).unwrap();
    for name in ["pipe.ron", "zero.ron"] {
        let loaded = scenario::load_file(&d.join(name));
        let first = &loaded.report.diagnostics[0];
        assert_eq!(first.code, Code::Unreadable, "{name}");
        assert!(
            first.message.en.contains("not a regular file"),
            "{name}: {}",
            first.message.en
        );
    }
    // A whole folder with them in it: each is reported, nothing hangs.
    let check = kkumgil(&["check", "."], d);
    let out = text(&check);
    assert_eq!(check.status.code(), Some(1), "{out}");
    assert!(
        out.contains("pipe.ron") && out.contains("zero.ron"),
        "{out}"
    );
    // A scenario naming the device as its glossary is refused as well.
    std::fs::write(
        d.join("uses-glossary.ron"),
        synthetic::role_play(3, 1).replacen(
            "minutes: 45,",
            "minutes: 45, glossary_file: \"glossary.ron\",",
            1,
        ),
    )
    .unwrap();
    let check = kkumgil(&["check", "uses-glossary.ron"], d);
    assert_eq!(check.status.code(), Some(1), "{}", text(&check));
}

#[cfg(unix)]
#[test]
fn a_folder_linking_back_to_itself_is_walked_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("one.ron"), synthetic::role_play(3, 1)).unwrap();
    std::fs::create_dir(d.join("sub")).unwrap();
    std::fs::write(d.join("sub/two.ron"), synthetic::role_play(3, 2)).unwrap();
    for link in ["a", "b", "sub/up"] {
        let target = if link.starts_with("sub") { ".." } else { "." };
        std::os::unix::fs::symlink(target, d.join(link)).unwrap();
    }
    let files = library::ron_files(d).unwrap();
    let names: Vec<String> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted, ["one.ron", "two.ron"]);
    assert_eq!(names.len(), 2, "each file once: {files:?}");
}

/// The bundled team game with one piece of it replaced.
fn community_fund_with(from: &str, to: &str) -> scenario::Loaded {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let text = std::fs::read_to_string(dir.join("community-fund.ron")).unwrap();
    assert!(text.contains(from), "{from}");
    scenario::load_source(
        &dir.join("changed.ron"),
        text.replacen(from, to, 1),
        scenario::Folder::Disk(&dir),
    )
}

#[test]
fn numbers_that_are_not_finite_are_errors_at_their_place() {
    // The line of the multiplier in the bundled file (1-based).
    let fund = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/community-fund.ron"),
    )
    .unwrap();
    let line = 1 + fund
        .lines()
        .position(|l| l.contains("value: 1.6,"))
        .unwrap();
    for bad in ["NaN", "inf", "-inf", "1e999"] {
        let loaded = community_fund_with("value: 1.6,", &format!("value: {bad},"));
        assert!(loaded.scenario.is_none(), "{bad} accepted");
        let first = &loaded.report.diagnostics[0];
        assert!(
            first.message.en.contains("finite number"),
            "{bad}: {}",
            first.message.en
        );
        assert_eq!(loaded.report.position(first).0, line, "{bad}");
    }
    assert!(
        community_fund_with("value: 1.6,", "value: 1e300,")
            .scenario
            .is_some()
    );
}

#[test]
fn an_empty_formula_is_an_error() {
    for blank in ["\"\"", "\"   \""] {
        let loaded =
            community_fund_with("score: \"tokens + community\"", &format!("score: {blank}"));
        assert!(loaded.scenario.is_none(), "{blank} accepted");
        let first = &loaded.report.diagnostics[0];
        assert!(
            first.message.en.contains("the formula is empty"),
            "{}",
            first.message.en
        );
    }
}

#[cfg(unix)]
#[test]
fn an_image_that_links_outside_the_scenario_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("class/pictures")).unwrap();
    std::fs::write(d.join("secret.png"), b"not for the projector").unwrap();
    std::fs::write(d.join("class/pictures/own.png"), b"png").unwrap();
    std::os::unix::fs::symlink("../secret.png", d.join("class/link.png")).unwrap();
    std::os::unix::fs::symlink("..", d.join("class/up")).unwrap();
    let with_cover = |cover: &str| {
        let file = d.join("class/game.ron");
        let text = synthetic::role_play(3, 1).replacen(
            "minutes: 45,",
            &format!("minutes: 45, cover: \"{cover}\","),
            1,
        );
        std::fs::write(&file, text).unwrap();
        scenario::load_file(&file)
    };
    assert!(with_cover("pictures/own.png").scenario.is_some());
    for escaping in ["link.png", "up/secret.png"] {
        let loaded = with_cover(escaping);
        assert!(loaded.scenario.is_none(), "{escaping} accepted");
        assert_eq!(
            loaded.report.diagnostics[0].code,
            Code::ImagePath,
            "{escaping}"
        );
    }
}

#[test]
fn decisions_no_team_could_make_in_the_first_round_are_errors() {
    for (max, says) in [
        ("\"1000000000000\"", "within ±1000000"),
        ("\"income / 0\"", "division by zero"),
        ("\"-1\"", "no number fits"),
    ] {
        let loaded = community_fund_with("max: \"income\"", &format!("max: {max}"));
        assert!(loaded.scenario.is_none(), "{max} accepted");
        let first = &loaded.report.diagnostics[0];
        assert_eq!(
            first.code,
            Code::DecisionBounds,
            "{max}: {}",
            first.message.en
        );
        assert!(
            first.message.en.contains(says),
            "{max}: {}",
            first.message.en
        );
    }
}

/// A bound that grows past a classroom's only in later rounds passes `check` (it depends on
/// play); `simulate` must still finish at once and say what went wrong, not hang or crash.
#[test]
fn simulate_reports_a_bound_that_grows_absurd_during_play() {
    let dir = tempfile::tempdir().unwrap();
    let fund = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/community-fund.ron");
    let source = std::fs::read_to_string(fund).unwrap().replacen(
        "max: \"income\"",
        "max: \"if(round > 2, 1000000000000, income)\"",
        1,
    );
    let file = dir.path().join("growing.ron");
    std::fs::write(&file, source).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/glossary.ron"),
        dir.path().join("glossary.ron"),
    )
    .unwrap();
    // The cards' pictures, which `check` looks for beside the file.
    let images = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/images");
    std::fs::create_dir(dir.path().join("images")).unwrap();
    for entry in std::fs::read_dir(images).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(
            entry.path(),
            dir.path().join("images").join(entry.file_name()),
        )
        .unwrap();
    }
    let out = kkumgil(&["check", "growing.ron"], dir.path());
    assert!(out.status.success(), "{}", text(&out));
    let out = kkumgil(&["simulate", "growing.ron", "--runs", "200"], dir.path());
    let said = text(&out);
    assert!(!said.contains("panicked"), "{said}");
    assert!(said.contains("within ±1000000"), "{said}");
}
