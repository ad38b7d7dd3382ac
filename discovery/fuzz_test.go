package discovery

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/ssolens/ssolens/internal/budget"
)

// bodyTransport answers every request with one body, without a network.
type bodyTransport struct{ body []byte }

func (b bodyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: http.StatusOK, Status: "200 OK", Request: r,
		Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(bytes.NewReader(b.body))}, nil
}

// FuzzFetchMetadata: any discovery document is read without panic, within
// an allocation ceiling; a document is accepted only with an issuer, and
// an issuer other than the one asked for is always flagged (OIDC Discovery
// §4.3), so callers can refuse its keys.
func FuzzFetchMetadata(f *testing.F) {
	const issuer = "https://idp.example.com/realms/x"
	f.Add([]byte(`{"issuer":"https://idp.example.com/realms/x","jwks_uri":"https://idp.example.com/realms/x/keys"}`))
	f.Add([]byte(`{"issuer":"https://idp.example.com/realms/x/","jwks_uri":"x"}`))
	f.Add([]byte(`{"issuer":"https://attacker.example","jwks_uri":"https://attacker.example/keys"}`))
	f.Add([]byte(`{"issuer":"https://login.microsoftonline.com/{tenantid}/v2.0"}`))
	f.Add([]byte(`{"issuer":1}`))
	f.Add([]byte(`<html>login</html>`))
	f.Add([]byte(`{"issuer":"https://idp.example.com/realms/x","issuer":"https://other"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		client := &http.Client{Transport: bodyTransport{body}}
		var (
			res *Result
			err error
		)
		budget.Call(t, "FetchMetadata", 256<<10+uint64(16*len(body)), time.Second, func() {
			res, err = FetchMetadata(context.Background(), client, issuer)
		})
		if err != nil {
			if res != nil {
				t.Fatal("a result and an error")
			}
			return
		}
		if res.Metadata.Issuer == "" {
			t.Fatal("a document without issuer was accepted")
		}
		if res.Metadata.Issuer != issuer && res.IssuerMismatch == nil {
			t.Fatalf("issuer %q accepted for %q without a mismatch", res.Metadata.Issuer, issuer)
		}
		if res.Metadata.Issuer == issuer && res.IssuerMismatch != nil {
			t.Fatalf("mismatch %+v for the issuer asked for", res.IssuerMismatch)
		}
		if !json.Valid(res.Raw) {
			t.Fatal("Raw is not the JSON document")
		}
	})
}
