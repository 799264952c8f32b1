//! The session in the app: screens turn input into `ClassInput` messages; this module turns
//! them into session commands, writes each to the journal on a worker thread (so a commit
//! never costs a frame), and applies it to the state only once it is on disk.

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, Sender, channel};

use bevy::prelude::*;

use crate::engine::role_play;
use crate::engine::team_game::{self, Decided};
use crate::scenario::Scenario;
use crate::session::store::{Store, StoreError};
use crate::session::{self, Command, Entry, Pinned, Setup, State};

/// What the instructor or the class did, from any screen or from tests.
#[derive(Message, Debug, Clone)]
pub enum ClassInput {
    /// Start a new session on a scenario (pinned from its file, or from its text).
    Start {
        pinned: Box<Pinned>,
        setup: Box<Setup>,
    },
    /// Open an unfinished session from the database.
    OpenSession {
        id: i64,
    },
    Choose(usize),
    Vote(Vec<u32>),
    BeginRound,
    Decide {
        team: usize,
        values: Vec<Decided>,
    },
    Answer {
        team: usize,
        quiz: usize,
        option: usize,
    },
    Resolve,
    Award {
        team: usize,
        points: f64,
        reason: String,
    },
    /// Undo the last command still in effect.
    UndoLast,
    Pause,
    Resume,
    AddTime {
        team: Option<usize>,
        seconds: u32,
    },
    End,
    /// Move on when the class is stuck: a role-play scene is left to chance (a tie among the
    /// available choices, broken by the seed); a team-game round is revealed with the
    /// smallest allowed decision for every team that has not decided.
    Skip,
    /// Let the session go (back to the library).
    Close,
}

/// The session being played.
pub struct Active {
    pub id: i64,
    /// The scenario text this session plays (pinned when it started).
    pub source: String,
    pub setup: Setup,
    pub scenario: Scenario,
    pub journal: Vec<Entry>,
    pub state: State,
    /// For team turns: whose turn it is.
    pub turn: usize,
    /// What the last choice or round did, for the reveal.
    pub last: Option<Command>,
}

/// The classroom: the active session, if any, and messages for the instructor.
#[derive(Resource, Default)]
pub struct Classroom {
    pub active: Option<Active>,
    /// Commands sent to the journal, not yet acknowledged.
    pub pending: usize,
    /// The last problem, shown until the next action.
    pub notice: Option<String>,
    /// Unfinished sessions, for the library's "resume" list.
    pub resumable: Vec<crate::session::store::Summary>,
}

// Sent once per command over a channel; a Create is rare, so its size costs nothing.
#[allow(clippy::large_enum_variant)]
enum Request {
    Create {
        pinned: Pinned,
        setup: Setup,
        scenario_id: String,
        title: String,
    },
    Open {
        id: i64,
    },
    Append {
        id: i64,
        command: Command,
    },
    Release {
        id: i64,
    },
    List,
}

#[allow(clippy::large_enum_variant)]
enum Reply {
    Created(Result<i64, StoreError>, Pinned, Setup),
    Opened(Result<(crate::session::store::Record, Vec<Entry>), StoreError>),
    Appended(Result<Entry, StoreError>),
    Listed(Result<Vec<crate::session::store::Summary>, StoreError>),
}

/// The journal's thread: it owns the database, so the render loop never waits on a disk.
#[derive(Resource)]
pub struct Journal {
    to: Sender<Request>,
    from: Mutex<Receiver<Reply>>,
}

impl Journal {
    /// Starts the worker on `data_dir`; if the database cannot be opened, every request is
    /// answered with that error (the app still runs, and says why sessions cannot be saved).
    pub fn start(data_dir: Option<PathBuf>) -> Journal {
        let (to, requests) = channel::<Request>();
        let (replies, from) = channel::<Reply>();
        std::thread::Builder::new()
            .name("kkumgil-journal".into())
            .spawn(move || {
                let mut store = match data_dir {
                    Some(dir) => Store::open(&dir),
                    None => Err(StoreError::Open {
                        path: PathBuf::new(),
                        message: "no data folder".into(),
                    }),
                };
                let failed = |e: &StoreError| StoreError::Sqlite(e.to_string());
                for request in requests {
                    let reply = match (&mut store, request) {
                        (
                            Ok(s),
                            Request::Create {
                                pinned,
                                setup,
                                scenario_id,
                                title,
                            },
                        ) => {
                            let id = s.create(&setup, &pinned, &scenario_id, &title);
                            Reply::Created(id, pinned, setup)
                        }
                        (Err(e), Request::Create { pinned, setup, .. }) => {
                            Reply::Created(Err(failed(e)), pinned, setup)
                        }
                        (Ok(s), Request::Open { id }) => Reply::Opened(
                            s.claim(id, true)
                                .and_then(|()| Ok((s.record(id)?, s.journal(id)?))),
                        ),
                        (Err(e), Request::Open { .. }) => Reply::Opened(Err(failed(e))),
                        (Ok(s), Request::Append { id, command }) => {
                            Reply::Appended(s.append(id, &command))
                        }
                        (Err(e), Request::Append { .. }) => Reply::Appended(Err(failed(e))),
                        (Ok(s), Request::Release { id }) => {
                            let _ = s.release(id);
                            continue;
                        }
                        (Err(_), Request::Release { .. }) => continue,
                        (Ok(s), Request::List) => Reply::Listed(s.list()),
                        (Err(e), Request::List) => Reply::Listed(Err(failed(e))),
                    };
                    if replies.send(reply).is_err() {
                        break;
                    }
                }
            })
            .expect("start the journal thread");
        Journal {
            to,
            from: Mutex::new(from),
        }
    }

    fn send(&self, request: Request) -> bool {
        self.to.send(request).is_ok()
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Classroom>()
        .add_message::<ClassInput>()
        .add_systems(Startup, list_sessions)
        .add_systems(Update, (send_input, receive_replies).chain());
}

fn list_sessions(journal: Option<Res<Journal>>) {
    if let Some(j) = journal {
        j.send(Request::List);
    }
}

/// Refreshes the library's list of unfinished sessions.
pub fn refresh_sessions(journal: &Journal) {
    journal.send(Request::List);
}

/// Turns input into journal requests. A command is checked against the state first, so the
/// journal never holds one the rules refuse.
fn send_input(
    mut inputs: MessageReader<ClassInput>,
    mut room: ResMut<Classroom>,
    journal: Option<Res<Journal>>,
) {
    let Some(journal) = journal else {
        for _ in inputs.read() {
            room.notice = Some("세션을 저장할 곳이 없어요 (데이터 폴더를 열 수 없어요)".into());
        }
        return;
    };
    for input in inputs.read() {
        room.notice = None;
        match input {
            ClassInput::Start { pinned, setup } => match pinned.load() {
                Ok(s) => {
                    if let Err(e) = State::new(&s, setup) {
                        room.notice = Some(e.to_string());
                        continue;
                    }
                    journal.send(Request::Create {
                        pinned: (**pinned).clone(),
                        setup: (**setup).clone(),
                        scenario_id: s.id.clone(),
                        title: s.title.ko.clone(),
                    });
                    room.pending += 1;
                }
                Err(e) => room.notice = Some(e.to_string()),
            },
            ClassInput::OpenSession { id } => {
                journal.send(Request::Open { id: *id });
                room.pending += 1;
            }
            ClassInput::Close => {
                if let Some(active) = room.active.take() {
                    journal.send(Request::Release { id: active.id });
                    journal.send(Request::List);
                }
            }
            ClassInput::Skip => {
                let Some(active) = room.active.as_ref() else {
                    continue;
                };
                match skip_commands(active) {
                    Ok(commands) => {
                        let id = active.id;
                        for command in commands {
                            journal.send(Request::Append { id, command });
                            room.pending += 1;
                        }
                    }
                    Err(e) => room.notice = Some(e),
                }
            }
            other => {
                let Some(active) = room.active.as_ref() else {
                    continue;
                };
                let command = match to_command(active, other) {
                    Ok(c) => c,
                    Err(e) => {
                        room.notice = Some(e);
                        continue;
                    }
                };
                journal.send(Request::Append {
                    id: active.id,
                    command,
                });
                room.pending += 1;
            }
        }
    }
}

/// A session command for an input, checked against the current state.
fn to_command(active: &Active, input: &ClassInput) -> Result<Command, String> {
    let team_turn = (active.setup.mode == session::Mode::TeamTurns).then_some(active.turn);
    let command = match input {
        ClassInput::Choose(c) => Command::RolePlay {
            team: team_turn,
            command: role_play::Command::Choose(*c),
        },
        ClassInput::Vote(v) => Command::RolePlay {
            team: team_turn,
            command: role_play::Command::Vote(v.clone()),
        },
        ClassInput::BeginRound => Command::TeamGame(team_game::Command::BeginRound),
        ClassInput::Decide { team, values } => Command::TeamGame(team_game::Command::Decide {
            team: *team,
            values: values.clone(),
        }),
        ClassInput::Answer { team, quiz, option } => {
            Command::TeamGame(team_game::Command::Answer {
                team: *team,
                quiz: *quiz,
                option: *option,
            })
        }
        ClassInput::Resolve => Command::TeamGame(team_game::Command::Resolve),
        ClassInput::Award {
            team,
            points,
            reason,
        } => Command::Award {
            team: *team,
            points: *points,
            reason: reason.clone(),
        },
        ClassInput::UndoLast => {
            let last = active.state.applied.last().ok_or("되돌릴 것이 없어요")?;
            return Ok(Command::Undo { seq: *last });
        }
        ClassInput::Pause => Command::Pause,
        ClassInput::Resume => Command::Resume,
        ClassInput::AddTime { team, seconds } => Command::AddTime {
            team: *team,
            seconds: *seconds,
        },
        ClassInput::End => Command::End,
        ClassInput::Start { .. }
        | ClassInput::OpenSession { .. }
        | ClassInput::Close
        | ClassInput::Skip => {
            return Err("not a game command".into());
        }
    };
    let mut trial = active.state.clone();
    trial
        .apply(&active.scenario, &active.setup, &command)
        .map_err(|e| e.to_string())?;
    Ok(command)
}

/// The commands a skip stands for, each checked in turn against the state the ones before
/// it leave.
fn skip_commands(active: &Active) -> Result<Vec<Command>, String> {
    use crate::scenario::{DecisionKind, Game};
    let mut trial = active.state.clone();
    let mut commands = Vec::new();
    match (&active.state.play, &active.scenario.game) {
        (session::Play::RolePlay { runs }, Game::RolePlay(rp)) => {
            let r = if active.setup.mode == session::Mode::TeamTurns {
                active.turn
            } else {
                0
            };
            let run = runs.get(r).ok_or("no story to skip")?;
            let role_play::Position::Scene(scene) = run.position else {
                return Err("이야기가 이미 끝났어요".into());
            };
            let rules = role_play::Rules::new(rp);
            let available = run.available(&rules);
            let votes = (0..rp.scenes[scene].choices.len())
                .map(|c| u32::from(available.contains(&c)))
                .collect();
            let team = (active.setup.mode == session::Mode::TeamTurns).then_some(r);
            commands.push(Command::RolePlay {
                team,
                command: role_play::Command::Vote(votes),
            });
        }
        (session::Play::TeamGame(game), Game::TeamGame(tg)) => {
            if game.phase != team_game::Phase::Deciding {
                return Err("건너뛸 라운드가 없어요: 먼저 라운드를 시작하세요".into());
            }
            let rules = team_game::Rules::new(tg);
            for team in (0..active.setup.teams.len()).filter(|&t| game.decisions[t].is_none()) {
                let mut values = Vec::new();
                for (d, decision) in tg.decisions.iter().enumerate() {
                    let (low, _) = game.bounds(&rules, team, d).map_err(|e| e.to_string())?;
                    values.push(match &decision.kind {
                        DecisionKind::Pick(_) => Decided::Pick(0),
                        DecisionKind::Number { .. } => Decided::Number(low),
                        DecisionKind::Split { categories, .. } => {
                            let mut v = vec![0; categories.len()];
                            v[0] = low.max(0) as u32;
                            Decided::Split(v)
                        }
                    });
                }
                commands.push(Command::TeamGame(team_game::Command::Decide {
                    team,
                    values,
                }));
            }
            commands.push(Command::TeamGame(team_game::Command::Resolve));
        }
        _ => return Err("nothing to skip".into()),
    }
    for c in &commands {
        trial
            .apply(&active.scenario, &active.setup, c)
            .map_err(|e| e.to_string())?;
    }
    Ok(commands)
}

/// Applies what the journal acknowledged.
fn receive_replies(mut room: ResMut<Classroom>, journal: Option<Res<Journal>>) {
    let Some(journal) = journal else { return };
    let Ok(from) = journal.from.lock() else {
        return;
    };
    while let Ok(reply) = from.try_recv() {
        match reply {
            Reply::Created(result, pinned, setup) => {
                room.pending = room.pending.saturating_sub(1);
                match result
                    .map_err(|e| e.to_string())
                    .and_then(|id| open(id, &pinned, setup, Vec::new()))
                {
                    Ok(active) => room.active = Some(active),
                    Err(e) => room.notice = Some(e),
                }
            }
            Reply::Opened(result) => {
                room.pending = room.pending.saturating_sub(1);
                match result
                    .map_err(|e| e.to_string())
                    .and_then(|(record, journal)| {
                        open(record.id, &record.pinned, record.setup, journal)
                    }) {
                    Ok(active) => room.active = Some(active),
                    Err(e) => room.notice = Some(e),
                }
            }
            Reply::Appended(result) => {
                room.pending = room.pending.saturating_sub(1);
                match result {
                    Ok(entry) => {
                        if let Some(active) = room.active.as_mut() {
                            active.journal.push(entry.clone());
                            let advanced = active.state.advance(
                                &active.scenario,
                                &active.setup,
                                &active.journal,
                            );
                            match advanced {
                                Ok(()) => {
                                    active.last = Some(entry.command.clone());
                                    active.turn = next_turn(active, &entry.command);
                                }
                                Err(e) => room.notice = Some(e.to_string()),
                            }
                        }
                    }
                    Err(e) => room.notice = Some(format!("저장하지 못했어요: {e}")),
                }
            }
            Reply::Listed(result) => match result {
                Ok(list) => {
                    room.resumable = list.into_iter().filter(|s| s.status == "active").collect()
                }
                Err(e) => room.notice = Some(e.to_string()),
            },
        }
    }
}

fn open(id: i64, pinned: &Pinned, setup: Setup, journal: Vec<Entry>) -> Result<Active, String> {
    let scenario = pinned.load().map_err(|e| e.to_string())?;
    let state = State::replay(&scenario, &setup, &journal).map_err(|e| e.to_string())?;
    let mut active = Active {
        id,
        source: pinned.source.clone(),
        setup,
        scenario,
        journal,
        state,
        turn: 0,
        last: None,
    };
    active.turn = active
        .journal
        .iter()
        .filter(|e| matches!(e.command, Command::RolePlay { .. }))
        .count()
        % active.setup.teams.len().max(1);
    Ok(active)
}

/// Team turns: after a team's choice, the next team whose story has not ended.
fn next_turn(active: &Active, command: &Command) -> usize {
    let teams = active.setup.teams.len().max(1);
    if !matches!(command, Command::RolePlay { .. }) || active.setup.mode != session::Mode::TeamTurns
    {
        return active.turn;
    }
    let session::Play::RolePlay { runs } = &active.state.play else {
        return active.turn;
    };
    (1..=teams)
        .map(|k| (active.turn + k) % teams)
        .find(|&t| runs.get(t).is_some_and(|r| r.ended().is_none()))
        .unwrap_or(active.turn)
}
