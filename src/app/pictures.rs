//! Portraits and scene pictures from a scenario's folder, decoded once and kept as egui
//! textures. A picture that is missing or cannot be decoded is simply not shown.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use bevy::prelude::*;
use bevy_egui::egui;

/// Decoded pictures by path (`None`: tried, and it could not be shown).
#[derive(Resource, Default)]
pub struct Pictures(HashMap<PathBuf, Option<egui::TextureHandle>>);

/// Largest side a picture is kept at, so a huge photo costs no more than a projector needs.
const MAX_SIDE: u32 = 1024;

impl Pictures {
    pub fn get(&mut self, ctx: &egui::Context, path: &Path) -> Option<egui::TextureHandle> {
        self.0
            .entry(path.to_path_buf())
            .or_insert_with(|| match decode(path) {
                Ok(image) => Some(ctx.load_texture(
                    path.display().to_string(),
                    image,
                    egui::TextureOptions::LINEAR,
                )),
                Err(e) => {
                    warn!("cannot show the picture {}: {e}", path.display());
                    None
                }
            })
            .clone()
    }
}

fn decode(path: &Path) -> Result<egui::ColorImage, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let mut image = image::load_from_memory(&bytes).map_err(|e| e.to_string())?;
    if image.width().max(image.height()) > MAX_SIDE {
        image = image.thumbnail(MAX_SIDE, MAX_SIDE);
    }
    let rgba = image.to_rgba8();
    let size = [rgba.width() as usize, rgba.height() as usize];
    Ok(egui::ColorImage::from_rgba_unmultiplied(
        size,
        rgba.as_raw(),
    ))
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Pictures>();
}
