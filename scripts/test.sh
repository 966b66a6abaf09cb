#!/usr/bin/env bash
# Second README command (and what CI runs): builds dyad and runs
#   1. the unit tests (fast suite),
#   2. the accuracy floors on the validation suites (slow suite; needs ../shared/data),
#   3. a short run of every libFuzzer target (clang),
#   4. the unit tests again under AddressSanitizer + UndefinedBehaviorSanitizer.
# Environment: FUZZ_SECONDS (per target, default 20; see fuzz_seconds), SKIP_FUZZ=1,
# SKIP_SANITIZE=1.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
./scripts/install-deps.sh

echo "== build (Release)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$jobs"

echo "== unit tests"
ctest --test-dir build --output-on-failure -j"$jobs" -E Slow

echo "== accuracy floors (slow suite)"
ctest --test-dir build --output-on-failure -R Slow

# Seconds of fuzzing for target $1. The seven targets added for issue 14 share about 90 s
# (with their build, under 3 minutes of CI): the end-to-end engine (the most code per
# input) most, the thin wrappers least.
fuzz_seconds() {
  local base=${FUZZ_SECONDS:-20}
  case "$1" in
    engine_fuzz) echo $((base * 5 / 4)) ;;
    decompress_fuzz | input_walk_fuzz | store_fuzz | dict_layers_fuzz) echo $((base * 3 / 5)) ;;
    input_text_fuzz | tokenizer_model_fuzz) echo $((base * 2 / 5)) ;;
    *) echo "$base" ;;
  esac
}

if [ "${SKIP_FUZZ:-0}" != 1 ]; then
  echo "== fuzzing (${FUZZ_SECONDS:-20} s per target, see fuzz_seconds)"
  cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
    -DDYAD_BUILD_FUZZ=ON -DDYAD_BUILD_TESTS=OFF -DDYAD_BUILD_BENCH=OFF >/dev/null
  cmake --build build-fuzz -j"$jobs"
  for f in build-fuzz/fuzz/*_fuzz; do
    [ -x "$f" ] || continue
    name=$(basename "$f")
    corpus="build-fuzz/corpus-$name"
    mkdir -p "$corpus"
    seeds="fuzz/seeds/${name%_fuzz}"
    [ -d "$seeds" ] || seeds=""
    secs=$(fuzz_seconds "$name")
    echo "-- $name (${secs} s)"
    # A fixed seed makes the run repeatable: a finding reproduces with the same command.
    "$f" -seed=1 -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=0 "$corpus" $seeds 2>&1 | tail -n 2
  done
fi

if [ "${SKIP_SANITIZE:-0}" != 1 ]; then
  echo "== unit tests under ASan + UBSan"
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDYAD_SANITIZE=ON \
    -DDYAD_BUILD_BENCH=OFF >/dev/null
  cmake --build build-asan -j"$jobs"
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-asan --output-on-failure -j"$jobs" -E Slow
fi
echo "== all tests passed"
