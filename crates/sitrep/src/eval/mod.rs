//! `sitrep eval`: quality measured against gold files, printed as numbers.

mod clusters;
mod corpora;
mod figures;
mod gold;
mod gold_figures;
mod metrics;
mod report;

use anyhow::Result;
use clap::Subcommand;
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
