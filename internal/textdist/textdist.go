// Package textdist measures how far apart two words are, for "did you
// mean" suggestions (a mistyped setting, command, flag or finding code).
package textdist

// Levenshtein is the edit distance between a and b, in runes. Words
// longer than 200 bytes are never near anything (a large distance), so a
// hostile input costs no quadratic work.
func Levenshtein(a, b string) int {
	if len(a) > 200 || len(b) > 200 {
		return 1 << 20
	}
	// Runes and rows live on the stack: a suggestion compares an unknown
	// word with every known one, and a hostile file has a million of them.
	var abuf, bbuf [200]rune
	var pbuf, cbuf [201]int
	ra, rb := abuf[:0], bbuf[:0]
	for _, r := range a {
		ra = append(ra, r)
	}
	for _, r := range b {
		rb = append(rb, r)
	}
	prev, cur := pbuf[:len(rb)+1], cbuf[:len(rb)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
