//! sitrep's embedded database: SQLite (bundled, so nothing to install) in WAL mode, schema
//! migrations, full-text search with FTS5.
//!
//! Architecture invariant: only this crate writes SQL. Every write of a batch is one transaction,
//! so an interrupted run leaves whole batches behind and can simply be run again; every lookup a
//! stage does per article goes through an index (no full-table scan per ingested article).

mod articles;
mod figures;
mod migrations;
mod stories;

pub use articles::{ArticleFilter, ArticleSummary, InsertOutcome, SearchHit};
pub use figures::{ArticleFigures, FigureFilter, FigurePlaceCount, StoredFigure};
pub use stories::{
    ArticleText, CopyGroupChange, LoadedSketch, Membership, PendingArticle, StageBatch, StoryArticle, StoryMember,
    StoryRow, StorySummary,
};

use rusqlite::Connection;
use std::path::Path;

/// The store's failures: a database that cannot be opened, or a query that failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the database {path}: {source}")]
    Open { path: String, source: rusqlite::Error },
    #[error("the database {path} has schema version {found}, newer than this sitrep knows ({known}); upgrade sitrep")]
    TooNew { path: String, found: i64, known: i64 },
    #[error("invalid search query: {0}")]
    BadQuery(String),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The database of one sitrep installation.
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        let display = path.display().to_string();
        let conn = Connection::open(path).map_err(|source| StoreError::Open { path: display.clone(), source })?;
        Store::setup(conn, &display)
    }

    /// A second connection to the same database file, for a thread that writes while this one
    /// reads (WAL lets the two go on together); `None` for a database in memory.
    pub fn reopen(&self) -> Result<Option<Store>> {
        match self.conn.path() {
            Some(path) if !path.is_empty() => Ok(Some(Store::open(Path::new(path))?)),
            _ => Ok(None),
        }
    }

    /// A private database in memory, for tests and one-off runs.
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        Store::setup(conn, ":memory:")
    }

    fn setup(conn: Connection, display: &str) -> Result<Store> {
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        // WAL lets readers (the server) go on while a batch is written; NORMAL sync is durable
        // at each checkpoint and safe against corruption, which is what a re-runnable ingest needs.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        let mut store = Store { conn };
        migrations::migrate(&mut store.conn, display)?;
        Ok(store)
    }

    /// The schema version now in force (the number of migrations applied).
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
    }
}
