//! A bare Bevy + egui window with the same features and settings as Kkumgil, for comparing
//! startup, frame time and memory (docs/development.md). Not part of the app.
//!
//! `cargo run --release --example bare_egui -- FRAMES`: draws FRAMES frames, prints the time
//! to the first frame and the mean and p95 frame time, then quits.

use std::time::Instant;

use bevy::prelude::*;
use bevy::window::WindowResolution;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

#[derive(Resource)]
struct Measure {
    started: Instant,
    frames: u32,
    wanted: u32,
    times: Vec<f32>,
}

fn main() {
    let wanted = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(300);
    App::new()
        .insert_resource(Measure {
            started: Instant::now(),
            frames: 0,
            wanted,
            times: Vec::new(),
        })
        .add_plugins(DefaultPlugins.set(WindowPlugin {
            primary_window: Some(Window {
                resolution: WindowResolution::new(1280, 720),
                ..default()
            }),
            ..default()
        }))
        .add_plugins(bevy_egui::EguiPlugin::default())
        .add_systems(Startup, |mut commands: Commands| {
            commands.spawn(Camera2d);
        })
        .add_systems(EguiPrimaryContextPass, draw)
        .add_systems(Last, measure)
        .run();
}

fn draw(mut contexts: EguiContexts) -> Result {
    egui::Window::new("bare").show(contexts.ctx_mut()?, |ui| ui.label("hello"));
    Ok(())
}

fn measure(time: Res<Time>, mut m: ResMut<Measure>, mut exit: MessageWriter<AppExit>) {
    m.frames += 1;
    if m.frames == 2 {
        eprintln!("first frames after {} ms", m.started.elapsed().as_millis());
    }
    if m.frames > 10 {
        let dt = time.delta_secs() * 1000.0;
        m.times.push(dt);
    }
    if m.frames >= m.wanted + 10 {
        let mut t = m.times.clone();
        t.sort_by(f32::total_cmp);
        let mean = t.iter().sum::<f32>() / t.len() as f32;
        eprintln!(
            "frames: {} measured, mean {mean:.2} ms, p95 {:.2} ms",
            t.len(),
            t[(t.len() as f32 * 0.95) as usize]
        );
        exit.write(AppExit::Success);
    }
}
