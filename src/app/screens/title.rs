//! Title: the name of the game, what it is, and how to go on, large enough for the back row.

use bevy::prelude::*;

use super::Screen;
use crate::app::Language;
use crate::app::console;
use crate::app::fonts::Bold;
use crate::app::library::{ScenarioFile, ScenarioLibrary};
use crate::app::theme::{palette, size};
use crate::scenario::Lang;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Title), spawn_title_screen)
        .add_systems(
            Update,
            (open_library, fit_beside_console).run_if(in_state(Screen::Title)),
        );
}

/// The title's root node.
#[derive(Component)]
struct TitleRoot;

/// The title centres itself in the room the instructor console leaves.
fn fit_beside_console(
    console: Option<Res<console::ConsoleOpen>>,
    windows: Query<&Window>,
    ui_scale: Option<Res<UiScale>>,
    mut roots: Query<&mut Node, With<TitleRoot>>,
) {
    let right = windows.iter().next().map_or(0.0, |w| {
        console::column_width(console.as_deref(), w) / ui_scale.map_or(1.0, |s| s.0)
    });
    for mut node in &mut roots {
        if node.padding.right != Val::Px(right) {
            node.padding.right = Val::Px(right);
        }
    }
}

/// Any of Enter, Space or a click goes on to the library.
fn open_library(
    station: Option<Res<crate::app::station::Station>>,
    keys: Res<ButtonInput<KeyCode>>,
    mouse: Option<Res<ButtonInput<MouseButton>>>,
    console: Option<Res<console::ConsoleOpen>>,
    windows: Query<&Window>,
    mut next: ResMut<NextState<Screen>>,
) {
    // A station goes straight on to its own attract screen.
    if station.is_some() {
        next.set(Screen::Station);
        return;
    }
    // A click in the console's column is the console's.
    let on_console = windows.iter().next().is_some_and(|w| {
        w.cursor_position()
            .is_some_and(|at| at.x > w.width() - console::column_width(console.as_deref(), w))
    });
    let clicked = !on_console && mouse.is_some_and(|m| m.just_pressed(MouseButton::Left));
    if clicked || keys.any_just_pressed([KeyCode::Enter, KeyCode::Space, KeyCode::NumpadEnter]) {
        next.set(Screen::Library);
    }
}

/// Marks the title text, so tests and the screenshot can find it.
#[derive(Component)]
pub struct TitleText;

fn spawn_title_screen(
    mut commands: Commands,
    bold: Option<Res<Bold>>,
    language: Res<Language>,
    library: Res<ScenarioLibrary>,
    files: Res<Assets<ScenarioFile>>,
) {
    let heading = bold.map(|b| b.0.clone()).unwrap_or_default();
    let lang = language.0;
    let playable = library
        .files
        .iter()
        .filter_map(|f| files.get(&f.handle))
        .filter(|f| f.scenario.is_some())
        .count();
    let tr = |ko: &str, en: &str| {
        if lang == Lang::Ko {
            ko.to_owned()
        } else {
            en.to_owned()
        }
    };
    let text = |s: String, px: f32, color: Color| {
        (
            Text::new(s),
            TextFont {
                font_size: FontSize::Vh(px),
                ..default()
            },
            TextColor(color),
            TextLayout::justify(Justify::Center),
        )
    };
    commands.spawn((
        Name::new("Title screen"),
        TitleRoot,
        DespawnOnExit(Screen::Title),
        Node {
            width: percent(100),
            height: percent(100),
            flex_direction: FlexDirection::Column,
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            row_gap: vh(size::GAP),
            ..default()
        },
        children![
            (
                Name::new("Title"),
                TitleText,
                Text::new("꿈길"),
                TextFont {
                    font: heading.into(),
                    font_size: FontSize::Vh(size::DISPLAY * 1.6),
                    ..default()
                },
                TextColor(palette::ACCENT),
            ),
            (
                Name::new("Subtitle"),
                text(
                    tr(
                        "사회적경제를 배우는 롤플레이와 팀 게임",
                        "Role-play and team games about the social economy"
                    ),
                    size::HEADING,
                    palette::TEXT
                ),
            ),
            (
                Name::new("Library summary"),
                text(
                    tr(
                        &format!("준비된 시나리오 {playable}개"),
                        &format!("{playable} scenarios ready")
                    ),
                    size::BODY,
                    palette::MUTED
                ),
            ),
            (
                Name::new("Keys"),
                text(
                    tr(
                        "Enter 시작   ·   F1 강사 콘솔   ·   Esc 끝내기",
                        "Enter start   ·   F1 instructor console   ·   Esc quit"
                    ),
                    size::SMALL,
                    palette::MUTED
                ),
            ),
            (
                Name::new("Version"),
                text(
                    format!("꿈길 {}", crate::VERSION),
                    size::SMALL * 0.8,
                    palette::MUTED
                ),
            ),
        ],
    ));
}
