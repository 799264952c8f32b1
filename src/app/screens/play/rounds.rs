//! The team game on the projector: the round and its cards, every team's decision entry,
//! the quiz, and the revealed round.

use super::*;

pub(super) fn team_game_view(
    ui: &mut egui::Ui,
    ctx: &egui::Context,
    pictures: &mut crate::app::pictures::Pictures,
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
    scoreboard::stocks(ui, ctx, active, game, tg, lang);
    for &c in &game.cards {
        let card = &tg.deck[c];
        let picture = card.image.as_ref().and_then(|p| pictures.get(ctx, p));
        // An event card: its picture on the left when it has one (else the card sign), its
        // title and what it does this round beside it.
        egui::Frame::group(ui.style())
            .fill(palette::egui(palette::SURFACE))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                theme::beside_picture(ui, ctx, picture.as_ref(), 9.0, |ui| {
                    let sign = if picture.is_some() { "" } else { "🃏 " };
                    ui.label(
                        theme::text(ctx, format!("{sign}{}", card.title.get(lang)), size::BODY)
                            .color(palette::egui(palette::ACCENT)),
                    );
                    ui.label(theme::text(ctx, card.text.get(lang), size::SMALL));
                });
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
            team_strip(ui, ctx, active, game, lang);
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
                theme::primary(
                    ctx,
                    if ko {
                        "결과 공개 (R)"
                    } else {
                        "Reveal (R)"
                    },
                ),
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
            let go = ui.add(theme::primary(ctx, label)).clicked()
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
            let go = ui.add(theme::primary(ctx, label)).clicked()
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

/// The revealed round, in the order the class reads it: the shared values as tiles, the
/// quiz answers, then what each team decided (a column each for a public number) beside the
/// scores as bars (unless hidden).
fn results(
    ui: &mut egui::Ui,
    ctx: &egui::Context,
    active: &Active,
    game: &team_game::Game,
    tg: &crate::scenario::TeamGame,
    lang: Lang,
) {
    shared_tiles(ui, ctx, game, tg, lang);
    quiz_answers(ui, ctx, game, tg, lang);
    let hidden_for_now = active.setup().hide_leaderboard && game.phase != Phase::Finished;
    let scores_shown = !hidden_for_now && tg.goal.as_ref().is_none_or(|g| g.show_scores);
    let decided = tg.decisions.iter().any(|d| d.public)
        || tg
            .decisions
            .iter()
            .any(|d| matches!(d.kind, DecisionKind::Allocate { .. }));
    match (decided, scores_shown) {
        (true, true) => {
            ui.columns(2, |columns| {
                decisions_revealed(&mut columns[0], ctx, active, game, tg, lang);
                scoreboard(&mut columns[1], ctx, active, lang);
            });
        }
        (true, false) => decisions_revealed(ui, ctx, active, game, tg, lang),
        (false, true) => scoreboard(ui, ctx, active, lang),
        (false, false) => {}
    }
}

/// The shared values as tiles across the stage: the name small, the number large and whole
/// when it counts things.
fn shared_tiles(
    ui: &mut egui::Ui,
    ctx: &egui::Context,
    game: &team_game::Game,
    tg: &crate::scenario::TeamGame,
    lang: Lang,
) {
    let named: Vec<(usize, &crate::scenario::Text)> = tg
        .shared
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.name.as_ref().map(|n| (i, n)))
        .collect();
    if named.is_empty() {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        for (i, name) in named {
            egui::Frame::new()
                .fill(palette::egui(palette::SURFACE))
                .corner_radius(theme::px(ctx, 0.6))
                .inner_margin(theme::px(ctx, 0.8))
                .show(ui, |ui| {
                    ui.set_max_width(theme::px(ctx, 36.0));
                    ui.vertical(|ui| {
                        ui.label(
                            theme::text(ctx, name.get(lang), size::SMALL)
                                .color(palette::egui(palette::MUTED)),
                        );
                        ui.label(
                            theme::text(ctx, theme::number(game.shared[i]), size::HEADING).strong(),
                        );
                    });
                });
        }
    });
}

/// Each question of the round again, its answer, how many teams had it, and why.
fn quiz_answers(
    ui: &mut egui::Ui,
    ctx: &egui::Context,
    game: &team_game::Game,
    tg: &crate::scenario::TeamGame,
    lang: Lang,
) {
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
}

/// What each team decided, for the decisions the scenario makes public, and what each
/// received from an allocation.
fn decisions_revealed(
    ui: &mut egui::Ui,
    ctx: &egui::Context,
    active: &Active,
    game: &team_game::Game,
    tg: &crate::scenario::TeamGame,
    lang: Lang,
) {
    let ko = lang == Lang::Ko;
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
        // Criteria shown by the strength of the team's colour, with a key.
        const SHADES: [f32; 4] = [1.0, 0.6, 0.32, 0.18];
        let shade = |c: egui::Color32, k: usize| c.gamma_multiply(SHADES[k.min(SHADES.len() - 1)]);
        ui.horizontal_wrapped(|ui| {
            for (k, c) in criteria.iter().enumerate() {
                let (swatch, _) = ui.allocate_exact_size(
                    egui::vec2(theme::px(ctx, 2.0), theme::px(ctx, 2.0)),
                    egui::Sense::hover(),
                );
                ui.painter()
                    .rect_filled(swatch, 2.0, shade(palette::egui(palette::TEXT), k));
                ui.label(theme::text(ctx, c.text.get(lang), size::SMALL));
            }
        });
        let received = game.received(tg, d);
        let most = received
            .iter()
            .map(|got| got.iter().sum::<f64>())
            .fold(1.0, f64::max);
        let bar = theme::px(ctx, size::BODY) * 0.8;
        for (t, team) in teams.iter().enumerate() {
            let got = &received[t];
            let total: f64 = got.iter().sum();
            ui.horizontal(|ui| {
                ui.label(team_label(ctx, team));
                let room = (ui.available_width() - theme::px(ctx, 8.0)).max(0.0);
                let grown = theme::grow(ctx, egui::Id::new(("received", game.round, d, t)), 1.0);
                let (rect, _) = ui.allocate_exact_size(
                    egui::vec2(room * (total / most) as f32 * grown, bar),
                    egui::Sense::hover(),
                );
                // One segment per criterion, in the team's colour, strongest first.
                let mut x = rect.left();
                for (k, n) in got.iter().enumerate() {
                    let w = if total > 0.0 {
                        rect.width() * (*n / total) as f32
                    } else {
                        0.0
                    };
                    let seg =
                        egui::Rect::from_min_size(egui::pos2(x, rect.top()), egui::vec2(w, bar));
                    ui.painter()
                        .rect_filled(seg, 0.0, shade(colour(&team.colour), k));
                    x += w;
                }
                ui.label(theme::text(ctx, theme::number(total), size::BODY).strong());
            });
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
        if let DecisionKind::Number { .. } = decision.kind {
            number_columns(ui, ctx, active, game, tg, d, lang);
            ui.add_space(theme::px(ctx, 1.0));
            continue;
        }
        let value = |t: usize| {
            game.decisions
                .get(t)
                .and_then(|v| v.as_ref())
                .and_then(|v| v.get(d))
        };
        match &decision.kind {
            // Teams grouped by what they picked: one row per option chosen, the teams that
            // chose it as chips in their colours and shapes, and how many.
            DecisionKind::Pick(options) => {
                for (o, option) in options.iter().enumerate() {
                    let who: Vec<_> = teams
                        .iter()
                        .enumerate()
                        .filter(|(t, _)| matches!(value(*t), Some(team_game::Decided::Pick(p)) if *p == o))
                        .map(|(_, team)| team)
                        .collect();
                    if who.is_empty() {
                        continue;
                    }
                    // One line: how many, who (colour and shape), then the option, cut to
                    // the column.
                    ui.horizontal(|ui| {
                        let n = who.len();
                        ui.label(
                            theme::text(
                                ctx,
                                if ko {
                                    format!("{n}팀")
                                } else {
                                    format!("{n}×")
                                },
                                size::SMALL,
                            )
                            .strong(),
                        );
                        for team in &who {
                            ui.label(team_label(ctx, team));
                        }
                        ui.add(
                            egui::Label::new(
                                theme::text(
                                    ctx,
                                    format!("· {}", option.text.get(lang)),
                                    size::SMALL,
                                )
                                .color(palette::egui(palette::MUTED)),
                            )
                            .truncate(),
                        );
                    });
                }
            }
            // Each team's tokens as one bar in its colour, a shade per category (with a
            // key), each segment's number inside it.
            DecisionKind::Split { categories, .. } => {
                const SHADES: [f32; 4] = [1.0, 0.6, 0.32, 0.18];
                let shade =
                    |c: egui::Color32, k: usize| c.gamma_multiply(SHADES[k.min(SHADES.len() - 1)]);
                ui.horizontal_wrapped(|ui| {
                    for (k, c) in categories.iter().enumerate() {
                        let (swatch, _) = ui.allocate_exact_size(
                            egui::vec2(theme::px(ctx, 2.0), theme::px(ctx, 2.0)),
                            egui::Sense::hover(),
                        );
                        ui.painter().rect_filled(
                            swatch,
                            2.0,
                            shade(palette::egui(palette::TEXT), k),
                        );
                        ui.label(theme::text(ctx, c.text.get(lang), size::SMALL));
                    }
                });
                let split = |t: usize| match value(t) {
                    Some(team_game::Decided::Split(v)) => v.clone(),
                    _ => Vec::new(),
                };
                let most = (0..teams.len())
                    .map(|t| split(t).iter().sum::<u32>())
                    .max()
                    .unwrap_or(0)
                    .max(1);
                let bar = theme::px(ctx, size::SMALL) * 0.9;
                for (t, team) in teams.iter().enumerate() {
                    let got = split(t);
                    let total: u32 = got.iter().sum();
                    ui.horizontal(|ui| {
                        ui.add_sized(
                            egui::vec2(theme::px(ctx, 14.0), bar),
                            egui::Label::new(team_label(ctx, team)).truncate(),
                        );
                        let room = (ui.available_width() - theme::px(ctx, 2.0))
                            .clamp(0.0, theme::px(ctx, 60.0));
                        let grown =
                            theme::grow(ctx, egui::Id::new(("split", game.round, d, t)), 1.0);
                        let (rect, _) = ui.allocate_exact_size(
                            egui::vec2(room * (total as f32 / most as f32) * grown, bar),
                            egui::Sense::hover(),
                        );
                        let mut x = rect.left();
                        for (k, n) in got.iter().enumerate() {
                            let w = if total > 0 {
                                rect.width() * (*n as f32 / total as f32)
                            } else {
                                0.0
                            };
                            let seg = egui::Rect::from_min_size(
                                egui::pos2(x, rect.top()),
                                egui::vec2(w, bar),
                            );
                            ui.painter()
                                .rect_filled(seg, 0.0, shade(colour(&team.colour), k));
                            if *n > 0 && w > bar {
                                ui.painter().text(
                                    seg.center(),
                                    egui::Align2::CENTER_CENTER,
                                    n.to_string(),
                                    egui::FontId::proportional(bar * 0.8),
                                    if k == 0 {
                                        palette::egui(palette::BACKGROUND)
                                    } else {
                                        palette::egui(palette::TEXT)
                                    },
                                );
                            }
                            x += w;
                        }
                    });
                }
            }
            _ => {}
        }
        ui.add_space(theme::px(ctx, 0.6));
    }
}

/// A team's icon and name in its colour, as the reveal's rows start.
fn team_label(ctx: &egui::Context, team: &crate::session::Team) -> egui::RichText {
    theme::text(ctx, format!("{} {}", team.icon, team.name), size::SMALL)
        .color(colour(&team.colour))
        .strong()
}

/// A public Number decision at the reveal: one column per team in its colour, as tall as what
/// it decided against the most any team could, the number on top and the team below, so the
/// class sees at a glance who gave (or caught) how much. Columns grow in once (calm mode: at
/// once).
fn number_columns(
    ui: &mut egui::Ui,
    ctx: &egui::Context,
    active: &Active,
    game: &team_game::Game,
    tg: &crate::scenario::TeamGame,
    d: usize,
    lang: Lang,
) {
    let teams = &active.setup().teams;
    let values: Vec<Option<i64>> = (0..teams.len())
        .map(|t| {
            match game
                .decisions
                .get(t)
                .and_then(|v| v.as_ref())
                .and_then(|v| v.get(d))
            {
                Some(team_game::Decided::Number(n)) => Some(*n),
                _ => None,
            }
        })
        .collect();
    // The scale: the most any team could decide this round, else the most decided.
    let most = (0..teams.len())
        .filter_map(|t| game.bounds(tg, t, d).ok().map(|b| b.1))
        .chain(values.iter().flatten().copied())
        .max()
        .unwrap_or(1)
        .max(1) as f32;
    let width = ui
        .available_width()
        .min(theme::px(ctx, 16.0) * teams.len() as f32);
    let height = theme::px(ctx, 17.0);
    let (area, _) = ui.allocate_exact_size(egui::vec2(width, height), egui::Sense::hover());
    let painter = ui.painter();
    let slot = width / teams.len() as f32;
    let label = theme::px(ctx, size::SMALL) * 1.3;
    let font = |pct: f32| egui::FontId::proportional(theme::px(ctx, pct));
    for (t, team) in teams.iter().enumerate() {
        let Some(value) = values[t] else {
            continue;
        };
        let share = theme::grow(
            ctx,
            egui::Id::new(("column", game.round, d, t)),
            value.max(0) as f32 / most,
        );
        // Room below for the team, above for the number.
        let base = area.bottom() - label;
        let room = height - label - theme::px(ctx, size::BODY) * 1.3;
        let x = area.left() + slot * t as f32;
        let rect = egui::Rect::from_min_max(
            egui::pos2(x + slot * 0.18, base - room * share),
            egui::pos2(x + slot * 0.82, base),
        );
        painter.rect_filled(rect, theme::px(ctx, 0.4), colour(&team.colour));
        painter.text(
            rect.center_top() - egui::vec2(0.0, theme::px(ctx, 0.3)),
            egui::Align2::CENTER_BOTTOM,
            value.to_string(),
            font(size::BODY),
            palette::egui(palette::TEXT),
        );
        painter.text(
            egui::pos2(x + slot * 0.5, base + theme::px(ctx, 0.4)),
            egui::Align2::CENTER_TOP,
            format!("{} {}", team.icon, team.name),
            font(size::SMALL),
            colour(&team.colour),
        );
    }
    let _ = lang;
}

/// Every team as a card in its colour and shape while the round is being decided: its name
/// (and role), and whether it has decided, so the class sees who is still thinking without
/// seeing what anyone chose.
fn team_strip(
    ui: &mut egui::Ui,
    ctx: &egui::Context,
    active: &Active,
    game: &team_game::Game,
    lang: Lang,
) {
    let teams = &active.setup().teams;
    let ko = lang == Lang::Ko;
    let height = theme::px(ctx, 8.5);
    let pad = theme::px(ctx, 1.0);
    let (area, _) = ui.allocate_exact_size(
        egui::vec2(ui.available_width(), height),
        egui::Sense::hover(),
    );
    let gap = theme::px(ctx, 0.8);
    let slot = (area.width() + gap) / teams.len() as f32;
    let painter = ui.painter();
    for (t, team) in teams.iter().enumerate() {
        let decided = game.decisions.get(t).is_some_and(Option::is_some);
        let rect = egui::Rect::from_min_size(
            egui::pos2(area.left() + slot * t as f32, area.top()),
            egui::vec2(slot - gap, height),
        );
        let colour = colour(&team.colour);
        // Decided: filled in the team's colour; still thinking: outlined.
        let round = theme::px(ctx, 0.6);
        if decided {
            painter.rect_filled(rect, round, colour.gamma_multiply(0.35));
        }
        painter.rect_stroke(
            rect,
            round,
            egui::Stroke::new(3.0, colour),
            egui::StrokeKind::Inside,
        );
        let title = super::team_title(active, t, lang);
        let font = egui::FontId::proportional(theme::px(ctx, size::SMALL));
        let galley = painter.layout(title, font.clone(), colour, rect.width() - 2.0 * pad);
        painter.galley(rect.left_top() + egui::vec2(pad, pad * 0.7), galley, colour);
        painter.text(
            rect.left_bottom() + egui::vec2(pad, -pad * 0.7),
            egui::Align2::LEFT_BOTTOM,
            match (decided, ko) {
                (true, true) => "✔ 결정했어요",
                (true, false) => "✔ decided",
                (false, true) => "생각 중…",
                (false, false) => "thinking…",
            },
            font,
            palette::egui(if decided {
                palette::TEXT
            } else {
                palette::MUTED
            }),
        );
    }
    ui.add_space(theme::px(ctx, 0.8));
}
