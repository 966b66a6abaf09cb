#!/usr/bin/env bash
# Accuracy floors on the PETRARCH validation files, with their given UD parses and with
# dyad's own parses (--reparse): fails when
# `dyad validate` passes fewer records than the floor reached when this test was written.
# Usage: validation_suite_test.sh DYAD_BINARY SHARED_DATA_DIR. Exit 77 (skipped) without data.
set -u
dyad="$1"
data="$2/petrarch"
if [ ! -d "$data/validation" ] || [ ! -d "$data/dictionaries" ]; then
  echo "SKIP: $data not found (../shared/data is absent)"
  exit 77
fi
status=0
run() {  # floor file [args...]
  local floor="$1" file="$2"
  shift 2
  local out
  out=$("$dyad" validate "$data/validation/$file" --dict-dir "$data/dictionaries" --quiet "$@")
  local rc=$?
  echo "$file: $(echo "$out" | tail -2 | tr '\n' ' ')"
  if [ $rc -ne 0 ]; then echo "FAIL: dyad validate exited $rc"; status=1; return; fi
  local passed
  passed=$(echo "$out" | tail -1 | awk '{print $1}')
  if [ "$passed" -lt "$floor" ]; then
    echo "FAIL: $file: $passed passed, below the floor of $floor"
    status=1
  fi
}
run "${UNIT_FLOOR:-246}" PETR.UnitTest.records.parsing_parsed_udpipe_2.0.xml --verbs PETR.Validate.verbs.2.0.txt
run "${GSR_FLOOR:-67}" PETR2_GSR_validation.xml
# The same records coded from dyad's own parse of the text: the fast model (--model fast,
# the greedy perceptron, models/dyad-en-fast.model; floors of 2026-12-06) ...
run "${UNIT_REPARSE_FLOOR:-241}" PETR.UnitTest.records.parsing_parsed_udpipe_2.0.xml --verbs PETR.Validate.verbs.2.0.txt --reparse --model fast
run "${GSR_REPARSE_FLOOR:-65}" PETR2_GSR_validation.xml --reparse --model fast
# ... and the shipped default, the neural model (models/dyad-en.model; floors measured
# 2026-12-07 when it became the default: PETRARCH's constructed and headline-like
# sentences suit the perceptron's trees better, real news the neural ones).
run "${UNIT_REPARSE_NEURAL_FLOOR:-223}" PETR.UnitTest.records.parsing_parsed_udpipe_2.0.xml --verbs PETR.Validate.verbs.2.0.txt --reparse --model neural
run "${GSR_REPARSE_NEURAL_FLOOR:-63}" PETR2_GSR_validation.xml --reparse --model neural
# The same with dyad's own built-in dictionaries (data/dict) instead of the Phoenix set.
run "${GSR_BUILTIN_FLOOR:-52}" PETR2_GSR_validation.xml --reparse --builtin --model fast
run "${GSR_BUILTIN_NEURAL_FLOOR:-50}" PETR2_GSR_validation.xml --reparse --builtin --model neural
exit $status
