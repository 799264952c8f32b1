//! Validating a role-play: roles, meters, flags, scenes and their choices, endings, and which
//! scenes and endings a class can reach.

use super::*;

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
            Diagnostic::new(Code::NoEnding, "a role-play needs at least one ending")
                .hint("add an ending: (id: \"…\", title: \"…\", text: \"…\")"),
        );
    }
    if rp.scenes.is_empty() {
        c.report(
            &format!("{base}.scenes"),
            Diagnostic::new(Code::DeadEnd, "a role-play needs at least one scene")
                .hint("add a scene to start from"),
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
            format!("there is no scene or ending with the id '{id}'"),
        )
        .label("unknown scene");
        let d = match c.suggest(id, target_map.len(), target_map.keys().copied()) {
            Some(s) => d.hint(format!("did you mean '{s}'?")),
            None => d.hint("`next` names a scene or an ending of this scenario"),
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
                    format!("meter '{}' has min {min} above max {max}", m.id),
                )
                .hint("swap them, or fix the typo"),
            );
        } else if m.start < min || m.start > max {
            c.report(
                &format!("{}.start", p()),
                Diagnostic::new(
                    Code::MeterBounds,
                    format!(
                        "meter '{}' starts at {}, outside {min}..{max}",
                        m.id, m.start
                    ),
                )
                .label("out of bounds")
                .hint(format!("choose a start between {min} and {max}")),
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
        .flat_map(|s| &s.choices)
        .flat_map(|ch| {
            ch.effects
                .iter()
                .chain(ch.outcomes.iter().flat_map(|o| &o.effects))
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

    let mut scenes = Vec::new();
    for (i, s) in rp.scenes.iter().enumerate() {
        let p = || format!("{base}.scenes[{i}]");
        let speaker = s
            .speaker
            .as_ref()
            .and_then(|r| resolve(c, &role_map, r, || format!("{}.speaker", p()), "role"));
        let text = c.text(|| format!("{}.text", p()), &s.text);
        let image = c.image(|| format!("{}.image", p()), &s.image);
        if s.choices.is_empty() {
            c.report(
                &format!("{}.choices", p()),
                Diagnostic::new(
                    Code::DeadEnd,
                    format!(
                        "scene '{}' has no choices, so the game would stop here",
                        s.id
                    ),
                )
                .hint("add a choice with `next`, or make this an ending in `endings`"),
            );
        }
        if s.choices.len() > limits::CHOICES {
            c.report(
                &format!("{}.choices", p()),
                Diagnostic::new(
                    Code::Limit,
                    format!(
                        "scene '{}' has {} choices; a scene may have at most {}",
                        s.id,
                        s.choices.len(),
                        limits::CHOICES
                    ),
                )
                .hint("students pick with keys 1–9: split the choices across two scenes"),
            );
        }
        if !s.choices.is_empty() && s.choices.iter().all(|ch| !ch.requires.is_empty()) {
            c.report(
                &format!("{}.choices", p()),
                Diagnostic::new(Code::MaybeDeadEnd, format!("every choice of scene '{}' has a condition; if none holds, the class is stuck", s.id))
                    .hint("add one choice without `requires`"),
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
            let mut requires = Vec::new();
            for (k, cond) in ch.requires.iter().enumerate() {
                let kp = || format!("{}.requires[{k}]", cp());
                let meter_cond = |c: &mut Checker, m: &str, v: i32, compare: Compare| {
                    let meter = resolve(c, &meter_map, m, || format!("{}[0]", kp()), "meter")?;
                    let (min, max) = rp
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
                        c.report(
                            &kp(),
                            Diagnostic::new(Code::NeverHolds, format!("meter '{m}' stays within {min}..{max}, so this condition can never hold"))
                                .label("never true")
                                .hint("change the number, or the meter's min/max"),
                        );
                    }
                    Some(Condition::Meter {
                        meter,
                        compare,
                        value: v,
                    })
                };
                let condition = match cond {
                    RawCondition::AtLeast(m, v) => meter_cond(c, m, *v, Compare::AtLeast),
                    RawCondition::AtMost(m, v) => meter_cond(c, m, *v, Compare::AtMost),
                    RawCondition::Above(m, v) => meter_cond(c, m, *v, Compare::Above),
                    RawCondition::Below(m, v) => meter_cond(c, m, *v, Compare::Below),
                    RawCondition::Flag(f) | RawCondition::NotFlag(f) => {
                        let set = matches!(cond, RawCondition::Flag(_));
                        let flag = resolve(c, &flag_map, f, || format!("{}[0]", kp()), "flag");
                        if set && flag.is_some() && !flags_set.contains(f.as_str()) {
                            c.report(
                                &kp(),
                                Diagnostic::new(Code::NeverHolds, format!("no choice ever sets the flag '{f}', so this condition can never hold"))
                                    .label("never true")
                                    .hint(format!("add SetFlag(\"{f}\") to the effects of the choice that should unlock this")),
                            );
                        }
                        flag.map(|flag| Condition::Flag { flag, set })
                    }
                    RawCondition::Chose(sid, cid) | RawCondition::NotChose(sid, cid) => {
                        let taken = matches!(cond, RawCondition::Chose(..));
                        resolve(c, &scene_map, sid, || format!("{}[0]", kp()), "scene").and_then(
                            |scene| {
                                let in_scene: HashMap<&str, usize> = rp.scenes[scene]
                                    .choices
                                    .iter()
                                    .enumerate()
                                    .map(|(n, ch)| (ch.id.as_str(), n))
                                    .collect();
                                resolve(c, &in_scene, cid, || format!("{}[1]", kp()), "choice").map(
                                    |choice| Condition::Chose {
                                        scene,
                                        choice,
                                        taken,
                                    },
                                )
                            },
                        )
                    }
                };
                requires.extend(condition);
            }
            if requires.len() == ch.requires.len()
                && let Some((k, why)) = contradiction(&ch.requires, &|m| {
                    rp.meters
                        .iter()
                        .find(|x| x.id == m)
                        .map_or((0, 100), |m| (m.min.unwrap_or(0), m.max.unwrap_or(100)))
                })
            {
                c.report(
                    &format!("{}.requires[{k}]", cp()),
                    Diagnostic::new(
                        Code::NeverHolds,
                        format!("{why}, so this choice can never be taken"),
                    )
                    .label("contradicts an earlier condition")
                    .hint(
                        if matches!(
                            ch.requires[k],
                            RawCondition::AtLeast(..)
                                | RawCondition::AtMost(..)
                                | RawCondition::Above(..)
                                | RawCondition::Below(..)
                        ) {
                            "change a number so that some value meets both, or remove one of them"
                        } else {
                            "remove one of the two conditions"
                        },
                    ),
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
                    if ch.outcomes.iter().all(|o| o.weight == 0) {
                        c.report(
                            &format!("{}.outcomes", cp()),
                            Diagnostic::new(
                                Code::ZeroWeights,
                                "every outcome has weight 0, so none can happen",
                            )
                            .hint("give the outcomes weights like 3 and 1 (3 times as likely)"),
                        );
                    }
                    let mut outs = Vec::new();
                    for (k, o) in ch.outcomes.iter().enumerate() {
                        let op = || format!("{}.outcomes[{k}]", cp());
                        let text = o
                            .text
                            .as_ref()
                            .map(|t| c.text(|| format!("{}.text", op()), t));
                        let effects = effects(c, &o.effects, &|| format!("{}.effects", op()));
                        if let Some(next) = resolve_target(c, &o.next, &format!("{}.next", op())) {
                            outs.push(Outcome {
                                weight: o.weight,
                                text,
                                effects,
                                next,
                            });
                        }
                    }
                    Some(Next::Random(outs))
                }
                (Some(_), false) => {
                    c.report_name(
                        &format!("{}.next", cp()),
                        Diagnostic::new(Code::NextAndOutcomes, format!("choice '{}' has both `next` and `outcomes`", ch.id))
                            .hint("use `next` for a fixed next scene, or `outcomes` for a random one, not both"),
                    );
                    None
                }
                (None, true) => {
                    c.report(
                        &cp(),
                        Diagnostic::new(
                            Code::NextAndOutcomes,
                            format!("choice '{}' does not say where it leads", ch.id),
                        )
                        .label("add next: \"…\"")
                        .hint(
                            "add `next: \"scene-id\"` (a scene or an ending), or random `outcomes`",
                        ),
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
        scenes.push(Scene {
            id: s.id.clone(),
            speaker,
            text,
            image,
            choices,
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

/// Scenes and endings that no path from the start reaches (conditions ignored: reachable
/// means some sequence of choices leads there).
/// Two conditions of one choice that can never hold together (each may hold alone; those
/// that cannot are reported by themselves): the later one's index and why.
/// `range` gives a meter's min and max.
fn contradiction(
    conditions: &[RawCondition],
    range: &dyn Fn(&str) -> (i32, i32),
) -> Option<(usize, String)> {
    let show = |c: &RawCondition| match c {
        RawCondition::AtLeast(m, v) => format!("AtLeast(\"{m}\", {v})"),
        RawCondition::AtMost(m, v) => format!("AtMost(\"{m}\", {v})"),
        RawCondition::Above(m, v) => format!("Above(\"{m}\", {v})"),
        RawCondition::Below(m, v) => format!("Below(\"{m}\", {v})"),
        RawCondition::Flag(f) => format!("Flag(\"{f}\")"),
        RawCondition::NotFlag(f) => format!("NotFlag(\"{f}\")"),
        RawCondition::Chose(s, ch) => format!("Chose(\"{s}\", \"{ch}\")"),
        RawCondition::NotChose(s, ch) => format!("NotChose(\"{s}\", \"{ch}\")"),
    };
    let clash = |a: &RawCondition, b: &RawCondition| {
        format!("`{}` and `{}` cannot both hold", show(a), show(b))
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

fn reachability(c: &mut Checker, rp: &RolePlay, base: &str) {
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
        for ch in &rp.scenes[s].choices {
            note(&ch.effects);
            match &ch.next {
                Next::Go(t) => visit(*t, &mut queue),
                Next::Random(outcomes) => {
                    for o in outcomes.iter().filter(|o| o.weight > 0) {
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
    for (i, s) in rp.scenes.iter().enumerate() {
        if !seen_scene[i] {
            c.report(
                &format!("{base}.scenes[{i}].id"),
                Diagnostic::new(
                    Code::UnreachableScene,
                    format!("no path from the start leads to scene '{}'", s.id),
                )
                .label("unreachable")
                .hint(format!(
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
                    format!("no path from the start leads to ending '{}'", e.id),
                )
                .label("unreachable")
                .hint(format!(
                    "point a choice's `next` at \"{}\", or end a meter with End(\"{}\")",
                    e.id, e.id
                )),
            );
        }
    }
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
