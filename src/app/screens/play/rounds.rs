//! The team game on the projector: the round and its cards, every team's decision entry,
//! the quiz, and the revealed round.

use super::*;

pub(super) fn team_game_view(
    ui: &mut egui::Ui,
    ctx: &egui::Context,
    active: &Active,
    game: &team_game::Game,
    tg: &crate::scenario::TeamGame,
    lang: Lang,
    entry: &mut DecisionDraft,
    input: &mut MessageWriter<ClassInput>,
    next: &mut NextState<Screen>,
) {
    let ko = lang == Lang::Ko;
    let teams = &active.setup().teams;
    let heading = if game.round == 0 && tg.practice {
        // The practice round: said plainly, so no one thinks it counts.
        if ko {
            "연습 라운드 (점수에 들어가지 않아요)".to_owned()
        } else {
            "Practice round (it does not count)".to_owned()
        }
    } else {
        format!(
            "{} {} / {}",
            if ko { "라운드" } else { "Round" },
            game.round.max(1),
            tg.rounds
        )
    };
    ui.label(theme::text(ctx, heading, size::HEADING).strong());
    // The class goal (or, once decided, the class's result) and the stocks it is about.
    let _ = scoreboard::class_result(ui, ctx, active, lang);
    scoreboard::stocks(ui, ctx, game, tg, lang);
    for &c in &game.cards {
        let card = &tg.deck[c];
        egui::Frame::group(ui.style())
            .fill(palette::egui(palette::SURFACE))
            .show(ui, |ui| {
                ui.label(
                    theme::text(ctx, format!("🃏 {}", card.title.get(lang)), size::BODY)
                        .color(palette::egui(palette::ACCENT)),
                );
                ui.label(theme::text(ctx, card.text.get(lang), size::SMALL));
            });
    }
    match game.phase {
        Phase::Deciding => {
            if entry.round != game.round || entry.values.len() != teams.len() {
                entry.round = game.round;
                // Every team starts from the least it may decide.
                entry.problem = None;
                entry.values = (0..teams.len())
                    .map(|t| {
                        active.least_decision(t).unwrap_or_else(|e| {
                            entry.problem.get_or_insert(e.to_string());
                            Vec::new()
                        })
                    })
                    .collect();
                entry.answers = vec![0; teams.len()];
            }
            if let Some(problem) = &entry.problem {
                ui.label(
                    theme::text(ctx, format!("⚠ {problem}"), size::SMALL)
                        .color(palette::egui(palette::PROBLEM)),
                );
            }
            for d in &tg.decisions {
                ui.label(theme::text(ctx, d.prompt.get(lang), size::BODY));
            }
            let quizzes: Vec<usize> = game.quizzes_now(tg).collect();
            for &q in &quizzes {
                let quiz = &tg.quizzes[q];
                ui.label(
                    theme::text(ctx, format!("❓ {}", quiz.question.get(lang)), size::BODY)
                        .color(palette::egui(palette::ACCENT)),
                );
                for (o, option) in quiz.options.iter().enumerate() {
                    ui.label(theme::text(
                        ctx,
                        format!("   {}. {}", o + 1, option.get(lang)),
                        size::SMALL,
                    ));
                }
            }
            egui::Grid::new("decisions")
                .spacing(egui::vec2(theme::px(ctx, 1.5), theme::px(ctx, 0.8)))
                .show(ui, |ui| {
                    for (t, team) in teams.iter().enumerate() {
                        let decided = game.decisions[t].is_some();
                        ui.label(
                            theme::text(ctx, super::team_title(active, t, lang), size::SMALL)
                                .color(colour(&team.colour)),
                        );
                        for (d, decision) in tg.decisions.iter().enumerate() {
                            let bounds = game.bounds(tg, t, d).unwrap_or((0, 0));
                            let Some(value) = entry.values[t].get_mut(d) else {
                                continue;
                            };
                            match (value, &decision.kind) {
                                (Decided::Number(n), _) => {
                                    ui.add(egui::DragValue::new(n).range(bounds.0..=bounds.1));
                                }
                                (Decided::Pick(o), DecisionKind::Pick(options)) => {
                                    egui::ComboBox::from_id_salt(("pick", t, d))
                                        .selected_text(options[*o].text.get(lang))
                                        .show_ui(ui, |ui| {
                                            for (k, option) in options.iter().enumerate() {
                                                ui.selectable_value(o, k, option.text.get(lang));
                                            }
                                        });
                                }
                                (Decided::Split(v), _) => {
                                    ui.horizontal(|ui| {
                                        for x in v.iter_mut() {
                                            ui.add(
                                                egui::DragValue::new(x)
                                                    .range(0..=bounds.0.max(0) as u32),
                                            );
                                        }
                                    });
                                }
                                (Decided::Allocate(v), kind) => {
                                    // Per other team, one amount per criterion.
                                    let k = kind.criteria().max(1);
                                    ui.horizontal_wrapped(|ui| {
                                        for (u, other) in teams.iter().enumerate() {
                                            if u == t {
                                                continue;
                                            }
                                            ui.label(
                                                theme::text(ctx, &other.icon, size::SMALL)
                                                    .color(colour(&other.colour)),
                                            );
                                            for x in v.iter_mut().skip(u * k).take(k) {
                                                ui.add(
                                                    egui::DragValue::new(x)
                                                        .range(0..=bounds.0.max(0) as u32),
                                                );
                                            }
                                        }
                                    });
                                }
                                _ => {}
                            }
                        }
                        for &q in &quizzes {
                            let options = tg.quizzes[q].options.len();
                            ui.add(
                                egui::DragValue::new(&mut entry.answers[t])
                                    .range(0..=options - 1)
                                    .custom_formatter(|v, _| format!("{}번", v as usize + 1)),
                            );
                        }
                        if ui
                            .button(theme::text(
                                ctx,
                                if decided {
                                    "✔"
                                } else if ko {
                                    "결정"
                                } else {
                                    "decide"
                                },
                                size::SMALL,
                            ))
                            .clicked()
                        {
                            input.write(
                                Command::TeamGame(team_game::Command::Decide {
                                    team: t,
                                    values: entry.values[t].clone(),
                                })
                                .into(),
                            );
                            for &q in &quizzes {
                                input.write(
                                    Command::TeamGame(team_game::Command::Answer {
                                        team: t,
                                        quiz: q,
                                        option: entry.answers[t],
                                    })
                                    .into(),
                                );
                            }
                        }
                        ui.end_row();
                    }
                });
            let all = game.decisions.iter().all(Option::is_some);
            let reveal = ui.add_enabled(
                all,
                egui::Button::new(theme::text(
                    ctx,
                    if ko {
                        "결과 공개 (R)"
                    } else {
                        "Reveal (R)"
                    },
                    size::BODY,
                )),
            );
            if reveal.clicked() || (all && ui.input(|i| i.key_pressed(egui::Key::R))) {
                input.write(Command::TeamGame(team_game::Command::Resolve).into());
            }
        }
        Phase::Step(step) => {
            let step = &tg.steps[step];
            ui.add_space(theme::px(ctx, 1.0));
            ui.label(
                theme::text(ctx, step.prompt.get(lang), size::HEADING)
                    .color(palette::egui(palette::ACCENT))
                    .strong(),
            );
            let label = match step.kind {
                crate::scenario::StepKind::Pitch => {
                    let team = &teams[game.presenting.min(teams.len() - 1)];
                    ui.label(
                        theme::text(
                            ctx,
                            format!(
                                "{} {} {}",
                                team.icon,
                                team.name,
                                if ko { "발표" } else { "presents" }
                            ),
                            size::HEADING,
                        )
                        .color(colour(&team.colour))
                        .strong(),
                    );
                    if game.presenting + 1 < teams.len() {
                        if ko {
                            "다음 팀 (Enter)"
                        } else {
                            "Next team (Enter)"
                        }
                    } else if ko {
                        "계속 (Enter)"
                    } else {
                        "Go on (Enter)"
                    }
                }
                crate::scenario::StepKind::Discussion => {
                    if ko {
                        "계속 (Enter)"
                    } else {
                        "Go on (Enter)"
                    }
                }
            };
            if game.round > 0 && !matches!(step.kind, crate::scenario::StepKind::Pitch) {
                results(ui, ctx, active, game, tg, lang);
            }
            let go = ui
                .button(theme::text(ctx, label, size::BODY).strong())
                .clicked()
                || ui.input(|i| i.key_pressed(egui::Key::Enter));
            if go {
                input.write(Command::TeamGame(team_game::Command::NextStep).into());
            }
        }
        Phase::BetweenRounds | Phase::Finished => {
            // After a round, or after the practice round (round 0, shown like one).
            if game.round > 0 || (tg.practice && !game.practicing) {
                results(ui, ctx, active, game, tg, lang);
            }
            let label = match (game.phase, ko) {
                (Phase::Finished, true) => "돌아보기 (Enter)",
                (Phase::Finished, false) => "Debrief (Enter)",
                (_, true) => "라운드 시작 (Enter)",
                (_, false) => "Begin round (Enter)",
            };
            let go = ui
                .button(theme::text(ctx, label, size::BODY).strong())
                .clicked()
                || ui.input(|i| i.key_pressed(egui::Key::Enter));
            if go {
                if game.phase == Phase::Finished {
                    next.set(Screen::Debrief);
                } else {
                    input.write(Command::TeamGame(team_game::Command::BeginRound).into());
                }
            }
        }
    }
}

/// The revealed round: shared values, quiz explanations and (unless hidden) the scores.
fn results(
    ui: &mut egui::Ui,
    ctx: &egui::Context,
    active: &Active,
    game: &team_game::Game,
    tg: &crate::scenario::TeamGame,
    lang: Lang,
) {
    let ko = lang == Lang::Ko;
    for (s, shared) in tg.shared.iter().enumerate() {
        if let Some(name) = &shared.name {
            ui.label(theme::text(
                ctx,
                format!("{}: {:.1}", name.get(lang), game.shared[s]),
                size::BODY,
            ));
        }
    }
    // What each team decided, for the decisions the scenario makes public.
    let teams = &active.setup().teams;
    // What each team received from an allocation: money raised, by criterion.
    for (d, decision) in tg.decisions.iter().enumerate() {
        let DecisionKind::Allocate { criteria, .. } = &decision.kind else {
            continue;
        };
        ui.label(
            theme::text(ctx, if ko { "받은 투자" } else { "Received" }, size::SMALL)
                .color(palette::egui(palette::MUTED)),
        );
        let received = game.received(tg, d);
        for (t, team) in teams.iter().enumerate() {
            let got = &received[t];
            let parts = criteria
                .iter()
                .zip(got)
                .map(|(c, n)| format!("{} {n}", c.text.get(lang)))
                .collect::<Vec<_>>()
                .join(" · ");
            ui.label(
                theme::text(
                    ctx,
                    format!(
                        "{} {}  {}{}",
                        team.icon,
                        team.name,
                        got.iter().sum::<f64>(),
                        if parts.is_empty() {
                            String::new()
                        } else {
                            format!("  ({parts})")
                        }
                    ),
                    size::BODY,
                )
                .color(colour(&team.colour))
                .strong(),
            );
        }
    }
    for (d, decision) in tg
        .decisions
        .iter()
        .enumerate()
        .filter(|(_, d)| d.public && !matches!(d.kind, DecisionKind::Allocate { .. }))
    {
        ui.label(
            theme::text(ctx, decision.prompt.get(lang), size::SMALL)
                .color(palette::egui(palette::MUTED)),
        );
        ui.horizontal_wrapped(|ui| {
            for (t, team) in teams.iter().enumerate() {
                let Some(value) = game
                    .decisions
                    .get(t)
                    .and_then(|v| v.as_ref())
                    .and_then(|v| v.get(d))
                else {
                    continue;
                };
                let shown = match (value, &decision.kind) {
                    (team_game::Decided::Pick(o), DecisionKind::Pick(options)) => options
                        .get(*o)
                        .map_or_else(String::new, |o| o.text.get(lang).to_owned()),
                    (team_game::Decided::Number(n), _) => n.to_string(),
                    (team_game::Decided::Split(v), DecisionKind::Split { categories, .. }) => {
                        categories
                            .iter()
                            .zip(v)
                            .map(|(c, n)| format!("{} {n}", c.text.get(lang)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    }
                    _ => String::new(),
                };
                ui.label(
                    theme::text(
                        ctx,
                        format!("{}  {shown}", super::team_title(active, t, lang)),
                        size::BODY,
                    )
                    .color(colour(&team.colour))
                    .strong(),
                );
                ui.add_space(theme::px(ctx, 2.0));
            }
        });
    }
    // Each question of the round again, its answer, how many teams had it, and why.
    for (q, quiz) in tg
        .quizzes
        .iter()
        .enumerate()
        .filter(|(_, q)| q.round == game.round)
    {
        ui.label(
            theme::text(ctx, format!("❓ {}", quiz.question.get(lang)), size::SMALL)
                .color(palette::egui(palette::MUTED)),
        );
        let answers: Vec<bool> = game
            .quiz_record
            .iter()
            .filter(|(k, _, _)| *k == q)
            .map(|&(_, _, right)| right)
            .collect();
        let right = answers.iter().filter(|r| **r).count();
        let tally = match (lang, answers.is_empty()) {
            (_, true) => String::new(),
            (Lang::Ko, false) => format!("  (맞힌 팀 {right}/{})", answers.len()),
            (Lang::En, false) => format!("  ({right} of {} teams right)", answers.len()),
        };
        ui.label(
            theme::text(
                ctx,
                format!(
                    "💡 {} {}{tally}",
                    if lang == Lang::Ko {
                        "정답:"
                    } else {
                        "Answer:"
                    },
                    quiz.options[quiz.answer].get(lang)
                ),
                size::BODY,
            )
            .color(palette::egui(palette::ACCENT)),
        );
        ui.label(theme::text(ctx, quiz.explanation.get(lang), size::SMALL));
    }
    if active.setup().hide_leaderboard && game.phase != Phase::Finished {
        return;
    }
    if tg.goal.as_ref().is_some_and(|g| !g.show_scores) {
        return;
    }
    scoreboard(ui, ctx, active, lang);
}
