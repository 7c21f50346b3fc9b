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

use crate::figure::{Figure, FigurePlace, Measure};
use chrono::NaiveDate;

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
    pub date: Option<NaiveDate>,
    pub value: Option<u64>,
    pub low: Option<u64>,
    pub high: Option<u64>,
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
    pub place: Option<FigurePlace>,
    /// "past 24 hours" for a flow; None for a total or a stock.
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

const MILITARY: &[&str] = &[
    "soldiers",
    "troops",
    "police",
    "policemen",
    "officers",
    "personnel",
    "forces",
    "guards",
    "soldier",
    "officer",
    "policeman",
];

/// A count over a short period ("in the past 24 hours", "overnight", "a 24-hour period", "on
/// Sunday": one day's events), as opposed to a total since the start or a point in time ("a
/// few days ago").
fn is_flow(figure: &Figure) -> bool {
    const SHORT: &[&str] = &[
        "past",
        "last",
        "previous",
        "overnight",
        "hour",
        "period",
        "yesterday",
        "today",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    figure.scope.as_ref().is_some_and(|scope| {
        let text = scope.text.to_lowercase();
        !text.starts_with("since") && !text.contains("ago") && SHORT.iter().any(|w| text.contains(w))
    })
}

/// The grouping key of a figure.
fn key_of(figure: &Figure) -> (Measure, String, Option<String>, Option<String>, Option<String>) {
    let flow = is_flow(figure);
    let measure = match figure.measure {
        Measure::Displaced if !flow => Measure::Refugees,
        other => other,
    };
    let place = match &figure.place {
        Some(place) => match (place.precision, place.geonames_id, &place.country) {
            (Some("country"), _, Some(country)) => format!("country:{country}"),
            (_, Some(id), _) => format!("place:{id}"),
            _ => format!("text:{}", place.text.to_lowercase()),
        },
        None => String::new(),
    };
    let scope = flow.then(|| "flow".to_owned());
    let who = figure.who.as_deref().filter(|w| MILITARY.contains(w)).map(|_| "soldiers and police".to_owned());
    (measure, place, scope, who, figure.unit.clone())
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
    let mut groups: Vec<(_, Vec<&ReportedFigure>)> = Vec::new();
    for reported in figures.iter().filter(|r| !r.figure.background) {
        let key = key_of(&reported.figure);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, members)) => members.push(reported),
            None => groups.push((key, vec![reported])),
        }
    }
    let mut quantities: Vec<Quantity> =
        groups.into_iter().map(|(key, members)| quantity(key, members, policy)).collect();
    quantities.sort_by(|a, b| {
        a.measure.cmp(&b.measure).then(b.sources.len().cmp(&a.sources.len())).then(b.best.cmp(&a.best))
    });
    quantities
}

fn report_of(reported: &ReportedFigure) -> Report {
    let f = &reported.figure;
    Report {
        date: reported.published,
        value: f.value,
        low: f.low,
        high: f.high,
        text: f.text.clone(),
        source: f.source.clone(),
        outlet: reported.outlet.clone(),
        article_id: reported.article_id.clone(),
        scope: f.scope.as_ref().map(|s| s.text.clone()),
        sentence: f.sentence.clone(),
        span: f.span,
    }
}

type Key = (Measure, String, Option<String>, Option<String>, Option<String>);

fn quantity(key: Key, mut members: Vec<&ReportedFigure>, policy: Policy) -> Quantity {
    let (measure, _, scope, who, unit) = key;
    members.sort_by(|a, b| a.published.cmp(&b.published).then(a.article_id.cmp(&b.article_id)));
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
    let low = members.iter().filter_map(|r| r.figure.low).min();
    let high = if members.iter().any(|r| r.figure.high.is_none()) {
        None
    } else {
        members.iter().filter_map(|r| r.figure.high).max()
    };
    let point = |r: &&ReportedFigure| r.figure.value.or(r.figure.low);
    let latest_member = members.last().copied();
    let best = match policy {
        Policy::Ucdp => {
            // The most recent day's reports; among them the largest.
            let last_day = latest_member.and_then(|r| r.published);
            members.iter().filter(|r| r.published == last_day).filter_map(point).max()
        }
        Policy::Acled => members.iter().filter_map(point).min(),
    };
    let (conflict, conflict_note) = find_conflict(&members);
    let latest = latest_member.map(report_of).or_else(|| timeline.first().cloned()).unwrap_or_else(|| Report {
        date: None,
        value: None,
        low: None,
        high: None,
        text: String::new(),
        source: None,
        outlet: None,
        article_id: String::new(),
        scope: None,
        sentence: String::new(),
        span: (0, 0),
    });
    Quantity {
        measure,
        place: members.iter().find_map(|r| r.figure.place.clone()),
        scope: scope.and(members.iter().find_map(|r| r.figure.scope.as_ref().map(|s| s.text.clone()))),
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
            let close = match (a.published, b.published) {
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
        assert_eq!((q.measure, q.best, q.low, q.high), (Measure::Refugees, Some(2400), Some(2001), None));
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
}
