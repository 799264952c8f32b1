//! The bundled Hangul font (NanumSquareRound, OFL: assets/fonts/OFL.txt), compiled into
//! the binary so text never renders as boxes, wherever the app is started from.
//!
//! Bevy's own default font is ASCII-only with no fallback, so ours replaces it under the
//! default handle: every `Text` gets Hangul without naming a font. egui gets the same faces.

use std::sync::Arc;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

pub use crate::fonts::{BOLD, REGULAR};

/// The bold face, for headings.
#[derive(Resource, Clone)]
pub struct Bold(pub Handle<Font>);

pub(super) fn plugin(app: &mut App) {
    let mut fonts = app.world_mut().resource_mut::<Assets<Font>>();
    // The default handle is where Bevy put its ASCII font; ours takes its place.
    if fonts
        .insert(AssetId::default(), Font::from_bytes(REGULAR.to_vec()))
        .is_err()
    {
        warn!("could not replace the default font; Korean text may not render");
    }
    let bold = fonts.add(Font::from_bytes(BOLD.to_vec()));
    app.insert_resource(Bold(bold));
    app.add_systems(
        EguiPrimaryContextPass,
        install_egui_fonts.run_if(not(egui_fonts_installed)),
    );
}

#[derive(Resource)]
struct EguiFontsInstalled;

fn egui_fonts_installed(marker: Option<Res<EguiFontsInstalled>>) -> bool {
    marker.is_some()
}

/// Puts our faces first in egui's families (egui's own fonts stay as fallback for symbols).
fn install_egui_fonts(mut contexts: EguiContexts, mut commands: Commands) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        "nanum".into(),
        Arc::new(egui::FontData::from_static(REGULAR)),
    );
    fonts.font_data.insert(
        "nanum-bold".into(),
        Arc::new(egui::FontData::from_static(BOLD)),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .insert(0, "nanum".into());
    }
    ctx.set_fonts(fonts);
    super::theme::egui_style(ctx);
    commands.insert_resource(EguiFontsInstalled);
    Ok(())
}
