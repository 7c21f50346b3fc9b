//! Language identification of an article's text (whatlang: fast, and right on article-length text).

use crate::article::Language;

/// How much text the detector looks at: enough to be right on articles, bounded so a huge text
/// costs no more than a normal one.
const SAMPLE_BYTES: usize = 1024;
/// Below this many words whatlang is often wrong (a headline, a caption): call it undetermined.
const MIN_WORDS: usize = 8;
/// Below this many words its verdict is kept but never trusted to skip an article: whatlang
/// called a one-sentence Reuters brief ("Vitronics Corp said it plans to establish a plant in
/// Plymouth, England, to serve European customers.") French, "reliably".
const RELIABLE_WORDS: usize = 20;

pub fn detect_language(text: &str) -> Language {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    let n_words = sample.split_whitespace().take(RELIABLE_WORDS).count();
    if n_words < MIN_WORDS {
        return Language::undetermined();
    }
    if is_plainly_english(sample) {
        return Language { code: "eng".to_owned(), reliable: true };
    }
    if is_mostly_figures(sample) {
        return Language::undetermined();
    }
    match whatlang::detect(sample) {
        Some(info) => {
            Language { code: info.lang().code().to_owned(), reliable: info.is_reliable() && n_words >= RELIABLE_WORDS }
        }
        None => Language::undetermined(),
    }
}

/// English function words that are not words of the other languages written in Latin script
/// (no "a", "in", "is", "on", "die", "de": they are German, Dutch, Romance words too).
const ENGLISH_FUNCTION_WORDS: &[&str] = &[
    "the", "of", "and", "to", "was", "were", "for", "that", "with", "from", "said", "has", "have", "had", "which",
    "this", "are", "by", "its", "their", "would", "been", "after", "they", "who", "but",
];

/// A quick answer for the common case — plain English prose — before the trigram detector,
/// which costs more than all of cleaning: at least 20 words, "the" among them, and one word in
/// eight or more an English function word. Anything less plain goes to whatlang.
fn is_plainly_english(sample: &str) -> bool {
    let (mut n_words, mut n_function, mut n_the) = (0usize, 0usize, 0usize);
    for word in sample.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()) {
        n_words += 1;
        if word.len() > 5 || !word.is_ascii() {
            continue;
        }
        // Lowercased on the stack; a byte comparison with each function word (lengths first).
        let mut lower = [0u8; 5];
        for (slot, byte) in lower.iter_mut().zip(word.bytes()) {
            *slot = byte.to_ascii_lowercase();
        }
        let lower = &lower[..word.len()];
        if lower == b"the" {
            n_the += 1;
        }
        if ENGLISH_FUNCTION_WORDS.iter().any(|function| function.as_bytes() == lower) {
            n_function += 1;
        }
    }
    n_words >= 20 && n_the >= 1 && n_function * 8 >= n_words
}

/// A table of figures ("Shr 34 cts vs 1.19 dlrs / Net 807,000 vs 2,858,000"): one word in five
/// or more holds a digit (prose with figures has far fewer). Trigram detectors call such English
/// tables French or Portuguese, even "reliably" (241 of Reuters-21578's articles were skipped
/// so), and there is no prose to tell the language by: undetermined, so processed.
fn is_mostly_figures(sample: &str) -> bool {
    let (mut n_words, mut n_with_digits) = (0usize, 0usize);
    for word in sample.split_whitespace() {
        n_words += 1;
        n_with_digits += usize::from(word.bytes().any(|b| b.is_ascii_digit()));
    }
    n_with_digits * 5 >= n_words
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
    fn only_plain_english_takes_the_quick_path() {
        let english = "Syrian troops using tanks and helicopters pushed towards a northern town today after \
            arresting hundreds of people in villages near the border, residents said, as more refugees fled \
            to Turkey. The army said it was restoring order after the killing of 120 of its men.";
        assert!(is_plainly_english(english));
        for other in [
            // French, Spanish, German, Dutch, Italian, Portuguese news prose.
            "Les troupes syriennes ont progressé vers une ville du nord après avoir arrêté des centaines de \
             personnes dans les villages proches de la frontière, ont déclaré des habitants, alors que les réfugiés fuyaient.",
            "Las tropas sirias avanzaron hacia una ciudad del norte tras detener a cientos de personas en las \
             aldeas cercanas a la frontera, dijeron los residentes, mientras más refugiados huían a Turquía.",
            "Syrische Truppen sind mit Panzern und Hubschraubern in Richtung einer Stadt im Norden vorgerückt, \
             nachdem sie Hunderte Menschen in Dörfern nahe der Grenze festgenommen hatten, sagten Bewohner.",
            "Syrische troepen trokken met tanks en helikopters op naar een stad in het noorden nadat ze honderden \
             mensen in dorpen bij de grens hadden gearresteerd, zeiden bewoners, terwijl meer vluchtelingen vluchtten.",
            "Le truppe siriane sono avanzate verso una città del nord dopo aver arrestato centinaia di persone nei \
             villaggi vicino al confine, hanno detto i residenti, mentre altri profughi fuggivano in Turchia.",
            "As tropas sírias avançaram em direção a uma cidade do norte depois de prender centenas de pessoas em \
             aldeias perto da fronteira, disseram os moradores, enquanto mais refugiados fugiam para a Turquia.",
        ] {
            assert!(!is_plainly_english(other), "{other}");
            assert_ne!(detect_language(other).code, "eng", "{other}");
        }
    }

    /// The quick path must say what whatlang says on real news: every article of the shared
    /// corpora it answers is checked against the detector.
    #[test]
    fn the_quick_path_agrees_with_whatlang_on_the_corpora() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
        let corpora = ["reuters21578/reuters21578.jsonl", "t17/t17_articles.jsonl", "gva-dev/articles.jsonl"];
        if !root.exists() {
            eprintln!("SKIPPED: {} is absent", root.display());
            return;
        }
        let (mut quick, mut disagree) = (0usize, Vec::new());
        for corpus in corpora {
            let text = std::fs::read_to_string(root.join(corpus)).unwrap_or_default();
            assert!(!text.is_empty(), "{corpus} is missing or empty");
            for line in text.lines() {
                let Ok(record) = serde_json::from_str::<serde_json::Value>(line) else { continue };
                let Some(body) = record.get("text").and_then(|t| t.as_str()) else { continue };
                let mut end = body.len().min(SAMPLE_BYTES);
                while !body.is_char_boundary(end) {
                    end -= 1;
                }
                let sample = &body[..end];
                if is_plainly_english(sample) {
                    quick += 1;
                    let said = whatlang::detect(sample).map(|info| info.lang().code());
                    if said != Some("eng") {
                        disagree.push(format!("{said:?}: {}", sample.chars().take(80).collect::<String>()));
                    }
                }
            }
        }
        eprintln!("{quick} articles on the quick path, {} of them not English to whatlang", disagree.len());
        assert!(quick > 20_000, "{quick} articles took the quick path; disagreements: {disagree:?}");
        assert!(
            disagree.len() * 1000 <= quick,
            "{} of {quick} disagree: {:?}",
            disagree.len(),
            &disagree[..disagree.len().min(10)]
        );
    }

    #[test]
    fn a_table_of_figures_is_undetermined_and_processed() {
        // Reuters-21578's earnings tables, which whatlang calls French, "reliably".
        for table in [
            "Shr loss 6.48 DLS VS PROFIT 23 CTS\n    Net loss 110.6 mln vs profit 4.1 mln\n    Revs 74.0 mln vs \
             152.0 mln\n    Year\n    Shr loss 6.52 dlrs vs profit 3.87 dlrs",
            "Parent Company net profit 12.8 mln Swiss francs vs 7.5 mln.\n    Orders received 2.21 billion francs \
             vs 2.61 billion.\n    Sales 2.25 billion francs vs 2.49 billion.",
        ] {
            let language = detect_language(table);
            assert_eq!(language.code, "und", "{table}");
            assert!(language.is_processed());
        }
        // Prose with figures in it is not a table: its language is still told.
        let french = detect_language(
            "Environ 8 000 réfugiés fuyant les violences en Syrie ont franchi la frontière turque au cours des \
             dernières 24 heures, a déclaré un responsable, et 120 soldats ont été tués depuis le 6 juin.",
        );
        assert_eq!(french.code, "fra");
    }

    #[test]
    fn a_short_text_is_never_skipped() {
        let brief =
            "Vitronics Corp said it plans to establish a plant in Plymouth, England, to serve European customers.";
        assert!(detect_language(brief).is_processed());
        // A French sentence is still French, but not sure enough to be skipped for it.
        let french = detect_language(
            "Environ 8 000 réfugiés syriens ont franchi la frontière turque, a déclaré un responsable.",
        );
        assert_eq!((french.code.as_str(), french.is_processed()), ("fra", true));
    }

    #[test]
    fn short_text_is_undetermined_and_processed() {
        let short = detect_language("Syria says");
        assert_eq!(short.code, "und");
        assert!(short.is_processed());
    }
}
