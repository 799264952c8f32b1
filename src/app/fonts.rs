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

#[cfg(test)]
mod tests {
    /// Every character the app's screens write (string literals under `src/app`) is in one of
    /// the fonts egui draws with: ours, then egui's own (Latin, symbols, emoji). A symbol in
    /// none of them shows as an empty box on the projector, as `✘` and `✎` once did.
    #[test]
    fn every_symbol_the_screens_write_has_a_glyph() {
        let faces: Vec<ttf_parser::Face<'_>> = [
            super::REGULAR,
            super::BOLD,
            epaint_default_fonts::UBUNTU_LIGHT,
            epaint_default_fonts::NOTO_EMOJI_REGULAR,
            epaint_default_fonts::EMOJI_ICON,
            epaint_default_fonts::HACK_REGULAR,
        ]
        .into_iter()
        .map(|bytes| ttf_parser::Face::parse(bytes, 0).expect("a font"))
        .collect();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/app");
        let mut stack = vec![root];
        let mut missing = Vec::new();
        let mut checked = 0;
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for (n, line) in text.lines().enumerate() {
                    if line.trim_start().starts_with("//") {
                        continue;
                    }
                    // The parts between quotes: string literals (well enough for this code).
                    for literal in line.split('"').skip(1).step_by(2) {
                        for c in literal.chars().filter(|c| !c.is_ascii()) {
                            checked += 1;
                            if !faces.iter().any(|f| f.glyph_index(c).is_some()) {
                                missing.push(format!("{c:?} at {}:{}", path.display(), n + 1));
                            }
                        }
                    }
                }
            }
        }
        assert!(checked > 1_000, "only {checked} characters found");
        assert!(missing.is_empty(), "no font has {missing:#?}");
    }
}
