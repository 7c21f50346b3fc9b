//! The cleaning stage on the bundled seeds: the debris named in the foundation issue is gone, and
//! no line of the stories themselves is lost.

use sitrep_core::clean::{clean_text, normalize_characters, unescape};
use std::path::PathBuf;

fn seed(prefix: &str) -> String {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/seeds/raw");
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let path = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(prefix)))
        .unwrap_or_else(|| panic!("no seed {prefix} in {}", dir.display()));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The debris lines of each seed; every other line must survive cleaning.
const DEBRIS: &[(&str, &[&str])] = &[
    ("000", &[]),
    (
        "001",
        &[
            "Syrian refugees at Islahiye camp in Gazintep, Turkey 370 (R) (photo credit: REUTERS/Osman Orsal)",
            "Syrian refugees at Islahiye camp in Gazintep, Turkey 370 (R)",
            "(photo credit: REUTERS/Osman Orsal)",
            "Click for full JPost coverage",
        ],
    ),
    ("002", &[]),
    ("003", &["Loading article content"]),
    (
        "004",
        &[
            "Syrian refugee children pose at a refugee camp in the Turkish border town of Yayladagi in Hatay province",
            "Syrian refugee children pose at a refugee camp in the Turkish border town of Yayladagi in Hatay province Reuters",
        ],
    ),
];

#[test]
fn seeds_lose_their_debris_and_keep_every_story_line() {
    for (prefix, debris) in DEBRIS {
        let raw = seed(prefix);
        let cleaned = clean_text(&raw);
        let flat = collapse(&cleaned);
        for line in normalize_characters(&unescape(&raw)).lines() {
            let line = collapse(line);
            if line.is_empty() {
                continue;
            }
            if debris.contains(&line.as_str()) {
                assert!(!cleaned.lines().any(|p| collapse(p) == line), "seed {prefix}: debris survived: {line:?}");
            } else {
                assert!(flat.contains(&line), "seed {prefix}: story line lost: {line:?}");
            }
        }
    }
}

#[test]
fn seed_001_keeps_its_title_line_and_drops_each_repeat() {
    let cleaned = clean_text(&seed("001"));
    assert_eq!(cleaned.matches("Click for full").count(), 0);
    assert_eq!(cleaned.matches("photo credit").count(), 0);
    assert_eq!(cleaned.matches("Islahiye camp in Gazintep").count(), 0);
    assert!(cleaned.contains("ANKARA - About 8,000 refugees fleeing violence in Syria have crossed into Turkey"));
    // Paragraph boundaries survive.
    assert!(cleaned.contains("following a rebel offensive along the border.\n\nRebels, who have driven"));
}

#[test]
fn seed_002_line_broken_mid_sentence_is_one_paragraph() {
    let cleaned = clean_text(&seed("002"));
    assert!(cleaned.contains("120 security personnel were killed in the north-western town."));
}
