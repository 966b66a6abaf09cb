#!/usr/bin/env bash
# End-to-end speed of two builds of dyad in the same run (the Engine issue's "speed
# unchanged" figure): `dyad code` on one thread over the corpus of scripts/bench-code.sh
# (every `# text` line of UD English-EWT and the PETRARCH GigaWord sample, 8 sentences to
# a document, >= 100,000 sentences), alternating OLD and NEW RUNS times each so that the
# machine's load falls on both alike. Prints each run's sentences/s, both medians and
# NEW/OLD. Usage: scripts/compare-speed.sh OLD_DYAD NEW_DYAD [RUNS]   (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
old=$(realpath "$1"); new=$(realpath "$2"); runs=${3:-5}
work=${TMPDIR:-/tmp}/dyad-bench-code
corpus=$work/corpus.jsonl
if [ ! -s "$corpus" ]; then
  # bench-code.sh builds the corpus (from ../shared/data) on its first run.
  CORPUS_ONLY=1 scripts/bench-code.sh > /dev/null
fi
export DYAD_DICT=$PWD/data/dict
rate() {  # binary → sentences/s from dyad code's summary line
  "$1" code "$corpus" --threads 1 2>&1 >/dev/null | sed -n 's/.*(\([0-9]*\) sentences\/s).*/\1/p'
}
declare -a o n
for ((i = 0; i < runs; i++)); do
  o+=("$(rate "$old")"); n+=("$(rate "$new")")
  echo "run $((i + 1)): old ${o[-1]}  new ${n[-1]} sentences/s"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mo=$(median "${o[@]}"); mn=$(median "${n[@]}")
echo "median: old $mo, new $mn sentences/s; new/old = $(awk -v a="$mn" -v b="$mo" 'BEGIN{printf "%.3f", a/b}')"
