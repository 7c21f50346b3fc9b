//! RSS and Atom feeds read from a file: every item is an article (title, link, published date,
//! and its content or summary as text), the feed's title its outlet. Fetching the pages behind
//! the links belongs to the live sources, not here.

use crate::html::html_fragment_text;
use crate::raw::RawArticle;
use crate::{Diagnostic, SourceItem};

pub(crate) fn read_feed(bytes: &[u8], origin: &str, emit: &mut dyn FnMut(SourceItem)) {
    match feed_items(bytes, origin) {
        Ok(items) if items.is_empty() => {
            emit(SourceItem::Diagnostic(Diagnostic::warning(origin, "a feed without items")))
        }
        Ok(items) => {
            for item in items {
                match item {
                    Ok(article) => emit(SourceItem::Article(Box::new(article))),
                    Err(diagnostic) => emit(SourceItem::Diagnostic(diagnostic)),
                }
            }
        }
        Err(diagnostic) => emit(SourceItem::Diagnostic(diagnostic)),
    }
}

/// The items of a feed as articles (text from the item's content or summary), or why an item
/// or the whole feed could not be read.
pub(crate) fn feed_items(bytes: &[u8], origin: &str) -> Result<Vec<Result<RawArticle, Diagnostic>>, Diagnostic> {
    let feed = feed_rs::parser::parse(bytes)
        .map_err(|e| Diagnostic::failed(origin, format!("not a readable RSS or Atom feed: {e}")))?;
    let outlet = feed.title.as_ref().map(|t| html_fragment_text(&t.content)).filter(|t| !t.is_empty());
    let mut items = Vec::with_capacity(feed.entries.len());
    for (index, entry) in feed.entries.into_iter().enumerate() {
        let item_origin = format!("{origin}#item{}", index + 1);
        let html = entry
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .or_else(|| entry.summary.as_ref().map(|s| s.content.clone()))
            .unwrap_or_default();
        let text = html_fragment_text(&html);
        let title = entry.title.as_ref().map(|t| html_fragment_text(&t.content)).filter(|t| !t.is_empty());
        if text.trim().is_empty() && title.is_none() {
            items.push(Err(Diagnostic::failed(item_origin, "an item with neither text nor title")));
            continue;
        }
        let id = Some(entry.id.trim().to_owned()).filter(|id| !id.is_empty());
        items.push(Ok(RawArticle {
            id,
            url: entry.links.first().map(|l| l.href.clone()),
            outlet: outlet.clone(),
            published: entry.published.or(entry.updated),
            text: if text.trim().is_empty() { title.clone().unwrap_or_default() } else { text },
            title,
            origin: item_origin,
            metadata: serde_json::Map::new(),
        }));
    }
    Ok(items)
}
