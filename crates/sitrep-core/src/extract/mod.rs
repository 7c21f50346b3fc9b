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

use crate::figure::{Figure, Measure, Qualifier};
use chrono::NaiveDate;
use lexicon::{Lexicon, lexicon};
use numbers::{NumberMention, find_numbers};
use tokens::{Token, tokenize};

pub use numbers::VAGUE;
pub use sentences::{Sentence, sentences};

/// How far (in tokens) a trigger may be from the number it explains.
const TRIGGER_WINDOW: usize = 12;
/// Modifiers skipped between a number and the noun it counts ("8,000 Syrian army officers").
const MAX_MODIFIERS: usize = 4;
/// Troops and police: when they "arrive" or "cross", they defected; when they mass, no figure.
const MILITARY: &[&str] = &["soldiers", "troops", "officers", "police", "policemen", "personnel", "forces", "guards"];

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
    let all_sentences = sentences(text);
    let dateline = places::dateline(text);
    let mut figures = Vec::new();
    let mut last_source: Option<String> = None;
    // Char offsets, computed incrementally from byte offsets (sentences come in order).
    let mut chars_before = 0usize;
    let mut bytes_counted = 0usize;
    let mut to_chars = |byte: usize| {
        if byte >= bytes_counted {
            chars_before += text.get(bytes_counted..byte).map_or(0, |s| s.chars().count());
            bytes_counted = byte;
        }
        chars_before
    };
    for sentence in &all_sentences {
        let Some(sentence_text) = text.get(sentence.start..sentence.end) else { continue };
        let tokens = tokenize(sentence_text);
        let words: Vec<&str> = tokens.iter().map(|t| t.lower.as_str()).collect();
        let attribution = attribution::attribution(&tokens, &words, sentence_text, lexicon);
        let source = match attribution {
            Some(attribution::Attribution::Named(name)) => {
                last_source = Some(name.clone());
                Some(name)
            }
            Some(attribution::Attribution::Pronoun) => last_source.clone(),
            None => None,
        };
        let background = scope::is_background(&tokens, input.published);
        let sentence_start_chars = to_chars(sentence.start);
        let sentence_end_chars = sentence_start_chars + sentence_text.chars().count();
        for mention in find_numbers(&tokens) {
            let Ok(classified) = classify(&tokens, &words, &mention, lexicon) else { continue };
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
            figures.push(Figure {
                measure: classified.measure,
                value: mention.value,
                low,
                high,
                text: sentence_text[first.start..last.end].to_owned(),
                qualifier,
                unit: classified.unit,
                place: places::place_of(&tokens, sentence_text, &mention, dateline.as_deref()),
                scope: scope::scope_of(&tokens, &words, sentence_text, &mention, input.published),
                source: source.clone(),
                sentence: sentence_text.to_owned(),
                span: (span_start, span_end),
                sentence_span: (sentence_start_chars, sentence_end_chars),
                background,
            });
        }
    }
    figures
}

struct Classified {
    measure: Measure,
    qualifier: Qualifier,
    unit: Option<String>,
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
    if let Some(previous) = mention.first.checked_sub(1).map(|i| words[i]) {
        if let Some(reason) = lexicon.before.get(previous) {
            return Err(NotAFigure::Unit(reason.clone()));
        }
    }
    if mention.vague.is_none()
        && mention.first == mention.last
        && (1900..=2100).contains(&mention.value.unwrap_or(0))
        && !tokens[mention.first].lower.contains(',')
    {
        return Err(NotAFigure::Year);
    }
    let head = head_of(words, mention, lexicon)?;
    let (clause_start, clause_end) = clause_of(words, mention);

    let trigger = nearest(words, mention, clause_start, clause_end, |at| lexicon.triggers.at(words, at));
    let negative = nearest(words, mention, clause_start, clause_end, |at| lexicon.negatives.at(words, at));

    let mut measure = match (&head, trigger) {
        (Head::Measure(Measure::Refugees), Some((_, Measure::Displaced))) => Measure::Displaced,
        (Head::Measure(measure), _) => *measure,
        (Head::Bare, Some((distance, measure))) if distance <= 6 => measure,
        (Head::People(_) | Head::Unit(_), Some((_, measure))) => measure,
        _ => return Err(NotAFigure::NoMeasure),
    };
    if let (Some((negative_distance, reason)), Some((trigger_distance, _))) = (&negative, trigger) {
        if *negative_distance < trigger_distance || matches!(head, Head::Bare) && *negative_distance <= 2 {
            return Err(NotAFigure::Negative(reason.clone()));
        }
    }
    if let (Some((_, reason)), None) = (&negative, trigger) {
        if !matches!(head, Head::Measure(_)) {
            return Err(NotAFigure::Negative(reason.clone()));
        }
    }
    if let Head::People(noun) = &head {
        if MILITARY.contains(&noun.as_str()) {
            let defected = (clause_start..clause_end)
                .any(|at| matches!(lexicon.triggers.at(words, at), Some((_, Measure::Defected))));
            if defected || measure == Measure::Displaced {
                measure = Measure::Defected;
            }
        }
    }
    for at in clause_start..clause_end {
        if let Some((_, reason)) = lexicon.blocks.at(words, at) {
            return Err(NotAFigure::Blocked(reason));
        }
    }
    if is_forecast(words, mention, clause_start, clause_end, lexicon) {
        return Err(NotAFigure::Forecast);
    }
    let (qualifier, text_first) = qualifier_of(words, mention, lexicon);
    let unit = match head {
        Head::Unit(unit) => Some(unit),
        _ => None,
    };
    Ok(Classified { measure, qualifier, unit, text_first })
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
        if !is_word || lexicon.triggers.at(words, at).is_some() || is_auxiliary(word) {
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
    let is_boundary = |w: &str| matches!(w, ";" | ":" | "(" | ")" | "—" | "–");
    let start = (0..mention.first).rev().find(|&i| is_boundary(words[i])).map_or(0, |i| i + 1);
    let end = (mention.last + 1..words.len()).find(|&i| is_boundary(words[i])).unwrap_or(words.len());
    (start, end)
}

/// The nearest phrase found by `find` within the trigger window, with its distance in tokens
/// (a comma in between counts as three tokens).
fn nearest<T>(
    words: &[&str],
    mention: &NumberMention,
    clause_start: usize,
    clause_end: usize,
    find: impl Fn(usize) -> Option<(usize, T)>,
) -> Option<(usize, T)> {
    let mut best: Option<(usize, T)> = None;
    let mut penalty = 0;
    for at in mention.last + 1..clause_end.min(mention.last + 1 + TRIGGER_WINDOW) {
        if words[at] == "," {
            penalty += 3;
        }
        if let Some((_, found)) = find(at) {
            let distance = at - mention.last + penalty;
            if best.as_ref().is_none_or(|(d, _)| distance < *d) {
                best = Some((distance, found));
            }
            break;
        }
    }
    let mut penalty = 0;
    for at in (clause_start.max(mention.first.saturating_sub(TRIGGER_WINDOW))..mention.first).rev() {
        if words[at] == "," {
            penalty += 3;
        }
        if let Some((_, found)) = find(at) {
            let distance = mention.first - at + penalty;
            if best.as_ref().is_none_or(|(d, _)| distance < *d) {
                best = Some((distance, found));
            }
            break;
        }
    }
    best
}

/// "as many as 100,000 people may be forced from their homes": a modal with a base verb in the
/// clause makes it a forecast; "may also have died" is a report.
fn is_forecast(words: &[&str], mention: &NumberMention, start: usize, end: usize, lexicon: &Lexicon) -> bool {
    let _ = mention;
    (start..end).any(|at| {
        lexicon.modals.contains(words[at])
            && !words[at + 1..(at + 3).min(end)].iter().any(|w| *w == "have" || *w == "has")
            // "expected" and the like as a plain past participle after "were" is not a forecast
            && !(words[at] == "expected" && at > 0 && words[at - 1] == "had")
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
