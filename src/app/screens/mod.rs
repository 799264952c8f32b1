//! The app's screens, one `Screen` state; each screen file registers its own systems.

use bevy::prelude::*;

mod debrief;
pub mod library;
mod loading;
pub mod play;
pub mod results;
pub mod setup;
mod station;
mod title;
pub mod workshop;
pub use title::TitleText;

/// What the projector shows.
#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Screen {
    /// Reading and checking the scenario library.
    #[default]
    Loading,
    Title,
    /// Scenarios to choose from, and sessions to resume.
    Library,
    /// Class label, teams, mode.
    Setup,
    Play,
    Debrief,
    Results,
    /// Make and check scenarios: every problem in full, a new file, simulate, map.
    Workshop,
    /// An experience-day station between groups: its game and the next group.
    Station,
}

pub(super) fn plugin(app: &mut App) {
    app.init_state::<Screen>();
    app.add_plugins((
        loading::plugin,
        title::plugin,
        library::plugin,
        setup::plugin,
        play::plugin,
        debrief::plugin,
        results::plugin,
        workshop::plugin,
        station::plugin,
    ));
}
