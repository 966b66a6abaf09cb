#!/usr/bin/env bash
# First README command: installs the Debian dependencies, builds dyad, and runs the main
# job on the bundled sample: `dyad code` turns data/sample/news.jsonl (news-style documents
# written for the project) into an event database, then prints a few of its events.
# Needs nothing outside the repository (model in models/, dictionaries in data/dict/).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
echo
echo "== dyad code data/sample/news.jsonl --db build/sample-events.db"
rm -f build/sample-events.db build/sample-events.db-wal build/sample-events.db-shm
./build/dyad code data/sample/news.jsonl --db build/sample-events.db
echo
echo "== a few of its events (dyad export build/sample-events.db --format tsv)"
./build/dyad export build/sample-events.db --format tsv |
  cut -f1,5,9,13,24,28 | head -n 16 | sed 's/\t/  /g' | cut -c1-150
echo "... all events: ./build/dyad export build/sample-events.db [--format csv]"
