//! The classroom server: the device page over HTTP and each device's WebSocket, on the LAN
//! address the instructor picks, started only when devices are turned on and stopped with the
//! session. axum on a single-threaded tokio runtime in its own thread: a class is at most a
//! few dozen devices, and the app's frames never wait for the network (docs/devices.md).
//!
//! The server knows the teams and the join code, holds which device holds which team, and
//! passes each device's intentions on (`Server::try_recv`), tagged with the team that device
//! holds. It decides nothing: the app (or a test) runs them through `Referee` and the session,
//! then tells the device (`Server::reply`) and sends each team its task (`Server::publish`).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use axum::Router;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::{SinkExt, StreamExt};
use serde::{Deserialize, Serialize};
use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};

use super::{Intent, Task};

/// The largest message a device may send: a decision is a few dozen bytes.
pub const MAX_MESSAGE: usize = 4 * 1024;
/// Devices connected at once (8 teams × 4 devices, and room for reloads).
pub const MAX_DEVICES: usize = 64;
/// Messages a device may send per second on average, and in a burst (`Config::rate`).
pub const RATE: f64 = 5.0;
pub const BURST: f64 = 20.0;

/// Where and for whom the server runs.
pub struct Config {
    /// The LAN address to listen on (port 0: any free port).
    pub addr: SocketAddr,
    pub code: String,
    /// Each team's name and colour (`#rrggbb`), in the session's order.
    pub teams: Vec<(String, String)>,
    /// A connection that has not sent its request in this time is closed (a half-open socket).
    pub request_timeout: Duration,
    /// A device that sends nothing (not even the answer to the server's ping) for this long is
    /// dropped; its team stays its to rejoin.
    pub idle_timeout: Duration,
    /// Messages a device may send per second on average, and in a burst; a device over it
    /// is disconnected.
    pub rate: (f64, f64),
    /// Called when an intention arrives, so an app that sleeps while nothing moves wakes up.
    pub wake: Option<Box<dyn Fn() + Send>>,
    /// Text the page will show (the scenario's): the page carries the bundled font cut down
    /// to these letters, the team names' and its own, so every device draws the same Hangul.
    pub text: String,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("addr", &self.addr)
            .field("teams", &self.teams)
            .finish_non_exhaustive()
    }
}

impl Config {
    /// The server for a session's `teams`, with the default limits.
    pub fn new(addr: SocketAddr, code: String, teams: &[crate::session::Team]) -> Config {
        Config {
            addr,
            code,
            teams: teams
                .iter()
                .map(|t| (t.name.clone(), t.colour.clone()))
                .collect(),
            request_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(45),
            rate: (RATE, BURST),
            wake: None,
            text: String::new(),
        }
    }
}

/// A device's intention, with the team its device holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Received {
    pub team: usize,
    /// The connection it came on, to reply to.
    pub device: u64,
    pub intent: Intent,
}

/// What the server sends a device, as JSON.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "t", rename_all = "snake_case")]
enum ToDevice<'a> {
    /// The teams, and which are free to pick.
    Teams { teams: Vec<TeamInfo<'a>> },
    Joined {
        team: usize,
        name: &'a str,
        colour: &'a str,
    },
    /// The answer to an intention: accepted or refused, with the words to show.
    Said { ok: bool, text: &'a str },
    /// Another device took this device's team; pick again.
    Replaced,
    /// The instructor freed this device's team.
    Released,
    /// A message the server could not take; the connection stays.
    Refused { text: &'a str },
    /// The server stops (the session ended); the connection closes.
    Closed { text: &'a str },
}

#[derive(Debug, Clone, Serialize)]
struct TeamInfo<'a> {
    name: &'a str,
    colour: &'a str,
    free: bool,
}

/// What a device sends, as JSON: picking a team, or an intention.
#[derive(Debug, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
enum FromDevice {
    Join {
        team: usize,
    },
    #[serde(untagged)]
    Act(Intent),
}

enum Out {
    Text(String),
    Close(String),
}

struct Device {
    team: Option<usize>,
    out: UnboundedSender<Out>,
}

#[derive(Default)]
struct TeamSlot {
    /// The device holding the team now.
    holder: Option<u64>,
    /// Picked by a device since the start or the last release: not offered as free, so a
    /// device whose phone slept can rejoin it.
    claimed: bool,
    /// The team's task, as JSON, sent to whichever device holds the team.
    task: Option<String>,
}

struct Hub {
    code: String,
    teams: Vec<(String, String)>,
    state: Mutex<HubState>,
    intents: mpsc::Sender<Received>,
    next_id: AtomicU64,
    connections: AtomicUsize,
    idle_timeout: Duration,
    rate: (f64, f64),
    wake: Mutex<Option<Box<dyn Fn() + Send>>>,
    /// The device page, with its font.
    page: String,
}

#[derive(Default)]
struct HubState {
    slots: Vec<TeamSlot>,
    devices: HashMap<u64, Device>,
}

/// The running server. Dropping it stops it: every device is told and disconnected.
pub struct Server {
    addr: SocketAddr,
    hub: Arc<Hub>,
    /// In a mutex so the server can live in a resource shared between threads.
    intents: Mutex<mpsc::Receiver<Received>>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    /// Binds `config.addr` (so a taken port is reported here) and starts serving.
    pub fn start(config: Config) -> std::io::Result<Server> {
        let listener = std::net::TcpListener::bind(config.addr)?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let (intents_tx, intents) = mpsc::channel();
        let hub = Arc::new(Hub {
            code: config.code,
            state: Mutex::new(HubState {
                slots: config.teams.iter().map(|_| TeamSlot::default()).collect(),
                devices: HashMap::new(),
            }),
            teams: config.teams.clone(),
            intents: intents_tx,
            next_id: AtomicU64::new(1),
            connections: AtomicUsize::new(0),
            idle_timeout: config.idle_timeout,
            rate: config.rate,
            wake: Mutex::new(config.wake),
            page: PAGE.replace(
                "/*FONT*/",
                &crate::fonts::face_css(&format!(
                    "{PAGE}{}{REFEREE_WORDS}{:?}",
                    config.text, config.teams
                )),
            ),
        });
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()?;
        let (stop, stopped) = tokio::sync::oneshot::channel();
        let serving = Arc::clone(&hub);
        let request_timeout = config.request_timeout;
        let thread = std::thread::Builder::new()
            .name("kkumgil-devices".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                        return;
                    };
                    tokio::select! {
                        () = accept(listener, serving, request_timeout) => {}
                        _ = stopped => {}
                    }
                });
                // Tasks still running (open sockets) end with the runtime.
                runtime.shutdown_timeout(Duration::from_millis(500));
            })?;
        Ok(Server {
            addr,
            hub,
            intents: Mutex::new(intents),
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The address devices connect to.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn code(&self) -> &str {
        &self.hub.code
    }

    /// The next intention a device sent, if any.
    pub fn try_recv(&self) -> Option<Received> {
        self.intents
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .try_recv()
            .ok()
    }

    /// The next intention, waiting up to `timeout`.
    pub fn recv_timeout(&self, timeout: Duration) -> Option<Received> {
        self.intents
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .recv_timeout(timeout)
            .ok()
    }

    /// Sends `team` its task now, and to any device that takes the team later.
    pub fn publish(&self, team: usize, task: &Task) {
        let Ok(json) = serde_json::to_string(task) else {
            return;
        };
        let mut state = self.hub.lock();
        let Some(slot) = state.slots.get_mut(team) else {
            return;
        };
        if slot.task.as_deref() == Some(json.as_str()) {
            return;
        }
        slot.task = Some(json);
        let holder = slot.holder;
        if let Some(device) = holder.and_then(|id| state.devices.get(&id)) {
            let _ = device
                .out
                .send(Out::Text(task_message(state.slots[team].task.as_deref())));
        }
    }

    /// Tells `device` whether its intention was taken.
    pub fn reply(&self, device: u64, ok: bool, text: &str) {
        let state = self.hub.lock();
        if let Some(d) = state.devices.get(&device) {
            let _ = d.out.send(Out::Text(to_json(&ToDevice::Said { ok, text })));
        }
    }

    /// Frees `team` (the instructor's choice): its device is told, and the team is offered again.
    pub fn release(&self, team: usize) {
        let mut state = self.hub.lock();
        let Some(slot) = state.slots.get_mut(team) else {
            return;
        };
        slot.claimed = false;
        if let Some(id) = slot.holder.take()
            && let Some(device) = state.devices.get_mut(&id)
        {
            device.team = None;
            let _ = device.out.send(Out::Text(to_json(&ToDevice::Released)));
        }
        self.hub.broadcast_teams(&state);
    }

    /// Which teams a device holds now.
    pub fn held(&self) -> Vec<bool> {
        self.hub
            .lock()
            .slots
            .iter()
            .map(|s| s.holder.is_some())
            .collect()
    }

    /// Stops the server: every device is told, then disconnected. Also done on drop.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        {
            let state = self.hub.lock();
            let text = tr!(
                "수업이 끝났어요. 고마워요!",
                "The session has ended. Thank you!"
            )
            .ko;
            for device in state.devices.values() {
                let _ = device.out.send(Out::Close(text.clone()));
            }
        }
        // Give the goodbyes a moment to leave, then stop accepting and end the tasks.
        std::thread::sleep(Duration::from_millis(50));
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.thread.is_some() {
            self.shutdown();
        }
    }
}

impl Hub {
    fn lock(&self) -> std::sync::MutexGuard<'_, HubState> {
        // A panicking connection task cannot leave the state half-changed in a way that
        // matters more than stopping the class: carry on with it.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn teams_message(&self, state: &HubState) -> String {
        to_json(&ToDevice::Teams {
            teams: self
                .teams
                .iter()
                .zip(&state.slots)
                .map(|((name, colour), slot)| TeamInfo {
                    name,
                    colour,
                    free: !slot.claimed,
                })
                .collect(),
        })
    }

    fn broadcast_teams(&self, state: &HubState) {
        let message = self.teams_message(state);
        for device in state.devices.values().filter(|d| d.team.is_none()) {
            let _ = device.out.send(Out::Text(message.clone()));
        }
    }

    /// `id` takes `team`; the device that held it is told.
    fn join(&self, id: u64, team: usize) -> Result<(), String> {
        let mut state = self.lock();
        if team >= state.slots.len() {
            return Err(tr!("그런 모둠이 없어요", "there is no such team").ko);
        }
        if let Some(old) = state.devices.get(&id).and_then(|d| d.team)
            && old != team
        {
            state.slots[old].holder = None;
        }
        let before = state.slots[team].holder.replace(id);
        state.slots[team].claimed = true;
        if let Some(other) = before.filter(|&o| o != id)
            && let Some(device) = state.devices.get_mut(&other)
        {
            device.team = None;
            let _ = device.out.send(Out::Text(to_json(&ToDevice::Replaced)));
        }
        let (name, colour) = &self.teams[team];
        let task = task_message(state.slots[team].task.as_deref());
        let has_task = state.slots[team].task.is_some();
        if let Some(device) = state.devices.get_mut(&id) {
            device.team = Some(team);
            let _ = device
                .out
                .send(Out::Text(to_json(&ToDevice::Joined { team, name, colour })));
            if has_task {
                let _ = device.out.send(Out::Text(task));
            }
        }
        self.broadcast_teams(&state);
        Ok(())
    }

    fn leave(&self, id: u64) {
        let mut state = self.lock();
        if let Some(device) = state.devices.remove(&id)
            && let Some(team) = device.team
            && state.slots[team].holder == Some(id)
        {
            state.slots[team].holder = None;
        }
    }
}

fn to_json(message: &ToDevice<'_>) -> String {
    serde_json::to_string(message).unwrap_or_default()
}

/// `{"t":"task","task":…}` around a task already in JSON; empty when there is none yet.
fn task_message(task: Option<&str>) -> String {
    task.map(|task| format!(r#"{{"t":"task","task":{task}}}"#))
        .unwrap_or_default()
}

/// Accepts connections until stopped; each is served by hyper with a deadline for its request
/// (a socket that never sends one is closed) and upgrades for the WebSocket.
async fn accept(listener: tokio::net::TcpListener, hub: Arc<Hub>, request_timeout: Duration) {
    let router = Router::new()
        .route("/", get(page))
        .route("/ws", get(upgrade))
        .with_state(Arc::clone(&hub));
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            // Out of sockets for a moment: wait instead of spinning.
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        if hub.connections.load(Ordering::SeqCst) >= MAX_DEVICES * 2 {
            continue; // dropped at once: too many sockets open
        }
        hub.connections.fetch_add(1, Ordering::SeqCst);
        let service = hyper_util::service::TowerToHyperService::new(router.clone());
        let hub = Arc::clone(&hub);
        tokio::spawn(async move {
            let io = hyper_util::rt::TokioIo::new(stream);
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(request_timeout)
                .max_buf_size(16 * 1024)
                .serve_connection(io, service)
                .with_upgrades();
            let _ = connection.await;
            hub.connections.fetch_sub(1, Ordering::SeqCst);
        });
    }
}

/// The device page: one file with its style, script and font, nothing from the internet.
async fn page(State(hub): State<Arc<Hub>>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        hub.page.clone(),
    )
        .into_response()
}

const PAGE: &str = include_str!("page.html");
/// What the referee and this server say to devices: the letters are in their sources.
const REFEREE_WORDS: &str = concat!(include_str!("mod.rs"), include_str!("server.rs"));

#[derive(Deserialize)]
struct JoinQuery {
    code: Option<String>,
}

/// A device's WebSocket: only with the session's join code, and only so many at once.
async fn upgrade(
    ws: WebSocketUpgrade,
    Query(query): Query<JoinQuery>,
    State(hub): State<Arc<Hub>>,
) -> Response {
    if query.code.as_deref().map(str::trim) != Some(hub.code.as_str()) {
        return (
            StatusCode::FORBIDDEN,
            "참여 코드가 맞지 않아요 (wrong join code)",
        )
            .into_response();
    }
    if hub.lock().devices.len() >= MAX_DEVICES {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "기기가 너무 많아요 (too many devices)",
        )
            .into_response();
    }
    ws.max_message_size(MAX_MESSAGE)
        .max_frame_size(MAX_MESSAGE)
        .on_upgrade(move |socket| device(socket, hub))
}

/// One device's connection: its messages in, the server's out, until either side ends.
async fn device(socket: WebSocket, hub: Arc<Hub>) {
    let id = hub.next_id.fetch_add(1, Ordering::SeqCst);
    let (out, mut outbox) = unbounded_channel();
    {
        let mut state = hub.lock();
        state.devices.insert(
            id,
            Device {
                team: None,
                out: out.clone(),
            },
        );
        let _ = out.send(Out::Text(hub.teams_message(&state)));
    }
    let (mut sink, mut stream) = socket.split();
    let mut bucket = Bucket::new(hub.rate);
    let mut ping = tokio::time::interval(hub.idle_timeout / 3);
    ping.tick().await;
    let mut heard = tokio::time::Instant::now();
    loop {
        tokio::select! {
            incoming = stream.next() => {
                let message = match incoming {
                    Some(Ok(message)) => message,
                    // Closed, or a protocol error such as a message over MAX_MESSAGE.
                    _ => break,
                };
                heard = tokio::time::Instant::now();
                let text = match message {
                    Message::Text(text) => text,
                    Message::Close(_) => break,
                    Message::Binary(_) => {
                        let _ = out.send(Out::Text(to_json(&ToDevice::Refused { text: "binary" })));
                        continue;
                    }
                    _ => continue,
                };
                if !bucket.take() {
                    let text = tr!("메시지가 너무 많아요. 다시 연결해 주세요", "too many messages; reconnect").ko;
                    let _ = sink.send(Message::Text(to_json(&ToDevice::Closed { text: &text }).into())).await;
                    break;
                }
                take(&hub, id, text.as_str(), &out);
            }
            next = outbox.recv() => match next {
                Some(Out::Text(text)) if text.is_empty() => {}
                Some(Out::Text(text)) => {
                    if sink.send(Message::Text(text.into())).await.is_err() {
                        break;
                    }
                }
                Some(Out::Close(text)) => {
                    let _ = sink.send(Message::Text(to_json(&ToDevice::Closed { text: &text }).into())).await;
                    let _ = sink.close().await;
                    break;
                }
                None => break,
            },
            _ = ping.tick() => {
                // Nothing heard, not even the answer to the last pings: a phone asleep or a
                // half-open socket. Its team stays its own to rejoin.
                if heard.elapsed() > hub.idle_timeout
                    || sink.send(Message::Ping(Vec::new().into())).await.is_err()
                {
                    break;
                }
            }
        }
    }
    hub.leave(id);
}

/// One message from device `id`.
fn take(hub: &Hub, id: u64, text: &str, out: &UnboundedSender<Out>) {
    let refuse = |m: crate::i18n::Msg| {
        let _ = out.send(Out::Text(to_json(&ToDevice::Refused { text: &m.ko })));
    };
    match serde_json::from_str::<FromDevice>(text) {
        Ok(FromDevice::Join { team }) => {
            if let Err(text) = hub.join(id, team) {
                let _ = out.send(Out::Text(to_json(&ToDevice::Refused { text: &text })));
            }
        }
        Ok(FromDevice::Act(intent)) => {
            let team = hub.lock().devices.get(&id).and_then(|d| d.team);
            match team {
                Some(team) => {
                    let _ = hub.intents.send(Received {
                        team,
                        device: id,
                        intent,
                    });
                    if let Some(wake) = &*hub.wake.lock().unwrap_or_else(|e| e.into_inner()) {
                        wake();
                    }
                }
                None => refuse(tr!("먼저 모둠을 골라요", "pick your team first")),
            }
        }
        Err(_) => refuse(tr!(
            "알 수 없는 메시지예요",
            "a message the server does not know"
        )),
    }
}

/// A token bucket: `rate` messages a second on average, `burst` at once.
struct Bucket {
    tokens: f64,
    rate: f64,
    burst: f64,
    at: tokio::time::Instant,
}

impl Bucket {
    fn new((rate, burst): (f64, f64)) -> Bucket {
        Bucket {
            tokens: burst,
            rate,
            burst,
            at: tokio::time::Instant::now(),
        }
    }

    fn take(&mut self) -> bool {
        let now = tokio::time::Instant::now();
        let refill = now.duration_since(self.at).as_secs_f64() * self.rate;
        self.tokens = (self.tokens + refill).min(self.burst);
        self.at = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}
