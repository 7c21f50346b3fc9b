//! The article: one news text as received, with its cleaned text and language.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

/// One news text as received, plus what the cleaning stage made of it.
///
/// `id` is the id the input gave (kept unchanged everywhere, because evaluations join on it) or,
/// failing that, a stable hash of the normalized text (see [`crate::fingerprint`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    pub id: String,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub title: Option<String>,
    /// The text as it arrived (after decoding bytes to UTF-8), before any cleaning.
    pub raw_text: String,
    /// The cleaned text: debris removed, paragraphs separated by one blank line. Every character
    /// offset that later stages report (figure evidence, for one) points into this string.
    pub text: String,
    pub language: Language,
    /// [`crate::fingerprint::content_hash`] of `text`, computed with the cleaning (on every core)
    /// rather than when the article is stored (on the one thread that writes).
    pub content_hash: String,
    /// Where the article came from: a file path, with `:LINE` for line-oriented formats.
    pub origin: String,
    /// Input fields sitrep has no column for, kept as they came.
    pub metadata: Map<String, Value>,
}

impl Article {
    /// Later stages (figures, stories) work on English only; this says why an article is skipped.
    pub fn skip_reason(&self) -> Option<String> {
        self.language.skip_reason()
    }
}

/// The detected language of an article's text.
#[derive(Debug, Clone, PartialEq)]
pub struct Language {
    /// ISO 639-3 code (`eng`, `fra`, …), or `und` when the text is too short or unclear to tell.
    pub code: String,
    /// Whether the detector was confident; an unreliable guess never excludes an article.
    pub reliable: bool,
}

impl Language {
    pub const UNDETERMINED: &'static str = "und";

    pub fn undetermined() -> Self {
        Language { code: Self::UNDETERMINED.to_owned(), reliable: false }
    }

    /// English articles are processed, and so is anything the detector is not sure about:
    /// wrongly skipping an English article loses figures, wrongly processing one costs little.
    pub fn is_processed(&self) -> bool {
        self.code == "eng" || !self.reliable
    }

    /// Why the later stages skip an article in this language, if they do.
    pub fn skip_reason(&self) -> Option<String> {
        (!self.is_processed()).then(|| format!("language is {} (only English is processed)", self.code))
    }
}
