package predict

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// declaredOrder is, when no provider is named, the configured OIDC
// providers of dbms.security.authentication_providers in their declared
// order (spec §1): Neo4j queries them in that order.
func declaredOrder(in LoginInput) []string {
	if in.Provider != "" || in.Model == nil {
		return nil
	}
	var names []string
	for _, entry := range in.Model.AuthenticationProviders {
		name, ok := strings.CutPrefix(entry, "oidc-")
		if ok && in.Model.Provider(name) != nil {
			names = append(names, name)
		}
	}
	return names
}

// inOrder predicts the login with each provider in the declared order:
// the first that logs the user in is the prediction, else the last
// provider's failure; a finding says which providers were tried and what
// each did.
func inOrder(ctx context.Context, in LoginInput, order []string) *simulation {
	var tried []string
	var s *simulation
	for _, name := range order {
		one := in
		one.Provider = name
		s = newSimulation(one)
		s.run(ctx)
		if s.p.Outcome == OutcomeLogIn {
			break
		}
		tried = append(tried, fmt.Sprintf("%s %s", name, s.p.failure()))
	}
	list := "oidc-" + strings.Join(order, ", oidc-")
	msg := fmt.Sprintf("Neo4j tries the authentication providers in their declared order (%s).", list)
	if len(tried) > 0 {
		msg += " " + strings.Join(tried, "; ") + "."
	}
	fix := "Nothing to fix if this is the provider the user signs in with; name another provider to predict the login with it."
	if s.p.Outcome == OutcomeLogIn {
		msg += fmt.Sprintf(" %s accepts the token: the user logs in with it.", s.p.Provider)
		s.step("provider", StepPassed, fmt.Sprintf("%s, the first in the declared order (%s) to accept the token", s.p.Provider, list), false)
	} else {
		msg += fmt.Sprintf(" None accepts the token; shown is the last, %s.", s.p.Provider)
		fix = "Fix the login with the provider the user signs in with; name it to see only its prediction."
		s.step("provider", StepSkipped, fmt.Sprintf("none of %s accepts the token; shown: %s, the last tried", list, s.p.Provider), false)
	}
	// The provider step comes first, as Neo4j's choice does.
	last := len(s.p.Steps) - 1
	s.p.Steps = slices.Insert(s.p.Steps[:last], 0, s.p.Steps[last])
	s.add(FindProvidersInOrder.New(msg, fix, "dbms.security.authentication_providers="+strings.Join(in.Model.AuthenticationProviders, ",")).
		WithCommand("ssolens roles --conf neo4j.conf --tokens FILE --provider NAME"))
	return s
}

// failure is what the prediction says of a login that does not happen:
// the outcome and its first failed step.
func (p *Prediction) failure() string {
	words := map[string]string{OutcomeRejected: "rejects it", OutcomeClientError: "fails in the SSO client"}[p.Outcome]
	if words == "" {
		words = p.Outcome
	}
	for _, st := range p.Steps {
		if st.Status == StepFailed {
			return fmt.Sprintf("%s (%s: %s)", words, st.Name, st.Detail)
		}
	}
	return words
}
