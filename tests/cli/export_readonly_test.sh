#!/usr/bin/env bash
# Regression (issue 14 item 4): `dyad export` opened the store read-write, so a store in a
# read-only file and folder could not be exported ("attempt to write a readonly database").
# Codes the bundled sample into a store, makes the file and its folder read-only (and, run
# as root, exports as user nobody, since root ignores file modes), then checks the export
# succeeds, equals the export of the writable store, and leaves the store's bytes
# unchanged; also -o FILE and --one-a-day. Usage: export_readonly_test.sh PATH/TO/dyad
set -u
dyad=$1
src="$(cd "$(dirname "$0")/../.." && pwd)"
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

mkdir "$tmp/store"
"$dyad" code "$src/data/sample/news.jsonl" --db "$tmp/store/events.db" 2>"$tmp/err" ||
  fail "dyad code: $(cat "$tmp/err")"
"$dyad" export "$tmp/store/events.db" >"$tmp/writable.jsonl" || fail "export of the writable store"
n=$(wc -l <"$tmp/writable.jsonl")
[ "$n" -ge 20 ] || fail "only $n events in the sample store"
"$dyad" export "$tmp/store/events.db" --one-a-day >"$tmp/writable-day.jsonl" ||
  fail "--one-a-day export of the writable store"

as_reader=()
if [ "$(id -u)" = 0 ]; then
  command -v setpriv >/dev/null || { echo "skip: root without setpriv"; exit 77; }
  as_reader=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
chmod 755 "$tmp"
chmod 444 "$tmp/store/events.db"
chmod 555 "$tmp/store"
before=$(sha256sum <"$tmp/store/events.db")
files_before=$(ls "$tmp/store")
mkdir "$tmp/out" && chmod 777 "$tmp/out"

"${as_reader[@]}" "$dyad" export "$tmp/store/events.db" >"$tmp/readonly.jsonl" 2>"$tmp/err" ||
  fail "export of the read-only store: $(cat "$tmp/err")"
cmp -s "$tmp/writable.jsonl" "$tmp/readonly.jsonl" || fail "read-only export differs"
"${as_reader[@]}" "$dyad" export "$tmp/store/events.db" --one-a-day -o "$tmp/out/day.jsonl" \
  2>"$tmp/err" || fail "--one-a-day -o export of the read-only store: $(cat "$tmp/err")"
cmp -s "$tmp/writable-day.jsonl" "$tmp/out/day.jsonl" || fail "--one-a-day export differs"
[ ! -e "$tmp/out/day.jsonl.tmp" ] || fail "temporary output left behind"
"${as_reader[@]}" "$dyad" export "$tmp/store/events.db" --verify --format csv >/dev/null \
  2>"$tmp/err" || fail "--verify of the read-only store: $(cat "$tmp/err")"
after=$(sha256sum <"$tmp/store/events.db")
[ "$before" = "$after" ] || fail "the store's bytes changed"
[ "$(ls "$tmp/store")" = "$files_before" ] || fail "files created next to the store: $(ls "$tmp/store")"
echo "ok: $n events exported from a read-only store, store unchanged"
