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
    for t in order {
        let team = &active.setup().teams[t];
        let detail = match (stats, &active.progress().board, &active.scenario().game) {
            (true, Board::TeamGame(game), Game::TeamGame(tg)) if !tg.stats.is_empty() => {
                let parts: Vec<String> = tg
                    .stats
                    .iter()
                    .zip(&game.teams[t].stats)
                    .map(|(s, v)| format!("{} {}", s.name.get(lang), (v * 10.0).round() / 10.0))
                    .collect();
                format!("   ({})", parts.join(" · "))
            }
            _ => String::new(),
        };
        ui.label(
            theme::text(
                ctx,
                format!(
                    "{}. {}  {:.1}{detail}",
                    ranks[t],
                    super::team_title(active, t, lang),
                    scores[t]
                ),
                size::BODY,
            )
            .color(colour(&team.colour)),
        );
    }
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
                    .color(palette::egui(if o.won {
                        palette::ACCENT
                    } else {
                        palette::PROBLEM
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

/// The class-wide stocks, each with its value (and a bar when it has bounds).
pub fn stocks(
    ui: &mut egui::Ui,
    ctx: &egui::Context,
    game: &team_game::Game,
    tg: &crate::scenario::TeamGame,
    lang: Lang,
) {
    if tg.stocks.is_empty() {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        for (i, stock) in tg.stocks.iter().enumerate() {
            let value = game.stocks[i];
            let shown = ctx.animate_value_with_time(egui::Id::new(("stock", i)), value as f32, 0.8);
            ui.label(theme::text(ctx, stock.name.get(lang), size::BODY));
            match (stock.min, stock.max) {
                (Some(min), Some(max)) if max > min => {
                    ui.add(
                        egui::ProgressBar::new(((f64::from(shown) - min) / (max - min)) as f32)
                            .desired_width(theme::px(ctx, 24.0))
                            .text(format!("{}", shown.round())),
                    );
                }
                _ => {
                    ui.label(theme::text(ctx, format!("{}", shown.round()), size::BODY).strong());
                }
            }
            ui.add_space(theme::px(ctx, 2.0));
        }
    });
}
