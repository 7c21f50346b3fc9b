//! `sitrep figures`: the extracted figures with their evidence.

use anyhow::{Result, bail};
use clap::Args;
use serde::Serialize;
use sitrep_core::figure::Measure;
use sitrep_store::{FigureFilter, Store, StoredFigure};
use std::io::Write;
use std::process::ExitCode;

#[derive(Args)]
pub struct FiguresArgs {
    /// Only figures of this story.
    #[arg(long)]
    story: Option<i64>,
    /// Only figures of this article (its id).
    #[arg(long)]
    article: Option<String>,
    /// Only this measure: killed, injured, missing, displaced, refugees, arrested, defected.
    #[arg(long)]
    measure: Option<String>,
    /// At most this many figures (0: all).
    #[arg(long, default_value_t = 0)]
    limit: usize,
    /// One JSON object per figure and line.
    #[arg(long)]
    json: bool,
    /// Extract from this text instead of reading the database (to try a sentence).
    #[arg(long)]
    text: Option<String>,
}

#[derive(Serialize)]
pub struct PlaceJson<'a> {
    pub name: &'a str,
    pub text: &'a str,
    pub geonames_id: Option<u32>,
    pub country: Option<&'a str>,
    pub lat: Option<f32>,
    pub lon: Option<f32>,
    pub precision: Option<&'a str>,
}

#[derive(Serialize)]
pub struct ScopeJson<'a> {
    pub text: &'a str,
    pub start: Option<String>,
    pub end: Option<String>,
    /// "period", "since" or "as_of".
    pub kind: &'static str,
}

#[derive(Serialize)]
pub struct FigureJson<'a> {
    pub article: &'a str,
    pub story: Option<i64>,
    pub published: Option<&'a str>,
    pub outlet: Option<&'a str>,
    pub measure: &'static str,
    pub value: Option<u64>,
    pub low: Option<u64>,
    pub high: Option<u64>,
    pub text: &'a str,
    pub qualifier: &'static str,
    pub unit: Option<&'a str>,
    pub who: Option<&'a str>,
    /// The displaced and refugees: "fled", "crossed" (into another country) or "sheltered".
    pub displacement: Option<&'static str>,
    /// A part of a count given in full ("41 of the dead were children").
    pub subset: bool,
    pub place: Option<PlaceJson<'a>>,
    pub scope: Option<ScopeJson<'a>>,
    pub source: Option<&'a str>,
    pub sentence: &'a str,
    pub span: [usize; 2],
    pub background: bool,
}

impl<'a> From<&'a StoredFigure> for FigureJson<'a> {
    fn from(stored: &'a StoredFigure) -> Self {
        let f = &stored.figure;
        FigureJson {
            article: &stored.article_id,
            story: stored.story_id,
            published: stored.published.as_deref(),
            outlet: stored.outlet.as_deref(),
            measure: f.measure.as_str(),
            value: f.value,
            low: f.low,
            high: f.high,
            text: &f.text,
            qualifier: f.qualifier.as_str(),
            unit: f.unit.as_deref(),
            who: f.who.as_deref(),
            displacement: f.displacement.map(|d| d.as_str()),
            subset: f.subset,
            place: f.place.as_ref().map(|p| PlaceJson {
                name: p.name.as_deref().unwrap_or(&p.text),
                text: &p.text,
                geonames_id: p.geonames_id,
                country: p.country.as_deref(),
                lat: p.lat,
                lon: p.lon,
                precision: p.precision,
            }),
            scope: f.scope.as_ref().map(|s| ScopeJson {
                text: &s.text,
                start: s.start.map(|d| d.to_string()),
                end: s.end.map(|d| d.to_string()),
                kind: s.kind.as_str(),
            }),
            source: f.source.as_deref(),
            sentence: &f.sentence,
            span: [f.span.0, f.span.1],
            background: f.background,
        }
    }
}

pub fn figures(store: &Store, args: &FiguresArgs) -> Result<ExitCode> {
    let measure = match args.measure.as_deref() {
        Some(text) => match Measure::parse(text) {
            Some(measure) => Some(measure),
            None => bail!(
                "unknown measure {text:?} (one of {})",
                Measure::ALL.iter().map(|m| m.as_str()).collect::<Vec<_>>().join(", ")
            ),
        },
        None => None,
    };
    let filter = FigureFilter {
        story: args.story,
        article_id: args.article.clone(),
        measure,
        limit: (args.limit > 0).then_some(args.limit),
        ..FigureFilter::default()
    };
    let figures = match &args.text {
        Some(text) => {
            sitrep_core::extract::extract_figures(&sitrep_core::extract::ExtractInput { text, published: None })
                .into_iter()
                .map(|figure| StoredFigure {
                    article_id: "(text)".to_owned(),
                    article_key: 0,
                    published: None,
                    outlet: None,
                    story_id: None,
                    copy_group: None,
                    figure,
                })
                .collect()
        }
        None => store.list_figures(&filter)?,
    };
    let mut out = std::io::stdout().lock();
    for stored in &figures {
        if args.json {
            writeln!(out, "{}", serde_json::to_string(&FigureJson::from(stored))?)?;
            continue;
        }
        let f = &stored.figure;
        let place = f.place.as_ref().map_or("-", |p| p.name.as_deref().unwrap_or(&p.text));
        writeln!(
            out,
            "{:<10} {:<22} {:<10} {:<24} {}",
            f.measure.as_str(),
            truncate(&f.text, 22),
            f.qualifier.as_str(),
            truncate(place, 24),
            truncate(&stored.article_id, 30)
        )?;
        let source = f.source.as_deref().map(|s| format!(" — {s}")).unwrap_or_default();
        let scope = f.scope.as_ref().map(|s| format!(" [{}]", s.text)).unwrap_or_default();
        writeln!(out, "           \"{}\"{source}{scope}", truncate(&f.sentence, 150))?;
    }
    out.flush()?;
    if !args.json {
        eprintln!("{} figures", figures.len());
    }
    Ok(ExitCode::SUCCESS)
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}
