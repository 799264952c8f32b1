//! The authoring tools as an instructor uses them: `kkumgil check` on the bundled scenarios
//! and on a corpus of real mistakes, `kkumgil new`, and the exit codes scripts rely on.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use kkumgil::scenario::{self, Code, FileKind};

#[path = "browser/mod.rs"]
mod browser;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn kkumgil(args: &[&str]) -> Output {
    let data = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_kkumgil"))
        // The English texts these tests read; Korean is the default (see `korean`).
        .env("KKUMGIL_LANG", "en")
        .args(args)
        .env("KKUMGIL_DATA_DIR", data.path())
        .env("NO_COLOR", "1")
        .output()
        .expect("run kkumgil")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn every_bundled_scenario_passes_check_without_warnings() {
    let dir = Path::new(ROOT).join("scenarios");
    let files = scenario::library::ron_files(&dir).unwrap();
    assert!(files.len() >= 3, "bundled files: {files:?}");
    let mut games = 0;
    for file in &files {
        let loaded = scenario::load_file(file);
        assert!(
            loaded.report.diagnostics.is_empty(),
            "{}",
            loaded.report.render(false, kkumgil::i18n::Lang::En)
        );
        if loaded.kind == FileKind::Scenario {
            assert!(loaded.scenario.is_some());
            games += 1;
        }
    }
    assert!(games >= 2);
    // The same files are compiled into the binary; the copies must be the files.
    for (name, text) in scenario::library::EMBEDDED {
        assert_eq!(
            std::fs::read_to_string(dir.join(name)).unwrap(),
            *text,
            "{name}"
        );
    }
}

#[test]
fn check_with_no_paths_checks_the_bundled_scenarios_and_exits_0() {
    let out = kkumgil(&["check"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("village-cafe.ron: ok (role-play"), "{text}");
    assert!(text.contains("community-fund.ron: ok (team game"), "{text}");
    assert!(text.contains("0 error(s), 0 warning(s)"), "{text}");
}

/// `// expect: K0203 12:19` on the first line of each corpus file.
fn expectation(path: &Path) -> (String, usize, usize) {
    let bytes = std::fs::read(path).unwrap();
    let first = String::from_utf8_lossy(&bytes)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned();
    let rest = first.strip_prefix("// expect: ").unwrap_or_else(|| {
        panic!(
            "{}: first line must be `// expect: CODE LINE:COL`",
            path.display()
        )
    });
    let (code, pos) = rest.trim().split_once(' ').expect("code and position");
    let (line, col) = pos.split_once(':').expect("line:col");
    (code.to_owned(), line.parse().unwrap(), col.parse().unwrap())
}

fn corpus() -> Vec<PathBuf> {
    scenario::library::ron_files(&Path::new(ROOT).join("tests/invalid"))
        .unwrap()
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| n != "glossary.ron"))
        .collect()
}

/// Each file holds one mistake a person makes; check must name it with the right code at the
/// right line and column (in characters, so Korean before the mistake does not shift it).
#[test]
fn each_mistake_in_the_corpus_is_reported_with_its_code_line_and_column() {
    let files = corpus();
    assert!(files.len() >= 40, "only {} corpus files", files.len());
    let mut codes = std::collections::BTreeSet::new();
    let mut failures = Vec::new();
    for file in &files {
        let (code, line, col) = expectation(file);
        // Advice shown only with --pedantic is looked for only in its own cases.
        let pedantic = kkumgil::scenario::Code::ALL
            .iter()
            .any(|c| c.as_str() == code && c.is_pedantic());
        let loaded = scenario::load_file_with(file, pedantic);
        let report = &loaded.report;
        let Some(first) = report.diagnostics.first() else {
            failures.push(format!(
                "{}: no diagnostic, expected {code} {line}:{col}",
                file.display()
            ));
            continue;
        };
        let got = (first.code.as_str().to_owned(), report.position(first));
        if got != (code.clone(), (line, col)) {
            failures.push(format!(
                "{}: expected {code} {line}:{col}, got {} {}:{}\n{}",
                file.display(),
                got.0,
                got.1.0,
                got.1.1,
                report.render(false, kkumgil::i18n::Lang::En)
            ));
        }
        // Every diagnostic must say how to fix it, and say it in Korean (the default
        // language) as well as English: message, hint and the underline's label.
        for d in &report.diagnostics {
            if d.hint.is_none() {
                failures.push(format!(
                    "{}: {} has no hint: {}",
                    file.display(),
                    d.code,
                    d.message.en
                ));
            }
            for (part, text) in [
                ("message", Some(&d.message)),
                ("hint", d.hint.as_deref()),
                ("label", d.label.as_deref()),
            ] {
                if let Some(text) = text
                    && (!kkumgil::i18n::has_hangul(&text.ko) || text.en.is_empty())
                {
                    failures.push(format!(
                        "{}: {} {part} is not in both languages: {text:?}",
                        file.display(),
                        d.code
                    ));
                }
            }
        }
        codes.insert(code);
    }
    assert!(
        failures.is_empty(),
        "{} of {} files:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
    assert!(
        codes.len() >= 35,
        "the corpus covers only {} codes: {codes:?}",
        codes.len()
    );
}

#[test]
fn check_exits_1_on_errors_and_reports_json_positions() {
    let file = Path::new(ROOT).join("tests/invalid/next-misspelt-scene.ron");
    let (code, line, col) = expectation(&file);
    let out = kkumgil(&["check", "--format", "json", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let first = &doc["files"][0]["diagnostics"][0];
    assert_eq!(first["code"], code.as_str());
    assert_eq!(first["line"], line);
    assert_eq!(first["column"], col);
    assert_eq!(first["severity"], "error");
    assert!(
        first["hint"]
            .as_str()
            .is_some_and(|h| h.contains("did you mean")),
        "{first}"
    );
    assert_eq!(doc["errors"], 1);
}

#[test]
fn check_text_output_shows_the_line_the_underline_and_a_summary() {
    let file = Path::new(ROOT).join("tests/invalid/next-misspelt-scene.ron");
    let out = kkumgil(&["check", file.to_str().unwrap()]);
    let text = stdout(&out);
    let (_, line, col) = expectation(&file);
    assert!(
        text.contains(&format!(
            "next-misspelt-scene.ron:{line}:{col}: error[K0203]"
        )),
        "{text}"
    );
    assert!(text.contains("help: did you mean"), "{text}");
    assert!(text.contains('─'), "no underline: {text}");
    assert!(
        text.contains("✗ ") && text.contains("1 file(s) checked: 1 error(s)"),
        "{text}"
    );
}

#[test]
fn warnings_do_not_fail_check() {
    let file = Path::new(ROOT).join("tests/invalid/unreachable-scene.ron");
    let out = kkumgil(&["check", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("warning[K0301]"));
}

#[test]
fn bad_usage_exits_2() {
    assert_eq!(
        kkumgil(&["check", "--format", "xml"]).status.code(),
        Some(2)
    );
    assert_eq!(
        kkumgil(&["check", "no/such/file.ron"]).status.code(),
        Some(2)
    );
    assert_eq!(kkumgil(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn version_and_help() {
    let out = kkumgil(&["--version"]);
    assert!(stdout(&out).contains(env!("CARGO_PKG_VERSION")));
    let help = stdout(&kkumgil(&["--help"]));
    assert!(help.contains("check") && help.contains("new"), "{help}");
}

#[test]
fn new_writes_valid_starting_scenarios_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    for (kind, name) in [("role-play", "Our Bakery"), ("team-game", "market-day")] {
        let out = kkumgil(&["new", kind, name, "--dir", d]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let bakery = dir.path().join("our-bakery.ron");
    assert!(bakery.is_file() && dir.path().join("market-day.ron").is_file());
    assert!(
        dir.path().join("glossary.ron").is_file(),
        "the glossary the template names is copied"
    );
    let out = kkumgil(&["check", d]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("0 error(s), 0 warning(s)"),
        "{}",
        stdout(&out)
    );
    let loaded = scenario::load_file(&bakery);
    assert_eq!(loaded.scenario.map(|s| s.id), Some("our-bakery".to_owned()));

    let before = std::fs::read_to_string(&bakery).unwrap();
    let again = kkumgil(&["new", "role-play", "Our Bakery", "--dir", d]);
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&bakery).unwrap(), before);
}

#[test]
fn every_code_is_documented() {
    let docs = std::fs::read_to_string(Path::new(ROOT).join("docs/diagnostics.md")).unwrap();
    for code in Code::ALL {
        assert!(
            docs.contains(&format!("## {}", code.as_str())),
            "docs/diagnostics.md lacks {code}"
        );
    }
}

#[test]
fn simulate_a_bundled_scenario_by_id_gives_the_same_report_for_the_same_seed() {
    let args = [
        "simulate",
        "village-cafe",
        "--runs",
        "600",
        "--seed",
        "9",
        "--format",
        "json",
    ];
    let a = kkumgil(&args);
    assert_eq!(
        a.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&a.stderr)
    );
    let b = kkumgil(&[
        "simulate",
        "village-cafe",
        "--runs",
        "600",
        "--seed",
        "9",
        "--format",
        "json",
        "--threads",
        "1",
    ]);
    assert_eq!(a.stdout, b.stdout, "threads must not change the report");
    let doc: serde_json::Value = serde_json::from_slice(&a.stdout).unwrap();
    let endings = doc["role_play"]["endings"].as_array().unwrap();
    let total: u64 = endings.iter().map(|e| e["runs"].as_u64().unwrap()).sum();
    assert_eq!(total, 600);
    let other_seed = kkumgil(&[
        "simulate",
        "village-cafe",
        "--runs",
        "600",
        "--seed",
        "10",
        "--format",
        "json",
    ]);
    assert_ne!(a.stdout, other_seed.stdout);
}

/// The fund is a declared social dilemma: the report shows the strategies and says both
/// halves of the dilemma hold (instead of calling free-riding a dominant strategy).
#[test]
fn simulate_text_shows_the_fund_is_a_social_dilemma() {
    let out = kkumgil(&["simulate", "community-fund", "--runs", "2000"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("by strategy"), "{text}");
    assert!(
        text.contains("the class does better when all cooperate: yes")
            && text.contains("a lone defector gains by it: yes"),
        "{text}"
    );
    assert!(!text.contains("dominates"), "{text}");
}

#[test]
fn simulate_refuses_broken_scenarios_and_wrong_policies() {
    let broken = Path::new(ROOT).join("tests/invalid/next-misspelt-scene.ron");
    let out = kkumgil(&["simulate", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("K0203"));
    assert_eq!(
        kkumgil(&["simulate", "community-fund", "--policy", "greedy"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        kkumgil(&["simulate", "village-cafe", "--runs", "0"])
            .status
            .code(),
        Some(2)
    );
}

/// A team count the game does not allow is an error that names the range, not silently
/// changed; a role-play refuses `--teams` altogether.
#[test]
fn simulate_refuses_a_team_count_outside_the_game() {
    let out = kkumgil(&["simulate", "community-fund", "--teams", "9", "--runs", "10"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--teams 9") && err.contains("2–8"), "{err}");
    let ok = kkumgil(&["simulate", "community-fund", "--teams", "8", "--runs", "10"]);
    assert!(ok.status.success());
    assert!(stdout(&ok).contains("8 teams"));
    let rp = kkumgil(&["simulate", "village-cafe", "--teams", "3", "--runs", "10"]);
    assert_eq!(rp.status.code(), Some(2));
}

/// `kkumgil` as a Korean teacher runs it: no language asked for, so Korean.
fn korean(args: &[&str], data: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kkumgil"))
        .env_remove("KKUMGIL_LANG")
        .args(args)
        .env("KKUMGIL_DATA_DIR", data)
        .env("NO_COLOR", "1")
        .output()
        .expect("run kkumgil")
}

/// Every subcommand and every argument a teacher sees in `--help` has Korean help (the
/// default), and the English help is still there with `--lang en`.
#[test]
fn the_help_speaks_korean_and_english() {
    fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
        let about = cmd.get_about().map(|a| a.to_string()).unwrap_or_default();
        if !kkumgil::i18n::has_hangul(&about) {
            missing.push(format!("{path}: {about:?}"));
        }
        for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
            let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
            if !kkumgil::i18n::has_hangul(&help) {
                missing.push(format!("{path} --{}: {help:?}", arg.get_id()));
            }
        }
        for sub in cmd.get_subcommands().filter(|c| !c.is_hide_set()) {
            walk(sub, &format!("{path} {}", sub.get_name()), missing);
        }
    }
    let mut missing = Vec::new();
    let mut ko = kkumgil::cli::command_in(kkumgil::i18n::Lang::Ko);
    ko.build();
    walk(&ko, "kkumgil", &mut missing);
    assert!(missing.is_empty(), "no Korean help: {missing:#?}");
    let data = tempfile::tempdir().unwrap();
    let help = stdout(&korean(&["simulate", "--help"], data.path()));
    assert!(
        help.contains("사용법") && help.contains("몇 번 해 볼지"),
        "{help}"
    );
    let help = stdout(&korean(&["sessions", "start", "--help"], data.path()));
    assert!(
        help.contains("씨앗 번호") && help.contains("체험의 날"),
        "{help}"
    );
    let help = stdout(&kkumgil(&["sessions", "start", "--help"]));
    assert!(
        help.contains("Usage") && help.contains("Experience days"),
        "{help}"
    );
}

/// `check` speaks Korean by default (message, hint, underline, summary) and English with
/// `--lang en`; its JSON keeps the English codes and messages and adds both languages.
#[test]
fn check_speaks_korean_by_default() {
    let data = tempfile::tempdir().unwrap();
    let file = Path::new(ROOT).join("tests/invalid/missing-comma.ron");
    let file = file.to_str().unwrap();
    let text = stdout(&korean(&["check", file], data.path()));
    assert!(text.contains("오류[K0101]"), "{text}");
    assert!(text.contains("쉼표"), "{text}");
    assert!(text.contains("파일 1개 검사: 오류 1개, 경고 0개"), "{text}");
    assert!(!text.contains("error(s)"), "{text}");
    let text = stdout(&korean(&["check", "--lang", "en", file], data.path()));
    assert!(
        text.contains("error[K0101]") && text.contains("comma"),
        "{text}"
    );
    assert!(text.contains("1 file(s) checked: 1 error(s)"), "{text}");
    let json = stdout(&korean(&["check", "--format", "json", file], data.path()));
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let d = &doc["files"][0]["diagnostics"][0];
    assert_eq!(d["code"], "K0101");
    assert_eq!(d["message"], d["en"]["message"], "{d}");
    assert!(d["message"].as_str().unwrap().contains("comma"), "{d}");
    assert!(
        kkumgil::i18n::has_hangul(d["ko"]["message"].as_str().unwrap()),
        "{d}"
    );
}

/// `new` with a Korean name says which file and id it made, never overwrites, and a second
/// Korean name gets the next free file; an existing file is refused in Korean with its path.
#[test]
fn new_with_a_korean_name_says_what_it_made() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().join("mine");
    let dir_s = dir.to_str().unwrap();
    let first = korean(
        &["new", "role-play", "우리 빵집", "--dir", dir_s],
        data.path(),
    );
    let text = stdout(&first);
    assert!(first.status.success(), "{text}");
    assert!(
        text.contains("my-scenario.ron") && text.contains("\"우리 빵집\""),
        "{text}"
    );
    assert!(text.contains("title"), "{text}");
    let second = korean(
        &["new", "role-play", "마을 카페", "--dir", dir_s],
        data.path(),
    );
    assert!(second.status.success());
    assert!(
        stdout(&second).contains("my-scenario-2.ron"),
        "{}",
        stdout(&second)
    );
    assert!(dir.join("my-scenario.ron").is_file() && dir.join("my-scenario-2.ron").is_file());
    let again = korean(&["new", "team-game", "bakery", "--dir", dir_s], data.path());
    assert!(again.status.success());
    let refused = korean(&["new", "team-game", "bakery", "--dir", dir_s], data.path());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        err.contains("이미 있어요") && err.contains("bakery.ron"),
        "{err}"
    );
}

/// An instructor's own scenario can be simulated and mapped by its id (the one written in
/// the file, whatever the file is called); an unknown id says what to give instead.
#[test]
fn an_instructors_scenario_is_found_by_its_id() {
    let data = tempfile::tempdir().unwrap();
    let mine = data.path().join("scenarios");
    std::fs::create_dir_all(&mine).unwrap();
    let text =
        std::fs::read_to_string(Path::new(ROOT).join("tests/scenarios/assembly.ron")).unwrap();
    std::fs::write(mine.join("our-first-try.ron"), &text).unwrap();
    let id = text
        .split("id: \"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_owned();
    assert_ne!(id, "our-first-try");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_kkumgil"))
            .env("KKUMGIL_LANG", "en")
            .args(args)
            .arg("--data-dir")
            .arg(data.path())
            .output()
            .unwrap()
    };
    let out = run(&["simulate", &id, "--runs", "50"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&["simulate", "no-such-game", "--runs", "5"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no scenario with that id") && err.contains("path"),
        "{err}"
    );
}

/// `kkumgil map ARGS --out OUT`, which must succeed: what it printed, and the page.
fn map_page(args: &[&str], out: &Path) -> (Output, String) {
    let mut all = vec!["map"];
    all.extend_from_slice(args);
    all.extend(["--out", out.to_str().unwrap()]);
    let run = kkumgil(&all);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let html = std::fs::read_to_string(out).unwrap();
    (run, html)
}

/// The map of a role-play: every scene and ending as a box (the ending's title in it), the
/// choices as arrows with their numbers and texts, dice on random outcomes, and with
/// `--simulate` how often bots took each arrow; a team game's map is its timeline.
#[test]
fn the_map_draws_every_scene_ending_and_choice() {
    let dir = tempfile::tempdir().unwrap();
    let (_, html) = map_page(
        &["village-cafe", "--lang", "ko"],
        &dir.path().join("cafe.html"),
    );
    let loaded = scenario::load_file(&Path::new(ROOT).join("scenarios/village-cafe.ron"));
    let Some(scenario::Game::RolePlay(rp)) = loaded.scenario.map(|s| s.game) else {
        panic!("village-cafe is a role-play");
    };
    for scene in &rp.scenes {
        assert!(html.contains(&scene.id), "scene {} is missing", scene.id);
    }
    for ending in &rp.endings {
        assert!(html.contains(&ending.id), "ending {} is missing", ending.id);
    }
    assert!(
        html.contains("1. 주민 회의를 열어"),
        "the first choice's arrow"
    );
    assert!(html.contains("주사위 "), "a random outcome is marked");
    // The page carries the glyphs it shows, not the whole 1 MB font.
    assert!(html.contains("<svg") && html.contains("font/woff2;base64,"));
    assert!(html.len() < 400_000, "{} bytes", html.len());
    assert!(!html.contains(" · "), "no figures without --simulate");
    let (_, html) = map_page(
        &["village-cafe", "--simulate", "300"],
        &dir.path().join("weighed.html"),
    );
    // A weighed arrow reads "1 · 37%".
    let weighed = html.match_indices(" · ").any(|(i, sep)| {
        let rest = &html[i + sep.len()..];
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        digits > 0 && rest[digits..].starts_with('%')
    });
    assert!(weighed, "arrows say how often they were taken");
    let (_, html) = map_page(&["community-fund"], &dir.path().join("fund.html"));
    assert!(
        html.contains("Round 6") && html.contains("Practice round"),
        "timeline"
    );
}

/// A story with a trap (scenes with no way to an ending) cannot be played, but its map is
/// drawn with the trapped scenes marked by their diagnostic.
#[test]
fn the_map_marks_a_trap_with_its_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let file = Path::new(ROOT).join("tests/invalid/scene-loop.ron");
    let (run, html) = map_page(&[file.to_str().unwrap()], &dir.path().join("loop.html"));
    assert!(stdout(&run).contains("errors, marked in red"));
    assert!(
        html.contains("⚠ K0311") && html.contains("revise"),
        "the trap is marked"
    );
    assert!(html.contains("K0311 (red scenes)"), "with check's words");
}

/// Curly quotes pasted from a word processor: both are named in one pass (the underline runs
/// from the opening “ to the closing ”), and the hint shows the text as it should be.
#[test]
fn curly_quotes_are_named_both_at_once() {
    let loaded = scenario::load_file(&Path::new(ROOT).join("tests/invalid/curly-quotes.ron"));
    let d = &loaded.report.diagnostics[0];
    let quoted = &loaded.report.source[d.span.clone().expect("a span")];
    assert!(quoted.starts_with('“') && quoted.ends_with('”'), "{quoted}");
    let hint = d.hint.as_ref().expect("a hint");
    assert!(hint.en.contains("\"나의 첫 롤플레이\""), "{hint:?}");
    assert!(hint.ko.contains("\"나의 첫 롤플레이\""), "{hint:?}");
}

/// An unknown name in a formula with no close match lists the usable names closest first
/// (so the one that would fix it is near the top), twelve of them, and says how many more.
#[test]
fn an_unknown_formula_name_lists_the_closest_names_first() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        Path::new(ROOT).join("scenarios/glossary.ron"),
        dir.path().join("glossary.ron"),
    )
    .unwrap();
    let source = std::fs::read_to_string(Path::new(ROOT).join("scenarios/community-fund.ron"))
        .unwrap()
        .replace(
            "formula: \"tokens + income - give + share\"",
            "formula: \"tokens + income - give + portion\"",
        );
    let file = dir.path().join("fund.ron");
    std::fs::write(&file, &source).unwrap();
    let loaded = scenario::load_source(&file, source, scenario::Folder::Detached);
    let d = loaded
        .report
        .diagnostics
        .iter()
        .find(|d| d.code == Code::FormulaName)
        .expect("the unknown name is reported");
    let hint = &d.hint.as_ref().expect("a hint").en;
    let (list, more) = hint
        .strip_prefix("names usable here, closest first: ")
        .and_then(|l| l.split_once(" … and "))
        .unwrap_or_else(|| panic!("{hint}"));
    let names: Vec<&str> = list.split(", ").collect();
    assert_eq!(names.len(), 12, "{hint}");
    assert!(
        more.ends_with(" more") && more.trim_end_matches(" more").parse::<usize>().unwrap() > 0
    );
    let close: Vec<f64> = names
        .iter()
        .map(|n| strsim::jaro_winkler("portion", n))
        .collect();
    assert!(close.windows(2).all(|w| w[0] >= w[1]), "{names:?}");
}

/// `sessions` in Korean: an empty data folder has no sessions yet (and listing creates no
/// database), and an unknown session number says what the number is and where to find it.
#[test]
fn sessions_speak_korean_and_listing_creates_nothing() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().to_str().unwrap();
    let out = korean(&["sessions", "list", "--data-dir", dir], data.path());
    assert!(out.status.success());
    assert!(
        stdout(&out).contains("아직 수업 기록이 없어요"),
        "{}",
        stdout(&out)
    );
    assert!(
        std::fs::read_dir(data.path()).unwrap().next().is_none(),
        "listing wrote something"
    );
    let out = korean(&["sessions", "show", "42", "--data-dir", dir], data.path());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("42") && err.contains("kkumgil sessions list"),
        "{err}"
    );
    assert!(kkumgil::i18n::has_hangul(&err), "{err}");
}

/// The map as a teacher's browser shows it (headless Chromium): its boxes are drawn (the
/// good ending's green fill is on the screenshot) and every letter, Hangul included, is set
/// in the font embedded in the page, so a PC without Korean fonts shows no empty boxes.
/// Skipped without Chromium unless KKUMGIL_REQUIRE_CHROMIUM is set (scripts/test sets it);
/// the screenshot is saved in test-artifacts/ to look at.
#[test]
fn the_map_renders_in_a_browser_with_its_own_font() {
    let Some(chromium) = browser::chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("map.html");
    map_page(&["village-cafe", "--lang", "ko"], &page);
    let (shot, fonts) = browser::render(chromium, &page, "map-village-cafe.png", "1400,4000");
    let green = browser::count_pixels(&shot, |p| {
        p[0].abs_diff(0xd8) < 6 && p[1].abs_diff(0xf3) < 6 && p[2].abs_diff(0xe6) < 6
    });
    assert!(
        green > 2_000,
        "the good ending's box is not drawn ({green} px)"
    );
    assert!(!fonts.is_empty(), "no fonts in the printed map");
    assert!(
        fonts.iter().all(|f| f.ends_with("+NanumSquareRoundR")),
        "fonts used: {fonts:?}"
    );
}

/// `--version` names the release and the commit the program was built from.
#[test]
fn the_version_names_the_commit() {
    let out = kkumgil(&["--version"]);
    let text = stdout(&out);
    assert!(out.status.success());
    assert!(text.contains(env!("CARGO_PKG_VERSION")), "{text}");
    let head = Command::new("git")
        .args(["rev-parse", "--short=10", "HEAD"])
        .current_dir(ROOT)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned());
    match head {
        // Built from this checkout (a commit made since would show as the older one until
        // the next build, which cargo re-runs on a new commit).
        Some(commit) => assert!(text.contains(&format!("({commit})")), "{text} vs {commit}"),
        None => assert!(text.contains("(unknown)"), "{text}"),
    }
}

/// The console front (`kkumgil.com` in the Windows package) runs the `kkumgil` beside it with
/// the same arguments, passes its output through, and returns its exit code: what a teacher
/// typing `kkumgil check` in a Windows terminal gets.
#[test]
fn the_console_front_runs_kkumgil_with_the_terminal_attached() {
    let invalid = Path::new(ROOT).join("tests/invalid/next-misspelt-scene.ron");
    let data = tempfile::tempdir().unwrap();
    for args in [
        vec!["check", invalid.to_str().unwrap()],
        vec!["simulate", "village-cafe", "--runs", "50", "--seed", "7"],
        vec!["check", "no-such-file.ron"],
    ] {
        let run = |program: &str| {
            Command::new(program)
                .args(&args)
                .env("KKUMGIL_DATA_DIR", data.path())
                .env("NO_COLOR", "1")
                .output()
                .expect("run")
        };
        let direct = run(env!("CARGO_BIN_EXE_kkumgil"));
        let front = run(env!("CARGO_BIN_EXE_kkumgil-console"));
        assert_eq!(front.status.code(), direct.status.code(), "{args:?}");
        assert_eq!(stdout(&front), stdout(&direct), "{args:?}");
        assert_eq!(front.stderr, direct.stderr, "{args:?}");
    }
    // A front without its program beside it says so and which file it looked for.
    let alone = tempfile::tempdir().unwrap();
    let copy = alone.path().join("kkumgil-console");
    std::fs::copy(env!("CARGO_BIN_EXE_kkumgil-console"), &copy).unwrap();
    let out = Command::new(&copy).arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("시작할 수 없어요") && said.contains(&*alone.path().to_string_lossy()),
        "{said}"
    );
}
