//! The console front of the Windows package, shipped there as `kkumgil.com` beside
//! `kkumgil.exe` (see docs/packaging.md).
//!
//! `kkumgil.exe` is a GUI-subsystem program, so double-clicking it opens no console window;
//! but Windows gives such a program no console when a terminal starts it, and `kkumgil check`
//! would print nothing. cmd and PowerShell try `.com` before `.exe` (Visual Studio's
//! `devenv.com` works the same way), so `kkumgil check …` typed in a terminal runs this small
//! console program: it starts `kkumgil.exe` beside it with the same arguments and its own
//! console as standard input, output and error, waits, and returns the same exit code.
//!
//! Pure std and built on every platform, so its behaviour is tested on Linux too.

use std::process::{Command, ExitCode, ExitStatus};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

fn main() -> ExitCode {
    let app = match std::env::current_exe() {
        Ok(exe) => exe.with_file_name(format!("kkumgil{}", std::env::consts::EXE_SUFFIX)),
        Err(e) => {
            eprintln!("kkumgil: 이 프로그램의 위치를 알 수 없어요 (cannot find this program): {e}");
            return ExitCode::from(2);
        }
    };
    let mut child = match Command::new(&app).args(std::env::args_os().skip(1)).spawn() {
        Ok(child) => child,
        Err(e) => {
            eprintln!(
                "kkumgil: {}을(를) 시작할 수 없어요 (cannot start it): {e}",
                app.display()
            );
            return ExitCode::from(2);
        }
    };
    let interrupted = Arc::new(AtomicBool::new(false));
    // Ctrl+C reaches the programs attached to the console: this one, not the windowed app.
    // On Linux both get it from the terminal, so no handler is needed there.
    #[cfg(windows)]
    {
        let flag = Arc::clone(&interrupted);
        if let Err(e) = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst)) {
            eprintln!("kkumgil: Ctrl+C를 받을 수 없어요 (cannot catch Ctrl+C): {e}");
        }
    }
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return exit_code(status),
            Ok(None) if interrupted.load(Ordering::SeqCst) => {
                // The app's journal is written as it goes, so stopping it loses nothing.
                let _ = child.kill();
                let _ = child.wait();
                return ExitCode::from(130);
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => {
                eprintln!("kkumgil: {e}");
                return ExitCode::from(1);
            }
        }
    }
}

/// The app's exit code, or 1 when it has none (ended by a signal) or it does not fit a byte.
fn exit_code(status: ExitStatus) -> ExitCode {
    status
        .code()
        .and_then(|c| u8::try_from(c).ok())
        .map_or(ExitCode::from(1), ExitCode::from)
}
