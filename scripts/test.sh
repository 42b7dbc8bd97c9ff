#!/usr/bin/env bash
# Runs the whole suite through ctest; screenshots and logs land in BUILD/test-artifacts.
set -euo pipefail
build=${1:-build}
mkdir -p "$build/test-artifacts"
cd "$build"
ctest --output-on-failure -j "$(nproc)" --timeout 600
