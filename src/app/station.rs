//! An experience-day station: the app run with a day plan (`--day PLAN`). The station is
//! picked once (and remembered in the data folder); between groups the projector shows an
//! attract screen (the station's game, "선생님이 시작해요", the next group); the instructor
//! starts the next slot with its group, day and class label filled in, and when the session
//! ends the station goes back to the attract screen. A station's unfinished session of the
//! day is opened again at the next start (after a crash or a power cut).
//!
//! Kiosk (`--kiosk`): fullscreen, and Esc, the console (F1), closing the window and the
//! library need the instructor key: Ctrl+Alt+K, then the day plan's PIN and Enter. The key
//! holds until the next group's session starts.

use std::path::PathBuf;

use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::prelude::*;

use crate::app::DataDir;
use crate::app::classroom::{ClassInput, Classroom};
use crate::app::library::{ScenarioFile, ScenarioLibrary};
use crate::app::screens::Screen;
use crate::day::{DayPlan, Slot};

/// The station this app is, in a day plan.
#[derive(Resource, Debug, Clone)]
pub struct Station {
    pub plan: DayPlan,
    /// Index into `plan.stations`, once picked.
    pub station: Option<usize>,
    pub kiosk: bool,
    /// The instructor key was given (kiosk only; an open station is always unlocked).
    pub unlocked: bool,
    /// The PIN typed so far, while the instructor key is being given.
    pub pin_entry: Option<String>,
    /// The last wrong PIN, to say so.
    pub wrong_pin: bool,
    /// The unfinished session of the day was looked for (once, at start).
    pub resumed: bool,
    /// The instructor stepped from the attract screen into the library (Esc): stay there.
    pub browsing: bool,
}

impl Station {
    pub fn new(plan: DayPlan, station: Option<&str>, kiosk: bool) -> Station {
        let station = station.and_then(|id| plan.stations.iter().position(|s| s.id == id));
        Station {
            plan,
            station,
            kiosk,
            unlocked: !kiosk,
            pin_entry: None,
            wrong_pin: false,
            resumed: false,
            browsing: false,
        }
    }

    /// Whether the instructor may do what a locked kiosk refuses.
    pub fn open(&self) -> bool {
        !self.kiosk || self.unlocked
    }

    /// This station's slots, in order.
    pub fn slots(&self) -> Vec<Slot> {
        let Some(s) = self.station else {
            return Vec::new();
        };
        self.plan
            .slots
            .iter()
            .filter(|x| x.station == s)
            .copied()
            .collect()
    }

    /// The slot to offer at `minute` (of the day): the one under way (or starting within ten
    /// minutes), else the next, else the last.
    pub fn slot_at(&self, minute: u32) -> Option<Slot> {
        let slots = self.slots();
        slots
            .iter()
            .find(|s| minute + 10 >= s.start && minute < s.end)
            .or_else(|| slots.iter().find(|s| s.start > minute))
            .or(slots.last())
            .copied()
    }
}

/// Where a station remembers which one it is: the data folder's `station.txt`.
fn remembered(data: &DataDir) -> Option<PathBuf> {
    data.0.as_ref().map(|d| d.join("station.txt"))
}

/// The station picked before on this PC, if the plan has it.
pub fn remembered_station(data: &DataDir) -> Option<String> {
    let text = std::fs::read_to_string(remembered(data)?).ok()?;
    Some(text.trim().to_owned()).filter(|t| !t.is_empty())
}

/// Remembers the station picked (best effort: a read-only folder just asks again next time).
pub fn remember_station(data: &DataDir, id: &str) {
    if let Some(path) = remembered(data) {
        let _ = std::fs::write(path, id);
    }
}

/// Minutes since midnight, local time.
pub fn minute_now() -> u32 {
    let now = jiff::Zoned::now();
    u32::try_from(now.hour()).unwrap_or(0) * 60 + u32::try_from(now.minute()).unwrap_or(0)
}

/// The instructor starts a group's slot at this station (from the attract screen).
#[derive(Message, Debug, Clone, Copy)]
pub struct StartGroup(pub usize);

/// The instructor key's systems, before anything reads the keyboard.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct StationKeys;

pub(super) fn plugin(app: &mut App) {
    app.add_message::<StartGroup>();
    app.add_systems(
        PreUpdate,
        (instructor_key, lock_keys)
            .chain()
            .in_set(StationKeys)
            .after(bevy::input::InputSystems)
            .run_if(resource_exists::<Station>),
    )
    .add_systems(
        OnEnter(Screen::Station),
        (lock_again, stop_browsing).run_if(resource_exists::<Station>),
    )
    .add_systems(
        OnEnter(Screen::Play),
        lock_again.run_if(resource_exists::<Station>),
    )
    .add_systems(
        Update,
        (
            back_to_station,
            resume_the_days_session,
            keep_console_closed,
            start_group,
            idle_back_to_station,
        )
            .run_if(resource_exists::<Station>),
    );
}

/// Ctrl+Alt+K asks for the PIN; digits type it; Enter checks it; Esc gives up.
fn instructor_key(
    mut keys: ResMut<ButtonInput<KeyCode>>,
    mut typed: MessageReader<KeyboardInput>,
    mut station: ResMut<Station>,
) {
    if !station.kiosk || station.unlocked {
        typed.clear();
        return;
    }
    let chord = keys.any_pressed([KeyCode::ControlLeft, KeyCode::ControlRight])
        && keys.any_pressed([KeyCode::AltLeft, KeyCode::AltRight])
        && keys.just_pressed(KeyCode::KeyK);
    if chord {
        station.pin_entry = Some(String::new());
        station.wrong_pin = false;
        typed.clear();
        return;
    }
    let Some(mut entry) = station.pin_entry.take() else {
        typed.clear();
        return;
    };
    let mut done = false;
    for key in typed.read() {
        if key.state != bevy::input::ButtonState::Pressed {
            continue;
        }
        match &key.logical_key {
            Key::Character(c) if c.chars().all(|c| c.is_ascii_digit()) && entry.len() < 12 => {
                entry.push_str(c);
            }
            Key::Backspace => {
                entry.pop();
            }
            Key::Escape => {
                station.pin_entry = None;
                return;
            }
            Key::Enter => {
                done = true;
                break;
            }
            _ => {}
        }
    }
    if done {
        // The Enter that confirms the PIN is the key's, not a screen's (it would start the
        // next group on the attract screen).
        for key in [KeyCode::Enter, KeyCode::NumpadEnter] {
            keys.clear_just_pressed(key);
        }
        // A plan without a PIN is unlocked by the chord and Enter alone.
        let right = station
            .plan
            .pin
            .as_deref()
            .is_none_or(|pin| pin.trim() == entry);
        station.unlocked = right;
        station.wrong_pin = !right;
        station.pin_entry = None;
    } else {
        station.pin_entry = Some(entry);
    }
}

/// A locked kiosk does not see Esc (quit, step back) or F1 (the console) at all; nor Enter
/// and Space while the PIN is typed.
fn lock_keys(mut keys: ResMut<ButtonInput<KeyCode>>, station: Res<Station>) {
    if station.open() {
        return;
    }
    for key in [KeyCode::Escape, KeyCode::F1] {
        keys.clear_just_pressed(key);
    }
    // Nor the room's text size (Ctrl + and Ctrl −, a setting).
    if keys.any_pressed([KeyCode::ControlLeft, KeyCode::ControlRight]) {
        for key in [
            KeyCode::Equal,
            KeyCode::Minus,
            KeyCode::Digit0,
            KeyCode::NumpadAdd,
            KeyCode::NumpadSubtract,
            KeyCode::Numpad0,
        ] {
            keys.clear_just_pressed(key);
        }
    }
    // While the PIN is typed, no key acts on the screen (a digit would pick a choice).
    if station.pin_entry.is_some() {
        keys.clear();
    }
}

/// Between groups a station shows its attract screen: wherever the app would go to the
/// library (after the title, when a class closes), it goes there instead, unless the
/// instructor stepped into the library on purpose (Esc on an open station).
fn back_to_station(
    screen: Res<State<Screen>>,
    mut next: ResMut<NextState<Screen>>,
    station: Res<Station>,
) {
    match screen.get() {
        Screen::Library if !station.browsing || !station.open() => next.set(Screen::Station),
        // A kiosk never offers the authoring screen: its buttons open the system's file
        // manager and editor, a way out of the kiosk.
        Screen::Workshop if station.kiosk => next.set(Screen::Station),
        _ => {}
    }
}

/// The instructor key holds until the class starts or the station is back between groups.
fn lock_again(mut station: ResMut<Station>) {
    if station.kiosk {
        station.unlocked = false;
        station.pin_entry = None;
    }
}

/// Back on the attract screen, the library is left behind (Esc goes there again).
fn stop_browsing(mut station: ResMut<Station>) {
    station.browsing = false;
}

/// While the PIN is typed, egui does not see the keys either (a digit would pick a choice,
/// Enter press a button). Added with the window, in `run`.
pub fn hide_pin_from_egui(station: Res<Station>, mut inputs: Query<&mut bevy_egui::EguiInput>) {
    use bevy_egui::egui::Event;
    if station.open() {
        return;
    }
    // On a locked kiosk egui's own shortcuts (zoom with Ctrl) do not work either.
    let typing = station.pin_entry.is_some();
    for mut input in &mut inputs {
        input.events.retain(|e| match e {
            Event::Key { .. } | Event::Text(_) if typing => false,
            Event::Key { modifiers, .. } => !(modifiers.ctrl || modifiers.command),
            Event::Zoom(_) => false,
            _ => true,
        });
    }
}

/// The PIN prompt, on whatever screen the instructor gives the key. Added with the window.
pub fn draw_pin_prompt(
    mut contexts: bevy_egui::EguiContexts,
    station: Res<Station>,
    language: Res<crate::app::Language>,
) -> Result {
    use bevy_egui::egui;
    if station.pin_entry.is_none() && !station.wrong_pin {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    let ko = language.0 == crate::i18n::Lang::Ko;
    let text = match &station.pin_entry {
        Some(entry) => {
            let dots = "●".repeat(entry.chars().count());
            if ko {
                format!("강사 PIN: {dots}_  (Enter로 확인, Esc로 취소)")
            } else {
                format!("Instructor PIN: {dots}_  (Enter to confirm, Esc to cancel)")
            }
        }
        None if ko => "PIN이 맞지 않아요.".to_owned(),
        None => "Wrong PIN.".to_owned(),
    };
    egui::Area::new(egui::Id::new("kkumgil-pin"))
        .anchor(
            egui::Align2::CENTER_BOTTOM,
            egui::vec2(0.0, -crate::app::theme::px(ctx, 4.0)),
        )
        .order(egui::Order::Foreground)
        .show(ctx, |ui| {
            egui::Frame::new()
                .fill(crate::app::theme::palette::egui(
                    crate::app::theme::palette::SURFACE,
                ))
                .corner_radius(crate::app::theme::px(ctx, 0.8))
                .inner_margin(egui::Margin::same(crate::app::theme::px(ctx, 1.5) as i8))
                .show(ui, |ui| {
                    ui.label(
                        crate::app::theme::text(ctx, text, crate::app::theme::size::BODY).color(
                            crate::app::theme::palette::egui(crate::app::theme::palette::ACCENT),
                        ),
                    );
                });
        });
    Ok(())
}

/// A kiosk's window closes only with the instructor key (added with the window, in `run`).
pub fn close_when_open(
    mut asked: MessageReader<bevy::window::WindowCloseRequested>,
    station: Res<Station>,
    mut exit: MessageWriter<AppExit>,
) {
    if asked.read().count() > 0 && station.open() {
        exit.write(AppExit::Success);
    }
}

/// At start, the station's unfinished session of the day is opened again (a crash or a power
/// cut in the middle of a class loses nothing and the class goes on).
fn resume_the_days_session(
    mut station: ResMut<Station>,
    room: Res<Classroom>,
    mut input: MessageWriter<ClassInput>,
    mut next: ResMut<NextState<Screen>>,
    screen: Res<State<Screen>>,
) {
    if station.resumed || !room.listed || room.active.is_some() || *screen.get() != Screen::Station
    {
        return;
    }
    let Some(s) = station.station else {
        return;
    };
    station.resumed = true;
    let scenario = station.plan.stations[s].scenario_id().to_owned();
    let open = room
        .resumable
        .iter()
        .find(|r| r.day == station.plan.date && r.scenario_id == scenario);
    if let Some(r) = open {
        input.write(ClassInput::Open {
            id: r.id,
            take_over: true,
        });
        next.set(Screen::Play);
    }
}

/// The console stays closed on a locked kiosk.
fn keep_console_closed(
    station: Res<Station>,
    console: Option<ResMut<crate::app::console::ConsoleOpen>>,
) {
    if !station.open()
        && let Some(mut console) = console
        && console.0
    {
        console.0 = false;
    }
}

/// The library file of the station's scenario (by id, or by the file name in the plan).
pub fn station_file(
    station: &Station,
    library: &ScenarioLibrary,
    files: &Assets<ScenarioFile>,
) -> Option<ScenarioFile> {
    let s = &station.plan.stations[station.station?];
    let id = s.scenario_id();
    library
        .files
        .iter()
        .filter_map(|e| files.get(&e.handle))
        .find(|f| f.scenario.as_ref().is_some_and(|sc| sc.id == id))
        .cloned()
}

/// A group's session is set up: the station's scenario chosen, the class label, day and group
/// filled in; the setup screen shows it to check the teams and start.
fn start_group(
    mut asked: MessageReader<StartGroup>,
    mut station: ResMut<Station>,
    mut draft: ResMut<crate::app::screens::setup::Draft>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
    library: Res<ScenarioLibrary>,
    files: Res<Assets<ScenarioFile>>,
) {
    for &StartGroup(g) in asked.read() {
        if !station.open() {
            continue;
        }
        let (Some(file), Some(group)) = (
            station_file(&station, &library, &files),
            station.plan.groups.get(g).map(crate::day::Group::label),
        ) else {
            continue;
        };
        draft.class_label = group.clone();
        draft.group = group;
        draft.day = station.plan.date.clone();
        draft.station = station
            .station
            .map(|s| station.plan.stations[s].name.clone())
            .unwrap_or_default();
        commands.insert_resource(crate::app::screens::library::Chosen(std::sync::Arc::new(
            file,
        )));
        // The key holds for this start only: the next group finds the kiosk locked.
        if station.kiosk {
            station.unlocked = false;
        }
        next.set(Screen::Setup);
    }
}

/// How long a finished class's results stay on a station's screen with nobody touching it
/// before the station shows its attract screen again.
pub const IDLE_RESULTS: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// A class over and its results left alone: the station goes back to its attract screen
/// (the session is already saved; closing it lets the next group start).
fn idle_back_to_station(
    screen: Res<State<Screen>>,
    // The wall clock: virtual time caps each frame's step, and an idle app sleeps long.
    time: Res<Time<Real>>,
    keys: Res<ButtonInput<KeyCode>>,
    mouse: Option<Res<ButtonInput<MouseButton>>>,
    room: Res<Classroom>,
    mut since: Local<Option<std::time::Duration>>,
    mut input: MessageWriter<ClassInput>,
    mut next: ResMut<NextState<Screen>>,
) {
    let over = room.active.as_ref().is_some_and(|a| a.is_over());
    let touched = keys.get_just_pressed().next().is_some()
        || mouse.is_some_and(|m| m.get_just_pressed().next().is_some());
    if *screen.get() != Screen::Results || !over || touched {
        *since = None;
        return;
    }
    let now = time.elapsed();
    let start = *since.get_or_insert(now);
    if now.saturating_sub(start) >= IDLE_RESULTS {
        *since = None;
        input.write(ClassInput::Close);
        next.set(Screen::Station);
    }
}
