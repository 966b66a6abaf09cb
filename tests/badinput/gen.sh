#!/usr/bin/env bash
# Generates the bad-input cases too large (or too special: directories, FIFOs, stores)
# to keep as files, into directory $1. Usage: gen.sh OUTDIR DYAD (DYAD makes the stores).
# Each case's expectation is in cases.tsv; the figures they guard are in issue 14.
set -euo pipefail
out=$1
dyad=$(realpath "$2")
mkdir -p "$out"
cd "$out"

# Item 5: one 32 MB attribute (rejected at once) and one 15 MiB comment (read in linear time).
{ printf '<Sentences>\n<Sentence id="A_1" date="20240101"><Text>Russia met Ukraine.</Text></Sentence>\n'
  printf '<Sentence id="B_1" note="'; head -c 33554432 /dev/zero | tr '\0' a
  printf '"><Text>Lost.</Text></Sentence>\n</Sentences>\n'; } >xml-attribute-32mb.xml
{ printf '<Sentences>\n<!--'; head -c 15728640 /dev/zero | tr '\0' c
  printf -- '-->\n<Sentence id="A_1" date="20240101"><Text>Russia met Ukraine.</Text></Sentence>\n</Sentences>\n'; } \
  >xml-comment-15mib.xml

# Item 3: a chain of 4,000 one-word synsets, and one synset of 100,000 words.
for i in $(seq 0 3999); do
  printf '&S%d_\n+W%d\n' "$i" "$i"
  [ "$i" -gt 0 ] && printf '+&S%d\n' $((i - 1))
done >synset-chain-4000.verbs.txt
printf -- '--- PAY [---] ---\nPAY {PAYS PAID PAYING}\n- * &S3999 [071]\n' >>synset-chain-4000.verbs.txt
{ printf '&BIG\n'; seq 0 99999 | sed 's/^/+W/'
  printf -- '--- PAY [---] ---\nPAY {PAYS PAID PAYING}\n- * &BIG [071]\n'; } >synset-100k.verbs.txt

# Item 9: a directory 70 levels deep, and a FIFO, a device (a link to /dev/null) and a
# socket next to a text file.
deep=dir-deep
for i in $(seq 70); do deep="$deep/d"; done
mkdir -p "$deep" && printf 'Russia met Ukraine.\n' >"$deep/deep.txt"
printf 'Russia met Ukraine.\n' >dir-deep/top.txt
mkdir -p dir-special
printf 'Russia met Ukraine.\n' >dir-special/a.txt
mkfifo dir-special/pipe
ln -s /dev/null dir-special/null.txt
if command -v python3 >/dev/null; then
  python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' dir-special/sock
else
  echo "no python3 to make a socket" >skip-dir-socket
fi

# HTML nested 3,000 elements deep.
{ printf '<html><body>'; printf '<div>%.0s' $(seq 3000); printf 'Russia met Ukraine.'
  printf '</div>%.0s' $(seq 3000); printf '</body></html>\n'; } >html-nested-3000.html

# Item 8: a zstd stream opening with a skippable frame (as pzstd writes).
{ printf '\x50\x2a\x4d\x18\x04\x00\x00\x00\x00\x00\x00\x00'
  printf '{"id":"a","text":"Russia met Ukraine.","date":"2024-01-01"}\n' | zstd -q; } >zst-skippable.jsonl.zst

# Stores: a good one, one truncated to half its size, one missing a table.
printf '{"id":"a","text":"Russia met Ukraine in Geneva on Monday.","date":"2024-01-01"}\n' >one.jsonl
"$dyad" code --quiet --db store-good.db one.jsonl >/dev/null
size=$(stat -c %s store-good.db)
head -c $((size / 2)) store-good.db >store-truncated.db
cp store-good.db store-missing-table.db
if command -v sqlite3 >/dev/null; then
  sqlite3 store-missing-table.db 'DROP TABLE sentences' >/dev/null
else
  echo "no sqlite3 to drop a table" >skip-store-missing-table
fi
