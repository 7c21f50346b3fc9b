//! Clustering scores: B-cubed (Bagga & Baldwin 1998) and pairwise precision, recall and F1.

use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ClusterScores {
    pub b3_precision: f64,
    pub b3_recall: f64,
    pub b3_f1: f64,
    pub pair_precision: f64,
    pub pair_recall: f64,
    pub pair_f1: f64,
    pub n_items: usize,
    pub n_gold_clusters: usize,
    pub n_system_clusters: usize,
}

fn f1(precision: f64, recall: f64) -> f64 {
    if precision + recall == 0.0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) }
}

fn pairs(n: usize) -> f64 {
    (n * n.saturating_sub(1) / 2) as f64
}

/// Scores a system clustering against a gold one, over the gold's items. `gold` and `system`
/// map item → cluster label; an item the system did not cluster counts as a singleton.
pub fn score(gold: &HashMap<String, String>, system: &HashMap<String, String>) -> ClusterScores {
    let mut contingency: HashMap<(String, &str), usize> = HashMap::new();
    let mut gold_sizes: HashMap<&str, usize> = HashMap::new();
    let mut system_sizes: HashMap<String, usize> = HashMap::new();
    for (item, gold_cluster) in gold {
        let system_cluster = system.get(item).cloned().unwrap_or_else(|| format!("\u{0}singleton:{item}"));
        *contingency.entry((system_cluster.clone(), gold_cluster.as_str())).or_insert(0) += 1;
        *gold_sizes.entry(gold_cluster.as_str()).or_insert(0) += 1;
        *system_sizes.entry(system_cluster).or_insert(0) += 1;
    }
    let n = gold.len() as f64;
    let (mut b3_precision, mut b3_recall, mut true_pairs) = (0.0, 0.0, 0.0);
    for ((system_cluster, gold_cluster), count) in &contingency {
        let count = *count as f64;
        b3_precision += count * count / system_sizes[system_cluster] as f64;
        b3_recall += count * count / gold_sizes[gold_cluster] as f64;
        true_pairs += pairs(count as usize);
    }
    let (b3_precision, b3_recall) = if n > 0.0 { (b3_precision / n, b3_recall / n) } else { (1.0, 1.0) };
    let system_pairs: f64 = system_sizes.values().map(|s| pairs(*s)).sum();
    let gold_pairs: f64 = gold_sizes.values().map(|s| pairs(*s)).sum();
    let pair_precision = if system_pairs > 0.0 { true_pairs / system_pairs } else { 1.0 };
    let pair_recall = if gold_pairs > 0.0 { true_pairs / gold_pairs } else { 1.0 };
    ClusterScores {
        b3_precision,
        b3_recall,
        b3_f1: f1(b3_precision, b3_recall),
        pair_precision,
        pair_recall,
        pair_f1: f1(pair_precision, pair_recall),
        n_items: gold.len(),
        n_gold_clusters: gold_sizes.len(),
        n_system_clusters: system_sizes.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clustering(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(i, c)| (i.to_string(), c.to_string())).collect()
    }

    #[test]
    fn perfect_and_merged_clusterings() {
        let gold = clustering(&[("a", "1"), ("b", "1"), ("c", "2")]);
        let perfect = score(&gold, &clustering(&[("a", "x"), ("b", "x"), ("c", "y")]));
        assert_eq!((perfect.b3_f1, perfect.pair_f1), (1.0, 1.0));
        // Everything merged: B³ precision (2/3·2 + 1/3)/3 = 5/9, recall 1; pairs 1 of 3.
        let merged = score(&gold, &clustering(&[("a", "x"), ("b", "x"), ("c", "x")]));
        assert!((merged.b3_precision - 5.0 / 9.0).abs() < 1e-12);
        assert_eq!(merged.b3_recall, 1.0);
        assert!((merged.pair_precision - 1.0 / 3.0).abs() < 1e-12);
        // Nothing clustered: singletons.
        let split = score(&gold, &HashMap::new());
        assert_eq!(split.b3_precision, 1.0);
        // Recall per item: a 1/2, b 1/2, c 1.
        assert!((split.b3_recall - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(split.pair_recall, 0.0);
    }
}
