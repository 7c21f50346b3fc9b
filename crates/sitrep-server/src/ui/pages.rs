//! The pages.

use super::chart::{timeline_svg, url_path_segment};
use super::{PageError, layout};
use crate::AppState;
use crate::api::{self, ArticleDetail, Paging, StoryItem};
use crate::error::ApiError;
use crate::world::{MapPoint, map_svg};
use axum::extract::{Path, Query, State};
use axum::response::Html;
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;
use sitrep_report::{ArticleRefJson, QuantityJson, StoryReportJson, format_count, quantity_label, total_basis};
use std::sync::Arc;

const STORIES_PER_PAGE: usize = 20;
const SEARCH_RESULTS: usize = 50;

fn article_href(id: &str) -> String {
    format!("/articles/{}", url_path_segment(id))
}

fn evidence_href(id: &str, span_start: usize) -> String {
    format!("/articles/{}#at-{span_start}", url_path_segment(id))
}

fn dates(first: Option<&str>, last: Option<&str>) -> String {
    match (first, last) {
        (Some(a), Some(b)) if a != b => format!("{a} – {b}"),
        (Some(a), _) | (None, Some(a)) => a.to_owned(),
        (None, None) => "undated".to_owned(),
    }
}

/// "at least 2,400", "2,000–8,538": the best value with its range.
fn value_text(low: Option<u64>, best: Option<u64>, high: Option<u64>) -> String {
    let best_text = format_count(best);
    match (low, high) {
        (Some(l), Some(h)) if l != h => format!("{best_text} ({}–{})", format_count(Some(l)), format_count(Some(h))),
        (Some(l), None) if Some(l) == best => format!("≥ {best_text}"),
        _ => best_text,
    }
}

#[derive(Deserialize)]
pub(crate) struct FrontQuery {
    page: Option<String>,
}

pub(crate) async fn front(
    State(state): State<Arc<AppState>>,
    Query(params): Query<FrontQuery>,
) -> Result<Html<String>, PageError> {
    let page = params.page.as_deref().and_then(|p| p.parse::<usize>().ok()).filter(|p| *p >= 1).unwrap_or(1);
    let paging = Paging { limit: STORIES_PER_PAGE, offset: (page - 1) * STORIES_PER_PAGE };
    let policy = state.policy;
    let body = state
        .render_cached(format!("front:{page}"), move |store| {
            let (stories, total) = api::story_items(store, paging, policy)?;
            Ok(front_page(page, &stories, total).into_string())
        })
        .await?;
    Ok(Html(body.as_str().to_owned()))
}

fn front_page(page: usize, stories: &[StoryItem], total: usize) -> Markup {
    let n_pages = total.div_ceil(STORIES_PER_PAGE).max(1);
    layout(
        "Stories",
        "",
        html! {
            h1.visually-hidden { "Stories" }
            p.lede { (total) " stories, most recently active first." }
            @if stories.is_empty() {
                p { "No stories yet. Ingest articles with " code { "sitrep ingest" } " and reload." }
            }
            ol.stories {
                @for story in stories { li { (story_card(story)) } }
            }
            @if n_pages > 1 {
                nav.pager aria-label="Pages of stories" {
                    @if page > 1 { a rel="prev" href={ "/?page=" (page - 1) } { "← Newer" } }
                    span { "Page " (page) " of " (n_pages) }
                    @if page < n_pages { a rel="next" href={ "/?page=" (page + 1) } { "Older →" } }
                }
            }
        },
    )
}

fn story_card(story: &StoryItem) -> Markup {
    html! {
        article.story-card {
            h2 { a href={ "/stories/" (story.id) } { (story.title) } }
            p.meta {
                span { (dates(story.first_seen.as_deref(), story.last_seen.as_deref())) }
                @if !story.places.is_empty() { " · " span.places { (story.places.join(", ")) } }
                " · " span { (story.n_independent) " independent of " (story.n_articles) " articles" }
            }
            @if !story.key_quantities.is_empty() {
                ul.key-figures {
                    @for q in &story.key_quantities {
                        li.key-figure.conflict[q.conflict] {
                            span.value { (format_count(q.best)) }
                            " " span.measure { (q.label) }
                            @if let Some(place) = &q.place { " in " (place) }
                            @if let Some(scope) = &q.scope { " " span.scope { "(" (scope) ")" } }
                            @if q.conflict { " " span.badge.conflict-badge title="Independent sources disagree" { "conflict" } }
                        }
                    }
                }
            }
        }
    }
}

pub(crate) async fn story(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    let id = id.parse::<i64>().map_err(|_| ApiError::not_found(format!("There is no story {id:?}.")))?;
    let policy = state.policy;
    let body = state
        .render_cached(format!("story:{id}"), move |store| {
            let report = api::story_report(store, id, policy)?;
            Ok(layout(&report.title, "", story_page(&report)).into_string())
        })
        .await?;
    Ok(Html(body.as_str().to_owned()))
}

fn story_page(report: &StoryReportJson) -> Markup {
    let n_copies = report.sources.iter().filter(|s| s.copy_group.is_some() && !s.canonical).count();
    let points: Vec<MapPoint> = report
        .quantities
        .iter()
        .filter_map(|q| {
            let place = q.place.as_ref()?;
            Some(MapPoint {
                lat: place.lat?,
                lon: place.lon?,
                label: format!("{}: {} {}", place.name, format_count(q.best), quantity_label(q)),
                href: evidence_href(&q.latest.article, q.latest.span[0]),
                conflict: q.conflict,
            })
        })
        .collect();
    html! {
        article.story {
            h1 { (report.title) }
            p.meta {
                "Story " (report.id) " · " (dates(report.first_seen.as_deref(), report.last_seen.as_deref()))
                " · " (report.articles.len()) " articles, " (n_copies) " of them wire copies"
                @if !report.places.is_empty() { " · " (report.places.join(", ")) }
            }
            @if !report.totals.is_empty() {
                section aria-labelledby="totals-h" {
                    h2 #totals-h { "Key figures" }
                    ul.key-figures.totals {
                        @for t in &report.totals {
                            li.key-figure {
                                span.value { (format_count(Some(t.best))) }
                                " " span.measure { (t.measure) }
                                @if let Some(place) = &t.place { " in " (place.name) }
                                " — " span.basis { (total_basis(t)) }
                                @for r in &t.reports {
                                    " " a.evidence href=(evidence_href(&r.article, r.span[0])) { "evidence" }
                                }
                            }
                        }
                    }
                }
            }
            section aria-labelledby="summary-h" {
                h2 #summary-h { "Summary" }
                @if report.summary.is_empty() { p { "No summary: the story has no English text." } }
                ol.summary {
                    @for s in &report.summary {
                        li {
                            (s.sentence) " "
                            a.cite href=(article_href(&s.article)) {
                                "[" (s.outlet.as_deref().unwrap_or(&s.article)) ", " (s.date.as_deref().unwrap_or("undated")) "]"
                            }
                        }
                    }
                }
            }
            section aria-labelledby="quantities-h" {
                h2 #quantities-h { "Figures" }
                @if report.quantities.is_empty() { p { "No humanitarian figures were found in this story." } }
                @else { (quantities_table(&report.quantities)) }
            }
            @let charts: Vec<(String, String)> = report.quantities.iter().filter_map(|q| {
                let title = quantity_title(q);
                timeline_svg(q, &title).map(|svg| (title, svg))
            }).collect();
            @if !charts.is_empty() || !report.timeline.is_empty() {
                section aria-labelledby="timeline-h" {
                    h2 #timeline-h { "Timeline" }
                    @for (title, svg) in &charts {
                        figure.chart-figure {
                            figcaption { (title) }
                            (PreEscaped(svg))
                        }
                    }
                    ol.timeline {
                        @for t in &report.timeline {
                            li {
                                time { (t.date.as_deref().unwrap_or("undated")) } " "
                                span.measure { (t.measure) }
                                @if let Some(place) = &t.place { " in " (place) }
                                ": " a href=(article_href(&t.article)) { (t.text) }
                                @if let Some(source) = t.source.as_deref().or(t.outlet.as_deref()) { " — " (source) }
                            }
                        }
                    }
                }
            }
            @if let Some(svg) = map_svg(&points) {
                section aria-labelledby="map-h" {
                    h2 #map-h { "Map" }
                    figure.map-figure {
                        (PreEscaped(svg))
                        figcaption { "Places of the figures (latest report); red where sources disagree." }
                    }
                }
            }
            section aria-labelledby="sources-h" {
                h2 #sources-h { "Sources" }
                ul.sources {
                    @for s in grouped_sources(&report.sources) {
                        li.copy[s.copy_group.is_some() && !s.canonical] {
                            time { (s.published.as_deref().unwrap_or("undated")) } " "
                            strong { (s.outlet.as_deref().unwrap_or("unknown outlet")) } " "
                            a href=(article_href(&s.id)) { (s.title.as_deref().unwrap_or(&s.id)) }
                            @if let Some(group) = s.copy_group {
                                " " span.badge.wire { @if s.canonical { "wire story " (group) } @else { "copy of wire story " (group) } }
                            }
                        }
                    }
                }
                p.exports {
                    "Export this story: "
                    a href={ "/api/export?format=csv&story=" (report.id) } { "CSV" } " · "
                    a href={ "/api/export?format=hxl&story=" (report.id) } { "HXL" } " · "
                    a href={ "/api/export?format=geojson&story=" (report.id) } { "GeoJSON" } " · "
                    a href={ "/api/stories/" (report.id) } { "JSON" }
                }
            }
        }
    }
}

/// The sources in time order, each wire story's copies right after its canonical member.
fn grouped_sources(sources: &[ArticleRefJson]) -> Vec<&ArticleRefJson> {
    let mut ordered: Vec<&ArticleRefJson> = Vec::with_capacity(sources.len());
    for source in sources {
        match source.copy_group {
            None => ordered.push(source),
            Some(group) if !ordered.iter().any(|o| o.copy_group == Some(group)) => {
                let members = sources.iter().filter(|s| s.copy_group == Some(group));
                ordered.extend(members.clone().filter(|s| s.canonical));
                ordered.extend(members.filter(|s| !s.canonical));
            }
            Some(_) => {}
        }
    }
    ordered
}

fn quantity_title(q: &QuantityJson) -> String {
    let mut title = quantity_label(q);
    if let Some(place) = &q.place {
        title = format!("{title} in {}", place.name);
    }
    if let Some(scope) = &q.scope {
        title = format!("{title}, {scope}");
    }
    title
}

fn quantities_table(quantities: &[QuantityJson]) -> Markup {
    html! {
        div.table-wrap {
            table.quantities {
                caption.visually-hidden { "Reconciled figures: low, best and high values with their independent sources" }
                thead { tr {
                    th scope="col" { "Measure" } th scope="col" { "Place" } th scope="col" { "Scope" }
                    th scope="col" .n { "Low" } th scope="col" .n { "Best" } th scope="col" .n { "High" }
                    th scope="col" { "Independent sources" }
                } }
                tbody {
                    @for q in quantities {
                        tr.conflict[q.conflict] {
                            th scope="row" {
                                (quantity_label(q))
                                @if q.conflict { " " span.badge.conflict-badge { "conflict" } }
                            }
                            td { (q.place.as_ref().map_or("–", |p| p.name.as_str())) }
                            td { (q.scope.as_deref().unwrap_or("")) }
                            td.n { (format_count(q.low)) }
                            td.n.best { (format_count(q.best)) }
                            td.n { (format_count(q.high)) }
                            td {
                                details {
                                    summary { (q.n_sources) " source" @if q.n_sources != 1 { "s" } }
                                    @if let Some(note) = &q.conflict_note { p.conflict-note { (note) } }
                                    ul.who-said {
                                        @for r in &q.timeline {
                                            li {
                                                strong { (r.source.as_deref().unwrap_or("unattributed")) }
                                                @if let Some(outlet) = &r.outlet { " via " (outlet) }
                                                @if let Some(date) = &r.date { ", " (date) }
                                                ": " a.evidence href=(evidence_href(&r.article, r.span[0])) { "“" (r.sentence) "”" }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        p.value-note { "Best value under the UCDP rule (the most recent credible report) unless the server was started with the ACLED rule; low and high span the credible reports." }
        ul.key-values.visually-hidden {
            @for q in quantities { li { (quantity_title(q)) ": " (value_text(q.low, q.best, q.high)) } }
        }
    }
}

pub(crate) async fn article(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Result<Markup, PageError> {
    let detail = state.pool.read(move |store| api::article_detail(store, &id)).await?;
    let title = detail.title.clone().unwrap_or_else(|| detail.id.clone());
    Ok(layout(&title, "", article_page(&detail)))
}

fn article_page(detail: &ArticleDetail) -> Markup {
    let original = detail.url.as_deref().filter(|u| u.starts_with("https://") || u.starts_with("http://"));
    html! {
        article.article {
            h1 { (detail.title.as_deref().unwrap_or(&detail.id)) }
            p.meta {
                (detail.outlet.as_deref().unwrap_or("unknown outlet")) " · "
                (detail.published.as_deref().map_or("undated", |p| p.get(..10).unwrap_or(p)))
                " · id " code { (detail.id) }
                @if let Some(story) = detail.story { " · " a href={ "/stories/" (story) } { "story " (story) } }
                @if let Some(url) = original { " · " a href=(url) rel="noopener noreferrer nofollow" { "original" } }
            }
            @if !detail.figures.is_empty() {
                section aria-labelledby="figures-h" {
                    h2 #figures-h { "Figures in this article" }
                    ol.figure-list {
                        @for f in &detail.figures {
                            li.background[f.background] {
                                a href={ "#at-" (f.span[0]) } { (f.text) }
                                " " span.measure { (f.measure) }
                                @if let Some(place) = &f.place { " · " (place.name.as_deref().unwrap_or(&place.text)) }
                                @if let Some(scope) = &f.scope { " · " (scope.text) }
                                @if let Some(source) = &f.source { " · according to " (source) }
                                @if f.background { " · background" }
                            }
                        }
                    }
                }
            }
            section aria-labelledby="text-h" {
                h2 #text-h { "Text" }
                div.article-text { (marked_text(&detail.text, detail)) }
            }
        }
    }
}

/// The text with each figure's number marked and labelled with its measure; offsets are
/// character offsets, and figures that overlap an earlier one are left unmarked.
fn marked_text(text: &str, detail: &ArticleDetail) -> Markup {
    let mut spans: Vec<(usize, usize, &str)> =
        detail.figures.iter().map(|f| (f.span[0], f.span[1], f.measure)).collect();
    spans.sort();
    let byte_at: Vec<usize> = text.char_indices().map(|(i, _)| i).chain(std::iter::once(text.len())).collect();
    let mut pieces: Vec<(String, Option<(usize, &str)>)> = Vec::new();
    let mut cursor = 0usize;
    for (start, end, measure) in spans {
        if start < cursor || end <= start {
            continue;
        }
        let (Some(&from), Some(&to), Some(&at)) = (byte_at.get(start), byte_at.get(end), byte_at.get(cursor)) else {
            continue;
        };
        pieces.push((text[at..from].to_owned(), None));
        pieces.push((text[from..to].to_owned(), Some((start, measure))));
        cursor = end;
    }
    let rest = byte_at.get(cursor).map_or("", |&at| &text[at..]);
    html! {
        @for (piece, figure) in &pieces {
            @match figure {
                Some((start, measure)) => {
                    mark.figure id={ "at-" (start) } data-measure=(measure) { (piece) span.figure-label { (measure) } }
                }
                None => (piece),
            }
        }
        (rest)
    }
}

#[derive(Deserialize)]
pub(crate) struct SearchQuery {
    q: Option<String>,
}

pub(crate) async fn search(
    State(state): State<Arc<AppState>>,
    Query(params): Query<SearchQuery>,
) -> Result<Markup, PageError> {
    let query = params.q.unwrap_or_default().chars().take(200).collect::<String>();
    let search = query.clone();
    let hits = if query.trim().is_empty() {
        Vec::new()
    } else {
        state.pool.read(move |store| Ok(store.search(&search, SEARCH_RESULTS)?)).await?
    };
    Ok(layout(
        &format!("Search: {query}"),
        &query,
        html! {
            h1 { "Search" }
            @if query.trim().is_empty() { p { "Type words to find in titles and texts." } }
            @else {
                p.lede { (hits.len()) " articles match " q { (query) } @if hits.len() == SEARCH_RESULTS { " (the best " (SEARCH_RESULTS) ")" } "." }
                ol.results {
                    @for hit in &hits {
                        li {
                            a href=(article_href(&hit.summary.id)) { (hit.summary.title.as_deref().unwrap_or(&hit.summary.id)) }
                            p.meta {
                                (hit.summary.outlet.as_deref().unwrap_or("unknown outlet")) " · "
                                (hit.summary.published.map_or("undated".to_owned(), |p| p.date_naive().to_string()))
                            }
                            p.snippet { (snippet(&hit.snippet)) }
                        }
                    }
                }
            }
        },
    ))
}

/// A search snippet with its matches (between `[` and `]`) marked.
fn snippet(text: &str) -> Markup {
    let mut pieces: Vec<(bool, &str)> = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']') else { break };
        pieces.push((false, &rest[..open]));
        pieces.push((true, &rest[open + 1..open + close]));
        rest = &rest[open + close + 1..];
    }
    pieces.push((false, rest));
    html! {
        @for (is_match, piece) in pieces { @if is_match { mark { (piece) } } @else { (piece) } }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(id: &str, copy_group: Option<i64>, canonical: bool) -> ArticleRefJson {
        ArticleRefJson { id: id.to_owned(), outlet: None, published: None, title: None, copy_group, canonical }
    }

    #[test]
    fn copies_follow_their_canonical_member() {
        let sources = [
            source("a", None, false),
            source("copy-1", Some(7), false),
            source("b", None, false),
            source("wire", Some(7), true),
            source("copy-2", Some(7), false),
        ];
        let order: Vec<&str> = grouped_sources(&sources).iter().map(|s| s.id.as_str()).collect();
        assert_eq!(order, ["a", "wire", "copy-1", "copy-2", "b"]);
    }

    #[test]
    fn marks_skip_overlaps_and_count_characters() {
        let detail = ArticleDetail {
            id: "x".to_owned(),
            url: None,
            title: None,
            outlet: None,
            published: None,
            language: "en".to_owned(),
            story: None,
            copy_group: None,
            text: "Ünïcode: 12 killed, 3 hurt.".to_owned(),
            figures: Vec::new(),
        };
        let mut with_figures = detail;
        let figure = |start: usize, end: usize, measure: &'static str| crate::api::FigureItem {
            article: "x".to_owned(),
            story: None,
            published: None,
            outlet: None,
            measure,
            text: String::new(),
            value: None,
            low: None,
            high: None,
            qualifier: "exact",
            unit: None,
            who: None,
            displacement: None,
            subset: false,
            place: None,
            scope: None,
            source: None,
            background: false,
            sentence: String::new(),
            span: [start, end],
            sentence_span: [0, 0],
        };
        with_figures.figures = vec![figure(9, 11, "killed"), figure(10, 12, "injured"), figure(20, 21, "injured")];
        let html = marked_text(&with_figures.text, &with_figures).into_string();
        assert_eq!(
            html,
            "Ünïcode: <mark class=\"figure\" id=\"at-9\" data-measure=\"killed\">12<span class=\"figure-label\">killed</span></mark> killed, <mark class=\"figure\" id=\"at-20\" data-measure=\"injured\">3<span class=\"figure-label\">injured</span></mark> hurt."
        );
    }
}
