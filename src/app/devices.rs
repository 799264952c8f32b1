//! Team devices in the app: turned on in the class setup, the server runs while that session
//! is open. Each device's intention goes through the `Referee` and becomes a `ClassInput`, the
//! same message a key press sends; every team is sent its task whenever the session moves.
//! The projector shows the join card (address, code, QR code, who has joined); the console
//! shows the teams' devices, frees a team, and closes a class vote (docs/devices.md).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use crate::app::Language;
use crate::app::classroom::{ClassInput, Classroom};
use crate::app::screens::Screen;
use crate::app::theme::{self, palette, size};
use crate::devices::server::{Config, Server};
use crate::devices::{Accepted, Referee};
use crate::i18n::Lang;

/// The port devices connect to unless the instructor picks another.
pub const DEFAULT_PORT: u16 = 8477;

/// Whether the next class uses team devices, and where the server listens (the setup screen).
#[derive(Resource, Debug, Clone)]
pub struct DeviceOptions {
    pub on: bool,
    /// The LAN address to listen on, from `addresses`.
    pub address: IpAddr,
    pub port: u16,
    /// This computer's network addresses (name and address), IPv4 first, loopback last.
    pub addresses: Vec<(String, IpAddr)>,
}

impl Default for DeviceOptions {
    fn default() -> Self {
        let addresses = lan_addresses();
        DeviceOptions {
            on: false,
            address: addresses
                .first()
                .map_or(IpAddr::V4(Ipv4Addr::LOCALHOST), |a| a.1),
            port: DEFAULT_PORT,
            addresses,
        }
    }
}

/// This computer's addresses a device on the LAN can reach: IPv4 first (what a classroom's
/// Wi-Fi hands out), then IPv6, loopback last (for trying it on one machine).
pub fn lan_addresses() -> Vec<(String, IpAddr)> {
    let mut found: Vec<(String, IpAddr)> = if_addrs::get_if_addrs()
        .unwrap_or_default()
        .into_iter()
        .filter(|i| !matches!(i.ip(), IpAddr::V6(v6) if v6.is_unicast_link_local()))
        .map(|i| (i.name.clone(), i.ip()))
        .collect();
    found.sort_by_key(|(_, ip)| (ip.is_loopback(), ip.is_ipv6()));
    if found.is_empty() {
        found.push(("loopback".into(), IpAddr::V4(Ipv4Addr::LOCALHOST)));
    }
    found
}

/// The server of the session in play, and its referee.
#[derive(Resource)]
pub struct Devices {
    pub server: Server,
    pub referee: Referee,
    /// The session it serves.
    pub session: i64,
    /// The page's address with the join code, as the QR code holds it.
    pub url: String,
    /// The join card on the projector: shown until every team has a device, and when the
    /// instructor asks for it.
    pub card: bool,
    /// The QR code of `url`.
    qr: Option<qrcode::QrCode>,
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<DeviceOptions>()
        .init_resource::<DeviceProblem>()
        .add_systems(
            Update,
            (
                (serve, take_intentions)
                    .chain()
                    .before(crate::app::classroom::Replies),
                publish_tasks.after(crate::app::classroom::Replies),
            ),
        )
        .add_systems(
            EguiPrimaryContextPass,
            draw_join_card
                .run_if(in_state(Screen::Play))
                .after(theme::SidePanels),
        );
}

/// Why the server could not start, shown on the setup screen and in the console.
#[derive(Resource, Default)]
pub struct DeviceProblem(pub Option<String>);

/// Starts the server when a session opens with devices on, and stops it when the session
/// closes (dropping it tells every device and closes the port).
fn serve(
    mut commands: Commands,
    mut room: ResMut<Classroom>,
    mut options: ResMut<DeviceOptions>,
    devices: Option<Res<Devices>>,
    mut problem: ResMut<DeviceProblem>,
    wake: Option<Res<bevy::winit::EventLoopProxyWrapper>>,
    language: Res<Language>,
) {
    let active = room.active.as_ref().map(|a| a.id);
    match (&devices, active) {
        (Some(d), Some(id)) if d.session == id && options.on => return,
        (Some(_), _) => {
            commands.remove_resource::<Devices>();
            return;
        }
        (None, Some(_)) if options.on => {}
        _ => return,
    }
    let (Some(id), Some(active)) = (active, room.active.as_ref()) else {
        return;
    };
    let code = crate::devices::join_code();
    let at = SocketAddr::new(options.address, options.port);
    let mut config = Config::new(at, code, &active.setup().teams);
    config.text = active.source.clone();
    // A device's intention wakes the app as a key press would.
    if let Some(proxy) = wake {
        let proxy: bevy::winit::EventLoopProxy<bevy::winit::WinitUserEvent> = (**proxy).clone();
        config.wake = Some(Box::new(move || {
            let _ = proxy.send_event(bevy::winit::WinitUserEvent::WakeUp);
        }));
    }
    match Server::start(config) {
        Ok(server) => {
            let url = format!("http://{}/?code={}", server.addr(), server.code());
            let qr = qrcode::QrCode::new(url.as_bytes()).ok();
            problem.0 = None;
            commands.insert_resource(Devices {
                server,
                referee: Referee::default(),
                session: id,
                url,
                card: true,
                qr,
            });
        }
        Err(e) => {
            let said = crate::tr!(
                "팀 기기 서버를 {at}에서 열 수 없어요: {e}. 다른 주소나 포트를 골라 주세요",
                "the devices' server cannot listen on {at}: {e}; pick another address or port"
            )
            .get(language.0)
            .to_owned();
            // Said on the setup screen, and in the console of the class that started without.
            problem.0 = Some(said.clone());
            room.notice = Some(said);
            options.on = false;
        }
    }
}

/// Each intention: through the referee, then sent as the keys would send it; the device told.
fn take_intentions(
    devices: Option<ResMut<Devices>>,
    room: Res<Classroom>,
    mut input: MessageWriter<ClassInput>,
    language: Res<Language>,
) {
    let (Some(mut devices), Some(active)) = (devices, room.active.as_ref()) else {
        return;
    };
    let devices = &mut *devices;
    while let Some(received) = devices.server.try_recv() {
        let said = match devices
            .referee
            .handle(&active.live, received.team, &received.intent)
        {
            Ok(Accepted::Command(command)) => {
                input.write(ClassInput::Command(command));
                Ok(crate::tr!("받았어요!", "Got it!"))
            }
            Ok(Accepted::Recorded) => Ok(crate::tr!(
                "투표했어요. 모든 모둠이 투표하면 공개해요",
                "Voted. The count is shown when every team has voted"
            )),
            Err(refusal) => Err(refusal),
        };
        let (ok, msg) = match said {
            Ok(m) => (true, m),
            Err(m) => (false, m),
        };
        devices
            .server
            .reply(received.device, ok, msg.get(language.0));
    }
}

/// Sends every team its task (the server sends only what changed).
fn publish_tasks(devices: Option<ResMut<Devices>>, room: Res<Classroom>, language: Res<Language>) {
    let (Some(mut devices), Some(active)) = (devices, room.active.as_ref()) else {
        return;
    };
    for team in 0..active.setup().teams.len() {
        let task = devices.referee.task(&active.live, team, language.0);
        devices.server.publish(team, &task);
    }
    if devices.card && devices.server.held().iter().all(|&h| h) {
        devices.card = false;
    }
}

/// The join card, at the projector's lower right: how to join, and which teams have.
fn draw_join_card(
    mut contexts: EguiContexts,
    devices: Option<Res<Devices>>,
    room: Res<Classroom>,
    language: Res<Language>,
) -> Result {
    let (Some(devices), Some(active)) = (devices, room.active.as_ref()) else {
        return Ok(());
    };
    if !devices.card {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    let ko = language.0 == Lang::Ko;
    let right = ctx.viewport_rect().max.x - theme::side_width_now(ctx);
    egui::Area::new(egui::Id::new("join-card"))
        .order(egui::Order::Foreground)
        .pivot(egui::Align2::RIGHT_BOTTOM)
        .fixed_pos(egui::pos2(
            right - theme::px(ctx, 1.5),
            ctx.viewport_rect().max.y - theme::px(ctx, 1.5),
        ))
        .show(ctx, |ui| {
            egui::Frame::new()
                .fill(palette::egui(palette::SURFACE))
                .corner_radius(12.0)
                .inner_margin(egui::Margin::same(14))
                .show(ui, |ui| {
                    ui.set_width(theme::px(ctx, 40.0));
                    ui.label(
                        theme::text(
                            ctx,
                            if ko {
                                "팀 기기로 참여해요"
                            } else {
                                "Join from a team device"
                            },
                            size::SMALL,
                        )
                        .strong(),
                    );
                    if let Some(qr) = &devices.qr {
                        draw_qr(ui, qr, theme::px(ctx, 26.0));
                    }
                    ui.label(theme::text(
                        ctx,
                        devices
                            .url
                            .trim_end_matches(|c: char| c != '?')
                            .trim_end_matches('?'),
                        size::SMALL,
                    ));
                    ui.label(
                        theme::text(
                            ctx,
                            format!(
                                "{} {}",
                                if ko { "참여 코드" } else { "Code" },
                                devices.server.code()
                            ),
                            size::BODY,
                        )
                        .color(palette::egui(palette::ACCENT))
                        .strong(),
                    );
                    ui.horizontal_wrapped(|ui| {
                        for (team, held) in active.setup().teams.iter().zip(devices.server.held()) {
                            let mark = if held { "●" } else { "○" };
                            ui.label(theme::text(
                                ctx,
                                format!("{mark} {}", team.name),
                                size::SMALL * 0.8,
                            ));
                        }
                    });
                });
        });
    Ok(())
}

/// A QR code as dark squares on a light square (with the quiet zone the standard asks for).
fn draw_qr(ui: &mut egui::Ui, qr: &qrcode::QrCode, side: f32) {
    let width = qr.width();
    let colours = qr.to_colors();
    let modules = width + 8;
    let cell = (side / modules as f32).floor().max(2.0);
    let full = cell * modules as f32;
    let (rect, _) = ui.allocate_exact_size(egui::vec2(full, full), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, egui::Color32::WHITE);
    for (i, colour) in colours.iter().enumerate() {
        if *colour == qrcode::Color::Dark {
            let (x, y) = ((i % width + 4) as f32, (i / width + 4) as f32);
            let min = rect.min + egui::vec2(x * cell, y * cell);
            painter.rect_filled(
                egui::Rect::from_min_size(min, egui::vec2(cell, cell)),
                0.0,
                egui::Color32::BLACK,
            );
        }
    }
}

/// The console's part: the join address, each team's device (free a team), the join card,
/// and closing a class vote.
pub fn console_section(
    ui: &mut egui::Ui,
    devices: &mut Devices,
    active: &crate::app::classroom::Active,
    input: &mut MessageWriter<ClassInput>,
    ko: bool,
) {
    ui.heading(if ko { "팀 기기" } else { "Team devices" });
    ui.label(&devices.url);
    ui.label(format!(
        "{} {}",
        if ko { "참여 코드" } else { "Join code" },
        devices.server.code()
    ));
    let held = devices.server.held();
    for (t, team) in active.setup().teams.iter().enumerate() {
        ui.horizontal(|ui| {
            let on = held.get(t).copied().unwrap_or(false);
            ui.label(format!("{} {}", team.icon, team.name));
            ui.label(match (on, ko) {
                (true, true) => "기기 연결됨",
                (true, false) => "device joined",
                (false, true) => "기기 없음",
                (false, false) => "no device",
            });
            if on
                && ui
                    .small_button(if ko { "풀기" } else { "Release" })
                    .on_hover_text(if ko {
                        "이 모둠의 기기를 내보내고 다시 고를 수 있게 해요"
                    } else {
                        "Let this team be picked again"
                    })
                    .clicked()
            {
                devices.server.release(t);
            }
        });
    }
    let card = if devices.card {
        if ko {
            "참여 안내 숨기기"
        } else {
            "Hide the join card"
        }
    } else if ko {
        "참여 안내 보이기"
    } else {
        "Show the join card"
    };
    if ui.button(card).clicked() {
        devices.card = !devices.card;
    }
    if active.setup().mode == crate::session::Mode::ClassVote {
        let votes = devices.referee.votes_in(&active.live);
        let teams = active.setup().teams.len();
        ui.horizontal(|ui| {
            ui.label(if ko {
                format!("투표 {votes}/{teams}")
            } else {
                format!("Votes {votes}/{teams}")
            });
            if votes > 0
                && ui
                    .button(if ko {
                        "투표 마감"
                    } else {
                        "Close the vote"
                    })
                    .clicked()
                && let Ok(command) = devices.referee.count(&active.live)
            {
                input.write(ClassInput::Command(command));
            }
        });
    }
}
