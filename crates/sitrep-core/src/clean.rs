//! Cleaning: from the text as scraped to the text every later stage reads.
//!
//! Invariant: cleaning only removes debris and normalizes characters; it never rewrites a sentence
//! of the story. Paragraph boundaries survive as one blank line (`\n\n`) between paragraphs.
//!
//! The debris rules are data (`data/debris.tsv`), so adding a rule is adding a line.

use regex::{Regex, RegexBuilder};
use rustc_hash::FxHashSet as HashSet;
use std::borrow::Cow;
use std::sync::OnceLock;

/// Paragraphs longer than this are never tested against the whole-paragraph debris rules: debris
/// lines are short, and a long paragraph that mentions "subscribe" is a story paragraph.
const MAX_DEBRIS_PARAGRAPH_CHARS: usize = 300;

const DEBRIS_RULES: &str = include_str!("../data/debris.tsv");

struct DebrisRules {
    /// One alternation of every `line` rule, anchored at both ends.
    line: Regex,
    /// Every `caption` rule, anchored at both ends.
    caption: Regex,
    /// Every `inline` rule (unanchored).
    inline: Regex,
}

fn debris_rules() -> &'static DebrisRules {
    static RULES: OnceLock<DebrisRules> = OnceLock::new();
    RULES.get_or_init(|| {
        let mut by_kind: [(&str, Vec<&str>); 3] =
            [("line", Vec::new()), ("caption", Vec::new()), ("inline", Vec::new())];
        for line in DEBRIS_RULES.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((kind, pattern)) = line.split_once('\t') else {
                panic!("data/debris.tsv: rule without a tab: {line:?}");
            };
            match by_kind.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, patterns)) => patterns.push(pattern),
                None => panic!("data/debris.tsv: unknown rule kind {kind:?}"),
            }
        }
        let build = |patterns: &[&str], anchored: bool| {
            let alternation = patterns.iter().map(|p| format!("(?:{p})")).collect::<Vec<_>>().join("|");
            let source = if anchored { format!("^(?:{alternation})$") } else { alternation };
            // The rules ship with the binary and are checked by the tests: a bad one is our bug.
            #[allow(clippy::expect_used)] // a compile-time asset, not input
            RegexBuilder::new(&source)
                .case_insensitive(true)
                .size_limit(1 << 24)
                .build()
                .expect("data/debris.tsv holds a regex that does not compile")
        };
        DebrisRules {
            line: build(&by_kind[0].1, true),
            caption: build(&by_kind[1].1, true),
            inline: build(&by_kind[2].1, false),
        }
    })
}

/// Cleans scraped text: unescapes, normalizes characters, rebuilds paragraphs and drops debris.
pub fn clean_text(raw: &str) -> String {
    // Most texts have nothing to unescape or normalize: both steps then borrow, not copy.
    let unescaped = unescaped(raw);
    let normalized = normalized_characters(&unescaped);
    let rules = debris_rules();
    // Paragraphs seen, by the 64-bit hash of their key (one buffer for every key, no copy kept).
    let mut seen: HashSet<u64> = HashSet::default();
    let mut key = String::new();
    let mut key_hash = |paragraph: &str| {
        key.clear();
        write_paragraph_key(paragraph, &mut key);
        xxhash_rust::xxh3::xxh3_64(key.as_bytes())
    };
    let mut kept: Vec<String> = Vec::new();
    let paragraphs = paragraphs(&normalized);
    for (index, paragraph) in paragraphs.iter().enumerate() {
        if rules.caption.is_match(paragraph) || is_credited_caption_pair(&paragraphs, index) {
            // The caption goes, and so do its repeats with or without the credit.
            seen.insert(key_hash(paragraph));
            seen.insert(key_hash(&rules.inline.replace_all(paragraph, "")));
            continue;
        }
        let paragraph = rules.inline.replace_all(paragraph, "");
        let paragraph = paragraph.trim();
        if paragraph.is_empty() || is_debris(paragraph, rules) {
            continue;
        }
        // A paragraph repeated verbatim is template debris (or a repeated caption): keep the first.
        if !seen.insert(key_hash(paragraph)) {
            continue;
        }
        kept.push(paragraph.to_owned());
    }
    kept.join("\n\n")
}

/// Agencies whose name follows a photo caption as its credit.
const PHOTO_CREDITS: &[&str] =
    &["reuters", "ap", "afp", "epa", "getty images", "getty", "ap photo", "afp photo", "file"];

/// A caption printed twice, the second time with the agency's credit after it ("Children pose at
/// a camp in Hatay province" / "Children pose at a camp in Hatay province Reuters"): both go.
fn is_credited_caption_pair(paragraphs: &[String], index: usize) -> bool {
    let is_pair = |caption: &str, credited: &str| {
        caption.len() >= 20
            && !caption.ends_with(['.', '!', '?', '"'])
            && credited
                .strip_prefix(caption)
                .map(|credit| credit.trim().trim_matches(['(', ')']).to_lowercase())
                .is_some_and(|credit| PHOTO_CREDITS.contains(&credit.as_str()))
    };
    let current = paragraphs[index].as_str();
    let next_pairs = paragraphs.get(index + 1).is_some_and(|next| is_pair(current, next));
    let previous_pairs = index > 0 && is_pair(&paragraphs[index - 1], current);
    next_pairs || previous_pairs
}

/// Drops a first paragraph that only repeats the headline (pages and feeds often print the title
/// again above the body); a text that is nothing but its headline keeps it.
pub fn drop_repeated_title(text: String, title: Option<&str>) -> String {
    let Some(title) = title else { return text };
    match text.split_once("\n\n") {
        Some((first, rest)) if paragraph_key(first) == paragraph_key(title) => rest.to_owned(),
        _ => text,
    }
}

fn is_debris(paragraph: &str, rules: &DebrisRules) -> bool {
    if paragraph.chars().count() <= MAX_DEBRIS_PARAGRAPH_CHARS && rules.line.is_match(paragraph) {
        return true;
    }
    is_menu(paragraph) || !paragraph.chars().any(char::is_alphanumeric)
}

/// A line of navigation: many short items separated by bars or bullets ("Home | World | Sport | …").
fn is_menu(paragraph: &str) -> bool {
    let items: Vec<&str> = paragraph.split(['|', '•', '·', '»']).map(str::trim).collect();
    items.len() >= 4 && items.iter().all(|item| item.split_whitespace().count() <= 4)
}

/// Paragraphs compare equal when they differ only in case and spacing.
fn paragraph_key(paragraph: &str) -> String {
    let mut key = String::with_capacity(paragraph.len());
    write_paragraph_key(paragraph, &mut key);
    key
}

/// `paragraph_key`, appended to `key`.
fn write_paragraph_key(paragraph: &str, key: &mut String) {
    let start = key.len();
    for word in paragraph.split_whitespace() {
        if key.len() > start {
            key.push(' ');
        }
        if word.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) {
            key.extend(word.chars().flat_map(char::to_lowercase));
        } else {
            key.push_str(word);
        }
    }
}

/// Undoes the escaping that scrapers leave behind: backslash-escaped quotes and slashes, and HTML
/// entities (`&amp;`, `&#39;`, `&nbsp;`…).
pub fn unescape(raw: &str) -> String {
    unescaped(raw).into_owned()
}

fn unescaped(raw: &str) -> Cow<'_, str> {
    if !raw.contains(['\\', '&']) {
        return Cow::Borrowed(raw);
    }
    let mut text = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&next) = chars.peek()
            && matches!(next, '\'' | '"' | '/')
        {
            text.push(next);
            chars.next();
            continue;
        }
        text.push(c);
    }
    Cow::Owned(if text.contains('&') { html_escape::decode_html_entities(&text).into_owned() } else { text })
}

/// One style of quotes, spaces and line ends: typographic quotes become ASCII quotes, the many
/// Unicode spaces become a space, invisible characters go.
pub fn normalize_characters(text: &str) -> String {
    normalized_characters(text).into_owned()
}

/// Printable ASCII and line feeds: the bytes `normalize_characters` keeps as they are.
fn is_plain_byte(byte: u8) -> bool {
    (0x20..0x7F).contains(&byte) || byte == b'\n'
}

fn normalized_characters(text: &str) -> Cow<'_, str> {
    if text.bytes().all(is_plain_byte) {
        return Cow::Borrowed(text);
    }
    let mut normalized = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        // Runs of plain bytes are copied whole; the character after a run decides its own fate.
        let plain = rest.bytes().position(|b| !is_plain_byte(b)).unwrap_or(rest.len());
        normalized.push_str(&rest[..plain]);
        rest = &rest[plain..];
        let mut chars = rest.chars();
        let Some(c) = chars.next() else { break };
        rest = chars.as_str();
        if c == '\r' {
            // A CR LF pair is one line end.
            rest = rest.strip_prefix('\n').unwrap_or(rest);
        }
        normalized.extend(normalized_character(c));
    }
    Cow::Owned(normalized)
}

/// What one character becomes (nothing, for invisible and control characters). A CR becomes a
/// line feed; the caller drops the LF of a CR LF pair.
fn normalized_character(c: char) -> Option<char> {
    match c {
        '\r' => Some('\n'),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}' | '\u{00BB}' => Some('"'),
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => Some('\''),
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => None,
        '\t' | '\u{000B}' | '\u{000C}' => Some(' '),
        '\u{2028}' | '\u{2029}' | '\u{0085}' => Some('\n'),
        c if c.is_whitespace() && c != '\n' => Some(' '),
        c if c.is_control() && c != '\n' => None,
        c => Some(c),
    }
}

/// Splits text into paragraphs with inner whitespace collapsed.
///
/// Blank lines always separate paragraphs. Within a block of consecutive lines, a text whose lines
/// are hard-wrapped (wire copy such as Reuters-21578, wrapped near 70 columns) has its lines joined,
/// breaking only at indented lines; a block of long lines (web text, one paragraph per line) keeps
/// each line as its own paragraph.
pub fn paragraphs(text: &str) -> Vec<String> {
    let mut paragraphs = Vec::new();
    for block in text.split("\n\n") {
        let lines: Vec<&str> = block.lines().filter(|l| !l.trim().is_empty()).collect();
        if lines.is_empty() {
            continue;
        }
        if is_hard_wrapped(&lines) {
            let mut current = String::new();
            for (i, line) in lines.iter().enumerate() {
                let indented = i > 0 && line.starts_with("  ");
                if indented && !current.is_empty() {
                    paragraphs.push(collapse_whitespace(&current));
                    current.clear();
                }
                current.push(' ');
                current.push_str(line);
            }
            paragraphs.push(collapse_whitespace(&current));
        } else {
            // One paragraph per line, except that a line broken mid-sentence ("… personnel were" /
            // "killed in the town.") continues on the next.
            let mut current = String::new();
            for line in &lines {
                let continues = !current.is_empty()
                    && !current.trim_end().ends_with(['.', '!', '?', ':', '"', '\''])
                    && line.trim_start().starts_with(char::is_lowercase);
                if !continues && !current.is_empty() {
                    paragraphs.push(collapse_whitespace(&current));
                    current.clear();
                }
                current.push(' ');
                current.push_str(line);
            }
            paragraphs.push(collapse_whitespace(&current));
        }
    }
    paragraphs.retain(|p| !p.is_empty());
    paragraphs
}

/// Lines that all stop short of a typical width, most of them without ending a sentence.
fn is_hard_wrapped(lines: &[&str]) -> bool {
    if lines.len() < 3 {
        return false;
    }
    let widths: Vec<usize> = lines.iter().map(|l| l.trim_end().chars().count()).collect();
    let max_width = widths.iter().copied().max().unwrap_or(0);
    if !(40..=100).contains(&max_width) {
        return false;
    }
    let open_ended = lines[..lines.len() - 1]
        .iter()
        .filter(|l| !l.trim_end().ends_with(['.', '!', '?', '"', '\'', ':', ')']))
        .count();
    open_ended * 2 >= lines.len() - 1
}

fn collapse_whitespace(text: &str) -> String {
    let mut collapsed = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !collapsed.is_empty() {
            collapsed.push(' ');
        }
        collapsed.push_str(word);
    }
    collapsed
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (raw, cleaned): adding a case is adding a line.
    const CASES: &[(&str, &str)] = &[
        ("Click for full JPost coverage\nTen people died.", "Ten people died."),
        ("Loading article content\n\nTen people died.", "Ten people died."),
        ("He said \\'no\\' and \\\"yes\\\" on 1\\/26\\/11.", "He said 'no' and \"yes\" on 1/26/11."),
        ("Tom &amp; Jerry&#39;s &quot;show&quot;", "Tom & Jerry's \"show\""),
        ("\u{201C}We fled,\u{201D} she said\u{2019}s", "\"We fled,\" she said's"),
        ("A\u{00A0}B\u{200B}C\r\nD", "A BC\n\nD"),
        ("Advertisement\nTen people died.\nShare this: Facebook\nTwitter", "Ten people died."),
        ("Home | World | Sport | Business | Weather\nTen people died.", "Ten people died."),
        ("Ten died.\nTen died.\nTwo fled.", "Ten died.\n\nTwo fled."),
        ("Copyright 2016 WMC Action News 5. All rights reserved.\nTen died.", "Ten died."),
        ("Please enable Javascript to watch this video\nTen died.", "Ten died."),
        ("Sign up for one of our email newsletters.\nTen died.", "Ten died."),
        ("We use cookies to improve your experience. By continuing you accept our policy.\nTen died.", "Ten died."),
        (
            "The victim's name is being withheld pending notification of family.",
            "The victim's name is being withheld pending notification of family.",
        ),
        ("No arrests have been made.", "No arrests have been made."),
        ("  \n\n \t ", ""),
        (
            "Argentine grain board figures show\ncrop registrations of grains, oilseeds and their products to\nFebruary 11, in thousands of tonnes, showing those for future\n    Bread wheat prev 1,655.8, Feb 872.0",
            "Argentine grain board figures show crop registrations of grains, oilseeds and their products to February 11, in thousands of tonnes, showing those for future\n\nBread wheat prev 1,655.8, Feb 872.0",
        ),
    ];

    #[test]
    fn cleaning_cases() {
        for (raw, expected) in CASES {
            assert_eq!(clean_text(raw), *expected, "raw: {raw:?}");
        }
    }

    #[test]
    fn a_headline_repeated_above_the_body_goes() {
        let text = "Turkey says 8,000 flee\n\nANKARA - About 8,000 refugees.".to_owned();
        assert_eq!(
            drop_repeated_title(text.clone(), Some("Turkey says 8,000  flee")),
            "ANKARA - About 8,000 refugees."
        );
        assert_eq!(drop_repeated_title(text.clone(), Some("Another title")), text);
        assert_eq!(drop_repeated_title("Only a headline".into(), Some("Only a headline")), "Only a headline");
    }

    #[test]
    fn repeated_photo_caption_goes_entirely() {
        let raw = "Syrian refugees at Islahiye camp 370 (R) (photo credit: REUTERS/Osman Orsal)\n\
                   Syrian refugees at Islahiye camp 370 (R)\n\
                   (photo credit: REUTERS/Osman Orsal)\n\
                   ANKARA - About 8,000 refugees have crossed into Turkey.";
        assert_eq!(clean_text(raw), "ANKARA - About 8,000 refugees have crossed into Turkey.");
    }

    #[test]
    fn long_story_paragraph_mentioning_a_keyword_survives() {
        let story = "The ministry said it would subscribe to the UN appeal, and officials added that \
                     more than 2,000 people had crossed the border overnight, bringing the total in the \
                     camps to 8,538, while aid groups warned that cookies and bread were running out as \
                     the number of arrivals kept rising through the week and into the weekend, \
                     according to the Turkish Red Crescent.";
        assert_eq!(clean_text(story), story);
    }

    /// The character normalization one character at a time, as first written: the runs of
    /// plain bytes copied whole must give the same text.
    fn reference_normalize(text: &str) -> String {
        let mut normalized = String::with_capacity(text.len());
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\r' && chars.peek() == Some(&'\n') {
                chars.next();
            }
            normalized.extend(normalized_character(c));
        }
        normalized
    }

    proptest::proptest! {
        /// Copying plain runs whole gives what one character at a time gives.
        #[test]
        fn normalizing_by_runs_matches_the_reference(
            text in r"([a-z ]{0,8}|[\r\n\t\x00-\x1f\x7f]|[\u{2018}-\u{2060}\u{00A0}\u{00AD}\u{FEFF}]|\PC)*"
        ) {
            proptest::prop_assert_eq!(normalize_characters(&text), reference_normalize(&text));
        }

        #[test]
        fn cleaning_never_panics(raw in "(?s).{0,600}") {
            let _ = clean_text(&raw);
        }

        /// Without escapes (which may be nested, `&amp;lt;`), a second cleaning changes nothing.
        #[test]
        fn cleaning_is_idempotent(raw in "[^\\\\&]{0,400}") {
            let once = clean_text(&raw);
            proptest::prop_assert_eq!(clean_text(&once), once.clone());
        }
    }
}
