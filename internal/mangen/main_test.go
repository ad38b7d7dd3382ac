package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGenerateWritesAPagePerCommand(t *testing.T) {
	dir := t.TempDir()
	if err := generate(dir); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"ssolens.1", "ssolens-inspect.1", "ssolens-mint.1", "ssolens-login.1"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), ".SH NAME") || !strings.Contains(string(b), ".SH SYNOPSIS") {
			t.Errorf("%s is not a man page:\n%.300s", name, b)
		}
	}
	mint, _ := os.ReadFile(filepath.Join(dir, "ssolens-mint.1"))
	if !strings.Contains(string(mint), "never point it at production keys") {
		t.Error("the mint page lacks its warning")
	}
}
