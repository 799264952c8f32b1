//! Puts the build's commit into the program (`kkumgil --version`, the title screen), so a
//! session and a bug report say exactly which Kkumgil they came from.

use std::process::Command;

fn main() {
    let commit = Command::new("git")
        .args(["rev-parse", "--short=10", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .filter(|c| !c.is_empty())
        // A source archive without git history.
        .unwrap_or_else(|| "unknown".to_owned());
    println!("cargo:rustc-env=KKUMGIL_COMMIT={commit}");
    // A new commit moves HEAD or the branch it names. Only paths that exist are watched: a
    // missing one would make cargo run this script (and rebuild the crate) every time.
    for path in [".git/HEAD", ".git/refs/heads", ".git/packed-refs"] {
        if std::path::Path::new(path).exists() {
            println!("cargo:rerun-if-changed={path}");
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
}
