// Command ssolens answers "what does my identity provider send, and what will
// Neo4j make of it?". With no arguments it opens the desktop window; with any
// it runs the command line (ssolens inspect|scan|version).
package main

import (
	"os"

	fyneapp "fyne.io/fyne/v2/app"

	"github.com/ssolens/ssolens/app"
	"github.com/ssolens/ssolens/cli"
)

func main() {
	if len(os.Args) > 1 {
		os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	a := fyneapp.NewWithID("io.github.ssolens")
	app.NewMainWindow(a).ShowAndRun()
}
