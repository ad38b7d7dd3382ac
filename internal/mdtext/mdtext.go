// Package mdtext writes untrusted text into Markdown: the one escaping
// rule of every Markdown the project writes (the report, the findings
// catalogue), so that no text can open markup or end a table cell.
package mdtext

import "strings"

// escaper escapes what Markdown would read as markup, and the pipe that
// ends a table cell.
var escaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "<", `\<`, ">", `\>`, "|", `\|`,
	"\r\n", " ", "\n", " ", "\r", " ",
)

// Text is s as Markdown text: what Markdown would read as markup, and the
// pipe that ends a table cell, escaped; line breaks made spaces.
func Text(s string) string { return escaper.Replace(s) }

// Code is s as a code span: a fence longer than any run of backticks in
// the text, and an escaped pipe (GFM tables split on it even in code).
func Code(s string) string {
	if s == "" {
		return ""
	}
	s = strings.NewReplacer("|", `\|`, "\r\n", " ", "\n", " ", "\r", " ").Replace(s)
	longest := longestBackticks(s)
	fence := strings.Repeat("`", longest+1)
	if longest > 0 || strings.HasPrefix(s, " ") {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

// Fence is a code block fence longer than any run of backticks in the
// text, so the text cannot close it.
func Fence(s string) string {
	longest := longestBackticks(s)
	return strings.Repeat("`", max(3, longest+1))
}

// longestBackticks is the longest run of backticks in s.
func longestBackticks(s string) int {
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return longest
}
