package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// neo4jStandIn starts a loopback server that is NOT Neo4j (no Neo4j can
// run where these tests run): it answers the documented shapes of the
// discovery endpoint (spec §5.1) and of the Query API (§6.2, §6.3),
// accepting exactly the token it is given, as the raw bearer credential.
// It returns the server and the Authorization headers it received.
func neo4jStandIn(t *testing.T, accept string, roles []string, refusal string) (*httptest.Server, func() []string) {
	t.Helper()
	var mu sync.Mutex
	var headers []string
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"bolt_direct":"bolt://localhost:7687","query":"http://%s/db/{databaseName}/query/v2","neo4j_version":"2026.03.0","neo4j_edition":"enterprise",
		  "auth_config":{"oidc_providers":[{"id":"okta","name":"Okta","auth_flow":"pkce","auth_endpoint":"https://idp.example.com/oauth2/default/v1/authorize",
		  "params":{"client_id":"0oa-desktop","response_type":"code","scope":"openid profile email"}}]}}`, r.Host)
	})
	mux.HandleFunc("POST /db/system/query/v2", func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		mu.Lock()
		headers = append(headers, r.Header.Get("Authorization"))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch {
		case refusal != "":
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, refusal)
		case r.Header.Get("Authorization") != "Bearer "+accept:
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"errors":[{"code":"Neo.ClientError.Security.Unauthorized","message":"Invalid credential."}]}`)
		default:
			rs, _ := json.Marshal(roles)
			w.WriteHeader(http.StatusAccepted)
			fmt.Fprintf(w, `{"data":{"fields":["user","roles","passwordChangeRequired","suspended","home"],"values":[["alice@example.com",%s,false,false,null]]}}`, rs)
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, func() []string { mu.Lock(); defer mu.Unlock(); return slices.Clone(headers) }
}

func tokensFile(t *testing.T) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "tokens.json")
	if err := os.WriteFile(file, []byte(goldenResponse), 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

// stable replaces the stand-in's random address for golden files.
func stable(out, url string) string {
	return strings.ReplaceAll(out, strings.TrimPrefix(url, "http://"), "127.0.0.1:PORT")
}

func TestCheckMatchesThePredictionGolden(t *testing.T) {
	srv, received := neo4jStandIn(t, goldenAccess, []string{"PUBLIC"}, "")
	out, stderr, code := run(t, "", "check", "--neo4j", srv.URL, "--conf", "../neo4j/conf/testdata/okta-access-token.conf",
		"--tokens", tokensFile(t), "--offline")
	if code != ExitOK {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	golden(t, "check-match.txt", stable(out, srv.URL))
	// The conf says Neo4j validates the access token: that one is sent, raw.
	if h := received(); len(h) != 1 || h[0] != "Bearer "+goldenAccess {
		t.Errorf("Authorization headers = %.60q", h)
	}
	if strings.Contains(out, goldenAccess) || strings.Contains(out, goldenID) {
		t.Error("check printed a token")
	}
}

func TestCheckExplainsADifferenceGolden(t *testing.T) {
	srv, _ := neo4jStandIn(t, goldenAccess, []string{"PUBLIC", "reader"}, "")
	out, _, code := run(t, "", "check", "--neo4j", srv.URL, "--conf", "../neo4j/conf/testdata/okta-access-token.conf",
		"--tokens", tokensFile(t), "--offline")
	if code != ExitOK {
		t.Errorf("exit %d: a login with other roles is still a login (the difference is a warning)", code)
	}
	golden(t, "check-differs.txt", stable(out, srv.URL))
	if !strings.Contains(out, "present but not predicted: reader") {
		t.Errorf("no explanation of the extra role:\n%s", out)
	}

	out, _, _ = run(t, "", "check", "--neo4j", srv.URL, "--conf", "../neo4j/conf/testdata/okta-access-token.conf",
		"--tokens", tokensFile(t), "--offline", "--json")
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	requireKeys(t, "check", doc, "server", "attempts", "logged_in", "user", "roles", "prediction", "comparison", "findings")
	if !slices.Contains(codesIn(t, out), "live-differs-from-prediction") {
		t.Errorf("codes = %v", codesIn(t, out))
	}
}

func TestCheckRefusalsAreFindings(t *testing.T) {
	for _, tc := range []struct {
		body, want string
	}{
		{`{"errors":[{"code":"Neo.ClientError.Security.TokenExpired","message":"The auth provider token has expired."}]}`, "live-token-expired"},
		{`{"errors":[{"code":"Neo.ClientError.Security.Unauthorized","message":"Invalid credential."}]}`, "live-invalid-credential"},
	} {
		srv, _ := neo4jStandIn(t, goldenAccess, nil, tc.body)
		out, stderr, code := run(t, "", "check", "--neo4j", srv.URL, "--token", goldenAccess, "--json")
		if code != ExitFindings || !slices.Contains(codesIn(t, out), tc.want) {
			t.Errorf("exit %d, codes %v, stderr %q; want 1 and %s", code, codesIn(t, out), stderr, tc.want)
		}
	}
	// --token with the text form: no prediction, and it says how to get one.
	srv, _ := neo4jStandIn(t, goldenAccess, []string{"PUBLIC"}, "")
	out, _, code := run(t, "", "check", "--neo4j", srv.URL, "--token", "Bearer "+goldenAccess)
	if code != ExitOK || !strings.Contains(out, "LOGGED IN as alice@example.com, roles [PUBLIC]") || !strings.Contains(out, "give --conf") {
		t.Errorf("exit %d\n%s", code, out)
	}
}

func TestCheckBoltConnectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	out, _, code := run(t, "", "check", "--bolt", "bolt://"+addr, "--token", goldenAccess)
	if code != ExitFindings || !strings.Contains(out, "live-unreachable") || !strings.Contains(out, "nothing listens there") ||
		!strings.Contains(out, "Outcome: NOT REACHED") || strings.Contains(out, "REJECTED") {
		t.Errorf("exit %d\n%s", code, out)
	}
}

func TestCheckUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"check", "--token", "x"}, "--neo4j URL"},
		{[]string{"check", "--neo4j", "http://127.0.0.1:1"}, "no token"},
		{[]string{"check", "--neo4j", "http://127.0.0.1:1", "--token", "x", "--tokens", "f"}, "not both"},
		{[]string{"check", "--neo4j", "http://127.0.0.1:1", "--tokens", "/no/such/file"}, "/no/such/file"},
		{[]string{"check", "--neo4j", "http://127.0.0.1:1", "--token", "x", "--token-type", "refresh_token"}, "use access_token or id_token"},
		{[]string{"check", "--neo4j", "http://127.0.0.1:1", "--from-login"}, "--from-login needs"},
	} {
		if _, stderr, code := run(t, "", tc.args...); code != ExitUsage || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want a usage error naming %q", tc.args, code, stderr, tc.want)
		}
	}
	if stdout, _, code := run(t, "", "check", "-h"); code != ExitOK || !strings.Contains(stdout, "SHOW CURRENT USER") {
		t.Errorf("check -h: exit %d\n%s", code, stdout)
	}
}

// check --token given an Authorization header value with the scheme
// doubled: the token in it is sent once, as Neo4j takes it, and the
// header's defect is named (exit 1: the header as given is refused).
func TestCheckTokenWithDoubledScheme(t *testing.T) {
	srv, received := neo4jStandIn(t, goldenAccess, []string{"PUBLIC"}, "")
	out, stderr, code := run(t, "", "check", "--neo4j", srv.URL, "--token", "Bearer Bearer "+goldenAccess)
	if code != ExitFindings || !strings.Contains(out, "bearer-scheme-doubled") || !strings.Contains(out, "LOGGED IN") {
		t.Errorf("exit %d, stderr %q; want 1, the token logged in and bearer-scheme-doubled named:\n%s", code, stderr, out)
	}
	if got := received(); len(got) != 1 || got[0] != "Bearer "+goldenAccess {
		t.Errorf("Neo4j received %d headers; want the token once after one Bearer", len(got))
	}
}

// check compares Neo4j's answer with the prediction for the token it
// sends, and says which: --token with --conf is predicted as the token the
// conf has Neo4j validate (as the help says), and --token-type id_token
// is predicted for the ID token, not for the conf's access token.
func TestCheckPredictsTheTokenItSends(t *testing.T) {
	srv, _ := neo4jStandIn(t, goldenAccess, []string{"PUBLIC"}, "")
	const conf = "../neo4j/conf/testdata/okta-access-token.conf"
	out, stderr, code := run(t, "", "check", "--neo4j", srv.URL, "--conf", conf, "--token", goldenAccess, "--offline")
	if code != ExitOK || !strings.Contains(out, "prediction for the access_token vs Neo4j") || !strings.Contains(out, "✔ outcome  predicted would-log-in") {
		t.Errorf("--token with --conf: exit %d, stderr %q\n%s", code, stderr, out)
	}
	out, stderr, _ = run(t, "", "check", "--neo4j", srv.URL, "--conf", conf, "--tokens", tokensFile(t), "--token-type", "id_token", "--offline")
	if !strings.Contains(out, "prediction for the id_token vs Neo4j") || strings.Contains(out, "predicted would-log-in") {
		t.Errorf("--token-type id_token: stderr %q\n%s", stderr, out)
	}
}
