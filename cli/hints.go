package cli

import (
	"errors"

	"github.com/ssolens/ssolens/pkce"
	"github.com/ssolens/ssolens/session"
	"github.com/ssolens/ssolens/snippets"
)

// flagHints name, for the core's errors that a flag answers, that flag:
// the core says what to do in words every face can use (pkce, session,
// mint and snippets know nothing of the command line); the command line
// adds its own way.
var flagHints = []struct {
	err  error
	hint string
}{
	{pkce.ErrPortsInUse, "--listen PORTS"},
	{pkce.ErrNoClientSecret, "--client-secret-env VAR"},
	{session.ErrKeyAndSecret, "--key or --secret, not both"},
	{session.ErrDemoKeyAlg, "--key or --secret"},
	{session.ErrKeyNotChosen, "--kid"},
	{session.ErrNoKeyWithKid, "--kid"},
	{snippets.ErrNoIssuerAudience, "--issuer and --audience, or --conf with a provider, or --tokens"},
}

// hinted is an error with the flag that answers it.
type hinted struct {
	err  error
	hint string
}

func (h hinted) Error() string { return h.err.Error() + " (" + h.hint + ")" }
func (h hinted) Unwrap() error { return h.err }

// withFlagHint is err with the flag that answers it, when a flag does;
// errors.Is still sees through it. nil stays nil.
func withFlagHint(err error) error {
	if err == nil {
		return nil
	}
	for _, fh := range flagHints {
		if errors.Is(err, fh.err) {
			return hinted{err: err, hint: fh.hint}
		}
	}
	return err
}
