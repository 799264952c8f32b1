//! Loading: waits until every scenario file is read and checked, then shows the title.

use bevy::prelude::*;

use super::Screen;
use crate::app::library::{ScenarioFile, ScenarioLibrary};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        enter_title.run_if(in_state(Screen::Loading).and_then(library_ready)),
    );
}

fn library_ready(
    library: Res<ScenarioLibrary>,
    server: Res<AssetServer>,
    files: Res<Assets<ScenarioFile>>,
) -> bool {
    library.is_ready(&server, &files)
}

fn enter_title(mut next: ResMut<NextState<Screen>>) {
    next.set(Screen::Title);
}
