//! `sitrep watch --config sitrep.toml`: the feeds of a config file, polled until Ctrl-C.
//!
//! ```toml
//! allow_hosts = ["cdn.example.org"]   # hosts feed links may point to besides the feeds' own
//! allow_private = false                # loopback and private addresses (local tests only)
//! timeout_seconds = 20
//! host_delay_seconds = 2               # politeness: time between two requests to one host
//!
//! [[feed]]
//! url = "https://news.example.org/world/rss.xml"
//! interval_minutes = 15
//! ```

use crate::StageArgs;
use anyhow::{Context, Result, bail};
use clap::Args;
use serde::Deserialize;
use sitrep_pipeline::FetchPolicy;
use sitrep_pipeline::watch::{FeedHealth, WatchConfig, WatchedFeed, watch};
use sitrep_store::Store;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

#[derive(Args)]
pub struct WatchArgs {
    /// The config file (TOML) listing the feeds.
    #[arg(long, default_value = "sitrep.toml")]
    config: PathBuf,
    /// Stop after this many polls of every feed (default: run until Ctrl-C).
    #[arg(long)]
    polls: Option<usize>,
    #[command(flatten)]
    stages: StageArgs,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    allow_hosts: Vec<String>,
    #[serde(default)]
    allow_private: bool,
    timeout_seconds: Option<u64>,
    host_delay_seconds: Option<f64>,
    #[serde(default)]
    feed: Vec<FeedEntry>,
    /// The `[serve]` section belongs to `sitrep serve`.
    #[serde(default)]
    #[allow(dead_code)] // read by serve.rs from the same file
    serve: Option<toml::Table>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FeedEntry {
    url: String,
    interval_minutes: Option<f64>,
    interval_seconds: Option<f64>,
}

fn print_health(health: &[FeedHealth]) {
    for feed in health {
        println!(
            "{}  polls {}  new {}  not modified {}  failures {}  last: {}",
            feed.url, feed.polls, feed.new_articles, feed.not_modified, feed.failures, feed.last
        );
    }
}

/// The feeds and fetch settings of a config file.
pub fn read_watch_config(path: &Path, polls: Option<usize>, stages: &StageArgs) -> Result<WatchConfig> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let file: ConfigFile =
        toml::from_str(&text).with_context(|| format!("{} is not a valid config", path.display()))?;
    if file.feed.is_empty() {
        bail!("{} lists no [[feed]]", path.display());
    }
    let mut feeds = Vec::new();
    for entry in file.feed {
        if !sitrep_ingest::is_url(&entry.url) {
            bail!("feed url {:?} is not an http(s) URL", entry.url);
        }
        let seconds = entry.interval_seconds.or(entry.interval_minutes.map(|m| m * 60.0)).unwrap_or(900.0);
        feeds.push(WatchedFeed { url: entry.url, interval: Duration::from_secs_f64(seconds.max(0.0)) });
    }
    Ok(WatchConfig {
        feeds,
        fetch: FetchPolicy {
            allowed_hosts: file.allow_hosts,
            allow_private: file.allow_private,
            timeout: Duration::from_secs(file.timeout_seconds.unwrap_or(20)),
            ..FetchPolicy::default()
        },
        host_delay: Duration::from_secs_f64(file.host_delay_seconds.unwrap_or(1.0).max(0.0)),
        polls,
        stages: stages.config(),
    })
}

pub fn run(store: &mut Store, args: &WatchArgs) -> Result<ExitCode> {
    let config = read_watch_config(&args.config, args.polls, &args.stages)?;
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst)).context("installing the Ctrl-C handler")?;
    eprintln!("watching {} feeds (Ctrl-C stops after the poll under way)", config.feeds.len());
    let health = watch(store, &config, &stop, &mut |health| {
        for feed in health {
            eprintln!("  {}: {} (polls {}, new {})", feed.url, feed.last, feed.polls, feed.new_articles);
        }
    })?;
    println!("feed health:");
    print_health(&health);
    Ok(ExitCode::SUCCESS)
}
