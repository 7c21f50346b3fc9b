//! `sitrep serve`: the JSON API and the web UI over the database, with the config file's
//! `[serve]` section and, with `--watch`, its feeds polled beside the server.
//!
//! ```toml
//! [serve]
//! bind = "127.0.0.1:8080"
//! token = "a long random string"   # POST /api/articles needs it (or SITREP_API_TOKEN)
//! policy = "ucdp"                  # or "acled"
//! ```

use crate::StageArgs;
use crate::report::parse_policy;
use anyhow::{Context, Result};
use clap::Args;
use serde::Deserialize;
use sitrep_server::ServerConfig;
use sitrep_store::Store;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on (default 127.0.0.1:8080, or the config's [serve] bind).
    #[arg(long)]
    bind: Option<SocketAddr>,
    /// The config file: its [serve] section, and its feeds with --watch (optional).
    #[arg(long, default_value = "sitrep.toml")]
    config: PathBuf,
    /// Poll the config file's feeds while serving.
    #[arg(long)]
    watch: bool,
    /// ucdp or acled (default: the config's, else ucdp).
    #[arg(long)]
    policy: Option<String>,
    #[command(flatten)]
    stages: StageArgs,
}

#[derive(Deserialize, Default)]
struct ConfigFile {
    #[serde(default)]
    serve: ServeSection,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ServeSection {
    bind: Option<SocketAddr>,
    token: Option<String>,
    policy: Option<String>,
    readers: Option<usize>,
    request_timeout_seconds: Option<u64>,
    max_body_mib: Option<usize>,
    posts_per_minute: Option<u32>,
}

fn read_section(path: &Path, required: bool) -> Result<ServeSection> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let file: ConfigFile =
                toml::from_str(&text).with_context(|| format!("{} is not a valid config", path.display()))?;
            Ok(file.serve)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => Ok(ServeSection::default()),
        Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
    }
}

pub fn run(db: &Path, args: &ServeArgs) -> Result<ExitCode> {
    let section = read_section(&args.config, args.watch)?;
    let mut config = ServerConfig::new(db.to_path_buf());
    if let Some(bind) = args.bind.or(section.bind) {
        config.bind = bind;
    }
    config.token = std::env::var("SITREP_API_TOKEN").ok().filter(|t| !t.is_empty()).or(section.token);
    if let Some(policy) = args.policy.as_deref().or(section.policy.as_deref()) {
        config.policy = parse_policy(policy)?;
    }
    if let Some(readers) = section.readers {
        config.readers = readers.clamp(1, 64);
    }
    if let Some(seconds) = section.request_timeout_seconds {
        config.request_timeout = std::time::Duration::from_secs(seconds.max(1));
    }
    if let Some(mib) = section.max_body_mib {
        config.max_body_bytes = mib.clamp(1, 256) << 20;
    }
    if let Some(n) = section.posts_per_minute {
        config.posts_per_minute = n;
    }
    // Create the database and its schema before the readers open it.
    drop(Store::open(db).with_context(|| format!("opening the database {}", db.display()))?);

    let stop = Arc::new(AtomicBool::new(false));
    let watcher = if args.watch {
        let watch_config = crate::watch::read_watch_config(&args.config, None, &args.stages)?;
        let mut store = Store::open(db).with_context(|| format!("opening the database {}", db.display()))?;
        let stop = stop.clone();
        eprintln!("watching {} feeds beside the server", watch_config.feeds.len());
        Some(std::thread::spawn(move || {
            let result = sitrep_pipeline::watch::watch(&mut store, &watch_config, &stop, &mut |health| {
                for feed in health {
                    eprintln!("  {}: {} (polls {}, new {})", feed.url, feed.last, feed.polls, feed.new_articles);
                }
            });
            if let Err(error) = result {
                eprintln!("sitrep serve: the feed watcher stopped: {error:#}");
            }
        }))
    } else {
        None
    };

    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting the server")?;
    eprintln!(
        "sitrep serve: http://{} (database {}; ingestion over HTTP {}); Ctrl-C stops",
        config.bind,
        db.display(),
        if config.token.is_some() { "on" } else { "off: no token" }
    );
    let served = runtime.block_on(sitrep_server::serve(config));
    stop.store(true, Ordering::SeqCst);
    if let Some(watcher) = watcher {
        let _ = watcher.join();
    }
    served?;
    Ok(ExitCode::SUCCESS)
}
