//! Sessions as a class depends on them: every acknowledged command survives a killed
//! process, a resumed session replays to the same scores, undo and awards count, a second
//! program cannot write into a held session, and a broken data folder gives a clear error.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use kkumgil::engine::GameRng;
use kkumgil::engine::role_play;
use kkumgil::engine::team_game::{Command as Tg, Decided};
use kkumgil::session::store::Status;
use kkumgil::session::store::{Store, StoreError};
use kkumgil::session::{self, Board, Command as Cmd, Live, Mode, Pinned, Progress, Setup};

#[path = "browser/mod.rs"]
mod browser;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn scenario_file(name: &str) -> PathBuf {
    Path::new(ROOT).join("scenarios").join(name)
}

fn setup(mode: Mode, teams: usize, seed: u64) -> Setup {
    Setup {
        class_label: "율하중 2-3".into(),
        instructor: "강사".into(),
        day: String::new(),
        group: String::new(),
        station: String::new(),
        teams: session::default_teams(teams),
        mode,
        seed,
        hide_leaderboard: false,
    }
}

/// A whole community-fund lesson for 4 teams: decisions, quiz answers, awards, an undo.
fn fund_script() -> Vec<Cmd> {
    let (_, s) = Pinned::from_file(&scenario_file("community-fund.ron")).unwrap();
    let kkumgil::scenario::Game::TeamGame(tg) = &s.game else {
        panic!()
    };
    let mut script = Vec::new();
    // The practice round first: everyone gives 5.
    if tg.practice {
        script.push(Cmd::TeamGame(Tg::BeginRound));
        for team in 0..4 {
            script.push(Cmd::TeamGame(Tg::Decide {
                team,
                values: vec![Decided::Number(5)],
            }));
        }
        script.push(Cmd::TeamGame(Tg::Resolve));
    }
    for round in 1..=tg.rounds {
        script.push(Cmd::TeamGame(Tg::BeginRound));
        for team in 0..4 {
            let give = ((round as i64 * 3 + team as i64 * 5) % 11).min(7);
            script.push(Cmd::TeamGame(Tg::Decide {
                team,
                values: vec![Decided::Number(give)],
            }));
        }
        for (quiz, q) in tg
            .quizzes
            .iter()
            .enumerate()
            .filter(|(_, q)| q.round == round)
        {
            for team in 0..4 {
                script.push(Cmd::TeamGame(Tg::Answer {
                    team,
                    quiz,
                    option: (team + round as usize) % q.options.len(),
                }));
            }
        }
        script.push(Cmd::TeamGame(Tg::Resolve));
        if round == 2 {
            script.push(Cmd::Award {
                team: 1,
                points: 3.0,
                reason: "좋은 토론".into(),
            });
            script.push(Cmd::Award {
                team: 2,
                points: -2.0,
                reason: "실수로 준 점수".into(),
            });
        }
        // The steps after this round (the village meeting) are moved on from.
        for _ in tg.steps.iter().filter(|s| s.after_round == round) {
            script.push(Cmd::TeamGame(Tg::NextStep));
        }
    }
    script
}

fn new_session(dir: &Path, name: &str, setup: &Setup) -> (Store, i64, kkumgil::scenario::Scenario) {
    let (pinned, s) = Pinned::from_file(&scenario_file(name)).unwrap();
    let mut store = Store::open(dir).unwrap();
    let id = store.create(setup, &pinned, &s.id, &s.title.ko).unwrap();
    (store, id, s)
}

#[test]
fn journal_resume_and_replay_give_the_same_scores() {
    let dir = tempfile::tempdir().unwrap();
    let setup = setup(Mode::Rounds, 4, 77);
    let (mut store, id, s) = new_session(dir.path(), "community-fund.ron", &setup);
    let script = fund_script();
    let mut state = Progress::new(&s, &setup).unwrap();
    for c in &script {
        state.apply(&s, &setup, c, &mut Vec::new()).unwrap();
        store.append(id, c).unwrap();
    }
    assert!(state.is_over());
    drop(store);

    // Reopen, as after closing the laptop: the replay is the same class.
    let store = Store::open(dir.path()).unwrap();
    let record = store.record(id).unwrap();
    let again = Progress::replay(
        &record.pinned.load().unwrap(),
        &record.setup,
        &store.journal(id).unwrap(),
    )
    .unwrap();
    assert_eq!(again.scores(&setup), state.scores(&setup));
    assert_eq!(again.history, state.history);
    assert!(again.skipped.is_empty());
    // The awards count: +3 and −2.
    assert_eq!(again.awards, vec![0.0, 3.0, -2.0, 0.0]);
}

#[test]
fn undo_is_a_command_of_its_own_and_survives_resume() {
    let dir = tempfile::tempdir().unwrap();
    let setup = setup(Mode::ClassVote, 3, 5);
    let (mut store, id, s) = new_session(dir.path(), "village-cafe.ron", &setup);
    let choose = |c| Cmd::RolePlay {
        team: None,
        command: role_play::Command::Choose(c),
    };
    let a = store.append(id, &choose(0)).unwrap();
    let award = store
        .append(
            id,
            &Cmd::Award {
                team: 0,
                points: 5.0,
                reason: "발표".into(),
            },
        )
        .unwrap();
    store.append(id, &Cmd::Undo { seq: award.seq }).unwrap();
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    let journal = store.journal(id).unwrap();
    assert_eq!(journal.len(), 3, "undo deletes nothing");
    let state = Progress::replay(&s, &setup, &journal).unwrap();
    assert_eq!(state.awards, vec![0.0; 3]);
    assert_eq!(state.undone, vec![award.seq]);
    assert_eq!(state.applied, vec![a.seq]);
    // Undoing the first choice makes the class stand at the start again.
    let mut store = store;
    store.claim(id, false).unwrap();
    store.append(id, &Cmd::Undo { seq: a.seq }).unwrap();
    let state = Progress::replay(&s, &setup, &store.journal(id).unwrap()).unwrap();
    let Board::RolePlay { runs } = &state.board else {
        panic!()
    };
    assert!(runs[0].path.is_empty());
}

#[test]
fn a_second_program_cannot_write_into_a_held_session() {
    let dir = tempfile::tempdir().unwrap();
    let setup = setup(Mode::Rounds, 2, 1);
    let (mut first, id, _) = new_session(dir.path(), "community-fund.ron", &setup);
    first.append(id, &Cmd::TeamGame(Tg::BeginRound)).unwrap();
    let mut second = Store::open(dir.path()).unwrap();
    let err = second.claim(id, false).unwrap_err();
    assert!(matches!(err, StoreError::InUse { .. }), "{err}");
    assert!(err.to_string().contains("open in another Kkumgil"));
    let err = second.append(id, &Cmd::Pause).unwrap_err();
    assert!(matches!(err, StoreError::InUse { .. }));
    // The instructor says the other window is gone: taking over works, and the first is out.
    second.claim(id, true).unwrap();
    second.append(id, &Cmd::Pause).unwrap();
    assert!(matches!(
        first.append(id, &Cmd::Resume).unwrap_err(),
        StoreError::InUse { .. }
    ));
    assert_eq!(second.journal(id).unwrap().len(), 2);
}

#[test]
fn a_corrupt_or_read_only_database_gives_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("sessions.db"),
        b"this is not a database, it is a shopping list\n".repeat(200),
    )
    .unwrap();
    let err = Store::open(dir.path()).err().expect("refused");
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
    assert!(err.to_string().contains("damaged"));

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let setup = setup(Mode::Rounds, 2, 1);
        let (store, id, _) = new_session(dir.path(), "community-fund.ron", &setup);
        drop(store);
        let db = dir.path().join("sessions.db");
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
        // Root ignores permissions; the check only means something for a normal user.
        let root = std::fs::write(dir.path().join("probe"), b"x").is_ok();
        if !root {
            let result = Store::open(dir.path()).and_then(|mut s| {
                s.claim(id, false)?;
                s.append(id, &Cmd::Pause)
            });
            let err = result.expect_err("a read-only folder cannot take a command");
            assert!(
                matches!(err, StoreError::ReadOnly { .. } | StoreError::Open { .. }),
                "{err}"
            );
        }
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

/// A real `kkumgil` process plays the scripted lesson and is killed with SIGKILL at random
/// points. After each kill the journal holds every command that was acknowledged (and at
/// most the one being written), in order, and its replay gives exactly the scores an
/// uninterrupted lesson had at that point. KKUMGIL_CRASH_KILLS raises the count.
#[test]
fn killing_the_process_loses_no_acknowledged_command() {
    let kills: u64 = std::env::var("KKUMGIL_CRASH_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    let script = fund_script();
    let lines: Vec<String> = script
        .iter()
        .map(|c| serde_json::to_string(c).unwrap())
        .collect();
    let setup = setup(Mode::Rounds, 4, 2026);
    let (_, s) = Pinned::from_file(&scenario_file("community-fund.ron")).unwrap();
    // Scores after each prefix of the script, uninterrupted.
    let mut expected = vec![Progress::new(&s, &setup).unwrap().scores(&setup)];
    let mut state = Progress::new(&s, &setup).unwrap();
    for c in &script {
        state.apply(&s, &setup, c, &mut Vec::new()).unwrap();
        expected.push(state.scores(&setup));
    }
    let mut rng = GameRng::new(99);
    let mut killed_mid_write = 0;
    for k in 0..kills {
        let dir = tempfile::tempdir().unwrap();
        let (store, id, _) = new_session(dir.path(), "community-fund.ron", &setup);
        drop(store);
        let mut child = Command::new(env!("CARGO_BIN_EXE_kkumgil"))
            // The English texts these tests read; Korean is the default (see tests/cli.rs).
            .env("KKUMGIL_LANG", "en")
            .args([
                "--data-dir",
                dir.path().to_str().unwrap(),
                "sessions",
                "drive",
                &id.to_string(),
                "--force",
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start kkumgil");
        let mut stdin = child.stdin.take().unwrap();
        let input = lines.join("\n") + "\n";
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(input.as_bytes());
        });
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let kill_after = rng.below(lines.len() as u64);
        let mut acked = 0u64;
        for line in stdout.lines() {
            let line = line.unwrap();
            assert!(line.starts_with("ack "), "run {k}: {line}");
            acked += 1;
            if acked > kill_after {
                break;
            }
        }
        // Sometimes kill at once, sometimes a moment later, in the middle of the next write.
        std::thread::sleep(Duration::from_micros(rng.below(3_000)));
        child.kill().unwrap();
        let _ = child.wait();
        let _ = writer.join();

        let store =
            Store::open(dir.path()).unwrap_or_else(|e| panic!("run {k}: reopening failed: {e}"));
        let journal = store.journal(id).unwrap();
        let n = journal.len();
        assert!(
            n as u64 >= acked,
            "run {k}: {acked} acknowledged but only {n} in the journal"
        );
        if n as u64 > acked {
            killed_mid_write += 1;
        }
        for (entry, line) in journal.iter().zip(&lines) {
            assert_eq!(
                &serde_json::to_string(&entry.command).unwrap(),
                line,
                "run {k}: journal differs from the script"
            );
        }
        let replayed = Progress::replay(&s, &setup, &journal).unwrap();
        assert_eq!(
            replayed.scores(&setup),
            expected[n],
            "run {k}: replay after {n} commands"
        );
    }
    eprintln!(
        "{kills} kills, {killed_mid_write} after a command was written but before its ack was read"
    );
}

/// The instructor's path through the CLI: start, play, list, export; the files a center keeps.
#[test]
fn start_drive_list_and_export_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let run = |args: &[&str], input: Option<&str>| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kkumgil"))
            // The English texts these tests read; Korean is the default (see tests/cli.rs).
            .env("KKUMGIL_LANG", "en")
            .args(["--data-dir", d])
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        if let Some(input) = input {
            child
                .stdin
                .take()
                .unwrap()
                .write_all(input.as_bytes())
                .unwrap();
        } else {
            drop(child.stdin.take());
        }
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let id = run(
        &[
            "sessions",
            "start",
            "community-fund",
            "--class",
            "율하중 2-3",
            "--teams",
            "4",
            "--day",
            "11월 29일",
            "--group",
            "A조",
        ],
        None,
    );
    let id = id.trim();
    let script: Vec<String> = fund_script()
        .iter()
        .map(|c| serde_json::to_string(c).unwrap())
        .collect();
    let acks = run(
        &["sessions", "drive", id],
        Some(&(script.join("\n") + "\n")),
    );
    assert_eq!(
        acks.lines().filter(|l| l.starts_with("ack ")).count(),
        script.len(),
        "{acks}"
    );
    let list = run(&["sessions", "list"], None);
    assert!(
        list.contains("율하중 2-3")
            && list.contains("우리 동네 공동체 기금")
            && list.contains("A조"),
        "{list}"
    );
    let out = dir.path().join("export");
    run(
        &[
            "sessions",
            "export",
            id,
            "--lang",
            "ko",
            "--out",
            out.to_str().unwrap(),
        ],
        None,
    );
    let scores = std::fs::read_to_string(out.join("scores.csv")).unwrap();
    let mut rows = scores.lines();
    let header = rows.next().unwrap();
    assert!(
        header.contains("step 6") && header.ends_with("final,awards,rank"),
        "{header}"
    );
    assert_eq!(rows.count(), 4);
    assert!(scores.contains("하늘"));
    let decisions = std::fs::read_to_string(out.join("decisions.csv")).unwrap();
    assert_eq!(decisions.lines().count(), script.len() + 1);
    assert!(
        decisions.contains("public-goods") || decisions.contains("free-riding"),
        "quiz answers carry their concept"
    );
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    for needle in [
        "율하중 2-3",
        "우리 동네 공동체 기금",
        "<svg",
        "해님",
        "무임승차",
        "강사가 준 점수",
        "이야기해 봐요",
    ] {
        assert!(html.contains(needle), "report.html lacks {needle}");
    }
}

/// The bundled template's role-play, which can be played in team turns, pinned as a session
/// pins a file.
fn team_turns_story() -> (Pinned, kkumgil::scenario::Scenario) {
    let pinned = Pinned {
        file_name: "bakery.ron".into(),
        source: kkumgil::scenario::template::Template::RolePlay.render("bakery"),
        glossary: Some(std::fs::read_to_string(scenario_file("glossary.ron")).unwrap()),
        dir: None,
    };
    let s = pinned.load().unwrap();
    (pinned, s)
}

/// One thing a class or an instructor may do, in the property test below.
#[derive(Debug, Clone)]
enum Act {
    /// A move in the game, picked among the legal ones by this number.
    Move(u8),
    UndoLast,
    /// Undo some earlier command still in effect (later ones may stop applying).
    UndoEarlier(u8),
    Award(u8, i8),
    Pause,
    Resume,
    AddTime(Option<u8>),
    Skip,
    /// The app is closed and the session opened again from its journal.
    Restart,
    End,
}

fn act() -> impl proptest::strategy::Strategy<Value = Act> {
    use proptest::prelude::*;
    prop_oneof![
        6 => any::<u8>().prop_map(Act::Move),
        2 => Just(Act::UndoLast),
        1 => any::<u8>().prop_map(Act::UndoEarlier),
        1 => (any::<u8>(), any::<i8>()).prop_map(|(t, p)| Act::Award(t, p)),
        1 => Just(Act::Pause),
        1 => Just(Act::Resume),
        1 => proptest::option::of(any::<u8>()).prop_map(Act::AddTime),
        1 => Just(Act::Skip),
        2 => Just(Act::Restart),
        1 => Just(Act::End),
    ]
}

/// The commands an act stands for in the state `live` shows (none if it cannot apply).
fn commands_for(live: &Live, act: &Act) -> Vec<Cmd> {
    let teams = live.setup().teams.len();
    match act {
        Act::Move(k) => match (&live.progress().board, &live.scenario().game) {
            (Board::RolePlay { runs }, kkumgil::scenario::Game::RolePlay(rp)) => {
                let run = &runs[live.turn().unwrap_or(0)];
                let open = run.available(rp);
                if open.is_empty() {
                    return Vec::new();
                }
                let choice = open[*k as usize % open.len()];
                vec![live.role_play(role_play::Command::Choose(choice))]
            }
            (Board::TeamGame(game), kkumgil::scenario::Game::TeamGame(_)) => {
                use kkumgil::engine::team_game::Phase;
                match game.phase {
                    Phase::BetweenRounds => vec![Cmd::TeamGame(Tg::BeginRound)],
                    Phase::Deciding => match game.decisions.iter().position(Option::is_none) {
                        Some(team) => {
                            let values = live.least_decision(team).unwrap();
                            let values = match values.as_slice() {
                                [Decided::Number(n)] => {
                                    vec![Decided::Number(n + i64::from(*k % 8))]
                                }
                                _ => values,
                            };
                            vec![Cmd::TeamGame(Tg::Decide { team, values })]
                        }
                        None => vec![Cmd::TeamGame(Tg::Resolve)],
                    },
                    Phase::Step(_) => vec![Cmd::TeamGame(Tg::NextStep)],
                    Phase::Finished => Vec::new(),
                }
            }
            _ => unreachable!(),
        },
        Act::UndoLast => live.undo_last().into_iter().collect(),
        Act::UndoEarlier(k) => {
            let applied = &live.progress().applied;
            if applied.is_empty() {
                return Vec::new();
            }
            vec![Cmd::Undo {
                seq: applied[*k as usize % applied.len()],
            }]
        }
        Act::Award(t, p) => vec![Cmd::Award {
            team: *t as usize % teams,
            points: f64::from(*p),
            reason: "발표".into(),
        }],
        Act::Pause => vec![Cmd::Pause],
        Act::Resume => vec![Cmd::Resume],
        Act::AddTime(t) => vec![Cmd::AddTime {
            team: t.map(|t| t as usize % teams),
            seconds: 30,
        }],
        Act::Skip => live.skip().unwrap_or_default(),
        Act::End => vec![Cmd::End],
        Act::Restart => Vec::new(),
    }
}

/// Plays `acts` through `Live` with an in-memory journal, checking after every step that what
/// the class sees is exactly a fresh replay of the journal.
fn live_equals_replay(s: &kkumgil::scenario::Scenario, setup: &Setup, acts: &[Act]) {
    let mut live = Live::start(s.clone(), setup.clone()).unwrap();
    let mut at = 1_000;
    for act in acts {
        if let Act::Restart = act {
            let journal = live.journal().to_vec();
            live = Live::resume(s.clone(), setup.clone(), journal).unwrap();
        }
        // Stage them all first, as the app does before the journal answers.
        let mut staged = Vec::new();
        for command in commands_for(&live, act) {
            if live.stage(&command).is_ok() {
                staged.push(command);
            }
        }
        for command in staged {
            at += 7;
            let seq = live.journal().last().map_or(0, |e| e.seq) + 1;
            live.commit(session::Entry { seq, at, command }).unwrap();
        }
        let replayed = Progress::replay(s, setup, live.journal()).unwrap();
        assert_eq!(
            live.progress(),
            &replayed,
            "after {act:?}, {} entries",
            live.journal().len()
        );
        assert_eq!(live.pending(), 0);
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    /// Whatever a class and its instructor do — moves, undos of the last or an earlier
    /// command, awards, pauses, skips, restarts — the live state is the journal's replay.
    #[test]
    fn live_state_is_always_the_replay_of_the_journal(
        turns in proptest::collection::vec(act(), 1..60),
        rounds in proptest::collection::vec(act(), 1..80),
        seed in proptest::prelude::any::<u64>(),
    ) {
        let (_, story) = team_turns_story();
        live_equals_replay(&story, &setup(Mode::TeamTurns, 3, seed), &turns);
        let (_, fund) = Pinned::from_file(&scenario_file("community-fund.ron")).unwrap();
        live_equals_replay(&fund, &setup(Mode::Rounds, 4, seed), &rounds);
    }
}

/// Team turns: after an undo and a restart, the class goes on with the team whose turn it
/// really is (an undone choice does not count as a turn taken).
#[test]
fn a_team_turns_session_resumed_after_an_undo_continues_with_the_right_team() {
    let dir = tempfile::tempdir().unwrap();
    let setup = setup(Mode::TeamTurns, 3, 9);
    let (pinned, s) = team_turns_story();
    let mut store = Store::open(dir.path()).unwrap();
    let id = store.create(&setup, &pinned, &s.id, &s.title.ko).unwrap();
    let mut live = Live::start(s.clone(), setup.clone()).unwrap();
    let play = |live: &mut Live, store: &mut Store, command: Cmd| {
        live.stage(&command).unwrap();
        let entry = store.append(id, &command).unwrap();
        live.commit(entry).unwrap();
    };
    assert_eq!(live.turn(), Some(0));
    let choose = live.role_play(role_play::Command::Choose(0));
    play(&mut live, &mut store, choose);
    assert_eq!(live.turn(), Some(1));
    let choose = live.role_play(role_play::Command::Choose(0));
    play(&mut live, &mut store, choose);
    assert_eq!(live.turn(), Some(2));
    // Team 2 (하늘) chose by mistake: undo gives the turn back to it.
    let undo = live.undo_last().unwrap();
    play(&mut live, &mut store, undo);
    assert_eq!(live.turn(), Some(1));
    // A command for the wrong team is refused before it reaches the journal.
    let wrong = Cmd::RolePlay {
        team: Some(2),
        command: role_play::Command::Choose(0),
    };
    let refused = live.stage(&wrong).unwrap_err().to_string();
    assert!(refused.contains("team 2"), "{refused}");
    drop(store);

    // The laptop is restarted: the session opens on team 2 (하늘), not team 3.
    let store = Store::open(dir.path()).unwrap();
    let resumed = Live::resume(s, setup, store.journal(id).unwrap()).unwrap();
    assert_eq!(resumed.turn(), Some(1));
    assert_eq!(
        resumed.role_play(role_play::Command::Choose(1)),
        Cmd::RolePlay {
            team: Some(1),
            command: role_play::Command::Choose(1)
        }
    );
}

/// `End` finishes a session in the database as it is written, so no front end can forget
/// to; the library no longer offers it for resume. Undoing the `End` reopens it.
#[test]
fn an_ended_session_is_finished_and_not_offered_for_resume() {
    let dir = tempfile::tempdir().unwrap();
    let setup = setup(Mode::Rounds, 2, 1);
    let (mut store, id, _) = new_session(dir.path(), "community-fund.ron", &setup);
    store.append(id, &Cmd::TeamGame(Tg::BeginRound)).unwrap();
    let status = |store: &Store| store.list().unwrap()[0].status;
    assert_eq!(status(&store), Status::Active);
    let end = store.append(id, &Cmd::End).unwrap();
    assert_eq!(status(&store), Status::Finished);
    assert_eq!(store.record(id).unwrap().status, Status::Finished);
    store.append(id, &Cmd::Undo { seq: end.seq }).unwrap();
    assert_eq!(status(&store), Status::Active);
    // A game played to its last round is finished when the class closes it.
    let (_, s) = Pinned::from_file(&scenario_file("community-fund.ron")).unwrap();
    let mut live = Live::resume(s, setup, store.journal(id).unwrap()).unwrap();
    assert_eq!(live.closing_command(), None, "the game is not over yet");
    while !live.is_over() {
        for command in live
            .skip()
            .unwrap_or_else(|_| vec![Cmd::TeamGame(Tg::BeginRound)])
        {
            live.stage(&command).unwrap();
            live.commit(store.append(id, &command).unwrap()).unwrap();
        }
    }
    let end = live.closing_command().expect("over: closing ends it");
    live.stage(&end).unwrap();
    live.commit(store.append(id, &end).unwrap()).unwrap();
    assert_eq!(status(&store), Status::Finished);
    assert_eq!(live.closing_command(), None);
}

/// The round timer comes from the journal's times, so it survives a restart, stops while
/// paused, and gets the extra time given this round only.
#[test]
fn the_round_clock_is_kept_by_the_journal() {
    let (_, s) = Pinned::from_file(&scenario_file("community-fund.ron")).unwrap();
    let setup = setup(Mode::Rounds, 3, 4);
    let mut live = Live::start(s.clone(), setup.clone()).unwrap();
    let put = |live: &mut Live, at: i64, command: Cmd| {
        live.stage(&command).unwrap();
        let seq = live.journal().len() as u64 + 1;
        live.commit(session::Entry { seq, at, command }).unwrap();
    };
    assert_eq!(live.round_clock(100.0, None), None, "no round yet");
    put(&mut live, 100, Cmd::TeamGame(Tg::BeginRound));
    put(&mut live, 130, Cmd::Pause);
    put(&mut live, 190, Cmd::Resume);
    put(
        &mut live,
        200,
        Cmd::AddTime {
            team: Some(2),
            seconds: 30,
        },
    );
    let clock = live.round_clock(250.0, None).unwrap();
    assert_eq!(
        clock.elapsed, 90.0,
        "150 s since the start, 60 of them paused"
    );
    assert_eq!(clock.limit, session::ROUND_SECONDS + 30);
    assert_eq!(
        live.round_clock(250.0, Some(0)).unwrap().limit,
        session::ROUND_SECONDS
    );
    // Restarted: the same clock.
    let resumed = Live::resume(s, setup, live.journal().to_vec()).unwrap();
    assert_eq!(
        resumed.round_clock(250.0, None),
        live.round_clock(250.0, None)
    );
    put(&mut live, 260, Cmd::Pause);
    assert_eq!(
        live.round_clock(900.0, None).unwrap().elapsed,
        100.0,
        "stopped while paused"
    );
    assert!(live.round_clock(900.0, None).unwrap().paused);
    put(&mut live, 300, Cmd::Resume);
    for command in live.skip().unwrap() {
        put(&mut live, 310, command);
    }
    put(&mut live, 400, Cmd::TeamGame(Tg::BeginRound));
    let next = live.round_clock(400.0, None).unwrap();
    assert_eq!(
        (next.elapsed, next.limit),
        (0.0, session::ROUND_SECONDS),
        "extra time was for round 1"
    );
}

/// "Ten seconds left": a countdown ends the round sooner (the clock turns urgent), survives a
/// restart, counts pauses and time given after it, is only for a round in play, and ends
/// with the round.
#[test]
fn a_countdown_ends_the_round_sooner() {
    let (_, s) = Pinned::from_file(&scenario_file("community-fund.ron")).unwrap();
    let setup = setup(Mode::Rounds, 3, 4);
    let mut live = Live::start(s.clone(), setup.clone()).unwrap();
    fn put(live: &mut Live, at: i64, command: Cmd) -> Result<(), session::SessionError> {
        live.stage(&command)?;
        let seq = live.journal().len() as u64 + 1;
        live.commit(session::Entry { seq, at, command }).map(|_| ())
    }
    assert!(
        put(&mut live, 90, Cmd::Countdown { seconds: 10 }).is_err(),
        "no round in play yet"
    );
    put(&mut live, 100, Cmd::TeamGame(Tg::BeginRound)).unwrap();
    put(&mut live, 140, Cmd::Countdown { seconds: 10 }).unwrap();
    let clock = live.round_clock(145.0, None).unwrap();
    assert_eq!((clock.limit, clock.left()), (50, 5.0), "40 s played + 10");
    put(&mut live, 146, Cmd::Pause).unwrap();
    put(&mut live, 200, Cmd::Resume).unwrap();
    assert_eq!(
        live.round_clock(202.0, None).unwrap().left(),
        2.0,
        "paused 54 s"
    );
    put(
        &mut live,
        203,
        Cmd::AddTime {
            team: None,
            seconds: 30,
        },
    )
    .unwrap();
    assert_eq!(live.round_clock(203.0, None).unwrap().limit, 80);
    let resumed = Live::resume(s, setup, live.journal().to_vec()).unwrap();
    assert_eq!(
        resumed.round_clock(210.0, None),
        live.round_clock(210.0, None)
    );
    for command in live.skip().unwrap() {
        put(&mut live, 220, command).unwrap();
    }
    put(&mut live, 300, Cmd::TeamGame(Tg::BeginRound)).unwrap();
    assert_eq!(
        live.round_clock(300.0, None).unwrap().limit,
        session::ROUND_SECONDS,
        "the countdown was for round 1"
    );
}

/// A game the class plays together, from the command line: a practice round, a stock that
/// falls round by round, a village meeting between rounds, and a class goal that is lost; the
/// journal replays it and the report leads with the class's result.
#[test]
fn a_class_goal_is_journaled_replayed_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str], input: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kkumgil"))
            // The English texts these tests read; Korean is the default (see tests/cli.rs).
            .env("KKUMGIL_LANG", "en")
            .arg("--data-dir")
            .arg(dir.path())
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let pond = Path::new(ROOT).join("tests/scenarios/pond.ron");
    let id = run(
        &[
            "sessions",
            "start",
            pond.to_str().unwrap(),
            "--class",
            "2-3",
            "--teams",
            "4",
        ],
        "",
    )
    .trim()
    .to_owned();
    // The practice round, rounds 1 to 3, the village meeting, round 4.
    let mut lines = String::new();
    for round in 0..5 {
        if round == 4 {
            lines.push_str("{\"TeamGame\":\"NextStep\"}\n");
        }
        lines.push_str("{\"TeamGame\":\"BeginRound\"}\n");
        for team in 0..4 {
            lines.push_str(&format!(
                "{{\"TeamGame\":{{\"Decide\":{{\"team\":{team},\"values\":[{{\"Number\":5}}]}}}}}}\n"
            ));
        }
        lines.push_str("{\"TeamGame\":\"Resolve\"}\n");
    }
    let driven = run(&["sessions", "drive", &id], &lines);
    assert_eq!(driven.matches("ack ").count(), 31, "{driven}");
    let info = run(&["sessions", "resume-info", &id], "");
    assert!(
        info.contains("finished") || info.contains("Finished"),
        "{info}"
    );
    let out = dir.path().join("out");
    run(
        &[
            "sessions",
            "export",
            &id,
            "--lang",
            "ko",
            "--out",
            out.to_str().unwrap(),
        ],
        "",
    );
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let goal = html.find("반 목표").expect("the class goal in the report");
    let scores = html.find("<h2>결과</h2>").expect("the team scores");
    assert!(goal < scores, "the class's result comes before team scores");
    assert!(html.contains("목표를 이루지 못했어요"), "lost");
    assert!(
        html.contains("저수지의 물고기: 1"),
        "the stock's last value"
    );
}

/// A whole 골든벨 for 2 teams: team 1 knows every answer, team 2 only the first six.
fn golden_bell_played(
    dir: &Path,
    s: &Setup,
) -> (kkumgil::scenario::Scenario, Progress, Vec<session::Entry>) {
    let (mut store, id, scenario) = new_session(dir, "golden-bell.ron", s);
    let kkumgil::scenario::Game::TeamGame(tg) = &scenario.game else {
        panic!("a team game")
    };
    let mut state = Progress::new(&scenario, s).unwrap();
    let mut play = |c: Cmd| {
        state.apply(&scenario, s, &c, &mut Vec::new()).unwrap();
        store.append(id, &c).unwrap();
    };
    for (q, quiz) in tg.quizzes.iter().enumerate() {
        play(Cmd::TeamGame(Tg::BeginRound));
        for team in 0..2 {
            let option = if team == 0 || q < 6 {
                quiz.answer
            } else {
                (quiz.answer + 1) % quiz.options.len()
            };
            play(Cmd::TeamGame(Tg::Answer {
                team,
                quiz: q,
                option,
            }));
        }
        play(Cmd::TeamGame(Tg::Resolve));
    }
    assert!(state.is_over());
    let journal = store.journal(id).unwrap();
    (scenario, state, journal)
}

/// 골든벨 as a pre/post check: quiz-only rounds need no decisions, and the report counts the
/// class's answers concept by concept, the same after the journal is replayed.
#[test]
fn the_golden_bell_report_counts_right_answers_per_concept() {
    let dir = tempfile::tempdir().unwrap();
    let s = setup(Mode::Rounds, 2, 3);
    let (scenario, state, journal) = golden_bell_played(dir.path(), &s);
    assert_eq!(state.scores(&s), vec![12.0, 6.0]);
    let again = Progress::replay(&scenario, &s, &journal).unwrap();
    let html = session::export::html(&scenario, &s, &again, "오늘", kkumgil::scenario::Lang::Ko);
    assert!(html.contains("퀴즈 결과 (개념별)"), "{html}");
    assert!(
        html.contains("모든 팀의 답 24개 중 18개가 맞았어요 (75%)"),
        "{html}"
    );
    // Round 1 (사회적경제): both right; round 12 (임팩트 투자): only team 1.
    assert!(
        html.contains("<td>사회적경제</td><td>1</td><td>2 / 2</td><td>100%</td>"),
        "{html}"
    );
    assert!(
        html.contains("<td>임팩트 투자</td><td>1</td><td>1 / 2</td><td>50%</td>"),
        "{html}"
    );
}

/// The report is a page, printed as a teacher's browser prints it (headless Chromium): all
/// its text, the chart's too, is set in the Hangul font exported beside it, so a PC without
/// Korean fonts shows no boxes. Skipped without Chromium unless KKUMGIL_REQUIRE_CHROMIUM is
/// set (scripts/test installs it and sets it). The page is saved in test-artifacts/ to look at.
#[test]
fn the_exported_report_prints_in_its_own_hangul_font() {
    let Some(chromium) = browser::chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let s = setup(Mode::Rounds, 2, 3);
    let (scenario, state, journal) = golden_bell_played(dir.path(), &s);
    let out = dir.path().join("export");
    std::fs::create_dir_all(&out).unwrap();
    let files = session::export::files(
        &scenario,
        &s,
        &state,
        &journal,
        "오늘",
        kkumgil::scenario::Lang::Ko,
    )
    .unwrap();
    for (name, bytes) in &files {
        std::fs::write(out.join(name), bytes).unwrap();
    }
    assert!(
        out.join("OFL.txt").is_file(),
        "the font's licence goes with it"
    );
    // Every font the printed page uses: only the one the page carries (a fallback would be
    // named).
    let (_, fonts) = browser::render(
        chromium,
        &out.join("report.html"),
        "report-golden-bell.png",
        "900,1400",
    );
    assert!(!fonts.is_empty(), "no fonts in the printed report");
    assert!(
        fonts.iter().all(|f| f.ends_with("+NanumSquareRoundR")),
        "fonts used: {fonts:?}"
    );
}
