//! Starting scenarios for `kkumgil new` and the app's "new scenario": small, valid, commented
//! in Korean and English.

use crate::i18n::Msg;

/// Which kind of game to start from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Template {
    RolePlay,
    TeamGame,
}

impl Template {
    /// The template text with `id` filled in and its own title.
    pub fn render(self, id: &str) -> String {
        self.render_titled(id, None)
    }

    /// The template text with `id` filled in; a `name` the instructor typed becomes the title
    /// (the Korean one when it has Hangul, both otherwise).
    pub fn render_titled(self, id: &str, name: Option<&str>) -> String {
        let (text, ko, en) = match self {
            Template::RolePlay => (
                include_str!("templates/role-play.ron"),
                "나의 첫 롤플레이",
                "My first role-play",
            ),
            Template::TeamGame => (
                include_str!("templates/team-game.ron"),
                "나의 첫 팀 게임",
                "My first team game",
            ),
        };
        let name = name.map(str::trim).filter(|n| !n.is_empty());
        let (ko, en) = match name {
            Some(n) if crate::i18n::has_hangul(n) => (n, en),
            Some(n) => (n, n),
            None => (ko, en),
        };
        text.replace("{{id}}", id)
            .replace("{{title_ko}}", &quoted(ko))
            .replace("{{title_en}}", &quoted(en))
    }
}

/// Text as it goes between a RON string's quotes.
fn quoted(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control())
        .flat_map(|c| match c {
            '"' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect()
}

/// A scenario made from a template: where it is and the id it got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    pub path: std::path::PathBuf,
    pub id: String,
}

/// Why no scenario was made, said for the instructor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CreateError {
    /// A file of that name is there already (choose another name).
    Exists(Msg),
    /// The folder or file could not be written (read-only, full, …).
    Write(Msg),
}

impl CreateError {
    pub fn message(&self) -> &Msg {
        match self {
            CreateError::Exists(m) | CreateError::Write(m) => m,
        }
    }
}

/// Writes a new scenario named `name` from a template into `dir` (created if missing, with a
/// copy of the shared glossary the template names). The file is `ID.ron`; a name without
/// letters an id can use (a Korean name) gets the first free `my-scenario`, `my-scenario-2`,
/// … An existing file is never overwritten.
pub fn create(kind: Template, name: &str, dir: &std::path::Path) -> Result<Created, CreateError> {
    let mut id = id_from_name(name);
    if id == "my-scenario" && name.trim() != id {
        id = (1..100)
            .map(|k| match k {
                1 => "my-scenario".to_owned(),
                k => format!("my-scenario-{k}"),
            })
            .find(|id| !dir.join(format!("{id}.ron")).exists())
            .unwrap_or(id);
    }
    let file = dir.join(format!("{id}.ron"));
    let shown = file.display();
    if file.exists() {
        return Err(CreateError::Exists(crate::tr!(
            "{shown} 파일이 이미 있어요. 다른 이름을 골라 주세요.",
            "{shown} already exists; choose another name"
        )));
    }
    let written = std::fs::create_dir_all(dir).and_then(|()| {
        let glossary = dir.join("glossary.ron");
        if !glossary.exists() {
            let text = super::library::EMBEDDED
                .iter()
                .find(|(n, _)| *n == "glossary.ron")
                .map_or("[]\n", |(_, t)| t);
            std::fs::write(glossary, text)?;
        }
        // `create_new`: a file made a moment ago by another window is not overwritten either.
        use std::io::Write;
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&file)?
            .write_all(kind.render_titled(&id, Some(name)).as_bytes())
    });
    match written {
        Ok(()) => Ok(Created { path: file, id }),
        Err(e) => Err(CreateError::Write(crate::tr!(
            "{shown}에 쓸 수 없어요: {e}",
            "cannot write {shown}: {e}"
        ))),
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

    #[test]
    fn a_new_scenario_is_valid_titled_as_typed_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let first = create(Template::RolePlay, "우리 \"동네\" 빵집", dir.path()).unwrap();
        assert_eq!(first.id, "my-scenario");
        let loaded = crate::scenario::load_file(&first.path);
        let s = loaded.scenario.expect("a valid scenario");
        assert_eq!(s.title.ko, "우리 \"동네\" 빵집");
        assert_eq!(s.title.en.as_deref(), Some("My first role-play"));
        let second = create(Template::TeamGame, "Market Day", dir.path()).unwrap();
        let s = crate::scenario::load_file(&second.path).scenario.unwrap();
        assert_eq!(
            (s.id.as_str(), s.title.ko.as_str()),
            ("market-day", "Market Day")
        );
        let before = std::fs::read_to_string(&second.path).unwrap();
        let again = create(Template::RolePlay, "market day", dir.path()).unwrap_err();
        assert!(
            matches!(&again, CreateError::Exists(m) if m.ko.contains("이미 있어요")),
            "{again:?}"
        );
        assert_eq!(std::fs::read_to_string(&second.path).unwrap(), before);
        // The next Korean name takes the next free file.
        let third = create(Template::RolePlay, "마을 카페", dir.path()).unwrap();
        assert_eq!(third.id, "my-scenario-2");
    }
}
