//! The story stage's work that ingestion prepares ahead (its last batch, while it is stored)
//! changes nothing: a run that uses it ends where a run that prepares everything itself ends.

mod common;

use common::{stories, write_corpus};
use sitrep_pipeline::stories::StoryStageConfig;
use sitrep_store::Store;

#[test]
fn work_prepared_during_ingestion_gives_the_same_stories_and_figures() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus.jsonl");
    // 4,500 articles: ingestion's last batch is its last 500, which the stage reaches in its
    // third chunk of 2,000, after chunks prepared by the stage itself.
    write_corpus(&corpus);
    let config = StoryStageConfig::default();

    let mut ahead = Store::open(&dir.path().join("ahead.db")).expect("open");
    let mut report = sitrep_pipeline::ingest_paths(&mut ahead, std::slice::from_ref(&corpus)).expect("ingest");
    let prepared = std::mem::take(&mut report.prepared);
    // How many depends on how long the store took; the other core prepares until it is done.
    assert!(prepared.len() <= 500, "{} articles prepared ahead", prepared.len());
    eprintln!("{} articles prepared ahead", prepared.len());
    let ahead_stages = sitrep_pipeline::update_stages_after(&mut ahead, &config, prepared).expect("stages");

    let mut plain = Store::open(&dir.path().join("plain.db")).expect("open");
    sitrep_pipeline::ingest_paths(&mut plain, std::slice::from_ref(&corpus)).expect("ingest");
    let plain_stages = sitrep_pipeline::update_stages(&mut plain, &config).expect("stages");

    assert_eq!(ahead_stages.stories.n_articles, 4_500);
    assert_eq!(ahead_stages.stories.n_copies, plain_stages.stories.n_copies);
    assert_eq!(ahead_stages.figures.n_figures, plain_stages.figures.n_figures);
    assert_eq!(stories(&ahead), stories(&plain));
    assert_eq!(ahead.all_memberships().expect("members"), plain.all_memberships().expect("members"));
    let (n_ahead, ahead_counts) = ahead.load_term_frequencies().expect("frequencies");
    let (n_plain, plain_counts) = plain.load_term_frequencies().expect("frequencies");
    assert_eq!(n_ahead, n_plain);
    assert!(ahead_counts == plain_counts, "the document frequencies differ");
}
