#!/usr/bin/env bash
# Second README command (and what CI runs): builds dyad and runs
#   1. the unit tests (fast suite; with the Python package's tests against the CLI, on a
#      dask.distributed cluster too),
#   1b. `pip install .` of the Python package into a fresh virtual environment, and a test
#      against the installed package,
#   2. the accuracy floors on the validation suites (slow suite; needs ../shared/data),
#   3. a short run of every libFuzzer target (clang),
#   4. the unit tests again under AddressSanitizer + UndefinedBehaviorSanitizer.
# The web page of `dyad serve` is built first (scripts/build-web.sh, when npm is present) so
# that the binary embeds it and the browser test (ServeBrowser) runs; its screenshots are
# left in build/serve-screenshots/ (CI artefacts).
# Environment: FUZZ_SECONDS (per target, default 20; see fuzz_seconds), SKIP_FUZZ=1,
# SKIP_SANITIZE=1.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
./scripts/install-deps.sh
echo "== web page (dyad serve)"
./scripts/build-web.sh

echo "== build (Release)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$jobs"

echo "== unit tests"
ctest --test-dir build --output-on-failure -j"$jobs" -E Slow

echo "== Python package: pip install . into a fresh virtual environment (offline)"
rm -rf build/venv-test
/usr/bin/python3 -m venv --system-site-packages build/venv-test
build/venv-test/bin/pip install -q --no-build-isolation --no-index .
(cd build && venv-test/bin/python -c 'import dyad, sys; sys.exit("venv-test" not in dyad.__file__)' &&
  DYAD_CLI="$PWD/dyad" venv-test/bin/python -m pytest -q -p no:cacheprovider \
    ../python/tests/test_api.py -k equals_the_cli)

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
  # The neural default model runs ~50x slower under ASan (a 200 KB line: 120 s), so the
  # sanitized suite codes with the fast model ($DYAD_MODEL); the network's code runs under
  # ASan in the syntax tests' small trained networks (nn_test, the neural parser tests).
  DYAD_MODEL="$PWD/models/dyad-en-fast.model" ASAN_OPTIONS=detect_leaks=1 \
    UBSAN_OPTIONS=print_stacktrace=1 ctest --test-dir build-asan --output-on-failure \
    -j"$jobs" -E Slow
fi
[ -d build/serve-screenshots ] && echo "== browser screenshots: build/serve-screenshots/"
echo "== all tests passed"
