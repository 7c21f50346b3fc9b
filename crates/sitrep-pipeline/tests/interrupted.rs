//! A story stage interrupted between two chunks leaves a store from which the next run ends
//! where an uninterrupted run ends: the same document frequencies, the same stories.

use sitrep_pipeline::stories::StoryStageConfig;
use sitrep_store::Store;
use std::path::Path;

/// More articles than two chunks of the story stage (2,000 each): each with its own words and
/// a town and an event shared with others, so that stories form and the frequencies matter.
fn write_corpus(path: &Path) {
    let towns = ["Beira", "Homs", "Misrata", "Gaziantep", "Cox's Bazar", "Port-au-Prince", "Kathmandu"];
    let events = ["floods", "shelling", "an earthquake", "a cyclone", "clashes", "a landslide"];
    // Made-up words of three syllables from a fixed pseudo-random sequence (a linear
    // congruential generator): thousands of distinct words, so no two articles are copies.
    let mut state = 0x2545_f491_u64;
    let mut next = move || {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize
    };
    let (consonants, vowels) = (b"bcdfgklmnprstvz", b"aeiou");
    let mut next_word = move || -> String {
        (0..3)
            .flat_map(|_| [consonants[next() % consonants.len()], vowels[next() % vowels.len()]])
            .map(char::from)
            .collect()
    };
    let mut lines = String::new();
    for i in 0..4_500u32 {
        let town = towns[(i % 7) as usize];
        let event = events[(i / 7 % 6) as usize];
        let day = 1 + i / 200;
        let phrases: Vec<String> = (0..20).map(|_| format!("the {} of the {}", next_word(), next_word())).collect();
        let text = format!(
            "In {town}, {event} killed {n} people, the authorities said. Witnesses spoke of {}; and of {}.",
            phrases[..10].join(", "),
            phrases[10..].join(", "),
            n = 3 + i % 40,
        );
        let record = serde_json::json!({
            "id": format!("a{i:05}"),
            "title": format!("{event} in {town}"),
            "published": format!("2020-01-{:02}T{:02}:00:00Z", day.min(28), i % 24),
            "text": text,
        });
        lines.push_str(&record.to_string());
        lines.push('\n');
    }
    std::fs::write(path, lines).expect("write corpus");
}

fn stories(store: &Store) -> Vec<(i64, u32)> {
    let mut stories: Vec<(i64, u32)> = store
        .list_stories(None, 0)
        .expect("list stories")
        .into_iter()
        .map(|story| (story.id, story.n_articles))
        .collect();
    stories.sort_unstable();
    stories
}

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
