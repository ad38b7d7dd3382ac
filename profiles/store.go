package profiles

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/ssolens/ssolens/pkce"
)

// Prefs is the part of fyne.Preferences the Store needs; the app passes its
// preferences, tests a map.
type Prefs interface {
	String(key string) string
	SetString(key, value string)
	RemoveValue(key string)
}

// Preference keys: an index of profile ids in list order, and one JSON
// value per profile.
const (
	indexKey      = "profiles.index"
	profilePrefix = "profiles.profile."
)

// secretPrefix names a profile's client secret in the SecretStore. The key
// is the profile id, so a duplicate or a deletion touches only its own.
const secretPrefix = "profile:"

// SecretKey is the SecretStore key of a profile's client secret.
func SecretKey(id string) string { return secretPrefix + id }

// ErrNotFound is returned for a profile id the store does not hold.
var ErrNotFound = errors.New("no such profile")

// ErrKeyringUnavailable is wrapped by Store.KeyringError when secrets can
// only be kept for the session.
var ErrKeyringUnavailable = errors.New("no OS keyring is available")

// Store keeps profiles in Prefs and their client secrets in a
// pkce.SecretStore (the OS keyring). Without a working keyring a secret is
// kept in memory for the session only: it never reaches Prefs. A Store is
// safe for concurrent use.
type Store struct {
	mu         sync.Mutex
	prefs      Prefs
	secrets    pkce.SecretStore // nil when unavailable
	keyringErr error
	session    pkce.MemoryStore // secrets of this session only
}

// NewStore makes a store. secrets is the keyring (pkce.OSKeyring{} in the
// app); nil, or one whose Available method fails, means none: secrets then
// last for the session only, and KeyringError says why.
func NewStore(prefs Prefs, secrets pkce.SecretStore) *Store {
	s := &Store{prefs: prefs, secrets: secrets}
	if secrets == nil {
		s.keyringErr = fmt.Errorf("%w: none was configured", ErrKeyringUnavailable)
	} else if a, ok := secrets.(interface{ Available() error }); ok {
		if err := a.Available(); err != nil {
			s.secrets = nil
			s.keyringErr = fmt.Errorf("%w: %v", ErrKeyringUnavailable, err)
		}
	}
	return s
}

// KeyringError says why secrets are kept for the session only; nil when
// the keyring works (as far as known: a failing write also sets it).
func (s *Store) KeyringError() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.keyringErr
}

// List returns the profiles in list order. A value that does not read is
// left out and named in the error; the others are still returned.
func (s *Store) List() ([]Profile, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Profile
	var errs []error
	for _, id := range s.index() {
		p, err := s.load(id)
		switch {
		case errors.Is(err, ErrNotFound):
			continue // an index entry without its value: written half-way
		case err != nil:
			errs = append(errs, err)
			continue
		}
		out = append(out, p)
	}
	return out, errors.Join(errs...)
}

// Get returns one profile.
func (s *Store) Get(id string) (Profile, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.load(id)
}

// Save creates (no ID, or an ID the store does not hold) or updates a
// profile, after Validate. It returns the profile as stored, with its ID.
// HasSecret is the store's to manage: what the caller sets is ignored.
func (s *Store) Save(p Profile) (Profile, error) {
	p.normalize()
	if err := p.Validate(); err != nil {
		return Profile{}, fmt.Errorf("profile %q not saved: %w", p.Name, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := s.index()
	if p.ID == "" {
		p.ID = newID()
	}
	p.HasSecret = false
	if old, err := s.load(p.ID); err == nil {
		p.HasSecret = old.HasSecret // store keeps only what the keyring holds
	}
	if err := s.store(p); err != nil {
		return Profile{}, err
	}
	if !slices.Contains(ids, p.ID) {
		s.setIndex(append(ids, p.ID))
	}
	return s.withSession(p), nil
}

// Duplicate saves a copy of a profile under a new ID, named "copy of …",
// right after it in the list. The client secret is copied too, to the same
// place (keyring or session).
func (s *Store) Duplicate(id string) (Profile, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, err := s.load(id)
	if err != nil {
		return Profile{}, err
	}
	p.ID, p.Name = newID(), "copy of "+p.Name
	p.Notes, p.Neo4jConf = slices.Clone(p.Notes), slices.Clone(p.Neo4jConf)
	// A secret that cannot be read now (a locked keyring) is not copied:
	// the copy then shows none, and the user sets it.
	hadSecret := p.HasSecret
	p.HasSecret = false
	if hadSecret {
		if secret, err := s.secret(id); err == nil {
			p.HasSecret, _ = s.setSecret(p.ID, secret)
		}
	}
	if err := s.store(p); err != nil {
		return Profile{}, err
	}
	ids := s.index()
	at := slices.Index(ids, id) + 1
	s.setIndex(slices.Insert(ids, at, p.ID))
	return s.withSession(p), nil
}

// Delete removes a profile and its client secret. When the keyring refuses
// to delete the secret the profile is removed all the same and the error
// says where the secret is left.
func (s *Store) Delete(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := s.index()
	if _, err := s.load(id); err != nil && !slices.Contains(ids, id) {
		return err
	}
	s.prefs.RemoveValue(profilePrefix + id)
	s.setIndex(slices.DeleteFunc(ids, func(x string) bool { return x == id }))
	s.session.Delete(SecretKey(id))
	if s.secrets != nil {
		if err := s.secrets.Delete(SecretKey(id)); err != nil {
			return fmt.Errorf("profile deleted, but its client secret is still in the keyring (service %q, key %q): %w; unlock the keyring and remove it there", pkce.KeyringService, SecretKey(id), err)
		}
	}
	return nil
}

// SecretPlace says where SetSecret kept a secret.
type SecretPlace struct {
	// InKeyring is true when the OS keyring holds it; false when it is kept
	// in memory for this session only (Warning says why and what to do).
	InKeyring bool
	Warning   *pkce.Finding
}

// SetSecret keeps a profile's client secret in the keyring; when there is
// none, or it refuses, in memory for this session only, and the returned
// place says so. An empty secret removes it.
func (s *Store) SetSecret(id, secret string) (SecretPlace, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, err := s.load(id)
	if err != nil {
		return SecretPlace{}, err
	}
	if secret == "" {
		s.session.Delete(SecretKey(id))
		if s.secrets != nil {
			if err := s.secrets.Delete(SecretKey(id)); err != nil {
				return SecretPlace{}, fmt.Errorf("removing the client secret of profile %q from the keyring: %w", p.Name, err)
			}
		}
		p.HasSecret = false
		return SecretPlace{}, s.store(p)
	}
	inKeyring, warn := s.setSecret(id, secret)
	if p.HasSecret != inKeyring {
		p.HasSecret = inKeyring
		if err := s.store(p); err != nil {
			return SecretPlace{}, err
		}
	}
	return SecretPlace{InKeyring: inKeyring, Warning: warn}, nil
}

// Secret returns a profile's client secret; pkce.ErrSecretNotFound (wrapped)
// when none was set.
func (s *Store) Secret(id string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.load(id); err != nil {
		return "", err
	}
	return s.secret(id)
}

// setSecret writes to the keyring, or to the session store when the keyring
// is missing or fails (then it is taken as missing for the session).
func (s *Store) setSecret(id, secret string) (inKeyring bool, warn *pkce.Finding) {
	if s.secrets != nil {
		err := s.secrets.Set(SecretKey(id), secret)
		if err == nil {
			s.session.Delete(SecretKey(id))
			return true, nil
		}
		s.secrets, s.keyringErr = nil, fmt.Errorf("%w: writing failed: %v", ErrKeyringUnavailable, err)
	}
	s.session.Set(SecretKey(id), secret)
	f := pkce.FindKeyringUnavailable.Newf(
		"Install and unlock a Secret Service (gnome-keyring, KeePassXC) and set the secret again to keep it; until then it is asked for each session.",
		s.keyringErr.Error(),
		"No OS keyring could store the client secret, so it is kept in memory for this session only and never written to the preferences.")
	return false, &f
}

func (s *Store) secret(id string) (string, error) {
	if v, err := s.session.Get(SecretKey(id)); err == nil {
		return v, nil
	}
	if s.secrets == nil {
		return "", fmt.Errorf("no client secret for this session: %w (%v); set it again", pkce.ErrSecretNotFound, s.keyringErr)
	}
	v, err := s.secrets.Get(SecretKey(id))
	if err != nil {
		if errors.Is(err, pkce.ErrSecretNotFound) {
			return "", fmt.Errorf("the keyring holds no client secret for this profile: %w; set it", err)
		}
		return "", fmt.Errorf("reading the client secret from the keyring: %w; unlock the keyring", err)
	}
	return v, nil
}

func (s *Store) sessionOnly(id string) bool {
	_, err := s.session.Get(SecretKey(id))
	return err == nil
}

// withSession reports a session-only secret in HasSecret, which is not
// persisted: after a restart the secret is gone.
func (s *Store) withSession(p Profile) Profile {
	if s.sessionOnly(p.ID) {
		p.HasSecret = true
	}
	return p
}

func (s *Store) index() []string {
	var ids []string
	if v := s.prefs.String(indexKey); v != "" {
		_ = json.Unmarshal([]byte(v), &ids) // an unreadable index lists nothing rather than failing every call
	}
	return ids
}

func (s *Store) setIndex(ids []string) {
	if ids == nil {
		ids = []string{}
	}
	b, _ := json.Marshal(ids)
	s.prefs.SetString(indexKey, string(b))
}

func (s *Store) load(id string) (Profile, error) {
	v := s.prefs.String(profilePrefix + id)
	if id == "" || v == "" {
		return Profile{}, fmt.Errorf("profile %q: %w", id, ErrNotFound)
	}
	var p Profile
	if err := json.Unmarshal([]byte(v), &p); err != nil {
		return Profile{}, fmt.Errorf("profile %q: the preferences hold something unreadable (%v): delete the profile and create it again", id, err)
	}
	p.ID = id
	return s.withSession(p), nil
}

// store writes the profile. The secret is not a field of Profile, so it
// cannot be written; HasSecret only says the keyring has one.
func (s *Store) store(p Profile) error {
	p.HasSecret = p.HasSecret && !s.sessionOnly(p.ID)
	b, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("profile %q: %w", p.Name, err)
	}
	s.prefs.SetString(profilePrefix+p.ID, string(b))
	return nil
}

// newID is a random profile id: 16 hex characters.
func newID() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
