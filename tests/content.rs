//! The bar every bundled game must meet (what the content issue asks of a game a class
//! plays): it checks clean, fits a 45-minute period with its debrief, every ending can
//! happen, no meter ends most games by chance, and a team game is fair, or, when it declares a
//! social dilemma, really is one.

use std::path::Path;

use kkumgil::scenario::{self, FileKind, Game, Limit};
use kkumgil::simulate::{self, Options, Policy};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

#[test]
fn every_bundled_game_meets_the_classroom_bar() {
    let files = scenario::library::ron_files(&Path::new(ROOT).join("scenarios")).unwrap();
    let mut games = 0;
    let mut failures = Vec::new();
    for file in files {
        let loaded = scenario::load_file_with(&file, true);
        if loaded.kind == FileKind::Glossary {
            continue;
        }
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let Some(s) = loaded.scenario else {
            failures.push(format!("{name}: does not load"));
            continue;
        };
        games += 1;
        if !loaded.report.diagnostics.is_empty() {
            failures.push(format!(
                "{name}: check --pedantic is not clean\n{}",
                loaded.report.render(false, kkumgil::i18n::Lang::En)
            ));
        }
        if s.minutes > 45 {
            failures.push(format!("{name}: {} minutes do not fit a period", s.minutes));
        }
        let options = Options {
            runs: 10_000,
            seed: 1,
            teams: None,
            policy: match s.game {
                Game::RolePlay(_) => Policy::Random,
                Game::TeamGame(_) => Policy::Mixed,
            },
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            progress: None,
        };
        let report = simulate::simulate(&s, &options);
        match (&s.game, &report.role_play, &report.team_game) {
            (Game::RolePlay(rp), Some(r), _) => {
                for e in r.endings.iter().filter(|e| e.runs == 0) {
                    failures.push(format!("{name}: ending '{}' never happens", e.id));
                }
                for (meter, stat) in rp.meters.iter().zip(&r.meters) {
                    let ends = |limit: Limit, hits: u64| {
                        matches!(limit, Limit::End(_)) && hits * 2 > report.runs
                    };
                    if ends(meter.at_min, stat.hit_min) || ends(meter.at_max, stat.hit_max) {
                        failures.push(format!(
                            "{name}: meter '{}' ends most games by itself",
                            meter.id
                        ));
                    }
                }
            }
            (Game::TeamGame(_), _, Some(t)) => {
                // A class goal that bots who never talk always or never reach teaches little.
                if let Some(g) = &t.goal {
                    let won = g.won as f64 / report.runs as f64;
                    if !(0.02..=0.95).contains(&won) {
                        failures.push(format!(
                            "{name}: bots reach the class goal in {:.1}% of runs",
                            won * 100.0
                        ));
                    }
                }
                match &t.dilemma {
                    Some(d) if !(d.together_pays() && d.defecting_tempts()) => {
                        failures.push(format!("{name}: the declared dilemma does not hold: {d:?}"));
                    }
                    Some(_) => {}
                    None => {
                        // A fixed way of playing (every number at its most, or its least) must not
                        // win much more than its share; random play winning most means both
                        // extremes lose, which is what a good decision looks like.
                        let fair = 1.0 / t.teams as f64;
                        for p in t
                            .policies
                            .iter()
                            .filter(|p| p.policy != Policy::Random && p.win_rate > 1.5 * fair)
                        {
                            failures.push(format!(
                                "{name}: strategy {:?} wins {:.0}% (fair share {:.0}%)",
                                p.policy,
                                p.win_rate * 100.0,
                                fair * 100.0
                            ));
                        }
                        for f in t
                            .favourites
                            .iter()
                            .filter(|f| f.teams >= 500 && f.win_rate > 1.5 * fair)
                        {
                            failures.push(format!(
                                "{name}: teams favouring '{}/{}' win {:.0}% (fair share {:.0}%)",
                                f.decision,
                                f.option,
                                f.win_rate * 100.0,
                                fair * 100.0
                            ));
                        }
                    }
                }
            }
            _ => failures.push(format!("{name}: no report")),
        }
    }
    assert!(games >= 4, "bundled games: {games}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
