//! Simulating a role-play: bots choose, and every ending, meter limit and choice is counted.

use super::*;

#[derive(Clone)]
struct RpAcc {
    endings: Vec<u64>,
    lengths: Vec<f64>,
    stuck: u64,
    hit_min: Vec<u64>,
    hit_max: Vec<u64>,
    first_min_sum: Vec<f64>,
    first_max_sum: Vec<f64>,
    final_sum: Vec<f64>,
    scene_reached: Vec<u64>,
    /// Per global choice: runs that took it, and of those, runs with a Good ending.
    choice_runs: Vec<u64>,
    choice_good: Vec<u64>,
    /// Per route of every branch (its `otherwise` last): runs that took it, and of those,
    /// runs with a Good ending.
    route_runs: Vec<u64>,
    route_good: Vec<u64>,
    /// Per outcome of every random choice: times drawn.
    drawn: Vec<u64>,
    /// Per scene: runs stopped as endless that went round through it.
    looped: Vec<u64>,
}

pub(super) fn simulate_role_play(rp: &RolePlay, options: &Options) -> RolePlayReport {
    let index = &rp.choice_index;
    let total_choices = index.len();
    let meters = rp.meters.len();
    let max_steps = (rp.scenes.len() * 4).max(1_000);
    // Where each scene's routes, and each choice's outcomes, start in the flat counters.
    let mut route_base = Vec::with_capacity(rp.scenes.len());
    let mut total_routes = 0;
    for scene in &rp.scenes {
        route_base.push(total_routes);
        total_routes += scene.branch.as_ref().map_or(0, |b| b.routes.len() + 1);
    }
    let mut outcome_base = vec![0; total_choices];
    let mut total_outcomes = 0;
    for (s, scene) in rp.scenes.iter().enumerate() {
        for (c, choice) in scene.choices.iter().enumerate() {
            outcome_base[index.global(s, c)] = total_outcomes;
            if let Next::Random(outcomes) = &choice.next {
                total_outcomes += outcomes.len();
            }
        }
    }
    /// How many of the last scenes a run stopped as endless names.
    const TAIL: usize = 64;
    let new = || RpAcc {
        endings: vec![0; rp.endings.len()],
        lengths: Vec::new(),
        stuck: 0,
        hit_min: vec![0; meters],
        hit_max: vec![0; meters],
        first_min_sum: vec![0.0; meters],
        first_max_sum: vec![0.0; meters],
        final_sum: vec![0.0; meters],
        scene_reached: vec![0; rp.scenes.len()],
        choice_runs: vec![0; total_choices],
        choice_good: vec![0; total_choices],
        route_runs: vec![0; total_routes],
        route_good: vec![0; total_routes],
        drawn: vec![0; total_outcomes],
        looped: vec![0; rp.scenes.len()],
    };
    let one = |acc: &mut RpAcc, i: u64| {
        let seed = GameRng::derive(options.seed, i);
        let mut run = role_play::Run::new(rp, GameRng::derive(seed, 0));
        let mut bot = GameRng::new(GameRng::derive(seed, 1));
        let mut events = Vec::new();
        let mut reached = vec![false; rp.scenes.len()];
        let mut taken = vec![false; total_choices];
        let mut first_min: Vec<Option<usize>> = vec![None; meters];
        let mut first_max: Vec<Option<usize>> = vec![None; meters];
        reached[rp.start] = true;
        let mut taken_routes: Vec<usize> = Vec::new();
        // Choices made (the run's length), and every move, choices and branches alike.
        let mut steps = 0;
        let mut moves = 0;
        let mut tail = std::collections::VecDeque::with_capacity(TAIL);
        while let Position::Scene(scene) = run.position {
            if moves >= max_steps {
                acc.stuck += 1;
                let mut seen = vec![false; rp.scenes.len()];
                for &s in &tail {
                    if !std::mem::replace(&mut seen[s], true) {
                        acc.looped[s] += 1;
                    }
                }
                break;
            }
            if tail.len() == TAIL {
                tail.pop_front();
            }
            tail.push_back(scene);
            events.clear();
            let chosen = if run.at_branch(rp) {
                if run.apply(rp, &RpCommand::Continue, &mut events).is_err() {
                    acc.stuck += 1;
                    break;
                }
                None
            } else {
                let available = run.available(rp);
                let Some(choice) = pick_choice(rp, scene, &available, options.policy, &mut bot)
                else {
                    acc.stuck += 1;
                    break;
                };
                if run
                    .apply(rp, &RpCommand::Choose(choice), &mut events)
                    .is_err()
                {
                    acc.stuck += 1;
                    break;
                }
                steps += 1;
                taken[index.global(scene, choice)] = true;
                Some(choice)
            };
            moves += 1;
            for e in &events {
                match *e {
                    RpEvent::SceneEntered { scene } => reached[scene] = true,
                    RpEvent::MeterChanged { meter, to, .. } => {
                        let m = &rp.meters[meter];
                        if to <= m.min && first_min[meter].is_none() {
                            first_min[meter] = Some(steps);
                        }
                        if to >= m.max && first_max[meter].is_none() {
                            first_max[meter] = Some(steps);
                        }
                    }
                    RpEvent::BranchTaken { scene, route } => {
                        let routes = rp.scenes[scene]
                            .branch
                            .as_ref()
                            .map_or(0, |b| b.routes.len());
                        taken_routes.push(route_base[scene] + route.unwrap_or(routes));
                    }
                    RpEvent::OutcomeDrawn { outcome, .. } => {
                        if let Some(choice) = chosen {
                            acc.drawn[outcome_base[index.global(scene, choice)] + outcome] += 1;
                        }
                    }
                    _ => {}
                }
            }
        }
        let good = run
            .ended()
            .is_some_and(|e| rp.endings[e].tone == Tone::Good);
        if let Some(e) = run.ended() {
            acc.endings[e] += 1;
        }
        acc.lengths.push(steps as f64);
        for m in 0..meters {
            if let Some(s) = first_min[m] {
                acc.hit_min[m] += 1;
                acc.first_min_sum[m] += s as f64;
            }
            if let Some(s) = first_max[m] {
                acc.hit_max[m] += 1;
                acc.first_max_sum[m] += s as f64;
            }
            acc.final_sum[m] += f64::from(run.meters[m]);
        }
        for (s, r) in reached.iter().enumerate() {
            acc.scene_reached[s] += u64::from(*r);
        }
        for (c, t) in taken.iter().enumerate() {
            if *t {
                acc.choice_runs[c] += 1;
                acc.choice_good[c] += u64::from(good);
            }
        }
        taken_routes.sort_unstable();
        taken_routes.dedup();
        for r in taken_routes {
            acc.route_runs[r] += 1;
            acc.route_good[r] += u64::from(good);
        }
    };
    let merge = |a: &mut RpAcc, b: RpAcc| {
        let add = |x: &mut Vec<u64>, y: &[u64]| x.iter_mut().zip(y).for_each(|(x, y)| *x += y);
        let addf = |x: &mut Vec<f64>, y: &[f64]| x.iter_mut().zip(y).for_each(|(x, y)| *x += y);
        add(&mut a.endings, &b.endings);
        a.lengths.extend(b.lengths);
        a.stuck += b.stuck;
        add(&mut a.hit_min, &b.hit_min);
        add(&mut a.hit_max, &b.hit_max);
        addf(&mut a.first_min_sum, &b.first_min_sum);
        addf(&mut a.first_max_sum, &b.first_max_sum);
        addf(&mut a.final_sum, &b.final_sum);
        add(&mut a.scene_reached, &b.scene_reached);
        add(&mut a.choice_runs, &b.choice_runs);
        add(&mut a.choice_good, &b.choice_good);
        add(&mut a.route_runs, &b.route_runs);
        add(&mut a.route_good, &b.route_good);
        add(&mut a.drawn, &b.drawn);
        add(&mut a.looped, &b.looped);
    };
    let acc = run_chunks(options, new, one, merge);
    let runs = options.runs.max(1) as f64;
    let mut choices = Vec::new();
    let mut never_taken = Vec::new();
    for (s, scene) in rp.scenes.iter().enumerate() {
        for (c, choice) in scene.choices.iter().enumerate() {
            let g = index.global(s, c);
            let name = format!("{}/{}", scene.id, choice.id);
            if acc.choice_runs[g] == 0 && acc.scene_reached[s] > 0 {
                never_taken.push(name);
            }
            choices.push(ChoiceStat {
                scene: scene.id.clone(),
                choice: choice.id.clone(),
                runs: acc.choice_runs[g],
                good_after: ratio(acc.choice_good[g], acc.choice_runs[g]),
            });
        }
    }
    let mut routes = Vec::new();
    let mut outcomes = Vec::new();
    for (s, scene) in rp.scenes.iter().enumerate() {
        if let Some(branch) = &scene.branch {
            for r in 0..=branch.routes.len() {
                let k = route_base[s] + r;
                routes.push(ChoiceStat {
                    scene: scene.id.clone(),
                    choice: if r < branch.routes.len() {
                        format!("route {}", r + 1)
                    } else {
                        "otherwise".into()
                    },
                    runs: acc.route_runs[k],
                    good_after: ratio(acc.route_good[k], acc.route_runs[k]),
                });
            }
        }
        for (c, choice) in scene.choices.iter().enumerate() {
            if let Next::Random(list) = &choice.next {
                let base = outcome_base[index.global(s, c)];
                let drawn: u64 = acc.drawn[base..base + list.len()].iter().sum();
                for (o, outcome) in list.iter().enumerate() {
                    outcomes.push(OutcomeStat {
                        scene: scene.id.clone(),
                        choice: choice.id.clone(),
                        outcome: o + 1,
                        weight: outcome.weight,
                        chance: outcome.chance.as_ref().map(|f| f.source.clone()),
                        drawn: acc.drawn[base + o],
                        share: ratio(acc.drawn[base + o], drawn),
                    });
                }
            }
        }
    }
    let mut looping: Vec<(u64, usize)> = acc
        .looped
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(s, n)| (*n, s))
        .collect();
    looping.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    RolePlayReport {
        routes,
        outcomes,
        looping: looping
            .iter()
            .map(|&(_, s)| rp.scenes[s].id.clone())
            .collect(),
        endings: rp
            .endings
            .iter()
            .zip(&acc.endings)
            .map(|(e, n)| EndingStat {
                id: e.id.clone(),
                title: e.title.ko.clone(),
                tone: tone_name(e.tone),
                runs: *n,
            })
            .collect(),
        length: Spread::of(acc.lengths),
        stuck: acc.stuck,
        meters: rp
            .meters
            .iter()
            .enumerate()
            .map(|(m, meter)| MeterStat {
                id: meter.id.clone(),
                name: meter.name.ko.clone(),
                hit_min: acc.hit_min[m],
                hit_max: acc.hit_max[m],
                first_min_after: (acc.hit_min[m] > 0)
                    .then(|| acc.first_min_sum[m] / acc.hit_min[m] as f64),
                first_max_after: (acc.hit_max[m] > 0)
                    .then(|| acc.first_max_sum[m] / acc.hit_max[m] as f64),
                final_mean: acc.final_sum[m] / runs,
            })
            .collect(),
        choices,
        scenes_never_reached: rp
            .scenes
            .iter()
            .zip(&acc.scene_reached)
            .filter(|(_, n)| **n == 0)
            .map(|(s, _)| s.id.clone())
            .collect(),
        choices_never_taken: never_taken,
    }
}

pub(super) fn tone_name(t: Tone) -> &'static str {
    match t {
        Tone::Good => "good",
        Tone::Mixed => "mixed",
        Tone::Bad => "bad",
    }
}

/// A bot's choice among the available ones.
fn pick_choice(
    rp: &RolePlay,
    scene: usize,
    available: &[usize],
    policy: Policy,
    rng: &mut GameRng,
) -> Option<usize> {
    if available.is_empty() {
        return None;
    }
    if policy != Policy::Greedy {
        return Some(available[rng.below(available.len() as u64) as usize]);
    }
    // Greedy: the largest immediate gain in meters and score (random outcomes by expectation).
    let gain = |effects: &[crate::scenario::Effect]| -> f64 {
        effects
            .iter()
            .map(|e| match *e {
                crate::scenario::Effect::Change { by, .. } => f64::from(by),
                crate::scenario::Effect::Score(p) => f64::from(p),
                crate::scenario::Effect::Flag { .. } => 0.0,
            })
            .sum()
    };
    let value = |c: usize| {
        let choice = &rp.scenes[scene].choices[c];
        let mut v = gain(&choice.effects);
        if let Next::Random(outcomes) = &choice.next {
            // A chance counts as weight 1 here: its value depends on the meters.
            let weight = |o: &crate::scenario::Outcome| {
                if o.chance.is_some() {
                    1.0
                } else {
                    f64::from(o.weight)
                }
            };
            let total: f64 = outcomes.iter().map(weight).sum();
            if total > 0.0 {
                v += outcomes
                    .iter()
                    .map(|o| weight(o) / total * gain(&o.effects))
                    .sum::<f64>();
            }
        }
        v
    };
    let best = available
        .iter()
        .map(|&c| value(c))
        .fold(f64::NEG_INFINITY, f64::max);
    let top: Vec<usize> = available
        .iter()
        .copied()
        .filter(|&c| value(c) >= best)
        .collect();
    Some(top[rng.below(top.len() as u64) as usize])
}
