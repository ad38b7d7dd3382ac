package app

import (
	"encoding/base64"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/internal/safetext"
	"github.com/ssolens/ssolens/neo4j/predict"
	"github.com/ssolens/ssolens/neo4j/server"
	"github.com/ssolens/ssolens/pkce"
)

// hostile holds ESC sequences, BEL, CR, a bidi override, a zero-width
// space and a newline.
const hostile = "x\x1b[2K\x07\r\u202e\u200b\nforged\x1b[8m"

// poison appends hostile to every string reachable from v.
func poison(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			poison(v.Elem())
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				poison(v.Field(i))
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return
		}
		for i := 0; i < v.Len(); i++ {
			poison(v.Index(i))
		}
	case reflect.String:
		if v.CanSet() {
			v.SetString(v.String() + hostile)
		}
	}
}

// TestLabelsEscapeHostileText renders a token, its verification, the
// prediction, a live check, the timeline and findings whose every field
// holds hostile text, and reads every text Fyne would draw.
func TestLabelsEscapeHostileText(t *testing.T) {
	test.NewTempApp(t)
	header, _ := json.Marshal(map[string]any{"alg": "RS256", "kid": hostile, "typ": hostile, "x-custom": hostile})
	claims, _ := json.Marshal(map[string]any{"iss": hostile, "sub": hostile, "aud": []string{hostile}, "groups": []string{hostile},
		"custom": hostile, hostile: hostile, "iat": fixedNow.Add(-time.Minute).Unix(), "exp": fixedNow.Add(time.Hour).Unix()})
	enc := base64.RawURLEncoding
	raw := enc.EncodeToString(header) + "." + enc.EncodeToString(claims) + "." + enc.EncodeToString(make([]byte, 256))
	rep := inspector.Inspect([]byte(raw), inspector.Options{Now: func() time.Time { return fixedNow }, Location: time.UTC})
	tok := rep.Tokens[0]
	tok.Signature = &inspector.Signature{}
	tok.Checks = []inspector.Check{{Name: "sub"}}
	poison(reflect.ValueOf(tok.Signature))
	poison(reflect.ValueOf(&tok.Checks))
	poison(reflect.ValueOf(&tok.Findings))
	tok.Source += hostile
	tok.RoleReason += hostile
	pred := &predict.Prediction{Outcome: predict.OutcomeLogIn, Roles: []string{""}, Groups: []string{""},
		Grants:         []predict.Grant{{Group: "", Roles: []string{""}, Via: "mapping"}, {Roles: []string{""}}},
		UnmappedGroups: []string{""}, MissingRoles: []string{""}, RolesUnknown: []string{""}, RolesOnceFixed: []string{""},
		ShowCurrentUser: &predict.CurrentUser{Roles: []string{""}},
		Steps:           []predict.Step{{Status: predict.StepFailed}},
		Findings:        []inspector.Finding{{Severity: inspector.SeverityError}}}
	poison(reflect.ValueOf(pred))
	live := &server.LiveResult{Server: &server.LiveServer{Providers: []string{""}},
		Attempts:   []server.LiveAttempt{{Roles: []string{""}}},
		Comparison: []server.LiveComparison{{}},
		Findings:   []inspector.Finding{{Severity: inspector.SeverityWarning}}, Roles: []string{""}}
	poison(reflect.ValueOf(live))
	events := []pkce.Event{{At: fixedNow}, {At: fixedNow}}
	poison(reflect.ValueOf(&events))
	events[0].Step, events[1].Step = pkce.StepDiscovery, pkce.StepCallbackReceived

	content := container.NewVBox(
		tokenCard(tok, 0, 2, fixedNow, newLiveTimes()),
		neo4jCard(pred, nil, true),
		liveResultView(live, true),
		timelineCard(events),
		findingsList(tok.Findings),
	)
	w := test.NewTempWindow(t, container.NewVScroll(content))
	w.Resize(fyne.NewSize(1280, 4000))
	var texts int
	for _, o := range test.LaidOutObjects(content) {
		var s string
		switch v := o.(type) {
		case *canvas.Text:
			s = v.Text
		case *widget.Label:
			s = v.Text
		default:
			continue
		}
		texts++
		if i := safetext.FirstUnsafe(s, false); i >= 0 {
			t.Errorf("text %q holds a raw %q", s, s[i:min(len(s), i+3)])
		}
	}
	if texts < 20 {
		t.Errorf("only %d texts drawn: the views were not laid out", texts)
	}
}
