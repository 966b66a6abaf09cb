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
# Floors measured on 2026-12-07 (recall / precision).
check filtered written-a-test.json 0.361 0.437
check filtered written-b-test.json 0.186 0.362
check rules written-a-test.json 0.371 0.351 --event-filter none
check rules written-b-test.json 0.195 0.275 --event-filter none
exit $status
