//! Schema migrations: an ordered list; the database's `user_version` says how many are applied.
//! A migration is never edited once released: a change is a new migration at the end.

use crate::{Result, StoreError};
use rusqlite::Connection;

const MIGRATIONS: &[&str] = &[
    // 1: articles and their full-text index.
    r#"
    CREATE TABLE articles (
        -- The integer key joins (FTS, later stages' tables); `id` is the article's own id.
        key               INTEGER PRIMARY KEY,
        id                TEXT NOT NULL UNIQUE,
        url               TEXT,
        outlet            TEXT,
        published         TEXT,              -- RFC 3339, UTC, sortable
        title             TEXT,
        raw_text          TEXT NOT NULL,
        text              TEXT NOT NULL,
        language          TEXT NOT NULL,
        language_reliable INTEGER NOT NULL,
        content_hash      TEXT NOT NULL,     -- of the normalized cleaned text
        origin            TEXT NOT NULL,
        metadata          TEXT NOT NULL,     -- JSON object of the input's other fields
        ingested_at       TEXT NOT NULL
    );
    CREATE INDEX articles_by_published ON articles(published);
    CREATE INDEX articles_by_outlet ON articles(outlet, published);
    CREATE INDEX articles_by_content_hash ON articles(content_hash);
    CREATE INDEX articles_by_language ON articles(language);

    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text,
        content = 'articles', content_rowid = 'key',
        tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.key, new.title, new.text);
    END;
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.key, old.title, old.text);
    END;
    CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.key, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.key, new.title, new.text);
    END;
    "#,
];

pub(crate) fn migrate(conn: &mut Connection, display: &str) -> Result<()> {
    let known = MIGRATIONS.len() as i64;
    let found: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if found > known {
        return Err(StoreError::TooNew { path: display.to_owned(), found, known });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}
