// Command startfloor is make bench's floor for the start-up rows: a
// program that links the command line and every package it links, built
// the same way, and runs no command. The Go runtime's start and every
// package's init are all it does; what `ssolens version` or `inspect`
// take beyond it is the command's own work.
package main

import (
	_ "github.com/ssolens/ssolens/cli"
	_ "github.com/ssolens/ssolens/internal/sysenv"
)

func main() {}
