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
    // 2: copy groups and stories (the dedupe and cluster stages).
    r#"
    -- One row per article the story stage has seen; story_id is NULL for an article it skipped.
    CREATE TABLE story_members (
        article_key   INTEGER PRIMARY KEY REFERENCES articles(key),
        story_id      INTEGER,
        copy_group    INTEGER,           -- NULL: no known copy
        similarity    REAL NOT NULL,
        skip_reason   TEXT
    );
    CREATE INDEX story_members_by_story ON story_members(story_id);
    CREATE INDEX story_members_by_copy_group ON story_members(copy_group) WHERE copy_group IS NOT NULL;

    CREATE TABLE stories (
        id             INTEGER PRIMARY KEY,
        label          TEXT NOT NULL,
        first_seen     TEXT,
        last_seen      TEXT,
        last_seen_secs INTEGER,          -- NULL for a story of undated articles
        n_articles     INTEGER NOT NULL,
        n_copy_groups  INTEGER NOT NULL, -- independent units: copy groups count once
        state          BLOB NOT NULL     -- sitrep_core::cluster::codec
    );
    CREATE INDEX stories_by_last_seen ON stories(last_seen_secs);

    CREATE TABLE copy_groups (
        id            INTEGER PRIMARY KEY, -- the key of its first member
        canonical_key INTEGER NOT NULL REFERENCES articles(key),
        n_articles    INTEGER NOT NULL
    );

    -- MinHash signatures, for copies of articles stored by earlier runs.
    CREATE TABLE copy_sketches (
        article_key    INTEGER PRIMARY KEY REFERENCES articles(key),
        published_secs INTEGER,
        n_shingles     INTEGER NOT NULL,
        minhash        BLOB NOT NULL
    );
    CREATE INDEX copy_sketches_by_published ON copy_sketches(published_secs);

    -- Document frequencies of terms (xxh3 hashes) for IDF.
    CREATE TABLE term_frequencies (
        term INTEGER PRIMARY KEY,
        df   INTEGER NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE pipeline_state (
        name  TEXT PRIMARY KEY,
        value INTEGER NOT NULL
    ) WITHOUT ROWID;
    "#,
    // 3: figures (the extract stage).
    r#"
    -- One row per article the figure stage has seen, with why it was skipped, if it was.
    CREATE TABLE figure_articles (
        article_key INTEGER PRIMARY KEY REFERENCES articles(key),
        n_figures   INTEGER NOT NULL,
        skip_reason TEXT
    );
    CREATE TABLE figures (
        article_key       INTEGER NOT NULL REFERENCES articles(key),
        ordinal           INTEGER NOT NULL,
        measure           TEXT NOT NULL,
        value             INTEGER,
        low               INTEGER,
        high              INTEGER,
        text              TEXT NOT NULL,
        qualifier         TEXT NOT NULL,
        unit              TEXT,
        place_text        TEXT,
        place_geonames_id INTEGER,
        place_name        TEXT,
        place_country     TEXT,
        place_lat         REAL,
        place_lon         REAL,
        place_precision   TEXT,
        scope_text        TEXT,
        scope_start       TEXT,
        scope_end         TEXT,
        source            TEXT,
        sentence          TEXT NOT NULL,
        sentence_start    INTEGER NOT NULL,
        sentence_end      INTEGER NOT NULL,
        span_start        INTEGER NOT NULL,
        span_end          INTEGER NOT NULL,
        background        INTEGER NOT NULL,
        PRIMARY KEY (article_key, ordinal)
    ) WITHOUT ROWID;
    CREATE INDEX figures_by_measure ON figures(measure);
    "#,
    // 4: who a figure counts ("civilians", "soldiers"), to keep subgroups apart in reports.
    r#"
    ALTER TABLE figures ADD COLUMN who TEXT;
    "#,
    // 5: new articles enter the full-text index once per batch (`insert_articles`), not row by
    // row from a trigger: the same index, built about three times faster.
    r#"
    DROP TRIGGER articles_fts_insert;
    "#,
    // 6: how a figure's time scope bounds it (period, since, as_of) and whether the displaced
    // fled, crossed a border or are staying somewhere; rows stored before read their scope kind
    // from the scope's words.
    r#"
    ALTER TABLE figures ADD COLUMN scope_kind TEXT;
    ALTER TABLE figures ADD COLUMN displacement TEXT;
    "#,
    // 7: whether a figure is a part of a count given in full ("41 of the dead were children").
    r#"
    ALTER TABLE figures ADD COLUMN subset INTEGER NOT NULL DEFAULT 0;
    "#,
    // 8: no query looks articles up by content hash (copies are found by their MinHash
    // signatures), and keeping the index cost every insert a B-tree write at a random place.
    r#"
    DROP INDEX IF EXISTS articles_by_content_hash;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{FigureFilter, Store};
    use sitrep_core::figure::ScopeKind;

    /// A database made before migration 6 (a figure with a scope, no kind, no displacement)
    /// opens, upgrades, and reads its figure with the kind taken from the scope's words.
    #[test]
    fn a_version_5_database_is_upgraded_and_read() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join("v5.db");
        {
            let mut conn = Connection::open(&path).expect("open");
            for (index, sql) in MIGRATIONS.iter().take(5).enumerate() {
                conn.execute_batch(sql).expect("an old migration");
                conn.pragma_update(None, "user_version", index as i64 + 1).expect("version");
            }
            let tx = conn.transaction().expect("tx");
            tx.execute_batch(
                "INSERT INTO articles (id, text, raw_text, language, language_reliable, content_hash, origin, metadata, ingested_at)
                 VALUES ('a', 'Ten people were killed in the past 24 hours.', '', 'eng', 1, 'h', 't', '{}', '2012-01-01T00:00:00Z');
                 INSERT INTO figures (article_key, ordinal, measure, value, low, high, text, qualifier, scope_text,
                    sentence, sentence_start, sentence_end, span_start, span_end, background)
                 VALUES (1, 0, 'killed', 10, 10, 10, 'Ten', 'exact', 'in the past 24 hours',
                    'Ten people were killed in the past 24 hours.', 0, 44, 0, 3, 0);",
            )
            .expect("old rows");
            tx.commit().expect("commit");
        }
        let store = Store::open(&path).expect("the upgrade");
        assert_eq!(store.schema_version().expect("version"), MIGRATIONS.len() as i64);
        let figures = store.list_figures(&FigureFilter::default()).expect("figures");
        assert_eq!(figures.len(), 1);
        let figure = &figures[0].figure;
        assert_eq!(figure.scope.as_ref().map(|s| s.kind), Some(ScopeKind::Period));
        assert_eq!((figure.displacement, figure.subset), (None, false));
    }
}
