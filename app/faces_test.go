package app

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ssolens/ssolens/assets/samples"
	"github.com/ssolens/ssolens/cli"
	"github.com/ssolens/ssolens/demoidp"
	"github.com/ssolens/ssolens/neo4j/conf"
	"github.com/ssolens/ssolens/neo4j/predict"
)

// TestOneFixtureEveryFace feeds one fixture (a real demo sign-in's token
// response and the sample neo4j.conf) through every face: the window, and
// `roles --json`, `report`, `config --json` and `snippets --json` of the
// command line. All must tell the same outcome, username, roles, grants,
// token types and provider block, since all render the one investigation.
func TestOneFixtureEveryFace(t *testing.T) {
	b := newBench(t)
	b.demoSignIn()
	gui := b.wb.signIn()
	if gui.Prediction == nil || gui.Token == nil {
		t.Fatal("the window's sign-in has no prediction or token response")
	}
	issuer := b.wb.demo.IdP.Issuer()
	dir := t.TempDir()
	resp, _ := json.Marshal(map[string]any{"token_type": "Bearer", "access_token": gui.Token.AccessToken,
		"id_token": gui.Token.Extra("id_token"), "refresh_token": gui.Token.RefreshToken})
	tokens := filepath.Join(dir, "tokens.json")
	confFile := filepath.Join(dir, "demo-neo4j.conf")
	write(t, tokens, resp)
	write(t, confFile, []byte(strings.ReplaceAll(string(samples.DemoNeo4jConf), "http://"+demoidp.DemoAddr, issuer)))

	run := func(args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		code := cli.Main(args, strings.NewReader(""), &out, &errb)
		if code != cli.ExitOK {
			t.Fatalf("ssolens %s: exit %d\n%s%s", strings.Join(args, " "), code, out.String(), errb.String())
		}
		return out.String()
	}

	// roles: the same prediction as the window's.
	var roles predict.Prediction
	if err := json.Unmarshal([]byte(run("roles", "--conf", confFile, "--tokens", tokens, "--json")), &roles); err != nil {
		t.Fatal(err)
	}
	want := gui.Prediction
	if roles.Outcome != want.Outcome || roles.Username != want.Username || !slices.Equal(roles.Roles, want.Roles) ||
		roles.PrincipalToken != want.PrincipalToken || roles.AuthenticationToken != want.AuthenticationToken {
		t.Errorf("roles --json says %s %q %v (%s/%s); the window says %s %q %v (%s/%s)",
			roles.Outcome, roles.Username, roles.Roles, roles.PrincipalToken, roles.AuthenticationToken,
			want.Outcome, want.Username, want.Roles, want.PrincipalToken, want.AuthenticationToken)
	}
	if len(roles.Grants) != len(want.Grants) || len(want.Grants) == 0 || roles.Grants[0].Line != want.Grants[0].Line {
		t.Errorf("grants differ: roles --json %+v, window %+v", roles.Grants, want.Grants)
	}

	// report: the same verdict, and one verdict per token on its signature.
	md := run("report", "@"+tokens, "--conf", confFile, "--no-redact")
	if !strings.Contains(md, want.Headline()) || !strings.Contains(md, strings.Join(want.Roles, ", ")) {
		t.Errorf("the report lacks the window's verdict %q and roles %v:\n%s", want.Headline(), want.Roles, md)
	}
	// The token Neo4j validates was verified once, for the prediction: its
	// own section says so too (it once said "not verified" beside a
	// prediction that had verified it).
	validated := false
	for _, section := range strings.Split(md, "\n### ")[1:] {
		title, _, _ := strings.Cut(section, "\n")
		if strings.Contains(strings.ReplaceAll(title, `\_`, "_"), " "+want.AuthenticationToken+" ") {
			validated = true
			if !strings.Contains(section, "- signature: verified") {
				t.Errorf("the %s Neo4j validates is not said to be verified in its section:\n%s", want.AuthenticationToken, section)
			}
		}
	}
	if !validated {
		t.Errorf("the report has no section for the %s:\n%s", want.AuthenticationToken, md)
	}

	// config: the window's block, with the conf's mapping, not a placeholder.
	var g conf.GeneratedConfig
	if err := json.Unmarshal([]byte(run("config", "--conf", confFile, "--tokens", tokens, "--json")), &g); err != nil {
		t.Fatal(err)
	}
	if g.Conf != b.wb.mustHandoff(t).Config.Conf {
		t.Errorf("config writes another block than the window's Config & code tab:\n%s\n--- window ---\n%s", g.Conf, b.wb.mustHandoff(t).Config.Conf)
	}
	if g.MappingPlaceholder || !strings.Contains(g.Conf, "group_to_role_mapping=engineers=admin") {
		t.Errorf("config does not carry the conf's mapping (engineers=admin):\n%s", g.Conf)
	}

	// snippets: the token Neo4j validates and the groups claim of the block.
	var snips []struct{ Kind, Text string }
	if err := json.Unmarshal([]byte(run("snippets", "--conf", confFile, "--tokens", tokens, "--kind", "fastapi", "--json")), &snips); err != nil {
		t.Fatal(err)
	}
	if len(snips) != 1 || !strings.Contains(snips[0].Text, issuer) {
		t.Errorf("snippets do not carry the issuer %s: %+v", issuer, snips)
	}
	s, err := b.wb.mustHandoff(t).Snippet("fastapi", "", "")
	if err != nil || s.Text != snips[0].Text {
		t.Errorf("the window's fastapi snippet differs from the command line's (err %v)", err)
	}
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}
