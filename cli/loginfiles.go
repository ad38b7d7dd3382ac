package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/ssolens/ssolens/pkce"
)

// listenPorts reads --listen: loopback ports tried in order, or the
// default list (the same redirect URI on every run) when none is given.
func listenPorts(v string) ([]int, error) {
	if strings.TrimSpace(v) == "" {
		return append([]int(nil), pkce.DefaultPorts...), nil
	}
	var ports []int
	for _, s := range strings.Split(v, ",") {
		s = strings.TrimSpace(s)
		// 127.0.0.1:8000 as kubelogin's --listen-address writes it.
		if i := strings.LastIndex(s, ":"); i >= 0 {
			s = s[i+1:]
		}
		p, err := strconv.Atoi(s)
		if err != nil || p < 0 || p > 65535 {
			return nil, fmt.Errorf("--listen %q: give port numbers separated by commas, e.g. 8000,18000 (0 for an ephemeral port)", v)
		}
		ports = append(ports, p)
	}
	return ports, nil
}

// tokenResponse is an OAuth 2.0 token response (RFC 6749 §5.1) as the
// provider sent it, in the form roles --tokens, report and inspect read.
type tokenResponse struct {
	AccessToken  string `json:"access_token,omitempty"`
	TokenType    string `json:"token_type,omitempty"`
	ExpiresIn    int64  `json:"expires_in,omitempty"`
	RefreshToken string `json:"refresh_token,omitempty"`
	IDToken      string `json:"id_token,omitempty"`
	Scope        string `json:"scope,omitempty"`
}

func tokenResponseOf(t *oauth2.Token, now time.Time) tokenResponse {
	r := tokenResponse{AccessToken: t.AccessToken, TokenType: t.TokenType, RefreshToken: t.RefreshToken}
	if !t.Expiry.IsZero() {
		r.ExpiresIn = max(0, int64(t.Expiry.Sub(now).Round(time.Second)/time.Second))
	}
	r.IDToken, _ = t.Extra("id_token").(string)
	r.Scope, _ = t.Extra("scope").(string)
	return r
}

// saveTokenResponse writes the token response to path, readable by the
// user only, and says where it went and what it holds. It is only called
// when the user asked (--save).
func saveTokenResponse(e *env, path string, t *oauth2.Token) error {
	now := time.Now()
	if e.now != nil {
		now = e.now()
	}
	b, err := json.MarshalIndent(tokenResponseOf(t, now), "", "  ")
	if err != nil {
		return err
	}
	if err := writeCredentialFile(path, append(b, '\n')); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "Saved the token response to %s (mode 0600). It holds credentials: keep it private and delete it when done.\n", path)
	fmt.Fprintf(e.stderr, "  Next: ssolens roles --conf neo4j.conf --tokens %s, or ssolens report @%s\n", path, path)
	return nil
}

// checkSaveDestination says, before a sign-in, why --save path could not
// be written afterwards: standard output (the token response holds
// credentials and is only ever written to a file), a directory, a missing
// folder, or one this user may not write. It leaves no file behind.
func checkSaveDestination(path string) error {
	if path == "-" {
		return errors.New("--save -: give a file name; the token response holds credentials, so it is only written to a file (mode 0600); --show-tokens prints the tokens")
	}
	st, err := os.Stat(path)
	switch {
	case err == nil && st.IsDir():
		return fmt.Errorf("--save %s is a directory: give a file name, e.g. %s/tokens.json", path, strings.TrimRight(path, "/"))
	case err == nil:
		// An existing file: it must open for writing (it is truncated only
		// once there is a token response to put in it).
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return fmt.Errorf("--save %s cannot be written: %w; choose another file", path, errors.Unwrap(err))
		}
		return f.Close()
	}
	dir := filepath.Dir(path)
	switch dst, derr := os.Stat(dir); {
	case derr != nil:
		return fmt.Errorf("--save %s: the folder %s does not exist; create it first or choose another file", path, dir)
	case !dst.IsDir():
		return fmt.Errorf("--save %s: %s is a file, not a folder; choose another file", path, dir)
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("--save %s: %w; choose another file", path, errors.Unwrap(err))
	}
	probe, err := os.CreateTemp(dir, ".ssolens-save-*")
	if err != nil {
		return fmt.Errorf("--save %s: the folder %s cannot be written: %w; choose another file", path, dir, errors.Unwrap(err))
	}
	probe.Close()
	return os.Remove(probe.Name())
}

// writeCredentialFile writes data to path with mode 0600, also when the
// file already existed with a wider mode.
func writeCredentialFile(path string, data []byte) error {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return fmt.Errorf("--save %s is a directory: give a file name, e.g. %s/tokens.json", path, strings.TrimRight(path, "/"))
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, errors.Unwrap(err))
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return fmt.Errorf("cannot make %s private (mode 0600): %w", path, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return f.Close()
}
