//! The figure rules' words, read once from `data/figure_lexicon.tsv`.

use crate::figure::{Measure, Qualifier};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

const LEXICON: &str = include_str!("../../data/figure_lexicon.tsv");

/// Phrases keyed by their first token, longest first.
pub struct Phrases<T> {
    by_first: HashMap<String, Vec<(Vec<String>, T)>>,
}

impl<T> Default for Phrases<T> {
    fn default() -> Self {
        Phrases { by_first: HashMap::default() }
    }
}

impl<T: Clone> Phrases<T> {
    fn add(&mut self, phrase: &str, value: T) {
        let tokens: Vec<String> = phrase.split(' ').map(str::to_owned).collect();
        let Some(first) = tokens.first().cloned() else { return };
        let list = self.by_first.entry(first).or_default();
        list.push((tokens, value));
        list.sort_by_key(|(tokens, _)| std::cmp::Reverse(tokens.len()));
    }

    /// The longest phrase starting at token `at`, with its length in tokens.
    pub fn at(&self, words: &[&str], at: usize) -> Option<(usize, T)> {
        let list = self.by_first.get(*words.get(at)?)?;
        list.iter()
            .find(|(tokens, _)| tokens.iter().enumerate().all(|(k, t)| words.get(at + k) == Some(&t.as_str())))
            .map(|(tokens, value)| (tokens.len(), value.clone()))
    }

    /// The longest phrase ending at token `last` (inclusive), with its length.
    pub fn ending_at(&self, words: &[&str], last: usize) -> Option<(usize, T)> {
        (0..=last.min(5)).rev().find_map(|back| {
            let start = last - back;
            self.at(words, start).filter(|(len, _)| start + len == last + 1)
        })
    }
}

pub struct Lexicon {
    pub triggers: Phrases<Measure>,
    pub nouns: Phrases<Measure>,
    pub people: HashSet<String>,
    /// People in the singular ("a man"), also counted as people.
    pub singular: HashSet<String>,
    pub units: HashSet<String>,
    pub others: Phrases<String>,
    pub before: HashMap<String, String>,
    pub negatives: Phrases<String>,
    pub blocks: Phrases<String>,
    pub qualifiers: Phrases<Qualifier>,
    pub modals: HashSet<String>,
    pub source_verbs: HashSet<String>,
    /// Words that say the displaced are staying somewhere ("living in", "remained in").
    pub presence: Phrases<()>,
}

pub fn lexicon() -> &'static Lexicon {
    static LEXICON_CELL: OnceLock<Lexicon> = OnceLock::new();
    LEXICON_CELL.get_or_init(|| parse(LEXICON))
}

/// Parses the lexicon. It ships with the binary and the tests read every line of it, so a
/// malformed line is our bug: it is skipped here and caught by `every_line_is_understood`.
fn parse(text: &str) -> Lexicon {
    let mut lexicon = Lexicon {
        triggers: Phrases::default(),
        nouns: Phrases::default(),
        people: HashSet::default(),
        singular: HashSet::default(),
        units: HashSet::default(),
        others: Phrases::default(),
        before: HashMap::default(),
        negatives: Phrases::default(),
        blocks: Phrases::default(),
        qualifiers: Phrases::default(),
        modals: HashSet::default(),
        source_verbs: HashSet::default(),
        presence: Phrases::default(),
    };
    for line in text.lines() {
        let _ = parse_line(line, &mut lexicon);
    }
    lexicon
}

fn parse_line(line: &str, lexicon: &mut Lexicon) -> Result<(), String> {
    if line.trim().is_empty() || line.starts_with('#') {
        return Ok(());
    }
    let mut fields = line.split('\t');
    let (Some(kind), Some(argument), Some(phrase), None) = (fields.next(), fields.next(), fields.next(), fields.next())
    else {
        return Err(format!("expected three tab-separated fields: {line:?}"));
    };
    let measure = || Measure::parse(argument).ok_or_else(|| format!("unknown measure {argument:?}"));
    match kind {
        "trigger" => lexicon.triggers.add(phrase, measure()?),
        "noun" => lexicon.nouns.add(phrase, measure()?),
        "people" => {
            lexicon.people.insert(phrase.to_owned());
        }
        "single" => {
            lexicon.singular.insert(phrase.to_owned());
            lexicon.people.insert(phrase.to_owned());
        }
        "unit" => {
            lexicon.units.insert(phrase.to_owned());
        }
        "other" => lexicon.others.add(phrase, argument.to_owned()),
        "before" => {
            lexicon.before.insert(phrase.to_owned(), argument.to_owned());
        }
        "negative" => lexicon.negatives.add(phrase, argument.to_owned()),
        "block" => lexicon.blocks.add(phrase, argument.to_owned()),
        "qualifier" => {
            let qualifier = Qualifier::parse(argument).ok_or_else(|| format!("unknown qualifier {argument:?}"))?;
            lexicon.qualifiers.add(phrase, qualifier);
        }
        "modal" => {
            lexicon.modals.insert(phrase.to_owned());
        }
        "source" => {
            lexicon.source_verbs.insert(phrase.to_owned());
        }
        "presence" => lexicon.presence.add(phrase, ()),
        _ => return Err(format!("unknown kind {kind:?}")),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_is_understood() {
        let mut lexicon = parse("");
        for line in LEXICON.lines() {
            assert_eq!(parse_line(line, &mut lexicon), Ok(()), "{line}");
        }
    }

    #[test]
    fn phrases_match_longest_first() {
        let words = ["the", "death", "toll", "rose"];
        assert_eq!(lexicon().triggers.at(&words, 1), Some((2, Measure::Killed)));
        assert_eq!(lexicon().triggers.ending_at(&words, 2), Some((2, Measure::Killed)));
        assert_eq!(lexicon().qualifiers.ending_at(&["at", "least"], 1), Some((2, Qualifier::AtLeast)));
    }
}
