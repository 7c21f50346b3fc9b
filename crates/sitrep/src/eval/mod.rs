//! `sitrep eval`: quality measured against gold files, printed as numbers.

mod clusters;
mod corpora;
mod figures;
mod gold;
mod gold_figures;
mod metrics;
mod report;

use anyhow::{Context, Result};
use clap::Subcommand;
use sitrep_pipeline::StoryStageConfig;
use sitrep_store::Store;
use std::path::Path;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum EvalCommand {
    /// Stories and copy groups against a gold clustering (B-cubed and pairwise P/R/F1).
    Clusters(clusters::ClustersArgs),
    /// Figures against a gold file: precision, recall, F1, per measure; qualifier, place and
    /// source accuracy on the matches; the not-figures extracted and the misses.
    Figures(figures::FiguresArgs),
    /// Displacement figures against IDMC's labelled excerpts: quantity and location recall.
    Idmc(corpora::IdmcArgs),
    /// Killed and injured per gun-violence incident against the archive's counts.
    Gva(corpora::GvaArgs),
    /// The situation report's best estimates against `story_truth.<story>.latest_best`.
    Report(report::ReportArgs),
}

pub fn run(command: &EvalCommand) -> Result<ExitCode> {
    match command {
        EvalCommand::Clusters(args) => clusters::run(args),
        EvalCommand::Figures(args) => figures::run(args),
        EvalCommand::Idmc(args) => corpora::idmc(args),
        EvalCommand::Gva(args) => corpora::gva(args),
        EvalCommand::Report(args) => report::run(args),
    }
}

/// Runs the whole pipeline over `articles` into a scratch database (removed afterwards, whatever
/// happens) and hands the store to `read`: every evaluation measures the same path as `ingest`.
pub fn with_scratch_store<T>(
    articles: &Path,
    config: &StoryStageConfig,
    read: impl FnOnce(&Store) -> Result<T>,
) -> Result<T> {
    let scratch = std::env::temp_dir().join(format!("sitrep-eval-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).with_context(|| format!("creating {}", scratch.display()))?;
    let result = (|| {
        let mut store = Store::open(&scratch.join("eval.db"))?;
        let mut ingested = sitrep_pipeline::ingest_paths(&mut store, &[articles.to_owned()])?;
        if !ingested.failed.is_empty() {
            eprintln!("warning: {} inputs of {} failed to ingest", ingested.failed.len(), articles.display());
        }
        sitrep_pipeline::update_stages_after(&mut store, config, std::mem::take(&mut ingested.prepared))?;
        read(&store)
    })();
    std::fs::remove_dir_all(&scratch).ok();
    result
}
