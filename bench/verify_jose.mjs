// Verifies every token of a file (one per line) against one JWKS file with
// the npm jose library, as make bench's peer: signature, exp, nbf, iat, iss
// and aud. Fails loudly (exit 1) if any token does not verify.
//
// usage: node verify_jose.mjs JWKS TOKENS ALG ISSUER AUDIENCE
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, jwtVerify } from 'jose';

const [jwksPath, tokensPath, alg, issuer, audience] = process.argv.slice(2);
const jwks = createLocalJWKSet(JSON.parse(readFileSync(jwksPath, 'utf8')));
const tokens = readFileSync(tokensPath, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
if (tokens.length === 0) {
  console.error('jose: no tokens');
  process.exit(1);
}
let n = 0;
for (const token of tokens) {
  try {
    await jwtVerify(token, jwks, { algorithms: [alg], issuer, audience, requiredClaims: ['exp', 'iat', 'sub'] });
  } catch (e) {
    console.error(`jose: token ${n + 1} did not verify: ${e}`);
    process.exit(1);
  }
  n++;
}
console.log(`jose: ${n} tokens verified`);
