package profiles

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ssolens/ssolens/demoidp"
	"github.com/ssolens/ssolens/neo4j/predict"
	"github.com/ssolens/ssolens/pkce"
	"github.com/ssolens/ssolens/session"
)

func startDemo(t *testing.T) *demoidp.Provider {
	t.Helper()
	idp, err := demoidp.Start(t.Context(), demoidp.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idp.Close() })
	return idp
}

// TestDemoPresetSignsIn: a demo-preset profile, saved and read back, signs
// in end to end with its own pkce.Config and LoopbackConfig.
func TestDemoPresetSignsIn(t *testing.T) {
	idp := startDemo(t)
	ps, _ := PresetByName(PresetDemo)
	p, err := ps.NewProfile(nil)
	if err != nil {
		t.Fatal(err)
	}
	p.Issuer = idp.Issuer() // the test's provider runs on a free port
	s := NewStore(newMemPrefs(), &pkce.MemoryStore{})
	if p, err = s.Save(p); err != nil {
		t.Fatal(err)
	}
	if p, err = s.Get(p.ID); err != nil {
		t.Fatal(err)
	}

	cfg := p.Config()
	cfg.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	c, err := pkce.New(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	r, err := c.Login(t.Context(), pkce.LoginOptions{
		Loopback: p.LoopbackConfig(),
		Browser:  pkce.BrowserFunc(idp.PlayBrowser("alice")),
		Timeout:  30 * time.Second,
	})
	if err != nil {
		t.Fatalf("login: %v %v", err, findingCodes(r))
	}
	if !strings.HasPrefix(r.RedirectURI, "http://127.0.0.1:") || !strings.HasSuffix(r.RedirectURI, "/callback") {
		t.Errorf("redirect URI %s", r.RedirectURI)
	}
	if r.Token == nil || r.Token.AccessToken == "" || r.Token.Extra("id_token") == nil {
		t.Fatal("no access token and ID token")
	}
	for _, f := range r.Findings() {
		if f.Severity == "error" {
			t.Errorf("finding %s: %s", f.Code, f.Message)
		}
	}
}

// TestNeo4jConfProfileSignsInAndPredicts: a profile imported from the
// sample neo4j.conf signs in as Neo4j Browser does, and the model it
// rebuilds predicts the login.
func TestNeo4jConfProfileSignsInAndPredicts(t *testing.T) {
	idp := startDemo(t)
	data, err := os.ReadFile(sampleConf)
	if err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(t.TempDir(), "neo4j.conf")
	text := strings.ReplaceAll(string(data), "http://"+demoidp.DemoAddr, idp.Issuer())
	if err := os.WriteFile(conf, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	p := FromConf(conf, readModel(t, conf))[0]
	p.Ports = nil // 7474 may be taken on a test machine; any port matches the demo client
	setup, err := p.LoadNeo4j(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	hc := &http.Client{Timeout: 10 * time.Second}
	cfg := setup.Config()
	cfg.HTTPClient = hc
	c, err := pkce.New(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	r, err := c.Login(t.Context(), pkce.LoginOptions{
		Loopback: p.LoopbackConfig(),
		Browser:  pkce.BrowserFunc(idp.PlayBrowser("alice")),
		Timeout:  30 * time.Second,
	})
	if err != nil {
		t.Fatalf("login: %v %v", err, findingCodes(r))
	}
	if !strings.HasPrefix(r.RedirectURI, "http://localhost:") || !strings.HasSuffix(r.RedirectURI, "/browser/?idp_id=demo&auth_flow_step=redirect_uri") {
		t.Errorf("redirect URI %s: want Neo4j Browser's form", r.RedirectURI)
	}
	pred := predict.SimulateLogin(t.Context(), predict.LoginInput{Model: setup.Model, Provider: setup.Provider,
		Tokens: session.TokenSet(r.Token)})
	if pred.Username != "alice" || !strings.Contains(strings.Join(pred.Roles, ","), "admin") {
		t.Errorf("prediction: outcome %s, user %q, roles %v", pred.Outcome, pred.Username, pred.Roles)
	}
}

func findingCodes(r *pkce.Result) []string {
	if r == nil {
		return nil
	}
	var out []string
	for _, f := range r.Findings() {
		out = append(out, f.Code)
	}
	return out
}
