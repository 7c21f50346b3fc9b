//! The gold clusterings of `../shared/corpus/`: `gold.json` (seeds, crisis-dev: `stories` and
//! `syndicated`, articles in the sibling `articles.jsonl`), or JSON lines whose records carry
//! their own cluster (`cluster` in ECB+, `incident_id` in gva-dev).

use anyhow::{Context, Result, bail};
use serde_json::Value;
use std::collections::HashMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// Record fields that name an item's gold story, in order of preference.
const CLUSTER_FIELDS: &[&str] = &["cluster", "incident_id", "story"];

pub struct GoldClusters {
    /// Article id → gold story.
    pub stories: HashMap<String, String>,
    /// Article id → gold copy group, for every article of `stories` (singletons have their own),
    /// when the gold says which articles are copies.
    pub copies: Option<HashMap<String, String>>,
    /// Where the articles are.
    pub articles: PathBuf,
}

pub fn read_gold_clusters(path: &Path) -> Result<GoldClusters> {
    let is_gold_json = path.extension().and_then(|e| e.to_str()) == Some("json");
    if is_gold_json { read_gold_json(path) } else { read_labelled_records(path) }
}

fn read_gold_json(path: &Path) -> Result<GoldClusters> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let gold: Value = serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    let Some(story_map) = gold.get("stories").and_then(Value::as_object) else {
        bail!("{}: no \"stories\" object", path.display());
    };
    let mut stories = HashMap::new();
    for (story, ids) in story_map {
        for id in ids.as_array().into_iter().flatten().filter_map(Value::as_str) {
            stories.insert(id.to_owned(), story.clone());
        }
    }
    let mut copies: HashMap<String, String> = stories.keys().map(|id| (id.clone(), format!("single:{id}"))).collect();
    for (index, group) in gold.get("syndicated").and_then(Value::as_array).into_iter().flatten().enumerate() {
        for id in group.as_array().into_iter().flatten().filter_map(Value::as_str) {
            copies.insert(id.to_owned(), format!("group:{index}"));
        }
    }
    let articles = path.with_file_name("articles.jsonl");
    Ok(GoldClusters { stories, copies: Some(copies), articles })
}

fn read_labelled_records(path: &Path) -> Result<GoldClusters> {
    let file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut stories = HashMap::new();
    for (index, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("reading {}", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let record: Value =
            serde_json::from_str(&line).with_context(|| format!("{}:{}: malformed JSON", path.display(), index + 1))?;
        let id = ["id", "doc_id"].iter().find_map(|f| record.get(*f)).and_then(value_text);
        let cluster = CLUSTER_FIELDS.iter().find_map(|f| record.get(*f)).and_then(value_text);
        match (id, cluster) {
            (Some(id), Some(cluster)) => {
                stories.insert(id, cluster);
            }
            _ => bail!(
                "{}:{}: expected an id and one of the fields {}",
                path.display(),
                index + 1,
                CLUSTER_FIELDS.join(", ")
            ),
        }
    }
    Ok(GoldClusters { stories, copies: None, articles: path.to_owned() })
}

fn value_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}
