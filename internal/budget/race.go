//go:build race

package budget

// Race is true when the race detector is on: it multiplies time and memory
// several times, so large-input tests shrink their inputs under it.
const Race = true
