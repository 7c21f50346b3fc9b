//! Figure evaluations on labelled corpora other than the gold.json files:
//!
//! - `sitrep eval idmc --gold idmc_fully_labelled.jsonl`: IDMC's labelled excerpts. Quantity
//!   recall: the share of excerpts where sitrep extracts a figure whose number is the labelled
//!   displacement figure; location recall: the share where that figure's place agrees with the
//!   labelled specific location or country by name (IDETECT's own measures). Also printed: the
//!   share where the figure's place lies in the labelled country, and the location recall over
//!   the figures found. Reported over every excerpt, and over the excerpts that count people or
//!   households displaced (not houses).
//! - `sitrep eval gva --incidents incidents.jsonl --articles articles.jsonl`: per incident,
//!   sitrep's killed and injured — from the most recent article of the incident that states
//!   one (its largest such figure not marked background), else 0 — against `num_killed` and
//!   `num_injured`: the exact-match rate. Many articles were written before the final count.

use super::figures::phrases_agree;
use anyhow::{Context, Result};
use clap::Args;
use serde_json::Value;
use sitrep_core::figure::Measure;
use sitrep_store::{FigureFilter, StoredFigure};
use std::collections::HashMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Args)]
pub struct IdmcArgs {
    /// `idmc_fully_labelled.jsonl`.
    #[arg(long)]
    gold: PathBuf,
    /// Exit with status 3 if quantity recall (all excerpts) is below this.
    #[arg(long)]
    min_quantity_recall: Option<f64>,
}

#[derive(Args)]
pub struct GvaArgs {
    /// `incidents.jsonl` of gva-dev.
    #[arg(long)]
    incidents: PathBuf,
    /// `articles.jsonl` of gva-dev.
    #[arg(long)]
    articles: PathBuf,
    /// Exit with status 3 if the killed exact-match rate is below this.
    #[arg(long)]
    min_killed_match: Option<f64>,
}

fn read_records(path: &Path) -> Result<Vec<Value>> {
    let file = std::fs::File::open(path)
        .with_context(|| format!("opening {} (the shared corpora live in ../shared/corpus/)", path.display()))?;
    let mut records = Vec::new();
    for (index, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("reading {}", path.display()))?;
        if !line.trim().is_empty() {
            records.push(
                serde_json::from_str(&line)
                    .with_context(|| format!("{}:{}: malformed JSON", path.display(), index + 1))?,
            );
        }
    }
    Ok(records)
}

/// Every figure of the articles, through the whole pipeline.
fn figures_of(articles: &Path) -> Result<Vec<StoredFigure>> {
    super::with_scratch_store(articles, &Default::default(), |store| Ok(store.list_figures(&FigureFilter::default())?))
}

fn text(value: &Value, key: &str) -> String {
    match value.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

pub fn idmc(args: &IdmcArgs) -> Result<ExitCode> {
    let records = read_records(&args.gold)?;
    let figures = figures_of(&args.gold)?;
    let mut by_article: HashMap<&str, Vec<&StoredFigure>> = HashMap::new();
    for figure in &figures {
        by_article.entry(figure.article_id.as_str()).or_default().push(figure);
    }
    // (records, quantity hits, location hits, country hits) for all excerpts and for
    // people/households.
    let mut all = (0usize, 0usize, 0usize, 0usize);
    let mut people = (0usize, 0usize, 0usize, 0usize);
    for record in &records {
        let Ok(labelled) = text(record, "Displacement figure").replace(',', "").trim().parse::<u64>() else { continue };
        let term = text(record, "Reporting term");
        let is_people = !term.to_lowercase().contains("housing");
        let location = text(record, "Specific location");
        let country = text(record, "Location (Country)").split(';').next().unwrap_or("").to_owned();
        let found = by_article
            .get(text(record, "id").as_str())
            .into_iter()
            .flatten()
            .filter(|f| f.figure.value == Some(labelled));
        // The labelled country as the gazetteer knows it ("Afghanistan" → AF).
        let country_code = sitrep_core::gazetteer::gazetteer()
            .resolve(&country, &[])
            .filter(|p| p.precision == sitrep_core::gazetteer::Precision::Country)
            .map(|p| p.country);
        let mut quantity = false;
        let mut place = false;
        let mut in_country = false;
        for figure in found {
            quantity = true;
            if let Some(p) = &figure.figure.place {
                let names = [p.text.as_str(), p.name.as_deref().unwrap_or("")];
                place |=
                    names.iter().any(|n| !n.is_empty() && (phrases_agree(&location, n) || phrases_agree(&country, n)));
                in_country |= country_code.is_some() && p.country.as_deref() == country_code;
            }
        }
        for counts in [&mut all].into_iter().chain(is_people.then_some(&mut people)) {
            counts.0 += 1;
            counts.1 += usize::from(quantity);
            counts.2 += usize::from(place);
            counts.3 += usize::from(place || in_country);
        }
    }
    let rate = |hits: usize, n: usize| if n == 0 { 0.0 } else { hits as f64 / n as f64 };
    println!("{}", args.gold.display());
    for (name, counts) in [("all excerpts", all), ("people and households", people)] {
        println!(
            "  {:<28} quantity recall {:.3}  location recall {:.3}  (place in the labelled country {:.3}; of the {} figures found, location right on {:.3})",
            format!("{name} ({}):", counts.0),
            rate(counts.1, counts.0),
            rate(counts.2, counts.0),
            rate(counts.3, counts.0),
            counts.1,
            rate(counts.2, counts.1),
        );
    }
    let below = args.min_quantity_recall.is_some_and(|floor| rate(all.1, all.0) < floor);
    Ok(if below { ExitCode::from(3) } else { ExitCode::SUCCESS })
}

pub fn gva(args: &GvaArgs) -> Result<ExitCode> {
    let incidents = read_records(&args.incidents)?;
    let articles = read_records(&args.articles)?;
    let figures = figures_of(&args.articles)?;
    let mut incident_articles: HashMap<String, Vec<String>> = HashMap::new();
    for article in &articles {
        incident_articles.entry(text(article, "incident_id")).or_default().push(text(article, "id"));
    }
    let mut by_article: HashMap<&str, Vec<&StoredFigure>> = HashMap::new();
    for figure in &figures {
        by_article.entry(figure.article_id.as_str()).or_default().push(figure);
    }
    let estimate = |ids: &[String], measure: Measure| -> u64 {
        // The most recent article that states the measure; its largest figure.
        let mut stated: Vec<(&str, u64)> = ids
            .iter()
            .filter_map(|id| {
                let figures = by_article.get(id.as_str())?;
                let best = figures
                    .iter()
                    .filter(|f| f.figure.measure == measure && !f.figure.background)
                    .filter_map(|f| f.figure.value.or(f.figure.low))
                    .max()?;
                Some((figures[0].published.as_deref().unwrap_or(""), best))
            })
            .collect();
        stated.sort();
        stated.last().map_or(0, |(_, value)| *value)
    };
    let (mut n, mut killed_right, mut injured_right) = (0usize, 0usize, 0usize);
    for incident in &incidents {
        let id = text(incident, "incident_id");
        let Some(ids) = incident_articles.get(&id) else { continue };
        let (Ok(killed), Ok(injured)) =
            (text(incident, "num_killed").parse::<u64>(), text(incident, "num_injured").parse::<u64>())
        else {
            continue;
        };
        n += 1;
        killed_right += usize::from(estimate(ids, Measure::Killed) == killed);
        injured_right += usize::from(estimate(ids, Measure::Injured) == injured);
    }
    let rate = |hits: usize| if n == 0 { 0.0 } else { hits as f64 / n as f64 };
    println!("{} ({n} incidents with articles)", args.incidents.display());
    println!("  killed exact match {:.3}   injured exact match {:.3}", rate(killed_right), rate(injured_right));
    let below = args.min_killed_match.is_some_and(|floor| rate(killed_right) < floor);
    Ok(if below { ExitCode::from(3) } else { ExitCode::SUCCESS })
}
