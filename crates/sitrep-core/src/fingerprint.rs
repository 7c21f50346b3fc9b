//! Stable identities derived from text: the id of an article that came without one.

use xxhash_rust::xxh3::Xxh3Default;

/// Lowercased alphanumeric words joined by single spaces: the form two copies of one text share
/// even when whitespace, punctuation or quote styles differ.
pub fn normalize_for_hash(text: &str) -> String {
    let mut normalized = String::with_capacity(text.len());
    each_normalized_piece(text, |piece| normalized.push_str(piece));
    normalized
}

/// The normalized text in pieces, in order: each word lowercased (in one reused buffer when it
/// is not lowercase already) and the single spaces between words.
fn each_normalized_piece(text: &str, mut piece: impl FnMut(&str)) {
    let mut lowered = String::new();
    let mut first = true;
    for word in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        if !first {
            piece(" ");
        }
        first = false;
        if word.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
            piece(word);
        } else {
            lowered.clear();
            lowered.extend(word.chars().flat_map(char::to_lowercase));
            piece(&lowered);
        }
    }
}

/// A 64-bit hash of the normalized text, as 16 hex digits. Stable across runs and platforms
/// (xxh3 is a fixed, specified function), so it can serve as an id and be stored.
///
/// The normalized text is fed to the hash word by word rather than built first: streaming xxh3
/// gives the hash of the whole input however it is cut, so the value is the one of
/// `xxh3_64(normalize_for_hash(text))`, without that copy of every article.
pub fn content_hash(text: &str) -> String {
    let mut hasher = Xxh3Default::new();
    each_normalized_piece(text, |piece| hasher.update(piece.as_bytes()));
    format!("{:016x}", hasher.digest())
}

/// The id of an article whose input gave none.
pub fn article_id_from_text(text: &str) -> String {
    format!("h{}", content_hash(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_ignores_case_whitespace_and_punctuation() {
        assert_eq!(content_hash("Ten people  were killed."), content_hash("ten people were killed"));
        assert_ne!(content_hash("Ten people were killed"), content_hash("Ten people were hurt"));
    }

    proptest::proptest! {
        /// Streaming the words gives the hash of the normalized text built whole, at every
        /// length (xxh3 has separate paths below 16, 128 and 240 bytes and above).
        #[test]
        fn streamed_hash_is_the_hash_of_the_normalized_text(text in r"(\PC|[A-Za-z]{1,9}| |,){0,400}") {
            let whole = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(normalize_for_hash(&text).as_bytes()));
            proptest::prop_assert_eq!(content_hash(&text), whole);
        }
    }

    #[test]
    fn id_is_stable() {
        // A fixed value: if this changes, every stored id of a text-only article changes too.
        assert_eq!(article_id_from_text("hello world"), article_id_from_text("Hello, world!"));
        assert_eq!(article_id_from_text("").len(), 17);
    }
}
