//! `kkumgil sessions …`: the session database from the command line — list, show, resume
//! info, export and replay, plus `start` and `drive` to run a session from a script.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;

use crate::scenario::{self, Lang, library};
use crate::session::store::{self, Store};
use crate::session::{
    self, Command as SessionCommand, Live, Mode, Pinned, Progress, Setup, export,
};

#[derive(Debug, Subcommand)]
pub enum Sessions {
    /// Every session, unfinished ones first.
    List {
        #[arg(long, value_enum, default_value_t = crate::cli::Format::Text)]
        format: crate::cli::Format,
    },
    /// A session's setup, scores and journal.
    Show { id: i64 },
    /// Whether a session can be resumed, and where it stands.
    ResumeInfo { id: i64 },
    /// Write scores.csv, decisions.csv and report.html for a session.
    Export {
        id: i64,
        /// Folder to write to (default: exports/<id> in the data folder).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = Lang::Ko)]
        lang: Lang,
    },
    /// Replay a session's journal and print the scores after each command.
    Replay { id: i64 },
    /// Start a session from the command line (prints its id).
    Start {
        /// A scenario file, or the id of a bundled scenario.
        scenario: PathBuf,
        /// The class, e.g. "율하중 2-3".
        #[arg(long)]
        class: String,
        #[arg(long, default_value_t = 4)]
        teams: usize,
        /// class-vote or team-turns for role-plays; rounds for team games (the default fits the game).
        #[arg(long, value_enum)]
        mode: Option<ModeArg>,
        #[arg(long)]
        seed: Option<u64>,
        #[arg(long, default_value = "")]
        day: String,
        #[arg(long, default_value = "")]
        group: String,
    },
    /// Apply commands (one JSON per line on stdin) to a session, printing `ack SEQ` once each
    /// is on disk. For scripts and tests.
    #[command(hide = true)]
    Drive {
        id: i64,
        /// Take the session even if another program holds it.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ModeArg {
    ClassVote,
    TeamTurns,
    Rounds,
}

pub fn run(command: Sessions, data_dir: Option<&Path>) -> ExitCode {
    let Some(dir) = library::data_dir(data_dir) else {
        eprintln!("kkumgil sessions: cannot find a data folder; give one with --data-dir");
        return ExitCode::from(2);
    };
    // Reading never writes, so it works on a full disk or a read-only folder.
    let reads = matches!(
        command,
        Sessions::List { .. }
            | Sessions::Show { .. }
            | Sessions::ResumeInfo { .. }
            | Sessions::Export { .. }
            | Sessions::Replay { .. }
    );
    let opened = if reads {
        Store::open_read(&dir)
    } else {
        Store::open(&dir)
    };
    let mut store = match opened {
        Ok(s) => s,
        Err(e) => {
            eprintln!("kkumgil sessions: {e}");
            return ExitCode::from(1);
        }
    };
    let result = match command {
        Sessions::List { format } => list(&store, format),
        Sessions::Show { id } => show(&store, id),
        Sessions::ResumeInfo { id } => resume_info(&store, id),
        Sessions::Export { id, out, lang } => export(
            &store,
            id,
            out.unwrap_or_else(|| dir.join("exports").join(id.to_string())),
            lang,
        ),
        Sessions::Replay { id } => replay(&store, id),
        Sessions::Start {
            scenario,
            class,
            teams,
            mode,
            seed,
            day,
            group,
        } => start(&mut store, &scenario, class, teams, mode, seed, day, group),
        Sessions::Drive { id, force } => drive(&mut store, id, force),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kkumgil sessions: {e}");
            ExitCode::from(1)
        }
    }
}

type Result<T> = std::result::Result<T, String>;

/// A session's record, scenario and replayed state.
fn load(
    store: &Store,
    id: i64,
) -> Result<(
    store::Record,
    scenario::Scenario,
    Vec<session::Entry>,
    Progress,
)> {
    let record = store.record(id).map_err(|e| e.to_string())?;
    let s = record.pinned.load().map_err(|e| e.to_string())?;
    let journal = store.journal(id).map_err(|e| e.to_string())?;
    let state = Progress::replay(&s, &record.setup, &journal).map_err(|e| e.to_string())?;
    Ok((record, s, journal, state))
}

fn when(secs: i64) -> String {
    export::local_time(secs)
}

fn list(store: &Store, format: crate::cli::Format) -> Result<()> {
    let sessions = store.list().map_err(|e| e.to_string())?;
    let mut out = std::io::stdout().lock();
    let text = match format {
        crate::cli::Format::Json => {
            serde_json::to_string_pretty(&sessions).map_err(|e| e.to_string())? + "\n"
        }
        crate::cli::Format::Text => {
            let mut t = String::new();
            if sessions.is_empty() {
                t.push_str("no sessions yet\n");
            }
            for s in &sessions {
                t.push_str(&format!(
                    "{:>4}  {}  {:<9} {:<14} {} ({})  {} commands{}\n",
                    s.id,
                    when(s.created_at),
                    s.status,
                    s.class_label,
                    s.scenario_title,
                    s.scenario_id,
                    s.commands,
                    if s.day.is_empty() && s.group.is_empty() {
                        String::new()
                    } else {
                        format!("  [{} {}]", s.day, s.group)
                    }
                ));
            }
            t
        }
    };
    out.write_all(text.as_bytes()).map_err(|e| e.to_string())
}

fn scoreboard(setup: &Setup, state: &Progress) -> String {
    let scores = state.scores(setup);
    let ranks = state.ranks(setup);
    setup
        .teams
        .iter()
        .enumerate()
        .map(|(t, team)| {
            format!(
                "  {} {} {:<8} {:>8.1}  (rank {})\n",
                team.icon, team.colour, team.name, scores[t], ranks[t]
            )
        })
        .collect()
}

fn show(store: &Store, id: i64) -> Result<()> {
    let (record, s, journal, state) = load(store, id)?;
    let setup = &record.setup;
    let mut t = format!(
        "session {id}: {} — {} ({}), {:?}, seed {}, {}\nstarted {}{}\n\nteams\n",
        setup.class_label,
        s.title.ko,
        record.scenario_id,
        setup.mode,
        setup.seed,
        record.status,
        when(record.created_at),
        if setup.day.is_empty() {
            String::new()
        } else {
            format!(", day {} group {}", setup.day, setup.group)
        }
    );
    t.push_str(&scoreboard(setup, &state));
    t.push_str("\njournal\n");
    for e in &journal {
        let mark = if state.undone.contains(&e.seq) {
            " (undone)"
        } else if state.skipped.iter().any(|(s, _)| *s == e.seq) {
            " (did not apply)"
        } else {
            ""
        };
        t.push_str(&format!(
            "  {:>4} {} {}{mark}\n",
            e.seq,
            when(e.at),
            serde_json::to_string(&e.command).unwrap_or_default()
        ));
    }
    std::io::stdout()
        .lock()
        .write_all(t.as_bytes())
        .map_err(|e| e.to_string())
}

fn resume_info(store: &Store, id: i64) -> Result<()> {
    let (record, s, journal, state) = load(store, id)?;
    let place = match (&state.board, &s.game) {
        (session::Board::RolePlay { runs }, scenario::Game::RolePlay(rp)) => runs
            .iter()
            .map(|r| match r.position {
                crate::engine::role_play::Position::Scene(s) => {
                    format!("scene '{}'", rp.scenes[s].id)
                }
                crate::engine::role_play::Position::Ended(e) => {
                    format!("ended at '{}'", rp.endings[e].id)
                }
            })
            .collect::<Vec<_>>()
            .join(", "),
        (session::Board::TeamGame(g), _) => format!("round {} ({:?})", g.round, g.phase),
        _ => String::new(),
    };
    println!(
        "session {id}: {}; {} commands; {}; {}",
        record.status,
        journal.len(),
        place,
        if record.status == store::Status::Active && !state.is_over() {
            "can be resumed"
        } else {
            "finished: export it or start a new one"
        }
    );
    Ok(())
}

fn export(store: &Store, id: i64, out: PathBuf, lang: Lang) -> Result<()> {
    let (record, s, journal, state) = load(store, id)?;
    let cannot = |path: &Path, e: std::io::Error| {
        format!(
            "cannot write the export to {} ({e}); choose a folder you can write to with --out",
            path.display()
        )
    };
    std::fs::create_dir_all(&out).map_err(|e| cannot(&out, e))?;
    let files = export::files(
        &s,
        &record.setup,
        &state,
        &journal,
        &when(record.created_at),
        lang,
    )
    .map_err(|e| e.to_string())?;
    for (name, text) in files {
        let path = out.join(name);
        std::fs::write(&path, text).map_err(|e| cannot(&path, e))?;
        println!("{}", path.display());
    }
    Ok(())
}

fn replay(store: &Store, id: i64) -> Result<()> {
    let (record, s, journal, state) = load(store, id)?;
    let setup = &record.setup;
    let mut t = String::new();
    for k in 1..=journal.len() {
        let partial = Progress::replay(&s, setup, &journal[..k]).map_err(|e| e.to_string())?;
        let scores: Vec<String> = partial
            .scores(setup)
            .iter()
            .map(|x| format!("{x:.1}"))
            .collect();
        t.push_str(&format!(
            "{:>4} {:<60} scores [{}]\n",
            journal[k - 1].seq,
            serde_json::to_string(&journal[k - 1].command).unwrap_or_default(),
            scores.join(", ")
        ));
    }
    t.push_str("\nfinal\n");
    t.push_str(&scoreboard(setup, &state));
    std::io::stdout()
        .lock()
        .write_all(t.as_bytes())
        .map_err(|e| e.to_string())
}

fn start(
    store: &mut Store,
    name: &Path,
    class: String,
    teams: usize,
    mode: Option<ModeArg>,
    seed: Option<u64>,
    day: String,
    group: String,
) -> Result<()> {
    let path = crate::cli::scenario_path(name).ok_or_else(|| {
        format!(
            "{}: no such scenario file or bundled scenario",
            name.display()
        )
    })?;
    let (pinned, s) = Pinned::from_file(&path).map_err(|e| e.to_string())?;
    let mode = match (mode, s.kind()) {
        (Some(ModeArg::ClassVote), _) => Mode::ClassVote,
        (Some(ModeArg::TeamTurns), _) => Mode::TeamTurns,
        (Some(ModeArg::Rounds), _) => Mode::Rounds,
        (None, scenario::GameKind::RolePlay) => Mode::ClassVote,
        (None, scenario::GameKind::TeamGame) => Mode::Rounds,
    };
    if class.trim().is_empty() {
        return Err("give the class a label with --class, e.g. \"율하중 2-3\"".into());
    }
    let setup = Setup {
        class_label: class,
        instructor: String::new(),
        day,
        group,
        teams: session::default_teams(teams),
        mode,
        seed: seed.unwrap_or_else(|| {
            crate::engine::GameRng::derive(store::now() as u64, std::process::id().into())
        }),
        hide_leaderboard: false,
    };
    Progress::new(&s, &setup).map_err(|e| e.to_string())?;
    let id = store
        .create(&setup, &pinned, &s.id, &s.title.ko)
        .map_err(|e| e.to_string())?;
    store.release(id).map_err(|e| e.to_string())?;
    println!("{id}");
    Ok(())
}

/// Journal first, through `Live` like every front end: each command is checked, appended
/// durably, acknowledged, and only then applied.
fn drive(store: &mut Store, id: i64, force: bool) -> Result<()> {
    store.claim(id, force).map_err(|e| e.to_string())?;
    let record = store.record(id).map_err(|e| e.to_string())?;
    let s = record.pinned.load().map_err(|e| e.to_string())?;
    let journal = store.journal(id).map_err(|e| e.to_string())?;
    let mut live = Live::resume(s, record.setup, journal).map_err(|e| e.to_string())?;
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    let interactive = stdin.is_terminal();
    for line in stdin.lock().lines() {
        let line = line.map_err(|e| e.to_string())?;
        if line.trim().is_empty() {
            continue;
        }
        let command: SessionCommand = match serde_json::from_str(&line) {
            Ok(c) => c,
            Err(e) => {
                writeln!(out, "error not a command: {e}").map_err(|e| e.to_string())?;
                continue;
            }
        };
        if let Err(why) = live.stage(&command) {
            writeln!(out, "error {why}").map_err(|e| e.to_string())?;
            continue;
        }
        let entry = match store.append(id, &command) {
            Ok(entry) => entry,
            Err(e) => {
                live.unstage();
                return Err(e.to_string());
            }
        };
        let seq = entry.seq;
        live.commit(entry).map_err(|e| e.to_string())?;
        writeln!(out, "ack {seq}").map_err(|e| e.to_string())?;
        if interactive {
            out.write_all(scoreboard(live.setup(), live.progress()).as_bytes())
                .map_err(|e| e.to_string())?;
        }
        out.flush().map_err(|e| e.to_string())?;
    }
    store.release(id).map_err(|e| e.to_string())?;
    Ok(())
}
