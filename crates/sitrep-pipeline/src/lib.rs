//! Runs sitrep's stages over the store: the ingestion pipeline, then copy groups and stories,
//! then figures.
//!
//! Architecture invariant: this crate holds the order of the stages and the loading and saving
//! of their state, nothing else: what a stage computes lives in sitrep-core, how it is stored in
//! sitrep-store. The command line, the benchmarks and (later) the server all run the pipeline
//! through here, so there is one path.

pub mod figures;
pub mod ingest;
pub mod stories;

pub use figures::{FigureStageReport, update_figures};
pub use ingest::{IngestReport, ingest_paths, ingest_sources, ingest_with};
pub use sitrep_ingest::FetchPolicy;
pub mod watch;
pub use stories::{PreparedArticles, StoryStageConfig, StoryStageReport, update_stories};

/// What the stages after ingestion did in one run.
#[derive(Debug, Default, Clone)]
pub struct StagesReport {
    pub stories: StoryStageReport,
    pub figures: FigureStageReport,
}

/// Runs every stage after ingestion over the articles stored since the last run: copy groups and
/// stories (with the figures of each chunk extracted alongside), then the figures of any article
/// left.
pub fn update_stages(store: &mut sitrep_store::Store, config: &StoryStageConfig) -> anyhow::Result<StagesReport> {
    update_stages_after(store, config, PreparedArticles::default())
}

/// [`update_stages`] after an ingestion that prepared some of the stage's work ahead
/// ([`IngestReport::prepared`]): the same results, with less left to do.
pub fn update_stages_after(
    store: &mut sitrep_store::Store,
    config: &StoryStageConfig,
    prepared: PreparedArticles,
) -> anyhow::Result<StagesReport> {
    let (stories, mut figures) = stories::update_stories_and_figures(store, config, prepared)?;
    let rest = update_figures(store)?;
    figures.n_articles += rest.n_articles;
    figures.n_figures += rest.n_figures;
    figures.n_skipped += rest.n_skipped;
    figures.elapsed += rest.elapsed;
    Ok(StagesReport { stories, figures })
}
