//! The situation report of each story — title, dates, places, cited summary, reconciled
//! quantities, timeline, sources with wire copies marked — built from the store, and its
//! renderings: text, markdown, HTML, JSON, and the CSV, HXL and GeoJSON exports.
//!
//! Architecture invariant: this crate reads the store and never writes it; it owns the report's
//! shapes, so the command line and the server present the same report from one builder.

mod export;
mod model;
mod render;

pub use export::{ExportFormat, write_figures, write_quantities, write_totals};
pub use model::{
    ArticleRefJson, PlaceJson, QuantityJson, ReportJson, SourceJson, StoryFigures, StoryReportJson, SummaryJson,
    TimelineJson, TotalJson, build_reports, build_story, story_figures,
};
pub use render::{escape_html, format_count, quantity_label, render_html, render_markdown, render_text, total_basis};

/// Why a report could not be built or written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("no story with id {0} (try `sitrep stories`)")]
    NoStory(i64),
    #[error("unknown format {0:?} (csv, hxl, geojson or json)")]
    UnknownFormat(String),
    #[error(transparent)]
    Store(#[from] sitrep_store::StoreError),
    #[error("writing the report: {0}")]
    Io(#[from] std::io::Error),
    #[error("writing JSON: {0}")]
    Json(#[from] serde_json::Error),
}

pub type Result<T, E = ReportError> = std::result::Result<T, E>;
