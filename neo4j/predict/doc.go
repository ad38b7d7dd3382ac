// Package predict simulates a login (SimulateLogin): what Neo4j's SSO
// client and then Neo4j do with a token set for one provider of a
// configuration (spec §10), step by step, down to the user name and roles
// SHOW CURRENT USER would report. Everything it cannot tell is said so,
// never reported as passed.
package predict
