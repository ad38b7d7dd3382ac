package demoidp

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// storage is the in-memory op.Storage behind the demo provider, adapted from
// zitadel/oidc's example/server/storage. The protocol (endpoints, PKCE
// verification, grants, discovery, JWKS) is the library's; storage keeps
// state and decides the demo's policies (PKCE S256 required for public
// clients, the claims of each scenario).
type storage struct {
	p *Provider

	mu           sync.Mutex
	authRequests map[string]*authRequest
	codes        map[string]string // code → auth request id
	access       map[string]*accessRecord
	issued       map[string]string // access token as sent → accessRecord id
	refresh      map[string]*refreshRecord
	devices      map[string]*deviceEntry // device code → entry
	userCodes    map[string]string       // user code → device code
}

var (
	_ op.Storage                    = (*storage)(nil)
	_ op.ClientCredentialsStorage   = (*storage)(nil)
	_ op.DeviceAuthorizationStorage = (*storage)(nil)
	_ op.CanSetUserinfoFromRequest  = (*storage)(nil)
)

func newStorage(p *Provider) *storage {
	return &storage{
		p:            p,
		authRequests: map[string]*authRequest{},
		codes:        map[string]string{},
		access:       map[string]*accessRecord{},
		issued:       map[string]string{},
		refresh:      map[string]*refreshRecord{},
		devices:      map[string]*deviceEntry{},
		userCodes:    map[string]string{},
	}
}

// authRequest is an op.AuthRequest.
type authRequest struct {
	id           string
	created      time.Time
	clientID     string
	redirectURI  string
	state, nonce string
	scopes       []string
	responseType oidc.ResponseType
	responseMode oidc.ResponseMode
	challenge    *oidc.CodeChallenge

	subject  string
	done     bool
	authTime time.Time
}

func (a *authRequest) GetID() string                         { return a.id }
func (a *authRequest) GetACR() string                        { return "" }
func (a *authRequest) GetAMR() []string                      { return nil }
func (a *authRequest) GetAudience() []string                 { return []string{a.clientID} }
func (a *authRequest) GetAuthTime() time.Time                { return a.authTime }
func (a *authRequest) GetClientID() string                   { return a.clientID }
func (a *authRequest) GetCodeChallenge() *oidc.CodeChallenge { return a.challenge }
func (a *authRequest) GetNonce() string                      { return a.nonce }
func (a *authRequest) GetRedirectURI() string                { return a.redirectURI }
func (a *authRequest) GetResponseType() oidc.ResponseType    { return a.responseType }
func (a *authRequest) GetResponseMode() oidc.ResponseMode    { return a.responseMode }
func (a *authRequest) GetScopes() []string                   { return a.scopes }
func (a *authRequest) GetState() string                      { return a.state }
func (a *authRequest) GetSubject() string                    { return a.subject }
func (a *authRequest) Done() bool                            { return a.done }

// accessRecord is an issued access token. It keeps the scenario and issuer
// of the request that issued it, so minting and later look-ups agree.
type accessRecord struct {
	id, clientID, subject string
	scopes                []string
	user                  bool // subject is a demo user (not a client credentials client)
	issuer, scenario      string
	issuedAt, expires     time.Time
}

type refreshRecord struct {
	token, clientID, subject string
	scopes                   []string
	authTime, expires        time.Time
	accessID                 string
}

// refreshRequest is an op.RefreshTokenRequest.
type refreshRequest struct{ r refreshRecord }

func (r *refreshRequest) GetAMR() []string            { return nil }
func (r *refreshRequest) GetAudience() []string       { return []string{r.r.clientID} }
func (r *refreshRequest) GetAuthTime() time.Time      { return r.r.authTime }
func (r *refreshRequest) GetClientID() string         { return r.r.clientID }
func (r *refreshRequest) GetScopes() []string         { return r.r.scopes }
func (r *refreshRequest) GetSubject() string          { return r.r.subject }
func (r *refreshRequest) SetCurrentScopes(s []string) { r.r.scopes = s }

// clientCredentialsRequest is the op.TokenRequest of the client credentials
// grant: the client is its own subject.
type clientCredentialsRequest struct {
	clientID string
	scopes   []string
}

func (c *clientCredentialsRequest) GetSubject() string    { return c.clientID }
func (c *clientCredentialsRequest) GetAudience() []string { return []string{APIAudience} }
func (c *clientCredentialsRequest) GetScopes() []string   { return c.scopes }

type deviceEntry struct {
	userCode string
	state    *op.DeviceAuthorizationState
}

// ---- authorization requests and codes ----

func (s *storage) CreateAuthRequest(ctx context.Context, req *oidc.AuthRequest, userID string) (op.AuthRequest, error) {
	if slices.Contains(req.Prompt, oidc.PromptNone) {
		return nil, oidc.ErrLoginRequired()
	}
	c, ok := clientByID(req.ClientID)
	if !ok {
		return nil, oidc.ErrInvalidClient().WithDescription("unknown client_id")
	}
	// The library verifies PKCE when a challenge was sent but does not
	// require one; this provider requires S256 from public clients, as
	// OAuth 2.1 and RFC 9700 §2.1.1 recommend and the Neo4j Browser sends.
	if c.public() && (req.CodeChallenge == "" || req.CodeChallengeMethod != oidc.CodeChallengeMethodS256) {
		return nil, oidc.ErrInvalidRequest().WithDescription("public clients of the SSO Lens demo provider must use PKCE: send code_challenge with code_challenge_method=S256")
	}
	a := &authRequest{
		id:           rand.Text(),
		created:      time.Now(),
		clientID:     req.ClientID,
		redirectURI:  req.RedirectURI,
		state:        req.State,
		nonce:        req.Nonce,
		scopes:       slices.Clone(req.Scopes),
		responseType: req.ResponseType,
		responseMode: req.ResponseMode,
		subject:      userID,
	}
	if req.CodeChallenge != "" {
		a.challenge = &oidc.CodeChallenge{Challenge: req.CodeChallenge, Method: req.CodeChallengeMethod}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pruneLocked()
	s.authRequests[a.id] = a
	return a, nil
}

// pruneLocked forgets abandoned sign-ins and expired tokens, so a demo that
// runs for days stays small.
func (s *storage) pruneLocked() {
	now := time.Now()
	for id, a := range s.authRequests {
		if now.Sub(a.created) > authRequestLifetime {
			delete(s.authRequests, id)
		}
	}
	for code, id := range s.codes {
		if _, ok := s.authRequests[id]; !ok {
			delete(s.codes, code)
		}
	}
	for t, r := range s.refresh {
		if now.After(r.expires) {
			delete(s.refresh, t)
		}
	}
	for raw, id := range s.issued {
		if a, ok := s.access[id]; !ok || now.Sub(a.issuedAt) > accessTokenLifetime+3*time.Hour {
			delete(s.issued, raw)
			delete(s.access, id)
		}
	}
}

func (s *storage) AuthRequestByID(_ context.Context, id string) (op.AuthRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.authRequests[id]
	if !ok {
		return nil, errors.New("sign-in request not found; it may have expired: start again from the application")
	}
	return a, nil
}

func (s *storage) AuthRequestByCode(ctx context.Context, code string) (op.AuthRequest, error) {
	s.mu.Lock()
	id, ok := s.codes[code]
	s.mu.Unlock()
	if !ok {
		return nil, errors.New("authorization code invalid or already used")
	}
	return s.AuthRequestByID(ctx, id)
}

func (s *storage) SaveAuthCode(_ context.Context, id, code string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.codes[code] = id
	return nil
}

func (s *storage) DeleteAuthRequest(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.authRequests, id)
	for code, rid := range s.codes {
		if rid == id {
			delete(s.codes, code)
		}
	}
	return nil
}

// completeLogin records that the person at the login page chose userID.
func (s *storage) completeLogin(id, userID string) error {
	if _, ok := userByID(userID); !ok {
		return fmt.Errorf("unknown demo user %q", userID)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.authRequests[id]
	if !ok {
		return errors.New("sign-in request not found; it may have expired: start again from the application")
	}
	a.subject, a.done, a.authTime = userID, true, time.Now()
	return nil
}

func (s *storage) authRequestInfo(id string) (clientID string, scopes []string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.authRequests[id]
	if !ok {
		return "", nil, false
	}
	return a.clientID, slices.Clone(a.scopes), true
}

// ---- tokens ----

func requestInfo(req op.TokenRequest) (clientID string, authTime time.Time, user bool) {
	switch r := req.(type) {
	case *authRequest:
		return r.clientID, r.authTime, true
	case *refreshRequest:
		return r.r.clientID, r.r.authTime, true
	case *op.DeviceAuthorizationState:
		return r.ClientID, r.AuthTime, true
	case *clientCredentialsRequest:
		return r.clientID, time.Time{}, false
	}
	return "", time.Time{}, false
}

func (s *storage) newAccessLocked(ctx context.Context, req op.TokenRequest) *accessRecord {
	clientID, _, user := requestInfo(req)
	sc := scenarioFrom(ctx)
	iat := s.p.issueTime(sc)
	a := &accessRecord{
		id: rand.Text(), clientID: clientID, subject: req.GetSubject(),
		scopes: slices.Clone(req.GetScopes()), user: user,
		issuer: op.IssuerFromContext(ctx), scenario: sc,
		issuedAt: iat, expires: iat.Add(accessTokenLifetime),
	}
	s.access[a.id] = a
	return a
}

func (s *storage) CreateAccessToken(ctx context.Context, req op.TokenRequest) (string, time.Time, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.newAccessLocked(ctx, req)
	return a.id, a.expires, nil
}

func (s *storage) CreateAccessAndRefreshTokens(ctx context.Context, req op.TokenRequest, current string) (string, string, time.Time, error) {
	clientID, authTime, _ := requestInfo(req)
	s.mu.Lock()
	defer s.mu.Unlock()
	if current != "" {
		// Refresh token rotation (RFC 9700 §4.14.2): the old one stops working.
		old, ok := s.refresh[current]
		if !ok {
			return "", "", time.Time{}, op.ErrInvalidRefreshToken
		}
		delete(s.refresh, current)
		authTime = old.authTime
	}
	a := s.newAccessLocked(ctx, req)
	r := &refreshRecord{
		token: "demo-refresh-" + rand.Text(), clientID: clientID, subject: req.GetSubject(),
		scopes: slices.Clone(req.GetScopes()), authTime: authTime,
		expires: time.Now().Add(refreshTokenLifetime), accessID: a.id,
	}
	s.refresh[r.token] = r
	return a.id, r.token, a.expires, nil
}

func (s *storage) TokenRequestByRefreshToken(_ context.Context, token string) (op.RefreshTokenRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.refresh[token]
	if !ok || time.Now().After(r.expires) {
		return nil, op.ErrInvalidRefreshToken
	}
	return &refreshRequest{*r}, nil
}

func (s *storage) TerminateSession(_ context.Context, userID, clientID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, a := range s.access {
		if a.subject == userID && a.clientID == clientID {
			delete(s.access, id)
		}
	}
	for t, r := range s.refresh {
		if r.subject == userID && r.clientID == clientID {
			delete(s.refresh, t)
		}
	}
	return nil
}

func (s *storage) GetRefreshTokenInfo(_ context.Context, clientID, token string) (string, string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.refresh[token]
	if !ok || r.clientID != clientID {
		return "", "", op.ErrInvalidRefreshToken
	}
	return r.subject, r.token, nil
}

// RevokeToken revokes an access token (by the id the library decoded from
// it) or a refresh token, with the access token issued alongside it.
func (s *storage) RevokeToken(_ context.Context, tokenOrID, _ string, clientID string) *oidc.Error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a, ok := s.access[tokenOrID]; ok {
		if a.clientID != clientID {
			return oidc.ErrInvalidClient().WithDescription("token was not issued to this client")
		}
		delete(s.access, tokenOrID)
		return nil
	}
	if r, ok := s.refresh[tokenOrID]; ok {
		if r.clientID != clientID {
			return oidc.ErrInvalidClient().WithDescription("token was not issued to this client")
		}
		delete(s.refresh, tokenOrID)
		delete(s.access, r.accessID)
	}
	// RFC 7009 §2.2: an unknown token is not an error.
	return nil
}

// recordIssued remembers the access token as sent, for op.Crypto's Decrypt.
func (s *storage) recordIssued(raw, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.issued[raw] = id
}

func (s *storage) issuedToken(raw string) (*accessRecord, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.access[s.issued[raw]]
	return a, ok
}

func (s *storage) accessByID(id string) (*accessRecord, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.access[id]
	return a, ok
}

// ---- keys ----

func (s *storage) SigningKey(ctx context.Context) (op.SigningKey, error) {
	return s.p.keys.signer(scenarioFrom(ctx)), nil
}

func (s *storage) SignatureAlgorithms(context.Context) ([]jose.SignatureAlgorithm, error) {
	return []jose.SignatureAlgorithm{jose.RS256}, nil
}

func (s *storage) KeySet(context.Context) ([]op.Key, error) { return s.p.keys.published(), nil }

// ---- clients ----

// GetClientByClientID returns the client with the ID-token time shift of the
// request's scenario (see client.ClockSkew).
func (s *storage) GetClientByClientID(ctx context.Context, id string) (op.Client, error) {
	c, ok := clientByID(id)
	if !ok {
		return nil, fmt.Errorf("unknown client_id %q", id)
	}
	cp := *c
	cp.shift = s.p.idTokenShift(scenarioFrom(ctx))
	return &cp, nil
}

func (s *storage) AuthorizeClientIDSecret(_ context.Context, id, secret string) error {
	c, ok := clientByID(id)
	if !ok || c.secret == "" || subtle.ConstantTimeCompare([]byte(c.secret), []byte(secret)) != 1 {
		return oidc.ErrInvalidClient().WithDescription("wrong client_id or client_secret")
	}
	return nil
}

func (s *storage) ClientCredentials(ctx context.Context, id, secret string) (op.Client, error) {
	if err := s.AuthorizeClientIDSecret(ctx, id, secret); err != nil {
		return nil, err
	}
	return s.GetClientByClientID(ctx, id)
}

// ClientCredentialsTokenRequest grants the client's own scopes; with no
// scope requested, all of them.
func (s *storage) ClientCredentialsTokenRequest(_ context.Context, id string, scopes []string) (op.TokenRequest, error) {
	c, ok := clientByID(id)
	if !ok {
		return nil, oidc.ErrInvalidClient()
	}
	if len(scopes) == 0 {
		scopes = c.scopes
	}
	for _, sc := range scopes {
		if !slices.Contains(c.scopes, sc) {
			return nil, oidc.ErrInvalidScope().WithDescription("scope %q is not granted to %s; it may request %v", sc, id, c.scopes)
		}
	}
	return &clientCredentialsRequest{clientID: id, scopes: slices.Clone(scopes)}, nil
}

// ---- claims ----

// SetUserinfoFromScopes fills the ID token's standard claims. sub, name,
// preferred_username and email are always there, whatever the scopes.
func (s *storage) SetUserinfoFromScopes(_ context.Context, ui *oidc.UserInfo, userID, _ string, _ []string) error {
	u, ok := userByID(userID)
	if !ok {
		return fmt.Errorf("unknown demo user %q", userID)
	}
	setProfile(ui, u, true, true)
	return nil
}

// SetUserinfoFromRequest adds the ID token's group claims, per scenario.
func (s *storage) SetUserinfoFromRequest(ctx context.Context, ui *oidc.UserInfo, req op.IDTokenRequest, _ []string) error {
	u, ok := userByID(req.GetSubject())
	if !ok {
		return fmt.Errorf("unknown demo user %q", req.GetSubject())
	}
	for k, v := range groupClaims(u, scenarioFrom(ctx), idToken) {
		ui.AppendClaims(k, v)
	}
	return nil
}

// SetUserinfoFromToken answers the userinfo endpoint: the claims the scopes
// ask for, and the groups as the ID token has them.
func (s *storage) SetUserinfoFromToken(ctx context.Context, ui *oidc.UserInfo, tokenID, subject, _ string) error {
	a, ok := s.accessByID(tokenID)
	if !ok || a.subject != subject {
		return errors.New("access token not found: revoked, or issued before the provider restarted")
	}
	if s.p.clock(scenarioFrom(ctx)).After(a.expires) {
		return errors.New("access token expired")
	}
	u, ok := userByID(subject)
	if !ok {
		return fmt.Errorf("access token of %q is not a user's: userinfo needs a user's token", subject)
	}
	setProfile(ui, u, slices.Contains(a.scopes, oidc.ScopeProfile), slices.Contains(a.scopes, oidc.ScopeEmail))
	for k, v := range groupClaims(u, a.scenario, idToken) {
		ui.AppendClaims(k, v)
	}
	return nil
}

func setProfile(ui *oidc.UserInfo, u User, profile, email bool) {
	ui.Subject = u.ID
	if profile {
		ui.Name = u.Name
		ui.PreferredUsername = u.ID
	}
	if email {
		ui.Email = u.Email
		ui.EmailVerified = true
	}
}

func (s *storage) SetIntrospectionFromToken(ctx context.Context, resp *oidc.IntrospectionResponse, tokenID, subject, _ string) error {
	a, ok := s.accessByID(tokenID)
	if !ok || a.subject != subject {
		return errors.New("access token not found")
	}
	if s.p.clock(scenarioFrom(ctx)).After(a.expires) {
		return errors.New("access token expired")
	}
	resp.Active = true
	resp.Subject, resp.ClientID, resp.Scope = a.subject, a.clientID, a.scopes
	resp.Issuer, resp.JWTID = a.issuer, a.id
	resp.Audience = []string{accessAudience(a.scenario)}
	resp.IssuedAt, resp.Expiration = oidc.FromTime(a.issuedAt), oidc.FromTime(a.expires)
	return nil
}

// GetPrivateClaimsFromScopes is for the library's own JWT access tokens,
// which this provider does not use (see mint.go).
func (s *storage) GetPrivateClaimsFromScopes(context.Context, string, string, []string) (map[string]any, error) {
	return nil, nil
}

var errJWTProfile = errors.New("the JWT profile grant (RFC 7523) is not offered by the SSO Lens demo provider")

func (s *storage) GetKeyByIDAndClientID(context.Context, string, string) (*jose.JSONWebKey, error) {
	return nil, errJWTProfile
}

func (s *storage) ValidateJWTProfileScopes(context.Context, string, []string) ([]string, error) {
	return nil, errJWTProfile
}

func (s *storage) Health(context.Context) error { return nil }

// ---- device authorization (RFC 8628) ----

func (s *storage) StoreDeviceAuthorization(_ context.Context, clientID, deviceCode, userCode string, expires time.Time, scopes []string) error {
	if _, ok := clientByID(clientID); !ok {
		return fmt.Errorf("unknown client_id %q", clientID)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.userCodes[userCode]; ok {
		return op.ErrDuplicateUserCode
	}
	s.devices[deviceCode] = &deviceEntry{userCode: userCode, state: &op.DeviceAuthorizationState{
		ClientID: clientID, Scopes: slices.Clone(scopes), Expires: expires,
	}}
	s.userCodes[userCode] = deviceCode
	return nil
}

func (s *storage) GetDeviceAuthorizatonState(ctx context.Context, clientID, deviceCode string) (*op.DeviceAuthorizationState, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.devices[deviceCode]
	if !ok || e.state.ClientID != clientID {
		return nil, errors.New("device code not found for this client")
	}
	st := *e.state
	return &st, nil
}

// deviceRequest returns the client and scopes waiting for userCode.
func (s *storage) deviceRequest(userCode string) (clientID string, scopes []string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.devices[s.userCodes[userCode]]
	if !ok || time.Now().After(e.state.Expires) {
		return "", nil, false
	}
	return e.state.ClientID, slices.Clone(e.state.Scopes), true
}

func (s *storage) completeDevice(userCode, userID string) error {
	if _, ok := userByID(userID); !ok {
		return fmt.Errorf("unknown demo user %q", userID)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.devices[s.userCodes[userCode]]
	if !ok || time.Now().After(e.state.Expires) {
		return fmt.Errorf("unknown or expired code %q: start again on the device", userCode)
	}
	e.state.Subject, e.state.Done, e.state.AuthTime = userID, true, time.Now()
	return nil
}
