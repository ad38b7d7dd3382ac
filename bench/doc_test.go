// Package bench holds the in-process benchmarks `make bench` reports beside
// the whole-process ones (scripts/bench.sh): the Neo4j login prediction per
// token against bare golang-jwt, and sign-in round trips against the demo
// provider. The peer scripts and the data generator (gen/) live here too.
// Speed targets are read from these benchmarks, never asserted in tests.
package bench
