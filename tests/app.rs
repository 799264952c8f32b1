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

use kkumgil::app::library::{self, Folders, ScenarioFile, ScenarioLibrary};
use kkumgil::app::screens::Screen;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn headless_app(folders: Folders) -> App {
    headless_app_watching(folders, false)
}

fn headless_app_watching(folders: Folders, watch: bool) -> App {
    let mut app = App::new();
    library::register_sources(&mut app, &folders);
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
    app
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
        assert!(!f.report.has_errors(), "{}", f.report.render(false));
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
        user[0].report.render(false)
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

// ---------------------------------------------------------------- in a real window

fn artifacts() -> PathBuf {
    Path::new(ROOT).join("test-artifacts")
}

/// Runs the real binary in a window and returns its screenshot, or `None` when there is no
/// display (set KKUMGIL_REQUIRE_WINDOW=1, as scripts/test does, to make that a failure).
fn screenshot(width: u32, height: u32) -> Option<(Vec<u8>, u32, u32)> {
    let has_display =
        std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some();
    if !has_display {
        assert!(
            std::env::var_os("KKUMGIL_REQUIRE_WINDOW").is_none(),
            "KKUMGIL_REQUIRE_WINDOW is set but there is no DISPLAY: run under xvfb-run"
        );
        eprintln!("no display: window test skipped (run under xvfb-run, as scripts/test does)");
        return None;
    }
    let path = artifacts().join(format!("title-{width}x{height}.png"));
    let _ = std::fs::remove_file(&path);
    let data = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_kkumgil"))
        .args(["--screenshot"])
        .arg(&path)
        .args(["--window-size", &format!("{width}x{height}"), "--data-dir"])
        .arg(data.path())
        .output()
        .expect("start kkumgil");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "kkumgil failed: {}\n{stderr}",
        output.status
    );
    let file = std::fs::File::open(&path)
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
    Some((buf, info.width, info.height))
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
    let Some(img) = screenshot(width, height) else {
        return;
    };
    assert_eq!((img.1, img.2), (width, height));
    let background = |p: [u8; 3]| p[0] < 40 && p[1] < 45 && p[2] < 55;
    let accent = |p: [u8; 3]| p[0] > 200 && p[1] > 150 && p[2] < 120;
    let light = |p: [u8; 3]| p[0] > 150 && p[1] > 150 && p[2] > 150;
    // Not blank: the background colour fills most but not all of the screen.
    let drawn = share(&img, (0.0, 1.0), (0.0, 1.0), |p| !background(p));
    assert!(drawn > 0.03 && drawn < 0.6, "non-background share {drawn}");
    // The title 꿈길 is drawn in bold accent strokes in the middle (boxes for missing glyphs
    // would be thin outlines, far below this share).
    let title = share(&img, (0.35, 0.65), (0.25, 0.5), accent);
    assert!(title > 0.15, "accent share in the title area {title}");
    // The subtitle line below it carries light text.
    let subtitle = share(&img, (0.2, 0.8), (0.52, 0.6), light);
    assert!(
        subtitle > 0.03,
        "light share in the subtitle line {subtitle}"
    );
    // The instructor console (egui) is open in the top-right corner with its Korean text.
    let console = share(&img, (0.7, 1.0), (0.0, 0.2), |p| !background(p));
    assert!(console > 0.3, "console share {console}");
}

#[test]
fn title_screen_draws_in_a_window_at_720p() {
    check_title_screen(1280, 720);
}

#[test]
fn title_screen_draws_in_a_window_at_1080p() {
    check_title_screen(1920, 1080);
}
