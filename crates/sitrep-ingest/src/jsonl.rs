//! JSON articles, one object per line: `id`, `url`, `outlet`, `published`, `title`, `text`, with
//! the other field names the corpora use accepted too. Unknown fields are kept as metadata.

use crate::{published::parse_published, raw::RawArticle};
use serde_json::{Map, Value};

/// Accepted names of each field, in order of preference. When several are present the first
/// wins and the others stay in the metadata, so nothing the input said is lost.
const ID_FIELDS: &[&str] = &["id", "doc_id", "docid", "guid"];
const URL_FIELDS: &[&str] = &["url", "uri", "link", "canonical_url"];
const OUTLET_FIELDS: &[&str] = &["outlet", "site_name", "source", "publisher", "site"];
const PUBLISHED_FIELDS: &[&str] = &["published", "dct", "pub_date", "published_at", "date", "datetime"];
const TITLE_FIELDS: &[&str] = &["title", "headline"];
const TEXT_FIELDS: &[&str] = &["text", "body", "content", "article"];

/// An article read from one JSON object, plus warnings about it.
pub(crate) struct JsonArticle {
    pub article: RawArticle,
    pub warnings: Vec<String>,
}

pub(crate) fn article_from_json(value: Value, origin: String) -> Result<JsonArticle, String> {
    let Value::Object(mut fields) = value else {
        return Err(format!("expected a JSON object, found {}", json_kind(&value)));
    };
    let mut warnings = Vec::new();
    let title = take_string(&mut fields, TITLE_FIELDS).filter(|s| !s.trim().is_empty() && s != "None");
    // A headline-only item (a wire flash, a brief) is an article whose text is its headline.
    let text = match (take_string(&mut fields, TEXT_FIELDS).filter(|t| !t.trim().is_empty()), &title) {
        (Some(text), _) => text,
        (None, Some(title)) => {
            fields.insert("headline_only".to_owned(), Value::Bool(true));
            title.clone()
        }
        // A record with an id but no words (Reuters-21578 has 737) is still stored, empty, so that
        // its id appears in every output as evaluations expect; without an id it is nothing.
        (None, None) if fields.keys().any(|k| ID_FIELDS.contains(&k.as_str())) => {
            fields.insert("no_text".to_owned(), Value::Bool(true));
            warnings.push("no text and no title: stored empty to keep its id".to_owned());
            String::new()
        }
        (None, None) => {
            return Err(format!("no text (expected a non-empty field among {}, or a title)", TEXT_FIELDS.join(", ")));
        }
    };
    let id = take_string(&mut fields, ID_FIELDS).map(|id| id.trim().to_owned()).filter(|id| !id.is_empty());
    let published_text = take_string(&mut fields, PUBLISHED_FIELDS);
    let published = published_text.as_deref().and_then(parse_published);
    if let (Some(raw), None) = (&published_text, published)
        && !raw.trim().is_empty()
    {
        warnings.push(format!("unrecognized published date {raw:?} (kept as metadata published_raw)"));
        fields.insert("published_raw".to_owned(), Value::String(raw.clone()));
    }
    let article = RawArticle {
        id,
        url: take_string(&mut fields, URL_FIELDS).filter(|s| !s.trim().is_empty()),
        outlet: take_string(&mut fields, OUTLET_FIELDS).filter(|s| !s.trim().is_empty() && s != "None"),
        published,
        title,
        text,
        origin,
        metadata: fields,
    };
    Ok(JsonArticle { article, warnings })
}

/// Removes and returns the first of `names` whose value is a string or a number.
fn take_string(fields: &mut Map<String, Value>, names: &[&str]) -> Option<String> {
    for name in names {
        let value = match fields.get(*name) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => continue,
        };
        fields.remove(*name);
        return Some(value);
    }
    None
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn corpus_field_names_are_accepted_and_the_rest_kept() {
        let value = json!({"doc_id": "abc", "incident_id": "97365", "title": "5 dead", "dct": "2014-01-17",
                           "uri": "http://x.example/a", "text": "A shocking discovery."});
        let read = article_from_json(value, "gva.jsonl:1".into()).expect("valid");
        let article = read.article;
        assert_eq!(article.id.as_deref(), Some("abc"));
        assert_eq!(article.url.as_deref(), Some("http://x.example/a"));
        assert_eq!(article.published.map(|d| d.date_naive().to_string()).as_deref(), Some("2014-01-17"));
        assert_eq!(article.metadata.get("incident_id"), Some(&json!("97365")));
        assert!(read.warnings.is_empty());
    }

    #[test]
    fn the_preferred_name_wins_and_aliases_stay_as_metadata() {
        let value = json!({"id": "x1", "doc_id": "d1", "newid": 5, "text": "Body."});
        let article = article_from_json(value, "o".into()).expect("valid").article;
        assert_eq!(article.id.as_deref(), Some("x1"));
        assert_eq!(article.metadata.get("doc_id"), Some(&json!("d1")));
        assert_eq!(article.metadata.get("newid"), Some(&json!(5)));
    }

    #[test]
    fn a_headline_only_item_is_an_article() {
        let read = article_from_json(json!({"id": "r30", "title": "ASSETS ROSE\n", "text": null}), "o".into());
        let article = read.expect("a headline is enough").article;
        assert_eq!(article.text, "ASSETS ROSE\n");
        assert_eq!(article.metadata.get("headline_only"), Some(&json!(true)));
    }

    #[test]
    fn missing_text_and_non_objects_are_errors() {
        assert!(article_from_json(json!({"url": "http://x.example"}), "o".into()).is_err());
        assert!(article_from_json(json!({"text": "  "}), "o".into()).is_err());
        let empty = article_from_json(json!({"id": "r99", "text": null}), "o".into()).expect("kept for its id");
        assert_eq!((empty.article.text.as_str(), empty.warnings.len()), ("", 1));
        assert!(article_from_json(json!([1, 2]), "o".into()).is_err());
    }

    #[test]
    fn an_unreadable_date_is_a_warning_kept_as_metadata() {
        let read = article_from_json(json!({"text": "Body.", "published": "sometime"}), "o".into()).expect("valid");
        assert_eq!(read.article.published, None);
        assert_eq!(read.article.metadata.get("published_raw"), Some(&json!("sometime")));
        assert_eq!(read.warnings.len(), 1);
    }
}
