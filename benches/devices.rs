//! Team devices: the round trip from a device's send to its answer, through the classroom
//! server, the app's side (the referee checks the intention against the live session) and
//! back; and 32 devices sending at once. A class vote's ballot is the intention: accepted and
//! recorded each time, so the session stays the same from one sample to the next.
//!
//! Run: `cargo bench --no-default-features --bench devices` (figures in docs/devices.md).
//! The p50/p99 of single round trips is printed before criterion's figures.

use std::net::TcpStream;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use kkumgil::devices::server::{Config, Server};
use kkumgil::devices::{Accepted, Referee};
use kkumgil::session::{self, Live, Mode, Pinned, Setup};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

type Socket = WebSocket<MaybeTlsStream<TcpStream>>;

/// A class-vote session of `teams`, its server, and a thread playing the app's part.
fn class(teams: usize) -> (Arc<Server>, Arc<AtomicBool>, std::thread::JoinHandle<()>) {
    let (_, scenario) = Pinned::from_file(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/village-cafe.ron"),
    )
    .expect("bundled");
    let setup = Setup {
        class_label: "bench".into(),
        instructor: String::new(),
        day: String::new(),
        group: String::new(),
        station: String::new(),
        teams: session::default_teams(teams),
        mode: Mode::ClassVote,
        seed: 1,
        hide_leaderboard: false,
    };
    let live = Live::start(scenario, setup.clone()).expect("live");
    let at = "127.0.0.1:0".parse().unwrap();
    let mut config = Config::new(at, "123456".into(), &setup.teams);
    // The bench sends far faster than a class: no rate limit.
    config.rate = (1e9, 1e9);
    let server = Arc::new(Server::start(config).expect("server"));
    let stop = Arc::new(AtomicBool::new(false));
    let app = {
        let (server, stop) = (Arc::clone(&server), Arc::clone(&stop));
        std::thread::spawn(move || {
            let referee = Mutex::new(Referee::default());
            while !stop.load(Ordering::Relaxed) {
                let Some(r) = server.recv_timeout(Duration::from_millis(50)) else {
                    continue;
                };
                let ok = matches!(
                    referee.lock().unwrap().handle(&live, r.team, &r.intent),
                    Ok(Accepted::Recorded | Accepted::Command(_))
                );
                server.reply(r.device, ok, "투표했어요");
            }
        })
    };
    (server, stop, app)
}

fn device(server: &Server, team: usize) -> Socket {
    let (mut socket, _) =
        tungstenite::connect(format!("ws://{}/ws?code=123456", server.addr())).expect("connect");
    socket
        .send(Message::text(format!(r#"{{"t":"join","team":{team}}}"#)))
        .unwrap();
    until(&mut socket, "joined");
    socket
}

fn until(socket: &mut Socket, t: &str) {
    let tag = format!(r#""t":"{t}""#);
    loop {
        if let Message::Text(text) = socket.read().expect("read")
            && text.contains(&tag)
        {
            return;
        }
    }
}

fn vote(socket: &mut Socket) {
    socket
        .send(Message::text(r#"{"t":"vote","choice":0}"#))
        .unwrap();
    until(socket, "said");
}

fn devices(c: &mut Criterion) {
    let (server, stop, app) = class(8);
    let mut one = device(&server, 0);
    // Single round trips, for the percentiles.
    let mut times: Vec<Duration> = (0..2000)
        .map(|_| {
            let start = Instant::now();
            vote(&mut one);
            start.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "device round trip over 2000: p50 {:?}, p99 {:?}, max {:?}",
        times[1000], times[1980], times[1999]
    );
    c.bench_function("a device's vote, sent and answered", |b| {
        b.iter(|| vote(&mut one))
    });
    // 32 devices (4 per team, each team's last one holding it) each sending at once; the
    // holders' 8 are answered, the others are refused by the server (no team held).
    let mut many: Vec<Socket> = (0..32).map(|i| device(&server, i / 4)).collect();
    c.bench_function("32 devices send at once, every answer back", |b| {
        b.iter(|| {
            std::thread::scope(|scope| {
                for socket in many.iter_mut() {
                    scope.spawn(move || {
                        socket
                            .send(Message::text(r#"{"t":"vote","choice":0}"#))
                            .unwrap();
                        loop {
                            if let Message::Text(text) = socket.read().expect("read")
                                && (text.contains(r#""t":"said""#)
                                    || text.contains(r#""t":"refused""#))
                            {
                                return;
                            }
                        }
                    });
                }
            });
        })
    });
    stop.store(true, Ordering::Relaxed);
    app.join().unwrap();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(Duration::from_secs(4));
    targets = devices
}
criterion_main!(benches);
