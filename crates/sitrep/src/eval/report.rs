//! `sitrep eval report`: the situation report's best estimates against a gold file's
//! `story_truth.<story>.latest_best` (measure → number). Each gold story is matched to the
//! sitrep story holding most of its articles; for each gold measure, sitrep's estimate is the
//! story's total of the measure in the report (`totals`; displaced falls back on the refugees
//! stock, where cumulative displacement may be kept). A match is within 10 %.

use crate::StageArgs;
use anyhow::{Context, Result, bail};
use clap::Args;
use serde_json::Value;
use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct ReportArgs {
    /// A gold file with `stories` and `story_truth` (crisis-dev's gold.json, or the repo's own
    /// `tests/data/seeds_truth.json`).
    #[arg(long)]
    gold: PathBuf,
    /// The articles (default: `articles.jsonl` beside the gold file).
    #[arg(long)]
    articles: Option<PathBuf>,
    /// Exit with status 3 if the match rate is below this.
    #[arg(long)]
    min_match: Option<f64>,
    #[command(flatten)]
    stages: StageArgs,
}

pub fn run(args: &ReportArgs) -> Result<ExitCode> {
    let raw = std::fs::read_to_string(&args.gold)
        .with_context(|| format!("reading {} (the shared corpora live in ../shared/corpus/)", args.gold.display()))?;
    let gold: Value = serde_json::from_str(&raw).with_context(|| format!("parsing {}", args.gold.display()))?;
    let (Some(stories), Some(truth)) =
        (gold.get("stories").and_then(Value::as_object), gold.get("story_truth").and_then(Value::as_object))
    else {
        bail!("{}: expected \"stories\" and \"story_truth\"", args.gold.display());
    };
    let articles = args.articles.clone().unwrap_or_else(|| args.gold.with_file_name("articles.jsonl"));
    let result =
        super::with_scratch_store(&articles, &args.stages.config(), |store| -> Result<(usize, usize, Vec<String>)> {
            let story_of: HashMap<String, i64> =
                store.all_memberships()?.into_iter().filter_map(|m| Some((m.article_id, m.story_id?))).collect();
            let (mut n, mut right, mut lines) = (0, 0, Vec::new());
            for (gold_story, facts) in truth {
                let Some(best) = facts.get("latest_best").and_then(Value::as_object) else { continue };
                let ids: Vec<&str> = stories
                    .get(gold_story)
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect();
                let mut votes: HashMap<i64, usize> = HashMap::new();
                for id in &ids {
                    if let Some(story) = story_of.get(*id) {
                        *votes.entry(*story).or_insert(0) += 1;
                    }
                }
                let Some((&story, _)) = votes.iter().max_by_key(|(id, count)| (**count, -**id)) else { continue };
                let summary = store.story(story)?;
                let Some(summary) = summary else { continue };
                let report = sitrep_report::build_story(store, &summary, Default::default())?;
                for (measure, expected) in best {
                    let Some(expected) = expected.as_u64() else { continue };
                    n += 1;
                    // The story's total of the measure; cumulative displacement may be kept only as
                    // the stock of people hosted.
                    let total = |m: &str| report.totals.iter().find(|t| t.measure == m).map(|t| t.best);
                    let estimate =
                        total(measure).or_else(|| if measure == "displaced" { total("refugees") } else { None });
                    let ok = estimate.is_some_and(|e| (e as f64 - expected as f64).abs() <= 0.1 * expected as f64);
                    right += usize::from(ok);
                    lines.push(format!(
                        "    {} {gold_story} {measure}: gold {expected}, sitrep {}",
                        if ok { "ok  " } else { "MISS" },
                        estimate.map_or("none".to_owned(), |e| e.to_string())
                    ));
                }
            }
            Ok((n, right, lines))
        });
    let (n, right, lines) = result?;
    let rate = if n == 0 { 0.0 } else { right as f64 / n as f64 };
    println!("{}", args.gold.display());
    println!("  best estimates within 10 %: {right} of {n} ({rate:.3})");
    for line in lines {
        println!("{line}");
    }
    let below = args.min_match.is_some_and(|floor| rate < floor);
    Ok(if below { ExitCode::from(3) } else { ExitCode::SUCCESS })
}
