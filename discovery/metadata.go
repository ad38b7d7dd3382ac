package discovery

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// WellKnownPath is appended to an issuer to find its metadata (OpenID
// Connect Discovery 1.0 §4).
const WellKnownPath = "/.well-known/openid-configuration"

// ErrNotJSON is wrapped by errors from a discovery document that is not a
// JSON object.
var ErrNotJSON = errors.New("not a JSON discovery document")

// Metadata is the part of a provider's discovery document SSO Lens uses.
type Metadata struct {
	Issuer                           string   `json:"issuer"`
	JWKSURI                          string   `json:"jwks_uri"`
	AuthorizationEndpoint            string   `json:"authorization_endpoint"`
	TokenEndpoint                    string   `json:"token_endpoint"`
	UserinfoEndpoint                 string   `json:"userinfo_endpoint"`
	DeviceAuthorizationEndpoint      string   `json:"device_authorization_endpoint"`
	RevocationEndpoint               string   `json:"revocation_endpoint"`
	EndSessionEndpoint               string   `json:"end_session_endpoint"`
	ScopesSupported                  []string `json:"scopes_supported"`
	CodeChallengeMethodsSupported    []string `json:"code_challenge_methods_supported"`
	GrantTypesSupported              []string `json:"grant_types_supported"`
	IDTokenSigningAlgValuesSupported []string `json:"id_token_signing_alg_values_supported"`
}

// Result is a fetched discovery document and how it was fetched.
type Result struct {
	Metadata Metadata
	// Raw is the document as sent.
	Raw json.RawMessage
	// Requested is what the caller asked for: an issuer or a discovery URL.
	Requested string
	// RequestedIssuer is the issuer the caller named, or "" when it passed
	// a discovery URL.
	RequestedIssuer string
	// URL is the discovery URL actually fetched.
	URL string
	// Fetched is the local time of the answer; ProviderDate its Date header.
	Fetched      time.Time
	ProviderDate time.Time
	// IssuerMismatch is set when the document's issuer is not the issuer
	// asked for.
	IssuerMismatch *IssuerMismatch
}

// ClockOffset is local − provider time; ok is false without a Date header.
func (r *Result) ClockOffset() (time.Duration, bool) {
	resp := Response{Fetched: r.Fetched, ProviderDate: r.ProviderDate}
	return resp.ClockOffset()
}

// IssuerMismatch describes a discovery document whose issuer differs from
// the issuer it was fetched for. OIDC Discovery §4.3 requires them to be
// identical, and Neo4j compares the token's iss with the configured issuer
// as a string.
type IssuerMismatch struct {
	Requested string
	Published string
	// TrailingSlash: the two differ only by a trailing "/".
	TrailingSlash bool
	// TenantTemplate: the published issuer is Entra's multi-tenant template
	// (https://login.microsoftonline.com/{tenantid}/v2.0) from the common or
	// organizations endpoint; no token ever carries it literally.
	TenantTemplate bool
}

// Explain says what the mismatch means and what to change.
func (m *IssuerMismatch) Explain() (message, fix string) {
	switch {
	case m.TenantTemplate:
		return fmt.Sprintf("The discovery document publishes the issuer template %q, not a real issuer: this is Entra's multi-tenant (common / organizations) metadata, and each token's iss has the tenant id in place of {tenantid}.", m.Published),
			"Use the tenant-specific discovery URL (https://login.microsoftonline.com/<tenant-id>/v2.0/.well-known/openid-configuration) and set the issuer to https://login.microsoftonline.com/<tenant-id>/v2.0; Neo4j compares iss literally and cannot match a template."
	case m.TrailingSlash:
		return fmt.Sprintf("The provider publishes the issuer %q but it was asked for %q: they differ only by a trailing slash, and issuers are compared as exact strings.", m.Published, RedactURL(m.Requested)),
			fmt.Sprintf("Use the issuer exactly as published: %s", m.Published)
	}
	return fmt.Sprintf("The discovery document at the issuer %q says its issuer is %q; OIDC Discovery §4.3 requires them to be identical.", RedactURL(m.Requested), m.Published),
		fmt.Sprintf("Configure the issuer the provider publishes (%s), or check that the discovery URL belongs to this provider (a proxy or a reverse-proxy host name can cause this).", m.Published)
}

// WellKnownURL is the discovery URL of an issuer: the issuer without its
// trailing slash, then /.well-known/openid-configuration.
func WellKnownURL(issuer string) string {
	return strings.TrimRight(issuer, "/") + WellKnownPath
}

// IsDiscoveryURL reports whether s already names a discovery document.
func IsDiscoveryURL(s string) bool {
	return strings.Contains(s, "/.well-known/")
}

// FetchMetadata fetches a provider's discovery document. issuerOrURL is an
// issuer (the well-known path is appended) or a full discovery URL.
func FetchMetadata(ctx context.Context, client *http.Client, issuerOrURL string) (*Result, error) {
	if issuerOrURL == "" {
		return nil, fmt.Errorf("fetch metadata: no issuer or discovery URL given")
	}
	res := &Result{Requested: issuerOrURL, URL: issuerOrURL}
	if !IsDiscoveryURL(issuerOrURL) {
		res.RequestedIssuer = issuerOrURL
		res.URL = WellKnownURL(issuerOrURL)
	}
	resp, err := Get(ctx, client, res.URL, MaxBodyBytes)
	if err != nil {
		return nil, fmt.Errorf("fetch metadata: %w", err)
	}
	res.Fetched, res.ProviderDate = resp.Fetched, resp.ProviderDate
	if err := json.Unmarshal(resp.Body, &res.Metadata); err != nil {
		return nil, fmt.Errorf("fetch metadata: GET %s: %w (%s; content type %q, body starts %q): check that the URL is the provider's discovery document",
			RedactURL(res.URL), ErrNotJSON, err, resp.Header.Get("Content-Type"), bodyStart(resp.Body))
	}
	res.Raw = resp.Body
	if res.Metadata.Issuer == "" {
		return nil, fmt.Errorf("fetch metadata: GET %s: %w: the document has no issuer (content type %q, body starts %q): check that the URL is the provider's discovery document",
			RedactURL(res.URL), ErrNotJSON, resp.Header.Get("Content-Type"), bodyStart(resp.Body))
	}
	if res.RequestedIssuer != "" && res.Metadata.Issuer != res.RequestedIssuer {
		res.IssuerMismatch = &IssuerMismatch{
			Requested:      res.RequestedIssuer,
			Published:      res.Metadata.Issuer,
			TrailingSlash:  strings.TrimRight(res.RequestedIssuer, "/") == strings.TrimRight(res.Metadata.Issuer, "/"),
			TenantTemplate: IsTenantTemplate(res.Metadata.Issuer),
		}
	} else if IsTenantTemplate(res.Metadata.Issuer) {
		res.IssuerMismatch = &IssuerMismatch{Requested: res.Requested, Published: res.Metadata.Issuer, TenantTemplate: true}
	}
	return res, nil
}

// IsTenantTemplate reports whether an issuer is Entra's {tenantid} template.
func IsTenantTemplate(issuer string) bool {
	return strings.Contains(issuer, "{tenantid}")
}
