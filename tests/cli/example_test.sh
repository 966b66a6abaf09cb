#!/usr/bin/env bash
# The library as another program uses it: installs this build into a temporary prefix,
# builds examples/ against it with find_package(dyad), runs the example, and checks that it
# coded events from its paragraph. Usage: example_test.sh BUILD_DIR SOURCE_DIR [CXX_FLAGS]
set -euo pipefail
build=$1 src=$2 flags=${3:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
cmake -S "$src/examples" -B "$work/example" -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS="$flags" >/dev/null
cmake --build "$work/example" >/dev/null
# The installed model and dictionaries, not the build tree's.
out=$(DYAD_MODEL="$work/prefix/share/dyad/models/dyad-en.model" \
      DYAD_DICT="$work/prefix/share/dyad/dict" "$work/example/code_paragraph")
echo "$out"
grep -q '^20240501 RUS -> ' <<<"$out" || { echo "FAIL: no RUS event from the example" >&2; exit 1; }
[ "$(wc -l <<<"$out")" -ge 2 ] || { echo "FAIL: fewer than 2 events" >&2; exit 1; }
echo "example ok"
