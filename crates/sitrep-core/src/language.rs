//! Language identification of an article's text (whatlang: fast, and right on article-length text).

use crate::article::Language;

/// How much text the detector looks at: enough to be right on articles, bounded so a huge text
/// costs no more than a normal one.
const SAMPLE_BYTES: usize = 1024;
/// Below this many words whatlang is often wrong (a headline, a caption): call it undetermined.
const MIN_WORDS: usize = 8;

pub fn detect_language(text: &str) -> Language {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    if sample.split_whitespace().take(MIN_WORDS).count() < MIN_WORDS {
        return Language::undetermined();
    }
    match whatlang::detect(sample) {
        Some(info) => Language { code: info.lang().code().to_owned(), reliable: info.is_reliable() },
        None => Language::undetermined(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_and_french() {
        let english = detect_language(
            "About 8,000 refugees fleeing violence in Syria have crossed into Turkey in the last 24 hours, a Turkish official said.",
        );
        assert_eq!(english.code, "eng");
        assert!(english.is_processed());
        let french = detect_language(
            "Environ 8 000 réfugiés fuyant les violences en Syrie ont franchi la frontière turque au cours des dernières vingt-quatre heures, a déclaré un responsable.",
        );
        assert_eq!(french.code, "fra");
        assert!(french.reliable);
        assert!(!french.is_processed());
    }

    #[test]
    fn short_text_is_undetermined_and_processed() {
        let short = detect_language("Syria says");
        assert_eq!(short.code, "und");
        assert!(short.is_processed());
    }
}
