//! HTML pages: the main text by dom_smoothie (a readability.js port), metadata from meta tags,
//! `<link rel=canonical>` and JSON-LD.

use crate::{published::parse_published, raw::RawArticle};
use dom_smoothie::{Config, Readability, TextMode};
use serde_json::Value;

/// Pages with more elements than this are cut by the extractor: a bound on time and memory.
const MAX_ELEMENTS: usize = 60_000;

pub(crate) fn parse_html(html: &str, origin: String) -> Result<RawArticle, String> {
    let config = Config { text_mode: TextMode::Formatted, max_elements_to_parse: MAX_ELEMENTS, ..Config::default() };
    let mut readability = Readability::new(html, None, Some(config)).map_err(|e| format!("HTML not readable: {e}"))?;
    // Read before parse(): the extractor prunes the document as it goes.
    let canonical_url = readability
        .doc
        .select("link[rel='canonical']")
        .attr("href")
        .map(|href| href.to_string())
        .filter(|href| href.starts_with("http"));
    let json_ld = news_article_json_ld(&readability);
    let page = readability.parse().map_err(|e| format!("no article text found in the page: {e}"))?;
    let text = page.text_content.to_string();
    if text.trim().is_empty() {
        return Err("no article text found in the page".to_owned());
    }
    let published_text = page.published_time.clone().or_else(|| json_ld_string(&json_ld, &["datePublished"]));
    let published = published_text.as_deref().and_then(parse_published);
    let mut metadata = serde_json::Map::new();
    if let (Some(text), None) = (&published_text, published) {
        metadata.insert("published_raw".into(), Value::String(text.clone()));
    }
    if let Some(byline) = page.byline.filter(|b| !b.trim().is_empty()) {
        metadata.insert("byline".into(), Value::String(byline));
    }
    if let Some(lang) = page.lang {
        metadata.insert("html_lang".into(), Value::String(lang));
    }
    let title = Some(page.title.trim().to_owned())
        .filter(|t| !t.is_empty())
        .or_else(|| json_ld_string(&json_ld, &["headline"]));
    let outlet = page.site_name.filter(|s| !s.trim().is_empty()).or_else(|| json_ld_publisher(&json_ld));
    let url = canonical_url.or(page.url).or_else(|| json_ld_string(&json_ld, &["url", "mainEntityOfPage"]));
    Ok(RawArticle { id: None, url, outlet, published, title, text, origin, metadata })
}

/// The text of an HTML fragment (a feed item's content): block elements become paragraphs,
/// entities are decoded, scripts and styles dropped.
pub(crate) fn html_fragment_text(html: &str) -> String {
    if !html.contains('<') {
        return sitrep_core::clean::unescape(html).trim().to_owned();
    }
    let document = format!("<html><body>{html}</body></html>");
    let Ok(readability) = Readability::new(document.as_str(), None, None) else { return String::new() };
    readability.doc.select("script, style, noscript").remove();
    for block in ["p", "div", "li", "h1", "h2", "h3", "h4", "blockquote", "tr"] {
        for node in readability.doc.select(block).nodes() {
            node.append_html("\n\n");
        }
    }
    for node in readability.doc.select("br").nodes() {
        node.append_html("\n");
    }
    readability.doc.select("body").text().trim().to_owned()
}

/// The first JSON-LD object of a news type (`NewsArticle`, `Article`, `ReportageNewsArticle`…),
/// looking inside `@graph` arrays too.
fn news_article_json_ld(readability: &Readability) -> Option<Value> {
    let scripts = readability.doc.select("script[type='application/ld+json']");
    for script in scripts.iter() {
        let Ok(value) = serde_json::from_str::<Value>(&script.text()) else { continue };
        let mut candidates = vec![value];
        while let Some(candidate) = candidates.pop() {
            match candidate {
                Value::Array(items) => candidates.extend(items),
                Value::Object(mut object) => {
                    if let Some(graph) = object.remove("@graph") {
                        candidates.push(graph);
                    }
                    let is_news = match object.get("@type") {
                        Some(Value::String(t)) => t.ends_with("Article"),
                        Some(Value::Array(types)) => {
                            types.iter().any(|t| t.as_str().is_some_and(|t| t.ends_with("Article")))
                        }
                        _ => false,
                    };
                    if is_news {
                        return Some(Value::Object(object));
                    }
                }
                _ => {}
            }
        }
    }
    None
}

fn json_ld_string(json_ld: &Option<Value>, keys: &[&str]) -> Option<String> {
    let object = json_ld.as_ref()?.as_object()?;
    keys.iter().find_map(|key| match object.get(*key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Object(o) => o.get("@id").and_then(Value::as_str).map(str::to_owned),
        _ => None,
    })
}

fn json_ld_publisher(json_ld: &Option<Value>) -> Option<String> {
    let publisher = json_ld.as_ref()?.get("publisher")?;
    let name = match publisher {
        Value::Object(o) => o.get("name")?.as_str()?,
        Value::String(s) => s,
        _ => return None,
    };
    Some(name.trim().to_owned()).filter(|n| !n.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html lang="en"><head>
<title>Thousands flee fighting | The Daily Example</title>
<meta property="og:site_name" content="The Daily Example">
<meta property="article:published_time" content="2011-06-12T08:30:00Z">
<link rel="canonical" href="https://daily.example/world/thousands-flee">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Thousands flee fighting","datePublished":"2011-06-12T08:30:00Z","publisher":{"@type":"Organization","name":"The Daily Example"}}</script>
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>
<article><h1>Thousands flee fighting</h1>
<p>More than 2,000 Syrians have crossed into Turkey to escape a military crackdown in the north of the country, Turkish officials said on Sunday, as troops advanced on the town of Jisr al-Shughour.</p>
<p>The refugees are being housed in camps run by the Turkish Red Crescent near the border village of Guvecci, where aid workers said new arrivals continued through the night and into the morning.</p>
<p>Syrian state television said 120 members of the security forces had been killed in the town last week, a figure activists disputed, saying soldiers who refused to fire on protesters had been shot.</p>
</article>
<footer>Copyright 2011 The Daily Example. All rights reserved.</footer>
</body></html>"#;

    #[test]
    fn main_text_and_metadata() {
        let article = parse_html(PAGE, "page.html".into()).expect("a readable page");
        assert_eq!(article.outlet.as_deref(), Some("The Daily Example"));
        assert_eq!(article.url.as_deref(), Some("https://daily.example/world/thousands-flee"));
        assert_eq!(article.published.map(|d| d.to_rfc3339()).as_deref(), Some("2011-06-12T08:30:00+00:00"));
        assert!(article.title.as_deref().is_some_and(|t| t.contains("Thousands flee fighting")));
        assert!(article.text.contains("More than 2,000 Syrians have crossed into Turkey"));
        assert!(article.text.contains("a figure activists disputed"));
        assert!(!article.text.contains("Sport"), "navigation leaked: {}", article.text);
        // Paragraphs stay apart.
        assert!(article.text.contains("Jisr al-Shughour.\n"), "{:?}", article.text);
    }

    #[test]
    fn a_page_without_text_is_an_error_not_a_panic() {
        assert!(parse_html("<html><body></body></html>", "empty.html".into()).is_err());
        // Malformed HTML is read as well as it can be: a truncated page still gives its text.
        let truncated = parse_html("<html><body><div><p>Ten people were killed in the town of", "cut.html".into());
        assert!(truncated.is_ok_and(|a| a.text.contains("Ten people were killed")));
    }
}
