//! Play: what the projector shows while the class plays. Role-play: the scene, its speaker,
//! the meters, and the choices as large numbered buttons (keys 1–9), with a vote panel in
//! class-vote mode. Team game: the round, the cards, every team's decision entry, the quiz,
//! the timer, and the results when revealed.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::Screen;
use crate::app::Language;
use crate::app::classroom::{Active, ClassInput, Classroom};
use crate::app::theme::{self, palette, size};
use crate::engine::role_play::{self, Position};
use crate::engine::team_game::{self, Decided, Phase};
use crate::scenario::{DecisionKind, Game, Lang};
use crate::session::{Board, Command, Event, Mode};

mod rounds;
mod scoreboard;
mod story;

use rounds::team_game_view;
pub use scoreboard::{
    class_result, dilemma_totals, podium, scoreboard, scoreboard_with_stats, stocks,
};
use story::role_play_view;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<DecisionDraft>()
        .add_systems(Update, enter_play)
        .add_systems(
            EguiPrimaryContextPass,
            draw_play
                .run_if(in_state(Screen::Play))
                .after(crate::app::theme::SidePanels),
        );
}

/// Decisions being typed in, per team, before they are sent.
#[derive(Resource, Default)]
pub struct DecisionDraft {
    pub values: Vec<Vec<Decided>>,
    pub answers: Vec<usize>,
    pub votes: Vec<u32>,
    round: u32,
    /// Why no team can decide this round (a bound the scenario cannot give), shown to the
    /// instructor in place of a message about missing values.
    problem: Option<String>,
}

/// When a session starts or is resumed, the projector switches to it.
fn enter_play(
    room: Res<Classroom>,
    screen: Res<State<Screen>>,
    mut next: ResMut<NextState<Screen>>,
) {
    if room.active.is_some()
        && matches!(
            screen.get(),
            Screen::Library | Screen::Setup | Screen::Title
        )
    {
        next.set(Screen::Play);
    }
}

/// A team as the projector names it: its icon and name, and in a team game with roles the
/// organisation it plays ("🌞 해님 · 사회적기업").
pub fn team_title(active: &Active, t: usize, lang: Lang) -> String {
    let team = &active.setup().teams[t];
    match &active.scenario().game {
        Game::TeamGame(tg) if let Some(role) = tg.role_of(t) => {
            format!("{} {} · {}", team.icon, team.name, role.name.get(lang))
        }
        _ => format!("{} {}", team.icon, team.name),
    }
}

/// An ending's title colour from its tone: the accent for a good ending only, plain text for
/// a mixed one, muted for a bad one (docs/design.md: no celebration over a bad ending).
pub fn tone_colour(tone: crate::scenario::Tone) -> egui::Color32 {
    palette::egui(match tone {
        crate::scenario::Tone::Good => palette::ACCENT,
        crate::scenario::Tone::Mixed => palette::TEXT,
        crate::scenario::Tone::Bad => palette::MUTED,
    })
}

fn colour(hex: &str) -> egui::Color32 {
    let (r, g, b) = crate::session::export::hex_colour(hex);
    egui::Color32::from_rgb(r, g, b)
}

fn draw_play(
    mut contexts: EguiContexts,
    room: Res<Classroom>,
    library: Res<crate::app::library::ScenarioLibrary>,
    files: Res<Assets<crate::app::library::ScenarioFile>>,
    mut pictures: ResMut<crate::app::pictures::Pictures>,
    mut entry: ResMut<DecisionDraft>,
    mut input: MessageWriter<ClassInput>,
    mut next: ResMut<NextState<Screen>>,
    language: Res<Language>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let Some(active) = &room.active else {
        next.set(Screen::Library);
        return Ok(());
    };
    let lang = language.0;
    // The file was edited since the class started: say so; the session keeps its version.
    let changed = library
        .files
        .iter()
        .filter_map(|f| files.get(&f.handle))
        .any(|f| {
            f.report.source != active.source
                && (f
                    .scenario
                    .as_ref()
                    .is_some_and(|s| s.id == active.scenario().id)
                    || f.report.path.file_name().is_some_and(|n| {
                        n.to_string_lossy() == format!("{}.ron", active.scenario().id)
                    }))
        });
    theme::screen(ctx, |ui| {
        header(ui, ctx, active, lang);
        if changed {
            let note = if lang == Lang::Ko {
                "시나리오 파일이 바뀌었어요. 이 수업은 시작할 때의 내용으로 계속해요."
            } else {
                "The scenario file changed; this class goes on with the version it started with."
            };
            ui.label(theme::text(ctx, note, size::SMALL).color(palette::egui(palette::MUTED)));
        }
        match (&active.progress().board, &active.scenario().game) {
            (Board::RolePlay { runs }, Game::RolePlay(rp)) => {
                role_play_view(
                    ui,
                    &mut pictures,
                    ctx,
                    active,
                    runs,
                    rp,
                    lang,
                    &mut entry,
                    &mut input,
                    &mut next,
                );
            }
            (Board::TeamGame(game), Game::TeamGame(tg)) => {
                team_game_view(
                    ui,
                    ctx,
                    &mut pictures,
                    active,
                    game,
                    tg,
                    lang,
                    &mut entry,
                    &mut input,
                    &mut next,
                );
            }
            _ => {}
        }
        if room.saving() {
            ui.label(
                theme::text(
                    ctx,
                    if lang == Lang::Ko {
                        "저장 중…"
                    } else {
                        "saving…"
                    },
                    size::SMALL,
                )
                .color(palette::egui(palette::MUTED)),
            );
        }
        theme::notice(ui, ctx, room.notice.as_ref());
    });
    Ok(())
}

fn header(ui: &mut egui::Ui, ctx: &egui::Context, active: &Active, lang: Lang) {
    ui.horizontal(|ui| {
        ui.label(
            theme::text(ctx, active.scenario().title.get(lang), size::SMALL)
                .color(palette::egui(palette::ACCENT)),
        );
        ui.label(
            theme::text(
                ctx,
                format!("· {}", active.setup().class_label),
                size::SMALL,
            )
            .color(palette::egui(palette::MUTED)),
        );
        if active.progress().paused {
            ui.label(
                theme::text(
                    ctx,
                    if lang == Lang::Ko {
                        "  ⏸ 잠시 멈춤"
                    } else {
                        "  ⏸ paused"
                    },
                    size::SMALL,
                )
                .color(palette::egui(palette::ACCENT)),
            );
        }
    });
    if let Some(clock) = active.round_clock(crate::app::classroom::now(), None) {
        big_timer(ui, ctx, &clock);
    }
}

/// The round timer, big in the stage's top-right corner: a ring that empties as time runs
/// out around the minutes and seconds left, in the accent colour, turning urgent (and larger)
/// in the last 10 seconds. Drawn over the corner, so it takes no room from the stage.
fn big_timer(ui: &egui::Ui, ctx: &egui::Context, clock: &crate::session::RoundClock) {
    let left = clock.left().ceil() as u32;
    let urgent = left <= 10 && !clock.paused;
    let radius = theme::px(ctx, if urgent { 8.5 } else { 7.0 });
    let stage = ui.max_rect();
    let centre = egui::pos2(
        stage.right() - radius - theme::px(ctx, 1.0),
        stage.top() + radius + theme::px(ctx, 0.5),
    );
    let colour = palette::egui(if urgent {
        palette::PROBLEM
    } else {
        palette::ACCENT
    });
    let painter = ui.painter();
    let width = theme::px(ctx, 0.9);
    painter.circle_stroke(
        centre,
        radius,
        egui::Stroke::new(width, palette::egui(palette::SURFACE)),
    );
    // The part of the round still left, clockwise from the top.
    let share = if clock.limit == 0 {
        0.0
    } else {
        (clock.left() / f64::from(clock.limit)) as f32
    };
    let steps = (64.0 * share).ceil() as usize;
    if steps > 0 {
        let points: Vec<egui::Pos2> = (0..=steps)
            .map(|k| {
                let a = -std::f32::consts::FRAC_PI_2
                    + std::f32::consts::TAU * share * k as f32 / steps as f32;
                centre + radius * egui::vec2(a.cos(), a.sin())
            })
            .collect();
        painter.add(egui::Shape::line(points, egui::Stroke::new(width, colour)));
    }
    let text = if clock.paused {
        "⏸".to_owned()
    } else {
        format!("{}:{:02}", left / 60, left % 60)
    };
    painter.text(
        centre,
        egui::Align2::CENTER_CENTER,
        text,
        egui::FontId::proportional(radius * 0.75),
        if urgent {
            colour
        } else {
            palette::egui(palette::TEXT)
        },
    );
}
