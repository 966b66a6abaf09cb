#!/usr/bin/env bash
# The bad-input corpus through the dyad binary: every case of cases.tsv (files in files/,
# large and special ones made by gen.sh) must end with its documented exit status and
# message, and never crash (a signal, a sanitizer report) or hang (120 s). CTest runs it
# with the Release binary and with the ASan+UBSan one. Usage: run.sh PATH/TO/dyad
set -u
dyad=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gen="$tmp/gen"
if ! "$here/gen.sh" "$gen" "$dyad" >"$tmp/gen.log" 2>&1; then
  echo "FAIL: gen.sh"; cat "$tmp/gen.log"; exit 1
fi
pass=0
fail=0
skip=0
while IFS=$'\t' read -r name args want_rc message absent; do
  case "$name" in '' | '#'*) continue ;; esac
  if [ -e "$gen/skip-$name" ]; then
    echo "SKIP $name: $(cat "$gen/skip-$name")"; skip=$((skip + 1)); continue
  fi
  args=${args//\{files\}/$here/files}
  args=${args//\{gen\}/$gen}
  args=${args//\{tmp\}/$tmp}
  start=$(date +%s%N)
  # shellcheck disable=SC2086  # the arguments are words
  timeout 120 "$dyad" $args </dev/null >"$tmp/out" 2>"$tmp/err"
  rc=$?
  ms=$((($(date +%s%N) - start) / 1000000))
  why=""
  if [ "$rc" -ge 124 ]; then
    why="crashed or hung (exit $rc)"
  elif grep -qE 'AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:' "$tmp/err"; then
    why="sanitizer report"
  elif [ "$rc" != "$want_rc" ]; then
    why="exit $rc, documented $want_rc"
  elif [ "$message" = '^$' ] && [ -s "$tmp/err" ]; then
    why="a message where none is documented"
  elif [ "$message" != "-" ] && [ "$message" != '^$' ] &&
    ! cat "$tmp/err" "$tmp/out" | grep -qE -- "$message"; then
    why="no message matching: $message"
  elif [ "$absent" != "-" ] && grep -qE -- "$absent" "$tmp/err" "$tmp/out"; then
    why="output matches what must be absent: $absent"
  fi
  if [ -z "$why" ]; then
    echo "ok   $name (${ms} ms)"; pass=$((pass + 1))
  else
    echo "FAIL $name: $why (${ms} ms)"; sed 's/^/     | /' "$tmp/err" | head -n 5
    fail=$((fail + 1))
  fi
done <"$here/cases.tsv"
echo "bad-input corpus: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
