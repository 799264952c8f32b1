//! When the projector draws: on input, on a command coming back from the journal (its thread
//! wakes the loop), on egui's animations, and at least once a second for the round timer and
//! scenario reloads. Between two moves in class the app sleeps.

use bevy::prelude::*;
use bevy::winit::{UpdateMode, WinitSettings};
use bevy_egui::egui;
use bevy_egui::{EguiInput, EguiInputSet, EguiPreUpdateSet};

/// How long the app sleeps at most when nothing moves: the round timer counts in seconds, and
/// a saved scenario shows within a second.
const IDLE_WAKE: std::time::Duration = std::time::Duration::from_secs(1);

/// Reactive drawing; `continuous` for measuring and screenshots.
pub fn plugin(continuous: bool) -> impl Fn(&mut App) {
    move |app: &mut App| {
        app.insert_resource(if continuous {
            WinitSettings::continuous()
        } else {
            WinitSettings {
                focused_mode: UpdateMode::reactive(IDLE_WAKE),
                unfocused_mode: UpdateMode::reactive_low_power(IDLE_WAKE),
            }
        })
        .add_systems(
            PreUpdate,
            drop_unchanged_modifiers
                .after(EguiInputSet::WriteEguiEvents)
                .before(EguiPreUpdateSet::BeginPass),
        );
    }
}

/// bevy_egui reports the modifier keys to egui every frame, changed or not; egui takes any
/// input event as a reason to draw again at once, so the app would never sleep. Egui keeps
/// the modifiers between frames, so the unchanged report can go.
fn drop_unchanged_modifiers(
    mut inputs: Query<(Entity, &mut EguiInput)>,
    mut last: Local<bevy::platform::collections::HashMap<Entity, egui::Modifiers>>,
) {
    for (entity, mut input) in &mut inputs {
        let last = last.entry(entity).or_default();
        input.events.retain(|event| match event {
            egui::Event::ModifiersChanged(now) if now == last => false,
            egui::Event::ModifiersChanged(now) => {
                *last = *now;
                true
            }
            _ => true,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events_after(app: &mut App, input: Entity, events: Vec<egui::Event>) -> Vec<egui::Event> {
        app.world_mut().get_mut::<EguiInput>(input).unwrap().events = events;
        app.update();
        app.world().get::<EguiInput>(input).unwrap().events.clone()
    }

    #[test]
    fn only_a_change_of_modifier_keys_reaches_egui() {
        let mut app = App::new();
        app.add_systems(Update, drop_unchanged_modifiers);
        let input = app.world_mut().spawn(EguiInput::default()).id();
        let same = egui::Event::ModifiersChanged(egui::Modifiers::NONE);
        let ctrl = egui::Event::ModifiersChanged(egui::Modifiers::CTRL);
        let text = egui::Event::Text("가".into());

        // An idle frame: nothing left, so egui does not ask to draw again.
        assert!(events_after(&mut app, input, vec![same.clone()]).is_empty());
        // Other input passes untouched.
        assert_eq!(
            events_after(&mut app, input, vec![same.clone(), text.clone()]),
            vec![text]
        );
        // Pressing Ctrl is a change, holding it is not, releasing it is.
        assert_eq!(
            events_after(&mut app, input, vec![ctrl.clone()]),
            vec![ctrl.clone()]
        );
        assert!(events_after(&mut app, input, vec![ctrl]).is_empty());
        assert_eq!(
            events_after(&mut app, input, vec![same.clone()]),
            vec![same]
        );
    }
}
