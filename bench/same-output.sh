#!/usr/bin/env bash
# Checks that two sitrep binaries give the same results on a corpus: for a change meant to make
# sitrep faster without changing what it finds. Each binary ingests the corpus into a fresh
# database; the stories and figures they print and the stage tables they store (articles, story
# members, copy groups and signatures, document frequencies, story states, figures; every column
# but the time of ingestion) are compared byte for byte.
#
#   bench/same-output.sh OLD_BINARY NEW_BINARY CORPUS...
#
# Prints one line per compared output and exits non-zero at the first difference. Needs sqlite3.
set -euo pipefail
if [ $# -lt 3 ]; then
  echo "usage: bench/same-output.sh OLD_BINARY NEW_BINARY CORPUS..." >&2
  exit 2
fi
OLD=$1
NEW=$2
shift 2
command -v sqlite3 >/dev/null || { echo "sqlite3 is needed (apt-get install sqlite3)" >&2; exit 2; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
TABLES="articles story_members copy_groups copy_sketches term_frequencies stories figures figure_articles"

status=0
for corpus in "$@"; do
  name=$(basename "$corpus")
  for side in old new; do
    binary=$OLD
    [ "$side" = new ] && binary=$NEW
    db="$WORK/$side.db"
    rm -f "$db" "$db-wal" "$db-shm"
    "$binary" --db "$db" ingest "$corpus" >/dev/null 2>"$WORK/$side.ingest.err"
    "$binary" --db "$db" stories --json --limit 0 >"$WORK/$side.stories.json"
    "$binary" --db "$db" figures --json >"$WORK/$side.figures.json"
    for table in $TABLES; do
      # Every column but the time of ingestion, which differs between any two runs.
      columns=$(sqlite3 "$db" "select group_concat(name, ', ') from pragma_table_info('$table') where name != 'ingested_at'")
      sqlite3 "$db" ".mode insert" "select $columns from $table order by 1, 2" | md5sum >"$WORK/$side.table.$table"
    done
  done
  for output in ingest.err stories.json figures.json $(printf 'table.%s ' $TABLES); do
    if cmp -s "$WORK/old.$output" "$WORK/new.$output"; then
      echo "$name $output: same"
    else
      echo "$name $output: DIFFERENT"
      status=1
    fi
  done
done
exit $status
