// An independent, OpenID-certified provider (panva/node-oidc-provider) for
// SSO Lens's end-to-end tests: strict where Go libraries tend to be lenient
// (PKCE required, RFC 9068 at+jwt access tokens for a resource indicator).
// Test use only: devInteractions signs in any login with any password.
// It listens on 127.0.0.1 on an ephemeral port, prints its issuer on stdout,
// and exits when its standard input closes (the Go test ends).
import http from 'node:http';
import Provider, { errors } from 'oidc-provider';

const RESOURCE = 'urn:ssolens:e2e-api';
const loopback = ['http://127.0.0.1/callback', 'http://localhost/callback', 'http://[::1]/callback'];

const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [
      { // public native client: PKCE (required), implicit, device code; any loopback port (RFC 8252 §7.3)
        client_id: 'ssolens-native', token_endpoint_auth_method: 'none', application_type: 'native',
        grant_types: ['authorization_code', 'refresh_token', 'implicit', 'urn:ietf:params:oauth:grant-type:device_code'],
        response_types: ['code', 'id_token token', 'id_token'], redirect_uris: loopback,
      },
      { // confidential machine-to-machine client
        client_id: 'ssolens-m2m', client_secret: 'e2e-secret-not-for-production',
        grant_types: ['client_credentials'], response_types: [], redirect_uris: [], scope: 'api:read',
      },
    ],
    responseTypes: ['code', 'id_token token', 'id_token', 'none'],
    scopes: ['openid', 'offline_access', 'email', 'profile', 'api:read'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'preferred_username'] },
    async findAccount(_ctx, sub) {
      return { accountId: sub, claims: async () => ({ sub, email: `${sub}@example.com`, email_verified: true, name: sub, preferred_username: sub }) };
    },
    pkce: { required: () => true },
    // A refresh token for every code grant of a client allowed to refresh
    // (the default also wants offline_access with prompt=consent).
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    features: {
      devInteractions: { enabled: true },
      deviceFlow: { enabled: true },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (_ctx, _client, oneOf) => oneOf,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, indicator) => {
          if (indicator !== RESOURCE) throw new errors.InvalidTarget();
          return { scope: 'api:read', audience: RESOURCE, accessTokenFormat: 'jwt', accessTokenTTL: 3600, jwt: { sign: { alg: 'RS256' } } };
        },
      },
    },
  });
  server.on('request', provider.callback());
  process.stdout.write(`${issuer}\n`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
