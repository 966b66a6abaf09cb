#!/usr/bin/env python3
"""Check a project-written event set (the realnews gold schema, see doc/formats/eventset.md).

usage: tools/eventset_check.py SET.json [SET.json ...]

Checks every document and gold event: ids unique, date YYYY-MM-DD, each sentence an exact
substring of the text in order, gold fields present and well formed (sent in range, actor
prefixes, two-digit roots, optional 3/4-digit code agreeing with the first root or an
alternative root, where either null or an object with text/country/city/admin1).
Prints one line per problem as FILE: doc ID: message and exits 1 when there is any.
"""
import json
import re
import sys

ACTOR = re.compile(r"^(\*|[A-Z]{3}([A-Z]{3})*)$")
ROOT = re.compile(r"^(0[1-9]|1[0-9]|20)$")
CODE = re.compile(r"^\d{3,4}$")


def check(path):
    problems = []
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        return [f"{path}: cannot read: {e}"]
    docs = data.get("docs") if isinstance(data, dict) else None
    if not isinstance(docs, list) or not docs:
        return [f"{path}: no 'docs' list"]
    seen = set()
    for doc in docs:
        did = doc.get("id", "?")
        say = lambda m: problems.append(f"{path}: doc {did}: {m}")
        if did in seen:
            say("duplicate id")
        seen.add(did)
        if "url" not in doc:
            say("'url' missing (use null for a passage written for the project)")
        if not re.match(r"^\d{4}-\d\d-\d\d$", str(doc.get("date", ""))):
            say("date must be YYYY-MM-DD")
        text, sents = doc.get("text", ""), doc.get("sentences", [])
        pos = 0
        for i, s in enumerate(sents):
            at = text.find(s, pos)
            if at < 0:
                say(f"sentence {i} is not a substring of the text after sentence {i - 1}")
            else:
                pos = at + len(s)
        for j, g in enumerate(doc.get("gold", [])):
            where = f"gold {j}"
            if not isinstance(g.get("sent"), int) or not 0 <= g["sent"] < len(sents):
                say(f"{where}: sent out of range")
            for side in ("src", "tgt"):
                v = g.get(side)
                if not isinstance(v, list) or not v or not all(
                        isinstance(a, str) and (ACTOR.match(a) or a.startswith("IGO")) for a in v):
                    say(f"{where}: bad {side} {v!r}")
            roots = g.get("roots")
            if not isinstance(roots, list) or not roots or not all(
                    isinstance(r, str) and ROOT.match(r) for r in roots):
                say(f"{where}: bad roots {roots!r}")
            elif "code" in g and g["code"] is not None:
                c = str(g["code"])
                if not CODE.match(c) or c[:2] not in roots:
                    say(f"{where}: code {c} is not 3-4 digits of one of its roots")
            if not g.get("what"):
                say(f"{where}: 'what' missing")
            w = g.get("where", "missing")
            if w == "missing":
                say(f"{where}: 'where' missing (use null)")
            elif w is not None and (not isinstance(w, dict) or not {"text", "country", "city", "admin1"} <= set(w)):
                say(f"{where}: 'where' needs text, country, city, admin1")
    return problems


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    problems = [p for path in sys.argv[1:] for p in check(path)]
    for p in problems:
        print(p)
    n = sum(len(json.load(open(p))["docs"]) for p in sys.argv[1:]) if not problems else 0
    if not problems:
        print(f"ok: {n} documents")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
