#!/usr/bin/env bash
# dyad geo lookup and event locations through the binary (issue 13). Skips (77) when the
# build made no gazetteer (libgeonames-dev missing).
set -euo pipefail
dyad=$1; gaz=$2
if [ ! -s "$gaz" ]; then echo "SKIP: no gazetteer at $gaz"; exit 77; fi
fail() { echo "FAIL: $*"; exit 1; }
out=$("$dyad" geo lookup --gazetteer "$gaz" Kandahar 2>/dev/null) || fail "lookup Kandahar exited $?"
grep -q "AFG" <<<"$out" || fail "Kandahar is not in AFG: $out"
out=$("$dyad" geo lookup --gazetteer "$gaz" hyderabad 2>/dev/null)
[ "$(sed -n 2p <<<"$out" | awk '{print $4}')" = IND ] || fail "Hyderabad's first candidate is not Indian: $out"
grep -q PAK <<<"$out" || fail "Hyderabad, Pakistan is not a candidate: $out"
if "$dyad" geo lookup --gazetteer "$gaz" Xyzzyqville >/dev/null 2>&1; then fail "an unknown name exits 0"; fi
doc='{"id":"g1","date":"2024-05-01","text":"Police fired tear gas at protesters in Kandahar on Tuesday."}'
out=$(echo "$doc" | "$dyad" code --quiet --gazetteer "$gaz" -)
grep -q '"location":{"text":"Kandahar","name":"Kandahar"' <<<"$out" || fail "no Kandahar location: $out"
grep -q '"country":"AFG"' <<<"$out" || fail "no AFG: $out"
# The store keeps locations: code --db then export gives the same JSONL.
db=$(mktemp -u).db
echo "$doc" > "$db.in.jsonl"
"$dyad" code --quiet --gazetteer "$gaz" "$db.in.jsonl" > "$db.direct" || fail "code exited $?"
"$dyad" code --quiet --gazetteer "$gaz" --db "$db" "$db.in.jsonl" || fail "code --db exited $?"
"$dyad" export "$db" > "$db.exported" 2>/dev/null || fail "export exited $?"
cmp -s "$db.direct" "$db.exported" || fail "store round trip lost the location: $(diff "$db.direct" "$db.exported")"
# GeoJSON from the store: one FeatureCollection, a Point per placed event at [lon, lat].
"$dyad" export --format geojson "$db" > "$db.geojson" 2>/dev/null || fail "export --format geojson exited $?"
python3 - "$db.geojson" "$db.direct" <<'PY' || fail "bad GeoJSON: $(head -c 300 "$db.geojson")"
import json, sys
g = json.load(open(sys.argv[1]))
events = [json.loads(l) for l in open(sys.argv[2])]
assert g["type"] == "FeatureCollection" and len(g["features"]) == len(events) > 0
for f, e in zip(g["features"], events):
    assert f["type"] == "Feature" and f["properties"] == e
    loc = e["location"]
    assert (f["geometry"] is None) == (loc is None)
    if loc:
        assert f["geometry"] == {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]}
PY
rm -f "$db"*
out=$(echo "$doc" | "$dyad" code --quiet --gazetteer none -)
grep -q '"location":null' <<<"$out" || fail "--gazetteer none still locates: $out"
bad=$(mktemp); trap 'rm -f "$bad"' EXIT
head -c 3000 "$gaz" > "$bad"
if err=$(echo "$doc" | "$dyad" code --quiet --gazetteer "$bad" - 2>&1); then fail "a damaged gazetteer is accepted"; fi
grep -q "Corruption" <<<"$err" && grep -q "byte" <<<"$err" || fail "not a Corruption with its byte: $err"
echo "geo cli: all checks passed"
