//! The `kkumgil` binary: the app with no subcommand, authoring tools with one.
//!
//! A Windows release opens no console window when a teacher double-clicks it (the GUI
//! subsystem); from a terminal, `kkumgil.com` (`src/bin/kkumgil-console.rs`) runs it with the
//! terminal attached. Debug builds keep the console for developers' `cargo run`.
#![cfg_attr(all(windows, not(debug_assertions)), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    kkumgil::cli::main()
}
