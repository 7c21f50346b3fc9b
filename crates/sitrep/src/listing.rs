//! `sitrep articles`, `sitrep show`, `sitrep search`: reading the store back.

use crate::output::{ArticleJson, ArticleSummaryJson, SearchHitJson};
use anyhow::{Context, Result, bail};
use chrono::{DateTime, NaiveDate, Utc};
use clap::Args;
use sitrep_store::{ArticleFilter, ArticleSummary, Store};
use std::io::Write;
use std::process::ExitCode;

#[derive(Args)]
pub struct ArticlesArgs {
    /// Only articles from this outlet (exact name).
    #[arg(long)]
    outlet: Option<String>,
    /// Only articles in this language (ISO 639-3, e.g. eng, fra; `und` for undetermined).
    #[arg(long)]
    language: Option<String>,
    /// Only articles published on or after this date (YYYY-MM-DD or RFC 3339).
    #[arg(long, value_parser = parse_date)]
    since: Option<DateTime<Utc>>,
    /// Only articles published before this date (YYYY-MM-DD or RFC 3339).
    #[arg(long, value_parser = parse_date)]
    until: Option<DateTime<Utc>>,
    /// At most this many articles (0: all).
    #[arg(long, default_value_t = 50)]
    limit: usize,
    /// Skip this many articles first (for paging).
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// One JSON object per article and line.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct ShowArgs {
    /// The article's id.
    id: String,
    /// Print the text as it arrived, before cleaning.
    #[arg(long)]
    raw: bool,
    /// Print the article as one JSON object.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct SearchArgs {
    /// Words that must all occur; "a phrase in quotes" must occur as written.
    #[arg(required = true)]
    query: Vec<String>,
    /// At most this many results.
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// One JSON object per result and line.
    #[arg(long)]
    json: bool,
}

fn parse_date(text: &str) -> Result<DateTime<Utc>, String> {
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return date.and_hms_opt(0, 0, 0).map(|d| d.and_utc()).ok_or_else(|| format!("invalid date {text}"));
    }
    DateTime::parse_from_rfc3339(text)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|_| format!("expected YYYY-MM-DD or an RFC 3339 time, got {text:?}"))
}

pub fn articles(store: &Store, args: &ArticlesArgs) -> Result<ExitCode> {
    let filter = ArticleFilter {
        outlet: args.outlet.clone(),
        language: args.language.clone(),
        since: args.since,
        until: args.until,
        limit: (args.limit > 0).then_some(args.limit),
        offset: args.offset,
    };
    let mut out = std::io::stdout().lock();
    let mut write_error = None;
    let mut n_listed = 0usize;
    store.list_articles(&filter, &mut |summary| {
        if write_error.is_some() {
            return;
        }
        n_listed += 1;
        let written = if args.json {
            serde_json::to_string(&ArticleSummaryJson::from(&summary))
                .map_err(std::io::Error::other)
                .and_then(|line| writeln!(out, "{line}"))
        } else {
            writeln!(out, "{}", summary_line(&summary))
        };
        if let Err(e) = written {
            write_error = Some(e);
        }
    })?;
    if let Some(error) = write_error
        && error.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(error).context("writing the listing");
    }
    out.flush().ok();
    if !args.json {
        let total = store.count_articles()?;
        eprintln!("{n_listed} listed of {total} stored");
    }
    Ok(ExitCode::SUCCESS)
}

/// `2011-06-14  seed-000  Reuters (reprint)  Syrian troops …` fitted to 100 columns.
fn summary_line(summary: &ArticleSummary) -> String {
    let date = summary.published.map_or_else(|| "----------".to_owned(), |d| d.format("%Y-%m-%d").to_string());
    let outlet = summary.outlet.as_deref().unwrap_or("-");
    let title = summary.title.as_deref().unwrap_or("(no title)");
    let line = format!("{date}  {:<24}  {:<20}  {title}", summary.id, truncate(outlet, 20));
    truncate(&line, 100)
}

fn truncate(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

pub fn show(store: &Store, args: &ShowArgs) -> Result<ExitCode> {
    let Some(article) = store.article(&args.id)? else {
        bail!("no article with id {:?} (try `sitrep articles` or `sitrep search`)", args.id);
    };
    if args.json {
        println!("{}", serde_json::to_string(&ArticleJson::from(&article))?);
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", article.title.as_deref().unwrap_or("(no title)"))?;
    writeln!(out)?;
    writeln!(out, "id         {}", article.id)?;
    if let Some(outlet) = &article.outlet {
        writeln!(out, "outlet     {outlet}")?;
    }
    if let Some(published) = article.published {
        writeln!(out, "published  {}", published.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))?;
    }
    if let Some(url) = &article.url {
        writeln!(out, "url        {url}")?;
    }
    let reliability = if article.language.reliable { "" } else { " (not certain)" };
    writeln!(out, "language   {}{reliability}", article.language.code)?;
    if let Some(reason) = article.skip_reason() {
        writeln!(out, "skipped    {reason}")?;
    }
    writeln!(out, "origin     {}", article.origin)?;
    if !article.metadata.is_empty() {
        writeln!(out, "metadata   {}", serde_json::Value::Object(article.metadata.clone()))?;
    }
    writeln!(out)?;
    writeln!(out, "{}", if args.raw { &article.raw_text } else { &article.text })?;
    Ok(ExitCode::SUCCESS)
}

pub fn search(store: &Store, args: &SearchArgs) -> Result<ExitCode> {
    let query = args.query.join(" ");
    let hits = store.search(&query, args.limit)?;
    let mut out = std::io::stdout().lock();
    for hit in &hits {
        if args.json {
            writeln!(out, "{}", serde_json::to_string(&SearchHitJson::from(hit))?)?;
        } else {
            writeln!(out, "{}", summary_line(&hit.summary))?;
            writeln!(out, "    {}", hit.snippet.replace('\n', " "))?;
        }
    }
    if !args.json {
        eprintln!("{} found", hits.len());
    }
    Ok(ExitCode::SUCCESS)
}
