package conf

import (
	"strings"
	"testing"
)

// TestReadDockerRun: a docker run command's --env options are read as the
// image gets them (the shell's quotes removed), each at its line, whatever
// the file is called.
func TestReadDockerRun(t *testing.T) {
	cmd := "# start Neo4j\nsudo docker run --rm \\\n" +
		"    --publish=7474:7474 \\\n" +
		"    --env NEO4J_AUTH=neo4j/password \\\n" +
		"    --env NEO4J_dbms_security_authentication__providers=oidc-okta,native \\\n" +
		"    -e 'NEO4J_dbms_security_oidc_okta_params=client_id=0oa1;response_type=code;scope=openid profile' \\\n" +
		"    -e NEO4J_dbms_security_oidc_okta_authorization_group__to__role__mapping=\"admins=admin;readers=reader\" \\\n" +
		"    --env=NEO4J_dbms_security_oidc_okta_audience=api://default -eNEO4J_dbms_security_oidc_okta_display__name=Okta \\\n" +
		"    neo4j:5-enterprise\n"
	c, err := ReadConf(strings.NewReader(cmd), "start-neo4j.sh", ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Form != "docker run command" {
		t.Fatalf("form %q", c.Form)
	}
	want := []kv{
		{"dbms.security.authentication_providers", "oidc-okta,native", 5},
		{"dbms.security.oidc.okta.params", "client_id=0oa1;response_type=code;scope=openid profile", 6},
		{"dbms.security.oidc.okta.authorization.group_to_role_mapping", "admins=admin;readers=reader", 7},
		{"dbms.security.oidc.okta.audience", "api://default", 8},
		{"dbms.security.oidc.okta.display_name", "Okta", 8},
	}
	checkEntries(t, c, want)
	if f, ok := findCode(c.Findings, "env-not-a-setting"); !ok || !strings.Contains(f.Evidence, "line 4") {
		t.Errorf("NEO4J_AUTH: %+v (found %v)", f, ok)
	}
	for _, code := range []string{"docker-run-cut-by-shell", "docker-run-value-elsewhere"} {
		if f, ok := findCode(c.Findings, code); ok {
			t.Errorf("%s on a well-quoted command: %s", code, f.Message)
		}
	}
}

// TestDockerRunCutByShell: an unquoted ';' in a value ends the command
// there, as the shell does, before the image: docker refuses the command
// ('docker run' requires at least 1 argument), no container starts, and
// the error says so; no setting is read, so none is judged as Neo4j's.
func TestDockerRunCutByShell(t *testing.T) {
	cmd := "docker run -e NEO4J_dbms_security_oidc_okta_params=client_id=0oa1;response_type=code \\\n  --env NEO4J_dbms_security_oidc_okta_audience=neo4j neo4j:5\n"
	c, err := ParseEnv(strings.NewReader(cmd), "run.sh")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Entries) != 0 {
		t.Errorf("settings read from a command docker refuses: %+v", c.Entries)
	}
	f, ok := findCode(c.Findings, "docker-run-refused")
	if !ok || f.Severity != "error" || !strings.Contains(f.Message, `unquoted ";" in NEO4J_dbms_security_oidc_okta_params's value`) || !strings.Contains(f.Fix, "NAME=value in single quotes") || !strings.Contains(f.Message, "requires at least 1 argument") {
		t.Errorf("docker-run-refused: %+v (found %v)", f, ok)
	}
	if f, ok := findCode(Lint(c, Latest), "conf-map-missing-required-key"); ok {
		t.Errorf("the cut params judged as Neo4j's: %s", f.Message)
	}
}

// TestDockerRunValuesElsewhere: -e NAME (the shell's value) and
// --env-file are named as not read, rather than vanishing.
func TestDockerRunValuesElsewhere(t *testing.T) {
	cmd := "podman container run --env-file=./neo4j.env -e NEO4J_dbms_security_oidc_okta_audience neo4j"
	c, err := ParseEnv(strings.NewReader(cmd), "run.sh")
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, f := range c.Findings {
		if f.Code == "docker-run-value-elsewhere" {
			msgs = append(msgs, f.Message)
		}
	}
	if len(msgs) != 2 || !strings.Contains(msgs[0], "./neo4j.env") || !strings.Contains(msgs[1], "NEO4J_dbms_security_oidc_okta_audience takes its value from the environment") {
		t.Errorf("findings %q", msgs)
	}
	if len(c.Entries) != 0 {
		t.Errorf("entries %+v", c.Entries)
	}
}

// TestNotADockerRun: other commands, and a neo4j.conf that names docker,
// are read as they were.
func TestNotADockerRun(t *testing.T) {
	for _, text := range []string{
		"docker exec -e NEO4J_x=1 neo4j cypher-shell",
		"docker compose up -d",
		"echo docker run -e NEO4J_dbms_security_auth__enabled=false",
	} {
		if _, ok := dockerRun(text); ok {
			t.Errorf("%q read as a docker run command", text)
		}
	}
	c, err := ReadConf(strings.NewReader("# run with: docker run -e NEO4J_x=1\ndbms.security.auth_enabled=true\n"), "neo4j.conf", ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Form == "docker run command" || len(c.Entries) != 1 {
		t.Errorf("a neo4j.conf with a comment naming docker: form %q, entries %+v", c.Form, c.Entries)
	}
}

// TestDockerRunCutAtALineBreak: a space after the backslash, or no
// backslash, ends the command at that line, before the image: docker
// refuses it, and the error says which line and why.
func TestDockerRunCutAtALineBreak(t *testing.T) {
	for _, tt := range []struct{ cmd, why string }{
		{"docker run \\\n  --env NEO4J_dbms_security_oidc_okta_display__name=Okta \\ \n  --env NEO4J_dbms_security_oidc_okta_audience=neo4j \\\n  neo4j:5\n", "a space follows its backslash"},
		{"docker run \\\n  --env NEO4J_dbms_security_oidc_okta_display__name=Okta\n  --env NEO4J_dbms_security_oidc_okta_audience=neo4j \\\n  neo4j:5\n", "it does not end with a backslash"},
	} {
		c, err := ParseEnv(strings.NewReader(tt.cmd), "run.sh")
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Entries) != 0 {
			t.Errorf("%q: settings read from a command docker refuses", tt.cmd)
		}
		f, ok := findCode(c.Findings, "docker-run-refused")
		if !ok || !strings.Contains(f.Message, "at line 2, because "+tt.why) {
			t.Errorf("%q: %+v (found %v)", tt.cmd, f, ok)
		}
	}
	// A command that ends where it should: nothing to say.
	c, err := ParseEnv(strings.NewReader("docker run --env NEO4J_dbms_security_auth__enabled=true neo4j:5\ndocker logs -f neo4j\n"), "run.sh")
	if err != nil {
		t.Fatal(err)
	}
	if f, ok := findCode(c.Findings, "docker-run-cut-by-shell"); ok {
		t.Errorf("a whole command: %s", f.Message)
	}
}

// TestDockerRunFromWindows: PowerShell's ` and cmd's ^ continue a line as
// a POSIX backslash does.
func TestDockerRunFromWindows(t *testing.T) {
	for _, mark := range []string{"`", "^"} {
		cmd := "docker run " + mark + "\r\n  --env NEO4J_dbms_security_oidc_okta_display__name=Okta " + mark + "\r\n  --env NEO4J_dbms_security_oidc_okta_audience=neo4j " + mark + "\r\n  neo4j:5\r\n"
		c, err := ReadConf(strings.NewReader(cmd), "run.ps1", ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		e, ok := c.Get("dbms.security.oidc.okta.audience")
		if !ok || e.Value != "neo4j" || e.Line != 3 {
			t.Errorf("%s: audience %+v (%v)", mark, e, ok)
		}
		if f, ok := findCode(c.Findings, "docker-run-cut-by-shell"); ok {
			t.Errorf("%s: %s", mark, f.Message)
		}
	}
}

// TestDockerRunReviewCases: a secret is masked by its word (its value may
// hold the ; & or space a finding is about); a value the shell makes ($,
// `) is not read as written; options after the image are the container's;
// && ends the command too, and a compose file that quotes a docker run
// command stays a compose file.
func TestDockerRunReviewCases(t *testing.T) {
	for _, cmd := range []string{
		"docker run -e NEO4J_dbms_security_oidc_x_client__secret=ab;cd neo4j",
		"docker run -e NEO4J_dbms_security_oidc_x_client__secret=ab&cd&ef neo4j",
		"docker run -e 'NEO4J_dbms_security_oidc_x_client__secret=ab cd' \\ \n -e NEO4J_dbms_security_oidc_x_audience=a neo4j",
	} {
		c, err := ParseEnv(strings.NewReader(cmd), "run.sh")
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range c.Findings {
			if text := f.Message + f.Fix + f.Evidence; strings.Contains(text, "cd") || strings.Contains(text, "ab") {
				t.Errorf("%q: the secret shows: %+v", cmd, f)
			}
		}
	}
	c, err := ParseEnv(strings.NewReader(`docker run -e NEO4J_dbms_security_oidc_x_audience="$(cat aud.txt)" -e NEO4J_dbms_security_oidc_x_display__name=$NAME -e 'NEO4J_dbms_security_oidc_x_issuer=$lit' -d neo4j:5 -e NEO4J_dbms_security_oidc_x_params=bogus && echo started`), "run.sh")
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{"dbms.security.oidc.x.audience": "", "dbms.security.oidc.x.display_name": "", "dbms.security.oidc.x.issuer": "$lit", "dbms.security.oidc.x.params": ""} {
		if e, ok := c.Get(key); ok != (want != "") || e.Value != want {
			t.Errorf("%s = %q (%v), want %q", key, e.Value, ok, want)
		}
	}
	n := 0
	for _, f := range c.Findings {
		if f.Code == "docker-run-value-elsewhere" && strings.Contains(f.Message, "made by the shell") {
			n++
		}
		if f.Code == "conf-command-expansion" || f.Code == "docker-run-cut-by-shell" {
			t.Errorf("%s: %s", f.Code, f.Message)
		}
	}
	if n != 2 {
		t.Errorf("%d values named as the shell's, want 2: %+v", n, c.Findings)
	}
	c, err = ParseEnv(strings.NewReader("docker run -e NEO4J_dbms_security_oidc_x_params=a&&b -e NEO4J_dbms_security_oidc_x_audience=n neo4j"), "run.sh")
	if err != nil {
		t.Fatal(err)
	}
	if f, ok := findCode(c.Findings, "docker-run-refused"); !ok || !strings.Contains(f.Message, `unquoted "&&"`) {
		t.Errorf("&&: %+v (found %v)", f, ok)
	}
	c, err = ParseEnv(strings.NewReader("services:\n  neo4j:\n    image: neo4j:5\n    x-run: |\n      podman run --rm neo4j:5\n    environment:\n      - NEO4J_dbms_security_auth__enabled=true\n"), "compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	if c.Form != "compose environment" || len(c.Entries) != 1 {
		t.Errorf("a compose file quoting a docker run command: form %q, entries %+v", c.Form, c.Entries)
	}
}
