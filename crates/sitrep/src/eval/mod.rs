//! `sitrep eval`: quality measured against gold files, printed as numbers.

mod clusters;
mod gold;
mod metrics;

use anyhow::Result;
use clap::Subcommand;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum EvalCommand {
    /// Stories and copy groups against a gold clustering (B-cubed and pairwise P/R/F1).
    Clusters(clusters::ClustersArgs),
}

pub fn run(command: &EvalCommand) -> Result<ExitCode> {
    match command {
        EvalCommand::Clusters(args) => clusters::run(args),
    }
}
