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
use kkumgil::session::store::{Store, StoreError};
use kkumgil::session::{self, Command as Cmd, Mode, Pinned, Setup, State};

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
    let mut state = State::new(&s, &setup).unwrap();
    for c in &script {
        state.apply(&s, &setup, c).unwrap();
        store.append(id, c).unwrap();
    }
    assert!(state.is_over());
    drop(store);

    // Reopen, as after closing the laptop: the replay is the same class.
    let store = Store::open(dir.path()).unwrap();
    let record = store.record(id).unwrap();
    let again = State::replay(
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
    let state = State::replay(&s, &setup, &journal).unwrap();
    assert_eq!(state.awards, vec![0.0; 3]);
    assert_eq!(state.undone, vec![award.seq]);
    assert_eq!(state.applied, vec![a.seq]);
    // Undoing the first choice makes the class stand at the start again.
    let mut store = store;
    store.claim(id, false).unwrap();
    store.append(id, &Cmd::Undo { seq: a.seq }).unwrap();
    let state = State::replay(&s, &setup, &store.journal(id).unwrap()).unwrap();
    let session::Play::RolePlay { runs } = &state.play else {
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
    let mut expected = vec![State::new(&s, &setup).unwrap().scores(&setup)];
    let mut state = State::new(&s, &setup).unwrap();
    for c in &script {
        state.apply(&s, &setup, c).unwrap();
        expected.push(state.scores(&setup));
    }
    let mut rng = GameRng::new(99);
    let mut killed_mid_write = 0;
    for k in 0..kills {
        let dir = tempfile::tempdir().unwrap();
        let (store, id, _) = new_session(dir.path(), "community-fund.ron", &setup);
        drop(store);
        let mut child = Command::new(env!("CARGO_BIN_EXE_kkumgil"))
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
        let replayed = State::replay(&s, &setup, &journal).unwrap();
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
        &["sessions", "export", id, "--out", out.to_str().unwrap()],
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

/// Advancing the state entry by entry (what the app and `drive` do after each command) gives
/// exactly the state a full replay gives, undos and refused commands included.
#[test]
fn advancing_entry_by_entry_equals_replaying() {
    let setup = setup(Mode::Rounds, 4, 31);
    let (_, s) = Pinned::from_file(&scenario_file("community-fund.ron")).unwrap();
    let mut commands = fund_script();
    commands.insert(7, Cmd::Undo { seq: 3 });
    commands.insert(
        12,
        Cmd::Award {
            team: 9,
            points: 1.0,
            reason: "no such team".into(),
        },
    );
    commands.insert(20, Cmd::Undo { seq: 9 });
    let mut journal = Vec::new();
    let mut state = State::new(&s, &setup).unwrap();
    for (i, command) in commands.into_iter().enumerate() {
        journal.push(session::Entry {
            seq: i as u64 + 1,
            at: 0,
            command,
        });
        state.advance(&s, &setup, &journal).unwrap();
        let replayed = State::replay(&s, &setup, &journal).unwrap();
        assert_eq!(
            state.scores(&setup),
            replayed.scores(&setup),
            "after {} entries",
            journal.len()
        );
        assert_eq!(state.history, replayed.history);
        assert_eq!(state.applied, replayed.applied);
        assert_eq!(state.skipped, replayed.skipped);
        assert_eq!(state.undone, replayed.undone);
    }
}
