//! Watch mode: the configured feeds polled on their intervals with conditional requests
//! (ETag / If-Modified-Since), one request at a time with a delay between two requests to one
//! host, retries with exponential backoff after a failure, and a health summary per feed. New
//! articles go through the whole pipeline as they arrive; a stop request ends the loop between
//! two polls, so nothing fetched is lost.

use crate::{StoryStageConfig, ingest_with, update_stages_after};
use anyhow::Result;
use sitrep_ingest::{FetchPolicy, Poll, Validators, poll_url};
use sitrep_store::Store;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// The first retry after a failure waits this long; each further failure doubles it, up to
/// the feed's own interval.
const FIRST_RETRY: Duration = Duration::from_secs(5);
/// How often a sleeping watcher looks at the stop flag.
const STOP_CHECK: Duration = Duration::from_millis(100);

#[derive(Debug, Clone)]
pub struct WatchedFeed {
    pub url: String,
    pub interval: Duration,
}

#[derive(Debug, Clone)]
pub struct WatchConfig {
    pub feeds: Vec<WatchedFeed>,
    pub fetch: FetchPolicy,
    /// Minimum time between two requests to one host.
    pub host_delay: Duration,
    /// Stop after this many polls of every feed (None: until stopped).
    pub polls: Option<usize>,
    pub stages: StoryStageConfig,
}

/// How a feed has fared.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedHealth {
    pub url: String,
    pub polls: usize,
    pub new_articles: usize,
    pub not_modified: usize,
    pub failures: usize,
    pub consecutive_failures: u32,
    pub last: String,
}

fn host(url: &str) -> String {
    url.split("://").nth(1).and_then(|rest| rest.split(['/', '?', '#']).next()).unwrap_or("").to_ascii_lowercase()
}

/// Sleeps until `until`, or returns false at once when a stop is requested.
fn sleep_until(until: Instant, stop: &AtomicBool) -> bool {
    loop {
        if stop.load(Ordering::SeqCst) {
            return false;
        }
        let now = Instant::now();
        if now >= until {
            return true;
        }
        std::thread::sleep((until - now).min(STOP_CHECK));
    }
}

/// Polls until stopped (or until every feed had `config.polls` polls); `on_poll` sees the
/// health of every feed after each poll.
pub fn watch(
    store: &mut Store,
    config: &WatchConfig,
    stop: &AtomicBool,
    on_poll: &mut dyn FnMut(&[FeedHealth]),
) -> Result<Vec<FeedHealth>> {
    let mut health: Vec<FeedHealth> =
        config.feeds.iter().map(|f| FeedHealth { url: f.url.clone(), ..FeedHealth::default() }).collect();
    let mut validators: Vec<Validators> = vec![Validators::default(); config.feeds.len()];
    let start = Instant::now();
    let mut due: Vec<Instant> = vec![start; config.feeds.len()];
    let mut last_request: HashMap<String, Instant> = HashMap::new();
    loop {
        let remaining = |i: usize| config.polls.is_none_or(|n| health[i].polls < n);
        let Some(next) = (0..config.feeds.len()).filter(|i| remaining(*i)).min_by_key(|i| due[*i]) else { break };
        let feed = &config.feeds[next];
        let host = host(&feed.url);
        let polite = last_request.get(&host).map_or(due[next], |last| (*last + config.host_delay).max(due[next]));
        if !sleep_until(polite, stop) {
            break;
        }
        last_request.insert(host, Instant::now());
        let mut poll = Poll::NotModified;
        let mut report =
            ingest_with(store, |emit| poll = poll_url(&feed.url, &config.fetch, &mut validators[next], emit))?;
        if report.inserted > 0 {
            update_stages_after(store, &config.stages, std::mem::take(&mut report.prepared))?;
        }
        let entry = &mut health[next];
        entry.polls += 1;
        entry.new_articles += report.inserted;
        match &poll {
            Poll::NotModified => {
                entry.not_modified += 1;
                entry.consecutive_failures = 0;
                entry.last = "not modified".to_owned();
            }
            Poll::Items(n) => {
                entry.consecutive_failures = 0;
                entry.last = format!("{n} items, {} new articles", report.inserted);
            }
            Poll::Failed(message) => {
                entry.failures += 1;
                entry.consecutive_failures += 1;
                entry.last = format!("failed: {message}");
            }
        }
        due[next] = Instant::now()
            + match poll {
                Poll::Failed(_) => {
                    let backoff =
                        FIRST_RETRY.saturating_mul(2u32.saturating_pow(entry.consecutive_failures.saturating_sub(1)));
                    backoff.min(feed.interval)
                }
                _ => feed.interval,
            };
        on_poll(&health);
    }
    Ok(health)
}
