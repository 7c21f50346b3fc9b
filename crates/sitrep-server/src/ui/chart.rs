//! The timeline chart of one quantity: each report's value by its date, as inline SVG (no
//! script), points labelled with who reported what.

use sitrep_report::{QuantityJson, escape_html, format_count};
use std::fmt::Write;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 180.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 34.0;

/// The chart of a quantity's dated reports, or `None` unless they span two dates or more.
pub(crate) fn timeline_svg(quantity: &QuantityJson, title: &str) -> Option<String> {
    let points: Vec<(chrono::NaiveDate, u64, &sitrep_report::ReportJson)> = quantity
        .timeline
        .iter()
        .filter_map(|r| {
            let date = chrono::NaiveDate::parse_from_str(r.date.as_deref()?, "%Y-%m-%d").ok()?;
            Some((date, r.value.or(r.low)?, r))
        })
        .collect();
    let first = points.iter().map(|p| p.0).min()?;
    let last = points.iter().map(|p| p.0).max()?;
    // A line needs two dates: reports of one day are in the table and the timeline list.
    if first == last {
        return None;
    }
    let days = (last - first).num_days().max(1) as f64;
    let max_value = points.iter().map(|p| p.1).max()?.max(1) as f64;
    let x = |date: chrono::NaiveDate| LEFT + (date - first).num_days() as f64 / days * (WIDTH - LEFT - RIGHT);
    let y = |value: u64| TOP + (1.0 - value as f64 / max_value) * (HEIGHT - TOP - BOTTOM);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{}"><title>{}</title>"#,
        escape_html(title),
        escape_html(title)
    );
    // Axes: zero and the largest value; the first and last dates.
    let _ = write!(
        svg,
        r#"<line class="axis" x1="{LEFT}" y1="{0:.1}" x2="{1:.1}" y2="{0:.1}"/><line class="axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{0:.1}"/>"#,
        HEIGHT - BOTTOM,
        WIDTH - RIGHT
    );
    let _ = write!(
        svg,
        r#"<text class="tick" x="{:.1}" y="{:.1}" text-anchor="end">{}</text><text class="tick" x="{:.1}" y="{:.1}" text-anchor="end">0</text>"#,
        LEFT - 6.0,
        TOP + 4.0,
        format_count(Some(max_value as u64)),
        LEFT - 6.0,
        HEIGHT - BOTTOM + 4.0
    );
    let _ = write!(
        svg,
        r#"<text class="tick" x="{LEFT}" y="{:.1}">{first}</text><text class="tick" x="{:.1}" y="{:.1}" text-anchor="end">{last}</text>"#,
        HEIGHT - 10.0,
        WIDTH - RIGHT,
        HEIGHT - 10.0
    );
    let mut sorted = points.clone();
    sorted.sort_by_key(|p| (p.0, p.1));
    let line: Vec<String> = sorted.iter().map(|p| format!("{:.1},{:.1}", x(p.0), y(p.1))).collect();
    let _ = write!(svg, r#"<polyline class="line" points="{}"/>"#, line.join(" "));
    for (date, value, report) in &sorted {
        let who = report.source.as_deref().or(report.outlet.as_deref()).unwrap_or("unattributed");
        let label = format!("{date}: {} ({who})", report.text);
        let _ = write!(
            svg,
            r#"<a href="/articles/{}#at-{}"><circle class="dot" cx="{:.1}" cy="{:.1}" r="5"><title>{}</title></circle></a>"#,
            escape_html(&url_path_segment(&report.article)),
            report.span[0],
            x(*date),
            y(*value),
            escape_html(&label)
        );
    }
    svg.push_str("</svg>");
    Some(svg)
}

/// An article id made safe inside a URL path (ids are free text).
pub(crate) fn url_path_segment(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for byte in id.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}
