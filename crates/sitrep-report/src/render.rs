//! The report as text for a terminal (100 columns), markdown and a standalone HTML page.

use crate::model::{QuantityJson, StoryReportJson, TotalJson};

/// A count with thousands separators ("8,538"), or "–" when there is none.
pub fn format_count(value: Option<u64>) -> String {
    match value {
        None => "–".to_owned(),
        Some(v) => {
            let digits = v.to_string();
            let mut out = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    out.push(',');
                }
                out.push(c);
            }
            out
        }
    }
}

fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() + indent.len() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines.iter().map(|l| format!("{indent}{l}\n")).collect()
}

fn fit(text: &str, width: usize) -> String {
    let count = text.chars().count();
    if count <= width {
        format!("{text:<width$}")
    } else {
        let cut: String = text.chars().take(width.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

/// The measure with who and unit: "killed (security forces) [families]".
pub fn quantity_label(q: &QuantityJson) -> String {
    let mut label = q.measure.to_owned();
    if let Some(who) = &q.who {
        label = format!("{label} ({who})");
    }
    if let Some(unit) = &q.unit {
        label = format!("{label} [{unit}]");
    }
    label
}

/// Where a story total is, and what it rests on: "Mozambique · the government, 2019-03-15 · 2
/// sources", or "sum of 2 reports: 19 (Border Guard Bangladesh, 2017-11-09) + 23 (…)".
fn total_line(total: &TotalJson) -> String {
    match &total.place {
        Some(place) if total.method != "sum" => format!("{} · {}", place.name, total_basis(total)),
        _ => total_basis(total),
    }
}

/// What a story total rests on: "the government, 2019-03-15 · 2 sources", or "sum of 2
/// reports: 19 (Border Guard Bangladesh, 2017-11-09) + 23 (Police in Ukhiya, 2017-11-14)".
pub fn total_basis(total: &TotalJson) -> String {
    let said = |r: &crate::model::ReportJson| {
        let who = r.source.as_deref().or(r.outlet.as_deref()).unwrap_or(&r.article);
        format!("{who}, {}", r.date.as_deref().unwrap_or("undated"))
    };
    if total.method == "sum" {
        let parts: Vec<String> = total.reports.iter().map(|r| format!("{} ({})", r.text, said(r))).collect();
        return format!("sum of {} reports: {}", parts.len(), parts.join(" + "));
    }
    let latest = total.reports.first().map(said).unwrap_or_default();
    let sources = if total.n_sources == 1 { "1 source".to_owned() } else { format!("{} sources", total.n_sources) };
    format!("{latest} · {sources}")
}

/// The text report: fits 100 columns; colour only on a terminal.
pub fn render_text(report: &StoryReportJson, color: bool) -> String {
    let (bold, dim, red, reset) = if color { ("\x1b[1m", "\x1b[2m", "\x1b[31m", "\x1b[0m") } else { ("", "", "", "") };
    let mut out = String::new();
    out.push_str(&format!("{bold}{}{reset}\n", fit(&report.title, 100).trim_end()));
    let dates = match (&report.first_seen, &report.last_seen) {
        (Some(a), Some(b)) if a != b => format!("{a} – {b}"),
        (Some(a), _) => a.clone(),
        _ => "undated".to_owned(),
    };
    let n_copies = report.sources.iter().filter(|s| s.copy_group.is_some() && !s.canonical).count();
    let meta = format!(
        "story {} · {dates} · {} articles ({} wire copies) · {}",
        report.id,
        report.articles.len(),
        n_copies,
        if report.places.is_empty() { report.label.clone() } else { report.places.join(", ") }
    );
    out.push_str(&format!("{dim}{}{reset}\n\n", fit(&meta, 100).trim_end()));
    if !report.summary.is_empty() {
        out.push_str(&format!("{bold}Summary{reset}\n"));
        for s in &report.summary {
            let cite =
                format!("[{}, {}]", s.outlet.as_deref().unwrap_or(&s.article), s.date.as_deref().unwrap_or("undated"));
            out.push_str(&wrap(&format!("• {} {cite}", s.sentence), 100, "  "));
        }
        out.push('\n');
    }
    if !report.totals.is_empty() {
        out.push_str(&format!("{bold}Key figures{reset}\n"));
        for t in &report.totals {
            let head = format!("  {:<10} {:>10}  ", t.measure, format_count(Some(t.best)));
            let indent = " ".repeat(head.chars().count());
            let detail = wrap(&total_line(t), 100 - indent.len(), "");
            for (i, line) in detail.lines().enumerate() {
                let lead = if i == 0 { head.as_str() } else { indent.as_str() };
                out.push_str(&format!("{lead}{dim}{line}{reset}\n"));
            }
        }
        out.push('\n');
    }
    if !report.quantities.is_empty() {
        out.push_str(&format!("{bold}Quantities{reset}\n"));
        out.push_str(&format!(
            "  {:<22} {:<20} {:>10} {:>10} {:>10}  {:>4}  {}\n",
            "measure", "place", "low", "best", "high", "src", "scope/latest"
        ));
        for q in &report.quantities {
            let place = q.place.as_ref().map_or("–".to_owned(), |p| p.name.clone());
            let flag = if q.conflict { format!(" {red}CONFLICT{reset}") } else { String::new() };
            let scope = q.scope.clone().unwrap_or_else(|| q.latest.date.clone().unwrap_or_default());
            let row = format!(
                "  {} {} {:>10} {:>10} {:>10}  {:>4}  {}",
                fit(&quantity_label(q), 22),
                fit(&place, 20),
                format_count(q.low),
                format_count(q.best),
                format_count(q.high),
                q.n_sources,
                fit(&scope, 12).trim_end()
            );
            // The conflict badge replaces the end of the scope column rather than widening the row.
            let width = if q.conflict { 91 } else { 100 };
            out.push_str(&format!("{}{flag}\n", fit(&row, width).trim_end()));
            for source in &q.sources {
                let outlets = source.outlets.join(", ");
                out.push_str(&format!(
                    "{dim}{}{reset}",
                    wrap(&format!("↳ {}: {} ({outlets})", source.source, source.values.join(", ")), 100, "      ")
                ));
            }
            if let Some(note) = &q.conflict_note {
                out.push_str(&wrap(&format!("{red}disagree:{reset} {note}"), 100, "      "));
            }
        }
        out.push('\n');
    }
    if !report.timeline.is_empty() {
        out.push_str(&format!("{bold}Timeline{reset}\n"));
        for t in &report.timeline {
            let line = format!(
                "  {}  {:<10} {:<18} {:<22} {}",
                t.date.as_deref().unwrap_or("undated   "),
                t.measure,
                fit(t.place.as_deref().unwrap_or("–"), 18),
                fit(&t.text, 22),
                t.source.as_deref().or(t.outlet.as_deref()).unwrap_or("")
            );
            out.push_str(&format!("{}\n", fit(&line, 100).trim_end()));
        }
        out.push('\n');
    }
    out.push_str(&format!("{bold}Sources{reset}\n"));
    for s in &report.sources {
        let copy = match (s.copy_group, s.canonical) {
            (Some(group), true) => format!("  [wire story {group}, canonical]"),
            (Some(group), false) => format!("  [copy of wire story {group}]"),
            _ => String::new(),
        };
        let line = format!(
            "  {}  {:<28} {}{copy}",
            s.published.as_deref().unwrap_or("undated   "),
            fit(s.outlet.as_deref().unwrap_or("–"), 28),
            s.id
        );
        out.push_str(&format!("{}\n", fit(&line, 100).trim_end()));
    }
    out.push_str(&format!("{}\n\n", "─".repeat(100)));
    out
}

fn markdown_escape(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

pub fn render_markdown(report: &StoryReportJson) -> String {
    let mut out = format!("## {}\n\n", markdown_escape(&report.title));
    out.push_str(&format!(
        "Story {} · {} – {} · {} articles · {}\n\n",
        report.id,
        report.first_seen.as_deref().unwrap_or("undated"),
        report.last_seen.as_deref().unwrap_or("undated"),
        report.articles.len(),
        report.places.join(", ")
    ));
    if !report.summary.is_empty() {
        out.push_str("### Summary\n\n");
        for s in &report.summary {
            out.push_str(&format!(
                "- {} [{}, {}]\n",
                markdown_escape(&s.sentence),
                s.outlet.as_deref().unwrap_or(&s.article),
                s.date.as_deref().unwrap_or("undated")
            ));
        }
        out.push('\n');
    }
    if !report.totals.is_empty() {
        out.push_str("### Key figures\n\n");
        for t in &report.totals {
            out.push_str(&format!(
                "- **{} {}** — {}\n",
                t.measure,
                format_count(Some(t.best)),
                markdown_escape(&total_line(t))
            ));
        }
        out.push('\n');
    }
    out.push_str("### Quantities\n\n| measure | place | scope | low | best | high | sources | conflict |\n|---|---|---|---:|---:|---:|---|---|\n");
    for q in &report.quantities {
        let sources: Vec<String> =
            q.sources.iter().map(|s| format!("{} ({})", s.source, s.values.join(", "))).collect();
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} |\n",
            markdown_escape(&quantity_label(q)),
            markdown_escape(&q.place.as_ref().map_or("–".to_owned(), |p| p.name.clone())),
            markdown_escape(q.scope.as_deref().unwrap_or("")),
            format_count(q.low),
            format_count(q.best),
            format_count(q.high),
            markdown_escape(&sources.join("; ")),
            if q.conflict { "**yes**" } else { "no" }
        ));
    }
    out.push_str("\n### Timeline\n\n");
    for t in &report.timeline {
        out.push_str(&format!(
            "- {} — {} {} ({}) — {}\n",
            t.date.as_deref().unwrap_or("undated"),
            t.measure,
            markdown_escape(&t.text),
            markdown_escape(t.place.as_deref().unwrap_or("–")),
            markdown_escape(t.source.as_deref().or(t.outlet.as_deref()).unwrap_or(""))
        ));
    }
    out.push_str("\n### Sources\n\n");
    for s in &report.sources {
        let copy = if s.copy_group.is_some() && !s.canonical { " (wire copy)" } else { "" };
        out.push_str(&format!(
            "- {} {} `{}`{copy}\n",
            s.published.as_deref().unwrap_or("undated"),
            markdown_escape(s.outlet.as_deref().unwrap_or("–")),
            s.id
        ));
    }
    out.push('\n');
    out
}

/// Article text is hostile: everything from it is escaped.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub fn render_html(reports: &[StoryReportJson]) -> String {
    let mut out = String::from(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>sitrep situation report</title>\n<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left}td.n{text-align:right}.conflict{color:#a40000;font-weight:bold}.cite{color:#555}</style></head><body>\n",
    );
    for r in reports {
        out.push_str(&format!("<section><h2>{}</h2>\n", escape_html(&r.title)));
        out.push_str(&format!(
            "<p class=\"cite\">Story {} · {} – {} · {} articles · {}</p>\n",
            r.id,
            escape_html(r.first_seen.as_deref().unwrap_or("undated")),
            escape_html(r.last_seen.as_deref().unwrap_or("undated")),
            r.articles.len(),
            escape_html(&r.places.join(", "))
        ));
        out.push_str("<h3>Summary</h3><ul>\n");
        for s in &r.summary {
            out.push_str(&format!(
                "<li>{} <span class=\"cite\">[{}, {}]</span></li>\n",
                escape_html(&s.sentence),
                escape_html(s.outlet.as_deref().unwrap_or(&s.article)),
                escape_html(s.date.as_deref().unwrap_or("undated"))
            ));
        }
        out.push_str("</ul>\n");
        if !r.totals.is_empty() {
            out.push_str("<h3>Key figures</h3><ul>\n");
            for t in &r.totals {
                out.push_str(&format!(
                    "<li><strong>{} {}</strong> <span class=\"cite\">{}</span></li>\n",
                    escape_html(t.measure),
                    format_count(Some(t.best)),
                    escape_html(&total_line(t))
                ));
            }
            out.push_str("</ul>\n");
        }
        out.push_str("<h3>Quantities</h3><table><thead><tr><th>measure</th><th>place</th><th>scope</th><th>low</th><th>best</th><th>high</th><th>sources</th><th>conflict</th></tr></thead><tbody>\n");
        for q in &r.quantities {
            let sources: Vec<String> =
                q.sources.iter().map(|s| format!("{} ({})", s.source, s.values.join(", "))).collect();
            out.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>\n",
                escape_html(&quantity_label(q)),
                escape_html(&q.place.as_ref().map_or("–".to_owned(), |p| p.name.clone())),
                escape_html(q.scope.as_deref().unwrap_or("")),
                format_count(q.low),
                format_count(q.best),
                format_count(q.high),
                escape_html(&sources.join("; ")),
                if q.conflict { "<span class=\"conflict\">conflict</span>" } else { "" }
            ));
        }
        out.push_str("</tbody></table></section>\n");
    }
    out.push_str("</body></html>\n");
    out
}
