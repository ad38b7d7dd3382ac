package pkce

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ssolens/ssolens/inspector"
)

// TestNoSecretOrTokenInEventsOrStorage captures everything the flows
// record and every file they could write, and looks for the credentials.
func TestNoSecretOrTokenInEventsOrStorage(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", home+"/config")
	t.Setenv("XDG_DATA_HOME", home+"/data")
	t.Setenv("XDG_CACHE_HOME", home+"/cache")
	for name, start := range providers(t) {
		t.Run(name, func(t *testing.T) {
			p := start(t)
			store := &MemoryStore{}
			key := SecretKey(p.issuer, p.m2mID)
			var mu sync.Mutex
			var live []Event
			onEvent := func(e Event) { mu.Lock(); live = append(live, e); mu.Unlock() }
			rec := NewRecorder(nil, onEvent)
			secret, src, _, err := ResolveSecret(SecretRequest{Key: key, Store: store, Remember: true,
				Prompt: func(string) (string, error) { return p.m2mSecret, nil }}, rec)
			if err != nil || src != "prompt" || secret != p.m2mSecret {
				t.Fatalf("resolve: %q %v", src, err)
			}
			// Asked again, it comes from the store.
			if _, src, _, _ := ResolveSecret(SecretRequest{Key: key, Store: store}, rec); src != "keyring" {
				t.Errorf("second resolve from %q", src)
			}
			m2m := newClient(t, p, func(cfg *Config) {
				cfg.ClientID, cfg.ClientSecret, cfg.Scopes, cfg.Resource, cfg.OnEvent = p.m2mID, secret, []string{p.m2mScope}, p.resource, onEvent
			})
			cc, err := m2m.ClientCredentials(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			user := newClient(t, p, func(cfg *Config) { cfg.OnEvent = onEvent })
			b := p.browser("alice", nil)
			lr, err := user.Login(t.Context(), LoginOptions{Browser: b, Timeout: 30 * time.Second})
			b.wait(t)
			if err != nil {
				t.Fatal(err)
			}
			rr, err := user.Refresh(t.Context(), lr.Token.RefreshToken)
			if err != nil {
				t.Fatal(err)
			}
			user.UserInfo(t.Context(), rr.Token.AccessToken)
			user.Revoke(t.Context(), rr.Token.RefreshToken, "refresh_token")

			var dump strings.Builder
			for _, r := range []*Result{cc, lr, rr} {
				b, _ := json.Marshal(r)
				dump.Write(b)
			}
			mu.Lock()
			b2, _ := json.Marshal(append(live, rec.Events()...))
			mu.Unlock()
			dump.Write(b2)
			secrets := map[string]string{"client secret": secret}
			for i, r := range []*Result{cc, lr, rr} {
				secrets["access token "+string(rune('0'+i))] = r.Token.AccessToken
				if id, ok := r.Token.Extra("id_token").(string); ok {
					secrets["id token "+string(rune('0'+i))] = id
				}
				if r.Token.RefreshToken != "" {
					secrets["refresh token "+string(rune('0'+i))] = r.Token.RefreshToken
				}
			}
			for what, s := range secrets {
				if s != "" && strings.Contains(dump.String(), s) {
					t.Errorf("the %s appears in the events or results", what)
				}
				if len(s) > 24 && strings.Contains(dump.String(), s[len(s)-24:]) {
					t.Errorf("the end of the %s appears in the events or results", what)
				}
			}
			if len(live) == 0 {
				t.Error("no events were passed on")
			}
			// The store holds the secret and nothing else; no file was written.
			if keys := store.Keys(); len(keys) != 1 || keys[0] != key {
				t.Errorf("store keys %v", keys)
			}
			entries, _ := os.ReadDir(home)
			if len(entries) != 0 {
				t.Errorf("files written under HOME: %v", entries)
			}
		})
	}
}

func TestResolveSecretWithoutKeyringSaysSoAndAsks(t *testing.T) {
	asked := 0
	req := SecretRequest{Key: "k", StoreErr: errors.New("org.freedesktop.secrets was not provided by any .service files"),
		Prompt: func(string) (string, error) { asked++; return "s3cret", nil }}
	for range 2 {
		s, src, fs, err := ResolveSecret(req, nil)
		if err != nil || s != "s3cret" || src != "prompt" || len(fs) != 1 || fs[0].Code != FindKeyringUnavailable.Code {
			t.Fatalf("%q %q %v %v", s, src, fs, err)
		}
	}
	if asked != 2 {
		t.Errorf("asked %d times, want each session", asked)
	}
	s, src, _, err := ResolveSecret(SecretRequest{EnvVar: "SSOLENS_TEST_SECRET", Getenv: func(string) string { return "from-env" }}, nil)
	if err != nil || s != "from-env" || src != "env SSOLENS_TEST_SECRET" {
		t.Errorf("env: %q %q %v", s, src, err)
	}
}

// With no source and no one to ask, the error says so, is
// ErrNoClientSecret, and names no flag (the command line adds its own).
func TestResolveSecretWithNoSourceNamesNoFlag(t *testing.T) {
	_, _, _, err := ResolveSecret(SecretRequest{Key: "k"}, nil)
	if !errors.Is(err, ErrNoClientSecret) || !strings.Contains(err.Error(), "environment variable") || strings.Contains(err.Error(), "--") {
		t.Errorf("error %v", err)
	}
}

func TestEventJSONShape(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 600, time.UTC)
	b, _ := json.Marshal(Event{Step: StepTokensReceived, At: at, DurationMS: 12, Detail: inspector.Redact("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJlc2lnbmF0dXJl")})
	var m map[string]any
	json.Unmarshal(b, &m)
	if len(m) != 4 || m["step"] != "tokens-received" || m["at"] != "2026-01-02T03:04:05.0000006Z" || m["duration_ms"] != 12.0 {
		t.Errorf("event JSON %s", b)
	}
}
