//! WARC archives (a web crawl): the HTML responses become articles, with the record date as a
//! fallback published date. Records are streamed one at a time, each read up to
//! `MAX_DOCUMENT_BYTES`, so memory stays bounded whatever the archive's size.

use crate::files::MAX_DOCUMENT_BYTES;
use crate::html::parse_html;
use crate::{Diagnostic, SourceItem};
use std::io::{BufRead, Read};
use warc::{RecordType, WarcHeader, WarcReader};

pub(crate) fn read_warc(reader: impl BufRead, origin: &str, emit: &mut dyn FnMut(SourceItem)) {
    let mut warc = WarcReader::new(reader);
    let mut records = warc.stream_records();
    let mut index = 0usize;
    let mut n_articles = 0usize;
    while let Some(item) = records.next_item() {
        index += 1;
        let record_origin = format!("{origin}#record{index}");
        let mut record = match item {
            Ok(record) => record,
            Err(e) => {
                let message = format!("malformed WARC record {index}: {e} (the records before it were read)");
                return emit(SourceItem::Diagnostic(Diagnostic::failed(origin, message)));
            }
        };
        if *record.warc_type() != RecordType::Response {
            continue;
        }
        let target = record.header(WarcHeader::TargetURI).map(|u| u.into_owned());
        let date = *record.date();
        let mut payload = Vec::new();
        if let Err(e) = (&mut record).take(MAX_DOCUMENT_BYTES as u64 + 1).read_to_end(&mut payload) {
            let message = format!("read error in WARC record {index}: {e} (the records before it were read)");
            return emit(SourceItem::Diagnostic(Diagnostic::failed(origin, message)));
        }
        if payload.len() > MAX_DOCUMENT_BYTES {
            let message = format!("response larger than {} MiB, skipped", MAX_DOCUMENT_BYTES >> 20);
            emit(SourceItem::Diagnostic(Diagnostic::failed(record_origin, message)));
            continue;
        }
        let Some((status, content_type, body)) = split_http_response(&payload) else {
            emit(SourceItem::Diagnostic(Diagnostic::failed(record_origin, "not an HTTP response")));
            continue;
        };
        // Redirects, errors, images and scripts are part of any crawl: not articles, not failures.
        if !(200..300).contains(&status) || !content_type.contains("html") {
            continue;
        }
        let html = String::from_utf8_lossy(body);
        match parse_html(&html, record_origin.clone()) {
            Ok(mut article) => {
                if article.url.is_none() {
                    article.url = target;
                }
                if article.published.is_none() {
                    article.published = Some(date);
                }
                n_articles += 1;
                emit(SourceItem::Article(Box::new(article)));
            }
            Err(message) => emit(SourceItem::Diagnostic(Diagnostic::warning(record_origin, message))),
        }
    }
    if index == 0 {
        emit(SourceItem::Diagnostic(Diagnostic::failed(origin, "no WARC record found")));
    } else if n_articles == 0 {
        emit(SourceItem::Diagnostic(Diagnostic::warning(
            origin,
            format!("{index} records, no HTML article among them"),
        )));
    }
}

/// Status, lowercased content type, and body of an HTTP response.
fn split_http_response(payload: &[u8]) -> Option<(u16, String, &[u8])> {
    let end = payload.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&payload[..end]).ok()?;
    let mut lines = head.split("\r\n");
    let status: u16 = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
    let content_type = lines
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-type"))
        .map(|(_, value)| value.trim().to_ascii_lowercase())
        .unwrap_or_default();
    Some((status, content_type, &payload[end + 4..]))
}
