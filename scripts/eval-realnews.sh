#!/usr/bin/env bash
# Real-news accuracy (issue 11): codes the realnews-dev passages with `dyad code` (default
# options) and scores them with the set's own scorer: recall and precision per CAMEO root,
# misses, false positives, and last "realnews: recall=R precision=P f1=F (events N)".
# Reads ../shared/data/realnews-dev and ../shared/tools (never copied into the repo).
# Usage: scripts/eval-realnews.sh [BUILD_DIR] [--brief]   (default build)
# Environment: EVENT_SET=FILE scores another set of the same schema (a project-written
# one in data/eventsets/); DYAD_CODE_ARGS adds options to `dyad code` ("--event-filter none").
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}; shift || true
S=../shared/tools/realnews_score.py
D=${EVENT_SET:-../shared/data/realnews-dev/realnews-dev.json}
if [ ! -f "$S" ] || [ ! -f "$D" ]; then
  echo "eval-realnews: $D or $S is absent (../shared is needed)" >&2
  exit 2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$S" make-input "$D" "$work/in.jsonl"
"$build/dyad" code --quiet ${DYAD_CODE_ARGS:-} "$work/in.jsonl" > "$work/events.jsonl" || [ $? -eq 5 ]
python3 "$S" score "$D" "$work/events.jsonl" "$@"
