//! A session being played: the one path from a front end's intention to the journal and
//! back. The app, `kkumgil sessions drive`, the tests and later front ends (team devices,
//! kiosk stations) all go through `Live`, so none of them keeps rules of its own.
//!
//! The protocol is journal first: `stage` checks a command against the state every earlier
//! staged command leads to and keeps the result; the front end writes the command to the
//! journal (on another thread if it likes); `commit` adopts the staged result once the entry
//! is on disk and returns the engine's events, so a command is applied once. What the class
//! sees (`progress`) is always the replay of the journal, turn order included.

use std::collections::VecDeque;

use crate::engine::role_play;
use crate::engine::team_game::{self, Decided};
use crate::scenario::{Game, Scenario};

use super::{Board, Command, Entry, Event, Mode, Progress, SessionError, Setup};

/// Seconds a team-game round lasts before its timer shows zero (extra time comes on top).
pub const ROUND_SECONDS: u32 = 180;

pub struct Live {
    scenario: Scenario,
    setup: Setup,
    journal: Vec<Entry>,
    progress: Progress,
    /// What the last committed command did, for the screens to show.
    last: Vec<Event>,
    /// Commands checked and on their way to the journal, oldest first, each with the state
    /// it leads to.
    staged: VecDeque<Staged>,
}

struct Staged {
    seq: u64,
    command: Command,
    progress: Progress,
    events: Vec<Event>,
}

/// Where the round's timer stands, worked out from the journal's own times, so a resumed
/// session keeps its clock.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RoundClock {
    /// Seconds played in this round, pauses left out.
    pub elapsed: f64,
    /// Seconds the round lasts, with the extra time given.
    pub limit: u32,
    pub paused: bool,
}

impl RoundClock {
    /// Seconds left, never below zero.
    pub fn left(&self) -> f64 {
        (f64::from(self.limit) - self.elapsed).max(0.0)
    }
}

impl Live {
    /// A new session, before its first command.
    pub fn start(scenario: Scenario, setup: Setup) -> Result<Live, SessionError> {
        Live::resume(scenario, setup, Vec::new())
    }

    /// A session rebuilt from its journal.
    pub fn resume(
        scenario: Scenario,
        setup: Setup,
        journal: Vec<Entry>,
    ) -> Result<Live, SessionError> {
        let progress = Progress::replay(&scenario, &setup, &journal)?;
        Ok(Live {
            scenario,
            setup,
            journal,
            progress,
            last: Vec::new(),
            staged: VecDeque::new(),
        })
    }

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    pub fn setup(&self) -> &Setup {
        &self.setup
    }

    pub fn journal(&self) -> &[Entry] {
        &self.journal
    }

    /// The state shown to the class: the replay of the acknowledged journal.
    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    /// What the last acknowledged command did (empty after a resume).
    pub fn last_events(&self) -> &[Event] {
        &self.last
    }

    /// Commands sent to the journal and not yet acknowledged.
    pub fn pending(&self) -> usize {
        self.staged.len()
    }

    pub fn is_over(&self) -> bool {
        self.progress.is_over()
    }

    /// Team turns: the team whose story moves next. `None` in the other modes.
    pub fn turn(&self) -> Option<usize> {
        (self.setup.mode == Mode::TeamTurns).then_some(self.progress.turn)
    }

    /// A role-play step for whoever plays now: the class, or the team whose turn it is.
    pub fn role_play(&self, command: role_play::Command) -> Command {
        Command::RolePlay {
            team: self.tip().turn_team(&self.setup),
            command,
        }
    }

    /// The state the next command is checked against: after every staged command.
    fn tip(&self) -> &Progress {
        self.staged.back().map_or(&self.progress, |s| &s.progress)
    }

    /// The sequence number the journal will give the next command.
    fn next_seq(&self) -> u64 {
        self.staged
            .back()
            .map(|s| s.seq)
            .or_else(|| self.journal.last().map(|e| e.seq))
            .unwrap_or(0)
            + 1
    }

    /// Whether `command` may be journaled now, changing nothing.
    pub fn check(&self, command: &Command) -> Result<(), SessionError> {
        self.trial(command).map(|_| ())
    }

    /// The state and events `command` leads to from the tip, or why it is refused.
    fn trial(&self, command: &Command) -> Result<(Progress, Vec<Event>), SessionError> {
        let tip = self.tip();
        let seq = self.next_seq();
        match command {
            Command::Undo { seq: undone } => {
                if !tip.applied.contains(undone) {
                    return Err(SessionError::NoSuchCommand(*undone));
                }
                let mut journal = self.journal.clone();
                journal.extend(self.staged.iter().map(|s| Entry {
                    seq: s.seq,
                    at: 0,
                    command: s.command.clone(),
                }));
                journal.push(Entry {
                    seq,
                    at: 0,
                    command: command.clone(),
                });
                let progress = Progress::replay(&self.scenario, &self.setup, &journal)?;
                Ok((progress, vec![Event::Undone { seq: *undone }]))
            }
            _ => {
                if let (Command::RolePlay { team, .. }, Some(turn)) =
                    (command, tip.turn_team(&self.setup))
                    && *team != Some(turn)
                {
                    let name = self.setup.teams.get(turn).map_or("", |t| t.name.as_str());
                    let n = turn + 1;
                    return Err(SessionError::Rule(crate::tr!(
                        "지금은 {n}번째 팀({name})의 차례예요",
                        "it is team {n} ({name})'s turn"
                    )));
                }
                let mut progress = tip.clone();
                let mut events = Vec::new();
                progress.apply(&self.scenario, &self.setup, command, &mut events)?;
                progress.applied.push(seq);
                Ok((progress, events))
            }
        }
    }

    /// Checks `command` and keeps what it leads to until the journal acknowledges it. The
    /// caller then writes it to the journal; nothing is shown until `commit`.
    pub fn stage(&mut self, command: &Command) -> Result<(), SessionError> {
        let (progress, events) = self.trial(command)?;
        self.staged.push_back(Staged {
            seq: self.next_seq(),
            command: command.clone(),
            progress,
            events,
        });
        Ok(())
    }

    /// The journal could not take the staged commands (a full disk, a lost lease): forget
    /// them; the class still sees the last acknowledged state.
    pub fn unstage(&mut self) {
        self.staged.clear();
    }

    /// Takes an acknowledged journal entry into the state and returns what it did. The entry
    /// is normally the oldest staged command; any other entry is applied as a replay would.
    pub fn commit(&mut self, entry: Entry) -> Result<&[Event], SessionError> {
        let staged = self
            .staged
            .front()
            .is_some_and(|s| s.seq == entry.seq && s.command == entry.command);
        if let (true, Some(s)) = (staged, self.staged.pop_front()) {
            self.progress = s.progress;
            self.last = s.events;
        } else {
            self.staged.clear();
            self.last.clear();
            if let Command::Undo { seq } = entry.command {
                // The entry is on disk whatever the replay says: the journal mirrors it first.
                self.journal.push(entry);
                self.progress = Progress::replay(&self.scenario, &self.setup, &self.journal)?;
                self.last.push(Event::Undone { seq });
                return Ok(&self.last);
            }
            let mut events = Vec::new();
            self.progress
                .record(&self.scenario, &self.setup, &entry, &mut events);
            self.last = events;
        }
        self.journal.push(entry);
        Ok(&self.last)
    }

    /// The command a front end journals when it closes a session whose game is over: `End`,
    /// which finishes the session in the database. `None` while the game goes on (closing
    /// then leaves it to resume) or once it has ended.
    pub fn closing_command(&self) -> Option<Command> {
        let tip = self.tip();
        (tip.is_over() && !tip.ended).then_some(Command::End)
    }

    /// The undo of the last command still in effect (after every staged one).
    pub fn undo_last(&self) -> Result<Command, SessionError> {
        self.tip()
            .applied
            .last()
            .map(|&seq| Command::Undo { seq })
            .ok_or_else(|| {
                SessionError::Rule(crate::tr!("되돌릴 것이 없어요", "there is nothing to undo"))
            })
    }

    /// The commands that move a stuck class on, each checked against the state the ones
    /// before it leave: a role-play scene is left to chance (a tie among the choices open
    /// now, broken by the seed); a team-game round is revealed with the least allowed
    /// decision for every team that has not decided.
    pub fn skip(&self) -> Result<Vec<Command>, SessionError> {
        let tip = self.tip();
        let mut commands = Vec::new();
        match (&tip.board, &self.scenario.game) {
            (Board::RolePlay { runs }, Game::RolePlay(rp)) => {
                let team = tip.turn_team(&self.setup);
                let run = &runs[team.unwrap_or(0).min(runs.len() - 1)];
                let role_play::Position::Scene(scene) = run.position else {
                    return Err(SessionError::Rule(crate::tr!(
                        "이야기가 끝났어요",
                        "the story has ended"
                    )));
                };
                let command = if run.at_branch(rp) {
                    role_play::Command::Continue
                } else {
                    let available = run.available(rp);
                    role_play::Command::Vote(
                        (0..rp.scenes[scene].choices.len())
                            .map(|c| u32::from(available.contains(&c)))
                            .collect(),
                    )
                };
                commands.push(Command::RolePlay { team, command });
            }
            (Board::TeamGame(game), Game::TeamGame(_))
                if matches!(game.phase, team_game::Phase::Step(_)) =>
            {
                commands.push(Command::TeamGame(team_game::Command::NextStep));
            }
            (Board::TeamGame(game), Game::TeamGame(tg)) => {
                if game.phase != team_game::Phase::Deciding {
                    return Err(SessionError::Rule(crate::tr!(
                        "진행 중인 라운드가 없어요. 먼저 라운드를 시작해 주세요",
                        "no round is under way; begin one first"
                    )));
                }
                for team in (0..game.teams.len()).filter(|&t| game.decisions[t].is_none()) {
                    let values = game
                        .least_decision(tg, team)
                        .map_err(|e| SessionError::Rule(e.msg()))?;
                    commands.push(Command::TeamGame(team_game::Command::Decide {
                        team,
                        values,
                    }));
                }
                commands.push(Command::TeamGame(team_game::Command::Resolve));
            }
            _ => {
                return Err(SessionError::Rule(crate::tr!(
                    "넘어갈 것이 없어요",
                    "nothing to skip"
                )));
            }
        }
        let mut trial = tip.clone();
        let mut events = Vec::new();
        for c in &commands {
            trial.apply(&self.scenario, &self.setup, c, &mut events)?;
        }
        Ok(commands)
    }

    /// The least decision `team` may make this round (see `team_game::Game::least_decision`).
    pub fn least_decision(&self, team: usize) -> Result<Vec<Decided>, SessionError> {
        match (&self.progress.board, &self.scenario.game) {
            (Board::TeamGame(game), Game::TeamGame(tg)) => game
                .least_decision(tg, team)
                .map_err(|e| SessionError::Rule(e.msg())),
            _ => Err(SessionError::Rule(crate::tr!(
                "팀별 결정은 팀 게임에만 있어요",
                "only team games have decisions"
            ))),
        }
    }

    /// The round's timer at `now` (seconds since the Unix epoch), for `team` or, with `None`,
    /// for the team given the most extra time. `None` when no round is under way.
    pub fn round_clock(&self, now: f64, team: Option<usize>) -> Option<RoundClock> {
        let (Board::TeamGame(game), Game::TeamGame(tg)) =
            (&self.progress.board, &self.scenario.game)
        else {
            return None;
        };
        if let team_game::Phase::Step(step) = game.phase {
            return self.step_clock(now, tg.steps[step].minutes);
        }
        if game.phase != team_game::Phase::Deciding {
            return None;
        }
        let round = self.clock_since(now, team, |c| {
            matches!(c, Command::TeamGame(team_game::Command::BeginRound))
        });
        round.began?;
        let extra = match team {
            Some(t) => self.progress.extra_time.get(t).copied().unwrap_or(0),
            None => self.progress.extra_time.iter().copied().max().unwrap_or(0),
        };
        let limit = ROUND_SECONDS.saturating_add(extra);
        Some(RoundClock {
            elapsed: round.elapsed,
            // A countdown ends the round sooner, never later.
            limit: round
                .countdown
                .map_or(limit, |c| limit.min(c.ceil().max(0.0) as u32)),
            paused: round.paused,
        })
    }
}

/// A clock read from the journal: when it began, the seconds played since (pauses left
/// out), whether it is paused, and where a countdown put its end (seconds of play).
struct Clock {
    began: Option<f64>,
    elapsed: f64,
    paused: bool,
    countdown: Option<f64>,
}

impl Live {
    /// A step's timer (for a pitch: this team's): from the command that began it (the round
    /// revealed, or the step or pitch before it), with pauses taken off. A step before the
    /// first round has no command before it and shows its full time.
    fn step_clock(&self, now: f64, minutes: u32) -> Option<RoundClock> {
        let step = self.clock_since(now, None, |c| {
            matches!(
                c,
                Command::TeamGame(team_game::Command::Resolve | team_game::Command::NextStep)
            )
        });
        Some(RoundClock {
            elapsed: step.elapsed,
            limit: minutes.saturating_mul(60),
            paused: step.paused,
        })
    }

    /// From the journal: when the last command that `starts` a clock was applied, the
    /// seconds run since then at `now` with pauses taken off, whether it is paused, and the
    /// end a countdown set (with the time given to `team`, or to any team, after it).
    fn clock_since(
        &self,
        now: f64,
        team: Option<usize>,
        starts: impl Fn(&Command) -> bool,
    ) -> Clock {
        let applied = &self.progress.applied;
        let (mut began, mut paused_for, mut paused_since) = (None, 0.0, None);
        let mut countdown: Option<f64> = None;
        for entry in self
            .journal
            .iter()
            .filter(|e| applied.binary_search(&e.seq).is_ok())
        {
            let at = entry.at as f64;
            match &entry.command {
                c if starts(c) => {
                    began = Some(at);
                    paused_for = 0.0;
                    paused_since = paused_since.map(|_| at);
                    countdown = None;
                }
                Command::Pause => paused_since = paused_since.or(Some(at)),
                Command::Resume => {
                    if let Some(since) = paused_since.take() {
                        paused_for += at - since;
                    }
                }
                Command::Countdown { seconds } => {
                    if let Some(b) = began {
                        let played = (paused_since.unwrap_or(at) - b - paused_for).max(0.0);
                        countdown = Some(played + f64::from(*seconds));
                    }
                }
                // Time given after a countdown moves its end too (for the projector, time
                // given to any team: it shows the longest clock).
                Command::AddTime { team: to, seconds } => {
                    if let Some(end) = countdown.as_mut()
                        && (to.is_none() || team.is_none() || *to == team)
                    {
                        *end += f64::from(*seconds);
                    }
                }
                _ => {}
            }
        }
        let stopped = paused_since.unwrap_or(now);
        let elapsed = began.map_or(0.0, |b| (stopped - b - paused_for).max(0.0));
        Clock {
            began,
            elapsed,
            paused: paused_since.is_some(),
            countdown,
        }
    }
}

impl Progress {
    /// Team turns: the team that plays now; `None` in the other modes.
    fn turn_team(&self, setup: &Setup) -> Option<usize> {
        (setup.mode == Mode::TeamTurns).then_some(self.turn)
    }
}
