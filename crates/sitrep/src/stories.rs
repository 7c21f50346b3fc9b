//! `sitrep stories` and `sitrep story ID`.

use anyhow::{Result, bail};
use clap::Args;
use serde::Serialize;
use sitrep_store::{Store, StoryArticle};
use std::collections::BTreeMap;
use std::io::Write;
use std::process::ExitCode;

#[derive(Args)]
pub struct StoriesArgs {
    /// At most this many stories (0: all).
    #[arg(long, default_value_t = 50)]
    limit: usize,
    /// One JSON object per story and line, with its article ids and copy groups.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct StoryArgs {
    /// The story's id (see `sitrep stories`).
    id: i64,
    /// Print the story as one JSON object.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct StoryJson<'a> {
    id: i64,
    label: &'a str,
    first_seen: Option<String>,
    last_seen: Option<String>,
    n_articles: u32,
    n_copy_groups: u32,
    articles: Vec<&'a str>,
    /// Copy groups of two or more articles, canonical first.
    copies: Vec<Vec<&'a str>>,
}

fn date(time: Option<chrono::DateTime<chrono::Utc>>) -> Option<String> {
    time.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

/// Copy groups of two or more, canonical member first, in order of first appearance.
fn copy_groups(articles: &[StoryArticle]) -> Vec<Vec<&StoryArticle>> {
    let mut groups: BTreeMap<i64, Vec<&StoryArticle>> = BTreeMap::new();
    for article in articles {
        if let Some(group) = article.copy_group {
            groups.entry(group).or_default().push(article);
        }
    }
    let mut groups: Vec<Vec<&StoryArticle>> = groups.into_values().filter(|g| g.len() > 1).collect();
    for group in &mut groups {
        group.sort_by_key(|a| !a.is_canonical);
    }
    groups
}

impl<'a> StoryJson<'a> {
    fn new(summary: &'a sitrep_store::StorySummary, articles: &'a [StoryArticle]) -> Self {
        StoryJson {
            id: summary.id,
            label: &summary.label,
            first_seen: date(summary.first_seen),
            last_seen: date(summary.last_seen),
            n_articles: summary.n_articles,
            n_copy_groups: summary.n_copy_groups,
            articles: articles.iter().map(|a| a.id.as_str()).collect(),
            copies: copy_groups(articles).iter().map(|g| g.iter().map(|a| a.id.as_str()).collect()).collect(),
        }
    }
}

pub fn stories(store: &Store, args: &StoriesArgs) -> Result<ExitCode> {
    let summaries = store.list_stories((args.limit > 0).then_some(args.limit), 0)?;
    let mut out = std::io::stdout().lock();
    for summary in &summaries {
        if args.json {
            let articles = store.story_articles(summary.id)?;
            let json = StoryJson::new(summary, &articles);
            writeln!(out, "{}", serde_json::to_string(&json)?)?;
        } else {
            let span = match (summary.first_seen, summary.last_seen) {
                (Some(first), Some(last)) if first.date_naive() == last.date_naive() => {
                    format!("{}            ", first.format("%Y-%m-%d"))
                }
                (Some(first), Some(last)) => format!("{}…{}", first.format("%Y-%m-%d"), last.format("%m-%d")),
                _ => "(undated)             ".to_owned(),
            };
            let counts = format!("{:>3} art. {:>3} src.", summary.n_articles, summary.n_copy_groups);
            let line = format!("{:>6}  {span}  {counts}  {}", summary.id, summary.label);
            writeln!(out, "{}", line.chars().take(100).collect::<String>())?;
        }
    }
    out.flush()?;
    if !args.json {
        eprintln!(
            "{} stories listed (src.: independent sources, copies of one wire story counted once)",
            summaries.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn story(store: &Store, args: &StoryArgs) -> Result<ExitCode> {
    let Some(summary) = store.story(args.id)? else {
        bail!("no story with id {} (try `sitrep stories`)", args.id);
    };
    let articles = store.story_articles(summary.id)?;
    let groups = copy_groups(&articles);
    if args.json {
        let json = StoryJson::new(&summary, &articles);
        println!("{}", serde_json::to_string(&json)?);
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "Story {}: {}", summary.id, summary.label)?;
    writeln!(out, "{} articles from {} independent sources\n", summary.n_articles, summary.n_copy_groups)?;
    // Time order; a copy group appears at its canonical member, its copies right under it.
    let in_group = |a: &StoryArticle| groups.iter().position(|g| g.iter().any(|m| m.key == a.key));
    for article in &articles {
        let group = in_group(article);
        if group.is_some() && !article.is_canonical {
            continue;
        }
        writeln!(out, "{}", article_line(article, ""))?;
        if let Some(group) = group {
            for copy in groups[group].iter().filter(|m| !m.is_canonical) {
                writeln!(out, "{}", article_line(copy, "  ↳ copy  "))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn article_line(article: &StoryArticle, prefix: &str) -> String {
    let date = article.published.map_or_else(|| "----------".to_owned(), |d| d.format("%Y-%m-%d").to_string());
    let line = format!(
        "{prefix}{date}  {:<20}  {:<24}  {}",
        article.id,
        article.outlet.as_deref().unwrap_or("-"),
        article.title.as_deref().unwrap_or("(no title)")
    );
    line.chars().take(100).collect()
}
