package report

import (
	"fmt"
	"strings"

	"github.com/ssolens/ssolens/internal/mdtext"
)

// Markdown renders the investigation as GitHub-flavoured Markdown: for a
// support ticket, an issue or a wiki page.
func Markdown(inv *Investigation, opts Options) []byte {
	v := build(inv, opts)
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }

	w("# %s\n\n", mdtext.Text(v.Title))
	w("Generated %s by SSO Lens.", v.Generated)
	if v.Redacted {
		w(" Redacted: tokens are shown by fingerprint only; secrets, e-mail addresses and names are masked.")
	}
	w("\n\n## Summary\n\n**%s**\n\n", mdtext.Text(v.Summary.Headline))
	if writeMarkdownFix(&b, "", v.Summary.Fix, v.Summary.Command) {
		b.WriteString("\n")
	}
	for _, l := range v.Summary.Lines {
		w("- %s\n", mdtext.Text(l))
	}

	if p := v.Prediction; p != nil {
		w("\n## Neo4j prediction\n\n")
		w("- provider: %s · Neo4j %s rules\n", mdtext.Code(p.Provider), mdtext.Text(p.Version))
		w("- %s\n", mdtext.Text(p.Tokens))
		if p.Username != "" {
			w("- username: %s\n", mdtext.Code(p.Username))
		}
		w("- roles: %s\n", mdList(p.Roles))
		for _, n := range p.RoleNotes {
			w("- %s: %s\n", mdtext.Text(n.Label), mdRoleNote(n))
		}
		w("- groups: %s\n", mdList(p.Groups))
		for _, g := range p.Grants {
			w("- grant: %s\n", mdtext.Text(g))
		}
		if len(p.Unmapped) > 0 {
			w("- unmapped groups: %s\n", mdList(p.Unmapped))
		}
		for _, n := range p.NearMisses {
			w("- near miss: %s\n", mdtext.Text(n))
		}
		if p.CurrentUser != "" {
			w("- SHOW CURRENT USER should return: %s\n", mdtext.Text(p.CurrentUser))
		}
		if len(p.Steps) > 0 {
			w("\n| | step | status | detail |\n|---|---|---|---|\n")
			for _, s := range p.Steps {
				w("| %s | %s | %s | %s |\n", s.Mark, mdtext.Code(s.Name), mdtext.Text(s.Status), mdtext.Text(s.Detail))
			}
		}
	}

	if l := v.Live; l != nil {
		w("\n## Live check against Neo4j\n\n")
		if l.Server != "" {
			w("%s\n\n", mdtext.Text(l.Server))
		}
		w("**%s**\n", mdtext.Text(l.Outcome))
		if len(l.Attempts) > 0 {
			w("\n")
			for _, a := range l.Attempts {
				w("- %s\n", mdtext.Text(a))
			}
		}
		if len(l.Rows) > 0 {
			w("\n| | field | prediction | Neo4j (actual) | why |\n|---|---|---|---|---|\n")
			for _, r := range l.Rows {
				w("| %s | %s | %s | %s | %s |\n", r.Mark, mdtext.Text(r.Field), mdtext.Code(r.Predicted), mdtext.Code(r.Actual), mdtext.Text(r.Explanation))
			}
		}
	}

	if len(v.Tokens) > 0 || v.Comparison != nil {
		w("\n## Tokens\n")
	}
	if c := v.Comparison; c != nil {
		w("\n### ID token vs access token\n\n")
		w("Neo4j decodes: %s · Neo4j validates: %s. %s\n", mdtext.Code(c.Principal), mdtext.Code(c.Authentication), mdtext.Text(c.Explanation))
		for _, st := range []string{c.IDStatus, c.AccessStatus} {
			if st != "" {
				w("\n%s\n", mdtext.Text(st))
			}
		}
		w("\n| claim | ID token | access token | note |\n|---|---|---|---|\n")
		for _, r := range c.Rows {
			name := mdtext.Code(r.Name)
			if r.Important {
				name = "**" + name + "**"
			}
			note := mdtext.Text(r.Note)
			if r.Differs && note == "" {
				note = "differs"
			}
			w("| %s | %s | %s | %s |\n", name, mdtext.Code(r.ID), mdtext.Code(r.Access), note)
		}
	}
	for _, t := range v.Tokens {
		w("\n### %s\n\n", mdtext.Text(t.Title))
		w("- token: %s (%d chars, fingerprint %s)\n", mdtext.Code(t.Shown), t.Length, mdtext.Code(t.Fingerprint))
		if t.RoleReason != "" {
			w("- role: %s\n", mdtext.Text(t.RoleReason))
		}
		if t.Lifetime != "" {
			w("- lifetime: %s\n", mdtext.Text(t.Lifetime))
		}
		if t.Signature != "" {
			w("- signature: %s\n", mdtext.Text(t.Signature))
		}
		if len(t.Header) > 0 {
			w("\nHeader\n\n| name | value |\n|---|---|\n")
			for _, c := range t.Header {
				w("| %s | %s |\n", mdtext.Code(c.Name), mdtext.Code(c.Value))
			}
		}
		if len(t.Claims) > 0 {
			w("\nClaims\n\n| claim | value | when |\n|---|---|---|\n")
			for _, c := range t.Claims {
				w("| %s | %s | %s |\n", mdtext.Code(c.Name), mdtext.Code(c.Value), mdtext.Text(c.Time))
			}
		}
		if len(t.Checks) > 0 {
			w("\nChecks\n\n| | check | expected | actual |\n|---|---|---|---|\n")
			for _, c := range t.Checks {
				w("| %s | %s | %s | %s |\n", c.Mark, mdtext.Text(c.Name), mdtext.Code(c.Expected), mdtext.Code(c.Actual))
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
			w("| %s | %s | %s | %s | %s |\n", e.Offset, e.At, mdtext.Code(e.Step), mdtext.Text(e.Duration), mdtext.Text(e.Detail))
		}
	}

	if l := v.Lint; l != nil {
		w("\n## neo4j.conf lint: %s\n\n%s\n", mdtext.Code(l.File), mdtext.Text(l.Starts))
		writeMarkdownFindings(&b, l.Findings)
	}

	if c := v.Config; c != nil {
		w("\n## %s\n\n", mdtext.Text(c.Heading))
		w("- provider: %s · Neo4j validates the %s (token_type_authentication)\n", mdtext.Code(c.Provider), mdtext.Code(c.TokenType))
		w("- audience: %s\n", mdList(c.Audience))
		w("- groups claim: %s\n", mdtext.Code(c.GroupsClaim))
		if c.Conf != "" {
			fence := mdtext.Fence(c.Conf)
			w("\n%sproperties\n%s\n%s\n", fence, c.Conf, fence)
		}
	}
	return []byte(b.String())
}

func writeMarkdownFindings(b *strings.Builder, fs []findingView) {
	for _, f := range fs {
		fmt.Fprintf(b, "\n- %s **%s** %s", f.Mark, mdtext.Text(f.Severity), mdtext.Code(f.Code))
		if f.Source != "" {
			fmt.Fprintf(b, " (%s)", mdtext.Text(f.Source))
		}
		fmt.Fprintf(b, ": %s\n", mdtext.Text(f.Message))
		writeMarkdownFix(b, "  ", f.Fix, f.Command)
		if f.Evidence != "" {
			fmt.Fprintf(b, "  - evidence: %s\n", mdtext.Code(f.Evidence))
		}
	}
}

// writeMarkdownFix writes a fix and its command line as list items at
// indent, the fix first (a finding's, the verdict's), and reports whether
// it wrote any.
func writeMarkdownFix(b *strings.Builder, indent, fix, command string) bool {
	if fix != "" {
		fmt.Fprintf(b, "%s- fix: %s\n", indent, mdtext.Text(fix))
	}
	if command != "" {
		fmt.Fprintf(b, "%s- run: %s\n", indent, mdtext.Code(command))
	}
	return fix != "" || command != ""
}

// mdRoleNote is a role note: its roles as code, then its note.
func mdRoleNote(n roleNoteView) string {
	switch {
	case len(n.Roles) == 0:
		return mdtext.Text(n.Note)
	case n.Note == "":
		return mdList(n.Roles)
	}
	return mdList(n.Roles) + " (" + mdtext.Text(n.Note) + ")"
}

func mdList(items []string) string {
	if len(items) == 0 {
		return "none"
	}
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = mdtext.Code(s)
	}
	return strings.Join(out, ", ")
}
