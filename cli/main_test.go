package cli

import (
	"fmt"
	"os"
	"testing"
)

// TestMain keeps the tests out of the user's cache directory, where
// `ssolens demo` and `ssolens mint` keep the demo signing key, and off a
// colour terminal's escapes unless a test asks for them.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "ssolens-cli-test-cache")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	os.Setenv("XDG_CACHE_HOME", dir)
	os.Unsetenv("SSOLENS_OFFLINE")
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
