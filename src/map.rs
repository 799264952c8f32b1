//! `kkumgil map`: a scenario as one self-contained HTML page. A role-play is drawn as a graph
//! (scenes and endings as boxes, choices as labelled arrows, random outcomes and conditions
//! marked, scenes no path reaches or that trap the class highlighted with their diagnostic),
//! laid out by `layout-rs`; a team game as its timeline of rounds, steps and quizzes. With
//! the figures of a `simulate` run, each arrow says how often bots took it and is drawn
//! thicker the more it was taken. The bundled font is embedded, so Hangul shows on a PC
//! without Korean fonts.

use std::collections::{HashMap, VecDeque};
use std::fmt::Write as _;

use layout::backends::svg::SVGWriter;
use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::geometry::Point;
use layout::core::style::{LineStyleKind, StyleAttr};
use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
use layout::topo::layout::VisualGraph;

use crate::i18n::{Lang, Msg};
use crate::scenario::{
    Code, Compare, Condition, FileReport, Game, Next, RolePlay, Scenario, Target, TeamGame, Tone,
};
use crate::session::export::esc;
use crate::simulate::Report;

/// How often bots took each way through a story, from a `simulate` report.
#[derive(Debug, Default)]
pub struct Taken {
    runs: u64,
    /// (scene id, choice id) → runs that took it.
    choices: HashMap<(String, String), u64>,
}

impl Taken {
    pub fn from_report(report: &Report) -> Option<Taken> {
        let rp = report.role_play.as_ref()?;
        Some(Taken {
            runs: report.runs.max(1),
            choices: rp
                .choices
                .iter()
                .chain(&rp.routes)
                .map(|c| ((c.scene.clone(), c.choice.clone()), c.runs))
                .collect(),
        })
    }

    fn share(&self, scene: &str, choice: &str) -> Option<f64> {
        self.choices
            .get(&(scene.to_owned(), choice.to_owned()))
            .map(|&n| n as f64 / self.runs as f64)
    }
}

/// The map page of a loaded file: its scenario, or the draft of a story whose only errors are
/// in its paths (drawn with them marked); with `runs`, arrows weighed by that many random
/// bots' games (only for a playable scenario). `None` when there is nothing to draw.
pub fn page_of(loaded: &crate::scenario::Loaded, runs: Option<u64>, lang: Lang) -> Option<String> {
    let s = loaded.scenario.as_ref().or(loaded.draft.as_ref())?;
    let taken = match (runs, &loaded.scenario) {
        (Some(runs), Some(playable)) => {
            let options = crate::simulate::Options {
                runs: runs.clamp(1, 1_000_000),
                seed: 1,
                teams: None,
                policy: crate::simulate::Policy::Random,
                threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
                progress: None,
            };
            Taken::from_report(&crate::simulate::simulate(playable, &options))
        }
        _ => None,
    };
    Some(page(s, &loaded.report, taken.as_ref(), lang))
}

/// The page for a scenario (or a draft that only has errors in its paths), in `lang`.
pub fn page(s: &Scenario, report: &FileReport, taken: Option<&Taken>, lang: Lang) -> String {
    let title = s.title.get(lang);
    let (body, notes) = match &s.game {
        Game::RolePlay(rp) => role_play(rp, report, taken, lang),
        Game::TeamGame(tg) => (team_game(tg, lang), Vec::new()),
    };
    let legend = match &s.game {
        Game::RolePlay(_) => tr!(
            "네모는 장면이에요. 장면 안에 선택지가 화면의 번호대로 있고, 화살표의 번호가 그 선택지예요. 둥근 네모는 엔딩이에요(초록: 좋은 결말, 회색: 아쉬운 결말, 빨강: 나쁜 결말). 점선은 주사위(무작위 결과)나 저절로 가는 길(▶)이에요. [조건]은 조건이 맞을 때만 열리는 선택지예요. 굵은 테두리가 시작 장면이에요.",
            "Boxes are scenes, each listing its choices numbered as on screen; an arrow's number is its choice. Rounded boxes are endings (green good, grey mixed, red bad). Dashed arrows are dice (random outcomes) or automatic branches (▶). [if] marks a choice that opens only when its condition holds. The thick border is the first scene."
        ),
        Game::TeamGame(_) => tr!(
            "라운드마다 팀들이 동시에 결정하고, 사건 카드를 뽑고, 결과를 공개해요. 라운드 사이 활동과 퀴즈는 그 자리에 나와요.",
            "Each round the teams decide at once, a card is drawn and the results are revealed. Steps between rounds and quizzes are shown where they come."
        ),
    };
    let mut notes_html = String::new();
    for note in &notes {
        let _ = write!(notes_html, "<li>{}</li>", esc(note.get(lang)));
    }
    let notes_html = if notes_html.is_empty() {
        String::new()
    } else {
        format!("<ul class=\"notes\">{notes_html}</ul>")
    };
    let face = crate::fonts::face_css(&format!("{title}{}{notes_html}{body}", legend.get(lang)));
    format!(
        "<!doctype html><html lang=\"{code}\"><head><meta charset=\"utf-8\"><title>{t}</title>\
         <style>{face}\
         body{{font-family:'Kkumgil',sans-serif;margin:1.5em;color:#1b2538}}\
         svg text{{font-family:'Kkumgil',sans-serif !important}}\
         div.map{{overflow:auto}}div.map svg{{max-width:100%;height:auto}}\
         h1{{margin:0 0 .3em}}p.legend{{max-width:60em;color:#4a5568}}\
         ul.notes{{color:#b03a2e}}</style></head><body>\
         <h1>{t}</h1><p class=\"legend\">{legend}</p>{notes_html}<div class=\"map\">{body}</div></body></html>\n",
        code = lang.code(),
        t = esc(title),
        legend = esc(legend.get(lang)),
    )
}

/// Text size in the map, in SVG units.
const FONT: usize = 15;

/// A box's size for its lines of text: Hangul is about one em wide, other letters about 0.6.
fn text_size(lines: &[String]) -> Point {
    let width = lines
        .iter()
        .map(|l| {
            l.chars()
                .map(|c| if c.is_ascii() { 0.62 } else { 1.05 })
                .sum::<f64>()
        })
        .fold(0.0, f64::max);
    Point::new(
        width * FONT as f64 + 24.0,
        lines.len() as f64 * (FONT as f64 * 1.3) + 18.0,
    )
}

/// A text cut to `n` characters, with "…" when cut.
fn short(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n).collect();
    if s.chars().count() > n {
        out.push('…');
    }
    out
}

/// Lines of at most `width` characters, at most `lines` of them.
fn wrap(s: &str, width: usize, lines: usize) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out: Vec<String> = chars
        .chunks(width.max(1))
        .map(|c| c.iter().collect::<String>().trim().to_owned())
        .take(lines)
        .collect();
    if chars.len() > width * lines
        && let Some(last) = out.last_mut()
    {
        last.push('…');
    }
    out
}

fn colour(hex: u32) -> Color {
    Color::new((hex << 8) | 0xff)
}

fn condition(rp: &RolePlay, c: &Condition, lang: Lang) -> String {
    match c {
        Condition::Meter {
            meter,
            compare,
            value,
        } => {
            let sign = match compare {
                Compare::AtLeast => "≥",
                Compare::AtMost => "≤",
                Compare::Above => ">",
                Compare::Below => "<",
            };
            format!("{} {sign} {value}", rp.meters[*meter].name.get(lang))
        }
        Condition::Flag { flag, set } => {
            let name = &rp.flags[*flag];
            match (set, lang) {
                (true, _) => name.clone(),
                (false, Lang::Ko) => format!("{name} 아님"),
                (false, Lang::En) => format!("not {name}"),
            }
        }
        Condition::Chose {
            scene,
            choice,
            taken,
        } => {
            let id = format!(
                "{}.{}",
                rp.scenes[*scene].id, rp.scenes[*scene].choices[*choice].id
            );
            match (taken, lang) {
                (true, Lang::Ko) => format!("{id} 골랐음"),
                (true, Lang::En) => format!("chose {id}"),
                (false, Lang::Ko) => format!("{id} 안 골랐음"),
                (false, Lang::En) => format!("did not choose {id}"),
            }
        }
        Condition::AnyOf(any) => any
            .iter()
            .map(|c| condition(rp, c, lang))
            .collect::<Vec<_>>()
            .join(if lang == Lang::Ko { " 또는 " } else { " or " }),
        Condition::Not(c) => match lang {
            Lang::Ko => format!("({}) 아님", condition(rp, c, lang)),
            Lang::En => format!("not ({})", condition(rp, c, lang)),
        },
    }
}

fn role_play(
    rp: &RolePlay,
    report: &FileReport,
    taken: Option<&Taken>,
    lang: Lang,
) -> (String, Vec<Msg>) {
    let ko = lang == Lang::Ko;
    // The paths as `check` sees them, so the map marks exactly what it reports.
    let reachable = crate::scenario::validate::reached(rp).0;
    let out = crate::scenario::validate::ways_out(rp);
    let unreachable: Vec<bool> = reachable.iter().map(|r| !r).collect();
    let trapped: Vec<bool> = reachable.iter().zip(&out).map(|(r, o)| *r && !o).collect();
    let mut notes = Vec::new();
    // Marked only when `check` says so too, with its words.
    let said = |code: Code| {
        report
            .diagnostics
            .iter()
            .find(|d| d.code == code)
            .map(|d| d.message.clone())
    };
    let trapped_said = said(Code::NoWayOut);
    let unreachable_said = said(Code::UnreachableScene);
    let mut graph = Drawing::default();
    let ink = colour(0x1b2538);
    let scene_style = |fill: u32, line: u32, width: usize| {
        StyleAttr::new(colour(line), width, Some(colour(fill)), 6, FONT)
    };
    let mut scene_nodes = Vec::new();
    for (s, scene) in rp.scenes.iter().enumerate() {
        // The scene's id, the start of its text, and its choices numbered as on screen:
        // the arrows then need only the numbers, which keeps the map narrow.
        let mut lines = vec![scene.id.clone()];
        lines.extend(wrap(scene.text.get(lang), 18, 2));
        for (k, choice) in scene.choices.iter().enumerate() {
            lines.push(format!("{}. {}", k + 1, short(choice.text.get(lang), 16)));
        }
        let (fill, line, width) = if trapped[s] && trapped_said.is_some() {
            lines.insert(0, "⚠ K0311".into());
            (0xfde2dc, 0xc0392b, 3)
        } else if unreachable[s] && unreachable_said.is_some() {
            lines.insert(0, "⚠ K0301".into());
            (0xfff2c2, 0xb7791f, 3)
        } else if s == rp.start {
            (0xffffff, 0x1b2538, 4)
        } else {
            (0xffffff, 0x56627a, 2)
        };
        let size = text_size(&lines);
        scene_nodes.push(graph.add_node(Element::create(
            ShapeKind::new_box(&lines.join("\n")),
            scene_style(fill, line, width),
            Orientation::TopToBottom,
            size,
        )));
    }
    let ending_nodes: Vec<_> = rp
        .endings
        .iter()
        .map(|e| {
            let (fill, line) = match e.tone {
                Tone::Good => (0xd8f3e6, 0x009e73),
                Tone::Mixed => (0xeceff3, 0x8a94a6),
                Tone::Bad => (0xfde2dc, 0xd55e00),
            };
            let lines = vec![
                format!("{} {}", if ko { "엔딩" } else { "ending" }, e.id),
                short(e.title.get(lang), 16),
            ];
            let size = text_size(&lines);
            graph.add_node(Element::create(
                ShapeKind::new_box(&lines.join("\n")),
                StyleAttr::new(colour(line), 3, Some(colour(fill)), 18, FONT),
                Orientation::TopToBottom,
                size,
            ))
        })
        .collect();
    let node = |t: Target| match t {
        Target::Scene(s) => scene_nodes[s],
        Target::Ending(e) => ending_nodes[e],
    };
    let arrow = |label: &str, dashed: bool, share: Option<f64>| {
        let width = share.map_or(2, |p| 1 + (p * 8.0).round() as usize);
        Arrow::new(
            LineEndKind::None,
            LineEndKind::Arrow,
            if dashed {
                LineStyleKind::Dashed
            } else {
                LineStyleKind::Normal
            },
            label,
            &StyleAttr::new(ink, width, None, 0, FONT - 2),
            &None,
            &None,
        )
    };
    let pct = |p: f64| format!("{:.0}%", p * 100.0);
    for (s, scene) in rp.scenes.iter().enumerate() {
        for (k, choice) in scene.choices.iter().enumerate() {
            let share = taken.and_then(|t| t.share(&scene.id, &choice.id));
            let mut label = format!("{}", k + 1);
            if !choice.requires.is_empty() {
                label.push_str(if ko { " [조건]" } else { " [if]" });
            }
            if let Some(p) = share {
                label.push_str(&format!(" · {}", pct(p)));
            }
            match &choice.next {
                Next::Go(t) => {
                    graph.add_edge(arrow(&label, false, share), scene_nodes[s], node(*t))
                }
                Next::Random(outcomes) => {
                    let total: u32 = outcomes.iter().map(|o| o.weight).sum();
                    for o in outcomes {
                        let dice = if ko { "주사위" } else { "dice" };
                        let chance = if o.chance.is_some() || total == 0 {
                            dice.to_owned()
                        } else {
                            format!("{dice} {}", pct(f64::from(o.weight) / f64::from(total)))
                        };
                        graph.add_edge(
                            arrow(&format!("{label} {chance}"), true, share),
                            scene_nodes[s],
                            node(o.next),
                        );
                    }
                }
            }
        }
        if let Some(branch) = &scene.branch {
            for (r, route) in branch.routes.iter().enumerate() {
                let when = route
                    .when
                    .iter()
                    .map(|c| condition(rp, c, lang))
                    .collect::<Vec<_>>()
                    .join(", ");
                let share = taken.and_then(|t| t.share(&scene.id, &format!("route {}", r + 1)));
                graph.add_edge(
                    arrow(&format!("▶ {}", short(&when, 14)), true, share),
                    scene_nodes[s],
                    node(route.next),
                );
            }
            let share = taken.and_then(|t| t.share(&scene.id, "otherwise"));
            graph.add_edge(
                arrow(if ko { "▶ 그 밖" } else { "▶ otherwise" }, true, share),
                scene_nodes[s],
                node(branch.otherwise),
            );
        }
    }
    if let Some(m) = trapped_said {
        notes.push(tr!(
            "K0311 (빨간 장면): {}",
            "K0311 (red scenes): {}",
            m.get(lang)
        ));
    }
    if let Some(m) = unreachable_said {
        notes.push(tr!(
            "K0301 (노란 장면): {}",
            "K0301 (yellow scenes): {}",
            m.get(lang)
        ));
    }
    (lay_out(graph, rp.start), notes)
}

/// The graph laid out and drawn as SVG: by layout-rs (a layered layout with crossing
/// reduction and straightened edges) for a classroom-sized story, and by `layered` (ours:
/// ranks by distance from the start, one ordering pass, straight arrows) for a big one or
/// when layout-rs does not finish in its time. layout-rs 0.1.3 takes minutes on some
/// 50-scene graphs and can stop on an internal assertion while straightening edges; neither
/// reaches the author, who always gets a map at once.
fn lay_out(drawing: Drawing, start: usize) -> String {
    /// Boxes up to which layout-rs is tried, and how long it may take.
    const LIBRARY_UP_TO: usize = 60;
    const LIBRARY_SECONDS: u64 = 5;
    if drawing.nodes.len() <= LIBRARY_UP_TO {
        let (nodes, edges) = (drawing.nodes.clone(), drawing.edges.clone());
        let (tx, rx) = std::sync::mpsc::channel();
        quiet_layout_panics();
        let worker = std::thread::Builder::new()
            .name(LAYOUT_THREAD.into())
            .spawn(move || {
                // First the full layout; if it stops on its assertion, the layout without
                // crossing reduction and edge straightening, which places every box.
                let attempt = |refine: bool| {
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        let mut graph = VisualGraph::new(Orientation::TopToBottom);
                        let handles: Vec<_> =
                            nodes.iter().map(|e| graph.add_node(e.clone())).collect();
                        for (arrow, from, to) in &edges {
                            graph.add_edge(arrow.clone(), handles[*from], handles[*to]);
                        }
                        let mut svg = SVGWriter::new();
                        graph.do_it(false, !refine, !refine, &mut svg);
                        svg.finalize()
                    }))
                };
                let _ = tx.send(attempt(true).or_else(|_| attempt(false)).ok());
            });
        if worker.is_ok()
            && let Ok(Some(svg)) = rx.recv_timeout(std::time::Duration::from_secs(LIBRARY_SECONDS))
        {
            return svg;
        }
    }
    layered(&drawing, start)
}

/// The name of the thread layout-rs runs on.
const LAYOUT_THREAD: &str = "kkumgil-map-layout";

/// layout-rs's assertion, when it fires, is caught and answered with the other layout; its
/// message is kept off the terminal (other panics are reported as before).
fn quiet_layout_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let before = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() != Some(LAYOUT_THREAD) {
                before(info);
            }
        }));
    });
}

/// A simple layered drawing: each box on the row of its distance from the start (boxes no
/// path reaches below the rest), rows ordered once by where their arrows come from, arrows
/// as straight lines with their labels at the middle. Linear in the size of the story.
fn layered(drawing: &Drawing, start: usize) -> String {
    let n = drawing.nodes.len();
    let mut next: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (_, from, to) in &drawing.edges {
        next[*from].push(*to);
    }
    let mut rank = vec![usize::MAX; n];
    let mut queue = VecDeque::new();
    if start < n {
        rank[start] = 0;
        queue.push_back(start);
    }
    while let Some(v) = queue.pop_front() {
        for &w in &next[v] {
            if rank[w] == usize::MAX {
                rank[w] = rank[v] + 1;
                queue.push_back(w);
            }
        }
    }
    let deepest = rank
        .iter()
        .filter(|r| **r != usize::MAX)
        .max()
        .copied()
        .unwrap_or(0);
    for r in rank.iter_mut().filter(|r| **r == usize::MAX) {
        *r = deepest + 1;
    }
    let rows = rank.iter().max().map_or(0, |m| m + 1);
    let mut row_of: Vec<Vec<usize>> = vec![Vec::new(); rows];
    for (v, &r) in rank.iter().enumerate() {
        row_of[r].push(v);
    }
    // One pass of ordering: each box under the mean place of the boxes it comes from.
    let mut place = vec![0.0f64; n];
    for row in &mut row_of {
        for (k, &v) in row.iter().enumerate() {
            place[v] = k as f64;
        }
    }
    let mut before: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (_, from, to) in &drawing.edges {
        before[*to].push(*from);
    }
    for (r, row) in row_of.iter_mut().enumerate().skip(1) {
        let key = |v: &usize| {
            let from: Vec<f64> = before[*v]
                .iter()
                .filter(|u| rank[**u] < r)
                .map(|u| place[*u])
                .collect();
            if from.is_empty() {
                f64::MAX
            } else {
                from.iter().sum::<f64>() / from.len() as f64
            }
        };
        row.sort_by(|a, b| key(a).total_cmp(&key(b)));
        for (k, &v) in row.iter().enumerate() {
            place[v] = k as f64;
        }
    }
    let size = |v: usize| drawing.nodes[v].pos.size(false);
    let (gap_x, gap_y, margin) = (40.0, 90.0, 20.0);
    let mut centre = vec![Point::zero(); n];
    let mut y = margin;
    let mut width: f64 = 0.0;
    for row in &row_of {
        let tall = row.iter().map(|&v| size(v).y).fold(0.0, f64::max);
        let mut x = margin;
        for &v in row {
            let s = size(v);
            centre[v] = Point::new(x + s.x / 2.0, y + tall / 2.0);
            x += s.x + gap_x;
        }
        width = width.max(x);
        y += tall + gap_y;
    }
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{y:.0}\" viewBox=\"0 0 {width:.0} {y:.0}\">\
         <defs><marker id=\"head\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\"><path d=\"M0 0 L10 5 L0 10 z\" fill=\"#1b2538\"/></marker></defs>"
    );
    for (arrow, from, to) in &drawing.edges {
        let (a, b) = (centre[*from], centre[*to]);
        let (sa, sb) = (size(*from), size(*to));
        let (x1, y1) = (a.x, a.y + sa.y / 2.0);
        let (x2, y2) = if rank[*to] > rank[*from] {
            (b.x, b.y - sb.y / 2.0)
        } else {
            // Back up the story, or within a row: to the box's side.
            (b.x + sb.x / 2.0, b.y)
        };
        let dash = if matches!(arrow.line_style, LineStyleKind::Dashed) {
            " stroke-dasharray=\"6 4\""
        } else {
            ""
        };
        let _ = write!(
            svg,
            "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke=\"#1b2538\" stroke-width=\"{}\"{dash} marker-end=\"url(#head)\"/>",
            arrow.look.line_width
        );
        if !arrow.text.is_empty() {
            let _ = write!(
                svg,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{}\" text-anchor=\"middle\">{}</text>",
                (x1 + x2) / 2.0,
                (y1 + y2) / 2.0,
                FONT - 2,
                esc(&arrow.text)
            );
        }
    }
    for (v, e) in drawing.nodes.iter().enumerate() {
        let s = size(v);
        let c = centre[v];
        let fill = e
            .look
            .fill_color
            .map_or_else(|| "white".to_owned(), |f| f.to_web_color());
        let _ = write!(
            svg,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"{}\" fill=\"{fill}\" stroke=\"{}\" stroke-width=\"{}\"/>",
            c.x - s.x / 2.0,
            c.y - s.y / 2.0,
            s.x,
            s.y,
            e.look.rounded,
            e.look.line_color.to_web_color(),
            e.look.line_width
        );
        if let ShapeKind::Box(label) = &e.shape {
            let lines: Vec<&str> = label.lines().collect();
            let step = FONT as f64 * 1.3;
            let top = c.y - step * (lines.len() as f64 - 1.0) / 2.0;
            for (k, line) in lines.iter().enumerate() {
                let _ = write!(
                    svg,
                    "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{FONT}\" text-anchor=\"middle\" dominant-baseline=\"middle\">{}</text>",
                    c.x,
                    top + step * k as f64,
                    esc(line)
                );
            }
        }
    }
    svg.push_str("</svg>");
    svg
}

/// The boxes and arrows of a map, before layout (kept, so it can be laid out again).
#[derive(Default, Clone)]
struct Drawing {
    nodes: Vec<Element>,
    edges: Vec<(Arrow, usize, usize)>,
}

impl Drawing {
    fn add_node(&mut self, e: Element) -> usize {
        self.nodes.push(e);
        self.nodes.len() - 1
    }

    fn add_edge(&mut self, arrow: Arrow, from: usize, to: usize) {
        self.edges.push((arrow, from, to));
    }
}

/// The timeline of a team game: the practice round, the rounds with their quizzes, and the
/// steps between them, left to right, wrapping every six rounds.
fn team_game(tg: &TeamGame, lang: Lang) -> String {
    let ko = lang == Lang::Ko;
    let mut items: Vec<(String, Vec<String>, u32)> = Vec::new();
    if tg.practice {
        items.push((
            if ko {
                "연습 라운드"
            } else {
                "Practice round"
            }
            .into(),
            vec![
                if ko {
                    "점수에 안 들어가요"
                } else {
                    "does not count"
                }
                .into(),
            ],
            0xeceff3,
        ));
    }
    for round in 0..=tg.rounds {
        for step in tg.steps.iter().filter(|s| s.after_round == round) {
            let what = match (step.kind, ko) {
                (crate::scenario::StepKind::Discussion, true) => "함께 이야기",
                (crate::scenario::StepKind::Discussion, false) => "Discussion",
                (crate::scenario::StepKind::Pitch, true) => "팀별 발표",
                (crate::scenario::StepKind::Pitch, false) => "Pitches",
            };
            items.push((
                format!(
                    "{what} · {}{}",
                    step.minutes,
                    if ko { "분" } else { " min" }
                ),
                wrap(step.prompt.get(lang), 14, 2),
                0xfff2c2,
            ));
        }
        if round == tg.rounds {
            break;
        }
        let mut lines = Vec::new();
        if tg.cards_per_round > 0 {
            lines.push(if ko {
                format!("사건 카드 {}장", tg.cards_per_round)
            } else {
                format!("{} event card(s)", tg.cards_per_round)
            });
        }
        for q in tg.quizzes.iter().filter(|q| q.round == round + 1) {
            lines.push(format!("? {}", short(q.question.get(lang), 14)));
        }
        items.push((
            if ko {
                format!("라운드 {}", round + 1)
            } else {
                format!("Round {}", round + 1)
            },
            lines,
            0xffffff,
        ));
    }
    let (w, h, gap, per_row) = (230.0, 130.0, 40.0, 6usize);
    let rows = items.len().div_ceil(per_row).max(1);
    let width = per_row as f64 * (w + gap) + gap;
    let height = rows as f64 * (h + gap) + gap;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">"
    );
    for (i, (title, lines, fill)) in items.iter().enumerate() {
        let x = gap + (i % per_row) as f64 * (w + gap);
        let y = gap + (i / per_row) as f64 * (h + gap);
        let _ = write!(
            svg,
            "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" rx=\"10\" fill=\"#{fill:06x}\" stroke=\"#56627a\" stroke-width=\"2\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"17\" font-weight=\"bold\">{}</text>",
            x + 12.0,
            y + 28.0,
            esc(title)
        );
        for (k, line) in lines.iter().take(4).enumerate() {
            let _ = write!(
                svg,
                "<text x=\"{}\" y=\"{}\" font-size=\"14\">{}</text>",
                x + 12.0,
                y + 54.0 + k as f64 * 20.0,
                esc(line)
            );
        }
        if i + 1 < items.len() && (i + 1) % per_row != 0 {
            let (ax, ay) = (x + w + 6.0, y + h / 2.0);
            let _ = write!(
                svg,
                "<path d=\"M{ax} {ay} h{} m-8 -6 l8 6 l-8 6\" stroke=\"#1b2538\" stroke-width=\"2\" fill=\"none\"/>",
                gap - 12.0
            );
        }
    }
    svg.push_str("</svg>");
    svg
}
