//! The instructor console (egui), toggled with F1: today the scenario library with each file's
//! check status; the class controls (award, undo, pause, skip, export) join it with sessions.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use crate::app::Language;
use crate::app::library::{ScenarioFile, ScenarioLibrary};
use crate::app::theme::palette;
use crate::scenario::{GameKind, Lang};

/// Whether the console is open. Open at start, so a new instructor sees it exists.
#[derive(Resource)]
pub struct ConsoleOpen(pub bool);

pub(super) fn plugin(app: &mut App) {
    app.insert_resource(ConsoleOpen(true))
        .add_systems(Update, toggle_console)
        .add_systems(EguiPrimaryContextPass, draw_console);
}

fn toggle_console(keys: Res<ButtonInput<KeyCode>>, mut open: ResMut<ConsoleOpen>) {
    if keys.just_pressed(KeyCode::F1) {
        open.0 = !open.0;
    }
}

fn draw_console(
    mut contexts: EguiContexts,
    mut open: ResMut<ConsoleOpen>,
    language: Res<Language>,
    library: Res<ScenarioLibrary>,
    files: Res<Assets<ScenarioFile>>,
) -> Result {
    if !open.0 {
        return Ok(());
    }
    let ko = language.0 == Lang::Ko;
    let ctx = contexts.ctx_mut()?;
    let mut still_open = true;
    egui::Window::new(if ko {
        "강사 콘솔 (F1)"
    } else {
        "Instructor console (F1)"
    })
    .open(&mut still_open)
    .anchor(egui::Align2::RIGHT_TOP, [-16.0, 16.0])
    .default_width(380.0)
    .resizable(false)
    .collapsible(false)
    .show(ctx, |ui| {
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
                    let name = file
                        .report
                        .path
                        .file_name()
                        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                    let first = file.report.diagnostics.first();
                    let (line, col) = first.map_or((1, 1), |d| file.report.position(d));
                    let message = first.map_or("", |d| d.message.as_str());
                    ui.label(
                        egui::RichText::new(format!("✘ {name}:{line}:{col}  {message}"))
                            .color(egui::Color32::from_rgb(255, 140, 120)),
                    );
                }
                // Glossaries are support files, not games.
                None => {}
            }
        }
        ui.add_space(8.0);
        ui.label(
            egui::RichText::new(if ko {
                "시나리오 파일의 문제는 `kkumgil check`로 자세히 볼 수 있어요."
            } else {
                "Run `kkumgil check` for the details of a scenario's problems."
            })
            .small()
            .color(palette::egui(palette::MUTED)),
        );
    });
    open.0 = still_open;
    Ok(())
}
