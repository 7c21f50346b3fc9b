//! The report's shapes (what JSON, the renderers and the server read) and the builder that fills
//! them from the store.

use crate::{ReportError, Result};
use chrono::NaiveDate;
use serde::Serialize;
use sitrep_core::extract::sentences;
use sitrep_core::reconcile::{Policy, Quantity, ReportedFigure, StoryTotal, TotalMethod, reconcile, story_totals};
use sitrep_core::summarize::{Candidate, summarize};
use sitrep_store::{FigureFilter, Store, StoredFigure, StorySummary};

#[derive(Serialize)]
pub struct PlaceJson {
    pub name: String,
    pub geonames_id: Option<u32>,
    pub country: Option<String>,
    pub lat: Option<f32>,
    pub lon: Option<f32>,
    pub precision: Option<String>,
}

#[derive(Serialize)]
pub struct SourceJson {
    pub source: String,
    pub outlets: Vec<String>,
    pub articles: Vec<String>,
    pub values: Vec<String>,
}

#[derive(Serialize)]
pub struct ReportJson {
    pub date: Option<String>,
    /// The day the figure speaks of, when its scope dates it before publication.
    pub as_of: Option<String>,
    pub value: Option<u64>,
    pub low: Option<u64>,
    pub high: Option<u64>,
    pub qualifier: &'static str,
    pub text: String,
    pub source: Option<String>,
    pub outlet: Option<String>,
    pub article: String,
    pub scope: Option<String>,
    pub sentence: String,
    pub span: [usize; 2],
}

#[derive(Serialize)]
pub struct QuantityJson {
    pub measure: &'static str,
    pub place: Option<PlaceJson>,
    pub scope: Option<String>,
    pub who: Option<String>,
    pub unit: Option<String>,
    pub low: Option<u64>,
    pub best: Option<u64>,
    pub high: Option<u64>,
    pub sources: Vec<SourceJson>,
    pub n_sources: usize,
    pub conflict: bool,
    pub conflict_note: Option<String>,
    pub latest: ReportJson,
    pub timeline: Vec<ReportJson>,
}

/// A story's figure for one measure, the number a reader would quote.
#[derive(Serialize)]
pub struct TotalJson {
    pub measure: &'static str,
    pub best: u64,
    pub low: Option<u64>,
    pub high: Option<u64>,
    /// "quantity": one quantity's best (its index in `quantities`); "sum": separate events added.
    pub method: &'static str,
    pub quantity: Option<usize>,
    pub place: Option<PlaceJson>,
    pub n_sources: usize,
    pub reports: Vec<ReportJson>,
}

#[derive(Serialize)]
pub struct SummaryJson {
    pub sentence: String,
    pub article: String,
    pub outlet: Option<String>,
    pub date: Option<String>,
}

#[derive(Serialize)]
pub struct ArticleRefJson {
    pub id: String,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub title: Option<String>,
    /// The copy group, when the article is one of several copies of a wire story.
    pub copy_group: Option<i64>,
    pub canonical: bool,
}

#[derive(Serialize)]
pub struct StoryReportJson {
    pub id: i64,
    pub title: String,
    pub label: String,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    pub places: Vec<String>,
    pub articles: Vec<String>,
    pub sources: Vec<ArticleRefJson>,
    pub summary: Vec<SummaryJson>,
    /// Per measure, the story's total (see `sitrep_core::reconcile::story_totals`).
    pub totals: Vec<TotalJson>,
    pub quantities: Vec<QuantityJson>,
    pub timeline: Vec<TimelineJson>,
}

/// A dated event of the story: a quantity's report, in date order.
#[derive(Serialize)]
pub struct TimelineJson {
    pub date: Option<String>,
    pub measure: &'static str,
    pub place: Option<String>,
    pub text: String,
    pub source: Option<String>,
    pub outlet: Option<String>,
    pub article: String,
}

fn day(date: Option<NaiveDate>) -> Option<String> {
    date.map(|d| d.to_string())
}

fn published_date(figure: &StoredFigure) -> Option<NaiveDate> {
    let text = figure.published.as_deref()?;
    chrono::DateTime::parse_from_rfc3339(text).ok().map(|d| d.date_naive())
}

fn place_json(place: &sitrep_core::figure::FigurePlace) -> PlaceJson {
    PlaceJson {
        name: place.name.clone().unwrap_or_else(|| place.text.clone()),
        geonames_id: place.geonames_id,
        country: place.country.clone(),
        lat: place.lat,
        lon: place.lon,
        precision: place.precision.map(str::to_owned),
    }
}

fn report_json(report: &sitrep_core::reconcile::Report) -> ReportJson {
    ReportJson {
        date: day(report.date),
        as_of: day(report.as_of),
        value: report.value,
        low: report.low,
        high: report.high,
        qualifier: report.qualifier.as_str(),
        text: report.text.clone(),
        source: report.source.clone(),
        outlet: report.outlet.clone(),
        article: report.article_id.clone(),
        scope: report.scope.clone(),
        sentence: report.sentence.clone(),
        span: [report.span.0, report.span.1],
    }
}

fn quantity_json(quantity: &Quantity) -> QuantityJson {
    QuantityJson {
        measure: quantity.measure.as_str(),
        place: quantity.place.as_ref().map(place_json),
        scope: quantity.scope.clone(),
        who: quantity.who.clone(),
        unit: quantity.unit.clone(),
        low: quantity.low,
        best: quantity.best,
        high: quantity.high,
        sources: quantity
            .sources
            .iter()
            .map(|s| SourceJson {
                source: s.source.clone(),
                outlets: s.outlets.clone(),
                articles: s.articles.clone(),
                values: s.values.clone(),
            })
            .collect(),
        n_sources: quantity.sources.len(),
        conflict: quantity.conflict,
        conflict_note: quantity.conflict_note.clone(),
        latest: report_json(&quantity.latest),
        timeline: quantity.timeline.iter().map(report_json).collect(),
    }
}

fn total_json(total: &StoryTotal) -> TotalJson {
    TotalJson {
        measure: total.measure.as_str(),
        best: total.best,
        low: total.low,
        high: total.high,
        method: match total.method {
            TotalMethod::Quantity => "quantity",
            TotalMethod::Sum => "sum",
        },
        quantity: total.quantity,
        place: total.place.as_ref().map(place_json),
        n_sources: total.n_sources,
        reports: total.reports.iter().map(report_json).collect(),
    }
}

fn reconcile_figures(figures: &[StoredFigure], policy: Policy) -> Vec<Quantity> {
    let reported: Vec<ReportedFigure> = figures
        .iter()
        .map(|f| ReportedFigure {
            article_id: f.article_id.clone(),
            published: published_date(f),
            outlet: f.outlet.clone(),
            copy_unit: f.copy_group.unwrap_or(f.article_key),
            figure: f.figure.clone(),
        })
        .collect();
    reconcile(&reported, policy)
}

/// A story's reconciled quantities and its totals.
pub struct StoryFigures {
    pub quantities: Vec<QuantityJson>,
    pub totals: Vec<TotalJson>,
}

/// The reconciled quantities and totals of one story alone (what a listing of stories shows),
/// without the summary and sources of the whole report.
pub fn story_figures(store: &Store, story_id: i64, policy: Policy) -> Result<StoryFigures> {
    let figures = store.list_figures(&FigureFilter { story: Some(story_id), ..FigureFilter::default() })?;
    let quantities = reconcile_figures(&figures, policy);
    Ok(StoryFigures {
        totals: story_totals(&quantities).iter().map(total_json).collect(),
        quantities: quantities.iter().map(quantity_json).collect(),
    })
}

/// Everything the report needs of one story, from the store.
pub fn build_story(store: &Store, story: &StorySummary, policy: Policy) -> Result<StoryReportJson> {
    let articles = store.story_articles(story.id)?;
    let figures = store.list_figures(&FigureFilter { story: Some(story.id), ..FigureFilter::default() })?;
    let quantities = reconcile_figures(&figures, policy);

    // Summary candidates: the sentences of the canonical member of each copy group.
    let mut candidates = Vec::new();
    for article in articles.iter().filter(|a| a.copy_group.is_none() || a.is_canonical) {
        let Some(full) = store.article(&article.id)? else { continue };
        let figure_spans: Vec<(usize, usize)> =
            figures.iter().filter(|f| f.article_id == article.id).map(|f| f.figure.sentence_span).collect();
        let mut chars = 0usize;
        let mut last_byte = 0usize;
        for (position, sentence) in sentences(&full.text).into_iter().enumerate() {
            chars += full.text[last_byte..sentence.start].chars().count();
            last_byte = sentence.start;
            let text = full.text[sentence.start..sentence.end].to_owned();
            let has_figure = figure_spans.iter().any(|(start, _)| *start == chars);
            candidates.push(Candidate {
                text,
                article_id: article.id.clone(),
                outlet: article.outlet.clone(),
                date: article.published.map(|p| p.date_naive()),
                position,
                has_figure,
            });
        }
    }
    let summary = summarize(&candidates)
        .into_iter()
        .map(|c| SummaryJson { sentence: c.text, article: c.article_id, outlet: c.outlet, date: day(c.date) })
        .collect();

    let mut places: Vec<(String, usize)> = Vec::new();
    for figure in &figures {
        if let Some(place) = figure.figure.place.as_ref().filter(|p| p.is_resolved()) {
            let name = place.name.clone().unwrap_or_else(|| place.text.clone());
            match places.iter_mut().find(|(n, _)| *n == name) {
                Some((_, count)) => *count += 1,
                None => places.push((name, 1)),
            }
        }
    }
    places.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut timeline: Vec<TimelineJson> = quantities
        .iter()
        .flat_map(|q| {
            q.timeline.iter().map(move |r| TimelineJson {
                date: day(r.date),
                measure: q.measure.as_str(),
                place: q.place.as_ref().map(|p| p.name.clone().unwrap_or_else(|| p.text.clone())),
                text: r.text.clone(),
                source: r.source.clone(),
                outlet: r.outlet.clone(),
                article: r.article_id.clone(),
            })
        })
        .collect();
    timeline.sort_by(|a, b| a.date.cmp(&b.date).then(a.article.cmp(&b.article)));
    let title = articles.iter().find_map(|a| a.title.clone()).unwrap_or_else(|| story.label.clone());
    Ok(StoryReportJson {
        id: story.id,
        title,
        label: story.label.clone(),
        first_seen: story.first_seen.map(|d| d.date_naive().to_string()),
        last_seen: story.last_seen.map(|d| d.date_naive().to_string()),
        places: places.into_iter().take(5).map(|(name, _)| name).collect(),
        articles: articles.iter().map(|a| a.id.clone()).collect(),
        sources: articles
            .iter()
            .map(|a| ArticleRefJson {
                id: a.id.clone(),
                outlet: a.outlet.clone(),
                published: a.published.map(|p| p.date_naive().to_string()),
                title: a.title.clone(),
                copy_group: a.copy_group.filter(|g| articles.iter().filter(|o| o.copy_group == Some(*g)).count() > 1),
                canonical: a.is_canonical,
            })
            .collect(),
        summary,
        totals: story_totals(&quantities).iter().map(total_json).collect(),
        quantities: quantities.iter().map(quantity_json).collect(),
        timeline,
    })
}

/// The report of one story (`story`) or of every story, most recently active first, at most
/// `limit` of them (0: all).
pub fn build_reports(store: &Store, story: Option<i64>, limit: usize, policy: Policy) -> Result<Vec<StoryReportJson>> {
    let stories = match story {
        Some(id) => vec![store.story(id)?.ok_or(ReportError::NoStory(id))?],
        None => store.list_stories((limit > 0).then_some(limit), 0)?,
    };
    stories.iter().map(|s| build_story(store, s, policy)).collect()
}
