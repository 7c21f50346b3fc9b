"""Reference clusterings of ECB+ (issue 3): what plain TF-IDF reaches online and offline, to set
sitrep's 0.876 against. Not sitrep's method and not a CI gate; run with the peer's environment:

    target/peer-venv/bin/python bench/ecb_reference.py [../shared/corpus/ecbplus/docs.jsonl]

Prints B-cubed precision/recall/F1 (the metric of `sitrep eval clusters`) for
  - online: one pass (in file order, and in id order, sitrep's order for undated articles), each
    document joins the most similar cluster centroid (cosine over TF-IDF) if the similarity
    reaches a threshold, else starts a cluster; also with an online complete-linkage rule (a
    cluster is a candidate only if every member is at least so similar);
  - offline: agglomerative clustering with complete and average linkage over cosine distances,
    which sees every document before deciding anything.
Each is swept over its threshold and the best F1 is printed with it: the threshold is chosen on
the gold itself, so these are upper bounds of each method, not held-out figures. The IDF is
computed over the whole corpus in both (an advantage the online method would not have in a
stream).
"""

import json
import sys
from collections import Counter, defaultdict

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_distances


def bcubed(gold, predicted):
    by_gold = defaultdict(set)
    by_predicted = defaultdict(set)
    for i, (g, p) in enumerate(zip(gold, predicted)):
        by_gold[g].add(i)
        by_predicted[p].add(i)
    precision = recall = 0.0
    for i, (g, p) in enumerate(zip(gold, predicted)):
        shared = len(by_gold[g] & by_predicted[p])
        precision += shared / len(by_predicted[p])
        recall += shared / len(by_gold[g])
    n = len(gold)
    precision, recall = precision / n, recall / n
    return precision, recall, 2 * precision * recall / (precision + recall)


def online(vectors, threshold, min_member=None):
    """One pass: the most similar centroid at `threshold` or more; with `min_member`, only among
    clusters whose every member is at least that similar (complete linkage, online)."""
    centroids, sums, members, labels = [], [], [], []
    for i, row in enumerate(vectors):
        best = None
        if centroids:
            scores = np.array(centroids) @ row
            for cluster in np.argsort(-scores):
                if scores[cluster] < threshold:
                    break
                if min_member is None or (vectors[members[cluster]] @ row).min() >= min_member:
                    best = int(cluster)
                    break
        if best is not None:
            sums[best] = sums[best] + row
            norm = np.linalg.norm(sums[best])
            centroids[best] = sums[best] / norm if norm else sums[best]
            members[best].append(i)
            labels.append(best)
        else:
            sums.append(row.copy())
            centroids.append(row.copy())
            members.append([i])
            labels.append(len(centroids) - 1)
    return labels


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus/ecbplus/docs.jsonl"
    try:
        docs = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    except FileNotFoundError:
        sys.exit(f"{path} not found (the shared corpora live in ../shared/corpus)")
    gold = [doc["cluster"] for doc in docs]
    texts = [doc.get("title", "") + "\n" + doc["text"] for doc in docs]
    print(f"{len(docs)} documents, {len(Counter(gold))} gold clusters")
    vectors = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    dense = vectors.toarray()

    # sitrep's order for undated articles: by id.
    by_id = sorted(range(len(docs)), key=lambda i: docs[i]["id"])
    for name, order in [("file order", list(range(len(docs)))), ("id order", by_id)]:
        ordered_gold = [gold[i] for i in order]
        for min_member in [None, 0.05, 0.10]:
            results = []
            for threshold in np.arange(0.15, 0.41, 0.025):
                labels = online(dense[order], threshold, min_member)
                results.append((bcubed(ordered_gold, labels), threshold, len(set(labels))))
            (p, r, f), threshold, n = max(results, key=lambda x: x[0][2])
            constraint = "" if min_member is None else f", every member >= {min_member:.2f}"
            print(
                f"online, {name:10s} P {p:.3f} R {r:.3f} F1 {f:.3f}  "
                f"(threshold {threshold:.3f}{constraint}, {n} clusters)"
            )

    distances = squareform(cosine_distances(vectors), checks=False).clip(min=0.0)
    for method in ["complete", "average"]:
        tree = linkage(distances, method=method)
        results = []
        for threshold in np.arange(0.50, 1.0, 0.01):
            labels = fcluster(tree, t=threshold, criterion="distance")
            results.append((bcubed(gold, labels), threshold, len(set(labels))))
        (p, r, f), threshold, n = max(results, key=lambda x: x[0][2])
        print(
            f"offline, {method:8s} P {p:.3f} R {r:.3f} F1 {f:.3f}  "
            f"(distance threshold {threshold:.2f}, {n} clusters)"
        )


if __name__ == "__main__":
    main()
