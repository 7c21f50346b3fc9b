//! `sitrep`: the command line. It parses arguments, opens the store, runs the pipeline and
//! prints; the work itself lives in the library crates.

mod demo;
mod eval;
mod figures;
mod listing;
mod output;
mod report;
mod serve;
mod stories;
mod watch;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use sitrep_core::cluster::StoryParams;
use sitrep_pipeline::StoryStageConfig;
use sitrep_store::Store;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

// mimalloc: the stages allocate many small vectors and strings per article; with it the whole
// pipeline over Reuters-21578 runs about 6 % faster than with the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// Read articles from files and directories (.txt, .html, .jsonl, .json, optionally .gz),
    /// then group them into copy groups and stories.
    Ingest {
        /// Files, directories (read recursively), or http(s) URLs of a feed or a page.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// A host that may be fetched besides those named (feed links, redirects); repeatable.
        #[arg(long = "allow-host")]
        allow_hosts: Vec<String>,
        /// Allow fetching from loopback and private addresses (local tests).
        #[arg(long)]
        allow_private: bool,
        /// Seconds a fetch may take.
        #[arg(long, default_value_t = 20)]
        fetch_timeout: u64,
        /// Print one JSON object per diagnostic and a final summary object instead of text.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        stages: StageArgs,
    },
    /// List stored articles, newest first.
    Articles(listing::ArticlesArgs),
    /// Show one article: metadata and cleaned text.
    Show(listing::ShowArgs),
    /// Full-text search over titles and texts.
    Search(listing::SearchArgs),
    /// List stories, most recently active first.
    Stories(stories::StoriesArgs),
    /// Show one story: its articles in time order, copies of one wire story grouped.
    Story(stories::StoryArgs),
    /// Poll the feeds of a config file on their intervals and ingest what is new, until Ctrl-C.
    Watch(watch::WatchArgs),
    /// List extracted figures with their evidence.
    Figures(figures::FiguresArgs),
    /// The situation report: per story, summary with citations, reconciled quantities (low /
    /// best / high, independent sources, conflicts), timeline, sources.
    Report(report::ReportArgs),
    /// Export reconciled quantities (or raw figures with --figures) as CSV, HXL, GeoJSON or JSON.
    Export(report::ExportArgs),
    /// Serve the JSON API and the web UI (http://127.0.0.1:8080 by default) until Ctrl-C.
    Serve(serve::ServeArgs),
    /// Measure quality against gold files.
    #[command(subcommand)]
    Eval(eval::EvalCommand),
}

/// Settings of the copy and story stages.
#[derive(Args, Clone)]
pub struct StageArgs {
    /// A story stops taking articles after this many days without one.
    #[arg(long, default_value_t = StoryParams::default().quiet_days)]
    quiet_days: f64,
    /// Similarity an article needs to join a story (0-1).
    #[arg(long, default_value_t = StoryParams::default().threshold)]
    story_threshold: f32,
    /// Copies of one wire story are published within this many days of each other.
    #[arg(long, default_value_t = StoryStageConfig::default().copy_window_days)]
    copy_window_days: f64,
    /// Weights of content words, names and title words in the story similarity.
    #[arg(long, value_delimiter = ',', num_args = 3, hide = true)]
    story_weights: Option<Vec<f32>>,
    /// Similarity taken off at the end of the quiet period.
    #[arg(long, hide = true)]
    time_penalty: Option<f32>,
    /// Similarity added for a story's article on the same day, falling to none after a week.
    #[arg(long, hide = true)]
    recency_bonus: Option<f32>,
}

impl StageArgs {
    pub fn config(&self) -> StoryStageConfig {
        StoryStageConfig {
            stories: {
                let defaults = StoryParams::default();
                let weights = match self.story_weights.as_deref() {
                    Some([words, names, title]) => [*words, *names, *title],
                    _ => defaults.weights,
                };
                StoryParams {
                    quiet_days: self.quiet_days,
                    threshold: self.story_threshold,
                    weights,
                    time_penalty: self.time_penalty.unwrap_or(defaults.time_penalty),
                    recency_bonus: self.recency_bonus.unwrap_or(defaults.recency_bonus),
                    ..defaults
                }
            },
            copy_window_days: self.copy_window_days,
        }
    }
}

fn main() -> ExitCode {
    // `sitrep report | head` closes the pipe early: that is the reader's choice, not an error.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info.payload().downcast_ref::<String>().map(String::as_str).unwrap_or("");
        if message.contains("failed printing to stdout") && message.contains("Broken pipe") {
            std::process::exit(0);
        }
        default_hook(info);
    }));
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            let broken_pipe = error.chain().any(|e| {
                e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            });
            if broken_pipe {
                return ExitCode::SUCCESS;
            }
            eprintln!("sitrep: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Demo { demo_db } => demo::run(&demo_db),
        Command::Ingest { paths, json, stages, allow_hosts, allow_private, fetch_timeout } => {
            let mut store = open_store(&cli.db)?;
            let fetch = sitrep_pipeline::FetchPolicy {
                allowed_hosts: allow_hosts,
                allow_private,
                timeout: std::time::Duration::from_secs(fetch_timeout),
                ..Default::default()
            };
            let mut report = sitrep_pipeline::ingest_sources(&mut store, &paths, &fetch)?;
            let prepared = std::mem::take(&mut report.prepared);
            let stages = sitrep_pipeline::update_stages_after(&mut store, &stages.config(), prepared)?;
            output::print_ingest_report(&report, &stages, json)?;
            Ok(if report.failed.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) })
        }
        Command::Articles(args) => listing::articles(&open_store(&cli.db)?, &args),
        Command::Show(args) => listing::show(&open_store(&cli.db)?, &args),
        Command::Search(args) => listing::search(&open_store(&cli.db)?, &args),
        Command::Stories(args) => stories::stories(&open_store(&cli.db)?, &args),
        Command::Story(args) => stories::story(&open_store(&cli.db)?, &args),
        Command::Watch(args) => watch::run(&mut open_store(&cli.db)?, &args),
        Command::Figures(args) => figures::figures(&open_store(&cli.db)?, &args),
        Command::Report(args) => report::report(&open_store(&cli.db)?, &args),
        Command::Export(args) => report::export(&open_store(&cli.db)?, &args),
        Command::Serve(args) => serve::run(&cli.db, &args),
        Command::Eval(command) => eval::run(&command),
    }
}

fn open_store(path: &Path) -> Result<Store> {
    Store::open(path).with_context(|| format!("opening the database {}", path.display()))
}
