#!/usr/bin/env bash
# Installs every build and test dependency of dyad from Debian 12 packages.
# This is the only place dependencies are installed; README and .ci/run call it.
set -euo pipefail
pkgs=(
  build-essential g++ cmake pkg-config        # toolchain (C++20 with g++ 12)
  clang libclang-rt-14-dev                    # libFuzzer and sanitizer runtimes for fuzz targets
  libgtest-dev libgmock-dev                   # unit tests
  libbenchmark-dev                            # micro-benchmarks in bench/
  libcli11-dev                                # command-line parsing
  nlohmann-json3-dev                          # JSON reading/writing (JSONL I/O)
  zlib1g-dev                                  # crc32 checksums in the model file, .gz input
  libzstd-dev                                 # .zst input
  libgumbo-dev                                # HTML input: article text from a real HTML5 parser
  libexpat1-dev                               # PETRARCH story XML input (streaming XML parser)
  libsqlite3-dev                              # the event store
  libeigen3-dev                               # linear algebra for the neural parser (Eigen 3.4)
  time                                        # peak-memory figures in scripts/eval-syntax.sh
  libcpp-httplib-dev                          # dyad serve: the HTTP server (header-only)
  chromium chromium-driver python3-selenium   # dyad serve's browser tests (headless)
  # The gazetteer (doc/formats/gazetteer.md), built at build time by tools/geo-export:
  # libgeonames-common/-dev carry GeoNames' 15,000+ cities (data CC BY 4.0; the library's
  # code is GPL-3, so dyad reads only its data and links none of it), GLib decodes that
  # data, iso-codes maps ISO 3166 alpha-2 to alpha-3.
  libgeonames-common libgeonames-dev libglib2.0-dev iso-codes
)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
echo "dyad dependencies installed"
