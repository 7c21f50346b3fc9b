//! Sentences with their byte offsets in the cleaned text.

/// Words that end with a period without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "sgt", "capt", "maj", "cpl", "sen", "rep", "gov", "pres",
    "st", "mt", "ft", "no", "nos", "vs", "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "inc", "corp", "ltd", "co", "jr", "sr", "rev", "gen", "adm", "brig", "cmdr", "supt", "insp", "u.s",
    "u.n", "u.k", "a.m", "p.m", "e.g", "i.e",
];

/// A sentence: byte range in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    /// Index of the paragraph (blank-line separated) it belongs to.
    pub paragraph: usize,
}

/// Splits cleaned text (paragraphs separated by blank lines) into sentences.
pub fn sentences(text: &str) -> Vec<Sentence> {
    let mut result = Vec::new();
    let mut offset = 0;
    for (paragraph_index, paragraph) in text.split("\n\n").enumerate() {
        split_paragraph(paragraph, offset, paragraph_index, &mut result);
        offset += paragraph.len() + 2;
    }
    result
}

fn split_paragraph(paragraph: &str, base: usize, paragraph_index: usize, out: &mut Vec<Sentence>) {
    let bytes = paragraph.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if matches!(c, b'.' | b'!' | b'?' | b'\n') {
            // Include closing quotes and brackets.
            let mut end = i + 1;
            while end < bytes.len() && matches!(bytes[end], b'"' | b'\'' | b')') {
                end += 1;
            }
            let next_starts_sentence = {
                let rest = &paragraph[end..];
                let trimmed = rest.trim_start();
                let had_space = rest.len() > trimmed.len();
                c == b'\n'
                    || trimmed.is_empty()
                    || (had_space
                        && trimmed
                            .chars()
                            .next()
                            .is_some_and(|n| n.is_uppercase() || n.is_ascii_digit() || matches!(n, '"' | '\'' | '(')))
            };
            if next_starts_sentence && (c != b'.' || !is_abbreviation(&paragraph[start..i])) {
                push(paragraph, base, start, end, paragraph_index, out);
                start = end;
            }
            i = end;
            continue;
        }
        i += 1;
    }
    push(paragraph, base, start, bytes.len(), paragraph_index, out);
}

fn push(paragraph: &str, base: usize, start: usize, end: usize, paragraph_index: usize, out: &mut Vec<Sentence>) {
    let piece = &paragraph[start..end];
    let leading = piece.len() - piece.trim_start().len();
    let trailing = piece.len() - piece.trim_end().len();
    if piece.trim().is_empty() {
        return;
    }
    out.push(Sentence { start: base + start + leading, end: base + end - trailing, paragraph: paragraph_index });
}

/// Whether the text before a period ends with an abbreviation or an initial ("J." "U.S.").
fn is_abbreviation(before: &str) -> bool {
    let word = before.rsplit(|c: char| c.is_whitespace() || c == '(').next().unwrap_or("");
    let lower = word.to_lowercase();
    let lower = lower.trim_start_matches(['"', '\'']);
    (lower.chars().count() == 1 && lower.chars().all(char::is_alphabetic)) || ABBREVIATIONS.contains(&lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).iter().map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn splits_on_sentence_ends_not_abbreviations_or_numbers() {
        assert_eq!(
            split("Dr. Ali said 1.5 million fled. The U.S. Army said so! \"We ran,\" he said.\n\nNew paragraph"),
            vec!["Dr. Ali said 1.5 million fled.", "The U.S. Army said so!", "\"We ran,\" he said.", "New paragraph"]
        );
    }

    #[test]
    fn offsets_point_into_the_text() {
        let text = "One. Two.\n\nThree.";
        let found = sentences(text);
        assert_eq!(found.len(), 3);
        assert_eq!(&text[found[2].start..found[2].end], "Three.");
        assert_eq!(found[2].paragraph, 1);
    }
}
