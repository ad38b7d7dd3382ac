package cli

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ssolens/ssolens/demoidp"
	"github.com/ssolens/ssolens/mint"
)

// mintOptions are the flags of `ssolens mint`.
type mintOptions struct {
	sub, iss    string
	aud         []string
	claims      []string
	groups      []string
	claimsFile  string
	demoKeyFile string
	keyFile     string
	secret      string
	alg, kid    string
	exp         time.Duration
	response    string
	quiet       bool
	useDemoKey  bool
}

const mintLong = `mint signs test tokens, as jwt encode (jwt-cli) and step crypto jwt sign do, to try a
group mapping or a Neo4j setup without a provider at hand.

The key is the demo provider's unless --key or --secret is given: the same key
'ssolens demo' serves in its JWKS, so the token verifies against
http://127.0.0.1:9876/keys while the demo runs. The demo key is kept in the user's
cache directory (mode 0600) and protects nothing.

A test tool: never point it at production keys.`

func newMintCmd(e *env) *cobra.Command {
	var o mintOptions
	c := leaf("mint", "sign a test token with the demo provider's key, or a PEM, JWK or secret (never production keys)", func(c *cobra.Command) runFunc {
		f := c.Flags()
		f.StringVar(&o.sub, "sub", "", "subject (`sub` claim)")
		f.StringVar(&o.iss, "iss", "", "issuer (`iss` claim); default the demo provider's, http://127.0.0.1:9876, with the demo key")
		f.StringArrayVar(&o.aud, "aud", nil, "audience (`aud` claim); repeat for several")
		f.StringSliceVar(&o.groups, "groups", nil, "`GROUPS` claim, comma-separated or repeated")
		f.StringArrayVar(&o.claims, "claim", nil, "another claim, `NAME=VALUE`; a VALUE that is JSON is taken as JSON (--claim 'roles=[\"a\"]', --claim n=3)")
		f.StringVar(&o.claimsFile, "claims", "", "claims from a JSON object in `FILE` (- for standard input); flags override it")
		f.StringVar(&o.keyFile, "key", "", "private key `FILE`: PEM (PKCS #8, PKCS #1, SEC 1) or a JWK / JWKS")
		f.StringVar(&o.secret, "secret", "", "HMAC secret: `TEXT`, base64:<bytes> or @FILE (HS256)")
		f.StringVar(&o.demoKeyFile, "demo-key-file", "", "the demo provider's key `FILE` (default in the user's cache directory, as ssolens demo uses)")
		f.StringVar(&o.alg, "alg", "", "signing algorithm: RS256, ES256, HS256, EdDSA, … (default: the key's own); none is refused")
		f.StringVar(&o.kid, "kid", "", "key ID for the header (default: the JWK's, or the demo key's)")
		f.DurationVar(&o.exp, "exp", mint.DefaultLifetime, "lifetime: exp = iat + `DURATION` (negative for an expired token)")
		f.StringVar(&o.response, "response", "", "print a token response JSON (for roles --tokens) with the token as `FIELD`: access_token (the default), id_token or both")
		f.Lookup("response").NoOptDefVal = "access_token"
		flagsOf(c).BoolVar(&o.quiet, "quiet", false, "print only the token, not which key signed it")
		c.RegisterFlagCompletionFunc("alg", cobra.FixedCompletions(mint.Algorithms(), cobra.ShellCompDirectiveNoFileComp))
		c.RegisterFlagCompletionFunc("response", cobra.FixedCompletions([]string{"access_token", "id_token", "both"}, cobra.ShellCompDirectiveNoFileComp))
		return func(args []string) int { return o.run(e, args) }
	})
	c.Long = mintLong
	c.Example = `  ssolens mint --sub alice --aud neo4j-demo --groups admin,engineers
  ssolens mint --sub alice --aud neo4j-demo | ssolens inspect - --jwks http://127.0.0.1:9876/keys
  ssolens mint --sub m2m --claim 'scp=["read"]' --exp 5m --response > tokens.json
  ssolens mint --secret s3cret-for-tests-only --sub alice --alg HS256`
	c.Args = cobra.NoArgs
	return c
}

func (o *mintOptions) run(e *env, _ []string) int {
	fail := func(err error) int {
		fmt.Fprintf(e.stderr, "ssolens mint: %v\n", err)
		return ExitUsage
	}
	key, err := o.key()
	if err != nil {
		return fail(err)
	}
	claims, err := o.claimSet(e)
	if err != nil {
		return fail(err)
	}
	opts := mint.Options{Expires: o.exp}
	if e.now != nil {
		opts.Now = e.now()
	}
	if o.exp == 0 {
		return fail(errors.New("--exp 0: give a lifetime such as 1h, or a negative one for an expired token"))
	}
	token, err := mint.Sign(key, claims, opts)
	if err != nil {
		return fail(err)
	}
	if o.response == "" {
		fmt.Fprintln(e.stdout, token)
	} else {
		fields := []string{o.response}
		if o.response == "both" {
			fields = []string{"access_token", "id_token"}
		}
		b, err := mint.TokenResponse(token, fields, o.exp)
		if err != nil {
			return fail(err)
		}
		fmt.Fprintln(e.stdout, string(b))
	}
	if !o.quiet {
		fmt.Fprintf(e.stderr, "Signed %s with %s", key.Alg, key.Source)
		if key.Kid != "" {
			fmt.Fprintf(e.stderr, " (kid %s)", key.Kid)
		}
		fmt.Fprintln(e.stderr, ". A test token: never mint with production keys.")
		if o.useDemoKey {
			fmt.Fprintf(e.stderr, "It verifies against the JWKS of 'ssolens demo': http://%s/keys\n", demoidp.DemoAddr)
		}
	}
	return ExitOK
}

// key picks the signing key: --key, --secret, or the demo provider's.
func (o *mintOptions) key() (mint.Key, error) {
	switch {
	case o.keyFile != "" && o.secret != "":
		return mint.Key{}, errors.New("give --key or --secret, not both")
	case o.keyFile != "":
		b, err := os.ReadFile(o.keyFile)
		if err != nil {
			return mint.Key{}, fmt.Errorf("cannot read the key %q: %w; check the path", o.keyFile, errors.Unwrap(err))
		}
		k, err := mint.ParseKey(b, o.alg, o.kid)
		if err != nil {
			return k, fmt.Errorf("%s: %w", o.keyFile, err)
		}
		return k, nil
	case o.secret != "":
		secret, err := secretBytes(o.secret)
		if err != nil {
			return mint.Key{}, err
		}
		k, err := mint.SecretKey(secret, o.alg)
		k.Kid = o.kid
		return k, err
	}
	o.useDemoKey = true
	path := o.demoKeyFile
	if path == "" {
		var err error
		if path, err = demoidp.DefaultKeyFile(); err != nil {
			return mint.Key{}, err
		}
	}
	k, err := mint.DemoKey(path)
	if err != nil {
		return k, err
	}
	if o.alg != "" && o.alg != k.Alg {
		return k, fmt.Errorf("the demo key signs RS256 only (--alg %s): give --key or --secret for another algorithm", o.alg)
	}
	if o.kid != "" {
		k.Kid = o.kid
	}
	return k, nil
}

// secretBytes reads --secret: TEXT, base64:<bytes> or @FILE.
func secretBytes(v string) ([]byte, error) {
	switch {
	case strings.HasPrefix(v, "@"):
		b, err := os.ReadFile(v[1:])
		if err != nil {
			return nil, fmt.Errorf("cannot read the secret file %q: %w", v[1:], errors.Unwrap(err))
		}
		return []byte(strings.TrimRight(string(b), "\r\n")), nil
	case strings.HasPrefix(v, "base64:"):
		s := strings.TrimRight(v[len("base64:"):], "=")
		b, err := base64.RawStdEncoding.DecodeString(s)
		if err != nil {
			b, err = base64.RawURLEncoding.DecodeString(s)
		}
		if err != nil {
			return nil, fmt.Errorf("--secret base64: %v", err)
		}
		return b, nil
	}
	return []byte(v), nil
}

// claimSet builds the claims: the --claims file, then the flags.
func (o *mintOptions) claimSet(e *env) (map[string]any, error) {
	claims := map[string]any{}
	if o.claimsFile != "" {
		arg := o.claimsFile
		if arg != "-" && !strings.HasPrefix(arg, "@") {
			arg = "@" + arg
		}
		b, _, err := readInput(e, []string{arg})
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(b, &claims); err != nil {
			return nil, fmt.Errorf("--claims %s: not a JSON object (%v)", o.claimsFile, err)
		}
	}
	for _, c := range o.claims {
		name, value, ok := strings.Cut(c, "=")
		if !ok || strings.TrimSpace(name) == "" {
			return nil, fmt.Errorf("--claim %q: write NAME=VALUE, e.g. --claim email=alice@example.com", c)
		}
		var v any
		if err := json.Unmarshal([]byte(value), &v); err != nil {
			v = value // not JSON: a string
		}
		claims[strings.TrimSpace(name)] = v
	}
	if o.sub != "" {
		claims["sub"] = o.sub
	}
	if o.iss != "" {
		claims["iss"] = o.iss
	}
	switch len(o.aud) {
	case 0:
	case 1:
		claims["aud"] = o.aud[0]
	default:
		claims["aud"] = o.aud
	}
	if len(o.groups) > 0 {
		claims["groups"] = o.groups
	}
	return claims, nil
}
