//! Tokens of a sentence for the figure rules: words and numbers (with their inner `,` `.` `-`
//! `'` kept: "8,538", "1.2", "al-Ain", "33-year-old"), and punctuation marks, with byte offsets.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    /// Lowercased text (typographic apostrophes folded).
    pub lower: String,
    pub is_word: bool,
    pub capitalized: bool,
}

/// A word lowercased, typographic apostrophes folded, a possessive "'s" dropped: one
/// allocation, and no case mapping for the plain lowercase ASCII words most text is made of.
fn lowercase_word(word: &str) -> String {
    let mut lower =
        if word.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b',' || b == b'.') {
            word.to_owned()
        } else {
            let mut folded = String::with_capacity(word.len());
            for c in word.chars() {
                if c == '\u{2019}' {
                    folded.push('\'');
                } else {
                    folded.extend(c.to_lowercase());
                }
            }
            folded
        };
    if lower.ends_with("'s") {
        lower.truncate(lower.len() - 2);
    }
    lower
}

pub fn tokenize(text: &str) -> Vec<Token> {
    // Walks the text by byte offset, decoding each character where it is needed (no per-sentence
    // array of characters): a word's end is decided by the character at `j`, the one after it
    // and the one before it (`previous`).
    let char_at = |offset: usize| text.get(offset..).and_then(|rest| rest.chars().next());
    let mut tokens = Vec::new();
    let mut i = 0;
    while let Some(c) = char_at(i) {
        let start = i;
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        if c.is_alphanumeric() || c == '$' || c == '€' || c == '£' {
            let mut j = i + c.len_utf8();
            if !matches!(c, '$' | '€' | '£') {
                let mut previous = c;
                while let Some(d) = char_at(j) {
                    if d.is_alphanumeric() {
                        previous = d;
                        j += d.len_utf8();
                        continue;
                    }
                    let after = char_at(j + d.len_utf8()).filter(|a| a.is_alphanumeric());
                    match after {
                        Some(after)
                            if matches!(d, ',' | '.' | '-' | '\'' | '\u{2019}')
                                // "8,538" and "1.2" join only between digits; "-" and "'" join words.
                                && (!matches!(d, ',' | '.') || (previous.is_ascii_digit() && after.is_ascii_digit())) =>
                        {
                            previous = after;
                            j += d.len_utf8() + after.len_utf8();
                        }
                        _ => break,
                    }
                }
            }
            let word = &text[start..j];
            let lower = lowercase_word(word);
            tokens.push(Token { start, end: j, lower, is_word: true, capitalized: c.is_uppercase() });
            i = j;
        } else {
            let end = i + c.len_utf8();
            tokens.push(Token { start, end, lower: c.to_string(), is_word: false, capitalized: false });
            i = end;
        }
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The tokenizer as first written, over an array of characters: the walk by byte offset
    /// must give the same tokens.
    fn reference_tokenize(text: &str) -> Vec<Token> {
        let mut tokens = Vec::new();
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut i = 0;
        while i < chars.len() {
            let (start, c) = chars[i];
            if c.is_whitespace() {
                i += 1;
                continue;
            }
            if c.is_alphanumeric() || c == '$' || c == '€' || c == '£' {
                let mut j = i + 1;
                if !matches!(c, '$' | '€' | '£') {
                    while j < chars.len() {
                        let d = chars[j].1;
                        if d.is_alphanumeric() {
                            j += 1;
                        } else if matches!(d, ',' | '.' | '-' | '\'' | '\u{2019}')
                            && j + 1 < chars.len()
                            && chars[j + 1].1.is_alphanumeric()
                            && (!matches!(d, ',' | '.')
                                || (chars[j - 1].1.is_ascii_digit() && chars[j + 1].1.is_ascii_digit()))
                        {
                            j += 2;
                        } else {
                            break;
                        }
                    }
                }
                let end = chars.get(j).map_or(text.len(), |(offset, _)| *offset);
                let lower = lowercase_word(&text[start..end]);
                tokens.push(Token { start, end, lower, is_word: true, capitalized: c.is_uppercase() });
                i = j;
            } else {
                let end = chars.get(i + 1).map_or(text.len(), |(offset, _)| *offset);
                tokens.push(Token { start, end, lower: c.to_string(), is_word: false, capitalized: false });
                i += 1;
            }
        }
        tokens
    }

    proptest! {
        #[test]
        fn the_walk_by_offset_gives_the_reference_tokens(
            text in r"([a-zA-Z0-9]{1,6}|[ ,.'\u{2019}$€£-]|[\u{00C0}-\u{024F}\u{0600}-\u{06FF}]|\PC){0,40}"
        ) {
            prop_assert_eq!(tokenize(&text), reference_tokenize(&text));
        }
    }

    #[test]
    fn numbers_and_hyphenated_words_stay_whole() {
        let tokens: Vec<String> = tokenize("About 8,538 fled al-Ain's 1.2 million, the 33-year-old said.")
            .into_iter()
            .map(|t| t.lower)
            .collect();
        assert_eq!(
            tokens,
            vec!["about", "8,538", "fled", "al-ain", "1.2", "million", ",", "the", "33-year-old", "said", "."]
        );
    }
}
