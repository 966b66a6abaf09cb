#!/usr/bin/env bash
# First README command: installs the Debian dependencies, builds dyad, and runs the main
# job on the bundled sample (data/sample/), printing part of its output.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
echo
echo "== dyad parse data/sample/news.txt (first sentences)"
./build/dyad parse --threads "$(nproc)" data/sample/news.txt > build/sample.conllu
head -n 40 build/sample.conllu
echo "... full output in build/sample.conllu ($(grep -c '^# sent_id' build/sample.conllu) sentences)"
