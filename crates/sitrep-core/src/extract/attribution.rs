//! Who a sentence says its figures come from: "X said", "said X", "according to X", "X says",
//! "X told Y", "X reported"; a pronoun ("he said", "it said") stands for the source named before.

use super::lexicon::Lexicon;
use super::tokens::Token;

/// The longest attribution taken as a source, in tokens.
const MAX_SOURCE_TOKENS: usize = 12;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attribution {
    Named(String),
    Pronoun,
}

const PRONOUNS: &[&str] = &["he", "she", "it", "they", "we", "i", "officials"];
/// Words that end a source phrase when walking back from the verb.
const STOP_WORDS: &[&str] = &["and", "but", "while", "as", "that", "which", "who", "because", "when", "after"];

pub fn attribution(tokens: &[Token], words: &[&str], text: &str, lexicon: &Lexicon) -> Option<Attribution> {
    // "according to X"
    if let Some(at) = words.windows(2).position(|w| w == ["according", "to"]) {
        let end = phrase_end(words, at + 2);
        if end > at + 2 {
            return Some(named(tokens, text, at + 2, end));
        }
    }
    for (at, word) in words.iter().enumerate() {
        if !lexicon.source_verbs.contains(*word) {
            continue;
        }
        // "X said": walk back over words to a comma, quote, sentence start or conjunction.
        let mut start = at;
        while start > 0 {
            let previous = words[start - 1];
            let is_word = previous.chars().next().is_some_and(char::is_alphanumeric);
            if !is_word || STOP_WORDS.contains(&previous) || at - start >= MAX_SOURCE_TOKENS {
                break;
            }
            start -= 1;
        }
        // Time and place words after the subject are not part of it ("officials on Friday said").
        if start < at {
            let subject = &words[start..at];
            if subject.len() == 1 && PRONOUNS.contains(&subject[0]) {
                return Some(Attribution::Pronoun);
            }
            if subject.iter().any(|w| w.chars().all(|c| c.is_ascii_digit() || c == ',')) {
                continue;
            }
            return Some(named(tokens, text, start, at));
        }
        // ", said X" (inverted, after a quote or a clause).
        let end = phrase_end(words, at + 1);
        if end > at + 1 {
            let subject = &words[at + 1..end];
            if subject.len() == 1 && PRONOUNS.contains(&subject[0]) {
                return Some(Attribution::Pronoun);
            }
            return Some(named(tokens, text, at + 1, end));
        }
    }
    None
}

/// The end (exclusive) of a noun phrase starting at `start`: up to punctuation or a time word.
fn phrase_end(words: &[&str], start: usize) -> usize {
    let mut end = start;
    while end < words.len() && end - start < MAX_SOURCE_TOKENS {
        let word = words[end];
        let is_word = word.chars().next().is_some_and(char::is_alphanumeric);
        if !is_word || matches!(word, "on" | "that" | "in" | "yesterday" | "today" | "late" | "earlier") {
            break;
        }
        end += 1;
    }
    end
}

fn named(tokens: &[Token], text: &str, start: usize, end: usize) -> Attribution {
    let phrase = &text[tokens[start].start..tokens[end - 1].end];
    Attribution::Named(phrase.trim_matches(|c: char| !c.is_alphanumeric()).to_owned())
}
