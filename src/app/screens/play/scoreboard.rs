//! The scoreboard: teams by rank, each in its colour with its icon.

use super::*;

/// Teams by rank with their points, colour and icon.
pub fn scoreboard(ui: &mut egui::Ui, ctx: &egui::Context, active: &Active) {
    let scores = active.progress().scores(active.setup());
    let ranks = active.progress().ranks(active.setup());
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by_key(|&t| (ranks[t], t));
    for t in order {
        let team = &active.setup().teams[t];
        ui.label(
            theme::text(
                ctx,
                format!(
                    "{}. {} {}  {:.1}",
                    ranks[t], team.icon, team.name, scores[t]
                ),
                size::BODY,
            )
            .color(colour(&team.colour)),
        );
    }
}
