//! The copy and story stages over the store: every article stored since the last run is sketched,
//! matched against the copy window, and assigned to a story, in stream order (publication time,
//! then id), with state loaded from and saved to the store so that runs continue one another.

use crate::figures::{FigureStageReport, extract_batch};
use anyhow::{Context, Result};
use rayon::prelude::*;
use sitrep_core::Language;
use sitrep_core::cluster::{DocumentFrequencies, Story, StoryIndex, StoryParams, codec};
use sitrep_core::dedupe::{CopyIndex, CopySketch, copy_sketch};
use sitrep_core::terms::{ArticleTerms, article_terms};
use sitrep_store::{
    ArticleFigures, ArticleText, CopyGroupChange, PendingArticle, StageBatch, Store, StoryMember, StoryRow,
};
use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

/// Articles processed per transaction.
const CHUNK: usize = 2000;
/// Undated articles and stories kept as candidates (by recency), where time cannot bound them.
const MAX_UNDATED: usize = 100_000;
const LAST_KEY: &str = "stories.last_key";

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StoryStageConfig {
    pub stories: StoryParams,
    /// Copies of one wire story are published within this many days of each other.
    pub copy_window_days: f64,
}

impl Default for StoryStageConfig {
    fn default() -> Self {
        StoryStageConfig { stories: StoryParams::default(), copy_window_days: 7.0 }
    }
}

#[derive(Debug, Default, Clone)]
pub struct StoryStageReport {
    pub n_articles: usize,
    pub n_new_stories: usize,
    pub n_copies: usize,
    /// Articles skipped, with the reason (non-English).
    pub n_skipped: usize,
    pub elapsed: Duration,
    /// Heap bytes of the copy index and the story index at the end of the run.
    pub index_bytes: usize,
}

/// What the parallel part computes for one article.
pub(crate) enum Prepared {
    Skip(String),
    Terms(Box<ArticleTerms>, CopySketch),
}

/// The story stage's per-article work (terms and copy sketch) done ahead, by key: while
/// ingestion stores its last batch on the writing thread, the other core prepares that batch's
/// articles until the store is done (the pool would otherwise wait idle), and the stage takes
/// these instead of preparing them again. What it holds is what the stage would compute from the stored article; articles the
/// stage does not reach are dropped with it.
#[derive(Default)]
pub struct PreparedArticles {
    pub(crate) by_key: HashMap<i64, Prepared>,
}

impl PreparedArticles {
    pub fn len(&self) -> usize {
        self.by_key.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }

    /// What was prepared ahead of these keys, in their order (taken out).
    fn take(&mut self, keys: &[i64]) -> Vec<Option<Prepared>> {
        if self.by_key.is_empty() {
            return Vec::new();
        }
        keys.iter().map(|key| self.by_key.remove(key)).collect()
    }
}

impl std::fmt::Debug for PreparedArticles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PreparedArticles({} articles)", self.by_key.len())
    }
}

/// Terms and copy sketch of one article, or why the stage skips it.
pub(crate) fn prepare_article(title: Option<&str>, text: &str, language: &Language) -> Prepared {
    if let Some(reason) = language.skip_reason() {
        return Prepared::Skip(reason);
    }
    let terms = article_terms(title, text);
    let sketch = copy_sketch(&terms.shingles);
    Prepared::Terms(Box::new(terms), sketch)
}

/// The run's view of copy groups: the group of each article it touched, and merged groups.
#[derive(Default)]
struct CopyGroups {
    group_of: HashMap<i64, Option<i64>>,
    story_of: HashMap<i64, Option<i64>>,
    merged_into: HashMap<i64, i64>,
}

impl CopyGroups {
    fn resolve(&self, mut group: i64) -> i64 {
        while let Some(next) = self.merged_into.get(&group) {
            group = *next;
        }
        group
    }

    fn membership(&mut self, store: &Store, key: i64) -> Result<(Option<i64>, Option<i64>)> {
        if let (Some(group), Some(story)) = (self.group_of.get(&key), self.story_of.get(&key)) {
            return Ok((group.map(|g| self.resolve(g)), *story));
        }
        let (story, group) = store.story_membership(key)?.unwrap_or((None, None));
        self.group_of.insert(key, group);
        self.story_of.insert(key, story);
        Ok((group.map(|g| self.resolve(g)), story))
    }
}

/// Assigns every article stored since the last run to a copy group and a story.
pub fn update_stories(store: &mut Store, config: &StoryStageConfig) -> Result<StoryStageReport> {
    place_articles(store, config, None, PreparedArticles::default())
}

/// The story stage with the figures of each chunk extracted alongside, on the pool's threads,
/// while the chunk is placed in order on this one (placing is sequential: it would leave a core
/// idle). The figures are saved with the chunk; the figure stage then has only what is left.
pub(crate) fn update_stories_and_figures(
    store: &mut Store,
    config: &StoryStageConfig,
    prepared: PreparedArticles,
) -> Result<(StoryStageReport, FigureStageReport)> {
    let mut figures = FigureStageReport::default();
    let stories = place_articles(store, config, Some(&mut figures), prepared)?;
    figures.n_alongside = figures.n_articles;
    Ok((stories, figures))
}

fn place_articles(
    store: &mut Store,
    config: &StoryStageConfig,
    mut figures: Option<&mut FigureStageReport>,
    mut ahead: PreparedArticles,
) -> Result<StoryStageReport> {
    let started = Instant::now();
    // Development aids on stderr: SITREP_TRACE_STORIES=1 one line per assignment, =timings the
    // time of each phase.
    let trace_setting = std::env::var("SITREP_TRACE_STORIES").unwrap_or_default();
    let trace = trace_setting == "1";
    let trace_timings = !trace_setting.is_empty();
    let after_key = store.pipeline_value(LAST_KEY)?.unwrap_or(0);
    let last_key = store.max_article_key()?;
    let pending = store.pending_story_articles(after_key).context("listing the articles new to the story stage")?;
    let mut report = StoryStageReport::default();
    if pending.is_empty() {
        store.set_pipeline_value(LAST_KEY, last_key)?;
        return Ok(report);
    }

    let first_time = pending.iter().filter_map(|p| p.published_secs).min();
    let quiet_seconds = (config.stories.quiet_days * 86_400.0) as i64;
    let (n_documents, counts) = store.load_term_frequencies()?;
    let mut stories =
        StoryIndex::new(config.stories, DocumentFrequencies::new(n_documents, counts), store.max_story_id()? + 1);
    for (id, state) in store.load_active_stories(first_time.map(|t| t - quiet_seconds), MAX_UNDATED)? {
        let story = codec::decode(id, &state).with_context(|| format!("story {id}: saved state is corrupt"))?;
        stories.load(story);
    }
    let mut copies = CopyIndex::new(config.copy_window_days, MAX_UNDATED);
    for loaded in store.load_copy_sketches(first_time.map(|t| t - copies.window_seconds()), MAX_UNDATED)? {
        if let Some(sketch) = CopySketch::from_bytes(loaded.n_shingles, &loaded.minhash) {
            copies.insert(loaded.article_key, loaded.published_secs, sketch);
        }
    }

    let mut groups = CopyGroups::default();
    let mut evicted: Vec<Story> = Vec::new();
    let mut timings = [Duration::ZERO; 4];
    let mut main_busy = Duration::ZERO;
    let mut main_waiting = Duration::ZERO;

    // Four things overlap: while this thread places chunk N in order (sequential work), the pool
    // extracts chunk N's figures and prepares chunk N+1's terms, and the writer saves chunk N-1.
    let chunks: Vec<&[PendingArticle]> = pending.chunks(CHUNK).collect();
    let chunk_keys: Vec<Vec<i64>> = chunks.iter().map(|chunk| chunk.iter().map(|p| p.key).collect()).collect();
    let phase = Instant::now();
    let mut next_texts = match chunk_keys.first() {
        Some(keys) => store.article_texts(keys)?,
        None => HashMap::new(),
    };
    timings[0] += phase.elapsed();
    let phase = Instant::now();
    let mut next_prepared =
        chunk_keys.first().map(|keys| prepare_chunk(keys, &next_texts, ahead.take(keys))).unwrap_or_default();
    timings[1] += phase.elapsed();
    let mut unsaved: Option<ChunkResults> = None;
    let mut writer = ChunkWriter::start(store)?;
    for (chunk_index, chunk) in chunks.iter().enumerate() {
        let keys = &chunk_keys[chunk_index];
        let texts = std::mem::take(&mut next_texts);
        let prepared = std::mem::take(&mut next_prepared);
        let phase = Instant::now();
        let following = chunk_keys.get(chunk_index + 1);
        if let Some(following) = following {
            next_texts = store.article_texts(following)?;
        }
        timings[0] += phase.elapsed();

        let phase = Instant::now();
        let mut batch = StageBatch::default();
        let mut figure_batch: Option<Vec<ArticleFigures>> = None;
        let placed: Result<()> = rayon::in_place_scope(|scope| {
            if figures.is_some() {
                let (texts, slot) = (&texts, &mut figure_batch);
                scope.spawn(move |_| *slot = Some(extract_batch(keys, texts)));
            }
            if let Some(following) = following {
                let (texts, slot, done) = (&next_texts, &mut next_prepared, ahead.take(following));
                scope.spawn(move |_| *slot = prepare_chunk(following, texts, done));
            }
            if let Some(previous) = unsaved.take() {
                let handing = Instant::now();
                writer.save(store, previous)?;
                main_waiting += handing.elapsed();
            }
            for (pending_article, prepared) in chunk.iter().zip(prepared) {
                let key = pending_article.key;
                let published = pending_article.published_secs;
                let (terms, sketch) = match prepared {
                    Prepared::Skip(reason) => {
                        report.n_skipped += 1;
                        groups.story_of.insert(key, None);
                        groups.group_of.insert(key, None);
                        batch.members.push(StoryMember {
                            article_key: key,
                            story_id: None,
                            similarity: 0.0,
                            skip_reason: Some(reason),
                            sketch: None,
                        });
                        continue;
                    }
                    Prepared::Terms(terms, sketch) => (terms, sketch),
                };
                if let Some(time) = published {
                    copies.evict_older_than(time);
                    evicted.extend(stories.evict_quiet(time));
                }
                let copied = copies.find_copies(&sketch, published);
                let mut copied_story = None;
                for &original in &copied {
                    if let (_, Some(story)) = groups.membership(store, original)? {
                        copied_story = Some(story);
                        break;
                    }
                }
                let assignment = stories.assign(&terms, published, copied_story);
                if trace {
                    eprintln!(
                        "story-trace {}\t{}\t{}\t{:.3}\t{:.3}",
                        pending_article.id,
                        assignment.story,
                        assignment.is_new,
                        assignment.similarity,
                        assignment.best_candidate
                    );
                }
                report.n_articles += 1;
                report.n_new_stories += usize::from(assignment.is_new);

                // Copy groups: this article and what it copies become one group (the smallest id).
                let mut delta_units = 1i64;
                if !copied.is_empty() {
                    report.n_copies += 1;
                    let mut units_in_story: HashSet<i64> = HashSet::new();
                    let mut group_ids: Vec<i64> = Vec::new();
                    let mut current_groups: Vec<Option<i64>> = Vec::new();
                    for &original in &copied {
                        let (group, story) = groups.membership(store, original)?;
                        let unit = group.unwrap_or(original);
                        group_ids.push(unit);
                        current_groups.push(group);
                        if story == Some(assignment.story) {
                            units_in_story.insert(unit);
                        }
                    }
                    let group = group_ids.iter().copied().min().unwrap_or(key);
                    for &other in &group_ids {
                        if other != group {
                            groups.merged_into.insert(other, group);
                        }
                    }
                    delta_units -= units_in_story.len() as i64;
                    // What the store must rewrite: this article, the originals in no group yet,
                    // and one member of each other group (the store moves a group by one of its
                    // members). Originals already in the group are left alone, so a wire story
                    // copied a hundred times costs each new copy one row, not a hundred.
                    let mut members: Vec<i64> = Vec::new();
                    let mut moved_groups: HashSet<i64> = HashSet::new();
                    for (&original, &current) in copied.iter().zip(&current_groups) {
                        match current {
                            Some(current) if current == group => {}
                            Some(current) => {
                                if moved_groups.insert(current) {
                                    members.push(original);
                                }
                            }
                            None => members.push(original),
                        }
                    }
                    members.push(key);
                    for member in &members {
                        groups.group_of.insert(*member, Some(group));
                    }
                    batch.copy_groups.push(CopyGroupChange { group, articles: members });
                }
                *batch.copy_unit_deltas.entry(assignment.story).or_insert(0) += delta_units;
                groups.story_of.insert(key, Some(assignment.story));
                groups.group_of.entry(key).or_insert(None);
                batch.members.push(StoryMember {
                    article_key: key,
                    story_id: Some(assignment.story),
                    similarity: assignment.similarity,
                    skip_reason: None,
                    sketch: Some((published, sketch.n_shingles, sketch.minhash_bytes())),
                });
                copies.insert(key, published, sketch);
            }
            main_busy += phase.elapsed();
            Ok(())
        });
        placed?;
        if let (Some(report), Some(batch)) = (figures.as_deref_mut(), &figure_batch) {
            report.count(batch);
        }
        batch.stories = evicted.drain(..).chain(stories.take_changed()).map(|story| story_row(&story)).collect();
        // The document frequencies the chunk changed are saved in the chunk's transaction, with
        // its members: an interrupted run leaves counts that are exactly those of the articles
        // it placed, and the next run, which places the others, counts each article once.
        batch.term_frequencies = stories.frequencies.take_changed();
        batch.n_documents = Some(stories.frequencies.n_documents);
        unsaved = Some((batch, figure_batch));
        timings[2] += phase.elapsed();
    }
    let phase = Instant::now();
    if let Some(last) = unsaved.take() {
        writer.save(store, last)?;
    }
    writer.finish()?;
    timings[3] += phase.elapsed();
    if trace_timings {
        eprintln!(
            "story-timings read {:?} first terms {:?} chunks {:?} (this thread busy {:?}, of which handing chunks to the writer {:?}) last save {:?}",
            timings[0], timings[1], timings[2], main_busy, main_waiting, timings[3]
        );
    }
    store.set_pipeline_value(LAST_KEY, last_key)?;
    report.index_bytes = copies.heap_bytes() + stories.heap_bytes();
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Terms and copy sketches of a chunk's articles, on the pool; `ahead` holds, in the keys'
/// order, those already prepared (or is empty).
fn prepare_chunk(keys: &[i64], texts: &HashMap<i64, ArticleText>, mut ahead: Vec<Option<Prepared>>) -> Vec<Prepared> {
    ahead.resize_with(keys.len(), || None);
    keys.par_iter()
        .zip(ahead)
        .map(|(key, ahead)| match (ahead, texts.get(key)) {
            (Some(prepared), _) => prepared,
            (None, None) => Prepared::Skip("article vanished from the store".to_owned()),
            (None, Some(article)) => prepare_article(article.title.as_deref(), &article.text, &article.language),
        })
        .collect()
}

/// What one chunk gives to save: its stage batch, and its figures if extracted alongside.
type ChunkResults = (StageBatch, Option<Vec<ArticleFigures>>);

/// One chunk's figures and its stage batch, one transaction each.
fn save_chunk(store: &mut Store, (batch, figures): &ChunkResults) -> Result<()> {
    if let Some(figures) = figures {
        store.save_figures(figures).context("saving figures")?;
    }
    store.save_stage_batch(batch).context("saving stories")?;
    Ok(())
}

/// Saves the chunks, in order, on a thread of their own with a second connection to the
/// database, so that the placing thread (the stage's sequential part) never waits for SQLite;
/// a database in memory has no second connection, and the chunks are saved in place.
struct ChunkWriter {
    sender: Option<std::sync::mpsc::SyncSender<ChunkResults>>,
    thread: Option<std::thread::JoinHandle<Result<()>>>,
}

impl ChunkWriter {
    fn start(store: &Store) -> Result<ChunkWriter> {
        let Some(mut own) = store.reopen().context("opening a second connection for saving")? else {
            return Ok(ChunkWriter { sender: None, thread: None });
        };
        // One chunk waits while one is written: memory stays at two chunks' results.
        let (sender, receiver) = std::sync::mpsc::sync_channel::<ChunkResults>(1);
        let thread = std::thread::Builder::new()
            .name("sitrep-stage-writer".to_owned())
            .spawn(move || -> Result<()> {
                for chunk in receiver {
                    save_chunk(&mut own, &chunk)?;
                }
                Ok(())
            })
            .context("starting the saving thread")?;
        Ok(ChunkWriter { sender: Some(sender), thread: Some(thread) })
    }

    fn save(&mut self, store: &mut Store, chunk: ChunkResults) -> Result<()> {
        match &self.sender {
            None => save_chunk(store, &chunk),
            Some(sender) => match sender.send(chunk) {
                Ok(()) => Ok(()),
                // The thread stopped on an error: that error is the answer.
                Err(_) => self.finish(),
            },
        }
    }

    /// Waits until every chunk sent is saved; the first error of the saving thread, if any.
    fn finish(&mut self) -> Result<()> {
        self.sender = None;
        match self.thread.take() {
            None => Ok(()),
            Some(thread) => match thread.join() {
                Ok(result) => result,
                Err(_) => anyhow::bail!("the saving thread panicked"),
            },
        }
    }
}

impl Drop for ChunkWriter {
    /// A run that stops on an error still waits for the chunks already sent, so nothing placed
    /// and sent is half-written when the caller goes on.
    fn drop(&mut self) {
        let _ = self.finish();
    }
}

fn story_row(story: &Story) -> StoryRow {
    StoryRow {
        id: story.id,
        label: story.label(),
        first_seen_secs: story.first_seen,
        last_seen_secs: story.last_seen,
        n_articles: story.n_articles,
        state: codec::encode(story),
    }
}
