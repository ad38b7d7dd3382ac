package explain

import (
	"strings"
	"sync"
)

// needleSet finds which of many literal needles a text holds in one pass:
// a bitmap of the needles' first two bytes marks the places worth a
// comparison. Find searched the text once per needle (78 of them), which
// made a large log's scan ten times slower than the token search.
type needleSet struct {
	needles []string
	first   [1 << 16 / 64]uint64 // first two bytes of some needle
	byPair  map[uint16][]int     // needles by their first two bytes
	index   map[string]int       // needle → its place in needles
}

func pairAt(s string, i int) uint16 { return uint16(s[i])<<8 | uint16(s[i+1]) }

func newNeedleSet(entries []*Entry) *needleSet {
	ns := &needleSet{byPair: map[uint16][]int{}, index: map[string]int{}}
	for _, e := range entries {
		for _, n := range e.Needles {
			if _, ok := ns.index[n]; ok || len(n) < 2 {
				continue
			}
			ns.index[n] = len(ns.needles)
			ns.needles = append(ns.needles, n)
			p := pairAt(n, 0)
			ns.first[p/64] |= 1 << (p % 64)
			ns.byPair[p] = append(ns.byPair[p], ns.index[n])
		}
	}
	return ns
}

// in reports, by needle, whether text holds it.
func (ns *needleSet) in(text string) []bool {
	found := make([]bool, len(ns.needles))
	left := len(ns.needles)
	for i := 0; i+1 < len(text) && left > 0; i++ {
		p := pairAt(text, i)
		if ns.first[p/64]&(1<<(p%64)) == 0 {
			continue
		}
		for _, k := range ns.byPair[p] {
			if n := ns.needles[k]; !found[k] && len(text)-i >= len(n) && text[i:i+len(n)] == n {
				found[k] = true
				left--
			}
		}
	}
	return found
}

// holds reports whether any of e's needles is among found (a needle too
// short for the set is looked for in text itself).
func (ns *needleSet) holds(e *Entry, found []bool, text string) bool {
	for _, n := range e.Needles {
		if k, ok := ns.index[n]; ok {
			if found[k] {
				return true
			}
		} else if len(n) > 0 && strings.Contains(text, n) {
			return true
		}
	}
	return false
}

var needles = sync.OnceValue(func() *needleSet { return newNeedleSet(catalogue) })
