//! Exports of the report's tables: one row per story with its totals, one per reconciled
//! quantity, or one per raw figure, as CSV, HXL (CSV with a hashtag row that humanitarian data
//! tools read), GeoJSON or JSON.

use crate::model::StoryReportJson;
use crate::{ReportError, Result};
use sitrep_store::StoredFigure;
use std::io::Write;

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Hxl,
    GeoJson,
    Json,
}

impl ExportFormat {
    pub fn parse(text: &str) -> Result<ExportFormat> {
        match text {
            "csv" => Ok(ExportFormat::Csv),
            "hxl" => Ok(ExportFormat::Hxl),
            "geojson" => Ok(ExportFormat::GeoJson),
            "json" => Ok(ExportFormat::Json),
            other => Err(ReportError::UnknownFormat(other.to_owned())),
        }
    }

    /// The media type a server sends the export with.
    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Csv | ExportFormat::Hxl => "text/csv; charset=utf-8",
            ExportFormat::GeoJson => "application/geo+json",
            ExportFormat::Json => "application/json",
        }
    }
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text.to_owned() }
}

fn csv_row(fields: &[String]) -> String {
    fields.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(",") + "\n"
}

fn opt(value: Option<u64>) -> String {
    value.map_or(String::new(), |v| v.to_string())
}

/// The columns of a quantity export: CSV header and HXL hashtag (hxlstandard.org), so humanitarian
/// data tools read the columns.
const QUANTITY_COLUMNS: &[(&str, &str)] = &[
    ("story", "#event+id"),
    ("measure", "#affected+type"),
    ("who", "#affected+who"),
    ("unit", "#indicator+unit"),
    ("place", "#loc+name"),
    ("geonames_id", "#geo+id"),
    ("country", "#country+code"),
    ("lat", "#geo+lat"),
    ("lon", "#geo+lon"),
    ("scope", "#date+scope"),
    ("low", "#affected+min"),
    ("best", "#affected+best"),
    ("high", "#affected+max"),
    ("n_sources", "#meta+sources+num"),
    ("sources", "#meta+source"),
    ("conflict", "#status+conflict"),
    ("latest_date", "#date+reported"),
    ("latest_source", "#meta+source+latest"),
];

/// The columns of a figure export: CSV header and HXL hashtag.
const FIGURE_COLUMNS: &[(&str, &str)] = &[
    ("article", "#meta+id"),
    ("story", "#event+id"),
    ("published", "#date+reported"),
    ("outlet", "#meta+outlet"),
    ("measure", "#affected+type"),
    ("value", "#affected+num"),
    ("low", "#affected+min"),
    ("high", "#affected+max"),
    ("text", "#affected+text"),
    ("qualifier", "#meta+qualifier"),
    ("unit", "#indicator+unit"),
    ("place", "#loc+name"),
    ("geonames_id", "#geo+id"),
    ("country", "#country+code"),
    ("lat", "#geo+lat"),
    ("lon", "#geo+lon"),
    ("scope", "#date+scope"),
    ("source", "#meta+source"),
    ("sentence", "#description"),
    ("span_start", "#meta+start"),
    ("span_end", "#meta+end"),
];

/// The header, the hashtag row for HXL, then the rows.
fn write_table(
    out: &mut dyn Write,
    columns: &[(&str, &str)],
    rows: &[Vec<String>],
    format: ExportFormat,
) -> Result<()> {
    let names: Vec<String> = columns.iter().map(|(name, _)| (*name).to_owned()).collect();
    out.write_all(csv_row(&names).as_bytes())?;
    if format == ExportFormat::Hxl {
        let tags: Vec<String> = columns.iter().map(|(_, tag)| (*tag).to_owned()).collect();
        out.write_all(csv_row(&tags).as_bytes())?;
    }
    for row in rows {
        out.write_all(csv_row(row).as_bytes())?;
    }
    Ok(())
}

/// One row per reconciled quantity of `reports`.
pub fn write_quantities(out: &mut dyn Write, reports: &[StoryReportJson], format: ExportFormat) -> Result<()> {
    let rows: Vec<Vec<String>> = reports
        .iter()
        .flat_map(|r| {
            r.quantities.iter().map(move |q| {
                let place = q.place.as_ref();
                vec![
                    r.id.to_string(),
                    q.measure.to_owned(),
                    q.who.clone().unwrap_or_default(),
                    q.unit.clone().unwrap_or_default(),
                    place.map(|p| p.name.clone()).unwrap_or_default(),
                    place.and_then(|p| p.geonames_id).map(|i| i.to_string()).unwrap_or_default(),
                    place.and_then(|p| p.country.clone()).unwrap_or_default(),
                    place.and_then(|p| p.lat).map(|v| v.to_string()).unwrap_or_default(),
                    place.and_then(|p| p.lon).map(|v| v.to_string()).unwrap_or_default(),
                    q.scope.clone().unwrap_or_default(),
                    opt(q.low),
                    opt(q.best),
                    opt(q.high),
                    q.n_sources.to_string(),
                    q.sources.iter().map(|s| s.source.clone()).collect::<Vec<_>>().join("; "),
                    q.conflict.to_string(),
                    q.latest.date.clone().unwrap_or_default(),
                    q.latest.source.clone().or(q.latest.outlet.clone()).unwrap_or_default(),
                ]
            })
        })
        .collect();
    match format {
        ExportFormat::Csv | ExportFormat::Hxl => write_table(out, QUANTITY_COLUMNS, &rows, format)?,
        ExportFormat::Json => {
            writeln!(out, "{}", serde_json::to_string_pretty(&serde_json::json!({ "stories": reports }))?)?
        }
        ExportFormat::GeoJson => {
            let features: Vec<serde_json::Value> = reports
                .iter()
                .flat_map(|r| {
                    r.quantities.iter().filter_map(move |q| {
                        let place = q.place.as_ref()?;
                        Some(point_feature(
                            (place.lon?, place.lat?),
                            serde_json::json!({
                                "story": r.id, "measure": q.measure, "place": place.name, "geonames_id": place.geonames_id,
                                "precision": place.precision, "scope": q.scope, "low": q.low, "best": q.best, "high": q.high,
                                "n_sources": q.n_sources, "conflict": q.conflict, "latest": q.latest.date,
                            }),
                        ))
                    })
                })
                .collect();
            write_feature_collection(out, features)?;
        }
    }
    Ok(())
}

/// The measures of a totals export, a column each: (CSV name, HXL hashtag).
const TOTAL_MEASURES: &[(&str, &str)] = &[
    ("killed", "#affected+killed"),
    ("injured", "#affected+injured"),
    ("missing", "#affected+missing"),
    ("displaced", "#affected+displaced"),
    ("refugees", "#affected+refugees"),
    ("arrested", "#affected+arrested"),
    ("defected", "#affected+defected"),
];

/// The columns of a totals export before the measures.
const TOTAL_COLUMNS: &[(&str, &str)] = &[
    ("story", "#event+id"),
    ("title", "#event+name"),
    ("first_seen", "#date+start"),
    ("last_seen", "#date+end"),
    ("places", "#loc+name"),
    ("articles", "#meta+articles+num"),
];

/// One row per story: its dates and places, then its total of each measure (the number a reader
/// would quote; empty where the story has none). GeoJSON: a point per total that has a place.
pub fn write_totals(out: &mut dyn Write, reports: &[StoryReportJson], format: ExportFormat) -> Result<()> {
    let columns: Vec<(&str, &str)> = TOTAL_COLUMNS.iter().chain(TOTAL_MEASURES).copied().collect();
    let rows: Vec<Vec<String>> = reports
        .iter()
        .map(|r| {
            let mut row = vec![
                r.id.to_string(),
                r.title.clone(),
                r.first_seen.clone().unwrap_or_default(),
                r.last_seen.clone().unwrap_or_default(),
                r.places.join("; "),
                r.articles.len().to_string(),
            ];
            for (measure, _) in TOTAL_MEASURES {
                row.push(opt(r.totals.iter().find(|t| t.measure == *measure).map(|t| t.best)));
            }
            row
        })
        .collect();
    match format {
        ExportFormat::Csv | ExportFormat::Hxl => write_table(out, &columns, &rows, format)?,
        ExportFormat::Json => {
            for r in reports {
                let line = serde_json::json!({
                    "story": r.id, "title": r.title, "first_seen": r.first_seen, "last_seen": r.last_seen,
                    "places": r.places, "articles": r.articles.len(), "totals": r.totals,
                });
                writeln!(out, "{line}")?;
            }
        }
        ExportFormat::GeoJson => {
            let features: Vec<serde_json::Value> = reports
                .iter()
                .flat_map(|r| {
                    r.totals.iter().filter_map(move |t| {
                        let place = t.place.as_ref()?;
                        Some(point_feature(
                            (place.lon?, place.lat?),
                            serde_json::json!({"story": r.id, "title": r.title, "measure": t.measure, "best": t.best,
                                               "low": t.low, "high": t.high, "method": t.method, "place": place.name,
                                               "n_sources": t.n_sources}),
                        ))
                    })
                })
                .collect();
            write_feature_collection(out, features)?;
        }
    }
    Ok(())
}

/// A GeoJSON point feature at (longitude, latitude).
fn point_feature((lon, lat): (f32, f32), properties: serde_json::Value) -> serde_json::Value {
    serde_json::json!({
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": properties,
    })
}

fn write_feature_collection(out: &mut dyn Write, features: Vec<serde_json::Value>) -> Result<()> {
    writeln!(out, "{}", serde_json::json!({"type": "FeatureCollection", "features": features}))?;
    Ok(())
}

/// One row per raw figure, with its evidence.
pub fn write_figures(out: &mut dyn Write, figures: &[StoredFigure], format: ExportFormat) -> Result<()> {
    let header: Vec<&str> = FIGURE_COLUMNS.iter().map(|(name, _)| *name).collect();

    let rows: Vec<Vec<String>> = figures
        .iter()
        .map(|s| {
            let f = &s.figure;
            let place = f.place.as_ref();
            vec![
                s.article_id.clone(),
                s.story_id.map(|i| i.to_string()).unwrap_or_default(),
                s.published.clone().unwrap_or_default(),
                s.outlet.clone().unwrap_or_default(),
                f.measure.as_str().to_owned(),
                opt(f.value),
                opt(f.low),
                opt(f.high),
                f.text.clone(),
                f.qualifier.as_str().to_owned(),
                f.unit.clone().unwrap_or_default(),
                place.map(|p| p.name.clone().unwrap_or(p.text.clone())).unwrap_or_default(),
                place.and_then(|p| p.geonames_id).map(|i| i.to_string()).unwrap_or_default(),
                place.and_then(|p| p.country.clone()).unwrap_or_default(),
                place.and_then(|p| p.lat).map(|v| v.to_string()).unwrap_or_default(),
                place.and_then(|p| p.lon).map(|v| v.to_string()).unwrap_or_default(),
                f.scope.as_ref().map(|s| s.text.clone()).unwrap_or_default(),
                f.source.clone().unwrap_or_default(),
                f.sentence.clone(),
                f.span.0.to_string(),
                f.span.1.to_string(),
            ]
        })
        .collect();
    match format {
        ExportFormat::Csv | ExportFormat::Hxl => write_table(out, FIGURE_COLUMNS, &rows, format)?,
        ExportFormat::Json => {
            for row in &rows {
                let object: serde_json::Map<String, serde_json::Value> = header
                    .iter()
                    .zip(row)
                    .map(|(k, v)| ((*k).to_owned(), serde_json::Value::String(v.clone())))
                    .collect();
                writeln!(out, "{}", serde_json::Value::Object(object))?;
            }
        }
        ExportFormat::GeoJson => {
            let features: Vec<serde_json::Value> = figures
                .iter()
                .filter_map(|s| {
                    let place = s.figure.place.as_ref()?;
                    Some(point_feature(
                        (place.lon?, place.lat?),
                        serde_json::json!({"article": s.article_id, "measure": s.figure.measure.as_str(), "value": s.figure.value,
                                           "text": s.figure.text, "place": place.name, "source": s.figure.source}),
                    ))
                })
                .collect();
            write_feature_collection(out, features)?;
        }
    }
    Ok(())
}
