//! What the server's tests share: a store holding the bundled seeds, copied fresh for each test.

#![allow(dead_code)] // each test binary uses part of this module

use sitrep_server::ServerConfig;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The seeds ingested once (copy groups, stories, figures), into a database file of its own.
fn seeded_template() -> &'static Path {
    static TEMPLATE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = TEMPLATE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("seeds.db");
        {
            let mut store = sitrep_store::Store::open(&path).expect("a new store");
            let seeds = repo_root().join("examples/seeds/articles.jsonl");
            let report = sitrep_pipeline::ingest_paths(&mut store, &[seeds]).expect("the seeds ingest");
            assert_eq!(report.inserted, 5);
            sitrep_pipeline::update_stages(&mut store, &Default::default()).expect("the stages run");
        }
        (dir, path)
    });
    path
}

/// A fresh copy of the seeded database, and the directory that holds it.
pub fn seeded_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("sitrep.db");
    std::fs::copy(seeded_template(), &path).expect("copying the seeded database");
    (dir, path)
}

pub fn config(db: &Path) -> ServerConfig {
    let mut config = ServerConfig::new(db.to_path_buf());
    config.token = Some("test-token-0123456789".to_owned());
    config.readers = 2;
    config
}
