//! Validating a role-play: roles, meters, flags, scenes and their choices, endings, and which
//! scenes and endings a class can reach.

use super::*;
use crate::i18n::Msg;

pub(super) fn role_play(
    c: &mut Checker,
    rp: &RawRolePlay,
    concept_refs: &mut ConceptRefs,
) -> Option<RolePlay> {
    let base = "game";
    c.count(
        || format!("{base}.scenes"),
        "scenes",
        rp.scenes.len(),
        limits::SCENES,
    );
    c.count(
        || format!("{base}.endings"),
        "endings",
        rp.endings.len(),
        limits::ENDINGS,
    );
    c.count(
        || format!("{base}.meters"),
        "meters",
        rp.meters.len(),
        limits::METERS,
    );
    c.count(
        || format!("{base}.flags"),
        "flags",
        rp.flags.len(),
        limits::FLAGS,
    );
    c.count(
        || format!("{base}.roles"),
        "roles",
        rp.roles.len(),
        limits::ROLES,
    );
    if rp.scenes.len() > limits::SCENES
        || rp.endings.len() > limits::ENDINGS
        || rp.meters.len() > limits::METERS
        || rp.flags.len() > limits::FLAGS
        || rp.roles.len() > limits::ROLES
    {
        return None;
    }
    if rp.endings.is_empty() {
        c.report(
            &format!("{base}.endings"),
            Diagnostic::new(
                Code::NoEnding,
                tr!(
                    "롤플레이에는 엔딩이 하나 이상 있어야 해요",
                    "a role-play needs at least one ending"
                ),
            )
            .hint(tr!(
                "엔딩을 하나 넣어 주세요: (id: \"…\", title: \"…\", text: \"…\")",
                "add an ending: (id: \"…\", title: \"…\", text: \"…\")"
            )),
        );
    }
    if rp.scenes.is_empty() {
        c.report(
            &format!("{base}.scenes"),
            Diagnostic::new(
                Code::DeadEnd,
                tr!(
                    "롤플레이에는 장면이 하나 이상 있어야 해요",
                    "a role-play needs at least one scene"
                ),
            )
            .hint(tr!(
                "시작할 장면을 하나 넣어 주세요",
                "add a scene to start from"
            )),
        );
        return None;
    }

    // One namespace for scenes and endings: `next` may name either.
    let mut taken = HashMap::new();
    let scene_map = ids(
        c,
        &rp.scenes,
        |s| &s.id,
        |i| format!("{base}.scenes[{i}].id"),
        "scene",
        &mut taken,
    );
    let ending_map = ids(
        c,
        &rp.endings,
        |e| &e.id,
        |i| format!("{base}.endings[{i}].id"),
        "ending",
        &mut taken,
    );
    let mut other = HashMap::new();
    let role_map = ids(
        c,
        &rp.roles,
        |r| &r.id,
        |i| format!("{base}.roles[{i}].id"),
        "role",
        &mut other,
    );
    let mut other = HashMap::new();
    let meter_map = ids(
        c,
        &rp.meters,
        |m| &m.id,
        |i| format!("{base}.meters[{i}].id"),
        "meter",
        &mut other,
    );
    let mut other = HashMap::new();
    let flag_map = ids(
        c,
        &rp.flags,
        |f| f.as_str(),
        |i| format!("{base}.flags[{i}]"),
        "flag",
        &mut other,
    );
    let target_map: HashMap<&str, Target> = scene_map
        .iter()
        .map(|(k, &v)| (*k, Target::Scene(v)))
        .chain(ending_map.iter().map(|(k, &v)| (*k, Target::Ending(v))))
        .collect();

    let resolve_target = |c: &mut Checker, id: &str, path: &str| -> Option<Target> {
        if let Some(t) = target_map.get(id) {
            return Some(*t);
        }
        let d = Diagnostic::new(
            Code::UnknownReference,
            tr!(
                "id가 '{id}'인 장면이나 엔딩이 없어요",
                "there is no scene or ending with the id '{id}'"
            ),
        )
        .label(tr!("없는 장면", "unknown scene"));
        let d = match c.suggest(id, target_map.len(), target_map.keys().copied()) {
            Some(s) => d.hint(tr!("혹시 '{s}'인가요?", "did you mean '{s}'?")),
            None => d.hint(tr!(
                "`next`에는 이 시나리오에 있는 장면이나 엔딩의 id를 써 주세요",
                "`next` names a scene or an ending of this scenario"
            )),
        };
        c.report(path, d);
        None
    };

    let roles: Vec<Role> = rp
        .roles
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let p = || format!("{base}.roles[{i}]");
            Role {
                id: r.id.clone(),
                name: c.text(|| format!("{}.name", p()), &r.name),
                description: r
                    .description
                    .as_ref()
                    .map(|t| c.text(|| format!("{}.description", p()), t)),
                portrait: c.image(|| format!("{}.portrait", p()), &r.portrait),
            }
        })
        .collect();

    let mut meters = Vec::new();
    for (i, m) in rp.meters.iter().enumerate() {
        let p = || format!("{base}.meters[{i}]");
        let min = m.min.unwrap_or(0);
        let max = m.max.unwrap_or(100);
        if min > max {
            c.report(
                &format!("{}.min", p()),
                Diagnostic::new(
                    Code::MeterBounds,
                    tr!(
                        "게이지 '{}'의 `min`({min})이 `max`({max})보다 커요",
                        "meter '{}' has min {min} above max {max}",
                        m.id
                    ),
                )
                .hint(tr!(
                    "두 값을 서로 바꾸거나, 잘못 쓴 숫자를 고쳐 주세요",
                    "swap them, or fix the typo"
                )),
            );
        } else if m.start < min || m.start > max {
            c.report(
                &format!("{}.start", p()),
                Diagnostic::new(
                    Code::MeterBounds,
                    tr!(
                        "게이지 '{}'의 `start`({})가 {min}~{max} 밖에 있어요",
                        "meter '{}' starts at {}, outside {min}..{max}",
                        m.id,
                        m.start
                    ),
                )
                .label(tr!("범위 밖", "out of bounds"))
                .hint(tr!(
                    "`start`를 {min}에서 {max} 사이로 정해 주세요",
                    "choose a start between {min} and {max}"
                )),
            );
        }
        let limit = |c: &mut Checker, l: &Option<RawLimit>, field: &str| match l {
            None | Some(RawLimit::Stay) => Limit::Stay,
            Some(RawLimit::End(id)) => {
                resolve(c, &ending_map, id, || format!("{}.{field}", p()), "ending")
                    .map_or(Limit::Stay, Limit::End)
            }
        };
        let at_min = limit(c, &m.at_min, "at_min");
        let at_max = limit(c, &m.at_max, "at_max");
        meters.push(Meter {
            id: m.id.clone(),
            name: c.text(|| format!("{}.name", p()), &m.name),
            start: m.start,
            min,
            max,
            at_min,
            at_max,
            icon: c.image(|| format!("{}.icon", p()), &m.icon),
        });
    }
    let flags_set: HashSet<&str> = rp
        .scenes
        .iter()
        .flat_map(|s| {
            s.choices
                .iter()
                .flat_map(|ch| {
                    ch.effects
                        .iter()
                        .chain(ch.outcomes.iter().flat_map(|o| &o.effects))
                })
                .chain(s.branch.iter().flat_map(|r| &r.effects))
        })
        .filter_map(|e| match e {
            RawEffect::SetFlag(f) => Some(f.as_str()),
            _ => None,
        })
        .collect();

    let effects = |c: &mut Checker, list: &[RawEffect], path: &dyn Fn() -> String| -> Vec<Effect> {
        let mut out = Vec::new();
        for (k, e) in list.iter().enumerate() {
            let p = || format!("{}[{k}]", path());
            let effect = match e {
                RawEffect::Change(m, by) => {
                    resolve(c, &meter_map, m, || format!("{}[0]", p()), "meter")
                        .map(|meter| Effect::Change { meter, by: *by })
                }
                RawEffect::SetFlag(f) => resolve(c, &flag_map, f, || format!("{}[0]", p()), "flag")
                    .map(|flag| Effect::Flag { flag, set: true }),
                RawEffect::ClearFlag(f) => {
                    resolve(c, &flag_map, f, || format!("{}[0]", p()), "flag")
                        .map(|flag| Effect::Flag { flag, set: false })
                }
                RawEffect::Score(n) => Some(Effect::Score(*n)),
            };
            out.extend(effect);
        }
        out
    };

    let cx = Conditions {
        rp,
        meter_map: &meter_map,
        flag_map: &flag_map,
        scene_map: &scene_map,
        flags_set: &flags_set,
    };

    let mut scenes = Vec::new();
    for (i, s) in rp.scenes.iter().enumerate() {
        let p = || format!("{base}.scenes[{i}]");
        let speaker = s
            .speaker
            .as_ref()
            .and_then(|r| resolve(c, &role_map, r, || format!("{}.speaker", p()), "role"));
        let text = c.text(|| format!("{}.text", p()), &s.text);
        let image = c.image(|| format!("{}.image", p()), &s.image);
        if s.choices.is_empty() && s.branch.is_empty() && s.otherwise.is_none() {
            c.report(
                &format!("{}.choices", p()),
                Diagnostic::new(
                    Code::DeadEnd,
                    tr!(
                        "장면 '{}'에는 선택지가 없어서 게임이 여기서 멈춰요",
                        "scene '{}' has no choices, so the game would stop here",
                        s.id
                    ),
                )
                .hint(tr!(
                    "`next`가 있는 선택지나 `otherwise`가 있는 `branch`를 넣어 주세요. 아니면 이 장면을 `endings`의 엔딩으로 바꿔 주세요",
                    "add a choice with `next`, a `branch` with `otherwise`, or make this an ending in `endings`"
                )),
            );
        }
        if s.choices.len() > limits::CHOICES {
            c.report(
                &format!("{}.choices", p()),
                Diagnostic::new(
                    Code::Limit,
                    tr!(
                        "장면 '{}'에 선택지가 {}개 있어요. 한 장면에는 선택지를 {}개까지 쓸 수 있어요",
                        "scene '{}' has {} choices; a scene may have at most {}",
                        s.id,
                        s.choices.len(),
                        limits::CHOICES
                    ),
                )
                .hint(tr!(
                    "학생들은 숫자 키 1~9로 골라요. 선택지를 두 장면에 나눠 주세요",
                    "students pick with keys 1–9: split the choices across two scenes"
                )),
            );
        }
        if !s.choices.is_empty() && s.choices.iter().all(|ch| !ch.requires.is_empty()) {
            c.report(
                &format!("{}.choices", p()),
                Diagnostic::new(
                    Code::MaybeDeadEnd,
                    tr!(
                        "장면 '{}'의 모든 선택지에 조건이 있어요. 조건이 하나도 맞지 않으면 반이 이 장면에서 멈춰요",
                        "every choice of scene '{}' has a condition; if none holds, the class is stuck",
                        s.id
                    ),
                )
                .hint(tr!(
                    "`requires`가 없는 선택지를 하나 넣어 주세요",
                    "add one choice without `requires`"
                )),
            );
        }
        let mut choice_ids = Taken::new();
        let _ = ids(
            c,
            &s.choices,
            |ch| &ch.id,
            |j| format!("{}.choices[{j}].id", p()),
            "choice",
            &mut choice_ids,
        );
        let mut choices = Vec::new();
        for (j, ch) in s.choices.iter().enumerate() {
            let cp = || format!("{}.choices[{j}]", p());
            let text = c.text(|| format!("{}.text", cp()), &ch.text);
            let feedback = ch
                .feedback
                .as_ref()
                .map(|t| c.text(|| format!("{}.feedback", cp()), t));
            let requires = conditions(c, &cx, &ch.requires, &|| format!("{}.requires", cp()));
            if requires.len() == ch.requires.len() {
                report_contradiction(
                    c,
                    rp,
                    &ch.requires,
                    &|| format!("{}.requires", cp()),
                    tr!("이 선택지는 고를 수 없어요", "choice can never be taken"),
                );
            }
            if c.pedantic()
                && ch.feedback.is_none()
                && ch.outcomes.is_empty()
                && ch
                    .effects
                    .iter()
                    .any(|e| matches!(e, RawEffect::Change(..)))
            {
                c.report(
                    &format!("{}.text", cp()),
                    Diagnostic::new(
                        Code::NoFeedback,
                        tr!(
                            "선택지 '{}'에서 게이지가 움직이는데, 왜 움직였는지 알려 주는 글이 없어요",
                            "choice '{}' moves a meter but says nothing about why",
                            ch.id
                        ),
                    )
                    .label(tr!("feedback 없음", "no feedback"))
                    .hint(tr!(
                        "feedback을 넣어 주세요: (ko: \"…\", en: \"…\"). 무슨 일이 있었고 게이지가 왜 움직였는지 한 문장으로 써 주세요",
                        "add feedback: (ko: \"…\", en: \"…\"): one sentence on what happened and why the meter moved"
                    )),
                );
            }
            let own_effects = effects(c, &ch.effects, &|| format!("{}.effects", cp()));
            let next = match (&ch.next, ch.outcomes.is_empty()) {
                (Some(id), true) => resolve_target(c, id, &format!("{}.next", cp())).map(Next::Go),
                (None, false) => {
                    c.count(
                        || format!("{}.outcomes", cp()),
                        "outcomes",
                        ch.outcomes.len(),
                        limits::OUTCOMES,
                    );
                    if ch
                        .outcomes
                        .iter()
                        .all(|o| o.weight.unwrap_or(0) == 0 && o.chance.is_none())
                    {
                        c.report(
                            &format!("{}.outcomes", cp()),
                            Diagnostic::new(
                                Code::ZeroWeights,
                                tr!(
                                    "모든 결과의 무게(weight)가 0이라서 어떤 결과도 나올 수 없어요",
                                    "every outcome has weight 0, so none can happen"
                                ),
                            )
                            .hint(tr!(
                                "결과마다 3이나 1 같은 무게를 주세요(3이면 1보다 세 배 잘 나와요)",
                                "give the outcomes weights like 3 and 1 (3 times as likely)"
                            )),
                        );
                    }
                    let mut outs = Vec::new();
                    // An outcome without (or with two) chances is reported once, by itself.
                    let mut unclear = false;
                    for (k, o) in ch.outcomes.iter().enumerate() {
                        let op = || format!("{}.outcomes[{k}]", cp());
                        let text = o
                            .text
                            .as_ref()
                            .map(|t| c.text(|| format!("{}.text", op()), t));
                        let effects = effects(c, &o.effects, &|| format!("{}.effects", op()));
                        let chance = match (o.weight, &o.chance) {
                            (Some(_), Some(_)) => {
                                unclear = true;
                                c.report_name(
                                    &format!("{}.chance", op()),
                                    Diagnostic::new(
                                        Code::Chance,
                                        tr!(
                                            "이 결과에 `weight`와 `chance`가 둘 다 있어요",
                                            "this outcome has both a `weight` and a `chance`"
                                        ),
                                    )
                                    .hint(tr!(
                                        "하나만 남겨 주세요. 확률이 늘 같으면 `weight: 3`, 게이지에 따라 달라지면 `chance: \"…\"`를 써요",
                                        "keep `weight: 3` for a fixed chance, or `chance: \"…\"` for one that depends on the meters"
                                    )),
                                );
                                None
                            }
                            (None, None) => {
                                unclear = true;
                                c.report(
                                    &op(),
                                    Diagnostic::new(
                                        Code::Chance,
                                        tr!(
                                            "이 결과가 얼마나 잘 나오는지 쓰지 않았어요",
                                            "this outcome says nothing about how likely it is"
                                        ),
                                    )
                                    .label(tr!("weight: … 넣기", "add weight: …"))
                                    .hint(tr!(
                                        "`weight: 1`(늘 같은 확률)이나 `chance: \"trust\"`(trust가 높을수록 잘 나와요)를 넣어 주세요",
                                        "add `weight: 1` (a fixed chance), or `chance: \"trust\"` (more likely when trust is high)"
                                    )),
                                );
                                None
                            }
                            (_, Some(source)) => {
                                let chance =
                                    chance_formula(c, rp, source, &format!("{}.chance", op()));
                                // A chance that cannot be read is reported once, by itself.
                                unclear |= chance.is_none();
                                chance
                            }
                            (Some(_), None) => None,
                        };
                        if let Some(next) = resolve_target(c, &o.next, &format!("{}.next", op())) {
                            outs.push(Outcome {
                                weight: o.weight.unwrap_or(0),
                                chance,
                                text,
                                effects,
                                next,
                            });
                        }
                    }
                    if !unclear && outs.iter().any(|o| o.chance.is_some()) {
                        chances_hold(c, rp, &outs, &format!("{}.outcomes", cp()));
                    }
                    Some(Next::Random(outs))
                }
                (Some(_), false) => {
                    c.report_name(
                        &format!("{}.next", cp()),
                        Diagnostic::new(
                            Code::NextAndOutcomes,
                            tr!(
                                "선택지 '{}'에 `next`와 `outcomes`가 둘 다 있어요",
                                "choice '{}' has both `next` and `outcomes`",
                                ch.id
                            ),
                        )
                        .hint(tr!(
                            "다음 장면이 정해져 있으면 `next`, 무작위로 정하려면 `outcomes`, 둘 중 하나만 써 주세요",
                            "use `next` for a fixed next scene, or `outcomes` for a random one, not both"
                        )),
                    );
                    None
                }
                (None, true) => {
                    c.report(
                        &cp(),
                        Diagnostic::new(
                            Code::NextAndOutcomes,
                            tr!(
                                "선택지 '{}'에 갈 곳이 없어요",
                                "choice '{}' does not say where it leads",
                                ch.id
                            ),
                        )
                        .label(tr!("next: \"…\" 넣기", "add next: \"…\""))
                        .hint(tr!(
                            "`next: \"scene-id\"`(장면이나 엔딩의 id)를 넣거나, 무작위 결과 `outcomes`를 넣어 주세요",
                            "add `next: \"scene-id\"` (a scene or an ending), or random `outcomes`"
                        )),
                    );
                    None
                }
            };
            if let Some(next) = next {
                choices.push(Choice {
                    id: ch.id.clone(),
                    text,
                    feedback,
                    requires,
                    effects: own_effects,
                    next,
                });
            }
        }
        let branch = if s.branch.is_empty() && s.otherwise.is_none() {
            None
        } else {
            scene_branch(c, &cx, s, &p(), &effects, &resolve_target)
        };
        scenes.push(Scene {
            id: s.id.clone(),
            speaker,
            text,
            image,
            choices,
            branch,
        });
    }

    let start = match &rp.start {
        Some(id) => resolve(c, &scene_map, id, || format!("{base}.start"), "scene").unwrap_or(0),
        None => 0,
    };

    let mut endings = Vec::new();
    for (i, e) in rp.endings.iter().enumerate() {
        let p = || format!("{base}.endings[{i}]");
        endings.push(Ending {
            id: e.id.clone(),
            title: c.text(|| format!("{}.title", p()), &e.title),
            text: c.text(|| format!("{}.text", p()), &e.text),
            tone: match e.tone {
                Some(RawTone::Good) => Tone::Good,
                Some(RawTone::Bad) => Tone::Bad,
                Some(RawTone::Mixed) | None => Tone::Mixed,
            },
            concepts: concept_refs(c, &e.concepts, &format!("{}.concepts", p())),
            questions: e
                .questions
                .iter()
                .enumerate()
                .map(|(k, q)| c.text(|| format!("{}.questions[{k}]", p()), q))
                .collect(),
            image: c.image(|| format!("{}.image", p()), &e.image),
        });
    }

    let modes = if rp.modes.is_empty() {
        vec![PlayMode::ClassVote, PlayMode::TeamTurns]
    } else {
        rp.modes
            .iter()
            .map(|m| match m {
                RawPlayMode::ClassVote => PlayMode::ClassVote,
                RawPlayMode::TeamTurns => PlayMode::TeamTurns,
            })
            .collect()
    };

    let mut model = RolePlay {
        modes,
        roles,
        meters,
        flags: rp.flags.clone(),
        start,
        scenes,
        endings,
        choice_index: Default::default(),
    };
    model.choice_index = crate::scenario::lookup::ChoiceIndex::new(&model);
    // Reachability only makes sense once every reference resolved.
    if !c.has_errors() {
        reachability(c, &model, base);
    }
    Some(model)
}

/// Scenes a class can reach (`reachable`) but from which no ending can be reached
/// (`!out`, see `ways_out`): it would go round forever.
fn no_way_out(c: &mut Checker, rp: &RolePlay, base: &str, reachable: &[bool], out: &[bool]) {
    let trapped: Vec<usize> = (0..rp.scenes.len())
        .filter(|&s| reachable[s] && !out[s])
        .collect();
    let Some(&first) = trapped.first() else {
        return;
    };
    const NAMED: usize = 10;
    let names: Vec<String> = trapped
        .iter()
        .take(NAMED)
        .map(|&s| format!("'{}'", rp.scenes[s].id))
        .collect();
    let mut names_ko = names.join(", ");
    let mut names_en = names_ko.clone();
    if trapped.len() > NAMED {
        let more = trapped.len() - NAMED;
        names_ko.push_str(&format!(" 외 {more}개"));
        names_en.push_str(&format!(", and {more} more"));
    }
    let scenes_en = if trapped.len() == 1 {
        "scene"
    } else {
        "the scenes"
    };
    c.report(
        &format!("{base}.scenes[{first}].id"),
        Diagnostic::new(
            Code::NoWayOut,
            tr!(
                "장면 {names_ko}에서는 어떤 엔딩으로도 갈 수 없어요. 여기에 온 반은 끝없이 같은 곳을 돌게 돼요",
                "no ending can be reached from {scenes_en} {names_en}: a class that gets here goes round forever"
            ),
        )
        .label(tr!("나갈 길 없음", "no way out"))
        .hint(tr!(
            "이 장면들 중 하나에 엔딩 쪽으로 가는 선택지(또는 branch의 길)를 만들어 주세요",
            "give one of these scenes a choice (or a branch route) that leads towards an ending"
        )),
    );
}

/// Whether an ending can be reached from each scene. Conditions are ignored (they only
/// close ways), and a way that moves a meter towards a limit that ends the game counts as a
/// way out, so a scene without one is surely a trap (K0311). Linear in the size of the story.
pub(crate) fn ways_out(rp: &RolePlay) -> Vec<bool> {
    let ends = |effects: &[Effect]| {
        effects.iter().any(|e| match *e {
            Effect::Change { meter, by } => {
                let m = &rp.meters[meter];
                (by < 0 && matches!(m.at_min, Limit::End(_)))
                    || (by > 0 && matches!(m.at_max, Limit::End(_)))
            }
            _ => false,
        })
    };
    // Every way from one scene into another (to, from), and whether a way out of a scene
    // ends the game at once.
    let mut edges: Vec<(usize, usize)> = Vec::new();
    let mut out = vec![false; rp.scenes.len()];
    let mut ways: Vec<(Target, bool)> = Vec::new();
    for (s, scene) in rp.scenes.iter().enumerate() {
        ways.clear();
        for ch in &scene.choices {
            match &ch.next {
                Next::Go(t) => ways.push((*t, ends(&ch.effects))),
                Next::Random(outcomes) => ways.extend(
                    outcomes
                        .iter()
                        .filter(|o| o.possible())
                        .map(|o| (o.next, ends(&ch.effects) || ends(&o.effects))),
                ),
            }
        }
        if let Some(branch) = &scene.branch {
            ways.extend(branch.routes.iter().map(|r| (r.next, ends(&r.effects))));
            ways.push((branch.otherwise, false));
        }
        for &(t, ending) in &ways {
            match t {
                Target::Scene(n) => edges.push((n, s)),
                Target::Ending(_) => out[s] = true,
            }
            out[s] |= ending;
        }
    }
    // Grouped by where they lead (a counting sort), so each scene's ways in are one slice.
    let mut starts = vec![0usize; rp.scenes.len() + 1];
    for &(to, _) in &edges {
        starts[to + 1] += 1;
    }
    for s in 0..rp.scenes.len() {
        starts[s + 1] += starts[s];
    }
    let mut fill = starts.clone();
    let mut from_of = vec![0usize; edges.len()];
    for &(to, from) in &edges {
        from_of[fill[to]] = from;
        fill[to] += 1;
    }
    let into = |s: usize| from_of[starts[s]..starts[s + 1]].iter().copied();
    let mut queue: VecDeque<usize> = (0..rp.scenes.len()).filter(|&s| out[s]).collect();
    while let Some(s) = queue.pop_front() {
        for from in into(s) {
            if !out[from] {
                out[from] = true;
                queue.push_back(from);
            }
        }
    }
    out
}

/// Two conditions of one choice that can never hold together (each may hold alone; those
/// that cannot are reported by themselves): the later one's index and why.
/// `range` gives a meter's min and max.
fn contradiction(
    conditions: &[RawCondition],
    range: &dyn Fn(&str) -> (i32, i32),
) -> Option<(usize, Msg)> {
    if conditions.len() < 2 {
        return None;
    }
    let show = |c: &RawCondition| match c {
        RawCondition::AtLeast(m, v) => format!("AtLeast(\"{m}\", {v})"),
        RawCondition::AtMost(m, v) => format!("AtMost(\"{m}\", {v})"),
        RawCondition::Above(m, v) => format!("Above(\"{m}\", {v})"),
        RawCondition::Below(m, v) => format!("Below(\"{m}\", {v})"),
        RawCondition::Flag(f) => format!("Flag(\"{f}\")"),
        RawCondition::NotFlag(f) => format!("NotFlag(\"{f}\")"),
        RawCondition::Chose(s, ch) => format!("Chose(\"{s}\", \"{ch}\")"),
        RawCondition::NotChose(s, ch) => format!("NotChose(\"{s}\", \"{ch}\")"),
        RawCondition::AnyOf(_) => "AnyOf([…])".into(),
        RawCondition::Not(_) => "Not(…)".into(),
    };
    let clash = |a: &RawCondition, b: &RawCondition| {
        let (a, b) = (show(a), show(b));
        tr!(
            "`{a}`, `{b}` 두 조건은 함께 맞을 수 없어요",
            "`{a}` and `{b}` cannot both hold"
        )
    };
    // Per meter: the condition with the highest lower bound and the one with the lowest upper
    // bound, among those that can hold alone (meters are whole numbers). Linear in the
    // number of conditions.
    // (bound, index of the condition that set it)
    type Bound = Option<(i64, usize)>;
    let mut meters: HashMap<&str, (Bound, Bound)> = HashMap::new();
    // Per flag or (scene, choice): the first condition that wants it set/taken, and unset.
    let mut wants: HashMap<(bool, &str, &str), [Option<usize>; 2]> = HashMap::new();
    for (k, cond) in conditions.iter().enumerate() {
        let (lower, upper) = match cond {
            RawCondition::AtLeast(m, v) => (Some((m, i64::from(*v))), None),
            RawCondition::Above(m, v) => (Some((m, i64::from(*v) + 1)), None),
            RawCondition::AtMost(m, v) => (None, Some((m, i64::from(*v)))),
            RawCondition::Below(m, v) => (None, Some((m, i64::from(*v) - 1))),
            RawCondition::Flag(f) | RawCondition::NotFlag(f) => {
                let set = matches!(cond, RawCondition::Flag(_));
                let slot = wants.entry((false, f, "")).or_default();
                if let Some(other) = slot[usize::from(!set)] {
                    return Some((k, clash(&conditions[other], cond)));
                }
                slot[usize::from(set)].get_or_insert(k);
                continue;
            }
            RawCondition::Chose(s, ch) | RawCondition::NotChose(s, ch) => {
                let taken = matches!(cond, RawCondition::Chose(..));
                let slot = wants.entry((true, s, ch)).or_default();
                if let Some(other) = slot[usize::from(!taken)] {
                    return Some((k, clash(&conditions[other], cond)));
                }
                slot[usize::from(taken)].get_or_insert(k);
                continue;
            }
            RawCondition::AnyOf(_) | RawCondition::Not(_) => continue,
        };
        let m = lower.or(upper).map_or("", |(m, _)| m.as_str());
        let (min, max) = range(m);
        let (min, max) = (i64::from(min), i64::from(max));
        let entry = meters.entry(m).or_default();
        if let Some((_, lo)) = lower.filter(|(_, lo)| *lo <= max) {
            if let Some((_, other)) = entry.1.filter(|(hi, _)| lo > *hi) {
                return Some((k, clash(&conditions[other], cond)));
            }
            if entry.0.is_none_or(|(best, _)| lo > best) {
                entry.0 = Some((lo, k));
            }
        }
        if let Some((_, hi)) = upper.filter(|(_, hi)| *hi >= min) {
            if let Some((_, other)) = entry.0.filter(|(lo, _)| *lo > hi) {
                return Some((k, clash(&conditions[other], cond)));
            }
            if entry.1.is_none_or(|(best, _)| hi < best) {
                entry.1 = Some((hi, k));
            }
        }
    }
    None
}

/// Resolves a list of effects at a path.
type ResolveEffects<'a> =
    dyn Fn(&mut Checker, &[RawEffect], &dyn Fn() -> String) -> Vec<Effect> + 'a;

/// A scene's automatic branch: its routes and `otherwise` (see `RawScene::branch`).
/// `otherwise` alone is a narration scene that moves on.
fn scene_branch(
    c: &mut Checker,
    cx: &Conditions,
    s: &RawScene,
    p: &str,
    effects: &ResolveEffects,
    resolve_target: &dyn Fn(&mut Checker, &str, &str) -> Option<Target>,
) -> Option<Branch> {
    if s.branch.is_empty() && s.otherwise.is_none() {
        return None;
    }
    if !s.choices.is_empty() {
        c.report(
            &format!("{p}.choices"),
            Diagnostic::new(
                Code::Branch,
                tr!(
                    "장면 '{}'에 선택지와 branch가 둘 다 있어요",
                    "scene '{}' has both choices and a branch",
                    s.id
                ),
            )
            .label(tr!("여기 선택지", "choices here"))
            .hint(tr!(
                "반이 고르거나, 장면이 저절로 넘어가거나, 둘 중 하나예요. 선택지를 지우거나, `branch`와 `otherwise`를 지워 주세요",
                "the class either chooses or the scene moves on by itself: remove the choices, or `branch` and `otherwise`"
            )),
        );
    }
    c.count(
        || format!("{p}.branch"),
        "routes",
        s.branch.len(),
        limits::ROUTES,
    );
    let mut routes = Vec::new();
    for (k, r) in s.branch.iter().enumerate() {
        let rp = format!("{p}.branch[{k}]");
        let when = conditions(c, cx, &r.when, &|| format!("{rp}.when"));
        if when.len() == r.when.len() {
            report_contradiction(
                c,
                cx.rp,
                &r.when,
                &|| format!("{rp}.when"),
                tr!("이 길로는 갈 수 없어요", "route can never be taken"),
            );
        }
        let text = r.text.as_ref().map(|t| c.text(|| format!("{rp}.text"), t));
        let effects = effects(c, &r.effects, &|| format!("{rp}.effects"));
        if let Some(next) = resolve_target(c, &r.next, &format!("{rp}.next")) {
            routes.push(Route {
                when,
                next,
                text,
                effects,
            });
        }
    }
    let Some(otherwise) = &s.otherwise else {
        c.report(
            &format!("{p}.branch"),
            Diagnostic::new(
                Code::Branch,
                tr!(
                    "장면 '{}'의 branch에 `otherwise`가 없어요. 어떤 길의 조건도 맞지 않으면 반이 여기서 멈춰요",
                    "the branch of scene '{}' has no `otherwise`: when no route's conditions hold, the class would be stuck here",
                    s.id
                ),
            )
            .label(tr!("조건이 안 맞을 때 갈 곳 없음", "no way on when nothing holds"))
            .hint(tr!(
                "`branch: [...]` 뒤에 `otherwise: \"scene-id\"`(장면이나 엔딩의 id)를 써 주세요",
                "after `branch: [...]`, add `otherwise: \"scene-id\"` (a scene or an ending)"
            )),
        );
        return None;
    };
    let otherwise = resolve_target(c, otherwise, &format!("{p}.otherwise"))?;
    Some(Branch { routes, otherwise })
}

/// A chance formula: it may read the meters (by id, with `_` for `-`).
fn chance_formula(c: &mut Checker, rp: &RawRolePlay, source: &str, path: &str) -> Option<Formula> {
    let meters = Scope {
        names: rp
            .meters
            .iter()
            .map(|m| RolePlay::meter_name(&m.id))
            .collect(),
    };
    meters.formula(c, source, path)
}

/// Reports a chance that can be negative, or outcomes whose chances are all 0 at once, for
/// meter values at the corners of their ranges (where a sum of meters is smallest and largest).
fn chances_hold(c: &mut Checker, rp: &RawRolePlay, outcomes: &[Outcome], path: &str) {
    use evalexpr::{ContextWithMutableVariables, HashMapContext, Value};
    let read: Vec<usize> = (0..rp.meters.len())
        .filter(|&m| {
            let name = RolePlay::meter_name(&rp.meters[m].id);
            outcomes
                .iter()
                .filter_map(|o| o.chance.as_ref())
                .any(|f| f.names().contains(&name.as_str()))
        })
        .take(10)
        .collect();
    let range = |m: usize| {
        let meter = &rp.meters[m];
        (meter.min.unwrap_or(0), meter.max.unwrap_or(100))
    };
    for corner in 0u32..(1 << read.len()) {
        let mut context = HashMapContext::new();
        let mut at = Vec::new();
        for (bit, m) in rp.meters.iter().enumerate() {
            let value = match read.iter().position(|&r| r == bit) {
                Some(i) => {
                    let (lo, hi) = range(bit);
                    let v = if corner & (1 << i) == 0 { lo } else { hi };
                    at.push(format!("{} {v}", m.id));
                    v
                }
                None => m.start,
            };
            let _ = context.set_value(RolePlay::meter_name(&m.id), Value::Float(f64::from(value)));
        }
        let weights: Vec<f64> = outcomes
            .iter()
            .map(|o| match &o.chance {
                Some(f) => f.eval(&context).unwrap_or(f64::NAN),
                None => f64::from(o.weight),
            })
            .collect();
        let when = at.join(", ");
        let when_ko = if at.is_empty() {
            String::new()
        } else {
            format!("{when}일 때 ")
        };
        if let Some(k) = weights.iter().position(|w| !w.is_finite() || *w < 0.0) {
            c.report(
                &format!("{path}[{k}].chance"),
                Diagnostic::new(
                    Code::Chance,
                    tr!(
                        "{when_ko}이 확률은 {}(으)로 계산돼요",
                        "this chance is {} when {when}",
                        weights[k]
                    ),
                )
                .label(tr!("0보다 작아요", "below 0"))
                .hint(tr!(
                    "게이지가 어떤 값이어도 확률은 0 이상이어야 해요. max(0, …)처럼 써 보세요",
                    "a chance must be 0 or more for every value the meters can have: try max(0, …)"
                )),
            );
            return;
        }
        if weights.iter().all(|w| *w <= 0.0) {
            c.report(
                path,
                Diagnostic::new(
                    Code::ZeroWeights,
                    tr!(
                        "{when_ko}모든 결과의 확률이 0이라서 어떤 결과도 나올 수 없어요",
                        "when {when}, every outcome's chance is 0, so none can happen"
                    ),
                )
                .hint(tr!(
                    "그 값에서도 확률이 0보다 큰 결과를 하나 만들어 주세요. 예: \"1 + trust\"",
                    "give one outcome a chance above 0 at those values, e.g. \"1 + trust\""
                )),
            );
            return;
        }
    }
}

/// What resolving a condition needs: the raw role-play and its id maps.
struct Conditions<'a> {
    rp: &'a RawRolePlay,
    meter_map: &'a HashMap<&'a str, usize>,
    flag_map: &'a HashMap<&'a str, usize>,
    scene_map: &'a HashMap<&'a str, usize>,
    /// Flags some choice, outcome or route sets.
    flags_set: &'a HashSet<&'a str>,
}

/// Resolves a list of conditions (`requires`, or a route's `when`) at `path`.
fn conditions(
    c: &mut Checker,
    cx: &Conditions,
    list: &[RawCondition],
    path: &dyn Fn() -> String,
) -> Vec<Condition> {
    list.iter()
        .enumerate()
        .filter_map(|(k, cond)| condition(c, cx, cond, &|| format!("{}[{k}]", path()), true))
        .collect()
}

/// Resolves one condition. `top`: it stands alone in its list, so one that can never hold
/// is an error; inside `AnyOf` or `Not` it is only resolved (another alternative may hold).
fn condition(
    c: &mut Checker,
    cx: &Conditions,
    cond: &RawCondition,
    path: &dyn Fn() -> String,
    top: bool,
) -> Option<Condition> {
    let never = |c: &mut Checker, message: Msg, hint: Msg| {
        if top {
            c.report(
                &path(),
                Diagnostic::new(Code::NeverHolds, message)
                    .label(tr!("맞을 수 없음", "never true"))
                    .hint(hint),
            );
        }
    };
    let meter_cond = |c: &mut Checker, m: &str, v: i32, compare: Compare| {
        let meter = resolve(c, cx.meter_map, m, || format!("{}[0]", path()), "meter")?;
        let (min, max) = cx
            .rp
            .meters
            .get(meter)
            .map_or((0, 100), |m| (m.min.unwrap_or(0), m.max.unwrap_or(100)));
        let possible = match compare {
            Compare::AtLeast => v <= max,
            Compare::AtMost => v >= min,
            Compare::Above => v < max,
            Compare::Below => v > min,
        };
        if !possible {
            never(
                c,
                tr!(
                    "게이지 '{m}'의 값은 {min}~{max} 안에만 있어서, 이 조건은 절대 맞을 수 없어요",
                    "meter '{m}' stays within {min}..{max}, so this condition can never hold"
                ),
                tr!(
                    "숫자를 바꾸거나, 게이지의 min/max를 바꿔 주세요",
                    "change the number, or the meter's min/max"
                ),
            );
        }
        Some(Condition::Meter {
            meter,
            compare,
            value: v,
        })
    };
    match cond {
        RawCondition::AtLeast(m, v) => meter_cond(c, m, *v, Compare::AtLeast),
        RawCondition::AtMost(m, v) => meter_cond(c, m, *v, Compare::AtMost),
        RawCondition::Above(m, v) => meter_cond(c, m, *v, Compare::Above),
        RawCondition::Below(m, v) => meter_cond(c, m, *v, Compare::Below),
        RawCondition::Flag(f) | RawCondition::NotFlag(f) => {
            let set = matches!(cond, RawCondition::Flag(_));
            let flag = resolve(c, cx.flag_map, f, || format!("{}[0]", path()), "flag");
            if set && flag.is_some() && !cx.flags_set.contains(f.as_str()) {
                never(
                    c,
                    tr!(
                        "'{f}' 플래그를 켜는 선택지가 없어서, 이 조건은 절대 맞을 수 없어요",
                        "no choice ever sets the flag '{f}', so this condition can never hold"
                    ),
                    tr!(
                        "이 조건이 맞게 해 줄 선택지의 effects에 SetFlag(\"{f}\")를 넣어 주세요",
                        "add SetFlag(\"{f}\") to the effects of the choice that should unlock this"
                    ),
                );
            }
            flag.map(|flag| Condition::Flag { flag, set })
        }
        RawCondition::Chose(sid, cid) | RawCondition::NotChose(sid, cid) => {
            let taken = matches!(cond, RawCondition::Chose(..));
            let scene = resolve(c, cx.scene_map, sid, || format!("{}[0]", path()), "scene")?;
            let in_scene: HashMap<&str, usize> = cx.rp.scenes[scene]
                .choices
                .iter()
                .enumerate()
                .map(|(n, ch)| (ch.id.as_str(), n))
                .collect();
            resolve(c, &in_scene, cid, || format!("{}[1]", path()), "choice").map(|choice| {
                Condition::Chose {
                    scene,
                    choice,
                    taken,
                }
            })
        }
        RawCondition::AnyOf(list) => {
            if list.is_empty() {
                c.report(
                    &path(),
                    Diagnostic::new(
                        Code::NeverHolds,
                        tr!(
                            "`AnyOf([])` 안에 조건이 없어서, 절대 맞을 수 없어요",
                            "`AnyOf([])` lists nothing, so it can never hold"
                        ),
                    )
                    .label(tr!("비어 있음", "empty"))
                    .hint(tr!(
                        "적어도 하나는 맞아야 할 조건들을 써 주세요: AnyOf([Flag(\"a\"), AtLeast(\"trust\", 60)])",
                        "list the conditions of which at least one must hold: AnyOf([Flag(\"a\"), AtLeast(\"trust\", 60)])"
                    )),
                );
            }
            let resolved: Vec<Condition> = list
                .iter()
                .enumerate()
                .filter_map(|(k, x)| condition(c, cx, x, &|| format!("{}[0][{k}]", path()), false))
                .collect();
            (resolved.len() == list.len()).then_some(Condition::AnyOf(resolved))
        }
        RawCondition::Not(inner) => condition(c, cx, inner, &|| format!("{}[0]", path()), false)
            .map(|x| Condition::Not(Box::new(x))),
    }
}

/// Reports two conditions of one list that cannot hold together (see `contradiction`).
fn report_contradiction(
    c: &mut Checker,
    rp: &RawRolePlay,
    list: &[RawCondition],
    path: &dyn Fn() -> String,
    so: Msg,
) {
    let Some((k, why)) = contradiction(list, &|m| {
        rp.meters
            .iter()
            .find(|x| x.id == m)
            .map_or((0, 100), |m| (m.min.unwrap_or(0), m.max.unwrap_or(100)))
    }) else {
        return;
    };
    let meter = matches!(
        list[k],
        RawCondition::AtLeast(..)
            | RawCondition::AtMost(..)
            | RawCondition::Above(..)
            | RawCondition::Below(..)
    );
    let (why_ko, why_en, so_ko, so_en) = (why.ko, why.en, so.ko, so.en);
    c.report(
        &format!("{}[{k}]", path()),
        Diagnostic::new(
            Code::NeverHolds,
            tr!("{why_ko}. 그래서 {so_ko}", "{why_en}, so this {so_en}"),
        )
        .label(tr!(
            "앞의 조건과 맞지 않아요",
            "contradicts an earlier condition"
        ))
        .hint(if meter {
            tr!(
                "두 조건이 모두 맞는 값이 있도록 숫자를 바꾸거나, 하나를 지워 주세요",
                "change a number so that some value meets both, or remove one of them"
            )
        } else {
            tr!(
                "두 조건 중 하나를 지워 주세요",
                "remove one of the two conditions"
            )
        }),
    );
}

/// Scenes and endings that no path from the start reaches (conditions ignored: reachable
/// means some sequence of choices leads there).
fn reachability(c: &mut Checker, rp: &RolePlay, base: &str) {
    let (seen_scene, seen_ending) = reached(rp);
    let out = ways_out(rp);
    no_way_out(c, rp, base, &seen_scene, &out);
    for (i, s) in rp.scenes.iter().enumerate() {
        if !seen_scene[i] {
            c.report(
                &format!("{base}.scenes[{i}].id"),
                Diagnostic::new(
                    Code::UnreachableScene,
                    tr!(
                        "처음부터 어떻게 골라도 '{}' 장면에 갈 수 없어요",
                        "no path from the start leads to scene '{}'",
                        s.id
                    ),
                )
                .label(tr!("갈 수 없음", "unreachable"))
                .hint(tr!(
                    "어떤 선택지의 `next`에 \"{}\"를 쓰거나, 이 장면을 지워 주세요",
                    "point a choice's `next` at \"{}\", or remove the scene",
                    s.id
                )),
            );
        }
    }
    for (i, e) in rp.endings.iter().enumerate() {
        if !seen_ending[i] {
            c.report(
                &format!("{base}.endings[{i}].id"),
                Diagnostic::new(
                    Code::UnreachableEnding,
                    tr!(
                        "처음부터 어떻게 골라도 '{}' 엔딩에 갈 수 없어요",
                        "no path from the start leads to ending '{}'",
                        e.id
                    ),
                )
                .label(tr!("갈 수 없음", "unreachable"))
                .hint(tr!(
                    "어떤 선택지의 `next`에 \"{0}\"를 쓰거나, 게이지의 at_min이나 at_max에 End(\"{0}\")를 써 주세요",
                    "point a choice's `next` at \"{0}\", or end a meter with End(\"{0}\")",
                    e.id
                )),
            );
        }
    }
}

/// The scenes and endings some path from the start leads to, conditions ignored; an ending
/// a meter's limit leads to counts when some way moves that meter towards the limit. What
/// `check` reports as unreachable (K0301, K0302) and the map marks.
pub(crate) fn reached(rp: &RolePlay) -> (Vec<bool>, Vec<bool>) {
    let mut seen_scene = vec![false; rp.scenes.len()];
    let mut seen_ending = vec![false; rp.endings.len()];
    let mut changed_down = vec![false; rp.meters.len()];
    let mut changed_up = vec![false; rp.meters.len()];
    let mut queue = VecDeque::from([rp.start]);
    seen_scene[rp.start] = true;
    let mut visit = |t: Target, queue: &mut VecDeque<usize>| match t {
        Target::Scene(s) => {
            if !seen_scene[s] {
                seen_scene[s] = true;
                queue.push_back(s);
            }
        }
        Target::Ending(e) => seen_ending[e] = true,
    };
    let mut note = |effects: &[Effect]| {
        for e in effects {
            if let Effect::Change { meter, by } = *e {
                if by < 0 {
                    changed_down[meter] = true;
                } else if by > 0 {
                    changed_up[meter] = true;
                }
            }
        }
    };
    while let Some(s) = queue.pop_front() {
        if let Some(branch) = &rp.scenes[s].branch {
            for route in &branch.routes {
                note(&route.effects);
                visit(route.next, &mut queue);
            }
            visit(branch.otherwise, &mut queue);
        }
        for ch in &rp.scenes[s].choices {
            note(&ch.effects);
            match &ch.next {
                Next::Go(t) => visit(*t, &mut queue),
                Next::Random(outcomes) => {
                    for o in outcomes.iter().filter(|o| o.possible()) {
                        note(&o.effects);
                        visit(o.next, &mut queue);
                    }
                }
            }
        }
    }
    for (m, meter) in rp.meters.iter().enumerate() {
        if let Limit::End(e) = meter.at_min
            && changed_down[m]
        {
            seen_ending[e] = true;
        }
        if let Limit::End(e) = meter.at_max
            && changed_up[m]
        {
            seen_ending[e] = true;
        }
    }
    (seen_scene, seen_ending)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clash(conditions: &[RawCondition]) -> Option<usize> {
        contradiction(conditions, &|_| (0, 100)).map(|(k, _)| k)
    }

    #[test]
    fn conditions_that_cannot_hold_together_are_found_and_ones_that_can_are_not() {
        use RawCondition::*;
        let m = || "trust".to_owned();
        assert_eq!(clash(&[AtLeast(m(), 60), AtMost(m(), 40)]), Some(1));
        // Whole numbers: nothing lies strictly between 50 and 51.
        assert_eq!(clash(&[Above(m(), 50), Below(m(), 51)]), Some(1));
        assert_eq!(
            clash(&[Below(m(), 51), Flag("f".into()), Above(m(), 50)]),
            Some(2)
        );
        assert_eq!(clash(&[Above(m(), 50), Below(m(), 52)]), None);
        assert_eq!(clash(&[AtLeast(m(), 40), AtMost(m(), 40)]), None);
        // Different meters do not clash.
        assert_eq!(clash(&[AtLeast(m(), 60), AtMost("money".into(), 40)]), None);
        // One that cannot hold alone is reported by itself, not as a pair.
        assert_eq!(clash(&[AtLeast(m(), 200), AtMost(m(), 40)]), None);
        assert_eq!(
            clash(&[NotFlag("f".into()), Flag("g".into()), Flag("f".into())]),
            Some(2)
        );
        assert_eq!(clash(&[Flag("f".into()), Flag("f".into())]), None);
        assert_eq!(
            clash(&[
                Chose("vote".into(), "equal".into()),
                NotChose("vote".into(), "equal".into())
            ]),
            Some(1)
        );
        assert_eq!(
            clash(&[
                Chose("vote".into(), "equal".into()),
                NotChose("vote".into(), "other".into())
            ]),
            None
        );
    }
}
