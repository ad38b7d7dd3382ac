package snippets

// The snippet templates. Values are written through the quoting function
// of the snippet's language (py, js, go, sh), never pasted raw. In
// templates, m2m is true when Neo4j validates access tokens: client
// credentials then give a token Neo4j accepts; with id_token they cannot
// (the token endpoint returns no ID token for client credentials), so the
// snippets refresh a user's sign-in instead.
var templates = map[Kind]spec{
	KindCurl:         {"curl: the Query API with a bearer token", "sh", "show-current-user.sh", "curl, jq", curlTemplate},
	KindPython:       {"Python requests: the Query API with a bearer token", "python", "show_current_user.py", "pip install requests", pythonTemplate},
	KindPythonDriver: {"Neo4j Python driver: an expiring bearer auth manager", "python", "driver_bearer.py", "pip install neo4j requests (neo4j 5.14 or later)", pythonDriverTemplate},
	KindGo:           {"Neo4j Go driver: BearerAuth and a bearer token manager", "go", "main.go", "go get " + GoDriverModule, goTemplate},
	KindFastAPI:      {"FastAPI + PyJWT: validate the token as Neo4j does", "python", "app.py", "pip install fastapi uvicorn 'pyjwt[crypto]'", fastAPITemplate},
	KindGraphQL:      {"Neo4j GraphQL library: JWKS key and a @jwt type", "javascript", "server.mjs", "npm install @neo4j/graphql@7 @apollo/server graphql neo4j-driver", graphQLTemplate},
}

const curlTemplate = `#!/bin/sh
# SHOW CURRENT USER through Neo4j's Query API with a bearer token.
# Needs curl and jq. Give the token in the environment, never in this file:
#   export NEO4J_TOKEN=...      the {{.TokenType}} of a sign-in (the token Neo4j validates)
{{- if m2m}}
#   or, machine to machine, export CLIENT_ID=... CLIENT_SECRET=...
#   to get an access token with client credentials first.
{{- end}}
# The token goes in "Authorization: Bearer <token>" exactly as issued: Neo4j
# does not base64-decode it, whatever the Query API documentation says.
set -eu
NEO4J_URL=${NEO4J_URL:-{{sh .Neo4jURL}}}

if [ -z "${NEO4J_TOKEN:-}" ]; then
{{- if m2m}}
  CLIENT_ID=${CLIENT_ID:-{{sh .ClientID}}}
  : "${CLIENT_ID:?set NEO4J_TOKEN, or CLIENT_ID and CLIENT_SECRET for client credentials}"
  : "${CLIENT_SECRET:?set CLIENT_SECRET, the secret of client $CLIENT_ID}"
  TOKEN_ENDPOINT=${TOKEN_ENDPOINT:-{{sh .TokenEndpoint}}}
  if [ -z "$TOKEN_ENDPOINT" ]; then
    TOKEN_ENDPOINT=$(curl -fsS {{sh .DiscoveryURL}} | jq -er .token_endpoint)
  fi
  # The client secret goes to curl on standard input, not on its command line.
  NEO4J_TOKEN=$(printf 'user = "%s:%s"\n' "$CLIENT_ID" "$CLIENT_SECRET" |
    curl -fsS -K - "$TOKEN_ENDPOINT" -d grant_type=client_credentials{{if .Scope}} --data-urlencode scope={{sh .Scope}}{{end}} |
    jq -er .access_token)
{{- else}}
  echo "Set NEO4J_TOKEN to the ID token of a sign-in: this Neo4j validates ID tokens, and client credentials return none." >&2
  exit 2
{{- end}}
fi

# The header goes to curl on standard input, so the token is not on its
# command line either (ps would show it).
printf 'Authorization: Bearer %s\n' "$NEO4J_TOKEN" |
  curl -sS -X POST "$NEO4J_URL/db/system/query/v2" -H @- \
    -H 'Content-Type: application/json' -H 'Accept: application/json' \
    -d '{"statement": "SHOW CURRENT USER"}' -w '\nHTTP %{http_code}\n'
# 202 with data.values [[user, roles, ...]] is a login; 401 "Invalid credential."
# means Neo4j rejected the token (ssolens check explains each error).
`

const pythonTemplate = `"""SHOW CURRENT USER through Neo4j's Query API with a bearer token (requests).

Give the token in the environment, never in code: NEO4J_TOKEN is the
{{.TokenType}} of a sign-in (the token Neo4j validates){{if m2m}}; without it, CLIENT_ID
and CLIENT_SECRET get an access token with client credentials first (machine
to machine){{end}}. The token goes in "Authorization: Bearer <token>" exactly as issued:
Neo4j does not base64-decode it, whatever the Query API documentation says.
"""
import os
import sys

import requests

NEO4J_URL = os.environ.get("NEO4J_URL", {{py .Neo4jURL}}).rstrip("/")
DISCOVERY_URL = {{py .DiscoveryURL}}
{{- if m2m}}
TOKEN_ENDPOINT = os.environ.get("TOKEN_ENDPOINT", {{py .TokenEndpoint}})
SCOPE = {{py .Scope}}


def client_credentials_token() -> str:
    """Machine to machine: an access token for Neo4j from the provider."""
    client_id = os.environ.get("CLIENT_ID", {{py .ClientID}})
    client_secret = os.environ.get("CLIENT_SECRET", "")
    if not client_id or not client_secret:
        sys.exit("set NEO4J_TOKEN, or CLIENT_ID and CLIENT_SECRET for client credentials")
    token_endpoint = TOKEN_ENDPOINT or requests.get(DISCOVERY_URL, timeout=10).json()["token_endpoint"]
    data = {"grant_type": "client_credentials"}
    if SCOPE:
        data["scope"] = SCOPE
    resp = requests.post(token_endpoint, data=data, auth=(client_id, client_secret), timeout=10)
    if resp.status_code != 200:
        sys.exit(f"the token endpoint answered {resp.status_code}: {resp.text[:300]}")
    return resp.json()["access_token"]
{{- end}}


def main() -> None:
    token = os.environ.get("NEO4J_TOKEN", "")
    if not token:
{{- if m2m}}
        token = client_credentials_token()
{{- else}}
        sys.exit("set NEO4J_TOKEN to the ID token of a sign-in: this Neo4j validates ID tokens, and client credentials return none")
{{- end}}
    resp = requests.post(
        f"{NEO4J_URL}/db/system/query/v2",
        json={"statement": "SHOW CURRENT USER"},
        headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
        timeout=30,
    )
    try:
        body = resp.json()
    except ValueError:
        sys.exit(f"Neo4j answered HTTP {resp.status_code}: {resp.text[:300]}")
    if body.get("errors"):
        for err in body["errors"]:
            print(f"HTTP {resp.status_code} {err.get('code')}: {err.get('message')}", file=sys.stderr)
        sys.exit(1)
    fields = body["data"]["fields"]
    for row in body["data"]["values"]:
        record = dict(zip(fields, row))
        print(f"user {record['user']}, roles {record['roles']}")


if __name__ == "__main__":
    main()
`

const pythonDriverTemplate = `"""The Neo4j Python driver with an expiring bearer auth manager.

AuthManagers.bearer calls fetch_token whenever it needs a token: at the
start, a minute before the last one expires (expires_at), and when Neo4j
answers TokenExpired. Secrets come from the environment, never from code:
{{- if m2m}}
CLIENT_ID and CLIENT_SECRET (client credentials, machine to machine).
{{- else}}
CLIENT_ID and REFRESH_TOKEN of a sign-in: this Neo4j validates ID tokens, which
client credentials do not return, so each fetch refreshes the sign-in and
takes the new id_token (the scope must include openid).
{{- end}}
"""
import os
import time

import neo4j
import requests
from neo4j import GraphDatabase
from neo4j.auth_management import AuthManagers, ExpiringAuth

BOLT_URL = os.environ.get("NEO4J_BOLT_URL", {{py .BoltURL}})
DISCOVERY_URL = {{py .DiscoveryURL}}
TOKEN_ENDPOINT = os.environ.get("TOKEN_ENDPOINT", {{py .TokenEndpoint}})
SCOPE = {{py .Scope}}
CLIENT_ID = os.environ.get("CLIENT_ID", {{py .ClientID}})
REFRESH_MARGIN = 60  # seconds before expiry to fetch the next token


def fetch_token() -> ExpiringAuth:
    token_endpoint = TOKEN_ENDPOINT or requests.get(DISCOVERY_URL, timeout=10).json()["token_endpoint"]
{{- if m2m}}
    data = {"grant_type": "client_credentials"}
    if SCOPE:
        data["scope"] = SCOPE
    resp = requests.post(token_endpoint, data=data, auth=(CLIENT_ID, os.environ["CLIENT_SECRET"]), timeout=10)
{{- else}}
    data = {"grant_type": "refresh_token", "refresh_token": os.environ["REFRESH_TOKEN"], "client_id": CLIENT_ID}
    if SCOPE:
        data["scope"] = SCOPE
    resp = requests.post(token_endpoint, data=data, timeout=10)
{{- end}}
    resp.raise_for_status()
    body = resp.json()
    expires_in = float(body.get("expires_in", 300))  # some providers send it as a string
    margin = min(REFRESH_MARGIN, expires_in / 2)
    # bearer_auth sends the JWT as issued (the driver says "base64 encoded": a JWT already is).
    return ExpiringAuth(
        auth=neo4j.bearer_auth(body[{{py .TokenType}}]),
        expires_at=time.time() + expires_in - margin,
    )


def main() -> None:
    auth = AuthManagers.bearer(fetch_token)
    with GraphDatabase.driver(BOLT_URL, auth=auth) as driver:
        records, _, _ = driver.execute_query("SHOW CURRENT USER", database_="system")
        for record in records:
            print(f"user {record['user']}, roles {record['roles']}")


if __name__ == "__main__":
    main()
`

const goTemplate = `// Command show-current-user runs SHOW CURRENT USER over Bolt with the Neo4j
// Go driver's bearer auth. With NEO4J_TOKEN set it sends that token
// (neo4j.BearerAuth: the JWT as issued; the driver says "base64 encoded", a
// JWT already is). Otherwise a bearer token manager fetches a token
{{- if m2m}} with
// client credentials (CLIENT_ID, CLIENT_SECRET)
{{- else}} by
// refreshing a sign-in (CLIENT_ID, REFRESH_TOKEN; this Neo4j validates ID
// tokens, which client credentials do not return)
{{- end}} and fetches the next one a
// minute before it expires, or when Neo4j answers TokenExpired.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/auth"
)

const (
	defaultBoltURL = {{go .BoltURL}}
	discoveryURL   = {{go .DiscoveryURL}}
	tokenEndpoint  = {{go .TokenEndpoint}} // empty: read from discoveryURL
	scope          = {{go .Scope}}
	defaultClient  = {{go .ClientID}}
	tokenField     = {{go .TokenType}} // the token Neo4j validates
	refreshMargin  = time.Minute
)

func main() {
	ctx := context.Background()
	var tokens auth.TokenManager = auth.BearerTokenManager(fetchToken)
	if t := os.Getenv("NEO4J_TOKEN"); t != "" {
		tokens = neo4j.BearerAuth(t)
	}
	driver, err := neo4j.NewDriverWithContext(env("NEO4J_BOLT_URL", defaultBoltURL), tokens)
	if err != nil {
		fail(err)
	}
	defer driver.Close(ctx)
	res, err := neo4j.ExecuteQuery(ctx, driver, "SHOW CURRENT USER", nil,
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase("system"))
	if err != nil {
		fail(err) // a *neo4j.Neo4jError names the code: Unauthorized, TokenExpired...
	}
	for _, r := range res.Records {
		user, _ := r.Get("user")
		roles, _ := r.Get("roles")
		fmt.Printf("user %v, roles %v\n", user, roles)
	}
}

// fetchToken gets a token from the provider and says when to fetch the next.
func fetchToken(ctx context.Context) (neo4j.AuthToken, *time.Time, error) {
	endpoint := env("TOKEN_ENDPOINT", tokenEndpoint)
	if endpoint == "" {
		var d struct {
			TokenEndpoint string {{bt}}json:"token_endpoint"{{bt}}
		}
		if err := getJSON(ctx, discoveryURL, &d); err != nil {
			return neo4j.AuthToken{}, nil, err
		}
		endpoint = d.TokenEndpoint
	}
{{- if m2m}}
	form := url.Values{"grant_type": {"client_credentials"}}
{{- else}}
	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {os.Getenv("REFRESH_TOKEN")}, "client_id": {env("CLIENT_ID", defaultClient)}}
{{- end}}
	if scope != "" {
		form.Set("scope", scope)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return neo4j.AuthToken{}, nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
{{- if m2m}}
	// RFC 6749 §2.3.1: form-encode the client id and secret for Basic.
	req.SetBasicAuth(url.QueryEscape(env("CLIENT_ID", defaultClient)), url.QueryEscape(os.Getenv("CLIENT_SECRET")))
{{- end}}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return neo4j.AuthToken{}, nil, err
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || resp.StatusCode != http.StatusOK {
		return neo4j.AuthToken{}, nil, fmt.Errorf("token endpoint %s: HTTP %d (%v)", endpoint, resp.StatusCode, err)
	}
	token, _ := body[tokenField].(string)
	if token == "" {
		return neo4j.AuthToken{}, nil, fmt.Errorf("token endpoint %s: no %s in the response", endpoint, tokenField)
	}
	expiresIn := 5 * time.Minute
	switch v := body["expires_in"].(type) { // a number, or a string at some providers
	case float64:
		expiresIn = time.Duration(v) * time.Second
	case string:
		if d, err := time.ParseDuration(v + "s"); err == nil {
			expiresIn = d
		}
	}
	next := time.Now().Add(expiresIn - min(refreshMargin, expiresIn/2))
	return neo4j.BearerAuth(token), &next, nil
}

func getJSON(ctx context.Context, u string, into any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(into)
}

func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
`

const fastAPITemplate = `"""A FastAPI service that validates bearer tokens with PyJWT as Neo4j does.

The settings are the provider's: Neo4j checks the signature against the
JWKS, iss exactly (a trailing / matters), aud against its audience setting,
exp, and that sub is present. Run: uvicorn app:app
"""
import json
import os
import urllib.request
from typing import Annotated, Any

import jwt
from fastapi import Depends, FastAPI, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

ISSUER = {{py .Issuer}}
AUDIENCE = {{py .Audience}}
ALGORITHMS = {{pylist .Algorithms}}
GROUPS_CLAIM = {{py .GroupsClaim}}
DISCOVERY_URL = {{py .DiscoveryURL}}
JWKS_URI = os.environ.get("JWKS_URI", {{py .JWKSURI}})
if not JWKS_URI:
    with urllib.request.urlopen(DISCOVERY_URL, timeout=10) as resp:
        JWKS_URI = json.load(resp)["jwks_uri"]

jwks = jwt.PyJWKClient(JWKS_URI, cache_keys=True)  # refetches on an unknown kid
bearer = HTTPBearer()
app = FastAPI()


def claims(credentials: Annotated[HTTPAuthorizationCredentials, Depends(bearer)]) -> dict[str, Any]:
    token = credentials.credentials
    try:
        key = jwks.get_signing_key_from_jwt(token).key
        return jwt.decode(
            token,
            key,
            algorithms=ALGORITHMS,
            audience=AUDIENCE,
            issuer=ISSUER,
            options={"require": ["exp", "iss", "aud", "sub"]},
            leeway=30,
        )
    except jwt.PyJWTError as err:
        raise HTTPException(status_code=401, detail=f"invalid token: {err}", headers={"WWW-Authenticate": "Bearer"})


def groups(c: dict[str, Any]) -> list[str]:
    value = c.get(GROUPS_CLAIM, [])  # a top-level claim, as Neo4j reads it
    return [value] if isinstance(value, str) else list(value)


@app.get("/me")
def me(c: Annotated[dict[str, Any], Depends(claims)]) -> dict[str, Any]:
    return {"sub": c["sub"], "groups": groups(c)}


@app.get("/admin")
def admin(c: Annotated[dict[str, Any], Depends(claims)]) -> dict[str, str]:
    if {{py .Group}} not in groups(c):
        raise HTTPException(status_code=403, detail="not in group " + {{py .Group}})
    return {"ok": c["sub"]}
`

const graphQLTemplate = `// A GraphQL API with the Neo4j GraphQL library (v7) that verifies bearer
// tokens against the provider's JWKS and authorizes on the groups claim.
// Node 18 or later (fetch, top-level await). Neo4j credentials come from
// the environment.
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";

const ISSUER = {{js .Issuer}};
const AUDIENCE = {{js .Audience}};
const DISCOVERY_URL = {{js .DiscoveryURL}};
const jwksUri = process.env.JWKS_URI || {{js .JWKSURI}} || (await (await fetch(DISCOVERY_URL)).json()).jwks_uri;

// @jwtClaim paths are read with dot-prop: a '.' inside a claim name is
// escaped as \. and that backslash again for GraphQL.
const typeDefs = String.raw{{bt}}
  type JWT @jwt {
    roles: [String!]! @jwtClaim(path: "{{gqlpath .GroupsClaim}}")
  }

  type Movie @node @authentication(operations: [READ], jwt: { roles: { includes: "{{gqlstr .Group}}" } }) {
    title: String!
  }
{{bt}};

const driver = neo4j.driver(
  process.env.NEO4J_BOLT_URL || {{js .BoltURL}},
  neo4j.auth.basic(process.env.NEO4J_USER || "neo4j", process.env.NEO4J_PASSWORD || ""),
);

const neoSchema = new Neo4jGraphQL({
  typeDefs,
  driver,
  features: {
    authorization: {
      key: { url: jwksUri },
      verifyOptions: { issuer: ISSUER, audience: AUDIENCE, algorithms: {{jslist .Algorithms}} },
    },
  },
});

const server = new ApolloServer({ schema: await neoSchema.getSchema() });
const { url } = await startStandaloneServer(server, {
  listen: { port: Number(process.env.PORT || 4000) },
  context: async ({ req }) => ({ token: req.headers.authorization }),
});
console.log("GraphQL API at " + url);
`
