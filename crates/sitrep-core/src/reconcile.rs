//! Reconciliation: the figures of one story grouped into quantities (what is counted, where,
//! over which time), each with low / best / high, the independent sources behind it, the latest
//! report, a conflict flag and its timeline.
//!
//! Rules (documented in the README):
//! - A quantity is measure + place + time scope + who is counted. Displaced people with no short
//!   scope (no "in the past 24 hours") and refugees at one place are one stock ("refugees in
//!   Turkey: 2,000 → 2,400 → 8,538"); a flow over hours or days is its own quantity. Soldiers
//!   and police are kept apart from everyone else, and so are families and households.
//! - Background figures (tolls of earlier years) are left out.
//! - Independent sources: figures attributed to the same source count once whoever quotes them;
//!   unattributed figures count once per copy group (copies of one wire story are one source).
//! - Policy `Ucdp` (default): best = the most recent report (its value, or its lower bound when
//!   vague); low / high = the range of all reports' intervals. `Acled`: best = the most
//!   conservative (lowest) report.
//! - Conflict: two independent sources whose intervals cannot both be true, reported within a
//!   day of each other (tolls rise over time, so an earlier lower figure is no conflict).

use crate::figure::{Displacement, Figure, FigurePlace, Measure, Qualifier, SECURITY_FORCES, ScopeKind};
use chrono::NaiveDate;
use rustc_hash::FxHashMap as HashMap;

/// A figure with what reconciliation needs of its article.
#[derive(Debug, Clone)]
pub struct ReportedFigure {
    pub article_id: String,
    pub published: Option<NaiveDate>,
    pub outlet: Option<String>,
    /// The copy group (or, for an article without copies, its own key): one wire story.
    pub copy_unit: i64,
    pub figure: Figure,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Policy {
    #[default]
    Ucdp,
    Acled,
}

impl Policy {
    pub fn parse(text: &str) -> Option<Policy> {
        match text {
            "ucdp" => Some(Policy::Ucdp),
            "acled" => Some(Policy::Acled),
            _ => None,
        }
    }
}

/// One report of a quantity, as the timeline shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The article's published date.
    pub date: Option<NaiveDate>,
    /// The day the figure speaks of, when its scope dates it earlier ("ten days ago the figure
    /// stood at 23", "on Monday"); else the published date.
    pub as_of: Option<NaiveDate>,
    pub value: Option<u64>,
    pub low: Option<u64>,
    pub high: Option<u64>,
    pub qualifier: Qualifier,
    pub text: String,
    pub source: Option<String>,
    pub outlet: Option<String>,
    pub article_id: String,
    pub scope: Option<String>,
    pub sentence: String,
    pub span: (usize, usize),
}

/// A source behind a quantity: one attributed source, or one wire story without attribution.
#[derive(Debug, Clone, PartialEq)]
pub struct Support {
    pub source: String,
    pub outlets: Vec<String>,
    pub articles: Vec<String>,
    pub values: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    pub measure: Measure,
    pub span: Span,
    pub place: Option<FigurePlace>,
    /// "in the past 24 hours" for a flow, "since October 29" for arrivals counted since a date;
    /// None for a toll or a stock.
    pub scope: Option<String>,
    /// "soldiers and police", or None for people in general.
    pub who: Option<String>,
    pub unit: Option<String>,
    pub low: Option<u64>,
    pub best: Option<u64>,
    pub high: Option<u64>,
    pub sources: Vec<Support>,
    pub conflict: bool,
    /// Which reports disagree, when `conflict`.
    pub conflict_note: Option<String>,
    pub latest: Report,
    /// Every report, oldest first.
    pub timeline: Vec<Report>,
}

/// How a quantity's figures relate to time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Span {
    /// Each report counts what happened within its own period ("in the past 24 hours", "on
    /// Monday"): values of different days are not one number growing.
    Flow,
    /// A running total up to each report ("the death toll rose to 312", "61,000 have arrived
    /// since October 29"): it only grows, and the latest is the best.
    Total,
    /// People present somewhere at each report (refugees hosted in Turkey, the displaced living in
    /// shelters): it may rise or fall.
    Stock,
}

fn is_flow(figure: &Figure) -> bool {
    figure.scope.as_ref().is_some_and(|scope| scope.kind == ScopeKind::Period)
}

fn is_since(figure: &Figure) -> bool {
    figure.scope.as_ref().is_some_and(|scope| scope.kind == ScopeKind::Since)
}

/// What a quantity counts, apart from its place: the displaced who crossed into a country or are
/// staying somewhere, and the refugees hosted there, are one stock; the displaced who fled (or
/// arrived since a date) a running total.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Counted {
    Measure(Measure, Span),
    DisplacedOrHosted,
}

type Key = (Counted, String, Option<String>, Option<String>);

/// The grouping key of a figure: what is counted, where, who, in which unit.
fn key_of(figure: &Figure) -> Key {
    let counted = match figure.measure {
        _ if is_flow(figure) && figure.measure != Measure::Refugees => Counted::Measure(figure.measure, Span::Flow),
        Measure::Displaced if is_since(figure) => Counted::Measure(Measure::Displaced, Span::Total),
        Measure::Displaced if figure.displacement == Some(Displacement::Fled) => {
            Counted::Measure(Measure::Displaced, Span::Total)
        }
        // Crossed into a country, staying somewhere, or (stored before this was read) unknown.
        Measure::Displaced | Measure::Refugees => Counted::DisplacedOrHosted,
        other => Counted::Measure(other, Span::Total),
    };
    let place = match &figure.place {
        Some(place) => place.identity().unwrap_or_else(|| format!("text:{}", place.text.to_lowercase())),
        None => String::new(),
    };
    let who = if figure.subset {
        // "41 of the dead were children": a part of a toll, beside it, never in it.
        Some(format!("of whom {}", figure.who.as_deref().unwrap_or("some")))
    } else {
        figure.who.as_deref().filter(|w| SECURITY_FORCES.contains(w)).map(|_| "soldiers and police".to_owned())
    };
    (counted, place, who, figure.unit.clone())
}

/// The independent source a figure counts for: its attributed source whoever quotes it, else its
/// wire story (copy group).
fn source_unit(reported: &ReportedFigure) -> String {
    match &reported.figure.source {
        Some(source) => format!("source:{}", normalized_source(source)),
        None => format!("copy:{}", reported.copy_unit),
    }
}

fn normalized_source(source: &str) -> String {
    source
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !matches!(w.as_str(), "the" | "a" | "an" | "s"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Groups a story's figures into quantities, largest (best) first within each measure.
pub fn reconcile(figures: &[ReportedFigure], policy: Policy) -> Vec<Quantity> {
    let mut groups: Vec<(Key, Vec<&ReportedFigure>)> = Vec::new();
    let mut group_of: HashMap<Key, usize> = HashMap::default();
    for reported in figures.iter().filter(|r| !r.figure.background) {
        let key = key_of(&reported.figure);
        match group_of.get(&key) {
            Some(&index) => groups[index].1.push(reported),
            None => {
                group_of.insert(key.clone(), groups.len());
                groups.push((key, vec![reported]));
            }
        }
    }
    let mut quantities: Vec<Quantity> =
        groups.into_iter().map(|(key, members)| quantity(key, members, policy)).collect();
    quantities.sort_by(|a, b| {
        a.measure.cmp(&b.measure).then(b.sources.len().cmp(&a.sources.len())).then(b.best.cmp(&a.best))
    });
    quantities
}

/// The day a figure speaks of: its scope's end when that is before the published date
/// ("ten days ago", "on Monday"), else the published date.
fn as_of(reported: &ReportedFigure) -> Option<NaiveDate> {
    let end = reported.figure.scope.as_ref().and_then(|s| s.end);
    end.filter(|end| reported.published.is_none_or(|p| *end <= p)).or(reported.published)
}

fn report_of(reported: &ReportedFigure) -> Report {
    let f = &reported.figure;
    Report {
        date: reported.published,
        as_of: as_of(reported),
        value: f.value,
        low: f.low,
        high: f.high,
        qualifier: f.qualifier,
        text: f.text.clone(),
        source: f.source.clone(),
        outlet: reported.outlet.clone(),
        article_id: reported.article_id.clone(),
        scope: f.scope.as_ref().map(|s| s.text.clone()),
        sentence: f.sentence.clone(),
        span: f.span,
    }
}

/// A figure as one number: its value as written ("more than 70" is 70), or the lower bound of
/// a vague word ("hundreds" is 200).
fn point(figure: &Figure) -> Option<u64> {
    figure.value.or(figure.low)
}

fn allows(figure: &Figure, value: u64) -> bool {
    figure.low.is_none_or(|low| value >= low) && figure.high.is_none_or(|high| value <= high)
}

/// The best estimate among one day's reports: the value the most reports allow ("8,538" is
/// allowed by "more than 8,500" too), the lower on a tie, so that one outlying claim does not
/// win; a ceiling ("as many as 400,000") is a candidate only when nothing else was reported.
fn consensus(reports: &[&ReportedFigure]) -> Option<u64> {
    // One source does not contradict itself within a day: of its numbers the largest is the
    // whole, the others parts of it (1,127 dead, "Gorkha remains the hardest hit with 642").
    let mut largest_of_source: Vec<&ReportedFigure> = Vec::new();
    for report in reports {
        let source = report.figure.source.as_deref().map(normalized_source);
        let same = largest_of_source
            .iter()
            .position(|r| source.is_some() && r.figure.source.as_deref().map(normalized_source) == source);
        match same {
            Some(at) if point(&report.figure) > point(&largest_of_source[at].figure) => largest_of_source[at] = report,
            Some(_) => {}
            None => largest_of_source.push(report),
        }
    }
    let reports = &largest_of_source[..];
    let ceilings_only = reports.iter().all(|r| r.figure.qualifier == Qualifier::UpTo);
    let mut candidates: Vec<u64> = reports
        .iter()
        .filter(|r| ceilings_only || r.figure.qualifier != Qualifier::UpTo)
        .filter_map(|r| point(&r.figure))
        .collect();
    candidates.sort_unstable();
    candidates.dedup();
    candidates
        .into_iter()
        .map(|v| (reports.iter().filter(|r| allows(&r.figure, v)).count(), v))
        .max_by(|(support_a, value_a), (support_b, value_b)| support_a.cmp(support_b).then(value_b.cmp(value_a)))
        .map(|(_, value)| value)
}

fn quantity(key: Key, mut members: Vec<&ReportedFigure>, policy: Policy) -> Quantity {
    let (counted, _, who, unit) = key;
    let (measure, span) = match counted {
        Counted::Measure(measure, span) => (measure, span),
        Counted::DisplacedOrHosted => {
            let hosted = members.iter().any(|r| r.figure.measure == Measure::Refugees);
            (if hosted { Measure::Refugees } else { Measure::Displaced }, Span::Stock)
        }
    };
    members.sort_by(|a, b| as_of(a).cmp(&as_of(b)).then(a.article_id.cmp(&b.article_id)));
    let timeline: Vec<Report> = members.iter().map(|r| report_of(r)).collect();
    // Independent sources: one per attributed source, else one per wire story (copy group).
    let mut sources: Vec<(String, Support)> = Vec::new();
    for reported in &members {
        let key = source_unit(reported);
        let index = match sources.iter().position(|(k, _)| *k == key) {
            Some(index) => index,
            None => {
                let name = reported.figure.source.clone().unwrap_or_else(|| {
                    let outlet = reported.outlet.clone().unwrap_or_else(|| reported.article_id.clone());
                    format!("{outlet} (unattributed)")
                });
                sources.push((
                    key,
                    Support { source: name, outlets: Vec::new(), articles: Vec::new(), values: Vec::new() },
                ));
                sources.len() - 1
            }
        };
        let support = &mut sources[index].1;
        if let Some(outlet) = &reported.outlet
            && !support.outlets.contains(outlet)
        {
            support.outlets.push(outlet.clone());
        }
        if !support.articles.contains(&reported.article_id) {
            support.articles.push(reported.article_id.clone());
        }
        if !support.values.contains(&reported.figure.text) {
            support.values.push(reported.figure.text.clone());
        }
    }
    // The range of the reports' intervals and of their numbers as written ("more than 70"
    // allows 71 and up, and reads 70).
    let low = members.iter().filter_map(|r| r.figure.low.map(|low| point(&r.figure).map_or(low, |p| p.min(low)))).min();
    let high = if members.iter().any(|r| r.figure.high.is_none()) {
        None
    } else {
        members.iter().filter_map(|r| r.figure.high).max()
    };
    let latest_member = members.last().copied();
    let best = match policy {
        Policy::Ucdp => {
            // The most recent day's reports, reconciled among themselves; a ceiling ("as many
            // as 400,000") is not a report of the number where another report gives one.
            let counted = members.iter().rev().find(|r| r.figure.qualifier != Qualifier::UpTo);
            let last_day = counted.or(latest_member.as_ref()).and_then(|r| as_of(r));
            let last: Vec<&ReportedFigure> = members.iter().copied().filter(|r| as_of(r) == last_day).collect();
            consensus(&last)
        }
        Policy::Acled => members.iter().filter_map(|r| point(&r.figure)).min(),
    };
    let (conflict, conflict_note) = find_conflict(&members);
    let latest = latest_member.map(report_of).or_else(|| timeline.first().cloned()).unwrap_or_else(|| Report {
        date: None,
        as_of: None,
        value: None,
        low: None,
        high: None,
        qualifier: Qualifier::Exact,
        text: String::new(),
        source: None,
        outlet: None,
        article_id: String::new(),
        scope: None,
        sentence: String::new(),
        span: (0, 0),
    });
    let shows_scope = span == Span::Flow || (span == Span::Total && measure == Measure::Displaced);
    Quantity {
        measure,
        span,
        place: members.iter().find_map(|r| r.figure.place.clone()),
        scope: shows_scope
            .then(|| members.iter().find_map(|r| r.figure.scope.as_ref().map(|s| s.text.clone())))
            .flatten(),
        who,
        unit,
        low,
        best,
        high,
        sources: sources.into_iter().map(|(_, s)| s).collect(),
        conflict,
        conflict_note,
        latest,
        timeline,
    }
}

/// Two independent reports within a day of each other whose intervals do not overlap.
fn find_conflict(members: &[&ReportedFigure]) -> (bool, Option<String>) {
    for (i, a) in members.iter().enumerate() {
        for b in &members[i + 1..] {
            if source_unit(a) == source_unit(b) {
                continue;
            }
            let close = match (as_of(a), as_of(b)) {
                (Some(x), Some(y)) => (x - y).num_days().abs() <= 1,
                _ => true,
            };
            let (a_low, a_high) = (a.figure.low.unwrap_or(0), a.figure.high.unwrap_or(u64::MAX));
            let (b_low, b_high) = (b.figure.low.unwrap_or(0), b.figure.high.unwrap_or(u64::MAX));
            if close && (a_high < b_low || b_high < a_low) {
                let who = |r: &ReportedFigure| {
                    r.figure.source.clone().unwrap_or_else(|| r.outlet.clone().unwrap_or_default())
                };
                return (true, Some(format!("{} ({}) vs {} ({})", a.figure.text, who(a), b.figure.text, who(b))));
            }
        }
    }
    (false, None)
}

/// How a story's total of a measure was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TotalMethod {
    /// One quantity's best estimate: the broadest place, then the latest report.
    Quantity,
    /// Separate events added up (arrests in two towns, two groups of deserters).
    Sum,
}

/// A story's figure for one measure: the number a reader would quote ("417 killed"), with the
/// reports it rests on.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryTotal {
    pub measure: Measure,
    pub best: u64,
    pub low: Option<u64>,
    pub high: Option<u64>,
    pub method: TotalMethod,
    /// The quantity it is (for `TotalMethod::Quantity`), an index into the quantities given.
    pub quantity: Option<usize>,
    pub place: Option<FigurePlace>,
    /// The reports behind it: the quantity's latest, or each event added.
    pub reports: Vec<Report>,
    pub n_sources: usize,
}

/// How broad a quantity's place is (0 without one).
fn breadth(place: Option<&FigurePlace>) -> u8 {
    place.map_or(0, FigurePlace::breadth)
}

/// The country most of a measure's reports are placed in (refugees are counted where they are
/// hosted, the dead where they died: each measure has its own).
fn main_country(quantities: &[(usize, &Quantity)]) -> Option<String> {
    let mut counts: HashMap<&str, usize> = HashMap::default();
    for (_, q) in quantities {
        if let Some(country) = q.place.as_ref().and_then(|p| p.country.as_deref()) {
            *counts.entry(country).or_insert(0) += q.timeline.len();
        }
    }
    counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0))).map(|(country, _)| country.to_owned())
}

/// Each measure's story total (documented in the README):
/// - killed, injured, missing, displaced, refugees: one quantity's best — people in general (not
///   soldiers and police alone, not families or households), a count rather than a vague word,
///   a share of a population or a ceiling ("as many as"), a toll or stock rather than a day's
///   flow where the story has one, in the country most of the measure's reports are
///   placed in; of those the broadest place, then the latest report (for the displaced, who
///   only accumulate, and where there are only daily flows, the largest count instead), then
///   the larger estimate. Refugees hosted are their own measure, apart from the displaced.
/// - arrested, defected: counted events added up. A number reported again (by anyone) is the
///   same event, and so is a source's later report at the same place, which replaces its
///   earlier one; copies are one report.
pub fn story_totals(quantities: &[Quantity]) -> Vec<StoryTotal> {
    let mut totals = Vec::new();
    for measure in Measure::ALL {
        let of_measure: Vec<(usize, &Quantity)> =
            quantities.iter().enumerate().filter(|(_, q)| q.measure == measure && q.unit.is_none()).collect();
        if of_measure.is_empty() {
            continue;
        }
        let total = match measure {
            Measure::Arrested | Measure::Defected => sum_of_events(measure, &of_measure),
            _ => broadest_latest(measure, &of_measure, main_country(&of_measure).as_deref()),
        };
        totals.extend(total);
    }
    totals
}

/// The report that gave a quantity's best estimate: the latest of that value.
fn best_report(quantity: &Quantity) -> Option<&Report> {
    let best = quantity.best?;
    quantity.timeline.iter().rev().find(|r| report_number(r) == Some(best))
}

fn broadest_latest(measure: Measure, quantities: &[(usize, &Quantity)], country: Option<&str>) -> Option<StoryTotal> {
    let mut candidates: Vec<&(usize, &Quantity)> = quantities.iter().filter(|(_, q)| q.best.is_some()).collect();
    // Each filter applies only where something is left after it.
    let keep = |candidates: &mut Vec<&(usize, &Quantity)>, test: &dyn Fn(&Quantity) -> bool| {
        if candidates.iter().any(|(_, q)| test(q)) {
            candidates.retain(|(_, q)| test(q));
        }
    };
    keep(&mut candidates, &|q| q.who.is_none());
    // A count ("at least 12", "about 8,000") over an estimate read from a population ("most of
    // the town's 50,000") or a vague word ("thousands").
    keep(&mut candidates, &|q| {
        best_report(q).is_some_and(|r| !matches!(r.qualifier, Qualifier::Vague | Qualifier::MostOf | Qualifier::UpTo))
    });
    keep(&mut candidates, &|q| q.span != Span::Flow);
    if let Some(country) = country {
        keep(&mut candidates, &|q| q.place.as_ref().and_then(|p| p.country.as_deref()).is_none_or(|c| c == country));
    }
    // Displacement accumulates (those still in shelters are some of those who fled): the largest
    // count at the broadest place. A toll's latest report is its best. With only daily flows,
    // the largest is the story's main event (a boat capsizing with 12 dead, beside six deaths
    // from disease in the camps), not the last reported.
    let accumulates = measure == Measure::Displaced || candidates.iter().all(|(_, q)| q.span == Span::Flow);
    let (index, quantity) = candidates.into_iter().max_by(|(_, a), (_, b)| {
        let by_date = if accumulates { std::cmp::Ordering::Equal } else { a.latest.as_of.cmp(&b.latest.as_of) };
        breadth(a.place.as_ref()).cmp(&breadth(b.place.as_ref())).then(by_date).then(a.best.cmp(&b.best))
    })?;
    let best = quantity.best?;
    let basis = best_report(quantity).unwrap_or(&quantity.latest);
    Some(StoryTotal {
        measure,
        best,
        low: quantity.low,
        high: quantity.high,
        method: TotalMethod::Quantity,
        quantity: Some(*index),
        place: quantity.place.clone(),
        reports: vec![basis.clone()],
        n_sources: quantity.sources.len(),
    })
}

/// A report's number: its value, or a vague word's lower bound.
fn report_number(report: &Report) -> Option<u64> {
    report.value.or(report.low)
}

/// One counted event and what it has absorbed: the numbers and sources that reported it.
struct Event<'q> {
    report: &'q Report,
    /// Which of the measure's quantities (a place) it was reported at.
    quantity: usize,
    numbers: Vec<Option<u64>>,
    sources: Vec<String>,
}

fn sum_of_events(measure: Measure, quantities: &[(usize, &Quantity)]) -> Option<StoryTotal> {
    let mut reports: Vec<(usize, &Report)> =
        quantities.iter().enumerate().flat_map(|(at, (_, q))| q.timeline.iter().map(move |r| (at, r))).collect();
    reports.sort_by(|a, b| a.1.as_of.cmp(&b.1.as_of).then(a.1.article_id.cmp(&b.1.article_id)));
    // One event per number: a number reported again (by anyone) is the same event; a source's
    // later report at the same place replaces its earlier one; anything else is another event.
    let mut events: Vec<Event<'_>> = Vec::new();
    for (quantity, report) in reports {
        let number = report_number(report);
        let source = report.source.as_deref().map(normalized_source);
        let same = events.iter().position(|event| {
            event.numbers.contains(&number)
                || (event.quantity == quantity && source.as_ref().is_some_and(|s| event.sources.contains(s)))
        });
        match same {
            Some(at) => {
                let event = &mut events[at];
                event.report = report;
                event.numbers.push(number);
                event.sources.extend(source);
            }
            None => {
                events.push(Event { report, quantity, numbers: vec![number], sources: source.into_iter().collect() })
            }
        }
    }
    let best = events.iter().filter_map(|e| report_number(e.report)).fold(0u64, u64::saturating_add);
    if events.is_empty() || best == 0 {
        return None;
    }
    // The sum of the events' bounds; open when any bound is.
    let add = |bound: fn(&Report) -> Option<u64>| -> Option<u64> {
        events.iter().try_fold(0u64, |sum, event| bound(event.report).map(|v| sum.saturating_add(v)))
    };
    let (low, high) = (add(|r| r.low), add(|r| r.high));
    let mut sources: Vec<String> = events
        .iter()
        .map(|e| e.report.source.as_deref().map(normalized_source).unwrap_or_else(|| e.report.article_id.clone()))
        .collect();
    sources.sort();
    sources.dedup();
    let single = events.len() == 1;
    Some(StoryTotal {
        measure,
        best,
        low,
        high,
        method: if single { TotalMethod::Quantity } else { TotalMethod::Sum },
        quantity: None,
        place: if single { quantities.get(events[0].quantity).and_then(|(_, q)| q.place.clone()) } else { None },
        reports: events.into_iter().map(|e| e.report.clone()).collect(),
        n_sources: sources.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{ExtractInput, extract_figures};

    fn reported(article: &str, day: u32, outlet: &str, copy_unit: i64, text: &str) -> Vec<ReportedFigure> {
        let published = NaiveDate::from_ymd_opt(2011, 6, day);
        extract_figures(&ExtractInput { text, published })
            .into_iter()
            .map(|figure| ReportedFigure {
                article_id: article.to_owned(),
                published,
                outlet: Some(outlet.to_owned()),
                copy_unit,
                figure,
            })
            .collect()
    }

    #[test]
    fn a_stock_grows_and_copies_count_once() {
        let mut figures =
            reported("a", 10, "Wire A", 1, "Turkey says more than 2,000 Syrians have crossed the border into Turkey.");
        figures.extend(reported(
            "b",
            11,
            "Paper B",
            2,
            "At least 2,400 Syrians have crossed into Turkey, UN officials said.",
        ));
        figures.extend(reported(
            "c",
            11,
            "Paper C",
            2,
            "At least 2,400 Syrians have crossed into Turkey, UN officials said.",
        ));
        let quantities = reconcile(&figures, Policy::Ucdp);
        assert_eq!(quantities.len(), 1, "{quantities:#?}");
        let q = &quantities[0];
        // People who crossed into Turkey, with no report yet calling them its refugees.
        assert_eq!(
            (q.measure, q.span, q.best, q.low, q.high),
            (Measure::Displaced, Span::Stock, Some(2400), Some(2000), None)
        );
        assert_eq!(q.sources.len(), 2, "the copy in paper C is not a third source");
        assert!(!q.conflict);
        assert_eq!(reconcile(&figures, Policy::Acled)[0].best, Some(2000));
    }

    #[test]
    fn a_flow_is_not_the_stock_and_disagreement_is_flagged() {
        let mut figures = reported(
            "a",
            10,
            "Wire A",
            1,
            "About 8,000 refugees crossed into Turkey in the past 24 hours, officials said.",
        );
        figures.extend(reported("b", 10, "Paper B", 2, "Turkey already shelters more than 120,000 Syrian refugees."));
        figures.extend(reported("c", 10, "Paper C", 3, "Activists said 30 people were killed in Homs."));
        figures.extend(reported("d", 10, "Paper D", 4, "The army said 5 people were killed in Homs."));
        let quantities = reconcile(&figures, Policy::Ucdp);
        let measures: Vec<Measure> = quantities.iter().map(|q| q.measure).collect();
        assert!(measures.contains(&Measure::Displaced) && measures.contains(&Measure::Refugees), "{measures:?}");
        let killed = quantities.iter().find(|q| q.measure == Measure::Killed).expect("killed");
        assert!(killed.conflict, "30 and 5 on the same day from two sources cannot both be true");
        assert_eq!(killed.sources.len(), 2);
    }
    fn total(quantities: &[Quantity], measure: Measure) -> Option<StoryTotal> {
        story_totals(quantities).into_iter().find(|t| t.measure == measure)
    }

    #[test]
    fn a_story_total_is_the_broadest_latest_toll() {
        let mut figures = reported("a", 10, "Wire A", 1, "At least 19 people were killed in Beira, officials said.");
        figures.extend(reported("b", 12, "Paper B", 2, "The government said 202 people had died in Mozambique."));
        figures.extend(reported(
            "c",
            15,
            "Paper C",
            3,
            "The death toll in Mozambique stood at 417, the government said.",
        ));
        figures.extend(reported("c", 15, "Paper C", 3, "In Buzi, 56 people were killed in the past three days."));
        let quantities = reconcile(&figures, Policy::Ucdp);
        let killed = total(&quantities, Measure::Killed).expect("a total");
        assert_eq!((killed.best, killed.method), (417, TotalMethod::Quantity));
        assert_eq!(killed.place.and_then(|p| p.name).as_deref(), Some("Mozambique"));
    }

    #[test]
    fn separate_arrests_are_added_and_repeats_are_not() {
        let mut figures =
            reported("a", 9, "Wire A", 1, "Border guards said they had arrested 19 traffickers in Teknaf.");
        figures.extend(reported(
            "b",
            10,
            "Paper B",
            1,
            "Border guards said they had arrested 19 traffickers in Teknaf.",
        ));
        figures.extend(reported("c", 14, "Paper C", 3, "Police in Ukhiya said they had arrested 23 men on Sunday."));
        let quantities = reconcile(&figures, Policy::Ucdp);
        let arrested = total(&quantities, Measure::Arrested).expect("a total");
        assert_eq!((arrested.best, arrested.method, arrested.reports.len()), (42, TotalMethod::Sum, 2));
    }

    #[test]
    fn a_ceiling_is_not_the_best_estimate() {
        let mut figures =
            reported("a", 12, "Wire A", 1, "The IOM said 110,000 people were now living in camps in Sofala.");
        figures.extend(reported(
            "b",
            15,
            "Paper B",
            2,
            "The government says 128,000 people are now living in centres in Sofala, while agencies estimate that as many as 400,000 people in Sofala have lost their homes.",
        ));
        let quantities = reconcile(&figures, Policy::Ucdp);
        let displaced = total(&quantities, Measure::Displaced).expect("a total");
        assert_eq!(displaced.best, 128_000, "{quantities:#?}");
    }

    #[test]
    fn an_earlier_figure_quoted_later_is_dated_by_its_scope() {
        let mut figures =
            reported("a", 20, "Wire A", 1, "The health ministry said the toll in Artibonite had risen to 96.");
        figures.extend(reported(
            "a",
            20,
            "Wire A",
            1,
            "Ten days ago, when the ministry published its first toll for Artibonite, the figure stood at 23.",
        ));
        let quantities = reconcile(&figures, Policy::Ucdp);
        let killed = total(&quantities, Measure::Killed).expect("a total");
        assert_eq!(killed.best, 96, "{quantities:#?}");
        let toll = &quantities[killed.quantity.expect("a quantity")];
        assert_eq!(toll.timeline.first().and_then(|r| r.as_of), NaiveDate::from_ymd_opt(2011, 6, 10));
    }

    #[test]
    fn an_event_keeps_the_sources_and_numbers_it_absorbed() {
        // Police 19, then the army repeats 19, then the police revise to 25: one event of 25.
        let mut figures = reported("a", 9, "Wire A", 1, "Police said they had arrested 19 people in Teknaf.");
        figures.extend(reported("b", 10, "Paper B", 2, "The army said it had arrested 19 people in Teknaf."));
        figures.extend(reported("c", 11, "Paper C", 3, "Police said they had arrested 25 people in Teknaf."));
        let arrested = total(&reconcile(&figures, Policy::Ucdp), Measure::Arrested).expect("a total");
        assert_eq!(arrested.best, 25);
        // One source's arrests in two towns are two events.
        let mut figures = reported("a", 9, "Wire A", 1, "Police said they had arrested 19 people in Teknaf.");
        figures.extend(reported("b", 14, "Paper B", 2, "Police said they had arrested 23 people in Ukhiya."));
        let arrested = total(&reconcile(&figures, Policy::Ucdp), Measure::Arrested).expect("a total");
        assert_eq!((arrested.best, arrested.method), (42, TotalMethod::Sum));
    }
}
