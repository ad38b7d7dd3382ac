package pkce

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/ssolens/ssolens/inspector"
)

// ClientCredentials gets a token for the client itself (RFC 6749 §4.4),
// with its secret: a machine-to-machine app.
func (c *Client) ClientCredentials(ctx context.Context) (*Result, error) {
	r := c.newResult(FlowClientCredentials)
	findings := c.grantListed("client_credentials")
	params := url.Values{}
	if c.cfg.Audience != "" {
		params.Set("audience", c.cfg.Audience)
	}
	if c.cfg.Resource != "" {
		params.Set("resource", c.cfg.Resource)
	}
	cc := clientcredentials.Config{
		ClientID: c.cfg.ClientID, ClientSecret: c.cfg.ClientSecret,
		TokenURL: c.endpoint().TokenURL, Scopes: c.cfg.Scopes, EndpointParams: params,
		AuthStyle: oauth2.AuthStyleAutoDetect,
	}
	done := c.rec.Start(StepClientCredentials)
	tok, err := cc.Token(c.ctx(ctx))
	if err != nil {
		done("failed")
		return c.finish(r, append(findings, tokenFinding(err)), fmt.Errorf("client credentials: %w", err))
	}
	done(cc.TokenURL)
	findings = append(findings, c.inspect(ctx, r, tok, "", false)...)
	return c.finish(r, findings, nil)
}

// Password uses the resource owner password grant (RFC 6749 §4.3): for
// test setups only; OAuth 2.0 Security BCP forbids it and most providers
// refuse it (unsupported_grant_type).
func (c *Client) Password(ctx context.Context, username, password string) (*Result, error) {
	r := c.newResult(FlowPassword)
	findings := c.grantListed("password")
	conf := c.oauth2Config("", c.scopes())
	done := c.rec.Start(StepPasswordGrant)
	tok, err := conf.PasswordCredentialsToken(c.ctx(ctx), username, password)
	if err != nil {
		done("failed")
		return c.finish(r, append(findings, tokenFinding(err)), fmt.Errorf("password grant: %w", err))
	}
	done(conf.Endpoint.TokenURL)
	findings = append(findings, c.inspect(ctx, r, tok, "", slices.Contains(conf.Scopes, "openid"))...)
	return c.finish(r, findings, nil)
}

// DeviceCode is what the user needs to approve a device sign-in.
type DeviceCode struct {
	UserCode                string `json:"user_code"`
	VerificationURI         string `json:"verification_uri"`
	VerificationURIComplete string `json:"verification_uri_complete,omitempty"`
}

// Device signs in with the device authorization grant (RFC 8628): onCode
// shows the user code and where to enter it, then the client polls.
func (c *Client) Device(ctx context.Context, onCode func(DeviceCode)) (*Result, error) {
	r := c.newResult(FlowDevice)
	findings := c.grantListed("urn:ietf:params:oauth:grant-type:device_code")
	conf := c.oauth2Config("", c.scopes())
	if conf.Endpoint.DeviceAuthURL == "" {
		findings = append(findings, FindEndpointMissing.New(
			"The provider publishes no device_authorization_endpoint: it does not offer the device flow, or not at this issuer.",
			"Use the PKCE flow, or enable the device flow at the provider.", "no device_authorization_endpoint"))
		return c.finish(r, findings, fmt.Errorf("device flow: the provider has no device authorization endpoint"))
	}
	hctx := c.ctx(ctx)
	done := c.rec.Start(StepDeviceCode)
	da, err := conf.DeviceAuth(hctx, c.resourceOpts()...)
	if err != nil {
		done("failed")
		return c.finish(r, append(findings, tokenFinding(err)), fmt.Errorf("device authorization: %w", err))
	}
	dc := DeviceCode{UserCode: da.UserCode, VerificationURI: da.VerificationURI, VerificationURIComplete: da.VerificationURIComplete}
	done(fmt.Sprintf("user code %s at %s", dc.UserCode, dc.VerificationURI))
	if onCode != nil {
		onCode(dc)
	}
	wait := c.rec.Start(StepDeviceApproved)
	tok, err := conf.DeviceAccessToken(hctx, da, c.resourceOpts()...)
	if err != nil {
		wait("failed")
		return c.finish(r, append(findings, tokenFinding(err)), fmt.Errorf("device flow: %w", err))
	}
	wait(conf.Endpoint.TokenURL)
	findings = append(findings, c.inspect(ctx, r, tok, "", slices.Contains(conf.Scopes, "openid"))...)
	return c.finish(r, findings, nil)
}

// Refresh redeems a refresh token through x/oauth2's TokenSource and says
// whether the provider rotated it. In a request mode the request carries
// the mode's RefreshParams.
func (c *Client) Refresh(ctx context.Context, refreshToken string) (*Result, error) {
	r := c.newResult(FlowRefresh)
	var findings []Finding
	if refreshToken == "" {
		findings = append(findings, FindRefreshMissing.New("There is no refresh token to redeem.",
			"Request offline_access (or enable refresh tokens for the client at the provider).", "no refresh_token"))
		return c.finish(r, findings, fmt.Errorf("refresh: no refresh token"))
	}
	conf := c.oauth2Config("", nil)
	hctx := c.ctx(ctx)
	if m := c.cfg.Mode; m != nil {
		extra := m.RefreshParams()
		hc := *c.hc
		hc.Transport = refreshParams{next: transportOf(c.hc), tokenURL: conf.Endpoint.TokenURL, extra: extra}
		hctx = context.WithValue(ctx, oauth2.HTTPClient, &hc)
	}
	done := c.rec.Start(StepRefreshed)
	tok, err := conf.TokenSource(hctx, &oauth2.Token{RefreshToken: refreshToken}).Token()
	if err != nil {
		done("failed")
		return c.finish(r, append(findings, tokenFinding(err)), fmt.Errorf("refresh: %w", err))
	}
	rotated := tok.RefreshToken != refreshToken
	r.RefreshRotated = &rotated
	if rotated {
		done(fmt.Sprintf("refresh token rotated: %s → %s", inspector.Fingerprint(refreshToken), inspector.Fingerprint(tok.RefreshToken)))
		findings = append(findings, FindRefreshRotated.Newf(
			"Store the new refresh token; a client that reuses the old one may get invalid_grant (and some providers then revoke the whole family).",
			fmt.Sprintf("sha256 %s → %s", inspector.Fingerprint(refreshToken), inspector.Fingerprint(tok.RefreshToken)),
			"The provider rotated the refresh token: the one just used is spent."))
	} else {
		done("refresh token kept: " + inspector.Fingerprint(refreshToken))
		findings = append(findings, FindRefreshReused.New("The provider kept the refresh token; it can be redeemed again until it expires.",
			"Nothing to do; rotation is a provider setting.", "sha256 "+inspector.Fingerprint(refreshToken)))
	}
	findings = append(findings, c.inspect(ctx, r, tok, "", false)...)
	return c.finish(r, findings, nil)
}

func transportOf(hc *http.Client) http.RoundTripper {
	if hc.Transport != nil {
		return hc.Transport
	}
	return http.DefaultTransport
}

// refreshParams adds a request mode's extra parameters to refresh requests
// at the token endpoint (x/oauth2's refresh has no option for them).
type refreshParams struct {
	next     http.RoundTripper
	tokenURL string
	extra    url.Values
}

func (t refreshParams) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method != http.MethodPost || req.URL.String() != t.tokenURL || req.Body == nil {
		return t.next.RoundTrip(req)
	}
	body, err := io.ReadAll(req.Body)
	req.Body.Close()
	if err != nil {
		return nil, err
	}
	form, err := url.ParseQuery(string(body))
	if err != nil || form.Get("grant_type") != "refresh_token" {
		return t.next.RoundTrip(withBody(req, body))
	}
	for k, v := range t.extra {
		form[k] = v
	}
	return t.next.RoundTrip(withBody(req, []byte(form.Encode())))
}

func withBody(req *http.Request, body []byte) *http.Request {
	r := req.Clone(req.Context())
	r.Body = io.NopCloser(strings.NewReader(string(body)))
	r.ContentLength = int64(len(body))
	return r
}

// UserInfo calls the UserInfo endpoint with the access token (OIDC Core
// §5.3). It returns the claims as sent (JSON, or a JWT for signed
// responses).
func (c *Client) UserInfo(ctx context.Context, accessToken string) (json.RawMessage, []Finding, error) {
	endpoint := pick(c.cfg.UserInfoURL, c.meta().UserinfoEndpoint)
	if endpoint == "" {
		f := FindEndpointMissing.New("The provider publishes no userinfo_endpoint.",
			"Take the claims from the ID token, or set user_info_uri.", "no userinfo_endpoint")
		return nil, []Finding{f}, fmt.Errorf("userinfo: the provider has no UserInfo endpoint")
	}
	done := c.rec.Start(StepUserInfo)
	hc := oauth2.NewClient(c.ctx(ctx), oauth2.StaticTokenSource(&oauth2.Token{AccessToken: accessToken, TokenType: "Bearer"}))
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint, nil)
	if err != nil {
		return nil, nil, err
	}
	resp, err := hc.Do(req)
	if err != nil {
		done("failed")
		return nil, []Finding{FindUserInfoFailed.Newf("Check the UserInfo endpoint URL, the network and the proxy.", err.Error(), "The UserInfo request failed: %v.", err)}, fmt.Errorf("userinfo: %w", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusOK {
		done("HTTP " + resp.Status)
		f := FindUserInfoFailed.Newf(
			"UserInfo accepts an access token issued for it (with the openid scope); an access token for another audience (a resource indicator, an API) is refused by strict providers. Use a token from a sign-in without a resource, or read the claims from the ID token.",
			fmt.Sprintf("HTTP %s, WWW-Authenticate %q", resp.Status, resp.Header.Get("WWW-Authenticate")),
			"The UserInfo endpoint refused the access token: HTTP %s.", resp.Status)
		return nil, []Finding{f}, fmt.Errorf("userinfo: HTTP %s", resp.Status)
	}
	done(fmt.Sprintf("%s (%d bytes, %s)", endpoint, len(body), resp.Header.Get("Content-Type")))
	return body, nil, nil
}

// Revoke revokes a token at the provider (RFC 7009); hint is
// "refresh_token" or "access_token".
func (c *Client) Revoke(ctx context.Context, token, hint string) ([]Finding, error) {
	endpoint := pick(c.cfg.RevocationURL, c.meta().RevocationEndpoint)
	if endpoint == "" {
		return []Finding{FindEndpointMissing.New("The provider publishes no revocation_endpoint (RFC 7009).",
				"Let the token expire, or revoke the session at the provider's admin console.", "no revocation_endpoint")},
			fmt.Errorf("revocation: the provider has no revocation endpoint")
	}
	form := url.Values{"token": {token}}
	if hint != "" {
		form.Set("token_type_hint", hint)
	}
	if c.cfg.ClientSecret == "" {
		form.Set("client_id", c.cfg.ClientID)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if c.cfg.ClientSecret != "" {
		req.SetBasicAuth(url.QueryEscape(c.cfg.ClientID), url.QueryEscape(c.cfg.ClientSecret))
	}
	done := c.rec.Start(StepRevoked)
	resp, err := c.hc.Do(req)
	if err != nil {
		done("failed")
		return []Finding{FindRevocationFailed.Newf("Check the revocation endpoint URL, the network and the proxy.", err.Error(), "The revocation request failed: %v.", err)}, fmt.Errorf("revocation: %w", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode != http.StatusOK {
		done("HTTP " + resp.Status)
		var oe struct {
			Error            string `json:"error"`
			ErrorDescription string `json:"error_description"`
		}
		if json.Unmarshal(body, &oe) == nil && oe.Error != "" {
			f := inspector.ExplainOAuthError(inspector.FindTokenResponse, oe.Error, oe.ErrorDescription)
			return []Finding{f}, fmt.Errorf("revocation: %s", oe.Error)
		}
		return []Finding{FindRevocationFailed.Newf("Check the client's authentication and that it may revoke this token.",
			fmt.Sprintf("HTTP %s, body starts %q", resp.Status, truncate(string(body), 200)),
			"The revocation endpoint answered HTTP %s.", resp.Status)}, fmt.Errorf("revocation: HTTP %s", resp.Status)
	}
	done(fmt.Sprintf("%s %s (sha256 %s)", hint, endpoint, inspector.Fingerprint(token)))
	return nil, nil
}
