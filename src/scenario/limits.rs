//! Limits that keep a hostile or mistaken file from hanging or exhausting the app.
//!
//! Each is far above what a classroom game needs (a 45-minute role-play has 10–40 scenes);
//! the synthetic 10,000-scene benchmark still fits.

/// The newest scenario format this build reads.
pub const FORMAT_VERSION: u32 = 1;
/// Largest scenario or glossary file.
pub const FILE_BYTES: u64 = 16 * 1024 * 1024;
/// Deepest bracket nesting RON may use.
pub const RECURSION: usize = 64;
pub const ID_LEN: usize = 64;
/// Longest single text, in characters.
pub const TEXT_LEN: usize = 2_000;
pub const MAX_MINUTES: u32 = 180;
pub const SCENES: usize = 20_000;
pub const ENDINGS: usize = 200;
/// Keys 1–9 pick a choice on the projector.
pub const CHOICES: usize = 9;
pub const OUTCOMES: usize = 16;
/// Routes of one automatic branch.
pub const ROUTES: usize = 16;
pub const METERS: usize = 16;
pub const FLAGS: usize = 1_000;
pub const ROLES: usize = 64;
pub const STATS: usize = 16;
/// Roles of a team game: one per team at most.
pub const TEAM_ROLES: usize = 8;
pub const DECISIONS: usize = 8;
pub const OPTIONS: usize = 9;
pub const PARAMS: usize = 64;
pub const CARDS: usize = 200;
pub const QUIZZES: usize = 100;
pub const ROUNDS: u32 = 50;
/// Steps between rounds, and the longest timer of one (minutes).
pub const STEPS: usize = 50;
pub const STEP_MINUTES: u32 = 30;
/// Most tokens a split may hand one team in a round: a class counts them by hand.
pub const TOKENS: i64 = 10_000;
/// Largest size of a number decision's min or max.
pub const NUMBER: i64 = 1_000_000;
pub const GLOSSARY: usize = 1_000;
