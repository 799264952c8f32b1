//! Role-play rules: one run through a scenario's scenes, choice by choice.
//!
//! `Run::apply(game, command, events)` is the whole interface: a command changes the run and
//! appends the events that explain what happened (choice taken, meters moved, outcome drawn,
//! ending reached). No clock, no I/O, randomness only from the run's `GameRng`. In class-vote
//! mode the class shares one run; in team-turns mode every team has its own.

use crate::scenario::{Condition, Effect, Limit, Next, RolePlay, Target};

use super::rng::GameRng;

/// Where a run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    Scene(usize),
    Ended(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub position: Position,
    pub meters: Vec<i32>,
    pub flags: Vec<bool>,
    /// Whether each choice (by global index) was ever taken, for `Chose` conditions.
    chosen: Vec<bool>,
    /// (scene, choice) in the order taken.
    pub path: Vec<(usize, usize)>,
    pub score: i32,
    rng: GameRng,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Command {
    /// Take a choice of the current scene (its index in the scene's `choices`).
    Choose(usize),
    /// The class's votes, one count per choice of the current scene: the most votes win;
    /// a tie is broken by the run's seeded generator.
    Vote(Vec<u32>),
    /// Move on from a scene with an automatic branch: the first route whose conditions all
    /// hold is taken, else its `otherwise`.
    Continue,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    VoteCounted {
        counts: Vec<u32>,
        winner: usize,
        tied: bool,
    },
    ChoiceTaken {
        scene: usize,
        choice: usize,
    },
    OutcomeDrawn {
        scene: usize,
        choice: usize,
        outcome: usize,
    },
    /// Every outcome's chance was 0 when drawn, so the first was taken (the scenario's
    /// mistake; the class sees the first outcome as usual).
    NoChance {
        scene: usize,
        choice: usize,
    },
    MeterChanged {
        meter: usize,
        from: i32,
        to: i32,
    },
    FlagChanged {
        flag: usize,
        set: bool,
    },
    Scored {
        points: i32,
    },
    LimitReached {
        meter: usize,
        ending: usize,
    },
    /// An automatic branch went this way: `route` is the index of the route taken, `None`
    /// for its `otherwise`.
    BranchTaken {
        scene: usize,
        route: Option<usize>,
    },
    SceneEntered {
        scene: usize,
    },
    EndingReached {
        ending: usize,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("the story has ended")]
    Ended,
    #[error("there is no choice {0} in this scene")]
    NoSuchChoice(usize),
    #[error("choice {0} is not available now (its condition does not hold)")]
    NotAvailable(usize),
    #[error("the vote has {got} counts, but the scene has {expected} choices")]
    VoteLength { got: usize, expected: usize },
    #[error("no votes were cast for an available choice")]
    NoVotes,
    #[error("this scene moves on by itself: continue instead of choosing")]
    Automatic,
    #[error("the class chooses here; there is nothing to continue to")]
    NotAutomatic,
}

impl RuleError {
    /// The refusal in both languages, for the instructor's screen and the CLI.
    pub fn msg(&self) -> crate::i18n::Msg {
        let en = self.to_string();
        match self {
            RuleError::Ended => tr!("이야기가 끝났어요", "{en}"),
            RuleError::NoSuchChoice(c) => {
                let n = c + 1;
                tr!("이 장면에는 {n}번 선택지가 없어요", "{en}")
            }
            RuleError::NotAvailable(c) => {
                let n = c + 1;
                tr!(
                    "{n}번 선택지는 지금 고를 수 없어요(조건이 맞지 않아요)",
                    "{en}"
                )
            }
            RuleError::VoteLength { got, expected } => tr!(
                "표가 {got}개 칸에 왔는데, 이 장면의 선택지는 {expected}개예요",
                "{en}"
            ),
            RuleError::NoVotes => tr!("고를 수 있는 선택지에 표가 하나도 없어요", "{en}"),
            RuleError::Automatic => tr!(
                "이 장면은 저절로 넘어가요. 고르지 말고 '계속'을 눌러 주세요",
                "{en}"
            ),
            RuleError::NotAutomatic => {
                tr!("여기서는 반이 골라요. 저절로 넘어갈 곳이 없어요", "{en}")
            }
        }
    }
}

impl Run {
    pub fn new(game: &RolePlay, seed: u64) -> Self {
        Run {
            position: Position::Scene(game.start),
            meters: game.meters.iter().map(|m| m.start).collect(),
            flags: vec![false; game.flags.len()],
            chosen: vec![false; game.choice_index.len()],
            path: Vec::new(),
            score: 0,
            rng: GameRng::new(seed),
        }
    }

    pub fn ended(&self) -> Option<usize> {
        match self.position {
            Position::Ended(e) => Some(e),
            Position::Scene(_) => None,
        }
    }

    /// Whether a condition holds now.
    pub fn holds(&self, game: &RolePlay, condition: &Condition) -> bool {
        match condition {
            Condition::Meter {
                meter,
                compare,
                value,
            } => compare.holds(self.meters[*meter], *value),
            Condition::Flag { flag, set } => self.flags[*flag] == *set,
            Condition::Chose {
                scene,
                choice,
                taken,
            } => self.chosen[game.choice_index.global(*scene, *choice)] == *taken,
            Condition::AnyOf(any) => any.iter().any(|c| self.holds(game, c)),
            Condition::Not(c) => !self.holds(game, c),
        }
    }

    /// Whether the current scene moves on by itself (an automatic branch): the class reads
    /// it, then `Continue` takes the route its conditions pick.
    pub fn at_branch(&self, game: &RolePlay) -> bool {
        matches!(self.position, Position::Scene(s) if game.scenes[s].branch.is_some())
    }

    /// Whether choice `choice` of the current scene may be taken now.
    pub fn is_available(&self, game: &RolePlay, choice: usize) -> bool {
        let Position::Scene(scene) = self.position else {
            return false;
        };
        game.scenes[scene]
            .choices
            .get(choice)
            .is_some_and(|c| c.requires.iter().all(|r| self.holds(game, r)))
    }

    /// Indices of the current scene's choices that may be taken now.
    pub fn available(&self, game: &RolePlay) -> Vec<usize> {
        match self.position {
            Position::Scene(scene) => (0..game.scenes[scene].choices.len())
                .filter(|&c| self.is_available(game, c))
                .collect(),
            Position::Ended(_) => Vec::new(),
        }
    }

    /// Applies a command. On error nothing changes and no event is added.
    pub fn apply(
        &mut self,
        game: &RolePlay,
        command: &Command,
        events: &mut Vec<Event>,
    ) -> Result<(), RuleError> {
        let Position::Scene(scene) = self.position else {
            return Err(RuleError::Ended);
        };
        let branch = game.scenes[scene].branch.as_ref();
        match (command, branch) {
            (Command::Continue, Some(branch)) => {
                let route = branch
                    .routes
                    .iter()
                    .position(|r| r.when.iter().all(|c| self.holds(game, c)));
                events.push(Event::BranchTaken { scene, route });
                let target = match route {
                    Some(r) => {
                        let route = &branch.routes[r];
                        self.effects(game, &route.effects, events);
                        route.next
                    }
                    None => branch.otherwise,
                };
                self.go(game, target, events);
                return Ok(());
            }
            (Command::Continue, None) => return Err(RuleError::NotAutomatic),
            (_, Some(_)) => return Err(RuleError::Automatic),
            _ => {}
        }
        let choices = game.scenes[scene].choices.len();
        let choice = match command {
            Command::Choose(c) => {
                if *c >= choices {
                    return Err(RuleError::NoSuchChoice(*c));
                }
                if !self.is_available(game, *c) {
                    return Err(RuleError::NotAvailable(*c));
                }
                *c
            }
            Command::Vote(counts) => {
                if counts.len() != choices {
                    return Err(RuleError::VoteLength {
                        got: counts.len(),
                        expected: choices,
                    });
                }
                if let Some(c) =
                    (0..choices).find(|&c| counts[c] > 0 && !self.is_available(game, c))
                {
                    return Err(RuleError::NotAvailable(c));
                }
                let best = counts.iter().copied().max().unwrap_or(0);
                if best == 0 {
                    return Err(RuleError::NoVotes);
                }
                let tied: Vec<usize> = (0..choices).filter(|&c| counts[c] == best).collect();
                let winner = if tied.len() == 1 {
                    tied[0]
                } else {
                    tied[self.rng.below(tied.len() as u64) as usize]
                };
                events.push(Event::VoteCounted {
                    counts: counts.clone(),
                    winner,
                    tied: tied.len() > 1,
                });
                winner
            }
            Command::Continue => return Err(RuleError::NotAutomatic),
        };
        self.take(game, scene, choice, events);
        Ok(())
    }

    fn take(&mut self, game: &RolePlay, scene: usize, choice: usize, events: &mut Vec<Event>) {
        let c = &game.scenes[scene].choices[choice];
        events.push(Event::ChoiceTaken { scene, choice });
        self.chosen[game.choice_index.global(scene, choice)] = true;
        self.path.push((scene, choice));
        self.effects(game, &c.effects, events);
        let target = match &c.next {
            Next::Go(t) => *t,
            Next::Random(outcomes) => {
                let drawn = if outcomes.iter().any(|o| o.chance.is_some()) {
                    let weights = self.chances(game, outcomes);
                    self.rng
                        .weighted(weights.iter().copied())
                        .unwrap_or_else(|| {
                            // Every chance is 0 now: the first outcome, and the events say why.
                            events.push(Event::NoChance { scene, choice });
                            0
                        })
                } else {
                    self.rng
                        .weighted(outcomes.iter().map(|o| o.weight))
                        .unwrap_or(0)
                };
                events.push(Event::OutcomeDrawn {
                    scene,
                    choice,
                    outcome: drawn,
                });
                let o = &outcomes[drawn];
                self.effects(game, &o.effects, events);
                o.next
            }
        };
        self.go(game, target, events);
    }

    /// The outcomes' weights now: chances read the meters; below 0 (or not a number) is 0.
    /// Fixed weights are scaled as the chances are, so they weigh the same against them.
    fn chances(&self, game: &RolePlay, outcomes: &[crate::scenario::Outcome]) -> Vec<u32> {
        use evalexpr::{ContextWithMutableVariables, HashMapContext, Value};
        let mut context = HashMapContext::new();
        for (m, meter) in game.meters.iter().enumerate() {
            let _ = context.set_value(
                RolePlay::meter_name(&meter.id),
                Value::Float(f64::from(self.meters[m])),
            );
        }
        // Thousandths, so that chances like 0.25 keep their share.
        const SCALE: f64 = 1000.0;
        outcomes
            .iter()
            .map(|o| {
                let w = match &o.chance {
                    Some(f) => f.eval(&context).unwrap_or(0.0),
                    None => f64::from(o.weight),
                };
                if w.is_finite() && w > 0.0 {
                    (w * SCALE).round().min(f64::from(u32::MAX / 64)) as u32
                } else {
                    0
                }
            })
            .collect()
    }

    /// Moves to `target`, unless a meter at a limit that ends the game says otherwise.
    fn go(&mut self, game: &RolePlay, target: Target, events: &mut Vec<Event>) {
        // A meter at a limit that ends the game wins over where the choice leads.
        let limit = game.meters.iter().enumerate().find_map(|(m, meter)| {
            let v = self.meters[m];
            match (meter.at_min, meter.at_max) {
                (Limit::End(e), _) if v <= meter.min => Some((m, e)),
                (_, Limit::End(e)) if v >= meter.max => Some((m, e)),
                _ => None,
            }
        });
        let target = match limit {
            Some((meter, ending)) => {
                events.push(Event::LimitReached { meter, ending });
                Target::Ending(ending)
            }
            None => target,
        };
        match target {
            Target::Scene(s) => {
                self.position = Position::Scene(s);
                events.push(Event::SceneEntered { scene: s });
            }
            Target::Ending(e) => {
                self.position = Position::Ended(e);
                events.push(Event::EndingReached { ending: e });
            }
        }
    }

    fn effects(&mut self, game: &RolePlay, effects: &[Effect], events: &mut Vec<Event>) {
        for effect in effects {
            match *effect {
                Effect::Change { meter, by } => {
                    let m = &game.meters[meter];
                    let from = self.meters[meter];
                    let to = from.saturating_add(by).clamp(m.min, m.max);
                    if to != from {
                        self.meters[meter] = to;
                        events.push(Event::MeterChanged { meter, from, to });
                    }
                }
                Effect::Flag { flag, set } => {
                    if self.flags[flag] != set {
                        self.flags[flag] = set;
                        events.push(Event::FlagChanged { flag, set });
                    }
                }
                Effect::Score(points) => {
                    self.score = self.score.saturating_add(points);
                    events.push(Event::Scored { points });
                }
            }
        }
    }
}
