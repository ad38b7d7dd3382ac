// Package lazyre compiles a regular expression on its first use, not when
// the package that declares it loads: every ssolens command pays at
// start-up for each package-level regexp.MustCompile of every package it
// links, whether it uses the expression or not.
package lazyre

import (
	"regexp"
	"sync"
)

// New returns a function that compiles expr the first time it is called
// (panicking, as regexp.MustCompile does, if expr is not valid) and
// returns the same *regexp.Regexp on every call. It is safe for
// concurrent use.
func New(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
