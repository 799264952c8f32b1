//! Session databases that are damaged, foreign, newer, on a full disk or a read-only disk, or
//! claimed by two programs at once. Each failure must name the file, say what is wrong and
//! what to do, never show SQLite's raw text, and never change the file; reading must keep
//! working wherever the file can be read.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Barrier};
use std::time::Duration;

use kkumgil::session::store::Store;
use kkumgil::session::{self, Command as Cmd, Mode, Pinned, Setup};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

struct Run {
    ok: bool,
    out: String,
    err: String,
}

/// Runs `kkumgil --data-dir DIR ARGS` with `input` on stdin; a run that has not finished in a
/// minute fails the test.
fn kkumgil(dir: &Path, args: &[&str], input: &str) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kkumgil"))
        // The English texts these tests read; Korean is the default (see tests/cli.rs).
        .env("KKUMGIL_LANG", "en")
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run kkumgil");
    let mut stdin = child.stdin.take().unwrap();
    let _ = stdin.write_all(input.as_bytes());
    drop(stdin);
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || send.send(child.wait_with_output().expect("output")));
    let out = receive
        .recv_timeout(Duration::from_secs(60))
        .unwrap_or_else(|_| panic!("kkumgil {args:?} hung"));
    Run {
        ok: out.status.success(),
        out: String::from_utf8_lossy(&out.stdout).into_owned(),
        err: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

const TWO_AWARDS: &str = "{\"TeamGame\":\"BeginRound\"}\n\
    {\"Award\":{\"team\":0,\"points\":5,\"reason\":\"협동\"}}\n\
    {\"Award\":{\"team\":1,\"points\":3,\"reason\":\"발표\"}}\n";

/// A data folder with one community-fund session of three commands; returns its id.
fn lesson(dir: &Path) -> String {
    let start = kkumgil(
        dir,
        &[
            "sessions",
            "start",
            "community-fund",
            "--class",
            "2-3",
            "--seed",
            "3",
        ],
        "",
    );
    assert!(start.ok, "{}", start.err);
    let id = start.out.trim().to_owned();
    let drive = kkumgil(dir, &["sessions", "drive", &id], TWO_AWARDS);
    assert!(drive.ok && drive.out.contains("ack 3"), "{}", drive.err);
    id
}

/// What a teacher reads about a session: the list, the whole session, its replay.
fn readings(dir: &Path, id: &str) -> Vec<String> {
    [
        vec!["sessions", "list"],
        vec!["sessions", "show", id],
        vec!["sessions", "replay", id],
    ]
    .iter()
    .map(|args| {
        let run = kkumgil(dir, args, "");
        assert!(run.ok, "{args:?} failed: {}", run.err);
        run.out
    })
    .collect()
}

/// SQLite's own words that must never reach a teacher.
fn raw_sqlite(text: &str) -> bool {
    [
        "CREATE TABLE",
        "SELECT ",
        "disk I/O error",
        "unsupported file format",
        "no such ",
    ]
    .iter()
    .any(|raw| text.contains(raw))
}

#[test]
fn damaged_and_foreign_databases_say_which_file_what_is_wrong_and_what_to_do() {
    let good = tempfile::tempdir().unwrap();
    lesson(good.path());
    let original = std::fs::read(good.path().join("sessions.db")).unwrap();
    let sql = |path: &Path, statement: &str| {
        let conn = rusqlite::Connection::open(path).unwrap();
        conn.execute_batch(statement).unwrap();
    };
    let bytes = |path: &Path, at: usize, new: &[u8]| {
        let mut b = std::fs::read(path).unwrap();
        b[at..at + new.len()].copy_from_slice(new);
        std::fs::write(path, b).unwrap();
    };
    type Damage = Box<dyn Fn(&Path)>;
    let cases: Vec<(&str, Damage, &str)> = vec![
        (
            "schema version 0",
            Box::new(move |p| sql(p, "PRAGMA user_version = 0")),
            "schema version is 0",
        ),
        (
            "schema version -1",
            Box::new(move |p| sql(p, "PRAGMA user_version = -1")),
            "schema version is -1",
        ),
        (
            "a column dropped",
            Box::new(move |p| sql(p, "ALTER TABLE sessions DROP COLUMN group_label")),
            "no column 'group_label'",
        ),
        (
            "a table dropped",
            Box::new(move |p| sql(p, "DROP TABLE journal")),
            "no table 'journal'",
        ),
        (
            "an unknown schema format in the header",
            Box::new(move |p| bytes(p, 44, &9u32.to_be_bytes())),
            "damaged (its header names a file format",
        ),
        (
            "a newer file format in the header",
            Box::new(move |p| bytes(p, 18, &[3, 3])),
            "damaged",
        ),
        (
            "cut in half",
            Box::new(|p| {
                let b = std::fs::read(p).unwrap();
                std::fs::write(p, &b[..b.len() / 2]).unwrap();
            }),
            "damaged",
        ),
        (
            "a shopping list",
            Box::new(|p| std::fs::write(p, "쌀, 두부, 파\n".repeat(300)).unwrap()),
            "damaged",
        ),
        (
            "a folder",
            Box::new(|p| {
                std::fs::remove_file(p).unwrap();
                std::fs::create_dir(p).unwrap();
            }),
            "not a regular file",
        ),
        (
            "a folder where its write-ahead log belongs",
            Box::new(|p| std::fs::create_dir(p.with_extension("db-wal")).unwrap()),
            "sessions.db-wal beside it is not a regular file",
        ),
    ];
    for (name, damage, says) in cases {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("sessions.db");
        std::fs::write(&db, &original).unwrap();
        damage(&db);
        let before = std::fs::read(&db).ok();
        for args in [vec!["sessions", "list"], vec!["sessions", "drive", "1"]] {
            let run = kkumgil(dir.path(), &args, TWO_AWARDS);
            assert!(!run.ok, "{name}: {args:?} succeeded");
            let err = run.err;
            assert!(
                err.contains(&db.display().to_string()),
                "{name}: no path: {err}"
            );
            assert!(err.contains(says), "{name}: expected {says:?}: {err}");
            assert!(
                err.contains("keep a copy") && err.contains("--data-dir"),
                "{name}: no advice: {err}"
            );
            assert!(!raw_sqlite(&err), "{name}: raw SQLite text: {err}");
            assert_eq!(
                std::fs::read(&db).ok(),
                before,
                "{name}: {args:?} changed the file"
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn a_pipe_named_like_the_database_is_refused_without_waiting() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sessions.db");
    let made = Command::new("mkfifo").arg(&db).status().expect("mkfifo");
    assert!(made.success());
    for args in [vec!["sessions", "list"], vec!["sessions", "drive", "1"]] {
        let run = kkumgil(dir.path(), &args, "");
        assert!(
            !run.ok && run.err.contains("not a regular file"),
            "{}",
            run.err
        );
    }
}

#[test]
fn a_database_from_a_newer_kkumgil_is_left_alone_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    lesson(dir.path());
    let db = dir.path().join("sessions.db");
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch("PRAGMA user_version = 7")
        .unwrap();
    let before = std::fs::read(&db).unwrap();
    let run = kkumgil(dir.path(), &["sessions", "list"], "");
    assert!(!run.ok);
    assert!(
        run.err.contains("newer Kkumgil (schema 7); update Kkumgil")
            && run.err.contains(&db.display().to_string()),
        "{}",
        run.err
    );
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

fn fund_setup() -> Setup {
    Setup {
        class_label: "율하중 2-3".into(),
        instructor: String::new(),
        day: String::new(),
        group: String::new(),
        station: String::new(),
        teams: session::default_teams(4),
        mode: Mode::Rounds,
        seed: 9,
        hide_leaderboard: false,
    }
}

/// Two programs drive one session from the same moment, again and again: each either has
/// every command acknowledged or is told who has the session, never "busy"; the journal
/// holds exactly the acknowledged commands. (Deferred transactions failed this within ten
/// rounds when three busy processes loaded the machine; KKUMGIL_CLAIM_ROUNDS raises the count.)
#[test]
fn two_programs_driving_a_session_at_once_are_never_told_busy() {
    let dir = tempfile::tempdir().unwrap();
    let rounds: usize = std::env::var("KKUMGIL_CLAIM_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let id = lesson(dir.path());
    let commands = "\"Pause\"\n\"Resume\"\n".repeat(3);
    let mut acked = 3;
    for round in 0..rounds {
        let barrier = Arc::new(Barrier::new(2));
        let drivers: Vec<_> = (0..2)
            .map(|_| {
                let (barrier, dir, id, commands) = (
                    barrier.clone(),
                    dir.path().to_owned(),
                    id.clone(),
                    commands.clone(),
                );
                std::thread::spawn(move || {
                    barrier.wait();
                    kkumgil(&dir, &["sessions", "drive", &id], &commands)
                })
            })
            .collect();
        let runs: Vec<Run> = drivers.into_iter().map(|d| d.join().unwrap()).collect();
        // The first may finish before the second starts, so both may win in turn; but none
        // is told "busy", and every win has all its commands acknowledged.
        for run in &runs {
            if run.ok {
                acked += 6;
                assert_eq!(
                    run.out.matches("ack ").count(),
                    6,
                    "round {round}: {}",
                    run.out
                );
            } else {
                assert!(
                    run.err.contains("is open in another Kkumgil"),
                    "round {round}: {}",
                    run.err
                );
            }
        }
        assert!(runs.iter().any(|r| r.ok), "round {round}: no one won");
    }
    let list = kkumgil(dir.path(), &["sessions", "list"], "");
    assert!(
        list.out.contains(&format!(" {acked} commands")),
        "{acked} expected: {}",
        list.out
    );
}

/// The message about a session held elsewhere speaks in local clock time, not in seconds
/// since 1970.
#[test]
fn a_session_held_elsewhere_is_described_in_local_time() {
    let dir = tempfile::tempdir().unwrap();
    let (pinned, s) =
        Pinned::from_file(&Path::new(ROOT).join("scenarios/community-fund.ron")).unwrap();
    let mut first = Store::open(dir.path()).unwrap();
    let id = first
        .create(&fund_setup(), &pinned, &s.id, &s.title.ko)
        .unwrap();
    let mut second = Store::open(dir.path()).unwrap();
    let err = second.claim(id, false).expect_err("held by the first");
    let text = err.to_string();
    let date = regex_like_date(&text);
    assert!(date >= 2, "no local times in: {text}");
    assert!(
        !text
            .split(|c: char| !c.is_ascii_digit())
            .any(|n| n.len() >= 10),
        "Unix seconds in: {text}"
    );
    assert!(
        text.contains(&format!("process {}", std::process::id())),
        "{text}"
    );
}

/// How many `YYYY-MM-DD HH:MM:SS` times `text` holds.
fn regex_like_date(text: &str) -> usize {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(18))
        .filter(|&i| {
            let shape = b"dddd-dd-dd dd:dd:dd";
            shape.iter().zip(&b[i..i + 19]).all(|(s, c)| match s {
                b'd' => c.is_ascii_digit(),
                s => s == c,
            })
        })
        .count()
}

/// A small tmpfs mounted over a temporary folder, unmounted when dropped. Only root may
/// mount; elsewhere the tests that need one say so and pass.
#[cfg(target_os = "linux")]
struct Tmpfs {
    dir: tempfile::TempDir,
}

#[cfg(target_os = "linux")]
impl Tmpfs {
    fn mount(size: &str) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!(
                "skipped: mounting a small tmpfs needs root (run the tests as root to try a full and a read-only disk)"
            );
            return None;
        }
        Some(Tmpfs { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn remount(&self, mode: &str) {
        let ok = Command::new("mount")
            .args(["-o", &format!("remount,{mode}")])
            .arg(self.path())
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "remount {mode}");
    }
}

#[cfg(target_os = "linux")]
impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.path()).status();
    }
}

#[cfg(target_os = "linux")]
#[test]
fn on_a_full_disk_reading_works_and_a_new_command_is_refused_as_disk_full() {
    let Some(disk) = Tmpfs::mount("1m") else {
        return;
    };
    let dir = disk.path();
    let id = lesson(dir);
    let before = readings(dir, &id);
    // Fill the disk.
    let mut filler = std::fs::File::create(dir.join("filler")).unwrap();
    while filler.write_all(&[0u8; 4096]).is_ok() {}
    let _ = filler.sync_all();
    let refused = kkumgil(dir, &["sessions", "drive", &id], TWO_AWARDS);
    assert!(!refused.ok, "a command was taken on a full disk");
    assert!(
        refused.err.contains("is full; free some space"),
        "{}",
        refused.err
    );
    assert!(!raw_sqlite(&refused.err), "{}", refused.err);
    assert_eq!(readings(dir, &id), before, "reading changed on a full disk");
    let out = tempfile::tempdir().unwrap();
    let export = kkumgil(
        dir,
        &[
            "sessions",
            "export",
            &id,
            "--out",
            out.path().to_str().unwrap(),
        ],
        "",
    );
    assert!(export.ok, "{}", export.err);
    assert!(out.path().join("report.html").is_file());
    let inside = kkumgil(dir, &["sessions", "export", &id], "");
    assert!(!inside.ok && inside.err.contains("--out"), "{}", inside.err);
    // Space again: the session goes on where it was, nothing lost or doubled.
    drop(filler);
    std::fs::remove_file(dir.join("filler")).unwrap();
    let again = kkumgil(dir, &["sessions", "drive", &id], "\"Pause\"\n");
    assert!(
        again.ok && again.out.contains("ack 4"),
        "{} {}",
        again.out,
        again.err
    );
}

#[cfg(target_os = "linux")]
#[test]
fn on_a_read_only_disk_sessions_can_still_be_read_and_exported() {
    let Some(disk) = Tmpfs::mount("4m") else {
        return;
    };
    let dir = disk.path();
    let id = lesson(dir);
    // A copy taken while a program had commands only in the write-ahead log (as after a
    // power cut): the log and its index are copied too.
    let live = dir.join("live");
    std::fs::create_dir(&live).unwrap();
    {
        let mut store = Store::open(dir).unwrap();
        let id: i64 = id.parse().unwrap();
        store.claim(id, false).unwrap();
        store.append(id, &Cmd::Pause).unwrap();
        for name in ["sessions.db", "sessions.db-wal", "sessions.db-shm"] {
            std::fs::copy(dir.join(name), live.join(name)).unwrap();
        }
    }
    // The same, but the index is lost: the log cannot be read without writing.
    let lost = dir.join("lost");
    std::fs::create_dir(&lost).unwrap();
    for name in ["sessions.db", "sessions.db-wal"] {
        std::fs::copy(live.join(name), lost.join(name)).unwrap();
    }
    let before = readings(dir, &id);
    disk.remount("ro");
    assert_eq!(readings(dir, &id), before);
    let in_log = readings(&live, &id);
    assert!(in_log[0].contains("4 commands"), "{}", in_log[0]);
    let out = tempfile::tempdir().unwrap();
    let export = kkumgil(
        dir,
        &[
            "sessions",
            "export",
            &id,
            "--out",
            out.path().to_str().unwrap(),
        ],
        "",
    );
    assert!(export.ok, "{}", export.err);
    let unmerged = kkumgil(&lost, &["sessions", "list"], "");
    assert!(!unmerged.ok);
    assert!(
        unmerged.err.contains("not yet merged") && unmerged.err.contains("--data-dir"),
        "{}",
        unmerged.err
    );
    let write = kkumgil(dir, &["sessions", "drive", &id], "\"Pause\"\n");
    assert!(!write.ok && !raw_sqlite(&write.err), "{}", write.err);
    assert!(
        write
            .err
            .contains(&dir.join("sessions.db").display().to_string()),
        "{}",
        write.err
    );
    disk.remount("rw");
}
