//! A raw article: what a source read, before cleaning.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use sitrep_core::clean::{clean_text, drop_repeated_title};
use sitrep_core::{Article, fingerprint, language::detect_language};

/// What a source read from one input record, before the cleaning stage.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawArticle {
    pub id: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub title: Option<String>,
    pub text: String,
    pub origin: String,
    pub metadata: Map<String, Value>,
}

impl RawArticle {
    /// Cleans the text, detects the language and settles the id: the CPU-bound part of ingestion,
    /// pure, so that callers can run it on every core.
    pub fn into_article(self) -> Article {
        let title = self.title.map(|t| clean_text(&t)).filter(|t| !t.is_empty());
        let text = drop_repeated_title(clean_text(&self.text), title.as_deref());
        let language = detect_language(&text);
        let content_hash = fingerprint::content_hash(&text);
        let id = match self.id {
            Some(id) => id,
            // Hash the raw text (not the cleaned) so that a better cleaner never changes an id.
            None => fingerprint::article_id_from_text(&self.text),
        };
        Article {
            id,
            url: self.url,
            outlet: self.outlet,
            published: self.published,
            title,
            raw_text: self.text,
            text,
            language,
            content_hash,
            origin: self.origin,
            metadata: self.metadata,
        }
    }
}
