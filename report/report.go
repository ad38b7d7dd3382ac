// Package report exports an investigation (the tokens, the Neo4j
// prediction, the findings, the sign-in timeline and the neo4j.conf lint)
// as Markdown or self-contained HTML, for a support ticket or a slide. It
// redacts by default what must not be shared; the Redactor is also what
// the desktop app's presenter mode masks the screen with.
package report

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/internal/safetext"
	"github.com/ssolens/ssolens/neo4j/conf"
	"github.com/ssolens/ssolens/neo4j/predict"
	"github.com/ssolens/ssolens/neo4j/server"
	"github.com/ssolens/ssolens/pkce"
)

// Investigation is everything one report covers. Every part may be nil or
// empty; the report leaves out what is missing.
type Investigation struct {
	Title string
	// Report is what was inspected: the tokens, decoded and verified.
	Report *inspector.Report
	// Prediction is what Neo4j would do with the tokens.
	Prediction *predict.Prediction
	// Lint are the findings of reading neo4j.conf; ConfFile names it.
	Lint     []inspector.Finding
	ConfFile string
	// Events is the sign-in timeline.
	Events []pkce.Event
	// Live is what a running Neo4j answered when sent the token.
	Live *server.LiveResult
	// Config is the neo4j.conf provider block that makes this sign-in
	// work.
	Config *conf.GeneratedConfig
	// Generated is when the investigation was made; zero means Options.Now.
	Generated time.Time
	// Findings are every finding of the investigation with where it came
	// from, Verdict its answer and Comparison its ID token beside its
	// access token: the investigation model's (session.Investigation.Export),
	// which the report only lays out.
	Findings   []SourcedFinding
	Verdict    Verdict
	Comparison *inspector.Comparison
}

// SourcedFinding is a finding with the part of the investigation that
// said it ("token 2 (access_token)", "neo4j.conf", "live check").
type SourcedFinding struct {
	inspector.Finding
	Source string
}

// Verdict is an investigation's answer in a line: the headline and its
// tone (ok, warning, error, none), and for a failure its fix and the fix's
// command line, shown under the headline as a finding's are.
type Verdict struct {
	Headline, Tone string
	Fix, Command   string
}

// Options tune a report.
type Options struct {
	// Redact masks tokens, signatures, secrets, e-mail addresses and
	// names (see Redactor). Callers should default it to true.
	Redact bool
	// ShowTokens prints whole tokens; it has no effect while Redact is on.
	// Without it a token is shown only as its start, end and fingerprint.
	ShowTokens bool
	// Now is the clock for "expires in …"; nil means time.Now.
	Now func() time.Time
	// Location adds local times next to UTC; nil shows UTC only.
	Location *time.Location
}

func (o Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// view is an investigation made ready to render, already redacted: the
// Markdown and the HTML show exactly the same data.
type view struct {
	Title      string
	Generated  string
	Redacted   bool
	Summary    summaryView
	Prediction *predictionView
	Comparison *comparisonView
	Tokens     []tokenView
	Findings   []findingView
	Timeline   []eventView
	Lint       *lintView
	Live       *liveView
	Config     *configView
}

type liveView struct {
	Server   string
	Outcome  string
	LoggedIn bool
	Attempts []string
	Rows     []liveRowView
}

type liveRowView struct {
	Mark, Field, Predicted, Actual, Explanation string
	Match                                       bool
}

type configView struct {
	// Heading says what the block is: the one that makes the sign-in
	// work, or a starting block whose mapping is a placeholder.
	Heading                          string
	Provider, TokenType, GroupsClaim string
	Audience                         []string
	Conf                             string `safetext:"block"`
}

type summaryView struct {
	Headline     string
	Tone         string // ok, error, warning
	Fix, Command string
	Lines        []string
}

type predictionView struct {
	Provider, Version, Principal, Authentication string
	Username, CurrentUser                        string
	Roles, Groups, Grants, Unmapped, NearMisses  []string
	Steps                                        []stepView
	// Tokens says how the tokens reach Neo4j (predict's TokensLine).
	Tokens string
	// RoleNotes are the lines beside the roles (predict's RoleNotes).
	RoleNotes []roleNoteView
}

type roleNoteView struct {
	Label string
	Roles []string
	Note  string
}

type stepView struct {
	Mark, Name, Status, Detail string
}

type comparisonView struct {
	Explanation, Principal, Authentication string
	IDStatus, AccessStatus                 string
	Rows                                   []comparisonRowView
}

type comparisonRowView struct {
	Name, ID, Access, Note string
	Differs, Important     bool
}

type tokenView struct {
	Title       string
	Shown       string
	Fingerprint string
	Length      int
	RoleReason  string
	Header      []claimView
	Claims      []claimView
	Lifetime    string
	Signature   string
	SignatureOK bool
	Checks      []checkView
}

type claimView struct {
	Name, Value, Time string
}

type checkView struct {
	OK                           bool
	Mark, Name, Expected, Actual string
}

type findingView struct {
	Severity, Mark, Code, Source, Message, Fix, Command, Evidence string
}

type eventView struct {
	Offset, At, Step, Duration, Detail string
}

type lintView struct {
	File     string
	Starts   string
	Findings []findingView
}

var severityMark = map[inspector.Severity]string{
	inspector.SeverityError: "✖", inspector.SeverityWarning: "▲", inspector.SeverityInfo: "●",
}

var stepMark = map[string]string{
	predict.StepPassed: "✔", predict.StepFailed: "✖", predict.StepNotChecked: "?", predict.StepSkipped: "–",
}

// build redacts the investigation (when asked) and lays it out.
func build(inv *Investigation, opts Options) *view {
	if inv == nil {
		inv = &Investigation{}
	}
	now := opts.now()
	generated := inv.Generated
	if generated.IsZero() {
		generated = now
	}
	v := &view{Title: cmp.Or(inv.Title, "SSO Lens investigation"), Generated: generated.UTC().Format(time.RFC3339), Redacted: opts.Redact}

	var tokens []*inspector.Token
	var inputFindings []inspector.Finding
	if inv.Report != nil {
		tokens, inputFindings = inv.Report.Tokens, inv.Report.Findings
	}
	pred := inv.Prediction
	if len(tokens) == 0 && pred != nil && pred.Token != nil {
		tokens = []*inspector.Token{pred.Token}
	}
	lint, events, live, gen := inv.Lint, inv.Events, inv.Live, inv.Config
	cmpn := inv.Comparison

	// Redact off still masks whole tokens in text unless ShowTokens asks
	// for them.
	var red *Redactor
	switch {
	case opts.Redact:
		red = NewRedactor(tokens...)
		if pred != nil && pred.Token != nil {
			red.Learn(pred.Token.Claims)
		}
	case !opts.ShowTokens:
		red = newTokenMasker(tokens...)
	}
	if red != nil {
		if pred != nil && pred.Token != nil {
			red.learnRaw(pred.Token)
		}
		shown := make([]*inspector.Token, len(tokens))
		for i, t := range tokens {
			shown[i] = red.Token(t)
		}
		tokens = shown
		inputFindings = red.Findings(inputFindings)
		pred = red.Prediction(pred)
		lint = red.Findings(lint)
		events = red.Events(events)
		cmpn = red.Comparison(cmpn)
		live = red.Live(live)
		gen = red.GeneratedConfig(gen)
		v.Title = red.Text(v.Title)
	}

	v.Prediction = buildPrediction(pred, inv.ConfFile)
	v.Comparison = buildComparison(cmpn)
	for i, t := range tokens {
		v.Tokens = append(v.Tokens, buildToken(i+1, t, opts, now))
	}
	for _, f := range inv.Findings {
		if red != nil {
			f.Finding = red.Finding(f.Finding)
		}
		v.Findings = append(v.Findings, findingView{Severity: string(f.Severity), Mark: severityMark[f.Severity], Code: f.Code,
			Source: f.Source, Message: f.Message, Fix: f.Fix, Command: f.Command, Evidence: f.Evidence})
	}
	v.Live = buildLive(live)
	v.Config = buildConfig(gen)
	v.Timeline = buildTimeline(events)
	if len(lint) > 0 || inv.ConfFile != "" {
		v.Lint = &lintView{File: cmp.Or(inv.ConfFile, "neo4j.conf"), Findings: findingViews(inspector.SortedFindings(lint), "")}
		v.Lint.Starts = conf.StartHeadline(lint) + " with this configuration."
	}
	verdict := inv.Verdict
	if red != nil {
		verdict.Headline, verdict.Fix, verdict.Command = red.Text(verdict.Headline), red.Text(verdict.Fix), red.Text(verdict.Command)
	}
	v.Summary = buildSummary(v, verdict, pred, tokens)
	// One rule for untrusted text: every string of the view (claims,
	// header values, conf values, server and provider messages) is shown
	// with control, bidi and invisible characters escaped, in Markdown and
	// HTML alike.
	safetext.Walk(v)
	return v
}

func buildPrediction(p *predict.Prediction, confName string) *predictionView {
	if p == nil {
		return nil
	}
	confName = cmp.Or(confName, "neo4j.conf")
	pv := &predictionView{
		Provider: cmp.Or(p.Provider, "-"), Version: p.Neo4jVersion.String(),
		Principal: cmp.Or(p.PrincipalToken, "-"), Authentication: cmp.Or(p.AuthenticationToken, "-"),
		Username: p.Username, Roles: p.Roles, Groups: p.Groups, Unmapped: p.UnmappedGroups,
		Tokens: p.TokensLine(),
	}
	for _, n := range p.RoleNotes() {
		pv.RoleNotes = append(pv.RoleNotes, roleNoteView{Label: n.Label, Roles: n.Roles, Note: n.Note})
	}
	for _, g := range p.Grants {
		roles := predict.RoleList(g.Roles)
		switch g.Via {
		case "mapping":
			pv.Grants = append(pv.Grants, fmt.Sprintf("%s → %s (group_to_role_mapping, %s line %d)", g.Group, roles, confName, g.Line))
		case "group-name":
			pv.Grants = append(pv.Grants, fmt.Sprintf("%s → %s (no mapping: the group name is the role)", g.Group, roles))
		default:
			pv.Grants = append(pv.Grants, fmt.Sprintf("%s (%s)", roles, g.Via))
		}
	}
	for _, n := range p.NearMisses {
		pv.NearMisses = append(pv.NearMisses, fmt.Sprintf("%s ≈ %s (%s line %d): %s", n.Group, n.Key, confName, n.Line, n.Why))
	}
	if p.ShowCurrentUser != nil {
		pv.CurrentUser = p.CurrentUserLine()
	}
	for _, s := range p.Steps {
		detail := s.Detail
		if s.Likely {
			detail += " (likely)"
		}
		pv.Steps = append(pv.Steps, stepView{Mark: stepMark[s.Status], Name: s.Name, Status: s.Status, Detail: detail})
	}
	return pv
}

func buildComparison(c *inspector.Comparison) *comparisonView {
	if c == nil {
		return nil
	}
	cv := &comparisonView{Explanation: c.Explanation, Principal: string(c.PrincipalRole), Authentication: string(c.AuthenticationRole),
		IDStatus: c.IDStatus, AccessStatus: c.AccessStatus}
	for _, r := range c.Rows {
		cv.Rows = append(cv.Rows, comparisonRowView{Name: r.Name, ID: rawOrDash(r.ID), Access: rawOrDash(r.Access),
			Note: r.Note, Differs: r.Differs, Important: r.Important})
	}
	return cv
}

func buildLive(r *server.LiveResult) *liveView {
	if r == nil {
		return nil
	}
	lv := &liveView{LoggedIn: r.LoggedIn, Outcome: r.Outcome()}
	if r.Server != nil {
		lv.Server = r.Server.Summary()
	}
	for _, a := range r.Attempts {
		lv.Attempts = append(lv.Attempts, a.Channel+" · "+a.URL+" · "+a.Status())
	}
	for _, c := range r.Comparison {
		mark := "✔"
		if !c.Match {
			mark = "✖"
		}
		lv.Rows = append(lv.Rows, liveRowView{Mark: mark, Field: c.Field, Predicted: dash(c.Predicted), Actual: dash(c.Actual),
			Explanation: c.Explanation, Match: c.Match})
	}
	return lv
}

func buildConfig(g *conf.GeneratedConfig) *configView {
	if g == nil {
		return nil
	}
	heading := "Neo4j config that makes this sign-in work"
	if g.MappingPlaceholder {
		heading = "Neo4j config to start from (its group_to_role_mapping is a placeholder)"
	}
	return &configView{Heading: heading, Provider: dash(g.Provider), TokenType: dash(g.TokenType), GroupsClaim: dash(g.GroupsClaim),
		Audience: g.Audience, Conf: strings.TrimRight(g.Conf, "\n")}
}

func rawOrDash(raw []byte) string {
	if raw == nil {
		return "—"
	}
	return string(raw)
}

func buildToken(n int, t *inspector.Token, opts Options, now time.Time) tokenView {
	title := fmt.Sprintf("Token %d · %s · %s", n, t.Source, strings.ToUpper(string(t.Kind)))
	if t.Role != "" && string(t.Role) != t.Source {
		title += " · " + string(t.Role)
	}
	tv := tokenView{Title: title, Shown: t.Redacted, Fingerprint: t.Fingerprint, Length: t.Length, Lifetime: t.Lifetime}
	switch {
	case opts.Redact:
		tv.Shown = Redacted
	case opts.ShowTokens && t.Raw != "":
		tv.Shown = t.Raw
	}
	if t.Role != "" && string(t.Role) != t.Source {
		tv.RoleReason = t.RoleReason
	}
	if t.Header != nil {
		for _, m := range t.Header.Members {
			tv.Header = append(tv.Header, claimView{Name: m.Name, Value: string(m.Value)})
		}
	}
	if t.Claims != nil {
		for _, m := range t.Claims.Members {
			cv := claimView{Name: m.Name, Value: string(m.Value)}
			if tm, ok := t.Times[m.Name]; ok {
				cv.Time = readableTime(m.Name, tm, now, opts.Location)
			}
			tv.Claims = append(tv.Claims, cv)
		}
	}
	if s := t.Signature; s != nil {
		status := "not verified"
		if s.Verified {
			status = "verified"
		}
		tv.SignatureOK = s.Verified
		tv.Signature = fmt.Sprintf("%s (alg %s, kid %s, key %s)", status, dash(s.Alg), dash(s.Kid), dash(s.KeySource))
		if s.Error != "" {
			tv.Signature += ": " + s.Error
		}
	}
	for _, c := range t.Checks {
		mark := "✔"
		if !c.OK {
			mark = "✖"
		}
		tv.Checks = append(tv.Checks, checkView{OK: c.OK, Mark: mark, Name: c.Name, Expected: dash(c.Expected), Actual: dash(c.Actual)})
	}
	return tv
}

// readableTime shows a NumericDate in UTC (and local time when asked) and
// relative to the report's clock, not to when the token was decoded.
func readableTime(claim string, tm *inspector.Time, now time.Time, loc *time.Location) string {
	at := tm.At()
	s := at.UTC().Format(time.RFC3339)
	if loc != nil {
		s += " · " + at.In(loc).Format("2006-01-02 15:04:05 MST")
	}
	return s + " · " + inspector.Relative(claim, at, now)
}

func dash(s string) string { return cmp.Or(s, "-") }

func findingViews(fs []inspector.Finding, source string) []findingView {
	out := make([]findingView, len(fs))
	for i, f := range fs {
		out[i] = findingView{Severity: string(f.Severity), Mark: severityMark[f.Severity], Code: f.Code, Source: source,
			Message: f.Message, Fix: f.Fix, Command: f.Command, Evidence: f.Evidence}
	}
	return out
}

func buildTimeline(events []pkce.Event) []eventView {
	if len(events) == 0 {
		return nil
	}
	start := events[0].At
	var out []eventView
	for _, e := range events {
		ev := eventView{Offset: fmt.Sprintf("+%.3fs", e.At.Sub(start).Seconds()), At: e.At.UTC().Format("15:04:05.000Z"),
			Step: e.Step, Detail: e.Detail}
		if e.DurationMS > 0 {
			ev.Duration = fmt.Sprintf("%d ms", e.DurationMS)
		}
		out = append(out, ev)
	}
	return out
}

// buildSummary is the verdict, then the facts beneath it: the provider
// and token types, the tokens, the findings counted, the live check and
// the lint.
func buildSummary(v *view, verdict Verdict, p *predict.Prediction, tokens []*inspector.Token) summaryView {
	s := summaryView{Headline: verdict.Headline, Tone: verdict.Tone, Fix: verdict.Fix, Command: verdict.Command}
	counts := map[string]int{}
	for _, f := range v.Findings {
		counts[f.Severity]++
	}
	if p != nil {
		s.Lines = append(s.Lines, fmt.Sprintf("Provider %s · Neo4j %s rules · %s", dash(p.Provider), p.Neo4jVersion, p.TokensLine()))
	}
	if len(tokens) > 0 {
		var parts []string
		for _, t := range tokens {
			part := fmt.Sprintf("%s %s", cmp.Or(string(t.Role), t.Source), strings.ToUpper(string(t.Kind)))
			if t.Signature != nil {
				part += map[bool]string{true: " (signature verified)", false: " (signature not verified)"}[t.Signature.Verified]
			}
			parts = append(parts, part)
		}
		s.Lines = append(s.Lines, fmt.Sprintf("%d token%s: %s", len(tokens), plural(len(tokens)), strings.Join(parts, ", ")))
	}
	if len(v.Findings) > 0 {
		s.Lines = append(s.Lines, fmt.Sprintf("Findings: %d error%s, %d warning%s, %d info",
			counts["error"], plural(counts["error"]), counts["warning"], plural(counts["warning"]), counts["info"]))
	}
	if v.Live != nil {
		s.Lines = append(s.Lines, "Live check: "+v.Live.Outcome)
	}
	if v.Lint != nil {
		s.Lines = append(s.Lines, fmt.Sprintf("%s: %d finding%s. %s", v.Lint.File, len(v.Lint.Findings), plural(len(v.Lint.Findings)), v.Lint.Starts))
	}
	return s
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
