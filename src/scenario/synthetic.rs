//! Large synthetic role-plays for benchmarks, in a shape other story engines can be given too.
//!
//! The shape: two meters starting at 50; each scene has a two-sentence Korean narration and
//! three choices, each changing both meters by −10..10 and leading 1–3 scenes further on,
//! every 7th of them requiring a meter above 20; plus one unconditional choice to the next
//! scene. The last scene is the ending. Deterministic for a seed (ChaCha8).

use std::fmt::Write;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// RON text of a role-play with `scenes` scenes (the last one being the ending).
pub fn role_play(scenes: usize, seed: u64) -> String {
    let scenes = scenes.max(2);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let last = scenes - 1;
    let target = |i: usize| {
        if i >= last {
            "end".to_owned()
        } else {
            format!("s{i}")
        }
    };
    let mut out = String::with_capacity(scenes * 700);
    out.push_str("Scenario(\n    id: \"synthetic\",\n    title: \"합성 이야기\",\n    minutes: 45,\n    game: RolePlay(\n");
    out.push_str("        meters: [\n            (id: \"a\", name: \"가\", start: 50),\n            (id: \"b\", name: \"나\", start: 50),\n        ],\n        scenes: [\n");
    let mut choice_number = 0;
    for i in 0..last {
        let _ = writeln!(
            out,
            "            (id: \"s{i}\", text: \"{i}번째 장면이에요. 마을 사람들이 모여 다음에 할 일을 이야기해요.\", choices: ["
        );
        for c in 0..3 {
            choice_number += 1;
            let next = target(i + rng.random_range(1..=3));
            let (da, db): (i32, i32) = (rng.random_range(-10..=10), rng.random_range(-10..=10));
            let requires = if choice_number % 7 == 0 {
                "requires: [Above(\"a\", 20)], "
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "                (id: \"c{c}\", text: \"선택 {c}\", {requires}effects: [Change(\"a\", {da}), Change(\"b\", {db})], next: \"{next}\"),"
            );
        }
        let _ = writeln!(
            out,
            "                (id: \"go\", text: \"다음으로\", next: \"{}\"),\n            ]),",
            target(i + 1)
        );
    }
    out.push_str("        ],\n        endings: [\n            (id: \"end\", title: \"끝\", text: \"이야기가 끝났어요.\"),\n        ],\n    ),\n)\n");
    out
}

/// `role_play` written on one line, as a minifier would, plus one scene nothing leads to at
/// the end: a valid file with a warning far out on its only line.
pub fn one_line(scenes: usize, seed: u64) -> String {
    let text = role_play(scenes, seed).replacen(
        "        ],\n        endings:",
        "            (id: \"orphan\", text: \"아무도 오지 않는 장면\", choices: [(id: \"go\", text: \"끝으로\", next: \"end\")]),\n        ],\n        endings:",
        1,
    );
    text.replace('\n', " ")
}

/// `role_play` with every choice naming a scene that does not exist: about `4 × scenes`
/// errors, for diagnostics at scale.
pub fn unknown_targets(scenes: usize, seed: u64) -> String {
    role_play(scenes, seed).replace("next: \"s", "next: \"missing-s")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Folder, Game, load_source};
    use std::path::Path;

    #[test]
    fn generated_role_plays_are_valid_and_have_the_declared_shape() {
        let text = role_play(200, 7);
        let loaded = load_source(Path::new("synthetic.ron"), text.clone(), Folder::Detached);
        assert!(
            !loaded.report.has_errors(),
            "{}",
            loaded.report.render(false, crate::i18n::Lang::En)
        );
        let Some(Game::RolePlay(rp)) = loaded.scenario.map(|s| s.game) else {
            panic!("not a role-play");
        };
        assert_eq!(rp.scenes.len() + rp.endings.len(), 200);
        assert!(rp.scenes.iter().all(|s| s.choices.len() == 4));
        let conditional = rp
            .scenes
            .iter()
            .flat_map(|s| &s.choices)
            .filter(|c| !c.requires.is_empty())
            .count();
        assert_eq!(conditional, 199 * 3 / 7);
        // Same seed, same text.
        assert_eq!(role_play(200, 7), text);
    }
}
