// Package server talks to a running Neo4j: it imports the SSO providers its
// discovery endpoint publishes, as Neo4j Browser reads them (spec §5.1), and
// runs the live check, sending a token over the Query API and Bolt and
// comparing SHOW CURRENT USER with the prediction (spec §6).
package server
