#!/usr/bin/env bash
# Accuracy floors on real news (issue 11): the realnews-dev passages coded by `dyad code`
# and scored by ../shared/tools/realnews_score.py. Fails when recall or precision falls
# below the floor measured when it was last raised. Fails (does not skip) when
# ../shared is absent: CI has it beside the clone.
# Usage: realnews_floor_test.sh DYAD_BINARY SHARED_DIR
set -u
dyad="$1" shared="$2"
S=$shared/tools/realnews_score.py
D=$shared/data/realnews-dev/realnews-dev.json
if [ ! -f "$S" ] || [ ! -f "$D" ]; then echo "FAIL: $D or $S not found"; exit 1; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$S" make-input "$D" "$work/in.jsonl" || exit 1
"$dyad" code --quiet "$work/in.jsonl" > "$work/events.jsonl"
rc=$?
if [ $rc -ne 0 ] && [ $rc -ne 5 ]; then echo "FAIL: dyad code exited $rc"; exit 1; fi
line=$(python3 "$S" score "$D" "$work/events.jsonl" --brief | tail -1)
echo "$line"
recall=$(sed -n 's/.*recall=\([0-9.]*\).*/\1/p' <<<"$line")
precision=$(sed -n 's/.*precision=\([0-9.]*\).*/\1/p' <<<"$line")
[ -n "$recall" ] && [ -n "$precision" ] || { echo "FAIL: no score line"; exit 1; }
status=0
if awk -v r="$recall" -v f="${RECALL_FLOOR:-0.149}" 'BEGIN{exit !(r < f)}'; then
  echo "FAIL: recall $recall below the floor ${RECALL_FLOOR:-0.149}"; status=1
fi
if awk -v p="$precision" -v f="${PRECISION_FLOOR:-0.311}" 'BEGIN{exit !(p < f)}'; then
  echo "FAIL: precision $precision below the floor ${PRECISION_FLOOR:-0.311}"; status=1
fi
exit $status
