#!/usr/bin/env bash
# Regression (issue 14, "Also"): `dyad parse --tokenized` held the whole CoNLL-U file in
# memory, and one sentence of more than 10,000 words was a fatal error for the whole file.
# It streams now: the long sentence is reported with file:line and skipped, the sentences
# before and after it are parsed, and the run exits 5 (something skipped). Also: a gzip
# CoNLL-U file is read, a malformed line is still an error (exit 2) naming its line.
# Usage: parse_tokenized_test.sh PATH/TO/dyad
set -u
dyad=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

sentence() {  # id, number of words
  echo "# sent_id = $1"
  awk -v n="$2" 'BEGIN { for (i = 1; i <= n; i++) printf "%d\tword\t_\t_\t_\t_\t_\t_\t_\t_\n", i }'
  echo
}
{
  sentence a 4
  sentence long 10001
  sentence b 3
} >"$tmp/in.conllu"
# The long sentence's comment is line 7; its word 10,001 is line 7 + 10,001.
"$dyad" parse --tokenized "$tmp/in.conllu" >"$tmp/out.conllu" 2>"$tmp/err"
rc=$?
[ $rc -eq 5 ] || fail "exit status $rc, expected 5: $(cat "$tmp/err")"
grep -q "^dyad parse: $tmp/in.conllu:10008: sentence longer than 10000 words; skipped\$" "$tmp/err" ||
  fail "no file:line message: $(cat "$tmp/err")"
ids=$(grep '^# sent_id' "$tmp/out.conllu" | tr '\n' ' ')
[ "$ids" = "# sent_id = a # sent_id = b " ] || fail "sentences out: $ids"
words=$(grep -c '^[0-9]' "$tmp/out.conllu")
[ "$words" -eq 7 ] || fail "$words word lines out, expected 7"
# Every word got a head: parsed, not copied.
heads=$(awk -F'\t' '/^[0-9]/ && $7 != "_"' "$tmp/out.conllu" | wc -l)
[ "$heads" -eq 7 ] || fail "$heads words with a head, expected 7"

gzip -c "$tmp/in.conllu" >"$tmp/in.conllu.gz"
"$dyad" parse --tokenized "$tmp/in.conllu.gz" >"$tmp/out-gz.conllu" 2>/dev/null
cmp -s "$tmp/out.conllu" "$tmp/out-gz.conllu" || fail "gzip input gives other output"

printf '1\tword\t_\n' >"$tmp/bad.conllu"
"$dyad" parse --tokenized "$tmp/bad.conllu" >/dev/null 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] || fail "malformed line: exit status $rc, expected 2"
grep -q "$tmp/bad.conllu:1: expected 10 tab-separated fields" "$tmp/err" || fail "$(cat "$tmp/err")"
echo "ok: too-long sentence skipped with its line, the others parsed"
