//! The terms of an article, as the copy and story stages see it: content words, named things
//! (capitalized words: places, people, organisations), title words, and word shingles.
//!
//! Terms are identified by a 64-bit hash (xxh3 of the lowercased form, with a prefix per kind), so
//! the online indexes hold integers, not strings; a few surface forms are kept for story labels.

use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;
use std::sync::OnceLock;
use xxhash_rust::xxh3::xxh3_64;

const STOPWORDS: &str = include_str!("../data/stopwords.txt");
/// Shingle width for copy detection: three words catch trimmed and lightly edited copies
/// (seeds 001/003 share 46 % of 3-shingles but 39 % of 5-shingles) while two separately written
/// articles that quote one passage stay far apart (10 %).
pub const SHINGLE_WORDS: usize = 3;
/// Surface forms kept per article for labels.
const LABEL_FORMS: usize = 6;

// Looked up for every word of every article: the fast hash, not SipHash.
fn stopwords() -> &'static rustc_hash::FxHashSet<&'static str> {
    static WORDS: OnceLock<rustc_hash::FxHashSet<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| STOPWORDS.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect())
}

pub fn is_stopword(word: &str) -> bool {
    stopwords().contains(word)
}

/// A sparse vector of term counts, sorted by term hash.
pub type TermCounts = Vec<(u64, f32)>;

/// Dot product of two sparse vectors sorted by term.
pub fn sparse_dot(a: &TermCounts, b: &TermCounts) -> f32 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticleTerms {
    /// Content words of the body (stopwords, numbers and one- or two-letter words left out),
    /// lightly stemmed.
    pub words: TermCounts,
    /// Capitalized words and multi-word names ("jisr al-shughour") of the title and body.
    pub entities: TermCounts,
    /// Content words of the title.
    pub title: TermCounts,
    /// Hashes of the distinct word shingles of the body, sorted.
    pub shingles: Vec<u64>,
    /// The most frequent entity surface forms, for labels (most frequent first).
    pub entity_forms: Vec<(String, f32)>,
    /// The most frequent content words, for labels.
    pub word_forms: Vec<(String, f32)>,
}

/// Kinds of term share one hash space; a prefix byte keeps them apart.
fn term_hash(kind: u8, term: &str) -> u64 {
    // The same bytes as always (kind, then the term), on the stack for the usual short term.
    let mut buffer = [0u8; 64];
    if term.len() < buffer.len() {
        buffer[0] = kind;
        buffer[1..=term.len()].copy_from_slice(term.as_bytes());
        return xxh3_64(&buffer[..=term.len()]);
    }
    let mut bytes = Vec::with_capacity(term.len() + 1);
    bytes.push(kind);
    bytes.extend_from_slice(term.as_bytes());
    xxh3_64(&bytes)
}

/// A word lowercased, borrowed when it already is (most words of a text).
fn lowercase(word: &str) -> Cow<'_, str> {
    if word.bytes().all(|b| !b.is_ascii_uppercase() && b.is_ascii()) {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(word.to_lowercase())
    }
}

const WORD: u8 = b'w';
const ENTITY: u8 = b'e';
const TITLE: u8 = b't';

/// Words of a text: runs of letters and digits, with inner apostrophes and hyphens kept
/// ("al-Shughour", "Assad's" → "Assad").
pub fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = text;
    let mut offset = 0;
    std::iter::from_fn(move || {
        loop {
            let start = rest.find(|c: char| c.is_alphanumeric())?;
            let tail = &rest[start..];
            let mut end = tail.len();
            let mut chars = tail.char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                if c.is_alphanumeric() {
                    continue;
                }
                let joins = matches!(c, '-' | '\'' | '\u{2019}')
                    && chars.peek().is_some_and(|(_, next)| next.is_alphanumeric());
                if !joins {
                    end = i;
                    break;
                }
            }
            let mut word = &tail[..end];
            let word_start = offset + start;
            rest = &tail[end..];
            offset = word_start + end;
            if let Some(stem) = word.strip_suffix("'s").or_else(|| word.strip_suffix("\u{2019}s")) {
                word = stem;
            }
            if !word.is_empty() {
                return Some((word_start, word));
            }
        }
    })
}

/// The key under which spelling variants of a transliterated name meet: diacritics and Arabic
/// articles dropped, then the consonant skeleton (first letter kept, later vowels and h/w/y
/// dropped, doubled letters collapsed). Misrata / Misurata / Misratah → "msrt"; Shughour /
/// Shugur / Shughur → "sgr"; Deraa / Daraa / Dar'a → "dr". Words under four letters are kept whole.
pub fn name_key(word: &str) -> String {
    let folded: String = word.chars().filter_map(fold_letter).collect();
    let stem = ["al", "el", "ad", "ar", "as", "ash", "at", "an", "az", "ul"]
        .iter()
        .find_map(|article| folded.strip_prefix(article).filter(|rest| rest.len() >= 3 && word.contains('-')))
        .unwrap_or(&folded);
    let mut key = String::with_capacity(stem.len());
    for (i, c) in stem.chars().enumerate() {
        let dropped = i > 0 && matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'h' | 'w' | 'y');
        if !dropped && !key.ends_with(c) {
            key.push(c);
        }
    }
    if stem.len() >= 4 { key } else { stem.to_owned() }
}

/// Lowercase ASCII letter for a letter (diacritics and dotless i folded), None for the rest.
fn fold_letter(c: char) -> Option<char> {
    let lower = c.to_lowercase().next().unwrap_or(c);
    let folded = match lower {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ğ' | 'ġ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ı' | 'ī' | 'į' => 'i',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ř' => 'r',
        'ś' | 'š' | 'ş' | 'ș' => 's',
        'ť' | 'ţ' | 'ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        c if c.is_ascii_lowercase() || c.is_ascii_digit() => c,
        _ => return None,
    };
    Some(folded)
}

/// Plural and possessive endings folded: "refugees" → "refugee", "cities" → "city".
fn stem(word: &str) -> Cow<'_, str> {
    if word.len() > 4 {
        if let Some(base) = word.strip_suffix("ies") {
            return Cow::Owned(format!("{base}y"));
        }
        if word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us") && !word.ends_with("is") {
            return Cow::Borrowed(&word[..word.len() - 1]);
        }
    }
    Cow::Borrowed(word)
}

fn is_content_word(lower: &str) -> bool {
    lower.chars().count() >= 3 && !lower.chars().all(|c| c.is_ascii_digit() || c == '-') && !is_stopword(lower)
}

fn is_year(word: &str) -> bool {
    word.len() == 4 && (word.starts_with("19") || word.starts_with("20")) && word.bytes().all(|b| b.is_ascii_digit())
}

fn starts_uppercase(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// A word of a name: capitalized, or an Arabic article joined to a capitalized word ("al-Ain").
fn is_name_word(word: &str) -> bool {
    if starts_uppercase(word) {
        return true;
    }
    ["al-", "el-", "ad-", "ar-", "as-", "ash-", "at-", "an-", "az-"]
        .iter()
        .any(|prefix| word.strip_prefix(prefix).is_some_and(starts_uppercase))
}

/// An all-capitals text (Reuters-21578 headlines) has no case information for names.
fn mostly_uppercase(text: &str) -> bool {
    let letters = text.chars().filter(|c| c.is_alphabetic()).take(400);
    let (upper, total) = letters.fold((0, 0), |(u, t), c| (u + usize::from(c.is_uppercase()), t + 1));
    total > 20 && upper * 10 > total * 8
}

/// Counts of one kind of term, and the surface form each was first seen in. Forms borrow from
/// the text where they can: only the few kept for labels become strings of their own.
#[derive(Default)]
struct Counter<'text> {
    counts: HashMap<u64, f32>,
    forms: HashMap<u64, (Cow<'text, str>, f32)>,
}

impl<'text> Counter<'text> {
    fn add(&mut self, kind: u8, term: &str, form: Option<&Cow<'text, str>>) {
        let hash = term_hash(kind, term);
        *self.counts.entry(hash).or_insert(0.0) += 1.0;
        if let Some(form) = form {
            self.forms.entry(hash).or_insert_with(|| (form.clone(), 0.0)).1 += 1.0;
        }
    }

    fn into_sorted(self) -> (TermCounts, Vec<(String, f32)>) {
        let mut counts: TermCounts = self.counts.into_iter().collect();
        counts.sort_unstable_by_key(|(hash, _)| *hash);
        // Most frequent first, then by form. A form names one term (the term is a function of
        // the form), so no two compare equal and the first few are those a full sort puts first.
        let mut forms: Vec<(Cow<'text, str>, f32)> = self.forms.into_values().collect();
        let order =
            |a: &(Cow<'text, str>, f32), b: &(Cow<'text, str>, f32)| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0));
        if forms.len() > LABEL_FORMS {
            forms.select_nth_unstable_by(LABEL_FORMS - 1, order);
            forms.truncate(LABEL_FORMS);
        }
        forms.sort_by(order);
        (counts, forms.into_iter().map(|(form, count)| (form.into_owned(), count)).collect())
    }
}

pub fn article_terms(title: Option<&str>, text: &str) -> ArticleTerms {
    let mut word_counter = Counter::default();
    let mut entity_counter = Counter::default();
    let mut title_counter = Counter::default();
    let mut shingle_words: Vec<std::borrow::Cow<'_, str>> = Vec::new();

    let cased = !mostly_uppercase(text);
    // Names: runs of capitalized words, kept whole ("Ras al-Ain") and word by word.
    let mut run: Vec<&str> = Vec::new();
    let mut previous_end = 0usize;
    let flush = |run: &mut Vec<&str>, counter: &mut Counter| {
        // A lone capitalized stopword ("The", "But") is a sentence start, not a name.
        let names: Vec<&str> = run.iter().copied().filter(|w| !is_stopword(&w.to_lowercase())).collect();
        if !names.is_empty() {
            let keys: Vec<String> = names.iter().map(|name| name_key(name)).collect();
            for key in &keys {
                if key.chars().count() >= 2 {
                    counter.add(ENTITY, key, None);
                }
            }
            if names.len() > 1 || run.len() == 1 {
                counter.add(ENTITY, &format!("{} ", keys.join(" ")), Some(&Cow::Owned(names.join(" "))));
            }
        }
        run.clear();
    };
    for (start, word) in words(text) {
        let lower = lowercase(word);
        // A year names an event as much as a place does: 2005's hiring is not 2008's firing.
        if is_year(word) {
            entity_counter.add(ENTITY, &format!("year {word}"), None);
        }
        if is_content_word(&lower) {
            word_counter.add(WORD, &stem(&lower), Some(&lower));
        }
        if cased {
            // A run continues across spaces and "al-"/"of" joins, not across punctuation.
            let gap = &text[previous_end..start];
            let joined = gap.chars().all(|c| c == ' ');
            let connector = matches!(word, "al" | "el" | "de" | "of" | "bin" | "ibn");
            if is_name_word(word) && word.chars().count() >= 2 {
                if !joined && !run.is_empty() {
                    flush(&mut run, &mut entity_counter);
                }
                run.push(word);
            } else if connector && joined && !run.is_empty() {
                // keep the run open: "Bank of England"
            } else if !run.is_empty() {
                flush(&mut run, &mut entity_counter);
            }
        }
        previous_end = start + word.len();
        shingle_words.push(lower);
    }
    flush(&mut run, &mut entity_counter);
    if let Some(title) = title {
        let title_cased = cased && !mostly_uppercase(title);
        for (_, word) in words(title) {
            let lower = word.to_lowercase();
            if is_content_word(&lower) {
                title_counter.add(TITLE, &stem(&lower), None);
            }
            if title_cased && starts_uppercase(word) && !is_stopword(&lower) {
                entity_counter.add(ENTITY, &name_key(word), None);
            }
        }
    }

    // Each shingle hashes its words joined and ended by spaces ("one two three ").
    let mut bytes: Vec<u8> = Vec::with_capacity(64);
    let mut shingles: Vec<u64> = shingle_words
        .windows(SHINGLE_WORDS)
        .map(|window| {
            bytes.clear();
            for word in window {
                bytes.extend_from_slice(word.as_bytes());
                bytes.push(b' ');
            }
            xxh3_64(&bytes)
        })
        .collect();
    shingles.sort_unstable();
    shingles.dedup();

    let (words, word_forms) = word_counter.into_sorted();
    let (entities, entity_forms) = entity_counter.into_sorted();
    let (title, _) = title_counter.into_sorted();
    ArticleTerms { words, entities, title, shingles, entity_forms, word_forms }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn words_keep_inner_hyphens_and_drop_possessives() {
        let found: Vec<&str> =
            words("Assad's troops reached Jisr al-Shughour -- 8,000 fled.").map(|(_, w)| w).collect();
        assert_eq!(found, vec!["Assad", "troops", "reached", "Jisr", "al-Shughour", "8", "000", "fled"]);
    }

    #[test]
    fn names_are_found_whole_and_by_word() {
        let terms = article_terms(None, "Rebels took Ras al-Ain on Thursday. The town of Ras al-Ain is in Hasaka.");
        let forms: Vec<&str> = terms.entity_forms.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(forms[0], "Ras al-Ain");
        assert!(forms.contains(&"Hasaka"));
        assert!(!forms.iter().any(|f| f.starts_with("The")), "{forms:?}");
    }

    #[test]
    fn spelling_variants_of_a_name_share_a_key() {
        let same =
            |names: &[&str]| names.iter().map(|n| name_key(n)).collect::<std::collections::HashSet<_>>().len() == 1;
        assert!(same(&["Misrata", "Misurata", "Misratah", "MISRATA"]));
        assert!(same(&["al-Shughour", "al-Shugur", "al-Shughur"]));
        assert!(same(&["Deraa", "Daraa", "Dar'a"]));
        assert!(same(&["Homs", "Hims"]));
        assert!(same(&["Şanlıurfa", "Sanliurfa"]));
        assert!(same(&["Aarughat", "Arughat"]));
        assert!(!same(&["Odisha", "Orissa"]));
        assert!(!same(&["Rahman", "Thompson"]));
    }

    #[test]
    fn stemming_folds_plurals() {
        assert_eq!(stem("refugees"), "refugee");
        assert_eq!(stem("cities"), "city");
        assert_eq!(stem("class"), "class");
        assert_eq!(stem("news"), "news");
    }

    #[test]
    fn shingles_are_distinct_and_sorted() {
        let terms = article_terms(None, "one two three one two three one two three");
        assert_eq!(terms.shingles.len(), 3);
        assert!(terms.shingles.windows(2).all(|w| w[0] < w[1]));
    }
}
