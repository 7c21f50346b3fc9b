//! Local files and directories: format by extension (optionally `.gz`), bounded reads, and one
//! diagnostic per bad input.

use crate::{Diagnostic, SourceItem, html::parse_html, jsonl::article_from_json, text::parse_text};
use flate2::read::MultiGzDecoder;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// The largest single-article file (txt, html, or a JSON array file) read: a bound on memory.
pub const MAX_DOCUMENT_BYTES: usize = 16 << 20;
/// The largest line of a JSON-lines file: one article, however long, fits well within it.
pub const MAX_LINE_BYTES: usize = 16 << 20;
/// How much of a file is sniffed for NUL bytes to tell a binary file.
const SNIFF_BYTES: usize = 8 << 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Text,
    Html,
    /// `.jsonl`, and `.json` whose first character is not `[`.
    JsonLines,
    /// `.json` (one object per line, or an array of objects).
    Json,
    /// `.rss`, `.atom`, `.xml`: an RSS or Atom feed.
    Feed,
    /// `.warc`: a web archive; its HTML responses are articles.
    Warc,
}

impl FileFormat {
    /// The format of a path by its extension, and whether it is gzip-compressed.
    pub fn of(path: &Path) -> Option<(FileFormat, bool)> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        let (name, gzipped) = match name.strip_suffix(".gz") {
            Some(stem) => (stem.to_owned(), true),
            None => (name, false),
        };
        let format = match name.rsplit_once('.')?.1 {
            "txt" | "text" => FileFormat::Text,
            "html" | "htm" | "xhtml" => FileFormat::Html,
            "jsonl" | "ndjson" => FileFormat::JsonLines,
            "json" => FileFormat::Json,
            "rss" | "atom" | "xml" => FileFormat::Feed,
            "warc" | "arc" => FileFormat::Warc,
            _ => return None,
        };
        Some((format, gzipped))
    }
}

/// Reads every path (files, and directories recursively, in name order) and hands each article,
/// diagnostic and ignored file to `emit` as it goes, so memory stays bounded by one input record.
pub fn read_paths(paths: &[PathBuf], fetch: &crate::FetchPolicy, emit: &mut dyn FnMut(SourceItem)) {
    for path in paths {
        if let Some(url) = path.to_str().filter(|p| crate::is_url(p)) {
            crate::read_url(url, fetch, emit);
            continue;
        }
        match std::fs::metadata(path) {
            Err(e) => emit(SourceItem::Diagnostic(Diagnostic::failed(display(path), format!("cannot read: {e}")))),
            Ok(meta) if meta.is_dir() => read_directory(path, emit),
            Ok(_) => match FileFormat::of(path) {
                Some((format, gzipped)) => read_file(path, format, gzipped, emit),
                None => emit(SourceItem::Diagnostic(Diagnostic::failed(
                    display(path),
                    "unknown file type (sitrep reads .txt, .html, .htm, .jsonl, .json, .rss, .atom, .xml, .warc, optionally .gz)",
                ))),
            },
        }
    }
}

fn read_directory(root: &Path, emit: &mut dyn FnMut(SourceItem)) {
    let walker = WalkDir::new(root).follow_links(true).sort_by_file_name().into_iter();
    let not_hidden = |entry: &walkdir::DirEntry| {
        entry.depth() == 0 || !entry.file_name().to_str().is_some_and(|name| name.starts_with('.'))
    };
    for entry in walker.filter_entry(not_hidden) {
        match entry {
            Err(e) => {
                let origin = e.path().map_or_else(|| display(root), display);
                let reason = e.io_error().map_or_else(|| e.to_string(), ToString::to_string);
                emit(SourceItem::Diagnostic(Diagnostic::failed(origin, format!("cannot read: {reason}"))));
            }
            Ok(entry) if entry.file_type().is_file() => match FileFormat::of(entry.path()) {
                Some((format, gzipped)) => read_file(entry.path(), format, gzipped, emit),
                None => emit(SourceItem::Ignored(entry.into_path())),
            },
            Ok(_) => {}
        }
    }
}

fn read_file(path: &Path, format: FileFormat, gzipped: bool, emit: &mut dyn FnMut(SourceItem)) {
    let origin = display(path);
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) => return emit(SourceItem::Diagnostic(Diagnostic::failed(origin, format!("cannot open: {e}")))),
    };
    // A plain document known to be too large is refused before a byte of it is read.
    let whole_document = matches!(format, FileFormat::Text | FileFormat::Html | FileFormat::Feed);
    if whole_document && !gzipped && file.metadata().is_ok_and(|meta| meta.len() > MAX_DOCUMENT_BYTES as u64) {
        return emit(SourceItem::Diagnostic(Diagnostic::failed(origin, too_large())));
    }
    let mut reader: Box<dyn BufRead> = if gzipped {
        Box::new(BufReader::with_capacity(64 << 10, MultiGzDecoder::new(file)))
    } else {
        Box::new(BufReader::with_capacity(64 << 10, file))
    };
    let first_bytes = match sniff(&mut reader) {
        Ok(bytes) => bytes,
        Err(e) => return emit(SourceItem::Diagnostic(Diagnostic::failed(origin, read_error(gzipped, &e)))),
    };
    if first_bytes.is_empty() {
        return emit(SourceItem::Diagnostic(Diagnostic::failed(origin, "empty file")));
    }
    // A WARC archive may hold binary responses (images); its records are checked one by one.
    if first_bytes.contains(&0) && format != FileFormat::Warc {
        return emit(SourceItem::Diagnostic(Diagnostic::failed(origin, "binary file (NUL bytes), not text")));
    }
    let starts_with_bracket = first_bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[');
    match format {
        FileFormat::Text | FileFormat::Html => read_document(reader, format, gzipped, origin, emit),
        FileFormat::Json if starts_with_bracket => read_json_array(reader, gzipped, origin, emit),
        FileFormat::Json | FileFormat::JsonLines => read_json_lines(reader, gzipped, &origin, emit),
        FileFormat::Warc => crate::warc::read_warc(reader, &origin, emit),
        FileFormat::Feed => match read_bounded(reader, gzipped) {
            Ok(bytes) => crate::feed::read_feed(&bytes, &origin, emit),
            Err(message) => emit(SourceItem::Diagnostic(Diagnostic::failed(origin, message))),
        },
    }
}

/// The first bytes of the (decompressed) stream, without consuming them.
fn sniff(reader: &mut Box<dyn BufRead>) -> io::Result<Vec<u8>> {
    let buffer = reader.fill_buf()?;
    Ok(buffer[..buffer.len().min(SNIFF_BYTES)].to_vec())
}

fn too_large() -> String {
    format!("larger than {} MiB, not read as one article", MAX_DOCUMENT_BYTES >> 20)
}

/// Reads at most `MAX_DOCUMENT_BYTES` (and one more, to tell that the input is larger).
fn read_bounded(reader: impl Read, gzipped: bool) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    reader.take(MAX_DOCUMENT_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(|e| read_error(gzipped, &e))?;
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

fn read_document(
    reader: impl Read,
    format: FileFormat,
    gzipped: bool,
    origin: String,
    emit: &mut dyn FnMut(SourceItem),
) {
    let bytes = match read_bounded(reader, gzipped) {
        Ok(bytes) => bytes,
        Err(message) => return emit(SourceItem::Diagnostic(Diagnostic::failed(origin, message))),
    };
    let text = decode_utf8(bytes, &origin, emit);
    if text.trim().is_empty() {
        return emit(SourceItem::Diagnostic(Diagnostic::failed(origin, "no text (only whitespace)")));
    }
    let parsed = match format {
        FileFormat::Html => parse_html(&text, origin.clone()),
        _ => Ok(parse_text(text, origin.clone())),
    };
    match parsed {
        Ok(article) => emit(SourceItem::Article(Box::new(article))),
        Err(message) => emit(SourceItem::Diagnostic(Diagnostic::failed(origin, message))),
    }
}

fn read_json_array(reader: impl Read, gzipped: bool, origin: String, emit: &mut dyn FnMut(SourceItem)) {
    let bytes = match read_bounded(reader, gzipped) {
        Ok(bytes) => bytes,
        Err(message) => return emit(SourceItem::Diagnostic(Diagnostic::failed(origin, message))),
    };
    let text = decode_utf8(bytes, &origin, emit);
    let items = match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(serde_json::Value::Array(items)) => items,
        Ok(_) => return emit(SourceItem::Diagnostic(Diagnostic::failed(origin, "expected a JSON array"))),
        Err(e) => return emit(SourceItem::Diagnostic(Diagnostic::failed(origin, format!("malformed JSON: {e}")))),
    };
    for (index, item) in items.into_iter().enumerate() {
        emit_json_article(item, format!("{origin}[{index}]"), emit);
    }
}

/// `fill_buf`, retried when a signal interrupts it (as `read_until` does).
fn fill_buf_retrying(reader: &mut impl BufRead) -> std::io::Result<&[u8]> {
    loop {
        match reader.fill_buf() {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            // Borrowing rules: the buffer is taken again once the loop knows it is not an error.
            Err(e) => return Err(e),
            Ok(_) => break,
        }
    }
    reader.fill_buf()
}

fn read_json_lines(mut reader: impl BufRead, gzipped: bool, origin: &str, emit: &mut dyn FnMut(SourceItem)) {
    let mut line = Vec::new();
    let mut line_number = 0usize;
    loop {
        line.clear();
        // At most MAX_LINE_BYTES: the buffer then grows by doubling to exactly the limit, where
        // reading one byte more would double it once more (32 MiB for one skipped line).
        let read = (&mut reader).take(MAX_LINE_BYTES as u64).read_until(b'\n', &mut line);
        // A full buffer without its newline is a longer line, unless the file ends there or the
        // newline comes next.
        let oversized = match read {
            Ok(0) => break,
            Ok(_) if line.len() == MAX_LINE_BYTES && line.last() != Some(&b'\n') => {
                match fill_buf_retrying(&mut reader) {
                    Ok([]) => Ok(false),
                    Ok([b'\n', ..]) => {
                        reader.consume(1);
                        Ok(false)
                    }
                    Ok(_) => Ok(true),
                    Err(e) => Err(e),
                }
            }
            Ok(_) => Ok(false),
            Err(e) => Err(e),
        };
        let oversized = match oversized {
            Ok(oversized) => oversized,
            Err(e) => {
                let message =
                    format!("{} (after line {line_number}; the lines before it were read)", read_error(gzipped, &e));
                return emit(SourceItem::Diagnostic(Diagnostic::failed(origin, message)));
            }
        };
        line_number += 1;
        let line_origin = format!("{origin}:{line_number}");
        if oversized {
            // Skip the rest of the oversized line without holding it.
            if let Err(e) = reader.skip_until(b'\n') {
                let message = format!("{} (after line {line_number})", read_error(gzipped, &e));
                return emit(SourceItem::Diagnostic(Diagnostic::failed(origin, message)));
            }
            let message = format!("line longer than {} MiB, skipped", MAX_LINE_BYTES >> 20);
            emit(SourceItem::Diagnostic(Diagnostic::failed(line_origin, message)));
            // The buffer of the oversized line goes back to the allocator now, not at the end of
            // the file, so that the next large read reuses it.
            line = Vec::new();
            continue;
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let text = decode_utf8(std::mem::take(&mut line), &line_origin, emit);
        match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(value) => emit_json_article(value, line_origin, emit),
            Err(e) => emit(SourceItem::Diagnostic(Diagnostic::failed(line_origin, format!("malformed JSON: {e}")))),
        }
    }
    if line_number == 0 {
        emit(SourceItem::Diagnostic(Diagnostic::failed(origin, "empty file")));
    }
}

/// Articles from one parsed JSON value, as an HTTP client posts them: one object, or an array of
/// objects (each named `origin[index]` in diagnostics).
pub fn read_json_value(value: serde_json::Value, origin: &str, emit: &mut dyn FnMut(SourceItem)) {
    match value {
        serde_json::Value::Array(items) => {
            for (index, item) in items.into_iter().enumerate() {
                emit_json_article(item, format!("{origin}[{index}]"), emit);
            }
        }
        other => emit_json_article(other, origin.to_owned(), emit),
    }
}

fn emit_json_article(value: serde_json::Value, origin: String, emit: &mut dyn FnMut(SourceItem)) {
    match article_from_json(value, origin.clone()) {
        Ok(read) => {
            for warning in read.warnings {
                emit(SourceItem::Diagnostic(Diagnostic::warning(origin.clone(), warning)));
            }
            emit(SourceItem::Article(Box::new(read.article)));
        }
        Err(message) => emit(SourceItem::Diagnostic(Diagnostic::failed(origin, message))),
    }
}

/// UTF-8, or a lossy decoding with a warning naming the input.
fn decode_utf8(bytes: Vec<u8>, origin: &str, emit: &mut dyn FnMut(SourceItem)) -> String {
    match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            emit(SourceItem::Diagnostic(Diagnostic::warning(
                origin,
                "invalid UTF-8, decoded lossily (bad bytes replaced by U+FFFD)",
            )));
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    }
}

fn read_error(gzipped: bool, error: &io::Error) -> String {
    if gzipped { format!("truncated or corrupt gzip data: {error}") } else { format!("read error: {error}") }
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A JSON line of exactly `len` bytes (without its newline).
    fn json_line(id: &str, len: usize) -> String {
        let head = format!(r#"{{"id": "{id}", "text": ""#);
        let tail = r#""}"#;
        format!("{head}{}{tail}", "a".repeat(len - head.len() - tail.len()))
    }

    fn read(text: String) -> (Vec<String>, Vec<String>) {
        let (mut ids, mut diagnostics) = (Vec::new(), Vec::new());
        read_json_lines(std::io::Cursor::new(text.into_bytes()), false, "test.jsonl", &mut |item| match item {
            SourceItem::Article(article) => ids.push(article.id.unwrap_or_default()),
            SourceItem::Diagnostic(diagnostic) => {
                diagnostics.push(format!("{}: {}", diagnostic.origin, diagnostic.message))
            }
            SourceItem::Ignored(_) => {}
        });
        (ids, diagnostics)
    }

    /// The line limit is exact: a line of `MAX_LINE_BYTES` is read, with or without a newline
    /// after it, and one byte more is skipped alone.
    #[test]
    fn lines_up_to_the_limit_are_read_and_longer_ones_skipped_alone() {
        let at_limit = json_line("at-limit", MAX_LINE_BYTES);
        let over = json_line("over", MAX_LINE_BYTES + 1);
        let (ids, diagnostics) = read(format!("{at_limit}\n{over}\n{}\n{at_limit}", json_line("short", 40)));
        assert_eq!(ids, ["at-limit", "short", "at-limit"]);
        assert_eq!(diagnostics, ["test.jsonl:2: line longer than 16 MiB, skipped"]);
    }
}
