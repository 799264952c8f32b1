//! Library: the bundled scenarios and the instructor's own, each with its check status, and
//! unfinished sessions to resume first.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::Screen;
use crate::app::Language;
use crate::app::classroom::{ClassInput, Classroom};
use crate::app::library::{ScenarioFile, ScenarioLibrary};
use crate::app::theme::{self, palette, size};
use crate::app::workshop::Authoring;
use crate::scenario::{GameKind, Lang, Scenario};

/// The scenario picked for the setup screen (a copy: a later edit of the file does not change
/// what the instructor chose).
#[derive(Resource, Clone)]
pub struct Chosen(pub std::sync::Arc<ScenarioFile>);

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<LibraryFilter>().add_systems(
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
    mut filter: ResMut<LibraryFilter>,
    mut authoring: MessageWriter<Authoring>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let ko = language.0 == Lang::Ko;
    let lang = language.0;
    theme::screen(ctx, |ui| {
        ui.add_space(theme::px(ctx, size::GAP));
        ui.horizontal_wrapped(|ui| {
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
            ui.add_space(theme::px(ctx, 2.0));
            // Authoring: new scenarios, every problem in full, simulate, map.
            let label = if ko {
                "✏ 시나리오 만들기·점검"
            } else {
                "✏ Make and check scenarios"
            };
            if ui.button(theme::text(ctx, label, size::SMALL)).clicked() {
                next.set(Screen::Workshop);
            }
        });
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
        ui.add_space(theme::px(ctx, 1.0));
        let found: Vec<(&ScenarioFile, &Scenario, bool)> = library
            .files
            .iter()
            .filter_map(|entry| files.get(&entry.handle).map(|f| (f, entry.bundled)))
            .filter_map(|(f, bundled)| f.scenario.as_ref().map(|s| (f, s, bundled)))
            .collect();
        filters(ui, ctx, &mut filter, &found, lang);
        ui.add_space(theme::px(ctx, 1.0));
        egui::ScrollArea::vertical().show(ui, |ui| {
            let shown: Vec<_> = found.iter().filter(|(_, s, _)| filter.keeps(s)).collect();
            let kinds: Vec<GameKind> = match filter.kind {
                Some(kind) => vec![kind],
                None => vec![GameKind::RolePlay, GameKind::TeamGame],
            };
            // Role-plays and team games side by side, so the whole library fits the screen.
            ui.columns(kinds.len(), |columns| {
                for (column, kind) in columns.iter_mut().zip(kinds) {
                    let games: Vec<_> = shown.iter().filter(|(_, s, _)| s.kind() == kind).collect();
                    column.label(
                        theme::text(
                            ctx,
                            format!("{} ({})", kind_name(kind, ko), games.len()),
                            size::BODY,
                        )
                        .color(palette::egui(palette::ACCENT))
                        .strong(),
                    );
                    for (file, s, bundled) in games {
                        if entry(column, ctx, s, *bundled, lang) {
                            commands.insert_resource(Chosen(std::sync::Arc::new((*file).clone())));
                            next.set(Screen::Setup);
                        }
                    }
                }
            });
            if shown.is_empty() && !found.is_empty() {
                ui.label(theme::text(
                    ctx,
                    if ko {
                        "고른 조건에 맞는 게임이 없어요. 조건을 '전체'로 바꿔 보세요."
                    } else {
                        "No game matches. Set a filter back to 'all'."
                    },
                    size::SMALL,
                ));
            }
            // Files with errors, each with its first problem (and the version before the edit).
            for entry in &library.files {
                let Some(file) = files.get(&entry.handle) else {
                    continue;
                };
                if file.scenario.is_some() || !file.report.has_errors() {
                    continue;
                }
                let problem = file.report.first_problem(lang).unwrap_or_default();
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        theme::text(ctx, format!("✖ {problem}"), size::SMALL)
                            .color(palette::egui(palette::PROBLEM)),
                    );
                    let all = if ko {
                        "문제 모두 보기"
                    } else {
                        "See every problem"
                    };
                    if ui.button(theme::text(ctx, all, size::SMALL)).clicked() {
                        authoring.write(Authoring::Select(entry.handle.clone()));
                        next.set(Screen::Workshop);
                    }
                });
                if let Some(good) = last_good.0.get(&entry.handle.id())
                    && let Some(s) = &good.scenario
                {
                    let label = if ko {
                        format!("▶ {} (고치기 전 내용으로 하기)", s.title.get(lang))
                    } else {
                        format!("▶ {} (play the version before the edit)", s.title.get(lang))
                    };
                    if ui.button(theme::text(ctx, label, size::SMALL)).clicked() {
                        commands.insert_resource(Chosen(good.clone()));
                        next.set(Screen::Setup);
                    }
                }
                ui.add_space(theme::px(ctx, 1.0));
            }
        });
        theme::notice(ui, ctx, room.notice.as_ref());
    });
    Ok(())
}

/// What the teacher looks for in the library: a kind of game, a length, a concept.
#[derive(Resource, Default)]
pub struct LibraryFilter {
    pub kind: Option<GameKind>,
    pub length: Length,
    /// A glossary id.
    pub concept: Option<String>,
}

/// Lengths a teacher plans with: a short activity, or a whole 45-minute period.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub enum Length {
    #[default]
    Any,
    /// 30 minutes or less: room for something else in the period.
    Short,
    /// 31 to 45 minutes: the whole period.
    Period,
}

impl LibraryFilter {
    pub fn keeps(&self, s: &Scenario) -> bool {
        self.kind.is_none_or(|k| s.kind() == k)
            && match self.length {
                Length::Any => true,
                Length::Short => s.minutes <= 30,
                Length::Period => s.minutes > 30,
            }
            && self.concept.as_ref().is_none_or(|id| {
                s.concepts
                    .iter()
                    .filter_map(|&c| s.glossary.get(c))
                    .any(|c| &c.id == id)
            })
    }
}

fn kind_name(kind: GameKind, ko: bool) -> &'static str {
    match (kind, ko) {
        (GameKind::RolePlay, true) => "롤플레이",
        (GameKind::RolePlay, false) => "Role-plays",
        (GameKind::TeamGame, true) => "팀 게임",
        (GameKind::TeamGame, false) => "Team games",
    }
}

/// The filter row: kind, length, and a concept from every game in the library.
fn filters(
    ui: &mut egui::Ui,
    ctx: &egui::Context,
    filter: &mut LibraryFilter,
    found: &[(&ScenarioFile, &Scenario, bool)],
    lang: Lang,
) {
    let ko = lang == Lang::Ko;
    let all = if ko { "전체" } else { "all" };
    ui.horizontal_wrapped(|ui| {
        let small = |t: &str| theme::text(ctx, t, size::SMALL);
        ui.label(small(if ko { "종류" } else { "Kind" }));
        ui.selectable_value(&mut filter.kind, None, small(all));
        for kind in [GameKind::RolePlay, GameKind::TeamGame] {
            ui.selectable_value(&mut filter.kind, Some(kind), small(kind_name(kind, ko)));
        }
        ui.add_space(theme::px(ctx, 2.0));
        ui.label(small(if ko { "시간" } else { "Length" }));
        for (length, label) in [
            (Length::Any, all),
            (
                Length::Short,
                if ko { "30분 이하" } else { "30 min or less" },
            ),
            (
                Length::Period,
                if ko {
                    "한 차시(31–45분)"
                } else {
                    "a period (31–45 min)"
                },
            ),
        ] {
            ui.selectable_value(&mut filter.length, length, small(label));
        }
        ui.add_space(theme::px(ctx, 2.0));
        ui.label(small(if ko { "개념" } else { "Concept" }));
        // Every concept some game teaches, by its term in this language.
        let mut concepts: Vec<(&str, &str)> = found
            .iter()
            .flat_map(|(_, s, _)| s.concepts.iter().filter_map(|&c| s.glossary.get(c)))
            .map(|c| (c.id.as_str(), c.term.get(lang)))
            .collect();
        concepts.sort_by(|a, b| a.1.cmp(b.1));
        concepts.dedup_by(|a, b| a.0 == b.0);
        let chosen = filter
            .concept
            .as_deref()
            .and_then(|id| concepts.iter().find(|c| c.0 == id))
            .map_or(all, |c| c.1);
        egui::ComboBox::from_id_salt("concept")
            .selected_text(small(chosen))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut filter.concept, None, small(all));
                for (id, term) in &concepts {
                    ui.selectable_value(&mut filter.concept, Some((*id).to_owned()), small(term));
                }
            });
    });
}

/// One game in the library: its title as a button, then its length, grades and concepts
/// (and whether it is the instructor's own file). Returns whether it was chosen.
fn entry(ui: &mut egui::Ui, ctx: &egui::Context, s: &Scenario, bundled: bool, lang: Lang) -> bool {
    let ko = lang == Lang::Ko;
    let button = egui::Button::new(theme::text(ctx, s.title.get(lang), size::BODY).strong())
        .min_size(egui::vec2(ui.available_width(), theme::px(ctx, 5.0)));
    let chosen = ui.add(button).clicked();
    let minutes = if ko {
        format!("{}분", s.minutes)
    } else {
        format!("{} min", s.minutes)
    };
    let concepts: Vec<&str> = s
        .concepts
        .iter()
        .take(4)
        .filter_map(|&c| s.glossary.get(c))
        .map(|c| c.term.get(lang))
        .collect();
    ui.label(
        theme::text(
            ctx,
            // Only the parts the scenario has: no dangling "·".
            [
                if bundled {
                    ""
                } else if ko {
                    "내 파일"
                } else {
                    "my file"
                }
                .to_owned(),
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
    ui.add_space(theme::px(ctx, 0.8));
    chosen
}
