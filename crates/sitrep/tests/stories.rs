//! Copy groups and stories through the real binary: the seeds' targets, and the same stories
//! whether a corpus arrives in one batch or in ten.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn sitrep(db: &Path, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_sitrep")).arg("--db").arg(db).args(args).output().expect("runs");
    assert!(output.status.success(), "sitrep {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn repo_file(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").join(path)
}

fn shared_file(path: &str) -> PathBuf {
    let file = repo_file("../shared/corpus").join(path);
    assert!(
        file.exists(),
        "{} is missing: these tests read the shared corpora from ../shared (see the README)",
        file.display()
    );
    file
}

/// Stories as sets of article ids, and copy groups likewise.
fn partition(db: &Path) -> (BTreeSet<BTreeSet<String>>, BTreeSet<BTreeSet<String>>) {
    let mut stories = BTreeSet::new();
    let mut copies = BTreeSet::new();
    for line in sitrep(db, &["stories", "--json", "--limit", "0"]).lines() {
        let story: serde_json::Value = serde_json::from_str(line).expect("one JSON object per line");
        let ids = |value: &serde_json::Value| -> BTreeSet<String> {
            value.as_array().into_iter().flatten().filter_map(|v| v.as_str()).map(str::to_owned).collect()
        };
        stories.insert(ids(&story["articles"]));
        for group in story["copies"].as_array().into_iter().flatten() {
            copies.insert(ids(group));
        }
        assert!(story["id"].is_i64() && story["label"].is_string(), "{line}");
    }
    (stories, copies)
}

fn set(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

#[test]
fn seeds_make_two_stories_and_one_copy_group() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("seeds.db");
    sitrep(&db, &["ingest", repo_file("examples/seeds/articles.jsonl").to_str().expect("utf-8 path")]);
    let (stories, copies) = partition(&db);
    assert_eq!(stories, BTreeSet::from([set(&["seed-000", "seed-002", "seed-004"]), set(&["seed-001", "seed-003"])]));
    assert_eq!(copies, BTreeSet::from([set(&["seed-001", "seed-003"])]));
    // The story view lists the canonical copy (earliest published) with its copy under it.
    let listing = sitrep(&db, &["stories"]);
    let ras_al_ain = listing.lines().find(|l| l.contains("2012-11")).expect("the 2012 story");
    let id = ras_al_ain.split_whitespace().next().expect("an id");
    let story = sitrep(&db, &["story", id]);
    let canonical = story.lines().position(|l| l.contains("seed-001")).expect("seed-001 listed");
    let copy = story.lines().position(|l| l.contains("↳ copy") && l.contains("seed-003")).expect("seed-003 as a copy");
    assert!(canonical < copy, "{story}");
    assert!(story.contains("2 articles from 1 independent sources"), "{story}");
}

/// Splits a JSON-lines corpus in time order into `n` files.
fn split_in_time_order(corpus: &Path, dir: &Path, n: usize) -> Vec<PathBuf> {
    let text = std::fs::read_to_string(corpus).expect("read corpus");
    // The pipeline's stream order: publication time, then id.
    let mut lines: Vec<((String, String), &str)> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let value: serde_json::Value = serde_json::from_str(l).expect("JSON line");
            let time = ["published", "dct"].iter().find_map(|f| value[*f].as_str()).unwrap_or("").to_owned();
            let id = value["id"].as_str().unwrap_or("").to_owned();
            ((time, id), l)
        })
        .collect();
    lines.sort_by(|a, b| a.0.cmp(&b.0));
    let per_batch = lines.len().div_ceil(n);
    lines
        .chunks(per_batch)
        .enumerate()
        .map(|(i, chunk)| {
            let path = dir.join(format!("batch-{i:02}.jsonl"));
            let body: Vec<&str> = chunk.iter().map(|(_, l)| *l).collect();
            std::fs::write(&path, body.join("\n")).expect("write batch");
            path
        })
        .collect()
}

fn assert_batches_equal_one_run(corpus: &Path) {
    let dir = tempfile::tempdir().expect("temp dir");
    let whole = dir.path().join("whole.db");
    sitrep(&whole, &["ingest", corpus.to_str().expect("utf-8 path")]);
    let batched = dir.path().join("batched.db");
    for batch in split_in_time_order(corpus, dir.path(), 10) {
        sitrep(&batched, &["ingest", batch.to_str().expect("utf-8 path")]);
    }
    let (whole_stories, whole_copies) = partition(&whole);
    let (batched_stories, batched_copies) = partition(&batched);
    assert!(whole_stories.len() > 1);
    assert_eq!(whole_stories, batched_stories);
    assert_eq!(whole_copies, batched_copies);
}

#[test]
fn ten_batches_in_time_order_give_the_same_stories_crisis_dev() {
    assert_batches_equal_one_run(&shared_file("crisis-dev/articles.jsonl"));
}

#[test]
fn ten_batches_in_time_order_give_the_same_stories_gva_sample() {
    // 400 articles of gun-violence news: hundreds of similar incidents, in one run and in ten.
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string(shared_file("gva-dev/articles.jsonl")).expect("read");
    let sample: Vec<&str> = text.lines().take(400).collect();
    let path = dir.path().join("gva-sample.jsonl");
    std::fs::write(&path, sample.join("\n")).expect("write");
    assert_batches_equal_one_run(&path);
}
