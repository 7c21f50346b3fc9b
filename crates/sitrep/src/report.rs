//! `sitrep report` and `sitrep export`: the situation report of each story — summary with
//! citations, reconciled quantities, timeline, sources — as text, markdown, JSON or HTML, and
//! its tables as CSV, HXL, GeoJSON or JSON.

use anyhow::{Result, bail};
use chrono::NaiveDate;
use clap::Args;
use serde::Serialize;
use sitrep_core::extract::sentences;
use sitrep_core::reconcile::{Policy, Quantity, ReportedFigure, reconcile};
use sitrep_core::summarize::{Candidate, summarize};
use sitrep_store::{FigureFilter, Store, StoredFigure, StorySummary};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

#[derive(Args)]
pub struct ReportArgs {
    /// Only this story (default: every story, most recently active first).
    #[arg(long)]
    story: Option<i64>,
    /// text, markdown, json or html.
    #[arg(long, default_value = "text")]
    format: String,
    /// ucdp (best = most recent credible report) or acled (best = most conservative).
    #[arg(long, default_value = "ucdp")]
    policy: String,
    /// At most this many stories (0: all).
    #[arg(long, default_value_t = 0)]
    limit: usize,
}

#[derive(Args)]
pub struct ExportArgs {
    /// csv, hxl, geojson or json.
    #[arg(long)]
    format: String,
    /// One row per raw figure instead of one per reconciled quantity.
    #[arg(long)]
    figures: bool,
    /// ucdp or acled.
    #[arg(long, default_value = "ucdp")]
    policy: String,
}

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
    pub value: Option<u64>,
    pub low: Option<u64>,
    pub high: Option<u64>,
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

fn parse_policy(text: &str) -> Result<Policy> {
    match Policy::parse(text) {
        Some(policy) => Ok(policy),
        None => bail!("unknown policy {text:?} (ucdp or acled)"),
    }
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
        value: report.value,
        low: report.low,
        high: report.high,
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

/// Everything the report needs of one story, from the store.
pub fn build_story(store: &Store, story: &StorySummary, policy: Policy) -> Result<StoryReportJson> {
    let articles = store.story_articles(story.id)?;
    let figures = store.list_figures(&FigureFilter { story: Some(story.id), ..FigureFilter::default() })?;
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
    let quantities = reconcile(&reported, policy);

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
        if let Some(place) = figure.figure.place.as_ref().filter(|p| p.geonames_id.is_some()) {
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
        quantities: quantities.iter().map(quantity_json).collect(),
        timeline,
    })
}

pub fn build_reports(store: &Store, story: Option<i64>, limit: usize, policy: Policy) -> Result<Vec<StoryReportJson>> {
    let mut stories = store.list_stories(None)?;
    if let Some(id) = story {
        stories.retain(|s| s.id == id);
        if stories.is_empty() {
            bail!("no story with id {id} (try `sitrep stories`)");
        }
    }
    if limit > 0 {
        stories.truncate(limit);
    }
    stories.iter().map(|s| build_story(store, s, policy)).collect()
}

pub fn report(store: &Store, args: &ReportArgs) -> Result<ExitCode> {
    let policy = parse_policy(&args.policy)?;
    let reports = build_reports(store, args.story, args.limit, policy)?;
    let mut out = std::io::stdout().lock();
    match args.format.as_str() {
        "json" => writeln!(out, "{}", serde_json::to_string_pretty(&serde_json::json!({ "stories": reports }))?)?,
        "text" => {
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            for report in &reports {
                write!(out, "{}", render_text(report, color))?;
            }
        }
        "markdown" => {
            for report in &reports {
                write!(out, "{}", render_markdown(report))?;
            }
        }
        "html" => write!(out, "{}", render_html(&reports))?,
        other => bail!("unknown format {other:?} (text, markdown, json or html)"),
    }
    Ok(ExitCode::SUCCESS)
}

fn number(value: Option<u64>) -> String {
    match value {
        None => "–".to_owned(),
        Some(v) => {
            let digits = v.to_string();
            let mut out = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    out.push(',');
                }
                out.push(c);
            }
            out
        }
    }
}

fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() + indent.len() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines.iter().map(|l| format!("{indent}{l}\n")).collect()
}

fn fit(text: &str, width: usize) -> String {
    let count = text.chars().count();
    if count <= width {
        format!("{text:<width$}")
    } else {
        let cut: String = text.chars().take(width.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

fn quantity_label(q: &QuantityJson) -> String {
    let mut label = q.measure.to_owned();
    if let Some(who) = &q.who {
        label = format!("{label} ({who})");
    }
    if let Some(unit) = &q.unit {
        label = format!("{label} [{unit}]");
    }
    label
}

/// The text report: fits 100 columns; colour only on a terminal.
pub fn render_text(report: &StoryReportJson, color: bool) -> String {
    let (bold, dim, red, reset) = if color { ("\x1b[1m", "\x1b[2m", "\x1b[31m", "\x1b[0m") } else { ("", "", "", "") };
    let mut out = String::new();
    out.push_str(&format!("{bold}{}{reset}\n", fit(&report.title, 100).trim_end()));
    let dates = match (&report.first_seen, &report.last_seen) {
        (Some(a), Some(b)) if a != b => format!("{a} – {b}"),
        (Some(a), _) => a.clone(),
        _ => "undated".to_owned(),
    };
    let n_copies = report.sources.iter().filter(|s| s.copy_group.is_some() && !s.canonical).count();
    let meta = format!(
        "story {} · {dates} · {} articles ({} wire copies) · {}",
        report.id,
        report.articles.len(),
        n_copies,
        if report.places.is_empty() { report.label.clone() } else { report.places.join(", ") }
    );
    out.push_str(&format!("{dim}{}{reset}\n\n", fit(&meta, 100).trim_end()));
    if !report.summary.is_empty() {
        out.push_str(&format!("{bold}Summary{reset}\n"));
        for s in &report.summary {
            let cite =
                format!("[{}, {}]", s.outlet.as_deref().unwrap_or(&s.article), s.date.as_deref().unwrap_or("undated"));
            out.push_str(&wrap(&format!("• {} {cite}", s.sentence), 100, "  "));
        }
        out.push('\n');
    }
    if !report.quantities.is_empty() {
        out.push_str(&format!("{bold}Quantities{reset}\n"));
        out.push_str(&format!(
            "  {:<22} {:<20} {:>10} {:>10} {:>10}  {:>4}  {}\n",
            "measure", "place", "low", "best", "high", "src", "scope/latest"
        ));
        for q in &report.quantities {
            let place = q.place.as_ref().map_or("–".to_owned(), |p| p.name.clone());
            let flag = if q.conflict { format!(" {red}CONFLICT{reset}") } else { String::new() };
            let scope = q.scope.clone().unwrap_or_else(|| q.latest.date.clone().unwrap_or_default());
            let row = format!(
                "  {} {} {:>10} {:>10} {:>10}  {:>4}  {}",
                fit(&quantity_label(q), 22),
                fit(&place, 20),
                number(q.low),
                number(q.best),
                number(q.high),
                q.n_sources,
                fit(&scope, 12).trim_end()
            );
            // The conflict badge replaces the end of the scope column rather than widening the row.
            let width = if q.conflict { 91 } else { 100 };
            out.push_str(&format!("{}{flag}\n", fit(&row, width).trim_end()));
            for source in &q.sources {
                let outlets = source.outlets.join(", ");
                out.push_str(&format!(
                    "{dim}{}{reset}",
                    wrap(&format!("↳ {}: {} ({outlets})", source.source, source.values.join(", ")), 100, "      ")
                ));
            }
            if let Some(note) = &q.conflict_note {
                out.push_str(&wrap(&format!("{red}disagree:{reset} {note}"), 100, "      "));
            }
        }
        out.push('\n');
    }
    if !report.timeline.is_empty() {
        out.push_str(&format!("{bold}Timeline{reset}\n"));
        for t in &report.timeline {
            let line = format!(
                "  {}  {:<10} {:<18} {:<22} {}",
                t.date.as_deref().unwrap_or("undated   "),
                t.measure,
                fit(t.place.as_deref().unwrap_or("–"), 18),
                fit(&t.text, 22),
                t.source.as_deref().or(t.outlet.as_deref()).unwrap_or("")
            );
            out.push_str(&format!("{}\n", fit(&line, 100).trim_end()));
        }
        out.push('\n');
    }
    out.push_str(&format!("{bold}Sources{reset}\n"));
    for s in &report.sources {
        let copy = match (s.copy_group, s.canonical) {
            (Some(group), true) => format!("  [wire story {group}, canonical]"),
            (Some(group), false) => format!("  [copy of wire story {group}]"),
            _ => String::new(),
        };
        let line = format!(
            "  {}  {:<28} {}{copy}",
            s.published.as_deref().unwrap_or("undated   "),
            fit(s.outlet.as_deref().unwrap_or("–"), 28),
            s.id
        );
        out.push_str(&format!("{}\n", fit(&line, 100).trim_end()));
    }
    out.push_str(&format!("{}\n\n", "─".repeat(100)));
    out
}

fn markdown_escape(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

pub fn render_markdown(report: &StoryReportJson) -> String {
    let mut out = format!("## {}\n\n", markdown_escape(&report.title));
    out.push_str(&format!(
        "Story {} · {} – {} · {} articles · {}\n\n",
        report.id,
        report.first_seen.as_deref().unwrap_or("undated"),
        report.last_seen.as_deref().unwrap_or("undated"),
        report.articles.len(),
        report.places.join(", ")
    ));
    if !report.summary.is_empty() {
        out.push_str("### Summary\n\n");
        for s in &report.summary {
            out.push_str(&format!(
                "- {} [{}, {}]\n",
                markdown_escape(&s.sentence),
                s.outlet.as_deref().unwrap_or(&s.article),
                s.date.as_deref().unwrap_or("undated")
            ));
        }
        out.push('\n');
    }
    out.push_str("### Quantities\n\n| measure | place | scope | low | best | high | sources | conflict |\n|---|---|---|---:|---:|---:|---|---|\n");
    for q in &report.quantities {
        let sources: Vec<String> =
            q.sources.iter().map(|s| format!("{} ({})", s.source, s.values.join(", "))).collect();
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} |\n",
            markdown_escape(&quantity_label(q)),
            markdown_escape(&q.place.as_ref().map_or("–".to_owned(), |p| p.name.clone())),
            markdown_escape(q.scope.as_deref().unwrap_or("")),
            number(q.low),
            number(q.best),
            number(q.high),
            markdown_escape(&sources.join("; ")),
            if q.conflict { "**yes**" } else { "no" }
        ));
    }
    out.push_str("\n### Timeline\n\n");
    for t in &report.timeline {
        out.push_str(&format!(
            "- {} — {} {} ({}) — {}\n",
            t.date.as_deref().unwrap_or("undated"),
            t.measure,
            markdown_escape(&t.text),
            markdown_escape(t.place.as_deref().unwrap_or("–")),
            markdown_escape(t.source.as_deref().or(t.outlet.as_deref()).unwrap_or(""))
        ));
    }
    out.push_str("\n### Sources\n\n");
    for s in &report.sources {
        let copy = if s.copy_group.is_some() && !s.canonical { " (wire copy)" } else { "" };
        out.push_str(&format!(
            "- {} {} `{}`{copy}\n",
            s.published.as_deref().unwrap_or("undated"),
            markdown_escape(s.outlet.as_deref().unwrap_or("–")),
            s.id
        ));
    }
    out.push('\n');
    out
}

/// Article text is hostile: everything from it is escaped.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub fn render_html(reports: &[StoryReportJson]) -> String {
    let mut out = String::from(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>sitrep situation report</title>\n<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left}td.n{text-align:right}.conflict{color:#a40000;font-weight:bold}.cite{color:#555}</style></head><body>\n",
    );
    for r in reports {
        out.push_str(&format!("<section><h2>{}</h2>\n", escape_html(&r.title)));
        out.push_str(&format!(
            "<p class=\"cite\">Story {} · {} – {} · {} articles · {}</p>\n",
            r.id,
            escape_html(r.first_seen.as_deref().unwrap_or("undated")),
            escape_html(r.last_seen.as_deref().unwrap_or("undated")),
            r.articles.len(),
            escape_html(&r.places.join(", "))
        ));
        out.push_str("<h3>Summary</h3><ul>\n");
        for s in &r.summary {
            out.push_str(&format!(
                "<li>{} <span class=\"cite\">[{}, {}]</span></li>\n",
                escape_html(&s.sentence),
                escape_html(s.outlet.as_deref().unwrap_or(&s.article)),
                escape_html(s.date.as_deref().unwrap_or("undated"))
            ));
        }
        out.push_str("</ul><h3>Quantities</h3><table><thead><tr><th>measure</th><th>place</th><th>scope</th><th>low</th><th>best</th><th>high</th><th>sources</th><th>conflict</th></tr></thead><tbody>\n");
        for q in &r.quantities {
            let sources: Vec<String> =
                q.sources.iter().map(|s| format!("{} ({})", s.source, s.values.join(", "))).collect();
            out.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>\n",
                escape_html(&quantity_label(q)),
                escape_html(&q.place.as_ref().map_or("–".to_owned(), |p| p.name.clone())),
                escape_html(q.scope.as_deref().unwrap_or("")),
                number(q.low),
                number(q.best),
                number(q.high),
                escape_html(&sources.join("; ")),
                if q.conflict { "<span class=\"conflict\">conflict</span>" } else { "" }
            ));
        }
        out.push_str("</tbody></table></section>\n");
    }
    out.push_str("</body></html>\n");
    out
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text.to_owned() }
}

fn csv_row(fields: &[String]) -> String {
    fields.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(",") + "\n"
}

fn opt(value: Option<u64>) -> String {
    value.map_or(String::new(), |v| v.to_string())
}

pub fn export(store: &Store, args: &ExportArgs) -> Result<ExitCode> {
    let policy = parse_policy(&args.policy)?;
    let reports = build_reports(store, None, 0, policy)?;
    let mut out = std::io::stdout().lock();
    if args.figures {
        let figures = store.list_figures(&FigureFilter::default())?;
        return export_figures(&mut out, &figures, &args.format).map(|()| ExitCode::SUCCESS);
    }
    let header = [
        "story",
        "measure",
        "who",
        "unit",
        "place",
        "geonames_id",
        "country",
        "lat",
        "lon",
        "scope",
        "low",
        "best",
        "high",
        "n_sources",
        "sources",
        "conflict",
        "latest_date",
        "latest_source",
    ];
    let rows: Vec<Vec<String>> = reports
        .iter()
        .flat_map(|r| {
            r.quantities.iter().map(move |q| {
                let place = q.place.as_ref();
                vec![
                    r.id.to_string(),
                    q.measure.to_owned(),
                    q.who.clone().unwrap_or_default(),
                    q.unit.clone().unwrap_or_default(),
                    place.map(|p| p.name.clone()).unwrap_or_default(),
                    place.and_then(|p| p.geonames_id).map(|i| i.to_string()).unwrap_or_default(),
                    place.and_then(|p| p.country.clone()).unwrap_or_default(),
                    place.and_then(|p| p.lat).map(|v| v.to_string()).unwrap_or_default(),
                    place.and_then(|p| p.lon).map(|v| v.to_string()).unwrap_or_default(),
                    q.scope.clone().unwrap_or_default(),
                    opt(q.low),
                    opt(q.best),
                    opt(q.high),
                    q.n_sources.to_string(),
                    q.sources.iter().map(|s| s.source.clone()).collect::<Vec<_>>().join("; "),
                    q.conflict.to_string(),
                    q.latest.date.clone().unwrap_or_default(),
                    q.latest.source.clone().or(q.latest.outlet.clone()).unwrap_or_default(),
                ]
            })
        })
        .collect();
    match args.format.as_str() {
        "csv" | "hxl" => {
            out.write_all(csv_row(&header.map(str::to_owned)).as_bytes())?;
            if args.format == "hxl" {
                // HXL hashtags (hxlstandard.org) so humanitarian data tools read the columns.
                let tags = [
                    "#event+id",
                    "#affected+type",
                    "#affected+who",
                    "#indicator+unit",
                    "#loc+name",
                    "#geo+id",
                    "#country+code",
                    "#geo+lat",
                    "#geo+lon",
                    "#date+scope",
                    "#affected+min",
                    "#affected+best",
                    "#affected+max",
                    "#meta+sources+num",
                    "#meta+source",
                    "#status+conflict",
                    "#date+reported",
                    "#meta+source+latest",
                ];
                out.write_all(csv_row(&tags.map(str::to_owned)).as_bytes())?;
            }
            for row in &rows {
                out.write_all(csv_row(row).as_bytes())?;
            }
        }
        "json" => writeln!(out, "{}", serde_json::to_string_pretty(&serde_json::json!({ "stories": reports }))?)?,
        "geojson" => {
            let features: Vec<serde_json::Value> = reports
                .iter()
                .flat_map(|r| {
                    r.quantities.iter().filter_map(move |q| {
                        let place = q.place.as_ref()?;
                        let (lat, lon) = (place.lat?, place.lon?);
                        Some(serde_json::json!({
                            "type": "Feature",
                            "geometry": {"type": "Point", "coordinates": [lon, lat]},
                            "properties": {
                                "story": r.id, "measure": q.measure, "place": place.name, "geonames_id": place.geonames_id,
                                "precision": place.precision, "scope": q.scope, "low": q.low, "best": q.best, "high": q.high,
                                "n_sources": q.n_sources, "conflict": q.conflict, "latest": q.latest.date,
                            }
                        }))
                    })
                })
                .collect();
            writeln!(out, "{}", serde_json::json!({"type": "FeatureCollection", "features": features}))?;
        }
        other => bail!("unknown format {other:?} (csv, hxl, geojson or json)"),
    }
    Ok(ExitCode::SUCCESS)
}

fn export_figures(out: &mut impl Write, figures: &[StoredFigure], format: &str) -> Result<()> {
    let header = [
        "article",
        "story",
        "published",
        "outlet",
        "measure",
        "value",
        "low",
        "high",
        "text",
        "qualifier",
        "unit",
        "place",
        "geonames_id",
        "country",
        "lat",
        "lon",
        "scope",
        "source",
        "sentence",
        "span_start",
        "span_end",
    ];
    let rows: Vec<Vec<String>> = figures
        .iter()
        .map(|s| {
            let f = &s.figure;
            let place = f.place.as_ref();
            vec![
                s.article_id.clone(),
                s.story_id.map(|i| i.to_string()).unwrap_or_default(),
                s.published.clone().unwrap_or_default(),
                s.outlet.clone().unwrap_or_default(),
                f.measure.as_str().to_owned(),
                opt(f.value),
                opt(f.low),
                opt(f.high),
                f.text.clone(),
                f.qualifier.as_str().to_owned(),
                f.unit.clone().unwrap_or_default(),
                place.map(|p| p.name.clone().unwrap_or(p.text.clone())).unwrap_or_default(),
                place.and_then(|p| p.geonames_id).map(|i| i.to_string()).unwrap_or_default(),
                place.and_then(|p| p.country.clone()).unwrap_or_default(),
                place.and_then(|p| p.lat).map(|v| v.to_string()).unwrap_or_default(),
                place.and_then(|p| p.lon).map(|v| v.to_string()).unwrap_or_default(),
                f.scope.as_ref().map(|s| s.text.clone()).unwrap_or_default(),
                f.source.clone().unwrap_or_default(),
                f.sentence.clone(),
                f.span.0.to_string(),
                f.span.1.to_string(),
            ]
        })
        .collect();
    match format {
        "csv" | "hxl" => {
            out.write_all(csv_row(&header.map(str::to_owned)).as_bytes())?;
            if format == "hxl" {
                let tags = [
                    "#meta+id",
                    "#event+id",
                    "#date+reported",
                    "#meta+outlet",
                    "#affected+type",
                    "#affected+num",
                    "#affected+min",
                    "#affected+max",
                    "#affected+text",
                    "#meta+qualifier",
                    "#indicator+unit",
                    "#loc+name",
                    "#geo+id",
                    "#country+code",
                    "#geo+lat",
                    "#geo+lon",
                    "#date+scope",
                    "#meta+source",
                    "#description",
                    "#meta+start",
                    "#meta+end",
                ];
                out.write_all(csv_row(&tags.map(str::to_owned)).as_bytes())?;
            }
            for row in &rows {
                out.write_all(csv_row(row).as_bytes())?;
            }
        }
        "json" => {
            for row in &rows {
                let object: serde_json::Map<String, serde_json::Value> = header
                    .iter()
                    .zip(row)
                    .map(|(k, v)| ((*k).to_owned(), serde_json::Value::String(v.clone())))
                    .collect();
                writeln!(out, "{}", serde_json::Value::Object(object))?;
            }
        }
        "geojson" => {
            let features: Vec<serde_json::Value> = figures
                .iter()
                .filter_map(|s| {
                    let place = s.figure.place.as_ref()?;
                    Some(serde_json::json!({
                        "type": "Feature",
                        "geometry": {"type": "Point", "coordinates": [place.lon?, place.lat?]},
                        "properties": {"article": s.article_id, "measure": s.figure.measure.as_str(), "value": s.figure.value,
                                       "text": s.figure.text, "place": place.name, "source": s.figure.source}
                    }))
                })
                .collect();
            writeln!(out, "{}", serde_json::json!({"type": "FeatureCollection", "features": features}))?;
        }
        other => bail!("unknown format {other:?} (csv, hxl, geojson or json)"),
    }
    Ok(())
}
