#!/usr/bin/env python3
"""Load test of `dyad serve` (issue 16's figures): N concurrent clients (default 8) on
loopback for D seconds (default 60), each with one keep-alive connection, cycling through a
filtered events page, a time series and an actor network with filters drawn at random
(seeded) from the store's own actors, event codes and date range. Prints per request kind
the count, p50, p95 and max latency in ms, and the errors (any answer but 200).

Usage: serve_load.py DYAD STORE [--clients 8] [--seconds 60]
       serve_load.py --url http://127.0.0.1:8080 [...]   (a server already running)
The server is started as `nice -n 10 dyad serve STORE --port 0` unless --url is given;
--no-cache starts it with --cache 0 (every answer computed, none repeated from memory).
"""
import argparse
import http.client
import json
import random
import re
import subprocess
import threading
import time
import urllib.parse

ap = argparse.ArgumentParser()
ap.add_argument("dyad", nargs="?")
ap.add_argument("store", nargs="?")
ap.add_argument("--url")
ap.add_argument("--clients", type=int, default=8)
ap.add_argument("--seconds", type=float, default=60)
ap.add_argument("--no-cache", action="store_true", help="start the server with --cache 0")
args = ap.parse_args()

proc = None
if args.url:
    port = int(urllib.parse.urlparse(args.url).port)
else:
    proc = subprocess.Popen(["nice", "-n", "10", args.dyad, "serve", args.store, "--port", "0"] +
                            (["--cache", "0"] if args.no_cache else []),
                            stdout=subprocess.PIPE, text=True)
    port = int(re.search(r":(\d+)/", proc.stdout.readline()).group(1))


def get(conn, path):
    conn.request("GET", path)
    r = conn.getresponse()
    return r.status, r.read()


setup = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
summary = json.loads(get(setup, "/api/summary")[1])
net = json.loads(get(setup, "/api/network?limit=300")[1])
actors = sorted({n["id"][:3] for n in net["nodes"]})
dyads = [(e["source"], e["target"]) for e in net["edges"]]
first_year, last_year = int(summary["first_date"][:4]), int(summary["last_date"][:4])
print("store: %d documents, events to #%d, %s..%s; %d actor roots, %d dyads in the pool" % (
    summary["documents"], summary["last_event_id"], summary["first_date"], summary["last_date"],
    len(actors), len(dyads)), flush=True)
CAMEO = ["01", "02", "03", "04", "05", "06", "07", "08", "11", "12", "13", "14", "17", "18", "19", "042", "036"]


def year_range(rng):
    y = rng.randint(first_year, last_year)
    return {"from": "%d-01-01" % y, "to": "%d-12-31" % y}


def events_query(rng):
    kind = rng.randrange(5)
    if kind == 0:
        q = {"actor": rng.choice(actors)}
    elif kind == 1:
        q = dict(year_range(rng), actor=rng.choice(actors))
    elif kind == 2:
        q = {"cameo": rng.choice(CAMEO), "quad_class": str(rng.randint(1, 4))}
    elif kind == 3:
        s, t = rng.choice(dyads)
        q = {"source": s, "target": t}
    else:
        q = dict(year_range(rng), q=rng.choice(["talks", "minister", "protest*", "police", "government"]))
    q["limit"] = "100"
    return "/api/events?" + urllib.parse.urlencode(q)


def series_query(rng):
    kind = rng.randrange(3)
    if kind == 0:
        q = {"actor": rng.choice(actors)}
    elif kind == 1:
        s, t = rng.choice(dyads)
        q = {"source": s[:3], "target": t[:3]}
    else:
        q = {"cameo": rng.choice(CAMEO)}
    q["interval"] = rng.choice(["day", "week", "month"])
    return "/api/series?" + urllib.parse.urlencode(q)


def network_query(rng):
    kind = rng.randrange(3)
    if kind == 0:
        q = year_range(rng)
    elif kind == 1:
        q = {"actor": rng.choice(actors)}
    else:
        q = {"quad_class": str(rng.randint(1, 4))}
    q["limit"] = "100"
    return "/api/network?" + urllib.parse.urlencode(q)


KINDS = [("events", events_query), ("series", series_query), ("network", network_query)]
lat = {k: [] for k, _ in KINDS}
errors = []
lock = threading.Lock()
deadline = time.monotonic() + args.seconds


def client(i):
    rng = random.Random(1000 + i)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    n = i
    while time.monotonic() < deadline:
        kind, make = KINDS[n % 3]
        n += 1
        path = make(rng)
        t0 = time.perf_counter()
        try:
            status, _ = get(conn, path)
        except Exception as e:  # a dropped connection is an error too
            status = repr(e)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        ms = (time.perf_counter() - t0) * 1000
        with lock:
            lat[kind].append(ms)
            if status != 200:
                errors.append((status, path))


threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
for t in threads:
    t.start()
for t in threads:
    t.join()
if proc:
    proc.terminate()
    proc.wait()


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] if xs else float("nan")


print("%d clients, %.0f s on loopback" % (args.clients, args.seconds))
print("kind\trequests\tp50_ms\tp95_ms\tmax_ms")
for k, _ in KINDS:
    print("%s\t%d\t%.1f\t%.1f\t%.1f" % (k, len(lat[k]), pct(lat[k], 50), pct(lat[k], 95), max(lat[k] or [0])))
print("errors\t%d" % len(errors))
for e in errors[:5]:
    print("  ", e)
