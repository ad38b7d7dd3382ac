package conf

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/ssolens/ssolens/internal/secretmask"
	"github.com/ssolens/ssolens/internal/shellwords"
)

// dockerCommand is a docker run command as the shell reads it: its words
// from the options on, up to where the shell ends it, the operator that
// ends it (nil at the end of the text), and whether the next line goes on
// with options (the shell ended the command at a line break the writer
// meant to continue: a space after the backslash, or no backslash).
type dockerCommand struct {
	text   string // the text the words' offsets are in (Windows' continuations as a backslash)
	args   []shellwords.Word
	ender  *shellwords.Word
	goesOn bool
	rest   []shellwords.Word // the words after the ender
}

// maxDockerWords is how many words of a text are read for a docker run
// command: thousands of options are more than any command has, and a
// longer text keeps its memory to that.
const maxDockerWords = 20000

// dockerRun finds the first docker run command in text (docker, podman or
// nerdctl; run or create, container run too; after sudo). ok is false
// when text holds no such command.
func dockerRun(text string) (run dockerCommand, ok bool) {
	if !strings.Contains(text, "docker") && !strings.Contains(text, "podman") && !strings.Contains(text, "nerdctl") {
		return dockerCommand{}, false // the usual case: no command to split for
	}
	text = windowsContinuations(text)
	ws := shellwords.SplitN(text, maxDockerWords)
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
		run := dockerCommand{text: text, args: ws[j+1 : end]}
		if end < len(ws) {
			run.ender, run.rest = &ws[end], ws[end+1:]
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

// dockerSwitches are docker run's (and podman's) long options that take
// no value. Every other long option is read as taking the next word: a
// value option does, and for one SSO Lens does not know, reading the
// image name as its value loses nothing, where stopping early would lose
// every --env after it.
var dockerSwitches = map[string]bool{
	"rm": true, "detach": true, "interactive": true, "tty": true, "init": true, "privileged": true, "read-only": true,
	"publish-all": true, "quiet": true, "no-healthcheck": true, "oom-kill-disable": true, "disable-content-trust": true,
	"help": true, "replace": true, "rmi": true, "sig-proxy": true, "use-api-socket": true,
}

// dockerOption is one option of a docker run command: its name (e for
// -e/--env, env-file for --env-file), its value and the word the value
// stands in, if any.
type dockerOption struct {
	name  string
	value string
	word  shellwords.Word // the word holding the value (the option's own for -eX, --env=X)
	at    shellwords.Word // the option's first word
	given bool            // a value was there
}

// dockerOptions reads the options of a docker run command, up to the image
// (the first word that is neither an option nor an option's value); the
// words after it are the container's command. image is the image's word,
// "" when the options run to the end: docker then has no image to run.
func dockerOptions(args []shellwords.Word) (opts []dockerOption, image string) {
	for i := 0; i < len(args); i++ {
		w := args[i]
		a := w.Text
		next := func(name string) {
			o := dockerOption{name: name, at: w}
			if i+1 < len(args) {
				i++
				o.value, o.word, o.given = args[i].Text, args[i], true
			}
			opts = append(opts, o)
		}
		switch {
		case a == "--":
			if i+1 < len(args) {
				return opts, args[i+1].Text
			}
			return opts, ""
		case strings.HasPrefix(a, "--"):
			name, value, has := strings.Cut(a[2:], "=")
			if name == "e" {
				name = "env"
			}
			switch {
			case has:
				opts = append(opts, dockerOption{name: name, value: value, word: w, at: w, given: true})
			case dockerSwitches[name]:
			default:
				next(name) // a value option, or one not known: see dockerSwitches
			}
		case strings.HasPrefix(a, "-") && len(a) > 1:
			// A cluster of short options (-dit, -p8080:80, -eNAME=v): the
			// first one that takes a value takes the rest, or the next word.
			for k := 1; k < len(a); k++ {
				if !strings.ContainsRune("acehlmpuvw", rune(a[k])) {
					continue // -d -i -t -P -q
				}
				name := a[k : k+1]
				if name == "e" {
					name = "env"
				}
				if k+1 < len(a) {
					opts = append(opts, dockerOption{name: name, value: a[k+1:], word: w, at: w, given: true})
				} else {
					next(name)
				}
				break
			}
		default:
			return opts, a // the image
		}
	}
	return opts, ""
}

// readDockerRun reads the --env (-e) options of a docker run command as
// the image gets them: the shell has removed the quotes already, and the
// value goes to neo4j.conf as it stands.
func readDockerRun(c *Conf, run dockerCommand) {
	c.Form = "docker run command"
	text := run.text
	starts := []int{0} // where each line starts, for lineOf
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	lineOf := func(w shellwords.Word) (int, string) {
		n := sort.SearchInts(starts, w.Start+1) // lines starting at or before w
		l, _, _ := strings.Cut(text[starts[n-1]:], "\n")
		return n, strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(l), "\\"))
	}
	// shown is an option's line number and text, a secret's value masked
	// by its word, not by the line's pattern: the value may hold the very
	// ; & or space the findings are about.
	shown := func(o dockerOption, setting string) (int, string) {
		n, raw := lineOf(o.at)
		if secretmask.Name(setting) {
			name, _, _ := strings.Cut(o.value, "=")
			raw = "--env " + name + "=" + secretmask.Redacted
		}
		return n, raw
	}
	evidence := func(o dockerOption, setting string) string {
		n, raw := shown(o, setting)
		return fmt.Sprintf("%s line %d: %s", c.Name, n, ClipText(raw, 160))
	}
	opts, image := dockerOptions(run.args)
	// Cut by the shell before its image, the command is refused by docker:
	// no container starts, so no setting is read. A space escaped at a
	// line's end is the image docker gets, and refuses too.
	refused := strings.TrimSpace(image) == "" && run.ender != nil
	dockerSays := "docker: 'docker run' requires at least 1 argument"
	if image != "" {
		dockerSays = "docker: invalid reference format"
	}
	// masked is line n as written, each secret's value masked by its word.
	masked := func(n int) string {
		end := len(text)
		if n < len(starts) {
			end = starts[n] - 1
		}
		line := text[starts[n-1]:end]
		for k := len(opts) - 1; k >= 0; k-- {
			o := opts[k]
			name, _, _ := strings.Cut(o.value, "=")
			if o.name != "env" || !secretmask.Name(settingOf(name)) || o.word.Start < starts[n-1] || o.word.End > end {
				continue
			}
			a, b := o.word.Start-starts[n-1], o.word.End-starts[n-1]
			line = line[:a] + "'" + name + "=" + secretmask.Redacted + "'" + line[b:]
		}
		return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(line), "\\"))
	}
	var last *dockerOption // the option whose value ends the command, if one does
	for _, o := range opts {
		last = nil
		switch o.name {
		case "env-file":
			c.add(FindDockerRunValueElsewhere.Newf("Read that file as well (it is the env file form).", evidence(o, ""),
				"The command reads variables from the file %s, which is not part of this text; its settings are not in this reading.", ClipText(o.value, MaxQuotedRunes)))
		case "env":
			if !o.given {
				continue
			}
			name, value, set := strings.Cut(o.value, "=")
			last = &o
			setting, isSetting := EnvToSetting(name)
			if !isSetting && !imageVariables[name] {
				continue
			}
			switch {
			case !set:
				c.add(FindDockerRunValueElsewhere.Newf("Give the value in the command (--env NAME=value), or read the file it comes from.", evidence(o, ""),
					"%s takes its value from the environment of the shell that runs docker, which this text does not show; it is read as not set.", ClipText(name, MaxQuotedRunes)))
			case o.word.Expands && isSetting:
				c.add(FindDockerRunValueElsewhere.Newf("Give the value in the command (--env NAME=value), or read the file it comes from.", evidence(o, setting),
					"%s's value is made by the shell ($ or `: a variable or a command's output), which this text does not show; it is read as not set.", ClipText(name, MaxQuotedRunes)))
			case !refused:
				n, raw := shown(o, setting)
				addEnv(c, name, value, n, raw)
			}
		}
	}
	lost := func() string {
		// The rest is no docker command: its --env options, wherever.
		var names []string
		for i, w := range run.rest {
			v, ok := "", false
			switch {
			case (w.Text == "-e" || w.Text == "--env") && i+1 < len(run.rest):
				v, ok = run.rest[i+1].Text, true
			case strings.HasPrefix(w.Text, "--env="):
				v, ok = strings.TrimPrefix(w.Text, "--env="), true
			}
			if n, _, _ := strings.Cut(v, "="); ok {
				if setting, isSetting := EnvToSetting(n); isSetting {
					names = append(names, setting)
				}
			}
		}
		if len(names) == 0 {
			return ""
		}
		if len(names) > 5 {
			names = append(names[:5], "…")
		}
		return " Not set, as a result: " + strings.Join(names, ", ") + "."
	}
	if refused {
		e := run.ender
		n, _ := lineOf(*e)
		where := fmt.Sprintf("at line %d, because %s", n, breakReason(text, e))
		fix := "End each line of the command with a backslash and nothing after it."
		ev := fmt.Sprintf("%s line %d: %s", c.Name, n, ClipText(secretmask.Assignments(masked(n)), 160))
		if e.Text != "\n" && last != nil {
			name, _, _ := strings.Cut(last.value, "=")
			where = fmt.Sprintf("at the unquoted %q in %s's value", e.Text, ClipText(name, MaxQuotedRunes))
			fix = fmt.Sprintf("Put the option's NAME=value in single quotes, so that the shell passes the %q to docker.", e.Text)
			ev = evidence(*last, settingOf(name))
		}
		c.add(FindDockerRunRefused.Newf(fix, ev,
			"Docker refuses the command: the shell ends it %s, before the image, so docker run gets no image (%q) and no container starts; the image name then runs as a command of its own. SSO Lens read no setting from it.",
			where, dockerSays))
		return
	}
	switch e := run.ender; {
	case e != nil && last != nil && e.Text != "\n" && len(run.args) > 0 && last.word.End == run.args[len(run.args)-1].End:
		name, _, _ := strings.Cut(last.value, "=")
		c.add(FindDockerRunCutByShell.Newf(fmt.Sprintf("Put the option's NAME=value in single quotes, so that the shell passes the %q to docker.", e.Text),
			evidence(*last, settingOf(name)),
			"The shell ends the docker run command at the unquoted %q in %s's value: the value stops there, the options after it are not docker's, and the rest runs as another command.%s",
			e.Text, ClipText(name, MaxQuotedRunes), lost()))
	case e != nil && run.goesOn:
		n, _ := lineOf(*e)
		raw := masked(n)
		why := breakReason(text, e)
		c.add(FindDockerRunCutByShell.Newf("End each line of the command with a backslash and nothing after it.",
			fmt.Sprintf("%s line %d: %s", c.Name, n, ClipText(secretmask.Assignments(raw), 160)),
			"The shell ends the docker run command at line %d, because %s: the options on the lines after it are not docker's (the shell runs them as another command).%s",
			n, why, lost()))
	}
}

// breakReason says why the line break e ends a command: no backslash
// before it, or a space after the backslash.
func breakReason(text string, e *shellwords.Word) string {
	if before := strings.TrimRight(text[:e.Start], " \t"); strings.HasSuffix(before, "\\") && len(before) < e.Start {
		return "a space follows its backslash, which then escapes the space instead of the line break"
	}
	return "it does not end with a backslash"
}

// settingOf is the setting an environment variable sets, or "".
func settingOf(name string) string {
	s, _ := EnvToSetting(name)
	return s
}
