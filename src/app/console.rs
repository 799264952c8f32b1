//! The instructor console (egui), toggled with F1: today the scenario library with each file's
//! check status; the class controls (award, undo, pause, skip, export) join it with sessions.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use crate::app::Language;
use crate::app::classroom::{ClassInput, Classroom};
use crate::app::library::{ScenarioFile, ScenarioLibrary};
use crate::app::theme::{self, palette};
use crate::engine::team_game;
use crate::scenario::{GameKind, Lang};
use crate::session::Command;

/// The console column's width in logical pixels (at most 40% of a narrow window).
pub const WIDTH: f32 = 380.0;

/// How wide the console's column is in `window` (logical pixels): nothing when it is closed
/// or there is no console (headless), else `WIDTH`, at most 40% of the window.
pub fn column_width(console: Option<&ConsoleOpen>, window: &Window) -> f32 {
    if console.is_some_and(|c| c.0) {
        crate::app::theme::side_width(WIDTH, window.width())
    } else {
        0.0
    }
}

/// Whether the console is open. Open at start, so a new instructor sees it exists.
#[derive(Resource)]
pub struct ConsoleOpen(pub bool);

pub(super) fn plugin(app: &mut App) {
    // A kiosk station starts with it closed (and keeps it closed while locked).
    let kiosk = app
        .world()
        .get_resource::<crate::app::station::Station>()
        .is_some_and(|s| s.kiosk);
    app.insert_resource(ConsoleOpen(!kiosk))
        .add_systems(Update, toggle_console)
        .add_systems(
            EguiPrimaryContextPass,
            draw_console.in_set(crate::app::theme::SidePanels),
        );
}

fn toggle_console(keys: Res<ButtonInput<KeyCode>>, mut open: ResMut<ConsoleOpen>) {
    if keys.just_pressed(KeyCode::F1) {
        open.0 = !open.0;
    }
}

/// The award form's fields.
#[derive(Resource)]
struct AwardForm {
    team: usize,
    points: f64,
    reason: String,
}

impl Default for AwardForm {
    fn default() -> Self {
        AwardForm {
            team: 0,
            points: 1.0,
            reason: String::new(),
        }
    }
}

fn draw_console(
    mut contexts: EguiContexts,
    mut open: ResMut<ConsoleOpen>,
    mut form: Local<AwardForm>,
    mut input: MessageWriter<ClassInput>,
    mut room: ResMut<Classroom>,
    data: Res<crate::app::DataDir>,
    language: Res<Language>,
    library: Res<ScenarioLibrary>,
    files: Res<Assets<ScenarioFile>>,
    mut calm: ResMut<theme::Calm>,
    scale: Res<theme::RoomScale>,
    mut devices: Option<ResMut<crate::app::devices::Devices>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    if !open.0 {
        theme::no_side_column(ctx);
        return Ok(());
    }
    let mut export = false;
    let ko = language.0 == Lang::Ko;
    // A column at the right edge, on the window's background: nothing of the game is hidden
    // under it, and a software renderer has no window fill or shadow to draw.
    let column = theme::side_column(ctx, WIDTH);
    let mut ui = egui::Ui::new(
        ctx.clone(),
        "console".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(column),
    );
    ui.painter().vline(
        column.min.x,
        column.y_range(),
        egui::Stroke::new(1.0, palette::egui(palette::MUTED)),
    );
    let mut still_open = true;
    egui::Frame::new()
        .inner_margin(egui::Margin::symmetric(14, 12))
        .show(&mut ui, |ui| {
            ui.horizontal(|ui| {
                ui.heading(if ko {
                    "강사 콘솔 (F1)"
                } else {
                    "Instructor console (F1)"
                });
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    let hide = if ko {
                        "콘솔 숨기기 (F1)"
                    } else {
                        "Hide the console (F1)"
                    };
                    if ui.button("×").on_hover_text(hide).clicked() {
                        still_open = false;
                    }
                });
            });
            ui.separator();
            egui::ScrollArea::vertical().show(ui, |ui| {
                if let Some(active) = &room.active {
                    class_controls(
                        ui,
                        active,
                        &mut form,
                        &mut input,
                        &mut export,
                        room.notice.as_deref(),
                        ko,
                    );
                    ui.separator();
                    if let Some(devices) = devices.as_deref_mut() {
                        crate::app::devices::console_section(ui, devices, active, &mut input, ko);
                        ui.separator();
                    }
                }
                // Calm mode: for students who need a still screen, and for old projectors.
                let mut still = calm.0;
                let label = if ko {
                    "차분한 화면 (움직임 없이)"
                } else {
                    "Calm screen (no motion)"
                };
                if ui.checkbox(&mut still, label).changed() {
                    calm.0 = still;
                    theme::remember(
                        Some(&data),
                        theme::Display {
                            text_scale: scale.0,
                            calm: still,
                        },
                    );
                }
                ui.separator();
                ui.heading(if ko { "시나리오" } else { "Scenarios" });
                ui.add_space(4.0);
                for entry in &library.files {
                    let Some(file) = files.get(&entry.handle) else {
                        ui.label(if ko { "읽는 중…" } else { "loading…" });
                        continue;
                    };
                    match &file.scenario {
                        Some(s) => {
                            let kind = match (s.kind(), ko) {
                                (GameKind::RolePlay, true) => "롤플레이",
                                (GameKind::RolePlay, false) => "role-play",
                                (GameKind::TeamGame, true) => "팀 게임",
                                (GameKind::TeamGame, false) => "team game",
                            };
                            let lang = if ko { Lang::Ko } else { Lang::En };
                            let minutes = if ko {
                                format!("{}분", s.minutes)
                            } else {
                                format!("{} min", s.minutes)
                            };
                            ui.label(
                                egui::RichText::new(format!(
                                    "✔ {}  ·  {kind}  ·  {minutes}",
                                    s.title.get(lang)
                                ))
                                .color(palette::egui(palette::TEXT)),
                            );
                        }
                        None if file.report.has_errors() => {
                            let problem = file
                                .report
                                .first_problem(if ko { Lang::Ko } else { Lang::En })
                                .unwrap_or_default();
                            ui.label(
                                egui::RichText::new(format!("✖ {problem}"))
                                    .color(palette::egui(palette::PROBLEM)),
                            );
                        }
                        // Glossaries are support files, not games.
                        None => {}
                    }
                }
                ui.add_space(8.0);
                ui.label(
                    egui::RichText::new(if ko {
                        "시나리오 파일의 문제는 '시나리오 고르기' 화면의 '✏ 시나리오 만들기·점검'에서 모두 볼 수 있어요."
                    } else {
                        "Every problem of a scenario file is in 'Make and check scenarios' on the library screen."
                    })
                    .small()
                    .color(palette::egui(palette::MUTED)),
                );
            });
        });
    open.0 = still_open;
    if export {
        let lang = if ko { Lang::Ko } else { Lang::En };
        room.notice = Some(
            match crate::app::screens::results::export(&room, &data, lang) {
                Ok(dir) => format!(
                    "{} {}",
                    if ko { "저장했어요:" } else { "Saved to" },
                    dir.display()
                ),
                Err(e) => e,
            },
        );
    }
    Ok(())
}

/// Award or deduct with a reason, undo, pause, more time, end, and the session's log.
fn class_controls(
    ui: &mut egui::Ui,
    active: &crate::app::classroom::Active,
    form: &mut AwardForm,
    input: &mut MessageWriter<ClassInput>,
    export: &mut bool,
    exported: Option<&str>,
    ko: bool,
) {
    let teams = &active.setup().teams;
    ui.heading(if ko { "수업 진행" } else { "Class" });
    form.team = form.team.min(teams.len().saturating_sub(1));
    ui.horizontal(|ui| {
        egui::ComboBox::from_id_salt("award-team")
            .selected_text(format!(
                "{} {}",
                teams[form.team].icon, teams[form.team].name
            ))
            .show_ui(ui, |ui| {
                for (t, team) in teams.iter().enumerate() {
                    ui.selectable_value(&mut form.team, t, format!("{} {}", team.icon, team.name));
                }
            });
        ui.add(
            egui::DragValue::new(&mut form.points)
                .speed(1.0)
                .range(-100.0..=100.0),
        );
    });
    ui.add(
        egui::TextEdit::singleline(&mut form.reason).hint_text(if ko {
            "이유 (예: 좋은 질문)"
        } else {
            "reason (e.g. good question)"
        }),
    );
    ui.horizontal(|ui| {
        let reason_given = !form.reason.trim().is_empty();
        if ui
            .add_enabled(
                reason_given,
                egui::Button::new(if ko { "점수 주기" } else { "Award" }),
            )
            .clicked()
        {
            input.write(
                Command::Award {
                    team: form.team,
                    points: form.points,
                    reason: form.reason.trim().to_owned(),
                }
                .into(),
            );
            form.reason.clear();
        }
        if ui.button(if ko { "되돌리기" } else { "Undo" }).clicked() {
            input.write(ClassInput::UndoLast);
        }
    });
    ui.horizontal(|ui| {
        if active.progress().paused {
            if ui
                .button(if ko {
                    "▶ 다시 시작"
                } else {
                    "▶ Resume"
                })
                .clicked()
            {
                input.write(Command::Resume.into());
            }
        } else if ui.button(if ko { "⏸ 멈춤" } else { "⏸ Pause" }).clicked() {
            input.write(Command::Pause.into());
        }
        if ui
            .button(if ko { "모두 +30초" } else { "All +30 s" })
            .clicked()
        {
            input.write(
                Command::AddTime {
                    team: None,
                    seconds: 30,
                }
                .into(),
            );
        }
        // The last ten seconds, when every team is nearly done: the projector's timer turns
        // urgent at once.
        if ui
            .button(if ko {
                "⏱ 10초 남기기"
            } else {
                "⏱ 10 s left"
            })
            .clicked()
        {
            input.write(Command::Countdown { seconds: 10 }.into());
        }
        let team = &teams[form.team];
        let label = format!(
            "{} {} +30{}",
            team.icon,
            team.name,
            if ko { "초" } else { " s" }
        );
        if ui.button(label).clicked() {
            input.write(
                Command::AddTime {
                    team: Some(form.team),
                    seconds: 30,
                }
                .into(),
            );
        }
    });
    ui.horizontal(|ui| {
        let hint = if ko {
            "역할극: 우연에 맡겨요 · 팀 게임: 안 낸 팀은 최소값으로 하고 공개해요"
        } else {
            "Role-play: leave it to chance · team game: reveal, with the least for teams that have not decided"
        };
        if ui.button(if ko { "건너뛰기" } else { "Skip" }).on_hover_text(hint).clicked() {
            input.write(ClassInput::Skip);
        }
        if ui
            .button(if ko {
                "세션 끝내기"
            } else {
                "End session"
            })
            .clicked()
        {
            input.write(Command::End.into());
        }
    });
    ui.horizontal(|ui| {
        // Reveal the round once every team has decided (the same as R on the play screen).
        if let crate::session::Board::TeamGame(game) = &active.progress().board {
            let ready = game.phase == team_game::Phase::Deciding
                && game.decisions.iter().all(Option::is_some);
            if ui
                .add_enabled(
                    ready,
                    egui::Button::new(if ko { "결과 공개" } else { "Reveal" }),
                )
                .clicked()
            {
                input.write(Command::TeamGame(team_game::Command::Resolve).into());
            }
        }
        if ui
            .button(if ko {
                "내보내기 (CSV, HTML)"
            } else {
                "Export (CSV, HTML)"
            })
            .clicked()
        {
            *export = true;
        }
    });
    if let Some(done) = exported {
        ui.label(egui::RichText::new(done).small());
    }
    ui.label(egui::RichText::new(if ko { "기록" } else { "Log" }).small());
    egui::ScrollArea::vertical()
        .max_height(120.0)
        .stick_to_bottom(true)
        .show(ui, |ui| {
            for e in active.journal().iter().rev().take(12).rev() {
                let undone = active.progress().undone.contains(&e.seq);
                let text = format!(
                    "{} {}",
                    e.seq,
                    crate::session::describe_command(active.scenario(), active.setup(), &e.command)
                );
                let text = egui::RichText::new(text).small();
                ui.label(if undone { text.strikethrough() } else { text });
            }
        });
}
