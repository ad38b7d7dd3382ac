package textdist

import "testing"

func TestLevenshtein(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"inspect", "inspect", 0}, {"inpsect", "inspect", 2}, {"jsno", "json", 2},
		{"audience", "audiences", 1}, {"kitten", "sitting", 3}, {"é", "e", 1},
	} {
		if got := Levenshtein(tc.a, tc.b); got != tc.want {
			t.Errorf("Levenshtein(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
	long := string(make([]byte, 201))
	if Levenshtein(long, "x") < 1000 {
		t.Error("a word over 200 bytes must be far from everything")
	}
}

func TestLevenshteinDoesNotAllocate(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { Levenshtein("dbms.security.auth_enabled", "dbms.security.auth_enable") }); n != 0 {
		t.Errorf("Levenshtein allocates %v times per call", n)
	}
}
