// Verifies every token of a file (one per line) against one JWKS file with
// the npm jsonwebtoken library, as make bench's peer: signature, exp, nbf,
// iat, iss and aud. Fails loudly (exit 1) if any token does not verify.
//
// usage: node verify_jsonwebtoken.mjs JWKS TOKENS ALG ISSUER AUDIENCE
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import jwt from 'jsonwebtoken';

const [jwksPath, tokensPath, alg, issuer, audience] = process.argv.slice(2);
const keys = new Map();
for (const jwk of JSON.parse(readFileSync(jwksPath, 'utf8')).keys) {
  keys.set(jwk.kid, createPublicKey({ key: jwk, format: 'jwk' }));
}
const tokens = readFileSync(tokensPath, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
if (tokens.length === 0) {
  console.error('jsonwebtoken: no tokens');
  process.exit(1);
}
let n = 0;
for (const token of tokens) {
  try {
    const { kid } = jwt.decode(token, { complete: true }).header;
    const key = keys.get(kid);
    if (!key) throw new Error(`no key for kid ${kid}`);
    const claims = jwt.verify(token, key, { algorithms: [alg], issuer, audience });
    if (!claims.exp || !claims.iat || !claims.sub) throw new Error('exp, iat or sub missing');
  } catch (e) {
    console.error(`jsonwebtoken: token ${n + 1} did not verify: ${e}`);
    process.exit(1);
  }
  n++;
}
console.log(`jsonwebtoken: ${n} tokens verified`);
