package cli

import (
	"errors"
	"net"
	"strings"
	"testing"

	"github.com/ssolens/ssolens/pkce"
)

// The core's errors name no flag; the command line names the one that
// answers each, and errors.Is still sees the core's error.
func TestFlagHintsNameTheFlag(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	_, portsErr := pkce.ListenLoopback(pkce.LoopbackConfig{Ports: []int{busy.Addr().(*net.TCPAddr).Port}})
	_, _, _, secretErr := pkce.ResolveSecret(pkce.SecretRequest{Key: "k"}, nil)
	for _, c := range []struct {
		err        error
		sentinel   error
		flag, core string
	}{
		{portsErr, pkce.ErrPortsInUse, "(--listen PORTS)", "choose other ports"},
		{secretErr, pkce.ErrNoClientSecret, "(--client-secret-env VAR)", "environment variable"},
	} {
		if c.err == nil || strings.Contains(c.err.Error(), "--") {
			t.Errorf("the core's error %v names a flag", c.err)
			continue
		}
		got := withFlagHint(c.err)
		if !errors.Is(got, c.sentinel) || !strings.HasSuffix(got.Error(), c.flag) || !strings.Contains(got.Error(), c.core) {
			t.Errorf("%v: hinted as %q", c.sentinel, got)
		}
	}
	plain := errors.New("the sign-in returned nothing")
	if got := withFlagHint(plain); got != plain {
		t.Errorf("an error no flag answers became %q", got)
	}
	if withFlagHint(nil) != nil {
		t.Error("nil became an error")
	}
}
