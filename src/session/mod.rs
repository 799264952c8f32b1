//! A class's session: its teams, its pinned scenario, and the journal of every command.
//!
//! The state shown to the class is always the replay of the journal through the engine, so
//! resuming after a crash rebuilds it exactly. An undo is a command of its own that names
//! the command it cancels; nothing is ever deleted from the journal.

pub mod export;
mod live;
pub mod merge;
pub mod store;

pub use live::{Live, ROUND_SECONDS, RoundClock};

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::engine::GameRng;
use crate::engine::role_play::{self, Run};
use crate::engine::team_game;
use crate::i18n::Msg;
use crate::scenario::{self, Folder, Game, PlayMode, Scenario};

/// Who plays, what, and how: everything fixed when the session starts.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Setup {
    /// The class, e.g. "율하중 2-3" (never student names).
    pub class_label: String,
    #[serde(default)]
    pub instructor: String,
    /// Experience days: the day and the visiting group (empty in a normal lesson).
    #[serde(default)]
    pub day: String,
    #[serde(default)]
    pub group: String,
    /// Experience days: the station (its name in the day plan) the session was played at.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub station: String,
    pub teams: Vec<Team>,
    pub mode: Mode,
    pub seed: u64,
    /// Keep the leaderboard hidden until the end.
    #[serde(default)]
    pub hide_leaderboard: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Team {
    pub name: String,
    /// sRGB hex, e.g. "#0072B2".
    pub colour: String,
    /// A symbol shown with the colour, so colour is never the only cue.
    pub icon: String,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub enum Mode {
    /// Role-play: the whole class votes on each choice.
    ClassVote,
    /// Role-play: each team plays its own run, in turns.
    TeamTurns,
    /// Team game: every team decides each round.
    Rounds,
}

/// Default team names, colours and icons: the Okabe–Ito palette, which colour-blind students
/// can tell apart, each with its own shape.
pub const DEFAULT_TEAMS: [(&str, &str, &str); 8] = [
    ("해님", "#E69F00", "●"),
    ("하늘", "#56B4E9", "▲"),
    ("새싹", "#009E73", "■"),
    ("별빛", "#F0E442", "★"),
    ("바다", "#0072B2", "◆"),
    ("노을", "#D55E00", "✚"),
    ("꽃잎", "#CC79A7", "♥"),
    ("구름", "#999999", "☁"),
];

pub fn default_teams(n: usize) -> Vec<Team> {
    DEFAULT_TEAMS
        .iter()
        .take(n.clamp(2, 8))
        .map(|(name, colour, icon)| Team {
            name: (*name).to_owned(),
            colour: (*colour).to_owned(),
            icon: (*icon).to_owned(),
        })
        .collect()
}

/// Everything the journal records.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub enum Command {
    /// A role-play step: for the class (class vote) or for `team` (team turns).
    RolePlay {
        team: Option<usize>,
        command: role_play::Command,
    },
    TeamGame(team_game::Command),
    /// Points given (or taken, when negative) by the instructor, with the reason said aloud.
    Award {
        team: usize,
        points: f64,
        reason: String,
    },
    /// Cancels the command with this sequence number.
    Undo {
        seq: u64,
    },
    Pause,
    Resume,
    AddTime {
        team: Option<usize>,
        seconds: u32,
    },
    /// "Ten seconds left!": the round in play ends `seconds` from now (time added after it
    /// still counts).
    Countdown {
        seconds: u32,
    },
    End,
}

/// A journal entry: the command and when it was given.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Entry {
    /// 1, 2, 3… within the session.
    pub seq: u64,
    /// Seconds since the Unix epoch.
    pub at: i64,
    pub command: Command,
}

/// What replaying the journal gives: the state of play, the instructor's awards and the
/// clock, and which journal entries counted.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    pub board: Board,
    /// Instructor awards per team.
    pub awards: Vec<f64>,
    pub paused: bool,
    pub ended: bool,
    /// Extra seconds given this round per team (index = team), for the timer; a new round
    /// starts again from none.
    pub extra_time: Vec<u32>,
    /// Team turns: the team whose story moves next. Part of the replay, so a resumed
    /// session continues with the right team whatever was undone before.
    pub turn: usize,
    /// Commands in effect, by sequence number.
    pub applied: Vec<u64>,
    /// Commands undone, and commands that no longer applied after an undo.
    pub undone: Vec<u64>,
    pub skipped: Vec<(u64, String)>,
    /// Scores after each scoring step (a team-game round, a role-play choice), per team.
    pub history: Vec<Vec<f64>>,
}

/// Where the game itself stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Board {
    /// One run per team in team turns; one shared run in class vote.
    RolePlay {
        runs: Vec<Run>,
    },
    TeamGame(Box<team_game::Game>),
}

/// What a command did, for the screens to draw: the engine's own events, tagged with the run
/// they happened in, and the session's.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// `run` is the team in team turns, 0 in class vote.
    RolePlay {
        run: usize,
        event: role_play::Event,
    },
    TeamGame(team_game::Event),
    Awarded {
        team: usize,
        points: f64,
    },
    /// The command `seq` no longer counts; the state was rebuilt without it.
    Undone {
        seq: u64,
    },
    Paused,
    Resumed,
    TimeAdded {
        team: Option<usize>,
        seconds: u32,
    },
    CountdownStarted {
        seconds: u32,
    },
    /// Team turns: this team plays next.
    TurnPassed {
        team: usize,
    },
    Ended,
}

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("the session's scenario no longer loads: {0}")]
    Scenario(String),
    #[error("the mode does not fit the scenario: {0}")]
    Mode(String),
    /// A command the rules refuse, said in both languages.
    #[error("{}", .0.en)]
    Rule(crate::i18n::Msg),
    #[error("the session has ended")]
    Ended,
    #[error("there is no command {0} to undo")]
    NoSuchCommand(u64),
}

/// A session error (a command the rules refuse, a scenario that no longer loads) in both
/// languages; the English is the error's own text.
impl SessionError {
    pub fn msg(&self) -> Msg {
        let en = self.to_string();
        match self {
            SessionError::Scenario(problems) => tr!(
                "이 수업의 시나리오를 더 이상 불러올 수 없어요:\n{problems}",
                "{en}"
            ),
            SessionError::Mode(why) => tr!(
                "진행 방식이나 팀 수가 이 시나리오에 맞지 않아요({why})",
                "{en}"
            ),
            SessionError::Rule(why) => why.clone(),
            SessionError::Ended => tr!("수업이 이미 끝났어요", "{en}"),
            SessionError::NoSuchCommand(seq) => tr!("되돌릴 명령 {seq}번이 없어요", "{en}"),
        }
    }
}

/// The pinned scenario of a session: its text (and glossary), loaded as it was.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Pinned {
    pub file_name: String,
    pub source: String,
    pub glossary: Option<String>,
    /// The folder the scenario was in, for its images (shown while they are still there).
    #[serde(default)]
    pub dir: Option<std::path::PathBuf>,
}

impl Pinned {
    /// Pins a scenario file and the glossary it names, as they are now.
    pub fn from_file(path: &Path) -> Result<(Pinned, Scenario), SessionError> {
        let loaded = scenario::load_file(path);
        let s = loaded.scenario.ok_or_else(|| {
            SessionError::Scenario(loaded.report.render(false, crate::i18n::Lang::En))
        })?;
        let glossary = scenario::glossary_file(&loaded.report.source).and_then(|g| {
            std::fs::read_to_string(path.parent().unwrap_or(Path::new("")).join(g)).ok()
        });
        let pinned = Pinned {
            file_name: path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            source: loaded.report.source,
            glossary,
            dir: path.parent().and_then(|d| std::fs::canonicalize(d).ok()),
        };
        Ok((pinned, s))
    }

    /// Loads the pinned text; never touches the scenario folder.
    pub fn load(&self) -> Result<Scenario, SessionError> {
        // The glossary comes from the pinned copy, never from the scenario folder.
        let folder = Folder::Pinned {
            glossary: self.glossary.as_deref(),
            dir: self.dir.as_deref(),
        };
        let loaded = scenario::load_source(Path::new(&self.file_name), self.source.clone(), folder);
        loaded.scenario.ok_or_else(|| {
            SessionError::Scenario(loaded.report.render(false, crate::i18n::Lang::En))
        })
    }
}

impl Progress {
    pub fn new(scenario: &Scenario, setup: &Setup) -> Result<Progress, SessionError> {
        let teams = setup.teams.len();
        let board = match (&scenario.game, setup.mode) {
            (Game::RolePlay(rp), Mode::ClassVote | Mode::TeamTurns) => {
                let wanted = if setup.mode == Mode::ClassVote {
                    PlayMode::ClassVote
                } else {
                    PlayMode::TeamTurns
                };
                if !rp.modes.contains(&wanted) {
                    return Err(SessionError::Mode(format!(
                        "this role-play is not written for {:?}",
                        setup.mode
                    )));
                }
                let runs = if setup.mode == Mode::ClassVote {
                    1
                } else {
                    teams
                };
                Board::RolePlay {
                    runs: (0..runs)
                        .map(|i| Run::new(rp, GameRng::derive(setup.seed, i as u64)))
                        .collect(),
                }
            }
            (Game::TeamGame(tg), Mode::Rounds) => {
                if teams < tg.min_teams as usize || teams > tg.max_teams as usize {
                    return Err(SessionError::Mode(format!(
                        "this game is for {} to {} teams",
                        tg.min_teams, tg.max_teams
                    )));
                }
                Board::TeamGame(Box::new(team_game::Game::new(tg, teams, setup.seed)))
            }
            _ => {
                return Err(SessionError::Mode(
                    "role-plays use ClassVote or TeamTurns; team games use Rounds".into(),
                ));
            }
        };
        Ok(Progress {
            board,
            awards: vec![0.0; teams],
            paused: false,
            ended: false,
            extra_time: vec![0; teams],
            turn: 0,
            applied: Vec::new(),
            undone: Vec::new(),
            skipped: Vec::new(),
            history: Vec::new(),
        })
    }

    /// The state after the whole journal. Undone commands are left out; a command that no
    /// longer applies once an earlier one was undone is skipped and listed in `skipped`.
    pub fn replay(
        scenario: &Scenario,
        setup: &Setup,
        journal: &[Entry],
    ) -> Result<Progress, SessionError> {
        let undone: std::collections::HashSet<u64> = journal
            .iter()
            .filter_map(|e| match e.command {
                Command::Undo { seq } => Some(seq),
                _ => None,
            })
            .collect();
        let mut progress = Progress::new(scenario, setup)?;
        let mut events = Vec::new();
        for entry in journal {
            if undone.contains(&entry.seq) {
                progress.undone.push(entry.seq);
                continue;
            }
            if matches!(entry.command, Command::Undo { .. }) {
                continue;
            }
            progress.record(scenario, setup, entry, &mut events);
            events.clear();
        }
        Ok(progress)
    }

    /// Applies a journal entry as a replay does: counted as applied, or as skipped with the
    /// reason when the rules no longer allow it.
    fn record(
        &mut self,
        scenario: &Scenario,
        setup: &Setup,
        entry: &Entry,
        events: &mut Vec<Event>,
    ) {
        match self.apply(scenario, setup, &entry.command, events) {
            Ok(()) => self.applied.push(entry.seq),
            Err(e) => self.skipped.push((entry.seq, e.to_string())),
        }
    }

    /// Applies one command (not `Undo`: undo is a replay without the command) and appends the
    /// events that say what happened. On error nothing changes and no event is added.
    pub fn apply(
        &mut self,
        scenario: &Scenario,
        setup: &Setup,
        command: &Command,
        events: &mut Vec<Event>,
    ) -> Result<(), SessionError> {
        if self.ended && !matches!(command, Command::Award { .. }) {
            return Err(SessionError::Ended);
        }
        let no_team = |t: usize| {
            SessionError::Rule({
                let n = t + 1;
                crate::tr!("{n}번째 팀은 없어요", "there is no team {t}")
            })
        };
        match (command, &mut self.board, &scenario.game) {
            (Command::RolePlay { team, command }, Board::RolePlay { runs }, Game::RolePlay(rp)) => {
                let r = match (setup.mode, team) {
                    (Mode::ClassVote, _) => 0,
                    (_, Some(t)) if *t < runs.len() => *t,
                    (_, Some(t)) => return Err(no_team(*t)),
                    (_, None) => {
                        return Err(SessionError::Rule(crate::tr!(
                            "팀별 차례: 어느 팀이 고르는지 정해 주세요",
                            "team turns: say which team chooses"
                        )));
                    }
                };
                let mut happened = Vec::new();
                runs[r]
                    .apply(rp, command, &mut happened)
                    .map_err(|e| SessionError::Rule(e.msg()))?;
                events.extend(
                    happened
                        .into_iter()
                        .map(|event| Event::RolePlay { run: r, event }),
                );
                if setup.mode == Mode::TeamTurns {
                    let teams = runs.len();
                    let next = (1..=teams)
                        .map(|k| (r + k) % teams)
                        .find(|&t| runs[t].ended().is_none())
                        .unwrap_or(r);
                    self.turn = next;
                    events.push(Event::TurnPassed { team: next });
                }
                self.record_scores(setup);
            }
            (Command::TeamGame(c), Board::TeamGame(game), Game::TeamGame(tg)) => {
                let mut happened = Vec::new();
                game.apply(tg, c, &mut happened)
                    .map_err(|e| SessionError::Rule(e.msg()))?;
                events.extend(happened.into_iter().map(Event::TeamGame));
                match c {
                    team_game::Command::BeginRound => self.extra_time.fill(0),
                    team_game::Command::Resolve => self.record_scores(setup),
                    _ => {}
                }
            }
            (
                Command::Award {
                    team,
                    points,
                    reason: _,
                },
                _,
                _,
            ) => {
                if !points.is_finite() {
                    return Err(SessionError::Rule(crate::tr!(
                        "점수는 숫자여야 해요",
                        "points must be a number"
                    )));
                }
                *self.awards.get_mut(*team).ok_or_else(|| no_team(*team))? += points;
                events.push(Event::Awarded {
                    team: *team,
                    points: *points,
                });
            }
            (Command::Pause, _, _) => {
                self.paused = true;
                events.push(Event::Paused);
            }
            (Command::Resume, _, _) => {
                self.paused = false;
                events.push(Event::Resumed);
            }
            (Command::AddTime { team, seconds }, _, _) => {
                match team {
                    Some(t) => {
                        let slot = self.extra_time.get_mut(*t).ok_or_else(|| no_team(*t))?;
                        *slot = slot.saturating_add(*seconds);
                    }
                    None => self
                        .extra_time
                        .iter_mut()
                        .for_each(|x| *x = x.saturating_add(*seconds)),
                }
                events.push(Event::TimeAdded {
                    team: *team,
                    seconds: *seconds,
                });
            }
            (Command::Countdown { seconds }, Board::TeamGame(game), _) => {
                if game.phase != team_game::Phase::Deciding {
                    return Err(SessionError::Rule(crate::tr!(
                        "남은 시간 알림은 라운드가 진행 중일 때만 쓸 수 있어요",
                        "a countdown needs a round in play"
                    )));
                }
                events.push(Event::CountdownStarted { seconds: *seconds });
            }
            (Command::End, _, _) => {
                self.ended = true;
                events.push(Event::Ended);
            }
            (Command::Undo { .. }, _, _) => {
                return Err(SessionError::Rule(crate::tr!(
                    "되돌리기는 다시 재생해서 적용해요",
                    "undo is applied by replaying"
                )));
            }
            _ => {
                return Err(SessionError::Rule(crate::tr!(
                    "이 명령은 다른 종류의 게임에 쓰는 것이에요",
                    "this command is for another kind of game"
                )));
            }
        }
        Ok(())
    }

    fn record_scores(&mut self, setup: &Setup) {
        let scores = self.scores(setup);
        self.history.push(scores);
    }

    /// Each team's points: its game score plus the instructor's awards.
    pub fn scores(&self, setup: &Setup) -> Vec<f64> {
        let game: Vec<f64> = match &self.board {
            Board::TeamGame(g) => g.teams.iter().map(|t| t.score).collect(),
            Board::RolePlay { runs } if setup.mode == Mode::TeamTurns => {
                runs.iter().map(|r| f64::from(r.score)).collect()
            }
            Board::RolePlay { .. } => vec![0.0; setup.teams.len()],
        };
        game.iter().zip(&self.awards).map(|(g, a)| g + a).collect()
    }

    /// Rank of each team (1 = first); equal scores share a rank.
    pub fn ranks(&self, setup: &Setup) -> Vec<usize> {
        team_game::ranks(&self.scores(setup))
    }

    /// The session's game is over: all runs ended, the last round resolved, or `End`.
    pub fn is_over(&self) -> bool {
        self.ended
            || match &self.board {
                Board::RolePlay { runs } => runs.iter().all(|r| r.ended().is_some()),
                Board::TeamGame(g) => g.phase == team_game::Phase::Finished,
            }
    }
}

/// One line saying what a journal command did, for logs.
pub fn describe_command(scenario: &Scenario, setup: &Setup, command: &Command) -> String {
    let (team, action, _) = export::describe(scenario, setup, command);
    format!("{team}: {action}")
}
