//! The scoreboard: teams by rank, each in its colour with its icon.

use super::*;

/// Teams by rank with their points, colour and icon.
pub fn scoreboard(ui: &mut egui::Ui, ctx: &egui::Context, active: &Active, lang: Lang) {
    scoreboard_with(ui, ctx, active, lang, false);
}

/// The scoreboard with each team's stats after its score (the results of a team game: money
/// raised beside the social-value points, tokens beside village trust).
pub fn scoreboard_with_stats(ui: &mut egui::Ui, ctx: &egui::Context, active: &Active, lang: Lang) {
    scoreboard_with(ui, ctx, active, lang, true);
}

fn scoreboard_with(
    ui: &mut egui::Ui,
    ctx: &egui::Context,
    active: &Active,
    lang: Lang,
    stats: bool,
) {
    let scores = active.progress().scores(active.setup());
    let ranks = active.progress().ranks(active.setup());
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by_key(|&t| (ranks[t], t));
    // Bars from 0 to the best score (a negative score draws no bar, only its number).
    let top = scores.iter().copied().fold(0.0_f64, f64::max).max(1.0);
    let label_width = theme::px(ctx, 46.0);
    let bar_height = theme::px(ctx, size::BODY);
    // One id per scoreboard showing, so bars grow again after each reveal.
    let showing = active.progress().history.len();
    for t in order {
        let team = &active.setup().teams[t];
        let detail = match (stats, &active.progress().board, &active.scenario().game) {
            (true, Board::TeamGame(game), Game::TeamGame(tg)) if !tg.stats.is_empty() => tg
                .stats
                .iter()
                .zip(&game.teams[t].stats)
                .map(|(s, v)| format!("{} {}", s.name.get(lang), theme::number(*v)))
                .collect::<Vec<_>>()
                .join(" · "),
            _ => String::new(),
        };
        ui.horizontal(|ui| {
            ui.allocate_ui_with_layout(
                egui::vec2(label_width, bar_height),
                egui::Layout::left_to_right(egui::Align::Center),
                |ui| {
                    ui.set_min_width(label_width);
                    ui.add(
                        egui::Label::new(
                            theme::text(
                                ctx,
                                format!("{}. {}", ranks[t], super::team_title(active, t, lang)),
                                size::BODY,
                            )
                            .color(colour(&team.colour)),
                        )
                        .truncate(),
                    );
                },
            );
            let room = (ui.available_width() - theme::px(ctx, 10.0)).max(0.0);
            // After what each team did has come in (the reveal's first part).
            let shown = theme::grow_after(
                ctx,
                egui::Id::new(("score-bar", t, showing)),
                (scores[t].max(0.0) / top) as f32,
                theme::MOTION_SECONDS,
            );
            let (rect, _) = ui.allocate_exact_size(
                egui::vec2(room * shown, bar_height * 0.8),
                egui::Sense::hover(),
            );
            ui.painter()
                .rect_filled(rect, bar_height * 0.15, colour(&team.colour));
            ui.label(
                theme::text(ctx, theme::number(scores[t]), size::BODY)
                    .color(palette::egui(palette::TEXT))
                    .strong(),
            );
        });
        if !detail.is_empty() {
            ui.label(
                theme::text(ctx, format!("      {detail}"), size::SMALL)
                    .color(palette::egui(palette::MUTED)),
            );
        }
    }
}

/// The first three teams on a podium (the first in the middle, highest), each block in its
/// team's colour with its shape, name and score; teams sharing a rank share a height.
pub fn podium(ui: &mut egui::Ui, ctx: &egui::Context, active: &Active, lang: Lang) {
    let scores = active.progress().scores(active.setup());
    let ranks = active.progress().ranks(active.setup());
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by_key(|&t| (ranks[t], t));
    let places: Vec<usize> = order.into_iter().take(3).collect();
    let width = ui.available_width().min(theme::px(ctx, 100.0));
    let height = theme::px(ctx, 30.0);
    // Centred in the stage.
    let (row, _) = ui.allocate_exact_size(
        egui::vec2(ui.available_width(), height),
        egui::Sense::hover(),
    );
    let area = egui::Rect::from_center_size(row.center(), egui::vec2(width, height));
    let painter = ui.painter();
    let block = width / 3.0;
    // Second on the left, first in the middle, third on the right.
    for (k, slot) in [1usize, 0, 2].into_iter().enumerate() {
        let Some(&t) = places.get(slot) else {
            continue;
        };
        let team = &active.setup().teams[t];
        let rise = match ranks[t] {
            1 => 1.0,
            2 => 0.72,
            _ => 0.5,
        };
        let grown = theme::grow(ctx, egui::Id::new(("podium", t)), rise);
        let top = area.bottom() - height * 0.62 * grown;
        let x = area.left() + block * k as f32;
        let rect = egui::Rect::from_min_max(
            egui::pos2(x + block * 0.06, top),
            egui::pos2(x + block * 0.94, area.bottom()),
        );
        painter.rect_filled(rect, theme::px(ctx, 0.6), colour(&team.colour));
        let font = |pct: f32| egui::FontId::proportional(theme::px(ctx, pct));
        // The place on the block, the team and its score above it.
        painter.text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            format!("{}", ranks[t]),
            font(size::HEADING),
            palette::egui(palette::BACKGROUND),
        );
        painter.text(
            rect.center_top() - egui::vec2(0.0, theme::px(ctx, 0.8)),
            egui::Align2::CENTER_BOTTOM,
            format!("{} {}  {}", team.icon, team.name, theme::number(scores[t])),
            font(size::BODY),
            colour(&team.colour),
        );
        let _ = lang;
    }
}

/// For a declared social dilemma: the class's total beside what it would have had if every
/// team had cooperated, and if none had (the same game, the same cards, replayed).
pub fn dilemma_totals(ui: &mut egui::Ui, ctx: &egui::Context, active: &Active, lang: Lang) {
    let (Board::TeamGame(game), Game::TeamGame(tg)) =
        (&active.progress().board, &active.scenario().game)
    else {
        return;
    };
    let Some(cooperate) = tg.dilemma else {
        return;
    };
    use crate::simulate::{Policy, what_if};
    let (coop, defect) = match cooperate {
        crate::scenario::Cooperate::Most => (Policy::Max, Policy::Min),
        crate::scenario::Cooperate::Least => (Policy::Min, Policy::Max),
    };
    let teams = game.teams.len();
    let seed = active.setup().seed;
    // Replayed once per results screen, not every frame.
    let key = egui::Id::new(("what-if", seed, teams));
    let totals = ctx.data_mut(|d| {
        *d.get_temp_mut_or_insert_with(key, || {
            (
                what_if(tg, teams, seed, coop),
                what_if(tg, teams, seed, defect),
            )
        })
    });
    let ours: f64 = active.progress().scores(active.setup()).iter().sum();
    let ko = lang == Lang::Ko;
    // Each figure there is, with what it is.
    let parts: Vec<String> = [
        (
            if ko {
                "우리 반 전체 점수"
            } else {
                "Our class's total"
            },
            Some(ours),
        ),
        (
            if ko {
                "모두 협력했다면"
            } else {
                "had every team cooperated"
            },
            totals.0,
        ),
        (
            if ko {
                "아무도 협력하지 않았다면"
            } else {
                "had none"
            },
            totals.1,
        ),
    ]
    .into_iter()
    .filter_map(|(what, total)| total.map(|t| format!("{what} {}", theme::number(t))))
    .collect();
    ui.label(
        theme::text(ctx, parts.join("  ·  "), size::BODY).color(palette::egui(palette::ACCENT)),
    );
}

/// The class's result in a game with a class goal: shown before any team score.
/// Returns whether team scores should still be shown.
pub fn class_result(ui: &mut egui::Ui, ctx: &egui::Context, active: &Active, lang: Lang) -> bool {
    let (Board::TeamGame(game), Game::TeamGame(tg)) =
        (&active.progress().board, &active.scenario().game)
    else {
        return true;
    };
    let Some(goal) = &tg.goal else {
        return true;
    };
    let ko = lang == Lang::Ko;
    match game.outcome {
        Some(o) => {
            let (title, text) = match (o.won, ko) {
                (true, true) => ("우리 반 성공!", &goal.won),
                (true, false) => ("Our class made it!", &goal.won),
                (false, true) => ("우리 반 목표를 이루지 못했어요", &goal.lost),
                (false, false) => ("Our class did not make it", &goal.lost),
            };
            ui.label(
                theme::text(ctx, title, size::HEADING)
                    // Calm, not an error colour, when the class did not make it.
                    .color(palette::egui(if o.won {
                        palette::ACCENT
                    } else {
                        palette::MUTED
                    }))
                    .strong(),
            );
            ui.label(theme::text(ctx, text.get(lang), size::BODY));
        }
        None => {
            ui.label(
                theme::text(
                    ctx,
                    format!(
                        "{} {}",
                        if ko { "반 목표:" } else { "Class goal:" },
                        goal.text.get(lang)
                    ),
                    size::BODY,
                )
                .color(palette::egui(palette::ACCENT)),
            );
        }
    }
    goal.show_scores
}

/// The class-wide stocks as gauges, each with the change the last round made.
pub fn stocks(
    ui: &mut egui::Ui,
    ctx: &egui::Context,
    active: &Active,
    game: &team_game::Game,
    tg: &crate::scenario::TeamGame,
    lang: Lang,
) {
    if tg.stocks.is_empty() {
        return;
    }
    let mut changed = vec![0.0; tg.stocks.len()];
    for e in active.last_events() {
        if let Event::TeamGame(team_game::Event::StockChanged { stock, from, to }) = e {
            changed[*stock] += to - from;
        }
    }
    ui.horizontal_wrapped(|ui| {
        for (i, stock) in tg.stocks.iter().enumerate() {
            let value = game.stocks[i];
            let share = match (stock.min, stock.max) {
                (Some(min), Some(max)) if max > min => Some(((value - min) / (max - min)) as f32),
                _ => None,
            };
            theme::gauge(
                ui,
                ctx,
                stock.name.get(lang),
                value,
                share,
                changed[i],
                egui::Id::new(("stock", i)),
            );
        }
    });
}
