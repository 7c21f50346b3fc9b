//! Bad input is data, not a crash: each bad input gives one clear message naming it, and the rest
//! of the batch is stored. These tests run the real binary on files they make.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const GOOD_LINE: &str = r#"{"id": "good-1", "outlet": "Wire", "published": "2012-11-09", "title": "Refugees cross", "text": "About 8,000 refugees fleeing violence in Syria have crossed into Turkey in the last 24 hours, a Turkish foreign ministry official said on Friday."}"#;

struct Run {
    output: Output,
    stdout: String,
    stderr: String,
}

fn sitrep(db: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("the sitrep binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    Run { output, stdout, stderr }
}

fn ingest(db: &Path, paths: &[&Path]) -> Run {
    let mut args = vec!["ingest"];
    let paths: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    args.extend(paths.iter().map(String::as_str));
    sitrep(db, &args)
}

fn stored_ids(db: &Path) -> Vec<String> {
    let run = sitrep(db, &["articles", "--json", "--limit", "0"]);
    assert!(run.output.status.success(), "{}", run.stderr);
    let mut ids: Vec<String> = run
        .stdout
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).expect("one JSON object per line");
            value["id"].as_str().expect("an id").to_owned()
        })
        .collect();
    ids.sort();
    ids
}

/// A directory with one good article beside the bad input under test.
fn batch_with(name: &str, contents: &[u8]) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let inputs = dir.path().join("inputs");
    std::fs::create_dir(&inputs).expect("inputs dir");
    std::fs::write(inputs.join("good.jsonl"), GOOD_LINE).expect("write good");
    let bad = inputs.join(name);
    std::fs::write(&bad, contents).expect("write bad");
    let db = dir.path().join("test.db");
    (dir, inputs, db)
}

/// The summary line says how many failed; the message names the input; the good article is stored.
fn assert_one_failure_naming(run: &Run, db: &Path, input: &str, reason: &str) {
    assert_eq!(run.output.status.code(), Some(2), "partial failure exits 2: {}", run.stderr);
    assert!(run.stdout.contains("ingested 1, duplicates skipped 0, failed 1"), "summary: {}", run.stdout);
    let failures: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("failed: ")).collect();
    assert_eq!(failures.len(), 1, "one message: {}", run.stderr);
    assert!(
        failures[0].contains(input) && failures[0].contains(reason),
        "message {:?} names {input} and says {reason}",
        failures[0]
    );
    assert_eq!(stored_ids(db), vec!["good-1"]);
}

#[test]
fn empty_file() {
    let (_dir, inputs, db) = batch_with("empty.txt", b"");
    assert_one_failure_naming(&ingest(&db, &[&inputs]), &db, "empty.txt", "empty file");
}

#[test]
fn binary_file() {
    let bytes: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 256) as u8).collect();
    let (_dir, inputs, db) = batch_with("photo.txt", &bytes);
    assert_one_failure_naming(&ingest(&db, &[&inputs]), &db, "photo.txt", "binary file");
}

#[test]
fn invalid_utf8_is_decoded_lossily_with_a_warning() {
    let text = b"Refugees in \xc5anl\xfdurfa\n\nAbout 2,000 people crossed the border into Turkey on Friday, officials in the province said.";
    let (_dir, inputs, db) = batch_with("latin1.txt", text);
    let run = ingest(&db, &[&inputs]);
    assert!(run.output.status.success(), "{}", run.stderr);
    assert!(run.stdout.contains("ingested 2, duplicates skipped 0, failed 0"), "{}", run.stdout);
    let warning = run.stderr.lines().find(|l| l.starts_with("warning: ")).expect("a warning");
    assert!(warning.contains("latin1.txt") && warning.contains("invalid UTF-8"), "{warning}");
    assert_eq!(stored_ids(&db).len(), 2);
}

#[test]
fn truncated_gzip() {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    for i in 0..200 {
        writeln!(
            encoder,
            r#"{{"id": "gz-{i}", "text": "Line {i}: about 8,000 refugees crossed into Turkey, an official said."}}"#
        )
        .expect("compress");
    }
    let compressed = encoder.finish().expect("compress");
    let (_dir, inputs, db) = batch_with("cut.jsonl.gz", &compressed[..compressed.len() / 2]);
    let run = ingest(&db, &[&inputs]);
    assert_eq!(run.output.status.code(), Some(2), "{}", run.stderr);
    let failures: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("failed: ")).collect();
    assert_eq!(failures.len(), 1, "{}", run.stderr);
    assert!(
        failures[0].contains("cut.jsonl.gz") && failures[0].contains("truncated or corrupt gzip"),
        "{}",
        failures[0]
    );
    // What could be decompressed before the cut is stored, with the good file.
    let ids = stored_ids(&db);
    assert!(ids.contains(&"good-1".to_owned()));
    assert!(ids.iter().any(|id| id.starts_with("gz-")), "lines before the cut are kept: {ids:?}");
    assert!(ids.len() < 201);
}

#[test]
fn malformed_json_line_names_its_line_number() {
    let lines = format!(
        "{}\n{{\"id\": \"broken\", \"text\": \"unterminated\n{}\n",
        GOOD_LINE.replace("good-1", "bad-file-1"),
        GOOD_LINE.replace("good-1", "bad-file-3")
    );
    let (_dir, inputs, db) = batch_with("mixed.jsonl", lines.as_bytes());
    let run = ingest(&db, &[&inputs]);
    assert_eq!(run.output.status.code(), Some(2));
    let failures: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("failed: ")).collect();
    assert_eq!(failures.len(), 1, "{}", run.stderr);
    assert!(failures[0].contains("mixed.jsonl:2") && failures[0].contains("malformed JSON"), "{}", failures[0]);
    assert_eq!(stored_ids(&db), vec!["bad-file-1", "bad-file-3", "good-1"]);
}

#[test]
fn unreadable_files_in_a_directory() {
    let (_dir, inputs, db) =
        batch_with("readable.txt", b"Title\n\nTen people were killed in clashes on Thursday, activists said.");
    // A dangling link cannot be read by anyone (a mode-000 file can still be read by root).
    std::os::unix::fs::symlink(inputs.join("gone.txt"), inputs.join("dangling.txt")).expect("symlink");
    let run = ingest(&db, &[&inputs]);
    assert_eq!(run.output.status.code(), Some(2), "{}", run.stderr);
    let failures: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("failed: ")).collect();
    assert_eq!(failures.len(), 1, "{}", run.stderr);
    assert!(failures[0].contains("dangling.txt") && failures[0].contains("cannot read"), "{}", failures[0]);
    assert_eq!(stored_ids(&db).len(), 2);
}

#[test]
fn missing_path_and_unknown_type_given_by_name() {
    let (dir, inputs, db) = batch_with("notes.docx", b"PK\x03\x04");
    let missing = dir.path().join("nowhere.jsonl");
    let run = ingest(&db, &[&missing, &inputs.join("notes.docx"), &inputs.join("good.jsonl")]);
    assert_eq!(run.output.status.code(), Some(2));
    assert!(run.stderr.contains("nowhere.jsonl: cannot read"), "{}", run.stderr);
    assert!(run.stderr.contains("notes.docx: unknown file type"), "{}", run.stderr);
    assert_eq!(stored_ids(&db), vec!["good-1"]);
}

/// Peak resident memory of a child process, polled from /proc until it exits.
/// Runs `sitrep … ingest --json …` and reads the process's own peak memory from its summary
/// (the last line). Sampling /proc from outside missed the peak of runs that end in a few
/// milliseconds, which made the one-line baseline too low under load.
fn run_measuring_peak_kib(mut command: Command) -> (Output, u64) {
    let output = command.output().expect("run sitrep");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let peak = stdout
        .lines()
        .last()
        .and_then(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .and_then(|summary| summary["peak_memory_kib"].as_u64())
        .unwrap_or(0);
    (output, peak)
}

#[test]
fn files_of_hundreds_of_megabytes_keep_memory_bounded() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let inputs = dir.path().join("inputs");
    std::fs::create_dir(&inputs).expect("inputs dir");
    const SIZE: usize = 300 << 20;
    // A JSON-lines file whose first line is 300 MB, then a normal line.
    {
        let mut file = std::io::BufWriter::new(std::fs::File::create(inputs.join("huge.jsonl")).expect("create"));
        file.write_all(br#"{"id": "huge", "text": ""#).expect("write");
        let chunk = "refugees ".repeat(1 << 16);
        for _ in 0..SIZE / chunk.len() {
            file.write_all(chunk.as_bytes()).expect("write");
        }
        writeln!(file, "\"}}\n{GOOD_LINE}").expect("write");
    }
    // A 300 MB plain-text "article".
    {
        let mut file = std::io::BufWriter::new(std::fs::File::create(inputs.join("huge.txt")).expect("create"));
        let chunk = "Refugees crossed the border. ".repeat(1 << 15);
        for _ in 0..SIZE / chunk.len() {
            file.write_all(chunk.as_bytes()).expect("write");
        }
    }
    // The same binary on a one-line input: what the process costs anyway (the gazetteer, the
    // allocator's arenas, the database).
    let small = dir.path().join("small");
    std::fs::create_dir(&small).expect("small dir");
    std::fs::write(small.join("good.jsonl"), GOOD_LINE).expect("write small");
    let mut command = Command::new(env!("CARGO_BIN_EXE_sitrep"));
    command.arg("--db").arg(dir.path().join("small.db")).arg("ingest").arg("--json").arg(&small);
    let (small_output, baseline_kib) = run_measuring_peak_kib(command);
    assert!(small_output.status.success(), "{}", String::from_utf8_lossy(&small_output.stderr));

    let db = dir.path().join("test.db");
    let mut command = Command::new(env!("CARGO_BIN_EXE_sitrep"));
    command.arg("--db").arg(&db).arg("ingest").arg("--json").arg(&inputs);
    let (output, peak_kib) = run_measuring_peak_kib(command);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    // With --json the diagnostics are JSON lines on stdout: (input, message) per failure.
    let failures: Vec<(String, String)> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|line| line["severity"] == "failed")
        .map(|line| {
            (line["input"].as_str().unwrap_or("").to_owned(), line["message"].as_str().unwrap_or("").to_owned())
        })
        .collect();
    let failed = |input: &str, message: &str| failures.iter().any(|(i, m)| i.ends_with(input) && m.contains(message));
    assert!(failed("huge.jsonl:1", "line longer than 16 MiB"), "{failures:?}");
    assert!(failed("huge.txt", "larger than 16 MiB"), "{failures:?}");
    assert_eq!(stored_ids(&db), vec!["good-1"]);
    // Two 300 MB inputs cost at most two records' worth (2 × 16 MiB) more than one short line:
    // memory is bounded by the record limit, not by the size of the file.
    assert!(baseline_kib > 0 && peak_kib > 0, "memory was measured");
    assert!(
        peak_kib < baseline_kib + 32 * 1024,
        "peak memory {peak_kib} KiB against {baseline_kib} KiB for a one-line input"
    );
}

#[test]
fn ingest_is_idempotent() {
    let (_dir, inputs, db) =
        batch_with("story.txt", b"Headline\n\nTen people were killed in clashes on Thursday, activists said.");
    let first = ingest(&db, &[&inputs]);
    assert!(first.stdout.contains("ingested 2, duplicates skipped 0, failed 0"), "{}", first.stdout);
    let second = ingest(&db, &[&inputs]);
    assert!(second.stdout.contains("ingested 0, duplicates skipped 2, failed 0"), "{}", second.stdout);
    assert_eq!(stored_ids(&db).len(), 2);
}
