package cli

import (
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ssolens/ssolens/session"
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
		f.StringSliceVar(&o.aud, "aud", nil, "audience (`aud` claim), comma-separated or repeated for several")
		f.StringSliceVar(&o.groups, "groups", nil, "`GROUPS` claim, comma-separated or repeated")
		f.StringArrayVar(&o.claims, "claim", nil, "another claim, `NAME=VALUE`; a VALUE that is JSON is taken as JSON (--claim 'roles=[\"a\"]', --claim n=3)")
		f.StringVar(&o.claimsFile, "claims", "", "claims from a JSON object in `FILE` (- for standard input); flags override it")
		f.StringVar(&o.keyFile, "key", "", "private key `FILE`: PEM (PKCS #8, PKCS #1, SEC 1) or a JWK / JWKS")
		f.StringVar(&o.secret, "secret", "", "HMAC secret: `TEXT`, base64:<bytes> or @FILE (HS256)")
		f.StringVar(&o.demoKeyFile, "demo-key-file", "", "the demo provider's key `FILE` (default in the user's cache directory, as ssolens demo uses)")
		f.StringVar(&o.alg, "alg", "", "signing algorithm: RS256, ES256, HS256, EdDSA, … (default: the key's own); none is refused")
		f.StringVar(&o.kid, "kid", "", "key ID for the header (default: the JWK's, or the demo key's)")
		f.DurationVar(&o.exp, "exp", time.Hour, "lifetime: exp = iat + `DURATION`; a negative one makes an expired token (exp that long ago, iat an hour before it)")
		f.StringVar(&o.response, "response", "", "print a token response JSON (for roles --tokens) with the token as `FIELD`: access_token (the default), id_token or both")
		f.Lookup("response").NoOptDefVal = "access_token"
		flagsOf(c).BoolVar(&o.quiet, "quiet", false, "print only the token, not which key signed it")
		c.RegisterFlagCompletionFunc("alg", cobra.FixedCompletions(session.MintAlgorithms(), cobra.ShellCompDirectiveNoFileComp))
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
	if o.exp == 0 {
		return fail(errors.New("--exp 0: give a lifetime such as 1h, or a negative one for an expired token"))
	}
	claims, err := o.claimSet(e)
	if err != nil {
		return fail(err)
	}
	r := session.MintRequest{Claims: claims, KeyFile: o.keyFile, DemoKeyFile: o.demoKeyFile, Alg: o.alg, Kid: o.kid, Expires: o.exp}
	if o.secret != "" {
		if r.Secret, err = secretBytes(o.secret); err != nil {
			return fail(err)
		}
	}
	if e.now != nil {
		r.Now = e.now()
	}
	switch o.response {
	case "":
	case "both":
		r.ResponseFields = []string{"access_token", "id_token"}
	default:
		r.ResponseFields = []string{o.response}
	}
	m, err := session.Mint(r)
	if err != nil {
		return fail(withFlagHint(err))
	}
	if m.Response != nil {
		fmt.Fprintln(e.stdout, string(m.Response))
	} else {
		fmt.Fprintln(e.stdout, m.Token)
	}
	if !o.quiet {
		fmt.Fprintf(e.stderr, "Signed %s with %s", m.Key.Alg, m.Key.Source)
		if m.Key.Kid != "" {
			fmt.Fprintf(e.stderr, " (kid %s)", m.Key.Kid)
		}
		fmt.Fprintln(e.stderr, ". A test token: never mint with production keys.")
		if m.DemoJWKS != "" {
			fmt.Fprintf(e.stderr, "It verifies against the JWKS of 'ssolens demo': %s\n", m.DemoJWKS)
		}
	}
	return ExitOK
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
		if claims, err = session.MintClaims(b); err != nil {
			return nil, fmt.Errorf("--claims %s: not a JSON object (%v)", o.claimsFile, err)
		}
	}
	for _, c := range o.claims {
		name, value, ok := strings.Cut(c, "=")
		if !ok || strings.TrimSpace(name) == "" {
			return nil, fmt.Errorf("--claim %q: write NAME=VALUE, e.g. --claim email=alice@example.com", c)
		}
		claims[strings.TrimSpace(name)] = session.MintClaimValue(value)
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
