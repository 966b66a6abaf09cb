#!/usr/bin/env bash
# Writes the seeds of the fuzz targets added for issue 14 (fuzz/seeds/<target>/): valid
# compressed streams of every shape the decoder meets, plain-text files, layered
# dictionary sets cut from data/dict, news-like sentences, a directory-tree description
# and small event stores (current and schema version 1, 512-byte pages so they fit the
# fuzzers' 64 KiB inputs). Usage: make_seeds.sh PATH/TO/dyad (run from anywhere; needs
# gzip, zstd, sqlite3). The seeds are committed; rerun after a format change.
set -euo pipefail
dyad=$(realpath "$1")
cd "$(dirname "$0")"
root=$(cd ../.. && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
text='{"id":"a","text":"Russia met Ukraine in Geneva on Monday.","date":"2024-01-01"}'

mkdir -p decompress input_text dict_layers engine input_walk store
# decompress: gzip (one member, two members, empty), zstd (one frame, two frames, a
# skippable frame first, empty), a truncated stream of each, and plain bytes.
printf '%s\n' "$text" >decompress/plain.jsonl
printf '%s\n' "$text" | gzip -9 >decompress/one.gz
{ printf 'first member\n' | gzip; printf 'second member\n' | gzip; } >decompress/two-members.gz
printf '' | gzip >decompress/empty.gz
printf '%s\n' "$text" | zstd -q -19 >decompress/one.zst
{ printf 'first frame\n' | zstd -q; printf 'second frame\n' | zstd -q; } >decompress/two-frames.zst
{ printf '\x50\x2a\x4d\x18\x04\x00\x00\x00skip'; printf '%s\n' "$text" | zstd -q; } >decompress/skippable.zst
printf '' | zstd -q >decompress/empty.zst
head -c 20 decompress/one.gz >decompress/truncated.gz
head -c 20 decompress/one.zst >decompress/truncated.zst

# input_text: ordinary text, a dateline, Latin-1, Unicode spaces only, a BOM, compressed.
printf 'MOSCOW, Jan 1 (Reuters) - Russia met Ukraine.\n\nTalks went on.\n' >input_text/news.txt
printf 'Caf\xe9 talks in Gen\xe8ve.\n' >input_text/latin1.txt
printf '\xc2\xa0\xe3\x80\x80\n' >input_text/unicode-blank.txt
printf '\xef\xbb\xbfRussia met Ukraine.\r\n' >input_text/bom-crlf.txt
gzip -9 <input_text/news.txt >input_text/news.txt.gz

# dict_layers: "#FILE <kind><layer>" sections (see dict_layers_fuzz.cc).
{
  printf '#FILE v0\n'; grep -v '^#' "$root/data/dict/dyad.verbs.txt" | sed -n '1,40p'
  printf -- '--- MEET [040] ---\nMEET {MEETS MET MEETING}\n- * &TALKS [043]\n'
  printf '#FILE a0\n'; grep -v '^#' "$root/data/dict/dyad.countries.actors.txt" | sed -n '1,40p'
  printf '#FILE g0\n'; grep -v '^#' "$root/data/dict/dyad.agents.txt" | sed -n '1,30p'
  printf '#FILE d0\n'; grep -v '^#' "$root/data/dict/dyad.discards.txt" | sed -n '1,20p'
  printf '#FILE v1\n&TALKS\n+PARLEY_\n--- GREET [042] ---\nGREET\nMEET {MEETS MET MEETING}\n- * &TALKS [044]\n'
  printf '#FILE a2\nGONDOR\n[GON]\n'
} >dict_layers/layers.txt

# engine: news-like sentences written for the fuzzers.
printf '\001Russia invited the Taliban to Moscow for talks.' >engine/invite.txt
printf '\000MOSCOW, May 1 (Reuters) - Police arrested 50 protesters on Tuesday.' >engine/dateline.txt
printf '\005The president said he would not meet the rebels. Gondor denied it.' >engine/negation.txt
printf '\002North Korea fired two missiles into the sea, Japan said on Monday.' >engine/missiles.txt

# input_walk: a few entries (op, name bytes, content length, content).
printf '\000\001\003\004Russia met Ukraine.\002\002\001\002\003\001\000\005\000' >input_walk/tree.bin

# store: the current schema and version 1, 512-byte pages.
printf '%s\n' "$text" >"$tmp/one.jsonl"
"$dyad" code --quiet --db "$tmp/v3.db" "$tmp/one.jsonl" >/dev/null
cp "$tmp/v3.db" "$tmp/v1.db"
sqlite3 "$tmp/v1.db" "ALTER TABLE events DROP COLUMN confidence; ALTER TABLE events DROP COLUMN evidence;
  ALTER TABLE events DROP COLUMN location_text; ALTER TABLE events DROP COLUMN location_name;
  ALTER TABLE events DROP COLUMN location_geonames_id; ALTER TABLE events DROP COLUMN location_country;
  ALTER TABLE events DROP COLUMN location_admin1; ALTER TABLE events DROP COLUMN location_lat;
  ALTER TABLE events DROP COLUMN location_lon; ALTER TABLE events DROP COLUMN location_precision;
  ALTER TABLE events DROP COLUMN location_from; UPDATE meta SET value = '1' WHERE key = 'schema_version';" \
  >/dev/null
for v in v3 v1; do
  sqlite3 "$tmp/$v.db" 'PRAGMA journal_mode = DELETE; PRAGMA page_size = 512; VACUUM;' >/dev/null
  cp "$tmp/$v.db" "store/$v.db"
done
ls -l store
