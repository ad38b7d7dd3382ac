// Package session holds the use cases the desktop app and the command line
// share: sign in for a Neo4j provider, inspect the tokens, predict what
// Neo4j does with them; and the first-run demo that shows all of it with
// nothing configured. It wires the core packages together and draws
// nothing.
package session

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"golang.org/x/oauth2"

	"github.com/ssolens/ssolens/assets/samples"
	"github.com/ssolens/ssolens/demoidp"
	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/neo4j/conf"
	"github.com/ssolens/ssolens/neo4j/predict"
	"github.com/ssolens/ssolens/neo4j/ssoclient"
	"github.com/ssolens/ssolens/pkce"
)

// SignInOptions are the user-facing parts of a browser sign-in.
type SignInOptions struct {
	// Browser opens the authorization URL; nil means the system browser.
	Browser pkce.Browser
	// OnRedirectURI and OnAuthorizeURL see the redirect URI to register and
	// the authorization URL before the browser opens, to show and copy.
	OnRedirectURI  func(string)
	OnAuthorizeURL func(string)
	// OnListen sees the listener's addresses and why its port was taken,
	// before OnRedirectURI.
	OnListen func(addrs []string, why string)
	// OnEvent sees each step as it happens, for a live timeline.
	OnEvent func(pkce.Event)
	// HTTPClient makes every request; nil means a default discovery client.
	HTTPClient *http.Client
	// Inspect tunes decoding (clock, skew).
	Inspect inspector.Options
}

// SignInResult is one sign-in: the flow's result (report, events, redirect
// URI) and the Neo4j prediction for the tokens it brought.
type SignInResult struct {
	*pkce.Result
	Prediction *predict.Prediction `json:"neo4j,omitempty"`
	// Issuer, DiscoveryURL and ClientID are the provider's as the sign-in
	// found them (discovery); empty for the paste flow.
	Issuer       string `json:"issuer,omitempty"`
	DiscoveryURL string `json:"discovery_url,omitempty"`
	ClientID     string `json:"client_id,omitempty"`
	// UserInfo is the UserInfo response (FlowOptions.UserInfo), or
	// UserInfoJWT when the provider signed it.
	UserInfo    map[string]any `json:"userinfo,omitempty"`
	UserInfoJWT string         `json:"userinfo_jwt,omitempty"`
	// Revoked names the token revoked (FlowOptions.Revoke): refresh_token
	// or access_token; RevokeErr says why revocation failed.
	Revoked   string `json:"revoked,omitempty"`
	RevokeErr error  `json:"-"`

	// keys is the cache the sign-in's client verified with.
	keys *inspector.KeyCache
}

// newResult is a flow's result with the provider's facts of its client.
func newResult(res *pkce.Result, c *pkce.Client) *SignInResult {
	out := &SignInResult{Result: res, ClientID: c.ClientID(), keys: c.Keys()}
	if md := c.Metadata(); md != nil {
		out.Issuer, out.DiscoveryURL = md.Metadata.Issuer, md.URL
	}
	return out
}

// SignIn signs in for one provider of a configuration exactly as Neo4j
// Browser would (its params, redirect URI form and token types), then
// predicts what Neo4j does with the tokens. The result is returned even
// when the flow fails, with the findings that say why.
func SignIn(ctx context.Context, model *conf.Model, provider string, opts SignInOptions) (*SignInResult, error) {
	p := model.Provider(provider)
	if p == nil {
		return nil, fmt.Errorf("the configuration has no provider %q", provider)
	}
	c, err := pkce.New(ctx, pkce.Config{Mode: ssoclient.FromConf(p), HTTPClient: opts.HTTPClient,
		Inspect: opts.Inspect, OnEvent: opts.OnEvent})
	if err != nil {
		return nil, err
	}
	res, err := c.Login(ctx, pkce.LoginOptions{Browser: opts.Browser,
		OnRedirectURI: opts.OnRedirectURI, OnAuthorizeURL: opts.OnAuthorizeURL, OnListen: opts.OnListen})
	out := newResult(res, c)
	if err != nil || res == nil || res.Token == nil {
		return out, err
	}
	out.Prediction = predictLogin(ctx, model, p.Name, out, opts)
	return out, nil
}

// TokenSet takes the three tokens out of a token response.
func TokenSet(tok *oauth2.Token) inspector.TokenSet {
	ts := inspector.TokenSet{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken}
	ts.IDToken, _ = tok.Extra("id_token").(string)
	return ts
}

// DemoProvider is the provider name of the sample configuration.
const DemoProvider = "demo"

// Demo is the embedded demo provider with the sample neo4j.conf pointed at
// it: the whole story with no cloud account.
type Demo struct {
	IdP   *demoidp.Provider
	Model *conf.Model
}

// StartDemo starts the demo provider on the sample configuration's address
// (127.0.0.1:9876), or on a free loopback port when that one is taken, and
// reads the sample neo4j.conf for it. Close the demo when done.
func StartDemo(ctx context.Context) (*Demo, error) {
	return StartDemoOn(ctx, demoidp.DemoAddr)
}

// StartDemoOn is StartDemo on another address ("127.0.0.1:0" for a free
// port: tests, where keys cached for the usual address must not mix).
func StartDemoOn(ctx context.Context, addr string) (*Demo, error) {
	idp, err := demoidp.Start(ctx, demoidp.Config{Addr: addr})
	if err != nil {
		idp, err = demoidp.Start(ctx, demoidp.Config{Addr: "127.0.0.1:0"})
	}
	if err != nil {
		return nil, fmt.Errorf("starting the demo provider: %w", err)
	}
	text := strings.ReplaceAll(string(samples.DemoNeo4jConf), "http://"+demoidp.DemoAddr, idp.Issuer())
	c, err := conf.ParseConf(strings.NewReader(text), "demo-neo4j.conf")
	if err != nil {
		idp.Close()
		return nil, fmt.Errorf("reading the sample configuration: %w", err)
	}
	return &Demo{IdP: idp, Model: conf.Analyze(c, conf.Latest, conf.LintOptions{})}, nil
}

// SignIn signs in at the demo provider as Neo4j Browser would with the
// sample configuration.
func (d *Demo) SignIn(ctx context.Context, opts SignInOptions) (*SignInResult, error) {
	return SignIn(ctx, d.Model, DemoProvider, opts)
}

// Close stops the demo provider.
func (d *Demo) Close() error { return d.IdP.Close() }
