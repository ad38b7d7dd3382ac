package pkce

import (
	"errors"
	"fmt"
	"os"
	"sync"

	"github.com/zalando/go-keyring"
)

// KeyringService is the service name SSO Lens's secrets are stored under.
const KeyringService = "ssolens"

// ErrSecretNotFound is returned by a SecretStore without the secret.
var ErrSecretNotFound = errors.New("secret not found")

// ErrNoClientSecret is wrapped when no source gave a client secret and
// there is no one to ask; a face may add its own way to pass one.
var ErrNoClientSecret = errors.New("no client secret")

// SecretStore keeps client secrets: the OS keyring in the app, an in-memory
// store in tests. The key is the issuer and client id; nothing else is ever
// stored.
type SecretStore interface {
	Get(key string) (string, error)
	Set(key, secret string) error
	Delete(key string) error
}

// SecretKey names the secret of a client at an issuer.
func SecretKey(issuer, clientID string) string { return clientID + "@" + issuer }

// OSKeyring is the system keyring: macOS Keychain, Windows Credential
// Manager, the D-Bus Secret Service on Linux (github.com/zalando/go-keyring).
type OSKeyring struct{}

// Get reads a secret.
func (OSKeyring) Get(key string) (string, error) {
	s, err := keyring.Get(KeyringService, key)
	if errors.Is(err, keyring.ErrNotFound) {
		return "", ErrSecretNotFound
	}
	return s, err
}

// Set stores a secret.
func (OSKeyring) Set(key, secret string) error { return keyring.Set(KeyringService, key, secret) }

// Delete removes a secret.
func (OSKeyring) Delete(key string) error {
	err := keyring.Delete(KeyringService, key)
	if errors.Is(err, keyring.ErrNotFound) {
		return nil
	}
	return err
}

// Available reports whether the keyring works here, by reading an absent
// entry: headless Linux without a Secret Service fails.
func (k OSKeyring) Available() error {
	if _, err := k.Get("ssolens-probe"); err != nil && !errors.Is(err, ErrSecretNotFound) {
		return err
	}
	return nil
}

// MemoryStore is an in-memory SecretStore, for tests and for a session
// without a keyring.
type MemoryStore struct {
	mu sync.Mutex
	m  map[string]string
}

// Get reads a secret.
func (s *MemoryStore) Get(key string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[key]
	if !ok {
		return "", ErrSecretNotFound
	}
	return v, nil
}

// Set stores a secret.
func (s *MemoryStore) Set(key, secret string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]string{}
	}
	s.m[key] = secret
	return nil
}

// Delete removes a secret.
func (s *MemoryStore) Delete(key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, key)
	return nil
}

// Keys lists the stored keys (tests check that nothing else was stored).
func (s *MemoryStore) Keys() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.m))
	for k := range s.m {
		out = append(out, k)
	}
	return out
}

// SecretRequest says where a client secret may come from, in order: the
// environment variable, the store, the prompt.
type SecretRequest struct {
	Key string // SecretKey(issuer, clientID)
	// EnvVar names an environment variable holding the secret.
	EnvVar string
	// Store is the keyring; nil means none. StoreErr is why there is none
	// (OSKeyring.Available), reported as keyring-unavailable.
	Store    SecretStore
	StoreErr error
	// Prompt asks the user; nil means never ask.
	Prompt func(question string) (string, error)
	// Remember stores a prompted secret in Store.
	Remember bool
	// Getenv reads the environment; nil means os.Getenv.
	Getenv func(string) string
}

// ResolveSecret finds a client secret. source says where it came from
// ("env FOO", "keyring", "prompt"); the secret itself is never logged.
func ResolveSecret(req SecretRequest, rec *Recorder) (secret, source string, findings []Finding, err error) {
	getenv := req.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	note := func(src string) {
		if rec != nil {
			rec.Note(StepSecret, "client secret from "+src+" (not shown)")
		}
	}
	if req.EnvVar != "" {
		if v := getenv(req.EnvVar); v != "" {
			note("environment variable " + req.EnvVar)
			return v, "env " + req.EnvVar, nil, nil
		}
		if req.Prompt == nil && req.Store == nil {
			return "", "", nil, fmt.Errorf("the environment variable %s is empty: set it to the client secret", req.EnvVar)
		}
	}
	if req.Store == nil && req.StoreErr != nil {
		findings = append(findings, FindKeyringUnavailable.Newf(
			"Install and unlock a Secret Service (gnome-keyring, KeePassXC) to store it, or pass it in an environment variable.",
			req.StoreErr.Error(),
			"No OS keyring is available here, so the client secret is asked for each session and never stored.").
			WithCommand("ssolens login --client-secret-env VAR"))
	}
	if req.Store != nil {
		v, err := req.Store.Get(req.Key)
		if err == nil && v != "" {
			note("the keyring")
			return v, "keyring", findings, nil
		}
		if err != nil && !errors.Is(err, ErrSecretNotFound) {
			findings = append(findings, FindKeyringUnavailable.Newf(
				"Unlock the keyring, or pass the secret in an environment variable.",
				err.Error(), "The keyring could not be read, so the client secret is asked for this session.").
				WithCommand("ssolens login --client-secret-env VAR"))
		}
	}
	if req.Prompt == nil {
		return "", "", findings, fmt.Errorf("%w: pass it in an environment variable, or run interactively to be asked", ErrNoClientSecret)
	}
	v, err := req.Prompt("Client secret (not shown): ")
	if err != nil {
		return "", "", findings, fmt.Errorf("reading the client secret: %w", err)
	}
	if v == "" {
		return "", "", findings, errors.New("no client secret was entered")
	}
	if req.Store != nil && req.Remember {
		if err := req.Store.Set(req.Key, v); err != nil {
			findings = append(findings, FindKeyringUnavailable.Newf("Pass the secret in an environment variable next time.", err.Error(),
				"The client secret could not be stored in the keyring; it will be asked again."))
		}
	}
	note("the prompt")
	return v, "prompt", findings, nil
}
