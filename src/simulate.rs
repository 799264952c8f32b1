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
    pub cards: Vec<CardStat>,
    /// Runs stopped by a formula that could not be evaluated.
    pub failed: u64,
    pub first_failure: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct PolicyStat {
    pub policy: Policy,
    pub seats: u64,
    pub mean_score: f64,
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
    };
    report.warnings = warnings(scenario, &report);
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

// ---------------------------------------------------------------- role-play

#[derive(Clone)]
struct RpAcc {
    endings: Vec<u64>,
    lengths: Vec<f64>,
    stuck: u64,
    hit_min: Vec<u64>,
    hit_max: Vec<u64>,
    first_min_sum: Vec<f64>,
    first_max_sum: Vec<f64>,
    final_sum: Vec<f64>,
    scene_reached: Vec<u64>,
    /// Per global choice: runs that took it, and of those, runs with a Good ending.
    choice_runs: Vec<u64>,
    choice_good: Vec<u64>,
}

fn simulate_role_play(rp: &RolePlay, options: &Options) -> RolePlayReport {
    let index = &rp.choice_index;
    let total_choices = index.len();
    let meters = rp.meters.len();
    let max_steps = (rp.scenes.len() * 4).max(1_000);
    let new = || RpAcc {
        endings: vec![0; rp.endings.len()],
        lengths: Vec::new(),
        stuck: 0,
        hit_min: vec![0; meters],
        hit_max: vec![0; meters],
        first_min_sum: vec![0.0; meters],
        first_max_sum: vec![0.0; meters],
        final_sum: vec![0.0; meters],
        scene_reached: vec![0; rp.scenes.len()],
        choice_runs: vec![0; total_choices],
        choice_good: vec![0; total_choices],
    };
    let one = |acc: &mut RpAcc, i: u64| {
        let seed = GameRng::derive(options.seed, i);
        let mut run = role_play::Run::new(rp, GameRng::derive(seed, 0));
        let mut bot = GameRng::new(GameRng::derive(seed, 1));
        let mut events = Vec::new();
        let mut reached = vec![false; rp.scenes.len()];
        let mut taken = vec![false; total_choices];
        let mut first_min: Vec<Option<usize>> = vec![None; meters];
        let mut first_max: Vec<Option<usize>> = vec![None; meters];
        reached[rp.start] = true;
        let mut steps = 0;
        while let Position::Scene(scene) = run.position {
            if steps >= max_steps {
                acc.stuck += 1;
                break;
            }
            let available = run.available(rp);
            let Some(choice) = pick_choice(rp, scene, &available, options.policy, &mut bot) else {
                acc.stuck += 1;
                break;
            };
            events.clear();
            if run
                .apply(rp, &RpCommand::Choose(choice), &mut events)
                .is_err()
            {
                acc.stuck += 1;
                break;
            }
            steps += 1;
            taken[index.global(scene, choice)] = true;
            for e in &events {
                match *e {
                    RpEvent::SceneEntered { scene } => reached[scene] = true,
                    RpEvent::MeterChanged { meter, to, .. } => {
                        let m = &rp.meters[meter];
                        if to <= m.min && first_min[meter].is_none() {
                            first_min[meter] = Some(steps);
                        }
                        if to >= m.max && first_max[meter].is_none() {
                            first_max[meter] = Some(steps);
                        }
                    }
                    _ => {}
                }
            }
        }
        let good = run
            .ended()
            .is_some_and(|e| rp.endings[e].tone == Tone::Good);
        if let Some(e) = run.ended() {
            acc.endings[e] += 1;
        }
        acc.lengths.push(steps as f64);
        for m in 0..meters {
            if let Some(s) = first_min[m] {
                acc.hit_min[m] += 1;
                acc.first_min_sum[m] += s as f64;
            }
            if let Some(s) = first_max[m] {
                acc.hit_max[m] += 1;
                acc.first_max_sum[m] += s as f64;
            }
            acc.final_sum[m] += f64::from(run.meters[m]);
        }
        for (s, r) in reached.iter().enumerate() {
            acc.scene_reached[s] += u64::from(*r);
        }
        for (c, t) in taken.iter().enumerate() {
            if *t {
                acc.choice_runs[c] += 1;
                acc.choice_good[c] += u64::from(good);
            }
        }
    };
    let merge = |a: &mut RpAcc, b: RpAcc| {
        let add = |x: &mut Vec<u64>, y: &[u64]| x.iter_mut().zip(y).for_each(|(x, y)| *x += y);
        let addf = |x: &mut Vec<f64>, y: &[f64]| x.iter_mut().zip(y).for_each(|(x, y)| *x += y);
        add(&mut a.endings, &b.endings);
        a.lengths.extend(b.lengths);
        a.stuck += b.stuck;
        add(&mut a.hit_min, &b.hit_min);
        add(&mut a.hit_max, &b.hit_max);
        addf(&mut a.first_min_sum, &b.first_min_sum);
        addf(&mut a.first_max_sum, &b.first_max_sum);
        addf(&mut a.final_sum, &b.final_sum);
        add(&mut a.scene_reached, &b.scene_reached);
        add(&mut a.choice_runs, &b.choice_runs);
        add(&mut a.choice_good, &b.choice_good);
    };
    let acc = run_chunks(options, new, one, merge);
    let runs = options.runs.max(1) as f64;
    let mut choices = Vec::new();
    let mut never_taken = Vec::new();
    for (s, scene) in rp.scenes.iter().enumerate() {
        for (c, choice) in scene.choices.iter().enumerate() {
            let g = index.global(s, c);
            let name = format!("{}/{}", scene.id, choice.id);
            if acc.choice_runs[g] == 0 && acc.scene_reached[s] > 0 {
                never_taken.push(name);
            }
            choices.push(ChoiceStat {
                scene: scene.id.clone(),
                choice: choice.id.clone(),
                runs: acc.choice_runs[g],
                good_after: ratio(acc.choice_good[g], acc.choice_runs[g]),
            });
        }
    }
    RolePlayReport {
        endings: rp
            .endings
            .iter()
            .zip(&acc.endings)
            .map(|(e, n)| EndingStat {
                id: e.id.clone(),
                title: e.title.ko.clone(),
                tone: tone_name(e.tone),
                runs: *n,
            })
            .collect(),
        length: Spread::of(acc.lengths),
        stuck: acc.stuck,
        meters: rp
            .meters
            .iter()
            .enumerate()
            .map(|(m, meter)| MeterStat {
                id: meter.id.clone(),
                name: meter.name.ko.clone(),
                hit_min: acc.hit_min[m],
                hit_max: acc.hit_max[m],
                first_min_after: (acc.hit_min[m] > 0)
                    .then(|| acc.first_min_sum[m] / acc.hit_min[m] as f64),
                first_max_after: (acc.hit_max[m] > 0)
                    .then(|| acc.first_max_sum[m] / acc.hit_max[m] as f64),
                final_mean: acc.final_sum[m] / runs,
            })
            .collect(),
        choices,
        scenes_never_reached: rp
            .scenes
            .iter()
            .zip(&acc.scene_reached)
            .filter(|(_, n)| **n == 0)
            .map(|(s, _)| s.id.clone())
            .collect(),
        choices_never_taken: never_taken,
    }
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

fn tone_name(t: Tone) -> &'static str {
    match t {
        Tone::Good => "good",
        Tone::Mixed => "mixed",
        Tone::Bad => "bad",
    }
}

/// A bot's choice among the available ones.
fn pick_choice(
    rp: &RolePlay,
    scene: usize,
    available: &[usize],
    policy: Policy,
    rng: &mut GameRng,
) -> Option<usize> {
    if available.is_empty() {
        return None;
    }
    if policy != Policy::Greedy {
        return Some(available[rng.below(available.len() as u64) as usize]);
    }
    // Greedy: the largest immediate gain in meters and score (random outcomes by expectation).
    let gain = |effects: &[crate::scenario::Effect]| -> f64 {
        effects
            .iter()
            .map(|e| match *e {
                crate::scenario::Effect::Change { by, .. } => f64::from(by),
                crate::scenario::Effect::Score(p) => f64::from(p),
                crate::scenario::Effect::Flag { .. } => 0.0,
            })
            .sum()
    };
    let value = |c: usize| {
        let choice = &rp.scenes[scene].choices[c];
        let mut v = gain(&choice.effects);
        if let Next::Random(outcomes) = &choice.next {
            let total: f64 = outcomes.iter().map(|o| f64::from(o.weight)).sum();
            if total > 0.0 {
                v += outcomes
                    .iter()
                    .map(|o| f64::from(o.weight) / total * gain(&o.effects))
                    .sum::<f64>();
            }
        }
        v
    };
    let best = available
        .iter()
        .map(|&c| value(c))
        .fold(f64::NEG_INFINITY, f64::max);
    let top: Vec<usize> = available
        .iter()
        .copied()
        .filter(|&c| value(c) >= best)
        .collect();
    Some(top[rng.below(top.len() as u64) as usize])
}

// ---------------------------------------------------------------- team game

struct TgAcc {
    scores: Vec<f64>,
    seat_sum: Vec<f64>,
    seat_wins: Vec<f64>,
    gini_sum: f64,
    /// Per policy (random, max, min): seats, score sum, wins.
    policy: [(u64, f64, f64); 3],
    cards: Vec<u64>,
    failed: u64,
    first_failure: Option<(u64, String)>,
    completed: u64,
}

const MIXED: [Policy; 3] = [Policy::Random, Policy::Max, Policy::Min];

fn simulate_team_game(tg: &TeamGame, options: &Options) -> TeamGameReport {
    let teams = options
        .teams
        .unwrap_or(4)
        .clamp(tg.min_teams as usize, tg.max_teams as usize);
    let new = || TgAcc {
        scores: Vec::new(),
        seat_sum: vec![0.0; teams],
        seat_wins: vec![0.0; teams],
        gini_sum: 0.0,
        policy: [(0, 0.0, 0.0); 3],
        cards: vec![0; tg.deck.len()],
        failed: 0,
        first_failure: None,
        completed: 0,
    };
    let one = |acc: &mut TgAcc, i: u64| {
        let seed = GameRng::derive(options.seed, i);
        let mut game = team_game::Game::new(tg, teams, GameRng::derive(seed, 0));
        let mut bot = GameRng::new(GameRng::derive(seed, 1));
        let policies: Vec<Policy> = (0..teams)
            .map(|_| match options.policy {
                Policy::Mixed => MIXED[bot.below(3) as usize],
                p => p,
            })
            .collect();
        let mut events = Vec::new();
        let outcome = (|| -> Result<(), team_game::RuleError> {
            for _ in 0..tg.rounds {
                game.apply(tg, &TgCommand::BeginRound, &mut events)?;
                for &c in &game.cards {
                    acc.cards[c] += 1;
                }
                for (team, policy) in policies.iter().enumerate() {
                    let values = bot_decisions(tg, &game, team, *policy, &mut bot)?;
                    game.apply(tg, &TgCommand::Decide { team, values }, &mut events)?;
                    for quiz in game.quizzes_now(tg).collect::<Vec<_>>() {
                        let option = bot.below(tg.quizzes[quiz].options.len() as u64) as usize;
                        game.apply(tg, &TgCommand::Answer { team, quiz, option }, &mut events)?;
                    }
                }
                game.apply(tg, &TgCommand::Resolve, &mut events)?;
                events.clear();
            }
            Ok(())
        })();
        if let Err(e) = outcome {
            acc.failed += 1;
            if acc.first_failure.is_none() {
                acc.first_failure = Some((i, e.to_string()));
            }
            return;
        }
        acc.completed += 1;
        let scores: Vec<f64> = game.teams.iter().map(|t| t.score).collect();
        let ranks = game.ranks();
        let winners = ranks.iter().filter(|r| **r == 1).count() as f64;
        for (t, s) in scores.iter().enumerate() {
            acc.scores.push(*s);
            acc.seat_sum[t] += s;
            let win = if ranks[t] == 1 { 1.0 / winners } else { 0.0 };
            acc.seat_wins[t] += win;
            if let Some(p) = MIXED.iter().position(|p| *p == policies[t]) {
                acc.policy[p].0 += 1;
                acc.policy[p].1 += s;
                acc.policy[p].2 += win;
            }
        }
        acc.gini_sum += gini(&scores);
    };
    let merge = |a: &mut TgAcc, b: TgAcc| {
        a.scores.extend(b.scores);
        a.seat_sum
            .iter_mut()
            .zip(&b.seat_sum)
            .for_each(|(x, y)| *x += y);
        a.seat_wins
            .iter_mut()
            .zip(&b.seat_wins)
            .for_each(|(x, y)| *x += y);
        a.gini_sum += b.gini_sum;
        for (x, y) in a.policy.iter_mut().zip(b.policy) {
            x.0 += y.0;
            x.1 += y.1;
            x.2 += y.2;
        }
        a.cards.iter_mut().zip(&b.cards).for_each(|(x, y)| *x += y);
        a.failed += b.failed;
        if a.first_failure.is_none() {
            a.first_failure = b.first_failure;
        }
        a.completed += b.completed;
    };
    let acc = run_chunks(options, new, one, merge);
    let done = acc.completed.max(1) as f64;
    TeamGameReport {
        teams,
        rounds: tg.rounds,
        score: Spread::of(acc.scores),
        mean_score_by_seat: acc.seat_sum.iter().map(|s| s / done).collect(),
        win_rate_by_seat: acc.seat_wins.iter().map(|w| w / done).collect(),
        gini: acc.gini_sum / done,
        policies: MIXED
            .iter()
            .zip(acc.policy)
            .filter(|(_, p)| p.0 > 0)
            .map(|(policy, (seats, sum, wins))| PolicyStat {
                policy: *policy,
                seats,
                mean_score: sum / seats as f64,
                win_rate: wins / seats as f64,
            })
            .collect(),
        cards: tg
            .deck
            .iter()
            .zip(&acc.cards)
            .map(|(c, n)| CardStat {
                id: c.id.clone(),
                title: c.title.ko.clone(),
                drawn: *n,
            })
            .collect(),
        failed: acc.failed,
        first_failure: acc.first_failure.map(|(run, e)| format!("run {run}: {e}")),
    }
}

/// A bot's decisions for one round.
fn bot_decisions(
    tg: &TeamGame,
    game: &team_game::Game,
    team: usize,
    policy: Policy,
    rng: &mut GameRng,
) -> Result<Vec<Decided>, team_game::RuleError> {
    let mut values = Vec::new();
    for (d, decision) in tg.decisions.iter().enumerate() {
        let value = match &decision.kind {
            DecisionKind::Pick(options) => Decided::Pick(rng.below(options.len() as u64) as usize),
            DecisionKind::Number { .. } if policy == Policy::Min => game.least(tg, team, d)?,
            DecisionKind::Number { .. } => {
                let (min, max) = game.bounds(tg, team, d)?;
                let (min, max) = (min.min(max), max.max(min));
                Decided::Number(match policy {
                    Policy::Max => max,
                    _ => min + rng.below((max - min + 1) as u64) as i64,
                })
            }
            DecisionKind::Split { categories, .. } => {
                let (tokens, _) = game.bounds(tg, team, d)?;
                let mut split = vec![0u32; categories.len()];
                for _ in 0..tokens.max(0) {
                    split[rng.below(categories.len() as u64) as usize] += 1;
                }
                Decided::Split(split)
            }
        };
        values.push(value);
    }
    Ok(values)
}

/// Gini coefficient of scores shifted to be non-negative (0 = all equal).
fn gini(scores: &[f64]) -> f64 {
    let min = scores
        .iter()
        .copied()
        .fold(f64::INFINITY, f64::min)
        .min(0.0);
    let xs: Vec<f64> = scores.iter().map(|s| s - min).collect();
    let mean = xs.iter().sum::<f64>() / xs.len() as f64;
    if mean <= 0.0 {
        return 0.0;
    }
    let diff: f64 = xs
        .iter()
        .flat_map(|a| xs.iter().map(move |b| (a - b).abs()))
        .sum();
    diff / (2.0 * (xs.len() * xs.len()) as f64 * mean)
}

// ---------------------------------------------------------------- findings

fn warnings(scenario: &Scenario, report: &Report) -> Vec<String> {
    let runs = report.runs;
    let mut w = Vec::new();
    if let (Some(r), Game::RolePlay(rp)) = (&report.role_play, &scenario.game) {
        for e in &r.endings {
            if e.runs == 0 {
                w.push(format!(
                    "ending '{}' ({}) never happened in {runs} runs",
                    e.id, e.title
                ));
            } else if (e.runs as f64) < runs as f64 * 0.01 {
                w.push(format!(
                    "ending '{}' ({}) happened in only {:.1}% of runs",
                    e.id,
                    e.title,
                    pct(e.runs, runs)
                ));
            }
        }
        for s in &r.scenes_never_reached {
            w.push(format!("scene '{s}' was never reached"));
        }
        for c in &r.choices_never_taken {
            w.push(format!("choice '{c}' was never taken (its condition may never hold when the scene is reached)"));
        }
        if r.stuck > 0 {
            w.push(format!(
                "{} runs did not end: a loop of scenes, or a scene where no choice is available",
                r.stuck
            ));
        }
        // A choice whose good-ending rate towers over its siblings' decides the game by itself.
        for scene in &rp.scenes {
            let siblings: Vec<&ChoiceStat> = r
                .choices
                .iter()
                .filter(|c| c.scene == scene.id && c.runs >= 100)
                .collect();
            if siblings.len() < 2 {
                continue;
            }
            let best = siblings
                .iter()
                .max_by(|a, b| a.good_after.total_cmp(&b.good_after))
                .expect("two or more");
            let others = siblings
                .iter()
                .filter(|c| c.choice != best.choice)
                .map(|c| c.good_after)
                .fold(0.0, f64::max);
            if best.good_after - others >= 0.4 {
                w.push(format!(
                    "choice '{}/{}' leads to a good ending far more often than the others in its scene ({:.0}% vs at most {:.0}%)",
                    best.scene,
                    best.choice,
                    best.good_after * 100.0,
                    others * 100.0
                ));
            }
        }
    }
    if let Some(t) = &report.team_game {
        if t.failed > 0 {
            w.push(format!(
                "{} of {runs} runs stopped on a formula error; first: {}",
                t.failed,
                t.first_failure.as_deref().unwrap_or("")
            ));
        }
        let fair = 1.0 / t.teams as f64;
        for (seat, rate) in t.win_rate_by_seat.iter().enumerate() {
            if *rate > fair * 1.5 && runs >= 100 {
                w.push(format!(
                    "team {} wins {:.0}% of games (a fair share is {:.0}%): the seat order matters",
                    seat + 1,
                    rate * 100.0,
                    fair * 100.0
                ));
            }
        }
        // A strategy dominates when it wins at least half the games it plays and twice as
        // often as the next best.
        let mut by_wins: Vec<&PolicyStat> = t.policies.iter().collect();
        by_wins.sort_by(|a, b| b.win_rate.total_cmp(&a.win_rate));
        if let [best, second, ..] = by_wins[..]
            && best.win_rate >= 0.5
            && best.win_rate >= 2.0 * second.win_rate
        {
            w.push(format!(
                "teams playing '{}' ({}) win {:.0}% of the time: that strategy dominates",
                policy_name(best.policy),
                match best.policy {
                    Policy::Min => "every number decision at its minimum",
                    Policy::Max => "every number decision at its maximum",
                    _ => "decisions at random",
                },
                best.win_rate * 100.0
            ));
        }
        for c in &t.cards {
            if c.drawn == 0 && runs >= 100 {
                w.push(format!("card '{}' ({}) was never drawn", c.id, c.title));
            }
        }
    }
    w
}

fn pct(a: u64, b: u64) -> f64 {
    ratio(a, b) * 100.0
}

/// The name used on the command line.
pub fn policy_name(p: Policy) -> &'static str {
    match p {
        Policy::Random => "random",
        Policy::Greedy => "greedy",
        Policy::Max => "max",
        Policy::Min => "min",
        Policy::Mixed => "mixed",
    }
}

/// The report as text for a terminal.
pub fn render_text(scenario: &Scenario, report: &Report) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let lang = Lang::Ko;
    let _ = writeln!(
        out,
        "simulate: {} ({}), {} runs, seed {}, policy {}",
        scenario.title.get(lang),
        scenario.id,
        report.runs,
        report.seed,
        policy_name(report.policy)
    );
    if let Some(r) = &report.role_play {
        let _ = writeln!(out, "\nendings");
        for e in &r.endings {
            let _ = writeln!(
                out,
                "  {:<24} {:<6} {:>8} runs {:>6.1}%  {}",
                e.id,
                e.tone,
                e.runs,
                pct(e.runs, report.runs),
                e.title
            );
        }
        let _ = writeln!(
            out,
            "\nchoices per run: mean {:.1}, median {}, 90% ≤ {}, longest {}",
            r.length.mean, r.length.median, r.length.p90, r.length.max
        );
        let _ = writeln!(out, "\nmeters");
        for m in &r.meters {
            let after = |x: Option<f64>| {
                x.map_or_else(String::new, |s| format!(", first after {s:.1} choices"))
            };
            let _ = writeln!(
                out,
                "  {:<12} at min in {:>5.1}% of runs{}; at max in {:>5.1}%{}; final mean {:.1}  {}",
                m.id,
                pct(m.hit_min, report.runs),
                after(m.first_min_after),
                pct(m.hit_max, report.runs),
                after(m.first_max_after),
                m.final_mean,
                m.name
            );
        }
        let _ = writeln!(
            out,
            "\nchoices: runs that took it, and how many of those ended well"
        );
        for c in &r.choices {
            let _ = writeln!(
                out,
                "  {:<40} {:>8} runs {:>5.0}% good after",
                format!("{}/{}", c.scene, c.choice),
                c.runs,
                c.good_after * 100.0
            );
        }
    }
    if let Some(t) = &report.team_game {
        let _ = writeln!(out, "\n{} teams, {} rounds", t.teams, t.rounds);
        let _ = writeln!(
            out,
            "final score: mean {:.1}, min {:.1}, median {:.1}, 90% ≤ {:.1}, max {:.1}; mean Gini {:.3}",
            t.score.mean, t.score.min, t.score.median, t.score.p90, t.score.max, t.gini
        );
        let _ = writeln!(out, "\nby seat");
        for (s, (mean, win)) in t
            .mean_score_by_seat
            .iter()
            .zip(&t.win_rate_by_seat)
            .enumerate()
        {
            let _ = writeln!(
                out,
                "  team {:<3} mean score {:>8.1}   wins {:>5.1}%",
                s + 1,
                mean,
                win * 100.0
            );
        }
        if !t.policies.is_empty() {
            let _ = writeln!(out, "\nby strategy");
            for p in &t.policies {
                let _ = writeln!(
                    out,
                    "  {:<8} {:>7} teams  mean score {:>8.1}   wins {:>5.1}%",
                    policy_name(p.policy),
                    p.seats,
                    p.mean_score,
                    p.win_rate * 100.0
                );
            }
        }
        let _ = writeln!(out, "\ncards drawn");
        for c in &t.cards {
            let _ = writeln!(out, "  {:<24} {:>8}  {}", c.id, c.drawn, c.title);
        }
    }
    let _ = writeln!(out, "\nwarnings");
    if report.warnings.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for w in &report.warnings {
        let _ = writeln!(out, "  - {w}");
    }
    out
}
