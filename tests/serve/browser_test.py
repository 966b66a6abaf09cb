#!/usr/bin/env python3
"""dyad serve's web page in headless Chromium (Debian's chromium + chromium-driver, driven
by python3-selenium): load the page on a store coded from the bundled sample, filter it,
open an event and check its highlighted spans, code a text in the box. Screenshots of each
step go to SHOT_DIR (CI keeps them as artefacts). Also prints the first render time (from
navigation start to every view drawn).

Exits 77 (skipped) when chromium, chromedriver, selenium or the built page is missing.

Usage: browser_test.py DYAD_BINARY SOURCE_DIR SHOT_DIR [--store STORE] [--render-only]
  --store: serve this store instead of coding the sample; --render-only: measure the first
  render only (bench/serve_load.py's figure on a big store).
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

ap = argparse.ArgumentParser()
ap.add_argument("dyad")
ap.add_argument("src")
ap.add_argument("shots")
ap.add_argument("--store")
ap.add_argument("--render-only", action="store_true")
ap.add_argument("--runs", type=int, default=1)
args = ap.parse_args()

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
if not (os.path.exists(CHROMIUM) and os.path.exists(DRIVER)):
    print("SKIP: chromium or chromedriver missing (scripts/install-deps.sh)")
    sys.exit(77)
try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    print("SKIP: python3-selenium missing")
    sys.exit(77)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_check import FAILURES, check, start_server, summary  # noqa: E402


def api(port, path):
    with urllib.request.urlopen("http://127.0.0.1:%d%s" % (port, path), timeout=60) as r:
        return json.loads(r.read())


def main():
    os.makedirs(args.shots, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="dyad-serve-browser-")
    store = args.store
    if not store:
        store = os.path.join(tmp, "sample.db")
        subprocess.run([args.dyad, "code", "--quiet", os.path.join(args.src, "data/sample/news.jsonl"),
                        "--db", store], check=True)
    proc, port = start_server(args.dyad, store, stderr=None)
    url = "http://127.0.0.1:%d/" % port
    driver = None
    try:
        if not api(port, "/api/summary")["web_bundle"]:
            print("SKIP: this dyad was built without the web page (scripts/build-web.sh needs npm)")
            return 77
        opts = webdriver.ChromeOptions()
        opts.binary_location = CHROMIUM
        for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--window-size=1400,1650", "--no-first-run", "--disable-extensions",
                  "--disable-background-networking"):
            opts.add_argument(a)
        opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
        wait = WebDriverWait(driver, 60)
        ready = lambda d: d.execute_script("return document.body.dataset.ready") == "true"

        # Load: the first render (navigation start to every view drawn, as the page records
        # it: polling here would add up to the poll interval).
        renders = []
        for _ in range(args.runs):
            driver.get("about:blank")
            driver.get(url)
            wait.until(ready)
            renders.append(float(driver.execute_script("return document.body.dataset.firstRenderMs")))
        print("first render: %s ms (median %.0f ms)" % (
            ", ".join("%.0f" % r for r in renders), sorted(renders)[len(renders) // 2]), flush=True)
        driver.save_screenshot(os.path.join(args.shots, "1-load.png"))
        rows = driver.find_elements(By.CSS_SELECTOR, "#events-table tbody tr")
        check(len(rows) > 0, "the table has events")
        for chart in ("#series-chart", "#network-chart", "#map-chart"):
            check(len(driver.find_elements(By.CSS_SELECTOR, chart + " canvas")) > 0, chart + " drawn")
        if args.render_only:
            return 0 if not FAILURES else 1
        check(re.search(r"\d+ documents", driver.find_element(By.ID, "summary").text) is not None,
              "summary shown")

        # Filter by an actor: every row has it on one side; as many rows as the API gives.
        page = api(port, "/api/events?limit=1000")["events"]
        roots = {}
        for e in page:
            if e["source"] and e["source"]["code"]:
                roots[e["source"]["root"]] = roots.get(e["source"]["root"], 0) + 1
        actor = max(roots, key=roots.get)
        box = driver.find_element(By.ID, "f-actor")
        box.clear()
        box.send_keys(actor.lower())
        driver.find_element(By.ID, "apply").click()
        wait.until(lambda d: "actor=" in d.current_url and ready(d))
        want = api(port, "/api/events?limit=100&actor=" + actor)["events"]
        rows = driver.find_elements(By.CSS_SELECTOR, "#events-table tbody tr")
        check(len(rows) == len(want) > 0, "filtered rows %d vs API %d" % (len(rows), len(want)))
        for r in rows:
            cells = r.find_elements(By.TAG_NAME, "td")
            check(cells[1].text.startswith(actor) or cells[3].text.startswith(actor),
                  "row has %s: %s" % (actor, r.text))
        driver.save_screenshot(os.path.join(args.shots, "2-filter.png"))

        # Open an event with both sides: the sentence view marks source, verb and target.
        target = next(e for e in want if e["source"] and e["target"] and e["target"]["text"])
        driver.find_element(By.CSS_SELECTOR, '#events-table tbody tr[data-id="%d"] a.open-event' % target["id"]).click()
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#sentence-view mark.span-verb") and ready(d))
        marks = {m.get_attribute("class"): m.text for m in
                 driver.find_elements(By.CSS_SELECTOR, "#sentence-view mark")}
        check(marks.get("span-verb") == target["verb"]["text"], "verb mark %r" % marks)
        check(marks.get("span-source") == target["source"]["text"], "source mark %r" % marks)
        check(marks.get("span-target") == target["target"]["text"], "target mark %r" % marks)
        view = driver.find_element(By.ID, "sentence-view").text
        check(target["pattern"]["text"] in view and target["pattern"]["dict"] in view,
              "pattern and its file:line shown")
        selected = driver.find_elements(By.CSS_SELECTOR, "#events-table tbody tr.selected")
        check(len(selected) == 1 and selected[0].get_attribute("data-id") == str(target["id"]),
              "the row is selected")
        driver.save_screenshot(os.path.join(args.shots, "3-event.png"))

        # An actor link in the sentence view narrows every view to that actor.
        other = target["target"]["code"]
        if other:
            driver.find_element(By.CSS_SELECTOR, '#sentence-view a.actor[data-actor="%s"]' % other).click()
            wait.until(lambda d: "actor=" + other in d.current_url and ready(d))
            check(driver.find_element(By.ID, "f-actor").get_attribute("value") == other,
                  "actor link fills the filter")

        # Code a text in the box.
        text = "Russia invited the Taliban to Moscow for talks."
        driver.find_element(By.ID, "code-text").send_keys(text)
        driver.find_element(By.ID, "code-submit").click()
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#code-result .code-count"))
        check(driver.find_element(By.CSS_SELECTOR, "#code-result .code-count").text.endswith(("event", "events")),
              "code result count")
        src_marks = [m.text for m in driver.find_elements(By.CSS_SELECTOR, "#code-result mark.span-source")]
        verb_marks = [m.text for m in driver.find_elements(By.CSS_SELECTOR, "#code-result mark.span-verb")]
        check("Russia" in src_marks and "invited" in verb_marks, "coded text marked: %r %r" % (src_marks, verb_marks))
        driver.execute_script("document.getElementById('code-panel').scrollIntoView()")
        driver.save_screenshot(os.path.join(args.shots, "4-code.png"))

        # A bad filter shows the API's error instead of failing silently.
        driver.get(url + "#from=2016-02-30")
        wait.until(lambda d: d.find_element(By.ID, "error").is_displayed())
        check("from" in driver.find_element(By.ID, "error").text, "error shown")

        severe = [l for l in driver.get_log("browser") if l["level"] == "SEVERE"
                  and "400 (Bad Request)" not in l["message"]]
        check(not severe, "no console errors: %r" % severe[:3])
    finally:
        if driver is not None:
            driver.quit()
        proc.terminate()
        proc.wait(timeout=20)
        shutil.rmtree(tmp, ignore_errors=True)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
