//! Who a sentence says its figures come from: "X said", "said X", "according to X", "X says",
//! "X told Y", "X reported"; a pronoun ("he said", "it said") or a generic noun ("the agency
//! said") stands for the source named before. A sentence may name several sources; each figure
//! takes the one nearest to it.

use super::lexicon::Lexicon;
use super::tokens::Token;

/// The longest attribution taken as a source, in tokens.
const MAX_SOURCE_TOKENS: usize = 12;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attribution {
    Named(String),
    /// "he", "she", "it", "they", "the agency": the source named before.
    Pronoun,
}

/// An attribution and the token position of its verb.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub at: usize,
    pub attribution: Attribution,
}

const PRONOUNS: &[&str] = &["he", "she", "it", "they", "we", "i"];
/// Generic nouns that refer back to an organisation named before.
const BACK_REFERENCES: &[&str] = &[
    "the agency",
    "the ministry",
    "the group",
    "the organisation",
    "the organization",
    "the centre",
    "the center",
    "the commission",
    "the office",
    "the department",
    "the charity",
    "the statement",
    "the report",
    "the monitor",
];
/// Words that end a source phrase when walking back from the verb.
const STOP_WORDS: &[&str] =
    &["and", "but", "while", "as", "that", "because", "when", "after", "where", "since", "though"];
/// Verbs after which the source may follow (", said X").
const INVERTIBLE: &[&str] = &["said", "says", "added", "reported"];
/// A subject starting with one of these is a phrase of place or time, not a source.
const PREPOSITIONS: &[&str] = &["of", "in", "on", "at", "from", "for", "with", "by", "to", "into", "across", "over"];

fn is_word(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_alphanumeric)
}

pub fn attributions(tokens: &[Token], words: &[&str], text: &str, lexicon: &Lexicon) -> Vec<Found> {
    let mut found = Vec::new();
    // "according to X"
    for at in 0..words.len().saturating_sub(1) {
        if words[at] == "according" && words[at + 1] == "to" {
            let end = phrase_end(words, at + 2);
            if end > at + 2
                && let Some(attribution) = classify(tokens, words, text, at + 2, end)
            {
                found.push(Found { at, attribution });
            }
        }
    }
    // "the government's death toll stood at 417": whose toll it is.
    for at in 1..words.len() {
        if !matches!(words[at], "toll" | "tally" | "count" | "estimate" | "figures" | "figure") {
            continue;
        }
        let mut owner_end = at;
        if owner_end >= 2 && words[owner_end - 1] == "death" {
            owner_end -= 1;
        }
        let owner = owner_end - 1;
        let raw = &text[tokens[owner].start..tokens[owner].end];
        if raw.ends_with("'s") || raw.ends_with("\u{2019}s") {
            let mut start = owner;
            while start > 0 && is_word(words[start - 1]) && owner - start < 6 && !STOP_WORDS.contains(&words[start - 1])
            {
                start -= 1;
            }
            if let Some(Attribution::Named(name)) = classify(tokens, words, text, start, owner + 1) {
                let name = name.trim_end_matches("'s").trim_end_matches("\u{2019}s").to_owned();
                found.push(Found { at, attribution: Attribution::Named(name) });
            }
        }
    }
    // "the 1,000 dead claimed by rebel leaders", "a toll given by the ministry": the agent of a
    // passive report.
    for at in 0..words.len().saturating_sub(1) {
        // "claimed by" is a source only after a figure ("the 1,000 dead claimed by rebels"),
        // not after an attack ("the attack, claimed by Islamic State") or a cause.
        let claimed_figure = words[at] == "claimed"
            && at.checked_sub(1).is_some_and(|b| {
                matches!(
                    words[b],
                    "dead" | "deaths" | "toll" | "figure" | "figures" | "number" | "tally" | "casualties"
                )
            });
        let passive = claimed_figure
            || matches!(words[at], "reported" | "given" | "announced" | "cited" | "compiled" | "recorded");
        if passive && words[at + 1] == "by" {
            let end = phrase_end(words, at + 2);
            if end > at + 2
                && let Some(attribution) = classify(tokens, words, text, at + 2, end)
            {
                found.push(Found { at, attribution });
            }
        }
    }
    for (at, word) in words.iter().enumerate() {
        if !lexicon.source_verbs.contains(*word) {
            continue;
        }
        if let Some(attribution) = subject_before(tokens, words, text, at, lexicon) {
            found.push(Found { at, attribution });
            continue;
        }
        if INVERTIBLE.contains(word) {
            let end = phrase_end(words, at + 1);
            if end > at + 1
                && let Some(attribution) = classify(tokens, words, text, at + 1, end)
            {
                found.push(Found { at, attribution });
            }
        }
    }
    found
}

/// The subject of a reporting verb: the words before it back to a boundary; after a comma, the
/// name before an apposition ("Shafiqul Islam Chowdhury, the refugee commissioner, told").
fn subject_before(tokens: &[Token], words: &[&str], text: &str, at: usize, lexicon: &Lexicon) -> Option<Attribution> {
    if at == 0 {
        return None;
    }
    let mut before = at - 1;
    while before > 0 && matches!(words[before], "have" | "has" | "had" | "also" | "then" | "later" | "earlier") {
        before -= 1;
    }
    if PRONOUNS.contains(&words[before]) {
        return Some(Attribution::Pronoun);
    }
    // A participle before a measure is not a report: "confirmed deaths", "reported missing".
    if words
        .get(at + 1)
        .is_some_and(|_| lexicon.triggers.at(words, at + 1).is_some() || lexicon.nouns.at(words, at + 1).is_some())
    {
        return None;
    }
    let walk_back = |end: usize, through_clauses: bool| {
        let mut start = end;
        while start > 0 {
            let previous = words[start - 1];
            // "(OCHA)": an aside inside the name.
            if previous == ")"
                && let Some(open) = (0..start - 1).rev().find(|&i| words[i] == "(")
                && start - 1 - open <= 4
            {
                start = open;
                continue;
            }
            // "Ministry of Migration and Displacement": "and" inside a name does not end it.
            let and_in_name = previous == "and" && start < end && tokens[start].capitalized;
            let stop = !is_word(previous)
                || (!through_clauses && STOP_WORDS.contains(&previous) && !and_in_name)
                || lexicon.source_verbs.contains(previous)
                || end - start >= if through_clauses { 2 * MAX_SOURCE_TOKENS } else { MAX_SOURCE_TOKENS };
            if stop {
                break;
            }
            start -= 1;
        }
        start
    };
    let is_name = |start: usize, end: usize| {
        let capitalized = (start..end).filter(|i| tokens[*i].capitalized).count();
        end > start && capitalized * 2 > end - start
    };
    let (start, end) = if words[at - 1] == "," && at >= 2 {
        // "NAME, the commissioner, told" or "The director, NAME, said": the name is the source.
        let apposition_end = at - 1;
        let apposition_start = walk_back(apposition_end, true);
        if apposition_start >= 2 && words[apposition_start - 1] == "," {
            let first_end = apposition_start - 1;
            let first_start = walk_back(first_end, false);
            if is_name(apposition_start, apposition_end) && !is_name(first_start, first_end) {
                (apposition_start, apposition_end)
            } else if first_start < first_end {
                (first_start, first_end)
            } else {
                (apposition_start, apposition_end)
            }
        } else {
            (apposition_start, apposition_end)
        }
    } else {
        (walk_back(at, false), at)
    };
    if start >= end {
        return None;
    }
    let subject = &words[start..end];
    if PREPOSITIONS.contains(&subject[0])
        || subject.iter().any(|w| *w == "that" || *w == "who")
        || (start..end).any(|i| !tokens[i].capitalized && lexicon.triggers.at(words, i).is_some())
    {
        return None;
    }
    classify(tokens, words, text, start, end)
}

/// The end (exclusive) of a noun phrase starting at `start`: up to punctuation or a time word.
fn phrase_end(words: &[&str], start: usize) -> usize {
    let mut end = start;
    while end < words.len() && end - start < MAX_SOURCE_TOKENS {
        let word = words[end];
        if !is_word(word) || matches!(word, "on" | "that" | "in" | "yesterday" | "today" | "late" | "earlier" | "as") {
            break;
        }
        end += 1;
    }
    end
}

/// A source phrase as written, without trailing time words ("the state government on Monday");
/// None when the words cannot be a source (a number, a modal, a negation, only small words).
fn classify(tokens: &[Token], words: &[&str], text: &str, start: usize, mut end: usize) -> Option<Attribution> {
    const TIME: &[&str] = &[
        "on",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "yesterday",
        "today",
        "earlier",
        "later",
        "also",
        "separately",
        "previously",
        "had",
        "has",
        "have",
        "last",
        "night",
        "week",
    ];
    const NOT_IN_A_SOURCE: &[&str] =
        &["not", "could", "would", "may", "might", "be", "been", "was", "were", "is", "are", "will", "which"];
    while end > start + 1 && TIME.contains(&words[end - 1]) {
        end -= 1;
    }
    let phrase = &words[start..end];
    if phrase.len() == 1 && PRONOUNS.contains(&phrase[0]) {
        return Some(Attribution::Pronoun);
    }
    if BACK_REFERENCES.contains(&phrase.join(" ").as_str()) {
        return Some(Attribution::Pronoun);
    }
    let meaningful =
        phrase.iter().any(|w| w.len() > 2 && w.chars().all(char::is_alphabetic) && !matches!(*w, "the" | "and"));
    let has_number = phrase.iter().any(|w| w.starts_with(|c: char| c.is_ascii_digit()));
    if !meaningful || has_number || phrase.iter().any(|w| NOT_IN_A_SOURCE.contains(w)) {
        return None;
    }
    let written = &text[tokens[start].start..tokens[end - 1].end];
    let mut name = written.trim_matches(|c: char| !c.is_alphanumeric()).to_owned();
    // "(OCHA)" keeps its closing bracket.
    if name.matches('(').count() > name.matches(')').count() {
        name.push(')');
    }
    Some(Attribution::Named(name))
}
