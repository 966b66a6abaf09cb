#!/usr/bin/env python3
"""Makes the big store of dyad serve's figures (bench/serve_load.py) by coding a repeated
corpus: the bundled sample (data/sample/news.jsonl, written for the project) repeated N
times, each copy with its own ids, a date spread over 2000-2025 and its country names
swapped for others (so that the store has many actors and dyads, not 40 sentences' worth),
then `dyad code --db` over it. Deterministic (seeded).

Usage: serve_make_store.py DYAD SOURCE_DIR OUT_DIR [--events 1000000] [--threads 2]
  writes OUT_DIR/corpus.jsonl.gz and OUT_DIR/store.db; stops adding copies when the
  expected event count (events per copy measured on a first copy) reaches --events.
"""
import argparse
import datetime
import gzip
import json
import os
import random
import re
import subprocess
import sys

ap = argparse.ArgumentParser()
ap.add_argument("dyad")
ap.add_argument("src")
ap.add_argument("out")
ap.add_argument("--events", type=int, default=1_000_000)
ap.add_argument("--threads", type=int, default=2)
args = ap.parse_args()

COUNTRIES = ["Russia", "China", "Japan", "South Korea", "North Korea", "Venezuela", "Iran", "Iraq",
             "Syria", "Turkey", "Israel", "Egypt", "France", "Germany", "India", "Pakistan",
             "Afghanistan", "Ukraine", "Brazil", "Mexico", "Nigeria", "Kenya", "Ethiopia", "Sudan",
             "Somalia", "Libya", "Saudi Arabia", "Qatar", "Jordan", "Lebanon", "Poland", "Italy",
             "Spain", "Canada", "Australia", "Indonesia", "Philippines", "Vietnam", "Thailand",
             "Myanmar", "Colombia", "Peru", "Chile", "Argentina", "Cuba", "Serbia", "Greece",
             "Morocco", "Algeria", "Tunisia", "Yemen", "Bangladesh", "Nepal", "Sri Lanka",
             "United States", "Britain", "Mali", "Niger", "Chad", "Uganda"]
pattern = re.compile(r"\b(" + "|".join(re.escape(c) for c in sorted(COUNTRIES, key=len, reverse=True)) + r")\b")

os.makedirs(args.out, exist_ok=True)
docs = [json.loads(l) for l in open(os.path.join(args.src, "data/sample/news.jsonl")) if l.strip()]
rng = random.Random(16)
start = datetime.date(2000, 1, 1)
span = (datetime.date(2025, 12, 31) - start).days


def copy(i):
    swap = dict(zip(COUNTRIES, rng.sample(COUNTRIES, len(COUNTRIES))))
    for d in docs:
        day = start + datetime.timedelta(days=rng.randrange(span))
        yield {"id": "r%06d-%s" % (i, d["id"]), "date": day.isoformat(),
               "title": pattern.sub(lambda m: swap[m.group(1)], d.get("title", "")),
               "source": "dyad-bench", "text": pattern.sub(lambda m: swap[m.group(1)], d["text"])}


# Events per copy, from coding 5 copies.
probe = os.path.join(args.out, "probe.jsonl")
with open(probe, "w") as f:
    for i in range(5):
        for d in copy(i):
            f.write(json.dumps(d) + "\n")
n = len(subprocess.run([args.dyad, "code", "--quiet", probe], check=True, capture_output=True,
                       text=True).stdout.splitlines())
per_copy = n / 5
copies = int(args.events / per_copy) + 1
print("%.1f events per copy of %d documents: %d copies" % (per_copy, len(docs), copies), flush=True)
rng = random.Random(16)
corpus = os.path.join(args.out, "corpus.jsonl.gz")
with gzip.open(corpus, "wt") as f:
    for i in range(copies):
        for d in copy(i):
            f.write(json.dumps(d) + "\n")
store = os.path.join(args.out, "store.db")
for suffix in ("", "-wal", "-shm"):
    if os.path.exists(store + suffix):
        os.remove(store + suffix)
subprocess.run(["nice", "-n", "10", args.dyad, "code", "--quiet", "--threads", str(args.threads),
                corpus, "--db", store], check=True)
print("store:", store, flush=True)
