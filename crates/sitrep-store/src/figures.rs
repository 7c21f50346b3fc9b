//! Figures: what the extract stage writes, and the listings that read them.

use crate::{Result, Store, StoreError};
use chrono::NaiveDate;
use rusqlite::{Row, params, params_from_iter, types::Value as SqlValue};
use sitrep_core::figure::{Displacement, Figure, FigurePlace, Measure, Qualifier, Scope, ScopeKind};

/// The figures of one article (or why it was skipped).
#[derive(Debug, Clone)]
pub struct ArticleFigures {
    pub article_key: i64,
    pub figures: Vec<Figure>,
    pub skip_reason: Option<String>,
}

/// A stored figure with the id of its article.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredFigure {
    pub article_id: String,
    /// The article's store key (a copy group's id is the key of its first member).
    pub article_key: i64,
    pub published: Option<String>,
    pub outlet: Option<String>,
    pub story_id: Option<i64>,
    pub copy_group: Option<i64>,
    pub figure: Figure,
}

/// Filters of a figure listing; every field narrows it.
#[derive(Debug, Default, Clone)]
pub struct FigureFilter {
    pub story: Option<i64>,
    pub article_id: Option<String>,
    pub measure: Option<Measure>,
    /// The resolved place name or the place as written, case folded.
    pub place: Option<String>,
    /// Published at or after.
    pub since: Option<chrono::DateTime<chrono::Utc>>,
    /// Published before.
    pub until: Option<chrono::DateTime<chrono::Utc>>,
    pub limit: Option<usize>,
    pub offset: usize,
}

/// A place that figures were tied to, with how many.
#[derive(Debug, Clone, PartialEq)]
pub struct FigurePlaceCount {
    /// None for regions the gazetteer holds without a GeoNames id.
    pub geonames_id: Option<u32>,
    pub name: String,
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub precision: Option<String>,
    pub n_figures: usize,
    pub n_stories: usize,
}

const PRECISIONS: &[&str] = &["settlement", "admin", "country"];

impl Store {
    /// Articles stored after `after_key` that the figure stage has not seen, in key order.
    pub fn pending_figure_articles(&self, after_key: i64) -> Result<Vec<i64>> {
        let mut statement = self.conn.prepare(
            "SELECT a.key FROM articles a WHERE a.key > ?1
             AND NOT EXISTS (SELECT 1 FROM figure_articles f WHERE f.article_key = a.key) ORDER BY a.key",
        )?;
        let rows = statement.query_map([after_key], |row| row.get(0))?;
        let mut keys = Vec::new();
        for row in rows {
            keys.push(row?);
        }
        Ok(keys)
    }

    /// Writes the figures of a batch of articles in one transaction.
    pub fn save_figures(&mut self, batch: &[ArticleFigures]) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut article = tx.prepare_cached(
                "INSERT OR REPLACE INTO figure_articles (article_key, n_figures, skip_reason) VALUES (?1, ?2, ?3)",
            )?;
            let mut clear = tx.prepare_cached("DELETE FROM figures WHERE article_key = ?1")?;
            let mut figure = tx.prepare_cached(
                "INSERT INTO figures (article_key, ordinal, measure, value, low, high, text, qualifier, unit,
                    place_text, place_geonames_id, place_name, place_country, place_lat, place_lon, place_precision,
                    scope_text, scope_start, scope_end, source, sentence, sentence_start, sentence_end,
                    span_start, span_end, background, who, scope_kind, displacement, subset)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
                    ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30)",
            )?;
            for entry in batch {
                article.execute(params![entry.article_key, entry.figures.len() as i64, entry.skip_reason])?;
                clear.execute([entry.article_key])?;
                for (ordinal, f) in entry.figures.iter().enumerate() {
                    let place = f.place.as_ref();
                    let scope = f.scope.as_ref();
                    figure.execute(params![
                        entry.article_key,
                        ordinal as i64,
                        f.measure.as_str(),
                        f.value.map(|v| v as i64),
                        f.low.map(|v| v as i64),
                        f.high.map(|v| v as i64),
                        f.text,
                        f.qualifier.as_str(),
                        f.unit,
                        place.map(|p| p.text.as_str()),
                        place.and_then(|p| p.geonames_id),
                        place.and_then(|p| p.name.as_deref()),
                        place.and_then(|p| p.country.as_deref()),
                        place.and_then(|p| p.lat).map(f64::from),
                        place.and_then(|p| p.lon).map(f64::from),
                        place.and_then(|p| p.precision),
                        scope.map(|s| s.text.as_str()),
                        scope.and_then(|s| s.start).map(|d| d.to_string()),
                        scope.and_then(|s| s.end).map(|d| d.to_string()),
                        f.source,
                        f.sentence,
                        f.sentence_span.0 as i64,
                        f.sentence_span.1 as i64,
                        f.span.0 as i64,
                        f.span.1 as i64,
                        f.background,
                        f.who,
                        scope.map(|s| s.kind.as_str()),
                        f.displacement.map(|d| d.as_str()),
                        f.subset,
                    ])?;
                }
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Figures matching the filter, by article (published order) then position in the text.
    pub fn list_figures(&self, filter: &FigureFilter) -> Result<Vec<StoredFigure>> {
        let mut conditions = Vec::new();
        let mut values: Vec<SqlValue> = Vec::new();
        if let Some(story) = filter.story {
            values.push(SqlValue::Integer(story));
            conditions.push(format!("m.story_id = ?{}", values.len()));
        }
        if let Some(id) = &filter.article_id {
            values.push(SqlValue::Text(id.clone()));
            conditions.push(format!("a.id = ?{}", values.len()));
        }
        if let Some(measure) = filter.measure {
            values.push(SqlValue::Text(measure.as_str().to_owned()));
            conditions.push(format!("f.measure = ?{}", values.len()));
        }
        if let Some(place) = &filter.place {
            values.push(SqlValue::Text(place.clone()));
            let n = values.len();
            conditions.push(format!("(f.place_name = ?{n} COLLATE NOCASE OR f.place_text = ?{n} COLLATE NOCASE)"));
        }
        if let Some(since) = filter.since {
            values.push(SqlValue::Text(crate::articles::format_time(since)));
            conditions.push(format!("a.published >= ?{}", values.len()));
        }
        if let Some(until) = filter.until {
            values.push(SqlValue::Text(crate::articles::format_time(until)));
            conditions.push(format!("a.published < ?{}", values.len()));
        }
        let where_clause =
            if conditions.is_empty() { String::new() } else { format!("WHERE {}", conditions.join(" AND ")) };
        let limit = filter.limit.map_or(-1, |l| l as i64);
        let sql = format!(
            "SELECT a.id, a.published, a.outlet, m.story_id, m.copy_group,
                    f.measure, f.value, f.low, f.high, f.text, f.qualifier, f.unit,
                    f.place_text, f.place_geonames_id, f.place_name, f.place_country, f.place_lat, f.place_lon,
                    f.place_precision, f.scope_text, f.scope_start, f.scope_end, f.source, f.sentence,
                    f.sentence_start, f.sentence_end, f.span_start, f.span_end, f.background, f.who,
                    a.key, f.scope_kind, f.displacement, f.subset
             FROM figures f JOIN articles a ON a.key = f.article_key
             LEFT JOIN story_members m ON m.article_key = f.article_key
             {where_clause}
             ORDER BY a.published IS NULL, a.published, a.id, f.ordinal LIMIT {limit} OFFSET {}",
            filter.offset
        );
        let mut statement = self.conn.prepare(&sql)?;
        let mut rows = statement.query(params_from_iter(values))?;
        let mut figures = Vec::new();
        while let Some(row) = rows.next()? {
            figures.push(read_figure(row)?);
        }
        Ok(figures)
    }
}

impl Store {
    /// The resolved places of figures, most figures first.
    pub fn figure_places(&self, limit: usize, offset: usize) -> Result<Vec<FigurePlaceCount>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT f.place_geonames_id, f.place_name, f.place_country, max(f.place_lat), max(f.place_lon),
                    f.place_precision, count(*), count(DISTINCT m.story_id)
             FROM figures f LEFT JOIN story_members m ON m.article_key = f.article_key
             WHERE f.place_lat IS NOT NULL AND f.place_country IS NOT NULL AND f.place_name IS NOT NULL
             GROUP BY f.place_geonames_id, f.place_name, f.place_country, f.place_precision
             ORDER BY count(*) DESC, f.place_name LIMIT ?1 OFFSET ?2",
        )?;
        let rows = statement.query_map([limit as i64, offset as i64], |row| {
            Ok(FigurePlaceCount {
                geonames_id: row.get(0)?,
                name: row.get::<_, Option<String>>(1)?.unwrap_or_default(),
                country: row.get(2)?,
                lat: row.get(3)?,
                lon: row.get(4)?,
                precision: row.get(5)?,
                n_figures: row.get::<_, i64>(6)? as usize,
                n_stories: row.get::<_, i64>(7)? as usize,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

fn read_figure(row: &Row<'_>) -> Result<StoredFigure> {
    let measure: String = row.get(5)?;
    let qualifier: String = row.get(10)?;
    let corrupt = |what: &str| StoreError::Corrupt(format!("figure {what}"));
    let date = |text: Option<String>| text.and_then(|t| NaiveDate::parse_from_str(&t, "%Y-%m-%d").ok());
    let place_text: Option<String> = row.get(12)?;
    let precision: Option<String> = row.get(18)?;
    let place = match place_text {
        Some(text) => Some(FigurePlace {
            text,
            geonames_id: row.get(13)?,
            name: row.get(14)?,
            country: row.get(15)?,
            lat: row.get::<_, Option<f64>>(16)?.map(|v| v as f32),
            lon: row.get::<_, Option<f64>>(17)?.map(|v| v as f32),
            precision: precision.and_then(|p| PRECISIONS.iter().find(|known| **known == p).copied()),
        }),
        None => None,
    };
    let scope_text: Option<String> = row.get(19)?;
    let scope = match scope_text {
        Some(text) => {
            let kind: Option<String> = row.get(31)?;
            let kind = kind.as_deref().and_then(ScopeKind::parse).unwrap_or_else(|| ScopeKind::from_text(&text));
            Some(Scope { text, start: date(row.get(20)?), end: date(row.get(21)?), kind })
        }
        None => None,
    };
    let count = |value: Option<i64>| value.map(|v| v.max(0) as u64);
    let figure = Figure {
        measure: Measure::parse(&measure).ok_or_else(|| corrupt("measure"))?,
        value: count(row.get(6)?),
        low: count(row.get(7)?),
        high: count(row.get(8)?),
        text: row.get(9)?,
        qualifier: Qualifier::parse(&qualifier).ok_or_else(|| corrupt("qualifier"))?,
        unit: row.get(11)?,
        place,
        scope,
        source: row.get(22)?,
        sentence: row.get(23)?,
        sentence_span: (row.get::<_, i64>(24)? as usize, row.get::<_, i64>(25)? as usize),
        span: (row.get::<_, i64>(26)? as usize, row.get::<_, i64>(27)? as usize),
        background: row.get(28)?,
        who: row.get(29)?,
        displacement: row.get::<_, Option<String>>(32)?.as_deref().and_then(Displacement::parse),
        subset: row.get(33)?,
    };
    Ok(StoredFigure {
        article_id: row.get(0)?,
        article_key: row.get(30)?,
        published: row.get(1)?,
        outlet: row.get(2)?,
        story_id: row.get(3)?,
        copy_group: row.get(4)?,
        figure,
    })
}
