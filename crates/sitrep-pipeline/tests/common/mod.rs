//! A corpus made for the pipeline's tests, and what they compare of a store.

use sitrep_store::Store;
use std::path::Path;

/// More articles than two chunks of the story stage (2,000 each): each with its own words and
/// a town and an event shared with others, so that stories form and the frequencies matter.
pub fn write_corpus(path: &Path) {
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

pub fn stories(store: &Store) -> Vec<(i64, u32)> {
    let mut stories: Vec<(i64, u32)> = store
        .list_stories(None, 0)
        .expect("list stories")
        .into_iter()
        .map(|story| (story.id, story.n_articles))
        .collect();
    stories.sort_unstable();
    stories
}
