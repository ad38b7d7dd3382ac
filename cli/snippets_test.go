package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSnippetsFromConfGolden(t *testing.T) {
	out, stderr, code := run(t, "", "snippets", "--conf", "../neo4j/conf/testdata/okta-access-token.conf", "--kind", "fastapi")
	if code != ExitOK {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	golden(t, "snippets-okta-fastapi.py", out)
	for _, want := range []string{`ISSUER = "https://dev-123456.okta.com/oauth2/default"`, `AUDIENCE = "api://default"`, `GROUPS_CLAIM = "groups"`} {
		if !strings.Contains(out, want) {
			t.Errorf("fastapi snippet lacks %s", want)
		}
	}
}

func TestSnippetsFromTokens(t *testing.T) {
	out, stderr, code := run(t, "", "snippets", "--tokens", tokensFile(t), "--issuer", "https://idp.example.com/oauth2/default",
		"--client-id", "0oa-desktop", "--kind", "graphql,python-driver", "--json")
	if code != ExitOK {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	var got []struct{ Kind, Text string }
	if err := json.Unmarshal([]byte(out), &got); err != nil || len(got) != 2 {
		t.Fatalf("%v\n%s", err, out)
	}
	if !strings.Contains(got[0].Text, `includes: "engineers"`) || !strings.Contains(got[0].Text, `const AUDIENCE = "api://default"`) {
		t.Errorf("graphql snippet is not filled in from the token:\n%s", got[0].Text)
	}
	if !strings.Contains(got[1].Text, `body["access_token"]`) {
		t.Errorf("python-driver snippet does not send the access token:\n%s", got[1].Text)
	}
	if strings.Contains(out, goldenAccess) || strings.Contains(out, goldenID) {
		t.Error("a snippet embeds a token")
	}
}

func TestSnippetsWriteFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	out, stderr, code := run(t, "", "snippets", "--issuer", "https://idp.example.com", "--audience", "api://neo4j", "-o", dir)
	if code != ExitOK {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, f := range []string{"show-current-user.sh", "show_current_user.py", "driver_bearer.py", "main.go", "app.py", "server.mjs"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil || !strings.Contains(out, f) {
			t.Errorf("%s not written (%v)\n%s", f, err, out)
		}
	}
}

func TestSnippetsUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"snippets"}, "the issuer and the audience are required"},
		{[]string{"snippets", "--issuer", "https://i", "--audience", "a", "--kind", "perl"}, `unknown snippet kind "perl"`},
		{[]string{"snippets", "--tokens", "/no/such/file"}, "/no/such/file"},
		{[]string{"snippets", "--issuer", "https://i", "--audience", "a", "--neo4j", "localhost:7474"}, "not an absolute URL"},
	} {
		if _, stderr, code := run(t, "", tc.args...); code != ExitUsage || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want a usage error naming %q", tc.args, code, stderr, tc.want)
		}
	}
}
