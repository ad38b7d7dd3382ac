package conf

import (
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/internal/textdist"
)

// The checks of set-ups that start but misbehave: provider values, the
// provider lists, required provider settings and ABAC (spec §1, §2, §9).

// providerValue checks a parsed provider setting for set-ups that start but
// misbehave.
func (a *analyzer) providerValue(p *Provider, suffix string, s *Setting, spec settingSpec) {
	ev := a.evidence(s.Entry)
	if spec.Deprecated.Major != 0 && a.v.AtLeast(spec.Deprecated.Major, spec.Deprecated.Minor) {
		a.add(FindDeprecatedSetting.Newf(spec.DeprecatedFix, ev, "'%s' is deprecated: %s.", s.Name, spec.DeprecatedNote))
	}
	if spec.Undocumented {
		a.add(FindUndocumented.Newf("Check SHOW SETTINGS or the discovery document (GET http://<neo4j>:7474/) to see whether Neo4j took it.", ev,
			"'%s' is not documented: the Browser reads a discovery field \"visible\" (Neo4j 5.14+), but the setting name is a guess, so Neo4j likely ignores it silently if it is wrong.", s.Name))
	}
	if !s.Valid {
		return
	}
	switch {
	case spec.Kind == KindURI || suffix == "issuer":
		str := s.Value.(string)
		if u, err := url.Parse(str); err == nil && strings.EqualFold(u.Scheme, "http") && !isLocalhost(u.Hostname()) && !isLocalhost(u.Host) {
			a.add(FindHTTPNotLocalhost.Newf("Use https:// for every identity provider URI.", ev,
				"'%s' uses http:// on %s: tokens, keys and discovery travel unprotected and can be altered. A third party claims Neo4j 2026.04 parses OIDC URIs as https-only (unverified; the docs still say \"a URI\"); if so, Neo4j would refuse to start with: Error evaluating value for setting '%s'. '%s' does not have required scheme 'https'", s.Name, u.Host, s.Name, s.Raw))
		}
	case suffix == "claims.username":
		if v := s.Value.(string); v != "sub" {
			a.add(FindUsernameNotSub.Newf("Prefer claims.username=sub, or make sure the claim is a unique, immutable string in every token.", ev,
				"claims.username=%s: Neo4j uses this claim as the user name. The docs advise sub (unique and stable per user); %s may be missing, change, or be shared, and it must be a string.", v, v))
		}
	case suffix == "auth_flow":
		if s.Value.(string) == "IMPLICIT" {
			sev := inspector.SeverityInfo
			if a.v.AtLeast(2026, 6) {
				sev = inspector.SeverityWarning
			}
			a.add(FindImplicitDeprecated.WithSeverity(sev,
				fmt.Sprintf("auth_flow=implicit for provider '%s': the implicit flow is deprecated from Neo4j 2026.06 (the selected version is %s) and puts tokens in the URL.", p.Name, a.v),
				"Use auth_flow=pkce with params response_type=code, and register the redirect URI as a SPA at the identity provider.", ev))
		}
	case suffix == "config":
		a.configValues(s.Value.(map[string]string), ev)
	}
}

func (a *analyzer) configValues(cfg map[string]string, ev string) {
	keys := make([]string, 0, len(cfg))
	for k := range cfg {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := cfg[k]
		var ok []string
		switch k {
		case "token_type_principal", "token_type_authentication":
			ok = []string{"access_token", "id_token"}
		case "code_challenge_method":
			ok = []string{"S256", "plain"}
		case "implicit_flow_requires_nonce":
			ok = []string{"true", "false"}
		default:
			continue
		}
		if !contains(ok, v) {
			a.add(FindConfigValue.Newf(fmt.Sprintf("Write %s=%s.", k, strings.Join(ok, " or ")), ev,
				"config %s=%q is not %s: the Browser's SSO client reads it as written, so it likely fails (for a token type: \"Could not parse JWT of type %q\").", k, v, strings.Join(ok, " or "), v))
		}
	}
}

// crossChecks relate settings to each other: provider lists, required
// provider settings, ABAC.
func (a *analyzer) crossChecks() {
	m := a.m
	if !m.AuthEnabled && len(m.Providers) > 0 {
		s := m.Globals[AuthEnabled]
		a.add(FindAuthDisabled.Newf("Set dbms.security.auth_enabled=true.", a.evidence(s.Entry),
			"dbms.security.auth_enabled=false: Neo4j asks no one to log in, so the OIDC providers are never used."))
	}
	lists := []struct {
		name, role string
		vals       []string
	}{
		{AuthenticationProvs, "authentication", m.AuthenticationProviders},
		{AuthorizationProvs, "authorization", m.AuthorizationProviders},
	}
	if a.v.AtLeast(2026, 3) {
		lists = append(lists, struct {
			name, role string
			vals       []string
		}{ABACProviders, "abac", m.ABACProviders})
	}
	for _, l := range lists {
		for _, v := range l.vals {
			name, ok := strings.CutPrefix(v, "oidc-")
			if !ok {
				continue
			}
			p := a.providers[name]
			if p == nil {
				ev := ""
				if s := m.Globals[l.name]; s != nil {
					ev = a.evidence(s.Entry)
				}
				fix := fmt.Sprintf("Configure it with dbms.security.oidc.%s.* settings, or remove %s from %s.", name, v, l.name)
				hint := a.similarProvider(name)
				if a.underscored[name] {
					fix = fmt.Sprintf("Write its variables %s_…, the underscore doubled.", strings.TrimSuffix(SettingToEnv(OIDCPrefix+name+"."), "_"))
					hint = fmt.Sprintf(" (its variables write the underscore once, so they set provider '%s')", name[:strings.IndexByte(name, '_')])
				}
				a.add(FindProviderNotConfigured.Newf(fix, ev,
					"%s lists %s but no dbms.security.oidc.%s.* setting exists%s; Neo4j likely fails to initialise that provider, so no one can log in with it.", l.name, v, name, hint))
				continue
			}
			if !contains(p.EnabledFor, l.role) {
				p.EnabledFor = append(p.EnabledFor, l.role)
			}
		}
	}
	for _, p := range m.Providers {
		a.provider(p)
	}
	if a.v.AtLeast(2026, 3) {
		for _, v := range m.ABACProviders {
			s := m.Globals[ABACProviders]
			switch {
			case v == "native" && !a.v.AtLeast(2026, 6):
				a.add(FindABACProvider.Newf("Remove native, or use Neo4j 2026.06+.", a.evidence(s.Entry),
					"%s lists native, which is accepted only from Neo4j 2026.06 (the selected version is %s); Neo4j likely rejects it.", ABACProviders, a.v))
			case v == "native":
			case strings.HasPrefix(v, "oidc-") && !contains(m.AuthorizationProviders, v):
				a.add(FindABACProvider.Newf(fmt.Sprintf("Add %s to %s too.", v, AuthorizationProvs), a.evidence(s.Entry),
					"%s lists %s, which is not in %s; the docs require every ABAC provider to be an authorization provider too, so Neo4j likely rejects it.", ABACProviders, v, AuthorizationProvs))
			case !strings.HasPrefix(v, "oidc-"):
				a.add(FindABACProvider.Newf("List native or oidc-<provider> entries only.", a.evidence(s.Entry),
					"%s lists %q: only native (2026.06+) and OIDC providers feed ABAC rules, so Neo4j likely rejects it.", ABACProviders, v))
			}
		}
	}
	if m.RequireLocalUser {
		s := m.Globals[RequireLocalUser]
		a.add(FindRequireLocalUser.Newf("For each SSO user: CREATE USER <name> SET AUTH 'oidc-<provider>' {SET ID '<claims.username value>'}.", a.evidence(s.Entry),
			"dbms.security.require_local_user=true: an SSO login succeeds only when a local user has auth provider oidc-<provider> with ID equal to the claims.username value; everyone else is refused."))
	}
}

func (a *analyzer) similarProvider(name string) string {
	if len(a.m.Providers) > 50 {
		return ""
	}
	for _, p := range a.m.Providers {
		if textdist.Levenshtein(strings.ToLower(p.Name), strings.ToLower(name)) <= 2 {
			return fmt.Sprintf(" (did you mean oidc-%s? provider names are case-sensitive and must match exactly)", p.Name)
		}
	}
	return ""
}

func (a *analyzer) provider(p *Provider) {
	ev := fmt.Sprintf("%s line %d: provider %s", a.c.Name, p.Line, p.Name)
	if !p.Enabled() {
		a.add(FindProviderNotEnabled.Newf(
			fmt.Sprintf("Add oidc-%s to %s (to log in with it) and to %s (to map its groups to roles).", p.Name, AuthenticationProvs, AuthorizationProvs), ev,
			"Provider '%s' is configured but neither %s nor %s lists oidc-%s, so Neo4j never uses it.", p.Name, AuthenticationProvs, AuthorizationProvs, p.Name))
	} else if !contains(p.EnabledFor, "authentication") {
		a.add(FindProviderAuthzOnly.Newf(fmt.Sprintf("Add oidc-%s to %s if users should log in with it.", p.Name, AuthenticationProvs), ev,
			"Provider '%s' is an authorization provider only: no one can log in with it, it only maps groups of users who logged in elsewhere.", p.Name))
	}
	if len(p.Settings) == 0 {
		return
	}
	a.mappingApplies(p)
	if _, ok := p.Settings["display_name"]; !ok {
		a.add(FindProviderNoDisplayName.Newf(fmt.Sprintf("Add dbms.security.oidc.%s.display_name=<button label>.", p.Name), ev,
			"Provider '%s' has no display_name: the Browser and Bloom drop a discovered provider without a name, so no SSO button appears.", p.Name))
	}
	if _, ok := p.Settings["params"]; !ok {
		a.add(FindProviderNoParams.Newf(fmt.Sprintf("Add dbms.security.oidc.%s.params=client_id=<id>;response_type=code;scope=openid profile email.", p.Name), ev,
			"Provider '%s' has no params: the Browser drops a provider without client_id, response_type and scope, so no SSO button appears.", p.Name))
	}
	if _, ok := p.Settings["audience"]; !ok {
		a.add(FindProviderNoAudience.Newf(fmt.Sprintf("Add dbms.security.oidc.%s.audience=<the aud claim of the token Neo4j receives>.", p.Name), ev,
			"Provider '%s' has no audience (it has no default), so the aud claim of tokens likely matches nothing and every login is refused.", p.Name))
	}
	// A discovery URI that does not parse is its own error (Neo4j does
	// not start): not also a provider without one.
	if s, set := p.Settings["well_known_discovery_uri"]; p.WellKnownDiscoveryURI == "" && (!set || s.Valid) {
		var missing []string
		for _, k := range []string{"issuer", "jwks_uri", "auth_endpoint"} {
			if _, ok := p.Settings[k]; !ok {
				missing = append(missing, k)
			}
		}
		if _, ok := p.Settings["token_endpoint"]; !ok && p.AuthFlow == "PKCE" {
			missing = append(missing, "token_endpoint")
		}
		if len(missing) > 0 {
			a.add(FindProviderMetadata.Newf(fmt.Sprintf("Set dbms.security.oidc.%s.well_known_discovery_uri=https://<issuer>/.well-known/openid-configuration.", p.Name), ev,
				"Provider '%s' has no well_known_discovery_uri and lacks %s; the docs require them when discovery is not used, so Neo4j likely cannot validate tokens or the Browser cannot log in.", p.Name, strings.Join(missing, ", ")))
		}
	}
	if s, ok := p.Settings["params"]; ok && s.Valid {
		rt := strings.Fields(p.Params["response_type"])
		switch {
		case p.AuthFlow == "PKCE" && !(len(rt) == 1 && rt[0] == "code"):
			a.add(FindResponseType.Newf("Use response_type=code with auth_flow=pkce.", a.evidence(s.Entry),
				"Provider '%s' uses the PKCE flow but params response_type=%q; the authorization-code exchange expects response_type=code, so the identity provider likely refuses or returns no code.", p.Name, p.Params["response_type"]))
		case p.AuthFlow == "IMPLICIT" && (contains(rt, "code") || len(rt) == 0):
			a.add(FindResponseType.Newf("Use response_type=token (or 'id_token token') with auth_flow=implicit.", a.evidence(s.Entry),
				"Provider '%s' uses the implicit flow but params response_type=%q; the implicit flow needs the tokens in the redirect (token or id_token token).", p.Name, p.Params["response_type"]))
		}
	}
}

// mappingApplies warns when a provider's group_to_role_mapping can never
// grant a role: only authorization providers grant roles (spec §1), and
// without claims.groups (no default, §2.1) Neo4j reads no groups.
func (a *analyzer) mappingApplies(p *Provider) {
	s, ok := p.Settings["authorization.group_to_role_mapping"]
	if !ok || p.GroupToRoleMapping == nil || len(p.GroupToRoleMapping.Entries) == 0 || !contains(p.EnabledFor, "authentication") {
		return
	}
	switch {
	case !contains(p.EnabledFor, "authorization"):
		a.add(FindMappingNeverApplies.Newf(
			fmt.Sprintf("Add oidc-%s to %s (e.g. oidc-%s,native), or delete the mapping if roles are granted natively.", p.Name, AuthorizationProvs, p.Name), a.evidence(s.Entry),
			"Provider '%s' has a group_to_role_mapping but is not an authorization provider (%s=%s): its groups grant no roles, so the mapping never applies.",
			p.Name, AuthorizationProvs, strings.Join(a.m.AuthorizationProviders, ",")))
	case p.GroupsClaim == "":
		a.add(FindMappingNeverApplies.Newf(
			fmt.Sprintf("Set dbms.security.oidc.%s.claims.groups to the claim carrying the groups (groups, roles...).", p.Name), a.evidence(s.Entry),
			"Provider '%s' has a group_to_role_mapping but claims.groups is not set (it has no default): Neo4j reads no groups from the token, so the mapping never applies.", p.Name))
	}
}
