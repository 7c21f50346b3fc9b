//! RSS and Atom feeds read from a file: every item is an article (title, link, published date,
//! and its content or summary as text), the feed's title its outlet. Fetching the pages behind
//! the links belongs to the live sources, not here.

use crate::html::html_fragment_text;
use crate::raw::RawArticle;
use crate::{Diagnostic, SourceItem};

pub(crate) fn read_feed(bytes: &[u8], origin: &str, emit: &mut dyn FnMut(SourceItem)) {
    let feed = match feed_rs::parser::parse(bytes) {
        Ok(feed) => feed,
        Err(e) => {
            return emit(SourceItem::Diagnostic(Diagnostic::failed(
                origin,
                format!("not a readable RSS or Atom feed: {e}"),
            )));
        }
    };
    let outlet = feed.title.as_ref().map(|t| html_fragment_text(&t.content)).filter(|t| !t.is_empty());
    if feed.entries.is_empty() {
        return emit(SourceItem::Diagnostic(Diagnostic::warning(origin, "a feed without items")));
    }
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
            emit(SourceItem::Diagnostic(Diagnostic::failed(item_origin, "an item with neither text nor title")));
            continue;
        }
        let id = Some(entry.id.trim().to_owned()).filter(|id| !id.is_empty());
        let article = RawArticle {
            id,
            url: entry.links.first().map(|l| l.href.clone()),
            outlet: outlet.clone(),
            published: entry.published.or(entry.updated),
            text: if text.trim().is_empty() { title.clone().unwrap_or_default() } else { text },
            title,
            origin: item_origin,
            metadata: serde_json::Map::new(),
        };
        emit(SourceItem::Article(Box::new(article)));
    }
}
