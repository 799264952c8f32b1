//! The command line: `kkumgil` opens the app; subcommands are the instructor's tools.
//!
//! Exit codes: 0 success, 1 the files checked have errors, 2 bad usage (clap's own code).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::i18n::{self, Lang, Msg};

use crate::scenario::{
    self, FileKind, FileReport, Loaded, escape_controls, library, template::Template,
};
use crate::simulate::{self as sim, Policy};

#[derive(Debug, Parser)]
#[command(
    name = "kkumgil",
    version = crate::VERSION,
    about = "꿈길 — 사회적경제를 배우는 롤플레이와 팀 게임 / role-play and team games that teach the social economy",
    long_about = None,
)]
pub struct Cli {
    /// Kkumgil's data folder (sessions, your scenarios). Default: the platform's data folder.
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Language of the app and of every message: ko (default) or en. Also KKUMGIL_LANG.
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,

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
    /// Draw a map of a scenario as one HTML page: scenes, endings and choices (a role-play)
    /// or rounds, steps and quizzes (a team game).
    Map {
        /// A scenario file, or a scenario's id.
        scenario: PathBuf,
        /// The HTML file to write (default: the scenario's name with `-map.html`, beside it,
        /// or in the current folder for a bundled scenario).
        #[arg(long, short, value_name = "HTML")]
        out: Option<PathBuf>,
        /// Play the story this many times with bots first, and show on each arrow how often
        /// it was taken.
        #[arg(long, value_name = "RUNS", num_args = 0..=1, default_missing_value = "2000")]
        simulate: Option<u64>,
    },
    /// Add the sessions of station databases (sessions.db files copied from other PCs) to
    /// this data folder's; importing a file again adds nothing twice. The files are not
    /// changed.
    Import {
        /// Database files to import.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// The center's figures for a day, a term or a year (visitors, groups, sessions per
    /// station and scenario, endings, scores, concepts, pre/post quizzes): CSV files and a
    /// printable HTML page.
    Report {
        #[command(subcommand)]
        period: ReportPeriod,
        /// Folder of day plans (default: the data folder's `days`).
        #[arg(long, value_name = "DIR", global = true)]
        plans: Option<PathBuf>,
        /// Folder to write into (default: the data folder's `reports/<period>`).
        #[arg(long, short, value_name = "DIR", global = true)]
        out: Option<PathBuf>,
    },
    /// Experience days: plan a day of school groups rotating through game stations.
    #[command(subcommand)]
    Day(DayCommand),
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

#[derive(Debug, Subcommand)]
pub enum ReportPeriod {
    /// One day, e.g. 2026-12-10.
    Day { date: String },
    /// From one date to another, both included.
    Term { from: String, to: String },
    /// A calendar year, e.g. 2026.
    Year { year: i16 },
}

#[derive(Debug, Subcommand)]
pub enum DayCommand {
    /// Check a day plan and print its rotation timetable (who plays which station when).
    Plan {
        /// The day plan file (.ron).
        file: PathBuf,
        /// Output: text, or html for a one-page timetable to print and hang on the wall.
        #[arg(long, value_enum, default_value_t = PageFormat::Text)]
        format: PageFormat,
        /// Write to this file instead of the terminal.
        #[arg(long, short, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

/// Text for the terminal or a printable page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PageFormat {
    Text,
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

pub fn main() -> ExitCode {
    // The help is in the language asked for, so it is known before the arguments are parsed.
    let asked = i18n::chosen(lang_in_args(std::env::args()));
    let cli = match Cli::from_arg_matches(&command_in(asked).get_matches()) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let lang = i18n::chosen(cli.lang);
    match cli.command {
        Some(Command::Check {
            paths,
            format,
            all,
            pedantic,
        }) => check(&paths, format, all, pedantic, cli.data_dir.as_deref(), lang),
        Some(Command::Map {
            scenario,
            out,
            simulate,
        }) => map(&scenario, out, simulate, cli.data_dir.as_deref(), lang),
        Some(Command::New { kind, name, dir }) => {
            new(kind, &name, dir, cli.data_dir.as_deref(), lang)
        }
        Some(Command::Simulate {
            scenario,
            runs,
            seed,
            teams,
            policy,
            format,
            threads,
        }) => simulate(
            &scenario,
            (runs, seed, teams, policy, format, threads),
            cli.data_dir.as_deref(),
            lang,
        ),
        Some(Command::Report { period, plans, out }) => {
            report(&period, plans, out, cli.data_dir.as_deref(), lang)
        }
        Some(Command::Import { files }) => import(&files, cli.data_dir.as_deref(), lang),
        Some(Command::Day(DayCommand::Plan { file, format, out })) => {
            day_plan(&file, format, out, cli.data_dir.as_deref(), lang)
        }
        Some(Command::Sessions(command)) => {
            crate::cli_sessions::run(command, cli.data_dir.as_deref(), lang)
        }
        #[cfg(feature = "app")]
        None => crate::app::run(cli.app, cli.data_dir, lang),
        #[cfg(not(feature = "app"))]
        None => {
            eprintln!(
                "{}",
                tr!(
                    "이 kkumgil은 앱 없이(`app` 기능 없이) 만들어졌어요. `kkumgil --help`를 보세요.",
                    "this kkumgil was built without the app (feature `app`); try `kkumgil --help`"
                )
                .get(lang)
            );
            ExitCode::from(2)
        }
    }
}

/// `--lang ko|en` (or `--lang=…`) among the arguments, before they are parsed.
pub fn lang_in_args(args: impl IntoIterator<Item = String>) -> Option<Lang> {
    let args: Vec<String> = args.into_iter().collect();
    args.iter().enumerate().find_map(|(i, a)| {
        let value = if a == "--lang" {
            args.get(i + 1).map(String::as_str)
        } else {
            a.strip_prefix("--lang=")
        };
        match value {
            Some("en") => Some(Lang::En),
            Some("ko") => Some(Lang::Ko),
            _ => None,
        }
    })
}

/// The command line's definition, its help in `lang` (English is written in the doc comments
/// above; Korean in `help_ko`).
pub fn command_in(lang: Lang) -> clap::Command {
    let cmd = Cli::command();
    match lang {
        Lang::En => cmd,
        Lang::Ko => in_korean(cmd, ""),
    }
}

/// A command and its subcommands with Korean help: each one's description and each
/// argument's help from `help_ko`, Korean headings, and Korean help and version flags.
fn in_korean(cmd: clap::Command, path: &str) -> clap::Command {
    use clap::{Arg, ArgAction};
    let mut cmd = match help_ko(path, "") {
        Some(about) => cmd.about(about).long_about(None),
        None => cmd,
    };
    cmd = cmd
        .help_template("{about-with-newline}\n사용법: {usage}\n\n{all-args}{after-help}")
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("도움말을 보여 줘요")
                .help_heading("옵션"),
        )
        .mut_args(|a| {
            let heading = if a.is_positional() {
                "입력"
            } else {
                "옵션"
            };
            let a = match help_ko(path, a.get_id().as_str()) {
                Some(help) => a.help(help).long_help(None),
                None => a,
            };
            a.help_heading(heading)
        });
    if path.is_empty() {
        cmd = cmd
            .disable_version_flag(true)
            .disable_help_subcommand(true)
            .arg(
                Arg::new("version")
                    .short('V')
                    .long("version")
                    .action(ArgAction::Version)
                    .help("버전을 보여 줘요")
                    .help_heading("옵션"),
            )
            .subcommand_help_heading("명령");
    }
    cmd.mut_subcommands(|c| {
        let sub = format!("{path} {}", c.get_name()).trim().to_owned();
        in_korean(c, &sub)
    })
}

/// The Korean help of a subcommand (`arg` empty) or of one of its arguments. `path` is the
/// subcommand's name ("" for `kkumgil` itself, "sessions start" for a nested one).
fn help_ko(path: &str, arg: &str) -> Option<&'static str> {
    Some(match (path, arg) {
        ("", "") => {
            "꿈길 — 사회적경제를 배우는 롤플레이와 팀 게임. 명령 없이 실행하면 앱이 열려요."
        }
        (_, "data_dir") => "꿈길의 데이터 폴더(수업 기록, 내 시나리오). 기본: 컴퓨터의 데이터 폴더",
        (_, "lang") => "앱과 모든 메시지의 언어: ko(기본) 또는 en. KKUMGIL_LANG으로도 정해요",
        ("", "window_size") => "창 크기. 예: 1920x1080",
        ("", "day") => "체험의 날: 이 컴퓨터를 이 계획(.ron)의 게임 역으로 써요",
        ("", "station") => {
            "체험의 날 계획에서 이 컴퓨터가 맡은 역의 id(없으면 화면에서 한 번 골라요)"
        }
        ("", "kiosk") => {
            "키오스크 역: 전체 화면으로, 끝내기·설정·강사 콘솔은 강사 키(Ctrl+Alt+K, 그다음 계획의 PIN)가 있어야 해요"
        }
        ("check", "") => {
            "시나리오 파일의 실수를 줄과 칸 번호와 함께 찾아요. 경로가 없으면 함께 들어 있는 시나리오와 내 시나리오 폴더를 검사해요"
        }
        ("check", "paths") => "검사할 시나리오 파일이나 폴더(폴더 안의 .ron 파일을 모두 찾아요)",
        ("day plan", "format") => "출력 형식: text(글) 또는 html(벽에 붙일 한 장짜리 순서표)",
        (_, "format") => "출력 형식: text(읽기 좋은 글) 또는 json(프로그램용)",
        ("check", "all") => "문제를 모두 보여 줘요(기본은 종류마다 처음 20개)",
        ("check", "pedantic") => {
            "수업에 대한 조언도 해요. 예: 게이지를 바꾸는 선택지에 `feedback`이 없을 때"
        }
        ("simulate", "") => {
            "봇이 시나리오를 여러 번 해 봐요. 엔딩이 얼마나 자주 나오는지, 어떤 선택과 카드가 중요한지, 게임이 공정한지 알려 줘요"
        }
        ("simulate", "scenario") => {
            "시나리오 파일, 또는 시나리오 id(함께 들어 있는 것이나 내 시나리오 폴더의 것. 예: village-cafe)"
        }
        ("simulate", "runs") => "몇 번 해 볼지(기본 10,000)",
        ("simulate", "seed") => "첫 게임의 씨앗 번호. 같은 번호면 같은 보고서가 나와요",
        ("simulate", "teams") => "팀 게임의 팀 수(기본 4, 또는 게임이 허용하는 가장 가까운 수)",
        ("simulate", "policy") => {
            "봇이 노는 방식(롤플레이: random, greedy / 팀 게임: random, max, min, mixed)"
        }
        ("simulate", "threads") => "동시에 쓸 CPU 수(기본: 모두). 결과는 같아요",
        ("sessions", "") => "수업 기록: 목록, 보기, 이어 하기 정보, 내보내기, 다시 보기",
        ("sessions list", "") => "모든 수업 기록. 끝나지 않은 수업이 먼저 나와요",
        ("sessions show", "") => "수업 하나의 설정, 점수, 기록",
        (
            "sessions show" | "sessions resume-info" | "sessions export" | "sessions replay",
            "id",
        ) => "수업 번호(`kkumgil sessions list`의 첫 칸)",
        ("sessions resume-info", "") => "수업을 이어 할 수 있는지, 어디까지 했는지",
        ("sessions export", "") => "수업의 scores.csv, decisions.csv, report.html을 써요",
        ("sessions export", "out") => "쓸 폴더(기본: 데이터 폴더의 exports/<번호>)",
        ("sessions replay", "") => "수업 기록을 처음부터 다시 돌리며 명령마다 점수를 보여 줘요",
        ("sessions start", "") => "명령어로 수업을 시작해요(수업 번호를 알려 줘요)",
        ("sessions start", "scenario") => "시나리오 파일, 또는 함께 들어 있는 시나리오의 id",
        ("sessions start", "class") => "반 이름. 예: \"율하중 2-3\"",
        ("sessions start", "teams") => "팀 수(2~8, 기본 4)",
        ("sessions start", "mode") => {
            "롤플레이: class-vote(반 전체 투표) 또는 team-turns(팀별 차례) / 팀 게임: rounds"
        }
        ("sessions start", "seed") => {
            "무작위 결과의 씨앗 번호(기본: 시각에서 정해요). 같은 번호면 같은 카드와 결과가 나와요"
        }
        ("sessions start", "day") => "체험의 날: 날짜(예: 2026-05-14). 보통 수업에서는 비워 둬요",
        ("sessions start", "group") => {
            "체험의 날: 찾아온 모둠(예: 율하중 2학년). 보통 수업에서는 비워 둬요"
        }
        ("sessions drive", "") => {
            "표준 입력의 명령(한 줄에 JSON 하나)을 수업에 적용해요. 스크립트와 테스트용"
        }
        ("sessions drive", "id") => "수업 번호",
        ("sessions drive", "force") => "다른 프로그램이 잡고 있어도 가져와요",
        ("map", "") => {
            "시나리오의 지도를 HTML 한 장으로 그려요: 롤플레이는 장면, 엔딩, 선택지를, 팀 게임은 라운드, 활동, 퀴즈를 보여 줘요"
        }
        ("map", "scenario") => "시나리오 파일, 또는 시나리오 id",
        ("map", "out") => {
            "쓸 HTML 파일(기본: 시나리오 이름에 `-map.html`을 붙여 시나리오 옆에, 함께 들어 있는 시나리오는 지금 폴더에)"
        }
        ("map", "simulate") => {
            "먼저 봇이 이만큼 해 보고(기본 2,000번), 화살표마다 얼마나 자주 골랐는지 보여 줘요"
        }
        ("report", "") => {
            "하루, 한 학기, 한 해의 운영 통계(방문 학생, 모둠, 역과 시나리오별 수업, 엔딩, 점수, 개념별 배움, 같은 퀴즈를 두 번 한 결과)를 CSV와 인쇄할 HTML로 써요"
        }
        ("report", "plans") | ("report day" | "report term" | "report year", "plans") => {
            "체험의 날 계획 파일이 있는 폴더(기본: 데이터 폴더의 days)"
        }
        ("report", "out") | ("report day" | "report term" | "report year", "out") => {
            "쓸 폴더(기본: 데이터 폴더의 reports/<기간>)"
        }
        ("report day", "") => "하루. 예: 2026-12-10",
        ("report day", "date") => "날짜(연-월-일)",
        ("report term", "") => "한 날짜부터 다른 날짜까지(두 날 모두 넣어요)",
        ("report term", "from") => "시작 날짜(연-월-일)",
        ("report term", "to") => "끝 날짜(연-월-일)",
        ("report year", "") => "한 해. 예: 2026",
        ("report year", "year") => "연도",
        ("import", "") => {
            "다른 컴퓨터(역)에서 복사해 온 수업 기록 파일(sessions.db)을 이 데이터 폴더의 기록에 더해요. 같은 파일을 다시 가져와도 두 번 세지 않아요. 가져오는 파일은 바꾸지 않아요"
        }
        ("import", "files") => "가져올 수업 기록 파일들",
        ("day", "") => "체험의 날: 학교 모둠이 게임 역을 돌아가며 하는 하루를 계획해요",
        ("day plan", "") => {
            "체험의 날 계획을 검사하고 순서표(어느 모둠이 언제 어느 역에서 하는지)를 보여 줘요"
        }
        ("day plan", "file") => "체험의 날 계획 파일(.ron)",
        ("day plan", "out") => "화면 대신 이 파일에 써요",
        ("new", "") => "고쳐 쓸 작고 올바른 시나리오를 만들어요",
        ("new", "kind") => "게임 종류: role-play(롤플레이) 또는 team-game(팀 게임)",
        ("new", "name") => "시나리오 이름. 파일 이름과 id가 돼요(영어 소문자, 숫자, '-')",
        ("new", "dir") => "만들 폴더(기본: 앱이 보여 주는 내 시나리오 폴더)",
        _ => return None,
    })
}

/// Files `check` looks at: the paths given, or the bundled and user folders.
fn files_to_check(paths: &[PathBuf], data_dir: Option<&Path>) -> Result<Vec<PathBuf>, Msg> {
    let mut roots = paths.to_vec();
    if roots.is_empty() {
        roots.extend(library::bundled_dir());
        roots.extend(library::user_dir(data_dir).filter(|d| d.is_dir()));
        if roots.is_empty() {
            return Err(tr!(
                "시나리오 폴더를 찾지 못했어요. 검사할 파일이나 폴더를 적어 주세요.",
                "no scenario folder found; give a file or folder to check"
            ));
        }
    }
    let mut files = Vec::new();
    for root in roots {
        let shown = root.display();
        if root.is_dir() {
            files.extend(library::ron_files(&root).map_err(|e| {
                tr!(
                    "폴더 {shown}을(를) 읽을 수 없어요: {e}",
                    "cannot read the folder {shown}: {e}"
                )
            })?);
        } else if root.is_file() {
            files.push(root);
        } else {
            return Err(tr!(
                "{shown}: 그런 파일이나 폴더가 없어요",
                "{shown}: no such file or folder"
            ));
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
    lang: Lang,
) -> ExitCode {
    let files = match files_to_check(paths, data_dir) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("kkumgil check: {}", e.get(lang));
            return ExitCode::from(2);
        }
    };
    let reports: Vec<(FileReport, Msg)> = files
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
                        "summary": what.en,
                        "summary_ko": what.ko,
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
                text.push_str(&r.render_with(color, per_code, lang));
            }
            for (r, what) in &reports {
                let mark = if r.has_errors() { "✗" } else { "✓" };
                let path = escape_controls(&r.path.display().to_string());
                text.push_str(&format!(
                    "{mark} {path}: {}\n",
                    escape_controls(what.get(lang))
                ));
            }
            let n = reports.len();
            text.push_str(
                tr!(
                    "파일 {n}개 검사: 오류 {errors}개, 경고 {warnings}개\n",
                    "{n} file(s) checked: {errors} error(s), {warnings} warning(s)\n"
                )
                .get(lang),
            );
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
fn describe(loaded: &Loaded) -> Msg {
    let report = &loaded.report;
    let problems = match (report.errors(), report.warnings()) {
        (0, 0) => Msg::default(),
        (e, 0) => tr!("오류 {e}개", "{e} error(s)"),
        (0, w) => tr!("경고 {w}개", "{w} warning(s)"),
        (e, w) => tr!("오류 {e}개, 경고 {w}개", "{e} error(s), {w} warning(s)"),
    };
    if report.has_errors() {
        return problems;
    }
    let what = match (&loaded.scenario, loaded.kind) {
        (Some(s), _) => summary_of(s),
        (None, FileKind::Glossary) => tr!("용어집", "glossary"),
        (None, FileKind::Scenario) => tr!("시나리오", "scenario"),
    };
    let (what_ko, what_en) = (&what.ko, &what.en);
    if problems.en.is_empty() {
        tr!("문제 없음 ({what_ko})", "ok ({what_en})")
    } else {
        let (p_ko, p_en) = (&problems.ko, &problems.en);
        tr!("문제 없음 ({what_ko}), {p_ko}", "ok ({what_en}), {p_en}")
    }
}

fn summary_of(s: &scenario::Scenario) -> Msg {
    let (title, minutes) = (&s.title.ko, s.minutes);
    match &s.game {
        scenario::Game::RolePlay(rp) => {
            let (scenes, endings) = (rp.scenes.len(), rp.endings.len());
            tr!(
                "롤플레이 \"{title}\", 장면 {scenes}개, 엔딩 {endings}개, {minutes}분",
                "role-play \"{title}\", {scenes} scenes, {endings} endings, {minutes} min"
            )
        }
        scenario::Game::TeamGame(tg) => {
            let (rounds, cards, quizzes) = (tg.rounds, tg.deck.len(), tg.quizzes.len());
            tr!(
                "팀 게임 \"{title}\", 라운드 {rounds}번, 카드 {cards}장, 퀴즈 {quizzes}개, {minutes}분",
                "team game \"{title}\", {rounds} rounds, {cards} cards, {quizzes} quizzes, {minutes} min"
            )
        }
    }
}

fn new(
    kind: Template,
    name: &str,
    dir: Option<PathBuf>,
    data_dir: Option<&Path>,
    lang: Lang,
) -> ExitCode {
    let Some(dir) = dir.or_else(|| library::user_dir(data_dir)) else {
        eprintln!(
            "kkumgil new: {}",
            tr!(
                "데이터 폴더를 찾지 못했어요. --dir로 폴더를 적어 주세요.",
                "cannot find your data folder; give one with --dir"
            )
            .get(lang)
        );
        return ExitCode::from(2);
    };
    let created = scenario::template::create(kind, name, &dir);
    match created {
        Ok(scenario::template::Created { path, id }) => {
            let shown = path.display();
            println!(
                "{}",
                tr!("새 시나리오를 만들었어요: {shown}", "created: {shown}").get(lang)
            );
            let name = name.trim();
            if name != id {
                println!(
                    "{}",
                    tr!(
                        "파일 이름과 id는 \"{name}\"에서 \"{id}\"(으)로 정했어요(id에는 영어 소문자, 숫자, '-'만 써요). \"{name}\"은(는) 파일 안의 제목(`title`)에 넣었어요.",
                        "The file name and id became \"{id}\" (from \"{name}\"; ids use a-z, 0-9 and '-'). \"{name}\" is the title (`title`) in the file."
                    )
                    .get(lang)
                );
            }
            println!(
                "{}",
                tr!(
                    "다음: 파일을 고친 뒤 `kkumgil check {shown}`",
                    "next: edit the file, then `kkumgil check {shown}`"
                )
                .get(lang)
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("kkumgil new: {}", e.message().get(lang));
            match e {
                scenario::template::CreateError::Exists(_) => ExitCode::from(2),
                scenario::template::CreateError::Write(_) => ExitCode::from(1),
            }
        }
    }
}

/// The file of a scenario named on the command line: a path, or the id of a scenario in the
/// bundled folder or the instructor's own folder (by file name first, then by the `id`
/// written in each file).
pub fn scenario_path(name: &Path, data_dir: Option<&Path>) -> Option<PathBuf> {
    if name.is_file() {
        return Some(name.to_path_buf());
    }
    let id = name.to_str()?;
    let file = format!("{id}.ron");
    let folders: Vec<PathBuf> = library::bundled_dir()
        .into_iter()
        .chain(library::user_dir(data_dir))
        .filter(|d| d.is_dir())
        .collect();
    if let Some(path) = folders.iter().map(|d| d.join(&file)).find(|p| p.is_file()) {
        return Some(path);
    }
    folders.iter().find_map(|dir| {
        library::ron_files(dir).ok()?.into_iter().find(|path| {
            scenario::load_file(path)
                .scenario
                .is_some_and(|s| s.id == id)
        })
    })
}

/// A scenario named on the command line (see `scenario_path`); the copies compiled into the
/// program stand in for a bundled folder that is missing. `None`: nothing by that name.
fn find_scenario(name: &Path, data_dir: Option<&Path>) -> Option<Loaded> {
    if let Some(path) = scenario_path(name, data_dir) {
        return Some(scenario::load_file(&path));
    }
    let file = format!("{}.ron", name.display());
    library::EMBEDDED
        .iter()
        .find(|(n, _)| *n == file)
        .map(|(n, text)| {
            scenario::load_source(Path::new(n), (*text).to_owned(), scenario::Folder::Embedded)
        })
}

/// What to say when no scenario has the name given.
pub fn no_such_scenario(name: &Path) -> Msg {
    let name = name.display();
    tr!(
        "\"{name}\"(이)라는 파일도, 그런 id의 시나리오도 없어요. 파일 경로(예: 내시나리오/bakery.ron)나 시나리오 id(예: village-cafe)를 적어 주세요. `kkumgil check`가 모든 시나리오를 보여 줘요.",
        "there is no file \"{name}\" and no scenario with that id; give a file's path (e.g. scenarios/bakery.ron) or a scenario's id (e.g. village-cafe). `kkumgil check` lists every scenario."
    )
}

/// How `simulate` was asked to play: runs, seed, teams, policy, output format, threads.
type SimulateArgs = (u64, u64, Option<usize>, Option<Policy>, Format, Option<u16>);

fn simulate(
    name: &Path,
    (runs, seed, teams, policy, format, threads): SimulateArgs,
    data_dir: Option<&Path>,
    lang: Lang,
) -> ExitCode {
    let Some(loaded) = find_scenario(name, data_dir) else {
        eprintln!("kkumgil simulate: {}", no_such_scenario(name).get(lang));
        return ExitCode::from(2);
    };
    let Some(s) = loaded.scenario else {
        eprint!(
            "{}",
            loaded.report.render(std::io::stderr().is_terminal(), lang)
        );
        eprintln!(
            "kkumgil simulate: {}",
            tr!(
                "위의 오류를 먼저 고쳐 주세요(`kkumgil check`).",
                "fix the errors above first (`kkumgil check`)"
            )
            .get(lang)
        );
        return ExitCode::from(1);
    };
    let policy = policy.unwrap_or(Policy::default_for(s.kind()));
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
        let policy = sim::policy_name(policy);
        eprintln!(
            "kkumgil simulate: {}",
            tr!(
                "--policy {policy}는 이 게임 종류에 쓸 수 없어요(롤플레이: random, greedy / 팀 게임: random, max, min, mixed).",
                "--policy {policy} does not apply to this kind of game (role-play: random, greedy; team game: random, max, min, mixed)"
            )
            .get(lang)
        );
        return ExitCode::from(2);
    }
    match (&s.game, teams) {
        (scenario::Game::TeamGame(tg), Some(n))
            if n < tg.min_teams as usize || n > tg.max_teams as usize =>
        {
            let (lo, hi) = (tg.min_teams, tg.max_teams);
            eprintln!(
                "kkumgil simulate: {}",
                tr!(
                    "--teams {n}: 이 게임은 {lo}–{hi}팀으로 해요. 그 사이의 수를 골라 주세요.",
                    "--teams {n} is outside what this game allows ({lo}–{hi} teams); choose a number in that range"
                )
                .get(lang)
            );
            return ExitCode::from(2);
        }
        (scenario::Game::RolePlay(_), Some(_)) => {
            eprintln!(
                "kkumgil simulate: {}",
                tr!(
                    "--teams는 팀 게임에만 써요. 롤플레이는 한 반으로 해 봐요.",
                    "--teams is for team games; a role-play is simulated as one class"
                )
                .get(lang)
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
        Format::Text => sim::render_text(&s, &report, lang),
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

fn map(
    name: &Path,
    out: Option<PathBuf>,
    simulate_runs: Option<u64>,
    data_dir: Option<&Path>,
    lang: Lang,
) -> ExitCode {
    let Some(loaded) = find_scenario(name, data_dir) else {
        eprintln!("kkumgil map: {}", no_such_scenario(name).get(lang));
        return ExitCode::from(2);
    };
    // A story whose only errors are in its paths is still drawn, with them marked.
    let Some(html) = crate::map::page_of(&loaded, simulate_runs, lang) else {
        eprint!(
            "{}",
            loaded.report.render(std::io::stderr().is_terminal(), lang)
        );
        eprintln!(
            "kkumgil map: {}",
            tr!(
                "위의 오류를 먼저 고쳐 주세요(`kkumgil check`).",
                "fix the errors above first (`kkumgil check`)"
            )
            .get(lang)
        );
        return ExitCode::from(1);
    };
    let file = out.unwrap_or_else(|| {
        let stem = loaded.report.path.file_stem().map_or_else(
            || "scenario".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        );
        let beside =
            loaded.report.path.parent().filter(|d| {
                d.is_dir() && !d.as_os_str().is_empty() && loaded.report.path.is_file()
            });
        let bundled = library::bundled_dir();
        match beside {
            Some(dir) if bundled.as_deref() != Some(dir) => dir.join(format!("{stem}-map.html")),
            _ => PathBuf::from(format!("{stem}-map.html")),
        }
    });
    let shown = file.display();
    match std::fs::write(&file, html) {
        Ok(()) => {
            println!(
                "{}",
                tr!(
                    "지도를 만들었어요: {shown} (웹 브라우저로 열어 보세요)",
                    "map written: {shown} (open it in a web browser)"
                )
                .get(lang)
            );
            if loaded.scenario.is_none() {
                println!(
                    "{}",
                    tr!(
                        "이 시나리오에는 오류가 있어요. 지도에 빨갛게 표시했어요(`kkumgil check`로 자세히 보세요).",
                        "this scenario has errors, marked in red on the map (`kkumgil check` says more)"
                    )
                    .get(lang)
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!(
                "kkumgil map: {}",
                tr!("{shown}에 쓸 수 없어요: {e}", "cannot write {shown}: {e}").get(lang)
            );
            ExitCode::from(1)
        }
    }
}

/// What a day plan's station needs of its scenario: found by id (bundled or the instructor's
/// folder), or by a path relative to the plan's folder.
pub fn station_scenario(
    name: &str,
    plan_dir: &Path,
    data_dir: Option<&Path>,
) -> Option<crate::day::ScenarioInfo> {
    let beside = plan_dir.join(name);
    let loaded = if beside.is_file() {
        scenario::load_file(&beside)
    } else {
        find_scenario(Path::new(name), data_dir)?
    };
    let s = loaded.scenario?;
    Some(crate::day::ScenarioInfo {
        id: s.id.clone(),
        title: s.title.ko.clone(),
        minutes: s.minutes,
    })
}

fn day_plan(
    file: &Path,
    format: PageFormat,
    out: Option<PathBuf>,
    data_dir: Option<&Path>,
    lang: Lang,
) -> ExitCode {
    let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
    let loaded = crate::day::load(file, &|name| station_scenario(name, &dir, data_dir));
    let color = std::io::stderr().is_terminal();
    if !loaded.report.diagnostics.is_empty() {
        eprint!("{}", loaded.report.render(color, lang));
    }
    let Some(plan) = loaded.plan else {
        let n = loaded.report.errors();
        eprintln!(
            "kkumgil day plan: {}",
            tr!(
                "오류 {n}개 때문에 순서표를 만들 수 없어요. 위에서부터 고쳐 주세요.",
                "{n} error(s) keep this plan from a timetable; fix them from the top"
            )
            .get(lang)
        );
        return ExitCode::from(1);
    };
    let text = match format {
        PageFormat::Text => plan.timetable(lang),
        PageFormat::Html => crate::day::page(&plan, lang),
    };
    match out {
        Some(path) => match std::fs::write(&path, text) {
            Ok(()) => {
                let shown = path.display();
                println!(
                    "{}",
                    tr!("순서표를 썼어요: {shown}", "timetable written: {shown}").get(lang)
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                let shown = path.display();
                eprintln!(
                    "kkumgil day plan: {}",
                    tr!("{shown}에 쓸 수 없어요: {e}", "cannot write {shown}: {e}").get(lang)
                );
                ExitCode::from(1)
            }
        },
        None => {
            if std::io::stdout().lock().write_all(text.as_bytes()).is_err() {
                return ExitCode::from(2);
            }
            ExitCode::SUCCESS
        }
    }
}

fn import(files: &[PathBuf], data_dir: Option<&Path>, lang: Lang) -> ExitCode {
    let Some(dir) = library::data_dir(data_dir) else {
        eprintln!(
            "kkumgil import: {}",
            tr!(
                "데이터 폴더를 찾지 못했어요. --data-dir로 정해 주세요.",
                "cannot find the data folder; give one with --data-dir"
            )
            .get(lang)
        );
        return ExitCode::from(2);
    };
    let mut store = match crate::session::store::Store::open(&dir) {
        Ok(store) => store,
        Err(e) => {
            eprintln!("kkumgil import: {}", e.msg().get(lang));
            return ExitCode::from(1);
        }
    };
    let mut failed = false;
    for file in files {
        let shown = file.display();
        match store.import(file) {
            Ok(done) => {
                let (added, extended, unchanged) = (done.added, done.extended, done.unchanged);
                println!(
                    "{}",
                    tr!(
                        "{shown}: 새 수업 {added}개, 뒷부분을 이어 받은 수업 {extended}개, 이미 있던 수업 {unchanged}개",
                        "{shown}: {added} new session(s), {extended} carried further, {unchanged} already here"
                    )
                    .get(lang)
                );
                for which in &done.conflicts {
                    eprintln!(
                        "  {}",
                        tr!(
                            "⚠ {which}: 이 파일의 기록이 이미 있는 기록과 달라서 이미 있는 것을 그대로 두었어요",
                            "⚠ {which}: this file's journal differs from the one here; the one here is kept"
                        )
                        .get(lang)
                    );
                }
            }
            Err(e) => {
                eprintln!("kkumgil import: {}", e.msg().get(lang));
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn report(
    period: &ReportPeriod,
    plans: Option<PathBuf>,
    out: Option<PathBuf>,
    data_dir: Option<&Path>,
    lang: Lang,
) -> ExitCode {
    let date = |text: &str| jiff::civil::Date::strptime("%Y-%m-%d", text.trim()).ok();
    let bad_date = |text: &str| {
        eprintln!(
            "kkumgil report: {}",
            tr!(
                "'{text}'은(는) 날짜로 읽을 수 없어요. 연-월-일로 써 주세요(예: 2026-12-10).",
                "'{text}' is not a date; write year-month-day (e.g. 2026-12-10)"
            )
            .get(lang)
        );
        ExitCode::from(2)
    };
    let period = match period {
        ReportPeriod::Day { date: d } => match date(d) {
            Some(d) => crate::report::Period::day(d),
            None => return bad_date(d),
        },
        ReportPeriod::Term { from, to } => match (date(from), date(to)) {
            (Some(from), Some(to)) if from <= to => crate::report::Period { from, to },
            (Some(_), Some(_)) => {
                eprintln!(
                    "kkumgil report: {}",
                    tr!(
                        "시작 날짜가 끝 날짜보다 늦어요.",
                        "the first date is after the last"
                    )
                    .get(lang)
                );
                return ExitCode::from(2);
            }
            (None, _) => return bad_date(from),
            (_, None) => return bad_date(to),
        },
        ReportPeriod::Year { year } => match crate::report::Period::year(*year) {
            Some(p) => p,
            None => return bad_date(&year.to_string()),
        },
    };
    let Some(data) = library::data_dir(data_dir) else {
        eprintln!(
            "kkumgil report: {}",
            tr!(
                "데이터 폴더를 찾지 못했어요. --data-dir로 정해 주세요.",
                "cannot find the data folder; give one with --data-dir"
            )
            .get(lang)
        );
        return ExitCode::from(2);
    };
    let store = match crate::session::store::Store::open_read(&data) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("kkumgil report: {}", e.msg().get(lang));
            return ExitCode::from(1);
        }
    };
    // Every day plan in the folder that checks; the others are named and left out.
    let plans_dir = plans.unwrap_or_else(|| data.join("days"));
    let mut day_plans = Vec::new();
    for file in library::ron_files(&plans_dir).unwrap_or_default() {
        let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
        let loaded = crate::day::load(&file, &|name| station_scenario(name, &dir, data_dir));
        match loaded.plan {
            // Two files for one day (a backup beside the plan): the day counts once.
            Some(plan)
                if day_plans
                    .iter()
                    .any(|p: &crate::day::DayPlan| p.date == plan.date) =>
            {
                let (shown, date) = (file.display(), &plan.date);
                eprintln!(
                    "kkumgil report: {}",
                    tr!(
                        "{date} 계획이 둘이라 {shown}은(는) 빼고 셌어요.",
                        "{date} has two plans; left out {shown}"
                    )
                    .get(lang)
                );
            }
            Some(plan) => day_plans.push(plan),
            None => {
                let problem = loaded.report.first_problem(lang).unwrap_or_default();
                eprintln!(
                    "kkumgil report: {}",
                    tr!(
                        "이 계획은 빼고 셌어요: {problem}",
                        "left out this plan: {problem}"
                    )
                    .get(lang)
                );
            }
        }
    }
    let figures = match crate::report::figures(&store, &day_plans, period) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("kkumgil report: {}", e.msg().get(lang));
            return ExitCode::from(1);
        }
    };
    let folder = out.unwrap_or_else(|| {
        data.join("reports")
            .join(period.label().replace(' ', "").replace('–', "_"))
    });
    let files = match crate::report::csv_files(&figures, lang) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("kkumgil report: {e}");
            return ExitCode::from(1);
        }
    };
    let written = std::fs::create_dir_all(&folder).and_then(|()| {
        for (name, text) in &files {
            std::fs::write(folder.join(name), text)?;
        }
        std::fs::write(
            folder.join("report.html"),
            crate::report::html(&figures, lang),
        )
    });
    let shown = folder.display();
    if let Err(e) = written {
        eprintln!(
            "kkumgil report: {}",
            tr!("{shown}에 쓸 수 없어요: {e}", "cannot write {shown}: {e}").get(lang)
        );
        return ExitCode::from(1);
    }
    let (label, visitors, groups, sessions) = (
        period.label(),
        figures.visitors,
        figures.groups,
        figures.sessions,
    );
    println!(
        "{}",
        tr!(
            "{label}: 방문 학생 {visitors}명, 모둠 {groups}개, 수업 {sessions}개",
            "{label}: {visitors} visitors, {groups} groups, {sessions} sessions"
        )
        .get(lang)
    );
    println!(
        "{}",
        tr!(
            "보고서를 썼어요: {shown} (report.html, CSV 5개)",
            "report written: {shown} (report.html and 5 CSV files)"
        )
        .get(lang)
    );
    ExitCode::SUCCESS
}
