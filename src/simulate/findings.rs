//! What a report means for the class, in plain words: endings that never happen, meters
//! that end most games, a strategy that always wins.

use super::*;

pub(super) fn warnings(scenario: &Scenario, report: &Report) -> Vec<String> {
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
            const NAMED: usize = 8;
            let mut names: Vec<String> = r
                .looping
                .iter()
                .take(NAMED)
                .map(|s| format!("'{s}'"))
                .collect();
            if r.looping.len() > NAMED {
                names.push(format!("and {} more", r.looping.len() - NAMED));
            }
            w.push(if names.is_empty() {
                format!(
                    "{} runs did not end: a scene where no choice is available",
                    r.stuck
                )
            } else {
                format!(
                    "{} runs did not end: they went round through the scenes {}",
                    r.stuck,
                    names.join(", ")
                )
            });
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
        // Roles that start teams unequally (a rich and a poor family) make seats unequal on
        // purpose: the lesson, not a fault.
        let unequal_on_purpose = matches!(&scenario.game, Game::TeamGame(tg)
            if tg.roles.iter().any(|r| !r.start.is_empty()));
        for (seat, rate) in t.win_rate_by_seat.iter().enumerate() {
            if *rate > fair * 1.5 && runs >= 100 && !unequal_on_purpose {
                w.push(format!(
                    "team {} wins {:.0}% of games (a fair share is {:.0}%): the seat order matters",
                    seat + 1,
                    rate * 100.0,
                    fair * 100.0
                ));
            }
        }
        // A declared social dilemma is checked for what makes it one; there, a strategy
        // that wins alone is the point, not a fault.
        if let Some(d) = &t.dilemma {
            if !d.together_pays() {
                w.push(format!(
                    "the class does not do better when every team cooperates (class total {:.1}) than when none does ({:.1}): this is not a social dilemma yet",
                    d.all_cooperate, d.none_cooperate
                ));
            }
            if !d.defecting_tempts() {
                w.push(format!(
                    "a lone team that does not cooperate scores {:.1}, no more than it would by cooperating with the rest ({:.1}): nothing tempts a team to free-ride, so there is no dilemma to feel",
                    d.lone_defector,
                    d.each_cooperating()
                ));
            }
        }
        // A fixed strategy (always the most, always the least) dominates when it wins twice
        // its fair share of the games it plays (half with 4 teams, a quarter with 8) and twice
        // as often as the next best. Random play winning most is the healthy case: both
        // extremes lose, so deciding well matters.
        let mut by_wins: Vec<&PolicyStat> = t.policies.iter().collect();
        by_wins.sort_by(|a, b| b.win_rate.total_cmp(&a.win_rate));
        let dominant = (2.0 / t.teams as f64).min(0.9);
        if t.dilemma.is_none()
            && let [best, second, ..] = by_wins[..]
            && best.policy != Policy::Random
            && best.win_rate >= dominant
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
        // An option that wins far more often for the teams that favour it decides the game by
        // itself (except in a declared dilemma, where defecting paying is the point).
        if t.dilemma.is_none() {
            for f in &t.favourites {
                let others = t
                    .favourites
                    .iter()
                    .filter(|g| g.decision == f.decision && g.option != f.option && g.teams >= 100)
                    .map(|g| g.win_rate)
                    .fold(0.0, f64::max);
                if f.teams >= 100 && f.win_rate >= dominant && f.win_rate >= 2.0 * others {
                    w.push(format!(
                        "teams that mostly pick '{}/{}' ({}) win {:.0}% of the time: that option dominates",
                        f.decision,
                        f.option,
                        f.text,
                        f.win_rate * 100.0
                    ));
                }
            }
        }
        // A class goal that bots (who do not talk to each other) always or never reach
        // teaches little: the class needs to see that cooperating changes the result.
        if let Some(g) = &t.goal
            && runs >= 100
        {
            let won = ratio(g.won, runs);
            if won > 0.95 {
                w.push(format!(
                    "the class reaches its goal in {:.0}% of runs even with bots that never agree on anything: the goal may be too easy",
                    won * 100.0
                ));
            } else if won < 0.02 {
                w.push(format!(
                    "the class reaches its goal in only {:.1}% of runs: check that cooperating teams can reach it (try --policy min)",
                    won * 100.0
                ));
            }
        }
        for c in &t.cards {
            if c.drawn == 0 && runs >= 100 {
                w.push(format!("card '{}' ({}) was never drawn", c.id, c.title));
            }
        }
    }
    w
}

pub(super) fn pct(a: u64, b: u64) -> f64 {
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
