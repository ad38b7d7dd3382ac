package inspector

import (
	"fmt"
	"slices"
	"sort"
	"sync"

	"github.com/ssolens/ssolens/internal/safetext"
)

// Severity says how bad a finding is. The CLI exits 1 when any finding of a
// token is an error.
type Severity string

const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityInfo    Severity = "info"
)

// Rank orders severities for sorting: errors (0) first, then warnings,
// then the rest.
func (s Severity) Rank() int { return s.rank() }

// rank orders severities for sorting: errors first.
func (s Severity) rank() int {
	switch s {
	case SeverityError:
		return 0
	case SeverityWarning:
		return 1
	default:
		return 2
	}
}

// Finding is one diagnosis: the product's vocabulary. Code is stable and
// kebab-case; the UI, the CLI and the report render findings and tests assert
// on Code. Fix says what to do in words any face can show; Command, when
// there is one, says how on the command line (an ssolens command or its
// flags). The window has its own ways and never shows Command. The first
// five fields are always present in JSON; command only when set.
type Finding struct {
	Code     string   `json:"code"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
	Fix      string   `json:"fix"`
	Evidence string   `json:"evidence"`
	Command  string   `json:"command,omitempty"`
}

// Def declares a finding code once, with its severity and a one-line summary
// for docs/findings.md. Every package that emits findings declares its codes
// with Define, so the catalogue can be checked against the docs.
type Def struct {
	Code     string
	Severity Severity
	Summary  string
}

var (
	registryMu sync.Mutex
	// registry is made with room for every code the packages define (220
	// today), so package init does not grow it step by step.
	registry = make(map[string]*Def, 256)
)

// Define registers a finding code. It panics on a duplicate code: that is a
// programming error caught at init time by every test.
func Define(code string, sev Severity, summary string) *Def {
	registryMu.Lock()
	defer registryMu.Unlock()
	if _, dup := registry[code]; dup {
		panic("inspector: finding code defined twice: " + code)
	}
	d := &Def{Code: code, Severity: sev, Summary: summary}
	registry[code] = d
	return d
}

// Definitions lists every registered finding code, sorted by code.
func Definitions() []Def {
	registryMu.Lock()
	defer registryMu.Unlock()
	out := make([]Def, 0, len(registry))
	for _, d := range registry {
		out = append(out, *d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// The longest message, fix and evidence a finding keeps: a finding quotes
// values (a conf value, a claim), and a hostile 10 MB value must not be
// repeated whole in each finding that names it.
const (
	MaxMessageRunes  = 2000
	MaxEvidenceRunes = 1000
)

// New makes a finding of this code with its declared severity.
func (d *Def) New(message, fix, evidence string) Finding {
	return Finding{Code: d.Code, Severity: d.Severity, Message: safetext.Clip(message, MaxMessageRunes),
		Fix: safetext.Clip(fix, MaxMessageRunes), Evidence: safetext.Clip(evidence, MaxEvidenceRunes)}
}

// Newf is New with a formatted message.
func (d *Def) Newf(fix, evidence, format string, args ...any) Finding {
	return d.New(fmt.Sprintf(format, args...), fix, evidence)
}

// WithSeverity makes a finding of this code at another severity, for codes
// whose weight depends on context (a warning in one place, an error in
// another).
func (d *Def) WithSeverity(sev Severity, message, fix, evidence string) Finding {
	f := d.New(message, fix, evidence)
	f.Severity = sev
	return f
}

// WithCommand is f with the command line that carries out its fix, as in
// FindX.New(msg, "Give the users.", ev).WithCommand("ssolens roles --local-users FILE").
// Fix stays face-neutral; the command-line faces print cmd under it.
func (f Finding) WithCommand(cmd string) Finding {
	f.Command = safetext.Clip(cmd, MaxMessageRunes)
	return f
}

// SortedFindings returns a copy of fs sorted as SortFindings sorts, for a
// view that must not reorder the findings it was given.
func SortedFindings(fs []Finding) []Finding {
	out := slices.Clone(fs)
	SortFindings(out)
	return out
}

// SortFindings orders findings by severity (errors first), keeping the
// original order among equals.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].Severity.rank() < fs[j].Severity.rank() })
}

// HasError reports whether any finding is an error.
func HasError(fs []Finding) bool {
	for _, f := range fs {
		if f.Severity == SeverityError {
			return true
		}
	}
	return false
}
