//! A story stage interrupted between two chunks leaves a store from which the next run ends
//! where an uninterrupted run ends: the same document frequencies, the same stories.

mod common;

use common::{stories, write_corpus};
use sitrep_pipeline::stories::StoryStageConfig;
use sitrep_store::Store;

#[test]
fn an_interrupted_story_stage_resumes_to_the_same_state() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus.jsonl");
    write_corpus(&corpus);
    let config = StoryStageConfig::default();

    let whole_db = dir.path().join("whole.db");
    let mut whole = Store::open(&whole_db).expect("open");
    sitrep_pipeline::ingest_paths(&mut whole, std::slice::from_ref(&corpus)).expect("ingest");
    sitrep_pipeline::update_stages(&mut whole, &config).expect("stages");

    let interrupted_db = dir.path().join("interrupted.db");
    let mut interrupted = Store::open(&interrupted_db).expect("open");
    sitrep_pipeline::ingest_paths(&mut interrupted, std::slice::from_ref(&corpus)).expect("ingest");
    // The interruption: saving fails at the first member of the second chunk, after the first
    // chunk's transaction has committed.
    let sql = rusqlite::Connection::open(&interrupted_db).expect("second connection");
    sql.execute_batch(
        "CREATE TRIGGER interrupt BEFORE INSERT ON story_members
         WHEN (SELECT count(*) FROM story_members) >= 2000
         BEGIN SELECT RAISE(ABORT, 'interrupted'); END;",
    )
    .expect("trigger");
    assert!(sitrep_pipeline::update_stages(&mut interrupted, &config).is_err(), "the stage should fail");
    let (n_saved, _) = interrupted.load_term_frequencies().expect("frequencies");
    assert_eq!(n_saved, 2_000, "the first chunk's articles are counted, and only they");
    sql.execute_batch("DROP TRIGGER interrupt").expect("drop trigger");
    sitrep_pipeline::update_stages(&mut interrupted, &config).expect("stages resume");

    let (n_whole, whole_counts) = whole.load_term_frequencies().expect("frequencies");
    let (n_resumed, resumed_counts) = interrupted.load_term_frequencies().expect("frequencies");
    assert_eq!(n_whole, 4_500);
    assert_eq!(n_resumed, n_whole);
    assert!(resumed_counts == whole_counts, "the document frequencies differ");
    assert_eq!(stories(&interrupted), stories(&whole));
}
