//! What a report means for the class, in plain words: endings that never happen, meters
//! that end most games, a strategy that always wins.

use super::*;
use crate::i18n::Msg;
use crate::scenario::Text;

/// The findings, each in Korean and English (the report keeps the English in `warnings`,
/// the Korean in `warnings_ko`). Scenario texts in them (an ending's title, a card's) are in
/// the message's language.
pub(super) fn warnings(scenario: &Scenario, report: &Report) -> Vec<Msg> {
    let runs = report.runs;
    let runs_ko = grouped(runs);
    let mut w = Vec::new();
    if let (Some(r), Game::RolePlay(rp)) = (&report.role_play, &scenario.game) {
        for e in &r.endings {
            let id = &e.id;
            let ending = rp.endings.iter().find(|x| x.id == e.id);
            let ko = ending.map_or(e.title.as_str(), |x| x.title.get(Lang::Ko));
            let en = ending.map_or(e.title.as_str(), |x| x.title.get(Lang::En));
            if e.runs == 0 {
                w.push(tr!(
                    "엔딩 '{id}'({ko}): {runs_ko}판 동안 한 번도 나오지 않았어요",
                    "ending '{id}' ({en}) never happened in {runs} runs"
                ));
            } else if (e.runs as f64) < runs as f64 * 0.01 {
                let share = pct(e.runs, runs);
                w.push(tr!(
                    "엔딩 '{id}'({ko}): {share:.1}%의 판에서만 나왔어요",
                    "ending '{id}' ({en}) happened in only {share:.1}% of runs"
                ));
            }
        }
        for s in &r.scenes_never_reached {
            w.push(tr!(
                "장면 '{s}': 이 장면까지 간 판이 하나도 없어요",
                "scene '{s}' was never reached"
            ));
        }
        for c in &r.choices_never_taken {
            w.push(tr!(
                "선택지 '{c}': 고른 판이 하나도 없어요(그 장면에 왔을 때 조건이 한 번도 맞지 않았을 수 있어요)",
                "choice '{c}' was never taken (its condition may never hold when the scene is reached)"
            ));
        }
        if r.stuck > 0 {
            const NAMED: usize = 8;
            let stuck = r.stuck;
            let stuck_ko = grouped(stuck);
            let named: Vec<String> = r
                .looping
                .iter()
                .take(NAMED)
                .map(|s| format!("'{s}'"))
                .collect();
            let more = r.looping.len().saturating_sub(NAMED);
            let names = |and_more: Option<String>| {
                let mut list = named.clone();
                list.extend(and_more);
                list.join(", ")
            };
            let (names_ko, names_en) = (
                names((more > 0).then(|| format!("외 {more}개"))),
                names((more > 0).then(|| format!("and {more} more"))),
            );
            w.push(if named.is_empty() {
                tr!(
                    "{stuck_ko}판이 끝나지 않았어요: 고를 수 있는 선택지가 없는 장면이 있어요",
                    "{stuck} runs did not end: a scene where no choice is available"
                )
            } else {
                tr!(
                    "{stuck_ko}판이 끝나지 않고 이 장면들을 계속 돌았어요: {names_ko}",
                    "{stuck} runs did not end: they went round through the scenes {names_en}"
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
                let (scene, choice) = (&best.scene, &best.choice);
                let (good, others) = (best.good_after * 100.0, others * 100.0);
                w.push(tr!(
                    "선택지 '{scene}/{choice}': 같은 장면의 다른 선택지보다 훨씬 자주 좋은 엔딩으로 이어져요({good:.0}%, 다른 선택지는 많아야 {others:.0}%)",
                    "choice '{scene}/{choice}' leads to a good ending far more often than the others in its scene ({good:.0}% vs at most {others:.0}%)"
                ));
            }
        }
    }
    if let Some(t) = &report.team_game {
        if t.failed > 0 {
            let failed = t.failed;
            let failed_ko = grouped(failed);
            let first = t.first_failure.as_deref().unwrap_or("");
            w.push(match &t.first_failure_at {
                Some((run, error)) => tr!(
                    "{runs_ko}판 중 {failed_ko}판이 공식 오류로 멈췄어요. 처음 멈춘 판(번호 {run}): {error}",
                    "{failed} of {runs} runs stopped on a formula error; first: {first}"
                ),
                None => tr!(
                    "{runs_ko}판 중 {failed_ko}판이 공식 오류로 멈췄어요. 처음: {first}",
                    "{failed} of {runs} runs stopped on a formula error; first: {first}"
                ),
            });
        }
        let fair = 1.0 / t.teams as f64;
        // Roles that start teams unequally (a rich and a poor family) make seats unequal on
        // purpose: the lesson, not a fault.
        let unequal_on_purpose = matches!(&scenario.game, Game::TeamGame(tg)
            if tg.roles.iter().any(|r| !r.start.is_empty()));
        for (seat, rate) in t.win_rate_by_seat.iter().enumerate() {
            if *rate > fair * 1.5 && runs >= 100 && !unequal_on_purpose {
                let (team, wins, share) = (seat + 1, rate * 100.0, fair * 100.0);
                w.push(tr!(
                    "팀 {team}: {wins:.0}%의 판에서 1등을 해요(공정하다면 {share:.0}%): 팀 순서가 결과를 바꿔요",
                    "team {team} wins {wins:.0}% of games (a fair share is {share:.0}%): the seat order matters"
                ));
            }
        }
        // A declared social dilemma is checked for what makes it one; there, a strategy
        // that wins alone is the point, not a fault.
        if let Some(d) = &t.dilemma {
            if !d.together_pays() {
                let (all, none) = (d.all_cooperate, d.none_cooperate);
                w.push(tr!(
                    "모든 팀이 협력해도 반 전체 점수({all:.1})가 아무도 협력하지 않을 때({none:.1})보다 높지 않아요: 아직 사회적 딜레마가 아니에요",
                    "the class does not do better when every team cooperates (class total {all:.1}) than when none does ({none:.1}): this is not a social dilemma yet"
                ));
            }
            if !d.defecting_tempts() {
                let (lone, each) = (d.lone_defector, d.each_cooperating());
                w.push(tr!(
                    "혼자 협력하지 않은 팀의 점수({lone:.1})가 다 같이 협력했을 때({each:.1})보다 높지 않아요: 무임승차할 유혹이 없어서 학생들이 딜레마를 느낄 수 없어요",
                    "a lone team that does not cooperate scores {lone:.1}, no more than it would by cooperating with the rest ({each:.1}): nothing tempts a team to free-ride, so there is no dilemma to feel"
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
            let name = policy_name(best.policy);
            let about = match best.policy {
                Policy::Min | Policy::Max => policy_about(best.policy),
                _ => policy_about(Policy::Random),
            };
            let (about_ko, about_en) = (&about.ko, &about.en);
            let wins = best.win_rate * 100.0;
            w.push(tr!(
                "'{name}' 전략({about_ko})으로 하는 팀이 {wins:.0}%의 판에서 1등을 해요: 이 전략 하나로 게임이 정해져요",
                "teams playing '{name}' ({about_en}) win {wins:.0}% of the time: that strategy dominates"
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
                    let (decision, option) = (&f.decision, &f.option);
                    let text = option_text(scenario, f);
                    let (ko, en) = (
                        text.map_or(f.text.as_str(), |x| x.get(Lang::Ko)),
                        text.map_or(f.text.as_str(), |x| x.get(Lang::En)),
                    );
                    let wins = f.win_rate * 100.0;
                    w.push(tr!(
                        "주로 고른 선택지가 '{decision}/{option}'({ko})인 팀이 {wins:.0}%의 판에서 1등을 해요: 이 선택지 하나로 게임이 정해져요",
                        "teams that mostly pick '{decision}/{option}' ({en}) win {wins:.0}% of the time: that option dominates"
                    ));
                }
            }
        }
        // A class goal that bots (who do not talk to each other) always or never reach
        // teaches little: the class needs to see that cooperating changes the result.
        if let Some(g) = &t.goal
            && runs >= 100
        {
            let share = ratio(g.won, runs);
            let won = share * 100.0;
            if share > 0.95 {
                w.push(tr!(
                    "서로 상의하지 않는 봇들도 {won:.0}%의 판에서 반 전체 목표에 도달해요: 목표가 너무 쉬울 수 있어요",
                    "the class reaches its goal in {won:.0}% of runs even with bots that never agree on anything: the goal may be too easy"
                ));
            } else if share < 0.02 {
                w.push(tr!(
                    "반 전체 목표에 도달한 판이 {won:.1}%뿐이에요: 협력하는 팀들이 도달할 수 있는지 확인해 보세요(--policy min으로 해 보세요)",
                    "the class reaches its goal in only {won:.1}% of runs: check that cooperating teams can reach it (try --policy min)"
                ));
            }
        }
        for c in &t.cards {
            if c.drawn == 0 && runs >= 100 {
                let id = &c.id;
                let card = card_title(scenario, c);
                let (ko, en) = (
                    card.map_or(c.title.as_str(), |x| x.get(Lang::Ko)),
                    card.map_or(c.title.as_str(), |x| x.get(Lang::En)),
                );
                w.push(tr!(
                    "카드 '{id}'({ko}): 한 번도 뽑히지 않았어요",
                    "card '{id}' ({en}) was never drawn"
                ));
            }
        }
    }
    w
}

/// The scenario's text of a favourite option (the report keeps only its Korean).
pub(super) fn option_text<'a>(scenario: &'a Scenario, f: &FavouriteStat) -> Option<&'a Text> {
    let Game::TeamGame(tg) = &scenario.game else {
        return None;
    };
    let decision = tg.decisions.iter().find(|d| d.id == f.decision)?;
    let DecisionKind::Pick(options) = &decision.kind else {
        return None;
    };
    options.iter().find(|o| o.id == f.option).map(|o| &o.text)
}

/// The scenario's title of a card (the report keeps only its Korean).
pub(super) fn card_title<'a>(scenario: &'a Scenario, c: &CardStat) -> Option<&'a Text> {
    match &scenario.game {
        Game::TeamGame(tg) => tg.deck.iter().find(|x| x.id == c.id).map(|x| &x.title),
        Game::RolePlay(_) => None,
    }
}

/// What a bot playing `p` does, for a teacher.
pub(super) fn policy_about(p: Policy) -> Msg {
    match p {
        Policy::Random => tr!("무엇이든 무작위로 정하기", "decisions at random"),
        Policy::Greedy => tr!(
            "지금 게이지와 점수를 가장 많이 올리는 선택지 고르기",
            "the choice that raises the meters and score most right now"
        ),
        Policy::Max => tr!(
            "숫자 결정은 모두 가장 크게 정하기",
            "every number decision at its maximum"
        ),
        Policy::Min => tr!(
            "숫자 결정은 모두 가장 작게 정하기",
            "every number decision at its minimum"
        ),
        Policy::Mixed => tr!(
            "판마다 팀마다 random, max, min 중 하나로 하기",
            "each team random, max or min, drawn per run"
        ),
    }
}

/// A count with thousands grouped, as Korean texts write it ("10,000판").
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
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
