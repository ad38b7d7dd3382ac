package session

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/neo4j/predict"
	"github.com/ssolens/ssolens/pkce"
)

// TestWhatIfChangesThePredictedRoles: on a demo sign-in (alice, group
// engineers → admin), adding the collaborators group to a copy of the
// claims adds reader; an edited mapping changes the roles; an expired exp
// or a foreign aud is rejected; the investigation itself is unchanged.
func TestWhatIfChangesThePredictedRoles(t *testing.T) {
	inv, d, res := demoInvestigation(t)
	before := slices.Clone(inv.Prediction.Roles)
	if !slices.Equal(before, []string{"PUBLIC", "admin"}) {
		t.Fatalf("the demo's roles are %v", before)
	}
	start := inv.Editable()
	if start.Mapping == nil || *start.Mapping != "engineers=admin;collaborators=reader" || start.Authentication != "access_token" || start.GroupsClaim != "groups" {
		t.Errorf("the what-if does not start from the conf: %+v", start)
	}
	if w, err := inv.WhatIf(t.Context(), start); err != nil || !slices.Equal(w.Prediction.Roles, before) {
		t.Errorf("the unedited what-if predicts %v (%v), not %v", w, err, before)
	}
	claims := inv.ClaimsOf()
	if !strings.HasPrefix(string(claims), "{\n  \"sub\": ") {
		t.Errorf("the claims Neo4j reads do not come first:\n%s", claims)
	}
	edit := func(change func(map[string]any)) json.RawMessage {
		var m map[string]any
		if err := json.Unmarshal(claims, &m); err != nil {
			t.Fatal(err)
		}
		change(m)
		b, _ := json.Marshal(m)
		return b
	}
	tests := []struct {
		name    string
		edits   Edits
		outcome string
		roles   []string
	}{
		{"as sent", Edits{Claims: claims}, predict.OutcomeLogIn, []string{"PUBLIC", "admin"}},
		{"add the collaborators group", Edits{Claims: edit(func(m map[string]any) { m["groups"] = []any{"engineers", "collaborators"} })},
			predict.OutcomeLogIn, []string{"PUBLIC", "admin", "reader"}},
		{"remove every group", Edits{Claims: edit(func(m map[string]any) { delete(m, "groups") })}, predict.OutcomeLogIn, []string{"PUBLIC"}},
		{"map engineers to architect", Edits{Mapping: ptr("engineers=architect")}, predict.OutcomeLogIn, []string{"PUBLIC", "architect"}},
		{"expired", Edits{Claims: edit(func(m map[string]any) { m["exp"] = 1000000000 })}, predict.OutcomeRejected, nil},
		{"a foreign audience", Edits{Claims: edit(func(m map[string]any) { m["aud"] = "someone-else" })}, predict.OutcomeRejected, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := inv.WhatIf(t.Context(), tt.edits)
			if err != nil {
				t.Fatal(err)
			}
			if w.Note != Simulated {
				t.Errorf("note = %q", w.Note)
			}
			p := w.Prediction
			if p.Outcome != tt.outcome {
				t.Fatalf("outcome %s, want %s; findings %v", p.Outcome, tt.outcome, p.Findings)
			}
			if tt.roles != nil && !slices.Equal(p.Roles, tt.roles) {
				t.Errorf("roles %v, want %v", p.Roles, tt.roles)
			}
		})
	}
	if !slices.Equal(inv.Prediction.Roles, before) || !slices.Equal(d.Model.Providers[0].GroupToRoleMapping.Entries[0].Roles, []string{"admin"}) {
		t.Error("a what-if changed the investigation or its conf")
	}
	if _, err := inv.WhatIf(t.Context(), Edits{Claims: json.RawMessage(`[1]`)}); err == nil || !strings.Contains(err.Error(), "JSON object") {
		t.Errorf("claims that are not an object: %v", err)
	}
	if _, err := OfSignIn(res, Target{}).WhatIf(t.Context(), Edits{}); err != ErrNoWhatIf {
		t.Errorf("no conf: %v", err)
	}
}

// TestDiffTone: an expected difference (aud) is neutral with its reason,
// a claim Neo4j reads that differs is amber, one whose check fails red.
func TestDiffTone(t *testing.T) {
	inv, _, _ := demoInvestigation(t)
	tests := []struct {
		row          inspector.ComparisonRow
		tone, reason string
	}{
		{inspector.ComparisonRow{Name: "aud", Differs: true}, ToneNone, "expected: the ID token is for the client"},
		{inspector.ComparisonRow{Name: "groups", Differs: true}, ToneWarning, "Neo4j reads this claim"},
		{inspector.ComparisonRow{Name: "email", Differs: true}, ToneNone, "expected: the two tokens"},
		{inspector.ComparisonRow{Name: "groups"}, ToneNone, ""},
	}
	for _, tt := range tests {
		tone, reason := inv.DiffTone(tt.row)
		if tone != tt.tone || !strings.HasPrefix(reason, tt.reason) || (tt.reason == "") != (reason == "") {
			t.Errorf("%s: %s %q, want %s %q", tt.row.Name, tone, reason, tt.tone, tt.reason)
		}
	}
	inv.Prediction.Steps = append(inv.Prediction.Steps, predict.Step{Name: "aud", Status: predict.StepFailed})
	if tone, _ := inv.DiffTone(inspector.ComparisonRow{Name: "aud", Differs: true}); tone != ToneError {
		t.Errorf("a failing aud check is %s, not red", tone)
	}
}

// demoInvestigation is the investigation of alice's demo sign-in.
func demoInvestigation(t *testing.T) (*Investigation, *Demo, *SignInResult) {
	t.Helper()
	d, err := StartDemoOn(t.Context(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	res, err := d.SignIn(t.Context(), SignInOptions{Browser: pkce.BrowserFunc(d.IdP.PlayBrowser("alice"))})
	if err != nil {
		t.Fatal(err)
	}
	return OfSignIn(res, d.Target()), d, res
}

func ptr[T any](v T) *T { return &v }
