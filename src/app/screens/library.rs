//! Library: the bundled scenarios and the instructor's own, each with its check status, and
//! unfinished sessions to resume first.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::Screen;
use crate::app::Language;
use crate::app::classroom::{ClassInput, Classroom};
use crate::app::library::{ScenarioFile, ScenarioLibrary};
use crate::app::theme::{self, palette, size};
use crate::scenario::{GameKind, Lang};

/// The scenario picked for the setup screen (a copy: a later edit of the file does not change
/// what the instructor chose).
#[derive(Resource, Clone)]
pub struct Chosen(pub std::sync::Arc<ScenarioFile>);

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw_library
            .run_if(in_state(Screen::Library))
            .after(crate::app::theme::SidePanels),
    );
}

fn draw_library(
    mut contexts: EguiContexts,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
    mut input: MessageWriter<ClassInput>,
    library: Res<ScenarioLibrary>,
    files: Res<Assets<ScenarioFile>>,
    room: Res<Classroom>,
    last_good: Res<crate::app::library::LastGood>,
    language: Res<Language>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let ko = language.0 == Lang::Ko;
    let lang = language.0;
    theme::screen(ctx, |ui| {
        ui.add_space(theme::px(ctx, size::GAP));
        ui.label(
            theme::text(
                ctx,
                if ko {
                    "시나리오 고르기"
                } else {
                    "Choose a scenario"
                },
                size::HEADING,
            )
            .strong(),
        );
        if !room.resumable.is_empty() {
            ui.add_space(theme::px(ctx, 1.0));
            ui.label(
                theme::text(ctx, if ko { "이어서 하기" } else { "Resume" }, size::BODY)
                    .color(palette::egui(palette::ACCENT)),
            );
            for s in &room.resumable {
                let label = format!(
                    "▶ {} · {} · {}",
                    s.class_label,
                    s.scenario_title,
                    crate::session::export::local_time(s.created_at)
                );
                ui.horizontal(|ui| {
                    if ui.button(theme::text(ctx, label, size::SMALL)).clicked() {
                        input.write(ClassInput::Open {
                            id: s.id,
                            take_over: false,
                        });
                    }
                    // Held by another window: the instructor may take it over, knowingly.
                    if room.held_elsewhere == Some(s.id) {
                        let take = if ko {
                            "가져오기 (다른 창은 더 저장하지 못해요)"
                        } else {
                            "Take over (the other window can no longer save)"
                        };
                        if ui.button(theme::text(ctx, take, size::SMALL)).clicked() {
                            input.write(ClassInput::Open {
                                id: s.id,
                                take_over: true,
                            });
                        }
                    }
                });
            }
        }
        ui.add_space(theme::px(ctx, 1.5));
        egui::ScrollArea::vertical().show(ui, |ui| {
            let mut n = 0;
            for entry in &library.files {
                let Some(file) = files.get(&entry.handle) else {
                    continue;
                };
                match &file.scenario {
                    Some(s) => {
                        n += 1;
                        let kind = match (s.kind(), ko) {
                            (GameKind::RolePlay, true) => "롤플레이",
                            (GameKind::RolePlay, false) => "role-play",
                            (GameKind::TeamGame, true) => "팀 게임",
                            (GameKind::TeamGame, false) => "team game",
                        };
                        let concepts: Vec<&str> = s
                            .concepts
                            .iter()
                            .take(4)
                            .filter_map(|&c| s.glossary.get(c))
                            .map(|c| c.term.get(lang))
                            .collect();
                        let button = egui::Button::new(
                            theme::text(ctx, format!("{n}  {}", s.title.get(lang)), size::BODY)
                                .strong(),
                        )
                        .min_size(egui::vec2(ui.available_width(), theme::px(ctx, 7.0)));
                        if ui.add(button).clicked() {
                            commands.insert_resource(Chosen(std::sync::Arc::new(file.clone())));
                            next.set(Screen::Setup);
                        }
                        let minutes = if ko {
                            format!("{}분", s.minutes)
                        } else {
                            format!("{} min", s.minutes)
                        };
                        ui.label(
                            theme::text(
                                ctx,
                                // Only the parts the scenario has: no dangling "·".
                                [
                                    kind.to_string(),
                                    minutes,
                                    s.grades.join(", "),
                                    concepts.join(", "),
                                ]
                                .into_iter()
                                .filter(|part| !part.is_empty())
                                .collect::<Vec<_>>()
                                .join(" · "),
                                size::SMALL,
                            )
                            .color(palette::egui(palette::MUTED)),
                        );
                        ui.add_space(theme::px(ctx, 1.0));
                    }
                    None if file.report.has_errors() => {
                        let problem = file.report.first_problem().unwrap_or_default();
                        ui.label(
                            theme::text(ctx, format!("✘ {problem}"), size::SMALL)
                                .color(palette::egui(palette::PROBLEM)),
                        );
                        if let Some(good) = last_good.0.get(&entry.handle.id())
                            && let Some(s) = &good.scenario
                        {
                            let label = if ko {
                                format!("▶ {} (고치기 전 내용으로 하기)", s.title.get(lang))
                            } else {
                                format!(
                                    "▶ {} (play the version before the edit)",
                                    s.title.get(lang)
                                )
                            };
                            if ui.button(theme::text(ctx, label, size::SMALL)).clicked() {
                                commands.insert_resource(Chosen(good.clone()));
                                next.set(Screen::Setup);
                            }
                        }
                        ui.add_space(theme::px(ctx, 1.0));
                    }
                    None => {}
                }
            }
        });
        theme::notice(ui, ctx, room.notice.as_ref());
    });
    Ok(())
}
