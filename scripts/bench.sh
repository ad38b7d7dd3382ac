#!/usr/bin/env bash
# make bench: the in-process benchmarks of the core, as one table.
# Speed targets live here, never in timed tests.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp)
trap 'rm -f "$out"' EXIT
go test -run '^$' -bench "${BENCH:-.}" -benchmem -benchtime "${BENCHTIME:-1s}" -count "${COUNT:-1}" ./inspector/... | tee "$out" >&2
echo
printf '%-34s %14s %12s %12s %10s\n' benchmark ns/op MB/s B/op allocs/op
awk '/^Benchmark/ {
  name=$1; sub(/-[0-9]+$/, "", name); ns=""; mbs="-"; bop=""; allocs="";
  for (i=2; i<=NF; i++) {
    if ($(i+1)=="ns/op") ns=$i; if ($(i+1)=="MB/s") mbs=$i;
    if ($(i+1)=="B/op") bop=$i; if ($(i+1)=="allocs/op") allocs=$i;
  }
  printf "%-34s %14s %12s %12s %10s\n", name, ns, mbs, bop, allocs }' "$out"
