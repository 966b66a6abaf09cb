#!/usr/bin/env bash
# First README command: installs the Debian dependencies, builds dyad, and runs the main
# job on the bundled sample: `dyad code` turns data/sample/news.jsonl (news-style documents
# written for the project) into an event database, then prints a few of its events.
# Needs nothing outside the repository (model in models/, dictionaries in data/dict/),
# except npm packages for the web page of `dyad serve` (web/package-lock.json).
# Then `build/dyad serve build/sample-events.db` shows the store at http://127.0.0.1:8080/.
# Last, it installs the Python package (doc/python.md) into the virtual environment .venv,
# made from Debian's /usr/bin/python3 so that Debian's pandas and dask are seen; pip reuses
# build/ and needs no network.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build-web.sh   # dyad serve's page (needs npm; without it dyad serve says how to get it)
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
./scripts/run-sample.sh build
echo
echo "== the Python package: pip install . into .venv (doc/python.md)"
[ -x .venv/bin/python ] || /usr/bin/python3 -m venv --system-site-packages .venv
.venv/bin/pip install -q --no-build-isolation --no-index .
.venv/bin/python -c 'import dyad; print("import dyad: events of the sample through Python:", len(dyad.read_store("build/sample-events.db").events))'
