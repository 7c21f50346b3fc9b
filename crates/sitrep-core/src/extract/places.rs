//! The place a figure is tied to. Place names are the capitalized phrases of a sentence: after a
//! locative word ("in", "near", "into the town of") they are taken even when the gazetteer does
//! not know them (districts, camps, streets); elsewhere only when the gazetteer resolves them to
//! a country, a region or a sizeable town. A figure takes the place nearest to it in its
//! sentence, else the place of the sentence before it in the paragraph, else the article's most
//! mentioned place, else its dateline.

use super::tokens::Token;
use crate::figure::FigurePlace;
use crate::gazetteer::{Anchor, Place, Precision, gazetteer};
use rustc_hash::FxHashMap as HashMap;
use std::cell::OnceCell;

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
    // What a storm, a quake or a flood does to a place: "a storm hit Bobonong".
    "hit",
    "struck",
    "battered",
    "lashed",
    "pounded",
    "ravaged",
    "devastated",
    "flooded",
    "evacuated",
];
/// The last word of a name that makes it a place ("Goulburn Islands", "Tripoli Street").
const GEOGRAPHIC_HEADS: &[&str] = &[
    "island",
    "islands",
    "isle",
    "coast",
    "peninsula",
    "road",
    "street",
    "highway",
    "river",
    "lake",
    "mountains",
    "valley",
    "bay",
    "province",
    "county",
    "prefecture",
    "governorate",
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
    /// The possessor of an authority ("Mozambique's government"): a country, or no place.
    pub owner: bool,
}

/// Words of direction before a name: "western Mosul", "northern Rakhine".
const DIRECTIONS: &[&str] = &[
    "western",
    "eastern",
    "northern",
    "southern",
    "central",
    "north",
    "south",
    "east",
    "west",
    "northwestern",
    "northeastern",
    "southwestern",
    "southeastern",
    "besieged",
    "rebel-held",
    "flooded",
];

/// Kinds of administrative area: after a name they make it an area ("Gorkha district",
/// "Artibonite department"), at its end they may be dropped to find it ("Jiangsu Province").
const ADMIN_KINDS: &[&str] =
    &["department", "district", "province", "governorate", "region", "state", "county", "prefecture", "division"];
/// Words that, after a name, make it a named feature ("the Manaslu circuit", "the Naf river").
const FEATURE_NOUNS: &[&str] = &[
    "circuit",
    "trail",
    "river",
    "camp",
    "camps",
    "valley",
    "coast",
    "island",
    "islands",
    "border",
    "crossing",
    "highway",
    "road",
    "area",
    "village",
    "town",
    "city",
    "township",
    "neighbourhood",
    "neighborhood",
];

fn names_an_area(next_word: &str) -> bool {
    ADMIN_KINDS.contains(&next_word) || FEATURE_NOUNS.contains(&next_word)
}

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
                    "according"
                        | "told"
                        | "said"
                        | "spoke"
                        | "speaking"
                        | "talking"
                        | "given"
                        | "sent"
                        | "handed"
                        | "wrote"
                        | "appealed"
                        | "explained"
                        | "described"
                        | "loyal"
                        | "opposed"
                        | "allied"
                        | "linked"
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
            let last_word = tokens[end - 1].lower.as_str();
            // ("a Turkish village" is a village in Turkey, not a place named Turkish.)
            let single_demonym = end - at == 1 && is_clear_demonym(&tokens[at].lower);
            let admin_area =
                (names_an_area(next) && !single_demonym) || (end - at > 1 && GEOGRAPHIC_HEADS.contains(&last_word));
            // "western Mosul since…" is a place; "Anatolian news agency", "Turkey says" are not.
            let part_of = at.checked_sub(1).is_some_and(|i| DIRECTIONS.contains(&tokens[i].lower.as_str()));
            let adjectival = next.starts_with(char::is_lowercase) && end - at == 1 && !admin_area && !part_of;
            // "Artibonite department" is an area; "the State Department" an organisation.
            let followed_by_organisation = !admin_area && NOT_PLACES.contains(&next.to_lowercase().as_str());
            // "Mozambique's government", "Iraq's Ministry of…": the country whose authority gives
            // the figure, a place only where nothing nearer is.
            let owner = followed_by_organisation && possessive(&tokens[end - 1], text);
            if !followed_by_organisation || owner {
                found.push(Mention {
                    start: at,
                    end,
                    text: phrase,
                    after_locative: after_locative && !first_word_of_sentence,
                    locative,
                    adjectival,
                    admin_area,
                    owner,
                });
            }
        }
        at = end;
    }
    found
}

/// What a phrase of place that is not a name stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AreaKind {
    /// "at checkpoints east of the city", "in fishing communities along the coast": a place
    /// described, kept as written and placed on the map where its sentence or article is.
    Described,
    /// "nationwide", "across the country": the article's country.
    Nationwide,
    /// "across the state", "in the state": the article's region.
    Statewide,
    /// "the city", "the town": the article's town ("carried 6,000 people out of the city").
    SameTown,
}

/// A phrase of place that is not a name, tokens `start..end`.
#[derive(Debug, Clone)]
pub struct Area {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: AreaKind,
    /// A group of places ("the affected districts"), not a part of one ("the camps").
    pub group: bool,
}

/// Nouns that head a described place ("fishing communities", "the affected districts").
const AREA_NOUNS: &[&str] = &[
    "communities",
    "community",
    "districts",
    "camps",
    "checkpoints",
    "checkpoint",
    "point",
    "market",
    "parts",
    "areas",
    "villages",
    "coast",
    "coastline",
    "sites",
    "shelters",
    "centres",
    "centers",
    "hospitals",
    "neighbourhoods",
    "neighborhoods",
    "neighbourhood",
    "neighborhood",
    "streets",
    "trail",
    "route",
    "circuit",
    "provinces",
    "regions",
    "countryside",
    "islands",
    "suburbs",
    "outskirts",
    "settlements",
    "hills",
    "mountains",
    "valley",
    "slums",
    "townships",
    "municipalities",
    "communes",
];
/// Groups of places: a described place as broad as the place it is on the map at ("the
/// communes of Grande-Saline and L'Estère", "across the affected districts").
pub const GROUPS: &[&str] =
    &["communes", "districts", "provinces", "regions", "municipalities", "townships", "villages"];
/// Shelters: a described place only with "the" ("in the camps").
const SHELTERS: &[&str] = &["camps", "sites", "shelters", "centres", "centers", "hospitals"];
/// Words a described place may start with before its noun ("the affected", "remote", "low-lying").
const AREA_LOCATIVES: &[&str] = &["in", "at", "near", "along", "across", "inside", "around", "throughout", "on"];
/// Words after the noun that continue the description ("east of the city", "along the coast").
const AREA_LINKS: &[&str] =
    &["of", "along", "near", "around", "in", "east", "west", "north", "south", "between", "and", "outside"];

/// Phrases of place that are not names: described places, "nationwide", "across the state".
pub fn areas(tokens: &[Token], text: &str) -> Vec<Area> {
    let words: Vec<&str> = tokens.iter().map(|t| t.lower.as_str()).collect();
    let word = |i: usize| words.get(i).copied().unwrap_or("");
    let mut found = Vec::new();
    for at in 0..words.len() {
        if found.last().is_some_and(|area: &Area| at < area.end) {
            continue;
        }
        let span = |start: usize, end: usize| text[tokens[start].start..tokens[end - 1].end].to_owned();
        if matches!(word(at), "nationwide" | "countrywide") {
            found.push(Area {
                start: at,
                end: at + 1,
                text: span(at, at + 1),
                kind: AreaKind::Nationwide,
                group: false,
            });
            continue;
        }
        if matches!(word(at), "statewide") {
            found.push(Area {
                start: at,
                end: at + 1,
                text: span(at, at + 1),
                kind: AreaKind::Statewide,
                group: false,
            });
            continue;
        }
        if word(at) == "the"
            && matches!(word(at + 1), "city" | "town")
            && !tokens.get(at + 2).is_some_and(|t| t.capitalized)
        {
            found.push(Area { start: at, end: at + 2, text: span(at, at + 2), kind: AreaKind::SameTown, group: false });
            continue;
        }
        if !AREA_LOCATIVES.contains(&word(at)) {
            continue;
        }
        // "across the country", "in the state"
        if word(at + 1) == "the" && matches!(word(at + 2), "country" | "nation" | "state") {
            let kind = if word(at + 2) == "state" { AreaKind::Statewide } else { AreaKind::Nationwide };
            found.push(Area { start: at + 1, end: at + 3, text: span(at + 1, at + 3), kind, group: false });
            continue;
        }
        // A lowercase description up to its noun, within five words.
        let mut noun = None;
        for (i, token) in tokens.iter().enumerate().take((at + 6).min(words.len())).skip(at + 1) {
            // Not through a name, a number or a number word ("at one point" is a moment).
            let numeric = token.lower.starts_with(|c: char| c.is_ascii_digit())
                || matches!(token.lower.as_str(), "one" | "two" | "three" | "some" | "this" | "that" | "which");
            if !token.is_word || token.capitalized || numeric {
                break;
            }
            if AREA_NOUNS.contains(&token.lower.as_str()) {
                noun = Some(i);
                break;
            }
        }
        let Some(noun) = noun else { continue };
        // "in relief camps", "in 154 accommodation centres": how the displaced are sheltered, not
        // where; "in the camps" names camps the article is about.
        if SHELTERS.contains(&word(noun)) && word(at + 1) != "the" {
            continue;
        }
        // ...and its continuation: "east of the city", "along the coast", "of Gonaïves".
        let mut end = noun + 1;
        while end < words.len() && AREA_LINKS.contains(&word(end)) {
            let mut next = end + 1;
            while next < words.len() && matches!(word(next), "the" | "a" | "of") {
                next += 1;
            }
            // Not into a date ("in relief camps on Thursday") nor a number ("in the camps and 12
            // in Cox's Bazar"); "and" joins names only ("Grande-Saline and L'Estère").
            let joins_names = word(end) != "and";
            let takes = |i: usize| {
                tokens.get(i).is_some_and(|t| {
                    t.is_word
                        && !super::scope::is_calendar_word(&t.lower)
                        && !t.lower.starts_with(|c: char| c.is_ascii_digit())
                        && (joins_names || t.capitalized)
                })
            };
            if !takes(next) {
                break;
            }
            // Through one word or one name ("the city", "Gonaïves", "Grande-Saline and L'Estère").
            end = next + 1;
            while end < words.len() && tokens[end].capitalized && tokens[end - 1].capitalized {
                end += 1;
            }
        }
        let group = GROUPS.contains(&word(noun));
        found.push(Area { start: at + 1, end, text: span(at + 1, end), kind: AreaKind::Described, group });
    }
    found
}

/// Resolves place phrases against the gazetteer, once per distinct phrase of an article.
pub struct Resolver {
    cache: HashMap<String, Option<(FigurePlace, u32)>>,
    context: Vec<String>,
    /// The context phrases resolved alone, in `context`'s order: made at the first resolution
    /// that needs them, so that the context (up to 8 phrases) is resolved once per article,
    /// not once per phrase resolved.
    anchors: OnceCell<Vec<Anchor<'static>>>,
}

impl Resolver {
    /// `context`: every place phrase of the article, for disambiguation (Paris, Texas).
    pub fn new(context: Vec<String>) -> Resolver {
        Resolver { cache: HashMap::default(), context, anchors: OnceCell::new() }
    }

    /// The place a phrase names, resolved when the gazetteer knows it; phrases not after a
    /// locative word must resolve to a country, a region or a sizeable town.
    pub fn place(&mut self, mention: &Mention) -> Option<FigurePlace> {
        if mention.owner {
            return self.resolve(&mention.text).map(|(place, _)| place).filter(|p| p.precision == Some("country"));
        }
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
        // The context is the article's other phrases (not this one, nor those with its key).
        let context = |key: &str| -> Vec<&'static Place> {
            let anchors = self.anchors.get_or_init(|| self.context.iter().map(|c| gazetteer().anchor(c)).collect());
            self.context
                .iter()
                .zip(anchors)
                .filter(|(phrase, anchor)| phrase.as_str() != text && anchor.key != key)
                .filter_map(|(_, anchor)| anchor.place)
                .collect()
        };
        // "Jiangsu Province", "Hasaka Governorate": the region's name without its kind.
        let found = gazetteer().resolve_among(text, context).or_else(|| {
            let (name, kind) = text.rsplit_once(' ')?;
            let kind = kind.to_lowercase();
            ADMIN_KINDS.contains(&kind.as_str()).then(|| gazetteer().resolve_among(name, context)).flatten()
        });
        let resolved = found.map(|place| {
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

    /// The country a resolved place lies in, as a place of its own.
    pub fn country_of(&self, place: &FigurePlace) -> Option<FigurePlace> {
        let country = gazetteer().country(place.country.as_deref()?)?;
        Some(FigurePlace {
            text: country.name.clone(),
            geonames_id: country.geonames_id,
            name: Some(country.name.clone()),
            country: Some(country.country.to_owned()),
            lat: Some(country.lat),
            lon: Some(country.lon),
            precision: Some(Precision::Country.as_str()),
        })
    }
}

/// "Turkish", "Syrian", "Congolese", "Iraqi" — but not "Arjipalli", which only ends like one.
fn is_clear_demonym(word: &str) -> bool {
    const IN_I: &[&str] = &[
        "iraqi",
        "pakistani",
        "israeli",
        "bangladeshi",
        "yemeni",
        "somali",
        "kuwaiti",
        "omani",
        "saudi",
        "nepali",
        "afghani",
        "azerbaijani",
        "qatari",
        "emirati",
        "thai",
        "bahraini",
        "kashmiri",
        "punjabi",
        "bengali",
    ];
    ["ish", "ese", "ian", "ean"].iter().any(|ending| word.ends_with(ending)) || IN_I.contains(&word)
}

/// "Turkish", "Syrian", "Iraqi", "Congolese": the adjective of a place, not a place.
fn is_demonym(word: &str) -> bool {
    ["ish", "ian", "ese", "an", "i"].iter().any(|ending| word.ends_with(ending)) && !word.contains(' ')
}

pub fn unresolved(text: &str) -> FigurePlace {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::tokens::tokenize;

    fn areas_of(text: &str) -> Vec<(String, AreaKind)> {
        areas(&tokenize(text), text).into_iter().map(|a| (a.text, a.kind)).collect()
    }

    #[test]
    fn phrases_of_place_that_are_not_names() {
        use AreaKind::*;
        assert_eq!(
            areas_of("They arrested about 50 suspects at checkpoints east of the city since March 1."),
            vec![("checkpoints east of the city".to_owned(), Described)]
        );
        assert_eq!(
            areas_of("Dozens were unaccounted for in fishing communities along the coast."),
            vec![("fishing communities along the coast".to_owned(), Described)]
        );
        assert_eq!(areas_of("Around 450,000 people remained in relief camps on Thursday."), vec![]);
        assert_eq!(
            areas_of("Six deaths were reported in the camps on Thursday."),
            vec![("the camps".to_owned(), Described)]
        );
        assert_eq!(areas_of("1,485 people had been injured nationwide."), vec![("nationwide".to_owned(), Nationwide)]);
        assert_eq!(
            areas_of("Six deaths were reported in the camps and 12 in Cox's Bazar."),
            vec![("the camps".to_owned(), Described)]
        );
        assert_eq!(areas_of("At one point, 300 people were trapped."), vec![]);
        assert_eq!(
            areas_of("most of them in the communes of Grande-Saline and L'Estère"),
            vec![("the communes of Grande-Saline and L'Estère".to_owned(), Described)]
        );
        assert_eq!(areas_of("27 deaths in the state"), vec![("the state".to_owned(), Statewide)]);
        assert_eq!(
            areas_of("aid ships have carried nearly 6,000 people out of the city to Benghazi"),
            vec![("the city".to_owned(), SameTown)]
        );
    }

    /// The resolver resolves an article's context once; each phrase must still get the place
    /// the gazetteer gives it against the article's other phrases (ambiguous names included:
    /// Paris beside Texas, Springfield beside Illinois and beside
    /// itself in capitals, a spelling variant, a region's kind).
    #[test]
    fn resolving_against_the_context_once_changes_no_place() {
        let context: Vec<String> = [
            "Paris",
            "Texas",
            "Springfield",
            "SPRINGFIELD",
            "Illinois",
            "Jisr al-Shugur",
            "Hatay",
            "Idlib Governorate",
            "Georgia",
            "Tbilisi",
            "Syria",
            "U.S.",
            "Paris",
            "Samagaon",
            "Nepal",
        ]
        .map(str::to_owned)
        .to_vec();
        let mut resolver = Resolver::new(context.clone());
        let mut n_resolved = 0;
        for phrase in &context {
            let others: Vec<&str> = context.iter().map(String::as_str).filter(|other| other != phrase).collect();
            let expected = gazetteer().resolve(phrase, &others).map(|place| place.geonames_id).or_else(|| {
                let (name, kind) = phrase.rsplit_once(' ')?;
                let is_admin_kind = ADMIN_KINDS.contains(&kind.to_lowercase().as_str());
                is_admin_kind.then(|| gazetteer().resolve(name, &others).map(|place| place.geonames_id)).flatten()
            });
            let got = resolver.resolve(phrase).map(|(place, _)| place.geonames_id);
            assert_eq!(got, expected, "{phrase}");
            n_resolved += usize::from(got.is_some());
        }
        assert!(n_resolved >= 10, "only {n_resolved} phrases resolved: the test lost its places");
    }
}
