//! Team devices end to end on 127.0.0.1: WebSocket clients join as teams, play a team-game
//! round and a class vote, and the journal is the one the same moves from the keyboard give;
//! hostile clients are refused and the session is unharmed; many devices at once lose and
//! double nothing.

use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

use kkumgil::devices::server::{Config, Received, Server};
use kkumgil::devices::{Accepted, Referee};
use kkumgil::engine::role_play;
use kkumgil::engine::team_game::{Command as Tg, Decided};
use kkumgil::i18n::Lang;
use kkumgil::session::{self, Command as Cmd, Live, Mode, Pinned, Setup};
use serde_json::{Value, json};
use tungstenite::{Message, WebSocket, stream::MaybeTlsStream};

#[path = "browser/mod.rs"]
mod browser;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const CODE: &str = "482913";

type Socket = WebSocket<MaybeTlsStream<TcpStream>>;

fn setup(mode: Mode, teams: usize) -> Setup {
    Setup {
        class_label: "율하중 2-3".into(),
        instructor: "강사".into(),
        day: String::new(),
        group: String::new(),
        station: String::new(),
        teams: session::default_teams(teams),
        mode,
        seed: 7,
        hide_leaderboard: false,
    }
}

fn live(file: &str, mode: Mode, teams: usize) -> Live {
    let (_, scenario) = Pinned::from_file(&Path::new(ROOT).join("scenarios").join(file)).unwrap();
    Live::start(scenario, setup(mode, teams)).unwrap()
}

fn server_for(live: &Live, tune: impl FnOnce(&mut Config)) -> Server {
    let at = "127.0.0.1:0".parse().unwrap();
    let mut config = Config::new(at, CODE.into(), &live.setup().teams);
    config.text = format!("{:?}", live.scenario());
    tune(&mut config);
    Server::start(config).unwrap()
}

/// The app's part, as the app does it: each intention through the referee, the command
/// applied to the session like a key press, the device told, every team sent its task.
struct Class {
    live: Live,
    referee: Referee,
    server: Server,
}

impl Class {
    fn new(live: Live) -> Class {
        Class::tuned(live, |_| {})
    }

    fn tuned(live: Live, tune: impl FnOnce(&mut Config)) -> Class {
        let server = server_for(&live, tune);
        let class = Class {
            live,
            referee: Referee::default(),
            server,
        };
        class.publish();
        class
    }

    /// A command from the instructor's keys.
    fn key(&mut self, command: Cmd) {
        apply(&mut self.live, command);
        self.publish();
    }

    /// Moves on through the steps between rounds (a discussion, pitches), as the instructor does.
    fn past_steps(&mut self) {
        while let kkumgil::session::Board::TeamGame(game) = &self.live.progress().board
            && matches!(game.phase, kkumgil::engine::team_game::Phase::Step(_))
        {
            self.key(Cmd::TeamGame(Tg::NextStep));
        }
    }

    fn publish(&self) {
        for team in 0..self.live.setup().teams.len() {
            self.server
                .publish(team, &self.referee.task(&self.live, team, Lang::Ko));
        }
    }

    /// Handles the next intention to arrive (waiting up to 5 s); returns it.
    fn serve_one(&mut self) -> Received {
        let received = self
            .server
            .recv_timeout(Duration::from_secs(5))
            .expect("an intention from a device");
        self.serve(&received);
        received
    }

    fn serve(&mut self, received: &Received) {
        match self
            .referee
            .handle(&self.live, received.team, &received.intent)
        {
            Ok(Accepted::Command(command)) => {
                apply(&mut self.live, command);
                self.server.reply(received.device, true, "받았어요");
            }
            Ok(Accepted::Recorded) => self.server.reply(received.device, true, "투표했어요"),
            Err(refusal) => self.server.reply(received.device, false, &refusal.ko),
        }
        self.publish();
    }
}

fn apply(live: &mut Live, command: Cmd) {
    live.stage(&command).unwrap();
    let seq = live.journal().last().map_or(0, |e| e.seq) + 1;
    live.commit(session::Entry {
        seq,
        at: 0,
        command,
    })
    .unwrap();
}

fn connect(addr: SocketAddr, code: &str) -> Result<Socket, tungstenite::Error> {
    let (socket, _) = tungstenite::connect(format!("ws://{addr}/ws?code={code}"))?;
    if let MaybeTlsStream::Plain(stream) = socket.get_ref() {
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
    }
    Ok(socket)
}

fn send(socket: &mut Socket, message: Value) {
    socket.send(Message::text(message.to_string())).unwrap();
}

/// The next message of kind `t`, skipping others (and the pings the client answers).
fn next(socket: &mut Socket, t: &str) -> Value {
    let until = Instant::now() + Duration::from_secs(5);
    while Instant::now() < until {
        match socket.read() {
            Ok(Message::Text(text)) => {
                let value: Value = serde_json::from_str(&text).unwrap();
                if value["t"] == t {
                    return value;
                }
            }
            Ok(_) => {}
            Err(e) => panic!("waiting for {t}: {e}"),
        }
    }
    panic!("no {t} message in 5 s");
}

/// The next task of kind `t`, skipping the tasks sent before it.
fn next_task(socket: &mut Socket, t: &str) -> Value {
    loop {
        let task = next(socket, "task");
        if task["task"]["t"] == t {
            return task["task"].clone();
        }
    }
}

/// A device that joined `team`.
fn device(addr: SocketAddr, team: usize) -> Socket {
    let mut socket = connect(addr, CODE).unwrap();
    next(&mut socket, "teams");
    send(&mut socket, json!({"t": "join", "team": team}));
    let joined = next(&mut socket, "joined");
    assert_eq!(joined["team"], team);
    socket
}

fn commands(live: &Live) -> Vec<Cmd> {
    live.journal().iter().map(|e| e.command.clone()).collect()
}

#[test]
fn three_teams_play_a_round_and_a_class_vote_as_the_keyboard_would() {
    // A team-game round from three devices.
    let mut class = Class::new(live("community-fund.ron", Mode::Rounds, 3));
    let addr = class.server.addr();
    // Every team is offered while free, and taken when picked.
    let mut devices = Vec::new();
    for team in 0..3 {
        let mut socket = connect(addr, CODE).unwrap();
        let teams = next(&mut socket, "teams");
        for (t, offered) in teams["teams"].as_array().unwrap().iter().enumerate() {
            assert_eq!(offered["free"], t >= team, "{teams}");
        }
        send(&mut socket, json!({"t": "join", "team": team}));
        assert_eq!(next(&mut socket, "joined")["team"], team);
        devices.push(socket);
    }
    class.key(Cmd::TeamGame(Tg::BeginRound));
    let gives = [3, 0, 7];
    for (team, socket) in devices.iter_mut().enumerate() {
        let task = next_task(socket, "decide");
        let number = &task["decisions"][0];
        assert_eq!(number["kind"], "number", "{task}");
        assert!(
            number["min"].as_i64() == Some(0) && number["max"].as_i64() >= Some(7),
            "{task}"
        );
        send(
            socket,
            json!({"t": "decide", "values": [{"Number": gives[team]}]}),
        );
        let received = class.serve_one();
        assert_eq!(received.team, team);
        let said = next(socket, "said");
        assert_eq!(said["ok"], true, "{said}");
        // Decided: the device now waits for the others.
        let waiting = next_task(socket, "wait");
        assert!(waiting["text"].as_str().unwrap().contains("기다려요"));
    }
    class.key(Cmd::TeamGame(Tg::Resolve));

    let mut keyboard = live("community-fund.ron", Mode::Rounds, 3);
    apply(&mut keyboard, Cmd::TeamGame(Tg::BeginRound));
    for (team, give) in gives.iter().enumerate() {
        apply(
            &mut keyboard,
            Cmd::TeamGame(Tg::Decide {
                team,
                values: vec![Decided::Number(*give)],
            }),
        );
    }
    apply(&mut keyboard, Cmd::TeamGame(Tg::Resolve));
    assert_eq!(commands(&class.live), commands(&keyboard));
    assert_eq!(class.live.progress(), keyboard.progress());
    drop(devices);
    class.server.stop();

    // A class vote from three devices: secret until the third vote counts them.
    let mut class = Class::new(live("village-cafe.ron", Mode::ClassVote, 3));
    let addr = class.server.addr();
    let mut devices: Vec<Socket> = (0..3).map(|t| device(addr, t)).collect();
    let mut first = None;
    for socket in devices.iter_mut() {
        let task = next_task(socket, "vote");
        assert_eq!(task["voted"], Value::Null);
        first.get_or_insert(task["choices"].clone());
    }
    let choices = first.unwrap();
    let (a, b) = (
        choices[0]["index"].as_u64().unwrap() as usize,
        choices[1]["index"].as_u64().unwrap() as usize,
    );
    for (team, choice) in [(0, a), (1, b)] {
        send(&mut devices[team], json!({"t": "vote", "choice": choice}));
        class.serve_one();
        assert_eq!(next(&mut devices[team], "said")["text"], "투표했어요");
        // A team sees its own vote, and no other team's.
        assert_eq!(next_task(&mut devices[team], "vote")["voted"], choice);
    }
    assert_eq!(
        class.live.journal().len(),
        0,
        "nothing counted before every team voted"
    );
    assert_eq!(class.referee.votes_in(&class.live), 2);
    send(&mut devices[2], json!({"t": "vote", "choice": a}));
    class.serve_one();
    assert_eq!(next(&mut devices[2], "said")["ok"], true);

    let mut keyboard = live("village-cafe.ron", Mode::ClassVote, 3);
    let kkumgil::scenario::Game::RolePlay(game) = &keyboard.scenario().game else {
        panic!()
    };
    let mut counts = vec![0; game.scenes[game.start].choices.len()];
    counts[a] += 2;
    counts[b] += 1;
    let vote = keyboard.role_play(role_play::Command::Vote(counts));
    apply(&mut keyboard, vote);
    assert_eq!(commands(&class.live), commands(&keyboard));
    assert_eq!(class.live.progress(), keyboard.progress());
}

#[test]
fn team_turns_go_to_the_team_whose_turn_it_is() {
    let mut class = Class::new(live("school-coop.ron", Mode::TeamTurns, 2));
    let addr = class.server.addr();
    let mut first = device(addr, 0);
    let mut second = device(addr, 1);
    next_task(&mut first, "choose");
    let waiting = next_task(&mut second, "wait");
    assert!(
        waiting["text"].as_str().unwrap().contains("차례"),
        "{waiting}"
    );
    // Out of turn: refused, nothing journaled.
    send(&mut second, json!({"t": "choose", "choice": 0}));
    class.serve_one();
    let said = next(&mut second, "said");
    assert_eq!(said["ok"], false, "{said}");
    assert!(class.live.journal().is_empty());
    send(&mut first, json!({"t": "choose", "choice": 0}));
    class.serve_one();
    assert_eq!(next(&mut first, "said")["ok"], true);
    assert_eq!(
        commands(&class.live),
        vec![Cmd::RolePlay {
            team: Some(0),
            command: role_play::Command::Choose(0)
        }]
    );
    // Now the second team's move.
    next_task(&mut second, "choose");
}

#[test]
fn hostile_devices_are_refused_and_the_session_is_unharmed() {
    let mut class = Class::tuned(live("community-fund.ron", Mode::Rounds, 3), |c| {
        c.request_timeout = Duration::from_millis(500);
    });
    let addr = class.server.addr();

    // A wrong join code: the WebSocket is refused before it opens.
    match connect(addr, "000000") {
        Err(tungstenite::Error::Http(response)) => assert_eq!(response.status(), 403),
        other => panic!("a wrong code was let in: {:?}", other.map(|_| ())),
    }

    let mut honest = device(addr, 0);
    let mut rogue = device(addr, 1);
    class.key(Cmd::TeamGame(Tg::BeginRound));

    // Another team's id: a device acts only for the team it holds, whatever it claims.
    send(
        &mut rogue,
        json!({"t": "decide", "team": 0, "values": [{"Number": 1}]}),
    );
    assert_eq!(class.serve_one().team, 1);
    // Out of bounds: refused with the rule's words, nothing journaled.
    let before = class.live.journal().len();
    send(
        &mut honest,
        json!({"t": "decide", "values": [{"Number": 999}]}),
    );
    class.serve_one();
    let said = next(&mut honest, "said");
    assert_eq!(said["ok"], false);
    assert!(said["text"].as_str().unwrap().contains("범위"), "{said}");
    assert_eq!(class.live.journal().len(), before);
    // Not JSON, an unknown message, acting before joining: refused, the connection stays.
    send(&mut honest, json!({"t": "launch", "missiles": true}));
    assert_eq!(next(&mut honest, "refused")["t"], "refused");
    honest.send(Message::text("{{{{")).unwrap();
    assert_eq!(next(&mut honest, "refused")["t"], "refused");
    let mut stranger = connect(addr, CODE).unwrap();
    send(
        &mut stranger,
        json!({"t": "answer", "quiz": 0, "option": 0}),
    );
    assert!(
        next(&mut stranger, "refused")["text"]
            .as_str()
            .unwrap()
            .contains("모둠")
    );

    // A flood: the server closes that connection; at most a burst got through.
    let mut flood = device(addr, 2);
    for _ in 0..200 {
        if flood
            .send(Message::text(r#"{"t":"decide","values":[{"Number":2}]}"#))
            .is_err()
        {
            break;
        }
    }
    let closed = next(&mut flood, "closed");
    assert!(closed["text"].as_str().unwrap().contains("너무 많아요"));
    let mut passed = 0;
    while let Some(received) = class.server.recv_timeout(Duration::from_millis(300)) {
        assert_eq!(received.team, 2);
        class.serve(&received);
        passed += 1;
    }
    assert!(
        passed <= kkumgil::devices::server::BURST as usize,
        "{passed} got through"
    );

    // A 10 MB message: the connection is dropped, nothing reaches the session.
    let mut big = device(addr, 2);
    let huge = format!(
        r#"{{"t":"decide","values":[{{"Number":1}}],"pad":"{}"}}"#,
        "x".repeat(10 << 20)
    );
    let _ = big.send(Message::text(huge));
    let dropped = (0..50).any(|_| matches!(big.read(), Err(_) | Ok(Message::Close(_))));
    assert!(dropped, "a 10 MB message was taken");
    assert!(
        class
            .server
            .recv_timeout(Duration::from_millis(300))
            .is_none()
    );

    // A half-open socket that never sends its request is closed after the deadline.
    let mut silent = TcpStream::connect(addr).unwrap();
    silent
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let started = Instant::now();
    let mut buf = [0u8; 64];
    let read = std::io::Read::read(&mut silent, &mut buf);
    assert!(
        matches!(read, Ok(0)) && started.elapsed() < Duration::from_secs(4),
        "{read:?} after {:?}",
        started.elapsed()
    );
    // Two devices for one team: the last one wins and the other is told.
    let mut second = connect(addr, CODE).unwrap();
    send(&mut second, json!({"t": "join", "team": 0}));
    next(&mut second, "joined");
    next(&mut honest, "replaced");

    // After all of it, the round goes on: the honest team decides.
    send(
        &mut second,
        json!({"t": "decide", "values": [{"Number": 4}]}),
    );
    let received = class.serve_one();
    assert_eq!(received.team, 0);
    assert_eq!(next(&mut second, "said")["ok"], true);
    assert!(class.live.progress().applied.len() >= 3);
}

/// Splits and allocations from devices: the task gives the tokens, the categories or the
/// other teams and the criteria; the device's amounts are journaled as the keyboard's.
#[test]
fn devices_split_and_allocate_tokens() {
    // 우리 동네 살리기: helper tokens split over three fields, and a pick.
    let mut class = Class::new(live("revive-our-town.ron", Mode::Rounds, 4));
    let mut socket = device(class.server.addr(), 2);
    class.past_steps();
    class.key(Cmd::TeamGame(Tg::BeginRound));
    let task = next_task(&mut socket, "decide");
    let split = &task["decisions"][0];
    assert_eq!(split["kind"], "split", "{task}");
    assert_eq!(split["categories"].as_array().unwrap().len(), 3);
    let tokens = split["tokens"].as_u64().unwrap() as u32;
    assert!(tokens > 0);
    // Not all the tokens: refused with the rule's words.
    send(
        &mut socket,
        json!({"t": "decide", "values": [{"Split": [tokens - 1, 0, 0]}, {"Pick": 1}]}),
    );
    class.serve_one();
    assert_eq!(next(&mut socket, "said")["ok"], false);
    let values = vec![Decided::Split(vec![1, tokens - 1, 0]), Decided::Pick(1)];
    send(&mut socket, json!({"t": "decide", "values": values}));
    class.serve_one();
    assert_eq!(next(&mut socket, "said")["ok"], true);
    assert_eq!(
        commands(&class.live).last(),
        Some(&Cmd::TeamGame(Tg::Decide { team: 2, values }))
    );

    // 소셜벤처 피치: investment tokens to the other teams, each for a criterion.
    let mut class = Class::new(live("pitch-invest.ron", Mode::Rounds, 4));
    let mut socket = device(class.server.addr(), 1);
    class.past_steps();
    class.key(Cmd::TeamGame(Tg::BeginRound));
    let task = next_task(&mut socket, "decide");
    let allocate = &task["decisions"][0];
    assert_eq!(allocate["kind"], "allocate", "{task}");
    let others: Vec<u64> = allocate["teams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["index"].as_u64().unwrap())
        .collect();
    assert_eq!(others, vec![0, 2, 3], "a team is never offered itself");
    let (tokens, criteria) = (
        allocate["tokens"].as_u64().unwrap() as u32,
        allocate["criteria"].as_array().unwrap().len(),
    );
    let mut given = vec![0; 4 * criteria];
    given[0] = tokens - 2; // team 0, first criterion
    given[3 * criteria + 1] = 2; // team 3, second criterion
    let values = vec![Decided::Allocate(given)];
    send(&mut socket, json!({"t": "decide", "values": values}));
    class.serve_one();
    assert_eq!(next(&mut socket, "said")["ok"], true);
    assert_eq!(
        commands(&class.live).last(),
        Some(&Cmd::TeamGame(Tg::Decide { team: 1, values }))
    );
}

/// A device that stops answering (a phone asleep) is dropped after the idle time, and its
/// team stays its own to rejoin: not offered to others, taken back with the same code.
#[test]
fn a_sleeping_device_is_dropped_and_rejoins_its_team() {
    let class = Class::tuned(live("community-fund.ron", Mode::Rounds, 2), |c| {
        c.idle_timeout = Duration::from_secs(1);
    });
    let addr = class.server.addr();
    let asleep = device(addr, 1);
    assert!(class.server.held()[1]);
    std::thread::sleep(Duration::from_secs(2));
    assert!(
        !class.server.held()[1],
        "the sleeping device still holds its team"
    );
    drop(asleep);
    let mut awake = connect(addr, CODE).unwrap();
    let teams = next(&mut awake, "teams");
    assert_eq!(teams["teams"][1]["free"], false, "{teams}");
    assert_eq!(teams["teams"][0]["free"], true, "{teams}");
    send(&mut awake, json!({"t": "join", "team": 1}));
    assert_eq!(next(&mut awake, "joined")["team"], 1);
    assert!(class.server.held()[1]);
}

#[test]
fn the_server_stops_with_the_session_and_tells_every_device() {
    let class = Class::new(live("community-fund.ron", Mode::Rounds, 2));
    let addr = class.server.addr();
    let mut socket = device(addr, 0);
    class.server.stop();
    let closed = next(&mut socket, "closed");
    assert!(closed["text"].as_str().unwrap().contains("끝났어요"));
    assert!(TcpStream::connect(addr).is_err(), "still listening");
}

/// 8 teams with 4 devices each (the last to join holds the team; the others were told and
/// act for nobody), all sending their decision at once, for 100 rounds: every round has
/// exactly one decision per team in the journal, none lost, none doubled. (100 rounds in a
/// few seconds is far over a device's message rate, which is lifted here.)
#[test]
fn thirty_two_devices_at_once_lose_and_double_nothing() {
    let mut class = Class::tuned(live("community-fund.ron", Mode::Rounds, 8), |c| {
        c.rate = (1000.0, 1000.0);
    });
    let addr = class.server.addr();
    let mut devices = Vec::new();
    for team in 0..8 {
        for copy in 0..4 {
            let mut socket = connect(addr, CODE).unwrap();
            next(&mut socket, "teams");
            send(&mut socket, json!({"t": "join", "team": team}));
            next(&mut socket, "joined");
            devices.push((team, copy, socket));
        }
    }
    let (mut decided, mut journaled) = (0, 0);
    let count = |live: &Live| {
        live.journal()
            .iter()
            .filter(|e| matches!(e.command, Cmd::TeamGame(Tg::Decide { .. })))
            .count()
    };
    for round in 0..100usize {
        if class.live.is_over() {
            // The game has fewer rounds: the class plays it again, on the same server.
            journaled += count(&class.live);
            class.live = live("community-fund.ron", Mode::Rounds, 8);
        }
        class.key(Cmd::TeamGame(Tg::BeginRound));
        std::thread::scope(|scope| {
            for (team, _, socket) in devices.iter_mut() {
                let team = *team;
                scope.spawn(move || {
                    send(
                        socket,
                        json!({"t": "decide", "values": [{"Number": (team + round) % 3}]}),
                    );
                });
            }
        });
        // Every message of the round: eight decisions, from the eight holders.
        let mut teams = Vec::new();
        while teams.len() < 8 {
            let received = class
                .server
                .recv_timeout(Duration::from_secs(5))
                .unwrap_or_else(|| panic!("round {round}: only {teams:?} arrived"));
            class.serve(&received);
            teams.push(received.team);
        }
        teams.sort_unstable();
        assert_eq!(teams, (0..8).collect::<Vec<_>>(), "round {round}");
        class.key(Cmd::TeamGame(Tg::Resolve));
        decided += 8;
        class.past_steps();
        // Drain the replies so no socket's buffer fills.
        for (_, _, socket) in devices.iter_mut() {
            if let MaybeTlsStream::Plain(s) = socket.get_ref() {
                s.set_nonblocking(true).unwrap();
            }
            while socket.read().is_ok() {}
            if let MaybeTlsStream::Plain(s) = socket.get_ref() {
                s.set_nonblocking(false).unwrap();
            }
        }
    }
    assert!(class.server.try_recv().is_none(), "a doubled command");
    journaled += count(&class.live);
    assert_eq!(journaled, decided);
    assert_eq!(decided, 8 * 100);
}

/// The device page as a phone shows it (headless Chromium, 412×915): the team picker, and the
/// team's decision with its bounds, in the font the page carries. Saved in test-artifacts/.
#[test]
fn the_device_page_draws_on_a_phone() {
    let Some(chromium) = browser::chromium() else {
        return;
    };
    let mut fund = Class::new(live("community-fund.ron", Mode::Rounds, 3));
    fund.key(Cmd::TeamGame(Tg::BeginRound));
    let mut town = Class::new(live("revive-our-town.ron", Mode::Rounds, 4));
    town.past_steps();
    town.key(Cmd::TeamGame(Tg::BeginRound));
    let artifacts = Path::new(ROOT).join("test-artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    for (shot, addr, query) in [
        (
            "device-teams.png",
            fund.server.addr(),
            format!("?code={CODE}"),
        ),
        (
            "device-decide.png",
            fund.server.addr(),
            format!("?code={CODE}&team=0"),
        ),
        (
            "device-split.png",
            town.server.addr(),
            format!("?code={CODE}&team=1"),
        ),
    ] {
        let path = artifacts.join(shot);
        // Headless Chromium takes its picture at a moment of its own soon after the page has
        // loaded, which can fall between the page's first messages (about one time in four
        // here): a few tries.
        let mut light = 0;
        for _ in 0..8 {
            let _ = std::fs::remove_file(&path);
            let profile = tempfile::tempdir().unwrap();
            let out = std::process::Command::new(chromium)
                .args([
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--hide-scrollbars",
                    "--window-size=412,915",
                ])
                .arg("--virtual-time-budget=5000")
                .arg(format!("--user-data-dir={}", profile.path().display()))
                .arg(format!("--screenshot={}", path.display()))
                .arg(format!("http://{addr}/{query}"))
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            // Light text and buttons drawn on the page's dark ground.
            light = browser::count_pixels(&path, |p| p[0] > 200 && p[1] > 200 && p[2] > 190);
            if light > 5_000 {
                break;
            }
        }
        assert!(light > 5_000, "{shot}: {light} light pixels");
    }
}
