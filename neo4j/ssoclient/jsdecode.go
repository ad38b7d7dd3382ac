package ssoclient

import (
	"encoding/base64"
	"encoding/json"
	"strings"
)

// JSTruthy is JavaScript truthiness of a JSON value: how Neo4j's SSO client
// (JavaScript) reads published config flags, so a string "false" is true.
func JSTruthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case string:
		return x != ""
	case json.Number:
		f, err := x.Float64()
		return err != nil || (f != 0)
	case float64:
		return x != 0
	}
	return true // objects and arrays, even empty
}

// JWTDecodable mirrors jwt-decode, with which the SSO client decodes the
// principal token (no verification): the second part must be base64url of
// JSON.
func JWTDecodable(raw string) bool {
	parts := strings.Split(raw, ".")
	if len(parts) < 2 {
		return false
	}
	payload := strings.NewReplacer("+", "-", "/", "_").Replace(strings.TrimRight(parts[1], "="))
	b, err := base64.RawURLEncoding.DecodeString(payload)
	return err == nil && json.Valid(b)
}
