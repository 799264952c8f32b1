//! The app end to end: headless (the app's plugins under `MinimalPlugins`, no window) and in a
//! real window (the binary under Xvfb with Mesa's software Vulkan, checked by its screenshot).
#![cfg(feature = "app")]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use bevy::asset::AssetPlugin;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::input::{ButtonState, InputPlugin};
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;

use kkumgil::app::DataDir;
use kkumgil::app::classroom::{ClassInput, Classroom};
use kkumgil::app::library::{self, Folders, ScenarioFile, ScenarioLibrary};
use kkumgil::app::screens::Screen;
use kkumgil::engine::team_game::Decided;
use kkumgil::engine::{role_play, team_game};
use kkumgil::session::store::Status;
use kkumgil::session::store::Store;
use kkumgil::session::{self, Board, Command as Cmd, Mode, Pinned, Progress, Setup};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn headless_app(folders: Folders) -> App {
    headless_app_watching(folders, false)
}

fn headless_app_watching(folders: Folders, watch: bool) -> App {
    let mut app = App::new();
    with_app_plugins(&mut app, folders, watch);
    app
}

/// The app's plugins without a window, on these scenario folders (resources the plugins read
/// at build time, such as `DataDir`, go in before).
fn with_app_plugins(app: &mut App, folders: Folders, watch: bool) {
    library::register_sources(app, &folders);
    app.insert_resource(folders).add_plugins((
        MinimalPlugins,
        AssetPlugin {
            file_path: format!("{ROOT}/assets"),
            watch_for_changes_override: Some(watch),
            ..default()
        },
        StatesPlugin,
        InputPlugin,
        kkumgil::app::plugin,
    ));
}

/// Updates until `done` holds; loads are asynchronous, so give them real time.
fn update_until(app: &mut App, what: &str, done: impl Fn(&mut App) -> bool) {
    for _ in 0..1_000 {
        app.update();
        if done(app) {
            return;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    panic!("timed out waiting for {what}");
}

fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

#[test]
fn headless_app_loads_the_bundled_library_and_shows_the_title() {
    let mut app = headless_app(Folders {
        bundled: Some(Path::new(ROOT).join("scenarios")),
        user: None,
    });
    update_until(&mut app, "the title screen", |app| {
        screen(app) == Screen::Title
    });

    // Every bundled file loaded through the asset loader, and the games are playable.
    let world = app.world();
    let library = world.resource::<ScenarioLibrary>();
    let files = world.resource::<Assets<ScenarioFile>>();
    let loaded: Vec<&ScenarioFile> = library
        .files
        .iter()
        .filter_map(|f| files.get(&f.handle))
        .collect();
    assert_eq!(
        loaded.len(),
        library.files.len(),
        "a bundled file failed to load"
    );
    let games: Vec<&str> = loaded
        .iter()
        .filter_map(|f| f.scenario.as_ref())
        .map(|s| s.id.as_str())
        .collect();
    assert!(games.contains(&"village-cafe"), "bundled games: {games:?}");
    assert!(
        games.contains(&"community-fund"),
        "bundled games: {games:?}"
    );
    for f in &loaded {
        assert!(
            !f.report.has_errors(),
            "{}",
            f.report.render(false, kkumgil::i18n::Lang::En)
        );
    }

    // The title screen is on: its heading reads 꿈길.
    let mut titles = app
        .world_mut()
        .query_filtered::<&Text, With<kkumgil::app::screens::TitleText>>();
    let texts: Vec<String> = titles.iter(app.world()).map(|t| t.0.clone()).collect();
    assert_eq!(texts, vec!["꿈길".to_owned()]);
}

#[test]
fn a_broken_user_scenario_is_listed_with_its_error_and_breaks_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("broken.ron"),
        "Scenario(\n    id: \"broken\",\n    title: \"망가진\"\n",
    )
    .unwrap();
    let mut app = headless_app(Folders {
        bundled: None,
        user: Some(dir.path().to_path_buf()),
    });
    update_until(&mut app, "the title screen", |app| {
        screen(app) == Screen::Title
    });
    let world = app.world();
    let library = world.resource::<ScenarioLibrary>();
    let files = world.resource::<Assets<ScenarioFile>>();
    let user: Vec<&ScenarioFile> = library
        .files
        .iter()
        .filter(|f| !f.bundled)
        .filter_map(|f| files.get(&f.handle))
        .collect();
    assert_eq!(user.len(), 1);
    assert!(user[0].scenario.is_none());
    let first = &user[0].report.diagnostics[0];
    assert_eq!(
        first.code.as_str(),
        "K0101",
        "{}",
        user[0].report.render(false, kkumgil::i18n::Lang::En)
    );
    // Without a bundled folder on disk, the copies compiled into the binary stand in.
    let bundled = library
        .files
        .iter()
        .filter(|f| f.bundled)
        .filter_map(|f| files.get(&f.handle));
    assert!(bundled.filter(|f| f.scenario.is_some()).count() >= 2);
}

/// An instructor fixes a file while the app is open: the library re-checks it by itself.
#[test]
fn saving_a_scenario_reloads_it_in_the_running_app() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mine.ron");
    let good =
        std::fs::read_to_string(Path::new(ROOT).join("src/scenario/templates/role-play.ron"))
            .unwrap()
            .replace("{{id}}", "mine")
            .replace("glossary_file: \"glossary.ron\",", "")
            .replace("concepts: [\"cooperative\", \"one-member-one-vote\"],", "");
    let broken = good.replace("next: \"vote\"", "next: \"vot\"");
    std::fs::write(&file, &broken).unwrap();
    let mut app = headless_app_watching(
        Folders {
            bundled: None,
            user: Some(dir.path().to_path_buf()),
        },
        true,
    );
    update_until(&mut app, "the title screen", |app| {
        screen(app) == Screen::Title
    });
    let user_file = |app: &App| -> (bool, Vec<String>) {
        let world = app.world();
        let library = world.resource::<ScenarioLibrary>();
        let files = world.resource::<Assets<ScenarioFile>>();
        let entry = library
            .files
            .iter()
            .find(|f| !f.bundled)
            .expect("the user's file is listed");
        let f = files.get(&entry.handle).expect("loaded");
        (
            f.scenario.is_some(),
            f.report
                .diagnostics
                .iter()
                .map(|d| d.code.as_str().to_owned())
                .collect(),
        )
    };
    assert_eq!(user_file(&app), (false, vec!["K0203".to_owned()]));
    // Give the watcher a moment to start, then save the fixed file.
    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(&file, &good).unwrap();
    update_until(&mut app, "the fixed file to reload", |app| user_file(app).0);
    assert_eq!(user_file(&app), (true, vec![]));
    // A broken edit shows its diagnostic, and the last good version stays playable.
    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(&file, &broken).unwrap();
    update_until(&mut app, "the broken edit to reload", |app| {
        !user_file(app).0
    });
    let world = app.world();
    let library = world.resource::<ScenarioLibrary>();
    let entry = library.files.iter().find(|f| !f.bundled).unwrap();
    let last = world.resource::<library::LastGood>();
    let good = last
        .0
        .get(&entry.handle.id())
        .expect("the last good version is kept");
    assert_eq!(good.scenario.as_ref().map(|s| s.id.as_str()), Some("mine"));
}

#[test]
fn escape_quits_the_app() {
    let mut app = headless_app(Folders::default());
    update_until(&mut app, "the title screen", |app| {
        screen(app) == Screen::Title
    });
    app.world_mut().write_message(KeyboardInput {
        key_code: KeyCode::Escape,
        logical_key: Key::Escape,
        state: ButtonState::Pressed,
        text: None,
        repeat: false,
        window: Entity::PLACEHOLDER,
    });
    app.update();
    assert!(
        app.should_exit().is_some(),
        "Esc did not ask the app to exit"
    );
}

// ---------------------------------------------------------------- whole games, headless

/// The app with a data folder, on the title screen.
fn classroom_app(data: &Path) -> App {
    let mut app = App::new();
    app.insert_resource(DataDir(Some(data.to_path_buf())));
    let folders = Folders {
        bundled: Some(Path::new(ROOT).join("scenarios")),
        user: None,
    };
    with_app_plugins(&mut app, folders, false);
    update_until(&mut app, "the title screen", |app| {
        screen(app) == Screen::Title
    });
    app
}

/// Sends input and waits until the journal has taken it.
fn send(app: &mut App, input: ClassInput) {
    app.world_mut().write_message(input);
    app.update();
    update_until(app, "the journal", |app| {
        !app.world().resource::<Classroom>().saving()
    });
    if let Some(notice) = &app.world().resource::<Classroom>().notice {
        panic!("the app refused the input: {notice}");
    }
}

fn start(app: &mut App, file: &str, mode: Mode, teams: usize) -> Setup {
    let (pinned, _) = Pinned::from_file(&Path::new(ROOT).join("scenarios").join(file)).unwrap();
    let setup = Setup {
        class_label: "율하중 2-3".into(),
        instructor: String::new(),
        day: String::new(),
        group: String::new(),
        station: String::new(),
        teams: session::default_teams(teams),
        mode,
        seed: 2026,
        hide_leaderboard: false,
    };
    send(
        app,
        ClassInput::Start {
            pinned: Box::new(pinned),
            setup: Box::new(setup.clone()),
        },
    );
    update_until(app, "the play screen", |app| screen(app) == Screen::Play);
    setup
}

fn begin_round() -> ClassInput {
    Cmd::TeamGame(team_game::Command::BeginRound).into()
}

fn decide(team: usize, give: i64) -> ClassInput {
    let values = vec![Decided::Number(give)];
    Cmd::TeamGame(team_game::Command::Decide { team, values }).into()
}

fn resolve() -> ClassInput {
    Cmd::TeamGame(team_game::Command::Resolve).into()
}

/// The stored journal, replayed from the database as a resumed session would be.
fn replayed(data: &Path, id: i64) -> Progress {
    let store = Store::open(data).unwrap();
    let record = store.record(id).unwrap();
    Progress::replay(
        &record.pinned.load().unwrap(),
        &record.setup,
        &store.journal(id).unwrap(),
    )
    .unwrap()
}

#[test]
fn a_whole_role_play_by_class_vote_through_the_app() {
    let data = tempfile::tempdir().unwrap();
    let mut app = classroom_app(data.path());
    let setup = start(&mut app, "village-cafe.ron", Mode::ClassVote, 3);
    // The class votes for the last available choice each time; one award and one undo.
    let (mut moves, mut choices) = (0, 0);
    loop {
        let room = app.world().resource::<Classroom>();
        let active = room.active.as_ref().unwrap();
        if active.is_over() {
            break;
        }
        let (Board::RolePlay { runs }, kkumgil::scenario::Game::RolePlay(rp)) =
            (&active.progress().board, &active.scenario().game)
        else {
            panic!()
        };
        // A scene that moves on by itself (the loan repaid) is continued, not voted on.
        let command = if runs[0].at_branch(rp) {
            active.role_play(role_play::Command::Continue)
        } else {
            choices += 1;
            let choice = *runs[0].available(rp).first().expect("a choice");
            active.role_play(role_play::Command::Choose(choice))
        };
        send(&mut app, command.into());
        moves += 1;
        if moves == 4 {
            send(
                &mut app,
                Cmd::Award {
                    team: 2,
                    points: 5.0,
                    reason: "좋은 토론".into(),
                }
                .into(),
            );
            send(
                &mut app,
                Cmd::Award {
                    team: 0,
                    points: 9.0,
                    reason: "잘못 누름".into(),
                }
                .into(),
            );
            send(&mut app, ClassInput::UndoLast);
        }
        assert!(moves < 200, "the story does not end");
    }
    let room = app.world().resource::<Classroom>();
    let active = room.active.as_ref().unwrap();
    let Board::RolePlay { runs } = &active.progress().board else {
        panic!()
    };
    assert!(runs[0].ended().is_some(), "the class reached an ending");
    assert_eq!(
        runs[0].path.len(),
        choices,
        "the path holds the choices taken"
    );
    let scores = active.progress().scores(&setup);
    assert_eq!(
        scores,
        vec![0.0, 0.0, 5.0],
        "awards count; the undone one does not"
    );
    // What the app shows is what the journal on disk replays to.
    let id = active.id;
    let again = replayed(data.path(), id);
    assert_eq!(again.scores(&setup), scores);

    // The class closes the finished story: the session is finished on disk and the
    // library no longer offers it for resume.
    send(&mut app, ClassInput::Close);
    update_until(&mut app, "the list of sessions", |app| {
        app.world().resource::<Classroom>().resumable.is_empty()
    });
    let store = Store::open(data.path()).unwrap();
    assert_eq!(store.record(id).unwrap().status, Status::Finished);
}

/// A session open in one Kkumgil is not opened by a second one unless the instructor takes
/// it over, knowingly; then the first can no longer write into it.
#[test]
fn a_second_app_opens_a_held_session_only_when_taking_it_over() {
    let data = tempfile::tempdir().unwrap();
    let (pinned, s) =
        Pinned::from_file(&Path::new(ROOT).join("scenarios").join("community-fund.ron")).unwrap();
    let setup = Setup {
        class_label: "율하중 2-3".into(),
        instructor: String::new(),
        day: String::new(),
        group: String::new(),
        station: String::new(),
        teams: session::default_teams(3),
        mode: Mode::Rounds,
        seed: 7,
        hide_leaderboard: false,
    };
    // The first Kkumgil (another window) holds the session.
    let mut first = Store::open(data.path()).unwrap();
    let id = first.create(&setup, &pinned, &s.id, &s.title.ko).unwrap();
    first
        .append(id, &Cmd::TeamGame(team_game::Command::BeginRound))
        .unwrap();

    let mut app = classroom_app(data.path());
    app.world_mut().write_message(ClassInput::Open {
        id,
        take_over: false,
    });
    update_until(&mut app, "the refusal", |app| {
        app.world().resource::<Classroom>().notice.is_some()
    });
    {
        let room = app.world().resource::<Classroom>();
        assert!(room.active.is_none(), "opened a session held elsewhere");
        assert_eq!(room.held_elsewhere, Some(id));
        let notice = room.notice.as_deref().unwrap();
        assert!(notice.contains("다른 꿈길 창"), "{notice}");
    }
    send(
        &mut app,
        ClassInput::Open {
            id,
            take_over: true,
        },
    );
    update_until(&mut app, "the play screen", |app| {
        screen(app) == Screen::Play
    });
    let room = app.world().resource::<Classroom>();
    assert_eq!(room.active.as_ref().unwrap().journal().len(), 1);
    assert!(
        first.append(id, &Cmd::Pause).is_err(),
        "the first window still writes into the session"
    );
}

#[test]
fn a_whole_team_game_through_the_app() {
    let data = tempfile::tempdir().unwrap();
    let mut app = classroom_app(data.path());
    let setup = start(&mut app, "community-fund.ron", Mode::Rounds, 4);
    let rounds = {
        let room = app.world().resource::<Classroom>();
        let kkumgil::scenario::Game::TeamGame(tg) = &room.active.as_ref().unwrap().scenario().game
        else {
            panic!()
        };
        tg.rounds
    };
    // The practice round: it is revealed like any round, then forgotten.
    send(&mut app, begin_round());
    for team in 0..4 {
        send(&mut app, decide(team, 5));
    }
    send(&mut app, resolve());
    for round in 0..rounds {
        send(&mut app, begin_round());
        if round == 0 {
            // A number out of bounds is refused, and the instructor reads why in Korean.
            app.world_mut().write_message(decide(0, 999));
            app.update();
            let notice = app.world().resource::<Classroom>().notice.clone();
            let notice = notice.expect("a refusal");
            assert!(
                notice.contains("999") && notice.contains("범위 밖"),
                "{notice}"
            );
        }
        for team in 0..4 {
            // Teams 0 and 1 keep their tokens; 2 and 3 give 2 each round.
            let give = if team < 2 { 0 } else { 2 };
            send(&mut app, decide(team, give));
        }
        send(&mut app, resolve());
        let room = app.world().resource::<Classroom>();
        assert_eq!(
            room.active.as_ref().unwrap().progress().history.len() as u32,
            round + 2,
            "the practice round and every round are revealed"
        );
        // After round 3, the village meeting; then the class goes on.
        if round == 2 {
            send(
                &mut app,
                Cmd::TeamGame(kkumgil::engine::team_game::Command::NextStep).into(),
            );
        }
    }
    let room = app.world().resource::<Classroom>();
    let active = room.active.as_ref().unwrap();
    assert!(active.is_over());
    let scores = active.progress().scores(&setup);
    // The free riders come out ahead, as the game means to show.
    assert!(scores[0] > scores[2] && scores[1] > scores[3], "{scores:?}");
    assert_eq!(replayed(data.path(), active.id).scores(&setup), scores);
    // A decision out of bounds is refused before it reaches the journal.
    let journal = active.journal().len();
    app.world_mut().write_message(resolve());
    app.update();
    let notice = app.world().resource::<Classroom>().notice.clone();
    assert!(
        notice.as_deref().is_some_and(kkumgil::i18n::has_hangul),
        "{notice:?}"
    );
    assert_eq!(
        app.world()
            .resource::<Classroom>()
            .active
            .as_ref()
            .unwrap()
            .journal()
            .len(),
        journal
    );
}

/// Team devices through the app: with devices on in the setup, the session's server starts;
/// a device joins, is sent its team's decision when the instructor begins the round, and its
/// decision is journaled as the same command the keyboard gives; closing the class stops the
/// server and tells the device.
#[test]
fn a_team_decides_from_its_device_through_the_app() {
    use kkumgil::app::devices::{DeviceOptions, Devices};
    use tungstenite::Message;
    let data = tempfile::tempdir().unwrap();
    let mut app = classroom_app(data.path());
    {
        let mut options = app.world_mut().resource_mut::<DeviceOptions>();
        options.on = true;
        options.address = "127.0.0.1".parse().unwrap();
        options.port = 0;
    }
    start(&mut app, "community-fund.ron", Mode::Rounds, 2);
    app.update();
    let (addr, code) = {
        let devices = app
            .world()
            .get_resource::<Devices>()
            .expect("the devices' server");
        (devices.server.addr(), devices.server.code().to_owned())
    };
    assert_eq!(code.len(), 6);
    let (mut device, _) = tungstenite::connect(format!("ws://{addr}/ws?code={code}")).unwrap();
    if let tungstenite::stream::MaybeTlsStream::Plain(stream) = device.get_ref() {
        // The app runs between reads: it is what answers the device.
        stream
            .set_read_timeout(Some(Duration::from_millis(20)))
            .unwrap();
    }
    // The next message of kind `t`, updating the app meanwhile.
    let read = |device: &mut tungstenite::WebSocket<_>, app: &mut App, t: &str| {
        let until = std::time::Instant::now() + Duration::from_secs(10);
        while std::time::Instant::now() < until {
            app.update();
            if let Ok(Message::Text(text)) = device.read() {
                let value: serde_json::Value = serde_json::from_str(&text).unwrap();
                if value["t"] == t {
                    return value;
                }
            }
        }
        panic!("no {t} message from the app's server");
    };
    read(&mut device, &mut app, "teams");
    device
        .send(Message::text(r#"{"t":"join","team":1}"#))
        .unwrap();
    read(&mut device, &mut app, "joined");
    send(&mut app, begin_round());
    let task = loop {
        let task = read(&mut device, &mut app, "task");
        if task["task"]["t"] == "decide" {
            break task;
        }
    };
    assert_eq!(task["task"]["decisions"][0]["kind"], "number");
    device
        .send(Message::text(r#"{"t":"decide","values":[{"Number":3}]}"#))
        .unwrap();
    let said = read(&mut device, &mut app, "said");
    assert_eq!(said["ok"], true, "{said}");
    update_until(&mut app, "the device's decision in the journal", |app| {
        let room = app.world().resource::<Classroom>();
        !room.saving() && room.active.as_ref().is_some_and(|a| a.journal().len() == 2)
    });
    let journal: Vec<Cmd> = {
        let room = app.world().resource::<Classroom>();
        let active = room.active.as_ref().unwrap();
        active.journal().iter().map(|e| e.command.clone()).collect()
    };
    let ClassInput::Command(keyboard) = decide(1, 3) else {
        panic!()
    };
    assert_eq!(
        journal[1], keyboard,
        "the device's decision is the keyboard's command"
    );
    // The class closes: the server stops and the device is told.
    send(&mut app, ClassInput::Close);
    app.update();
    assert!(app.world().get_resource::<Devices>().is_none());
    let closed = read(&mut device, &mut app, "closed");
    assert!(closed["text"].as_str().unwrap().contains("끝났어요"));
}

// ---------------------------------------------------------------- in a real window

fn artifacts() -> PathBuf {
    Path::new(ROOT).join("test-artifacts")
}

/// Whether a window can open: `false` when there is no display, a failure instead when
/// KKUMGIL_REQUIRE_WINDOW is set (as scripts/test sets it).
fn window_available() -> bool {
    let has_display =
        std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some();
    if !has_display {
        assert!(
            std::env::var_os("KKUMGIL_REQUIRE_WINDOW").is_none(),
            "KKUMGIL_REQUIRE_WINDOW is set but there is no DISPLAY: run under xvfb-run"
        );
        eprintln!("no display: window test skipped (run under xvfb-run, as scripts/test does)");
    }
    has_display
}

/// Runs the real binary in a window and returns its screenshot, or `None` when there is no
/// display (set KKUMGIL_REQUIRE_WINDOW=1, as scripts/test does, to make that a failure).
fn screenshot(width: u32, height: u32) -> Option<(Vec<u8>, u32, u32)> {
    if !window_available() {
        return None;
    }
    let data = tempfile::tempdir().unwrap();
    let mut kkumgil = Command::new(env!("CARGO_BIN_EXE_kkumgil"));
    kkumgil.arg("--data-dir").arg(data.path());
    let path = artifacts().join(format!("title-{width}x{height}.png"));
    Some(title_shot(kkumgil, &path, width, height))
}

/// Starts `kkumgil` to save its title screen at `path` in a window of this size, and decodes
/// the picture.
fn title_shot(mut kkumgil: Command, path: &Path, width: u32, height: u32) -> (Vec<u8>, u32, u32) {
    let _ = std::fs::remove_file(path);
    let output = kkumgil
        .arg("--screenshot")
        .arg(path)
        .args(["--window-size", &format!("{width}x{height}")])
        .output()
        .expect("start kkumgil");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "kkumgil failed: {}\n{stderr}",
        output.status
    );
    let file = std::fs::File::open(path)
        .unwrap_or_else(|e| panic!("no screenshot at {}: {e}\n{stderr}", path.display()));
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("PNG data");
    assert_eq!(
        info.color_type,
        png::ColorType::Rgb,
        "screenshots are saved as RGB"
    );
    buf.truncate(info.buffer_size());
    eprintln!("screenshot: {}", path.display());
    (buf, info.width, info.height)
}

/// Share of pixels in a region (fractions of the image) that satisfy `pred`.
fn share(
    img: &(Vec<u8>, u32, u32),
    x: (f32, f32),
    y: (f32, f32),
    pred: impl Fn([u8; 3]) -> bool,
) -> f32 {
    let (buf, w, h) = img;
    let (x0, x1) = ((x.0 * *w as f32) as u32, (x.1 * *w as f32) as u32);
    let (y0, y1) = ((y.0 * *h as f32) as u32, (y.1 * *h as f32) as u32);
    let mut hits = 0;
    for py in y0..y1 {
        for px in x0..x1 {
            let i = ((py * w + px) * 3) as usize;
            if pred([buf[i], buf[i + 1], buf[i + 2]]) {
                hits += 1;
            }
        }
    }
    hits as f32 / ((x1 - x0) * (y1 - y0)) as f32
}

fn check_title_screen(width: u32, height: u32) {
    if let Some(img) = screenshot(width, height) {
        assert_title_drawn(&img, width, height);
    }
}

/// The title screen's picture: the title 꿈길 in its glyphs, the subtitle, and the console.
fn assert_title_drawn(img: &(Vec<u8>, u32, u32), width: u32, height: u32) {
    assert_eq!((img.1, img.2), (width, height));
    let background = |p: [u8; 3]| p[0] < 40 && p[1] < 45 && p[2] < 55;
    let accent = |p: [u8; 3]| p[0] > 200 && p[1] > 150 && p[2] < 120;
    let light = |p: [u8; 3]| p[0] > 150 && p[1] > 150 && p[2] > 150;
    // Not blank: the background colour fills most but not all of the screen.
    let drawn = share(img, (0.0, 1.0), (0.0, 1.0), |p| !background(p));
    assert!(drawn > 0.015 && drawn < 0.6, "non-background share {drawn}");
    // The instructor console is open as a column at the right edge (380 px, at most 40% of
    // the window); the title centres itself in the room left of it.
    let left = 1.0 - 380.0_f32.min(0.4 * width as f32) / width as f32;
    // The title 꿈길 is drawn in bold accent strokes in the middle (boxes for missing glyphs
    // would be thin outlines, far below this share).
    let title = share(img, (left * 0.35, left * 0.65), (0.25, 0.5), accent);
    assert!(title > 0.15, "accent share in the title area {title}");
    // The subtitle line below it carries light text.
    let subtitle = share(img, (left * 0.2, left * 0.8), (0.52, 0.6), light);
    assert!(
        subtitle > 0.03,
        "light share in the subtitle line {subtitle}"
    );
    // Nothing of the title runs under the console, whose Korean text is in its column.
    let under = share(img, (left + 0.01, 1.0), (0.25, 0.6), accent);
    assert!(under < 0.001, "title pixels in the console column {under}");
    let console = share(img, (left + 0.01, 1.0), (0.0, 0.2), light);
    assert!(console > 0.02, "console text share {console}");
}

#[test]
fn title_screen_draws_in_a_window_at_720p() {
    check_title_screen(1280, 720);
}

#[test]
fn title_screen_draws_in_a_window_at_1080p() {
    check_title_screen(1920, 1080);
}

/// The release package as a teacher meets it. `scripts/test` packages the test build with
/// `scripts/package` and runs this with KKUMGIL_PACKAGE=<archive>: unpacked into an empty
/// folder whose path has a space and Hangul, in a bare environment (a fresh HOME, no cargo on
/// PATH, nothing from the source tree), the program checks and simulates its bundled
/// scenarios, draws its title screen, keeps its data in the platform's folder, and puts
/// itself in the applications menu. (The release archive's size is measured by hand:
/// docs/packaging.md.)
#[test]
#[ignore = "needs a package: scripts/test runs it with KKUMGIL_PACKAGE=<archive>"]
fn the_release_package_runs_from_an_empty_folder() {
    let archive = PathBuf::from(
        std::env::var_os("KKUMGIL_PACKAGE")
            .expect("KKUMGIL_PACKAGE=<archive from scripts/package>"),
    );
    let root = tempfile::tempdir().unwrap();
    let place = root.path().join("선생님 자료");
    let home = root.path().join("home");
    std::fs::create_dir_all(&place).unwrap();
    std::fs::create_dir_all(&home).unwrap();
    let tar = Command::new("tar")
        .arg("-xzf")
        .arg(&archive)
        .arg("-C")
        .arg(&place)
        .status()
        .expect("tar");
    assert!(tar.success(), "cannot unpack {}", archive.display());
    let unpacked: Vec<PathBuf> = std::fs::read_dir(&place)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(unpacked.len(), 1, "one folder in the archive: {unpacked:?}");
    let folder = &unpacked[0];

    // What a teacher finds in it, with every bundled scenario and picture as in the sources.
    for file in [
        "kkumgil",
        "README.txt",
        "kkumgil.desktop",
        "kkumgil.png",
        "add-to-menu.sh",
        "licences/LICENSE-MIT",
        "licences/LICENSE-APACHE",
        "licences/OFL-NanumSquareRound.txt",
        "licences/dependencies.html",
        "docs/authoring-ko.md",
        "docs/experience-days.md",
        "docs/guides/village-cafe.md",
        "docs/examples/day-plan.ron",
    ] {
        assert!(
            folder.join(file).is_file(),
            "{file} is missing from the package"
        );
    }
    let bundled = Path::new(ROOT).join("scenarios");
    let mut scenarios = 0;
    for dir in [bundled.clone(), bundled.join("images")] {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                let rel = path.strip_prefix(&bundled).unwrap();
                let packed = std::fs::read(folder.join("scenarios").join(rel))
                    .unwrap_or_else(|e| panic!("scenarios/{} not packaged: {e}", rel.display()));
                assert!(packed == std::fs::read(&path).unwrap(), "{}", rel.display());
                scenarios += usize::from(rel.extension().is_some_and(|e| e == "ron"));
            }
        }
    }
    let licences = std::fs::read_to_string(folder.join("licences/dependencies.html")).unwrap();
    for listed in [
        "bevy 0.19.1",
        "evalexpr 11.3.1",
        "Apache License 2.0",
        "MIT License",
    ] {
        assert!(licences.contains(listed), "the licence list lacks {listed}");
    }
    // Each licence is a heading; none of the GPL family (the MPL's text names them, so the
    // headings are what counts).
    let gpl = licences
        .lines()
        .filter(|l| l.starts_with("<h2") && l.contains("General Public"))
        .collect::<Vec<_>>();
    assert!(
        gpl.is_empty(),
        "a GPL-family licence in the package: {gpl:?}"
    );
    let readme = std::fs::read_to_string(folder.join("README.txt")).unwrap();
    assert!(readme.starts_with("꿈길") && readme.contains("Getting started"));

    // A bare environment: no cargo, a new user's HOME, the display passed on.
    let bare = |program: &Path| {
        let mut command = Command::new(program);
        command
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("HOME", &home)
            .current_dir(&home);
        for var in [
            "DISPLAY",
            "XAUTHORITY",
            "WAYLAND_DISPLAY",
            "XDG_RUNTIME_DIR",
        ] {
            if let Some(value) = std::env::var_os(var) {
                command.env(var, value);
            }
        }
        command
    };
    let no_cargo = bare(Path::new("/bin/sh"))
        .args(["-c", "command -v cargo"])
        .output()
        .unwrap();
    assert!(!no_cargo.status.success(), "cargo is on the bare PATH");
    let kkumgil = folder.join("kkumgil");
    let run = |args: &[&str]| {
        let out = bare(&kkumgil)
            .args(args)
            .output()
            .expect("start the packaged kkumgil");
        assert!(
            out.status.success(),
            "kkumgil {args:?}: {}\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(run(&["--version"]).starts_with("kkumgil 0.1.0 ("));
    // `check` with no path checks the scenarios beside the program, all of them, cleanly.
    let report: serde_json::Value =
        serde_json::from_str(&run(&["check", "--format", "json"])).unwrap();
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), scenarios, "{report}");
    for file in files {
        let path = Path::new(file["path"].as_str().unwrap());
        assert!(
            path.starts_with(folder.join("scenarios")),
            "{}",
            path.display()
        );
    }
    assert_eq!(report["errors"], 0);
    let simulated = run(&["simulate", "village-cafe", "--runs", "200"]);
    assert!(simulated.contains("마을카페"), "{simulated}");

    if window_available() {
        let shot = artifacts().join("package-title-1280x720.png");
        let img = title_shot(bare(&kkumgil), &shot, 1280, 720);
        assert_title_drawn(&img, 1280, 720);
        // The app made the teacher's scenario folder in the platform's data folder.
        assert!(home.join(".local/share/kkumgil/scenarios").is_dir());
    }

    let menu = bare(&folder.join("add-to-menu.sh")).output().unwrap();
    assert!(
        menu.status.success(),
        "{}",
        String::from_utf8_lossy(&menu.stderr)
    );
    let entry =
        std::fs::read_to_string(home.join(".local/share/applications/kkumgil.desktop")).unwrap();
    assert!(
        entry.contains(&format!("Exec=\"{}\"\n", kkumgil.display())),
        "{entry}"
    );
    let icon = entry.lines().find_map(|l| l.strip_prefix("Icon=")).unwrap();
    assert!(Path::new(icon).is_file(), "{entry}");
}

/// Every screen, at both projector sizes: the app walks through a role-play and a team-game
/// round by itself and saves each screen; each must be drawn, with text on it.
fn tour(width: u32, height: u32) {
    if !window_available() {
        return;
    }
    let dir = artifacts().join(format!("tour-{width}x{height}"));
    let _ = std::fs::remove_dir_all(&dir);
    let data = tempfile::tempdir().unwrap();
    // An instructor's own scenarios (an automatic branch; a stock and a class goal; a pitch
    // and an allocation), which the tour plays last.
    std::fs::create_dir_all(data.path().join("scenarios")).unwrap();
    for name in ["assembly.ron", "pond.ron", "invest.ron"] {
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/scenarios")
                .join(name),
            data.path().join("scenarios").join(name),
        )
        .unwrap();
    }
    // And a draft with mistakes, which the tour shows on the authoring screen.
    for (from, name) in [
        ("tests/workshop/bakery-draft.ron", "bakery-draft.ron"),
        ("scenarios/glossary.ron", "glossary.ron"),
    ] {
        std::fs::copy(
            Path::new(ROOT).join(from),
            data.path().join("scenarios").join(name),
        )
        .unwrap();
    }
    let output = Command::new(env!("CARGO_BIN_EXE_kkumgil"))
        .arg("--tour")
        .arg(&dir)
        .args(["--window-size", &format!("{width}x{height}"), "--data-dir"])
        .arg(data.path())
        .output()
        .expect("start kkumgil");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for name in kkumgil::app::capture::TOUR_SHOTS {
        let path = dir.join(format!("{name}.png"));
        let file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut reader = png::Decoder::new(std::io::BufReader::new(file))
            .read_info()
            .unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        buf.truncate(info.buffer_size());
        let img = (buf, info.width, info.height);
        assert_eq!((img.1, img.2), (width, height), "{name}");
        // Text in any of the theme's colours (white, accent, team colours) is bright.
        let ink = share(&img, (0.0, 1.0), (0.0, 1.0), |p| p.iter().any(|c| *c > 150));
        assert!(ink > 0.002, "{name}: almost no text ({ink})");
        let background = share(&img, (0.0, 1.0), (0.0, 1.0), |p| {
            p[0] < 40 && p[1] < 45 && p[2] < 55
        });
        assert!(
            background > 0.3,
            "{name}: not the projector theme ({background})"
        );
    }
    // The sessions the tour played are in the journal, the branch's Continue with them.
    let store = Store::open(data.path()).unwrap();
    let sessions = store.list().unwrap();
    // Every game played through, and the team game opened with devices on.
    assert_eq!(sessions.len(), 15);
    let assembly = sessions
        .iter()
        .find(|s| s.scenario_id == "assembly")
        .unwrap();
    assert!(
        store.journal(assembly.id).unwrap().iter().any(|e| matches!(
            e.command,
            kkumgil::session::Command::RolePlay {
                command: kkumgil::engine::role_play::Command::Continue,
                ..
            }
        )),
        "the branch was not journaled"
    );
}

#[test]
fn every_screen_draws_at_720p() {
    tour(1280, 720);
}

#[test]
fn every_screen_draws_at_1080p() {
    tour(1920, 1080);
}

/// The console's skip: a role-play scene is left to chance, a team-game round is revealed
/// with the least allowed decision for teams that have not decided. Both are journaled.
#[test]
fn skip_moves_a_stuck_class_on() {
    let data = tempfile::tempdir().unwrap();
    let mut app = classroom_app(data.path());
    start(&mut app, "community-fund.ron", Mode::Rounds, 3);
    send(&mut app, begin_round());
    send(&mut app, decide(0, 5));
    send(&mut app, ClassInput::Skip);
    {
        let room = app.world().resource::<Classroom>();
        let active = room.active.as_ref().unwrap();
        assert_eq!(active.progress().history.len(), 1, "the round was revealed");
        // BeginRound, the real decision, two default decisions, the reveal.
        assert_eq!(active.journal().len(), 5);
    }
    send(&mut app, ClassInput::Close);

    start(&mut app, "village-cafe.ron", Mode::ClassVote, 3);
    send(&mut app, ClassInput::Skip);
    let room = app.world().resource::<Classroom>();
    let Board::RolePlay { runs } = &room.active.as_ref().unwrap().progress().board else {
        panic!()
    };
    assert_eq!(
        runs[0].path.len(),
        1,
        "the scene was left to chance, and the story moved on"
    );
}

/// Enter on the title opens the library; Esc there steps back to the title.
/// A key pressed and released, as the window would report it.
fn press(app: &mut App, key_code: KeyCode, logical_key: Key) {
    for state in [ButtonState::Pressed, ButtonState::Released] {
        app.world_mut().write_message(KeyboardInput {
            key_code,
            logical_key: logical_key.clone(),
            state,
            text: None,
            repeat: false,
            window: Entity::PLACEHOLDER,
        });
        app.update();
        app.update();
    }
}

#[test]
fn enter_opens_the_library_and_escape_steps_back() {
    let mut app = headless_app(Folders::default());
    update_until(&mut app, "the title screen", |app| {
        screen(app) == Screen::Title
    });
    press(&mut app, KeyCode::Enter, Key::Enter);
    assert_eq!(screen(&app), Screen::Library);
    press(&mut app, KeyCode::Escape, Key::Escape);
    assert_eq!(screen(&app), Screen::Title);
    assert!(
        app.should_exit().is_none(),
        "Esc in the library must not quit"
    );
}

/// An app with the bundled library, an instructor's folder in `data/scenarios` and a data
/// folder, recording what it would open in an editor or a browser.
fn authoring_app(data: &Path) -> App {
    let mut app = App::new();
    app.insert_resource(DataDir(Some(data.to_path_buf())))
        .insert_resource(kkumgil::app::workshop::Opener::recording());
    let folders = Folders {
        bundled: Some(Path::new(ROOT).join("scenarios")),
        user: Some(data.join("scenarios")),
    };
    with_app_plugins(&mut app, folders, false);
    update_until(&mut app, "the title screen", |app| {
        screen(app) == Screen::Title
    });
    app
}

fn ask(app: &mut App, what: kkumgil::app::workshop::Authoring) {
    app.world_mut().write_message(what);
    app.update();
}

fn workshop(app: &App) -> &kkumgil::app::workshop::Workshop {
    app.world().resource::<kkumgil::app::workshop::Workshop>()
}

/// The handle of the library file at `path`.
fn handle_of(app: &App, path: &Path) -> Handle<ScenarioFile> {
    let world = app.world();
    let files = world.resource::<Assets<ScenarioFile>>();
    world
        .resource::<ScenarioLibrary>()
        .files
        .iter()
        .find(|e| files.get(&e.handle).is_some_and(|f| f.report.path == path))
        .map(|e| e.handle.clone())
        .unwrap_or_else(|| panic!("{} is not in the library", path.display()))
}

/// Everything an instructor does while authoring, from the app: a new scenario from the
/// template (named in Korean, listed at once, opened in the editor), an instructor's draft
/// with every problem in Korean with its line and the text it is about, a file copied into the
/// folder while the app runs, a simulation's report, and the map in the browser.
#[test]
fn authoring_from_the_app_needs_no_terminal() {
    use kkumgil::app::workshop::{Authoring, Page, SIMULATED_RUNS};
    use kkumgil::scenario::template::Template;
    let data = tempfile::tempdir().unwrap();
    let mine = data.path().join("scenarios");
    std::fs::create_dir_all(&mine).unwrap();
    let mut app = authoring_app(data.path());
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Workshop);
    app.update();
    assert_eq!(screen(&app), Screen::Workshop);

    // A new role-play named in Korean: made in the instructor's folder, listed and chosen.
    ask(
        &mut app,
        Authoring::New {
            kind: Template::RolePlay,
            name: "우리 동네 빵집".into(),
        },
    );
    let made = mine.join("my-scenario.ron");
    assert!(made.is_file(), "{:?}", workshop(&app).notice);
    update_until(&mut app, "the new file to load", |app| {
        let w = workshop(app);
        w.selected
            .as_ref()
            .is_some_and(|h| app.world().resource::<Assets<ScenarioFile>>().contains(h))
    });
    let selected = workshop(&app).selected.clone().unwrap();
    {
        let files = app.world().resource::<Assets<ScenarioFile>>();
        let file = files.get(&selected).unwrap();
        let s = file.scenario.as_ref().expect("the template is valid");
        assert_eq!(s.title.ko, "우리 동네 빵집");
        assert!(file.report.diagnostics.is_empty());
    }
    let (notice, problem) = workshop(&app).notice.clone().unwrap();
    assert!(
        !problem && notice.ko.contains("my-scenario.ron"),
        "{notice:?}"
    );
    // The same name again is a second file, never the first overwritten.
    let before = std::fs::read_to_string(&made).unwrap();
    ask(
        &mut app,
        Authoring::New {
            kind: Template::TeamGame,
            name: "우리 동네 빵집".into(),
        },
    );
    assert!(mine.join("my-scenario-2.ron").is_file());
    assert_eq!(std::fs::read_to_string(&made).unwrap(), before);

    // Open in the editor, and the folder in the file manager.
    let handle = handle_of(&app, &made);
    ask(&mut app, Authoring::Select(handle));
    ask(&mut app, Authoring::Edit);
    ask(&mut app, Authoring::OpenFolder);
    let opener = app
        .world()
        .resource::<kkumgil::app::workshop::Opener>()
        .clone();
    assert_eq!(opener.opened(), vec![made.clone(), mine.clone()]);

    // A draft copied into the folder while the app runs: found when the screen rescans, and
    // every problem listed in Korean with its place, the marked text and the hint.
    let draft = mine.join("bakery-draft.ron");
    std::fs::copy(
        Path::new(ROOT).join("tests/workshop/bakery-draft.ron"),
        &draft,
    )
    .unwrap();
    ask(&mut app, Authoring::Rescan);
    update_until(&mut app, "the draft to load", |app| {
        let files = app.world().resource::<Assets<ScenarioFile>>();
        app.world()
            .resource::<ScenarioLibrary>()
            .files
            .iter()
            .any(|e| files.get(&e.handle).is_some_and(|f| f.report.path == draft))
    });
    let handle = handle_of(&app, &draft);
    ask(&mut app, Authoring::Select(handle.clone()));
    {
        let files = app.world().resource::<Assets<ScenarioFile>>();
        let file = files.get(&handle).unwrap();
        let problems = file.report.problems(kkumgil::i18n::Lang::Ko);
        let shown: Vec<(usize, &str, &str)> = problems
            .iter()
            .map(|p| {
                let lines = p.excerpt.as_ref().unwrap();
                (
                    p.line,
                    &lines.text[lines.span.clone()],
                    p.hint.unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(
            shown,
            vec![
                (49, "\"trst\"", "혹시 'trust'인가요?"),
                (72, "\"coop-bakery\"", "혹시 'co-op-bakery'인가요?"),
            ]
        );
        assert!(
            problems
                .iter()
                .all(|p| kkumgil::i18n::has_hangul(p.message))
        );
    }
    // A file with errors cannot be simulated: the screen says why instead.
    ask(&mut app, Authoring::Simulate);
    assert!(workshop(&app).running.is_none());
    assert!(
        workshop(&app)
            .notice
            .as_ref()
            .is_some_and(|(m, problem)| *problem && m.ko.contains("오류"))
    );

    // Simulate a bundled game: the report is the CLI's, in Korean, shown on its page.
    let cafe = handle_of(&app, &Path::new(ROOT).join("scenarios/village-cafe.ron"));
    ask(&mut app, Authoring::Select(cafe.clone()));
    ask(&mut app, Authoring::Simulate);
    assert_eq!(workshop(&app).page, Page::Report);
    update_until(&mut app, "the simulation", |app| {
        workshop(app).running.is_none()
    });
    let report = workshop(&app).reports[&cafe.id()].text.clone();
    assert_eq!(SIMULATED_RUNS, 2_000);
    assert!(report.contains("2,000판"), "{report}");
    assert!(
        report.contains("엔딩") && report.contains("village-enterprise"),
        "{report}"
    );

    // The map: written to the data folder and opened in the browser.
    ask(&mut app, Authoring::Map);
    let map = data.path().join("maps/village-cafe-map.html");
    let html = std::fs::read_to_string(&map).unwrap();
    assert!(
        html.contains("<svg") && html.contains("마을카페"),
        "{}",
        &html[..200]
    );
    assert_eq!(opener.opened().last(), Some(&map));

    // Esc steps back to the library.
    press(&mut app, KeyCode::Escape, Key::Escape);
    assert_eq!(screen(&app), Screen::Library);
}

/// Whether F1 (the console) and Esc (quit, step back) reached the app's systems.
#[derive(Resource, Default)]
struct KeysSeen {
    f1: bool,
    escape: bool,
    enter: bool,
    /// Ctrl + (the room's text size).
    bigger: bool,
}

fn see_keys(keys: Res<ButtonInput<KeyCode>>, mut seen: ResMut<KeysSeen>) {
    seen.f1 |= keys.just_pressed(KeyCode::F1);
    seen.escape |= keys.just_pressed(KeyCode::Escape);
    seen.enter |= keys.just_pressed(KeyCode::Enter);
    seen.bigger |= keys.just_pressed(KeyCode::Equal);
}

/// A kiosk station of the example day, headless, with a data folder.
fn kiosk_app(data: &Path, station: Option<&str>) -> App {
    let plan = kkumgil::day::load(
        &Path::new(ROOT).join("docs/examples/day-plan.ron"),
        &|name| {
            let s = kkumgil::scenario::load_file(
                &Path::new(ROOT).join(format!("scenarios/{name}.ron")),
            )
            .scenario?;
            Some(kkumgil::day::ScenarioInfo {
                id: s.id.clone(),
                title: s.title.ko.clone(),
                minutes: s.minutes,
            })
        },
    )
    .plan
    .expect("the example plan");
    let mut app = App::new();
    app.insert_resource(DataDir(Some(data.to_path_buf())))
        .insert_resource(kkumgil::app::station::Station::new(plan, station, true));
    let folders = Folders {
        bundled: Some(Path::new(ROOT).join("scenarios")),
        user: None,
    };
    with_app_plugins(&mut app, folders, false);
    app.init_resource::<KeysSeen>()
        .add_systems(Update, see_keys);
    update_until(&mut app, "the station's attract screen", |app| {
        screen(app) == Screen::Station
    });
    app
}

fn station(app: &App) -> &kkumgil::app::station::Station {
    app.world().resource::<kkumgil::app::station::Station>()
}

/// Types text as the keyboard would (each character pressed and released).
fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        let code = match c {
            '0' => KeyCode::Digit0,
            '1' => KeyCode::Digit1,
            '2' => KeyCode::Digit2,
            '3' => KeyCode::Digit3,
            '4' => KeyCode::Digit4,
            '5' => KeyCode::Digit5,
            '6' => KeyCode::Digit6,
            '7' => KeyCode::Digit7,
            '8' => KeyCode::Digit8,
            _ => KeyCode::Digit9,
        };
        press(app, code, Key::Character(c.to_string().into()));
    }
}

/// Ctrl+Alt+K: the instructor key's chord.
fn chord(app: &mut App) {
    let hold = |app: &mut App, key_code: KeyCode, logical_key: Key, state: ButtonState| {
        app.world_mut().write_message(KeyboardInput {
            key_code,
            logical_key,
            state,
            text: None,
            repeat: false,
            window: Entity::PLACEHOLDER,
        });
    };
    hold(
        app,
        KeyCode::ControlLeft,
        Key::Control,
        ButtonState::Pressed,
    );
    hold(app, KeyCode::AltLeft, Key::Alt, ButtonState::Pressed);
    app.update();
    press(app, KeyCode::KeyK, Key::Character("k".into()));
    hold(
        app,
        KeyCode::ControlLeft,
        Key::Control,
        ButtonState::Released,
    );
    hold(app, KeyCode::AltLeft, Key::Alt, ButtonState::Released);
    app.update();
}

/// A kiosk station ignores the quit key and the console key until the instructor key
/// (Ctrl+Alt+K and the plan's PIN) is given; a wrong PIN keeps it locked; the key lets the
/// instructor start the next group with its label, day and group filled in, and locks again
/// for the group after.
#[test]
fn a_kiosk_station_needs_the_instructor_key() {
    let data = tempfile::tempdir().unwrap();
    let mut app = kiosk_app(data.path(), Some("bell"));
    press(&mut app, KeyCode::Escape, Key::Escape);
    press(&mut app, KeyCode::F1, Key::F1);
    assert!(app.should_exit().is_none(), "Esc quit a locked kiosk");
    assert_eq!(screen(&app), Screen::Station);
    // Ctrl + (text size, a setting).
    app.world_mut().write_message(KeyboardInput {
        key_code: KeyCode::ControlLeft,
        logical_key: Key::Control,
        state: ButtonState::Pressed,
        text: None,
        repeat: false,
        window: Entity::PLACEHOLDER,
    });
    app.update();
    press(&mut app, KeyCode::Equal, Key::Character("=".into()));
    app.world_mut().write_message(KeyboardInput {
        key_code: KeyCode::ControlLeft,
        logical_key: Key::Control,
        state: ButtonState::Released,
        text: None,
        repeat: false,
        window: Entity::PLACEHOLDER,
    });
    app.update();
    let seen = app.world().resource::<KeysSeen>();
    assert!(
        !seen.f1 && !seen.escape && !seen.bigger,
        "a key reached a locked kiosk"
    );

    // A wrong PIN: still locked.
    chord(&mut app);
    assert!(station(&app).pin_entry.is_some());
    type_text(&mut app, "1111");
    press(&mut app, KeyCode::Enter, Key::Enter);
    assert!(!station(&app).unlocked && station(&app).wrong_pin);
    // Starting a group is refused while locked.
    app.world_mut()
        .write_message(kkumgil::app::station::StartGroup(0));
    app.update();
    assert_eq!(screen(&app), Screen::Station);

    // The plan's PIN (2468) unlocks; the Enter that confirms it (like the digits) is the
    // key's, never a screen's (it would start the next group).
    app.world_mut().resource_mut::<KeysSeen>().enter = false;
    chord(&mut app);
    type_text(&mut app, "2468");
    press(&mut app, KeyCode::Enter, Key::Enter);
    assert!(station(&app).unlocked);
    assert!(
        !app.world().resource::<KeysSeen>().enter,
        "the PIN's Enter reached a screen"
    );
    assert_eq!(screen(&app), Screen::Station);
    press(&mut app, KeyCode::F1, Key::F1);
    assert!(app.world().resource::<KeysSeen>().f1, "F1 after the key");

    // The instructor starts group 0's slot: the station's game, the group's label and day.
    app.world_mut()
        .write_message(kkumgil::app::station::StartGroup(0));
    app.update();
    app.update();
    assert_eq!(screen(&app), Screen::Setup);
    let chosen = app
        .world()
        .resource::<kkumgil::app::screens::library::Chosen>();
    assert_eq!(
        chosen.0.scenario.as_ref().map(|s| s.id.as_str()),
        Some("golden-bell")
    );
    let draft = app
        .world()
        .resource::<kkumgil::app::screens::setup::Draft>();
    assert_eq!(draft.class_label, "율하중학교 2학년 3반");
    assert_eq!(draft.day, "2026-12-10");
    let setup = draft.setup(&chosen.0.scenario.as_ref().unwrap().game);
    assert_eq!(
        (setup.day.as_str(), setup.group.as_str()),
        ("2026-12-10", "율하중학교 2학년 3반")
    );
    // Locked again for the group after.
    assert!(!station(&app).unlocked);
    press(&mut app, KeyCode::Escape, Key::Escape);
    assert!(app.should_exit().is_none());
}

/// A session of the example day's first group, as a station starts it.
fn station_group_setup(teams: usize, seed: u64) -> Setup {
    Setup {
        class_label: "율하중학교 2학년 3반".into(),
        instructor: String::new(),
        day: "2026-12-10".into(),
        group: "율하중학교 2학년 3반".into(),
        station: String::new(),
        teams: session::default_teams(teams),
        mode: Mode::Rounds,
        seed,
        hide_leaderboard: false,
    }
}

/// A station's session of the day that was left unfinished (the PC was switched off) is
/// opened again when the station starts.
#[test]
fn a_station_resumes_its_unfinished_session_at_start() {
    let data = tempfile::tempdir().unwrap();
    let id = {
        let (pinned, s) =
            Pinned::from_file(&Path::new(ROOT).join("scenarios/golden-bell.ron")).unwrap();
        let mut store = Store::open(data.path()).unwrap();
        let setup = station_group_setup(4, 7);
        let id = store.create(&setup, &pinned, &s.id, &s.title.ko).unwrap();
        store
            .append(
                id,
                &Cmd::TeamGame(kkumgil::engine::team_game::Command::BeginRound),
            )
            .unwrap();
        // The process dies without letting go of the session.
        std::mem::forget(store);
        id
    };
    let mut app = kiosk_app(data.path(), Some("bell"));
    update_until(&mut app, "the session to reopen", |app| {
        app.world()
            .resource::<Classroom>()
            .active
            .as_ref()
            .is_some_and(|a| a.id == id)
    });
    let room = app.world().resource::<Classroom>();
    assert_eq!(room.active.as_ref().unwrap().journal().len(), 1);
    assert_eq!(screen(&app), Screen::Play);
}

/// A finished class's results left untouched for ten minutes: the station closes the session
/// and shows its attract screen for the next group.
#[test]
fn an_idle_station_goes_back_to_its_attract_screen() {
    let data = tempfile::tempdir().unwrap();
    let mut app = kiosk_app(data.path(), Some("bell"));
    let (pinned, _) =
        Pinned::from_file(&Path::new(ROOT).join("scenarios/golden-bell.ron")).unwrap();
    let setup = station_group_setup(2, 3);
    send(
        &mut app,
        ClassInput::Start {
            pinned: Box::new(pinned),
            setup: Box::new(setup),
        },
    );
    update_until(&mut app, "the session", |app| {
        app.world().resource::<Classroom>().active.is_some()
    });
    send(&mut app, Cmd::End.into());
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Results);
    app.update();
    assert_eq!(screen(&app), Screen::Results);
    // Each frame now stands for a minute.
    app.insert_resource(bevy::time::TimeUpdateStrategy::ManualDuration(
        Duration::from_secs(60),
    ));
    for _ in 0..5 {
        app.update();
    }
    assert_eq!(
        screen(&app),
        Screen::Results,
        "five minutes is not idle yet"
    );
    for _ in 0..8 {
        app.update();
    }
    assert_eq!(screen(&app), Screen::Station);
    assert!(app.world().resource::<Classroom>().active.is_none());
}
