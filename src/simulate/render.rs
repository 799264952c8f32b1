//! The report as text for a terminal.

use super::findings::pct;
use super::*;

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
        if !r.routes.is_empty() {
            let _ = writeln!(
                out,
                "\nautomatic branches: runs that went this way, and how many of those ended well"
            );
            for c in &r.routes {
                let _ = writeln!(
                    out,
                    "  {:<40} {:>8} runs {:>5.0}% good after",
                    format!("{} → {}", c.scene, c.choice),
                    c.runs,
                    c.good_after * 100.0
                );
            }
        }
        if !r.outcomes.is_empty() {
            let _ = writeln!(
                out,
                "\nrandom outcomes: times drawn, and the share of their choice"
            );
            for o in &r.outcomes {
                let weight = o.chance.as_ref().map_or_else(
                    || format!("weight {:>3}", o.weight),
                    |f| format!("chance \"{f}\""),
                );
                let _ = writeln!(
                    out,
                    "  {:<40} {weight} {:>8} times {:>5.1}%",
                    format!("{}/{} outcome {}", o.scene, o.choice, o.outcome),
                    o.drawn,
                    o.share * 100.0
                );
            }
        }
    }
    if let Some(t) = &report.team_game {
        let _ = writeln!(out, "\n{} teams, {} rounds", t.teams, t.rounds);
        let _ = writeln!(
            out,
            "final score: mean {:.1}, min {:.1}, median {:.1}, 90% ≤ {:.1}, max {:.1}; mean Gini {:.3}",
            t.score.mean, t.score.min, t.score.median, t.score.p90, t.score.max, t.gini
        );
        if let Some(g) = &t.goal {
            let _ = writeln!(
                out,
                "\nclass goal: won in {:.1}% of runs, lost in {:.1}% ({:.1}% because a stock ran out); decided after round {:.1} on average",
                pct(g.won, report.runs),
                pct(g.lost, report.runs),
                pct(g.lost_by_stock, report.runs),
                g.mean_round
            );
        }
        for s in &t.stocks {
            let _ = writeln!(
                out,
                "stock {:<12} final mean {:>8.1}; at its min in {:>5.1}% of runs  {}",
                s.id,
                s.final_mean,
                pct(s.at_min, report.runs),
                s.name
            );
        }
        let _ = writeln!(out, "\nby seat");
        for (s, (mean, win)) in t
            .mean_score_by_seat
            .iter()
            .zip(&t.win_rate_by_seat)
            .enumerate()
        {
            let role = match &scenario.game {
                Game::TeamGame(tg) => tg
                    .role_of(s)
                    .map_or_else(String::new, |r| format!("  {}", r.name.ko)),
                Game::RolePlay(_) => String::new(),
            };
            let _ = writeln!(
                out,
                "  team {:<3} mean score {:>8.1}   wins {:>5.1}%{role}",
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
        if !t.favourites.is_empty() {
            let _ = writeln!(
                out,
                "\nby favourite option (teams that picked it more than any other)"
            );
            for f in &t.favourites {
                let _ = writeln!(
                    out,
                    "  {:<20} {:>7} teams   wins {:>5.1}%  {}",
                    format!("{}/{}", f.decision, f.option),
                    f.teams,
                    f.win_rate * 100.0,
                    f.text
                );
            }
        }
        let c = &t.class_totals;
        let _ = writeln!(
            out,
            "\nclass total (all teams' scores added): every team at max {:.1}, every team at min {:.1}, in these runs {:.1}",
            c.everyone_max, c.everyone_min, c.this_report
        );
        if let Some(d) = &t.dilemma {
            let yes = |b: bool| if b { "yes" } else { "NO" };
            let _ = writeln!(
                out,
                "social dilemma (cooperating = {}):\n  the class does better when all cooperate: {} ({:.1} vs {:.1} when none does)\n  a lone defector gains by it: {} ({:.1}, against {:.1} had it cooperated and {:.1} for the cooperators beside it)",
                policy_name(d.cooperate),
                yes(d.together_pays()),
                d.all_cooperate,
                d.none_cooperate,
                yes(d.defecting_tempts()),
                d.lone_defector,
                d.each_cooperating(),
                d.cooperators
            );
        }
        if !t.quizzes.is_empty() {
            let _ = writeln!(
                out,
                "\nquizzes: answers, and the share right (bots answer at random)"
            );
            for q in &t.quizzes {
                let _ = writeln!(
                    out,
                    "  round {:<3} {:>8} answers {:>5.1}% right  {}",
                    q.round,
                    q.answers,
                    q.correct * 100.0,
                    q.question
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
