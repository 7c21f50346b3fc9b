//! The extract stage over the store: every article stored since the last run, on both cores,
//! its figures written with it in one transaction per chunk. In `update_stages` the story stage
//! extracts its chunks' figures alongside (`extract_batch`), on the core its sequential
//! assignment leaves free; this stage then takes what is left.

use anyhow::{Context, Result};
use rayon::prelude::*;
use sitrep_core::extract::{ExtractInput, extract_figures};
use sitrep_store::{ArticleFigures, ArticleText, Store};
use std::collections::HashMap;
use std::time::{Duration, Instant};

const CHUNK: usize = 2000;
const LAST_KEY: &str = "figures.last_key";

#[derive(Debug, Default, Clone)]
pub struct FigureStageReport {
    pub n_articles: usize,
    pub n_figures: usize,
    pub n_skipped: usize,
    /// Of `n_articles`, those extracted alongside the story stage (in its time, not this one's).
    pub n_alongside: usize,
    /// The figure stage's own time (the articles left after the story stage).
    pub elapsed: Duration,
}

/// Extracts the figures of every article stored since the last run.
pub fn update_figures(store: &mut Store) -> Result<FigureStageReport> {
    let started = Instant::now();
    let after_key = store.pipeline_value(LAST_KEY)?.unwrap_or(0);
    let last_key = store.max_article_key()?;
    let pending = store.pending_figure_articles(after_key).context("listing the articles new to the figure stage")?;
    let mut report = FigureStageReport::default();
    for chunk in pending.chunks(CHUNK) {
        let texts = store.article_texts(chunk)?;
        let batch = extract_batch(chunk, &texts);
        report.count(&batch);
        store.save_figures(&batch).context("saving figures")?;
    }
    store.set_pipeline_value(LAST_KEY, last_key)?;
    report.elapsed = started.elapsed();
    Ok(report)
}

impl FigureStageReport {
    pub(crate) fn count(&mut self, batch: &[ArticleFigures]) {
        for entry in batch {
            self.n_articles += 1;
            self.n_figures += entry.figures.len();
            self.n_skipped += usize::from(entry.skip_reason.is_some());
        }
    }
}

/// The figures of some articles, on every core (non-English articles recorded as skipped).
pub(crate) fn extract_batch(keys: &[i64], texts: &HashMap<i64, ArticleText>) -> Vec<ArticleFigures> {
    keys.par_iter()
        .map(|key| match texts.get(key) {
            None => ArticleFigures { article_key: *key, figures: Vec::new(), skip_reason: Some("vanished".into()) },
            Some(article) if !article.language.is_processed() => {
                ArticleFigures { article_key: *key, figures: Vec::new(), skip_reason: article.language.skip_reason() }
            }
            Some(article) => ArticleFigures {
                article_key: *key,
                figures: extract_figures(&ExtractInput { text: &article.text, published: article.published }),
                skip_reason: None,
            },
        })
        .collect()
}
