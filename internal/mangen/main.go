// Command mangen writes the man pages of the ssolens command line (one per
// command, from its cobra definition) into a directory: `make man`.
package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra/doc"

	"github.com/ssolens/ssolens/cli"
)

func main() {
	dir := "build/man"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	if err := generate(dir); err != nil {
		fmt.Fprintln(os.Stderr, "mangen:", err)
		os.Exit(1)
	}
	fmt.Printf("man pages in %s (man -l %s/ssolens.1)\n", dir, dir)
}

func generate(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	root := cli.NewRootCommand()
	root.DisableAutoGenTag = true // the same pages from the same source
	header := &doc.GenManHeader{Title: "SSOLENS", Section: "1", Source: "SSO Lens", Manual: "SSO Lens manual"}
	return doc.GenManTree(root, header, dir)
}
