#!/usr/bin/env bash
# End-to-end speed of `dyad code` (issue 4 figures): raw text → events on a corpus of real
# sentences — every `# text` line of UD English-EWT plus the PETRARCH GigaWord sample
# sentences, grouped 8 to a JSONL document and repeated to at least 100,000 sentences.
# The corpus is built under $TMPDIR from ../shared/data (never committed). Reports, for
# JSONL with 1 and 2 threads and for SQLite with 1 thread: wall time, sentences/s, peak RSS.
# Usage: scripts/bench-code.sh [BUILD_DIR]   (default build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
data=../shared/data
if [ ! -d "$data/ud-en-ewt" ]; then
  echo "bench-code: $data/ud-en-ewt is absent; this benchmark needs ../shared/data" >&2
  exit 2
fi
work=${TMPDIR:-/tmp}/dyad-bench-code
mkdir -p "$work"
corpus=$work/corpus.jsonl
if [ ! -s "$corpus" ]; then
  {
    grep -h '^# text = ' "$data"/ud-en-ewt/en_ewt-ud-{train,dev,test}.conllu | sed 's/^# text = //'
    # GigaWord sample: the text between <Text> and </Text>, joined onto one line.
    awk '/<Text>/{on=1; s=""; next} /<\/Text>/{on=0; gsub(/[ \t]+/, " ", s); print s; next}
         on{s = s " " $0}' "$data"/petrarch/validation/GigaWord.sample.PETR.xml
  } > "$work/sentences.txt"
  n=$(wc -l < "$work/sentences.txt")
  reps=$(( (100000 + n - 1) / n ))
  for ((r = 0; r < reps; r++)); do cat "$work/sentences.txt"; done |
    awk -v OFS='' '
      function esc(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); gsub(/\t/, " ", s); return s }
      NF == 0 { next }
      { buf = (k == 0 ? "" : buf " ") esc($0); k++; total++
        if (k == 8) { print "{\"id\":\"d", ++doc, "\",\"date\":\"2019-06-01\",\"text\":\"", buf, "\"}"; k = 0 } }
      END { if (k > 0) print "{\"id\":\"d", ++doc, "\",\"date\":\"2019-06-01\",\"text\":\"", buf, "\"}"
            print total > "/dev/stderr" }' > "$corpus" 2> "$work/count"
fi
echo "corpus: $corpus, $(cat "$work/count") input sentences, $(wc -l < "$corpus") documents"
[ "${CORPUS_ONLY:-0}" = 1 ] && exit 0  # scripts/compare-speed.sh only needs the corpus
run() {
  local label=$1; shift
  rm -f "$work/events.db" "$work/events.db-wal" "$work/events.db-shm"
  # Exit status 5 (some input skipped) is reported by the summary, not an error here.
  /usr/bin/time -f '%e %M %U %S' -o "$work/time" "$build/dyad" code "$@" "$corpus" > "$work/out" 2> "$work/err" ||
    [ $? -eq 5 ] || { cat "$work/err" >&2; exit 1; }
  local wall rss user sys sent
  read -r wall rss user sys < <(tail -n 1 "$work/time")
  sent=$(grep -o '[0-9]* sentences,' "$work/err" | head -1 | grep -o '[0-9]*')
  printf '%-20s %7.2f s wall %9.0f sentences/s  CPU %6.2f s  peak RSS %4d MB  (%s sentences, %s)\n' \
    "$label" "$wall" "$(awk -v s="$sent" -v w="$wall" 'BEGIN{print s / w}')" \
    "$(awk -v u="$user" -v t="$sys" 'BEGIN{print u + t}')" $((rss / 1024)) "$sent" \
    "$(grep -o '[0-9]* events' "$work/err" | head -1)"
}
run "jsonl, 1 thread" --threads 1
run "jsonl, 2 threads" --threads 2
run "sqlite, 1 thread" --threads 1 --db "$work/events.db"
run "sqlite, 2 threads" --threads 2 --db "$work/events.db"
