package profiles

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/ssolens/ssolens/pkce"
)

// memPrefs is Prefs in memory, recording every value written.
type memPrefs struct {
	mu     sync.Mutex
	m      map[string]string
	writes []string // "key=value" of every SetString
}

func newMemPrefs() *memPrefs { return &memPrefs{m: map[string]string{}} }

func (p *memPrefs) String(key string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.m[key]
}

func (p *memPrefs) SetString(key, value string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.m[key] = value
	p.writes = append(p.writes, key+"="+value)
}

func (p *memPrefs) RemoveValue(key string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.m, key)
}

func (p *memPrefs) keys() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
	for k := range p.m {
		out = append(out, k)
	}
	return out
}

// brokenKeyring is a keyring that is not there (headless Linux).
type brokenKeyring struct{ pkce.MemoryStore }

func (*brokenKeyring) Available() error { return errors.New("dbus: no Secret Service") }

// failingKeyring passes the probe but refuses to write (a locked keyring).
type failingKeyring struct{ pkce.MemoryStore }

func (*failingKeyring) Set(string, string) error { return errors.New("keyring is locked") }

func customProfile(name string) Profile {
	return Profile{Name: name, Issuer: "https://idp.example.com/realms/main", ClientID: "neo4j", Scopes: []string{"openid profile", "email"}}
}

func TestStoreSaveGetList(t *testing.T) {
	prefs := newMemPrefs()
	s := NewStore(prefs, &pkce.MemoryStore{})
	a, err := s.Save(customProfile("staging"))
	if err != nil {
		t.Fatal(err)
	}
	if a.ID == "" || a.Kind != KindCustom || a.Flow != pkce.FlowPKCE {
		t.Errorf("saved %+v: want an ID, kind custom and flow pkce", a)
	}
	if strings.Join(a.Scopes, ",") != "openid,profile,email" {
		t.Errorf("scopes %q: want them split on spaces", a.Scopes)
	}
	b, err := s.Save(customProfile("production"))
	if err != nil {
		t.Fatal(err)
	}
	a.Name, a.ClientID = "staging (renamed)", "neo4j-2"
	a.HasSecret = true // not the caller's to set
	if _, err := s.Save(a); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "staging (renamed)" || got.ClientID != "neo4j-2" || got.HasSecret {
		t.Errorf("after update: %+v", got)
	}
	list, err := s.List()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != a.ID || list[1].ID != b.ID {
		t.Errorf("list %v: want the two profiles in creation order", names(list))
	}
	// A second store over the same preferences (the next app start) sees them.
	list2, _ := NewStore(prefs, &pkce.MemoryStore{}).List()
	if len(list2) != 2 || list2[0].Name != "staging (renamed)" {
		t.Errorf("reloaded list %v", names(list2))
	}
	if _, err := s.Get("nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get of an unknown id: %v, want ErrNotFound", err)
	}
}

func TestStoreListSkipsUnreadable(t *testing.T) {
	prefs := newMemPrefs()
	s := NewStore(prefs, &pkce.MemoryStore{})
	good, _ := s.Save(customProfile("good"))
	bad, _ := s.Save(customProfile("bad"))
	prefs.SetString(profilePrefix+bad.ID, "{not json")
	list, err := s.List()
	if err == nil || !strings.Contains(err.Error(), bad.ID) {
		t.Errorf("error %v: want it to name the unreadable profile", err)
	}
	if len(list) != 1 || list[0].ID != good.ID {
		t.Errorf("list %v: want the readable profile still listed", names(list))
	}
}

func TestStoreSaveValidates(t *testing.T) {
	cases := []struct {
		name   string
		change func(*Profile)
		fields []string
	}{
		{"no name", func(p *Profile) { p.Name = "  " }, []string{"name"}},
		{"no issuer", func(p *Profile) { p.Issuer = "" }, []string{"issuer"}},
		{"issuer not a URL", func(p *Profile) { p.Issuer = "idp.example.com" }, []string{"issuer"}},
		{"issuer placeholder", func(p *Profile) { p.Issuer = "https://<okta-domain>/oauth2/default" }, []string{"issuer"}},
		{"no client id", func(p *Profile) { p.ClientID = "" }, []string{"client_id"}},
		{"unknown flow", func(p *Profile) { p.Flow = "hybrid" }, []string{"flow"}},
		{"bad host", func(p *Profile) { p.RedirectHost = "0.0.0.0" }, []string{"redirect_host"}},
		{"bad port", func(p *Profile) { p.Ports = []int{8000, 70000} }, []string{"ports"}},
		{"relative path", func(p *Profile) { p.RedirectPath = "callback" }, []string{"redirect_path"}},
		{"neo4j kind without source", func(p *Profile) { p.Kind = KindNeo4jConf }, []string{"neo4j"}},
		{"several", func(p *Profile) { p.Name, p.ClientID = "", "" }, []string{"name", "client_id"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			prefs := newMemPrefs()
			s := NewStore(prefs, &pkce.MemoryStore{})
			p := customProfile("x")
			tc.change(&p)
			_, err := s.Save(p)
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("Save: %v, want ErrInvalid", err)
			}
			for _, f := range tc.fields {
				if !strings.Contains(err.Error(), f+": ") {
					t.Errorf("error %q does not name the field %s", err, f)
				}
			}
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Problem == "" {
				t.Errorf("error %v: want a *FieldError with a problem", err)
			}
			if len(prefs.keys()) != 0 {
				t.Errorf("an invalid profile wrote %v", prefs.keys())
			}
		})
	}
	if err := customProfile("ok").Validate(); err != nil {
		t.Errorf("a complete profile: %v", err)
	}
}

func TestStoreDuplicate(t *testing.T) {
	prefs := newMemPrefs()
	secrets := &pkce.MemoryStore{}
	s := NewStore(prefs, secrets)
	a, _ := s.Save(customProfile("staging"))
	b, _ := s.Save(customProfile("production"))
	if _, err := s.SetSecret(a.ID, "s3cr3t-a"); err != nil {
		t.Fatal(err)
	}
	c, err := s.Duplicate(a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if c.ID == a.ID || c.Name != "copy of staging" || c.Issuer != a.Issuer || !c.HasSecret {
		t.Errorf("copy %+v: want a new ID, the name \"copy of staging\", the same settings and a secret", c)
	}
	if v, _ := s.Secret(c.ID); v != "s3cr3t-a" {
		t.Errorf("copy's secret %q", v)
	}
	list, _ := s.List()
	if got := strings.Join(names(list), ","); got != "staging,copy of staging,production" {
		t.Errorf("list %s: want the copy right after its original", got)
	}
	// The copy is independent: editing it leaves the original alone.
	c.ClientID = "other"
	s.Save(c)
	if orig, _ := s.Get(a.ID); orig.ClientID != "neo4j" {
		t.Errorf("the original changed with its copy: %+v", orig)
	}
	if _, err := s.Duplicate("nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Duplicate of an unknown id: %v", err)
	}
	_ = b
}

func TestStoreDelete(t *testing.T) {
	prefs := newMemPrefs()
	secrets := &pkce.MemoryStore{}
	s := NewStore(prefs, secrets)
	a, _ := s.Save(customProfile("staging"))
	b, _ := s.Save(customProfile("production"))
	s.SetSecret(a.ID, "secret-a")
	c, _ := s.Duplicate(a.ID)
	if err := s.Delete(a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(a.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleted profile still there: %v", err)
	}
	if prefs.String(profilePrefix+a.ID) != "" {
		t.Error("the deleted profile's preference value remains")
	}
	if _, err := secrets.Get(SecretKey(a.ID)); !errors.Is(err, pkce.ErrSecretNotFound) {
		t.Errorf("the deleted profile's secret is still in the keyring: %v", err)
	}
	if v, _ := s.Secret(c.ID); v != "secret-a" {
		t.Errorf("the copy lost its secret with the original: %q", v)
	}
	list, _ := s.List()
	if got := strings.Join(names(list), ","); got != "copy of staging,production" {
		t.Errorf("list after delete: %s", got)
	}
	if err := s.Delete(a.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleting twice: %v", err)
	}
	_ = b
}

func TestStoreSecrets(t *testing.T) {
	secrets := &pkce.MemoryStore{}
	prefs := newMemPrefs()
	s := NewStore(prefs, secrets)
	a, _ := s.Save(customProfile("staging"))
	if _, err := s.Secret(a.ID); !errors.Is(err, pkce.ErrSecretNotFound) {
		t.Errorf("no secret yet: %v", err)
	}
	place, err := s.SetSecret(a.ID, "hunter2")
	if err != nil || !place.InKeyring || place.Warning != nil {
		t.Fatalf("SetSecret: %+v %v: want it in the keyring", place, err)
	}
	if got, _ := s.Get(a.ID); !got.HasSecret {
		t.Error("HasSecret not set")
	}
	if keys := secrets.Keys(); len(keys) != 1 || keys[0] != SecretKey(a.ID) {
		t.Errorf("keyring keys %v", keys)
	}
	// Saving the profile again keeps the secret.
	got, _ := s.Get(a.ID)
	got.Name = "renamed"
	if saved, _ := s.Save(got); !saved.HasSecret {
		t.Error("an update dropped HasSecret")
	}
	if _, err := s.SetSecret(a.ID, ""); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Get(a.ID); got.HasSecret || len(secrets.Keys()) != 0 {
		t.Errorf("clearing the secret left HasSecret=%v, keys %v", got.HasSecret, secrets.Keys())
	}
	if _, err := s.SetSecret("nope", "x"); !errors.Is(err, ErrNotFound) {
		t.Errorf("secret of an unknown profile: %v", err)
	}
}

func TestStoreSecretWithoutKeyringIsSessionOnly(t *testing.T) {
	for _, tc := range []struct {
		name    string
		secrets pkce.SecretStore
	}{
		{"no keyring", nil},
		{"keyring unavailable", &brokenKeyring{}},
		{"keyring refuses to write", &failingKeyring{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			prefs := newMemPrefs()
			s := NewStore(prefs, tc.secrets)
			a, _ := s.Save(customProfile("staging"))
			place, err := s.SetSecret(a.ID, "session-secret")
			if err != nil {
				t.Fatal(err)
			}
			if place.InKeyring || place.Warning == nil || place.Warning.Code != "keyring-unavailable" {
				t.Errorf("place %+v: want session only, with the keyring-unavailable finding", place)
			}
			if !errors.Is(s.KeyringError(), ErrKeyringUnavailable) {
				t.Errorf("KeyringError %v", s.KeyringError())
			}
			if v, err := s.Secret(a.ID); v != "session-secret" || err != nil {
				t.Errorf("Secret %q %v: want it for this session", v, err)
			}
			if got, _ := s.Get(a.ID); !got.HasSecret {
				t.Error("HasSecret should be true for this session")
			}
			c, _ := s.Duplicate(a.ID)
			if v, _ := s.Secret(c.ID); v != "session-secret" || !c.HasSecret {
				t.Errorf("the copy's session secret %q, HasSecret %v", v, c.HasSecret)
			}
			// The next app start: nothing of it survives.
			next := NewStore(prefs, tc.secrets)
			if got, _ := next.Get(a.ID); got.HasSecret {
				t.Error("a session-only secret was remembered as HasSecret")
			}
			if _, err := next.Secret(a.ID); !errors.Is(err, pkce.ErrSecretNotFound) {
				t.Errorf("next session's Secret: %v", err)
			}
			assertNoSecretInPrefs(t, prefs, "session-secret")
		})
	}
}

// TestSecretNeverReachesPrefs inspects every value written to the
// preferences through a whole life: create, secret, update, duplicate,
// delete, with and without a keyring.
func TestSecretNeverReachesPrefs(t *testing.T) {
	const secret = "Sup3r-Secret-Value-0123456789"
	for _, secrets := range []pkce.SecretStore{&pkce.MemoryStore{}, nil, &failingKeyring{}} {
		prefs := newMemPrefs()
		s := NewStore(prefs, secrets)
		a, _ := s.Save(customProfile("staging"))
		s.SetSecret(a.ID, secret)
		a, _ = s.Get(a.ID)
		a.Notes = []string{"edited"}
		s.Save(a)
		c, _ := s.Duplicate(a.ID)
		s.SetSecret(c.ID, secret+"-2")
		s.Delete(a.ID)
		if len(prefs.writes) < 5 {
			t.Fatalf("only %d writes recorded", len(prefs.writes))
		}
		assertNoSecretInPrefs(t, prefs, secret)
	}
}

func assertNoSecretInPrefs(t *testing.T, prefs *memPrefs, secret string) {
	t.Helper()
	prefs.mu.Lock()
	defer prefs.mu.Unlock()
	for _, w := range prefs.writes {
		if strings.Contains(w, secret) {
			t.Errorf("the secret reached the preferences: %s", w)
		}
	}
}

func TestStoreConcurrentUse(t *testing.T) {
	s := NewStore(newMemPrefs(), &pkce.MemoryStore{})
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			p, err := s.Save(customProfile("p"))
			if err != nil {
				t.Error(err)
				return
			}
			s.SetSecret(p.ID, "x")
			s.Duplicate(p.ID)
			s.List()
			if i%2 == 0 {
				s.Delete(p.ID)
			}
		})
	}
	wg.Wait()
	list, _ := s.List()
	if len(list) != 12 {
		t.Errorf("%d profiles, want 12 (8 + 8 copies - 4 deleted)", len(list))
	}
}

func names(list []Profile) []string {
	var out []string
	for _, p := range list {
		out = append(out, p.Name)
	}
	return out
}
