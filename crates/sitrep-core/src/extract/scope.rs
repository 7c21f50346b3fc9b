//! The time a figure covers ("in the past 24 hours", "overnight", "since March", "on Friday"),
//! resolved to dates against the article's published date, and whether a sentence is background
//! (a toll of an earlier year).

use super::numbers::NumberMention;
use super::tokens::Token;
use crate::figure::{Scope, ScopeKind};
use chrono::{Datelike, Duration, NaiveDate, Weekday};

const WEEKDAYS: &[(&str, Weekday)] = &[
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];
const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A day or month name, or "yesterday"/"today" (lowercase).
pub(super) fn is_calendar_word(word: &str) -> bool {
    WEEKDAYS.iter().any(|(name, _)| *name == word) || MONTHS.contains(&word) || matches!(word, "yesterday" | "today")
}

fn month_number(word: &str) -> Option<u32> {
    MONTHS.iter().position(|m| *m == word).map(|i| i as u32 + 1)
}

/// The most recent `weekday` on or before `date` (news speaks of the past).
fn last_weekday(date: NaiveDate, weekday: Weekday) -> NaiveDate {
    let back = (date.weekday().num_days_from_monday() + 7 - weekday.num_days_from_monday()) % 7;
    date - Duration::days(i64::from(back))
}

fn unit_days(word: &str) -> Option<i64> {
    Some(match word.trim_end_matches('s') {
        "hour" => 0,
        "day" => 1,
        "week" => 7,
        "fortnight" => 14,
        "month" => 30,
        "year" => 365,
        _ => return None,
    })
}

/// The day `days` before `date`, or None where the calendar ends ("800000 years ago").
fn days_before(date: NaiveDate, days: i64) -> Option<NaiveDate> {
    date.checked_sub_signed(Duration::try_days(days)?)
}

/// A count of days, weeks… as written; at most 10,000 (a time scope, not a geological age).
fn small_number(word: &str) -> Option<i64> {
    word.parse::<i64>().ok().filter(|n| (0..=10_000).contains(n)).or_else(|| {
        Some(match word {
            "a" | "one" => 1,
            "two" => 2,
            "three" => 3,
            "four" => 4,
            "five" => 5,
            "six" => 6,
            "seven" => 7,
            "eight" => 8,
            "nine" => 9,
            "ten" => 10,
            "few" => 3,
            "several" => 4,
            _ => return None,
        })
    })
}

/// One time expression: tokens `start..end`, the dates it covers, and how it bounds a count.
struct Found {
    start: usize,
    end: usize,
    dates: (Option<NaiveDate>, Option<NaiveDate>),
    kind: ScopeKind,
    /// A single day ("on Monday", "yesterday"): the day of an event, or of a report.
    one_day: bool,
}

impl Found {
    fn period(start: usize, end: usize, dates: (Option<NaiveDate>, Option<NaiveDate>)) -> Found {
        Found { start, end, dates, kind: ScopeKind::Period, one_day: false }
    }

    fn day(start: usize, end: usize, date: Option<NaiveDate>) -> Found {
        Found { start, end, dates: (date, date), kind: ScopeKind::Period, one_day: true }
    }
}

/// Verbs and nouns of reporting: a day right next to one ("said on Sunday", "a tally published
/// on Monday", "officials on Friday said") dates the report, not what it counts.
const REPORTING: &[&str] = &[
    "said",
    "says",
    "told",
    "reported",
    "announced",
    "published",
    "released",
    "added",
    "confirmed",
    "stated",
    "warned",
    "revealed",
    "issued",
    "statement",
    "briefing",
    "reporters",
    "journalists",
    "tweeted",
    "wrote",
];
/// Words of a running total or of a stock: the day they come with is the moment the total stood
/// ("the toll rose to 312 on Monday", "450,000 remained in camps on Thursday"), not a day's flow.
const TOTAL_OR_STOCK: &[&str] = &[
    "toll",
    "tally",
    "total",
    "rose",
    "risen",
    "climbed",
    "reached",
    "stood",
    "stands",
    "increased",
    "jumped",
    "revised",
    "remained",
    "remain",
    "remaining",
    "staying",
    "living",
    "sheltering",
    "sheltered",
    "housed",
    "hosting",
    "still",
];

fn expressions(words: &[&str], published: Option<NaiveDate>) -> Vec<Found> {
    let mut found = Vec::new();
    let mut at = 0;
    let word = |i: usize| words.get(i).copied().unwrap_or("");
    while at < words.len() {
        let w = word(at);
        // in the past / last / previous N hours|days|weeks
        if matches!(w, "in" | "over" | "during" | "within")
            && word(at + 1) == "the"
            && matches!(word(at + 2), "past" | "last" | "previous")
        {
            let (n, unit_at) = match small_number(word(at + 3)) {
                Some(n) => (n, at + 4),
                None => (1, at + 3),
            };
            if let Some(days) = unit_days(word(unit_at)) {
                let span = if days == 0 { (n + 23) / 24 } else { n * days };
                let dates = published.map(|p| (days_before(p, span.max(1)), Some(p))).unwrap_or((None, None));
                found.push(Found::period(at, unit_at + 1, dates));
                at = unit_at + 1;
                continue;
            }
        }
        // during a 24-hour period
        if w.ends_with("-hour") && word(at + 1) == "period" {
            let dates = published.map(|p| (Some(p - Duration::days(1)), Some(p))).unwrap_or((None, None));
            found.push(Found::period(at.saturating_sub(2), at + 2, dates));
            at += 2;
            continue;
        }
        if w == "overnight" {
            let dates = published.map(|p| (Some(p - Duration::days(1)), Some(p))).unwrap_or((None, None));
            found.push(Found::period(at, at + 1, dates));
        }
        if w == "yesterday" {
            found.push(Found::day(at, at + 1, published.map(|p| p - Duration::days(1))));
        }
        // N days ago
        if let (Some(n), Some(days)) = (small_number(w), unit_days(word(at + 1)))
            && word(at + 2) == "ago"
        {
            let date = published.and_then(|p| days_before(p, n * days.max(1)));
            found.push(Found { start: at, end: at + 3, dates: (date, date), kind: ScopeKind::AsOf, one_day: true });
            at += 3;
            continue;
        }
        // (on) Friday; as of Wednesday
        if let Some((_, weekday)) = WEEKDAYS.iter().find(|(name, _)| *name == w) {
            let date = published.map(|p| last_weekday(p, *weekday));
            let as_of = word(at.wrapping_sub(2)) == "as" && word(at.wrapping_sub(1)) == "of";
            if as_of {
                found.push(Found {
                    start: at - 2,
                    end: at + 1,
                    dates: (date, date),
                    kind: ScopeKind::AsOf,
                    one_day: true,
                });
            } else {
                let start = if word(at.wrapping_sub(1)) == "on" { at - 1 } else { at };
                found.push(Found::day(start, at + 1, date));
            }
        }
        // since March / since the start of the uprising (to the end of the clause)
        if w == "since" {
            let mut end = at + 1;
            while end < words.len() && !matches!(word(end), "," | "." | ";" | ":" | "\"" | "(" | ")") && end - at <= 12
            {
                end += 1;
            }
            let start_date = (at + 1..end).find_map(|i| month_number(word(i))).and_then(|month| {
                let p = published?;
                let year = if month > p.month() { p.year() - 1 } else { p.year() };
                NaiveDate::from_ymd_opt(year, month, 1)
            });
            found.push(Found {
                start: at,
                end,
                dates: (start_date, published),
                kind: ScopeKind::Since,
                one_day: false,
            });
            at = end;
            continue;
        }
        // in March
        if w == "in"
            && let Some(month) = month_number(word(at + 1))
        {
            let dates = published
                .and_then(|p| {
                    let year = if month > p.month() { p.year() - 1 } else { p.year() };
                    let start = NaiveDate::from_ymd_opt(year, month, 1)?;
                    let next = if month == 12 {
                        NaiveDate::from_ymd_opt(year + 1, 1, 1)
                    } else {
                        NaiveDate::from_ymd_opt(year, month + 1, 1)
                    }?;
                    Some((Some(start), Some(next - Duration::days(1))))
                })
                .unwrap_or((None, None));
            found.push(Found::period(at, at + 2, dates));
            at += 2;
            continue;
        }
        // last week / this week / so far this year / earlier this month
        if matches!(w, "last" | "this") && unit_days(word(at + 1)).is_some() {
            let days = unit_days(word(at + 1)).unwrap_or(7).max(1);
            let dates = published
                .map(|p| {
                    if w == "last" {
                        (Some(p - Duration::days(2 * days)), Some(p - Duration::days(days)))
                    } else {
                        (Some(p - Duration::days(days)), Some(p))
                    }
                })
                .unwrap_or((None, None));
            let so_far = word(at.wrapping_sub(2)) == "so" && word(at.wrapping_sub(1)) == "far";
            let start = if matches!(word(at.wrapping_sub(1)), "earlier" | "later") || so_far {
                at.saturating_sub(if so_far { 2 } else { 1 })
            } else {
                at
            };
            let kind = if so_far { ScopeKind::Since } else { ScopeKind::Period };
            found.push(Found { start, end: at + 2, dates, kind, one_day: false });
            at += 2;
            continue;
        }
        at += 1;
    }
    found
}

/// The time expression nearest to the number in its sentence, leaving out the days that date a
/// report ("the ministry said on Sunday"). A day that comes with a running total or a stock
/// ("rose to 312 on Monday", "remained in camps on Thursday") is the moment the count stood.
pub fn scope_of(
    tokens: &[Token],
    words: &[&str],
    text: &str,
    mention: &NumberMention,
    published: Option<NaiveDate>,
) -> Option<Scope> {
    let word = |i: usize| words.get(i).copied().unwrap_or("");
    let dates_a_report = |f: &Found| {
        f.one_day
            && (REPORTING.contains(&word(f.start.wrapping_sub(1)))
                || REPORTING.contains(&word(f.end))
                || (word(f.end) == "that" && REPORTING.contains(&word(f.start.wrapping_sub(1)))))
    };
    let found: Vec<Found> = expressions(words, published).into_iter().filter(|f| !dates_a_report(f)).collect();
    // A comma or a conjunction in between ("killed four … and in September a compound was hit")
    // makes an expression farther.
    let distance = |f: &Found| super::separated_distance(words, (f.start, f.end), mention);
    let mut nearest = found.into_iter().min_by_key(distance)?;
    if nearest.one_day && nearest.kind == ScopeKind::Period {
        let from = mention.first.saturating_sub(12);
        let to = (mention.last + 8).min(words.len());
        if words[from..to].iter().any(|w| TOTAL_OR_STOCK.contains(w)) {
            nearest.kind = ScopeKind::AsOf;
        }
    }
    let first = tokens.get(nearest.start)?;
    let last = tokens.get(nearest.end.saturating_sub(1).max(nearest.start))?;
    let text = text.get(first.start..last.end)?.to_owned();
    Some(Scope { text, start: nearest.dates.0, end: nearest.dates.1, kind: nearest.kind })
}

/// A sentence about an earlier year ("in 2004", "last year", "in the 2010 earthquake") is
/// background: its tolls are history, not news of the day.
pub fn is_background(tokens: &[Token], published: Option<NaiveDate>) -> bool {
    let Some(published) = published else { return false };
    let words: Vec<&str> = tokens.iter().map(|t| t.lower.as_str()).collect();
    let earlier_year = words
        .iter()
        .any(|w| w.len() == 4 && w.parse::<i32>().is_ok_and(|year| (1900..published.year()).contains(&year)));
    let last_year = words.windows(2).any(|w| w == ["last", "year"] || w == ["previous", "year"]);
    earlier_year || last_year
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{ExtractInput, extract_figures};

    /// Regression: a span beyond the calendar ("800000 years ago") panicked on date arithmetic.
    #[test]
    fn spans_beyond_the_calendar_are_no_dates() {
        let published = NaiveDate::from_ymd_opt(2012, 1, 1);
        for text in [
            "At least 12 people were killed 800000 years ago.",
            "At least 12 people were killed in the past 300000000000 years.",
            "At least 12 people were killed 99999999999999999999 days ago.",
        ] {
            let figures = extract_figures(&ExtractInput { text, published });
            assert_eq!(figures.len(), 1, "{text}");
        }
    }
}
