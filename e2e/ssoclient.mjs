// Neo4j's own SSO client (npm neo4j-client-sso, what Neo4j Browser and Bloom
// run) driven under Node as a test oracle for SSO Lens's prediction of it.
// It reads a JSON array of cases on standard input and prints a JSON array
// of results on standard output, one per case, in order.
//
// A case:
//   { "name": "...", "mode": "auth_request" | "redirect" | "refresh",
//     "provider": { id, name, auth_flow, auth_endpoint, token_endpoint,
//                   params, auth_params, token_params, config },
//     "origin": "https://neo4j.example", "path": "/browser/",
//     "callback": { "key": "value", ... },   // redirect: the redirect's query
//     "fragment": { "key": "value", ... },   // redirect: its fragment (implicit)
//     "stored_state": "state-x",             // what the client saved before
//     "refresh_token": "...",                // refresh: the stored refresh token
//     "token_response": { ... },             // the token endpoint's JSON body
//     "token_fetch_error": "..." }           // or fetch failing with this
//
// A result:
//   { "name", "ok", "error",                      // resolved, or the rejection's message
//     "form": { "action", "method", "params": [[k, v], ...] },
//     "code_verifier",                            // what the client stored for PKCE
//     "token_request": { "url", "body": [[k, v], ...] },
//     "credentials": { "username", "password" } } // undefined values are null
//
// The browser shims are the least the library touches: window.location,
// history.replaceState, sessionStorage, localStorage, crypto (Node's Web
// Crypto), atob/btoa, isSecureContext, document.createElement('form') and
// fetch, stubbed to answer with the case's token response.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

class MemoryStorage {
  constructor() { this.m = new Map(); }
  getItem(k) { return this.m.has(k) ? this.m.get(k) : null; }
  setItem(k, v) { this.m.set(k, String(v)); }
  removeItem(k) { this.m.delete(k); }
  clear() { this.m.clear(); }
}

const location = {};
function setLocation(href) {
  const u = new URL(href);
  Object.assign(location, { href: u.href, origin: u.origin, pathname: u.pathname, search: u.search, hash: u.hash });
}

let submitted = null;
let tokenRequest = null;
let fetchAnswer = null;

const win = globalThis;
// Newer Node versions define some of these globals (navigator, Web
// Storage) as accessors: define them, never assign.
const define = (name, value) => Object.defineProperty(win, name, { value, writable: true, configurable: true });
define('window', win);
define('location', location);
define('isSecureContext', true);
define('sessionStorage', new MemoryStorage());
define('localStorage', new MemoryStorage());
define('history', { replaceState: (_s, _t, url) => setLocation(new URL(url, location.href).href) });
define('document', {
  createElement: (tag) => {
    const el = { tag, attrs: {}, children: [], setAttribute(k, v) { this.attrs[k] = String(v); }, appendChild(c) { this.children.push(c); } };
    el.submit = () => {
      submitted = {
        action: el.attrs.action, method: el.attrs.method,
        params: el.children.map((c) => [c.attrs.name, c.attrs.value]),
      };
    };
    return el;
  },
  body: { appendChild() {} },
});
define('fetch', async (url, opts) => {
  tokenRequest = { url: url === undefined ? null : String(url), body: [...new URLSearchParams(opts?.body || '')] };
  if (fetchAnswer.error) throw new TypeError(fetchAnswer.error);
  const body = fetchAnswer.body;
  return { ok: true, status: 200, json: async () => body };
});
// file-saver (for downloadAuthLogs, never called here) probes these at load.
define('HTMLAnchorElement', class {});
win.HTMLAnchorElement.prototype.download = '';
if (!win.navigator) define('navigator', { userAgent: 'node' });
// The console logging of authLog is off unless localStorage enables it.

const sso = require('neo4j-client-sso');

function nullish(v) { return v === undefined ? null : v; }

async function run(c) {
  win.sessionStorage.clear();
  submitted = null;
  tokenRequest = null;
  fetchAnswer = { body: c.token_response, error: c.token_fetch_error };
  const origin = c.origin || 'https://neo4j.example';
  const path = c.path || '/browser/';
  const out = { name: c.name, ok: false, error: null };
  try {
    if (c.mode === 'refresh') {
      setLocation(origin + path);
      win.sessionStorage.setItem('/auth#refresh_data', JSON.stringify({ refreshToken: c.refresh_token, selectedSSOProviderId: c.provider.id }));
      const creds = await sso.handleRefreshingToken([c.provider]);
      out.credentials = { username: nullish(creds.username), password: nullish(creds.password) };
      out.ok = true;
    } else if (c.mode === 'auth_request') {
      setLocation(origin + path);
      await sso.authRequestForSSO(c.provider);
      out.form = submitted;
      out.code_verifier = nullish(win.sessionStorage.getItem('/auth#code_verifier'));
      out.ok = true;
    } else {
      const q = new URLSearchParams(c.callback || {});
      const f = new URLSearchParams(c.fragment || {});
      setLocation(origin + path + '?' + q.toString() + (c.fragment ? '#' + f.toString() : ''));
      if (c.stored_state !== undefined) win.sessionStorage.setItem('/auth#state', c.stored_state);
      win.sessionStorage.setItem('/auth#code_verifier', 'verifier-from-the-auth-request');
      const creds = await Promise.race([
        sso.handleAuthFromRedirect(c.providers || [c.provider]),
        new Promise((_, reject) => setTimeout(() => reject(new Error('harness: the client neither resolved nor rejected in 5 s')), 5000)),
      ]);
      out.credentials = { username: nullish(creds.username), password: nullish(creds.password) };
      out.ok = true;
    }
  } catch (err) {
    out.error = err instanceof Error ? err.message : String(err);
  }
  out.token_request = tokenRequest;
  return out;
}

let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) input += chunk;
const cases = JSON.parse(input);
const results = [];
for (const c of cases) results.push(await run(c));
process.stdout.write(JSON.stringify(results));
// Timers of settled races must not keep Node alive.
process.exit(0);
