//! The `kkumgil` binary: the app with no subcommand, authoring tools with one.
fn main() -> std::process::ExitCode {
    kkumgil::cli::main()
}
