//! The ingestion pipeline: a reader thread streams records from the sources, both cores clean
//! them, and each batch is stored in one transaction. Copy groups and stories follow, over the
//! articles the run stored (see `stories`).

use crate::stories::{Prepared, PreparedArticles, prepare_article};
use anyhow::Result;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use sitrep_core::Article;
use sitrep_ingest::{Diagnostic, FetchPolicy, RawArticle, Severity, SourceItem, read_paths};
use sitrep_store::Store;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A batch is stored in one transaction: big enough to amortize the commit, small enough that
/// an interruption loses little and memory stays bounded.
const BATCH_ARTICLES: usize = 1000;
const BATCH_BYTES: usize = 32 << 20;
/// Batches read ahead of the one being stored.
const BATCHES_IN_FLIGHT: usize = 2;

enum Batch {
    Articles(Vec<RawArticle>),
    Diagnostic(Diagnostic),
    Ignored,
}

/// What one ingest run did.
#[derive(Debug, Default)]
pub struct IngestReport {
    pub inserted: usize,
    pub skipped: usize,
    pub ignored: usize,
    pub failed: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
    /// The story stage's work on the last batch, done while it was stored: hand it to
    /// [`crate::update_stages_after`].
    pub prepared: PreparedArticles,
}

pub fn ingest_paths(store: &mut Store, paths: &[PathBuf]) -> Result<IngestReport> {
    ingest_sources(store, paths, &FetchPolicy::default())
}

/// Ingests files, directories and URLs (fetched under `fetch`).
pub fn ingest_sources(store: &mut Store, paths: &[PathBuf], fetch: &FetchPolicy) -> Result<IngestReport> {
    ingest_with(store, |emit| read_paths(paths, fetch, emit))
}

/// Ingests what `read` hands out (articles, diagnostics), batch by batch.
pub fn ingest_with<F>(store: &mut Store, read: F) -> Result<IngestReport>
where
    F: FnOnce(&mut dyn FnMut(SourceItem)) + Send,
{
    let started = Instant::now();
    // The figure stage's gazetteer (0.2–0.3 s to load, once per process) loads on the other
    // core while the articles are read and stored.
    std::thread::spawn(|| {
        sitrep_core::gazetteer::gazetteer();
    });
    let progress = progress_bar();
    let mut report = IngestReport::default();
    let (sender, receiver) = mpsc::sync_channel::<Batch>(BATCHES_IN_FLIGHT);
    let stored: Result<()> = std::thread::scope(|scope| {
        scope.spawn(move || read_in_batches(read, &sender));
        // Batch N+1 is cleaned on the pool while batch N is stored on this thread: storing is
        // sequential and would otherwise leave a core idle.
        let mut cleaned: Option<Vec<Article>> = None;
        for batch in receiver {
            match batch {
                Batch::Articles(mut raw) => {
                    // Known ids are skipped before the costly cleaning, so a re-run is quick.
                    // (An id repeated in the batch being stored is caught by the insert.)
                    let n_read = raw.len();
                    let mut known = Vec::with_capacity(raw.len());
                    for article in &raw {
                        known.push(match &article.id {
                            Some(id) => store.contains_article(id)?,
                            None => false,
                        });
                    }
                    let mut is_known = known.into_iter();
                    raw.retain(|_| !is_known.next().unwrap_or(false));
                    report.skipped += n_read - raw.len();
                    progress.inc((n_read - raw.len()) as u64);
                    let mut next: Vec<Article> = Vec::new();
                    let previous = cleaned.take();
                    rayon::in_place_scope(|pool| -> Result<()> {
                        let slot = &mut next;
                        pool.spawn(move |_| *slot = raw.into_par_iter().map(RawArticle::into_article).collect());
                        if let Some(articles) = previous {
                            store_batch(store, &articles, &mut report, &progress)?;
                        }
                        Ok(())
                    })?;
                    cleaned = Some(next);
                }
                Batch::Diagnostic(diagnostic) => match diagnostic.severity {
                    Severity::Failed => report.failed.push(diagnostic),
                    Severity::Warning => report.warnings.push(diagnostic),
                },
                Batch::Ignored => report.ignored += 1,
            }
        }
        // Nothing is left to clean, so while the last batch is stored the other core prepares
        // its articles for the story stage, one after the other, until the batch is stored
        // (one thread, not the pool: a third busy thread on two cores would slow the store).
        if let Some(articles) = cleaned {
            let mut prepared: Vec<Prepared> = Vec::new();
            let stored = AtomicBool::new(false);
            let keys = rayon::in_place_scope(|pool| -> Result<Vec<Option<i64>>> {
                let (slot, articles, stored) = (&mut prepared, &articles, &stored);
                pool.spawn(move |_| {
                    for article in articles {
                        if stored.load(Ordering::Relaxed) {
                            break;
                        }
                        slot.push(prepare_article(article.title.as_deref(), &article.text, &article.language));
                    }
                });
                let keys = store_batch(store, articles, &mut report, &progress);
                stored.store(true, Ordering::Relaxed);
                keys
            })?;
            report.prepared.by_key =
                keys.into_iter().zip(prepared).filter_map(|(key, prepared)| Some((key?, prepared))).collect();
        }
        Ok(())
    });
    progress.finish_and_clear();
    report.elapsed = started.elapsed();
    stored.map(|()| report)
}

/// Stores a batch; the key each article got (`None` if it was already stored).
fn store_batch(
    store: &mut Store,
    articles: &[Article],
    report: &mut IngestReport,
    progress: &ProgressBar,
) -> Result<Vec<Option<i64>>> {
    let (outcome, keys) = store.insert_articles_keyed(articles)?;
    report.inserted += outcome.inserted;
    report.skipped += outcome.skipped;
    progress.inc(articles.len() as u64);
    Ok(keys)
}

fn read_in_batches<F>(read: F, sender: &mpsc::SyncSender<Batch>)
where
    F: FnOnce(&mut dyn FnMut(SourceItem)),
{
    let mut batch: Vec<RawArticle> = Vec::new();
    let mut batch_bytes = 0usize;
    let mut receiver_gone = false;
    let mut send = |item: Batch| {
        // After the store failed the receiver is gone: the rest is dropped, not an error here.
        if !receiver_gone && sender.send(item).is_err() {
            receiver_gone = true;
        }
    };
    read(&mut |item| match item {
        SourceItem::Article(article) => {
            batch_bytes += article.text.len();
            batch.push(*article);
            if batch.len() >= BATCH_ARTICLES || batch_bytes >= BATCH_BYTES {
                batch_bytes = 0;
                send(Batch::Articles(std::mem::take(&mut batch)));
            }
        }
        SourceItem::Diagnostic(diagnostic) => send(Batch::Diagnostic(diagnostic)),
        SourceItem::Ignored(_) => send(Batch::Ignored),
    });
    if !batch.is_empty() {
        send(Batch::Articles(batch));
    }
}

/// A spinner with the rate, on a terminal only (never in CI logs or pipes).
fn progress_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{spinner} {human_pos} articles stored ({per_sec}) {elapsed}") {
        bar.set_style(style);
    }
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

impl IngestReport {
    pub fn rate(&self) -> f64 {
        let seconds = self.elapsed.as_secs_f64();
        if seconds > 0.0 { (self.inserted + self.skipped) as f64 / seconds } else { 0.0 }
    }
}
