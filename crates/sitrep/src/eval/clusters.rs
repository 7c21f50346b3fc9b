//! `sitrep eval clusters`: ingests a gold corpus into a fresh database, runs the pipeline, and
//! scores its stories and copy groups.

use super::gold::read_gold_clusters;
use super::metrics::{ClusterScores, score};
use crate::StageArgs;
use anyhow::Result;
use clap::Args;
use serde::Serialize;
use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct ClustersArgs {
    /// The gold file: a `gold.json` (stories, syndicated) or JSON lines with `cluster` or
    /// `incident_id` per article.
    #[arg(long)]
    gold: PathBuf,
    /// The articles (default: `articles.jsonl` beside a gold.json, else the gold file itself).
    #[arg(long)]
    articles: Option<PathBuf>,
    /// Print the scores as one JSON object.
    #[arg(long)]
    json: bool,
    /// Exit with status 3 if the stories' B-cubed F1 is below this.
    #[arg(long)]
    min_story_f1: Option<f64>,
    /// Exit with status 3 if the copy groups' pairwise F1 is below this.
    #[arg(long)]
    min_copy_f1: Option<f64>,
    #[command(flatten)]
    stages: StageArgs,
}

#[derive(Serialize)]
struct Report {
    gold: String,
    stories: ClusterScores,
    copies: Option<ClusterScores>,
}

pub fn run(args: &ClustersArgs) -> Result<ExitCode> {
    if !args.gold.exists() {
        anyhow::bail!(
            "gold file {} not found (the shared corpora live in ../shared/corpus/; is ../shared there?)",
            args.gold.display()
        );
    }
    let gold = read_gold_clusters(&args.gold)?;
    let articles = args.articles.clone().unwrap_or(gold.articles.clone());
    let memberships =
        super::with_scratch_store(&articles, &args.stages.config(), |store| Ok(store.all_memberships()?))?;

    let mut system_stories = HashMap::new();
    let mut system_copies = HashMap::new();
    for membership in memberships {
        if let Some(story) = membership.story_id {
            system_stories.insert(membership.article_id.clone(), story.to_string());
        }
        if let Some(group) = membership.copy_group {
            system_copies.insert(membership.article_id, group.to_string());
        }
    }
    let missing = gold.stories.keys().filter(|id| !system_stories.contains_key(*id)).count();
    if missing > 0 {
        eprintln!("warning: {missing} gold articles were not placed in a story (counted as singletons)");
    }
    let report = Report {
        gold: args.gold.display().to_string(),
        stories: score(&gold.stories, &system_stories),
        copies: gold.copies.as_ref().map(|copies| score(copies, &system_copies)),
    };
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        println!("{}", report.gold);
        print_scores("stories", &report.stories);
        if let Some(copies) = &report.copies {
            print_scores("copy groups", copies);
        }
    }
    let below = |floor: Option<f64>, value: Option<f64>| floor.is_some_and(|f| value.is_none_or(|v| v < f));
    let mut failed = false;
    if below(args.min_story_f1, Some(report.stories.b3_f1)) {
        eprintln!(
            "stories B³ F1 {:.3} is below the floor {:.3}",
            report.stories.b3_f1,
            args.min_story_f1.unwrap_or(0.0)
        );
        failed = true;
    }
    if below(args.min_copy_f1, report.copies.map(|c| c.pair_f1)) {
        eprintln!("copy pairwise F1 is below the floor {:.3}", args.min_copy_f1.unwrap_or(0.0));
        failed = true;
    }
    Ok(if failed { ExitCode::from(3) } else { ExitCode::SUCCESS })
}

fn print_scores(what: &str, scores: &ClusterScores) {
    println!(
        "  {what:<12} B³ P {:.3} R {:.3} F1 {:.3}   pairwise P {:.3} R {:.3} F1 {:.3}   ({} articles, gold {} / sitrep {} clusters)",
        scores.b3_precision,
        scores.b3_recall,
        scores.b3_f1,
        scores.pair_precision,
        scores.pair_recall,
        scores.pair_f1,
        scores.n_items,
        scores.n_gold_clusters,
        scores.n_system_clusters
    );
}
