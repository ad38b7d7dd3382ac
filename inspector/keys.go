package inspector

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/MicahParks/jwkset"
	"github.com/MicahParks/keyfunc/v3"
	"golang.org/x/time/rate"

	"github.com/ssolens/ssolens/discovery"
)

// verificationKey is one key a token may be checked against, with the
// algorithms it allows (RFC 8725 §3.1: the key decides the algorithm, never
// the token).
type verificationKey struct {
	key  any
	kid  string
	algs []string
	desc string
	// pos is the key's 1-based position in its set (0 for a secret or a
	// PEM key); thumb its RFC 7638 thumbprint, when it is a JWK.
	pos   int
	thumb string
	// label is name(), made once when the key is read (named): a token
	// verified names the key that matched.
	label string
}

// named returns k with its name made.
func (k verificationKey) named() verificationKey {
	k.label = k.describe()
	return k
}

// name says which key this is, so that two keys under one kid can be told
// apart: its position in the set, its type and its thumbprint.
func (k verificationKey) name() string {
	if k.label != "" {
		return k.label
	}
	return k.describe()
}

func (k verificationKey) describe() string {
	var b strings.Builder
	if k.pos > 0 {
		fmt.Fprintf(&b, "key #%d", k.pos)
		if k.kid != "" {
			fmt.Fprintf(&b, " (kid %q)", k.kid)
		}
		b.WriteString(": ")
	}
	b.WriteString(k.desc)
	if k.thumb != "" {
		b.WriteString(", thumbprint " + k.thumb)
	}
	return b.String()
}

// MinRSABits is the smallest RSA modulus accepted for a signature (RFC 7518
// §3.3: "A key of size 2048 bits or larger MUST be used").
const MinRSABits = 2048

// weakRSA reports the bit length of an RSA key under MinRSABits.
func weakRSA(key any) (bits int, weak bool) {
	if k, ok := key.(*rsa.PublicKey); ok && k.N != nil && k.N.BitLen() < MinRSABits {
		return k.N.BitLen(), true
	}
	return 0, false
}

// duplicateKids groups the keys of a set that share a kid: each entry
// holds two keys or more.
func duplicateKids(list []verificationKey) map[string][]verificationKey {
	var dups map[string][]verificationKey
	seen := make(map[string]int, len(list))
	for i, k := range list {
		if k.kid == "" {
			continue
		}
		first, ok := seen[k.kid]
		if !ok {
			seen[k.kid] = i
			continue
		}
		if dups == nil {
			dups = map[string][]verificationKey{}
		}
		if len(dups[k.kid]) == 0 {
			dups[k.kid] = append(dups[k.kid], list[first])
		}
		dups[k.kid] = append(dups[k.kid], k)
	}
	return dups
}

// keySource yields the keys for a kid ("" for all keys): every key under
// that kid, never a silent pick of one of them.
type keySource interface {
	describe() string
	keys(ctx context.Context, kid string) ([]verificationKey, error)
	// duplicates lists the kids held by more than one key.
	duplicates(ctx context.Context) map[string][]verificationKey
}

// kidNotFoundError says a kid is absent from a key set.
type kidNotFoundError struct {
	kid         string
	kids        []string
	refetched   bool
	rateLimited bool
}

func (e *kidNotFoundError) Error() string {
	return fmt.Sprintf("kid %q is not in the key set (kids: %s)", e.kid, listOrNone(e.kids))
}

func listOrNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

// allowedAlgs lists the JWS algorithms a key may verify: exactly one for a
// JWK that names its alg or an EC/OKP key, the RSA family for an RSA key
// without alg, the HMAC family for a secret.
func allowedAlgs(key any, jwkAlg, use string) []string {
	if use == "enc" {
		return nil
	}
	var family []string
	switch k := key.(type) {
	case *rsa.PublicKey:
		family = []string{"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"}
	case *ecdsa.PublicKey:
		switch k.Curve {
		case elliptic.P256():
			family = []string{"ES256"}
		case elliptic.P384():
			family = []string{"ES384"}
		case elliptic.P521():
			family = []string{"ES512"}
		}
	case ed25519.PublicKey:
		family = []string{"EdDSA"}
	case []byte:
		family = []string{"HS256", "HS384", "HS512"}
	}
	if jwkAlg != "" {
		if slices.Contains(family, jwkAlg) {
			return []string{jwkAlg}
		}
		return nil
	}
	return family
}

func describeKey(key any) string {
	switch k := key.(type) {
	case *rsa.PublicKey:
		return fmt.Sprintf("RSA %d-bit", k.N.BitLen())
	case *ecdsa.PublicKey:
		return "EC " + k.Curve.Params().Name
	case ed25519.PublicKey:
		return "Ed25519"
	case []byte:
		return fmt.Sprintf("HMAC secret of %d bytes", len(k))
	}
	return fmt.Sprintf("%T", key)
}

// isPublicKey reports whether key is asymmetric: an HS* token checked
// against it is the algorithm-confusion attack (RFC 8725 §2.1).
func isPublicKey(key any) bool {
	switch key.(type) {
	case *rsa.PublicKey, *ecdsa.PublicKey, ed25519.PublicKey:
		return true
	}
	return false
}

func publicOf(key any) any {
	if pk, ok := key.(interface{ Public() crypto.PublicKey }); ok {
		if _, isEd := key.(ed25519.PublicKey); !isEd {
			return pk.Public()
		}
	}
	return key
}

// fromJWK converts the pos-th (1-based) JWK of a set.
func fromJWK(j jwkset.JWK, pos int) verificationKey {
	m := j.Marshal()
	key := publicOf(j.Key())
	return verificationKey{
		key:   key,
		kid:   m.KID,
		algs:  allowedAlgs(key, m.ALG.String(), m.USE.String()),
		desc:  describeKey(key),
		pos:   pos,
		thumb: thumbprint(m),
	}.named()
}

// thumbprint is the start of a JWK's RFC 7638 SHA-256 thumbprint
// (base64url): the required members in lexicographic order.
func thumbprint(m jwkset.JWKMarshal) string {
	var canon string
	switch m.KTY {
	case jwkset.KtyRSA:
		canon = fmt.Sprintf(`{"e":%q,"kty":"RSA","n":%q}`, m.E, m.N)
	case jwkset.KtyEC:
		canon = fmt.Sprintf(`{"crv":%q,"kty":"EC","x":%q,"y":%q}`, m.CRV, m.X, m.Y)
	case jwkset.KtyOKP:
		canon = fmt.Sprintf(`{"crv":%q,"kty":"OKP","x":%q}`, m.CRV, m.X)
	default:
		return ""
	}
	sum := sha256.Sum256([]byte(canon))
	return base64.RawURLEncoding.EncodeToString(sum[:])[:12]
}

// fromJWKs converts a whole set, in order.
func fromJWKs(all []jwkset.JWK) []verificationKey {
	out := make([]verificationKey, 0, len(all))
	for i, j := range all {
		out = append(out, fromJWK(j, i+1))
	}
	return out
}

// staticKeys is a fixed key list: a PEM, a secret or a JWKS file.
type staticKeys struct {
	source string
	list   []verificationKey
	dups   map[string][]verificationKey
}

func (s *staticKeys) describe() string { return s.source }

func (s *staticKeys) duplicates(context.Context) map[string][]verificationKey { return s.dups }

func (s *staticKeys) keys(_ context.Context, kid string) ([]verificationKey, error) {
	if kid == "" {
		return s.list, nil
	}
	var out, anonymous []verificationKey
	var kids []string
	for _, k := range s.list {
		switch {
		case k.kid == kid:
			out = append(out, k)
		case k.kid == "":
			anonymous = append(anonymous, k)
		default:
			kids = append(kids, k.kid)
		}
	}
	if len(out) > 0 {
		return out, nil
	}
	// A PEM or a secret has no kid: it is the key the user chose.
	if len(anonymous) > 0 {
		return anonymous, nil
	}
	return nil, &kidNotFoundError{kid: kid, kids: kids}
}

// secretKeys reads an HMAC secret: text, or base64 after a "base64:" prefix.
func secretKeys(secret string) (*staticKeys, error) {
	b := []byte(secret)
	if rest, ok := strings.CutPrefix(secret, "base64:"); ok {
		var err error
		b, err = decodeAnyBase64(rest)
		if err != nil {
			return nil, fmt.Errorf("the secret after \"base64:\" is not base64: %w", err)
		}
	}
	if len(b) == 0 {
		return nil, errors.New("the HMAC secret is empty")
	}
	return &staticKeys{
		source: fmt.Sprintf("HMAC shared secret (%d bytes)", len(b)),
		list:   []verificationKey{verificationKey{key: b, algs: allowedAlgs(b, "", ""), desc: describeKey(b)}.named()},
	}, nil
}

func decodeAnyBase64(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	s = strings.TrimRight(s, "=")
	s = strings.NewReplacer("+", "-", "/", "_").Replace(s)
	return base64.RawURLEncoding.DecodeString(s)
}

// pemKeys reads a public key (PKIX or PKCS #1) or an X.509 certificate.
func pemKeys(path string) (*staticKeys, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read PEM file: %w", err)
	}
	return parsePEMKeys(data, path)
}

// parsePEMKeys reads the PEM blocks of data, from the file path.
func parsePEMKeys(data []byte, path string) (*staticKeys, error) {
	var list []verificationKey
	var err error
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			break
		}
		var key any
		switch block.Type {
		case "PUBLIC KEY":
			key, err = x509.ParsePKIXPublicKey(block.Bytes)
		case "RSA PUBLIC KEY":
			key, err = x509.ParsePKCS1PublicKey(block.Bytes)
		case "CERTIFICATE":
			var cert *x509.Certificate
			cert, err = x509.ParseCertificate(block.Bytes)
			if err == nil {
				key = cert.PublicKey
			}
		default:
			if strings.Contains(block.Type, "PRIVATE") {
				return nil, fmt.Errorf("PEM file %s holds a %s: give the public key or the certificate, never the private key", path, block.Type)
			}
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("PEM file %s, %s block: %w", path, block.Type, err)
		}
		list = append(list, verificationKey{key: key, algs: allowedAlgs(key, "", ""), desc: describeKey(key)}.named())
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("PEM file %s holds no PUBLIC KEY or CERTIFICATE block", path)
	}
	return &staticKeys{source: fmt.Sprintf("PEM file %s (%s)", path, list[0].desc), list: list}, nil
}

// jwksFileKeys reads a JWKS (or a single JWK) from a file.
func jwksFileKeys(ctx context.Context, path string) (*staticKeys, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read JWKS file: %w", err)
	}
	return parseJWKSKeys(ctx, data, path)
}

// parseJWKSKeys reads a JWKS (or one JWK), from the file path, with
// keyfunc.
func parseJWKSKeys(ctx context.Context, data []byte, path string) (*staticKeys, error) {
	kf, err := keyfunc.NewJWKSetJSON(data)
	if err != nil {
		return nil, fmt.Errorf("JWKS file %s: %w", path, err)
	}
	all, err := kf.Storage().KeyReadAll(ctx)
	if err != nil {
		return nil, fmt.Errorf("JWKS file %s: %w", path, err)
	}
	if len(all) == 0 {
		return nil, fmt.Errorf("JWKS file %s holds no usable key (a JWKS is {\"keys\":[…]})", path)
	}
	s := &staticKeys{list: fromJWKs(all)}
	var kids []string
	for _, k := range s.list {
		kids = append(kids, k.kid)
	}
	s.dups = duplicateKids(s.list)
	s.source = fmt.Sprintf("JWKS file %s (kids %s)", path, listOrNone(kids))
	return s, nil
}

// KeyCache keeps discovery documents and key sets per URL and HTTP client,
// so verifying many tokens fetches each once. A key set refetches by itself
// when a token names an unknown kid, at most once a minute (rotation).
type KeyCache struct {
	mu       sync.Mutex
	metadata map[cacheKey]*discovery.Result
	sets     map[cacheKey]*RemoteKeySet
}

type cacheKey struct {
	url    string
	client *http.Client
}

// NewKeyCache makes an empty cache.
func NewKeyCache() *KeyCache {
	return &KeyCache{metadata: map[cacheKey]*discovery.Result{}, sets: map[cacheKey]*RemoteKeySet{}}
}

// DefaultKeyCache is used when VerifyConfig.Keys is nil.
var DefaultKeyCache = NewKeyCache()

// Metadata returns the cached discovery document, fetching it the first
// time. Failures are not cached.
func (c *KeyCache) Metadata(ctx context.Context, client *http.Client, issuerOrURL string) (*discovery.Result, error) {
	k := cacheKey{issuerOrURL, client}
	c.mu.Lock()
	defer c.mu.Unlock()
	if md, ok := c.metadata[k]; ok {
		return md, nil
	}
	md, err := discovery.FetchMetadata(ctx, client, issuerOrURL)
	if err != nil {
		return nil, err
	}
	c.metadata[k] = md
	return md, nil
}

// KeySet returns the cached key set of a JWKS URL, fetching it the first
// time.
func (c *KeyCache) KeySet(ctx context.Context, client *http.Client, jwksURL string) (*RemoteKeySet, error) {
	k := cacheKey{jwksURL, client}
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.sets[k]; ok {
		return s, nil
	}
	s, err := newRemoteKeySet(ctx, client, jwksURL)
	if err != nil {
		return nil, err
	}
	c.sets[k] = s
	return s, nil
}

// RemoteKeySet is a provider's JWKS, held by github.com/MicahParks/keyfunc.
type RemoteKeySet struct {
	URL string
	kf  keyfunc.Keyfunc

	mu      sync.Mutex
	fetches int
	last    discovery.Observation
	// kids caches Kids for the fetch count kidsAt.
	kids   []string
	kidsAt int
	// byKid caches keys found by kid for the fetch count byKidAt, so a
	// batch of tokens does not convert the same JWK for each.
	byKid   map[string][]verificationKey
	byKidAt int
	// dups caches duplicates for the fetch count dupsAt.
	dups   map[string][]verificationKey
	dupsAt int
}

// unknownKIDRefetchEvery rate-limits refetches on an unknown kid, so a batch
// of tokens from another tenant does not hammer the provider.
const unknownKIDRefetchEvery = time.Minute

// refetchTimeout bounds a refetch on an unknown kid (as discovery's client
// bounds a fetch).
const refetchTimeout = 15 * time.Second

func newRemoteKeySet(ctx context.Context, client *http.Client, jwksURL string) (*RemoteKeySet, error) {
	s := &RemoteKeySet{URL: jwksURL}
	observed := discovery.ObserveClient(client, discovery.MaxBodyBytes, s.observe)
	store, err := jwkset.NewStorageFromHTTP(jwksURL, jwkset.HTTPClientStorageOptions{
		Client: observed,
		Ctx:    ctx,
	})
	if err != nil {
		return nil, s.explain(err)
	}
	storage, err := jwkset.NewHTTPClient(jwkset.HTTPClientOptions{
		HTTPURLs: map[string]jwkset.Storage{jwksURL: store},
		// jwkset bounds both the wait for the limiter and the refetch
		// itself with this: a short one made a refetch slower than it
		// (a slow provider, a busy machine) fail, so a rotated key was
		// never found. The limiter never waits anyway: rate.Limiter.Wait
		// fails at once when its next token is due after the deadline
		// (a minute away against these seconds), so a kid still unknown is
		// reported now.
		RateLimitWaitMax:  refetchTimeout,
		RefreshUnknownKID: rate.NewLimiter(rate.Every(unknownKIDRefetchEvery), 1),
	})
	if err != nil {
		return nil, fmt.Errorf("JWKS %s: %w", discovery.RedactURL(jwksURL), discovery.WithoutURL(err))
	}
	s.kf, err = keyfunc.New(keyfunc.Options{Ctx: ctx, Storage: storage})
	if err != nil {
		return nil, fmt.Errorf("JWKS %s: %w", discovery.RedactURL(jwksURL), discovery.WithoutURL(err))
	}
	return s, nil
}

func (s *RemoteKeySet) observe(o discovery.Observation) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fetches++
	s.last = o
}

// explain turns a jwkset error into one that names the URL, the status and
// what to do.
func (s *RemoteKeySet) explain(err error) error {
	s.mu.Lock()
	last := s.last
	s.mu.Unlock()
	switch {
	case errors.Is(err, discovery.ErrTooLarge):
		return fmt.Errorf("JWKS %s: %w: a key set is a few KiB; check jwks_uri", discovery.RedactURL(s.URL), discovery.ErrTooLarge)
	case errors.Is(err, jwkset.ErrInvalidHTTPStatusCode):
		return fmt.Errorf("JWKS %s: HTTP %d: check jwks_uri in the provider's discovery document: %w", discovery.RedactURL(s.URL), last.StatusCode, err)
	}
	return fmt.Errorf("JWKS %s: %w: check that jwks_uri serves {\"keys\":[…]}", discovery.RedactURL(s.URL), err)
}

// Kids lists the key ids currently held.
func (s *RemoteKeySet) Kids(ctx context.Context) []string {
	s.mu.Lock()
	if s.kids != nil && s.kidsAt == s.fetches {
		defer s.mu.Unlock()
		return slices.Clone(s.kids)
	}
	at := s.fetches
	s.mu.Unlock()
	kids := s.readKids(ctx)
	s.mu.Lock()
	s.kids, s.kidsAt = kids, at
	s.mu.Unlock()
	return slices.Clone(kids)
}

func (s *RemoteKeySet) readKids(ctx context.Context) []string {
	all, err := s.kf.Storage().KeyReadAll(ctx)
	if err != nil {
		return nil
	}
	kids := make([]string, 0, len(all))
	for _, j := range all {
		kids = append(kids, j.Marshal().KID)
	}
	sort.Strings(kids)
	return kids
}

// Info describes the key set for a report.
func (s *RemoteKeySet) Info(ctx context.Context) *KeySetInfo {
	s.mu.Lock()
	last, n := s.last, s.fetches
	s.mu.Unlock()
	info := &KeySetInfo{URL: s.URL, Kids: s.Kids(ctx), Fetches: n}
	if !last.Fetched.IsZero() {
		info.FetchedAt = last.Fetched.UTC().Format(time.RFC3339)
	}
	if !last.ProviderDate.IsZero() {
		info.ClockOffset = last.Fetched.Sub(last.ProviderDate).String()
	}
	return info
}

func (s *RemoteKeySet) lastObservation() discovery.Observation {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.last
}

func (s *RemoteKeySet) fetchCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fetches
}

func (s *RemoteKeySet) describe() string { return "JWKS " + discovery.RedactURL(s.URL) }

func (s *RemoteKeySet) keys(ctx context.Context, kid string) ([]verificationKey, error) {
	storage := s.kf.Storage()
	if kid == "" {
		all, err := storage.KeyReadAll(ctx)
		if err != nil {
			return nil, s.explain(err)
		}
		return fromJWKs(all), nil
	}
	s.mu.Lock()
	before := s.fetches
	if k, ok := s.byKid[kid]; ok && s.byKidAt == before {
		s.mu.Unlock()
		return k, nil
	}
	s.mu.Unlock()
	// KeyRead refetches the set on an unknown kid; it returns the first key
	// under the kid only, so the set is then read whole for every key under
	// it: several keys under one kid are all tried, none silently picked.
	if _, err := storage.KeyRead(ctx, kid); err != nil {
		refetched := s.fetchCount() > before
		if errors.Is(err, jwkset.ErrKeyNotFound) || strings.Contains(err.Error(), "rate limiter") {
			return nil, &kidNotFoundError{kid: kid, kids: s.Kids(ctx), refetched: refetched, rateLimited: !refetched}
		}
		return nil, s.explain(err)
	}
	all, err := storage.KeyReadAll(ctx)
	if err != nil {
		return nil, s.explain(err)
	}
	var ks []verificationKey
	for i, j := range all {
		if j.Marshal().KID == kid {
			ks = append(ks, fromJWK(j, i+1))
		}
	}
	if len(ks) == 0 { // rotated away between the two reads
		return nil, &kidNotFoundError{kid: kid, kids: s.Kids(ctx), refetched: s.fetchCount() > before}
	}
	s.mu.Lock()
	if s.byKid == nil || s.byKidAt != s.fetches {
		s.byKid, s.byKidAt = map[string][]verificationKey{}, s.fetches
	}
	if s.fetches == before { // no refetch in between: the keys are of this fetch
		s.byKid[kid] = ks
	}
	s.mu.Unlock()
	return ks, nil
}

func (s *RemoteKeySet) duplicates(ctx context.Context) map[string][]verificationKey {
	s.mu.Lock()
	if s.dupsAt == s.fetches && s.dupsAt > 0 {
		defer s.mu.Unlock()
		return s.dups
	}
	at := s.fetches
	s.mu.Unlock()
	all, err := s.kf.Storage().KeyReadAll(ctx)
	if err != nil {
		return nil
	}
	dups := duplicateKids(fromJWKs(all))
	s.mu.Lock()
	s.dups, s.dupsAt = dups, at
	s.mu.Unlock()
	return dups
}
