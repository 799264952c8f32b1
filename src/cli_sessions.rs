//! `kkumgil sessions …`: the session database from the command line — list, show, resume
//! info, export and replay, plus `start` and `drive` to run a session from a script.
//!
//! Every line a teacher reads is a pair (`tr!`): Korean by default, English with `--lang en`.
//! Machine output is the same in both: `--format json`, `start`'s id, `drive`'s `ack SEQ`
//! and `error …` prefixes, the exported files' names and CSV contents.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;

use crate::engine::role_play::Position;
use crate::engine::team_game::Phase;
use crate::i18n::Msg;
use crate::scenario::{self, Lang, library};
use crate::session::store::{self, Store};
use crate::session::{
    self, Command as SessionCommand, Live, Mode, Pinned, Progress, SessionError, Setup, export,
};

#[derive(Debug, Subcommand)]
pub enum Sessions {
    /// Every session, unfinished ones first.
    List {
        #[arg(long, value_enum, default_value_t = crate::cli::Format::Text)]
        format: crate::cli::Format,
    },
    /// A session's setup, scores and journal.
    Show {
        /// The session's number (the first column of `kkumgil sessions list`).
        id: i64,
    },
    /// Whether a session can be resumed, and where it stands.
    ResumeInfo {
        /// The session's number (the first column of `kkumgil sessions list`).
        id: i64,
    },
    /// Write scores.csv, decisions.csv and report.html for a session.
    Export {
        /// The session's number (the first column of `kkumgil sessions list`).
        id: i64,
        /// Folder to write to (default: exports/<id> in the data folder).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Replay a session's journal and print the scores after each command.
    Replay {
        /// The session's number (the first column of `kkumgil sessions list`).
        id: i64,
    },
    /// Start a session from the command line (prints its id).
    Start {
        /// A scenario file, or the id of a bundled scenario.
        scenario: PathBuf,
        /// The class, e.g. "율하중 2-3".
        #[arg(long)]
        class: String,
        /// Number of teams (2–8).
        #[arg(long, default_value_t = 4)]
        teams: usize,
        /// class-vote or team-turns for role-plays; rounds for team games (the default fits the game).
        #[arg(long, value_enum)]
        mode: Option<ModeArg>,
        /// Seed of the session's chance (cards, random outcomes); default: from the clock. The
        /// same seed gives the same cards and outcomes.
        #[arg(long)]
        seed: Option<u64>,
        /// Experience days: the date (e.g. 2026-05-14); empty in a normal lesson.
        #[arg(long, default_value = "")]
        day: String,
        /// Experience days: the visiting group (e.g. a school's year 2); empty in a normal lesson.
        #[arg(long, default_value = "")]
        group: String,
    },
    /// Apply commands (one JSON per line on stdin) to a session, printing `ack SEQ` once each
    /// is on disk. For scripts and tests.
    #[command(hide = true)]
    Drive {
        /// The session's number.
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

pub fn run(command: Sessions, data_dir: Option<&Path>, lang: Lang) -> ExitCode {
    let Some(dir) = library::data_dir(data_dir) else {
        eprintln!(
            "kkumgil sessions: {}",
            tr!(
                "데이터 폴더를 찾지 못했어요. --data-dir로 폴더를 적어 주세요.",
                "cannot find a data folder; give one with --data-dir"
            )
            .get(lang)
        );
        return ExitCode::from(2);
    };
    // Reading never writes, so it works on a full disk or a read-only folder, and a data
    // folder with no database yet reads as one with no sessions (nothing is created).
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
            eprintln!("kkumgil sessions: {}", e.msg().get(lang));
            return ExitCode::from(1);
        }
    };
    let result = match command {
        Sessions::List { format } => list(&store, format, lang),
        Sessions::Show { id } => show(&store, id, lang),
        Sessions::ResumeInfo { id } => resume_info(&store, id, lang),
        Sessions::Export { id, out } => export(
            &store,
            id,
            out.unwrap_or_else(|| dir.join("exports").join(id.to_string())),
            lang,
        ),
        Sessions::Replay { id } => replay(&store, id, lang),
        Sessions::Start {
            scenario,
            class,
            teams,
            mode,
            seed,
            day,
            group,
        } => start(
            &mut store,
            StartArgs {
                scenario,
                class,
                teams,
                mode,
                seed,
                day,
                group,
            },
            data_dir,
        ),
        Sessions::Drive { id, force } => drive(&mut store, id, force, lang),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kkumgil sessions: {}", e.get(lang));
            ExitCode::from(1)
        }
    }
}

/// A failure, in both languages; `run` prints it in the language asked for.
type Result<T> = std::result::Result<T, Msg>;

/// Standard output could not be written (a closed pipe, a full disk).
fn output(e: std::io::Error) -> Msg {
    tr!("결과를 출력하지 못했어요: {e}", "{e}")
}

/// A session's pinned scenario that no longer loads (a newer Kkumgil reads the format
/// differently): its problems in Korean too (`SessionError::Scenario` holds them in English).
fn unloadable(e: SessionError, pinned: &Pinned) -> Msg {
    if !matches!(e, SessionError::Scenario(_)) {
        return e.msg();
    }
    let en = e.to_string();
    let folder = scenario::Folder::Pinned {
        glossary: pinned.glossary.as_deref(),
        dir: pinned.dir.as_deref(),
    };
    let problems =
        scenario::load_source(Path::new(&pinned.file_name), pinned.source.clone(), folder)
            .report
            .render(false, Lang::Ko);
    tr!(
        "이 수업의 시나리오를 더 이상 불러올 수 없어요:\n{problems}",
        "{en}"
    )
}

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
    let record = store.record(id).map_err(|e| e.msg())?;
    let s = record
        .pinned
        .load()
        .map_err(|e| unloadable(e, &record.pinned))?;
    let journal = store.journal(id).map_err(|e| e.msg())?;
    let state = Progress::replay(&s, &record.setup, &journal).map_err(|e| e.msg())?;
    Ok((record, s, journal, state))
}

fn when(secs: i64) -> String {
    export::local_time(secs)
}

/// A session's status as a word: `active` or `finished` in English (as `--format json` has
/// it), 진행 중 or 끝남 in Korean.
fn status_word(status: store::Status) -> Msg {
    match status {
        store::Status::Active => tr!("진행 중", "active"),
        store::Status::Finished => tr!("끝남", "finished"),
    }
}

/// How the class plays; the English is the mode's name in the code (`ClassVote`, …).
fn mode_word(mode: Mode) -> Msg {
    match mode {
        Mode::ClassVote => tr!("반 전체 투표", "ClassVote"),
        Mode::TeamTurns => tr!("팀별 차례", "TeamTurns"),
        Mode::Rounds => tr!("라운드", "Rounds"),
    }
}

/// Where a team game stands within its round; the English is the phase's name in the code.
fn phase_word(phase: &Phase) -> Msg {
    match phase {
        Phase::BetweenRounds => tr!("라운드 사이", "BetweenRounds"),
        Phase::Deciding => tr!("팀들이 정하는 중", "Deciding"),
        Phase::Step(n) => {
            let k = n + 1;
            tr!("라운드 사이 활동 {k}", "Step({n})")
        }
        Phase::Finished => tr!("끝남", "Finished"),
    }
}

/// `text` padded with spaces to `width` terminal columns, a Hangul syllable taking two
/// (`{:<9}` counts characters, which would leave 진행 중 and 끝남 out of line).
fn pad(text: &str, width: usize) -> String {
    let used: usize = text
        .chars()
        .map(|c| {
            if ('\u{AC00}'..='\u{D7A3}').contains(&c) {
                2
            } else {
                1
            }
        })
        .sum();
    format!("{text}{}", " ".repeat(width.saturating_sub(used)))
}

fn list(store: &Store, format: crate::cli::Format, lang: Lang) -> Result<()> {
    let sessions = store.list().map_err(|e| e.msg())?;
    let mut out = std::io::stdout().lock();
    let text = match format {
        crate::cli::Format::Json => {
            serde_json::to_string_pretty(&sessions)
                .map_err(|e| tr!("JSON을 만들지 못했어요: {e}", "{e}"))?
                + "\n"
        }
        crate::cli::Format::Text => {
            let mut t = String::new();
            if sessions.is_empty() {
                t.push_str(tr!("아직 수업 기록이 없어요.\n", "no sessions yet\n").get(lang));
            }
            for s in &sessions {
                let id = s.id;
                let created = when(s.created_at);
                let status = pad(status_word(s.status).get(lang), 9);
                let (class, title, scenario_id) =
                    (&s.class_label, &s.scenario_title, &s.scenario_id);
                let commands = s.commands;
                let extra = if s.day.is_empty() && s.group.is_empty() {
                    String::new()
                } else {
                    format!("  [{} {}]", s.day, s.group)
                };
                t.push_str(
                    tr!(
                        "{id:>4}  {created}  {status} {class:<14} {title} ({scenario_id})  명령 {commands}개{extra}\n",
                        "{id:>4}  {created}  {status} {class:<14} {title} ({scenario_id})  {commands} commands{extra}\n"
                    )
                    .get(lang),
                );
            }
            t
        }
    };
    out.write_all(text.as_bytes()).map_err(output)
}

fn scoreboard(setup: &Setup, state: &Progress, lang: Lang) -> String {
    let scores = state.scores(setup);
    let ranks = state.ranks(setup);
    setup
        .teams
        .iter()
        .enumerate()
        .map(|(t, team)| {
            let (icon, colour, name) = (&team.icon, &team.colour, &team.name);
            let (score, rank) = (scores[t], ranks[t]);
            tr!(
                "  {icon} {colour} {name:<8} {score:>8.1}  (순위 {rank})\n",
                "  {icon} {colour} {name:<8} {score:>8.1}  (rank {rank})\n"
            )
            .get(lang)
            .to_owned()
        })
        .collect()
}

fn show(store: &Store, id: i64, lang: Lang) -> Result<()> {
    let (record, s, journal, state) = load(store, id)?;
    let setup = &record.setup;
    let (class, title, scenario_id) = (&setup.class_label, &s.title.ko, &record.scenario_id);
    let mode = mode_word(setup.mode);
    let mode = mode.get(lang);
    let seed = setup.seed;
    let status = status_word(record.status);
    let status = status.get(lang);
    let started = when(record.created_at);
    let (day, group) = (&setup.day, &setup.group);
    let experience = if setup.day.is_empty() {
        Msg::default()
    } else {
        tr!(
            ", 체험의 날 {day}, 모둠 {group}",
            ", day {day} group {group}"
        )
    };
    let experience = experience.get(lang);
    let writer = written_by(&record.written_by).get(lang).to_owned();
    let mut t = tr!(
        "수업 {id}번: {class} — {title} ({scenario_id}), {mode}, 씨앗 번호 {seed}, {status}\n시작: {started}{experience}\n{writer}\n\n팀\n",
        "session {id}: {class} — {title} ({scenario_id}), {mode}, seed {seed}, {status}\nstarted {started}{experience}\n{writer}\n\nteams\n"
    )
    .get(lang)
    .to_owned();
    t.push_str(&scoreboard(setup, &state, lang));
    t.push_str(tr!("\n기록\n", "\njournal\n").get(lang));
    for e in &journal {
        let mark = if state.undone.contains(&e.seq) {
            tr!(" (되돌림)", " (undone)")
        } else if state.skipped.iter().any(|(s, _)| *s == e.seq) {
            tr!(" (적용 안 됨)", " (did not apply)")
        } else {
            Msg::default()
        };
        let mark = mark.get(lang);
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
        .map_err(output)
}

fn resume_info(store: &Store, id: i64, lang: Lang) -> Result<()> {
    let (record, s, journal, state) = load(store, id)?;
    let place = match (&state.board, &s.game) {
        (session::Board::RolePlay { runs }, scenario::Game::RolePlay(rp)) => runs
            .iter()
            .map(|r| {
                let at = match r.position {
                    Position::Scene(i) => {
                        let scene = &rp.scenes[i].id;
                        tr!("장면 '{scene}'", "scene '{scene}'")
                    }
                    Position::Ended(i) => {
                        let ending = &rp.endings[i].id;
                        tr!("엔딩 '{ending}'에서 끝남", "ended at '{ending}'")
                    }
                };
                at.get(lang).to_owned()
            })
            .collect::<Vec<_>>()
            .join(", "),
        (session::Board::TeamGame(g), _) => {
            let round = g.round;
            let phase = phase_word(&g.phase);
            let phase = phase.get(lang);
            tr!("{round}라운드 ({phase})", "round {round} ({phase})")
                .get(lang)
                .to_owned()
        }
        _ => String::new(),
    };
    let status = status_word(record.status);
    let status = status.get(lang);
    let commands = journal.len();
    let next = if record.status == store::Status::Active && !state.is_over() {
        tr!("이어 할 수 있어요.", "can be resumed")
    } else {
        tr!(
            "끝났어요. 내보내기를 하거나 새 수업을 시작해 주세요.",
            "finished: export it or start a new one"
        )
    };
    let next = next.get(lang);
    println!(
        "{}",
        tr!(
            "수업 {id}번: {status}, 명령 {commands}개, {place}. {next}",
            "session {id}: {status}; {commands} commands; {place}; {next}"
        )
        .get(lang)
    );
    Ok(())
}

fn export(store: &Store, id: i64, out: PathBuf, lang: Lang) -> Result<()> {
    let (record, s, journal, state) = load(store, id)?;
    let cannot = |path: &Path, e: std::io::Error| {
        let path = path.display();
        tr!(
            "내보낸 파일을 {path}에 쓸 수 없어요({e}). --out으로 쓸 수 있는 폴더를 골라 주세요.",
            "cannot write the export to {path} ({e}); choose a folder you can write to with --out"
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
    .map_err(|e| tr!("내보낼 파일을 만들지 못했어요: {e}", "{e}"))?;
    for (name, text) in files {
        let path = out.join(name);
        std::fs::write(&path, text).map_err(|e| cannot(&path, e))?;
        println!("{}", path.display());
    }
    Ok(())
}

fn replay(store: &Store, id: i64, lang: Lang) -> Result<()> {
    let (record, s, journal, state) = load(store, id)?;
    let setup = &record.setup;
    // Which Kkumgil wrote the journal, and which one replays it now.
    let mut t = written_by(&record.written_by).get(lang).to_owned();
    t.push('\n');
    for k in 1..=journal.len() {
        let partial = Progress::replay(&s, setup, &journal[..k]).map_err(|e| e.msg())?;
        let scores: Vec<String> = partial
            .scores(setup)
            .iter()
            .map(|x| format!("{x:.1}"))
            .collect();
        let scores = scores.join(", ");
        let seq = journal[k - 1].seq;
        let command = serde_json::to_string(&journal[k - 1].command).unwrap_or_default();
        t.push_str(
            tr!(
                "{seq:>4} {command:<60} 점수 [{scores}]\n",
                "{seq:>4} {command:<60} scores [{scores}]\n"
            )
            .get(lang),
        );
    }
    t.push_str(tr!("\n최종\n", "\nfinal\n").get(lang));
    t.push_str(&scoreboard(setup, &state, lang));
    std::io::stdout()
        .lock()
        .write_all(t.as_bytes())
        .map_err(output)
}

/// What `kkumgil sessions start` was asked for.
struct StartArgs {
    scenario: PathBuf,
    class: String,
    teams: usize,
    mode: Option<ModeArg>,
    seed: Option<u64>,
    day: String,
    group: String,
}

/// Errors come back as pairs (`Msg`), so `start` needs no language: it prints only the id.
fn start(store: &mut Store, args: StartArgs, data_dir: Option<&Path>) -> Result<()> {
    let StartArgs {
        scenario: name,
        class,
        teams,
        mode,
        seed,
        day,
        group,
    } = args;
    let path = crate::cli::scenario_path(&name, data_dir)
        .ok_or_else(|| crate::cli::no_such_scenario(&name))?;
    let (pinned, s) = Pinned::from_file(&path).map_err(|e| {
        if !matches!(e, SessionError::Scenario(_)) {
            return e.msg();
        }
        let en = e.to_string();
        let problems = scenario::load_file(&path).report.render(false, Lang::Ko);
        tr!(
            "시나리오에 오류가 있어서 수업을 시작할 수 없어요. 고친 뒤 다시 해 주세요(`kkumgil check`).\n{problems}",
            "{en}"
        )
    })?;
    let mode = match (mode, s.kind()) {
        (Some(ModeArg::ClassVote), _) => Mode::ClassVote,
        (Some(ModeArg::TeamTurns), _) => Mode::TeamTurns,
        (Some(ModeArg::Rounds), _) => Mode::Rounds,
        (None, scenario::GameKind::RolePlay) => Mode::ClassVote,
        (None, scenario::GameKind::TeamGame) => Mode::Rounds,
    };
    if class.trim().is_empty() {
        return Err(tr!(
            "--class로 반 이름을 적어 주세요. 예: \"율하중 2-3\"",
            "give the class a label with --class, e.g. \"율하중 2-3\""
        ));
    }
    let setup = Setup {
        class_label: class,
        instructor: String::new(),
        day,
        group,
        station: String::new(),
        teams: session::default_teams(teams),
        mode,
        seed: seed.unwrap_or_else(|| {
            crate::engine::GameRng::derive(store::now() as u64, std::process::id().into())
        }),
        hide_leaderboard: false,
    };
    Progress::new(&s, &setup).map_err(|e| {
        if !matches!(e, SessionError::Mode(_)) {
            return e.msg();
        }
        let en = e.to_string();
        match (&s.game, setup.mode) {
            (scenario::Game::TeamGame(tg), Mode::Rounds) => {
                let (lo, hi) = (tg.min_teams, tg.max_teams);
                tr!(
                    "--teams {teams}: 이 게임은 {lo}–{hi}팀으로 해요. 그 사이의 수를 골라 주세요.",
                    "{en}"
                )
            }
            (scenario::Game::RolePlay(_), Mode::ClassVote | Mode::TeamTurns) => {
                let mode = mode_word(setup.mode).ko;
                tr!(
                    "이 롤플레이는 '{mode}' 방식으로 할 수 없어요. --mode를 바꿔 주세요.",
                    "{en}"
                )
            }
            _ => tr!(
                "롤플레이는 class-vote나 team-turns로, 팀 게임은 rounds로 해요. --mode를 바꿔 주세요.",
                "{en}"
            ),
        }
    })?;
    let id = store
        .create(&setup, &pinned, &s.id, &s.title.ko)
        .map_err(|e| e.msg())?;
    store.release(id).map_err(|e| e.msg())?;
    println!("{id}");
    Ok(())
}

/// Journal first, through `Live` like every front end: each command is checked, appended
/// durably, acknowledged, and only then applied. The `ack SEQ` and `error …` prefixes are
/// for scripts and stay the same in both languages; what follows `error` is translated.
fn drive(store: &mut Store, id: i64, force: bool, lang: Lang) -> Result<()> {
    store.claim(id, force).map_err(|e| e.msg())?;
    let record = store.record(id).map_err(|e| e.msg())?;
    let s = record
        .pinned
        .load()
        .map_err(|e| unloadable(e, &record.pinned))?;
    let journal = store.journal(id).map_err(|e| e.msg())?;
    let mut live = Live::resume(s, record.setup, journal).map_err(|e| e.msg())?;
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    let interactive = stdin.is_terminal();
    for line in stdin.lock().lines() {
        let line = line.map_err(|e| tr!("입력을 읽지 못했어요: {e}", "{e}"))?;
        if line.trim().is_empty() {
            continue;
        }
        let command: SessionCommand = match serde_json::from_str(&line) {
            Ok(c) => c,
            Err(e) => {
                let why = tr!("명령이 아니에요: {e}", "not a command: {e}");
                writeln!(out, "error {}", why.get(lang)).map_err(output)?;
                continue;
            }
        };
        if let Err(why) = live.stage(&command) {
            writeln!(out, "error {}", why.msg().get(lang)).map_err(output)?;
            continue;
        }
        let entry = match store.append(id, &command) {
            Ok(entry) => entry,
            Err(e) => {
                live.unstage();
                return Err(e.msg());
            }
        };
        let seq = entry.seq;
        live.commit(entry).map_err(|e| e.msg())?;
        writeln!(out, "ack {seq}").map_err(output)?;
        if interactive {
            out.write_all(scoreboard(live.setup(), live.progress(), lang).as_bytes())
                .map_err(output)?;
        }
        out.flush().map_err(output)?;
    }
    store.release(id).map_err(|e| e.msg())?;
    Ok(())
}

/// Which Kkumgil wrote a session, and this one when it is another.
fn written_by(writer: &str) -> Msg {
    let now = crate::VERSION;
    match writer {
        "" => tr!(
            "기록한 꿈길: 알 수 없음(버전을 적기 전에 기록한 수업). 지금 꿈길 {now}으로 다시 봐요.",
            "written by: unknown (a session from before versions were recorded); replayed by Kkumgil {now}"
        ),
        w if w == now => tr!("기록한 꿈길: {w}", "written by Kkumgil {w}"),
        w => tr!(
            "기록한 꿈길: {w}. 지금 꿈길 {now}으로 다시 봐요.",
            "written by Kkumgil {w}; replayed by Kkumgil {now}"
        ),
    }
}
