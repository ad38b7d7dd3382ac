package predict

import (
	"cmp"
	"fmt"
	"strings"
)

// The prediction's lines every face shows in its own layout (CLI, app,
// report): said once here so that the faces cannot drift apart.

// TokensLine says how the tokens reach Neo4j: a driver's or the Query
// API's bearer token, which no client decodes, or the SSO client's pair.
func (p *Prediction) TokensLine() string {
	if p.Channel == ChannelBearer {
		return fmt.Sprintf("a driver or the Query API sends the %s as a bearer token; Neo4j validates it", cmp.Or(p.AuthenticationToken, "-"))
	}
	return fmt.Sprintf("the SSO client decodes the %s (token_type_principal); Neo4j validates the %s (token_type_authentication)",
		cmp.Or(p.PrincipalToken, "-"), cmp.Or(p.AuthenticationToken, "-"))
}

// RoleNote is a line beside the roles: a label, the roles it lists (none
// for some) and what to know of them.
type RoleNote struct {
	Label string
	Roles []string
	Note  string
}

// Text is the note as plain text: the roles, then the note.
func (n RoleNote) Text() string {
	switch {
	case len(n.Roles) == 0:
		return n.Note
	case n.Note == "":
		return RoleList(n.Roles)
	}
	return RoleList(n.Roles) + " (" + n.Note + ")"
}

// RoleNotes are the lines beside the roles: the roles once the failure is
// fixed, the roles a group grants that likely do not exist (so are not
// granted), and what the roles may also hold that is not known here.
func (p *Prediction) RoleNotes() []RoleNote {
	var out []RoleNote
	if len(p.RolesOnceFixed) > 0 {
		out = append(out, RoleNote{Label: "roles once fixed", Roles: p.RolesOnceFixed})
	}
	if len(p.MissingRoles) > 0 {
		out = append(out, RoleNote{Label: "not granted", Roles: p.MissingRoles, Note: "a group grants them, but likely no such role exists"})
	}
	if len(p.RolesUnknown) > 0 {
		out = append(out, RoleNote{Label: "not known", Note: "more roles may come from " + strings.Join(p.RolesUnknown, "; ")})
	}
	return out
}

// CurrentUserLine is what SHOW CURRENT USER should return after the login
// ("" when the prediction says nothing of it); roles that are only a lower
// bound (RolesUnknown) are said to be one.
func (p *Prediction) CurrentUserLine() string {
	c := p.ShowCurrentUser
	if c == nil {
		return ""
	}
	line := fmt.Sprintf("user %s, roles [%s]", c.Who(), RoleList(c.Roles))
	if len(p.RolesUnknown) > 0 {
		line += " at least"
	}
	return line
}
