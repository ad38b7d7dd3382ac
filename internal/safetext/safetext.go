// Package safetext is the one rule for showing untrusted text (claims,
// header values, conf values, server and provider messages) on a terminal,
// in a report or in a label: characters that move the cursor, erase, hide,
// reorder or vanish are written out visibly, strconv.Quote-style, instead
// of being sent raw.
//
// Escaped: C0 controls, DEL and C1 controls (\x1b, \x07, \u0085), bidi
// embeddings, overrides, isolates and marks (U+202A–202E, U+2066–2069,
// U+200E, U+200F, U+061C), every other invisible formatting character
// (Unicode category Cf: zero-width space, U+FEFF, tag characters…) and the
// other default-ignorable code points (Hangul fillers…), the line and
// paragraph separators U+2028/U+2029, and bytes that are not UTF-8 (\xff).
// Ordinary text (é, 日本, emoji, →) is kept as it is, and so is a zero-width
// joiner between two symbols (the joiner inside 👩‍💻). The backslash is not
// escaped: the result is for reading, not for parsing back.
//
// Line escapes newlines and tabs too (a value shown on one line); Block
// keeps "\n" and "\t" (multi-line text such as a conf excerpt or code).
// This package imports nothing of the project, so every layer can use it.
package safetext

import (
	"fmt"
	"io"
	"reflect"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// Line returns s safe to show on one line: every unsafe character,
// newlines and tabs included, is escaped. s is returned as is (no copy)
// when nothing needs escaping.
func Line(s string) string { return escape(s, false) }

// Block returns s safe to show as multi-line text: like Line, but "\n" and
// "\t" are kept.
func Block(s string) string { return escape(s, true) }

// FirstUnsafe returns the byte offset of the first character Line would
// escape, or -1 when there is none; keepNewlines allows "\n" and "\t" as
// Block does. Tests use it to assert output is clean.
func FirstUnsafe(s string, keepNewlines bool) int {
	for i := 0; i < len(s); {
		// Eight printable ASCII characters at a time: no byte below 0x20
		// (x-0x20… borrows into its high bit) and none at 0x7f or above
		// (x+0x01… carries into it, or it is set already).
		for ; i+8 <= len(s); i += 8 {
			x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
				uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
			if ((x-0x2020202020202020)|(x+0x0101010101010101)|x)&0x8080808080808080 != 0 {
				break
			}
		}
		if i >= len(s) {
			break
		}
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			if keepNewlines && (c == '\n' || c == '\t') {
				i++
				continue
			}
			return i
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || unsafeRune(s, i, r, size) {
			return i
		}
		i += size
	}
	return -1
}

func escape(s string, keepNewlines bool) string {
	first := FirstUnsafe(s, keepNewlines)
	if first < 0 {
		return s
	}
	b := make([]byte, 0, len(s)+16)
	b = append(b, s[:first]...)
	for i := first; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c >= 0x20 && c < 0x7f, keepNewlines && (c == '\n' || c == '\t'):
				b = append(b, c)
			case c == '\n':
				b = append(b, `\n`...)
			case c == '\t':
				b = append(b, `\t`...)
			case c == '\r':
				b = append(b, `\r`...)
			default:
				b = appendHex(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = appendHex(b, c)
		case unsafeRune(s, i, r, size):
			b = appendRune(b, r)
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return string(b)
}

func appendHex(b []byte, c byte) []byte {
	const hex = "0123456789abcdef"
	return append(b, '\\', 'x', hex[c>>4], hex[c&0xf])
}

func appendRune(b []byte, r rune) []byte {
	if r <= 0xffff {
		b = append(b, `\u`...)
		return appendPadded(b, r, 4)
	}
	b = append(b, `\U`...)
	return appendPadded(b, r, 8)
}

func appendPadded(b []byte, r rune, width int) []byte {
	h := strconv.FormatInt(int64(r), 16)
	for i := len(h); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, h...)
}

// unsafeRune reports whether the non-ASCII rune r at s[i:i+size] must be
// escaped.
func unsafeRune(s string, i int, r rune, size int) bool {
	switch {
	case r >= 0x80 && r <= 0x9f: // C1
		return true
	case r == '\u2028' || r == '\u2029':
		return true
	case r == '\u200d': // zero-width joiner: kept inside an emoji sequence
		return !joinsSymbols(s, i, size)
	case unicode.Is(unicode.Cf, r), unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r):
		return true
	case !unicode.IsPrint(r): // private use, unassigned, spaces that look like none
		return true
	}
	return false
}

// joinsSymbols reports whether the joiner at s[i:i+size] sits between two
// symbols (an emoji ZWJ sequence); a variation selector may precede it.
func joinsSymbols(s string, i, size int) bool {
	before, _ := utf8.DecodeLastRuneInString(s[:i])
	if unicode.Is(unicode.Variation_Selector, before) {
		before, _ = utf8.DecodeLastRuneInString(s[:i-utf8.RuneLen(before)])
	}
	after, _ := utf8.DecodeRuneInString(s[i+size:])
	return isSymbol(before) && isSymbol(after)
}

func isSymbol(r rune) bool {
	return r > 0x7f && r != utf8.RuneError && (unicode.Is(unicode.So, r) || unicode.Is(unicode.Sk, r))
}

// Fprintf is fmt.Fprintf for renderers: the format is trusted and written
// as is, every argument of a string kind, every error and every
// fmt.Stringer is shown through Line, cut to MaxArgRunes. Numbers and booleans pass through.
func Fprintf(w io.Writer, format string, args ...any) (int, error) {
	return fmt.Fprintf(w, format, Args(args)...)
}

// Sprintf is Fprintf to a string.
func Sprintf(format string, args ...any) string {
	return fmt.Sprintf(format, Args(args)...)
}

// Args returns args with every string-kinded value, error and Stringer
// replaced by its Line form; slices of strings are escaped element by
// element. Other values are returned as they are.
func Args(args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		out[i] = arg(a)
	}
	return out
}

func arg(a any) any {
	switch v := a.(type) {
	case nil:
		return nil
	case string:
		return Line(Clip(v, MaxArgRunes))
	case error:
		return Line(Clip(v.Error(), MaxArgRunes))
	case fmt.Stringer:
		return Line(Clip(v.String(), MaxArgRunes))
	case []string:
		c := make([]string, len(v))
		for i, s := range v {
			c[i] = Line(Clip(s, MaxArgRunes))
		}
		return c
	case []byte:
		return Line(Clip(string(v), MaxArgRunes))
	}
	rv := reflect.ValueOf(a)
	if rv.Kind() == reflect.String {
		return Line(Clip(rv.String(), MaxArgRunes))
	}
	return a
}

// Walk applies Line to every string reachable from v, which must be a
// pointer: through pointers, structs (exported fields), slices and arrays.
// A struct field tagged `safetext:"block"` gets Block instead (multi-line
// text). Renderers that lay data out in a view model call it once on the
// whole view.
func Walk(v any) {
	walk(reflect.ValueOf(v), false, 0)
}

func walk(v reflect.Value, block bool, depth int) {
	if depth > 64 {
		return // view models are shallow; a cycle is not followed forever
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walk(v.Elem(), block, depth+1)
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < v.NumField(); i++ {
			if !t.Field(i).IsExported() {
				continue
			}
			walk(v.Field(i), t.Field(i).Tag.Get("safetext") == "block", depth+1)
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			walk(v.Index(i), block, depth+1)
		}
	case reflect.String:
		if !v.CanSet() {
			return
		}
		if block {
			v.SetString(Block(Clip(v.String(), MaxBlockRunes)))
		} else {
			v.SetString(Line(Clip(v.String(), MaxArgRunes)))
		}
	}
}

// NewWriter returns a writer that shows everything written to it through
// Block: for a stream of messages (stderr) whose pieces are not rendered
// one by one. A character split across two writes is escaped byte by byte.
func NewWriter(w io.Writer) io.Writer { return blockWriter{w} }

type blockWriter struct{ w io.Writer }

func (b blockWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(b.w, Block(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// MaxArgRunes bounds each argument Fprintf shows, and each string Walk
// leaves on one line: a longer value is cut (Clip). Whole values are in the
// JSON output.
const MaxArgRunes = 2000

// MaxBlockRunes bounds each multi-line (Block) field Walk leaves.
const MaxBlockRunes = 256 << 10

// Clip cuts s to at most n runes and says how much was left out. It reads
// at most n runes of s, so clipping a huge value costs what is kept.
func Clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := 0
	for k := 0; k < n && i < len(s); k++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	if i >= len(s) {
		return s
	}
	return s[:i] + "… (" + strconv.Itoa(len(s)-i) + " more bytes)"
}
