//! The app's screens, one `Screen` state; each screen file registers its own systems.

use bevy::prelude::*;

mod loading;
mod title;
pub use title::TitleText;

/// What the projector shows. Later screens (library, setup, play, debrief, results) join here.
#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Screen {
    /// Reading and checking the scenario library.
    #[default]
    Loading,
    Title,
}

pub(super) fn plugin(app: &mut App) {
    app.init_state::<Screen>();
    app.add_plugins((loading::plugin, title::plugin));
}
