package session

import (
	"bytes"
	"cmp"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/golang-jwt/jwt/v5"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/neo4j/conf"
	"github.com/ssolens/ssolens/neo4j/predict"
)

// Simulated is how every face labels a what-if's prediction.
const Simulated = "simulated: not a signed token"

// Edits are a what-if: changes to a copy of an investigation's inputs,
// as Keycloak's "Evaluate" does for its roles. The investigation itself
// is never changed.
type Edits struct {
	// Claims are the claims of the token Neo4j validates, edited (a JSON
	// object); nil keeps them as sent.
	Claims json.RawMessage
	// Mapping is the provider's group_to_role_mapping ("group"=role;…);
	// nil keeps the conf's.
	Mapping *string
	// Principal and Authentication are token_type_principal and
	// token_type_authentication (id_token, access_token); "" keeps them.
	Principal, Authentication string
	// UsernameClaim and GroupsClaim are claims.username and claims.groups;
	// "" keeps them.
	UsernameClaim, GroupsClaim string
}

// WhatIf is a what-if's outcome: Neo4j's prediction for the edited
// inputs. It is simulated: the edited token is signed with a throwaway
// secret that only this simulation trusts, in place of the provider's
// keys, so everything but the signature is checked as Neo4j checks it.
type WhatIf struct {
	Prediction *predict.Prediction
	// Note says it is simulated (Simulated).
	Note string
}

// ErrNoWhatIf is returned when there is nothing to simulate: no neo4j.conf
// or no token.
var ErrNoWhatIf = errors.New("a what-if needs a neo4j.conf and a token: sign in, or paste tokens with a neo4j.conf loaded")

// ClaimsOf is the validated token's claims as a what-if starts editing
// them: pretty JSON, the claims Neo4j reads first.
func (inv *Investigation) ClaimsOf() json.RawMessage {
	t := inv.Token(inv.ValidatedTokenType())
	if t == nil || t.Claims == nil {
		return nil
	}
	return PrettyClaims(t.Claims, inv.ReadClaims())
}

// ReadClaims are the claims Neo4j reads, in the order a person looks for
// them: the username claim, the groups claim, aud, iss, exp.
func (inv *Investigation) ReadClaims() []string {
	user, groups := "sub", "groups"
	if p := inv.provider(); p != nil {
		user = cmp.Or(p.UsernameClaim, user)
		groups = cmp.Or(p.GroupsClaim, groups)
	}
	return []string{user, groups, "aud", "iss", "exp"}
}

// PinClaims is a claim set with the named claims first (those it has, in
// that order), then the rest as sent.
func PinClaims(o *inspector.Object, first []string) *inspector.Object {
	if o == nil {
		return nil
	}
	out := &inspector.Object{}
	has := func(name string) bool {
		return slices.ContainsFunc(out.Members, func(x inspector.Member) bool { return x.Name == name })
	}
	for _, name := range first {
		for _, m := range o.Members {
			if m.Name == name && !has(name) {
				out.Members = append(out.Members, m)
			}
		}
	}
	for _, m := range o.Members {
		if !has(m.Name) {
			out.Members = append(out.Members, m)
		}
	}
	return out
}

// PrettyClaims is a claim set as indented JSON with the named claims first
// (PinClaims).
func PrettyClaims(o *inspector.Object, first []string) json.RawMessage {
	members := PinClaims(o, first).Members
	var b bytes.Buffer
	b.WriteString("{\n")
	for i, m := range members {
		name, _ := json.Marshal(m.Name)
		var v bytes.Buffer
		if json.Indent(&v, m.Value, "  ", "  ") != nil {
			v.Reset()
			v.Write(m.Value)
		}
		fmt.Fprintf(&b, "  %s: %s", name, v.Bytes())
		if i < len(members)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("}")
	return b.Bytes()
}

// WhatIf predicts what Neo4j would do with the edited inputs. Only the
// token Neo4j validates is replaced (the other keeps its text); a claim
// set that is not a JSON object is an error naming the problem.
func (inv *Investigation) WhatIf(ctx context.Context, e Edits) (*WhatIf, error) {
	c := inv.In.Conf
	tt := inv.ValidatedTokenType()
	if c == nil || c.Model == nil || tt == "" {
		return nil, ErrNoWhatIf
	}
	prov := inv.In.Provider
	if p := inv.provider(); p != nil {
		prov = p.Name
	}
	model, err := editedModel(c.Model, prov, e)
	if err != nil {
		return nil, err
	}
	tokens := inv.Tokens
	in := predict.LoginInput{Model: model, Provider: prov, Tokens: tokens, BrowserSignIn: inv.browserSignIn(),
		UserInfo: inv.In.UserInfo, NativeRoles: inv.In.NativeRoles, LocalUsers: inv.In.LocalUsers, Rules: inv.In.Rules,
		Verify: inv.baseVerify(), Decoded: inv.Report.Tokens}
	if e.Claims != nil {
		var claims map[string]any
		if err := json.Unmarshal(e.Claims, &claims); err != nil || claims == nil {
			return nil, fmt.Errorf("the edited claims are not a JSON object (%v): give them as {\"name\": value, …}", errOr(err, "null"))
		}
		// The edit replaces the token Neo4j validates under the edited
		// token types.
		p := model.Provider(prov)
		if p == nil && len(model.Providers) == 1 {
			p = model.Providers[0]
		}
		// A driver's bearer token is the access token, whatever the
		// Browser's token types say.
		bearer := inv.Prediction != nil && inv.Prediction.Channel == predict.ChannelBearer
		if p != nil && !bearer {
			if a := p.Config["token_type_authentication"]; a != "" {
				tt = a
			}
		}
		raw, secret, err := signSimulated(claims)
		if err != nil {
			return nil, err
		}
		switch tt {
		case "id_token":
			tokens.IDToken = raw
		default:
			tokens.AccessToken = raw
		}
		in.Tokens = tokens
		// The throwaway secret stands in for the provider's keys: the
		// provider's issuer and audience are still checked.
		in.Verify.Offline = true
		in.Decoded = nil
		in.StandIn = predict.StandIn{Token: raw, Secret: secret}
	}
	pred := predict.SimulateLogin(ctx, in)
	return &WhatIf{Prediction: pred, Note: Simulated}, nil
}

func errOr(err error, s string) string {
	if err != nil {
		return err.Error()
	}
	return s
}

// editedModel is a copy of the model with the provider's settings edited;
// the original is left as it is.
func editedModel(m *conf.Model, provider string, e Edits) (*conf.Model, error) {
	cp := *m
	cp.Providers = slices.Clone(m.Providers)
	for i, p := range cp.Providers {
		if provider != "" && p.Name != strings.TrimPrefix(provider, "oidc-") {
			continue
		}
		if provider == "" && len(cp.Providers) > 1 && !slices.Contains(p.EnabledFor, "authentication") {
			continue
		}
		q := *p
		q.Config = maps.Clone(p.Config)
		if q.Config == nil {
			q.Config = map[string]string{}
		}
		for key, v := range map[string]string{"token_type_principal": e.Principal, "token_type_authentication": e.Authentication} {
			switch v {
			case "":
			case "id_token", "access_token":
				q.Config[key] = v
			default:
				return nil, fmt.Errorf("%s must be id_token or access_token, not %q", key, v)
			}
		}
		if e.UsernameClaim != "" {
			q.UsernameClaim = e.UsernameClaim
		}
		if e.GroupsClaim != "" {
			q.GroupsClaim = e.GroupsClaim
		}
		if e.Mapping != nil {
			mp, _ := conf.ParseGroupToRoleMapping(*e.Mapping)
			q.GroupToRoleMapping = &mp
		}
		cp.Providers[i] = &q
	}
	return &cp, nil
}

// signSimulated signs claims with a throwaway HMAC secret: a token that
// only this simulation trusts.
func signSimulated(claims map[string]any) (raw, secret string, err error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return "", "", err
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims(claims))
	tok.Header["kid"] = "ssolens-what-if"
	raw, err = tok.SignedString(key)
	return raw, "base64:" + base64.RawURLEncoding.EncodeToString(key), err
}

// Editable is where a what-if starts: the investigation's own inputs as
// Edits (the validated token's claims, pretty; the conf's mapping, token
// types and claims settings), so that WhatIf(Editable()) predicts what
// the investigation does.
func (inv *Investigation) Editable() Edits {
	e := Edits{Claims: inv.ClaimsOf()}
	p := inv.provider()
	if p == nil {
		return e
	}
	mapping := ""
	if s := p.Settings["authorization.group_to_role_mapping"]; s != nil {
		mapping = s.Raw
	}
	e.Mapping = &mapping
	e.Principal, e.Authentication = p.Config["token_type_principal"], p.Config["token_type_authentication"]
	if e.Principal == "" || e.Authentication == "" {
		if inv.Prediction != nil {
			e.Principal = cmp.Or(e.Principal, inv.Prediction.PrincipalToken)
			e.Authentication = cmp.Or(e.Authentication, inv.Prediction.AuthenticationToken)
		}
	}
	e.UsernameClaim, e.GroupsClaim = p.UsernameClaim, p.GroupsClaim
	return e
}
