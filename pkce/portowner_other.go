//go:build !linux

package pkce

// PortOwner names the process listening on a loopback TCP port when the
// system tells; only Linux does here (its /proc), so elsewhere it returns "".
func PortOwner(port int) string { return "" }
