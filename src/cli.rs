//! The command line: `kkumgil` opens the app; subcommands are the instructor's tools.
//!
//! Exit codes: 0 success, 1 the files checked have errors, 2 bad usage (clap's own code).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::scenario::{
    self, FileKind, FileReport, Loaded, escape_controls, library, template::Template,
};
use crate::simulate::{self as sim, Policy};

#[derive(Debug, Parser)]
#[command(
    name = "kkumgil",
    version,
    about = "꿈길 — 사회적경제를 배우는 롤플레이와 팀 게임 / role-play and team games that teach the social economy",
    long_about = None,
)]
pub struct Cli {
    /// Kkumgil's data folder (sessions, your scenarios). Default: the platform's data folder.
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// The app's own options (window size, language, measuring hooks).
    #[cfg(feature = "app")]
    #[command(flatten)]
    pub app: crate::app::Options,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check scenario files for mistakes, with the line and column of each.
    ///
    /// With no PATH: the bundled scenarios and your own scenario folder.
    Check {
        /// Scenario files or folders (folders are searched for .ron files).
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Show every problem; by default the text output shows the first 20 of each kind.
        #[arg(long)]
        all: bool,
        /// Also give advice on teaching: a choice that moves a meter without `feedback`.
        #[arg(long)]
        pedantic: bool,
    },
    /// Play a scenario many times with bot players: how often each ending happens, which
    /// choices and cards matter, and whether the game is fair.
    Simulate {
        /// A scenario file, or the id of a bundled scenario (e.g. village-cafe).
        scenario: PathBuf,
        /// How many games to play.
        #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
        runs: u64,
        /// Seed of the first game; the same seed gives the same report.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Team games: number of teams (default 4, or the nearest the scenario allows); a
        /// number outside the scenario's range is an error.
        #[arg(long)]
        teams: Option<usize>,
        /// How the bots play (default: random for role-plays, mixed for team games).
        #[arg(long, value_enum)]
        policy: Option<Policy>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Worker threads (default: all cores). The report does not depend on it.
        #[arg(long, value_parser = clap::value_parser!(u16).range(1..=256))]
        threads: Option<u16>,
    },
    /// Classroom sessions: list, show, resume info, export, replay.
    #[command(subcommand)]
    Sessions(crate::cli_sessions::Sessions),
    /// Write a small, valid starting scenario to edit.
    New {
        /// The kind of game.
        #[arg(value_enum)]
        kind: Template,
        /// Name of the scenario; becomes its file name and id.
        name: String,
        /// Folder to write to. Default: your scenario folder, which the app shows.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Check {
            paths,
            format,
            all,
            pedantic,
        }) => check(&paths, format, all, pedantic, cli.data_dir.as_deref()),
        Some(Command::New { kind, name, dir }) => new(kind, &name, dir, cli.data_dir.as_deref()),
        Some(Command::Simulate {
            scenario,
            runs,
            seed,
            teams,
            policy,
            format,
            threads,
        }) => simulate(&scenario, runs, seed, teams, policy, format, threads),
        Some(Command::Sessions(command)) => {
            crate::cli_sessions::run(command, cli.data_dir.as_deref())
        }
        #[cfg(feature = "app")]
        None => crate::app::run(cli.app, cli.data_dir),
        #[cfg(not(feature = "app"))]
        None => {
            eprintln!(
                "this kkumgil was built without the app (feature `app`); try `kkumgil --help`"
            );
            ExitCode::from(2)
        }
    }
}

/// Files `check` looks at: the paths given, or the bundled and user folders.
fn files_to_check(paths: &[PathBuf], data_dir: Option<&Path>) -> Result<Vec<PathBuf>, String> {
    let mut roots = paths.to_vec();
    if roots.is_empty() {
        roots.extend(library::bundled_dir());
        roots.extend(library::user_dir(data_dir).filter(|d| d.is_dir()));
        if roots.is_empty() {
            return Err("no scenario folder found; give a file or folder to check".into());
        }
    }
    let mut files = Vec::new();
    for root in roots {
        if root.is_dir() {
            files.extend(
                library::ron_files(&root)
                    .map_err(|e| format!("cannot read the folder {}: {e}", root.display()))?,
            );
        } else if root.is_file() {
            files.push(root);
        } else {
            return Err(format!("{}: no such file or folder", root.display()));
        }
    }
    Ok(files)
}

fn check(
    paths: &[PathBuf],
    format: Format,
    all: bool,
    pedantic: bool,
    data_dir: Option<&Path>,
) -> ExitCode {
    let files = match files_to_check(paths, data_dir) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("kkumgil check: {e}");
            return ExitCode::from(2);
        }
    };
    let reports: Vec<(FileReport, String)> = files
        .iter()
        .map(|f| {
            let loaded = scenario::load_file_with(f, pedantic);
            let what = describe(&loaded);
            (loaded.report, what)
        })
        .collect();
    let errors: usize = reports.iter().map(|(r, _)| r.errors()).sum();
    let warnings: usize = reports.iter().map(|(r, _)| r.warnings()).sum();
    let mut out = std::io::stdout().lock();
    let result = match format {
        Format::Json => {
            let files: Vec<serde_json::Value> = reports
                .iter()
                .map(|(r, what)| {
                    serde_json::json!({
                        "path": r.path.display().to_string(),
                        "summary": what,
                        "errors": r.errors(),
                        "warnings": r.warnings(),
                        "diagnostics": r.located(),
                    })
                })
                .collect();
            let doc = serde_json::json!({ "files": files, "errors": errors, "warnings": warnings });
            writeln!(out, "{doc:#}")
        }
        Format::Text => {
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let mut text = String::new();
            let per_code = (!all).then_some(scenario::SHOWN_PER_CODE);
            for (r, _) in &reports {
                text.push_str(&r.render_with(color, per_code));
            }
            for (r, what) in &reports {
                let mark = if r.has_errors() { "✗" } else { "✓" };
                let path = escape_controls(&r.path.display().to_string());
                text.push_str(&format!("{mark} {path}: {}\n", escape_controls(what)));
            }
            text.push_str(&format!(
                "{} file(s) checked: {errors} error(s), {warnings} warning(s)\n",
                reports.len()
            ));
            out.write_all(text.as_bytes())
        }
    };
    if result.is_err() {
        return ExitCode::from(2);
    }
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// One line per file: what it is, or how many problems it has.
fn describe(loaded: &Loaded) -> String {
    let report = &loaded.report;
    let problems = match (report.errors(), report.warnings()) {
        (0, 0) => String::new(),
        (e, 0) => format!("{e} error(s)"),
        (0, w) => format!("{w} warning(s)"),
        (e, w) => format!("{e} error(s), {w} warning(s)"),
    };
    if report.has_errors() {
        return problems;
    }
    let what = match (&loaded.scenario, loaded.kind) {
        (Some(s), _) => summary_of(s),
        (None, FileKind::Glossary) => "glossary".to_owned(),
        (None, FileKind::Scenario) => "scenario".to_owned(),
    };
    if problems.is_empty() {
        format!("ok ({what})")
    } else {
        format!("ok ({what}), {problems}")
    }
}

fn summary_of(s: &scenario::Scenario) -> String {
    match &s.game {
        scenario::Game::RolePlay(rp) => format!(
            "role-play \"{}\", {} scenes, {} endings, {} min",
            s.title.ko,
            rp.scenes.len(),
            rp.endings.len(),
            s.minutes
        ),
        scenario::Game::TeamGame(tg) => format!(
            "team game \"{}\", {} rounds, {} cards, {} quizzes, {} min",
            s.title.ko,
            tg.rounds,
            tg.deck.len(),
            tg.quizzes.len(),
            s.minutes
        ),
    }
}

fn new(kind: Template, name: &str, dir: Option<PathBuf>, data_dir: Option<&Path>) -> ExitCode {
    let Some(dir) = dir.or_else(|| library::user_dir(data_dir)) else {
        eprintln!("kkumgil new: cannot find your data folder; give one with --dir");
        return ExitCode::from(2);
    };
    let id = scenario::template::id_from_name(name);
    let file = dir.join(format!("{id}.ron"));
    if file.exists() {
        eprintln!(
            "kkumgil new: {} already exists; choose another name",
            file.display()
        );
        return ExitCode::from(2);
    }
    let written = std::fs::create_dir_all(&dir).and_then(|()| {
        // The template names the shared glossary; put a copy beside it when missing.
        let glossary = dir.join("glossary.ron");
        if !glossary.exists() {
            let text = library::EMBEDDED
                .iter()
                .find(|(n, _)| *n == "glossary.ron")
                .map_or("[]\n", |(_, t)| t);
            std::fs::write(glossary, text)?;
        }
        std::fs::write(&file, kind.render(&id))
    });
    match written {
        Ok(()) => {
            println!("새 시나리오를 만들었어요 / created: {}", file.display());
            println!(
                "다음 / next: 파일을 고친 뒤 `kkumgil check {}`",
                file.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("kkumgil new: cannot write {}: {e}", file.display());
            ExitCode::from(1)
        }
    }
}

/// The file of a scenario named on the command line: a path, or a bundled scenario's id.
pub fn scenario_path(name: &Path) -> Option<PathBuf> {
    if name.is_file() {
        return Some(name.to_path_buf());
    }
    let file = format!("{}.ron", name.display());
    library::bundled_dir()
        .map(|d| d.join(&file))
        .filter(|p| p.is_file())
}

/// A scenario named on the command line: a file, or the id of a bundled scenario.
fn find_scenario(name: &Path) -> Loaded {
    if name.is_file() {
        return scenario::load_file(name);
    }
    let file = format!("{}.ron", name.display());
    if let Some(path) = library::bundled_dir()
        .map(|d| d.join(&file))
        .filter(|p| p.is_file())
    {
        return scenario::load_file(&path);
    }
    match library::EMBEDDED.iter().find(|(n, _)| *n == file) {
        Some((n, text)) => {
            scenario::load_source(Path::new(n), (*text).to_owned(), scenario::Folder::Embedded)
        }
        None => scenario::load_file(name),
    }
}

fn simulate(
    name: &Path,
    runs: u64,
    seed: u64,
    teams: Option<usize>,
    policy: Option<Policy>,
    format: Format,
    threads: Option<u16>,
) -> ExitCode {
    let loaded = find_scenario(name);
    let Some(s) = loaded.scenario else {
        eprint!("{}", loaded.report.render(std::io::stderr().is_terminal()));
        eprintln!("kkumgil simulate: fix the errors above first (`kkumgil check`)");
        return ExitCode::from(1);
    };
    let policy = policy.unwrap_or(match s.kind() {
        scenario::GameKind::RolePlay => Policy::Random,
        scenario::GameKind::TeamGame => Policy::Mixed,
    });
    let valid = matches!(
        (s.kind(), policy),
        (
            scenario::GameKind::RolePlay,
            Policy::Random | Policy::Greedy
        ) | (
            scenario::GameKind::TeamGame,
            Policy::Random | Policy::Max | Policy::Min | Policy::Mixed
        )
    );
    if !valid {
        eprintln!(
            "kkumgil simulate: --policy {} does not apply to this kind of game (role-play: random, greedy; team game: random, max, min, mixed)",
            sim::policy_name(policy)
        );
        return ExitCode::from(2);
    }
    match (&s.game, teams) {
        (scenario::Game::TeamGame(tg), Some(n))
            if n < tg.min_teams as usize || n > tg.max_teams as usize =>
        {
            eprintln!(
                "kkumgil simulate: --teams {n} is outside what this game allows ({}–{} teams); choose a number in that range",
                tg.min_teams, tg.max_teams
            );
            return ExitCode::from(2);
        }
        (scenario::Game::RolePlay(_), Some(_)) => {
            eprintln!(
                "kkumgil simulate: --teams is for team games; a role-play is simulated as one class"
            );
            return ExitCode::from(2);
        }
        _ => {}
    }
    let threads = threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        usize::from,
    );
    let bar = (std::io::stderr().is_terminal() && runs >= 1_000).then(|| {
        let bar = indicatif::ProgressBar::new(runs);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} runs  {eta}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let tick = |done: u64| {
        if let Some(bar) = &bar {
            bar.set_position(done);
        }
    };
    let options = sim::Options {
        runs,
        seed,
        teams,
        policy,
        threads,
        progress: Some(&tick),
    };
    let report = sim::simulate(&s, &options);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let text = match format {
        Format::Text => sim::render_text(&s, &report),
        Format::Json => match serde_json::to_string_pretty(&report) {
            Ok(t) => t + "\n",
            Err(e) => {
                eprintln!("kkumgil simulate: {e}");
                return ExitCode::from(1);
            }
        },
    };
    if std::io::stdout().lock().write_all(text.as_bytes()).is_err() {
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}
