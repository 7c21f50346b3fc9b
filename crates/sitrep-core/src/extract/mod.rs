//! Extraction of humanitarian figures: for every number of every sentence, what it counts (a
//! measure, or nothing), how it is hedged, who says so, where and when, and the evidence.
//!
//! The rules read the words around a number: the noun it counts ("12 civilians", "12 dead"), the
//! trigger that says what happened to them ("were killed", "killing", "fled", "death toll"), and
//! what rules it out ("km", "$", "massing", "can hold", "may be forced"). The words are data, in
//! `data/figure_lexicon.tsv`. Invariant: extraction never panics, whatever the text.

mod attribution;
mod lexicon;
mod numbers;
mod places;
mod scope;
mod sentences;
mod tokens;

use crate::figure::{Displacement, Figure, FigurePlace, Measure, Qualifier, SECURITY_FORCES};
use chrono::NaiveDate;
use lexicon::{Lexicon, lexicon};
use numbers::{NumberMention, find_numbers};
use rustc_hash::FxHashMap as HashMap;
use tokens::{Token, tokenize};

pub use numbers::VAGUE;
pub use sentences::{Sentence, sentences};

/// Place phrases of an article used to disambiguate the others (Paris, Texas).
const MAX_CONTEXT_PLACES: usize = 8;
/// How far (in tokens) a trigger may be from the number it explains.
const TRIGGER_WINDOW: usize = 12;
/// Modifiers skipped between a number and the noun it counts ("8,000 Syrian army officers").
const MAX_MODIFIERS: usize = 4;

/// Why a number is not a figure (for tests and diagnostics).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotAFigure {
    Unit(String),
    NoMeasure,
    Negative(String),
    Blocked(String),
    Forecast,
    Year,
}

/// Everything the extractor needs of an article.
pub struct ExtractInput<'a> {
    pub text: &'a str,
    pub published: Option<NaiveDate>,
}

/// The figures of an article, in text order.
pub fn extract_figures(input: &ExtractInput<'_>) -> Vec<Figure> {
    let lexicon = lexicon();
    let text = input.text;
    // First pass: sentences, tokens, the numbers that count what a figure counts and place
    // phrases; the phrases are each other's context.
    struct Parsed<'t> {
        sentence: Sentence,
        text: &'t str,
        tokens: Vec<Token>,
        numbers: Vec<(NumberMention, Classified)>,
        places: Vec<places::Mention>,
    }
    let mut parsed: Vec<Parsed<'_>> = sentences(text)
        .into_iter()
        .filter_map(|sentence| {
            let sentence_text = text.get(sentence.start..sentence.end)?;
            let tokens = tokenize(sentence_text);
            let words: Vec<&str> = tokens.iter().map(|t| t.lower.as_str()).collect();
            let numbers = with_single_persons(&tokens, find_numbers(&tokens), lexicon)
                .into_iter()
                .filter_map(|mention| classify(&tokens, &words, &mention, lexicon).ok().map(|c| (mention, c)))
                .collect();
            Some(Parsed { sentence, text: sentence_text, tokens, numbers, places: Vec::new() })
        })
        .collect();
    // Most articles state no figure: decide that before any work on places and sources.
    if parsed.iter().all(|p| p.numbers.is_empty()) {
        return Vec::new();
    }
    for p in &mut parsed {
        p.places = places::mentions(&p.tokens, p.text, true);
    }
    // Disambiguation context: the article's most mentioned place phrases (bounded, since the
    // gazetteer resolves each context name for every name it resolves).
    let mut frequency: HashMap<&str, usize> = HashMap::default();
    for mention in parsed.iter().flat_map(|p| p.places.iter()) {
        *frequency.entry(mention.text.as_str()).or_insert(0) += 1;
    }
    let mut ranked: Vec<(&str, usize)> = frequency.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let context: Vec<String> = ranked.into_iter().take(MAX_CONTEXT_PLACES).map(|(text, _)| text.to_owned()).collect();
    let mut resolver = places::Resolver::new(context.clone());
    // The article's most mentioned place (among its most frequent phrases): the fallback for
    // figures whose sentence names none.
    let mut counts: Vec<(FigurePlace, usize)> = Vec::new();
    for mention in parsed.iter().flat_map(|p| p.places.iter()).filter(|m| context.contains(&m.text)) {
        if let Some(place) = resolver.place(mention).filter(FigurePlace::is_resolved) {
            match counts.iter_mut().find(|(known, _)| known.identity() == place.identity()) {
                Some((_, n)) => *n += 1,
                None => counts.push((place, 1)),
            }
        }
    }
    // Ties go to the broader place: an article about Nepal that names many villages is about Nepal.
    let main_place = counts.iter().max_by_key(|(place, n)| (*n, place.breadth())).map(|(place, _)| place.clone());
    let dateline_place = places::dateline(text).and_then(|d| resolver.dateline_place(&d));
    // The lead's place: the first place of the first sentence that names one ("…the
    // earthquake in central Nepal…"), the frame of figures whose own sentence and paragraph name
    // none; failing that, the country of the article's main place (coarse, but not wrong).
    let lead_place = parsed
        .iter()
        .take(3)
        .find_map(|p| p.places.iter().find_map(|m| resolver.place(m).filter(FigurePlace::is_resolved)));
    let main_country = main_place.as_ref().or(dateline_place.as_ref()).and_then(|p| resolver.country_of(p));
    // The article's frame: the broader of its lead's place and its most mentioned place (a
    // report on Jisr al-Shughour that mostly speaks of Syria is framed by Syria; one whose lead
    // says "central Nepal" and that names Kathmandu most, by Nepal).
    let frame_place = match (&lead_place, &main_place) {
        (Some(lead), Some(main)) if main.breadth() > lead.breadth() => Some(main.clone()),
        (Some(lead), _) => Some(lead.clone()),
        (None, main) => main.clone(),
    };
    // "the city", "the town": the lead's town, else the article's most mentioned one.
    let main_town = lead_place.clone().filter(|p| p.precision == Some("settlement")).or_else(|| {
        counts
            .iter()
            .filter(|(place, _)| place.precision == Some("settlement"))
            .max_by_key(|(_, n)| *n)
            .map(|(place, _)| place.clone())
    });
    // The region the article is about ("across the state"): its most mentioned region.
    let main_region = counts
        .iter()
        .filter(|(place, _)| place.precision == Some("admin"))
        .max_by_key(|(_, n)| *n)
        .map(|(place, _)| place.clone());

    let mut figures = Vec::new();
    let mut last_source: Option<String> = None;
    let mut last_place: Option<(usize, FigurePlace)> = None;
    // Char offsets, computed incrementally from byte offsets (sentences come in order).
    let mut chars_before = 0usize;
    let mut bytes_counted = 0usize;
    for parsed in &mut parsed {
        let (sentence, sentence_text, tokens) = (&parsed.sentence, parsed.text, &parsed.tokens);
        chars_before += text.get(bytes_counted..sentence.start).map_or(0, |s| s.chars().count());
        bytes_counted = sentence.start;
        let words: Vec<&str> = tokens.iter().map(|t| t.lower.as_str()).collect();
        // Each attribution resolved: a pronoun to the source named before it.
        let mut sources: Vec<(usize, String)> = Vec::new();
        for found in attribution::attributions(tokens, &words, sentence_text, lexicon) {
            match found.attribution {
                attribution::Attribution::Named(name) => {
                    last_source = Some(name.clone());
                    sources.push((found.at, name));
                }
                attribution::Attribution::Pronoun => {
                    if let Some(name) = &last_source {
                        sources.push((found.at, name.clone()));
                    }
                }
            }
        }
        let numbers = std::mem::take(&mut parsed.numbers);
        // Places are resolved only where they serve: the sentences with a figure.
        let sentence_places: Vec<(usize, usize, bool, FigurePlace)> = if numbers.is_empty() {
            // Only its last place, which later sentences of the paragraph may fall back on.
            parsed
                .places
                .iter()
                .rev()
                .filter(|m| !m.owner)
                .find_map(|m| resolver.place(m).map(|place| (m.start, m.end, false, place)))
                .into_iter()
                .collect()
        } else {
            parsed
                .places
                .iter()
                .filter(|m| !m.owner)
                .filter_map(|m| {
                    resolver.place(m).map(|place| (m.start, m.end, m.locative.as_deref() == Some("into"), place))
                })
                .collect()
        };
        // The place a sentence without one of its own falls back on: its paragraph's, the
        // lead's, the country whose authority it quotes ("Iraq's ministry"), the article's.
        let paragraph_place =
            last_place.as_ref().filter(|(p, _)| *p == sentence.paragraph).map(|(_, place)| place.clone());
        let owner_place = parsed.places.iter().filter(|m| m.owner).find_map(|m| resolver.place(m));
        let fallback = paragraph_place
            .clone()
            .or_else(|| frame_place.clone())
            .or_else(|| owner_place.clone())
            .or_else(|| main_country.clone())
            .or_else(|| dateline_place.clone());
        // Phrases of place that are not names, each as a place: a described place is kept as
        // written, on the map where a name inside it is ("low-lying parts of Gonaïves"), else
        // where the sentence's context is.
        let area_places: Vec<(usize, usize, FigurePlace)> = if numbers.is_empty() {
            Vec::new()
        } else {
            // Only sentences with a figure need them.
            places::areas(tokens, sentence_text)
                .iter()
                .filter_map(|area| {
                    let located = match area.kind {
                        places::AreaKind::Nationwide => main_country.clone(),
                        places::AreaKind::Statewide => main_region.clone(),
                        // "Ain al-Arab … most of the town's 50,000": the town just named.
                        places::AreaKind::SameTown => sentence_places
                            .iter()
                            .rev()
                            .find(|(_, end, _, place)| *end <= area.start && place.precision == Some("settlement"))
                            .map(|(_, _, _, place)| place.clone())
                            .or_else(|| main_town.clone()),
                        // On the map where a name inside it is, else the sentence's nearest name.
                        places::AreaKind::Described => sentence_places
                            .iter()
                            .find(|(start, end, _, _)| *start >= area.start && *end <= area.end)
                            .or_else(|| {
                                sentence_places.iter().min_by_key(|(start, end, _, _)| {
                                    if *start >= area.end { start - area.end } else { area.start.saturating_sub(*end) }
                                })
                            })
                            .map(|(_, _, _, place)| place.clone())
                            .or_else(|| fallback.clone())
                            // Nowhere on the map: the words alone.
                            .or_else(|| Some(places::unresolved(&area.text))),
                    }?;
                    let place = match area.kind {
                        // "the city" stands for the town's name: the name, not the words, is kept.
                        places::AreaKind::SameTown => located,
                        // A group of places ("the communes of Grande-Saline and L'Estère"): as
                        // broad as the place it is on the map at.
                        places::AreaKind::Described if area.group => FigurePlace { text: area.text.clone(), ..located },
                        // A part of a place ("the camps" in Bangladesh, "checkpoints east of the
                        // city"): on the map there, but not the place itself, nor as broad.
                        places::AreaKind::Described => FigurePlace {
                            text: area.text.clone(),
                            geonames_id: None,
                            name: None,
                            precision: None,
                            ..located
                        },
                        _ => FigurePlace { text: area.text.clone(), ..located },
                    };
                    Some((area.start, area.end, place))
                })
                .collect()
        };
        let background = scope::is_background(tokens, input.published);
        let sentence_start_chars = chars_before;
        let sentence_end_chars = sentence_start_chars + sentence_text.chars().count();
        let sentence_first_figure = figures.len();
        for (mention, classified) in numbers {
            let first = &tokens[classified.text_first];
            let last = &tokens[mention.last];
            let number_start = tokens[mention.first].start;
            let span_start = sentence_start_chars + sentence_text[..number_start].chars().count();
            let span_end = span_start + sentence_text[number_start..last.end].chars().count();
            let qualifier = if mention.vague.is_some() { Qualifier::Vague } else { classified.qualifier };
            let (low, high) = match mention.value {
                Some(value) => qualifier.interval(value, None),
                None => (Some(mention.low), Some(mention.high)),
            };
            let distance = |start: usize, end: usize| separated_distance(&words, (start, end), &mention);
            // The displaced are placed where they went ("crossed into Turkey"), others nearest.
            let destination = matches!(classified.measure, Measure::Displaced | Measure::Refugees)
                .then(|| sentence_places.iter().find(|(_, _, into, _)| *into))
                .flatten();
            let nearest_name = sentence_places
                .iter()
                .filter(|(start, end, _, _)| !area_places.iter().any(|(a, b, _)| a <= start && end <= b))
                .map(|(start, end, _, place)| (distance(*start, *end), place));
            let nearest_area = area_places.iter().map(|(start, end, place)| (distance(*start, *end), place));
            let nearest = nearest_name.chain(nearest_area).min_by_key(|(d, _)| *d).map(|(_, place)| place);
            let place = destination.map(|(_, _, _, place)| place).or(nearest).cloned().or_else(|| fallback.clone());

            // Fled into another country ("crossed into Turkey"; "Turkey says 2,000 have crossed
            // the border"): its refugees.
            let crossed = destination.is_some_and(|(_, _, _, p)| p.precision == Some("country"))
                || (classified.across_border && place.as_ref().is_some_and(|p| p.precision == Some("country")));
            let displacement = match classified.displacement {
                Some(Displacement::Fled) if crossed => Some(Displacement::Crossed),
                other => other,
            };
            figures.push(Figure {
                measure: classified.measure,
                value: mention.value,
                low,
                high,
                text: sentence_text[first.start..last.end].to_owned(),
                qualifier,
                unit: classified.unit,
                who: classified.who,
                displacement,
                // "including seven children" is a part only of a count of the same measure given
                // before it ("12 people drowned, including seven children"), not of "the latest
                // arrivals included several dozen wounded".
                subset: classified.subset
                    && (!classified.included
                        || figures[sentence_first_figure..].iter().any(|f: &Figure| f.measure == classified.measure)),
                place,
                scope: scope::scope_of(tokens, &words, sentence_text, &mention, input.published),
                source: sources
                    .iter()
                    .min_by_key(|(at, _)| if *at > mention.last { at - mention.last } else { mention.first - at })
                    .map(|(_, name)| name.clone()),
                sentence: sentence_text.to_owned(),
                span: (span_start, span_end),
                sentence_span: (sentence_start_chars, sentence_end_chars),
                background,
            });
        }
        if let Some((_, _, _, place)) = sentence_places.last() {
            last_place = Some((sentence.paragraph, place.clone()));
        }
    }
    figures
}

/// How far a phrase (tokens `start..end`) is from a number: the tokens between, and three more
/// for each comma or conjunction between ("died there, … and seven in the neighbouring
/// districts": the second place is the seven's).
fn separated_distance(words: &[&str], (start, end): (usize, usize), mention: &NumberMention) -> usize {
    let (from, to) = if start > mention.last { (mention.last + 1, start) } else { (end, mention.first) };
    let separators = words
        .get(from..to)
        .map_or(0, |between| between.iter().filter(|w| matches!(**w, "," | "and" | "but" | "while" | ";")).count());
    to.saturating_sub(from) + 1 + 3 * separators
}

/// Adds "a man", "an officer" (with up to three modifiers: "a 25-year-old man") as the number 1:
/// "a man was killed" is a figure of one.
fn with_single_persons(tokens: &[Token], mut numbers: Vec<NumberMention>, lexicon: &Lexicon) -> Vec<NumberMention> {
    for (at, token) in tokens.iter().enumerate() {
        if token.lower != "a" && token.lower != "an" {
            continue;
        }
        let person = (at + 1..(at + 5).min(tokens.len())).find(|&i| lexicon.singular.contains(&tokens[i].lower));
        let Some(person) = person else { continue };
        let modifiers_only = (at + 1..person).all(|i| {
            let word = tokens[i].lower.as_str();
            word.chars().next().is_some_and(char::is_alphanumeric)
                && !lexicon.people.contains(word)
                && !matches!(word, "of" | "and" | "who")
        });
        let overlaps = numbers.iter().any(|n| n.first <= person && at <= n.last);
        if modifiers_only && !overlaps {
            numbers.push(NumberMention {
                first: at,
                last: at,
                value: Some(1),
                low: 1,
                high: 1,
                vague: None,
                fused_unit: None,
            });
        }
    }
    numbers.sort_by_key(|n| n.first);
    numbers
}

struct Classified {
    measure: Measure,
    qualifier: Qualifier,
    unit: Option<String>,
    who: Option<String>,
    displacement: Option<Displacement>,
    /// "the border" near the number: the displaced went to another country.
    across_border: bool,
    /// "41 of the dead": a part of a toll.
    subset: bool,
    /// "including seven children": a part of a count, if the sentence gave one before.
    included: bool,
    /// The first token of the number as written, qualifier included.
    text_first: usize,
}

enum Head {
    Measure(Measure),
    People(String),
    Unit(String),
    Bare,
}

/// Decides whether a number is a figure, and of what.
fn classify(
    tokens: &[Token],
    words: &[&str],
    mention: &NumberMention,
    lexicon: &Lexicon,
) -> Result<Classified, NotAFigure> {
    if let Some(unit) = &mention.fused_unit {
        return Err(NotAFigure::Unit(unit.clone()));
    }
    if let Some(previous) = mention.first.checked_sub(1).map(|i| words[i])
        && let Some(reason) = lexicon.before.get(previous)
    {
        return Err(NotAFigure::Unit(reason.clone()));
    }
    if mention.vague.is_none()
        && mention.first == mention.last
        && (1900..=2100).contains(&mention.value.unwrap_or(0))
        && !tokens[mention.first].lower.contains(',')
    {
        return Err(NotAFigure::Year);
    }
    // The total of a group a part of which is counted: "12 of the 40 passengers", "members of
    // one family", "none of the 200 passengers" (but "most of the town's 50,000" is a figure).
    if let Some(previous) = mention.first.checked_sub(1) {
        let determiner = matches!(words[previous], "the" | "its" | "their" | "his" | "her");
        let of_at = if determiner { previous.checked_sub(1) } else { Some(previous) };
        if let Some(of_at) = of_at.filter(|at| words[*at] == "of") {
            let most = of_at.checked_sub(1).is_some_and(|at| matches!(words[at], "most" | "majority"));
            let part = determiner || mention.value == Some(1);
            if part && !most {
                return Err(NotAFigure::NoMeasure);
            }
        }
    }
    let head = head_of(words, mention, lexicon)?;
    let (clause_start, clause_end) = clause_of(words, mention);

    let (qualifier, text_first) = qualifier_of(words, mention, lexicon);
    let mut trigger =
        nearest(words, mention, text_first, clause_start, clause_end, |at| lexicon.triggers.at(words, at));
    // "four fishermen from Arjipalli village, who had gone to sea despite warnings, were still
    // missing": the verb after a relative clause between commas is the counted people's.
    if trigger.is_none() && matches!(head, Head::People(_)) {
        trigger = after_relative_clause(words, mention.last, clause_end, lexicon);
    }
    let negative = nearest(words, mention, text_first, clause_start, clause_end, |at| lexicon.negatives.at(words, at));
    // "the death toll from Sunday's earthquake rose to 312", "put the figure at 74,500", "the
    // number of Sudanese refugees in Chad has reached 570,000": the measure is named further
    // back in the clause.
    if matches!(head, Head::Bare) && text_first >= 1 {
        let before = words[text_first - 1];
        let rising = matches!(before, "to" | "at" | "reached" | "passed" | "exceeded" | "topped" | "hit" | "surpassed");
        if rising {
            let from = clause_start.max(text_first.saturating_sub(16));
            let named = (from..text_first).rev().find_map(|at| {
                lexicon.triggers.at(words, at).or_else(|| lexicon.nouns.at(words, at)).map(|(_, measure)| measure)
            });
            if let Some(measure) = named {
                trigger = Some((1, measure));
            }
        }
    }
    // A table's label before its number: "IDPs total 122 387", "Deaths 12".
    if matches!(head, Head::Bare) && trigger.is_none() && text_first >= 1 {
        let label_end =
            if matches!(words[text_first - 1], "total" | "number" | "count") { text_first - 1 } else { text_first };
        let label = label_end.checked_sub(1).and_then(|at| lexicon.nouns.ending_at(words, at));
        if let Some((_, measure)) = label {
            trigger = Some((1, measure));
        }
    }
    // A small number in words with no noun ("two militias have uprooted") is rarely a count.
    if matches!(head, Head::Bare)
        && mention.value.is_some_and(|v| v < 10)
        && tokens[mention.first].lower.chars().all(char::is_alphabetic)
        && trigger.as_ref().is_none_or(|(distance, _)| *distance > 2)
    {
        return Err(NotAFigure::NoMeasure);
    }
    let mut measure = match (&head, trigger) {
        (Head::Measure(Measure::Refugees), Some((_, Measure::Displaced)))
            if motion_near(words, mention, clause_end) =>
        {
            Measure::Displaced
        }
        (Head::Measure(measure), _) => *measure,
        (Head::Bare, Some((distance, measure))) if distance <= 6 => measure,
        (Head::People(_) | Head::Unit(_), Some((_, measure))) => measure,
        _ => return Err(NotAFigure::NoMeasure),
    };
    // "affected" (a census of need, not a measure) gives way to any trigger: "affected and evacuated".
    let negative = negative.filter(|(_, reason)| !(reason == "affected" && trigger.is_some()));
    if let (Some((negative_distance, reason)), Some((trigger_distance, _))) = (&negative, trigger)
        && (*negative_distance < trigger_distance || matches!(head, Head::Bare) && *negative_distance <= 2)
    {
        return Err(NotAFigure::Negative(reason.clone()));
    }
    if let (Some((distance, reason)), None) = (&negative, trigger)
        && (!matches!(head, Head::Measure(_)) || *distance <= 2)
    {
        return Err(NotAFigure::Negative(reason.clone()));
    }
    if let Head::People(noun) = &head
        && SECURITY_FORCES.contains(&noun.as_str())
    {
        let defected =
            (clause_start..clause_end).any(|at| matches!(lexicon.triggers.at(words, at), Some((_, Measure::Defected))));
        if defected || measure == Measure::Displaced {
            measure = Measure::Defected;
        }
    }
    // Capacity and plans speak of the number next to them ("can hold up to 5,000"), not of
    // every number of the clause ("built to hold 10,000, now houses 25,000").
    for at in clause_start.max(text_first.saturating_sub(6))..clause_end.min(mention.last + 4) {
        if let Some((_, reason)) = lexicon.blocks.at(words, at) {
            return Err(NotAFigure::Blocked(reason));
        }
    }
    let near_start = clause_start.max(text_first.saturating_sub(6));
    let near_end = clause_end.min(mention.last + 9);
    if is_forecast(words, near_start, near_end, lexicon) {
        return Err(NotAFigure::Forecast);
    }
    // "41 of the dead were children", "12 people, including seven children": a part of the
    // toll, counting the children.
    let before = |back: usize| text_first.checked_sub(back).map(|at| words[at]);
    // ("dozens of refugees" is the count itself: a part is "of the", "of them", "of those").
    let of_a_whole = words.get(mention.last + 1) == Some(&"of")
        && matches!(words.get(mention.last + 2), Some(&("the" | "them" | "those" | "these" | "its" | "their")));
    let included = matches!(before(1), Some("including" | "includes" | "included"))
        || (before(2) == Some("among") && matches!(before(1), Some("them" | "whom")))
        || (before(2) == Some("of") && before(1) == Some("whom"));
    let subset = (matches!(head, Head::Measure(_)) && of_a_whole) || included;
    let (unit, who) = match head {
        Head::Unit(unit) => (Some(unit.clone()), Some(unit)),
        Head::People(noun) => (None, Some(noun)),
        _ if subset && of_a_whole => {
            let after = (mention.last + 2..clause_end.min(mention.last + 8))
                .find(|&at| matches!(words[at], "were" | "are" | "was" | "is"))
                .and_then(|at| words.get(at + 1))
                .filter(|w| lexicon.people.contains(**w));
            (None, after.map(|w| (*w).to_owned()))
        }
        _ => (None, None),
    };
    let displacement = match measure {
        Measure::Refugees => Some(Displacement::Sheltered),
        Measure::Displaced => {
            // The nearer of "living in", "remained in"… and a word of flight decides.
            let staying =
                nearest(words, mention, text_first, clause_start, clause_end, |at| lexicon.presence.at(words, at));
            let fleeing = nearest(words, mention, text_first, clause_start, clause_end, |at| {
                let flight = lexicon.presence.at(words, at).is_none();
                lexicon.triggers.at(words, at).filter(|(_, m)| flight && *m == Measure::Displaced)
            });
            Some(match (staying, fleeing) {
                (Some((stay, _)), Some((flee, _))) if stay <= flee => Displacement::Sheltered,
                (Some(_), None) => Displacement::Sheltered,
                _ => Displacement::Fled,
            })
        }
        _ => None,
    };
    let across_border = words[clause_start.max(text_first.saturating_sub(TRIGGER_WINDOW))
        ..clause_end.min(mention.last + 1 + TRIGGER_WINDOW)]
        .iter()
        .any(|w| matches!(*w, "border" | "frontier"));
    Ok(Classified { measure, qualifier, unit, who, displacement, across_border, subset, included, text_first })
}

/// The trigger right after a relative clause that follows the counted noun (", who …, were
/// missing"), counted as near.
fn after_relative_clause(
    words: &[&str],
    last: usize,
    clause_end: usize,
    lexicon: &Lexicon,
) -> Option<(usize, Measure)> {
    let opening = (last + 1..(last + 6).min(clause_end))
        .find(|&at| words[at] == "," && matches!(words.get(at + 1), Some(&("who" | "which" | "whose"))))?;
    let closing = (opening + 2..(opening + 16).min(clause_end)).find(|&at| words[at] == ",")?;
    (closing + 1..(closing + 5).min(clause_end)).find_map(|at| lexicon.triggers.at(words, at).map(|(_, m)| (2, m)))
}

/// Words of movement: refugees who fled or crossed are a flow (displaced), not a stock.
const MOTION: &[&str] = &[
    "fled",
    "flee",
    "fleeing",
    "flees",
    "crossed",
    "cross",
    "crossing",
    "arrived",
    "arriving",
    "arrivals",
    "poured",
    "streamed",
    "evacuated",
    "displaced",
    "uprooted",
    "forced",
    "driven",
    "entered",
    "escaping",
];

fn motion_near(words: &[&str], mention: &NumberMention, clause_end: usize) -> bool {
    let from = mention.first.saturating_sub(TRIGGER_WINDOW);
    let to = clause_end.min(mention.last + 1 + TRIGGER_WINDOW);
    words[from..to].iter().any(|w| MOTION.contains(w))
}

/// The noun a number counts, skipping modifiers ("8,000 Syrian army officers"), or what rules
/// the number out ("20 km").
fn head_of(words: &[&str], mention: &NumberMention, lexicon: &Lexicon) -> Result<Head, NotAFigure> {
    let mut at = mention.last + 1;
    let mut skipped = 0;
    while at < words.len() && skipped <= MAX_MODIFIERS {
        let word = words[at];
        if let Some((_, reason)) = lexicon.others.at(words, at) {
            return Err(NotAFigure::Unit(reason));
        }
        if let Some((_, measure)) = lexicon.nouns.at(words, at) {
            return Ok(Head::Measure(measure));
        }
        if lexicon.people.contains(word) {
            // "120 members of the security forces": the group the members belong to.
            if word == "members" && words.get(at + 1) == Some(&"of") {
                let group = (at + 2..(at + 6).min(words.len())).find(|&i| SECURITY_FORCES.contains(&words[i]));
                if let Some(group) = group {
                    return Ok(Head::People(words[group].to_owned()));
                }
            }
            return Ok(Head::People(word.to_owned()));
        }
        if lexicon.units.contains(word) {
            return Ok(Head::Unit(word.to_owned()));
        }
        if word == "of" {
            // "41 of the dead", "12 of them", "most of the 50,000"
            for look in at + 1..(at + 4).min(words.len()) {
                if let Some((_, measure)) = lexicon.nouns.at(words, look) {
                    return Ok(Head::Measure(measure));
                }
                if lexicon.people.contains(words[look]) || matches!(words[look], "them" | "those" | "whom") {
                    return Ok(Head::People(words[look].to_owned()));
                }
            }
            return Ok(Head::Bare);
        }
        let is_word = word.chars().next().is_some_and(char::is_alphanumeric);
        // Coordinated modifiers ("40 foreign and Nepali trekkers", "25 Kenyan and Ugandan truck
        // drivers"): the "and" joins words before the noun when a people noun follows within two
        // more plain words.
        let joins_modifiers = matches!(word, "and" | "or")
            && skipped > 0
            && (at + 2..(at + 4).min(words.len())).any(|noun_at| {
                lexicon.people.contains(words[noun_at])
                    && (at + 1..noun_at).all(|modifier| {
                        words[modifier].chars().all(char::is_alphabetic)
                            && lexicon.triggers.at(words, modifier).is_none()
                            && !is_auxiliary(words[modifier])
                    })
            });
        if !joins_modifiers && (!is_word || lexicon.triggers.at(words, at).is_some() || is_auxiliary(word)) {
            return Ok(Head::Bare);
        }
        // A demonym in the plural ("Syrians", "Iraqis") counts people.
        if word.len() > 4 && word.ends_with('s') && word_is_capitalized(words, at) {
            return Ok(Head::People(word.to_owned()));
        }
        skipped += 1;
        at += 1;
    }
    Ok(Head::Bare)
}

fn word_is_capitalized(words: &[&str], at: usize) -> bool {
    // Lowercased tokens lose case; demonyms are recognized by their ending instead.
    let word = words[at];
    ["ians", "ans", "ese", "is", "ers"].iter().any(|ending| word.ends_with(ending)) && !word.ends_with("ss")
}

fn is_auxiliary(word: &str) -> bool {
    matches!(
        word,
        "were"
            | "was"
            | "are"
            | "is"
            | "have"
            | "has"
            | "had"
            | "been"
            | "be"
            | "who"
            | "that"
            | "which"
            | "and"
            | "or"
            | "to"
            | "in"
            | "on"
            | "at"
            | "from"
            | "by"
            | "with"
            | "after"
            | "as"
    )
}

/// The clause around a number: between the nearest `;`, `:`, `(`, `)`, or sentence ends.
fn clause_of(words: &[&str], mention: &NumberMention) -> (usize, usize) {
    // Parentheses are asides inside a clause ("2,759 persons (around 460 families) became
    // homeless"), not its ends.
    let is_boundary = |w: &str| matches!(w, ";" | ":" | "—" | "–");
    // A label and its value ("Number of displaced: 452") are one clause: a colon right before
    // the number does not end it.
    let label_colon = mention.first.checked_sub(1).filter(|&i| words[i] == ":");
    let start =
        (0..mention.first).rev().find(|&i| is_boundary(words[i]) && Some(i) != label_colon).map_or(0, |i| i + 1);
    let end = (mention.last + 1..words.len()).find(|&i| is_boundary(words[i])).unwrap_or(words.len());
    (start, end)
}

/// The nearest phrase found by `find` within the trigger window, with its distance in tokens
/// from the number (on the left, from its qualifier); a comma in between counts as three tokens.
// The position itself is what `find` reads from, not only `words[at]`.
#[allow(clippy::needless_range_loop)]
fn nearest<T>(
    words: &[&str],
    mention: &NumberMention,
    text_first: usize,
    clause_start: usize,
    clause_end: usize,
    find: impl Fn(usize) -> Option<(usize, T)>,
) -> Option<(usize, T)> {
    let mut best: Option<(usize, T)> = None;
    let mut penalty = 0;
    for at in mention.last + 1..clause_end.min(mention.last + 1 + TRIGGER_WINDOW) {
        if matches!(words[at], "," | "and" | "while" | "but") {
            penalty += 3;
        }
        if let Some((_, found)) = find(at) {
            best = Some((at - mention.last + penalty, found));
            break;
        }
    }
    let mut penalty = 0;
    for at in (clause_start.max(text_first.saturating_sub(TRIGGER_WINDOW))..text_first).rev() {
        if matches!(words[at], "," | "and" | "while" | "but") {
            penalty += 3;
        }
        if let Some((_, found)) = find(at) {
            let distance = text_first - at + penalty;
            if best.as_ref().is_none_or(|(d, _)| distance < *d) {
                best = Some((distance, found));
            }
            break;
        }
    }
    best
}

/// "as many as 100,000 people may be forced from their homes": a modal followed by a base verb
/// makes a clause a forecast; "may also have died" is a report of the past.
fn is_forecast(words: &[&str], start: usize, end: usize, lexicon: &Lexicon) -> bool {
    (start..end).any(|at| {
        if !lexicon.modals.contains(words[at]) {
            return false;
        }
        // "as of May 2015", "in May": the month, not the modal.
        let month = words[at] == "may"
            && (words.get(at + 1).is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()))
                || at.checked_sub(1).is_some_and(|b| {
                    matches!(
                        words[b],
                        "of" | "in" | "since" | "until" | "by" | "early" | "late" | "mid" | "last" | "next" | "this"
                    )
                }));
        if month {
            return false;
        }
        let next: Vec<&str> = words[at + 1..(at + 4).min(end)]
            .iter()
            .copied()
            .filter(|w| *w != "also" && *w != "still" && *w != "not")
            .collect();
        match next.first() {
            Some(&"have") | Some(&"has") | Some(&"had") => false,
            Some(&"to") => matches!(words[at], "expected" | "likely"),
            Some(_) => !matches!(words[at], "expected" | "likely"),
            None => false,
        }
    })
}

/// The qualifier right before the number (or "most of the town's N"), and the first token of
/// the number as written.
fn qualifier_of(words: &[&str], mention: &NumberMention, lexicon: &Lexicon) -> (Qualifier, usize) {
    if mention.first == 0 {
        return (Qualifier::Exact, 0);
    }
    if let Some((len, qualifier)) = lexicon.qualifiers.ending_at(words, mention.first - 1) {
        return (qualifier, mention.first - len);
    }
    // "some 2,000", "an estimated 30,000": handled above; "most of the town's 50,000".
    for back in 2..=5 {
        let Some(at) = mention.first.checked_sub(back) else { break };
        if let Some((len, Qualifier::MostOf)) = lexicon.qualifiers.ending_at(words, at) {
            let between = &words[at + 1..mention.first];
            if between
                .iter()
                .all(|w| matches!(*w, "the" | "its" | "their" | "his" | "her") || w.ends_with('s') || w.len() > 2)
            {
                return (Qualifier::MostOf, at + 1 - len);
            }
        }
    }
    (Qualifier::Exact, mention.first)
}

#[cfg(test)]
mod tests;
