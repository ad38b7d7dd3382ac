package explain

import (
	"slices"
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
	// For regions: by their first two bytes, the needles (1+index in
	// starts), an array where in has a map (regions reads every byte of
	// a scanned log).
	at     [1 << 16]uint8
	starts [][]int
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
	for k, n := range ns.needles {
		p := pairAt(n, 0)
		if ns.at[p] == 0 {
			ns.starts = append(ns.starts, nil)
			ns.at[p] = uint8(len(ns.starts))
		}
		ns.starts[ns.at[p]-1] = append(ns.starts[ns.at[p]-1], k)
	}
	if len(ns.starts) > 255 {
		panic("explain: too many needle pairs for needleSet.at")
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

// linesAfter is how many lines after a needle's a match may end in (a
// JavaScript driver's Neo4jError spans its stack, up to 13 lines), and
// linesBefore how many before it (a JSON body's "message": on the line
// above its text).
const linesAfter, linesBefore = 13, 1

// regions are the byte ranges [start, end) of text, whole lines, merged
// and in order, that a catalogue text can match in: the lines around each
// occurrence of a needle, and lines with '%' or error_description=,
// which findIn also searches decoded. A match holds one of its entry's
// needles (the needles are its literal parts), so outside them nothing
// matches.
func (ns *needleSet) regions(text string) [][2]int {
	var out [][2]int
	add := func(at int) {
		start := strings.LastIndexByte(text[:at], '\n') + 1
		for range linesBefore {
			if start == 0 {
				break
			}
			start = strings.LastIndexByte(text[:start-1], '\n') + 1
		}
		end := at
		for range linesAfter + 1 {
			nl := strings.IndexByte(text[end:], '\n')
			if nl < 0 {
				end = len(text)
				break
			}
			end += nl + 1
		}
		if n := len(out); n > 0 && start <= out[n-1][1] {
			out[n-1][1] = max(out[n-1][1], end)
			return
		}
		out = append(out, [2]int{start, end})
	}
	// Lines findIn searches decoded too (encodedLine), where the decoded
	// line holds a needle: in order, one mark a line.
	var marks []int
	desc := -1 // where the next "_description=" is; len(text): none
	for i := 0; i < len(text); {
		if desc < i {
			desc = len(text)
			if k := strings.Index(text[i:], "_description="); k >= 0 { // '_' is rarer than 'e'
				desc = i + k
			}
		}
		j := strings.IndexByte(text[i:desc], '%')
		if j < 0 {
			if desc == len(text) {
				break
			}
			j = desc - i
		}
		start := strings.LastIndexByte(text[:i+j], '\n') + 1
		end := len(text)
		if nl := strings.IndexByte(text[i+j:], '\n'); nl >= 0 {
			end = i + j + nl + 1
		}
		if line := text[start:end]; encodedLine(line) && slices.Contains(ns.in(decodeLines(line)), true) {
			marks = append(marks, i+j)
		}
		i = max(end, i+j+1)
	}
	m := 0
	for i := 0; i+1 < len(text); i++ {
		g := ns.at[pairAt(text, i)]
		if g == 0 {
			continue
		}
		for m < len(marks) && marks[m] <= i {
			add(marks[m])
			m++
		}
		for _, k := range ns.starts[g-1] {
			if n := ns.needles[k]; len(text)-i >= len(n) && text[i:i+len(n)] == n {
				add(i)
				// One hit a line is enough: the region holds its line, and
				// a log with a needle on every line stays linear.
				if nl := strings.IndexByte(text[i:], '\n'); nl >= 0 {
					i += nl
				} else {
					i = len(text)
				}
				break
			}
		}
	}
	for ; m < len(marks); m++ {
		add(marks[m])
	}
	return out
}
