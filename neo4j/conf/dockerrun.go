package conf

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/ssolens/ssolens/internal/shellwords"
)

// dockerCommand is a docker run command as the shell reads it: its words
// from the options on, up to where the shell ends it, the operator that
// ends it (nil at the end of the text), and whether the next line goes on
// with options (the shell ended the command at a line break the writer
// meant to continue: a space after the backslash, or no backslash).
type dockerCommand struct {
	args   []shellwords.Word
	ender  *shellwords.Word
	goesOn bool
}

// dockerRun finds the first docker run command in text (docker, podman or
// nerdctl; run or create, container run too; after sudo). ok is false
// when text holds no such command.
func dockerRun(text string) (run dockerCommand, ok bool) {
	if !strings.Contains(text, "docker") && !strings.Contains(text, "podman") && !strings.Contains(text, "nerdctl") {
		return dockerCommand{}, false // the usual case: no command to split for
	}
	ws := shellwords.Split(windowsContinuations(text))
	word := func(i int) string {
		if i < len(ws) && !ws[i].Operator {
			return ws[i].Text
		}
		return ""
	}
	for i := range ws {
		if ws[i].Operator || (i > 0 && !ws[i-1].Operator) {
			continue // not the first word of a command
		}
		j := i
		if word(j) == "sudo" {
			j++
		}
		switch filepath.Base(word(j)) {
		case "docker", "podman", "nerdctl":
		default:
			continue
		}
		j++
		if word(j) == "container" {
			j++
		}
		if w := word(j); w != "run" && w != "create" {
			continue
		}
		end := j + 1
		for end < len(ws) && !ws[end].Operator {
			end++
		}
		run := dockerCommand{args: ws[j+1 : end]}
		if end < len(ws) {
			run.ender = &ws[end]
			run.goesOn = end+1 < len(ws) && !ws[end+1].Operator && strings.HasPrefix(ws[end+1].Text, "-")
		}
		return run, true
	}
	return dockerCommand{}, false
}

// windowsContinuations is text with PowerShell's (`) and cmd's (^) line
// continuations written as a POSIX shell's (\), the same length: a
// command copied from Windows reads the same, a space after the mark
// included (those shells, too, then escape the space, not the line break).
func windowsContinuations(text string) string {
	if !strings.Contains(text, "`\n") && !strings.Contains(text, "^\n") && !strings.Contains(text, "` ") && !strings.Contains(text, "^ ") {
		return text
	}
	b := []byte(text)
	for i := 0; i < len(b); {
		end := i + strings.IndexByte(text[i:], '\n')
		if end < i {
			end = len(b)
		}
		line := strings.TrimRight(text[i:end], " \t")
		if n := len(line); n >= 2 && (line[n-1] == '`' || line[n-1] == '^') && (line[n-2] == ' ' || line[n-2] == '\t') {
			b[i+n-1] = '\\'
		}
		i = end + 1
	}
	return string(b)
}

// readDockerRun reads the --env (-e) options of a docker run command as
// the image gets them: the shell has removed the quotes already, and the
// value goes to neo4j.conf as it stands.
func readDockerRun(c *Conf, text string, run dockerCommand) {
	args := run.args
	c.Form = "docker run command"
	lineOf := func(w shellwords.Word) (int, string) {
		n := 1 + strings.Count(text[:w.Start], "\n")
		start := strings.LastIndexByte(text[:w.Start], '\n') + 1
		l, _, _ := strings.Cut(text[start:], "\n")
		return n, strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(l), "\\"))
	}
	var last string // the variable the last option set
	for i := 0; i < len(args); i++ {
		a, opt := args[i].Text, args[i]
		var env, file string
		var hasEnv, hasFile bool
		switch {
		case a == "-e" || a == "--env":
			if i+1 < len(args) {
				i++
				env, hasEnv = args[i].Text, true
			}
		case strings.HasPrefix(a, "--env="):
			env, hasEnv = strings.TrimPrefix(a, "--env="), true
		case strings.HasPrefix(a, "-e") && len(a) > 2 && !strings.HasPrefix(a, "--"):
			env, hasEnv = a[2:], true
		case a == "--env-file":
			if i+1 < len(args) {
				i++
				file, hasFile = args[i].Text, true
			}
		case strings.HasPrefix(a, "--env-file="):
			file, hasFile = strings.TrimPrefix(a, "--env-file="), true
		}
		n, raw := lineOf(opt)
		evidence := fmt.Sprintf("%s line %d: %s", c.Name, n, ClipText(raw, 160))
		last = ""
		switch {
		case hasFile:
			c.add(FindDockerRunValueElsewhere.Newf("Read that file as well (it is the env file form).", evidence,
				"The command reads variables from the file %s, which is not part of this text; its settings are not in this reading.", ClipText(file, MaxQuotedRunes)))
		case hasEnv:
			name, value, set := strings.Cut(env, "=")
			if _, ok := EnvToSetting(name); !ok && !imageVariables[name] {
				continue
			}
			if !set {
				c.add(FindDockerRunValueElsewhere.Newf("Give the value in the command (--env NAME=value), or read the file it comes from.", evidence,
					"%s takes its value from the environment of the shell that runs docker, which this text does not show; it is read as not set.", ClipText(name, MaxQuotedRunes)))
				continue
			}
			addEnv(c, name, value, n, raw)
			last = name
		}
	}
	switch e := run.ender; {
	case e != nil && last != "" && (e.Text == ";" || e.Text == "&" || e.Text == "|"):
		n, raw := lineOf(*e)
		c.add(FindDockerRunCutByShell.Newf(fmt.Sprintf("Quote the whole option: --env '%s=…', so that the shell passes the %q to docker.", last, e.Text),
			fmt.Sprintf("%s line %d: %s", c.Name, n, ClipText(raw, 160)),
			"The shell ends the docker run command at the unquoted %q in %s's value: Neo4j gets the value up to it, the options after it are not docker's, and the rest runs as another command.",
			e.Text, ClipText(last, MaxQuotedRunes)))
	case e != nil && run.goesOn:
		n, raw := lineOf(*e)
		why := "it does not end with a backslash"
		if before := strings.TrimRight(text[:e.Start], " \t"); strings.HasSuffix(before, "\\") && len(before) < e.Start {
			why = "a space follows its backslash, which then escapes the space instead of the line break"
		}
		c.add(FindDockerRunCutByShell.Newf("End each line of the command with a backslash and nothing after it.",
			fmt.Sprintf("%s line %d: %s", c.Name, n, ClipText(raw, 160)),
			"The shell ends the docker run command at line %d, because %s: the options on the lines after it are not docker's (the shell runs them as another command), so their settings are not set.",
			n, why))
	}
}
