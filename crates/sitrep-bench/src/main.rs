//! `sitrep-bench CORPUS.jsonl`: throughput of each stage alone and of the whole pipeline, on
//! both cores, over a real corpus (Reuters-21578 and Timeline17 in `../shared/corpus/`).
//! `sitrep-bench growth CORPUS.jsonl 10000 100000 …`: the same pipeline over generated streams
//! of growing size (see `growth`).
//!
//! Stages alone run in memory on articles read once up front; the whole pipeline runs the same
//! code path as `sitrep ingest` into a fresh database file.

use anyhow::{Context, Result, bail};
use rayon::prelude::*;
use sitrep_core::Article;
use sitrep_core::cluster::{DocumentFrequencies, StoryIndex, StoryParams};
use sitrep_core::dedupe::{CopyIndex, copy_sketch};
use sitrep_core::terms::article_terms;
use sitrep_ingest::{RawArticle, SourceItem, read_paths};
use std::path::PathBuf;
use std::time::Instant;

fn report(stage: &str, n: usize, bytes: usize, seconds: f64) {
    println!(
        "{stage:<34} {n:>7} articles  {seconds:>7.3} s  {:>9.0} articles/s  {:>6.1} MB/s",
        n as f64 / seconds,
        bytes as f64 / seconds / 1e6
    );
}

mod growth;

// The allocator of the sitrep binary, so the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if matches!(args.get(1).map(String::as_str), Some("-h" | "--help")) {
        println!(
            "usage: sitrep-bench CORPUS.jsonl              each stage alone, then the whole pipeline\n       \
             sitrep-bench growth CORPUS.jsonl SIZE...  the pipeline over generated streams of each size"
        );
        return Ok(());
    }
    if args.get(1).map(String::as_str) == Some("growth") {
        let Some(corpus) = args.get(2).map(PathBuf::from) else {
            bail!("usage: sitrep-bench growth CORPUS.jsonl SIZE...");
        };
        let sizes: Vec<usize> = args[3..].iter().filter_map(|s| s.parse().ok()).collect();
        return growth::growth(&corpus, &sizes);
    }
    if args.get(1).map(String::as_str) == Some("growth-one") {
        let Some(stream) = args.get(2).map(PathBuf::from) else { bail!("usage: sitrep-bench growth-one STREAM.jsonl") };
        return growth::run_one(&stream);
    }
    let Some(corpus) = args.get(1).map(PathBuf::from) else {
        bail!("usage: sitrep-bench CORPUS.jsonl   (e.g. ../shared/corpus/reuters21578/reuters21578.jsonl)");
    };
    if !corpus.exists() {
        bail!("{} not found: the corpora live in ../shared/corpus/", corpus.display());
    }
    println!("corpus {}  ({} threads)", corpus.display(), rayon::current_num_threads());

    // Read (parse) once.
    let started = Instant::now();
    let mut raw: Vec<RawArticle> = Vec::new();
    read_paths(std::slice::from_ref(&corpus), &Default::default(), &mut |item| {
        if let SourceItem::Article(article) = item {
            raw.push(*article);
        }
    });
    let bytes: usize = raw.iter().map(|a| a.text.len()).sum();
    report("read + parse (1 thread)", raw.len(), bytes, started.elapsed().as_secs_f64());

    let started = Instant::now();
    let articles: Vec<Article> = raw.clone().into_par_iter().map(RawArticle::into_article).collect();
    report("clean + language", articles.len(), bytes, started.elapsed().as_secs_f64());

    let started = Instant::now();
    let prepared: Vec<_> = articles
        .par_iter()
        .map(|a| {
            let terms = article_terms(a.title.as_deref(), &a.text);
            let sketch = copy_sketch(&terms.shingles);
            (terms, sketch)
        })
        .collect();
    report("terms + MinHash", prepared.len(), bytes, started.elapsed().as_secs_f64());

    // The gazetteer loads once per process; load it outside the timed stage.
    let started = Instant::now();
    let n_places = sitrep_core::gazetteer::gazetteer().len();
    println!("{:<34} {n_places:>7} places   {:>7.3} s", "gazetteer load (once)", started.elapsed().as_secs_f64());
    let started = Instant::now();
    let n_figures: usize = articles
        .par_iter()
        .map(|a| {
            let published = a.published.map(|p| p.date_naive());
            sitrep_core::extract::extract_figures(&sitrep_core::extract::ExtractInput { text: &a.text, published })
                .len()
        })
        .sum();
    report("figures (extract)", articles.len(), bytes, started.elapsed().as_secs_f64());
    println!("  {n_figures} figures");

    let mut order: Vec<usize> = (0..articles.len()).collect();
    order.sort_by_key(|&i| (articles[i].published.is_none(), articles[i].published, articles[i].id.clone()));
    let times: Vec<Option<i64>> = articles.iter().map(|a| a.published.map(|p| p.timestamp())).collect();

    let started = Instant::now();
    let mut copies = CopyIndex::new(7.0, 100_000);
    let mut n_copies = 0usize;
    for &i in &order {
        if let Some(time) = times[i] {
            copies.evict_older_than(time);
        }
        n_copies += usize::from(!copies.find_copies(&prepared[i].1, times[i]).is_empty());
        copies.insert(i as i64, times[i], prepared[i].1.clone());
    }
    let copy_seconds = started.elapsed().as_secs_f64();
    report("copy index (1 thread)", order.len(), bytes, copy_seconds);

    let started = Instant::now();
    let mut stories = StoryIndex::new(StoryParams::default(), DocumentFrequencies::default(), 1);
    let mut n_new = 0usize;
    for &i in &order {
        if let Some(time) = times[i] {
            stories.evict_quiet(time);
        }
        n_new += usize::from(stories.assign(&prepared[i].0, times[i], None).is_new);
    }
    let story_seconds = started.elapsed().as_secs_f64();
    report("story index (1 thread)", order.len(), bytes, story_seconds);
    report("copies + stories (1 thread, sum)", order.len(), bytes, copy_seconds + story_seconds);
    println!(
        "  {n_copies} copies, {n_new} stories; index memory at the end: copies {:.0} B/article in window ({} articles), stories {:.0} B/article",
        copies.heap_bytes() as f64 / copies.len().max(1) as f64,
        copies.len(),
        stories.heap_bytes() as f64 / order.len().max(1) as f64
    );

    let dir = std::env::temp_dir().join(format!("sitrep-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let db = dir.join("bench.db");
    let started = Instant::now();
    let mut store = sitrep_store::Store::open(&db)?;
    let mut ingested = sitrep_pipeline::ingest_paths(&mut store, std::slice::from_ref(&corpus))?;
    let ingest_seconds = started.elapsed().as_secs_f64();
    let prepared = std::mem::take(&mut ingested.prepared);
    let stages = sitrep_pipeline::update_stages_after(&mut store, &Default::default(), prepared)?;
    let total = started.elapsed().as_secs_f64();
    report("pipeline: ingest + store", ingested.inserted, bytes, ingest_seconds);
    // The figures are extracted alongside the story stage (on the core its sequential
    // placement leaves free), so the two are timed together.
    report(
        "pipeline: copies + stories + figures + store",
        stages.stories.n_articles,
        bytes,
        (stages.stories.elapsed + stages.figures.elapsed).as_secs_f64(),
    );
    report("pipeline: whole", ingested.inserted, bytes, total);
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}
