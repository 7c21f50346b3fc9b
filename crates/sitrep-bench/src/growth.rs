//! Growth: a realistic stream of N articles made from a real corpus, and the whole pipeline's
//! time and memory per article as N grows (`sitrep-bench growth CORPUS.jsonl 10000 100000 …`).
//!
//! The stream mixes the corpus's sentences, numbers, places and dates so that it is not a pile
//! of exact duplicates: articles come in stories (a story grows over about eight articles across
//! days, sharing its sentences), one in ten is a syndicated copy of another article of its story
//! (headline changed, last paragraph trimmed), and every article gets fresh numbers. Each size
//! runs in its own child process, so its peak memory is its own.

use anyhow::{Context, Result, bail};
use serde_json::json;
use sitrep_core::extract::sentences;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// A small deterministic generator (splitmix64): the same stream on every machine.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const PLACES: &[&str] = &[
    "Aleppo",
    "Homs",
    "Mosul",
    "Kirkuk",
    "Beira",
    "Dondo",
    "Gorkha",
    "Kathmandu",
    "Misrata",
    "Benghazi",
    "Teknaf",
    "Cox's Bazar",
    "Gonaives",
    "Port-au-Prince",
    "Maiduguri",
    "Goma",
    "Bunia",
    "Juba",
    "Malakal",
    "Kandahar",
    "Herat",
    "Taiz",
    "Aden",
    "Sanaa",
    "Idlib",
    "Daraa",
    "Raqqa",
    "Tripoli",
    "Sirte",
    "Mogadishu",
    "Baidoa",
    "Kismayo",
];

/// The corpus's sentences (texts split into sentences), the material of the stream.
fn sentence_pool(corpus: &Path) -> Result<Vec<String>> {
    let file = std::fs::File::open(corpus).with_context(|| format!("opening {}", corpus.display()))?;
    let mut pool = Vec::new();
    for line in std::io::BufReader::new(file).lines() {
        let line = line?;
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&line) else { continue };
        let Some(text) = value.get("text").and_then(|t| t.as_str()) else { continue };
        let cleaned = sitrep_core::clean::clean_text(text);
        for sentence in sentences(&cleaned) {
            let s = &cleaned[sentence.start..sentence.end];
            if (40..400).contains(&s.len()) {
                pool.push(s.to_owned());
            }
        }
    }
    if pool.len() < 100 {
        bail!("{} gives too few sentences to make a stream", corpus.display());
    }
    Ok(pool)
}

/// Writes `n` articles as JSON lines.
pub fn generate(corpus: &Path, n: usize, out: &Path) -> Result<()> {
    let pool = sentence_pool(corpus)?;
    let mut random = Random(0x5175_7265_7000_0042);
    let mut file =
        std::io::BufWriter::new(std::fs::File::create(out).with_context(|| format!("creating {}", out.display()))?);
    let start =
        chrono::NaiveDate::from_ymd_opt(2015, 1, 1).unwrap_or_default().and_hms_opt(0, 0, 0).unwrap_or_default();
    let mut previous: Option<(usize, String, String)> = None;
    for i in 0..n {
        let story = i / 8;
        let mut story_random = Random(story as u64 * 7919 + 1);
        let place = PLACES[story_random.below(PLACES.len())];
        let day = start + chrono::Duration::hours((story * 9 + i % 8 * 11) as i64);
        let (title, text) = match &previous {
            Some((prev_story, title, text)) if *prev_story == story && random.below(10) == 0 => {
                // A syndicated copy: another headline, the last paragraph trimmed.
                let trimmed = text.rsplit_once("\n\n").map_or(text.as_str(), |(head, _)| head).to_owned();
                (format!("{title} (update)"), trimmed)
            }
            _ => {
                let shared: Vec<&str> = (0..4).map(|_| pool[story_random.below(pool.len())].as_str()).collect();
                let mut paragraphs = vec![format!(
                    "{}, {} - At least {} people were killed and {} injured on {} in {place}, officials said.",
                    place.to_uppercase(),
                    day.format("%b %d"),
                    random.below(200) + 1,
                    random.below(900) + 1,
                    day.format("%A")
                )];
                for sentence in shared.iter().take(2 + random.below(3)) {
                    paragraphs.push((*sentence).to_owned());
                }
                for _ in 0..(3 + random.below(6)) {
                    paragraphs.push(pool[random.below(pool.len())].clone());
                }
                paragraphs.push(format!(
                    "About {} people have fled {place} since the fighting began.",
                    (random.below(90) + 10) * 100
                ));
                (format!("Clashes in {place}: story {story}"), paragraphs.join("\n\n"))
            }
        };
        let record = json!({
            "id": format!("g{i}"),
            "outlet": format!("Outlet {}", random.below(40)),
            "published": day.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            "title": title,
            "text": text,
        });
        writeln!(file, "{record}")?;
        previous = Some((story, title, text));
    }
    file.flush()?;
    Ok(())
}

/// One size, in this process: ingest and every stage into a fresh database.
pub fn run_one(stream: &Path) -> Result<()> {
    let dir = std::env::temp_dir().join(format!("sitrep-growth-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let started = Instant::now();
    let mut store = sitrep_store::Store::open(&dir.join("growth.db"))?;
    let mut ingested = sitrep_pipeline::ingest_paths(&mut store, &[stream.to_owned()])?;
    let prepared = std::mem::take(&mut ingested.prepared);
    let stages = sitrep_pipeline::update_stages_after(&mut store, &Default::default(), prepared)?;
    let seconds = started.elapsed().as_secs_f64();
    let peak_kib = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| l.strip_prefix("VmHWM:")).map(|v| v.trim().trim_end_matches("kB").trim().to_owned())
        })
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0);
    let n = ingested.inserted.max(1);
    println!(
        "{:>9} articles  {:>8.2} s  {:>7.1} µs/article  {:>6.0} articles/s  index {:>5.0} B/article  peak RSS {:>6.0} MB ({:.2} KB/article)  copies {}  stories {}",
        ingested.inserted,
        seconds,
        seconds * 1e6 / n as f64,
        n as f64 / seconds,
        stages.stories.index_bytes as f64 / n as f64,
        peak_kib as f64 / 1024.0,
        peak_kib as f64 / n as f64,
        stages.stories.n_copies,
        stages.stories.n_new_stories,
    );
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}

/// Every size in its own process.
pub fn growth(corpus: &Path, sizes: &[usize]) -> Result<()> {
    let exe = std::env::current_exe()?;
    for &n in sizes {
        let stream: PathBuf = std::env::temp_dir().join(format!("sitrep-growth-{n}.jsonl"));
        generate(corpus, n, &stream)?;
        let status = std::process::Command::new(&exe).arg("growth-one").arg(&stream).status()?;
        std::fs::remove_file(&stream).ok();
        if !status.success() {
            bail!("the run of {n} articles failed");
        }
    }
    Ok(())
}
