//! `sitrep`: the command line. It parses arguments, opens the store, runs a stage and prints;
//! the work itself lives in the library crates.

mod demo;
mod ingest;
mod listing;
mod output;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use sitrep_store::Store;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "sitrep", version, about = "Turns a stream of crisis news into a situation picture.")]
struct Cli {
    /// The database file (created if missing).
    #[arg(long, global = true, default_value = "sitrep.db", env = "SITREP_DB")]
    db: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Ingest the bundled sample (five reports, 2011-2012) into a fresh database and show it.
    Demo {
        /// The database to create (replaced if it exists).
        #[arg(long, default_value = "sitrep-demo.db")]
        demo_db: PathBuf,
    },
    /// Read articles from files and directories (.txt, .html, .jsonl, .json, optionally .gz).
    Ingest {
        /// Files or directories (read recursively).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print one JSON object per diagnostic and a final summary object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// List stored articles, newest first.
    Articles(listing::ArticlesArgs),
    /// Show one article: metadata and cleaned text.
    Show(listing::ShowArgs),
    /// Full-text search over titles and texts.
    Search(listing::SearchArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("sitrep: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Demo { demo_db } => demo::run(&demo_db),
        Command::Ingest { paths, json } => {
            let mut store = open_store(&cli.db)?;
            let report = ingest::ingest_paths(&mut store, &paths)?;
            report.print(json)?;
            Ok(if report.failed.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) })
        }
        Command::Articles(args) => listing::articles(&open_store(&cli.db)?, &args),
        Command::Show(args) => listing::show(&open_store(&cli.db)?, &args),
        Command::Search(args) => listing::search(&open_store(&cli.db)?, &args),
    }
}

fn open_store(path: &Path) -> Result<Store> {
    Store::open(path).with_context(|| format!("opening the database {}", path.display()))
}
