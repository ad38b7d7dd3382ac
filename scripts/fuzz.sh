#!/usr/bin/env bash
# Runs every fuzz target of the project for the given time each (default 10s).
# Usage: scripts/fuzz.sh [DURATION]
set -euo pipefail
fuzztime="${1:-10s}"
cd "$(dirname "$0")/.."
status=0
for file in $(grep -l --include='*_test.go' -r '^func Fuzz' --exclude-dir=app --exclude-dir=build .); do
  pkg="./$(dirname "${file#./}")"
  for target in $(grep -o '^func Fuzz[A-Za-z0-9_]*' "$file" | sed 's/^func //'); do
    echo "fuzz: $pkg $target for $fuzztime"
    if ! go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" "$pkg" > "/tmp/fuzz-$target.log" 2>&1; then
      cat "/tmp/fuzz-$target.log"
      echo "fuzz: $target FAILED (the crashing input is under $pkg/testdata/fuzz/$target)"
      status=1
    else
      tail -n 2 "/tmp/fuzz-$target.log" | sed 's/^/  /'
    fi
  done
done
exit $status
