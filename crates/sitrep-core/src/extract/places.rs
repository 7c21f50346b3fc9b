//! The place a figure is tied to. Place names are the capitalized phrases of a sentence: after a
//! locative word ("in", "near", "into the town of") they are taken even when the gazetteer does
//! not know them (districts, camps, streets); elsewhere only when the gazetteer resolves them to
//! a country, a region or a sizeable town. A figure takes the place nearest to it in its
//! sentence, else the place of the sentence before it in the paragraph, else the article's most
//! mentioned place, else its dateline.

use super::tokens::Token;
use crate::figure::FigurePlace;
use crate::gazetteer::{Precision, gazetteer};
use rustc_hash::FxHashMap as HashMap;

const LOCATIVES: &[&str] = &[
    "in",
    "into",
    "at",
    "near",
    "from",
    "across",
    "inside",
    "around",
    "outside",
    "to",
    "towards",
    "toward",
    "through",
    "throughout",
    "within",
    "along",
];
const CONNECTORS: &[&str] = &["al", "el", "de", "del", "la", "le", "ash", "as", "ad", "an", "ar", "at", "az", "bin"];
/// Capitalized words that are not places, or that make a phrase an organisation.
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
    "nations",
    "organization",
    "organisation",
    "office",
    "agency",
    "council",
    "committee",
    "commission",
    "hospital",
    "centre",
    "center",
    "university",
    "party",
    "forces",
    "force",
    "red",
    "crescent",
    "cross",
    "observatory",
    "monitor",
    "department",
    "authority",
    "institute",
    "foundation",
    "bank",
    "company",
    "news",
    "radio",
    "television",
    "tv",
    "press",
    "times",
    "post",
    "herald",
    "mr",
    "mrs",
    "ms",
    "dr",
    "gen",
    "general",
    "colonel",
    "captain",
    "state",
    "islamic",
    "health",
    "public",
    "relief",
    "emergency",
    "operation",
    "coordination",
    "humanitarian",
    "affairs",
    "migration",
    "international",
    "human",
    "rights",
    "watch",
    "doctors",
    "medecins",
    "program",
    "programme",
];
/// Words before a person's name.
const TITLES: &[&str] = &[
    "president",
    "minister",
    "mr",
    "mrs",
    "ms",
    "dr",
    "gen",
    "general",
    "king",
    "queen",
    "prince",
    "sheikh",
    "leader",
    "commander",
    "colonel",
    "col",
    "captain",
    "capt",
    "sergeant",
    "spokesman",
    "spokeswoman",
    "governor",
    "mayor",
    "senator",
    "chief",
    "secretary",
    "ambassador",
    "envoy",
    "pope",
    "rev",
    "lt",
];
/// Below this population a town named without a locative word is more likely a person's name.
/// Words before "in" that make the place after it the place the news was given in.
const REPORTED_IN: &[&str] =
    &["issued", "reporters", "journalists", "speaking", "spoke", "briefing", "conference", "published", "released"];

const MIN_POPULATION_WITHOUT_LOCATIVE: u32 = 50_000;
/// Nouns after which "of" leads to a place: "the Indian state of Orissa", "the town of al-Qurriya".
const PLACE_NOUNS: &[&str] = &[
    "state",
    "city",
    "town",
    "village",
    "province",
    "district",
    "region",
    "county",
    "department",
    "capital",
    "island",
    "port",
    "governorate",
    "municipality",
    "area",
    "suburb",
    "outskirts",
    "north",
    "south",
    "east",
    "west",
    "centre",
];

/// A place phrase of a sentence: tokens `start..end`, and whether a locative word led to it.
#[derive(Debug, Clone)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub after_locative: bool,
    /// The locative word before it ("into" marks where the displaced went).
    pub locative: Option<String>,
    /// Followed by a lowercase word ("Anatolian news agency", "Turkey says").
    pub adjectival: bool,
    /// Followed by the name of an administrative unit ("Artibonite department", "Gorkha
    /// district"): a place even where the gazetteer, which lacks most regions, does not know it.
    pub admin_area: bool,
}

/// Words that, after a name, make it an administrative area.
const ADMIN_NOUNS: &[&str] =
    &["department", "district", "province", "governorate", "region", "state", "county", "prefecture", "division"];

fn is_name_word(token: &Token, text: &str) -> bool {
    let word = &text[token.start..token.end];
    word.chars().next().is_some_and(char::is_uppercase)
        || ["al-", "el-", "ad-", "ar-", "as-", "ash-", "at-", "an-", "az-"]
            .iter()
            .any(|p| word.strip_prefix(p).is_some_and(|rest| rest.starts_with(char::is_uppercase)))
}

fn possessive(token: &Token, text: &str) -> bool {
    let word = &text[token.start..token.end];
    word.ends_with("'s") || word.ends_with("\u{2019}s")
}

/// The capitalized phrases of a sentence that may be places.
pub fn mentions(tokens: &[Token], text: &str, sentence_start_word: bool) -> Vec<Mention> {
    let mut found = Vec::new();
    let mut at = 0;
    // A dateline ("MISRATAH, Libya, April 25 (TNS) —") says where the reporter is, not where it
    // happened: its words, up to the dash or colon that ends it, are not the sentence's places.
    let first_raw = tokens.first().map_or("", |t| &text[t.start..t.end]);
    let dateline_end = if first_raw.len() > 3 && first_raw.chars().all(|c| !c.is_lowercase()) {
        tokens.iter().take(14).position(|t| matches!(&text[t.start..t.end], "—" | "–" | "-" | ":")).unwrap_or(1)
    } else {
        0
    };
    while at < tokens.len() {
        let lower = tokens[at].lower.as_str();
        if !is_name_word(&tokens[at], text) || NOT_PLACES.contains(&lower) || crate::terms::is_stopword(lower) {
            at += 1;
            continue;
        }
        if at < dateline_end.max(1) && dateline_end > 0 {
            at += 1;
            continue;
        }
        let mut end = at + 1;
        if !possessive(&tokens[at], text) {
            while end < tokens.len()
                && (is_name_word(&tokens[end], text)
                    || (CONNECTORS.contains(&tokens[end].lower.as_str())
                        && tokens.get(end + 1).is_some_and(|t| is_name_word(t, text))))
            {
                let stop = possessive(&tokens[end], text);
                end += 1;
                if stop {
                    break;
                }
            }
        }
        let organisation = (at..end).any(|i| NOT_PLACES.contains(&tokens[i].lower.as_str()))
            // "President Bashar al-Assad", "Gen. Ali": a person's name, even if a town shares it.
            || at.checked_sub(1).is_some_and(|i| TITLES.contains(&tokens[i].lower.as_str()));
        // A locative word before the phrase, allowing "the eastern town of".
        let mut back = at;
        let mut after_locative = false;
        let mut locative: Option<String> = None;
        let mut reporting = false;
        while back > 0 && at - back <= 5 {
            back -= 1;
            let word = tokens[back].lower.as_str();
            let of_a_place = word == "of" && back > 0 && PLACE_NOUNS.contains(&tokens[back - 1].lower.as_str());
            // "according to X", "told the X": a source, not a place.
            // "loyal to Assad", "opposed to X": an allegiance, not a place.
            let reported = word == "to"
                && back > 0
                && matches!(
                    tokens[back - 1].lower.as_str(),
                    "according" | "told" | "said" | "spoke" | "talking" | "loyal" | "opposed" | "allied" | "linked"
                );
            // "a report issued in Delhi", "told reporters in Cox's Bazar": where the news was
            // given, not where it happened.
            let reporting_place = word == "in" && back > 0 && REPORTED_IN.contains(&tokens[back - 1].lower.as_str());
            if reporting_place {
                reporting = true;
                break;
            }
            if (LOCATIVES.contains(&word) && !reported) || of_a_place {
                after_locative = true;
                locative = Some(word.to_owned());
                break;
            }
            // "in Haiti's Artibonite region": the possessed phrase inherits the locative.
            if possessive(&tokens[back], text) {
                if let Some(previous) = found.last().filter(|m: &&Mention| m.end == back + 1) {
                    after_locative = previous.after_locative;
                }
                break;
            }
            // Another preposition between ("a country ruled by the Assad dynasty", "loyal to"
            // reads as "to" only through "loyal") means the locative is not this phrase's.
            let other_preposition = matches!(word, "by" | "with" | "for" | "against" | "about" | "than" | "like");
            if other_preposition
                || !word.chars().next().is_some_and(char::is_alphabetic)
                || is_name_word(&tokens[back], text)
            {
                break;
            }
        }
        let first_word_of_sentence = at == 0 && sentence_start_word;
        if !organisation && !reporting {
            let raw = &text[tokens[at].start..tokens[end - 1].end];
            let phrase = raw.trim_end_matches("'s").trim_end_matches("\u{2019}s").to_owned();
            // "Haiti's Artibonite": the possessor gives way to the more specific place.
            if found.last().is_some_and(|m: &Mention| m.end == at && possessive(&tokens[at - 1], text)) {
                found.pop();
            }
            let next = tokens.get(end).map(|t| &text[t.start..t.end]).unwrap_or("");
            let admin_area = ADMIN_NOUNS.contains(&next);
            let adjectival = next.starts_with(char::is_lowercase) && end - at == 1 && !admin_area;
            // "Artibonite department" is an area; "the State Department" an organisation.
            let followed_by_organisation = !admin_area && NOT_PLACES.contains(&next.to_lowercase().as_str());
            if !followed_by_organisation {
                found.push(Mention {
                    start: at,
                    end,
                    text: phrase,
                    after_locative: after_locative && !first_word_of_sentence,
                    locative,
                    adjectival,
                    admin_area,
                });
            }
        }
        at = end;
    }
    found
}

/// Resolves place phrases against the gazetteer, once per distinct phrase of an article.
pub struct Resolver {
    cache: HashMap<String, Option<(FigurePlace, u32)>>,
    context: Vec<String>,
}

impl Resolver {
    /// `context`: every place phrase of the article, for disambiguation (Paris, Texas).
    pub fn new(context: Vec<String>) -> Resolver {
        Resolver { cache: HashMap::default(), context }
    }

    /// The place a phrase names, resolved when the gazetteer knows it; phrases not after a
    /// locative word must resolve to a country, a region or a sizeable town.
    pub fn place(&mut self, mention: &Mention) -> Option<FigurePlace> {
        match self.resolve(&mention.text) {
            Some((place, population)) => {
                let region = place.precision != Some(Precision::Settlement.as_str());
                let big = region || population >= MIN_POPULATION_WITHOUT_LOCATIVE;
                let adjective = mention.adjectival && !region && !mention.after_locative;
                ((mention.after_locative || mention.admin_area || big) && !adjective).then_some(place)
            }
            // An unknown single word used as an adjective ("to a Turkish village") is no place.
            None if mention.admin_area && !is_demonym(&mention.text) => Some(unresolved(&mention.text)),
            None if mention.after_locative && !(mention.adjectival && is_demonym(&mention.text)) => {
                Some(unresolved(&mention.text))
            }
            None => None,
        }
    }

    fn resolve(&mut self, text: &str) -> Option<(FigurePlace, u32)> {
        if let Some(cached) = self.cache.get(text) {
            return cached.clone();
        }
        let context: Vec<&str> = self.context.iter().map(String::as_str).filter(|c| *c != text).collect();
        let resolved = gazetteer().resolve(text, &context).map(|place| {
            let figure_place = FigurePlace {
                text: text.to_owned(),
                geonames_id: place.geonames_id,
                name: Some(place.name.clone()),
                country: Some(place.country.to_owned()),
                lat: Some(place.lat),
                lon: Some(place.lon),
                precision: Some(place.precision.as_str()),
            };
            (figure_place, place.population)
        });
        self.cache.insert(text.to_owned(), resolved.clone());
        resolved
    }

    /// The dateline as a place, when the gazetteer knows it.
    pub fn dateline_place(&mut self, dateline: &str) -> Option<FigurePlace> {
        self.resolve(dateline).map(|(place, _)| place)
    }
}

/// "Turkish", "Syrian", "Iraqi", "Congolese": the adjective of a place, not a place.
fn is_demonym(word: &str) -> bool {
    ["ish", "ian", "ese", "an", "i"].iter().any(|ending| word.ends_with(ending)) && !word.contains(' ')
}

fn unresolved(text: &str) -> FigurePlace {
    FigurePlace {
        text: text.to_owned(),
        geonames_id: None,
        name: None,
        country: None,
        lat: None,
        lon: None,
        precision: None,
    }
}

/// The dateline of an article: "ANKARA - …", "MISRATA, Libya (MPA) — …", "KATHMANDU (MPA) — …".
pub fn dateline(text: &str) -> Option<String> {
    let first_line = text.lines().find(|l| !l.trim().is_empty())?;
    let head: String = first_line.chars().take(60).collect();
    let end = head
        .find(" - ")
        .or_else(|| head.find(" — "))
        .or_else(|| head.find(" – "))
        .or_else(|| head.find(" ("))
        .or_else(|| head.find(':'))?;
    let place = head[..end].split([',', '(']).next()?.trim();
    let upper_letters = place.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
    (upper_letters && !place.is_empty() && place.len() <= 30).then(|| title_case(place))
}

fn title_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut start_of_word = true;
    for c in text.chars() {
        if start_of_word {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start_of_word = matches!(c, ' ' | '-');
    }
    out
}
