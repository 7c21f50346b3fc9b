#!/usr/bin/env bash
# sitrep against its Python peer (issue 8): the same first N articles of a corpus, on the same
# machine, in the same run. The peer (bench/peer/peer.py) is what a user would assemble in Python:
# spaCy en_core_web_sm entities, datasketch MinHash LSH copy groups, scikit-learn TF-IDF with
# single-pass clustering for stories, keyword-window figures, SQLite. sitrep runs `sitrep ingest`,
# which does ingest, cleaning, storage, copy groups, stories and figures.
# Prints articles/s of each and the ratio sitrep/peer. Not a CI gate: the figures go to
# BENCHMARKS.md.
#
#   bench/peer.sh [corpus.jsonl] [N]     (defaults: Reuters-21578 from ../shared/corpus, 2000)
#
# The rate of a sample is per article of that sample: the first N articles, not the corpus.
# Python's environment goes to target/peer-venv (made once, remade when requirements change).
# Does not build sitrep: it needs target/release/sitrep.
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=${1:-../shared/corpus/reuters21578/reuters21578.jsonl}
N=${2:-2000}
SITREP=$PWD/target/release/sitrep
VENV=$PWD/target/peer-venv
REQUIREMENTS=$PWD/bench/peer/requirements.txt
# sitrep is fast on a sample this size, so it runs several times and the median is kept.
SITREP_RUNS=3

if [ ! -f "$CORPUS" ]; then
  if [ ! -d ../shared ]; then
    echo "../shared is absent: no corpus to measure on (pass a JSON-lines file as the first argument)" >&2
  else
    echo "corpus $CORPUS not found" >&2
  fi
  exit 1
fi
if [ ! -x "$SITREP" ]; then
  echo "target/release/sitrep is missing: run \`cargo build --release -p sitrep\` first" >&2
  exit 1
fi

# The venv is remade only when the pinned requirements change.
if ! cmp -s "$REQUIREMENTS" "$VENV/requirements.txt"; then
  echo "setting up the Python peer's environment in target/peer-venv" >&2
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q -r "$REQUIREMENTS"
  cp "$REQUIREMENTS" "$VENV/requirements.txt"
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
head -n "$N" "$CORPUS" >"$WORK/sample.jsonl"
N_ARTICLES=$(grep -c . "$WORK/sample.jsonl")

# Another process on the 2 cores makes both figures meaningless; say so rather than hide it.
read -r LOAD _ </proc/loadavg
echo "corpus $CORPUS, first $N_ARTICLES articles; load average before the run: $LOAD" >&2

now() { date +%s.%N; }

echo "sitrep: $SITREP_RUNS runs of \`sitrep ingest\`" >&2
for run in $(seq "$SITREP_RUNS"); do
  start=$(now)
  "$SITREP" --db "$WORK/sitrep-$run.db" ingest --json "$WORK/sample.jsonl" >"$WORK/sitrep-$run.out" \
    2>"$WORK/sitrep-$run.err" || { cat "$WORK/sitrep-$run.err" >&2; exit 1; }
  end=$(now)
  echo "$start $end" >"$WORK/sitrep-$run.time"
  tail -n 1 "$WORK/sitrep-$run.out" >"$WORK/sitrep-$run.json"
done

echo "peer: bench/peer/peer.py (spaCy runs over the sample; this takes a while)" >&2
start=$(now)
"$VENV/bin/python" bench/peer/peer.py "$WORK/sample.jsonl" --db "$WORK/peer.db" >"$WORK/peer.out"
end=$(now)
tail -n 1 "$WORK/peer.out" >"$WORK/peer.json"
echo "$start $end" >"$WORK/peer.time"

python3 - "$WORK" "$N_ARTICLES" "$SITREP_RUNS" <<'EOF'
import json, statistics, sys
work, n_articles, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])

def wall(name):
    start, end = map(float, open(f"{work}/{name}.time").read().split())
    return end - start

sitrep_walls = [wall(f"sitrep-{run}") for run in range(1, runs + 1)]
sitrep_wall = statistics.median(sitrep_walls)
sitrep = json.load(open(f"{work}/sitrep-1.json"))
peer = json.load(open(f"{work}/peer.json"))
peer_wall = wall("peer")

sitrep_rate = n_articles / sitrep_wall
# The peer's own clock leaves out interpreter start, imports and model loading; sitrep's wall
# clock includes its start and gazetteer loading. The headline ratio is therefore the one that
# favours the peer.
peer_rate = peer["articles_per_s"]
peer_wall_rate = n_articles / peer_wall

print(f"articles                 {n_articles} (first lines of the corpus)")
print(f"sitrep ingest            {sitrep_rate:10.1f} articles/s  wall clock, median of "
      f"{', '.join(f'{w:.2f}' for w in sitrep_walls)} s "
      f"({sitrep['stories']['new_stories']} stories, {sitrep['stories']['copies']} copies, "
      f"{sitrep['figures']} figures)")
print(f"peer, pipeline only      {peer_rate:10.1f} articles/s  {peer['seconds']:.2f} s without "
      f"{peer['setup_seconds']:.2f} s of start-up ({peer['stories']} stories, "
      f"{peer['articles_in_copy_groups']} articles in {peer['copy_groups']} copy groups, "
      f"{peer['figures']} figures)")
print(f"peer, wall clock         {peer_wall_rate:10.1f} articles/s  {peer_wall:.2f} s")
stages = peer["stage_seconds"]
print("peer stages (s)          " + ", ".join(f"{name} {seconds:.2f}" for name, seconds in stages.items()))
print(f"peer peak RSS            {peer['peak_rss_mb']:.0f} MB main, {peer['worker_peak_rss_mb']:.0f} MB "
      f"largest spaCy worker ({peer['n_process']} workers)")
print(f"ratio sitrep/peer        {sitrep_rate / peer_rate:10.1f}x  (peer without start-up)")
print(f"ratio, both wall clock   {sitrep_rate / peer_wall_rate:10.1f}x")
EOF
