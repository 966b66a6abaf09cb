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
check filtered written-a-test.json 0.381 0.516
check filtered written-b-test.json 0.212 0.416
check filtered written-c-test.json 0.224 0.415
check filtered written-d-test.json 0.148 0.310
check rules written-a-test.json 0.392 0.392 --event-filter none
check rules written-b-test.json 0.220 0.289 --event-filter none
check rules written-c-test.json 0.250 0.306 --event-filter none
check rules written-d-test.json 0.197 0.274 --event-filter none
exit $status
