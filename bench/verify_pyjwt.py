"""Verify every token of a file (one per line) against one JWKS file with
PyJWT, as make bench's peer: signature, exp, nbf, iat, iss and aud. Fails
loudly (exit 1) if any token does not verify.

usage: /usr/bin/python3 verify_pyjwt.py JWKS TOKENS ALG ISSUER AUDIENCE
"""
import sys

import jwt


def main():
    jwks_path, tokens_path, alg, issuer, audience = sys.argv[1:6]
    with open(jwks_path) as f:
        keys = {k.key_id: k.key for k in jwt.PyJWKSet.from_json(f.read()).keys}
    n = 0
    with open(tokens_path) as f:
        for line in f:
            token = line.strip()
            if not token:
                continue
            kid = jwt.get_unverified_header(token).get("kid")
            try:
                jwt.decode(token, keys[kid], algorithms=[alg], issuer=issuer, audience=audience,
                           options={"require": ["exp", "iat", "iss", "sub"]})
            except Exception as e:  # noqa: BLE001 - any failure is fatal here
                sys.exit(f"pyjwt: token {n + 1} did not verify: {e!r}")
            n += 1
    if n == 0:
        sys.exit("pyjwt: no tokens")
    print(f"pyjwt: {n} tokens verified")


main()
