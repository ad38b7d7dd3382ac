package bench

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/ssolens/ssolens/demoidp"
	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/pkce"
)

// The sign-in round trips against the embedded demo provider on loopback,
// the browser played by an HTTP client (demoidp.PlayBrowser): each
// iteration is one whole flow as `ssolens login` runs it, from the first
// request to the tokens decoded and verified against the provider's keys.
// The client (and so discovery) is made once, as the app keeps it.

func startDemo(b *testing.B) *demoidp.Provider {
	b.Helper()
	p, err := demoidp.Start(b.Context(), demoidp.Config{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { p.Close() })
	return p
}

func newClient(b *testing.B, p *demoidp.Provider, cfg pkce.Config) *pkce.Client {
	b.Helper()
	cfg.Issuer = p.Issuer()
	cfg.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	c, err := pkce.New(b.Context(), cfg)
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// mustSucceed fails the benchmark unless the flow returned verified tokens
// without an error finding.
func mustSucceed(b *testing.B, r *pkce.Result, err error, wantID bool) {
	b.Helper()
	if err != nil {
		b.Fatalf("%v", err)
	}
	if r.Report.HasError() {
		for _, f := range r.Findings() {
			b.Logf("%s %s: %s", f.Severity, f.Code, f.Message)
		}
		b.Fatal("error findings")
	}
	verified := 0
	for _, t := range r.Report.Tokens {
		if t.Signature != nil && t.Signature.Verified {
			verified++
		}
		if t.Role == inspector.RoleIDToken && (t.Signature == nil || !t.Signature.Verified) {
			b.Fatal("ID token not verified")
		}
	}
	if verified == 0 || wantID && r.Token.Extra("id_token") == nil {
		b.Fatalf("no verified token (%d tokens)", len(r.Report.Tokens))
	}
}

// BenchmarkSignInAuthCodePKCE: loopback listener, authorization request,
// the login page, the redirect to the listener, the code exchange, and the
// tokens verified.
func BenchmarkSignInAuthCodePKCE(b *testing.B) {
	p := startDemo(b)
	c := newClient(b, p, pkce.Config{ClientID: demoidp.DesktopClientID})
	browser := pkce.BrowserFunc(p.PlayBrowser("alice"))
	for b.Loop() {
		r, err := c.Login(b.Context(), pkce.LoginOptions{Browser: browser, Timeout: 30 * time.Second})
		mustSucceed(b, r, err, true)
	}
}

func BenchmarkSignInClientCredentials(b *testing.B) {
	p := startDemo(b)
	c := newClient(b, p, pkce.Config{ClientID: demoidp.M2MClientID, ClientSecret: demoidp.M2MClientSecret, Scopes: []string{demoidp.M2MScope}})
	for b.Loop() {
		r, err := c.ClientCredentials(b.Context())
		mustSucceed(b, r, err, false)
	}
}

// BenchmarkSignInRefresh redeems the refresh token of one sign-in, then
// each new one (the demo provider rotates them).
func BenchmarkSignInRefresh(b *testing.B) {
	p := startDemo(b)
	c := newClient(b, p, pkce.Config{ClientID: demoidp.DesktopClientID, Scopes: []string{"openid", "profile", "email", "offline_access"}})
	r, err := c.Login(b.Context(), pkce.LoginOptions{Browser: pkce.BrowserFunc(p.PlayBrowser("alice")), Timeout: 30 * time.Second})
	mustSucceed(b, r, err, true)
	rt := r.Token.RefreshToken
	if rt == "" {
		b.Fatal("no refresh token")
	}
	for b.Loop() {
		r, err := c.Refresh(b.Context(), rt)
		mustSucceed(b, r, err, false)
		if r.Token.RefreshToken != "" {
			rt = r.Token.RefreshToken
		}
	}
}

// BenchmarkSignInDevice approves the user code as soon as it is shown.
// RFC 8628 has the client wait the provider's polling interval (the demo
// provider asks for 1 s) before it asks for the tokens, so this flow's time
// is that interval plus the round trips.
func BenchmarkSignInDevice(b *testing.B) {
	p := startDemo(b)
	c := newClient(b, p, pkce.Config{ClientID: demoidp.DesktopClientID})
	approve := func(dc pkce.DeviceCode) {
		resp, err := http.PostForm(p.Issuer()+"/device", url.Values{"user_code": {dc.UserCode}, "user": {"alice"}})
		if err != nil {
			b.Errorf("approving the device: %v", err)
			return
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Errorf("approving the device: %s", resp.Status)
		}
	}
	for b.Loop() {
		ctx, cancel := context.WithTimeout(b.Context(), 30*time.Second)
		r, err := c.Device(ctx, approve)
		cancel()
		mustSucceed(b, r, err, true)
	}
}
