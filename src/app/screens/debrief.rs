//! Debrief: built from what this class did — each team's path and where it led, or the
//! team game's summary — with the concepts, their definitions and the questions to discuss.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::Screen;
use crate::app::Language;
use crate::app::classroom::Classroom;
use crate::app::theme::{self, palette, size};
use crate::scenario::{Game, Lang};
use crate::session::{Board, Mode};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw_debrief
            .run_if(in_state(Screen::Debrief))
            .after(crate::app::theme::SidePanels),
    );
}

fn draw_debrief(
    mut contexts: EguiContexts,
    room: Res<Classroom>,
    mut next: ResMut<NextState<Screen>>,
    language: Res<Language>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let Some(active) = &room.active else {
        next.set(Screen::Library);
        return Ok(());
    };
    let lang = language.0;
    let ko = lang == Lang::Ko;
    let s = &active.scenario();
    theme::screen(ctx, |ui| {
        ui.label(theme::text(ctx, if ko { "돌아보기" } else { "Debrief" }, size::HEADING).strong());
        egui::ScrollArea::vertical()
            .max_height(ctx.content_rect().height() * 0.8)
            .show(ui, |ui| {
                // The concepts this class met at its ending(s); the scenario's own when none.
                let mut concepts = Vec::new();
                let mut questions = Vec::new();
                match (&active.progress().board, &s.game) {
                    (Board::RolePlay { runs }, Game::RolePlay(rp)) => {
                        for (r, run) in runs.iter().enumerate() {
                            if active.setup().mode == Mode::TeamTurns {
                                let team = &active.setup().teams[r];
                                ui.label(
                                    theme::text(
                                        ctx,
                                        format!("{} {}", team.icon, team.name),
                                        size::BODY,
                                    )
                                    .color(palette::egui(palette::ACCENT)),
                                );
                            }
                            let path: Vec<String> = run
                                .path
                                .iter()
                                .map(|&(sc, c)| rp.scenes[sc].choices[c].text.get(lang).to_owned())
                                .collect();
                            ui.label(theme::text(ctx, path.join("  →  "), size::SMALL));
                            if let Some(e) = run.ended() {
                                let ending = &rp.endings[e];
                                ui.label(theme::text(
                                    ctx,
                                    format!(
                                        "{} — {}",
                                        ending.title.get(lang),
                                        ending.text.get(lang)
                                    ),
                                    size::BODY,
                                ));
                                concepts.extend(&ending.concepts);
                                questions.extend(ending.questions.iter());
                            }
                            ui.add_space(theme::px(ctx, 1.0));
                        }
                    }
                    (Board::TeamGame(_), Game::TeamGame(tg)) => {
                        ui.label(theme::text(ctx, tg.debrief.text.get(lang), size::BODY));
                        concepts.extend(&tg.debrief.concepts);
                        questions.extend(tg.debrief.questions.iter());
                    }
                    _ => {}
                }
                if concepts.is_empty() {
                    concepts = s.concepts.clone();
                }
                concepts.sort_unstable();
                concepts.dedup();
                // Questions first: the discussion is where the learning happens.
                ui.add_space(theme::px(ctx, 1.0));
                for q in questions {
                    ui.label(theme::text(ctx, format!("💬 {}", q.get(lang)), size::BODY));
                }
                ui.add_space(theme::px(ctx, 1.0));
                for c in concepts.iter().filter_map(|&c| s.glossary.get(c)) {
                    ui.label(
                        theme::text(ctx, c.term.get(lang), size::BODY)
                            .color(palette::egui(palette::ACCENT)),
                    );
                    ui.label(theme::text(ctx, c.definition.get(lang), size::SMALL));
                }
            });
        let go = ui
            .add(theme::primary(
                ctx,
                if ko {
                    "결과 보기 (Enter)"
                } else {
                    "Results (Enter)"
                },
            ))
            .clicked();
        if go || ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            next.set(Screen::Results);
        }
    });
    Ok(())
}
