//! Articles: insert a batch, look one up, list with filters, full-text search.

use crate::{Result, Store, StoreError};
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{OptionalExtension, Row, params, params_from_iter, types::Value as SqlValue};
use sitrep_core::{Article, Language};

/// What one batch insert did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct InsertOutcome {
    pub inserted: usize,
    /// Articles whose id was already stored (or repeated within the batch): kept as first stored.
    pub skipped: usize,
}

/// Filters of an article listing; every field narrows it. Results come newest first.
#[derive(Debug, Default, Clone)]
pub struct ArticleFilter {
    pub outlet: Option<String>,
    pub language: Option<String>,
    /// Published at or after.
    pub since: Option<DateTime<Utc>>,
    /// Published before.
    pub until: Option<DateTime<Utc>>,
    pub limit: Option<usize>,
    pub offset: usize,
}

/// One line of an article listing: what identifies an article, without its texts.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleSummary {
    pub id: String,
    pub published: Option<DateTime<Utc>>,
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub language: String,
    pub n_chars: usize,
}

/// One result of a full-text search, best first.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    pub summary: ArticleSummary,
    /// The matching passage, with matches between `[` and `]`.
    pub snippet: String,
    /// bm25 relevance (higher is better).
    pub score: f64,
}

const SUMMARY_COLUMNS: &str = "a.id, a.published, a.outlet, a.title, a.language, length(a.text)";

impl Store {
    /// Stores a batch of articles in one transaction. An article whose id is already stored is
    /// skipped (ingest is idempotent): the stored one is kept unchanged.
    pub fn insert_articles(&mut self, articles: &[Article]) -> Result<InsertOutcome> {
        self.insert_articles_keyed(articles).map(|(outcome, _)| outcome)
    }

    /// [`Store::insert_articles`], with the key each article was stored under, in the batch's
    /// order (`None` for one skipped as already stored).
    pub fn insert_articles_keyed(&mut self, articles: &[Article]) -> Result<(InsertOutcome, Vec<Option<i64>>)> {
        let ingested_at = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
        let tx = self.conn.transaction()?;
        let mut outcome = InsertOutcome::default();
        let mut keys = Vec::with_capacity(articles.len());
        // Keys only grow: what this batch stores is above the largest key before it.
        let last_key: i64 = tx.query_row("SELECT coalesce(max(key), 0) FROM articles", [], |row| row.get(0))?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO articles (id, url, outlet, published, title, raw_text, text, language,
                     language_reliable, content_hash, origin, metadata, ingested_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
                 ON CONFLICT(id) DO NOTHING",
            )?;
            for article in articles {
                // A map of strings to JSON values always serializes; "{}" only to avoid a panic path.
                let metadata = serde_json::to_string(&article.metadata).unwrap_or_else(|_| "{}".to_owned());
                let changed = insert.execute(params![
                    article.id,
                    article.url,
                    article.outlet,
                    article.published.map(format_time),
                    article.title,
                    article.raw_text,
                    article.text,
                    article.language.code,
                    article.language.reliable,
                    article.content_hash,
                    article.origin,
                    metadata,
                    ingested_at,
                ])?;
                if changed == 0 {
                    outcome.skipped += 1;
                    keys.push(None);
                } else {
                    outcome.inserted += 1;
                    keys.push(Some(tx.last_insert_rowid()));
                }
            }
        }
        // The batch's rows enter the full-text index together: per-row inserts from a trigger,
        // interleaved with the table's own writes, cost three times as much.
        tx.execute(
            "INSERT INTO articles_fts (rowid, title, text) SELECT key, title, text FROM articles WHERE key > ?1",
            [last_key],
        )?;
        tx.commit()?;
        Ok((outcome, keys))
    }

    /// The article with this id, if stored.
    pub fn article(&self, id: &str) -> Result<Option<Article>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, url, outlet, published, title, raw_text, text, language, language_reliable,
                    origin, metadata, content_hash
             FROM articles WHERE id = ?1",
        )?;
        let row = statement.query_row([id], read_article).optional()?;
        row.transpose()
    }

    /// Whether an article with this id is stored (an index lookup).
    pub fn contains_article(&self, id: &str) -> Result<bool> {
        let mut statement = self.conn.prepare_cached("SELECT 1 FROM articles WHERE id = ?1")?;
        Ok(statement.exists([id])?)
    }

    pub fn count_articles(&self) -> Result<usize> {
        let n: i64 = self.conn.query_row("SELECT count(*) FROM articles", [], |row| row.get(0))?;
        Ok(n as usize)
    }

    /// Calls `each` with every article matching the filter, newest first, streaming from the
    /// database (a listing of a million articles holds one row at a time).
    pub fn list_articles(&self, filter: &ArticleFilter, each: &mut dyn FnMut(ArticleSummary)) -> Result<()> {
        let mut conditions = Vec::new();
        let mut values: Vec<SqlValue> = Vec::new();
        if let Some(outlet) = &filter.outlet {
            values.push(SqlValue::Text(outlet.clone()));
            conditions.push(format!("a.outlet = ?{}", values.len()));
        }
        if let Some(language) = &filter.language {
            values.push(SqlValue::Text(language.clone()));
            conditions.push(format!("a.language = ?{}", values.len()));
        }
        if let Some(since) = filter.since {
            values.push(SqlValue::Text(format_time(since)));
            conditions.push(format!("a.published >= ?{}", values.len()));
        }
        if let Some(until) = filter.until {
            values.push(SqlValue::Text(format_time(until)));
            conditions.push(format!("a.published < ?{}", values.len()));
        }
        let where_clause =
            if conditions.is_empty() { String::new() } else { format!("WHERE {}", conditions.join(" AND ")) };
        let limit = filter.limit.map_or(-1, |l| l as i64);
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM articles a {where_clause}
             ORDER BY a.published IS NULL, a.published DESC, a.key DESC LIMIT {limit} OFFSET {}",
            filter.offset
        );
        let mut statement = self.conn.prepare(&sql)?;
        let mut rows = statement.query(params_from_iter(values))?;
        while let Some(row) = rows.next()? {
            each(read_summary(row)?);
        }
        Ok(())
    }

    /// Full-text search over titles and texts, best match first. Each word of `query` must occur
    /// (case and diacritics folded); a word in double quotes with others is matched as a phrase.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let match_expression = fts_match_expression(query)?;
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, snippet(articles_fts, 1, '[', ']', '…', 16), bm25(articles_fts, 5.0, 1.0)
             FROM articles_fts JOIN articles a ON a.key = articles_fts.rowid
             WHERE articles_fts MATCH ?1
             ORDER BY bm25(articles_fts, 5.0, 1.0) LIMIT ?2"
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let rows = statement.query_map(params![match_expression, limit as i64], |row| {
            Ok((read_summary(row), row.get::<_, String>(6)?, row.get::<_, f64>(7)?))
        })?;
        let mut hits = Vec::new();
        for row in rows {
            let (summary, snippet, bm25) = row?;
            hits.push(SearchHit { summary: summary?, snippet, score: -bm25 });
        }
        Ok(hits)
    }
}

/// Turns what a person types into an FTS5 expression that cannot be a syntax error: every word
/// and every "quoted phrase" becomes a quoted FTS5 string, all of them required.
fn fts_match_expression(query: &str) -> Result<String> {
    let mut terms = Vec::new();
    for (index, part) in query.split('"').enumerate() {
        let inside_quotes = index % 2 == 1;
        if inside_quotes {
            let phrase: Vec<&str> = part.split_whitespace().collect();
            if !phrase.is_empty() {
                terms.push(format!("\"{}\"", phrase.join(" ")));
            }
        } else {
            for word in part.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-') {
                let word = word.trim_matches(|c: char| !c.is_alphanumeric());
                if !word.is_empty() {
                    terms.push(format!("\"{word}\""));
                }
            }
        }
    }
    if terms.is_empty() {
        return Err(StoreError::BadQuery(format!("{query:?} has no word to search for")));
    }
    Ok(terms.join(" "))
}

pub(crate) fn format_time(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn parse_time(text: Option<String>) -> Result<Option<DateTime<Utc>>> {
    text.map(|t| {
        DateTime::parse_from_rfc3339(&t)
            .map(|d| d.with_timezone(&Utc))
            .map_err(|e| StoreError::Corrupt(format!("published {t:?}: {e}")))
    })
    .transpose()
}

fn read_summary(row: &Row<'_>) -> Result<ArticleSummary> {
    Ok(ArticleSummary {
        id: row.get(0)?,
        published: parse_time(row.get(1)?)?,
        outlet: row.get(2)?,
        title: row.get(3)?,
        language: row.get(4)?,
        n_chars: row.get::<_, i64>(5)? as usize,
    })
}

fn read_article(row: &Row<'_>) -> rusqlite::Result<Result<Article>> {
    let published: Option<String> = row.get(3)?;
    let metadata: String = row.get(10)?;
    let id: String = row.get(0)?;
    let article = (|| {
        let metadata = match serde_json::from_str(&metadata) {
            Ok(serde_json::Value::Object(map)) => map,
            _ => return Err(StoreError::Corrupt(format!("metadata of article {id} is not a JSON object"))),
        };
        Ok(Article {
            id: id.clone(),
            url: row.get(1)?,
            outlet: row.get(2)?,
            published: parse_time(published)?,
            title: row.get(4)?,
            raw_text: row.get(5)?,
            text: row.get(6)?,
            language: Language { code: row.get(7)?, reliable: row.get(8)? },
            content_hash: row.get(11)?,
            origin: row.get(9)?,
            metadata,
        })
    })();
    Ok(article)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_core::fingerprint;

    fn article(id: &str, text: &str, published: &str) -> Article {
        Article {
            id: id.to_owned(),
            url: None,
            outlet: Some("Wire".to_owned()),
            published: DateTime::parse_from_rfc3339(published).ok().map(|d| d.with_timezone(&Utc)),
            title: Some(format!("Title {id}")),
            raw_text: text.to_owned(),
            text: text.to_owned(),
            language: Language { code: "eng".to_owned(), reliable: true },
            content_hash: fingerprint::content_hash(text),
            origin: "test".to_owned(),
            metadata: serde_json::Map::new(),
        }
    }

    #[test]
    fn insert_is_idempotent_and_round_trips() -> Result<()> {
        let mut store = Store::open_in_memory()?;
        let a = article("a", "Refugees crossed into Şanlıurfa province.", "2012-11-09T10:00:00Z");
        let b = article("b", "Ten people were killed in clashes.", "2012-11-10T10:00:00Z");
        assert_eq!(
            store.insert_articles(&[a.clone(), b.clone(), a.clone()])?,
            InsertOutcome { inserted: 2, skipped: 1 }
        );
        assert_eq!(store.insert_articles(std::slice::from_ref(&a))?, InsertOutcome { inserted: 0, skipped: 1 });
        assert_eq!(store.count_articles()?, 2);
        assert_eq!(store.article("a")?, Some(a));
        assert_eq!(store.article("missing")?, None);
        assert!(store.contains_article("b")? && !store.contains_article("missing")?);
        Ok(())
    }

    /// The keys handed back are those the articles are stored under; a skipped one has none.
    #[test]
    fn a_keyed_insert_names_each_article_s_key() -> Result<()> {
        let mut store = Store::open_in_memory()?;
        let a = article("a", "Refugees crossed into Şanlıurfa province.", "2012-11-09T10:00:00Z");
        let b = article("b", "Ten people were killed in clashes.", "2012-11-10T10:00:00Z");
        store.insert_articles(std::slice::from_ref(&a))?;
        let (outcome, keys) = store.insert_articles_keyed(&[b.clone(), a.clone(), b.clone()])?;
        assert_eq!(outcome, InsertOutcome { inserted: 1, skipped: 2 });
        let [Some(key_b), None, None] = keys[..] else { panic!("keys {keys:?}") };
        let texts = store.article_texts(&[key_b])?;
        assert_eq!(texts.get(&key_b).map(|t| t.text.as_str()), Some(b.text.as_str()));
        Ok(())
    }

    #[test]
    fn a_second_connection_sees_what_the_first_wrote_and_memory_has_none() -> Result<()> {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let mut store = Store::open(&dir.path().join("sitrep.db"))?;
        let Some(mut other) = store.reopen()? else { panic!("a file database has a second connection") };
        other.insert_articles(&[article("a", "Ten people were killed.", "2012-11-10T10:00:00Z")])?;
        assert!(store.contains_article("a")?);
        store.insert_articles(&[article("b", "Two fled.", "2012-11-11T10:00:00Z")])?;
        assert_eq!(other.count_articles()?, 2);
        assert!(Store::open_in_memory()?.reopen()?.is_none());
        Ok(())
    }

    #[test]
    fn search_folds_diacritics_and_never_fails_on_syntax() -> Result<()> {
        let mut store = Store::open_in_memory()?;
        store.insert_articles(&[
            article("a", "Refugees crossed into Şanlıurfa province.", "2012-11-09T10:00:00Z"),
            article("b", "Ten people were killed in clashes.", "2012-11-10T10:00:00Z"),
        ])?;
        let hits = store.search("sanlıurfa", 10)?;
        assert_eq!(hits.iter().map(|h| h.summary.id.as_str()).collect::<Vec<_>>(), vec!["a"]);
        assert!(hits[0].snippet.contains('['));
        assert_eq!(store.search("\"people were killed\"", 10)?.len(), 1);
        assert_eq!(store.search("killed AND OR NEAR( \"unbalanced", 10)?.len(), 0);
        assert!(matches!(store.search(" ()* ", 10), Err(StoreError::BadQuery(_))));
        Ok(())
    }

    #[test]
    fn listing_filters_and_orders_newest_first() -> Result<()> {
        let mut store = Store::open_in_memory()?;
        store.insert_articles(&[
            article("old", "Old text.", "2011-06-10T00:00:00Z"),
            article("new", "New text.", "2012-11-09T00:00:00Z"),
        ])?;
        let mut ids = Vec::new();
        store.list_articles(&ArticleFilter::default(), &mut |s| ids.push(s.id))?;
        assert_eq!(ids, vec!["new", "old"]);
        let filter = ArticleFilter {
            until: Some(
                DateTime::parse_from_rfc3339("2012-01-01T00:00:00Z")
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?
                    .with_timezone(&Utc),
            ),
            ..ArticleFilter::default()
        };
        let mut ids = Vec::new();
        store.list_articles(&filter, &mut |s| ids.push(s.id))?;
        assert_eq!(ids, vec!["old"]);
        Ok(())
    }
}
