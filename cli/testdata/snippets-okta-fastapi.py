"""A FastAPI service that validates bearer tokens with PyJWT as Neo4j does.

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

ISSUER = "https://dev-123456.okta.com/oauth2/default"
AUDIENCE = "api://default"
ALGORITHMS = ["RS256"]
GROUPS_CLAIM = "groups"
DISCOVERY_URL = "https://dev-123456.okta.com/oauth2/default/.well-known/openid-configuration"
JWKS_URI = os.environ.get("JWKS_URI", "")
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
    if "reader" not in groups(c):
        raise HTTPException(status_code=403, detail="not in group " + "reader")
    return {"ok": c["sub"]}
