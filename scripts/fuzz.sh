#!/usr/bin/env bash
# Runs every fuzz target of the project for the given time each (default 10s).
# Usage: scripts/fuzz.sh [DURATION]
#
# A target fails when go test -fuzz writes a failing input (a new file under
# testdata/fuzz/<target>/). Go 1.26's fuzz coordinator can also fail a
# target with a bare "context deadline exceeded" at the -fuzztime boundary
# and no input (golang/go#75804, fixed in Go 1.27): such a run is retried
# once and, if it repeats without an input, reported as that race, not as
# a crash.
set -euo pipefail
fuzztime="${1:-10s}"
cd "$(dirname "$0")/.."
status=0
corpus() { ls "$1" 2>/dev/null | sort || true; }
for file in $(grep -l --include='*_test.go' -r '^func Fuzz' --exclude-dir=app --exclude-dir=build .); do
  pkg="./$(dirname "${file#./}")"
  for target in $(grep -o '^func Fuzz[A-Za-z0-9_]*' "$file" | sed 's/^func //'); do
    dir="$pkg/testdata/fuzz/$target"
    log="/tmp/fuzz-$target.log"
    for attempt in 1 2; do
      echo "fuzz: $pkg $target for $fuzztime"
      before=$(corpus "$dir")
      if go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" "$pkg" >"$log" 2>&1; then
        tail -n 2 "$log" | sed 's/^/  /'
        break
      fi
      if [ "$(corpus "$dir")" != "$before" ] || ! grep -q '^    context deadline exceeded$' "$log"; then
        cat "$log"
        echo "fuzz: $target FAILED (the failing input is under $dir)"
        status=1
        break
      fi
      if [ "$attempt" = 1 ]; then
        echo "  context deadline exceeded with no failing input (Go's fuzz coordinator race, golang/go#75804): retrying once"
      else
        echo "  the coordinator race again, and still no failing input: not a crash"
      fi
    done
  done
done
exit $status
