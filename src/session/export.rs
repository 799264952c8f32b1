//! What a session leaves behind: CSV for spreadsheets and a printable HTML report with a score
//! chart and the debrief built from what this class did.

use std::collections::HashSet;
use std::fmt::Write;

use super::{Board, Command, Entry, Mode, Progress, Setup};
use crate::engine::role_play;
use crate::engine::team_game;
use crate::scenario::{Game, Lang, Scenario};

/// Teams × scoring steps (rounds, or choices in a role-play), then the final score and rank.
pub fn scores_csv(setup: &Setup, state: &Progress) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let steps = state.history.len();
    let mut header = vec!["team".to_owned()];
    header.extend((1..=steps).map(|i| format!("step {i}")));
    header.extend(["final".to_owned(), "awards".to_owned(), "rank".to_owned()]);
    w.write_record(&header)?;
    let scores = state.scores(setup);
    let ranks = state.ranks(setup);
    for (t, team) in setup.teams.iter().enumerate() {
        let mut row = vec![team.name.clone()];
        row.extend(state.history.iter().map(|h| number(h[t])));
        row.extend([
            number(scores[t]),
            number(state.awards[t]),
            ranks[t].to_string(),
        ]);
        w.write_record(&row)?;
    }
    finish(w)
}

/// Every command in the journal: when, who, what, whether it counted, and the concepts at play.
pub fn decisions_csv(
    scenario: &Scenario,
    setup: &Setup,
    state: &Progress,
    journal: &[Entry],
) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["seq", "time", "team", "action", "status", "concepts"])?;
    for e in journal {
        let (team, action, concepts) = describe(scenario, setup, &e.command);
        let status = if state.undone.contains(&e.seq) {
            "undone".to_owned()
        } else if let Some((_, why)) = state.skipped.iter().find(|(s, _)| *s == e.seq) {
            format!("did not apply: {why}")
        } else {
            "applied".to_owned()
        };
        w.write_record([
            e.seq.to_string(),
            local_time(e.at),
            team,
            action,
            status,
            concepts.join(" "),
        ])?;
    }
    finish(w)
}

/// Seconds since the epoch as local time, "2026-11-29 14:05:09" (the system time zone).
pub fn local_time(secs: i64) -> String {
    jiff::Timestamp::from_second(secs)
        .map(|t| {
            t.to_zoned(jiff::tz::TimeZone::system())
                .strftime("%Y-%m-%d %H:%M:%S")
                .to_string()
        })
        .unwrap_or_else(|_| secs.to_string())
}

fn finish(w: csv::Writer<Vec<u8>>) -> Result<String, csv::Error> {
    let bytes = w
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    // A byte-order mark so that Excel opens Korean text as UTF-8.
    Ok(format!("\u{feff}{}", String::from_utf8_lossy(&bytes)))
}

fn number(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
}

/// (team name, what happened, concept ids) for a journal command.
pub(crate) fn describe(
    scenario: &Scenario,
    setup: &Setup,
    command: &Command,
) -> (String, String, Vec<String>) {
    let team_name = |t: Option<usize>| {
        t.and_then(|t| setup.teams.get(t))
            .map_or_else(|| "class".to_owned(), |t| t.name.clone())
    };
    let concept_ids = |ids: &[usize]| {
        ids.iter()
            .filter_map(|&i| scenario.glossary.get(i))
            .map(|c| c.id.clone())
            .collect::<Vec<_>>()
    };
    match (command, &scenario.game) {
        (Command::RolePlay { team, command }, Game::RolePlay(_)) => {
            let what = match command {
                role_play::Command::Choose(c) => format!("choice {}", c + 1),
                role_play::Command::Vote(counts) => format!("vote {counts:?}"),
                role_play::Command::Continue => "continue".into(),
            };
            (team_name(*team), what, concept_ids(&scenario.concepts))
        }
        (Command::TeamGame(c), Game::TeamGame(tg)) => match c {
            team_game::Command::BeginRound => ("class".into(), "begin round".into(), vec![]),
            team_game::Command::Decide { team, values } => {
                (team_name(Some(*team)), format!("decide {values:?}"), vec![])
            }
            team_game::Command::Answer { team, quiz, option } => (
                team_name(Some(*team)),
                format!("quiz {} answer {}", quiz + 1, option + 1),
                tg.quizzes
                    .get(*quiz)
                    .and_then(|q| q.concept)
                    .map(|c| concept_ids(&[c]))
                    .unwrap_or_default(),
            ),
            team_game::Command::Resolve => ("class".into(), "resolve round".into(), vec![]),
            team_game::Command::NextStep => ("class".into(), "next step".into(), vec![]),
        },
        (
            Command::Award {
                team,
                points,
                reason,
            },
            _,
        ) => (
            team_name(Some(*team)),
            format!("award {} ({reason})", number(*points)),
            vec![],
        ),
        (Command::Undo { seq }, _) => ("instructor".into(), format!("undo {seq}"), vec![]),
        (Command::Pause, _) => ("instructor".into(), "pause".into(), vec![]),
        (Command::Resume, _) => ("instructor".into(), "resume".into(), vec![]),
        (Command::AddTime { team, seconds }, _) => {
            (team_name(*team), format!("add {seconds} s"), vec![])
        }
        (Command::Countdown { seconds }, _) => (
            "instructor".into(),
            format!("countdown {seconds} s"),
            vec![],
        ),
        (Command::End, _) => ("instructor".into(), "end".into(), vec![]),
        _ => ("".into(), "?".into(), vec![]),
    }
}

/// Text made safe to put in an HTML page (every page Kkumgil writes uses this one).
pub(crate) fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The score chart as SVG (plotters), one line per team in its colour.
fn chart(setup: &Setup, state: &Progress, lang: Lang) -> String {
    use plotters::prelude::*;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (720, 320)).into_drawing_area();
        let steps = state.history.len().max(1);
        let (lo, hi) = state
            .history
            .iter()
            .flatten()
            .fold((0.0f64, 1.0f64), |(lo, hi), x| (lo.min(*x), hi.max(*x)));
        let drawn = (|| -> Result<(), Box<dyn std::error::Error + '_>> {
            root.fill(&WHITE)?;
            let mut c = ChartBuilder::on(&root)
                .margin(12)
                .x_label_area_size(28)
                .y_label_area_size(44)
                .build_cartesian_2d(0usize..steps, lo..hi * 1.05)?;
            let (x, y) = if lang == Lang::Ko {
                ("단계", "점수")
            } else {
                ("step", "score")
            };
            c.configure_mesh()
                .x_desc(x)
                .y_desc(y)
                .light_line_style(WHITE)
                .draw()?;
            for (t, team) in setup.teams.iter().enumerate() {
                let rgb = hex_colour(&team.colour);
                let colour = RGBColor(rgb.0, rgb.1, rgb.2);
                let points = std::iter::once((0, 0.0))
                    .chain(state.history.iter().enumerate().map(|(i, h)| (i + 1, h[t])));
                c.draw_series(LineSeries::new(points, colour.stroke_width(3)))?
                    .label(format!("{} {}", team.icon, team.name))
                    .legend(move |(x, y)| {
                        PathElement::new(vec![(x, y), (x + 16, y)], colour.stroke_width(3))
                    });
            }
            c.configure_series_labels()
                .background_style(WHITE.mix(0.8))
                .border_style(BLACK)
                .draw()?;
            root.present()?;
            Ok(())
        })();
        if drawn.is_err() {
            return String::new();
        }
    }
    svg
}

/// `#RRGGBB` as bytes (grey when malformed).
pub fn hex_colour(s: &str) -> (u8, u8, u8) {
    let h = s.trim_start_matches('#');
    let p = |i: usize| {
        h.get(i..i + 2)
            .and_then(|x| u8::from_str_radix(x, 16).ok())
            .unwrap_or(128)
    };
    (p(0), p(2), p(4))
}

/// A printable report: who played, the scores and chart, and the debrief of this class.
/// Every file of a session's export, name and contents: the two CSV files, the report, and
/// the font the report is drawn in with its licence (a PC without Korean fonts, or a
/// printer's, shows the report as it should look).
pub fn files(
    scenario: &Scenario,
    setup: &Setup,
    state: &Progress,
    journal: &[Entry],
    created_at: &str,
    lang: Lang,
) -> Result<Vec<(&'static str, Vec<u8>)>, csv::Error> {
    Ok(vec![
        ("scores.csv", scores_csv(setup, state)?.into_bytes()),
        (
            "decisions.csv",
            decisions_csv(scenario, setup, state, journal)?.into_bytes(),
        ),
        (
            "report.html",
            html(scenario, setup, state, created_at, lang).into_bytes(),
        ),
        (crate::fonts::LICENSE_FILE, crate::fonts::LICENSE.to_vec()),
    ])
}

/// The class's quiz answers, concept by concept: how many were right. Asked before and after
/// a programme, the same questions show the center what the class learned.
fn quiz_results(
    h: &mut String,
    scenario: &Scenario,
    tg: &crate::scenario::TeamGame,
    game: &team_game::Game,
    lang: Lang,
) {
    if game.quiz_record.is_empty() {
        return;
    }
    let ko = lang == Lang::Ko;
    // Per concept (None: questions without one): questions asked, answers, right answers.
    let mut rows: Vec<(Option<usize>, HashSet<usize>, u32, u32)> = Vec::new();
    for &(q, _, right) in &game.quiz_record {
        let concept = tg.quizzes[q].concept;
        let at = match rows.iter().position(|r| r.0 == concept) {
            Some(i) => i,
            None => {
                rows.push((concept, HashSet::new(), 0, 0));
                rows.len() - 1
            }
        };
        rows[at].1.insert(q);
        rows[at].2 += 1;
        rows[at].3 += u32::from(right);
    }
    let (all, right) = rows
        .iter()
        .fold((0, 0), |(a, r), row| (a + row.2, r + row.3));
    let _ = write!(
        h,
        "<h2>{}</h2><p>{}</p><table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        if ko {
            "퀴즈 결과 (개념별)"
        } else {
            "Quiz results by concept"
        },
        if ko {
            format!(
                "모든 팀의 답 {all}개 중 {right}개가 맞았어요 ({}%).",
                percent(right, all)
            )
        } else {
            format!(
                "{right} of the teams' {all} answers were right ({}%).",
                percent(right, all)
            )
        },
        if ko { "개념" } else { "Concept" },
        if ko { "문제" } else { "Questions" },
        if ko {
            "맞은 답 / 모든 답"
        } else {
            "Right / answers"
        },
        if ko { "정답률" } else { "Right" },
    );
    for (concept, questions, answers, right) in rows {
        let name = concept.and_then(|c| scenario.glossary.get(c)).map_or_else(
            || {
                if ko {
                    "(개념 없음)"
                } else {
                    "(no concept)"
                }
                .to_owned()
            },
            |g| esc(g.term.get(lang)),
        );
        let _ = write!(
            h,
            "<tr><td>{name}</td><td>{}</td><td>{right} / {answers}</td><td>{}%</td></tr>",
            questions.len(),
            percent(right, answers)
        );
    }
    let _ = write!(h, "</table>");
}

fn percent(part: u32, whole: u32) -> u32 {
    (f64::from(part) * 100.0 / f64::from(whole.max(1))).round() as u32
}

pub fn html(
    scenario: &Scenario,
    setup: &Setup,
    state: &Progress,
    created_at: &str,
    lang: Lang,
) -> String {
    let mut h = String::new();
    let t = |s: &crate::scenario::Text| esc(s.get(lang));
    let _ = write!(
        h,
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{} — {}</title>\
         <style>/*kkumgil-font*/\
         body,svg text{{font-family:'Kkumgil','Malgun Gothic',sans-serif}}body{{max-width:800px;margin:2em auto;line-height:1.5}}\
         table{{border-collapse:collapse}}td,th{{border:1px solid #999;padding:4px 10px;text-align:left}}\
         .swatch{{display:inline-block;width:1em;height:1em;vertical-align:middle;margin-right:.3em}}@media print{{h2{{page-break-after:avoid}}}}</style></head><body>",
        lang.code(),
        esc(&setup.class_label),
        t(&scenario.title),
    );
    let _ = write!(
        h,
        "<h1>{}</h1><p>{} · {}",
        t(&scenario.title),
        esc(&setup.class_label),
        esc(created_at)
    );
    if !setup.day.is_empty() || !setup.group.is_empty() {
        let _ = write!(h, " · {} {}", esc(&setup.day), esc(&setup.group));
    }
    let _ = write!(h, "</p>");
    let scores = state.scores(setup);
    let ranks = state.ranks(setup);
    let mut order: Vec<usize> = (0..setup.teams.len()).collect();
    order.sort_by_key(|&i| (ranks[i], i));
    let ko = lang == Lang::Ko;
    // A class goal: the class's result comes first, with the stocks it was about.
    if let (Board::TeamGame(game), Game::TeamGame(tg)) = (&state.board, &scenario.game)
        && let Some(goal) = &tg.goal
    {
        let _ = write!(
            h,
            "<h2>{}</h2><p>{}</p>",
            if ko { "반 목표" } else { "Class goal" },
            esc(goal.text.get(lang))
        );
        if let Some(o) = game.outcome {
            let _ = write!(
                h,
                "<p><strong>{}</strong> ({} {}) {}</p>",
                match (o.won, ko) {
                    (true, true) => "우리 반 성공",
                    (true, false) => "The class made it",
                    (false, true) => "목표를 이루지 못했어요",
                    (false, false) => "The class did not make it",
                },
                if ko { "라운드" } else { "after round" },
                o.round,
                esc(if o.won { &goal.won } else { &goal.lost }.get(lang))
            );
        }
        for (i, stock) in tg.stocks.iter().enumerate() {
            let _ = write!(
                h,
                "<p>{}: {}</p>",
                esc(stock.name.get(lang)),
                number(game.stocks[i])
            );
        }
    }
    let _ = write!(
        h,
        "<h2>{}</h2><table><tr><th>#</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        if ko { "결과" } else { "Results" },
        if ko { "팀" } else { "Team" },
        if ko { "점수" } else { "Score" },
        if ko {
            "강사가 준 점수"
        } else {
            "Instructor's points"
        }
    );
    for i in order {
        let team = &setup.teams[i];
        let _ = write!(
            h,
            "<tr><td>{}</td><td><span class=\"swatch\" style=\"background:{}\"></span>{} {}</td><td>{}</td><td>{}</td></tr>",
            ranks[i],
            esc(&team.colour),
            esc(&team.icon),
            esc(&team.name),
            number(scores[i]),
            number(state.awards[i])
        );
    }
    let _ = write!(h, "</table>{}", chart(setup, state, lang));
    if let (Board::TeamGame(game), Game::TeamGame(tg)) = (&state.board, &scenario.game) {
        quiz_results(&mut h, scenario, tg, game, lang);
    }
    let _ = write!(
        h,
        "<h2>{}</h2>",
        if lang == Lang::Ko {
            "돌아보기"
        } else {
            "Debrief"
        }
    );
    let mut concepts: Vec<usize> = scenario.concepts.clone();
    let mut questions = Vec::new();
    match (&state.board, &scenario.game) {
        (Board::RolePlay { runs }, Game::RolePlay(rp)) => {
            for (r, run) in runs.iter().enumerate() {
                let who = if setup.mode == Mode::ClassVote {
                    if lang == Lang::Ko {
                        "우리 반".to_owned()
                    } else {
                        "Our class".to_owned()
                    }
                } else {
                    esc(&setup.teams[r].name)
                };
                let _ = write!(h, "<h3>{who}</h3><ol>");
                for &(s, c) in &run.path {
                    let scene = &rp.scenes[s];
                    let choice = &scene.choices[c];
                    let _ = write!(h, "<li>{} → <b>{}</b>", t(&scene.text), t(&choice.text));
                    if let Some(f) = &choice.feedback {
                        let _ = write!(h, "<br><i>{}</i>", t(f));
                    }
                    let _ = write!(h, "</li>");
                }
                let _ = write!(h, "</ol>");
                if let Some(e) = run.ended() {
                    let ending = &rp.endings[e];
                    let _ = write!(h, "<p><b>{}</b>: {}</p>", t(&ending.title), t(&ending.text));
                    concepts.extend(&ending.concepts);
                    questions.extend(ending.questions.iter());
                }
            }
        }
        (Board::TeamGame(game), Game::TeamGame(tg)) => {
            let _ = write!(h, "<p>{}</p>", t(&tg.debrief.text));
            let _ = write!(
                h,
                "<p>{} {}/{}</p>",
                if lang == Lang::Ko {
                    "라운드"
                } else {
                    "Rounds"
                },
                game.round,
                tg.rounds
            );
            concepts.extend(&tg.debrief.concepts);
            questions.extend(tg.debrief.questions.iter());
        }
        _ => {}
    }
    concepts.sort_unstable();
    concepts.dedup();
    if !concepts.is_empty() {
        let _ = write!(
            h,
            "<h3>{}</h3><dl>",
            if lang == Lang::Ko {
                "개념"
            } else {
                "Concepts"
            }
        );
        for c in concepts.iter().filter_map(|&c| scenario.glossary.get(c)) {
            let _ = write!(
                h,
                "<dt><b>{}</b></dt><dd>{}</dd>",
                t(&c.term),
                t(&c.definition)
            );
        }
        let _ = write!(h, "</dl>");
    }
    if !questions.is_empty() {
        let _ = write!(
            h,
            "<h3>{}</h3><ul>",
            if lang == Lang::Ko {
                "이야기해 봐요"
            } else {
                "Discuss"
            }
        );
        for q in questions {
            let _ = write!(h, "<li>{}</li>", t(q));
        }
        let _ = write!(h, "</ul>");
    }
    let _ = writeln!(h, "</body></html>");
    // The font goes in last: it carries the glyphs of everything above, the chart's too.
    let face = crate::fonts::face_css(&h);
    h.replacen("/*kkumgil-font*/", &face, 1)
}
