//! Team devices: each team decides from its own tablet or phone over the classroom network.
//!
//! Nothing on a device decides anything. A device sends an intention (`Intent`); the
//! `Referee` turns it into the session command the instructor's keys would have given, for the
//! team that device holds, checked against the live session, and the app applies it as it
//! applies a key press, so the journal, undo, replay and exports are unchanged. The referee
//! also says what each team must do now (`Task`), which the server (`server`) sends to that
//! team's device only, and keeps a class vote's ballots secret until every team has voted.
//!
//! Plain Rust: the app and the tests drive it the same way.

pub mod server;

use serde::{Deserialize, Serialize};

use crate::engine::role_play;
use crate::engine::team_game::{Decided, Phase};
use crate::i18n::{Lang, Msg};
use crate::scenario::{DecisionKind, Game};
use crate::session::{Board, Command, Live, Mode};

/// What a device asks for, for the team it holds (the server adds the team).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum Intent {
    /// Team turns: take a choice of the team's scene.
    Choose { choice: usize },
    /// Class vote: the team's secret vote for a choice of the class's scene.
    Vote { choice: usize },
    /// Team game: the team's decisions for the round, in the game's order.
    Decide { values: Vec<Decided> },
    /// Team game: the team's answer to a quiz of the round.
    Answer { quiz: usize, option: usize },
}

/// What one team must do now, as its device shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum Task {
    /// Nothing to do: `text` says why (another team's turn, between rounds, …).
    Wait { text: String },
    /// Team turns: this team's move.
    Choose { prompt: String, choices: Vec<Offer> },
    /// Class vote: this team's ballot; `voted` is its own vote so far (never another's).
    Vote {
        prompt: String,
        choices: Vec<Offer>,
        voted: Option<usize>,
    },
    /// Team game: the round's decisions, with the same bounds the play screen uses.
    Decide {
        /// "2라운드", or the practice round's name.
        title: String,
        decisions: Vec<DecisionTask>,
    },
    /// Team game: a quiz of the round.
    Answer {
        quiz: usize,
        question: String,
        options: Vec<String>,
    },
    /// The game is over.
    Over { text: String },
}

/// A choice a device may take, by its index in the scene.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Offer {
    pub index: usize,
    pub text: String,
}

/// One decision of a team-game round.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DecisionTask {
    Pick {
        prompt: String,
        options: Vec<String>,
    },
    Number {
        prompt: String,
        min: i64,
        max: i64,
    },
    /// Exactly `tokens` spread over the categories.
    Split {
        prompt: String,
        tokens: i64,
        categories: Vec<String>,
    },
    /// Exactly `tokens` given to the other teams (`teams`), each for one of the criteria; sent
    /// as `team_count × criteria` amounts, the team's own left at 0.
    Allocate {
        prompt: String,
        tokens: i64,
        criteria: Vec<String>,
        teams: Vec<Offer>,
        team_count: usize,
    },
}

/// Turns devices' intentions into session commands, and says what each team must do.
#[derive(Debug, Default)]
pub struct Referee {
    /// Class vote: the ballots for one scene visit, per team.
    ballot: Ballot,
}

#[derive(Debug, Default)]
struct Ballot {
    /// The scene visit the votes are for: (scene, steps taken so far).
    at: Option<(usize, usize)>,
    votes: Vec<Option<usize>>,
}

/// The outcome of an intention that was accepted.
#[derive(Debug, Clone, PartialEq)]
pub enum Accepted {
    /// Apply this command, as a key press would.
    Command(Command),
    /// A vote was recorded; the count waits for the other teams.
    Recorded,
}

impl Referee {
    /// What `intent` from `team`'s device means now: a command checked against the session, a
    /// recorded vote, or why it is refused (in both languages).
    pub fn handle(&mut self, live: &Live, team: usize, intent: &Intent) -> Result<Accepted, Msg> {
        let teams = live.setup().teams.len();
        if team >= teams {
            return Err(tr!("그런 모둠이 없어요", "there is no such team"));
        }
        let mode = live.setup().mode;
        let command = match intent {
            Intent::Choose { choice } => {
                if mode != Mode::TeamTurns {
                    return Err(tr!(
                        "지금은 모둠별로 고르는 게임이 아니에요",
                        "this game is not played in team turns"
                    ));
                }
                Command::RolePlay {
                    team: Some(team),
                    command: role_play::Command::Choose(*choice),
                }
            }
            Intent::Vote { choice } => return self.vote(live, team, *choice),
            Intent::Decide { values } => {
                Command::TeamGame(crate::engine::team_game::Command::Decide {
                    team,
                    values: values.clone(),
                })
            }
            Intent::Answer { quiz, option } => {
                Command::TeamGame(crate::engine::team_game::Command::Answer {
                    team,
                    quiz: *quiz,
                    option: *option,
                })
            }
        };
        live.check(&command).map_err(|e| e.msg())?;
        Ok(Accepted::Command(command))
    }

    fn vote(&mut self, live: &Live, team: usize, choice: usize) -> Result<Accepted, Msg> {
        if live.setup().mode != Mode::ClassVote {
            return Err(tr!(
                "지금은 반 전체가 투표하는 게임이 아니에요",
                "this game is not played by class vote"
            ));
        }
        let (scene, taken, available) = class_scene(live).ok_or_else(|| {
            tr!(
                "지금은 투표할 장면이 아니에요",
                "there is nothing to vote on now"
            )
        })?;
        if !available.contains(&choice) {
            return Err(tr!(
                "그 선택지는 지금 고를 수 없어요",
                "that choice cannot be taken now"
            ));
        }
        let teams = live.setup().teams.len();
        if self.ballot.at != Some((scene, taken)) {
            self.ballot = Ballot {
                at: Some((scene, taken)),
                votes: vec![None; teams],
            };
        }
        self.ballot.votes[team] = Some(choice);
        if self.ballot.votes.iter().all(Option::is_some) {
            return self.count(live).map(Accepted::Command);
        }
        Ok(Accepted::Recorded)
    }

    /// The class vote's command from the ballots so far (the instructor closes a vote when a
    /// team has no device): one vote per team. Refused when no team has voted.
    pub fn count(&self, live: &Live) -> Result<Command, Msg> {
        let Some((scene, _, _)) =
            class_scene(live).filter(|&(s, t, _)| self.ballot.at == Some((s, t)))
        else {
            return Err(tr!(
                "아직 아무 모둠도 투표하지 않았어요",
                "no team has voted yet"
            ));
        };
        let Game::RolePlay(game) = &live.scenario().game else {
            return Err(tr!(
                "투표는 롤플레이에만 있어요",
                "only role-plays have votes"
            ));
        };
        let mut counts = vec![0u32; game.scenes[scene].choices.len()];
        for vote in self.ballot.votes.iter().flatten() {
            counts[*vote] += 1;
        }
        if counts.iter().all(|&c| c == 0) {
            return Err(tr!(
                "아직 아무 모둠도 투표하지 않았어요",
                "no team has voted yet"
            ));
        }
        let command = live.role_play(role_play::Command::Vote(counts));
        live.check(&command).map_err(|e| e.msg())?;
        Ok(command)
    }

    /// How many teams have voted in the class vote under way (never who voted for what).
    pub fn votes_in(&self, live: &Live) -> usize {
        match class_scene(live) {
            Some((scene, taken, _)) if self.ballot.at == Some((scene, taken)) => {
                self.ballot.votes.iter().flatten().count()
            }
            _ => 0,
        }
    }

    /// What `team` must do now.
    pub fn task(&self, live: &Live, team: usize, lang: Lang) -> Task {
        let wait = |m: Msg| Task::Wait {
            text: m.get(lang).to_owned(),
        };
        if live.is_over() {
            return Task::Over {
                text: tr!(
                    "게임이 끝났어요. 화면을 봐요!",
                    "The game is over. Look at the screen!"
                )
                .get(lang)
                .to_owned(),
            };
        }
        if live.progress().paused {
            return wait(tr!("잠깐 멈췄어요", "Paused for a moment"));
        }
        match (&live.progress().board, &live.scenario().game) {
            (Board::RolePlay { runs }, Game::RolePlay(game)) => {
                let run = match live.setup().mode {
                    Mode::ClassVote => &runs[0],
                    _ => match runs.get(team) {
                        Some(run) => run,
                        None => return wait(tr!("그런 모둠이 없어요", "There is no such team")),
                    },
                };
                let role_play::Position::Scene(scene) = run.position else {
                    return wait(tr!(
                        "이야기가 끝났어요. 화면을 봐요!",
                        "The story has ended. Look at the screen!"
                    ));
                };
                let offers: Vec<Offer> = run
                    .available(game)
                    .into_iter()
                    .map(|c| Offer {
                        index: c,
                        text: game.scenes[scene].choices[c].text.get(lang).to_owned(),
                    })
                    .collect();
                if offers.is_empty() {
                    return wait(tr!(
                        "선생님이 다음 장면으로 넘겨요",
                        "The instructor moves the story on"
                    ));
                }
                let prompt = first_line(game.scenes[scene].text.get(lang));
                if live.setup().mode == Mode::ClassVote {
                    let voted = (self.ballot.at == Some((scene, run.path.len())))
                        .then(|| self.ballot.votes.get(team).copied().flatten())
                        .flatten();
                    return Task::Vote {
                        prompt,
                        choices: offers,
                        voted,
                    };
                }
                match live.turn() {
                    Some(turn) if turn == team => Task::Choose {
                        prompt,
                        choices: offers,
                    },
                    Some(turn) => {
                        let name = &live.setup().teams[turn].name;
                        wait(tr!("지금은 {name} 차례예요", "It is {name}'s turn"))
                    }
                    None => wait(tr!("선생님을 기다려요", "Waiting for the instructor")),
                }
            }
            (Board::TeamGame(state), Game::TeamGame(game)) => {
                if state.phase != Phase::Deciding {
                    return wait(tr!("다음 라운드를 기다려요", "Waiting for the next round"));
                }
                if state.decisions.get(team).is_some_and(Option::is_none) {
                    let decisions = game
                        .decisions
                        .iter()
                        .enumerate()
                        .map(|(d, decision)| {
                            let prompt = decision.prompt.get(lang).to_owned();
                            // A bound the scenario cannot give this round: the play screen says
                            // why; the device offers nothing to enter.
                            let bound = state.bounds(game, team, d).unwrap_or((0, 0));
                            let texts = |c: &[crate::scenario::Choosable]| {
                                c.iter().map(|o| o.text.get(lang).to_owned()).collect()
                            };
                            match &decision.kind {
                                DecisionKind::Pick(options) => DecisionTask::Pick {
                                    prompt,
                                    options: texts(options),
                                },
                                DecisionKind::Number { .. } => DecisionTask::Number {
                                    prompt,
                                    min: bound.0,
                                    max: bound.1,
                                },
                                DecisionKind::Split { categories, .. } => DecisionTask::Split {
                                    prompt,
                                    tokens: bound.0,
                                    categories: texts(categories),
                                },
                                DecisionKind::Allocate { criteria, .. } => DecisionTask::Allocate {
                                    prompt,
                                    tokens: bound.0,
                                    criteria: texts(criteria),
                                    teams: live
                                        .setup()
                                        .teams
                                        .iter()
                                        .enumerate()
                                        .map(|(i, t)| Offer {
                                            index: i,
                                            text: t.name.clone(),
                                        })
                                        .filter(|o| o.index != team)
                                        .collect(),
                                    team_count: live.setup().teams.len(),
                                },
                            }
                        })
                        .collect();
                    let round = state.round;
                    let title = if game.practice && round == 0 {
                        tr!("연습 라운드", "Practice round")
                    } else {
                        tr!("{round}라운드", "Round {round}")
                    };
                    return Task::Decide {
                        title: title.get(lang).to_owned(),
                        decisions,
                    };
                }
                let open_quiz = game.quizzes.iter().enumerate().find(|(q, quiz)| {
                    quiz.round == state.round && !state.answers.contains_key(&(*q, team))
                });
                if let Some((q, quiz)) = open_quiz {
                    return Task::Answer {
                        quiz: q,
                        question: quiz.question.get(lang).to_owned(),
                        options: quiz
                            .options
                            .iter()
                            .map(|o| o.get(lang).to_owned())
                            .collect(),
                    };
                }
                wait(tr!(
                    "보냈어요! 다른 모둠을 기다려요",
                    "Sent! Waiting for the other teams"
                ))
            }
            _ => wait(tr!("선생님을 기다려요", "Waiting for the instructor")),
        }
    }
}

/// The class's scene in a class vote: (scene, steps taken, choices available now).
fn class_scene(live: &Live) -> Option<(usize, usize, Vec<usize>)> {
    let (Board::RolePlay { runs }, Game::RolePlay(game)) =
        (&live.progress().board, &live.scenario().game)
    else {
        return None;
    };
    let run = runs.first()?;
    let role_play::Position::Scene(scene) = run.position else {
        return None;
    };
    let available = run.available(game);
    (!available.is_empty()).then_some((scene, run.path.len(), available))
}

/// A scene's first paragraph, which says what the choice is about; the projector shows the rest.
fn first_line(text: &str) -> String {
    let line = text.trim().split("\n\n").next().unwrap_or_default().trim();
    let mut shown: String = line.chars().take(160).collect();
    if shown.len() < line.len() {
        shown.push('…');
    }
    shown
}

/// A new join code: six digits from the operating system's randomness (std's hasher keys are
/// drawn from it per process), never from the session's seeded generator, which only decides
/// the game. A classroom code, not a password: see docs/devices.md.
pub fn join_code() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    format!("{:06}", hasher.finish() % 1_000_000)
}
