package conf

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/ssolens/ssolens/internal/shellwords"
)

// dockerRun finds the first docker run command in text (docker, podman or
// nerdctl; run or create, container run too; after sudo): its words from
// the options on, up to where the shell ends the command, and the
// operator that ends it (nil at the end of the text). ok is false when
// text holds no such command.
func dockerRun(text string) (args []shellwords.Word, ender *shellwords.Word, ok bool) {
	if !strings.Contains(text, "docker") && !strings.Contains(text, "podman") && !strings.Contains(text, "nerdctl") {
		return nil, nil, false // the usual case: no command to split for
	}
	ws := shellwords.Split(text)
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
		if end < len(ws) {
			ender = &ws[end]
		}
		return ws[j+1 : end], ender, true
	}
	return nil, nil, false
}

// readDockerRun reads the --env (-e) options of a docker run command as
// the image gets them: the shell has removed the quotes already, and the
// value goes to neo4j.conf as it stands.
func readDockerRun(c *Conf, text string, args []shellwords.Word, ender *shellwords.Word) {
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
	if ender != nil && last != "" && (ender.Text == ";" || ender.Text == "&" || ender.Text == "|") {
		n, raw := lineOf(*ender)
		c.add(FindDockerRunCutByShell.Newf(fmt.Sprintf("Quote the whole option: --env '%s=…', so that the shell passes the %q to docker.", last, ender.Text),
			fmt.Sprintf("%s line %d: %s", c.Name, n, ClipText(raw, 160)),
			"The shell ends the docker run command at the unquoted %q in %s's value: Neo4j gets the value up to it, the options after it are not docker's, and the rest runs as another command.",
			ender.Text, ClipText(last, MaxQuotedRunes)))
	}
}
