#!/usr/bin/env bash
# Accuracy floors on the project-written event sets' held-out files (data/eventsets/*-test.json,
# never trained on): `dyad eval-events` with the shipped event filter and with the rules
# alone (--event-filter none). Needs nothing outside the repository.
# Usage: eventset_floor_test.sh DYAD_BINARY SOURCE_DIR
set -u
. "$(dirname "$0")/floors.sh"
dyad="$1" src="$2"
status=0
check() {  # label set recall_floor precision_floor [flags...]
  local label=$1 set=$2 rfloor=$3 pfloor=$4
  shift 4
  check_floors "$label $set" "$("$dyad" eval-events "$@" "$src/data/eventsets/$set" | tail -1)" \
    "$rfloor" "$pfloor"
}
# The shipped default, the neural tagger and parser (issue 12; named, so that $DYAD_MODEL
# cannot change it): floors measured on
# 2026-12-07 (recall / precision).
check filtered written-a-test.json 0.392 0.500 --model neural
check filtered written-b-test.json 0.229 0.456 --model neural
check filtered written-c-test.json 0.250 0.493 --model neural
check filtered written-d-test.json 0.197 0.348 --model neural
check rules written-a-test.json 0.402 0.385 --model neural --event-filter none
check rules written-b-test.json 0.254 0.336 --model neural --event-filter none
check rules written-c-test.json 0.289 0.390 --model neural --event-filter none
check rules written-d-test.json 0.262 0.308 --model neural --event-filter none
# The fast model (`--model fast`, the greedy perceptron; the default until 2026-12-07):
# floors measured on 2026-12-07.
check fast-filtered written-a-test.json 0.381 0.516 --model fast
check fast-filtered written-b-test.json 0.212 0.416 --model fast
check fast-filtered written-c-test.json 0.224 0.415 --model fast
check fast-filtered written-d-test.json 0.148 0.310 --model fast
check fast-rules written-a-test.json 0.392 0.392 --model fast --event-filter none
check fast-rules written-b-test.json 0.220 0.289 --model fast --event-filter none
check fast-rules written-c-test.json 0.250 0.306 --model fast --event-filter none
check fast-rules written-d-test.json 0.197 0.274 --model fast --event-filter none
exit $status
