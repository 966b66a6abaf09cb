#!/usr/bin/env python3
"""dyad serve's JSON API against a server this test starts on 127.0.0.1.

The store is coded from the bundled sample (data/sample/news.jsonl) by `dyad code --db`;
the expected answers are computed here from `dyad export` of the same store (a
differential test: the API must give back exactly the events the store holds, filtered as
documented), never written in by hand.

Usage: api_test.py DYAD_BINARY SOURCE_DIR
"""
import collections
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

DYAD, SRC = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_check import check, start_server, summary  # noqa: E402


class Client:
    def __init__(self, port, host_header=None):
        self.port = port
        self.host_header = host_header

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        h = dict(headers or {})
        if self.host_header:
            h["Host"] = self.host_header
        conn.request(method, path, body=body, headers=h)
        res = conn.getresponse()
        data = res.read()
        conn.close()
        return res.status, dict(res.getheaders()), data

    def get(self, path, **kw):
        status, headers, data = self.request("GET", path, **kw)
        try:
            return status, json.loads(data), headers
        except ValueError:
            return status, data, headers


def all_pages(client, query, limit):
    """Every event of `query` through the keyset cursor."""
    events, after, pages = [], None, 0
    while True:
        q = dict(query, limit=str(limit))
        if after:
            q["after"] = after
        status, body, _ = client.get("/api/events?" + urllib.parse.urlencode(q))
        assert status == 200, (status, body)
        events += body["events"]
        pages += 1
        after = body["next"]
        if after is None:
            return events, pages


def without_id(e):
    return {k: v for k, v in e.items() if k != "id"}


def main():
    tmp = tempfile.mkdtemp(prefix="dyad-serve-api-")
    store = os.path.join(tmp, "sample.db")
    sample = os.path.join(SRC, "data/sample/news.jsonl")
    subprocess.run([DYAD, "code", "--quiet", sample, "--db", store], check=True)
    exported = [json.loads(l) for l in subprocess.run(
        [DYAD, "export", store], check=True, capture_output=True, text=True).stdout.splitlines()]
    assert len(exported) > 20, "the sample gave too few events to test with"
    n_docs = sum(1 for l in open(sample) if l.strip())

    proc, port = start_server(DYAD, store)
    c = Client(port)
    try:
        # Summary.
        status, s, headers = c.get("/api/summary")
        check(status == 200 and s["documents"] == n_docs, "summary documents %r" % s)
        check(s["full_text"] is True and s["schema_version"] == 5, "summary index %r" % s)
        check("Access-Control-Allow-Origin" not in headers, "no CORS header")

        # Every event, paged with the cursor, equals the export (same order, same JSON).
        events, pages = all_pages(c, {}, 7)
        check([without_id(e) for e in events] == exported, "paged events == dyad export")
        check(pages == (len(exported) + 6) // 7, "pages of 7: %d" % pages)
        ids = [e["id"] for e in events]
        check(ids == sorted(set(ids)), "ids increase")

        # Each filter against the same filter computed here.
        roots = collections.Counter(e["source"]["root"] for e in exported if e["source"])
        root = roots.most_common(1)[0][0]
        cameo2 = collections.Counter(e["cameo"][:2] for e in exported).most_common(1)[0][0]
        dates = sorted(e["date"] for e in exported)
        mid = dates[len(dates) // 2]
        iso = lambda d: "%s-%s-%s" % (d[:4], d[4:6], d[6:])
        countries = collections.Counter(e["location"]["country"] for e in exported if e["location"])
        cases = [
            ({"source": root.lower()}, lambda e: e["source"] and (e["source"]["code"] or "").startswith(root)),
            ({"target": root}, lambda e: e["target"] and (e["target"]["code"] or "").startswith(root)),
            ({"actor": root}, lambda e: any(x and (x["code"] or "").startswith(root) for x in (e["source"], e["target"]))),
            ({"cameo": cameo2}, lambda e: e["cameo"].startswith(cameo2)),
            ({"quad_class": "1,4"}, lambda e: e["quad_class"] in (1, 4)),
            ({"from": iso(mid)}, lambda e: e["date"] >= mid),
            ({"to": iso(mid), "quad_class": "3"}, lambda e: e["date"] <= mid and e["quad_class"] == 3),
        ]
        if countries:
            country = countries.most_common(1)[0][0]
            cases.append(({"country": country}, lambda e: e["location"] and e["location"]["country"] == country))
            placed = [e for e in exported if e["location"] and e["location"]["country"] == country]
            lon, lat = placed[0]["location"]["lon"], placed[0]["location"]["lat"]
            bbox = "%f,%f,%f,%f" % (lon - 1, lat - 1, lon + 1, lat + 1)
            cases.append(({"bbox": bbox}, lambda e: e["location"] and abs(e["location"]["lon"] - lon) <= 1 and abs(e["location"]["lat"] - lat) <= 1))
        plovers = collections.Counter(e["plover"]["type"] for e in exported if e["plover"])
        if plovers:
            plover = plovers.most_common(1)[0][0]
            cases.append(({"plover": plover}, lambda e: e["plover"] and e["plover"]["type"] == plover))
        # q: a word of some sentence; FTS5's unicode61 words are runs of letters and digits.
        words = collections.Counter(w.lower() for e in exported for w in set(re.findall(r"[^\W_]+", e["sentence"])))
        word = next(w for w, n in words.most_common() if len(w) > 5 and 1 < n < len(exported) // 2)
        cases.append(({"q": word.upper()}, lambda e: word in (w.lower() for w in re.findall(r"[^\W_]+", e["sentence"]))))
        cases.append(({"q": word[:4] + "*"}, lambda e: any(w.lower().startswith(word[:4]) for w in re.findall(r"[^\W_]+", e["sentence"]))))
        for query, keep in cases:
            got, _ = all_pages(c, query, 1000)
            want = [e for e in exported if keep(e)]
            check([without_id(e) for e in got] == want,
                  "filter %r: %d events, expected %d" % (query, len(got), len(want)))
            check(len(want) > 0, "filter %r selects something" % (query,))

        # Series: per month and QuadClass, counts and mean Goldstein.
        for interval, key in (("month", lambda d: d[:4] + "-" + d[4:6]), ("day", iso)):
            status, body, _ = c.get("/api/series?interval=%s&source=%s" % (interval, root))
            sel = [e for e in exported if e["source"] and (e["source"]["code"] or "").startswith(root)]
            want = collections.Counter((key(e["date"]), e["quad_class"] or 0) for e in sel)
            got = collections.Counter()
            for row in body["series"]:
                for qc, b in enumerate(row["by_quad_class"], 1):
                    if b["events"]:
                        got[(row["period"], qc)] = b["events"]
                check(row["events"] >= sum(b["events"] for b in row["by_quad_class"]), "series total")
            check(status == 200 and got == +want, "series %s counts" % interval)
            periods = [r["period"] for r in body["series"]]
            check(periods == sorted(periods), "series in time order")
        status, body, _ = c.get("/api/series?interval=week")
        week_ok = all(time.strptime(r["period"], "%Y-%m-%d").tm_wday == 0 for r in body["series"])
        check(status == 200 and week_ok and sum(r["events"] for r in body["series"]) == len(exported),
              "weekly series starts on Mondays and counts every event")
        mean = [r for r in c.get("/api/series?interval=month")[1]["series"] if r["goldstein"] is not None][0]
        sel = [e["goldstein"] for e in exported if e["date"][:4] + "-" + e["date"][4:6] == mean["period"] and e["quad_class"]]
        check(abs(mean["goldstein"] - sum(sel) / len(sel)) < 1e-9, "mean Goldstein of a month")

        # Network: weighted directed edges.
        status, body, _ = c.get("/api/network?limit=1000")
        want = collections.Counter((e["source"]["code"], e["target"]["code"]) for e in exported
                                   if e["source"] and e["target"] and e["source"]["code"] and e["target"]["code"])
        got = {(x["source"], x["target"]): x["events"] for x in body["edges"]}
        check(status == 200 and got == dict(want), "network edges")
        weights = [x["events"] for x in body["edges"]]
        check(weights == sorted(weights, reverse=True), "edges heaviest first")
        status, body, _ = c.get("/api/network?limit=2")
        check(len(body["edges"]) == min(2, len(want)), "network limit")

        # One event: its sentence with the word spans of source, verb and target.
        spans_checked = 0
        for e in events[:40]:
            status, body, _ = c.get("/api/events/%d" % e["id"])
            check(status == 200 and without_id(body["event"]) == without_id(e), "event %d" % e["id"])
            sp, sentence = body["spans"], body["sentence"]
            check(body["pattern_loc"] == e["pattern"]["dict"] and re.search(r":\d+$", body["pattern_loc"]),
                  "pattern file:line")
            verb = sentence[sp["verb"]["start"]:sp["verb"]["end"]]
            check(verb == e["verb"]["text"], "verb span %r vs %r" % (verb, e["verb"]["text"]))
            for side in ("source", "target"):
                if e[side] and e[side]["text"]:
                    # The actor's text is its words joined by spaces ("Japan 's"): the same
                    # characters as the sentence's span, spaces aside.
                    got_text = sentence[sp[side]["start"]:sp[side]["end"]]
                    check(re.sub(r"\s+", "", got_text) == re.sub(r"\s+", "", e[side]["text"]),
                          "%s span %r vs %r" % (side, got_text, e[side]["text"]))
                    check(sp[side]["words"] == e[side]["words"], "%s words" % side)
                    spans_checked += 1
        check(spans_checked > 20, "spans checked: %d" % spans_checked)
        status, body, _ = c.get("/api/events/999999999")
        check(status == 404 and "error" in body, "unknown event is 404")

        # Bad requests: 400 with a JSON error naming the parameter.
        for path, param in [("/api/events?bogus=1", "bogus"), ("/api/events?from=2016-13-01", "from"),
                            ("/api/events?limit=0", "limit"), ("/api/events?limit=5&limit=6", "limit"),
                            ("/api/series?interval=year", "interval"), ("/api/network?after=5", "after"),
                            ("/api/events?q=%ZZ", "q"), ("/api/events?source=RU%27S", "source"),
                            ("/api/events?bbox=1,2,3", "bbox"), ("/api/events/1?x=1", "x")]:
            status, body, headers = c.get(path)
            check(status == 400 and isinstance(body, dict) and body.get("parameter") == param
                  and headers.get("Content-Type", "").startswith("application/json"),
                  "%s -> 400 naming %s: %s %r" % (path, param, status, body))
        status, body, _ = c.get("/api/nothing")
        check(status == 404 and "error" in body, "unknown endpoint is 404 JSON")

        # POST /api/code: through the same Engine as dyad code.
        text = "Russia invited the Taliban to Moscow for talks. The movement rejected the invitation."
        direct = [json.loads(l) for l in subprocess.run(
            [DYAD, "code", "--quiet", "-"], input=json.dumps({"id": "posted", "date": "2024-05-01", "text": text}),
            check=True, capture_output=True, text=True).stdout.splitlines()]
        status, _, data = c.request("POST", "/api/code", json.dumps({"text": text, "date": "2024-05-01"}),
                                    {"Content-Type": "application/json"})
        body = json.loads(data)
        check(status == 200 and [{k: v for k, v in e.items() if k != "spans"} for e in body["events"]] == direct,
              "POST /api/code == dyad code")
        for e in body["events"]:
            sp = e["spans"]
            check(e["sentence"][sp["verb"]["start"]:sp["verb"]["end"]] == e["verb"]["text"], "code verb span")
        check(len(direct) >= 1, "the posted text has events")
        status, _, data = c.request("POST", "/api/code", text, {"Content-Type": "text/plain"})
        check(status == 415, "text/plain is 415: %d" % status)
        status, _, data = c.request("POST", "/api/code", "{not json", {"Content-Type": "application/json"})
        check(status == 400 and json.loads(data)["parameter"] == "text", "bad JSON is 400")
        status, _, data = c.request("POST", "/api/code", json.dumps({"text": "x", "lang": "en"}),
                                    {"Content-Type": "application/json"})
        check(status == 400 and json.loads(data)["parameter"] == "lang", "unknown field is 400")
        status, _, data = c.request("POST", "/api/code", json.dumps({"text": "a " * 40000}),
                                    {"Content-Type": "application/json"})
        check(status == 413 and json.loads(data)["parameter"] == "text", "text over 64 KiB is 413")
        status, _, data = c.request("POST", "/api/code", "x" * (1 << 20 + 1) + "x" * 10,
                                    {"Content-Type": "application/json"})
        check(status == 413, "body over 1 MiB is 413: %d" % status)

        # DNS rebinding: a foreign Host is refused; no CORS grant to a foreign Origin.
        status, body, _ = Client(port, "evil.example:%d" % port).get("/api/summary")
        check(status == 403, "foreign Host is 403: %d" % status)
        status, body, headers = c.get("/api/summary", headers={"Origin": "http://evil.example"})
        check(status == 200 and not any(h.lower().startswith("access-control") for h in headers), "no CORS")

        # OpenAPI: every endpoint used here is described, with its parameters.
        status, api, _ = c.get("/api/openapi.json")
        check(status == 200 and api["openapi"].startswith("3."), "openapi.json")
        for p in ("/api/events", "/api/events/{id}", "/api/series", "/api/network", "/api/code", "/api/summary"):
            check(p in api["paths"], "openapi describes %s" % p)
        doc = open(os.path.join(SRC, "doc/formats/serve-api.md")).read()
        for p in api["paths"]:
            check("%s`" % p in doc, "serve-api.md describes %s" % p)
        for name in api["components"]["parameters"]:
            check("`%s`" % name in doc, "serve-api.md describes parameter %s" % name)

        # The page (built or the message page) and no file outside it.
        status, _, data = c.request("GET", "/")
        check(status == 200 and b"<html" in data.lower(), "/ is a page")
        status, _, data = c.request("GET", "/../../etc/passwd")
        check(status in (400, 404), "no path traversal: %d" % status)

        # Serving while `dyad code --db` appends to the same store (WAL): requests keep
        # answering, and the new events (and their full-text rows) show up.
        more = os.path.join(tmp, "more.jsonl")
        with open(sample) as f, open(more, "w") as out:
            for line in f:
                if line.strip():
                    d = json.loads(line)
                    d["id"] = "more-" + d["id"]
                    out.write(json.dumps(d) + "\n")
        series_before = sum(r["events"] for r in c.get("/api/series?interval=day")[1]["series"])
        errors, stop = [], threading.Event()

        def poll():
            while not stop.is_set():
                st, b, _ = c.get("/api/events?limit=50&q=" + word)
                if st != 200:
                    errors.append((st, b))
        poller = threading.Thread(target=poll)
        poller.start()
        subprocess.run([DYAD, "code", "--quiet", more, "--db", store], check=True)
        stop.set()
        poller.join()
        check(not errors, "requests during the append: %r" % errors[:3])
        status, s, _ = c.get("/api/summary")
        check(s["documents"] == 2 * n_docs, "documents after the append: %r" % s)
        # The same request again: the cached answer is not served for the grown store.
        series_after = sum(r["events"] for r in c.get("/api/series?interval=day")[1]["series"])
        check(series_after == 2 * series_before == 2 * len(exported),
              "a repeated request sees appended events: %d, %d" % (series_before, series_after))
        got, _ = all_pages(c, {"q": word}, 1000)
        before = sum(1 for e in exported if word in (w.lower() for w in re.findall(r"[^\W_]+", e["sentence"])))
        check(len(got) == 2 * before, "full-text search sees appended events: %d vs 2 x %d" % (len(got), before))
    finally:
        proc.terminate()
        try:
            rc = proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            rc = -1
        check(rc == 0, "server exits 0 on SIGTERM: %r" % rc)
        stderr = proc.stderr.read()

    # The time limit of /api/code: a 60 KB text cannot be coded in 1 ms; the answer is a 503
    # at the limit, and the server still answers afterwards.
    proc, port = start_server(DYAD, store, "--code-timeout", "0.001")
    slow = Client(port)
    long_text = " ".join([text] * 700)[:60000]
    t0 = time.monotonic()
    status, _, data = slow.request("POST", "/api/code", json.dumps({"text": long_text}),
                                   {"Content-Type": "application/json"})
    waited = time.monotonic() - t0
    check(status == 503 and "longer than" in json.loads(data)["error"] and waited < 5,
          "code time limit: %d after %.1f s" % (status, waited))
    check(slow.get("/api/summary")[0] == 200, "server answers after a timed-out coding")
    proc.terminate()
    proc.wait(timeout=60)

    # --host other than loopback warns.
    proc = subprocess.Popen([DYAD, "serve", store, "--host", "0.0.0.0", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc.stdout.readline()
    proc.terminate()
    _, err = proc.communicate(timeout=20)
    check("warning" in err, "--host 0.0.0.0 warns: %r" % err)
    # Not a store: a clear error, no file written.
    bogus = os.path.join(tmp, "not-a-store.db")
    open(bogus, "w").write("hello")
    r = subprocess.run([DYAD, "serve", bogus, "--port", "0"], capture_output=True, text=True, timeout=60)
    check(r.returncode != 0 and "not a dyad store" in r.stderr, "serving a non-store fails: %r" % r.stderr)
    check(open(bogus).read() == "hello", "the non-store is untouched")

    shutil.rmtree(tmp, ignore_errors=True)
    if stderr.strip():
        print("server stderr:", stderr[:2000])
    return summary()


if __name__ == "__main__":
    sys.exit(main())
