#!/usr/bin/env bash
# Output identity between two builds of dyad (the Engine issue's "identical output" figure).
# Codes, with each binary, the bundled sample (data/sample/, every file) and a corpus of every
# `# text` line of UD English-EWT train/dev/test as one JSONL document each, and runs every
# `dyad validate` suite; then compares the outputs byte for byte and the validate counts.
# Usage: scripts/compare-builds.sh OLD_DYAD NEW_DYAD [WORK_DIR]
# Needs ../shared/data for the EWT corpus and the validate suites (skipped, with a message,
# when absent). Exit 0 when everything is identical, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
old=$(realpath "$1"); new=$(realpath "$2")
work=${3:-${TMPDIR:-/tmp}/dyad-compare}
data=../shared/data
mkdir -p "$work"
status=0
# Events name their dictionary files by path: both builds read this checkout's set.
export DYAD_DICT=$PWD/data/dict

corpus=$work/ewt-docs.jsonl
if [ -d "$data/ud-en-ewt" ] && [ ! -s "$corpus" ]; then
  grep -h '^# text = ' "$data"/ud-en-ewt/en_ewt-ud-{train,dev,test}.conllu | sed 's/^# text = //' |
    awk '{ s = $0; gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); gsub(/\t/, " ", s)
           printf "{\"id\":\"ewt%d\",\"date\":\"2019-06-01\",\"text\":\"%s\"}\n", NR, s }' > "$corpus"
fi

code_all() {  # binary label
  local bin=$1 label=$2
  "$bin" code data/sample --date 2020-01-01 --threads 2 --quiet > "$work/$label.sample.jsonl" || [ $? -eq 5 ]
  "$bin" code data/sample --date 2020-01-01 --threads 2 --quiet --monadic > "$work/$label.sample-monadic.jsonl" || [ $? -eq 5 ]
  if [ -s "$corpus" ]; then
    "$bin" code "$corpus" --threads 2 --quiet > "$work/$label.ewt.jsonl" || [ $? -eq 5 ]
  fi
  : > "$work/$label.validate.txt"
  if [ -d "$data/petrarch/validation" ]; then
    local d=$data/petrarch
    local v=(--dict-dir "$d/dictionaries" --quiet)
    local unit=$d/validation/PETR.UnitTest.records.parsing_parsed_udpipe_2.0.xml
    local gsr=$d/validation/PETR2_GSR_validation.xml
    {
      "$bin" validate "$unit" --verbs "$d/dictionaries/PETR.Validate.verbs.2.0.txt" "${v[@]}" | tail -2
      "$bin" validate "$gsr" "${v[@]}" | tail -2
      "$bin" validate "$unit" --verbs "$d/dictionaries/PETR.Validate.verbs.2.0.txt" "${v[@]}" --reparse | tail -2
      "$bin" validate "$gsr" "${v[@]}" --reparse | tail -2
      "$bin" validate "$gsr" "${v[@]}" --reparse --builtin | tail -2
      "$bin" validate tests/coder/builtin/gold.xml --reparse --builtin --quiet | tail -2
    } >> "$work/$label.validate.txt"
  fi
}
code_all "$old" old
code_all "$new" new
for f in sample.jsonl sample-monadic.jsonl ewt.jsonl validate.txt; do
  [ -e "$work/old.$f" ] || continue
  if cmp -s "$work/old.$f" "$work/new.$f"; then
    echo "identical: $f ($(wc -l < "$work/new.$f") lines)"
  else
    echo "DIFFERENT: $f"; diff "$work/old.$f" "$work/new.$f" | head -20; status=1
  fi
done
exit $status
