//! The classroom app (Bevy): turns input into commands and draws state; holds no game rules.
//!
//! `plugin` is everything that works without a window (screens, the scenario library), so
//! headless tests can drive it with `MinimalPlugins`; `run` adds the window, rendering,
//! fonts and the egui console.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use bevy::prelude::*;
use bevy::window::{ExitCondition, WindowResolution};

use crate::scenario::Lang;

pub mod capture;
pub mod classroom;
pub mod console;
pub mod devices;
pub mod fonts;
mod idle;
pub mod library;
mod options;
pub mod pictures;
pub mod screens;
pub mod station;
pub mod theme;
pub mod workshop;

pub use options::Options;

/// The interface language.
#[derive(Resource, Clone, Copy, Debug)]
pub struct Language(pub Lang);

/// Where sessions and exports are kept (`None`: nowhere could be found).
#[derive(Resource, Clone, Debug, Default)]
pub struct DataDir(pub Option<PathBuf>);

/// The part of the app that needs no window. Expects a `library::Folders` resource (or none:
/// then only the scenarios compiled into the binary are shown).
pub fn plugin(app: &mut App) {
    if !app.world().contains_resource::<Language>() {
        app.insert_resource(Language(Lang::Ko));
    }
    if !app.world().contains_resource::<DataDir>() {
        app.insert_resource(DataDir::default());
    }
    let data = app.world().resource::<DataDir>().0.clone();
    if data.is_some() && !app.world().contains_resource::<classroom::JournalWriter>() {
        // With a window, the journal thread wakes the event loop when a command is on disk.
        let wake = app
            .world()
            .get_resource::<bevy::winit::EventLoopProxyWrapper>()
            .map(|proxy| {
                let proxy: bevy::winit::EventLoopProxy<bevy::winit::WinitUserEvent> =
                    (**proxy).clone();
                Box::new(move || {
                    let _ = proxy.send_event(bevy::winit::WinitUserEvent::WakeUp);
                }) as classroom::Waker
            });
        app.insert_resource(classroom::JournalWriter::start(data, wake));
    }
    app.add_plugins((
        library::plugin,
        classroom::plugin,
        pictures::plugin,
        screens::plugin,
        workshop::plugin,
        station::plugin,
        devices::plugin,
    ))
    .add_systems(Update, escape);
}

/// Esc quits from the title screen and steps back elsewhere; it never ends a class by
/// accident (a session in play is left with the console's "end").
fn escape(
    keys: Res<ButtonInput<KeyCode>>,
    screen: Res<State<screens::Screen>>,
    mut next: ResMut<NextState<screens::Screen>>,
    mut exit: MessageWriter<AppExit>,
    station: Option<ResMut<station::Station>>,
) {
    use screens::Screen;
    if !keys.just_pressed(KeyCode::Escape) {
        return;
    }
    match screen.get() {
        // An open station's instructor steps into the library (a locked kiosk never sees Esc).
        Screen::Station => {
            if let Some(mut station) = station {
                station.browsing = true;
            }
            next.set(Screen::Library);
        }
        Screen::Title | Screen::Loading => {
            exit.write(AppExit::Success);
        }
        Screen::Library => next.set(Screen::Title),
        Screen::Setup | Screen::Workshop => next.set(Screen::Library),
        Screen::Debrief => next.set(Screen::Play),
        Screen::Play | Screen::Results => {}
    }
}

/// Opens the app window and runs until it is closed.
pub fn run(options: Options, data_dir: Option<PathBuf>, lang: crate::scenario::Lang) -> ExitCode {
    let started = Instant::now();
    let folders = library::folders(data_dir.as_deref());
    // The instructor's folder is there from the start, so files made in the app (or copied
    // in while it runs) load and reload like the others. If it cannot be made, the app
    // still runs and says so when a file is to be made.
    if let Some(user) = &folders.user {
        let _ = std::fs::create_dir_all(user);
    }
    let (width, height) = options.window_size.unwrap_or((1280, 720));
    // An experience-day station: its plan is checked like any file, and refused with its
    // diagnostics when it has errors.
    let station = match &options.day {
        Some(file) => {
            let dir = file
                .parent()
                .map(std::path::Path::to_path_buf)
                .unwrap_or_default();
            let loaded = crate::day::load(file, &|name| {
                crate::cli::station_scenario(name, &dir, data_dir.as_deref())
            });
            if !loaded.report.diagnostics.is_empty() {
                eprint!("{}", loaded.report.render(false, lang));
            }
            let Some(plan) = loaded.plan else {
                return ExitCode::from(1);
            };
            let data = DataDir(crate::scenario::library::data_dir(data_dir.as_deref()));
            let id = options
                .station
                .clone()
                .or_else(|| station::remembered_station(&data));
            if let Some(id) = &options.station
                && !plan.stations.iter().any(|s| &s.id == id)
            {
                let known = plan
                    .stations
                    .iter()
                    .map(|s| s.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                eprintln!(
                    "kkumgil: {}",
                    crate::tr!(
                        "계획에 id가 '{id}'인 역이 없어요. 있는 역: {known}",
                        "the plan has no station '{id}'; its stations: {known}"
                    )
                    .get(lang)
                );
                return ExitCode::from(2);
            }
            Some(station::Station::new(plan, id.as_deref(), options.kiosk))
        }
        None => None,
    };
    let kiosk = station.as_ref().is_some_and(|s| s.kiosk);
    let mut app = App::new();
    if let Some(station) = station {
        app.insert_resource(station);
    }
    library::register_sources(&mut app, &folders);
    app.insert_resource(folders)
        .insert_resource(DataDir(crate::scenario::library::data_dir(
            data_dir.as_deref(),
        )))
        .insert_resource(Language(lang))
        .add_plugins(
            DefaultPlugins
                .set(WindowPlugin {
                    primary_window: Some(Window {
                        title: "꿈길 Kkumgil".into(),
                        resolution: WindowResolution::new(width, height),
                        mode: if kiosk {
                            bevy::window::WindowMode::BorderlessFullscreen(
                                bevy::window::MonitorSelection::Primary,
                            )
                        } else {
                            bevy::window::WindowMode::Windowed
                        },
                        ..default()
                    }),
                    exit_condition: ExitCondition::OnPrimaryClosed,
                    // A kiosk closes only with the instructor key (see `station`).
                    close_when_requested: !kiosk,
                    ..default()
                })
                .set(AssetPlugin {
                    // Fonts are compiled in; scenarios come from their own sources.
                    file_path: asset_folder(),
                    // Re-check a scenario within a second of the instructor saving it.
                    watch_for_changes_override: Some(true),
                    ..default()
                }),
        )
        .add_plugins(bevy_egui::EguiPlugin::default())
        .add_plugins((
            plugin,
            theme::plugin,
            fonts::plugin,
            console::plugin,
            capture::plugin,
            capture::tour_plugin,
            capture::measure_plugin,
        ))
        .add_systems(Startup, spawn_camera);
    if kiosk {
        app.add_systems(Update, station::close_when_open);
    }
    if app.world().contains_resource::<station::Station>() {
        app.add_systems(
            PreUpdate,
            station::hide_pin_from_egui
                .after(station::StationKeys)
                .after(bevy_egui::EguiInputSet::WriteEguiEvents)
                .before(bevy_egui::EguiPreUpdateSet::BeginPass),
        )
        .add_systems(
            bevy_egui::EguiPrimaryContextPass,
            station::draw_pin_prompt.after(theme::SidePanels),
        );
    }
    // Measuring and screenshots draw continuously; a class's app sleeps between moves.
    let measuring = options.measure_frames.is_some()
        || options.measure_reveal.is_some()
        || options.tour.is_some()
        || options.screenshot.is_some();
    app.add_plugins(idle::plugin(measuring));
    if let Some(n) = options.measure_frames {
        app.insert_resource(capture::FrameMeasure::new(n));
    }
    if let Some(n) = options.measure_reveal {
        app.insert_resource(capture::FrameMeasure::reveal(n));
    }
    if let Some(seconds) = options.measure_idle {
        app.insert_resource(capture::FrameMeasure::idle(seconds));
    }
    if let Some(dir) = options.tour {
        if let Err(e) = std::fs::create_dir_all(&dir) {
            eprintln!("kkumgil: cannot create {}: {e}", dir.display());
            return ExitCode::from(2);
        }
        app.insert_resource(capture::Tour::new(dir));
    }
    if let Some(path) = options.screenshot {
        app.insert_resource(capture::CaptureTitle::new(path, started));
    }
    match app.run() {
        AppExit::Success => ExitCode::SUCCESS,
        AppExit::Error(code) => ExitCode::from(code.get()),
    }
}

/// `assets/` beside the executable when installed, else the source tree's.
fn asset_folder() -> String {
    let beside = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(|d| d.join("assets")));
    beside
        .filter(|d| d.is_dir())
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets"))
        .to_string_lossy()
        .into_owned()
}

fn spawn_camera(mut commands: Commands) {
    commands.spawn((Name::new("Camera"), Camera2d));
}
