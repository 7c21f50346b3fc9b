//! Plain-text articles: no metadata; a short first line followed by a blank line is the title.

use crate::raw::RawArticle;

/// A title is a headline, not a sentence: at most this many characters and words.
const MAX_TITLE_CHARS: usize = 150;
const MAX_TITLE_WORDS: usize = 25;

pub(crate) fn parse_text(text: String, origin: String) -> RawArticle {
    let (title, body) = split_title(&text);
    RawArticle { title, text: body, origin, ..RawArticle::default() }
}

fn split_title(text: &str) -> (Option<String>, String) {
    let trimmed = text.trim_start_matches(['\u{feff}', '\n', '\r', ' ']);
    let Some((first_line, rest)) = trimmed.split_once('\n') else {
        return (None, text.to_owned());
    };
    let first_line = first_line.trim();
    let followed_by_blank = rest.trim_start_matches([' ', '\t', '\r']).starts_with('\n');
    let is_headline = first_line.chars().count() <= MAX_TITLE_CHARS
        && first_line.split_whitespace().count() <= MAX_TITLE_WORDS
        && !first_line.ends_with(['.', ',', ';', ':']);
    if followed_by_blank && is_headline && !first_line.is_empty() {
        (Some(first_line.to_owned()), rest.trim_start().to_owned())
    } else {
        (None, text.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_then_blank_line_is_the_title() {
        let (title, body) = split_title("Turkey says 8,000 Syrians flee\n\nANKARA - About 8,000 refugees.");
        assert_eq!(title.as_deref(), Some("Turkey says 8,000 Syrians flee"));
        assert_eq!(body, "ANKARA - About 8,000 refugees.");
    }

    #[test]
    fn a_first_sentence_is_not_a_title() {
        let text = "About 8000 refugees fleeing violence in Syria crossed into Turkey.\n\nRebels advanced.";
        assert_eq!(split_title(text), (None, text.to_owned()));
        let no_blank = "Short headline\nBody follows directly.";
        assert_eq!(split_title(no_blank), (None, no_blank.to_owned()));
    }
}
