#!/usr/bin/env bash
# Builds the web page of `dyad serve` (web/ → web/dist/) with npm; the C++ build then
# compiles web/dist/ into the binary (doc/formats/serve-api.md). Needs Node.js 18+ and npm
# (npm is used only for this page; package-lock.json pins every package). Without npm it
# says so and exits 0: dyad builds anyway and its page explains how to get the real one.
# After this, re-run the cmake build so that the binary embeds the new files.
set -euo pipefail
cd "$(dirname "$0")/../web"
if ! command -v npm >/dev/null 2>&1; then
  echo "build-web: npm not found: dyad serve will carry a page that says how to build the web page"
  exit 0
fi
npm ci --no-audit --no-fund --loglevel=error
npm run build --silent
echo "build-web: web/dist built ($(find dist -type f | wc -l) files)"
