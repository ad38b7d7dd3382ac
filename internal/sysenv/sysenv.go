// Package sysenv fixes the process environment before GUI libraries read
// it. It must be imported by main, and must import nothing but the
// standard library: Go initialises a package's dependencies first and
// otherwise follows import-path order (Go spec, "Package initialization"),
// so this init runs before fyne.io/.../lang reads the locale.
package sysenv

import (
	"os"
	"strings"
)

// Fyne cannot parse the POSIX locales ("C", "C.UTF-8", "POSIX") that
// containers and CI machines run with, and logs "Fyne error: Error parsing
// user locale C" on every start, CLI included (fyne-io/fyne#5271). Those
// locales mean "no particular language", so English is their equivalent.
func init() {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v, ok := os.LookupEnv(name)
		if !ok || v == "" {
			continue
		}
		if isPOSIXLocale(v) {
			os.Setenv(name, "en_US.UTF-8")
		}
		return // the first set variable is the one in force
	}
}

func isPOSIXLocale(v string) bool {
	base, _, _ := strings.Cut(v, ".")
	return base == "C" || base == "POSIX"
}
