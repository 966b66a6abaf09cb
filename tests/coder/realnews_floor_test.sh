#!/usr/bin/env bash
# Accuracy floors on real news (issue 11): the realnews-dev passages coded by `dyad code`
# and scored by ../shared/tools/realnews_score.py, in both output modes: the default
# (one-sided events included) and --require-dyad (two-sided events only), each with the
# shipped event filter and with the rules alone (--event-filter none). Fails when a
# recall or precision falls below the floor measured when it was last raised. Fails (does
# not skip) when ../shared is absent: CI has it beside the clone.
# Usage: realnews_floor_test.sh DYAD_BINARY SHARED_DIR
set -u
. "$(dirname "$0")/floors.sh"
dyad="$1" shared="$2"
S=$shared/tools/realnews_score.py
D=$shared/data/realnews-dev/realnews-dev.json
if [ ! -f "$S" ] || [ ! -f "$D" ]; then echo "FAIL: $D or $S not found"; exit 1; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$S" make-input "$D" "$work/in.jsonl" || exit 1
status=0
check() {  # label recall_floor precision_floor [dyad code flags...]
  local label=$1 rfloor=$2 pfloor=$3
  shift 3
  "$dyad" code --quiet "$@" "$work/in.jsonl" > "$work/events.jsonl"
  local rc=$?
  if [ $rc -ne 0 ] && [ $rc -ne 5 ]; then echo "FAIL: $label: dyad code exited $rc"; status=1; return; fi
  python3 "$S" score "$D" "$work/events.jsonl" --brief > "$work/score.txt"
  check_floors "$label" "$(tail -1 "$work/score.txt")" "$rfloor" "$pfloor"
}
# Where (issue 13), on the last check's events: the `where:` line's country and city
# shares. Measured 2026-12-07: 0.968 (30/31) and 1.000 (17/17) with capitals ("near
# parliament", "in the Somali capital"); the floors sit one event lower (each event is
# 3.2 / 5.9 points), as coder changes move which events match. A
# build without the gazetteer (no libgeonames-dev) places nothing and fails here.
check_where() {  # country_floor city_floor
  local line
  line=$(grep '^where:' "$work/score.txt")
  echo "$line"
  check_named_floors where "$line" country "$1" city "$2"
}
# The shipped default, the neural tagger and parser (issue 12; `--model neural`), with the
# shipped filter: measured 2026-12-07 0.322 / 0.486 (require-dyad 0.308 / 0.526), rules
# alone 0.339 / 0.394 (rules-require-dyad 0.311 / 0.511), with the tree repairs for its
# readings and a time is no passive's agent (before them: 0.304 / 0.462, 0.291 / 0.498,
# 0.322 / 0.371).
check default "${RECALL_FLOOR:-0.322}" "${PRECISION_FLOOR:-0.486}" --model neural
check_where "${WHERE_COUNTRY_FLOOR:-0.93}" "${WHERE_CITY_FLOOR:-0.94}"
check require-dyad "${DYADIC_RECALL_FLOOR:-0.308}" "${DYADIC_PRECISION_FLOOR:-0.526}" --model neural \
  --require-dyad
check rules "${RULES_RECALL_FLOOR:-0.339}" "${RULES_PRECISION_FLOOR:-0.394}" --model neural \
  --event-filter none
check rules-require-dyad "${RULES_DYADIC_RECALL_FLOOR:-0.311}" "${RULES_DYADIC_PRECISION_FLOOR:-0.511}" \
  --model neural --event-filter none --require-dyad
# The fast model (`--model fast`, the greedy perceptron; the default until 2026-12-07).
# Floors measured on 2026-12-07 (recall / precision), raised as the day's work landed
# (last: the place of the act is no party to it, default 0.287 / 0.467, require-dyad
# 0.277 / 0.495, rules 0.304 / 0.378, rules-require-dyad 0.284 / 0.480). Earlier: the
# shipped output (the learned event filter on): default 0.284 / 0.466, --require-dyad
# 0.273 / 0.495. The rules alone (--event-filter none): default 0.301 / 0.377,
# --require-dyad 0.280 / 0.480 (the morning's figures, dyadic output: 0.149 / 0.311).
check fast "${FAST_RECALL_FLOOR:-0.287}" "${FAST_PRECISION_FLOOR:-0.467}" --model fast
check_where "${FAST_WHERE_COUNTRY_FLOOR:-0.93}" "${FAST_WHERE_CITY_FLOOR:-0.94}"
check fast-require-dyad "${FAST_DYADIC_RECALL_FLOOR:-0.277}" "${FAST_DYADIC_PRECISION_FLOOR:-0.495}" \
  --model fast --require-dyad
check fast-rules "${FAST_RULES_RECALL_FLOOR:-0.304}" "${FAST_RULES_PRECISION_FLOOR:-0.378}" \
  --model fast --event-filter none
check fast-rules-require-dyad "${FAST_RULES_DYADIC_RECALL_FLOOR:-0.284}" \
  "${FAST_RULES_DYADIC_PRECISION_FLOOR:-0.480}" --model fast --event-filter none --require-dyad
exit $status
