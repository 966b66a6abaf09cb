#!/usr/bin/env bash
# Regression: scripts/setup.sh (the README's first command) printed the sample's events and
# then exited 141, because `head` closed the pipe of `dyad export` under pipefail.
# Runs the set-up command's last step (scripts/run-sample.sh) into a scratch build-like
# folder and fails unless it exits 0 and prints events.
set -u
dyad="$1"
src="$(cd "$(dirname "$0")/../.." && pwd)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ln -s "$dyad" "$tmp/dyad"
out=$("$src/scripts/run-sample.sh" "$tmp" 2>&1)
rc=$?
echo "$out" | tail -n 5
if [ $rc -ne 0 ]; then echo "FAIL: scripts/run-sample.sh exited $rc"; exit 1; fi
if ! echo "$out" | grep -q "events"; then echo "FAIL: no summary line"; exit 1; fi
n=$(grep -c . "$tmp/sample-events.tsv")
if [ "$n" -lt 20 ]; then echo "FAIL: only $n lines exported"; exit 1; fi
echo "ok: exit 0, $n lines exported"
