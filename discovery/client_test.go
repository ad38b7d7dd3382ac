package discovery

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestRedactURL: the password of a URL's user info is hidden, whether or
// not net/url reads the URL; a URL without one is left as it is.
func TestRedactURL(t *testing.T) {
	for in, want := range map[string]string{
		"http://admin:JwksPassw0rd@127.0.0.1:1/keys": "http://admin:xxxxx@127.0.0.1:1/keys",
		"http://admin:Pw%zz@127.0.0.1:1/keys":        "http://admin:xxxxx@127.0.0.1:1/keys",
		"https://idp.example.com/.well-known/openid": "https://idp.example.com/.well-known/openid",
		"https://user@idp.example.com/x":             "https://user@idp.example.com/x",
		"not a url":                                  "not a url",
		"admin:JwksPassw0rd@localhost:7474":          "admin:xxxxx@localhost:7474",
		"alice@example.com":                          "alice@example.com",
	} {
		if got := RedactURL(in); got != want {
			t.Errorf("RedactURL(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestTransportErrorNamesTheURLOnceAndHidesItsPassword: a provider that
// does not answer gives an error naming the URL once, its password hidden,
// with what to do.
func TestTransportErrorNamesTheURLOnceAndHidesItsPassword(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	url := "http://admin:S3cretPw@" + addr + "/.well-known/openid-configuration"
	_, err = Get(context.Background(), &http.Client{}, url, 0)
	if err == nil {
		t.Fatal("no error from a closed port")
	}
	msg := err.Error()
	if strings.Contains(msg, "S3cretPw") {
		t.Errorf("the password is shown: %s", msg)
	}
	if n := strings.Count(msg, "/.well-known/openid-configuration"); n != 1 {
		t.Errorf("the URL is named %d times, want once: %s", n, msg)
	}
	if !strings.Contains(msg, "check the URL, the network and the proxy setting") {
		t.Errorf("no advice: %s", msg)
	}
}

// TestWithoutURL: net/url's parse error quotes the URL whole, password
// included; the error without it keeps the cause.
func TestWithoutURL(t *testing.T) {
	_, err := url.Parse("http://neo4j:S3cretPw@host:74x74")
	if err == nil || !strings.Contains(err.Error(), "S3cretPw") {
		t.Fatalf("net/url no longer quotes the URL (%v): WithoutURL may be needless", err)
	}
	got := WithoutURL(err)
	if strings.Contains(got.Error(), "S3cretPw") || !strings.Contains(got.Error(), "invalid port") {
		t.Errorf("WithoutURL = %v", got)
	}
	plain := errors.New("no url here")
	if WithoutURL(plain) != plain {
		t.Errorf("an error without a URL changed")
	}
}
