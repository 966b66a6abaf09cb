#!/usr/bin/env bash
# Reproduces the syntax figures of the shipped model on UD English-EWT (needs ../shared/data):
#   gold tokenization (dyad parse --tokenized) and raw text (CoNLL 2018 raw text through
#   dyad parse), scored by dyad eval-parse; then speed and peak memory with dyad_bench.
# Usage: scripts/eval-syntax.sh [test|dev] [MODEL]
set -euo pipefail
cd "$(dirname "$0")/.."
split=${1:-test}
model=${2:-models/dyad-en.model}
gold=../shared/data/ud-en-ewt/en_ewt-ud-$split.conllu
[ -f "$gold" ] || { echo "eval-syntax: $gold not found (UD English-EWT lives in ../shared/data)" >&2; exit 1; }
out=build/eval-$split
mkdir -p "$out"
echo "== $split, gold tokenization"
./build/dyad parse --model "$model" --tokenized "$gold" > "$out/gold-tok.conllu"
./build/dyad eval-parse "$gold" "$out/gold-tok.conllu"
echo "== $split, raw text"
./build/dyad conllu-text "$gold" > "$out/raw.txt"
/usr/bin/time -f "peak RSS %M KiB, %e s" ./build/dyad parse --model "$model" "$out/raw.txt" > "$out/raw.conllu"
./build/dyad eval-parse "$gold" "$out/raw.conllu"
if [ "${SKIP_SPEED:-0}" != 1 ]; then
  echo "== speed (one thread, EWT train raw text, best of 3)"
  ./build/bench/dyad_bench --model "$model" --corpus ewt-train --runs 3
  echo "== speed (two threads, e2e)"
  ./build/bench/dyad_bench --model "$model" --corpus ewt-train --runs 3 --threads 2 --scenarios e2e
fi
