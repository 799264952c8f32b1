//! The session in the app: screens turn input into `ClassInput` messages; this module hands
//! them to the live session (`session::Live`, the one path every front end takes), writes
//! each command to the journal on a worker thread (so a commit never costs a frame), and
//! lets `Live` apply it only once it is on disk.

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};

use bevy::prelude::*;

use crate::session::store::{LEASE, Record, Status, Store, StoreError, Summary};
use crate::session::{Command, Entry, Live, Pinned, Progress, Setup};

/// What the instructor or the class did, from any screen or from tests. Everything that is a
/// move in the game is a session `Command`, checked and journaled by `session::Live`; the
/// other inputs are what only the app has: sessions to start, open and close, and the
/// instructor's shortcuts that `Live` turns into commands.
#[derive(Message, Debug, Clone)]
pub enum ClassInput {
    /// Start a new session on a scenario (pinned from its file, or from its text).
    Start {
        pinned: Box<Pinned>,
        setup: Box<Setup>,
    },
    /// Open an unfinished session from the database. A session another Kkumgil holds is
    /// opened only with `take_over` (the instructor confirmed that window is gone).
    Open { id: i64, take_over: bool },
    /// A move in the game, or the instructor's award, pause, time or end.
    Command(Command),
    /// Undo the last command still in effect.
    UndoLast,
    /// Move on when the class is stuck (see `Live::skip`).
    Skip,
    /// Let the session go (back to the library).
    Close,
}

impl From<Command> for ClassInput {
    fn from(command: Command) -> ClassInput {
        ClassInput::Command(command)
    }
}

/// The session being played: its id in the database and the live session.
pub struct Active {
    pub id: i64,
    /// The scenario text this session plays (pinned when it started), to notice edits.
    pub source: String,
    pub live: Live,
}

impl std::ops::Deref for Active {
    type Target = Live;

    fn deref(&self) -> &Live {
        &self.live
    }
}

/// The classroom: the active session, if any, and messages for the instructor.
#[derive(Resource, Default)]
pub struct Classroom {
    pub active: Option<Active>,
    /// Sessions being created or opened, not yet answered.
    pub pending: usize,
    /// The last problem, shown until the next action.
    pub notice: Option<String>,
    /// Unfinished sessions, for the library's "resume" list.
    pub resumable: Vec<Summary>,
    /// A session another Kkumgil holds, which the instructor may take over.
    pub held_elsewhere: Option<i64>,
    /// The list of unfinished sessions has come from the journal at least once.
    pub listed: bool,
}

impl Classroom {
    /// Commands or sessions on their way to the journal.
    pub fn saving(&self) -> bool {
        self.pending > 0 || self.active.as_ref().is_some_and(|a| a.pending() > 0)
    }
}

#[expect(
    clippy::large_enum_variant,
    reason = "sent once per command over a channel; a Create is rare, so its size costs nothing"
)]
enum Request {
    Create {
        pinned: Pinned,
        setup: Setup,
        scenario_id: String,
        title: String,
    },
    Open {
        id: i64,
        take_over: bool,
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

enum Reply {
    Created(Result<i64, StoreError>, Pinned, Setup),
    Opened(i64, Result<(Record, Vec<Entry>), StoreError>),
    Appended(Result<Entry, StoreError>),
    Listed(Result<Vec<Summary>, StoreError>),
}

/// Wakes the app's event loop from the journal thread.
pub type Waker = Box<dyn Fn() + Send>;

/// The thread that writes the journal: it owns the database, so the render loop never waits
/// on a disk, and it renews the lease on the open session while the class is quiet.
#[derive(Resource)]
pub struct JournalWriter {
    to: Sender<Request>,
    from: Mutex<Receiver<Reply>>,
}

impl JournalWriter {
    /// Starts the worker on `data_dir`; if the database cannot be opened, every request is
    /// answered with that error (the app still runs, and says why sessions cannot be saved).
    /// `wake` is called after each reply, so an app that sleeps while nothing moves draws
    /// the acknowledged command at once.
    pub fn start(data_dir: Option<PathBuf>, wake: Option<Waker>) -> JournalWriter {
        let (to, requests) = channel::<Request>();
        let (replies, from) = channel::<Reply>();
        std::thread::Builder::new()
            .name("kkumgil-journal".into())
            .spawn(move || {
                let mut store = match &data_dir {
                    Some(dir) => Store::open(dir),
                    None => Err(StoreError::Open {
                        path: PathBuf::new(),
                        message: "no data folder".into(),
                    }),
                };
                // A folder that cannot be written (full, read-only) can still be read: the
                // list of past sessions stays on screen, and the error says why none starts.
                let reader = match (&store, &data_dir) {
                    (Err(_), Some(dir)) => Store::open_read(dir).ok(),
                    _ => None,
                };
                let failed = |e: &StoreError| e.clone();
                // The session this program holds, renewed while no command comes.
                let mut held: Option<i64> = None;
                loop {
                    let request = match requests.recv_timeout(LEASE / 3) {
                        Ok(r) => r,
                        Err(RecvTimeoutError::Timeout) => {
                            if let (Ok(s), Some(id)) = (&mut store, held) {
                                let _ = s.renew(id);
                            }
                            continue;
                        }
                        Err(RecvTimeoutError::Disconnected) => break,
                    };
                    match &request {
                        Request::Open { id, .. } | Request::Append { id, .. } => held = Some(*id),
                        Request::Release { .. } => held = None,
                        _ => {}
                    }
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
                            held = id.as_ref().ok().copied();
                            Reply::Created(id, pinned, setup)
                        }
                        (Err(e), Request::Create { pinned, setup, .. }) => {
                            Reply::Created(Err(failed(e)), pinned, setup)
                        }
                        (Ok(s), Request::Open { id, take_over }) => Reply::Opened(
                            id,
                            s.claim(id, take_over)
                                .and_then(|()| Ok((s.record(id)?, s.journal(id)?))),
                        ),
                        (Err(e), Request::Open { id, .. }) => Reply::Opened(id, Err(failed(e))),
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
                        (Err(e), Request::List) => Reply::Listed(match &reader {
                            Some(r) => r.list(),
                            None => Err(failed(e)),
                        }),
                    };
                    if replies.send(reply).is_err() {
                        break;
                    }
                    if let Some(wake) = &wake {
                        wake();
                    }
                }
            })
            .expect("start the journal thread");
        JournalWriter {
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
        .add_systems(
            Update,
            (send_input, receive_replies).chain().in_set(Replies),
        );
}

/// Where input becomes journal requests and the journal's answers come back: systems that
/// send `ClassInput` run before it, systems that show the session's new state after it.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct Replies;

fn list_sessions(journal: Option<Res<JournalWriter>>) {
    if let Some(j) = journal {
        j.send(Request::List);
    }
}

/// Refreshes the library's list of unfinished sessions.
pub fn refresh_sessions(journal: &JournalWriter) {
    journal.send(Request::List);
}

/// Turns input into journal requests. Every command goes through `Live::stage` first, so the
/// journal never holds one the rules refuse.
fn send_input(
    mut inputs: MessageReader<ClassInput>,
    mut room: ResMut<Classroom>,
    journal: Option<Res<JournalWriter>>,
    language: Res<crate::app::Language>,
) {
    let lang = language.0;
    let Some(journal) = journal else {
        for _ in inputs.read() {
            room.notice = Some(
                crate::tr!(
                    "세션을 저장할 곳이 없어요 (데이터 폴더를 열 수 없어요)",
                    "sessions cannot be saved: the data folder cannot be opened"
                )
                .get(lang)
                .to_owned(),
            );
        }
        return;
    };
    for input in inputs.read() {
        room.notice = None;
        let commands = match input {
            ClassInput::Start { pinned, setup } => {
                match pinned.load().and_then(|s| {
                    Progress::new(&s, setup)?;
                    Ok(s)
                }) {
                    Ok(s) => {
                        journal.send(Request::Create {
                            pinned: (**pinned).clone(),
                            setup: (**setup).clone(),
                            scenario_id: s.id.clone(),
                            title: s.title.ko.clone(),
                        });
                        room.pending += 1;
                    }
                    Err(e) => room.notice = Some(e.msg().get(lang).to_owned()),
                }
                continue;
            }
            ClassInput::Open { id, take_over } => {
                room.held_elsewhere = None;
                journal.send(Request::Open {
                    id: *id,
                    take_over: *take_over,
                });
                room.pending += 1;
                continue;
            }
            ClassInput::Close => {
                if let Some(mut active) = room.active.take() {
                    // A game played to its end is finished in the database as it is closed.
                    if let Some(end) = active.live.closing_command()
                        && active.live.stage(&end).is_ok()
                    {
                        journal.send(Request::Append {
                            id: active.id,
                            command: end,
                        });
                    }
                    journal.send(Request::Release { id: active.id });
                    journal.send(Request::List);
                }
                continue;
            }
            ClassInput::Command(command) => Ok(vec![command.clone()]),
            ClassInput::UndoLast => room
                .active
                .as_ref()
                .map_or(Ok(Vec::new()), |a| a.undo_last().map(|c| vec![c])),
            ClassInput::Skip => room.active.as_ref().map_or(Ok(Vec::new()), |a| a.skip()),
        };
        let Some(active) = room.active.as_mut() else {
            continue;
        };
        let staged = commands.and_then(|commands| {
            for command in commands {
                active.live.stage(&command)?;
                journal.send(Request::Append {
                    id: active.id,
                    command,
                });
            }
            Ok(())
        });
        if let Err(e) = staged {
            room.notice = Some(e.msg().get(lang).to_owned());
        }
    }
}

/// Applies what the journal acknowledged.
fn receive_replies(
    mut room: ResMut<Classroom>,
    journal: Option<Res<JournalWriter>>,
    language: Res<crate::app::Language>,
) {
    let lang = language.0;
    let Some(journal) = journal else { return };
    let Ok(from) = journal.from.lock() else {
        return;
    };
    while let Ok(reply) = from.try_recv() {
        match reply {
            Reply::Created(result, pinned, setup) => {
                room.pending = room.pending.saturating_sub(1);
                match result
                    .map_err(|e| e.msg().get(lang).to_owned())
                    .and_then(|id| open(id, &pinned, setup, Vec::new(), lang))
                {
                    Ok(active) => room.active = Some(active),
                    Err(e) => room.notice = Some(e),
                }
            }
            Reply::Opened(id, result) => {
                room.pending = room.pending.saturating_sub(1);
                match result {
                    Ok((record, journal)) => {
                        match open(record.id, &record.pinned, record.setup, journal, lang) {
                            Ok(active) => room.active = Some(active),
                            Err(e) => room.notice = Some(e),
                        }
                    }
                    Err(e @ StoreError::InUse { .. }) => {
                        room.held_elsewhere = Some(id);
                        let why = e.msg();
                        let why = why.get(lang);
                        room.notice = Some(
                            crate::tr!(
                                "이 세션은 다른 꿈길 창에서 열려 있어요. 그 창을 닫았다면 '가져오기'를 누르세요. ({why})",
                                "This session is open in another Kkumgil window. If that window is closed, press 'Take over'. ({why})"
                            )
                            .get(lang)
                            .to_owned(),
                        );
                    }
                    Err(e) => room.notice = Some(e.msg().get(lang).to_owned()),
                }
            }
            Reply::Appended(result) => match (result, room.active.as_mut()) {
                (Ok(entry), Some(active)) => {
                    if let Err(e) = active.live.commit(entry) {
                        room.notice = Some(e.msg().get(lang).to_owned());
                    }
                }
                (Ok(_), None) => {}
                (Err(e), active) => {
                    if let Some(active) = active {
                        active.live.unstage();
                    }
                    let why = e.msg();
                    let why = why.get(lang);
                    room.notice = Some(
                        crate::tr!("저장하지 못했어요: {why}", "could not save: {why}")
                            .get(lang)
                            .to_owned(),
                    );
                }
            },
            Reply::Listed(result) => match result {
                Ok(list) => {
                    room.listed = true;
                    room.resumable = list
                        .into_iter()
                        .filter(|s| s.status == Status::Active)
                        .collect()
                }
                Err(e) => room.notice = Some(e.msg().get(lang).to_owned()),
            },
        }
    }
}

fn open(
    id: i64,
    pinned: &Pinned,
    setup: Setup,
    journal: Vec<Entry>,
    lang: crate::i18n::Lang,
) -> Result<Active, String> {
    let said = |e: crate::session::SessionError| e.msg().get(lang).to_owned();
    let scenario = pinned.load().map_err(said)?;
    let live = Live::resume(scenario, setup, journal).map_err(said)?;
    Ok(Active {
        id,
        source: pinned.source.clone(),
        live,
    })
}

/// The wall clock in seconds since the Unix epoch, as the journal's times are, for the round
/// timer (which `Live` works out from the journal, so it survives a restart).
pub fn now() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}
