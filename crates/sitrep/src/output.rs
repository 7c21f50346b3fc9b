//! The JSON shapes the command line prints (one object per line). The binary owns them, so the
//! model can change without breaking scripts that read them.

use serde::Serialize;
use sitrep_core::Article;
use sitrep_ingest::{Diagnostic, Severity};
use sitrep_pipeline::{IngestReport, StagesReport, StoryStageReport};
use sitrep_store::{ArticleSummary, SearchHit};

fn date_string(time: Option<chrono::DateTime<chrono::Utc>>) -> Option<String> {
    time.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

#[derive(Serialize)]
pub struct ArticleSummaryJson<'a> {
    pub id: &'a str,
    pub published: Option<String>,
    pub outlet: Option<&'a str>,
    pub title: Option<&'a str>,
    pub language: &'a str,
    pub chars: usize,
}

impl<'a> From<&'a ArticleSummary> for ArticleSummaryJson<'a> {
    fn from(summary: &'a ArticleSummary) -> Self {
        ArticleSummaryJson {
            id: &summary.id,
            published: date_string(summary.published),
            outlet: summary.outlet.as_deref(),
            title: summary.title.as_deref(),
            language: &summary.language,
            chars: summary.n_chars,
        }
    }
}

#[derive(Serialize)]
pub struct ArticleJson<'a> {
    pub id: &'a str,
    pub url: Option<&'a str>,
    pub outlet: Option<&'a str>,
    pub published: Option<String>,
    pub title: Option<&'a str>,
    pub language: &'a str,
    pub language_reliable: bool,
    /// Why later stages skip this article, if they do.
    pub skipped_by_stages: Option<String>,
    pub origin: &'a str,
    pub metadata: &'a serde_json::Map<String, serde_json::Value>,
    pub text: &'a str,
    pub raw_text: &'a str,
}

impl<'a> From<&'a Article> for ArticleJson<'a> {
    fn from(article: &'a Article) -> Self {
        ArticleJson {
            id: &article.id,
            url: article.url.as_deref(),
            outlet: article.outlet.as_deref(),
            published: date_string(article.published),
            title: article.title.as_deref(),
            language: &article.language.code,
            language_reliable: article.language.reliable,
            skipped_by_stages: article.skip_reason(),
            origin: &article.origin,
            metadata: &article.metadata,
            text: &article.text,
            raw_text: &article.raw_text,
        }
    }
}

#[derive(Serialize)]
pub struct SearchHitJson<'a> {
    #[serde(flatten)]
    pub article: ArticleSummaryJson<'a>,
    pub snippet: &'a str,
    pub score: f64,
}

impl<'a> From<&'a SearchHit> for SearchHitJson<'a> {
    fn from(hit: &'a SearchHit) -> Self {
        SearchHitJson { article: (&hit.summary).into(), snippet: &hit.snippet, score: hit.score }
    }
}

#[derive(Serialize)]
pub struct DiagnosticJson<'a> {
    pub severity: &'static str,
    pub input: &'a str,
    pub message: &'a str,
}

impl<'a> From<&'a Diagnostic> for DiagnosticJson<'a> {
    fn from(diagnostic: &'a Diagnostic) -> Self {
        let severity = match diagnostic.severity {
            Severity::Failed => "failed",
            Severity::Warning => "warning",
        };
        DiagnosticJson { severity, input: &diagnostic.origin, message: &diagnostic.message }
    }
}

#[derive(Serialize)]
pub struct IngestSummaryJson {
    pub ingested: usize,
    pub duplicates_skipped: usize,
    pub failed: usize,
    pub warnings: usize,
    pub ignored_files: usize,
    pub seconds: f64,
    pub articles_per_second: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stories: Option<StoryStageJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub figures: Option<usize>,
    /// The process's peak resident memory so far (Linux `VmHWM`), when the system reports it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub peak_memory_kib: Option<u64>,
}

/// The peak resident memory of this process, in KiB, read from `/proc/self/status` (Linux);
/// `None` elsewhere. The peak only grows, so read at the end of a run it is the run's.
pub fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find_map(|line| line.strip_prefix("VmHWM:"))?;
    line.trim().trim_end_matches("kB").trim().parse().ok()
}

#[derive(Serialize)]
pub struct StoryStageJson {
    pub articles_placed: usize,
    pub new_stories: usize,
    pub copies: usize,
    pub skipped_non_english: usize,
    pub seconds: f64,
}

impl From<&StoryStageReport> for StoryStageJson {
    fn from(report: &StoryStageReport) -> Self {
        StoryStageJson {
            articles_placed: report.n_articles,
            new_stories: report.n_new_stories,
            copies: report.n_copies,
            skipped_non_english: report.n_skipped,
            seconds: report.elapsed.as_secs_f64(),
        }
    }
}

impl From<&IngestReport> for IngestSummaryJson {
    fn from(report: &IngestReport) -> Self {
        IngestSummaryJson {
            ingested: report.inserted,
            duplicates_skipped: report.skipped,
            failed: report.failed.len(),
            warnings: report.warnings.len(),
            ignored_files: report.ignored,
            seconds: report.elapsed.as_secs_f64(),
            articles_per_second: report.rate(),
            stories: None,
            figures: None,
            peak_memory_kib: None,
        }
    }
}

/// Diagnostics listed one by one in the text summary; the rest are counted.
const MAX_LISTED: usize = 20;

pub fn print_ingest_report(report: &IngestReport, stages: &StagesReport, json: bool) -> anyhow::Result<()> {
    let stories = &stages.stories;
    if json {
        for diagnostic in report.failed.iter().chain(&report.warnings) {
            println!("{}", serde_json::to_string(&DiagnosticJson::from(diagnostic))?);
        }
        let mut summary = IngestSummaryJson::from(report);
        summary.stories = Some(StoryStageJson::from(stories));
        summary.figures = Some(stages.figures.n_figures);
        summary.peak_memory_kib = peak_memory_kib();
        println!("{}", serde_json::to_string(&summary)?);
        return Ok(());
    }
    for (kind, diagnostics) in [("warning", &report.warnings), ("failed", &report.failed)] {
        for diagnostic in diagnostics.iter().take(MAX_LISTED) {
            eprintln!("{kind}: {diagnostic}");
        }
        if diagnostics.len() > MAX_LISTED {
            eprintln!("{kind}: … and {} more", diagnostics.len() - MAX_LISTED);
        }
    }
    let ignored =
        if report.ignored > 0 { format!(", {} files of other types ignored", report.ignored) } else { String::new() };
    println!(
        "ingested {}, duplicates skipped {}, failed {}{} ({:.2} s, {:.0} articles/s)",
        report.inserted,
        report.skipped,
        report.failed.len(),
        ignored,
        report.elapsed.as_secs_f64(),
        report.rate()
    );
    if stories.n_articles + stories.n_skipped > 0 {
        println!(
            "stories: {} articles placed ({} new stories, {} copies of another article), {} skipped as non-English ({:.2} s)",
            stories.n_articles,
            stories.n_new_stories,
            stories.n_copies,
            stories.n_skipped,
            stories.elapsed.as_secs_f64()
        );
    }
    if stages.figures.n_articles > 0 {
        let time = if stages.figures.n_alongside == stages.figures.n_articles {
            "extracted alongside the stories".to_owned()
        } else {
            format!("{:.2} s", stages.figures.elapsed.as_secs_f64())
        };
        println!(
            "figures: {} from {} articles ({} skipped as non-English) ({time})",
            stages.figures.n_figures, stages.figures.n_articles, stages.figures.n_skipped,
        );
    }
    Ok(())
}
