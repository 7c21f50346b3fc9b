//! Stories and copy groups: what the dedupe and cluster stages read and write.

use crate::articles::format_time;
use crate::{Result, Store, StoreError};
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use std::collections::HashMap;

/// An article the story stage has not seen yet.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingArticle {
    pub key: i64,
    pub id: String,
    pub published_secs: Option<i64>,
}

/// What the story stage reads of an article.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleText {
    pub published: Option<chrono::NaiveDate>,
    pub title: Option<String>,
    pub text: String,
    pub language: sitrep_core::Language,
}

/// Where the story stage put an article, by id (for evaluation and exports).
#[derive(Debug, Clone, PartialEq)]
pub struct Membership {
    pub article_id: String,
    pub story_id: Option<i64>,
    pub copy_group: Option<i64>,
}

/// A signature loaded for the copy index.
#[derive(Debug, Clone)]
pub struct LoadedSketch {
    pub article_key: i64,
    pub published_secs: Option<i64>,
    pub n_shingles: u32,
    pub minhash: Vec<u8>,
}

/// Where the story stage put one article.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryMember {
    pub article_key: i64,
    pub story_id: Option<i64>,
    pub similarity: f32,
    pub skip_reason: Option<String>,
    pub sketch: Option<(Option<i64>, u32, Vec<u8>)>,
}

/// A story's saved state.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryRow {
    pub id: i64,
    pub label: String,
    pub first_seen_secs: Option<i64>,
    pub last_seen_secs: Option<i64>,
    pub n_articles: u32,
    pub state: Vec<u8>,
}

/// A change of copy groups: `articles` now belong to group `group` (merging any group they had).
#[derive(Debug, Clone, PartialEq)]
pub struct CopyGroupChange {
    pub group: i64,
    pub articles: Vec<i64>,
}

/// Everything one chunk of the story stage writes, in one transaction.
#[derive(Debug, Default)]
pub struct StageBatch {
    pub members: Vec<StoryMember>,
    pub stories: Vec<StoryRow>,
    /// Change of each story's independent-unit count.
    pub copy_unit_deltas: HashMap<i64, i64>,
    pub copy_groups: Vec<CopyGroupChange>,
    pub term_frequencies: Vec<(u64, u32)>,
    /// The number of documents the frequencies count, when they are saved.
    pub n_documents: Option<u64>,
}

/// A line of the story listing.
#[derive(Debug, Clone, PartialEq)]
pub struct StorySummary {
    pub id: i64,
    pub label: String,
    pub first_seen: Option<DateTime<Utc>>,
    pub last_seen: Option<DateTime<Utc>>,
    pub n_articles: u32,
    pub n_copy_groups: u32,
}

/// An article of a story, with its copy group.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryArticle {
    pub key: i64,
    pub id: String,
    pub published: Option<DateTime<Utc>>,
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub copy_group: Option<i64>,
    pub is_canonical: bool,
}

fn secs_to_time(secs: Option<i64>) -> Option<DateTime<Utc>> {
    secs.and_then(|s| DateTime::from_timestamp(s, 0))
}

impl Store {
    /// A value that changes whenever articles are stored or a stage moves on, so a reader can
    /// tell that what it derived from the store is stale (two index lookups, no scan).
    pub fn data_version(&self) -> Result<String> {
        let mut statement = self.conn.prepare_cached(
            "SELECT (SELECT coalesce(max(key), 0) FROM articles),
                    (SELECT coalesce(group_concat(name || '=' || value, ','), '') FROM pipeline_state)",
        )?;
        Ok(statement.query_row([], |row| Ok(format!("{}/{}", row.get::<_, i64>(0)?, row.get::<_, String>(1)?)))?)
    }

    pub fn pipeline_value(&self, name: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM pipeline_state WHERE name = ?1", [name], |row| row.get(0))
            .optional()?)
    }

    pub fn set_pipeline_value(&mut self, name: &str, value: i64) -> Result<()> {
        self.conn.execute(
            "INSERT INTO pipeline_state (name, value) VALUES (?1, ?2)
             ON CONFLICT(name) DO UPDATE SET value = excluded.value",
            params![name, value],
        )?;
        Ok(())
    }

    /// Articles stored after `after_key` that the story stage has not seen, in stream order:
    /// by publication time (undated last), then id.
    pub fn pending_story_articles(&self, after_key: i64) -> Result<Vec<PendingArticle>> {
        let mut statement = self.conn.prepare(
            "SELECT a.key, a.id, a.published FROM articles a
             WHERE a.key > ?1 AND NOT EXISTS (SELECT 1 FROM story_members m WHERE m.article_key = a.key)
             ORDER BY a.published IS NULL, a.published, a.id",
        )?;
        let rows = statement.query_map([after_key], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?, row.get::<_, Option<String>>(2)?))
        })?;
        let mut pending = Vec::new();
        for row in rows {
            let (key, id, published) = row?;
            let published_secs = match published {
                Some(text) => Some(
                    DateTime::parse_from_rfc3339(&text)
                        .map_err(|e| StoreError::Corrupt(format!("published {text:?}: {e}")))?
                        .timestamp(),
                ),
                None => None,
            };
            pending.push(PendingArticle { key, id, published_secs });
        }
        Ok(pending)
    }

    pub fn max_article_key(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT coalesce(max(key), 0) FROM articles", [], |row| row.get(0))?)
    }

    /// Title, cleaned text and language of the given articles, by key.
    pub fn article_texts(&self, keys: &[i64]) -> Result<HashMap<i64, ArticleText>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT title, text, language, language_reliable, published FROM articles WHERE key = ?1",
        )?;
        let mut texts = HashMap::with_capacity(keys.len());
        for key in keys {
            let row = statement
                .query_row([key], |row| {
                    let published: Option<String> = row.get(4)?;
                    Ok(ArticleText {
                        published: published.and_then(|p| {
                            DateTime::parse_from_rfc3339(&p).ok().map(|d| d.with_timezone(&Utc).date_naive())
                        }),
                        title: row.get(0)?,
                        text: row.get(1)?,
                        language: sitrep_core::Language { code: row.get(2)?, reliable: row.get(3)? },
                    })
                })
                .optional()?;
            if let Some(row) = row {
                texts.insert(*key, row);
            }
        }
        Ok(texts)
    }

    /// All document frequencies, and the number of documents they count.
    pub fn load_term_frequencies(&self) -> Result<(u64, HashMap<u64, u32>)> {
        let n_documents = self.pipeline_value("stories.n_documents")?.unwrap_or(0) as u64;
        let mut statement = self.conn.prepare("SELECT term, df FROM term_frequencies")?;
        let rows = statement.query_map([], |row| Ok((row.get::<_, i64>(0)? as u64, row.get::<_, i64>(1)? as u32)))?;
        let mut counts = HashMap::new();
        for row in rows {
            let (term, df) = row?;
            counts.insert(term, df);
        }
        Ok((n_documents, counts))
    }

    /// Stories active at or after `since_secs` (by their last article), plus the most recent
    /// `max_undated` stories of undated articles.
    pub fn load_active_stories(&self, since_secs: Option<i64>, max_undated: usize) -> Result<Vec<(i64, Vec<u8>)>> {
        let mut stories = Vec::new();
        let mut dated = self.conn.prepare(
            "SELECT id, state FROM stories WHERE last_seen_secs IS NOT NULL AND last_seen_secs >= ?1 ORDER BY id",
        )?;
        let since = since_secs.unwrap_or(i64::MIN);
        for row in dated.query_map([since], |row| Ok((row.get(0)?, row.get(1)?)))? {
            stories.push(row?);
        }
        let mut undated = self
            .conn
            .prepare("SELECT id, state FROM stories WHERE last_seen_secs IS NULL ORDER BY id DESC LIMIT ?1")?;
        for row in undated.query_map([max_undated as i64], |row| Ok((row.get(0)?, row.get(1)?)))? {
            stories.push(row?);
        }
        Ok(stories)
    }

    pub fn max_story_id(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT coalesce(max(id), 0) FROM stories", [], |row| row.get(0))?)
    }

    /// Signatures of articles published at or after `since_secs`, plus the `max_undated` most
    /// recent undated ones, in key order.
    pub fn load_copy_sketches(&self, since_secs: Option<i64>, max_undated: usize) -> Result<Vec<LoadedSketch>> {
        let read = |row: &rusqlite::Row<'_>| {
            Ok(LoadedSketch {
                article_key: row.get(0)?,
                published_secs: row.get(1)?,
                n_shingles: row.get::<_, i64>(2)? as u32,
                minhash: row.get(3)?,
            })
        };
        let mut sketches = Vec::new();
        let mut dated = self.conn.prepare(
            "SELECT article_key, published_secs, n_shingles, minhash FROM copy_sketches
             WHERE published_secs IS NOT NULL AND published_secs >= ?1 ORDER BY published_secs, article_key",
        )?;
        for row in dated.query_map([since_secs.unwrap_or(i64::MIN)], read)? {
            sketches.push(row?);
        }
        let mut undated = self.conn.prepare(
            "SELECT * FROM (SELECT article_key, published_secs, n_shingles, minhash FROM copy_sketches
             WHERE published_secs IS NULL ORDER BY article_key DESC LIMIT ?1) ORDER BY article_key",
        )?;
        for row in undated.query_map([max_undated as i64], read)? {
            sketches.push(row?);
        }
        Ok(sketches)
    }

    /// The story and copy group of an article the story stage has seen.
    pub fn story_membership(&self, article_key: i64) -> Result<Option<(Option<i64>, Option<i64>)>> {
        let mut statement =
            self.conn.prepare_cached("SELECT story_id, copy_group FROM story_members WHERE article_key = ?1")?;
        Ok(statement.query_row([article_key], |row| Ok((row.get(0)?, row.get(1)?))).optional()?)
    }

    /// Writes one chunk of the story stage in one transaction.
    pub fn save_stage_batch(&mut self, batch: &StageBatch) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut member = tx.prepare_cached(
                "INSERT INTO story_members (article_key, story_id, copy_group, similarity, skip_reason)
                 VALUES (?1, ?2, NULL, ?3, ?4)
                 ON CONFLICT(article_key) DO UPDATE SET story_id = excluded.story_id,
                     similarity = excluded.similarity, skip_reason = excluded.skip_reason",
            )?;
            let mut sketch = tx.prepare_cached(
                "INSERT OR REPLACE INTO copy_sketches (article_key, published_secs, n_shingles, minhash)
                 VALUES (?1, ?2, ?3, ?4)",
            )?;
            for m in &batch.members {
                member.execute(params![m.article_key, m.story_id, f64::from(m.similarity), m.skip_reason])?;
                if let Some((published, n_shingles, minhash)) = &m.sketch {
                    sketch.execute(params![m.article_key, published, i64::from(*n_shingles), minhash])?;
                }
            }
            let mut story = tx.prepare_cached(
                "INSERT INTO stories (id, label, first_seen, last_seen, last_seen_secs, n_articles, n_copy_groups, state)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7)
                 ON CONFLICT(id) DO UPDATE SET label = excluded.label, first_seen = excluded.first_seen,
                     last_seen = excluded.last_seen, last_seen_secs = excluded.last_seen_secs,
                     n_articles = excluded.n_articles, state = excluded.state",
            )?;
            for s in &batch.stories {
                story.execute(params![
                    s.id,
                    s.label,
                    secs_to_time(s.first_seen_secs).map(format_time),
                    secs_to_time(s.last_seen_secs).map(format_time),
                    s.last_seen_secs,
                    i64::from(s.n_articles),
                    s.state
                ])?;
            }
            let mut units = tx.prepare_cached("UPDATE stories SET n_copy_groups = n_copy_groups + ?2 WHERE id = ?1")?;
            let mut deltas: Vec<(&i64, &i64)> = batch.copy_unit_deltas.iter().collect();
            deltas.sort();
            for (id, delta) in deltas {
                units.execute(params![id, delta])?;
            }
            let mut regroup_old = tx.prepare_cached(
                "UPDATE story_members SET copy_group = ?1
                 WHERE copy_group IN (SELECT copy_group FROM story_members WHERE article_key = ?2 AND copy_group <> ?1)",
            )?;
            let mut regroup = tx.prepare_cached("UPDATE story_members SET copy_group = ?1 WHERE article_key = ?2")?;
            let mut drop_group = tx.prepare_cached(
                "DELETE FROM copy_groups WHERE id IN (SELECT copy_group FROM story_members WHERE article_key = ?1)
                 AND id <> ?2",
            )?;
            let mut group_of = tx.prepare_cached("SELECT copy_group FROM story_members WHERE article_key = ?1")?;
            let mut group_row = tx.prepare_cached("SELECT canonical_key, n_articles FROM copy_groups WHERE id = ?1")?;
            let mut rank = tx.prepare_cached("SELECT published, length(text) FROM articles WHERE key = ?1")?;
            let mut upsert_group = tx.prepare_cached(
                "INSERT INTO copy_groups (id, canonical_key, n_articles) VALUES (?1, ?2, ?3)
                 ON CONFLICT(id) DO UPDATE SET canonical_key = excluded.canonical_key, n_articles = excluded.n_articles",
            )?;
            for change in &batch.copy_groups {
                // The group's size and canonical member follow from what it had and what joins
                // (the canonical of each group merged in, each article new to a group), never
                // from rereading its members: a story copied thousands of times stays linear.
                let mut candidates: Vec<i64> = Vec::new();
                let mut n_articles: i64 = 0;
                let mut counted_groups: Vec<i64> = Vec::new();
                let mut count_group = |group: i64, candidates: &mut Vec<i64>, n_articles: &mut i64| -> Result<()> {
                    if counted_groups.contains(&group) {
                        return Ok(());
                    }
                    counted_groups.push(group);
                    let row: Option<(i64, i64)> =
                        group_row.query_row([group], |row| Ok((row.get(0)?, row.get(1)?))).optional()?;
                    match row {
                        Some((canonical, n)) => {
                            candidates.push(canonical);
                            *n_articles += n;
                        }
                        // Members without their group's row (a store written by other code):
                        // counted and ranked the slow way, so the totals stay right.
                        None => {
                            let mut members =
                                tx.prepare_cached("SELECT article_key FROM story_members WHERE copy_group = ?1")?;
                            for member in members.query_map([group], |row| row.get::<_, i64>(0))? {
                                candidates.push(member?);
                                *n_articles += 1;
                            }
                        }
                    }
                    Ok(())
                };
                count_group(change.group, &mut candidates, &mut n_articles)?;
                let mut counted_articles: Vec<i64> = Vec::new();
                for article in &change.articles {
                    if counted_articles.contains(article) {
                        continue;
                    }
                    counted_articles.push(*article);
                    let current: Option<i64> = group_of.query_row([article], |row| row.get(0)).optional()?.flatten();
                    match current {
                        Some(group) => count_group(group, &mut candidates, &mut n_articles)?,
                        None => {
                            candidates.push(*article);
                            n_articles += 1;
                        }
                    }
                }
                for article in &change.articles {
                    drop_group.execute(params![article, change.group])?;
                    regroup_old.execute(params![change.group, article])?;
                    regroup.execute(params![change.group, article])?;
                }
                // The canonical member: earliest published, else longest text (then lowest key).
                // (undated, published, longest first, key): the smallest is the canonical member.
                let mut canonical: Option<(bool, Option<String>, std::cmp::Reverse<i64>, i64)> = None;
                for &candidate in &candidates {
                    let Some((published, length)) = rank
                        .query_row([candidate], |row| Ok((row.get::<_, Option<String>>(0)?, row.get::<_, i64>(1)?)))
                        .optional()?
                    else {
                        continue;
                    };
                    let order = (published.is_none(), published, std::cmp::Reverse(length), candidate);
                    if canonical.as_ref().is_none_or(|best| order < *best) {
                        canonical = Some(order);
                    }
                }
                if let Some((_, _, _, canonical)) = canonical {
                    upsert_group.execute(params![change.group, canonical, n_articles])?;
                }
            }
            let mut frequency = tx.prepare_cached(
                "INSERT INTO term_frequencies (term, df) VALUES (?1, ?2) ON CONFLICT(term) DO UPDATE SET df = excluded.df",
            )?;
            for (term, df) in &batch.term_frequencies {
                frequency.execute(params![*term as i64, i64::from(*df)])?;
            }
        }
        if let Some(n_documents) = batch.n_documents {
            tx.execute(
                "INSERT INTO pipeline_state (name, value) VALUES ('stories.n_documents', ?1)
                 ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                [n_documents as i64],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Stories, most recently active first: `limit` of them (all when `None`) after skipping
    /// `offset`.
    pub fn list_stories(&self, limit: Option<usize>, offset: usize) -> Result<Vec<StorySummary>> {
        self.query_stories(
            "ORDER BY last_seen IS NULL, last_seen DESC, id DESC LIMIT ?1 OFFSET ?2",
            [limit.map_or(-1, |l| l as i64), offset as i64],
        )
    }

    /// One story, when it exists.
    pub fn story(&self, story_id: i64) -> Result<Option<StorySummary>> {
        Ok(self.query_stories("WHERE id = ?1", [story_id])?.into_iter().next())
    }

    pub fn count_stories(&self) -> Result<usize> {
        let n: i64 = self.conn.query_row("SELECT count(*) FROM stories", [], |row| row.get(0))?;
        Ok(n as usize)
    }

    fn query_stories(&self, tail: &str, values: impl rusqlite::Params) -> Result<Vec<StorySummary>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT id, label, first_seen, last_seen, n_articles, n_copy_groups FROM stories {tail}"
        ))?;
        let rows = statement.query_map(values, |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, Option<String>>(2)?,
                row.get::<_, Option<String>>(3)?,
                row.get::<_, i64>(4)?,
                row.get::<_, i64>(5)?,
            ))
        })?;
        let parse = |text: Option<String>| -> Result<Option<DateTime<Utc>>> {
            text.map(|t| {
                DateTime::parse_from_rfc3339(&t)
                    .map(|d| d.with_timezone(&Utc))
                    .map_err(|e| StoreError::Corrupt(format!("story time {t:?}: {e}")))
            })
            .transpose()
        };
        let mut stories = Vec::new();
        for row in rows {
            let (id, label, first, last, n_articles, n_copy_groups) = row?;
            stories.push(StorySummary {
                id,
                label,
                first_seen: parse(first)?,
                last_seen: parse(last)?,
                n_articles: n_articles as u32,
                n_copy_groups: n_copy_groups as u32,
            });
        }
        Ok(stories)
    }

    /// The story and copy group of an article, by its id (`None` when it has no story yet).
    pub fn article_membership(&self, article_id: &str) -> Result<Option<(Option<i64>, Option<i64>)>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT m.story_id, m.copy_group FROM story_members m JOIN articles a ON a.key = m.article_key
             WHERE a.id = ?1",
        )?;
        Ok(statement.query_row([article_id], |row| Ok((row.get(0)?, row.get(1)?))).optional()?)
    }

    /// The articles of a story in time order, canonical copies marked.
    pub fn story_articles(&self, story_id: i64) -> Result<Vec<StoryArticle>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT a.key, a.id, a.published, a.outlet, a.title, m.copy_group,
                    coalesce(g.canonical_key = a.key, 0)
             FROM story_members m JOIN articles a ON a.key = m.article_key
             LEFT JOIN copy_groups g ON g.id = m.copy_group
             WHERE m.story_id = ?1
             ORDER BY a.published IS NULL, a.published, a.id",
        )?;
        let rows = statement.query_map([story_id], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, Option<String>>(2)?,
                row.get::<_, Option<String>>(3)?,
                row.get::<_, Option<String>>(4)?,
                row.get::<_, Option<i64>>(5)?,
                row.get::<_, bool>(6)?,
            ))
        })?;
        let mut articles = Vec::new();
        for row in rows {
            let (key, id, published, outlet, title, copy_group, is_canonical) = row?;
            let published = published
                .map(|t| DateTime::parse_from_rfc3339(&t).map(|d| d.with_timezone(&Utc)))
                .transpose()
                .map_err(|e| StoreError::Corrupt(format!("published: {e}")))?;
            articles.push(StoryArticle { key, id, published, outlet, title, copy_group, is_canonical });
        }
        Ok(articles)
    }

    /// Every article id with its story and copy group (for evaluation and exports).
    pub fn all_memberships(&self) -> Result<Vec<Membership>> {
        let mut statement = self.conn.prepare(
            "SELECT a.id, m.story_id, m.copy_group FROM articles a LEFT JOIN story_members m ON m.article_key = a.key
             ORDER BY a.key",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(Membership { article_id: row.get(0)?, story_id: row.get(1)?, copy_group: row.get(2)? })
        })?;
        let mut memberships = Vec::new();
        for row in rows {
            memberships.push(row?);
        }
        Ok(memberships)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_core::article::{Article, Language};

    fn article(id: &str, text: &str, published: Option<&str>) -> Article {
        Article {
            id: id.to_owned(),
            url: None,
            outlet: None,
            published: published.and_then(|p| DateTime::parse_from_rfc3339(p).ok()).map(|d| d.with_timezone(&Utc)),
            title: None,
            raw_text: text.to_owned(),
            text: text.to_owned(),
            language: Language { code: "eng".to_owned(), reliable: true },
            content_hash: sitrep_core::fingerprint::content_hash(text),
            origin: "test".to_owned(),
            metadata: serde_json::Map::new(),
        }
    }

    fn member(article_key: i64) -> StoryMember {
        StoryMember { article_key, story_id: Some(1), similarity: 1.0, skip_reason: None, sketch: None }
    }

    fn groups(store: &Store) -> Result<Vec<(i64, i64, i64)>> {
        let mut statement = store.conn.prepare("SELECT id, canonical_key, n_articles FROM copy_groups ORDER BY id")?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    fn group_of(store: &Store, key: i64) -> Result<Option<i64>> {
        Ok(store
            .conn
            .query_row("SELECT copy_group FROM story_members WHERE article_key = ?1", [key], |row| row.get(0))?)
    }

    /// Groups grow, merge and keep their canonical member (earliest published, else longest
    /// text) from what joins them, without rereading their members.
    #[test]
    fn copy_groups_grow_merge_and_keep_their_canonical_member() -> Result<()> {
        let mut store = Store::open_in_memory()?;
        store.insert_articles(&[
            article("a", "short", Some("2020-01-02T00:00:00Z")),
            article("b", "a longer text", Some("2020-01-03T00:00:00Z")),
            article("c", "text", Some("2020-01-05T00:00:00Z")),
            article("d", "the longest text of all", None),
            article("e", "text", Some("2020-01-01T00:00:00Z")),
            article("f", "text", Some("2020-01-06T00:00:00Z")),
        ])?;
        let key = |id: &str| -> Result<i64> {
            Ok(store.conn.query_row("SELECT key FROM articles WHERE id = ?1", [id], |row| row.get(0))?)
        };
        let [a, b, c, d, e, f] = [key("a")?, key("b")?, key("c")?, key("d")?, key("e")?, key("f")?];

        // b copies a: group a = {a, b}, canonical a (earlier). d copies c: group c = {c, d}, canonical
        // c (dated beats undated, however long).
        let first = StageBatch {
            members: [a, b, c, d].map(member).to_vec(),
            copy_groups: vec![
                // b named twice is counted once.
                CopyGroupChange { group: a, articles: vec![a, b, b] },
                CopyGroupChange { group: c, articles: vec![c, d] },
            ],
            ..StageBatch::default()
        };
        store.save_stage_batch(&first)?;
        assert_eq!(groups(&store)?, vec![(a, a, 2), (c, c, 2)]);

        // e (earliest of all) copies b and d: the two groups merge into a with e as canonical.
        // The pipeline names one member of each group moved.
        let second = StageBatch {
            members: vec![member(e)],
            copy_groups: vec![CopyGroupChange { group: a, articles: vec![d, e] }],
            ..StageBatch::default()
        };
        store.save_stage_batch(&second)?;
        assert_eq!(groups(&store)?, vec![(a, e, 5)]);
        for article in [a, b, c, d, e] {
            assert_eq!(group_of(&store, article)?, Some(a), "article {article}");
        }

        // f (the latest) joins: one more member, the canonical stays.
        let third = StageBatch {
            members: vec![member(f)],
            copy_groups: vec![CopyGroupChange { group: a, articles: vec![f] }],
            ..StageBatch::default()
        };
        store.save_stage_batch(&third)?;
        assert_eq!(groups(&store)?, vec![(a, e, 6)]);
        // Articles already in the group add nothing.
        let again = StageBatch {
            copy_groups: vec![CopyGroupChange { group: a, articles: vec![f, f, b] }],
            ..StageBatch::default()
        };
        store.save_stage_batch(&again)?;
        assert_eq!(groups(&store)?, vec![(a, e, 6)]);
        let counted: i64 =
            store.conn.query_row("SELECT count(*) FROM story_members WHERE copy_group = ?1", [a], |row| row.get(0))?;
        assert_eq!(counted, 6);
        Ok(())
    }
}
