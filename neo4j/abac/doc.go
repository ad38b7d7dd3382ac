// Package abac reads Neo4j's ABAC auth rules (CREATE AUTH RULE …, Neo4j
// 2026.03+, spec §7), checks them against a configuration and evaluates
// their conditions against a token's claims: rules only add roles.
package abac
