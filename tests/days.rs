//! Experience days: a day plan is checked like a scenario and becomes a rotation timetable;
//! plans that cannot work are refused with the line and column of the cause.

use std::path::{Path, PathBuf};
use std::process::Command;

use kkumgil::day::{self, DayPlan, ScenarioInfo, clock, minutes_of};
use kkumgil::i18n::Lang;

mod browser;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The command line as a Korean instructor runs it (the default language).
fn korean_cli() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kkumgil"));
    c.env_remove("KKUMGIL_LANG");
    c
}

fn example() -> PathBuf {
    Path::new(ROOT).join("docs/examples/day-plan.ron")
}

/// The bundled scenarios' titles and lengths, as the CLI finds them.
fn bundled(name: &str) -> Option<ScenarioInfo> {
    let loaded = kkumgil::scenario::load_file(
        &Path::new(ROOT)
            .join("scenarios")
            .join(format!("{name}.ron")),
    );
    loaded.scenario.map(|s| ScenarioInfo {
        id: s.id.clone(),
        title: s.title.ko.clone(),
        minutes: s.minutes,
    })
}

/// A plan from text, with the example's stations and the groups and breaks given.
fn plan_with(groups: &str, breaks: &str, schedule: &str) -> day::LoadedPlan {
    let text = format!(
        r#"DayPlan(
    date: "2026-12-10",
    stations: [
        (id: "cafe", name: "카페", scenario: "school-coop", minutes: 35),
        (id: "fund", name: "기금", scenario: "community-fund", minutes: 45),
    ],
    groups: [
{groups}
    ],
    breaks: [{breaks}],
{schedule}
)
"#
    );
    day::load_source(Path::new("plan.ron"), text, &bundled)
}

/// Every game lies in its group's visit and outside the breaks, no station and no group is in
/// two games at once, and each game lasts its station's minutes.
fn assert_consistent(plan: &DayPlan) {
    for (i, a) in plan.slots.iter().enumerate() {
        let g = &plan.groups[a.group];
        assert!(
            a.start >= g.arrive && a.end <= g.leave,
            "{a:?} outside {g:?}"
        );
        assert_eq!(a.end - a.start, plan.stations[a.station].minutes);
        for &(from, to) in &plan.breaks {
            assert!(a.end <= from || a.start >= to, "{a:?} in a break");
        }
        for b in &plan.slots[..i] {
            let overlap = a.start < b.end && b.start < a.end;
            assert!(
                !(overlap && (a.station == b.station || a.group == b.group)),
                "{a:?} and {b:?} overlap"
            );
            if a.group == b.group && a.start >= b.end {
                assert!(a.start >= b.end + plan.change_minutes, "no time to move");
            }
        }
    }
}

#[test]
fn the_example_day_rotates_every_group_through_every_station() {
    let loaded = day::load(&example(), &bundled);
    assert!(
        loaded.report.diagnostics.is_empty(),
        "{}",
        loaded.report.render(false, Lang::En)
    );
    let plan = loaded.plan.unwrap();
    assert_consistent(&plan);
    for g in 0..plan.groups.len() {
        let mut stations: Vec<usize> = plan
            .slots
            .iter()
            .filter(|s| s.group == g)
            .map(|s| s.station)
            .collect();
        stations.sort_unstable();
        assert_eq!(stations, vec![0, 1, 2], "group {g}");
    }
    assert_eq!(plan.students(), 26 + 25 + 28);
    // Everyone moves at the same bell: three rounds, the third after the break.
    let mut starts: Vec<u32> = plan.slots.iter().map(|s| s.start).collect();
    starts.dedup();
    assert_eq!(
        starts,
        ["09:00", "09:50", "10:50"].map(|t| minutes_of(t).unwrap())
    );
    // The same plan, the same timetable.
    assert_eq!(day::load(&example(), &bundled).plan.unwrap(), plan);
}

#[test]
fn the_cli_prints_the_timetable_in_korean() {
    let out = korean_cli()
        .args(["day", "plan"])
        .arg(example())
        .env("KKUMGIL_DATA_DIR", tempfile::tempdir().unwrap().path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let plan = day::load(&example(), &bundled).plan.unwrap();
    assert!(text.contains("역 3곳, 모둠 3개, 학생 79명"), "{text}");
    assert!(text.contains("10:40–10:50  쉬는 시간"), "{text}");
    // Every game is on its line: start–end, the station, the group.
    for s in &plan.slots {
        let line = format!(
            "{}–{}  {}  ←  {}",
            clock(s.start),
            clock(s.end),
            plan.stations[s.station].name,
            plan.groups[s.group].label()
        );
        assert!(text.contains(&line), "{line} missing in\n{text}");
    }
}

/// A hand-written schedule that puts two groups in one station at once is refused, at the
/// entry that collides, in Korean.
#[test]
fn a_double_booked_station_is_refused() {
    let loaded = plan_with(
        r#"        (id: "a", school: "율하중", class: "2-3", students: 20, arrive: "09:00", leave: "12:00"),
        (id: "b", school: "율하중", class: "2-4", students: 20, arrive: "09:00", leave: "12:00"),"#,
        "",
        r#"    schedule: [
        (station: "cafe", group: "a", at: "09:00"),
        (station: "cafe", group: "b", at: "09:20"),
    ],"#,
    );
    assert!(loaded.plan.is_none());
    let d = &loaded.report.diagnostics[0];
    assert_eq!(d.code.as_str(), "K0503");
    assert_eq!(loaded.report.position(d), (14, 9));
    assert!(d.message.ko.contains("두 번"), "{:?}", d.message);
}

/// A group whose visit is shorter than any station's slot cannot play: refused at the group.
#[test]
fn a_group_that_cannot_play_within_its_visit_is_refused() {
    let loaded = plan_with(
        r#"        (id: "a", school: "율하중", class: "2-3", students: 20, arrive: "09:00", leave: "09:30"),"#,
        "",
        "",
    );
    assert!(loaded.plan.is_none());
    let d = &loaded.report.diagnostics[0];
    assert_eq!(d.code.as_str(), "K0504");
    assert_eq!(loaded.report.position(d).0, 8);
    assert!(d.message.ko.contains("09:00–09:30"), "{:?}", d.message);
    // A longer visit that fits one station but not both is a warning, and the plan stands.
    let loaded = plan_with(
        r#"        (id: "a", school: "율하중", class: "2-3", students: 20, arrive: "09:00", leave: "10:00"),"#,
        "",
        "",
    );
    let d = &loaded.report.diagnostics[0];
    assert_eq!(d.code.as_str(), "K0505");
    assert!(loaded.plan.is_some_and(|p| p.slots.len() == 1));
}

/// A slot shorter than its scenario, a time that is not a time, and a hand-written game in a
/// break: each refused where it is written.
#[test]
fn short_slots_bad_times_and_games_in_breaks_are_refused() {
    let text = std::fs::read_to_string(example())
        .unwrap()
        .replace("minutes: 35", "minutes: 20");
    let loaded = day::load_source(Path::new("plan.ron"), text.clone(), &bundled);
    let d = &loaded.report.diagnostics[0];
    assert_eq!(d.code.as_str(), "K0502");
    assert!(d.message.ko.contains("30분"), "{:?}", d.message);
    let at = text.find("minutes: 20").unwrap() + "minutes: ".len();
    assert_eq!(d.span.as_ref().map(|s| s.start), Some(at));

    let loaded = plan_with(
        r#"        (id: "a", school: "율하중", class: "2-3", students: 20, arrive: "9시", leave: "12:00"),"#,
        "",
        "",
    );
    assert_eq!(loaded.report.diagnostics[0].code.as_str(), "K0501");

    let loaded = plan_with(
        r#"        (id: "a", school: "율하중", class: "2-3", students: 20, arrive: "09:00", leave: "12:00"),"#,
        r#"(from: "10:00", to: "10:15")"#,
        r#"    schedule: [(station: "fund", group: "a", at: "09:30")],"#,
    );
    let d = &loaded.report.diagnostics[0];
    assert_eq!(d.code.as_str(), "K0504");
    assert!(d.message.ko.contains("쉬는 시간"), "{:?}", d.message);
}

/// The wall timetable in a browser with no Korean fonts of its own: every letter is set in
/// the font the page carries, and the groups' colours are drawn. Saved in test-artifacts/.
#[test]
fn the_wall_timetable_renders_in_a_browser() {
    let Some(chromium) = browser::chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("timetable.html");
    let out = Command::new(env!("CARGO_BIN_EXE_kkumgil"))
        .args(["day", "plan"])
        .arg(example())
        .args(["--format", "html", "--out"])
        .arg(&page)
        .env("KKUMGIL_DATA_DIR", dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (shot, fonts) = browser::render(chromium, &page, "day-timetable.png", "1400,1000");
    assert!(!fonts.is_empty(), "no fonts in the printed timetable");
    assert!(
        fonts.iter().all(|f| f.ends_with("NanumSquareRoundR")),
        "fonts used: {fonts:?}"
    );
    // The first group's orange (#E69F00) marks its games.
    let orange = browser::count_pixels(&shot, |p| {
        p[0].abs_diff(0xE6) < 8 && p[1].abs_diff(0x9F) < 8 && p[2] < 20
    });
    assert!(
        orange > 200,
        "the first group's colour is not drawn ({orange} px)"
    );
}

/// The plan shown in the Korean guide is a plan that works.
#[test]
fn the_guides_example_plan_is_valid() {
    let guide = std::fs::read_to_string(Path::new(ROOT).join("docs/experience-days.md")).unwrap();
    let start = guide.find("```ron\n").expect("a ron example") + "```ron\n".len();
    let end = start + guide[start..].find("```").unwrap();
    let loaded = day::load_source(
        Path::new("guide.ron"),
        guide[start..end].to_owned(),
        &bundled,
    );
    assert!(
        loaded.report.diagnostics.is_empty(),
        "{}",
        loaded.report.render(false, Lang::En)
    );
    assert!(loaded.plan.is_some_and(|p| !p.slots.is_empty()));
}

// ---------------------------------------------------------------- merging station databases

use kkumgil::engine::team_game::{Command as Tg, Decided};
use kkumgil::session::store::{Store, StoreError};
use kkumgil::session::{self, Command as Cmd, Mode, Pinned, Setup};

fn station_setup(class: &str, seed: u64) -> Setup {
    Setup {
        class_label: class.into(),
        instructor: String::new(),
        day: "2026-12-10".into(),
        group: class.into(),
        station: String::new(),
        teams: session::default_teams(4),
        mode: Mode::Rounds,
        seed,
        hide_leaderboard: false,
    }
}

/// A session of the community fund on a station, with `commands` of its first round.
fn play(store: &mut Store, class: &str, seed: u64, commands: usize) -> i64 {
    let (pinned, s) =
        Pinned::from_file(&Path::new(ROOT).join("scenarios/community-fund.ron")).unwrap();
    let id = store
        .create(&station_setup(class, seed), &pinned, &s.id, &s.title.ko)
        .unwrap();
    let mut script = vec![Cmd::TeamGame(Tg::BeginRound)];
    script.extend((0..4).map(|team| {
        Cmd::TeamGame(Tg::Decide {
            team,
            values: vec![Decided::Number(3)],
        })
    }));
    script.push(Cmd::TeamGame(Tg::Resolve));
    for c in script.iter().take(commands) {
        store.append(id, c).unwrap();
    }
    id
}

/// A copy of a station's database, as it goes onto a USB stick (the file and its log).
fn copy_db(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for suffix in ["", "-wal"] {
        let f = PathBuf::from(format!("{}{suffix}", from.join("sessions.db").display()));
        if f.is_file() {
            std::fs::copy(&f, to.join(format!("sessions.db{suffix}"))).unwrap();
        }
    }
}

fn bytes_of(dir: &Path) -> Vec<Vec<u8>> {
    ["sessions.db", "sessions.db-wal"]
        .iter()
        .map(|f| std::fs::read(dir.join(f)).unwrap_or_default())
        .collect()
}

/// Two stations' databases, copied at noon and again at the end of the day, merge into the
/// center's: each session once, a session carried on after noon gets the rest of its
/// journal, importing again changes nothing, and the copies themselves are never touched.
#[test]
fn station_databases_merge_once_each() {
    let root = tempfile::tempdir().unwrap();
    let (a, b, center) = (
        root.path().join("a"),
        root.path().join("b"),
        root.path().join("center"),
    );
    let mut station_a = Store::open(&a).unwrap();
    play(&mut station_a, "율하중 2-3", 1, 6);
    let still_playing = play(&mut station_a, "율하중 2-4", 2, 3);
    let mut station_b = Store::open(&b).unwrap();
    play(&mut station_b, "김해중 1-1", 3, 6);
    let noon = root.path().join("usb-noon");
    copy_db(&a, &noon);
    station_a
        .append(
            still_playing,
            &Cmd::TeamGame(Tg::Decide {
                team: 3,
                values: vec![Decided::Number(3)],
            }),
        )
        .unwrap();
    station_a
        .append(still_playing, &Cmd::TeamGame(Tg::Resolve))
        .unwrap();
    let evening = root.path().join("usb-evening");
    copy_db(&a, &evening);
    let usb_b = root.path().join("usb-b");
    copy_db(&b, &usb_b);
    let before = [bytes_of(&noon), bytes_of(&evening), bytes_of(&usb_b)];

    let mut store = Store::open(&center).unwrap();
    let first = store.import(&noon.join("sessions.db")).unwrap();
    assert_eq!((first.added, first.extended, first.unchanged), (2, 0, 0));
    let other = store.import(&usb_b.join("sessions.db")).unwrap();
    assert_eq!(other.added, 1);
    let later = store.import(&evening.join("sessions.db")).unwrap();
    assert_eq!((later.added, later.extended, later.unchanged), (0, 1, 1));
    assert!(later.conflicts.is_empty());
    let again = store.import(&evening.join("sessions.db")).unwrap();
    assert_eq!((again.added, again.extended, again.unchanged), (0, 0, 2));

    let sessions = store.list().unwrap();
    assert_eq!(sessions.len(), 3);
    let carried = sessions
        .iter()
        .find(|s| s.class_label == "율하중 2-4")
        .unwrap();
    assert_eq!(carried.commands, 5);
    // The merged journal replays to the station's own scores.
    let record = store.record(carried.id).unwrap();
    let s = record.pinned.load().unwrap();
    let merged =
        session::Progress::replay(&s, &record.setup, &store.journal(carried.id).unwrap()).unwrap();
    let own = session::Progress::replay(
        &s,
        &record.setup,
        &station_a.journal(still_playing).unwrap(),
    )
    .unwrap();
    assert_eq!(merged.scores(&record.setup), own.scores(&record.setup));
    assert_eq!(
        [bytes_of(&noon), bytes_of(&evening), bytes_of(&usb_b)],
        before
    );
}

/// A file from a newer Kkumgil is refused with its own name and what to do, and the center's
/// database is left as it was.
#[test]
fn a_newer_station_database_is_refused() {
    let root = tempfile::tempdir().unwrap();
    // A station running a newer Kkumgil: its database says schema 99.
    let station = root.path().join("station");
    play(&mut Store::open(&station).unwrap(), "반", 9, 1);
    let newer = station.join("sessions.db");
    rusqlite::Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let mut store = Store::open(&root.path().join("center")).unwrap();
    let e = store.import(&newer).unwrap_err();
    assert!(
        matches!(&e, StoreError::Newer { path, version: 99 } if path == &newer),
        "{e:?}"
    );
    let shown = newer.display().to_string();
    assert!(
        e.msg().ko.contains(&shown) && e.msg().ko.contains("업데이트"),
        "{:?}",
        e.msg()
    );
    assert!(store.list().unwrap().is_empty());
}

/// The command line: `kkumgil import` says what it added, in Korean, and a second import of
/// the same file adds nothing.
#[test]
fn import_from_the_command_line() {
    let root = tempfile::tempdir().unwrap();
    let station = root.path().join("station");
    let mut s = Store::open(&station).unwrap();
    play(&mut s, "율하중 2-3", 1, 6);
    drop(s);
    let center = root.path().join("center");
    let run = || {
        korean_cli()
            .arg("import")
            .arg(station.join("sessions.db"))
            .arg("--data-dir")
            .arg(&center)
            .output()
            .unwrap()
    };
    let first = run();
    let text = String::from_utf8_lossy(&first.stdout);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(text.contains("새 수업 1개"), "{text}");
    let second = run();
    let text = String::from_utf8_lossy(&second.stdout);
    assert!(
        text.contains("새 수업 0개") && text.contains("이미 있던 수업 1개"),
        "{text}"
    );
}

// ---------------------------------------------------------------- reports

/// A session at a station of the example day (or another day), as a station would journal
/// it: 골든벨 rounds with every team's answer (`right`: which teams answer right).
fn golden_bell(store: &mut Store, day: &str, group: &str, rounds: usize, right: &[bool]) {
    let (pinned, s) =
        Pinned::from_file(&Path::new(ROOT).join("scenarios/golden-bell.ron")).unwrap();
    let kkumgil::scenario::Game::TeamGame(tg) = &s.game else {
        panic!("a team game")
    };
    let mut setup = station_setup(group, 5);
    setup.day = day.into();
    setup.teams = session::default_teams(right.len());
    let id = store.create(&setup, &pinned, &s.id, &s.title.ko).unwrap();
    for (q, quiz) in tg.quizzes.iter().enumerate().take(rounds) {
        store.append(id, &Cmd::TeamGame(Tg::BeginRound)).unwrap();
        for (team, ok) in right.iter().enumerate() {
            let option = if *ok {
                quiz.answer
            } else {
                (quiz.answer + 1) % quiz.options.len()
            };
            store
                .append(
                    id,
                    &Cmd::TeamGame(Tg::Answer {
                        team,
                        quiz: q,
                        option,
                    }),
                )
                .unwrap();
        }
        store.append(id, &Cmd::TeamGame(Tg::Resolve)).unwrap();
    }
}

/// A day's report matches totals worked out by hand from the plan and the sessions: the
/// plan's 79 students in 3 groups from 2 schools, the sessions of that day only (per station
/// and per scenario), the quiz answers per concept, and one group's first and second try.
#[test]
fn a_days_report_matches_the_hand_counted_totals() {
    let data = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(data.path().join("days")).unwrap();
    std::fs::copy(example(), data.path().join("days/2026-12-10.ron")).unwrap();
    let mut store = Store::open(data.path()).unwrap();
    // The group 2-3 plays three rounds twice: first one team of two right, then both.
    golden_bell(
        &mut store,
        "2026-12-10",
        "율하중학교 2학년 3반",
        3,
        &[true, false],
    );
    golden_bell(
        &mut store,
        "2026-12-10",
        "율하중학교 2학년 3반",
        3,
        &[true, true],
    );
    play(&mut store, "율하중학교 2학년 4반", 7, 6);
    // Another day's class is not in this day's report.
    golden_bell(&mut store, "2026-11-02", "다른 반", 2, &[true, true]);
    drop(store);

    let plans = vec![day::load(&example(), &bundled).plan.unwrap()];
    let store = Store::open_read(data.path()).unwrap();
    let day = jiff::civil::date(2026, 12, 10);
    let f = kkumgil::report::figures(&store, &plans, kkumgil::report::Period::day(day)).unwrap();
    assert_eq!((f.visitors, f.groups, f.schools, f.days), (79, 3, 2, 1));
    assert_eq!(f.sessions, 3);
    assert_eq!(f.by_station.get("3번 역 · 골든벨"), Some(&2));
    assert_eq!(f.by_station.get("2번 역 · 공동체 기금"), Some(&1));
    assert_eq!(f.by_scenario["golden-bell"].sessions, 2);
    assert_eq!(f.by_scenario["community-fund"].teams, 4);
    // 3 rounds × 2 teams × 2 tries = 12 answers, 3 + 6 of them right.
    let answers: usize = f.by_concept.values().map(|c| c.quiz_answers).sum();
    let right: usize = f.by_concept.values().map(|c| c.quiz_right).sum();
    assert_eq!((answers, right), (12, 9));
    assert_eq!(f.pre_post.len(), 1);
    assert_eq!(
        (f.pre_post[0].before, f.pre_post[0].after),
        ((3, 6), (6, 6))
    );

    // The year: both days, and the month figures.
    let year =
        kkumgil::report::figures(&store, &plans, kkumgil::report::Period::year(2026).unwrap())
            .unwrap();
    assert_eq!(year.sessions, 4);
    assert_eq!(year.by_month.get(&(2026, 11)).map(|m| m.0), Some(1));
    assert_eq!(year.by_month.get(&(2026, 12)), Some(&(3, 79)));

    // The command line writes the CSV files and the page.
    let out = data.path().join("out");
    let o = korean_cli()
        .args(["report", "day", "2026-12-10", "--out"])
        .arg(&out)
        .arg("--data-dir")
        .arg(data.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        text.contains("방문 학생 79명, 모둠 3개, 수업 3개"),
        "{text}"
    );
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    assert!(summary.contains("방문 학생,79"), "{summary}");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        html.contains("3번 역 · 골든벨") && html.contains("50.0%"),
        "first try: 3 of 6"
    );
    report_in_a_browser(&out.join("report.html"), "report-day.png");

    let year_out = data.path().join("year");
    let o = Command::new(env!("CARGO_BIN_EXE_kkumgil"))
        .args(["report", "year", "2026", "--out"])
        .arg(&year_out)
        .arg("--data-dir")
        .arg(data.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(year_out.join("report.html")).unwrap();
    assert!(html.contains("<svg"), "the month chart");
    report_in_a_browser(&year_out.join("report.html"), "report-year.png");
}

/// A report page as the center's browser prints it, on a machine without Korean fonts: all
/// its text, the chart's too, in the font the page carries. Saved in test-artifacts/.
fn report_in_a_browser(page: &Path, name: &str) {
    let Some(chromium) = browser::chromium() else {
        return;
    };
    let (_, fonts) = browser::render(chromium, page, name, "1000,1400");
    assert!(!fonts.is_empty(), "no fonts in the printed report");
    assert!(
        fonts.iter().all(|f| f.ends_with("NanumSquareRoundR")),
        "fonts used: {fonts:?}"
    );
}

/// A station database in the first format (no session identities): `sessions` identical
/// sessions of the community fund begun in the same second, the first with one command.
fn old_format_db(path: &Path, sessions: usize) {
    let setup = serde_json::to_string(&station_setup("율하중 2-3", 4)).unwrap();
    let (pinned, _) =
        Pinned::from_file(&Path::new(ROOT).join("scenarios/community-fund.ron")).unwrap();
    let pinned = serde_json::to_string(&pinned).unwrap();
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(
        "CREATE TABLE sessions (id INTEGER PRIMARY KEY, created_at INTEGER NOT NULL,
            class_label TEXT NOT NULL, day TEXT NOT NULL DEFAULT '', group_label TEXT NOT NULL DEFAULT '',
            scenario_id TEXT NOT NULL, scenario_title TEXT NOT NULL, setup TEXT NOT NULL,
            pinned TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'active', holder TEXT, lease_until INTEGER);
         CREATE TABLE journal (session_id INTEGER NOT NULL REFERENCES sessions(id), seq INTEGER NOT NULL,
            at INTEGER NOT NULL, command TEXT NOT NULL, PRIMARY KEY (session_id, seq));
         PRAGMA user_version = 1;",
    )
    .unwrap();
    for _ in 0..sessions {
        conn.execute(
            "INSERT INTO sessions (created_at, class_label, scenario_id, scenario_title, setup, pinned)
             VALUES (1765000000, '율하중 2-3', 'community-fund', '우리 동네 공동체 기금', ?1, ?2)",
            rusqlite::params![setup, pinned],
        )
        .unwrap();
    }
    conn.execute(
        "INSERT INTO journal VALUES (1, 1, 1765000001, ?1)",
        [serde_json::to_string(&Cmd::TeamGame(Tg::BeginRound)).unwrap()],
    )
    .unwrap();
}

/// A station still on the first database format (no session identities) is read as it is:
/// opening it gives every session an identity derived from what every copy holds alike, so
/// two copies of that old file import as the same sessions.
#[test]
fn an_old_station_database_imports_once() {
    let root = tempfile::tempdir().unwrap();
    let old = root.path().join("old");
    std::fs::create_dir_all(&old).unwrap();
    old_format_db(&old.join("sessions.db"), 1);
    let (a, b) = (root.path().join("copy-a"), root.path().join("copy-b"));
    copy_db(&old, &a);
    copy_db(&old, &b);
    let mut center = Store::open(&root.path().join("center")).unwrap();
    assert_eq!(center.import(&a.join("sessions.db")).unwrap().added, 1);
    let second = center.import(&b.join("sessions.db")).unwrap();
    assert_eq!((second.added, second.unchanged), (0, 1));
    // The station's own file is still of the first format until the station opens it.
    let version: i64 = rusqlite::Connection::open(a.join("sessions.db"))
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 1);
    assert_eq!(
        center.journal(center.list().unwrap()[0].id).unwrap().len(),
        1
    );
}

/// A PIN a kiosk keyboard cannot type (letters, spaces) is refused where it is written.
#[test]
fn a_pin_that_cannot_be_typed_is_refused() {
    let text = std::fs::read_to_string(example())
        .unwrap()
        .replace("pin: \"2468\"", "pin: \"kkum gil\"");
    let loaded = day::load_source(Path::new("plan.ron"), text, &bundled);
    let d = &loaded.report.diagnostics[0];
    assert_eq!(d.code.as_str(), "K0506");
    assert!(loaded.plan.is_none());
}

/// An old-format station file that is write-protected, holding two sessions begun in the
/// same second with the same setup: both are imported, each once, and the file is untouched.
#[cfg(unix)]
#[test]
fn a_write_protected_old_file_with_twin_sessions_imports_both() {
    use std::os::unix::fs::PermissionsExt;
    let root = tempfile::tempdir().unwrap();
    let old = root.path().join("old.db");
    old_format_db(&old, 2);
    std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::read(&old).unwrap();
    let mut center = Store::open(&root.path().join("center")).unwrap();
    let first = center.import(&old).unwrap();
    assert_eq!(first.added, 2, "{first:?}");
    assert_eq!(center.import(&old).unwrap().unchanged, 2);
    assert_eq!(std::fs::read(&old).unwrap(), before);
}

/// Each session records the Kkumgil that wrote it, and keeps it through an import; one
/// written before that was recorded says so, and `sessions show` tells which replays it.
#[test]
fn sessions_record_the_kkumgil_that_wrote_them() {
    let root = tempfile::tempdir().unwrap();
    let station = root.path().join("station");
    let mut s = Store::open(&station).unwrap();
    let id = play(&mut s, "율하중 2-3", 1, 2);
    assert_eq!(s.record(id).unwrap().written_by, kkumgil::VERSION);
    drop(s);
    let old = root.path().join("old.db");
    old_format_db(&old, 1);
    let center = root.path().join("center");
    let mut store = Store::open(&center).unwrap();
    store.import(&station.join("sessions.db")).unwrap();
    store.import(&old).unwrap();
    let mut writers: Vec<String> = store
        .list()
        .unwrap()
        .iter()
        .map(|s| store.record(s.id).unwrap().written_by)
        .collect();
    writers.sort();
    assert_eq!(writers, vec![String::new(), kkumgil::VERSION.to_owned()]);
    drop(store);
    let out = korean_cli()
        .args(["sessions", "show", "1", "--data-dir"])
        .arg(&center)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains(&format!("기록한 꿈길: {}", kkumgil::VERSION)),
        "{text}"
    );
}
