//! Starting scenarios for `kkumgil new`: small, valid, commented in Korean and English.

/// Which kind of game to start from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Template {
    RolePlay,
    TeamGame,
}

impl Template {
    /// The template text with `id` filled in.
    pub fn render(self, id: &str) -> String {
        let text = match self {
            Template::RolePlay => include_str!("templates/role-play.ron"),
            Template::TeamGame => include_str!("templates/team-game.ron"),
        };
        text.replace("{{id}}", id)
    }
}

/// Turns a name an instructor typed (`우리 빵집`, `My Bakery`) into a file name and id.
/// Non-ASCII names get a generic id, since ids must be a-z, 0-9 and '-'.
pub fn id_from_name(name: &str) -> String {
    let mut id = String::new();
    for c in name.trim().chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.ends_with('-') && !id.is_empty() {
            id.push('-');
        }
    }
    let id = id.trim_matches('-').to_owned();
    if id.is_empty() {
        "my-scenario".to_owned()
    } else {
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_ids() {
        assert_eq!(id_from_name("My Bakery 2"), "my-bakery-2");
        assert_eq!(id_from_name("우리 빵집"), "my-scenario");
        assert_eq!(id_from_name("  cafe_story.ron "), "cafe-story-ron");
    }
}
