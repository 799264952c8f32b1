//! The lookups the rules of play need, built once by the validator and carried by the model,
//! so the engine never rebuilds them per command or per frame: where each scene's choices
//! start in a run's "chosen" list, and the slot of every name a team-game formula can read.

use std::collections::HashMap;

use super::model::{DecisionKind, RolePlay, TeamGame};

/// A role-play's choices numbered across all scenes.
#[derive(Debug, Clone, Default)]
pub struct ChoiceIndex {
    /// Index of each scene's first choice.
    base: Vec<usize>,
    len: usize,
}

impl ChoiceIndex {
    pub(crate) fn new(game: &RolePlay) -> ChoiceIndex {
        let mut base = Vec::with_capacity(game.scenes.len());
        let mut len = 0;
        for scene in &game.scenes {
            base.push(len);
            len += scene.choices.len();
        }
        ChoiceIndex { base, len }
    }

    /// The number of choices in the whole story.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The story-wide number of choice `choice` of scene `scene`.
    pub fn global(&self, scene: usize, choice: usize) -> usize {
        self.base[scene] + choice
    }
}

/// The names a team-game formula reads, each with a slot in the value frame the engine fills.
#[derive(Debug, Clone, Default)]
pub struct FormulaSlots {
    pub slots: HashMap<String, usize>,
    pub teams: usize,
    pub round: usize,
    pub params: usize,
    pub stocks: usize,
    /// `count_role_<id>`, one per role.
    pub role_counts: usize,
    pub stats: usize,
    /// `role_<id>`, one per role: 1 for the team that has it.
    pub roles: usize,
    /// Per decision: where its own values and its aggregates start.
    pub decisions: Vec<DecisionSlots>,
    pub stat_aggregates: usize,
    pub shared: usize,
    pub len: usize,
}

#[derive(Debug, Clone, Default)]
pub struct DecisionSlots {
    /// Pick: the text slot, then one 1/0 slot per option. Split: one per category. Number: one.
    pub own: usize,
    /// Pick: one count per option. Split: 4 per category. Number: 4 (total, mean, min, max).
    pub aggregates: usize,
}

/// The four aggregates over all teams, in slot order.
pub const AGGREGATES: [&str; 4] = ["total", "mean", "min", "max"];

impl FormulaSlots {
    pub(crate) fn new(game: &TeamGame) -> FormulaSlots {
        let mut names: Vec<String> = Vec::new();
        let push = |names: &mut Vec<String>, n: String| {
            names.push(n);
            names.len() - 1
        };
        let mut layout = FormulaSlots {
            teams: push(&mut names, "teams".into()),
            round: push(&mut names, "round".into()),
            ..FormulaSlots::default()
        };
        layout.params = names.len();
        names.extend(game.params.iter().map(|p| p.id.clone()));
        layout.stocks = names.len();
        names.extend(game.stocks.iter().map(|s| s.id.clone()));
        layout.role_counts = names.len();
        names.extend(game.roles.iter().map(|r| format!("count_role_{}", r.id)));
        layout.stats = names.len();
        names.extend(game.stats.iter().map(|s| s.id.clone()));
        layout.roles = names.len();
        names.extend(game.roles.iter().map(|r| format!("role_{}", r.id)));
        for d in &game.decisions {
            let own = names.len();
            match &d.kind {
                DecisionKind::Pick(options) => {
                    names.push(d.id.clone());
                    names.extend(options.iter().map(|o| format!("{}_{}", d.id, o.id)));
                }
                DecisionKind::Split { categories, .. } => {
                    names.extend(categories.iter().map(|o| format!("{}_{}", d.id, o.id)));
                }
                DecisionKind::Number { .. } => names.push(d.id.clone()),
                DecisionKind::Allocate { criteria, .. } => {
                    // What this team received: in all, then per criterion.
                    names.push(format!("received_{}", d.id));
                    names.extend(
                        criteria
                            .iter()
                            .map(|c| format!("received_{}_{}", d.id, c.id)),
                    );
                }
            }
            let aggregates = names.len();
            match &d.kind {
                DecisionKind::Pick(options) => {
                    names.extend(options.iter().map(|o| format!("count_{}_{}", d.id, o.id)));
                }
                DecisionKind::Split { categories, .. } => {
                    for o in categories {
                        names.extend(AGGREGATES.map(|a| format!("{a}_{}_{}", d.id, o.id)));
                    }
                }
                DecisionKind::Number { .. } => {
                    names.extend(AGGREGATES.map(|a| format!("{a}_{}", d.id)))
                }
                DecisionKind::Allocate { .. } => {
                    names.extend(AGGREGATES.map(|a| format!("{a}_received_{}", d.id)))
                }
            }
            layout.decisions.push(DecisionSlots { own, aggregates });
        }
        layout.stat_aggregates = names.len();
        for s in &game.stats {
            names.extend(AGGREGATES.map(|a| format!("{a}_{}", s.id)));
        }
        layout.shared = names.len();
        names.extend(game.shared.iter().map(|s| s.id.clone()));
        layout.len = names.len();
        layout.slots = names.into_iter().enumerate().map(|(i, n)| (n, i)).collect();
        layout
    }
}
