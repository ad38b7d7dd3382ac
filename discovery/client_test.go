package discovery

import "testing"

// TestRedactURL: the password of a URL's user info is hidden, whether or
// not net/url reads the URL; a URL without one is left as it is.
func TestRedactURL(t *testing.T) {
	for in, want := range map[string]string{
		"http://admin:JwksPassw0rd@127.0.0.1:1/keys": "http://admin:xxxxx@127.0.0.1:1/keys",
		"http://admin:Pw%zz@127.0.0.1:1/keys":        "http://admin:xxxxx@127.0.0.1:1/keys",
		"https://idp.example.com/.well-known/openid": "https://idp.example.com/.well-known/openid",
		"https://user@idp.example.com/x":             "https://user@idp.example.com/x",
		"not a url":                                  "not a url",
	} {
		if got := RedactURL(in); got != want {
			t.Errorf("RedactURL(%q) = %q, want %q", in, got, want)
		}
	}
}
