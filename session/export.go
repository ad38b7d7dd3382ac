package session

import (
	"github.com/ssolens/ssolens/report"
)

// Export is the investigation as the report lays it out: the same tokens,
// prediction, findings and verdict every face shows. The provider block is
// in it once Handoff has been made.
func (inv *Investigation) Export() *report.Investigation {
	out := &report.Investigation{Title: "SSO Lens investigation", Report: inv.Report, Prediction: inv.Prediction, Live: inv.Live}
	if c := inv.In.Conf; c != nil && c.Model != nil {
		out.Lint, out.ConfFile = c.Model.Findings, c.File
	}
	if s := inv.In.SignIn; s != nil && s.Result != nil {
		out.Events = s.Events
	}
	if inv.handoff != nil {
		out.Config = inv.handoff.Config
	}
	for _, f := range inv.Findings() {
		out.Findings = append(out.Findings, report.SourcedFinding{Finding: f.Finding, Source: f.Source})
	}
	v := inv.Verdict()
	out.Verdict = report.Verdict{Headline: v.Headline, Tone: v.Tone, Fix: v.Fix, Command: v.Command}
	out.Comparison = inv.Comparison()
	return out
}
