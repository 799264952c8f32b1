//! Experience days (꿈길 체험의 날): school groups visit the center and rotate through game
//! stations, one PC and screen each. A day plan file (RON, checked like a scenario, with
//! line:col diagnostics) names the date, the stations and their scenarios, the groups with
//! their visit times, and the breaks; Kkumgil makes the rotation (or checks one written by
//! hand) and prints the timetable.

use std::path::Path;

use serde::Deserialize;

use crate::i18n::Lang;
use crate::scenario::locate::SpanIndex;
use crate::scenario::{Code, Diagnostic, FileReport, parse_ron};
use crate::session::export::esc;

/// The day plan as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename = "DayPlan")]
struct RawPlan {
    date: String,
    #[serde(default)]
    title: Option<String>,
    /// The instructor's PIN for kiosk stations.
    #[serde(default)]
    pin: Option<String>,
    /// Minutes a group needs to move from one station to the next.
    #[serde(default = "default_change")]
    change_minutes: u32,
    stations: Vec<RawStation>,
    groups: Vec<RawGroup>,
    #[serde(default)]
    breaks: Vec<RawBreak>,
    /// A rotation written by hand; without it, Kkumgil makes one.
    #[serde(default)]
    schedule: Option<Vec<RawSlot>>,
}

fn default_change() -> u32 {
    5
}

/// The longest slot or change a plan may have (a whole school day).
const MAX_MINUTES: u32 = 600;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStation {
    id: String,
    name: String,
    scenario: String,
    minutes: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    id: String,
    school: String,
    class: String,
    students: u32,
    arrive: String,
    leave: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBreak {
    from: String,
    to: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSlot {
    station: String,
    group: String,
    at: String,
}

/// A checked day plan with its rotation.
#[derive(Debug, Clone, PartialEq)]
pub struct DayPlan {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub title: Option<String>,
    pub pin: Option<String>,
    pub change_minutes: u32,
    pub stations: Vec<Station>,
    pub groups: Vec<Group>,
    /// Minutes since midnight, `[from, to)`.
    pub breaks: Vec<(u32, u32)>,
    /// Every game played, by start time.
    pub slots: Vec<Slot>,
    /// Whether the slots were written by hand (checked) or made by Kkumgil.
    pub by_hand: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Station {
    pub id: String,
    pub name: String,
    /// The scenario's id or file, as written.
    pub scenario: String,
    /// The scenario's title and id, when it was found.
    pub scenario_title: Option<String>,
    pub scenario_found: Option<String>,
    pub minutes: u32,
}

impl Station {
    /// The id of the station's scenario: the one written in its file when the plan was
    /// checked, else what the plan says with any folder and `.ron` taken off.
    pub fn scenario_id(&self) -> &str {
        self.scenario_found.as_deref().unwrap_or_else(|| {
            self.scenario
                .trim_end_matches(".ron")
                .rsplit(['/', '\\'])
                .next()
                .unwrap_or_default()
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub id: String,
    pub school: String,
    pub class: String,
    pub students: u32,
    pub arrive: u32,
    pub leave: u32,
}

impl Group {
    /// How the group is named on screens and in reports: "율하중학교 2-3".
    pub fn label(&self) -> String {
        format!("{} {}", self.school, self.class)
    }
}

/// One game: a group at a station from `start` to `end` (minutes since midnight).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub station: usize,
    pub group: usize,
    pub start: u32,
    pub end: u32,
}

/// What a day plan needs to know of a station's scenario.
#[derive(Debug, Clone)]
pub struct ScenarioInfo {
    /// The id written in the scenario (what sessions record).
    pub id: String,
    pub title: String,
    pub minutes: u32,
}

/// A day plan file, checked: the plan (when it has no errors) and its report.
pub struct LoadedPlan {
    pub plan: Option<DayPlan>,
    pub report: FileReport,
}

/// `HH:MM` → minutes since midnight.
pub fn minutes_of(text: &str) -> Option<u32> {
    let (h, m) = text.trim().split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60 && text.trim().len() <= 5).then_some(h * 60 + m)
}

/// Minutes since midnight → `HH:MM`.
pub fn clock(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Reads and checks a day plan. `scenario` finds a station's scenario by the id or file
/// written in the plan (relative paths from the plan's folder are the caller's to resolve).
pub fn load(path: &Path, scenario: &dyn Fn(&str) -> Option<ScenarioInfo>) -> LoadedPlan {
    let source = match crate::scenario::source::read_source(path) {
        Ok(s) => s,
        Err(report) => return LoadedPlan { plan: None, report },
    };
    load_source(path, source, scenario)
}

/// `load`, from text.
pub fn load_source(
    path: &Path,
    source: String,
    scenario: &dyn Fn(&str) -> Option<ScenarioInfo>,
) -> LoadedPlan {
    let raw: RawPlan = match parse_ron(&source) {
        Ok(raw) => raw,
        Err(d) => {
            return LoadedPlan {
                plan: None,
                report: FileReport::new(path, source, vec![d]),
            };
        }
    };
    let spans = SpanIndex::build(&source);
    let mut c = Check {
        spans: &spans,
        out: Vec::new(),
    };
    let plan = check(&raw, &mut c, scenario);
    let failed = c.out.iter().any(Diagnostic::is_error);
    LoadedPlan {
        plan: plan.filter(|_| !failed),
        report: FileReport::new(path, source, c.out),
    }
}

struct Check<'a> {
    spans: &'a SpanIndex,
    out: Vec<Diagnostic>,
}

impl Check<'_> {
    fn report(&mut self, path: &str, d: Diagnostic) {
        self.out.push(match self.spans.find(path) {
            Some(span) => d.at(span),
            None => d,
        });
    }

    /// A time of day at `path`, or a diagnostic.
    fn time(&mut self, path: &str, text: &str) -> Option<u32> {
        let t = minutes_of(text);
        if t.is_none() {
            self.report(
                path,
                Diagnostic::new(
                    Code::DayTime,
                    tr!(
                        "'{text}'은(는) 시각으로 읽을 수 없어요",
                        "'{text}' is not a time of day"
                    ),
                )
                .label(tr!("시각은 \"09:30\"처럼", "a time like \"09:30\""))
                .hint(tr!(
                    "24시간제로 시와 분을 두 자리씩, 쌍점으로 이어 써요: \"09:30\", \"13:05\"",
                    "write hours and minutes in 24-hour time, two digits each: \"09:30\", \"13:05\""
                )),
            );
        }
        t
    }
}

fn check(
    raw: &RawPlan,
    c: &mut Check<'_>,
    scenario: &dyn Fn(&str) -> Option<ScenarioInfo>,
) -> Option<DayPlan> {
    if jiff::civil::Date::strptime("%Y-%m-%d", raw.date.trim()).is_err() {
        let date = &raw.date;
        c.report(
            "date",
            Diagnostic::new(
                Code::DayTime,
                tr!(
                    "'{date}'은(는) 날짜로 읽을 수 없어요",
                    "'{date}' is not a date"
                ),
            )
            .hint(tr!(
                "연-월-일로 써요: \"2026-12-10\"",
                "write year-month-day: \"2026-12-10\""
            )),
        );
    }
    if raw.stations.is_empty() || raw.groups.is_empty() {
        c.report(
            if raw.stations.is_empty() {
                "stations"
            } else {
                "groups"
            },
            Diagnostic::new(
                Code::MissingField,
                tr!(
                    "체험의 날에는 역(stations)과 모둠(groups)이 하나 이상 있어야 해요",
                    "a day plan needs at least one station and one group"
                ),
            ),
        );
    }
    if raw.change_minutes > MAX_MINUTES {
        let (n, max) = (raw.change_minutes, MAX_MINUTES);
        c.report(
            "change_minutes",
            Diagnostic::new(
                Code::DayTime,
                tr!(
                    "역을 옮기는 데 {n}분은 너무 길어요({max}분까지)",
                    "{n} minutes to change stations is too long (at most {max})"
                ),
            ),
        );
    }
    // The PIN is typed on a station's keyboard: digits only, so any keyboard can give it.
    if let Some(pin) = &raw.pin
        && (pin.is_empty() || pin.len() > 12 || !pin.chars().all(|c| c.is_ascii_digit()))
    {
        c.report(
            "pin",
            Diagnostic::new(
                Code::Pin,
                tr!(
                    "PIN '{pin}'은(는) 키오스크에서 입력할 수 없어요",
                    "the PIN '{pin}' cannot be typed at a kiosk"
                ),
            )
            .hint(tr!(
                "숫자만 1~12자리로 써요. 예: \"2468\"",
                "use 1 to 12 digits, e.g. \"2468\""
            )),
        );
    }
    ids(c, "stations", raw.stations.iter().map(|s| s.id.as_str()));
    ids(c, "groups", raw.groups.iter().map(|g| g.id.as_str()));
    let stations: Vec<Station> = raw
        .stations
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let found = scenario(&s.scenario);
            let name = &s.scenario;
            match &found {
                None => c.report(
                    &format!("stations[{i}].scenario"),
                    Diagnostic::new(
                        Code::UnknownReference,
                        tr!(
                            "'{name}'(이)라는 시나리오가 없어요",
                            "there is no scenario '{name}'"
                        ),
                    )
                    .label(tr!("없는 시나리오", "no such scenario"))
                    .hint(tr!(
                        "함께 들어 있는 시나리오나 내 시나리오 폴더의 시나리오 id(예: village-cafe), 또는 .ron 파일의 경로를 써요",
                        "give the id of a bundled scenario or one in your scenario folder (e.g. village-cafe), or a .ron file's path"
                    )),
                ),
                Some(info) if s.minutes < info.minutes => {
                    let (slot, needs, title) = (s.minutes, info.minutes, &info.title);
                    c.report(
                        &format!("stations[{i}].minutes"),
                        Diagnostic::new(
                            Code::SlotTooShort,
                            tr!(
                                "한 차례가 {slot}분인데, \"{title}\"은(는) {needs}분 걸려요",
                                "a slot of {slot} minutes is shorter than \"{title}\", which takes {needs} minutes"
                            ),
                        )
                        .label(tr!("{needs}분 이상", "at least {needs}"))
                        .hint(tr!(
                            "`minutes`를 {needs} 이상으로 하거나, 더 짧은 시나리오를 골라요",
                            "make `minutes` at least {needs}, or choose a shorter scenario"
                        )),
                    );
                }
                Some(_) => {}
            }
            if s.minutes > MAX_MINUTES {
                c.report(
                    &format!("stations[{i}].minutes"),
                    Diagnostic::new(
                        Code::SlotTooShort,
                        tr!(
                            "한 차례는 {MAX_MINUTES}분을 넘을 수 없어요",
                            "a slot cannot last more than {MAX_MINUTES} minutes"
                        ),
                    ),
                );
            }
            if s.minutes == 0 {
                c.report(
                    &format!("stations[{i}].minutes"),
                    Diagnostic::new(
                        Code::SlotTooShort,
                        tr!("한 차례가 0분일 수는 없어요", "a slot cannot last 0 minutes"),
                    ),
                );
            }
            Station {
                id: s.id.clone(),
                name: s.name.clone(),
                scenario: s.scenario.clone(),
                scenario_found: found.as_ref().map(|f| f.id.clone()),
                scenario_title: found.map(|f| f.title),
                minutes: s.minutes,
            }
        })
        .collect();
    let mut groups = Vec::new();
    for (i, g) in raw.groups.iter().enumerate() {
        let arrive = c.time(&format!("groups[{i}].arrive"), &g.arrive);
        let leave = c.time(&format!("groups[{i}].leave"), &g.leave);
        let (Some(arrive), Some(leave)) = (arrive, leave) else {
            continue;
        };
        if leave <= arrive {
            let (a, l) = (&g.arrive, &g.leave);
            c.report(
                &format!("groups[{i}].leave"),
                Diagnostic::new(
                    Code::DayTime,
                    tr!(
                        "떠나는 시각({l})이 오는 시각({a})보다 늦어야 해요",
                        "the group leaves ({l}) before it arrives ({a})"
                    ),
                ),
            );
        }
        groups.push(Group {
            id: g.id.clone(),
            school: g.school.clone(),
            class: g.class.clone(),
            students: g.students,
            arrive,
            leave,
        });
    }
    let mut breaks = Vec::new();
    for (i, b) in raw.breaks.iter().enumerate() {
        let from = c.time(&format!("breaks[{i}].from"), &b.from);
        let to = c.time(&format!("breaks[{i}].to"), &b.to);
        if let (Some(from), Some(to)) = (from, to) {
            if to <= from {
                c.report(
                    &format!("breaks[{i}].to"),
                    Diagnostic::new(
                        Code::DayTime,
                        tr!(
                            "쉬는 시간이 끝나는 시각이 시작하는 시각보다 늦어야 해요",
                            "a break must end after it starts"
                        ),
                    ),
                );
            }
            breaks.push((from, to));
        }
    }
    if c.out.iter().any(Diagnostic::is_error) {
        return None;
    }
    let mut plan = DayPlan {
        date: raw.date.trim().to_owned(),
        title: raw.title.clone(),
        pin: raw.pin.clone(),
        change_minutes: raw.change_minutes,
        stations,
        groups,
        breaks,
        slots: Vec::new(),
        by_hand: raw.schedule.is_some(),
    };
    match &raw.schedule {
        Some(schedule) => plan.slots = checked_schedule(&plan, schedule, c)?,
        None => plan.slots = rotation(&plan),
    }
    coverage(&plan, c);
    Some(plan)
}

/// Ids are plain and unique within their list.
fn ids<'a>(c: &mut Check<'_>, list: &str, ids: impl Iterator<Item = &'a str>) {
    let mut seen = std::collections::HashSet::new();
    for (i, id) in ids.enumerate() {
        let path = format!("{list}[{i}].id");
        if id.is_empty()
            || !id
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-' || ch == '_')
        {
            c.report(
                &path,
                Diagnostic::new(
                    Code::BadId,
                    tr!(
                        "'{id}'은(는) id로 쓸 수 없어요",
                        "'{id}' is not a usable id"
                    ),
                )
                .hint(tr!(
                    "id에는 영어 소문자, 숫자, '-', '_'만 써요. 한글 이름은 `name`이나 `school`에 써요",
                    "ids use a-z, 0-9, '-' and '_'; names in Korean go in `name` or `school`"
                )),
            );
        } else if !seen.insert(id) {
            c.report(
                &path,
                Diagnostic::new(
                    Code::DuplicateId,
                    tr!(
                        "id '{id}'이(가) 두 번 나와요",
                        "the id '{id}' is used twice"
                    ),
                ),
            );
        }
    }
}

/// Whether `[start, end)` touches a break.
fn in_break(plan: &DayPlan, start: u32, end: u32) -> bool {
    plan.breaks.iter().any(|&(f, t)| start < t && f < end)
}

/// The rotation Kkumgil makes, as experience days run: everyone moves at the same bell. The
/// day is cut into rounds as long as the longest station's slot, with `change_minutes`
/// between them and none running into a break; in each round every station takes one
/// group that is there for the whole slot and has not played it yet. Within a round groups
/// are matched to stations so that as many as possible play something new (the groups with
/// the fewest games first; each group's first choice is the next station in its rotation).
/// Deterministic: the same plan, the same timetable.
pub fn rotation(plan: &DayPlan) -> Vec<Slot> {
    let (Some(first), Some(last)) = (
        plan.groups.iter().map(|g| g.arrive).min(),
        plan.groups.iter().map(|g| g.leave).max(),
    ) else {
        return Vec::new();
    };
    let Some(length) = plan
        .stations
        .iter()
        .map(|s| s.minutes)
        .max()
        .filter(|&m| m > 0)
    else {
        return Vec::new();
    };
    let stations = plan.stations.len();
    let mut played = vec![vec![false; stations]; plan.groups.len()];
    let mut games = vec![0usize; plan.groups.len()];
    let mut slots = Vec::new();
    // A last round may be one where only the shorter stations still fit.
    let shortest = plan
        .stations
        .iter()
        .map(|s| s.minutes)
        .min()
        .unwrap_or(length)
        .max(1);
    let mut t = first;
    let mut round = 0;
    while t + shortest <= last {
        if let Some(&(_, to)) = plan
            .breaks
            .iter()
            .find(|&&(f, to)| t < to && f < t + length)
        {
            t = to;
            continue;
        }
        // Who may play where this round.
        let fits = |g: usize, s: usize| {
            let group = &plan.groups[g];
            let end = t + plan.stations[s].minutes;
            !played[g][s] && group.arrive <= t && end <= group.leave && !in_break(plan, t, end)
        };
        let mut order: Vec<usize> = (0..plan.groups.len()).collect();
        order.sort_by_key(|&g| (games[g], plan.groups[g].arrive, g));
        let mut at_station: Vec<Option<usize>> = vec![None; stations];
        for &g in &order {
            let mut seen = vec![false; stations];
            place(g, round, &fits, &mut at_station, &mut seen, stations);
        }
        for (s, g) in at_station.iter().enumerate() {
            if let Some(g) = *g {
                slots.push(Slot {
                    station: s,
                    group: g,
                    start: t,
                    end: t + plan.stations[s].minutes,
                });
                played[g][s] = true;
                games[g] += 1;
            }
        }
        t += length + plan.change_minutes;
        round += 1;
    }
    slots
}

/// Puts group `g` at a station this round, moving groups already placed when that lets more
/// play (an augmenting path, as in Kuhn's matching). Stations are tried in the group's
/// rotation order: `(g + round) mod stations` first.
fn place(
    g: usize,
    round: usize,
    fits: &dyn Fn(usize, usize) -> bool,
    at_station: &mut [Option<usize>],
    seen: &mut [bool],
    stations: usize,
) -> bool {
    for k in 0..stations {
        let s = (g + round + k) % stations;
        if seen[s] || !fits(g, s) {
            continue;
        }
        seen[s] = true;
        let free = match at_station[s] {
            None => true,
            Some(other) => place(other, round, fits, at_station, seen, stations),
        };
        if free {
            at_station[s] = Some(g);
            return true;
        }
    }
    false
}

/// A schedule written by hand: every entry names a station and a group that exist, lies in
/// the group's visit and outside the breaks, and no station or group is in two places.
fn checked_schedule(plan: &DayPlan, schedule: &[RawSlot], c: &mut Check<'_>) -> Option<Vec<Slot>> {
    let mut slots: Vec<(usize, Slot)> = Vec::new();
    for (i, entry) in schedule.iter().enumerate() {
        let station = plan.stations.iter().position(|s| s.id == entry.station);
        let group = plan.groups.iter().position(|g| g.id == entry.group);
        for (found, field, name, list) in [
            (
                station.is_some(),
                "station",
                &entry.station,
                plan.stations
                    .iter()
                    .map(|s| s.id.as_str())
                    .collect::<Vec<_>>(),
            ),
            (
                group.is_some(),
                "group",
                &entry.group,
                plan.groups.iter().map(|g| g.id.as_str()).collect(),
            ),
        ] {
            if !found {
                let known = list.join(", ");
                c.report(
                    &format!("schedule[{i}].{field}"),
                    Diagnostic::new(
                        Code::UnknownReference,
                        tr!(
                            "id가 '{name}'인 {field}이(가) 없어요",
                            "there is no {field} with the id '{name}'"
                        ),
                    )
                    .hint(tr!("있는 id: {known}", "known ids: {known}")),
                );
            }
        }
        let at = c.time(&format!("schedule[{i}].at"), &entry.at);
        let (Some(s), Some(g), Some(start)) = (station, group, at) else {
            continue;
        };
        let end = start + plan.stations[s].minutes;
        let group = &plan.groups[g];
        if start < group.arrive || end > group.leave || in_break(plan, start, end) {
            let (label, from, to) = (group.label(), clock(group.arrive), clock(group.leave));
            let (a, b) = (clock(start), clock(end));
            c.report(
                &format!("schedule[{i}].at"),
                Diagnostic::new(
                    Code::OutsideVisit,
                    if in_break(plan, start, end) {
                        tr!(
                            "{label}의 {a}–{b} 차례가 쉬는 시간과 겹쳐요",
                            "{label}'s game {a}–{b} runs into a break"
                        )
                    } else {
                        tr!(
                            "{label}은(는) {from}–{to}에 머무는데, 이 차례는 {a}–{b}이에요",
                            "{label} is here {from}–{to}, but this game is {a}–{b}"
                        )
                    },
                ),
            );
            continue;
        }
        slots.push((
            i,
            Slot {
                station: s,
                group: g,
                start,
                end,
            },
        ));
    }
    // Two games at one station, or one group in two games, at the same time.
    for (k, (i, a)) in slots.iter().enumerate() {
        if let Some((j, b)) = slots[..k].iter().find(|(_, b)| {
            (b.station == a.station || b.group == a.group) && a.start < b.end && b.start < a.end
        }) {
            let (first, what) = (
                j + 1,
                if a.station == b.station {
                    plan.stations[a.station].name.clone()
                } else {
                    plan.groups[a.group].label()
                },
            );
            c.report(
                &format!("schedule[{i}]"),
                Diagnostic::new(
                    Code::DoubleBooked,
                    tr!(
                        "{what}이(가) 같은 시간에 두 번 잡혀 있어요({first}번째 차례와 겹쳐요)",
                        "{what} is booked twice at once (this overlaps entry {first})"
                    ),
                )
                .label(tr!("시간이 겹쳐요", "overlaps")),
            );
        }
    }
    if c.out.iter().any(Diagnostic::is_error) {
        return None;
    }
    let mut slots: Vec<Slot> = slots.into_iter().map(|(_, s)| s).collect();
    slots.sort_by_key(|s| (s.start, s.station));
    Some(slots)
}

/// Every group plays something; a group that cannot visit every station is said (a warning:
/// a short visit may mean fewer games on purpose).
fn coverage(plan: &DayPlan, c: &mut Check<'_>) {
    for (g, group) in plan.groups.iter().enumerate() {
        let played: Vec<usize> = plan
            .slots
            .iter()
            .filter(|s| s.group == g)
            .map(|s| s.station)
            .collect();
        let (label, from, to) = (group.label(), clock(group.arrive), clock(group.leave));
        if played.is_empty() {
            c.report(
                &format!("groups[{g}]"),
                Diagnostic::new(
                    Code::OutsideVisit,
                    tr!(
                        "{label}은(는) {from}–{to}에 머무는 동안 아무 역에서도 게임을 할 수 없어요",
                        "{label} cannot play at any station while here ({from}–{to})"
                    ),
                )
                .hint(tr!(
                    "머무는 시간을 늘리거나, 역의 `minutes`를 줄이거나, 쉬는 시간을 옮겨 보세요",
                    "make the visit longer, a station's `minutes` shorter, or move a break"
                )),
            );
        } else if !plan.by_hand && played.len() < plan.stations.len() {
            let missed = plan
                .stations
                .iter()
                .enumerate()
                .filter(|(s, _)| !played.contains(s))
                .map(|(_, s)| s.name.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            c.report(
                &format!("groups[{g}]"),
                Diagnostic::new(
                    Code::MissedStation,
                    tr!(
                        "{label}은(는) {from}–{to} 동안 모든 역을 돌 수 없어요. 못 가는 역: {missed}",
                        "{label} cannot visit every station while here ({from}–{to}); it misses: {missed}"
                    ),
                ),
            );
        }
    }
}

impl DayPlan {
    /// Students of every group.
    pub fn students(&self) -> u32 {
        self.groups.iter().map(|g| g.students).sum()
    }

    /// The timetable as text: one line per start time with what each station plays, then
    /// each group's own route.
    pub fn timetable(&self, lang: Lang) -> String {
        let mut out = String::new();
        let title = self.title.as_deref().unwrap_or_default();
        let (stations, groups, students) =
            (self.stations.len(), self.groups.len(), self.students());
        let date = &self.date;
        out.push_str(
            tr!(
                "{date} {title} — 역 {stations}곳, 모둠 {groups}개, 학생 {students}명\n",
                "{date} {title} — {stations} stations, {groups} groups, {students} students\n"
            )
            .get(lang),
        );
        if !self.by_hand {
            out.push_str(
                tr!(
                    "(꿈길이 짠 순서예요. 모둠은 역을 옮길 때 {}분을 써요.)\n",
                    "(rotation made by Kkumgil; groups take {} minutes to change stations)\n",
                    self.change_minutes
                )
                .get(lang),
            );
        }
        out.push('\n');
        for s in &self.stations {
            let scenario = s.scenario_title.as_deref().unwrap_or(&s.scenario);
            let (name, id, minutes) = (&s.name, &s.id, s.minutes);
            out.push_str(
                tr!(
                    "  {name} ({id}): {scenario}, 한 차례 {minutes}분\n",
                    "  {name} ({id}): {scenario}, {minutes} min a slot\n"
                )
                .get(lang),
            );
        }
        out.push('\n');
        let mut starts: Vec<u32> = self.slots.iter().map(|s| s.start).collect();
        starts.extend(self.breaks.iter().map(|b| b.0));
        starts.sort_unstable();
        starts.dedup();
        for t in starts {
            if let Some(&(from, to)) = self.breaks.iter().find(|b| b.0 == t) {
                let (a, b) = (clock(from), clock(to));
                out.push_str(tr!("{a}–{b}  쉬는 시간\n", "{a}–{b}  break\n").get(lang));
            }
            for slot in self.slots.iter().filter(|s| s.start == t) {
                let (a, b) = (clock(slot.start), clock(slot.end));
                let station = &self.stations[slot.station].name;
                let group = self.groups[slot.group].label();
                out.push_str(&format!("{a}–{b}  {station}  ←  {group}\n"));
            }
        }
        out.push('\n');
        out.push_str(tr!("모둠별 순서\n", "Each group's route\n").get(lang));
        for (g, group) in self.groups.iter().enumerate() {
            let route = self
                .slots
                .iter()
                .filter(|s| s.group == g)
                .map(|s| format!("{} {}", clock(s.start), self.stations[s.station].name))
                .collect::<Vec<_>>()
                .join(" → ");
            let (label, students, from, to) = (
                group.label(),
                group.students,
                clock(group.arrive),
                clock(group.leave),
            );
            out.push_str(
                tr!(
                    "  {label} ({students}명, {from}–{to}): {route}\n",
                    "  {label} ({students} students, {from}–{to}): {route}\n"
                )
                .get(lang),
            );
        }
        out
    }
}

/// Team-palette colours for groups on the wall timetable (colour-blind safe, Okabe–Ito),
/// with the group's label always written too.
const GROUP_COLOURS: [&str; 8] = [
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999",
];

/// The timetable as one printable page (A4 landscape): a grid of start times by stations,
/// each game in its group's colour with the group's name, and every group's route below.
/// Self-contained: the Hangul font it needs is in the page.
pub fn page(plan: &DayPlan, lang: Lang) -> String {
    use std::fmt::Write as _;
    let ko = lang == Lang::Ko;
    let title = plan.title.clone().unwrap_or_else(|| {
        if ko {
            "꿈길 체험의 날".to_owned()
        } else {
            "Kkumgil experience day".to_owned()
        }
    });
    let mut body = String::new();
    let (stations, groups, students) = (plan.stations.len(), plan.groups.len(), plan.students());
    let date = &plan.date;
    let _ = write!(
        body,
        "<h1>{}</h1><p class=\"sub\">{}</p>",
        esc(&title),
        esc(tr!(
            "{date} · 역 {stations}곳 · 모둠 {groups}개 · 학생 {students}명",
            "{date} · {stations} stations · {groups} groups · {students} students"
        )
        .get(lang))
    );
    body.push_str("<table class=\"grid\"><thead><tr><th>");
    body.push_str(if ko { "시간" } else { "Time" });
    body.push_str("</th>");
    for s in &plan.stations {
        let scenario = s.scenario_title.as_deref().unwrap_or(&s.scenario);
        let minutes = if ko {
            format!("{}분", s.minutes)
        } else {
            format!("{} min", s.minutes)
        };
        let _ = write!(
            body,
            "<th>{}<br><small>{} · {}</small></th>",
            esc(&s.name),
            esc(scenario),
            minutes
        );
    }
    body.push_str("</tr></thead><tbody>");
    let mut starts: Vec<u32> = plan.slots.iter().map(|s| s.start).collect();
    starts.extend(plan.breaks.iter().map(|b| b.0));
    starts.sort_unstable();
    starts.dedup();
    for t in starts {
        if let Some(&(from, to)) = plan.breaks.iter().find(|b| b.0 == t) {
            let _ = write!(
                body,
                "<tr class=\"break\"><td>{}–{}</td><td colspan=\"{}\">{}</td></tr>",
                clock(from),
                clock(to),
                plan.stations.len(),
                if ko { "쉬는 시간" } else { "Break" }
            );
        }
        if !plan.slots.iter().any(|s| s.start == t) {
            continue;
        }
        let _ = write!(body, "<tr><td>{}</td>", clock(t));
        for s in 0..plan.stations.len() {
            match plan.slots.iter().find(|x| x.start == t && x.station == s) {
                Some(slot) => {
                    let g = &plan.groups[slot.group];
                    let _ = write!(
                        body,
                        "<td><span class=\"g\" style=\"border-color:{c}\"><i style=\"background:{c}\"></i>{}</span><small>{}–{}</small></td>",
                        esc(&g.label()),
                        clock(slot.start),
                        clock(slot.end),
                        c = GROUP_COLOURS[slot.group % GROUP_COLOURS.len()]
                    );
                }
                None => body.push_str("<td></td>"),
            }
        }
        body.push_str("</tr>");
    }
    body.push_str("</tbody></table><h2>");
    body.push_str(if ko {
        "모둠별 순서"
    } else {
        "Each group's route"
    });
    body.push_str("</h2><ul class=\"routes\">");
    for (g, group) in plan.groups.iter().enumerate() {
        let route = plan
            .slots
            .iter()
            .filter(|s| s.group == g)
            .map(|s| format!("{} {}", clock(s.start), esc(&plan.stations[s.station].name)))
            .collect::<Vec<_>>()
            .join(" → ");
        let students = if ko {
            format!("{}명", group.students)
        } else {
            format!("{} students", group.students)
        };
        let _ = write!(
            body,
            "<li><i style=\"background:{}\"></i><b>{}</b> ({students}, {}–{}): {route}</li>",
            GROUP_COLOURS[g % GROUP_COLOURS.len()],
            esc(&group.label()),
            clock(group.arrive),
            clock(group.leave)
        );
    }
    body.push_str("</ul>");
    let face = crate::fonts::face_css(&body);
    format!(
        "<!doctype html><html lang=\"{code}\"><head><meta charset=\"utf-8\"><title>{t}</title>\
         <style>{face}\
         @page{{size:A4 landscape;margin:12mm}}\
         body{{font-family:'Kkumgil',sans-serif;margin:1.2em;color:#1b2538}}\
         h1{{margin:0}}p.sub{{margin:.2em 0 1em;color:#4a5568}}\
         table.grid{{border-collapse:collapse;width:100%;font-size:14pt}}\
         table.grid th,table.grid td{{border:1px solid #b8c2d0;padding:.35em .5em;text-align:left;vertical-align:top}}\
         table.grid th{{background:#eef2f7}}table.grid th:first-child{{width:6.5em}}table.grid td:first-child{{white-space:nowrap;font-weight:bold}}\
         tr.break td{{background:#f7f3e3;color:#6b5d2f}}\
         span.g{{display:inline-block;border-left:.5em solid;padding-left:.35em;font-weight:bold}}\
         span.g i{{display:none}}td small{{display:block;color:#4a5568}}\
         ul.routes{{list-style:none;padding:0}}ul.routes li{{margin:.3em 0}}\
         ul.routes i{{display:inline-block;width:.9em;height:.9em;margin-right:.4em;border-radius:50%}}\
         </style></head><body>{body}</body></html>\n",
        code = lang.code(),
        t = esc(&title),
    )
}
