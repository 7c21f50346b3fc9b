//! `sitrep eval figures`: extracted figures against a gold file.
//!
//! - `gold.json` (seeds, crisis-dev): a gold figure is matched by a system figure of the same
//!   article and measure whose number is the gold number (or, for a vague gold number such as
//!   "hundreds", whose text contains it). Recall is over the required gold figures; precision is
//!   over every system figure (a figure matching an optional gold figure counts as right). On
//!   the matches: qualifier, place and source accuracy (place and source match when the folded
//!   words of one contain those of the other, or they share at least half of their words; a
//!   place also matches when the gold name resolves alone to the same gazetteer place: "Orissa"
//!   is Odisha).
//!   `not_figures` extracted are counted and listed.

use super::gold_figures::{GoldFigure, GoldFigures, read_gold_figures};
use crate::StageArgs;
use anyhow::Result;
use clap::Args;
use serde::Serialize;
use sitrep_store::{FigureFilter, StoredFigure};
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct FiguresArgs {
    /// The gold file (`gold.json` of the seeds or crisis-dev).
    #[arg(long)]
    gold: PathBuf,
    /// The articles (default: `articles.jsonl` beside the gold file).
    #[arg(long)]
    articles: Option<PathBuf>,
    /// Print the scores as one JSON object.
    #[arg(long)]
    json: bool,
    /// List the system's figures that match nothing, too.
    #[arg(long)]
    verbose: bool,
    /// Exit with status 3 if F1 is below this.
    #[arg(long)]
    min_f1: Option<f64>,
    /// Exit with status 3 if place accuracy on the matches is below this.
    #[arg(long)]
    min_place: Option<f64>,
    #[command(flatten)]
    stages: StageArgs,
}

#[derive(Serialize, Default, Clone, Copy)]
struct Counts {
    gold_required: usize,
    system: usize,
    matched_required: usize,
    matched_system: usize,
}

#[derive(Serialize)]
struct Report {
    gold: String,
    precision: f64,
    recall: f64,
    f1: f64,
    per_measure: BTreeMap<String, (f64, f64, f64)>,
    qualifier_accuracy: f64,
    place_accuracy: f64,
    source_accuracy: f64,
    not_figures_extracted: usize,
    misses: Vec<String>,
    not_figures: Vec<String>,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
}

/// Lowercase alphanumeric words, without articles.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !matches!(w.as_str(), "the" | "a" | "an" | "of" | "in" | "al" | "el"))
        .collect()
}

/// Loose agreement of two phrases (a place, a source): containment of words either way, or at
/// least half of the words shared.
pub fn phrases_agree(gold: &str, system: &str) -> bool {
    let (g, s): (HashSet<String>, HashSet<String>) =
        (words(gold).into_iter().collect(), words(system).into_iter().collect());
    if g.is_empty() || s.is_empty() {
        return g.is_empty() && s.is_empty();
    }
    let shared = g.intersection(&s).count();
    shared == g.len() || shared == s.len() || shared * 2 >= g.len().max(s.len())
}

/// The gold's place name and the figure's place are one gazetteer place ("Orissa" is Odisha):
/// the gold name resolved alone, compared by GeoNames id, or by name and country for regions
/// without one.
pub fn same_place(gold: &str, place: &sitrep_core::figure::FigurePlace) -> bool {
    let Some(resolved) = sitrep_core::gazetteer::gazetteer().resolve(gold, &[]) else { return false };
    match (resolved.geonames_id, place.geonames_id) {
        (Some(a), Some(b)) => a == b,
        _ => {
            place.name.as_deref() == Some(resolved.name.as_str()) && place.country.as_deref() == Some(resolved.country)
        }
    }
}

fn number_matches(gold: &GoldFigure, system: &StoredFigure) -> bool {
    match (&gold.number, system.figure.value) {
        (super::gold_figures::GoldNumber::Count(n), Some(value)) => *n == value,
        (super::gold_figures::GoldNumber::Vague(word), None) => {
            system.figure.text.to_lowercase().contains(word.as_str())
        }
        _ => false,
    }
}

pub fn run(args: &FiguresArgs) -> Result<ExitCode> {
    let gold = read_gold_figures(&args.gold)?;
    let articles = args.articles.clone().unwrap_or(gold.articles.clone());
    let system = run_pipeline(&articles, args)?;
    let report = score(&gold, &system, args.verbose);
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        print_report(&report);
    }
    let mut below = false;
    if let Some(floor) = args.min_f1.filter(|floor| report.f1 < *floor) {
        eprintln!("figures F1 {:.3} is below the floor {floor:.3}", report.f1);
        below = true;
    }
    if let Some(floor) = args.min_place.filter(|floor| report.place_accuracy < *floor) {
        eprintln!("place accuracy {:.3} is below the floor {floor:.3}", report.place_accuracy);
        below = true;
    }
    Ok(if below { ExitCode::from(3) } else { ExitCode::SUCCESS })
}

/// Every figure of the articles, through the whole pipeline.
pub fn run_pipeline(articles: &std::path::Path, args: &FiguresArgs) -> Result<Vec<StoredFigure>> {
    super::with_scratch_store(
        articles,
        &args.stages.config(),
        |store| Ok(store.list_figures(&FigureFilter::default())?),
    )
}

fn score(gold: &GoldFigures, system: &[StoredFigure], verbose: bool) -> Report {
    let mut used = vec![false; system.len()];
    let mut per_measure: BTreeMap<String, Counts> = BTreeMap::new();
    let (mut qualifier_right, mut place_right, mut place_total, mut source_right, mut source_total, mut matched) =
        (0, 0, 0, 0, 0, 0);
    let mut misses = Vec::new();
    for g in &gold.figures {
        let counts = per_measure.entry(g.measure.clone()).or_default();
        counts.gold_required += usize::from(g.required);
        let found = system.iter().enumerate().position(|(i, s)| {
            !used[i] && s.article_id == g.article && s.figure.measure.as_str() == g.measure && number_matches(g, s)
        });
        match found {
            Some(i) => {
                used[i] = true;
                counts.matched_required += usize::from(g.required);
                let s = &system[i].figure;
                matched += 1;
                qualifier_right += usize::from(s.qualifier.as_str() == g.qualifier);
                if let Some(location) = &g.location {
                    place_total += 1;
                    let place = s.place.as_ref().map(|p| p.name.clone().unwrap_or(p.text.clone())).unwrap_or_default();
                    let text = s.place.as_ref().map(|p| p.text.clone()).unwrap_or_default();
                    let agrees = phrases_agree(location, &place)
                        || phrases_agree(location, &text)
                        || s.place.as_ref().is_some_and(|p| same_place(location, p));
                    place_right += usize::from(agrees);
                    if verbose && !agrees {
                        eprintln!("place: gold {location:?} got {text:?} — {}", g.evidence);
                    }
                }
                if let Some(source) = &g.source {
                    source_total += 1;
                    let agrees = s.source.as_deref().is_some_and(|x| phrases_agree(source, x));
                    source_right += usize::from(agrees);
                    if verbose && !agrees {
                        eprintln!("source: gold {source:?} got {:?} — {}", s.source, g.evidence);
                    }
                }
            }
            None if g.required => misses.push(format!("{} {} {} — {}", g.article, g.measure, g.number, g.evidence)),
            None => {}
        }
    }
    for (i, s) in system.iter().enumerate() {
        let counts = per_measure.entry(s.figure.measure.as_str().to_owned()).or_default();
        counts.system += 1;
        counts.matched_system += usize::from(used[i]);
    }
    let mut not_figures = Vec::new();
    for (i, s) in system.iter().enumerate() {
        if used[i] {
            continue;
        }
        let hit = gold.not_figures.iter().find(|(article, text)| {
            *article == s.article_id && text.contains(s.figure.text.trim_start_matches(|c: char| !c.is_alphanumeric()))
        });
        if let Some((article, text)) = hit {
            not_figures.push(format!("{article}: {text:?} read as {} {}", s.figure.measure.as_str(), s.figure.text));
        } else if verbose {
            eprintln!(
                "unmatched: {} {} {:?} — {}",
                s.article_id,
                s.figure.measure.as_str(),
                s.figure.text,
                s.figure.sentence
            );
        }
    }
    let total = per_measure.values().fold(Counts::default(), |a, c| Counts {
        gold_required: a.gold_required + c.gold_required,
        system: a.system + c.system,
        matched_required: a.matched_required + c.matched_required,
        matched_system: a.matched_system + c.matched_system,
    });
    let precision = ratio(total.matched_system, total.system);
    let recall = ratio(total.matched_required, total.gold_required);
    Report {
        gold: gold.path.clone(),
        precision,
        recall,
        f1: f1(precision, recall),
        per_measure: per_measure
            .into_iter()
            .map(|(m, c)| {
                let (p, r) = (ratio(c.matched_system, c.system), ratio(c.matched_required, c.gold_required));
                (m, (p, r, f1(p, r)))
            })
            .collect(),
        qualifier_accuracy: ratio(qualifier_right, matched),
        place_accuracy: ratio(place_right, place_total),
        source_accuracy: ratio(source_right, source_total),
        not_figures_extracted: not_figures.len(),
        misses,
        not_figures,
    }
}

fn print_report(report: &Report) {
    println!("{}", report.gold);
    println!("  figures      P {:.3} R {:.3} F1 {:.3}", report.precision, report.recall, report.f1);
    for (measure, (p, r, f)) in &report.per_measure {
        println!("    {measure:<10} P {p:.3} R {r:.3} F1 {f:.3}");
    }
    println!(
        "  on matches   qualifier {:.3}  place {:.3}  source {:.3}",
        report.qualifier_accuracy, report.place_accuracy, report.source_accuracy
    );
    println!("  not_figures extracted: {}", report.not_figures_extracted);
    for line in &report.not_figures {
        println!("    {line}");
    }
    println!("  misses: {}", report.misses.len());
    for line in &report.misses {
        println!("    {}", line.chars().take(160).collect::<String>());
    }
}
