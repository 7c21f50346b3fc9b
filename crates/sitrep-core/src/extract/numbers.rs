//! Numbers as news writes them: digits with separators, scaled ("1.2 million", "2 lakh"), words
//! ("Twenty-six", "two dozen"), and vague words ("hundreds", "tens of thousands") with the
//! intervals documented below.

use super::tokens::Token;

/// A number found in a sentence, over tokens `first..=last`.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberMention {
    pub first: usize,
    pub last: usize,
    /// The point value (None for vague words).
    pub value: Option<u64>,
    /// The interval the words allow (for a point value, the value itself).
    pub low: u64,
    pub high: u64,
    /// The vague word as written ("hundreds", "several dozen"), if vague.
    pub vague: Option<String>,
    /// A unit fused to the number ("33-year-old", "560-mile", "24-hour"): never a head count.
    pub fused_unit: Option<String>,
}

/// Intervals of the vague words: the smallest and largest counts a reader would accept.
/// "dozens" 24–99, "scores" 40–199, "hundreds" 200–999, "several hundred" 300–900,
/// "thousands" 2,000–9,999, "tens of thousands" 20,000–99,999, "hundreds of thousands"
/// 200,000–999,999, "millions" 2,000,000–9,999,999, "several dozen" 36–96, "several thousand"
/// 3,000–9,000.
pub const VAGUE: &[(&str, u64, u64)] = &[
    ("hundreds of thousands", 200_000, 999_999),
    ("tens of thousands", 20_000, 99_999),
    ("several thousand", 3_000, 9_000),
    ("several hundred", 300, 900),
    ("several dozen", 36, 96),
    ("a few hundred", 200, 500),
    ("a few thousand", 2_000, 5_000),
    ("a few dozen", 24, 60),
    ("millions", 2_000_000, 9_999_999),
    ("thousands", 2_000, 9_999),
    ("hundreds", 200, 999),
    ("scores", 40, 199),
    ("dozens", 24, 99),
];

fn unit_word(word: &str) -> Option<u64> {
    Some(match word {
        "zero" => 0,
        "one" | "a" | "an" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    })
}

fn scale_word(word: &str) -> Option<u64> {
    Some(match word {
        "dozen" => 12,
        "hundred" => 100,
        "thousand" => 1_000,
        "lakh" | "lakhs" | "lac" => 100_000,
        "million" | "mln" => 1_000_000,
        "crore" | "crores" => 10_000_000,
        "billion" | "bln" => 1_000_000_000,
        _ => return None,
    })
}

/// "twenty-six" → 26; "one" → 1 (but not "a", which needs a scale after it).
fn word_number(word: &str) -> Option<u64> {
    if word == "a" || word == "an" {
        return None;
    }
    if let Some((tens, units)) = word.split_once('-') {
        let (tens, units) = (unit_word(tens)?, unit_word(units)?);
        return (tens >= 20 && tens % 10 == 0 && units < 10).then_some(tens + units);
    }
    unit_word(word)
}

/// Digits: "8,538", "8000", "1.2", "1,20,000" (lakh grouping). Returns the value ×1000 to keep
/// one decimal place of "1.2 million" exact.
fn digits_milli(word: &str) -> Option<u64> {
    if !word.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let (integer, fraction) = match word.split_once('.') {
        Some((i, f)) => (i, f),
        None => (word, ""),
    };
    if !integer.chars().all(|c| c.is_ascii_digit() || c == ',') || !fraction.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let integer: u64 = integer.replace(',', "").parse().ok()?;
    let mut milli = integer.checked_mul(1000)?;
    for (place, digit) in fraction.chars().take(3).enumerate() {
        milli += u64::from(digit.to_digit(10)?) * [100, 10, 1][place];
    }
    Some(milli)
}

/// A number fused to a unit by a hyphen: "33-year-old" → ("33", "year"), "7.2-magnitude".
fn fused(word: &str) -> Option<(u64, String)> {
    let (number, unit) = word.split_once('-')?;
    let value = digits_milli(number).map(|m| m / 1000).or_else(|| word_number(number))?;
    let unit = unit.split('-').next()?.to_owned();
    (!unit.is_empty() && !unit.chars().next()?.is_ascii_digit() && word_number(&unit).is_none())
        .then_some((value, unit))
}

/// Finds the numbers of a sentence, left to right, never overlapping.
pub fn find_numbers(tokens: &[Token]) -> Vec<NumberMention> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        match number_at(tokens, i) {
            Some(mention) => {
                i = mention.last + 1;
                found.push(mention);
            }
            None => i += 1,
        }
    }
    found
}

fn lower(tokens: &[Token], i: usize) -> &str {
    tokens.get(i).map_or("", |t| t.lower.as_str())
}

/// Whether a number can start with this word: a digit, a number word, or the first word of a
/// vague phrase. Most words of a text are none of these; they are passed over at once.
fn may_start_number(word: &str) -> bool {
    let Some(first) = word.bytes().next() else { return false };
    first.is_ascii_digit()
        || unit_word(word).is_some()
        || word_number(word.split('-').next().unwrap_or(word)).is_some()
        || scale_word(word).is_some()
        || matches!(
            word,
            "a" | "an"
                | "half"
                | "several"
                | "tens"
                | "hundreds"
                | "thousands"
                | "millions"
                | "scores"
                | "dozens"
                | "dozen"
        )
}

fn number_at(tokens: &[Token], i: usize) -> Option<NumberMention> {
    let word = lower(tokens, i);
    if !may_start_number(word) {
        return None;
    }
    // Vague phrases, longest first.
    for (phrase, low, high) in VAGUE {
        // No allocation here: this runs for every token of every sentence.
        let n_parts = phrase.matches(' ').count() + 1;
        if phrase.split(' ').enumerate().all(|(k, part)| lower(tokens, i + k) == part) {
            return Some(NumberMention {
                first: i,
                last: i + n_parts - 1,
                value: None,
                low: *low,
                high: *high,
                vague: Some((*phrase).to_owned()),
                fused_unit: None,
            });
        }
    }
    if let Some((value, unit)) = fused(word) {
        return Some(point(i, i, value, Some(unit)));
    }
    // "14 000", "3 385": a thin-space or space thousands separator splits one number in two.
    if let (Some(high), Some(low)) = (tokens.get(i), tokens.get(i + 1)) {
        let is_group = |t: &str| t.len() == 3 && t.bytes().all(|b| b.is_ascii_digit());
        let leading = !high.lower.is_empty() && high.lower.len() <= 3 && high.lower.bytes().all(|b| b.is_ascii_digit());
        let previous_is_number = i > 0 && tokens[i - 1].lower.bytes().all(|b| b.is_ascii_digit());
        if leading && is_group(&low.lower) && low.start == high.end + 1 && !previous_is_number {
            let value = format!("{}{}", high.lower, low.lower).parse::<u64>().ok()?;
            return Some(point(i, i + 1, value, None));
        }
        // "61, 000": a thousands comma with a stray space (only before "000", which no list of
        // numbers holds).
        if leading && low.lower == "," && tokens.get(i + 2).is_some_and(|t| t.lower == "000" && t.start == low.end + 1)
        {
            let value = high.lower.parse::<u64>().ok()?.checked_mul(1000)?;
            return Some(point(i, i + 2, value, None));
        }
    }
    if let Some(milli) = digits_milli(word) {
        // "1.2 million", "2 lakh", "3 thousand".
        if let Some(scale) = scale_word(lower(tokens, i + 1)).filter(|s| *s >= 1000) {
            return Some(point(i, i + 1, milli.saturating_mul(scale) / 1000, None));
        }
        // A decimal alone ("7.2") is a measurement, not a head count.
        if milli % 1000 != 0 {
            return Some(point(i, i, milli / 1000, Some("decimal".to_owned())));
        }
        return Some(point(i, i, milli / 1000, None));
    }
    // "half a dozen", "a dozen", "two dozen", "a hundred", "one hundred and fifty", "3 thousand".
    if word == "half"
        && lower(tokens, i + 1) == "a"
        && let Some(scale) = scale_word(lower(tokens, i + 2))
    {
        return Some(point(i, i + 2, scale / 2, None));
    }
    let starts_with_article = (word == "a" || word == "an") && scale_word(lower(tokens, i + 1)).is_some();
    let first_value = if starts_with_article { Some(1) } else { word_number(word) };
    let mut value = first_value?;
    let mut last = i;
    let mut j = i + 1;
    let mut total = 0u64;
    loop {
        let next = lower(tokens, j);
        if let Some(scale) = scale_word(next) {
            value = value.saturating_mul(scale);
            if scale >= 1000 {
                total += value;
                value = 0;
            }
            last = j;
            j += 1;
        } else if next == "and" && word_number(lower(tokens, j + 1)).is_some() && last > i {
            j += 1;
        } else if let Some(more) = word_number(next).filter(|_| last > i || value >= 20) {
            // "one hundred fifty", "twenty six" (rare, unhyphenated)
            if more >= value && value != 0 {
                break;
            }
            value += more;
            last = j;
            j += 1;
        } else {
            break;
        }
    }
    Some(point(i, last, total + value, None))
}

fn point(first: usize, last: usize, value: u64, fused_unit: Option<String>) -> NumberMention {
    NumberMention { first, last, value: Some(value), low: value, high: value, vague: None, fused_unit }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::tokens::tokenize;

    fn numbers(text: &str) -> Vec<(Option<u64>, Option<String>, Option<String>)> {
        let tokens = tokenize(text);
        find_numbers(&tokens).into_iter().map(|m| (m.value, m.vague, m.fused_unit)).collect()
    }

    #[test]
    fn number_forms() {
        let cases: &[(&str, u64)] = &[
            ("8,538 fled", 8538),
            ("8000 fled", 8000),
            ("1.2 million fled", 1_200_000),
            ("9.5 million fled", 9_500_000),
            ("2 lakh fled", 200_000),
            ("1,20,000 fled", 120_000),
            ("14 000 people", 14_000),
            ("Twenty-six officers", 26),
            ("two dozen fighters", 24),
            ("a dozen fighters", 12),
            ("half a dozen fighters", 6),
            ("half a million people", 500_000),
            ("one hundred and fifty people", 150),
            ("three thousand people", 3000),
            ("a hundred people", 100),
            ("One man drowned", 1),
        ];
        for (text, expected) in cases {
            assert_eq!(numbers(text).first().and_then(|n| n.0), Some(*expected), "{text}");
        }
    }

    #[test]
    fn vague_and_fused() {
        assert_eq!(numbers("tens of thousands fled")[0].1.as_deref(), Some("tens of thousands"));
        assert_eq!(numbers("several hundred soldiers")[0].1.as_deref(), Some("several hundred"));
        assert_eq!(numbers("hundreds of people")[0].1.as_deref(), Some("hundreds"));
        assert_eq!(numbers("the 33-year-old")[0].2.as_deref(), Some("year"));
        assert_eq!(numbers("a 560-mile border")[0].2.as_deref(), Some("mile"));
        assert_eq!(numbers("magnitude 7.2 quake")[0].2.as_deref(), Some("decimal"));
        assert!(numbers("a man and a woman").is_empty());
    }
}
