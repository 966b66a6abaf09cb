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
  # The Python package (python/, doc/python.md), built for Debian's /usr/bin/python3:
  # pybind11 for the extension module, setuptools + wheel for `pip install .` offline,
  # pandas/numpy for the event frames, dask + distributed for dyad.dask, pytest for its
  # tests, matplotlib for the tutorial's plot. python3-munkres satisfies matplotlib's
  # python3-fonttools (which needs python3-scipy | python3-munkres) without scipy: where
  # scipy is installed, every Dask worker imports scipy.sparse through dask.array (10 MB
  # of a worker's peak; doc/python.md, "Figures"), and nothing in dyad uses it.
  python3-dev python3-venv python3-pip python3-setuptools python3-wheel
  pybind11-dev python3-pybind11 python3-numpy python3-pandas
  python3-dask python3-distributed python3-pytest python3-munkres python3-matplotlib
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
