//! The report as text for a terminal, in Korean or English.

use super::findings::{card_title, grouped, option_text, pct, policy_about};
use super::*;
use crate::i18n::Msg;
use crate::scenario::Text;

/// The report as text for a terminal, in `lang`: every heading and sentence, and the
/// scenario's own texts (titles, names, options) in that language where the scenario has it.
pub fn render_text(scenario: &Scenario, report: &Report, lang: Lang) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let text = |found: Option<&Text>, stored: &str| text_in(found, stored, lang);
    let (rp, tg) = match &scenario.game {
        Game::RolePlay(rp) => (Some(rp), None),
        Game::TeamGame(tg) => (None, Some(tg)),
    };
    {
        let title = scenario.title.get(lang);
        let id = &scenario.id;
        let (runs, seed, policy) = (report.runs, report.seed, policy_name(report.policy));
        let runs_ko = grouped(runs);
        let about = policy_about(report.policy).ko;
        put(
            &mut out,
            lang,
            tr!(
                "시뮬레이션: {title} ({id}), {runs_ko}판, 씨앗 번호 {seed}, 봇 전략 {policy}({about})",
                "simulate: {title} ({id}), {runs} runs, seed {seed}, policy {policy}"
            ),
        );
    }
    if let Some(r) = &report.role_play {
        put(
            &mut out,
            lang,
            tr!("\n엔딩: 그 엔딩으로 끝난 판 수와 비율", "\nendings"),
        );
        for e in &r.endings {
            let id = pad(&e.id, 24);
            let tone = pad(tone_label(e.tone).get(lang), 6);
            let runs = e.runs;
            let share = pct(e.runs, report.runs);
            let title = text(
                rp.and_then(|rp| rp.endings.iter().find(|x| x.id == e.id))
                    .map(|x| &x.title),
                &e.title,
            );
            put(
                &mut out,
                lang,
                tr!(
                    "  {id} {tone} {runs:>8}판 {share:>6.1}%  {title}",
                    "  {id} {tone} {runs:>8} runs {share:>6.1}%  {title}"
                ),
            );
        }
        let l = &r.length;
        let (mean, median, p90, max) = (l.mean, l.median, l.p90, l.max);
        put(
            &mut out,
            lang,
            tr!(
                "\n한 판에 고른 선택지 수: 평균 {mean:.1}, 중간값 {median}, 90%의 판이 {p90} 이하, 가장 긴 판 {max}",
                "\nchoices per run: mean {mean:.1}, median {median}, 90% ≤ {p90}, longest {max}"
            ),
        );
        put(
            &mut out,
            lang,
            tr!(
                "\n게이지: 최솟값·최댓값에 닿은 판의 비율과 끝날 때의 평균",
                "\nmeters"
            ),
        );
        for m in &r.meters {
            let after = |x: Option<f64>| {
                x.map_or_else(String::new, |s| {
                    tr!(
                        ", 처음 닿기까지 평균 선택지 {s:.1}개",
                        ", first after {s:.1} choices"
                    )
                    .get(lang)
                    .to_owned()
                })
            };
            let id = pad(&m.id, 12);
            let (min, max) = (pct(m.hit_min, report.runs), pct(m.hit_max, report.runs));
            let (min_after, max_after) = (after(m.first_min_after), after(m.first_max_after));
            let end = m.final_mean;
            let name = text(
                rp.and_then(|rp| rp.meters.iter().find(|x| x.id == m.id))
                    .map(|x| &x.name),
                &m.name,
            );
            put(
                &mut out,
                lang,
                tr!(
                    "  {id} 최솟값에 닿은 판 {min:>5.1}%{min_after}; 최댓값에 닿은 판 {max:>5.1}%{max_after}; 끝날 때 평균 {end:.1}  {name}",
                    "  {id} at min in {min:>5.1}% of runs{min_after}; at max in {max:>5.1}%{max_after}; final mean {end:.1}  {name}"
                ),
            );
        }
        put(
            &mut out,
            lang,
            tr!(
                "\n선택지: 그 선택지를 고른 판 수, 그리고 그 판들 가운데 좋은 엔딩(tone: Good)으로 끝난 비율",
                "\nchoices: runs that took it, and how many of those ended well"
            ),
        );
        for c in &r.choices {
            let label = pad(&format!("{}/{}", c.scene, c.choice), 40);
            let (runs, good) = (c.runs, c.good_after * 100.0);
            put(
                &mut out,
                lang,
                tr!(
                    "  {label} {runs:>8}판에서 고름, 그중 좋은 엔딩 {good:>5.0}%",
                    "  {label} {runs:>8} runs {good:>5.0}% good after"
                ),
            );
        }
        if !r.routes.is_empty() {
            put(
                &mut out,
                lang,
                tr!(
                    "\n저절로 갈라지는 장면(branch): 그 길로 간 판 수, 그리고 그 판들 가운데 좋은 엔딩으로 끝난 비율",
                    "\nautomatic branches: runs that went this way, and how many of those ended well"
                ),
            );
            for c in &r.routes {
                let label = pad(
                    &format!("{} → {}", c.scene, route_label(&c.choice, lang)),
                    40,
                );
                let (runs, good) = (c.runs, c.good_after * 100.0);
                put(
                    &mut out,
                    lang,
                    tr!(
                        "  {label} {runs:>8}판이 이 길로 감, 그중 좋은 엔딩 {good:>5.0}%",
                        "  {label} {runs:>8} runs {good:>5.0}% good after"
                    ),
                );
            }
        }
        if !r.outcomes.is_empty() {
            put(
                &mut out,
                lang,
                tr!(
                    "\n무작위 결과(outcomes): 뽑힌 횟수, 그리고 그 선택지의 결과 가운데 차지한 비율",
                    "\nrandom outcomes: times drawn, and the share of their choice"
                ),
            );
            for o in &r.outcomes {
                let weight = match &o.chance {
                    None => {
                        let w = o.weight;
                        tr!("무게 {w:>3}", "weight {w:>3}")
                    }
                    Some(f) => tr!("확률 공식 \"{f}\"", "chance \"{f}\""),
                };
                let weight = weight.get(lang);
                let (scene, choice, n) = (&o.scene, &o.choice, o.outcome);
                let label = tr!("{scene}/{choice} 결과 {n}", "{scene}/{choice} outcome {n}");
                let label = pad(label.get(lang), 40);
                let (drawn, share) = (o.drawn, o.share * 100.0);
                put(
                    &mut out,
                    lang,
                    tr!(
                        "  {label} {weight} {drawn:>8}번 {share:>5.1}%",
                        "  {label} {weight} {drawn:>8} times {share:>5.1}%"
                    ),
                );
            }
        }
    }
    if let Some(t) = &report.team_game {
        let (teams, rounds) = (t.teams, t.rounds);
        put(
            &mut out,
            lang,
            tr!(
                "\n{teams}팀, {rounds}라운드",
                "\n{teams} teams, {rounds} rounds"
            ),
        );
        let s = &t.score;
        let (mean, min, median, p90, max, gini) = (s.mean, s.min, s.median, s.p90, s.max, t.gini);
        put(
            &mut out,
            lang,
            tr!(
                "최종 점수: 평균 {mean:.1}, 최저 {min:.1}, 중간값 {median:.1}, 90%가 {p90:.1} 이하, 최고 {max:.1}; 불평등 지수(지니 계수) 평균 {gini:.3} (0이면 모든 팀의 점수가 같아요)",
                "final score: mean {mean:.1}, min {min:.1}, median {median:.1}, 90% ≤ {p90:.1}, max {max:.1}; mean Gini {gini:.3}"
            ),
        );
        if let Some(g) = &t.goal {
            let won = pct(g.won, report.runs);
            let lost = pct(g.lost, report.runs);
            let by_stock = pct(g.lost_by_stock, report.runs);
            let round = g.mean_round;
            put(
                &mut out,
                lang,
                tr!(
                    "\n반 전체 목표: 도달한 판 {won:.1}%, 못 이룬 판 {lost:.1}%(그중 공동 자원이 바닥나서 {by_stock:.1}%). 결과는 평균 {round:.1}라운드 뒤에 정해졌어요",
                    "\nclass goal: won in {won:.1}% of runs, lost in {lost:.1}% ({by_stock:.1}% because a stock ran out); decided after round {round:.1} on average"
                ),
            );
        }
        for s in &t.stocks {
            let id = pad(&s.id, 12);
            let (end, at_min) = (s.final_mean, pct(s.at_min, report.runs));
            let name = text(
                tg.and_then(|tg| tg.stocks.iter().find(|x| x.id == s.id))
                    .map(|x| &x.name),
                &s.name,
            );
            put(
                &mut out,
                lang,
                tr!(
                    "공동 자원 {id} 끝날 때 평균 {end:>8.1}; 최솟값으로 끝난 판 {at_min:>5.1}%  {name}",
                    "stock {id} final mean {end:>8.1}; at its min in {at_min:>5.1}% of runs  {name}"
                ),
            );
        }
        put(
            &mut out,
            lang,
            tr!(
                "\n팀 순서별(공정함): 평균 점수와 1등을 한 판의 비율(공동 1등은 나눠서 세요)",
                "\nby seat"
            ),
        );
        for (seat, (mean, win)) in t
            .mean_score_by_seat
            .iter()
            .zip(&t.win_rate_by_seat)
            .enumerate()
        {
            let role = tg
                .and_then(|tg| tg.role_of(seat))
                .map_or_else(String::new, |r| format!("  {}", r.name.get(lang)));
            let team = pad(&(seat + 1).to_string(), 3);
            let wins = win * 100.0;
            put(
                &mut out,
                lang,
                tr!(
                    "  팀 {team} 평균 점수 {mean:>8.1}   1등 {wins:>5.1}%{role}",
                    "  team {team} mean score {mean:>8.1}   wins {wins:>5.1}%{role}"
                ),
            );
        }
        if !t.policies.is_empty() {
            put(
                &mut out,
                lang,
                tr!(
                    "\n전략별: 봇이 정하는 방식에 따른 평균 점수와 1등을 한 비율",
                    "\nby strategy"
                ),
            );
            for p in &t.policies {
                let policy = pad(policy_name(p.policy), 8);
                let about = policy_about(p.policy).ko;
                let (seats, mean, wins) = (p.seats, p.mean_score, p.win_rate * 100.0);
                put(
                    &mut out,
                    lang,
                    tr!(
                        "  {policy} {seats:>7}팀  평균 점수 {mean:>8.1}   1등 {wins:>5.1}%  {about}",
                        "  {policy} {seats:>7} teams  mean score {mean:>8.1}   wins {wins:>5.1}%"
                    ),
                );
            }
        }
        if !t.favourites.is_empty() {
            put(
                &mut out,
                lang,
                tr!(
                    "\n가장 많이 고른 선택지별: 다른 선택지보다 그것을 더 많이 고른 팀(동점인 팀은 빼요)과 1등을 한 비율",
                    "\nby favourite option (teams that picked it more than any other)"
                ),
            );
            for f in &t.favourites {
                let label = pad(&format!("{}/{}", f.decision, f.option), 20);
                let (teams, wins) = (f.teams, f.win_rate * 100.0);
                let option = text(option_text(scenario, f), &f.text);
                put(
                    &mut out,
                    lang,
                    tr!(
                        "  {label} {teams:>7}팀   1등 {wins:>5.1}%  {option}",
                        "  {label} {teams:>7} teams   wins {wins:>5.1}%  {option}"
                    ),
                );
            }
        }
        let c = &t.class_totals;
        let (most, least, these) = (c.everyone_max, c.everyone_min, c.this_report);
        put(
            &mut out,
            lang,
            tr!(
                "\n반 전체 점수(모든 팀 점수의 합): 모든 팀이 숫자를 늘 가장 크게 정하면 {most:.1}, 늘 가장 작게 정하면 {least:.1}, 이번 판들에서는 {these:.1}",
                "\nclass total (all teams' scores added): every team at max {most:.1}, every team at min {least:.1}, in these runs {these:.1}"
            ),
        );
        if let Some(d) = &t.dilemma {
            let yes = |b: bool| {
                if b {
                    tr!("예", "yes")
                } else {
                    tr!("아니요", "NO")
                }
            };
            let cooperate = policy_name(d.cooperate);
            let about = policy_about(d.cooperate).ko;
            let together = yes(d.together_pays());
            let together = together.get(lang);
            let tempts = yes(d.defecting_tempts());
            let tempts = tempts.get(lang);
            let (all, none) = (d.all_cooperate, d.none_cooperate);
            let (lone, each, beside) = (d.lone_defector, d.each_cooperating(), d.cooperators);
            put(
                &mut out,
                lang,
                tr!(
                    "사회적 딜레마 (협력 = {cooperate}, {about}):\n  모두 협력하면 반 전체가 더 나아요: {together} (반 전체 점수 {all:.1}, 아무도 협력하지 않으면 {none:.1})\n  혼자 배신(무임승차)한 팀이 이득을 봐요: {tempts} (그 팀 {lone:.1}점, 함께 협력했다면 {each:.1}점, 옆에서 협력한 팀들은 {beside:.1}점)",
                    "social dilemma (cooperating = {cooperate}):\n  the class does better when all cooperate: {together} ({all:.1} vs {none:.1} when none does)\n  a lone defector gains by it: {tempts} ({lone:.1}, against {each:.1} had it cooperated and {beside:.1} for the cooperators beside it)"
                ),
            );
        }
        if !t.quizzes.is_empty() {
            put(
                &mut out,
                lang,
                tr!(
                    "\n퀴즈: 답한 횟수와 맞힌 비율 (봇은 아무렇게나 답해요)",
                    "\nquizzes: answers, and the share right (bots answer at random)"
                ),
            );
            for (i, q) in t.quizzes.iter().enumerate() {
                let round = pad(&q.round.to_string(), 3);
                let (answers, right) = (q.answers, q.correct * 100.0);
                // The report's quizzes are the scenario's, in its order.
                let question = text(
                    tg.and_then(|tg| tg.quizzes.get(i))
                        .filter(|x| x.round == q.round)
                        .map(|x| &x.question),
                    &q.question,
                );
                put(
                    &mut out,
                    lang,
                    tr!(
                        "  라운드 {round} 답 {answers:>8}번, 맞힘 {right:>5.1}%  {question}",
                        "  round {round} {answers:>8} answers {right:>5.1}% right  {question}"
                    ),
                );
            }
        }
        put(&mut out, lang, tr!("\n뽑힌 카드", "\ncards drawn"));
        for c in &t.cards {
            let id = pad(&c.id, 24);
            let drawn = c.drawn;
            let title = text(card_title(scenario, c), &c.title);
            put(
                &mut out,
                lang,
                tr!("  {id} {drawn:>8}번  {title}", "  {id} {drawn:>8}  {title}"),
            );
        }
    }
    put(&mut out, lang, tr!("\n살펴볼 점", "\nwarnings"));
    let warnings = match lang {
        Lang::Ko => &report.warnings_ko,
        Lang::En => &report.warnings,
    };
    if warnings.is_empty() {
        put(&mut out, lang, tr!("  없어요", "  none"));
    }
    for w in warnings {
        let _ = writeln!(out, "  - {w}");
    }
    out
}

/// A scenario text the report names by id, in `lang`; the report's own copy (Korean) when
/// the scenario has no such id.
fn text_in(found: Option<&Text>, stored: &str, lang: Lang) -> String {
    found.map_or(stored, |t| t.get(lang)).to_owned()
}

/// One line of the report, in `lang`.
fn put(out: &mut String, lang: Lang, line: Msg) {
    out.push_str(line.get(lang));
    out.push('\n');
}

/// An ending's tone, as the Korean guide names it (the file's word in English).
fn tone_label(tone: &str) -> Msg {
    match tone {
        "good" => tr!("좋은", "good"),
        "bad" => tr!("나쁜", "bad"),
        "mixed" => tr!("아쉬운", "mixed"),
        other => Msg::same(other),
    }
}

/// A branch's route as the report names it (`route 2`, `otherwise`), in `lang`.
fn route_label(route: &str, lang: Lang) -> String {
    match (lang, route.strip_prefix("route ")) {
        (Lang::Ko, Some(n)) => format!("{n}번째 길"),
        _ => route.to_owned(),
    }
}

/// `s` and spaces up to `width` columns of a terminal, where a Hangul (or other wide) letter
/// takes two: `format!`'s `{:<24}` counts letters, which would put Korean columns out of line.
/// For ASCII it is the same as `{:<width}`.
fn pad(s: &str, width: usize) -> String {
    let used: usize = s.chars().map(columns).sum();
    format!("{s}{}", " ".repeat(width.saturating_sub(used)))
}

/// Columns a letter takes in a terminal: two for Hangul and the other East Asian wide
/// letters, one for the rest.
fn columns(c: char) -> usize {
    match c {
        '\u{1100}'..='\u{115F}'
        | '\u{2E80}'..='\u{303E}'
        | '\u{3041}'..='\u{A4CF}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FF60}'
        | '\u{FFE0}'..='\u{FFE6}' => 2,
        _ => 1,
    }
}

/// One line of `render_text` for a screen with a proportional font, where spaces cannot line
/// columns up: a heading (no indent) or a table row, whose cells are the parts the text
/// separates by two or more spaces.
#[derive(Debug, PartialEq, Eq)]
pub enum Line<'a> {
    Blank,
    Heading(&'a str),
    Row(Vec<&'a str>),
}

/// `render_text`'s output, line by line (see `Line`).
pub fn lines(text: &str) -> Vec<Line<'_>> {
    text.lines()
        .map(|line| {
            if line.trim().is_empty() {
                Line::Blank
            } else if !line.starts_with(' ') {
                Line::Heading(line.trim_end())
            } else {
                // "…; …" joins two figures in one column of text: two cells on a screen.
                Line::Row(
                    line.split("  ")
                        .flat_map(|part| part.split("; "))
                        .map(str::trim)
                        .filter(|cell| !cell.is_empty())
                        .collect(),
                )
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_splits_into_headings_and_rows_of_cells() {
        let text = "엔딩: 판 수\n  closed       나쁜        334판   16.7%  다시 조용해진 4층\n\n  팀 1   평균 점수     37.6; 최고 40\n";
        assert_eq!(
            lines(text),
            vec![
                Line::Heading("엔딩: 판 수"),
                Line::Row(vec![
                    "closed",
                    "나쁜",
                    "334판",
                    "16.7%",
                    "다시 조용해진 4층"
                ]),
                Line::Blank,
                Line::Row(vec!["팀 1", "평균 점수", "37.6", "최고 40"]),
            ]
        );
    }
}
