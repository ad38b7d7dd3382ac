package ssoclient

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/internal/budget"
)

// referenceUsername is getCredentialsFromAuthResult's username read the
// plain way: the whole payload through JWTDecode, then
// parsed[key] || parsed.email || parsed.sub.
func referenceUsername(token any, key string) (any, error) {
	payload, err := JWTDecode(token)
	if err != nil {
		return nil, err
	}
	if obj, ok := payload.(map[string]any); ok {
		for _, k := range []string{key, "email", "sub"} {
			if v := obj[k]; JSTruthy(v) {
				return v, nil
			}
		}
	}
	return nil, nil
}

func jwtWith(payload string) string {
	return "eyJhbGciOiJub25lIn0." + base64.RawURLEncoding.EncodeToString([]byte(payload)) + ".sig"
}

func checkDecodeUsername(t *testing.T, token, key string) {
	t.Helper()
	if payload, err := jwtPayload(token); err == nil {
		var v any
		if _, beyond := errors.AsType[*json.UnmarshalTypeError](json.Unmarshal(payload, &v)); beyond {
			return // a member beyond float64: TestDecodeUsernameBeyondFloat64
		}
	}
	want, wantErr := referenceUsername(token, key)
	for _, known := range []Known{nil, decodedByInspector} {
		got, gotErr := decodeUsername(token, key, known)
		if (gotErr == nil) != (wantErr == nil) || !reflect.DeepEqual(got, want) {
			t.Fatalf("decodeUsername(%q, %q, known %v) = %#v, %v; JWTDecode then lookup = %#v, %v", token, key, known != nil, got, gotErr, want, wantErr)
		}
	}
}

// decodedByInspector is SSO Lens's own decoding, as the prediction gives
// it to Predict: where it stands in for jwt-decode (readsAsJWTDecode), it
// must give jwt-decode's answer.
func decodedByInspector(raw string) *inspector.Token {
	return inspector.Decode(raw, "access_token", inspector.Options{})
}

// decodeUsername reads only three members of the payload; it must agree
// with decoding all of it, on every payload, including the ones the
// Browser refuses.
func TestDecodeUsernameMatchesJWTDecode(t *testing.T) {
	payloads := []string{
		`{"sub":"alice","email":"a@example.com"}`,
		`{"sub":"alice","email":""}`,
		`{"sub":"alice","email":0,"upn":"u"}`,
		`{"sub":"first","sub":"last"}`,
		`{"sub":"alice","sub":null}`,
		`{"email":["a"],"sub":"s"}`,
		`{"email":{},"sub":"s"}`,
		`{"email":-0.0,"sub":1e3}`,
		`{"upn":"\u00e9l\u00e8ve"}`,
		` {"sub":"spaced"}`,
		`{}`, `[]`, `[1]`, `"x"`, `""`, `0`, `1`, `true`, `false`, `null`,
		`{"sub":"a"`, `{"sub":"a"} x`, "{\"sub\":\"caf\xe9\"}", "\t{\"sub\":\"t\"}\n",
	}
	for _, p := range payloads {
		for _, key := range []string{"undefined", "upn", "sub"} {
			checkDecodeUsername(t, jwtWith(p), key)
		}
	}
	for _, tok := range []string{"", "abc", "a.", "a.b", "a.eyJzdWIiOiJ4In0", "a.eyJzdWIiOiJ4In0=.s", "a.eyJzdWIi OiJ4In0.s",
		"a.eyJzdWIiOiJ4In0+.s", "a.eyJ_-.s", "a.e.s", "a.eyJzdWIiOiJ4In0x.s", "a.eyJzdWIiOiJ4In0.s.t.u"} {
		checkDecodeUsername(t, tok, "undefined")
	}
	if _, err := decodeUsername(42, "sub", decodedByInspector); err == nil {
		t.Fatal("a token that is not a string decoded")
	}
}

// A member beyond float64 is Infinity to JSON.parse, so the Browser shows
// "Infinity" (node: String(JSON.parse('{"email":1e400}').email)).
func TestDecodeUsernameBeyondFloat64(t *testing.T) {
	creds, err := GetCredentials(map[string]any{"access_token": jwtWith(`{"email":-1e400,"sub":"s"}`)}, "okta", nil)
	if err != nil || creds.Shown() != "-Infinity" {
		t.Fatalf("username %#v (shown %q), error %v; want -Infinity", creds.Username, creds.Shown(), err)
	}
}

func FuzzDecodeUsername(f *testing.F) {
	for i, p := range []string{`{"sub":"alice"}`, `{"email":"e","sub":"s"}`, `null`, `[1,2]`, `{"sub":"a","sub":0}`} {
		f.Add(jwtWith(p), []string{"undefined", "email", "upn"}[i%3])
	}
	f.Add("x.eyJzdWIiOiJ4In0=.y", "sub")
	f.Fuzz(func(t *testing.T, token, key string) {
		if len(token) > 1<<14 {
			return
		}
		budget.Call(t, "decodeUsername", 64<<10+uint64(64*len(token)), time.Second, func() { checkDecodeUsername(t, token, key) })
	})
}
