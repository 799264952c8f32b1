//! The station's attract screen between groups: the station and its game, "선생님이 시작해요",
//! the next group and its time; the instructor starts it (an open station: Enter or the
//! button; a kiosk: after the instructor key). Before the station is known, its list.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::Screen;
use crate::app::classroom::Classroom;
use crate::app::library::{ScenarioFile, ScenarioLibrary};
use crate::app::station::{self, Station};
use crate::app::theme::{self, palette, size};
use crate::app::{DataDir, Language};
use crate::day::clock;
use crate::scenario::Lang;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw_station
            .run_if(in_state(Screen::Station).and_then(resource_exists::<Station>))
            .after(crate::app::theme::SidePanels),
    );
}

fn draw_station(
    mut contexts: EguiContexts,
    mut begin: MessageWriter<station::StartGroup>,
    mut station: ResMut<Station>,
    keys: Res<ButtonInput<KeyCode>>,
    library: Res<ScenarioLibrary>,
    files: Res<Assets<ScenarioFile>>,
    room: Res<Classroom>,
    data: Res<DataDir>,
    language: Res<Language>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let lang = language.0;
    let ko = lang == Lang::Ko;
    let t = |k: &'static str, e: &'static str| if ko { k } else { e };
    // The clock on the attract screen moves on by itself.
    ctx.request_repaint_after(std::time::Duration::from_secs(20));
    theme::screen(ctx, |ui| {
        ui.add_space(theme::px(ctx, size::GAP));
        let title = station
            .plan
            .title
            .clone()
            .unwrap_or_else(|| t("꿈길 체험의 날", "Kkumgil experience day").to_owned());
        ui.label(theme::text(ctx, title, size::BODY).color(palette::egui(palette::MUTED)));
        let Some(s) = station.station else {
            // Which station is this PC? Asked once, remembered in the data folder.
            ui.label(
                theme::text(
                    ctx,
                    t("이 컴퓨터는 어느 역인가요?", "Which station is this PC?"),
                    size::HEADING,
                )
                .strong(),
            );
            if !station.open() {
                ui.label(
                    theme::text(
                        ctx,
                        t(
                            "강사 키(Ctrl+Alt+K, PIN)를 누른 뒤 골라요.",
                            "Give the instructor key (Ctrl+Alt+K, PIN) to choose.",
                        ),
                        size::SMALL,
                    )
                    .color(palette::egui(palette::MUTED)),
                );
            }
            let names: Vec<(String, String)> = station
                .plan
                .stations
                .iter()
                .map(|s| (s.id.clone(), s.name.clone()))
                .collect();
            for (i, (id, name)) in names.iter().enumerate() {
                if ui
                    .add_enabled(
                        station.open(),
                        egui::Button::new(theme::text(ctx, name, size::BODY)),
                    )
                    .clicked()
                {
                    station.station = Some(i);
                    station::remember_station(&data, id);
                }
            }
            return;
        };
        let st = station.plan.stations[s].clone();
        ui.label(theme::text(ctx, &st.name, size::HEADING).strong());
        let game = st.scenario_title.clone().unwrap_or(st.scenario.clone());
        ui.label(
            theme::text(ctx, &game, size::DISPLAY * 0.6)
                .strong()
                .color(palette::egui(palette::ACCENT)),
        );
        ui.add_space(theme::px(ctx, size::GAP));
        let slot = station.slot_at(station::minute_now());
        match slot {
            Some(slot) => {
                let group = station.plan.groups[slot.group].label();
                let when = format!("{}–{}", clock(slot.start), clock(slot.end));
                ui.label(theme::text(
                    ctx,
                    if ko {
                        format!("다음 모둠: {group}")
                    } else {
                        format!("Next group: {group}")
                    },
                    size::HEADING,
                ));
                ui.label(theme::text(ctx, when, size::BODY).color(palette::egui(palette::MUTED)));
            }
            None => {
                ui.label(theme::text(
                    ctx,
                    t(
                        "오늘 이 역의 차례가 없어요.",
                        "No slots at this station today.",
                    ),
                    size::BODY,
                ));
            }
        }
        ui.add_space(theme::px(ctx, size::GAP));
        ui.label(
            theme::text(
                ctx,
                t("선생님이 시작해요", "Your teacher starts the game"),
                size::BODY,
            )
            .color(palette::egui(palette::MUTED)),
        );
        let file = station::station_file(&station, &library, &files);
        if station.open() {
            ui.add_space(theme::px(ctx, 1.0));
            let mut start = None;
            if let (Some(slot), Some(_)) = (slot, &file) {
                let group = station.plan.groups[slot.group].label();
                let label = if ko {
                    format!("▶ {group} 시작 (Enter)")
                } else {
                    format!("▶ Start {group} (Enter)")
                };
                if ui.add(theme::primary(ctx, &label)).clicked()
                    || keys.just_pressed(KeyCode::Enter)
                {
                    start = Some(slot.group);
                }
            }
            // Another group of this station's day, when plans change.
            ui.horizontal_wrapped(|ui| {
                ui.label(theme::text(
                    ctx,
                    t("다른 모둠:", "Another group:"),
                    size::SMALL,
                ));
                for x in station.slots() {
                    let g = &station.plan.groups[x.group];
                    if ui
                        .button(theme::text(
                            ctx,
                            format!("{} {}", clock(x.start), g.label()),
                            size::SMALL,
                        ))
                        .clicked()
                    {
                        start = Some(x.group);
                    }
                }
            });
            if let Some(g) = start {
                begin.write(station::StartGroup(g));
            }
            if file.is_none() {
                let missing = &st.scenario;
                ui.label(theme::text(ctx, if ko { format!("이 역의 시나리오 '{missing}'을(를) 찾지 못했어요. 시나리오 폴더를 확인해 주세요.") } else { format!("This station's scenario '{missing}' is not in the library; check the scenario folder.") }, size::SMALL).color(palette::egui(palette::PROBLEM)));
            }
        }
        theme::notice(ui, ctx, room.notice.as_ref());
    });
    Ok(())
}
