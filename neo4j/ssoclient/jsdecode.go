package ssoclient

import (
	"encoding/json"
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

// JWTDecodable reports whether the SSO client's jwt-decode reads the
// token (JWTDecode): the second part must be base64url of truthy JSON.
func JWTDecodable(raw string) bool {
	_, err := JWTDecode(raw)
	return err == nil
}
