#!/usr/bin/env bash
# What each tree repair is worth: the PETRARCH validation suites coded from dyad's own
# parses (`dyad validate --reparse`), with every repair, with none, and with each one left
# out (`--disable-repair NAME`). Prints a table of records passed (unit tests, PETRARCH-2
# gold standard with the Phoenix dictionaries and with the built-in ones, the team gold
# set) and each rule's gain. Needs ../shared/data/petrarch.
# Usage: scripts/repair-ablation.sh [BUILD_DIR]   (default build)
set -euo pipefail
cd "$(dirname "$0")/.."
dyad=${1:-build}/dyad
d=../shared/data/petrarch
[ -d "$d/validation" ] || { echo "repair-ablation: $d is absent" >&2; exit 2; }
unit=$d/validation/PETR.UnitTest.records.parsing_parsed_udpipe_2.0.xml
gsr=$d/validation/PETR2_GSR_validation.xml
passed() { sed -n 's/^\([0-9]*\) passed.*/\1/p' | tail -1; }
suites() {  # extra flags → "unit gsr gsr-builtin team"
  local u g b t
  u=$("$dyad" validate "$unit" --verbs "$d/dictionaries/PETR.Validate.verbs.2.0.txt" \
        --dict-dir "$d/dictionaries" --reparse --quiet "$@" | passed)
  g=$("$dyad" validate "$gsr" --dict-dir "$d/dictionaries" --reparse --quiet "$@" | passed)
  b=$("$dyad" validate "$gsr" --builtin --reparse --quiet "$@" | passed)
  t=$("$dyad" validate tests/coder/builtin/gold.xml --builtin --reparse --quiet "$@" | passed)
  echo "$u $g $b $t"
}
read -r U G B T < <(suites)
echo "| repair left out | unit (284) | PETRARCH-2 (78) | PETRARCH-2, built-in | team gold (81) | records lost |"
echo "|---|---|---|---|---|---|"
echo "| (none: all repairs) | $U | $G | $B | $T | |"
read -r u g b t < <(suites --no-repairs)
echo "| **all** (--no-repairs) | $u | $g | $b | $t | $(( U + G + B + T - u - g - b - t )) |"
for name in $(sed -n 's/^| [0-9]* | `\([a-z-]*\)`.*/\1/p' doc/repairs.md); do
  read -r u g b t < <(suites --disable-repair "$name")
  echo "| \`$name\` | $u | $g | $b | $t | $(( U + G + B + T - u - g - b - t )) |"
done
