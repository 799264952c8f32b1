//! `kkumgil simulate`: plays a scenario thousands of times with bot players, so an instructor
//! sees before class whether the game is fair and whether every ending can happen.
//!
//! Runs are split into fixed chunks merged in chunk order, and run `i` is seeded from the
//! master seed and `i` alone, so the report is byte-identical for any number of threads.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Serialize;

use crate::engine::GameRng;
use crate::engine::role_play::{self, Command as RpCommand, Event as RpEvent, Position};
use crate::engine::team_game::{self, Command as TgCommand, Decided};
use crate::scenario::{DecisionKind, Game, Lang, Next, RolePlay, Scenario, TeamGame, Tone};

mod findings;
mod render;
mod rounds;
mod stories;

use findings::warnings;
pub use findings::{grouped, policy_name};
pub use render::{Line, lines, render_text};
use rounds::simulate_team_game;
pub use rounds::what_if;
use stories::simulate_role_play;

/// How bots choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Policy {
    /// Any available choice, or any allowed decision, equally likely.
    Random,
    /// Role-play: the choice that raises the meters and score most right now.
    Greedy,
    /// Team game: every Number decision at its maximum (e.g. give everything).
    Max,
    /// Team game: every Number decision at its minimum (e.g. give nothing).
    Min,
    /// Team game: each team plays random, max or min, drawn per run: shows which wins.
    Mixed,
}

impl Policy {
    /// How bots play a game of this kind unless told otherwise (the CLI and the app agree).
    pub fn default_for(kind: crate::scenario::GameKind) -> Policy {
        match kind {
            crate::scenario::GameKind::RolePlay => Policy::Random,
            crate::scenario::GameKind::TeamGame => Policy::Mixed,
        }
    }
}

#[derive(Clone)]
pub struct Options<'a> {
    pub runs: u64,
    pub seed: u64,
    /// Team games: how many teams (default: 4, within the scenario's range).
    pub teams: Option<usize>,
    pub policy: Policy,
    pub threads: usize,
    /// Called with the number of runs finished so far (for a progress bar).
    pub progress: Option<&'a (dyn Fn(u64) + Sync)>,
}

/// Runs per chunk: the unit of work and of merging.
const CHUNK: u64 = 256;

#[derive(Debug, Serialize)]
pub struct Report {
    pub scenario: String,
    pub title: String,
    pub runs: u64,
    pub seed: u64,
    pub policy: Policy,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_play: Option<RolePlayReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team_game: Option<TeamGameReport>,
    /// Plain-language findings an instructor should read first.
    pub warnings: Vec<String>,
    /// The same findings in Korean, in the same order.
    pub warnings_ko: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct RolePlayReport {
    pub endings: Vec<EndingStat>,
    /// Choices per run.
    pub length: Spread,
    /// Runs stopped because they went on longer than any class could play.
    pub stuck: u64,
    pub meters: Vec<MeterStat>,
    pub choices: Vec<ChoiceStat>,
    pub scenes_never_reached: Vec<String>,
    pub choices_never_taken: Vec<String>,
    /// Every route of every automatic branch (`route N` or `otherwise`), like a choice.
    pub routes: Vec<ChoiceStat>,
    /// Every outcome of every random choice: how often it was drawn.
    pub outcomes: Vec<OutcomeStat>,
    /// Scenes that runs stopped as endless went round through, most often first.
    pub looping: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct OutcomeStat {
    pub scene: String,
    pub choice: String,
    /// 1-based, as in the file.
    pub outcome: usize,
    pub weight: u32,
    /// The chance formula, when the weight depends on the meters.
    pub chance: Option<String>,
    pub drawn: u64,
    /// Of the times the choice's outcomes were drawn.
    pub share: f64,
}

#[derive(Debug, Serialize)]
pub struct EndingStat {
    pub id: String,
    pub title: String,
    pub tone: &'static str,
    pub runs: u64,
}

#[derive(Debug, Serialize)]
pub struct MeterStat {
    pub id: String,
    pub name: String,
    /// Runs in which the meter reached its minimum / maximum at least once.
    pub hit_min: u64,
    pub hit_max: u64,
    /// Mean number of choices made before it first reached the minimum.
    pub first_min_after: Option<f64>,
    pub first_max_after: Option<f64>,
    pub final_mean: f64,
}

#[derive(Debug, Serialize)]
pub struct ChoiceStat {
    pub scene: String,
    pub choice: String,
    /// Runs that took the choice at least once.
    pub runs: u64,
    /// Of those, the share that ended with a Good ending.
    pub good_after: f64,
}

#[derive(Debug, Serialize)]
pub struct TeamGameReport {
    pub teams: usize,
    pub rounds: u32,
    pub score: Spread,
    pub mean_score_by_seat: Vec<f64>,
    /// Share of runs each seat won (a shared first place is split).
    pub win_rate_by_seat: Vec<f64>,
    /// Mean Gini coefficient of final scores (0 = all equal).
    pub gini: f64,
    pub policies: Vec<PolicyStat>,
    /// For each option of each Pick decision: how teams fared that picked it more often than
    /// any other option of that decision (teams with a tie are left out).
    pub favourites: Vec<FavouriteStat>,
    pub cards: Vec<CardStat>,
    /// Runs stopped by a formula that could not be evaluated.
    pub failed: u64,
    pub first_failure: Option<String>,
    /// The first failed run and its error, for the findings (`first_failure` says it in
    /// English).
    #[serde(skip)]
    pub first_failure_at: Option<(u64, String)>,
    /// How often the class reached its goal (games with a `goal`).
    pub goal: Option<GoalStat>,
    /// Each stock's mean value after the last round played.
    pub stocks: Vec<StockStat>,
    /// Each quiz: how often bots (who answer at random) were right.
    pub quizzes: Vec<QuizStat>,
    /// The class total (all teams' scores added) when every team plays one way.
    pub class_totals: ClassTotals,
    /// For a declared social dilemma: the two things that make it one.
    pub dilemma: Option<DilemmaCheck>,
}

/// Mean class total over runs in which every team plays the same way, and over the runs of
/// this report.
#[derive(Debug, Serialize)]
pub struct ClassTotals {
    pub everyone_max: f64,
    pub everyone_min: f64,
    pub this_report: f64,
}

#[derive(Debug, Serialize)]
pub struct DilemmaCheck {
    /// The policy that is cooperating (`max` or `min`).
    pub cooperate: Policy,
    /// Mean class total when every team cooperates, and when none does.
    pub all_cooperate: f64,
    pub none_cooperate: f64,
    /// One team defects and the rest cooperate: the defector's mean score, and the
    /// cooperators'.
    pub lone_defector: f64,
    pub cooperators: f64,
    pub teams: usize,
}

impl DilemmaCheck {
    /// The class does better when everyone cooperates than when no one does.
    pub fn together_pays(&self) -> bool {
        self.all_cooperate > self.none_cooperate
    }

    /// What a team scores when every team cooperates.
    pub fn each_cooperating(&self) -> f64 {
        self.all_cooperate / self.teams.max(1) as f64
    }

    /// The temptation: a team that alone does not cooperate scores more than it would have
    /// by cooperating with the rest (and so more than the cooperators beside it).
    pub fn defecting_tempts(&self) -> bool {
        self.lone_defector > self.each_cooperating() && self.lone_defector > self.cooperators
    }
}

#[derive(Debug, Serialize)]
pub struct QuizStat {
    pub round: u32,
    pub question: String,
    pub answers: u64,
    /// Share of answers that were right.
    pub correct: f64,
}

#[derive(Debug, Serialize)]
pub struct GoalStat {
    /// Runs the class won, and lost.
    pub won: u64,
    pub lost: u64,
    /// Runs lost because a stock reached its min.
    pub lost_by_stock: u64,
    /// Mean round after which the result was decided.
    pub mean_round: f64,
}

#[derive(Debug, Serialize)]
pub struct StockStat {
    pub id: String,
    pub name: String,
    pub final_mean: f64,
    /// Runs in which it ended at its min.
    pub at_min: u64,
}

#[derive(Debug, Serialize)]
pub struct PolicyStat {
    pub policy: Policy,
    pub seats: u64,
    pub mean_score: f64,
    pub win_rate: f64,
}

#[derive(Debug, Serialize)]
pub struct FavouriteStat {
    pub decision: String,
    pub option: String,
    pub text: String,
    pub teams: u64,
    pub win_rate: f64,
}

#[derive(Debug, Serialize)]
pub struct CardStat {
    pub id: String,
    pub title: String,
    pub drawn: u64,
}

/// Summary of a distribution.
#[derive(Debug, Serialize, Default)]
pub struct Spread {
    pub mean: f64,
    pub min: f64,
    pub median: f64,
    pub p90: f64,
    pub max: f64,
}

impl Spread {
    fn of(mut xs: Vec<f64>) -> Spread {
        if xs.is_empty() {
            return Spread::default();
        }
        xs.sort_by(f64::total_cmp);
        let at = |q: f64| xs[((xs.len() - 1) as f64 * q).round() as usize];
        Spread {
            mean: xs.iter().sum::<f64>() / xs.len() as f64,
            min: xs[0],
            median: at(0.5),
            p90: at(0.9),
            max: xs[xs.len() - 1],
        }
    }
}

pub fn simulate(scenario: &Scenario, options: &Options) -> Report {
    let (role_play, team_game) = match &scenario.game {
        Game::RolePlay(rp) => (Some(simulate_role_play(rp, options)), None),
        Game::TeamGame(tg) => (None, Some(simulate_team_game(tg, options))),
    };
    let mut report = Report {
        scenario: scenario.id.clone(),
        title: scenario.title.ko.clone(),
        runs: options.runs,
        seed: options.seed,
        policy: options.policy,
        role_play,
        team_game,
        warnings: Vec::new(),
        warnings_ko: Vec::new(),
    };
    let found = warnings(scenario, &report);
    report.warnings = found.iter().map(|m| m.en.clone()).collect();
    report.warnings_ko = found.into_iter().map(|m| m.ko).collect();
    report
}

/// Runs `run(i)` for every run index on `threads` threads, and folds the per-chunk results
/// in chunk order.
fn run_chunks<A: Send>(
    options: &Options,
    new: impl Fn() -> A + Sync,
    run: impl Fn(&mut A, u64) + Sync,
    merge: impl Fn(&mut A, A),
) -> A {
    let chunks = options.runs.div_ceil(CHUNK) as usize;
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<A>>> = Mutex::new((0..chunks).map(|_| None).collect());
    let threads = options.threads.clamp(1, chunks.max(1));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let chunk = next.fetch_add(1, Ordering::Relaxed);
                    if chunk >= chunks {
                        break;
                    }
                    let mut acc = new();
                    let start = chunk as u64 * CHUNK;
                    for i in start..(start + CHUNK).min(options.runs) {
                        run(&mut acc, i);
                    }
                    if let Ok(mut r) = results.lock() {
                        r[chunk] = Some(acc);
                    }
                    let finished = done.fetch_add(1, Ordering::Relaxed) + 1;
                    if let Some(progress) = options.progress {
                        progress((finished as u64 * CHUNK).min(options.runs));
                    }
                }
            });
        }
    });
    let mut total = new();
    for acc in results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .flatten()
    {
        merge(&mut total, acc);
    }
    total
}

/// a / b, or 0 when there is nothing to divide.
fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}
