//! Session setup: the class label, the teams (default names and colour-blind-safe colours,
//! each with an icon), the mode, the seed, and fairness options.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::Screen;
use super::library::Chosen;
use crate::app::Language;
use crate::app::classroom::{ClassInput, Classroom};
use crate::app::library::ScenarioFile;
use crate::app::theme::{self, size};
use crate::scenario::{Game, Lang, PlayMode};
use crate::session::{self, Mode, Pinned, Setup};

/// What the instructor has typed so far.
#[derive(Resource)]
pub struct Draft {
    pub class_label: String,
    pub teams: usize,
    pub names: Vec<String>,
    pub team_turns: bool,
    pub seed: String,
    pub hide_leaderboard: bool,
    /// Experience days: the day and the visiting group (set by a station, empty otherwise).
    pub day: String,
    pub group: String,
    /// The station's name in the day plan.
    pub station: String,
}

impl Default for Draft {
    fn default() -> Self {
        Draft {
            class_label: "우리 반".into(),
            teams: 4,
            names: session::DEFAULT_TEAMS
                .iter()
                .map(|t| t.0.to_owned())
                .collect(),
            team_turns: false,
            seed: String::new(),
            hide_leaderboard: false,
            day: String::new(),
            group: String::new(),
            station: String::new(),
        }
    }
}

impl Draft {
    /// The setup this draft describes, for a scenario of this kind.
    pub fn setup(&self, game: &Game) -> Setup {
        let mode = match game {
            Game::RolePlay(_) if self.team_turns => Mode::TeamTurns,
            Game::RolePlay(_) => Mode::ClassVote,
            Game::TeamGame(_) => Mode::Rounds,
        };
        let mut teams = session::default_teams(self.teams);
        for (t, name) in teams.iter_mut().zip(&self.names) {
            if !name.trim().is_empty() {
                t.name = name.trim().to_owned();
            }
        }
        let seed = self.seed.trim().parse().unwrap_or_else(|_| {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as u64);
            crate::engine::GameRng::derive(nanos, std::process::id().into())
        });
        Setup {
            class_label: self.class_label.trim().to_owned(),
            instructor: String::new(),
            day: self.day.clone(),
            group: self.group.clone(),
            station: self.station.clone(),
            teams,
            mode,
            seed,
            hide_leaderboard: self.hide_leaderboard,
        }
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Draft>()
        .add_systems(OnEnter(Screen::Setup), leaderboard_default)
        .add_systems(
            EguiPrimaryContextPass,
            draw_setup
                .run_if(in_state(Screen::Setup))
                .after(crate::app::theme::SidePanels),
        );
}

/// A social dilemma hides the leaderboard until the end by default: a ranking during play
/// rewards the free rider and teaches the wrong lesson. The instructor can still show it.
fn leaderboard_default(chosen: Option<Res<Chosen>>, mut draft: ResMut<Draft>) {
    let dilemma = chosen
        .as_ref()
        .and_then(|c| c.0.scenario.as_ref())
        .is_some_and(|s| matches!(&s.game, Game::TeamGame(tg) if tg.dilemma.is_some()));
    draft.hide_leaderboard = dilemma;
}

/// The pinned copy of a library file: its text as loaded, and the glossary beside it.
/// "Use team devices", and where devices connect: the network address and the port.
fn device_options(
    ui: &mut egui::Ui,
    ctx: &egui::Context,
    options: &mut crate::app::devices::DeviceOptions,
    ko: bool,
) {
    ui.vertical(|ui| {
        ui.checkbox(
            &mut options.on,
            theme::text(
                ctx,
                if ko {
                    "팀 기기 사용 (태블릿·휴대폰)"
                } else {
                    "Use team devices (each team decides on a tablet or phone)"
                },
                size::SMALL,
            ),
        );
        if !options.on {
            return;
        }
        ui.horizontal(|ui| {
            let chosen = options.address;
            egui::ComboBox::from_id_salt("device-address")
                .selected_text(chosen.to_string())
                .show_ui(ui, |ui| {
                    for (name, ip) in options.addresses.clone() {
                        ui.selectable_value(&mut options.address, ip, format!("{ip}  ({name})"));
                    }
                });
            ui.label(if ko { "포트" } else { "port" });
            ui.add(egui::DragValue::new(&mut options.port).range(1024..=65535));
        });
    });
}

pub fn pin(file: &ScenarioFile) -> Pinned {
    let path = &file.report.path;
    let glossary = crate::scenario::glossary_file(&file.report.source).and_then(|g| {
        std::fs::read_to_string(path.parent().unwrap_or(std::path::Path::new("")).join(&g))
            .ok()
            .or_else(|| {
                crate::scenario::library::EMBEDDED
                    .iter()
                    .find(|(n, _)| *n == g)
                    .map(|(_, t)| (*t).to_owned())
            })
    });
    Pinned {
        file_name: path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        source: file.report.source.clone(),
        glossary,
        dir: path.parent().and_then(|d| std::fs::canonicalize(d).ok()),
    }
}

fn draw_setup(
    mut contexts: EguiContexts,
    mut draft: ResMut<Draft>,
    mut next: ResMut<NextState<Screen>>,
    mut input: MessageWriter<ClassInput>,
    chosen: Option<Res<Chosen>>,
    room: Res<Classroom>,
    language: Res<Language>,
    mut devices: ResMut<crate::app::devices::DeviceOptions>,
    device_problem: Res<crate::app::devices::DeviceProblem>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let ko = language.0 == Lang::Ko;
    let Some(file) = chosen.as_ref().map(|c| c.0.clone()) else {
        next.set(Screen::Library);
        return Ok(());
    };
    let Some(s) = &file.scenario else {
        next.set(Screen::Library);
        return Ok(());
    };
    let (min, max) = match &s.game {
        Game::TeamGame(tg) => (tg.min_teams as usize, tg.max_teams as usize),
        Game::RolePlay(_) => (2, 8),
    };
    draft.teams = draft.teams.clamp(min, max);
    theme::screen(ctx, |ui| {
        ui.add_space(theme::px(ctx, size::GAP));
        ui.label(theme::text(ctx, s.title.get(language.0), size::HEADING).strong());
        ui.add_space(theme::px(ctx, 1.5));
        egui::Grid::new("setup")
            .spacing(egui::vec2(theme::px(ctx, 2.0), theme::px(ctx, 1.2)))
            .show(ui, |ui| {
                ui.label(theme::text(
                    ctx,
                    if ko { "반 이름" } else { "Class" },
                    size::SMALL,
                ));
                ui.add(
                    egui::TextEdit::singleline(&mut draft.class_label)
                        .font(egui::FontId::proportional(theme::px(ctx, size::SMALL)))
                        .hint_text("율하중 2-3"),
                );
                ui.end_row();
                ui.label(theme::text(
                    ctx,
                    if ko { "팀 수" } else { "Teams" },
                    size::SMALL,
                ));
                ui.add(egui::Slider::new(&mut draft.teams, min..=max));
                ui.end_row();
                if let Game::RolePlay(rp) = &s.game {
                    ui.label(theme::text(
                        ctx,
                        if ko { "진행 방식" } else { "Mode" },
                        size::SMALL,
                    ));
                    ui.horizontal(|ui| {
                        if rp.modes.contains(&PlayMode::ClassVote) {
                            ui.radio_value(
                                &mut draft.team_turns,
                                false,
                                theme::text(
                                    ctx,
                                    if ko {
                                        "반 전체 투표"
                                    } else {
                                        "Class vote"
                                    },
                                    size::SMALL,
                                ),
                            );
                        }
                        if rp.modes.contains(&PlayMode::TeamTurns) {
                            ui.radio_value(
                                &mut draft.team_turns,
                                true,
                                theme::text(
                                    ctx,
                                    if ko { "팀별 차례" } else { "Team turns" },
                                    size::SMALL,
                                ),
                            );
                        }
                    });
                    ui.end_row();
                }
                ui.label(theme::text(
                    ctx,
                    if ko { "공정하게" } else { "Fairness" },
                    size::SMALL,
                ));
                ui.checkbox(
                    &mut draft.hide_leaderboard,
                    theme::text(
                        ctx,
                        if ko {
                            "끝날 때까지 순위 숨기기"
                        } else {
                            "Hide the leaderboard until the end"
                        },
                        size::SMALL,
                    ),
                );
                ui.end_row();
                ui.label(theme::text(
                    ctx,
                    if ko {
                        "시드 (비우면 무작위)"
                    } else {
                        "Seed (empty: random)"
                    },
                    size::SMALL,
                ));
                ui.add(
                    egui::TextEdit::singleline(&mut draft.seed).desired_width(theme::px(ctx, 30.0)),
                );
                ui.end_row();
                ui.label(theme::text(
                    ctx,
                    if ko { "팀 기기" } else { "Team devices" },
                    size::SMALL,
                ));
                device_options(ui, ctx, &mut devices, ko);
                ui.end_row();
            });
        theme::notice(ui, ctx, device_problem.0.as_ref());
        ui.add_space(theme::px(ctx, 1.5));
        // In a team game with roles, each team's organisation beside its name.
        let roles: Vec<String> = chosen
            .as_ref()
            .and_then(|c| c.0.scenario.as_ref())
            .and_then(|s| match &s.game {
                Game::TeamGame(tg) => Some(tg),
                Game::RolePlay(_) => None,
            })
            .map(|tg| {
                (0..draft.teams)
                    .filter_map(|t| tg.role_of(t).map(|r| r.name.get(language.0).to_owned()))
                    .collect()
            })
            .unwrap_or_default();
        ui.horizontal_wrapped(|ui| {
            let teams = draft.teams;
            for (t, (_, colour, icon)) in session::DEFAULT_TEAMS.iter().enumerate().take(teams) {
                let c = crate::session::export::hex_colour(colour);
                ui.label(
                    egui::RichText::new(*icon)
                        .size(theme::px(ctx, size::BODY))
                        .color(egui::Color32::from_rgb(c.0, c.1, c.2)),
                );
                ui.add(
                    egui::TextEdit::singleline(&mut draft.names[t])
                        .desired_width(theme::px(ctx, 18.0))
                        .font(egui::FontId::proportional(theme::px(ctx, size::SMALL))),
                );
                if let Some(role) = roles.get(t) {
                    ui.label(theme::text(ctx, format!("({role})"), size::SMALL));
                }
            }
        });
        ui.add_space(theme::px(ctx, 2.0));
        ui.horizontal(|ui| {
            let start = theme::primary(
                ctx,
                if ko {
                    "시작하기 (Enter)"
                } else {
                    "Start (Enter)"
                },
            );
            let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
            if (ui.add(start).clicked() || enter) && room.pending == 0 {
                if draft.class_label.trim().is_empty() {
                    draft.class_label = "우리 반".into();
                }
                input.write(ClassInput::Start {
                    pinned: Box::new(pin(&file)),
                    setup: Box::new(draft.setup(&s.game)),
                });
            }
            if ui
                .button(theme::text(
                    ctx,
                    if ko { "뒤로" } else { "Back" },
                    size::SMALL,
                ))
                .clicked()
            {
                next.set(Screen::Library);
            }
        });
        theme::notice(ui, ctx, room.notice.as_ref());
    });
    Ok(())
}
