//! Puts the build's commit into the program (`kkumgil --version`, the title screen), so a
//! session and a bug report say exactly which Kkumgil they came from. On Windows, also the
//! icon and version information that Explorer and the taskbar show.

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
    #[cfg(windows)]
    windows_resources(&commit);
}

/// The icon and the version tab of the executables' properties. Built on Windows for Windows
/// (the release workflow); the strings stay ASCII so no resource compiler misreads them.
#[cfg(windows)]
fn windows_resources(commit: &str) {
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    println!("cargo:rerun-if-changed=assets/icon/kkumgil.ico");
    let mut res = winresource::WindowsResource::new();
    res.set_icon("assets/icon/kkumgil.ico")
        .set("ProductName", "Kkumgil")
        .set(
            "FileDescription",
            "Kkumgil - social economy games for the classroom",
        )
        .set(
            "ProductVersion",
            &format!(
                "{} ({commit})",
                std::env::var("CARGO_PKG_VERSION").unwrap_or_default()
            ),
        )
        .set("LegalCopyright", "MIT OR Apache-2.0");
    if let Err(e) = res.compile() {
        // A build without the Windows SDK still works; it only lacks the icon.
        println!("cargo:warning=no icon or version information in the executable: {e}");
    }
}
