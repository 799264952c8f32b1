//! 만들기·점검 (Make and check): the instructor's own scenarios and the bundled ones, each
//! file's problems in full (the line, the marked text, the hint), a new scenario from a
//! template, the system's editor and file manager, a simulation's report and the map; all
//! without a terminal. The work is done in `app::workshop`.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::Screen;
use super::library::Chosen;
use crate::app::Language;
use crate::app::library::{ScenarioFile, ScenarioLibrary};
use crate::app::theme::{self, palette, size};
use crate::app::workshop::{Authoring, Page, SIMULATED_RUNS, Workshop};
use crate::scenario::template::Template;
use crate::scenario::{Lang, Problem, Severity};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Workshop), rescan)
        .add_systems(
            EguiPrimaryContextPass,
            draw_workshop
                .run_if(in_state(Screen::Workshop))
                .after(crate::app::theme::SidePanels),
        );
}

/// Files copied into the instructor's folder while the app ran appear when the screen opens.
fn rescan(mut ask: MessageWriter<Authoring>) {
    ask.write(Authoring::Rescan);
}

fn draw_workshop(
    mut contexts: EguiContexts,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
    mut ask: MessageWriter<Authoring>,
    mut workshop: ResMut<Workshop>,
    library: Res<ScenarioLibrary>,
    files: Res<Assets<ScenarioFile>>,
    language: Res<Language>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let lang = language.0;
    let t = |ko: &'static str, en: &'static str| if lang == Lang::Ko { ko } else { en };
    if workshop.running.is_some() {
        // The progress line moves while the bots play.
        ctx.request_repaint_after(std::time::Duration::from_millis(100));
    }
    theme::screen(ctx, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                theme::text(
                    ctx,
                    t("시나리오 만들기·점검", "Make and check scenarios"),
                    size::HEADING,
                )
                .strong(),
            );
            ui.add_space(theme::px(ctx, 2.0));
            if ui
                .add(theme::primary(ctx, t("＋ 새 시나리오", "＋ New scenario")))
                .clicked()
            {
                workshop.creating = true;
            }
            let small = |s: &str| theme::text(ctx, s, size::SMALL);
            if ui
                .button(small(t("내 시나리오 폴더 열기", "Open my scenario folder")))
                .clicked()
            {
                ask.write(Authoring::OpenFolder);
            }
            if ui
                .button(small(t("← 시나리오 고르기로", "← Back to the library")))
                .clicked()
            {
                next.set(Screen::Library);
            }
        });
        if let Some((msg, problem)) = &workshop.notice {
            let colour = if *problem {
                palette::PROBLEM
            } else {
                palette::MUTED
            };
            ui.label(theme::text(ctx, msg.get(lang), size::SMALL).color(palette::egui(colour)));
        }
        ui.add_space(theme::px(ctx, 1.0));
        let width = ui.available_width();
        let height = ui.available_height();
        let column = egui::Layout::top_down(egui::Align::Min);
        ui.horizontal_top(|ui| {
            ui.allocate_ui_with_layout(egui::vec2(width * 0.3, height), column, |ui| {
                ui.set_width(width * 0.3);
                file_list(ui, ctx, &library, &files, &workshop, &mut ask, lang);
            });
            ui.separator();
            ui.allocate_ui_with_layout(egui::vec2(ui.available_width(), height), column, |ui| {
                ui.set_min_width(ui.available_width());
                if workshop.creating {
                    new_form(ui, ctx, &mut workshop, &mut ask, lang);
                    return;
                }
                let Some(file) = workshop.selected.as_ref().and_then(|h| files.get(h)) else {
                    ui.label(
                        theme::text(
                            ctx,
                            t(
                                "왼쪽에서 시나리오를 고르면 검사 결과가 모두 나와요. 새로 만들려면 '＋ 새 시나리오'를 누르세요.",
                                "Choose a scenario on the left to see its check in full, or press '＋ New scenario'.",
                            ),
                            size::SMALL,
                        )
                        .color(palette::egui(palette::MUTED)),
                    );
                    return;
                };
                let mut page = workshop.page;
                let play = details(ui, ctx, file, &workshop, &mut page, &mut ask, lang);
                workshop.page = page;
                if let Some(play) = play {
                    commands.insert_resource(Chosen(std::sync::Arc::new(play)));
                    next.set(Screen::Setup);
                }
            });
        });
    });
    Ok(())
}

/// The instructor's files, then the bundled ones, each with its check status.
fn file_list(
    ui: &mut egui::Ui,
    ctx: &egui::Context,
    library: &ScenarioLibrary,
    files: &Assets<ScenarioFile>,
    workshop: &Workshop,
    ask: &mut MessageWriter<Authoring>,
    lang: Lang,
) {
    let ko = lang == Lang::Ko;
    egui::ScrollArea::vertical()
        .id_salt("workshop-files")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for bundled in [false, true] {
                let entries: Vec<_> = library
                    .files
                    .iter()
                    .filter(|e| e.bundled == bundled)
                    .filter_map(|e| files.get(&e.handle).map(|f| (e, f)))
                    // Glossaries are support files, not games.
                    .filter(|(_, f)| f.scenario.is_some() || !f.report.diagnostics.is_empty())
                    .collect();
                let heading = match (bundled, ko) {
                    (false, true) => "내 시나리오",
                    (false, false) => "My scenarios",
                    (true, true) => "함께 들어 있는 시나리오",
                    (true, false) => "Bundled scenarios",
                };
                ui.label(
                    theme::text(ctx, format!("{heading} ({})", entries.len()), size::SMALL)
                        .strong()
                        .color(palette::egui(palette::ACCENT)),
                );
                if entries.is_empty() && !bundled {
                    ui.label(
                        theme::text(
                            ctx,
                            if ko {
                                "아직 없어요. '＋ 새 시나리오'로 만들어 보세요."
                            } else {
                                "None yet: press '＋ New scenario'."
                            },
                            size::SMALL,
                        )
                        .color(palette::egui(palette::MUTED)),
                    );
                }
                for (entry, file) in entries {
                    let selected = workshop.selected.as_ref() == Some(&entry.handle);
                    let (mark, colour) = status(file);
                    let name = file
                        .scenario
                        .as_ref()
                        .map_or_else(|| file_name(file), |s| s.title.get(lang).to_owned());
                    let counts = counts(file, lang);
                    let label = if counts.is_empty() {
                        format!("{mark} {name}")
                    } else {
                        format!("{mark} {name} · {counts}")
                    };
                    let text = theme::text(ctx, label, size::SMALL).color(palette::egui(colour));
                    if ui.selectable_label(selected, text).clicked() {
                        ask.write(Authoring::Select(entry.handle.clone()));
                    }
                }
                ui.add_space(theme::px(ctx, 1.5));
            }
        });
}

fn file_name(file: &ScenarioFile) -> String {
    file.report
        .path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

/// ✔, ⚠ or ✖ and its colour.
fn status(file: &ScenarioFile) -> (&'static str, Color) {
    if file.report.has_errors() {
        ("✖", palette::PROBLEM)
    } else if file.report.warnings() > 0 {
        ("⚠", palette::ACCENT)
    } else {
        ("✔", palette::TEXT)
    }
}

/// "오류 2개, 경고 1개", or nothing for a clean file.
fn counts(file: &ScenarioFile, lang: Lang) -> String {
    let (errors, warnings) = (file.report.errors(), file.report.warnings());
    let mut parts = Vec::new();
    if errors > 0 {
        parts.push(crate::tr!("오류 {errors}개", "{errors} error(s)"));
    }
    if warnings > 0 {
        parts.push(crate::tr!("경고 {warnings}개", "{warnings} warning(s)"));
    }
    parts
        .iter()
        .map(|m| m.get(lang).to_owned())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The form for a new scenario: its kind and its name.
fn new_form(
    ui: &mut egui::Ui,
    ctx: &egui::Context,
    workshop: &mut Workshop,
    ask: &mut MessageWriter<Authoring>,
    lang: Lang,
) {
    let ko = lang == Lang::Ko;
    let t = |k: &'static str, e: &'static str| if ko { k } else { e };
    ui.label(theme::text(ctx, t("새 시나리오", "New scenario"), size::BODY).strong());
    ui.add_space(theme::px(ctx, 1.0));
    ui.label(theme::text(
        ctx,
        t("어떤 게임인가요?", "What kind of game?"),
        size::SMALL,
    ));
    for (kind, name, about) in [
        (
            Template::RolePlay,
            t("롤플레이", "Role-play"),
            t(
                "장면마다 반 전체(또는 팀이 차례로)가 선택지를 골라 이야기를 이어 가요. 예: 마을카페 창업기",
                "The class (or each team in turn) picks a choice in each scene and the story follows. E.g. the village café",
            ),
        ),
        (
            Template::TeamGame,
            t("팀 게임", "Team game"),
            t(
                "팀들이 라운드마다 한꺼번에 정하고, 점수와 공동 자원이 바뀌어요. 예: 마을 공동기금",
                "Teams decide at once each round; scores and a shared stock change. E.g. the community fund",
            ),
        ),
    ] {
        ui.radio_value(
            &mut workshop.new_kind,
            Some(kind),
            theme::text(ctx, name, size::SMALL).strong(),
        );
        ui.label(theme::text(ctx, about, size::SMALL).color(palette::egui(palette::MUTED)));
    }
    ui.add_space(theme::px(ctx, 1.0));
    ui.label(theme::text(ctx, t("제목", "Title"), size::SMALL));
    ui.add(
        egui::TextEdit::singleline(&mut workshop.new_name)
            .hint_text(t("예: 우리 동네 빵집", "e.g. Our bakery"))
            .desired_width(theme::px(ctx, 60.0)),
    );
    ui.label(
        theme::text(
            ctx,
            t(
                "내 시나리오 폴더에 예시가 들어 있는 파일을 만들어요. 그다음 '편집기로 열기'로 고치면, 저장할 때마다 여기서 다시 검사해요.",
                "Makes a file with a worked example in your scenario folder. Then 'Open in editor' to change it; every save is checked here again.",
            ),
            size::SMALL,
        )
        .color(palette::egui(palette::MUTED)),
    );
    ui.add_space(theme::px(ctx, 1.0));
    ui.horizontal(|ui| {
        let ready = workshop.new_kind.is_some() && !workshop.new_name.trim().is_empty();
        if ui
            .add_enabled(ready, theme::primary(ctx, t("만들기", "Create")))
            .clicked()
            && let Some(kind) = workshop.new_kind
        {
            ask.write(Authoring::New {
                kind,
                name: workshop.new_name.trim().to_owned(),
            });
        }
        if ui
            .button(theme::text(ctx, t("그만두기", "Cancel"), size::SMALL))
            .clicked()
        {
            workshop.creating = false;
        }
    });
}

/// One file: what it is, its actions, and its problems or its simulation report. Returns the
/// file when the instructor chose to play it.
fn details(
    ui: &mut egui::Ui,
    ctx: &egui::Context,
    file: &ScenarioFile,
    workshop: &Workshop,
    page: &mut Page,
    ask: &mut MessageWriter<Authoring>,
    lang: Lang,
) -> Option<ScenarioFile> {
    let ko = lang == Lang::Ko;
    let t = |k: &'static str, e: &'static str| if ko { k } else { e };
    let mut play = None;
    let title = file
        .scenario
        .as_ref()
        .map_or_else(|| file_name(file), |s| s.title.get(lang).to_owned());
    ui.label(theme::text(ctx, title, size::BODY).strong());
    ui.label(
        theme::text(ctx, file.report.path.display().to_string(), size::SMALL)
            .color(palette::egui(palette::MUTED)),
    );
    let counted = counts(file, lang);
    let verdict = match (file.report.errors(), file.report.warnings()) {
        (0, 0) => crate::tr!(
            "✔ 문제 없어요. 수업에서 바로 할 수 있어요.",
            "✔ No problems: ready for class."
        ),
        (0, _) => crate::tr!(
            "⚠ {counted}: 할 수는 있지만 한번 살펴보세요.",
            "⚠ {counted}: playable, but have a look."
        ),
        _ => crate::tr!(
            "✖ {counted}: 오류를 고치면 할 수 있어요. 위에서부터 하나씩 고쳐 보세요.",
            "✖ {counted}: fix the errors to play it, from the top down."
        ),
    };
    let (_, colour) = status(file);
    ui.label(theme::text(ctx, verdict.get(lang), size::SMALL).color(palette::egui(colour)));
    let editable = file.report.path.is_file()
        && crate::scenario::library::bundled_dir().is_none_or(|b| !file.report.path.starts_with(b));
    ui.horizontal_wrapped(|ui| {
        let small = |s: &str| theme::text(ctx, s, size::SMALL);
        if editable
            && ui
                .button(small(t("편집기로 열기", "Open in editor")))
                .clicked()
        {
            ask.write(Authoring::Edit);
        }
        if (file.scenario.is_some() || file.draft.is_some())
            && ui.button(small(t("지도 보기", "Show the map"))).clicked()
        {
            ask.write(Authoring::Map);
        }
        if file.scenario.is_some() {
            let runs = crate::simulate::grouped(SIMULATED_RUNS);
            let label = if ko {
                format!("시뮬레이션 ({runs}판)")
            } else {
                format!("Simulate ({runs} games)")
            };
            if ui
                .add_enabled(workshop.running.is_none(), egui::Button::new(small(&label)))
                .clicked()
            {
                ask.write(Authoring::Simulate);
            }
            if ui
                .add(theme::primary(ctx, t("▶ 수업에서 하기", "▶ Play in class")))
                .clicked()
            {
                play = Some(file.clone());
            }
        }
    });
    ui.add_space(theme::px(ctx, 0.5));
    let id = workshop.selected.as_ref().map(|h| h.id());
    let report = id.and_then(|id| workshop.reports.get(&id));
    ui.horizontal(|ui| {
        let problems = file.report.diagnostics.len();
        let label = if ko {
            format!("문제 {problems}개")
        } else {
            format!("Problems ({problems})")
        };
        ui.selectable_value(page, Page::Problems, theme::text(ctx, label, size::SMALL));
        if report.is_some() {
            ui.selectable_value(
                page,
                Page::Report,
                theme::text(
                    ctx,
                    t("시뮬레이션 보고서", "Simulation report"),
                    size::SMALL,
                ),
            );
        }
    });
    ui.separator();
    // Both ways: a wide table of the report scrolls sideways instead of running off.
    egui::ScrollArea::both()
        .id_salt("workshop-detail")
        .auto_shrink([false, false])
        .show(ui, |ui| match (*page, report) {
            (Page::Report, Some(report)) => {
                let running = workshop.running.as_ref().filter(|r| Some(r.file) == id);
                simulation(ui, ctx, report, running, file, lang);
            }
            _ => {
                let problems = file.report.problems(lang);
                if problems.is_empty() {
                    ui.label(
                        theme::text(
                            ctx,
                            t(
                                "검사에서 찾은 문제가 없어요. 시뮬레이션으로 균형도 살펴보세요.",
                                "The check found nothing. Try a simulation to see the balance too.",
                            ),
                            size::SMALL,
                        )
                        .color(palette::egui(palette::MUTED)),
                    );
                }
                for p in &problems {
                    problem(ui, ctx, p, lang);
                }
            }
        });
    play
}

/// One problem as `kkumgil check` prints it: severity, code and place, the message, the lines
/// around it with the text it is about marked, the label, and the hint.
fn problem(ui: &mut egui::Ui, ctx: &egui::Context, p: &Problem<'_>, lang: Lang) {
    let ko = lang == Lang::Ko;
    let colour = match p.severity {
        Severity::Error => palette::PROBLEM,
        Severity::Warning => palette::ACCENT,
    };
    let (kind, line, column) = (
        match (p.severity, ko) {
            (Severity::Error, true) => "✖ 오류",
            (Severity::Error, false) => "✖ error",
            (Severity::Warning, true) => "⚠ 경고",
            (Severity::Warning, false) => "⚠ warning",
        },
        p.line,
        p.column,
    );
    let place = if ko {
        format!("{kind} {} · {line}줄 {column}칸", p.code)
    } else {
        format!("{kind} {} · line {line}, column {column}", p.code)
    };
    ui.label(
        theme::text(ctx, place, size::SMALL)
            .strong()
            .color(palette::egui(colour)),
    );
    ui.label(theme::text(ctx, p.message, size::SMALL));
    if let Some(lines) = &p.excerpt {
        let font = egui::FontId::monospace(theme::px(ctx, size::SMALL) * 0.9);
        let mut job = egui::text::LayoutJob::default();
        let plain = egui::TextFormat {
            font_id: font.clone(),
            color: palette::egui(palette::TEXT),
            ..default()
        };
        let number = egui::TextFormat {
            color: palette::egui(palette::MUTED),
            ..plain.clone()
        };
        let marked = egui::TextFormat {
            color: palette::egui(palette::BACKGROUND),
            background: palette::egui(colour),
            ..plain.clone()
        };
        let digits = (lines.first_line + lines.text.lines().count())
            .to_string()
            .len();
        let mut at = 0;
        for (n, text) in lines.text.split('\n').enumerate() {
            let line_no = lines.first_line + n;
            job.append(&format!("{line_no:>digits$} │ "), 0.0, number.clone());
            let (start, end) = (at, at + text.len());
            // The marked part of this line, if the span reaches into it.
            let from = lines.span.start.clamp(start, end) - start;
            let to = lines.span.end.clamp(start, end) - start;
            let empty_here =
                lines.span.is_empty() && lines.span.start >= start && lines.span.start <= end;
            job.append(&text[..from], 0.0, plain.clone());
            if to > from {
                job.append(&text[from..to], 0.0, marked.clone());
            } else if empty_here {
                // A point (something missing here): a marked space.
                job.append(" ", 0.0, marked.clone());
            }
            job.append(&text[to..], 0.0, plain.clone());
            job.append("\n", 0.0, plain.clone());
            at = end + 1;
        }
        egui::Frame::new()
            .fill(palette::egui(palette::SURFACE))
            .corner_radius(theme::px(ctx, 0.5))
            .inner_margin(egui::Margin::same(theme::px(ctx, 0.8) as i8))
            .show(ui, |ui| {
                ui.set_min_width(ui.available_width());
                ui.label(job);
            });
    }
    if let Some(label) = p.label {
        ui.label(theme::text(ctx, format!("↑ {label}"), size::SMALL).color(palette::egui(colour)));
    }
    if let Some(hint) = p.hint {
        let word = if ko { "도움말" } else { "help" };
        ui.label(
            theme::text(ctx, format!("{word}: {hint}"), size::SMALL)
                .color(palette::egui(palette::ACCENT)),
        );
    }
    ui.add_space(theme::px(ctx, 1.5));
}

/// A simulation's report as headings and tables (see `simulate::lines`), or its progress.
fn simulation(
    ui: &mut egui::Ui,
    ctx: &egui::Context,
    report: &crate::app::workshop::Simulated,
    running: Option<&crate::app::workshop::Running>,
    file: &ScenarioFile,
    lang: Lang,
) {
    let ko = lang == Lang::Ko;
    if let Some(running) = running {
        let done = running.progress();
        let share = done as f32 / SIMULATED_RUNS as f32;
        ui.add(
            egui::ProgressBar::new(share)
                .text(theme::text(
                    ctx,
                    if ko {
                        format!("봇들이 게임을 하는 중… {done} / {SIMULATED_RUNS}판")
                    } else {
                        format!("Bots are playing… {done} / {SIMULATED_RUNS} games")
                    },
                    size::SMALL,
                ))
                .desired_width(ui.available_width()),
        );
        return;
    }
    if report.source != file.report.source {
        ui.label(
            theme::text(
                ctx,
                if ko {
                    "파일이 바뀌었어요. 이 보고서는 바뀌기 전의 것이에요. 시뮬레이션을 다시 해 보세요."
                } else {
                    "The file changed since: this report is of the version before. Simulate again."
                },
                size::SMALL,
            )
            .color(palette::egui(palette::ACCENT)),
        );
    }
    let mut table: Vec<Vec<&str>> = Vec::new();
    let mut tables = 0;
    let flush = |ui: &mut egui::Ui, table: &mut Vec<Vec<&str>>, tables: &mut usize| {
        if table.is_empty() {
            return;
        }
        *tables += 1;
        egui::Grid::new(("simulation-table", *tables))
            .striped(true)
            .min_row_height(theme::px(ctx, size::SMALL) * 1.2)
            .spacing(egui::vec2(theme::px(ctx, 1.5), theme::px(ctx, 0.3)))
            .show(ui, |ui| {
                for row in table.drain(..) {
                    for cell in row {
                        ui.label(theme::text(ctx, cell, size::SMALL * 0.9));
                    }
                    ui.end_row();
                }
            });
    };
    for line in crate::simulate::lines(&report.text) {
        match line {
            crate::simulate::Line::Row(cells) => table.push(cells),
            crate::simulate::Line::Heading(text) => {
                flush(ui, &mut table, &mut tables);
                ui.add_space(theme::px(ctx, 0.6));
                ui.label(
                    theme::text(ctx, text, size::SMALL)
                        .strong()
                        .color(palette::egui(palette::ACCENT)),
                );
            }
            crate::simulate::Line::Blank => flush(ui, &mut table, &mut tables),
        }
    }
    flush(ui, &mut table, &mut tables);
}
