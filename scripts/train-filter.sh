#!/usr/bin/env bash
# Retrains the shipped event filter (models/event-filter.txt) from the project-written
# event sets' training files with the build's model and built-in dictionaries, and scores
# it on their held-out test files and, when ../shared is present, on realnews-dev.
# Retrain after a change to the coder, the dictionaries or the parser: the filter learns
# from the events they produce. Deterministic: the same inputs give the same file.
# Usage: scripts/train-filter.sh [BUILD_DIR]   (default build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
"$build/dyad" train-filter data/eventsets/*-train.json -o models/event-filter.txt
sets=(data/eventsets/*-test.json)
dev=../shared/data/realnews-dev/realnews-dev.json
[ -f "$dev" ] && sets+=("$dev")
for s in "${sets[@]}"; do
  echo "== $s"
  echo -n "rules:    "; "$build/dyad" eval-events --event-filter none "$s" | tail -1
  echo -n "filtered: "; "$build/dyad" eval-events --event-filter models/event-filter.txt "$s" | tail -1
done
