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

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<DecisionDraft>()
        .add_systems(Update, enter_play)
        .add_systems(
            EguiPrimaryContextPass,
            draw_play.run_if(in_state(Screen::Play)),
        );
}

/// Decisions being typed in, per team, before they are sent.
#[derive(Resource, Default)]
pub struct DecisionDraft {
    pub values: Vec<Vec<Decided>>,
    pub answers: Vec<usize>,
    pub votes: Vec<u32>,
    round: u32,
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

fn colour(hex: &str) -> egui::Color32 {
    let (r, g, b) = crate::session::export::hex_colour(hex);
    egui::Color32::from_rgb(r, g, b)
}

#[allow(clippy::too_many_arguments)]
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
                    ui, ctx, active, game, tg, lang, &mut entry, &mut input, &mut next,
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
        if let Some(clock) = active.round_clock(crate::app::classroom::now(), None) {
            let left = clock.left().ceil() as u32;
            ui.label(theme::text(
                ctx,
                format!("   ⏱ {}:{:02}", left / 60, left % 60),
                size::SMALL,
            ));
        }
    });
}

#[allow(clippy::too_many_arguments)]
fn role_play_view(
    ui: &mut egui::Ui,
    pictures: &mut crate::app::pictures::Pictures,
    ctx: &egui::Context,
    active: &Active,
    runs: &[role_play::Run],
    rp: &crate::scenario::RolePlay,
    lang: Lang,
    entry: &mut DecisionDraft,
    input: &mut MessageWriter<ClassInput>,
    next: &mut NextState<Screen>,
) {
    let ko = lang == Lang::Ko;
    let turns = active.setup().mode == Mode::TeamTurns;
    let r = active.turn().unwrap_or(0).min(runs.len() - 1);
    let run = &runs[r];
    // Meters, animated towards their value, with the change of the last choice.
    ui.horizontal_wrapped(|ui| {
        if turns {
            let team = &active.setup().teams[r];
            ui.label(
                theme::text(
                    ctx,
                    format!(
                        "{} {} {}",
                        team.icon,
                        team.name,
                        if ko { "차례" } else { "to play" }
                    ),
                    size::BODY,
                )
                .color(colour(&team.colour)),
            );
        }
        for (m, meter) in rp.meters.iter().enumerate() {
            let value = run.meters[m];
            let shown =
                ctx.animate_value_with_time(egui::Id::new(("meter", r, m)), value as f32, 0.8);
            let span = (meter.max - meter.min).max(1) as f32;
            ui.label(theme::text(ctx, meter.name.get(lang), size::SMALL));
            ui.add(
                egui::ProgressBar::new((shown - meter.min as f32) / span)
                    .desired_width(theme::px(ctx, 20.0))
                    .text(format!("{}", shown.round() as i32)),
            );
        }
    });
    ui.add_space(theme::px(ctx, 1.5));
    // What the last choice did, from the events it made (the run that moved may be the team
    // before this one in team turns).
    let taken = active.last_events().iter().find_map(|e| match e {
        Event::RolePlay {
            run,
            event: role_play::Event::ChoiceTaken { scene, choice },
        } => Some((*run, *scene, *choice)),
        _ => None,
    });
    let drawn = active.last_events().iter().find_map(|e| match e {
        Event::RolePlay {
            event: role_play::Event::OutcomeDrawn { outcome, .. },
            ..
        } => Some(*outcome),
        _ => None,
    });
    if let Some((moved, s, c)) = taken {
        let choice = &rp.scenes[s].choices[c];
        let mut said = format!("✔ {}", choice.text.get(lang));
        if let Some(f) = &choice.feedback {
            said.push_str(&format!(" — {}", f.get(lang)));
        }
        ui.label(theme::text(ctx, said, size::SMALL).color(palette::egui(palette::MUTED)));
        // A random outcome is revealed: it fades in over a moment, in the accent colour.
        if let (crate::scenario::Next::Random(outcomes), Some(o)) = (&choice.next, drawn)
            && let Some(text) = outcomes.get(o).and_then(|o| o.text.as_ref())
        {
            // First frame: start hidden; then animate to fully shown.
            let key = egui::Id::new(("outcome", moved, runs[moved].path.len()));
            let seen = ctx
                .data_mut(|d| std::mem::replace(d.get_temp_mut_or(key.with("seen"), false), true));
            let alpha = ctx.animate_bool_with_time(key, seen, 0.6);
            ui.label(
                theme::text(ctx, format!("🎲 {}", text.get(lang)), size::BODY)
                    .color(palette::egui(palette::ACCENT).gamma_multiply(alpha.clamp(0.2, 1.0))),
            );
        }
    }
    match run.position {
        Position::Scene(s) => {
            let scene = &rp.scenes[s];
            if let Some(texture) = scene.image.as_ref().and_then(|p| pictures.get(ctx, p)) {
                ui.add(egui::Image::new(&texture).max_height(theme::px(ctx, 28.0)));
            }
            let portrait = scene
                .speaker
                .and_then(|r| rp.roles[r].portrait.as_ref())
                .and_then(|p| pictures.get(ctx, p));
            // The speaker: portrait (when the scenario has one) beside the name.
            if let Some(speaker) = scene.speaker {
                ui.horizontal(|ui| {
                    if let Some(texture) = &portrait {
                        ui.add(egui::Image::new(texture).max_height(theme::px(ctx, 12.0)));
                    }
                    ui.label(
                        theme::text(ctx, rp.roles[speaker].name.get(lang), size::BODY)
                            .color(palette::egui(palette::ACCENT))
                            .strong(),
                    );
                });
            }
            ui.label(theme::text(ctx, scene.text.get(lang), size::BODY));
            ui.add_space(theme::px(ctx, 2.0));
            let available = run.available(rp);
            let pressed = ui.input(|i| (0..9).find(|k| i.key_pressed(number_key(*k))));
            if entry.votes.len() != scene.choices.len() {
                entry.votes = vec![0; scene.choices.len()];
            }
            for (k, choice) in scene.choices.iter().enumerate() {
                let open = available.contains(&k);
                let text = theme::text(
                    ctx,
                    format!("{}  {}", k + 1, choice.text.get(lang)),
                    size::BODY,
                );
                let text = if open {
                    text
                } else {
                    text.color(palette::egui(palette::MUTED))
                };
                ui.horizontal(|ui| {
                    if active.setup().mode == Mode::ClassVote {
                        ui.add_enabled(
                            open,
                            egui::DragValue::new(&mut entry.votes[k])
                                .range(0..=99)
                                .prefix(if ko { "표 " } else { "votes " }),
                        );
                    }
                    // The button takes the rest of the row, after the vote count.
                    let button = egui::Button::new(text)
                        .min_size(egui::vec2(ui.available_width(), theme::px(ctx, 8.0)));
                    if ui.add_enabled(open, button).clicked() || (open && pressed == Some(k)) {
                        input.write(active.role_play(role_play::Command::Choose(k)).into());
                    }
                });
            }
            if active.setup().mode == Mode::ClassVote {
                let total: u32 = entry.votes.iter().sum();
                if total > 0
                    && ui
                        .button(theme::text(
                            ctx,
                            if ko {
                                "투표로 정하기"
                            } else {
                                "Decide by vote"
                            },
                            size::SMALL,
                        ))
                        .clicked()
                {
                    let votes = std::mem::take(&mut entry.votes);
                    input.write(active.role_play(role_play::Command::Vote(votes)).into());
                }
            }
        }
        Position::Ended(e) => {
            let ending = &rp.endings[e];
            ui.label(
                theme::text(ctx, ending.title.get(lang), size::HEADING)
                    .color(palette::egui(palette::ACCENT))
                    .strong(),
            );
            ui.label(theme::text(ctx, ending.text.get(lang), size::BODY));
            if runs.iter().all(|r| r.ended().is_some()) {
                let go = ui
                    .button(theme::text(
                        ctx,
                        if ko {
                            "돌아보기 (Enter)"
                        } else {
                            "Debrief (Enter)"
                        },
                        size::BODY,
                    ))
                    .clicked();
                if go || ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                    next.set(Screen::Debrief);
                }
            }
        }
    }
}

fn number_key(k: usize) -> egui::Key {
    [
        egui::Key::Num1,
        egui::Key::Num2,
        egui::Key::Num3,
        egui::Key::Num4,
        egui::Key::Num5,
        egui::Key::Num6,
        egui::Key::Num7,
        egui::Key::Num8,
        egui::Key::Num9,
    ][k.min(8)]
}

#[allow(clippy::too_many_arguments)]
fn team_game_view(
    ui: &mut egui::Ui,
    ctx: &egui::Context,
    active: &Active,
    game: &team_game::Game,
    tg: &crate::scenario::TeamGame,
    lang: Lang,
    entry: &mut DecisionDraft,
    input: &mut MessageWriter<ClassInput>,
    next: &mut NextState<Screen>,
) {
    let ko = lang == Lang::Ko;
    let teams = &active.setup().teams;
    ui.label(
        theme::text(
            ctx,
            format!(
                "{} {} / {}",
                if ko { "라운드" } else { "Round" },
                game.round.max(1),
                tg.rounds
            ),
            size::HEADING,
        )
        .strong(),
    );
    for &c in &game.cards {
        let card = &tg.deck[c];
        egui::Frame::group(ui.style())
            .fill(palette::egui(palette::SURFACE))
            .show(ui, |ui| {
                ui.label(
                    theme::text(ctx, format!("🃏 {}", card.title.get(lang)), size::BODY)
                        .color(palette::egui(palette::ACCENT)),
                );
                ui.label(theme::text(ctx, card.text.get(lang), size::SMALL));
            });
    }
    match game.phase {
        Phase::Deciding => {
            if entry.round != game.round || entry.values.len() != teams.len() {
                entry.round = game.round;
                // Every team starts from the least it may decide.
                entry.values = (0..teams.len())
                    .map(|t| active.least_decision(t).unwrap_or_default())
                    .collect();
                entry.answers = vec![0; teams.len()];
            }
            for d in &tg.decisions {
                ui.label(theme::text(ctx, d.prompt.get(lang), size::BODY));
            }
            let quizzes: Vec<usize> = game.quizzes_now(tg).collect();
            for &q in &quizzes {
                let quiz = &tg.quizzes[q];
                ui.label(
                    theme::text(ctx, format!("❓ {}", quiz.question.get(lang)), size::BODY)
                        .color(palette::egui(palette::ACCENT)),
                );
                for (o, option) in quiz.options.iter().enumerate() {
                    ui.label(theme::text(
                        ctx,
                        format!("   {}. {}", o + 1, option.get(lang)),
                        size::SMALL,
                    ));
                }
            }
            egui::Grid::new("decisions")
                .spacing(egui::vec2(theme::px(ctx, 1.5), theme::px(ctx, 0.8)))
                .show(ui, |ui| {
                    for (t, team) in teams.iter().enumerate() {
                        let decided = game.decisions[t].is_some();
                        ui.label(
                            theme::text(ctx, format!("{} {}", team.icon, team.name), size::SMALL)
                                .color(colour(&team.colour)),
                        );
                        for (d, decision) in tg.decisions.iter().enumerate() {
                            let bounds = game.bounds(tg, t, d).unwrap_or((0, 0));
                            let Some(value) = entry.values[t].get_mut(d) else {
                                continue;
                            };
                            match (value, &decision.kind) {
                                (Decided::Number(n), _) => {
                                    ui.add(egui::DragValue::new(n).range(bounds.0..=bounds.1));
                                }
                                (Decided::Pick(o), DecisionKind::Pick(options)) => {
                                    egui::ComboBox::from_id_salt(("pick", t, d))
                                        .selected_text(options[*o].text.get(lang))
                                        .show_ui(ui, |ui| {
                                            for (k, option) in options.iter().enumerate() {
                                                ui.selectable_value(o, k, option.text.get(lang));
                                            }
                                        });
                                }
                                (Decided::Split(v), _) => {
                                    ui.horizontal(|ui| {
                                        for x in v.iter_mut() {
                                            ui.add(
                                                egui::DragValue::new(x)
                                                    .range(0..=bounds.0.max(0) as u32),
                                            );
                                        }
                                    });
                                }
                                _ => {}
                            }
                        }
                        for &q in &quizzes {
                            let options = tg.quizzes[q].options.len();
                            ui.add(
                                egui::DragValue::new(&mut entry.answers[t])
                                    .range(0..=options - 1)
                                    .custom_formatter(|v, _| format!("{}번", v as usize + 1)),
                            );
                        }
                        if ui
                            .button(theme::text(
                                ctx,
                                if decided {
                                    "✔"
                                } else if ko {
                                    "결정"
                                } else {
                                    "decide"
                                },
                                size::SMALL,
                            ))
                            .clicked()
                        {
                            input.write(
                                Command::TeamGame(team_game::Command::Decide {
                                    team: t,
                                    values: entry.values[t].clone(),
                                })
                                .into(),
                            );
                            for &q in &quizzes {
                                input.write(
                                    Command::TeamGame(team_game::Command::Answer {
                                        team: t,
                                        quiz: q,
                                        option: entry.answers[t],
                                    })
                                    .into(),
                                );
                            }
                        }
                        ui.end_row();
                    }
                });
            let all = game.decisions.iter().all(Option::is_some);
            let reveal = ui.add_enabled(
                all,
                egui::Button::new(theme::text(
                    ctx,
                    if ko {
                        "결과 공개 (R)"
                    } else {
                        "Reveal (R)"
                    },
                    size::BODY,
                )),
            );
            if reveal.clicked() || (all && ui.input(|i| i.key_pressed(egui::Key::R))) {
                input.write(Command::TeamGame(team_game::Command::Resolve).into());
            }
        }
        Phase::BetweenRounds | Phase::Finished => {
            if game.round > 0 {
                results(ui, ctx, active, game, tg, lang);
            }
            let label = match (game.phase, ko) {
                (Phase::Finished, true) => "돌아보기 (Enter)",
                (Phase::Finished, false) => "Debrief (Enter)",
                (_, true) => "라운드 시작 (Enter)",
                (_, false) => "Begin round (Enter)",
            };
            let go = ui
                .button(theme::text(ctx, label, size::BODY).strong())
                .clicked()
                || ui.input(|i| i.key_pressed(egui::Key::Enter));
            if go {
                if game.phase == Phase::Finished {
                    next.set(Screen::Debrief);
                } else {
                    input.write(Command::TeamGame(team_game::Command::BeginRound).into());
                }
            }
        }
    }
}

/// The revealed round: shared values, quiz explanations and (unless hidden) the scores.
fn results(
    ui: &mut egui::Ui,
    ctx: &egui::Context,
    active: &Active,
    game: &team_game::Game,
    tg: &crate::scenario::TeamGame,
    lang: Lang,
) {
    for (s, shared) in tg.shared.iter().enumerate() {
        if let Some(name) = &shared.name {
            ui.label(theme::text(
                ctx,
                format!("{}: {:.1}", name.get(lang), game.shared[s]),
                size::BODY,
            ));
        }
    }
    for quiz in tg.quizzes.iter().filter(|q| q.round == game.round) {
        ui.label(theme::text(
            ctx,
            format!(
                "💡 {} — {}",
                quiz.options[quiz.answer].get(lang),
                quiz.explanation.get(lang)
            ),
            size::SMALL,
        ));
    }
    if active.setup().hide_leaderboard && game.phase != Phase::Finished {
        return;
    }
    scoreboard(ui, ctx, active);
}

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
