// Package neo4j holds no code: it is the home of what SSO Lens knows of
// Neo4j, in sub-packages.
//
//   - conf: neo4j.conf (and its Docker environment form) read as Neo4j reads
//     it: settings, values, versions, lint, group_to_role_mapping, the model
//     of the providers, and the provider block generated from a sign-in.
//   - abac: ABAC auth rules (2026.03+).
//   - ssoclient: what Neo4j's SSO client (Browser, Bloom) does: its requests
//     (a pkce.RequestMode), the token it decodes and the one it sends.
//   - predict: the login simulation, from a token set to user and roles.
//   - server: a running Neo4j: discovery import and the live check.
//
// Imports among them run conf ← abac ← predict ← server, and conf ←
// ssoclient ← predict, server (internal/arch checks it).
package neo4j
