//! The role-play on the projector: whose turn, the meters, what the last choice did, the
//! scene with its picture and speaker, and the choices (keys 1–9) with the class vote.

use super::*;

pub(super) fn role_play_view(
    ui: &mut egui::Ui,
    pictures: &mut crate::app::pictures::Pictures,
    ctx: &egui::Context,
    active: &Active,
    runs: &[role_play::Run],
    rp: &crate::scenario::RolePlay,
    lang: Lang,
    entry: &mut DecisionDraft,
    input: &mut MessageWriter<ClassInput>,
    next: &mut NextState<Screen>,
) {
    let ko = lang == Lang::Ko;
    let turns = active.setup().mode == Mode::TeamTurns;
    let r = active.turn().unwrap_or(0).min(runs.len() - 1);
    let run = &runs[r];
    // Meters, animated towards their value, with the change of the last choice.
    ui.horizontal_wrapped(|ui| {
        if turns {
            let team = &active.setup().teams[r];
            ui.label(
                theme::text(
                    ctx,
                    format!(
                        "{} {} {}",
                        team.icon,
                        team.name,
                        if ko { "차례" } else { "to play" }
                    ),
                    size::BODY,
                )
                .color(colour(&team.colour)),
            );
        }
        // How the last choice moved each meter of this run (in team turns, of the team that
        // just played: the change belongs to the run whose meters are shown only then).
        let mut changed = vec![0; rp.meters.len()];
        for e in active.last_events() {
            if let Event::RolePlay {
                run: moved,
                event: role_play::Event::MeterChanged { meter, from, to },
            } = e
                && *moved == r
            {
                changed[*meter] += to - from;
            }
        }
        for (m, meter) in rp.meters.iter().enumerate() {
            gauge(ui, ctx, meter, run.meters[m], changed[m], (r, m), lang);
        }
    });
    ui.add_space(theme::px(ctx, 1.5));
    // What the last choice did, from the events it made (the run that moved may be the team
    // before this one in team turns).
    let taken = active.last_events().iter().find_map(|e| match e {
        Event::RolePlay {
            run,
            event: role_play::Event::ChoiceTaken { scene, choice },
        } => Some((*run, *scene, *choice)),
        _ => None,
    });
    let drawn = active.last_events().iter().find_map(|e| match e {
        Event::RolePlay {
            event: role_play::Event::OutcomeDrawn { outcome, .. },
            ..
        } => Some(*outcome),
        _ => None,
    });
    // What an automatic branch decided, and why (its route's text).
    let branched = active.last_events().iter().find_map(|e| match e {
        Event::RolePlay {
            event: role_play::Event::BranchTaken { scene, route },
            ..
        } => Some((*scene, *route)),
        _ => None,
    });
    if let Some((s, Some(route))) = branched
        && let Some(text) = rp.scenes[s]
            .branch
            .as_ref()
            .and_then(|b| b.routes.get(route))
            .and_then(|r| r.text.as_ref())
    {
        ui.label(
            theme::text(ctx, format!("▶ {}", text.get(lang)), size::BODY)
                .color(palette::egui(palette::ACCENT)),
        );
    }
    if let Some((moved, s, c)) = taken {
        let choice = &rp.scenes[s].choices[c];
        ui.label(
            theme::text(ctx, format!("✔ {}", choice.text.get(lang)), size::SMALL)
                .color(palette::egui(palette::MUTED)),
        );
        // The feedback says why the meters moved: the sentence the lesson is about, so it is
        // as large as the scene's text.
        if let Some(f) = &choice.feedback {
            ui.label(theme::text(ctx, f.get(lang), size::BODY));
        }
        // A random outcome is revealed as a card that turns over.
        if let (crate::scenario::Next::Random(outcomes), Some(o)) = (&choice.next, drawn)
            && let Some(text) = outcomes.get(o).and_then(|o| o.text.as_ref())
        {
            let key = egui::Id::new(("outcome", moved, runs[moved].path.len()));
            theme::reveal_card(ui, ctx, key, text.get(lang));
        }
    }
    match run.position {
        Position::Scene(s) => {
            let scene = &rp.scenes[s];
            let picture = scene.image.as_ref().and_then(|p| pictures.get(ctx, p));
            let portrait = scene
                .speaker
                .and_then(|r| rp.roles[r].portrait.as_ref())
                .and_then(|p| pictures.get(ctx, p));
            // The speaker (portrait beside the name, when the scenario has one) and the
            // scene's text.
            let words = |ui: &mut egui::Ui| {
                if let Some(speaker) = scene.speaker {
                    ui.horizontal(|ui| {
                        if let Some(texture) = &portrait {
                            ui.add(egui::Image::new(texture).max_height(theme::px(ctx, 12.0)));
                        }
                        ui.label(
                            theme::text(ctx, rp.roles[speaker].name.get(lang), size::BODY)
                                .color(palette::egui(palette::ACCENT))
                                .strong(),
                        );
                    });
                }
                ui.label(theme::text(ctx, scene.text.get(lang), size::BODY));
            };
            // The scene panel: its picture on the left, the words beside it.
            theme::beside_picture(ui, ctx, picture.as_ref(), 30.0, words);
            ui.add_space(theme::px(ctx, 2.0));
            if scene.branch.is_some() {
                // No vote here: the class reads the scene, and the story moves on by itself.
                let button = theme::primary(
                    ctx,
                    if ko {
                        "계속 ▶  (Enter)"
                    } else {
                        "Continue ▶  (Enter)"
                    },
                );
                if ui.add(button).clicked() || ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                    input.write(active.role_play(role_play::Command::Continue).into());
                }
                return;
            }
            let available = run.available(rp);
            let pressed = ui.input(|i| (0..9).find(|k| i.key_pressed(number_key(*k))));
            if entry.votes.len() != scene.choices.len() {
                entry.votes = vec![0; scene.choices.len()];
            }
            let total: u32 = entry.votes.iter().sum();
            // Every card ends at the same right edge, whatever sits before it.
            let right = ui.max_rect().right();
            for (k, choice) in scene.choices.iter().enumerate() {
                let open = available.contains(&k);
                ui.horizontal(|ui| {
                    if active.setup().mode == Mode::ClassVote {
                        // A fixed width, so every card starts at the same place.
                        ui.add_enabled_ui(open, |ui| {
                            ui.add_sized(
                                egui::vec2(theme::px(ctx, 8.0), theme::px(ctx, 4.0)),
                                egui::DragValue::new(&mut entry.votes[k])
                                    .range(0..=99)
                                    .prefix(if ko { "표 " } else { "votes " }),
                            );
                        });
                    }
                    // The card takes the rest of the row, after the vote count.
                    let card = vote_card(
                        ui,
                        ctx,
                        right,
                        k,
                        choice.text.get(lang),
                        open,
                        (entry.votes[k], total),
                        ko,
                    );
                    if card.clicked() || (open && pressed == Some(k)) {
                        input.write(active.role_play(role_play::Command::Choose(k)).into());
                    }
                });
            }
            if active.setup().mode == Mode::ClassVote
                && total > 0
                && ui
                    .add(theme::primary(
                        ctx,
                        if ko {
                            "투표로 정하기"
                        } else {
                            "Decide by vote"
                        },
                    ))
                    .clicked()
            {
                let votes = std::mem::take(&mut entry.votes);
                input.write(active.role_play(role_play::Command::Vote(votes)).into());
            }
        }
        Position::Ended(e) => {
            let ending = &rp.endings[e];
            let picture = ending.image.as_ref().and_then(|p| pictures.get(ctx, p));
            // The tone decides the colour: the accent for a good ending only.
            theme::beside_picture(ui, ctx, picture.as_ref(), 30.0, |ui| {
                ui.label(
                    theme::text(ctx, ending.title.get(lang), size::HEADING)
                        .color(super::tone_colour(ending.tone))
                        .strong(),
                );
                ui.label(theme::text(ctx, ending.text.get(lang), size::BODY));
            });
            if runs.iter().all(|r| r.ended().is_some()) {
                let go = ui
                    .add(theme::primary(
                        ctx,
                        if ko {
                            "돌아보기 (Enter)"
                        } else {
                            "Debrief (Enter)"
                        },
                    ))
                    .clicked();
                if go || ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                    next.set(Screen::Debrief);
                }
            }
        }
    }
}

fn number_key(k: usize) -> egui::Key {
    [
        egui::Key::Num1,
        egui::Key::Num2,
        egui::Key::Num3,
        egui::Key::Num4,
        egui::Key::Num5,
        egui::Key::Num6,
        egui::Key::Num7,
        egui::Key::Num8,
        egui::Key::Num9,
    ][k.min(8)]
}

/// A meter as a gauge (see `theme::gauge`).
fn gauge(
    ui: &mut egui::Ui,
    ctx: &egui::Context,
    meter: &crate::scenario::Meter,
    value: i32,
    change: i32,
    key: (usize, usize),
    lang: Lang,
) {
    let span = (meter.max - meter.min).max(1) as f32;
    theme::gauge(
        ui,
        ctx,
        meter.name.get(lang),
        f64::from(value),
        Some((value - meter.min) as f32 / span),
        f64::from(change),
        egui::Id::new(("meter", key)),
    );
}

/// A choice as a card the class can read from the back: its number large in a badge (the key
/// that picks it), its text, and in a class vote its live tally as a bar behind the text and
/// a count at the right. A closed choice is greyed and cannot be picked.
fn vote_card(
    ui: &mut egui::Ui,
    ctx: &egui::Context,
    right: f32,
    k: usize,
    text: &str,
    open: bool,
    (votes, total): (u32, u32),
    ko: bool,
) -> egui::Response {
    let height = theme::px(ctx, 8.5);
    let (rect, response) = ui.allocate_exact_size(
        egui::vec2((right - ui.cursor().left()).max(height * 4.0), height),
        if open {
            egui::Sense::click()
        } else {
            egui::Sense::hover()
        },
    );
    let painter = ui.painter();
    let round = theme::px(ctx, 0.8);
    let surface = palette::egui(palette::SURFACE);
    painter.rect_filled(
        rect,
        round,
        if open && response.hovered() {
            surface.gamma_multiply(1.6)
        } else {
            surface
        },
    );
    // The tally, growing with the clock as votes are entered.
    let share = if total > 0 {
        votes as f32 / total as f32
    } else {
        0.0
    };
    let shown = theme::grow(ctx, egui::Id::new(("vote", k)), share);
    if shown > 0.0 {
        let mut bar = rect;
        bar.set_width(rect.width() * shown);
        painter.rect_filled(
            bar,
            round,
            palette::egui(palette::ACCENT).gamma_multiply(0.3),
        );
    }
    let ink = palette::egui(if open { palette::TEXT } else { palette::MUTED });
    let badge = egui::pos2(rect.left() + height * 0.55, rect.center().y);
    painter.circle_filled(
        badge,
        height * 0.36,
        palette::egui(if open {
            palette::ACCENT
        } else {
            palette::MUTED
        }),
    );
    painter.text(
        badge,
        egui::Align2::CENTER_CENTER,
        format!("{}", k + 1),
        egui::FontId::proportional(height * 0.5),
        palette::egui(palette::BACKGROUND),
    );
    let count = if total > 0 {
        if ko {
            format!("{votes}표")
        } else {
            format!("{votes}")
        }
    } else {
        String::new()
    };
    let right = painter.text(
        rect.right_center() - egui::vec2(theme::px(ctx, 1.2), 0.0),
        egui::Align2::RIGHT_CENTER,
        count,
        egui::FontId::proportional(theme::px(ctx, size::BODY)),
        palette::egui(palette::ACCENT),
    );
    // The text, wrapped to the room between the badge and the count.
    let left = badge.x + height * 0.55;
    let wrap = (right.left() - left - theme::px(ctx, 1.0)).max(10.0);
    let galley = painter.layout(
        text.to_owned(),
        egui::FontId::proportional(theme::px(ctx, size::BODY)),
        ink,
        wrap,
    );
    let at = egui::pos2(left, rect.center().y - galley.size().y / 2.0);
    painter.galley(at, galley, ink);
    ui.add_space(theme::px(ctx, 0.6));
    response
}
