//! The scenario file as written: serde types that mirror the RON text one to one.
//!
//! Ids are plain strings and optional fields stay optional; nothing here is checked beyond
//! RON's own syntax and field names. `validate` turns a `RawScenario` into the typed model or
//! into diagnostics. Field names are the names instructors type, so they are documented in
//! `docs/scenario-format.md` and must not change lightly.

use serde::Deserialize;

/// A player-facing text in each language the scenario declares: `(ko: "…", en: "…")`,
/// or just `"…"` for a Korean-only text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawText {
    pub ko: Option<String>,
    pub en: Option<String>,
}

impl<'de> Deserialize<'de> for RawText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct ByLanguage {
            #[serde(default)]
            ko: Option<String>,
            #[serde(default)]
            en: Option<String>,
        }
        struct TextVisitor;
        impl<'de> serde::de::Visitor<'de> for TextVisitor {
            type Value = RawText;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                // Shown to authors; its Korean is in `ron_errors::expected_ko`: change both.
                f.write_str(r#"a text: "…" or (ko: "…", en: "…")"#)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawText, E> {
                Ok(RawText {
                    ko: Some(v.to_owned()),
                    en: None,
                })
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<RawText, E> {
                Ok(RawText {
                    ko: Some(v),
                    en: None,
                })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<RawText, A::Error> {
                let by =
                    ByLanguage::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(RawText {
                    ko: by.ko,
                    en: by.en,
                })
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

/// The whole file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Scenario")]
pub struct RawScenario {
    /// Stable id: lower-case letters, digits and `-`; sessions refer to it.
    pub id: String,
    /// Format version, so later versions of Kkumgil can read old files.
    #[serde(default)]
    pub format: Option<u32>,
    /// Languages every player-facing text must have. Korean always comes first.
    #[serde(default)]
    pub languages: Option<Vec<String>>,
    pub title: RawText,
    #[serde(default)]
    pub summary: Option<RawText>,
    /// School grades, e.g. `["중1", "중2"]`.
    #[serde(default)]
    pub grades: Vec<String>,
    /// Expected playing time including the debrief.
    pub minutes: u32,
    #[serde(default)]
    pub objectives: Vec<RawText>,
    /// Concept ids from the glossary that the game teaches.
    #[serde(default)]
    pub concepts: Vec<String>,
    /// A shared glossary file, relative to this file.
    #[serde(default)]
    pub glossary_file: Option<String>,
    /// Terms defined in this file (added to the shared glossary).
    #[serde(default)]
    pub glossary: Vec<RawConcept>,
    #[serde(default)]
    pub credits: Vec<String>,
    #[serde(default)]
    pub sources: Vec<String>,
    /// Image shown in the scenario library, relative to this file.
    #[serde(default)]
    pub cover: Option<String>,
    /// Notes for instructors (facts checked, how to run the debrief).
    #[serde(default)]
    pub notes: Option<RawText>,
    pub game: RawGame,
}

/// A glossary entry; also the whole content of a glossary file (`[ (…), (…) ]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Concept")]
pub struct RawConcept {
    pub id: String,
    pub term: RawText,
    pub definition: RawText,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Game")]
pub enum RawGame {
    RolePlay(RawRolePlay),
    TeamGame(Box<RawTeamGame>),
}

// ---------------------------------------------------------------- role-play

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "RolePlay")]
pub struct RawRolePlay {
    /// How the class plays: `ClassVote`, `TeamTurns`, or both.
    #[serde(default)]
    pub modes: Vec<RawPlayMode>,
    #[serde(default)]
    pub roles: Vec<RawRole>,
    #[serde(default)]
    pub meters: Vec<RawMeter>,
    /// Flags that choices can set and conditions can test; declared so typos are caught.
    #[serde(default)]
    pub flags: Vec<String>,
    /// The first scene; defaults to the first in `scenes`.
    #[serde(default)]
    pub start: Option<String>,
    pub scenes: Vec<RawScene>,
    pub endings: Vec<RawEnding>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename = "PlayMode")]
pub enum RawPlayMode {
    ClassVote,
    TeamTurns,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Role")]
pub struct RawRole {
    pub id: String,
    pub name: RawText,
    #[serde(default)]
    pub description: Option<RawText>,
    #[serde(default)]
    pub portrait: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Meter")]
pub struct RawMeter {
    pub id: String,
    pub name: RawText,
    pub start: i32,
    #[serde(default)]
    pub min: Option<i32>,
    #[serde(default)]
    pub max: Option<i32>,
    /// What happens when the meter reaches `min`.
    #[serde(default)]
    pub at_min: Option<RawLimit>,
    /// What happens when the meter reaches `max`.
    #[serde(default)]
    pub at_max: Option<RawLimit>,
    #[serde(default)]
    pub icon: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Limit")]
pub enum RawLimit {
    /// The meter stays at the limit and play goes on (the default).
    Stay,
    /// The game ends with this ending.
    End(String),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Scene")]
pub struct RawScene {
    pub id: String,
    /// Role id of who speaks; narration when absent.
    #[serde(default)]
    pub speaker: Option<String>,
    pub text: RawText,
    #[serde(default)]
    pub image: Option<String>,
    /// What the class may choose. A scene has choices, or a branch.
    #[serde(default)]
    pub choices: Vec<RawChoice>,
    /// An automatic branch: the first route whose conditions all hold is taken when the
    /// class moves on, without a vote; `otherwise` when none holds.
    #[serde(default)]
    pub branch: Vec<RawRoute>,
    /// Where a branch goes when no route's conditions hold (a scene or ending id).
    #[serde(default)]
    pub otherwise: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Route")]
pub struct RawRoute {
    /// All must hold for this route to be taken.
    pub when: Vec<RawCondition>,
    /// A scene or ending id.
    pub next: String,
    /// Said when the route is taken: what happened and why.
    #[serde(default)]
    pub text: Option<RawText>,
    #[serde(default)]
    pub effects: Vec<RawEffect>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Choice")]
pub struct RawChoice {
    /// Unique within its scene; conditions refer to it as `Chose("scene", "choice")`.
    pub id: String,
    pub text: RawText,
    /// Said after the class takes the choice: what happened and why the meters moved.
    #[serde(default)]
    pub feedback: Option<RawText>,
    /// All must hold for the choice to be offered.
    #[serde(default)]
    pub requires: Vec<RawCondition>,
    #[serde(default)]
    pub effects: Vec<RawEffect>,
    /// A scene or ending id.
    #[serde(default)]
    pub next: Option<String>,
    /// Or a random outcome, drawn by weight.
    #[serde(default)]
    pub outcomes: Vec<RawOutcome>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Outcome")]
pub struct RawOutcome {
    /// How likely, against the other outcomes' weights (3 is three times as likely as 1).
    #[serde(default)]
    pub weight: Option<u32>,
    /// Or a chance that depends on the meters: a formula over their ids (with `_` for `-`),
    /// like `"trust"` or `"10 + trust / 2"`; below 0 counts as 0.
    #[serde(default)]
    pub chance: Option<String>,
    #[serde(default)]
    pub text: Option<RawText>,
    #[serde(default)]
    pub effects: Vec<RawEffect>,
    pub next: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Condition")]
pub enum RawCondition {
    /// meter ≥ value
    AtLeast(String, i32),
    /// meter ≤ value
    AtMost(String, i32),
    /// meter > value
    Above(String, i32),
    /// meter < value
    Below(String, i32),
    Flag(String),
    NotFlag(String),
    /// The class took this choice (scene id, choice id) earlier in the run.
    Chose(String, String),
    NotChose(String, String),
    /// At least one of these holds.
    AnyOf(Vec<RawCondition>),
    /// This does not hold.
    Not(Box<RawCondition>),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Effect")]
pub enum RawEffect {
    /// Add to a meter (negative to take away); stays within min..max.
    Change(String, i32),
    SetFlag(String),
    ClearFlag(String),
    /// Points for the team playing (team-turns mode) or the class.
    Score(i32),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Ending")]
pub struct RawEnding {
    pub id: String,
    pub title: RawText,
    /// What happened.
    pub text: RawText,
    /// How the story went, for the debrief and for `simulate`'s win rates.
    #[serde(default)]
    pub tone: Option<RawTone>,
    /// Concepts this ending shows.
    #[serde(default)]
    pub concepts: Vec<String>,
    /// Questions for the class to discuss.
    #[serde(default)]
    pub questions: Vec<RawText>,
    #[serde(default)]
    pub image: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename = "Tone")]
pub enum RawTone {
    Good,
    Mixed,
    Bad,
}

// ---------------------------------------------------------------- team game

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "TeamGame")]
pub struct RawTeamGame {
    /// Fewest and most teams, within 2..=8.
    #[serde(default)]
    pub teams: Option<(u32, u32)>,
    pub rounds: u32,
    /// Named numbers formulas can use; event cards may change them for one round.
    #[serde(default)]
    pub params: Vec<RawParam>,
    /// Numbers each team has, shown on the scoreboard.
    pub stats: Vec<RawStat>,
    /// What every team decides each round.
    pub decisions: Vec<RawDecision>,
    /// Values computed once a round from all teams' decisions, in order.
    #[serde(default)]
    pub shared: Vec<RawShared>,
    /// How each team's stats change at the end of a round, in order.
    #[serde(default)]
    pub update: Vec<RawUpdate>,
    /// A team's score: a formula over its stats.
    pub score: String,
    #[serde(default)]
    pub deck: Vec<RawCard>,
    /// Cards drawn each round (0 for none).
    #[serde(default)]
    pub cards_per_round: Option<u32>,
    #[serde(default)]
    pub quizzes: Vec<RawQuiz>,
    /// Shown after the last round.
    pub debrief: RawDebrief,
    /// Class-wide values that carry over from round to round (a pond's fish, a fund that
    /// grows), each changed once a round by its formula.
    #[serde(default)]
    pub stocks: Vec<RawStock>,
    /// The class wins or loses together.
    #[serde(default)]
    pub goal: Option<Box<RawGoal>>,
    /// A practice round before round 1: played like any round, then everything is set back
    /// to the start, so it never counts.
    #[serde(default)]
    pub practice: bool,
    /// Steps between rounds that are not rounds: a class discussion, or a pitch by each team
    /// in turn, each with its own prompt and timer.
    #[serde(default)]
    pub steps: Vec<RawStep>,
    /// The lesson's shape, for `simulate`: `Dilemma(Most)` is a social dilemma in which
    /// cooperating means deciding the most (giving everything), `Dilemma(Least)` the least
    /// (catching nothing).
    #[serde(default)]
    pub lesson: Option<RawLesson>,
    /// What each team is in the story (a cooperative, a social enterprise, a farmers'
    /// group): team 1 takes the first role, team 2 the second, and so on round the list.
    #[serde(default)]
    pub roles: Vec<RawTeamRole>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "TeamRole")]
pub struct RawTeamRole {
    pub id: String,
    pub name: RawText,
    #[serde(default)]
    pub description: Option<RawText>,
    /// Stats this role starts with instead of the stat's `start`: `[("materials", 30)]`.
    #[serde(default, deserialize_with = "finite_params")]
    pub start: Vec<(String, f64)>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename = "Lesson")]
pub enum RawLesson {
    Dilemma(RawCooperate),
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename = "Cooperate")]
pub enum RawCooperate {
    Most,
    Least,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Step")]
pub struct RawStep {
    /// The round it follows; 0 for before the first round.
    pub after_round: u32,
    pub kind: RawStepKind,
    /// What the class is asked to talk about, or to present.
    pub prompt: RawText,
    /// Minutes on the timer (for a pitch: for each team).
    pub minutes: u32,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename = "StepKind")]
pub enum RawStepKind {
    /// The whole class talks (a village meeting); the instructor moves on.
    Discussion,
    /// Each team presents in turn, with the timer for each.
    Pitch,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Stock")]
pub struct RawStock {
    pub id: String,
    pub name: RawText,
    #[serde(deserialize_with = "finite")]
    pub start: f64,
    #[serde(default, deserialize_with = "finite_or_none")]
    pub min: Option<f64>,
    #[serde(default, deserialize_with = "finite_or_none")]
    pub max: Option<f64>,
    /// Its value after each round, from its value before (`fish - total_catch + fish / 4`).
    pub update: String,
    /// What each team adds to it each round, computed from that team's own decisions, stats
    /// and role (`help_care * if(role_social > 0, 2, 1)`); the sum over teams is added to `update`.
    #[serde(default)]
    pub each_team: Option<String>,
    /// `Lose`: the class loses, and the game ends, when the stock reaches its `min`.
    #[serde(default)]
    pub at_min: Option<RawStockLimit>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename = "StockLimit")]
pub enum RawStockLimit {
    /// The stock stays at its min and play goes on (the default).
    Stay,
    /// The class loses.
    Lose,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Goal")]
pub struct RawGoal {
    /// What the class tries to do together, shown from the start.
    pub text: RawText,
    /// Checked after every round: when it holds (is not 0), the class has won and the game
    /// ends. Not reached by the last round: the class has lost.
    pub win: String,
    /// Checked after every round, before `win`: when it holds, the class has lost.
    #[serde(default)]
    pub lose: Option<String>,
    /// Shown when the class wins, and when it loses.
    pub won: RawText,
    pub lost: RawText,
    /// Whether team scores are shown at all (`Show`, the default, after the class result).
    #[serde(default)]
    pub scores: Option<RawShowScores>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename = "Scores")]
pub enum RawShowScores {
    Show,
    Hide,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Param")]
pub struct RawParam {
    pub id: String,
    #[serde(deserialize_with = "finite")]
    pub value: f64,
    #[serde(default)]
    pub name: Option<RawText>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Stat")]
pub struct RawStat {
    pub id: String,
    pub name: RawText,
    #[serde(deserialize_with = "finite")]
    pub start: f64,
    #[serde(default, deserialize_with = "finite_or_none")]
    pub min: Option<f64>,
    #[serde(default, deserialize_with = "finite_or_none")]
    pub max: Option<f64>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Decision")]
pub struct RawDecision {
    pub id: String,
    pub prompt: RawText,
    pub kind: RawDecisionKind,
    /// Each team's decision is shown to the class when the round is revealed (what each team
    /// gave, in a public-goods game), not only the totals.
    #[serde(default)]
    pub public: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "DecisionKind")]
pub enum RawDecisionKind {
    /// Pick one option.
    Pick(Vec<RawOption>),
    /// Split a number of tokens (a number or a formula) across categories.
    Split(RawSplit),
    /// A whole number within bounds (formulas allowed, e.g. `"tokens"`).
    Number(RawNumber),
    /// Tokens to give to the *other* teams (never to itself), optionally across criteria:
    /// mock impact investment after the pitches.
    Allocate(RawAllocate),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Allocate")]
pub struct RawAllocate {
    pub tokens: String,
    /// What the tokens are given for (사회적 가치, 지속 가능성, …); none: one plain amount.
    #[serde(default)]
    pub criteria: Vec<RawOption>,
}

// Separate structs (not struct variants) so that unknown fields are refused: serde ignores
// `deny_unknown_fields` on enum struct variants.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Split")]
pub struct RawSplit {
    pub tokens: String,
    pub categories: Vec<RawOption>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Number")]
pub struct RawNumber {
    pub min: String,
    pub max: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Option")]
pub struct RawOption {
    pub id: String,
    pub text: RawText,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Shared")]
pub struct RawShared {
    pub id: String,
    #[serde(default)]
    pub name: Option<RawText>,
    pub formula: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Update")]
pub struct RawUpdate {
    pub stat: String,
    pub formula: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Card")]
pub struct RawCard {
    pub id: String,
    pub weight: u32,
    pub title: RawText,
    pub text: RawText,
    /// Params changed for the round the card is drawn.
    #[serde(default, deserialize_with = "finite_params")]
    pub params: Vec<(String, f64)>,
    /// Stat changes for every team, applied after the round's update.
    #[serde(default)]
    pub effects: Vec<RawUpdate>,
    #[serde(default)]
    pub concept: Option<String>,
    /// A picture for the card, relative to the scenario file.
    #[serde(default)]
    pub image: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Quiz")]
pub struct RawQuiz {
    /// The round (1-based) whose decisions come with this question.
    pub round: u32,
    pub question: RawText,
    pub options: Vec<RawText>,
    /// 1-based number of the right option.
    pub answer: u32,
    pub explanation: RawText,
    #[serde(default)]
    pub concept: Option<String>,
    /// Points added to the score of each team that answers right.
    #[serde(deserialize_with = "finite")]
    pub points: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Debrief")]
pub struct RawDebrief {
    pub text: RawText,
    #[serde(default)]
    pub concepts: Vec<String>,
    #[serde(default)]
    pub questions: Vec<RawText>,
}

/// Numbers a game computes with must be finite: RON also reads `NaN`, `inf` and `1e999`
/// (which overflows to infinity), and any of them would spoil every score it touches.
fn finite<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    let v = <f64 as Deserialize>::deserialize(d)?;
    check_finite::<D::Error>(v)
}

fn check_finite<E: serde::de::Error>(v: f64) -> Result<f64, E> {
    if v.is_finite() {
        Ok(v)
    } else {
        // Shown to authors; its Korean is in `ron_errors::expected_ko`: change both.
        Err(E::invalid_value(
            serde::de::Unexpected::Float(v),
            &"a finite number (not NaN, inf, or too large to hold)",
        ))
    }
}

fn finite_or_none<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    let v = <Option<f64> as Deserialize>::deserialize(d)?;
    v.map(check_finite::<D::Error>).transpose()
}

fn finite_params<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<(String, f64)>, D::Error> {
    let v = <Vec<(String, f64)> as Deserialize>::deserialize(d)?;
    for (_, x) in &v {
        check_finite::<D::Error>(*x)?;
    }
    Ok(v)
}
