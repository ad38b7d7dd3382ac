// Package samples holds the sample files SSO Lens ships, for the core
// packages: it imports nothing of Fyne (the icon lives in package assets).
package samples

import _ "embed"

// DemoNeo4jConf is a neo4j.conf for the embedded demo provider (provider
// "demo" on 127.0.0.1:9876), with a group_to_role_mapping that gives the
// demo users roles at once.
//
//go:embed demo-neo4j.conf
var DemoNeo4jConf []byte
