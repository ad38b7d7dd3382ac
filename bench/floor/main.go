// Command floor is make bench's floor for the verify rows: Go's own crypto
// and nothing else. It verifies the signature of every token of a file (one
// per line) with the standard library's bare rsa.VerifyPKCS1v15 or
// ecdsa.Verify, on as many goroutines as there are CPUs, as `ssolens
// inspect --each-line` does; no claim is read or checked, no report is
// made. What a whole process spends beyond this is SSO Lens's own cost.
//
//	floor JWKS TOKENS ALG [ISSUER AUDIENCE]
//
// (the issuer and audience, which the peers take, are not checked)
//
// It fails (exit 1) if any signature does not verify, and says how many
// did.
package main

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
)

func main() {
	if len(os.Args) < 4 {
		fmt.Fprintln(os.Stderr, "usage: floor JWKS TOKENS RS256|ES256")
		os.Exit(2)
	}
	n, err := run(os.Args[1], os.Args[2], os.Args[3])
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
	fmt.Printf("floor: %d tokens verified\n", n)
}

func run(jwksPath, tokensPath, alg string) (int, error) {
	jb, err := os.ReadFile(jwksPath)
	if err != nil {
		return 0, err
	}
	var set struct {
		Keys []struct{ Kty, N, E, X, Y string } `json:"keys"`
	}
	if err := json.Unmarshal(jb, &set); err != nil || len(set.Keys) == 0 {
		return 0, fmt.Errorf("%s: no keys (%v)", jwksPath, err)
	}
	k := set.Keys[0]
	dec := base64.RawURLEncoding
	num := func(s string) *big.Int {
		b, _ := dec.DecodeString(s)
		return new(big.Int).SetBytes(b)
	}
	var verify func(hash, sig []byte) bool
	switch alg {
	case "RS256":
		pub := &rsa.PublicKey{N: num(k.N), E: int(num(k.E).Int64())}
		verify = func(hash, sig []byte) bool { return rsa.VerifyPKCS1v15(pub, crypto.SHA256, hash, sig) == nil }
	case "ES256":
		pub := &ecdsa.PublicKey{Curve: elliptic.P256(), X: num(k.X), Y: num(k.Y)}
		verify = func(hash, sig []byte) bool {
			if len(sig) != 64 {
				return false
			}
			r, s := new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])
			return ecdsa.Verify(pub, hash, r, s)
		}
	default:
		return 0, fmt.Errorf("alg %q: want RS256 or ES256", alg)
	}
	data, err := os.ReadFile(tokensPath)
	if err != nil {
		return 0, err
	}
	lines := bytes.Fields(data)
	var next, bad atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sig := make([]byte, 512)
			for {
				i := int(next.Add(1)) - 1
				if i >= len(lines) {
					return
				}
				tok := lines[i]
				dot := bytes.LastIndexByte(tok, '.')
				if dot < 0 {
					bad.Add(1)
					continue
				}
				m, err := dec.Decode(sig, tok[dot+1:])
				h := sha256.Sum256(tok[:dot])
				if err != nil || !verify(h[:], sig[:m]) {
					bad.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	if b := bad.Load(); b > 0 {
		return 0, fmt.Errorf("%d of %d tokens did not verify", b, len(lines))
	}
	return len(lines), nil
}
