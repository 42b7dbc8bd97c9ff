#!/usr/bin/env bash
# `make bench`: every benchmark prints its figures beside their budgets; exits non-zero
# if any budget is exceeded (after running them all).
set -uo pipefail
build=${1:-build}
status=0
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -r), $(date -u +%Y-%m-%dT%H:%MZ)"
for b in "$build"/bin/*_bench; do
  [ -x "$b" ] || continue
  echo
  "$b" || status=1
done
exit $status
