//! The gold figures of `../shared/corpus/{seeds,crisis-dev}/gold.json`.

use anyhow::{Context, Result, bail};
use serde_json::Value;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq)]
pub enum GoldNumber {
    Count(u64),
    /// A vague word as written ("hundreds", "several dozen").
    Vague(String),
}

impl std::fmt::Display for GoldNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GoldNumber::Count(n) => write!(f, "{n}"),
            GoldNumber::Vague(word) => write!(f, "{word}"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct GoldFigure {
    pub article: String,
    pub measure: String,
    pub number: GoldNumber,
    pub qualifier: String,
    pub location: Option<String>,
    pub source: Option<String>,
    pub evidence: String,
    pub required: bool,
}

pub struct GoldFigures {
    pub path: String,
    pub figures: Vec<GoldFigure>,
    /// (article, text) of numbers that are not figures.
    pub not_figures: Vec<(String, String)>,
    pub articles: PathBuf,
}

fn text(value: &Value, key: &str) -> Option<String> {
    value.get(key).and_then(Value::as_str).map(str::to_owned).filter(|s| !s.is_empty())
}

pub fn read_gold_figures(path: &Path) -> Result<GoldFigures> {
    if !path.exists() {
        bail!("gold file {} not found (the shared corpora live in ../shared/corpus/)", path.display());
    }
    let raw = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let gold: Value = serde_json::from_str(&raw).with_context(|| format!("parsing {}", path.display()))?;
    let Some(list) = gold.get("figures").and_then(Value::as_array) else {
        bail!("{}: no \"figures\" list", path.display());
    };
    let mut figures = Vec::new();
    for figure in list {
        let number = match figure.get("number") {
            Some(Value::Number(n)) => GoldNumber::Count(n.as_u64().unwrap_or(0)),
            Some(Value::String(s)) => GoldNumber::Vague(s.to_lowercase()),
            _ => continue,
        };
        let qualifier = text(figure, "qualifier").unwrap_or_else(|| "exact".to_owned());
        figures.push(GoldFigure {
            article: text(figure, "article").unwrap_or_default(),
            measure: text(figure, "measure").unwrap_or_default(),
            number,
            qualifier: if qualifier == "over" { "more_than".to_owned() } else { qualifier },
            location: text(figure, "location"),
            source: text(figure, "source"),
            evidence: text(figure, "evidence").or_else(|| text(figure, "sentence")).unwrap_or_default(),
            required: figure.get("required").and_then(Value::as_bool).unwrap_or(true),
        });
    }
    let not_figures = gold
        .get("not_figures")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|n| Some((text(n, "article")?, text(n, "text")?)))
        .collect();
    Ok(GoldFigures {
        path: path.display().to_string(),
        figures,
        not_figures,
        articles: path.with_file_name("articles.jsonl"),
    })
}
