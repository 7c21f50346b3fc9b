//! The JSON API under `/api`: articles, stories, figures, places, exports, ingestion. The shapes
//! here are the server's own (model types never go on the wire as they are).

use crate::AppState;
use crate::error::ApiError;
use crate::security::token_matches;
use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sitrep_core::figure::Measure;
use sitrep_report::{ExportFormat, StoryReportJson, TotalJson};
use sitrep_store::{ArticleFilter, ArticleSummary, FigureFilter, Store, StoredFigure, StorySummary};
use std::sync::Arc;

pub(crate) const DEFAULT_PAGE: usize = 50;
pub(crate) const MAX_PAGE: usize = 200;
/// Articles one `POST /api/articles` may carry.
const MAX_POSTED_ARTICLES: usize = 5_000;

pub(crate) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/api/openapi.json", get(crate::openapi::document))
        .route("/api/articles", get(list_articles).post(post_articles))
        .route("/api/articles/{*id}", get(one_article))
        .route("/api/stories", get(list_stories))
        .route("/api/stories/{id}", get(one_story))
        .route("/api/figures", get(list_figures))
        .route("/api/places", get(list_places))
        .route("/api/export", get(export))
}

/// A page of results; `next` is the offset of the next page when there may be one.
#[derive(Serialize)]
pub(crate) struct Page<T> {
    pub items: Vec<T>,
    pub limit: usize,
    pub offset: usize,
    pub next: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<usize>,
}

impl<T> Page<T> {
    fn new(items: Vec<T>, paging: Paging, total: Option<usize>) -> Page<T> {
        let next = (items.len() == paging.limit).then_some(paging.offset + paging.limit);
        Page { items, limit: paging.limit, offset: paging.offset, next, total }
    }
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Paging {
    pub limit: usize,
    pub offset: usize,
}

pub(crate) fn paging(limit: Option<&str>, offset: Option<&str>) -> Result<Paging, ApiError> {
    let number = |name: &str, text: Option<&str>, default: usize| -> Result<usize, ApiError> {
        match text {
            None | Some("") => Ok(default),
            Some(t) => t.parse::<usize>().map_err(|_| {
                ApiError::bad_request("bad_parameter", format!("{name} must be a whole number, not {t:?}"))
            }),
        }
    };
    let limit = number("limit", limit, DEFAULT_PAGE)?;
    if limit == 0 || limit > MAX_PAGE {
        return Err(ApiError::bad_request("bad_parameter", format!("limit must be between 1 and {MAX_PAGE}")));
    }
    Ok(Paging { limit, offset: number("offset", offset, 0)? })
}

/// A `YYYY-MM-DD` date (start of the day, UTC) or an RFC 3339 time.
fn parse_time(name: &str, text: Option<&str>) -> Result<Option<DateTime<Utc>>, ApiError> {
    let Some(text) = text.filter(|t| !t.is_empty()) else { return Ok(None) };
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(date.and_hms_opt(0, 0, 0).map(|t| t.and_utc()));
    }
    DateTime::parse_from_rfc3339(text).map(|t| Some(t.with_timezone(&Utc))).map_err(|_| {
        ApiError::bad_request("bad_parameter", format!("{name} must be a date (YYYY-MM-DD) or RFC 3339 time"))
    })
}

/// `to` is inclusive of its whole day when it is a date.
fn parse_until(text: Option<&str>) -> Result<Option<DateTime<Utc>>, ApiError> {
    let until = parse_time("to", text)?;
    let is_date = text.is_some_and(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").is_ok());
    Ok(until.map(|t| if is_date { t + chrono::Duration::days(1) } else { t }))
}

/// The `story` parameter: a story id, or nothing.
fn story_param(text: Option<&str>) -> Result<Option<i64>, ApiError> {
    match text.filter(|s| !s.is_empty()) {
        Some(text) => text
            .parse::<i64>()
            .map(Some)
            .map_err(|_| ApiError::bad_request("bad_parameter", "story must be a story id (a number)")),
        None => Ok(None),
    }
}

fn query<T>(query: Result<Query<T>, QueryRejection>) -> Result<T, ApiError> {
    query.map(|Query(q)| q).map_err(|e| ApiError::bad_request("bad_parameter", e.body_text()))
}

fn time_string(time: Option<DateTime<Utc>>) -> Option<String> {
    time.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

// ----- articles -----

#[derive(Deserialize)]
pub(crate) struct ArticlesQuery {
    story: Option<String>,
    outlet: Option<String>,
    language: Option<String>,
    from: Option<String>,
    to: Option<String>,
    q: Option<String>,
    limit: Option<String>,
    offset: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct ArticleItem {
    pub id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub language: String,
    pub n_chars: usize,
    /// The matching passage of a search, matches between `[` and `]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
}

fn article_item(summary: ArticleSummary, snippet: Option<String>) -> ArticleItem {
    ArticleItem {
        id: summary.id,
        title: summary.title,
        outlet: summary.outlet,
        published: time_string(summary.published),
        language: summary.language,
        n_chars: summary.n_chars,
        snippet,
    }
}

async fn list_articles(
    State(state): State<Arc<AppState>>,
    params: Result<Query<ArticlesQuery>, QueryRejection>,
) -> Result<Json<Page<ArticleItem>>, ApiError> {
    let params = query(params)?;
    let paging = paging(params.limit.as_deref(), params.offset.as_deref())?;
    let filter = ArticleFilter {
        outlet: params.outlet.filter(|o| !o.is_empty()),
        language: params.language.filter(|l| !l.is_empty()),
        since: parse_time("from", params.from.as_deref())?,
        until: parse_until(params.to.as_deref())?,
        limit: None,
        offset: 0,
    };
    let story = story_param(params.story.as_deref())?;
    let search = params.q.filter(|q| !q.trim().is_empty());
    let items =
        state.pool.read(move |store| list_article_items(store, &filter, story, search.as_deref(), paging)).await?;
    Ok(Json(Page::new(items, paging, None)))
}

fn list_article_items(
    store: &Store,
    filter: &ArticleFilter,
    story: Option<i64>,
    search: Option<&str>,
    paging: Paging,
) -> Result<Vec<ArticleItem>, ApiError> {
    let matches = |summary: &ArticleSummary| {
        filter.outlet.as_ref().is_none_or(|o| summary.outlet.as_ref() == Some(o))
            && filter.language.as_ref().is_none_or(|l| &summary.language == l)
            && filter.since.is_none_or(|since| summary.published.is_some_and(|p| p >= since))
            && filter.until.is_none_or(|until| summary.published.is_some_and(|p| p < until))
    };
    if let Some(search) = search {
        // Search ranks by relevance; the other filters narrow the ranked hits.
        let hits = store.search(search, paging.offset + paging.limit)?;
        let members = match story {
            Some(story) => Some(store.story_articles(story)?.into_iter().map(|a| a.id).collect::<Vec<_>>()),
            None => None,
        };
        return Ok(hits
            .into_iter()
            .filter(|hit| matches(&hit.summary))
            .filter(|hit| members.as_ref().is_none_or(|m| m.contains(&hit.summary.id)))
            .skip(paging.offset)
            .take(paging.limit)
            .map(|hit| article_item(hit.summary, Some(hit.snippet)))
            .collect());
    }
    if let Some(story) = story {
        // A story's articles (bounded by the story), in time order, with the same fields as any
        // listing.
        let mut items = Vec::new();
        for member in store.story_articles(story)? {
            let Some(article) = store.article(&member.id)? else { continue };
            let summary = ArticleSummary {
                id: article.id,
                published: article.published,
                outlet: article.outlet,
                title: article.title,
                language: article.language.code,
                n_chars: article.text.chars().count(),
            };
            if matches(&summary) {
                items.push(article_item(summary, None));
            }
        }
        return Ok(items.into_iter().skip(paging.offset).take(paging.limit).collect());
    }
    let mut items = Vec::new();
    let page = ArticleFilter { limit: Some(paging.limit), offset: paging.offset, ..filter.clone() };
    store.list_articles(&page, &mut |summary| items.push(article_item(summary, None)))?;
    Ok(items)
}

#[derive(Serialize)]
pub(crate) struct ArticleDetail {
    pub id: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub language: String,
    pub story: Option<i64>,
    pub copy_group: Option<i64>,
    /// The cleaned text; figure offsets count characters (Unicode scalar values) in it.
    pub text: String,
    pub figures: Vec<FigureItem>,
}

#[derive(Serialize)]
pub(crate) struct PlaceItem {
    pub text: String,
    pub name: Option<String>,
    pub geonames_id: Option<u32>,
    pub country: Option<String>,
    pub lat: Option<f32>,
    pub lon: Option<f32>,
    pub precision: Option<&'static str>,
}

#[derive(Serialize)]
pub(crate) struct ScopeItem {
    pub text: String,
    pub start: Option<String>,
    pub end: Option<String>,
    /// "period", "since" or "as_of".
    pub kind: &'static str,
}

#[derive(Serialize)]
pub(crate) struct FigureItem {
    pub article: String,
    pub story: Option<i64>,
    pub published: Option<String>,
    pub outlet: Option<String>,
    pub measure: &'static str,
    pub text: String,
    pub value: Option<u64>,
    pub low: Option<u64>,
    pub high: Option<u64>,
    pub qualifier: &'static str,
    pub unit: Option<String>,
    pub who: Option<String>,
    /// The displaced and refugees: "fled", "crossed" (into another country) or "sheltered".
    pub displacement: Option<&'static str>,
    /// A part of a count given in full ("41 of the dead were children").
    pub subset: bool,
    pub place: Option<PlaceItem>,
    pub scope: Option<ScopeItem>,
    pub source: Option<String>,
    pub background: bool,
    pub sentence: String,
    /// Character offsets of the number in the article's cleaned text.
    pub span: [usize; 2],
    /// Character offsets of the evidence sentence.
    pub sentence_span: [usize; 2],
}

pub(crate) fn figure_item(stored: &StoredFigure) -> FigureItem {
    let f = &stored.figure;
    FigureItem {
        article: stored.article_id.clone(),
        story: stored.story_id,
        published: stored.published.clone(),
        outlet: stored.outlet.clone(),
        measure: f.measure.as_str(),
        text: f.text.clone(),
        value: f.value,
        low: f.low,
        high: f.high,
        qualifier: f.qualifier.as_str(),
        unit: f.unit.clone(),
        who: f.who.clone(),
        displacement: f.displacement.map(|d| d.as_str()),
        subset: f.subset,
        place: f.place.as_ref().map(|p| PlaceItem {
            text: p.text.clone(),
            name: p.name.clone(),
            geonames_id: p.geonames_id,
            country: p.country.clone(),
            lat: p.lat,
            lon: p.lon,
            precision: p.precision,
        }),
        scope: f.scope.as_ref().map(|s| ScopeItem {
            text: s.text.clone(),
            start: s.start.map(|d| d.to_string()),
            end: s.end.map(|d| d.to_string()),
            kind: s.kind.as_str(),
        }),
        source: f.source.clone(),
        background: f.background,
        sentence: f.sentence.clone(),
        span: [f.span.0, f.span.1],
        sentence_span: [f.sentence_span.0, f.sentence_span.1],
    }
}

pub(crate) fn article_detail(store: &Store, id: &str) -> Result<ArticleDetail, ApiError> {
    let article = store.article(id)?.ok_or_else(|| ApiError::not_found(format!("no article with id {id:?}")))?;
    let (story, copy_group) = store.article_membership(id)?.unwrap_or((None, None));
    let figures = store.list_figures(&FigureFilter { article_id: Some(id.to_owned()), ..FigureFilter::default() })?;
    Ok(ArticleDetail {
        id: article.id,
        url: article.url,
        title: article.title,
        outlet: article.outlet,
        published: time_string(article.published),
        language: article.language.code,
        story,
        copy_group,
        text: article.text,
        figures: figures.iter().map(figure_item).collect(),
    })
}

async fn one_article(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<ArticleDetail>, ApiError> {
    Ok(Json(state.pool.read(move |store| article_detail(store, &id)).await?))
}

#[derive(Serialize)]
struct IngestResponse {
    inserted: usize,
    skipped: usize,
    failed: Vec<Problem>,
    warnings: Vec<Problem>,
    new_stories: usize,
    figures: usize,
}

#[derive(Serialize)]
struct Problem {
    origin: String,
    message: String,
}

async fn post_articles(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let Some(expected) = state.token.as_deref() else {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "ingestion over HTTP is off: start the server with a token (SITREP_API_TOKEN or [serve] token)",
        ));
    };
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    if !presented.is_some_and(|p| token_matches(p, expected)) {
        return Err(ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", "a valid bearer token is required"));
    }
    if !state.post_limiter.lock().unwrap_or_else(|p| p.into_inner()).try_take() {
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            "too many ingestion requests; retry later",
        ));
    }
    let body = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "body_too_large", "the body is larger than the server accepts")
        } else {
            ApiError::bad_request("bad_body", e.body_text())
        }
    })?;
    let value: serde_json::Value = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request("bad_json", format!("the body is not JSON: {e}")))?;
    if value.as_array().is_some_and(|items| items.len() > MAX_POSTED_ARTICLES) {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_many_articles",
            format!("at most {MAX_POSTED_ARTICLES} articles per request"),
        ));
    }
    if !value.is_array() && !value.is_object() {
        return Err(ApiError::bad_request("bad_json", "expected an article object or an array of them"));
    }
    let state_for_write = state.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        let mut items = Vec::new();
        sitrep_ingest::read_json_value(value, "request", &mut |item| items.push(item));
        let mut store = state_for_write.writer.lock().unwrap_or_else(|p| p.into_inner());
        let mut report = sitrep_pipeline::ingest_with(&mut store, move |emit| {
            for item in items {
                emit(item);
            }
        })
        .map_err(|e| format!("{e:#}"))?;
        let prepared = std::mem::take(&mut report.prepared);
        let stages =
            sitrep_pipeline::update_stages_after(&mut store, &sitrep_pipeline::StoryStageConfig::default(), prepared)
                .map_err(|e| format!("{e:#}"))?;
        Ok::<_, String>(ingest_response(&report, &stages))
    })
    .await
    .map_err(|e| ApiError::internal(format!("ingestion task failed: {e}")))?
    .map_err(ApiError::internal)?;
    let status = if outcome.inserted > 0 { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(outcome)).into_response())
}

fn ingest_response(report: &sitrep_pipeline::IngestReport, stages: &sitrep_pipeline::StagesReport) -> IngestResponse {
    let problem = |d: &sitrep_ingest::Diagnostic| Problem { origin: d.origin.clone(), message: d.message.clone() };
    IngestResponse {
        inserted: report.inserted,
        skipped: report.skipped,
        failed: report.failed.iter().map(problem).collect(),
        warnings: report.warnings.iter().map(problem).collect(),
        new_stories: stages.stories.n_new_stories,
        figures: stages.figures.n_figures,
    }
}

// ----- stories -----

#[derive(Deserialize)]
pub(crate) struct PageQuery {
    limit: Option<String>,
    offset: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct StoryItem {
    pub id: i64,
    pub title: String,
    pub label: String,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    pub n_articles: usize,
    pub n_copy_groups: usize,
    /// Articles that are not a further copy of a wire story counted already.
    pub n_independent: usize,
    pub places: Vec<String>,
    /// The story's totals (at most four): the one its title quotes first, then conflicts.
    pub key_quantities: Vec<KeyQuantity>,
    pub n_quantities: usize,
    pub n_conflicts: usize,
}

#[derive(Serialize)]
pub(crate) struct KeyQuantity {
    pub measure: &'static str,
    pub label: String,
    pub place: Option<String>,
    pub scope: Option<String>,
    pub low: Option<u64>,
    pub best: Option<u64>,
    pub high: Option<u64>,
    pub n_sources: usize,
    pub conflict: bool,
}

pub(crate) fn story_item(
    store: &Store,
    story: &StorySummary,
    policy: sitrep_core::reconcile::Policy,
) -> Result<StoryItem, ApiError> {
    let articles = store.story_articles(story.id)?;
    let sitrep_report::StoryFigures { quantities, totals } = sitrep_report::story_figures(store, story.id, policy)?;
    let n_copies = articles.iter().filter(|a| a.copy_group.is_some() && !a.is_canonical).count();
    let mut places: Vec<String> = Vec::new();
    for q in &quantities {
        if let Some(place) = &q.place
            && place.lat.is_some()
            && !places.contains(&place.name)
        {
            places.push(place.name.clone());
        }
    }
    places.truncate(4);
    let title = articles.iter().find_map(|a| a.title.clone()).unwrap_or_else(|| story.label.clone());
    // The story's totals: the headline figure first (the one a title quotes), then conflicts,
    // then the best supported. Numbers written in the title as whole tokens ("8,000" → 8000;
    // not the 4 of "24").
    let title_numbers: Vec<u64> = title
        .split(|c: char| !(c.is_ascii_digit() || c == ','))
        .filter_map(|token| token.trim_matches(',').replace(',', "").parse().ok())
        .collect();
    let quantity_of = |t: &TotalJson| t.quantity.and_then(|i| quantities.get(i));
    let conflict = |t: &TotalJson| quantity_of(t).is_some_and(|q| q.conflict);
    let in_title = |t: &TotalJson| {
        title_numbers.contains(&t.best) || t.reports.iter().filter_map(|r| r.value).any(|v| title_numbers.contains(&v))
    };
    let mut ranked: Vec<&TotalJson> = totals.iter().collect();
    ranked.sort_by(|a, b| {
        in_title(b)
            .cmp(&in_title(a))
            .then(conflict(b).cmp(&conflict(a)))
            .then(b.n_sources.cmp(&a.n_sources))
            .then(b.best.cmp(&a.best))
    });
    let key_quantities = ranked
        .into_iter()
        .take(4)
        .map(|t| {
            let quantity = quantity_of(t);
            KeyQuantity {
                measure: t.measure,
                label: match (quantity, t.method) {
                    (Some(q), _) => sitrep_report::quantity_label(q),
                    (None, "sum") => format!("{} (sum of {} reports)", t.measure, t.reports.len()),
                    (None, _) => t.measure.to_owned(),
                },
                place: t.place.as_ref().map(|p| p.name.clone()),
                scope: quantity.and_then(|q| q.scope.clone()),
                low: t.low,
                best: Some(t.best),
                high: t.high,
                n_sources: t.n_sources,
                conflict: conflict(t),
            }
        })
        .collect();
    Ok(StoryItem {
        id: story.id,
        title,
        label: story.label.clone(),
        first_seen: story.first_seen.map(|d| d.date_naive().to_string()),
        last_seen: story.last_seen.map(|d| d.date_naive().to_string()),
        n_articles: articles.len(),
        n_copy_groups: story.n_copy_groups as usize,
        n_independent: articles.len() - n_copies,
        places,
        key_quantities,
        n_quantities: quantities.len(),
        n_conflicts: quantities.iter().filter(|q| q.conflict).count(),
    })
}

pub(crate) fn story_items(
    store: &Store,
    paging: Paging,
    policy: sitrep_core::reconcile::Policy,
) -> Result<(Vec<StoryItem>, usize), ApiError> {
    let stories = store.list_stories(Some(paging.limit), paging.offset)?;
    let items = stories.iter().map(|s| story_item(store, s, policy)).collect::<Result<Vec<_>, _>>()?;
    Ok((items, store.count_stories()?))
}

async fn list_stories(
    State(state): State<Arc<AppState>>,
    params: Result<Query<PageQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let params = query(params)?;
    let paging = paging(params.limit.as_deref(), params.offset.as_deref())?;
    let policy = state.policy;
    let body = state
        .render_cached(format!("api-stories:{}:{}", paging.limit, paging.offset), move |store| {
            let (items, total) = story_items(store, paging, policy)?;
            serde_json::to_string(&Page::new(items, paging, Some(total))).map_err(ApiError::internal)
        })
        .await?;
    Ok(json_response(&body))
}

/// A JSON body rendered (and perhaps cached) already.
fn json_response(body: &str) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body.to_owned()).into_response()
}

pub(crate) fn story_report(
    store: &Store,
    id: i64,
    policy: sitrep_core::reconcile::Policy,
) -> Result<StoryReportJson, ApiError> {
    let story = store.story(id)?.ok_or_else(|| ApiError::not_found(format!("no story with id {id}")))?;
    Ok(sitrep_report::build_story(store, &story, policy)?)
}

async fn one_story(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let id = id.parse::<i64>().map_err(|_| ApiError::not_found(format!("no story with id {id:?}")))?;
    let policy = state.policy;
    let body = state
        .render_cached(format!("api-story:{id}"), move |store| {
            serde_json::to_string(&story_report(store, id, policy)?).map_err(ApiError::internal)
        })
        .await?;
    Ok(json_response(&body))
}

// ----- figures, places, exports -----

#[derive(Deserialize)]
pub(crate) struct FiguresQuery {
    measure: Option<String>,
    place: Option<String>,
    story: Option<String>,
    article: Option<String>,
    from: Option<String>,
    to: Option<String>,
    limit: Option<String>,
    offset: Option<String>,
}

async fn list_figures(
    State(state): State<Arc<AppState>>,
    params: Result<Query<FiguresQuery>, QueryRejection>,
) -> Result<Json<Page<FigureItem>>, ApiError> {
    let params = query(params)?;
    let paging = paging(params.limit.as_deref(), params.offset.as_deref())?;
    let measure = match params.measure.as_deref().filter(|m| !m.is_empty()) {
        Some(text) => Some(Measure::parse(text).ok_or_else(|| {
            ApiError::bad_request(
                "bad_parameter",
                format!("unknown measure {text:?} (killed, injured, missing, displaced, refugees, arrested, defected)"),
            )
        })?),
        None => None,
    };
    let story = story_param(params.story.as_deref())?;
    let filter = FigureFilter {
        story,
        article_id: params.article.filter(|a| !a.is_empty()),
        measure,
        place: params.place.filter(|p| !p.is_empty()),
        since: parse_time("from", params.from.as_deref())?,
        until: parse_until(params.to.as_deref())?,
        limit: Some(paging.limit),
        offset: paging.offset,
    };
    let items =
        state.pool.read(move |store| Ok(store.list_figures(&filter)?.iter().map(figure_item).collect())).await?;
    Ok(Json(Page::new(items, paging, None)))
}

#[derive(Serialize)]
struct PlaceCountItem {
    geonames_id: Option<u32>,
    name: String,
    country: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
    precision: Option<String>,
    n_figures: usize,
    n_stories: usize,
}

async fn list_places(
    State(state): State<Arc<AppState>>,
    params: Result<Query<PageQuery>, QueryRejection>,
) -> Result<Json<Page<PlaceCountItem>>, ApiError> {
    let params = query(params)?;
    let paging = paging(params.limit.as_deref(), params.offset.as_deref())?;
    let items = state
        .pool
        .read(move |store| {
            Ok(store
                .figure_places(paging.limit, paging.offset)?
                .into_iter()
                .map(|p| PlaceCountItem {
                    geonames_id: p.geonames_id,
                    name: p.name,
                    country: p.country,
                    lat: p.lat,
                    lon: p.lon,
                    precision: p.precision,
                    n_figures: p.n_figures,
                    n_stories: p.n_stories,
                })
                .collect())
        })
        .await?;
    Ok(Json(Page::new(items, paging, None)))
}

#[derive(Deserialize)]
pub(crate) struct ExportQuery {
    format: Option<String>,
    rows: Option<String>,
    story: Option<String>,
}

async fn export(
    State(state): State<Arc<AppState>>,
    params: Result<Query<ExportQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let params = query(params)?;
    let format = ExportFormat::parse(params.format.as_deref().unwrap_or("csv"))?;
    let story = story_param(params.story.as_deref())?;
    let rows: &'static str = match params.rows.as_deref().unwrap_or("quantities") {
        "quantities" => "quantities",
        "figures" => "figures",
        "totals" => "totals",
        other => {
            return Err(ApiError::bad_request(
                "bad_parameter",
                format!("rows must be quantities, figures or totals, not {other:?}"),
            ));
        }
    };
    let policy = state.policy;
    let bytes = state
        .pool
        .read(move |store| {
            let mut out = Vec::new();
            if rows == "figures" {
                let figures = store.list_figures(&FigureFilter { story, ..FigureFilter::default() })?;
                sitrep_report::write_figures(&mut out, &figures, format)?;
            } else {
                let reports = sitrep_report::build_reports(store, story, 0, policy)?;
                if rows == "totals" {
                    sitrep_report::write_totals(&mut out, &reports, format)?;
                } else {
                    sitrep_report::write_quantities(&mut out, &reports, format)?;
                }
            }
            Ok(out)
        })
        .await?;
    let extension = match format {
        ExportFormat::Csv => "csv",
        ExportFormat::Hxl => "hxl.csv",
        ExportFormat::GeoJson => "geojson",
        ExportFormat::Json => "json",
    };
    let disposition = format!("attachment; filename=\"sitrep-{rows}.{extension}\"");
    Ok(([(header::CONTENT_TYPE, format.content_type().to_owned()), (header::CONTENT_DISPOSITION, disposition)], bytes)
        .into_response())
}
