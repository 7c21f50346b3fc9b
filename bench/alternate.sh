#!/usr/bin/env bash
# Two (or more) builds of `sitrep ingest`, run alternately on the same corpus, so that the
# machine's drift between hours falls on all of them alike. Prints per build the median wall
# clock (with its range), the median CPU time (user + system) and the median peak RSS.
#
#   bench/alternate.sh RUNS corpus.jsonl path/to/sitrep [path/to/other/sitrep ...]
#
# Each run ingests into a fresh database in a temporary directory. Needs /usr/bin/time (GNU).
set -euo pipefail
if [ $# -lt 3 ]; then
  sed -n '2,7p' "$0" >&2
  exit 2
fi
RUNS=$1
CORPUS=$2
shift 2
[ -f "$CORPUS" ] || { echo "corpus $CORPUS not found" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
for _ in $(seq "$RUNS"); do
  for sitrep in "$@"; do
    rm -f "$WORK"/run.db*
    /usr/bin/time -f "$sitrep %e %U %S %M" -a -o "$WORK/times" \
      "$sitrep" --db "$WORK/run.db" ingest --json "$CORPUS" >/dev/null 2>&1
  done
done
python3 - "$WORK/times" <<'PY'
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    build, wall, user, system, rss = line.rsplit(maxsplit=4)
    runs[build].append((float(wall), float(user) + float(system), int(rss)))
for build, measured in runs.items():
    walls = [m[0] for m in measured]
    print(f"{build}: {len(measured)} runs, wall median {statistics.median(walls):.2f} s "
          f"({min(walls):.2f}-{max(walls):.2f}), CPU median {statistics.median(m[1] for m in measured):.2f} s, "
          f"peak RSS median {statistics.median(m[2] for m in measured) / 1024:.0f} MB")
PY
