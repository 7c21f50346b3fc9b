//! The place a figure is tied to: the nearest place name after a locative word in its sentence,
//! else the article's dateline.

use super::numbers::NumberMention;
use super::tokens::Token;
use crate::figure::FigurePlace;

const LOCATIVES: &[&str] =
    &["in", "into", "at", "near", "from", "across", "inside", "around", "outside", "to", "of", "towards", "toward"];
const CONNECTORS: &[&str] =
    &["al", "el", "de", "del", "of", "la", "le", "ash", "as", "ad", "an", "ar", "at", "az", "bin"];
/// Capitalized words that start a place phrase but are not places.
const NOT_PLACES: &[&str] = &[
    "the",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
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
    "president",
    "prime",
    "minister",
    "ministry",
    "government",
    "police",
    "army",
    "reuters",
    "associated",
    "un",
    "united nations",
];

fn is_name_word(token: &Token, text: &str) -> bool {
    let word = &text[token.start..token.end];
    let first = word.chars().next();
    first.is_some_and(char::is_uppercase)
        || ["al-", "el-", "ad-", "ar-", "as-", "ash-", "at-", "an-", "az-"]
            .iter()
            .any(|p| word.strip_prefix(p).is_some_and(|rest| rest.starts_with(char::is_uppercase)))
}

/// Capitalized runs after a locative word: (start token, end token exclusive).
fn candidates(tokens: &[Token], text: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut at = 0;
    while at < tokens.len() {
        let locative = LOCATIVES.contains(&tokens[at].lower.as_str());
        if locative {
            // Skip "the eastern town of" style words to the name.
            let mut start = at + 1;
            while start < tokens.len() && start - at <= 5 && !is_name_word(&tokens[start], text) {
                let word = tokens[start].lower.as_str();
                if !word.chars().next().is_some_and(char::is_alphabetic) || LOCATIVES.contains(&word) && word != "of" {
                    break;
                }
                start += 1;
            }
            if start < tokens.len()
                && is_name_word(&tokens[start], text)
                && !NOT_PLACES.contains(&tokens[start].lower.as_str())
            {
                let mut end = start + 1;
                while end < tokens.len()
                    && (is_name_word(&tokens[end], text)
                        || (CONNECTORS.contains(&tokens[end].lower.as_str())
                            && tokens.get(end + 1).is_some_and(|t| is_name_word(t, text))))
                {
                    end += 1;
                }
                found.push((start, end));
                at = end;
                continue;
            }
        }
        at += 1;
    }
    found
}

/// The place of a figure: the first place phrase after the number, else the nearest before it,
/// else the dateline.
pub fn place_of(tokens: &[Token], text: &str, mention: &NumberMention, dateline: Option<&str>) -> Option<FigurePlace> {
    let found = candidates(tokens, text);
    let after = found.iter().find(|(start, _)| *start > mention.last);
    let before = found.iter().rev().find(|(_, end)| *end <= mention.first);
    let chosen = after.or(before).map(|(start, end)| text[tokens[*start].start..tokens[end - 1].end].to_owned());
    chosen.or_else(|| dateline.map(str::to_owned)).map(|text| FigurePlace {
        text,
        geonames_id: None,
        name: None,
        country: None,
        lat: None,
        lon: None,
        precision: None,
    })
}

/// The dateline of an article: "ANKARA - …", "MISRATA, Libya (MPA) — …", "KATHMANDU (MPA) — …".
pub fn dateline(text: &str) -> Option<String> {
    let first_line = text.lines().find(|l| !l.trim().is_empty())?;
    let head: String = first_line.chars().take(60).collect();
    let cut = head.find([' ', ',', '(']).map(|_| ())?;
    let _ = cut;
    let end = head.find(" - ").or_else(|| head.find(" — ")).or_else(|| head.find(" – ")).or_else(|| head.find('('))?;
    let place = head[..end].split(',').next()?.trim();
    let upper_letters = place.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
    (upper_letters && !place.is_empty() && place.len() <= 30).then(|| title_case(place))
}

fn title_case(text: &str) -> String {
    text.split(' ')
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars.flat_map(char::to_lowercase)).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}
