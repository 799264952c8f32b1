//! `--screenshot PATH`: saves the title screen once it is fully drawn, prints how long that
//! took from process start, and quits. Used by the window test and to measure startup.

use std::path::PathBuf;
use std::time::Instant;

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured, save_to_disk};

use crate::app::screens::Screen;

#[derive(Resource)]
pub struct CaptureTitle {
    pub path: PathBuf,
    pub started: Instant,
    /// Frames drawn on the title screen so far; the capture waits for text and egui to settle.
    frames: u32,
    requested: bool,
    /// Pictures taken again because the renderer had not drawn the frame yet.
    retries: u32,
}

impl CaptureTitle {
    pub fn new(path: PathBuf, started: Instant) -> Self {
        CaptureTitle {
            path,
            started,
            frames: 0,
            requested: false,
            retries: 0,
        }
    }
}

/// Frames to wait on the title: glyph atlases and egui's fonts need a couple of frames.
const SETTLE_FRAMES: u32 = 5;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        request_capture.run_if(resource_exists::<CaptureTitle>.and_then(
            // A station's first screen is its attract screen.
            in_state(Screen::Title).or_else(in_state(Screen::Station)),
        )),
    );
}

fn request_capture(mut commands: Commands, mut capture: ResMut<CaptureTitle>) {
    if capture.requested {
        return;
    }
    capture.frames += 1;
    if capture.frames < SETTLE_FRAMES {
        return;
    }
    capture.requested = true;
    let path = capture.path.clone();
    let started = capture.started;
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let mut save = save_to_disk(path.clone());
    commands.spawn(Screenshot::primary_window()).observe(
        move |captured: On<ScreenshotCaptured>,
              mut exit: MessageWriter<AppExit>,
              mut capture: ResMut<CaptureTitle>| {
            // A software renderer under load may hand back a frame it has not drawn yet
            // (all zeros, not even the background colour): take the picture again.
            let blank = captured
                .image
                .data
                .as_ref()
                .is_none_or(|d| d.iter().all(|b| *b == 0 || *b == 255));
            if blank && capture.retries < 50 {
                capture.retries += 1;
                capture.requested = false;
                capture.frames = 0;
                return;
            }
            let elapsed = started.elapsed();
            save(captured);
            eprintln!(
                "kkumgil: title screen drawn and captured {} ms after start: {}",
                elapsed.as_millis(),
                path.display()
            );
            exit.write(AppExit::Success);
        },
    );
}

/// `--tour DIR`: walks through every screen as an instructor would (title, library, setup,
/// a whole role-play, its debrief and results, then a team game round), saving a screenshot
/// of each into DIR, then quits. The window test checks every picture.
#[derive(Resource)]
pub struct Tour {
    pub dir: PathBuf,
    step: usize,
    frames: u32,
    shots_requested: usize,
    /// Which of `PLAYED_THROUGH` the tour plays now.
    game: usize,
    /// Which of `TEAM_PLAYS` the tour plays now.
    team_play: usize,
}

impl Tour {
    pub fn new(dir: PathBuf) -> Self {
        Tour {
            dir,
            step: 0,
            frames: 0,
            shots_requested: 0,
            game: 0,
            team_play: 0,
        }
    }
}

/// Screenshots written so far (set by the capture observers).
#[derive(Resource, Default)]
pub struct ShotsSaved(pub usize);

/// Names of the tour's pictures, in order.
pub const TOUR_SHOTS: &[&str] = &[
    "title",
    "library",
    "setup-role-play",
    "play-role-play",
    "play-role-play-later",
    "ending",
    "debrief",
    "results",
    "play-team-game",
    "play-team-game-deciding",
    "play-team-game-results",
    "play-branch",
    "play-branch-taken",
    "play-practice",
    "play-discussion",
    "play-class-result",
    "results-class",
    "play-pitch",
    "play-invest",
    "results-invest",
    "school-coop-ending",
    "school-coop-debrief",
    "school-coop-results",
    "keep-the-mission-ending",
    "keep-the-mission-debrief",
    "keep-the-mission-results",
    "mentoring-ending",
    "mentoring-debrief",
    "mentoring-results",
    "town-won-round",
    "town-won-results",
    "town-lost-round",
    "town-lost-results",
    "market-round",
    "market-results",
    "fair-trade-round",
    "fair-trade-results",
    "golden-bell-round",
    "golden-bell-results",
    "pitch-round",
    "pitch-results",
    "workshop-new",
    "workshop-created",
    "workshop-problems",
    "workshop-report",
    "play-devices",
];

/// How the tour's bot teams decide in a team game played through.
#[derive(Clone, Copy)]
enum Bot {
    /// 우리 동네 살리기: each team on what its organisation does best, all in the MOU.
    TownBest,
    /// 우리 동네 살리기: each team on what it is not good at, nobody in the MOU.
    TownWorst,
    /// Even teams decide the most, odd teams the least; a Pick takes option `team % n`.
    Alternate,
}

/// The bundled team games the tour plays from start to results after the role-plays: the
/// scenario id, the name its two pictures start with (after round 2, and the results), and
/// how its teams decide. The town game is played to a class win and to a loss.
const TEAM_PLAYS: [(&str, &str, Bot); 6] = [
    ("revive-our-town", "town-won", Bot::TownBest),
    ("revive-our-town", "town-lost", Bot::TownWorst),
    ("market-day", "market", Bot::Alternate),
    ("fair-trade", "fair-trade", Bot::Alternate),
    ("golden-bell", "golden-bell", Bot::Alternate),
    ("pitch-invest", "pitch", Bot::Alternate),
];

/// A bot team's decisions for this round (`after`: the game once the round has begun).
fn bot_decisions(
    bot: Bot,
    tg: &crate::scenario::TeamGame,
    after: &crate::engine::team_game::Game,
    team: usize,
) -> Option<Vec<crate::engine::team_game::Decided>> {
    use crate::engine::team_game::Decided;
    use crate::scenario::DecisionKind;
    let mut values = after.least_decision(tg, team).ok()?;
    for (d, decision) in tg.decisions.iter().enumerate() {
        let (lo, hi) = after.bounds(tg, team, d).unwrap_or((0, 0));
        values[d] = match (bot, &decision.kind) {
            (Bot::TownBest | Bot::TownWorst, DecisionKind::Split { categories, .. }) => {
                // care 0, jobs 1, sales 2; roles: social, coop, village, public, selfhelp, company.
                let best = [1, 0, 2, 0, 1, 2][team % 6];
                let need = match bot {
                    Bot::TownBest => best,
                    _ => (best + 1) % categories.len(),
                };
                let mut split = vec![0; categories.len()];
                split[need] = u32::try_from(lo.max(0)).unwrap_or(0);
                Decided::Split(split)
            }
            (Bot::TownBest, DecisionKind::Pick(_)) => Decided::Pick(1),
            (Bot::TownWorst, DecisionKind::Pick(_)) => Decided::Pick(0),
            (Bot::Alternate, DecisionKind::Pick(options)) => Decided::Pick(team % options.len()),
            (Bot::Alternate, DecisionKind::Number { .. }) => {
                Decided::Number(if team.is_multiple_of(2) { hi } else { lo })
            }
            // Most to the next team for one criterion, the rest to the team after for another.
            (Bot::Alternate, kind @ DecisionKind::Allocate { .. }) => {
                let (k, teams) = (kind.criteria(), after.teams.len());
                let tokens = u32::try_from(lo.max(0)).unwrap_or(0);
                let mut given = vec![0; teams * k];
                given[((team + 1) % teams) * k + team % k] += tokens - tokens / 3;
                given[((team + 2) % teams) * k + (team + 1) % k] += tokens / 3;
                if (team + 2) % teams == team {
                    // Two teams: everything to the other one.
                    given[team * k + (team + 1) % k] -= tokens / 3;
                    given[((team + 1) % teams) * k + (team + 1) % k] += tokens / 3;
                }
                Decided::Allocate(given)
            }
            _ => continue,
        };
    }
    Some(values)
}

/// The bundled role-plays the tour plays from start to debrief at its end, after the ones
/// above: each takes the first choice open (or moves on) until an ending.
const PLAYED_THROUGH: [&str; 3] = ["school-coop", "keep-the-mission", "mentoring"];

pub(super) fn tour_plugin(app: &mut App) {
    app.init_resource::<ShotsSaved>()
        .add_systems(Update, run_tour.run_if(resource_exists::<Tour>));
}

fn shoot(commands: &mut Commands, tour: &mut Tour, name: &str) {
    let path = tour.dir.join(format!("{name}.png"));
    let mut save = save_to_disk(path);
    tour.shots_requested += 1;
    commands.spawn(Screenshot::primary_window()).observe(
        move |captured: On<ScreenshotCaptured>, mut saved: ResMut<ShotsSaved>| {
            save(captured);
            saved.0 += 1;
        },
    );
}

/// A handle of the library file whose scenario has this id.
fn library_file(
    library: &crate::app::library::ScenarioLibrary,
    files: &Assets<crate::app::library::ScenarioFile>,
    id: &str,
) -> Option<Handle<crate::app::library::ScenarioFile>> {
    library
        .files
        .iter()
        .find(|f| {
            files
                .get(&f.handle)
                .and_then(|x| x.scenario.as_ref())
                .is_some_and(|s| s.id == id)
        })
        .map(|f| f.handle.clone())
}

/// Starts a session of the library scenario with this id, as the setup screen would with
/// its current draft. False when the library has no such playable scenario.
fn start_game(
    library: &crate::app::library::ScenarioLibrary,
    files: &Assets<crate::app::library::ScenarioFile>,
    draft: &crate::app::screens::setup::Draft,
    input: &mut MessageWriter<crate::app::classroom::ClassInput>,
    id: &str,
) -> bool {
    let Some(file) = library_file(library, files, id).and_then(|h| files.get(&h)) else {
        return false;
    };
    let Some(s) = file.scenario.as_ref() else {
        return false;
    };
    input.write(crate::app::classroom::ClassInput::Start {
        pinned: Box::new(crate::app::screens::setup::pin(file)),
        setup: Box::new(draft.setup(&s.game)),
    });
    true
}

/// Plays a whole round of a team game: begins it, sends every team's decision, reveals it.
/// `decide` reads the game as it will be once the round has begun (its bounds) and gives a
/// team's decisions, or nothing for a team left out.
fn play_round(
    game: &crate::engine::team_game::Game,
    tg: &crate::scenario::TeamGame,
    input: &mut MessageWriter<crate::app::classroom::ClassInput>,
    decide: impl Fn(
        &crate::engine::team_game::Game,
        usize,
    ) -> Option<Vec<crate::engine::team_game::Decided>>,
) {
    use crate::engine::team_game::Command as Tg;
    use crate::session::Command;
    input.write(Command::TeamGame(Tg::BeginRound).into());
    let mut after = game.clone();
    let _ = after.apply(tg, &Tg::BeginRound, &mut Vec::new());
    for team in 0..game.teams.len() {
        if let Some(values) = decide(&after, team) {
            input.write(Command::TeamGame(Tg::Decide { team, values }).into());
        }
        // Even teams answer every quiz right, odd teams pick its first option.
        for quiz in after.quizzes_now(tg) {
            let option = if team % 2 == 0 {
                tg.quizzes[quiz].answer
            } else {
                0
            };
            input.write(Command::TeamGame(Tg::Answer { team, quiz, option }).into());
        }
    }
    input.write(Command::TeamGame(Tg::Resolve).into());
}

fn run_tour(
    mut commands: Commands,
    mut tour: ResMut<Tour>,
    saved: Res<ShotsSaved>,
    screen: Res<State<Screen>>,
    mut next: ResMut<NextState<Screen>>,
    mut input: MessageWriter<crate::app::classroom::ClassInput>,
    mut console: ResMut<crate::app::console::ConsoleOpen>,
    room: Res<crate::app::classroom::Classroom>,
    library: Res<crate::app::library::ScenarioLibrary>,
    files: Res<Assets<crate::app::library::ScenarioFile>>,
    draft: Res<crate::app::screens::setup::Draft>,
    mut entry: ResMut<crate::app::screens::play::DecisionDraft>,
    mut calm: ResMut<crate::app::theme::Calm>,
    mut exit: MessageWriter<AppExit>,
    (mut workshop, mut authoring, mut device_options, devices): (
        ResMut<crate::app::workshop::Workshop>,
        MessageWriter<crate::app::workshop::Authoring>,
        ResMut<crate::app::devices::DeviceOptions>,
        Option<Res<crate::app::devices::Devices>>,
    ),
) {
    use crate::app::classroom::ClassInput;
    use crate::app::workshop::Authoring;
    use crate::engine::{role_play, team_game};
    use crate::session::{Board, Command};
    // Let text, egui and animations settle, and wait for pictures and saves in flight.
    tour.frames += 1;
    if tour.frames < 12
        || saved.0 < tour.shots_requested
        || room.saving()
        || *screen.get() == Screen::Loading
    {
        return;
    }
    tour.frames = 0;
    let step = tour.step;
    tour.step += 1;
    let ended =
        |room: &crate::app::classroom::Classroom| room.active.as_ref().is_some_and(|a| a.is_over());
    match step {
        0 => {
            // The pictures show each screen's end state, whatever the renderer's speed
            // (motion itself is tested with a fixed clock in `theme`).
            calm.0 = true;
            shoot(&mut commands, &mut tour, "title");
        }
        1 => {
            console.0 = false;
            next.set(Screen::Library);
        }
        2 => shoot(&mut commands, &mut tour, "library"),
        3 => match library_file(&library, &files, "village-cafe").and_then(|h| files.get(&h)) {
            Some(file) => {
                commands.insert_resource(crate::app::screens::library::Chosen(
                    std::sync::Arc::new(file.clone()),
                ));
                next.set(Screen::Setup);
            }
            None => {
                eprintln!("kkumgil tour: the bundled role-play is missing");
                exit.write(AppExit::error());
            }
        },
        4 => shoot(&mut commands, &mut tour, "setup-role-play"),
        5 => {
            start_game(&library, &files, &draft, &mut input, "village-cafe");
            // The class's votes on the first scene's two choices, as typed in, to picture
            // the live tally.
            entry.votes = vec![14, 9];
        }
        6 => shoot(&mut commands, &mut tour, "play-role-play"),
        // The first choice, then the bazaar (a random outcome, to show its reveal).
        7 | 8 => {
            if let Some(active) = &room.active {
                let choice = if step == 7 { 0 } else { 2 };
                input.write(active.role_play(role_play::Command::Choose(choice)).into());
            }
        }
        9 => shoot(&mut commands, &mut tour, "play-role-play-later"),
        10 => {
            // Play on, first available choice each time, until the story ends.
            if let Some(active) = &room.active
                && !ended(&room)
                && let (Board::RolePlay { runs }, crate::scenario::Game::RolePlay(rp)) =
                    (&active.progress().board, &active.scenario().game)
            {
                if runs[0].at_branch(rp) {
                    input.write(active.role_play(role_play::Command::Continue).into());
                } else if let Some(&c) = runs[0].available(rp).first() {
                    input.write(active.role_play(role_play::Command::Choose(c)).into());
                }
                tour.step = 10;
            }
        }
        11 => shoot(&mut commands, &mut tour, "ending"),
        12 => next.set(Screen::Debrief),
        13 => shoot(&mut commands, &mut tour, "debrief"),
        14 => next.set(Screen::Results),
        15 => shoot(&mut commands, &mut tour, "results"),
        16 => {
            input.write(ClassInput::Close);
            next.set(Screen::Library);
            if !start_game(&library, &files, &draft, &mut input, "community-fund") {
                exit.write(AppExit::error());
            }
        }
        17 => shoot(&mut commands, &mut tour, "play-team-game"),
        18 => {
            // The instructor's console is open over this one, to picture it too.
            input.write(Command::TeamGame(team_game::Command::BeginRound).into());
            // The instructor's "10 s left": the timer in its urgent state.
            input.write(Command::Countdown { seconds: 10 }.into());
            console.0 = true;
        }
        19 => shoot(&mut commands, &mut tour, "play-team-game-deciding"),
        20 => {
            if let Some(active) = &room.active
                && let (Board::TeamGame(game), crate::scenario::Game::TeamGame(tg)) =
                    (&active.progress().board, &active.scenario().game)
            {
                for team in 0..active.setup().teams.len() {
                    let give = game
                        .bounds(tg, team, 0)
                        .map_or(0, |(lo, hi)| if team % 2 == 0 { hi } else { lo });
                    let values = vec![team_game::Decided::Number(give)];
                    input.write(
                        Command::TeamGame(team_game::Command::Decide { team, values }).into(),
                    );
                }
            }
        }
        21 => {
            console.0 = false;
            input.write(Command::TeamGame(team_game::Command::Resolve).into());
        }
        22 => shoot(&mut commands, &mut tour, "play-team-game-results"),
        // An automatic branch, when the data folder holds the test scenario `assembly`:
        // announce, survey, then the general meeting moves on by itself.
        23 => {
            input.write(ClassInput::Close);
            if !start_game(&library, &files, &draft, &mut input, "assembly") {
                tour.step = 29;
            }
        }
        24 | 25 => {
            if let Some(active) = &room.active {
                let choice = if step == 24 { 1 } else { 0 };
                input.write(active.role_play(role_play::Command::Choose(choice)).into());
            }
        }
        26 => shoot(&mut commands, &mut tour, "play-branch"),
        27 => {
            if let Some(active) = &room.active {
                input.write(active.role_play(role_play::Command::Continue).into());
            }
        }
        28 => shoot(&mut commands, &mut tour, "play-branch-taken"),
        // A stock and a class goal, when the data folder holds the test scenario `pond`:
        // every team catches all it may, round after round, until the class has lost.
        29 => {
            input.write(ClassInput::Close);
            next.set(Screen::Play);
            if !start_game(&library, &files, &draft, &mut input, "pond") {
                tour.step = 39;
            }
        }
        // The practice round, then rounds until the village meeting, the meeting, and
        // rounds until the class has lost.
        30 | 32 | 35 => {
            if let Some(active) = &room.active
                && let (Board::TeamGame(game), crate::scenario::Game::TeamGame(tg)) =
                    (&active.progress().board, &active.scenario().game)
                && game.phase == team_game::Phase::BetweenRounds
            {
                play_round(game, tg, &mut input, |after, team| {
                    let most = after.bounds(tg, team, 0).map_or(0, |(_, hi)| hi);
                    Some(vec![team_game::Decided::Number(most)])
                });
                if step != 30 {
                    tour.step = step;
                }
            }
        }
        31 => shoot(&mut commands, &mut tour, "play-practice"),
        33 => shoot(&mut commands, &mut tour, "play-discussion"),
        34 => {
            input.write(Command::TeamGame(team_game::Command::NextStep).into());
        }
        36 => shoot(&mut commands, &mut tour, "play-class-result"),
        37 => next.set(Screen::Results),
        38 => shoot(&mut commands, &mut tour, "results-class"),
        // A pitch by each team and an allocation between teams, when the data folder holds
        // the test scenario `invest`.
        39 => {
            input.write(ClassInput::Close);
            next.set(Screen::Play);
            if !start_game(&library, &files, &draft, &mut input, "invest") {
                tour.step = 46;
            }
        }
        40 => shoot(&mut commands, &mut tour, "play-pitch"),
        41 => {
            if let Some(active) = &room.active
                && let Board::TeamGame(game) = &active.progress().board
                && let team_game::Phase::Step(_) = game.phase
            {
                input.write(Command::TeamGame(team_game::Command::NextStep).into());
                tour.step = 41;
            }
        }
        42 => {
            if let Some(active) = &room.active
                && let (Board::TeamGame(game), crate::scenario::Game::TeamGame(tg)) =
                    (&active.progress().board, &active.scenario().game)
            {
                play_round(game, tg, &mut input, |after, team| {
                    after.least_decision(tg, team).ok()
                });
            }
        }
        43 => shoot(&mut commands, &mut tour, "play-invest"),
        44 => next.set(Screen::Results),
        45 => shoot(&mut commands, &mut tour, "results-invest"),
        // Each remaining bundled role-play, start to debrief: 46 starts it, 47 plays on,
        // 48 and 50 picture the ending and the debrief, 51 goes to the next game.
        46 => {
            input.write(ClassInput::Close);
            next.set(Screen::Play);
            let id = PLAYED_THROUGH[tour.game];
            if !start_game(&library, &files, &draft, &mut input, id) {
                eprintln!("kkumgil tour: the bundled role-play {id} is missing");
                exit.write(AppExit::error());
            }
        }
        47 => {
            if let Some(active) = &room.active
                && !ended(&room)
                && let (Board::RolePlay { runs }, crate::scenario::Game::RolePlay(rp)) =
                    (&active.progress().board, &active.scenario().game)
            {
                let r = active.turn().unwrap_or(0).min(runs.len() - 1);
                if runs[r].at_branch(rp) {
                    input.write(active.role_play(role_play::Command::Continue).into());
                } else if let Some(&c) = runs[r].available(rp).first() {
                    input.write(active.role_play(role_play::Command::Choose(c)).into());
                }
                tour.step = 47;
            }
        }
        48 => {
            let name = format!("{}-ending", PLAYED_THROUGH[tour.game]);
            shoot(&mut commands, &mut tour, &name);
        }
        49 => next.set(Screen::Debrief),
        50 => {
            let name = format!("{}-debrief", PLAYED_THROUGH[tour.game]);
            shoot(&mut commands, &mut tour, &name);
        }
        51 => next.set(Screen::Results),
        52 => {
            let name = format!("{}-results", PLAYED_THROUGH[tour.game]);
            shoot(&mut commands, &mut tour, &name);
        }
        53 => {
            tour.game += 1;
            if tour.game < PLAYED_THROUGH.len() {
                tour.step = 46;
            }
        }
        // Each bundled team game, start to results: 54 starts it, 55 plays to the end of
        // round 2, 56 pictures that reveal, 57 plays on to the end, 59 pictures the results,
        // 60 goes to the next game.
        54 => {
            input.write(ClassInput::Close);
            next.set(Screen::Play);
            let id = TEAM_PLAYS[tour.team_play].0;
            if !start_game(&library, &files, &draft, &mut input, id) {
                eprintln!("kkumgil tour: the bundled team game {id} is missing");
                exit.write(AppExit::error());
            }
        }
        55 | 57 => {
            if let Some(active) = &room.active
                && !ended(&room)
                && let (Board::TeamGame(game), crate::scenario::Game::TeamGame(tg)) =
                    (&active.progress().board, &active.scenario().game)
                && (step == 57 || game.round < 2)
            {
                match game.phase {
                    team_game::Phase::Step(_) => {
                        input.write(Command::TeamGame(team_game::Command::NextStep).into());
                    }
                    team_game::Phase::BetweenRounds => {
                        let bot = TEAM_PLAYS[tour.team_play].2;
                        play_round(game, tg, &mut input, |after, team| {
                            bot_decisions(bot, tg, after, team)
                        });
                    }
                    _ => {}
                }
                tour.step = step;
            }
        }
        56 => {
            let name = format!("{}-round", TEAM_PLAYS[tour.team_play].1);
            shoot(&mut commands, &mut tour, &name);
        }
        58 => next.set(Screen::Results),
        59 => {
            let name = format!("{}-results", TEAM_PLAYS[tour.team_play].1);
            shoot(&mut commands, &mut tour, &name);
        }
        60 => {
            tour.team_play += 1;
            if tour.team_play < TEAM_PLAYS.len() {
                tour.step = 54;
            }
        }
        // Authoring from the app: a new scenario from the template, an instructor's draft
        // with its problems (when the data folder holds one), and a simulation's report.
        61 => {
            // Nothing is opened in an editor or a browser during the tour.
            commands.insert_resource(crate::app::workshop::Opener::recording());
            input.write(ClassInput::Close);
            next.set(Screen::Library);
        }
        // A frame later: the results screen, seeing its session closed, sends the app to the
        // library in the same frame as the close; going on from there is not overridden.
        62 => next.set(Screen::Workshop),
        63 => {
            workshop.creating = true;
            workshop.new_kind = Some(crate::scenario::template::Template::RolePlay);
            workshop.new_name = "우리 동네 빵집".into();
        }
        64 => {
            // The picture must be of the authoring screen, not of a screen it fell back to.
            if *screen.get() != Screen::Workshop {
                eprintln!("kkumgil tour: workshop-new is of {:?}", screen.get());
                exit.write(AppExit::error());
            }
            shoot(&mut commands, &mut tour, "workshop-new")
        }
        65 => {
            authoring.write(Authoring::New {
                kind: crate::scenario::template::Template::RolePlay,
                name: "우리 동네 빵집".into(),
            });
        }
        66 => {
            // Once the new file has loaded.
            if workshop
                .selected
                .as_ref()
                .and_then(|h| files.get(h))
                .is_none()
            {
                tour.step = 66;
                return;
            }
            {
                // The picture must be of the authoring screen, not of a screen it fell back to.
                if *screen.get() != Screen::Workshop {
                    eprintln!("kkumgil tour: workshop-created is of {:?}", screen.get());
                    exit.write(AppExit::error());
                }
                shoot(&mut commands, &mut tour, "workshop-created")
            };
        }
        67 => {
            let broken = library.files.iter().find(|e| {
                !e.bundled && files.get(&e.handle).is_some_and(|f| f.report.has_errors())
            });
            if let Some(entry) = broken {
                authoring.write(Authoring::Select(entry.handle.clone()));
            }
        }
        68 => {
            // The picture must be of the authoring screen, not of a screen it fell back to.
            if *screen.get() != Screen::Workshop {
                eprintln!("kkumgil tour: workshop-problems is of {:?}", screen.get());
                exit.write(AppExit::error());
            }
            shoot(&mut commands, &mut tour, "workshop-problems")
        }
        69 => {
            if let Some(handle) = library_file(&library, &files, "village-cafe") {
                authoring.write(Authoring::Select(handle));
                authoring.write(Authoring::Simulate);
            }
        }
        70 => {
            let reported = workshop
                .selected
                .as_ref()
                .and_then(|h| workshop.reports.get(&h.id()))
                .is_some_and(|r| !r.text.is_empty());
            if workshop.running.is_some() || !reported {
                tour.step = 70;
                return;
            }
            {
                // The picture must be of the authoring screen, not of a screen it fell back to.
                if *screen.get() != Screen::Workshop {
                    eprintln!("kkumgil tour: workshop-report is of {:?}", screen.get());
                    exit.write(AppExit::error());
                }
                shoot(&mut commands, &mut tour, "workshop-report")
            };
        }
        // Team devices: a team game with devices on shows the join card, and the console its
        // devices section.
        71 => {
            device_options.on = true;
            device_options.address = std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST);
            device_options.port = 0;
            console.0 = true;
            next.set(Screen::Play);
            if !start_game(&library, &files, &draft, &mut input, "community-fund") {
                eprintln!("kkumgil tour: the bundled team game community-fund is missing");
                exit.write(AppExit::error());
            }
        }
        72 => {
            if devices.is_none() || room.active.is_none() {
                tour.step = 72;
                return;
            }
            shoot(&mut commands, &mut tour, "play-devices");
        }
        73 => {
            device_options.on = false;
            console.0 = false;
        }
        _ => {
            eprintln!(
                "kkumgil tour: {} screenshots in {}",
                saved.0,
                tour.dir.display()
            );
            exit.write(AppExit::Success);
        }
    }
}

/// `--measure-frames N`: opens a team game with 8 teams, begins a round, and measures N
/// frames of the play screen (mean and p95 frame time), then quits. Compared with
/// `examples/bare_egui.rs` in docs/development.md.
#[derive(Resource)]
pub struct FrameMeasure {
    pub wanted: u32,
    times: Vec<f32>,
    settle: u32,
    /// Idle mode: sit on the play screen this many seconds and count the frames drawn.
    idle: Option<f32>,
    idle_since: Option<f32>,
    idle_frames: u32,
    /// What egui drew in the last frame, in pixels (see `drawn_area`).
    egui_area: f32,
    /// Reveal mode: frames are measured only while a round's reveal animates; when it was
    /// shown.
    reveal: bool,
    revealed_at: Option<f32>,
}

/// How long after a reveal its frames are measured: the decisions, then the scoreboard's
/// bars after their delay, all growing.
const REVEAL_MEASURED_SECONDS: f32 = 2.5;

impl FrameMeasure {
    /// Frame times over `wanted` frames of the 8-team play screen, drawing continuously.
    pub fn new(wanted: u32) -> Self {
        FrameMeasure {
            wanted,
            times: Vec::new(),
            settle: 0,
            idle: None,
            idle_since: None,
            idle_frames: 0,
            egui_area: 0.0,
            reveal: false,
            revealed_at: None,
        }
    }

    /// Frame times over `wanted` frames of the 8-team reveal while its bars grow.
    pub fn reveal(wanted: u32) -> Self {
        FrameMeasure {
            reveal: true,
            ..FrameMeasure::new(wanted)
        }
    }

    /// Prints the frame times measured.
    fn report(&self) {
        let mut t = self.times.clone();
        if t.is_empty() {
            eprintln!("frames: none measured");
            return;
        }
        t.sort_by(f32::total_cmp);
        let mean = t.iter().sum::<f32>() / t.len() as f32;
        eprintln!(
            "frames: {} measured, mean {mean:.2} ms, p95 {:.2} ms; egui covers {:.0} k px",
            t.len(),
            t[(t.len() as f32 * 0.95) as usize],
            self.egui_area / 1000.0
        );
    }

    /// The same screen left alone for `seconds`, as the app runs in class (it sleeps while
    /// nothing moves): prints when the idle time starts and how many frames it drew.
    pub fn idle(seconds: f32) -> Self {
        FrameMeasure {
            idle: Some(seconds),
            ..FrameMeasure::new(0)
        }
    }
}

pub(super) fn measure_plugin(app: &mut App) {
    app.add_systems(
        Update,
        measure_frames.run_if(resource_exists::<FrameMeasure>),
    )
    .add_systems(
        PostUpdate,
        measure_egui_area
            .after(bevy_egui::EguiPostUpdateSet::ProcessOutput)
            .run_if(resource_exists::<FrameMeasure>),
    );
}

fn measure_frames(
    time: Res<Time<Real>>,
    mut m: ResMut<FrameMeasure>,
    screen: Res<State<Screen>>,
    mut next: ResMut<NextState<Screen>>,
    mut input: MessageWriter<crate::app::classroom::ClassInput>,
    mut draft: ResMut<crate::app::screens::setup::Draft>,
    room: Res<crate::app::classroom::Classroom>,
    library: Res<crate::app::library::ScenarioLibrary>,
    files: Res<Assets<crate::app::library::ScenarioFile>>,
    mut exit: MessageWriter<AppExit>,
) {
    use crate::app::classroom::ClassInput;
    use crate::engine::team_game::{self, Phase};
    use crate::session::{Board, Command};
    if room.saving() {
        return;
    }
    match (screen.get(), &room.active) {
        (Screen::Title, _) => next.set(Screen::Library),
        (Screen::Library, None) => {
            if let Some(file) =
                library_file(&library, &files, "community-fund").and_then(|h| files.get(&h))
            {
                draft.teams = 8;
                let s = file.scenario.as_ref().expect("playable");
                input.write(ClassInput::Start {
                    pinned: Box::new(crate::app::screens::setup::pin(file)),
                    setup: Box::new(draft.setup(&s.game)),
                });
            }
        }
        (Screen::Play, Some(active)) => {
            let Board::TeamGame(game) = &active.progress().board else {
                return;
            };
            if m.reveal {
                // Decide, reveal, measure while the reveal grows, then the next round.
                match game.phase {
                    Phase::Deciding => {
                        for team in 0..active.setup().teams.len() {
                            if let Ok(values) = active.least_decision(team) {
                                input.write(
                                    Command::TeamGame(team_game::Command::Decide { team, values })
                                        .into(),
                                );
                            }
                        }
                        input.write(Command::TeamGame(team_game::Command::Resolve).into());
                        m.revealed_at = None;
                    }
                    Phase::BetweenRounds => {
                        let now = time.elapsed_secs();
                        let at = *m.revealed_at.get_or_insert(now);
                        if now == at {
                            // The reveal's first frame includes the journal's round trip.
                        } else if now - at < REVEAL_MEASURED_SECONDS {
                            m.times.push(time.delta_secs() * 1000.0);
                        } else {
                            input.write(Command::TeamGame(team_game::Command::BeginRound).into());
                        }
                    }
                    Phase::Finished => {
                        m.report();
                        exit.write(AppExit::Success);
                    }
                    _ => {
                        input.write(Command::TeamGame(team_game::Command::NextStep).into());
                    }
                }
                if m.times.len() as u32 >= m.wanted {
                    m.report();
                    exit.write(AppExit::Success);
                }
                return;
            }
            if game.phase != Phase::Deciding {
                input.write(Command::TeamGame(team_game::Command::BeginRound).into());
                return;
            }
            if let Some(seconds) = m.idle {
                // Let the first frames and animations settle, then count what idle draws.
                let now = time.elapsed_secs();
                let since = *m.idle_since.get_or_insert(now + 3.0);
                if now < since {
                    return;
                }
                if m.idle_frames == 0 {
                    eprintln!("idle: from now, for {seconds} s");
                }
                m.idle_frames += 1;
                if now - since >= seconds {
                    eprintln!("idle: {} frames in {:.1} s", m.idle_frames - 1, now - since);
                    exit.write(AppExit::Success);
                }
                return;
            }
            m.settle += 1;
            if m.settle < 30 {
                return;
            }
            let dt = time.delta_secs() * 1000.0;
            m.times.push(dt);
            if m.times.len() as u32 >= m.wanted {
                m.report();
                exit.write(AppExit::Success);
            }
        }
        _ => {}
    }
}

fn measure_egui_area(mut m: ResMut<FrameMeasure>, outputs: Query<&bevy_egui::EguiRenderOutput>) {
    m.egui_area = outputs.iter().map(drawn_area).sum();
}

/// The pixels egui's triangles cover in a frame, overlaps counted: what a software renderer
/// (school PCs without a working GPU driver, and the CI machine) pays for.
fn drawn_area(output: &bevy_egui::EguiRenderOutput) -> f32 {
    let mut area = 0.0;
    for job in &output.paint_jobs {
        if let bevy_egui::egui::epaint::Primitive::Mesh(mesh) = &job.primitive {
            for tri in mesh.indices.chunks_exact(3) {
                let [a, b, c] = [tri[0], tri[1], tri[2]].map(|i| mesh.vertices[i as usize].pos);
                area += ((b - a).x * (c - a).y - (b - a).y * (c - a).x).abs() / 2.0;
            }
        }
    }
    area
}
