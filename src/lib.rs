//! Kkumgil (꿈길): role-play and team games that teach the social economy.
//!
//! The core — `scenario` (format, loader, validator), `engine` (the rules of play) and
//! `simulate` (balance testing) — is
//! plain Rust and never imports Bevy, so `cargo test --no-default-features` tests it in
//! seconds. The classroom app lives in `app`, behind the default `app` feature.

/// This build: the package version and the commit it was built from ("0.1.0 (1a2b3c4d5e)").
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("KKUMGIL_COMMIT"), ")");

#[macro_use]
pub mod i18n;
pub mod cli;
mod cli_sessions;
pub mod day;
pub mod devices;
pub mod engine;
pub mod fonts;
pub mod map;
pub mod report;
pub mod scenario;
pub mod session;
pub mod simulate;

#[cfg(feature = "app")]
pub mod app;
