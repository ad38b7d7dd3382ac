package shellwords

import (
	"reflect"
	"testing"
)

func texts(ws []Word) []string {
	var out []string
	for _, w := range ws {
		out = append(out, w.Text)
	}
	return out
}

func TestSplit(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []string
	}{
		{`docker run -e 'A=b c' --env "B=\"q\" \$x" C\ D`, []string{"docker", "run", "-e", "A=b c", "--env", `B="q" $x`, "C D"}},
		{"docker run \\\n  --env A=1 \\\r\n  --env B=2", []string{"docker", "run", "--env", "A=1", "--env", "B=2"}},
		{"a\\\nb", []string{"ab"}}, // a continuation does not end the word
		{"# set up\ndocker run -e A=1 # the first\n", []string{"\n", "docker", "run", "-e", "A=1", "\n"}},
		{"x=a;b && c || d | e & f;;", []string{"x=a", ";", "b", "&&", "c", "||", "d", "|", "e", "&", "f", ";;"}},
		{`'' "" a#b`, []string{"", "", "a#b"}},
		{`unterminated "quote`, []string{"unterminated", "quote"}},
	} {
		if got := texts(Split(tt.in)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Split(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestSplitKeepsPlaces: each word's offsets span its text as written,
// quotes included, so a reader can name its line.
func TestSplitKeepsPlaces(t *testing.T) {
	s := "docker run \\\n  --env 'A=1'\n"
	for _, w := range Split(s) {
		if w.Operator {
			continue
		}
		written := s[w.Start:w.End]
		if w.Text == "A=1" && written != "'A=1'" {
			t.Errorf("%q spans %q", w.Text, written)
		}
		if w.Text == "--env" && w.Start != 15 {
			t.Errorf("--env starts at %d, want 15", w.Start)
		}
	}
}

// TestArgs: read as one command, ; & | are characters and a newline
// separates words (a cURL command copied with its URL unquoted).
func TestArgs(t *testing.T) {
	got := Args("curl https://idp/cb?code=a&state=b\n  -H 'Authorization: Bearer x'")
	want := []string{"curl", "https://idp/cb?code=a&state=b", "-H", "Authorization: Bearer x"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Args = %q, want %q", got, want)
	}
}

func FuzzSplit(f *testing.F) {
	for _, s := range []string{"docker run -e 'A=b' \\\n --env B=\"c\\\"\"", "a;b&&c|d#e\n#f", `"\`, "'", "\\"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		last := 0
		for _, w := range Split(s) {
			if w.Start < last || w.End < w.Start || w.End > len(s) {
				t.Fatalf("word %+v out of place (after %d, text of %d bytes)", w, last, len(s))
			}
			if len(w.Text) > w.End-w.Start {
				t.Fatalf("word %+v longer than its span", w)
			}
			last = w.End
		}
		Args(s)
	})
}

// TestSplitMarksExpansions: $ and ` outside single quotes are the shell's
// (a variable, a command substitution); escaped or single-quoted they are
// characters.
func TestSplitMarksExpansions(t *testing.T) {
	for in, want := range map[string]bool{
		`A=$X`: true, `"A=$(cat f)"`: true, "A=`id`": true, `'A=$X'`: false, `A=\$X`: false, `"A=\$X"`: false, `A=x`: false,
	} {
		ws := Split(in)
		if len(ws) != 1 || ws[0].Expands != want {
			t.Errorf("Split(%q) = %+v, want Expands %v", in, ws, want)
		}
	}
}

func TestSplitN(t *testing.T) {
	if got := texts(SplitN("a b; c d", 3)); !reflect.DeepEqual(got, []string{"a", "b", ";"}) {
		t.Errorf("SplitN 3 = %q", got)
	}
	if got := texts(SplitN("a b", 0)); !reflect.DeepEqual(got, []string{"a", "b"}) {
		t.Errorf("SplitN 0 = %q", got)
	}
}
