//! The center's figures for a day, a term or a year: visitors and groups (from the day plans),
//! sessions per station and per scenario, endings reached, the spread of scores, how classes
//! did on each concept, and pre/post quiz results. Written as CSV and as a printable HTML
//! page. Sessions are read and replayed one at a time, so a busy year never sits in memory.

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use jiff::civil::Date;

use crate::day::DayPlan;
use crate::i18n::Lang;
use crate::scenario::{Game, Scenario, Tone};
use crate::session::export::esc;
use crate::session::store::{Store, StoreError};
use crate::session::{Board, Command, Progress};

/// The dates a report covers, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: Date,
    pub to: Date,
}

impl Period {
    pub fn day(d: Date) -> Period {
        Period { from: d, to: d }
    }

    pub fn year(y: i16) -> Option<Period> {
        Some(Period {
            from: Date::new(y, 1, 1).ok()?,
            to: Date::new(y, 12, 31).ok()?,
        })
    }

    pub fn contains(&self, d: Date) -> bool {
        self.from <= d && d <= self.to
    }

    /// "2026-12-10", "2026-03-02 – 2026-07-20" or "2026".
    pub fn label(&self) -> String {
        if self.from == self.to {
            self.from.to_string()
        } else if self.from.month() == 1
            && self.from.day() == 1
            && self.to.month() == 12
            && self.to.day() == 31
            && self.from.year() == self.to.year()
        {
            self.from.year().to_string()
        } else {
            format!("{} – {}", self.from, self.to)
        }
    }
}

/// One scenario's sessions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScenarioFigures {
    pub title: String,
    pub sessions: usize,
    pub finished: usize,
    pub teams: usize,
    /// Every team's final score (team games, and role-plays in team turns).
    pub scores: Vec<f64>,
    /// Endings reached: title, tone, how many sessions.
    pub endings: BTreeMap<String, (Tone, usize)>,
}

/// How classes did on one concept.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConceptFigures {
    pub term: String,
    pub quiz_answers: usize,
    pub quiz_right: usize,
    /// Role-play sessions that ended on an ending about this concept, and of them the good.
    pub endings: usize,
    pub good_endings: usize,
}

/// A group that played the same quiz game twice in a day: its first and last try.
#[derive(Debug, Clone, PartialEq)]
pub struct PrePost {
    pub day: String,
    pub group: String,
    pub scenario: String,
    pub before: (usize, usize),
    pub after: (usize, usize),
}

/// Everything a report shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    pub period: Period,
    /// Days with a plan in the period.
    pub days: usize,
    pub visitors: u32,
    pub groups: usize,
    pub schools: usize,
    pub sessions: usize,
    pub by_scenario: BTreeMap<String, ScenarioFigures>,
    /// Sessions at each experience-day station (by its name); classes outside a day plan
    /// are not counted here.
    pub by_station: BTreeMap<String, usize>,
    pub by_concept: BTreeMap<String, ConceptFigures>,
    pub pre_post: Vec<PrePost>,
    /// Sessions and visitors per month (1–12) of the period.
    pub by_month: BTreeMap<(i16, i8), (usize, u32)>,
    /// Sessions that could not be replayed (a scenario this version no longer reads).
    pub unreadable: usize,
}

/// The date a session counts on: its experience day when it names one, else the local date
/// it began.
fn date_of(day: &str, created_at: i64) -> Option<Date> {
    if let Ok(d) = Date::strptime("%Y-%m-%d", day.trim()) {
        return Some(d);
    }
    let t = jiff::Timestamp::from_second(created_at).ok()?;
    Some(t.to_zoned(jiff::tz::TimeZone::system()).date())
}

/// A session's quiz answers in effect at its end: (quiz, team) → option, the last one given.
fn answers(
    journal: &[crate::session::Entry],
    progress: &Progress,
) -> HashMap<(usize, usize), usize> {
    let applied: std::collections::HashSet<u64> = progress.applied.iter().copied().collect();
    let mut out = HashMap::new();
    for e in journal {
        if let Command::TeamGame(crate::engine::team_game::Command::Answer { team, quiz, option }) =
            &e.command
            && applied.contains(&e.seq)
        {
            out.insert((*quiz, *team), *option);
        }
    }
    out
}

/// One quiz game of a group: when it began, its session, answers right and asked.
type Try = (i64, i64, usize, usize);

/// Works the figures out: the plans give visitors and stations, the store the sessions.
pub fn figures(store: &Store, plans: &[DayPlan], period: Period) -> Result<Figures, StoreError> {
    let mut f = Figures {
        period,
        days: 0,
        visitors: 0,
        groups: 0,
        schools: 0,
        sessions: 0,
        by_scenario: BTreeMap::new(),
        by_station: BTreeMap::new(),
        by_concept: BTreeMap::new(),
        pre_post: Vec::new(),
        by_month: BTreeMap::new(),
        unreadable: 0,
    };
    let mut schools = std::collections::BTreeSet::new();
    let mut days = std::collections::BTreeSet::new();
    // Station of a (date, scenario id), from the plans, for sessions that do not name their
    // station; a scenario played at two stations that day is not guessed.
    let mut station_of: HashMap<(String, String), Option<String>> = HashMap::new();
    for plan in plans {
        let Ok(date) = Date::strptime("%Y-%m-%d", &plan.date) else {
            continue;
        };
        if !period.contains(date) {
            continue;
        }
        days.insert(date);
        let month = f.by_month.entry((date.year(), date.month())).or_default();
        for g in &plan.groups {
            f.visitors += g.students;
            month.1 += g.students;
            f.groups += 1;
            schools.insert(g.school.clone());
        }
        for s in &plan.stations {
            station_of
                .entry((plan.date.clone(), s.scenario_id().to_owned()))
                .and_modify(|known| *known = None)
                .or_insert_with(|| Some(s.name.clone()));
        }
    }
    f.days = days.len();
    f.schools = schools.len();
    // Scenarios parsed once per distinct pinned text.
    let mut parsed: HashMap<String, Option<Rc<Scenario>>> = HashMap::new();
    // (day, group, scenario) → [(created_at, right, asked)] for pre/post.
    let mut tries: BTreeMap<(String, String, String), Vec<Try>> = BTreeMap::new();
    for summary in store.list()? {
        let Some(date) = date_of(&summary.day, summary.created_at) else {
            continue;
        };
        if !period.contains(date) {
            continue;
        }
        let record = store.record(summary.id)?;
        let scenario = parsed
            .entry(record.pinned.source.clone())
            .or_insert_with(|| record.pinned.load().ok().map(Rc::new))
            .clone();
        let Some(s) = scenario else {
            f.unreadable += 1;
            continue;
        };
        let journal = store.journal(summary.id)?;
        let Ok(progress) = Progress::replay(&s, &record.setup, &journal) else {
            f.unreadable += 1;
            continue;
        };
        f.sessions += 1;
        f.by_month.entry((date.year(), date.month())).or_default().0 += 1;
        let day_key = date.to_string();
        let station = Some(record.setup.station.clone())
            .filter(|n| !n.is_empty())
            .or_else(|| {
                station_of
                    .get(&(day_key.clone(), s.id.clone()))
                    .cloned()
                    .flatten()
            });
        if let Some(station) = station {
            *f.by_station.entry(station).or_default() += 1;
        }
        let entry = f
            .by_scenario
            .entry(s.id.clone())
            .or_insert_with(|| ScenarioFigures {
                title: s.title.ko.clone(),
                ..ScenarioFigures::default()
            });
        entry.sessions += 1;
        entry.teams += record.setup.teams.len();
        if progress.is_over() {
            entry.finished += 1;
        }
        let scored = matches!(progress.board, Board::TeamGame(_))
            || record.setup.mode == crate::session::Mode::TeamTurns;
        if scored && !progress.history.is_empty() {
            entry.scores.extend(progress.scores(&record.setup));
        }
        let term = |c: usize| s.glossary.get(c).map(|c| c.term.ko.clone());
        match (&progress.board, &s.game) {
            (Board::RolePlay { runs }, Game::RolePlay(rp)) => {
                // Each ending once per session, however many teams' stories reached it.
                let mut reached: Vec<usize> = runs.iter().filter_map(|r| r.ended()).collect();
                reached.sort_unstable();
                reached.dedup();
                for e in reached {
                    let ending = &rp.endings[e];
                    entry
                        .endings
                        .entry(ending.title.ko.clone())
                        .or_insert((ending.tone, 0))
                        .1 += 1;
                    for &c in &ending.concepts {
                        if let Some(t) = term(c) {
                            let cf =
                                f.by_concept
                                    .entry(t.clone())
                                    .or_insert_with(|| ConceptFigures {
                                        term: t,
                                        ..ConceptFigures::default()
                                    });
                            cf.endings += 1;
                            cf.good_endings += usize::from(ending.tone == Tone::Good);
                        }
                    }
                }
            }
            (Board::TeamGame(_), Game::TeamGame(tg)) => {
                let given = answers(&journal, &progress);
                let (mut right, mut asked) = (0, 0);
                for (&(quiz, _), &option) in &given {
                    let Some(q) = tg.quizzes.get(quiz) else {
                        continue;
                    };
                    let ok = option == q.answer;
                    asked += 1;
                    right += usize::from(ok);
                    if let Some(t) = q.concept.and_then(term) {
                        let cf = f
                            .by_concept
                            .entry(t.clone())
                            .or_insert_with(|| ConceptFigures {
                                term: t,
                                ..ConceptFigures::default()
                            });
                        cf.quiz_answers += 1;
                        cf.quiz_right += usize::from(ok);
                    }
                }
                if asked > 0 && !record.setup.group.trim().is_empty() {
                    tries
                        .entry((day_key, record.setup.group.clone(), s.title.ko.clone()))
                        .or_default()
                        .push((summary.created_at, summary.id, right, asked));
                }
            }
            _ => {}
        }
    }
    for ((day, group, scenario), mut t) in tries {
        if t.len() < 2 {
            continue;
        }
        // In the order played (sessions begun in the same second by their number).
        t.sort_by_key(|x| (x.0, x.1));
        let (first, last) = (t[0], t[t.len() - 1]);
        f.pre_post.push(PrePost {
            day,
            group,
            scenario,
            before: (first.2, first.3),
            after: (last.2, last.3),
        });
    }
    Ok(f)
}

/// `part / whole` as a percentage with one decimal ("–" when there is no whole).
fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        "–".to_owned()
    } else {
        format!("{:.1}%", part as f64 * 100.0 / whole as f64)
    }
}

/// A score as people write it: whole numbers plain, others with one decimal.
fn score(x: f64) -> String {
    if (x - x.round()).abs() < 1e-6 {
        format!("{}", x.round())
    } else {
        format!("{x:.1}")
    }
}

/// Minimum, median and maximum.
fn spread(scores: &[f64]) -> Option<(f64, f64, f64)> {
    let mut s = scores.to_vec();
    s.sort_by(f64::total_cmp);
    let (first, last) = (*s.first()?, *s.last()?);
    let mid = if s.len() % 2 == 1 {
        s[s.len() / 2]
    } else {
        (s[s.len() / 2 - 1] + s[s.len() / 2]) / 2.0
    };
    Some((first, mid, last))
}

/// The figures as CSV files: name and contents (UTF-8 with a byte-order mark, so a Korean
/// spreadsheet program reads the Hangul right).
pub fn csv_files(f: &Figures, lang: Lang) -> Result<Vec<(&'static str, String)>, csv::Error> {
    let ko = lang == Lang::Ko;
    let h = |k: &'static str, e: &'static str| if ko { k } else { e };
    let finish = |w: csv::Writer<Vec<u8>>| -> Result<String, csv::Error> {
        let bytes = w
            .into_inner()
            .map_err(|e| csv::Error::from(e.into_error()))?;
        Ok(format!("\u{feff}{}", String::from_utf8_lossy(&bytes)))
    };
    let mut summary = csv::Writer::from_writer(Vec::new());
    summary.write_record([h("항목", "item"), h("값", "value")])?;
    for (k, v) in [
        (h("기간", "period"), f.period.label()),
        (h("체험의 날", "experience days"), f.days.to_string()),
        (h("방문 학생", "visitors"), f.visitors.to_string()),
        (h("모둠", "groups"), f.groups.to_string()),
        (h("학교", "schools"), f.schools.to_string()),
        (h("수업", "sessions"), f.sessions.to_string()),
    ] {
        summary.write_record([k, v.as_str()])?;
    }
    let mut scenarios = csv::Writer::from_writer(Vec::new());
    scenarios.write_record([
        h("시나리오", "scenario"),
        h("수업", "sessions"),
        h("끝까지 한 수업", "finished"),
        h("팀", "teams"),
        h("최저 점수", "lowest score"),
        h("중간 점수", "median score"),
        h("최고 점수", "highest score"),
    ])?;
    for s in f.by_scenario.values() {
        let (lo, mid, hi) = spread(&s.scores).map_or(
            (String::new(), String::new(), String::new()),
            |(a, b, c)| (score(a), score(b), score(c)),
        );
        scenarios.write_record([
            s.title.as_str(),
            &s.sessions.to_string(),
            &s.finished.to_string(),
            &s.teams.to_string(),
            &lo,
            &mid,
            &hi,
        ])?;
    }
    let mut endings = csv::Writer::from_writer(Vec::new());
    endings.write_record([
        h("시나리오", "scenario"),
        h("엔딩", "ending"),
        h("결말", "tone"),
        h("수업", "sessions"),
    ])?;
    for s in f.by_scenario.values() {
        for (title, (tone, n)) in &s.endings {
            endings.write_record([
                s.title.as_str(),
                title,
                tone_word(*tone, lang),
                &n.to_string(),
            ])?;
        }
    }
    let mut concepts = csv::Writer::from_writer(Vec::new());
    concepts.write_record([
        h("개념", "concept"),
        h("퀴즈 답", "quiz answers"),
        h("맞힌 답", "right"),
        h("맞힌 비율", "share right"),
        h("이 개념의 엔딩", "endings on it"),
        h("좋은 엔딩", "good endings"),
    ])?;
    for c in f.by_concept.values() {
        concepts.write_record([
            c.term.as_str(),
            &c.quiz_answers.to_string(),
            &c.quiz_right.to_string(),
            &percent(c.quiz_right, c.quiz_answers),
            &c.endings.to_string(),
            &c.good_endings.to_string(),
        ])?;
    }
    let mut prepost = csv::Writer::from_writer(Vec::new());
    prepost.write_record([
        h("날짜", "day"),
        h("모둠", "group"),
        h("시나리오", "scenario"),
        h("처음 맞힌 비율", "first try right"),
        h("나중 맞힌 비율", "last try right"),
    ])?;
    for p in &f.pre_post {
        prepost.write_record([
            p.day.as_str(),
            &p.group,
            &p.scenario,
            &percent(p.before.0, p.before.1),
            &percent(p.after.0, p.after.1),
        ])?;
    }
    Ok(vec![
        ("summary.csv", finish(summary)?),
        ("scenarios.csv", finish(scenarios)?),
        ("endings.csv", finish(endings)?),
        ("concepts.csv", finish(concepts)?),
        ("pre-post.csv", finish(prepost)?),
    ])
}

fn tone_word(tone: Tone, lang: Lang) -> &'static str {
    match (tone, lang) {
        (Tone::Good, Lang::Ko) => "좋은",
        (Tone::Mixed, Lang::Ko) => "아쉬운",
        (Tone::Bad, Lang::Ko) => "나쁜",
        (Tone::Good, Lang::En) => "good",
        (Tone::Mixed, Lang::En) => "mixed",
        (Tone::Bad, Lang::En) => "bad",
    }
}

/// Sessions per month as an SVG bar chart (plotters); labels are set in the page's font.
fn month_chart(f: &Figures, lang: Lang) -> String {
    use plotters::prelude::*;
    let months: Vec<((i16, i8), (usize, u32))> = f.by_month.iter().map(|(k, v)| (*k, *v)).collect();
    if months.is_empty() {
        return String::new();
    }
    let most = months.iter().map(|m| m.1.0).max().unwrap_or(1).max(1);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (720, 280)).into_drawing_area();
        let drawn = (|| -> Result<(), Box<dyn std::error::Error + '_>> {
            root.fill(&WHITE)?;
            let n = months.len();
            let labels: Vec<String> = months
                .iter()
                .map(|((y, m), _)| match lang {
                    Lang::Ko => format!("{y}년 {m}월"),
                    Lang::En => format!("{y}-{m:02}"),
                })
                .collect();
            let mut c = ChartBuilder::on(&root)
                .margin(12)
                .x_label_area_size(30)
                .y_label_area_size(44)
                .build_cartesian_2d(
                    (0..n.saturating_sub(1)).into_segmented(),
                    0..(most + most / 8 + 1),
                )?;
            c.configure_mesh()
                .disable_x_mesh()
                .x_labels(n)
                .x_label_formatter(&|x| match x {
                    SegmentValue::CenterOf(i) => labels.get(*i).cloned().unwrap_or_default(),
                    _ => String::new(),
                })
                .y_labels(most.min(10) + 1)
                .y_label_formatter(&|y| y.to_string())
                .y_desc(if lang == Lang::Ko {
                    "수업"
                } else {
                    "sessions"
                })
                .axis_desc_style(("sans-serif", 16))
                .label_style(("sans-serif", 14))
                .draw()?;
            let bar = RGBColor(0x00, 0x72, 0xB2);
            c.draw_series(months.iter().enumerate().map(|(i, (_, (s, _)))| {
                let mut r = Rectangle::new(
                    [
                        (SegmentValue::Exact(i), 0),
                        (SegmentValue::Exact(i + 1), *s),
                    ],
                    bar.filled(),
                );
                r.set_margin(0, 0, 12, 12);
                r
            }))?;
            root.present()?;
            Ok(())
        })();
        if drawn.is_err() {
            return String::new();
        }
    }
    svg
}

/// The report as one printable page (A4), Korean first, with its font inside.
pub fn html(f: &Figures, lang: Lang) -> String {
    use std::fmt::Write as _;
    let ko = lang == Lang::Ko;
    let h = |k: &'static str, e: &'static str| if ko { k } else { e };
    let mut b = String::new();
    let period = f.period.label();
    let _ = write!(
        b,
        "<h1>{}</h1><p class=\"sub\">{}</p>",
        h("꿈길 체험 운영 보고", "Kkumgil activity report"),
        esc(&period)
    );
    let months = f.by_month.len().max(1) as u32;
    let _ = write!(
        b,
        "<div class=\"big\"><div><b>{}</b><span>{}</span></div><div><b>{}</b><span>{}</span></div><div><b>{}</b><span>{}</span></div><div><b>{}</b><span>{}</span></div><div><b>{}</b><span>{}</span></div></div>",
        crate::simulate::grouped(u64::from(f.visitors)),
        h("방문 학생(명)", "visitors"),
        f.groups,
        h("모둠", "groups"),
        f.schools,
        h("학교", "schools"),
        f.days,
        h("체험의 날", "experience days"),
        f.sessions,
        h("수업", "sessions"),
    );
    if f.by_month.len() > 1 {
        let per_month = f.visitors / months;
        let _ = write!(
            b,
            "<p>{}</p>",
            esc(&if ko {
                format!("한 달 평균 방문 학생 약 {per_month}명")
            } else {
                format!("about {per_month} visitors a month")
            })
        );
        let _ = write!(
            b,
            "<h2>{}</h2><div class=\"chart\">{}</div>",
            h("달마다 수업", "Sessions per month"),
            month_chart(f, lang)
        );
    }
    let _ = write!(
        b,
        "<h2>{}</h2><table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        h("시나리오별", "By scenario"),
        h("시나리오", "Scenario"),
        h("수업", "Sessions"),
        h("끝까지", "Finished"),
        h("팀", "Teams"),
        h("점수(최저 · 중간 · 최고)", "Scores (low · median · high)")
    );
    for s in f.by_scenario.values() {
        let scores = spread(&s.scores).map_or_else(
            || "–".to_owned(),
            |(a, m, c)| format!("{} · {} · {}", score(a), score(m), score(c)),
        );
        let _ = write!(
            b,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&s.title),
            s.sessions,
            s.finished,
            s.teams,
            scores
        );
    }
    b.push_str("</table>");
    if !f.by_station.is_empty() {
        let _ = write!(
            b,
            "<h2>{}</h2><table><tr><th>{}</th><th>{}</th></tr>",
            h("역별", "By station"),
            h("역", "Station"),
            h("수업", "Sessions")
        );
        for (name, n) in &f.by_station {
            let _ = write!(b, "<tr><td>{}</td><td>{n}</td></tr>", esc(name));
        }
        b.push_str("</table>");
    }
    let endings: Vec<_> = f
        .by_scenario
        .values()
        .filter(|s| !s.endings.is_empty())
        .collect();
    if !endings.is_empty() {
        let _ = write!(
            b,
            "<h2>{}</h2><table><tr><th>{}</th><th>{}</th><th>{}</th></tr>",
            h("도착한 엔딩", "Endings reached"),
            h("시나리오", "Scenario"),
            h("엔딩", "Ending"),
            h("수업", "Sessions")
        );
        for s in endings {
            for (title, (tone, n)) in &s.endings {
                let _ = write!(
                    b,
                    "<tr><td>{}</td><td><span class=\"tone {}\">{}</span> {}</td><td>{n}</td></tr>",
                    esc(&s.title),
                    tone_word(*tone, Lang::En),
                    tone_word(*tone, lang),
                    esc(title)
                );
            }
        }
        b.push_str("</table>");
    }
    if !f.by_concept.is_empty() {
        let _ = write!(
            b,
            "<h2>{}</h2><table><tr><th>{}</th><th>{}</th><th>{}</th></tr>",
            h("개념별 배움", "By concept"),
            h("개념", "Concept"),
            h("퀴즈 맞힌 비율", "Quiz answers right"),
            h("좋은 엔딩", "Good endings")
        );
        for c in f.by_concept.values() {
            let quiz = if c.quiz_answers == 0 {
                "–".to_owned()
            } else {
                format!(
                    "{} ({}/{})",
                    percent(c.quiz_right, c.quiz_answers),
                    c.quiz_right,
                    c.quiz_answers
                )
            };
            let good = if c.endings == 0 {
                "–".to_owned()
            } else {
                format!(
                    "{} ({}/{})",
                    percent(c.good_endings, c.endings),
                    c.good_endings,
                    c.endings
                )
            };
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{quiz}</td><td>{good}</td></tr>",
                esc(&c.term)
            );
        }
        b.push_str("</table>");
    }
    if !f.pre_post.is_empty() {
        let _ = write!(
            b,
            "<h2>{}</h2><table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            h(
                "같은 퀴즈를 두 번 한 모둠",
                "Groups who played a quiz twice"
            ),
            h("모둠", "Group"),
            h("시나리오", "Scenario"),
            h("처음", "First try"),
            h("나중", "Last try")
        );
        for p in &f.pre_post {
            let _ = write!(
                b,
                "<tr><td>{} {}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&p.day),
                esc(&p.group),
                esc(&p.scenario),
                percent(p.before.0, p.before.1),
                percent(p.after.0, p.after.1)
            );
        }
        b.push_str("</table>");
    }
    if f.unreadable > 0 {
        let _ = write!(
            b,
            "<p class=\"note\">{}</p>",
            esc(&if ko {
                format!(
                    "수업 {}개는 이 버전의 꿈길이 시나리오를 읽을 수 없어서 빼고 셌어요.",
                    f.unreadable
                )
            } else {
                format!(
                    "{} session(s) left out: this version cannot read their scenario.",
                    f.unreadable
                )
            })
        );
    }
    let face = crate::fonts::face_css(&b);
    format!(
        "<!doctype html><html lang=\"{code}\"><head><meta charset=\"utf-8\"><title>{t}</title><style>{face}\
         @page{{size:A4;margin:14mm}}\
         body{{font-family:'Kkumgil',sans-serif;margin:1.2em;color:#1b2538;max-width:60em}}\
         svg text{{font-family:'Kkumgil',sans-serif !important}}\
         h1{{margin:0}}p.sub{{color:#4a5568;margin:.2em 0 1em}}\
         div.big{{display:flex;gap:1em;flex-wrap:wrap}}div.big div{{border:1px solid #b8c2d0;border-radius:.5em;padding:.5em 1em;min-width:7em}}\
         div.big b{{display:block;font-size:2em}}div.big span{{color:#4a5568}}\
         table{{border-collapse:collapse;width:100%;margin-bottom:1em}}th,td{{border:1px solid #b8c2d0;padding:.3em .5em;text-align:left}}th{{background:#eef2f7}}\
         span.tone{{padding:0 .3em;border-radius:.3em}}span.good{{background:#d8f3e6}}span.mixed{{background:#eceff3}}span.bad{{background:#f8dcd8}}\
         p.note{{color:#b03a2e}}</style></head><body>{b}</body></html>\n",
        code = lang.code(),
        t = esc(&format!(
            "{} {period}",
            h("꿈길 체험 운영 보고", "Kkumgil activity report")
        )),
    )
}
