//! Authoring from the app, with no terminal: a new scenario from a template, every problem of
//! a file in full, a simulation and its report, and the map. The screen (`screens::workshop`)
//! sends `Authoring` messages; this module does the work with the same core functions the
//! CLI's `new`, `check`, `simulate` and `map` use, and opens files and pages with the
//! system's own programs.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use bevy::prelude::*;

use crate::app::library::{self, Folders, ScenarioFile, ScenarioLibrary};
use crate::app::{DataDir, Language};
use crate::i18n::Msg;
use crate::scenario::template::Template;

/// What the instructor asked for on the authoring screen.
#[derive(Message, Debug, Clone)]
pub enum Authoring {
    /// Show this file's problems (and its report, once simulated).
    Select(Handle<ScenarioFile>),
    /// Make a scenario from a template in the instructor's folder, then select it.
    New { kind: Template, name: String },
    /// Open the selected file in the system's editor.
    Edit,
    /// Open the instructor's scenario folder in the system's file manager.
    OpenFolder,
    /// Write the selected scenario's map and open it in the browser.
    Map,
    /// Play the selected scenario `SIMULATED_RUNS` times with bots, in the background.
    Simulate,
    /// Look for files added to the instructor's folder since the app started.
    Rescan,
}

/// How many games a simulation from the app plays: enough for stable shares (±1–2 %), quick
/// on a school laptop (well under a second for the bundled games).
pub const SIMULATED_RUNS: u64 = 2_000;

/// How files and pages are opened. The app uses the system's programs; tests and the tour
/// record what would have been opened instead of starting an editor or a browser.
#[derive(Resource, Clone, Default)]
pub enum Opener {
    #[default]
    System,
    Recording(Arc<Mutex<Vec<PathBuf>>>),
}

impl Opener {
    pub fn recording() -> Opener {
        Opener::Recording(Arc::default())
    }

    /// What was opened so far (only when recording).
    pub fn opened(&self) -> Vec<PathBuf> {
        match self {
            Opener::System => Vec::new(),
            Opener::Recording(seen) => seen.lock().map(|s| s.clone()).unwrap_or_default(),
        }
    }

    /// Opens a file or folder with the program the system has for it. A scenario file has no
    /// program of its own on most PCs; a text editor (Notepad on Windows) opens it then.
    fn open(&self, path: &Path) -> Result<(), String> {
        match self {
            Opener::Recording(seen) => {
                if let Ok(mut seen) = seen.lock() {
                    seen.push(path.to_path_buf());
                }
                Ok(())
            }
            Opener::System => open::that_detached(path).or_else(|first| {
                let editor = if cfg!(windows) { "notepad" } else { "xdg-open" };
                let is_text = path.extension().is_some_and(|e| e == "ron");
                if is_text {
                    open::with_detached(path, editor).map_err(|_| first.to_string())
                } else {
                    Err(first.to_string())
                }
            }),
        }
    }
}

/// A simulation running on its own thread.
pub struct Running {
    pub file: AssetId<ScenarioFile>,
    pub done: Arc<AtomicU64>,
    result: Arc<Mutex<Option<String>>>,
}

impl Running {
    /// Runs finished so far, of `SIMULATED_RUNS`.
    pub fn progress(&self) -> u64 {
        self.done.load(Ordering::Relaxed)
    }
}

/// A simulation's report, with the text of the file it played (to tell a stale one).
#[derive(Clone, Debug)]
pub struct Simulated {
    pub text: String,
    pub source: String,
}

/// Which of the selected file's two pages the screen shows.
#[derive(Default, PartialEq, Eq, Clone, Copy, Debug)]
pub enum Page {
    #[default]
    Problems,
    Report,
}

/// The authoring screen's state.
#[derive(Resource, Default)]
pub struct Workshop {
    pub selected: Option<Handle<ScenarioFile>>,
    pub page: Page,
    /// The new-scenario form is open.
    pub creating: bool,
    /// What the form holds.
    pub new_name: String,
    pub new_kind: Option<Template>,
    pub running: Option<Running>,
    pub reports: HashMap<AssetId<ScenarioFile>, Simulated>,
    /// What happened last (made, opened, written), or what went wrong.
    pub notice: Option<(Msg, bool)>,
    /// The map written last, to say where it is.
    pub map: Option<PathBuf>,
}

impl Workshop {
    fn tell(&mut self, msg: Msg) {
        self.notice = Some((msg, false));
    }

    fn warn(&mut self, msg: Msg) {
        self.notice = Some((msg, true));
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Workshop>()
        .init_resource::<Opener>()
        .add_message::<Authoring>()
        .add_systems(Update, (act, finish_simulation));
}

fn act(
    mut asks: MessageReader<Authoring>,
    mut workshop: ResMut<Workshop>,
    mut library: ResMut<ScenarioLibrary>,
    mut files: ResMut<Assets<ScenarioFile>>,
    server: Res<AssetServer>,
    folders: Option<Res<Folders>>,
    data: Res<DataDir>,
    opener: Res<Opener>,
    language: Res<Language>,
) {
    let lang = language.0;
    let user = folders.as_ref().and_then(|f| f.user.clone());
    for ask in asks.read() {
        match ask {
            Authoring::Select(handle) => {
                if workshop.selected.as_ref() != Some(handle) {
                    workshop.page = Page::Problems;
                }
                workshop.selected = Some(handle.clone());
                workshop.creating = false;
                workshop.notice = None;
            }
            Authoring::New { kind, name } => {
                let Some(dir) = user.as_deref() else {
                    workshop.warn(no_folder());
                    continue;
                };
                match crate::scenario::template::create(*kind, name, dir) {
                    Ok(created) => {
                        let handle = library::add_user_file(
                            &server,
                            &mut files,
                            &mut library,
                            dir,
                            &created.path,
                        );
                        let shown = created.path.display();
                        workshop.tell(tr!(
                            "새 시나리오를 만들었어요: {shown}. 이제 '편집기로 열기'로 내용을 고쳐 보세요.",
                            "Created {shown}. Now use 'Open in editor' to change it."
                        ));
                        workshop.selected = Some(handle);
                        workshop.page = Page::Problems;
                        workshop.creating = false;
                        workshop.new_name.clear();
                    }
                    Err(e) => workshop.warn(e.message().clone()),
                }
            }
            Authoring::Edit => {
                let Some(path) = selected_file(&workshop, &files) else {
                    continue;
                };
                let shown = path.display();
                let msg = match opener.open(&path) {
                    Ok(()) => tr!(
                        "편집기에서 열었어요: {shown}. 저장하면 1초 안에 여기에 다시 검사한 결과가 나와요.",
                        "Opened {shown} in the editor. Save it and the check here updates within a second."
                    ),
                    Err(e) => {
                        workshop.warn(cannot_open(&shown.to_string(), &e));
                        continue;
                    }
                };
                workshop.tell(msg);
            }
            Authoring::OpenFolder => {
                let Some(dir) = user.as_deref() else {
                    workshop.warn(no_folder());
                    continue;
                };
                let _ = std::fs::create_dir_all(dir);
                let shown = dir.display().to_string();
                match opener.open(dir) {
                    Ok(()) => workshop.tell(tr!(
                        "폴더를 열었어요: {shown}. 여기에 넣은 .ron 파일이 '내 시나리오'가 돼요.",
                        "Opened {shown}. The .ron files in it are your scenarios."
                    )),
                    Err(e) => workshop.warn(cannot_open(&shown, &e)),
                }
            }
            Authoring::Map => {
                let Some(file) = workshop.selected.as_ref().and_then(|h| files.get(h)) else {
                    continue;
                };
                let Some(html) = crate::map::page_of(file, None, lang) else {
                    workshop.warn(tr!(
                        "이 파일은 오류 때문에 장면을 읽을 수 없어서 지도를 그릴 수 없어요. 아래의 첫 오류부터 고쳐 주세요.",
                        "This file's errors keep its scenes from being read, so there is no map yet. Fix the first error below."
                    ));
                    continue;
                };
                let stem = file.report.path.file_stem().map_or_else(
                    || "scenario".to_owned(),
                    |s| s.to_string_lossy().into_owned(),
                );
                let dir = data
                    .0
                    .as_ref()
                    .map_or_else(std::env::temp_dir, |d| d.join("maps"));
                let path = dir.join(format!("{stem}-map.html"));
                let shown = path.display().to_string();
                let written =
                    std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, html));
                match written {
                    Err(e) => workshop.warn(tr!(
                        "지도를 {shown}에 쓸 수 없어요: {e}",
                        "cannot write the map to {shown}: {e}"
                    )),
                    Ok(()) => match opener.open(&path) {
                        Ok(()) => {
                            workshop.tell(tr!(
                                "지도를 웹 브라우저로 열었어요: {shown}",
                                "Opened the map in the web browser: {shown}"
                            ));
                            workshop.map = Some(path);
                        }
                        Err(e) => workshop.warn(cannot_open(&shown, &e)),
                    },
                }
            }
            Authoring::Simulate => {
                if workshop.running.is_some() {
                    continue;
                }
                let Some(handle) = workshop.selected.clone() else {
                    continue;
                };
                let Some(file) = files.get(&handle) else {
                    continue;
                };
                let Some(scenario) = file.scenario.clone() else {
                    workshop.warn(tr!(
                        "오류가 있는 시나리오는 시뮬레이션할 수 없어요. 먼저 아래의 오류를 고쳐 주세요.",
                        "A scenario with errors cannot be simulated; fix the errors below first."
                    ));
                    continue;
                };
                let source = file.report.source.clone();
                let done = Arc::new(AtomicU64::new(0));
                let result = Arc::new(Mutex::new(None));
                let (d, r) = (done.clone(), result.clone());
                let spawned = std::thread::Builder::new()
                    .name("kkumgil-simulate".into())
                    .spawn(move || {
                        let tick = |n: u64| d.store(n, Ordering::Relaxed);
                        let options = crate::simulate::Options {
                            runs: SIMULATED_RUNS,
                            seed: 1,
                            teams: None,
                            policy: crate::simulate::Policy::default_for(scenario.kind()),
                            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
                            progress: Some(&tick),
                        };
                        // A rule that fails on this file must not leave the screen waiting
                        // for ever: the failure becomes the report.
                        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                            let report = crate::simulate::simulate(&scenario, &options);
                            crate::simulate::render_text(&scenario, &report, lang)
                        }));
                        let text = run.unwrap_or_else(|_| {
                            crate::tr!(
                                "시뮬레이션이 이 시나리오에서 멈췄어요. 꿈길의 잘못이에요: 파일과 함께 알려 주세요.",
                                "The simulation stopped on this scenario. This is Kkumgil's fault: please report it with the file."
                            )
                            .get(lang)
                            .to_owned()
                        });
                        if let Ok(mut r) = r.lock() {
                            *r = Some(text);
                        }
                    });
                match spawned {
                    Ok(_) => {
                        workshop.notice = None;
                        workshop.page = Page::Report;
                        workshop.running = Some(Running {
                            file: handle.id(),
                            done,
                            result,
                        });
                        // Remember which text the report is for.
                        workshop.reports.insert(
                            handle.id(),
                            Simulated {
                                text: String::new(),
                                source,
                            },
                        );
                    }
                    Err(e) => workshop.warn(tr!(
                        "시뮬레이션을 시작하지 못했어요: {e}",
                        "could not start the simulation: {e}"
                    )),
                }
            }
            Authoring::Rescan => {
                let Some(dir) = user.as_deref() else {
                    continue;
                };
                let known: Vec<PathBuf> = library
                    .files
                    .iter()
                    .filter(|e| !e.bundled)
                    .filter_map(|e| files.get(&e.handle))
                    .map(|f| f.report.path.clone())
                    .collect();
                for path in crate::scenario::library::ron_files(dir).unwrap_or_default() {
                    if !known.contains(&path) {
                        library::add_user_file(&server, &mut files, &mut library, dir, &path);
                    }
                }
            }
        }
    }
}

/// Takes a finished simulation's report.
fn finish_simulation(mut workshop: ResMut<Workshop>) {
    let Some(running) = &workshop.running else {
        return;
    };
    let text = running.result.lock().ok().and_then(|mut r| r.take());
    if let Some(text) = text {
        let id = running.file;
        workshop.running = None;
        if let Some(report) = workshop.reports.get_mut(&id) {
            report.text = text;
        }
    }
}

/// The selected file's path, when it is a file on disk the instructor may edit (not one of
/// the copies compiled into the program).
fn selected_file(workshop: &Workshop, files: &Assets<ScenarioFile>) -> Option<PathBuf> {
    let file = files.get(workshop.selected.as_ref()?)?;
    Some(file.report.path.clone()).filter(|p| p.is_file())
}

fn no_folder() -> Msg {
    tr!(
        "내 시나리오 폴더를 찾지 못했어요. --data-dir로 데이터 폴더를 정해 주세요.",
        "cannot find your scenario folder; choose a data folder with --data-dir"
    )
}

fn cannot_open(what: &str, e: &str) -> Msg {
    tr!(
        "{what}을(를) 열 프로그램을 찾지 못했어요({e}). 파일 탐색기에서 직접 열어 주세요.",
        "no program could open {what} ({e}); open it from the file manager"
    )
}
