//! `sitrep demo`: the bundled sample through the pipeline into a fresh database, then shown.

use anyhow::{Context, Result};
use sitrep_store::{ArticleFilter, Store};
use std::path::Path;
use std::process::ExitCode;

/// The sample ships inside the binary, so the demo works from any directory.
const SAMPLE_JSONL: &str = include_str!("../../../examples/seeds/articles.jsonl");

pub fn run(db_path: &Path) -> Result<ExitCode> {
    for suffix in ["", "-wal", "-shm"] {
        let path = format!("{}{suffix}", db_path.display());
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("removing the old demo database {path}")),
        }
    }
    let sample_dir = tempfile_dir()?;
    let sample_path = sample_dir.join("seeds.jsonl");
    std::fs::write(&sample_path, SAMPLE_JSONL).with_context(|| format!("writing {}", sample_path.display()))?;

    let mut store = Store::open(db_path).with_context(|| format!("creating {}", db_path.display()))?;
    println!("sitrep demo: the bundled sample (five reports on Syrians fleeing to Turkey, 2011-2012)");
    println!("database: {}", db_path.display());
    println!();
    let mut report = sitrep_pipeline::ingest_paths(&mut store, &[sample_path])?;
    let prepared = std::mem::take(&mut report.prepared);
    let stages = sitrep_pipeline::update_stages_after(&mut store, &Default::default(), prepared)?;
    std::fs::remove_dir_all(&sample_dir).ok();
    crate::output::print_ingest_report(&report, &stages, false)?;
    println!();
    println!("Stored articles (newest first):");
    store.list_articles(&ArticleFilter::default(), &mut |summary| {
        let date = summary.published.map_or_else(|| "----------".to_owned(), |d| d.format("%Y-%m-%d").to_string());
        println!(
            "  {date}  {:<9} {:<28} {:>5} chars  {}",
            summary.id,
            summary.outlet.as_deref().unwrap_or("-"),
            summary.n_chars,
            summary.title.as_deref().unwrap_or("(no title)")
        );
    })?;
    // Seed 001 shows the cleaning best: a repeated photo caption and two "Click for full JPost
    // coverage" lines were scraped with it.
    if let Some(article) = store.article("seed-001")? {
        println!();
        println!("The cleaned text of {} (debris removed, paragraphs kept):", article.id);
        for paragraph in article.text.split("\n\n").take(4) {
            println!("  | {paragraph}");
        }
        println!("  | …");
    }
    println!();
    println!("The situation report:");
    println!();
    let reports = sitrep_report::build_reports(&store, None, 0, Default::default())?;
    let color = std::io::IsTerminal::is_terminal(&std::io::stdout());
    for report in &reports {
        print!("{}", sitrep_report::render_text(report, color));
    }
    println!(
        "Next: sitrep --db {} search refugees   |   sitrep --db {} show seed-001",
        db_path.display(),
        db_path.display()
    );
    println!("Browse it: sitrep --db {} serve   (then open http://127.0.0.1:8080)", db_path.display());
    Ok(if report.failed.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) })
}

/// A private scratch directory for the sample file.
fn tempfile_dir() -> Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("sitrep-demo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    Ok(dir)
}
