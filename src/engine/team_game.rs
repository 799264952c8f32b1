//! Team-game rules: rounds in which every team decides at once, shared results computed from
//! all decisions, event cards, quizzes, formulas, scores and ranks.
//!
//! A round goes: `BeginRound` (cards are drawn and shown before anyone decides; a card's
//! params hold for this round) → a `Decide` for every team, `Answer`s to the round's quizzes
//! → `Resolve`: aggregates over all teams → `shared` formulas in order → each team's `update`
//! formulas in order (each sees the stats the lines before it set) → the cards' effects →
//! stats kept within their bounds → quiz points → scores. A command that fails changes nothing.

use std::collections::HashMap;

use evalexpr::{EvalexprError, Value};

use crate::i18n::{Lang, Msg};
use crate::scenario::formula::Formula;
use crate::scenario::{DecisionKind, StepKind, TeamGame, limits};

use super::rng::GameRng;

/// Evaluates a formula over a frame of values laid out by the game's `FormulaSlots`.
fn eval(game: &TeamGame, formula: &Formula, values: &[Value]) -> Result<f64, RuleError> {
    let frame = Frame {
        slots: &game.slots.slots,
        values,
    };
    match formula.eval(&frame) {
        Ok(v) if v.is_finite() => Ok(v),
        Ok(v) => Err(RuleError::Formula {
            formula: formula.source.clone(),
            message: format!(
                "the result is {v}, not a number a game can use (a division by zero?)"
            ),
        }),
        Err(message) => Err(RuleError::Formula {
            formula: formula.source.clone(),
            message,
        }),
    }
}

/// The values formulas read, by slot.
struct Frame<'a> {
    slots: &'a HashMap<String, usize>,
    values: &'a [Value],
}

impl evalexpr::Context for Frame<'_> {
    fn get_value(&self, identifier: &str) -> Option<&Value> {
        self.slots.get(identifier).and_then(|&i| self.values.get(i))
    }

    fn call_function(&self, identifier: &str, _: &Value) -> evalexpr::EvalexprResult<Value> {
        // Builtins (min, max, floor, …) are looked up after this; validation allows no others.
        Err(EvalexprError::FunctionIdentifierNotFound(
            identifier.to_owned(),
        ))
    }

    fn are_builtin_functions_disabled(&self) -> bool {
        false
    }

    fn set_builtin_functions_disabled(&mut self, _: bool) -> evalexpr::EvalexprResult<()> {
        Ok(())
    }
}

/// One team's decision for one decision of the round.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Decided {
    /// Index of the option picked.
    Pick(usize),
    /// Tokens per category, in the categories' order.
    Split(Vec<u32>),
    Number(i64),
    /// Tokens given to each team per criterion: entry `to_team * criteria + criterion`; the
    /// giving team's own entries are 0.
    Allocate(Vec<u32>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct TeamState {
    pub stats: Vec<f64>,
    pub quiz_points: f64,
    pub score: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Before the first round, or after a round was resolved.
    BetweenRounds,
    /// Cards are drawn; teams are deciding.
    Deciding,
    /// A step between rounds (index into the game's `steps`): a discussion, or a pitch.
    Step(usize),
    Finished,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Game {
    /// Rounds begun so far (1-based number of the current round once begun).
    pub round: u32,
    pub phase: Phase,
    pub teams: Vec<TeamState>,
    /// Params in effect this round (cards may change them).
    pub params: Vec<f64>,
    pub shared: Vec<f64>,
    /// Cards drawn this round.
    pub cards: Vec<usize>,
    /// This round's decisions, per team.
    pub decisions: Vec<Option<Vec<Decided>>>,
    /// Answers to this round's quizzes: (quiz index, team) → option.
    pub answers: HashMap<(usize, usize), usize>,
    /// Every quiz answer of the rounds resolved so far, in order: (quiz, team, right). The
    /// report counts them per concept (a pre/post check for the center).
    pub quiz_record: Vec<(usize, usize, bool)>,
    /// Scores after each resolved round, per team.
    pub history: Vec<Vec<f64>>,
    /// The class-wide stocks, carried over from round to round.
    pub stocks: Vec<f64>,
    /// Whether the class won or lost together, once decided (games with a `goal`).
    pub outcome: Option<ClassOutcome>,
    /// The practice round is still to come or under way (it never counts).
    pub practicing: bool,
    /// In a pitch step, the team presenting.
    pub presenting: usize,
    rng: GameRng,
}

/// How a class goal was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// The goal's `win` formula held.
    Win,
    /// The goal's `lose` formula held.
    Lose,
    /// A stock that loses the game reached its min (index into `stocks`).
    Stock(usize),
    /// The last round ended without the goal reached.
    OutOfRounds,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClassOutcome {
    pub won: bool,
    pub cause: Cause,
    /// The round after which it was decided.
    pub round: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Command {
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
    /// Move on in a step: the next team's pitch, or out of the step.
    NextStep,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    RoundBegan {
        round: u32,
    },
    CardDrawn {
        card: usize,
    },
    Decided {
        team: usize,
    },
    Answered {
        team: usize,
        quiz: usize,
        correct: bool,
    },
    SharedComputed {
        shared: usize,
        value: f64,
    },
    StatChanged {
        team: usize,
        stat: usize,
        from: f64,
        to: f64,
    },
    QuizScored {
        team: usize,
        quiz: usize,
        points: f64,
    },
    StockChanged {
        stock: usize,
        from: f64,
        to: f64,
    },
    RoundScored {
        round: u32,
        scores: Vec<f64>,
    },
    /// The class won or lost together; the game ends.
    ClassDecided(ClassOutcome),
    /// A step between rounds began.
    StepBegan {
        step: usize,
    },
    /// In a pitch, this team presents now.
    PitchTurn {
        team: usize,
    },
    /// The practice round is over: everything is back at the start.
    PracticeOver,
    Finished {
        ranks: Vec<usize>,
    },
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RuleError {
    #[error("the game has ended")]
    Finished,
    #[error("a round is already under way")]
    RoundUnderWay,
    #[error("a step between rounds is under way; move on first")]
    StepUnderWay,
    #[error("there is no step between rounds now")]
    NoStep,
    #[error("no round is under way; begin one first")]
    NoRound,
    #[error("there is no team {0}")]
    NoSuchTeam(usize),
    #[error("expected {expected} decisions, got {got}")]
    DecisionCount { expected: usize, got: usize },
    #[error("decision '{decision}': {}", .message.en)]
    BadDecision { decision: String, message: Msg },
    #[error("quiz {0} is not asked this round")]
    NotThisRound(usize),
    #[error("quiz answer {option} is not one of the {options} options")]
    NoSuchOption { option: usize, options: usize },
    #[error("teams still deciding: {0:?}")]
    Undecided(Vec<usize>),
    #[error("the formula \"{formula}\" failed: {message}")]
    Formula { formula: String, message: String },
    #[error("decision '{decision}': {}", .message.en)]
    Bounds { decision: String, message: Msg },
}

impl RuleError {
    /// The refusal in both languages, for the instructor's screen and the CLI.
    pub fn msg(&self) -> Msg {
        let en = self.to_string();
        match self {
            RuleError::Finished => tr!("게임이 끝났어요", "{en}"),
            RuleError::RoundUnderWay => tr!("라운드가 이미 진행 중이에요", "{en}"),
            RuleError::StepUnderWay => tr!(
                "라운드 사이 활동이 진행 중이에요. 먼저 다음으로 넘어가 주세요",
                "{en}"
            ),
            RuleError::NoStep => tr!("지금은 라운드 사이 활동이 없어요", "{en}"),
            RuleError::NoRound => tr!(
                "진행 중인 라운드가 없어요. 먼저 라운드를 시작해 주세요",
                "{en}"
            ),
            RuleError::NoSuchTeam(t) => {
                let n = t + 1;
                tr!("{n}번째 팀은 없어요", "{en}")
            }
            RuleError::DecisionCount { expected, got } => {
                tr!("결정이 {expected}개 필요한데 {got}개가 왔어요", "{en}")
            }
            RuleError::BadDecision { decision, message }
            | RuleError::Bounds { decision, message } => {
                let ko = message.get(Lang::Ko);
                tr!("결정 '{decision}': {ko}", "{en}")
            }
            RuleError::NotThisRound(q) => {
                let n = q + 1;
                tr!("{n}번 퀴즈는 이번 라운드에 내지 않아요", "{en}")
            }
            RuleError::NoSuchOption { option, options } => {
                let n = option + 1;
                tr!("퀴즈 답 {n}번은 없어요(보기 {options}개)", "{en}")
            }
            RuleError::Undecided(teams) => {
                let list = teams
                    .iter()
                    .map(|t| (t + 1).to_string())
                    .collect::<Vec<_>>()
                    .join(", ");
                tr!("아직 정하지 않은 팀이 있어요: {list}", "{en}")
            }
            RuleError::Formula { formula, message } => {
                let why = crate::scenario::formula::explain(message);
                let ko = why.get(Lang::Ko);
                tr!("공식 \"{formula}\"을(를) 계산하지 못했어요: {ko}", "{en}")
            }
        }
    }
}

impl Game {
    pub fn new(game: &TeamGame, teams: usize, seed: u64) -> Self {
        Game {
            round: 0,
            phase: Phase::BetweenRounds,
            teams: (0..teams)
                .map(|t| TeamState {
                    stats: game.start_stats(t),
                    quiz_points: 0.0,
                    score: 0.0,
                })
                .collect(),
            params: game.params.iter().map(|p| p.value).collect(),
            shared: vec![0.0; game.shared.len()],
            cards: Vec::new(),
            decisions: vec![None; teams],
            answers: HashMap::new(),
            quiz_record: Vec::new(),
            history: Vec::new(),
            stocks: game.stocks.iter().map(|s| s.start).collect(),
            outcome: None,
            practicing: game.practice,
            presenting: 0,
            rng: GameRng::new(seed),
        }
        .with_phase(game)
    }

    /// The game starts with the steps that come before the first round, if any.
    fn with_phase(mut self, game: &TeamGame) -> Self {
        if let Some(first) = game.steps.iter().position(|s| s.after_round == 0) {
            self.phase = Phase::Step(first);
        }
        self
    }

    /// What follows round `round` (or a step of it, `after`: steps come in the game's order):
    /// its next step, else the next round, else the end.
    fn after(&self, game: &TeamGame, after: Option<usize>) -> Phase {
        let from = after.map_or(0, |i| i + 1);
        match game.steps[from.min(game.steps.len())..]
            .iter()
            .position(|s| s.after_round == self.round)
        {
            Some(k) => Phase::Step(from + k),
            None if self.round >= game.rounds => Phase::Finished,
            None => Phase::BetweenRounds,
        }
    }

    fn next_step(&mut self, game: &TeamGame, events: &mut Vec<Event>) -> Result<(), RuleError> {
        let Phase::Step(i) = self.phase else {
            return Err(RuleError::NoStep);
        };
        if game.steps[i].kind == StepKind::Pitch && self.presenting + 1 < self.teams.len() {
            self.presenting += 1;
            events.push(Event::PitchTurn {
                team: self.presenting,
            });
            return Ok(());
        }
        self.enter(game, self.after(game, Some(i)), events);
        Ok(())
    }

    /// Moves to `phase`, with the events that announce it.
    fn enter(&mut self, game: &TeamGame, phase: Phase, events: &mut Vec<Event>) {
        match phase {
            Phase::Step(step) => {
                self.presenting = 0;
                events.push(Event::StepBegan { step });
                if game.steps[step].kind == StepKind::Pitch {
                    events.push(Event::PitchTurn { team: 0 });
                }
            }
            Phase::Finished => events.push(Event::Finished {
                ranks: self.ranks(),
            }),
            Phase::BetweenRounds | Phase::Deciding => {}
        }
        self.phase = phase;
    }

    /// Indices of the quizzes asked in the current round.
    pub fn quizzes_now<'g>(&self, game: &'g TeamGame) -> impl Iterator<Item = usize> + 'g {
        let round = self.round;
        let asking = self.phase == Phase::Deciding;
        game.quizzes
            .iter()
            .enumerate()
            .filter(move |(_, q)| asking && q.round == round)
            .map(|(i, _)| i)
    }

    /// The slots a team's own formulas read, filled for `team` (shared values included).
    fn frame(&self, game: &TeamGame, team: usize, aggregates: &[Value]) -> Vec<Value> {
        let l = &game.slots;
        let mut values = aggregates.to_vec();
        for (s, v) in self.teams[team].stats.iter().enumerate() {
            values[l.stats + s] = Value::Float(*v);
        }
        put_role(game, team, &mut values);
        if let Some(decided) = &self.decisions[team] {
            for (d, (value, slots)) in decided.iter().zip(&l.decisions).enumerate() {
                match (value, &game.decisions[d].kind) {
                    (Decided::Pick(o), DecisionKind::Pick(options)) => {
                        values[slots.own] = Value::String(options[*o].id.clone());
                        for k in 0..options.len() {
                            values[slots.own + 1 + k] =
                                Value::Float(if k == *o { 1.0 } else { 0.0 });
                        }
                    }
                    (Decided::Split(tokens), _) => {
                        for (k, t) in tokens.iter().enumerate() {
                            values[slots.own + k] = Value::Float(f64::from(*t));
                        }
                    }
                    (Decided::Number(n), _) => values[slots.own] = Value::Float(*n as f64),
                    _ => {}
                }
            }
        }
        // What the team received from every allocation: in all, then per named criterion.
        for (d, decision) in game.decisions.iter().enumerate() {
            if let DecisionKind::Allocate { criteria, .. } = &decision.kind {
                let own = l.decisions[d].own;
                let got = &self.received(game, d)[team];
                values[own] = Value::Float(got.iter().sum());
                for c in 0..criteria.len() {
                    values[own + 1 + c] = Value::Float(got[c]);
                }
            }
        }
        values
    }

    /// Slots every formula may read: teams, round, params, aggregates, shared.
    fn base_values(&self, game: &TeamGame) -> Vec<Value> {
        let l = &game.slots;
        let mut values = vec![Value::Float(0.0); l.len];
        values[l.teams] = Value::Float(self.teams.len() as f64);
        values[l.round] = Value::Float(f64::from(self.round));
        for (i, p) in self.params.iter().enumerate() {
            values[l.params + i] = Value::Float(*p);
        }
        for (i, s) in self.stocks.iter().enumerate() {
            values[l.stocks + i] = Value::Float(*s);
        }
        for r in 0..game.roles.len() {
            let count = (r..self.teams.len()).step_by(game.roles.len()).count();
            values[l.role_counts + r] = Value::Float(count as f64);
        }
        values
    }

    /// Bounds of a Number decision or the tokens of a Split, for `team` this round.
    pub fn bounds(
        &self,
        game: &TeamGame,
        team: usize,
        decision: usize,
    ) -> Result<(i64, i64), RuleError> {
        let values = self.frame(game, team, &self.base_values(game));
        let d = &game.decisions[decision];
        let bad = |message: Msg| RuleError::Bounds {
            decision: d.id.clone(),
            message,
        };
        let number = |formula: &Formula| -> Result<i64, RuleError> {
            let v = eval(game, formula, &values)?.round();
            if v.abs() > limits::NUMBER as f64 {
                let (source, limit) = (&formula.source, limits::NUMBER);
                return Err(bad(tr!(
                    "\"{source}\"의 값이 {v}이에요. 팀이 적는 수는 ±{limit} 안이어야 해요",
                    "\"{source}\" gives {v}; a number a team enters must lie within ±{limit}"
                )));
            }
            Ok(v as i64)
        };
        match &d.kind {
            DecisionKind::Number { min, max } => {
                let (low, high) = (number(min)?, number(max)?);
                if low > high {
                    return Err(bad(tr!(
                        "가장 작은 값({low})이 가장 큰 값({high})보다 커서 고를 수 있는 수가 없어요",
                        "the least allowed ({low}) is above the most ({high}), so no number fits"
                    )));
                }
                Ok((low, high))
            }
            DecisionKind::Split { tokens, .. } | DecisionKind::Allocate { tokens, .. } => {
                let t = eval(game, tokens, &values)?.round().max(0.0);
                if t > limits::TOKENS as f64 {
                    let (source, limit) = (&tokens.source, limits::TOKENS);
                    return Err(bad(tr!(
                        "\"{source}\"에 따라 팀마다 토큰을 {t}개 받아요. 나누는 토큰은 {limit}개까지예요",
                        "\"{source}\" hands each team {t} tokens; a split may hand out at most {limit}"
                    )));
                }
                Ok((t as i64, t as i64))
            }
            DecisionKind::Pick(options) => Ok((0, options.len() as i64 - 1)),
        }
    }

    /// The least a team may decide this round: the first option of a Pick, the minimum of a
    /// Number, and a Split's tokens all in its first category. What the screen offers before
    /// a team decides, what a skipped team is given, and what the `min` bot plays.
    pub fn least_decision(&self, game: &TeamGame, team: usize) -> Result<Vec<Decided>, RuleError> {
        if team >= self.teams.len() {
            return Err(RuleError::NoSuchTeam(team));
        }
        (0..game.decisions.len())
            .map(|d| self.least(game, team, d))
            .collect()
    }

    /// The least allowed value of decision `decision` for `team` (see `least_decision`).
    pub fn least(
        &self,
        game: &TeamGame,
        team: usize,
        decision: usize,
    ) -> Result<Decided, RuleError> {
        Ok(match &game.decisions[decision].kind {
            DecisionKind::Pick(_) => Decided::Pick(0),
            DecisionKind::Number { .. } => Decided::Number(self.bounds(game, team, decision)?.0),
            DecisionKind::Split { categories, .. } => {
                let (tokens, _) = self.bounds(game, team, decision)?;
                let mut split = vec![0; categories.len()];
                if let Some(first) = split.first_mut() {
                    *first = u32::try_from(tokens.max(0)).unwrap_or(u32::MAX);
                }
                Decided::Split(split)
            }
            kind @ DecisionKind::Allocate { .. } => {
                // Everything to the next team, for the first criterion.
                let (tokens, _) = self.bounds(game, team, decision)?;
                let k = kind.criteria();
                let teams = self.teams.len();
                let mut given = vec![0; teams * k];
                given[((team + 1) % teams) * k] = u32::try_from(tokens.max(0)).unwrap_or(u32::MAX);
                Decided::Allocate(given)
            }
        })
    }

    /// What each team received this round from decision `decision` (an allocation), per
    /// criterion: `[team][criterion]`, from the decisions made so far.
    pub fn received(&self, game: &TeamGame, decision: usize) -> Vec<Vec<f64>> {
        let k = game.decisions[decision].kind.criteria().max(1);
        let mut received = vec![vec![0.0; k]; self.teams.len()];
        for given in self.decisions.iter().flatten() {
            if let Some(Decided::Allocate(v)) = given.get(decision) {
                for (i, n) in v.iter().enumerate() {
                    if let Some(to) = received.get_mut(i / k) {
                        to[i % k] += f64::from(*n);
                    }
                }
            }
        }
        received
    }

    pub fn apply(
        &mut self,
        game: &TeamGame,
        command: &Command,
        events: &mut Vec<Event>,
    ) -> Result<(), RuleError> {
        if self.phase == Phase::Finished {
            return Err(RuleError::Finished);
        }
        match command {
            Command::BeginRound => self.begin_round(game, events),
            Command::Decide { team, values } => self.decide(game, *team, values, events),
            Command::Answer { team, quiz, option } => {
                if self.phase != Phase::Deciding {
                    return Err(RuleError::NoRound);
                }
                if *team >= self.teams.len() {
                    return Err(RuleError::NoSuchTeam(*team));
                }
                let q = game
                    .quizzes
                    .get(*quiz)
                    .filter(|q| q.round == self.round)
                    .ok_or(RuleError::NotThisRound(*quiz))?;
                if *option >= q.options.len() {
                    return Err(RuleError::NoSuchOption {
                        option: *option,
                        options: q.options.len(),
                    });
                }
                self.answers.insert((*quiz, *team), *option);
                events.push(Event::Answered {
                    team: *team,
                    quiz: *quiz,
                    correct: *option == q.answer,
                });
                Ok(())
            }
            Command::Resolve => self.resolve(game, events),
            Command::NextStep => self.next_step(game, events),
        }
    }

    fn begin_round(&mut self, game: &TeamGame, events: &mut Vec<Event>) -> Result<(), RuleError> {
        match self.phase {
            Phase::Deciding => return Err(RuleError::RoundUnderWay),
            Phase::Step(_) => return Err(RuleError::StepUnderWay),
            Phase::BetweenRounds | Phase::Finished => {}
        }
        // The practice round is round 0; after it, round 1 starts from the beginning.
        if self.practicing {
            // Nothing to set back yet.
        } else {
            if self.round == 0 && game.practice {
                // Back to the start, each change told as any other is.
                let fresh = Game::new(game, self.teams.len(), 0);
                for (t, (now, start)) in self.teams.iter().zip(&fresh.teams).enumerate() {
                    for (stat, (&from, &to)) in now.stats.iter().zip(&start.stats).enumerate() {
                        if from != to {
                            events.push(Event::StatChanged {
                                team: t,
                                stat,
                                from,
                                to,
                            });
                        }
                    }
                }
                for (stock, (&from, &to)) in self.stocks.iter().zip(&fresh.stocks).enumerate() {
                    if from != to {
                        events.push(Event::StockChanged { stock, from, to });
                    }
                }
                self.teams = fresh.teams;
                self.stocks = fresh.stocks;
                self.shared = fresh.shared;
            }
            self.round += 1;
        }
        self.phase = Phase::Deciding;
        self.params = game.params.iter().map(|p| p.value).collect();
        // A game of quizzes alone has nothing to decide: every team is ready at once.
        let nothing = game.decisions.is_empty().then(Vec::new);
        self.decisions = vec![nothing; self.teams.len()];
        self.answers.clear();
        self.cards.clear();
        events.push(Event::RoundBegan { round: self.round });
        // Cards are drawn without putting them back within a round.
        let mut weights: Vec<u32> = game.deck.iter().map(|c| c.weight).collect();
        for _ in 0..game.cards_per_round {
            let Some(card) = self.rng.weighted(weights.iter().copied()) else {
                break;
            };
            weights[card] = 0;
            for (param, value) in &game.deck[card].params {
                self.params[*param] = *value;
            }
            self.cards.push(card);
            events.push(Event::CardDrawn { card });
        }
        Ok(())
    }

    fn decide(
        &mut self,
        game: &TeamGame,
        team: usize,
        values: &[Decided],
        events: &mut Vec<Event>,
    ) -> Result<(), RuleError> {
        if self.phase != Phase::Deciding {
            return Err(RuleError::NoRound);
        }
        if team >= self.teams.len() {
            return Err(RuleError::NoSuchTeam(team));
        }
        let decisions = &game.decisions;
        if values.len() != decisions.len() {
            return Err(RuleError::DecisionCount {
                expected: decisions.len(),
                got: values.len(),
            });
        }
        for (d, (value, decision)) in values.iter().zip(decisions).enumerate() {
            let bad = |message: Msg| RuleError::BadDecision {
                decision: decision.id.clone(),
                message,
            };
            match (value, &decision.kind) {
                (Decided::Pick(o), DecisionKind::Pick(options)) => {
                    if *o >= options.len() {
                        return Err(bad(tr!(
                            "{o}번 선택지는 없어요",
                            "option {o} does not exist"
                        )));
                    }
                }
                (Decided::Split(tokens), DecisionKind::Split { categories, .. }) => {
                    let (total, _) = self.bounds(game, team, d)?;
                    if tokens.len() != categories.len() {
                        let n = categories.len();
                        return Err(bad(tr!(
                            "칸 {n}개의 수가 필요해요",
                            "{n} categories expected"
                        )));
                    }
                    let sum: i64 = tokens.iter().map(|t| i64::from(*t)).sum();
                    if sum != total {
                        return Err(bad(tr!(
                            "토큰의 합이 {total}이 아니라 {sum}이에요",
                            "the tokens add up to {sum}, not {total}"
                        )));
                    }
                }
                (Decided::Allocate(given), kind @ DecisionKind::Allocate { .. }) => {
                    let (total, _) = self.bounds(game, team, d)?;
                    let k = kind.criteria();
                    if given.len() != self.teams.len() * k {
                        let (teams, n) = (self.teams.len(), self.teams.len() * k);
                        return Err(bad(tr!(
                            "수 {n}개가 필요해요({teams}팀 × {k})",
                            "{n} amounts expected ({teams} teams × {k})"
                        )));
                    }
                    if given[team * k..(team + 1) * k].iter().any(|n| *n > 0) {
                        return Err(bad(tr!(
                            "자기 팀에게는 줄 수 없어요",
                            "a team cannot give to itself"
                        )));
                    }
                    let sum: i64 = given.iter().map(|t| i64::from(*t)).sum();
                    if sum != total {
                        return Err(bad(tr!(
                            "토큰의 합이 {total}이 아니라 {sum}이에요",
                            "the tokens add up to {sum}, not {total}"
                        )));
                    }
                }
                (Decided::Number(n), DecisionKind::Number { .. }) => {
                    let (min, max) = self.bounds(game, team, d)?;
                    if *n < min || *n > max {
                        return Err(bad(tr!(
                            "{n}은(는) {min}부터 {max}까지의 범위 밖이에요",
                            "{n} is outside {min}..{max}"
                        )));
                    }
                }
                _ => {
                    return Err(bad(tr!(
                        "다른 종류의 결정이 와야 해요",
                        "a different kind of decision was expected"
                    )));
                }
            }
        }
        self.decisions[team] = Some(values.to_vec());
        events.push(Event::Decided { team });
        Ok(())
    }

    fn resolve(&mut self, game: &TeamGame, events: &mut Vec<Event>) -> Result<(), RuleError> {
        if self.phase != Phase::Deciding {
            return Err(RuleError::NoRound);
        }
        let undecided: Vec<usize> = (0..self.teams.len())
            .filter(|&t| self.decisions[t].is_none())
            .collect();
        if !undecided.is_empty() {
            return Err(RuleError::Undecided(undecided));
        }
        let l = &game.slots;
        let n = self.teams.len() as f64;
        let mut base = self.base_values(game);
        // Aggregates over every team's decisions and stats.
        let put4 = |base: &mut Vec<Value>, at: usize, xs: &mut dyn Iterator<Item = f64>| {
            let (mut total, mut min, mut max) = (0.0, f64::INFINITY, f64::NEG_INFINITY);
            for x in xs {
                total += x;
                min = min.min(x);
                max = max.max(x);
            }
            base[at] = Value::Float(total);
            base[at + 1] = Value::Float(total / n);
            base[at + 2] = Value::Float(min);
            base[at + 3] = Value::Float(max);
        };
        for (d, decision) in game.decisions.iter().enumerate() {
            let slots = &l.decisions[d];
            let of_team = |t: usize| &self.decisions[t].as_ref().expect("all decided")[d];
            match &decision.kind {
                DecisionKind::Pick(options) => {
                    for k in 0..options.len() {
                        let count = (0..self.teams.len())
                            .filter(|&t| *of_team(t) == Decided::Pick(k))
                            .count();
                        base[slots.aggregates + k] = Value::Float(count as f64);
                    }
                }
                DecisionKind::Split { categories, .. } => {
                    for k in 0..categories.len() {
                        let mut xs = (0..self.teams.len()).map(|t| match of_team(t) {
                            Decided::Split(v) => f64::from(v[k]),
                            _ => 0.0,
                        });
                        put4(&mut base, slots.aggregates + 4 * k, &mut xs);
                    }
                }
                DecisionKind::Number { .. } => {
                    let mut xs = (0..self.teams.len()).map(|t| match of_team(t) {
                        Decided::Number(v) => *v as f64,
                        _ => 0.0,
                    });
                    put4(&mut base, slots.aggregates, &mut xs);
                }
                DecisionKind::Allocate { .. } => {
                    let received = self.received(game, d);
                    let mut xs = received.iter().map(|r| r.iter().sum::<f64>());
                    put4(&mut base, slots.aggregates, &mut xs);
                }
            }
        }
        for s in 0..game.stats.len() {
            let mut xs = self.teams.iter().map(|t| t.stats[s]);
            put4(&mut base, l.stat_aggregates + 4 * s, &mut xs);
        }
        // Stocks in order, each seeing the new values of the ones before it.
        let mut stocks = self.stocks.clone();
        let mut stock_events = Vec::new();
        for (i, stock) in game.stocks.iter().enumerate() {
            let from = stocks[i];
            let mut to = eval(game, &stock.update, &base)?;
            if let Some(each) = &stock.each_team {
                for t in 0..self.teams.len() {
                    to += eval(game, each, &self.frame(game, t, &base))?;
                }
            }
            if let Some(min) = stock.min {
                to = to.max(min);
            }
            if let Some(max) = stock.max {
                to = to.min(max);
            }
            stocks[i] = to;
            base[l.stocks + i] = Value::Float(to);
            if to != from {
                stock_events.push(Event::StockChanged { stock: i, from, to });
            }
        }
        // Shared values in order, each seeing the ones before it.
        let mut shared = Vec::with_capacity(game.shared.len());
        for (i, s) in game.shared.iter().enumerate() {
            let v = eval(game, &s.formula, &base)?;
            base[l.shared + i] = Value::Float(v);
            shared.push(v);
        }
        // Every team's stats, computed on a copy so a failing formula changes nothing.
        let mut teams = self.teams.clone();
        let mut changes = Vec::new();
        for (t, team) in teams.iter_mut().enumerate() {
            let mut values = self.frame(game, t, &base);
            let updates = game
                .update
                .iter()
                .chain(self.cards.iter().flat_map(|&c| &game.deck[c].effects));
            for u in updates {
                let stat = &game.stats[u.stat];
                let from = team.stats[u.stat];
                let mut to = eval(game, &u.formula, &values)?;
                if let Some(min) = stat.min {
                    to = to.max(min);
                }
                if let Some(max) = stat.max {
                    to = to.min(max);
                }
                team.stats[u.stat] = to;
                values[l.stats + u.stat] = Value::Float(to);
                if to != from {
                    changes.push(Event::StatChanged {
                        team: t,
                        stat: u.stat,
                        from,
                        to,
                    });
                }
            }
        }
        let mut quiz_events = Vec::new();
        let mut record = Vec::new();
        for q in self.quizzes_now(game).collect::<Vec<_>>() {
            let quiz = &game.quizzes[q];
            for t in 0..teams.len() {
                if let Some(&option) = self.answers.get(&(q, t)) {
                    record.push((q, t, option == quiz.answer));
                }
            }
            for (t, team) in teams.iter_mut().enumerate() {
                if self.answers.get(&(q, t)) == Some(&quiz.answer) {
                    team.quiz_points += quiz.points;
                    quiz_events.push(Event::QuizScored {
                        team: t,
                        quiz: q,
                        points: quiz.points,
                    });
                }
            }
        }
        let mut scores = Vec::with_capacity(teams.len());
        for (t, team) in teams.iter_mut().enumerate() {
            let values = {
                let mut v = self.base_values(game);
                for (s, x) in team.stats.iter().enumerate() {
                    v[l.stats + s] = Value::Float(*x);
                }
                // The score may weigh a team by its role, as every team formula may.
                put_role(game, t, &mut v);
                v
            };
            team.score = eval(game, &game.score, &values)? + team.quiz_points;
            scores.push(team.score);
        }
        // The class goal, over the values the reveal shows: a lost stock first, then `lose`,
        // then `win`; not won by the last round is lost.
        let outcome = match &game.goal {
            // A practice round decides nothing.
            Some(_) if self.practicing => None,
            None => None,
            Some(goal) => {
                for s in 0..game.stats.len() {
                    let mut xs = teams.iter().map(|t| t.stats[s]);
                    put4(&mut base, l.stat_aggregates + 4 * s, &mut xs);
                }
                for (i, v) in shared.iter().enumerate() {
                    base[l.shared + i] = Value::Float(*v);
                }
                let holds = |f: &Formula| eval(game, f, &base).map(|v| v != 0.0);
                let lost_stock = game
                    .stocks
                    .iter()
                    .enumerate()
                    .position(|(i, s)| s.lose_at_min && s.min.is_some_and(|m| stocks[i] <= m));
                let cause = if let Some(i) = lost_stock {
                    Some(Cause::Stock(i))
                } else if let Some(lose) = &goal.lose
                    && holds(lose)?
                {
                    Some(Cause::Lose)
                } else if holds(&goal.win)? {
                    Some(Cause::Win)
                } else if self.round >= game.rounds {
                    Some(Cause::OutOfRounds)
                } else {
                    None
                };
                cause.map(|cause| ClassOutcome {
                    won: cause == Cause::Win,
                    cause,
                    round: self.round,
                })
            }
        };
        // Everything computed: commit.
        events.extend(stock_events);
        for (i, v) in shared.iter().enumerate() {
            events.push(Event::SharedComputed {
                shared: i,
                value: *v,
            });
        }
        events.extend(changes);
        events.extend(quiz_events);
        events.push(Event::RoundScored {
            round: self.round,
            scores: scores.clone(),
        });
        self.shared = shared;
        self.stocks = stocks;
        self.teams = teams;
        self.quiz_record.extend(record);
        if self.practicing {
            // The class sees how the practice round went; round 1 starts afresh.
            self.practicing = false;
            self.phase = Phase::BetweenRounds;
            events.push(Event::PracticeOver);
            return Ok(());
        }
        self.history.push(scores);
        if let Some(outcome) = outcome {
            events.push(Event::ClassDecided(outcome));
            self.outcome = Some(outcome);
            self.enter(game, Phase::Finished, events);
        } else {
            let next = self.after(game, None);
            self.enter(game, next, events);
        }
        Ok(())
    }

    /// Rank of each team (1 = best); equal scores share a rank (1, 1, 3).
    pub fn ranks(&self) -> Vec<usize> {
        ranks(&self.teams.iter().map(|t| t.score).collect::<Vec<_>>())
    }
}

/// Competition ranking of scores: 1 for the best; ties share the better rank.
/// `role_<id>` for `team`: 1 for its role, 0 for the others (nothing without roles).
fn put_role(game: &TeamGame, team: usize, values: &mut [Value]) {
    if game.roles.is_empty() {
        return;
    }
    let mine = team % game.roles.len();
    for r in 0..game.roles.len() {
        values[game.slots.roles + r] = Value::Float(if r == mine { 1.0 } else { 0.0 });
    }
}

pub fn ranks(scores: &[f64]) -> Vec<usize> {
    scores
        .iter()
        .map(|s| 1 + scores.iter().filter(|o| *o > s).count())
        .collect()
}
