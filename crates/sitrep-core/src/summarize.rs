//! An extractive summary of a story: 3 to 5 of its sentences, chosen by similarity to the
//! story's centroid (content words), favouring early sentences and sentences with figures, with
//! near-repeats removed. Every sentence is quoted as written, with its citation; nothing is
//! generated.

use crate::terms::{TermCounts, article_terms, sparse_dot};

/// A candidate sentence and where it comes from.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub text: String,
    pub article_id: String,
    pub outlet: Option<String>,
    pub date: Option<chrono::NaiveDate>,
    /// Position of the sentence in its article (0 = first).
    pub position: usize,
    pub has_figure: bool,
}

const MAX_SENTENCES: usize = 5;
const MIN_SENTENCES: usize = 3;
/// A sentence this similar to one already chosen is a repeat.
const MAX_OVERLAP: f32 = 0.5;
const MIN_WORDS: usize = 8;
const MAX_WORDS: usize = 60;

fn normalized(counts: &TermCounts) -> TermCounts {
    let norm = counts.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    counts.iter().map(|(t, w)| (*t, if norm > 0.0 { w / norm } else { 0.0 })).collect()
}

/// The chosen sentences, in the order of the story (date, then position).
pub fn summarize(candidates: &[Candidate]) -> Vec<Candidate> {
    let usable: Vec<(usize, TermCounts)> = candidates
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            let n = c.text.split_whitespace().count();
            (MIN_WORDS..=MAX_WORDS).contains(&n) && !c.text.ends_with(':')
        })
        .map(|(i, c)| (i, normalized(&article_terms(None, &c.text).words)))
        .collect();
    let mut centroid: std::collections::BTreeMap<u64, f32> = std::collections::BTreeMap::new();
    for (_, vector) in &usable {
        for (term, weight) in vector {
            *centroid.entry(*term).or_insert(0.0) += weight;
        }
    }
    let centroid = normalized(&centroid.into_iter().collect());
    let mut scored: Vec<(f32, usize, &TermCounts)> = usable
        .iter()
        .map(|(i, vector)| {
            let candidate = &candidates[*i];
            let early = 0.3 / (1.0 + candidate.position as f32);
            let figure = if candidate.has_figure { 0.15 } else { 0.0 };
            (sparse_dot(vector, &centroid) + early + figure, *i, vector)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut chosen: Vec<(usize, &TermCounts)> = Vec::new();
    for (_, index, vector) in scored {
        if chosen.len() >= MAX_SENTENCES {
            break;
        }
        if chosen.iter().all(|(_, other)| sparse_dot(vector, other) < MAX_OVERLAP) {
            chosen.push((index, vector));
        }
    }
    let _ = MIN_SENTENCES;
    let mut picked: Vec<Candidate> = chosen.into_iter().map(|(i, _)| candidates[i].clone()).collect();
    picked.sort_by(|a, b| a.date.cmp(&b.date).then(a.article_id.cmp(&b.article_id)).then(a.position.cmp(&b.position)));
    picked
}
