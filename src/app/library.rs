//! The scenario library in the app: every scenario file loaded through Bevy's asset server
//! with the same core loader `kkumgil check` uses, so a file the CLI accepts is a file the
//! app plays, and a broken file shows its first diagnostic instead of crashing anything.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use bevy::asset::io::{AssetSourceBuilder, AssetSourceId, Reader};
use bevy::asset::{AssetLoader, AssetPath, LoadContext};
use bevy::prelude::*;

use crate::scenario::{self, Folder, Loaded, library};

/// One `.ron` file of a scenario folder, loaded and checked: a scenario (`None` when the
/// file has errors) or a glossary, with its report.
#[derive(Asset, TypePath, Debug, Clone, Deref)]
pub struct ScenarioFile(pub Loaded);

/// The last version of each file that had no errors: a broken edit shows its diagnostic in
/// the library but the class can still play what worked a moment ago.
#[derive(Resource, Default)]
pub struct LastGood(pub HashMap<AssetId<ScenarioFile>, std::sync::Arc<ScenarioFile>>);

fn remember_last_good(
    mut events: MessageReader<AssetEvent<ScenarioFile>>,
    files: Res<Assets<ScenarioFile>>,
    mut last: ResMut<LastGood>,
) {
    for event in events.read() {
        if let AssetEvent::Added { id } | AssetEvent::Modified { id } = event
            && let Some(file) = files.get(*id)
            && file.scenario.is_some()
        {
            last.0.insert(*id, std::sync::Arc::new(file.clone()));
        }
    }
}

impl ScenarioFile {
    /// The single entry used by the asset loader and for the copies compiled into the binary.
    pub fn from_bytes(path: &Path, bytes: Vec<u8>, folder: Folder) -> Self {
        ScenarioFile(scenario::load_bytes(path, bytes, folder))
    }
}

/// Where each asset source's files are on disk, so reports name real paths and images and
/// glossaries resolve beside the scenario.
#[derive(TypePath)]
struct ScenarioLoader {
    roots: HashMap<String, PathBuf>,
}

#[derive(Debug, thiserror::Error)]
enum ScenarioLoadError {
    #[error("cannot read the scenario file: {0}")]
    Io(#[from] std::io::Error),
}

impl AssetLoader for ScenarioLoader {
    type Asset = ScenarioFile;
    type Settings = ();
    type Error = ScenarioLoadError;

    async fn load(
        &self,
        reader: &mut dyn Reader,
        _: &(),
        ctx: &mut LoadContext<'_>,
    ) -> Result<ScenarioFile, ScenarioLoadError> {
        // The same limit as for any scenario file, held while reading.
        let mut bytes = Vec::new();
        {
            use bevy::tasks::futures_lite::AsyncReadExt;
            let mut limited = reader.take(scenario::limits::FILE_BYTES + 1);
            AsyncReadExt::read_to_end(&mut limited, &mut bytes).await?;
        }
        let source = ctx.path().source().as_str().unwrap_or_default().to_owned();
        let rel = ctx.path().path().to_path_buf();
        let full = self
            .roots
            .get(&source)
            .map_or(rel.clone(), |root| root.join(&rel));
        Ok(ScenarioFile::from_bytes(&full, bytes, Folder::of(&full)))
    }

    fn extensions(&self) -> &[&str] {
        &["ron"]
    }
}

/// The library: files in load order (bundled first, then the instructor's).
#[derive(Resource, Default)]
pub struct ScenarioLibrary {
    pub files: Vec<LibraryEntry>,
}

pub struct LibraryEntry {
    pub handle: Handle<ScenarioFile>,
    pub bundled: bool,
}

impl ScenarioLibrary {
    /// True once every file has loaded (or failed to load).
    pub fn is_ready(&self, server: &AssetServer, files: &Assets<ScenarioFile>) -> bool {
        self.files.iter().all(|f| {
            files.contains(&f.handle)
                || matches!(
                    server.load_state(&f.handle),
                    bevy::asset::LoadState::Failed(_)
                )
        })
    }
}

/// Asset sources for the two folders. Must run before `AssetPlugin` is built.
#[derive(Resource, Clone, Default)]
pub struct Folders {
    pub bundled: Option<PathBuf>,
    pub user: Option<PathBuf>,
}

const BUNDLED: &str = "bundled";
const USER: &str = "user";

pub fn register_sources(app: &mut App, folders: &Folders) {
    for (name, dir) in [(BUNDLED, &folders.bundled), (USER, &folders.user)] {
        if let Some(dir) = dir.as_ref().filter(|d| d.is_dir()) {
            app.register_asset_source(
                name,
                AssetSourceBuilder::platform_default(&dir.to_string_lossy(), None),
            );
        }
    }
}

pub(super) fn plugin(app: &mut App) {
    let folders = app
        .world()
        .get_resource::<Folders>()
        .cloned()
        .unwrap_or_default();
    let mut roots = HashMap::new();
    for (name, dir) in [(BUNDLED, &folders.bundled), (USER, &folders.user)] {
        if let Some(dir) = dir {
            roots.insert(name.to_owned(), dir.clone());
        }
    }
    app.init_asset::<ScenarioFile>()
        .register_asset_loader(ScenarioLoader { roots })
        .init_resource::<ScenarioLibrary>()
        .init_resource::<LastGood>()
        .add_systems(Startup, load_library)
        .add_systems(Update, remember_last_good);
}

/// Loads every `.ron` file of the bundled and user folders; without a bundled folder on disk,
/// the copies compiled into the binary stand in.
fn load_library(
    folders: Res<Folders>,
    server: Res<AssetServer>,
    mut files: ResMut<Assets<ScenarioFile>>,
    mut library: ResMut<ScenarioLibrary>,
) {
    match folders.bundled.as_ref().filter(|d| d.is_dir()) {
        Some(dir) => {
            for path in library::ron_files(dir).unwrap_or_default() {
                let handle = load(&server, &mut files, dir, &path, BUNDLED);
                library.files.push(LibraryEntry {
                    handle,
                    bundled: true,
                });
            }
        }
        None => {
            for (name, text) in library::EMBEDDED {
                let file = ScenarioFile::from_bytes(
                    Path::new(name),
                    text.as_bytes().to_vec(),
                    Folder::Embedded,
                );
                library.files.push(LibraryEntry {
                    handle: files.add(file),
                    bundled: true,
                });
            }
        }
    }
    if let Some(dir) = folders.user.as_ref().filter(|d| d.is_dir()) {
        match library::ron_files(dir) {
            Ok(paths) => {
                for path in paths {
                    let handle = load(&server, &mut files, dir, &path, USER);
                    library.files.push(LibraryEntry {
                        handle,
                        bundled: false,
                    });
                }
            }
            Err(e) => warn!("cannot read the scenario folder {}: {e}", dir.display()),
        }
    }
}

/// One file of a folder. Regular files go through the asset server (and are watched for
/// changes); anything else (a pipe, a device, a file outside the folder) would block or
/// escape it, so its report is made at once without opening it.
fn load(
    server: &AssetServer,
    files: &mut Assets<ScenarioFile>,
    dir: &Path,
    path: &Path,
    source: &'static str,
) -> Handle<ScenarioFile> {
    let regular = std::fs::metadata(path).is_ok_and(|m| m.is_file());
    match path.strip_prefix(dir) {
        Ok(rel) if regular => server.load(
            AssetPath::from_path(rel)
                .with_source(AssetSourceId::from(source))
                .into_owned(),
        ),
        _ => files.add(ScenarioFile(scenario::load_file(path))),
    }
}

/// A file of the instructor's folder that was not there when the app started (made from a
/// template, or copied in): loaded, watched and listed like the others.
pub fn add_user_file(
    server: &AssetServer,
    files: &mut Assets<ScenarioFile>,
    library: &mut ScenarioLibrary,
    dir: &Path,
    path: &Path,
) -> Handle<ScenarioFile> {
    let handle = load(server, files, dir, path, USER);
    library.files.push(LibraryEntry {
        handle: handle.clone(),
        bundled: false,
    });
    handle
}

/// Where the library's folders are for this run.
pub fn folders(data_dir: Option<&Path>) -> Folders {
    Folders {
        bundled: library::bundled_dir(),
        user: library::user_dir(data_dir),
    }
}
