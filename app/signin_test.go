package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/ssolens/ssolens/neo4j/predict"
	"github.com/ssolens/ssolens/pkce"
	"github.com/ssolens/ssolens/session"
)

// TestDemoSignInShowsTokensChecksAndRoles: one click signs in at the
// embedded demo provider (the browser played by an HTTP client through the
// real login page) and the window shows the tokens, their checks and the
// roles Neo4j would grant.
func TestDemoSignInShowsTokensChecksAndRoles(t *testing.T) {
	h := newHarness(t)
	demo, err := session.StartDemo(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	h.view.Demo.demo = demo // started ahead so the played browser can log in at it
	h.view.Demo.browser = pkce.BrowserFunc(demo.IdP.PlayBrowser("alice"))
	h.view.now = time.Now // the demo provider issues tokens now
	test.Tap(h.view.Demo.Button)
	h.waitFor("Neo4j would log in alice")
	got := h.resultText()
	for _, want := range []string{
		"engineers → admin (group_to_role_mapping, line 22)",
		"user alice, roles [PUBLIC, admin]",
		"verified",     // the signatures, checked against the demo JWKS
		"✔ alice",      // the sub check
		"access_token", // the token cards
		"Sign-in timeline",
		"code-exchanged",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("result does not show %q; it shows:\n%s", want, got)
		}
	}
	if strings.Contains(got, "not verified") {
		t.Errorf("a token is shown as not verified:\n%s", got)
	}
	if !strings.Contains(h.view.Demo.Status.Text, "Signed in at the demo provider") {
		t.Errorf("status = %q", h.view.Demo.Status.Text)
	}
}

// TestNeo4jCardShowsTheRoleNotes: the Neo4j card shows what every face
// shows beside the roles (predict's RoleNotes): the roles a group grants
// that likely do not exist, and what is not known, as well as the bearer
// channel (predict's TokensLine).
func TestNeo4jCardShowsTheRoleNotes(t *testing.T) {
	test.NewTempApp(t)
	pred := &predict.Prediction{Outcome: predict.OutcomeLogIn, Channel: predict.ChannelBearer, AuthenticationToken: "access_token",
		Roles: []string{"PUBLIC"}, MissingRoles: []string{"Reader"}, RolesUnknown: []string{"the native roles of x"}}
	var got []string
	walkTree(neo4jCard(pred, nil, false), func(o fyne.CanvasObject) bool {
		switch w := o.(type) {
		case *widget.Label:
			got = append(got, w.Text)
		case *widget.RichText:
			got = append(got, w.String())
		}
		return true
	})
	text := strings.Join(got, "\n")
	for _, want := range []string{"not granted", "Reader (a group grants them, but likely no such role exists)", "more roles may come from the native roles of x",
		"a driver or the Query API sends the access_token as a bearer token"} {
		if !strings.Contains(text, want) {
			t.Errorf("Neo4j card lacks %q:\n%s", want, text)
		}
	}
}
