//! Copy groups: MinHash signatures of word shingles, an LSH index over a sliding time window, and
//! a verification that tells a copy of one wire story from two articles that share a quote.
//!
//! Invariant: the index holds only articles within the copy window of the article being looked
//! up (copies are published within days of each other), so its size and the cost of a lookup do
//! not grow with the corpus.

use rustc_hash::FxHashMap as HashMap;
use std::collections::VecDeque;

/// Signature length: 128 values estimate a Jaccard similarity to about ±0.04.
pub const MINHASH_SIZE: usize = 128;
/// 64 bands of 2 rows: a pair with Jaccard 0.3 becomes a candidate with probability 0.998, one
/// with 0.05 with probability 0.15 (then rejected by verification, which is cheap).
const BANDS: usize = 64;
const ROWS: usize = MINHASH_SIZE / BANDS;

/// What makes two articles copies (on shingle sets estimated from their signatures): they share
/// most of their shingles, or the shorter one is mostly inside the longer (a trimmed copy).
const MIN_JACCARD: f64 = 0.30;
const MIN_CONTAINMENT: f64 = 0.60;
/// Buckets with more articles than this are skipped in lookups.
const MAX_BUCKET: usize = 64;
/// Below this many shingles a text is too short to call a copy (headlines, empty records).
const MIN_SHINGLES: u32 = 12;

/// The copy-detection sketch of one article: its MinHash signature and shingle-set size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopySketch {
    pub n_shingles: u32,
    pub minhash: Vec<u32>,
}

/// Fixed multiply-shift hash parameters, from a fixed seed: signatures are stored, so they must
/// never change between versions.
fn hash_parameters() -> &'static [(u64, u64); MINHASH_SIZE] {
    static PARAMETERS: std::sync::OnceLock<[(u64, u64); MINHASH_SIZE]> = std::sync::OnceLock::new();
    PARAMETERS.get_or_init(|| {
        let mut state: u64 = 0x5173_5245_5000_0001; // "sitrep" seed
        let mut next = || {
            // splitmix64
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        std::array::from_fn(|_| (next() | 1, next()))
    })
}

pub fn copy_sketch(shingles: &[u64]) -> CopySketch {
    let parameters = hash_parameters();
    let mut minhash = vec![u32::MAX; MINHASH_SIZE];
    // Permutation-outer loop: the shingle slice stays in cache, the inner loop vectorizes.
    for (slot, (a, b)) in minhash.iter_mut().zip(parameters.iter()) {
        let mut minimum = u32::MAX;
        for &shingle in shingles {
            let value = (a.wrapping_mul(shingle).wrapping_add(*b) >> 32) as u32;
            minimum = minimum.min(value);
        }
        *slot = minimum;
    }
    CopySketch { n_shingles: shingles.len().min(u32::MAX as usize) as u32, minhash }
}

impl CopySketch {
    /// Estimated Jaccard similarity and containment of the smaller set in the larger.
    pub fn similarity(&self, other: &CopySketch) -> (f64, f64) {
        let equal = self.minhash.iter().zip(&other.minhash).filter(|(a, b)| a == b).count();
        let jaccard = equal as f64 / MINHASH_SIZE as f64;
        let (a, b) = (f64::from(self.n_shingles), f64::from(other.n_shingles));
        let intersection = jaccard / (1.0 + jaccard) * (a + b);
        let containment = if a.min(b) > 0.0 { (intersection / a.min(b)).min(1.0) } else { 0.0 };
        (jaccard, containment)
    }

    pub fn is_copy_of(&self, other: &CopySketch) -> bool {
        if self.n_shingles < MIN_SHINGLES || other.n_shingles < MIN_SHINGLES {
            return false;
        }
        let (jaccard, containment) = self.similarity(other);
        jaccard >= MIN_JACCARD || containment >= MIN_CONTAINMENT
    }

    fn band_keys(&self) -> impl Iterator<Item = u64> + '_ {
        self.minhash.chunks(ROWS).enumerate().map(|(band, rows)| {
            let mut key = (band as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            for &row in rows {
                key = (key ^ u64::from(row)).wrapping_mul(0x100_0000_01B3);
            }
            key
        })
    }

    /// The signature as bytes for the store (little-endian u32s).
    pub fn minhash_bytes(&self) -> Vec<u8> {
        self.minhash.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    pub fn from_bytes(n_shingles: u32, bytes: &[u8]) -> Option<CopySketch> {
        if bytes.len() != MINHASH_SIZE * 4 {
            return None;
        }
        let minhash = bytes.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
        Some(CopySketch { n_shingles, minhash })
    }
}

/// An article in the copy index: its store key and publication time (seconds since the epoch).
#[derive(Debug, Clone)]
struct Entry {
    article: i64,
    published: Option<i64>,
    sketch: CopySketch,
}

/// The slots sharing one band value. Nearly every bucket holds one article (64 buckets per
/// article), so one slot is kept inline and a queue allocated only when a second arrives.
#[derive(Debug, Clone)]
enum Bucket {
    One(u64),
    Many(VecDeque<u64>),
}

impl Bucket {
    fn len(&self) -> usize {
        match self {
            Bucket::One(_) => 1,
            Bucket::Many(slots) => slots.len(),
        }
    }

    fn slots(&self) -> impl Iterator<Item = u64> + '_ {
        let (one, many) = match self {
            Bucket::One(slot) => (Some(*slot), None),
            Bucket::Many(slots) => (None, Some(slots.iter().copied())),
        };
        one.into_iter().chain(many.into_iter().flatten())
    }

    fn push(&mut self, slot: u64) {
        match self {
            Bucket::One(first) => *self = Bucket::Many(VecDeque::from([*first, slot])),
            Bucket::Many(slots) => slots.push_back(slot),
        }
    }

    /// Removes `slot`; true when the bucket is left empty.
    fn remove(&mut self, slot: u64) -> bool {
        match self {
            Bucket::One(only) => *only == slot,
            Bucket::Many(slots) => {
                if slots.front() == Some(&slot) {
                    slots.pop_front();
                } else {
                    slots.retain(|s| *s != slot);
                }
                slots.is_empty()
            }
        }
    }

    fn heap_bytes(&self) -> usize {
        match self {
            Bucket::One(_) => 0,
            Bucket::Many(slots) => slots.capacity() * 8,
        }
    }
}

/// The LSH index of the articles inside the copy window.
pub struct CopyIndex {
    window_seconds: i64,
    max_undated: usize,
    /// Dated entries in the order they were added (time order when the stream is in time order).
    dated: VecDeque<u64>,
    undated: VecDeque<u64>,
    entries: HashMap<u64, Entry>,
    /// Band key → slots, oldest first. Eviction is first in, first out, so an evicted slot is
    /// at the front of its buckets and leaves in O(1).
    buckets: HashMap<u64, Bucket>,
    next_slot: u64,
}

impl CopyIndex {
    /// `window_days`: how far apart in time two copies can be published. Undated articles are
    /// kept by count instead, the most recent `max_undated`.
    pub fn new(window_days: f64, max_undated: usize) -> Self {
        CopyIndex {
            window_seconds: (window_days * 86_400.0) as i64,
            max_undated,
            dated: VecDeque::new(),
            undated: VecDeque::new(),
            entries: HashMap::default(),
            buckets: HashMap::default(),
            next_slot: 0,
        }
    }

    pub fn window_seconds(&self) -> i64 {
        self.window_seconds
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The stored articles this one is a copy of (store keys, ascending).
    pub fn find_copies(&self, sketch: &CopySketch, published: Option<i64>) -> Vec<i64> {
        if sketch.n_shingles < MIN_SHINGLES {
            return Vec::new();
        }
        // A band value shared by very many articles is boilerplate (tables, templates), not a
        // sign of a copy; copies still meet in their other bands.
        let mut slots: Vec<u64> = sketch
            .band_keys()
            .filter_map(|key| self.buckets.get(&key))
            .filter(|bucket| bucket.len() <= MAX_BUCKET)
            .flat_map(Bucket::slots)
            .collect();
        slots.sort_unstable();
        slots.dedup();
        let mut copies: Vec<i64> = slots
            .into_iter()
            .filter_map(|slot| self.entries.get(&slot))
            .filter(|entry| self.within_window(entry.published, published))
            .filter(|entry| sketch.is_copy_of(&entry.sketch))
            .map(|entry| entry.article)
            .collect();
        copies.sort_unstable();
        copies
    }

    fn within_window(&self, a: Option<i64>, b: Option<i64>) -> bool {
        match (a, b) {
            (Some(a), Some(b)) => (a - b).abs() <= self.window_seconds,
            _ => true,
        }
    }

    pub fn insert(&mut self, article: i64, published: Option<i64>, sketch: CopySketch) {
        if sketch.n_shingles < MIN_SHINGLES {
            return;
        }
        let slot = self.next_slot;
        self.next_slot += 1;
        for key in sketch.band_keys() {
            match self.buckets.entry(key) {
                std::collections::hash_map::Entry::Occupied(mut bucket) => bucket.get_mut().push(slot),
                std::collections::hash_map::Entry::Vacant(place) => {
                    place.insert(Bucket::One(slot));
                }
            }
        }
        self.entries.insert(slot, Entry { article, published, sketch });
        match published {
            Some(_) => self.dated.push_back(slot),
            None => {
                self.undated.push_back(slot);
                while self.undated.len() > self.max_undated {
                    if let Some(old) = self.undated.pop_front() {
                        self.remove(old);
                    }
                }
            }
        }
    }

    /// Drops the dated articles published before `time - window`: they can no longer be a copy
    /// of anything that comes next in a time-ordered stream.
    pub fn evict_older_than(&mut self, time: i64) {
        let horizon = time - self.window_seconds;
        while let Some(&slot) = self.dated.front() {
            let old = self.entries.get(&slot).and_then(|e| e.published).is_some_and(|p| p < horizon);
            if !old {
                break;
            }
            self.dated.pop_front();
            self.remove(slot);
        }
        // A burst of articles grows the tables; give the memory back once the window has moved on.
        if self.buckets.capacity() > 4 * self.buckets.len() + 4096 {
            self.buckets.shrink_to(2 * self.buckets.len());
            self.entries.shrink_to(2 * self.entries.len());
        }
    }

    fn remove(&mut self, slot: u64) {
        let Some(entry) = self.entries.remove(&slot) else { return };
        for key in entry.sketch.band_keys() {
            if self.buckets.get_mut(&key).is_some_and(|bucket| bucket.remove(slot)) {
                self.buckets.remove(&key);
            }
        }
    }

    /// Approximate heap bytes held, for the benchmarks' memory-per-article figure.
    pub fn heap_bytes(&self) -> usize {
        let entry = std::mem::size_of::<Entry>() + MINHASH_SIZE * 4 + 16;
        let slot_bytes = std::mem::size_of::<(u64, Bucket)>() + 1;
        let buckets: usize =
            self.buckets.values().map(|b| b.heap_bytes()).sum::<usize>() + self.buckets.capacity() * slot_bytes;
        self.entries.len() * entry + buckets + (self.dated.len() + self.undated.len()) * 8
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terms::article_terms;

    fn sketch(text: &str) -> CopySketch {
        copy_sketch(&article_terms(None, text).shingles)
    }

    const WIRE: &str = "About 8,000 refugees fleeing violence in Syria have crossed into Turkey in the last 24 hours, \
        a Turkish foreign ministry official said on Friday, following a rebel offensive along the border. Rebels, who \
        have driven Syrian President Bashar Assad's troops from much of northern Syria and taken several crossing points \
        to Turkey, overran another frontier town late on Thursday, a rebel commander and opposition sources said. The \
        fighting coincided with talks in Qatar aimed at creating a more representative and credible Syrian opposition body.";

    #[test]
    fn a_trimmed_copy_with_an_added_sentence_is_a_copy() {
        let copy = WIRE.replace("on Friday", "yesterday").replace(
            " The fighting coincided with talks in Qatar aimed at creating a more representative and credible Syrian opposition body.",
            " Ten people were killed in clashes as rebels took Ras al-Ain, 375 miles from Damascus.",
        );
        assert!(sketch(&copy).is_copy_of(&sketch(WIRE)));
    }

    #[test]
    fn unrelated_and_short_texts_are_not_copies() {
        let other = "The central bank raised interest rates by half a point on Tuesday, citing inflation that has \
            run above its target for most of the year, and said further increases were likely before the summer.";
        assert!(!sketch(other).is_copy_of(&sketch(WIRE)));
        assert!(!sketch("Refugees cross").is_copy_of(&sketch("Refugees cross")));
    }

    #[test]
    fn the_index_finds_copies_within_the_window_only() {
        let mut index = CopyIndex::new(7.0, 10);
        index.insert(1, Some(0), sketch(WIRE));
        assert_eq!(index.find_copies(&sketch(WIRE), Some(86_400)), vec![1]);
        assert_eq!(index.find_copies(&sketch(WIRE), Some(30 * 86_400)), Vec::<i64>::new());
        index.evict_older_than(30 * 86_400);
        assert!(index.is_empty());
        assert!(index.buckets.is_empty());
    }

    #[test]
    fn signatures_round_trip_through_bytes() {
        let original = sketch(WIRE);
        assert_eq!(CopySketch::from_bytes(original.n_shingles, &original.minhash_bytes()), Some(original));
    }
}
