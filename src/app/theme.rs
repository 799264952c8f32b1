//! One palette, type scale and spacing for the projector, used by Bevy UI and egui alike.
//!
//! Sizes are fractions of the window height (`Vh`), so a screen reads the same at 1280×720
//! and 1920×1080 and when the window is resized; `UiScale` multiplies them for rooms where
//! the projector is small or far.

use bevy::prelude::*;
use bevy_egui::egui;

/// High contrast on a dark background: projectors wash out light greys and pastels.
pub mod palette {
    use bevy::prelude::Color;

    pub const BACKGROUND: Color = Color::srgb(0.07, 0.09, 0.13);
    pub const SURFACE: Color = Color::srgb(0.13, 0.16, 0.22);
    pub const TEXT: Color = Color::srgb(0.97, 0.97, 0.95);
    pub const MUTED: Color = Color::srgb(0.72, 0.76, 0.82);
    /// Warm yellow: the 꿈길 accent, readable on the dark background.
    pub const ACCENT: Color = Color::srgb(1.0, 0.80, 0.25);
    /// Soft red for problems: a broken file, a refused action.
    pub const PROBLEM: Color = Color::srgb(1.0, 0.55, 0.47);

    pub fn egui(c: Color) -> bevy_egui::egui::Color32 {
        let s = c.to_srgba();
        bevy_egui::egui::Color32::from_rgb(
            (s.red * 255.0) as u8,
            (s.green * 255.0) as u8,
            (s.blue * 255.0) as u8,
        )
    }
}

/// Type scale in percent of the window height: the body size is readable from 8 m on a
/// 2 m-high projection (about 40 px at 1080p).
pub mod size {
    pub const DISPLAY: f32 = 12.0;
    pub const HEADING: f32 = 6.0;
    pub const BODY: f32 = 3.8;
    pub const SMALL: f32 = 2.6;
    /// Gaps between blocks.
    pub const GAP: f32 = 2.5;
}

/// egui's look, from the same palette, with text large enough for the instructor's laptop.
pub fn egui_style(ctx: &egui::Context) {
    ctx.set_theme(egui::Theme::Dark);
    ctx.style_mut_of(egui::Theme::Dark, |style| {
        use egui::{FontFamily, FontId, TextStyle};
        style.text_styles = [
            (
                TextStyle::Heading,
                FontId::new(24.0, FontFamily::Proportional),
            ),
            (TextStyle::Body, FontId::new(17.0, FontFamily::Proportional)),
            (
                TextStyle::Button,
                FontId::new(17.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Small,
                FontId::new(13.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Monospace,
                FontId::new(15.0, FontFamily::Monospace),
            ),
        ]
        .into();
        style.visuals = egui::Visuals::dark();
        style.visuals.panel_fill = palette::egui(palette::SURFACE);
        style.visuals.window_fill = palette::egui(palette::SURFACE);
        style.visuals.override_text_color = Some(palette::egui(palette::TEXT));
        style.visuals.hyperlink_color = palette::egui(palette::ACCENT);
        // Flat windows: a soft shadow is invisible on a washed-out projector, and blending it
        // was a quarter of the pixels egui drew on the play screen with the console open.
        style.visuals.window_shadow = egui::Shadow::NONE;
        style.visuals.popup_shadow = egui::Shadow::NONE;
        style.visuals.window_stroke =
            egui::Stroke::new(1.0, palette::egui(palette::ACCENT).gamma_multiply(0.4));
        // Buttons read as buttons from the back of the room: a raised surface with rounded
        // corners and room around the label, an accent edge under the pointer.
        let raised = egui::Color32::from_rgb(0x34, 0x3f, 0x55);
        let widgets = &mut style.visuals.widgets;
        for (state, fill, edge) in [
            (&mut widgets.inactive, raised, 0.25),
            (&mut widgets.hovered, raised.gamma_multiply(1.3), 0.9),
            (
                &mut widgets.active,
                palette::egui(palette::ACCENT).gamma_multiply(0.5),
                1.0,
            ),
        ] {
            state.weak_bg_fill = fill;
            state.bg_fill = fill;
            state.corner_radius = egui::CornerRadius::same(8);
            state.bg_stroke =
                egui::Stroke::new(1.5, palette::egui(palette::ACCENT).gamma_multiply(edge));
        }
        style.spacing.button_padding = egui::vec2(14.0, 6.0);
    });
}

/// The screen's one main action (start, continue, reveal, next), as a button the whole room
/// can find: filled with the accent, dark bold text, at least a finger's height.
pub fn primary(ctx: &egui::Context, label: &str) -> egui::Button<'static> {
    egui::Button::new(
        text(ctx, label, size::BODY)
            .strong()
            .color(palette::egui(palette::BACKGROUND)),
    )
    .fill(palette::egui(palette::ACCENT))
    .corner_radius(px(ctx, 0.8))
    .min_size(egui::vec2(px(ctx, 24.0), px(ctx, 7.0)))
}

/// The room's text scale (1.0 = the type scale as designed): Ctrl + and Ctrl − make
/// everything larger or smaller for a small or far projector, Ctrl 0 resets it.
#[derive(Resource, Clone, Copy, Debug)]
pub struct RoomScale(pub f32);

/// Where egui screens read the room scale from.
const ROOM_SCALE: &str = "kkumgil-room-scale";

pub(super) fn plugin(app: &mut App) {
    // The room's scale is remembered between runs, in the data folder beside the sessions.
    let remembered = app
        .world()
        .get_resource::<crate::app::DataDir>()
        .and_then(|d| d.0.as_deref())
        .and_then(Display::load);
    let scale = remembered.map_or(1.0, |d| d.text_scale);
    app.insert_resource(ClearColor(palette::BACKGROUND))
        .insert_resource(Calm(remembered.is_some_and(|d| d.calm)))
        .insert_resource(RoomScale(scale))
        .insert_resource(UiScale(scale))
        .add_systems(Update, change_room_scale)
        .add_systems(bevy_egui::EguiPrimaryContextPass, share_room_scale);
}

/// What the app remembers about the room's display (`display.ron` in the data folder).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Display {
    pub text_scale: f32,
    /// Calm mode: no motion, every end state at once.
    #[serde(default)]
    pub calm: bool,
}

impl Display {
    const FILE: &str = "display.ron";

    /// The remembered display, if there is a readable one (a damaged file is ignored).
    pub fn load(data_dir: &std::path::Path) -> Option<Display> {
        let text = std::fs::read_to_string(data_dir.join(Display::FILE)).ok()?;
        let d: Display = ron::from_str(&text).ok()?;
        (d.text_scale.is_finite() && (SCALE_MIN..=SCALE_MAX).contains(&d.text_scale)).then_some(d)
    }

    /// Saves it beside the sessions; written to a temporary file and renamed, so a crash
    /// never leaves half a file.
    pub fn save(&self, data_dir: &std::path::Path) -> std::io::Result<()> {
        let text = ron::to_string(self).map_err(std::io::Error::other)?;
        std::fs::create_dir_all(data_dir)?;
        let tmp = data_dir.join("display.ron.tmp");
        std::fs::write(&tmp, text)?;
        std::fs::rename(&tmp, data_dir.join(Display::FILE))
    }
}

const SCALE_MIN: f32 = 0.6;
const SCALE_MAX: f32 = 2.0;

/// Calm mode (the console's checkbox): every value at its end state at once, nothing moves.
#[derive(Resource, Clone, Copy, Debug, PartialEq)]
pub struct Calm(pub bool);

/// Remembers the room's display settings beside the sessions (a few bytes, written at once).
pub fn remember(data: Option<&crate::app::DataDir>, display: Display) {
    if let Some(dir) = data.and_then(|d| d.0.as_deref())
        && let Err(e) = display.save(dir)
    {
        warn!("cannot remember the display settings: {e}");
    }
}

fn change_room_scale(
    keys: Res<ButtonInput<KeyCode>>,
    mut scale: ResMut<RoomScale>,
    mut ui_scale: ResMut<UiScale>,
    calm: Res<Calm>,
    data: Option<Res<crate::app::DataDir>>,
) {
    if !keys.any_pressed([KeyCode::ControlLeft, KeyCode::ControlRight]) {
        return;
    }
    let mut s = scale.0;
    if keys.any_just_pressed([KeyCode::Equal, KeyCode::NumpadAdd]) {
        s *= 1.1;
    }
    if keys.any_just_pressed([KeyCode::Minus, KeyCode::NumpadSubtract]) {
        s /= 1.1;
    }
    if keys.any_just_pressed([KeyCode::Digit0, KeyCode::Numpad0]) {
        s = 1.0;
    }
    let s = s.clamp(SCALE_MIN, SCALE_MAX);
    if s != scale.0 {
        scale.0 = s;
        ui_scale.0 = s;
        // A few bytes, once per key press: written at once, so a crash right after keeps it.
        remember(
            data.as_deref(),
            Display {
                text_scale: s,
                calm: calm.0,
            },
        );
    }
}

fn share_room_scale(
    scale: Res<RoomScale>,
    calm: Res<Calm>,
    mut contexts: bevy_egui::EguiContexts,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    ctx.data_mut(|d| d.insert_temp(egui::Id::new(ROOM_SCALE), scale.0));
    set_calm(ctx, calm.0);
    Ok(())
}

/// How long a bar takes to grow to its value, in seconds of the clock (never frames).
pub const MOTION_SECONDS: f32 = 0.7;
/// egui memory key of the calm-mode flag (every end state at once).
const CALM: &str = "kkumgil-calm";

/// Calm mode: no motion, every value shown at its end state at once.
pub fn set_calm(ctx: &egui::Context, calm: bool) {
    ctx.data_mut(|d| d.insert_temp(egui::Id::new(CALM), calm));
}

/// A value that grows from 0 to `target` the first time `id` is shown, then moves to each new
/// target: time-based (the same at any frame rate), asking for frames only while it moves,
/// and at once in calm mode.
pub fn grow(ctx: &egui::Context, id: egui::Id, target: f32) -> f32 {
    grow_after(ctx, id, target, 0.0)
}

/// `grow`, starting `delay` seconds after `id` is first shown: a reveal comes in order (what
/// each team did, then the scores). Until then the value is 0, and a frame is asked for when
/// the wait ends; calm mode shows the end state at once.
pub fn grow_after(ctx: &egui::Context, id: egui::Id, target: f32, delay: f32) -> f32 {
    let calm = ctx.data(|d| d.get_temp::<bool>(egui::Id::new(CALM)).unwrap_or(false));
    let seconds = if calm { 0.0 } else { MOTION_SECONDS };
    let now = ctx.input(|i| i.time);
    let first = ctx.data_mut(|d| *d.get_temp_mut_or_insert_with(id.with("first"), || now));
    let waited = (now - first) as f32;
    if !calm && waited < delay {
        ctx.request_repaint_after(std::time::Duration::from_secs_f32(delay - waited));
        return 0.0;
    }
    let seen = ctx
        .data_mut(|d| std::mem::replace(d.get_temp_mut_or_default::<bool>(id.with("seen")), true));
    if !seen {
        ctx.animate_value_with_time(id, 0.0, seconds);
    }
    ctx.animate_value_with_time(id, target, seconds)
}

/// How a face-down card turns over: `(width, front)` — the share of its full width drawn now
/// and whether its front shows. It lies face down for `HOLD_SECONDS`, then turns over in
/// `MOTION_SECONDS` (narrowing to an edge, then widening with the front up): time-based, and
/// face up at once in calm mode.
pub fn flip(ctx: &egui::Context, id: egui::Id) -> (f32, bool) {
    let turned = grow_after(ctx, id, 1.0, HOLD_SECONDS);
    flip_shape(turned)
}

/// How long a face-down card waits before it turns (the class guesses for a moment).
pub const HOLD_SECONDS: f32 = 0.5;

/// `(width, front)` of a card turned `turned` of the way over (0 face down, 1 face up).
fn flip_shape(turned: f32) -> (f32, bool) {
    let width = (turned * std::f32::consts::PI).cos().abs();
    (width, turned >= 0.5)
}

/// A random outcome as a card that turns over: its back (the die and a question mark in the
/// accent colour), then its front (the text) — the class sees that chance decided, then what.
pub fn reveal_card(ui: &mut egui::Ui, ctx: &egui::Context, id: egui::Id, text: &str) {
    let font = egui::FontId::proportional(px(ctx, size::BODY));
    let pad = px(ctx, 1.6);
    let full = ui.available_width().min(px(ctx, 120.0));
    let galley = ui.painter().layout(
        format!("🎲  {text}"),
        font.clone(),
        palette::egui(palette::BACKGROUND),
        full - 2.0 * pad,
    );
    let height = galley.size().y + 2.0 * pad;
    let (rect, _) = ui.allocate_exact_size(egui::vec2(full, height), egui::Sense::hover());
    let (width, front) = flip(ctx, id);
    let card = egui::Rect::from_center_size(rect.center(), egui::vec2(full * width, height));
    let painter = ui.painter().with_clip_rect(card);
    let round = px(ctx, 0.8);
    if front {
        painter.rect_filled(card, round, palette::egui(palette::ACCENT));
        painter.galley(
            rect.min + egui::vec2(pad, pad),
            galley,
            palette::egui(palette::BACKGROUND),
        );
    } else {
        painter.rect_filled(card, round, palette::egui(palette::SURFACE));
        painter.rect_stroke(
            card.shrink(round),
            round,
            egui::Stroke::new(px(ctx, 0.3), palette::egui(palette::ACCENT)),
            egui::StrokeKind::Inside,
        );
        painter.text(
            card.center(),
            egui::Align2::CENTER_CENTER,
            "🎲 ?",
            egui::FontId::proportional(px(ctx, size::HEADING)),
            palette::egui(palette::ACCENT),
        );
    }
}

/// A panel with a picture on its left (at most `percent` of the window's height, and 40% of
/// the width) and `words` beside it; without a picture, the words alone.
pub fn beside_picture(
    ui: &mut egui::Ui,
    ctx: &egui::Context,
    picture: Option<&egui::TextureHandle>,
    percent: f32,
    words: impl FnOnce(&mut egui::Ui),
) {
    match picture {
        Some(texture) => {
            ui.horizontal_top(|ui| {
                let aspect = texture.aspect_ratio().max(0.1);
                let height = px(ctx, percent).min(ui.available_width() * 0.4 / aspect);
                ui.add(
                    egui::Image::new(texture)
                        .fit_to_exact_size(egui::vec2(height * aspect, height))
                        .corner_radius(px(ctx, 0.8)),
                );
                ui.add_space(px(ctx, 1.5));
                ui.vertical(words);
            });
        }
        None => words(ui),
    }
}

/// A value as a gauge: its name, the value, the change just made ("+10" in the accent, "−5"
/// in the soft red), and — when it has bounds (`share` of the way from min to max) — a thick
/// bar that moves there with the clock.
pub fn gauge(
    ui: &mut egui::Ui,
    ctx: &egui::Context,
    name: &str,
    value: f64,
    share: Option<f32>,
    change: f64,
    id: egui::Id,
) {
    egui::Frame::new()
        .fill(palette::egui(palette::SURFACE))
        .corner_radius(px(ctx, 0.6))
        .inner_margin(px(ctx, 0.8))
        .show(ui, |ui| {
            ui.vertical(|ui| {
                ui.horizontal(|ui| {
                    ui.label(text(ctx, name, size::SMALL));
                    ui.label(text(ctx, number(value), size::BODY).strong());
                    if change.abs() >= 0.05 {
                        let (sign, colour) = if change > 0.0 {
                            ("+", palette::ACCENT)
                        } else {
                            ("−", palette::PROBLEM)
                        };
                        ui.label(
                            text(ctx, format!("{sign}{}", number(change.abs())), size::BODY)
                                .color(palette::egui(colour))
                                .strong(),
                        );
                    }
                });
                if let Some(share) = share {
                    let shown = grow(ctx, id, share.clamp(0.0, 1.0));
                    let (rect, _) = ui.allocate_exact_size(
                        egui::vec2(px(ctx, 26.0), px(ctx, 1.8)),
                        egui::Sense::hover(),
                    );
                    let painter = ui.painter();
                    let round = rect.height() / 2.0;
                    painter.rect_filled(rect, round, palette::egui(palette::BACKGROUND));
                    let mut filled = rect;
                    filled.set_width(rect.width() * shown);
                    painter.rect_filled(filled, round, palette::egui(palette::ACCENT));
                }
            });
        });
}

/// A number as the class reads it: whole when it is whole (tokens, fish, votes), else with
/// one decimal.
pub fn number(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// A size from the type scale (percent of the window height) in egui points, times the
/// room's UI scale, so egui screens follow the same scale as Bevy UI.
pub fn px(ctx: &egui::Context, percent: f32) -> f32 {
    let height = ctx.content_rect().height();
    let scale = ctx
        .data(|d| d.get_temp::<f32>(egui::Id::new(ROOM_SCALE)))
        .unwrap_or(1.0);
    (height * percent / 100.0 * scale).max(10.0)
}

/// Large text in the theme's colour.
pub fn text(ctx: &egui::Context, s: impl Into<String>, percent: f32) -> egui::RichText {
    egui::RichText::new(s)
        .size(px(ctx, percent))
        .color(palette::egui(palette::TEXT))
}

/// Where the side panels' width is shared with the screens, in egui's per-frame memory.
const SIDE_WIDTH: &str = "kkumgil-side-width";

/// A side panel's width in a window `window_width` wide: at most 40% of it.
pub fn side_width(width: f32, window_width: f32) -> f32 {
    width.min(window_width * 0.4)
}

/// The column at the window's right edge for a side panel `width` points wide (see
/// `side_width`); screens drawn after it this frame keep to the rest.
pub fn side_column(ctx: &egui::Context, width: f32) -> egui::Rect {
    let window = ctx.viewport_rect();
    let width = side_width(width, window.width());
    ctx.data_mut(|d| d.insert_temp(egui::Id::new(SIDE_WIDTH), width));
    egui::Rect::from_min_max(egui::pos2(window.max.x - width, window.min.y), window.max)
}

/// The width the side panels take this frame (0 when there are none).
pub fn side_width_now(ctx: &egui::Context) -> f32 {
    ctx.data(|d| d.get_temp::<f32>(egui::Id::new(SIDE_WIDTH)))
        .unwrap_or(0.0)
}

/// No side panel this frame: the screen takes the whole window.
pub fn no_side_column(ctx: &egui::Context) {
    ctx.data_mut(|d| d.insert_temp(egui::Id::new(SIDE_WIDTH), 0.0f32));
}

/// A screen in the window beside the side panels (see `SidePanels`).
pub fn screen<R>(ctx: &egui::Context, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    let mut rect = ctx.viewport_rect();
    rect.max.x -= ctx
        .data(|d| d.get_temp::<f32>(egui::Id::new(SIDE_WIDTH)))
        .unwrap_or(0.0);
    let mut viewport = egui::Ui::new(
        ctx.clone(),
        "screen".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(rect),
    );
    let margin = px(ctx, 3.0) as i8;
    // Widgets on the projector (numbers, lists, text fields) use the type scale too.
    {
        use egui::{FontFamily, FontId, TextStyle};
        let style = viewport.style_mut();
        style.text_styles.insert(
            TextStyle::Body,
            FontId::new(px(ctx, size::SMALL), FontFamily::Proportional),
        );
        style.text_styles.insert(
            TextStyle::Button,
            FontId::new(px(ctx, size::SMALL), FontFamily::Proportional),
        );
        style.text_styles.insert(
            TextStyle::Heading,
            FontId::new(px(ctx, size::HEADING), FontFamily::Proportional),
        );
        style.spacing.interact_size = egui::vec2(px(ctx, 6.0), px(ctx, 4.5));
    }
    // No fill: the window is cleared to the background colour already, and a second
    // full-screen quad costs a software renderer a few milliseconds every frame.
    egui::CentralPanel::default()
        .frame(egui::Frame::new().inner_margin(egui::Margin::same(margin)))
        .show(&mut viewport, add)
        .inner
}

/// Panels at the screen's edge (the instructor console) are laid out before a screen's
/// central panel, which takes the room they leave.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct SidePanels;

/// The classroom's last problem, if any, in the problem colour.
pub fn notice(ui: &mut egui::Ui, ctx: &egui::Context, notice: Option<&String>) {
    if let Some(n) = notice {
        ui.label(text(ctx, n, size::SMALL).color(palette::egui(palette::PROBLEM)));
    }
}

#[cfg(test)]
mod tests {
    use super::Display;

    /// The room's text size comes back at the next start; a damaged or absurd file is
    /// ignored (the app starts at the designed size) rather than stopping the app.
    #[test]
    fn the_text_size_is_remembered_and_a_bad_file_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Display::load(dir.path()), None);
        let larger = Display {
            text_scale: 1.21,
            calm: true,
        };
        larger.save(dir.path()).unwrap();
        assert_eq!(Display::load(dir.path()), Some(larger));
        // A file from before calm mode still loads, with motion on.
        std::fs::write(dir.path().join("display.ron"), "(text_scale: 1.2)").unwrap();
        assert_eq!(
            Display::load(dir.path()),
            Some(Display {
                text_scale: 1.2,
                calm: false
            })
        );
        std::fs::write(dir.path().join("display.ron"), "(text_scale: 1.2").unwrap();
        assert_eq!(Display::load(dir.path()), None);
        std::fs::write(dir.path().join("display.ron"), "(text_scale: 90.0)").unwrap();
        assert_eq!(Display::load(dir.path()), None);
    }
}

#[cfg(test)]
mod motion_tests {
    use super::*;

    /// Runs one egui frame at `time` seconds and returns what `grow` gives then.
    fn frame(ctx: &egui::Context, time: f64, target: f32) -> f32 {
        let input = egui::RawInput {
            time: Some(time),
            ..Default::default()
        };
        ctx.begin_pass(input);
        let out = grow(ctx, egui::Id::new("bar"), target);
        // The font atlas egui made on the way is not drawn anywhere here.
        ctx.end_pass().textures_delta.clear();
        out
    }

    /// With a fixed clock: a bar starts at 0, is part-way after a fraction of the motion time
    /// and at its value after it, however many frames came between.
    #[test]
    fn a_bar_grows_with_the_clock_not_the_frames() {
        let ctx = egui::Context::default();
        assert_eq!(frame(&ctx, 0.0, 10.0), 0.0);
        let part = frame(&ctx, 0.3, 10.0);
        assert!(part > 0.0 && part < 10.0, "{part}");
        assert_eq!(frame(&ctx, 1.0, 10.0), 10.0);
        // Few frames or many: the same value at the same time.
        let sparse = egui::Context::default();
        frame(&sparse, 0.0, 10.0);
        let dense = egui::Context::default();
        for k in 0..=30 {
            frame(&dense, f64::from(k) * 0.01, 10.0);
        }
        assert_eq!(frame(&sparse, 0.3, 10.0), frame(&dense, 0.3, 10.0));
    }

    /// A delayed bar stays at 0 until its turn in the reveal, then grows like any other.
    #[test]
    fn a_delayed_bar_waits_its_turn() {
        let ctx = egui::Context::default();
        let at = |t: f64| {
            ctx.begin_pass(egui::RawInput {
                time: Some(t),
                ..Default::default()
            });
            let v = grow_after(&ctx, egui::Id::new("late"), 10.0, 0.8);
            ctx.end_pass().textures_delta.clear();
            v
        };
        assert_eq!(at(0.0), 0.0);
        assert_eq!(at(0.5), 0.0);
        // Its turn: it starts from 0 at the first frame after the wait.
        assert_eq!(at(0.9), 0.0);
        let part = at(1.2);
        assert!(part > 0.0 && part < 10.0, "{part}");
        assert_eq!(at(2.0), 10.0);
    }

    /// A random outcome's card lies face down, narrows to an edge, then opens face up: by
    /// the clock, and face up at once in calm mode.
    #[test]
    fn a_card_turns_over_with_the_clock() {
        let ctx = egui::Context::default();
        let at = |t: f64| {
            ctx.begin_pass(egui::RawInput {
                time: Some(t),
                ..Default::default()
            });
            let v = flip(&ctx, egui::Id::new("card"));
            ctx.end_pass().textures_delta.clear();
            v
        };
        assert_eq!(at(0.0), (1.0, false), "face down, full width");
        assert_eq!(at(0.3), (1.0, false), "still waiting");
        at(0.6);
        let (narrow, front) = at(0.6 + f64::from(MOTION_SECONDS) * 0.45);
        assert!(narrow < 0.5 && !front, "turning: {narrow}");
        let (_, front) = at(0.6 + f64::from(MOTION_SECONDS) * 0.6);
        assert!(front, "the front shows past half-way");
        assert_eq!(at(3.0), (1.0, true), "face up, full width");
        let calm = egui::Context::default();
        set_calm(&calm, true);
        calm.begin_pass(egui::RawInput::default());
        assert_eq!(flip(&calm, egui::Id::new("card")), (1.0, true));
        calm.end_pass().textures_delta.clear();
    }

    #[test]
    fn calm_mode_shows_the_value_at_once() {
        let ctx = egui::Context::default();
        set_calm(&ctx, true);
        assert_eq!(frame(&ctx, 0.0, 10.0), 10.0);
    }

    #[test]
    fn counted_things_are_whole_numbers() {
        assert_eq!(number(38.0), "38");
        assert_eq!(number(9.6), "9.6");
        assert_eq!(number(-2.0), "-2");
        assert_eq!(number(2.04), "2");
    }
}
