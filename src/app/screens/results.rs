//! Results: the ranking with a short celebration, export, and the way back to the library.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::Screen;
use crate::app::classroom::{ClassInput, Classroom, JournalWriter};
use crate::app::theme::{self, palette, size};
use crate::app::{DataDir, Language};
use crate::scenario::Lang;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<ShownSince>()
        .add_systems(OnEnter(Screen::Results), note_results_shown)
        .add_systems(
            EguiPrimaryContextPass,
            draw_results
                .run_if(in_state(Screen::Results))
                .after(crate::app::theme::SidePanels),
        );
}

/// When the results came up, for the title's short celebration.
#[derive(Resource, Default)]
struct ShownSince(f32);

fn note_results_shown(time: Res<Time>, mut shown: ResMut<ShownSince>) {
    shown.0 = time.elapsed_secs();
}

/// Writes the session's CSV and HTML files into `exports/<id>` of the data folder.
pub fn export(room: &Classroom, data: &DataDir, lang: Lang) -> Result<std::path::PathBuf, String> {
    let said = |m: crate::i18n::Msg| m.get(lang).to_owned();
    let active = room.active.as_ref().ok_or_else(|| {
        said(crate::tr!(
            "내보낼 수업이 없어요",
            "there is no session to export"
        ))
    })?;
    let dir = data
        .0
        .as_ref()
        .ok_or_else(|| {
            said(crate::tr!(
                "데이터 폴더가 없어서 내보낼 수 없어요",
                "no data folder to export into"
            ))
        })?
        .join("exports")
        .join(active.id.to_string());
    let cannot_write = |e: std::io::Error| {
        let shown = dir.display();
        said(crate::tr!(
            "{shown}에 쓸 수 없어요: {e}",
            "cannot write {shown}: {e}"
        ))
    };
    std::fs::create_dir_all(&dir).map_err(cannot_write)?;
    let when = active
        .journal()
        .first()
        .map_or_else(String::new, |e| crate::session::export::local_time(e.at));
    let files = crate::session::export::files(
        active.scenario(),
        active.setup(),
        active.progress(),
        active.journal(),
        &when,
        lang,
    )
    .map_err(|e| {
        said(crate::tr!(
            "내보낼 표를 만들지 못했어요: {e}",
            "could not make the tables: {e}"
        ))
    })?;
    for (name, text) in files {
        std::fs::write(dir.join(name), text).map_err(cannot_write)?;
    }
    Ok(dir)
}

/// The way the class came through the story, as a strip of the scenes: each step a small
/// card with the scene's picture (when it has one) and the choice taken, numbered, so the
/// debrief can point at "the third vote". The cards wrap onto more rows when there are many.
fn path_strip(
    ui: &mut egui::Ui,
    ctx: &egui::Context,
    pictures: &mut crate::app::pictures::Pictures,
    rp: &crate::scenario::RolePlay,
    run: &crate::engine::role_play::Run,
    lang: Lang,
) {
    if run.path.is_empty() {
        return;
    }
    ui.add_space(theme::px(ctx, 1.0));
    ui.label(
        theme::text(
            ctx,
            if lang == Lang::Ko {
                "우리 반이 고른 길"
            } else {
                "The way our class chose"
            },
            size::SMALL,
        )
        .color(palette::egui(palette::MUTED)),
    );
    let margin = theme::px(ctx, 0.5);
    // Up to ten cards to a row, rows of even length, each card as wide as its row allows.
    let n = run.path.len();
    let rows = n.div_ceil(10);
    let per_row = n.div_ceil(rows);
    let gap = ui.spacing().item_spacing.x;
    let width = ((ui.available_width() - gap * (per_row as f32 - 1.0)) / per_row as f32
        - 2.0 * margin)
        .min(theme::px(ctx, 30.0));
    for (row, steps) in run.path.chunks(per_row).enumerate() {
        ui.horizontal_top(|ui| {
            for (k, &(s, c)) in steps.iter().enumerate() {
                let scene = &rp.scenes[s];
                let picture = scene.image.as_ref().and_then(|p| pictures.get(ctx, p));
                egui::Frame::new()
                    .fill(palette::egui(palette::SURFACE))
                    .corner_radius(margin)
                    .inner_margin(margin)
                    .show(ui, |ui| {
                        ui.set_width(width);
                        ui.vertical(|ui| {
                            // Pictures no taller than 9% of the window, so two rows of
                            // steps fit under the ending at 1280×720.
                            if let Some(texture) = &picture {
                                let aspect = texture.aspect_ratio().max(0.1);
                                let height = (width / aspect).min(theme::px(ctx, 9.0));
                                ui.add(
                                    egui::Image::new(texture)
                                        .fit_to_exact_size(egui::vec2(height * aspect, height))
                                        .corner_radius(margin),
                                );
                            }
                            ui.label(theme::text(
                                ctx,
                                format!(
                                    "{} {}",
                                    row * per_row + k + 1,
                                    scene.choices[c].text.get(lang)
                                ),
                                size::SMALL,
                            ));
                        });
                    });
            }
        });
    }
}

/// The class's result (a team game with a goal) and what the goal was about (the needs
/// board, the pond) where it ended; whether team scores are shown after it.
fn class_outcome(
    ui: &mut egui::Ui,
    ctx: &egui::Context,
    active: &crate::app::classroom::Active,
    lang: Lang,
) -> bool {
    let show_scores = super::play::class_result(ui, ctx, active, lang);
    if let (crate::session::Board::TeamGame(game), crate::scenario::Game::TeamGame(tg)) =
        (&active.progress().board, &active.scenario().game)
    {
        super::play::stocks(ui, ctx, active, game, tg, lang);
    }
    show_scores
}

fn draw_results(
    mut contexts: EguiContexts,
    mut room: ResMut<Classroom>,
    mut next: ResMut<NextState<Screen>>,
    mut input: MessageWriter<ClassInput>,
    journal: Option<Res<JournalWriter>>,
    data: Res<DataDir>,
    language: Res<Language>,
    time: Res<Time>,
    shown: Res<ShownSince>,
    mut pictures: ResMut<crate::app::pictures::Pictures>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let lang = language.0;
    let ko = lang == Lang::Ko;
    let mut exported = None;
    let mut close = false;
    {
        let Some(active) = &room.active else {
            next.set(Screen::Library);
            return Ok(());
        };
        theme::screen(ctx, |ui| {
            // A short celebration: the title pulses in the accent colour for a few seconds,
            // then the screen rests (and the app with it).
            let t = time.elapsed_secs() - shown.0;
            let glow = if t < 4.0 {
                ctx.request_repaint();
                1.0 + 0.06 * (t * 6.0).sin()
            } else {
                1.0
            };
            // No party popper over a story that did not end well or a class that lost
            // together: the scenario's tone decides.
            use crate::scenario::Tone;
            let tone = match (&active.progress().board, &active.scenario().game) {
                (crate::session::Board::TeamGame(g), _) => match g.outcome {
                    Some(o) if !o.won => Tone::Bad,
                    _ => Tone::Good,
                },
                (crate::session::Board::RolePlay { runs }, crate::scenario::Game::RolePlay(rp))
                    if active.setup().mode == crate::session::Mode::ClassVote =>
                {
                    runs[0].ended().map_or(Tone::Mixed, |e| rp.endings[e].tone)
                }
                _ => Tone::Good,
            };
            let sad = tone != Tone::Good;
            // The heading, with the instructor's two buttons at its right: always in reach,
            // however long the story below.
            ui.horizontal(|ui| {
                ui.label(
                    theme::text(
                        ctx,
                        match (sad, ko) {
                            (false, true) => "🎉 결과",
                            (false, false) => "🎉 Results",
                            (true, true) => "결과",
                            (true, false) => "Results",
                        },
                        size::HEADING * glow,
                    )
                    .color(palette::egui(palette::ACCENT))
                    .strong(),
                );
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui
                        .button(theme::text(
                            ctx,
                            if ko { "새 게임" } else { "New game" },
                            size::SMALL,
                        ))
                        .clicked()
                    {
                        close = true;
                    }
                    if ui
                        .button(theme::text(
                            ctx,
                            if ko {
                                "내보내기 (CSV, HTML)"
                            } else {
                                "Export (CSV, HTML)"
                            },
                            size::SMALL,
                        ))
                        .clicked()
                    {
                        exported = Some(());
                    }
                });
            });
            if let Some(notice) = &room.notice {
                ui.label(
                    theme::text(ctx, notice, size::SMALL).color(palette::egui(palette::MUTED)),
                );
            }
            ui.add_space(theme::px(ctx, 1.5));
            // A class vote plays one story together: its ending is the result.
            if let (crate::session::Board::RolePlay { runs }, crate::scenario::Game::RolePlay(rp)) =
                (&active.progress().board, &active.scenario().game)
                && active.setup().mode == crate::session::Mode::ClassVote
                && let Some(e) = runs[0].ended()
            {
                let ending = &rp.endings[e];
                let picture = ending.image.as_ref().and_then(|p| pictures.get(ctx, p));
                theme::beside_picture(ui, ctx, picture.as_ref(), 24.0, |ui| {
                    ui.label(
                        theme::text(ctx, ending.title.get(lang), size::HEADING)
                            .color(super::play::tone_colour(tone))
                            .strong(),
                    );
                    ui.label(theme::text(ctx, ending.text.get(lang), size::BODY));
                });
                ui.add_space(theme::px(ctx, 1.0));
                // Where the story stands at the end, and the way the class came.
                ui.horizontal_wrapped(|ui| {
                    for (m, meter) in rp.meters.iter().enumerate() {
                        let span = (meter.max - meter.min).max(1) as f32;
                        theme::gauge(
                            ui,
                            ctx,
                            meter.name.get(lang),
                            f64::from(runs[0].meters[m]),
                            Some((runs[0].meters[m] - meter.min) as f32 / span),
                            0.0,
                            egui::Id::new(("end-meter", m)),
                        );
                    }
                });
                path_strip(ui, ctx, &mut pictures, rp, &runs[0], lang);
                if active.progress().awards.iter().any(|a| *a != 0.0) {
                    super::play::scoreboard(ui, ctx, active, lang);
                }
            } else if class_outcome(ui, ctx, active, lang) {
                // The class's result comes first; then a dilemma's class total beside what
                // cooperating would have given, the podium, and every team's scores with what
                // it ended with, unless the goal hides them.
                super::play::dilemma_totals(ui, ctx, active, lang);
                if matches!(active.scenario().game, crate::scenario::Game::TeamGame(_)) {
                    super::play::podium(ui, ctx, active, lang);
                    ui.add_space(theme::px(ctx, 1.0));
                }
                super::play::scoreboard_with_stats(ui, ctx, active, lang);
            }
        });
    }
    if exported.is_some() {
        room.notice = Some(match export(&room, &data, lang) {
            Ok(dir) => format!(
                "{} {}",
                if ko { "저장했어요:" } else { "Saved to" },
                dir.display()
            ),
            Err(e) => e,
        });
    }
    if close {
        input.write(ClassInput::Close);
        if let Some(j) = journal {
            crate::app::classroom::refresh_sessions(&j);
        }
        next.set(Screen::Library);
    }
    Ok(())
}
