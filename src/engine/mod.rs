//! The rules of play, in plain Rust: a validated scenario, a seed and commands in; the new
//! state and the events that explain it out. The app, the session journal, the tests and
//! `kkumgil simulate` all drive these same functions.

pub mod rng;
pub mod role_play;
pub mod team_game;

pub use rng::GameRng;
