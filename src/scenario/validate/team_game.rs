//! Validating a team game: params, stats, decisions, the names formulas may read where they
//! are, shared values, updates, the score, cards and quizzes.

use super::*;
use crate::i18n::Msg;

/// Reports a stat's or stock's `min` above its `max`, or a `start` outside them.
fn bounds_hold(
    c: &mut Checker,
    p: &str,
    what: &str,
    id: &str,
    start: f64,
    min: Option<f64>,
    max: Option<f64>,
) {
    let (what_ko, what_en) = (noun_ko(what), what);
    if let (Some(min), Some(max)) = (min, max)
        && min > max
    {
        c.report(
            &format!("{p}.min"),
            Diagnostic::new(
                Code::StatBounds,
                tr!(
                    "{what_ko} '{id}'의 `min`({min})이 `max`({max})보다 커요",
                    "{what_en} '{id}' has min {min} above max {max}"
                ),
            )
            .hint(tr!(
                "두 값을 서로 바꾸거나, 잘못 쓴 숫자를 고쳐 주세요",
                "swap them, or fix the typo"
            )),
        );
    } else if min.is_some_and(|m| start < m) || max.is_some_and(|m| start > m) {
        let range = match (min, max) {
            (Some(min), Some(max)) => tr!("{min}~{max} 사이", "{min}..{max}"),
            (Some(min), None) => tr!("{min} 이상", "at least {min}"),
            (None, Some(max)) => tr!("{max} 이하", "at most {max}"),
            (None, None) => Msg::default(),
        };
        let (range_ko, range_en) = (&range.ko, &range.en);
        c.report(
            &format!("{p}.start"),
            Diagnostic::new(
                Code::StatBounds,
                tr!(
                    "{what_ko} '{id}'의 `start`({start})가 {range_ko}의 값이 아니에요",
                    "{what_en} '{id}' starts at {start}, but must be {range_en}"
                ),
            )
            .label(tr!("범위 밖", "out of bounds"))
            .hint(tr!(
                "`start`를 {range_ko}의 값으로 정해 주세요",
                "choose a start that is {range_en}"
            )),
        );
    }
}

pub(super) fn team_game(
    c: &mut Checker,
    tg: &RawTeamGame,
    concept_refs: &mut ConceptRefs,
) -> Option<TeamGame> {
    let base = "game";
    c.count(
        || format!("{base}.stats"),
        "stats",
        tg.stats.len(),
        limits::STATS,
    );
    c.count(
        || format!("{base}.decisions"),
        "decisions",
        tg.decisions.len(),
        limits::DECISIONS,
    );
    c.count(
        || format!("{base}.deck"),
        "cards",
        tg.deck.len(),
        limits::CARDS,
    );
    c.count(
        || format!("{base}.quizzes"),
        "quizzes",
        tg.quizzes.len(),
        limits::QUIZZES,
    );
    c.count(
        || format!("{base}.params"),
        "params",
        tg.params.len(),
        limits::PARAMS,
    );
    c.count(
        || format!("{base}.shared"),
        "shared values",
        tg.shared.len(),
        limits::PARAMS,
    );
    let (min_teams, max_teams) = tg.teams.unwrap_or((2, 8));
    if min_teams < 2 || max_teams > 8 || min_teams > max_teams {
        c.report(
            &format!("{base}.teams"),
            Diagnostic::new(
                Code::Teams,
                tr!(
                    "teams ({min_teams}, {max_teams}): 팀 수가 2~8 안의 범위가 아니에요",
                    "teams ({min_teams}, {max_teams}) is not a range within 2..8"
                ),
            )
            .hint(tr!(
                "가장 적은 팀 수와 가장 많은 팀 수를 (2, 8)이나 (4, 6)처럼 써 주세요",
                "write the fewest and most teams, like (2, 8) or (4, 6)"
            )),
        );
    }
    if tg.rounds == 0 || tg.rounds > limits::ROUNDS {
        c.report(
            &format!("{base}.rounds"),
            Diagnostic::new(
                Code::Rounds,
                tr!(
                    "라운드가 {}개면 게임을 할 수 없어요",
                    "{} rounds is not playable",
                    tg.rounds
                ),
            )
            .hint(tr!(
                "라운드는 1~{}개로 정해 주세요. 수업 한 번에는 4~8라운드가 알맞아요",
                "use 1..{} rounds; 4–8 fit a lesson",
                limits::ROUNDS
            )),
        );
    }

    // Every name formulas can read shares one namespace, so report clashes across kinds.
    let mut taken = HashMap::new();
    for (name, what) in [
        ("teams", "the number of teams"),
        ("round", "the round number"),
    ] {
        taken.insert(name, (what, 0));
    }
    let param_map = ids(
        c,
        &tg.params,
        |p| &p.id,
        |i| format!("{base}.params[{i}].id"),
        "param",
        &mut taken,
    );
    let stat_map = ids(
        c,
        &tg.stats,
        |s| &s.id,
        |i| format!("{base}.stats[{i}].id"),
        "stat",
        &mut taken,
    );
    let _ = ids(
        c,
        &tg.decisions,
        |d| &d.id,
        |i| format!("{base}.decisions[{i}].id"),
        "decision",
        &mut taken,
    );
    let _ = ids(
        c,
        &tg.shared,
        |s| &s.id,
        |i| format!("{base}.shared[{i}].id"),
        "shared value",
        &mut taken,
    );
    let _ = ids(
        c,
        &tg.stocks,
        |s| &s.id,
        |i| format!("{base}.stocks[{i}].id"),
        "stock",
        &mut taken,
    );
    c.count(
        || format!("{base}.stocks"),
        "stocks",
        tg.stocks.len(),
        limits::STATS,
    );
    let mut cards_taken = HashMap::new();
    let _ = ids(
        c,
        &tg.deck,
        |k| &k.id,
        |i| format!("{base}.deck[{i}].id"),
        "card",
        &mut cards_taken,
    );
    for (i, p) in tg.params.iter().enumerate() {
        c.formula_id(|| format!("{base}.params[{i}].id"), &p.id);
    }
    for (i, s) in tg.stats.iter().enumerate() {
        c.formula_id(|| format!("{base}.stats[{i}].id"), &s.id);
    }
    for (i, d) in tg.decisions.iter().enumerate() {
        c.formula_id(|| format!("{base}.decisions[{i}].id"), &d.id);
    }
    for (i, s) in tg.shared.iter().enumerate() {
        c.formula_id(|| format!("{base}.shared[{i}].id"), &s.id);
    }
    for (i, s) in tg.stocks.iter().enumerate() {
        c.formula_id(|| format!("{base}.stocks[{i}].id"), &s.id);
    }

    // Roles: what each team is in the story. `role_<id>` is 1 for a team with that role,
    // `count_role_<id>` the number of teams that have it.
    let mut roles_taken = HashMap::new();
    let _ = ids(
        c,
        &tg.roles,
        |r| &r.id,
        |i| format!("{base}.roles[{i}].id"),
        "role",
        &mut roles_taken,
    );
    c.count(
        || format!("{base}.roles"),
        "roles",
        tg.roles.len(),
        limits::TEAM_ROLES,
    );
    for (i, r) in tg.roles.iter().enumerate() {
        c.formula_id(|| format!("{base}.roles[{i}].id"), &r.id);
        for name in [format!("role_{}", r.id), format!("count_role_{}", r.id)] {
            if let Some((kind, _)) = taken.get(name.as_str()) {
                let kind_k = noun_ko(kind);
                c.report(
                    &format!("{base}.roles[{i}].id"),
                    Diagnostic::new(
                        Code::DuplicateId,
                        tr!(
                            "역할 '{}'에서 생기는 공식 이름 '{name}'의 뜻이 둘이에요. id가 같은 {kind_k}도 있어요",
                            "role '{}' makes the formula name '{name}', which is also a {kind}'s id",
                            r.id
                        ),
                    )
                    .label(tr!("뜻이 둘", "two meanings"))
                    .hint(tr!(
                        "'{name}'의 뜻이 하나가 되도록 {kind_k}의 id나 역할의 id를 바꿔 주세요",
                        "rename the {kind} or the role so that '{name}' means one thing"
                    )),
                );
            }
        }
    }
    let mut roles = Vec::new();
    for (i, r) in tg.roles.iter().enumerate() {
        let p = format!("{base}.roles[{i}]");
        let mut start = Vec::new();
        for (k, (id, value)) in r.start.iter().enumerate() {
            let Some(stat) = resolve(c, &stat_map, id, || format!("{p}.start[{k}]"), "stat") else {
                continue;
            };
            let s = &tg.stats[stat];
            if s.min.is_some_and(|m| *value < m) || s.max.is_some_and(|m| *value > m) {
                c.report(
                    &format!("{p}.start[{k}]"),
                    Diagnostic::new(
                        Code::StatBounds,
                        tr!(
                            "역할 '{}'의 스탯 '{id}' 시작 값({value})이 그 스탯의 min과 max 밖에 있어요",
                            "role '{}' starts stat '{id}' at {value}, outside its min and max",
                            r.id
                        ),
                    )
                    .label(tr!("범위 밖", "out of bounds"))
                    .hint(tr!(
                        "스탯의 min과 max 사이에서 시작 값을 정해 주세요",
                        "choose a start within the stat's min and max"
                    )),
                );
            }
            start.push((stat, *value));
        }
        roles.push(TeamRole {
            id: r.id.clone(),
            name: c.text(|| format!("{p}.name"), &r.name),
            description: r
                .description
                .as_ref()
                .map(|t| c.text(|| format!("{p}.description"), t)),
            start,
        });
    }

    let global = Scope {
        names: ["teams", "round"]
            .into_iter()
            .map(str::to_owned)
            .chain(tg.params.iter().map(|p| p.id.clone()))
            .chain(tg.stocks.iter().map(|s| s.id.clone()))
            .chain(tg.roles.iter().map(|r| format!("count_role_{}", r.id)))
            .collect(),
    };
    let stat_names: Vec<String> = tg.stats.iter().map(|s| s.id.clone()).collect();
    let team_scope = global
        .with(stat_names.clone())
        .with(tg.roles.iter().map(|r| format!("role_{}", r.id)));

    let params = tg
        .params
        .iter()
        .enumerate()
        .map(|(i, p)| Param {
            id: p.id.clone(),
            value: p.value,
            name: p
                .name
                .as_ref()
                .map(|t| c.text(|| format!("{base}.params[{i}].name"), t)),
        })
        .collect();

    let mut stats = Vec::new();
    for (i, s) in tg.stats.iter().enumerate() {
        let p = format!("{base}.stats[{i}]");
        bounds_hold(c, &p, "stat", &s.id, s.start, s.min, s.max);
        stats.push(Stat {
            id: s.id.clone(),
            name: c.text(|| format!("{p}.name"), &s.name),
            start: s.start,
            min: s.min,
            max: s.max,
        });
    }

    // What each decision puts in scope: for a team's own formulas, and aggregated for shared ones.
    let mut decisions = Vec::new();
    let mut own_names = Vec::new();
    let mut aggregate_names = Vec::new();
    // (decision index, a formula name it makes other than its own id)
    let mut derived: Vec<(usize, String)> = Vec::new();
    for (i, d) in tg.decisions.iter().enumerate() {
        let (own_start, aggregate_start) = (own_names.len(), aggregate_names.len());
        let p = format!("{base}.decisions[{i}]");
        let prompt = c.text(|| format!("{p}.prompt"), &d.prompt);
        let options = |c: &mut Checker, list: &[RawOption], path: &str| -> Vec<Choosable> {
            if list.len() < 2 {
                c.report(
                    path,
                    Diagnostic::new(
                        Code::TooFewOptions,
                        tr!(
                            "결정 '{}'에 선택지가 {}개 있어요. 고르려면 선택지가 두 개 이상 있어야 해요",
                            "decision '{}' has {} option(s); a choice needs at least two",
                            d.id,
                            list.len()
                        ),
                    )
                    .hint(tr!("선택지를 더 넣어 주세요", "add options")),
                );
            }
            c.count(path, "options", list.len(), limits::OPTIONS);
            let mut taken = HashMap::new();
            let _ = ids(
                c,
                list,
                |o| &o.id,
                |k| format!("{path}[{k}].id"),
                "option",
                &mut taken,
            );
            list.iter()
                .enumerate()
                .map(|(k, o)| {
                    c.formula_id(|| format!("{path}[{k}].id"), &o.id);
                    Choosable {
                        id: o.id.clone(),
                        text: c.text(|| format!("{path}[{k}].text"), &o.text),
                    }
                })
                .collect()
        };
        let kind = match &d.kind {
            RawDecisionKind::Pick(list) => {
                let opts = options(c, list, &format!("{p}.kind[0]"));
                own_names.push(d.id.clone());
                for o in &opts {
                    own_names.push(format!("{}_{}", d.id, o.id));
                    aggregate_names.push(format!("count_{}_{}", d.id, o.id));
                }
                Some(DecisionKind::Pick(opts))
            }
            RawDecisionKind::Split(RawSplit { tokens, categories }) => {
                let cats = options(c, categories, &format!("{p}.kind.categories"));
                let tokens = team_scope.formula(c, tokens, &format!("{p}.kind.tokens"));
                for o in &cats {
                    let name = format!("{}_{}", d.id, o.id);
                    aggregate_names
                        .extend(["total", "mean", "min", "max"].map(|a| format!("{a}_{name}")));
                    own_names.push(name);
                }
                tokens.map(|tokens| DecisionKind::Split {
                    tokens,
                    categories: cats,
                })
            }
            RawDecisionKind::Allocate(RawAllocate { tokens, criteria }) => {
                let crit = if criteria.is_empty() {
                    Vec::new()
                } else {
                    let list = format!("{p}.kind.criteria");
                    c.count(|| list.clone(), "criteria", criteria.len(), limits::OPTIONS);
                    let mut taken = HashMap::new();
                    let _ = ids(
                        c,
                        criteria,
                        |o| &o.id,
                        |k| format!("{list}[{k}].id"),
                        "criterion",
                        &mut taken,
                    );
                    criteria
                        .iter()
                        .enumerate()
                        .map(|(k, o)| {
                            c.formula_id(|| format!("{list}[{k}].id"), &o.id);
                            Choosable {
                                id: o.id.clone(),
                                text: c.text(|| format!("{list}[{k}].text"), &o.text),
                            }
                        })
                        .collect()
                };
                let tokens = team_scope.formula(c, tokens, &format!("{p}.kind.tokens"));
                own_names.push(format!("received_{}", d.id));
                for o in &crit {
                    own_names.push(format!("received_{}_{}", d.id, o.id));
                }
                aggregate_names.extend(
                    ["total", "mean", "min", "max"].map(|a| format!("{a}_received_{}", d.id)),
                );
                tokens.map(|tokens| DecisionKind::Allocate {
                    tokens,
                    criteria: crit,
                })
            }
            RawDecisionKind::Number(RawNumber { min, max }) => {
                let min = team_scope.formula(c, min, &format!("{p}.kind.min"));
                let max = team_scope.formula(c, max, &format!("{p}.kind.max"));
                own_names.push(d.id.clone());
                aggregate_names
                    .extend(["total", "mean", "min", "max"].map(|a| format!("{a}_{}", d.id)));
                min.zip(max)
                    .map(|(min, max)| DecisionKind::Number { min, max })
            }
        };
        derived.extend(
            own_names[own_start..]
                .iter()
                .chain(&aggregate_names[aggregate_start..])
                .filter(|n| **n != d.id)
                .map(|n| (i, n.clone())),
        );
        if let Some(kind) = kind {
            decisions.push(Decision {
                id: d.id.clone(),
                prompt,
                kind,
                public: d.public,
            });
        }
    }
    for s in &tg.stats {
        aggregate_names.extend(["total", "mean", "min", "max"].map(|a| format!("{a}_{}", s.id)));
    }
    // Names made from decisions must not shadow a declared id (`goods_local` from Pick
    // `goods` with option `local`, and a stat `goods_local`): a formula could not tell them apart.
    let declared: HashMap<&str, &str> = tg
        .params
        .iter()
        .map(|x| (x.id.as_str(), "param"))
        .chain(tg.stats.iter().map(|x| (x.id.as_str(), "stat")))
        .chain(tg.shared.iter().map(|x| (x.id.as_str(), "shared value")))
        .collect();
    let mut reported = HashSet::new();
    for (i, name) in &derived {
        if let Some(kind) = declared.get(name.as_str())
            && reported.insert(*i)
        {
            let id = &tg.decisions[*i].id;
            let kind_k = noun_ko(kind);
            c.report(
                &format!("{base}.decisions[{i}].id"),
                Diagnostic::new(
                    Code::DuplicateId,
                    tr!(
                        "결정 '{id}'에서 생기는 공식 이름 '{name}'의 뜻이 둘이에요. id가 같은 {kind_k}도 있어요",
                        "decision '{id}' makes the formula name '{name}', which is also a {kind}'s id"
                    ),
                )
                .label(tr!("뜻이 둘", "two meanings"))
                .hint(tr!(
                    "'{name}'의 뜻이 하나가 되도록 {kind_k}의 id나 결정의 id를 바꿔 주세요",
                    "rename the {kind} or the decision so that '{name}' means one thing"
                )),
            );
        }
    }

    // Stocks, once a round before the shared values: each reads every stock's value before
    // the round (the ones before it already changed), the round's totals and the params.
    let stock_scope = global.with(aggregate_names.clone());
    // A team's part of a stock reads what `update` reads except the shared values, which
    // come after the stocks.
    let each_team_scope = team_scope
        .with(own_names.clone())
        .with(aggregate_names.clone());
    let mut stocks = Vec::new();
    for (i, st) in tg.stocks.iter().enumerate() {
        let p = format!("{base}.stocks[{i}]");
        let name = c.text(|| format!("{p}.name"), &st.name);
        bounds_hold(c, &p, "stock", &st.id, st.start, st.min, st.max);
        let lose_at_min = matches!(st.at_min, Some(RawStockLimit::Lose));
        if lose_at_min && st.min.is_none() {
            c.report(
                &format!("{p}.at_min"),
                Diagnostic::new(
                    Code::Stock,
                    tr!(
                        "쌓이는 값 '{}'의 min에서 게임이 끝나야 하는데, `min`이 없어요",
                        "stock '{}' ends the game at its min, but has no `min`",
                        st.id
                    ),
                )
                .label(tr!("min 없음", "no min to reach"))
                .hint(tr!(
                    "`min: 0`(또는 반이 지는 값)을 넣어 주세요",
                    "add `min: 0` (or the value at which the class loses)"
                )),
            );
        }
        if lose_at_min && tg.goal.is_none() {
            c.report(
                &format!("{p}.at_min"),
                Diagnostic::new(
                    Code::Stock,
                    tr!(
                        "쌓이는 값 '{}' 때문에 반이 질 수 있는데, 게임에 반 전체 목표(`goal`)가 없어요",
                        "stock '{}' makes the class lose, but the game has no class `goal`",
                        st.id
                    ),
                )
                .label(tr!("목표가 없어요", "lose what?"))
                .hint(tr!(
                    "반이 함께 이루려는 목표를 `goal: (text: …, win: \"…\", won: …, lost: …)`로 써 주세요",
                    "add `goal: (text: …, win: \"…\", won: …, lost: …)` saying what the class tries to do together"
                )),
            );
        }
        let each_team = st
            .each_team
            .as_ref()
            .map(|f| each_team_scope.formula(c, f, &format!("{p}.each_team")));
        if let Some(update) = stock_scope.formula(c, &st.update, &format!("{p}.update"))
            && let Some(each_team) = each_team.map_or(Some(None), |f| f.map(Some))
        {
            stocks.push(Stock {
                id: st.id.clone(),
                name,
                start: st.start,
                min: st.min,
                max: st.max,
                update,
                each_team,
                lose_at_min,
            });
        }
    }

    // Shared values, in order: each may read the ones before it.
    let mut shared_scope = global.with(aggregate_names.clone());
    let mut shared = Vec::new();
    for (i, s) in tg.shared.iter().enumerate() {
        let p = format!("{base}.shared[{i}]");
        let name = s.name.as_ref().map(|t| c.text(|| format!("{p}.name"), t));
        if let Some(formula) = shared_scope.formula(c, &s.formula, &format!("{p}.formula")) {
            shared.push(Shared {
                id: s.id.clone(),
                name,
                formula,
            });
        }
        shared_scope.names.push(s.id.clone());
    }
    let update_scope = team_scope
        .with(own_names)
        .with(aggregate_names)
        .with(tg.shared.iter().map(|s| s.id.clone()));
    let updates = |c: &mut Checker, list: &[RawUpdate], path: &str| -> Vec<Update> {
        list.iter()
            .enumerate()
            .filter_map(|(k, u)| {
                let stat = resolve(
                    c,
                    &stat_map,
                    &u.stat,
                    || format!("{path}[{k}].stat"),
                    "stat",
                );
                let formula = update_scope.formula(c, &u.formula, &format!("{path}[{k}].formula"));
                Some(Update {
                    stat: stat?,
                    formula: formula?,
                })
            })
            .collect()
    };
    let update = updates(c, &tg.update, &format!("{base}.update"));
    let score = team_scope.formula(c, &tg.score, &format!("{base}.score"));

    let cards_per_round = tg
        .cards_per_round
        .unwrap_or(if tg.deck.is_empty() { 0 } else { 1 });
    if cards_per_round > 0 && tg.deck.is_empty() {
        c.report(
            &format!("{base}.cards_per_round"),
            Diagnostic::new(
                Code::EmptyDeck,
                tr!(
                    "라운드마다 사건 카드를 {cards_per_round}장 뽑는데, 덱이 비어 있어요",
                    "{cards_per_round} card(s) are drawn each round, but the deck is empty"
                ),
            )
            .hint(tr!(
                "`deck`에 카드를 넣거나, cards_per_round: 0으로 해 주세요",
                "add cards to `deck`, or set cards_per_round: 0"
            )),
        );
    }
    if !tg.deck.is_empty() && tg.deck.iter().all(|k| k.weight == 0) {
        c.report(
            &format!("{base}.deck"),
            Diagnostic::new(
                Code::ZeroWeights,
                tr!(
                    "모든 카드의 무게(weight)가 0이라서 어떤 카드도 뽑을 수 없어요",
                    "every card has weight 0, so none can be drawn"
                ),
            )
            .hint(tr!(
                "카드마다 2(자주 나와요)나 1(드물게 나와요) 같은 무게를 주세요",
                "give cards weights like 2 (common) and 1 (rare)"
            )),
        );
    }
    let mut deck = Vec::new();
    for (i, k) in tg.deck.iter().enumerate() {
        let p = format!("{base}.deck[{i}]");
        let title = c.text(|| format!("{p}.title"), &k.title);
        let text = c.text(|| format!("{p}.text"), &k.text);
        let params = k
            .params
            .iter()
            .enumerate()
            .filter_map(|(j, (id, v))| {
                resolve(c, &param_map, id, || format!("{p}.params[{j}][0]"), "param")
                    .map(|at| (at, *v))
            })
            .collect();
        let effects = updates(c, &k.effects, &format!("{p}.effects"));
        let concept = k.concept.as_ref().and_then(|id| {
            concept_refs(c, std::slice::from_ref(id), &format!("{p}.concept"))
                .first()
                .copied()
        });
        let image = c.image(|| format!("{p}.image"), &k.image);
        deck.push(Card {
            id: k.id.clone(),
            weight: k.weight,
            title,
            text,
            params,
            effects,
            concept,
            image,
        });
    }

    let mut quizzes = Vec::new();
    for (i, q) in tg.quizzes.iter().enumerate() {
        let p = format!("{base}.quizzes[{i}]");
        if tg.rounds > 0 && (q.round == 0 || q.round > tg.rounds) {
            c.report(
                &format!("{p}.round"),
                Diagnostic::new(
                    Code::Rounds,
                    tr!(
                        "{}라운드는 없어요. 이 게임은 {}라운드까지 있어요",
                        "round {} does not exist; the game has {} rounds",
                        q.round,
                        tg.rounds
                    ),
                )
                .hint(tr!(
                    "1부터 {}까지의 라운드를 써 주세요",
                    "use a round from 1 to {}",
                    tg.rounds
                )),
            );
        }
        if q.options.len() < 2 {
            c.report(
                &format!("{p}.options"),
                Diagnostic::new(
                    Code::TooFewOptions,
                    tr!(
                        "퀴즈에는 보기가 두 개 이상 있어야 해요",
                        "a quiz needs at least two options"
                    ),
                )
                .hint(tr!(
                    "틀린 답도 보기로 넣어 주세요",
                    "add the wrong answers too"
                )),
            );
        }
        c.count(
            || format!("{p}.options"),
            "options",
            q.options.len(),
            limits::OPTIONS,
        );
        if q.answer == 0 || q.answer as usize > q.options.len() {
            c.report(
                &format!("{p}.answer"),
                Diagnostic::new(
                    Code::QuizAnswer,
                    tr!(
                        "정답 {}번은 보기 {}개 중에 없어요",
                        "answer {} is not one of the {} options",
                        q.answer,
                        q.options.len()
                    ),
                )
                .label(tr!("없는 보기", "no such option"))
                .hint(tr!(
                    "정답은 1부터 세어요. 첫 번째 보기가 1이에요",
                    "answers count from 1: the first option is 1"
                )),
            );
        }
        let concept = q.concept.as_ref().and_then(|id| {
            concept_refs(c, std::slice::from_ref(id), &format!("{p}.concept"))
                .first()
                .copied()
        });
        quizzes.push(Quiz {
            round: q.round,
            question: c.text(|| format!("{p}.question"), &q.question),
            options: q
                .options
                .iter()
                .enumerate()
                .map(|(k, o)| c.text(|| format!("{p}.options[{k}]"), o))
                .collect(),
            answer: (q.answer as usize).saturating_sub(1),
            explanation: c.text(|| format!("{p}.explanation"), &q.explanation),
            concept,
            points: q.points,
        });
    }

    let debrief = Debrief {
        text: c.text(|| format!("{base}.debrief.text"), &tg.debrief.text),
        concepts: concept_refs(c, &tg.debrief.concepts, &format!("{base}.debrief.concepts")),
        questions: tg
            .debrief
            .questions
            .iter()
            .enumerate()
            .map(|(k, q)| c.text(|| format!("{base}.debrief.questions[{k}]"), q))
            .collect(),
    };

    // The class goal reads what the reveal shows: params, stocks, totals and shared values.
    let goal = tg.goal.as_ref().and_then(|g| {
        let p = format!("{base}.goal");
        let scope = shared_scope.with(std::iter::empty());
        let text = c.text(|| format!("{p}.text"), &g.text);
        let won = c.text(|| format!("{p}.won"), &g.won);
        let lost = c.text(|| format!("{p}.lost"), &g.lost);
        let win = scope.formula(c, &g.win, &format!("{p}.win"));
        let lose = match &g.lose {
            Some(f) => Some(scope.formula(c, f, &format!("{p}.lose"))?),
            None => None,
        };
        Some(Goal {
            text,
            win: win?,
            lose,
            won,
            lost,
            show_scores: !matches!(g.scores, Some(RawShowScores::Hide)),
        })
    });

    c.count(
        || format!("{base}.steps"),
        "steps",
        tg.steps.len(),
        limits::STEPS,
    );
    let mut steps = Vec::new();
    // In the order they come: by round, then as written.
    let mut order: Vec<usize> = (0..tg.steps.len()).collect();
    order.sort_by_key(|&i| tg.steps[i].after_round);
    for i in order {
        let st = &tg.steps[i];
        let p = format!("{base}.steps[{i}]");
        if st.after_round > tg.rounds {
            c.report(
                &format!("{p}.after_round"),
                Diagnostic::new(
                    Code::Rounds,
                    tr!(
                        "{}라운드가 없어서 그 뒤에 할 수 없어요. 이 게임은 {}라운드까지 있어요",
                        "there is no round {} to follow; the game has {} rounds",
                        st.after_round,
                        tg.rounds
                    ),
                )
                .hint(tr!(
                    "0(1라운드 전)부터 {}까지 써 주세요",
                    "use 0 (before the first round) to {}",
                    tg.rounds
                )),
            );
        }
        if st.minutes == 0 || st.minutes > limits::STEP_MINUTES {
            c.report(
                &format!("{p}.minutes"),
                Diagnostic::new(
                    Code::Limit,
                    tr!(
                        "{}분짜리 활동은 수업에 맞지 않아요",
                        "a step of {} minutes does not fit a lesson",
                        st.minutes
                    ),
                )
                .hint(tr!(
                    "1분부터 {}분까지로 정해 주세요(마을 회의라면 2~5분)",
                    "give 1 to {} minutes (a village meeting: 2–5)",
                    limits::STEP_MINUTES
                )),
            );
        }
        steps.push(Step {
            after_round: st.after_round,
            kind: match st.kind {
                RawStepKind::Discussion => StepKind::Discussion,
                RawStepKind::Pitch => StepKind::Pitch,
            },
            prompt: c.text(|| format!("{p}.prompt"), &st.prompt),
            minutes: st.minutes,
        });
    }

    let mut model = TeamGame {
        min_teams,
        max_teams,
        rounds: tg.rounds,
        params,
        stats,
        decisions,
        shared,
        update,
        score: score?,
        deck,
        cards_per_round,
        quizzes,
        debrief,
        stocks,
        goal,
        practice: tg.practice,
        steps,
        dilemma: tg.lesson.map(|RawLesson::Dilemma(c)| match c {
            RawCooperate::Most => Cooperate::Most,
            RawCooperate::Least => Cooperate::Least,
        }),
        roles,
        slots: Default::default(),
    };
    model.slots = crate::scenario::lookup::FormulaSlots::new(&model);
    if !c.has_errors() {
        first_round(c, &model, base);
    }
    Some(model)
}

/// Plays the start of the first round with the fewest and the most teams, and reports each
/// decision no team could make: its bounds fail (a division by zero), cross, or are larger than
/// a class can play (a split of 10⁹ tokens). Later rounds depend on play; `simulate` finds those.
fn first_round(c: &mut Checker, tg: &TeamGame, base: &str) {
    use crate::engine::team_game::{Command, Game, RuleError};
    let mut reported = HashSet::new();
    for teams in [tg.min_teams as usize, tg.max_teams as usize] {
        let mut game = Game::new(tg, teams, 0);
        // Cards drawn now may change params; with no deck nothing random happens.
        if game
            .apply(tg, &Command::BeginRound, &mut Vec::new())
            .is_err()
        {
            return;
        }
        for (d, decision) in tg.decisions.iter().enumerate() {
            let field = match decision.kind {
                DecisionKind::Split { .. } | DecisionKind::Allocate { .. } => "kind.tokens",
                DecisionKind::Number { .. } => "kind",
                DecisionKind::Pick(_) => continue,
            };
            for team in 0..teams {
                let message = match game.bounds(tg, team, d) {
                    Ok(_) => continue,
                    Err(RuleError::Bounds { message, .. }) => message,
                    Err(e) => e.msg(),
                };
                let (why_ko, why_en) = (&message.ko, &message.en);
                if reported.insert(d) {
                    c.report(
                        &format!("{base}.decisions[{d}].{field}"),
                        Diagnostic::new(
                            Code::DecisionBounds,
                            crate::i18n::Msg {
                                ko: format!(
                                    "1라운드에 팀이 {teams}개면 '{}' 결정을 할 수 없어요: {why_ko}",
                                    decision.id
                                ),
                                en: format!(
                                    "in round 1 with {teams} teams, decision '{}' cannot be made: {why_en}",
                                    decision.id
                                ),
                            },
                        )
                        .label(tr!("어느 팀도 정할 수 없어요", "no team can decide this"))
                        .hint(if field == "kind" {
                            tr!(
                                "모든 라운드에서 `min`이 `max`보다 크지 않게, 둘 다 ±1000000 안에 있게 해 주세요. 공식과 공식이 읽는 매개변수를 확인해 주세요",
                                "make `min` at most `max` in every round, both within ±1000000; check the formulas and the params they read"
                            )
                        } else {
                            tr!(
                                "교실에서는 토큰을 손으로 세어요. 몇 개에서 몇백 개까지만 나눠 주세요. 공식과 공식이 읽는 매개변수를 확인해 주세요",
                                "a class counts tokens by hand: hand out a few to a few hundred; check the formula and the params it reads"
                            )
                        }),
                    );
                }
                break;
            }
        }
    }
}
