//! sitrep's sources: bytes in, articles and diagnostics out — text, HTML, JSON lines, RSS/Atom
//! feed files and WARC archives, optionally gzip-compressed.
//!
//! Architecture invariant: a bad input is data, not a crash. Every source reports what it could
//! not read as a [`Diagnostic`] naming the input (file, and line where there is one) and goes on
//! with the rest of the batch; no function here panics or aborts a batch on input-derived values.

mod feed;
mod files;
mod html;
mod jsonl;
mod published;
mod raw;
mod text;
mod warc;
mod web;

pub use files::{FileFormat, MAX_DOCUMENT_BYTES, MAX_LINE_BYTES, read_json_value, read_paths};
pub use published::parse_published;
pub use raw::RawArticle;
pub use web::{FetchPolicy, Poll, Validators, is_url, poll_url, read_url};

/// Something a source has to say about one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The input it is about: a path, with `:LINE` for a line of a line-oriented file.
    pub origin: String,
    pub message: String,
    pub severity: Severity,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The input, or part of it, was not stored.
    Failed,
    /// The input was stored, but something about it was off (lossy UTF-8, an unreadable date).
    Warning,
}

impl Diagnostic {
    pub fn failed(origin: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic { origin: origin.into(), message: message.into(), severity: Severity::Failed }
    }

    pub fn warning(origin: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic { origin: origin.into(), message: message.into(), severity: Severity::Warning }
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)
    }
}

/// What a source yields, in input order.
#[derive(Debug)]
pub enum SourceItem {
    Article(Box<RawArticle>),
    Diagnostic(Diagnostic),
    /// A file in a walked directory that is not of a format sitrep reads (skipped quietly).
    Ignored(std::path::PathBuf),
}
