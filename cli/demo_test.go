package cli

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestDemoServesUntilQuit starts `ssolens demo --port 0`, reads the issuer
// it prints, fetches discovery, switches a scenario and stops it with "quit".
func TestDemoServesUntilQuit(t *testing.T) {
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	var stderr strings.Builder
	done := make(chan int, 1)
	go func() {
		done <- runDemo(&env{stdin: inR, stdout: outW, stderr: &stderr}, []string{"--port", "0", "--scenario", "expired"})
		outW.Close()
	}()
	out := bufio.NewScanner(outR)
	var issuer string
	var printed strings.Builder
	for out.Scan() {
		printed.WriteString(out.Text() + "\n")
		if v, ok := strings.CutPrefix(out.Text(), "Issuer:"); ok {
			issuer = strings.TrimSpace(v)
		}
		if strings.HasPrefix(out.Text(), "Type a scenario name") {
			break
		}
	}
	if !strings.HasPrefix(issuer, "http://127.0.0.1:") {
		t.Fatalf("no issuer printed:\n%s%s", printed.String(), stderr.String())
	}
	for _, want := range []string{"not for production", "ssolens-m2m", "a public demo secret", "alice", "250 groups", "groups-overage", "Scenario:   expired"} {
		if !strings.Contains(printed.String(), want) {
			t.Errorf("output lacks %q", want)
		}
	}
	go io.Copy(io.Discard, outR)

	resp, err := http.Get(issuer + "/.well-known/openid-configuration")
	if err != nil {
		t.Fatal(err)
	}
	var d struct{ Issuer string }
	json.NewDecoder(resp.Body).Decode(&d)
	resp.Body.Close()
	if d.Issuer != issuer {
		t.Errorf("discovery issuer = %q, want %q", d.Issuer, issuer)
	}

	io.WriteString(inW, "no-such-scenario\nclock-skew\nquit\n")
	select {
	case code := <-done:
		if code != ExitOK {
			t.Errorf("exit code %d; stderr: %s", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("demo did not stop on quit")
	}
	if !strings.Contains(stderr.String(), `unknown demo scenario "no-such-scenario"`) {
		t.Errorf("stderr = %q", stderr.String())
	}
	if _, err := http.Get(issuer + "/.well-known/openid-configuration"); err == nil {
		t.Error("the provider still answers after quit")
	}
	inW.Close()
}

func TestDemoRefusesBadArguments(t *testing.T) {
	for _, args := range [][]string{{"--port", "70000"}, {"--scenario", "nope", "--port", "0"}, {"extra"}} {
		var stdout, stderr strings.Builder
		if code := runDemo(&env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr}, args); code != ExitUsage {
			t.Errorf("runDemo(%q) = %d, want %d", args, code, ExitUsage)
		}
	}
}
