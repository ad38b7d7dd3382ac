package discovery

import (
	"context"
	"encoding/json"
	"encoding/pem"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func metadataHandler(issuer func() string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != WellKnownPath && !strings.HasSuffix(r.URL.Path, WellKnownPath) {
			http.NotFound(w, r)
			return
		}
		json.NewEncoder(w).Encode(map[string]any{
			"issuer": issuer(), "jwks_uri": issuer() + "/keys",
			"scopes_supported": []string{"openid"}, "code_challenge_methods_supported": []string{"S256"},
		})
	}
}

func TestFetchMetadata(t *testing.T) {
	var srv *httptest.Server
	issuer := func() string { return srv.URL }
	srv = httptest.NewServer(metadataHandler(issuer))
	defer srv.Close()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	ctx := WithClock(context.Background(), func() time.Time { return now })

	tests := []struct {
		name         string
		in           string
		wantURL      string
		wantMismatch bool
		wantSlash    bool
	}{
		{"issuer", srv.URL, srv.URL + WellKnownPath, false, false},
		{"issuer with trailing slash", srv.URL + "/", srv.URL + WellKnownPath, true, true},
		{"discovery URL", srv.URL + WellKnownPath, srv.URL + WellKnownPath, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := FetchMetadata(ctx, srv.Client(), tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if res.URL != tc.wantURL {
				t.Errorf("URL = %s, want %s", res.URL, tc.wantURL)
			}
			if res.Metadata.JWKSURI != srv.URL+"/keys" || res.Metadata.CodeChallengeMethodsSupported[0] != "S256" {
				t.Errorf("metadata = %+v", res.Metadata)
			}
			if (res.IssuerMismatch != nil) != tc.wantMismatch || (tc.wantSlash && !res.IssuerMismatch.TrailingSlash) {
				t.Errorf("IssuerMismatch = %+v, want mismatch %v slash %v", res.IssuerMismatch, tc.wantMismatch, tc.wantSlash)
			}
			if !res.Fetched.Equal(now) {
				t.Errorf("Fetched = %v, want the injected clock", res.Fetched)
			}
		})
	}
}

func TestFetchMetadataEntraTemplate(t *testing.T) {
	srv := httptest.NewServer(metadataHandler(func() string { return "https://login.microsoftonline.com/{tenantid}/v2.0" }))
	defer srv.Close()
	res, err := FetchMetadata(context.Background(), srv.Client(), srv.URL+"/common/v2.0")
	if err != nil {
		t.Fatal(err)
	}
	if res.IssuerMismatch == nil || !res.IssuerMismatch.TenantTemplate {
		t.Fatalf("IssuerMismatch = %+v, want the tenant template", res.IssuerMismatch)
	}
	if msg, fix := res.IssuerMismatch.Explain(); !strings.Contains(msg, "{tenantid}") || !strings.Contains(fix, "<tenant-id>") {
		t.Errorf("Explain() = %q, %q", msg, fix)
	}
}

func TestClockOffset(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", now.Add(-45*time.Second).Format(http.TimeFormat))
		w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	resp, err := Get(WithClock(context.Background(), func() time.Time { return now }), srv.Client(), srv.URL, 0)
	if err != nil {
		t.Fatal(err)
	}
	if off, ok := resp.ClockOffset(); !ok || off != 45*time.Second {
		t.Errorf("ClockOffset = %v, %v; want 45s", off, ok)
	}
}

func TestFetchErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/html" + WellKnownPath:
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<html><body>Sign in</body></html>"))
		case "/big" + WellKnownPath:
			w.Write([]byte(strings.Repeat("x", MaxBodyBytes+10)))
		case "/noissuer" + WellKnownPath:
			w.Write([]byte(`{"jwks_uri":"x"}`))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	tests := []struct {
		name     string
		in       string
		wantIs   error
		wantCode int
		wantText []string
	}{
		{"404", srv.URL + "/missing", nil, 404, []string{srv.URL + "/missing" + WellKnownPath, "404", "check the URL"}},
		{"not JSON", srv.URL + "/html", ErrNotJSON, 0, []string{"text/html", "Sign in"}},
		{"no issuer", srv.URL + "/noissuer", ErrNotJSON, 0, []string{"no issuer"}},
		{"too large", srv.URL + "/big", ErrTooLarge, 0, []string{srv.URL + "/big", "1048576"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := FetchMetadata(context.Background(), srv.Client(), tc.in)
			if err == nil {
				t.Fatal("no error")
			}
			if tc.wantIs != nil && !errors.Is(err, tc.wantIs) {
				t.Errorf("error %v is not %v", err, tc.wantIs)
			}
			var se *StatusError
			if tc.wantCode != 0 && (!errors.As(err, &se) || se.StatusCode != tc.wantCode) {
				t.Errorf("error %v: want a StatusError %d", err, tc.wantCode)
			}
			for _, s := range tc.wantText {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not mention %q", err, s)
				}
			}
		})
	}
}

func TestObserveClientLimit(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(strings.Repeat("x", 100)))
	}))
	defer srv.Close()
	var seen atomic.Int32
	c := ObserveClient(srv.Client(), 50, func(o Observation) { seen.Add(1) })
	resp, err := c.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	buf := make([]byte, 200)
	total := 0
	for err == nil {
		var n int
		n, err = resp.Body.Read(buf)
		total += n
	}
	if !errors.Is(err, ErrTooLarge) || total != 50 || seen.Load() != 1 {
		t.Errorf("read %d bytes, err %v, observed %d: want 50, ErrTooLarge, 1", total, err, seen.Load())
	}
}

func TestProxyHonoured(t *testing.T) {
	var hits atomic.Int32
	var requested atomic.Value
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		requested.Store(r.URL.String())
		json.NewEncoder(w).Encode(map[string]string{"issuer": "http://idp.example.test", "jwks_uri": "http://idp.example.test/keys"})
	}))
	defer proxy.Close()
	cfg := Config{Proxy: proxy.URL}
	client, err := NewHTTPClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	res, err := FetchMetadata(context.Background(), client, "http://idp.example.test")
	if err != nil {
		t.Fatal(err)
	}
	if hits.Load() != 1 || requested.Load() != "http://idp.example.test"+WellKnownPath {
		t.Errorf("proxy saw %d requests, last %v", hits.Load(), requested.Load())
	}
	if res.IssuerMismatch != nil {
		t.Errorf("unexpected mismatch %+v", res.IssuerMismatch)
	}
	if d := cfg.Describe(); !strings.Contains(d, proxy.URL) || !strings.Contains(d, "explicit") {
		t.Errorf("Describe() = %q", d)
	}
	if _, err := NewHTTPClient(Config{Proxy: "not a url"}); err == nil {
		t.Error("a bad proxy URL was accepted")
	}
}

func TestExtraCA(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewTLSServer(metadataHandler(func() string { return srv.URL }))
	defer srv.Close()
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}

	without, err := NewHTTPClient(Config{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = FetchMetadata(context.Background(), without, srv.URL)
	if err == nil || !strings.Contains(err.Error(), "CA") {
		t.Fatalf("without the CA: err = %v, want a certificate error naming the CA option", err)
	}

	cfg := Config{CAFile: caFile}
	with, err := NewHTTPClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := FetchMetadata(context.Background(), with, srv.URL); err != nil {
		t.Fatalf("with the CA: %v", err)
	}
	if d := cfg.Describe(); !strings.Contains(d, "system CAs + "+caFile) {
		t.Errorf("Describe() = %q", d)
	}

	empty := filepath.Join(t.TempDir(), "empty.pem")
	os.WriteFile(empty, []byte("not pem"), 0o600)
	if _, err := NewHTTPClient(Config{CAFile: empty}); err == nil {
		t.Error("a CA file without certificates was accepted")
	}
}
