//! A busy center's year: 2,000 visitors in 80 groups over 40 experience days, 400 sessions
//! with 100,000 journal entries in all; how long `kkumgil report year` takes to work out the
//! figures (every session replayed, one at a time) and write the page.
//!
//! Run: `cargo bench --no-default-features --bench report` (figures in docs/development.md).

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use kkumgil::day::{DayPlan, Group, Station};
use kkumgil::engine::team_game::{Command as Tg, Decided};
use kkumgil::report::{Period, figures, html};
use kkumgil::session::store::Store;
use kkumgil::session::{self, Command, Mode, Pinned, Setup};

const SESSIONS: usize = 400;
const DAYS: usize = 40;

/// One session's journal: the community fund for 8 teams, every team changing its mind
/// three times a round, answering the round's quiz, with an award now and then.
fn journal(tg: &kkumgil::scenario::TeamGame, rounds: u32) -> Vec<Command> {
    let mut out = Vec::new();
    for round in 0..=rounds {
        out.push(Command::TeamGame(Tg::BeginRound));
        for team in 0..8 {
            for give in [2, 5, 3, 4] {
                out.push(Command::TeamGame(Tg::Decide {
                    team,
                    values: vec![Decided::Number(give)],
                }));
            }
        }
        for (quiz, q) in tg
            .quizzes
            .iter()
            .enumerate()
            .filter(|(_, q)| q.round == round)
        {
            for team in 0..8 {
                out.push(Command::TeamGame(Tg::Answer {
                    team,
                    quiz,
                    option: (team + quiz) % q.options.len(),
                }));
            }
        }
        out.push(Command::TeamGame(Tg::Resolve));
        if round % 2 == 1 {
            out.push(Command::Award {
                team: round as usize % 8,
                points: 1.0,
                reason: "발표".into(),
            });
        }
    }
    out
}

/// The year written straight into a database (one transaction), and its day plans.
fn year() -> (tempfile::TempDir, Vec<DayPlan>, usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (pinned, s) = Pinned::from_file(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/community-fund.ron"),
    )
    .expect("bundled");
    let kkumgil::scenario::Game::TeamGame(tg) = &s.game else {
        panic!("a team game")
    };
    drop(Store::open(dir.path()).expect("store"));
    let mut conn = rusqlite::Connection::open(dir.path().join("sessions.db")).expect("db");
    let tx = conn.transaction().expect("tx");
    let commands: Vec<String> = journal(tg, tg.rounds)
        .iter()
        .map(|c| serde_json::to_string(c).expect("json"))
        .collect();
    let pinned_json = serde_json::to_string(&pinned).expect("json");
    let mut plans = Vec::new();
    let mut entries = 0;
    for d in 0..DAYS {
        let date = jiff::civil::date(2026, 3 + (d / 5) as i8, 2 + (d % 5) as i8 * 5);
        plans.push(DayPlan {
            date: date.to_string(),
            title: None,
            pin: None,
            change_minutes: 5,
            stations: vec![Station {
                id: "fund".into(),
                name: "공동체 기금".into(),
                scenario: "community-fund".into(),
                scenario_title: Some(s.title.ko.clone()),
                scenario_found: Some(s.id.clone()),
                minutes: 45,
            }],
            groups: (0..2)
                .map(|g| Group {
                    id: format!("g{g}"),
                    school: format!("{}중학교", ["율하", "김해", "장유", "내동"][(d + g) % 4]),
                    class: format!("{}반", g + 1),
                    students: 25,
                    arrive: 540,
                    leave: 720,
                })
                .collect(),
            breaks: Vec::new(),
            slots: Vec::new(),
            by_hand: false,
        });
        for k in 0..SESSIONS / DAYS {
            let setup = Setup {
                class_label: format!("{}반", k % 2 + 1),
                instructor: String::new(),
                day: date.to_string(),
                group: format!("g{}", k % 2),
                station: "공동체 기금".into(),
                teams: session::default_teams(8),
                mode: Mode::Rounds,
                seed: (d * 100 + k) as u64,
                hide_leaderboard: false,
            };
            tx.execute(
                "INSERT INTO sessions (created_at, class_label, day, group_label, scenario_id, scenario_title, setup, pinned, status, uid)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'finished', ?9)",
                rusqlite::params![
                    1_772_400_000 + (d * 86_400 + k * 600) as i64,
                    setup.class_label,
                    setup.day,
                    setup.group,
                    s.id,
                    s.title.ko,
                    serde_json::to_string(&setup).expect("json"),
                    pinned_json,
                    format!("bench-{d}-{k}")
                ],
            )
            .expect("session");
            let id = tx.last_insert_rowid();
            for (seq, c) in commands.iter().enumerate() {
                tx.execute(
                    "INSERT INTO journal (session_id, seq, at, command) VALUES (?1, ?2, ?3, ?4)",
                    rusqlite::params![id, seq as i64 + 1, 1_772_400_000i64, c],
                )
                .expect("entry");
                entries += 1;
            }
        }
    }
    tx.commit().expect("commit");
    (dir, plans, entries)
}

fn report(c: &mut Criterion) {
    let (dir, plans, entries) = year();
    let store = Store::open_read(dir.path()).expect("store");
    let period = Period::year(2026).expect("year");
    let f = figures(&store, &plans, period).expect("figures");
    assert_eq!(f.sessions, SESSIONS);
    assert_eq!(f.visitors, 2_000);
    eprintln!(
        "a year of {} sessions, {entries} journal entries, {} visitors",
        f.sessions, f.visitors
    );
    let mut group = c.benchmark_group("report");
    group.sample_size(10);
    group.bench_function("year figures and page", |b| {
        b.iter(|| {
            let f = figures(&store, &plans, period).expect("figures");
            html(&f, kkumgil::i18n::Lang::Ko)
        })
    });
    group.finish();
}

criterion_group!(benches, report);
criterion_main!(benches);
