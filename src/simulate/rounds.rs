//! Simulating a team game: bot teams with mixed strategies, seats, fairness (Gini) and cards.

use super::*;
use crate::scenario::Cooperate;

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
    /// Class goal: won, lost, lost by a stock, sum of deciding rounds.
    goal: (u64, u64, u64, u64),
    stock_sum: Vec<f64>,
    stock_at_min: Vec<u64>,
    /// Per quiz: answers, and correct ones.
    quiz: Vec<(u64, u64)>,
    /// Per Pick decision, per option: teams whose favourite it was, and their wins.
    favourites: Vec<Vec<(u64, f64)>>,
}

const MIXED: [Policy; 3] = [Policy::Random, Policy::Max, Policy::Min];

pub(super) fn simulate_team_game(tg: &TeamGame, options: &Options) -> TeamGameReport {
    // The Pick decisions: (index among the decisions, number of options).
    let picks: Vec<(usize, usize)> = tg
        .decisions
        .iter()
        .enumerate()
        .filter_map(|(d, x)| match &x.kind {
            DecisionKind::Pick(options) => Some((d, options.len())),
            _ => None,
        })
        .collect();
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
        goal: (0, 0, 0, 0),
        stock_sum: vec![0.0; tg.stocks.len()],
        stock_at_min: vec![0; tg.stocks.len()],
        quiz: vec![(0, 0); tg.quizzes.len()],
        favourites: picks.iter().map(|&(_, n)| vec![(0, 0.0); n]).collect(),
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
        // How often each team picked each option: [team][pick decision][option].
        let mut picked: Vec<Vec<Vec<u32>>> =
            vec![picks.iter().map(|&(_, n)| vec![0; n]).collect(); teams];
        let outcome = (|| -> Result<(), team_game::RuleError> {
            // Bots skip the steps between rounds (they do not talk); a practice round is
            // played like any other.
            for _ in 0..tg.rounds + u32::from(tg.practice) {
                while matches!(game.phase, team_game::Phase::Step(_)) {
                    game.apply(tg, &TgCommand::NextStep, &mut events)?;
                }
                if game.phase == team_game::Phase::Finished {
                    break;
                }
                game.apply(tg, &TgCommand::BeginRound, &mut events)?;
                for &c in &game.cards {
                    acc.cards[c] += 1;
                }
                for (team, policy) in policies.iter().enumerate() {
                    let values = bot_decisions(tg, &game, team, *policy, &mut bot)?;
                    for (k, &(d, _)) in picks.iter().enumerate() {
                        if let Decided::Pick(o) = values[d] {
                            picked[team][k][o] += 1;
                        }
                    }
                    game.apply(tg, &TgCommand::Decide { team, values }, &mut events)?;
                    for quiz in game.quizzes_now(tg).collect::<Vec<_>>() {
                        let option = bot.below(tg.quizzes[quiz].options.len() as u64) as usize;
                        game.apply(tg, &TgCommand::Answer { team, quiz, option }, &mut events)?;
                    }
                }
                game.apply(tg, &TgCommand::Resolve, &mut events)?;
                for e in &events {
                    if let team_game::Event::Answered { quiz, correct, .. } = *e {
                        acc.quiz[quiz].0 += 1;
                        acc.quiz[quiz].1 += u64::from(correct);
                    }
                }
                events.clear();
                // A class goal may end the game before the last round.
                if game.phase == team_game::Phase::Finished {
                    break;
                }
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
        if let Some(o) = game.outcome {
            if o.won {
                acc.goal.0 += 1;
            } else {
                acc.goal.1 += 1;
            }
            acc.goal.2 += u64::from(matches!(o.cause, team_game::Cause::Stock(_)));
            acc.goal.3 += u64::from(o.round);
        }
        for (i, stock) in tg.stocks.iter().enumerate() {
            acc.stock_sum[i] += game.stocks[i];
            acc.stock_at_min[i] += u64::from(stock.min.is_some_and(|m| game.stocks[i] <= m));
        }
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
            // The option this team picked most; a tie names no favourite (else the first
            // option would be favoured).
            for (k, counts) in picked[t].iter().enumerate() {
                let most = counts.iter().copied().max().unwrap_or(0);
                let mut at_most = counts.iter().enumerate().filter(|(_, c)| **c == most);
                if let (Some((o, _)), None) = (at_most.next(), at_most.next()) {
                    acc.favourites[k][o].0 += 1;
                    acc.favourites[k][o].1 += win;
                }
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
        a.goal.0 += b.goal.0;
        a.goal.1 += b.goal.1;
        a.goal.2 += b.goal.2;
        a.goal.3 += b.goal.3;
        for (x, y) in a.quiz.iter_mut().zip(&b.quiz) {
            x.0 += y.0;
            x.1 += y.1;
        }
        a.stock_sum
            .iter_mut()
            .zip(&b.stock_sum)
            .for_each(|(x, y)| *x += y);
        a.stock_at_min
            .iter_mut()
            .zip(&b.stock_at_min)
            .for_each(|(x, y)| *x += y);
        for (xs, ys) in a.favourites.iter_mut().zip(&b.favourites) {
            for (x, y) in xs.iter_mut().zip(ys) {
                x.0 += y.0;
                x.1 += y.1;
            }
        }
    };
    let acc = run_chunks(options, new, one, merge);
    let done = acc.completed.max(1) as f64;
    let class_sum: f64 = acc.scores.iter().sum();
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
        favourites: picks
            .iter()
            .zip(&acc.favourites)
            .flat_map(|(&(d, _), stats)| {
                let DecisionKind::Pick(options) = &tg.decisions[d].kind else {
                    unreachable!("picks holds Pick decisions")
                };
                options
                    .iter()
                    .zip(stats)
                    .map(move |(o, &(n, wins))| FavouriteStat {
                        decision: tg.decisions[d].id.clone(),
                        option: o.id.clone(),
                        text: o.text.ko.clone(),
                        teams: n,
                        win_rate: wins / n.max(1) as f64,
                    })
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
        first_failure_at: acc.first_failure.clone(),
        first_failure: acc.first_failure.map(|(run, e)| format!("run {run}: {e}")),
        goal: tg.goal.as_ref().map(|_| GoalStat {
            won: acc.goal.0,
            lost: acc.goal.1,
            lost_by_stock: acc.goal.2,
            mean_round: acc.goal.3 as f64 / (acc.goal.0 + acc.goal.1).max(1) as f64,
        }),
        class_totals: ClassTotals {
            everyone_max: class_total(tg, options.seed, &vec![Policy::Max; teams]),
            everyone_min: class_total(tg, options.seed, &vec![Policy::Min; teams]),
            this_report: class_sum / done,
        },
        dilemma: tg.dilemma.map(|cooperate| {
            let (c, d) = match cooperate {
                Cooperate::Most => (Policy::Max, Policy::Min),
                Cooperate::Least => (Policy::Min, Policy::Max),
            };
            let mut lone = vec![c; teams];
            lone[0] = d;
            let (defector, cooperators) = seat_scores(tg, teams, options.seed, &lone);
            DilemmaCheck {
                cooperate: c,
                all_cooperate: class_total(tg, options.seed, &vec![c; teams]),
                none_cooperate: class_total(tg, options.seed, &vec![d; teams]),
                lone_defector: defector,
                cooperators,
                teams,
            }
        }),
        quizzes: tg
            .quizzes
            .iter()
            .zip(&acc.quiz)
            .map(|(q, (asked, correct))| QuizStat {
                round: q.round,
                question: q.question.ko.clone(),
                answers: *asked,
                correct: ratio(*correct, *asked),
            })
            .collect(),
        stocks: tg
            .stocks
            .iter()
            .enumerate()
            .map(|(i, s)| StockStat {
                id: s.id.clone(),
                name: s.name.ko.clone(),
                final_mean: acc.stock_sum[i] / done,
                at_min: acc.stock_at_min[i],
            })
            .collect(),
    }
}

/// Games played for the strategy comparisons: enough for the mean of mostly fixed plays.
const STRATEGY_RUNS: u64 = 200;

/// One game with a fixed policy per team; the final scores, or `None` if a formula failed.
fn play(tg: &TeamGame, seed: u64, policies: &[Policy]) -> Option<Vec<f64>> {
    play_seeded(
        tg,
        GameRng::derive(seed, 0),
        GameRng::derive(seed, 1),
        policies,
    )
}

/// Final scores of one game with this game seed (its cards), the bots drawing from
/// `bot_seed`, team `t` playing `policies[t]`; `None` when such play breaks a rule.
fn play_seeded(
    tg: &TeamGame,
    game_seed: u64,
    bot_seed: u64,
    policies: &[Policy],
) -> Option<Vec<f64>> {
    let mut game = team_game::Game::new(tg, policies.len(), game_seed);
    let mut bot = GameRng::new(bot_seed);
    let mut events = Vec::new();
    for _ in 0..tg.rounds + u32::from(tg.practice) {
        while matches!(game.phase, team_game::Phase::Step(_)) {
            game.apply(tg, &TgCommand::NextStep, &mut events).ok()?;
        }
        if game.phase == team_game::Phase::Finished {
            break;
        }
        game.apply(tg, &TgCommand::BeginRound, &mut events).ok()?;
        for (team, policy) in policies.iter().enumerate() {
            let values = bot_decisions(tg, &game, team, *policy, &mut bot).ok()?;
            game.apply(tg, &TgCommand::Decide { team, values }, &mut events)
                .ok()?;
        }
        game.apply(tg, &TgCommand::Resolve, &mut events).ok()?;
        events.clear();
    }
    Some(game.teams.iter().map(|t| t.score).collect())
}

/// The class total (all teams' scores added) of this very game had every team played
/// `policy` (`Max`: decided the most of every number; `Min`: the least): the same seed, so the
/// same cards come in the same rounds. The results screen of a social dilemma shows it beside
/// the class's own total. `None` when such play breaks a rule of the game.
pub fn what_if(tg: &TeamGame, teams: usize, seed: u64, policy: Policy) -> Option<f64> {
    // Only Picks and Splits draw from the bots' generator; a dilemma's cooperating is a Number.
    let scores = play_seeded(tg, seed, GameRng::derive(seed, 1), &vec![policy; teams])?;
    Some(scores.iter().sum())
}

/// Mean class total (all teams' scores added) over games with these policies.
fn class_total(tg: &TeamGame, seed: u64, policies: &[Policy]) -> f64 {
    let totals: Vec<f64> = (0..STRATEGY_RUNS)
        .filter_map(|i| play(tg, GameRng::derive(seed ^ 0x5EED, i), policies))
        .map(|scores| scores.iter().sum())
        .collect();
    totals.iter().sum::<f64>() / totals.len().max(1) as f64
}

/// Mean score of team 0, and of the other teams, over games with these policies.
fn seat_scores(tg: &TeamGame, teams: usize, seed: u64, policies: &[Policy]) -> (f64, f64) {
    let (mut first, mut others, mut n) = (0.0, 0.0, 0.0);
    for i in 0..STRATEGY_RUNS {
        if let Some(scores) = play(tg, GameRng::derive(seed ^ 0x5EED, i), policies) {
            first += scores[0];
            others += scores[1..].iter().sum::<f64>() / (teams - 1).max(1) as f64;
            n += 1.0;
        }
    }
    (first / f64::max(n, 1.0), others / f64::max(n, 1.0))
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
                Decided::Split(random_split(tokens.max(0) as u64, categories.len(), rng))
            }
            kind @ DecisionKind::Allocate { .. } => {
                // Spread at random over the other teams and the criteria, never to itself.
                let (tokens, _) = game.bounds(tg, team, d)?;
                let k = kind.criteria();
                let teams = game.teams.len();
                let others = random_split(tokens.max(0) as u64, (teams - 1) * k, rng);
                let mut given = vec![0; teams * k];
                let slots = (0..teams * k).filter(|i| i / k != team);
                for (slot, n) in slots.zip(others) {
                    given[slot] = n;
                }
                Decided::Allocate(given)
            }
        };
        values.push(value);
    }
    Ok(values)
}

/// `tokens` spread at random over `categories`, every way of spreading them equally likely
/// (so no category is favoured), in time that does not grow with the number of tokens: the
/// "stars and bars" — `categories - 1` distinct bars among `tokens + categories - 1` places,
/// drawn by Floyd's method.
fn random_split(tokens: u64, categories: usize, rng: &mut GameRng) -> Vec<u32> {
    if categories == 0 {
        return Vec::new();
    }
    let bars = categories as u64 - 1;
    let places = tokens + bars;
    let mut chosen: Vec<u64> = Vec::with_capacity(categories);
    for j in places - bars..places {
        let t = rng.below(j + 1);
        chosen.push(if chosen.contains(&t) { j } else { t });
    }
    chosen.sort_unstable();
    chosen.push(places);
    let mut last = 0;
    chosen
        .iter()
        .map(|&bar| {
            let part = bar - last;
            last = bar + 1;
            u32::try_from(part).unwrap_or(u32::MAX)
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_random_split_places_every_token_whatever_the_count() {
        let mut rng = GameRng::new(7);
        for (tokens, categories) in [(0, 2), (1, 3), (10, 9), (10_000, 4), (1_000_000_000, 3)] {
            let split = random_split(tokens, categories, &mut rng);
            assert_eq!(split.len(), categories);
            assert_eq!(split.iter().map(|&t| u64::from(t)).sum::<u64>(), tokens);
        }
        // Over many splits each category gets some tokens: the bot does not favour one.
        let mut seen = [0u64; 3];
        for _ in 0..300 {
            for (s, t) in seen.iter_mut().zip(random_split(10, 3, &mut rng)) {
                *s += u64::from(t);
            }
        }
        assert!(seen.iter().all(|&s| s > 500), "{seen:?}");
        // Every category gets the same share on average, the first and last ones too (the
        // bots' seats in an allocation depend on it).
        let mut seen = [0u64; 9];
        let splits = 20_000;
        for _ in 0..splits {
            for (s, t) in seen.iter_mut().zip(random_split(10, 9, &mut rng)) {
                *s += u64::from(t);
            }
        }
        let fair = 10.0 * splits as f64 / 9.0;
        assert!(
            seen.iter().all(|&s| (s as f64 - fair).abs() < fair * 0.03),
            "{seen:?} vs {fair}"
        );
    }
}
