// Package conf reads neo4j.conf exactly as Neo4j does and says, in Neo4j's
// own words, what it will make of the single sign-on settings: which
// providers exist, how each value parses, and which mistakes stop the server
// from starting or make SSO misbehave. It also reads the Docker environment
// form (env.go) and writes the minimal provider block for a sign-in
// (GenerateConfig).
//
// The rules follow docs/neo4j-sso-behaviour.md (the spec): the file syntax is
// java.util.Properties.load (§3.0), each setting has the value parser of
// org.neo4j.configuration.SettingValueParsers (§3.1, §3.2) and
// group_to_role_mapping is read like the open-source LDAP realm (§3.3).
// Where the spec marks a behaviour as inferred or unknown, findings say
// "likely" and give the reason.
package conf
