// Package ssoclient is what Neo4j's SSO client (npm neo4j-client-sso, used
// by Neo4j Browser and Bloom) does with a provider: the authorization,
// token and refresh requests it sends (Provider, a pkce.RequestMode), the
// JavaScript truthiness with which it reads config flags (JSTruthy), its
// jwt-decode of the principal token (JWTDecodable), and which token of a
// token response it decodes and which it sends to Neo4j (ChooseTokens).
// The rules follow docs/neo4j-sso-behaviour.md §5.
package ssoclient
