#!/usr/bin/env bash
# The last step of the README's set-up command (scripts/setup.sh), also run by CI
# (tests/cli/run_sample_test.sh): `dyad code` turns data/sample/news.jsonl into an event
# database, then a few of its events are printed. Exits 0 on success.
# Usage: scripts/run-sample.sh [BUILD_DIR]   (default build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
echo
echo "== dyad code data/sample/news.jsonl --db $build/sample-events.db"
rm -f "$build"/sample-events.db "$build"/sample-events.db-wal "$build"/sample-events.db-shm
"$build"/dyad code data/sample/news.jsonl --db "$build"/sample-events.db
echo
echo "== a few of its events (dyad export $build/sample-events.db --format tsv)"
# The export goes to a file first: `head` closing a pipe would end `dyad export` with
# SIGPIPE, and under pipefail the whole set-up command would exit 141; sed reads to the end.
"$build"/dyad export "$build"/sample-events.db --format tsv > "$build"/sample-events.tsv
cut -f1,5,9,13,24,28 "$build"/sample-events.tsv | sed -n '1,16p' | sed 's/\t/  /g' | cut -c1-150
echo "... all events: $build/dyad export $build/sample-events.db [--format csv]"
