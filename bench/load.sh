#!/usr/bin/env bash
# Load test of `sitrep serve` with wrk (Debian package) against 127.0.0.1: the front page and a
# story page, 10 s each, 2 threads and 32 connections, on the bundled seeds and, when
# ../shared/corpus is there, on Reuters-21578 (21,578 articles). Prints requests/s and p99 latency.
# Not a CI gate: the figures go to the README.
#
#   bench/load.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-10}
command -v wrk >/dev/null || { echo "installing wrk"; apt-get install -y -q wrk >/dev/null; }
cargo build --release --locked -p sitrep >/dev/null 2>&1
SITREP=$PWD/target/release/sitrep
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

run() { # name db story
  local name=$1 db=$2 story=$3 port=18080
  $SITREP --db "$db" serve --bind 127.0.0.1:$port --config /nonexistent.toml 2>/dev/null &
  local pid=$!
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.1; done
  for path in "/" "/stories/$story" "/api/stories/$story"; do
    local out
    out=$(wrk -t2 -c32 -d"${SECONDS_EACH}s" --latency "http://127.0.0.1:$port$path")
    local rps p99
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    printf '%-10s %-22s %10s req/s   p99 %s\n' "$name" "$path" "$rps" "$p99"
  done
  kill $pid; wait $pid 2>/dev/null || true
}

$SITREP --db "$WORK/seeds.db" ingest examples/seeds/articles.jsonl >/dev/null 2>&1
run seeds "$WORK/seeds.db" 1
if [ -f ../shared/corpus/reuters21578/reuters21578.jsonl ]; then
  $SITREP --db "$WORK/reuters.db" ingest ../shared/corpus/reuters21578/reuters21578.jsonl >/dev/null 2>&1
  # The story with the most articles.
  story=$($SITREP --db "$WORK/reuters.db" stories --limit 0 --json | python3 -c '
import json, sys
best = max((json.loads(l) for l in sys.stdin), key=lambda s: len(s["articles"]))
print(best["id"])')
  run reuters "$WORK/reuters.db" "$story"
else
  echo "../shared/corpus/reuters21578 is absent: only the seeds were measured"
fi
