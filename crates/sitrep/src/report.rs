//! `sitrep report` and `sitrep export`: the situation report of each story (built and rendered
//! by sitrep-report) as text, markdown, JSON or HTML, and its tables as CSV, HXL, GeoJSON or JSON.

use anyhow::{Result, bail};
use clap::Args;
use sitrep_core::reconcile::Policy;
use sitrep_report::{ExportFormat, build_reports, render_html, render_markdown, render_text};
use sitrep_store::{FigureFilter, Store};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

#[derive(Args)]
pub struct ReportArgs {
    /// Only this story (default: every story, most recently active first).
    #[arg(long)]
    story: Option<i64>,
    /// text, markdown, json or html.
    #[arg(long, default_value = "text")]
    format: String,
    /// ucdp (best = most recent credible report) or acled (best = most conservative).
    #[arg(long, default_value = "ucdp")]
    policy: String,
    /// At most this many stories (0: all).
    #[arg(long, default_value_t = 0)]
    limit: usize,
}

#[derive(Args)]
pub struct ExportArgs {
    /// csv, hxl, geojson or json.
    #[arg(long)]
    format: String,
    /// One row per raw figure instead of one per reconciled quantity.
    #[arg(long, conflicts_with = "totals")]
    figures: bool,
    /// One row per story, with its total of each measure, instead of one per quantity.
    #[arg(long)]
    totals: bool,
    /// ucdp or acled.
    #[arg(long, default_value = "ucdp")]
    policy: String,
}

pub fn parse_policy(text: &str) -> Result<Policy> {
    match Policy::parse(text) {
        Some(policy) => Ok(policy),
        None => bail!("unknown policy {text:?} (ucdp or acled)"),
    }
}

pub fn report(store: &Store, args: &ReportArgs) -> Result<ExitCode> {
    let policy = parse_policy(&args.policy)?;
    let reports = build_reports(store, args.story, args.limit, policy)?;
    let mut out = std::io::stdout().lock();
    match args.format.as_str() {
        "json" => writeln!(out, "{}", serde_json::to_string_pretty(&serde_json::json!({ "stories": reports }))?)?,
        "text" => {
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            for report in &reports {
                write!(out, "{}", render_text(report, color))?;
            }
        }
        "markdown" => {
            for report in &reports {
                write!(out, "{}", render_markdown(report))?;
            }
        }
        "html" => write!(out, "{}", render_html(&reports))?,
        other => bail!("unknown format {other:?} (text, markdown, json or html)"),
    }
    Ok(ExitCode::SUCCESS)
}

pub fn export(store: &Store, args: &ExportArgs) -> Result<ExitCode> {
    let policy = parse_policy(&args.policy)?;
    let format = ExportFormat::parse(&args.format)?;
    let mut out = std::io::stdout().lock();
    if args.figures {
        let figures = store.list_figures(&FigureFilter::default())?;
        sitrep_report::write_figures(&mut out, &figures, format)?;
    } else if args.totals {
        let reports = build_reports(store, None, 0, policy)?;
        sitrep_report::write_totals(&mut out, &reports, format)?;
    } else {
        let reports = build_reports(store, None, 0, policy)?;
        sitrep_report::write_quantities(&mut out, &reports, format)?;
    }
    Ok(ExitCode::SUCCESS)
}
