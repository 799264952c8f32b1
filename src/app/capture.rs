//! `--screenshot PATH`: saves the title screen once it is fully drawn, prints how long that
//! took from process start, and quits. Used by the window test and to measure startup.

use std::path::PathBuf;
use std::time::Instant;

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured, save_to_disk};

use crate::app::screens::Screen;

#[derive(Resource)]
pub struct CaptureTitle {
    pub path: PathBuf,
    pub started: Instant,
    /// Frames drawn on the title screen so far; the capture waits for text and egui to settle.
    frames: u32,
    requested: bool,
}

impl CaptureTitle {
    pub fn new(path: PathBuf, started: Instant) -> Self {
        CaptureTitle {
            path,
            started,
            frames: 0,
            requested: false,
        }
    }
}

/// Frames to wait on the title: glyph atlases and egui's fonts need a couple of frames.
const SETTLE_FRAMES: u32 = 5;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        request_capture.run_if(in_state(Screen::Title).and_then(resource_exists::<CaptureTitle>)),
    );
}

fn request_capture(mut commands: Commands, mut capture: ResMut<CaptureTitle>) {
    if capture.requested {
        return;
    }
    capture.frames += 1;
    if capture.frames < SETTLE_FRAMES {
        return;
    }
    capture.requested = true;
    let path = capture.path.clone();
    let started = capture.started;
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let mut save = save_to_disk(path.clone());
    commands.spawn(Screenshot::primary_window()).observe(
        move |captured: On<ScreenshotCaptured>, mut exit: MessageWriter<AppExit>| {
            let elapsed = started.elapsed();
            save(captured);
            eprintln!(
                "kkumgil: title screen drawn and captured {} ms after start: {}",
                elapsed.as_millis(),
                path.display()
            );
            exit.write(AppExit::Success);
        },
    );
}
