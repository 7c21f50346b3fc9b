//! Published dates as the corpora and pages write them.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

/// Reads a published date in the formats seen in news data: RFC 3339 / ISO 8601 (with or without
/// time and zone), RFC 2822 (feeds), Reuters-21578 (`26-FEB-1987 15:01:01.79`), and Unix seconds.
/// A date without a zone is taken as UTC; a date without a time as midnight UTC.
pub fn parse_published(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(date) = DateTime::parse_from_rfc3339(text) {
        return Some(date.with_timezone(&Utc));
    }
    if let Ok(date) = DateTime::parse_from_rfc2822(text) {
        return Some(date.with_timezone(&Utc));
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f%z", "%Y-%m-%dT%H:%M%z"] {
        if let Ok(date) = DateTime::parse_from_str(text, format) {
            return Some(date.with_timezone(&Utc));
        }
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
        "%d-%b-%Y %H:%M:%S%.f",
        "%d %b %Y %H:%M:%S",
        "%d %b %Y %H:%M",
    ] {
        if let Ok(date) = NaiveDateTime::parse_from_str(text, format) {
            return Some(date.and_utc());
        }
    }
    for format in ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y"] {
        if let Ok(date) = NaiveDate::parse_from_str(text, format) {
            return date.and_hms_opt(0, 0, 0).map(|d| d.and_utc());
        }
    }
    if text.len() <= 12 && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse::<i64>().ok().and_then(|secs| DateTime::from_timestamp(secs, 0));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_seen_in_the_corpora() {
        let cases = [
            ("2011-06-14", "2011-06-14T00:00:00+00:00"),
            ("2011-04-18T15:30:00Z", "2011-04-18T15:30:00+00:00"),
            ("1987-02-26T15:01:01Z", "1987-02-26T15:01:01+00:00"),
            ("26-FEB-1987 15:01:01.79", "1987-02-26T15:01:01.790+00:00"),
            ("Tue, 15 Nov 2022 09:05:00 +0200", "2022-11-15T07:05:00+00:00"),
            ("2016-06-18 16:41:30", "2016-06-18T16:41:30+00:00"),
            ("2013-03-05T10:00:00+0100", "2013-03-05T09:00:00+00:00"),
            ("14 June 2011", "2011-06-14T00:00:00+00:00"),
            ("June 14, 2011", "2011-06-14T00:00:00+00:00"),
            ("1308009600", "2011-06-14T00:00:00+00:00"),
        ];
        for (text, expected) in cases {
            let parsed = parse_published(text).map(|d| d.to_rfc3339());
            assert_eq!(parsed.as_deref(), Some(expected), "{text}");
        }
        assert_eq!(parse_published("yesterday"), None);
        assert_eq!(parse_published(""), None);
    }
}
