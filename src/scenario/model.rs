//! The validated scenario: every reference resolved to an index, every formula parsed.
//!
//! Only `validate` builds these, so the engine, the session and the app can index without
//! checks and never see a dangling id.

use std::path::PathBuf;

use super::formula::Formula;
use super::lookup::{ChoiceIndex, FormulaSlots};

/// A supported language. Korean is always present; English is optional per scenario.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    clap::ValueEnum,
)]
pub enum Lang {
    #[default]
    #[serde(rename = "ko")]
    Ko,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ko => "ko",
            Lang::En => "en",
        }
    }
}

/// A player-facing text. Korean always; English when the scenario declares it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text {
    pub ko: String,
    pub en: Option<String>,
}

impl Text {
    /// The text in `lang`, or Korean when that translation is missing.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ko => &self.ko,
            Lang::En => self.en.as_deref().unwrap_or(&self.ko),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Scenario {
    pub id: String,
    pub languages: Vec<Lang>,
    pub title: Text,
    pub summary: Option<Text>,
    pub grades: Vec<String>,
    pub minutes: u32,
    pub objectives: Vec<Text>,
    /// Indices into `glossary`.
    pub concepts: Vec<usize>,
    /// The terms this scenario can show: the shared file's and its own.
    pub glossary: Vec<Concept>,
    pub credits: Vec<String>,
    pub sources: Vec<String>,
    /// Resolved against the scenario's folder.
    pub cover: Option<PathBuf>,
    pub notes: Option<Text>,
    pub game: Game,
}

impl Scenario {
    pub fn kind(&self) -> GameKind {
        match self.game {
            Game::RolePlay(_) => GameKind::RolePlay,
            Game::TeamGame(_) => GameKind::TeamGame,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GameKind {
    RolePlay,
    TeamGame,
}

#[derive(Debug, Clone)]
pub struct Concept {
    pub id: String,
    pub term: Text,
    pub definition: Text,
}

#[derive(Debug, Clone)]
pub enum Game {
    RolePlay(RolePlay),
    TeamGame(Box<TeamGame>),
}

// ---------------------------------------------------------------- role-play

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlayMode {
    /// The whole class is one group and votes on each choice.
    ClassVote,
    /// Each team plays its own run, in turns.
    TeamTurns,
}

#[derive(Debug, Clone)]
pub struct RolePlay {
    pub modes: Vec<PlayMode>,
    pub roles: Vec<Role>,
    pub meters: Vec<Meter>,
    pub flags: Vec<String>,
    pub start: usize,
    pub scenes: Vec<Scene>,
    pub endings: Vec<Ending>,
    /// Built by the validator once the scenes are final.
    pub choice_index: ChoiceIndex,
}

impl RolePlay {
    /// The name a chance formula reads for each meter: its id with `_` for `-`.
    pub fn meter_name(id: &str) -> String {
        id.replace('-', "_")
    }
}

impl Outcome {
    /// Whether the outcome can ever be drawn, as far as the file says (a chance may be 0 at
    /// times, but it is not 0 always).
    pub fn possible(&self) -> bool {
        self.weight > 0 || self.chance.is_some()
    }
}

#[derive(Debug, Clone)]
pub struct Role {
    pub id: String,
    pub name: Text,
    pub description: Option<Text>,
    pub portrait: Option<PathBuf>,
}

#[derive(Debug, Clone)]
pub struct Meter {
    pub id: String,
    pub name: Text,
    pub start: i32,
    pub min: i32,
    pub max: i32,
    pub at_min: Limit,
    pub at_max: Limit,
    pub icon: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    Stay,
    /// Index into `endings`.
    End(usize),
}

#[derive(Debug, Clone)]
pub struct Scene {
    pub id: String,
    /// Index into `roles`; narration when `None`.
    pub speaker: Option<usize>,
    pub text: Text,
    pub image: Option<PathBuf>,
    pub choices: Vec<Choice>,
    /// An automatic branch instead of choices: the class reads the scene, then moves on.
    pub branch: Option<Branch>,
}

/// Routes tried in order when the class moves on from a branch scene.
#[derive(Debug, Clone)]
pub struct Branch {
    pub routes: Vec<Route>,
    /// Taken when no route's conditions hold.
    pub otherwise: Target,
}

#[derive(Debug, Clone)]
pub struct Route {
    pub when: Vec<Condition>,
    pub next: Target,
    /// Said when the route is taken.
    pub text: Option<Text>,
    pub effects: Vec<Effect>,
}

#[derive(Debug, Clone)]
pub struct Choice {
    pub id: String,
    pub text: Text,
    /// Shown after the choice is taken.
    pub feedback: Option<Text>,
    pub requires: Vec<Condition>,
    pub effects: Vec<Effect>,
    pub next: Next,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Scene(usize),
    Ending(usize),
}

#[derive(Debug, Clone)]
pub enum Next {
    Go(Target),
    Random(Vec<Outcome>),
}

#[derive(Debug, Clone)]
pub struct Outcome {
    /// The fixed weight (0 when `chance` gives it).
    pub weight: u32,
    /// A weight that depends on the meters, read when the outcome is drawn.
    pub chance: Option<Formula>,
    pub text: Option<Text>,
    pub effects: Vec<Effect>,
    pub next: Target,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compare {
    AtLeast,
    AtMost,
    Above,
    Below,
}

impl Compare {
    pub fn holds(self, value: i32, than: i32) -> bool {
        match self {
            Compare::AtLeast => value >= than,
            Compare::AtMost => value <= than,
            Compare::Above => value > than,
            Compare::Below => value < than,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    Meter {
        meter: usize,
        compare: Compare,
        value: i32,
    },
    Flag {
        flag: usize,
        set: bool,
    },
    Chose {
        scene: usize,
        choice: usize,
        taken: bool,
    },
    AnyOf(Vec<Condition>),
    Not(Box<Condition>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Change { meter: usize, by: i32 },
    Flag { flag: usize, set: bool },
    Score(i32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tone {
    Good,
    #[default]
    Mixed,
    Bad,
}

#[derive(Debug, Clone)]
pub struct Ending {
    pub id: String,
    pub title: Text,
    pub text: Text,
    pub tone: Tone,
    pub concepts: Vec<usize>,
    pub questions: Vec<Text>,
    pub image: Option<PathBuf>,
}

// ---------------------------------------------------------------- team game

#[derive(Debug, Clone)]
pub struct TeamGame {
    pub min_teams: u32,
    pub max_teams: u32,
    pub rounds: u32,
    pub params: Vec<Param>,
    pub stats: Vec<Stat>,
    pub decisions: Vec<Decision>,
    pub shared: Vec<Shared>,
    pub update: Vec<Update>,
    pub score: Formula,
    pub deck: Vec<Card>,
    pub cards_per_round: u32,
    pub quizzes: Vec<Quiz>,
    pub debrief: Debrief,
    pub stocks: Vec<Stock>,
    pub goal: Option<Goal>,
    /// A practice round before round 1 that never counts.
    pub practice: bool,
    /// Steps between rounds that are not rounds, in the order they come.
    pub steps: Vec<Step>,
    /// A social dilemma, and which way of deciding is cooperating (for `simulate`).
    pub dilemma: Option<Cooperate>,
    /// What each team is in the story; team `t` takes role `t % roles.len()`.
    pub roles: Vec<TeamRole>,
    /// Built by the validator once the names are final.
    pub slots: FormulaSlots,
}

impl TeamGame {
    /// The role team `team` plays, if the game gives teams roles.
    pub fn role_of(&self, team: usize) -> Option<&TeamRole> {
        (!self.roles.is_empty()).then(|| &self.roles[team % self.roles.len()])
    }

    /// Where team `team` starts: each stat's `start`, or its role's.
    pub fn start_stats(&self, team: usize) -> Vec<f64> {
        let mut stats: Vec<f64> = self.stats.iter().map(|s| s.start).collect();
        if let Some(role) = self.role_of(team) {
            for &(stat, value) in &role.start {
                stats[stat] = value;
            }
        }
        stats
    }
}

/// What a team is in the story of a team game.
#[derive(Debug, Clone)]
pub struct TeamRole {
    pub id: String,
    pub name: Text,
    pub description: Option<Text>,
    /// (stat index, start value) for the stats this role starts with differently.
    pub start: Vec<(usize, f64)>,
}

#[derive(Debug, Clone)]
pub struct Param {
    pub id: String,
    pub value: f64,
    pub name: Option<Text>,
}

#[derive(Debug, Clone)]
pub struct Stat {
    pub id: String,
    pub name: Text,
    pub start: f64,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct Decision {
    pub id: String,
    pub prompt: Text,
    pub kind: DecisionKind,
    /// Each team's decision is shown when the round is revealed.
    pub public: bool,
}

#[derive(Debug, Clone)]
pub enum DecisionKind {
    Pick(Vec<Choosable>),
    Split {
        tokens: Formula,
        categories: Vec<Choosable>,
    },
    Number {
        min: Formula,
        max: Formula,
    },
    /// Tokens given to the other teams, per criterion (at least one).
    Allocate {
        tokens: Formula,
        criteria: Vec<Choosable>,
    },
}

impl DecisionKind {
    /// Criteria of an allocation: at least one (a plain amount when the file names none).
    pub fn criteria(&self) -> usize {
        match self {
            DecisionKind::Allocate { criteria, .. } => criteria.len().max(1),
            _ => 0,
        }
    }
}

/// An option of a pick, or a category of a split.
#[derive(Debug, Clone)]
pub struct Choosable {
    pub id: String,
    pub text: Text,
}

#[derive(Debug, Clone)]
pub struct Shared {
    pub id: String,
    pub name: Option<Text>,
    pub formula: Formula,
}

/// In a social dilemma, what cooperating is: number decisions at their most (giving
/// everything to the fund) or their least (catching nothing from the pond).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cooperate {
    Most,
    Least,
}

/// A step between rounds that is not a round.
#[derive(Debug, Clone)]
pub struct Step {
    /// The round it follows; 0 for before the first.
    pub after_round: u32,
    pub kind: StepKind,
    pub prompt: Text,
    /// Minutes on the timer (a pitch: for each team).
    pub minutes: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    Discussion,
    Pitch,
}

/// A class-wide value that carries over from round to round.
#[derive(Debug, Clone)]
pub struct Stock {
    pub id: String,
    pub name: Text,
    pub start: f64,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub update: Formula,
    /// What each team adds each round, summed over the teams and added to `update`.
    pub each_team: Option<Formula>,
    /// The class loses when the stock reaches its min.
    pub lose_at_min: bool,
}

/// What the class tries to do together; it wins or loses as one.
#[derive(Debug, Clone)]
pub struct Goal {
    pub text: Text,
    pub win: Formula,
    pub lose: Option<Formula>,
    pub won: Text,
    pub lost: Text,
    pub show_scores: bool,
}

#[derive(Debug, Clone)]
pub struct Update {
    /// Index into `stats`.
    pub stat: usize,
    pub formula: Formula,
}

#[derive(Debug, Clone)]
pub struct Card {
    pub id: String,
    pub weight: u32,
    pub title: Text,
    pub text: Text,
    /// (index into `params`, value for the round)
    pub params: Vec<(usize, f64)>,
    pub effects: Vec<Update>,
    pub concept: Option<usize>,
    pub image: Option<PathBuf>,
}

#[derive(Debug, Clone)]
pub struct Quiz {
    /// 1-based round.
    pub round: u32,
    pub question: Text,
    pub options: Vec<Text>,
    /// 0-based index into `options`.
    pub answer: usize,
    pub explanation: Text,
    pub concept: Option<usize>,
    pub points: f64,
}

#[derive(Debug, Clone)]
pub struct Debrief {
    pub text: Text,
    pub concepts: Vec<usize>,
    pub questions: Vec<Text>,
}
