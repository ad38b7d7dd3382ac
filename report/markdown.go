package report

import (
	"fmt"
	"strings"
)

// Markdown renders the investigation as GitHub-flavoured Markdown: for a
// support ticket, an issue or a wiki page.
func Markdown(inv *Investigation, opts Options) []byte {
	v := build(inv, opts)
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }

	w("# %s\n\n", mdText(v.Title))
	w("Generated %s by SSO Lens.", v.Generated)
	if v.Redacted {
		w(" Redacted: tokens are shown by fingerprint only; secrets, e-mail addresses and names are masked.")
	}
	w("\n\n## Summary\n\n**%s**\n\n", mdText(v.Summary.Headline))
	if writeMarkdownFix(&b, "", v.Summary.Fix, v.Summary.Command) {
		b.WriteString("\n")
	}
	for _, l := range v.Summary.Lines {
		w("- %s\n", mdText(l))
	}

	if p := v.Prediction; p != nil {
		w("\n## Neo4j prediction\n\n")
		w("- provider: %s · Neo4j %s rules\n", mdCode(p.Provider), mdText(p.Version))
		if p.Bearer {
			w("- a driver or the Query API sends the %s as a bearer token; Neo4j validates it\n", mdCode(p.Authentication))
		} else {
			w("- the SSO client decodes the %s (token_type_principal); Neo4j validates the %s (token_type_authentication)\n", mdCode(p.Principal), mdCode(p.Authentication))
		}
		if p.Username != "" {
			w("- username: %s\n", mdCode(p.Username))
		}
		w("- roles: %s\n", mdList(p.Roles))
		if len(p.RolesOnceFixed) > 0 {
			w("- roles once fixed: %s\n", mdList(p.RolesOnceFixed))
		}
		w("- groups: %s\n", mdList(p.Groups))
		for _, g := range p.Grants {
			w("- grant: %s\n", mdText(g))
		}
		if len(p.Unmapped) > 0 {
			w("- unmapped groups: %s\n", mdList(p.Unmapped))
		}
		for _, n := range p.NearMisses {
			w("- near miss: %s\n", mdText(n))
		}
		if p.CurrentUser != "" {
			w("- SHOW CURRENT USER should return: %s\n", mdText(p.CurrentUser))
		}
		if len(p.Steps) > 0 {
			w("\n| | step | status | detail |\n|---|---|---|---|\n")
			for _, s := range p.Steps {
				w("| %s | %s | %s | %s |\n", s.Mark, mdCode(s.Name), mdText(s.Status), mdText(s.Detail))
			}
		}
	}

	if l := v.Live; l != nil {
		w("\n## Live check against Neo4j\n\n")
		if l.Server != "" {
			w("%s\n\n", mdText(l.Server))
		}
		w("**%s**\n", mdText(l.Outcome))
		if len(l.Attempts) > 0 {
			w("\n")
			for _, a := range l.Attempts {
				w("- %s\n", mdText(a))
			}
		}
		if len(l.Rows) > 0 {
			w("\n| | field | prediction | Neo4j (actual) | why |\n|---|---|---|---|---|\n")
			for _, r := range l.Rows {
				w("| %s | %s | %s | %s | %s |\n", r.Mark, mdText(r.Field), mdCode(r.Predicted), mdCode(r.Actual), mdText(r.Explanation))
			}
		}
	}

	if len(v.Tokens) > 0 || v.Comparison != nil {
		w("\n## Tokens\n")
	}
	if c := v.Comparison; c != nil {
		w("\n### ID token vs access token\n\n")
		w("Neo4j decodes: %s · Neo4j validates: %s. %s\n", mdCode(c.Principal), mdCode(c.Authentication), mdText(c.Explanation))
		for _, st := range []string{c.IDStatus, c.AccessStatus} {
			if st != "" {
				w("\n%s\n", mdText(st))
			}
		}
		w("\n| claim | ID token | access token | note |\n|---|---|---|---|\n")
		for _, r := range c.Rows {
			name := mdCode(r.Name)
			if r.Important {
				name = "**" + name + "**"
			}
			note := mdText(r.Note)
			if r.Differs && note == "" {
				note = "differs"
			}
			w("| %s | %s | %s | %s |\n", name, mdCode(r.ID), mdCode(r.Access), note)
		}
	}
	for _, t := range v.Tokens {
		w("\n### %s\n\n", mdText(t.Title))
		w("- token: %s (%d chars, fingerprint %s)\n", mdCode(t.Shown), t.Length, mdCode(t.Fingerprint))
		if t.RoleReason != "" {
			w("- role: %s\n", mdText(t.RoleReason))
		}
		if t.Lifetime != "" {
			w("- lifetime: %s\n", mdText(t.Lifetime))
		}
		if t.Signature != "" {
			w("- signature: %s\n", mdText(t.Signature))
		}
		if len(t.Header) > 0 {
			w("\nHeader\n\n| name | value |\n|---|---|\n")
			for _, c := range t.Header {
				w("| %s | %s |\n", mdCode(c.Name), mdCode(c.Value))
			}
		}
		if len(t.Claims) > 0 {
			w("\nClaims\n\n| claim | value | when |\n|---|---|---|\n")
			for _, c := range t.Claims {
				w("| %s | %s | %s |\n", mdCode(c.Name), mdCode(c.Value), mdText(c.Time))
			}
		}
		if len(t.Checks) > 0 {
			w("\nChecks\n\n| | check | expected | actual |\n|---|---|---|---|\n")
			for _, c := range t.Checks {
				w("| %s | %s | %s | %s |\n", c.Mark, mdText(c.Name), mdCode(c.Expected), mdCode(c.Actual))
			}
		}
	}

	if len(v.Findings) > 0 {
		w("\n## Findings\n")
		writeMarkdownFindings(&b, v.Findings)
	}

	if len(v.Timeline) > 0 {
		w("\n## Timeline\n\n| at | time (UTC) | step | took | detail |\n|---|---|---|---|---|\n")
		for _, e := range v.Timeline {
			w("| %s | %s | %s | %s | %s |\n", e.Offset, e.At, mdCode(e.Step), mdText(e.Duration), mdText(e.Detail))
		}
	}

	if l := v.Lint; l != nil {
		w("\n## neo4j.conf lint: %s\n\n%s\n", mdCode(l.File), mdText(l.Starts))
		writeMarkdownFindings(&b, l.Findings)
	}

	if c := v.Config; c != nil {
		w("\n## %s\n\n", mdText(c.Heading))
		w("- provider: %s · Neo4j validates the %s (token_type_authentication)\n", mdCode(c.Provider), mdCode(c.TokenType))
		w("- audience: %s\n", mdList(c.Audience))
		w("- groups claim: %s\n", mdCode(c.GroupsClaim))
		if c.Conf != "" {
			fence := mdFence(c.Conf)
			w("\n%sproperties\n%s\n%s\n", fence, c.Conf, fence)
		}
	}
	return []byte(b.String())
}

func writeMarkdownFindings(b *strings.Builder, fs []findingView) {
	for _, f := range fs {
		fmt.Fprintf(b, "\n- %s **%s** %s", f.Mark, mdText(f.Severity), mdCode(f.Code))
		if f.Source != "" {
			fmt.Fprintf(b, " (%s)", mdText(f.Source))
		}
		fmt.Fprintf(b, ": %s\n", mdText(f.Message))
		writeMarkdownFix(b, "  ", f.Fix, f.Command)
		if f.Evidence != "" {
			fmt.Fprintf(b, "  - evidence: %s\n", mdCode(f.Evidence))
		}
	}
}

// writeMarkdownFix writes a fix and its command line as list items at
// indent, the fix first (a finding's, the verdict's), and reports whether
// it wrote any.
func writeMarkdownFix(b *strings.Builder, indent, fix, command string) bool {
	if fix != "" {
		fmt.Fprintf(b, "%s- fix: %s\n", indent, mdText(fix))
	}
	if command != "" {
		fmt.Fprintf(b, "%s- run: %s\n", indent, mdCode(command))
	}
	return fix != "" || command != ""
}

// mdEscaper escapes what Markdown would read as markup, and the pipe that
// ends a table cell.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "<", `\<`, ">", `\>`, "|", `\|`,
	"\r\n", " ", "\n", " ", "\r", " ",
)

func mdText(s string) string { return mdEscaper.Replace(s) }

// mdCode writes a code span: a fence longer than any run of backticks in
// the text, and an escaped pipe (GFM tables split on it even in code).
func mdCode(s string) string {
	if s == "" {
		return ""
	}
	s = strings.NewReplacer("|", `\|`, "\r\n", " ", "\n", " ", "\r", " ").Replace(s)
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if longest > 0 || strings.HasPrefix(s, " ") {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

// mdFence is a code block fence longer than any run of backticks in the
// text, so the text cannot close it.
func mdFence(s string) string {
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return strings.Repeat("`", max(3, longest+1))
}

func mdList(items []string) string {
	if len(items) == 0 {
		return "none"
	}
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = mdCode(s)
	}
	return strings.Join(out, ", ")
}
