// Command ssolens answers "what does my identity provider send, and what will
// Neo4j make of it?". With no arguments it opens the desktop window; with any
// it runs the command line (ssolens inspect|scan|version ...).
package main

import (
	"os"

	"github.com/ssolens/ssolens/cli"
	_ "github.com/ssolens/ssolens/internal/sysenv" // fixes the locale before Fyne reads it
)

func main() {
	if len(os.Args) > 1 {
		os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(runGUI())
}
